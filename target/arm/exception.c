/*
 * AArch64 exception entry to EL1 and exception return (Arm ARM D1.10, D1.11):
 * vector selection, ESR/FAR/ELR/SPSR, PSTATE and stack pointer changes,
 * illegal exception returns, interrupt masking, and the helpers that raise
 * synchronous exceptions from C.  There is no EL2 or EL3: everything is
 * taken to EL1, and HVC/SMC are PSCI calls or UNDEFINED.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "target/arm/cpu.h"
#include "target/arm/internals.h"
#include "target/arm/syndrome.h"

/* ---- leaving the cpu loop ------------------------------------------------------ */

void arm_cpu_loop_exit(CPUState *cs)
{
    cpu_loop_exit(cs);
}

void arm_cpu_loop_exit_restore(CPUState *cs, uintptr_t retaddr)
{
    cpu_loop_exit_restore(cs, retaddr);
}

void arm_raise_exception_ra(CPUARMState *env, int excp, uint32_t syndrome,
                            uint32_t target_el, uintptr_t retaddr)
{
    CPUState *cs = env_cpu(env);

    cs->exception_index = excp;
    env->exception.syndrome = syndrome;
    env->exception.target_el = target_el;
    if (retaddr) {
        arm_cpu_loop_exit_restore(cs, retaddr);
    }
    arm_cpu_loop_exit(cs);
}

void arm_raise_exception(CPUARMState *env, int excp, uint32_t syndrome, uint32_t target_el)
{
    arm_raise_exception_ra(env, excp, syndrome, target_el, 0);
}

void arm_raise_abort_ra(CPUARMState *env, int excp, uint32_t syndrome, uint64_t vaddress,
                        uintptr_t retaddr)
{
    env->exception.vaddress = vaddress;
    arm_raise_exception_ra(env, excp, syndrome, 1, retaddr);
}

/* ---- entry ---------------------------------------------------------------------- */

static const char *excp_name(int excp)
{
    switch (excp) {
    case EXCP_UDEF: return "Undefined Instruction";
    case EXCP_SWI: return "SVC";
    case EXCP_PREFETCH_ABORT: return "Prefetch Abort";
    case EXCP_DATA_ABORT: return "Data Abort";
    case EXCP_IRQ: return "IRQ";
    case EXCP_FIQ: return "FIQ";
    case EXCP_BKPT: return "Breakpoint";
    case EXCP_HVC: return "Hypervisor Call";
    case EXCP_SMC: return "Secure Monitor Call";
    case EXCP_VIRQ: return "Virtual IRQ";
    case EXCP_VFIQ: return "Virtual FIQ";
    case EXCP_VSERR: return "Virtual SERR";
    case EXCP_SERROR: return "SError";
    default: return "unknown";
    }
}

/* Offset of the vector entry in VBAR_EL1 (Arm ARM D1.10.2). */
static uint32_t vector_offset(CPUARMState *env, int excp)
{
    uint32_t off;

    if (arm_current_el(env) == 0) {
        off = 0x400;                            /* lower EL using AArch64 */
    } else {
        off = (env->pstate & PSTATE_SP) ? 0x200 : 0x000;
    }
    switch (excp) {
    case EXCP_IRQ:
    case EXCP_VIRQ:
        return off + 0x80;
    case EXCP_FIQ:
    case EXCP_VFIQ:
        return off + 0x100;
    case EXCP_SERROR:
    case EXCP_VSERR:
        return off + 0x180;
    default:
        return off;
    }
}

static void take_exception_to_el1(CPUARMState *env, int excp)
{
    uint32_t old = pstate_read(env);
    uint32_t new_pstate;
    uint64_t vector = env->vbar_el1 + vector_offset(env, excp);

    switch (excp) {
    case EXCP_PREFETCH_ABORT:
    case EXCP_DATA_ABORT:
        env->far_el1 = env->exception.vaddress;
        /* fall through */
    case EXCP_UDEF:
    case EXCP_SWI:
    case EXCP_BKPT:
    case EXCP_HVC:
    case EXCP_SMC:
    case EXCP_SERROR:
    case EXCP_VSERR:
        env->esr_el1 = env->exception.syndrome;
        break;
    default:
        break;                                  /* interrupts leave ESR alone */
    }
    env->elr_el1 = env->pc;
    env->spsr_el1 = old;

    aarch64_save_sp(env);
    new_pstate = PSTATE_MODE_EL1h | PSTATE_DAIF | (old & PSTATE_PAN);
    if (arm_feature(env, ARM_FEATURE_PAN) && !(env->sctlr_el1 & SCTLR_SPAN)) {
        new_pstate |= PSTATE_PAN;
    }
    env->pstate = new_pstate;                   /* NZCV are kept as they were */
    aarch64_restore_sp(env);
    env->pc = vector;

    qemu_log_mask(CPU_LOG_INT, "arm: taking exception %d [%s] to EL1 from EL%d: "
                  "ESR 0x%08x ELR 0x%016" PRIx64 " FAR 0x%016" PRIx64 " -> PC 0x%016"
                  PRIx64 "\n", excp, excp_name(excp), (old & PSTATE_EL) >> 2,
                  (uint32_t)env->esr_el1, env->elr_el1, env->far_el1, vector);
}

