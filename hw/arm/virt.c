/*
 * The "virt" board: a machine that exists only as a virtual platform, with
 * QEMU's memory map so that guests, firmware and migration streams written
 * for QEMU's virt work unchanged.  Versioned as virt-2.6 ... virt-7.2.
 */
#include "qemu/osdep.h"
#include "hw/arm/virt.h"
#include "hw/arm/boot.h"
#include "hw/arm/gicv3-sysregs.h"
#include "hw/arm/virt-fdt.h"
#include "hw/char/pl011.h"
#include "hw/intc/arm_gic.h"
#include "hw/intc/arm_gicv2m.h"
#include "hw/intc/arm_gicv3.h"
#include "hw/pci-host/gpex.h"
#include "hw/qdev-properties.h"
#include "hw/rtc/pl031.h"
#include "hw/sysbus.h"
#include "hw/virtio/virtio-mmio.h"
#include "system/reset.h"
#include "system/system.h"
#include "target/arm/cpu.h"

/* GIC interrupt inputs: 256 SPIs as on QEMU's virt, then 32 per CPU. */
#define NUM_IRQS 256
#define GICV2_MAX_CPUS 8
/* One redistributor region of 0xf60000 bytes holds 123 redistributors. */
#define VIRT_GICV3_MAX_CPUS 123

const MemMapEntry virt_memmap[VIRT_LOWMEMMAP_LAST] = {
    [VIRT_FLASH] = { 0, 0x08000000 },
    [VIRT_CPUPERIPHS] = { 0x08000000, 0x00020000 },
    [VIRT_GIC_DIST] = { 0x08000000, 0x00010000 },
    [VIRT_GIC_CPU] = { 0x08010000, 0x00010000 },
    [VIRT_GIC_REDIST] = { 0x080a0000, 0x00f60000 },
    [VIRT_GIC_V2M] = { 0x08020000, 0x00001000 },
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
    [VIRT_GIC_V2M] = 48,    /* ... to 48 + NUM_GICV2M_SPIS - 1 */
};

static const char *const virt_valid_cpus[] = {
    ARM_CPU_TYPE_NAME("cortex-a57"),
    ARM_CPU_TYPE_NAME("cortex-a72"),
    ARM_CPU_TYPE_NAME("max"),
    NULL
};

/* The "compatible" string a CPU model has in a device tree. */
static const char *virt_cpu_dt_compatible(const char *cpu_type)
{
    if (!strcmp(cpu_type, ARM_CPU_TYPE_NAME("cortex-a57"))) {
        return "arm,cortex-a57";
    }
    if (!strcmp(cpu_type, ARM_CPU_TYPE_NAME("cortex-a72"))) {
        return "arm,cortex-a72";
    }
    return "arm,arm-v8";
}

static qemu_irq spi(VirtMachineState *vms, int n)
{
    return qdev_get_gpio_in(vms->gic, n);
}

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
        sysbus_connect_irq(SYS_BUS_DEVICE(dev), 0, spi(vms, virt_irqmap[VIRT_MMIO] + i));
        vms->virtio_mmio[i] = dev;
    }
}

/*
 * The generic PCIe host: ECAM and the PIO window at their fixed places, the
 * 32-bit MMIO window aliased 1:1 (CPU address == PCI address), INTA..INTD on
 * SPIs 3..6 after the (slot + pin) % 4 swizzle.
 */
