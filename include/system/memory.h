/*
 * The memory API: memory regions (RAM, ROM, MMIO, aliases, containers), address spaces
 * and their flattened views, guest-physical accessors, RAM blocks and dirty bitmaps.
 * It is target-independent: byte order is always explicit (MemOp, device endianness).
 */
#ifndef SYSTEM_MEMORY_H
#define SYSTEM_MEMORY_H

#include "qemu/osdep.h"
#include "qapi/error.h"

typedef struct Object Object;

typedef uint64_t hwaddr;
typedef uint64_t ram_addr_t;

#define HWADDR_MAX UINT64_MAX
#define HWADDR_PRIx PRIx64
#define RAM_ADDR_INVALID (~(ram_addr_t)0)

/* Result of a memory transaction: a bit mask, results of split accesses are OR-ed. */
typedef uint32_t MemTxResult;
#define MEMTX_OK 0
#define MEMTX_ERROR (1U << 0)           /* the device reported an error */
#define MEMTX_DECODE_ERROR (1U << 1)    /* nothing there, or the access shape is refused */

/* Who makes an access; devices may look at it through the *_with_attrs callbacks. */
typedef struct MemTxAttrs {
    unsigned int unspecified:1;
    unsigned int secure:1;
    unsigned int user:1;
    unsigned int requester_id:16;
} MemTxAttrs;

#define MEMTXATTRS_UNSPECIFIED ((MemTxAttrs) { .unspecified = 1 })

/*
 * MemOp: the shape of one access. Bits 0-2: log2 of the size; MO_SIGN: sign-extend
 * loads; MO_BSWAP: byte order opposite to the host's (use MO_LE / MO_BE, which
 * resolve to 0 or MO_BSWAP); bits 5-7: alignment requirement, for TCG's use.
 */
typedef enum MemOp {
    MO_8 = 0,
    MO_16 = 1,
    MO_32 = 2,
    MO_64 = 3,
    MO_128 = 4,
    MO_SIZE = 0x07,

    MO_SIGN = 0x08,
    MO_BSWAP = 0x10,
#if G_BYTE_ORDER == G_BIG_ENDIAN
    MO_LE = MO_BSWAP,
    MO_BE = 0,
#else
    MO_LE = 0,
    MO_BE = MO_BSWAP,
#endif

    MO_ASHIFT = 5,
    MO_AMASK = 0x7 << MO_ASHIFT,
    MO_UNALN = 0,
    MO_ALIGN_2 = 1 << MO_ASHIFT,
    MO_ALIGN_4 = 2 << MO_ASHIFT,
    MO_ALIGN_8 = 3 << MO_ASHIFT,
    MO_ALIGN_16 = 4 << MO_ASHIFT,
    MO_ALIGN = MO_AMASK,            /* aligned to the access size */

    MO_UB = MO_8,
    MO_UW = MO_16,
    MO_UL = MO_32,
    MO_UQ = MO_64,
    MO_SB = MO_SIGN | MO_8,
    MO_SW = MO_SIGN | MO_16,
    MO_SL = MO_SIGN | MO_32,

    MO_LEUW = MO_LE | MO_UW,
    MO_LEUL = MO_LE | MO_UL,
    MO_LEUQ = MO_LE | MO_UQ,
    MO_LESW = MO_LE | MO_SW,
    MO_LESL = MO_LE | MO_SL,
    MO_BEUW = MO_BE | MO_UW,
    MO_BEUL = MO_BE | MO_UL,
    MO_BEUQ = MO_BE | MO_UQ,
    MO_BESW = MO_BE | MO_SW,
    MO_BESL = MO_BE | MO_SL,
} MemOp;

/* Size in bytes of an access. */
static inline unsigned memop_size(MemOp op)
{
    return 1u << (op & MO_SIZE);
}

