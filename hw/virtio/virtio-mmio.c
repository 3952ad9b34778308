/*
 * The virtio-mmio transport.  Today it models the transport with no device
 * plugged in, which is what a guest sees on each unused slot of the virt
 * board: the identification registers answer, the rest reads as zero and
 * writes are ignored.  Device backends plug in through the virtio bus.
 */
#include "qemu/osdep.h"
#include "hw/virtio/virtio-mmio.h"
#include "hw/qdev-properties.h"

static uint64_t virtio_mmio_read(void *opaque, hwaddr offset, unsigned size)
{
    VirtIOMMIOProxy *proxy = opaque;

    if (size != 4) {
        /* The spec allows only 32-bit accesses to the register block. */
        return 0;
    }
    switch (offset) {
    case VIRTIO_MMIO_MAGIC_VALUE:
        return VIRT_MAGIC;
    case VIRTIO_MMIO_VERSION:
        return proxy->legacy ? 1 : 2;
    case VIRTIO_MMIO_VENDOR_ID:
        return VIRT_VENDOR;
    case VIRTIO_MMIO_DEVICE_ID:
        /* 0: no device; Linux skips the slot. */
    default:
        return 0;
    }
}

static void virtio_mmio_write(void *opaque, hwaddr offset, uint64_t value, unsigned size)
{
    /* Nothing to configure on an empty transport. */
}

static const MemoryRegionOps virtio_mmio_ops = {
    .read = virtio_mmio_read,
    .write = virtio_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

/*
 * Seed 000: two virtio devices on different transports must not share a
 * device path, so the transport's base address becomes part of it, unless
 * the machine type predates that (format_transport_address=off).
 */
static char *virtio_mmio_bus_get_dev_path(DeviceState *dev)
{
    BusState *bus = dev->parent_bus;
    VirtIOMMIOProxy *proxy = VIRTIO_MMIO(bus->parent);
    SysBusDevice *sbd = SYS_BUS_DEVICE(proxy);
    char *proxy_path = qdev_get_dev_path(DEVICE(proxy));
    char *path;

    if (!proxy->format_transport_address) {
        return proxy_path;
    }
    if (sbd->num_mmio < 1 || sbd->mmio[0].addr == (hwaddr)-1) {
        /* Not mapped: there is no address to tell transports apart by. */
        return proxy_path;
    }
    if (proxy_path) {
        path = g_strdup_printf("%s/virtio-mmio@%016" PRIx64, proxy_path, sbd->mmio[0].addr);
    } else {
        path = g_strdup_printf("virtio-mmio@%016" PRIx64, sbd->mmio[0].addr);
    }
    g_free(proxy_path);
    return path;
}

static void virtio_mmio_instance_init(Object *obj)
{
    VirtIOMMIOProxy *proxy = VIRTIO_MMIO(obj);
    SysBusDevice *sbd = SYS_BUS_DEVICE(obj);

    memory_region_init_io(&proxy->iomem, obj, &virtio_mmio_ops, proxy, TYPE_VIRTIO_MMIO,
                          VIRTIO_MMIO_SIZE);
    sysbus_init_mmio(sbd, &proxy->iomem);
    sysbus_init_irq(sbd, &proxy->irq);
}

static void virtio_mmio_realize(DeviceState *d, Error **errp)
{
    VirtIOMMIOProxy *proxy = VIRTIO_MMIO(d);
    qbus_init(&proxy->bus, sizeof(proxy->bus), TYPE_VIRTIO_MMIO_BUS, d, NULL);
}

static Property virtio_mmio_properties[] = {
    DEFINE_PROP_BOOL("format_transport_address", VirtIOMMIOProxy,
                     format_transport_address, true),
    DEFINE_PROP_BOOL("force-legacy", VirtIOMMIOProxy, legacy, true),
    DEFINE_PROP_END_OF_LIST(),
};

static void virtio_mmio_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = virtio_mmio_realize;
    /*
     * No vmsd, on purpose: an empty transport has nothing a guest can
     * change (writes are ignored, reads are constants), and QEMU sends no
     * section for one either.  The transport's registers (status, queue
     * setup, guest features) become state once a backend plugs in, and then
     * travel inside that device's own section as QEMU's transport state does.
     */
    dc->desc = "virtio-mmio transport";
    device_class_set_category(dc, DEVICE_CATEGORY_MISC);
    device_class_set_props(dc, virtio_mmio_properties);
}

static void virtio_mmio_bus_class_init(ObjectClass *oc, void *data)
{
    BusClass *bc = BUS_CLASS(oc);
    bc->get_dev_path = virtio_mmio_bus_get_dev_path;
    bc->max_dev = 1;
}

static const TypeInfo virtio_mmio_types[] = {
    {
        .name = TYPE_VIRTIO_MMIO,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(VirtIOMMIOProxy),
        .instance_init = virtio_mmio_instance_init,
        .class_init = virtio_mmio_class_init,
    },
    {
        .name = TYPE_VIRTIO_MMIO_BUS,
        .parent = TYPE_VIRTIO_BUS,
        .instance_size = sizeof(VirtioBusState),
        .class_init = virtio_mmio_bus_class_init,
    },
};

DEFINE_TYPES(virtio_mmio_types)
