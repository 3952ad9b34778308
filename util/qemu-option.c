/*
 * Option strings ("key=val,key2=val2", ",," escapes, implied first key, JSON form) and the
 * value parsers for booleans, integers and sizes.  Knows nothing about what any key means.
 */
#include "qemu/osdep.h"
#include <ctype.h>
#include <json-glib/json-glib.h>
#include "qemu/option.h"

/* ---- QemuOpts containers ---- */

static void qemu_opt_free(gpointer p)
{
    QemuOpt *opt = p;

    g_free(opt->name);
    g_free(opt->str);
    g_free(opt);
}

QemuOpts *qemu_opts_new(void)
{
    QemuOpts *opts = g_new0(QemuOpts, 1);

    opts->opts = g_ptr_array_new_with_free_func(qemu_opt_free);
    return opts;
}

void qemu_opts_del(QemuOpts *opts)
{
    if (!opts) {
        return;
    }
    g_ptr_array_free(opts->opts, TRUE);
    g_free(opts->id);
    g_free(opts);
}

void qemu_opt_set(QemuOpts *opts, const char *name, const char *value)
{
    QemuOpt *opt = g_new0(QemuOpt, 1);

    opt->name = g_strdup(name);
    opt->str = g_strdup(value);
    g_ptr_array_add(opts->opts, opt);
    if (strcmp(name, "id") == 0) {
        g_free(opts->id);
        opts->id = g_strdup(value);
    }
}

static QemuOpt *qemu_opt_find_last(const QemuOpts *opts, const char *name)
{
    for (guint i = opts->opts->len; i > 0; i--) {
        QemuOpt *opt = g_ptr_array_index(opts->opts, i - 1);
        if (strcmp(opt->name, name) == 0) {
            return opt;
        }
    }
    return NULL;
}

const char *qemu_opt_get(const QemuOpts *opts, const char *name)
{
    QemuOpt *opt = qemu_opt_find_last(opts, name);

    return opt ? opt->str : NULL;
}

bool qemu_opt_has(const QemuOpts *opts, const char *name)
{
    return qemu_opt_find_last(opts, name) != NULL;
}

char *qemu_opt_take(QemuOpts *opts, const char *name)
{
    char *last = NULL;
    guint i = 0;

    while (i < opts->opts->len) {
        QemuOpt *opt = g_ptr_array_index(opts->opts, i);
        if (strcmp(opt->name, name) == 0) {
            g_free(last);
            last = g_strdup(opt->str);
            g_ptr_array_remove_index(opts->opts, i);
        } else {
            i++;
        }
    }
    if (strcmp(name, "id") == 0) {
        g_clear_pointer(&opts->id, g_free);
    }
    return last;
}

/* ---- value parsers ---- */

bool qemu_parse_bool(const char *name, const char *str, bool *out, Error **errp)
{
    static const char *const yes[] = { "on", "yes", "true", "y" };
    static const char *const no[] = { "off", "no", "false", "n" };

    for (size_t i = 0; i < ARRAY_SIZE(yes); i++) {
        if (strcmp(str, yes[i]) == 0) {
            *out = true;
            return true;
        }
        if (strcmp(str, no[i]) == 0) {
            *out = false;
            return true;
        }
    }
    error_setg(errp, "Parameter '%s' expects 'on' or 'off'", name);
    return false;
}

/* strtoull/strtoll accept leading blanks; QEMU's users never write them, so neither do we. */
static bool number_text_ok(const char *str)
{
    return str[0] != '\0' && !isspace((unsigned char)str[0]);
}

bool qemu_parse_uint64(const char *name, const char *str, uint64_t *out, Error **errp)
{
    char *end;
    unsigned long long v;

    /* strtoull silently negates "-1"; a negative count is a user mistake, not 2^64-1. */
    if (!number_text_ok(str) || str[0] == '-') {
        error_setg(errp, "Parameter '%s' expects a number", name);
        return false;
    }
    errno = 0;
    v = strtoull(str, &end, 0);
    if (*end != '\0') {
        error_setg(errp, "Parameter '%s' expects a number", name);
        return false;
    }
    if (errno == ERANGE) {
        error_setg(errp, "Value '%s' is too large for parameter '%s'", str, name);
        return false;
    }
    *out = v;
    return true;
}

