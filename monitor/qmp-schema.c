/*
 * The QMP schema registry: the tables of types, commands and events, the
 * argument validator with QEMU's messages, and the query-qmp-schema and
 * query-commands answers generated from the same tables.
 */
#include "qemu/osdep.h"
#include "monitor/monitor-internal.h"
#include "monitor/json-writer.h"

typedef struct QmpRegistry {
    GPtrArray *commands;       /* const QmpCommandDef *, registration order */
    GPtrArray *events;         /* const QmpEventDef * */
    GHashTable *command_by_name;
    GHashTable *type_by_name;  /* name -> const QmpTypeDef * */
} QmpRegistry;

/* The process's one schema. */
static QmpRegistry registry;

static void registry_init(void)
{
    if (registry.commands) {
        return;
    }
    registry.commands = g_ptr_array_new();
    registry.events = g_ptr_array_new();
    registry.command_by_name = g_hash_table_new(g_str_hash, g_str_equal);
    registry.type_by_name = g_hash_table_new(g_str_hash, g_str_equal);
    qmp_register_core();
}

void qmp_register_types(const QmpTypeDef *types)
{
    registry_init();
    for (; types->name; types++) {
        if (g_hash_table_contains(registry.type_by_name, types->name)) {
            g_error("QMP type '%s' registered twice", types->name);
        }
        g_hash_table_insert(registry.type_by_name, (gpointer)types->name, (gpointer)types);
    }
}

void qmp_register_commands(const QmpCommandDef *cmds)
{
    registry_init();
    for (; cmds->name; cmds++) {
        if (g_hash_table_contains(registry.command_by_name, cmds->name)) {
            g_error("QMP command '%s' registered twice", cmds->name);
        }
        g_hash_table_insert(registry.command_by_name, (gpointer)cmds->name, (gpointer)cmds);
        g_ptr_array_add(registry.commands, (gpointer)cmds);
    }
}

void qmp_register_events(const QmpEventDef *events)
{
    registry_init();
    for (; events->name; events++) {
        g_ptr_array_add(registry.events, (gpointer)events);
    }
}

const QmpCommandDef *qmp_find_command(const char *name)
{
    registry_init();
    return g_hash_table_lookup(registry.command_by_name, name);
}

GPtrArray *qmp_command_names(void)
{
    GPtrArray *names = g_ptr_array_new();

    registry_init();
    for (guint i = 0; i < registry.commands->len; i++) {
        const QmpCommandDef *cmd = g_ptr_array_index(registry.commands, i);
        g_ptr_array_add(names, (gpointer)cmd->name);
    }
    return names;
}

JsonNode *qmp_query_commands(void)
{
    JsonArray *arr = json_array_new();

    registry_init();
    for (guint i = 0; i < registry.commands->len; i++) {
        const QmpCommandDef *cmd = g_ptr_array_index(registry.commands, i);
        JsonObject *o = json_object_new();
        json_object_set_string_member(o, "name", cmd->name);
        json_array_add_object_element(arr, o);
    }
    return qmp_node_array(arr);
}

/* ---- builtin types ---- */

typedef struct Builtin {
    const char *name;
    const char *json_type;     /* introspection's json-type */
    const char *expected;      /* word in "expected: ..." messages */
    const char *canonical;     /* name introspection shows (all integers are "int") */
    int64_t min;
    uint64_t max;              /* for integers */
    const char *c_name;        /* for "Parameter 'x' expects uint8_t" */
} Builtin;

static const Builtin builtins[] = {
    { "str", "string", "string", "str" },
    { "number", "number", "number", "number" },
    { "bool", "boolean", "boolean", "bool" },
    { "null", "null", "null", "null" },
    { "any", "value", NULL, "any" },
    { "int", "int", "integer", "int", INT64_MIN, INT64_MAX, "int64_t" },
    { "int8", "int", "integer", "int", INT8_MIN, INT8_MAX, "int8_t" },
    { "int16", "int", "integer", "int", INT16_MIN, INT16_MAX, "int16_t" },
    { "int32", "int", "integer", "int", INT32_MIN, INT32_MAX, "int32_t" },
    { "int64", "int", "integer", "int", INT64_MIN, INT64_MAX, "int64_t" },
    /* Unsigned types accept negative numbers as their two's complement, as QEMU does. */
    { "uint8", "int", "integer", "int", INT64_MIN, UINT8_MAX, "uint8_t" },
    { "uint16", "int", "integer", "int", INT64_MIN, UINT16_MAX, "uint16_t" },
    { "uint32", "int", "integer", "int", INT64_MIN, UINT32_MAX, "uint32_t" },
    { "uint64", "int", "integer", "int", INT64_MIN, UINT64_MAX, "uint64_t" },
    { "size", "int", "integer", "int", INT64_MIN, UINT64_MAX, "uint64_t" },
};

