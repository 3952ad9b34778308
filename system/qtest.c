/*
 * The qtest protocol server (see include/system/qtest.h): one command per
 * line, one "OK ..."/"FAIL ..." reply per command, asynchronous "IRQ raise N"
 * lines for intercepted interrupt lines.  Every argument is checked: a bad
 * line gets a FAIL reply, never a crash.
 */
#include "qemu/osdep.h"
#include "system/qtest.h"
#include "system/memory.h"
#include "system/system.h"
#include "chardev/char.h"
#include "hw/qdev-core.h"
#include "hw/irq.h"
#include "monitor/monitor.h"
#include "qemu/bswap.h"
#include "qemu/option.h"
#include "qemu/timer.h"

/* Bounds on what one command may ask for, so a typo cannot exhaust memory. */
#define QTEST_MAX_LINE (96u << 20)         /* b64write of 64 MiB fits */
#define QTEST_MAX_ACCESS (64u << 20)       /* bytes per read/write/memset */

typedef struct QTestServer {
    CharBackend chr;
    bool has_chr;
    GString *inbuf;
    bool discarding;               /* an over-long line is being dropped */
    DeviceState *irq_intercept_dev;
    GArray *irq_levels;            /* int, by line number */
    FILE *log;
    int64_t log_start;
} QTestServer;

/* The one qtest connection a process has. */
static QTestServer qtest;

bool qtest_enabled(void)
{
    return !strcmp(accel_name_get(), "qtest");
}

static void qtest_log(const char *dir, const char *text)
{
    if (qtest.log) {
        double t = (g_get_monotonic_time() - qtest.log_start) / 1e6;
        fprintf(qtest.log, "[%s +%f] %s", dir, t, text);
        fflush(qtest.log);
    }
}

static void qtest_send(const char *text)
{
    qtest_log("S", text);
    if (qtest.has_chr) {
        qemu_chr_fe_write_all(&qtest.chr, (const uint8_t *)text, strlen(text));
    }
}

/* ---- interrupts ---- */

static void qtest_irq_handler(void *opaque, int n, int level)
{
    int *old;
    g_autofree char *msg = NULL;

    if (n < 0 || n > 65535) {
        return;
    }
    if ((guint)n >= qtest.irq_levels->len) {
        g_array_set_size(qtest.irq_levels, n + 1);
    }
    old = &g_array_index(qtest.irq_levels, int, n);
    level = !!level;
    if (*old == level) {
        return;
    }
    *old = level;
    msg = g_strdup_printf("IRQ %s %d\n", level ? "raise" : "lower", n);
    qtest_send(msg);
}

static NamedGPIOList *find_gpio_list(DeviceState *dev, const char *name)
{
    for (NamedGPIOList *ngl = dev->gpios; ngl; ngl = ngl->next) {
        if (!g_strcmp0(ngl->name, name)) {
            return ngl;
        }
    }
    return NULL;
}

static DeviceState *find_device(const char *path)
{
    Object *obj = object_resolve_path(path, NULL);

    return obj ? (DeviceState *)object_dynamic_cast(obj, TYPE_DEVICE) : NULL;
}

