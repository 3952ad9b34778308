/*
 * A64 synchronous exceptions, checked through the vector table: SVC, UDF,
 * BRK, an unallocated encoding, an unknown system register, the FP access trap
 * (CPACR_EL1.FPEN = 0 after reset), data aborts (unmapped address, address
 * size, alignment with SCTLR_EL1.A and for exclusives) with ESR/FAR/ELR, and
 * exceptions from EL0 (SVC, an EL1-only register, MSR DAIFSet with UMA = 0).
 */
#include "runtime.h"

#define ESR_IL 0x02000000u
#define ESR(ec, iss) (((uint64_t)(ec) << 26) | ESR_IL | (iss))
#define UNMAPPED 0x0b000000ull  /* nothing there on the virt board's memory map */

static uint64_t data[4] __attribute__((aligned(16)));

/* Run one instruction sequence that must fault; returns the faulting insn address. */
#define FAULT(asm_body, ...)                                                            \
    ({                                                                                  \
        uint64_t pc_;                                                                   \
        expect_exception(0);                                                            \
        __asm__ volatile("adr %0, 1f\n1:\t" asm_body : "=&r"(pc_) __VA_ARGS__);        \
        pc_;                                                                            \
    })

static void test_exception_generation(void)
{
    uint64_t pc;

    group_begin("SVC, BRK, UDF, unallocated, unknown sysreg");
    pc = FAULT("svc #0x1234");
    CHECK("svc taken", exception_taken(), 1);
    CHECK("svc ESR", exc_last.esr, ESR(0x15, 0x1234));
    CHECK("svc ELR is the next insn", exc_last.elr, pc + 4);
    CHECK("svc from current EL with SP_ELx", exc_last.kind, 4);
    pc = FAULT("brk #5");
    CHECK("brk ESR", exc_last.esr, ESR(0x3c, 5));
    CHECK("brk ELR is the insn", exc_last.elr, pc);
    pc = FAULT("udf #0x42");
    CHECK("udf ESR", exc_last.esr, ESR(0, 0));
    CHECK("udf ELR", exc_last.elr, pc);
    pc = FAULT(".inst 0x00004321");
    CHECK("unallocated in the reserved group", exc_last.esr, ESR(0, 0));
    pc = FAULT(".inst 0x1e000000 | (0x3 << 24) | (0x3 << 22)");  /* reserved FP encoding */
    CHECK("FP encoding with FPEN=0 traps (EC 0x07)", exc_last.esr, ESR(0x07, 0));
    pc = FAULT(".inst 0x9e670020");                              /* fmov d0, x1 */
    CHECK("fmov with FPEN=0: EC 0x07", exc_last.esr, ESR(0x07, 0));
    CHECK("fmov ELR", exc_last.elr, pc);
    pc = FAULT(".inst 0x3d800000", : "r"(data));                 /* str q0, [x0] */
    CHECK("str q0 with FPEN=0: EC 0x07", exc_last.esr, ESR(0x07, 0));
    pc = FAULT("mrs x0, s3_0_c11_c0_0", : : "x0");
    CHECK("unknown system register", exc_last.esr, ESR(0, 0));
    CHECK("unknown system register ELR", exc_last.elr, pc);
    pc = FAULT("hlt #0");
    CHECK("hlt is UNDEFINED", exc_last.esr, ESR(0, 0));
    (void)pc;
    group_end();
}

