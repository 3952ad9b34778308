/*
 * Shared by the CPU benchmark workloads (see README.md in bench/).
 *
 * Every workload provides, in assembly, the kernel
 *     uint64_t bench_kernel(uint64_t iters, uint64_t *insns);
 * which runs the measured loop 'iters' times, returns a checksum of what it
 * computed and stores in *insns the exact number of A64 instructions it
 * executed, counted from its first instruction to its final RET inclusive.
 * The counts come from label differences resolved by the assembler, so the
 * number printed always matches the code that was built.
 */
#ifndef BENCH_CPU_BENCH_H
#define BENCH_CPU_BENCH_H

#ifdef __ASSEMBLER__

/*
 * The kernel's code lies between these two: bench/cpu/run --verify-counts
 * counts the instructions QEMU executes there.
 */
.macro KERNEL_TEXT_BEGIN
    .text
    .balign 16
    .global bench_text_begin
bench_text_begin:
.endm

.macro KERNEL_TEXT_END
    .text
    .global bench_text_end
bench_text_end:
.endm

/* Instructions between two labels of straight-line code. */
#define NINSN(from, to) (((to) - (from)) / 4)

/*
 * The common ending of a kernel whose loop body is straight-line:
 *   insns = (loop - entry) + iters * (loopend - loop) + (end - loopend)
 * 'iters' is the register that kept the iteration count, x1 still holds the
 * output pointer, and the checksum must already be in x0. It defines the
 * label 'end' after its RET, followed by the two constants (the assembler
 * cannot put expressions with forward references in a literal pool).
 */
.macro STRAIGHT_EPILOGUE entry, loop, loopend, end, iters
    ldr     x9, 7f
    ldr     x10, 8f
    madd    x9, x10, \iters, x9
    str     x9, [x1]
    ret
\end:
    .balign 8
7:  .xword  NINSN(\entry, \loop) + NINSN(\loopend, \end)
8:  .xword  NINSN(\loop, \loopend)
.endm

#else

#include <stdint.h>

uint64_t bench_kernel(uint64_t iters, uint64_t *insns);
extern const char bench_name[];

#endif
#endif
