/*
 * The AArch64 system register table (EL0/EL1 of an ARMv8.0 CPU without EL2
 * or EL3): one line per register or SYS operation, with its access rights,
 * trap checks, reset value and behaviour.  Lookup is by encoding.  The
 * generic timer's registers point at gtimer.c; AT at ptw.c.
 */
#include "qemu/osdep.h"
#include "target/arm/sysreg.h"
#include "target/arm/syndrome.h"
#include "target/arm/internals.h"
#include "target/arm/ptw.h"
#include "target/arm/gtimer.h"

#define OFF(field) offsetof(CPUARMState, field)
#define ENC ARM_SYSREG_ENC
#define PL0_R ARM_SR_PL0_R
#define PL0_W ARM_SR_PL0_W
#define PL1_R ARM_SR_PL1_R
#define PL1_W ARM_SR_PL1_W
#define PL0_RW ARM_SR_PL0_RW
#define PL1_RW ARM_SR_PL1_RW

static inline uint64_t *sr_field(CPUARMState *env, const ARMSysReg *r)
{
    return (uint64_t *)((char *)env + r->fieldoffset);
}

/* ---- access checks ---------------------------------------------------------- */

bool arm_fp_access_allowed(CPUARMState *env, int el)
{
    unsigned fpen = arm_extract64(env->cpacr_el1, CPACR_FPEN_SHIFT, 2);

    /* 0b11: no traps; 0b01: EL0 traps; 0b00, 0b10: EL0 and EL1 trap. */
    return fpen == 3 || (fpen == 1 && el == 1);
}

static ARMAccessResult access_fp(CPUARMState *env, const ARMSysReg *r, bool isread)
{
    return arm_fp_access_allowed(env, arm_current_el(env)) ? ARM_ACCESS_OK
                                                           : ARM_ACCESS_TRAP_FP;
}

static ARMAccessResult access_el0_sctlr(CPUARMState *env, uint64_t bit)
{
    if (arm_current_el(env) == 0 && !(env->sctlr_el1 & bit)) {
        return ARM_ACCESS_TRAP_SYSREG;
    }
    return ARM_ACCESS_OK;
}

static ARMAccessResult access_uct(CPUARMState *env, const ARMSysReg *r, bool isread)
{
    return access_el0_sctlr(env, SCTLR_UCT);
}

static ARMAccessResult access_uma(CPUARMState *env, const ARMSysReg *r, bool isread)
{
    return access_el0_sctlr(env, SCTLR_UMA);
}

static ARMAccessResult access_uci(CPUARMState *env, const ARMSysReg *r, bool isread)
{
    return access_el0_sctlr(env, SCTLR_UCI);
}

static ARMAccessResult access_dze(CPUARMState *env, const ARMSysReg *r, bool isread)
{
    return access_el0_sctlr(env, SCTLR_DZE);
}

/* MRS/MSR SP_EL0 is UNDEFINED while SP_EL0 is the current stack pointer. */
static ARMAccessResult access_sp_el0(CPUARMState *env, const ARMSysReg *r, bool isread)
{
    return (env->pstate & PSTATE_SP) ? ARM_ACCESS_OK : ARM_ACCESS_TRAP_UNCATEGORIZED;
}

/* PMUSERENR_EL0: EN (bit 0) opens everything to EL0; SW (1) PMSWINC; CR (2)
 * reads of PMCCNTR; ER (3) reads of event counters and PMSELR. */
static ARMAccessResult access_pm(CPUARMState *env, uint64_t extra)
{
    if (arm_current_el(env) == 0 && !(env->pmuserenr_el0 & (1 | extra))) {
        return ARM_ACCESS_TRAP_SYSREG;
    }
    return ARM_ACCESS_OK;
}

static ARMAccessResult access_pmu(CPUARMState *env, const ARMSysReg *r, bool isread)
{
    return access_pm(env, 0);
}

static ARMAccessResult access_pmswinc(CPUARMState *env, const ARMSysReg *r, bool isread)
{
    return access_pm(env, 1 << 1);
}

static ARMAccessResult access_pmccntr(CPUARMState *env, const ARMSysReg *r, bool isread)
{
    return access_pm(env, isread ? 1 << 2 : 0);
}

static ARMAccessResult access_pmselr(CPUARMState *env, const ARMSysReg *r, bool isread)
{
    return access_pm(env, isread ? 1 << 3 : 0);
}

/* ---- PSTATE-backed and banked registers ---------------------------------------- */

static uint64_t nzcv_rd(CPUARMState *env, const ARMSysReg *r)
{
    return nzcv_read(env);
}

static void nzcv_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    nzcv_write(env, (uint32_t)v & PSTATE_NZCV);
}

static uint64_t daif_rd(CPUARMState *env, const ARMSysReg *r)
{
    return env->pstate & PSTATE_DAIF;
}

static void daif_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    env->pstate = (env->pstate & ~PSTATE_DAIF) | ((uint32_t)v & PSTATE_DAIF);
}

static uint64_t spsel_rd(CPUARMState *env, const ARMSysReg *r)
{
    return env->pstate & PSTATE_SP;
}

static void spsel_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    arm_msr_spsel(env, v & 1);
}

static uint64_t currentel_rd(CPUARMState *env, const ARMSysReg *r)
{
    return env->pstate & PSTATE_EL;
}

static uint64_t pan_rd(CPUARMState *env, const ARMSysReg *r)
{
    return env->pstate & PSTATE_PAN;
}

static void pan_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    arm_msr_pan(env, (v & PSTATE_PAN) ? 1 : 0);
}

static uint64_t sp_el0_rd(CPUARMState *env, const ARMSysReg *r)
{
    return env->sp_el[0];
}

static void sp_el0_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    env->sp_el[0] = v;
}

static uint64_t fpcr_rd(CPUARMState *env, const ARMSysReg *r)
{
    return vfp_get_fpcr(env);
}

static void fpcr_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    vfp_set_fpcr(env, (uint32_t)v);
}

static uint64_t fpsr_rd(CPUARMState *env, const ARMSysReg *r)
{
    return vfp_get_fpsr(env);
}

static void fpsr_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    vfp_set_fpsr(env, (uint32_t)v);
}

void arm_msr_daifset(CPUARMState *env, uint32_t imm4)
{
    env->pstate |= (imm4 & 0xf) << 6;
}

void arm_msr_daifclr(CPUARMState *env, uint32_t imm4)
{
    env->pstate &= ~((imm4 & 0xf) << 6);
}

