/*
 * Guest physical memory: RAM blocks in the ram_addr_t space, per-client dirty bitmaps,
 * and the address_space_* accessors (read/write/ld/st/map) built on the flat views
 * of memory.c. Region and flat-view management itself lives in memory.c.
 */
#include "qemu/osdep.h"
#include <sys/mman.h>
#include "qemu/bswap.h"
#include "system/memory.h"

/* Block offsets are aligned so that a block starts on a bitmap word (migration sync). */
#define RAM_BLOCK_ALIGN (UINT64_C(64) << DIRTY_PAGE_BITS)

#define BITS_PER_WORD (sizeof(unsigned long) * 8)
/* Bitmaps come in chunks of this many pages (32 KiB of bits, 1 GiB of RAM). */
#define DIRTY_CHUNK_PAGES (UINT64_C(1) << 18)
#define DIRTY_CHUNK_WORDS (DIRTY_CHUNK_PAGES / BITS_PER_WORD)

/* ---- Dirty bitmaps ------------------------------------------------------------- */

/*
 * A client's bitmap is a table of fixed-size chunks. Growing it publishes a new,
 * longer table that shares the old chunks, so readers in other threads never see
 * a chunk move; old tables are retired, not freed, as a reader may still hold one.
 */
typedef struct DirtyChunks {
    uint64_t nchunks;
    unsigned long *chunk[];
} DirtyChunks;

static DirtyChunks *dirty_chunks[DIRTY_MEMORY_NUM];
static GPtrArray *retired_dirty_tables;

static RAMRangeHook code_write_hook;
static RAMRangeHook dirty_cleared_hook;

static DirtyChunks *dirty_table(unsigned client)
{
    return __atomic_load_n(&dirty_chunks[client], __ATOMIC_ACQUIRE);
}

/* Make every client's bitmap cover pages [0, npages). Called under the BQL. */
static void dirty_bitmaps_grow(uint64_t npages)
{
    uint64_t need = (npages + DIRTY_CHUNK_PAGES - 1) / DIRTY_CHUNK_PAGES;
    unsigned client;
    uint64_t i;

    for (client = 0; client < DIRTY_MEMORY_NUM; client++) {
        DirtyChunks *old = dirty_chunks[client], *new;
        uint64_t have = old ? old->nchunks : 0;

        if (have >= need) {
            continue;
        }
        new = g_malloc(sizeof(DirtyChunks) + need * sizeof(unsigned long *));
        new->nchunks = need;
        for (i = 0; i < need; i++) {
            new->chunk[i] = i < have ? old->chunk[i]
                                     : g_new0(unsigned long, DIRTY_CHUNK_WORDS);
        }
        __atomic_store_n(&dirty_chunks[client], new, __ATOMIC_RELEASE);
        if (old) {
            if (!retired_dirty_tables) {
                retired_dirty_tables = g_ptr_array_new();
            }
            g_ptr_array_add(retired_dirty_tables, old);
        }
    }
}

/* Pages [*first, *last] of [start, start + length), clipped to the bitmap; false if none. */
static bool dirty_page_range(const DirtyChunks *dc, ram_addr_t start, ram_addr_t length,
                             uint64_t *first, uint64_t *last)
{
    ram_addr_t end;

    if (!dc || length == 0) {
        return false;
    }
    end = start + (length - 1);
    if (end < start) {
        end = UINT64_MAX;
    }
    *first = start >> DIRTY_PAGE_BITS;
    *last = MIN(end >> DIRTY_PAGE_BITS, dc->nchunks * DIRTY_CHUNK_PAGES - 1);
    return *first <= *last;
}

/* The word holding page's bit, and the mask of the up-to-a-word run from page to last. */
static unsigned long *dirty_word(const DirtyChunks *dc, uint64_t page, uint64_t last,
                                 unsigned long *mask, uint64_t *npages)
{
    unsigned bit = page % BITS_PER_WORD;
    uint64_t n = MIN(BITS_PER_WORD - bit, last - page + 1);

    *npages = n;
    *mask = n == BITS_PER_WORD ? ~0UL : ((1UL << n) - 1) << bit;
    return &dc->chunk[page / DIRTY_CHUNK_PAGES][(page % DIRTY_CHUNK_PAGES) / BITS_PER_WORD];
}

