/*
 * The driver of every CPU benchmark workload: prints what runs, makes sure
 * the FP unit works when the workload needs it, runs the kernel once and
 * prints the exact instruction count and the checksum. bench/cpu/run reads
 * the "RESULT" or "UNAVAILABLE" line.
 */
#include "runtime.h"
#include "bench.h"

#ifndef BENCH_ITERS
#error "build with -DBENCH_ITERS=<iterations>"
#endif

/* Set by the floating-point workload (fp.S); 0 elsewhere. */
extern const uint32_t bench_uses_fp __attribute__((weak));

/*
 * fp_probe(x) computes x + x as doubles; if an FP instruction traps, the
 * exception handler resumes at fp_probe_failed, which returns ~0.
 */
uint64_t fp_probe(uint64_t bits);
void fp_probe_failed(void);
__asm__(
    "    .text\n"
    "    .balign 4\n"
    "    .global fp_probe\n"
    "fp_probe:\n"
    "    fmov    d0, x0\n"
    "    fadd    d0, d0, d0\n"
    "    fmov    x0, d0\n"
    "    ret\n"
    "    .global fp_probe_failed\n"
    "fp_probe_failed:\n"
    "    mov     x0, #-1\n"
    "    ret\n");

static int fp_available(void)
{
    const uint64_t three = 0x4008000000000000ull;   /* 3.0 */
    const uint64_t six = 0x4018000000000000ull;     /* 6.0 */
    uint64_t got;

    /* CPACR_EL1.FPEN = 0b11: no trapping of FP/AdvSIMD at EL1 and EL0. */
    expect_exception((uint64_t)fp_probe_failed);
    __asm__ volatile("msr cpacr_el1, %0\n\tisb" : : "r"(3ull << 20));
    if (exception_taken()) {
        print("UNAVAILABLE %s: writing CPACR_EL1 traps (ESR 0x%08lx)\n", bench_name,
              exc_last.esr);
        return 0;
    }
    expect_exception((uint64_t)fp_probe_failed);
    got = fp_probe(three);
    if (exception_taken()) {
        print("UNAVAILABLE %s: FP instructions trap (ESR 0x%08lx at 0x%lx)\n", bench_name,
              exc_last.esr, exc_last.elr);
        return 0;
    }
    if (got != six) {
        print("UNAVAILABLE %s: 3.0 + 3.0 gave 0x%016lx\n", bench_name, got);
        return 0;
    }
    return 1;
}

int main(void)
{
    uint64_t insns = 0, sum;

    print("BENCH %s iters=%lu\n", bench_name, (uint64_t)BENCH_ITERS);
    if (&bench_uses_fp && bench_uses_fp && !fp_available()) {
        return 1;
    }
    sum = bench_kernel(BENCH_ITERS, &insns);
    print("RESULT %s insns=%lu checksum=%016lx\n", bench_name, insns, sum);
    return 0;
}
