/*
 * RAM migration: the "ram" section's SaveVMHandlers.  Sends every migratable
 * RAM block by id and size, then pages from a per-block dirty bitmap in
 * rounds (zero pages as RAM_SAVE_FLAG_ZERO, others whole), and loads them
 * back with every offset and id checked.  It keeps QEMU's statistics; when to
 * stop the guest is the migration thread's decision, not this file's.
 */
#include "qemu/osdep.h"
#include "migration/register.h"
#include "migration/vmstate.h"
#include "migration-internal.h"
#include "system/memory.h"

#define RAM_SECTION_VERSION 4
/* One iterate call returns after this long so the thread can re-check limits. */
#define ITERATE_MAX_NS (50 * 1000 * 1000)

typedef struct RAMBlockMig {
    RAMBlock *rb;
    unsigned long *bmap;          /* bit per page: still to send */
    uint64_t pages;
} RAMBlockMig;

typedef struct RAMState {
    GArray *blocks;               /* of RAMBlockMig, biggest first */
    RAMBlock *last_sent_block;
    guint cur_block;
    uint64_t cur_page;
    uint64_t dirty_pages;         /* set bits over all bitmaps */
    int64_t last_sync_ns;
    uint64_t pages_dirtied_since_sync;
    bool in_downtime;
} RAMState;

static RAMState ram_state;

/* Statistics of the current or last outgoing migration (read by query-migrate). */
static GMutex stats_lock;
static MigrationRamStats ram_stats;

static int64_t now_ns(void)
{
    return g_get_monotonic_time() * 1000;
}

static bool page_is_zero(const uint8_t *p)
{
    const uint64_t *q = (const uint64_t *)p;
    for (size_t i = 0; i < MIGRATION_PAGE_SIZE / sizeof(uint64_t); i += 4) {
        if (q[i] | q[i + 1] | q[i + 2] | q[i + 3]) {
            return false;
        }
    }
    return true;
}

static uint64_t block_pages(RAMBlock *rb)
{
    return qemu_ram_get_used_length(rb) / MIGRATION_PAGE_SIZE;
}

static int collect_block(RAMBlock *rb, void *opaque)
{
    GArray *blocks = opaque;
    RAMBlockMig b = { .rb = rb };
    const char *id = qemu_ram_get_idstr(rb);

    if (!qemu_ram_is_migratable(rb) || !id || !id[0]) {
        return 0;
    }
    b.pages = block_pages(rb);
    g_array_append_val(blocks, b);
    return 0;
}

static uint64_t ram_bytes_total(void)
{
    uint64_t total = 0;
    for (guint i = 0; ram_state.blocks && i < ram_state.blocks->len; i++) {
        total += qemu_ram_get_used_length(g_array_index(ram_state.blocks, RAMBlockMig, i).rb);
    }
    return total;
}

void ram_get_stats(MigrationRamStats *stats)
{
    g_mutex_lock(&stats_lock);
    *stats = ram_stats;
    g_mutex_unlock(&stats_lock);
}

void ram_reset_stats(void)
{
    g_mutex_lock(&stats_lock);
    memset(&ram_stats, 0, sizeof(ram_stats));
    ram_stats.page_size = MIGRATION_PAGE_SIZE;
    g_mutex_unlock(&stats_lock);
}

void ram_set_transferred(uint64_t bytes)
{
    g_mutex_lock(&stats_lock);
    ram_stats.transferred = bytes;
    g_mutex_unlock(&stats_lock);
}

uint64_t ram_dirty_sync_count(void)
{
    uint64_t n;
    g_mutex_lock(&stats_lock);
    n = ram_stats.dirty_sync_count;
    g_mutex_unlock(&stats_lock);
    return n;
}

/* Pull newly dirtied pages out of the memory API's migration bitmap. */
static void ram_sync_bitmap(void)
{
    int64_t now = now_ns();
    uint64_t added = 0, count;

    for (guint i = 0; i < ram_state.blocks->len; i++) {
        RAMBlockMig *b = &g_array_index(ram_state.blocks, RAMBlockMig, i);
        added += cpu_physical_memory_sync_dirty_bitmap(b->rb, b->bmap);
    }
    ram_state.dirty_pages += added;
    ram_state.pages_dirtied_since_sync += added;

    g_mutex_lock(&stats_lock);
    count = ++ram_stats.dirty_sync_count;
    if (now > ram_state.last_sync_ns) {
        ram_stats.dirty_pages_rate = ram_state.pages_dirtied_since_sync * 1000000000ull /
                                     (uint64_t)(now - ram_state.last_sync_ns);
    }
    ram_stats.remaining = ram_state.dirty_pages * MIGRATION_PAGE_SIZE;
    g_mutex_unlock(&stats_lock);
    ram_state.last_sync_ns = now;
    ram_state.pages_dirtied_since_sync = 0;
    migration_notify_pass(count);
}

