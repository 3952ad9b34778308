/*
 * The core QMP commands and events: their schema tables (types, commands,
 * events, declared as data) and their handlers.  Subsystems with their own
 * commands (migration, block) register their own tables.
 */
#include "qemu/osdep.h"
#include "hw/core/cpu.h"
#include "monitor/monitor-internal.h"
#include "monitor/json-writer.h"
#include "qemu/option.h"
#include "qom/object.h"
#include "hw/qdev-core.h"
#include "hw/boards.h"
#include "system/runstate.h"
#include "system/block-backend.h"
#include "system/system.h"
#include "system/memory.h"

/* ---- schema: types ---- */

static const char *const qmp_capability_values[] = { "oob", NULL };

static const char *const run_state_values[] = {
    "debug", "inmigrate", "internal-error", "io-error", "paused", "postmigrate",
    "prelaunch", "finish-migrate", "restore-vm", "running", "save-vm", "shutdown",
    "suspended", "watchdog", "guest-panicked", "colo", NULL
};

static const char *const shutdown_cause_values[] = {
    "none", "host-error", "host-qmp-quit", "host-qmp-system-reset", "host-signal",
    "host-ui", "guest-shutdown", "guest-reset", "guest-panic", "subsystem-reset",
    "snapshot-load", NULL
};

/* QEMU's SysEmuTarget: every target name query-target may answer. */
static const char *const sys_emu_target_values[] = {
    "aarch64", "alpha", "arm", "avr", "cris", "hppa", "i386", "loongarch64", "m68k",
    "microblaze", "microblazeel", "mips", "mips64", "mips64el", "mipsel", "nios2", "or1k",
    "ppc", "ppc64", "riscv32", "riscv64", "rx", "s390x", "sh4", "sh4eb", "sparc",
    "sparc64", "tricore", "x86_64", "xtensa", "xtensaeb", NULL
};

static const char *const schema_meta_type_values[] = {
    "builtin", "enum", "array", "object", "alternate", "command", "event", NULL
};

static const QmpTypeDef core_types[] = {
    { "QMPCapability", QMP_META_ENUM, .values = qmp_capability_values },
    { "RunState", QMP_META_ENUM, .values = run_state_values },
    { "ShutdownCause", QMP_META_ENUM, .values = shutdown_cause_values },
    { "SysEmuTarget", QMP_META_ENUM, .values = sys_emu_target_values },
    { "SchemaMetaType", QMP_META_ENUM, .values = schema_meta_type_values },
    { "VersionTriple", QMP_META_OBJECT, .members = (const QmpMember[]) {
        { "major", "int" }, { "minor", "int" }, { "micro", "int" }, { NULL } } },
    { "VersionInfo", QMP_META_OBJECT, .members = (const QmpMember[]) {
        { "qemu", "VersionTriple" }, { "package", "str" }, { NULL } } },
    { "CommandInfo", QMP_META_OBJECT, .members = (const QmpMember[]) {
        { "name", "str" }, { NULL } } },
    /* A flat union in QEMU; the variant members are not described here. */
    { "SchemaInfo", QMP_META_OBJECT, .members = (const QmpMember[]) {
        { "name", "str" }, { "meta-type", "SchemaMetaType" }, { NULL } } },
    { "StatusInfo", QMP_META_OBJECT, .members = (const QmpMember[]) {
        { "running", "bool" }, { "singlestep", "bool" }, { "status", "RunState" },
        { NULL } } },
    { "MachineInfo", QMP_META_OBJECT, .members = (const QmpMember[]) {
        { "name", "str" }, { "*alias", "str" }, { "*is-default", "bool" },
        { "cpu-max", "int" }, { "hotpluggable-cpus", "bool" },
        { "numa-mem-supported", "bool" }, { "deprecated", "bool" },
        { "*default-cpu-type", "str" }, { "*default-ram-id", "str" }, { NULL } } },
    { "TargetInfo", QMP_META_OBJECT, .members = (const QmpMember[]) {
        { "arch", "SysEmuTarget" }, { NULL } } },
    { "NameInfo", QMP_META_OBJECT, .members = (const QmpMember[]) {
        { "*name", "str" }, { NULL } } },
    { "CpuInfoFast", QMP_META_OBJECT, .members = (const QmpMember[]) {
        { "cpu-index", "int" }, { "qom-path", "str" }, { "thread-id", "int" },
        { "target", "SysEmuTarget" }, { NULL } } },
    { "ObjectPropertyInfo", QMP_META_OBJECT, .members = (const QmpMember[]) {
        { "name", "str" }, { "type", "str" }, { "*description", "str" },
        { "*default-value", "any" }, { NULL } } },
    { "ObjectTypeInfo", QMP_META_OBJECT, .members = (const QmpMember[]) {
        { "name", "str" }, { "*abstract", "bool" }, { "*parent", "str" }, { NULL } } },
    { "ChardevInfo", QMP_META_OBJECT, .members = (const QmpMember[]) {
        { "label", "str" }, { "filename", "str" }, { "frontend-open", "bool" },
        { NULL } } },
    { NULL }
};

