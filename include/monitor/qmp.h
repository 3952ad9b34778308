/*
 * QMP commands, their schema and events.  Commands and the types of their
 * arguments and results are declared as tables (data); the dispatcher checks
 * every request against them with QEMU's error messages, and query-commands /
 * query-qmp-schema are generated from the same tables, so what is listed is
 * exactly what is accepted.  Subsystems add their own tables with
 * qmp_register_types() / qmp_register_commands() / qmp_register_events().
 */
#ifndef MONITOR_QMP_H
#define MONITOR_QMP_H

#include "qemu/osdep.h"
#include "qapi/error.h"
#include <json-glib/json-glib.h>

/*
 * A member of an object type, a command's arguments or an event's data.
 * name starting with '*' means optional ("*id").  type names a builtin
 * ("str", "int", "int8".."int64", "uint8".."uint64", "size", "number", "bool",
 * "null", "any"), a registered type, or "[T]" for an array of T.
 */
typedef struct QmpMember {
    const char *name;
    const char *type;
} QmpMember;

typedef enum QmpMetaType {
    QMP_META_ENUM,
    QMP_META_OBJECT,
} QmpMetaType;

/* A named type; members/values are terminated by a NULL name. */
typedef struct QmpTypeDef {
    const char *name;
    QmpMetaType meta;
    const QmpMember *members;      /* QMP_META_OBJECT */
    const char *const *values;     /* QMP_META_ENUM */
} QmpTypeDef;

/*
 * A command handler.  args has been validated against the declaration (types
 * of present members, required ones present, no unknown ones unless
 * QMP_CMD_ANY_ARGS).  Returns the result (new reference), or NULL with errp
 * set; NULL without an error means the empty object {}.
 */
typedef JsonNode *QmpCommandFunc(JsonObject *args, Error **errp);

enum {
    QMP_CMD_ANY_ARGS = 1 << 0,         /* extra arguments pass through (device_add) */
    QMP_CMD_NEGOTIATION = 1 << 1,      /* allowed before qmp_capabilities */
};

typedef struct QmpCommandDef {
    const char *name;
    const QmpMember *args;         /* NULL: takes no arguments */
    const char *ret;               /* result type, NULL: {} */
    QmpCommandFunc *fn;
    unsigned flags;
} QmpCommandDef;

typedef struct QmpEventDef {
    const char *name;
    const QmpMember *data;         /* NULL: no data */
} QmpEventDef;

/* Register NULL-name-terminated tables (static storage; not copied). */
void qmp_register_types(const QmpTypeDef *types);
void qmp_register_commands(const QmpCommandDef *cmds);
void qmp_register_events(const QmpEventDef *events);

const QmpCommandDef *qmp_find_command(const char *name);
/* Names of every registered command, in registration order (free the array only). */
GPtrArray *qmp_command_names(void);
/* query-qmp-schema's answer: an array of SchemaInfo objects (new reference). */
JsonNode *qmp_schema_introspect(void);
/* query-commands' answer. */
JsonNode *qmp_query_commands(void);
/* Whether a type name is a builtin, a registered type or an array of one (recursively). */
bool qmp_type_is_declared(const char *type);
/* Every type a command or event mentions is declared (a test for the tables). */
bool qmp_schema_check(Error **errp);

/*
 * Check value against a type (or, for members, an object of those members).
 * path names the value in messages ("Parameter 'path' is missing").
 */
bool qmp_validate_type(const char *type, JsonNode *value, const char *path, Error **errp);
bool qmp_validate_members(const QmpMember *members, bool allow_extra, JsonObject *obj,
                          const char *path, Error **errp);

/*
 * Run one request (a parsed JSON value) and return the response object to
 * send, or NULL when nothing is to be sent.  negotiated tells whether
 * qmp_capabilities has run on this connection; a successful
 * qmp_capabilities sets *negotiated.
 */
JsonNode *qmp_dispatch(JsonNode *request, bool *negotiated);
/* The response for an error with no request id (e.g. bad JSON). */
JsonNode *qmp_error_response(Error *err, JsonNode *id);

/*
 * Emit an event to every negotiated QMP monitor: data (may be NULL) is
 * consumed.  Any thread; delivered from the main loop in emission order.
 */
void qmp_event_send(const char *name, JsonObject *data);

/* Argument access for handlers. */
const char *qmp_arg_str(JsonObject *args, const char *name);       /* NULL if absent */
bool qmp_arg_has(JsonObject *args, const char *name);
int64_t qmp_arg_int(JsonObject *args, const char *name, int64_t defval);
bool qmp_arg_bool(JsonObject *args, const char *name, bool defval);

#endif
