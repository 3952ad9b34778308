/*
 * Option strings in QEMU's command-line syntax: "key=val,key2=val2", ",," for
 * a literal comma, an implied first key ("virt-2.6,accel=tcg" means
 * "type=virt-2.6,accel=tcg"), bare "key" meaning "key=on", and "help"/"?".
 * Also the JSON object form accepted by -device and -object.
 * This file only parses and looks up; it knows nothing about what keys mean.
 */
#ifndef QEMU_OPTION_H
#define QEMU_OPTION_H

#include "qemu/osdep.h"
#include "qapi/error.h"

typedef struct QemuOpt {
    char *name;
    char *str;
} QemuOpt;

/* An ordered list of key/value strings; later duplicates do not replace earlier ones. */
typedef struct QemuOpts {
    char *id;          /* value of "id=" if given, else NULL (also kept as an option) */
    GPtrArray *opts;   /* of QemuOpt *, in command-line order */
    bool help;         /* "help" or "?" appeared as a bare key */
} QemuOpts;

/*
 * Parse "params" in key=value syntax.  implied_key, if non-NULL, names the key
 * of a first element written without "=" (e.g. "driver" for -device).  A bare
 * "help" or "?" sets opts->help instead of becoming a key.  A bare "key" (other
 * than the implied one) means "key=on", "nokey" is not special.
 * Returns NULL with *errp set on a malformed string (empty key, ...).
 */
QemuOpts *qemu_opts_parse(const char *params, const char *implied_key, Error **errp);

/*
 * Parse params, which may also be a JSON object if it starts with '{'.
 * JSON scalars become their textual form ("true", "42"); nested objects and
 * arrays are an error naming the key.
 */
QemuOpts *qemu_opts_parse_maybe_json(const char *params, const char *implied_key,
                                     Error **errp);

QemuOpts *qemu_opts_new(void);
void qemu_opts_del(QemuOpts *opts);
G_DEFINE_AUTOPTR_CLEANUP_FUNC(QemuOpts, qemu_opts_del)

/* Append key=value (both copied). */
void qemu_opt_set(QemuOpts *opts, const char *name, const char *value);
/* Last value given for name, or NULL. */
const char *qemu_opt_get(const QemuOpts *opts, const char *name);
bool qemu_opt_has(const QemuOpts *opts, const char *name);
/* Remove every occurrence of name; returns the last value (caller frees) or NULL. */
char *qemu_opt_take(QemuOpts *opts, const char *name);

/* Value parsers with QEMU's accepted spellings; each sets errp naming the key. */
bool qemu_opt_get_bool(const QemuOpts *opts, const char *name, bool defval, Error **errp);
uint64_t qemu_opt_get_number(const QemuOpts *opts, const char *name, uint64_t defval,
                             Error **errp);
uint64_t qemu_opt_get_size(const QemuOpts *opts, const char *name, uint64_t defval,
                           Error **errp);

/* Parsers for single values, shared by properties and monitors. */
/* "on"/"off"/"yes"/"no"/"true"/"false" */
bool qemu_parse_bool(const char *name, const char *str, bool *out, Error **errp);
/* decimal, 0x hex or 0 octal; full string must be consumed */
bool qemu_parse_int64(const char *name, const char *str, int64_t *out, Error **errp);
bool qemu_parse_uint64(const char *name, const char *str, uint64_t *out, Error **errp);
/* sizes with an optional B/K/M/G/T/P/E suffix (binary multiples), fractions allowed "1.5G" */
bool qemu_parse_size(const char *name, const char *str, uint64_t *out, Error **errp);

/* Rebuild a "k=v,k2=v2" string with ",," escaping (for messages and round trips). */
char *qemu_opts_to_string(const QemuOpts *opts);

#endif
