/*
 * The virtio-mmio transport: the register window a guest driver uses to find
 * a virtio device, negotiate features, set up its queues and kick them, and
 * the one level-triggered interrupt (high while InterruptStatus is non-zero).
 * An empty transport (the usual state of most slots on the virt board)
 * answers the identification registers with device id 0 and ignores the rest.
 * Legacy (version 1) by default, modern (version 2) with force-legacy=off.
 */
#include "qemu/osdep.h"
#include "hw/virtio/virtio-mmio.h"
#include "hw/qdev-properties.h"
#include "hw/irq.h"
#include "qemu/log.h"
#include "qemu/bswap.h"

static VirtIODevice *virtio_mmio_vdev(VirtIOMMIOProxy *proxy)
{
    DeviceState *dev = virtio_bus_get_device(&proxy->bus);

    /* Devices that are not virtio devices (tests plug such) are ignored. */
    if (!dev || !dev->realized || !object_dynamic_cast(OBJECT(dev), TYPE_VIRTIO_DEVICE)) {
        return NULL;
    }
    return VIRTIO_DEVICE(dev);
}

static void virtio_mmio_update_irq(VirtIOMMIOProxy *proxy)
{
    VirtIODevice *vdev = virtio_mmio_vdev(proxy);
    qemu_set_irq(proxy->irq, vdev && vdev->isr != 0);
}

/* Guest-visible transport state back to power-on values (the device's own reset is separate). */
static void virtio_mmio_soft_reset(VirtIOMMIOProxy *proxy)
{
    proxy->host_features_sel = 0;
    proxy->guest_features_sel = 0;
    proxy->guest_features[0] = proxy->guest_features[1] = 0;
    memset(proxy->vqs, 0, sizeof(proxy->vqs));
}

static bool virtio_mmio_config_read(VirtIOMMIOProxy *proxy, VirtIODevice *vdev, hwaddr addr,
                                    unsigned size, uint64_t *val)
{
    switch (size) {
    case 1:
        *val = proxy->legacy ? virtio_config_readb(vdev, addr)
                             : virtio_config_modern_readb(vdev, addr);
        return true;
    case 2:
        *val = proxy->legacy ? virtio_config_readw(vdev, addr)
                             : virtio_config_modern_readw(vdev, addr);
        return true;
    case 4:
        *val = proxy->legacy ? virtio_config_readl(vdev, addr)
                             : virtio_config_modern_readl(vdev, addr);
        return true;
    }
    return false;
}

static void virtio_mmio_config_write(VirtIOMMIOProxy *proxy, VirtIODevice *vdev, hwaddr addr,
                                     unsigned size, uint32_t val)
{
    switch (size) {
    case 1:
        proxy->legacy ? virtio_config_writeb(vdev, addr, val)
                      : virtio_config_modern_writeb(vdev, addr, val);
        break;
    case 2:
        proxy->legacy ? virtio_config_writew(vdev, addr, val)
                      : virtio_config_modern_writew(vdev, addr, val);
        break;
    case 4:
        proxy->legacy ? virtio_config_writel(vdev, addr, val)
                      : virtio_config_modern_writel(vdev, addr, val);
        break;
    }
}

static bool virtio_mmio_legacy_only(hwaddr offset)
{
    return offset == VIRTIO_MMIO_GUEST_PAGE_SIZE || offset == VIRTIO_MMIO_QUEUE_ALIGN ||
           offset == VIRTIO_MMIO_QUEUE_PFN;
}

static bool virtio_mmio_modern_only(hwaddr offset)
{
    return offset == VIRTIO_MMIO_QUEUE_READY ||
           (offset >= VIRTIO_MMIO_QUEUE_DESC_LOW && offset <= VIRTIO_MMIO_QUEUE_RESET) ||
           offset == VIRTIO_MMIO_CONFIG_GENERATION;
}