static void free_blocks(void)
{
    if (!ram_state.blocks) {
        return;
    }
    for (guint i = 0; i < ram_state.blocks->len; i++) {
        g_free(g_array_index(ram_state.blocks, RAMBlockMig, i).bmap);
    }
    g_array_free(ram_state.blocks, TRUE);
    ram_state.blocks = NULL;
}

static int ram_save_setup(QEMUFile *f, void *opaque, Error **errp)
{
    free_blocks();
    memset(&ram_state, 0, sizeof(ram_state));
    ram_state.blocks = g_array_new(FALSE, TRUE, sizeof(RAMBlockMig));
    qemu_ram_foreach_block(collect_block, ram_state.blocks);

    /* Everything is dirty at first; logging catches writes from now on. */
    for (guint i = 0; i < ram_state.blocks->len; i++) {
        RAMBlockMig *b = &g_array_index(ram_state.blocks, RAMBlockMig, i);
        size_t longs = (qemu_ram_pages(b->rb) + 8 * sizeof(long) - 1) / (8 * sizeof(long));
        b->bmap = g_new0(unsigned long, longs ? longs : 1);
        for (uint64_t p = 0; p < b->pages; p++) {
            b->bmap[p / (8 * sizeof(long))] |= 1ul << (p % (8 * sizeof(long)));
        }
        ram_state.dirty_pages += b->pages;
    }
    memory_global_dirty_log_start();
    ram_state.last_sync_ns = now_ns();

    g_mutex_lock(&stats_lock);
    ram_stats.total = ram_bytes_total();
    ram_stats.remaining = ram_state.dirty_pages * MIGRATION_PAGE_SIZE;
    ram_stats.page_size = MIGRATION_PAGE_SIZE;
    g_mutex_unlock(&stats_lock);

    qemu_put_be64(f, ram_bytes_total() | RAM_SAVE_FLAG_MEM_SIZE);
    for (guint i = 0; i < ram_state.blocks->len; i++) {
        RAMBlock *rb = g_array_index(ram_state.blocks, RAMBlockMig, i).rb;
        qemu_put_counted_string(f, qemu_ram_get_idstr(rb));
        qemu_put_be64(f, qemu_ram_get_used_length(rb));
    }
    qemu_put_be64(f, RAM_SAVE_FLAG_EOS);
    return qemu_file_get_error(f);
}

static void save_page_header(QEMUFile *f, RAMBlock *rb, uint64_t offset)
{
    if (rb == ram_state.last_sent_block) {
        offset |= RAM_SAVE_FLAG_CONTINUE;
    }
    qemu_put_be64(f, offset);
    if (!(offset & RAM_SAVE_FLAG_CONTINUE)) {
        qemu_put_counted_string(f, qemu_ram_get_idstr(rb));
        ram_state.last_sent_block = rb;
    }
}

typedef struct PageCounts {
    uint64_t zero, normal;
} PageCounts;

/* Send one page; its dirty bit is already clear. */
static void save_page(QEMUFile *f, RAMBlockMig *b, uint64_t page, PageCounts *counts)
{
    uint64_t offset = page * MIGRATION_PAGE_SIZE;
    const uint8_t *host = (const uint8_t *)qemu_ram_get_host_addr(b->rb) + offset;

    if (page_is_zero(host)) {
        save_page_header(f, b->rb, offset | RAM_SAVE_FLAG_ZERO);
        qemu_put_byte(f, 0);
        counts->zero++;
    } else {
        save_page_header(f, b->rb, offset | RAM_SAVE_FLAG_PAGE);
        qemu_put_buffer(f, host, MIGRATION_PAGE_SIZE);
        counts->normal++;
    }
}

static bool test_and_clear_page(RAMBlockMig *b, uint64_t page)
{
    unsigned long mask = 1ul << (page % (8 * sizeof(long)));
    unsigned long *w = &b->bmap[page / (8 * sizeof(long))];
    if (!(*w & mask)) {
        return false;
    }
    *w &= ~mask;
    return true;
}