/* ---- helpers ---- */

static Object *resolve_object(const char *path, Error **errp)
{
    bool ambiguous = false;
    Object *obj = object_resolve_path(path, &ambiguous);

    if (!obj) {
        if (ambiguous) {
            error_setg(errp, "Path '%s' is ambiguous", path);
        } else {
            error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND, "Device '%s' not found", path);
        }
    }
    return obj;
}

GPtrArray *monitor_cpu_list(void)
{
    GPtrArray *cpus = g_ptr_array_new();
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        g_ptr_array_add(cpus, cpu);
    }
    return cpus;
}

/* ---- handlers ---- */

static JsonNode *qmp_capabilities(JsonObject *args, Error **errp)
{
    JsonNode *enable = json_object_get_member(args, "enable");
    JsonArray *caps = enable ? json_node_get_array(enable) : NULL;

    for (guint i = 0; caps && i < json_array_get_length(caps); i++) {
        error_setg(errp, "Capability '%s' not available",
                   json_array_get_string_element(caps, i));
        return NULL;
    }
    return NULL;
}

static JsonNode *version_info(void)
{
    JsonObject *triple = json_object_new();
    JsonObject *info = json_object_new();

    json_object_set_int_member(triple, "micro", QEMU_VERSION_MICRO);
    json_object_set_int_member(triple, "minor", QEMU_VERSION_MINOR);
    json_object_set_int_member(triple, "major", QEMU_VERSION_MAJOR);
    json_object_set_object_member(info, "qemu", triple);
    json_object_set_string_member(info, "package", QEMU_PKGVERSION);
    return qmp_node_object(info);
}

static JsonNode *qmp_query_version(JsonObject *args, Error **errp)
{
    return version_info();
}

static JsonNode *qmp_query_commands_cmd(JsonObject *args, Error **errp)
{
    return qmp_query_commands();
}

static JsonNode *qmp_query_qmp_schema(JsonObject *args, Error **errp)
{
    return qmp_schema_introspect();
}

static JsonNode *qmp_query_status(JsonObject *args, Error **errp)
{
    JsonObject *o = json_object_new();

    json_object_set_string_member(o, "status", runstate_name(runstate_get()));
    json_object_set_boolean_member(o, "singlestep", false);
    json_object_set_boolean_member(o, "running", runstate_is_running());
    return qmp_node_object(o);
}

static JsonNode *qmp_stop(JsonObject *args, Error **errp)
{
    /* Stopping a VM that is not running leaves its state (prelaunch, ...) alone. */
    if (runstate_is_running()) {
        vm_stop(RUN_STATE_PAUSED);
    }
    return NULL;
}

static JsonNode *qmp_cont(JsonObject *args, Error **errp)
{
    if (runstate_check(RUN_STATE_INTERNAL_ERROR) || runstate_check(RUN_STATE_SHUTDOWN) ||
        runstate_check(RUN_STATE_GUEST_PANICKED)) {
        error_setg(errp, "Resetting the Virtual Machine is required");
        return NULL;
    }
    if (runstate_check(RUN_STATE_FINISH_MIGRATE)) {
        error_setg(errp, "Migration is not finalized yet");
        return NULL;
    }
    if (runstate_check(RUN_STATE_SUSPENDED) || runstate_check(RUN_STATE_INMIGRATE)) {
        /* Incoming migration decides when to start the guest. */
        return NULL;
    }
    /* After a migration the images belong to the destination: take them back. */
    if (!blk_activate_all(errp)) {
        return NULL;
    }
    vm_start();
    return NULL;
}

