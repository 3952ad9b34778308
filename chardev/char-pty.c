/*
 * The pty chardev: a pseudo-terminal whose slave (/dev/pts/N) anyone may open; frontends
 * see OPENED while someone has it open and CLOSED when they go.  Output with no reader
 * is dropped, as on a serial line with nothing plugged in.
 */
#include "qemu/osdep.h"
#include <poll.h>
#include <pty.h>
#include <termios.h>
#include "qapi/error.h"
#include "chardev/char-internal.h"

#define PTY_POLL_MS 1000

typedef struct PtyChardev {
    FDChardev parent;
    bool connected;
    GSource *timer;     /* polls for a reader while nobody has the slave open */
} PtyChardev;

/* Whether somebody has the slave side open: without one, the master reports a hang-up. */
static bool pty_peer_present(PtyChardev *s)
{
    struct pollfd pfd = { .fd = s->parent.fd_in, .events = 0 };

    if (poll(&pfd, 1, 0) < 0) {
        return false;
    }
    return !(pfd.revents & (POLLHUP | POLLERR | POLLNVAL));
}

static gboolean pty_timer_cb(gpointer opaque);

static void pty_set_connected(PtyChardev *s, bool connected)
{
    Chardev *chr = &s->parent.parent;

    if (connected == s->connected) {
        return;
    }
    s->connected = connected;
    if (connected) {
        chr_io_source_remove(&s->timer);
        fd_chr_update_read_handler(chr);
        qemu_chr_be_event(chr, CHR_EVENT_OPENED);
    } else {
        fd_chr_stop_reading(chr);
        if (!s->timer) {
            s->timer = g_timeout_source_new(PTY_POLL_MS);
            g_source_set_callback(s->timer, pty_timer_cb, s, NULL);
            g_source_attach(s->timer, chr->context);
        }
        qemu_chr_be_event(chr, CHR_EVENT_CLOSED);
    }
}

static gboolean pty_timer_cb(gpointer opaque)
{
    PtyChardev *s = opaque;

    if (pty_peer_present(s)) {
        pty_set_connected(s, true);     /* removes this timer */
        return G_SOURCE_REMOVE;
    }
    return G_SOURCE_CONTINUE;
}

static void pty_on_eof(Chardev *chr)
{
    pty_set_connected((PtyChardev *)chr, false);
}

static bool pty_chr_open(Chardev *chr, QemuOpts *opts, bool *be_opened, Error **errp)
{
    PtyChardev *s = (PtyChardev *)chr;
    char name[PATH_MAX];
    struct termios tty;
    int master, slave;

    s->parent.fd_in = s->parent.fd_out = -1;
    if (openpty(&master, &slave, name, NULL, NULL) < 0) {
        error_setg_errno(errp, errno, "Failed to create PTY");
        return false;
    }
    if (tcgetattr(slave, &tty) == 0) {
        cfmakeraw(&tty);
        tcsetattr(slave, TCSAFLUSH, &tty);
    }
    close(slave);

    s->parent.fd_in = s->parent.fd_out = master;
    s->parent.own_fds = true;
    s->parent.on_eof = pty_on_eof;
    chr_fd_set_nonblock_cloexec(master);

    chr->filename = g_strdup_printf("pty:%s", name);
    /* QEMU prints this, and people (and libvirt of old) read the pts path from it. */
    error_report("char device redirected to %s (label %s)", name, chr->label);

    /* Start "disconnected": OPENED comes when someone opens the slave. */
    s->connected = true;
    pty_set_connected(s, false);
    *be_opened = false;
    return true;
}

static int pty_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    PtyChardev *s = (PtyChardev *)chr;

    if (!s->connected) {
        if (!pty_peer_present(s)) {
            return len;
        }
        pty_set_connected(s, true);
    }
    return fd_chr_write(chr, buf, len);
}

static void pty_chr_update_read_handler(Chardev *chr)
{
    PtyChardev *s = (PtyChardev *)chr;

    if (s->connected) {
        fd_chr_update_read_handler(chr);
    }
}

static GSource *pty_chr_create_watch(Chardev *chr, GIOCondition cond)
{
    PtyChardev *s = (PtyChardev *)chr;

    return s->connected ? fd_chr_create_watch(chr, cond) : NULL;
}

static void pty_chr_close(Chardev *chr)
{
    PtyChardev *s = (PtyChardev *)chr;

    chr_io_source_remove(&s->timer);
    fd_chr_close(chr);
}

const ChardevClass char_pty_class = {
    .name = "pty",
    .instance_size = sizeof(PtyChardev),
    .open = pty_chr_open,
    .write = pty_chr_write,
    .create_watch = pty_chr_create_watch,
    .update_read_handler = pty_chr_update_read_handler,
    .close = pty_chr_close,
};
