/*
 * The emulator's command line: QEMU's options, parsed in QEMU's order of
 * effect (machine, chardevs, monitors, board, devices), then the main loop.
 * Built once per target; everything target-specific comes from the boards
 * and CPUs linked into the binary.
 */
#include "qemu/osdep.h"
#include <signal.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <glib-unix.h>
#include "qapi/error.h"
#include "qemu/option.h"
#include "qemu/log.h"
#include "qemu/timer.h"
#include "qom/object.h"
#include "hw/qdev-core.h"
#include "hw/boards.h"
#include "chardev/char.h"
#include "monitor/monitor.h"
#include "system/runstate.h"
#include "system/memory.h"
#include "system/system.h"
#include "system/qtest.h"
#include "system/cpus.h"
#include "system/block-backend.h"
#include "migration/misc.h"
#include "accel/tcg.h"

#ifndef TARGET_NAME
#error "TARGET_NAME must be defined for each emulator binary"
#endif

typedef enum OptArg { NO_ARG, HAS_ARG } OptArg;

typedef enum OptIndex {
    OPT_MACHINE, OPT_CPU, OPT_ACCEL, OPT_M, OPT_SMP, OPT_NODEFAULTS, OPT_NO_USER_CONFIG,
    OPT_NOGRAPHIC, OPT_DISPLAY, OPT_SERIAL, OPT_MONITOR, OPT_QMP, OPT_QMP_PRETTY, OPT_MON,
    OPT_CHARDEV, OPT_DEVICE, OPT_GLOBAL, OPT_S, OPT_INCOMING, OPT_KERNEL, OPT_INITRD,
    OPT_APPEND, OPT_DTB, OPT_NAME, OPT_PIDFILE, OPT_DAEMONIZE, OPT_LOGFILE, OPT_LOG,
    OPT_VERSION, OPT_HELP, OPT_NO_SHUTDOWN, OPT_QTEST, OPT_QTEST_LOG, OPT_NO_REBOOT,
    OPT_DUMP_VMSTATE, OPT_DRIVE, OPT_BLOCKDEV,
} OptIndex;

typedef struct OptDef {
    const char *name;
    OptArg arg;
    OptIndex index;
    const char *help;
} OptDef;