static JsonNode *qmp_system_reset(JsonObject *args, Error **errp)
{
    qemu_system_reset_request(SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET);
    return NULL;
}

static JsonNode *qmp_system_powerdown(JsonObject *args, Error **errp)
{
    qemu_system_powerdown_request();
    return NULL;
}

static JsonNode *qmp_quit(JsonObject *args, Error **errp)
{
    Monitor *mon = monitor_cur();

    if (mon) {
        mon->quitting = true;
    }
    /* quit ends the process even with -no-shutdown. */
    no_shutdown = false;
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_QMP_QUIT);
    return NULL;
}

static JsonNode *qmp_query_machines(JsonObject *args, Error **errp)
{
    GSList *list = machine_class_get_list();
    JsonArray *arr = json_array_new();

    for (GSList *e = list; e; e = e->next) {
        MachineClass *mc = e->data;
        JsonObject *o = json_object_new();

        json_object_set_string_member(o, "name", mc->name);
        if (mc->alias) {
            json_object_set_string_member(o, "alias", mc->alias);
        }
        if (mc->is_default) {
            json_object_set_boolean_member(o, "is-default", true);
        }
        json_object_set_int_member(o, "cpu-max", mc->max_cpus);
        json_object_set_boolean_member(o, "hotpluggable-cpus", false);
        json_object_set_boolean_member(o, "numa-mem-supported", false);
        json_object_set_boolean_member(o, "deprecated", mc->deprecation_reason != NULL);
        if (mc->default_cpu_type) {
            json_object_set_string_member(o, "default-cpu-type", mc->default_cpu_type);
        }
        if (mc->default_ram_id) {
            json_object_set_string_member(o, "default-ram-id", mc->default_ram_id);
        }
        json_array_add_object_element(arr, o);
    }
    g_slist_free(list);
    return qmp_node_array(arr);
}

static JsonNode *qmp_query_target(JsonObject *args, Error **errp)
{
    JsonObject *o = json_object_new();

    json_object_set_string_member(o, "arch", monitor_target_arch());
    return qmp_node_object(o);
}

static JsonNode *qmp_query_name(JsonObject *args, Error **errp)
{
    JsonObject *o = json_object_new();

    if (qemu_name_get()) {
        json_object_set_string_member(o, "name", qemu_name_get());
    }
    return qmp_node_object(o);
}

/* Write guest-physical memory [val, val + size) to a host file. */
static JsonNode *qmp_pmemsave(JsonObject *args, Error **errp)
{
    uint64_t addr = (uint64_t)qmp_arg_int(args, "val", 0);
    int64_t size = qmp_arg_int(args, "size", 0);
    const char *filename = qmp_arg_str(args, "filename");
    g_autofree uint8_t *buf = g_malloc(64 * 1024);
    FILE *f;

    if (size < 0) {
        error_setg(errp, "Parameter 'size' expects a non-negative value");
        return NULL;
    }
    f = fopen(filename, "wb");
    if (!f) {
        error_setg_errno(errp, errno, "Could not open '%s'", filename);
        return NULL;
    }
    while (size > 0) {
        size_t l = MIN((uint64_t)size, 64 * 1024);

        if (address_space_read(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED,
                               buf, l) != MEMTX_OK) {
            memset(buf, 0, l);      /* unbacked addresses read as zero, as QEMU */
        }
        if (fwrite(buf, 1, l, f) != l) {
            error_setg_errno(errp, errno, "writing memory to '%s'", filename);
            fclose(f);
            return NULL;
        }
        addr += l;
        size -= l;
    }
    if (fclose(f) != 0) {
        error_setg_errno(errp, errno, "writing memory to '%s'", filename);
    }
    return NULL;
}

static JsonNode *qmp_query_cpus_fast(JsonObject *args, Error **errp)
{
    GPtrArray *cpus = monitor_cpu_list();
    JsonArray *arr = json_array_new();

    for (guint i = 0; i < cpus->len; i++) {
        Object *cpu = g_ptr_array_index(cpus, i);
        g_autofree char *path = object_get_canonical_path(cpu);
        JsonObject *o = json_object_new();

        json_object_set_int_member(o, "cpu-index", CPU(cpu)->cpu_index);
        json_object_set_string_member(o, "qom-path", path);
        json_object_set_int_member(o, "thread-id",
                                   CPU(cpu)->thread_id ? CPU(cpu)->thread_id : getpid());
        json_object_set_string_member(o, "target", monitor_target_arch());
        json_array_add_object_element(arr, o);
    }
    g_ptr_array_free(cpus, TRUE);
    return qmp_node_array(arr);
}