void arm_msr_spsel(CPUARMState *env, uint32_t imm)
{
    aarch64_save_sp(env);
    env->pstate = (env->pstate & ~PSTATE_SP) | (imm & 1 ? PSTATE_SP : 0);
    aarch64_restore_sp(env);
}

void arm_msr_pan(CPUARMState *env, uint32_t imm)
{
    if (arm_feature(env, ARM_FEATURE_PAN)) {
        env->pstate = (env->pstate & ~PSTATE_PAN) | (imm & 1 ? PSTATE_PAN : 0);
    }
}

/* ---- FPCR / FPSR onto soft-float ------------------------------------------- */

#define FPCR_WRITABLE 0x07c00000u       /* AHP, DN, FZ, RMode */
#define FPCR_RMODE_SHIFT 22
#define FPCR_FZ (1u << 24)
#define FPCR_DN (1u << 25)
#define FPSR_WRITABLE 0x0800009fu       /* QC, IDC, IXC, UFC, OFC, DZC, IOC */
#define FPSR_QC (1u << 27)

uint32_t vfp_get_fpcr(CPUARMState *env)
{
    return (uint32_t)env->fpcr;
}

void vfp_set_fpcr(CPUARMState *env, uint32_t val)
{
    static const FloatRoundMode rmode[4] = {
        float_round_nearest_even, float_round_up, float_round_down, float_round_to_zero,
    };

    val &= FPCR_WRITABLE;
    env->fpcr = val;
    env->fp_status.float_rounding_mode = rmode[(val >> FPCR_RMODE_SHIFT) & 3];
    env->fp_status.flush_to_zero = (val & FPCR_FZ) != 0;
    env->fp_status.flush_inputs_to_zero = (val & FPCR_FZ) != 0;
    env->fp_status.default_nan_mode = (val & FPCR_DN) != 0;
}

uint32_t vfp_get_fpsr(CPUARMState *env)
{
    uint32_t f = env->fp_status.float_exception_flags;
    uint32_t v = (uint32_t)env->fpsr & (FPSR_WRITABLE);

    v |= (f & float_flag_invalid) ? 1u << 0 : 0;
    v |= (f & float_flag_divbyzero) ? 1u << 1 : 0;
    v |= (f & float_flag_overflow) ? 1u << 2 : 0;
    /* A result flushed to zero is reported as underflow. */
    v |= (f & (float_flag_underflow | float_flag_output_denormal)) ? 1u << 3 : 0;
    v |= (f & float_flag_inexact) ? 1u << 4 : 0;
    v |= (f & float_flag_input_denormal) ? 1u << 7 : 0;
    return v;
}

void vfp_set_fpsr(CPUARMState *env, uint32_t val)
{
    val &= FPSR_WRITABLE;
    /* The cumulative bits live in fp_status; env->fpsr keeps QC and a copy. */
    env->fpsr = val;
    env->fp_status.float_exception_flags = 0;
    if (val & (1u << 0)) {
        env->fp_status.float_exception_flags |= float_flag_invalid;
    }
    if (val & (1u << 1)) {
        env->fp_status.float_exception_flags |= float_flag_divbyzero;
    }
    if (val & (1u << 2)) {
        env->fp_status.float_exception_flags |= float_flag_overflow;
    }
    if (val & (1u << 3)) {
        env->fp_status.float_exception_flags |= float_flag_underflow;
    }
    if (val & (1u << 4)) {
        env->fp_status.float_exception_flags |= float_flag_inexact;
    }
    if (val & (1u << 7)) {
        env->fp_status.float_exception_flags |= float_flag_input_denormal;
    }
}

/* ---- ID and cache registers --------------------------------------------------- */

static uint64_t dczid_rd(CPUARMState *env, const ARMSysReg *r)
{
    bool prohibited = arm_current_el(env) == 0 && !(env->sctlr_el1 & SCTLR_DZE);

    return (env->id.dczid & 0xf) | (prohibited ? 1u << 4 : 0);
}

static uint64_t ccsidr_rd(CPUARMState *env, const ARMSysReg *r)
{
    return env->id.ccsidr[env->csselr_el1 & 0xf];
}

static void csselr_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    env->csselr_el1 = v & 0xf;
}

static uint64_t id_aa64dfr0_rd(CPUARMState *env, const ARMSysReg *r)
{
    uint64_t v = env->id.id_aa64dfr0;

    if (!arm_feature(env, ARM_FEATURE_PMU)) {
        v &= ~(0xfULL << 8);            /* PMUVer: not implemented */
    }
    return v;
}

static uint64_t isr_rd(CPUARMState *env, const ARMSysReg *r)
{
    CPUState *cs = env_cpu(env);
    uint64_t v = 0;

    if (cs->interrupt_request & CPU_INTERRUPT_HARD) {
        v |= 1u << 7;
    }
    if (cs->interrupt_request & CPU_INTERRUPT_FIQ) {
        v |= 1u << 6;
    }
    if (cs->interrupt_request & CPU_INTERRUPT_VSERR) {
        v |= 1u << 8;
    }
    return v;
}

/* ---- MMU configuration writes ---------------------------------------------------- */

static void flush_e10(CPUARMState *env)
{
    CPUState *cs = env_cpu(env);

    if (cs) {
        tlb_flush_by_mmuidx(cs, ARM_MMU_IDXMAP_E10);
    }
}

static void sctlr_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    /* Only the bits ARMv8.0 (and PAN's SPAN) defines; RES1 bits stay set. */
    const uint64_t valid = SCTLR_M | SCTLR_A | SCTLR_C | SCTLR_SA | SCTLR_SA0 | (1ULL << 5) |
                           (1ULL << 7) | (1ULL << 8) | SCTLR_UMA | SCTLR_I | SCTLR_DZE |
                           SCTLR_UCT | (1ULL << 16) | (1ULL << 18) | SCTLR_WXN |
                           SCTLR_E0E | SCTLR_EE | SCTLR_UCI;
    uint64_t old = env->sctlr_el1;

    env->sctlr_el1 = (v & valid) | SCTLR_EL1_RES1;
    if (arm_feature(env, ARM_FEATURE_PAN) && !(v & SCTLR_SPAN)) {
        env->sctlr_el1 &= ~SCTLR_SPAN;
    }
    /* Translations depend on M, WXN and EE: our TLB is not tagged by them. */
    if ((old ^ env->sctlr_el1) & (SCTLR_M | SCTLR_WXN | SCTLR_EE | SCTLR_E0E)) {
        flush_e10(env);
    }
}

