/*
 * The "virt" board: a machine that exists only as a virtual platform, with
 * QEMU's memory map so that guests, firmware and migration streams written
 * for QEMU's virt work unchanged.  Versioned as virt-2.6 ... virt-7.2.
 */
#include "qemu/osdep.h"
#include "hw/arm/virt.h"
#include "hw/sysbus.h"
#include "hw/virtio/virtio-mmio.h"
#include "hw/char/pl011.h"
#include "hw/rtc/pl031.h"
#include "hw/arm/virt-fdt.h"
#include "system/system.h"

const MemMapEntry virt_memmap[VIRT_LOWMEMMAP_LAST] = {
    [VIRT_FLASH] = { 0, 0x08000000 },
    [VIRT_CPUPERIPHS] = { 0x08000000, 0x00020000 },
    [VIRT_GIC_DIST] = { 0x08000000, 0x00010000 },
    [VIRT_GIC_CPU] = { 0x08010000, 0x00010000 },
    [VIRT_GIC_REDIST] = { 0x080a0000, 0x00f60000 },
    [VIRT_UART] = { 0x09000000, 0x00001000 },
    [VIRT_RTC] = { 0x09010000, 0x00001000 },
    [VIRT_MMIO] = { 0x0a000000, 0x00000200 },
    [VIRT_PCIE_MMIO] = { 0x10000000, 0x2eff0000 },
    [VIRT_PCIE_PIO] = { 0x3eff0000, 0x00010000 },
    [VIRT_PCIE_ECAM] = { 0x3f000000, 0x01000000 },
    [VIRT_MEM] = { 0x40000000, 255ULL * 1024 * 1024 * 1024 },
};

const int virt_irqmap[VIRT_LOWMEMMAP_LAST] = {
    [VIRT_UART] = 1,
    [VIRT_RTC] = 2,
    [VIRT_PCIE_MMIO] = 3,   /* ... to 6 */
    [VIRT_MMIO] = 16,       /* ... to 16 + NUM_VIRTIO_TRANSPORTS - 1 */
};

static void create_virtio_transports(VirtMachineState *vms)
{
    /*
     * Create in increasing address order.  Buses list their newest device
     * first, so -device finds the highest free transport first: the first
     * virtio device on the command line lands at 0x0a003e00, as on QEMU.
     */
    for (int i = 0; i < NUM_VIRTIO_TRANSPORTS; i++) {
        hwaddr base = virt_memmap[VIRT_MMIO].base + i * virt_memmap[VIRT_MMIO].size;
        DeviceState *dev = qdev_new(TYPE_VIRTIO_MMIO);

        sysbus_realize_and_unref(SYS_BUS_DEVICE(dev), &error_fatal);
        sysbus_mmio_map(SYS_BUS_DEVICE(dev), 0, base);
        /* The interrupt (SPI 16 + i) is wired once the board has a GIC. */
        vms->virtio_mmio[i] = dev;
    }
}

/* The device tree the guest gets: -dtb's file, or one describing this machine. */
static void virt_create_fdt(MachineState *ms)
{
    g_autofree VirtFdtInfo *info = g_new0(VirtFdtInfo, 1);
    Error *err = NULL;

    info->has_rtc = true;
    if (ms->dtb) {
        ms->fdt = virt_fdt_load(ms->dtb, &ms->fdt_size, &err);
    } else {
        ms->fdt = virt_fdt_build(ms, info, &ms->fdt_size, &err);
    }
    if (!ms->fdt) {
        error_report_err(err);
        exit(1);
    }
}

static void virt_machine_init(MachineState *ms)
{
    VirtMachineState *vms = VIRT_MACHINE(ms);

    if (ms->ram_size > virt_memmap[VIRT_MEM].size) {
        error_report("mach-virt: cannot model more than %dGB RAM",
                     (int)(virt_memmap[VIRT_MEM].size >> 30));
        exit(1);
    }
    if (ms->kernel_filename || ms->firmware) {
        error_report("mach-virt: cannot boot '%s': this build has no CPU to run guest code yet",
                     ms->kernel_filename ? ms->kernel_filename : ms->firmware);
        exit(1);
    }
    memory_region_add_subregion(get_system_memory(), virt_memmap[VIRT_MEM].base, ms->ram);
    /* The UART's interrupt (SPI 1) is wired once the board has a GIC. */
    vms->uart = pl011_create(virt_memmap[VIRT_UART].base, NULL, serial_hd(0));
    /* Likewise the RTC's (SPI 2). */
    vms->rtc = sysbus_create_simple(TYPE_PL031, virt_memmap[VIRT_RTC].base, NULL);
    create_virtio_transports(vms);
    virt_create_fdt(ms);
}