static void cmd_irq_intercept(char **words, GString *reply)
{
    bool out = !strcmp(words[0], "irq_intercept_out");
    const char *name = words[2];
    DeviceState *dev;
    NamedGPIOList *ngl;

    if (!words[1]) {
        g_string_append(reply, "FAIL missing QOM path\n");
        return;
    }
    dev = find_device(words[1]);
    if (!dev) {
        g_string_append(reply, "FAIL Unknown device\n");
        return;
    }
    if (qtest.irq_intercept_dev) {
        g_string_append(reply, qtest.irq_intercept_dev == dev
                               ? "OK\n" : "FAIL IRQ intercept already enabled\n");
        return;
    }
    ngl = find_gpio_list(dev, name);
    if (!ngl) {
        /* Say which names exist: sysbus devices only have "sysbus-irq". */
        g_string_append_printf(reply, "FAIL no %s%s%s GPIO lines; the device has:",
                               name ? "'" : "", name ? name : "unnamed", name ? "'" : "");
        for (NamedGPIOList *l = dev->gpios; l; l = l->next) {
            g_string_append_printf(reply, " %s", l->name ? l->name : "(unnamed)");
        }
        g_string_append_c(reply, '\n');
        return;
    }
    if (out) {
        for (int i = 0; i < ngl->num_out; i++) {
            /* The device now drives our line instead of whatever it was wired to. */
            if (ngl->out && ngl->out[i]) {
                *ngl->out[i] = qemu_allocate_irq(qtest_irq_handler, NULL, i);
            }
        }
    } else {
        for (int i = 0; i < ngl->num_in; i++) {
            if (ngl->in && ngl->in[i]) {
                qemu_irq_intercept(ngl->in[i], qtest_irq_handler, NULL);
            }
        }
    }
    qtest.irq_intercept_dev = dev;
    g_string_append(reply, "OK\n");
}

static bool parse_u64(const char *what, const char *s, uint64_t *out, GString *reply)
{
    Error *err = NULL;

    if (!s) {
        g_string_append_printf(reply, "FAIL missing %s\n", what);
        return false;
    }
    if (!qemu_parse_uint64(what, s, out, &err)) {
        g_string_append_printf(reply, "FAIL %s\n", error_get_pretty(err));
        error_free(err);
        return false;
    }
    return true;
}

static bool parse_i64(const char *what, const char *s, int64_t *out, GString *reply)
{
    Error *err = NULL;

    if (!s) {
        g_string_append_printf(reply, "FAIL missing %s\n", what);
        return false;
    }
    if (!qemu_parse_int64(what, s, out, &err)) {
        g_string_append_printf(reply, "FAIL %s\n", error_get_pretty(err));
        error_free(err);
        return false;
    }
    return true;
}

static void cmd_set_irq_in(char **words, GString *reply)
{
    DeviceState *dev;
    NamedGPIOList *ngl;
    const char *name;
    uint64_t num;
    int64_t level;

    if (!words[1] || !words[2]) {
        g_string_append(reply, "FAIL missing arguments\n");
        return;
    }
    if (!parse_u64("num", words[3], &num, reply) || !parse_i64("level", words[4], &level, reply)) {
        return;
    }
    dev = find_device(words[1]);
    if (!dev) {
        g_string_append(reply, "FAIL Unknown device\n");
        return;
    }
    name = !strcmp(words[2], "unnamed") ? NULL : words[2];
    ngl = find_gpio_list(dev, name);
    if (!ngl || num >= (uint64_t)ngl->num_in) {
        g_string_append(reply, "FAIL no such GPIO input\n");
        return;
    }
    qemu_set_irq(ngl->in[num], (int)level);
    g_string_append(reply, "OK\n");
}

/* ---- memory and I/O ---- */

static void store_target(void *buf, unsigned size, uint64_t v)
{
    if (monitor_target_big_endian()) {
        stn_be_p(buf, size, v);
    } else {
        stn_le_p(buf, size, v);
    }
}

static uint64_t load_target(const void *buf, unsigned size)
{
    return monitor_target_big_endian() ? ldn_be_p(buf, size) : ldn_le_p(buf, size);
}

static unsigned size_of_suffix(char c)
{
    switch (c) {
    case 'b': return 1;
    case 'w': return 2;
    case 'l': return 4;
    case 'q': return 8;
    default: return 0;
    }
}

static void cmd_write_n(char **words, AddressSpace *as, unsigned size, GString *reply)
{
    uint64_t addr, value;
    uint8_t buf[8];

    if (!parse_u64("address", words[1], &addr, reply) ||
        !parse_u64("value", words[2], &value, reply)) {
        return;
    }
    store_target(buf, size, value);
    address_space_write(as, addr, MEMTXATTRS_UNSPECIFIED, buf, size);
    g_string_append(reply, "OK\n");
}