static const OptDef opt_defs[] = {
    { "machine", HAS_ARG, OPT_MACHINE, "-machine [type=]name[,prop[=value][,...]]\n"
      "                selects emulated machine ('-machine help' for list)" },
    { "M", HAS_ARG, OPT_MACHINE, NULL },
    { "cpu", HAS_ARG, OPT_CPU, "-cpu cpu        select CPU ('-cpu help' for list)" },
    { "accel", HAS_ARG, OPT_ACCEL, "-accel [accel=]name\n"
      "                select accelerator (tcg, qtest)" },
    { "m", HAS_ARG, OPT_M, "-m [size=]megs[M|G]\n"
      "                configure guest RAM (a plain number means MiB)" },
    { "smp", HAS_ARG, OPT_SMP, "-smp [[cpus=]n][,maxcpus=maxcpus][,sockets=sockets]"
      "[,cores=cores][,threads=threads]\n                set the number of CPUs" },
    { "nodefaults", NO_ARG, OPT_NODEFAULTS, "-nodefaults     don't create default devices" },
    { "no-user-config", NO_ARG, OPT_NO_USER_CONFIG,
      "-no-user-config do not load default user-provided config files at startup" },
    { "nographic", NO_ARG, OPT_NOGRAPHIC,
      "-nographic      disable graphical output and redirect serial I/Os to console" },
    { "display", HAS_ARG, OPT_DISPLAY, "-display none   select display backend type" },
    { "serial", HAS_ARG, OPT_SERIAL, "-serial dev     redirect the serial port to char device 'dev'" },
    { "monitor", HAS_ARG, OPT_MONITOR, "-monitor dev    redirect the monitor to char device 'dev'" },
    { "qmp", HAS_ARG, OPT_QMP, "-qmp dev        like -monitor but opens in 'control' mode" },
    { "qmp-pretty", HAS_ARG, OPT_QMP_PRETTY, "-qmp-pretty dev like -qmp but uses pretty JSON formatting" },
    { "mon", HAS_ARG, OPT_MON, "-mon [chardev=]name[,mode=readline|control][,pretty[=on|off]]" },
    { "chardev", HAS_ARG, OPT_CHARDEV, "-chardev backend,id=id[,...]\n"
      "                (null, socket, file, pipe, pty, stdio, ringbuf)" },
    { "device", HAS_ARG, OPT_DEVICE, "-device driver[,prop[=value][,...]]\n"
      "                add device (based on driver); prop=value,... sets driver properties\n"
      "                use '-device help' to print all possible drivers\n"
      "                use '-device driver,help' to print all possible properties" },
    { "blockdev", HAS_ARG, OPT_BLOCKDEV,
      "-blockdev [driver=]driver[,node-name=N][,discard=ignore|unmap]\n"
      "          [,cache.direct=on|off][,cache.no-flush=on|off]\n"
      "          [,read-only=on|off][,auto-read-only=on|off]\n"
      "          [,force-share=on|off][,detect-zeroes=on|off|unmap]\n"
      "          [,driver specific parameters...]\n"
      "                configure a block backend" },
    { "drive", HAS_ARG, OPT_DRIVE,
      "-drive [file=file][,if=type][,bus=n][,unit=m][,media=d][,index=i]\n"
      "       [,cache=writethrough|writeback|none|directsync|unsafe][,format=f]\n"
      "       [,snapshot=on|off][,rerror=ignore|stop|report]\n"
      "       [,werror=ignore|stop|report|enospc][,id=name]\n"
      "       [,aio=threads|native|io_uring]\n"
      "       [,readonly=on|off][,copy-on-read=on|off]\n"
      "       [,discard=ignore|unmap][,detect-zeroes=on|off|unmap]\n"
      "                use 'file' as a drive image" },
    { "global", HAS_ARG, OPT_GLOBAL, "-global driver.property=value\n"
      "-global driver=driver,property=property,value=value\n"
      "                set a global default for a driver property" },
    { "S", NO_ARG, OPT_S, "-S              freeze CPU at startup (use 'c' to start execution)" },
    { "incoming", HAS_ARG, OPT_INCOMING, "-incoming uri   wait for incoming migration on uri ('defer': wait for migrate-incoming)" },
    { "kernel", HAS_ARG, OPT_KERNEL, "-kernel bzImage use 'bzImage' as kernel image" },
    { "initrd", HAS_ARG, OPT_INITRD, "-initrd file    use 'file' as initial ram disk" },
    { "append", HAS_ARG, OPT_APPEND, "-append cmdline use 'cmdline' as kernel command line" },
    { "dtb", HAS_ARG, OPT_DTB, "-dtb file       use 'file' as device tree image" },
    { "name", HAS_ARG, OPT_NAME, "-name string1[,debug-threads=on|off]\n"
      "                set the name of the guest" },
    { "pidfile", HAS_ARG, OPT_PIDFILE, "-pidfile file   write PID to 'file'" },
    { "daemonize", NO_ARG, OPT_DAEMONIZE,
      "-daemonize      daemonize QEMU after initializing" },
    { "D", HAS_ARG, OPT_LOGFILE, "-D logfile      output log to logfile (default stderr)" },
    { "d", HAS_ARG, OPT_LOG, "-d item1,...    enable logging of specified items (use '-d help' for a list of log items)" },
    { "version", NO_ARG, OPT_VERSION, "-version        display version information and exit" },
    { "h", NO_ARG, OPT_HELP, "-h or -help     display this help and exit" },
    { "help", NO_ARG, OPT_HELP, NULL },
    { "no-shutdown", NO_ARG, OPT_NO_SHUTDOWN,
      "-no-shutdown    stop before shutdown" },
    { "no-reboot", NO_ARG, OPT_NO_REBOOT, "-no-reboot      exit instead of rebooting" },
    { "qtest", HAS_ARG, OPT_QTEST, NULL },
    { "qtest-log", HAS_ARG, OPT_QTEST_LOG, NULL },
    { "dump-vmstate", HAS_ARG, OPT_DUMP_VMSTATE,
      "-dump-vmstate file\n"
      "                write the machine's migration descriptions to 'file' as JSON and\n"
      "                exit (compare two with scripts/vmstate-compat-check)" },
};

/* What the command line asked for, gathered before anything is created. */
typedef struct Config {
    QemuOpts *machine_opts;
    char *cpu_model;
    char *accel;
    char *mem;
    char *smp;
    bool nodefaults;
    bool nographic;
    bool display_none;
    bool start_paused;
    bool daemonize;
    char *incoming;
    char *dump_vmstate;
    char *pidfile;
    char *logfile;
    char *log_items;
    char *qtest_chr;
    char *qtest_log;
    GPtrArray *serials;     /* char * */
    GPtrArray *monitors;    /* MonitorOpt * */
    GPtrArray *chardevs;    /* char * (option strings) */
    GPtrArray *devices;     /* char * */
    GPtrArray *blockdevs;   /* BlockdevOpt *, -drive and -blockdev in command-line order */
    char *kernel, *initrd, *append, *dtb;
} Config;

typedef struct MonitorOpt {
    char *arg;         /* as given */
    bool is_mon;       /* -mon form (chardev=...) rather than a shorthand */
    bool qmp;
    bool pretty;
} MonitorOpt;

/* A -drive or -blockdev, kept in order: later ones may refer to earlier nodes. */
typedef struct BlockdevOpt {
    bool is_drive;
    char *arg;
} BlockdevOpt;

