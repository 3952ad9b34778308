/*
 * The softmmu TLB: filling entries from the target's page-table walk, the
 * slow paths generated code calls on a miss (MMIO through the memory API,
 * page-crossing and misaligned accesses, writes to pages that hold
 * translated code or must be tracked for migration), flushes, and guest
 * memory access for C helpers.
 */
#include "qemu/osdep.h"
#include "internal.h"
#include "qemu/bswap.h"
#include "system/cpus.h"

unsigned tcg_page_bits = 12;

/* Set by the store slow path while it marks a page written, for SMC detection. */
static __thread bool current_tb_modified;

static unsigned tlb_index(uint64_t addr)
{
    return (addr >> tcg_page_bits) & (CPU_TLB_SIZE - 1);
}

static void tlb_entry_clear(CPUTLBEntry *e, CPUTLBEntryFull *f)
{
    e->addr_read = e->addr_write = e->addr_code = UINT64_MAX;
    e->addend = 0;
    f->ram_addr = (ram_addr_t)-1;
}

void tlb_flush_local(CPUState *cpu, uint16_t idxmap)
{
    TCGCPUState *s = tcg_cpu_state(cpu);

    g_mutex_lock(&s->tlb_lock);
    for (int i = 0; i < TCG_MAX_MMU_MODES; i++) {
        if (!(idxmap & (1u << i))) {
            continue;
        }
        for (int j = 0; j < CPU_TLB_SIZE; j++) {
            tlb_entry_clear(&s->tlb[i].table[j], &s->tlb[i].full[j]);
        }
        s->tlb[i].large_page_addr = UINT64_MAX;
        s->tlb[i].large_page_mask = 0;
    }
    g_mutex_unlock(&s->tlb_lock);
    /* Virtual-to-TB mappings may now be wrong too. */
    tb_jmp_cache_clear(cpu);
}

void tlb_init(CPUState *cpu)
{
    TCGCPUState *s = g_new0(TCGCPUState, 1);
    CPUArchStateCommon *c = cpu_env_common(cpu);

    cpu->accel = s;
    g_mutex_init(&s->tlb_lock);
    s->cflags_next_tb = UINT32_MAX;
    for (int i = 0; i < TCG_MAX_MMU_MODES; i++) {
        c->tlb_fast[i].mask = (uintptr_t)(CPU_TLB_SIZE - 1) << CPU_TLB_ENTRY_BITS;
        c->tlb_fast[i].table = s->tlb[i].table;
    }
    c->cpu = cpu;
    tlb_flush_local(cpu, 0xffff);
}

/*
 * Flushes requested for another CPU.  With one round-robin vCPU thread the
 * other CPUs are not running, so this is immediate there; from the main
 * thread the vCPUs are kept out of guest code by taking them through a pause.
 */
static void tlb_flush_cpu(CPUState *cpu, uint16_t idxmap)
{
    if (!cpu->accel) {
        return;
    }
    if (current_cpu_get() || !cpu->running) {
        tlb_flush_local(cpu, idxmap);
        return;
    }
    {
        bool was_locked = bql_locked();
        if (!was_locked) {
            bql_lock();
        }
        pause_all_vcpus();
        tlb_flush_local(cpu, idxmap);
        resume_all_vcpus();
        if (!was_locked) {
            bql_unlock();
        }
    }
}

void tlb_flush(CPUState *cpu)
{
    tlb_flush_cpu(cpu, 0xffff);
}

void tlb_flush_by_mmuidx(CPUState *cpu, uint16_t idxmap)
{
    tlb_flush_cpu(cpu, idxmap);
}

