/*
 * The AArch64 CPU models (cortex-a57, cortex-a72, max) as QOM types: their
 * ID registers and optional features, properties the board sets, reset,
 * interrupt inputs, and the hooks accel/tcg calls (TCGCPUOps).  The A64
 * translator plugs in translate_code/initialize separately.
 */
#include "qemu/osdep.h"
#include "hw/qdev-properties.h"
#include "target/arm/cpu.h"
#include "target/arm/internals.h"
#include "target/arm/ptw.h"
#include "target/arm/sysreg.h"
#include "target/arm/tcg/tcg-ops.h"


/* SCTLR_EL1 out of reset (Cortex-A57/A72 TRMs): RES1 bits, SA, SA0, nTWI, nTWE. */
#define ARM_RESET_SCTLR 0x00c50838ULL

/*
 * Which optional features each model advertises, and so which the A64
 * translator must implement.  Keep this table and the ID values below in step.
 *
 *   feature            ID register field               a57  a72  max
 *   AES + PMULL        ID_AA64ISAR0.AES = 2             y    y    y
 *   SHA1               ID_AA64ISAR0.SHA1 = 1            y    y    y
 *   SHA256             ID_AA64ISAR0.SHA2 = 1            y    y    y
 *   CRC32              ID_AA64ISAR0.CRC32 = 1           y    y    y
 *   LSE atomics        ID_AA64ISAR0.Atomic = 2          -    -    y
 *   PAN                ID_AA64MMFR1.PAN = 1             -    -    y   (MSR PAN, #imm)
 *   16K granule        ID_AA64MMFR0.TGran16 = 1         -    -    y
 *   PMUv3 (N = 0)      ID_AA64DFR0.PMUVer = 1          "pmu" property (default on)
 *   big-endian data    ID_AA64MMFR0.BigEnd = 1          y    y    y   (SCTLR.EE/E0E)
 * Everything else is ARMv8.0 base: FP and AdvSIMD (ID_AA64PFR0.FP/AdvSIMD = 0),
 * AArch64 only at EL0/EL1, no EL2/EL3, 16-bit ASIDs, DC ZVA with 64-byte blocks.
 */
#define FEAT(f) (1ULL << ARM_FEATURE_##f)
#define V8_CRYPTO (FEAT(AES) | FEAT(SHA1) | FEAT(SHA256) | FEAT(CRC32))

static const ARMCPUModel arm_cpu_models[] = {
    {
        .name = "cortex-a57",                   /* r1p0 */
        .features = V8_CRYPTO | FEAT(PMU),
        .id = {
            .midr = 0x411fd070,
            .ctr = 0x8444c004,
            .dczid = 4,                         /* 2^4 words = 64 bytes */
            .clidr = 0x0a200023,
            .ccsidr = { [0] = 0x701fe00a, [1] = 0x201fe012, [2] = 0x70ffe07a },
            .id_aa64pfr0 = 0x11,                /* EL0, EL1: AArch64 only */
            .id_aa64dfr0 = 0x10305106,          /* 6 BRPs, 4 WRPs, 2 CTX_CMPs, PMUv3 */
            .id_aa64isar0 = 0x00011120,
            .id_aa64mmfr0 = 0x00001124,         /* 44-bit PA, 16-bit ASID, no 16K */
            .pmcr = 0x41010000,
        },
    },
    {
        .name = "cortex-a72",                   /* r0p3 */
        .features = V8_CRYPTO | FEAT(PMU),
        .id = {
            .midr = 0x410fd083,
            .ctr = 0x8444c004,
            .dczid = 4,
            .clidr = 0x0a200023,
            .ccsidr = { [0] = 0x701fe00a, [1] = 0x201fe012, [2] = 0x707fe07a },
            .id_aa64pfr0 = 0x11,
            .id_aa64dfr0 = 0x10305106,
            .id_aa64isar0 = 0x00011120,
            .id_aa64mmfr0 = 0x00001124,
            .pmcr = 0x41020000,
        },
    },
    {
        .name = "max",
        .features = V8_CRYPTO | FEAT(PMU) | FEAT(LSE) | FEAT(PAN) | FEAT(TGRAN16),
        .id = {
            .midr = 0x000f0510,                 /* implementer 0: software */
            .ctr = 0x8444c004,
            .dczid = 4,
            .clidr = 0x0a200023,
            .ccsidr = { [0] = 0x701fe00a, [1] = 0x201fe012, [2] = 0x707fe07a },
            .id_aa64pfr0 = 0x11,
            .id_aa64dfr0 = 0x10305106,
            .id_aa64isar0 = 0x00211120,         /* + Atomic = 2 */
            .id_aa64mmfr0 = 0x00101125,         /* 48-bit PA, 16K granule */
            .id_aa64mmfr1 = 0x00100000,         /* PAN */
            .pmcr = 0x41000000,
        },
    },
};

