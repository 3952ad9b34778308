/*
 * Integer arithmetic: a hash-like mixing loop of 64- and 32-bit ALU
 * operations (add/sub with shifted and extended operands, logic, rotates,
 * bitfield extract, multiply, multiply-add, high multiply, divide, carry
 * chains, conditional select, count leading zeros, bit reverse, variable
 * shifts). No memory accesses in the loop; one backward branch per iteration.
 */
#include "bench.h"

    .section .rodata
    .global bench_name
bench_name:
    .asciz "int"

    KERNEL_TEXT_BEGIN
    .global bench_kernel
bench_kernel:
    mov     x15, x0                 /* iterations, kept for the count */
    mov     x2, #0x1234
    movk    x2, #0x9abc, lsl #16
    mov     x3, #0x7f4a
    movk    x3, #0x7c15, lsl #48
    mov     x4, #1
    ldr     x5, =0x9e3779b97f4a7c15
    ldr     x6, =0xbf58476d1ce4e5b9
    mov     x7, #3
    mov     x8, #5
    mov     x11, #0
    mov     w12, #0x55
    mov     x13, #0
    mov     x14, #0
    mov     x16, #0
    ldr     x17, =1000003
    mov     x18, #0
int_loop:
    add     x2, x2, x0              /* x0 counts down: a varying input */
    eor     x3, x3, x2, ror #13
    mul     x4, x3, x5
    madd    x2, x4, x6, x2
    sub     x7, x2, x3, lsr #7
    orr     x8, x7, x4
    and     x10, x8, x2, lsl #3
    adds    x10, x10, x7
    adc     x11, x11, x10
    eor     w12, w12, w10
    add     w12, w12, w3, uxtb
    ubfx    x13, x2, #17, #11
    add     x14, x14, x13
    umulh   x9, x2, x5
    eor     x3, x3, x9
    udiv    x16, x2, x17
    msub    x16, x16, x17, x2       /* x2 mod 1000003 */
    add     x18, x18, x16
    cmp     x13, #1024
    csel    x9, x8, x10, hs
    csinc   x18, x18, x9, ne
    clz     x9, x4
    lslv    x2, x2, x9
    rbit    x9, x3
    eor     x2, x2, x9
    add     w12, w12, w2, lsr #3
    subs    x0, x0, #1
    b.ne    int_loop
int_loopend:
    eor     x0, x2, x3
    add     x0, x0, x11
    eor     x0, x0, x12
    add     x0, x0, x14
    eor     x0, x0, x18
    STRAIGHT_EPILOGUE bench_kernel, int_loop, int_loopend, int_end, x15
    .ltorg
    KERNEL_TEXT_END
