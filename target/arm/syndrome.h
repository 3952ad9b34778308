/*
 * ESR_ELx syndrome values (Arm ARM D17.2.37, "ESR_EL1"): the exception class
 * in [31:26], IL in [25] and the class-specific ISS in [24:0].  Every A64
 * instruction is 32 bits, so IL is 1 whenever the architecture defines it.
 */
#ifndef TARGET_ARM_SYNDROME_H
#define TARGET_ARM_SYNDROME_H

#include "qemu/osdep.h"

enum ARMExceptionClass {
    EC_UNCATEGORIZED = 0x00,
    EC_WFX_TRAP = 0x01,
    EC_ADVSIMDFPACCESSTRAP = 0x07,
    EC_ILLEGALSTATE = 0x0e,
    EC_AA64_SVC = 0x15,
    EC_AA64_HVC = 0x16,
    EC_AA64_SMC = 0x17,
    EC_SYSTEMREGISTERTRAP = 0x18,
    EC_INSNABORT = 0x20,
    EC_INSNABORT_SAME_EL = 0x21,
    EC_PCALIGNMENT = 0x22,
    EC_DATAABORT = 0x24,
    EC_DATAABORT_SAME_EL = 0x25,
    EC_SPALIGNMENT = 0x26,
    EC_AA64_FP_EXC = 0x2c,
    EC_SERROR = 0x2f,
    EC_BREAKPOINT = 0x30,
    EC_BREAKPOINT_SAME_EL = 0x31,
    EC_SOFTWARESTEP = 0x32,
    EC_SOFTWARESTEP_SAME_EL = 0x33,
    EC_WATCHPOINT = 0x34,
    EC_WATCHPOINT_SAME_EL = 0x35,
    EC_AA64_BKPT = 0x3c,
};

#define ARM_EL_EC_SHIFT 26
#define ARM_EL_IL (1u << 25)
#define ARM_EL_ISS_MASK 0x1ffffffu

static inline uint32_t syn_get_ec(uint32_t syn)
{
    return syn >> ARM_EL_EC_SHIFT;
}

static inline uint32_t syn_make(uint32_t ec, uint32_t iss)
{
    return (ec << ARM_EL_EC_SHIFT) | ARM_EL_IL | (iss & ARM_EL_ISS_MASK);
}

/* UNDEFINED instruction (also: EL0 access to an EL1-only register). */
static inline uint32_t syn_uncategorized(void)
{
    return syn_make(EC_UNCATEGORIZED, 0);
}

static inline uint32_t syn_aa64_svc(uint32_t imm16)
{
    return syn_make(EC_AA64_SVC, imm16 & 0xffff);
}

static inline uint32_t syn_aa64_hvc(uint32_t imm16)
{
    return syn_make(EC_AA64_HVC, imm16 & 0xffff);
}

static inline uint32_t syn_aa64_smc(uint32_t imm16)
{
    return syn_make(EC_AA64_SMC, imm16 & 0xffff);
}

static inline uint32_t syn_aa64_bkpt(uint32_t imm16)
{
    return syn_make(EC_AA64_BKPT, imm16 & 0xffff);
}

/* FP/SIMD access trapped by CPACR_EL1.FPEN (ISS is 0 for AArch64). */
static inline uint32_t syn_fp_access_trap(void)
{
    return syn_make(EC_ADVSIMDFPACCESSTRAP, 0);
}

static inline uint32_t syn_illegalstate(void)
{
    return syn_make(EC_ILLEGALSTATE, 0);
}

static inline uint32_t syn_pcalignment(void)
{
    return syn_make(EC_PCALIGNMENT, 0);
}

static inline uint32_t syn_spalignment(void)
{
    return syn_make(EC_SPALIGNMENT, 0);
}

static inline uint32_t syn_serror(uint32_t iss)
{
    return syn_make(EC_SERROR, iss);
}

/*
 * MSR, MRS or SYS trapped (EC 0x18): Op0 [21:20], Op2 [19:17], Op1 [16:14],
 * CRn [13:10], Rt [9:5], CRm [4:1], Direction [0] (1 = read, MRS).
 */
static inline uint32_t syn_aa64_sysregtrap(uint32_t op0, uint32_t op1, uint32_t op2,
                                           uint32_t crn, uint32_t crm, uint32_t rt,
                                           bool isread)
{
    return syn_make(EC_SYSTEMREGISTERTRAP,
                    (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) |
                    (crm << 1) | (isread ? 1 : 0));
}

/*
 * Instruction abort: EA [9], S1PTW [7], IFSC [5:0].  same_el: taken from EL1
 * to EL1 (EC 0x21) rather than from EL0 (EC 0x20).
 */
static inline uint32_t syn_insn_abort(bool same_el, bool ea, bool s1ptw, uint32_t fsc)
{
    return syn_make(same_el ? EC_INSNABORT_SAME_EL : EC_INSNABORT,
                    (ea ? 1u << 9 : 0) | (s1ptw ? 1u << 7 : 0) | (fsc & 0x3f));
}

/*
 * Data abort without instruction syndrome (ISV = 0): EA [9], CM [8] (cache
 * maintenance), S1PTW [7], WnR [6], DFSC [5:0].
 */
static inline uint32_t syn_data_abort(bool same_el, bool ea, bool cm, bool s1ptw, bool wnr,
                                      uint32_t fsc)
{
    return syn_make(same_el ? EC_DATAABORT_SAME_EL : EC_DATAABORT,
                    (ea ? 1u << 9 : 0) | (cm ? 1u << 8 : 0) | (s1ptw ? 1u << 7 : 0) |
                    (wnr ? 1u << 6 : 0) | (fsc & 0x3f));
}

/* Fault status codes (DFSC/IFSC, long-descriptor format), level in the low bits. */
#define ARM_FSC_ADDRESS_SIZE(level)   (0x00 | ((level) & 3))
#define ARM_FSC_TRANSLATION(level)    (0x04 | ((level) & 3))
#define ARM_FSC_ACCESS_FLAG(level)    (0x08 | ((level) & 3))
#define ARM_FSC_PERMISSION(level)     (0x0c | ((level) & 3))
#define ARM_FSC_SYNC_EXTERNAL         0x10
#define ARM_FSC_SYNC_EXTERNAL_WALK(level) (0x14 | ((level) & 3))
#define ARM_FSC_ALIGNMENT             0x21
#define ARM_FSC_TLB_CONFLICT          0x30

#endif
