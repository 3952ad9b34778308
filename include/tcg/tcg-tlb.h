/*
 * The contract between generated code and the accel layer for guest memory:
 * the softmmu TLB layout that the inline hit path reads, and the slow-path helpers
 * it calls on a miss. Nothing here knows a guest; page size is a runtime value.
 */
#ifndef TCG_TCG_TLB_H
#define TCG_TCG_TLB_H

#include "qemu/osdep.h"
#include "system/memory.h"

/*
 * One TLB entry (32 bytes). Each comparator holds the page-aligned guest virtual
 * address the entry maps, for that kind of access. Any bit set below the page bits
 * makes every access of that kind miss and take the slow path: put "invalid",
 * "MMIO", "not dirty" or "watchpoint" flags there. An empty entry is all ones.
 * addend: host address of the page minus its guest address, for RAM pages.
 */
typedef struct CPUTLBEntry {
    uint64_t addr_read;
    uint64_t addr_write;
    uint64_t addr_code;
    uintptr_t addend;
} CPUTLBEntry;

#define CPU_TLB_ENTRY_BITS 5
_Static_assert(sizeof(CPUTLBEntry) == (1 << CPU_TLB_ENTRY_BITS), "CPUTLBEntry size");

/*
 * The fast-lookup descriptor of one MMU index. An array of these, one per mmu_idx,
 * lives in the CPU state at TCGContextConfig.tlb_fast_offset from env.
 * mask = (number of entries - 1) << CPU_TLB_ENTRY_BITS (entries: a power of two);
 * the entry for addr is at table + ((addr >> (page_bits - CPU_TLB_ENTRY_BITS)) & mask).
 * The accel layer may resize table and mask between translation-block executions.
 */
typedef struct CPUTLBDescFast {
    uintptr_t mask;
    CPUTLBEntry *table;
} CPUTLBDescFast;

/* A memory operation together with its MMU index, as passed to the slow path. */
typedef uint32_t MemOpIdx;

#define TCG_MAX_MMU_MODES 16

static inline MemOpIdx make_memop_idx(MemOp op, unsigned mmu_idx)
{
    return ((uint32_t)op << 4) | (mmu_idx & 15);
}

static inline MemOp get_memop(MemOpIdx oi)
{
    return (MemOp)(oi >> 4);
}

static inline unsigned get_mmuidx(MemOpIdx oi)
{
    return oi & 15;
}

/* Alignment in bytes that op requires (1 when unaligned accesses are allowed). */
static inline unsigned memop_alignment(MemOp op)
{
    unsigned a = (op & MO_AMASK) >> MO_ASHIFT;

    if (a == (MO_ALIGN >> MO_ASHIFT)) {
        return memop_size(op);
    }
    return 1u << a;
}

/*
 * Slow path for a load that missed the TLB, was misaligned for its MO_ALIGN
 * requirement, or crossed a page. Returns the value in host order, zero- or
 * sign-extended to 64 bits as the MemOp says. May raise a guest exception by
 * unwinding (siglongjmp) out of generated code. retaddr is a host address inside the
 * translated block, to be given to tcg_restore_state_from_retaddr(); it is 0 when the
 * access does not come from generated code.
 */
typedef uint64_t (*TCGLoadSlowFn)(void *env, uint64_t addr, MemOpIdx oi, uintptr_t retaddr);

/* Slow path for a store; only the low memop_size() bytes of val are meaningful. */
typedef void (*TCGStoreSlowFn)(void *env, uint64_t addr, uint64_t val, MemOpIdx oi,
                               uintptr_t retaddr);

#endif
