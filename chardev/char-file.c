/*
 * The file and pipe chardevs: guest output to a file (optionally input from another
 * file), or a FIFO pair PATH.in/PATH.out (or one PATH both ways).  Ttys are char-serial.c.
 */
#include "qemu/osdep.h"
#include <fcntl.h>
#include "chardev/char-internal.h"

static bool file_chr_open(Chardev *chr, QemuOpts *opts, bool *be_opened, Error **errp)
{
    const char *path = qemu_opt_get(opts, "path");
    const char *in_path = qemu_opt_get(opts, "input-path");
    Error *local_err = NULL;
    int flags = O_WRONLY | O_CREAT | O_CLOEXEC;
    int fd_in = -1, fd_out;

    ((FDChardev *)chr)->fd_in = ((FDChardev *)chr)->fd_out = -1;
    if (!path) {
        error_setg(errp, "chardev: file: no filename given");
        return false;
    }
    flags |= qemu_opt_get_bool(opts, "append", false, &local_err) ? O_APPEND : O_TRUNC;
    if (local_err) {
        error_propagate(errp, local_err);
        return false;
    }
    fd_out = open(path, flags, 0666);
    if (fd_out < 0) {
        error_setg_errno(errp, errno, "Could not open '%s'", path);
        return false;
    }
    if (in_path) {
        fd_in = open(in_path, O_RDONLY | O_CLOEXEC);
        if (fd_in < 0) {
            error_setg_errno(errp, errno, "Could not open '%s'", in_path);
            close(fd_out);
            return false;
        }
    }
    fd_chr_attach(chr, fd_in, fd_out, true);
    return true;
}

static bool pipe_chr_open(Chardev *chr, QemuOpts *opts, bool *be_opened, Error **errp)
{
    const char *path = qemu_opt_get(opts, "path");
    g_autofree char *path_in = NULL;
    g_autofree char *path_out = NULL;
    int fd_in, fd_out;

    ((FDChardev *)chr)->fd_in = ((FDChardev *)chr)->fd_out = -1;
    if (!path) {
        error_setg(errp, "chardev: pipe: no filename given");
        return false;
    }
    /* O_RDWR so opening a FIFO does not wait for the other end to appear. */
    path_in = g_strdup_printf("%s.in", path);
    path_out = g_strdup_printf("%s.out", path);
    fd_in = open(path_in, O_RDWR | O_CLOEXEC);
    fd_out = open(path_out, O_RDWR | O_CLOEXEC);
    if (fd_in < 0 || fd_out < 0) {
        if (fd_in >= 0) {
            close(fd_in);
        }
        if (fd_out >= 0) {
            close(fd_out);
        }
        fd_in = fd_out = open(path, O_RDWR | O_CLOEXEC);
        if (fd_in < 0) {
            error_setg_errno(errp, errno, "Could not open '%s'", path);
            return false;
        }
    }
    fd_chr_attach(chr, fd_in, fd_out, true);
    return true;
}

const ChardevClass char_file_class = {
    .name = "file",
    .instance_size = sizeof(FDChardev),
    .open = file_chr_open,
    .write = fd_chr_write,
    .create_watch = fd_chr_create_watch,
    .update_read_handler = fd_chr_update_read_handler,
    .close = fd_chr_close,
};

const ChardevClass char_pipe_class = {
    .name = "pipe",
    .instance_size = sizeof(FDChardev),
    .open = pipe_chr_open,
    .write = fd_chr_write,
    .create_watch = fd_chr_create_watch,
    .update_read_handler = fd_chr_update_read_handler,
    .close = fd_chr_close,
};
