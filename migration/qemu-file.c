/*
 * QEMUFile: buffering, big-endian helpers, error latching and byte counting
 * over a transport (fd or memory).  It knows nothing of sections or devices.
 */
#include "qemu/osdep.h"
#include <sys/socket.h>
#include "qemu/bswap.h"
#include "migration/qemu-file.h"

#define IO_BUF_SIZE 32768
#define MAX_PEEK 512

struct QEMUFile {
    const QEMUFileOps *ops;
    void *opaque;
    bool writable;

    uint8_t buf[IO_BUF_SIZE];
    size_t buf_index;           /* read position, or bytes buffered for writing */
    size_t buf_size;            /* bytes valid in buf (reading) */

    uint64_t total;             /* bytes consumed by reads / queued by writes */
    uint64_t rate_limit_max;    /* 0 = unlimited */
    uint64_t rate_limit_used;

    int last_error;
    Error *last_error_obj;
    bool eof;
    int shutdown;               /* atomic: set by qemu_file_shutdown */
};

/* ---- fd transport ---- */

typedef struct FdChannel {
    int fd;
    char *name;
} FdChannel;

static ssize_t fd_read(void *opaque, uint8_t *buf, size_t size, Error **errp)
{
    FdChannel *c = opaque;
    for (;;) {
        ssize_t n = read(c->fd, buf, size);
        if (n >= 0) {
            return n;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            /* The stream is read synchronously: wait for data. */
            fd_set rfds;
            FD_ZERO(&rfds);
            FD_SET(c->fd, &rfds);
            select(c->fd + 1, &rfds, NULL, NULL, NULL);
            continue;
        }
        error_setg_errno(errp, errno, "%s: read failed", c->name);
        return -errno;
    }
}

static ssize_t fd_write(void *opaque, const uint8_t *buf, size_t size, Error **errp)
{
    FdChannel *c = opaque;
    for (;;) {
        ssize_t n = send(c->fd, buf, size, MSG_NOSIGNAL);
        if (n < 0 && errno == ENOTSOCK) {
            n = write(c->fd, buf, size);
        }
        if (n >= 0) {
            return n;
        }
        if (errno == EINTR) {
            continue;
        }
        if (errno == EAGAIN || errno == EWOULDBLOCK) {
            fd_set wfds;
            FD_ZERO(&wfds);
            FD_SET(c->fd, &wfds);
            select(c->fd + 1, NULL, &wfds, NULL, NULL);
            continue;
        }
        error_setg_errno(errp, errno, "%s: write failed", c->name);
        return -errno;
    }
}

static int fd_close(void *opaque)
{
    FdChannel *c = opaque;
    int ret = close(c->fd) < 0 ? -errno : 0;
    g_free(c->name);
    g_free(c);
    return ret;
}

static int fd_shutdown(void *opaque)
{
    FdChannel *c = opaque;
    /* Sockets: wake a blocked peer operation.  Pipes and files: the flag in
     * QEMUFile stops the next operation. */
    if (shutdown(c->fd, SHUT_RDWR) < 0 && errno != ENOTSOCK) {
        return -errno;
    }
    return 0;
}

static const QEMUFileOps fd_ops = {
    .read = fd_read,
    .write = fd_write,
    .close = fd_close,
    .shutdown = fd_shutdown,
};

static QEMUFile *fd_file_new(int fd, const char *name, bool writable)
{
    FdChannel *c = g_new0(FdChannel, 1);
    c->fd = fd;
    c->name = g_strdup(name ? name : "migration stream");
    return qemu_file_new(&fd_ops, c, writable);
}

QEMUFile *qemu_file_new_fd_input(int fd, const char *name)
{
    return fd_file_new(fd, name, false);
}

QEMUFile *qemu_file_new_fd_output(int fd, const char *name)
{
    return fd_file_new(fd, name, true);
}

/* ---- memory transport ---- */

typedef struct MemChannel {
    GByteArray *data;
    size_t pos;
} MemChannel;

static ssize_t mem_read(void *opaque, uint8_t *buf, size_t size, Error **errp)
{
    MemChannel *m = opaque;
    size_t n = MIN(size, m->data->len - m->pos);
    if (n) {
        memcpy(buf, m->data->data + m->pos, n);
    }
    m->pos += n;
    return n;
}

static ssize_t mem_write(void *opaque, const uint8_t *buf, size_t size, Error **errp)
{
    MemChannel *m = opaque;
    if (size) {
        g_byte_array_append(m->data, buf, size);
    }
    return size;
}

static int mem_close(void *opaque)
{
    MemChannel *m = opaque;
    g_byte_array_unref(m->data);
    g_free(m);
    return 0;
}

static const QEMUFileOps mem_ops = {
    .read = mem_read,
    .write = mem_write,
    .close = mem_close,
};