static void cmd_read_n(char **words, AddressSpace *as, unsigned size, bool port,
                       GString *reply)
{
    uint64_t addr, value;
    uint8_t buf[8] = { 0 };

    if (!parse_u64("address", words[1], &addr, reply)) {
        return;
    }
    address_space_read(as, addr, MEMTXATTRS_UNSPECIFIED, buf, size);
    value = load_target(buf, size);
    if (port) {
        g_string_append_printf(reply, "OK 0x%04" PRIx64 "\n", value);
    } else {
        g_string_append_printf(reply, "OK 0x%0*" PRIx64 "\n", size * 2, value);
    }
}

static bool parse_range(char **words, uint64_t *addr, uint64_t *len, GString *reply)
{
    if (!parse_u64("address", words[1], addr, reply) ||
        !parse_u64("size", words[2], len, reply)) {
        return false;
    }
    if (*len > QTEST_MAX_ACCESS) {
        g_string_append_printf(reply, "FAIL size %" PRIu64 " exceeds the limit of %u bytes\n",
                               *len, QTEST_MAX_ACCESS);
        return false;
    }
    return true;
}

static void cmd_read(char **words, GString *reply)
{
    uint64_t addr, len;
    g_autofree uint8_t *data = NULL;

    if (!parse_range(words, &addr, &len, reply)) {
        return;
    }
    data = g_malloc0(len ? len : 1);
    address_space_read(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED, data, len);
    g_string_append(reply, "OK 0x");
    for (uint64_t i = 0; i < len; i++) {
        g_string_append_printf(reply, "%02x", data[i]);
    }
    g_string_append_c(reply, '\n');
}

static void cmd_b64read(char **words, GString *reply)
{
    uint64_t addr, len;
    g_autofree uint8_t *data = NULL;
    g_autofree char *b64 = NULL;

    if (!parse_range(words, &addr, &len, reply)) {
        return;
    }
    data = g_malloc0(len ? len : 1);
    address_space_read(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED, data, len);
    b64 = g_base64_encode(data, len);
    g_string_append_printf(reply, "OK %s\n", b64);
}

static int hex_digit(char c)
{
    return g_ascii_xdigit_value(c);
}

static void cmd_write(char **words, GString *reply)
{
    uint64_t addr, len;
    g_autofree uint8_t *data = NULL;
    const char *hex = words[2] ? words[3] : NULL;
    size_t hex_len;

    if (!parse_range(words, &addr, &len, reply)) {
        return;
    }
    if (!hex || hex[0] != '0' || (hex[1] != 'x' && hex[1] != 'X')) {
        g_string_append(reply, "FAIL data must be given as 0x<hex bytes>\n");
        return;
    }
    hex += 2;
    hex_len = strlen(hex);
    data = g_malloc0(len ? len : 1);
    /* Fewer digits than bytes leaves the rest zero, as QEMU does. */
    for (uint64_t i = 0; i < len && (i * 2 + 1) < hex_len; i++) {
        int hi = hex_digit(hex[i * 2]), lo = hex_digit(hex[i * 2 + 1]);
        if (hi < 0 || lo < 0) {
            g_string_append(reply, "FAIL invalid hex data\n");
            return;
        }
        data[i] = (uint8_t)(hi << 4 | lo);
    }
    address_space_write(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED, data, len);
    g_string_append(reply, "OK\n");
}

static void cmd_b64write(char **words, GString *reply)
{
    uint64_t addr, len;
    g_autofree uint8_t *data = NULL;
    gsize data_len = 0;

    if (!parse_range(words, &addr, &len, reply)) {
        return;
    }
    if (!words[3]) {
        g_string_append(reply, "FAIL missing data\n");
        return;
    }
    data = g_base64_decode(words[3], &data_len);
    if (data_len != len) {
        qtest_log("S", "b64write: data length mismatch\n");
        len = MIN(len, (uint64_t)data_len);
    }
    address_space_write(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED, data, len);
    g_string_append(reply, "OK\n");
}

