/*
 * Writing json-glib values as QMP wire text (see include/monitor/json-writer.h).
 * json-glib's own generator uses a different layout, which clients grepping
 * QEMU's output would not match.
 */
#include "qemu/osdep.h"
#include <math.h>
#include "monitor/json-writer.h"

static void append_indent(GString *out, bool pretty, int level)
{
    if (pretty) {
        g_string_append_c(out, '\n');
        for (int i = 0; i < level; i++) {
            g_string_append(out, "    ");
        }
    }
}

static void append_string(GString *out, const char *s)
{
    const char *p = s;

    g_string_append_c(out, '"');
    while (*p) {
        gunichar cp = g_utf8_get_char_validated(p, -1);
        const char *next;

        if (cp == (gunichar)-1 || cp == (gunichar)-2) {
            /* Not UTF-8 (a property of a device, say): one replacement per byte. */
            cp = 0xFFFD;
            next = p + 1;
        } else {
            next = g_utf8_next_char(p);
        }
        switch (cp) {
        case '"': g_string_append(out, "\\\""); break;
        case '\\': g_string_append(out, "\\\\"); break;
        case '\b': g_string_append(out, "\\b"); break;
        case '\f': g_string_append(out, "\\f"); break;
        case '\n': g_string_append(out, "\\n"); break;
        case '\r': g_string_append(out, "\\r"); break;
        case '\t': g_string_append(out, "\\t"); break;
        default:
            if (cp > 0xFFFF) {
                g_string_append_printf(out, "\\u%04X\\u%04X",
                                       0xD800 + ((cp - 0x10000) >> 10),
                                       0xDC00 + ((cp - 0x10000) & 0x3FF));
            } else if (cp < 0x20 || cp >= 0x7F) {
                g_string_append_printf(out, "\\u%04X", cp);
            } else {
                g_string_append_c(out, (char)cp);
            }
        }
        p = next;
    }
    g_string_append_c(out, '"');
}

static void append_double(GString *out, double d)
{
    /* Integers too big for %.17g to keep exact (uint64 properties) print as integers. */
    if (!isfinite(d)) {
        g_string_append(out, "null");       /* JSON has no inf/nan */
    } else if (d >= -9.2233720368547758e18 && d < 9.2233720368547758e18 &&
               (d >= 1e17 || d <= -1e17) && d == (double)(int64_t)d) {
        g_string_append_printf(out, "%" PRId64, (int64_t)d);
    } else if (d >= 9.2233720368547758e18 && d < 18446744073709551616.0 &&
               d == (double)(uint64_t)d) {
        g_string_append_printf(out, "%" PRIu64, (uint64_t)d);
    } else {
        g_string_append_printf(out, "%.17g", d);
    }
}

static void append_node(GString *out, JsonNode *node, bool pretty, int level);

static void append_object(GString *out, JsonObject *obj, bool pretty, int level)
{
    GList *members = json_object_get_members(obj);    /* insertion order */
    bool first = true;

    g_string_append_c(out, '{');
    for (GList *m = members; m; m = m->next) {
        if (!first) {
            g_string_append(out, pretty ? "," : ", ");
        }
        first = false;
        append_indent(out, pretty, level + 1);
        append_string(out, m->data);
        g_string_append(out, ": ");
        append_node(out, json_object_get_member(obj, m->data), pretty, level + 1);
    }
    g_list_free(members);
    append_indent(out, pretty, level);
    g_string_append_c(out, '}');
}

static void append_array(GString *out, JsonArray *arr, bool pretty, int level)
{
    guint n = json_array_get_length(arr);

    g_string_append_c(out, '[');
    for (guint i = 0; i < n; i++) {
        if (i) {
            g_string_append(out, pretty ? "," : ", ");
        }
        append_indent(out, pretty, level + 1);
        append_node(out, json_array_get_element(arr, i), pretty, level + 1);
    }
    append_indent(out, pretty, level);
    g_string_append_c(out, ']');
}

static void append_node(GString *out, JsonNode *node, bool pretty, int level)
{
    if (!node) {
        g_string_append(out, "null");
        return;
    }
    switch (json_node_get_node_type(node)) {
    case JSON_NODE_OBJECT:
        append_object(out, json_node_get_object(node), pretty, level);
        return;
    case JSON_NODE_ARRAY:
        append_array(out, json_node_get_array(node), pretty, level);
        return;
    case JSON_NODE_NULL:
        g_string_append(out, "null");
        return;
    case JSON_NODE_VALUE:
        break;
    }
    switch (json_node_get_value_type(node)) {
    case G_TYPE_BOOLEAN:
        g_string_append(out, json_node_get_boolean(node) ? "true" : "false");
        break;
    case G_TYPE_INT64:
        g_string_append_printf(out, "%" PRId64, json_node_get_int(node));
        break;
    case G_TYPE_DOUBLE:
        append_double(out, json_node_get_double(node));
        break;
    case G_TYPE_STRING:
        append_string(out, json_node_get_string(node));
        break;
    default:
        g_string_append(out, "null");
        break;
    }
}

void qmp_json_append(GString *out, JsonNode *node, bool pretty)
{
    append_node(out, node, pretty, 0);
}

char *qmp_json_to_string(JsonNode *node, bool pretty)
{
    GString *out = g_string_new(NULL);

    append_node(out, node, pretty, 0);
    return g_string_free(out, FALSE);
}

JsonNode *qmp_node_object(JsonObject *obj)
{
    JsonNode *n = json_node_new(JSON_NODE_OBJECT);

    json_node_take_object(n, obj);
    return n;
}

JsonNode *qmp_node_array(JsonArray *arr)
{
    JsonNode *n = json_node_new(JSON_NODE_ARRAY);

    json_node_take_array(n, arr);
    return n;
}

JsonNode *qmp_node_empty_object(void)
{
    return qmp_node_object(json_object_new());
}
