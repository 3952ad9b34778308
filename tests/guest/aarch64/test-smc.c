/*
 * Self-modifying code: instructions written with ordinary stores, made visible
 * with DC CVAU / DSB / IC IVAU / DSB / ISB, must execute in their new form,
 * both in a separate function and just after the ISB in the running code.
 */
#include "runtime.h"

static uint32_t code[16] __attribute__((aligned(64)));

static void sync_icache(const void *p)
{
    __asm__ volatile("dc cvau, %0\n\tdsb ish\n\tic ivau, %0\n\tdsb ish\n\tisb"
                     : : "r"(p) : "memory");
}

static uint64_t patch_and_run_inline(uint64_t imm)
{
    uint64_t r;
    uint32_t insn = 0xd2800000u | ((uint32_t)imm << 5);     /* movz x0, #imm */

    __asm__ volatile("adr x1, 2f\n\t"
                     "str %w1, [x1]\n\t"
                     "dc cvau, x1\n\tdsb ish\n\tic ivau, x1\n\tdsb ish\n\tisb\n"
                     "2:\tmovz x0, #1\n\t"
                     "mov %0, x0"
                     : "=r"(r) : "r"(insn) : "x0", "x1", "memory");
    return r;
}

int main(void)
{
    typedef uint64_t Fn(void);
    Fn *fn = (Fn *)(uintptr_t)code;

    group_begin("self-modifying code: rewritten function");
    for (uint32_t i = 0; i < 100; i++) {
        code[0] = 0xd2800000u | (i << 5);   /* movz x0, #i */
        code[1] = 0xd65f03c0u;              /* ret */
        sync_icache(code);
        CHECK("result of the rewritten function", fn(), i);
    }
    group_end();

    group_begin("self-modifying code: the next instruction after ISB");
    for (uint64_t k = 0; k < 4; k++) {
        CHECK("patched movz", patch_and_run_inline(40 + k), 40 + k);
    }
    group_end();
    return finish();
}
