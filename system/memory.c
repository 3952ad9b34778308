/*
 * Memory regions and address spaces: the region tree, its flattening into sorted
 * non-overlapping ranges, MMIO dispatch with access splitting and byte order, and the
 * "info mtree" printer. RAM blocks, dirty bitmaps and the accessors are in physmem.c.
 */
#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "system/memory.h"

#define MR_MAGIC 0x4d52454du            /* marks an initialised MemoryRegion */
#define MR_MAX_DEPTH 64                 /* deeper nesting means a loop of aliases */

/* One piece of a flat view: [start, last] shows mr from offset_in_region on. */
typedef struct FlatRange {
    hwaddr start;
    hwaddr last;                        /* inclusive, so the top byte is representable */
    MemoryRegion *mr;
    hwaddr offset_in_region;
    bool readonly;
} FlatRange;

struct FlatView {
    gint ref;
    MemoryRegion *root;
    FlatRange *ranges;                  /* sorted by start, non-overlapping */
    size_t nr;
    size_t nr_alloc;
};

/* ---- Singletons ---------------------------------------------------------------- */

static bool unassigned_accepts(void *opaque, hwaddr addr, unsigned size, bool is_write,
                               MemTxAttrs attrs)
{
    return false;
}

static const MemoryRegionOps unassigned_ops = {
    .valid = {
        .min_access_size = 1,
        .max_access_size = 8,
        .unaligned = true,
        .accepts = unassigned_accepts,
    },
};

static char unassigned_name[] = "unassigned";

/* What holes translate to: refuses every access. Never mapped, never freed. */
static MemoryRegion unassigned_region = {
    .magic = MR_MAGIC,
    .kind = MR_KIND_IO,
    .name = unassigned_name,
    .size = UINT64_MAX,
    .ops = &unassigned_ops,
    .enabled = true,
};

/* The process's address spaces in creation order, and the memory listeners. */
static AddressSpace *address_spaces;
static MemoryListener *memory_listeners;

/* Topology batching: depth of begin/commit nesting, and whether views are stale. */
static unsigned transaction_depth;
static bool update_pending;

/* Taken only to swap a view pointer or to take a reference on the current one. */
static GMutex flatview_lock;

static gint dirty_log_active;

/* ---- Small helpers ------------------------------------------------------------- */

/* Offset of the last byte of mr; false for an empty region. */
static bool mr_extent(const MemoryRegion *mr, uint64_t *last)
{
    if (mr->size == 0) {
        return false;
    }
    *last = mr->size == UINT64_MAX ? UINT64_MAX : mr->size - 1;
    return true;
}

/* True if [addr, addr + size) lies inside mr. */
static bool mr_contains(const MemoryRegion *mr, hwaddr addr, uint64_t size)
{
    uint64_t last;

    if (size == 0 || !mr_extent(mr, &last)) {
        return false;
    }
    return addr <= last && size - 1 <= last - addr;
}

static void mr_check(const MemoryRegion *mr, const char *what)
{
    if (!mr || mr->magic != MR_MAGIC) {
        g_error("%s: memory region %p is not initialised", what, (const void *)mr);
    }
}

static void mr_init_common(MemoryRegion *mr, Object *owner, const char *name,
                           uint64_t size, MemoryRegionKind kind)
{
    memset(mr, 0, sizeof(*mr));
    mr->magic = MR_MAGIC;
    mr->kind = kind;
    mr->owner = owner;
    mr->name = g_strdup(name ? name : "anonymous");
    mr->size = size;
    mr->enabled = true;
}

static void topology_changed(void)
{
    memory_region_transaction_begin();
    update_pending = true;
    memory_region_transaction_commit();
}

/* ---- Region construction --------------------------------------------------------- */

void memory_region_init(MemoryRegion *mr, Object *owner, const char *name, uint64_t size)
{
    mr_init_common(mr, owner, name, size, MR_KIND_CONTAINER);
}

void memory_region_init_io(MemoryRegion *mr, Object *owner, const MemoryRegionOps *ops,
                           void *opaque, const char *name, uint64_t size)
{
    mr_init_common(mr, owner, name, size, MR_KIND_IO);
    mr->ops = ops ? ops : &unassigned_ops;
    mr->opaque = opaque;
}

static bool init_ram_backed(MemoryRegion *mr, Object *owner, const char *name,
                            uint64_t size, MemoryRegionKind kind, bool named,
                            Error **errp)
{
    RAMBlock *rb;

    mr_init_common(mr, owner, name, size, kind);
    rb = qemu_ram_alloc(size, named ? mr->name : NULL, mr, errp);
    if (!rb) {
        /* Leave nothing behind: a zeroed region is what finalize ignores. */
        g_free(mr->name);
        memset(mr, 0, sizeof(*mr));
        return false;
    }
    qemu_ram_set_migratable(rb, named);
    mr->ram_block = rb;
    return true;
}

bool memory_region_init_ram(MemoryRegion *mr, Object *owner, const char *name,
                            uint64_t size, Error **errp)
{
    return init_ram_backed(mr, owner, name, size, MR_KIND_RAM, true, errp);
}

bool memory_region_init_ram_nomigrate(MemoryRegion *mr, Object *owner, const char *name,
                                      uint64_t size, Error **errp)
{
    return init_ram_backed(mr, owner, name, size, MR_KIND_RAM, false, errp);
}

bool memory_region_init_rom(MemoryRegion *mr, Object *owner, const char *name,
                            uint64_t size, Error **errp)
{
    if (!init_ram_backed(mr, owner, name, size, MR_KIND_RAM, true, errp)) {
        return false;
    }
    mr->readonly = true;
    return true;
}

