# test=writes disk=NAME blocks=N mark=M delay=US: write N pattern blocks one
# by one to the start of the disk with O_DIRECT (each one a separate dd, US
# microseconds apart, so the writes are spread over time), print
# "EMU-TEST: mark" after M blocks, then read all
# N back through the device and compare.  The host migrates the guest while
# it writes.
disk=${arg_disk:?disk=NAME missing}
blocks=${arg_blocks:-2048}
mark=${arg_mark:-128}
delay=${arg_delay:-0}

wait_for /dev/$disk 15 || fail "no /dev/$disk; block devices: $(ls /sys/block | tr '\n' ' ')"
: > /tmp/expected
i=0
while [ $i -lt $blocks ]; do
    pattern_block $i migrate > /tmp/block
    cat /tmp/block >> /tmp/expected
    dd if=/tmp/block of=/dev/$disk bs=4096 seek=$i count=1 oflag=direct 2>/tmp/err ||
        fail "writing block $i failed: $(cat /tmp/err)"
    i=$((i + 1))
    [ $i -eq $mark ] && say "mark: $i blocks written"
    [ $((i % 64)) -eq 0 ] && say "written $i"
    [ "$delay" -gt 0 ] && usleep $delay
done
say "all $blocks blocks written"
sync
echo 3 > /proc/sys/vm/drop_caches
dd if=/dev/$disk of=/tmp/read bs=4096 count=$blocks iflag=direct 2>/tmp/err ||
    fail "reading back failed: $(cat /tmp/err)"
cmp /tmp/expected /tmp/read >/tmp/err 2>&1 || fail "read-back differs: $(cat /tmp/err)"
say "verified $blocks blocks"
