/*
 * The core human-monitor commands and "info" items: their tables (one entry
 * per command) and handlers.  Where a QMP command does the same job the
 * handler calls it and prints the result the way QEMU's HMP does.
 */
#include "qemu/osdep.h"
#include "hw/core/cpu.h"
#include "monitor/monitor-internal.h"
#include "monitor/json-writer.h"
#include "qemu/option.h"
#include "qemu/bswap.h"
#include "qom/object.h"
#include "hw/qdev-core.h"
#include "system/memory.h"
#include "system/runstate.h"
#include "system/system.h"

HMPCpuMemoryRead *hmp_cpu_memory_read;

/* Run a QMP command by name with already-built arguments (validated here too). */
static JsonNode *call_qmp(const char *name, JsonObject *args, Error **errp)
{
    const QmpCommandDef *cmd = qmp_find_command(name);
    JsonObject *empty = NULL;
    JsonNode *ret = NULL;

    if (!args) {
        args = empty = json_object_new();
    }
    if (qmp_validate_members(cmd->args, cmd->flags & QMP_CMD_ANY_ARGS, args, "", errp)) {
        ret = cmd->fn(args, errp);
    }
    if (empty) {
        json_object_unref(empty);
    }
    return ret;
}

/* Call a QMP command for its effect only and print its error, if any. */
static void run_qmp(Monitor *mon, const char *name, JsonObject *args)
{
    Error *err = NULL;
    JsonNode *ret = call_qmp(name, args, &err);

    if (ret) {
        json_node_unref(ret);
    }
    hmp_handle_error(mon, err);
}

/* ---- commands ---- */

static void hmp_help(Monitor *mon, const HMPArgs *args)
{
    hmp_print_help(mon, hmp_arg_str(args, "name"));
}

static void hmp_info(Monitor *mon, const HMPArgs *args)
{
    /* "info" alone lists the items; "info ITEM" is dispatched by hmp.c. */
    hmp_print_help(mon, "info");
}

static void hmp_stop(Monitor *mon, const HMPArgs *args)
{
    run_qmp(mon, "stop", NULL);
}

static void hmp_cont(Monitor *mon, const HMPArgs *args)
{
    run_qmp(mon, "cont", NULL);
}

static void hmp_quit(Monitor *mon, const HMPArgs *args)
{
    mon->quitting = true;
    run_qmp(mon, "quit", NULL);
}

static void hmp_system_reset(Monitor *mon, const HMPArgs *args)
{
    run_qmp(mon, "system_reset", NULL);
}

static void hmp_system_powerdown(Monitor *mon, const HMPArgs *args)
{
    run_qmp(mon, "system_powerdown", NULL);
}

static void hmp_pmemsave(Monitor *mon, const HMPArgs *args)
{
    JsonObject *a = json_object_new();

    json_object_set_int_member(a, "val", hmp_arg_int(args, "val", 0));
    json_object_set_int_member(a, "size", hmp_arg_int(args, "size", 0));
    json_object_set_string_member(a, "filename", hmp_arg_str(args, "filename"));
    run_qmp(mon, "pmemsave", a);
}

static void hmp_device_add(Monitor *mon, const HMPArgs *args)
{
    const char *spec = hmp_arg_str(args, "device");
    Error *err = NULL;
    QemuOpts *opts = qemu_opts_parse(spec, "driver", &err);
    const char *driver;

    if (!opts) {
        hmp_handle_error(mon, err);
        return;
    }
    driver = qemu_opt_get(opts, "driver");
    if (!strcmp(driver ? driver : "", "help") || !g_strcmp0(driver, "?") ||
        (opts->help && !driver)) {
        GString *out = g_string_new(NULL);
        qdev_device_help_list(out);
        monitor_puts(mon, out->str);
        g_string_free(out, TRUE);
    } else if (opts->help) {
        GString *out = g_string_new(NULL);
        if (qdev_device_help(driver, out, &err)) {
            monitor_puts(mon, out->str);
        }
        g_string_free(out, TRUE);
    } else {
        qdev_device_add(opts, false, &err);
    }
    qemu_opts_del(opts);
    hmp_handle_error(mon, err);
}

