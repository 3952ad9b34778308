/*
 * The human monitor: the "(qemu)" session on a chardev (banner, prompt, line
 * editing), parsing a command line against the command tables' argument
 * specs, integer expressions, help, and running a command line for
 * human-monitor-command.  The commands themselves are in hmp-cmds.c.
 */
#include "qemu/osdep.h"
#include "monitor/monitor-internal.h"

#define HMP_PROMPT "(qemu) "

/* Tables other subsystems registered, after the core ones (process-wide). */
static GPtrArray *extra_commands;
static GPtrArray *extra_info_commands;

void hmp_register_commands(const HMPCommand *table)
{
    if (!extra_commands) {
        extra_commands = g_ptr_array_new();
    }
    g_ptr_array_add(extra_commands, (gpointer)table);
}

void hmp_register_info_commands(const HMPCommand *table)
{
    if (!extra_info_commands) {
        extra_info_commands = g_ptr_array_new();
    }
    g_ptr_array_add(extra_info_commands, (gpointer)table);
}

/* Call fn for each command of the core table then the registered ones; stop on true. */
static const HMPCommand *for_each_command(bool info,
                                          bool (*fn)(const HMPCommand *, void *),
                                          void *opaque)
{
    const HMPCommand *core = info ? hmp_core_info_commands : hmp_core_commands;
    GPtrArray *extra = info ? extra_info_commands : extra_commands;

    for (const HMPCommand *c = core; c->name; c++) {
        if (fn(c, opaque)) {
            return c;
        }
    }
    for (guint i = 0; extra && i < extra->len; i++) {
        for (const HMPCommand *c = g_ptr_array_index(extra, i); c->name; c++) {
            if (fn(c, opaque)) {
                return c;
            }
        }
    }
    return NULL;
}

/* Whether name is one of the '|'-separated names of cmd. */
static bool name_matches(const HMPCommand *cmd, void *opaque)
{
    const char *name = opaque;
    const char *p = cmd->name;
    size_t len = strlen(name);

    while (*p) {
        const char *end = strchr(p, '|');
        size_t n = end ? (size_t)(end - p) : strlen(p);
        if (n == len && !strncmp(p, name, n)) {
            return true;
        }
        p += n + (end ? 1 : 0);
    }
    return false;
}

static const HMPCommand *find_command(bool info, const char *name)
{
    return for_each_command(info, name_matches, (void *)name);
}

/* ---- argument access ---- */

const char *hmp_arg_str(const HMPArgs *args, const char *name)
{
    return qmp_arg_str((JsonObject *)args, name);
}

bool hmp_arg_has(const HMPArgs *args, const char *name)
{
    return qmp_arg_has((JsonObject *)args, name);
}

int64_t hmp_arg_int(const HMPArgs *args, const char *name, int64_t defval)
{
    return qmp_arg_int((JsonObject *)args, name, defval);
}

bool hmp_arg_bool(const HMPArgs *args, const char *name, bool defval)
{
    return qmp_arg_bool((JsonObject *)args, name, defval);
}

void hmp_handle_error(Monitor *mon, Error *err)
{
    if (err) {
        monitor_printf(mon, "Error: %s\n", error_get_pretty(err));
        error_free(err);
    }
}

/* ---- integer expressions ---- */

typedef struct ExprParser {
    const char *p;
    char *error;
    int depth;
} ExprParser;

static bool expr_sum(ExprParser *ep, uint64_t *out);

static void expr_skip_spaces(ExprParser *ep)
{
    while (*ep->p == ' ' || *ep->p == '\t') {
        ep->p++;
    }
}

static bool expr_fail(ExprParser *ep, const char *msg)
{
    if (!ep->error) {
        ep->error = g_strdup(msg);
    }
    return false;
}

