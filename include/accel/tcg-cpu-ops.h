/*
 * The contract between accel/tcg (cpu loop, translation-block cache, softmmu
 * TLB) and a target CPU: the hooks a target provides in CPUClass.tcg_ops and
 * the services accel/tcg provides to targets and their helpers.
 */
#ifndef ACCEL_TCG_CPU_OPS_H
#define ACCEL_TCG_CPU_OPS_H

#include "hw/core/cpu.h"
#include "exec/translation-block.h"
#include "tcg/tcg-tlb.h"

typedef struct CPUArchState CPUArchState;   /* each target defines the struct */

typedef enum MMUAccessType {
    MMU_DATA_LOAD = 0,
    MMU_DATA_STORE = 1,
    MMU_INST_FETCH = 2,
} MMUAccessType;

/* Page protection bits for tlb_set_page. */
#define PAGE_READ  0x1
#define PAGE_WRITE 0x2
#define PAGE_EXEC  0x4

/* exception_index values every target shares (targets use >= 0). */
#define EXCP_INTERRUPT 0x10000   /* async interruption: leave the cpu loop */
#define EXCP_HLT       0x10001   /* halted (WFI) */
#define EXCP_DEBUG     0x10002
#define EXCP_HALTED    0x10003
#define EXCP_YIELD     0x10004   /* give other vCPUs a turn (WFE, YIELD) */
#define EXCP_ATOMIC    0x10005   /* re-run this instruction exclusively */

struct TCGCPUOps {
    /* One-time set-up of the target's TCG globals (cpu_env fields). */
    void (*initialize)(void);
    /* Translate a block starting at pc (see include/exec/translator.h). */
    void (*translate_code)(CPUState *cpu, TranslationBlock *tb, int *max_insns, uint64_t pc,
                           void *host_pc);
    /* The translation key of the current state: pc, cs_base and flags. */
    void (*get_tb_cpu_state)(CPUState *cpu, uint64_t *pc, uint64_t *cs_base, uint32_t *flags);
    /* Set the pc from a block that is about to be left without executing it. */
    void (*synchronize_from_tb)(CPUState *cpu, const TranslationBlock *tb);
    /* Restore guest state from the insn_start data of a faulting instruction. */
    void (*restore_state_to_opc)(CPUState *cpu, const TranslationBlock *tb,
                                 const uint64_t *data);
    /* Take a pending interrupt if unmasked; true if one was taken. */
    bool (*cpu_exec_interrupt)(CPUState *cpu, int interrupt_request);
    /* Deliver cpu->exception_index (synchronous exception or interrupt entry). */
    void (*do_interrupt)(CPUState *cpu);
    /*
     * Translate addr for an access; on success call tlb_set_page*() and
     * return true.  On a fault: with probe, return false; otherwise raise
     * the guest exception (cpu_loop_exit_restore(cpu, retaddr)), no return.
     */
    bool (*tlb_fill)(CPUState *cpu, uint64_t addr, int size, MMUAccessType access_type,
                     int mmu_idx, bool probe, uintptr_t retaddr);
    /* A misaligned access with alignment checking: raise the fault, no return. */
    void (*do_unaligned_access)(CPUState *cpu, uint64_t addr, MMUAccessType access_type,
                                int mmu_idx, uintptr_t retaddr);
    /* A bus error from the memory API (unassigned address): raise the
     * external abort if the architecture does. */
    void (*do_transaction_failed)(CPUState *cpu, hwaddr physaddr, uint64_t addr,
                                  unsigned size, MMUAccessType access_type, int mmu_idx,
                                  uintptr_t retaddr);
    /* The MMU index for the current state (data or instruction side). */
    int (*mmu_index)(CPUState *cpu, bool ifetch);
    /* Number of MMU indexes this target uses (at most 16). */
    int nb_mmu_modes;
    /* Guest page size in bits (12 for 4 KiB): the smallest page the target maps. */
    int page_bits;
    /* Data words the target's insn_start markers carry (1..3). */
    int insn_start_words;
};

/* ---- services accel/tcg gives targets ---- */