static void tcr_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    /* ARMv8.0 fields: T0SZ..TG1, IPS, AS, TBI0, TBI1 (bits 0-38 except 6, 35). */
    const uint64_t valid = 0x7fffffffffULL & ~(1ULL << 6) & ~(1ULL << 35);

    env->tcr_el1 = v & valid;
    flush_e10(env);
}

static uint16_t ttbr_asid(CPUARMState *env, uint64_t ttbr)
{
    return (uint16_t)(ttbr >> 48) & ((env->tcr_el1 & TCR_AS) ? 0xffff : 0xff);
}

static void ttbr_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    uint64_t *p = sr_field(env, r);
    bool asid_reg = ((env->tcr_el1 & TCR_A1) != 0) == (p == &env->ttbr1_el1);

    /* The TLB is not tagged with ASIDs, so an ASID change must flush it; a
     * base change alone needs no flush (the guest does TLBI). */
    if (asid_reg && ttbr_asid(env, *p) != ttbr_asid(env, v)) {
        flush_e10(env);
    }
    *p = v;
}

/* ---- AT, TLBI, DC ZVA -------------------------------------------------------- */

static void at_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    unsigned op2 = ARM_SYSREG_OP2(r->encoding);
    MMUAccessType at = (op2 & 1) ? MMU_DATA_STORE : MMU_DATA_LOAD;
    int mmu_idx;

    if (op2 >= 2) {
        mmu_idx = ARM_MMU_IDX_E10_0;                    /* S1E0R, S1E0W */
    } else {
        mmu_idx = (env->pstate & PSTATE_PAN) ? ARM_MMU_IDX_E10_1_PAN : ARM_MMU_IDX_E10_1;
    }
    env->par_el1 = arm_at_s1e1(env, v, at, mmu_idx);
}

void arm_sysreg_tlbi_flush_all(CPUARMState *env, bool broadcast)
{
    CPUState *cs = env_cpu(env);

    if (!cs) {
        return;
    }
    if (broadcast) {
        tlb_flush_by_mmuidx_all_cpus_synced(cs, ARM_MMU_IDXMAP_E10);
    } else {
        tlb_flush_by_mmuidx(cs, ARM_MMU_IDXMAP_E10);
    }
}

/* TLBI VMALLE1(IS) and ASIDE1(IS): the TLB is not ASID-tagged, flush it all. */
static void tlbi_all_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    arm_sysreg_tlbi_flush_all(env, ARM_SYSREG_CRM(r->encoding) == 3);
}

/* TLBI VAE1, VALE1, VAAE1, VAALE1 (+IS): Xt[43:0] is VA[55:12]. */
static void tlbi_va_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    CPUState *cs = env_cpu(env);
    uint64_t va = (uint64_t)arm_sextract64(v << 12, 0, 56);

    if (!cs) {
        return;
    }
    if (ARM_SYSREG_CRM(r->encoding) == 3) {
        tlb_flush_page_by_mmuidx_all_cpus_synced(cs, va, ARM_MMU_IDXMAP_E10);
    } else {
        tlb_flush_page_by_mmuidx(cs, va, ARM_MMU_IDXMAP_E10);
    }
}

void arm_dc_zva(CPUARMState *env, uint64_t vaddr, uintptr_t retaddr)
{
    uint64_t block = 4ULL << (env->id.dczid & 0xf);
    uint64_t base = vaddr & ~(block - 1);
    int mmu_idx = arm_mmu_idx(env);
    MemOp op = MO_64 | ((arm_tb_flags(env) & ARM_TBFLAG_BE_DATA) ? MO_BE : MO_LE);

    if (arm_tbi_enabled(env, base)) {
        base = (uint64_t)arm_sextract64(base, 0, 56);
    }
    for (uint64_t off = 0; off < block; off += 8) {
        cpu_st_mmu(env, base + off, 0, op, mmu_idx, retaddr);
    }
}

/* ---- PMU: a cycle counter (nanoseconds of virtual time) and its controls -------- */

static bool pmccntr_running(CPUARMState *env)
{
    return (env->pmcr_el0 & PMCR_E) && (env->pmcnten & (1u << PMCCNTR_BIT));
}

static uint64_t pmccntr_ticks(CPUARMState *env)
{
    uint64_t ns = gt_clock_ns();

    return (env->pmcr_el0 & PMCR_D) ? ns / 64 : ns;
}

uint64_t arm_pmccntr_read(CPUARMState *env)
{
    return pmccntr_running(env) ? env->pmccntr_delta + pmccntr_ticks(env)
                                : env->pmccntr_frozen;
}

/* Freeze or thaw the counter around a change of its enables. */
static void pmccntr_set(CPUARMState *env, uint64_t value)
{
    env->pmccntr_frozen = value;
    env->pmccntr_delta = value - pmccntr_ticks(env);
}

static uint64_t pmccntr_rd(CPUARMState *env, const ARMSysReg *r)
{
    return arm_pmccntr_read(env);
}

static void pmccntr_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    pmccntr_set(env, v);
}

static void pmcr_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    uint64_t cnt = arm_pmccntr_read(env);

    if (v & PMCR_C) {
        cnt = 0;
    }
    env->pmcr_el0 = (env->pmcr_el0 & ~(uint64_t)PMCR_WRITABLE) | (v & PMCR_WRITABLE);
    pmccntr_set(env, cnt);
}

static void pmcntenset_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    uint64_t cnt = arm_pmccntr_read(env);

    env->pmcnten |= v & (1u << PMCCNTR_BIT);
    pmccntr_set(env, cnt);
}

static void pmcntenclr_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    uint64_t cnt = arm_pmccntr_read(env);

    env->pmcnten &= ~(v & (1u << PMCCNTR_BIT));
    pmccntr_set(env, cnt);
}

static void set_bits_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    *sr_field(env, r) |= v & (1u << PMCCNTR_BIT);
}

static void clr_bits_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    *sr_field(env, r) &= ~(v & (1u << PMCCNTR_BIT));
}

/* PMXEVTYPER with PMSELR.SEL == 31 is PMCCFILTR; other counters do not exist. */
static uint64_t pmxevtyper_rd(CPUARMState *env, const ARMSysReg *r)
{
    return (env->pmselr_el0 & 0x1f) == 31 ? env->pmccfiltr_el0 : 0;
}

static void pmxevtyper_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    if ((env->pmselr_el0 & 0x1f) == 31) {
        env->pmccfiltr_el0 = v & 0xfc000000u;
    }
}

static void pmccfiltr_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    env->pmccfiltr_el0 = v & 0xfc000000u;
}