static bool expr_unary(ExprParser *ep, uint64_t *out)
{
    expr_skip_spaces(ep);
    if (++ep->depth > 64) {
        return expr_fail(ep, "too deeply nested expression");
    }
    switch (*ep->p) {
    case '+':
        ep->p++;
        return expr_unary(ep, out);
    case '-':
        ep->p++;
        if (!expr_unary(ep, out)) {
            return false;
        }
        *out = -*out;
        return true;
    case '~':
        ep->p++;
        if (!expr_unary(ep, out)) {
            return false;
        }
        *out = ~*out;
        return true;
    case '(':
        ep->p++;
        if (!expr_sum(ep, out)) {
            return false;
        }
        expr_skip_spaces(ep);
        if (*ep->p != ')') {
            return expr_fail(ep, "')' expected");
        }
        ep->p++;
        return true;
    case '$':
        return expr_fail(ep, "no CPU registers: this machine has no CPU to read them from");
    case '\0':
        return expr_fail(ep, "unexpected end of expression");
    default: {
        char *end;
        if (!g_ascii_isdigit(*ep->p)) {
            return expr_fail(ep, "invalid char in expression");
        }
        errno = 0;
        *out = g_ascii_strtoull(ep->p, &end, 0);
        if (errno == ERANGE) {
            return expr_fail(ep, "number too large");
        }
        ep->p = end;
        return true;
    }
    }
}

static bool expr_prod(ExprParser *ep, uint64_t *out)
{
    uint64_t rhs;

    if (!expr_unary(ep, out)) {
        return false;
    }
    for (;;) {
        char op;
        expr_skip_spaces(ep);
        op = *ep->p;
        if (op != '*' && op != '/' && op != '%') {
            return true;
        }
        ep->p++;
        if (!expr_unary(ep, &rhs)) {
            return false;
        }
        if (op == '*') {
            *out *= rhs;
        } else if (rhs == 0) {
            return expr_fail(ep, "division by zero");
        } else if (op == '/') {
            *out /= rhs;
        } else {
            *out %= rhs;
        }
    }
}

static bool expr_logic(ExprParser *ep, uint64_t *out)
{
    uint64_t rhs;

    if (!expr_prod(ep, out)) {
        return false;
    }
    for (;;) {
        char op;
        expr_skip_spaces(ep);
        op = *ep->p;
        if (op != '&' && op != '|' && op != '^') {
            return true;
        }
        ep->p++;
        if (!expr_prod(ep, &rhs)) {
            return false;
        }
        *out = op == '&' ? (*out & rhs) : op == '|' ? (*out | rhs) : (*out ^ rhs);
    }
}

static bool expr_sum(ExprParser *ep, uint64_t *out)
{
    uint64_t rhs;

    if (!expr_logic(ep, out)) {
        return false;
    }
    for (;;) {
        char op;
        expr_skip_spaces(ep);
        op = *ep->p;
        if (op != '+' && op != '-') {
            return true;
        }
        ep->p++;
        if (!expr_logic(ep, &rhs)) {
            return false;
        }
        *out = op == '+' ? *out + rhs : *out - rhs;
    }
}

/*
 * Evaluate the expression at *pp (up to the end of the argument: a space at
 * nesting level 0 ends it, as QEMU's HMP does for "x /4x 0x1000").
 */
static bool hmp_parse_expr(const char **pp, uint64_t *out, char **error)
{
    ExprParser ep = { .p = *pp };
    bool ok = expr_sum(&ep, out);

    if (ok) {
        *pp = ep.p;
    }
    *error = ep.error;
    return ok;
}

/* ---- command-line parsing ---- */

static const char *skip_spaces(const char *p)
{
    while (*p == ' ' || *p == '\t') {
        p++;
    }
    return p;
}

/* One word, or a double-quoted string with \" \\ \n \t escapes. NULL when none. */
static char *get_word(const char **pp, char **error)
{
    const char *p = skip_spaces(*pp);
    GString *s;

    if (!*p) {
        return NULL;
    }
    s = g_string_new(NULL);
    if (*p == '"') {
        p++;
        while (*p && *p != '"') {
            if (*p == '\\' && p[1]) {
                p++;
                switch (*p) {
                case 'n': g_string_append_c(s, '\n'); break;
                case 't': g_string_append_c(s, '\t'); break;
                case 'r': g_string_append_c(s, '\r'); break;
                default: g_string_append_c(s, *p); break;
                }
            } else {
                g_string_append_c(s, *p);
            }
            p++;
        }
        if (*p != '"') {
            *error = g_strdup("unterminated string");
            g_string_free(s, TRUE);
            return NULL;
        }
        p++;
    } else {
        while (*p && *p != ' ' && *p != '\t') {
            g_string_append_c(s, *p++);
        }
    }
    *pp = p;
    return g_string_free(s, FALSE);
}

