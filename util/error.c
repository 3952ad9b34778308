/*
 * Error objects and user-facing error reporting (error_report and friends).
 */
#include "qemu/osdep.h"
#include <stdarg.h>
#include "qapi/error.h"

struct Error {
    char *msg;
    ErrorClass cls;
    GString *hint;
};

/* A unique address: passing &error_fatal makes errors exit the process. */
Error *error_fatal;

static char *progname;
static ErrorPrinter cur_printer;
static void *cur_printer_opaque;

void error_set_progname(const char *argv0)
{
    g_free(progname);
    progname = g_path_get_basename(argv0);
}

const char *error_get_progname(void)
{
    return progname ? progname : "qemu";
}

void error_set_printer(ErrorPrinter printer, void *opaque)
{
    cur_printer = printer;
    cur_printer_opaque = opaque;
}

static void report_line(const char *prefix, const char *fmt, va_list ap)
{
    g_autofree char *body = g_strdup_vprintf(fmt, ap);
    if (cur_printer) {
        g_autofree char *line = g_strdup_printf("%s%s\n", prefix, body);
        cur_printer(cur_printer_opaque, line);
        return;
    }
    fprintf(stderr, "%s: %s%s\n", error_get_progname(), prefix, body);
    fflush(stderr);
}

void error_vreport(const char *fmt, va_list ap)
{
    report_line("", fmt, ap);
}

void error_report(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_line("", fmt, ap);
    va_end(ap);
}

void error_printf(const char *fmt, ...)
{
    va_list ap;
    g_autofree char *body = NULL;

    va_start(ap, fmt);
    body = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    if (cur_printer) {
        cur_printer(cur_printer_opaque, body);
    } else {
        fputs(body, stderr);
    }
}

void warn_report(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_line("warning: ", fmt, ap);
    va_end(ap);
}

void info_report(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    report_line("info: ", fmt, ap);
    va_end(ap);
}

static void error_handle(Error **errp, Error *err)
{
    if (errp == &error_fatal) {
        error_report_err(err);
        exit(1);
    }
    if (!errp || *errp) {
        /* Caller ignores errors, or already has one: the first one wins. */
        error_free(err);
        return;
    }
    *errp = err;
}

static void error_vset(Error **errp, ErrorClass cls, const char *suffix,
                       const char *fmt, va_list ap)
{
    Error *err;

    if (!errp) {
        return;
    }
    err = g_new0(Error, 1);
    err->cls = cls;
    err->msg = g_strdup_vprintf(fmt, ap);
    if (suffix) {
        char *m = g_strdup_printf("%s: %s", err->msg, suffix);
        g_free(err->msg);
        err->msg = m;
    }
    error_handle(errp, err);
}

void error_setg(Error **errp, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_vset(errp, ERROR_CLASS_GENERIC_ERROR, NULL, fmt, ap);
    va_end(ap);
}

void error_setg_errno(Error **errp, int os_errno, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_vset(errp, ERROR_CLASS_GENERIC_ERROR, g_strerror(os_errno), fmt, ap);
    va_end(ap);
}

void error_set(Error **errp, ErrorClass cls, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    error_vset(errp, cls, NULL, fmt, ap);
    va_end(ap);
}

void error_propagate(Error **dst_errp, Error *local_err)
{
    if (!local_err) {
        return;
    }
    error_handle(dst_errp, local_err);
}

void error_prepend(Error **errp, const char *fmt, ...)
{
    va_list ap;
    char *prefix, *m;

    if (!errp || !*errp || errp == &error_fatal) {
        return;
    }
    va_start(ap, fmt);
    prefix = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    m = g_strconcat(prefix, (*errp)->msg, NULL);
    g_free(prefix);
    g_free((*errp)->msg);
    (*errp)->msg = m;
}

void error_append_hint(Error **errp, const char *fmt, ...)
{
    va_list ap;

    if (!errp || !*errp || errp == &error_fatal) {
        return;
    }
    if (!(*errp)->hint) {
        (*errp)->hint = g_string_new(NULL);
    }
    va_start(ap, fmt);
    g_string_append_vprintf((*errp)->hint, fmt, ap);
    va_end(ap);
}

const char *error_get_pretty(const Error *err)
{
    return err->msg;
}

ErrorClass error_get_class(const Error *err)
{
    return err->cls;
}

const char *error_class_name(ErrorClass cls)
{
    static const char *const names[] = {
        [ERROR_CLASS_GENERIC_ERROR] = "GenericError",
        [ERROR_CLASS_COMMAND_NOT_FOUND] = "CommandNotFound",
        [ERROR_CLASS_DEVICE_NOT_ACTIVE] = "DeviceNotActive",
        [ERROR_CLASS_DEVICE_NOT_FOUND] = "DeviceNotFound",
        [ERROR_CLASS_KVM_MISSING_CAP] = "KVMMissingCap",
    };
    return (unsigned)cls < ARRAY_SIZE(names) ? names[cls] : "GenericError";
}

void error_free(Error *err)
{
    if (err) {
        g_free(err->msg);
        if (err->hint) {
            g_string_free(err->hint, TRUE);
        }
        g_free(err);
    }
}

void error_report_err(Error *err)
{
    error_report("%s", err->msg);
    if (err->hint) {
        if (cur_printer) {
            cur_printer(cur_printer_opaque, err->hint->str);
        } else {
            fputs(err->hint->str, stderr);
        }
    }
    error_free(err);
}

void warn_report_err(Error *err)
{
    warn_report("%s", err->msg);
    error_free(err);
}