static Config conf;
static char *pidfile_written;
static int daemon_ready_fd = -1;

/* CPU models are types named "<model>-<CPU_RESOLVING_TYPE>". */
static void cpu_list(GString *out)
{
    GSList *list = object_class_get_list_sorted(CPU_RESOLVING_TYPE, false);
    size_t suffix = strlen(CPU_RESOLVING_TYPE) + 1;

    g_string_append(out, "Available CPUs:\n");
    for (GSList *e = list; e; e = e->next) {
        const char *name = object_class_get_name(e->data);
        g_string_append_printf(out, "  %.*s\n", (int)(strlen(name) - suffix), name);
    }
    if (!list) {
        g_string_append(out, "  (none yet: this build has no CPU models for " TARGET_NAME ")\n");
    }
    g_slist_free(list);
}

static char *cpu_type_resolve(const char *model, Error **errp)
{
    g_autofree char *type = g_strdup_printf("%s-%s", model, CPU_RESOLVING_TYPE);
    ObjectClass *oc = object_class_by_name(type);

    if (!oc || object_class_is_abstract(oc) ||
        !object_class_dynamic_cast(oc, CPU_RESOLVING_TYPE)) {
        error_setg(errp, "unable to find CPU model '%s'", model);
        return NULL;
    }
    return g_steal_pointer(&type);
}

static QEMU_NORETURN void usage_exit(int status)
{
    printf("QEMU emulator version %s (%s)\n"
           "usage: qemu-system-%s [options] [disk_image]\n\n"
           "'disk_image' is a raw hard disk image\n\nOptions:\n",
           QEMU_VERSION, QEMU_PKGVERSION, TARGET_NAME);
    for (size_t i = 0; i < ARRAY_SIZE(opt_defs); i++) {
        if (opt_defs[i].help) {
            printf("%s\n", opt_defs[i].help);
        }
    }
    printf("\nDuring emulation, the following keys are useful with -nographic:\n"
           "ctrl-a h    print this help (in the serial console)\n"
           "ctrl-a x    exit emulator\n"
           "ctrl-a c    switch between console and monitor\n");
    exit(status);
}

static QEMU_NORETURN void fail(const char *opt, const char *arg, Error *err)
{
    if (opt) {
        error_prepend(&err, "-%s%s%s: ", opt, arg ? " " : "", arg ? arg : "");
    }
    error_report_err(err);
    exit(1);
}

static void print_and_exit(GString *out)
{
    fputs(out->str, stdout);
    g_string_free(out, TRUE);
    exit(0);
}

static void add_monitor(const char *arg, bool is_mon, bool qmp, bool pretty)
{
    MonitorOpt *m = g_new0(MonitorOpt, 1);
    m->arg = g_strdup(arg);
    m->is_mon = is_mon;
    m->qmp = qmp;
    m->pretty = pretty;
    g_ptr_array_add(conf.monitors, m);
}

static void parse_machine_opt(const char *arg)
{
    Error *err = NULL;
    QemuOpts *opts = qemu_opts_parse(arg, "type", &err);

    if (!opts) {
        fail("machine", arg, err);
    }
    if (opts->help || g_strcmp0(qemu_opt_get(opts, "type"), "help") == 0 ||
        g_strcmp0(qemu_opt_get(opts, "type"), "?") == 0) {
        GString *out = g_string_new(NULL);
        qemu_opts_del(opts);
        machine_help(out);
        print_and_exit(out);
    }
    /* Later -machine options add to earlier ones, as in QEMU. */
    if (!conf.machine_opts) {
        conf.machine_opts = opts;
        return;
    }
    for (guint i = 0; i < opts->opts->len; i++) {
        QemuOpt *o = g_ptr_array_index(opts->opts, i);
        qemu_opt_set(conf.machine_opts, o->name, o->str);
    }
    qemu_opts_del(opts);
}

