/*
 * Memory-bound loop over 8 MiB of RAM (the MMU is off: physical addresses).
 * First fills a 4 MiB array A (8-byte stores) and a 2 MiB array B (4-byte
 * stores); then each iteration
 *   - reads A[i] sequentially and A[j] at a large odd stride (a different
 *     4 KiB page almost every time), stores A[i] = A[i] + A[j] ^ i,
 *   - copies 16 bytes from B to a third 2 MiB array C with LDP/STP,
 * five memory accesses in 19 instructions, with i, j and the copy offset
 * wrapping inside their arrays.
 */
#include "bench.h"

/*
 * B and C start a few pages past a 2 MiB boundary, at different offsets, so
 * that B[k] and C[k] do not fall in the same set of a direct-mapped software
 * TLB on every access (a pathological case this loop is not meant to test).
 */
#define A_BASE   0x41000000
#define B_BASE   0x41415000
#define C_BASE   0x4164b000
#define A_WORDS  0x80000            /* 4 MiB of 8-byte words */
#define STRIDE   40507              /* words: about 316 KiB, odd */

    .section .rodata
    .global bench_name
bench_name:
    .asciz "mem"

    KERNEL_TEXT_BEGIN
    .global bench_kernel
bench_kernel:
    mov     x15, x0
    ldr     x2, =A_BASE
    ldr     x3, =B_BASE
    ldr     x4, =C_BASE
    ldr     x6, =0x9e3779b97f4a7c15
    mov     x5, #0
    mov     x7, #0
mem_init:
    str     x7, [x2, x5, lsl #3]    /* A[i] = i * K */
    str     w7, [x3, x5, lsl #2]    /* B (as 32-bit words) */
    add     x7, x7, x6
    add     x5, x5, #1
    cmp     x5, #A_WORDS
    b.ne    mem_init
mem_init_end:
    mov     x5, #0                  /* i */
    mov     x8, #0                  /* j */
    mov     x12, #0                 /* copy offset in bytes */
    mov     x17, #0                 /* sum of A[j] */
    ldr     x16, =STRIDE
mem_loop:
    ldr     x10, [x2, x5, lsl #3]
    ldr     x11, [x2, x8, lsl #3]
    add     x10, x10, x11
    eor     x10, x10, x5
    str     x10, [x2, x5, lsl #3]
    add     x17, x17, x11
    add     x9, x3, x12
    ldp     x13, x14, [x9]
    add     x13, x13, x10
    add     x9, x4, x12
    stp     x13, x14, [x9]
    add     x12, x12, #16
    and     x12, x12, #0x1fffff
    add     x8, x8, x16
    and     x8, x8, #(A_WORDS - 1)
    add     x5, x5, #1
    and     x5, x5, #(A_WORDS - 1)
    subs    x0, x0, #1
    b.ne    mem_loop
mem_loopend:
    ldr     x9, [x4, #8]
    eor     x0, x17, x10
    add     x0, x0, x9
    ldr     x9, 7f
    ldr     x10, 8f
    madd    x9, x10, x15, x9
    str     x9, [x1]
    ret
mem_end:
    .balign 8
7:  .xword  NINSN(bench_kernel, mem_init) + A_WORDS * NINSN(mem_init, mem_init_end) \
            + NINSN(mem_init_end, mem_loop) + NINSN(mem_loopend, mem_end)
8:  .xword  NINSN(mem_loop, mem_loopend)
    .ltorg
    KERNEL_TEXT_END