static void hmp_device_del(Monitor *mon, const HMPArgs *args)
{
    JsonObject *a = json_object_new();

    json_object_set_string_member(a, "id", hmp_arg_str(args, "id"));
    run_qmp(mon, "device_del", a);
    json_object_unref(a);
}

static void hmp_qom_list(Monitor *mon, const HMPArgs *args)
{
    const char *path = hmp_arg_str(args, "path");
    JsonObject *a;
    JsonNode *ret;
    Error *err = NULL;

    if (!path) {
        monitor_printf(mon, "/\n");
        return;
    }
    a = json_object_new();
    json_object_set_string_member(a, "path", path);
    ret = call_qmp("qom-list", a, &err);
    json_object_unref(a);
    if (ret) {
        JsonArray *arr = json_node_get_array(ret);
        for (guint i = 0; i < json_array_get_length(arr); i++) {
            JsonObject *o = json_array_get_object_element(arr, i);
            monitor_printf(mon, "%s (%s)\n", json_object_get_string_member(o, "name"),
                           json_object_get_string_member(o, "type"));
        }
        json_node_unref(ret);
    }
    hmp_handle_error(mon, err);
}

static void hmp_qom_get(Monitor *mon, const HMPArgs *args)
{
    JsonObject *a = json_object_new();
    JsonNode *ret;
    Error *err = NULL;

    json_object_set_string_member(a, "path", hmp_arg_str(args, "path"));
    json_object_set_string_member(a, "property", hmp_arg_str(args, "property"));
    ret = call_qmp("qom-get", a, &err);
    json_object_unref(a);
    if (!err) {
        g_autofree char *text = qmp_json_to_string(ret, true);
        monitor_printf(mon, "%s\n", text);
    }
    if (ret) {
        json_node_unref(ret);
    }
    hmp_handle_error(mon, err);
}

static void hmp_qom_set(Monitor *mon, const HMPArgs *args)
{
    const char *path = hmp_arg_str(args, "path");
    const char *property = hmp_arg_str(args, "property");
    const char *value = hmp_arg_str(args, "value");
    Error *err = NULL;

    if (hmp_arg_bool(args, "json", false)) {
        g_autoptr(JsonParser) parser = json_parser_new();
        GError *gerr = NULL;
        JsonObject *a;

        if (!json_parser_load_from_data(parser, value, -1, &gerr)) {
            error_setg(&err, "JSON parse error, %s", gerr->message);
            g_error_free(gerr);
            hmp_handle_error(mon, err);
            return;
        }
        a = json_object_new();
        json_object_set_string_member(a, "path", path);
        json_object_set_string_member(a, "property", property);
        json_object_set_member(a, "value", json_node_copy(json_parser_get_root(parser)));
        run_qmp(mon, "qom-set", a);
        json_object_unref(a);
    } else {
        bool ambiguous = false;
        Object *obj = object_resolve_path(path, &ambiguous);

        if (!obj) {
            if (ambiguous) {
                error_setg(&err, "Path '%s' is ambiguous", path);
            } else {
                error_set(&err, ERROR_CLASS_DEVICE_NOT_FOUND, "Device '%s' not found", path);
            }
        } else {
            object_property_parse(obj, property, value, &err);
        }
        hmp_handle_error(mon, err);
    }
}

static void hmp_getfd(Monitor *mon, const HMPArgs *args)
{
    Error *err = NULL;

    monitor_getfd(mon, hmp_arg_str(args, "fdname"), &err);
    hmp_handle_error(mon, err);
}

static void hmp_closefd(Monitor *mon, const HMPArgs *args)
{
    Error *err = NULL;

    monitor_close_fd(mon, hmp_arg_str(args, "fdname"), &err);
    hmp_handle_error(mon, err);
}

/* ---- x / xp ---- */

static bool target_long_is_64(void)
{
    static const char *const narrow[] = {
        "arm", "i386", "mips", "mipsel", "ppc", "riscv32", "sparc", "m68k", "sh4", "sh4eb",
        "microblaze", "microblazeel", "or1k", "nios2", "cris", "xtensa", "xtensaeb", "avr",
        "rx", "tricore",
    };
    const char *arch = monitor_target_arch();

    for (size_t i = 0; i < ARRAY_SIZE(narrow); i++) {
        if (!strcmp(arch, narrow[i])) {
            return false;
        }
    }
    return true;
}

