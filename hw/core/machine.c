/*
 * The machine base type and its properties, machine class lookup and
 * "-machine help", compat prop lists shared by versioned families, and
 * machine creation up to and including the board's init.
 */
#include "qemu/osdep.h"
#include "hw/boards.h"
#include "qemu/option.h"

MachineState *current_machine;

/*
 * Compat props per release: what a machine type of that version must keep as
 * it was.  Entries for device types this build lacks are harmless; an entry
 * for an existing type must name an existing property (checked at start).
 */
GlobalProperty hw_compat_7_1[] = {
    { "virtio-device", "queue_reset", "false" },
    { "virtio-rng-pci", "vectors", "0" },
};
const size_t hw_compat_7_1_len = G_N_ELEMENTS(hw_compat_7_1);

GlobalProperty hw_compat_7_0[] = {
    { "arm-gicv3-common", "force-8-bit-prio", "on" },
    { "nvme-ns", "eui64-default", "on" },
};
const size_t hw_compat_7_0_len = G_N_ELEMENTS(hw_compat_7_0);

GlobalProperty hw_compat_6_2[] = {
    { "PIIX4_PM", "x-not-migrate-acpi-index", "on" },
};
const size_t hw_compat_6_2_len = G_N_ELEMENTS(hw_compat_6_2);

GlobalProperty hw_compat_6_1[] = {
    { "vhost-user-vsock-device", "seqpacket", "off" },
    { "nvme-ns", "shared", "off" },
};
const size_t hw_compat_6_1_len = G_N_ELEMENTS(hw_compat_6_1);

GlobalProperty hw_compat_6_0[] = {
    { "gpex-pcihost", "allow-unmapped-accesses", "false" },
    { "i8042", "extended-state", "false" },
    { "nvme-ns", "eui64-default", "off" },
    { "e1000", "init-vet", "off" },
    { "e1000e", "init-vet", "off" },
    { "vhost-vsock-device", "seqpacket", "off" },
};
const size_t hw_compat_6_0_len = G_N_ELEMENTS(hw_compat_6_0);

GlobalProperty hw_compat_5_2[] = {
    { "ICH9-LPC", "smm-compat", "on" },
    { "PIIX4_PM", "smm-compat", "on" },
    { "virtio-blk-device", "report-discard-granularity", "off" },
    { "virtio-net-pci-base", "vectors", "3" },
};
const size_t hw_compat_5_2_len = G_N_ELEMENTS(hw_compat_5_2);

GlobalProperty hw_compat_5_1[] = {
    { "vhost-scsi", "num_queues", "1" },
    { "vhost-user-blk", "num-queues", "1" },
    { "vhost-user-scsi", "num_queues", "1" },
    { "virtio-blk-device", "num-queues", "1" },
    { "virtio-scsi-device", "num_queues", "1" },
    { "nvme", "use-intel-id", "on" },
    { "pvpanic", "events", "1" },
    { "pl011", "migrate-clk", "off" },
    { "virtio-pci", "x-ats-page-aligned", "off" },
};
const size_t hw_compat_5_1_len = G_N_ELEMENTS(hw_compat_5_1);

GlobalProperty hw_compat_5_0[] = {
    { "pci-host-bridge", "x-config-reg-migration-enabled", "off" },
    { "virtio-balloon-device", "page-poison", "false" },
    { "vmport", "x-read-set-eax", "off" },
    { "vmport", "x-signal-unsupported-cmd", "off" },
    { "vmport", "x-report-vmx-type", "off" },
    { "vmport", "x-cmds-v2", "off" },
    { "virtio-device", "x-disable-legacy-check", "true" },
};
const size_t hw_compat_5_0_len = G_N_ELEMENTS(hw_compat_5_0);

GlobalProperty hw_compat_4_2[] = {
    { "virtio-blk-device", "queue-size", "128" },
    { "virtio-scsi-device", "virtqueue_size", "128" },
    { "virtio-blk-device", "x-enable-wce-if-config-wce", "off" },
    { "virtio-blk-device", "seg-max-adjust", "off" },
    { "virtio-scsi-device", "seg_max_adjust", "off" },
    { "vhost-blk-device", "seg_max_adjust", "off" },
    { "usb-host", "suppress-remote-wake", "off" },
    { "usb-redir", "suppress-remote-wake", "off" },
    { "qxl", "revision", "4" },
    { "qxl-vga", "revision", "4" },
    { "fw_cfg", "acpi-mr-restore", "false" },
    { "virtio-device", "use-disabled-flag", "false" },
};
const size_t hw_compat_4_2_len = G_N_ELEMENTS(hw_compat_4_2);

