/*
 * Unit tests for the generic timer (target/arm/gtimer.c) through its system
 * registers: counter, CTL/CVAL/TVAL semantics, the output lines, EL0 access
 * control, and expiry of an armed timer while the virtual clock runs.
 */
#include "qemu/osdep.h"
#include <check.h>
#include "hw/irq.h"
#include "hw/qdev-core.h"
#include "qemu/timer.h"
#include "system/runstate.h"
#include "target/arm/cpu.h"
#include "target/arm/sysreg.h"

#pragma weak qemu_clock_get_ns

#define CNTFRQ      3, 3, 14, 0, 0
#define CNTPCT      3, 3, 14, 0, 1
#define CNTVCT      3, 3, 14, 0, 2
#define CNTP_TVAL   3, 3, 14, 2, 0
#define CNTP_CTL    3, 3, 14, 2, 1
#define CNTP_CVAL   3, 3, 14, 2, 2
#define CNTV_TVAL   3, 3, 14, 3, 0
#define CNTV_CTL    3, 3, 14, 3, 1
#define CNTV_CVAL   3, 3, 14, 3, 2
#define CNTKCTL     3, 0, 14, 1, 0

static ARMCPU *cpu;
static CPUARMState *env;
static int levels[NUM_GTIMER_OUTPUTS];

static void record_level(void *opaque, int n, int level)
{
    levels[n] = level;
}

static const ARMSysReg *reg_(int op0, int op1, int crn, int crm, int op2)
{
    const ARMSysReg *r = arm_sysreg_lookup(env, ARM_SYSREG_ENC(op0, op1, crn, crm, op2));

    ck_assert_ptr_nonnull(r);
    return r;
}
#define REG(...) reg_(__VA_ARGS__)
#define RD(...) arm_sysreg_read(env, REG(__VA_ARGS__))
#define WR(v, ...) arm_sysreg_write(env, REG(__VA_ARGS__), (v))

START_TEST(test_counter_runs_at_cntfrq_and_virtual_equals_physical)
{
    uint64_t p0 = RD(CNTPCT), v, p1;

    ck_assert_uint_eq(RD(CNTFRQ), 62500000);
    v = RD(CNTVCT);
    p1 = RD(CNTPCT);
    ck_assert_uint_le(p0, v);                   /* CNTVOFF is 0 without EL2 */
    ck_assert_uint_le(v, p1);
}
END_TEST

START_TEST(test_enabled_timer_past_cval_asserts_its_line)
{
    WR(0, CNTP_CVAL);
    WR(GT_CTL_ENABLE, CNTP_CTL);
    ck_assert_uint_eq(RD(CNTP_CTL), GT_CTL_ENABLE | GT_CTL_ISTATUS);
    ck_assert_int_eq(levels[GTIMER_PHYS], 1);
    ck_assert_int_eq(levels[GTIMER_VIRT], 0);
    /* IMASK lowers the line; ISTATUS still shows the condition. */
    WR(GT_CTL_ENABLE | GT_CTL_IMASK, CNTP_CTL);
    ck_assert_uint_eq(RD(CNTP_CTL), GT_CTL_ENABLE | GT_CTL_IMASK | GT_CTL_ISTATUS);
    ck_assert_int_eq(levels[GTIMER_PHYS], 0);
    /* Disabled: no ISTATUS, no interrupt. */
    WR(0, CNTP_CTL);
    ck_assert_uint_eq(RD(CNTP_CTL), 0);
    ck_assert_int_eq(levels[GTIMER_PHYS], 0);
    /* ISTATUS is read-only. */
    WR(GT_CTL_ISTATUS, CNTP_CTL);
    ck_assert_uint_eq(RD(CNTP_CTL), 0);
}
END_TEST

START_TEST(test_future_cval_does_not_fire_until_moved)
{
    WR(UINT64_MAX / 2, CNTV_CVAL);
    WR(GT_CTL_ENABLE, CNTV_CTL);
    ck_assert_uint_eq(RD(CNTV_CTL), GT_CTL_ENABLE);
    ck_assert_int_eq(levels[GTIMER_VIRT], 0);
    WR(RD(CNTVCT), CNTV_CVAL);                  /* now: fires on the write */
    ck_assert_int_eq(levels[GTIMER_VIRT], 1);
    WR(UINT64_MAX / 2, CNTV_CVAL);
    ck_assert_int_eq(levels[GTIMER_VIRT], 0);
}
END_TEST