static const Builtin *builtin_find(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(builtins); i++) {
        if (!strcmp(builtins[i].name, name)) {
            return &builtins[i];
        }
    }
    return NULL;
}

static bool is_array_type(const char *type)
{
    size_t len = strlen(type);
    return len > 2 && type[0] == '[' && type[len - 1] == ']';
}

static const QmpTypeDef *type_find(const char *name)
{
    registry_init();
    return g_hash_table_lookup(registry.type_by_name, name);
}

/* ---- validation ---- */

static bool node_is_value(JsonNode *n, GType t)
{
    return n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == t;
}

static void type_error(const char *path, const char *expected, Error **errp)
{
    error_setg(errp, "Invalid parameter type for '%s', expected: %s",
               path && *path ? path : "null", expected);
}

static bool validate_builtin(const Builtin *b, JsonNode *value, const char *path,
                             Error **errp)
{
    if (!strcmp(b->name, "any")) {
        return true;
    }
    if (!strcmp(b->name, "str")) {
        if (!node_is_value(value, G_TYPE_STRING)) {
            type_error(path, b->expected, errp);
            return false;
        }
        return true;
    }
    if (!strcmp(b->name, "bool")) {
        if (!node_is_value(value, G_TYPE_BOOLEAN)) {
            type_error(path, b->expected, errp);
            return false;
        }
        return true;
    }
    if (!strcmp(b->name, "null")) {
        if (!JSON_NODE_HOLDS_NULL(value)) {
            type_error(path, b->expected, errp);
            return false;
        }
        return true;
    }
    if (!strcmp(b->name, "number")) {
        if (!node_is_value(value, G_TYPE_INT64) && !node_is_value(value, G_TYPE_DOUBLE)) {
            type_error(path, b->expected, errp);
            return false;
        }
        return true;
    }
    /* Integers. */
    if (node_is_value(value, G_TYPE_INT64)) {
        int64_t v = json_node_get_int(value);
        bool ok = v >= b->min && (v < 0 || (uint64_t)v <= b->max);
        if (!ok) {
            error_setg(errp, "Parameter '%s' expects %s", path && *path ? path : "null",
                       b->c_name);
        }
        return ok;
    }
    if (node_is_value(value, G_TYPE_DOUBLE) && b->max == UINT64_MAX && b->min == INT64_MIN &&
        strcmp(b->name, "int") && strcmp(b->name, "int64")) {
        /* uint64 values above INT64_MAX arrive as doubles from the JSON parser. */
        double d = json_node_get_double(value);
        if (d >= 0 && d < 18446744073709551616.0 && d == (double)(uint64_t)d) {
            return true;
        }
    }
    type_error(path, b->expected, errp);
    return false;
}

static char *member_path(const char *path, const char *name)
{
    return path && *path ? g_strdup_printf("%s.%s", path, name) : g_strdup(name);
}

bool qmp_validate_members(const QmpMember *members, bool allow_extra, JsonObject *obj,
                          const char *path, Error **errp)
{
    GList *keys;
    bool ok = true;

    /* Declared members in order first (missing, wrong type), then unknown ones, as QEMU. */
    for (const QmpMember *m = members; m && m->name; m++) {
        bool optional = m->name[0] == '*';
        const char *name = optional ? m->name + 1 : m->name;
        g_autofree char *sub = member_path(path, name);
        JsonNode *v = json_object_get_member(obj, name);

        if (!v) {
            if (!optional) {
                error_setg(errp, "Parameter '%s' is missing", sub);
                return false;
            }
            continue;
        }
        if (!qmp_validate_type(m->type, v, sub, errp)) {
            return false;
        }
    }
    if (allow_extra) {
        return true;
    }
    keys = json_object_get_members(obj);
    for (GList *k = keys; k && ok; k = k->next) {
        bool known = false;
        for (const QmpMember *m = members; m && m->name && !known; m++) {
            const char *name = m->name[0] == '*' ? m->name + 1 : m->name;
            known = !strcmp(name, k->data);
        }
        if (!known) {
            g_autofree char *sub = member_path(path, k->data);
            error_setg(errp, "Parameter '%s' is unexpected", sub);
            ok = false;
        }
    }
    g_list_free(keys);
    return ok;
}