static void print_char(Monitor *mon, uint8_t c)
{
    switch (c) {
    case '\'': monitor_printf(mon, "'\\''"); break;
    case '\\': monitor_printf(mon, "'\\\\'"); break;
    case '\n': monitor_printf(mon, "'\\n'"); break;
    case '\r': monitor_printf(mon, "'\\r'"); break;
    default:
        if (c >= 32 && c <= 126) {
            monitor_printf(mon, "'%c'", c);
        } else {
            monitor_printf(mon, "'\\x%02x'", c);
        }
    }
}

static void memory_dump(Monitor *mon, const HMPArgs *args, bool physical, const char *name)
{
    int64_t count = hmp_arg_int(args, "count", 1);
    int format = (int)hmp_arg_int(args, "format", 'x');
    int wsize = (int)hmp_arg_int(args, "size", 4);
    uint64_t addr = (uint64_t)hmp_arg_int(args, "addr", 0);
    bool big = monitor_target_big_endian();
    int line_size, digits = 0;
    uint64_t len;

    if (format == 'i') {
        monitor_printf(mon, "%s: the 'i' format needs a disassembler, which this build "
                       "does not have\n", name);
        return;
    }
    if (!physical && !hmp_cpu_memory_read) {
        monitor_printf(mon, "Can not dump without CPU\n");
        return;
    }
    if (format == 'c') {
        wsize = 1;
    }
    if (count <= 0) {
        return;
    }
    /* A dump bigger than this is a typo, not a request: refuse rather than stall. */
    if ((uint64_t)count > (16u << 20) / wsize) {
        monitor_printf(mon, "%s: count %" PRId64 " is too large\n", name, count);
        return;
    }
    len = (uint64_t)count * wsize;
    line_size = wsize == 1 ? 8 : 16;
    switch (format) {
    case 'o': digits = (wsize * 8 + 2) / 3; break;
    case 'x': digits = wsize * 2; break;
    case 'u': case 'd': digits = (wsize * 8 * 10 + 32) / 33; break;
    }
    while (len > 0) {
        uint8_t buf[16];
        int l = (int)MIN(len, (uint64_t)line_size);
        bool ok;

        if (physical || target_long_is_64()) {
            monitor_printf(mon, "%016" PRIx64 ":", addr);
        } else {
            monitor_printf(mon, "%08" PRIx32 ":", (uint32_t)addr);
        }
        if (physical) {
            ok = address_space_read(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED,
                                    buf, l) == MEMTX_OK;
        } else {
            ok = hmp_cpu_memory_read(addr, buf, l);
        }
        if (!ok) {
            monitor_printf(mon, " Cannot access memory\n");
            break;
        }
        for (int i = 0; i < l; i += wsize) {
            uint64_t v = big ? ldn_be_p(buf + i, wsize) : ldn_le_p(buf + i, wsize);
            int64_t sv = wsize == 8 ? (int64_t)v : (int64_t)(v << (64 - 8 * wsize)) >>
                                                   (64 - 8 * wsize);

            monitor_printf(mon, " ");
            switch (format) {
            case 'o': monitor_printf(mon, "%#*" PRIo64, digits, v); break;
            case 'x': monitor_printf(mon, "0x%0*" PRIx64, digits, v); break;
            case 'u': monitor_printf(mon, "%*" PRIu64, digits, v); break;
            case 'd': monitor_printf(mon, "%*" PRId64, digits, sv); break;
            case 'c': print_char(mon, (uint8_t)v); break;
            }
        }
        monitor_printf(mon, "\n");
        addr += l;
        len -= l;
    }
}

static void hmp_memory_dump(Monitor *mon, const HMPArgs *args)
{
    memory_dump(mon, args, false, "x");
}

static void hmp_physical_memory_dump(Monitor *mon, const HMPArgs *args)
{
    memory_dump(mon, args, true, "xp");
}

/* ---- info ---- */

static void hmp_info_version(Monitor *mon, const HMPArgs *args)
{
    monitor_printf(mon, "%s (%s)\n", QEMU_VERSION, QEMU_PKGVERSION);
}