bool memory_region_init_rom_device(MemoryRegion *mr, Object *owner,
                                   const MemoryRegionOps *ops, void *opaque,
                                   const char *name, uint64_t size, Error **errp)
{
    if (!init_ram_backed(mr, owner, name, size, MR_KIND_ROM_DEVICE, true, errp)) {
        return false;
    }
    mr->ops = ops ? ops : &unassigned_ops;
    mr->opaque = opaque;
    mr->romd_mode = true;
    return true;
}

void memory_region_init_alias(MemoryRegion *mr, Object *owner, const char *name,
                              MemoryRegion *orig, hwaddr offset, uint64_t size)
{
    mr_check(orig, "memory_region_init_alias");
    if (orig == mr) {
        g_error("memory region alias '%s' cannot point at itself", name ? name : "?");
    }
    mr_init_common(mr, owner, name, size, MR_KIND_ALIAS);
    mr->alias = orig;
    mr->alias_offset = offset;
    orig->alias_users++;
}

void memory_region_finalize(MemoryRegion *mr)
{
    AddressSpace *as;

    if (!mr || mr->magic != MR_MAGIC || mr == &unassigned_region) {
        return;
    }
    if (mr->alias_users) {
        g_error("memory region '%s' finalized while %u alias(es) still point at it",
                mr->name, mr->alias_users);
    }
    for (as = address_spaces; as; as = as->next) {
        if (as->root == mr) {
            g_error("memory region '%s' finalized while it is the root of address "
                    "space '%s'", mr->name, as->name);
        }
    }

    memory_region_transaction_begin();
    if (mr->container) {
        memory_region_del_subregion(mr->container, mr);
    }
    while (mr->subregions) {
        MemoryRegion *sub = mr->subregions;

        mr->subregions = sub->next_sibling;
        sub->next_sibling = NULL;
        sub->container = NULL;
        update_pending = true;
    }
    if (mr->kind == MR_KIND_ALIAS) {
        mr->alias->alias_users--;
    }
    memory_region_transaction_commit();

    qemu_ram_free(mr->ram_block);
    g_free(mr->name);
    memset(mr, 0, sizeof(*mr));
}

/* ---- Topology ------------------------------------------------------------------------ */

static void add_subregion_common(MemoryRegion *parent, hwaddr offset, MemoryRegion *sub,
                                 int priority)
{
    MemoryRegion *p, **link;

    mr_check(parent, "memory_region_add_subregion");
    mr_check(sub, "memory_region_add_subregion");
    if (sub == &unassigned_region) {
        g_error("the unassigned memory region cannot be mapped");
    }
    if (sub->container) {
        g_error("memory region '%s' is already mapped in '%s'", sub->name,
                sub->container->name);
    }
    for (p = parent; p; p = p->container) {
        if (p == sub) {
            g_error("mapping memory region '%s' into '%s' would make a loop",
                    sub->name, parent->name);
        }
    }

    sub->container = parent;
    sub->addr = offset;
    sub->priority = priority;
    /* Keep siblings highest priority first; a newcomer goes before its equals. */
    link = &parent->subregions;
    while (*link && (*link)->priority > priority) {
        link = &(*link)->next_sibling;
    }
    sub->next_sibling = *link;
    *link = sub;
    topology_changed();
}

void memory_region_add_subregion(MemoryRegion *parent, hwaddr offset, MemoryRegion *sub)
{
    add_subregion_common(parent, offset, sub, 0);
}

void memory_region_add_subregion_overlap(MemoryRegion *parent, hwaddr offset,
                                         MemoryRegion *sub, int priority)
{
    add_subregion_common(parent, offset, sub, priority);
}

void memory_region_del_subregion(MemoryRegion *parent, MemoryRegion *sub)
{
    MemoryRegion **link;

    mr_check(parent, "memory_region_del_subregion");
    mr_check(sub, "memory_region_del_subregion");
    if (sub->container != parent) {
        g_error("memory region '%s' is not a subregion of '%s'", sub->name, parent->name);
    }
    for (link = &parent->subregions; *link != sub; link = &(*link)->next_sibling) {
        /* found below: sub->container says it is on this list */
    }
    *link = sub->next_sibling;
    sub->next_sibling = NULL;
    sub->container = NULL;
    topology_changed();
}

void memory_region_set_enabled(MemoryRegion *mr, bool enabled)
{
    mr_check(mr, "memory_region_set_enabled");
    if (mr->enabled != enabled) {
        mr->enabled = enabled;
        topology_changed();
    }
}

void memory_region_set_address(MemoryRegion *mr, hwaddr addr)
{
    mr_check(mr, "memory_region_set_address");
    if (mr->addr != addr) {
        /* The region keeps its place among equal-priority siblings. */
        mr->addr = addr;
        topology_changed();
    }
}

void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset)
{
    mr_check(mr, "memory_region_set_alias_offset");
    if (mr->kind != MR_KIND_ALIAS) {
        g_error("memory region '%s' is not an alias", mr->name);
    }
    if (mr->alias_offset != offset) {
        mr->alias_offset = offset;
        topology_changed();
    }
}

void memory_region_set_readonly(MemoryRegion *mr, bool readonly)
{
    mr_check(mr, "memory_region_set_readonly");
    if (mr->readonly != readonly) {
        mr->readonly = readonly;
        topology_changed();
    }
}

void memory_region_rom_device_set_romd(MemoryRegion *mr, bool romd_mode)
{
    mr_check(mr, "memory_region_rom_device_set_romd");
    if (mr->kind != MR_KIND_ROM_DEVICE) {
        g_error("memory region '%s' is not a ROM device", mr->name);
    }
    if (mr->romd_mode != romd_mode) {
        /* A topology change: TLBs caching direct reads must be flushed. */
        mr->romd_mode = romd_mode;
        topology_changed();
    }
}

/* ---- Accessors --------------------------------------------------------------------- */

