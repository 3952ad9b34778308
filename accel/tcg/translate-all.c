/*
 * The translation-block cache: generating blocks, finding them by
 * (physical pc, pc, cs_base, flags, cflags), chaining them, invalidating
 * them when their guest code pages are written, and flushing everything
 * when the code buffer is full.
 */
#include "qemu/osdep.h"
#include "internal.h"
#include "system/cpus.h"

#define TB_HASH_BITS 15
#define TB_HASH_SIZE (1 << TB_HASH_BITS)
#define TB_DEFAULT_MAX_INSNS 512

/* Key material of a block: the fields the hash and the match use. */
typedef struct TBEntry {
    TranslationBlock tb;
    TBAccel acc;
    ram_addr_t phys_pc;          /* ram_addr of the first byte, -1 if not RAM */
    struct TBEntry *hash_next;
} TBEntry;

TCGContext *tcg_accel_ctx;

/*
 * The cache is shared by every vCPU of the process (a singleton, as the code
 * buffer is).  Protected by tb_lock; lookups from the jump cache are lock-free
 * because only the owning vCPU thread writes its jump cache.
 */
static GMutex tb_lock;
static TBEntry *tb_hash[TB_HASH_SIZE];
static GHashTable *tb_pages;     /* ram page number -> GSList of TBEntry * */
static GPtrArray *tb_all;        /* every block since the last flush (owned) */

static TBEntry *tb_entry(TranslationBlock *tb)
{
    return container_of(tb, TBEntry, tb);
}

static TBAccel *tb_acc(TranslationBlock *tb)
{
    return &tb_entry(tb)->acc;
}

void tb_init(void)
{
    tb_pages = g_hash_table_new_full(g_int64_hash, g_int64_equal, g_free, NULL);
    tb_all = g_ptr_array_new();
}

static uint32_t tb_hash_func(ram_addr_t phys_pc, uint64_t pc, uint32_t flags, uint32_t cflags)
{
    uint64_t h = phys_pc * 0x9e3779b97f4a7c15ull;
    h ^= pc * 0xc2b2ae3d27d4eb4full;
    h ^= ((uint64_t)flags << 32 | cflags) * 0x165667b19e3779f9ull;
    return (uint32_t)(h >> (64 - TB_HASH_BITS));
}

static unsigned jmp_cache_index(uint64_t pc)
{
    return (unsigned)((pc >> 2) ^ (pc >> (2 + TB_JMP_CACHE_BITS))) & (TB_JMP_CACHE_SIZE - 1);
}

void tb_jmp_cache_clear(CPUState *cpu)
{
    TCGCPUState *s = tcg_cpu_state(cpu);
    if (s) {
        memset(s->jmp_cache, 0, sizeof(s->jmp_cache));
    }
}

static bool tb_matches(TranslationBlock *tb, ram_addr_t phys_pc, uint64_t pc, uint64_t cs_base,
                       uint32_t flags, uint32_t cflags)
{
    return tb->pc == pc && tb_entry(tb)->phys_pc == phys_pc && tb->cs_base == cs_base &&
           tb->flags == flags && tb->cflags == cflags && !tb_acc(tb)->invalid;
}

/* Whether the code TLB maps pc already (no fill, no fault); its ram_addr then. */
bool tlb_probe_code(CPUState *cpu, uint64_t pc, ram_addr_t *ram_addr);

const void *tcg_accel_lookup_tb_ptr(CPUArchState *env)
{
    CPUState *cpu = env_cpu(env);
    TCGCPUState *s = tcg_cpu_state(cpu);
    uint64_t pc, cs_base;
    uint32_t flags;
    unsigned j;
    TranslationBlock *tb;
    ram_addr_t phys_pc;

    if (s->cflags_next_tb != UINT32_MAX ||
        __atomic_load_n(&cpu_env_common(cpu)->exit_request, __ATOMIC_RELAXED)) {
        return NULL;
    }
    cpu_tcg_ops(cpu)->get_tb_cpu_state(cpu, &pc, &cs_base, &flags);
    j = jmp_cache_index(pc);
    tb = s->jmp_cache[j];
    if (tb && tb->pc == pc && tb->cs_base == cs_base && tb->flags == flags &&
        tb->cflags == 0 && !tb_acc(tb)->invalid) {
        s->current_tb = tb;
        return tb->tc_ptr;
    }
    /* Never fault here: an unmapped target is left to the cpu loop. */
    if (!tlb_probe_code(cpu, pc, &phys_pc)) {
        return NULL;
    }
    phys_pc += pc & ~TCG_PAGE_MASK;
    g_mutex_lock(&tb_lock);
    tb = NULL;
    for (TBEntry *e = tb_hash[tb_hash_func(phys_pc, pc, flags, 0)]; e; e = e->hash_next) {
        if (tb_matches(&e->tb, phys_pc, pc, cs_base, flags, 0)) {
            tb = &e->tb;
            break;
        }
    }
    g_mutex_unlock(&tb_lock);
    if (!tb) {
        return NULL;
    }
    s->jmp_cache[j] = tb;
    s->current_tb = tb;
    return tb->tc_ptr;
}

