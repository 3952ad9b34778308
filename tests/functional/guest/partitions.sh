# test=partitions expect=a,b,...: wait until each named block device or
# partition exists, then list /proc/partitions.
for p in $(echo "${arg_expect:?expect=LIST missing}" | tr ',' ' '); do
    wait_for /sys/class/block/$p 15 || fail "no $p; have: $(ls /sys/class/block | tr '\n' ' ')"
done
say "partitions: $(tail -n +3 /proc/partitions | awk '{print $4}' | tr '\n' ' ')"
