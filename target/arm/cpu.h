/*
 * The AArch64 CPU (EL0 and EL1 only; no EL2, EL3 or AArch32): its QOM types,
 * the architectural state that generated code and helpers use, and the
 * contract with the A64 translator (PSTATE encoding, MMU indexes, TB flags,
 * exception numbers).  The translator itself lives in translate-a64.c.
 */
#ifndef TARGET_ARM_CPU_H
#define TARGET_ARM_CPU_H

#include "qemu/osdep.h"
#include "hw/core/cpu.h"
#include "hw/irq.h"
#include "accel/tcg-cpu-ops.h"
#include "fpu/softfloat-types.h"

#define TYPE_ARM_CPU "arm-cpu"
OBJECT_DECLARE_TYPE(ARMCPU, ARMCPUClass, ARM_CPU)
/* "-cpu cortex-a57" names the type "cortex-a57-arm-cpu". */
#define ARM_CPU_TYPE_SUFFIX "-" TYPE_ARM_CPU
#define ARM_CPU_TYPE_NAME(model) (model ARM_CPU_TYPE_SUFFIX)

/* ---- bit helpers (target-private) ---------------------------------------- */

static inline uint64_t arm_extract64(uint64_t v, unsigned pos, unsigned len)
{
    return (v >> pos) & (len >= 64 ? ~0ULL : ((1ULL << len) - 1));
}

static inline int64_t arm_sextract64(uint64_t v, unsigned pos, unsigned len)
{
    return (int64_t)(v << (64 - pos - len)) >> (64 - len);
}

/* ---- PSTATE ----------------------------------------------------------------
 * env->pstate holds every PSTATE bit except NZCV, in the SPSR_ELx layout
 * (so SPSR = pstate | NZCV).  NZCV live in four 32-bit words so generated
 * code can produce flags with plain arithmetic:
 *   N = bit 31 of env->NF          (NF is any value whose sign is the result's)
 *   Z = (env->ZF == 0)             (ZF holds the result itself, or any non-zero)
 *   C = env->CF                    (exactly 0 or 1)
 *   V = bit 31 of env->VF
 * Use pstate_read()/pstate_write() (or nzcv_read()/nzcv_write()) from C.
 */
#define PSTATE_SP   (1u << 0)           /* SPSel: 1 = SP_ELx, 0 = SP_EL0 */
#define PSTATE_EL_SHIFT 2
#define PSTATE_EL   (3u << 2)           /* current exception level */
#define PSTATE_nRW  (1u << 4)           /* SPSR only: 1 = AArch32 (never valid here) */
#define PSTATE_M    0x1fu               /* SPSR.M[4:0] */
#define PSTATE_F    (1u << 6)
#define PSTATE_I    (1u << 7)
#define PSTATE_A    (1u << 8)
#define PSTATE_D    (1u << 9)
#define PSTATE_DAIF (PSTATE_D | PSTATE_A | PSTATE_I | PSTATE_F)
#define PSTATE_IL   (1u << 20)          /* illegal execution state */
#define PSTATE_SS   (1u << 21)          /* software step */
#define PSTATE_PAN  (1u << 22)          /* FEAT_PAN (max only) */
#define PSTATE_V    (1u << 28)
#define PSTATE_C    (1u << 29)
#define PSTATE_Z    (1u << 30)
#define PSTATE_N    (1u << 31)
#define PSTATE_NZCV (PSTATE_N | PSTATE_Z | PSTATE_C | PSTATE_V)

/* SPSR.M[3:0] values that are legal in an AArch64-only EL0/EL1 CPU. */
#define PSTATE_MODE_EL0t 0x0
#define PSTATE_MODE_EL1t 0x4
#define PSTATE_MODE_EL1h 0x5

/* ---- exception numbers (cs->exception_index) ----------------------------- */
enum {
    EXCP_UDEF = 1,          /* UNDEFINED instruction, sysreg trap, FP trap... (sync) */
    EXCP_SWI = 2,           /* SVC */
    EXCP_PREFETCH_ABORT = 3,
    EXCP_DATA_ABORT = 4,
    EXCP_IRQ = 5,
    EXCP_FIQ = 6,
    EXCP_BKPT = 7,          /* BRK */
    EXCP_HVC = 11,          /* may become a PSCI call or an UNDEF */
    EXCP_SMC = 13,          /* same */
    EXCP_VIRQ = 14,
    EXCP_VFIQ = 15,
    EXCP_VSERR = 16,
    EXCP_SERROR = 17,
};