/* ---- state queries for the translator and accel ------------------------------ */

int arm_mmu_idx(CPUARMState *env)
{
    if (arm_current_el(env) == 0) {
        return ARM_MMU_IDX_E10_0;
    }
    return (env->pstate & PSTATE_PAN) ? ARM_MMU_IDX_E10_1_PAN : ARM_MMU_IDX_E10_1;
}

uint32_t arm_tb_flags(CPUARMState *env)
{
    int el = arm_current_el(env);
    uint32_t flags = (uint32_t)el << ARM_TBFLAG_EL_SHIFT;

    flags |= (uint32_t)arm_mmu_idx(env) << ARM_TBFLAG_MMUIDX_SHIFT;
    if (arm_fp_access_allowed(env, el)) {
        flags |= ARM_TBFLAG_FPEN;
    }
    if (env->tcr_el1 & TCR_TBI0) {
        flags |= ARM_TBFLAG_TBI0;
    }
    if (env->tcr_el1 & TCR_TBI1) {
        flags |= ARM_TBFLAG_TBI1;
    }
    if (env->sctlr_el1 & (el == 0 ? SCTLR_E0E : SCTLR_EE)) {
        flags |= ARM_TBFLAG_BE_DATA;
    }
    if (env->sctlr_el1 & SCTLR_A) {
        flags |= ARM_TBFLAG_ALIGN;
    }
    if (env->pstate & PSTATE_IL) {
        flags |= ARM_TBFLAG_IL;
    }
    if (env->sctlr_el1 & (el == 0 ? SCTLR_SA0 : SCTLR_SA)) {
        flags |= ARM_TBFLAG_SP_ALIGN;
    }
    return flags;
}

/* ---- TCGCPUOps -------------------------------------------------------------------- */

static void arm_get_tb_cpu_state(CPUState *cs, uint64_t *pc, uint64_t *cs_base,
                                 uint32_t *flags)
{
    CPUARMState *env = cpu_env(cs);

    *pc = env->pc;
    *cs_base = 0;
    *flags = arm_tb_flags(env);
}

static void arm_synchronize_from_tb(CPUState *cs, const TranslationBlock *tb)
{
    cpu_env(cs)->pc = tb->pc;
}

/* insn_start data: data[0] is the instruction's pc. */
static void arm_restore_state_to_opc(CPUState *cs, const TranslationBlock *tb,
                                     const uint64_t *data)
{
    cpu_env(cs)->pc = data[0];
}

static int arm_cpu_mmu_index(CPUState *cs, bool ifetch)
{
    return arm_mmu_idx(cpu_env(cs));
}

/* Not const: arm_tcg_ops_init_translate() adds initialize, translate_code and
 * insn_start_words once, at class initialisation. */
static struct TCGCPUOps arm_tcg_ops = {
    .initialize = NULL,
    .translate_code = NULL,
    .insn_start_words = 1,              /* data[0] = pc */
    .get_tb_cpu_state = arm_get_tb_cpu_state,
    .synchronize_from_tb = arm_synchronize_from_tb,
    .restore_state_to_opc = arm_restore_state_to_opc,
    .cpu_exec_interrupt = arm_cpu_exec_interrupt,
    .do_interrupt = arm_cpu_do_interrupt,
    .tlb_fill = arm_cpu_tlb_fill,
    .do_unaligned_access = arm_cpu_do_unaligned_access,
    .do_transaction_failed = arm_cpu_do_transaction_failed,
    .mmu_index = arm_cpu_mmu_index,
    .nb_mmu_modes = ARM_MMU_IDX_COUNT,
    .page_bits = 12,
};

/* ---- CPUClass hooks ----------------------------------------------------------------- */

static bool arm_cpu_has_work(CPUState *cs)
{
    ARMCPU *cpu = ARM_CPU(cs);

    /* WFI wakes on a pending interrupt even if PSTATE masks it. */
    return cpu->power_state != PSCI_OFF &&
           (cs->interrupt_request & (CPU_INTERRUPT_HARD | CPU_INTERRUPT_FIQ |
                                     CPU_INTERRUPT_EXITTB));
}

