/*
 * PSCI 1.0 (Arm DEN 0022) served by the emulator itself, as firmware would,
 * for HVC or SMC calls through the CPU's "psci-conduit": CPU power control
 * (CPU_ON/OFF/SUSPEND, AFFINITY_INFO) and system off/reset.  Every other
 * function ID on the conduit returns NOT_SUPPORTED, as SMCCC requires.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "system/runstate.h"
#include "target/arm/cpu.h"
#include "target/arm/internals.h"

/* Function IDs: SMC32 (0x84...) and SMC64 (0xC4...) forms. */
#define PSCI_FN_BASE                0x84000000u
#define PSCI_FN64_BASE              0xc4000000u
#define PSCI_FN(n)                  (PSCI_FN_BASE + (n))
#define PSCI_FN64(n)                (PSCI_FN64_BASE + (n))
#define PSCI_VERSION                PSCI_FN(0)
#define PSCI_CPU_SUSPEND            PSCI_FN(1)
#define PSCI_CPU_SUSPEND64          PSCI_FN64(1)
#define PSCI_CPU_OFF                PSCI_FN(2)
#define PSCI_CPU_ON                 PSCI_FN(3)
#define PSCI_CPU_ON64               PSCI_FN64(3)
#define PSCI_AFFINITY_INFO          PSCI_FN(4)
#define PSCI_AFFINITY_INFO64        PSCI_FN64(4)
#define PSCI_MIGRATE                PSCI_FN(5)
#define PSCI_MIGRATE64              PSCI_FN64(5)
#define PSCI_MIGRATE_INFO_TYPE      PSCI_FN(6)
#define PSCI_MIGRATE_INFO_UP_CPU    PSCI_FN(7)
#define PSCI_MIGRATE_INFO_UP_CPU64  PSCI_FN64(7)
#define PSCI_SYSTEM_OFF             PSCI_FN(8)
#define PSCI_SYSTEM_RESET           PSCI_FN(9)
#define PSCI_FEATURES               PSCI_FN(10)

/* Return codes. */
#define PSCI_SUCCESS            0
#define PSCI_NOT_SUPPORTED      (-1)
#define PSCI_INVALID_PARAMETERS (-2)
#define PSCI_DENIED             (-3)
#define PSCI_ALREADY_ON         (-4)
#define PSCI_ON_PENDING         (-5)
#define PSCI_INTERNAL_FAILURE   (-6)
#define PSCI_NOT_PRESENT        (-7)
#define PSCI_DISABLED           (-8)
#define PSCI_INVALID_ADDRESS    (-9)

#define PSCI_VERSION_1_0 0x00010000u

/* MIGRATE_INFO_TYPE: "Trusted OS not present or does not require migration". */
#define PSCI_TOS_NOT_PRESENT_MP 2

/* Affinity fields of MPIDR: Aff3 [39:32], Aff2 [23:16], Aff1 [15:8], Aff0 [7:0]. */
#define MPIDR_AFF_MASK 0xff00ffffffULL

bool arm_is_psci_call(ARMCPU *cpu, int excp)
{
    if (arm_current_el(&cpu->env) == 0) {
        return false;                   /* HVC/SMC are UNDEFINED at EL0 */
    }
    return (excp == EXCP_HVC && cpu->psci_conduit == ARM_PSCI_CONDUIT_HVC) ||
           (excp == EXCP_SMC && cpu->psci_conduit == ARM_PSCI_CONDUIT_SMC);
}

uint64_t arm_cpu_mp_affinity(ARMCPU *cpu)
{
    return cpu->mp_affinity & MPIDR_AFF_MASK;
}

ARMCPU *arm_get_cpu_by_mp_affinity(uint64_t aff)
{
    CPUState *cs;

    CPU_FOREACH(cs) {
        ARMCPU *cpu = (ARMCPU *)object_dynamic_cast(OBJECT(cs), TYPE_ARM_CPU);

        if (cpu && arm_cpu_mp_affinity(cpu) == (aff & MPIDR_AFF_MASK)) {
            return cpu;
        }
    }
    return NULL;
}

/* Power a CPU on at entry in AArch64 EL1h with context_id in x0 (PSCI 5.6). */
static int64_t psci_cpu_on(uint64_t target, uint64_t entry, uint64_t context_id)
{
    ARMCPU *cpu = arm_get_cpu_by_mp_affinity(target);
    CPUState *cs;

    if (!cpu) {
        return PSCI_INVALID_PARAMETERS;
    }
    if (cpu->power_state == (uint32_t)PSCI_ON) {
        return PSCI_ALREADY_ON;
    }
    if (cpu->power_state == (uint32_t)PSCI_ON_PENDING) {
        return PSCI_ON_PENDING;
    }
    if (entry & 3) {
        return PSCI_INVALID_ADDRESS;
    }
    cs = CPU(cpu);
    cpu_reset(cs);              /* the target starts from its reset state */
    cpu->env.xregs[0] = context_id;
    cpu->env.pc = entry;
    cpu->power_state = PSCI_ON;
    cs->halted = 0;
    /* Wake its vCPU thread, which sleeps while the CPU is off. */
    cpu_exit(cs);
    return PSCI_SUCCESS;
}

