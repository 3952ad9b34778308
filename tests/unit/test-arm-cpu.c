/*
 * Unit tests for the AArch64 CPU without a translator: models and their ID
 * registers, reset state, the system register table and its access checks,
 * exception entry and return, interrupt masking, "info registers" and the
 * migration section.
 */
#include "qemu/osdep.h"
#include <check.h>
#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"
#include "migration/qemu-file.h"
#include "migration/vmstate.h"
#include "target/arm/cpu.h"
#include "target/arm/internals.h"
#include "target/arm/syndrome.h"
#include "target/arm/sysreg.h"

static ARMCPU *new_cpu_props(const char *type, const char *prop, uint64_t val)
{
    DeviceState *dev = qdev_new(type);
    Error *err = NULL;

    if (prop) {
        qdev_prop_set_uint64(dev, prop, val);
    }
    if (!qdev_realize(dev, NULL, &err)) {
        g_error("%s: %s", type, error_get_pretty(err));
    }
    return ARM_CPU(dev);
}

static ARMCPU *new_cpu(const char *type)
{
    return new_cpu_props(type, NULL, 0);
}

static const ARMSysReg *reg(CPUARMState *env, int op0, int op1, int crn, int crm, int op2)
{
    return arm_sysreg_lookup(env, ARM_SYSREG_ENC(op0, op1, crn, crm, op2));
}

static uint64_t rd(CPUARMState *env, int op0, int op1, int crn, int crm, int op2)
{
    const ARMSysReg *r = reg(env, op0, op1, crn, crm, op2);

    ck_assert_ptr_nonnull(r);
    return arm_sysreg_read(env, r);
}

static void wr(CPUARMState *env, int op0, int op1, int crn, int crm, int op2, uint64_t v)
{
    const ARMSysReg *r = reg(env, op0, op1, crn, crm, op2);

    ck_assert_ptr_nonnull(r);
    arm_sysreg_write(env, r, v);
}

static void set_el(CPUARMState *env, int el, bool sp_elx)
{
    aarch64_save_sp(env);
    env->pstate = (env->pstate & ~(PSTATE_EL | PSTATE_SP)) | ((uint32_t)el << 2) |
                  (sp_elx ? PSTATE_SP : 0);
    aarch64_restore_sp(env);
}

static ARMAccessResult check(CPUARMState *env, int op0, int op1, int crn, int crm, int op2,
                             bool isread)
{
    const ARMSysReg *r = reg(env, op0, op1, crn, crm, op2);

    ck_assert_ptr_nonnull(r);
    return arm_sysreg_access_check(env, r, isread);
}

/* ---- models ----------------------------------------------------------------------- */

START_TEST(test_cpu_types_are_registered)
{
    ck_assert(object_class_is_abstract(object_class_by_name("arm-cpu")));
    ck_assert_ptr_nonnull(object_class_by_name("cortex-a57-arm-cpu"));
    ck_assert_ptr_nonnull(object_class_by_name("cortex-a72-arm-cpu"));
    ck_assert_ptr_nonnull(object_class_by_name("max-arm-cpu"));
    ck_assert(!object_class_is_abstract(object_class_by_name("max-arm-cpu")));
}
END_TEST

START_TEST(test_model_id_registers)
{
    CPUARMState *a57 = &new_cpu("cortex-a57-arm-cpu")->env;
    CPUARMState *a72 = &new_cpu("cortex-a72-arm-cpu")->env;
    CPUARMState *max = &new_cpu("max-arm-cpu")->env;

    ck_assert_uint_eq(rd(a57, 3, 0, 0, 0, 0), 0x411fd070);
    ck_assert_uint_eq(rd(a72, 3, 0, 0, 0, 0), 0x410fd083);
    ck_assert_uint_eq(rd(a57, 3, 3, 0, 0, 1), 0x8444c004);           /* CTR_EL0 */
    /* ID_AA64PFR0: AArch64-only EL0/EL1, no EL2/EL3, FP and AdvSIMD present. */
    ck_assert_uint_eq(rd(a57, 3, 0, 0, 4, 0), 0x11);
    /* ID_AA64ISAR0: AES+PMULL, SHA1, SHA256, CRC32; max adds LSE. */
    ck_assert_uint_eq(rd(a57, 3, 0, 0, 6, 0), 0x00011120);
    ck_assert_uint_eq(rd(a72, 3, 0, 0, 6, 0), 0x00011120);
    ck_assert_uint_eq(arm_extract64(rd(max, 3, 0, 0, 6, 0), 20, 4), 2);
    /* ID_AA64MMFR0.TGran16: the A57 and A72 have no 16K granule, max does. */
    ck_assert_uint_eq(arm_extract64(rd(a57, 3, 0, 0, 7, 0), 20, 4), 0);
    ck_assert_uint_eq(arm_extract64(rd(a72, 3, 0, 0, 7, 0), 20, 4), 0);
    ck_assert_uint_eq(arm_extract64(rd(max, 3, 0, 0, 7, 0), 20, 4), 1);
    ck_assert_uint_eq(arm_extract64(rd(a57, 3, 0, 0, 7, 0), 0, 4), 4);    /* 44-bit PA */
    ck_assert_uint_eq(arm_extract64(rd(a57, 3, 0, 0, 7, 0), 4, 4), 2);    /* 16-bit ASID */
    /* PAN only on max. */
    ck_assert_ptr_null(reg(a57, 3, 0, 4, 2, 3));
    ck_assert_ptr_nonnull(reg(max, 3, 0, 4, 2, 3));
    ck_assert_uint_eq(arm_extract64(rd(max, 3, 0, 0, 7, 1), 20, 4), 1);
    /* ID_AA64DFR0: 6 breakpoints, 4 watchpoints, PMUv3. */
    ck_assert_uint_eq(rd(a57, 3, 0, 0, 5, 0), 0x10305106);
    /* DCZID_EL0: 64-byte blocks. */
    ck_assert_uint_eq(rd(a57, 3, 3, 0, 0, 7), 4);
    ck_assert_uint_eq(rd(a57, 3, 1, 0, 0, 1), 0x0a200023);           /* CLIDR */
}
END_TEST