static void tlb_flush_page_locked(CPUState *cpu, uint64_t addr, uint16_t idxmap)
{
    TCGCPUState *s = tcg_cpu_state(cpu);
    uint64_t page = addr & TCG_PAGE_MASK;

    for (int i = 0; i < TCG_MAX_MMU_MODES; i++) {
        CPUTLBDesc *d = &s->tlb[i];
        if (!(idxmap & (1u << i))) {
            continue;
        }
        /* A page inside a large mapping may be held by many entries. */
        if ((page & d->large_page_mask) == d->large_page_addr) {
            tlb_flush_local(cpu, 1u << i);
            continue;
        }
        {
            unsigned idx = tlb_index(page);
            CPUTLBEntry *e = &d->table[idx];

            g_mutex_lock(&s->tlb_lock);
            if ((e->addr_read & TCG_PAGE_MASK) == page ||
                (e->addr_write & TCG_PAGE_MASK) == page ||
                (e->addr_code & TCG_PAGE_MASK) == page) {
                tlb_entry_clear(e, &d->full[idx]);
            }
            g_mutex_unlock(&s->tlb_lock);
        }
    }
    tb_jmp_cache_clear(cpu);
}

void tlb_flush_page_by_mmuidx(CPUState *cpu, uint64_t addr, uint16_t idxmap)
{
    if (!cpu->accel) {
        return;
    }
    if (current_cpu_get() || !cpu->running) {
        tlb_flush_page_locked(cpu, addr, idxmap);
    } else {
        tlb_flush_cpu(cpu, idxmap);
    }
}

void tlb_flush_page(CPUState *cpu, uint64_t addr)
{
    tlb_flush_page_by_mmuidx(cpu, addr, 0xffff);
}

void tlb_flush_all_cpus_synced(CPUState *src)
{
    CPUState *cpu;
    CPU_FOREACH(cpu) {
        tlb_flush(cpu);
    }
}

void tlb_flush_page_all_cpus_synced(CPUState *src, uint64_t addr)
{
    CPUState *cpu;
    CPU_FOREACH(cpu) {
        tlb_flush_page(cpu, addr);
    }
}

void tlb_flush_by_mmuidx_all_cpus_synced(CPUState *src, uint16_t idxmap)
{
    CPUState *cpu;
    CPU_FOREACH(cpu) {
        tlb_flush_by_mmuidx(cpu, idxmap);
    }
}

void tlb_flush_page_by_mmuidx_all_cpus_synced(CPUState *src, uint64_t addr,
                                              uint16_t idxmap)
{
    CPUState *cpu;
    CPU_FOREACH(cpu) {
        tlb_flush_page_by_mmuidx(cpu, addr, idxmap);
    }
}

/* Whether stores to this RAM page must go through the slow path. */
static bool ram_page_needs_tracking(ram_addr_t ram_addr)
{
    if (!cpu_physical_memory_get_dirty_flag(ram_addr, DIRTY_MEMORY_CODE)) {
        return true;    /* translated code lives here */
    }
    return memory_global_dirty_log_active() &&
           !cpu_physical_memory_get_dirty_flag(ram_addr, DIRTY_MEMORY_MIGRATION);
}

