/*
 * What every monitor has: creation on a chardev, the list of monitors,
 * buffered output with back-pressure, passed file descriptors (getfd), the
 * run-state events, and cleanup at exit.  The HMP and QMP protocols live in
 * hmp.c and qmp.c.
 */
#include "qemu/osdep.h"
#include "monitor/monitor-internal.h"
#include "system/runstate.h"

/* The process's monitors (a singleton list, as the process has one set of monitors). */
GPtrArray *monitor_list;
static Monitor *cur_mon;

static char *target_arch;
static bool target_big_endian;

void monitor_set_target_info(const char *arch, bool big_endian)
{
    g_free(target_arch);
    target_arch = g_strdup(arch);
    target_big_endian = big_endian;
}

const char *monitor_target_arch(void)
{
    return target_arch ? target_arch : "unknown";
}

bool monitor_target_big_endian(void)
{
    return target_big_endian;
}

Monitor *monitor_cur(void)
{
    return cur_mon;
}

Monitor *monitor_set_cur(Monitor *mon)
{
    Monitor *old = cur_mon;

    cur_mon = mon;
    return old;
}

static void close_fd_value(gpointer data)
{
    close(GPOINTER_TO_INT(data));
}

Monitor *monitor_new(bool is_qmp)
{
    Monitor *mon = g_new0(Monitor, 1);

    mon->is_qmp = is_qmp;
    mon->outbuf = g_string_new(NULL);
    mon->inbuf = g_string_new(NULL);
    mon->fds = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, close_fd_value);
    mon->last_format = 'x';
    mon->last_size = 4;
    return mon;
}

void monitor_free(Monitor *mon)
{
    if (!mon) {
        return;
    }
    if (mon->out_watch) {
        g_source_remove(mon->out_watch);
    }
    monitor_drop_input(mon);
    if (mon->has_chr) {
        qemu_chr_fe_deinit(&mon->chr, false);
    }
    readline_free(mon->rs);
    json_stream_free(mon->stream);
    g_hash_table_unref(mon->fds);
    g_string_free(mon->outbuf, TRUE);
    g_string_free(mon->inbuf, TRUE);
    if (mon->capture) {
        g_string_free(mon->capture, TRUE);
    }
    if (mon->line) {
        g_string_free(mon->line, TRUE);
    }
    if (cur_mon == mon) {
        cur_mon = NULL;
    }
    g_free(mon);
}

/* ---- output ---- */

static void monitor_schedule_input(Monitor *mon);

static gboolean monitor_writable(void *unused, GIOCondition cond, void *opaque)
{
    Monitor *mon = opaque;

    mon->out_watch = 0;
    monitor_flush(mon);
    /* Input may have been held back while output was piling up. */
    monitor_schedule_input(mon);
    if (mon->has_chr && mon->chr.chr) {
        qemu_chr_fe_accept_input(&mon->chr);
    }
    return G_SOURCE_REMOVE;
}

void monitor_flush(Monitor *mon)
{
    GString *out = mon->outbuf;

    if (!mon->has_chr || !mon->chr.chr) {
        g_string_truncate(out, 0);
        return;
    }
    while (out->len) {
        int n = qemu_chr_fe_write(&mon->chr, (const uint8_t *)out->str,
                                  MIN(out->len, (gsize)INT_MAX));
        if (n > 0) {
            g_string_erase(out, 0, n);
            continue;
        }
        if (n < 0 && errno == EAGAIN) {
            if (!mon->out_watch) {
                mon->out_watch = qemu_chr_fe_add_watch(&mon->chr, G_IO_OUT | G_IO_HUP,
                                                       monitor_writable, mon);
            }
            if (mon->out_watch) {
                return;
            }
            /* No way to wait for the backend: block, as QEMU's write_all does. */
            qemu_chr_fe_write_all(&mon->chr, (const uint8_t *)out->str, out->len);
        }
        /* Nobody is listening (peer gone): the output is lost, as on a closed socket. */
        g_string_truncate(out, 0);
    }
}