void arm_cpu_do_interrupt(CPUState *cs)
{
    ARMCPU *cpu = ARM_CPU(cs);
    CPUARMState *env = &cpu->env;
    int excp = cs->exception_index;

    if (excp == EXCP_HVC || excp == EXCP_SMC) {
        if (arm_is_psci_call(cpu, excp)) {
            arm_handle_psci_call(cpu);
            /* CPU_OFF, CPU_SUSPEND, SYSTEM_OFF: stop running this CPU now. */
            if (cs->halted && cs->running) {
                cs->exception_index = EXCP_HLT;
                arm_cpu_loop_exit(cs);
            }
            return;
        }
        /* Without EL2/EL3 HVC and SMC are UNDEFINED: report the instruction
         * itself (pc already points past it, as for SVC). */
        env->pc -= 4;
        env->exception.syndrome = syn_uncategorized();
        excp = EXCP_UDEF;
    }
    take_exception_to_el1(env, excp);
}

/* ---- interrupts ----------------------------------------------------------------- */

bool arm_excp_unmasked(CPUARMState *env, int excp)
{
    switch (excp) {
    case EXCP_IRQ:
        return !(env->pstate & PSTATE_I);
    case EXCP_FIQ:
        return !(env->pstate & PSTATE_F);
    default:
        /* Virtual interrupts need HCR_EL2.{IMO,FMO,AMO}: there is no EL2. */
        return false;
    }
}

bool arm_cpu_exec_interrupt(CPUState *cs, int interrupt_request)
{
    CPUARMState *env = cpu_env(cs);
    int excp;

    if ((interrupt_request & CPU_INTERRUPT_FIQ) && arm_excp_unmasked(env, EXCP_FIQ)) {
        excp = EXCP_FIQ;
    } else if ((interrupt_request & CPU_INTERRUPT_HARD) && arm_excp_unmasked(env, EXCP_IRQ)) {
        excp = EXCP_IRQ;
    } else {
        return false;
    }
    cs->exception_index = excp;
    env->exception.target_el = 1;
    arm_cpu_do_interrupt(cs);
    return true;
}

bool arm_wfi_should_halt(CPUARMState *env)
{
    return !cpu_has_work(env_cpu(env));
}

/* ---- return --------------------------------------------------------------------- */

/* Whether an SPSR.M value names a state this CPU can return to from EL1. */
static bool eret_target_legal(uint32_t spsr)
{
    switch (spsr & PSTATE_M) {
    case PSTATE_MODE_EL0t:
    case PSTATE_MODE_EL1t:
    case PSTATE_MODE_EL1h:
        return true;
    default:
        return false;       /* AArch32, EL2/EL3, EL0 with SP_EL0 selected off, reserved */
    }
}

bool arm_tbi_enabled(CPUARMState *env, uint64_t addr)
{
    return (env->tcr_el1 & ((addr >> 55) & 1 ? TCR_TBI1 : TCR_TBI0)) != 0;
}

void arm_exception_return(CPUARMState *env)
{
    uint32_t spsr = (uint32_t)env->spsr_el1;
    uint64_t new_pc = env->elr_el1;
    uint32_t keep = PSTATE_NZCV | PSTATE_DAIF | PSTATE_IL |
                    (arm_feature(env, ARM_FEATURE_PAN) ? PSTATE_PAN : 0);

    env->exclusive_addr = -1;   /* ERET clears the local monitor */

    if (!eret_target_legal(spsr)) {
        /*
         * Illegal exception return: EL, SP and nRW stay, PSTATE.IL is set
         * and the other fields come from SPSR; the next instruction raises
         * an Illegal Execution State exception.
         */
        uint32_t cur = env->pstate & (PSTATE_EL | PSTATE_SP);

        pstate_write(env, (spsr & keep & ~(PSTATE_EL | PSTATE_SP)) | cur | PSTATE_IL);
        env->pc = new_pc;
        qemu_log_mask(CPU_LOG_INT, "arm: illegal exception return, SPSR 0x%08x\n", spsr);
        return;
    }

    aarch64_save_sp(env);
    pstate_write(env, spsr & (keep | PSTATE_EL | PSTATE_SP));
    aarch64_restore_sp(env);
    /* A tagged return address: the top byte is not part of the PC. */
    if (arm_tbi_enabled(env, new_pc)) {
        new_pc = (uint64_t)arm_sextract64(new_pc, 0, 56);
    }
    env->pc = new_pc;
    qemu_log_mask(CPU_LOG_INT, "arm: exception return to EL%d PC 0x%016" PRIx64 "\n",
                  arm_current_el(env), new_pc);
}