void tlb_set_page_with_attrs(CPUState *cpu, uint64_t vaddr, hwaddr paddr, MemTxAttrs attrs,
                             int prot, int mmu_idx, uint64_t size)
{
    TCGCPUState *s = tcg_cpu_state(cpu);
    uint64_t vpage = vaddr & TCG_PAGE_MASK;
    hwaddr ppage = paddr & TCG_PAGE_MASK;
    unsigned idx = tlb_index(vpage);
    CPUTLBDesc *d;
    CPUTLBEntry *e;
    CPUTLBEntryFull *f;
    MemoryRegionSection sec;
    MemoryRegion *mr;
    uint64_t read_cmp, write_cmp, code_cmp;

    if (!s) {
        return;     /* no accelerator (unit tests, qtest): nothing caches translations */
    }
    d = &s->tlb[mmu_idx];
    e = &d->table[idx];
    f = &d->full[idx];

    /*
     * Under the lock: whether the page needs tracking and the entry that
     * records it must not interleave with another thread's dirty-bitmap
     * sync setting TLB_NOTDIRTY, or a write entry could lose the flag (and
     * migration a page), or carry one page's tag with another's addend.
     */
    g_mutex_lock(&s->tlb_lock);
    if (size > TCG_PAGE_SIZE) {
        uint64_t lp_mask = ~(size - 1);
        if (d->large_page_addr == UINT64_MAX) {
            d->large_page_addr = vaddr & lp_mask;
            d->large_page_mask = lp_mask;
        } else {
            /* Widen the recorded range to cover both large pages. */
            while (((d->large_page_addr ^ vaddr) & lp_mask) != 0) {
                lp_mask <<= 1;
            }
            d->large_page_mask = lp_mask;
            d->large_page_addr &= lp_mask;
        }
    }

    mr = address_space_translate_section(cpu->as, ppage, &sec);
    f->phys_page = ppage;
    if (attrs.unspecified) {
        /* Accesses from a CPU say which CPU (banked registers such as a GICv2's). */
        attrs = (MemTxAttrs) { .requester_id = cpu->cpu_index };
    }
    f->attrs = attrs;
    f->prot = prot;
    read_cmp = (prot & PAGE_READ) ? vpage : UINT64_MAX;
    code_cmp = (prot & PAGE_EXEC) ? vpage : UINT64_MAX;
    write_cmp = (prot & PAGE_WRITE) ? vpage : UINT64_MAX;

    if (memory_region_is_ram(mr) && sec.size >= TCG_PAGE_SIZE) {
        uint8_t *host = (uint8_t *)memory_region_get_ram_ptr(mr) + sec.offset_within_region;
        f->ram_addr = memory_region_get_ram_addr(mr) + sec.offset_within_region;
        e->addend = (uintptr_t)host - vpage;
        if (write_cmp != UINT64_MAX) {
            if (sec.readonly || memory_region_is_rom(mr)) {
                write_cmp |= TLB_DISCARD_WRITE;
            } else if (ram_page_needs_tracking(f->ram_addr)) {
                write_cmp |= TLB_NOTDIRTY;
            }
        }
    } else {
        /* MMIO, a hole, or RAM smaller than a page: everything goes through dispatch. */
        f->ram_addr = (ram_addr_t)-1;
        e->addend = 0;
        if (read_cmp != UINT64_MAX) {
            read_cmp |= TLB_MMIO;
        }
        if (write_cmp != UINT64_MAX) {
            write_cmp |= TLB_MMIO;
        }
        if (code_cmp != UINT64_MAX) {
            code_cmp |= TLB_MMIO;
        }
    }
    e->addr_read = read_cmp;
    e->addr_code = code_cmp;
    __atomic_store_n(&e->addr_write, write_cmp, __ATOMIC_RELAXED);
    g_mutex_unlock(&s->tlb_lock);
}

void tlb_set_page(CPUState *cpu, uint64_t vaddr, hwaddr paddr, int prot, int mmu_idx,
                  uint64_t size)
{
    tlb_set_page_with_attrs(cpu, vaddr, paddr, MEMTXATTRS_UNSPECIFIED, prot, mmu_idx, size);
}

/* Pages whose dirty bits were cleared: their RAM write entries must trap again. */
void tlb_reset_dirty_range_all(ram_addr_t start, ram_addr_t length)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        TCGCPUState *s = tcg_cpu_state(cpu);
        if (!s) {
            continue;
        }
        /* The vCPU may be running: see tlb_lock. */
        g_mutex_lock(&s->tlb_lock);
        for (int i = 0; i < TCG_MAX_MMU_MODES; i++) {
            for (int j = 0; j < CPU_TLB_SIZE; j++) {
                CPUTLBEntryFull *f = &s->tlb[i].full[j];
                CPUTLBEntry *e = &s->tlb[i].table[j];
                uint64_t w = __atomic_load_n(&e->addr_write, __ATOMIC_RELAXED);
                if (f->ram_addr == (ram_addr_t)-1 || w == UINT64_MAX ||
                    (w & TLB_FLAGS_MASK) || f->ram_addr - start >= length) {
                    continue;
                }
                __atomic_store_n(&e->addr_write, w | TLB_NOTDIRTY, __ATOMIC_RELAXED);
            }
        }
        g_mutex_unlock(&s->tlb_lock);
    }
}

static void tlb_dirty_cleared(ram_addr_t start, ram_addr_t length)
{
    tlb_reset_dirty_range_all(start, length);
}