static bool parse_format(Monitor *mon, const char **pp, JsonObject *args, char **error)
{
    const char *p = skip_spaces(*pp);
    int64_t count = 1;
    int format = -1, size = -1;

    if (*p == '/') {
        p++;
        if (g_ascii_isdigit(*p)) {
            char *end;
            count = g_ascii_strtoll(p, &end, 10);
            p = end;
        }
        for (; *p && *p != ' ' && *p != '\t'; p++) {
            switch (*p) {
            case 'o': case 'd': case 'u': case 'x': case 'i': case 'c':
                format = *p;
                break;
            case 'b': size = 1; break;
            case 'h': size = 2; break;
            case 'w': size = 4; break;
            case 'g': case 'L': size = 8; break;
            default:
                *error = g_strdup_printf("invalid char in format: '%c'", *p);
                return false;
            }
        }
    }
    if (format < 0) {
        format = mon->last_format;
    }
    if (size >= 0) {
        mon->last_size = size;
    } else {
        /* Characters are bytes; that does not change the size the next x uses. */
        size = format == 'c' ? 1 : mon->last_size;
    }
    mon->last_format = format;
    json_object_set_int_member(args, "count", count);
    json_object_set_int_member(args, "format", format);
    json_object_set_int_member(args, "size", size);
    *pp = p;
    return true;
}

/* Parse the arguments after the command name per cmd->args_type. */
static JsonObject *parse_arguments(Monitor *mon, const HMPCommand *cmd, const char *p,
                                   char **error)
{
    g_auto(GStrv) items = g_strsplit(cmd->args_type ? cmd->args_type : "", ",", 0);
    JsonObject *args = json_object_new();
    bool has_flags = false;

    for (int i = 0; items[i]; i++) {
        const char *colon = strchr(items[i], ':');
        has_flags |= colon && colon[1] == '-';
    }
    /* Flags first: "-f -D" in any order. */
    while (has_flags) {
        const char *q = skip_spaces(p);
        bool found = false;

        if (q[0] != '-' || !g_ascii_isalpha(q[1]) || (q[2] && q[2] != ' ')) {
            break;
        }
        for (int i = 0; items[i] && !found; i++) {
            const char *colon = strchr(items[i], ':');
            if (colon && colon[1] == '-' && colon[2] == q[1]) {
                g_autofree char *name = g_strndup(items[i], colon - items[i]);
                json_object_set_boolean_member(args, name, true);
                found = true;
            }
        }
        if (!found) {
            *error = g_strdup_printf("%s: unsupported option -%c", cmd->name, q[1]);
            json_object_unref(args);
            return NULL;
        }
        p = q + 2;
    }
    for (int i = 0; items[i]; i++) {
        const char *colon = strchr(items[i], ':');
        g_autofree char *name = NULL;
        const char *type;
        bool optional;

        if (!colon) {
            continue;
        }
        name = g_strndup(items[i], colon - items[i]);
        type = colon + 1;
        optional = type[0] && type[1] == '?';
        p = skip_spaces(p);
        switch (type[0]) {
        case '-':
            break;
        case '/':
            if (!parse_format(mon, &p, args, error)) {
                goto fail;
            }
            break;
        case 's': {
            char *word = get_word(&p, error);
            if (*error) {
                goto fail;
            }
            if (!word) {
                if (optional) {
                    break;
                }
                *error = g_strdup_printf("%s: string expected", cmd->name);
                goto fail;
            }
            json_object_set_string_member(args, name, word);
            g_free(word);
            break;
        }
        case 'S': case 'O': {
            g_autofree char *rest = g_strstrip(g_strdup(p));
            if (!*rest) {
                if (optional) {
                    break;
                }
                *error = g_strdup_printf("%s: string expected", cmd->name);
                goto fail;
            }
            json_object_set_string_member(args, name, rest);
            p += strlen(p);
            break;
        }
        case 'i': case 'l': {
            uint64_t v;
            char *expr_err = NULL;
            if (!*p) {
                if (optional) {
                    break;
                }
                *error = g_strdup_printf("%s: integer expected", cmd->name);
                goto fail;
            }
            if (!hmp_parse_expr(&p, &v, &expr_err)) {
                *error = expr_err;
                goto fail;
            }
            g_free(expr_err);
            json_object_set_int_member(args, name, (int64_t)v);
            break;
        }
        case 'b': {
            g_autofree char *word = get_word(&p, error);
            if (*error) {
                goto fail;
            }
            if (!word && optional) {
                break;
            }
            if (!g_strcmp0(word, "on")) {
                json_object_set_boolean_member(args, name, true);
            } else if (!g_strcmp0(word, "off")) {
                json_object_set_boolean_member(args, name, false);
            } else {
                *error = g_strdup("Expected 'on' or 'off'");
                goto fail;
            }
            break;
        }
        default:
            g_error("HMP command '%s': bad argument type '%s'", cmd->name, type);
        }
    }
    p = skip_spaces(p);
    if (*p) {
        *error = g_strdup_printf("%s: extraneous characters at the end of line", cmd->name);
        goto fail;
    }
    return args;

fail:
    json_object_unref(args);
    return NULL;
}