static void parse_command_line(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *name = argv[i];
        const OptDef *def = NULL;
        const char *arg = NULL;

        if (name[0] != '-') {
            /* A bare disk image is the first disk on the default interface, as in QEMU. */
            BlockdevOpt *b = g_new0(BlockdevOpt, 1);
            g_auto(GStrv) parts = g_strsplit(name, ",", -1);
            g_autofree char *escaped = g_strjoinv(",,", parts);
            b->is_drive = true;
            b->arg = g_strdup_printf("index=0,media=disk,file=%s", escaped);
            g_ptr_array_add(conf.blockdevs, b);
            continue;
        }
        name++;
        if (name[0] == '-') {
            name++;     /* --option is the same as -option */
        }
        for (size_t j = 0; j < ARRAY_SIZE(opt_defs); j++) {
            if (!strcmp(name, opt_defs[j].name)) {
                def = &opt_defs[j];
                break;
            }
        }
        if (!def) {
            error_report("%s: invalid option", argv[i]);
            exit(1);
        }
        if (def->arg == HAS_ARG) {
            if (i + 1 >= argc) {
                error_report("%s: requires an argument", argv[i]);
                exit(1);
            }
            arg = argv[++i];
        }
        switch (def->index) {
        case OPT_MACHINE:
            parse_machine_opt(arg);
            break;
        case OPT_CPU:
            g_free(conf.cpu_model);
            conf.cpu_model = g_strdup(arg);
            break;
        case OPT_ACCEL:
            g_free(conf.accel);
            conf.accel = g_strdup(arg);
            break;
        case OPT_M:
            g_free(conf.mem);
            conf.mem = g_strdup(arg);
            break;
        case OPT_SMP:
            g_free(conf.smp);
            conf.smp = g_strdup(arg);
            break;
        case OPT_NODEFAULTS:
            conf.nodefaults = true;
            break;
        case OPT_NO_USER_CONFIG:
            /* We read no configuration files, so there is nothing to skip. */
            break;
        case OPT_NOGRAPHIC:
            conf.nographic = true;
            break;
        case OPT_DISPLAY:
            if (strcmp(arg, "none") && !g_str_has_prefix(arg, "none,")) {
                error_report("-display %s: only 'none' is available: this build has no "
                             "graphical display", arg);
                exit(1);
            }
            conf.display_none = true;
            break;
        case OPT_SERIAL:
            g_ptr_array_add(conf.serials, g_strdup(arg));
            break;
        case OPT_MONITOR:
            add_monitor(arg, false, false, false);
            break;
        case OPT_QMP:
            add_monitor(arg, false, true, false);
            break;
        case OPT_QMP_PRETTY:
            add_monitor(arg, false, true, true);
            break;
        case OPT_MON:
            add_monitor(arg, true, false, false);
            break;
        case OPT_CHARDEV:
            g_ptr_array_add(conf.chardevs, g_strdup(arg));
            break;
        case OPT_DEVICE:
            g_ptr_array_add(conf.devices, g_strdup(arg));
            break;
        case OPT_DRIVE:
        case OPT_BLOCKDEV: {
            BlockdevOpt *b = g_new0(BlockdevOpt, 1);
            b->is_drive = def->index == OPT_DRIVE;
            b->arg = g_strdup(arg);
            g_ptr_array_add(conf.blockdevs, b);
            break;
        }
        case OPT_GLOBAL: {
            Error *err = NULL;
            if (!qdev_global_parse(arg, &err)) {
                fail("global", arg, err);
            }
            break;
        }
        case OPT_S:
            conf.start_paused = true;
            break;
        case OPT_INCOMING:
            g_free(conf.incoming);
            conf.incoming = g_strdup(arg);
            break;
        case OPT_KERNEL:
            g_free(conf.kernel);
            conf.kernel = g_strdup(arg);
            break;
        case OPT_INITRD:
            g_free(conf.initrd);
            conf.initrd = g_strdup(arg);
            break;
        case OPT_APPEND:
            g_free(conf.append);
            conf.append = g_strdup(arg);
            break;
        case OPT_DTB:
            g_free(conf.dtb);
            conf.dtb = g_strdup(arg);
            break;
        case OPT_NAME: {
            Error *err = NULL;
            QemuOpts *opts = qemu_opts_parse(arg, "guest", &err);
            if (!opts) {
                fail("name", arg, err);
            }
            for (guint j = 0; j < opts->opts->len; j++) {
                QemuOpt *o = g_ptr_array_index(opts->opts, j);
                if (strcmp(o->name, "guest") && strcmp(o->name, "process") &&
                    strcmp(o->name, "debug-threads")) {
                    error_setg(&err, "Invalid parameter '%s'", o->name);
                    fail("name", arg, err);
                }
            }
            qemu_name_set(qemu_opt_get(opts, "guest"));
            qemu_opts_del(opts);
            break;
        }
        case OPT_PIDFILE:
            g_free(conf.pidfile);
            conf.pidfile = g_strdup(arg);
            break;
        case OPT_DAEMONIZE:
            conf.daemonize = true;
            break;
        case OPT_LOGFILE:
            g_free(conf.logfile);
            conf.logfile = g_strdup(arg);
            break;
        case OPT_LOG:
            if (!strcmp(arg, "help") || !strcmp(arg, "?")) {
                GString *out = g_string_new(NULL);
                qemu_log_help(out);
                print_and_exit(out);
            }
            g_free(conf.log_items);
            conf.log_items = g_strdup(arg);
            break;
        case OPT_VERSION:
            printf("QEMU emulator version %s (%s)\n", QEMU_VERSION, QEMU_PKGVERSION);
            printf("A QEMU-compatible machine emulator; see README.md\n");
            exit(0);
        case OPT_HELP:
            usage_exit(0);
        case OPT_NO_SHUTDOWN:
            no_shutdown = true;
            break;
        case OPT_NO_REBOOT:
            no_reboot = true;
            break;
        case OPT_QTEST:
            g_free(conf.qtest_chr);
            conf.qtest_chr = g_strdup(arg);
            break;
        case OPT_QTEST_LOG:
            g_free(conf.qtest_log);
            conf.qtest_log = g_strdup(arg);
            break;
        case OPT_DUMP_VMSTATE:
            g_free(conf.dump_vmstate);
            conf.dump_vmstate = g_strdup(arg);
            break;
        }
    }
}

