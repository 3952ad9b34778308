/*
 * The AArch64 CPU's migration section "cpu": general and FP/SIMD registers,
 * PSTATE, banked SPs and the exclusive monitor as fields, and every system
 * register with state as a list of (KVM-style index, value) pairs so the
 * table in sysreg.c can grow without changing the stream layout.
 */
#include "qemu/osdep.h"
#include "migration/vmstate.h"
#include "target/arm/cpu.h"
#include "target/arm/internals.h"
#include "target/arm/sysreg.h"

/* Registers that carry migratable state. */
static bool sysreg_migrates(CPUARMState *env, const ARMSysReg *r)
{
    if (r->type & (ARM_SR_NO_MIGRATE | ARM_SR_CONST | ARM_SR_NOP)) {
        return false;
    }
    if (!r->fieldoffset && !r->readfn) {
        return false;
    }
    return arm_sysreg_lookup(env, r->encoding) == r;
}

/*
 * Registers with storage in CPUARMState migrate as that raw field, loaded
 * without side effects; only registers without it (e.g. the cycle counter)
 * go out through the read hook and come back through the write hook.  The
 * generic timers' CTL has both: its write hook would drive the timer's
 * interrupt line from whatever the virtual clock reads mid-load.
 */
static uint64_t sysreg_get_raw(CPUARMState *env, const ARMSysReg *r)
{
    if (r->fieldoffset) {
        return *(uint64_t *)((char *)env + r->fieldoffset);
    }
    return r->readfn(env, r);
}

static void sysreg_set_raw(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    if (r->fieldoffset) {
        *(uint64_t *)((char *)env + r->fieldoffset) = v;
    } else if (r->writefn) {
        r->writefn(env, r, v);
    }
}

static int arm_cpu_pre_save(void *opaque)
{
    ARMCPU *cpu = opaque;
    CPUARMState *env = &cpu->env;
    int n = 0;

    cpu->pstate_mig = pstate_read(env);
    cpu->fpcr_mig = vfp_get_fpcr(env);
    cpu->fpsr_mig = vfp_get_fpsr(env);
    cpu->halted_mig = CPU(cpu)->halted;
    for (int i = 0; i < arm_sysreg_count(); i++) {
        const ARMSysReg *r = arm_sysreg_at(i);

        if (!sysreg_migrates(env, r)) {
            continue;
        }
        if (n >= ARM_MAX_MIGRATED_SYSREGS) {
            return -ENOSPC;
        }
        cpu->cpreg_vmstate_indexes[n] = ARM_SYSREG_MIG_INDEX_BASE | r->encoding;
        cpu->cpreg_vmstate_values[n] = sysreg_get_raw(env, r);
        n++;
    }
    cpu->cpreg_vmstate_array_len = n;
    return 0;
}

static int arm_cpu_post_load(void *opaque, int version_id)
{
    ARMCPU *cpu = opaque;
    CPUARMState *env = &cpu->env;
    CPUState *cs = CPU(cpu);

    for (int i = 0; i < cpu->cpreg_vmstate_array_len; i++) {
        uint64_t idx = cpu->cpreg_vmstate_indexes[i];
        const ARMSysReg *r = NULL;

        if ((idx & ~0xffffULL) == ARM_SYSREG_MIG_INDEX_BASE) {
            r = arm_sysreg_lookup(env, (uint32_t)(idx & 0xffff));
        }
        if (!r || !sysreg_migrates(env, r)) {
            /* The source has a register this CPU model does not: refuse. */
            return -EINVAL;
        }
        sysreg_set_raw(env, r, cpu->cpreg_vmstate_values[i]);
    }
    /* PSTATE and SP as one: xregs[31] already holds the current SP. */
    pstate_write(env, cpu->pstate_mig);
    vfp_set_fpcr(env, cpu->fpcr_mig);
    vfp_set_fpsr(env, cpu->fpsr_mig);
    cs->halted = cpu->halted_mig;
    cs->interrupt_request = (cs->interrupt_request & ~(CPU_INTERRUPT_HARD | CPU_INTERRUPT_FIQ |
                                                       CPU_INTERRUPT_VIRQ |
                                                       CPU_INTERRUPT_VFIQ)) |
                            env->irq_line_state;
    for (int t = 0; t < NUM_GTIMERS; t++) {
        gt_timer_post_load(cpu, t);
    }
    arm_sysreg_tlbi_flush_all(env, false);
    return 0;
}

static bool cpreg_count_valid(void *opaque, int version_id)
{
    ARMCPU *cpu = opaque;

    return cpu->cpreg_vmstate_array_len >= 0 &&
           cpu->cpreg_vmstate_array_len <= ARM_MAX_MIGRATED_SYSREGS;
}

static bool power_state_valid(void *opaque, int version_id)
{
    ARMCPU *cpu = opaque;

    return cpu->power_state <= PSCI_ON_PENDING;
}

static const VMStateDescription vmstate_arm_vreg = {
    .name = "cpu/vreg",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64_ARRAY(d, ARMVectorReg, 2),
        VMSTATE_END_OF_LIST()
    },
};

const VMStateDescription vmstate_arm_cpu = {
    .name = "cpu",
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_save = arm_cpu_pre_save,
    .post_load = arm_cpu_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64_ARRAY(env.xregs, ARMCPU, 32),
        VMSTATE_UINT64(env.pc, ARMCPU),
        VMSTATE_UINT32(pstate_mig, ARMCPU),
        VMSTATE_UINT64_ARRAY(env.sp_el, ARMCPU, 4),
        VMSTATE_UINT64(env.exclusive_addr, ARMCPU),
        VMSTATE_UINT64(env.exclusive_val, ARMCPU),
        VMSTATE_UINT64(env.exclusive_high, ARMCPU),
        VMSTATE_STRUCT_ARRAY(env.vregs, ARMCPU, 32, 1, vmstate_arm_vreg, ARMVectorReg),
        VMSTATE_UINT32(fpcr_mig, ARMCPU),
        VMSTATE_UINT32(fpsr_mig, ARMCPU),
        VMSTATE_UINT32(env.irq_line_state, ARMCPU),
        VMSTATE_UINT32(power_state, ARMCPU),
        VMSTATE_VALIDATE("power_state is ON, OFF or ON_PENDING", power_state_valid),
        VMSTATE_UINT32(halted_mig, ARMCPU),
        VMSTATE_INT32(cpreg_vmstate_array_len, ARMCPU),
        VMSTATE_VALIDATE("system register count within bounds", cpreg_count_valid),
        VMSTATE_VARRAY_INT32_IN_STRUCT(cpreg_vmstate_indexes, ARMCPU, cpreg_vmstate_array_len,
                                       0, vmstate_info_uint64, uint64_t),
        VMSTATE_VARRAY_INT32_IN_STRUCT(cpreg_vmstate_values, ARMCPU, cpreg_vmstate_array_len,
                                       0, vmstate_info_uint64, uint64_t),
        VMSTATE_END_OF_LIST()
    },
};