/* Interrupt request bits (cpu->interrupt_request). */
#define CPU_INTERRUPT_FIQ   CPU_INTERRUPT_TGT_EXT_1
#define CPU_INTERRUPT_VIRQ  CPU_INTERRUPT_TGT_EXT_2
#define CPU_INTERRUPT_VFIQ  CPU_INTERRUPT_TGT_EXT_3
#define CPU_INTERRUPT_VSERR CPU_INTERRUPT_TGT_INT_0

/* GPIO inputs of the CPU (anonymous set, QEMU's numbering). */
#define ARM_CPU_IRQ  0
#define ARM_CPU_FIQ  1
#define ARM_CPU_VIRQ 2
#define ARM_CPU_VFIQ 3

/* Generic timers: index into env->gt and GPIO outputs "gt-timer-outputs" (and the
 * anonymous output set), QEMU's order.  Only PHYS and VIRT exist without EL2/EL3;
 * HYP and SEC outputs are present for wiring but never raised. */
#define GTIMER_PHYS 0
#define GTIMER_VIRT 1
#define GTIMER_HYP  2
#define GTIMER_SEC  3
#define NUM_GTIMERS 2
#define NUM_GTIMER_OUTPUTS 4

/* CNTx_CTL bits. */
#define GT_CTL_ENABLE  (1u << 0)
#define GT_CTL_IMASK   (1u << 1)
#define GT_CTL_ISTATUS (1u << 2)

/* PSCI conduit property values (QEMU's numbering). */
#define ARM_PSCI_CONDUIT_DISABLED 0
#define ARM_PSCI_CONDUIT_SMC 1
#define ARM_PSCI_CONDUIT_HVC 2

/* Power state for PSCI. */
typedef enum ARMPowerState {
    PSCI_ON = 0,
    PSCI_OFF = 1,
    PSCI_ON_PENDING = 2,
} ARMPowerState;

/* ---- MMU indexes ------------------------------------------------------------
 * All three use the EL1&0 stage-1 regime (TTBR0_EL1/TTBR1_EL1/TCR_EL1); they
 * differ only in the permissions checked:
 *   ARM_MMU_IDX_E10_0     EL0 accesses, and LDTR/STTR-family at EL1
 *   ARM_MMU_IDX_E10_1     EL1 accesses with PSTATE.PAN == 0
 *   ARM_MMU_IDX_E10_1_PAN EL1 accesses with PSTATE.PAN == 1 (data accesses to
 *                         EL0-accessible pages fault)
 * A TLB flush for the EL1&0 regime flushes ARM_MMU_IDXMAP_E10.
 */
enum {
    ARM_MMU_IDX_E10_0 = 0,
    ARM_MMU_IDX_E10_1 = 1,
    ARM_MMU_IDX_E10_1_PAN = 2,
    ARM_MMU_IDX_COUNT = 3,
};
#define ARM_MMU_IDXMAP_E10 ((1u << ARM_MMU_IDX_E10_0) | (1u << ARM_MMU_IDX_E10_1) | \
                            (1u << ARM_MMU_IDX_E10_1_PAN))

/* ---- TB flags (get_tb_cpu_state) ---------------------------------------------
 * Everything the translator may bake into generated code.  Any change to these
 * inputs ends the current TB (sysreg writes flagged ARM_SR_ENDTB, ERET,
 * exception entry).
 */
#define ARM_TBFLAG_EL_SHIFT      0          /* 2 bits: PSTATE.EL */
#define ARM_TBFLAG_EL_MASK       (3u << 0)
#define ARM_TBFLAG_MMUIDX_SHIFT  2          /* 4 bits: data-side mmu index */
#define ARM_TBFLAG_MMUIDX_MASK   (0xfu << 2)
#define ARM_TBFLAG_FPEN          (1u << 6)  /* FP/SIMD allowed (CPACR_EL1.FPEN); else
                                             * every FP/SIMD insn traps with EC 0x07 */