bool qemu_parse_int64(const char *name, const char *str, int64_t *out, Error **errp)
{
    char *end;
    long long v;

    if (!number_text_ok(str)) {
        error_setg(errp, "Parameter '%s' expects a number", name);
        return false;
    }
    errno = 0;
    v = strtoll(str, &end, 0);
    if (*end != '\0') {
        error_setg(errp, "Parameter '%s' expects a number", name);
        return false;
    }
    if (errno == ERANGE) {
        error_setg(errp, "Value '%s' is out of range for parameter '%s'", str, name);
        return false;
    }
    *out = v;
    return true;
}

static int size_suffix_shift(char c)
{
    switch (toupper((unsigned char)c)) {
    case 'B': return 0;
    case 'K': return 10;
    case 'M': return 20;
    case 'G': return 30;
    case 'T': return 40;
    case 'P': return 50;
    case 'E': return 60;
    default:  return -1;
    }
}

static void size_syntax_error(const char *name, Error **errp)
{
    error_setg(errp, "Parameter '%s' expects a non-negative number below 2^64", name);
    error_append_hint(errp, "Optional suffix k, M, G, T, P or E means kilo-, mega-, giga-, "
                      "tera-, peta-\nand exabytes, respectively.\n");
}

bool qemu_parse_size(const char *name, const char *str, uint64_t *out, Error **errp)
{
    const char *p = str;
    const char *frac_start = NULL;
    char *end;
    unsigned long long whole;
    double fraction = 0;
    bool hex;
    int shift = 0;

    if (!number_text_ok(str) || str[0] == '-' || str[0] == '+') {
        size_syntax_error(name, errp);
        return false;
    }
    hex = p[0] == '0' && (p[1] == 'x' || p[1] == 'X');
    errno = 0;
    whole = strtoull(p, &end, hex ? 16 : 10);
    if (end == p) {
        size_syntax_error(name, errp);
        return false;
    }
    if (errno == ERANGE) {
        error_setg(errp, "Value '%s' is out of range for parameter '%s'", str, name);
        return false;
    }
    p = end;
    if (*p == '.') {
        if (hex || !isdigit((unsigned char)p[1])) {
            size_syntax_error(name, errp);
            return false;
        }
        frac_start = p;
        p++;
        while (isdigit((unsigned char)*p)) {
            p++;
        }
        g_autofree char *frac_text = g_strndup(frac_start, p - frac_start);
        fraction = g_ascii_strtod(frac_text, NULL);
    }
    if (*p != '\0') {
        shift = size_suffix_shift(*p);
        if (shift < 0 || p[1] != '\0') {
            size_syntax_error(name, errp);
            return false;
        }
    }
    /* "1.5" or "1.5B" would name a fractional byte count. */
    if (frac_start && shift == 0) {
        size_syntax_error(name, errp);
        return false;
    }
    if (shift && whole > (UINT64_MAX >> shift)) {
        error_setg(errp, "Value '%s' is out of range for parameter '%s'", str, name);
        return false;
    }
    uint64_t result = (uint64_t)whole << shift;
    if (frac_start) {
        /* Scaling by a power of two is exact; fraction < 1 keeps the product below 2^60. */
        uint64_t extra = (uint64_t)(fraction * (double)(1ULL << shift));
        if (result > UINT64_MAX - extra) {
            error_setg(errp, "Value '%s' is out of range for parameter '%s'", str, name);
            return false;
        }
        result += extra;
    }
    *out = result;
    return true;
}

bool qemu_opt_get_bool(const QemuOpts *opts, const char *name, bool defval, Error **errp)
{
    const char *v = qemu_opt_get(opts, name);
    bool b;

    if (!v) {
        return defval;
    }
    return qemu_parse_bool(name, v, &b, errp) ? b : defval;
}