void cpu_physical_memory_set_dirty_range(ram_addr_t start, ram_addr_t length,
                                         unsigned client_mask)
{
    unsigned client;

    if (!memory_global_dirty_log_active()) {
        client_mask &= ~(1u << DIRTY_MEMORY_MIGRATION);
    }
    for (client = 0; client < DIRTY_MEMORY_NUM; client++) {
        DirtyChunks *dc = dirty_table(client);
        uint64_t page, last, n;
        unsigned long mask, *w;

        if (!(client_mask & (1u << client)) || !dirty_page_range(dc, start, length, &page,
                                                                   &last)) {
            continue;
        }
        for (; page <= last; page += n) {
            w = dirty_word(dc, page, last, &mask, &n);
            if ((__atomic_load_n(w, __ATOMIC_RELAXED) & mask) != mask) {
                __atomic_fetch_or(w, mask, __ATOMIC_SEQ_CST);
            }
        }
    }
}

bool cpu_physical_memory_get_dirty(ram_addr_t start, ram_addr_t length, unsigned client)
{
    DirtyChunks *dc = client < DIRTY_MEMORY_NUM ? dirty_table(client) : NULL;
    uint64_t page, last, n;
    unsigned long mask, *w;

    if (!dirty_page_range(dc, start, length, &page, &last)) {
        return false;
    }
    for (; page <= last; page += n) {
        w = dirty_word(dc, page, last, &mask, &n);
        if (__atomic_load_n(w, __ATOMIC_RELAXED) & mask) {
            return true;
        }
    }
    return false;
}

bool cpu_physical_memory_all_dirty(ram_addr_t start, ram_addr_t length, unsigned client)
{
    DirtyChunks *dc = client < DIRTY_MEMORY_NUM ? dirty_table(client) : NULL;
    uint64_t page, last, n;
    unsigned long mask, *w;

    if (!dirty_page_range(dc, start, length, &page, &last)) {
        return false;
    }
    for (; page <= last; page += n) {
        w = dirty_word(dc, page, last, &mask, &n);
        if ((__atomic_load_n(w, __ATOMIC_RELAXED) & mask) != mask) {
            return false;
        }
    }
    return true;
}

bool cpu_physical_memory_get_dirty_flag(ram_addr_t addr, unsigned client)
{
    return cpu_physical_memory_get_dirty(addr, 1, client);
}

/* Clear bits without telling anyone; true if any was set. */
static bool dirty_clear_range(ram_addr_t start, ram_addr_t length, unsigned client)
{
    DirtyChunks *dc = client < DIRTY_MEMORY_NUM ? dirty_table(client) : NULL;
    uint64_t page, last, n;
    unsigned long mask, *w;
    bool any = false;

    if (!dirty_page_range(dc, start, length, &page, &last)) {
        return false;
    }
    for (; page <= last; page += n) {
        w = dirty_word(dc, page, last, &mask, &n);
        if (__atomic_load_n(w, __ATOMIC_RELAXED) & mask) {
            any |= (__atomic_fetch_and(w, ~mask, __ATOMIC_SEQ_CST) & mask) != 0;
        }
    }
    return any;
}

bool cpu_physical_memory_test_and_clear_dirty(ram_addr_t start, ram_addr_t length,
                                              unsigned client)
{
    bool any = dirty_clear_range(start, length, client);

    if (any && dirty_cleared_hook) {
        dirty_cleared_hook(start, length);
    }
    return any;
}

uint64_t cpu_physical_memory_sync_dirty_bitmap(RAMBlock *rb, unsigned long *dest)
{
    DirtyChunks *dc = dirty_table(DIRTY_MEMORY_MIGRATION);
    uint64_t npages = qemu_ram_pages(rb);
    uint64_t base = rb->offset >> DIRTY_PAGE_BITS;  /* a multiple of BITS_PER_WORD */
    uint64_t i, n, count = 0;
    unsigned long mask, bits, *w;
    bool cleared = false;

    if (!dc || npages == 0 || base + npages > dc->nchunks * DIRTY_CHUNK_PAGES) {
        return 0;
    }
    for (i = 0; i < npages; i += n) {
        w = dirty_word(dc, base + i, base + npages - 1, &mask, &n);
        if (!(__atomic_load_n(w, __ATOMIC_RELAXED) & mask)) {
            continue;
        }
        if (mask == ~0UL) {
            bits = __atomic_exchange_n(w, 0UL, __ATOMIC_SEQ_CST);
        } else {
            bits = __atomic_fetch_and(w, ~mask, __ATOMIC_SEQ_CST) & mask;
        }
        cleared |= bits != 0;
        count += __builtin_popcountl(bits & ~dest[i / BITS_PER_WORD]);
        dest[i / BITS_PER_WORD] |= bits;
    }
    if (cleared && dirty_cleared_hook) {
        dirty_cleared_hook(rb->offset, rb->used_length);
    }
    return count;
}