/* The MemOp size code for 1, 2, 4 or 8 bytes (other sizes give MO_8). */
static inline MemOp size_memop(unsigned size)
{
    switch (size) {
    case 2: return MO_16;
    case 4: return MO_32;
    case 8: return MO_64;
    default: return MO_8;
    }
}

/* True when op's byte order is big-endian. */
static inline bool memop_big_endian(MemOp op)
{
    return (op & MO_BSWAP) == MO_BE;
}

/*
 * The byte order of a device's registers. There is no "native": the core is
 * target-independent, boards pick the order. Zero-initialised ops are little-endian.
 */
enum device_endian {
    DEVICE_LITTLE_ENDIAN = 0,
    DEVICE_BIG_ENDIAN = 1,
};

typedef struct MemoryRegion MemoryRegion;
typedef struct MemoryRegionOps MemoryRegionOps;
typedef struct AddressSpace AddressSpace;
typedef struct RAMBlock RAMBlock;
typedef struct FlatView FlatView;
typedef struct MemoryListener MemoryListener;

/*
 * How a device's registers are accessed. read/write receive the offset in the
 * region and a size in impl.min_access_size..impl.max_access_size, aligned to that
 * size unless impl.unaligned; values are numbers in the device's byte order.
 * The *_with_attrs forms take precedence when set and may return MEMTX_ERROR.
 * A missing callback makes that direction a no-op (reads give 0).
 */
struct MemoryRegionOps {
    uint64_t (*read)(void *opaque, hwaddr addr, unsigned size);
    void (*write)(void *opaque, hwaddr addr, uint64_t data, unsigned size);
    MemTxResult (*read_with_attrs)(void *opaque, hwaddr addr, uint64_t *data,
                                   unsigned size, MemTxAttrs attrs);
    MemTxResult (*write_with_attrs)(void *opaque, hwaddr addr, uint64_t data,
                                    unsigned size, MemTxAttrs attrs);
    enum device_endian endianness;
    /*
     * What the guest may do: sizes outside min..max (default 1..4), unaligned
     * accesses unless .unaligned, or anything .accepts refuses, are rejected with
     * MEMTX_DECODE_ERROR: reads give 0 and writes are dropped.
     */
    struct {
        unsigned min_access_size;
        unsigned max_access_size;
        bool unaligned;
        bool (*accepts)(void *opaque, hwaddr addr, unsigned size, bool is_write,
                        MemTxAttrs attrs);
    } valid;
    /*
     * What the callbacks implement (default 1..4). Wider accesses are split into
     * several calls, narrower or misaligned ones widened to aligned calls; bytes
     * are combined in the device's byte order. A widened write passes zeros in the
     * bytes the guest did not write (no read-modify-write, which could trigger read
     * side effects): set valid.min_access_size if the device cannot accept that.
     */
    struct {
        unsigned min_access_size;
        unsigned max_access_size;
        bool unaligned;
    } impl;
};

typedef enum MemoryRegionKind {
    MR_KIND_CONTAINER,      /* holes are transparent to lower-priority siblings */
    MR_KIND_IO,             /* MMIO through ops */
    MR_KIND_RAM,            /* RAM, or ROM when readonly */
    MR_KIND_ROM_DEVICE,     /* RAM-backed reads in romd mode, writes through ops */
    MR_KIND_ALIAS,          /* a window onto another region */
} MemoryRegionKind;

/*
 * A memory region. A plain struct embedded in its owner's state (not a QOM object);
 * set up with one memory_region_init*() and released with memory_region_finalize().
 * The fields are private to the memory API: use the accessor functions.
 */
struct MemoryRegion {
    uint32_t magic;
    MemoryRegionKind kind;
    Object *owner;
    char *name;
    uint64_t size;                  /* UINT64_MAX stands for 2^64 */
    const MemoryRegionOps *ops;
    void *opaque;
    bool enabled;
    bool readonly;
    bool romd_mode;
    int priority;
    hwaddr addr;                    /* offset in the container */
    MemoryRegion *container;
    MemoryRegion *subregions;       /* highest priority first */
    MemoryRegion *next_sibling;
    MemoryRegion *alias;
    hwaddr alias_offset;
    unsigned alias_users;           /* aliases that point at this region */
    RAMBlock *ram_block;
};