static void write_pidfile(void)
{
    g_autofree char *content = NULL;
    GError *gerr = NULL;

    if (!conf.pidfile) {
        return;
    }
    content = g_strdup_printf("%d\n", (int)getpid());
    if (!g_file_set_contents(conf.pidfile, content, -1, &gerr)) {
        error_report("cannot create PID file: %s", gerr->message);
        g_error_free(gerr);
        exit(1);
    }
    pidfile_written = g_strdup(conf.pidfile);
}

static void cleanup_at_exit(void)
{
    if (pidfile_written) {
        unlink(pidfile_written);
        g_free(pidfile_written);
        pidfile_written = NULL;
    }
    qemu_chr_cleanup_all();
}

static gboolean on_signal(gpointer data)
{
    qemu_system_killed(GPOINTER_TO_INT(data), 0);
    return G_SOURCE_CONTINUE;
}

static void select_accel(void)
{
    const char *accel = conf.accel;
    const char *machine_accel = conf.machine_opts ? qemu_opt_get(conf.machine_opts, "accel")
                                                  : NULL;
    Error *err = NULL;
    g_autofree char *name = NULL;
    g_autofree char *backend = NULL;

    if (accel) {
        QemuOpts *opts = qemu_opts_parse(accel, "accel", &err);
        if (!opts) {
            fail("accel", accel, err);
        }
        if (opts->help || !g_strcmp0(qemu_opt_get(opts, "accel"), "help")) {
            printf("Accelerators supported in QEMU binary:\ntcg\nqtest\n");
            exit(0);
        }
        name = g_strdup(qemu_opt_get(opts, "accel"));
        for (guint i = 0; i < opts->opts->len; i++) {
            QemuOpt *o = g_ptr_array_index(opts->opts, i);
            if (!strcmp(o->name, "accel")) {
                continue;
            }
            if (!strcmp(o->name, "thread") && !g_strcmp0(name, "tcg")) {
                /* All vCPUs run round-robin on one thread: that is thread=single. */
                if (strcmp(o->str, "single")) {
                    error_setg(&err, "thread=%s is not supported: vCPUs run on one thread "
                               "(thread=single)", o->str);
                    fail("accel", accel, err);
                }
                continue;
            }
            if (!strcmp(o->name, "backend") && !g_strcmp0(name, "tcg")) {
                g_free(backend);
                backend = g_strdup(o->str);
                continue;
            }
            error_setg(&err, "Invalid parameter '%s'", o->name);
            fail("accel", accel, err);
        }
        qemu_opts_del(opts);
    } else if (machine_accel) {
        /* "accel=kvm:tcg" tries each in turn: take the first we have. */
        g_auto(GStrv) list = g_strsplit(machine_accel, ":", 0);
        for (int i = 0; list[i] && !name; i++) {
            if (!strcmp(list[i], "tcg") || !strcmp(list[i], "qtest")) {
                name = g_strdup(list[i]);
            }
        }
        if (!name) {
            error_report("-machine accel=%s: no accelerator found", machine_accel);
            exit(1);
        }
    } else {
        name = g_strdup(conf.qtest_chr ? "qtest" : "tcg");
    }
    if (strcmp(name, "tcg") && strcmp(name, "qtest")) {
        error_report("invalid accelerator %s", name);
        exit(1);
    }
    if (backend && !tcg_accel_set_backend(backend, &err)) {
        fail("accel", accel, err);
    }
    accel_name_set(name);
    if (!strcmp(name, "tcg")) {
        tcg_accel_init();
    }
}