START_TEST(test_ccsidr_follows_csselr)
{
    CPUARMState *env = &new_cpu("cortex-a57-arm-cpu")->env;

    wr(env, 3, 2, 0, 0, 0, 0);                  /* L1 data */
    ck_assert_uint_eq(rd(env, 3, 1, 0, 0, 0), 0x701fe00a);
    wr(env, 3, 2, 0, 0, 0, 1);                  /* L1 instruction */
    ck_assert_uint_eq(rd(env, 3, 1, 0, 0, 0), 0x201fe012);
    wr(env, 3, 2, 0, 0, 0, 2);                  /* L2 unified */
    ck_assert_uint_eq(rd(env, 3, 1, 0, 0, 0), 0x70ffe07a);
}
END_TEST

START_TEST(test_mpidr_from_cpu_index_and_property)
{
    ARMCPU *a = new_cpu("cortex-a57-arm-cpu");
    ARMCPU *b = new_cpu_props("cortex-a57-arm-cpu", "mp-affinity", 0x0102);
    int idx = CPU(a)->cpu_index;

    /* Default: 8 CPUs per cluster. */
    ck_assert_uint_eq(rd(&a->env, 3, 0, 0, 0, 5),
                      0x80000000ULL | ((idx / 8) << 8) | (idx % 8));
    ck_assert_uint_eq(rd(&b->env, 3, 0, 0, 0, 5), 0x80000102ULL);
    ck_assert_int_eq(CPU_GET_CLASS(b)->get_arch_id(CPU(b)), 0x0102);
}
END_TEST

START_TEST(test_pmu_property_hides_pmu)
{
    ARMCPU *cpu = ARM_CPU(qdev_new("cortex-a57-arm-cpu"));
    Error *err = NULL;

    qdev_prop_set_bit(DEVICE(cpu), "pmu", false);
    ck_assert(qdev_realize(DEVICE(cpu), NULL, &err));
    ck_assert_uint_eq(arm_extract64(rd(&cpu->env, 3, 0, 0, 5, 0), 8, 4), 0);
    ck_assert_ptr_null(reg(&cpu->env, 3, 3, 9, 12, 0));         /* PMCR_EL0 */
}
END_TEST

START_TEST(test_bad_psci_conduit_is_refused)
{
    DeviceState *dev = qdev_new("cortex-a57-arm-cpu");
    Error *err = NULL;

    qdev_prop_set_uint32(dev, "psci-conduit", 7);
    ck_assert(!qdev_realize(dev, NULL, &err));
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "psci-conduit"));
    error_free(err);
}
END_TEST

/* ---- reset ------------------------------------------------------------------------- */

START_TEST(test_reset_enters_el1h_masked_at_rvbar)
{
    ARMCPU *cpu = new_cpu_props("cortex-a72-arm-cpu", "rvbar", 0x40080000);
    CPUARMState *env = &cpu->env;

    env->xregs[3] = 99;
    env->pstate = 0;
    cpu_reset(CPU(cpu));
    ck_assert_uint_eq(env->pc, 0x40080000);
    /* EL1h, DAIF masked; NZCV are UNKNOWN: zeroed words read as Z set. */
    ck_assert_uint_eq(pstate_read(env), 0x400003c5);
    ck_assert_uint_eq(env->xregs[3], 0);
    ck_assert_uint_eq(rd(env, 3, 0, 1, 0, 0), 0x00c50838);   /* SCTLR_EL1 */
    ck_assert_uint_eq(rd(env, 3, 3, 14, 0, 0), 62500000);    /* CNTFRQ_EL0 */
    ck_assert_uint_eq(rd(env, 2, 0, 1, 1, 4), 0xa);          /* OSLSR: locked */
    ck_assert_uint_eq(rd(env, 3, 0, 12, 0, 1), 0x40080000); /* RVBAR_EL1 */
    ck_assert_uint_eq(env->exclusive_addr, (uint64_t)-1);
    ck_assert_int_eq(cpu->power_state, PSCI_ON);
    ck_assert_uint_eq(rd(env, 3, 3, 9, 12, 0) >> 16, 0x4102);  /* PMCR IMP/IDCODE */
}
END_TEST

/* ---- the register table --------------------------------------------------------- */

START_TEST(test_lookup_by_encoding)
{
    CPUARMState *env = &new_cpu("cortex-a57-arm-cpu")->env;
    const ARMSysReg *r = reg(env, 3, 0, 1, 0, 0);

    ck_assert_ptr_nonnull(r);
    ck_assert_str_eq(r->name, "SCTLR_EL1");
    ck_assert_str_eq(reg(env, 3, 3, 13, 0, 2)->name, "TPIDR_EL0");
    ck_assert_str_eq(reg(env, 1, 0, 8, 3, 1)->name, "TLBI VAE1IS");
    ck_assert_str_eq(reg(env, 3, 3, 14, 3, 1)->name, "CNTV_CTL_EL0");
    /* Bits [20:5] of MRS x0, TTBR1_EL1 (0xd5382020) are its encoding. */
    ck_assert_str_eq(arm_sysreg_lookup(env, (0xd5382020u >> 5) & 0xffff)->name, "TTBR1_EL1");
    /* Nothing at an unallocated encoding outside the ID space: UNDEFINED. */
    ck_assert_ptr_null(reg(env, 3, 0, 15, 15, 7));
    ck_assert_ptr_null(reg(env, 3, 4, 1, 0, 0));            /* SCTLR_EL2: no EL2 */
    /* Unallocated ID-space encodings read as zero (ID_AA64ZFR0_EL1, ID_AA64ISAR2_EL1). */
    ck_assert_uint_eq(rd(env, 3, 0, 0, 4, 4), 0);
    ck_assert_uint_eq(rd(env, 3, 0, 0, 6, 2), 0);
    ck_assert_uint_eq(check(env, 3, 0, 0, 6, 2, false), ARM_ACCESS_TRAP_UNCATEGORIZED);
}
END_TEST