static int64_t psci_affinity_info(uint64_t target, uint64_t lowest_level)
{
    ARMCPU *cpu;

    /* Only level 0 (individual cores) is meaningful here. */
    if (lowest_level != 0) {
        return PSCI_INVALID_PARAMETERS;
    }
    cpu = arm_get_cpu_by_mp_affinity(target);
    if (!cpu) {
        return PSCI_INVALID_PARAMETERS;
    }
    switch (cpu->power_state) {
    case PSCI_ON:
        return 0;
    case PSCI_OFF:
        return 1;
    default:
        return 2;
    }
}

static int64_t psci_features(uint32_t fid)
{
    switch (fid) {
    case PSCI_VERSION:
    case PSCI_CPU_OFF:
    case PSCI_CPU_ON:
    case PSCI_CPU_ON64:
    case PSCI_AFFINITY_INFO:
    case PSCI_AFFINITY_INFO64:
    case PSCI_MIGRATE_INFO_TYPE:
    case PSCI_SYSTEM_OFF:
    case PSCI_SYSTEM_RESET:
    case PSCI_FEATURES:
        return PSCI_SUCCESS;
    case PSCI_CPU_SUSPEND:
    case PSCI_CPU_SUSPEND64:
        /* Flags: original power_state format, platform-coordinated mode only. */
        return 0;
    default:
        return PSCI_NOT_SUPPORTED;
    }
}

/* Stop executing this CPU until CPU_ON (or an interrupt for CPU_SUSPEND). */
static void psci_halt(ARMCPU *cpu)
{
    CPUState *cs = CPU(cpu);

    cs->halted = 1;
    cs->exception_index = EXCP_HLT;
}

void arm_handle_psci_call(ARMCPU *cpu)
{
    CPUARMState *env = &cpu->env;
    uint64_t fid = env->xregs[0];
    bool smc32 = (fid & 0x40000000u) == 0;
    uint64_t arg1 = env->xregs[1], arg2 = env->xregs[2], arg3 = env->xregs[3];
    int64_t ret;

    if (smc32) {
        arg1 = (uint32_t)arg1;
        arg2 = (uint32_t)arg2;
        arg3 = (uint32_t)arg3;
    }
    qemu_log_mask(CPU_LOG_INT, "arm: PSCI call 0x%08" PRIx64 " (0x%" PRIx64 ", 0x%" PRIx64
                  ", 0x%" PRIx64 ")\n", fid, arg1, arg2, arg3);

    /* SMCCC: a 32-bit call ignores the upper 32 bits of the function ID. */
    switch (fid > UINT32_MAX ? 0 : (uint32_t)fid) {
    case PSCI_VERSION:
        ret = PSCI_VERSION_1_0;
        break;
    case PSCI_CPU_ON:
        /* A 32-bit caller asks for an AArch32 entry, which this CPU cannot do. */
        ret = PSCI_INVALID_PARAMETERS;
        break;
    case PSCI_CPU_ON64:
        ret = psci_cpu_on(arg1, arg2, arg3);
        break;
    case PSCI_AFFINITY_INFO:
    case PSCI_AFFINITY_INFO64:
        ret = psci_affinity_info(arg1, arg2);
        break;
    case PSCI_CPU_OFF:
        cpu->power_state = PSCI_OFF;
        psci_halt(cpu);
        return;                         /* does not return to the caller */
    case PSCI_CPU_SUSPEND:
    case PSCI_CPU_SUSPEND64:
        /* Treated as a standby (WFI): wake on an interrupt, resume after the call. */
        env->xregs[0] = PSCI_SUCCESS;
        if (!cpu_has_work(CPU(cpu))) {
            psci_halt(cpu);
        }
        return;
    case PSCI_MIGRATE_INFO_TYPE:
        ret = PSCI_TOS_NOT_PRESENT_MP;
        break;
    case PSCI_SYSTEM_OFF:
        qemu_system_shutdown_request(SHUTDOWN_CAUSE_GUEST_SHUTDOWN);
        cpu->power_state = PSCI_OFF;
        psci_halt(cpu);
        return;
    case PSCI_SYSTEM_RESET:
        qemu_system_reset_request(SHUTDOWN_CAUSE_GUEST_RESET);
        psci_halt(cpu);
        return;
    case PSCI_FEATURES:
        ret = psci_features((uint32_t)arg1);
        break;
    case PSCI_MIGRATE:
    case PSCI_MIGRATE64:
    case PSCI_MIGRATE_INFO_UP_CPU:
    case PSCI_MIGRATE_INFO_UP_CPU64:
    default:
        ret = PSCI_NOT_SUPPORTED;
        break;
    }
    /* Negative codes are sign-extended for 32-bit callers too (W0 holds them). */
    env->xregs[0] = (uint64_t)ret;
}
