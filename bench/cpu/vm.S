/*
 * A small bytecode interpreter: a stack machine with one-byte opcodes and
 * one-byte operands, dispatched through a jump table (the code a C compiler
 * makes of a switch: load the opcode, bounds check, load the target, BR).
 * The operand stack and the local variables live in memory. It runs a fixed
 * program:
 *
 *     i = iters; h = 1; t = 0;
 *     do {
 *         h = h * 31 + i;
 *         h = h ^ (h >> 7);
 *         if ((i & 3) == 0) t = t + (h << 13);
 *         t = t ^ h;
 *     } while (--i);
 *     return h + t;
 *
 * Each handler adds its own length (computed by the assembler, dispatch
 * included) to an instruction counter in x23; that ADD is part of the
 * workload and counted too, so the total is exact.
 */
#include "bench.h"

#define OP_HALT   0
#define OP_PUSHI  1
#define OP_LOAD   2
#define OP_STORE  3
#define OP_ADD    4
#define OP_SUB    5
#define OP_MUL    6
#define OP_XOR    7
#define OP_AND    8
#define OP_SHL    9
#define OP_SHR    10
#define OP_DUP    11
#define OP_JMP    12
#define OP_JNZ    13
#define NOPS      14

#define DISPATCH_INSNS 5

/* x19: bytecode pc, x20: operand stack top, x21: jump table, x22: locals. */
.macro DISPATCH
    ldrb    w9, [x19], #1
    cmp     w9, #NOPS
    b.hs    vm_bad
    ldr     x10, [x21, x9, lsl #3]
    br      x10
.endm

/* Count the instructions from 'start' to here, this ADD and the dispatch. */
.macro NEXT start
    add     x23, x23, #(NINSN(\start, .) + 1 + DISPATCH_INSNS)
    DISPATCH
.endm

.macro BINOP name, insn
\name:
    ldp     x11, x12, [x20, #-16]!
    \insn   x11, x11, x12
    str     x11, [x20], #8
    NEXT    \name
.endm

/* A jump opcode and its operand: the offset from the end of the operand. */
.macro JUMP op, target
    .byte   \op, \target - 9f
9:
.endm

    .section .rodata
    .global bench_name
bench_name:
    .asciz "vm"

    .balign 8
vm_table:
    .xword  op_halt, op_pushi, op_load, op_store, op_add, op_sub, op_mul
    .xword  op_xor, op_and, op_shl, op_shr, op_dup, op_jmp, op_jnz

/* Locals: 0 = i, 1 = h, 2 = t. */
vm_program:
vm_loop:
    .byte   OP_LOAD, 1, OP_PUSHI, 31, OP_MUL, OP_LOAD, 0, OP_ADD, OP_STORE, 1
    .byte   OP_LOAD, 1, OP_LOAD, 1, OP_PUSHI, 7, OP_SHR, OP_XOR, OP_STORE, 1
    .byte   OP_LOAD, 0, OP_PUSHI, 3, OP_AND
    JUMP    OP_JNZ, vm_skip
    .byte   OP_LOAD, 1, OP_PUSHI, 13, OP_SHL, OP_LOAD, 2, OP_ADD, OP_STORE, 2
vm_skip:
    .byte   OP_LOAD, 2, OP_LOAD, 1, OP_XOR, OP_STORE, 2
    .byte   OP_LOAD, 0, OP_PUSHI, 1, OP_SUB, OP_DUP, OP_STORE, 0
    JUMP    OP_JNZ, vm_loop
    .byte   OP_LOAD, 1, OP_LOAD, 2, OP_ADD, OP_HALT

/*
 * On pages of their own: stores to a page that holds translated code make an
 * emulator invalidate that code, which is not what this workload measures.
 */
    .bss
    .balign 4096
vm_stack:
    .skip   1024
vm_locals:
    .skip   64

    KERNEL_TEXT_BEGIN
    .global bench_kernel
bench_kernel:
    stp     x19, x20, [sp, #-64]!
    stp     x21, x22, [sp, #16]
    stp     x23, x24, [sp, #32]
    str     x1, [sp, #48]
    ldr     x19, =vm_program
    ldr     x20, =vm_stack
    ldr     x21, =vm_table
    ldr     x22, =vm_locals
    str     x0, [x22, #0]
    mov     x9, #1
    str     x9, [x22, #8]
    str     xzr, [x22, #16]
    mov     x23, #0
    DISPATCH
vm_started:

op_pushi:
    ldrsb   x11, [x19], #1
    str     x11, [x20], #8
    NEXT    op_pushi

op_load:
    ldrb    w11, [x19], #1
    ldr     x12, [x22, x11, lsl #3]
    str     x12, [x20], #8
    NEXT    op_load

op_store:
    ldrb    w11, [x19], #1
    ldr     x12, [x20, #-8]!
    str     x12, [x22, x11, lsl #3]
    NEXT    op_store

    BINOP   op_add, add
    BINOP   op_sub, sub
    BINOP   op_mul, mul
    BINOP   op_xor, eor
    BINOP   op_and, and
    BINOP   op_shl, lsl
    BINOP   op_shr, lsr

op_dup:
    ldr     x11, [x20, #-8]
    str     x11, [x20], #8
    NEXT    op_dup

op_jmp:
    ldrsb   x11, [x19], #1
    add     x19, x19, x11
    NEXT    op_jmp

op_jnz:
    ldrsb   x11, [x19], #1
    ldr     x12, [x20, #-8]!
    cbz     x12, 1f
2:  add     x19, x19, x11
    NEXT    op_jnz
1:  add     x23, x23, #(NINSN(op_jnz, 2b) + 1 + DISPATCH_INSNS)
    DISPATCH

vm_bad:
    brk     #1

op_halt:
    ldr     x0, [x20, #-8]!
    ldr     x1, [sp, #48]
    ldr     x9, 7f
    add     x23, x23, x9
    str     x23, [x1]
    ldp     x23, x24, [sp, #32]
    ldp     x21, x22, [sp, #16]
    ldp     x19, x20, [sp], #64
    ret
vm_end:
    .balign 8
7:  .xword  NINSN(bench_kernel, vm_started) + NINSN(op_halt, vm_end)
    .ltorg
    KERNEL_TEXT_END
