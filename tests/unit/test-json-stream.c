/*
 * Unit tests for the QMP input splitter (monitor/json-stream.c): values split
 * across feeds and packed into one, strings hiding brackets, QEMU's single
 * quotes, garbage and its recovery, and the size/nesting/UTF-8 bounds.
 */
#include "qemu/osdep.h"
#include <check.h>
#include "monitor/json-stream.h"

/* What the splitter emitted: texts, or "ERR:<message>" for errors. */
static GPtrArray *got;

static void collect(void *opaque, const char *text, size_t len, Error *err)
{
    if (err) {
        g_ptr_array_add(got, g_strdup_printf("ERR:%s", error_get_pretty(err)));
        error_free(err);
    } else {
        ck_assert_uint_eq(strlen(text), len);
        g_ptr_array_add(got, g_strdup(text));
    }
}

static JsonStream *new_stream(void)
{
    if (got) {
        g_ptr_array_free(got, TRUE);
    }
    got = g_ptr_array_new_with_free_func(g_free);
    return json_stream_new(collect, NULL);
}

static const char *nth(guint i)
{
    ck_assert_msg(i < got->len, "only %u values emitted", got->len);
    return g_ptr_array_index(got, i);
}

static void feed_str(JsonStream *js, const char *s)
{
    json_stream_feed_all(js, s, strlen(s));
}

START_TEST(test_two_objects_in_one_read_are_two_values)
{
    JsonStream *js = new_stream();

    feed_str(js, "{\"execute\":\"a\"}{\"execute\":\"b\"}\n");
    ck_assert_uint_eq(got->len, 2);
    ck_assert_str_eq(nth(0), "{\"execute\":\"a\"}");
    ck_assert_str_eq(nth(1), "{\"execute\":\"b\"}");
    json_stream_free(js);
}
END_TEST

START_TEST(test_object_split_over_many_reads_is_one_value)
{
    JsonStream *js = new_stream();
    const char *msg = "{\"execute\": \"qom-get\", \"arguments\": {\"path\": \"/machine\"}}";

    for (const char *p = msg; *p; p++) {
        json_stream_feed_all(js, p, 1);
        if (p[1]) {
            ck_assert_uint_eq(got->len, 0);
        }
    }
    ck_assert_uint_eq(got->len, 1);
    ck_assert_str_eq(nth(0), msg);
    json_stream_free(js);
}
END_TEST

START_TEST(test_feed_stops_after_each_value)
{
    JsonStream *js = new_stream();
    const char *s = "{\"a\":1} {\"b\":2}";
    size_t n = json_stream_feed(js, s, strlen(s));

    /* The caller gets control back after the first value to run it. */
    ck_assert_uint_eq(n, 7);
    ck_assert_uint_eq(got->len, 1);
    n += json_stream_feed(js, s + n, strlen(s) - n);
    ck_assert_uint_eq(n, strlen(s));
    ck_assert_uint_eq(got->len, 2);
    json_stream_free(js);
}
END_TEST

START_TEST(test_brackets_inside_strings_do_not_count)
{
    JsonStream *js = new_stream();

    feed_str(js, "{\"a\": \"}}]]{\\\"\", \"b\": \"\\\\\"}");
    ck_assert_uint_eq(got->len, 1);
    ck_assert_str_eq(nth(0), "{\"a\": \"}}]]{\\\"\", \"b\": \"\\\\\"}");
    json_stream_free(js);
}
END_TEST

START_TEST(test_single_quotes_become_double_quotes)
{
    JsonStream *js = new_stream();

    feed_str(js, "{'execute': 'it\\'s \"x\"'}");
    ck_assert_uint_eq(got->len, 1);
    ck_assert_str_eq(nth(0), "{\"execute\": \"it's \\\"x\\\"\"}");
    json_stream_free(js);
}
END_TEST

START_TEST(test_top_level_scalars_are_values)
{
    JsonStream *js = new_stream();

    feed_str(js, "42 true \"str\" [1, 2]");
    json_stream_flush(js);
    ck_assert_uint_eq(got->len, 4);
    ck_assert_str_eq(nth(0), "42");
    ck_assert_str_eq(nth(1), "true");
    ck_assert_str_eq(nth(2), "\"str\"");
    ck_assert_str_eq(nth(3), "[1, 2]");
    json_stream_free(js);
}
END_TEST

START_TEST(test_stray_closer_is_an_error_and_stream_continues)
{
    JsonStream *js = new_stream();

    feed_str(js, "}]{\"ok\":1}");
    ck_assert_uint_eq(got->len, 3);
    ck_assert_str_eq(nth(0), "ERR:JSON parse error, stray '}'");
    ck_assert_str_eq(nth(1), "ERR:JSON parse error, stray ']'");
    ck_assert_str_eq(nth(2), "{\"ok\":1}");
    json_stream_free(js);
}
END_TEST