/* A RAM block: the host memory behind a RAM, ROM or ROM-device region. */
struct RAMBlock {
    char idstr[256];                /* migration name, "" until set */
    uint8_t *host;
    ram_addr_t offset;              /* in the ram_addr_t space; 256 KiB aligned */
    ram_addr_t used_length;         /* region size rounded up to 4 KiB */
    MemoryRegion *mr;
    bool migratable;
    RAMBlock *next;                 /* private: the global list, biggest first */
};

/* One range of a flat view, as seen from one address (see address_space_translate_section). */
typedef struct MemoryRegionSection {
    MemoryRegion *mr;                   /* terminal region; the unassigned region for holes */
    hwaddr offset_within_address_space; /* the address looked up */
    hwaddr offset_within_region;        /* where that address lands in mr */
    uint64_t size;                      /* bytes to the end of the range, saturated */
    bool readonly;                      /* writes are refused (ROM, or a read-only alias) */
} MemoryRegionSection;

/*
 * An address space: what one bus master sees. Fields are private; the current
 * flat view is replaced (not modified) when the region tree changes.
 */
struct AddressSpace {
    char *name;
    MemoryRegion *root;
    FlatView *current_map;
    AddressSpace *next;
};

/* Notifications from the memory core; unused callbacks may be NULL. */
struct MemoryListener {
    /* The flat view of the address space 'as' changed (after a transaction commit). */
    void (*commit)(MemoryListener *listener, AddressSpace *as);
    /* Global dirty logging (migration) started or stopped. */
    void (*log_global_start)(MemoryListener *listener);
    void (*log_global_stop)(MemoryListener *listener);
    AddressSpace *address_space;    /* private: set by memory_listener_register */
    MemoryListener *next;           /* private */
};

/* ---- Regions ---------------------------------------------------------------------- */

/*
 * A container: holds subregions, has no content of its own (holes show what lies
 * below it in its parent). size UINT64_MAX means the whole 2^64 space.
 * name is copied; owner is an opaque back pointer. All init functions overwrite *mr.
 */
void memory_region_init(MemoryRegion *mr, Object *owner, const char *name, uint64_t size);
/* An MMIO region dispatching to ops with opaque; ops NULL gives an unassigned hole. */
void memory_region_init_io(MemoryRegion *mr, Object *owner, const MemoryRegionOps *ops,
                           void *opaque, const char *name, uint64_t size);
/*
 * A RAM region with zeroed host memory and a RAM block whose idstr is name.
 * Fails (returns false, sets errp) when another block has that idstr, size is 0 or
 * memory cannot be allocated; *mr is then left zeroed, which finalize ignores.
 */
bool memory_region_init_ram(MemoryRegion *mr, Object *owner, const char *name,
                            uint64_t size, Error **errp);
/* Like memory_region_init_ram, but the block's idstr stays empty and it is not
 * migratable until qemu_ram_set_idstr() names it (for owners that prefix a path). */
bool memory_region_init_ram_nomigrate(MemoryRegion *mr, Object *owner, const char *name,
                                      uint64_t size, Error **errp);
/* A ROM: RAM the guest can read but not write; loaders use address_space_write_rom. */
bool memory_region_init_rom(MemoryRegion *mr, Object *owner, const char *name,
                            uint64_t size, Error **errp);
/* A ROM device (e.g. flash): reads come from RAM while in romd mode (the default),
 * otherwise through ops; writes always go through ops. */
bool memory_region_init_rom_device(MemoryRegion *mr, Object *owner,
                                   const MemoryRegionOps *ops, void *opaque,
                                   const char *name, uint64_t size, Error **errp);
