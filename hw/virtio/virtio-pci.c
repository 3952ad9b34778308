/*
 * The virtio-pci transport: maps the legacy I/O BAR, the modern capability
 * blocks (common, ISR, device, notify, PCI config window) and MSI-X onto the
 * virtio core's operations, and carries the transport's state in the
 * device's migration section.  The devices themselves live behind the
 * virtio-pci-bus; the concrete proxies are in virtio-*-pci.c.
 */
#include "qemu/osdep.h"
#include "hw/virtio/virtio-pci.h"
#include "hw/boards.h"
#include "hw/pci/msix.h"
#include "migration/qemu-file.h"
#include "migration/vmstate.h"
#include "qemu/bswap.h"
#include "qemu/log.h"

#ifndef VIRTIO_F_RING_RESET
#define VIRTIO_F_RING_RESET 40
#endif

/* The transitional ABI revision; modern-only functions report 1. */
#define VIRTIO_PCI_ABI_VERSION 0

bool virtio_pci_modern(VirtIOPCIProxy *proxy)
{
    return proxy->modern;
}

bool virtio_pci_legacy(VirtIOPCIProxy *proxy)
{
    return proxy->legacy;
}

static VirtIODevice *proxy_vdev(VirtIOPCIProxy *proxy)
{
    DeviceState *d = virtio_bus_get_device(&proxy->bus);
    return d ? VIRTIO_DEVICE(d) : NULL;
}

static uint32_t virtio_pci_queue_mem_mult(VirtIOPCIProxy *proxy)
{
    return proxy->page_per_vq ? VIRTIO_PCI_PAGE_NOTIFY_MULT : VIRTIO_PCI_QUEUE_NOTIFY_MULT;
}

/* Vector writes: a vector the table does not have reads back as NO_VECTOR. */
static uint16_t virtio_pci_take_vector(VirtIOPCIProxy *proxy, uint16_t old, uint32_t val)
{
    if (old != VIRTIO_NO_VECTOR) {
        msix_vector_unuse(&proxy->pci_dev, old);
    }
    if (val < proxy->nvectors && msix_vector_use(&proxy->pci_dev, val) == 0) {
        return val;
    }
    return VIRTIO_NO_VECTOR;
}

static void virtio_pci_set_config_vector(VirtIOPCIProxy *proxy, VirtIODevice *vdev,
                                         uint32_t val)
{
    vdev->config_vector = virtio_pci_take_vector(proxy, vdev->config_vector, val);
}

static void virtio_pci_set_queue_vector(VirtIOPCIProxy *proxy, VirtIODevice *vdev,
                                        uint32_t val)
{
    int n = vdev->queue_sel;
    virtio_queue_set_vector(vdev, n,
                            virtio_pci_take_vector(proxy, virtio_queue_vector(vdev, n), val));
}

/* The function as a whole goes back to its reset state (guest or bus reset). */
static void virtio_pci_reset_proxy(VirtIOPCIProxy *proxy)
{
    VirtIODevice *vdev = proxy_vdev(proxy);

    if (vdev) {
        virtio_reset(vdev);
    }
    msix_unuse_all_vectors(&proxy->pci_dev);
    memset(proxy->vqs, 0, sizeof(proxy->vqs));
    pci_irq_deassert(&proxy->pci_dev);
}

static void virtio_pci_write_status(VirtIOPCIProxy *proxy, VirtIODevice *vdev, uint8_t val)
{
    virtio_set_status(vdev, val);
    if (vdev->status == 0) {
        virtio_pci_reset_proxy(proxy);
    }
}

/* ---- legacy I/O BAR 0 ---- */

static uint32_t virtio_pci_legacy_reg_read(VirtIOPCIProxy *proxy, VirtIODevice *vdev,
                                           hwaddr addr)
{
    switch (addr) {
    case VIRTIO_PCI_HOST_FEATURES:
        return (uint32_t)vdev->host_features;
    case VIRTIO_PCI_GUEST_FEATURES:
        return (uint32_t)vdev->guest_features;
    case VIRTIO_PCI_QUEUE_PFN:
        return virtio_queue_get_addr(vdev, vdev->queue_sel) >> VIRTIO_PCI_QUEUE_ADDR_SHIFT;
    case VIRTIO_PCI_QUEUE_NUM:
        return virtio_queue_get_num(vdev, vdev->queue_sel);
    case VIRTIO_PCI_QUEUE_SEL:
        return vdev->queue_sel;
    case VIRTIO_PCI_STATUS:
        return vdev->status;
    case VIRTIO_PCI_ISR: {
        /* Reading acknowledges: the bits clear and INTx drops. */
        uint8_t isr = virtio_isr_read_and_clear(vdev);
        pci_irq_deassert(&proxy->pci_dev);
        return isr;
    }
    case VIRTIO_MSI_CONFIG_VECTOR:
        return vdev->config_vector;
    case VIRTIO_MSI_QUEUE_VECTOR:
        return virtio_queue_vector(vdev, vdev->queue_sel);
    default:
        return 0;
    }
}