START_TEST(test_table_encodings_are_unique_and_named)
{
    GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);

    ck_assert_int_gt(arm_sysreg_count(), 100);
    for (int i = 0; i < arm_sysreg_count(); i++) {
        const ARMSysReg *r = arm_sysreg_at(i);

        ck_assert_ptr_nonnull(r->name);
        ck_assert(!g_hash_table_contains(seen, GUINT_TO_POINTER(r->encoding)));
        g_hash_table_add(seen, GUINT_TO_POINTER(r->encoding));
        ck_assert(r->access != 0);
    }
    ck_assert_ptr_null(arm_sysreg_at(arm_sysreg_count()));
    g_hash_table_destroy(seen);
}
END_TEST

START_TEST(test_el0_access_to_el1_registers_is_undefined)
{
    CPUARMState *env = &new_cpu("cortex-a57-arm-cpu")->env;

    set_el(env, 0, false);
    ck_assert_int_eq(check(env, 3, 0, 1, 0, 0, true), ARM_ACCESS_TRAP_UNCATEGORIZED);
    ck_assert_int_eq(check(env, 3, 0, 0, 0, 0, true), ARM_ACCESS_TRAP_UNCATEGORIZED);
    ck_assert_int_eq(check(env, 1, 0, 8, 7, 0, false), ARM_ACCESS_TRAP_UNCATEGORIZED);
    ck_assert_int_eq(check(env, 3, 3, 13, 0, 2, true), ARM_ACCESS_OK);     /* TPIDR_EL0 */
    ck_assert_int_eq(check(env, 3, 3, 13, 0, 2, false), ARM_ACCESS_OK);
    ck_assert_int_eq(check(env, 3, 3, 13, 0, 3, true), ARM_ACCESS_OK);     /* TPIDRRO */
    ck_assert_int_eq(check(env, 3, 3, 13, 0, 3, false), ARM_ACCESS_TRAP_UNCATEGORIZED);
    set_el(env, 1, true);
    ck_assert_int_eq(check(env, 3, 3, 13, 0, 3, false), ARM_ACCESS_OK);
    /* Writes to read-only registers are UNDEFINED at any EL. */
    ck_assert_int_eq(check(env, 3, 0, 0, 0, 0, false), ARM_ACCESS_TRAP_UNCATEGORIZED);
    ck_assert_int_eq(check(env, 2, 0, 1, 0, 4, true), ARM_ACCESS_TRAP_UNCATEGORIZED);
}
END_TEST

START_TEST(test_sctlr_controls_el0_traps_to_el1)
{
    CPUARMState *env = &new_cpu("cortex-a57-arm-cpu")->env;
    const ARMSysReg *ctr = reg(env, 3, 3, 0, 0, 1);
    uint32_t syn;

    set_el(env, 0, false);
    env->sctlr_el1 &= ~(SCTLR_UCT | SCTLR_UMA | SCTLR_DZE | SCTLR_UCI);
    ck_assert_int_eq(check(env, 3, 3, 0, 0, 1, true), ARM_ACCESS_TRAP_SYSREG);
    ck_assert_int_eq(check(env, 3, 3, 4, 2, 1, true), ARM_ACCESS_TRAP_SYSREG);   /* DAIF */
    ck_assert_int_eq(check(env, 1, 3, 7, 4, 1, false), ARM_ACCESS_TRAP_SYSREG);  /* DC ZVA */
    ck_assert_int_eq(check(env, 1, 3, 7, 11, 1, false), ARM_ACCESS_TRAP_SYSREG); /* DC CVAU */
    ck_assert_int_eq(check(env, 1, 3, 7, 5, 1, false), ARM_ACCESS_TRAP_SYSREG);  /* IC IVAU */
    ck_assert_int_eq(check(env, 1, 0, 7, 6, 1, false), ARM_ACCESS_TRAP_UNCATEGORIZED);
    ck_assert_uint_eq(rd(env, 3, 3, 0, 0, 7), 4 | 16);      /* DCZID.DZP */
    /* The EC 0x18 syndrome of MRS x5, CTR_EL0. */
    syn = arm_sysreg_access_syndrome(ctr, ARM_ACCESS_TRAP_SYSREG, 5, true);
    ck_assert_uint_eq(syn, (0x18u << 26) | (1u << 25) | (3u << 20) | (1u << 17) |
                           (3u << 14) | (5u << 5) | 1);
    env->sctlr_el1 |= SCTLR_UCT | SCTLR_UMA | SCTLR_DZE | SCTLR_UCI;
    ck_assert_int_eq(check(env, 3, 3, 0, 0, 1, true), ARM_ACCESS_OK);
    ck_assert_int_eq(check(env, 3, 3, 4, 2, 1, false), ARM_ACCESS_OK);
    ck_assert_int_eq(check(env, 1, 3, 7, 4, 1, false), ARM_ACCESS_OK);
    ck_assert_int_eq(check(env, 1, 3, 7, 14, 1, false), ARM_ACCESS_OK);
    ck_assert_uint_eq(rd(env, 3, 3, 0, 0, 7), 4);
}
END_TEST