GlobalProperty hw_compat_4_1[] = {
    { "virtio-pci", "x-pcie-flr-init", "off" },
};
const size_t hw_compat_4_1_len = G_N_ELEMENTS(hw_compat_4_1);

GlobalProperty hw_compat_4_0[] = {
    { "VGA", "edid", "false" },
    { "secondary-vga", "edid", "false" },
    { "bochs-display", "edid", "false" },
    { "virtio-vga", "edid", "false" },
    { "virtio-gpu-device", "edid", "false" },
    { "virtio-device", "use-started", "false" },
    { "virtio-balloon-device", "qemu-4-0-config-size", "true" },
    { "pl031", "migrate-tick-offset", "false" },
};
const size_t hw_compat_4_0_len = G_N_ELEMENTS(hw_compat_4_0);

GlobalProperty hw_compat_3_1[] = {
    { "pcie-root-port", "x-speed", "2_5" },
    { "pcie-root-port", "x-width", "1" },
    { "memory-backend-file", "x-use-canonical-path-for-ramblock-id", "true" },
    { "memory-backend-memfd", "x-use-canonical-path-for-ramblock-id", "true" },
    { "tpm-crb", "ppi", "false" },
    { "tpm-tis", "ppi", "false" },
    { "usb-kbd", "serial", "42" },
    { "usb-mouse", "serial", "42" },
    { "usb-tablet", "serial", "42" },
    { "virtio-blk-device", "discard", "false" },
    { "virtio-blk-device", "write-zeroes", "false" },
    { "virtio-balloon-device", "qemu-4-0-config-size", "false" },
    { "pcie-root-port-base", "disable-acs", "true" },
};
const size_t hw_compat_3_1_len = G_N_ELEMENTS(hw_compat_3_1);

/* 3.0 changed nothing a device can see; the array exists to keep the chain regular. */
GlobalProperty hw_compat_3_0[] = {};
const size_t hw_compat_3_0_len = 0;

GlobalProperty hw_compat_2_12[] = {
    { "migration", "decompress-error-check", "off" },
    { "hda-audio", "use-timer", "false" },
    { "cirrus-vga", "global-vmstate", "true" },
    { "VGA", "global-vmstate", "true" },
    { "vmware-svga", "global-vmstate", "true" },
    { "qxl-vga", "global-vmstate", "true" },
};
const size_t hw_compat_2_12_len = G_N_ELEMENTS(hw_compat_2_12);

GlobalProperty hw_compat_2_11[] = {
    { "hpet", "hpet-offset-saved", "false" },
    { "virtio-blk-pci", "vectors", "2" },
    { "vhost-user-blk-pci", "vectors", "2" },
    { "e1000", "migrate_tso_props", "off" },
};
const size_t hw_compat_2_11_len = G_N_ELEMENTS(hw_compat_2_11);

GlobalProperty hw_compat_2_10[] = {
    { "virtio-mouse-device", "wheel-axis", "false" },
    { "virtio-tablet-device", "wheel-axis", "false" },
};
const size_t hw_compat_2_10_len = G_N_ELEMENTS(hw_compat_2_10);

GlobalProperty hw_compat_2_9[] = {
    { "pci-bridge", "shpc", "off" },
    { "intel-iommu", "pt", "off" },
    { "virtio-net-device", "x-mtu-bypass-backend", "off" },
    { "pcie-root-port", "x-migrate-msix", "false" },
};
const size_t hw_compat_2_9_len = G_N_ELEMENTS(hw_compat_2_9);

