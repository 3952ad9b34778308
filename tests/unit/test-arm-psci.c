/*
 * Unit tests for the emulated PSCI firmware interface (target/arm/psci.c):
 * CPU power control between CPU objects and the system off/reset requests,
 * called the way the HVC/SMC exception path calls it.
 */
#include "qemu/osdep.h"
#include <check.h>
#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"
#include "system/runstate.h"
#include "target/arm/cpu.h"
#include "target/arm/syndrome.h"

#define PSCI_VERSION           0x84000000u
#define PSCI_CPU_SUSPEND64     0xc4000001u
#define PSCI_CPU_OFF           0x84000002u
#define PSCI_CPU_ON            0x84000003u
#define PSCI_CPU_ON64          0xc4000003u
#define PSCI_AFFINITY_INFO64   0xc4000004u
#define PSCI_MIGRATE_INFO_TYPE 0x84000006u
#define PSCI_SYSTEM_OFF        0x84000008u
#define PSCI_SYSTEM_RESET      0x84000009u
#define PSCI_FEATURES          0x8400000au

static ARMCPU *cpus[3];

static ARMCPU *new_cpu(bool powered_off)
{
    DeviceState *dev = qdev_new("cortex-a57-arm-cpu");
    Error *err = NULL;

    qdev_prop_set_uint32(dev, "psci-conduit", ARM_PSCI_CONDUIT_HVC);
    qdev_prop_set_bit(dev, "start-powered-off", powered_off);
    if (!qdev_realize(dev, NULL, &err)) {
        g_error("%s", error_get_pretty(err));
    }
    return ARM_CPU(dev);
}

/* An HVC #0 from EL1 with x0..x3 as given; returns x0 afterwards. */
static int64_t call(ARMCPU *cpu, uint64_t fid, uint64_t a1, uint64_t a2, uint64_t a3)
{
    CPUARMState *env = &cpu->env;

    env->xregs[0] = fid;
    env->xregs[1] = a1;
    env->xregs[2] = a2;
    env->xregs[3] = a3;
    env->pc = 0x40001004;
    CPU(cpu)->exception_index = EXCP_HVC;
    env->exception.syndrome = syn_aa64_hvc(0);
    arm_cpu_do_interrupt(CPU(cpu));
    return (int64_t)env->xregs[0];
}

static uint64_t aff(int i)
{
    return arm_cpu_mp_affinity(cpus[i]);
}

START_TEST(test_version_is_1_0_and_call_returns_after_hvc)
{
    ck_assert_int_eq(call(cpus[0], PSCI_VERSION, 0, 0, 0), 0x10000);
    ck_assert_uint_eq(cpus[0]->env.pc, 0x40001004);       /* no exception taken */
    ck_assert_int_eq(arm_current_el(&cpus[0]->env), 1);
}
END_TEST

START_TEST(test_features_and_unknown_functions)
{
    ck_assert_int_eq(call(cpus[0], PSCI_FEATURES, PSCI_CPU_ON64, 0, 0), 0);
    ck_assert_int_eq(call(cpus[0], PSCI_FEATURES, PSCI_SYSTEM_OFF, 0, 0), 0);
    ck_assert_int_eq(call(cpus[0], PSCI_FEATURES, 0x84000099, 0, 0), -1);
    ck_assert_int_eq(call(cpus[0], PSCI_FEATURES, 0x80000000, 0, 0), -1);   /* SMCCC_VERSION */
    ck_assert_int_eq(call(cpus[0], 0x84000099, 0, 0, 0), -1);
    ck_assert_int_eq(call(cpus[0], 0xc2000000, 0, 0, 0), -1);
    ck_assert_int_eq(call(cpus[0], PSCI_MIGRATE_INFO_TYPE, 0, 0, 0), 2);
}
END_TEST

START_TEST(test_affinity_info_reports_power_state)
{
    ck_assert_int_eq(call(cpus[0], PSCI_AFFINITY_INFO64, aff(0), 0, 0), 0);   /* ON */
    ck_assert_int_eq(call(cpus[0], PSCI_AFFINITY_INFO64, aff(1), 0, 0), 1);   /* OFF */
    ck_assert_int_eq(call(cpus[0], PSCI_AFFINITY_INFO64, 0xff0000, 0, 0), -2);
    ck_assert_int_eq(call(cpus[0], PSCI_AFFINITY_INFO64, aff(1), 1, 0), -2);
}
END_TEST

START_TEST(test_cpu_on_starts_second_cpu_at_entry_with_context)
{
    ARMCPU *t = cpus[1];

    ck_assert(CPU(t)->halted);
    ck_assert(!cpu_has_work(CPU(t)));
    t->env.xregs[5] = 0x55;
    ck_assert_int_eq(call(cpus[0], PSCI_CPU_ON64, aff(1), 0x40080000, 0xc0ffee), 0);
    ck_assert_int_eq(t->power_state, PSCI_ON);
    ck_assert(!CPU(t)->halted);
    ck_assert_uint_eq(t->env.pc, 0x40080000);
    ck_assert_uint_eq(t->env.xregs[0], 0xc0ffee);
    ck_assert_uint_eq(t->env.xregs[5], 0);                 /* from reset */
    ck_assert_uint_eq(pstate_read(&t->env) & 0x3cf, 0x3c5); /* EL1h, DAIF masked */
    ck_assert_int_eq(call(cpus[0], PSCI_AFFINITY_INFO64, aff(1), 0, 0), 0);
    ck_assert_int_eq(call(cpus[0], PSCI_CPU_ON64, aff(1), 0x40080000, 0), -4);
    ck_assert_int_eq(call(cpus[0], PSCI_CPU_ON64, aff(0), 0x40080000, 0), -4);
}
END_TEST

