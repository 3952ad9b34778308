/*
 * The virtio-mmio transport (a sysbus device with a 0x200 register window and
 * one interrupt) and its virtio-mmio-bus.
 */
#ifndef HW_VIRTIO_MMIO_H
#define HW_VIRTIO_MMIO_H

#include "hw/sysbus.h"
#include "hw/virtio/virtio-bus.h"

#define TYPE_VIRTIO_MMIO "virtio-mmio"
#define TYPE_VIRTIO_MMIO_BUS "virtio-mmio-bus"
OBJECT_DECLARE_SIMPLE_TYPE(VirtIOMMIOProxy, VIRTIO_MMIO)

#define VIRT_MAGIC 0x74726976          /* "virt" */
#define VIRT_VENDOR 0x554D4551         /* "QEMU" */
#define VIRTIO_MMIO_SIZE 0x200

/* Register offsets (virtio 1.x spec, 4.2.2; legacy 4.2.4). */
enum {
    VIRTIO_MMIO_MAGIC_VALUE = 0x000,
    VIRTIO_MMIO_VERSION = 0x004,
    VIRTIO_MMIO_DEVICE_ID = 0x008,
    VIRTIO_MMIO_VENDOR_ID = 0x00c,
};

struct VirtIOMMIOProxy {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    qemu_irq irq;
    VirtioBusState bus;
    /* Properties */
    bool format_transport_address;
    bool legacy;                       /* "force-legacy" */
};

#endif
