/*
 * BlockBackend: what a device holds.  A named handle over a node chain,
 * its permissions (which take the image locks), and the asynchronous
 * request machinery: requests run on a pool of worker threads, their
 * completions are queued and run on the main loop (or by whoever drains)
 * with the big lock held.  Also flushes everything when the VM stops.
 */
#include "qemu/osdep.h"
#include <sys/eventfd.h>
#include <glib-unix.h>
#include "block/block_int.h"
#include "hw/qdev-core.h"
#include "system/runstate.h"

struct BlockBackend {
    char *name;                    /* -drive id; "" for a -blockdev node's backend */
    BlockDriverState *root;        /* NULL: no medium */
    DeviceState *dev;
    bool enable_write_cache;
    bool discard_unmap;
    BlockInterfaceType if_type;
    int bus, unit;
    uint64_t perm, shared_perm;
    int in_flight;
    char *origin_opt, *origin_arg;
};

typedef enum BlkReqType {
    BLK_REQ_READ,
    BLK_REQ_WRITE,
    BLK_REQ_FLUSH,
    BLK_REQ_DISCARD,
    BLK_REQ_WRITE_ZEROES,
} BlkReqType;

typedef struct BlkRequest {
    BlockBackend *blk;
    BlockDriverState *bs;          /* the root when submitted */
    BlkReqType type;
    int64_t offset;
    int64_t bytes;
    QEMUIOVector *qiov;
    int flags;
    bool writethrough;             /* write cache off: flush after the write */
    BlockCompletionFunc *cb;
    void *opaque;
    int ret;
} BlkRequest;

/* The backends, in creation order (BQL). */
static GPtrArray *backends;
static int total_in_flight;        /* BQL */
/* Images handed over to (or not yet taken from) another process: no locks. */
static bool images_inactive;
static VMChangeStateEntry *vmstate_entry;

/* Completion queue: filled by workers, emptied with the BQL held. */
static GThreadPool *pool;
static GMutex done_lock;
static GCond done_cond;
static GQueue done_queue = G_QUEUE_INIT;
static int done_eventfd = -1;

static void blk_process_completions(void);

/* ---- backends ---- */

static void blk_vm_state_change(void *opaque, bool running, RunState state)
{
    if (!running) {
        /* Whatever the guest wrote must be on the image before we report stopped. */
        blk_flush_all();
    }
}

/*
 * Registered before anything else at start-up: stop handlers run in
 * reverse order, so ours runs after the vCPUs are parked and no new
 * request can arrive while we drain.
 */
static void __attribute__((constructor)) blk_register_vm_state_handler(void)
{
    vmstate_entry = qemu_add_vm_change_state_handler(blk_vm_state_change, NULL);
}

BlockBackend *blk_new_with_root(const char *name, BlockDriverState *root, Error **errp)
{
    BlockBackend *blk;

    if (*name && blk_by_name(name)) {
        error_setg(errp, "Duplicate ID '%s' for drive", name);
        return NULL;
    }
    blk = g_new0(BlockBackend, 1);
    blk->name = g_strdup(name);
    blk->root = root;
    blk->enable_write_cache = true;
    blk->shared_perm = BLK_PERM_ALL;
    blk->if_type = IF_NONE;
    if (!backends) {
        backends = g_ptr_array_new();
    }
    g_ptr_array_add(backends, blk);
    return blk;
}

void blk_unref(BlockBackend *blk)
{
    if (!blk) {
        return;
    }
    /* Callbacks may still point at the backend: finish them first. */
    while (blk->in_flight) {
        blk_drain_all();
    }
    if (blk->root) {
        Error *err = NULL;
        blk_set_perm_raw(blk, 0, BLK_PERM_ALL, &err);
        error_free(err);
        bdrv_unref(blk->root);
    }
    g_ptr_array_remove(backends, blk);
    g_free(blk->name);
    g_free(blk->origin_opt);
    g_free(blk->origin_arg);
    g_free(blk);
}

