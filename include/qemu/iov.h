/*
 * Scatter/gather lists: plain struct iovec arrays and a growable vector
 * (QEMUIOVector) used by the virtio core, the block layer and the devices.
 */
#ifndef QEMU_IOV_H
#define QEMU_IOV_H

#include <sys/uio.h>
#include <stddef.h>

/* Total bytes described by iov[0..iov_cnt). */
size_t iov_size(const struct iovec *iov, unsigned int iov_cnt);
/* Copy up to bytes from buf into the iovec starting at offset; returns bytes copied. */
size_t iov_from_buf(const struct iovec *iov, unsigned int iov_cnt, size_t offset,
                    const void *buf, size_t bytes);
/* Copy up to bytes from the iovec starting at offset into buf; returns bytes copied. */
size_t iov_to_buf(const struct iovec *iov, unsigned int iov_cnt, size_t offset,
                  void *buf, size_t bytes);
/* Fill up to bytes of the iovec from offset with fillc; returns bytes filled. */
size_t iov_memset(const struct iovec *iov, unsigned int iov_cnt, size_t offset,
                  int fillc, size_t bytes);
/*
 * Make dst describe bytes [offset, offset + bytes) of src; returns the number
 * of entries used (at most dst_cnt) and the bytes described in *copied.
 */
unsigned int iov_copy(struct iovec *dst, unsigned int dst_cnt,
                      const struct iovec *src, unsigned int src_cnt,
                      size_t offset, size_t bytes, size_t *copied);

typedef struct QEMUIOVector {
    struct iovec *iov;
    int niov;
    int nalloc;
    size_t size;
} QEMUIOVector;

void qemu_iovec_init(QEMUIOVector *qiov, int alloc_hint);
void qemu_iovec_add(QEMUIOVector *qiov, void *base, size_t len);
/* Append bytes [offset, offset + bytes) of src. */
void qemu_iovec_concat_iov(QEMUIOVector *dst, const struct iovec *src, unsigned int src_cnt,
                           size_t offset, size_t bytes);
void qemu_iovec_reset(QEMUIOVector *qiov);
void qemu_iovec_destroy(QEMUIOVector *qiov);

#endif
