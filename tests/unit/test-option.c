/*
 * Unit tests for option strings (util/qemu-option.c): key=value syntax, escapes, implied
 * keys, help, JSON form, and the bool/number/size parsers with their error messages.
 */
#include "qemu/osdep.h"
#include <check.h>
#include "qemu/option.h"

/* Parse and expect success. */
static QemuOpts *parse_ok(const char *s, const char *implied)
{
    Error *err = NULL;
    QemuOpts *opts = qemu_opts_parse_maybe_json(s, implied, &err);

    ck_assert_msg(opts != NULL, "'%s' failed: %s", s, err ? error_get_pretty(err) : "?");
    ck_assert_ptr_null(err);
    return opts;
}

/* Parse, expect failure, return the message (caller frees). */
static char *parse_err(const char *s, const char *implied)
{
    Error *err = NULL;
    QemuOpts *opts = qemu_opts_parse_maybe_json(s, implied, &err);
    char *msg;

    ck_assert_msg(opts == NULL, "'%s' unexpectedly parsed", s);
    ck_assert_ptr_nonnull(err);
    msg = g_strdup(error_get_pretty(err));
    error_free(err);
    return msg;
}

START_TEST(test_key_value_pairs_keep_order)
{
    QemuOpts *opts = parse_ok("a=1,b=two,c=", NULL);

    ck_assert_uint_eq(opts->opts->len, 3);
    ck_assert_str_eq(((QemuOpt *)g_ptr_array_index(opts->opts, 0))->name, "a");
    ck_assert_str_eq(((QemuOpt *)g_ptr_array_index(opts->opts, 1))->name, "b");
    ck_assert_str_eq(qemu_opt_get(opts, "a"), "1");
    ck_assert_str_eq(qemu_opt_get(opts, "b"), "two");
    ck_assert_str_eq(qemu_opt_get(opts, "c"), "");
    ck_assert_ptr_null(qemu_opt_get(opts, "d"));
    ck_assert(!qemu_opt_has(opts, "d"));
    ck_assert(!opts->help);
    qemu_opts_del(opts);
}
END_TEST

START_TEST(test_double_comma_is_literal_comma)
{
    QemuOpts *opts = parse_ok("file=a,,b,,,,c,format=raw", NULL);

    ck_assert_str_eq(qemu_opt_get(opts, "file"), "a,b,,c");
    ck_assert_str_eq(qemu_opt_get(opts, "format"), "raw");
    qemu_opts_del(opts);

    /* A value may contain '=' too. */
    opts = parse_ok("append=console=ttyAMA0 root=/dev/vda", NULL);
    ck_assert_str_eq(qemu_opt_get(opts, "append"), "console=ttyAMA0 root=/dev/vda");
    qemu_opts_del(opts);
}
END_TEST

START_TEST(test_implied_key_takes_first_bare_element)
{
    QemuOpts *opts = parse_ok("virtio-scsi-device,id=scsi0", "driver");

    ck_assert_str_eq(qemu_opt_get(opts, "driver"), "virtio-scsi-device");
    ck_assert_str_eq(opts->id, "scsi0");
    ck_assert_str_eq(qemu_opt_get(opts, "id"), "scsi0");
    qemu_opts_del(opts);

    /* The implied value honours ",," as well. */
    opts = parse_ok("a,,b,x=1", "path");
    ck_assert_str_eq(qemu_opt_get(opts, "path"), "a,b");
    ck_assert_str_eq(qemu_opt_get(opts, "x"), "1");
    qemu_opts_del(opts);

    /* An explicit first key wins: no implied value. */
    opts = parse_ok("type=virt-2.6,accel=tcg", "type");
    ck_assert_str_eq(qemu_opt_get(opts, "type"), "virt-2.6");
    ck_assert_uint_eq(opts->opts->len, 2);
    qemu_opts_del(opts);
}
END_TEST