static void cmd_memset(char **words, GString *reply)
{
    uint64_t addr, len, value;
    g_autofree uint8_t *data = NULL;

    if (!parse_range(words, &addr, &len, reply) ||
        !parse_u64("value", words[2] ? words[3] : NULL, &value, reply)) {
        return;
    }
    if (len) {
        data = g_malloc(len);
        memset(data, (int)(value & 0xff), len);
        address_space_write(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED, data, len);
    }
    g_string_append(reply, "OK\n");
}

/* ---- clock ---- */

static void cmd_clock(char **words, GString *reply)
{
    bool step = !strcmp(words[0], "clock_step");
    int64_t now, ns;

    if (!qemu_clock_virtual_is_manual()) {
        g_string_append(reply, "FAIL the virtual clock is only controlled with -accel qtest\n");
        return;
    }
    now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    if (step && !words[1]) {
        /* To the next timer; with none pending the clock stays where it is. */
        ns = qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL);
        ns = ns < 0 ? now : now + ns;
    } else {
        if (!parse_i64("ns", words[1], &ns, reply)) {
            return;
        }
        if (step) {
            ns = ns > INT64_MAX - now ? INT64_MAX : now + ns;
        }
    }
    g_string_append_printf(reply, "OK %" PRIi64 "\n", qemu_clock_warp_virtual(ns));
}

/* ---- dispatch ---- */

static void process_words(char **words, GString *reply)
{
    const char *cmd = words[0];
    size_t len = strlen(cmd);
    unsigned size;

    if (!strcmp(cmd, "irq_intercept_out") || !strcmp(cmd, "irq_intercept_in")) {
        cmd_irq_intercept(words, reply);
    } else if (!strcmp(cmd, "set_irq_in")) {
        cmd_set_irq_in(words, reply);
    } else if (len == 4 && g_str_has_prefix(cmd, "out") && (size = size_of_suffix(cmd[3])) &&
               size <= 4) {
        cmd_write_n(words, &address_space_io, size, reply);
    } else if (len == 3 && g_str_has_prefix(cmd, "in") && (size = size_of_suffix(cmd[2])) &&
               size <= 4) {
        cmd_read_n(words, &address_space_io, size, true, reply);
    } else if (len == 6 && g_str_has_prefix(cmd, "write") && (size = size_of_suffix(cmd[5]))) {
        cmd_write_n(words, &address_space_memory, size, reply);
    } else if (len == 5 && g_str_has_prefix(cmd, "read") && (size = size_of_suffix(cmd[4]))) {
        cmd_read_n(words, &address_space_memory, size, false, reply);
    } else if (!strcmp(cmd, "read")) {
        cmd_read(words, reply);
    } else if (!strcmp(cmd, "b64read")) {
        cmd_b64read(words, reply);
    } else if (!strcmp(cmd, "write")) {
        cmd_write(words, reply);
    } else if (!strcmp(cmd, "b64write")) {
        cmd_b64write(words, reply);
    } else if (!strcmp(cmd, "memset")) {
        cmd_memset(words, reply);
    } else if (!strcmp(cmd, "endianness")) {
        g_string_append(reply, monitor_target_big_endian() ? "OK big\n" : "OK little\n");
    } else if (!strcmp(cmd, "clock_step") || !strcmp(cmd, "clock_set")) {
        cmd_clock(words, reply);
    } else {
        g_string_append_printf(reply, "FAIL Unknown command '%s'\n", cmd);
    }
}