static void virt_machine_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->family = "virt";
    mc->init = virt_machine_init;
    mc->max_cpus = 512;
    mc->default_ram_id = "mach-virt.ram";
}

static const TypeInfo virt_machine_info = {
    .name = TYPE_VIRT_MACHINE,
    .parent = TYPE_MACHINE,
    .abstract = true,
    .instance_size = sizeof(VirtMachineState),
    .class_size = sizeof(VirtMachineClass),
    .class_init = virt_machine_class_init,
};

/*
 * Each version's options apply the next newer version's, then that
 * release's compat props: the chain keeps every old version exactly as it
 * was released.
 */
#define DEFINE_VIRT_MACHINE_LATEST(major, minor, latest) \
    static void virt_##major##_##minor##_class_init(ObjectClass *oc, void *data) \
    { \
        MachineClass *mc = MACHINE_CLASS(oc); \
        virt_machine_##major##_##minor##_options(mc); \
        mc->desc = "QEMU " #major "." #minor " ARM Virtual Machine"; \
        if (latest) { \
            mc->alias = "virt"; \
        } \
    } \
    static const TypeInfo virt_##major##_##minor##_info = { \
        .name = MACHINE_TYPE_NAME("virt-" #major "." #minor), \
        .parent = TYPE_VIRT_MACHINE, \
        .class_init = virt_##major##_##minor##_class_init, \
    }; \
    static void virt_##major##_##minor##_register(void) \
    { \
        type_register_static(&virt_##major##_##minor##_info); \
    } \
    type_init(virt_##major##_##minor##_register)

#define DEFINE_VIRT_MACHINE(major, minor) DEFINE_VIRT_MACHINE_LATEST(major, minor, false)

#define VIRT_COMPAT_VERSION(major, minor, newer_major, newer_minor) \
    static void virt_machine_##major##_##minor##_options(MachineClass *mc) \
    { \
        virt_machine_##newer_major##_##newer_minor##_options(mc); \
        compat_props_add(mc->compat_props, hw_compat_##major##_##minor, \
                         hw_compat_##major##_##minor##_len); \
    } \
    DEFINE_VIRT_MACHINE(major, minor)

static void virt_machine_7_2_options(MachineClass *mc)
{
}
DEFINE_VIRT_MACHINE_LATEST(7, 2, true)

VIRT_COMPAT_VERSION(7, 1, 7, 2)
VIRT_COMPAT_VERSION(7, 0, 7, 1)
VIRT_COMPAT_VERSION(6, 2, 7, 0)
VIRT_COMPAT_VERSION(6, 1, 6, 2)
VIRT_COMPAT_VERSION(6, 0, 6, 1)
VIRT_COMPAT_VERSION(5, 2, 6, 0)
VIRT_COMPAT_VERSION(5, 1, 5, 2)
VIRT_COMPAT_VERSION(5, 0, 5, 1)
VIRT_COMPAT_VERSION(4, 2, 5, 0)
VIRT_COMPAT_VERSION(4, 1, 4, 2)
VIRT_COMPAT_VERSION(4, 0, 4, 1)
VIRT_COMPAT_VERSION(3, 1, 4, 0)
VIRT_COMPAT_VERSION(3, 0, 3, 1)
VIRT_COMPAT_VERSION(2, 12, 3, 0)
VIRT_COMPAT_VERSION(2, 11, 2, 12)
VIRT_COMPAT_VERSION(2, 10, 2, 11)
VIRT_COMPAT_VERSION(2, 9, 2, 10)
VIRT_COMPAT_VERSION(2, 8, 2, 9)
VIRT_COMPAT_VERSION(2, 7, 2, 8)

static void virt_machine_2_6_options(MachineClass *mc)
{
    VirtMachineClass *vmc = VIRT_MACHINE_CLASS(OBJECT_CLASS(mc));

    virt_machine_2_7_options(mc);
    compat_props_add(mc->compat_props, hw_compat_2_6, hw_compat_2_6_len);
    vmc->disallow_affinity_adjustment = true;
    vmc->no_pmu = true;
}
DEFINE_VIRT_MACHINE(2, 6)

static void virt_register_types(void)
{
    type_register_static(&virt_machine_info);
}

type_init(virt_register_types)