static void pmuserenr_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    env->pmuserenr_el0 = v & 0xf;
}

static void pmselr_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    env->pmselr_el0 = v & 0x1f;
}

static void pmcr_reset(CPUARMState *env, const ARMSysReg *r)
{
    env->pmcr_el0 = env->id.pmcr;
    env->pmccntr_delta = 0;
    env->pmccntr_frozen = 0;
}

/* ---- debug registers (state only) --------------------------------------------- */

/* OSLAR_EL1.OSLK sets OSLSR_EL1.OSLK (bit 1). */
static void oslar_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    env->oslsr_el1 = (env->oslsr_el1 & ~2ULL) | ((v & 1) << 1);
}

static void masked_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v, uint64_t mask)
{
    *sr_field(env, r) = v & mask;
}

/* Eight claim tag bits: DBGCLAIMSET reads as the implemented set. */
static uint64_t claimset_rd(CPUARMState *env, const ARMSysReg *r)
{
    return 0xff;
}

static void claimset_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    env->dbgclaim |= v & 0xff;
}

static void claimclr_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    env->dbgclaim &= ~(v & 0xff);
}

/* VBAR_EL1[10:0] are RES0 (vectors are 2 KiB aligned). */
static void vbar_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    env->vbar_el1 = v & ~0x7ffULL;
}

static void dbgbcr_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    masked_wr(env, r, v, 0x00ff01e7u);          /* BT, LBN, SSC, HMC, BAS, PMC, E */
}

static void dbgwcr_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    masked_wr(env, r, v, 0x1f1fffffu);          /* MASK, WT, LBN, SSC, HMC, BAS, LSC, PAC, E */
}

static void mdscr_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    /* SS, TDCC, KDE, HDE, RAZ/WI bits dropped; MDE, TXU/RXO/INTdis... kept. */
    masked_wr(env, r, v, 0xe03fd001u);
}

static void cpacr_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    env->cpacr_el1 = v & (3u << CPACR_FPEN_SHIFT);
}

static void cntkctl_wr(CPUARMState *env, const ARMSysReg *r, uint64_t v)
{
    env->cntkctl_el1 = v & 0x3ff;
}

/* ---- the table ------------------------------------------------------------------ */

#define REG(n, o0, o1, cn, cm, o2, acc, ...) \
    { .name = (n), .encoding = ENC(o0, o1, cn, cm, o2), .access = (acc), __VA_ARGS__ }
#define FIELD(f) .fieldoffset = OFF(f)
#define ID_REG(n, o0, o1, cn, cm, o2, f) \
    REG(n, o0, o1, cn, cm, o2, PL1_R, FIELD(id.f), .type = ARM_SR_ID | ARM_SR_NO_RESET | \
        ARM_SR_NO_MIGRATE)
#define ID_RAZ(n, cm, o2) \
    REG(n, 3, 0, 0, cm, o2, PL1_R, .type = ARM_SR_CONST | ARM_SR_ID | ARM_SR_NO_MIGRATE)
#define SYS_NOP(n, o1, cn, cm, o2, acc, ...) \
    REG(n, 1, o1, cn, cm, o2, acc, .type = ARM_SR_NOP | ARM_SR_NO_MIGRATE, __VA_ARGS__)
#define TLBI(n, cm, o2, fn) \
    REG("TLBI " n, 1, 0, 8, cm, o2, PL1_W, .type = ARM_SR_NO_MIGRATE, .writefn = fn)