void cpu_physical_memory_mark_written(ram_addr_t start, ram_addr_t length)
{
    unsigned mask = DIRTY_CLIENTS_ALL;

    if (length == 0) {
        return;
    }
    if (code_write_hook) {
        /* The hook sets CODE bits itself, for pages it left without code. */
        if (!cpu_physical_memory_all_dirty(start, length, DIRTY_MEMORY_CODE)) {
            code_write_hook(start, length);
        }
        mask &= ~(1u << DIRTY_MEMORY_CODE);
    }
    cpu_physical_memory_set_dirty_range(start, length, mask);
}

void cpu_physical_memory_set_code_write_hook(RAMRangeHook hook)
{
    code_write_hook = hook;
}

void cpu_physical_memory_set_dirty_cleared_hook(RAMRangeHook hook)
{
    dirty_cleared_hook = hook;
}

/* ---- RAM blocks ------------------------------------------------------------------- */

/* All blocks, biggest first; changed only under the BQL. */
static RAMBlock *ram_blocks;
static RAMBlock *ram_mru_block;

static RAMBlock *ram_mru(void)
{
    return __atomic_load_n(&ram_mru_block, __ATOMIC_ACQUIRE);
}

static void ram_set_mru(RAMBlock *rb)
{
    __atomic_store_n(&ram_mru_block, rb, __ATOMIC_RELEASE);
}

static bool ram_overlaps(ram_addr_t start, ram_addr_t len)
{
    RAMBlock *rb;

    for (rb = ram_blocks; rb; rb = rb->next) {
        if (start < rb->offset + rb->used_length && rb->offset < start + len) {
            return true;
        }
    }
    return false;
}

/* The lowest aligned offset where len bytes fit, RAM_ADDR_INVALID if none. */
static ram_addr_t ram_find_offset(ram_addr_t len)
{
    ram_addr_t best = RAM_ADDR_INVALID;
    RAMBlock *rb;

    if (!ram_overlaps(0, len)) {
        return 0;
    }
    for (rb = ram_blocks; rb; rb = rb->next) {
        ram_addr_t end = rb->offset + rb->used_length;
        ram_addr_t cand;

        if (end > UINT64_MAX - (RAM_BLOCK_ALIGN - 1)) {
            continue;
        }
        cand = (end + RAM_BLOCK_ALIGN - 1) & ~(RAM_BLOCK_ALIGN - 1);
        if (cand < best && len <= UINT64_MAX - cand && !ram_overlaps(cand, len)) {
            best = cand;
        }
    }
    return best;
}

static RAMBlock *ram_find_idstr(const char *idstr, const RAMBlock *except)
{
    RAMBlock *rb;

    for (rb = ram_blocks; rb; rb = rb->next) {
        if (rb != except && rb->idstr[0] && !strcmp(rb->idstr, idstr)) {
            return rb;
        }
    }
    return NULL;
}

static bool ram_check_idstr(const char *idstr, const RAMBlock *except, Error **errp)
{
    if (strlen(idstr) >= sizeof(((RAMBlock *)NULL)->idstr)) {
        error_setg(errp, "RAM block name '%s' is too long (at most %zu characters)",
                   idstr, sizeof(((RAMBlock *)NULL)->idstr) - 1);
        return false;
    }
    if (ram_find_idstr(idstr, except)) {
        error_setg(errp, "RAM block '%s' already exists: each RAM region needs a "
                   "unique name", idstr);
        return false;
    }
    return true;
}