TranslationBlock *tb_lookup(CPUState *cpu, uint64_t pc, uint64_t cs_base, uint32_t flags,
                            uint32_t cflags)
{
    TCGCPUState *s = tcg_cpu_state(cpu);
    unsigned j = jmp_cache_index(pc);
    TranslationBlock *tb = s->jmp_cache[j];
    ram_addr_t phys_pc;
    void *host;

    if (tb && tb->pc == pc && tb->cs_base == cs_base && tb->flags == flags &&
        tb->cflags == cflags && !tb_acc(tb)->invalid) {
        return tb;
    }
    /* May raise the guest's instruction abort (longjmp to cpu_exec). */
    host = tlb_get_code_page(cpu, pc, &phys_pc);
    if (!host || phys_pc == (ram_addr_t)-1) {
        return NULL;    /* code outside RAM is never cached */
    }
    phys_pc += pc & ~TCG_PAGE_MASK;
    tb = NULL;
    g_mutex_lock(&tb_lock);
    for (TBEntry *e = tb_hash[tb_hash_func(phys_pc, pc, flags, cflags)]; e; e = e->hash_next) {
        if (tb_matches(&e->tb, phys_pc, pc, cs_base, flags, cflags)) {
            tb = &e->tb;
            break;
        }
    }
    g_mutex_unlock(&tb_lock);
    if (tb) {
        s->jmp_cache[j] = tb;
    }
    return tb;
}

static void page_list_add(ram_addr_t page_ram, TBEntry *e)
{
    int64_t key = (int64_t)(page_ram >> tcg_page_bits);
    GSList *list = g_hash_table_lookup(tb_pages, &key);
    int64_t *k;

    if (!list) {
        k = g_new(int64_t, 1);
        *k = key;
        g_hash_table_insert(tb_pages, k, g_slist_prepend(NULL, e));
        return;
    }
    /* Keep the list head stable in the table: insert after the first element. */
    list->next = g_slist_prepend(list->next, e);
}

static void tb_link_page(TBEntry *e)
{
    TBAccel *a = &e->acc;
    for (int i = 0; i < 2; i++) {
        ram_addr_t pr = a->page_ram[i];
        if (pr == (ram_addr_t)-1) {
            continue;
        }
        page_list_add(pr, e);
        /* The page now holds code: writes to it must trap and invalidate. */
        cpu_physical_memory_test_and_clear_dirty(pr & TCG_PAGE_MASK, TCG_PAGE_SIZE,
                                                 DIRTY_MEMORY_CODE);
    }
}

static void tb_hash_insert(TBEntry *e)
{
    uint32_t h = tb_hash_func(e->phys_pc, e->tb.pc, e->tb.flags, e->tb.cflags);
    e->hash_next = tb_hash[h];
    tb_hash[h] = e;
}

static void tb_hash_remove(TBEntry *e)
{
    uint32_t h = tb_hash_func(e->phys_pc, e->tb.pc, e->tb.flags, e->tb.cflags);
    for (TBEntry **p = &tb_hash[h]; *p; p = &(*p)->hash_next) {
        if (*p == e) {
            *p = e->hash_next;
            return;
        }
    }
}

/* Unchain every jump into tb and every jump out of it. */
static void tb_unlink(TranslationBlock *tb)
{
    TBAccel *a = tb_acc(tb);

    for (GSList *l = a->jmp_incoming; l; l = l->next) {
        uintptr_t v = (uintptr_t)l->data;
        TranslationBlock *src = (TranslationBlock *)(v & ~(uintptr_t)TB_EXIT_MASK);
        int n = v & TB_EXIT_MASK;
        tcg_tb_set_jmp_target(&tb_acc(src)->tr, n, NULL);
        tb_acc(src)->jmp_dest[n] = NULL;
    }
    g_slist_free(a->jmp_incoming);
    a->jmp_incoming = NULL;
    for (int n = 0; n < 2; n++) {
        TranslationBlock *dest = a->jmp_dest[n];
        if (dest) {
            TBAccel *da = tb_acc(dest);
            da->jmp_incoming = g_slist_remove(da->jmp_incoming,
                                              (void *)((uintptr_t)tb | (uintptr_t)n));
            tcg_tb_set_jmp_target(&a->tr, n, NULL);
            a->jmp_dest[n] = NULL;
        }
    }
}

