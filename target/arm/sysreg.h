/*
 * The AArch64 system register table: what MRS, MSR (register) and SYS
 * (DC/IC/AT/TLBI) reach, keyed by (op0, op1, CRn, CRm, op2), with per-EL
 * access rights, dynamic trap checks, reset values and read/write behaviour.
 * Definitions live in sysreg.c; the translator looks registers up here.
 */
#ifndef TARGET_ARM_SYSREG_H
#define TARGET_ARM_SYSREG_H

#include "target/arm/cpu.h"

/*
 * The encoding key: op0 [15:14], op1 [13:11], CRn [10:7], CRm [6:3], op2 [2:0].
 * This is bits [20:5] of an MRS/MSR/SYS instruction, so the translator can use
 * (insn >> 5) & 0xffff, and also the low 16 bits of KVM's ARM64_SYS_REG index.
 */
#define ARM_SYSREG_ENC(op0, op1, crn, crm, op2) \
    ((uint32_t)(((op0) << 14) | ((op1) << 11) | ((crn) << 7) | ((crm) << 3) | (op2)))
#define ARM_SYSREG_OP0(enc) (((enc) >> 14) & 3)
#define ARM_SYSREG_OP1(enc) (((enc) >> 11) & 7)
#define ARM_SYSREG_CRN(enc) (((enc) >> 7) & 15)
#define ARM_SYSREG_CRM(enc) (((enc) >> 3) & 15)
#define ARM_SYSREG_OP2(enc) ((enc) & 7)

/* Static access rights (ARMSysReg.access).  No EL0 bit: EL0 access is
 * UNDEFINED (EC 0x00); a missing direction at any EL is UNDEFINED too. */
#define ARM_SR_PL0_R 0x01
#define ARM_SR_PL0_W 0x02
#define ARM_SR_PL1_R 0x04
#define ARM_SR_PL1_W 0x08
#define ARM_SR_PL0_RW (ARM_SR_PL0_R | ARM_SR_PL0_W)
#define ARM_SR_PL1_RW (ARM_SR_PL1_R | ARM_SR_PL1_W)

/* Behaviour flags (ARMSysReg.type). */
#define ARM_SR_CONST      0x0001  /* reads give resetvalue; no storage */
#define ARM_SR_NOP        0x0002  /* SYS op / write with no effect (cache maintenance) */
#define ARM_SR_IO         0x0004  /* reads/writes touch timers or devices: the
                                   * translator treats the access like I/O */
#define ARM_SR_ENDTB      0x0008  /* a write changes TB flags, the MMU or interrupt
                                   * masking: end the TB after the write */
#define ARM_SR_NO_MIGRATE 0x0010  /* not in the migration stream (derived/const) */
#define ARM_SR_DC_ZVA     0x0020  /* DC ZVA: call arm_dc_zva() with Xt */
#define ARM_SR_NO_RESET   0x0040  /* reset leaves it alone (ID registers) */
#define ARM_SR_ID         0x0080  /* an ID register (RAZ if not defined) */

typedef struct ARMSysReg ARMSysReg;

/* Result of an access check, from most to least common. */
typedef enum ARMAccessResult {
    ARM_ACCESS_OK = 0,
    ARM_ACCESS_TRAP_UNCATEGORIZED,  /* UNDEFINED: EC 0x00 to EL1 */
    ARM_ACCESS_TRAP_SYSREG,         /* EC 0x18 to EL1 (e.g. SCTLR_EL1.UCT clear) */
    ARM_ACCESS_TRAP_FP,             /* EC 0x07 to EL1 (CPACR_EL1.FPEN) */
} ARMAccessResult;

typedef ARMAccessResult ARMSysRegAccessFn(CPUARMState *env, const ARMSysReg *r, bool isread);
typedef uint64_t ARMSysRegReadFn(CPUARMState *env, const ARMSysReg *r);
typedef void ARMSysRegWriteFn(CPUARMState *env, const ARMSysReg *r, uint64_t value);
typedef void ARMSysRegResetFn(CPUARMState *env, const ARMSysReg *r);

struct ARMSysReg {
    const char *name;           /* Arm ARM name, e.g. "SCTLR_EL1", "TLBI VAE1IS" */
    uint32_t encoding;          /* ARM_SYSREG_ENC(...) */
    uint16_t access;            /* ARM_SR_PL* */
    uint16_t type;              /* ARM_SR_* flags */
    int feature;                /* ARM_FEATURE_* the register needs, or 0 */
    /* Where the value lives: an offset into CPUARMState of a uint64_t, or 0 for
     * none.  When readfn/writefn are NULL (and the type is not CONST/NOP) the
     * translator may load/store it directly. */
    ptrdiff_t fieldoffset;
    uint64_t resetvalue;
    ARMSysRegAccessFn *accessfn; /* dynamic checks beyond .access (may be NULL) */
    ARMSysRegReadFn *readfn;
    ARMSysRegWriteFn *writefn;
    ARMSysRegResetFn *resetfn;
};

/*
 * Look up a register by encoding for this CPU: NULL when the CPU has no such
 * register (the access is UNDEFINED).  Unallocated encodings in the ID space
 * (op0=3, op1=0, CRn=0, CRm=1..7) return a read-only RAZ entry, as the Arm
 * ARM requires.  The result is valid for the life of the process.
 */
const ARMSysReg *arm_sysreg_lookup(CPUARMState *env, uint32_t encoding);

/* Whether the EL alone permits the access (translate-time check). */
bool arm_sysreg_el_allows(const ARMSysReg *r, int el, bool isread);

/* Full check for the current state: static rights, then r->accessfn. */
ARMAccessResult arm_sysreg_access_check(CPUARMState *env, const ARMSysReg *r, bool isread);

/* The exception syndrome for a failed check (rt: the Xt register number). */
uint32_t arm_sysreg_access_syndrome(const ARMSysReg *r, ARMAccessResult res, int rt,
                                    bool isread);

/*
 * Run-time helper for the translator: check access and raise the exception
 * (restoring state from retaddr) when it fails.  Returns only on success.
 */
void arm_sysreg_check_or_raise(CPUARMState *env, const ARMSysReg *r, int rt, bool isread,
                               uintptr_t retaddr);

/* Read (MRS) and write (MSR, SYS with Xt) after a successful check. */
uint64_t arm_sysreg_read(CPUARMState *env, const ARMSysReg *r);
void arm_sysreg_write(CPUARMState *env, const ARMSysReg *r, uint64_t value);

/* Apply every register's reset value (cpu reset). */
void arm_sysregs_reset(CPUARMState *env);

/* Iterate over the static table (for vmstate, tests, gdb): count and index. */
int arm_sysreg_count(void);
const ARMSysReg *arm_sysreg_at(int i);

/* Register device-provided registers (e.g. GICv3 ICC_*) for one CPU; regs must
 * outlive the CPU.  They win over the static table. */
void arm_cpu_register_sysregs(ARMCPU *cpu, const ARMSysReg *regs, int n);

#endif