START_TEST(test_nesting_limit_drops_value_and_recovers)
{
    JsonStream *js = new_stream();
    GString *deep = g_string_new(NULL);

    for (int i = 0; i < JSON_STREAM_MAX_DEPTH + 10; i++) {
        g_string_append_c(deep, '[');
    }
    for (int i = 0; i < JSON_STREAM_MAX_DEPTH + 10; i++) {
        g_string_append_c(deep, ']');
    }
    g_string_append(deep, "{\"next\":true}");
    feed_str(js, deep->str);
    ck_assert_uint_eq(got->len, 2);
    ck_assert_str_eq(nth(0), "ERR:JSON nesting depth limit exceeded");
    ck_assert_str_eq(nth(1), "{\"next\":true}");
    g_string_free(deep, TRUE);
    json_stream_free(js);
}
END_TEST

START_TEST(test_nesting_at_limit_is_accepted)
{
    JsonStream *js = new_stream();
    GString *deep = g_string_new(NULL);

    for (int i = 0; i < JSON_STREAM_MAX_DEPTH; i++) {
        g_string_append_c(deep, '[');
    }
    for (int i = 0; i < JSON_STREAM_MAX_DEPTH; i++) {
        g_string_append_c(deep, ']');
    }
    feed_str(js, deep->str);
    ck_assert_uint_eq(got->len, 1);
    ck_assert_str_eq(nth(0), deep->str);
    g_string_free(deep, TRUE);
    json_stream_free(js);
}
END_TEST

START_TEST(test_oversized_value_is_refused_once_then_skipped)
{
    JsonStream *js = new_stream();
    size_t chunk = 1 << 20;
    char *filler = g_malloc(chunk);

    memset(filler, 'a', chunk);
    feed_str(js, "{\"x\": \"");
    for (size_t sent = 0; sent <= JSON_STREAM_MAX_SIZE + chunk; sent += chunk) {
        json_stream_feed_all(js, filler, chunk);
    }
    feed_str(js, "\"}{\"after\":1}");
    ck_assert_uint_eq(got->len, 2);
    ck_assert_str_eq(nth(0), "ERR:JSON token size limit exceeded");
    ck_assert_str_eq(nth(1), "{\"after\":1}");
    g_free(filler);
    json_stream_free(js);
}
END_TEST

START_TEST(test_too_many_tokens_is_refused)
{
    JsonStream *js = new_stream();
    GString *s = g_string_new("[");

    for (unsigned i = 0; i < JSON_STREAM_MAX_TOKENS + 1; i++) {
        g_string_append(s, "1,");
    }
    g_string_append(s, "1]{}");
    feed_str(js, s->str);
    ck_assert_uint_eq(got->len, 2);
    ck_assert_str_eq(nth(0), "ERR:JSON token count limit exceeded");
    ck_assert_str_eq(nth(1), "{}");
    g_string_free(s, TRUE);
    json_stream_free(js);
}
END_TEST

START_TEST(test_invalid_utf8_and_nul_are_errors)
{
    JsonStream *js = new_stream();
    static const char bad_utf8[] = "{\"a\": \"\xff\xfe\"}";
    static const char with_nul[] = { '{', '"', 'a', '"', ':', '"', 0, '"', '}' };

    json_stream_feed_all(js, bad_utf8, strlen(bad_utf8));
    json_stream_feed_all(js, with_nul, sizeof(with_nul));
    feed_str(js, "{}");
    ck_assert_uint_eq(got->len, 3);
    ck_assert_str_eq(nth(0), "ERR:JSON parse error, invalid UTF-8 sequence");
    ck_assert_str_eq(nth(1), "ERR:JSON parse error, NUL byte in input");
    ck_assert_str_eq(nth(2), "{}");
    json_stream_free(js);
}
END_TEST

START_TEST(test_flush_reports_unfinished_value)
{
    JsonStream *js = new_stream();

    feed_str(js, "{\"execute\": ");
    json_stream_flush(js);
    ck_assert_uint_eq(got->len, 1);
    ck_assert_str_eq(nth(0), "ERR:JSON parse error, unexpected end of input");
    feed_str(js, "{}");
    ck_assert_uint_eq(got->len, 2);
    json_stream_free(js);
}
END_TEST

START_TEST(test_reset_forgets_partial_value)
{
    JsonStream *js = new_stream();

    feed_str(js, "{\"half\": [1, ");
    json_stream_reset(js);
    feed_str(js, "{\"whole\": 1}");
    ck_assert_uint_eq(got->len, 1);
    ck_assert_str_eq(nth(0), "{\"whole\": 1}");
    json_stream_free(js);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("json-stream");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_two_objects_in_one_read_are_two_values);
    tcase_add_test(tc, test_object_split_over_many_reads_is_one_value);
    tcase_add_test(tc, test_feed_stops_after_each_value);
    tcase_add_test(tc, test_brackets_inside_strings_do_not_count);
    tcase_add_test(tc, test_single_quotes_become_double_quotes);
    tcase_add_test(tc, test_top_level_scalars_are_values);
    tcase_add_test(tc, test_stray_closer_is_an_error_and_stream_continues);
    tcase_add_test(tc, test_nesting_limit_drops_value_and_recovers);
    tcase_add_test(tc, test_nesting_at_limit_is_accepted);
    tcase_add_test(tc, test_oversized_value_is_refused_once_then_skipped);
    tcase_add_test(tc, test_too_many_tokens_is_refused);
    tcase_add_test(tc, test_invalid_utf8_and_nul_are_errors);
    tcase_add_test(tc, test_flush_reports_unfinished_value);
    tcase_add_test(tc, test_reset_forgets_partial_value);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