static void hmp_info_name(Monitor *mon, const HMPArgs *args)
{
    if (qemu_name_get()) {
        monitor_printf(mon, "%s\n", qemu_name_get());
    }
}

static void hmp_info_status(Monitor *mon, const HMPArgs *args)
{
    RunState state = runstate_get();
    bool running = runstate_is_running();

    monitor_printf(mon, "VM status: %s", running ? "running" : "paused");
    if (!running && state != RUN_STATE_PAUSED) {
        monitor_printf(mon, " (%s)", runstate_name(state));
    }
    monitor_printf(mon, "\n");
}

static void hmp_info_qtree(Monitor *mon, const HMPArgs *args)
{
    GString *out = g_string_new(NULL);

    qdev_print_tree(out);
    monitor_puts(mon, out->str);
    g_string_free(out, TRUE);
}

static gint compare_children(gconstpointer a, gconstpointer b)
{
    return strcmp(object_get_canonical_path_component(*(Object *const *)a),
                  object_get_canonical_path_component(*(Object *const *)b));
}

static int collect_child(Object *child, void *opaque)
{
    g_ptr_array_add(opaque, child);
    return 0;
}

static void print_qom_composition(Monitor *mon, Object *obj, int indent, int depth)
{
    const char *name = obj == object_get_root() ? "" : object_get_canonical_path_component(obj);
    GPtrArray *children = g_ptr_array_new();

    monitor_printf(mon, "%*s/%s (%s)\n", indent, "", name ? name : "",
                   object_get_typename(obj));
    if (depth > 256) {
        g_ptr_array_free(children, TRUE);
        return;
    }
    object_child_foreach(obj, collect_child, children);
    g_ptr_array_sort(children, compare_children);
    for (guint i = 0; i < children->len; i++) {
        print_qom_composition(mon, g_ptr_array_index(children, i), indent + 2, depth + 1);
    }
    g_ptr_array_free(children, TRUE);
}

static void hmp_info_qom_tree(Monitor *mon, const HMPArgs *args)
{
    const char *path = hmp_arg_str(args, "path");
    Object *obj;

    if (path) {
        bool ambiguous = false;
        obj = object_resolve_path(path, &ambiguous);
        if (!obj) {
            monitor_printf(mon, "Path '%s' could not be resolved.\n", path);
            return;
        }
        if (ambiguous) {
            monitor_printf(mon, "Warning: Path '%s' is ambiguous.\n", path);
            return;
        }
    } else {
        obj = qdev_get_machine();
    }
    print_qom_composition(mon, obj, 0, 0);
}

static void mtree_print_line(void *opaque, const char *line)
{
    monitor_printf(opaque, "%s\n", line);
}

static void hmp_info_mtree(Monitor *mon, const HMPArgs *args)
{
    mtree_info_full(mtree_print_line, mon, hmp_arg_bool(args, "flatview", false),
                    hmp_arg_bool(args, "disabled", false));
}

static void print_chardev(Chardev *chr, void *opaque)
{
    monitor_printf(opaque, "%s: filename=%s\n", qemu_chr_get_label(chr),
                   qemu_chr_get_filename(chr));
}

static void hmp_info_chardev(Monitor *mon, const HMPArgs *args)
{
    qemu_chr_foreach(print_chardev, mon);
}

static void hmp_info_cpus(Monitor *mon, const HMPArgs *args)
{
    CPUState *cpu;

    CPU_FOREACH(cpu) {
        monitor_printf(mon, "%c CPU #%d: thread_id=%" PRId64 "\n",
                       cpu == first_cpu ? '*' : ' ', cpu->cpu_index,
                       cpu->thread_id ? cpu->thread_id : (int64_t)getpid());
    }
}

static void dump_cpu(Monitor *mon, CPUState *cpu)
{
    CPUClass *cc = CPU_GET_CLASS(cpu);
    GString *out = g_string_new(NULL);

    if (cc->dump_state) {
        cc->dump_state(cpu, out, CPU_DUMP_FPU);
    }
    monitor_printf(mon, "%s", out->str);
    g_string_free(out, TRUE);
}