START_TEST(test_tval_is_signed_distance_to_cval)
{
    uint64_t before, after;
    uint32_t tval;

    before = RD(CNTPCT);
    WR(1000000000, CNTP_TVAL);
    after = RD(CNTPCT);
    ck_assert_uint_ge(RD(CNTP_CVAL), before + 1000000000);
    ck_assert_uint_le(RD(CNTP_CVAL), after + 1000000000);
    tval = (uint32_t)RD(CNTP_TVAL);
    ck_assert_uint_le(tval, 1000000000);
    ck_assert_uint_gt(tval, 900000000);
    WR(GT_CTL_ENABLE, CNTP_CTL);
    ck_assert_int_eq(levels[GTIMER_PHYS], 0);
    /* TVAL = 0: CVAL is the counter now, so the timer fires. */
    WR(0, CNTP_TVAL);
    ck_assert_int_eq(levels[GTIMER_PHYS], 1);
    /* A negative TVAL sets CVAL below the counter (modulo 2^64). */
    before = RD(CNTPCT);
    WR(0xffffffff, CNTP_TVAL);
    after = RD(CNTPCT);
    ck_assert_uint_ge((uint64_t)(RD(CNTP_CVAL) + 1), before);
    ck_assert_uint_le((uint64_t)(RD(CNTP_CVAL) + 1), after);
    ck_assert(RD(CNTP_TVAL) >= 0x80000000u);     /* negative in 32 bits */
    ck_assert_uint_eq(RD(CNTP_TVAL) >> 32, 0);
}
END_TEST

START_TEST(test_el0_access_follows_cntkctl)
{
    const ARMSysReg *pct = REG(CNTPCT), *vct = REG(CNTVCT), *ptimer = REG(CNTP_CTL);
    const ARMSysReg *vtimer = REG(CNTV_TVAL), *frq = REG(CNTFRQ);

    env->pstate &= ~(PSTATE_EL | PSTATE_SP);
    ck_assert_int_eq(arm_sysreg_access_check(env, pct, true), ARM_ACCESS_TRAP_SYSREG);
    ck_assert_int_eq(arm_sysreg_access_check(env, vct, true), ARM_ACCESS_TRAP_SYSREG);
    ck_assert_int_eq(arm_sysreg_access_check(env, frq, true), ARM_ACCESS_TRAP_SYSREG);
    ck_assert_int_eq(arm_sysreg_access_check(env, ptimer, true), ARM_ACCESS_TRAP_SYSREG);
    env->cntkctl_el1 = 1 << 1;                  /* EL0VCTEN */
    ck_assert_int_eq(arm_sysreg_access_check(env, vct, true), ARM_ACCESS_OK);
    ck_assert_int_eq(arm_sysreg_access_check(env, frq, true), ARM_ACCESS_OK);
    ck_assert_int_eq(arm_sysreg_access_check(env, frq, false),
                     ARM_ACCESS_TRAP_UNCATEGORIZED);
    ck_assert_int_eq(arm_sysreg_access_check(env, pct, true), ARM_ACCESS_TRAP_SYSREG);
    env->cntkctl_el1 = 1 << 8;                  /* EL0VTEN */
    ck_assert_int_eq(arm_sysreg_access_check(env, vtimer, false), ARM_ACCESS_OK);
    ck_assert_int_eq(arm_sysreg_access_check(env, ptimer, false), ARM_ACCESS_TRAP_SYSREG);
    env->cntkctl_el1 = 1 << 9;                  /* EL0PTEN */
    ck_assert_int_eq(arm_sysreg_access_check(env, ptimer, false), ARM_ACCESS_OK);
    /* CNTKCTL_EL1 keeps only its defined bits. */
    env->pstate |= PSTATE_MODE_EL1h;
    WR(0xffffffff, CNTKCTL);
    ck_assert_uint_eq(env->cntkctl_el1, 0x3ff);
}
END_TEST

START_TEST(test_reset_clears_timers_and_lowers_lines)
{
    WR(0, CNTP_CVAL);
    WR(GT_CTL_ENABLE, CNTP_CTL);
    ck_assert_int_eq(levels[GTIMER_PHYS], 1);
    cpu_reset(CPU(cpu));
    ck_assert_int_eq(levels[GTIMER_PHYS], 0);
    ck_assert_uint_eq(RD(CNTP_CTL), 0);
}
END_TEST

