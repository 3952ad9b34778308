/*
 * The migration commands of both monitors (migrate, migrate_cancel,
 * migrate-incoming, parameters, capabilities, query-migrate / info migrate),
 * their QMP schema, the MIGRATION and MIGRATION_PASS events, and fd:NAME
 * through getfd.  Names, arguments, errors and output follow QEMU 7.2; the
 * work itself is the migration engine's (include/migration/misc.h).
 */
#include "qemu/osdep.h"
#include "monitor/monitor-internal.h"
#include "monitor/json-writer.h"
#include "migration/misc.h"
#include "qemu/option.h"
#include "system/runstate.h"

/*
 * The parameters this build implements, with their QMP type and the unit
 * "info migrate_parameters" prints.  Only those the engine lists are
 * registered (migration_parameter_names()), in QEMU's order.
 */
typedef struct MigrationParamDesc {
    const char *name;
    const char *qmp_type;
    /* HMP migrate_set_parameter: a plain number counts MiB (else bytes). */
    bool hmp_mebibytes;
    const char *unit;        /* after the number in info migrate_parameters */
} MigrationParamDesc;

static const MigrationParamDesc param_descs[] = {
    { "max-bandwidth", "size", true, " bytes/second" },
    { "downtime-limit", "uint64", false, " ms" },
};

/* ---- schema: types (some filled in from the engine at start-up) ---- */

static const char *status_values[MIGRATION_STATUS__MAX + 1];
static const char *capability_values[MIGRATION_CAPABILITY__MAX + 1];
static QmpMember param_members[ARRAY_SIZE(param_descs) + 1];
static const MigrationParamDesc *params_enabled[ARRAY_SIZE(param_descs)];
static size_t n_params_enabled;

/*
 * QEMU's MigrationStats members are all mandatory.  Those counting features
 * this build does not have (postcopy, multifd, zero-copy; "skipped" is a
 * legacy member QEMU reports as 0 too) are reported as the 0 they really are.
 */
static const QmpMember migration_stats_members[] = {
    { "transferred", "int" }, { "remaining", "int" }, { "total", "int" },
    { "duplicate", "int" }, { "skipped", "int" }, { "normal", "int" },
    { "normal-bytes", "int" }, { "dirty-pages-rate", "int" }, { "mbps", "number" },
    { "dirty-sync-count", "int" }, { "postcopy-requests", "int" }, { "page-size", "int" },
    { "multifd-bytes", "int" }, { "pages-per-second", "int" }, { "precopy-bytes", "int" },
    { "downtime-bytes", "int" }, { "postcopy-bytes", "int" },
    { "dirty-sync-missed-zero-copy", "int" }, { NULL }
};

/* MigrationInfo without the members for features this build has no part of. */
static const QmpMember migration_info_members[] = {
    { "*status", "MigrationStatus" }, { "*ram", "MigrationStats" },
    { "*total-time", "int" }, { "*expected-downtime", "int" }, { "*downtime", "int" },
    { "*setup-time", "int" }, { "*error-desc", "str" }, { "*blocked-reasons", "[str]" },
    { NULL }
};

static const QmpTypeDef migration_types[] = {
    { "MigrationStatus", QMP_META_ENUM, .values = status_values },
    { "MigrationStats", QMP_META_OBJECT, .members = migration_stats_members },
    { "MigrationInfo", QMP_META_OBJECT, .members = migration_info_members },
    { "MigrationCapability", QMP_META_ENUM, .values = capability_values },
    { "MigrationCapabilityStatus", QMP_META_OBJECT, .members = (const QmpMember[]) {
        { "capability", "MigrationCapability" }, { "state", "bool" }, { NULL } } },
    { "MigrationParameters", QMP_META_OBJECT, .members = param_members },
    { NULL }
};

/* ---- helpers ---- */

static const MigrationParamDesc *param_desc(const char *name)
{
    for (size_t i = 0; i < n_params_enabled; i++) {
        if (!strcmp(params_enabled[i]->name, name)) {
            return params_enabled[i];
        }
    }
    return NULL;
}