static void create_machine(void)
{
    const char *type = conf.machine_opts ? qemu_opt_get(conf.machine_opts, "type") : NULL;
    MachineClass *mc;
    MachineState *ms;
    Error *err = NULL;

    if (!type) {
        mc = machine_find_default();
        if (!mc) {
            error_report("No machine specified, and there is no default");
            error_printf("Use -machine help to list supported machines\n");
            exit(1);
        }
    } else {
        mc = machine_find_class(type);
        if (!mc) {
            error_setg(&err, "unsupported machine type");
            error_append_hint(&err, "Use -machine help to list supported machines\n");
            fail("machine", type, err);
        }
    }
    ms = machine_create(mc, &err);
    if (!ms) {
        fail(NULL, NULL, err);
    }
    if (conf.machine_opts) {
        for (guint i = 0; i < conf.machine_opts->opts->len; i++) {
            QemuOpt *o = g_ptr_array_index(conf.machine_opts->opts, i);
            if (!strcmp(o->name, "type") || !strcmp(o->name, "accel")) {
                continue;
            }
            if (!object_property_parse(OBJECT(ms), o->name, o->str, &err)) {
                fail("machine", qemu_opt_get(conf.machine_opts, "type"), err);
            }
        }
    }
    /* -kernel and friends are shorthands for the machine properties. */
    if (conf.kernel) {
        object_property_set_str(OBJECT(ms), "kernel", conf.kernel, &error_fatal);
    }
    if (conf.initrd) {
        object_property_set_str(OBJECT(ms), "initrd", conf.initrd, &error_fatal);
    }
    if (conf.append) {
        object_property_set_str(OBJECT(ms), "append", conf.append, &error_fatal);
    }
    if (conf.dtb) {
        object_property_set_str(OBJECT(ms), "dtb", conf.dtb, &error_fatal);
    }
    if (conf.mem && !machine_parse_memory(ms, conf.mem, &err)) {
        fail("m", conf.mem, err);
    }
    if (conf.smp && !machine_parse_smp(ms, conf.smp, &err)) {
        fail("smp", conf.smp, err);
    }
    if (conf.cpu_model) {
        if (!strcmp(conf.cpu_model, "help") || !strcmp(conf.cpu_model, "?")) {
            GString *out = g_string_new(NULL);
            cpu_list(out);
            print_and_exit(out);
        }
        g_free(ms->cpu_type);
        ms->cpu_type = cpu_type_resolve(conf.cpu_model, &err);
        if (!ms->cpu_type) {
            fail("cpu", conf.cpu_model, err);
        }
    }
}

static void create_chardevs(void)
{
    for (guint i = 0; i < conf.chardevs->len; i++) {
        const char *arg = g_ptr_array_index(conf.chardevs, i);
        Error *err = NULL;
        QemuOpts *opts = qemu_opts_parse(arg, "backend", &err);
        if (!opts) {
            fail("chardev", arg, err);
        }
        if (!qemu_chr_new_from_opts(opts, &err)) {
            fail("chardev", arg, err);
        }
        qemu_opts_del(opts);
    }
}

/* QEMU's defaults: -nographic puts serial and monitor on stdio, multiplexed. */
static void add_default_devices(void)
{
    bool default_serial = !conf.nodefaults && conf.serials->len == 0;
    bool default_monitor = !conf.nodefaults && conf.monitors->len == 0;

    if (conf.nographic) {
        if (default_serial && default_monitor) {
            g_ptr_array_add(conf.serials, g_strdup("mon:stdio"));
        } else if (default_serial) {
            g_ptr_array_add(conf.serials, g_strdup("stdio"));
        } else if (default_monitor) {
            add_monitor("stdio", false, false, false);
        }
    } else {
        /* No graphical console exists, so the default "vc" goes nowhere. */
        if (default_serial) {
            g_ptr_array_add(conf.serials, g_strdup("vc"));
        }
        if (default_monitor) {
            add_monitor("vc", false, false, false);
        }
    }
}

static void create_serials(void)
{
    for (guint i = 0; i < conf.serials->len; i++) {
        const char *arg = g_ptr_array_index(conf.serials, i);
        g_autofree char *label = g_strdup_printf("serial%u", i);
        Error *err = NULL;
        Chardev *chr;

        if (!strcmp(arg, "none")) {
            continue;
        }
        if (conf.daemonize && (!strcmp(arg, "stdio") || !strcmp(arg, "mon:stdio"))) {
            error_report("cannot use stdio with -daemonize");
            exit(1);
        }
        if (g_str_has_prefix(arg, "mon:")) {
            chr = qemu_chr_new_mux_mon(label, arg + 4, &err);
            if (chr && !monitor_init_hmp(chr, true, &err)) {
                chr = NULL;
            }
        } else {
            chr = qemu_chr_new(label, arg, &err);
        }
        if (!chr) {
            fail("serial", arg, err);
        }
        serial_hd_add(i, chr);
    }
}