static void virtio_pci_legacy_reg_write(VirtIOPCIProxy *proxy, VirtIODevice *vdev,
                                        hwaddr addr, uint32_t val)
{
    switch (addr) {
    case VIRTIO_PCI_GUEST_FEATURES:
        /* A driver that acks the bad-feature bit cannot negotiate: give it nothing. */
        if (val & (1u << VIRTIO_F_BAD_FEATURE)) {
            val = 0;
        }
        virtio_set_features(vdev, val);
        break;
    case VIRTIO_PCI_QUEUE_PFN:
        if (val == 0) {
            /* PFN 0 is the legacy way to reset the device. */
            virtio_pci_reset_proxy(proxy);
        } else {
            virtio_queue_set_addr(vdev, vdev->queue_sel,
                                  (hwaddr)val << VIRTIO_PCI_QUEUE_ADDR_SHIFT);
        }
        break;
    case VIRTIO_PCI_QUEUE_SEL:
        if (val < VIRTIO_QUEUE_MAX) {
            vdev->queue_sel = val;
        }
        break;
    case VIRTIO_PCI_QUEUE_NOTIFY:
        if (val < VIRTIO_QUEUE_MAX) {
            virtio_queue_notify(vdev, val);
        }
        break;
    case VIRTIO_PCI_STATUS:
        virtio_pci_write_status(proxy, vdev, val & 0xff);
        /*
         * Linux before 2.6.34 drives the device without setting Bus Master;
         * as QEMU does, turn it on when such a driver says ACKNOWLEDGE|DRIVER.
         */
        if (val == (VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER) &&
            !(proxy->pci_dev.config[PCI_COMMAND] & PCI_COMMAND_MASTER)) {
            pci_default_write_config(&proxy->pci_dev, PCI_COMMAND,
                                     proxy->pci_dev.config[PCI_COMMAND] | PCI_COMMAND_MASTER,
                                     1);
        }
        break;
    case VIRTIO_MSI_CONFIG_VECTOR:
        virtio_pci_set_config_vector(proxy, vdev, val & 0xffff);
        break;
    case VIRTIO_MSI_QUEUE_VECTOR:
        virtio_pci_set_queue_vector(proxy, vdev, val & 0xffff);
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: write of 0x%x to read-only legacy register "
                      "0x%02" PRIx64 "\n", proxy->pci_dev.name, val, (uint64_t)addr);
        break;
    }
}

static uint64_t virtio_pci_legacy_read(void *opaque, hwaddr addr, unsigned size)
{
    VirtIOPCIProxy *proxy = opaque;
    VirtIODevice *vdev = proxy_vdev(proxy);
    uint32_t config = VIRTIO_PCI_CONFIG_OFF(msix_enabled(&proxy->pci_dev));
    uint32_t val;

    if (!vdev) {
        return 0;
    }
    if (addr < config) {
        val = virtio_pci_legacy_reg_read(proxy, vdev, addr);
        return size == 4 ? val : val & ((1u << (8 * size)) - 1);
    }
    addr -= config;
    /* Legacy device config is in the guest's byte order; the BAR is little-endian. */
    switch (size) {
    case 1:
        return virtio_config_readb(vdev, addr);
    case 2:
        val = virtio_config_readw(vdev, addr);
        return virtio_access_is_big_endian(vdev) ? bswap16(val) : val;
    default:
        val = virtio_config_readl(vdev, addr);
        return virtio_access_is_big_endian(vdev) ? bswap32(val) : val;
    }
}

static void virtio_pci_legacy_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    VirtIOPCIProxy *proxy = opaque;
    VirtIODevice *vdev = proxy_vdev(proxy);
    uint32_t config = VIRTIO_PCI_CONFIG_OFF(msix_enabled(&proxy->pci_dev));

    if (!vdev) {
        return;
    }
    if (addr < config) {
        virtio_pci_legacy_reg_write(proxy, vdev, addr, val);
        return;
    }
    addr -= config;
    switch (size) {
    case 1:
        virtio_config_writeb(vdev, addr, val);
        break;
    case 2:
        virtio_config_writew(vdev, addr,
                             virtio_access_is_big_endian(vdev) ? bswap16(val) : val);
        break;
    default:
        virtio_config_writel(vdev, addr,
                             virtio_access_is_big_endian(vdev) ? bswap32(val) : val);
        break;
    }
}