#define ARM_TBFLAG_TBI0          (1u << 7)  /* TCR_EL1.TBI0: ignore top byte, VA[55]=0 */
#define ARM_TBFLAG_TBI1          (1u << 8)  /* TCR_EL1.TBI1: ignore top byte, VA[55]=1 */
#define ARM_TBFLAG_BE_DATA       (1u << 9)  /* data accesses big-endian (SCTLR.E0E/EE) */
#define ARM_TBFLAG_ALIGN         (1u << 10) /* SCTLR_EL1.A: check alignment of all accesses */
#define ARM_TBFLAG_IL            (1u << 11) /* PSTATE.IL: the first insn raises EC 0x0E */
#define ARM_TBFLAG_SP_ALIGN      (1u << 12) /* SCTLR_EL1.SA (EL1) / SA0 (EL0) */
#define ARM_TBFLAG_PSTATE_SS     (1u << 13) /* software step active (unused: no debug) */

/* ---- ID registers, constant after realize --------------------------------- */
typedef struct ARMIDRegs {
    uint64_t midr;
    uint64_t revidr;
    uint64_t mpidr;
    uint64_t aidr;
    uint64_t ctr;
    uint64_t dczid;             /* BS field only; DZP is computed on read */
    uint64_t clidr;
    uint64_t ccsidr[16];        /* indexed by CSSELR_EL1[3:0] (Level << 1 | InD) */
    uint64_t id_aa64pfr0;
    uint64_t id_aa64pfr1;
    uint64_t id_aa64dfr0;
    uint64_t id_aa64dfr1;
    uint64_t id_aa64afr0;
    uint64_t id_aa64afr1;
    uint64_t id_aa64isar0;
    uint64_t id_aa64isar1;
    uint64_t id_aa64mmfr0;
    uint64_t id_aa64mmfr1;
    uint64_t id_aa64mmfr2;
    uint64_t pmcr;              /* PMCR_EL0 reset value: IMP, IDCODE, N */
} ARMIDRegs;

/* One 128-bit SIMD&FP register, little-endian element order: d[0] is the low
 * 64 bits (Dn), and the byte/half/word element i of the register is at byte
 * offset i * size from the start on a little-endian host. */
typedef union ARMVectorReg {
    uint64_t d[2];
    uint8_t b[16];
} __attribute__((aligned(16))) ARMVectorReg;

/* A generic timer's registers. */
typedef struct ARMGenericTimer {
    uint64_t cval;              /* compare value, in counter ticks */
    uint64_t ctl;               /* ENABLE and IMASK; ISTATUS is computed on read */
} ARMGenericTimer;

/* ---- the architectural state ---------------------------------------------
 * All registers are uint64_t so the sysreg table can address any of them by
 * offset.  Everything before end_reset_fields is zeroed by reset, then the
 * sysreg table applies reset values.
 */
