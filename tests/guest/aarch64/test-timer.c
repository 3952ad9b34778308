/*
 * The EL1 virtual timer through the GICv2 of the virt board: the timer's PPI
 * (INTID 27) is enabled in the distributor, the timer fires after a short
 * delay and the CPU takes the IRQ out of WFI; the interrupt is acknowledged
 * with GICC_IAR and completed with GICC_EOIR. With CNTV_CTL_EL0.IMASK = 1 the
 * condition still shows in ISTATUS but no interrupt is delivered.
 */
#include "runtime.h"
#include "gicv2.h"

#define CTL_ENABLE  1
#define CTL_IMASK   2
#define CTL_ISTATUS 4
#define DELAY 62500     /* 1 ms at 62.5 MHz */

/* wait_irq(): unmask IRQs and WFI until one is taken; resumes at irq_resume. */
void wait_irq(void);
void spin_unmasked(uint64_t ticks);
extern char irq_resume[], spin_resume[];
__asm__(
    ".text\n"
    ".global wait_irq\n"
    "wait_irq:\n"
    "   msr daifclr, #2\n"
    "1: wfi\n"
    "   b 1b\n"
    ".global irq_resume\n"
    "irq_resume:\n"
    "   ret\n"
    /* spin_unmasked(ticks): IRQs unmasked for that many counter ticks. */
    ".global spin_unmasked\n"
    "spin_unmasked:\n"
    "   mrs x1, cntvct_el0\n"
    "   msr daifclr, #2\n"
    "2: mrs x2, cntvct_el0\n"
    "   sub x2, x2, x1\n"
    "   cmp x2, x0\n"
    "   b.lo 2b\n"
    ".global spin_resume\n"
    "spin_resume:\n"
    "   msr daifset, #2\n"
    "   ret\n");

static void test_counter(void)
{
    uint64_t a, b;

    group_begin("counter and frequency");
    CHECK("CNTFRQ_EL0", READ_SYSREG(cntfrq_el0), 62500000);
    a = READ_SYSREG(cntvct_el0);
    for (volatile int i = 0; i < 10000; i++) {
    }
    __asm__ volatile("isb");
    b = READ_SYSREG(cntvct_el0);
    CHECK("CNTVCT_EL0 advances", b > a, 1);
    CHECK("GICD_ISENABLER0 has INTID 27", (rd32(GICD_BASE + GICD_ISENABLER0) >> VTIMER_INTID) & 1, 1);
    group_end();
}

static void test_vtimer_irq(void)
{
    uint64_t start, end, ctl;
    uint32_t iar;

    group_begin("virtual timer interrupt");
    start = READ_SYSREG(cntvct_el0);
    WRITE_SYSREG(cntv_tval_el0, DELAY);
    WRITE_SYSREG(cntv_ctl_el0, CTL_ENABLE);
    CHECK("ISTATUS clear before the deadline", READ_SYSREG(cntv_ctl_el0) & CTL_ISTATUS, 0);
    expect_exception((uint64_t)irq_resume);
    wait_irq();
    CHECK("IRQ taken", exception_taken(), 1);
    CHECK("IRQ vector (current EL, SP_ELx)", exc_last.kind, 5);
    iar = rd32(GICC_BASE + GICC_IAR);
    CHECK("GICC_IAR interrupt id", iar & 0x3ff, VTIMER_INTID);
    ctl = READ_SYSREG(cntv_ctl_el0);
    CHECK("CNTV_CTL_EL0 = ENABLE | ISTATUS", ctl, CTL_ENABLE | CTL_ISTATUS);
    end = READ_SYSREG(cntvct_el0);
    CHECK("the delay elapsed", end - start >= DELAY, 1);
    CHECK("CNTV_CVAL_EL0 reached", end >= READ_SYSREG(cntv_cval_el0), 1);
    WRITE_SYSREG(cntv_ctl_el0, 0);
    wr32(GICC_BASE + GICC_EOIR, iar);
    CHECK("nothing pending after disable and EOI", rd32(GICC_BASE + GICC_HPPIR) & 0x3ff,
          SPURIOUS);
    CHECK("CNTV_CTL_EL0 disabled", READ_SYSREG(cntv_ctl_el0), 0);
    group_end();
}

static void test_vtimer_masked(void)
{
    uint64_t start, ctl = 0;
    int taken;

    group_begin("masked virtual timer");
    WRITE_SYSREG(cntv_tval_el0, DELAY);
    WRITE_SYSREG(cntv_ctl_el0, CTL_ENABLE | CTL_IMASK);
    start = READ_SYSREG(cntvct_el0);
    while (READ_SYSREG(cntvct_el0) - start < 20 * DELAY) {
        ctl = READ_SYSREG(cntv_ctl_el0);
        if (ctl & CTL_ISTATUS) {
            break;
        }
    }
    /* Give a wrongly delivered interrupt the chance to be taken. */
    expect_exception((uint64_t)spin_resume);
    spin_unmasked(DELAY);
    taken = exception_taken();
    CHECK("ISTATUS sets with IMASK=1", ctl, CTL_ENABLE | CTL_IMASK | CTL_ISTATUS);
    CHECK("no IRQ taken", taken, 0);
    CHECK("INTID 27 not pending in the distributor",
          (rd32(GICD_BASE + GICD_ISPENDR0) >> VTIMER_INTID) & 1, 0);
    CHECK("GICC_HPPIR spurious", rd32(GICC_BASE + GICC_HPPIR) & 0x3ff, SPURIOUS);
    /* Unmasking the timer now raises the interrupt. */
    WRITE_SYSREG(cntv_ctl_el0, CTL_ENABLE);
    expect_exception((uint64_t)irq_resume);
    wait_irq();
    CHECK("IMASK cleared: IRQ taken", exception_taken(), 1);
    {
        uint32_t iar = rd32(GICC_BASE + GICC_IAR);
        CHECK("IMASK cleared: GICC_IAR", iar & 0x3ff, VTIMER_INTID);
        WRITE_SYSREG(cntv_ctl_el0, 0);
        wr32(GICC_BASE + GICC_EOIR, iar);
    }
    group_end();
}

int main(void)
{
    gicv2_enable_ppi(VTIMER_INTID);
    test_counter();
    test_vtimer_irq();
    test_vtimer_masked();
    return finish();
}
