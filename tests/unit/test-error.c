/*
 * Unit tests for Error objects and error reporting.
 */
#include "qemu/osdep.h"
#include <check.h>
#include "qapi/error.h"

static GString *captured;

static void capture(void *opaque, const char *msg)
{
    g_string_append(captured, msg);
}

static bool fails(Error **errp)
{
    error_setg(errp, "disk '%s' is missing", "a.img");
    return false;
}

START_TEST(test_error_setg_formats_message)
{
    Error *err = NULL;
    ck_assert(!fails(&err));
    ck_assert_str_eq(error_get_pretty(err), "disk 'a.img' is missing");
    ck_assert_int_eq(error_get_class(err), ERROR_CLASS_GENERIC_ERROR);
    ck_assert_str_eq(error_class_name(error_get_class(err)), "GenericError");
    error_free(err);
}
END_TEST

START_TEST(test_null_errp_ignores_error)
{
    ck_assert(!fails(NULL));
}
END_TEST

START_TEST(test_first_error_wins)
{
    Error *err = NULL;
    error_setg(&err, "first");
    error_setg(&err, "second");
    ck_assert_str_eq(error_get_pretty(err), "first");
    error_free(err);
}
END_TEST

START_TEST(test_propagate_and_prepend)
{
    Error *local = NULL, *err = NULL;
    fails(&local);
    error_propagate(&err, local);
    error_prepend(&err, "-drive %s: ", "x");
    ck_assert_str_eq(error_get_pretty(err), "-drive x: disk 'a.img' is missing");
    error_free(err);
    error_propagate(NULL, NULL);
}
END_TEST

START_TEST(test_errno_is_appended)
{
    Error *err = NULL;
    error_setg_errno(&err, ENOENT, "Could not open '%s'", "/nope");
    ck_assert_str_eq(error_get_pretty(err), "Could not open '/nope': No such file or directory");
    error_free(err);
}
END_TEST

START_TEST(test_error_class_names_match_qmp)
{
    Error *err = NULL;
    error_set(&err, ERROR_CLASS_DEVICE_NOT_FOUND, "Device 'x' not found");
    ck_assert_str_eq(error_class_name(error_get_class(err)), "DeviceNotFound");
    ck_assert_str_eq(error_class_name(ERROR_CLASS_COMMAND_NOT_FOUND), "CommandNotFound");
    error_free(err);
}
END_TEST

START_TEST(test_report_goes_to_installed_printer_with_hint)
{
    Error *err = NULL;
    captured = g_string_new(NULL);
    error_set_printer(capture, NULL);
    error_setg(&err, "unsupported machine type");
    error_append_hint(&err, "Use -machine help to list supported machines\n");
    error_report_err(err);
    warn_report("careful %d", 1);
    error_set_printer(NULL, NULL);
    ck_assert_str_eq(captured->str, "unsupported machine type\n"
                     "Use -machine help to list supported machines\nwarning: careful 1\n");
    g_string_free(captured, TRUE);
}
END_TEST

START_TEST(test_error_fatal_exits_1)
{
    error_set_progname("/usr/bin/qemu-system-aarch64");
    ck_assert_str_eq(error_get_progname(), "qemu-system-aarch64");
    fails(&error_fatal);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("error");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_error_setg_formats_message);
    tcase_add_test(tc, test_null_errp_ignores_error);
    tcase_add_test(tc, test_first_error_wins);
    tcase_add_test(tc, test_propagate_and_prepend);
    tcase_add_test(tc, test_errno_is_appended);
    tcase_add_test(tc, test_error_class_names_match_qmp);
    tcase_add_test(tc, test_report_goes_to_installed_printer_with_hint);
    tcase_add_exit_test(tc, test_error_fatal_exits_1, 1);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
