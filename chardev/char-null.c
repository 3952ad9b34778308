/*
 * The null chardev: output is discarded, input never arrives.  Also stands in for "vc"
 * when there is no display.  Not a sink for data anyone wants back (see char-ringbuf.c).
 */
#include "qemu/osdep.h"
#include "chardev/char-internal.h"

static bool null_chr_open(Chardev *chr, QemuOpts *opts, bool *be_opened, Error **errp)
{
    /* Nothing is ever connected, so frontends get no OPENED event, as in QEMU. */
    *be_opened = false;
    return true;
}

static int null_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    return len;
}

const ChardevClass char_null_class = {
    .name = "null",
    .instance_size = sizeof(Chardev),
    .open = null_chr_open,
    .write = null_chr_write,
};

const ChardevClass char_vc_class = {
    .name = "vc",
    .instance_size = sizeof(Chardev),
    .open = null_chr_open,
    .write = null_chr_write,
};