static JsonObject *property_info(ObjectProperty *prop, bool with_details)
{
    JsonObject *o = json_object_new();

    json_object_set_string_member(o, "name", prop->name);
    json_object_set_string_member(o, "type", prop->type);
    if (with_details && prop->description) {
        json_object_set_string_member(o, "description", prop->description);
    }
    if (with_details && prop->defval) {
        json_object_set_member(o, "default-value", json_node_copy(prop->defval));
    }
    return o;
}

static JsonNode *qmp_qom_list(JsonObject *args, Error **errp)
{
    Object *obj = resolve_object(qmp_arg_str(args, "path"), errp);
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    JsonArray *arr;

    if (!obj) {
        return NULL;
    }
    arr = json_array_new();
    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        json_array_add_object_element(arr, property_info(prop, false));
    }
    object_property_iter_free(&iter);
    return qmp_node_array(arr);
}

static JsonNode *qmp_qom_get(JsonObject *args, Error **errp)
{
    Object *obj = resolve_object(qmp_arg_str(args, "path"), errp);

    if (!obj) {
        return NULL;
    }
    return object_property_get(obj, qmp_arg_str(args, "property"), errp);
}

static JsonNode *qmp_qom_set(JsonObject *args, Error **errp)
{
    Object *obj = resolve_object(qmp_arg_str(args, "path"), errp);

    if (obj) {
        object_property_set(obj, qmp_arg_str(args, "property"),
                            json_object_get_member(args, "value"), errp);
    }
    return NULL;
}

static JsonNode *qmp_qom_list_types(JsonObject *args, Error **errp)
{
    const char *implements = qmp_arg_str(args, "implements");
    bool abstract = qmp_arg_bool(args, "abstract", false);
    JsonArray *arr = json_array_new();
    GSList *list;

    if (implements && !object_class_by_name(implements)) {
        return qmp_node_array(arr);
    }
    list = object_class_get_list_sorted(implements ? implements : TYPE_OBJECT, abstract);
    for (GSList *e = list; e; e = e->next) {
        ObjectClass *oc = e->data;
        ObjectClass *parent = object_class_get_parent(oc);
        JsonObject *o = json_object_new();

        json_object_set_string_member(o, "name", object_class_get_name(oc));
        if (object_class_is_abstract(oc)) {
            json_object_set_boolean_member(o, "abstract", true);
        }
        if (parent) {
            json_object_set_string_member(o, "parent", object_class_get_name(parent));
        }
        json_array_add_object_element(arr, o);
    }
    g_slist_free(list);
    return qmp_node_array(arr);
}

static JsonNode *qmp_device_list_properties(JsonObject *args, Error **errp)
{
    static const char *const hidden[] = {
        "type", "realized", "hotpluggable", "hotplugged", "parent_bus",
    };
    const char *typename = qmp_arg_str(args, "typename");
    ObjectClass *oc = object_class_by_name(typename);
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    JsonArray *arr;
    Object *obj;

    if (!oc) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND, "Device '%s' not found", typename);
        return NULL;
    }
    if (!object_class_dynamic_cast(oc, TYPE_DEVICE)) {
        error_setg(errp, "Parameter 'typename' expects device");
        return NULL;
    }
    if (object_class_is_abstract(oc)) {
        error_setg(errp, "Parameter 'typename' expects non-abstract device");
        return NULL;
    }
    /* Instance properties exist only on an instance: make a throwaway one. */
    obj = object_new_with_class(oc);
    arr = json_array_new();
    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        bool skip = g_str_has_prefix(prop->name, "legacy-");
        for (size_t i = 0; i < ARRAY_SIZE(hidden) && !skip; i++) {
            skip = !strcmp(prop->name, hidden[i]);
        }
        if (!skip) {
            json_array_add_object_element(arr, property_info(prop, true));
        }
    }
    object_property_iter_free(&iter);
    object_unref(obj);
    return qmp_node_array(arr);
}