START_TEST(test_bare_key_means_on)
{
    QemuOpts *opts = parse_ok("virt,highmem,nokvm", "type");

    ck_assert_str_eq(qemu_opt_get(opts, "type"), "virt");
    ck_assert_str_eq(qemu_opt_get(opts, "highmem"), "on");
    /* "no" prefixes are not special any more. */
    ck_assert_str_eq(qemu_opt_get(opts, "nokvm"), "on");
    qemu_opts_del(opts);

    /* Without an implied key the first bare key is a flag too. */
    opts = parse_ok("server,wait=off", NULL);
    ck_assert_str_eq(qemu_opt_get(opts, "server"), "on");
    qemu_opts_del(opts);
}
END_TEST

START_TEST(test_help_and_question_mark)
{
    QemuOpts *opts = parse_ok("help", "driver");

    ck_assert(opts->help);
    ck_assert(!qemu_opt_has(opts, "driver"));
    qemu_opts_del(opts);

    opts = parse_ok("?", NULL);
    ck_assert(opts->help);
    qemu_opts_del(opts);

    opts = parse_ok("virtio-blk-pci,help", "driver");
    ck_assert(opts->help);
    ck_assert_str_eq(qemu_opt_get(opts, "driver"), "virtio-blk-pci");
    ck_assert(!qemu_opt_has(opts, "help"));
    qemu_opts_del(opts);

    /* "help" as a value is just a value. */
    opts = parse_ok("name=help", NULL);
    ck_assert(!opts->help);
    ck_assert_str_eq(qemu_opt_get(opts, "name"), "help");
    qemu_opts_del(opts);
}
END_TEST

START_TEST(test_empty_key_is_an_error)
{
    char *msg = parse_err("a=1,=2", NULL);

    ck_assert_str_eq(msg, "Invalid parameter '' in 'a=1,=2'");
    g_free(msg);
    msg = parse_err("=x", "driver");
    ck_assert_str_eq(msg, "Invalid parameter '' in '=x'");
    g_free(msg);
    /* An empty element in the middle is an empty key. */
    msg = parse_err("server,,,wait", NULL);
    ck_assert_ptr_nonnull(strstr(msg, "Invalid parameter ''"));
    g_free(msg);
}
END_TEST

START_TEST(test_empty_and_trailing_comma)
{
    QemuOpts *opts = parse_ok("", NULL);

    ck_assert_uint_eq(opts->opts->len, 0);
    ck_assert_ptr_null(opts->id);
    qemu_opts_del(opts);
    opts = parse_ok("a=1,", NULL);
    ck_assert_uint_eq(opts->opts->len, 1);
    qemu_opts_del(opts);
}
END_TEST

START_TEST(test_id_must_be_identifier)
{
    char *msg = parse_err("null,id=1abc", "backend");

    ck_assert_str_eq(msg, "Parameter 'id' expects an identifier");
    g_free(msg);
    msg = parse_err("null,id=", "backend");
    ck_assert_str_eq(msg, "Parameter 'id' expects an identifier");
    g_free(msg);
    msg = parse_err("{\"id\": \"a b\"}", NULL);
    ck_assert_str_eq(msg, "Parameter 'id' expects an identifier");
    g_free(msg);

    QemuOpts *opts = parse_ok("id=a-b.c_9", NULL);
    ck_assert_str_eq(opts->id, "a-b.c_9");
    qemu_opts_del(opts);
}
END_TEST

START_TEST(test_duplicates_last_wins_and_take_removes_all)
{
    QemuOpts *opts = parse_ok("x=1,y=2,x=3", NULL);
    char *v;

    ck_assert_str_eq(qemu_opt_get(opts, "x"), "3");
    ck_assert_uint_eq(opts->opts->len, 3);
    v = qemu_opt_take(opts, "x");
    ck_assert_str_eq(v, "3");
    g_free(v);
    ck_assert(!qemu_opt_has(opts, "x"));
    ck_assert_uint_eq(opts->opts->len, 1);
    ck_assert_ptr_null(qemu_opt_take(opts, "x"));

    qemu_opt_set(opts, "id", "foo");
    ck_assert_str_eq(opts->id, "foo");
    v = qemu_opt_take(opts, "id");
    g_free(v);
    ck_assert_ptr_null(opts->id);
    qemu_opts_del(opts);
}
END_TEST