GlobalProperty hw_compat_2_8[] = {
    { "fw_cfg_mem", "x-file-slots", "0x10" },
    { "fw_cfg_io", "x-file-slots", "0x10" },
    { "pflash_cfi01", "old-multiple-chip-handling", "on" },
    { "pci-bridge", "shpc", "on" },
    { "pci-device", "x-pcie-extcap-init", "off" },
    { "virtio-pci", "x-pcie-deverr-init", "off" },
    { "virtio-pci", "x-pcie-lnkctl-init", "off" },
    { "virtio-pci", "x-pcie-pm-init", "off" },
    { "cirrus-vga", "vgamem_mb", "8" },
    { "isa-cirrus-vga", "vgamem_mb", "8" },
};
const size_t hw_compat_2_8_len = G_N_ELEMENTS(hw_compat_2_8);

GlobalProperty hw_compat_2_7[] = {
    { "virtio-pci", "page-per-vq", "on" },
    { "virtio-serial-device", "emergency-write", "off" },
    { "ioapic", "version", "0x11" },
    { "intel-iommu", "x-buggy-eim", "true" },
    { "virtio-pci", "x-ignore-backend-features", "on" },
};
const size_t hw_compat_2_7_len = G_N_ELEMENTS(hw_compat_2_7);

GlobalProperty hw_compat_2_6[] = {
    /* Seed 000: transport addresses in device paths arrived with 2.7. */
    { "virtio-mmio", "format_transport_address", "off" },
    /* Optional: not every virtio-pci device can be legacy. */
    { "virtio-pci", "disable-modern", "on", .optional = true },
    { "virtio-pci", "disable-legacy", "off", .optional = true },
};
const size_t hw_compat_2_6_len = G_N_ELEMENTS(hw_compat_2_6);

void compat_props_add(GPtrArray *arr, GlobalProperty props[], size_t nelem)
{
    for (size_t i = 0; i < nelem; i++) {
        g_ptr_array_add(arr, &props[i]);
    }
}

bool machine_class_check_compat_props(MachineClass *mc, Error **errp)
{
    for (guint i = 0; i < mc->compat_props->len; i++) {
        GlobalProperty *p = g_ptr_array_index(mc->compat_props, i);
        ObjectClass *oc = object_class_by_name(p->driver);

        if (!oc || p->optional) {
            continue;
        }
        if (!object_class_property_find(oc, p->property)) {
            error_setg(errp, "machine '%s': compat property %s.%s names a property "
                       "that type '%s' does not have", mc->name, p->driver, p->property,
                       p->driver);
            return false;
        }
    }
    return true;
}

/* Class lookup and help */

static void machine_list_add(ObjectClass *oc, void *opaque)
{
    GSList **list = opaque;
    *list = g_slist_prepend(*list, oc);
}

static gint machine_class_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(object_class_get_name((ObjectClass *)a),
                  object_class_get_name((ObjectClass *)b));
}

GSList *machine_class_get_list(void)
{
    GSList *list = NULL;
    object_class_foreach(machine_list_add, TYPE_MACHINE, false, &list);
    return g_slist_sort(list, machine_class_cmp);
}

MachineClass *machine_find_class(const char *name)
{
    GSList *list = machine_class_get_list();
    MachineClass *found = NULL;

    for (GSList *e = list; e && !found; e = e->next) {
        MachineClass *mc = e->data;
        if (!strcmp(mc->name, name) || (mc->alias && !strcmp(mc->alias, name))) {
            found = mc;
        }
    }
    g_slist_free(list);
    return found;
}

MachineClass *machine_find_default(void)
{
    GSList *list = machine_class_get_list();
    MachineClass *found = NULL;

    for (GSList *e = list; e && !found; e = e->next) {
        if (((MachineClass *)e->data)->is_default) {
            found = e->data;
        }
    }
    g_slist_free(list);
    return found;
}

void machine_help(GString *out)
{
    GSList *list = machine_class_get_list();

    g_string_append(out, "Supported machines are:\n");
    for (GSList *e = list; e; e = e->next) {
        MachineClass *mc = e->data;
        if (mc->alias) {
            g_string_append_printf(out, "%-20s %s (alias of %s)\n", mc->alias, mc->desc,
                                   mc->name);
        }
        g_string_append_printf(out, "%-20s %s%s%s\n", mc->name, mc->desc,
                               mc->is_default ? " (default)" : "",
                               mc->deprecation_reason ? " (deprecated)" : "");
    }
    g_slist_free(list);
}