static void create_monitors(void)
{
    for (guint i = 0; i < conf.monitors->len; i++) {
        MonitorOpt *m = g_ptr_array_index(conf.monitors, i);
        const char *optname = m->is_mon ? "mon" : m->qmp ? "qmp" : "monitor";
        Error *err = NULL;
        Chardev *chr;
        bool qmp = m->qmp, pretty = m->pretty;

        if (m->is_mon) {
            QemuOpts *opts = qemu_opts_parse(m->arg, "chardev", &err);
            const char *mode;
            if (!opts) {
                fail(optname, m->arg, err);
            }
            mode = qemu_opt_get(opts, "mode");
            if (mode && strcmp(mode, "readline") && strcmp(mode, "control")) {
                error_setg(&err, "unknown monitor mode '%s'", mode);
                fail(optname, m->arg, err);
            }
            qmp = mode && !strcmp(mode, "control");
            pretty = qemu_opt_get_bool(opts, "pretty", false, &err);
            if (err) {
                fail(optname, m->arg, err);
            }
            chr = qemu_opt_get(opts, "chardev") ? qemu_chr_find(qemu_opt_get(opts, "chardev"))
                                                 : NULL;
            if (!chr) {
                error_setg(&err, "chardev \"%s\" not found",
                           qemu_opt_get(opts, "chardev") ? qemu_opt_get(opts, "chardev") : "");
                fail(optname, m->arg, err);
            }
            qemu_opts_del(opts);
        } else {
            g_autofree char *label = g_strdup_printf("compat_monitor%u", i);
            if (!strcmp(m->arg, "none")) {
                continue;
            }
            if (conf.daemonize && !strcmp(m->arg, "stdio")) {
                error_report("cannot use stdio with -daemonize");
                exit(1);
            }
            chr = qemu_chr_new(label, m->arg, &err);
            if (!chr) {
                fail(optname, m->arg, err);
            }
        }
        if (qmp ? !monitor_init_qmp(chr, pretty, &err) : !monitor_init_hmp(chr, true, &err)) {
            fail(optname, m->arg, err);
        }
    }
}

/* Backends exist before any device, so -device drive= can find them. */
static void create_blockdevs(void)
{
    for (guint i = 0; i < conf.blockdevs->len; i++) {
        BlockdevOpt *b = g_ptr_array_index(conf.blockdevs, i);
        Error *err = NULL;

        if (b->is_drive ? !drive_new_from_opts(b->arg, &err)
                        : !blockdev_new_from_opts(b->arg, &err)) {
            fail(b->is_drive ? "drive" : "blockdev", b->arg, err);
        }
    }
}

static void create_devices(void)
{
    for (guint i = 0; i < conf.devices->len; i++) {
        const char *arg = g_ptr_array_index(conf.devices, i);
        Error *err = NULL;
        QemuOpts *opts = qemu_opts_parse_maybe_json(arg, "driver", &err);

        if (!opts) {
            fail("device", arg, err);
        }
        if (!qdev_device_add(opts, arg[0] == '{', &err)) {
            fail("device", arg, err);
        }
        qemu_opts_del(opts);
    }
}

/* -chardev help (and BACKEND,help) is answered before any machine exists. */
static void handle_chardev_help(void)
{
    for (guint i = 0; i < conf.chardevs->len; i++) {
        const char *arg = g_ptr_array_index(conf.chardevs, i);
        g_autoptr(QemuOpts) opts = qemu_opts_parse(arg, "backend", NULL);
        char *text;

        if (!opts || !(opts->help || !g_strcmp0(qemu_opt_get(opts, "backend"), "help"))) {
            continue;
        }
        text = qemu_chr_help_text(opts);
        if (text) {
            fputs(text, stdout);
            g_free(text);
            exit(0);
        }
    }
}

/* -device help and -device DRIVER,help are answered before any machine exists. */
static void handle_device_help(void)
{
    for (guint i = 0; i < conf.devices->len; i++) {
        const char *arg = g_ptr_array_index(conf.devices, i);
        Error *err = NULL;
        QemuOpts *opts = qemu_opts_parse_maybe_json(arg, "driver", &err);
        const char *driver;
        GString *out;

        if (!opts) {
            fail("device", arg, err);
        }
        driver = qemu_opt_get(opts, "driver");
        if (!opts->help && g_strcmp0(driver, "help") && g_strcmp0(driver, "?")) {
            qemu_opts_del(opts);
            continue;
        }
        out = g_string_new(NULL);
        if (!driver || !strcmp(driver, "help") || !strcmp(driver, "?")) {
            qdev_device_help_list(out);
        } else if (!qdev_device_help(driver, out, &err)) {
            fail("device", arg, err);
        }
        print_and_exit(out);
    }
}

static void daemonize_start(void)
{
    int fds[2];
    pid_t pid;

    if (pipe(fds) < 0) {
        error_report("-daemonize: pipe failed: %s", g_strerror(errno));
        exit(1);
    }
    pid = fork();
    if (pid < 0) {
        error_report("-daemonize: fork failed: %s", g_strerror(errno));
        exit(1);
    }
    if (pid > 0) {
        /* The parent exits with the child's initialisation status. */
        char status = 1;
        close(fds[1]);
        while (read(fds[0], &status, 1) < 0 && errno == EINTR) {
        }
        _exit(status);
    }
    close(fds[0]);
    setsid();
    daemon_ready_fd = fds[1];
}