START_TEST(test_json_form)
{
    QemuOpts *opts = parse_ok("{\"driver\": \"virtio-blk-pci\", \"id\": \"d0\", "
                              "\"num-queues\": 4, \"ratio\": 1.5, \"share-rw\": true, "
                              "\"ro\": false, \"neg\": -7}", "driver");
    QemuOpt *first = g_ptr_array_index(opts->opts, 0);

    ck_assert_str_eq(first->name, "driver");
    ck_assert_str_eq(qemu_opt_get(opts, "driver"), "virtio-blk-pci");
    ck_assert_str_eq(opts->id, "d0");
    ck_assert_str_eq(qemu_opt_get(opts, "num-queues"), "4");
    ck_assert_str_eq(qemu_opt_get(opts, "ratio"), "1.5");
    ck_assert_str_eq(qemu_opt_get(opts, "share-rw"), "true");
    ck_assert_str_eq(qemu_opt_get(opts, "ro"), "false");
    ck_assert_str_eq(qemu_opt_get(opts, "neg"), "-7");
    ck_assert(qemu_opt_get_bool(opts, "share-rw", false, NULL));
    qemu_opts_del(opts);

    /* Integers beyond int64 keep their text; strings that look like numbers stay strings. */
    opts = parse_ok("{\"max\": 18446744073709551615, \"min\": -9223372036854775809, "
                    "\"s\": \"99999999999999999999\\\"x\", \"f\": 1e3}", NULL);
    ck_assert_str_eq(qemu_opt_get(opts, "max"), "18446744073709551615");
    ck_assert_str_eq(qemu_opt_get(opts, "min"), "-9223372036854775809");
    ck_assert_str_eq(qemu_opt_get(opts, "s"), "99999999999999999999\"x");
    ck_assert_str_eq(qemu_opt_get(opts, "f"), "1000");
    uint64_t max = 0;
    ck_assert(qemu_parse_uint64("max", qemu_opt_get(opts, "max"), &max, NULL));
    ck_assert_uint_eq(max, UINT64_MAX);
    qemu_opts_del(opts);
}
END_TEST

START_TEST(test_json_nested_and_malformed_are_errors)
{
    char *msg = parse_err("{\"driver\": \"x\", \"props\": {\"a\": 1}}", NULL);

    ck_assert_ptr_nonnull(strstr(msg, "'props'"));
    g_free(msg);
    msg = parse_err("{\"list\": [1, 2]}", NULL);
    ck_assert_ptr_nonnull(strstr(msg, "'list'"));
    g_free(msg);
    msg = parse_err("{\"n\": null}", NULL);
    ck_assert_ptr_nonnull(strstr(msg, "'n'"));
    g_free(msg);
    msg = parse_err("{\"driver\": ", NULL);
    ck_assert_ptr_nonnull(strstr(msg, "Invalid JSON"));
    g_free(msg);
}
END_TEST

START_TEST(test_bool_spellings)
{
    static const char *const trues[] = { "on", "yes", "true" };
    static const char *const falses[] = { "off", "no", "false" };
    Error *err = NULL;
    bool b;

    for (size_t i = 0; i < ARRAY_SIZE(trues); i++) {
        b = false;
        ck_assert(qemu_parse_bool("x", trues[i], &b, &err));
        ck_assert(b);
        b = true;
        ck_assert(qemu_parse_bool("x", falses[i], &b, &err));
        ck_assert(!b);
    }
    ck_assert(!qemu_parse_bool("x", "maybe", &b, &err));
    ck_assert_str_eq(error_get_pretty(err), "Parameter 'x' expects 'on' or 'off'");
    error_free(err);
    err = NULL;

    QemuOpts *opts = parse_ok("a=on,b=off,c=bogus", NULL);
    ck_assert(qemu_opt_get_bool(opts, "a", false, NULL));
    ck_assert(!qemu_opt_get_bool(opts, "b", true, NULL));
    ck_assert(qemu_opt_get_bool(opts, "missing", true, NULL));
    ck_assert(qemu_opt_get_bool(opts, "c", true, &err));
    ck_assert_str_eq(error_get_pretty(err), "Parameter 'c' expects 'on' or 'off'");
    error_free(err);
    qemu_opts_del(opts);
}
END_TEST