void blk_close_all(void)
{
    blk_drain_all();
    while (backends && backends->len) {
        BlockBackend *blk = g_ptr_array_index(backends, backends->len - 1);
        if (blk->root) {
            bdrv_flush(blk->root);
        }
        blk_unref(blk);
    }
}

BlockDriverState *blk_bs(const BlockBackend *blk)
{
    return blk->root;
}

BlockBackend *blk_by_name(const char *name)
{
    for (guint i = 0; backends && i < backends->len; i++) {
        BlockBackend *blk = g_ptr_array_index(backends, i);
        if (!strcmp(blk_name(blk), name)) {
            return blk;
        }
    }
    return NULL;
}

const char *blk_name(const BlockBackend *blk)
{
    if (!*blk->name && blk->root) {
        return blk->root->node_name;
    }
    return blk->name;
}

const char *blk_drive_id(const BlockBackend *blk)
{
    return blk->name;
}

BlockBackend *blk_next(BlockBackend *blk)
{
    guint i = 0;

    if (!backends) {
        return NULL;
    }
    if (blk) {
        if (!g_ptr_array_find(backends, blk, &i)) {
            return NULL;
        }
        i++;
    }
    return i < backends->len ? g_ptr_array_index(backends, i) : NULL;
}

int64_t blk_getlength(BlockBackend *blk)
{
    return blk->root ? bdrv_getlength(blk->root) : -ENOMEDIUM;
}

bool blk_is_read_only(const BlockBackend *blk)
{
    return blk->root ? blk->root->read_only : false;
}

bool blk_is_inserted(const BlockBackend *blk)
{
    return blk->root != NULL;
}

bool blk_enable_write_cache(const BlockBackend *blk)
{
    return blk->enable_write_cache;
}

void blk_set_enable_write_cache(BlockBackend *blk, bool wce)
{
    blk->enable_write_cache = wce;
}

bool blk_supports_discard(const BlockBackend *blk)
{
    return blk->discard_unmap;
}

void blk_set_discard(BlockBackend *blk, bool unmap)
{
    blk->discard_unmap = unmap;
}

void blk_set_if(BlockBackend *blk, BlockInterfaceType type, int bus, int unit)
{
    blk->if_type = type;
    blk->bus = bus;
    blk->unit = unit;
}

BlockInterfaceType blk_get_if_type(const BlockBackend *blk)
{
    return blk->if_type;
}

int blk_get_bus(const BlockBackend *blk)
{
    return blk->bus;
}

int blk_get_unit(const BlockBackend *blk)
{
    return blk->unit;
}

void blk_set_origin(BlockBackend *blk, const char *opt, const char *arg)
{
    g_free(blk->origin_opt);
    g_free(blk->origin_arg);
    blk->origin_opt = g_strdup(opt);
    blk->origin_arg = g_strdup(arg);
}

const char *blk_origin_opt(const BlockBackend *blk)
{
    return blk->origin_opt;
}

const char *blk_origin_arg(const BlockBackend *blk)
{
    return blk->origin_arg;
}

/* ---- devices and permissions ---- */

bool blk_attach_dev(BlockBackend *blk, DeviceState *dev, Error **errp)
{
    if (blk->dev && blk->dev != dev) {
        if (blk->if_type == IF_NONE || blk->if_type == IF_VIRTIO || !*blk->name) {
            error_setg(errp, "Drive '%s' is already in use by another device", blk_name(blk));
        } else {
            error_setg(errp, "Drive '%s' is already in use because it has been "
                       "automatically connected to another device (did you need "
                       "'if=none' in the drive options?)", blk_name(blk));
        }
        return false;
    }
    blk->dev = dev;
    return true;
}

void blk_detach_dev(BlockBackend *blk, DeviceState *dev)
{
    Error *err = NULL;

    if (blk->dev != dev) {
        return;
    }
    blk->dev = NULL;
    /* The device's claims go with it; the drive keeps its own. */
    if (blk->root) {
        uint64_t perm = BLK_PERM_CONSISTENT_READ;
        if (*blk->name && !blk->root->read_only) {
            perm |= BLK_PERM_WRITE;
        }
        blk_set_perm_raw(blk, *blk->name ? perm : 0, BLK_PERM_ALL, &err);
        error_free(err);
    }
}