/* Leave the cpu loop now (longjmp) with cpu->exception_index set. */
void QEMU_NORETURN cpu_loop_exit(CPUState *cpu);
/* Same, first restoring guest state from a host return address in generated code. */
void QEMU_NORETURN cpu_loop_exit_restore(CPUState *cpu, uintptr_t retaddr);
/* Restore guest state for retaddr (no exit); false if retaddr is not in generated code. */
bool cpu_restore_state(CPUState *cpu, uintptr_t retaddr);
/* Raise exception excp from a helper (restoring state from retaddr when nonzero). */
void QEMU_NORETURN cpu_raise_exception_ra(CPUState *cpu, int excp, uintptr_t retaddr);

/* Install a translation (phys page for vaddr) in the softmmu TLB of mmu_idx. */
void tlb_set_page(CPUState *cpu, uint64_t vaddr, hwaddr paddr, int prot, int mmu_idx,
                  uint64_t size);
void tlb_set_page_with_attrs(CPUState *cpu, uint64_t vaddr, hwaddr paddr, MemTxAttrs attrs,
                             int prot, int mmu_idx, uint64_t size);
void tlb_flush(CPUState *cpu);
void tlb_flush_page(CPUState *cpu, uint64_t addr);
void tlb_flush_by_mmuidx(CPUState *cpu, uint16_t idxmap);
void tlb_flush_page_by_mmuidx(CPUState *cpu, uint64_t addr, uint16_t idxmap);
/* Same, on every CPU (TLBI ... IS / broadcast); completes before the caller continues
 * guest execution. */
void tlb_flush_all_cpus_synced(CPUState *src);
void tlb_flush_page_all_cpus_synced(CPUState *src, uint64_t addr);
void tlb_flush_by_mmuidx_all_cpus_synced(CPUState *src, uint16_t idxmap);
void tlb_flush_page_by_mmuidx_all_cpus_synced(CPUState *src, uint64_t addr,
                                              uint16_t idxmap);

/*
 * Guest memory accesses from C helpers (load/store with the current or a
 * given mmu index, raising guest faults with state restored from retaddr).
 * MemOp gives size, sign and byte order (include/system/memory.h).
 */
uint64_t cpu_ld_mmu(CPUArchState *env, uint64_t addr, MemOp op, int mmu_idx,
                    uintptr_t retaddr);
void cpu_st_mmu(CPUArchState *env, uint64_t addr, uint64_t val, MemOp op, int mmu_idx,
                uintptr_t retaddr);
/* Code fetch for translators (raises instruction aborts). */
uint32_t cpu_ldl_code(CPUArchState *env, uint64_t addr);
uint16_t cpu_lduw_code(CPUArchState *env, uint64_t addr);
uint8_t cpu_ldub_code(CPUArchState *env, uint64_t addr);
/*
 * For indirect branches (goto_ptr): the host code of the block for the
 * current state, or NULL to return to the cpu loop.  Never raises.
 */
const void *tcg_accel_lookup_tb_ptr(CPUArchState *env);

/* Host pointer for [addr, addr+size) in one page, filling the TLB; NULL for MMIO. */
void *probe_access(CPUArchState *env, uint64_t addr, int size, MMUAccessType access_type,
                   int mmu_idx, uintptr_t retaddr);

/*
 * The first member of every target's CPUArchState, at offset 0: what
 * generated code and accel/tcg need at a fixed place from the env pointer
 * (the back pointer, the exit request flag checked at each block start,
 * and the softmmu TLB descriptors, which accel/tcg defines).
 */
typedef struct CPUArchStateCommon {
    CPUState *cpu;
    int32_t exit_request;   /* nonzero: generated code leaves at the next block start */
    int32_t pad;
    /* The softmmu TLB's fast-lookup descriptors, one per mmu index. */
    CPUTLBDescFast tlb_fast[TCG_MAX_MMU_MODES];
} CPUArchStateCommon;

static inline CPUState *env_cpu(CPUArchState *env)
{
    return ((CPUArchStateCommon *)env)->cpu;
}

#endif