/* Creation */

MachineState *machine_create(MachineClass *mc, Error **errp)
{
    Object *root = object_get_root();
    MachineState *ms;

    if (object_property_find(root, "machine")) {
        error_setg(errp, "a machine already exists");
        return NULL;
    }
    if (!machine_class_check_compat_props(mc, errp)) {
        return NULL;
    }
    ms = MACHINE(object_new_with_class(OBJECT_CLASS(mc)));
    object_property_add_child(root, "machine", OBJECT(ms));
    object_unref(ms);
    current_machine = ms;
    /* The board's default CPU; -cpu replaces it. */
    ms->cpu_type = g_strdup(mc->default_cpu_type);
    qdev_set_compat_props(mc->compat_props);
    return ms;
}

bool machine_run_board_init(MachineState *ms, Error **errp)
{
    MachineClass *mc = MACHINE_GET_CLASS(ms);

    if (ms->smp.cpus > (unsigned)mc->max_cpus) {
        error_setg(errp, "Invalid SMP CPUs %u. The max CPUs supported by machine '%s' is %d",
                   ms->smp.cpus, mc->name, mc->max_cpus);
        return false;
    }
    if (mc->default_ram_id && ms->ram_size) {
        Error *err = NULL;
        ms->ram = g_new0(MemoryRegion, 1);
        memory_region_init_ram(ms->ram, OBJECT(ms), mc->default_ram_id, ms->ram_size, &err);
        if (err) {
            error_propagate(errp, err);
            return false;
        }
    }
    if (mc->init) {
        mc->init(ms);
    }
    return true;
}

bool machine_parse_smp(MachineState *ms, const char *str, Error **errp)
{
    QemuOpts *opts = qemu_opts_parse(str, "cpus", errp);
    MachineClass *mc = MACHINE_GET_CLASS(ms);
    uint64_t cpus, sockets, cores, threads, maxcpus;
    Error *err = NULL;

    if (!opts) {
        return false;
    }
    for (guint i = 0; i < opts->opts->len; i++) {
        QemuOpt *o = g_ptr_array_index(opts->opts, i);
        static const char *const known[] = {
            "cpus", "sockets", "dies", "clusters", "cores", "threads", "maxcpus", NULL
        };
        if (!g_strv_contains(known, o->name)) {
            error_setg(errp, "Invalid parameter '%s'", o->name);
            qemu_opts_del(opts);
            return false;
        }
    }
    cpus = qemu_opt_get_number(opts, "cpus", 0, &err);
    sockets = err ? 0 : qemu_opt_get_number(opts, "sockets", 0, &err);
    cores = err ? 0 : qemu_opt_get_number(opts, "cores", 0, &err);
    threads = err ? 0 : qemu_opt_get_number(opts, "threads", 0, &err);
    maxcpus = err ? 0 : qemu_opt_get_number(opts, "maxcpus", 0, &err);
    qemu_opts_del(opts);
    if (err) {
        error_propagate(errp, err);
        return false;
    }
    /* Fill in what was left out, preferring sockets as QEMU does. */
    threads = threads ? threads : 1;
    cores = cores ? cores : 1;
    if (!cpus) {
        cpus = (sockets ? sockets : 1) * cores * threads;
    }
    if (!sockets) {
        sockets = (maxcpus ? maxcpus : cpus) / (cores * threads);
        sockets = sockets ? sockets : 1;
    }
    maxcpus = maxcpus ? maxcpus : sockets * cores * threads;
    if (cpus == 0 || cpus > 4096 || maxcpus > 4096) {
        error_setg(errp, "Invalid CPU topology: CPU count must be between 1 and 4096");
        return false;
    }
    if (sockets * cores * threads != maxcpus) {
        error_setg(errp, "Invalid CPU topology: product of the hierarchy must match "
                   "maxcpus: sockets (%" PRIu64 ") * cores (%" PRIu64 ") * threads (%"
                   PRIu64 ") != maxcpus (%" PRIu64 ")", sockets, cores, threads, maxcpus);
        return false;
    }
    if (maxcpus < cpus) {
        error_setg(errp, "Invalid CPU topology: maxcpus must be equal to or greater than "
                   "smp: sockets (%" PRIu64 ") * cores (%" PRIu64 ") * threads (%" PRIu64
                   ") == maxcpus (%" PRIu64 ") < smp_cpus (%" PRIu64 ")",
                   sockets, cores, threads, maxcpus, cpus);
        return false;
    }
    if (maxcpus > (uint64_t)mc->max_cpus) {
        error_setg(errp, "Invalid SMP CPUs %" PRIu64 ". The max CPUs supported by machine "
                   "'%s' is %d", maxcpus, mc->name, mc->max_cpus);
        return false;
    }
    ms->smp.cpus = cpus;
    ms->smp.sockets = sockets;
    ms->smp.dies = 1;
    ms->smp.clusters = 1;
    ms->smp.cores = cores;
    ms->smp.threads = threads;
    ms->smp.max_cpus = maxcpus;
    return true;
}