DeviceState *blk_get_attached_dev(BlockBackend *blk)
{
    return blk->dev;
}

/*
 * Backends over the same image in one process combine their claims, as
 * the users of one node do in QEMU; the locks then show the union.
 */
bool blk_set_perm_raw(BlockBackend *blk, uint64_t perm, uint64_t shared, Error **errp)
{
    BlockDriverState *proto;
    uint64_t all_perm = perm, all_shared = shared;

    if (!blk->root) {
        blk->perm = perm;
        blk->shared_perm = shared;
        return true;
    }
    if ((perm & BLK_PERM_WRITE) && blk->root->read_only) {
        error_setg(errp, "Block node is read-only");
        return false;
    }
    if (images_inactive) {
        /* Recorded now, taken by blk_activate_all(). */
        blk->perm = perm;
        blk->shared_perm = shared;
        return true;
    }
    proto = bdrv_protocol(blk->root);
    for (guint i = 0; i < backends->len; i++) {
        BlockBackend *other = g_ptr_array_index(backends, i);
        if (other == blk || !other->root || bdrv_protocol(other->root) != proto) {
            continue;
        }
        for (int b = 0; b < BLK_PERM_COUNT; b++) {
            uint64_t bit = 1ull << b;
            if (((perm & bit) && !(other->shared_perm & bit)) ||
                ((other->perm & bit) && !(shared & bit))) {
                error_setg(errp, "Conflicts with use by %s as 'root', which %s '%s' on %s",
                           other->dev ? object_get_canonical_path(OBJECT(other->dev))
                                      : blk_name(other),
                           (perm & bit) ? "does not allow" : "uses",
                           bdrv_perm_name(b), proto->node_name);
                return false;
            }
        }
        all_perm |= other->perm;
        all_shared &= other->shared_perm;
    }
    if (!bdrv_set_perm(blk->root, all_perm, all_shared, errp)) {
        return false;
    }
    blk->perm = perm;
    blk->shared_perm = shared;
    return true;
}

bool blk_set_perm(BlockBackend *blk, bool write, bool share_rw, Error **errp)
{
    uint64_t perm = BLK_PERM_CONSISTENT_READ | (write ? BLK_PERM_WRITE : 0);
    uint64_t shared = BLK_PERM_CONSISTENT_READ | BLK_PERM_WRITE_UNCHANGED |
                      BLK_PERM_RESIZE | BLK_PERM_GRAPH_MOD | (share_rw ? BLK_PERM_WRITE : 0);

    return blk_set_perm_raw(blk, perm, shared, errp);
}

/* ---- migration hand-over ---- */

bool blk_is_inactive(void)
{
    return images_inactive;
}

void blk_inactivate_all(void)
{
    if (images_inactive) {
        return;
    }
    blk_flush_all();
    for (guint i = 0; backends && i < backends->len; i++) {
        BlockBackend *blk = g_ptr_array_index(backends, i);
        if (blk->root) {
            /* Dropping every claim releases every lock byte; ours stay recorded. */
            bdrv_set_perm(blk->root, 0, BLK_PERM_ALL, NULL);
        }
    }
    images_inactive = true;
}

bool blk_activate_all(Error **errp)
{
    if (!images_inactive) {
        return true;
    }
    images_inactive = false;
    for (guint i = 0; backends && i < backends->len; i++) {
        BlockBackend *blk = g_ptr_array_index(backends, i);
        if (blk->root && !blk_set_perm_raw(blk, blk->perm, blk->shared_perm, errp)) {
            /* Give back what was taken: the whole set stays inactive. */
            for (guint j = 0; j < i; j++) {
                BlockBackend *other = g_ptr_array_index(backends, j);
                if (other->root) {
                    bdrv_set_perm(other->root, 0, BLK_PERM_ALL, NULL);
                }
            }
            images_inactive = true;
            return false;
        }
    }
    return true;
}