static void tlb_log_global_start(MemoryListener *l)
{
    /* From now on every RAM write must reach the migration bitmap. */
    tlb_reset_dirty_range_all(0, (ram_addr_t)-1);
}

static MemoryListener tlb_listener = {
    .log_global_start = tlb_log_global_start,
};

static void tlb_code_write(ram_addr_t start, ram_addr_t length)
{
    tb_invalidate_phys_range(start, length, 0);
}

void tlb_listeners_init(void)
{
    memory_listener_register(&tlb_listener, NULL);
    cpu_physical_memory_set_dirty_cleared_hook(tlb_dirty_cleared);
    cpu_physical_memory_set_code_write_hook(tlb_code_write);
}

/* ---- slow paths ---- */

static bool tlb_hit(uint64_t cmp, uint64_t addr)
{
    return (cmp & (TCG_PAGE_MASK | TLB_INVALID_MASK)) == (addr & TCG_PAGE_MASK);
}

static uint64_t entry_cmp(CPUTLBEntry *e, MMUAccessType type)
{
    switch (type) {
    case MMU_DATA_LOAD:
        return e->addr_read;
    case MMU_DATA_STORE:
        return __atomic_load_n(&e->addr_write, __ATOMIC_RELAXED);
    default:
        return e->addr_code;
    }
}

/* Find (filling if needed) the entry for addr; raises the guest fault on failure. */
static unsigned tlb_lookup_fill(CPUState *cpu, uint64_t addr, int size, MMUAccessType type,
                                int mmu_idx, uintptr_t ra)
{
    TCGCPUState *s = tcg_cpu_state(cpu);
    unsigned idx = tlb_index(addr);

    if (!tlb_hit(entry_cmp(&s->tlb[mmu_idx].table[idx], type), addr)) {
        cpu_tcg_ops(cpu)->tlb_fill(cpu, addr, size, type, mmu_idx, false, ra);
        if (!tlb_hit(entry_cmp(&s->tlb[mmu_idx].table[idx], type), addr)) {
            /* The target installed no usable entry: treat the access as a hole. */
            CPUTLBEntry *e = &s->tlb[mmu_idx].table[idx];
            g_error("tlb_fill for 0x%" PRIx64 " (type %d, mmu_idx %d) installed no entry: "
                    "read %" PRIx64 " write %" PRIx64 " code %" PRIx64, addr, type, mmu_idx,
                    e->addr_read, e->addr_write, e->addr_code);
        }
    }
    return idx;
}

static uint64_t extend(uint64_t val, MemOp op)
{
    unsigned bits = memop_size(op) * 8;
    if (bits < 64) {
        val &= (UINT64_C(1) << bits) - 1;
        if (op & MO_SIGN) {
            val = (uint64_t)((int64_t)(val << (64 - bits)) >> (64 - bits));
        }
    }
    return val;
}

static uint64_t load_host(const void *p, MemOp op)
{
    bool be = memop_big_endian(op);
    switch (memop_size(op)) {
    case 1:
        return ldub_p(p);
    case 2:
        return be ? lduw_be_p(p) : lduw_le_p(p);
    case 4:
        return be ? (uint32_t)ldl_be_p(p) : (uint32_t)ldl_le_p(p);
    default:
        return be ? ldq_be_p(p) : ldq_le_p(p);
    }
}

static void store_host(void *p, uint64_t val, MemOp op)
{
    bool be = memop_big_endian(op);
    switch (memop_size(op)) {
    case 1:
        stb_p(p, val);
        break;
    case 2:
        be ? stw_be_p(p, val) : stw_le_p(p, val);
        break;
    case 4:
        be ? stl_be_p(p, val) : stl_le_p(p, val);
        break;
    default:
        be ? stq_be_p(p, val) : stq_le_p(p, val);
        break;
    }
}