START_TEST(test_cpacr_fpen_traps_fp_registers)
{
    CPUARMState *env = &new_cpu("cortex-a57-arm-cpu")->env;
    const ARMSysReg *fpcr = reg(env, 3, 3, 4, 4, 0);

    env->cpacr_el1 = 0;
    ck_assert_int_eq(check(env, 3, 3, 4, 4, 0, true), ARM_ACCESS_TRAP_FP);
    ck_assert(!(arm_tb_flags(env) & ARM_TBFLAG_FPEN));
    ck_assert_uint_eq(arm_sysreg_access_syndrome(fpcr, ARM_ACCESS_TRAP_FP, 0, true),
                      (0x07u << 26) | (1u << 25));
    env->cpacr_el1 = 1u << 20;                  /* EL0 traps, EL1 does not */
    ck_assert_int_eq(check(env, 3, 3, 4, 4, 1, false), ARM_ACCESS_OK);
    ck_assert(arm_tb_flags(env) & ARM_TBFLAG_FPEN);
    set_el(env, 0, false);
    ck_assert_int_eq(check(env, 3, 3, 4, 4, 1, false), ARM_ACCESS_TRAP_FP);
    ck_assert(!(arm_tb_flags(env) & ARM_TBFLAG_FPEN));
    env->cpacr_el1 = 3u << 20;
    ck_assert_int_eq(check(env, 3, 3, 4, 4, 1, false), ARM_ACCESS_OK);
    /* Only FPEN is writable. */
    set_el(env, 1, true);
    wr(env, 3, 0, 1, 0, 2, 0xffffffff);
    ck_assert_uint_eq(env->cpacr_el1, 3u << 20);
}
END_TEST

START_TEST(test_pstate_registers_read_and_write)
{
    CPUARMState *env = &new_cpu("cortex-a57-arm-cpu")->env;

    wr(env, 3, 3, 4, 2, 0, 0xa0000000);        /* NZCV: N, C */
    ck_assert_uint_eq(rd(env, 3, 3, 4, 2, 0), 0xa0000000);
    ck_assert_uint_eq(pstate_read(env) & PSTATE_NZCV, 0xa0000000);
    wr(env, 3, 3, 4, 2, 0, 0x50000000);        /* Z, V */
    ck_assert_uint_eq(env->ZF, 0);
    ck_assert_uint_eq(env->VF >> 31, 1);
    ck_assert_uint_eq(rd(env, 3, 3, 4, 2, 1), 0x3c0);      /* DAIF after reset */
    wr(env, 3, 3, 4, 2, 1, 0x80);
    ck_assert_uint_eq(rd(env, 3, 3, 4, 2, 1), 0x80);
    arm_msr_daifset(env, 0x3);                             /* I, F */
    ck_assert_uint_eq(rd(env, 3, 3, 4, 2, 1), 0xc0);
    arm_msr_daifclr(env, 0x2);
    ck_assert_uint_eq(rd(env, 3, 3, 4, 2, 1), 0x40);
    ck_assert_uint_eq(rd(env, 3, 0, 4, 2, 2), 4);          /* CurrentEL = EL1 */
}
END_TEST

START_TEST(test_spsel_switches_stack_pointer)
{
    CPUARMState *env = &new_cpu("cortex-a57-arm-cpu")->env;

    env->xregs[31] = 0x1111;                               /* SP_EL1 */
    ck_assert_int_eq(check(env, 3, 0, 4, 1, 0, false), ARM_ACCESS_OK);
    wr(env, 3, 0, 4, 1, 0, 0x2222);                        /* SP_EL0 */
    wr(env, 3, 0, 4, 2, 0, 0);                             /* SPSel = 0 */
    ck_assert_uint_eq(env->xregs[31], 0x2222);
    ck_assert_uint_eq(rd(env, 3, 0, 4, 2, 0), 0);
    /* SP_EL0 is not accessible while it is the current SP. */
    ck_assert_int_eq(check(env, 3, 0, 4, 1, 0, true), ARM_ACCESS_TRAP_UNCATEGORIZED);
    arm_msr_spsel(env, 1);
    ck_assert_uint_eq(env->xregs[31], 0x1111);
    ck_assert_uint_eq(rd(env, 3, 0, 4, 1, 0), 0x2222);
}
END_TEST

START_TEST(test_fpcr_fpsr_map_onto_softfloat)
{
    CPUARMState *env = &new_cpu("cortex-a57-arm-cpu")->env;

    env->cpacr_el1 = 3u << 20;
    wr(env, 3, 3, 4, 4, 0, 0xffffffff);
    ck_assert_uint_eq(rd(env, 3, 3, 4, 4, 0), 0x07c00000);     /* AHP DN FZ RMode */
    ck_assert_int_eq(env->fp_status.float_rounding_mode, float_round_to_zero);
    ck_assert(env->fp_status.flush_to_zero);
    ck_assert(env->fp_status.default_nan_mode);
    wr(env, 3, 3, 4, 4, 0, 1u << 22);                           /* RP */
    ck_assert_int_eq(env->fp_status.float_rounding_mode, float_round_up);
    ck_assert(!env->fp_status.default_nan_mode);
    wr(env, 3, 3, 4, 4, 1, 0);
    env->fp_status.float_exception_flags = float_flag_inexact | float_flag_divbyzero;
    ck_assert_uint_eq(rd(env, 3, 3, 4, 4, 1), 0x12);            /* IXC, DZC */
    wr(env, 3, 3, 4, 4, 1, 0xffffffff);
    ck_assert_uint_eq(rd(env, 3, 3, 4, 4, 1), 0x0800009f);
    ck_assert(env->fp_status.float_exception_flags & float_flag_invalid);
    ck_assert(env->fp_status.tininess_before_rounding);
}
END_TEST