/* ---- asynchronous requests ---- */

static void blk_wake_main_loop(void)
{
    uint64_t one = 1;
    ssize_t n = write(done_eventfd, &one, sizeof(one));
    (void)n;   /* EAGAIN: the counter is already non-zero, the loop will wake */
}

static void blk_request_done(BlkRequest *req)
{
    g_mutex_lock(&done_lock);
    g_queue_push_tail(&done_queue, req);
    g_cond_broadcast(&done_cond);
    g_mutex_unlock(&done_lock);
    blk_wake_main_loop();
}

static int blk_run_request(BlkRequest *req)
{
    BlockDriverState *bs = req->bs;
    int ret;

    switch (req->type) {
    case BLK_REQ_READ:
        return bdrv_preadv(bs, req->offset, req->qiov);
    case BLK_REQ_WRITE:
        ret = bdrv_pwritev(bs, req->offset, req->qiov, req->flags);
        if (ret == 0 && req->writethrough && !(req->flags & BDRV_REQ_FUA)) {
            ret = bdrv_flush(bs);
        }
        return ret;
    case BLK_REQ_FLUSH:
        return bdrv_flush(bs);
    case BLK_REQ_DISCARD:
        return bdrv_pdiscard(bs, req->offset, req->bytes);
    case BLK_REQ_WRITE_ZEROES:
        ret = bdrv_pwrite_zeroes(bs, req->offset, req->bytes, req->flags);
        if (ret == 0 && req->writethrough && !(req->flags & BDRV_REQ_FUA)) {
            ret = bdrv_flush(bs);
        }
        return ret;
    }
    return -EINVAL;
}

static void blk_worker(gpointer data, gpointer user_data)
{
    BlkRequest *req = data;
    req->ret = blk_run_request(req);
    blk_request_done(req);
}

static gboolean blk_completion_ready(gint fd, GIOCondition cond, gpointer opaque)
{
    uint64_t count;
    ssize_t n = read(fd, &count, sizeof(count));
    (void)n;
    blk_process_completions();
    return G_SOURCE_CONTINUE;
}

static void blk_aio_init(void)
{
    if (pool) {
        return;
    }
    done_eventfd = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (done_eventfd < 0) {
        g_error("block: eventfd: %s", g_strerror(errno));
    }
    g_unix_fd_add(done_eventfd, G_IO_IN, blk_completion_ready, NULL);
    pool = g_thread_pool_new(blk_worker, NULL, 8, FALSE, NULL);
}

/* Run queued completions; returns whether any ran. */
static bool blk_run_one_completion(void)
{
    BlkRequest *req;

    g_mutex_lock(&done_lock);
    req = g_queue_pop_head(&done_queue);
    g_mutex_unlock(&done_lock);
    if (!req) {
        return false;
    }
    req->cb(req->opaque, req->ret);
    req->blk->in_flight--;
    total_in_flight--;
    g_free(req);
    return true;
}

static void blk_process_completions(void)
{
    while (blk_run_one_completion()) {
    }
}

static void blk_submit(BlockBackend *blk, BlkReqType type, int64_t offset, int64_t bytes,
                       QEMUIOVector *qiov, int flags, BlockCompletionFunc *cb, void *opaque)
{
    BlkRequest *req = g_new0(BlkRequest, 1);
    bool writes = type == BLK_REQ_WRITE || type == BLK_REQ_DISCARD ||
                  type == BLK_REQ_WRITE_ZEROES;

    blk_aio_init();
    req->blk = blk;
    req->bs = blk->root;
    req->type = type;
    req->offset = offset;
    req->bytes = bytes;
    req->qiov = qiov;
    req->flags = flags;
    req->writethrough = !blk->enable_write_cache;
    req->cb = cb;
    req->opaque = opaque;
    blk->in_flight++;
    total_in_flight++;

    if (!blk->root) {
        req->ret = -ENOMEDIUM;
    } else if (writes && blk->root->read_only) {
        req->ret = -EACCES;
    } else if (type == BLK_REQ_DISCARD && !blk->discard_unmap) {
        req->ret = 0;          /* discard=ignore */
    } else {
        if (type == BLK_REQ_WRITE_ZEROES && !blk->discard_unmap) {
            req->flags &= ~BDRV_REQ_MAY_UNMAP;
        }
        g_thread_pool_push(pool, req, NULL);
        return;
    }
    /* Decided without I/O: still completes later, never inside this call. */
    blk_request_done(req);
}