bool machine_parse_memory(MachineState *ms, const char *str, Error **errp)
{
    QemuOpts *opts = qemu_opts_parse(str, "size", errp);
    const char *size_str;
    uint64_t size;
    bool ok = true;

    if (!opts) {
        return false;
    }
    for (guint i = 0; i < opts->opts->len; i++) {
        QemuOpt *o = g_ptr_array_index(opts->opts, i);
        if (strcmp(o->name, "size")) {
            /* slots= and maxmem= need memory hotplug, which no board has yet. */
            error_setg(errp, "Invalid parameter '%s'", o->name);
            qemu_opts_del(opts);
            return false;
        }
    }
    size_str = qemu_opt_get(opts, "size");
    if (size_str) {
        /* A bare number means MiB. */
        g_autofree char *s = g_ascii_isdigit(size_str[strlen(size_str) - 1])
                             ? g_strconcat(size_str, "M", NULL) : g_strdup(size_str);
        ok = qemu_parse_size("size", s, &size, errp);
        if (ok && size == 0) {
            error_setg(errp, "memory size must be greater than 0");
            ok = false;
        }
        if (ok && (size & 0xfff)) {
            /* QEMU rounds up to 8 KiB; whole pages are what every board can map. */
            size = (size + 0x1fff) & ~UINT64_C(0x1fff);
        }
        if (ok) {
            ms->ram_size = size;
            ms->maxram_size = size;
        }
    }
    qemu_opts_del(opts);
    return ok;
}

/* Properties of every machine */

#define MACHINE_STR_PROP(field, propname) \
    static char *machine_get_##field(Object *obj, Error **errp) \
    { return g_strdup(MACHINE(obj)->field); } \
    static void machine_set_##field(Object *obj, const char *v, Error **errp) \
    { g_free(MACHINE(obj)->field); MACHINE(obj)->field = g_strdup(v); }

MACHINE_STR_PROP(kernel_filename, "kernel")
MACHINE_STR_PROP(initrd_filename, "initrd")
MACHINE_STR_PROP(kernel_cmdline, "append")
MACHINE_STR_PROP(dtb, "dtb")
MACHINE_STR_PROP(dumpdtb, "dumpdtb")
MACHINE_STR_PROP(firmware, "firmware")

#define MACHINE_BOOL_PROP(field) \
    static bool machine_get_##field(Object *obj, Error **errp) \
    { return MACHINE(obj)->field; } \
    static void machine_set_##field(Object *obj, bool v, Error **errp) \
    { MACHINE(obj)->field = v; }

MACHINE_BOOL_PROP(dump_guest_core)
MACHINE_BOOL_PROP(mem_merge)
MACHINE_BOOL_PROP(graphics)

static JsonNode *machine_get_ram_size(Object *obj, ObjectProperty *prop, Error **errp)
{
    return qom_node_new_uint(MACHINE(obj)->ram_size);
}

