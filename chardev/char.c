/*
 * Chardev core: the registry of chardevs by id, creation from -chardev options and from
 * -serial/-monitor shorthands, the backend-side delivery of input and events, and the
 * poll sources backends share.  Backends live in char-*.c; the frontend API in char-fe.c.
 */
#include "qemu/osdep.h"
#include <fcntl.h>
#include "chardev/char-internal.h"

/* The process's chardevs in creation order (the one registry a process has). */
static GPtrArray *chardevs;

static const struct {
    const char *name;
    const ChardevClass *cls;
} chardev_drivers[] = {
    { "file", &char_file_class },
    { "memory", &char_memory_class },
    { "mux", &char_mux_class },
    { "null", &char_null_class },
    { "pipe", &char_pipe_class },
    { "pty", &char_pty_class },
    { "ringbuf", &char_ringbuf_class },
    { "serial", &char_serial_class },
    { "socket", &char_socket_class },
    { "stdio", &char_stdio_class },
    { "tty", &char_serial_class },
    { "vc", &char_vc_class },
};

/* Every option -chardev knows; irrelevant ones are ignored by the backend, as in QEMU. */
static const char *const chardev_known_opts[] = {
    "backend", "id", "path", "host", "port", "fd", "local", "localaddr", "localport", "to",
    "ipv4", "ipv6", "wait", "server", "delay", "nodelay", "reconnect", "telnet", "tn3270",
    "websocket", "tls-creds", "tls-authz", "width", "height", "cols", "rows", "mux",
    "signal", "name", "debug", "size", "chardev", "append", "logfile", "logappend",
    "mouse", "clipboard", "tight", "abstract", "input-path",
};

static const ChardevClass *chardev_class_find(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(chardev_drivers); i++) {
        if (strcmp(chardev_drivers[i].name, name) == 0) {
            return chardev_drivers[i].cls;
        }
    }
    return NULL;
}

static bool is_help_option(const char *s)
{
    return s && (strcmp(s, "help") == 0 || strcmp(s, "?") == 0);
}

char *qemu_chr_help_text(const QemuOpts *opts)
{
    GString *s;

    if (!opts->help && !is_help_option(qemu_opt_get(opts, "backend"))) {
        return NULL;
    }
    s = g_string_new("Available chardev backend types: ");
    for (size_t i = 0; i < ARRAY_SIZE(chardev_drivers); i++) {
        g_string_append_printf(s, "\n  %s", chardev_drivers[i].name);
    }
    g_string_append_c(s, '\n');
    return g_string_free(s, FALSE);
}

/* ---- registry and lifetime ---- */

Chardev *qemu_chr_find(const char *id)
{
    if (!chardevs || !id) {
        return NULL;
    }
    for (guint i = 0; i < chardevs->len; i++) {
        Chardev *chr = g_ptr_array_index(chardevs, i);
        if (strcmp(chr->label, id) == 0) {
            return chr;
        }
    }
    return NULL;
}

const char *qemu_chr_get_label(const Chardev *chr)
{
    return chr->label;
}

const char *qemu_chr_get_filename(const Chardev *chr)
{
    return chr->filename;
}

bool qemu_chr_is_mux(const Chardev *chr)
{
    return chr && chr->cls == &char_mux_class;
}

bool qemu_chr_frontend_open(const Chardev *chr)
{
    if (qemu_chr_is_mux(chr)) {
        return mux_chr_any_frontend_open(chr);
    }
    return chr->be && chr->be->fe_is_open;
}

void qemu_chr_foreach(ChardevForeachFunc *fn, void *opaque)
{
    if (!chardevs) {
        return;
    }
    /* Copy: fn may add or remove chardevs. */
    g_autoptr(GPtrArray) copy = g_ptr_array_new();
    for (guint i = 0; i < chardevs->len; i++) {
        Chardev *chr = g_ptr_array_index(chardevs, i);
        chr_ref(chr);
        g_ptr_array_add(copy, chr);
    }
    for (guint i = 0; i < copy->len; i++) {
        Chardev *chr = g_ptr_array_index(copy, i);
        if (!chr->deleted) {
            fn(chr, opaque);
        }
        chr_unref(chr);
    }
}

void chr_ref(Chardev *chr)
{
    chr->refcnt++;
}

void chr_unref(Chardev *chr)
{
    if (--chr->refcnt > 0) {
        return;
    }
    g_free(chr->label);
    g_free(chr->filename);
    g_free(chr);
}

void chr_set_filename(Chardev *chr, const char *filename)
{
    g_free(chr->filename);
    chr->filename = g_strdup(filename);
}

