#!/bin/sh
# Build the libFuzzer targets with clang (ASan, UBSan) and run each in turn,
# splitting SECONDS (default 600) between them.  Used by `make check-fuzz`.
#   fuzz-loadvm          the incoming migration stream, field kinds (tiny machine)
#   fuzz-virtio-guest    the virtio devices and transports as a guest drives them
#   fuzz-virtio-loadvm   the migration stream of a machine with every virtio device
# Usage: tests/fuzz/run-fuzz.sh [SECONDS]
# FUZZ_TARGETS="fuzz-virtio-guest" picks targets; FUZZ_BUILD the build dir.
# Crash inputs land in $FUZZ_BUILD/<target>-crash-*; the corpora persist.
set -eu

seconds=${1:-600}
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${FUZZ_BUILD:-$src/build-fuzz}
targets=${FUZZ_TARGETS:-"fuzz-loadvm fuzz-virtio-guest fuzz-virtio-loadvm"}

if ! command -v clang >/dev/null 2>&1; then
    echo "run-fuzz.sh: clang is needed (Debian: apt-get install clang)" >&2
    exit 1
fi

if [ ! -f "$build/build.ninja" ]; then
    CC=clang meson setup "$build" "$src" -Dtests=false -Dwerror=false \
        -Db_sanitize=address,undefined -Db_lundef=false \
        -Dc_args="-fsanitize=fuzzer-no-link -fno-omit-frame-pointer" >/dev/null
fi
# libarm holds the virt board the virtio targets build.
ninja -C "$build" libcore.a libarm.a >/dev/null

deps=$(pkg-config --cflags --libs glib-2.0 pixman-1 zlib json-glib-1.0)
for t in $targets; do
    clang -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer \
        -D_GNU_SOURCE -I"$src/include" -I"$src" \
        "$src/tests/fuzz/$t.c" \
        -Wl,--whole-archive "$build/libcore.a" "$build/libarm.a" -Wl,--no-whole-archive \
        $deps -lfdt -lutil -lpthread -lm \
        -o "$build/$t"
done

set -- $targets
share=$((seconds / $#))
[ "$share" -ge 1 ] || share=1

failed=""
for t in $targets; do
    corpus="$build/$t-corpus"
    mkdir -p "$corpus"
    # Each target writes its seeds (a valid stream, or guest programs) first.
    FUZZ_LOADVM_SEED_DIR="$corpus" FUZZ_VIRTIO_SEED_DIR="$corpus" \
        "$build/$t" -runs=0 "$corpus" >/dev/null 2>&1 || true
    case $t in
    fuzz-virtio-guest) max_len=4096 ;;
    *) max_len=262144 ;;
    esac
    echo "run-fuzz.sh: $t for ${share}s"
    # Leak checking on: a failed load or a reset must free what it allocated.
    # close_fd_mask=2 silences the guest-error lines; sanitizer reports still show.
    if ! "$build/$t" -max_total_time="$share" -max_len="$max_len" -timeout=10 \
            -rss_limit_mb=2048 -print_final_stats=1 -close_fd_mask=2 \
            -artifact_prefix="$build/$t-" "$corpus"; then
        failed="$failed $t"
    fi
done

if [ -n "$failed" ]; then
    echo "run-fuzz.sh: findings in:$failed (inputs in $build)" >&2
    exit 1
fi