/* An alias: offsets 0..size-1 show orig at offset..offset+size-1. orig must outlive it. */
void memory_region_init_alias(MemoryRegion *mr, Object *owner, const char *name,
                              MemoryRegion *orig, hwaddr offset, uint64_t size);
/*
 * Undo memory_region_init*: unmap mr from its container, detach its subregions,
 * free its name and RAM block (the host memory becomes invalid). Call it when the
 * owner goes away. Finalizing a region still used by an alias or as an address
 * space root is a programming error (g_error). A zeroed or finalized region is a no-op.
 */
void memory_region_finalize(MemoryRegion *mr);

/* Map sub at offset in parent, priority 0. sub must not be mapped elsewhere. */
void memory_region_add_subregion(MemoryRegion *parent, hwaddr offset, MemoryRegion *sub);
/*
 * Map sub with a priority. Where siblings overlap, the higher priority wins; among
 * equal priorities the one added LAST wins.
 */
void memory_region_add_subregion_overlap(MemoryRegion *parent, hwaddr offset,
                                         MemoryRegion *sub, int priority);
/* Unmap sub from parent (which must be its container). */
void memory_region_del_subregion(MemoryRegion *parent, MemoryRegion *sub);
/* A disabled region and its subregions vanish from flat views (default: enabled). */
void memory_region_set_enabled(MemoryRegion *mr, bool enabled);
/* Move mr within its container; it keeps its rank among equal-priority siblings. */
void memory_region_set_address(MemoryRegion *mr, hwaddr addr);
/* Change which part of the target an alias shows. */
void memory_region_set_alias_offset(MemoryRegion *mr, hwaddr offset);
/* Make guest writes through mr (and everything under it) be refused. */
void memory_region_set_readonly(MemoryRegion *mr, bool readonly);
/* Switch a ROM device between direct RAM reads (true) and reads through ops. */
void memory_region_rom_device_set_romd(MemoryRegion *mr, bool romd_mode);

/* Size in bytes; UINT64_MAX for a region covering the whole 2^64 space. */
uint64_t memory_region_size(const MemoryRegion *mr);
const char *memory_region_name(const MemoryRegion *mr);
Object *memory_region_owner(const MemoryRegion *mr);
/* Offset in the container (meaningful while mapped). */
hwaddr memory_region_get_address(const MemoryRegion *mr);
/* True while mr is a subregion of some container. */
bool memory_region_is_mapped(const MemoryRegion *mr);
/* RAM or ROM (not a ROM device, not an alias). */
bool memory_region_is_ram(const MemoryRegion *mr);
/* RAM marked read-only. */
bool memory_region_is_rom(const MemoryRegion *mr);
/* A ROM device currently in romd mode. */
bool memory_region_is_romd(const MemoryRegion *mr);
bool memory_region_is_alias(const MemoryRegion *mr);
/* The placeholder that address_space_translate returns for holes. */
bool memory_region_is_unassigned(const MemoryRegion *mr);
/* Host pointer to the region's memory (aliases resolved), NULL if it has none. */
void *memory_region_get_ram_ptr(MemoryRegion *mr);
/* The region's ram_addr_t (aliases resolved), RAM_ADDR_INVALID if it has none. */
ram_addr_t memory_region_get_ram_addr(MemoryRegion *mr);
RAMBlock *memory_region_get_ram_block(MemoryRegion *mr);

/*
 * Access a region directly, as TCG's slow path does for MMIO. *pval / val are in
 * the byte order of op; MO_SIGN sign-extends reads. Aliases are followed; RAM is
 * read and written (writes marked dirty); a ROM refuses writes; containers refuse
 * everything. Out-of-range or refused accesses give 0 and MEMTX_DECODE_ERROR.
 */
MemTxResult memory_region_dispatch_read(MemoryRegion *mr, hwaddr addr, uint64_t *pval,
                                        MemOp op, MemTxAttrs attrs);
MemTxResult memory_region_dispatch_write(MemoryRegion *mr, hwaddr addr, uint64_t val,
                                         MemOp op, MemTxAttrs attrs);