static const MemoryRegionOps virtio_pci_legacy_ops = {
    .read = virtio_pci_legacy_read,
    .write = virtio_pci_legacy_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* ---- modern: common configuration ---- */

static uint64_t virtio_pci_common_read(void *opaque, hwaddr addr, unsigned size)
{
    VirtIOPCIProxy *proxy = opaque;
    VirtIODevice *vdev = proxy_vdev(proxy);
    VirtIOPCIQueue *q;
    uint32_t val = 0;

    if (!vdev) {
        return 0;
    }
    q = &proxy->vqs[vdev->queue_sel];
    switch (addr) {
    case VIRTIO_PCI_COMMON_DFSELECT:
        return proxy->dfselect;
    case VIRTIO_PCI_COMMON_DF:
        return proxy->dfselect <= 1 ? (uint32_t)(vdev->host_features >> (32 * proxy->dfselect))
                                    : 0;
    case VIRTIO_PCI_COMMON_GFSELECT:
        return proxy->gfselect;
    case VIRTIO_PCI_COMMON_GF:
        return proxy->gfselect <= 1 ? proxy->guest_features[proxy->gfselect] : 0;
    case VIRTIO_PCI_COMMON_MSIX:
        return vdev->config_vector;
    case VIRTIO_PCI_COMMON_NUMQ:
        /* One past the highest queue the device has. */
        for (int i = 0; i < VIRTIO_QUEUE_MAX; i++) {
            if (virtio_queue_get_max_num(vdev, i)) {
                val = i + 1;
            }
        }
        return val;
    case VIRTIO_PCI_COMMON_STATUS:
        return vdev->status;
    case VIRTIO_PCI_COMMON_CFGGENERATION:
        return vdev->generation & 0xff;
    case VIRTIO_PCI_COMMON_Q_SELECT:
        return vdev->queue_sel;
    case VIRTIO_PCI_COMMON_Q_SIZE:
        return virtio_queue_get_num(vdev, vdev->queue_sel);
    case VIRTIO_PCI_COMMON_Q_MSIX:
        return virtio_queue_vector(vdev, vdev->queue_sel);
    case VIRTIO_PCI_COMMON_Q_ENABLE:
        return q->enabled;
    case VIRTIO_PCI_COMMON_Q_NOFF:
        /* Queue n notifies at n * notify_off_multiplier. */
        return vdev->queue_sel;
    case VIRTIO_PCI_COMMON_Q_DESCLO:
        return q->desc[0];
    case VIRTIO_PCI_COMMON_Q_DESCHI:
        return q->desc[1];
    case VIRTIO_PCI_COMMON_Q_AVAILLO:
        return q->avail[0];
    case VIRTIO_PCI_COMMON_Q_AVAILHI:
        return q->avail[1];
    case VIRTIO_PCI_COMMON_Q_USEDLO:
        return q->used[0];
    case VIRTIO_PCI_COMMON_Q_USEDHI:
        return q->used[1];
    case VIRTIO_PCI_COMMON_Q_RESET:
        return q->reset;
    default:
        return 0;
    }
}

static void virtio_pci_common_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    VirtIOPCIProxy *proxy = opaque;
    VirtIODevice *vdev = proxy_vdev(proxy);
    VirtIOPCIQueue *q;
    int sel;

    if (!vdev) {
        return;
    }
    sel = vdev->queue_sel;
    q = &proxy->vqs[sel];
    switch (addr) {
    case VIRTIO_PCI_COMMON_DFSELECT:
        proxy->dfselect = val;
        break;
    case VIRTIO_PCI_COMMON_GFSELECT:
        proxy->gfselect = val;
        break;
    case VIRTIO_PCI_COMMON_GF:
        if (proxy->gfselect <= 1) {
            proxy->guest_features[proxy->gfselect] = val;
            virtio_set_features(vdev, (uint64_t)proxy->guest_features[1] << 32 |
                                      proxy->guest_features[0]);
        }
        break;
    case VIRTIO_PCI_COMMON_MSIX:
        virtio_pci_set_config_vector(proxy, vdev, val & 0xffff);
        break;
    case VIRTIO_PCI_COMMON_STATUS:
        virtio_pci_write_status(proxy, vdev, val & 0xff);
        break;
    case VIRTIO_PCI_COMMON_Q_SELECT:
        if (val < VIRTIO_QUEUE_MAX) {
            vdev->queue_sel = val;
        }
        break;
    case VIRTIO_PCI_COMMON_Q_SIZE:
        q->num = val;
        virtio_queue_set_num(vdev, sel, q->num);
        break;
    case VIRTIO_PCI_COMMON_Q_MSIX:
        virtio_pci_set_queue_vector(proxy, vdev, val & 0xffff);
        break;
    case VIRTIO_PCI_COMMON_Q_ENABLE:
        if (val != 1) {
            virtio_error(vdev, "wrong value for queue_enable %" PRIx64, (uint64_t)val);
            break;
        }
        virtio_queue_set_num(vdev, sel, q->num);
        virtio_queue_set_rings(vdev, sel, (uint64_t)q->desc[1] << 32 | q->desc[0],
                               (uint64_t)q->avail[1] << 32 | q->avail[0],
                               (uint64_t)q->used[1] << 32 | q->used[0]);
        q->enabled = true;
        q->reset = false;
        virtio_queue_enable(vdev, sel);
        break;
    case VIRTIO_PCI_COMMON_Q_DESCLO:
        q->desc[0] = val;
        break;
    case VIRTIO_PCI_COMMON_Q_DESCHI:
        q->desc[1] = val;
        break;
    case VIRTIO_PCI_COMMON_Q_AVAILLO:
        q->avail[0] = val;
        break;
    case VIRTIO_PCI_COMMON_Q_AVAILHI:
        q->avail[1] = val;
        break;
    case VIRTIO_PCI_COMMON_Q_USEDLO:
        q->used[0] = val;
        break;
    case VIRTIO_PCI_COMMON_Q_USEDHI:
        q->used[1] = val;
        break;
    case VIRTIO_PCI_COMMON_Q_RESET:
        if (val == 1 && virtio_vdev_has_feature(vdev, VIRTIO_F_RING_RESET)) {
            q->reset = true;
            virtio_queue_reset(vdev, sel);
            q->reset = false;
            q->enabled = false;
        }
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "%s: write of 0x%" PRIx64 " to read-only common "
                      "config offset 0x%02" PRIx64 "\n", proxy->pci_dev.name, (uint64_t)val,
                      (uint64_t)addr);
        break;
    }
}