static gboolean give_up(gpointer opaque)
{
    *(bool *)opaque = true;
    return G_SOURCE_REMOVE;
}

START_TEST(test_armed_timer_fires_when_virtual_clock_reaches_cval)
{
    bool timeout = false;

    if (!qemu_clock_get_ns) {
        return;                                 /* no timer implementation linked */
    }
    vm_start();                                 /* the virtual clock runs with the VM */
    WR(GT_CTL_ENABLE, CNTV_CTL);
    WR(62500000 / 100, CNTV_TVAL);              /* 10 ms */
    ck_assert_int_eq(levels[GTIMER_VIRT], 0);
    g_timeout_add(5000, give_up, &timeout);
    while (!levels[GTIMER_VIRT] && !timeout) {
        g_main_context_iteration(NULL, TRUE);
    }
    ck_assert_int_eq(levels[GTIMER_VIRT], 1);
    ck_assert_uint_eq(RD(CNTV_CTL), GT_CTL_ENABLE | GT_CTL_ISTATUS);
    ck_assert_uint_ge(RD(CNTVCT), RD(CNTV_CVAL));
}
END_TEST

/*
 * An incoming migration whose source stopped after CVAL passed but before its
 * timer callback ran: the line was still low in the interrupt controller's
 * state.  Loading must leave the line alone and fire the expiry once the VM
 * runs, not lose it.
 */
START_TEST(test_post_load_fires_an_expiry_the_source_had_not_handled)
{
    bool timeout = false;

    if (!qemu_clock_get_ns) {
        return;                                 /* no timer implementation linked */
    }
    WR(0, CNTV_CTL);
    ck_assert_int_eq(levels[GTIMER_VIRT], 0);
    env->gt[GTIMER_VIRT].cval = 1;              /* long past */
    env->gt[GTIMER_VIRT].ctl = GT_CTL_ENABLE | GT_CTL_ISTATUS; /* as older streams */
    gt_timer_post_load(cpu, GTIMER_VIRT);
    ck_assert_int_eq(levels[GTIMER_VIRT], 0);   /* the controller's state owns the line */
    ck_assert_uint_eq(env->gt[GTIMER_VIRT].ctl, GT_CTL_ENABLE);
    if (!runstate_is_running()) {
        vm_start();
    }
    g_timeout_add(5000, give_up, &timeout);
    while (!levels[GTIMER_VIRT] && !timeout) {
        g_main_context_iteration(NULL, TRUE);
    }
    ck_assert_int_eq(levels[GTIMER_VIRT], 1);
    WR(0, CNTV_CTL);
    ck_assert_int_eq(levels[GTIMER_VIRT], 0);
}
END_TEST

static Suite *gtimer_suite(void)
{
    Suite *s = suite_create("arm-gtimer");
    TCase *tc = tcase_create("gtimer");

    tcase_add_test(tc, test_counter_runs_at_cntfrq_and_virtual_equals_physical);
    tcase_add_test(tc, test_enabled_timer_past_cval_asserts_its_line);
    tcase_add_test(tc, test_future_cval_does_not_fire_until_moved);
    tcase_add_test(tc, test_tval_is_signed_distance_to_cval);
    tcase_add_test(tc, test_el0_access_follows_cntkctl);
    tcase_add_test(tc, test_reset_clears_timers_and_lowers_lines);
    tcase_add_test(tc, test_armed_timer_fires_when_virtual_clock_reaches_cval);
    tcase_add_test(tc, test_post_load_fires_an_expiry_the_source_had_not_handled);
    tcase_set_timeout(tc, 30);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(gtimer_suite());
    DeviceState *dev;
    Error *err = NULL;
    int failed;

    memory_init();
    dev = qdev_new("cortex-a57-arm-cpu");
    if (!qdev_realize(dev, NULL, &err)) {
        g_error("%s", error_get_pretty(err));
    }
    cpu = ARM_CPU(dev);
    env = &cpu->env;
    for (int i = 0; i < NUM_GTIMER_OUTPUTS; i++) {
        qdev_connect_gpio_out_named(dev, "gt-timer-outputs", i,
                                    qemu_allocate_irq(record_level, NULL, i));
    }
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