static uint64_t virtio_mmio_read(void *opaque, hwaddr offset, unsigned size)
{
    VirtIOMMIOProxy *proxy = opaque;
    VirtIODevice *vdev = virtio_mmio_vdev(proxy);
    uint64_t val = 0;

    if (offset >= VIRTIO_MMIO_CONFIG) {
        if (vdev && virtio_mmio_config_read(proxy, vdev, offset - VIRTIO_MMIO_CONFIG, size,
                                            &val)) {
            return val;
        }
        return 0;
    }
    if (size != 4) {
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-mmio: %u-byte read of register 0x%" HWADDR_PRIx
                      " (registers are 32-bit)\n", size, offset);
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
        return vdev ? vdev->device_id : 0;
    }
    if (!vdev) {
        return 0;
    }
    if ((proxy->legacy && virtio_mmio_modern_only(offset)) ||
        (!proxy->legacy && virtio_mmio_legacy_only(offset))) {
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-mmio: read of 0x%" HWADDR_PRIx
                      ", not a %s register\n", offset, proxy->legacy ? "legacy" : "modern");
        return 0;
    }
    switch (offset) {
    case VIRTIO_MMIO_DEVICE_FEATURES:
        if (proxy->legacy) {
            return proxy->host_features_sel ? 0 : (uint32_t)vdev->host_features;
        }
        return proxy->host_features_sel < 2
               ? (uint32_t)(vdev->host_features >> (32 * proxy->host_features_sel)) : 0;
    case VIRTIO_MMIO_QUEUE_NUM_MAX:
        /* Any size up to the core's limit, as QEMU offers. */
        return virtio_queue_get_num(vdev, vdev->queue_sel) ? VIRTIO_QUEUE_MAX : 0;
    case VIRTIO_MMIO_QUEUE_PFN:
        return virtio_queue_get_addr(vdev, vdev->queue_sel) >> proxy->guest_page_shift;
    case VIRTIO_MMIO_QUEUE_READY:
        return proxy->vqs[vdev->queue_sel].enabled;
    case VIRTIO_MMIO_INTERRUPT_STATUS:
        return vdev->isr;
    case VIRTIO_MMIO_STATUS:
        return vdev->status;
    case VIRTIO_MMIO_CONFIG_GENERATION:
        return vdev->generation;
    case VIRTIO_MMIO_SHM_LEN_LOW:
    case VIRTIO_MMIO_SHM_LEN_HIGH:
        /* All-ones length: no shared memory region (spec 4.2.2). */
        return 0xffffffff;
    case VIRTIO_MMIO_QUEUE_RESET:
        /* The reset is done by the time the write returns. */
        return 0;
    case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
    case VIRTIO_MMIO_DRIVER_FEATURES:
    case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
    case VIRTIO_MMIO_GUEST_PAGE_SIZE:
    case VIRTIO_MMIO_QUEUE_SEL:
    case VIRTIO_MMIO_QUEUE_NUM:
    case VIRTIO_MMIO_QUEUE_ALIGN:
    case VIRTIO_MMIO_QUEUE_NOTIFY:
    case VIRTIO_MMIO_INTERRUPT_ACK:
    case VIRTIO_MMIO_QUEUE_DESC_LOW:
    case VIRTIO_MMIO_QUEUE_DESC_HIGH:
    case VIRTIO_MMIO_QUEUE_AVAIL_LOW:
    case VIRTIO_MMIO_QUEUE_AVAIL_HIGH:
    case VIRTIO_MMIO_QUEUE_USED_LOW:
    case VIRTIO_MMIO_QUEUE_USED_HIGH:
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-mmio: read of write-only register 0x%"
                      HWADDR_PRIx "\n", offset);
        return 0;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-mmio: read of unknown register 0x%"
                      HWADDR_PRIx "\n", offset);
        return 0;
    }
}