static void run_command(Monitor *mon, const HMPCommand *cmd, const char *rest,
                        const char *help_name)
{
    char *error = NULL;
    JsonObject *args = parse_arguments(mon, cmd, rest, &error);

    if (!args) {
        monitor_printf(mon, "%s\n", error);
        monitor_printf(mon, "Try \"help %s\" for more information\n", help_name);
        g_free(error);
        return;
    }
    cmd->cmd(mon, args);
    json_object_unref(args);
}

static void hmp_error_printer(void *opaque, const char *msg)
{
    monitor_puts(opaque, msg);
}

void hmp_handle_line(Monitor *mon, const char *line)
{
    const char *p = skip_spaces(line);
    const char *start = p;
    g_autofree char *name = NULL;
    const HMPCommand *cmd;
    Monitor *old;

    while (*p && *p != ' ' && *p != '\t') {
        p++;
    }
    if (p == start) {
        return;
    }
    name = g_strndup(start, p - start);
    old = monitor_set_cur(mon);
    error_set_printer(hmp_error_printer, mon);
    cmd = find_command(false, name);
    if (!cmd) {
        monitor_printf(mon, "unknown command: '%s'\n", name);
    } else if (!strcmp(name, "info") && *skip_spaces(p)) {
        /* "info ITEM ...": the item is a command of the info table. */
        const char *item_start = skip_spaces(p);
        const char *q = item_start;
        g_autofree char *item = NULL;
        const HMPCommand *sub;

        while (*q && *q != ' ' && *q != '\t') {
            q++;
        }
        item = g_strndup(item_start, q - item_start);
        sub = find_command(true, item);
        if (!sub) {
            monitor_printf(mon, "unknown command: 'info %s'\n", item);
        } else {
            g_autofree char *help_name = g_strdup_printf("info %s", item);
            run_command(mon, sub, q, help_name);
        }
    } else {
        run_command(mon, cmd, p, name);
    }
    error_set_printer(NULL, NULL);
    monitor_set_cur(old);
}

/* ---- help ---- */

typedef struct HelpCtx {
    Monitor *mon;
    const char *prefix;
} HelpCtx;

static bool print_help_line(const HMPCommand *cmd, void *opaque)
{
    HelpCtx *h = opaque;

    monitor_printf(h->mon, "%s%s %s -- %s\n", h->prefix, cmd->name,
                   cmd->params ? cmd->params : "", cmd->help ? cmd->help : "");
    return false;
}

void hmp_print_help(Monitor *mon, const char *topic)
{
    HelpCtx h = { mon, "" };
    const HMPCommand *cmd;

    if (!topic) {
        for_each_command(false, print_help_line, &h);
        return;
    }
    if (!strcmp(topic, "info")) {
        h.prefix = "info ";
        for_each_command(true, print_help_line, &h);
        return;
    }
    if (g_str_has_prefix(topic, "info ")) {
        cmd = find_command(true, skip_spaces(topic + 5));
        h.prefix = "info ";
    } else {
        cmd = find_command(false, topic);
    }
    if (!cmd) {
        monitor_printf(mon, "unknown command: '%s'\n", topic);
        return;
    }
    print_help_line(cmd, &h);
}

/* ---- completion ---- */

typedef struct CompleteCtx {
    const char *word;
    GPtrArray *out;
} CompleteCtx;