#define DBG_BANK(n) \
    REG("DBGBVR" #n "_EL1", 2, 0, 0, n, 4, PL1_RW, FIELD(dbgbvr[n])), \
    REG("DBGBCR" #n "_EL1", 2, 0, 0, n, 5, PL1_RW, FIELD(dbgbcr[n]), .writefn = dbgbcr_wr)
#define DBG_WBANK(n) \
    REG("DBGWVR" #n "_EL1", 2, 0, 0, n, 6, PL1_RW, FIELD(dbgwvr[n])), \
    REG("DBGWCR" #n "_EL1", 2, 0, 0, n, 7, PL1_RW, FIELD(dbgwcr[n]), .writefn = dbgwcr_wr)
#define PMU_REG(n, o0, o1, cn, cm, o2, acc, ...) \
    { .name = (n), .encoding = ENC(o0, o1, cn, cm, o2), .access = (acc), \
      .feature = ARM_FEATURE_PMU, __VA_ARGS__ }

static const ARMSysReg arm_sysregs[] = {
    /* Identification (op0=3, op1=0, CRn=0): EL0 access is UNDEFINED in v8.0. */
    ID_REG("MIDR_EL1", 3, 0, 0, 0, 0, midr),
    ID_REG("MPIDR_EL1", 3, 0, 0, 0, 5, mpidr),
    ID_REG("REVIDR_EL1", 3, 0, 0, 0, 6, revidr),
    /* AArch32 ID registers: RAZ on an AArch64-only CPU. */
    ID_RAZ("ID_PFR0_EL1", 1, 0), ID_RAZ("ID_PFR1_EL1", 1, 1), ID_RAZ("ID_DFR0_EL1", 1, 2),
    ID_RAZ("ID_AFR0_EL1", 1, 3), ID_RAZ("ID_MMFR0_EL1", 1, 4), ID_RAZ("ID_MMFR1_EL1", 1, 5),
    ID_RAZ("ID_MMFR2_EL1", 1, 6), ID_RAZ("ID_MMFR3_EL1", 1, 7),
    ID_RAZ("ID_ISAR0_EL1", 2, 0), ID_RAZ("ID_ISAR1_EL1", 2, 1), ID_RAZ("ID_ISAR2_EL1", 2, 2),
    ID_RAZ("ID_ISAR3_EL1", 2, 3), ID_RAZ("ID_ISAR4_EL1", 2, 4), ID_RAZ("ID_ISAR5_EL1", 2, 5),
    ID_RAZ("MVFR0_EL1", 3, 0), ID_RAZ("MVFR1_EL1", 3, 1), ID_RAZ("MVFR2_EL1", 3, 2),
    ID_REG("ID_AA64PFR0_EL1", 3, 0, 0, 4, 0, id_aa64pfr0),
    ID_REG("ID_AA64PFR1_EL1", 3, 0, 0, 4, 1, id_aa64pfr1),
    REG("ID_AA64DFR0_EL1", 3, 0, 0, 5, 0, PL1_R, .type = ARM_SR_ID | ARM_SR_NO_MIGRATE,
        .readfn = id_aa64dfr0_rd),
    ID_REG("ID_AA64DFR1_EL1", 3, 0, 0, 5, 1, id_aa64dfr1),
    ID_REG("ID_AA64AFR0_EL1", 3, 0, 0, 5, 4, id_aa64afr0),
    ID_REG("ID_AA64AFR1_EL1", 3, 0, 0, 5, 5, id_aa64afr1),
    ID_REG("ID_AA64ISAR0_EL1", 3, 0, 0, 6, 0, id_aa64isar0),
    ID_REG("ID_AA64ISAR1_EL1", 3, 0, 0, 6, 1, id_aa64isar1),
    ID_REG("ID_AA64MMFR0_EL1", 3, 0, 0, 7, 0, id_aa64mmfr0),
    ID_REG("ID_AA64MMFR1_EL1", 3, 0, 0, 7, 1, id_aa64mmfr1),
    ID_REG("ID_AA64MMFR2_EL1", 3, 0, 0, 7, 2, id_aa64mmfr2),
    REG("CCSIDR_EL1", 3, 1, 0, 0, 0, PL1_R, .type = ARM_SR_NO_MIGRATE, .readfn = ccsidr_rd),
    ID_REG("CLIDR_EL1", 3, 1, 0, 0, 1, clidr),
    ID_REG("AIDR_EL1", 3, 1, 0, 0, 7, aidr),
    REG("CSSELR_EL1", 3, 2, 0, 0, 0, PL1_RW, FIELD(csselr_el1), .writefn = csselr_wr),
    REG("CTR_EL0", 3, 3, 0, 0, 1, PL0_R | PL1_R, FIELD(id.ctr), .accessfn = access_uct,
        .type = ARM_SR_NO_RESET | ARM_SR_NO_MIGRATE),
    REG("DCZID_EL0", 3, 3, 0, 0, 7, PL0_R | PL1_R, .type = ARM_SR_NO_MIGRATE,
        .readfn = dczid_rd),

    /* System control */
    REG("SCTLR_EL1", 3, 0, 1, 0, 0, PL1_RW, FIELD(sctlr_el1), .type = ARM_SR_ENDTB,
        .writefn = sctlr_wr),
    REG("ACTLR_EL1", 3, 0, 1, 0, 1, PL1_RW, FIELD(actlr_el1)),
    REG("CPACR_EL1", 3, 0, 1, 0, 2, PL1_RW, FIELD(cpacr_el1), .type = ARM_SR_ENDTB,
        .writefn = cpacr_wr),

    /* Memory management */
    REG("TTBR0_EL1", 3, 0, 2, 0, 0, PL1_RW, FIELD(ttbr0_el1), .writefn = ttbr_wr),
    REG("TTBR1_EL1", 3, 0, 2, 0, 1, PL1_RW, FIELD(ttbr1_el1), .writefn = ttbr_wr),
    REG("TCR_EL1", 3, 0, 2, 0, 2, PL1_RW, FIELD(tcr_el1), .type = ARM_SR_ENDTB,
        .writefn = tcr_wr),
    REG("MAIR_EL1", 3, 0, 10, 2, 0, PL1_RW, FIELD(mair_el1)),
    REG("AMAIR_EL1", 3, 0, 10, 3, 0, PL1_RW, FIELD(amair_el1)),
    REG("PAR_EL1", 3, 0, 7, 4, 0, PL1_RW, FIELD(par_el1)),

    /* Exception handling */
    REG("SPSR_EL1", 3, 0, 4, 0, 0, PL1_RW, FIELD(spsr_el1)),
    REG("ELR_EL1", 3, 0, 4, 0, 1, PL1_RW, FIELD(elr_el1)),
    REG("SP_EL0", 3, 0, 4, 1, 0, PL1_RW, .accessfn = access_sp_el0, .readfn = sp_el0_rd,
        .writefn = sp_el0_wr, .type = ARM_SR_NO_MIGRATE),
    REG("SPSel", 3, 0, 4, 2, 0, PL1_RW, .type = ARM_SR_ENDTB | ARM_SR_NO_MIGRATE,
        .readfn = spsel_rd, .writefn = spsel_wr),
    REG("CurrentEL", 3, 0, 4, 2, 2, PL1_R, .type = ARM_SR_NO_MIGRATE, .readfn = currentel_rd),
    { .name = "PAN", .encoding = ENC(3, 0, 4, 2, 3), .access = PL1_RW,
      .feature = ARM_FEATURE_PAN, .type = ARM_SR_ENDTB | ARM_SR_NO_MIGRATE,
      .readfn = pan_rd, .writefn = pan_wr },
    REG("NZCV", 3, 3, 4, 2, 0, PL0_RW | PL1_RW, .type = ARM_SR_NO_MIGRATE,
        .readfn = nzcv_rd, .writefn = nzcv_wr),
    REG("DAIF", 3, 3, 4, 2, 1, PL0_RW | PL1_RW, .type = ARM_SR_ENDTB | ARM_SR_NO_MIGRATE,
        .accessfn = access_uma, .readfn = daif_rd, .writefn = daif_wr),
    REG("FPCR", 3, 3, 4, 4, 0, PL0_RW | PL1_RW, .type = ARM_SR_NO_MIGRATE,
        .accessfn = access_fp, .readfn = fpcr_rd, .writefn = fpcr_wr),
    REG("FPSR", 3, 3, 4, 4, 1, PL0_RW | PL1_RW, .type = ARM_SR_NO_MIGRATE,
        .accessfn = access_fp, .readfn = fpsr_rd, .writefn = fpsr_wr),
    REG("AFSR0_EL1", 3, 0, 5, 1, 0, PL1_RW, FIELD(afsr0_el1)),
    REG("AFSR1_EL1", 3, 0, 5, 1, 1, PL1_RW, FIELD(afsr1_el1)),
    REG("ESR_EL1", 3, 0, 5, 2, 0, PL1_RW, FIELD(esr_el1)),
    REG("FAR_EL1", 3, 0, 6, 0, 0, PL1_RW, FIELD(far_el1)),
    REG("VBAR_EL1", 3, 0, 12, 0, 0, PL1_RW, FIELD(vbar_el1), .writefn = vbar_wr),
    REG("RVBAR_EL1", 3, 0, 12, 0, 1, PL1_R, FIELD(rvbar),
        .type = ARM_SR_NO_RESET | ARM_SR_NO_MIGRATE),
    REG("ISR_EL1", 3, 0, 12, 1, 0, PL1_R, .type = ARM_SR_IO | ARM_SR_NO_MIGRATE,
        .readfn = isr_rd),

    /* Thread and context IDs */
    REG("CONTEXTIDR_EL1", 3, 0, 13, 0, 1, PL1_RW, FIELD(contextidr_el1)),
    REG("TPIDR_EL1", 3, 0, 13, 0, 4, PL1_RW, FIELD(tpidr_el1)),
    REG("TPIDR_EL0", 3, 3, 13, 0, 2, PL0_RW | PL1_RW, FIELD(tpidr_el0)),
    REG("TPIDRRO_EL0", 3, 3, 13, 0, 3, PL0_R | PL1_RW, FIELD(tpidrro_el0)),

    /* Generic timer (gtimer.c) */
    REG("CNTKCTL_EL1", 3, 0, 14, 1, 0, PL1_RW, FIELD(cntkctl_el1), .writefn = cntkctl_wr),
    REG("CNTFRQ_EL0", 3, 3, 14, 0, 0, PL0_R | PL1_RW, FIELD(cntfrq_el0),
        .accessfn = gt_cntfrq_access, .type = ARM_SR_NO_RESET),
    REG("CNTPCT_EL0", 3, 3, 14, 0, 1, PL0_R | PL1_R, .type = ARM_SR_IO | ARM_SR_NO_MIGRATE,
        .accessfn = gt_pct_access, .readfn = gt_cnt_read),
    REG("CNTVCT_EL0", 3, 3, 14, 0, 2, PL0_R | PL1_R, .type = ARM_SR_IO | ARM_SR_NO_MIGRATE,
        .accessfn = gt_vct_access, .readfn = gt_virt_cnt_read),
    REG("CNTP_TVAL_EL0", 3, 3, 14, 2, 0, PL0_RW | PL1_RW,
        .type = ARM_SR_IO | ARM_SR_NO_MIGRATE, .accessfn = gt_timer_access,
        .readfn = gt_tval_read, .writefn = gt_tval_write),
    REG("CNTP_CTL_EL0", 3, 3, 14, 2, 1, PL0_RW | PL1_RW, FIELD(gt[GTIMER_PHYS].ctl),
        .type = ARM_SR_IO, .accessfn = gt_timer_access, .readfn = gt_ctl_read,
        .writefn = gt_ctl_write),
    REG("CNTP_CVAL_EL0", 3, 3, 14, 2, 2, PL0_RW | PL1_RW, FIELD(gt[GTIMER_PHYS].cval),
        .type = ARM_SR_IO, .accessfn = gt_timer_access, .writefn = gt_cval_write),
    REG("CNTV_TVAL_EL0", 3, 3, 14, 3, 0, PL0_RW | PL1_RW,
        .type = ARM_SR_IO | ARM_SR_NO_MIGRATE, .accessfn = gt_timer_access,
        .readfn = gt_tval_read, .writefn = gt_tval_write),
    REG("CNTV_CTL_EL0", 3, 3, 14, 3, 1, PL0_RW | PL1_RW, FIELD(gt[GTIMER_VIRT].ctl),
        .type = ARM_SR_IO, .accessfn = gt_timer_access, .readfn = gt_ctl_read,
        .writefn = gt_ctl_write),
    REG("CNTV_CVAL_EL0", 3, 3, 14, 3, 2, PL0_RW | PL1_RW, FIELD(gt[GTIMER_VIRT].cval),
        .type = ARM_SR_IO, .accessfn = gt_timer_access, .writefn = gt_cval_write),

    /* Debug (op0=2): registers keep their values; no debug events are generated. */
    REG("OSDTRRX_EL1", 2, 0, 0, 0, 2, PL1_RW, FIELD(osdtrrx_el1)),
    REG("MDCCINT_EL1", 2, 0, 0, 2, 0, PL1_RW, FIELD(mdccint_el1)),
    REG("MDSCR_EL1", 2, 0, 0, 2, 2, PL1_RW, FIELD(mdscr_el1), .writefn = mdscr_wr),
    REG("OSDTRTX_EL1", 2, 0, 0, 3, 2, PL1_RW, FIELD(osdtrtx_el1)),
    REG("OSECCR_EL1", 2, 0, 0, 6, 2, PL1_RW, FIELD(oseccr_el1)),
    DBG_BANK(0), DBG_BANK(1), DBG_BANK(2), DBG_BANK(3), DBG_BANK(4),
    DBG_BANK(5),
    DBG_WBANK(0), DBG_WBANK(1), DBG_WBANK(2), DBG_WBANK(3),
    REG("MDRAR_EL1", 2, 0, 1, 0, 0, PL1_R, .type = ARM_SR_CONST | ARM_SR_NO_MIGRATE),
    REG("OSLAR_EL1", 2, 0, 1, 0, 4, PL1_W, .type = ARM_SR_NO_MIGRATE, .writefn = oslar_wr),
    /* OSLM = 0b10 (OS lock implemented), OSLK = 1 out of reset. */
    REG("OSLSR_EL1", 2, 0, 1, 1, 4, PL1_R, FIELD(oslsr_el1), .resetvalue = 0xa),
    REG("OSDLR_EL1", 2, 0, 1, 3, 4, PL1_RW, FIELD(osdlr_el1)),
    REG("DBGPRCR_EL1", 2, 0, 1, 4, 4, PL1_RW, .type = ARM_SR_CONST | ARM_SR_NO_MIGRATE),
    REG("DBGCLAIMSET_EL1", 2, 0, 7, 8, 6, PL1_RW, .type = ARM_SR_NO_MIGRATE,
        .readfn = claimset_rd, .writefn = claimset_wr),
    REG("DBGCLAIMCLR_EL1", 2, 0, 7, 9, 6, PL1_RW, FIELD(dbgclaim), .writefn = claimclr_wr),
    REG("DBGAUTHSTATUS_EL1", 2, 0, 7, 14, 6, PL1_R,
        .type = ARM_SR_CONST | ARM_SR_NO_MIGRATE, .resetvalue = 0),
    REG("MDCCSR_EL0", 2, 3, 0, 1, 0, PL0_R | PL1_R, .type = ARM_SR_CONST | ARM_SR_NO_MIGRATE),

    /* PMU (PMUv3, no event counters: PMCR.N = 0) */
    PMU_REG("PMCR_EL0", 3, 3, 9, 12, 0, PL0_RW | PL1_RW, FIELD(pmcr_el0),
            .accessfn = access_pmu, .type = ARM_SR_IO, .writefn = pmcr_wr,
            .resetfn = pmcr_reset),
    PMU_REG("PMCNTENSET_EL0", 3, 3, 9, 12, 1, PL0_RW | PL1_RW, FIELD(pmcnten),
            .accessfn = access_pmu, .type = ARM_SR_IO, .writefn = pmcntenset_wr),
    PMU_REG("PMCNTENCLR_EL0", 3, 3, 9, 12, 2, PL0_RW | PL1_RW, FIELD(pmcnten),
            .accessfn = access_pmu, .type = ARM_SR_IO | ARM_SR_NO_MIGRATE,
            .writefn = pmcntenclr_wr),
    PMU_REG("PMOVSCLR_EL0", 3, 3, 9, 12, 3, PL0_RW | PL1_RW, FIELD(pmovs),
            .accessfn = access_pmu, .writefn = clr_bits_wr),
    PMU_REG("PMSWINC_EL0", 3, 3, 9, 12, 4, PL0_W | PL1_W,
            .accessfn = access_pmswinc, .type = ARM_SR_NOP | ARM_SR_NO_MIGRATE),
    PMU_REG("PMSELR_EL0", 3, 3, 9, 12, 5, PL0_RW | PL1_RW, FIELD(pmselr_el0),
            .accessfn = access_pmselr, .writefn = pmselr_wr),
    /* Common event 0x11 (CPU_CYCLES) is implemented. */
    PMU_REG("PMCEID0_EL0", 3, 3, 9, 12, 6, PL0_R | PL1_R, .accessfn = access_pmu,
            .type = ARM_SR_CONST | ARM_SR_NO_MIGRATE, .resetvalue = 1u << 0x11),
    PMU_REG("PMCEID1_EL0", 3, 3, 9, 12, 7, PL0_R | PL1_R, .accessfn = access_pmu,
            .type = ARM_SR_CONST | ARM_SR_NO_MIGRATE),
    PMU_REG("PMCCNTR_EL0", 3, 3, 9, 13, 0, PL0_RW | PL1_RW, FIELD(pmccntr_frozen),
            .accessfn = access_pmccntr, .type = ARM_SR_IO, .readfn = pmccntr_rd,
            .writefn = pmccntr_wr),
    PMU_REG("PMXEVTYPER_EL0", 3, 3, 9, 13, 1, PL0_RW | PL1_RW, .accessfn = access_pmu,
            .type = ARM_SR_NO_MIGRATE, .readfn = pmxevtyper_rd, .writefn = pmxevtyper_wr),
    PMU_REG("PMXEVCNTR_EL0", 3, 3, 9, 13, 2, PL0_RW | PL1_RW, .accessfn = access_pmu,
            .type = ARM_SR_CONST | ARM_SR_NO_MIGRATE),
    PMU_REG("PMUSERENR_EL0", 3, 3, 9, 14, 0, PL0_R | PL1_RW, FIELD(pmuserenr_el0),
            .writefn = pmuserenr_wr),
    PMU_REG("PMOVSSET_EL0", 3, 3, 9, 14, 3, PL0_RW | PL1_RW, FIELD(pmovs),
            .accessfn = access_pmu, .type = ARM_SR_NO_MIGRATE, .writefn = set_bits_wr),
    PMU_REG("PMINTENSET_EL1", 3, 0, 9, 14, 1, PL1_RW, FIELD(pminten),
            .writefn = set_bits_wr),
    PMU_REG("PMINTENCLR_EL1", 3, 0, 9, 14, 2, PL1_RW, FIELD(pminten),
            .type = ARM_SR_NO_MIGRATE, .writefn = clr_bits_wr),
    PMU_REG("PMCCFILTR_EL0", 3, 3, 14, 15, 7, PL0_RW | PL1_RW, FIELD(pmccfiltr_el0),
            .accessfn = access_pmu, .writefn = pmccfiltr_wr),

    /* Cache maintenance (SYS, op0=1): no caches are modelled. */
    SYS_NOP("IC IALLUIS", 0, 7, 1, 0, PL1_W),
    SYS_NOP("IC IALLU", 0, 7, 5, 0, PL1_W),
    SYS_NOP("IC IVAU", 3, 7, 5, 1, PL0_W | PL1_W, .accessfn = access_uci),
    SYS_NOP("DC IVAC", 0, 7, 6, 1, PL1_W),
    SYS_NOP("DC ISW", 0, 7, 6, 2, PL1_W),
    SYS_NOP("DC CSW", 0, 7, 10, 2, PL1_W),
    SYS_NOP("DC CISW", 0, 7, 14, 2, PL1_W),
    SYS_NOP("DC CVAC", 3, 7, 10, 1, PL0_W | PL1_W, .accessfn = access_uci),
    SYS_NOP("DC CVAU", 3, 7, 11, 1, PL0_W | PL1_W, .accessfn = access_uci),
    SYS_NOP("DC CIVAC", 3, 7, 14, 1, PL0_W | PL1_W, .accessfn = access_uci),
    REG("DC ZVA", 1, 3, 7, 4, 1, PL0_W | PL1_W, .accessfn = access_dze,
        .type = ARM_SR_DC_ZVA | ARM_SR_NO_MIGRATE),

    /* Address translation */
    REG("AT S1E1R", 1, 0, 7, 8, 0, PL1_W, .type = ARM_SR_NO_MIGRATE, .writefn = at_wr),
    REG("AT S1E1W", 1, 0, 7, 8, 1, PL1_W, .type = ARM_SR_NO_MIGRATE, .writefn = at_wr),
    REG("AT S1E0R", 1, 0, 7, 8, 2, PL1_W, .type = ARM_SR_NO_MIGRATE, .writefn = at_wr),
    REG("AT S1E0W", 1, 0, 7, 8, 3, PL1_W, .type = ARM_SR_NO_MIGRATE, .writefn = at_wr),

    /* TLB maintenance: CRm=3 is the Inner Shareable (broadcast) form. */
    TLBI("VMALLE1IS", 3, 0, tlbi_all_wr),
    TLBI("VAE1IS", 3, 1, tlbi_va_wr),
    TLBI("ASIDE1IS", 3, 2, tlbi_all_wr),
    TLBI("VAAE1IS", 3, 3, tlbi_va_wr),
    TLBI("VALE1IS", 3, 5, tlbi_va_wr),
    TLBI("VAALE1IS", 3, 7, tlbi_va_wr),
    TLBI("VMALLE1", 7, 0, tlbi_all_wr),
    TLBI("VAE1", 7, 1, tlbi_va_wr),
    TLBI("ASIDE1", 7, 2, tlbi_all_wr),
    TLBI("VAAE1", 7, 3, tlbi_va_wr),
    TLBI("VALE1", 7, 5, tlbi_va_wr),
    TLBI("VAALE1", 7, 7, tlbi_va_wr),
};

/* The shared entry for unallocated encodings in the ID space (RAZ). */
static const ARMSysReg arm_sysreg_id_reserved = {
    .name = "ID_RESERVED", .access = PL1_R,
    .type = ARM_SR_CONST | ARM_SR_ID | ARM_SR_NO_MIGRATE,
};

static GHashTable *sysreg_by_encoding;

static gpointer sysreg_table_init(gpointer unused)
{
    sysreg_by_encoding = g_hash_table_new(g_direct_hash, g_direct_equal);
    for (size_t i = 0; i < ARRAY_SIZE(arm_sysregs); i++) {
        gpointer key = GUINT_TO_POINTER(arm_sysregs[i].encoding);

        if (g_hash_table_contains(sysreg_by_encoding, key)) {
            g_error("sysreg %s: encoding %#x defined twice", arm_sysregs[i].name,
                    arm_sysregs[i].encoding);
        }
        g_hash_table_insert(sysreg_by_encoding, key, (gpointer)&arm_sysregs[i]);
    }
    return NULL;
}

static void sysreg_table_ensure(void)
{
    static GOnce once = G_ONCE_INIT;

    g_once(&once, sysreg_table_init, NULL);
}

int arm_sysreg_count(void)
{
    return ARRAY_SIZE(arm_sysregs);
}

const ARMSysReg *arm_sysreg_at(int i)
{
    return (i >= 0 && i < (int)ARRAY_SIZE(arm_sysregs)) ? &arm_sysregs[i] : NULL;
}

static bool sysreg_present(CPUARMState *env, const ARMSysReg *r)
{
    return r->feature == 0 || arm_feature(env, r->feature);
}

const ARMSysReg *arm_sysreg_lookup(CPUARMState *env, uint32_t encoding)
{
    ARMCPU *cpu = env_archcpu(env);
    const ARMSysReg *r;

    encoding &= 0xffff;
    if (cpu->extra_sysregs) {
        r = g_hash_table_lookup(cpu->extra_sysregs, GUINT_TO_POINTER(encoding));
        if (r) {
            return r;
        }
    }
    sysreg_table_ensure();
    r = g_hash_table_lookup(sysreg_by_encoding, GUINT_TO_POINTER(encoding));
    if (r && sysreg_present(env, r)) {
        return r;
    }
    /* op0=3, op1=0, CRn=0, CRm=1..7: the ID space reads as zero. */
    if (ARM_SYSREG_OP0(encoding) == 3 && ARM_SYSREG_OP1(encoding) == 0 &&
        ARM_SYSREG_CRN(encoding) == 0 && ARM_SYSREG_CRM(encoding) >= 1) {
        return &arm_sysreg_id_reserved;
    }
    return NULL;
}

void arm_cpu_register_sysregs(ARMCPU *cpu, const ARMSysReg *regs, int n)
{
    if (!cpu->extra_sysregs) {
        cpu->extra_sysregs = g_hash_table_new(g_direct_hash, g_direct_equal);
    }
    for (int i = 0; i < n; i++) {
        g_hash_table_insert(cpu->extra_sysregs, GUINT_TO_POINTER(regs[i].encoding),
                            (gpointer)&regs[i]);
    }
}

bool arm_sysreg_el_allows(const ARMSysReg *r, int el, bool isread)
{
    unsigned need;

    if (el == 0) {
        need = isread ? PL0_R : PL0_W;
    } else {
        need = isread ? PL1_R : PL1_W;
    }
    return (r->access & need) != 0;
}

ARMAccessResult arm_sysreg_access_check(CPUARMState *env, const ARMSysReg *r, bool isread)
{
    if (!arm_sysreg_el_allows(r, arm_current_el(env), isread)) {
        return ARM_ACCESS_TRAP_UNCATEGORIZED;
    }
    return r->accessfn ? r->accessfn(env, r, isread) : ARM_ACCESS_OK;
}

uint32_t arm_sysreg_access_syndrome(const ARMSysReg *r, ARMAccessResult res, int rt,
                                    bool isread)
{
    uint32_t enc = r->encoding;

    switch (res) {
    case ARM_ACCESS_TRAP_SYSREG:
        return syn_aa64_sysregtrap(ARM_SYSREG_OP0(enc), ARM_SYSREG_OP1(enc),
                                   ARM_SYSREG_OP2(enc), ARM_SYSREG_CRN(enc),
                                   ARM_SYSREG_CRM(enc), rt, isread);
    case ARM_ACCESS_TRAP_FP:
        return syn_fp_access_trap();
    default:
        return syn_uncategorized();
    }
}

void arm_sysreg_check_or_raise(CPUARMState *env, const ARMSysReg *r, int rt, bool isread,
                               uintptr_t retaddr)
{
    ARMAccessResult res = arm_sysreg_access_check(env, r, isread);

    if (res != ARM_ACCESS_OK) {
        arm_raise_exception_ra(env, EXCP_UDEF, arm_sysreg_access_syndrome(r, res, rt, isread),
                               1, retaddr);
    }
}

uint64_t arm_sysreg_read(CPUARMState *env, const ARMSysReg *r)
{
    if (r->type & ARM_SR_CONST) {
        return r->resetvalue;
    }
    if (r->readfn) {
        return r->readfn(env, r);
    }
    if (r->fieldoffset) {
        return *sr_field(env, r);
    }
    return 0;
}

void arm_sysreg_write(CPUARMState *env, const ARMSysReg *r, uint64_t value)
{
    if (r->type & (ARM_SR_CONST | ARM_SR_NOP)) {
        return;
    }
    if (r->writefn) {
        r->writefn(env, r, value);
    } else if (r->fieldoffset) {
        *sr_field(env, r) = value;
    }
}

void arm_sysregs_reset(CPUARMState *env)
{
    for (size_t i = 0; i < ARRAY_SIZE(arm_sysregs); i++) {
        const ARMSysReg *r = &arm_sysregs[i];

        if (!sysreg_present(env, r) || (r->type & (ARM_SR_CONST | ARM_SR_NO_RESET))) {
            continue;
        }
        if (r->resetfn) {
            r->resetfn(env, r);
        } else if (r->fieldoffset && r->resetvalue) {
            *sr_field(env, r) = r->resetvalue;
        }
    }
}