QEMUFile *qemu_file_new_mem_input(const void *buf, size_t len)
{
    MemChannel *m = g_new0(MemChannel, 1);
    m->data = g_byte_array_sized_new(len);
    if (len) {
        g_byte_array_append(m->data, buf, len);
    }
    return qemu_file_new(&mem_ops, m, false);
}

QEMUFile *qemu_file_new_mem_output(void)
{
    MemChannel *m = g_new0(MemChannel, 1);
    m->data = g_byte_array_new();
    return qemu_file_new(&mem_ops, m, true);
}

const uint8_t *qemu_file_mem_output_data(QEMUFile *f, size_t *len)
{
    MemChannel *m;
    if (f->ops != &mem_ops) {
        *len = 0;
        return NULL;
    }
    qemu_fflush(f);
    m = f->opaque;
    *len = m->data->len;
    return m->data->data;
}

/* ---- generic ---- */

QEMUFile *qemu_file_new(const QEMUFileOps *ops, void *opaque, bool writable)
{
    QEMUFile *f = g_new0(QEMUFile, 1);
    f->ops = ops;
    f->opaque = opaque;
    f->writable = writable;
    return f;
}

static void file_set_error_obj(QEMUFile *f, int ret, Error *err)
{
    if (f->last_error) {
        error_free(err);
        return;
    }
    f->last_error = ret ? ret : -EIO;
    f->last_error_obj = err;
}

void qemu_file_set_error(QEMUFile *f, int ret, const char *fmt, ...)
{
    va_list ap;
    char *msg;
    Error *err = NULL;

    if (f->last_error) {
        return;
    }
    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_setg(&err, "%s", msg);
    g_free(msg);
    file_set_error_obj(f, ret, err);
}

int qemu_file_get_error(QEMUFile *f)
{
    return f->last_error;
}

int qemu_file_get_error_obj(QEMUFile *f, const Error **errp)
{
    if (errp) {
        *errp = f->last_error_obj;
    }
    return f->last_error;
}

bool qemu_file_hit_eof(QEMUFile *f)
{
    return f->eof;
}

static bool file_is_shut_down(QEMUFile *f)
{
    if (g_atomic_int_get(&f->shutdown)) {
        qemu_file_set_error(f, -EPIPE, "migration was cancelled");
        return true;
    }
    return false;
}

void qemu_fflush(QEMUFile *f)
{
    size_t done = 0;

    if (!f->writable || f->last_error) {
        return;
    }
    while (done < f->buf_index) {
        Error *err = NULL;
        ssize_t n;

        if (file_is_shut_down(f)) {
            break;
        }
        n = f->ops->write(f->opaque, f->buf + done, f->buf_index - done, &err);
        if (n <= 0) {
            if (!err) {
                error_setg(&err, "migration stream: write made no progress");
            }
            file_set_error_obj(f, n < 0 ? (int)n : -EIO, err);
            break;
        }
        done += n;
    }
    f->buf_index = 0;
}

int qemu_file_shutdown(QEMUFile *f)
{
    g_atomic_int_set(&f->shutdown, 1);
    return f->ops->shutdown ? f->ops->shutdown(f->opaque) : 0;
}

int qemu_fclose(QEMUFile *f)
{
    int ret, close_ret = 0;

    if (!f) {
        return 0;
    }
    qemu_fflush(f);
    ret = f->last_error;
    if (f->ops->close) {
        close_ret = f->ops->close(f->opaque);
    }
    if (!ret) {
        ret = close_ret;
    }
    error_free(f->last_error_obj);
    g_free(f);
    return ret;
}

/* ---- writing ---- */

void qemu_put_buffer(QEMUFile *f, const uint8_t *buf, size_t size)
{
    if (f->last_error) {
        return;
    }
    f->total += size;
    f->rate_limit_used += size;
    while (size) {
        size_t n = MIN(size, IO_BUF_SIZE - f->buf_index);
        memcpy(f->buf + f->buf_index, buf, n);
        f->buf_index += n;
        buf += n;
        size -= n;
        if (f->buf_index == IO_BUF_SIZE) {
            qemu_fflush(f);
            if (f->last_error) {
                return;
            }
        }
    }
}

void qemu_put_byte(QEMUFile *f, uint8_t v)
{
    qemu_put_buffer(f, &v, 1);
}

void qemu_put_be16(QEMUFile *f, uint16_t v)
{
    uint8_t b[2] = { v >> 8, v };
    qemu_put_buffer(f, b, 2);
}

void qemu_put_be32(QEMUFile *f, uint32_t v)
{
    uint8_t b[4] = { v >> 24, v >> 16, v >> 8, v };
    qemu_put_buffer(f, b, 4);
}

void qemu_put_be64(QEMUFile *f, uint64_t v)
{
    qemu_put_be32(f, v >> 32);
    qemu_put_be32(f, (uint32_t)v);
}