uint64_t qemu_opt_get_number(const QemuOpts *opts, const char *name, uint64_t defval,
                             Error **errp)
{
    const char *v = qemu_opt_get(opts, name);
    uint64_t n;

    if (!v) {
        return defval;
    }
    return qemu_parse_uint64(name, v, &n, errp) ? n : defval;
}

uint64_t qemu_opt_get_size(const QemuOpts *opts, const char *name, uint64_t defval,
                           Error **errp)
{
    const char *v = qemu_opt_get(opts, name);
    uint64_t n;

    if (!v) {
        return defval;
    }
    return qemu_parse_size(name, v, &n, errp) ? n : defval;
}

/* ---- parsing option strings ---- */

static bool is_help_option(const char *s)
{
    return strcmp(s, "help") == 0 || strcmp(s, "?") == 0;
}

/* QEMU's rule for object ids: a letter, then letters, digits, '-', '.', '_'. */
static bool id_wellformed(const char *id)
{
    if (!isalpha((unsigned char)id[0])) {
        return false;
    }
    for (const char *p = id + 1; *p; p++) {
        if (!isalnum((unsigned char)*p) && !strchr("-._", *p)) {
            return false;
        }
    }
    return true;
}

static bool opts_check_id(QemuOpts *opts, Error **errp)
{
    if (opts->id && !id_wellformed(opts->id)) {
        error_setg(errp, "Parameter 'id' expects an identifier");
        error_append_hint(errp, "Identifiers consist of letters, digits, '-', '.', '_', "
                          "starting with a letter.\n");
        return false;
    }
    return true;
}

/* Read a value up to a single ',' (",," is a literal comma); returns the position after it. */
static const char *parse_value(const char *p, GString *out)
{
    while (*p) {
        if (*p == ',') {
            if (p[1] != ',') {
                break;
            }
            p++;
        }
        g_string_append_c(out, *p);
        p++;
    }
    return p;
}

QemuOpts *qemu_opts_parse(const char *params, const char *implied_key, Error **errp)
{
    QemuOpts *opts = qemu_opts_new();
    const char *p = params ? params : "";
    bool first = true;

    while (*p) {
        size_t keylen = strcspn(p, "=,");
        g_autoptr(GString) value = g_string_new(NULL);

        if (p[keylen] == '=') {
            if (keylen == 0) {
                error_setg(errp, "Invalid parameter '' in '%s'", params);
                goto fail;
            }
            g_autofree char *key = g_strndup(p, keylen);
            p = parse_value(p + keylen + 1, value);
            qemu_opt_set(opts, key, value->str);
        } else if (first && implied_key) {
            p = parse_value(p, value);
            if (is_help_option(value->str)) {
                opts->help = true;
            } else {
                qemu_opt_set(opts, implied_key, value->str);
            }
        } else {
            g_autofree char *key = g_strndup(p, keylen);
            if (keylen == 0) {
                error_setg(errp, "Invalid parameter '' in '%s'", params);
                goto fail;
            }
            p += keylen;
            if (is_help_option(key)) {
                opts->help = true;
            } else {
                qemu_opt_set(opts, key, "on");
            }
        }
        first = false;
        if (*p == ',') {
            p++;
        }
    }
    if (!opts_check_id(opts, errp)) {
        goto fail;
    }
    return opts;

fail:
    qemu_opts_del(opts);
    return NULL;
}

/* The text a JSON scalar stands for on a command line, or NULL for non-scalars. */
static char *json_scalar_text(JsonNode *node)
{
    if (JSON_NODE_HOLDS_VALUE(node)) {
        switch (json_node_get_value_type(node)) {
        case G_TYPE_STRING:
            return g_strdup(json_node_get_string(node));
        case G_TYPE_BOOLEAN:
            return g_strdup(json_node_get_boolean(node) ? "true" : "false");
        case G_TYPE_INT64:
            return g_strdup_printf("%" PRId64, json_node_get_int(node));
        case G_TYPE_DOUBLE: {
            double d = json_node_get_double(node);
            char *s = g_strdup_printf("%.15g", d);
            if (g_ascii_strtod(s, NULL) != d) {
                g_free(s);
                s = g_strdup_printf("%.17g", d);
            }
            return s;
        }
        default:
            return NULL;
        }
    }
    return NULL;
}

