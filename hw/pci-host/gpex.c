/*
 * The generic PCIe host bridge: decodes ECAM config cycles onto its root bus,
 * provides the memory and I/O windows the BARs map into, and turns the root
 * bus's swizzled INTx into four output lines.  Placement is the board's job.
 */
#include "qemu/osdep.h"
#include "hw/pci-host/gpex.h"
#include "hw/qdev-properties.h"

int gpex_map_irq(PCIDevice *dev, int pin)
{
    return (PCI_SLOT(dev->devfn) + pin) % GPEX_NUM_IRQS;
}

static void gpex_set_irq(void *opaque, int irq_num, int level)
{
    GPEXHost *s = opaque;
    qemu_set_irq(s->irq[irq_num], level);
}

static uint64_t all_ones(unsigned size)
{
    return size >= 8 ? UINT64_MAX : (UINT64_C(1) << (8 * size)) - 1;
}

/* ECAM offset -> the addressed function, or NULL when nothing answers there. */
static PCIDevice *gpex_ecam_device(GPEXHost *s, hwaddr addr)
{
    unsigned busnr = (addr >> 20) & 0xff;
    unsigned devfn = (addr >> 12) & 0xff;

    /* Only the root bus (number 0) exists until bridges arrive. */
    return busnr == 0 ? pci_find_device(s->bus, devfn) : NULL;
}

static uint64_t gpex_ecam_read(void *opaque, hwaddr addr, unsigned size)
{
    PCIDevice *dev = gpex_ecam_device(opaque, addr);

    if (!dev) {
        return all_ones(size);
    }
    return pci_config_read(dev, addr & 0xfff, size);
}

static void gpex_ecam_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    PCIDevice *dev = gpex_ecam_device(opaque, addr);

    if (dev) {
        pci_config_write(dev, addr & 0xfff, val, size);
    }
}

static const MemoryRegionOps gpex_ecam_ops = {
    .read = gpex_ecam_read,
    .write = gpex_ecam_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* Window space no BAR claims: reads float high, writes vanish (a master abort). */
static uint64_t gpex_unclaimed_read(void *opaque, hwaddr addr, unsigned size)
{
    return all_ones(size);
}

static void gpex_unclaimed_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
}

static const MemoryRegionOps gpex_unclaimed_ops = {
    .read = gpex_unclaimed_read,
    .write = gpex_unclaimed_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

static void gpex_host_realize(DeviceState *dev, Error **errp)
{
    GPEXHost *s = GPEX_HOST(dev);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);
    DeviceState *root;

    memory_region_init_io(&s->ecam, OBJECT(s), &gpex_ecam_ops, s, "pcie-mmcfg-mmio",
                          PCIE_MMCFG_SIZE_MAX);
    memory_region_init(&s->mmio, OBJECT(s), "gpex_mmio", UINT64_MAX);
    memory_region_init(&s->ioport, OBJECT(s), "gpex_ioport", 64 * 1024);
    if (s->allow_unmapped_accesses) {
        memory_region_init_io(&s->mmio_window, OBJECT(s), &gpex_unclaimed_ops, s,
                              "gpex_mmio_window", UINT64_MAX);
        memory_region_init_io(&s->ioport_window, OBJECT(s), &gpex_unclaimed_ops, s,
                              "gpex_ioport_window", 64 * 1024);
        memory_region_add_subregion_overlap(&s->mmio, 0, &s->mmio_window, -1);
        memory_region_add_subregion_overlap(&s->ioport, 0, &s->ioport_window, -1);
    }
    sysbus_init_mmio(sbd, &s->ecam);
    sysbus_init_mmio(sbd, &s->mmio);
    sysbus_init_mmio(sbd, &s->ioport);
    for (int i = 0; i < GPEX_NUM_IRQS; i++) {
        sysbus_init_irq(sbd, &s->irq[i]);
    }

    s->bus = pci_root_bus_new(dev, "pcie.0", &s->mmio, &s->ioport, 0, TYPE_PCIE_BUS);
    pci_bus_irqs(s->bus, gpex_set_irq, gpex_map_irq, s, GPEX_NUM_IRQS);

    root = qdev_new(TYPE_GPEX_ROOT_DEVICE);
    object_property_add_child(OBJECT(s), "gpex_root", OBJECT(root));
    qdev_prop_set_int32(root, "addr", PCI_DEVFN(0, 0));
    if (!qdev_realize_and_unref(root, &s->bus->qbus, errp)) {
        return;
    }
    s->root = PCI_DEVICE(root);
}

static Property gpex_host_properties[] = {
    /* Off in virt-5.2 and older (hw_compat_5_2): unclaimed accesses fault. */
    DEFINE_PROP_BOOL("allow-unmapped-accesses", GPEXHost, allow_unmapped_accesses, true),
    DEFINE_PROP_END_OF_LIST(),
};

static void gpex_host_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = gpex_host_realize;
    dc->fw_name = "pci";
    device_class_set_category(dc, DEVICE_CATEGORY_BRIDGE);
    device_class_set_props(dc, gpex_host_properties);
}

static void gpex_root_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);

    dc->desc = "QEMU generic PCIe host bridge";
    dc->user_creatable = false;
    device_class_set_category(dc, DEVICE_CATEGORY_BRIDGE);
    pc->vendor_id = PCI_VENDOR_ID_REDHAT;
    pc->device_id = PCI_DEVICE_ID_REDHAT_PCIE_HOST;
    pc->revision = 0;
    pc->class_id = PCI_CLASS_BRIDGE_HOST;
}

static const TypeInfo gpex_types[] = {
    {
        .name = TYPE_GPEX_HOST,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(GPEXHost),
        .class_init = gpex_host_class_init,
    },
    {
        .name = TYPE_GPEX_ROOT_DEVICE,
        .parent = TYPE_PCI_DEVICE,
        .instance_size = sizeof(PCIDevice),
        .class_init = gpex_root_class_init,
    },
};
DEFINE_TYPES(gpex_types)
