/*
 * Unit tests for QMP request handling without a connection: negotiation,
 * the request's own members, argument validation against the schema with
 * QEMU's messages, id echo, error classes, the generated query-commands /
 * query-qmp-schema answers, and the wire format of the JSON writer.
 */
#include "qemu/osdep.h"
#include <check.h>
#include "monitor/qmp.h"
#include "monitor/json-writer.h"

/* ---- a test command with every kind of argument ---- */

static const char *const test_enum_values[] = { "alpha", "beta", NULL };

static const QmpTypeDef test_types[] = {
    { "TestEnum", QMP_META_ENUM, .values = test_enum_values },
    { "TestObj", QMP_META_OBJECT, .members = (const QmpMember[]) {
        { "x", "int" }, { "*y", "str" }, { NULL } } },
    { NULL }
};

static int test_calls;

static JsonNode *test_echo(JsonObject *args, Error **errp)
{
    JsonNode *n = json_node_new(JSON_NODE_OBJECT);

    test_calls++;
    json_node_set_object(n, args);
    return n;
}

static JsonNode *test_fail(JsonObject *args, Error **errp)
{
    error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND, "Device '%s' not found", "nothing");
    return NULL;
}

static const QmpCommandDef test_commands[] = {
    { "x-test-echo", (const QmpMember[]) {
        { "s", "str" }, { "*i", "int" }, { "*u8", "uint8" }, { "*b", "bool" },
        { "*n", "number" }, { "*e", "TestEnum" }, { "*o", "TestObj" }, { "*a", "[int]" },
        { "*any", "any" }, { NULL } }, "any", test_echo },
    { "x-test-fail", NULL, NULL, test_fail },
    { NULL }
};

static void register_once(void)
{
    static bool done;

    if (!done) {
        qmp_register_types(test_types);
        qmp_register_commands(test_commands);
        done = true;
    }
}

/* ---- helpers ---- */

static JsonNode *parse(const char *text)
{
    JsonParser *p = json_parser_new();
    GError *gerr = NULL;
    JsonNode *root;

    ck_assert_msg(json_parser_load_from_data(p, text, -1, &gerr), "bad test JSON %s", text);
    root = json_node_copy(json_parser_get_root(p));
    g_object_unref(p);
    return root;
}

/* Run a request text on a negotiated (or not) session; return the response's text. */
static char *run(const char *request, bool *negotiated)
{
    JsonNode *req = parse(request);
    JsonNode *rsp = qmp_dispatch(req, negotiated);
    char *text = qmp_json_to_string(rsp, false);

    json_node_unref(req);
    json_node_unref(rsp);
    return text;
}

static char *run_negotiated(const char *request)
{
    bool negotiated = true;

    register_once();
    return run(request, &negotiated);
}

static void expect(const char *request, const char *response)
{
    g_autofree char *got = run_negotiated(request);

    ck_assert_str_eq(got, response);
}

static void expect_error(const char *request, const char *cls, const char *desc)
{
    g_autofree char *want = g_strdup_printf("{\"error\": {\"class\": \"%s\", \"desc\": \"%s\"}}",
                                            cls, desc);
    expect(request, want);
}

/* ---- negotiation and the request's shape ---- */

START_TEST(test_commands_refused_before_negotiation)
{
    bool negotiated = false;
    g_autofree char *r1 = run("{\"execute\": \"query-status\"}", &negotiated);
    g_autofree char *r2 = NULL;
    g_autofree char *r3 = NULL;

    ck_assert_str_eq(r1, "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": "
                     "\"Expecting capabilities negotiation with 'qmp_capabilities'\"}}");
    ck_assert(!negotiated);
    r2 = run("{\"execute\": \"qmp_capabilities\", \"id\": 7}", &negotiated);
    ck_assert_str_eq(r2, "{\"return\": {}, \"id\": 7}");
    ck_assert(negotiated);
    r3 = run("{\"execute\": \"qmp_capabilities\"}", &negotiated);
    ck_assert_str_eq(r3, "{\"error\": {\"class\": \"CommandNotFound\", \"desc\": "
                     "\"Capabilities negotiation is already complete, command ignored\"}}");
}
END_TEST