static uint64_t param_value(const MigrationParameters *p, const char *name)
{
    if (!strcmp(name, "max-bandwidth")) {
        return p->max_bandwidth;
    }
    if (!strcmp(name, "downtime-limit")) {
        return p->downtime_limit;
    }
    g_assert_not_reached();
}

/* A validated uint64/size member: big values arrive as doubles, negative
 * ones as their two's complement (as QEMU's input visitor takes them). */
static uint64_t arg_uint64(JsonObject *args, const char *name)
{
    JsonNode *n = json_object_get_member(args, name);

    if (json_node_get_value_type(n) == G_TYPE_DOUBLE) {
        return (uint64_t)json_node_get_double(n);
    }
    return (uint64_t)json_node_get_int(n);
}

/*
 * Set several parameters all or nothing, as QEMU checks every value before
 * applying any: on a failure the ones already set get their old values back.
 */
static bool set_parameters(const char *const *names, const uint64_t *values, size_t n,
                           Error **errp)
{
    MigrationParameters old;

    migration_get_parameters(&old);
    for (size_t i = 0; i < n; i++) {
        if (!migration_set_parameter(names[i], values[i], errp)) {
            for (size_t j = 0; j < i; j++) {
                migration_set_parameter(names[j], param_value(&old, names[j]), NULL);
            }
            return false;
        }
    }
    return true;
}

/* A uint64 in JSON: json-glib integers are signed, so big ones go as doubles. */
static void set_uint64_member(JsonObject *o, const char *name, uint64_t v)
{
    if (v <= INT64_MAX) {
        json_object_set_int_member(o, name, (int64_t)v);
    } else {
        json_object_set_double_member(o, name, (double)v);
    }
}

static JsonArray *blocked_reasons(void)
{
    Error *err = NULL;
    JsonArray *arr;

    if (!migration_is_blocked(&err)) {
        return NULL;
    }
    /* The engine joins its reasons into one message; it is listed as given. */
    arr = json_array_new();
    json_array_add_string_element(arr, error_get_pretty(err));
    error_free(err);
    return arr;
}

static bool status_has_ram(MigrationStatus s)
{
    return s == MIGRATION_STATUS_ACTIVE || s == MIGRATION_STATUS_CANCELLING ||
           s == MIGRATION_STATUS_COMPLETED;
}

static JsonObject *ram_stats(const MigrationRamStats *r, bool completed)
{
    JsonObject *o = json_object_new();

    json_object_set_int_member(o, "transferred", r->transferred);
    /* Once complete nothing remains and no rate is being measured. */
    json_object_set_int_member(o, "remaining", completed ? 0 : r->remaining);
    json_object_set_int_member(o, "total", r->total);
    json_object_set_int_member(o, "duplicate", r->duplicate);
    json_object_set_int_member(o, "skipped", r->skipped);
    json_object_set_int_member(o, "normal", r->normal);
    json_object_set_int_member(o, "normal-bytes", r->normal_bytes);
    json_object_set_int_member(o, "dirty-pages-rate", completed ? 0 : r->dirty_pages_rate);
    json_object_set_double_member(o, "mbps", r->mbps);
    json_object_set_int_member(o, "dirty-sync-count", r->dirty_sync_count);
    json_object_set_int_member(o, "postcopy-requests", 0);
    json_object_set_int_member(o, "page-size", r->page_size);
    json_object_set_int_member(o, "multifd-bytes", 0);
    json_object_set_int_member(o, "pages-per-second", r->pages_per_second);
    json_object_set_int_member(o, "precopy-bytes", r->precopy_bytes);
    json_object_set_int_member(o, "downtime-bytes", r->downtime_bytes);
    json_object_set_int_member(o, "postcopy-bytes", 0);
    json_object_set_int_member(o, "dirty-sync-missed-zero-copy", 0);
    return o;
}