static const MemoryRegionOps virtio_pci_common_ops = {
    .read = virtio_pci_common_read,
    .write = virtio_pci_common_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* ---- modern: ISR, device config, notify ---- */

static uint64_t virtio_pci_isr_read(void *opaque, hwaddr addr, unsigned size)
{
    VirtIOPCIProxy *proxy = opaque;
    VirtIODevice *vdev = proxy_vdev(proxy);
    uint8_t isr;

    if (!vdev) {
        return 0;
    }
    isr = virtio_isr_read_and_clear(vdev);
    pci_irq_deassert(&proxy->pci_dev);
    return isr;
}

static const MemoryRegionOps virtio_pci_isr_ops = {
    .read = virtio_pci_isr_read,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

static uint64_t virtio_pci_device_read(void *opaque, hwaddr addr, unsigned size)
{
    VirtIODevice *vdev = proxy_vdev(opaque);

    if (!vdev) {
        return 0;
    }
    switch (size) {
    case 1:
        return virtio_config_modern_readb(vdev, addr);
    case 2:
        return virtio_config_modern_readw(vdev, addr);
    default:
        return virtio_config_modern_readl(vdev, addr);
    }
}

static void virtio_pci_device_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    VirtIODevice *vdev = proxy_vdev(opaque);

    if (!vdev) {
        return;
    }
    switch (size) {
    case 1:
        virtio_config_modern_writeb(vdev, addr, val);
        break;
    case 2:
        virtio_config_modern_writew(vdev, addr, val);
        break;
    default:
        virtio_config_modern_writel(vdev, addr, val);
        break;
    }
}

static const MemoryRegionOps virtio_pci_device_ops = {
    .read = virtio_pci_device_read,
    .write = virtio_pci_device_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

static void virtio_pci_notify_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    VirtIOPCIProxy *proxy = opaque;
    VirtIODevice *vdev = proxy_vdev(proxy);
    uint64_t queue = addr / virtio_pci_queue_mem_mult(proxy);

    if (vdev && queue < VIRTIO_QUEUE_MAX) {
        virtio_queue_notify(vdev, queue);
    }
}

static const MemoryRegionOps virtio_pci_notify_ops = {
    .write = virtio_pci_notify_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* The PIO notify register carries the queue index as its value. */
static void virtio_pci_notify_pio_write(void *opaque, hwaddr addr, uint64_t val,
                                        unsigned size)
{
    VirtIODevice *vdev = proxy_vdev(opaque);

    if (vdev && val < VIRTIO_QUEUE_MAX) {
        virtio_queue_notify(vdev, val);
    }
}

static const MemoryRegionOps virtio_pci_notify_pio_ops = {
    .write = virtio_pci_notify_pio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* ---- modern: capabilities and the PCI config access window ---- */

static int virtio_pci_add_cap(VirtIOPCIProxy *proxy, uint8_t cfg_type, uint8_t bar,
                              uint32_t offset, uint32_t length, uint8_t cap_len,
                              Error **errp)
{
    PCIDevice *dev = &proxy->pci_dev;
    int pos = pci_add_capability(dev, PCI_CAP_ID_VNDR, 0, cap_len, errp);
    uint8_t *cap;

    if (pos < 0) {
        return pos;
    }
    cap = dev->config + pos;
    cap[2] = cap_len;
    cap[VIRTIO_PCI_CAP_CFG_TYPE] = cfg_type;
    cap[VIRTIO_PCI_CAP_BAR] = bar;
    pci_set_long(cap + VIRTIO_PCI_CAP_OFFSET, offset);
    pci_set_long(cap + VIRTIO_PCI_CAP_LENGTH, length);
    return pos;
}

static int virtio_pci_map_region(VirtIOPCIProxy *proxy, VirtIOPCIRegion *r, MemoryRegion *bar,
                                 uint8_t bar_nr, uint8_t cap_len, Error **errp)
{
    int pos = virtio_pci_add_cap(proxy, r->type, bar_nr, r->offset, r->size, cap_len, errp);

    if (pos >= 0) {
        memory_region_add_subregion(bar, r->offset, &r->mr);
    }
    return pos;
}

/* The region of BAR 4 that [off, off + len) falls in, with off made relative. */
static VirtIOPCIRegion *virtio_pci_cfg_window_lookup(VirtIOPCIProxy *proxy, uint32_t *off,
                                                     uint32_t len)
{
    VirtIOPCIRegion *regions[] = { &proxy->common, &proxy->isr, &proxy->device,
                                   &proxy->notify };

    for (size_t i = 0; i < ARRAY_SIZE(regions); i++) {
        VirtIOPCIRegion *r = regions[i];
        if (*off >= r->offset && (uint64_t)*off + len <= (uint64_t)r->offset + r->size) {
            *off -= r->offset;
            return r;
        }
    }
    return NULL;
}

/* Access through VIRTIO_PCI_CAP_PCI_CFG: the cap's offset/length pick the register. */
static void virtio_pci_cfg_window_access(VirtIOPCIProxy *proxy, bool is_write)
{
    uint8_t *cap = proxy->pci_dev.config + proxy->config_cap;
    uint32_t off = pci_get_long(cap + VIRTIO_PCI_CAP_OFFSET);
    uint32_t len = pci_get_long(cap + VIRTIO_PCI_CAP_LENGTH);
    uint8_t *data = cap + VIRTIO_PCI_CFG_CAP_DATA;
    VirtIOPCIRegion *r;
    uint64_t val = 0;

    if (len != 1 && len != 2 && len != 4) {
        return;
    }
    r = virtio_pci_cfg_window_lookup(proxy, &off, len);
    if (!r) {
        return;
    }
    if (is_write) {
        for (uint32_t i = 0; i < len; i++) {
            val |= (uint64_t)data[i] << (8 * i);
        }
        memory_region_dispatch_write(&r->mr, off, val, size_memop(len) | MO_LE,
                                     MEMTXATTRS_UNSPECIFIED);
    } else {
        memory_region_dispatch_read(&r->mr, off, &val, size_memop(len) | MO_LE,
                                    MEMTXATTRS_UNSPECIFIED);
        for (uint32_t i = 0; i < len; i++) {
            data[i] = val >> (8 * i);
        }
    }
}

static bool virtio_pci_touches_cfg_data(VirtIOPCIProxy *proxy, uint32_t addr, int len)
{
    uint32_t data = proxy->config_cap + VIRTIO_PCI_CFG_CAP_DATA;
    return proxy->config_cap && addr < data + 4 && data < addr + len;
}

static uint32_t virtio_pci_read_config(PCIDevice *dev, uint32_t addr, int len)
{
    VirtIOPCIProxy *proxy = VIRTIO_PCI(dev);

    if (virtio_pci_touches_cfg_data(proxy, addr, len)) {
        virtio_pci_cfg_window_access(proxy, false);
    }
    return pci_default_read_config(dev, addr, len);
}

static void virtio_pci_write_config(PCIDevice *dev, uint32_t addr, uint32_t val, int len)
{
    VirtIOPCIProxy *proxy = VIRTIO_PCI(dev);
    VirtIODevice *vdev = proxy_vdev(proxy);

    pci_default_write_config(dev, addr, val, len);
    if (vdev && addr <= PCI_COMMAND && PCI_COMMAND < addr + len) {
        /*
         * Without Bus Master the function may not DMA or interrupt: the
         * device stops (QEMU's "disabled" state) until the guest sets it.
         */
        bool master = dev->config[PCI_COMMAND] & PCI_COMMAND_MASTER;
        if (vdev->use_disabled_flag) {
            vdev->disabled = !master;
        }
        if (!master) {
            virtio_set_status(vdev, vdev->status & ~VIRTIO_CONFIG_S_DRIVER_OK);
        }
    }
    if (virtio_pci_touches_cfg_data(proxy, addr, len)) {
        virtio_pci_cfg_window_access(proxy, true);
    }
}

/* ---- the transport hooks the virtio core calls ---- */

static VirtIOPCIProxy *bus_proxy(DeviceState *d)
{
    return VIRTIO_PCI(d);
}

static void virtio_pci_notify(DeviceState *d, uint16_t vector)
{
    VirtIOPCIProxy *proxy = bus_proxy(d);
    VirtIODevice *vdev = proxy_vdev(proxy);

    if (msix_enabled(&proxy->pci_dev)) {
        if (vector != VIRTIO_NO_VECTOR) {
            msix_notify(&proxy->pci_dev, vector);
        }
    } else if (vdev) {
        /* INTx follows the ISR: asserted while any bit is set. */
        pci_set_irq(&proxy->pci_dev, vdev->isr != 0);
    }
}

static void virtio_pci_save_config(DeviceState *d, QEMUFile *f)
{
    VirtIOPCIProxy *proxy = bus_proxy(d);
    VirtIODevice *vdev = proxy_vdev(proxy);

    pci_device_save(&proxy->pci_dev, f);
    msix_save(&proxy->pci_dev, f);
    if (msix_present(&proxy->pci_dev)) {
        qemu_put_be16(f, vdev->config_vector);
    }
}

static int virtio_pci_load_config(DeviceState *d, QEMUFile *f)
{
    VirtIOPCIProxy *proxy = bus_proxy(d);
    VirtIODevice *vdev = proxy_vdev(proxy);
    int ret = pci_device_load(&proxy->pci_dev, f);

    if (ret) {
        return ret;
    }
    msix_unuse_all_vectors(&proxy->pci_dev);
    msix_load(&proxy->pci_dev, f);
    vdev->config_vector = msix_present(&proxy->pci_dev) ? qemu_get_be16(f) : VIRTIO_NO_VECTOR;
    if (vdev->config_vector != VIRTIO_NO_VECTOR &&
        msix_vector_use(&proxy->pci_dev, vdev->config_vector) < 0) {
        qemu_file_set_error(f, -EINVAL, "%s: config vector %u in the stream, the function "
                            "has %u", proxy->pci_dev.name, vdev->config_vector,
                            proxy->nvectors);
        return -EINVAL;
    }
    return 0;
}

static void virtio_pci_save_queue(DeviceState *d, int n, QEMUFile *f)
{
    VirtIOPCIProxy *proxy = bus_proxy(d);

    if (msix_present(&proxy->pci_dev)) {
        qemu_put_be16(f, virtio_queue_vector(proxy_vdev(proxy), n));
    }
}

static int virtio_pci_load_queue(DeviceState *d, int n, QEMUFile *f)
{
    VirtIOPCIProxy *proxy = bus_proxy(d);
    VirtIODevice *vdev = proxy_vdev(proxy);
    uint16_t vector = msix_present(&proxy->pci_dev) ? qemu_get_be16(f) : VIRTIO_NO_VECTOR;

    if (vector != VIRTIO_NO_VECTOR && msix_vector_use(&proxy->pci_dev, vector) < 0) {
        qemu_file_set_error(f, -EINVAL, "%s: queue %d vector %u in the stream, the "
                            "function has %u", proxy->pci_dev.name, n, vector,
                            proxy->nvectors);
        return -EINVAL;
    }
    virtio_queue_set_vector(vdev, n, vector);
    return 0;
}

static uint64_t virtio_pci_get_transport_features(DeviceState *d, uint64_t features)
{
    VirtIOPCIProxy *proxy = bus_proxy(d);

    if (proxy->modern) {
        virtio_add_feature(&features, VIRTIO_F_VERSION_1);
    }
    /* Offered so that a legacy driver acking it is caught (QEMU does the same). */
    virtio_add_feature(&features, VIRTIO_F_BAD_FEATURE);
    return features;
}

static int virtio_pci_query_nvectors(DeviceState *d)
{
    return bus_proxy(d)->nvectors;
}

static bool virtio_pci_has_extra_state(DeviceState *d)
{
    return bus_proxy(d)->migrate_extra;
}

static void virtio_pci_regions_init(VirtIOPCIProxy *proxy)
{
    static const struct {
        size_t field;
        const MemoryRegionOps *ops;
        const char *name;
    } blocks[] = {
        { offsetof(VirtIOPCIProxy, common), &virtio_pci_common_ops, "virtio-pci-common" },
        { offsetof(VirtIOPCIProxy, isr), &virtio_pci_isr_ops, "virtio-pci-isr" },
        { offsetof(VirtIOPCIProxy, device), &virtio_pci_device_ops, "virtio-pci-device" },
        { offsetof(VirtIOPCIProxy, notify), &virtio_pci_notify_ops, "virtio-pci-notify" },
        { offsetof(VirtIOPCIProxy, notify_pio), &virtio_pci_notify_pio_ops,
          "virtio-pci-notify-pio" },
    };

    for (size_t i = 0; i < ARRAY_SIZE(blocks); i++) {
        VirtIOPCIRegion *r = (VirtIOPCIRegion *)((char *)proxy + blocks[i].field);
        memory_region_init_io(&r->mr, OBJECT(proxy), blocks[i].ops, proxy, blocks[i].name,
                              r->size);
    }
}

/* The device is on the bus: its id and config size decide the function's layout. */
static void virtio_pci_device_plugged(DeviceState *d, Error **errp)
{
    VirtIOPCIProxy *proxy = bus_proxy(d);
    PCIDevice *pdev = &proxy->pci_dev;
    VirtIODevice *vdev = proxy_vdev(proxy);
    uint8_t *config = pdev->config;

    /* Modern capabilities without VERSION_1 would confuse guests. */
    if (!proxy->ignore_backend_features &&
        !virtio_has_feature(vdev->host_features, VIRTIO_F_VERSION_1)) {
        proxy->modern = false;
        if (!proxy->legacy) {
            error_setg(errp, "Device doesn't support modern mode, and legacy mode is "
                       "disabled");
            error_append_hint(errp, "Set disable-legacy to off\n");
            return;
        }
    }
    if (proxy->class_code) {
        pci_set_word(config + PCI_CLASS_DEVICE, proxy->class_code);
    }
    if (proxy->legacy) {
        if (virtio_host_has_feature(vdev, VIRTIO_F_ACCESS_PLATFORM)) {
            error_setg(errp, "VIRTIO_F_IOMMU_PLATFORM was supported by neither legacy nor "
                       "transitional device");
            return;
        }
        /* Transitional functions name their device type in the subsystem id. */
        pci_set_word(config + PCI_SUBSYSTEM_ID, vdev->device_id);
    } else {
        pci_set_word(config + PCI_VENDOR_ID, PCI_VENDOR_ID_REDHAT_QUMRANET);
        pci_set_word(config + PCI_DEVICE_ID, PCI_DEVICE_ID_VIRTIO_10_BASE + vdev->device_id);
        config[PCI_REVISION_ID] = 1;
    }
    config[PCI_INTERRUPT_PIN] = 1;

    if (proxy->modern) {
        uint8_t bar = VIRTIO_PCI_MODERN_MEM_BAR;
        int pos;

        virtio_pci_regions_init(proxy);
        if (virtio_pci_map_region(proxy, &proxy->common, &proxy->modern_bar, bar,
                                  VIRTIO_PCI_CAP_SIZE, errp) < 0 ||
            virtio_pci_map_region(proxy, &proxy->isr, &proxy->modern_bar, bar,
                                  VIRTIO_PCI_CAP_SIZE, errp) < 0 ||
            virtio_pci_map_region(proxy, &proxy->device, &proxy->modern_bar, bar,
                                  VIRTIO_PCI_CAP_SIZE, errp) < 0) {
            return;
        }
        pos = virtio_pci_map_region(proxy, &proxy->notify, &proxy->modern_bar, bar,
                                    VIRTIO_PCI_NOTIFY_CAP_SIZE, errp);
        if (pos < 0) {
            return;
        }
        pci_set_long(config + pos + VIRTIO_PCI_NOTIFY_CAP_MULT,
                     virtio_pci_queue_mem_mult(proxy));
        if (proxy->modern_pio_notify) {
            memory_region_init(&proxy->io_bar, OBJECT(proxy), "virtio-pci-io", 4);
            pci_register_bar(pdev, VIRTIO_PCI_MODERN_IO_BAR, PCI_BASE_ADDRESS_SPACE_IO,
                             &proxy->io_bar);
            pos = virtio_pci_map_region(proxy, &proxy->notify_pio, &proxy->io_bar,
                                        VIRTIO_PCI_MODERN_IO_BAR, VIRTIO_PCI_NOTIFY_CAP_SIZE,
                                        errp);
            if (pos < 0) {
                return;
            }
            pci_set_long(config + pos + VIRTIO_PCI_NOTIFY_CAP_MULT, 0);
        }
        proxy->modern_regions_mapped = true;
        pci_register_bar(pdev, bar, PCI_BASE_ADDRESS_SPACE_MEMORY |
                         PCI_BASE_ADDRESS_MEM_PREFETCH | PCI_BASE_ADDRESS_MEM_TYPE_64,
                         &proxy->modern_bar);
        pos = virtio_pci_add_cap(proxy, VIRTIO_PCI_CAP_PCI_CFG, 0, 0, 0,
                                 VIRTIO_PCI_CFG_CAP_SIZE, errp);
        if (pos < 0) {
            return;
        }
        proxy->config_cap = pos;
        /* The guest picks bar/offset/length and moves data through the window. */
        pdev->wmask[pos + VIRTIO_PCI_CAP_BAR] = 0xff;
        pci_set_long(pdev->wmask + pos + VIRTIO_PCI_CAP_OFFSET, ~0u);
        pci_set_long(pdev->wmask + pos + VIRTIO_PCI_CAP_LENGTH, ~0u);
        pci_set_long(pdev->wmask + pos + VIRTIO_PCI_CFG_CAP_DATA, ~0u);
        memset(pdev->cmask + pos + VIRTIO_PCI_CAP_BAR, 0, VIRTIO_PCI_CFG_CAP_SIZE -
               VIRTIO_PCI_CAP_BAR);
    }

    if (proxy->nvectors) {
        Error *err = NULL;
        if (msix_init_exclusive_bar(pdev, proxy->nvectors, VIRTIO_PCI_MSIX_BAR, &err) < 0) {
            /* As QEMU: a device that cannot have MSI-X works with INTx. */
            qemu_log_mask(LOG_GUEST_ERROR, "%s: unable to init msix vectors to %u: %s\n",
                          pdev->name, proxy->nvectors, error_get_pretty(err));
            error_free(err);
            proxy->nvectors = 0;
        }
    }

    if (proxy->legacy) {
        uint64_t size = VIRTIO_PCI_CONFIG_OFF(msix_present(pdev)) + vdev->config_len;
        uint64_t bar_size = 4;

        while (bar_size < size) {
            bar_size *= 2;
        }
        memory_region_init_io(&proxy->bar, OBJECT(proxy), &virtio_pci_legacy_ops, proxy,
                              "virtio-pci", bar_size);
        pci_register_bar(pdev, VIRTIO_PCI_LEGACY_BAR, PCI_BASE_ADDRESS_SPACE_IO, &proxy->bar);
        proxy->legacy_bar_registered = true;
    }
}

static void virtio_pci_device_unplugged(DeviceState *d)
{
    VirtIOPCIProxy *proxy = bus_proxy(d);

    msix_uninit_exclusive_bar(&proxy->pci_dev);
}

/* ---- migration of the modern registers (inside the virtio extra_state) ---- */

static const VMStateDescription vmstate_virtio_pci_modern_queue_state = {
    .name = "virtio_pci/modern_queue_state",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT16(num, VirtIOPCIQueue),
        VMSTATE_UNUSED(1),             /* QEMU once sent enabled as a 16-bit value */
        VMSTATE_BOOL(enabled, VirtIOPCIQueue),
        VMSTATE_UINT32_ARRAY(desc, VirtIOPCIQueue, 2),
        VMSTATE_UINT32_ARRAY(avail, VirtIOPCIQueue, 2),
        VMSTATE_UINT32_ARRAY(used, VirtIOPCIQueue, 2),
        VMSTATE_END_OF_LIST()
    },
};

static bool virtio_pci_modern_state_needed(void *opaque)
{
    return ((VirtIOPCIProxy *)opaque)->modern;
}

static int virtio_pci_modern_post_load(void *opaque, int version_id)
{
    VirtIOPCIProxy *proxy = opaque;

    /* The selectors index arrays of two: anything else reads as zero anyway. */
    if (proxy->gfselect > 1) {
        proxy->gfselect = 2;
    }
    return 0;
}

static const VMStateDescription vmstate_virtio_pci_modern_state_sub = {
    .name = "virtio_pci/modern_state",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = virtio_pci_modern_state_needed,
    .post_load = virtio_pci_modern_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(dfselect, VirtIOPCIProxy),
        VMSTATE_UINT32(gfselect, VirtIOPCIProxy),
        VMSTATE_UINT32_ARRAY(guest_features, VirtIOPCIProxy, 2),
        VMSTATE_STRUCT_ARRAY(vqs, VirtIOPCIProxy, VIRTIO_QUEUE_MAX, 0,
                             vmstate_virtio_pci_modern_queue_state, VirtIOPCIQueue),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_virtio_pci = {
    .name = "virtio_pci",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription *const[]) {
        &vmstate_virtio_pci_modern_state_sub,
        NULL
    },
};

static const VirtioBusOps virtio_pci_bus_ops = {
    .notify = virtio_pci_notify,
    .save_config = virtio_pci_save_config,
    .load_config = virtio_pci_load_config,
    .save_queue = virtio_pci_save_queue,
    .load_queue = virtio_pci_load_queue,
    .get_transport_features = virtio_pci_get_transport_features,
    .device_plugged = virtio_pci_device_plugged,
    .device_unplugged = virtio_pci_device_unplugged,
    .has_extra_state = virtio_pci_has_extra_state,
    .extra_state_vmsd = &vmstate_virtio_pci,
    .query_nvectors = virtio_pci_query_nvectors,
};

/* ---- the PCI function ---- */

static void virtio_pci_realize(PCIDevice *pdev, Error **errp)
{
    VirtIOPCIProxy *proxy = VIRTIO_PCI(pdev);
    VirtioPCIClass *k = VIRTIO_PCI_GET_CLASS(proxy);
    PCIBus *bus = pci_get_bus(pdev);
    bool pcie_port = pci_bus_is_express(bus) && !pci_bus_is_root(bus);

    /* Behind a PCIe port a function may not use I/O space: modern only. */
    if (proxy->disable_legacy == ON_OFF_AUTO_AUTO) {
        proxy->disable_legacy = pcie_port ? ON_OFF_AUTO_ON : ON_OFF_AUTO_OFF;
    }
    proxy->legacy = proxy->disable_legacy == ON_OFF_AUTO_OFF;
    proxy->modern = !proxy->disable_modern;
    if (!proxy->legacy && !proxy->modern) {
        error_setg(errp, "device cannot work as neither modern nor legacy mode is enabled");
        error_append_hint(errp, "Set either disable-modern or disable-legacy to off\n");
        return;
    }

    proxy->common = (VirtIOPCIRegion) {
        .offset = VIRTIO_PCI_COMMON_OFFSET, .size = VIRTIO_PCI_REGION_SIZE,
        .type = VIRTIO_PCI_CAP_COMMON_CFG,
    };
    proxy->isr = (VirtIOPCIRegion) {
        .offset = VIRTIO_PCI_ISR_OFFSET, .size = VIRTIO_PCI_REGION_SIZE,
        .type = VIRTIO_PCI_CAP_ISR_CFG,
    };
    proxy->device = (VirtIOPCIRegion) {
        .offset = VIRTIO_PCI_DEVICE_OFFSET, .size = VIRTIO_PCI_REGION_SIZE,
        .type = VIRTIO_PCI_CAP_DEVICE_CFG,
    };
    proxy->notify = (VirtIOPCIRegion) {
        .offset = VIRTIO_PCI_NOTIFY_OFFSET,
        .size = virtio_pci_queue_mem_mult(proxy) * VIRTIO_QUEUE_MAX,
        .type = VIRTIO_PCI_CAP_NOTIFY_CFG,
    };
    proxy->notify_pio = (VirtIOPCIRegion) {
        .offset = 0, .size = 4, .type = VIRTIO_PCI_CAP_NOTIFY_CFG,
    };
    {
        /* BARs are powers of two: 16 KiB, or 8 MiB with a page per queue. */
        uint64_t size = 1;
        while (size < (uint64_t)proxy->notify.offset + proxy->notify.size) {
            size *= 2;
        }
        memory_region_init(&proxy->modern_bar, OBJECT(proxy), "virtio-pci", size);
    }

    qbus_init(&proxy->bus, sizeof(proxy->bus), TYPE_VIRTIO_PCI_BUS, DEVICE(proxy),
              "virtio-bus");
    if (k->realize) {
        k->realize(proxy, errp);
    }
}

static void virtio_pci_exit(PCIDevice *pdev)
{
    VirtIOPCIProxy *proxy = VIRTIO_PCI(pdev);

    msix_uninit_exclusive_bar(pdev);
    if (proxy->modern_regions_mapped) {
        memory_region_del_subregion(&proxy->modern_bar, &proxy->common.mr);
        memory_region_del_subregion(&proxy->modern_bar, &proxy->isr.mr);
        memory_region_del_subregion(&proxy->modern_bar, &proxy->device.mr);
        memory_region_del_subregion(&proxy->modern_bar, &proxy->notify.mr);
        if (proxy->modern_pio_notify) {
            memory_region_del_subregion(&proxy->io_bar, &proxy->notify_pio.mr);
        }
        proxy->modern_regions_mapped = false;
    }
}

static void virtio_pci_reset(PCIDevice *pdev)
{
    virtio_pci_reset_proxy(VIRTIO_PCI(pdev));
}

static Property virtio_pci_properties[] = {
    DEFINE_PROP_ON_OFF_AUTO("disable-legacy", VirtIOPCIProxy, disable_legacy,
                            ON_OFF_AUTO_AUTO),
    DEFINE_PROP_BOOL("disable-modern", VirtIOPCIProxy, disable_modern, false),
    DEFINE_PROP_BOOL("ioeventfd", VirtIOPCIProxy, ioeventfd, true),
    DEFINE_PROP_BOOL("virtio-pci-bus-master-bug-migration", VirtIOPCIProxy,
                     bus_master_bug_migration, false),
    DEFINE_PROP_BOOL("migrate-extra", VirtIOPCIProxy, migrate_extra, true),
    DEFINE_PROP_BOOL("modern-pio-notify", VirtIOPCIProxy, modern_pio_notify, false),
    DEFINE_PROP_BOOL("x-disable-pcie", VirtIOPCIProxy, disable_pcie, false),
    DEFINE_PROP_BOOL("page-per-vq", VirtIOPCIProxy, page_per_vq, false),
    DEFINE_PROP_BOOL("x-ignore-backend-features", VirtIOPCIProxy, ignore_backend_features,
                     false),
    DEFINE_PROP_BOOL("ats", VirtIOPCIProxy, ats, false),
    DEFINE_PROP_BOOL("x-ats-page-aligned", VirtIOPCIProxy, ats_page_aligned, true),
    DEFINE_PROP_BOOL("x-pcie-deverr-init", VirtIOPCIProxy, init_deverr, true),
    DEFINE_PROP_BOOL("x-pcie-lnkctl-init", VirtIOPCIProxy, init_lnkctl, true),
    DEFINE_PROP_BOOL("x-pcie-pm-init", VirtIOPCIProxy, init_pm, true),
    DEFINE_PROP_BOOL("x-pcie-flr-init", VirtIOPCIProxy, init_flr, true),
    DEFINE_PROP_BOOL("aer", VirtIOPCIProxy, aer, false),
    DEFINE_PROP_BOOL("x-pcie-lnksta-dllla", VirtIOPCIProxy, lnksta_dllla, true),
    DEFINE_PROP_UINT32("vectors", VirtIOPCIProxy, nvectors, DEV_NVECTORS_UNSPECIFIED),
    DEFINE_PROP_END_OF_LIST(),
};

static void virtio_pci_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);

    pc->realize = virtio_pci_realize;
    pc->exit = virtio_pci_exit;
    pc->reset = virtio_pci_reset;
    pc->config_read = virtio_pci_read_config;
    pc->config_write = virtio_pci_write_config;
    pc->vendor_id = PCI_VENDOR_ID_REDHAT_QUMRANET;
    pc->revision = VIRTIO_PCI_ABI_VERSION;
    pc->subsystem_vendor_id = PCI_VENDOR_ID_REDHAT_QUMRANET;
    pc->subsystem_id = PCI_SUBDEVICE_ID_QEMU;
    device_class_set_props(dc, virtio_pci_properties);
    /* No vmsd: the function's state travels inside its virtio device's section. */
}