static void machine_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->default_ram_size = 128 * 1024 * 1024;
    mc->max_cpus = 1;
    mc->min_cpus = 1;
    mc->default_cpus = 1;

    object_class_property_add_str(oc, "kernel", machine_get_kernel_filename,
                                  machine_set_kernel_filename);
    object_class_property_set_description(oc, "kernel", "Linux kernel image file");
    object_class_property_add_str(oc, "initrd", machine_get_initrd_filename,
                                  machine_set_initrd_filename);
    object_class_property_set_description(oc, "initrd", "Linux initial ramdisk file");
    object_class_property_add_str(oc, "append", machine_get_kernel_cmdline,
                                  machine_set_kernel_cmdline);
    object_class_property_set_description(oc, "append", "Linux kernel command line");
    object_class_property_add_str(oc, "dtb", machine_get_dtb, machine_set_dtb);
    object_class_property_set_description(oc, "dtb", "Linux kernel device tree file");
    object_class_property_add_str(oc, "dumpdtb", machine_get_dumpdtb, machine_set_dumpdtb);
    object_class_property_set_description(oc, "dumpdtb",
                                          "Dump current dtb to a file and quit");
    object_class_property_add_str(oc, "firmware", machine_get_firmware,
                                  machine_set_firmware);
    object_class_property_set_description(oc, "firmware", "Firmware image");
    object_class_property_add_bool(oc, "dump-guest-core", machine_get_dump_guest_core,
                                   machine_set_dump_guest_core);
    object_class_property_add_bool(oc, "mem-merge", machine_get_mem_merge,
                                   machine_set_mem_merge);
    object_class_property_add_bool(oc, "graphics", machine_get_graphics,
                                   machine_set_graphics);
    object_class_property_add(oc, "ram-size", "size", machine_get_ram_size, NULL, NULL,
                              NULL);
}

static void machine_class_base_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);
    const char *cname = object_class_get_name(oc);

    /* Every class, including each version of a family, gets its own list. */
    mc->compat_props = g_ptr_array_new();
    if (g_str_has_suffix(cname, TYPE_MACHINE_SUFFIX)) {
        mc->name = g_strndup(cname, strlen(cname) - strlen(TYPE_MACHINE_SUFFIX));
    } else {
        mc->name = g_strdup(cname);
    }
    /* Inherited by memcpy from the parent class; a version must not share it. */
    mc->alias = NULL;
    mc->is_default = false;
}

static void machine_initfn(Object *obj)
{
    MachineState *ms = MACHINE(obj);
    MachineClass *mc = MACHINE_GET_CLASS(obj);

    ms->ram_size = mc->default_ram_size;
    ms->maxram_size = mc->default_ram_size;
    ms->smp.cpus = mc->default_cpus;
    ms->smp.sockets = mc->default_cpus;
    ms->smp.dies = ms->smp.clusters = ms->smp.cores = ms->smp.threads = 1;
    ms->smp.max_cpus = mc->default_cpus;
    ms->mem_merge = true;
    ms->dump_guest_core = true;
    ms->graphics = true;
}

static void machine_finalize(Object *obj)
{
    MachineState *ms = MACHINE(obj);

    g_free(ms->kernel_filename);
    g_free(ms->initrd_filename);
    g_free(ms->kernel_cmdline);
    g_free(ms->dtb);
    g_free(ms->dumpdtb);
    g_free(ms->firmware);
    g_free(ms->cpu_type);
    g_free(ms->fdt);
    if (current_machine == ms) {
        current_machine = NULL;
    }
}

/* "-machine none": no CPU, no RAM unless -m is given, no devices. */
static void none_machine_init(MachineState *ms)
{
    if (ms->ram) {
        memory_region_add_subregion(get_system_memory(), 0, ms->ram);
    }
}

static void none_machine_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);
    mc->desc = "empty machine";
    mc->init = none_machine_init;
    mc->max_cpus = 1;
    mc->default_ram_size = 0;
    mc->default_ram_id = "ram";
}

static const TypeInfo machine_types[] = {
    {
        .name = TYPE_MACHINE,
        .parent = TYPE_OBJECT,
        .abstract = true,
        .class_size = sizeof(MachineClass),
        .class_init = machine_class_init,
        .class_base_init = machine_class_base_init,
        .instance_size = sizeof(MachineState),
        .instance_init = machine_initfn,
        .instance_finalize = machine_finalize,
    },
    {
        .name = MACHINE_TYPE_NAME("none"),
        .parent = TYPE_MACHINE,
        .class_init = none_machine_class_init,
    },
};

DEFINE_TYPES(machine_types)