RAMBlock *qemu_ram_alloc(uint64_t size, const char *idstr, MemoryRegion *mr, Error **errp)
{
    const char *what = idstr && idstr[0] ? idstr : (mr ? memory_region_name(mr) : "?");
    ram_addr_t used, offset;
    RAMBlock *rb, **link;
    void *host;

    if (size == 0) {
        error_setg(errp, "RAM block '%s' must not be empty", what);
        return NULL;
    }
    if (size > UINT64_MAX - (DIRTY_PAGE_SIZE - 1) || size > SIZE_MAX) {
        error_setg(errp, "RAM block '%s' of %" PRIu64 " bytes is too large", what, size);
        return NULL;
    }
    if (idstr && idstr[0] && !ram_check_idstr(idstr, NULL, errp)) {
        return NULL;
    }
    used = (size + DIRTY_PAGE_SIZE - 1) & ~(DIRTY_PAGE_SIZE - 1);
    offset = ram_find_offset(used);
    if (offset == RAM_ADDR_INVALID) {
        error_setg(errp, "RAM block '%s': no room left in the RAM address space", what);
        return NULL;
    }

    /* Anonymous mappings are zeroed and committed lazily, page by page. */
    host = mmap(NULL, used, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS
#ifdef MAP_NORESERVE
                | MAP_NORESERVE
#endif
                , -1, 0);
    if (host == MAP_FAILED) {
        error_setg_errno(errp, errno, "cannot allocate %" PRIu64 " bytes for RAM block '%s'",
                         used, what);
        return NULL;
    }

    rb = g_new0(RAMBlock, 1);
    if (idstr) {
        g_strlcpy(rb->idstr, idstr, sizeof(rb->idstr));
    }
    rb->host = host;
    rb->offset = offset;
    rb->used_length = used;
    rb->mr = mr;

    dirty_bitmaps_grow((offset + used) >> DIRTY_PAGE_BITS);
    /* A new block is dirty for everyone: nothing has looked at it yet. */
    cpu_physical_memory_set_dirty_range(offset, used, DIRTY_CLIENTS_ALL);

    /* Biggest first, after blocks of the same size: the order QEMU migrates them in. */
    for (link = &ram_blocks; *link && (*link)->used_length >= used; link = &(*link)->next) {
    }
    rb->next = *link;
    *link = rb;
    return rb;
}

void qemu_ram_free(RAMBlock *rb)
{
    RAMBlock **link;
    unsigned client;

    if (!rb) {
        return;
    }
    for (link = &ram_blocks; *link; link = &(*link)->next) {
        if (*link == rb) {
            *link = rb->next;
            break;
        }
    }
    if (ram_mru() == rb) {
        ram_set_mru(NULL);
    }
    /* The space may be reused: a new block must not inherit stale bits. */
    for (client = 0; client < DIRTY_MEMORY_NUM; client++) {
        dirty_clear_range(rb->offset, rb->used_length, client);
    }
    munmap(rb->host, rb->used_length);
    g_free(rb);
}

bool qemu_ram_set_idstr(RAMBlock *rb, const char *idstr, Error **errp)
{
    if (!ram_check_idstr(idstr, rb, errp)) {
        return false;
    }
    g_strlcpy(rb->idstr, idstr, sizeof(rb->idstr));
    return true;
}

void qemu_ram_unset_idstr(RAMBlock *rb)
{
    if (rb) {
        rb->idstr[0] = '\0';
    }
}

const char *qemu_ram_get_idstr(RAMBlock *rb)
{
    return rb->idstr;
}

void qemu_ram_set_migratable(RAMBlock *rb, bool migratable)
{
    rb->migratable = migratable;
}

bool qemu_ram_is_migratable(RAMBlock *rb)
{
    return rb->migratable;
}

ram_addr_t qemu_ram_get_offset(RAMBlock *rb)
{
    return rb->offset;
}

ram_addr_t qemu_ram_get_used_length(RAMBlock *rb)
{
    return rb->used_length;
}

void *qemu_ram_get_host_addr(RAMBlock *rb)
{
    return rb->host;
}

uint64_t qemu_ram_pages(RAMBlock *rb)
{
    return rb->used_length >> DIRTY_PAGE_BITS;
}

int qemu_ram_foreach_block(RAMBlockIterFunc fn, void *opaque)
{
    RAMBlock *rb;
    int ret;

    for (rb = ram_blocks; rb; rb = rb->next) {
        ret = fn(rb, opaque);
        if (ret) {
            return ret;
        }
    }
    return 0;
}

RAMBlock *qemu_ram_block_by_name(const char *name)
{
    return name && name[0] ? ram_find_idstr(name, NULL) : NULL;
}