static void virtio_pci_bus_class_init(ObjectClass *oc, void *data)
{
    BusClass *bc = BUS_CLASS(oc);
    VirtioBusClass *k = VIRTIO_BUS_CLASS(oc);

    bc->max_dev = 1;
    virtio_bus_class_set_ops(k, &virtio_pci_bus_ops);
}

/* ---- helpers for the concrete proxies ---- */

void virtio_pci_instance_init_child(VirtIOPCIProxy *proxy, const char *vdev_type)
{
    Object *obj = OBJECT(proxy);
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    Object *child;

    if (!object_class_by_name(vdev_type)) {
        return;
    }
    child = object_new(vdev_type);
    object_property_add_child(obj, "virtio-backend", child);
    object_unref(child);
    proxy->vdev = DEVICE(child);

    /* Every property the proxy does not have itself reaches the device. */
    object_class_property_iter_init(&iter, object_get_class(child));
    while ((prop = object_property_iter_next(&iter))) {
        if (!object_property_find(obj, prop->name)) {
            object_property_add_alias(obj, prop->name, child, prop->name);
        }
    }
    object_property_iter_free(&iter);
}

bool virtio_pci_realize_child(VirtIOPCIProxy *proxy, Error **errp)
{
    DeviceState *proxy_dev = DEVICE(proxy);
    char *saved_id;
    bool ok;

    if (!proxy->vdev) {
        error_setg(errp, "%s: its virtio device type is not available in this build",
                   object_get_typename(OBJECT(proxy)));
        return false;
    }
    /*
     * Buses take their automatic name from their device's id.  The child has
     * none of its own, so lend it the proxy's while it creates its buses.
     */
    if (proxy->nvectors == DEV_NVECTORS_UNSPECIFIED) {
        proxy->nvectors = 2;             /* one queue and config */
    }
    saved_id = proxy->vdev->id;
    if (!saved_id && proxy_dev->id) {
        proxy->vdev->id = proxy_dev->id;
    }
    ok = qdev_realize(proxy->vdev, BUS(&proxy->bus), errp);
    proxy->vdev->id = saved_id;
    return ok;
}

static const TypeInfo virtio_pci_types[] = {
    {
        .name = TYPE_VIRTIO_PCI,
        .parent = TYPE_PCI_DEVICE,
        .instance_size = sizeof(VirtIOPCIProxy),
        .class_size = sizeof(VirtioPCIClass),
        .class_init = virtio_pci_class_init,
        .abstract = true,
    },
    {
        .name = TYPE_VIRTIO_PCI_BUS,
        .parent = TYPE_VIRTIO_BUS,
        .instance_size = sizeof(VirtioBusState),
        .class_size = sizeof(VirtioBusClass),
        .class_init = virtio_pci_bus_class_init,
    },
};
DEFINE_TYPES(virtio_pci_types)

unsigned virtio_pci_optimal_num_queues(unsigned fixed_queues)
{
    MachineState *ms = MACHINE(qdev_get_machine());
    unsigned n = ms ? ms->smp.cpus : 1;

    n = MIN(n, PCI_MSIX_MAX_ENTRIES - 1 - fixed_queues);
    return MAX(MIN(n, VIRTIO_QUEUE_MAX - fixed_queues), 1u);
}