static bool add_completion(const HMPCommand *cmd, void *opaque)
{
    CompleteCtx *c = opaque;
    g_auto(GStrv) names = g_strsplit(cmd->name, "|", 0);

    for (int i = 0; names[i]; i++) {
        if (g_str_has_prefix(names[i], c->word)) {
            g_ptr_array_add(c->out, g_strdup(names[i]));
        }
    }
    return false;
}

static void hmp_complete(void *opaque, const char *cmdline, GPtrArray *out)
{
    g_auto(GStrv) words = g_strsplit_set(cmdline, " \t", 0);
    guint n = g_strv_length(words);
    CompleteCtx c = { .out = out };

    /* Only command names (and info items) complete; arguments do not. */
    if (n == 1) {
        c.word = words[0];
        for_each_command(false, add_completion, &c);
    } else if (n == 2 && (!strcmp(words[0], "info") || !strcmp(words[0], "help") ||
                          !strcmp(words[0], "?"))) {
        c.word = words[1];
        for_each_command(!strcmp(words[0], "info"), add_completion, &c);
    }
}

/* ---- the session on a chardev ---- */

static void hmp_show_prompt(Monitor *mon)
{
    if (mon->quitting || mon->mux_out) {
        return;
    }
    if (mon->rs) {
        readline_show_prompt(mon->rs);
    } else {
        monitor_puts(mon, HMP_PROMPT);
    }
}

static void hmp_rl_out(void *opaque, const char *text)
{
    monitor_puts(opaque, text);
}

static void hmp_rl_line(void *opaque, const char *line)
{
    Monitor *mon = opaque;

    mon->command_done = true;
    hmp_handle_line(mon, line);
    hmp_show_prompt(mon);
}

static int hmp_can_read(void *opaque)
{
    return monitor_can_receive(opaque);
}

static void hmp_read(void *opaque, const uint8_t *buf, int size)
{
    monitor_receive(opaque, buf, size);
}

size_t hmp_consume(Monitor *mon, const uint8_t *buf, size_t len)
{
    for (size_t i = 0; i < len; i++) {
        uint8_t c = buf[i];

        if (mon->rs) {
            readline_handle_byte(mon->rs, c);
        } else if (c == '\n' && mon->line_after_cr) {
            mon->line_after_cr = false;         /* the \n of a \r\n pair */
        } else if (c == '\n' || c == '\r') {
            g_autofree char *line = g_strdup(mon->line->str);

            mon->line_after_cr = c == '\r';
            g_string_truncate(mon->line, 0);
            hmp_rl_line(mon, line);
        } else {
            mon->line_after_cr = false;
            if (mon->line->len < READLINE_CMD_BUF_SIZE) {
                g_string_append_c(mon->line, c);
            }
        }
        if (mon->command_done || mon->quitting) {
            return i + 1;
        }
    }
    return len;
}

static void hmp_chr_event(void *opaque, QEMUChrEvent event)
{
    Monitor *mon = opaque;

    switch (event) {
    case CHR_EVENT_OPENED:
        monitor_printf(mon, "QEMU %s monitor - type 'help' for more information\n",
                       QEMU_VERSION);
        mon->banner_shown = true;
        if (mon->rs) {
            readline_start(mon->rs, HMP_PROMPT);
        }
        hmp_show_prompt(mon);
        break;
    case CHR_EVENT_MUX_IN:
        mon->mux_out = false;
        if (mon->banner_shown) {
            hmp_show_prompt(mon);
        }
        break;
    case CHR_EVENT_MUX_OUT:
        mon->mux_out = true;
        break;
    default:
        break;
    }
}

bool hmp_session_init(Monitor *mon, Error **errp)
{
    if (mon->use_readline) {
        mon->rs = readline_new(hmp_rl_out, hmp_rl_line, hmp_complete, mon);
        readline_start(mon->rs, HMP_PROMPT);
    } else {
        mon->line = g_string_new(NULL);
    }
    qemu_chr_fe_set_handlers(&mon->chr, hmp_can_read, hmp_read, hmp_chr_event, mon, NULL,
                             true);
    return true;
}

char *hmp_run_captured(const char *cmdline)
{
    Monitor *mon = monitor_new(false);
    char *out;

    mon->capture = g_string_new(NULL);
    hmp_handle_line(mon, cmdline);
    out = g_strdup(mon->capture->str);
    monitor_free(mon);
    return out;
}
