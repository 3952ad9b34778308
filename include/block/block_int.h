/*
 * Inside the block layer: the node graph (BlockDriverState), the driver
 * interface a format or protocol implements, and the permission bits that
 * are also QEMU's image lock bytes.  Devices never include this; they use
 * include/system/block-backend.h.
 */
#ifndef BLOCK_BLOCK_INT_H
#define BLOCK_BLOCK_INT_H

#include "qemu/osdep.h"
#include "qemu/iov.h"
#include "qemu/option.h"
#include "qapi/error.h"

/*
 * Permissions a user of a node holds or refuses to share.  The bit number
 * is QEMU's: file-posix locks byte 100+N while holding permission N and
 * byte 200+N while not sharing it, so other QEMUs see our claims.
 */
enum {
    BLK_PERM_CONSISTENT_READ = 1 << 0,
    BLK_PERM_WRITE = 1 << 1,
    BLK_PERM_WRITE_UNCHANGED = 1 << 2,
    BLK_PERM_RESIZE = 1 << 3,
    BLK_PERM_GRAPH_MOD = 1 << 4,
};
#define BLK_PERM_COUNT 5
#define BLK_PERM_ALL ((1u << BLK_PERM_COUNT) - 1)

/* QEMU's names for the permissions, used in lock error messages. */
const char *bdrv_perm_name(int bit);

typedef struct BlockDriver BlockDriver;
typedef struct BlockDriverState BlockDriverState;

/* One node: a driver instance, maybe over a child node ("file"). */
struct BlockDriverState {
    const BlockDriver *drv;
    void *opaque;                  /* drv->instance_size bytes */
    BlockDriverState *file;        /* the child, NULL for a protocol node */
    char *node_name;
    char *filename;                /* the image as users named it */
    bool read_only;
    bool direct;                   /* cache.direct: O_DIRECT */
    bool no_flush;                 /* cache.no-flush: flushes do nothing */
    bool probed;                   /* format guessed (no format= given) */
    bool implicit;                 /* created by -drive, not named by the user */
    bool discard_unmap;            /* discard=unmap: pass discards to the image */
    uint64_t perm;                 /* claimed by the node's users */
    uint64_t shared_perm;
    int refcnt;
};

/*
 * What a driver implements.  The I/O callbacks run on worker threads and
 * may block; they never touch anything but the node.  They return 0 or a
 * negative errno.  Offsets are already checked against the node's length.
 */
struct BlockDriver {
    const char *format_name;
    bool is_protocol;              /* works on a file, not on a child node */
    size_t instance_size;
    /* Options the driver takes (besides driver, node-name, read-only, cache.*) */
    const char *const *options;
    /* Consume the driver's options from opts (qemu_opt_take). */
    bool (*open)(BlockDriverState *bs, QemuOpts *opts, Error **errp);
    void (*close)(BlockDriverState *bs);
    int64_t (*getlength)(BlockDriverState *bs);
    int (*preadv)(BlockDriverState *bs, int64_t offset, QEMUIOVector *qiov);
    int (*pwritev)(BlockDriverState *bs, int64_t offset, QEMUIOVector *qiov, int flags);
    int (*flush)(BlockDriverState *bs);
    int (*pdiscard)(BlockDriverState *bs, int64_t offset, int64_t bytes);
    int (*pwrite_zeroes)(BlockDriverState *bs, int64_t offset, int64_t bytes, int flags);
    /* Take or change the locks for perm/shared (protocols); formats pass down. */
    bool (*set_perm)(BlockDriverState *bs, uint64_t perm, uint64_t shared, Error **errp);
};

extern const BlockDriver bdrv_file;
extern const BlockDriver bdrv_raw;

const BlockDriver *bdrv_find_format(const char *name);

/*
 * Open a node from flat options ("driver", "node-name", "read-only",
 * "cache.direct", "cache.no-flush", driver options, and "file" / "file.*"
 * for the child).  Consumes opts.  strict_keys: report leftovers QAPI's way
 * ("Parameter 'x' is unexpected", -blockdev) rather than the -drive way.
 */
BlockDriverState *bdrv_open_opts(QemuOpts *opts, bool strict_keys, Error **errp);
void bdrv_unref(BlockDriverState *bs);
BlockDriverState *bdrv_find_node(const char *node_name);
/* Nodes in creation order, for query-named-block-nodes: pass NULL first. */
BlockDriverState *bdrv_next_node(BlockDriverState *bs);

int64_t bdrv_getlength(BlockDriverState *bs);
/* Synchronous, any thread: the driver callbacks with bounds checked. */
int bdrv_preadv(BlockDriverState *bs, int64_t offset, QEMUIOVector *qiov);
int bdrv_pwritev(BlockDriverState *bs, int64_t offset, QEMUIOVector *qiov, int flags);
int bdrv_flush(BlockDriverState *bs);
int bdrv_pdiscard(BlockDriverState *bs, int64_t offset, int64_t bytes);
int bdrv_pwrite_zeroes(BlockDriverState *bs, int64_t offset, int64_t bytes, int flags);
bool bdrv_set_perm(BlockDriverState *bs, uint64_t perm, uint64_t shared, Error **errp);

/* The format shown by info block / query-block ("raw"). */
const char *bdrv_format_name(const BlockDriverState *bs);
/* The protocol node at the bottom of the chain. */
BlockDriverState *bdrv_protocol(BlockDriverState *bs);

/* ---- backends (block-backend.c) ---- */

#include "system/block-backend.h"

/* A new named backend over root (takes the reference).  name "" = anonymous. */
BlockBackend *blk_new_with_root(const char *name, BlockDriverState *root, Error **errp);
void blk_unref(BlockBackend *blk);
BlockDriverState *blk_bs(const BlockBackend *blk);
/* The -drive id, "" for a backend made for a -blockdev node. */
const char *blk_drive_id(const BlockBackend *blk);
void blk_set_if(BlockBackend *blk, BlockInterfaceType type, int bus, int unit);
int blk_get_bus(const BlockBackend *blk);
int blk_get_unit(const BlockBackend *blk);
void blk_set_discard(BlockBackend *blk, bool unmap);
/* The option string the backend came from (for error locations), or NULL. */
void blk_set_origin(BlockBackend *blk, const char *opt, const char *arg);
const char *blk_origin_opt(const BlockBackend *blk);
const char *blk_origin_arg(const BlockBackend *blk);
/* The raw permission interface blk_set_perm() wraps. */
bool blk_set_perm_raw(BlockBackend *blk, uint64_t perm, uint64_t shared, Error **errp);

#endif
