/*
 * What chardev backends share with the core (chardev/char.c): the Chardev struct, the
 * per-backend operations table, the I/O sources and the fd helper.  Not for frontends:
 * devices and monitors use include/chardev/char.h only.
 */
#ifndef CHARDEV_CHAR_INTERNAL_H
#define CHARDEV_CHAR_INTERNAL_H

#include "chardev/char.h"
#include "system/runstate.h"

#define MAX_MUX 4

typedef struct ChardevClass {
    const char *name;       /* -chardev backend name, also the default query-chardev filename */
    size_t instance_size;   /* size of the backend's struct, which starts with a Chardev */
    /*
     * Open from -chardev options.  *be_opened starts true; clear it when the backend is
     * not connected yet (a socket without peer, a pty nobody opened).  On failure set errp;
     * close() is still called to release what open() got.
     */
    bool (*open)(Chardev *chr, QemuOpts *opts, bool *be_opened, Error **errp);
    /* Non-blocking: bytes taken (possibly short), or -1 with errno (EAGAIN = try later). */
    int (*write)(Chardev *chr, const uint8_t *buf, int len);
    /* A source firing when cond holds on the output, or NULL if there is nothing to wait on. */
    GSource *(*create_watch)(Chardev *chr, GIOCondition cond);
    /* The frontend's handlers or chr->context changed: (re)attach read sources. */
    void (*update_read_handler)(Chardev *chr);
    /* The frontend can take input again. */
    void (*accept_input)(Chardev *chr);
    int (*get_msgfd)(Chardev *chr);
    void (*disconnect)(Chardev *chr);
    /* Deliver an event to the frontend(s); NULL means to chr->be. */
    void (*be_event)(Chardev *chr, QEMUChrEvent event);
    /* Release everything open() acquired; the core frees the struct. */
    void (*close)(Chardev *chr);
} ChardevClass;

struct Chardev {
    const ChardevClass *cls;
    char *label;
    char *filename;         /* what query-chardev shows; backends may replace it */
    CharBackend *be;        /* the one frontend, NULL if none (unused by a mux) */
    GMainContext *context;  /* where read sources run; NULL = the default context */
    bool be_open;           /* connected: OPENED was sent, CLOSED not since */
    bool deleted;           /* removed from the registry, waiting for the last reference */
    int refcnt;
    int logfd;              /* logfile=, or -1 */
    Chardev *owned_base;    /* mux=on: the "-base" chardev we delete along with the mux */
};

/* Registry and lifetime (char.c). */
void chr_ref(Chardev *chr);
void chr_unref(Chardev *chr);
/* Remove from the registry, detach frontends, close, drop the registry's reference. */
void chr_destroy(Chardev *chr);
void chr_set_filename(Chardev *chr, const char *filename);

/* Backend side: what the frontend can take now, deliver input, deliver an event. */
int qemu_chr_be_can_write(Chardev *chr);
void qemu_chr_be_write(Chardev *chr, const uint8_t *buf, int len);
void qemu_chr_be_event(Chardev *chr, QEMUChrEvent event);

/*
 * A read source on fd, attached to chr->context: before every poll it asks the frontend
 * how much it can take and only polls fd when that is > 0 (back-pressure without
 * busy-looping).  fn is called with the poll result; returning FALSE removes the source.
 */
typedef gboolean ChrIOReadFunc(Chardev *chr, GIOCondition cond);
GSource *chr_io_read_source_attach(Chardev *chr, int fd, ChrIOReadFunc *fn);
/* Destroy and release *src if set, then clear it. */
void chr_io_source_remove(GSource **src);
/* A source for qemu_chr_fe_add_watch() on fd; it keeps its own dup of fd. */
GSource *chr_io_watch_new(int fd, GIOCondition cond);
/* Set O_NONBLOCK and FD_CLOEXEC. */
void chr_fd_set_nonblock_cloexec(int fd);

/* Helper for backends built on plain file descriptors (char-fd.c). */
typedef struct FDChardev {
    Chardev parent;
    int fd_in;              /* -1: no input */
    int fd_out;             /* -1: output discarded */
    bool own_fds;           /* close fds on close (false for stdio) */
    bool out_blocking;      /* fd_out is blocking (stdio): poll before each write */
    GSource *read_src;
    /* Called when fd_in reaches EOF or fails; default: stop reading and send CLOSED. */
    void (*on_eof)(Chardev *chr);
} FDChardev;

void fd_chr_attach(Chardev *chr, int fd_in, int fd_out, bool own_fds);
int fd_chr_write(Chardev *chr, const uint8_t *buf, int len);
GSource *fd_chr_create_watch(Chardev *chr, GIOCondition cond);
void fd_chr_update_read_handler(Chardev *chr);
void fd_chr_stop_reading(Chardev *chr);
void fd_chr_close(Chardev *chr);

/* Mux (char-mux.c). */
int mux_chr_attach_frontend(Chardev *chr, CharBackend *be, Error **errp);
void mux_chr_detach_frontend(Chardev *chr, CharBackend *be);
/* A frontend installed handlers: it takes the focus. */
void mux_chr_frontend_opened(Chardev *chr, CharBackend *be);
void mux_chr_set_focus(Chardev *chr, int focus);
bool mux_chr_any_frontend_open(const Chardev *chr);
bool mux_chr_has_frontends(const Chardev *chr);
void mux_chr_for_each_frontend(Chardev *chr, void (*fn)(CharBackend *be, void *opaque),
                               void *opaque);
/* What C-a x calls: qemu_system_shutdown_request(), unless a unit test looks instead. */
extern void (*mux_chr_shutdown_request)(ShutdownCause cause);

/* Stdio (char-stdio.c): put the terminal back as we found it; async-signal-safe. */
void stdio_chr_restore_terminal(void);

/* Backend classes (one per file). */
extern const ChardevClass char_null_class;
extern const ChardevClass char_vc_class;
extern const ChardevClass char_stdio_class;
extern const ChardevClass char_file_class;
extern const ChardevClass char_pipe_class;
extern const ChardevClass char_serial_class;
extern const ChardevClass char_pty_class;
extern const ChardevClass char_socket_class;
extern const ChardevClass char_ringbuf_class;
extern const ChardevClass char_memory_class;
extern const ChardevClass char_mux_class;

#endif
