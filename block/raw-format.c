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

/*
 * Signatures other image formats put in their first sector.  A probed raw
 * image must not be turned into one by the guest, or the next start would
 * open it as that format (QEMU's "write operations on block 0 will be
 * restricted").
 */
static const struct { size_t offset; size_t len; const char *magic; } format_magics[] = {
    { 0, 4, "QFI\xfb" },                      /* qcow, qcow2 */
    { 0, 4, "QED\0" },                        /* qed */
    { 0, 4, "KDMV" },                         /* vmdk */
    { 0, 21, "# Disk DescriptorFile" },       /* vmdk descriptor */
    { 0, 8, "conectix" },                     /* vpc */
    { 0, 8, "vhdxfile" },                     /* vhdx */
    { 0, 16, "WithoutFreeSpace" },            /* parallels */
    { 0, 16, "WithouFreSpacExt" },            /* parallels */
    { 0, 6, "LUKS\xba\xbe" },                  /* luks */
    { 0x40, 4, "\x7f\x10\xda\xbe" },            /* vdi */
    { 32, 22, "Bochs Virtual HD Image" },     /* bochs */
};

static bool looks_like_other_format(const uint8_t *sector)
{
    for (size_t i = 0; i < ARRAY_SIZE(format_magics); i++) {
        if (!memcmp(sector + format_magics[i].offset, format_magics[i].magic,
                    format_magics[i].len)) {
            return true;
        }
    }
    return false;
}

/* The first sector as it would be after the write. */
static int probed_write_allowed(BlockDriverState *bs, int64_t offset, QEMUIOVector *qiov)
{
    RawState *s = bs->opaque;
    uint8_t sector[512];
    struct iovec iov = { .iov_base = sector, .iov_len = sizeof(sector) };
    QEMUIOVector sq = { .iov = &iov, .niov = 1, .nalloc = -1, .size = sizeof(sector) };
    int ret;

    if (offset > 0 || qiov->size < sizeof(sector)) {
        ret = bs->file->drv->preadv(bs->file, s->offset, &sq);
        if (ret < 0) {
            return ret;
        }
    }
    iov_to_buf(qiov->iov, qiov->niov, 0, sector + offset, sizeof(sector) - offset);
    return looks_like_other_format(sector) ? -EPERM : 0;
}

static int raw_pwritev(BlockDriverState *bs, int64_t offset, QEMUIOVector *qiov, int flags)
{
    RawState *s = bs->opaque;

    if (bs->probed && offset < 512 && qiov->size) {
        int ret = probed_write_allowed(bs, offset, qiov);
        if (ret < 0) {
            return ret;
        }
    }
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