/* Next dirty page at or after (block, page); false when none left. */
static bool find_dirty(guint *block, uint64_t *page)
{
    const unsigned bits = 8 * sizeof(long);

    for (; *block < ram_state.blocks->len; (*block)++, *page = 0) {
        RAMBlockMig *b = &g_array_index(ram_state.blocks, RAMBlockMig, *block);
        while (*page < b->pages) {
            unsigned long w = b->bmap[*page / bits] >> (*page % bits);
            if (w) {
                *page += __builtin_ctzl(w);
                if (*page < b->pages) {
                    return true;
                }
                break;
            }
            *page = (*page / bits + 1) * bits;
        }
    }
    return false;
}

/* Send dirty pages; rate limited unless in downtime.  Returns 1 when the bitmap is empty. */
static int send_dirty_pages(QEMUFile *f, bool limited)
{
    PageCounts counts = { 0 };
    uint64_t before = qemu_file_total_transferred(f);
    int64_t start = now_ns();
    int done = 0;
    unsigned n = 0;

    for (;;) {
        RAMBlockMig *b;

        if (!find_dirty(&ram_state.cur_block, &ram_state.cur_page)) {
            if (ram_state.dirty_pages == 0 || ram_state.cur_block == 0) {
                done = 1;
                ram_state.dirty_pages = 0;
                ram_state.cur_block = 0;
                ram_state.cur_page = 0;
                break;
            }
            /* Wrap around: pages before the scan position. */
            ram_state.cur_block = 0;
            ram_state.cur_page = 0;
            continue;
        }
        b = &g_array_index(ram_state.blocks, RAMBlockMig, ram_state.cur_block);
        if (test_and_clear_page(b, ram_state.cur_page)) {
            ram_state.dirty_pages--;
            save_page(f, b, ram_state.cur_page, &counts);
        }
        ram_state.cur_page++;
        if (qemu_file_get_error(f)) {
            break;
        }
        if (limited && (++n & 63) == 0 &&
            (qemu_file_rate_limit(f) || now_ns() - start > ITERATE_MAX_NS)) {
            break;
        }
    }

    g_mutex_lock(&stats_lock);
    ram_stats.duplicate += counts.zero;
    ram_stats.normal += counts.normal;
    ram_stats.normal_bytes += counts.normal * MIGRATION_PAGE_SIZE;
    ram_stats.remaining = ram_state.dirty_pages * MIGRATION_PAGE_SIZE;
    ram_stats.transferred = qemu_file_total_transferred(f);
    if (ram_state.in_downtime) {
        ram_stats.downtime_bytes += qemu_file_total_transferred(f) - before;
    } else {
        ram_stats.precopy_bytes += qemu_file_total_transferred(f) - before;
    }
    g_mutex_unlock(&stats_lock);
    return done;
}

static int ram_save_iterate(QEMUFile *f, void *opaque, Error **errp)
{
    int done = send_dirty_pages(f, true);
    qemu_put_be64(f, RAM_SAVE_FLAG_EOS);
    if (qemu_file_get_error(f)) {
        error_setg(errp, "ram: write failed");
        return qemu_file_get_error(f);
    }
    return done;
}

static int ram_save_complete(QEMUFile *f, void *opaque, Error **errp)
{
    ram_state.in_downtime = true;
    ram_sync_bitmap();
    send_dirty_pages(f, false);
    qemu_put_be64(f, RAM_SAVE_FLAG_EOS);
    if (qemu_file_get_error(f)) {
        error_setg(errp, "ram: write failed");
        return qemu_file_get_error(f);
    }
    return 0;
}

static uint64_t ram_save_pending(void *opaque, bool exact)
{
    if (exact) {
        ram_sync_bitmap();
    }
    return ram_state.dirty_pages * MIGRATION_PAGE_SIZE;
}

static void ram_save_cleanup(void *opaque)
{
    memory_global_dirty_log_stop();
    free_blocks();
    ram_state.last_sent_block = NULL;
}

/* ---- loading ---- */

typedef struct RAMLoadState {
    RAMBlock *last_block;
} RAMLoadState;

static RAMLoadState ram_load_state;

static int ram_load_setup(void *opaque, Error **errp)
{
    ram_load_state.last_block = NULL;
    return 0;
}