char *qtest_process_line(const char *line)
{
    GString *reply = g_string_new(NULL);
    g_auto(GStrv) all = g_strsplit_set(line, " \t", -1);
    GPtrArray *words = g_ptr_array_new();

    /* Runs of spaces separate words; no empty words. Pad so words[k] may be read safely. */
    for (int i = 0; all[i]; i++) {
        if (all[i][0]) {
            g_ptr_array_add(words, all[i]);
        }
    }
    if (words->len) {
        for (int i = 0; i < 6; i++) {
            g_ptr_array_add(words, NULL);
        }
        process_words((char **)words->pdata, reply);
    }
    g_ptr_array_free(words, TRUE);
    return g_string_free(reply, FALSE);
}

/* ---- the connection ---- */

static void qtest_handle_line(const char *line)
{
    g_autofree char *reply = NULL;
    g_autofree char *logged = g_strdup_printf("%s\n", line);

    qtest_log("R", logged);
    reply = qtest_process_line(line);
    if (*reply) {
        qtest_send(reply);
    }
}

static int qtest_can_read(void *opaque)
{
    return 64 * 1024;
}

static void qtest_read(void *opaque, const uint8_t *buf, int size)
{
    const uint8_t *p = buf, *end = buf + size;

    while (p < end) {
        const uint8_t *nl = memchr(p, '\n', end - p);
        size_t n = (nl ? nl : end) - p;

        if (!qtest.discarding) {
            g_string_append_len(qtest.inbuf, (const char *)p, n);
            if (qtest.inbuf->len > QTEST_MAX_LINE) {
                g_string_truncate(qtest.inbuf, 0);
                qtest.discarding = true;
                qtest_send("FAIL line too long\n");
            }
        }
        if (!nl) {
            break;
        }
        p = nl + 1;
        if (qtest.discarding) {
            qtest.discarding = false;
            continue;
        }
        if (qtest.inbuf->len && qtest.inbuf->str[qtest.inbuf->len - 1] == '\r') {
            g_string_truncate(qtest.inbuf, qtest.inbuf->len - 1);
        }
        {
            g_autofree char *line = g_strndup(qtest.inbuf->str, qtest.inbuf->len);
            g_string_truncate(qtest.inbuf, 0);
            qtest_handle_line(line);
        }
    }
}

static void qtest_event(void *opaque, QEMUChrEvent event)
{
    switch (event) {
    case CHR_EVENT_OPENED:
        /* A new test starts from lowered lines. */
        g_array_set_size(qtest.irq_levels, 0);
        g_string_truncate(qtest.inbuf, 0);
        qtest.discarding = false;
        qtest.log_start = g_get_monotonic_time();
        break;
    case CHR_EVENT_CLOSED:
        g_string_truncate(qtest.inbuf, 0);
        break;
    default:
        break;
    }
}

static void __attribute__((constructor)) qtest_state_init(void)
{
    qtest.inbuf = g_string_new(NULL);
    qtest.irq_levels = g_array_new(FALSE, TRUE, sizeof(int));
}

bool qtest_server_init(const char *chr_spec, const char *logfile, Error **errp)
{
    Chardev *chr;

    if (qtest.has_chr) {
        error_setg(errp, "only one -qtest connection is supported");
        return false;
    }
    chr = qemu_chr_new("qtest", chr_spec, errp);
    if (!chr) {
        if (errp && !*errp) {
            error_setg(errp, "-qtest %s: no character device", chr_spec);
        }
        return false;
    }
    if (logfile) {
        qtest.log = !strcmp(logfile, "none") ? NULL : fopen(logfile, "a");
        if (!qtest.log && strcmp(logfile, "none")) {
            error_setg_errno(errp, errno, "cannot open -qtest-log %s", logfile);
            return false;
        }
    }
    if (!qemu_chr_fe_init(&qtest.chr, chr, errp)) {
        return false;
    }
    qtest.has_chr = true;
    qtest.log_start = g_get_monotonic_time();
    qemu_chr_fe_set_handlers(&qtest.chr, qtest_can_read, qtest_read, qtest_event, NULL,
                             NULL, true);
    return true;
}