static uint64_t io_read(CPUState *cpu, CPUTLBEntryFull *f, uint64_t addr, MemOp op,
                        int mmu_idx, MMUAccessType type, uintptr_t ra)
{
    uint64_t val = 0;
    bool locked = bql_lock_if_unlocked();
    MemoryRegionSection sec;
    /* A page may hold several devices (virtio-mmio transports are 0x200
     * apart): find the one at this address now, not the page's first. */
    MemoryRegion *mr = address_space_translate_section(cpu->as,
                                                       f->phys_page | (addr & ~TCG_PAGE_MASK),
                                                       &sec);
    MemTxResult r = memory_region_dispatch_read(mr, sec.offset_within_region, &val,
                                                op & (MO_SIZE | MO_BSWAP), f->attrs);
    if (locked) {
        bql_unlock();
    }
    if (r != MEMTX_OK && cpu_tcg_ops(cpu)->do_transaction_failed) {
        cpu_tcg_ops(cpu)->do_transaction_failed(cpu, f->phys_page | (addr & ~TCG_PAGE_MASK),
                                                addr, memop_size(op), type, mmu_idx, ra);
    }
    return val;
}

static void io_write(CPUState *cpu, CPUTLBEntryFull *f, uint64_t addr, uint64_t val, MemOp op,
                     int mmu_idx, uintptr_t ra)
{
    bool locked = bql_lock_if_unlocked();
    MemoryRegionSection sec;
    MemoryRegion *mr = address_space_translate_section(cpu->as,
                                                       f->phys_page | (addr & ~TCG_PAGE_MASK),
                                                       &sec);
    MemTxResult r = memory_region_dispatch_write(mr, sec.offset_within_region, val,
                                                 op & (MO_SIZE | MO_BSWAP), f->attrs);
    if (locked) {
        bql_unlock();
    }
    if (r != MEMTX_OK && cpu_tcg_ops(cpu)->do_transaction_failed) {
        cpu_tcg_ops(cpu)->do_transaction_failed(cpu, f->phys_page | (addr & ~TCG_PAGE_MASK),
                                                addr, memop_size(op), MMU_DATA_STORE,
                                                mmu_idx, ra);
    }
}

/* One access that stays inside one page. */
static uint64_t do_ld_page(CPUState *cpu, uint64_t addr, MemOp op, int mmu_idx,
                           MMUAccessType type, uintptr_t ra)
{
    TCGCPUState *s = tcg_cpu_state(cpu);
    unsigned idx = tlb_lookup_fill(cpu, addr, memop_size(op), type, mmu_idx, ra);
    CPUTLBEntry *e = &s->tlb[mmu_idx].table[idx];
    uint64_t cmp = entry_cmp(e, type);

    if (cmp & TLB_MMIO) {
        return io_read(cpu, &s->tlb[mmu_idx].full[idx], addr, op, mmu_idx, type, ra);
    }
    return load_host((void *)(uintptr_t)(addr + e->addend), op);
}

static void notdirty_write(CPUState *cpu, CPUTLBEntry *e, CPUTLBEntryFull *f, uint64_t addr,
                           unsigned size, uintptr_t ra)
{
    TCGCPUState *s = tcg_cpu_state(cpu);
    ram_addr_t ram_addr = f->ram_addr + (addr & ~TCG_PAGE_MASK);

    current_tb_modified = false;
    cpu_physical_memory_mark_written(ram_addr, size);
    /*
     * Once the page has no code and is dirty for migration, stores may go
     * fast again.  Decided under the lock: a bitmap sync that cleared the
     * page since the line above sets TLB_NOTDIRTY again after us, or we see
     * its cleared bit and keep the flag.
     */
    g_mutex_lock(&s->tlb_lock);
    if (!ram_page_needs_tracking(f->ram_addr)) {
        uint64_t w = __atomic_load_n(&e->addr_write, __ATOMIC_RELAXED);
        if ((w & TCG_PAGE_MASK) == (addr & TCG_PAGE_MASK)) {
            __atomic_store_n(&e->addr_write, w & ~TLB_NOTDIRTY, __ATOMIC_RELAXED);
        }
    }
    g_mutex_unlock(&s->tlb_lock);
    if (current_tb_modified) {
        /* The store rewrote the block we are running: restart after it. */
        current_tb_modified = false;
        s->cflags_next_tb = 1;
        cpu_restore_state(cpu, ra);
        /* Re-execute the store alone: stores are idempotent. */
        cpu->exception_index = -1;
        cpu_loop_exit(cpu);
    }
}