static int load_block_list(QEMUFile *f, uint64_t total, Error **errp)
{
    while (total > 0) {
        char id[256];
        uint64_t length;
        RAMBlock *rb;

        qemu_get_counted_string(f, id);
        length = qemu_get_be64(f);
        if (qemu_file_get_error(f)) {
            return qemu_file_get_error(f);
        }
        rb = qemu_ram_block_by_name(id);
        if (!rb || !qemu_ram_is_migratable(rb)) {
            error_setg(errp, "Unknown ramblock \"%s\", cannot accept migration", id);
            return -EINVAL;
        }
        if (length != qemu_ram_get_used_length(rb)) {
            error_setg(errp, "Length mismatch: %s: 0x%" PRIx64 " in != 0x%" PRIx64, id,
                       length, (uint64_t)qemu_ram_get_used_length(rb));
            return -EINVAL;
        }
        if (length > total) {
            error_setg(errp, "ram: block sizes add up to more than the announced 0x%" PRIx64,
                       total);
            return -EINVAL;
        }
        total -= length;
    }
    return 0;
}

static uint8_t *load_host_page(QEMUFile *f, uint64_t addr, uint32_t flags, Error **errp)
{
    RAMBlock *rb;

    if (flags & RAM_SAVE_FLAG_CONTINUE) {
        rb = ram_load_state.last_block;
        if (!rb) {
            error_setg(errp, "ram: page continues a block but no block was named before");
            return NULL;
        }
    } else {
        char id[256];
        qemu_get_counted_string(f, id);
        if (qemu_file_get_error(f)) {
            return NULL;
        }
        rb = qemu_ram_block_by_name(id);
        if (!rb || !qemu_ram_is_migratable(rb)) {
            error_setg(errp, "Can't find block %s", id);
            return NULL;
        }
        ram_load_state.last_block = rb;
    }
    if (addr >= qemu_ram_get_used_length(rb) ||
        qemu_ram_get_used_length(rb) - addr < MIGRATION_PAGE_SIZE) {
        error_setg(errp, "Illegal RAM offset 0x%" PRIx64 " in block %s", addr,
                   qemu_ram_get_idstr(rb));
        return NULL;
    }
    return (uint8_t *)qemu_ram_get_host_addr(rb) + addr;
}

static int ram_load(QEMUFile *f, void *opaque, int version_id, Error **errp)
{
    if (version_id != RAM_SECTION_VERSION) {
        error_setg(errp, "ram: unsupported section version %d (expected %d)", version_id,
                   RAM_SECTION_VERSION);
        return -EINVAL;
    }
    for (;;) {
        uint64_t addr = qemu_get_be64(f);
        uint32_t flags = addr & (MIGRATION_PAGE_SIZE - 1);
        uint8_t *host;
        int ret;

        addr &= ~(uint64_t)(MIGRATION_PAGE_SIZE - 1);
        if ((ret = qemu_file_get_error(f))) {
            error_setg(errp, "ram: read failed");
            return ret;
        }
        switch (flags & ~RAM_SAVE_FLAG_CONTINUE) {
        case RAM_SAVE_FLAG_MEM_SIZE:
            ret = load_block_list(f, addr, errp);
            if (ret) {
                return ret;
            }
            break;
        case RAM_SAVE_FLAG_ZERO: {
            host = load_host_page(f, addr, flags, errp);
            uint8_t ch = qemu_get_byte(f);
            if (!host) {
                return -EINVAL;
            }
            if (ch || !page_is_zero(host)) {
                memset(host, ch, MIGRATION_PAGE_SIZE);
            }
            break;
        }
        case RAM_SAVE_FLAG_PAGE:
            host = load_host_page(f, addr, flags, errp);
            if (!host) {
                return -EINVAL;
            }
            qemu_get_buffer(f, host, MIGRATION_PAGE_SIZE);
            break;
        case RAM_SAVE_FLAG_EOS:
            return 0;
        default:
            error_setg(errp, "Unknown combination of migration flags: 0x%x", flags);
            return -EINVAL;
        }
        if ((ret = qemu_file_get_error(f))) {
            error_setg(errp, "ram: read failed");
            return ret;
        }
    }
}

static const SaveVMHandlers savevm_ram_handlers = {
    .save_setup = ram_save_setup,
    .save_live_iterate = ram_save_iterate,
    .save_live_complete = ram_save_complete,
    .save_pending = ram_save_pending,
    .save_cleanup = ram_save_cleanup,
    .load_setup = ram_load_setup,
    .load_state = ram_load,
};

void ram_mig_init(void)
{
    ram_reset_stats();
    register_savevm_live("ram", 0, RAM_SECTION_VERSION, &savevm_ram_handlers, &ram_state,
                         NULL);
}