static void test_data_aborts(void)
{
    uint64_t pc, r;
    uint64_t sctlr = READ_SYSREG(sctlr_el1);

    group_begin("data aborts");
    pc = FAULT("ldr %1, [%2]", , "=r"(r) : "r"(UNMAPPED));
    CHECK("load from unmapped: taken", exception_taken(), 1);
    CHECK("load from unmapped: ESR (EC 0x25, EA, DFSC 0x10)", exc_last.esr,
          ESR(0x25, 0x210));
    CHECK("load from unmapped: FAR", exc_last.far, UNMAPPED);
    CHECK("load from unmapped: ELR", exc_last.elr, pc);
    pc = FAULT("str %1, [%2, #8]", , "=r"(r) : "r"(UNMAPPED));
    CHECK("store to unmapped: ESR has WnR", exc_last.esr, ESR(0x25, 0x250));
    CHECK("store to unmapped: FAR", exc_last.far, UNMAPPED + 8);
    pc = FAULT("ldrb %w1, [%2]", , "=r"(r) : "r"(1ull << 52));
    CHECK("beyond the PA size: address size fault, level 0", exc_last.esr, ESR(0x25, 0));
    CHECK("beyond the PA size: FAR", exc_last.far, 1ull << 52);
    /* A faulting pair load leaves both registers unchanged. */
    expect_exception(0);
    {
        register uint64_t x4 __asm__("x4") = 0x44, x5 __asm__("x5") = 0x55;
        uint64_t rt, rt2;
        __asm__ volatile("ldp %0, %1, [%2]" : "+r"(x4), "+r"(x5) : "r"(UNMAPPED));
        rt = x4;
        rt2 = x5;
        CHECK("ldp fault: taken", exc_last.taken, 1);
        CHECK("ldp fault leaves Rt", rt, 0x44);
        CHECK("ldp fault leaves Rt2", rt2, 0x55);
    }
    /* Writeback does not happen when the access faults. */
    {
        uint64_t base = UNMAPPED;
        expect_exception(0);
        __asm__ volatile("ldr %1, [%0, #16]!" : "+r"(base), "=r"(r));
        CHECK("pre-index fault leaves the base", base, UNMAPPED);
    }
    group_end();

    group_begin("alignment faults");
    WRITE_SYSREG(sctlr_el1, sctlr | 2);     /* SCTLR_EL1.A */
    pc = FAULT("ldr %w1, [%2]", , "=r"(r) : "r"((uint64_t)data + 2));
    WRITE_SYSREG(sctlr_el1, sctlr);
    CHECK("ldr w misaligned with A=1: ESR (DFSC 0x21)", exc_last.esr, ESR(0x25, 0x21));
    CHECK("ldr w misaligned with A=1: FAR", exc_last.far, (uint64_t)data + 2);
    CHECK("ldr w misaligned with A=1: ELR", exc_last.elr, pc);
    __asm__ volatile("ldr %w0, [%1]" : "=r"(r) : "r"((uint64_t)data + 2));
    CHECK("same load with A=0 works", 1, 1);
    pc = FAULT("ldxr %1, [%2]", , "=r"(r) : "r"((uint64_t)data + 4));
    CHECK("ldxr misaligned always faults", exc_last.esr, ESR(0x25, 0x21));
    pc = FAULT("ldar %w1, [%2]", , "=r"(r) : "r"((uint64_t)data + 1));
    CHECK("ldar misaligned faults", exc_last.esr, ESR(0x25, 0x21));
    pc = FAULT("stlr %w1, [%2]", , "=r"(r) : "r"((uint64_t)data + 1));
    CHECK("stlr misaligned faults with WnR", exc_last.esr, ESR(0x25, 0x61));
    group_end();
}

/* EL0 code: each entry point faults straight away. */
void el0_call(uint64_t entry);
extern char el0_resume[], el0_svc[], el0_mrs[], el0_daifset[], el0_stack_top[];
__asm__(
    ".text\n"
    ".global el0_call\n"
    "el0_call:\n"
    "   stp x29, x30, [sp, #-16]!\n"
    "   msr elr_el1, x0\n"
    "   msr spsr_el1, xzr\n"            /* EL0t, interrupts unmasked */
    "   ldr x1, =el0_stack_top\n"
    "   msr sp_el0, x1\n"
    "   eret\n"
    ".global el0_resume\n"
    "el0_resume:\n"
    "   ldp x29, x30, [sp], #16\n"
    "   ret\n"
    ".global el0_svc\n"
    "el0_svc:\n"
    "   svc #7\n"
    "   b .\n"
    ".global el0_mrs\n"
    "el0_mrs:\n"
    "   mrs x0, sctlr_el1\n"
    "   b .\n"
    ".global el0_daifset\n"
    "el0_daifset:\n"
    "   msr daifset, #2\n"
    "   b .\n"
    ".ltorg\n"
    ".bss\n"
    ".balign 16\n"
    "   .space 1024\n"
    ".global el0_stack_top\n"
    "el0_stack_top:\n"
    ".text\n");

static void test_el0(void)
{
    group_begin("exceptions from EL0");
    expect_exception((uint64_t)el0_resume);
    el0_call((uint64_t)el0_svc);
    CHECK("svc from EL0 taken", exception_taken(), 1);
    CHECK("svc from EL0: ESR", exc_last.esr, ESR(0x15, 7));
    CHECK("svc from EL0: lower-EL vector", exc_last.kind, 8);
    CHECK("svc from EL0: ELR", exc_last.elr, (uint64_t)el0_svc + 4);
    CHECK("svc from EL0: SPSR says EL0t", exc_last.spsr & 0xf, 0);
    expect_exception((uint64_t)el0_resume);
    el0_call((uint64_t)el0_mrs);
    CHECK("mrs sctlr_el1 at EL0 is UNDEFINED", exc_last.esr, ESR(0, 0));
    CHECK("mrs at EL0: ELR", exc_last.elr, (uint64_t)el0_mrs);
    expect_exception((uint64_t)el0_resume);
    el0_call((uint64_t)el0_daifset);
    /* EC 0x18: Op0 0, Op2 6, Op1 3, CRn 4, Rt 31, CRm 2, write. */
    CHECK("msr daifset at EL0 with UMA=0 traps", exc_last.esr,
          ESR(0x18, (6u << 17) | (3u << 14) | (4u << 10) | (31u << 5) | (2u << 1)));
    CHECK("msr daifset trap: ELR", exc_last.elr, (uint64_t)el0_daifset);
    group_end();
}

int main(void)
{
    test_exception_generation();
    test_data_aborts();
    test_el0();
    return finish();
}