/* Dirty tracking by region offset (RAM-backed regions only, else no-op / false). */
void memory_region_set_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size);
bool memory_region_get_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size, unsigned client);
bool memory_region_test_and_clear_dirty(MemoryRegion *mr, hwaddr addr, hwaddr size,
                                        unsigned client);

/*
 * Topology changes (add/del/enable/move/priority/readonly/romd) rebuild the flat
 * views of all address spaces at the outermost commit; nest begin/commit to batch.
 */
void memory_region_transaction_begin(void);
void memory_region_transaction_commit(void);

/* ---- Address spaces ------------------------------------------------------------- */

/* Make as show root; name is copied. The flat view is built at once. */
void address_space_init(AddressSpace *as, MemoryRegion *root, const char *name);
void address_space_destroy(AddressSpace *as);

/*
 * Look up addr: returns the terminal region (never NULL; the unassigned region for
 * holes), *xlat = offset in it, and clips *plen to the end of that range.
 */
MemoryRegion *address_space_translate(AddressSpace *as, hwaddr addr, hwaddr *xlat,
                                      hwaddr *plen, bool is_write, MemTxAttrs attrs);
/* Like address_space_translate, with the read-only flag; returns section->mr. */
MemoryRegion *address_space_translate_section(AddressSpace *as, hwaddr addr,
                                              MemoryRegionSection *section);

/*
 * Copy len bytes between buf and the guest, crossing regions as needed: RAM by
 * memcpy, MMIO by dispatch in the largest naturally aligned sizes the device
 * accepts. Holes read as 0 and ignore writes; their results are MEMTX_DECODE_ERROR.
 */
MemTxResult address_space_rw(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                             void *buf, hwaddr len, bool is_write);
MemTxResult address_space_read(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                               void *buf, hwaddr len);
MemTxResult address_space_write(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                                const void *buf, hwaddr len);
/* For loaders: writes RAM and ROM (ignoring read-only), skips MMIO and holes. */
MemTxResult address_space_write_rom(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                                    const void *buf, hwaddr len);

/* Single loads and stores in a given byte order; result may be NULL. */
uint32_t address_space_ldub(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                            MemTxResult *result);
uint32_t address_space_lduw_le(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                               MemTxResult *result);
uint32_t address_space_lduw_be(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                               MemTxResult *result);
uint32_t address_space_ldl_le(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                              MemTxResult *result);
uint32_t address_space_ldl_be(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                              MemTxResult *result);
uint64_t address_space_ldq_le(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                              MemTxResult *result);
uint64_t address_space_ldq_be(AddressSpace *as, hwaddr addr, MemTxAttrs attrs,
                              MemTxResult *result);
void address_space_stb(AddressSpace *as, hwaddr addr, uint32_t val, MemTxAttrs attrs,
                       MemTxResult *result);
void address_space_stw_le(AddressSpace *as, hwaddr addr, uint32_t val, MemTxAttrs attrs,
                          MemTxResult *result);
void address_space_stw_be(AddressSpace *as, hwaddr addr, uint32_t val, MemTxAttrs attrs,
                          MemTxResult *result);
void address_space_stl_le(AddressSpace *as, hwaddr addr, uint32_t val, MemTxAttrs attrs,
                          MemTxResult *result);
void address_space_stl_be(AddressSpace *as, hwaddr addr, uint32_t val, MemTxAttrs attrs,
                          MemTxResult *result);
void address_space_stq_le(AddressSpace *as, hwaddr addr, uint64_t val, MemTxAttrs attrs,
                          MemTxResult *result);
void address_space_stq_be(AddressSpace *as, hwaddr addr, uint64_t val, MemTxAttrs attrs,
                          MemTxResult *result);

/*
 * Direct access for DMA: a host pointer to the RAM at addr, *plen clipped to the
 * contiguous RAM run; NULL (and *plen 0) for MMIO, holes, zero length, and for
 * writes to read-only memory. Pair with address_space_unmap.
 */