void qemu_put_counted_string(QEMUFile *f, const char *str)
{
    size_t len = strlen(str);
    if (len > 255) {
        qemu_file_set_error(f, -EINVAL, "name '%.40s...' is longer than 255 bytes", str);
        return;
    }
    qemu_put_byte(f, len);
    qemu_put_buffer(f, (const uint8_t *)str, len);
}

/* ---- reading ---- */

/* Make at least want bytes available from buf_index; returns how many are. */
static size_t file_fill(QEMUFile *f, size_t want)
{
    if (f->writable) {
        qemu_file_set_error(f, -EINVAL, "migration stream opened for writing was read");
        return 0;
    }
    while (f->buf_size - f->buf_index < want && !f->last_error && !f->eof) {
        Error *err = NULL;
        ssize_t n;

        if (f->buf_index) {
            memmove(f->buf, f->buf + f->buf_index, f->buf_size - f->buf_index);
            f->buf_size -= f->buf_index;
            f->buf_index = 0;
        }
        if (file_is_shut_down(f)) {
            break;
        }
        n = f->ops->read(f->opaque, f->buf + f->buf_size, IO_BUF_SIZE - f->buf_size, &err);
        if (n < 0) {
            file_set_error_obj(f, (int)n, err);
        } else if (n == 0) {
            f->eof = true;
        } else {
            f->buf_size += n;
        }
    }
    return f->buf_size - f->buf_index;
}

static void file_truncated(QEMUFile *f)
{
    qemu_file_set_error(f, -EIO, "migration stream is truncated: it ended after %" PRIu64
                        " bytes", f->total);
}

size_t qemu_get_buffer(QEMUFile *f, uint8_t *buf, size_t size)
{
    size_t done = 0;

    if (f->last_error) {
        memset(buf, 0, size);
        return 0;
    }
    while (done < size) {
        size_t avail = file_fill(f, 1);
        size_t n;
        if (!avail) {
            if (!f->last_error) {
                file_truncated(f);
            }
            memset(buf + done, 0, size - done);
            return done;
        }
        n = MIN(avail, size - done);
        memcpy(buf + done, f->buf + f->buf_index, n);
        f->buf_index += n;
        f->total += n;
        done += n;
    }
    return done;
}

uint8_t qemu_get_byte(QEMUFile *f)
{
    uint8_t v = 0;
    qemu_get_buffer(f, &v, 1);
    return v;
}

uint16_t qemu_get_be16(QEMUFile *f)
{
    uint8_t b[2];
    if (qemu_get_buffer(f, b, 2) != 2) {
        return 0;
    }
    return (uint16_t)(b[0] << 8 | b[1]);
}

uint32_t qemu_get_be32(QEMUFile *f)
{
    uint8_t b[4];
    if (qemu_get_buffer(f, b, 4) != 4) {
        return 0;
    }
    return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 | (uint32_t)b[2] << 8 | b[3];
}

uint64_t qemu_get_be64(QEMUFile *f)
{
    uint8_t b[8];
    if (qemu_get_buffer(f, b, 8) != 8) {
        return 0;
    }
    return ldq_be_p(b);
}

size_t qemu_get_counted_string(QEMUFile *f, char buf[256])
{
    size_t len = qemu_get_byte(f);
    if (qemu_get_buffer(f, (uint8_t *)buf, len) != len) {
        buf[0] = 0;
        return 0;
    }
    buf[len] = 0;
    return len;
}

int qemu_peek_byte(QEMUFile *f, size_t offset)
{
    if (f->last_error || offset >= MAX_PEEK) {
        return -1;
    }
    if (file_fill(f, offset + 1) < offset + 1) {
        return -1;
    }
    return f->buf[f->buf_index + offset];
}

size_t qemu_peek_buffer(QEMUFile *f, uint8_t **buf, size_t size, size_t offset)
{
    size_t avail;

    if (f->last_error || size + offset > MAX_PEEK) {
        return 0;
    }
    avail = file_fill(f, offset + size);
    if (avail <= offset) {
        return 0;
    }
    *buf = f->buf + f->buf_index + offset;
    return MIN(size, avail - offset);
}

uint64_t qemu_file_total_transferred(QEMUFile *f)
{
    return f->total;
}

void qemu_file_set_rate_limit(QEMUFile *f, uint64_t bytes_per_slice)
{
    f->rate_limit_max = bytes_per_slice;
}

bool qemu_file_rate_limit(QEMUFile *f)
{
    if (f->last_error || g_atomic_int_get(&f->shutdown)) {
        return true;
    }
    return f->rate_limit_max && f->rate_limit_used >= f->rate_limit_max;
}

void qemu_file_reset_rate_limit(QEMUFile *f)
{
    f->rate_limit_used = 0;
}
