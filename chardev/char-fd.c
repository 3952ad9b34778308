/*
 * Shared plumbing for chardevs that are a pair of plain file descriptors (stdio, file,
 * pipe, pty, serial): reading under back-pressure, non-blocking writes, output watches.
 * It opens nothing itself; each backend's file decides which fds to use.
 */
#include "qemu/osdep.h"
#include <poll.h>
#include "chardev/char-internal.h"

#define FD_CHR_READ_MAX 4096

static gboolean fd_chr_read(Chardev *chr, GIOCondition cond)
{
    FDChardev *s = (FDChardev *)chr;
    uint8_t buf[FD_CHR_READ_MAX];
    int avail = qemu_chr_be_can_write(chr);
    ssize_t n;

    if (avail <= 0) {
        return G_SOURCE_CONTINUE;
    }
    n = read(s->fd_in, buf, MIN(avail, (int)sizeof(buf)));
    if (n > 0) {
        qemu_chr_be_write(chr, buf, n);
        return G_SOURCE_CONTINUE;
    }
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        return G_SOURCE_CONTINUE;
    }
    /* EOF or a dead fd (EIO on a pty whose other side went away). */
    if (s->on_eof) {
        s->on_eof(chr);
    } else {
        fd_chr_stop_reading(chr);
        qemu_chr_be_event(chr, CHR_EVENT_CLOSED);
    }
    return G_SOURCE_REMOVE;
}

void fd_chr_stop_reading(Chardev *chr)
{
    FDChardev *s = (FDChardev *)chr;

    chr_io_source_remove(&s->read_src);
}

void fd_chr_update_read_handler(Chardev *chr)
{
    FDChardev *s = (FDChardev *)chr;

    chr_io_source_remove(&s->read_src);
    if (s->fd_in >= 0) {
        s->read_src = chr_io_read_source_attach(chr, s->fd_in, fd_chr_read);
    }
}

void fd_chr_attach(Chardev *chr, int fd_in, int fd_out, bool own_fds)
{
    FDChardev *s = (FDChardev *)chr;

    s->fd_in = fd_in;
    s->fd_out = fd_out;
    s->own_fds = own_fds;
    if (own_fds) {
        if (fd_in >= 0) {
            chr_fd_set_nonblock_cloexec(fd_in);
        }
        if (fd_out >= 0 && fd_out != fd_in) {
            chr_fd_set_nonblock_cloexec(fd_out);
        }
    }
    fd_chr_update_read_handler(chr);
}

int fd_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    FDChardev *s = (FDChardev *)chr;
    ssize_t n;

    if (s->fd_out < 0) {
        return len;
    }
    if (s->out_blocking) {
        /*
         * An fd we share with the rest of the process (stdout) stays blocking, so that
         * stderr, often the same open file, is never made to fail with EAGAIN.  Write only
         * what the fd said it can take: one pipe buffer's worth after POLLOUT.
         */
        struct pollfd pfd = { .fd = s->fd_out, .events = POLLOUT };
        if (poll(&pfd, 1, 0) == 0) {
            errno = EAGAIN;
            return -1;
        }
        len = MIN(len, PIPE_BUF);
    }
    n = write(s->fd_out, buf, len);
    return n < 0 ? -1 : (int)n;
}

GSource *fd_chr_create_watch(Chardev *chr, GIOCondition cond)
{
    FDChardev *s = (FDChardev *)chr;

    if (s->fd_out < 0) {
        return NULL;
    }
    return chr_io_watch_new(s->fd_out, cond);
}

void fd_chr_close(Chardev *chr)
{
    FDChardev *s = (FDChardev *)chr;

    chr_io_source_remove(&s->read_src);
    if (s->own_fds) {
        if (s->fd_in >= 0) {
            close(s->fd_in);
        }
        if (s->fd_out >= 0 && s->fd_out != s->fd_in) {
            close(s->fd_out);
        }
    }
    s->fd_in = s->fd_out = -1;
}