typedef struct CPUArchState {
    CPUArchStateCommon common;          /* must be first (accel/tcg contract) */

    /* -- hot: general registers, pc and flags -- */
    uint64_t xregs[32];     /* X0..X30 at [0..30]; [31] is the CURRENT stack pointer
                             * (SP_EL0 when PSTATE.SP == 0 or at EL0, else SP_EL1).
                             * XZR is not stored: the translator produces 0. */
    uint64_t pc;
    uint32_t NF;            /* see PSTATE above */
    uint32_t ZF;
    uint32_t CF;
    uint32_t VF;
    uint32_t pstate;        /* all other PSTATE bits, SPSR layout, NZCV always 0 */
    uint32_t pad0;

    /* -- exclusive monitor (LDXR/STXR) -- */
    uint64_t exclusive_addr;    /* -1 when no address is reserved */
    uint64_t exclusive_val;     /* value loaded (first register of a pair) */
    uint64_t exclusive_high;    /* second register of LDXP */

    /* -- FP/SIMD -- */
    ARMVectorReg vregs[32];
    uint64_t fpcr;          /* AHP, DN, FZ, RMode (and trap enables, RAZ/WI here) */
    uint64_t fpsr;          /* QC and the IDC/IXC/UFC/OFC/DZC/IOC flags not in fp_status */
    float_status fp_status; /* FPCR mapped onto soft-float; its sticky flags are FPSR's */

    /* -- banked special registers -- */
    uint64_t sp_el[4];      /* SP_EL0, SP_EL1 when not the current SP; [2],[3] reserved */
    uint64_t elr_el1;
    uint64_t spsr_el1;

    /* -- EL1/EL0 system registers (names as in the Arm ARM, lower case) -- */
    uint64_t sctlr_el1;
    uint64_t actlr_el1;
    uint64_t cpacr_el1;
    uint64_t tcr_el1;
    uint64_t ttbr0_el1;
    uint64_t ttbr1_el1;
    uint64_t mair_el1;
    uint64_t amair_el1;
    uint64_t vbar_el1;
    uint64_t esr_el1;
    uint64_t far_el1;
    uint64_t par_el1;
    uint64_t afsr0_el1;
    uint64_t afsr1_el1;
    uint64_t contextidr_el1;
    uint64_t tpidr_el0;
    uint64_t tpidr_el1;
    uint64_t tpidrro_el0;
    uint64_t csselr_el1;
    uint64_t cntkctl_el1;
    uint64_t cntfrq_el0;
    ARMGenericTimer gt[NUM_GTIMERS];    /* [GTIMER_PHYS], [GTIMER_VIRT] */
    /* debug (state only: no breakpoints/watchpoints/step are implemented) */
    uint64_t mdscr_el1;
    uint64_t mdccint_el1;
    uint64_t oslsr_el1;
    uint64_t osdlr_el1;
    uint64_t osdtrrx_el1;
    uint64_t osdtrtx_el1;
    uint64_t oseccr_el1;
    uint64_t dbgclaim;
    uint64_t dbgbvr[16];
    uint64_t dbgbcr[16];
    uint64_t dbgwvr[16];
    uint64_t dbgwcr[16];
    /* PMU (PMUv3 with no event counters; the cycle counter counts at CNTFRQ) */
    uint64_t pmcr_el0;
    uint64_t pmcnten;
    uint64_t pminten;
    uint64_t pmovs;
    uint64_t pmselr_el0;
    uint64_t pmccfiltr_el0;
    uint64_t pmuserenr_el0;
    uint64_t pmccntr_delta;     /* PMCCNTR = delta + ticks while enabled */
    uint64_t pmccntr_frozen;    /* value while stopped */

    /* -- the exception being delivered -- */
    struct {
        uint32_t syndrome;      /* ESR value (EC/IL/ISS) */
        uint32_t target_el;     /* always 1 here */
        uint64_t vaddress;      /* FAR for aborts */
    } exception;

    /* -- interrupt line levels, for has_work/migration -- */
    uint32_t irq_line_state;    /* CPU_INTERRUPT_HARD/FIQ/VIRQ/VFIQ levels */
    uint32_t pad1;

    int end_reset_fields;       /* marker: fields below survive reset */

    /* -- constant after realize -- */
    ARMIDRegs id;
    uint64_t features;          /* ARM_FEATURE_* bits */
    uint64_t rvbar;             /* reset PC */
} CPUARMState;

/* Optional features a model may have (env->features bits). */
enum {
    ARM_FEATURE_NONE = 0,       /* (sysreg table: no feature needed) */
    ARM_FEATURE_PMU,            /* PMUv3 registers and ID_AA64DFR0.PMUVer */
    ARM_FEATURE_PAN,            /* FEAT_PAN: PSTATE.PAN, SCTLR_EL1.SPAN */
    ARM_FEATURE_LSE,            /* FEAT_LSE atomics (ID_AA64ISAR0.Atomic) */
    ARM_FEATURE_AES,            /* AES + PMULL */
    ARM_FEATURE_SHA1,
    ARM_FEATURE_SHA256,
    ARM_FEATURE_CRC32,
    ARM_FEATURE_TGRAN16,        /* 16 KiB translation granule */
};

static inline bool arm_feature(const CPUARMState *env, int feature)
{
    return (env->features >> feature) & 1;
}

/* ---- the QOM objects ----------------------------------------------------------- */

#define ARM_MAX_MIGRATED_SYSREGS 256
/* KVM_REG_ARM64 | KVM_REG_SIZE_U64 | KVM_REG_ARM64_SYSREG, as QEMU's cpreg indexes. */
#define ARM_SYSREG_MIG_INDEX_BASE 0x6030000000130000ULL

/* The ID-register values and features of one CPU model (cpu.c's model table). */
typedef struct ARMCPUModel {
    const char *name;           /* "cortex-a57" */
    uint64_t features;
    ARMIDRegs id;
} ARMCPUModel;

struct ARMCPUClass {
    CPUClass parent_class;
    const ARMCPUModel *model;   /* NULL for the abstract base */
    DeviceRealize *parent_realize;
};

