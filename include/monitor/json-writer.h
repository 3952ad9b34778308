/*
 * JSON text in QMP's wire format: ", " and ": " separators (or QEMU's pretty
 * layout with 4-space indents), object members in insertion order, and every
 * byte outside printable ASCII escaped as \uXXXX.  Values are json-glib nodes.
 */
#ifndef MONITOR_JSON_WRITER_H
#define MONITOR_JSON_WRITER_H

#include "qemu/osdep.h"
#include <json-glib/json-glib.h>

/* Append node (NULL is written as null) to out. */
void qmp_json_append(GString *out, JsonNode *node, bool pretty);
/* The text of node; caller frees. */
char *qmp_json_to_string(JsonNode *node, bool pretty);

/* Small builders for handlers: they keep member order, which QMP clients see. */
JsonNode *qmp_node_object(JsonObject *obj);     /* takes the reference on obj */
JsonNode *qmp_node_array(JsonArray *arr);       /* takes the reference on arr */
JsonNode *qmp_node_empty_object(void);

#endif