void monitor_puts(Monitor *mon, const char *s)
{
    GString *dst;

    if (!mon) {
        return;
    }
    dst = mon->has_chr ? mon->outbuf : mon->capture;
    if (!dst) {
        return;
    }
    for (const char *p = s; *p; p++) {
        if (*p == '\n') {
            g_string_append_c(dst, '\r');
        }
        g_string_append_c(dst, *p);
    }
    if (mon->has_chr) {
        monitor_flush(mon);
    }
}

void monitor_vprintf(Monitor *mon, const char *fmt, va_list ap)
{
    g_autofree char *s = g_strdup_vprintf(fmt, ap);

    monitor_puts(mon ? mon : cur_mon, s);
}

void monitor_printf(Monitor *mon, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    monitor_vprintf(mon, fmt, ap);
    va_end(ap);
}

/* ---- input ---- */

int monitor_can_receive(Monitor *mon)
{
    /* Nothing more while commands are queued or replies pile up unread. */
    if (mon->quitting || mon->inbuf->len || mon->outbuf->len >= MONITOR_OUTBUF_HIGH) {
        return 0;
    }
    return 4096;
}

static gboolean monitor_process_input(gpointer opaque)
{
    Monitor *mon = opaque;
    size_t done = 0;
    Monitor *old = monitor_set_cur(mon);

    mon->command_done = false;
    while (done < mon->inbuf->len && !mon->command_done && !mon->quitting &&
           mon->outbuf->len < MONITOR_OUTBUF_HIGH) {
        const uint8_t *p = (const uint8_t *)mon->inbuf->str + done;
        size_t len = mon->inbuf->len - done;

        done += mon->is_qmp ? qmp_consume(mon, p, len) : hmp_consume(mon, p, len);
    }
    monitor_set_cur(old);
    g_string_erase(mon->inbuf, 0, MIN(done, mon->inbuf->len));
    if (mon->inbuf->len && !mon->quitting) {
        if (mon->outbuf->len >= MONITOR_OUTBUF_HIGH) {
            /* Resume when the reader has taken some output (monitor_writable). */
            mon->in_source = NULL;
            return G_SOURCE_REMOVE;
        }
        return G_SOURCE_CONTINUE;       /* the next command on the next turn */
    }
    if (mon->quitting) {
        g_string_truncate(mon->inbuf, 0);
    }
    mon->in_source = NULL;
    if (mon->has_chr && mon->chr.chr) {
        qemu_chr_fe_accept_input(&mon->chr);
    }
    return G_SOURCE_REMOVE;
}

static void monitor_schedule_input(Monitor *mon)
{
    if (!mon->in_source && mon->inbuf->len) {
        mon->in_source = g_idle_source_new();
        /* As urgent as the chardevs, so that queued commands are not starved. */
        g_source_set_priority(mon->in_source, G_PRIORITY_DEFAULT);
        g_source_set_callback(mon->in_source, monitor_process_input, mon, NULL);
        g_source_attach(mon->in_source, NULL);
        g_source_unref(mon->in_source);
    }
}

void monitor_receive(Monitor *mon, const uint8_t *buf, int size)
{
    if (mon->quitting || size <= 0) {
        return;
    }
    g_string_append_len(mon->inbuf, (const char *)buf, size);
    monitor_schedule_input(mon);
}

void monitor_drop_input(Monitor *mon)
{
    if (mon->in_source) {
        g_source_destroy(mon->in_source);
        mon->in_source = NULL;
    }
    g_string_truncate(mon->inbuf, 0);
}

/* ---- getfd / closefd ---- */

bool monitor_add_fd(Monitor *mon, const char *name, int fd, Error **errp)
{
    if (g_ascii_isdigit(name[0])) {
        error_setg(errp, "Parameter 'fdname' expects a name not starting with a digit");
        return false;
    }
    /* A new fd under an existing name replaces (and closes) the old one. */
    g_hash_table_replace(mon->fds, g_strdup(name), GINT_TO_POINTER(fd));
    return true;
}

bool monitor_close_fd(Monitor *mon, const char *name, Error **errp)
{
    if (!g_hash_table_remove(mon->fds, name)) {
        error_setg(errp, "File descriptor named '%s' not found", name);
        return false;
    }
    return true;
}

