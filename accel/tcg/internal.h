/*
 * accel/tcg private state: the per-CPU TLB and jump cache, the translation
 * block bookkeeping, and the functions the accel files share.
 * Not for targets (they use include/accel/tcg-cpu-ops.h).
 */
#ifndef ACCEL_TCG_INTERNAL_H
#define ACCEL_TCG_INTERNAL_H

#include <setjmp.h>
#include "accel/tcg-cpu-ops.h"
#include "tcg/tcg.h"

#define CPU_TLB_BITS 8
#define CPU_TLB_SIZE (1 << CPU_TLB_BITS)
#define TB_JMP_CACHE_BITS 12
#define TB_JMP_CACHE_SIZE (1 << TB_JMP_CACHE_BITS)

/* What the slow path needs to know about a TLB entry, beside the fast entry. */
typedef struct CPUTLBEntryFull {
    hwaddr phys_page;        /* guest physical page the entry maps (MMIO is
                              * dispatched per access from here) */
    ram_addr_t ram_addr;     /* for RAM entries: ram_addr of the page, else -1 */
    MemTxAttrs attrs;
    uint8_t prot;
} CPUTLBEntryFull;

typedef struct CPUTLBDesc {
    CPUTLBEntryFull full[CPU_TLB_SIZE];
    CPUTLBEntry table[CPU_TLB_SIZE];
    /* The range of large (> one page) mappings, so flush_page can find them. */
    uint64_t large_page_addr;
    uint64_t large_page_mask;
} CPUTLBDesc;

/* Exit values of generated code: a TB pointer with the slot in the low bits. */
#define TB_EXIT_MASK 3
#define TB_EXIT_IDX0 0
#define TB_EXIT_IDX1 1
#define TB_EXIT_REQUESTED 3

/* The accel's bookkeeping for one TranslationBlock (tb->accel). */
typedef struct TBAccel {
    TCGTranslation tr;
    ram_addr_t page_ram[2];         /* ram_addr of code pages, -1 if none */
    struct TranslationBlock *jmp_dest[2];  /* chained targets */
    GSList *jmp_incoming;           /* (TB *) | slot of blocks chained to us */
    bool invalid;
    uint32_t generation;            /* code buffer generation it was made in */
} TBAccel;

/* Per-CPU accel state (cpu->accel). */
typedef struct TCGCPUState {
    CPUTLBDesc tlb[TCG_MAX_MMU_MODES];
    TranslationBlock *jmp_cache[TB_JMP_CACHE_SIZE];
    sigjmp_buf jmp_env;
    TranslationBlock *current_tb;   /* block being executed, for SMC detection */
    uint32_t cflags_next_tb;        /* override cflags of the next block (-1: none) */
    /*
     * Serialises writers of tlb[]: this vCPU's thread (fills, flushes, the
     * store slow path) and other threads that only set TLB_NOTDIRTY (the
     * migration thread after a dirty-bitmap sync).  Generated code reads
     * entries without it: the vCPU is their only other writer.
     */
    GMutex tlb_lock;
} TCGCPUState;

static inline TCGCPUState *tcg_cpu_state(CPUState *cpu)
{
    return cpu->accel;
}

static inline CPUArchState *cpu_env(CPUState *cpu)
{
    return cpu->env_ptr;
}

static inline CPUArchStateCommon *cpu_env_common(CPUState *cpu)
{
    return cpu->env_ptr;
}

static inline const struct TCGCPUOps *cpu_tcg_ops(CPUState *cpu)
{
    return CPU_GET_CLASS(cpu)->tcg_ops;
}

/* Guest page geometry: one size for every CPU of the target. */
extern unsigned tcg_page_bits;
#define TCG_PAGE_SIZE ((uint64_t)1 << tcg_page_bits)
#define TCG_PAGE_MASK (~(TCG_PAGE_SIZE - 1))

/* TLB comparator flags: just below the page bits, above any alignment bits. */
#define TLB_INVALID_MASK   ((uint64_t)1 << (tcg_page_bits - 1))
#define TLB_NOTDIRTY       ((uint64_t)1 << (tcg_page_bits - 2))
#define TLB_MMIO           ((uint64_t)1 << (tcg_page_bits - 3))
#define TLB_DISCARD_WRITE  ((uint64_t)1 << (tcg_page_bits - 4))
#define TLB_FLAGS_MASK     (TLB_INVALID_MASK | TLB_NOTDIRTY | TLB_MMIO | TLB_DISCARD_WRITE)

/* The shared translation context (round-robin: one vCPU thread). */
extern TCGContext *tcg_accel_ctx;

/* cputlb.c */
void tlb_init(CPUState *cpu);
void tlb_flush_local(CPUState *cpu, uint16_t idxmap);
uint64_t helper_ld_slow(void *env, uint64_t addr, MemOpIdx oi, uintptr_t retaddr);
void helper_st_slow(void *env, uint64_t addr, uint64_t val, MemOpIdx oi, uintptr_t retaddr);
/* Host pointer for code at addr (filling the TLB), its ram_addr; NULL if not RAM. */
void *tlb_get_code_page(CPUState *cpu, uint64_t addr, ram_addr_t *ram_addr);
void tlb_reset_dirty_range_all(ram_addr_t start, ram_addr_t length);
void tlb_listeners_init(void);

/* translate-all.c */
TranslationBlock *tb_lookup(CPUState *cpu, uint64_t pc, uint64_t cs_base, uint32_t flags,
                            uint32_t cflags);
TranslationBlock *tb_gen_code(CPUState *cpu, uint64_t pc, uint64_t cs_base, uint32_t flags,
                              uint32_t cflags);
void tb_add_jump(TranslationBlock *tb, int n, TranslationBlock *dest);
void tb_flush_all(void);
void tb_invalidate_phys_range(ram_addr_t start, ram_addr_t length, uintptr_t retaddr);
TranslationBlock *tb_find_by_retaddr(uintptr_t retaddr);
void tb_jmp_cache_clear(CPUState *cpu);
void tb_init(void);
/* Changes whenever the code buffer is flushed (every TB pointer dies). */
uint32_t tb_code_generation(void);

/* cpu-exec.c */
int cpu_exec(CPUState *cpu);

#endif