/* Modern: QueueReady=1 hands the queue to the device with what the driver wrote. */
static void virtio_mmio_queue_ready(VirtIOMMIOProxy *proxy, VirtIODevice *vdev, uint32_t ready)
{
    int n = vdev->queue_sel;
    VirtIOMMIOQueue *q = &proxy->vqs[n];

    if (!ready) {
        virtio_queue_set_addr(vdev, n, 0);
        q->enabled = false;
        return;
    }
    if (!virtio_queue_get_num(vdev, n) || q->num == 0 || q->num > VIRTIO_QUEUE_MAX) {
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-mmio: queue %d cannot be made ready with "
                      "size %u\n", n, q->num);
        return;
    }
    virtio_queue_set_num(vdev, n, q->num);
    virtio_queue_set_rings(vdev, n, ((uint64_t)q->desc[1] << 32) | q->desc[0],
                           ((uint64_t)q->avail[1] << 32) | q->avail[0],
                           ((uint64_t)q->used[1] << 32) | q->used[0]);
    q->enabled = true;
}

static void virtio_mmio_set_status(VirtIOMMIOProxy *proxy, VirtIODevice *vdev, uint32_t value)
{
    if (!proxy->legacy && (value & VIRTIO_CONFIG_S_FEATURES_OK) &&
        !(vdev->status & VIRTIO_CONFIG_S_FEATURES_OK)) {
        uint64_t features = ((uint64_t)proxy->guest_features[1] << 32) |
                            proxy->guest_features[0];
        if (virtio_set_features(vdev, features) < 0) {
            /* Features the device did not offer: FEATURES_OK stays clear. */
            value &= ~VIRTIO_CONFIG_S_FEATURES_OK;
        }
    }
    virtio_set_status(vdev, value & 0xff);
    if (value == 0) {
        virtio_mmio_soft_reset(proxy);
    }
    virtio_mmio_update_irq(proxy);
}

