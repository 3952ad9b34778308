# Helpers the guest test scripts share (sourced by /init before each test).

# fail MESSAGE: end the test with a FAIL verdict.
fail() {
    echo "$*" >&2
    exit 1
}

say() {
    echo "EMU-TEST: $*"
}

# wait_for PATH [SECONDS]: wait until PATH exists (devices probe asynchronously).
wait_for() {
    n=0
    while [ ! -e "$1" ]; do
        n=$((n + 1))
        [ $n -gt $((${2:-10} * 10)) ] && return 1
        sleep 0.1
    done
}

# pattern_block INDEX TAG: one 4096-byte block that names its index and a tag,
# e.g. "emu-block 00000042 disk-vda" padded with dots and ending in a newline.
pattern_block() {
    printf 'emu-block %08d %-4076s\n' "$1" "$2" | tr ' ' '.'
}
