/*
 * The frontend side of chardevs (CharBackend): attaching a device or monitor, installing
 * its handlers, writing with and without blocking, watches and received fds.
 * Backend behaviour lives in char-*.c; the registry in char.c.
 */
#include "qemu/osdep.h"
#include <stdarg.h>
#include "chardev/char-internal.h"

bool qemu_chr_fe_init(CharBackend *be, Chardev *chr, Error **errp)
{
    int tag = 0;

    if (chr) {
        if (qemu_chr_is_mux(chr)) {
            tag = mux_chr_attach_frontend(chr, be, errp);
            if (tag < 0) {
                return false;
            }
        } else if (chr->be) {
            error_setg(errp, "Device '%s' is in use", chr->label);
            return false;
        } else {
            chr->be = be;
        }
    }
    be->chr = chr;
    be->tag = tag;
    be->fe_is_open = false;
    return true;
}

void qemu_chr_fe_deinit(CharBackend *be, bool del)
{
    Chardev *chr = be->chr;

    if (!chr) {
        return;
    }
    qemu_chr_fe_set_handlers(be, NULL, NULL, NULL, NULL, NULL, true);
    if (qemu_chr_is_mux(chr)) {
        mux_chr_detach_frontend(chr, be);
    } else if (chr->be == be) {
        chr->be = NULL;
    }
    be->chr = NULL;
    if (del) {
        chr_destroy(chr);
    }
}

Chardev *qemu_chr_fe_get_driver(CharBackend *be)
{
    return be->chr;
}

void qemu_chr_fe_set_handlers(CharBackend *be, IOCanReadHandler *fd_can_read,
                              IOReadHandler *fd_read, IOEventHandler *fd_event,
                              void *opaque, GMainContext *context, bool set_open)
{
    Chardev *chr = be->chr;
    bool fe_open;

    if (!chr) {
        return;
    }
    fe_open = fd_can_read || fd_read || fd_event || opaque;
    be->chr_can_read = fd_can_read;
    be->chr_read = fd_read;
    be->chr_event = fd_event;
    be->opaque = opaque;
    if (context != chr->context && fe_open) {
        chr->context = context;
    }
    if (chr->cls->update_read_handler) {
        chr->cls->update_read_handler(chr);
    }
    if (set_open) {
        be->fe_is_open = fe_open;
    }
    if (fe_open) {
        if (qemu_chr_is_mux(chr)) {
            mux_chr_frontend_opened(chr, be);
        }
        /* Attaching to a backend that is already connected: this frontend missed OPENED. */
        if (chr->be_open && be->chr_event && be->chr == chr) {
            be->chr_event(be->opaque, CHR_EVENT_OPENED);
        }
    }
    /* The read sources re-check can_read before the next poll. */
    g_main_context_wakeup(chr->context);
}

void qemu_chr_fe_take_focus(CharBackend *be)
{
    if (be->chr && qemu_chr_is_mux(be->chr)) {
        mux_chr_set_focus(be->chr, be->tag);
    }
}

static void chr_write_log(Chardev *chr, const uint8_t *buf, int len)
{
    int done = 0;

    while (chr->logfd >= 0 && done < len) {
        ssize_t r = write(chr->logfd, buf + done, len - done);
        if (r < 0 && errno == EINTR) {
            continue;
        }
        if (r <= 0) {
            break;      /* the log is best effort; the guest's output matters more */
        }
        done += r;
    }
}

static gboolean chr_writable_cb(void *do_not_use, GIOCondition cond, void *data)
{
    *(bool *)data = true;
    return G_SOURCE_REMOVE;
}

/* Sleep until the backend's output can take more (for write_all only). */
static void chr_wait_writable(Chardev *chr)
{
    GSource *src = chr->cls->create_watch ?
        chr->cls->create_watch(chr, G_IO_OUT | G_IO_HUP | G_IO_ERR) : NULL;
    GMainContext *ctx;
    bool ready = false;

    if (!src) {
        g_usleep(1000);
        return;
    }
    /* A private context, so no other source of the main loop runs under our caller. */
    ctx = g_main_context_new();
    g_source_set_callback(src, G_SOURCE_FUNC(chr_writable_cb), &ready, NULL);
    g_source_attach(src, ctx);
    while (!ready) {
        g_main_context_iteration(ctx, TRUE);
    }
    g_source_destroy(src);
    g_source_unref(src);
    g_main_context_unref(ctx);
}

static int chr_write(Chardev *chr, const uint8_t *buf, int len, bool all)
{
    int offset = 0;

    while (offset < len) {
        int ret = chr->cls->write(chr, buf + offset, len - offset);

        if (ret < 0 && errno == EINTR) {
            continue;
        }
        if (ret < 0 && errno == EAGAIN && all) {
            chr_wait_writable(chr);
            continue;
        }
        if (ret <= 0) {
            return offset ? offset : ret;
        }
        chr_write_log(chr, buf + offset, ret);
        offset += ret;
        if (!all) {
            break;
        }
    }
    return offset;
}

int qemu_chr_fe_write(CharBackend *be, const uint8_t *buf, int len)
{
    if (!be->chr) {
        return 0;
    }
    return chr_write(be->chr, buf, len, false);
}

int qemu_chr_fe_write_all(CharBackend *be, const uint8_t *buf, int len)
{
    if (!be->chr) {
        return 0;
    }
    return chr_write(be->chr, buf, len, true);
}

void qemu_chr_fe_printf(CharBackend *be, const char *fmt, ...)
{
    va_list ap;
    char *s;

    va_start(ap, fmt);
    s = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    qemu_chr_fe_write_all(be, (const uint8_t *)s, strlen(s));
    g_free(s);
}

guint qemu_chr_fe_add_watch(CharBackend *be, GIOCondition cond, FEWatchFunc func,
                            void *user_data)
{
    Chardev *chr = be->chr;
    GSource *src;
    guint id;

    if (!chr || !chr->cls->create_watch) {
        return 0;
    }
    src = chr->cls->create_watch(chr, cond);
    if (!src) {
        return 0;
    }
    g_source_set_callback(src, G_SOURCE_FUNC(func), user_data, NULL);
    id = g_source_attach(src, chr->context);
    g_source_unref(src);
    return id;
}

int qemu_chr_fe_get_msgfd(CharBackend *be)
{
    Chardev *chr = be->chr;

    if (!chr || !chr->cls->get_msgfd) {
        return -1;
    }
    return chr->cls->get_msgfd(chr);
}

bool qemu_chr_fe_backend_connected(CharBackend *be)
{
    return be->chr && be->chr->be_open;
}

void qemu_chr_fe_disconnect(CharBackend *be)
{
    Chardev *chr = be->chr;

    if (chr && chr->cls->disconnect) {
        chr->cls->disconnect(chr);
    }
}

void qemu_chr_fe_accept_input(CharBackend *be)
{
    Chardev *chr = be->chr;

    if (!chr) {
        return;
    }
    if (chr->cls->accept_input) {
        chr->cls->accept_input(chr);
    }
    g_main_context_wakeup(chr->context);
}