void *address_space_map(AddressSpace *as, hwaddr addr, hwaddr *plen, bool is_write,
                        MemTxAttrs attrs);
/* End a map: when is_write, the first access_len bytes are marked dirty. */
void address_space_unmap(AddressSpace *as, void *buffer, hwaddr len, bool is_write,
                         hwaddr access_len);

/* ---- The system singletons ------------------------------------------------------ */

/* "system" (a 2^64 container, address space "memory") and "io" (64 KiB, "I/O"). */
extern AddressSpace address_space_memory;
extern AddressSpace address_space_io;
/* Create both if not yet done (also done by the getters). */
void memory_init(void);
MemoryRegion *get_system_memory(void);
MemoryRegion *get_system_io(void);

/* ---- Listeners ------------------------------------------------------------------- */

/* Receive notifications; as limits commit calls to one address space (NULL: all). */
void memory_listener_register(MemoryListener *listener, AddressSpace *as);
void memory_listener_unregister(MemoryListener *listener);

/* ---- Monitor ---------------------------------------------------------------------- */

/*
 * "info mtree": each address space (grouped by root) and its region tree, then the
 * alias targets; with flatview, the flat ranges instead. print gets one line per
 * call, without the newline (empty lines as ""). Disabled regions are hidden.
 */
void mtree_info(void (*print)(void *opaque, const char *line), void *opaque, bool flatview);
/* mtree_info with the option to show disabled regions ("info mtree -D"). */
void mtree_info_full(void (*print)(void *opaque, const char *line), void *opaque,
                     bool flatview, bool show_disabled);

/* ---- RAM blocks (system/physmem.c) -------------------------------------------- */

/*
 * Create a block of zeroed host memory for mr at the lowest free, 256 KiB aligned
 * ram_addr_t offset. idstr may be NULL (set later). Fails on a duplicate idstr,
 * size 0 or allocation failure. Normally called by memory_region_init_ram & co.
 */
RAMBlock *qemu_ram_alloc(uint64_t size, const char *idstr, MemoryRegion *mr, Error **errp);
/* Release a block: unlink, clear its dirty bits, free the host memory. NULL is a no-op. */
void qemu_ram_free(RAMBlock *rb);
/* Name a block; fails (keeping the old name) if another block already has idstr. */
bool qemu_ram_set_idstr(RAMBlock *rb, const char *idstr, Error **errp);
void qemu_ram_unset_idstr(RAMBlock *rb);
const char *qemu_ram_get_idstr(RAMBlock *rb);
void qemu_ram_set_migratable(RAMBlock *rb, bool migratable);
bool qemu_ram_is_migratable(RAMBlock *rb);
ram_addr_t qemu_ram_get_offset(RAMBlock *rb);
ram_addr_t qemu_ram_get_used_length(RAMBlock *rb);
void *qemu_ram_get_host_addr(RAMBlock *rb);
/* Number of dirty-bitmap pages (DIRTY_PAGE_SIZE) in the block. */
uint64_t qemu_ram_pages(RAMBlock *rb);

/* Call fn for each block, biggest first (QEMU's order); a non-zero return stops
 * the walk and is returned. fn must not add or free blocks. */
typedef int (*RAMBlockIterFunc)(RAMBlock *rb, void *opaque);
int qemu_ram_foreach_block(RAMBlockIterFunc fn, void *opaque);
/* The block with this idstr, or NULL. */
RAMBlock *qemu_ram_block_by_name(const char *name);
/* The block holding host pointer ptr, or NULL; *offset = offset in the block
 * (rounded down to a page when round_offset). */