/* Called by tb_invalidate_phys_range when it invalidates the running block. */
void tlb_note_current_tb_modified(void);
void tlb_note_current_tb_modified(void)
{
    current_tb_modified = true;
}

static void do_st_page(CPUState *cpu, uint64_t addr, uint64_t val, MemOp op, int mmu_idx,
                       uintptr_t ra)
{
    TCGCPUState *s = tcg_cpu_state(cpu);
    unsigned idx = tlb_lookup_fill(cpu, addr, memop_size(op), MMU_DATA_STORE, mmu_idx, ra);
    CPUTLBEntry *e = &s->tlb[mmu_idx].table[idx];
    CPUTLBEntryFull *f = &s->tlb[mmu_idx].full[idx];
    uint64_t cmp = entry_cmp(e, MMU_DATA_STORE);

    if (cmp & TLB_MMIO) {
        io_write(cpu, f, addr, val, op, mmu_idx, ra);
        return;
    }
    if (cmp & TLB_DISCARD_WRITE) {
        return;
    }
    store_host((void *)(uintptr_t)(addr + e->addend), val, op);
    if (cmp & TLB_NOTDIRTY) {
        notdirty_write(cpu, e, f, addr, memop_size(op), ra);
    }
}

static bool crosses_page(uint64_t addr, unsigned size)
{
    return ((addr & ~TCG_PAGE_MASK) + size) > TCG_PAGE_SIZE;
}

static uint64_t do_ld(CPUState *cpu, uint64_t addr, MemOp op, int mmu_idx, MMUAccessType type,
                      uintptr_t ra)
{
    unsigned size = memop_size(op);
    unsigned align = memop_alignment(op);
    uint64_t val = 0;

    if (addr & (align - 1)) {
        cpu_tcg_ops(cpu)->do_unaligned_access(cpu, addr, type, mmu_idx, ra);
    }
    if (!crosses_page(addr, size)) {
        return extend(do_ld_page(cpu, addr, op, mmu_idx, type, ra), op);
    }
    /* Byte by byte, so each page faults or dispatches on its own. */
    for (unsigned i = 0; i < size; i++) {
        uint64_t b = do_ld_page(cpu, addr + i, MO_8, mmu_idx, type, ra);
        if (memop_big_endian(op)) {
            val = (val << 8) | b;
        } else {
            val |= b << (8 * i);
        }
    }
    return extend(val, op);
}

static void do_st(CPUState *cpu, uint64_t addr, uint64_t val, MemOp op, int mmu_idx,
                  uintptr_t ra)
{
    unsigned size = memop_size(op);
    unsigned align = memop_alignment(op);

    if (addr & (align - 1)) {
        cpu_tcg_ops(cpu)->do_unaligned_access(cpu, addr, MMU_DATA_STORE, mmu_idx, ra);
    }
    if (!crosses_page(addr, size)) {
        do_st_page(cpu, addr, val, op, mmu_idx, ra);
        return;
    }
    /* Probe both pages first so a fault on the second leaves memory untouched. */
    tlb_lookup_fill(cpu, addr, 1, MMU_DATA_STORE, mmu_idx, ra);
    tlb_lookup_fill(cpu, (addr + size - 1), 1, MMU_DATA_STORE, mmu_idx, ra);
    for (unsigned i = 0; i < size; i++) {
        unsigned shift = memop_big_endian(op) ? 8 * (size - 1 - i) : 8 * i;
        do_st_page(cpu, addr + i, (val >> shift) & 0xff, MO_8, mmu_idx, ra);
    }
}

uint64_t helper_ld_slow(void *env, uint64_t addr, MemOpIdx oi, uintptr_t retaddr)
{
    return do_ld(env_cpu(env), addr, get_memop(oi), get_mmuidx(oi), MMU_DATA_LOAD, retaddr);
}

void helper_st_slow(void *env, uint64_t addr, uint64_t val, MemOpIdx oi, uintptr_t retaddr)
{
    do_st(env_cpu(env), addr, val, get_memop(oi), get_mmuidx(oi), retaddr);
}

