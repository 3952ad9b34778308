/*
 * The serial (alias tty) chardev: a host serial device such as /dev/ttyS0, put in raw mode.
 * Line settings requested by the guest UART are not passed through (no ioctl interface).
 */
#include "qemu/osdep.h"
#include <fcntl.h>
#include <termios.h>
#include "chardev/char-internal.h"

static bool serial_chr_open(Chardev *chr, QemuOpts *opts, bool *be_opened, Error **errp)
{
    const char *path = qemu_opt_get(opts, "path");
    struct termios tty;
    int fd;

    ((FDChardev *)chr)->fd_in = ((FDChardev *)chr)->fd_out = -1;
    if (!path) {
        error_setg(errp, "chardev: serial/tty: no device path given");
        return false;
    }
    fd = open(path, O_RDWR | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Could not open '%s'", path);
        return false;
    }
    if (tcgetattr(fd, &tty) == 0) {
        /* 8 bits, no parity, no echo, no line editing: bytes pass as the guest sent them. */
        cfmakeraw(&tty);
        tty.c_cflag |= CLOCAL | CREAD;
        tty.c_cc[VMIN] = 1;
        tty.c_cc[VTIME] = 0;
        tcsetattr(fd, TCSANOW, &tty);
    }
    fd_chr_attach(chr, fd, fd, true);
    return true;
}

const ChardevClass char_serial_class = {
    .name = "serial",
    .instance_size = sizeof(FDChardev),
    .open = serial_chr_open,
    .write = fd_chr_write,
    .create_watch = fd_chr_create_watch,
    .update_read_handler = fd_chr_update_read_handler,
    .close = fd_chr_close,
};
