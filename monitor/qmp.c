/*
 * QMP connections: the greeting on connect, framing of the input into JSON
 * values, running each request through the dispatcher, writing responses,
 * and broadcasting events to negotiated clients.
 */
#include "qemu/osdep.h"
#include "monitor/monitor-internal.h"
#include "monitor/json-writer.h"

/* The thread that runs the main loop: events from elsewhere are handed to it. */
static GThread *qmp_main_thread;

static void qmp_send(Monitor *mon, JsonNode *msg)
{
    g_autofree char *text = qmp_json_to_string(msg, mon->pretty);

    monitor_puts(mon, text);
    monitor_puts(mon, "\n");
}

static void qmp_send_greeting(Monitor *mon)
{
    JsonObject *qemu = json_object_new();
    JsonObject *version = json_object_new();
    JsonObject *qmp = json_object_new();
    JsonObject *root = json_object_new();
    JsonNode *node;

    json_object_set_int_member(qemu, "micro", QEMU_VERSION_MICRO);
    json_object_set_int_member(qemu, "minor", QEMU_VERSION_MINOR);
    json_object_set_int_member(qemu, "major", QEMU_VERSION_MAJOR);
    json_object_set_object_member(version, "qemu", qemu);
    json_object_set_string_member(version, "package", QEMU_PKGVERSION);
    json_object_set_object_member(qmp, "version", version);
    /* No out-of-band execution: advertise nothing we do not do. */
    json_object_set_array_member(qmp, "capabilities", json_array_new());
    json_object_set_object_member(root, "QMP", qmp);
    node = qmp_node_object(root);
    qmp_send(mon, node);
    json_node_unref(node);
}

static void qmp_handle_value(void *opaque, const char *text, size_t len, Error *err)
{
    Monitor *mon = opaque;
    g_autoptr(JsonParser) parser = NULL;
    GError *gerr = NULL;
    JsonNode *rsp;
    Monitor *old;

    mon->command_done = true;
    if (mon->quitting) {
        error_free(err);
        return;
    }
    if (err) {
        rsp = qmp_error_response(err, NULL);
        qmp_send(mon, rsp);
        json_node_unref(rsp);
        return;
    }
    parser = json_parser_new();
    if (!json_parser_load_from_data(parser, text, len, &gerr)) {
        /* json-glib says "<data>:1:3: Parse error: what"; keep the what. */
        const char *what = strstr(gerr->message, "error: ");
        error_setg(&err, "JSON parse error, %s", what ? what + 7 : gerr->message);
        g_error_free(gerr);
        rsp = qmp_error_response(err, NULL);
        qmp_send(mon, rsp);
        json_node_unref(rsp);
        return;
    }
    old = monitor_set_cur(mon);
    rsp = qmp_dispatch(json_parser_get_root(parser), &mon->negotiated);
    monitor_set_cur(old);
    if (rsp) {
        qmp_send(mon, rsp);
        json_node_unref(rsp);
    }
}

static int qmp_can_read(void *opaque)
{
    return monitor_can_receive(opaque);
}

static void qmp_read(void *opaque, const uint8_t *buf, int size)
{
    monitor_receive(opaque, buf, size);
}

size_t qmp_consume(Monitor *mon, const uint8_t *buf, size_t len)
{
    return json_stream_feed(mon->stream, buf, len);
}

static void qmp_chr_event(void *opaque, QEMUChrEvent event)
{
    Monitor *mon = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        /* Every new client negotiates afresh. */
        mon->negotiated = false;
        monitor_drop_input(mon);
        json_stream_reset(mon->stream);
        qmp_send_greeting(mon);
        break;
    case CHR_EVENT_CLOSED:
        mon->negotiated = false;
        monitor_drop_input(mon);
        json_stream_reset(mon->stream);
        g_hash_table_remove_all(mon->fds);
        g_string_truncate(mon->outbuf, 0);
        break;
    default:
        break;
    }
}

bool qmp_session_init(Monitor *mon, Error **errp)
{
    if (!qmp_main_thread) {
        qmp_main_thread = g_thread_self();
    }
    mon->stream = json_stream_new(qmp_handle_value, mon);
    qemu_chr_fe_set_handlers(&mon->chr, qmp_can_read, qmp_read, qmp_chr_event, mon,
                             NULL, true);
    return true;
}

/* ---- events ---- */

typedef struct QmpPendingEvent {
    char *name;
    JsonObject *data;
    int64_t when;
} QmpPendingEvent;

static void qmp_broadcast(const char *name, JsonObject *data, int64_t when)
{
    JsonObject *ev = json_object_new();
    JsonObject *ts = json_object_new();
    JsonNode *node;

    json_object_set_int_member(ts, "seconds", when / G_USEC_PER_SEC);
    json_object_set_int_member(ts, "microseconds", when % G_USEC_PER_SEC);
    json_object_set_object_member(ev, "timestamp", ts);
    json_object_set_string_member(ev, "event", name);
    if (data) {
        json_object_set_object_member(ev, "data", data);
    }
    node = qmp_node_object(ev);
    for (guint i = 0; monitor_list && i < monitor_list->len; i++) {
        Monitor *mon = g_ptr_array_index(monitor_list, i);
        /* Clients still negotiating get no events, as in QEMU. */
        if (mon->is_qmp && mon->negotiated) {
            qmp_send(mon, node);
        }
    }
    json_node_unref(node);
}

static gboolean qmp_deliver_pending(gpointer opaque)
{
    QmpPendingEvent *pe = opaque;

    qmp_broadcast(pe->name, pe->data, pe->when);
    g_free(pe->name);
    g_free(pe);
    return G_SOURCE_REMOVE;
}

void qmp_event_send(const char *name, JsonObject *data)
{
    int64_t now = g_get_real_time();

    if (qmp_main_thread && g_thread_self() != qmp_main_thread) {
        QmpPendingEvent *pe = g_new0(QmpPendingEvent, 1);
        pe->name = g_strdup(name);
        pe->data = data;
        pe->when = now;
        g_main_context_invoke(NULL, qmp_deliver_pending, pe);
        return;
    }
    qmp_broadcast(name, data, now);
}
