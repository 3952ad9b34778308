/*
 * Error objects: how library code reports failure to the caller who can act on it.
 * Library code fills an Error ** and returns; only main() and monitors print.
 */
#ifndef QAPI_ERROR_H
#define QAPI_ERROR_H

#include "qemu/osdep.h"

typedef enum ErrorClass {
    ERROR_CLASS_GENERIC_ERROR,
    ERROR_CLASS_COMMAND_NOT_FOUND,
    ERROR_CLASS_DEVICE_NOT_ACTIVE,
    ERROR_CLASS_DEVICE_NOT_FOUND,
    ERROR_CLASS_KVM_MISSING_CAP,
} ErrorClass;

typedef struct Error Error;

/*
 * Pass as errp to make any error fatal: it is printed with error_report()
 * and the process exits with status 1.  For use by main() only.
 */
extern Error *error_fatal;

/* Set *errp to a new error of class GenericError; no-op when errp is NULL. */
void error_setg(Error **errp, const char *fmt, ...) QEMU_PRINTF(2, 3);
/* Like error_setg() with strerror(os_errno) appended as ": <reason>". */
void error_setg_errno(Error **errp, int os_errno, const char *fmt, ...) QEMU_PRINTF(3, 4);
/* Set an error with a specific QMP error class. */
void error_set(Error **errp, ErrorClass cls, const char *fmt, ...) QEMU_PRINTF(3, 4);
/* Move local_err into *dst_errp (freeing it if dst_errp is NULL or already set). */
void error_propagate(Error **dst_errp, Error *local_err);
/* Prepend text to an error's message. */
void error_prepend(Error **errp, const char *fmt, ...) QEMU_PRINTF(2, 3);
/* Add a hint printed after the message by error_report_err(). */
void error_append_hint(Error **errp, const char *fmt, ...) QEMU_PRINTF(2, 3);
const char *error_get_pretty(const Error *err);
ErrorClass error_get_class(const Error *err);
/* QEMU's QMP name of an error class, e.g. "GenericError". */
const char *error_class_name(ErrorClass cls);
void error_free(Error *err);
/* Print the error (and its hint) with error_report(), then free it. */
void error_report_err(Error *err);
void warn_report_err(Error *err);

/*
 * Print "<progname>: <message>\n" to stderr (or to the current monitor, once
 * one is installed with error_set_monitor_printer()).
 */
void error_report(const char *fmt, ...) QEMU_PRINTF(1, 2);
/* Print without the program-name prefix (continuation lines, hints). */
void error_printf(const char *fmt, ...) QEMU_PRINTF(1, 2);
void warn_report(const char *fmt, ...) QEMU_PRINTF(1, 2);
void info_report(const char *fmt, ...) QEMU_PRINTF(1, 2);
void error_vreport(const char *fmt, va_list ap);

/* Program name used as prefix by error_report(); defaults to "qemu". */
void error_set_progname(const char *argv0);
const char *error_get_progname(void);

/*
 * While a monitor runs a command it may redirect error_report() into its
 * own output; pass NULL to restore stderr.
 */
typedef void (*ErrorPrinter)(void *opaque, const char *msg);
void error_set_printer(ErrorPrinter printer, void *opaque);

#endif