uint64_t cpu_ld_mmu(CPUArchState *env, uint64_t addr, MemOp op, int mmu_idx, uintptr_t ra)
{
    return do_ld(env_cpu(env), addr, op, mmu_idx, MMU_DATA_LOAD, ra);
}

void cpu_st_mmu(CPUArchState *env, uint64_t addr, uint64_t val, MemOp op, int mmu_idx,
                uintptr_t ra)
{
    do_st(env_cpu(env), addr, val, op, mmu_idx, ra);
}

uint32_t cpu_ldl_code(CPUArchState *env, uint64_t addr)
{
    CPUState *cpu = env_cpu(env);
    int mmu_idx = cpu_tcg_ops(cpu)->mmu_index(cpu, true);
    return do_ld(cpu, addr, MO_32 | MO_LE, mmu_idx, MMU_INST_FETCH, 0);
}

uint8_t cpu_ldub_code(CPUArchState *env, uint64_t addr)
{
    CPUState *cpu = env_cpu(env);
    int mmu_idx = cpu_tcg_ops(cpu)->mmu_index(cpu, true);
    return do_ld(cpu, addr, MO_8, mmu_idx, MMU_INST_FETCH, 0);
}

uint16_t cpu_lduw_code(CPUArchState *env, uint64_t addr)
{
    CPUState *cpu = env_cpu(env);
    int mmu_idx = cpu_tcg_ops(cpu)->mmu_index(cpu, true);
    return do_ld(cpu, addr, MO_16 | MO_LE, mmu_idx, MMU_INST_FETCH, 0);
}

void *probe_access(CPUArchState *env, uint64_t addr, int size, MMUAccessType type,
                   int mmu_idx, uintptr_t ra)
{
    CPUState *cpu = env_cpu(env);
    TCGCPUState *s = tcg_cpu_state(cpu);
    unsigned idx = tlb_lookup_fill(cpu, addr, size, type, mmu_idx, ra);
    CPUTLBEntry *e = &s->tlb[mmu_idx].table[idx];
    uint64_t cmp = entry_cmp(e, type);

    if (cmp & (TLB_MMIO | TLB_DISCARD_WRITE)) {
        return NULL;
    }
    if (cmp & TLB_NOTDIRTY) {
        /* The caller will write through the pointer: account for it now. */
        notdirty_write(cpu, e, &s->tlb[mmu_idx].full[idx], addr, size, ra);
    }
    return (void *)(uintptr_t)(addr + e->addend);
}

bool tlb_probe_code(CPUState *cpu, uint64_t pc, ram_addr_t *ram_addr)
{
    TCGCPUState *s = tcg_cpu_state(cpu);
    int mmu_idx = cpu_tcg_ops(cpu)->mmu_index(cpu, true);
    unsigned idx = tlb_index(pc);
    CPUTLBEntry *e = &s->tlb[mmu_idx].table[idx];

    if (!tlb_hit(e->addr_code, pc) || (e->addr_code & TLB_MMIO)) {
        return false;
    }
    *ram_addr = s->tlb[mmu_idx].full[idx].ram_addr;
    return *ram_addr != (ram_addr_t)-1;
}

void *tlb_get_code_page(CPUState *cpu, uint64_t addr, ram_addr_t *ram_addr)
{
    TCGCPUState *s = tcg_cpu_state(cpu);
    int mmu_idx = cpu_tcg_ops(cpu)->mmu_index(cpu, true);
    unsigned idx = tlb_lookup_fill(cpu, addr, 1, MMU_INST_FETCH, mmu_idx, 0);
    CPUTLBEntry *e = &s->tlb[mmu_idx].table[idx];
    CPUTLBEntryFull *f = &s->tlb[mmu_idx].full[idx];

    if (e->addr_code & TLB_MMIO) {
        *ram_addr = (ram_addr_t)-1;
        return NULL;
    }
    *ram_addr = f->ram_addr;
    return (void *)(uintptr_t)((addr & TCG_PAGE_MASK) + e->addend);
}