static void detach_frontend(CharBackend *be, void *opaque)
{
    be->chr = NULL;
    be->fe_is_open = false;
}

void chr_destroy(Chardev *chr)
{
    Chardev *base;

    if (chr->deleted) {
        return;
    }
    chr->deleted = true;
    if (chardevs) {
        g_ptr_array_remove(chardevs, chr);
    }
    /* Frontends that outlive us (cleanup at exit) must see "no chardev", not a dangling one. */
    if (qemu_chr_is_mux(chr)) {
        mux_chr_for_each_frontend(chr, detach_frontend, NULL);
    } else if (chr->be) {
        detach_frontend(chr->be, NULL);
        chr->be = NULL;
    }
    base = chr->owned_base;
    chr->owned_base = NULL;
    if (chr->cls->close) {
        chr->cls->close(chr);
    }
    if (chr->logfd >= 0) {
        close(chr->logfd);
        chr->logfd = -1;
    }
    if (base) {
        chr_destroy(base);
    }
    chr_unref(chr);
}

static bool qemu_chr_is_busy(Chardev *chr)
{
    if (qemu_chr_is_mux(chr)) {
        return mux_chr_has_frontends(chr);
    }
    return chr->be != NULL;
}

bool qemu_chr_delete(const char *id, Error **errp)
{
    Chardev *chr = qemu_chr_find(id);

    if (!chr) {
        error_setg(errp, "Chardev '%s' not found", id);
        return false;
    }
    if (qemu_chr_is_busy(chr)) {
        error_setg(errp, "Chardev '%s' is busy", id);
        return false;
    }
    chr_destroy(chr);
    return true;
}

void qemu_chr_cleanup_all(void)
{
    stdio_chr_restore_terminal();
    while (chardevs && chardevs->len) {
        /* Newest first, so a mux goes before the chardev underneath it. */
        chr_destroy(g_ptr_array_index(chardevs, chardevs->len - 1));
    }
}

/* ---- creation ---- */

static bool check_id_free(const char *id, Error **errp)
{
    if (qemu_chr_find(id)) {
        /* QEMU's wording, which scripts look for. */
        error_setg(errp, "attempt to add duplicate property '%s' to object (type 'container')",
                   id);
        return false;
    }
    return true;
}

static bool open_logfile(Chardev *chr, QemuOpts *opts, Error **errp)
{
    const char *logfile = qemu_opt_get(opts, "logfile");
    Error *local_err = NULL;
    bool append;
    int fd;

    if (!logfile) {
        return true;
    }
    append = qemu_opt_get_bool(opts, "logappend", false, &local_err);
    if (local_err) {
        error_propagate(errp, local_err);
        return false;
    }
    fd = open(logfile, O_WRONLY | O_CREAT | O_CLOEXEC | (append ? O_APPEND : O_TRUNC), 0666);
    if (fd < 0) {
        error_setg_errno(errp, errno, "Unable to open logfile %s", logfile);
        return false;
    }
    chr->logfd = fd;
    return true;
}

/* Create and register one chardev of class cls with the given label. */
static Chardev *chardev_new(const ChardevClass *cls, const char *label, QemuOpts *opts,
                            Error **errp)
{
    Chardev *chr;
    bool be_opened = true;

    if (!check_id_free(label, errp)) {
        return NULL;
    }
    chr = g_malloc0(cls->instance_size);
    chr->cls = cls;
    chr->label = g_strdup(label);
    chr->refcnt = 1;
    chr->logfd = -1;
    if (!open_logfile(chr, opts, errp) || !cls->open(chr, opts, &be_opened, errp)) {
        chr->deleted = true;
        if (cls->close) {
            cls->close(chr);
        }
        if (chr->logfd >= 0) {
            close(chr->logfd);
        }
        chr_unref(chr);
        return NULL;
    }
    if (!chr->filename) {
        chr->filename = g_strdup(cls->name);
    }
    if (!chardevs) {
        chardevs = g_ptr_array_new();
    }
    g_ptr_array_add(chardevs, chr);
    if (be_opened) {
        qemu_chr_be_event(chr, CHR_EVENT_OPENED);
    }
    return chr;
}

static bool is_known_opt(const char *name)
{
    for (size_t k = 0; k < ARRAY_SIZE(chardev_known_opts); k++) {
        if (strcmp(name, chardev_known_opts[k]) == 0) {
            return true;
        }
    }
    return false;
}