static void tb_invalidate(TranslationBlock *tb)
{
    TBAccel *a = tb_acc(tb);
    CPUState *cpu;

    if (a->invalid) {
        return;
    }
    a->invalid = true;
    tb_hash_remove(tb_entry(tb));
    tb_unlink(tb);
    CPU_FOREACH(cpu) {
        TCGCPUState *s = tcg_cpu_state(cpu);
        if (s) {
            unsigned j = jmp_cache_index(tb->pc);
            if (s->jmp_cache[j] == tb) {
                s->jmp_cache[j] = NULL;
            }
        }
    }
}

void tb_add_jump(TranslationBlock *tb, int n, TranslationBlock *dest)
{
    TBAccel *a = tb_acc(tb);

    g_mutex_lock(&tb_lock);
    if (!a->invalid && !tb_acc(dest)->invalid && !a->jmp_dest[n] &&
        a->generation == tb_acc(dest)->generation &&
        tcg_tb_set_jmp_target(&a->tr, n, tb_acc(dest)->tr.code)) {
        a->jmp_dest[n] = dest;
        tb_acc(dest)->jmp_incoming = g_slist_prepend(tb_acc(dest)->jmp_incoming,
                                                     (void *)((uintptr_t)tb | (uintptr_t)n));
    }
    g_mutex_unlock(&tb_lock);
}

static uint32_t code_generation;

uint32_t tb_code_generation(void)
{
    return __atomic_load_n(&code_generation, __ATOMIC_RELAXED);
}

static void page_list_free(gpointer key, gpointer value, gpointer opaque)
{
    g_slist_free(value);
}

/* Forget every block; the code buffer is reset.  Caller holds tb_lock. */
static void tb_flush_locked(void)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        tb_jmp_cache_clear(cpu);
        if (cpu->accel) {
            tcg_cpu_state(cpu)->current_tb = NULL;
        }
    }
    memset(tb_hash, 0, sizeof(tb_hash));
    g_hash_table_foreach(tb_pages, page_list_free, NULL);
    g_hash_table_remove_all(tb_pages);
    for (guint i = 0; i < tb_all->len; i++) {
        TBEntry *e = g_ptr_array_index(tb_all, i);
        g_slist_free(e->acc.jmp_incoming);
        g_free(e);
    }
    g_ptr_array_set_size(tb_all, 0);
    tcg_code_buffer_flush(tcg_accel_ctx);
    code_generation++;
    /* Pages keep their CODE bit cleared; the next write just finds nothing to drop. */
}

void tb_flush_all(void)
{
    g_mutex_lock(&tb_lock);
    tb_flush_locked();
    g_mutex_unlock(&tb_lock);
}

TranslationBlock *tb_gen_code(CPUState *cpu, uint64_t pc, uint64_t cs_base, uint32_t flags,
                              uint32_t cflags)
{
    const struct TCGCPUOps *ops = cpu_tcg_ops(cpu);
    TBEntry *e;
    ram_addr_t phys_page;
    void *host;
    int max_insns, r;
    bool flushed = false;

    /* Fault before allocating: an unmapped pc raises the instruction abort here. */
    host = tlb_get_code_page(cpu, pc, &phys_page);
    max_insns = cflags & CF_COUNT_MASK;
    if (max_insns == 0) {
        max_insns = TB_DEFAULT_MAX_INSNS;
    }

    /* Not in tb_all until translated: a fault mid-translation (code on an
     * MMIO page) would otherwise leave an entry without code behind. */
    g_mutex_lock(&tb_lock);
    e = g_new0(TBEntry, 1);
    e->tb.pc = pc;
    e->tb.cs_base = cs_base;
    e->tb.flags = flags;
    e->tb.cflags = cflags;
    e->tb.accel = &e->acc;
    e->acc.page_ram[0] = host ? phys_page : (ram_addr_t)-1;
    e->acc.page_ram[1] = (ram_addr_t)-1;
    e->phys_pc = host ? phys_page + (pc & ~TCG_PAGE_MASK) : (ram_addr_t)-1;
    g_mutex_unlock(&tb_lock);

    for (;;) {
        int n = max_insns;
        tcg_translate_begin(tcg_accel_ctx);
        ops->translate_code(cpu, &e->tb, &n, pc, host ? (uint8_t *)host + (pc & ~TCG_PAGE_MASK)
                                                      : NULL);
        r = tcg_translate_end(tcg_accel_ctx, &e->acc.tr);
        if (r == TCG_TRANSLATE_OK) {
            break;
        }
        if (r == TCG_TRANSLATE_BUFFER_FULL && !flushed) {
            /* Throw everything away (this entry too) and start over. */
            g_mutex_lock(&tb_lock);
            tb_flush_locked();
            g_mutex_unlock(&tb_lock);
            flushed = true;
            continue;
        }
        if (r == TCG_TRANSLATE_TOO_BIG && max_insns > 1) {
            max_insns = max_insns / 2;
            continue;
        }
        g_error("translation of block at 0x%" PRIx64 " failed (%d)", pc, r);
    }
    e->tb.tc_ptr = e->acc.tr.code;
    e->tb.tc_size = e->acc.tr.code_size;

    g_mutex_lock(&tb_lock);
    g_ptr_array_add(tb_all, e);
    e->acc.generation = code_generation;
    if (e->phys_pc != (ram_addr_t)-1) {
        tb_link_page(e);
        tb_hash_insert(e);
        tcg_cpu_state(cpu)->jmp_cache[jmp_cache_index(pc)] = &e->tb;
    }
    g_mutex_unlock(&tb_lock);
    return &e->tb;
}

