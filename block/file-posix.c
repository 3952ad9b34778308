/*
 * The "file" protocol driver: an image in a host file (or block device)
 * through a POSIX fd, and QEMU-compatible image locking with OFD locks on
 * single bytes (100+N: holds permission N, 200+N: does not share it).
 * Nothing here knows about formats; raw-format.c sits on top.
 */
#include "qemu/osdep.h"
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/ioctl.h>
#include <linux/fs.h>
#include <linux/falloc.h>
#include "block/block_int.h"

#define LOCK_PERM_BASE 100
#define LOCK_SHARED_BASE 200

typedef enum { LOCKING_AUTO, LOCKING_ON, LOCKING_OFF } LockingMode;

typedef struct FileState {
    int fd;                /* buffered (or the only) fd; carries the locks */
    int fd_direct;         /* O_DIRECT fd for aligned requests, or -1 */
    bool use_lock;
    bool is_blockdev;
    uint64_t locked_perm;  /* perm bits whose byte 100+N we hold */
    uint64_t locked_unshared; /* bits whose byte 200+N we hold */
    bool has_discard;
    bool has_zero_range;
} FileState;

static const char *const file_options[] = {
    "filename", "locking", "aio", "aio-max-batch", "x-check-cache-dropped",
    "drop-cache", "pr-manager", NULL
};

/* ---- locking ---- */

static int lock_byte(int fd, int byte, short type)
{
    struct flock fl = {
        .l_whence = SEEK_SET,
        .l_start = byte,
        .l_len = 1,
        .l_type = type,
    };
    return fcntl(fd, F_OFD_SETLK, &fl) == -1 ? -errno : 0;
}

/* Does another open file description hold a lock on byte? */
static bool byte_locked_by_other(int fd, int byte)
{
    struct flock fl = {
        .l_whence = SEEK_SET,
        .l_start = byte,
        .l_len = 1,
        .l_type = F_WRLCK,
    };
    if (fcntl(fd, F_OFD_GETLK, &fl) == -1) {
        return false;
    }
    return fl.l_type != F_UNLCK;
}

/* Hold exactly the bytes for perm and ~shared (shared read locks). */
static int file_apply_lock_bytes(FileState *s, uint64_t perm, uint64_t unshared,
                                 int *failed_byte)
{
    for (int i = 0; i < BLK_PERM_COUNT; i++) {
        uint64_t bit = 1ull << i;
        struct { uint64_t want; uint64_t *held; int base; } sets[2] = {
            { perm, &s->locked_perm, LOCK_PERM_BASE },
            { unshared, &s->locked_unshared, LOCK_SHARED_BASE },
        };
        for (int k = 0; k < 2; k++) {
            bool want = sets[k].want & bit, held = *sets[k].held & bit;
            int ret;
            if (want == held) {
                continue;
            }
            ret = lock_byte(s->fd, sets[k].base + i, want ? F_RDLCK : F_UNLCK);
            if (ret < 0) {
                *failed_byte = sets[k].base + i;
                return ret;
            }
            *sets[k].held ^= bit;
        }
    }
    return 0;
}

static bool file_set_perm(BlockDriverState *bs, uint64_t perm, uint64_t shared, Error **errp)
{
    FileState *s = bs->opaque;
    uint64_t old_perm = s->locked_perm, old_unshared = s->locked_unshared;
    uint64_t unshared = ~shared & BLK_PERM_ALL;
    int failed_byte = 0;
    int ret;

    if (!s->use_lock) {
        return true;
    }
    /* Take the new bytes first so a racing process sees us, then check. */
    ret = file_apply_lock_bytes(s, perm | old_perm, unshared | old_unshared, &failed_byte);
    if (ret < 0) {
        error_setg_errno(errp, -ret, "Failed to lock byte %d", failed_byte);
        goto rollback;
    }
    for (int i = 0; i < BLK_PERM_COUNT; i++) {
        uint64_t bit = 1ull << i;
        if ((perm & bit) && byte_locked_by_other(s->fd, LOCK_SHARED_BASE + i)) {
            error_setg(errp, "Failed to get \"%s\" lock", bdrv_perm_name(i));
            goto conflict;
        }
        if ((unshared & bit) && byte_locked_by_other(s->fd, LOCK_PERM_BASE + i)) {
            error_setg(errp, "Failed to get shared \"%s\" lock", bdrv_perm_name(i));
            goto conflict;
        }
    }
    /* Drop the bytes no longer needed. */
    file_apply_lock_bytes(s, perm, unshared, &failed_byte);
    return true;

conflict:
    error_append_hint(errp, "Is another process using the image [%s]?\n", bs->filename);
rollback:
    file_apply_lock_bytes(s, old_perm, old_unshared, &failed_byte);
    return false;
}

