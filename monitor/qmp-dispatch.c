/*
 * Running one QMP request: the request's own shape (execute, arguments, id),
 * capabilities negotiation, argument validation against the schema, the
 * handler call, and the response object.  Knows nothing about connections.
 */
#include "qemu/osdep.h"
#include "monitor/monitor-internal.h"
#include "monitor/json-writer.h"

JsonNode *qmp_error_response(Error *err, JsonNode *id)
{
    JsonObject *rsp = json_object_new();
    JsonObject *e = json_object_new();

    if (id) {
        json_object_set_member(rsp, "id", json_node_copy(id));
    }
    json_object_set_string_member(e, "class", error_class_name(error_get_class(err)));
    json_object_set_string_member(e, "desc", error_get_pretty(err));
    json_object_set_object_member(rsp, "error", e);
    error_free(err);
    return qmp_node_object(rsp);
}

static JsonNode *success_response(JsonNode *ret, JsonNode *id)
{
    JsonObject *rsp = json_object_new();

    json_object_set_member(rsp, "return", ret ? ret : qmp_node_empty_object());
    if (id) {
        json_object_set_member(rsp, "id", json_node_copy(id));
    }
    return qmp_node_object(rsp);
}

/* Check the request's members; sets *cmd_name and *args (borrowed) on success. */
static bool check_request(JsonObject *req, const char **cmd_name, JsonObject **args,
                          Error **errp)
{
    GList *keys = json_object_get_members(req);
    bool ok = true;

    *cmd_name = NULL;
    *args = NULL;
    for (GList *k = keys; k && ok; k = k->next) {
        const char *key = k->data;
        JsonNode *v = json_object_get_member(req, key);

        if (!strcmp(key, "execute")) {
            if (!JSON_NODE_HOLDS_VALUE(v) || json_node_get_value_type(v) != G_TYPE_STRING) {
                error_setg(errp, "QMP input member 'execute' must be a string");
                ok = false;
            } else {
                *cmd_name = json_node_get_string(v);
            }
        } else if (!strcmp(key, "arguments")) {
            if (!JSON_NODE_HOLDS_OBJECT(v)) {
                error_setg(errp, "QMP input member 'arguments' must be an object");
                ok = false;
            } else {
                *args = json_node_get_object(v);
            }
        } else if (strcmp(key, "id")) {
            /* "exec-oob" included: we offer no out-of-band capability. */
            error_setg(errp, "QMP input member '%s' is unexpected", key);
            ok = false;
        }
    }
    g_list_free(keys);
    if (ok && !*cmd_name) {
        error_setg(errp, "QMP input lacks member 'execute'");
        ok = false;
    }
    return ok;
}

JsonNode *qmp_dispatch(JsonNode *request, bool *negotiated)
{
    const QmpCommandDef *cmd;
    const char *name;
    JsonObject *req, *args;
    JsonObject *empty = NULL;
    JsonNode *id, *ret;
    Error *err = NULL;

    if (!request || !JSON_NODE_HOLDS_OBJECT(request)) {
        error_setg(&err, "QMP input must be a JSON object");
        return qmp_error_response(err, NULL);
    }
    req = json_node_get_object(request);
    id = json_object_get_member(req, "id");
    if (!check_request(req, &name, &args, &err)) {
        return qmp_error_response(err, id);
    }
    cmd = qmp_find_command(name);
    if (!*negotiated && (!cmd || !(cmd->flags & QMP_CMD_NEGOTIATION))) {
        error_set(&err, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "Expecting capabilities negotiation with 'qmp_capabilities'");
        return qmp_error_response(err, id);
    }
    if (!cmd) {
        error_set(&err, ERROR_CLASS_COMMAND_NOT_FOUND, "The command %s has not been found",
                  name);
        return qmp_error_response(err, id);
    }
    if (*negotiated && (cmd->flags & QMP_CMD_NEGOTIATION)) {
        error_set(&err, ERROR_CLASS_COMMAND_NOT_FOUND,
                  "Capabilities negotiation is already complete, command ignored");
        return qmp_error_response(err, id);
    }
    if (!args) {
        args = empty = json_object_new();
    }
    if (!qmp_validate_members(cmd->args, cmd->flags & QMP_CMD_ANY_ARGS, args, "", &err)) {
        if (empty) {
            json_object_unref(empty);
        }
        return qmp_error_response(err, id);
    }
    /* The handler may run a nested event loop; keep the request alive. */
    json_node_ref(request);
    ret = cmd->fn(args, &err);
    if (empty) {
        json_object_unref(empty);
    }
    if (err) {
        JsonNode *rsp;
        if (ret) {
            json_node_unref(ret);
        }
        rsp = qmp_error_response(err, id);
        json_node_unref(request);
        return rsp;
    }
    if (cmd->flags & QMP_CMD_NEGOTIATION) {
        *negotiated = true;
    }
    {
        JsonNode *rsp = success_response(ret, id);
        json_node_unref(request);
        return rsp;
    }
}

/* ---- argument access ---- */

const char *qmp_arg_str(JsonObject *args, const char *name)
{
    JsonNode *n = args ? json_object_get_member(args, name) : NULL;

    if (n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_STRING) {
        return json_node_get_string(n);
    }
    return NULL;
}

bool qmp_arg_has(JsonObject *args, const char *name)
{
    return args && json_object_has_member(args, name);
}

int64_t qmp_arg_int(JsonObject *args, const char *name, int64_t defval)
{
    JsonNode *n = args ? json_object_get_member(args, name) : NULL;

    if (n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_INT64) {
        return json_node_get_int(n);
    }
    return defval;
}

bool qmp_arg_bool(JsonObject *args, const char *name, bool defval)
{
    JsonNode *n = args ? json_object_get_member(args, name) : NULL;

    if (n && JSON_NODE_HOLDS_VALUE(n) && json_node_get_value_type(n) == G_TYPE_BOOLEAN) {
        return json_node_get_boolean(n);
    }
    return defval;
}