RAMBlock *qemu_ram_block_from_host(void *ptr, bool round_offset, ram_addr_t *offset);
/* ram_addr_t of host pointer ptr, or RAM_ADDR_INVALID. */
ram_addr_t qemu_ram_addr_from_host(void *ptr);
/* The block containing ram_addr_t addr, or NULL. */
RAMBlock *qemu_get_ram_block(ram_addr_t addr);
/* Host pointer for addr (a ram_addr_t when rb is NULL, else an offset in rb), or NULL. */
void *qemu_map_ram_ptr(RAMBlock *rb, ram_addr_t addr);
/* Sum of used_length over all blocks. */
uint64_t qemu_ram_used_bytes(void);

/* ---- Dirty bitmaps (system/physmem.c) ----------------------------------------- */

/*
 * One bit per 4 KiB page of ram_addr_t space per client, whatever the target page
 * size. A set bit means "written since the client last cleared it". Bits outside
 * all RAM blocks are ignored. Safe to call from any thread.
 */
#define DIRTY_PAGE_BITS 12
#define DIRTY_PAGE_SIZE (1ULL << DIRTY_PAGE_BITS)

enum {
    DIRTY_MEMORY_VGA,
    DIRTY_MEMORY_CODE,      /* clear: the page holds translated code */
    DIRTY_MEMORY_MIGRATION,
    DIRTY_MEMORY_NUM,
};
#define DIRTY_CLIENTS_ALL ((1u << DIRTY_MEMORY_NUM) - 1)
#define DIRTY_CLIENTS_NOCODE (DIRTY_CLIENTS_ALL & ~(1u << DIRTY_MEMORY_CODE))

/* Set the bits of clients in client_mask for [start, start+length). The migration
 * bit is dropped unless global dirty logging is active. */
void cpu_physical_memory_set_dirty_range(ram_addr_t start, ram_addr_t length,
                                         unsigned client_mask);
/* True if any page of the range is dirty for client. */
bool cpu_physical_memory_get_dirty(ram_addr_t start, ram_addr_t length, unsigned client);
/* True if every page of the range is dirty for client. */
bool cpu_physical_memory_all_dirty(ram_addr_t start, ram_addr_t length, unsigned client);
bool cpu_physical_memory_get_dirty_flag(ram_addr_t addr, unsigned client);
/* Clear client's bits in the range; returns whether any was set. */
bool cpu_physical_memory_test_and_clear_dirty(ram_addr_t start, ram_addr_t length,
                                              unsigned client);
/*
 * For migration: move the block's DIRTY_MEMORY_MIGRATION bits into dest (bit i =
 * page i of the block, qemu_ram_pages(rb) bits in unsigned long words, bit i in
 * word i / (8 * sizeof(long)) at position i % (8 * sizeof(long))), OR-ing them in and
 * clearing them globally. Returns how many bits of dest went from 0 to 1.
 */
uint64_t cpu_physical_memory_sync_dirty_bitmap(RAMBlock *rb, unsigned long *dest);
/*
 * What every path that stored into RAM outside the TCG fast path calls: runs the
 * code-write hook for pages holding translated code, then sets the VGA and
 * migration bits (and the CODE bit too when no code-write hook is installed).
 */
void cpu_physical_memory_mark_written(ram_addr_t start, ram_addr_t length);

/*
 * Hooks for TCG (one each, NULL to remove). code_write(start, len) is called when a
 * write lands on pages whose CODE bit is clear: it must invalidate translated code
 * overlapping the range and set the CODE bit of pages left without code.
 * dirty_cleared(start, len) is called after any client's bits were cleared, so TLB
 * entries can re-arm write tracking (for the start of dirty logging, use a
 * MemoryListener's log_global_start).
 */
typedef void (*RAMRangeHook)(ram_addr_t start, ram_addr_t length);
void cpu_physical_memory_set_code_write_hook(RAMRangeHook hook);
void cpu_physical_memory_set_dirty_cleared_hook(RAMRangeHook hook);

/* Migration dirty logging: while active, writes also set DIRTY_MEMORY_MIGRATION. */
void memory_global_dirty_log_start(void);
void memory_global_dirty_log_stop(void);
bool memory_global_dirty_log_active(void);

#endif
