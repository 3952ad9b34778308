/*
 * Scalar double-precision floating point: per iteration, one step of the
 * midpoint rule for the integral of 4/(1+x^2) over [0,1) (pi), a cubic
 * polynomial by Horner's rule with fused multiply-add, a square root, a
 * division, abs/max/compare/select, and conversions to and from integers.
 * The checksum is built from the bit patterns of the results, so any
 * rounding difference between the two emulators shows up.
 */
#include "bench.h"

    .section .rodata
    .global bench_name
bench_name:
    .asciz "fp"
    .balign 4
    .global bench_uses_fp
bench_uses_fp:
    .word   1

.macro FCONST reg, bits
    ldr     x9, =\bits
    fmov    \reg, x9
.endm

    KERNEL_TEXT_BEGIN
    .global bench_kernel
bench_kernel:
    mov     x15, x0
    FCONST  d16, 0x3eb0000000000000     /* h = 2^-20 */
    FCONST  d17, 0x3ff0000000000000     /* 1.0 */
    FCONST  d18, 0x4010000000000000     /* 4.0 */
    FCONST  d19, 0x3fd0000000000000     /* a3 = 0.25 */
    FCONST  d20, 0xbff8000000000000     /* a2 = -1.5 */
    FCONST  d21, 0x4000000000000000     /* a1 = 2.0 */
    FCONST  d22, 0x3fe8000000000000     /* a0 = 0.75 */
    FCONST  d23, 0x3fe0000000000000     /* 0.5 */
    FCONST  d27, 0x4090000000000000     /* 1024.0 */
    fmov    d24, xzr                    /* pi sum */
    fmov    d25, xzr                    /* sum of |p(x) sqrt(1+x^2) - f(x)| */
    fmov    d26, xzr                    /* max */
    mov     x3, #0
    mov     x6, #0
fp_loop:
    and     x7, x3, #0xfffff            /* i mod 2^20 */
    scvtf   d0, x7
    fadd    d0, d0, d23                 /* i + 0.5 */
    fmul    d0, d0, d16                 /* x */
    fmadd   d1, d0, d0, d17             /* 1 + x*x */
    fdiv    d2, d18, d1                 /* f(x) = 4 / (1 + x*x) */
    fadd    d24, d24, d2
    fmadd   d3, d19, d0, d20            /* p(x) by Horner */
    fmadd   d3, d3, d0, d21
    fmadd   d3, d3, d0, d22
    fsqrt   d4, d1
    fmul    d3, d3, d4
    fsub    d5, d3, d2
    fabs    d5, d5
    fadd    d25, d25, d5
    fmax    d26, d26, d3
    fcmp    d3, d2
    fcsel   d6, d3, d2, gt
    fmul    d6, d6, d27
    fcvtzs  x8, d6
    add     x6, x6, x8
    add     x3, x3, #1
    subs    x0, x0, #1
    b.ne    fp_loop
fp_loopend:
    fmov    x0, d24
    fmov    x9, d25
    eor     x0, x0, x9, ror #21
    fmov    x9, d26
    add     x0, x0, x9
    eor     x0, x0, x6
    STRAIGHT_EPILOGUE bench_kernel, fp_loop, fp_loopend, fp_end, x15
    .ltorg
    KERNEL_TEXT_END
