/*
 * The virtio-mmio transport (a sysbus device with a 0x200 register window and
 * one interrupt) and its virtio-mmio-bus.  Legacy (version 1, the default:
 * force-legacy=on) and modern (version 2) register layouts.
 */
#ifndef HW_VIRTIO_MMIO_H
#define HW_VIRTIO_MMIO_H

#include "hw/sysbus.h"
#include "hw/virtio/virtio-bus.h"
#include "hw/virtio/virtio.h"

#define TYPE_VIRTIO_MMIO "virtio-mmio"
#define TYPE_VIRTIO_MMIO_BUS "virtio-mmio-bus"
OBJECT_DECLARE_SIMPLE_TYPE(VirtIOMMIOProxy, VIRTIO_MMIO)

#define VIRT_MAGIC 0x74726976          /* "virt" */
#define VIRT_VENDOR 0x554D4551         /* "QEMU" */
#define VIRTIO_MMIO_SIZE 0x200

/* Register offsets (virtio 1.2, 4.2.2; legacy 4.2.4).  All 32-bit. */
enum {
    VIRTIO_MMIO_MAGIC_VALUE = 0x000,
    VIRTIO_MMIO_VERSION = 0x004,
    VIRTIO_MMIO_DEVICE_ID = 0x008,
    VIRTIO_MMIO_VENDOR_ID = 0x00c,
    VIRTIO_MMIO_DEVICE_FEATURES = 0x010,      /* legacy: HostFeatures */
    VIRTIO_MMIO_DEVICE_FEATURES_SEL = 0x014,
    VIRTIO_MMIO_DRIVER_FEATURES = 0x020,      /* legacy: GuestFeatures */
    VIRTIO_MMIO_DRIVER_FEATURES_SEL = 0x024,
    VIRTIO_MMIO_GUEST_PAGE_SIZE = 0x028,      /* legacy only */
    VIRTIO_MMIO_QUEUE_SEL = 0x030,
    VIRTIO_MMIO_QUEUE_NUM_MAX = 0x034,
    VIRTIO_MMIO_QUEUE_NUM = 0x038,
    VIRTIO_MMIO_QUEUE_ALIGN = 0x03c,          /* legacy only */
    VIRTIO_MMIO_QUEUE_PFN = 0x040,            /* legacy only */
    VIRTIO_MMIO_QUEUE_READY = 0x044,          /* modern only */
    VIRTIO_MMIO_QUEUE_NOTIFY = 0x050,
    VIRTIO_MMIO_INTERRUPT_STATUS = 0x060,
    VIRTIO_MMIO_INTERRUPT_ACK = 0x064,
    VIRTIO_MMIO_STATUS = 0x070,
    VIRTIO_MMIO_QUEUE_DESC_LOW = 0x080,       /* modern only, through 0xa4 */
    VIRTIO_MMIO_QUEUE_DESC_HIGH = 0x084,
    VIRTIO_MMIO_QUEUE_AVAIL_LOW = 0x090,
    VIRTIO_MMIO_QUEUE_AVAIL_HIGH = 0x094,
    VIRTIO_MMIO_QUEUE_USED_LOW = 0x0a0,
    VIRTIO_MMIO_QUEUE_USED_HIGH = 0x0a4,
    VIRTIO_MMIO_SHM_SEL = 0x0ac,
    VIRTIO_MMIO_SHM_LEN_LOW = 0x0b0,
    VIRTIO_MMIO_SHM_LEN_HIGH = 0x0b4,
    VIRTIO_MMIO_SHM_BASE_LOW = 0x0b8,
    VIRTIO_MMIO_SHM_BASE_HIGH = 0x0bc,
    VIRTIO_MMIO_QUEUE_RESET = 0x0c0,          /* modern, VIRTIO_F_RING_RESET */
    VIRTIO_MMIO_CONFIG_GENERATION = 0x0fc,    /* modern only */
    VIRTIO_MMIO_CONFIG = 0x100,
};

/* What a modern driver wrote for one queue, applied when it sets QueueReady. */
typedef struct VirtIOMMIOQueue {
    uint16_t num;
    bool enabled;
    uint32_t desc[2];
    uint32_t avail[2];
    uint32_t used[2];
} VirtIOMMIOQueue;

struct VirtIOMMIOProxy {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    qemu_irq irq;
    VirtioBusState bus;
    /* Properties */
    bool format_transport_address;
    bool legacy;                       /* "force-legacy" */
    /* Guest-set transport state (reset with the device). */
    uint32_t host_features_sel;
    uint32_t guest_features_sel;
    uint32_t guest_page_shift;         /* legacy: QueuePFN unit */
    uint32_t guest_features[2];        /* modern: applied at FEATURES_OK */
    VirtIOMMIOQueue vqs[VIRTIO_QUEUE_MAX];
};

#endif
