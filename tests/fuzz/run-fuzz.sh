#!/bin/sh
# Build the incoming-migration-stream fuzzer with clang (libFuzzer, ASan, UBSan)
# and run it for SECONDS (default 600).  Used by `make check-fuzz`.
# Usage: tests/fuzz/run-fuzz.sh [SECONDS]
set -eu

seconds=${1:-600}
src=$(cd "$(dirname "$0")/../.." && pwd)
build=${FUZZ_BUILD:-$src/build-fuzz}

if ! command -v clang >/dev/null 2>&1; then
    echo "run-fuzz.sh: clang is needed (Debian: apt-get install clang)" >&2
    exit 1
fi

if [ ! -f "$build/build.ninja" ]; then
    CC=clang meson setup "$build" "$src" -Dtests=false -Dwerror=false \
        -Db_sanitize=address,undefined -Db_lundef=false \
        -Dc_args="-fsanitize=fuzzer-no-link -fno-omit-frame-pointer" >/dev/null
fi
ninja -C "$build" libcore.a >/dev/null

deps=$(pkg-config --cflags --libs glib-2.0 pixman-1 zlib json-glib-1.0)
clang -std=gnu11 -g -O1 -fsanitize=fuzzer,address,undefined -fno-omit-frame-pointer \
    -D_GNU_SOURCE -I"$src/include" -I"$src" \
    "$src/tests/fuzz/fuzz-loadvm.c" \
    -Wl,--whole-archive "$build/libcore.a" -Wl,--no-whole-archive \
    $deps -lfdt -lutil -lpthread -lm \
    -o "$build/fuzz-loadvm"

corpus="$build/fuzz-loadvm-corpus"
mkdir -p "$corpus"
# The target writes a valid stream as the first seed.
FUZZ_LOADVM_SEED_DIR="$corpus" "$build/fuzz-loadvm" -runs=0 "$corpus" >/dev/null 2>&1 || true

# Leak checking on: a failed load must free what it allocated.
exec "$build/fuzz-loadvm" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 "$corpus"