static JsonNode *qmp_device_add(JsonObject *args, Error **errp)
{
    QemuOpts *opts = qemu_opts_new();
    GList *keys = json_object_get_members(args);
    DeviceState *dev = NULL;
    bool ok = true;

    for (GList *k = keys; k && ok; k = k->next) {
        JsonNode *v = json_object_get_member(args, k->data);
        g_autofree char *text = NULL;

        if (!JSON_NODE_HOLDS_VALUE(v)) {
            error_setg(errp, "Invalid parameter type for '%s', expected: string",
                       (const char *)k->data);
            ok = false;
            break;
        }
        text = qom_node_to_text(v);
        qemu_opt_set(opts, k->data, text);
        if (!strcmp(k->data, "id")) {
            g_free(opts->id);
            opts->id = g_strdup(text);
        }
    }
    g_list_free(keys);
    if (ok) {
        dev = qdev_device_add(opts, true, errp);
    }
    qemu_opts_del(opts);
    (void)dev;
    return NULL;
}

static JsonNode *qmp_device_del(JsonObject *args, Error **errp)
{
    const char *id = qmp_arg_str(args, "id");
    DeviceState *dev = qdev_find_recursive_path(id);
    g_autofree char *path = NULL;
    g_autofree char *dev_id = NULL;
    JsonObject *data;

    if (!dev) {
        error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND, "Device '%s' not found", id);
        return NULL;
    }
    if (dev->parent_bus && !dev->parent_bus->hotplug_handler) {
        error_setg(errp, "Bus '%s' does not support hotplugging", dev->parent_bus->name);
        return NULL;
    }
    if (!dev->parent_bus || !DEVICE_GET_CLASS(dev)->hotpluggable) {
        error_setg(errp, "Device '%s' does not support hotplugging",
                   object_get_typename(OBJECT(dev)));
        return NULL;
    }
    path = object_get_canonical_path(OBJECT(dev));
    dev_id = g_strdup(dev->id);
    qdev_destroy(dev);
    data = json_object_new();
    if (dev_id) {
        json_object_set_string_member(data, "device", dev_id);
    }
    json_object_set_string_member(data, "path", path);
    qmp_event_send("DEVICE_DELETED", data);
    return NULL;
}

static JsonNode *qmp_human_monitor_command(JsonObject *args, Error **errp)
{
    g_autofree char *output = NULL;
    JsonNode *ret;

    if (qmp_arg_has(args, "cpu-index")) {
        GPtrArray *cpus = monitor_cpu_list();
        int64_t idx = qmp_arg_int(args, "cpu-index", -1);
        bool valid = idx >= 0 && idx < (int64_t)cpus->len;

        g_ptr_array_free(cpus, TRUE);
        if (!valid) {
            error_setg(errp, "Parameter 'cpu-index' expects a CPU number");
            return NULL;
        }
    }
    output = hmp_run_captured(qmp_arg_str(args, "command-line"));
    ret = json_node_new(JSON_NODE_VALUE);
    json_node_set_string(ret, output);
    return ret;
}

static void add_chardev_info(Chardev *chr, void *opaque)
{
    JsonObject *o = json_object_new();

    json_object_set_string_member(o, "label", qemu_chr_get_label(chr));
    json_object_set_string_member(o, "filename", qemu_chr_get_filename(chr));
    json_object_set_boolean_member(o, "frontend-open", qemu_chr_frontend_open(chr));
    json_array_add_object_element(opaque, o);
}

static JsonNode *qmp_query_chardev(JsonObject *args, Error **errp)
{
    JsonArray *arr = json_array_new();

    qemu_chr_foreach(add_chardev_info, arr);
    return qmp_node_array(arr);
}

bool monitor_getfd(Monitor *mon, const char *name, Error **errp)
{
    int fd = mon && mon->has_chr ? qemu_chr_fe_get_msgfd(&mon->chr) : -1;

    if (fd < 0) {
        error_setg(errp, "No file descriptor supplied via SCM_RIGHTS");
        return false;
    }
    if (!monitor_add_fd(mon, name, fd, errp)) {
        close(fd);
        return false;
    }
    return true;
}

static JsonNode *qmp_getfd(JsonObject *args, Error **errp)
{
    monitor_getfd(monitor_cur(), qmp_arg_str(args, "fdname"), errp);
    return NULL;
}