uint64_t memory_region_size(const MemoryRegion *mr)
{
    return mr->size;
}

const char *memory_region_name(const MemoryRegion *mr)
{
    return mr->name ? mr->name : "";
}

Object *memory_region_owner(const MemoryRegion *mr)
{
    return mr->owner;
}

hwaddr memory_region_get_address(const MemoryRegion *mr)
{
    return mr->addr;
}

bool memory_region_is_mapped(const MemoryRegion *mr)
{
    return mr->container != NULL;
}

bool memory_region_is_ram(const MemoryRegion *mr)
{
    return mr->kind == MR_KIND_RAM && mr->ram_block;
}

bool memory_region_is_rom(const MemoryRegion *mr)
{
    return memory_region_is_ram(mr) && mr->readonly;
}

bool memory_region_is_romd(const MemoryRegion *mr)
{
    return mr->kind == MR_KIND_ROM_DEVICE && mr->romd_mode;
}

bool memory_region_is_alias(const MemoryRegion *mr)
{
    return mr->kind == MR_KIND_ALIAS;
}

bool memory_region_is_unassigned(const MemoryRegion *mr)
{
    return mr == &unassigned_region;
}

/* Follow aliases down to the region holding the bytes; false if offset falls outside. */
static MemoryRegion *mr_resolve_alias(MemoryRegion *mr, hwaddr *offset, bool *readonly)
{
    int depth = 0;

    while (mr->kind == MR_KIND_ALIAS) {
        if (++depth > MR_MAX_DEPTH || *offset > UINT64_MAX - mr->alias_offset) {
            return NULL;
        }
        if (readonly) {
            *readonly |= mr->readonly;
        }
        *offset += mr->alias_offset;
        mr = mr->alias;
    }
    return mr;
}

RAMBlock *memory_region_get_ram_block(MemoryRegion *mr)
{
    hwaddr offset = 0;

    mr = mr_resolve_alias(mr, &offset, NULL);
    return mr ? mr->ram_block : NULL;
}

void *memory_region_get_ram_ptr(MemoryRegion *mr)
{
    hwaddr offset = 0;

    mr = mr_resolve_alias(mr, &offset, NULL);
    if (!mr || !mr->ram_block || offset >= mr->ram_block->used_length) {
        return NULL;
    }
    return mr->ram_block->host + offset;
}

ram_addr_t memory_region_get_ram_addr(MemoryRegion *mr)
{
    hwaddr offset = 0;

    mr = mr_resolve_alias(mr, &offset, NULL);
    if (!mr || !mr->ram_block || offset >= mr->ram_block->used_length) {
        return RAM_ADDR_INVALID;
    }
    return mr->ram_block->offset + offset;
}

/* ---- Dirty tracking by region ------------------------------------------------------ */

/* ram_addr_t range of [addr, addr + size) in mr, clipped to its block; false if none. */
static bool mr_dirty_range(MemoryRegion *mr, hwaddr addr, hwaddr size, ram_addr_t *start,
                           ram_addr_t *len)
{
    RAMBlock *rb;

    mr = mr_resolve_alias(mr, &addr, NULL);
    if (!mr || !mr->ram_block || size == 0) {
        return false;
    }
    rb = mr->ram_block;
    if (addr >= rb->used_length) {
        return false;
    }
    *start = rb->offset + addr;
    *len = MIN(size, rb->used_length - addr);
    return true;
}

void memory_region_set_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size)
{
    ram_addr_t start, len;

    if (mr_dirty_range(mr, addr, size, &start, &len)) {
        cpu_physical_memory_set_dirty_range(start, len, DIRTY_CLIENTS_NOCODE);
    }
}

bool memory_region_get_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size, unsigned client)
{
    ram_addr_t start, len;

    return mr_dirty_range(mr, addr, size, &start, &len) &&
           cpu_physical_memory_get_dirty(start, len, client);
}

bool memory_region_test_and_clear_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size,
                                        unsigned client)
{
    ram_addr_t start, len;

    return mr_dirty_range(mr, addr, size, &start, &len) &&
           cpu_physical_memory_test_and_clear_dirty(start, len, client);
}

/* ---- Flat views ---------------------------------------------------------------------- */

static FlatView *flatview_new(MemoryRegion *root)
{
    FlatView *fv = g_new0(FlatView, 1);

    fv->ref = 1;
    fv->root = root;
    return fv;
}

static void flatview_ref(FlatView *fv)
{
    g_atomic_int_inc(&fv->ref);
}

static void flatview_unref(FlatView *fv)
{
    if (fv && g_atomic_int_dec_and_test(&fv->ref)) {
        g_free(fv->ranges);
        g_free(fv);
    }
}

static void flatview_insert_at(FlatView *fv, size_t i, const FlatRange *fr)
{
    if (fv->nr == fv->nr_alloc) {
        fv->nr_alloc = MAX(16, fv->nr_alloc * 2);
        fv->ranges = g_renew(FlatRange, fv->ranges, fv->nr_alloc);
    }
    memmove(&fv->ranges[i + 1], &fv->ranges[i], (fv->nr - i) * sizeof(FlatRange));
    fv->ranges[i] = *fr;
    fv->nr++;
}