START_TEST(test_register_write_masks)
{
    CPUARMState *env = &new_cpu("cortex-a57-arm-cpu")->env;

    wr(env, 3, 0, 12, 0, 0, 0xffff0000000007ffULL);          /* VBAR: [10:0] RES0 */
    ck_assert_uint_eq(env->vbar_el1, 0xffff000000000000ULL);
    wr(env, 3, 0, 1, 0, 0, 0);                                 /* SCTLR: RES1 stay */
    ck_assert_uint_eq(env->sctlr_el1, SCTLR_EL1_RES1);
    wr(env, 2, 0, 1, 0, 4, 0);                                 /* OSLAR: unlock */
    ck_assert_uint_eq(rd(env, 2, 0, 1, 1, 4), 0x8);
    wr(env, 2, 0, 0, 3, 5, 0xffffffff);                        /* DBGBCR3 */
    ck_assert_uint_eq(rd(env, 2, 0, 0, 3, 5), 0x00ff01e7);
    ck_assert_ptr_null(reg(env, 2, 0, 0, 6, 5));               /* only 6 breakpoints */
    ck_assert_ptr_null(reg(env, 2, 0, 0, 4, 6));               /* only 4 watchpoints */
}
END_TEST

START_TEST(test_pmu_cycle_counter_controls)
{
    CPUARMState *env = &new_cpu("cortex-a57-arm-cpu")->env;

    ck_assert_uint_eq(arm_extract64(rd(env, 3, 3, 9, 12, 0), 11, 5), 0);   /* PMCR.N */
    wr(env, 3, 3, 9, 13, 0, 1000);                             /* PMCCNTR, stopped */
    ck_assert_uint_eq(rd(env, 3, 3, 9, 13, 0), 1000);
    wr(env, 3, 3, 9, 12, 1, 0xffffffff);                       /* PMCNTENSET */
    ck_assert_uint_eq(rd(env, 3, 3, 9, 12, 1), 1u << 31);
    ck_assert_uint_eq(rd(env, 3, 3, 9, 12, 2), 1u << 31);      /* CLR reads the same */
    wr(env, 3, 3, 9, 12, 0, PMCR_E | PMCR_C);                  /* enable, reset counter */
    ck_assert_uint_lt(rd(env, 3, 3, 9, 13, 0), 1000);
    wr(env, 3, 3, 9, 12, 2, 1u << 31);
    ck_assert_uint_eq(rd(env, 3, 3, 9, 12, 1), 0);
    /* EL0 access needs PMUSERENR.EN. */
    set_el(env, 0, false);
    ck_assert_int_eq(check(env, 3, 3, 9, 13, 0, true), ARM_ACCESS_TRAP_SYSREG);
    ck_assert_int_eq(check(env, 3, 3, 9, 14, 0, true), ARM_ACCESS_OK);
    env->pmuserenr_el0 = 1;
    ck_assert_int_eq(check(env, 3, 3, 9, 13, 0, true), ARM_ACCESS_OK);
}
END_TEST

START_TEST(test_tb_flags_and_mmu_index)
{
    ARMCPU *cpu = new_cpu("max-arm-cpu");
    CPUARMState *env = &cpu->env;
    const struct TCGCPUOps *ops = CPU_GET_CLASS(cpu)->tcg_ops;
    uint64_t pc, cs_base;
    uint32_t flags;

    ck_assert_int_eq(ops->nb_mmu_modes, 3);
    ck_assert_int_eq(arm_mmu_idx(env), ARM_MMU_IDX_E10_1);
    arm_msr_pan(env, 1);
    ck_assert_int_eq(arm_mmu_idx(env), ARM_MMU_IDX_E10_1_PAN);
    ck_assert_int_eq(ops->mmu_index(CPU(cpu), false), ARM_MMU_IDX_E10_1_PAN);
    set_el(env, 0, false);
    ck_assert_int_eq(arm_mmu_idx(env), ARM_MMU_IDX_E10_0);
    env->tcr_el1 = TCR_TBI0;
    env->sctlr_el1 |= SCTLR_E0E | SCTLR_A;
    env->pc = 0x1234;
    ops->get_tb_cpu_state(CPU(cpu), &pc, &cs_base, &flags);
    ck_assert_uint_eq(pc, 0x1234);
    ck_assert_uint_eq(cs_base, 0);
    ck_assert_uint_eq(flags & ARM_TBFLAG_EL_MASK, 0);
    ck_assert_uint_eq((flags & ARM_TBFLAG_MMUIDX_MASK) >> ARM_TBFLAG_MMUIDX_SHIFT,
                      ARM_MMU_IDX_E10_0);
    ck_assert(flags & ARM_TBFLAG_TBI0);
    ck_assert(!(flags & ARM_TBFLAG_TBI1));
    ck_assert(flags & ARM_TBFLAG_BE_DATA);
    ck_assert(flags & ARM_TBFLAG_ALIGN);
    ck_assert(!(flags & ARM_TBFLAG_IL));
}
END_TEST

/* ---- exceptions --------------------------------------------------------------------- */

static void take(ARMCPU *cpu, int excp, uint32_t syndrome, uint64_t vaddr)
{
    CPU(cpu)->exception_index = excp;
    cpu->env.exception.syndrome = syndrome;
    cpu->env.exception.vaddress = vaddr;
    arm_cpu_do_interrupt(CPU(cpu));
}

START_TEST(test_svc_from_el0_enters_lower_el_vector)
{
    ARMCPU *cpu = new_cpu("cortex-a57-arm-cpu");
    CPUARMState *env = &cpu->env;

    env->vbar_el1 = 0xffff000010000800ULL;
    set_el(env, 0, false);
    env->sp_el[1] = 0xffff0000aaaa0000ULL;
    env->xregs[31] = 0x7fff0000;
    env->pstate &= ~PSTATE_DAIF;
    nzcv_write(env, PSTATE_Z | PSTATE_C);
    env->pc = 0x400104;                         /* after the SVC */
    take(cpu, EXCP_SWI, syn_aa64_svc(0x42), 0);
    ck_assert_uint_eq(env->pc, 0xffff000010000800ULL + 0x400);
    ck_assert_uint_eq(env->elr_el1, 0x400104);
    ck_assert_uint_eq(env->spsr_el1, PSTATE_Z | PSTATE_C);    /* EL0t, unmasked */
    ck_assert_uint_eq(env->esr_el1, 0x56000042);
    ck_assert_uint_eq(pstate_read(env), PSTATE_Z | PSTATE_C | 0x3c5);
    ck_assert_uint_eq(env->xregs[31], 0xffff0000aaaa0000ULL);
    ck_assert_uint_eq(env->sp_el[0], 0x7fff0000);
}
END_TEST

