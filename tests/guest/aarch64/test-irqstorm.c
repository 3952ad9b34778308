/*
 * An interrupt that never goes away: the EL1 virtual timer's condition is
 * always met (CVAL 0) and its PPI is never acknowledged, so the CPU takes the
 * IRQ again at every ERET.  The IRQ vector only counts the entries and checks
 * each one: the interrupted PC (ELR_EL1) must never be the vector table itself
 * and SPSR_EL1.I must be clear (an IRQ is never taken with IRQs masked).
 * After STORM_TARGET entries the handler returns with IRQs masked.
 *
 * Run alone it shows the emulator takes back-to-back interrupts correctly;
 * tests/functional/test_guest_aarch64.py also stops and continues the VM
 * over QMP while the storm runs: a stop seen just after the CPU took an
 * interrupt once made the CPU take it a second time, from its own vector.
 */
#include "runtime.h"
#include "gicv2.h"

#define CTL_ENABLE 1
#define STORM_TARGET 10000000u

volatile uint64_t storm_count, storm_bad_elr, storm_bad_spsr, storm_first_bad_elr;
volatile uint64_t storm_target;
extern char storm_vectors[], vectors[];

/*
 * Every vector but "current EL with SP_ELx, IRQ" (offset 0x280) goes on to the
 * runtime's vectors, so an unexpected exception is still reported.
 */
__asm__(
    ".text\n"
    ".balign 0x800\n"
    ".global storm_vectors\n"
    "storm_vectors:\n"
    ".irp n, 0, 1, 2, 3, 4\n"
    "   .balign 0x80\n"
    "   b vectors + \\n * 0x80\n"
    ".endr\n"
    "   .balign 0x80\n"
    "   sub sp, sp, #32\n"
    "   stp x0, x1, [sp]\n"
    "   stp x2, x3, [sp, #16]\n"
    "   mrs x0, elr_el1\n"
    "   adr x1, storm_vectors\n"
    "   sub x2, x0, x1\n"
    "   cmp x2, #0x800\n"
    "   b.hs 1f\n"
    "   ldr x1, =storm_bad_elr\n"
    "   ldr x2, [x1]\n"
    "   add x2, x2, #1\n"
    "   str x2, [x1]\n"
    "   ldr x1, =storm_first_bad_elr\n"
    "   ldr x2, [x1]\n"
    "   cbnz x2, 1f\n"
    "   str x0, [x1]\n"
    "1: mrs x3, spsr_el1\n"
    "   tbz x3, #7, 2f\n"
    "   ldr x1, =storm_bad_spsr\n"
    "   ldr x2, [x1]\n"
    "   add x2, x2, #1\n"
    "   str x2, [x1]\n"
    "2: ldr x1, =storm_count\n"
    "   ldr x2, [x1]\n"
    "   add x2, x2, #1\n"
    "   str x2, [x1]\n"
    "   ldr x1, =storm_target\n"
    "   ldr x1, [x1]\n"
    "   cmp x2, x1\n"
    "   b.lo 3f\n"
    "   orr x3, x3, #0x80\n"
    "   msr spsr_el1, x3\n"
    "3: ldp x2, x3, [sp, #16]\n"
    "   ldp x0, x1, [sp]\n"
    "   add sp, sp, #32\n"
    "   eret\n"
    ".irp n, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15\n"
    "   .balign 0x80\n"
    "   b vectors + \\n * 0x80\n"
    ".endr\n"
    ".ltorg\n");

int main(void)
{
    gicv2_enable_ppi(VTIMER_INTID);
    print("storm: start\n");
    storm_target = STORM_TARGET;
    WRITE_SYSREG(vbar_el1, (uint64_t)storm_vectors);
    WRITE_SYSREG(cntv_cval_el0, 0);
    WRITE_SYSREG(cntv_ctl_el0, CTL_ENABLE);
    /* The storm runs in the handler until it masks IRQs on its way out. */
    __asm__ volatile("msr daifclr, #2\n\tisb" ::: "memory");
    while (storm_count < STORM_TARGET) {
    }
    __asm__ volatile("msr daifset, #2\n\tisb" ::: "memory");
    WRITE_SYSREG(cntv_ctl_el0, 0);
    wr32(GICD_BASE + GICD_ICENABLER0, 1u << VTIMER_INTID);
    WRITE_SYSREG(vbar_el1, (uint64_t)vectors);

    group_begin("interrupt storm");
    CHECK("IRQ entries", storm_count, STORM_TARGET);
    CHECK("IRQs taken from the IRQ vector itself", storm_bad_elr, 0);
    CHECK("first such ELR_EL1", storm_first_bad_elr, 0);
    CHECK("IRQs taken with SPSR_EL1.I set", storm_bad_spsr, 0);
    group_end();
    return finish();
}