bool qmp_validate_type(const char *type, JsonNode *value, const char *path, Error **errp)
{
    const Builtin *b = builtin_find(type);
    const QmpTypeDef *def;

    if (b) {
        return validate_builtin(b, value, path, errp);
    }
    if (is_array_type(type)) {
        g_autofree char *elem = g_strndup(type + 1, strlen(type) - 2);
        JsonArray *arr;

        if (!value || !JSON_NODE_HOLDS_ARRAY(value)) {
            type_error(path, "array", errp);
            return false;
        }
        arr = json_node_get_array(value);
        for (guint i = 0; i < json_array_get_length(arr); i++) {
            g_autofree char *sub = g_strdup_printf("%s[%u]", path ? path : "", i);
            if (!qmp_validate_type(elem, json_array_get_element(arr, i), sub, errp)) {
                return false;
            }
        }
        return true;
    }
    def = type_find(type);
    if (!def) {
        error_setg(errp, "internal error: QMP type '%s' is not declared", type);
        return false;
    }
    if (def->meta == QMP_META_ENUM) {
        const char *s;
        if (!node_is_value(value, G_TYPE_STRING)) {
            type_error(path, "string", errp);
            return false;
        }
        s = json_node_get_string(value);
        for (const char *const *v = def->values; *v; v++) {
            if (!strcmp(*v, s)) {
                return true;
            }
        }
        error_setg(errp, "Parameter '%s' does not accept value '%s'",
                   path && *path ? path : "null", s);
        return false;
    }
    if (!value || !JSON_NODE_HOLDS_OBJECT(value)) {
        type_error(path, "object", errp);
        return false;
    }
    return qmp_validate_members(def->members, false, json_node_get_object(value), path, errp);
}

static bool type_declared(const char *type, int depth)
{
    const QmpTypeDef *def;

    if (builtin_find(type)) {
        return true;
    }
    if (depth > 32) {
        return true;            /* a recursive type: its members were checked above */
    }
    if (is_array_type(type)) {
        g_autofree char *elem = g_strndup(type + 1, strlen(type) - 2);
        return type_declared(elem, depth + 1);
    }
    def = type_find(type);
    if (!def) {
        return false;
    }
    for (const QmpMember *m = def->meta == QMP_META_OBJECT ? def->members : NULL;
         m && m->name; m++) {
        if (!type_declared(m->type, depth + 1)) {
            return false;
        }
    }
    return true;
}

bool qmp_type_is_declared(const char *type)
{
    return type_declared(type, 0);
}

/* ---- introspection (query-qmp-schema) ---- */

/* Every "no arguments" / "returns {}" shares this one empty object type. */
static const QmpMember no_members[] = { { NULL } };

typedef struct Introspect {
    JsonArray *out;
    GHashTable *by_name;       /* named type -> masked name */
    GHashTable *by_members;    /* anonymous member list -> masked name */
    unsigned next;
} Introspect;

static const char *intro_type(Introspect *in, const char *type);

static JsonObject *intro_entity(Introspect *in, const char *name, const char *meta)
{
    JsonObject *o = json_object_new();

    json_object_set_string_member(o, "name", name);
    json_object_set_string_member(o, "meta-type", meta);
    json_array_add_object_element(in->out, o);
    return o;
}

/* QEMU hides the names of non-builtin types behind numbers; so do we. */
static char *intro_new_name(Introspect *in)
{
    return g_strdup_printf("%u", in->next++);
}

static void intro_object_members(Introspect *in, JsonObject *o, const QmpMember *members)
{
    JsonArray *arr = json_array_new();

    json_object_set_array_member(o, "members", arr);
    for (const QmpMember *m = members; m && m->name; m++) {
        bool optional = m->name[0] == '*';
        JsonObject *mo = json_object_new();

        json_object_set_string_member(mo, "name", optional ? m->name + 1 : m->name);
        json_object_set_string_member(mo, "type", intro_type(in, m->type));
        if (optional) {
            json_object_set_null_member(mo, "default");
        }
        json_array_add_object_element(arr, mo);
    }
}

/* An anonymous object type (a command's arguments, an event's data). */
static const char *intro_members(Introspect *in, const QmpMember *members)
{
    const char *known;
    char *name;

    if (!members || !members->name) {
        members = no_members;
    }
    known = g_hash_table_lookup(in->by_members, members);
    if (known) {
        return known;
    }
    name = intro_new_name(in);
    g_hash_table_insert(in->by_members, (gpointer)members, name);
    intro_object_members(in, intro_entity(in, name, "object"), members);
    return name;
}