void blk_aio_preadv(BlockBackend *blk, int64_t offset, QEMUIOVector *qiov,
                    BlockCompletionFunc *cb, void *opaque)
{
    blk_submit(blk, BLK_REQ_READ, offset, qiov->size, qiov, 0, cb, opaque);
}

void blk_aio_pwritev(BlockBackend *blk, int64_t offset, QEMUIOVector *qiov, int flags,
                     BlockCompletionFunc *cb, void *opaque)
{
    blk_submit(blk, BLK_REQ_WRITE, offset, qiov->size, qiov, flags, cb, opaque);
}

void blk_aio_flush(BlockBackend *blk, BlockCompletionFunc *cb, void *opaque)
{
    blk_submit(blk, BLK_REQ_FLUSH, 0, 0, NULL, 0, cb, opaque);
}

void blk_aio_pdiscard(BlockBackend *blk, int64_t offset, int64_t bytes,
                      BlockCompletionFunc *cb, void *opaque)
{
    blk_submit(blk, BLK_REQ_DISCARD, offset, bytes, NULL, 0, cb, opaque);
}

void blk_aio_pwrite_zeroes(BlockBackend *blk, int64_t offset, int64_t bytes, int flags,
                           BlockCompletionFunc *cb, void *opaque)
{
    blk_submit(blk, BLK_REQ_WRITE_ZEROES, offset, bytes, NULL, flags, cb, opaque);
}

int blk_in_flight(BlockBackend *blk)
{
    return blk->in_flight;
}

void blk_drain_all(void)
{
    while (total_in_flight > 0) {
        if (blk_run_one_completion()) {
            continue;
        }
        /* Workers need no lock of ours: wait for the next one to finish. */
        g_mutex_lock(&done_lock);
        while (g_queue_is_empty(&done_queue)) {
            g_cond_wait(&done_cond, &done_lock);
        }
        g_mutex_unlock(&done_lock);
    }
}

int blk_flush_all(void)
{
    int result = 0;

    blk_drain_all();
    for (guint i = 0; backends && i < backends->len; i++) {
        BlockBackend *blk = g_ptr_array_index(backends, i);
        int ret = blk->root ? bdrv_flush(blk->root) : 0;
        if (ret < 0 && !result) {
            result = ret;
        }
    }
    return result;
}

/* ---- synchronous helpers ---- */

int blk_pread(BlockBackend *blk, int64_t offset, int64_t bytes, void *buf)
{
    struct iovec iov = { .iov_base = buf, .iov_len = bytes };
    QEMUIOVector qiov = { .iov = &iov, .niov = 1, .nalloc = -1, .size = bytes };

    if (!blk->root) {
        return -ENOMEDIUM;
    }
    if (bytes < 0) {
        return -EIO;
    }
    return bdrv_preadv(blk->root, offset, &qiov);
}

int blk_pwrite(BlockBackend *blk, int64_t offset, int64_t bytes, const void *buf)
{
    struct iovec iov = { .iov_base = (void *)buf, .iov_len = bytes };
    QEMUIOVector qiov = { .iov = &iov, .niov = 1, .nalloc = -1, .size = bytes };
    int ret;

    if (!blk->root) {
        return -ENOMEDIUM;
    }
    if (bytes < 0) {
        return -EIO;
    }
    ret = bdrv_pwritev(blk->root, offset, &qiov, 0);
    if (ret == 0 && !blk->enable_write_cache) {
        ret = bdrv_flush(blk->root);
    }
    return ret;
}

int blk_flush(BlockBackend *blk)
{
    return blk->root ? bdrv_flush(blk->root) : 0;
}