START_TEST(test_unknown_capability_is_refused)
{
    bool negotiated = false;
    g_autofree char *r1 = run("{\"execute\": \"qmp_capabilities\", "
                              "\"arguments\": {\"enable\": [\"oob\"]}}", &negotiated);
    g_autofree char *r2 = run("{\"execute\": \"qmp_capabilities\", "
                              "\"arguments\": {\"enable\": [\"warp\"]}}", &negotiated);

    ck_assert_str_eq(r1, "{\"error\": {\"class\": \"GenericError\", \"desc\": "
                     "\"Capability 'oob' not available\"}}");
    ck_assert_str_eq(r2, "{\"error\": {\"class\": \"GenericError\", \"desc\": "
                     "\"Parameter 'enable[0]' does not accept value 'warp'\"}}");
    ck_assert(!negotiated);
}
END_TEST

START_TEST(test_request_shape_errors)
{
    expect_error("[1]", "GenericError", "QMP input must be a JSON object");
    expect_error("\"execute\"", "GenericError", "QMP input must be a JSON object");
    expect_error("{}", "GenericError", "QMP input lacks member 'execute'");
    expect_error("{\"execute\": 1}", "GenericError",
                 "QMP input member 'execute' must be a string");
    expect_error("{\"execute\": \"x-test-fail\", \"arguments\": []}", "GenericError",
                 "QMP input member 'arguments' must be an object");
    expect_error("{\"execute\": \"x-test-fail\", \"exec-oob\": true}", "GenericError",
                 "QMP input member 'exec-oob' is unexpected");
    expect_error("{\"execute\": \"x-test-fail\", \"colour\": 1}", "GenericError",
                 "QMP input member 'colour' is unexpected");
}
END_TEST

START_TEST(test_unknown_command)
{
    expect("{\"execute\": \"no-such-thing\", \"id\": \"abc\"}",
           "{\"id\": \"abc\", \"error\": {\"class\": \"CommandNotFound\", "
           "\"desc\": \"The command no-such-thing has not been found\"}}");
}
END_TEST

START_TEST(test_id_of_any_type_is_echoed)
{
    expect("{\"execute\": \"x-test-echo\", \"arguments\": {\"s\": \"v\"}, "
           "\"id\": {\"n\": [1, \"two\"]}}",
           "{\"return\": {\"s\": \"v\"}, \"id\": {\"n\": [1, \"two\"]}}");
    expect("{\"id\": 3, \"execute\": \"x-test-fail\"}",
           "{\"id\": 3, \"error\": {\"class\": \"DeviceNotFound\", "
           "\"desc\": \"Device 'nothing' not found\"}}");
}
END_TEST

/* ---- argument validation ---- */

START_TEST(test_valid_arguments_reach_the_handler)
{
    int before = test_calls;

    expect("{\"execute\": \"x-test-echo\", \"arguments\": {\"s\": \"v\", \"i\": -5, "
           "\"u8\": 255, \"b\": true, \"n\": 1.5, \"e\": \"beta\", \"o\": {\"x\": 1}, "
           "\"a\": [1, 2], \"any\": null}}",
           "{\"return\": {\"s\": \"v\", \"i\": -5, \"u8\": 255, \"b\": true, \"n\": 1.5, "
           "\"e\": \"beta\", \"o\": {\"x\": 1}, \"a\": [1, 2], \"any\": null}}");
    ck_assert_int_eq(test_calls, before + 1);
}
END_TEST

START_TEST(test_missing_argument)
{
    int before = test_calls;

    expect_error("{\"execute\": \"x-test-echo\"}", "GenericError", "Parameter 's' is missing");
    expect_error("{\"execute\": \"x-test-echo\", \"arguments\": {\"s\": \"v\", \"o\": {}}}",
                 "GenericError", "Parameter 'o.x' is missing");
    ck_assert_int_eq(test_calls, before);
}
END_TEST

START_TEST(test_unexpected_argument)
{
    expect_error("{\"execute\": \"x-test-echo\", \"arguments\": {\"s\": \"v\", \"z\": 1}}",
                 "GenericError", "Parameter 'z' is unexpected");
    expect_error("{\"execute\": \"x-test-fail\", \"arguments\": {\"z\": 1}}",
                 "GenericError", "Parameter 'z' is unexpected");
    expect_error("{\"execute\": \"x-test-echo\", \"arguments\": {\"s\": \"v\", "
                 "\"o\": {\"x\": 1, \"w\": 2}}}",
                 "GenericError", "Parameter 'o.w' is unexpected");
}
END_TEST