/*
 * A copy of opts with QEMU's short-form negated flags spelled out: "server,nowait" still
 * fills countless scripts ("-qmp unix:/tmp/q,server,nowait"), and QEMU 7.2 still takes it.
 * Only a bare flag "noX" whose X is an option (and which is no option itself, unlike
 * "nodelay") becomes X=off.  Anything else unknown is an error.
 */
static QemuOpts *normalize_opts(const QemuOpts *opts, Error **errp)
{
    QemuOpts *copy = qemu_opts_new();

    copy->help = opts->help;
    for (guint i = 0; i < opts->opts->len; i++) {
        QemuOpt *opt = g_ptr_array_index(opts->opts, i);

        if (is_known_opt(opt->name)) {
            qemu_opt_set(copy, opt->name, opt->str);
        } else if (g_str_has_prefix(opt->name, "no") && is_known_opt(opt->name + 2) &&
                   strcmp(opt->str, "on") == 0) {
            qemu_opt_set(copy, opt->name + 2, "off");
        } else {
            error_setg(errp, "Invalid parameter '%s'", opt->name);
            qemu_opts_del(copy);
            return NULL;
        }
    }
    if (opts->id && !copy->id) {
        copy->id = g_strdup(opts->id);
    }
    return copy;
}

static Chardev *chr_new_from_checked_opts(QemuOpts *opts, Error **errp);

Chardev *qemu_chr_new_from_opts(QemuOpts *opts, Error **errp)
{
    g_autoptr(QemuOpts) checked = NULL;

    if (opts->help || is_help_option(qemu_opt_get(opts, "backend"))) {
        return NULL;        /* the caller prints qemu_chr_help_text() */
    }
    checked = normalize_opts(opts, errp);
    if (!checked) {
        return NULL;
    }
    return chr_new_from_checked_opts(checked, errp);
}

static Chardev *chr_new_from_checked_opts(QemuOpts *opts, Error **errp)
{
    const char *backend = qemu_opt_get(opts, "backend");
    const char *id = opts->id ? opts->id : qemu_opt_get(opts, "id");
    const ChardevClass *cls;
    Error *local_err = NULL;
    g_autofree char *base_id = NULL;
    Chardev *base, *mux;
    bool want_mux;

    if (!id) {
        error_setg(errp, "chardev: no id specified");
        return NULL;
    }
    if (!backend) {
        error_setg(errp, "chardev: \"%s\" missing backend", id);
        return NULL;
    }
    cls = chardev_class_find(backend);
    if (!cls) {
        error_setg(errp, "'%s' is not a valid char driver name", backend);
        return NULL;
    }
    want_mux = qemu_opt_get_bool(opts, "mux", false, &local_err);
    if (local_err) {
        error_propagate(errp, local_err);
        return NULL;
    }
    if (!want_mux || cls == &char_mux_class) {
        return chardev_new(cls, id, opts, errp);
    }

    /* mux=on: the backend becomes "ID-base" and a mux named ID sits on top of it. */
    base_id = g_strdup_printf("%s-base", id);
    if (!check_id_free(id, errp)) {
        return NULL;
    }
    base = chardev_new(cls, base_id, opts, errp);
    if (!base) {
        return NULL;
    }
    g_autoptr(QemuOpts) mux_opts = qemu_opts_new();
    qemu_opt_set(mux_opts, "chardev", base_id);
    mux = chardev_new(&char_mux_class, id, mux_opts, errp);
    if (!mux) {
        chr_destroy(base);
        return NULL;
    }
    mux->owned_base = base;
    return mux;
}

/* Parse "host:port" (host may be empty or "[v6addr]") into opts; false if malformed. */
static bool parse_compat_inet(const char *p, QemuOpts *opts, Error **errp)
{
    size_t addr_len = strcspn(p, ",");
    g_autofree char *addr = g_strndup(p, addr_len);
    g_autofree char *host = NULL;
    const char *port;

    if (addr[0] == '[') {
        char *close = strchr(addr, ']');
        if (!close || close[1] != ':') {
            return false;
        }
        host = g_strndup(addr + 1, close - addr - 1);
        port = close + 2;
    } else {
        char *colon = strchr(addr, ':');
        if (!colon) {
            return false;
        }
        host = g_strndup(addr, colon - addr);
        port = colon + 1;
    }
    if (!port[0]) {
        return false;
    }
    qemu_opt_set(opts, "backend", "socket");
    qemu_opt_set(opts, "host", host);
    qemu_opt_set(opts, "port", port);
    if (p[addr_len] == ',') {
        g_autoptr(QemuOpts) extra = qemu_opts_parse(p + addr_len + 1, NULL, errp);
        if (!extra) {
            return false;
        }
        for (guint i = 0; i < extra->opts->len; i++) {
            QemuOpt *opt = g_ptr_array_index(extra->opts, i);
            qemu_opt_set(opts, opt->name, opt->str);
        }
    }
    return true;
}