void tlb_note_current_tb_modified(void);

void tb_invalidate_phys_range(ram_addr_t start, ram_addr_t length, uintptr_t retaddr)
{
    CPUState *self = current_cpu_get();
    TranslationBlock *current = self && self->accel ? tcg_cpu_state(self)->current_tb : NULL;
    ram_addr_t first = start & TCG_PAGE_MASK;
    ram_addr_t last = (start + length - 1) & TCG_PAGE_MASK;

    if (!tb_pages) {
        return;
    }
    g_mutex_lock(&tb_lock);
    for (ram_addr_t page = first; page <= last; page += TCG_PAGE_SIZE) {
        int64_t key = (int64_t)(page >> tcg_page_bits);
        GSList *list = g_hash_table_lookup(tb_pages, &key);
        GSList *keep = NULL;

        for (GSList *l = list; l; l = l->next) {
            TBEntry *e = l->data;
            ram_addr_t tb_start = e->phys_pc;
            ram_addr_t tb_end = tb_start + e->tb.size;
            bool overlaps = e->acc.invalid ||
                            (tb_start < start + length && start < tb_end);
            if (!overlaps) {
                keep = g_slist_prepend(keep, e);
                continue;
            }
            if (&e->tb == current && e->tb.icount > 1) {
                tlb_note_current_tb_modified();
            }
            tb_invalidate(&e->tb);
        }
        if (list) {
            g_slist_free(list);
            if (keep) {
                int64_t *k = g_new(int64_t, 1);
                *k = key;
                g_hash_table_replace(tb_pages, k, keep);
            } else {
                g_hash_table_remove(tb_pages, &key);
            }
        }
        if (!keep) {
            /* No code left on the page: writes may take the fast path again. */
            cpu_physical_memory_set_dirty_range(page, TCG_PAGE_SIZE,
                                                1u << DIRTY_MEMORY_CODE);
        }
    }
    g_mutex_unlock(&tb_lock);
}

TranslationBlock *tb_find_by_retaddr(uintptr_t retaddr)
{
    CPUState *self = current_cpu_get();
    TranslationBlock *tb;

    /* The faulting code is almost always the block this CPU is running. */
    if (self && self->accel) {
        tb = tcg_cpu_state(self)->current_tb;
        if (tb && tcg_translation_contains(&tb_acc(tb)->tr, retaddr)) {
            return tb;
        }
    }
    /*
     * Blocks are appended to tb_all as the code buffer fills, so their code
     * addresses increase: the last block starting at or below retaddr is
     * the only candidate.
     */
    {
        guint lo = 0, hi = tb_all->len;
        while (lo < hi) {
            guint mid = lo + (hi - lo) / 2;
            TBEntry *e = g_ptr_array_index(tb_all, mid);
            if ((uintptr_t)e->acc.tr.code <= retaddr) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        if (lo > 0) {
            TBEntry *e = g_ptr_array_index(tb_all, lo - 1);
            if (tcg_translation_contains(&e->acc.tr, retaddr)) {
                return &e->tb;
            }
        }
    }
    return NULL;
}