/*
 * query-migrate's answer, with the members QEMU shows in each state: none
 * before any migration; for an outgoing one times and RAM while active and
 * once completed, the error when failed; for an incoming one the status.
 */
static JsonObject *migration_info_object(void)
{
    MigrationInfo info;
    JsonObject *o = json_object_new();
    JsonArray *blocked = blocked_reasons();
    MigrationStatus s;

    migration_query(&info);
    s = info.status;
    if (s != MIGRATION_STATUS_NONE) {
        json_object_set_string_member(o, "status", migration_status_name(s));
    }
    if (!info.is_incoming && s != MIGRATION_STATUS_NONE) {
        if (status_has_ram(s) && info.has_ram) {
            json_object_set_object_member(o, "ram",
                                          ram_stats(&info.ram, s == MIGRATION_STATUS_COMPLETED));
        }
        if (status_has_ram(s)) {
            json_object_set_int_member(o, "total-time", info.total_time);
            if (s == MIGRATION_STATUS_COMPLETED) {
                json_object_set_int_member(o, "downtime", info.downtime);
            } else {
                json_object_set_int_member(o, "expected-downtime", info.expected_downtime);
            }
            json_object_set_int_member(o, "setup-time", info.setup_time);
        }
        if (s == MIGRATION_STATUS_FAILED && info.error_desc) {
            json_object_set_string_member(o, "error-desc", info.error_desc);
        }
    }
    if (blocked) {
        json_object_set_array_member(o, "blocked-reasons", blocked);
    }
    migration_info_clear(&info);
    return o;
}

/* The checks QEMU makes before starting, in its order, then the engine's. */
static bool migrate_start(const char *uri, bool blk, bool inc, bool resume, Error **errp)
{
    if (resume) {
        error_setg(errp, "Cannot resume if there is no paused migration");
        return false;
    }
    if (migration_is_active()) {
        error_setg(errp, "There's a migration process in progress");
        return false;
    }
    if (runstate_check(RUN_STATE_INMIGRATE)) {
        error_setg(errp, "Guest is waiting for an incoming migration");
        return false;
    }
    if (runstate_check(RUN_STATE_POSTMIGRATE)) {
        error_setg(errp, "Can't migrate the vm that was paused due to previous migration");
        return false;
    }
    if (migration_is_blocked(errp)) {
        return false;
    }
    if (blk || inc) {
        error_setg(errp, "QEMU compiled without old-style (blk/-b, inc/-i) block migration");
        error_append_hint(errp, "Use drive_mirror+NBD instead.\n");
        return false;
    }
    return migration_start_outgoing(uri, errp);
}

/* ---- QMP handlers ---- */

static JsonNode *qmp_migrate(JsonObject *args, Error **errp)
{
    /* QMP always returns at once; "detach" is accepted and has no effect. */
    migrate_start(qmp_arg_str(args, "uri"), qmp_arg_bool(args, "blk", false),
                  qmp_arg_bool(args, "inc", false), qmp_arg_bool(args, "resume", false),
                  errp);
    return NULL;
}

static JsonNode *qmp_migrate_incoming(JsonObject *args, Error **errp)
{
    migration_incoming_command(qmp_arg_str(args, "uri"), errp);
    return NULL;
}

static JsonNode *qmp_migrate_cancel(JsonObject *args, Error **errp)
{
    migration_cancel();
    return NULL;
}

static JsonNode *qmp_query_migrate(JsonObject *args, Error **errp)
{
    return qmp_node_object(migration_info_object());
}

static JsonNode *qmp_migrate_set_parameters(JsonObject *args, Error **errp)
{
    const char *names[ARRAY_SIZE(param_descs)];
    uint64_t values[ARRAY_SIZE(param_descs)];
    size_t n = 0;

    for (size_t i = 0; i < n_params_enabled; i++) {
        if (qmp_arg_has(args, params_enabled[i]->name)) {
            names[n] = params_enabled[i]->name;
            values[n++] = arg_uint64(args, params_enabled[i]->name);
        }
    }
    set_parameters(names, values, n, errp);
    return NULL;
}