static void arm_cpu_set_pc(CPUState *cs, uint64_t pc)
{
    cpu_env(cs)->pc = pc;
}

static uint64_t arm_cpu_get_pc(CPUState *cs)
{
    return cpu_env(cs)->pc;
}

static int64_t arm_cpu_get_arch_id(CPUState *cs)
{
    return (int64_t)ARM_CPU(cs)->mp_affinity;
}

/* Soft-float behaviour of AArch64 with FPCR.AH = 0. */
static void arm_fp_status_init(float_status *st)
{
    memset(st, 0, sizeof(*st));
    st->tininess_before_rounding = true;
    st->snan_bit_is_one = false;
    st->default_nan_sign = false;
    st->float_2nan_prop_rule = float_2nan_prop_s_ab;
    st->float_3nan_prop_rule = float_3nan_prop_s_cab;
    st->float_infzeronan_rule = float_infzeronan_default;
    st->float_to_int_rule = float_to_int_saturate;
}

static void arm_cpu_reset(CPUState *cs)
{
    ARMCPU *cpu = ARM_CPU(cs);
    CPUARMState *env = &cpu->env;

    memset(&env->xregs, 0, offsetof(CPUARMState, end_reset_fields) -
                           offsetof(CPUARMState, xregs));
    /* Reset enters EL1 using SP_EL1 with every exception masked (EL1 is the
     * highest implemented EL). */
    env->pstate = PSTATE_MODE_EL1h | PSTATE_DAIF;
    env->pc = env->rvbar;
    env->exclusive_addr = -1;
    arm_fp_status_init(&env->fp_status);
    vfp_set_fpcr(env, 0);
    vfp_set_fpsr(env, 0);
    env->sctlr_el1 = ARM_RESET_SCTLR;
    env->cntfrq_el0 = cpu->cntfrq_prop;
    arm_sysregs_reset(env);
    env->exception.target_el = 1;

    cpu->power_state = cpu->start_powered_off ? PSCI_OFF : PSCI_ON;
    cs->halted = cpu->start_powered_off;
    gt_timer_reset(cpu);
    tlb_flush(cs);
}

/* GPIO inputs from the interrupt controller. */
static void arm_cpu_set_irq(void *opaque, int irq, int level)
{
    static const uint32_t mask[] = {
        [ARM_CPU_IRQ] = CPU_INTERRUPT_HARD,
        [ARM_CPU_FIQ] = CPU_INTERRUPT_FIQ,
        [ARM_CPU_VIRQ] = CPU_INTERRUPT_VIRQ,
        [ARM_CPU_VFIQ] = CPU_INTERRUPT_VFIQ,
    };
    ARMCPU *cpu = opaque;
    CPUState *cs = CPU(cpu);

    if (irq < 0 || irq >= (int)ARRAY_SIZE(mask)) {
        return;
    }
    if (level) {
        cpu->env.irq_line_state |= mask[irq];
        cpu_interrupt(cs, mask[irq]);
    } else {
        cpu->env.irq_line_state &= ~mask[irq];
        cpu_reset_interrupt(cs, mask[irq]);
    }
}

/* ---- QOM --------------------------------------------------------------------------- */

static Property arm_cpu_properties[] = {
    DEFINE_PROP_UINT64("mp-affinity", ARMCPU, mp_affinity, UINT64_MAX),
    DEFINE_PROP_UINT64("rvbar", ARMCPU, rvbar_prop, 0),
    DEFINE_PROP_UINT64("cntfrq", ARMCPU, cntfrq_prop, 62500000),
    DEFINE_PROP_UINT32("psci-conduit", ARMCPU, psci_conduit, ARM_PSCI_CONDUIT_DISABLED),
    DEFINE_PROP_BOOL("start-powered-off", ARMCPU, start_powered_off, false),
    DEFINE_PROP_BOOL("pmu", ARMCPU, has_pmu, true),
    DEFINE_PROP_END_OF_LIST(),
};

static void arm_cpu_initfn(Object *obj)
{
    ARMCPU *cpu = ARM_CPU(obj);
    ARMCPUClass *acc = ARM_CPU_GET_CLASS(obj);
    DeviceState *dev = DEVICE(obj);

    cpu->env.common.cpu = CPU(obj);
    CPU(obj)->env_ptr = &cpu->env;
    if (acc->model) {
        cpu->env.id = acc->model->id;
        cpu->env.features = acc->model->features;
    }
    qdev_init_gpio_in(dev, arm_cpu_set_irq, 4);
    /* Timer outputs: anonymous (QEMU's board wiring) and by name, same pins. */
    qdev_init_gpio_out(dev, cpu->gt_timer_outputs, NUM_GTIMER_OUTPUTS);
    qdev_init_gpio_out_named(dev, cpu->gt_timer_outputs, "gt-timer-outputs",
                             NUM_GTIMER_OUTPUTS);
    qdev_init_gpio_out_named(dev, &cpu->pmu_interrupt, "pmu-interrupt", 1);
}