START_TEST(test_numbers)
{
    Error *err = NULL;
    uint64_t u;
    int64_t i;

    ck_assert(qemu_parse_uint64("n", "42", &u, NULL));
    ck_assert_uint_eq(u, 42);
    ck_assert(qemu_parse_uint64("n", "0x10", &u, NULL));
    ck_assert_uint_eq(u, 16);
    ck_assert(qemu_parse_uint64("n", "18446744073709551615", &u, NULL));
    ck_assert_uint_eq(u, UINT64_MAX);
    ck_assert(qemu_parse_int64("n", "-5", &i, NULL));
    ck_assert_int_eq(i, -5);
    ck_assert(qemu_parse_int64("n", "0x7fffffffffffffff", &i, NULL));
    ck_assert_int_eq(i, INT64_MAX);

    ck_assert(!qemu_parse_uint64("port", "12ab", &u, &err));
    ck_assert_str_eq(error_get_pretty(err), "Parameter 'port' expects a number");
    error_free(err);
    err = NULL;
    ck_assert(!qemu_parse_uint64("port", "", &u, &err));
    ck_assert_str_eq(error_get_pretty(err), "Parameter 'port' expects a number");
    error_free(err);
    err = NULL;
    ck_assert(!qemu_parse_uint64("port", "-1", &u, &err));
    ck_assert_str_eq(error_get_pretty(err), "Parameter 'port' expects a number");
    error_free(err);
    err = NULL;
    ck_assert(!qemu_parse_uint64("n", "18446744073709551616", &u, &err));
    ck_assert_str_eq(error_get_pretty(err),
                     "Value '18446744073709551616' is too large for parameter 'n'");
    error_free(err);
    err = NULL;
    ck_assert(!qemu_parse_int64("n", "9223372036854775808", &i, &err));
    ck_assert_str_eq(error_get_pretty(err),
                     "Value '9223372036854775808' is out of range for parameter 'n'");
    error_free(err);
    err = NULL;

    QemuOpts *opts = parse_ok("n=7,bad=x", NULL);
    ck_assert_uint_eq(qemu_opt_get_number(opts, "n", 1, NULL), 7);
    ck_assert_uint_eq(qemu_opt_get_number(opts, "none", 99, NULL), 99);
    ck_assert_uint_eq(qemu_opt_get_number(opts, "bad", 99, &err), 99);
    ck_assert_ptr_nonnull(err);
    error_free(err);
    qemu_opts_del(opts);
}
END_TEST

START_TEST(test_sizes)
{
    static const struct {
        const char *text;
        uint64_t val;
    } good[] = {
        { "0", 0 },
        { "512", 512 },
        { "512B", 512 },
        { "4k", 4096 },
        { "4K", 4096 },
        { "64M", 64ULL << 20 },
        { "2m", 2ULL << 20 },
        { "1G", 1ULL << 30 },
        { "1g", 1ULL << 30 },
        { "1.5G", 3ULL << 29 },
        { "0.5k", 512 },
        { "2T", 2ULL << 40 },
        { "1P", 1ULL << 50 },
        { "15E", 15ULL << 60 },
        { "0x1000", 4096 },
        { "18446744073709551615", UINT64_MAX },
    };
    uint64_t v;

    for (size_t i = 0; i < ARRAY_SIZE(good); i++) {
        Error *err = NULL;
        ck_assert_msg(qemu_parse_size("size", good[i].text, &v, &err), "%s", good[i].text);
        ck_assert_msg(v == good[i].val, "%s gave %" PRIu64, good[i].text, v);
    }
}
END_TEST