static JsonNode *qmp_query_migrate_parameters(JsonObject *args, Error **errp)
{
    MigrationParameters p;
    JsonObject *o = json_object_new();

    migration_get_parameters(&p);
    for (size_t i = 0; i < n_params_enabled; i++) {
        set_uint64_member(o, params_enabled[i]->name,
                          param_value(&p, params_enabled[i]->name));
    }
    return qmp_node_object(o);
}

static JsonNode *qmp_migrate_set_capabilities(JsonObject *args, Error **errp)
{
    JsonArray *caps = json_object_get_array_member(args, "capabilities");
    guint n = json_array_get_length(caps);
    g_autofree bool *old = g_new0(bool, MIGRATION_CAPABILITY__MAX);

    if (migration_is_active()) {
        error_setg(errp, "There's a migration process in progress");
        return NULL;
    }
    for (int c = 0; c < MIGRATION_CAPABILITY__MAX; c++) {
        old[c] = migration_get_capability(c);
    }
    for (guint i = 0; i < n; i++) {
        JsonObject *cs = json_array_get_object_element(caps, i);
        int cap = migration_capability_lookup(json_object_get_string_member(cs, "capability"));

        /* The schema has checked the name; the engine may still refuse. */
        if (!migration_set_capability(cap, json_object_get_boolean_member(cs, "state"), errp)) {
            for (int c = 0; c < MIGRATION_CAPABILITY__MAX; c++) {
                migration_set_capability(c, old[c], NULL);
            }
            return NULL;
        }
    }
    return NULL;
}

static JsonNode *qmp_query_migrate_capabilities(JsonObject *args, Error **errp)
{
    JsonArray *arr = json_array_new();

    for (int c = 0; c < MIGRATION_CAPABILITY__MAX; c++) {
        JsonObject *o = json_object_new();
        json_object_set_string_member(o, "capability", migration_capability_name(c));
        json_object_set_boolean_member(o, "state", migration_get_capability(c));
        json_array_add_object_element(arr, o);
    }
    return qmp_node_array(arr);
}

static const QmpCommandDef migration_commands[] = {
    { "migrate", (const QmpMember[]) {
        { "uri", "str" }, { "*blk", "bool" }, { "*inc", "bool" }, { "*detach", "bool" },
        { "*resume", "bool" }, { NULL } }, NULL, qmp_migrate },
    { "migrate-incoming", (const QmpMember[]) { { "uri", "str" }, { NULL } }, NULL,
      qmp_migrate_incoming },
    { "migrate_cancel", NULL, NULL, qmp_migrate_cancel },
    { "query-migrate", NULL, "MigrationInfo", qmp_query_migrate },
    { "migrate-set-parameters", param_members, NULL, qmp_migrate_set_parameters },
    { "query-migrate-parameters", NULL, "MigrationParameters", qmp_query_migrate_parameters },
    { "migrate-set-capabilities", (const QmpMember[]) {
        { "capabilities", "[MigrationCapabilityStatus]" }, { NULL } }, NULL,
      qmp_migrate_set_capabilities },
    { "query-migrate-capabilities", NULL, "[MigrationCapabilityStatus]",
      qmp_query_migrate_capabilities },
    { NULL }
};

static const QmpEventDef migration_events[] = {
    { "MIGRATION", (const QmpMember[]) { { "status", "MigrationStatus" }, { NULL } } },
    { "MIGRATION_PASS", (const QmpMember[]) { { "pass", "int" }, { NULL } } },
    { NULL }
};

/* ---- events and getfd, installed into the engine ---- */

static void event_migration(MigrationStatus status)
{
    JsonObject *data = json_object_new();

    json_object_set_string_member(data, "status", migration_status_name(status));
    qmp_event_send("MIGRATION", data);
}