START_TEST(test_vector_offsets_by_el_and_spsel_and_type)
{
    ARMCPU *cpu = new_cpu("cortex-a57-arm-cpu");
    CPUARMState *env = &cpu->env;
    const struct { int el; bool spx; int excp; uint64_t off; } cases[] = {
        { 1, false, EXCP_UDEF, 0x000 }, { 1, false, EXCP_IRQ, 0x080 },
        { 1, true, EXCP_UDEF, 0x200 }, { 1, true, EXCP_IRQ, 0x280 },
        { 1, true, EXCP_FIQ, 0x300 }, { 1, true, EXCP_SERROR, 0x380 },
        { 0, false, EXCP_DATA_ABORT, 0x400 }, { 0, false, EXCP_IRQ, 0x480 },
        { 0, false, EXCP_FIQ, 0x500 }, { 0, false, EXCP_SERROR, 0x580 },
    };

    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        cpu_reset(CPU(cpu));
        env->vbar_el1 = 0x10000;
        set_el(env, cases[i].el, cases[i].spx);
        take(cpu, cases[i].excp, syn_uncategorized(), 0);
        ck_assert_uint_eq(env->pc, 0x10000 + cases[i].off);
        ck_assert_uint_eq(pstate_read(env) & 0x3cf, 0x3c5);
    }
}
END_TEST

START_TEST(test_data_abort_sets_far_and_esr_irq_leaves_esr)
{
    ARMCPU *cpu = new_cpu("cortex-a57-arm-cpu");
    CPUARMState *env = &cpu->env;
    uint32_t syn = syn_data_abort(true, false, false, false, true, 0x07);

    env->pc = 0xffff000000081000ULL;
    take(cpu, EXCP_DATA_ABORT, syn, 0xdead0000);
    ck_assert_uint_eq(env->far_el1, 0xdead0000);
    ck_assert_uint_eq(env->esr_el1, 0x96000047);       /* EC 0x25, IL, WnR, L3 xlat */
    ck_assert_uint_eq(env->elr_el1, 0xffff000000081000ULL);
    env->esr_el1 = 0x1234;
    env->far_el1 = 0x5678;
    take(cpu, EXCP_IRQ, 0, 0);
    ck_assert_uint_eq(env->esr_el1, 0x1234);
    ck_assert_uint_eq(env->far_el1, 0x5678);
}
END_TEST

START_TEST(test_exception_entry_sets_pan_unless_span)
{
    ARMCPU *cpu = new_cpu("max-arm-cpu");
    CPUARMState *env = &cpu->env;

    env->sctlr_el1 &= ~SCTLR_SPAN;
    set_el(env, 0, false);
    take(cpu, EXCP_SWI, syn_aa64_svc(0), 0);
    ck_assert(env->pstate & PSTATE_PAN);
    env->sctlr_el1 |= SCTLR_SPAN;
    arm_msr_pan(env, 0);
    take(cpu, EXCP_SWI, syn_aa64_svc(0), 0);
    ck_assert(!(env->pstate & PSTATE_PAN));
}
END_TEST

START_TEST(test_interrupts_respect_daif)
{
    ARMCPU *cpu = new_cpu("cortex-a57-arm-cpu");
    CPUState *cs = CPU(cpu);
    CPUARMState *env = &cpu->env;
    qemu_irq irq = qdev_get_gpio_in(DEVICE(cpu), ARM_CPU_IRQ);
    qemu_irq fiq = qdev_get_gpio_in(DEVICE(cpu), ARM_CPU_FIQ);

    env->vbar_el1 = 0x8000;
    ck_assert(!cpu_has_work(cs));
    qemu_irq_raise(irq);
    ck_assert(cs->interrupt_request & CPU_INTERRUPT_HARD);
    ck_assert(cpu_has_work(cs));                /* WFI wakes even while masked */
    ck_assert(!arm_cpu_exec_interrupt(cs, cs->interrupt_request));
    env->pstate &= ~PSTATE_I;
    env->pc = 0x5000;
    ck_assert(arm_cpu_exec_interrupt(cs, cs->interrupt_request));
    ck_assert_uint_eq(env->pc, 0x8000 + 0x280);
    ck_assert_uint_eq(env->elr_el1, 0x5000);
    ck_assert(env->pstate & PSTATE_I);
    /* FIQ beats IRQ when both are unmasked. */
    env->pstate &= ~(PSTATE_I | PSTATE_F);
    qemu_irq_raise(fiq);
    ck_assert(arm_cpu_exec_interrupt(cs, cs->interrupt_request));
    ck_assert_uint_eq(env->pc, 0x8000 + 0x300);
    qemu_irq_lower(irq);
    qemu_irq_lower(fiq);
    ck_assert(!(cs->interrupt_request & (CPU_INTERRUPT_HARD | CPU_INTERRUPT_FIQ)));
    ck_assert(!cpu_has_work(cs));
    /* Without EL2 virtual interrupts are never taken. */
    env->pstate &= ~PSTATE_DAIF;
    ck_assert(!arm_cpu_exec_interrupt(cs, CPU_INTERRUPT_VIRQ | CPU_INTERRUPT_VFIQ));
    ck_assert_uint_eq(rd(env, 3, 0, 12, 1, 0), 0);          /* ISR_EL1 */
    qemu_irq_raise(irq);
    ck_assert_uint_eq(rd(env, 3, 0, 12, 1, 0), 0x80);
}
END_TEST

