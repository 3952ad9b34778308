# test=serial port=NAME rx=N: a virtconsole (/dev/hvc0) and a virtserialport
# named NAME.  The guest says hello on each; the host then sends N bytes on
# each and the guest prints their md5sum.
name=${arg_port:?port=NAME missing}
rx=${arg_rx:-1000}

port=""
n=0
while [ -z "$port" ] && [ $n -lt 100 ]; do
    for d in /sys/class/virtio-ports/*; do
        [ "$(cat $d/name 2>/dev/null)" = "$name" ] && port=/dev/${d##*/}
    done
    [ -n "$port" ] || sleep 0.1
    n=$((n + 1))
done
[ -n "$port" ] || fail "no port named $name; ports: $(ls /sys/class/virtio-ports 2>&1 | tr '\n' ' ')"
say "port $name is $port"
wait_for /dev/hvc0 10 || fail "no /dev/hvc0"

# One open file for each port (a virtio port has a single opener).
exec 3<>$port || fail "cannot open $port"
echo "hello from the guest on $name" >&3
exec 4<>/dev/hvc0 || fail "cannot open /dev/hvc0"
# While it is open: hvc resets its terminal settings on the last close.
stty raw -echo <&4 2>/tmp/err || fail "stty on hvc0: $(cat /tmp/err)"
echo "hello from the guest on hvc0" >&4

sum=$(head -c $rx <&3 | md5sum)
say "port-rx-md5 ${sum%% *}"
sum=$(head -c $rx <&4 | md5sum)
say "hvc0-rx-md5 ${sum%% *}"
echo "bye from the guest on $name" >&3
echo "bye from the guest on hvc0" >&4
exec 3>&- 4>&-