START_TEST(test_wrongly_typed_arguments)
{
    expect_error("{\"execute\": \"x-test-echo\", \"arguments\": {\"s\": 1}}",
                 "GenericError", "Invalid parameter type for 's', expected: string");
    expect_error("{\"execute\": \"x-test-echo\", \"arguments\": {\"s\": \"v\", \"i\": \"1\"}}",
                 "GenericError", "Invalid parameter type for 'i', expected: integer");
    expect_error("{\"execute\": \"x-test-echo\", \"arguments\": {\"s\": \"v\", \"b\": 1}}",
                 "GenericError", "Invalid parameter type for 'b', expected: boolean");
    expect_error("{\"execute\": \"x-test-echo\", \"arguments\": {\"s\": \"v\", \"n\": \"x\"}}",
                 "GenericError", "Invalid parameter type for 'n', expected: number");
    expect_error("{\"execute\": \"x-test-echo\", \"arguments\": {\"s\": \"v\", \"o\": 1}}",
                 "GenericError", "Invalid parameter type for 'o', expected: object");
    expect_error("{\"execute\": \"x-test-echo\", \"arguments\": {\"s\": \"v\", \"a\": {}}}",
                 "GenericError", "Invalid parameter type for 'a', expected: array");
    expect_error("{\"execute\": \"x-test-echo\", \"arguments\": {\"s\": \"v\", \"a\": [1, true]}}",
                 "GenericError", "Invalid parameter type for 'a[1]', expected: integer");
    expect_error("{\"execute\": \"x-test-echo\", \"arguments\": {\"s\": \"v\", \"u8\": 256}}",
                 "GenericError", "Parameter 'u8' expects uint8_t");
    expect_error("{\"execute\": \"x-test-echo\", \"arguments\": {\"s\": \"v\", \"e\": \"gamma\"}}",
                 "GenericError", "Parameter 'e' does not accept value 'gamma'");
}
END_TEST

/* ---- generated answers ---- */

START_TEST(test_schema_tables_are_consistent)
{
    Error *err = NULL;

    register_once();
    ck_assert_msg(qmp_schema_check(&err), "%s", err ? error_get_pretty(err) : "");
}
END_TEST

START_TEST(test_query_commands_lists_exactly_the_registered_commands)
{
    JsonNode *list;
    JsonArray *arr;
    GPtrArray *names;

    register_once();
    list = qmp_query_commands();
    arr = json_node_get_array(list);
    names = qmp_command_names();
    ck_assert_uint_eq(json_array_get_length(arr), names->len);
    for (guint i = 0; i < names->len; i++) {
        JsonObject *o = json_array_get_object_element(arr, i);
        ck_assert_str_eq(json_object_get_string_member(o, "name"), g_ptr_array_index(names, i));
        ck_assert_ptr_nonnull(qmp_find_command(g_ptr_array_index(names, i)));
    }
    ck_assert_ptr_nonnull(qmp_find_command("x-test-echo"));
    ck_assert_ptr_null(qmp_find_command("x-never"));
    g_ptr_array_free(names, TRUE);
    json_node_unref(list);
}
END_TEST