static void arm_cpu_finalize(Object *obj)
{
    ARMCPU *cpu = ARM_CPU(obj);

    if (cpu->extra_sysregs) {
        g_hash_table_destroy(cpu->extra_sysregs);
    }
    gt_timer_finalize(cpu);
}

static void arm_cpu_realize(DeviceState *dev, Error **errp)
{
    ARMCPU *cpu = ARM_CPU(dev);
    ARMCPUClass *acc = ARM_CPU_GET_CLASS(dev);
    CPUARMState *env = &cpu->env;
    Error *local_err = NULL;

    if (cpu->psci_conduit > ARM_PSCI_CONDUIT_HVC) {
        error_setg(errp, "psci-conduit: invalid value %u (0: disabled, 1: smc, 2: hvc)",
                   cpu->psci_conduit);
        return;
    }
    if (cpu->cntfrq_prop == 0) {
        error_setg(errp, "cntfrq: must not be 0");
        return;
    }
    if (cpu->has_pmu) {
        env->features |= 1ULL << ARM_FEATURE_PMU;
    } else {
        env->features &= ~(1ULL << ARM_FEATURE_PMU);
    }
    acc->parent_realize(dev, &local_err);
    if (local_err) {
        error_propagate(errp, local_err);
        return;
    }
    if (cpu->mp_affinity == UINT64_MAX) {
        /* QEMU's default: clusters of 8 CPUs, which a GICv2 can address. */
        cpu->mp_affinity = arm_build_mp_affinity(CPU(cpu)->cpu_index, 8);
    }
    /* MPIDR: bit 31 RES1, U = 0 (multiprocessor), MT = 0. */
    env->id.mpidr = (1ULL << 31) | (cpu->mp_affinity & 0xff00ffffffULL);
    env->rvbar = cpu->rvbar_prop;
    gt_timer_init(cpu);
    cpu_reset(CPU(cpu));
}

static void arm_cpu_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    CPUClass *cc = CPU_CLASS(oc);
    ARMCPUClass *acc = ARM_CPU_CLASS(oc);

    acc->parent_realize = dc->realize;
    dc->realize = arm_cpu_realize;
    dc->vmsd = &vmstate_arm_cpu;
    device_class_set_props(dc, arm_cpu_properties);
    cc->has_work = arm_cpu_has_work;
    cc->dump_state = arm_cpu_dump_state;
    cc->get_arch_id = arm_cpu_get_arch_id;
    cc->set_pc = arm_cpu_set_pc;
    cc->get_pc = arm_cpu_get_pc;
    cc->get_phys_page_debug = arm_cpu_get_phys_page_debug;
    cc->reset = arm_cpu_reset;
    if (!arm_tcg_ops.translate_code) {
        arm_tcg_ops_init_translate(&arm_tcg_ops);
    }
    cc->tcg_ops = &arm_tcg_ops;
}

static void arm_cpu_model_class_init(ObjectClass *oc, void *data)
{
    ARM_CPU_CLASS(oc)->model = data;
}

static const TypeInfo arm_cpu_type_info = {
    .name = TYPE_ARM_CPU,
    .parent = TYPE_CPU,
    .instance_size = sizeof(ARMCPU),
    .instance_init = arm_cpu_initfn,
    .instance_finalize = arm_cpu_finalize,
    .abstract = true,
    .class_size = sizeof(ARMCPUClass),
    .class_init = arm_cpu_class_init,
};

static void arm_cpu_register_types(void)
{
    type_register_static(&arm_cpu_type_info);
    for (size_t i = 0; i < ARRAY_SIZE(arm_cpu_models); i++) {
        const ARMCPUModel *m = &arm_cpu_models[i];
        char *name = g_strconcat(m->name, ARM_CPU_TYPE_SUFFIX, NULL);
        TypeInfo ti = {
            .name = name,
            .parent = TYPE_ARM_CPU,
            .class_init = arm_cpu_model_class_init,
            .class_data = (void *)m,
        };

        type_register_static(&ti);
        g_free(name);
    }
}

type_init(arm_cpu_register_types)