static void hmp_info_registers(Monitor *mon, const HMPArgs *args)
{
    bool all = hmp_arg_bool(args, "cpustate_all", false);
    int64_t index = hmp_arg_int(args, "vcpu", -1);
    CPUState *cpu;

    if (all) {
        CPU_FOREACH(cpu) {
            monitor_printf(mon, "\nCPU#%d\n", cpu->cpu_index);
            dump_cpu(mon, cpu);
        }
        return;
    }
    cpu = index >= 0 ? qemu_get_cpu(index) : first_cpu;
    if (!cpu) {
        if (index >= 0) {
            monitor_printf(mon, "CPU#%" PRId64 " not available\n", index);
        } else {
            monitor_printf(mon, "No CPU available\n");
        }
        return;
    }
    dump_cpu(mon, cpu);
}

static void hmp_info_history(Monitor *mon, const HMPArgs *args)
{
    Monitor *hist = mon->rs ? mon : NULL;
    int n = 0;

    if (!hist) {
        return;
    }
    while (readline_get_history(hist->rs, n)) {
        n++;
    }
    for (int i = 0; i < n; i++) {
        monitor_printf(mon, "%d: '%s'\n", i, readline_get_history(hist->rs, n - 1 - i));
    }
}

/* ---- tables ---- */

const HMPCommand hmp_core_commands[] = {
    { "help|?", "name:S?", "[cmd]", "show the help", hmp_help },
    { "info", "item:s?", "[subcommand]", "show various information about the system state",
      hmp_info },
    { "stop", "", "", "stop emulation", hmp_stop },
    { "cont|c", "", "", "resume emulation", hmp_cont },
    { "quit|q", "", "", "quit the emulator", hmp_quit },
    { "system_reset", "", "", "reset the system", hmp_system_reset },
    { "system_powerdown", "", "", "send system power down event", hmp_system_powerdown },
    { "device_add", "device:O", "driver[,prop=value][,...]",
      "add device, like -device on the command line", hmp_device_add },
    { "device_del", "id:s", "device", "remove device", hmp_device_del },
    { "qom-list", "path:s?", "path", "list QOM properties", hmp_qom_list },
    { "qom-get", "path:s,property:s", "path property", "print QOM property", hmp_qom_get },
    { "qom-set", "json:-j,path:s,property:s,value:S", "[-j] path property value",
      "set QOM property (-j: the value is JSON)", hmp_qom_set },
    { "x", "fmt:/,addr:l", "/fmt addr", "virtual memory dump starting at 'addr'",
      hmp_memory_dump },
    { "xp", "fmt:/,addr:l", "/fmt addr", "physical memory dump starting at 'addr'",
      hmp_physical_memory_dump },
    { "pmemsave", "val:l,size:i,filename:s", "addr size file",
      "save to disk physical memory dump starting at 'addr' of size 'size'", hmp_pmemsave },
    { "getfd", "fdname:s", "getfd name",
      "receive a file descriptor via SCM rights and assign it a name", hmp_getfd },
    { "closefd", "fdname:s", "closefd name",
      "close a file descriptor previously passed via SCM rights", hmp_closefd },
    { NULL }
};

const HMPCommand hmp_core_info_commands[] = {
    { "version", "", "", "show the version of QEMU", hmp_info_version },
    { "name", "", "", "show the current VM name", hmp_info_name },
    { "status", "", "", "show the current VM status (running|paused)", hmp_info_status },
    { "qtree", "", "", "show device tree", hmp_info_qtree },
    { "qom-tree", "path:s?", "[path]", "show QOM composition tree", hmp_info_qom_tree },
    { "mtree", "flatview:-f,disabled:-D", "[-f][-D]",
      "show memory tree (-f: dump flat view for address spaces; -D: dump disabled regions)",
      hmp_info_mtree },
    { "chardev", "", "", "show the character devices", hmp_info_chardev },
    { "cpus", "", "", "show infos for each CPU", hmp_info_cpus },
    { "registers", "cpustate_all:-a,vcpu:i?", "[-a|vcpu]",
      "show the cpu registers (-a: all - show register info for all cpus; "
      "vcpu: vCPU to query (default 0))", hmp_info_registers },
    { "history", "", "", "show the command line history", hmp_info_history },
    { NULL }
};