START_TEST(test_size_errors_name_parameter)
{
    static const char *const garbage[] = { "", "abc", "12Q", "-1", "1.5", "1.5B", "1.G",
                                           "4kk", " 4k", "0x1.8G" };
    static const char *const too_big[] = { "16E", "18446744073709551616",
                                           "17179869184G" };
    Error *err = NULL;
    uint64_t v;

    for (size_t i = 0; i < ARRAY_SIZE(garbage); i++) {
        ck_assert_msg(!qemu_parse_size("size", garbage[i], &v, &err), "'%s'", garbage[i]);
        ck_assert_str_eq(error_get_pretty(err),
                         "Parameter 'size' expects a non-negative number below 2^64");
        error_free(err);
        err = NULL;
    }
    for (size_t i = 0; i < ARRAY_SIZE(too_big); i++) {
        g_autofree char *want = g_strdup_printf("Value '%s' is out of range for parameter "
                                                "'size'", too_big[i]);
        ck_assert_msg(!qemu_parse_size("size", too_big[i], &v, &err), "'%s'", too_big[i]);
        ck_assert_str_eq(error_get_pretty(err), want);
        error_free(err);
        err = NULL;
    }

    QemuOpts *opts = parse_ok("size=1M,bad=1X", NULL);
    ck_assert_uint_eq(qemu_opt_get_size(opts, "size", 0, NULL), 1 << 20);
    ck_assert_uint_eq(qemu_opt_get_size(opts, "none", 77, NULL), 77);
    ck_assert_uint_eq(qemu_opt_get_size(opts, "bad", 77, &err), 77);
    ck_assert_str_eq(error_get_pretty(err),
                     "Parameter 'bad' expects a non-negative number below 2^64");
    error_free(err);
    qemu_opts_del(opts);
}
END_TEST

START_TEST(test_to_string_round_trips)
{
    QemuOpts *opts = parse_ok("virt,path=a,,b,x=1,help", "type");
    char *s = qemu_opts_to_string(opts);
    QemuOpts *again;
    char *s2;

    ck_assert_str_eq(s, "type=virt,path=a,,b,x=1,help");
    again = parse_ok(s, "type");
    ck_assert_str_eq(qemu_opt_get(again, "path"), "a,b");
    ck_assert(again->help);
    s2 = qemu_opts_to_string(again);
    ck_assert_str_eq(s, s2);
    g_free(s);
    g_free(s2);
    qemu_opts_del(opts);
    qemu_opts_del(again);
}
END_TEST

static Suite *option_suite(void)
{
    Suite *s = suite_create("option");
    TCase *tc = tcase_create("core");

    tcase_add_test(tc, test_key_value_pairs_keep_order);
    tcase_add_test(tc, test_double_comma_is_literal_comma);
    tcase_add_test(tc, test_implied_key_takes_first_bare_element);
    tcase_add_test(tc, test_bare_key_means_on);
    tcase_add_test(tc, test_help_and_question_mark);
    tcase_add_test(tc, test_empty_key_is_an_error);
    tcase_add_test(tc, test_empty_and_trailing_comma);
    tcase_add_test(tc, test_id_must_be_identifier);
    tcase_add_test(tc, test_duplicates_last_wins_and_take_removes_all);
    tcase_add_test(tc, test_json_form);
    tcase_add_test(tc, test_json_nested_and_malformed_are_errors);
    tcase_add_test(tc, test_bool_spellings);
    tcase_add_test(tc, test_numbers);
    tcase_add_test(tc, test_sizes);
    tcase_add_test(tc, test_size_errors_name_parameter);
    tcase_add_test(tc, test_to_string_round_trips);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(option_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