/* ---- open / close ---- */

static bool file_open(BlockDriverState *bs, QemuOpts *opts, Error **errp)
{
    FileState *s = bs->opaque;
    g_autofree char *filename = qemu_opt_take(opts, "filename");
    g_autofree char *locking = qemu_opt_take(opts, "locking");
    g_autofree char *aio = qemu_opt_take(opts, "aio");
    LockingMode mode = LOCKING_AUTO;
    struct stat st;
    int flags;

    s->fd = s->fd_direct = -1;
    if (!filename) {
        error_setg(errp, "Parameter 'filename' is missing");
        return false;
    }
    if (locking) {
        if (!strcmp(locking, "on")) {
            mode = LOCKING_ON;
        } else if (!strcmp(locking, "off")) {
            mode = LOCKING_OFF;
        } else if (strcmp(locking, "auto")) {
            error_setg(errp, "Parameter 'locking' does not accept value '%s'", locking);
            return false;
        }
    }
    if (aio && strcmp(aio, "threads") && strcmp(aio, "native") && strcmp(aio, "io_uring")) {
        error_setg(errp, "Parameter 'aio' does not accept value '%s'", aio);
        return false;
    }
    if (aio && !strcmp(aio, "native") && !bs->direct) {
        error_setg(errp, "aio=native was specified, but it requires cache.direct=on, "
                   "which was not specified.");
        return false;
    }
    /* Drop options we accept for compatibility and do not act on. */
    for (const char *const *o = file_options; *o; o++) {
        g_free(qemu_opt_take(opts, *o));
    }
    g_free(bs->filename);
    bs->filename = g_strdup(filename);

    flags = (bs->read_only ? O_RDONLY : O_RDWR) | O_CLOEXEC;
    s->fd = open(filename, flags);
    if (s->fd < 0) {
        error_setg_errno(errp, errno, "Could not open '%s'", filename);
        return false;
    }
    if (bs->direct) {
        s->fd_direct = open(filename, flags | O_DIRECT);
        if (s->fd_direct < 0) {
            error_setg_errno(errp, errno, "Could not open '%s'", filename);
            close(s->fd);
            s->fd = -1;
            return false;
        }
    }
    if (fstat(s->fd, &st) == 0) {
        s->is_blockdev = S_ISBLK(st.st_mode);
        if (S_ISDIR(st.st_mode)) {
            error_setg(errp, "'%s' is not a file", filename);
            close(s->fd);
            if (s->fd_direct >= 0) {
                close(s->fd_direct);
            }
            s->fd = s->fd_direct = -1;
            return false;
        }
    }
    s->has_discard = true;
    s->has_zero_range = !s->is_blockdev;
    /* OFD locks always exist on Linux, so auto means on. */
    s->use_lock = mode != LOCKING_OFF;
    return true;
}

static void file_close(BlockDriverState *bs)
{
    FileState *s = bs->opaque;
    if (s->fd >= 0) {
        close(s->fd);     /* drops every OFD lock of this description */
    }
    if (s->fd_direct >= 0) {
        close(s->fd_direct);
    }
    s->fd = s->fd_direct = -1;
}

static int64_t file_getlength(BlockDriverState *bs)
{
    FileState *s = bs->opaque;
    struct stat st;

    if (s->is_blockdev) {
        off_t end = lseek(s->fd, 0, SEEK_END);
        return end < 0 ? -errno : end;
    }
    if (fstat(s->fd, &st) < 0) {
        return -errno;
    }
    return st.st_size;
}

/* ---- I/O ---- */

/* O_DIRECT wants sector-aligned offsets, lengths and buffers. */
static bool qiov_is_aligned(int64_t offset, QEMUIOVector *qiov)
{
    const uintptr_t align = 4096;
    if (offset % align) {
        return false;
    }
    for (int i = 0; i < qiov->niov; i++) {
        if ((uintptr_t)qiov->iov[i].iov_base % align || qiov->iov[i].iov_len % align) {
            return false;
        }
    }
    return true;
}

static int pick_fd(FileState *s, int64_t offset, QEMUIOVector *qiov)
{
    return s->fd_direct >= 0 && qiov_is_aligned(offset, qiov) ? s->fd_direct : s->fd;
}

