/*
 * The stdio chardev: the emulator's own stdin/stdout, with the terminal in raw mode while
 * it is in use and put back on every way out.  Only one chardev may own stdio.
 */
#include "qemu/osdep.h"
#include <signal.h>
#include <termios.h>
#include "chardev/char-internal.h"

/* The process has one terminal, so these are process-wide. */
static bool stdio_in_use;
static struct termios stdio_saved_tty;
static struct termios stdio_raw_tty;
static volatile sig_atomic_t stdio_raw_active;
static bool stdio_atexit_registered;
static bool stdio_sigcont_installed;
static struct sigaction stdio_old_sigcont;

void stdio_chr_restore_terminal(void)
{
    if (stdio_raw_active) {
        stdio_raw_active = 0;
        tcsetattr(0, TCSANOW, &stdio_saved_tty);
    }
}

static void stdio_atexit(void)
{
    stdio_chr_restore_terminal();
}

/* After "fg" the shell has put its own settings back: make the terminal raw again. */
static void stdio_sigcont(int sig)
{
    int saved_errno = errno;

    if (stdio_raw_active && tcgetpgrp(0) == getpgrp()) {
        tcsetattr(0, TCSANOW, &stdio_raw_tty);
    }
    errno = saved_errno;
}

static void stdio_make_raw(bool allow_signals)
{
    struct sigaction act;

    if (!isatty(0) || tcgetattr(0, &stdio_saved_tty) < 0) {
        return;
    }
    stdio_raw_tty = stdio_saved_tty;
    stdio_raw_tty.c_iflag &= ~(IGNBRK | BRKINT | PARMRK | ISTRIP | INLCR | IGNCR | ICRNL |
                               IXON);
    stdio_raw_tty.c_oflag |= OPOST;     /* keep "\n" -> "\r\n" for the guest's output */
    stdio_raw_tty.c_lflag &= ~(ECHO | ECHONL | ICANON | IEXTEN);
    stdio_raw_tty.c_cflag &= ~(CSIZE | PARENB);
    stdio_raw_tty.c_cflag |= CS8;
    stdio_raw_tty.c_cc[VMIN] = 1;
    stdio_raw_tty.c_cc[VTIME] = 0;
    if (!allow_signals) {
        stdio_raw_tty.c_lflag &= ~ISIG;
    }
    if (!stdio_atexit_registered) {
        atexit(stdio_atexit);
        stdio_atexit_registered = true;
    }
    if (!stdio_sigcont_installed) {
        memset(&act, 0, sizeof(act));
        act.sa_handler = stdio_sigcont;
        act.sa_flags = SA_RESTART;
        sigaction(SIGCONT, &act, &stdio_old_sigcont);
        stdio_sigcont_installed = true;
    }
    stdio_raw_active = 1;
    tcsetattr(0, TCSANOW, &stdio_raw_tty);
}

static bool stdio_chr_open(Chardev *chr, QemuOpts *opts, bool *be_opened, Error **errp)
{
    FDChardev *s = (FDChardev *)chr;
    Error *local_err = NULL;
    bool allow_signals;

    s->fd_in = s->fd_out = -1;
    if (stdio_in_use) {
        error_setg(errp, "cannot use stdio by multiple character devices");
        return false;
    }
    allow_signals = qemu_opt_get_bool(opts, "signal", true, &local_err);
    if (local_err) {
        error_propagate(errp, local_err);
        return false;
    }
    stdio_in_use = true;
    stdio_make_raw(allow_signals);
    /* stdin is only read after poll() says so, and stdout is shared: both stay blocking. */
    s->out_blocking = true;
    fd_chr_attach(chr, 0, 1, false);
    return true;
}

static void stdio_chr_close(Chardev *chr)
{
    FDChardev *s = (FDChardev *)chr;

    if (s->fd_out < 0) {
        return;     /* open failed: the terminal belongs to another stdio chardev */
    }
    fd_chr_close(chr);
    stdio_chr_restore_terminal();
    if (stdio_sigcont_installed) {
        sigaction(SIGCONT, &stdio_old_sigcont, NULL);
        stdio_sigcont_installed = false;
    }
    stdio_in_use = false;
}

const ChardevClass char_stdio_class = {
    .name = "stdio",
    .instance_size = sizeof(FDChardev),
    .open = stdio_chr_open,
    .write = fd_chr_write,
    .create_watch = fd_chr_create_watch,
    .update_read_handler = fd_chr_update_read_handler,
    .close = stdio_chr_close,
};