RAMBlock *qemu_ram_block_from_host(void *ptr, bool round_offset, ram_addr_t *offset)
{
    uint8_t *p = ptr;
    RAMBlock *rb = ram_mru();

    if (!rb || p < rb->host || p - rb->host >= (ptrdiff_t)rb->used_length) {
        for (rb = ram_blocks; rb; rb = rb->next) {
            if (p >= rb->host && (uint64_t)(p - rb->host) < rb->used_length) {
                break;
            }
        }
        if (!rb) {
            return NULL;
        }
        ram_set_mru(rb);
    }
    if (offset) {
        *offset = p - rb->host;
        if (round_offset) {
            *offset &= ~(DIRTY_PAGE_SIZE - 1);
        }
    }
    return rb;
}

ram_addr_t qemu_ram_addr_from_host(void *ptr)
{
    ram_addr_t offset;
    RAMBlock *rb = qemu_ram_block_from_host(ptr, false, &offset);

    return rb ? rb->offset + offset : RAM_ADDR_INVALID;
}

RAMBlock *qemu_get_ram_block(ram_addr_t addr)
{
    RAMBlock *rb = ram_mru();

    if (rb && addr - rb->offset < rb->used_length && addr >= rb->offset) {
        return rb;
    }
    for (rb = ram_blocks; rb; rb = rb->next) {
        if (addr >= rb->offset && addr - rb->offset < rb->used_length) {
            ram_set_mru(rb);
            return rb;
        }
    }
    return NULL;
}

void *qemu_map_ram_ptr(RAMBlock *rb, ram_addr_t addr)
{
    if (!rb) {
        rb = qemu_get_ram_block(addr);
        if (!rb) {
            return NULL;
        }
        addr -= rb->offset;
    }
    return addr < rb->used_length ? rb->host + addr : NULL;
}

uint64_t qemu_ram_used_bytes(void)
{
    uint64_t total = 0;
    RAMBlock *rb;

    for (rb = ram_blocks; rb; rb = rb->next) {
        total += rb->used_length;
    }
    return total;
}

/* ---- Accessors --------------------------------------------------------------------- */

/* Host memory of the section for direct reads (RAM, ROM, ROM device in romd mode). */
static uint8_t *section_read_ptr(const MemoryRegionSection *sec)
{
    MemoryRegion *mr = sec->mr;

    if (memory_region_is_ram(mr) || memory_region_is_romd(mr)) {
        return (uint8_t *)memory_region_get_ram_ptr(mr) + sec->offset_within_region;
    }
    return NULL;
}

/* Host memory of the section for direct writes (writable RAM only). */
static uint8_t *section_write_ptr(const MemoryRegionSection *sec)
{
    if (memory_region_is_ram(sec->mr) && !sec->readonly) {
        return section_read_ptr(sec);
    }
    return NULL;
}

/* Largest naturally aligned power-of-two access at off, at most len, that mr accepts. */
static unsigned mmio_access_size(const MemoryRegion *mr, hwaddr off, hwaddr len)
{
    unsigned max = mr->ops && mr->ops->valid.max_access_size ?
                   mr->ops->valid.max_access_size : 4;
    unsigned size = 8;

    while (size > 1 && (size > len || size > max || (off & (size - 1)))) {
        size >>= 1;
    }
    return size;
}

/* Move len bytes (all inside the section's range) between buf and the guest. */
static MemTxResult access_section(const MemoryRegionSection *sec, uint8_t *buf, hwaddr len,
                                  bool is_write, MemTxAttrs attrs)
{
    MemoryRegion *mr = sec->mr;
    hwaddr off = sec->offset_within_region;
    MemTxResult r = MEMTX_OK;
    uint8_t *host;
    uint64_t v;

    if (memory_region_is_unassigned(mr)) {
        if (!is_write) {
            memset(buf, 0, len);
        }
        return MEMTX_DECODE_ERROR;
    }
    if (is_write) {
        host = section_write_ptr(sec);
        if (host) {
            memcpy(host, buf, len);
            cpu_physical_memory_mark_written(memory_region_get_ram_addr(mr) + off, len);
            return MEMTX_OK;
        }
        if (sec->readonly || memory_region_is_ram(mr)) {
            return MEMTX_DECODE_ERROR;          /* a ROM: the write is dropped */
        }
    } else {
        host = section_read_ptr(sec);
        if (host) {
            memcpy(buf, host, len);
            return MEMTX_OK;
        }
    }
    while (len > 0) {
        unsigned size = mmio_access_size(mr, off, len);
        MemOp op = MO_LE | size_memop(size);

        if (is_write) {
            r |= memory_region_dispatch_write(mr, off, ldn_le_p(buf, size), op, attrs);
        } else {
            r |= memory_region_dispatch_read(mr, off, &v, op, attrs);
            stn_le_p(buf, size, v);
        }
        off += size;
        buf += size;
        len -= size;
    }
    return r;
}

