/*
 * VMSAv8-64 stage-1 translation for the EL1&0 regime as a pure function of the
 * CPU state and guest memory: no TLB, no exceptions.  ptw.c also wraps it as
 * the tlb_fill hook, AT S1E* and the debugger's get_phys_page_debug.
 */
#ifndef TARGET_ARM_PTW_H
#define TARGET_ARM_PTW_H

#include "target/arm/cpu.h"

typedef enum ARMFaultType {
    ARM_FAULT_NONE = 0,
    ARM_FAULT_TRANSLATION,
    ARM_FAULT_ADDRESS_SIZE,
    ARM_FAULT_ACCESS_FLAG,
    ARM_FAULT_PERMISSION,
    ARM_FAULT_SYNC_EXTERNAL_ON_WALK,    /* a descriptor read failed */
} ARMFaultType;

typedef struct ARMMMUFault {
    ARMFaultType type;
    int level;                  /* lookup level 0..3 the fault is reported at */
    bool s1ptw;                 /* always false: no stage 2 */
} ARMMMUFault;

typedef struct ARMTranslateResult {
    hwaddr phys;                /* output address of va */
    uint64_t page_size;         /* size of the page or block that maps va */
    int prot;                   /* PAGE_READ/WRITE/EXEC allowed for this mmu_idx */
    uint8_t attrs;              /* MAIR_EL1 attribute byte (memory type) */
    uint8_t shareability;       /* SH[1:0] */
    bool global;                /* nG == 0: valid for every ASID */
    uint16_t asid;              /* ASID in use when the walk was done */
    int level;                  /* level of the final descriptor (MMU off: -1) */
} ARMTranslateResult;

/*
 * Translate va for an access of access_type through the EL1&0 regime with
 * the permissions of mmu_idx.  Returns true with *res filled when the access
 * is allowed; false with *fault filled otherwise (then *res is undefined).
 * Descriptors are read from the CPU's address space (little- or big-endian as
 * SCTLR_EL1.EE says).  The top byte of data addresses is ignored where
 * TCR_EL1.TBI0/TBI1 say so.
 */
bool arm_translate_address(CPUARMState *env, uint64_t va, MMUAccessType access_type,
                           int mmu_idx, ARMTranslateResult *res, ARMMMUFault *fault);

/* The DFSC/IFSC value of a fault. */
uint32_t arm_fault_to_fsc(const ARMMMUFault *fault);

/* PAR_EL1 value that an AT instruction with these inputs produces. */
uint64_t arm_at_s1e1(CPUARMState *env, uint64_t va, MMUAccessType access_type, int mmu_idx);

/* The TCGCPUOps hooks implemented in ptw.c. */
bool arm_cpu_tlb_fill(CPUState *cs, uint64_t addr, int size, MMUAccessType access_type,
                      int mmu_idx, bool probe, uintptr_t retaddr);
bool arm_cpu_get_phys_page_debug(CPUState *cs, uint64_t addr, hwaddr *phys);
void arm_cpu_do_unaligned_access(CPUState *cs, uint64_t addr, MMUAccessType access_type,
                                 int mmu_idx, uintptr_t retaddr);
void arm_cpu_do_transaction_failed(CPUState *cs, hwaddr physaddr, uint64_t addr,
                                   unsigned size, MMUAccessType access_type, int mmu_idx,
                                   uintptr_t retaddr);

/* Physical address size in bits for a PARange/IPS encoding (0..6). */
int arm_pamax_bits(unsigned parange);

#endif