static void create_pcie(VirtMachineState *vms)
{
    MemoryRegion *sysmem = get_system_memory();
    MemoryRegion *ecam_alias = g_new0(MemoryRegion, 1);
    MemoryRegion *mmio_alias = g_new0(MemoryRegion, 1);
    const MemMapEntry *ecam = &virt_memmap[VIRT_PCIE_ECAM];
    const MemMapEntry *mmio = &virt_memmap[VIRT_PCIE_MMIO];
    DeviceState *dev = qdev_new(TYPE_GPEX_HOST);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);

    sysbus_realize_and_unref(sbd, &error_fatal);
    memory_region_init_alias(ecam_alias, OBJECT(dev), "pcie-ecam",
                             sysbus_mmio_get_region(sbd, 0), 0, ecam->size);
    memory_region_add_subregion(sysmem, ecam->base, ecam_alias);
    memory_region_init_alias(mmio_alias, OBJECT(dev), "pcie-mmio",
                             sysbus_mmio_get_region(sbd, 1), mmio->base, mmio->size);
    memory_region_add_subregion(sysmem, mmio->base, mmio_alias);
    sysbus_mmio_map(sbd, 2, virt_memmap[VIRT_PCIE_PIO].base);
    for (int i = 0; i < GPEX_NUM_IRQS; i++) {
        sysbus_connect_irq(sbd, i, spi(vms, virt_irqmap[VIRT_PCIE_MMIO] + i));
    }
    vms->gpex = dev;
}

/* MPIDR affinity: GICv2 targets CPUs in clusters of 8, GICv3's SGIs in 16. */
static uint64_t virt_cpu_mp_affinity(VirtMachineState *vms, int idx)
{
    int clustersz = vms->gic_version == 3 ? 16 : 8;
    VirtMachineClass *vmc = VIRT_MACHINE_GET_CLASS(vms);

    if (vmc->disallow_affinity_adjustment) {
        clustersz = 8;
    }
    return ((uint64_t)(idx / clustersz) << 8) | (idx % clustersz);
}

static void create_cpus(VirtMachineState *vms)
{
    MachineState *ms = MACHINE(vms);
    VirtMachineClass *vmc = VIRT_MACHINE_GET_CLASS(vms);

    for (unsigned i = 0; i < ms->smp.cpus; i++) {
        Object *obj = object_new(ms->cpu_type);
        DeviceState *dev = DEVICE(obj);

        qdev_prop_set_uint64(dev, "mp-affinity", virt_cpu_mp_affinity(vms, i));
        qdev_prop_set_uint32(dev, "psci-conduit", ARM_PSCI_CONDUIT_HVC);
        /* Secondaries wait for PSCI CPU_ON. */
        qdev_prop_set_bit(dev, "start-powered-off", i > 0);
        if (vmc->no_pmu) {
            qdev_prop_set_bit(dev, "pmu", false);
        }
        qdev_realize(dev, NULL, &error_fatal);
        object_unref(obj);
        vms->cpus[i] = CPU(dev);
    }
}

/*
 * The GICv2m MSI frame: PCI devices' MSI/MSI-X writes land here and become
 * edges on SPIs 48..111.  GICv3 would use an ITS instead, which this board
 * does not have yet, so there PCI devices fall back to INTx.
 */
static void create_gicv2m(VirtMachineState *vms)
{
    DeviceState *dev = qdev_new(TYPE_ARM_GICV2M);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);
    int base = virt_irqmap[VIRT_GIC_V2M];

    qdev_prop_set_uint32(dev, "base-spi", base);
    qdev_prop_set_uint32(dev, "num-spi", NUM_GICV2M_SPIS);
    sysbus_realize_and_unref(sbd, &error_fatal);
    sysbus_mmio_map(sbd, 0, virt_memmap[VIRT_GIC_V2M].base);
    for (int i = 0; i < NUM_GICV2M_SPIS; i++) {
        sysbus_connect_irq(sbd, i, spi(vms, base + i));
    }
    vms->gicv2m = dev;
}