/* Read all of qiov; the part past end of file reads as zeroes. */
static int file_preadv(BlockDriverState *bs, int64_t offset, QEMUIOVector *qiov)
{
    FileState *s = bs->opaque;
    int fd = pick_fd(s, offset, qiov);
    size_t done = 0;

    while (done < qiov->size) {
        struct iovec local[IOV_MAX];
        size_t copied;
        unsigned niov = iov_copy(local, IOV_MAX, qiov->iov, qiov->niov, done,
                                 qiov->size - done, &copied);
        ssize_t n = preadv(fd, local, niov, offset + done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EINVAL && fd == s->fd_direct) {
                fd = s->fd;
                continue;
            }
            return -errno;
        }
        if (n == 0) {
            iov_memset(qiov->iov, qiov->niov, done, 0, qiov->size - done);
            break;
        }
        done += n;
    }
    return 0;
}

static int file_pwritev(BlockDriverState *bs, int64_t offset, QEMUIOVector *qiov, int flags)
{
    FileState *s = bs->opaque;
    int fd = pick_fd(s, offset, qiov);
    size_t done = 0;

    while (done < qiov->size) {
        struct iovec local[IOV_MAX];
        size_t copied;
        unsigned niov = iov_copy(local, IOV_MAX, qiov->iov, qiov->niov, done,
                                 qiov->size - done, &copied);
        ssize_t n = pwritev(fd, local, niov, offset + done);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == EINVAL && fd == s->fd_direct) {
                fd = s->fd;
                continue;
            }
            return -errno;
        }
        if (n == 0) {
            return -EIO;
        }
        done += n;
    }
    if ((flags & BDRV_REQ_FUA) && !bs->no_flush) {
        return fdatasync(s->fd) < 0 ? -errno : 0;
    }
    return 0;
}

static int file_flush(BlockDriverState *bs)
{
    FileState *s = bs->opaque;
    if (bs->no_flush) {
        return 0;
    }
    return fdatasync(s->fd) < 0 ? -errno : 0;
}

static int file_pdiscard(BlockDriverState *bs, int64_t offset, int64_t bytes)
{
    FileState *s = bs->opaque;

    if (!s->has_discard) {
        return -ENOTSUP;
    }
    if (s->is_blockdev) {
        uint64_t range[2] = { offset, bytes };
        if (ioctl(s->fd, BLKDISCARD, range) == 0) {
            return 0;
        }
    } else if (fallocate(s->fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
                         offset, bytes) == 0) {
        return 0;
    }
    if (errno == EOPNOTSUPP || errno == ENOTTY || errno == ENOSYS) {
        s->has_discard = false;
        return -ENOTSUP;
    }
    return -errno;
}

static int write_zero_buffers(BlockDriverState *bs, int64_t offset, int64_t bytes)
{
    const size_t chunk = 1 << 20;
    g_autofree void *zeroes = g_malloc0(MIN((int64_t)chunk, bytes));

    while (bytes > 0) {
        size_t len = MIN((int64_t)chunk, bytes);
        struct iovec iov = { .iov_base = zeroes, .iov_len = len };
        QEMUIOVector qiov = { .iov = &iov, .niov = 1, .nalloc = -1, .size = len };
        int ret = file_pwritev(bs, offset, &qiov, 0);
        if (ret < 0) {
            return ret;
        }
        offset += len;
        bytes -= len;
    }
    return 0;
}

static int file_pwrite_zeroes(BlockDriverState *bs, int64_t offset, int64_t bytes, int flags)
{
    FileState *s = bs->opaque;
    int ret;

    if ((flags & BDRV_REQ_MAY_UNMAP) && file_pdiscard(bs, offset, bytes) == 0) {
        /* A punched hole reads back as zeroes in a regular file. */
        if (!s->is_blockdev) {
            goto done;
        }
    }
    if (s->has_zero_range) {
        if (fallocate(s->fd, FALLOC_FL_ZERO_RANGE | FALLOC_FL_KEEP_SIZE, offset, bytes) == 0) {
            goto done;
        }
        if (errno != EOPNOTSUPP && errno != ENOSYS && errno != EINVAL) {
            return -errno;
        }
        s->has_zero_range = false;
    }
    ret = write_zero_buffers(bs, offset, bytes);
    if (ret < 0) {
        return ret;
    }
done:
    if ((flags & BDRV_REQ_FUA) && !bs->no_flush) {
        return fdatasync(s->fd) < 0 ? -errno : 0;
    }
    return 0;
}

const BlockDriver bdrv_file = {
    .format_name = "file",
    .is_protocol = true,
    .instance_size = sizeof(FileState),
    .options = file_options,
    .open = file_open,
    .close = file_close,
    .getlength = file_getlength,
    .preadv = file_preadv,
    .pwritev = file_pwritev,
    .flush = file_flush,
    .pdiscard = file_pdiscard,
    .pwrite_zeroes = file_pwrite_zeroes,
    .set_perm = file_set_perm,
};