START_TEST(test_eret_returns_to_el0)
{
    ARMCPU *cpu = new_cpu("cortex-a57-arm-cpu");
    CPUARMState *env = &cpu->env;

    env->sp_el[0] = 0x7ff000;
    env->xregs[31] = 0xffff800000;              /* SP_EL1 */
    env->spsr_el1 = PSTATE_N | PSTATE_MODE_EL0t;
    env->elr_el1 = 0x400200;
    env->exclusive_addr = 0x1000;
    arm_exception_return(env);
    ck_assert_uint_eq(env->pc, 0x400200);
    ck_assert_int_eq(arm_current_el(env), 0);
    ck_assert_uint_eq(pstate_read(env), PSTATE_N);
    ck_assert_uint_eq(env->xregs[31], 0x7ff000);
    ck_assert_uint_eq(env->sp_el[1], 0xffff800000);
    ck_assert_uint_eq(env->exclusive_addr, (uint64_t)-1);
    ck_assert_int_eq(arm_mmu_idx(env), ARM_MMU_IDX_E10_0);
}
END_TEST

START_TEST(test_eret_round_trip_through_svc)
{
    ARMCPU *cpu = new_cpu("cortex-a57-arm-cpu");
    CPUARMState *env = &cpu->env;

    set_el(env, 0, false);
    env->pstate &= ~PSTATE_DAIF;
    nzcv_write(env, PSTATE_V);
    env->xregs[31] = 0x1000;
    env->pc = 0x2004;
    take(cpu, EXCP_SWI, syn_aa64_svc(1), 0);
    arm_exception_return(env);
    ck_assert_uint_eq(env->pc, 0x2004);
    ck_assert_uint_eq(pstate_read(env), PSTATE_V);
    ck_assert_uint_eq(env->xregs[31], 0x1000);
}
END_TEST

START_TEST(test_illegal_eret_sets_il_and_keeps_el)
{
    ARMCPU *cpu = new_cpu("cortex-a57-arm-cpu");
    CPUARMState *env = &cpu->env;
    const uint32_t bad[] = { 0x9 /* EL2h */, 0xd /* EL3h */, 0x10 /* AArch32 */,
                             0x1 /* EL0 with SP_EL0 bit */, 0x6 /* reserved */ };

    for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
        cpu_reset(CPU(cpu));
        env->xregs[31] = 0x9000;
        env->spsr_el1 = PSTATE_C | bad[i];
        env->elr_el1 = 0x3000;
        arm_exception_return(env);
        ck_assert_int_eq(arm_current_el(env), 1);
        ck_assert(env->pstate & PSTATE_SP);
        ck_assert(env->pstate & PSTATE_IL);
        ck_assert(arm_tb_flags(env) & ARM_TBFLAG_IL);
        ck_assert_uint_eq(env->pc, 0x3000);
        ck_assert(pstate_read(env) & PSTATE_C);
        ck_assert_uint_eq(env->xregs[31], 0x9000);
    }
}
END_TEST

START_TEST(test_eret_strips_tag_from_return_address)
{
    ARMCPU *cpu = new_cpu("cortex-a57-arm-cpu");
    CPUARMState *env = &cpu->env;

    env->tcr_el1 = TCR_TBI0;
    env->spsr_el1 = PSTATE_MODE_EL0t;
    env->elr_el1 = 0x5a00000000400000ULL;
    arm_exception_return(env);
    ck_assert_uint_eq(env->pc, 0x400000);
}
END_TEST

START_TEST(test_hvc_without_conduit_is_undefined)
{
    ARMCPU *cpu = new_cpu("cortex-a57-arm-cpu");
    CPUARMState *env = &cpu->env;

    env->pc = 0x1004;                           /* past the HVC at 0x1000 */
    env->xregs[0] = 0x84000000;
    take(cpu, EXCP_HVC, syn_aa64_hvc(0), 0);
    ck_assert_uint_eq(env->elr_el1, 0x1000);
    ck_assert_uint_eq(env->esr_el1, 0x02000000);       /* EC 0, IL */
    ck_assert_uint_eq(env->xregs[0], 0x84000000);
    ck_assert_uint_eq(env->pc, 0x200);
}
END_TEST

/* ---- info registers and migration ------------------------------------------------ */

START_TEST(test_dump_state_format)
{
    ARMCPU *cpu = new_cpu("cortex-a57-arm-cpu");
    CPUARMState *env = &cpu->env;
    GString *out = g_string_new(NULL);

    env->pc = 0x40080000;
    env->xregs[1] = 0x1234;
    env->xregs[31] = 0x4000;
    nzcv_write(env, PSTATE_Z);
    CPU_GET_CLASS(cpu)->dump_state(CPU(cpu), out, 0);
    ck_assert_ptr_nonnull(strstr(out->str, "PC=0000000040080000 X00=0000000000000000 "
                                           "X01=0000000000001234\n"));
    ck_assert_ptr_nonnull(strstr(out->str, "X30=0000000000000000 SP=0000000000004000\n"));
    ck_assert_ptr_nonnull(strstr(out->str, "PSTATE=400003c5 -Z-- EL1h\n"));
    ck_assert_ptr_null(strstr(out->str, "FPCR"));
    g_string_truncate(out, 0);
    env->vregs[2].d[0] = 1;
    env->vregs[2].d[1] = 2;
    CPU_GET_CLASS(cpu)->dump_state(CPU(cpu), out, CPU_DUMP_FPU);
    ck_assert_ptr_nonnull(strstr(out->str, "FPCR=00000000 FPSR=00000000\n"));
    ck_assert_ptr_nonnull(strstr(out->str, "Q02=0000000000000002:0000000000000001 "));
    g_string_free(out, true);
}
END_TEST

