/*
 * Character devices: the host side of serial ports, monitors and virtio
 * consoles (stdio, null, file, pipe, pty, socket, mux, ringbuf), and the
 * CharBackend through which exactly one frontend (device or monitor) uses one.
 * Backends run on the GLib main context of the main loop.
 */
#ifndef CHARDEV_CHAR_H
#define CHARDEV_CHAR_H

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "qemu/option.h"

typedef struct Chardev Chardev;

typedef enum QEMUChrEvent {
    CHR_EVENT_BREAK,    /* serial break */
    CHR_EVENT_OPENED,   /* backend connected / opened */
    CHR_EVENT_MUX_IN,   /* mux: this frontend now has the focus */
    CHR_EVENT_MUX_OUT,  /* mux: this frontend lost the focus */
    CHR_EVENT_CLOSED,   /* peer disconnected */
} QEMUChrEvent;

/* How many bytes the frontend can take now (0 = back-pressure). */
typedef int IOCanReadHandler(void *opaque);
typedef void IOReadHandler(void *opaque, const uint8_t *buf, int size);
typedef void IOEventHandler(void *opaque, QEMUChrEvent event);
typedef gboolean FEWatchFunc(void *do_not_use, GIOCondition condition, void *data);

/* A frontend's handle on a chardev; embed it in the device or monitor state. */
typedef struct CharBackend {
    Chardev *chr;
    IOEventHandler *chr_event;
    IOCanReadHandler *chr_can_read;
    IOReadHandler *chr_read;
    void *opaque;
    int tag;            /* index within a mux */
    bool fe_is_open;
} CharBackend;

/*
 * Create a chardev from -chardev options: the implied first key is "backend"
 * (stdio, null, file, pipe, pty, socket, ringbuf, memory, serial/tty, vc, mux;
 * any of them with "mux=on" becomes "ID-base" under a mux named ID), "id" is
 * required.  Errors name the offending id/option.  For "help" (see
 * qemu_chr_help_text()) it returns NULL without setting errp.
 */
Chardev *qemu_chr_new_from_opts(QemuOpts *opts, Error **errp);

/*
 * If opts ask for help ("-chardev help"), the text to print ("Available chardev
 * backend types: ..."), which the caller frees; otherwise NULL.
 */
char *qemu_chr_help_text(const QemuOpts *opts);

/* -echr: the mux escape key (default 0x01, C-a). */
void qemu_chr_set_escape_char(int c);

/*
 * Create a chardev from a -serial/-monitor/-qmp shorthand: "stdio", "none"
 * (returns NULL without error), "null", "pty", "file:PATH", "pipe:PATH",
 * "unix:PATH[,server=on,wait=off]", "tcp:HOST:PORT[,server=on,...]",
 * "mon:DEV" (mux with a monitor), "chardev:ID" (an existing one),
 * "vc" (treated like "null" without a display).  label becomes the id.
 */
Chardev *qemu_chr_new(const char *label, const char *filename, Error **errp);

/* Like qemu_chr_new() but with mux=on so a monitor can share it. */
Chardev *qemu_chr_new_mux_mon(const char *label, const char *filename, Error **errp);

Chardev *qemu_chr_find(const char *id);
const char *qemu_chr_get_label(const Chardev *chr);
/* QEMU's "filename" shown by info chardev / query-chardev, e.g. "pty:/dev/pts/3". */
const char *qemu_chr_get_filename(const Chardev *chr);
bool qemu_chr_is_mux(const Chardev *chr);
/* query-chardev's "frontend-open": a frontend has the chardev open. */
bool qemu_chr_frontend_open(const Chardev *chr);
/* Remove a chardev; fails if a frontend still uses it. */
bool qemu_chr_delete(const char *id, Error **errp);

/* Call fn for each chardev in creation order (for query-chardev). */
typedef void ChardevForeachFunc(Chardev *chr, void *opaque);
void qemu_chr_foreach(ChardevForeachFunc *fn, void *opaque);

/* Restore the terminal and close every chardev; safe to call more than once
 * and from atexit. */
void qemu_chr_cleanup_all(void);

/*
 * Attach a frontend.  Fails if the chardev already has a frontend ("Device
 * 'ID' is in use"), unless it is a mux, where up to 4 frontends attach.
 */
bool qemu_chr_fe_init(CharBackend *be, Chardev *chr, Error **errp);
/* Detach; with del, also delete the chardev. */
void qemu_chr_fe_deinit(CharBackend *be, bool del);
/* The chardev this frontend is attached to, or NULL. */
Chardev *qemu_chr_fe_get_driver(CharBackend *be);
/* On a mux, give this frontend the input focus (MUX_OUT/MUX_IN are sent). */
void qemu_chr_fe_take_focus(CharBackend *be);
/* Drop the current connection (sockets); the peer may connect again. */
void qemu_chr_fe_disconnect(CharBackend *be);
/*
 * Install the frontend callbacks (NULLs remove them).  context NULL means the
 * main loop's default context.  set_open marks the frontend open.  On a mux,
 * installing handlers takes the input focus, so (as in QEMU) the frontend
 * opened last has it: create the monitor of "mon:stdio" before the serial
 * device and the user starts on the guest console.  A frontend attaching to
 * an already connected backend gets CHR_EVENT_OPENED from this call.
 */
void qemu_chr_fe_set_handlers(CharBackend *be, IOCanReadHandler *fd_can_read,
                              IOReadHandler *fd_read, IOEventHandler *fd_event,
                              void *opaque, GMainContext *context, bool set_open);
/*
 * Non-blocking write; returns bytes written (may be short), -1 with errno on
 * error (EAGAIN: full, retry from a qemu_chr_fe_add_watch() callback; EIO: no
 * peer connected, the data is dropped).  0 when no chardev is attached.
 * Backends with nobody listening (null, a pty nobody opened) accept and drop.
 */
int qemu_chr_fe_write(CharBackend *be, const uint8_t *buf, int len);
/*
 * Blocking write of everything (used for monitor output and the UART without
 * flow control): waits for a slow reader, stops early only on a real error
 * (then returns what was written, or -1).
 */
int qemu_chr_fe_write_all(CharBackend *be, const uint8_t *buf, int len);
void qemu_chr_fe_printf(CharBackend *be, const char *fmt, ...) QEMU_PRINTF(2, 3);
/* Watch for G_IO_OUT/G_IO_HUP so a frontend can resume after a short write. */
guint qemu_chr_fe_add_watch(CharBackend *be, GIOCondition cond, FEWatchFunc func,
                            void *user_data);
/* Take one file descriptor received with SCM_RIGHTS on a unix socket, or -1. */
int qemu_chr_fe_get_msgfd(CharBackend *be);
/* Whether the backend is connected (a socket client is attached). */
bool qemu_chr_fe_backend_connected(CharBackend *be);
/* Tell the frontend's peer we are ready for more input (re-poll can_read). */
void qemu_chr_fe_accept_input(CharBackend *be);
/*
 * Ringbuf: read (and consume) up to size bytes, NUL-terminated, caller frees
 * (for ringbuf-read).  Errors: "Device 'ID' not found", "ID is not a ringbuf
 * device", "size must be greater than zero".
 */
char *qemu_chr_ringbuf_read(const char *id, int64_t size, Error **errp);
/* ringbuf-write: as in QEMU, appends to the ring (what ringbuf-read returns), not to input. */
bool qemu_chr_ringbuf_write(const char *id, const char *data, Error **errp);

#endif