int monitor_get_fd(Monitor *mon, const char *name, Error **errp)
{
    gpointer key, value;

    if (!mon || !g_hash_table_lookup_extended(mon->fds, name, &key, &value)) {
        error_setg(errp, "File descriptor named '%s' has not been found", name);
        return -1;
    }
    g_hash_table_steal(mon->fds, name);
    g_free(key);
    return GPOINTER_TO_INT(value);
}

/* ---- run-state events ---- */

static void event_shutdown_or_reset(const char *event, bool guest, ShutdownCause cause)
{
    JsonObject *data = json_object_new();

    json_object_set_boolean_member(data, "guest", guest);
    json_object_set_string_member(data, "reason", shutdown_cause_name(cause));
    qmp_event_send(event, data);
}

static void event_shutdown(bool guest, ShutdownCause cause)
{
    event_shutdown_or_reset("SHUTDOWN", guest, cause);
}

static void event_reset(bool guest, ShutdownCause cause)
{
    event_shutdown_or_reset("RESET", guest, cause);
}

static void event_powerdown(void)
{
    qmp_event_send("POWERDOWN", NULL);
}

static void event_stop(void)
{
    qmp_event_send("STOP", NULL);
}

static void event_resume(void)
{
    qmp_event_send("RESUME", NULL);
}

void monitor_install_runstate_hooks(void)
{
    runstate_hooks.event_shutdown = event_shutdown;
    runstate_hooks.event_reset = event_reset;
    runstate_hooks.event_powerdown = event_powerdown;
    runstate_hooks.event_stop = event_stop;
    runstate_hooks.event_resume = event_resume;
}

/* ---- creation and cleanup ---- */

static bool monitor_attach(Monitor *mon, Chardev *chr, Error **errp)
{
    if (!qemu_chr_fe_init(&mon->chr, chr, errp)) {
        return false;
    }
    mon->has_chr = true;
    if (!monitor_list) {
        monitor_list = g_ptr_array_new();
    }
    g_ptr_array_add(monitor_list, mon);
    monitor_install_runstate_hooks();
    return true;
}

static void monitor_detach(Monitor *mon)
{
    g_ptr_array_remove(monitor_list, mon);
    monitor_free(mon);
}

bool monitor_init_hmp(Chardev *chr, bool use_readline, Error **errp)
{
    Monitor *mon = monitor_new(false);

    mon->use_readline = use_readline;
    if (!monitor_attach(mon, chr, errp)) {
        monitor_free(mon);
        return false;
    }
    if (!hmp_session_init(mon, errp)) {
        monitor_detach(mon);
        return false;
    }
    return true;
}

bool monitor_init_qmp(Chardev *chr, bool pretty, Error **errp)
{
    Monitor *mon = monitor_new(true);

    mon->pretty = pretty;
    if (!monitor_attach(mon, chr, errp)) {
        monitor_free(mon);
        return false;
    }
    if (!qmp_session_init(mon, errp)) {
        monitor_detach(mon);
        return false;
    }
    return true;
}

bool monitor_available(void)
{
    return monitor_list && monitor_list->len > 0;
}

static bool any_output_pending(void)
{
    for (guint i = 0; monitor_list && i < monitor_list->len; i++) {
        Monitor *mon = g_ptr_array_index(monitor_list, i);
        if (mon->outbuf->len) {
            return true;
        }
    }
    return false;
}

void monitor_cleanup(void)
{
    /*
     * Give slow readers a moment to take the last replies and events (the
     * SHUTDOWN that tells them why we exit), without hanging on a dead peer.
     */
    for (int tries = 0; tries < 200 && any_output_pending(); tries++) {
        for (guint i = 0; i < monitor_list->len; i++) {
            monitor_flush(g_ptr_array_index(monitor_list, i));
        }
        if (any_output_pending()) {
            g_usleep(10 * 1000);
        }
    }
    while (monitor_list && monitor_list->len) {
        monitor_detach(g_ptr_array_index(monitor_list, monitor_list->len - 1));
    }
    runstate_hooks.event_shutdown = NULL;
    runstate_hooks.event_reset = NULL;
    runstate_hooks.event_powerdown = NULL;
    runstate_hooks.event_stop = NULL;
    runstate_hooks.event_resume = NULL;
}