static JsonNode *qmp_closefd(JsonObject *args, Error **errp)
{
    Monitor *mon = monitor_cur();

    if (!mon) {
        error_setg(errp, "File descriptor named '%s' not found", qmp_arg_str(args, "fdname"));
        return NULL;
    }
    monitor_close_fd(mon, qmp_arg_str(args, "fdname"), errp);
    return NULL;
}

/* ---- schema: commands and events ---- */

static const QmpMember path_arg[] = { { "path", "str" }, { NULL } };
static const QmpMember fdname_arg[] = { { "fdname", "str" }, { NULL } };

static const QmpCommandDef core_commands[] = {
    { "qmp_capabilities", (const QmpMember[]) { { "*enable", "[QMPCapability]" }, { NULL } },
      NULL, qmp_capabilities, QMP_CMD_NEGOTIATION },
    { "query-version", NULL, "VersionInfo", qmp_query_version },
    { "query-commands", NULL, "[CommandInfo]", qmp_query_commands_cmd },
    { "query-qmp-schema", NULL, "[SchemaInfo]", qmp_query_qmp_schema },
    { "query-status", NULL, "StatusInfo", qmp_query_status },
    { "stop", NULL, NULL, qmp_stop },
    { "cont", NULL, NULL, qmp_cont },
    { "system_reset", NULL, NULL, qmp_system_reset },
    { "system_powerdown", NULL, NULL, qmp_system_powerdown },
    { "quit", NULL, NULL, qmp_quit },
    { "query-machines", NULL, "[MachineInfo]", qmp_query_machines },
    { "query-target", NULL, "TargetInfo", qmp_query_target },
    { "query-name", NULL, "NameInfo", qmp_query_name },
    { "query-cpus-fast", NULL, "[CpuInfoFast]", qmp_query_cpus_fast },
    { "qom-list", path_arg, "[ObjectPropertyInfo]", qmp_qom_list },
    { "qom-get", (const QmpMember[]) { { "path", "str" }, { "property", "str" }, { NULL } },
      "any", qmp_qom_get },
    { "qom-set", (const QmpMember[]) { { "path", "str" }, { "property", "str" },
                                       { "value", "any" }, { NULL } },
      NULL, qmp_qom_set },
    { "qom-list-types", (const QmpMember[]) { { "*implements", "str" },
                                              { "*abstract", "bool" }, { NULL } },
      "[ObjectTypeInfo]", qmp_qom_list_types },
    { "device-list-properties", (const QmpMember[]) { { "typename", "str" }, { NULL } },
      "[ObjectPropertyInfo]", qmp_device_list_properties },
    { "device_add", (const QmpMember[]) { { "driver", "str" }, { "*bus", "str" },
                                          { "*id", "str" }, { NULL } },
      NULL, qmp_device_add, QMP_CMD_ANY_ARGS },
    { "device_del", (const QmpMember[]) { { "id", "str" }, { NULL } }, NULL, qmp_device_del },
    { "human-monitor-command", (const QmpMember[]) { { "command-line", "str" },
                                                     { "*cpu-index", "int" }, { NULL } },
      "str", qmp_human_monitor_command },
    { "query-chardev", NULL, "[ChardevInfo]", qmp_query_chardev },
    { "pmemsave", (const QmpMember[]) { { "val", "int" }, { "size", "int" },
                                        { "filename", "str" }, { NULL } },
      NULL, qmp_pmemsave },
    { "getfd", fdname_arg, NULL, qmp_getfd },
    { "closefd", fdname_arg, NULL, qmp_closefd },
    { NULL }
};

static const QmpMember shutdown_data[] = {
    { "guest", "bool" }, { "reason", "ShutdownCause" }, { NULL }
};

static const QmpEventDef core_events[] = {
    { "SHUTDOWN", shutdown_data },
    { "POWERDOWN", NULL },
    { "RESET", shutdown_data },
    { "STOP", NULL },
    { "RESUME", NULL },
    { "DEVICE_DELETED", (const QmpMember[]) { { "*device", "str" }, { "path", "str" },
                                              { NULL } } },
    { NULL }
};

void qmp_register_core(void)
{
    qmp_register_types(core_types);
    qmp_register_commands(core_commands);
    qmp_register_events(core_events);
}