static void virtio_mmio_write(void *opaque, hwaddr offset, uint64_t value, unsigned size)
{
    VirtIOMMIOProxy *proxy = opaque;
    VirtIODevice *vdev = virtio_mmio_vdev(proxy);
    VirtIOMMIOQueue *q;

    if (!vdev) {
        /* Nothing to configure on an empty transport. */
        return;
    }
    if (offset >= VIRTIO_MMIO_CONFIG) {
        virtio_mmio_config_write(proxy, vdev, offset - VIRTIO_MMIO_CONFIG, size, value);
        return;
    }
    if (size != 4) {
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-mmio: %u-byte write of register 0x%"
                      HWADDR_PRIx " (registers are 32-bit)\n", size, offset);
        return;
    }
    if ((proxy->legacy && virtio_mmio_modern_only(offset)) ||
        (!proxy->legacy && virtio_mmio_legacy_only(offset))) {
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-mmio: write of 0x%" HWADDR_PRIx
                      ", not a %s register\n", offset, proxy->legacy ? "legacy" : "modern");
        return;
    }
    q = &proxy->vqs[vdev->queue_sel];
    switch (offset) {
    case VIRTIO_MMIO_DEVICE_FEATURES_SEL:
        /* Two feature words: any non-zero selects the high one, as QEMU. */
        proxy->host_features_sel = value ? 1 : 0;
        break;
    case VIRTIO_MMIO_DRIVER_FEATURES:
        if (proxy->legacy) {
            if (proxy->guest_features_sel == 0) {
                virtio_set_features(vdev, (uint32_t)value);
            } else {
                qemu_log_mask(LOG_GUEST_ERROR, "virtio-mmio: legacy driver features "
                              "word %u written\n", proxy->guest_features_sel);
            }
        } else if (proxy->guest_features_sel < 2) {
            proxy->guest_features[proxy->guest_features_sel] = value;
        }
        break;
    case VIRTIO_MMIO_DRIVER_FEATURES_SEL:
        proxy->guest_features_sel = value ? 1 : 0;
        break;
    case VIRTIO_MMIO_GUEST_PAGE_SIZE:
        if (value == 0 || (value & (value - 1))) {
            qemu_log_mask(LOG_GUEST_ERROR, "virtio-mmio: guest page size 0x%" PRIx64
                          " is not a power of two\n", value);
            break;
        }
        proxy->guest_page_shift = __builtin_ctz((uint32_t)value);
        break;
    case VIRTIO_MMIO_QUEUE_SEL:
        if (value < VIRTIO_QUEUE_MAX) {
            vdev->queue_sel = value;
        }
        break;
    case VIRTIO_MMIO_QUEUE_NUM:
        if (proxy->legacy) {
            virtio_queue_set_num(vdev, vdev->queue_sel, value);
        } else {
            q->num = MIN(value, UINT16_MAX);
        }
        break;
    case VIRTIO_MMIO_QUEUE_ALIGN:
        virtio_queue_set_align(vdev, vdev->queue_sel, MIN(value, INT_MAX));
        break;
    case VIRTIO_MMIO_QUEUE_PFN:
        /* 0: the driver stops using the queue (legacy spec 4.2.4). */
        virtio_queue_set_addr(vdev, vdev->queue_sel, value << proxy->guest_page_shift);
        break;
    case VIRTIO_MMIO_QUEUE_READY:
        virtio_mmio_queue_ready(proxy, vdev, value);
        break;
    case VIRTIO_MMIO_QUEUE_NOTIFY:
        if (value < VIRTIO_QUEUE_MAX) {
            virtio_queue_notify(vdev, value);
        }
        break;
    case VIRTIO_MMIO_INTERRUPT_ACK:
        __atomic_fetch_and(&vdev->isr, ~(uint8_t)value, __ATOMIC_SEQ_CST);
        virtio_mmio_update_irq(proxy);
        break;
    case VIRTIO_MMIO_STATUS:
        virtio_mmio_set_status(proxy, vdev, value);
        break;
    case VIRTIO_MMIO_QUEUE_DESC_LOW:
        q->desc[0] = value;
        break;
    case VIRTIO_MMIO_QUEUE_DESC_HIGH:
        q->desc[1] = value;
        break;
    case VIRTIO_MMIO_QUEUE_AVAIL_LOW:
        q->avail[0] = value;
        break;
    case VIRTIO_MMIO_QUEUE_AVAIL_HIGH:
        q->avail[1] = value;
        break;
    case VIRTIO_MMIO_QUEUE_USED_LOW:
        q->used[0] = value;
        break;
    case VIRTIO_MMIO_QUEUE_USED_HIGH:
        q->used[1] = value;
        break;
    case VIRTIO_MMIO_QUEUE_RESET:
        if (value == 1 && virtio_vdev_has_feature(vdev, VIRTIO_F_RING_RESET)) {
            virtio_queue_reset(vdev, vdev->queue_sel);
            memset(q, 0, sizeof(*q));
        }
        break;
    case VIRTIO_MMIO_SHM_SEL:
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "virtio-mmio: write of %s register 0x%" HWADDR_PRIx
                      "\n", offset < VIRTIO_MMIO_CONFIG_GENERATION + 4 ? "read-only or unknown"
                      : "unknown", offset);
        break;
    }
}