static void daemonize_finish(void)
{
    int null_fd;
    char ok = 0;

    if (daemon_ready_fd < 0) {
        return;
    }
    null_fd = open("/dev/null", O_RDWR);
    if (null_fd >= 0) {
        dup2(null_fd, 0);
        dup2(null_fd, 1);
        dup2(null_fd, 2);
        if (null_fd > 2) {
            close(null_fd);
        }
    }
    if (write(daemon_ready_fd, &ok, 1) < 0) {
        /* The parent is gone; nothing to tell. */
    }
    close(daemon_ready_fd);
    daemon_ready_fd = -1;
}

int main(int argc, char **argv)
{
    Error *err = NULL;
    ShutdownCause cause;

    error_set_progname(argv[0]);
    signal(SIGPIPE, SIG_IGN);
    conf.serials = g_ptr_array_new();
    conf.monitors = g_ptr_array_new();
    conf.chardevs = g_ptr_array_new();
    conf.devices = g_ptr_array_new();
    conf.blockdevs = g_ptr_array_new();

    parse_command_line(argc, argv);
    handle_chardev_help();
    handle_device_help();

    if (conf.daemonize && conf.nographic) {
        error_report("-nographic cannot be used with -daemonize");
        exit(1);
    }
    if (conf.log_items) {
        int mask = qemu_str_to_log_mask(conf.log_items, &err);
        if (mask < 0) {
            fail("d", conf.log_items, err);
        }
        qemu_loglevel = mask;
    }
    if (conf.logfile && !qemu_set_log_filename(conf.logfile, &err)) {
        fail("D", conf.logfile, err);
    }
    /* -qtest implies -accel qtest (select_accel); its server starts after the chardevs. */

    select_accel();
    cpus_init_main_loop();
    memory_init();
    qemu_timer_register_vmstate();
    create_machine();
    if (conf.daemonize) {
        daemonize_start();
    }
    atexit(cleanup_at_exit);
    g_unix_signal_add(SIGINT, on_signal, GINT_TO_POINTER(SIGINT));
    g_unix_signal_add(SIGTERM, on_signal, GINT_TO_POINTER(SIGTERM));
    g_unix_signal_add(SIGHUP, on_signal, GINT_TO_POINTER(SIGHUP));

    create_chardevs();
    add_default_devices();
    create_serials();
    create_monitors();
#ifdef TARGET_BIG_ENDIAN
    monitor_set_target_info(TARGET_NAME, true);
#else
    monitor_set_target_info(TARGET_NAME, false);
#endif
    if (conf.qtest_chr && !qtest_server_init(conf.qtest_chr, conf.qtest_log, &err)) {
        fail("qtest", conf.qtest_chr, err);
    }

    if (conf.incoming) {
        /* The source holds the image locks until it hands the guest over. */
        blk_inactivate_all();
    }
    create_blockdevs();
    if (!machine_run_board_init(current_machine, &err)) {
        fail(NULL, NULL, err);
    }
    if (current_machine->dumpdtb) {
        GError *gerr = NULL;
        if (!current_machine->fdt) {
            error_report("-machine dumpdtb=%s: machine '%s' does not use a device tree",
                         current_machine->dumpdtb, MACHINE_GET_CLASS(current_machine)->name);
            exit(1);
        }
        if (!g_file_set_contents(current_machine->dumpdtb, current_machine->fdt,
                                 current_machine->fdt_size, &gerr)) {
            error_report("Failed to write dtb file %s: %s", current_machine->dumpdtb,
                         gerr->message);
            exit(1);
        }
        exit(0);
    }
    create_devices();
    if (!drive_create_if_devices(&err)) {
        fail(NULL, NULL, err);
    }
    qdev_prop_check_globals();
    qemu_devices_reset();
    if (conf.dump_vmstate) {
        /* Every section of this machine, as it would be migrated; nothing runs. */
        if (!dump_vmstate_json(conf.dump_vmstate, &err)) {
            fail("dump-vmstate", conf.dump_vmstate, err);
        }
        exit(0);
    }
    /* -S keeps an incoming guest paused after the load, as it keeps a fresh one. */
    migration_set_autostart(!conf.start_paused);
    cpus_start_vcpus();
    if (conf.incoming) {
        /*
         * The run state is inmigrate from here on; the guest starts when the
         * stream has loaded (if the source was running), never before.  A
         * channel that cannot be opened ends the process, as in QEMU.
         */
        runstate_set(RUN_STATE_INMIGRATE);
        if (!migration_start_incoming(conf.incoming, &err)) {
            fail("incoming", conf.incoming, err);
        }
    }
    write_pidfile();
    daemonize_finish();

    if (!conf.start_paused && !conf.incoming) {
        vm_start();
    }
    cause = qemu_main_loop();
    (void)cause;
    /* Whatever the guest wrote reaches the images before we exit. */
    blk_flush_all();
    monitor_cleanup();
    return 0;
}
