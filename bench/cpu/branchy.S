/*
 * Branchy code: per iteration a pseudo-random number (64-bit LCG) drives
 * data-dependent conditional branches (TBZ/TBNZ/CBZ/B.cond diamonds), a
 * call and return to a leaf function that branches again, and a short
 * compare chain like a small switch. Blocks are a few instructions long,
 * so this measures block chaining, branch and return handling rather than
 * arithmetic.
 *
 * Both arms of every diamond execute the same number of instructions (the
 * assembler checks it), so the instruction count per iteration is exact
 * whichever way the branches go.
 */
#include "bench.h"

    .section .rodata
    .global bench_name
bench_name:
    .asciz "branchy"

/*
 * if (bit 'bit' of x2 is set) { taken arm } else { fall-through arm }.
 * Executed: TBNZ + 3 + B on one arm, TBNZ + 4 on the other.
 */
.macro DIAMOND bit
0:  tbnz    x2, #\bit, 1f
    add     x10, x10, x2
    eor     x11, x11, x10
    sub     x12, x12, #1
    b       2f
1:  sub     x10, x10, x2, lsr #3
    eor     x11, x11, x10, lsl #1
    add     x12, x12, #3
    add     x13, x13, #1
2:
    .if (1b - 0b) != (2b - 1b) + 4
    .error "DIAMOND arms are not balanced"
    .endif
.endm

/* Executed instructions of one DIAMOND, whichever arm runs. */
#define DIAMOND_INSNS 5

/* MADD, 7 diamonds, UBFX + BL + leaf (4), compare chain (UBFX + 7), SUBS + B.NE */
#define BR_ITER_INSNS (1 + 7 * DIAMOND_INSNS + 2 + 4 + 1 + 7 + 2)

    KERNEL_TEXT_BEGIN
/* The leaf: returns x3 adjusted by one of two equally long arms. */
leaf:
    cbz     x4, 1f
    add     x3, x3, x4
    eor     x3, x3, #0xff
    ret
1:  sub     x3, x3, #7
    orr     x3, x3, #0x100
    ret
leaf_end:
/* CBZ + 2 + RET on either arm: 7 instructions in all. */
    .if ((leaf_end - leaf) / 4) != 7
    .error "leaf arms are not balanced"
    .endif

    .balign 16
    .global bench_kernel
bench_kernel:
    mov     x15, x0
    ldr     x2, =0x2545f4914f6cdd1d        /* LCG state */
    ldr     x5, =6364136223846793005       /* multiplier (Knuth MMIX) */
    ldr     x6, =1442695040888963407       /* increment */
    mov     x3, #0
    mov     x10, #0
    mov     x11, #0
    mov     x12, #0
    mov     x13, #0
    mov     x14, x30                        /* the calls below clobber LR */
br_loop:
    madd    x2, x2, x5, x6
    DIAMOND 63
    DIAMOND 59
    DIAMOND 53
    ubfx    x4, x2, #47, #1                 /* 0 or 1: picks the leaf arm */
    bl      leaf
    DIAMOND 43
    DIAMOND 37
    /* A three-way compare chain on bits 33..34 (values 0..3). */
    ubfx    x7, x2, #33, #2
    cmp     x7, #1
    b.lo    10f                             /* 0 */
    b.eq    11f                             /* 1 */
    cmp     x7, #3
    b.eq    12f                             /* 3 */
    add     x10, x10, #2                    /* 2: CMP B.LO B.EQ CMP B.EQ ADD */
    b       13f                             /* ... B: 7 */
10: add     x11, x11, #5                    /* 0: CMP B.LO ADD ADD EOR NOP B: 7 */
    add     x12, x12, x7
    eor     x10, x10, x11
    nop
    b       13f
11: sub     x11, x11, #9                    /* 1: CMP B.LO B.EQ SUB EOR NOP B: 7 */
    eor     x12, x12, x2
    nop
    b       13f
12: add     x13, x13, x12                   /* 3: CMP B.LO B.EQ CMP B.EQ ADD ADD: 7 */
    add     x10, x10, x13
13: DIAMOND 29
    DIAMOND 23
    subs    x0, x0, #1
    b.ne    br_loop
br_loopend:
    mov     x30, x14
    eor     x0, x10, x11
    add     x0, x0, x12
    eor     x0, x0, x13, lsl #17
    add     x0, x0, x3
    /* insns = fixed + iters * per-iteration (see the arm counts above) */
    ldr     x9, 7f
    ldr     x10, 8f
    madd    x9, x10, x15, x9
    str     x9, [x1]
    ret
br_end:
    .balign 8
7:  .xword  NINSN(bench_kernel, br_loop) + NINSN(br_loopend, br_end)
8:  .xword  BR_ITER_INSNS
    .ltorg
    KERNEL_TEXT_END