static void create_gic(VirtMachineState *vms)
{
    MachineState *ms = MACHINE(vms);
    int ncpu = ms->smp.cpus;
    bool v3 = vms->gic_version == 3;
    SysBusDevice *sbd;

    vms->gic = qdev_new(v3 ? TYPE_ARM_GICV3 : TYPE_ARM_GIC);
    qdev_prop_set_uint32(vms->gic, "num-cpu", ncpu);
    qdev_prop_set_uint32(vms->gic, "num-irq", NUM_IRQS + 32);
    qdev_prop_set_uint32(vms->gic, "revision", v3 ? 3 : 2);
    sbd = SYS_BUS_DEVICE(vms->gic);
    sysbus_realize_and_unref(sbd, &error_fatal);
    sysbus_mmio_map(sbd, 0, virt_memmap[VIRT_GIC_DIST].base);
    sysbus_mmio_map(sbd, 1, v3 ? virt_memmap[VIRT_GIC_REDIST].base
                               : virt_memmap[VIRT_GIC_CPU].base);

    for (int i = 0; i < ncpu; i++) {
        DeviceState *cpudev = DEVICE(vms->cpus[i]);
        int ppibase = NUM_IRQS + i * 32;
        /* Generic timer outputs to their PPIs: phys 14, virt 11, hyp 10, sec 13. */
        static const int timer_ppi[NUM_GTIMER_OUTPUTS] = {
            [GTIMER_PHYS] = 14, [GTIMER_VIRT] = 11, [GTIMER_HYP] = 10, [GTIMER_SEC] = 13,
        };

        for (int t = 0; t < NUM_GTIMER_OUTPUTS; t++) {
            qdev_connect_gpio_out(cpudev, t,
                                  qdev_get_gpio_in(vms->gic, ppibase + 16 + timer_ppi[t]));
        }
        sysbus_connect_irq(sbd, i, qdev_get_gpio_in(cpudev, ARM_CPU_IRQ));
        sysbus_connect_irq(sbd, i + ncpu, qdev_get_gpio_in(cpudev, ARM_CPU_FIQ));
        sysbus_connect_irq(sbd, i + 2 * ncpu, qdev_get_gpio_in(cpudev, ARM_CPU_VIRQ));
        sysbus_connect_irq(sbd, i + 3 * ncpu, qdev_get_gpio_in(cpudev, ARM_CPU_VFIQ));
        if (v3) {
            gicv3_set_cpu_affinity(ARM_GICV3(vms->gic), i,
                                   ARM_CPU(vms->cpus[i])->mp_affinity);
            arm_cpu_attach_gicv3(ARM_CPU(vms->cpus[i]), ARM_GICV3(vms->gic));
        }
    }
}

static void virt_cpu_reset(void *opaque)
{
    cpu_reset(CPU(opaque));
}

