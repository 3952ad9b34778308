# test=disk disk=NAME blocks=N: a disk with an MBR partition table.  The guest
# checks the partition scan, reads N pattern blocks the host wrote at block N
# of partition 1, writes N blocks of its own at block 0 with O_DIRECT, and
# reads them back through the device (page cache dropped).
disk=${arg_disk:?disk=NAME missing}
blocks=${arg_blocks:-256}
part=${disk}1

wait_for /sys/block/$disk 15 || fail "no /dev/$disk; block devices: $(ls /sys/block | tr '\n' ' ')"
say "disk $disk sectors $(cat /sys/block/$disk/size)"
if [ -e /sys/block/$disk/device/model ]; then
    say "scsi vendor '$(cat /sys/block/$disk/device/vendor)' model '$(cat /sys/block/$disk/device/model)'"
fi
wait_for /sys/block/$disk/$part 10 || fail "no partition $part on $disk"
wait_for /dev/$part 5 || fail "no /dev/$part"
say "partition $part start $(cat /sys/block/$disk/$part/start) sectors $(cat /sys/block/$disk/$part/size)"

# The host's blocks: generate what they must be and compare.
i=0
while [ $i -lt $blocks ]; do
    pattern_block $((blocks + i)) host
    i=$((i + 1))
done > /tmp/host-expected
dd if=/dev/$part of=/tmp/host-read bs=4096 skip=$blocks count=$blocks iflag=direct 2>/tmp/err ||
    fail "reading $part failed: $(cat /tmp/err)"
cmp /tmp/host-expected /tmp/host-read >/tmp/err 2>&1 || fail "host data differs: $(cat /tmp/err)"
say "read $blocks host blocks ok"

i=0
while [ $i -lt $blocks ]; do
    pattern_block $i guest-$disk
    i=$((i + 1))
done > /tmp/expected
dd if=/tmp/expected of=/dev/$part bs=4096 oflag=direct 2>/tmp/err ||
    fail "writing $part failed: $(cat /tmp/err)"
sync
echo 3 > /proc/sys/vm/drop_caches
dd if=/dev/$part of=/tmp/read bs=4096 count=$blocks iflag=direct 2>/tmp/err ||
    fail "reading back $part failed: $(cat /tmp/err)"
cmp /tmp/expected /tmp/read >/tmp/err 2>&1 || fail "read-back differs: $(cat /tmp/err)"
say "wrote and read back $blocks blocks ok"
# Buffered I/O too: through the page cache, then flushed by sync.
dd if=/tmp/expected of=/dev/$part bs=4096 seek=$((2 * blocks)) 2>/tmp/err ||
    fail "buffered write failed: $(cat /tmp/err)"
sync
say "buffered write and sync ok"