static void event_migration_pass(int64_t pass)
{
    JsonObject *data = json_object_new();

    json_object_set_int_member(data, "pass", pass);
    qmp_event_send("MIGRATION_PASS", data);
}

/* fd:NAME names a descriptor the client passed with getfd on this monitor. */
static int lookup_getfd(const char *name, Error **errp)
{
    return monitor_get_fd(monitor_cur(), name, errp);
}

/* ---- HMP ---- */

/* As QEMU's HMP does when it sees a synchronous migration fail: on stderr. */
static void hmp_report_migrate_error(void)
{
    MigrationInfo info;

    migration_query(&info);
    if (info.status == MIGRATION_STATUS_FAILED && info.error_desc) {
        error_report("%s", info.error_desc);
    }
    migration_info_clear(&info);
}

static gboolean hmp_migrate_tick(gpointer opaque)
{
    return G_SOURCE_CONTINUE;
}

/*
 * migrate without -d: the command returns when the migration has ended, and
 * only then does the prompt come back.  The main loop keeps running
 * meanwhile (devices, timers, the other monitors, so that a migrate_cancel on
 * QMP works); this monitor reads nothing more until then because its queued
 * input is held while its command runs.  A tick re-checks the state in case a
 * wakeup is missed.  Meanwhile no monitor is "current" and error_report()
 * goes to stderr, as in QEMU, where the wait is a timer outside any command.
 * Requests that end the main loop (quit, signals) are served once the
 * migration has ended, since they are the outer loop's.
 */
static void hmp_migrate_wait(void)
{
    guint tick = g_timeout_add(100, hmp_migrate_tick, NULL);
    Monitor *old = monitor_set_cur(NULL);

    error_set_printer(NULL, NULL);
    while (migration_is_active()) {
        g_main_context_iteration(NULL, TRUE);
    }
    g_source_remove(tick);
    hmp_report_migrate_error();
    monitor_set_cur(old);
}

static void hmp_migrate(Monitor *mon, const HMPArgs *args)
{
    Error *err = NULL;

    if (!migrate_start(hmp_arg_str(args, "uri"), hmp_arg_bool(args, "blk", false),
                       hmp_arg_bool(args, "inc", false), hmp_arg_bool(args, "resume", false),
                       &err)) {
        hmp_handle_error(mon, err);
        return;
    }
    if (hmp_arg_bool(args, "detach", false)) {
        return;
    }
    if (!mon->has_chr || !mon->use_readline) {
        /* human-monitor-command has no terminal to hold: QEMU's answer. */
        monitor_printf(mon, "terminal does not allow synchronous migration, "
                       "continuing detached\n");
        return;
    }
    hmp_migrate_wait();
}

static void hmp_migrate_cancel(Monitor *mon, const HMPArgs *args)
{
    migration_cancel();
}

static void hmp_migrate_incoming(Monitor *mon, const HMPArgs *args)
{
    Error *err = NULL;

    migration_incoming_command(hmp_arg_str(args, "uri"), &err);
    hmp_handle_error(mon, err);
}

static void hmp_migrate_set_parameter(Monitor *mon, const HMPArgs *args)
{
    const char *name = hmp_arg_str(args, "parameter");
    const char *text = hmp_arg_str(args, "value");
    const MigrationParamDesc *d = param_desc(name);
    Error *err = NULL;
    uint64_t value;

    if (!d) {
        error_setg(&err, "invalid parameter value: %s", name);
    } else if (d->hmp_mebibytes) {
        /* A bandwidth without a unit is in MiB/s, a compatibility QEMU keeps. */
        size_t len = strlen(text);
        g_autofree char *sized = len && (g_ascii_isdigit(text[len - 1]) || text[len - 1] == '.')
                                 ? g_strconcat(text, "M", NULL) : g_strdup(text);
        if (!qemu_parse_size(name, sized, &value, NULL) || value > INT64_MAX) {
            error_setg(&err, "Invalid size %s", text);
        } else {
            set_parameters(&name, &value, 1, &err);
        }
    } else if (qemu_parse_size(name, text, &value, &err)) {
        set_parameters(&name, &value, 1, &err);
    }
    hmp_handle_error(mon, err);
}