/* Bytes from addr to the top of the address space would be 2^64 - addr: true if len ends there. */
static bool reaches_top(hwaddr addr, hwaddr len)
{
    return len - 1 == UINT64_MAX - addr;
}

MemTxResult address_space_rw(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                             void *buf, hwaddr len, bool is_write)
{
    MemTxResult r = MEMTX_OK;
    uint8_t *p = buf;

    while (len > 0) {
        MemoryRegionSection sec;
        hwaddr l;

        address_space_translate_section(as, addr, &sec);
        l = MIN(len, sec.size);
        r |= access_section(&sec, p, l, is_write, attrs);
        len -= l;
        p += l;
        if (len > 0 && reaches_top(addr, l)) {
            /* Nothing lies past the top of the address space. */
            if (!is_write) {
                memset(p, 0, len);
            }
            return r | MEMTX_DECODE_ERROR;
        }
        addr += l;
    }
    return r;
}

MemTxResult address_space_read(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                               void *buf, hwaddr len)
{
    return address_space_rw(as, addr, attrs, buf, len, false);
}

MemTxResult address_space_write(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                                const void *buf, hwaddr len)
{
    return address_space_rw(as, addr, attrs, (void *)buf, len, true);
}

MemTxResult address_space_write_rom(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                                    const void *buf, hwaddr len)
{
    const uint8_t *p = buf;

    while (len > 0) {
        MemoryRegionSection sec;
        MemoryRegion *mr = address_space_translate_section(as, addr, &sec);
        hwaddr l = MIN(len, sec.size);

        if (memory_region_is_ram(mr) || mr->kind == MR_KIND_ROM_DEVICE) {
            memcpy((uint8_t *)memory_region_get_ram_ptr(mr) + sec.offset_within_region, p, l);
            cpu_physical_memory_mark_written(
                memory_region_get_ram_addr(mr) + sec.offset_within_region, l);
        }
        len -= l;
        p += l;
        if (len > 0 && reaches_top(addr, l)) {
            break;
        }
        addr += l;
    }
    return MEMTX_OK;
}

/* One load of memop_size(op) bytes in op's byte order. */
static uint64_t address_space_load(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                                   MemTxResult *result, MemOp op)
{
    unsigned size = memop_size(op);
    MemoryRegionSection sec;
    uint64_t v = 0;
    MemTxResult r;

    address_space_translate_section(as, addr, &sec);
    if (sec.size < size) {
        /* Straddles ranges: assemble byte-wise through the generic path. */
        uint8_t buf[8];

        r = address_space_rw(as, addr, attrs, buf, size, false);
        v = memop_big_endian(op) ? ldn_be_p(buf, size) : ldn_le_p(buf, size);
    } else if (memory_region_is_unassigned(sec.mr)) {
        r = MEMTX_DECODE_ERROR;
    } else {
        r = memory_region_dispatch_read(sec.mr, sec.offset_within_region, &v, op, attrs);
    }
    if (result) {
        *result = r;
    }
    return v;
}

static void address_space_store(AddressSpace *as, hwaddr addr, uint64_t val,
                                MemTxAttrs attrs, MemTxResult *result, MemOp op)
{
    unsigned size = memop_size(op);
    MemoryRegionSection sec;
    MemTxResult r;

    address_space_translate_section(as, addr, &sec);
    if (sec.size < size) {
        uint8_t buf[8];

        if (memop_big_endian(op)) {
            stn_be_p(buf, size, val);
        } else {
            stn_le_p(buf, size, val);
        }
        r = address_space_rw(as, addr, attrs, buf, size, true);
    } else if (memory_region_is_unassigned(sec.mr) || sec.readonly) {
        r = MEMTX_DECODE_ERROR;
    } else {
        r = memory_region_dispatch_write(sec.mr, sec.offset_within_region, val, op, attrs);
    }
    if (result) {
        *result = r;
    }
}

