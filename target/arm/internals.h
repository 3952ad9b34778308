/*
 * Declarations shared between the files of target/arm that are not part of
 * the translator contract: SCTLR/TCR/CPACR bit names and the accel/tcg
 * services, referenced weakly so the CPU can be built and unit-tested before
 * accel/tcg is linked in (every call site tolerates their absence).
 */
#ifndef TARGET_ARM_INTERNALS_H
#define TARGET_ARM_INTERNALS_H

#include "target/arm/cpu.h"

/* SCTLR_EL1 */
#define SCTLR_M    (1ULL << 0)
#define SCTLR_A    (1ULL << 1)
#define SCTLR_C    (1ULL << 2)
#define SCTLR_SA   (1ULL << 3)
#define SCTLR_SA0  (1ULL << 4)
#define SCTLR_UMA  (1ULL << 9)
#define SCTLR_I    (1ULL << 12)
#define SCTLR_DZE  (1ULL << 14)
#define SCTLR_UCT  (1ULL << 15)
#define SCTLR_WXN  (1ULL << 19)
#define SCTLR_SPAN (1ULL << 23)
#define SCTLR_E0E  (1ULL << 24)
#define SCTLR_EE   (1ULL << 25)
#define SCTLR_UCI  (1ULL << 26)
/* Bits that are RES1 in ARMv8.0 SCTLR_EL1 (11, 20, 22, 23, 28, 29). */
#define SCTLR_EL1_RES1 ((1ULL << 11) | (1ULL << 20) | (1ULL << 22) | (1ULL << 23) | \
                        (1ULL << 28) | (1ULL << 29))

/* TCR_EL1 */
#define TCR_T0SZ_SHIFT 0
#define TCR_EPD0   (1ULL << 7)
#define TCR_TG0_SHIFT 14
#define TCR_T1SZ_SHIFT 16
#define TCR_A1     (1ULL << 22)
#define TCR_EPD1   (1ULL << 23)
#define TCR_TG1_SHIFT 30
#define TCR_IPS_SHIFT 32
#define TCR_AS     (1ULL << 36)
#define TCR_TBI0   (1ULL << 37)
#define TCR_TBI1   (1ULL << 38)

/* CPACR_EL1.FPEN */
#define CPACR_FPEN_SHIFT 20

/* CNTKCTL_EL1 */
#define CNTKCTL_EL0PCTEN (1u << 0)
#define CNTKCTL_EL0VCTEN (1u << 1)
#define CNTKCTL_EL0VTEN  (1u << 8)
#define CNTKCTL_EL0PTEN  (1u << 9)

/* PMCR_EL0 */
#define PMCR_E  (1u << 0)
#define PMCR_P  (1u << 1)
#define PMCR_C  (1u << 2)
#define PMCR_D  (1u << 3)
#define PMCR_LC (1u << 6)
#define PMCR_WRITABLE (PMCR_E | (1u << 3) | (1u << 4) | (1u << 5) | PMCR_LC)
#define PMCCNTR_BIT 31  /* cycle counter's bit in PMCNTEN/PMINTEN/PMOVS */

/* Whether CPACR_EL1.FPEN lets FP/SIMD instructions run at el. */
bool arm_fp_access_allowed(CPUARMState *env, int el);
/* Whether TBI applies to a data address in the current EL1&0 regime. */
bool arm_tbi_enabled(CPUARMState *env, uint64_t addr);

/* sysreg.c */
void arm_sysreg_tlbi_flush_all(CPUARMState *env, bool broadcast);

/* exception.c: leave the cpu loop. */
void QEMU_NORETURN arm_cpu_loop_exit(CPUState *cs);
void QEMU_NORETURN arm_cpu_loop_exit_restore(CPUState *cs, uintptr_t retaddr);

/* machine.c */
extern const VMStateDescription vmstate_arm_cpu;

/* PMU (sysreg.c) */
uint64_t arm_pmccntr_read(CPUARMState *env);


#endif
