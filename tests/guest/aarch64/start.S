/*
 * Bare-metal start-up for the A64 guest tests: runs at EL1 from the reset pc
 * (0x40000000, MMU off), sets up the stack and the exception vectors, clears
 * .bss, calls main() and powers the machine off with PSCI SYSTEM_OFF.
 * Exceptions save a full frame and call exc_handler() (runtime.c), which may
 * change the saved ELR/SPSR before the ERET.
 */
    .section .text.boot, "ax"
    .global _start
_start:
    ldr     x0, =__stack_top
    mov     sp, x0
    adr     x0, vectors
    msr     vbar_el1, x0
    isb
    ldr     x0, =__bss_start
    ldr     x1, =__bss_end
1:  cmp     x0, x1
    b.hs    2f
    str     xzr, [x0], #8
    b       1b
2:  bl      main
    bl      psci_system_off
3:  b       3b

/* Frame layout (struct exc_frame in runtime.h): x0..x30, elr, spsr, esr, far, kind. */
#define FRAME_SIZE (36 * 8)

    .macro VECTOR kind
    .balign 0x80
    sub     sp, sp, #FRAME_SIZE
    stp     x0, x1, [sp, #0]
    mov     x0, #\kind
    b       exc_common
    .endm

    .balign 0x800
    .global vectors
vectors:
    VECTOR 0        /* current EL, SP_EL0: sync */
    VECTOR 1        /* IRQ */
    VECTOR 2        /* FIQ */
    VECTOR 3        /* SError */
    VECTOR 4        /* current EL, SP_ELx: sync */
    VECTOR 5
    VECTOR 6
    VECTOR 7
    VECTOR 8        /* lower EL, AArch64: sync */
    VECTOR 9
    VECTOR 10
    VECTOR 11
    VECTOR 12       /* lower EL, AArch32 */
    VECTOR 13
    VECTOR 14
    VECTOR 15

exc_common:
    str     x0, [sp, #280]
    stp     x2, x3, [sp, #16]
    stp     x4, x5, [sp, #32]
    stp     x6, x7, [sp, #48]
    stp     x8, x9, [sp, #64]
    stp     x10, x11, [sp, #80]
    stp     x12, x13, [sp, #96]
    stp     x14, x15, [sp, #112]
    stp     x16, x17, [sp, #128]
    stp     x18, x19, [sp, #144]
    stp     x20, x21, [sp, #160]
    stp     x22, x23, [sp, #176]
    stp     x24, x25, [sp, #192]
    stp     x26, x27, [sp, #208]
    stp     x28, x29, [sp, #224]
    str     x30, [sp, #240]
    mrs     x0, elr_el1
    mrs     x1, spsr_el1
    stp     x0, x1, [sp, #248]
    mrs     x0, esr_el1
    mrs     x1, far_el1
    stp     x0, x1, [sp, #264]
    mov     x0, sp
    bl      exc_handler
    ldp     x0, x1, [sp, #248]
    msr     elr_el1, x0
    msr     spsr_el1, x1
    ldp     x0, x1, [sp, #0]
    ldp     x2, x3, [sp, #16]
    ldp     x4, x5, [sp, #32]
    ldp     x6, x7, [sp, #48]
    ldp     x8, x9, [sp, #64]
    ldp     x10, x11, [sp, #80]
    ldp     x12, x13, [sp, #96]
    ldp     x14, x15, [sp, #112]
    ldp     x16, x17, [sp, #128]
    ldp     x18, x19, [sp, #144]
    ldp     x20, x21, [sp, #160]
    ldp     x22, x23, [sp, #176]
    ldp     x24, x25, [sp, #192]
    ldp     x26, x27, [sp, #208]
    ldp     x28, x29, [sp, #224]
    ldr     x30, [sp, #240]
    add     sp, sp, #FRAME_SIZE
    eret