struct ARMCPU {
    CPUState parent_obj;

    CPUARMState env;

    /* Properties (set by the board before realize). */
    uint64_t mp_affinity;       /* "mp-affinity": Aff2:Aff1:Aff0 (+Aff3 at 32); default
                                 * from cpu_index, 8 CPUs per cluster (GICv2) */
    uint64_t rvbar_prop;        /* "rvbar": reset PC */
    uint64_t cntfrq_prop;       /* "cntfrq": generic timer frequency in Hz */
    uint32_t psci_conduit;      /* "psci-conduit": ARM_PSCI_CONDUIT_* */
    bool start_powered_off;     /* "start-powered-off" */
    bool has_pmu;               /* "pmu" */

    uint32_t power_state;               /* ARMPowerState */
    uint32_t halted_mig;                /* migration scratch (cs->halted) */
    uint32_t pstate_mig;                /* migration scratch: PSTATE with NZCV */
    uint32_t fpcr_mig;
    uint32_t fpsr_mig;
    /* Migration of system registers as (KVM-style index, value) pairs. */
    int32_t cpreg_vmstate_array_len;
    uint64_t cpreg_vmstate_indexes[ARM_MAX_MIGRATED_SYSREGS];
    uint64_t cpreg_vmstate_values[ARM_MAX_MIGRATED_SYSREGS];

    qemu_irq gt_timer_outputs[NUM_GTIMER_OUTPUTS];
    qemu_irq pmu_interrupt;
    void *gt_timer[NUM_GTIMERS];        /* QEMUTimer * (NULL until realize) */

    /* Extra system registers registered by devices (e.g. a GICv3 CPU interface):
     * encoding -> const ARMSysReg *.  NULL when none. */
    GHashTable *extra_sysregs;
    void *gicv3_cpuif;                  /* for such a device's own use */
};

static inline ARMCPU *env_archcpu(CPUARMState *env)
{
    return container_of(env, ARMCPU, env);
}

static inline CPUARMState *cpu_env(CPUState *cs)
{
    return &ARM_CPU(cs)->env;
}

/* ---- PSTATE accessors ------------------------------------------------------------- */

static inline uint32_t nzcv_read(const CPUARMState *env)
{
    return (env->NF & 0x80000000u) | (env->ZF == 0 ? PSTATE_Z : 0) |
           (env->CF ? PSTATE_C : 0) | ((env->VF >> 3) & PSTATE_V);
}

static inline void nzcv_write(CPUARMState *env, uint32_t val)
{
    env->NF = val & PSTATE_N;
    env->ZF = (~val) & PSTATE_Z;
    env->CF = (val >> 29) & 1;
    env->VF = (val << 3) & 0x80000000u;
}

/* The whole PSTATE in SPSR layout. */
static inline uint32_t pstate_read(const CPUARMState *env)
{
    return env->pstate | nzcv_read(env);
}

/*
 * Set PSTATE from an SPSR-layout value.  Raw: does not switch the stack
 * pointer (callers that change EL or SPSel use aarch64_save_sp/restore_sp).
 */
static inline void pstate_write(CPUARMState *env, uint32_t val)
{
    nzcv_write(env, val);
    env->pstate = val & ~PSTATE_NZCV;
}

static inline int arm_current_el(const CPUARMState *env)
{
    return (env->pstate & PSTATE_EL) >> PSTATE_EL_SHIFT;
}

/* Which sp_el[] slot the current xregs[31] belongs to. */
static inline int aarch64_sp_index(const CPUARMState *env)
{
    return (env->pstate & PSTATE_SP) ? arm_current_el(env) : 0;
}

/* Bank the current SP before PSTATE.EL/SP change, and load it after. */
static inline void aarch64_save_sp(CPUARMState *env)
{
    env->sp_el[aarch64_sp_index(env)] = env->xregs[31];
}

static inline void aarch64_restore_sp(CPUARMState *env)
{
    env->xregs[31] = env->sp_el[aarch64_sp_index(env)];
}

/* ---- functions for the translator, accel glue and the board ----------------- */

/* The MMU index for data accesses in the current state. */
int arm_mmu_idx(CPUARMState *env);
/* The TB flags word described above. */
uint32_t arm_tb_flags(CPUARMState *env);