START_TEST(test_vmstate_round_trip)
{
    ARMCPU *src = new_cpu("cortex-a57-arm-cpu");
    ARMCPU *dst = new_cpu("cortex-a57-arm-cpu");
    QEMUFile *f = qemu_file_new_mem_output();
    Error *err = NULL;
    const uint8_t *data;
    size_t len;
    QEMUFile *in;

    ck_assert(vmstate_check_description(&vmstate_arm_cpu, &err));
    set_el(&src->env, 0, false);
    src->env.xregs[5] = 0x55;
    src->env.xregs[31] = 0x7000;                /* SP_EL0 */
    src->env.sp_el[1] = 0x9000;
    src->env.pc = 0x400000;
    nzcv_write(&src->env, PSTATE_N | PSTATE_C);
    src->env.vregs[31].d[1] = 0xfeed;
    src->env.ttbr1_el1 = 0xabc000;
    src->env.tpidr_el0 = 0x77;
    src->env.dbgbvr[2] = 0x88;
    src->env.cpacr_el1 = 3u << 20;
    vfp_set_fpcr(&src->env, 3u << 22);
    ck_assert_int_eq(vmstate_save_state(f, &vmstate_arm_cpu, src, NULL, &err), 0);
    qemu_fflush(f);
    data = qemu_file_mem_output_data(f, &len);
    in = qemu_file_new_mem_input(data, len);
    ck_assert_int_eq(vmstate_load_state(in, &vmstate_arm_cpu, dst, 1, &err), 0);
    ck_assert_uint_eq(dst->env.xregs[5], 0x55);
    ck_assert_uint_eq(dst->env.xregs[31], 0x7000);
    ck_assert_uint_eq(dst->env.sp_el[1], 0x9000);
    ck_assert_int_eq(arm_current_el(&dst->env), 0);
    ck_assert_uint_eq(pstate_read(&dst->env), pstate_read(&src->env));
    ck_assert_uint_eq(dst->env.vregs[31].d[1], 0xfeed);
    ck_assert_uint_eq(dst->env.ttbr1_el1, 0xabc000);
    ck_assert_uint_eq(dst->env.tpidr_el0, 0x77);
    ck_assert_uint_eq(dst->env.dbgbvr[2], 0x88);
    ck_assert_int_eq(dst->env.fp_status.float_rounding_mode, float_round_to_zero);
    qemu_fclose(in);
    qemu_fclose(f);
}
END_TEST

START_TEST(test_vmstate_refuses_unknown_register)
{
    ARMCPU *src = new_cpu("max-arm-cpu");
    ARMCPU *dst = new_cpu("max-arm-cpu");
    QEMUFile *f = qemu_file_new_mem_output();
    Error *err = NULL;
    const uint8_t *data;
    size_t len;
    QEMUFile *in;

    ck_assert_int_eq(vmstate_save_state(f, &vmstate_arm_cpu, src, NULL, &err), 0);
    qemu_fflush(f);
    data = qemu_file_mem_output_data(f, &len);
    /* Make the destination lack the PMU: its registers are now unknown there. */
    dst->env.features &= ~(1ULL << ARM_FEATURE_PMU);
    in = qemu_file_new_mem_input(data, len);
    ck_assert_int_ne(vmstate_load_state(in, &vmstate_arm_cpu, dst, 1, &err), 0);
    error_free(err);
    qemu_fclose(in);
    qemu_fclose(f);
}
END_TEST

static Suite *arm_cpu_suite(void)
{
    Suite *s = suite_create("arm-cpu");
    TCase *tc = tcase_create("models");

    tcase_add_test(tc, test_cpu_types_are_registered);
    tcase_add_test(tc, test_model_id_registers);
    tcase_add_test(tc, test_ccsidr_follows_csselr);
    tcase_add_test(tc, test_mpidr_from_cpu_index_and_property);
    tcase_add_test(tc, test_pmu_property_hides_pmu);
    tcase_add_test(tc, test_bad_psci_conduit_is_refused);
    tcase_add_test(tc, test_reset_enters_el1h_masked_at_rvbar);
    suite_add_tcase(s, tc);

    tc = tcase_create("sysregs");
    tcase_add_test(tc, test_lookup_by_encoding);
    tcase_add_test(tc, test_table_encodings_are_unique_and_named);
    tcase_add_test(tc, test_el0_access_to_el1_registers_is_undefined);
    tcase_add_test(tc, test_sctlr_controls_el0_traps_to_el1);
    tcase_add_test(tc, test_cpacr_fpen_traps_fp_registers);
    tcase_add_test(tc, test_pstate_registers_read_and_write);
    tcase_add_test(tc, test_spsel_switches_stack_pointer);
    tcase_add_test(tc, test_fpcr_fpsr_map_onto_softfloat);
    tcase_add_test(tc, test_register_write_masks);
    tcase_add_test(tc, test_pmu_cycle_counter_controls);
    tcase_add_test(tc, test_tb_flags_and_mmu_index);
    suite_add_tcase(s, tc);

    tc = tcase_create("exceptions");
    tcase_add_test(tc, test_svc_from_el0_enters_lower_el_vector);
    tcase_add_test(tc, test_vector_offsets_by_el_and_spsel_and_type);
    tcase_add_test(tc, test_data_abort_sets_far_and_esr_irq_leaves_esr);
    tcase_add_test(tc, test_exception_entry_sets_pan_unless_span);
    tcase_add_test(tc, test_interrupts_respect_daif);
    tcase_add_test(tc, test_eret_returns_to_el0);
    tcase_add_test(tc, test_eret_round_trip_through_svc);
    tcase_add_test(tc, test_illegal_eret_sets_il_and_keeps_el);
    tcase_add_test(tc, test_eret_strips_tag_from_return_address);
    tcase_add_test(tc, test_hvc_without_conduit_is_undefined);
    suite_add_tcase(s, tc);

    tc = tcase_create("state");
    tcase_add_test(tc, test_dump_state_format);
    tcase_add_test(tc, test_vmstate_round_trip);
    tcase_add_test(tc, test_vmstate_refuses_unknown_register);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(arm_cpu_suite());
    int failed;

    memory_init();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