/* Index of the first range whose last byte is >= addr (fv->nr if none). */
static size_t flatview_first_ending_at_or_after(const FlatView *fv, hwaddr addr)
{
    size_t lo = 0, hi = fv->nr;

    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;

        if (fv->ranges[mid].last < addr) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/*
 * Show mr (from offset 'offset' on) at [start, last], but only in the parts not
 * yet covered: everything rendered earlier has higher precedence.
 */
static void flatview_fill_gaps(FlatView *fv, hwaddr start, hwaddr last, MemoryRegion *mr,
                               hwaddr offset, bool readonly)
{
    size_t i = flatview_first_ending_at_or_after(fv, start);
    hwaddr cur = start;

    for (;;) {
        if (i < fv->nr && fv->ranges[i].start <= cur) {
            if (fv->ranges[i].last >= last) {
                return;
            }
            cur = fv->ranges[i].last + 1;
            i++;
            continue;
        }
        FlatRange fr = {
            .start = cur,
            .last = (i < fv->nr && fv->ranges[i].start - 1 < last) ?
                    fv->ranges[i].start - 1 : last,
            .mr = mr,
            .offset_in_region = offset + (cur - start),
            .readonly = readonly,
        };
        flatview_insert_at(fv, i, &fr);
        i++;
        if (fr.last == last) {
            return;
        }
        cur = fr.last + 1;
    }
}

/*
 * Render offsets [off, off + ext] of mr at addresses [addr, addr + ext]. Working in
 * the region's own offsets (not absolute addresses) keeps alias windows from
 * wrapping around the top of the address space.
 */
static void render_region(FlatView *fv, MemoryRegion *mr, hwaddr off, hwaddr addr,
                          uint64_t ext, bool readonly, int depth)
{
    MemoryRegion *sub;
    uint64_t last;

    if (!mr->enabled) {
        return;
    }
    if (depth > MR_MAX_DEPTH) {
        g_error("memory region '%s' is nested too deeply (a loop of aliases?)", mr->name);
    }
    readonly |= mr->readonly;

    for (sub = mr->subregions; sub; sub = sub->next_sibling) {
        uint64_t sub_ext, sub_last, lo, hi;

        if (!sub->enabled || !mr_extent(sub, &sub_ext)) {
            continue;
        }
        sub_last = sub->addr > UINT64_MAX - sub_ext ? UINT64_MAX : sub->addr + sub_ext;
        lo = MAX(sub->addr, off);
        hi = MIN(sub_last, off + ext);
        if (lo > hi) {
            continue;
        }
        render_region(fv, sub, lo - sub->addr, addr + (lo - off), hi - lo, readonly,
                      depth + 1);
    }

    switch (mr->kind) {
    case MR_KIND_CONTAINER:
        break;
    case MR_KIND_ALIAS:
        if (off > UINT64_MAX - mr->alias_offset || !mr_extent(mr->alias, &last)) {
            break;
        }
        off += mr->alias_offset;
        if (off <= last) {
            render_region(fv, mr->alias, off, addr, MIN(ext, last - off), readonly,
                          depth + 1);
        }
        break;
    default:
        flatview_fill_gaps(fv, addr, addr + ext, mr, off, readonly);
        break;
    }
}

/* Merge neighbours that continue the same region, as they are one range to a reader. */
static void flatview_simplify(FlatView *fv)
{
    size_t i, j = 0;

    for (i = 0; i < fv->nr; i++) {
        FlatRange *prev = j ? &fv->ranges[j - 1] : NULL;
        FlatRange *cur = &fv->ranges[i];

        if (prev && prev->mr == cur->mr && prev->readonly == cur->readonly &&
            prev->last + 1 == cur->start &&
            prev->offset_in_region + (prev->last - prev->start) + 1 == cur->offset_in_region) {
            prev->last = cur->last;
        } else {
            fv->ranges[j++] = *cur;
        }
    }
    fv->nr = j;
}

static FlatView *generate_flatview(MemoryRegion *root)
{
    FlatView *fv = flatview_new(root);
    uint64_t ext;

    if (root && root->magic == MR_MAGIC && mr_extent(root, &ext)) {
        render_region(fv, root, 0, 0, ext, false, 0);
        flatview_simplify(fv);
    }
    return fv;
}

static bool flatview_equal(const FlatView *a, const FlatView *b)
{
    size_t i;

    if (a->nr != b->nr || a->root != b->root) {
        return false;
    }
    for (i = 0; i < a->nr; i++) {
        const FlatRange *x = &a->ranges[i], *y = &b->ranges[i];

        if (x->start != y->start || x->last != y->last || x->mr != y->mr ||
            x->offset_in_region != y->offset_in_region || x->readonly != y->readonly) {
            return false;
        }
    }
    return true;
}

static FlatView *address_space_get_flatview(AddressSpace *as)
{
    FlatView *fv;

    g_mutex_lock(&flatview_lock);
    fv = as->current_map;
    if (fv) {
        flatview_ref(fv);
    }
    g_mutex_unlock(&flatview_lock);
    return fv;
}

static void address_space_set_flatview(AddressSpace *as, FlatView *fv)
{
    FlatView *old;

    g_mutex_lock(&flatview_lock);
    old = as->current_map;
    as->current_map = fv;
    g_mutex_unlock(&flatview_lock);
    flatview_unref(old);
}

/* Rebuild as's view; true if it changed. */
static bool address_space_update_topology(AddressSpace *as)
{
    FlatView *fv = generate_flatview(as->root);

    if (as->current_map && flatview_equal(as->current_map, fv)) {
        flatview_unref(fv);
        return false;
    }
    address_space_set_flatview(as, fv);
    return true;
}

static void notify_commit(AddressSpace *as)
{
    MemoryListener *l, *next;

    for (l = memory_listeners; l; l = next) {
        next = l->next;
        if (l->commit && (!l->address_space || l->address_space == as)) {
            l->commit(l, as);
        }
    }
}

void memory_region_transaction_begin(void)
{
    transaction_depth++;
}

void memory_region_transaction_commit(void)
{
    AddressSpace *as;

    if (transaction_depth == 0) {
        g_error("memory_region_transaction_commit without a matching begin");
    }
    if (--transaction_depth > 0) {
        return;
    }
    /* Listeners may change the topology again: keep going until it settles. */
    while (update_pending) {
        update_pending = false;
        transaction_depth++;
        for (as = address_spaces; as; as = as->next) {
            if (address_space_update_topology(as)) {
                notify_commit(as);
            }
        }
        transaction_depth--;
    }
}

/* Look addr up in fv (which may be NULL: everything unassigned). */
static void flatview_lookup(const FlatView *fv, hwaddr addr, MemoryRegionSection *sec)
{
    size_t i = fv ? flatview_first_ending_at_or_after(fv, addr) : 0;
    const FlatRange *fr = (fv && i < fv->nr) ? &fv->ranges[i] : NULL;

    sec->offset_within_address_space = addr;
    if (fr && fr->start <= addr) {
        sec->mr = fr->mr;
        sec->offset_within_region = fr->offset_in_region + (addr - fr->start);
        sec->size = fr->last - addr == UINT64_MAX ? UINT64_MAX : fr->last - addr + 1;
        sec->readonly = fr->readonly;
        return;
    }
    /* A hole, up to the next range or the top of the address space. */
    sec->mr = &unassigned_region;
    sec->offset_within_region = addr;
    if (fr) {
        sec->size = fr->start - addr;
    } else {
        sec->size = addr == 0 ? UINT64_MAX : UINT64_MAX - addr + 1;
    }
    sec->readonly = false;
}

MemoryRegion *address_space_translate_section(AddressSpace *as, hwaddr addr,
                                              MemoryRegionSection *section)
{
    FlatView *fv = address_space_get_flatview(as);

    flatview_lookup(fv, addr, section);
    flatview_unref(fv);
    return section->mr;
}

MemoryRegion *address_space_translate(AddressSpace *as, hwaddr addr, hwaddr *xlat,
                                      hwaddr *plen, bool is_write, MemTxAttrs attrs)
{
    MemoryRegionSection sec;

    address_space_translate_section(as, addr, &sec);
    *xlat = sec.offset_within_region;
    if (*plen > sec.size) {
        *plen = sec.size;
    }
    return sec.mr;
}

/* ---- Address spaces and listeners ------------------------------------------------ */

void address_space_init(AddressSpace *as, MemoryRegion *root, const char *name)
{
    AddressSpace **link;

    mr_check(root, "address_space_init");
    memset(as, 0, sizeof(*as));
    as->name = g_strdup(name ? name : "anonymous");
    as->root = root;
    for (link = &address_spaces; *link; link = &(*link)->next) {
        if (*link == as) {
            g_error("address space '%s' initialised twice", as->name);
        }
    }
    *link = as;
    address_space_update_topology(as);
    notify_commit(as);
}

void address_space_destroy(AddressSpace *as)
{
    AddressSpace **link;
    MemoryListener *l;

    for (link = &address_spaces; *link; link = &(*link)->next) {
        if (*link == as) {
            *link = as->next;
            break;
        }
    }
    for (l = memory_listeners; l; l = l->next) {
        if (l->address_space == as) {
            g_error("address space '%s' destroyed while a memory listener watches it",
                    as->name);
        }
    }
    address_space_set_flatview(as, NULL);
    g_free(as->name);
    memset(as, 0, sizeof(*as));
}

void memory_listener_register(MemoryListener *listener, AddressSpace *as)
{
    MemoryListener **link;

    listener->address_space = as;
    listener->next = NULL;
    for (link = &memory_listeners; *link; link = &(*link)->next) {
        if (*link == listener) {
            g_error("memory listener registered twice");
        }
    }
    *link = listener;
}

void memory_listener_unregister(MemoryListener *listener)
{
    MemoryListener **link;

    for (link = &memory_listeners; *link; link = &(*link)->next) {
        if (*link == listener) {
            *link = listener->next;
            break;
        }
    }
    listener->next = NULL;
    listener->address_space = NULL;
}

void memory_global_dirty_log_start(void)
{
    MemoryListener *l;

    if (g_atomic_int_get(&dirty_log_active)) {
        return;
    }
    g_atomic_int_set(&dirty_log_active, 1);
    for (l = memory_listeners; l; l = l->next) {
        if (l->log_global_start) {
            l->log_global_start(l);
        }
    }
}

void memory_global_dirty_log_stop(void)
{
    MemoryListener *l;

    if (!g_atomic_int_get(&dirty_log_active)) {
        return;
    }
    g_atomic_int_set(&dirty_log_active, 0);
    for (l = memory_listeners; l; l = l->next) {
        if (l->log_global_stop) {
            l->log_global_stop(l);
        }
    }
}

bool memory_global_dirty_log_active(void)
{
    return g_atomic_int_get(&dirty_log_active) != 0;
}

/* ---- The system singletons --------------------------------------------------------- */

AddressSpace address_space_memory;
AddressSpace address_space_io;
static MemoryRegion system_memory;
static MemoryRegion system_io;

/* Unclaimed I/O ports float high, as on real ISA buses. */
static uint64_t unassigned_io_read(void *opaque, hwaddr addr, unsigned size)
{
    return UINT64_MAX;
}

static void unassigned_io_write(void *opaque, hwaddr addr, uint64_t data, unsigned size)
{
}

static const MemoryRegionOps unassigned_io_ops = {
    .read = unassigned_io_read,
    .write = unassigned_io_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

void memory_init(void)
{
    if (system_memory.magic == MR_MAGIC) {
        return;
    }
    memory_region_init(&system_memory, NULL, "system", UINT64_MAX);
    address_space_init(&address_space_memory, &system_memory, "memory");
    memory_region_init_io(&system_io, NULL, &unassigned_io_ops, NULL, "io", 65536);
    address_space_init(&address_space_io, &system_io, "I/O");
}

MemoryRegion *get_system_memory(void)
{
    memory_init();
    return &system_memory;
}

MemoryRegion *get_system_io(void)
{
    memory_init();
    return &system_io;
}

/* ---- Dispatch -------------------------------------------------------------------- */

static unsigned valid_min(const MemoryRegionOps *ops)
{
    return ops->valid.min_access_size ? ops->valid.min_access_size : 1;
}

static unsigned valid_max(const MemoryRegionOps *ops)
{
    return ops->valid.max_access_size ? ops->valid.max_access_size : 4;
}

static unsigned impl_min(const MemoryRegionOps *ops)
{
    return ops->impl.min_access_size ? ops->impl.min_access_size : 1;
}

static unsigned impl_max(const MemoryRegionOps *ops)
{
    return ops->impl.max_access_size ? ops->impl.max_access_size : 4;
}

static uint64_t bswap_sized(uint64_t v, unsigned size)
{
    switch (size) {
    case 2: return bswap16((uint16_t)v);
    case 4: return bswap32((uint32_t)v);
    case 8: return bswap64(v);
    default: return v;
    }
}

static uint64_t size_mask(unsigned size)
{
    return size >= 8 ? UINT64_MAX : (UINT64_C(1) << (size * 8)) - 1;
}

static bool io_access_valid(MemoryRegion *mr, hwaddr addr, unsigned size, bool is_write,
                            MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;

    if (size < valid_min(ops) || size > valid_max(ops)) {
        return false;
    }
    if (!ops->valid.unaligned && (addr & (size - 1))) {
        return false;
    }
    return !ops->valid.accepts || ops->valid.accepts(mr->opaque, addr, size, is_write, attrs);
}

static MemTxResult io_call_read(MemoryRegion *mr, hwaddr addr, unsigned size, uint64_t *v,
                                MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;
    MemTxResult r = MEMTX_OK;

    *v = 0;
    if (ops->read_with_attrs) {
        r = ops->read_with_attrs(mr->opaque, addr, v, size, attrs);
    } else if (ops->read) {
        *v = ops->read(mr->opaque, addr, size);
    }
    *v &= size_mask(size);
    return r;
}

static MemTxResult io_call_write(MemoryRegion *mr, hwaddr addr, unsigned size, uint64_t v,
                                 MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;

    if (ops->write_with_attrs) {
        return ops->write_with_attrs(mr->opaque, addr, v, size, attrs);
    }
    if (ops->write) {
        ops->write(mr->opaque, addr, v, size);
    }
    return MEMTX_OK;
}

/*
 * Perform a validated access of 'size' bytes at addr through the device's callbacks,
 * splitting or widening it to what they implement. *val is in the device's byte order.
 * Pieces are assembled in a byte buffer laid out as the guest sees memory, which
 * handles splitting, widening and misalignment the same way for both byte orders.
 */
static MemTxResult io_access(MemoryRegion *mr, hwaddr addr, unsigned size, uint64_t *val,
                             bool is_write, MemTxAttrs attrs)
{
    const MemoryRegionOps *ops = mr->ops;
    bool big = ops->endianness == DEVICE_BIG_ENDIAN;
    unsigned a = MIN(MAX(size, impl_min(ops)), impl_max(ops));
    hwaddr first, last_byte = addr + size - 1;
    unsigned n, i, skip;
    uint8_t buf[16];
    MemTxResult r = MEMTX_OK;
    uint64_t v;

    if (a > 8 || (a & (a - 1))) {
        a = MIN(size, 8);              /* nonsense impl sizes: access as asked */
    }
    if (a == size && (ops->impl.unaligned || !(addr & (a - 1)))) {
        if (is_write) {
            return io_call_write(mr, addr, size, *val & size_mask(size), attrs);
        }
        return io_call_read(mr, addr, size, val, attrs);
    }
    if (ops->impl.unaligned && a < size) {
        first = addr;
        n = size / a;
    } else {
        first = addr & ~(hwaddr)(a - 1);
        n = ((last_byte & ~(hwaddr)(a - 1)) - first) / a + 1;
    }
    skip = addr - first;

    if (is_write) {
        memset(buf, 0, sizeof(buf));
        if (big) {
            stn_be_p(buf + skip, size, *val);
        } else {
            stn_le_p(buf + skip, size, *val);
        }
        for (i = 0; i < n; i++) {
            v = big ? ldn_be_p(buf + i * a, a) : ldn_le_p(buf + i * a, a);
            r |= io_call_write(mr, first + i * a, a, v, attrs);
        }
        return r;
    }
    for (i = 0; i < n; i++) {
        r |= io_call_read(mr, first + i * a, a, &v, attrs);
        if (big) {
            stn_be_p(buf + i * a, a, v);
        } else {
            stn_le_p(buf + i * a, a, v);
        }
    }
    *val = big ? ldn_be_p(buf + skip, size) : ldn_le_p(buf + skip, size);
    return r;
}

static uint64_t sign_extend(uint64_t v, MemOp op)
{
    unsigned bits = memop_size(op) * 8;

    if (!(op & MO_SIGN) || bits >= 64) {
        return v;
    }
    return (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
}

/* Common front of both directions: resolve aliases, check size and range. */
static MemoryRegion *dispatch_target(MemoryRegion *mr, hwaddr *addr, MemOp op,
                                     bool *readonly)
{
    unsigned size = memop_size(op);
    int depth = 0;

    if (!mr || mr->magic != MR_MAGIC || size > 8) {
        return NULL;
    }
    while (mr->kind == MR_KIND_ALIAS) {
        if (++depth > MR_MAX_DEPTH || !mr_contains(mr, *addr, size) ||
            *addr > UINT64_MAX - mr->alias_offset) {
            return NULL;
        }
        *readonly |= mr->readonly;
        *addr += mr->alias_offset;
        mr = mr->alias;
    }
    *readonly |= mr->readonly;
    return mr_contains(mr, *addr, size) ? mr : NULL;
}

MemTxResult memory_region_dispatch_read(MemoryRegion *mr, hwaddr addr, uint64_t *pval,
                                        MemOp op, MemTxAttrs attrs)
{
    unsigned size = memop_size(op);
    bool readonly = false;
    MemTxResult r;
    uint64_t v;

    *pval = 0;
    mr = dispatch_target(mr, &addr, op, &readonly);
    if (!mr) {
        return MEMTX_DECODE_ERROR;
    }
    switch (mr->kind) {
    case MR_KIND_RAM:
        goto direct;
    case MR_KIND_ROM_DEVICE:
        if (mr->romd_mode) {
            goto direct;
        }
        /* fall through */
    case MR_KIND_IO:
        if (!io_access_valid(mr, addr, size, false, attrs)) {
            return MEMTX_DECODE_ERROR;
        }
        r = io_access(mr, addr, size, &v, false, attrs);
        if (memop_big_endian(op) != (mr->ops->endianness == DEVICE_BIG_ENDIAN)) {
            v = bswap_sized(v, size);
        }
        *pval = sign_extend(v, op);
        return r;
    default:
        return MEMTX_DECODE_ERROR;
    }

direct:
    if (!mr->ram_block || addr >= mr->ram_block->used_length) {
        return MEMTX_DECODE_ERROR;
    }
    v = memop_big_endian(op) ? ldn_be_p(mr->ram_block->host + addr, size)
                             : ldn_le_p(mr->ram_block->host + addr, size);
    *pval = sign_extend(v, op);
    return MEMTX_OK;
}

MemTxResult memory_region_dispatch_write(MemoryRegion *mr, hwaddr addr, uint64_t val,
                                         MemOp op, MemTxAttrs attrs)
{
    unsigned size = memop_size(op);
    bool readonly = false;
    RAMBlock *rb;

    mr = dispatch_target(mr, &addr, op, &readonly);
    if (!mr || readonly) {
        return MEMTX_DECODE_ERROR;
    }
    switch (mr->kind) {
    case MR_KIND_RAM:
        rb = mr->ram_block;
        if (!rb || addr >= rb->used_length) {
            return MEMTX_DECODE_ERROR;
        }
        if (memop_big_endian(op)) {
            stn_be_p(rb->host + addr, size, val);
        } else {
            stn_le_p(rb->host + addr, size, val);
        }
        cpu_physical_memory_mark_written(rb->offset + addr, size);
        return MEMTX_OK;
    case MR_KIND_ROM_DEVICE:
    case MR_KIND_IO:
        if (!io_access_valid(mr, addr, size, true, attrs)) {
            return MEMTX_DECODE_ERROR;
        }
        val &= size_mask(size);
        if (memop_big_endian(op) != (mr->ops->endianness == DEVICE_BIG_ENDIAN)) {
            val = bswap_sized(val, size);
        }
        return io_access(mr, addr, size, &val, true, attrs);
    default:
        return MEMTX_DECODE_ERROR;
    }
}

/* ---- info mtree ---------------------------------------------------------------------- */

typedef struct MtreePrinter {
    void (*print)(void *opaque, const char *line);
    void *opaque;
    bool show_disabled;
    GPtrArray *alias_targets;           /* regions to print after the address spaces */
} MtreePrinter;

static void mtree_emit(MtreePrinter *p, const char *line)
{
    p->print(p->opaque, line);
}

static const char *mtree_type(const MemoryRegion *mr)
{
    int depth = 0;

    while (mr->kind == MR_KIND_ALIAS && mr->alias && ++depth < MR_MAX_DEPTH) {
        mr = mr->alias;
    }
    if (memory_region_is_romd(mr)) {
        return "romd";
    }
    if (memory_region_is_ram(mr)) {
        return mr->readonly ? "rom" : "ram";
    }
    return "i/o";
}

/* Offset of the last byte, 0 for an empty region (as QEMU prints it). */
static uint64_t mtree_extent(const MemoryRegion *mr)
{
    uint64_t last;

    return mr_extent(mr, &last) ? last : 0;
}

static void mtree_print_mr(MtreePrinter *p, MemoryRegion *mr, int level, hwaddr base)
{
    hwaddr start = base + mr->addr;
    hwaddr end = start + mtree_extent(mr);
    GPtrArray *subs;
    MemoryRegion *sub;
    guint i, j;

    if (level > MR_MAX_DEPTH) {
        return;
    }
    if (mr->kind == MR_KIND_ALIAS && !g_ptr_array_find(p->alias_targets, mr->alias, NULL)) {
        g_ptr_array_add(p->alias_targets, mr->alias);
    }
    if (mr->enabled || p->show_disabled) {
        GString *line = g_string_new(NULL);

        if (start < base || end < start) {
            g_string_append(line, "[DETECTED OVERFLOW!] ");
        }
        for (i = 0; i < (guint)level; i++) {
            g_string_append(line, "  ");
        }
        g_string_append_printf(line, "%016" PRIx64 "-%016" PRIx64 " (prio %d, %s): ",
                               start, end, mr->priority, mtree_type(mr));
        if (mr->kind == MR_KIND_ALIAS) {
            g_string_append_printf(line, "alias %s @%s %016" PRIx64 "-%016" PRIx64,
                                   memory_region_name(mr), memory_region_name(mr->alias),
                                   mr->alias_offset, mr->alias_offset + mtree_extent(mr));
        } else {
            g_string_append(line, memory_region_name(mr));
        }
        if (!mr->enabled) {
            g_string_append(line, " [disabled]");
        }
        mtree_emit(p, line->str);
        g_string_free(line, TRUE);
    }

    /* Children by address, then highest priority first; otherwise as stored. */
    subs = g_ptr_array_new();
    for (sub = mr->subregions; sub; sub = sub->next_sibling) {
        for (i = 0; i < subs->len; i++) {
            MemoryRegion *other = g_ptr_array_index(subs, i);

            if (sub->addr < other->addr ||
                (sub->addr == other->addr && sub->priority > other->priority)) {
                break;
            }
        }
        g_ptr_array_add(subs, NULL);
        for (j = subs->len - 1; j > i; j--) {
            subs->pdata[j] = subs->pdata[j - 1];
        }
        subs->pdata[i] = sub;
    }
    for (i = 0; i < subs->len; i++) {
        mtree_print_mr(p, g_ptr_array_index(subs, i), level + 1, start);
    }
    g_ptr_array_free(subs, TRUE);
}

static gint mtree_compare_as_name(gconstpointer a, gconstpointer b)
{
    const AddressSpace *x = *(AddressSpace *const *)a;
    const AddressSpace *y = *(AddressSpace *const *)b;

    return g_strcmp0(x->name, y->name);
}

/* Address spaces grouped by root, groups in creation order of their first member. */
static GPtrArray *mtree_group_by_root(void)
{
    GPtrArray *groups = g_ptr_array_new_with_free_func((GDestroyNotify)g_ptr_array_unref);
    AddressSpace *as;
    guint i;

    for (as = address_spaces; as; as = as->next) {
        GPtrArray *group = NULL;

        for (i = 0; i < groups->len; i++) {
            GPtrArray *g = g_ptr_array_index(groups, i);

            if (((AddressSpace *)g_ptr_array_index(g, 0))->root == as->root) {
                group = g;
                break;
            }
        }
        if (!group) {
            group = g_ptr_array_new();
            g_ptr_array_add(groups, group);
        }
        g_ptr_array_add(group, as);
    }
    return groups;
}

static void mtree_print_flatviews(MtreePrinter *p)
{
    GPtrArray *groups = mtree_group_by_root();
    GString *line = g_string_new(NULL);
    guint g, i;

    for (g = 0; g < groups->len; g++) {
        GPtrArray *group = g_ptr_array_index(groups, g);
        AddressSpace *first = g_ptr_array_index(group, 0);
        FlatView *fv = address_space_get_flatview(first);

        g_string_printf(line, "FlatView #%u", g);
        mtree_emit(p, line->str);
        for (i = 0; i < group->len; i++) {
            AddressSpace *as = g_ptr_array_index(group, i);

            g_string_printf(line, " AS \"%s\", root: %s", as->name,
                            memory_region_name(as->root));
            if (as->root->kind == MR_KIND_ALIAS) {
                g_string_append_printf(line, ", alias %s",
                                       memory_region_name(as->root->alias));
            }
            mtree_emit(p, line->str);
        }
        g_string_printf(line, " Root memory region: %s",
                        first->root ? memory_region_name(first->root) : "(none)");
        mtree_emit(p, line->str);
        if (!fv || fv->nr == 0) {
            mtree_emit(p, "  No rendered FlatView");
            mtree_emit(p, "");
            flatview_unref(fv);
            continue;
        }
        for (i = 0; i < fv->nr; i++) {
            const FlatRange *fr = &fv->ranges[i];

            g_string_printf(line, "  %016" PRIx64 "-%016" PRIx64 " (prio %d, %s): %s",
                            fr->start, fr->last, fr->mr->priority,
                            fr->readonly ? "rom" : mtree_type(fr->mr),
                            memory_region_name(fr->mr));
            if (fr->offset_in_region) {
                g_string_append_printf(line, " @%016" PRIx64, fr->offset_in_region);
            }
            mtree_emit(p, line->str);
        }
        mtree_emit(p, "");
        flatview_unref(fv);
    }
    g_string_free(line, TRUE);
    g_ptr_array_unref(groups);
}

static void mtree_print_trees(MtreePrinter *p)
{
    GPtrArray *groups = mtree_group_by_root();
    GString *line = g_string_new(NULL);
    guint g, i;

    for (g = 0; g < groups->len; g++) {
        GPtrArray *group = g_ptr_array_index(groups, g);
        AddressSpace *first = g_ptr_array_index(group, 0);
        MemoryRegion *root = first->root;

        g_ptr_array_sort(group, mtree_compare_as_name);
        for (i = 0; i < group->len; i++) {
            g_string_printf(line, "address-space: %s",
                            ((AddressSpace *)g_ptr_array_index(group, i))->name);
            mtree_emit(p, line->str);
        }
        mtree_print_mr(p, root, 1, 0);
        mtree_emit(p, "");
    }
    /* The list grows while aliases inside alias targets are found. */
    for (i = 0; i < p->alias_targets->len; i++) {
        MemoryRegion *mr = g_ptr_array_index(p->alias_targets, i);

        g_string_printf(line, "memory-region: %s", memory_region_name(mr));
        mtree_emit(p, line->str);
        mtree_print_mr(p, mr, 1, 0);
        mtree_emit(p, "");
    }
    g_string_free(line, TRUE);
    g_ptr_array_unref(groups);
}

void mtree_info_full(void (*print)(void *opaque, const char *line), void *opaque,
                     bool flatview, bool show_disabled)
{
    MtreePrinter p = {
        .print = print,
        .opaque = opaque,
        .show_disabled = show_disabled,
        .alias_targets = g_ptr_array_new(),
    };

    if (flatview) {
        mtree_print_flatviews(&p);
    } else {
        mtree_print_trees(&p);
    }
    g_ptr_array_free(p.alias_targets, TRUE);
}

void mtree_info(void (*print)(void *opaque, const char *line), void *opaque, bool flatview)
{
    mtree_info_full(print, opaque, flatview, false);
}