START_TEST(test_introspection_describes_every_command_and_its_types)
{
    JsonNode *schema;
    JsonArray *arr;
    GHashTable *entities = g_hash_table_new(g_str_hash, g_str_equal);
    GPtrArray *names;
    guint commands = 0;

    register_once();
    schema = qmp_schema_introspect();
    arr = json_node_get_array(schema);
    for (guint i = 0; i < json_array_get_length(arr); i++) {
        JsonObject *o = json_array_get_object_element(arr, i);
        const char *name = json_object_get_string_member(o, "name");
        ck_assert_msg(!g_hash_table_contains(entities, name), "'%s' twice", name);
        g_hash_table_insert(entities, (gpointer)name, o);
    }
    /* Every type an entity refers to is itself described. */
    for (guint i = 0; i < json_array_get_length(arr); i++) {
        JsonObject *o = json_array_get_object_element(arr, i);
        const char *meta = json_object_get_string_member(o, "meta-type");

        if (!strcmp(meta, "command")) {
            commands++;
            ck_assert(g_hash_table_contains(entities,
                                            json_object_get_string_member(o, "arg-type")));
            ck_assert(g_hash_table_contains(entities,
                                            json_object_get_string_member(o, "ret-type")));
        } else if (!strcmp(meta, "object")) {
            JsonArray *members = json_object_get_array_member(o, "members");
            for (guint k = 0; k < json_array_get_length(members); k++) {
                JsonObject *m = json_array_get_object_element(members, k);
                ck_assert(g_hash_table_contains(entities,
                                                json_object_get_string_member(m, "type")));
            }
        } else if (!strcmp(meta, "array")) {
            ck_assert(g_hash_table_contains(entities,
                                            json_object_get_string_member(o, "element-type")));
        }
    }
    names = qmp_command_names();
    ck_assert_uint_eq(commands, names->len);
    for (guint i = 0; i < names->len; i++) {
        JsonObject *o = g_hash_table_lookup(entities, g_ptr_array_index(names, i));
        ck_assert_ptr_nonnull(o);
        ck_assert_str_eq(json_object_get_string_member(o, "meta-type"), "command");
    }
    /* Builtins keep their names; integer widths all show as "int". */
    ck_assert(g_hash_table_contains(entities, "str"));
    ck_assert(g_hash_table_contains(entities, "int"));
    ck_assert(!g_hash_table_contains(entities, "uint8"));
    ck_assert(g_hash_table_contains(entities, "SHUTDOWN"));
    g_ptr_array_free(names, TRUE);
    g_hash_table_unref(entities);
    json_node_unref(schema);
}
END_TEST

/* ---- the wire format ---- */

START_TEST(test_writer_uses_qemu_spacing_and_escapes)
{
    JsonNode *n = parse("{\"b\": [1, true, null, -2.5], \"a\": \"caf\\u00e9 \\\"q\\\" \\n /\"}");
    g_autofree char *compact = qmp_json_to_string(n, false);
    g_autofree char *pretty = qmp_json_to_string(n, true);

    /* Member order is kept; non-ASCII is escaped as QEMU does; '/' is not. */
    ck_assert_str_eq(compact, "{\"b\": [1, true, null, -2.5], "
                     "\"a\": \"caf\\u00E9 \\\"q\\\" \\n /\"}");
    ck_assert_str_eq(pretty, "{\n    \"b\": [\n        1,\n        true,\n        null,\n"
                     "        -2.5\n    ],\n    \"a\": \"caf\\u00E9 \\\"q\\\" \\n /\"\n}");
    json_node_unref(n);
}
END_TEST

START_TEST(test_writer_empty_containers)
{
    JsonNode *n = parse("{\"return\": {}, \"list\": []}");
    g_autofree char *compact = qmp_json_to_string(n, false);
    g_autofree char *pretty = qmp_json_to_string(n, true);

    ck_assert_str_eq(compact, "{\"return\": {}, \"list\": []}");
    ck_assert_str_eq(pretty, "{\n    \"return\": {\n    },\n    \"list\": [\n    ]\n}");
    json_node_unref(n);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("qmp");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_commands_refused_before_negotiation);
    tcase_add_test(tc, test_unknown_capability_is_refused);
    tcase_add_test(tc, test_request_shape_errors);
    tcase_add_test(tc, test_unknown_command);
    tcase_add_test(tc, test_id_of_any_type_is_echoed);
    tcase_add_test(tc, test_valid_arguments_reach_the_handler);
    tcase_add_test(tc, test_missing_argument);
    tcase_add_test(tc, test_unexpected_argument);
    tcase_add_test(tc, test_wrongly_typed_arguments);
    tcase_add_test(tc, test_schema_tables_are_consistent);
    tcase_add_test(tc, test_query_commands_lists_exactly_the_registered_commands);
    tcase_add_test(tc, test_introspection_describes_every_command_and_its_types);
    tcase_add_test(tc, test_writer_uses_qemu_spacing_and_escapes);
    tcase_add_test(tc, test_writer_empty_containers);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