static void hmp_migrate_set_capability(Monitor *mon, const HMPArgs *args)
{
    const char *name = hmp_arg_str(args, "capability");
    int cap = migration_capability_lookup(name);
    Error *err = NULL;

    if (cap < 0) {
        error_setg(&err, "invalid parameter value: %s", name);
    } else {
        migration_set_capability(cap, hmp_arg_bool(args, "state", false), &err);
    }
    hmp_handle_error(mon, err);
}

static void hmp_info_migrate(Monitor *mon, const HMPArgs *args)
{
    MigrationInfo info;
    Error *blocked = NULL;

    /* The fixed behaviours QEMU lists as "globals": what this engine does. */
    monitor_printf(mon, "globals:\n"
                   "store-global-state: on\n"
                   "only-migratable: off\n"
                   "send-configuration: on\n"
                   "send-section-footer: on\n"
                   "decompress-error-check: on\n"
                   "clear-bitmap-shift: 18\n");
    if (migration_is_blocked(&blocked)) {
        monitor_printf(mon, "Outgoing migration blocked:\n  %s\n", error_get_pretty(blocked));
        error_free(blocked);
    }

    migration_query(&info);
    if (info.status != MIGRATION_STATUS_NONE) {
        MigrationStatus s = info.status;
        bool timed = !info.is_incoming && status_has_ram(s);

        monitor_printf(mon, "Migration status: %s", migration_status_name(s));
        if (s == MIGRATION_STATUS_FAILED && info.error_desc) {
            monitor_printf(mon, " (%s)\n", info.error_desc);
        } else {
            monitor_printf(mon, "\n");
        }
        monitor_printf(mon, "total time: %" PRId64 " ms\n", info.total_time);
        if (timed && s != MIGRATION_STATUS_COMPLETED) {
            monitor_printf(mon, "expected downtime: %" PRId64 " ms\n", info.expected_downtime);
        }
        if (timed && s == MIGRATION_STATUS_COMPLETED) {
            monitor_printf(mon, "downtime: %" PRId64 " ms\n", info.downtime);
        }
        if (timed) {
            monitor_printf(mon, "setup: %" PRId64 " ms\n", info.setup_time);
        }
    }
    if (!info.is_incoming && status_has_ram(info.status) && info.has_ram) {
        const MigrationRamStats *r = &info.ram;
        bool completed = info.status == MIGRATION_STATUS_COMPLETED;

        monitor_printf(mon, "transferred ram: %" PRIu64 " kbytes\n", r->transferred >> 10);
        monitor_printf(mon, "throughput: %0.2f mbps\n", r->mbps);
        monitor_printf(mon, "remaining ram: %" PRIu64 " kbytes\n",
                       completed ? 0 : r->remaining >> 10);
        monitor_printf(mon, "total ram: %" PRIu64 " kbytes\n", r->total >> 10);
        monitor_printf(mon, "duplicate: %" PRIu64 " pages\n", r->duplicate);
        monitor_printf(mon, "skipped: %" PRIu64 " pages\n", r->skipped);
        monitor_printf(mon, "normal: %" PRIu64 " pages\n", r->normal);
        monitor_printf(mon, "normal bytes: %" PRIu64 " kbytes\n", r->normal_bytes >> 10);
        monitor_printf(mon, "dirty sync count: %" PRIu64 "\n", r->dirty_sync_count);
        monitor_printf(mon, "page size: %" PRIu64 " kbytes\n", r->page_size >> 10);
        monitor_printf(mon, "multifd bytes: 0 kbytes\n");
        monitor_printf(mon, "pages-per-second: %" PRIu64 "\n", r->pages_per_second);
        if (!completed && r->dirty_pages_rate) {
            monitor_printf(mon, "dirty pages rate: %" PRIu64 " pages\n", r->dirty_pages_rate);
        }
        if (r->precopy_bytes) {
            monitor_printf(mon, "precopy ram: %" PRIu64 " kbytes\n", r->precopy_bytes >> 10);
        }
        if (r->downtime_bytes) {
            monitor_printf(mon, "downtime ram: %" PRIu64 " kbytes\n", r->downtime_bytes >> 10);
        }
    }
    migration_info_clear(&info);
}