/*
 * Translate a -serial/-monitor shorthand into -chardev options.  Returns NULL with errp
 * set when the string is not one we know.
 */
static QemuOpts *parse_compat(const char *label, const char *filename, bool mux,
                              Error **errp)
{
    static const char *const plain[] = { "null", "stdio", "pty" };
    QemuOpts *opts = NULL;
    Error *local_err = NULL;
    const char *p;

    for (size_t i = 0; i < ARRAY_SIZE(plain); i++) {
        if (strcmp(filename, plain[i]) == 0) {
            opts = qemu_opts_new();
            qemu_opt_set(opts, "backend", filename);
        }
    }
    if (opts) {
        goto done;
    }
    if (strcmp(filename, "vc") == 0 || g_str_has_prefix(filename, "vc:")) {
        opts = qemu_opts_new();
        qemu_opt_set(opts, "backend", "vc");
    } else if (g_str_has_prefix(filename, "file:")) {
        opts = qemu_opts_new();
        qemu_opt_set(opts, "backend", "file");
        qemu_opt_set(opts, "path", filename + 5);
    } else if (g_str_has_prefix(filename, "pipe:")) {
        opts = qemu_opts_new();
        qemu_opt_set(opts, "backend", "pipe");
        qemu_opt_set(opts, "path", filename + 5);
    } else if (g_str_has_prefix(filename, "unix:")) {
        opts = qemu_opts_parse(filename + 5, "path", &local_err);
        if (!opts) {
            error_propagate(errp, local_err);
            return NULL;
        }
        qemu_opt_set(opts, "backend", "socket");
    } else if ((p = g_str_has_prefix(filename, "tcp:") ? filename + 4 : NULL) ||
               (p = g_str_has_prefix(filename, "telnet:") ? filename + 7 : NULL)) {
        opts = qemu_opts_new();
        if (!parse_compat_inet(p, opts, &local_err)) {
            qemu_opts_del(opts);
            if (local_err) {
                error_propagate(errp, local_err);
            } else {
                error_setg(errp, "'%s' is not a valid char driver", filename);
            }
            return NULL;
        }
        if (g_str_has_prefix(filename, "telnet:")) {
            qemu_opt_set(opts, "telnet", "on");
        }
    } else if (g_str_has_prefix(filename, "/dev/")) {
        opts = qemu_opts_new();
        qemu_opt_set(opts, "backend", "serial");
        qemu_opt_set(opts, "path", filename);
    } else {
        error_setg(errp, "'%s' is not a valid char driver", filename);
        return NULL;
    }
done:
    qemu_opt_set(opts, "id", label);
    if (mux) {
        qemu_opt_set(opts, "mux", "on");
    }
    return opts;
}

static Chardev *chr_new_compat(const char *label, const char *filename, bool force_mux,
                               Error **errp)
{
    bool mux = force_mux;
    QemuOpts *opts;
    Chardev *chr;

    if (g_str_has_prefix(filename, "mon:")) {
        filename += 4;
        mux = true;
    }
    if (strcmp(filename, "none") == 0) {
        return NULL;
    }
    if (g_str_has_prefix(filename, "chardev:")) {
        chr = qemu_chr_find(filename + 8);
        if (!chr) {
            error_setg(errp, "Chardev '%s' not found", filename + 8);
        }
        return chr;
    }
    opts = parse_compat(label, filename, mux, errp);
    if (!opts) {
        return NULL;
    }
    chr = qemu_chr_new_from_opts(opts, errp);
    qemu_opts_del(opts);
    return chr;
}

Chardev *qemu_chr_new(const char *label, const char *filename, Error **errp)
{
    return chr_new_compat(label, filename, false, errp);
}

Chardev *qemu_chr_new_mux_mon(const char *label, const char *filename, Error **errp)
{
    return chr_new_compat(label, filename, true, errp);
}

/* ---- backend side ---- */

int qemu_chr_be_can_write(Chardev *chr)
{
    CharBackend *be = chr->be;

    if (!be || !be->chr_can_read) {
        return 0;
    }
    return be->chr_can_read(be->opaque);
}

void qemu_chr_be_write(Chardev *chr, const uint8_t *buf, int len)
{
    CharBackend *be = chr->be;

    if (be && be->chr_read) {
        be->chr_read(be->opaque, buf, len);
    }
}

