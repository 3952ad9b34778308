/*
 * The ringbuf (alias memory) chardev: keeps the last SIZE bytes of output for the
 * ringbuf-read monitor command; ringbuf-write appends to the same buffer.  No input.
 */
#include "qemu/osdep.h"
#include "chardev/char-internal.h"

#define RINGBUF_DEFAULT_SIZE (64 * 1024)
#define RINGBUF_MAX_SIZE (1ULL << 30)

typedef struct RingBufChardev {
    Chardev parent;
    size_t size;            /* a power of two */
    uint64_t prod;          /* total bytes written */
    uint64_t cons;          /* total bytes consumed or overwritten */
    uint8_t *cbuf;
} RingBufChardev;

static bool ringbuf_chr_open(Chardev *chr, QemuOpts *opts, bool *be_opened, Error **errp)
{
    RingBufChardev *d = (RingBufChardev *)chr;
    Error *local_err = NULL;
    uint64_t size = qemu_opt_get_size(opts, "size", RINGBUF_DEFAULT_SIZE, &local_err);

    if (local_err) {
        error_propagate(errp, local_err);
        return false;
    }
    if (size == 0 || (size & (size - 1))) {
        error_setg(errp, "size of ringbuf chardev must be power of two");
        return false;
    }
    if (size > RINGBUF_MAX_SIZE) {
        error_setg(errp, "size of ringbuf chardev must be at most 1G, not %" PRIu64, size);
        return false;
    }
    d->size = size;
    d->cbuf = g_malloc0(size);
    return true;
}

static int ringbuf_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    RingBufChardev *d = (RingBufChardev *)chr;

    for (int i = 0; i < len; i++) {
        d->cbuf[d->prod++ & (d->size - 1)] = buf[i];
        if (d->prod - d->cons > d->size) {
            d->cons = d->prod - d->size;    /* the oldest byte was overwritten */
        }
    }
    return len;
}

static void ringbuf_chr_close(Chardev *chr)
{
    RingBufChardev *d = (RingBufChardev *)chr;

    g_free(d->cbuf);
    d->cbuf = NULL;
}

const ChardevClass char_ringbuf_class = {
    .name = "ringbuf",
    .instance_size = sizeof(RingBufChardev),
    .open = ringbuf_chr_open,
    .write = ringbuf_chr_write,
    .close = ringbuf_chr_close,
};

const ChardevClass char_memory_class = {
    .name = "memory",
    .instance_size = sizeof(RingBufChardev),
    .open = ringbuf_chr_open,
    .write = ringbuf_chr_write,
    .close = ringbuf_chr_close,
};

static RingBufChardev *ringbuf_find(const char *id, Error **errp)
{
    Chardev *chr = qemu_chr_find(id);

    if (!chr) {
        error_setg(errp, "Device '%s' not found", id);
        return NULL;
    }
    if (chr->cls != &char_ringbuf_class && chr->cls != &char_memory_class) {
        error_setg(errp, "%s is not a ringbuf device", id);
        return NULL;
    }
    return (RingBufChardev *)chr;
}

char *qemu_chr_ringbuf_read(const char *id, int64_t size, Error **errp)
{
    RingBufChardev *d = ringbuf_find(id, errp);
    uint64_t count;
    char *data;

    if (!d) {
        return NULL;
    }
    if (size <= 0) {
        error_setg(errp, "size must be greater than zero");
        return NULL;
    }
    count = MIN((uint64_t)size, d->prod - d->cons);
    data = g_malloc(count + 1);
    for (uint64_t i = 0; i < count; i++) {
        data[i] = d->cbuf[d->cons++ & (d->size - 1)];
    }
    data[count] = '\0';
    return data;
}

bool qemu_chr_ringbuf_write(const char *id, const char *data, Error **errp)
{
    RingBufChardev *d = ringbuf_find(id, errp);
    size_t len;

    if (!d) {
        return false;
    }
    len = strlen(data);
    if (len > INT_MAX) {
        error_setg(errp, "Failed to write to device %s", id);
        return false;
    }
    /* QEMU's ringbuf-write fills the buffer the frontend writes to, not the frontend. */
    ringbuf_chr_write(&d->parent, (const uint8_t *)data, len);
    return true;
}