/* The device tree the guest gets: -dtb's file, or one describing this machine. */
static void virt_create_fdt(VirtMachineState *vms)
{
    MachineState *ms = MACHINE(vms);
    g_autofree VirtFdtInfo *info = g_new0(VirtFdtInfo, 1);
    Error *err = NULL;

    info->gic_version = vms->gic_version;
    info->num_cpus = ms->smp.cpus;
    info->cpu_compatible = virt_cpu_dt_compatible(ms->cpu_type);
    for (unsigned i = 0; i < ms->smp.cpus; i++) {
        info->mpidr[i] = ARM_CPU(vms->cpus[i])->mp_affinity;
    }
    info->psci_method = "hvc";
    info->has_timer = true;
    info->has_rtc = true;
    info->has_pcie = vms->gpex != NULL;
    info->has_gicv2m = vms->gicv2m != NULL;
    info->initrd_start = vms->boot.initrd_start;
    info->initrd_size = vms->boot.initrd_size;
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
    int max_cpus;
    Error *err = NULL;

    if (ms->ram_size > virt_memmap[VIRT_MEM].size) {
        error_report("mach-virt: cannot model more than %dGB RAM",
                     (int)(virt_memmap[VIRT_MEM].size >> 30));
        exit(1);
    }
    if (!g_strcmp0(vms->gic_version_str, "max") || !g_strcmp0(vms->gic_version_str, "3")) {
        vms->gic_version = 3;
    } else {
        vms->gic_version = 2;
    }
    max_cpus = vms->gic_version == 3 ? VIRT_GICV3_MAX_CPUS : GICV2_MAX_CPUS;
    if ((int)ms->smp.cpus > max_cpus) {
        error_report("Number of SMP CPUs requested (%u) exceeds max CPUs supported by "
                     "machine 'mach-virt' (%d)", ms->smp.cpus, max_cpus);
        exit(1);
    }
    if (!g_strv_contains(virt_valid_cpus, ms->cpu_type)) {
        error_report("mach-virt: CPU type %s not supported", ms->cpu_type);
        exit(1);
    }
    if (ms->firmware) {
        error_report("mach-virt: firmware images are not supported yet; boot a kernel "
                     "with -kernel");
        exit(1);
    }
    memory_region_add_subregion(get_system_memory(), virt_memmap[VIRT_MEM].base, ms->ram);

    create_cpus(vms);
    create_gic(vms);
    vms->uart = pl011_create(virt_memmap[VIRT_UART].base,
                             spi(vms, virt_irqmap[VIRT_UART]), serial_hd(0));
    vms->rtc = sysbus_create_simple(TYPE_PL031, virt_memmap[VIRT_RTC].base,
                                    spi(vms, virt_irqmap[VIRT_RTC]));
    /* After the UART and RTC so their QOM paths stay device[2] and device[3]. */
    if (vms->gic_version != 3) {
        create_gicv2m(vms);
    }
    create_virtio_transports(vms);
    create_pcie(vms);

    /* Images first: the device tree records where the initrd went. */
    vms->boot.ram_base = virt_memmap[VIRT_MEM].base;
    vms->boot.ram_size = ms->ram_size;
    if (!arm_boot_load_images(ms, &vms->boot, &err)) {
        error_report_err(err);
        exit(1);
    }
    virt_create_fdt(vms);
    if (!arm_boot_place_fdt(ms, &vms->boot, &err)) {
        error_report_err(err);
        exit(1);
    }
    for (unsigned i = 0; i < ms->smp.cpus; i++) {
        qemu_register_reset(virt_cpu_reset, vms->cpus[i]);
    }
    /* After CPU 0's own reset, so its entry state wins. */
    arm_boot_register_reset(vms->cpus[0], &vms->boot);
}

static char *virt_get_gic_version(Object *obj, Error **errp)
{
    return g_strdup(VIRT_MACHINE(obj)->gic_version_str);
}

static void virt_set_gic_version(Object *obj, const char *value, Error **errp)
{
    VirtMachineState *vms = VIRT_MACHINE(obj);

    if (strcmp(value, "2") && strcmp(value, "3") && strcmp(value, "max")) {
        /* "host" needs KVM, which this emulator does not use. */
        error_setg(errp, "Invalid gic-version value");
        error_append_hint(errp, "Valid values are 2, 3 and max.\n");
        return;
    }
    g_free(vms->gic_version_str);
    vms->gic_version_str = g_strdup(value);
}

static void virt_instance_init(Object *obj)
{
    VirtMachineState *vms = VIRT_MACHINE(obj);
    vms->gic_version_str = g_strdup("2");
}

static void virt_instance_finalize(Object *obj)
{
    VirtMachineState *vms = VIRT_MACHINE(obj);
    g_free(vms->gic_version_str);
}

static void virt_machine_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);

    mc->family = "virt";
    mc->init = virt_machine_init;
    mc->max_cpus = 512;
    mc->default_ram_id = "mach-virt.ram";
    /* QEMU's default is the 32-bit cortex-a15, which this emulator does not model. */
    mc->default_cpu_type = ARM_CPU_TYPE_NAME("cortex-a57");
    mc->valid_cpu_types = virt_valid_cpus;
    object_class_property_add_str(oc, "gic-version", virt_get_gic_version,
                                  virt_set_gic_version);
    object_class_property_set_description(oc, "gic-version",
                                          "Set GIC version. Valid values are 2, 3 and max");
}

static const TypeInfo virt_machine_info = {
    .name = TYPE_VIRT_MACHINE,
    .parent = TYPE_MACHINE,
    .abstract = true,
    .instance_size = sizeof(VirtMachineState),
    .class_size = sizeof(VirtMachineClass),
    .class_init = virt_machine_class_init,
    .instance_init = virt_instance_init,
    .instance_finalize = virt_instance_finalize,
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