/*
 * Raise a synchronous exception to target_el (always 1 here) from a helper:
 * records syndrome (an ESR value, see syndrome.h), sets cs->exception_index
 * = excp and leaves the cpu loop.  With retaddr != 0 the guest pc is first
 * restored from generated code at that host address.  Does not return.
 */
void QEMU_NORETURN arm_raise_exception(CPUARMState *env, int excp, uint32_t syndrome,
                                       uint32_t target_el);
void QEMU_NORETURN arm_raise_exception_ra(CPUARMState *env, int excp, uint32_t syndrome,
                                          uint32_t target_el, uintptr_t retaddr);
/* Same for aborts: also records the fault address (FAR). */
void QEMU_NORETURN arm_raise_abort_ra(CPUARMState *env, int excp, uint32_t syndrome,
                                      uint64_t vaddress, uintptr_t retaddr);

/* Exception entry (do_interrupt) without leaving the cpu loop: delivers
 * cs->exception_index using env->exception.  Testable on its own. */
void arm_cpu_do_interrupt(CPUState *cs);
/* Take the highest-priority pending unmasked interrupt; true if one was taken. */
bool arm_cpu_exec_interrupt(CPUState *cs, int interrupt_request);
/* Whether an interrupt of this kind (EXCP_IRQ/FIQ/VIRQ/VFIQ/VSERR) is unmasked now. */
bool arm_excp_unmasked(CPUARMState *env, int excp);
/* ERET: restore PSTATE from SPSR_EL1 and pc from ELR_EL1, with the illegal-return
 * rules of the Arm ARM.  The translator ends the TB after calling it. */
void arm_exception_return(CPUARMState *env);
/* Advance the state for WFI: returns true when the CPU should halt. */
bool arm_wfi_should_halt(CPUARMState *env);

/* MSR DAIFSet/DAIFClr, MSR SPSel/PAN immediate (the translator ends the TB after). */
void arm_msr_daifset(CPUARMState *env, uint32_t imm4);
void arm_msr_daifclr(CPUARMState *env, uint32_t imm4);
void arm_msr_spsel(CPUARMState *env, uint32_t imm);
void arm_msr_pan(CPUARMState *env, uint32_t imm);

/* DC ZVA: zero the DCZID-sized block containing vaddr (through cpu_st_mmu). */
void arm_dc_zva(CPUARMState *env, uint64_t vaddr, uintptr_t retaddr);

/* FPCR/FPSR as the guest sees them (kept in step with env->fp_status). */
uint32_t vfp_get_fpcr(CPUARMState *env);
void vfp_set_fpcr(CPUARMState *env, uint32_t val);
uint32_t vfp_get_fpsr(CPUARMState *env);
void vfp_set_fpsr(CPUARMState *env, uint32_t val);

/* PSCI: if the HVC/SMC that raised excp (EXCP_HVC or EXCP_SMC) goes to the
 * PSCI conduit, perform the call (results in x0) and return true. */
bool arm_is_psci_call(ARMCPU *cpu, int excp);
void arm_handle_psci_call(ARMCPU *cpu);

/* The MPIDR Aff fields of a CPU (for PSCI and the GIC). */
uint64_t arm_cpu_mp_affinity(ARMCPU *cpu);
/* The CPU whose mp-affinity is aff (Aff3:Aff2:Aff1:Aff0 packed as MPIDR), or NULL. */
ARMCPU *arm_get_cpu_by_mp_affinity(uint64_t aff);

/* Generic timer: counter values and the re-evaluation of one timer. */
uint64_t gt_get_countervalue(CPUARMState *env);
uint64_t gt_virt_cnt_offset(CPUARMState *env);
void gt_recalc_timer(ARMCPU *cpu, int timeridx);
void gt_timer_post_load(ARMCPU *cpu, int timeridx);
void gt_timer_init(ARMCPU *cpu);
void gt_timer_reset(ARMCPU *cpu);
void gt_timer_finalize(ARMCPU *cpu);

/* "info registers". */
void arm_cpu_dump_state(CPUState *cs, GString *out, int flags);

/* QEMU-style MPIDR affinity from an index and cluster size. */
static inline uint64_t arm_build_mp_affinity(int idx, int clustersz)
{
    return ((uint64_t)(idx / clustersz) << 8) | (uint64_t)(idx % clustersz);
}

#endif