/*
 * json-glib 1.6 silently wraps integers outside int64 (18446744073709551615 becomes -1),
 * yet a uint64 property may well be given one.  Hand such literals over as strings, so
 * their text survives unchanged; every other byte is copied as it is.
 */
static char *json_quote_big_integers(const char *text)
{
    GString *out = g_string_new(NULL);
    const char *p = text;
    bool in_string = false;

    while (*p) {
        if (in_string) {
            if (*p == '\\' && p[1]) {
                g_string_append_len(out, p, 2);
                p += 2;
                continue;
            }
            in_string = *p != '"';
            g_string_append_c(out, *p++);
        } else if (*p == '"') {
            in_string = true;
            g_string_append_c(out, *p++);
        } else if (*p == '-' || isdigit((unsigned char)*p)) {
            const char *start = p;
            bool big = false;

            p += *p == '-';
            while (isdigit((unsigned char)*p)) {
                p++;
            }
            if (*p != '.' && *p != 'e' && *p != 'E' && isdigit((unsigned char)p[-1])) {
                errno = 0;
                (void)strtoll(start, NULL, 10);
                big = errno == ERANGE;
            }
            if (big) {
                g_string_append_c(out, '"');
            }
            g_string_append_len(out, start, p - start);
            if (big) {
                g_string_append_c(out, '"');
            }
        } else {
            g_string_append_c(out, *p++);
        }
    }
    return g_string_free(out, FALSE);
}

static QemuOpts *qemu_opts_parse_json(const char *params, Error **errp)
{
    g_autoptr(JsonParser) parser = json_parser_new();
    g_autoptr(GError) gerr = NULL;
    g_autofree char *text = json_quote_big_integers(params);
    JsonNode *root;
    JsonObject *obj;
    QemuOpts *opts;
    GList *members;

    if (!json_parser_load_from_data(parser, text, -1, &gerr)) {
        error_setg(errp, "Invalid JSON in '%s': %s", params, gerr->message);
        return NULL;
    }
    root = json_parser_get_root(parser);
    if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
        error_setg(errp, "Invalid JSON in '%s': expected an object", params);
        return NULL;
    }
    obj = json_node_get_object(root);
    opts = qemu_opts_new();
    members = json_object_get_members(obj);
    for (GList *l = members; l; l = l->next) {
        const char *key = l->data;
        char *text = json_scalar_text(json_object_get_member(obj, key));

        if (!text) {
            error_setg(errp, "Invalid parameter type for '%s', expected: string, number "
                       "or boolean", key);
            g_list_free(members);
            qemu_opts_del(opts);
            return NULL;
        }
        qemu_opt_set(opts, key, text);
        g_free(text);
    }
    g_list_free(members);
    if (!opts_check_id(opts, errp)) {
        qemu_opts_del(opts);
        return NULL;
    }
    return opts;
}

QemuOpts *qemu_opts_parse_maybe_json(const char *params, const char *implied_key,
                                     Error **errp)
{
    if (params && params[0] == '{') {
        return qemu_opts_parse_json(params, errp);
    }
    return qemu_opts_parse(params, implied_key, errp);
}

char *qemu_opts_to_string(const QemuOpts *opts)
{
    GString *s = g_string_new(NULL);

    for (guint i = 0; i < opts->opts->len; i++) {
        QemuOpt *opt = g_ptr_array_index(opts->opts, i);

        if (s->len) {
            g_string_append_c(s, ',');
        }
        g_string_append_printf(s, "%s=", opt->name);
        for (const char *c = opt->str; *c; c++) {
            if (*c == ',') {
                g_string_append_c(s, ',');
            }
            g_string_append_c(s, *c);
        }
    }
    if (opts->help) {
        g_string_append(s, s->len ? ",help" : "help");
    }
    return g_string_free(s, FALSE);
}