static const char *intro_type(Introspect *in, const char *type)
{
    const Builtin *b;
    const QmpTypeDef *def;
    const char *known;
    char *name;
    JsonObject *o;

    if (!type) {
        return intro_members(in, NULL);
    }
    known = g_hash_table_lookup(in->by_name, type);
    if (known) {
        return known;
    }
    b = builtin_find(type);
    if (b) {
        const Builtin *canon = builtin_find(b->canonical);

        if (!g_hash_table_lookup(in->by_name, canon->name)) {
            o = intro_entity(in, canon->name, "builtin");
            json_object_set_string_member(o, "json-type", canon->json_type);
            g_hash_table_insert(in->by_name, g_strdup(canon->name), g_strdup(canon->name));
        }
        if (canon != b) {
            g_hash_table_insert(in->by_name, g_strdup(type), g_strdup(canon->name));
        }
        return canon->name;
    }
    if (is_array_type(type)) {
        g_autofree char *elem = g_strndup(type + 1, strlen(type) - 2);
        const char *elem_name = intro_type(in, elem);

        name = g_strdup_printf("[%s]", elem_name);
        g_hash_table_insert(in->by_name, g_strdup(type), name);
        o = intro_entity(in, name, "array");
        json_object_set_string_member(o, "element-type", elem_name);
        return name;
    }
    def = type_find(type);
    if (!def) {
        g_error("QMP schema: type '%s' is used but not declared", type);
    }
    name = intro_new_name(in);
    g_hash_table_insert(in->by_name, g_strdup(type), name);
    if (def->meta == QMP_META_OBJECT) {
        intro_object_members(in, intro_entity(in, name, "object"), def->members);
    } else {
        JsonArray *values = json_array_new();
        JsonArray *members = json_array_new();

        o = intro_entity(in, name, "enum");
        for (const char *const *v = def->values; *v; v++) {
            JsonObject *mo = json_object_new();
            json_array_add_string_element(values, *v);
            json_object_set_string_member(mo, "name", *v);
            json_array_add_object_element(members, mo);
        }
        json_object_set_array_member(o, "members", members);
        json_object_set_array_member(o, "values", values);
    }
    return name;
}

JsonNode *qmp_schema_introspect(void)
{
    Introspect in = {
        .out = json_array_new(),
        .by_name = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free),
        .by_members = g_hash_table_new_full(g_direct_hash, g_direct_equal, NULL, g_free),
    };

    registry_init();
    for (guint i = 0; i < registry.commands->len; i++) {
        const QmpCommandDef *cmd = g_ptr_array_index(registry.commands, i);
        JsonObject *o = intro_entity(&in, cmd->name, "command");

        json_object_set_string_member(o, "arg-type", intro_members(&in, cmd->args));
        json_object_set_string_member(o, "ret-type", intro_type(&in, cmd->ret));
    }
    for (guint i = 0; i < registry.events->len; i++) {
        const QmpEventDef *ev = g_ptr_array_index(registry.events, i);
        JsonObject *o = intro_entity(&in, ev->name, "event");

        json_object_set_string_member(o, "arg-type", intro_members(&in, ev->data));
    }
    g_hash_table_unref(in.by_name);
    g_hash_table_unref(in.by_members);
    return qmp_node_array(in.out);
}

static bool members_declared(const char *what, const char *name, const QmpMember *members,
                             Error **errp)
{
    for (const QmpMember *m = members; m && m->name; m++) {
        if (!qmp_type_is_declared(m->type)) {
            error_setg(errp, "%s '%s' uses undeclared type '%s'", what, name, m->type);
            return false;
        }
    }
    return true;
}

bool qmp_schema_check(Error **errp)
{
    registry_init();
    for (guint i = 0; i < registry.commands->len; i++) {
        const QmpCommandDef *cmd = g_ptr_array_index(registry.commands, i);

        if (cmd->ret && !qmp_type_is_declared(cmd->ret)) {
            error_setg(errp, "command '%s' uses undeclared type '%s'", cmd->name, cmd->ret);
            return false;
        }
        if (!members_declared("command", cmd->name, cmd->args, errp)) {
            return false;
        }
    }
    for (guint i = 0; i < registry.events->len; i++) {
        const QmpEventDef *ev = g_ptr_array_index(registry.events, i);

        if (!members_declared("event", ev->name, ev->data, errp)) {
            return false;
        }
    }
    return true;
}
