/*
 * The "raw" format driver: the guest sees the child node's bytes as they
 * are, optionally a window of them (offset=, size=).  Everything else
 * passes straight through to the child ("file").
 */
#include "qemu/osdep.h"
#include "block/block_int.h"

typedef struct RawState {
    uint64_t offset;
    uint64_t size;
    bool has_size;
} RawState;

static const char *const raw_options[] = { "offset", "size", NULL };

static bool raw_open(BlockDriverState *bs, QemuOpts *opts, Error **errp)
{
    RawState *s = bs->opaque;
    Error *err = NULL;
    int64_t child_len;

    s->offset = qemu_opt_get_size(opts, "offset", 0, &err);
    if (!err) {
        s->has_size = qemu_opt_has(opts, "size");
        s->size = qemu_opt_get_size(opts, "size", 0, &err);
    }
    g_free(qemu_opt_take(opts, "offset"));
    g_free(qemu_opt_take(opts, "size"));
    if (err) {
        error_propagate(errp, err);
        return false;
    }
    child_len = bdrv_getlength(bs->file);
    if (child_len < 0) {
        error_setg_errno(errp, -child_len, "Could not get image size");
        return false;
    }
    if (s->offset > (uint64_t)child_len) {
        error_setg(errp, "Offset (%" PRIu64 ") cannot be greater than size of the "
                   "containing file (%" PRId64 ")", s->offset, child_len);
        return false;
    }
    if (s->has_size && (uint64_t)child_len - s->offset < s->size) {
        error_setg(errp, "The sum of offset (%" PRIu64 ") and size (%" PRIu64 ") has to be "
                   "smaller or equal to the  actual size of the containing file (%" PRId64 ")",
                   s->offset, s->size, child_len);
        return false;
    }
    g_free(bs->filename);
    bs->filename = g_strdup(bs->file->filename);
    return true;
}

static int64_t raw_getlength(BlockDriverState *bs)
{
    RawState *s = bs->opaque;
    int64_t len;

    if (s->has_size) {
        return s->size;
    }
    len = bdrv_getlength(bs->file);
    if (len < 0) {
        return len;
    }
    return MAX(len - (int64_t)s->offset, 0);
}

static int raw_preadv(BlockDriverState *bs, int64_t offset, QEMUIOVector *qiov)
{
    RawState *s = bs->opaque;
    return bs->file->drv->preadv(bs->file, offset + s->offset, qiov);
}

static int raw_pwritev(BlockDriverState *bs, int64_t offset, QEMUIOVector *qiov, int flags)
{
    RawState *s = bs->opaque;
    return bs->file->drv->pwritev(bs->file, offset + s->offset, qiov, flags);
}

static int raw_flush(BlockDriverState *bs)
{
    return bs->file->drv->flush(bs->file);
}

static int raw_pdiscard(BlockDriverState *bs, int64_t offset, int64_t bytes)
{
    RawState *s = bs->opaque;
    return bs->file->drv->pdiscard(bs->file, offset + s->offset, bytes);
}

static int raw_pwrite_zeroes(BlockDriverState *bs, int64_t offset, int64_t bytes, int flags)
{
    RawState *s = bs->opaque;
    return bs->file->drv->pwrite_zeroes(bs->file, offset + s->offset, bytes, flags);
}

static bool raw_set_perm(BlockDriverState *bs, uint64_t perm, uint64_t shared, Error **errp)
{
    return bdrv_set_perm(bs->file, perm, shared, errp);
}

const BlockDriver bdrv_raw = {
    .format_name = "raw",
    .instance_size = sizeof(RawState),
    .options = raw_options,
    .open = raw_open,
    .getlength = raw_getlength,
    .preadv = raw_preadv,
    .pwritev = raw_pwritev,
    .flush = raw_flush,
    .pdiscard = raw_pdiscard,
    .pwrite_zeroes = raw_pwrite_zeroes,
    .set_perm = raw_set_perm,
};