START_TEST(test_cpu_on_rejects_bad_target_and_entry)
{
    ck_assert_int_eq(call(cpus[0], PSCI_CPU_ON64, 0x77, 0x40080000, 0), -2);
    ck_assert_int_eq(call(cpus[0], PSCI_CPU_ON64, aff(2), 0x40080002, 0), -9);
    ck_assert_int_eq(cpus[2]->power_state, PSCI_OFF);
    /* A 32-bit CPU_ON asks for AArch32, which this CPU does not have. */
    ck_assert_int_eq(call(cpus[0], PSCI_CPU_ON, aff(2), 0x40080000, 0), -2);
}
END_TEST

START_TEST(test_cpu_off_powers_down_the_caller)
{
    ck_assert_int_eq(call(cpus[0], PSCI_CPU_ON64, aff(2), 0x40090000, 0), 0);
    call(cpus[2], PSCI_CPU_OFF, 0, 0, 0);
    ck_assert_int_eq(cpus[2]->power_state, PSCI_OFF);
    ck_assert(CPU(cpus[2])->halted);
    ck_assert_int_eq(CPU(cpus[2])->exception_index, EXCP_HLT);
    ck_assert_int_eq(call(cpus[0], PSCI_AFFINITY_INFO64, aff(2), 0, 0), 1);
    /* It can be started again. */
    ck_assert_int_eq(call(cpus[0], PSCI_CPU_ON64, aff(2), 0x40090000, 0), 0);
}
END_TEST

START_TEST(test_cpu_suspend_waits_like_wfi)
{
    ARMCPU *cpu = cpus[0];

    ck_assert_int_eq(call(cpu, PSCI_CPU_SUSPEND64, 0, 0, 0), 0);
    ck_assert(CPU(cpu)->halted);
    ck_assert_int_eq(cpu->power_state, PSCI_ON);
    CPU(cpu)->halted = 0;
    qemu_irq_raise(qdev_get_gpio_in(DEVICE(cpu), ARM_CPU_IRQ));
    ck_assert_int_eq(call(cpu, PSCI_CPU_SUSPEND64, 0, 0, 0), 0);
    ck_assert(!CPU(cpu)->halted);                          /* an interrupt is pending */
}
END_TEST

START_TEST(test_system_off_requests_guest_shutdown)
{
    call(cpus[0], PSCI_SYSTEM_OFF, 0, 0, 0);
    ck_assert(CPU(cpus[0])->halted);
    ck_assert_int_eq(qemu_main_loop(), SHUTDOWN_CAUSE_GUEST_SHUTDOWN);
}
END_TEST

static ShutdownCause reset_cause;

static void record_reset(ShutdownCause cause)
{
    reset_cause = cause;
}

static gboolean quit_loop(gpointer opaque)
{
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_QMP_QUIT);
    return G_SOURCE_REMOVE;
}

START_TEST(test_system_reset_requests_guest_reset)
{
    runstate_hooks.system_reset = record_reset;
    call(cpus[0], PSCI_SYSTEM_RESET, 0, 0, 0);
    g_timeout_add(20, quit_loop, NULL);
    ck_assert_int_eq(qemu_main_loop(), SHUTDOWN_CAUSE_HOST_QMP_QUIT);
    ck_assert_int_eq(reset_cause, SHUTDOWN_CAUSE_GUEST_RESET);
}
END_TEST

START_TEST(test_wrong_conduit_or_el0_is_undefined)
{
    ARMCPU *cpu = cpus[0];
    CPUARMState *env = &cpu->env;

    env->vbar_el1 = 0x10000;
    env->xregs[0] = PSCI_VERSION;
    env->pc = 0x2004;
    CPU(cpu)->exception_index = EXCP_SMC;               /* the conduit is HVC */
    arm_cpu_do_interrupt(CPU(cpu));
    ck_assert_uint_eq(env->xregs[0], PSCI_VERSION);
    ck_assert_uint_eq(env->esr_el1 >> 26, 0);
    ck_assert_uint_eq(env->elr_el1, 0x2000);
    ck_assert_uint_eq(env->pc, 0x10200);
    /* HVC from EL0 */
    env->spsr_el1 = PSTATE_MODE_EL0t;
    env->elr_el1 = 0x3000;
    arm_exception_return(env);
    env->pc = 0x3004;
    CPU(cpu)->exception_index = EXCP_HVC;
    arm_cpu_do_interrupt(CPU(cpu));
    ck_assert_uint_eq(env->xregs[0], PSCI_VERSION);
    ck_assert_uint_eq(env->pc, 0x10400);
    ck_assert_uint_eq(env->elr_el1, 0x3000);
}
END_TEST

static Suite *psci_suite(void)
{
    Suite *s = suite_create("arm-psci");
    TCase *tc = tcase_create("psci");

    tcase_add_test(tc, test_version_is_1_0_and_call_returns_after_hvc);
    tcase_add_test(tc, test_features_and_unknown_functions);
    tcase_add_test(tc, test_affinity_info_reports_power_state);
    tcase_add_test(tc, test_cpu_on_starts_second_cpu_at_entry_with_context);
    tcase_add_test(tc, test_cpu_on_rejects_bad_target_and_entry);
    tcase_add_test(tc, test_cpu_off_powers_down_the_caller);
    tcase_add_test(tc, test_cpu_suspend_waits_like_wfi);
    tcase_add_test(tc, test_system_off_requests_guest_shutdown);
    tcase_add_test(tc, test_system_reset_requests_guest_reset);
    tcase_add_test(tc, test_wrong_conduit_or_el0_is_undefined);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(psci_suite());
    int failed;

    memory_init();
    cpus[0] = new_cpu(false);
    cpus[1] = new_cpu(true);
    cpus[2] = new_cpu(true);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