void qemu_chr_be_event(Chardev *chr, QEMUChrEvent event)
{
    if (event == CHR_EVENT_OPENED) {
        chr->be_open = true;
    } else if (event == CHR_EVENT_CLOSED) {
        chr->be_open = false;
    }
    if (chr->cls->be_event) {
        chr->cls->be_event(chr, event);
    } else if (chr->be && chr->be->chr_event) {
        chr->be->chr_event(chr->be->opaque, event);
    }
}

/* ---- poll sources ---- */

void chr_fd_set_nonblock_cloexec(int fd)
{
    int fl = fcntl(fd, F_GETFL);

    if (fl >= 0) {
        fcntl(fd, F_SETFL, fl | O_NONBLOCK);
    }
    fl = fcntl(fd, F_GETFD);
    if (fl >= 0) {
        fcntl(fd, F_SETFD, fl | FD_CLOEXEC);
    }
}

typedef struct ChrReadSource {
    GSource source;
    Chardev *chr;
    int fd;
    gpointer tag;           /* non-NULL while fd is polled */
    ChrIOReadFunc *fn;
} ChrReadSource;

static gboolean chr_read_source_prepare(GSource *source, gint *timeout)
{
    ChrReadSource *s = (ChrReadSource *)source;
    bool want = !s->chr->deleted && qemu_chr_be_can_write(s->chr) > 0;

    /*
     * Drop the fd from the poll set while the frontend cannot take input: polling it
     * anyway would spin on a readable (or hung-up) fd we are not allowed to read.
     */
    if (want && !s->tag) {
        s->tag = g_source_add_unix_fd(source, s->fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
    } else if (!want && s->tag) {
        g_source_remove_unix_fd(source, s->tag);
        s->tag = NULL;
    }
    *timeout = -1;
    return FALSE;
}

static gboolean chr_read_source_dispatch(GSource *source, GSourceFunc cb, gpointer data)
{
    ChrReadSource *s = (ChrReadSource *)source;
    Chardev *chr = s->chr;
    GIOCondition cond;
    gboolean keep;

    if (!s->tag) {
        return G_SOURCE_CONTINUE;
    }
    cond = g_source_query_unix_fd(source, s->tag);
    if (!cond) {
        return G_SOURCE_CONTINUE;
    }
    chr_ref(chr);
    keep = s->fn(chr, cond);
    chr_unref(chr);
    return keep;
}

static GSourceFuncs chr_read_source_funcs = {
    .prepare = chr_read_source_prepare,
    .dispatch = chr_read_source_dispatch,
};

GSource *chr_io_read_source_attach(Chardev *chr, int fd, ChrIOReadFunc *fn)
{
    GSource *source = g_source_new(&chr_read_source_funcs, sizeof(ChrReadSource));
    ChrReadSource *s = (ChrReadSource *)source;

    s->chr = chr;
    s->fd = fd;
    s->fn = fn;
    g_source_set_name(source, "chardev-read");
    g_source_attach(source, chr->context);
    return source;
}

void chr_io_source_remove(GSource **src)
{
    if (*src) {
        g_source_destroy(*src);
        g_source_unref(*src);
        *src = NULL;
    }
}

typedef struct ChrWatchSource {
    GSource source;
    int fd;                 /* our own dup, so a closed and reused fd cannot confuse us */
    gpointer tag;
} ChrWatchSource;

static gboolean chr_watch_dispatch(GSource *source, GSourceFunc cb, gpointer data)
{
    ChrWatchSource *s = (ChrWatchSource *)source;
    FEWatchFunc *fn = (FEWatchFunc *)(void (*)(void))cb;

    if (!fn) {
        return G_SOURCE_REMOVE;
    }
    return fn(NULL, g_source_query_unix_fd(source, s->tag), data);
}

static void chr_watch_finalize(GSource *source)
{
    ChrWatchSource *s = (ChrWatchSource *)source;

    if (s->fd >= 0) {
        close(s->fd);
    }
}

static GSourceFuncs chr_watch_funcs = {
    .dispatch = chr_watch_dispatch,
    .finalize = chr_watch_finalize,
};

GSource *chr_io_watch_new(int fd, GIOCondition cond)
{
    int copy = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    GSource *source;
    ChrWatchSource *s;

    if (copy < 0) {
        return NULL;
    }
    source = g_source_new(&chr_watch_funcs, sizeof(ChrWatchSource));
    s = (ChrWatchSource *)source;
    s->fd = copy;
    s->tag = g_source_add_unix_fd(source, copy, cond);
    g_source_set_name(source, "chardev-watch");
    return source;
}