static const MemoryRegionOps virtio_mmio_ops = {
    .read = virtio_mmio_read,
    .write = virtio_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* ---- the transport's side of the virtio bus ---- */

static void virtio_mmio_notify(DeviceState *d, uint16_t vector)
{
    virtio_mmio_update_irq(VIRTIO_MMIO(d));
}

static bool virtio_mmio_has_variable_vring_alignment(DeviceState *d)
{
    /* Always, as QEMU: the stream carries every queue's alignment. */
    return true;
}

static uint64_t virtio_mmio_get_transport_features(DeviceState *d, uint64_t features)
{
    if (!VIRTIO_MMIO(d)->legacy) {
        virtio_add_feature(&features, VIRTIO_F_VERSION_1);
    }
    return features;
}

static void virtio_mmio_device_plugged(DeviceState *d, Error **errp)
{
    VirtIOMMIOProxy *proxy = VIRTIO_MMIO(d);

    virtio_mmio_soft_reset(proxy);
    proxy->guest_page_shift = 0;
}

static void virtio_mmio_device_unplugged(DeviceState *d)
{
    VirtIOMMIOProxy *proxy = VIRTIO_MMIO(d);

    virtio_mmio_soft_reset(proxy);
    qemu_set_irq(proxy->irq, 0);
}

/*
 * Migration, in QEMU's layout: the feature selectors and the guest page
 * size as the transport's config (always), and for a modern transport the
 * per-queue registers and driver features as the virtio extra state.
 */
static void virtio_mmio_save_config(DeviceState *d, QEMUFile *f)
{
    VirtIOMMIOProxy *proxy = VIRTIO_MMIO(d);

    qemu_put_be32(f, proxy->host_features_sel);
    qemu_put_be32(f, proxy->guest_features_sel);
    qemu_put_be32(f, proxy->guest_page_shift);
}

static int virtio_mmio_load_config(DeviceState *d, QEMUFile *f)
{
    VirtIOMMIOProxy *proxy = VIRTIO_MMIO(d);

    proxy->host_features_sel = qemu_get_be32(f);
    proxy->guest_features_sel = qemu_get_be32(f);
    proxy->guest_page_shift = qemu_get_be32(f);
    /* A shift of 32 or more would make QueuePFN meaningless. */
    return proxy->guest_page_shift > 31 ? -EINVAL : 0;
}

static bool virtio_mmio_has_extra_state(DeviceState *d)
{
    return !VIRTIO_MMIO(d)->legacy;
}

static const VMStateDescription vmstate_virtio_mmio_queue_state = {
    .name = "virtio_mmio/queue_state",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT16(num, VirtIOMMIOQueue),
        VMSTATE_BOOL(enabled, VirtIOMMIOQueue),
        VMSTATE_UINT32_ARRAY(desc, VirtIOMMIOQueue, 2),
        VMSTATE_UINT32_ARRAY(avail, VirtIOMMIOQueue, 2),
        VMSTATE_UINT32_ARRAY(used, VirtIOMMIOQueue, 2),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_virtio_mmio_state = {
    .name = "virtio_mmio/state",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_ARRAY(guest_features, VirtIOMMIOProxy, 2),
        VMSTATE_STRUCT_ARRAY(vqs, VirtIOMMIOProxy, VIRTIO_QUEUE_MAX, 0,
                             vmstate_virtio_mmio_queue_state, VirtIOMMIOQueue),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_virtio_mmio = {
    .name = "virtio_mmio",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription *const []) {
        &vmstate_virtio_mmio_state,
        NULL
    },
};

static const VirtioBusOps virtio_mmio_bus_ops = {
    .notify = virtio_mmio_notify,
    .save_config = virtio_mmio_save_config,
    .load_config = virtio_mmio_load_config,
    .has_variable_vring_alignment = virtio_mmio_has_variable_vring_alignment,
    .get_transport_features = virtio_mmio_get_transport_features,
    .device_plugged = virtio_mmio_device_plugged,
    .device_unplugged = virtio_mmio_device_unplugged,
    .has_extra_state = virtio_mmio_has_extra_state,
    .extra_state_vmsd = &vmstate_virtio_mmio,
};

/* ---- device paths (seed 000) ---- */

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

/* ---- the transport device ---- */

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

static void virtio_mmio_reset(DeviceState *d)
{
    VirtIOMMIOProxy *proxy = VIRTIO_MMIO(d);
    VirtIODevice *vdev = virtio_mmio_vdev(proxy);

    virtio_mmio_soft_reset(proxy);
    proxy->guest_page_shift = 0;
    if (vdev) {
        virtio_reset(vdev);
    }
    virtio_mmio_update_irq(proxy);
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
    dc->reset = virtio_mmio_reset;
    /*
     * No vmsd, on purpose, as QEMU: the transport's guest-set state travels
     * inside the plugged device's own section (the virtio "extra_state"
     * subsection); an empty transport has nothing a guest can change.
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
    virtio_bus_class_set_ops(VIRTIO_BUS_CLASS(oc), &virtio_mmio_bus_ops);
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