static void hmp_info_migrate_capabilities(Monitor *mon, const HMPArgs *args)
{
    for (int c = 0; c < MIGRATION_CAPABILITY__MAX; c++) {
        monitor_printf(mon, "%s: %s\n", migration_capability_name(c),
                       migration_get_capability(c) ? "on" : "off");
    }
}

static void hmp_info_migrate_parameters(Monitor *mon, const HMPArgs *args)
{
    MigrationParameters p;

    migration_get_parameters(&p);
    for (size_t i = 0; i < n_params_enabled; i++) {
        monitor_printf(mon, "%s: %" PRIu64 "%s\n", params_enabled[i]->name,
                       param_value(&p, params_enabled[i]->name), params_enabled[i]->unit);
    }
}

static const HMPCommand hmp_migration_commands[] = {
    { "migrate", "detach:-d,blk:-b,inc:-i,resume:-r,uri:s", "[-d] uri",
      "migrate to URI (exec:, tcp:, unix:, fd:, file:); -d returns at once instead of "
      "waiting for the end", hmp_migrate },
    { "migrate_cancel", "", "", "cancel the current outgoing migration", hmp_migrate_cancel },
    { "migrate_incoming", "uri:s", "uri",
      "start the incoming migration of a guest started with -incoming defer",
      hmp_migrate_incoming },
    { "migrate_set_capability", "capability:s,state:b", "capability state",
      "turn a migration capability on or off", hmp_migrate_set_capability },
    { "migrate_set_parameter", "parameter:s,value:s", "parameter value",
      "set a migration parameter (downtime-limit in ms, max-bandwidth in bytes/s with "
      "optional k/M/G suffix)", hmp_migrate_set_parameter },
    { NULL }
};

static const HMPCommand hmp_migration_info_commands[] = {
    { "migrate", "", "", "show the migration status", hmp_info_migrate },
    { "migrate_capabilities", "", "", "show the migration capabilities",
      hmp_info_migrate_capabilities },
    { "migrate_parameters", "", "", "show the migration parameters",
      hmp_info_migrate_parameters },
    { NULL }
};

/* ---- start-up ---- */

/* The enums and the parameter list come from the engine, so they cannot drift. */
static void migration_cmds_fill_schema(void)
{
    const char *const *names = migration_parameter_names();

    for (int s = 0; s < MIGRATION_STATUS__MAX; s++) {
        status_values[s] = migration_status_name(s);
    }
    for (int c = 0; c < MIGRATION_CAPABILITY__MAX; c++) {
        capability_values[c] = migration_capability_name(c);
    }
    for (size_t i = 0; i < ARRAY_SIZE(param_descs); i++) {
        for (size_t j = 0; names[j]; j++) {
            if (!strcmp(names[j], param_descs[i].name)) {
                params_enabled[n_params_enabled] = &param_descs[i];
                param_members[n_params_enabled].name =
                    g_strconcat("*", param_descs[i].name, NULL);
                param_members[n_params_enabled].type = param_descs[i].qmp_type;
                n_params_enabled++;
            }
        }
    }
}

static void __attribute__((constructor)) migration_cmds_register(void)
{
    migration_cmds_fill_schema();
    qmp_register_types(migration_types);
    qmp_register_commands(migration_commands);
    qmp_register_events(migration_events);
    hmp_register_commands(hmp_migration_commands);
    hmp_register_info_commands(hmp_migration_info_commands);
    migration_event_hooks.migration = event_migration;
    migration_event_hooks.migration_pass = event_migration_pass;
    monitor_fd_lookup = lookup_getfd;
}