uint32_t address_space_ldub(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                            MemTxResult *result)
{
    return address_space_load(as, addr, attrs, result, MO_8);
}

uint32_t address_space_lduw_le(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                               MemTxResult *result)
{
    return address_space_load(as, addr, attrs, result, MO_LEUW);
}

uint32_t address_space_lduw_be(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                               MemTxResult *result)
{
    return address_space_load(as, addr, attrs, result, MO_BEUW);
}

uint32_t address_space_ldl_le(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                              MemTxResult *result)
{
    return address_space_load(as, addr, attrs, result, MO_LEUL);
}

uint32_t address_space_ldl_be(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                              MemTxResult *result)
{
    return address_space_load(as, addr, attrs, result, MO_BEUL);
}

uint64_t address_space_ldq_le(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                              MemTxResult *result)
{
    return address_space_load(as, addr, attrs, result, MO_LEUQ);
}

uint64_t address_space_ldq_be(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                              MemTxResult *result)
{
    return address_space_load(as, addr, attrs, result, MO_BEUQ);
}

void address_space_stb(AddressSpace *as, hwaddr addr, uint32_t val, MemTxAttrs attrs,
                       MemTxResult *result)
{
    address_space_store(as, addr, val, attrs, result, MO_8);
}

void address_space_stw_le(AddressSpace *as, hwaddr addr, uint32_t val, MemTxAttrs attrs,
                          MemTxResult *result)
{
    address_space_store(as, addr, val, attrs, result, MO_LEUW);
}

void address_space_stw_be(AddressSpace *as, hwaddr addr, uint32_t val, MemTxAttrs attrs,
                          MemTxResult *result)
{
    address_space_store(as, addr, val, attrs, result, MO_BEUW);
}

void address_space_stl_le(AddressSpace *as, hwaddr addr, uint32_t val, MemTxAttrs attrs,
                          MemTxResult *result)
{
    address_space_store(as, addr, val, attrs, result, MO_LEUL);
}

void address_space_stl_be(AddressSpace *as, hwaddr addr, uint32_t val, MemTxAttrs attrs,
                          MemTxResult *result)
{
    address_space_store(as, addr, val, attrs, result, MO_BEUL);
}

void address_space_stq_le(AddressSpace *as, hwaddr addr, uint64_t val, MemTxAttrs attrs,
                          MemTxResult *result)
{
    address_space_store(as, addr, val, attrs, result, MO_LEUQ);
}

void address_space_stq_be(AddressSpace *as, hwaddr addr, uint64_t val, MemTxAttrs attrs,
                          MemTxResult *result)
{
    address_space_store(as, addr, val, attrs, result, MO_BEUQ);
}

void *address_space_map(AddressSpace *as, hwaddr addr, hwaddr *plen, bool is_write,
                        MemTxAttrs attrs)
{
    hwaddr len = *plen, done;
    MemoryRegionSection sec;
    uint8_t *host;
    RAMBlock *rb;

    *plen = 0;
    if (len == 0) {
        return NULL;
    }
    address_space_translate_section(as, addr, &sec);
    host = is_write ? section_write_ptr(&sec) : section_read_ptr(&sec);
    if (!host) {
        return NULL;
    }
    rb = memory_region_get_ram_block(sec.mr);
    done = MIN(len, sec.size);
    /* Extend over following ranges that continue the same block's host memory. */
    while (done < len && !reaches_top(addr, done)) {
        uint8_t *next;

        address_space_translate_section(as, addr + done, &sec);
        next = is_write ? section_write_ptr(&sec) : section_read_ptr(&sec);
        if (next != host + done || memory_region_get_ram_block(sec.mr) != rb) {
            break;
        }
        done += MIN(len - done, sec.size);
    }
    *plen = done;
    return host;
}

void address_space_unmap(AddressSpace *as, void *buffer, hwaddr len, bool is_write,
                         hwaddr access_len)
{
    ram_addr_t offset;
    RAMBlock *rb;

    if (!buffer || !is_write || access_len == 0) {
        return;
    }
    rb = qemu_ram_block_from_host(buffer, false, &offset);
    if (!rb) {
        return;
    }
    access_len = MIN(MIN(access_len, len), rb->used_length - offset);
    cpu_physical_memory_mark_written(rb->offset + offset, access_len);
}
