/*
 * Scatter/gather helpers.
 */
#include "qemu/osdep.h"
#include "qemu/iov.h"

size_t iov_size(const struct iovec *iov, unsigned int iov_cnt)
{
    size_t total = 0;

    for (unsigned int i = 0; i < iov_cnt; i++) {
        total += iov[i].iov_len;
    }
    return total;
}

/* Walk the iovec from offset, calling fn on each piece of at most bytes total. */
static size_t iov_walk(const struct iovec *iov, unsigned int iov_cnt, size_t offset,
                       size_t bytes, void (*fn)(void *piece, size_t len, size_t done,
                                                void *opaque), void *opaque)
{
    size_t done = 0;

    for (unsigned int i = 0; i < iov_cnt && done < bytes; i++) {
        size_t len;

        if (offset >= iov[i].iov_len) {
            offset -= iov[i].iov_len;
            continue;
        }
        len = MIN(iov[i].iov_len - offset, bytes - done);
        fn((char *)iov[i].iov_base + offset, len, done, opaque);
        done += len;
        offset = 0;
    }
    return done;
}

static void piece_from_buf(void *piece, size_t len, size_t done, void *opaque)
{
    memcpy(piece, (const char *)opaque + done, len);
}

static void piece_to_buf(void *piece, size_t len, size_t done, void *opaque)
{
    memcpy((char *)opaque + done, piece, len);
}

static void piece_fill(void *piece, size_t len, size_t done, void *opaque)
{
    (void)done;
    memset(piece, *(int *)opaque, len);
}

size_t iov_from_buf(const struct iovec *iov, unsigned int iov_cnt, size_t offset,
                    const void *buf, size_t bytes)
{
    return iov_walk(iov, iov_cnt, offset, bytes, piece_from_buf, (void *)buf);
}

size_t iov_to_buf(const struct iovec *iov, unsigned int iov_cnt, size_t offset,
                  void *buf, size_t bytes)
{
    return iov_walk(iov, iov_cnt, offset, bytes, piece_to_buf, buf);
}

size_t iov_memset(const struct iovec *iov, unsigned int iov_cnt, size_t offset,
                  int fillc, size_t bytes)
{
    return iov_walk(iov, iov_cnt, offset, bytes, piece_fill, &fillc);
}

unsigned int iov_copy(struct iovec *dst, unsigned int dst_cnt,
                      const struct iovec *src, unsigned int src_cnt,
                      size_t offset, size_t bytes, size_t *copied)
{
    unsigned int n = 0;
    size_t done = 0;

    for (unsigned int i = 0; i < src_cnt && n < dst_cnt && done < bytes; i++) {
        size_t len;

        if (offset >= src[i].iov_len) {
            offset -= src[i].iov_len;
            continue;
        }
        len = MIN(src[i].iov_len - offset, bytes - done);
        dst[n].iov_base = (char *)src[i].iov_base + offset;
        dst[n].iov_len = len;
        n++;
        done += len;
        offset = 0;
    }
    if (copied) {
        *copied = done;
    }
    return n;
}

void qemu_iovec_init(QEMUIOVector *qiov, int alloc_hint)
{
    qiov->nalloc = alloc_hint > 0 ? alloc_hint : 1;
    qiov->iov = g_new(struct iovec, qiov->nalloc);
    qiov->niov = 0;
    qiov->size = 0;
}

void qemu_iovec_add(QEMUIOVector *qiov, void *base, size_t len)
{
    if (qiov->niov == qiov->nalloc) {
        qiov->nalloc = 2 * qiov->nalloc + 1;
        qiov->iov = g_renew(struct iovec, qiov->iov, qiov->nalloc);
    }
    qiov->iov[qiov->niov].iov_base = base;
    qiov->iov[qiov->niov].iov_len = len;
    qiov->niov++;
    qiov->size += len;
}

void qemu_iovec_concat_iov(QEMUIOVector *dst, const struct iovec *src, unsigned int src_cnt,
                           size_t offset, size_t bytes)
{
    size_t done = 0;

    for (unsigned int i = 0; i < src_cnt && done < bytes; i++) {
        size_t len;

        if (offset >= src[i].iov_len) {
            offset -= src[i].iov_len;
            continue;
        }
        len = MIN(src[i].iov_len - offset, bytes - done);
        qemu_iovec_add(dst, (char *)src[i].iov_base + offset, len);
        done += len;
        offset = 0;
    }
}

void qemu_iovec_reset(QEMUIOVector *qiov)
{
    qiov->niov = 0;
    qiov->size = 0;
}

void qemu_iovec_destroy(QEMUIOVector *qiov)
{
    g_free(qiov->iov);
    qiov->iov = NULL;
    qiov->niov = qiov->nalloc = 0;
    qiov->size = 0;
}
