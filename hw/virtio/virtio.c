/*
 * The virtio core: split virtqueues (virtio 1.2, 2.7) read from and written
 * to guest RAM, feature negotiation, device status and reset, config space,
 * interrupts through the transport, and the common migration state of every
 * virtio device.  Transports (virtio-mmio, virtio-pci) map their registers
 * onto the functions at the end of include/hw/virtio/virtio.h; devices use
 * virtqueue_pop/push/notify.  Packed virtqueues are not implemented.
 */
#include "qemu/osdep.h"
#include "hw/virtio/virtio.h"
#include "hw/qdev-properties.h"
#include "migration/qemu-file.h"
#include "qemu/bswap.h"
#include "qemu/log.h"

/* Most iovecs one chain may map to (descriptors split across RAM blocks count). */
#define VIRTQUEUE_MAX_IOV 1024
/* Bytes of one split-ring descriptor. */
#define VRING_DESC_SIZE 16

/* Descriptor flags this implementation knows; others are ignored (spec 2.7.5). */
typedef struct VRingDesc {
    uint64_t addr;
    uint32_t len;
    uint16_t flags;
    uint16_t next;
} VRingDesc;

typedef struct VRing {
    unsigned int num;          /* current size; 0: the device has no such queue */
    unsigned int num_default;  /* size the device asked for: the largest allowed */
    unsigned int align;        /* legacy layout: used ring alignment */
    hwaddr desc;
    hwaddr avail;
    hwaddr used;
} VRing;

struct VirtQueue {
    VRing vring;
    VirtIODevice *vdev;
    uint16_t queue_index;
    uint16_t last_avail_idx;   /* next avail ring slot the device takes */
    uint16_t shadow_avail_idx; /* avail->idx when last read */
    uint16_t used_idx;         /* our used->idx */
    uint16_t signalled_used;   /* used_idx at the last interrupt (EVENT_IDX) */
    bool signalled_used_valid;
    bool notification;         /* the device wants kicks */
    unsigned int inuse;        /* popped, not yet pushed or detached */
    /*
     * Per head: the avail index it was popped at while in flight, else -1.
     * Migration re-issues in-flight requests by moving last_avail_idx back,
     * which is only right when they are the latest ones popped.
     */
    int32_t *popped_at;
    uint16_t vector;
    VirtIOHandleOutput handle_output;
};

static bool default_guest_is_big_endian(void)
{
    return false;
}

bool (*virtio_guest_is_big_endian)(void) = default_guest_is_big_endian;

static inline void virtio_mb(void)
{
    /* Ring accesses race with vCPUs running the driver. */
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* ---- byte order ---- */

bool virtio_access_is_big_endian(const VirtIODevice *vdev)
{
    if (virtio_vdev_has_feature(vdev, VIRTIO_F_VERSION_1)) {
        return false;
    }
    return vdev->device_endian == VIRTIO_DEVICE_ENDIAN_BIG;
}

uint16_t virtio_tswap16(const VirtIODevice *vdev, uint16_t v)
{
    return virtio_access_is_big_endian(vdev) ? be16_to_cpu(v) : le16_to_cpu(v);
}

uint32_t virtio_tswap32(const VirtIODevice *vdev, uint32_t v)
{
    return virtio_access_is_big_endian(vdev) ? be32_to_cpu(v) : le32_to_cpu(v);
}

uint64_t virtio_tswap64(const VirtIODevice *vdev, uint64_t v)
{
    return virtio_access_is_big_endian(vdev) ? be64_to_cpu(v) : le64_to_cpu(v);
}

void virtio_stw_p(const VirtIODevice *vdev, void *ptr, uint16_t v)
{
    virtio_access_is_big_endian(vdev) ? stw_be_p(ptr, v) : stw_le_p(ptr, v);
}

void virtio_stl_p(const VirtIODevice *vdev, void *ptr, uint32_t v)
{
    virtio_access_is_big_endian(vdev) ? stl_be_p(ptr, v) : stl_le_p(ptr, v);
}

void virtio_stq_p(const VirtIODevice *vdev, void *ptr, uint64_t v)
{
    virtio_access_is_big_endian(vdev) ? stq_be_p(ptr, v) : stq_le_p(ptr, v);
}

uint16_t virtio_lduw_p(const VirtIODevice *vdev, const void *ptr)
{
    return virtio_access_is_big_endian(vdev) ? lduw_be_p(ptr) : lduw_le_p(ptr);
}

uint32_t virtio_ldl_p(const VirtIODevice *vdev, const void *ptr)
{
    return virtio_access_is_big_endian(vdev) ? ldl_be_p(ptr) : ldl_le_p(ptr);
}

uint64_t virtio_ldq_p(const VirtIODevice *vdev, const void *ptr)
{
    return virtio_access_is_big_endian(vdev) ? ldq_be_p(ptr) : ldq_le_p(ptr);
}

/* ---- errors ---- */

void virtio_error(VirtIODevice *vdev, const char *fmt, ...)
{
    DeviceState *dev = DEVICE(vdev);
    g_autofree char *msg = NULL;
    va_list ap;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_report("%s%s%s: %s", vdev->name ? vdev->name : object_get_typename(OBJECT(vdev)),
                 dev->id ? " " : "", dev->id ? dev->id : "", msg);
    vdev->broken = true;
    if (virtio_vdev_has_feature(vdev, VIRTIO_F_VERSION_1)) {
        vdev->status |= VIRTIO_CONFIG_S_NEEDS_RESET;
        virtio_notify_config(vdev);
    }
}

/* ---- transport ---- */

static DeviceState *virtio_proxy(VirtIODevice *vdev)
{
    BusState *bus = DEVICE(vdev)->parent_bus;
    return bus ? bus->parent : NULL;
}

const VirtioBusOps *virtio_bus_get_ops(VirtIODevice *vdev)
{
    BusState *bus = DEVICE(vdev)->parent_bus;

    if (!bus || !object_dynamic_cast(OBJECT(bus), TYPE_VIRTIO_BUS)) {
        return NULL;
    }
    return VIRTIO_BUS_GET_CLASS(bus)->ops;
}

static void virtio_notify_vector(VirtIODevice *vdev, uint16_t vector)
{
    const VirtioBusOps *ops = virtio_bus_get_ops(vdev);

    if (vdev->use_disabled_flag && vdev->disabled) {
        return;
    }
    if (ops && ops->notify) {
        ops->notify(virtio_proxy(vdev), vector);
    }
}

void virtio_update_irq(VirtIODevice *vdev)
{
    virtio_notify_vector(vdev, VIRTIO_NO_VECTOR);
}

uint8_t virtio_isr_read_and_clear(VirtIODevice *vdev)
{
    uint8_t isr = __atomic_exchange_n(&vdev->isr, 0, __ATOMIC_SEQ_CST);
    if (isr) {
        virtio_update_irq(vdev);
    }
    return isr;
}

static void virtio_set_isr(VirtIODevice *vdev, uint8_t bits)
{
    __atomic_fetch_or(&vdev->isr, bits, __ATOMIC_SEQ_CST);
}

/* ---- guest memory of the rings ---- */

/*
 * Copy len bytes of ring memory at pa.  Rings must sit in RAM: anything else
 * (MMIO, holes, wrap-around) breaks the device and reads as zeros.
 */
static bool vring_access(VirtQueue *vq, hwaddr pa, void *buf, hwaddr len, bool is_write,
                         const char *what)
{
    VirtIODevice *vdev = vq->vdev;
    hwaddr l = len;
    void *p = NULL;

    if (pa + len >= pa) {
        p = address_space_map(vdev->dma_as, pa, &l, is_write, MEMTXATTRS_UNSPECIFIED);
    }
    if (!p || l < len) {
        if (p) {
            address_space_unmap(vdev->dma_as, p, l, is_write, 0);
        }
        if (!is_write) {
            memset(buf, 0, len);
        }
        if (!vdev->broken) {
            virtio_error(vdev, "queue %u: %s at 0x%" HWADDR_PRIx " is not in RAM",
                         vq->queue_index, what, pa);
        }
        return false;
    }
    if (is_write) {
        memcpy(p, buf, len);
    } else {
        memcpy(buf, p, len);
    }
    address_space_unmap(vdev->dma_as, p, l, is_write, is_write ? len : 0);
    return true;
}

static uint16_t vring_read16(VirtQueue *vq, hwaddr pa, const char *what)
{
    uint8_t raw[2];
    vring_access(vq, pa, raw, 2, false, what);
    return virtio_lduw_p(vq->vdev, raw);
}

static void vring_write16(VirtQueue *vq, hwaddr pa, uint16_t v, const char *what)
{
    uint8_t raw[2];
    virtio_stw_p(vq->vdev, raw, v);
    vring_access(vq, pa, raw, 2, true, what);
}

static uint16_t vring_avail_flags(VirtQueue *vq)
{
    return vring_read16(vq, vq->vring.avail, "avail ring");
}

static uint16_t vring_avail_idx(VirtQueue *vq)
{
    vq->shadow_avail_idx = vring_read16(vq, vq->vring.avail + 2, "avail ring");
    return vq->shadow_avail_idx;
}

static uint16_t vring_avail_ring(VirtQueue *vq, unsigned int i)
{
    return vring_read16(vq, vq->vring.avail + 4 + 2 * (hwaddr)i, "avail ring");
}

/* used_event: the last avail ring entry (EVENT_IDX). */
static uint16_t vring_used_event(VirtQueue *vq)
{
    return vring_read16(vq, vq->vring.avail + 4 + 2 * (hwaddr)vq->vring.num, "used_event");
}

/* avail_event: after the used ring's entries (EVENT_IDX). */
static void vring_set_avail_event(VirtQueue *vq, uint16_t val)
{
    vring_write16(vq, vq->vring.used + 4 + 8 * (hwaddr)vq->vring.num, val, "avail_event");
}

static void vring_used_flags_update(VirtQueue *vq, uint16_t set, uint16_t clear)
{
    uint16_t flags = vring_read16(vq, vq->vring.used, "used ring");
    vring_write16(vq, vq->vring.used, (flags | set) & ~clear, "used ring");
}

static void vring_used_write(VirtQueue *vq, unsigned int slot, uint32_t id, uint32_t len)
{
    uint8_t raw[8];
    virtio_stl_p(vq->vdev, raw, id);
    virtio_stl_p(vq->vdev, raw + 4, len);
    vring_access(vq, vq->vring.used + 4 + 8 * (hwaddr)slot, raw, 8, true, "used ring");
}

static uint16_t vring_used_idx(VirtQueue *vq)
{
    return vring_read16(vq, vq->vring.used + 2, "used ring");
}

static bool vring_desc_read(VirtQueue *vq, hwaddr table, unsigned int i, VRingDesc *d)
{
    uint8_t raw[VRING_DESC_SIZE];
    VirtIODevice *vdev = vq->vdev;

    if (!vring_access(vq, table + (hwaddr)i * VRING_DESC_SIZE, raw, sizeof(raw), false,
                      "descriptor")) {
        return false;
    }
    d->addr = virtio_ldq_p(vdev, raw);
    d->len = virtio_ldl_p(vdev, raw + 8);
    d->flags = virtio_lduw_p(vdev, raw + 12);
    d->next = virtio_lduw_p(vdev, raw + 14);
    return true;
}

/* ---- queues ---- */

static bool virtio_queue_live(VirtQueue *vq)
{
    return vq->vring.num && vq->vring.desc && vq->vring.avail && vq->vring.used;
}

int virtio_queue_ready(VirtQueue *vq)
{
    return vq->vring.avail != 0;
}

/*
 * Number of new chains in the avail ring, re-reading avail->idx.  A driver
 * claiming more than the queue holds is broken.  -1 on error.
 */
static int virtqueue_num_heads(VirtQueue *vq)
{
    uint16_t idx = vring_avail_idx(vq);
    uint16_t n = idx - vq->last_avail_idx;

    if (vq->vdev->broken) {
        return -1;
    }
    if (n > vq->vring.num) {
        virtio_error(vq->vdev, "queue %u: avail index %u is %u entries past %u, more than "
                     "the queue size %u", vq->queue_index, idx, n, vq->last_avail_idx,
                     vq->vring.num);
        return -1;
    }
    if (n) {
        /* Read the ring entries only after seeing the index. */
        virtio_mb();
    }
    return n;
}

int virtio_queue_empty(VirtQueue *vq)
{
    if (!virtio_queue_live(vq) || vq->vdev->broken) {
        return 1;
    }
    if (vq->shadow_avail_idx != vq->last_avail_idx) {
        return 0;
    }
    /* Through the check: shadow_avail_idx is trusted once read. */
    return virtqueue_num_heads(vq) <= 0;
}

void virtio_queue_set_notification(VirtQueue *vq, int enable)
{
    VirtIODevice *vdev = vq->vdev;

    vq->notification = enable;
    if (!virtio_queue_live(vq) || vdev->broken) {
        return;
    }
    if (virtio_vdev_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX)) {
        if (enable) {
            vring_set_avail_event(vq, vring_read16(vq, vq->vring.avail + 2, "avail ring"));
        }
    } else if (enable) {
        vring_used_flags_update(vq, 0, VRING_USED_F_NO_NOTIFY);
    } else {
        vring_used_flags_update(vq, VRING_USED_F_NO_NOTIFY, 0);
    }
    if (enable) {
        /* Make the flag visible before the caller looks at the ring again. */
        virtio_mb();
    }
}

/* Mapping of one chain while it is built. */
typedef struct ChainMap {
    struct iovec iov[VIRTQUEUE_MAX_IOV];
    hwaddr addr[VIRTQUEUE_MAX_IOV];
    unsigned int out_num;
    unsigned int in_num;
} ChainMap;

static void unmap_iovs(VirtIODevice *vdev, struct iovec *iov, unsigned int n, bool is_write,
                       size_t written)
{
    for (unsigned int i = 0; i < n; i++) {
        size_t access = is_write ? MIN(written, iov[i].iov_len) : 0;
        address_space_unmap(vdev->dma_as, iov[i].iov_base, iov[i].iov_len, is_write, access);
        written -= access;
    }
}

/* Map one descriptor's buffer, several iovecs when it spans RAM blocks. */
static bool chain_map_desc(VirtQueue *vq, ChainMap *m, const VRingDesc *d)
{
    VirtIODevice *vdev = vq->vdev;
    bool is_write = d->flags & VRING_DESC_F_WRITE;
    hwaddr pa = d->addr, len = d->len;

    if (len == 0) {
        virtio_error(vdev, "queue %u: zero-length buffer", vq->queue_index);
        return false;
    }
    if (pa + len < pa) {
        virtio_error(vdev, "queue %u: buffer at 0x%" HWADDR_PRIx " of %" PRIu64
                     " bytes wraps around the address space", vq->queue_index, pa,
                     (uint64_t)len);
        return false;
    }
    if (!is_write && m->in_num) {
        virtio_error(vdev, "queue %u: device-readable buffer after a device-writable one",
                     vq->queue_index);
        return false;
    }
    while (len) {
        unsigned int n = m->out_num + m->in_num;
        hwaddr l = len;
        void *p;

        if (n >= VIRTQUEUE_MAX_IOV) {
            virtio_error(vdev, "queue %u: chain needs more than %u buffers", vq->queue_index,
                         VIRTQUEUE_MAX_IOV);
            return false;
        }
        p = address_space_map(vdev->dma_as, pa, &l, is_write, MEMTXATTRS_UNSPECIFIED);
        if (!p) {
            virtio_error(vdev, "queue %u: %s buffer at 0x%" HWADDR_PRIx " is not in %s",
                         vq->queue_index, is_write ? "device-writable" : "device-readable",
                         pa, is_write ? "writable RAM" : "RAM");
            return false;
        }
        m->iov[n].iov_base = p;
        m->iov[n].iov_len = l;
        m->addr[n] = pa;
        if (is_write) {
            m->in_num++;
        } else {
            m->out_num++;
        }
        pa += l;
        len -= l;
    }
    return true;
}

/* Walk the chain at head into m; false (device broken) when it is invalid. */
static bool virtqueue_map_chain(VirtQueue *vq, unsigned int head, ChainMap *m)
{
    VirtIODevice *vdev = vq->vdev;
    hwaddr table = vq->vring.desc;
    unsigned int max = vq->vring.num, i = head, seen = 0;
    bool indirect = false;
    VRingDesc d;

    if (!vring_desc_read(vq, table, i, &d)) {
        return false;
    }
    if (d.flags & VRING_DESC_F_INDIRECT) {
        if (!virtio_vdev_has_feature(vdev, VIRTIO_RING_F_INDIRECT_DESC)) {
            virtio_error(vdev, "queue %u: indirect descriptor without INDIRECT_DESC "
                         "negotiated", vq->queue_index);
            return false;
        }
        if (d.len == 0 || d.len % VRING_DESC_SIZE) {
            virtio_error(vdev, "queue %u: indirect table length %u is not a non-zero "
                         "multiple of %u", vq->queue_index, d.len, VRING_DESC_SIZE);
            return false;
        }
        if (d.addr + d.len < d.addr) {
            virtio_error(vdev, "queue %u: indirect table at 0x%" PRIx64 " wraps around",
                         vq->queue_index, d.addr);
            return false;
        }
        /* The head's NEXT is meaningless here (spec 2.7.5.3.1): not followed. */
        table = d.addr;
        max = d.len / VRING_DESC_SIZE;
        indirect = true;
        i = 0;
        if (!vring_desc_read(vq, table, i, &d)) {
            return false;
        }
    }
    for (;;) {
        if (d.flags & VRING_DESC_F_INDIRECT) {
            virtio_error(vdev, "queue %u: %s", vq->queue_index,
                         indirect ? "nested indirect descriptor"
                                  : "indirect descriptor inside a chain");
            return false;
        }
        if (++seen > max) {
            virtio_error(vdev, "queue %u: descriptor chain loops or is longer than %u",
                         vq->queue_index, max);
            return false;
        }
        if (!chain_map_desc(vq, m, &d)) {
            return false;
        }
        if (!(d.flags & VRING_DESC_F_NEXT)) {
            return true;
        }
        i = d.next;
        if (i >= max) {
            virtio_error(vdev, "queue %u: next descriptor %u is out of range (%u)",
                         vq->queue_index, i, max);
            return false;
        }
        if (!vring_desc_read(vq, table, i, &d)) {
            return false;
        }
    }
}

/* One allocation: the caller's structure, then the element's arrays. */
static VirtQueueElement *virtqueue_alloc_element(size_t sz, unsigned int out_num,
                                                 unsigned int in_num)
{
    size_t in_addr_ofs = QEMU_ALIGN_UP(sz, __alignof__(hwaddr));
    size_t out_addr_ofs = in_addr_ofs + in_num * sizeof(hwaddr);
    size_t in_sg_ofs = QEMU_ALIGN_UP(out_addr_ofs + out_num * sizeof(hwaddr),
                                     __alignof__(struct iovec));
    size_t out_sg_ofs = in_sg_ofs + in_num * sizeof(struct iovec);
    VirtQueueElement *elem = g_malloc0(out_sg_ofs + out_num * sizeof(struct iovec));

    elem->out_num = out_num;
    elem->in_num = in_num;
    elem->in_addr = (void *)((uint8_t *)elem + in_addr_ofs);
    elem->out_addr = (void *)((uint8_t *)elem + out_addr_ofs);
    elem->in_sg = (void *)((uint8_t *)elem + in_sg_ofs);
    elem->out_sg = (void *)((uint8_t *)elem + out_sg_ofs);
    return elem;
}

void *virtqueue_pop(VirtQueue *vq, size_t sz)
{
    VirtIODevice *vdev = vq->vdev;
    VirtQueueElement *elem;
    unsigned int head;
    ChainMap *m;

    if (vdev->broken || !virtio_queue_live(vq) || !vq->popped_at ||
        sz < sizeof(VirtQueueElement)) {
        return NULL;
    }
    if (vq->shadow_avail_idx == vq->last_avail_idx && virtqueue_num_heads(vq) <= 0) {
        return NULL;
    }
    if (vq->inuse >= vq->vring.num) {
        virtio_error(vdev, "queue %u: more than %u requests in flight", vq->queue_index,
                     vq->vring.num);
        return NULL;
    }
    head = vring_avail_ring(vq, vq->last_avail_idx % vq->vring.num);
    if (vdev->broken) {
        return NULL;
    }
    if (head >= vq->vring.num) {
        virtio_error(vdev, "queue %u: head descriptor %u is out of range (%u)",
                     vq->queue_index, head, vq->vring.num);
        return NULL;
    }
    m = g_new(ChainMap, 1);
    m->out_num = m->in_num = 0;
    if (!virtqueue_map_chain(vq, head, m)) {
        unmap_iovs(vdev, m->iov, m->out_num, false, 0);
        unmap_iovs(vdev, m->iov + m->out_num, m->in_num, true, 0);
        g_free(m);
        return NULL;
    }
    elem = virtqueue_alloc_element(sz, m->out_num, m->in_num);
    elem->index = head;
    elem->ndescs = 1;
    memcpy(elem->out_sg, m->iov, m->out_num * sizeof(struct iovec));
    memcpy(elem->out_addr, m->addr, m->out_num * sizeof(hwaddr));
    memcpy(elem->in_sg, m->iov + m->out_num, m->in_num * sizeof(struct iovec));
    memcpy(elem->in_addr, m->addr + m->out_num, m->in_num * sizeof(hwaddr));
    g_free(m);

    vq->popped_at[head] = vq->last_avail_idx;
    vq->last_avail_idx++;
    vq->inuse++;
    if (vq->notification && virtio_vdev_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX)) {
        /* Kick me when the driver adds past what I have now taken. */
        vring_set_avail_event(vq, vq->last_avail_idx);
    }
    return elem;
}

/* Unmap elem's buffers and count it out of the in-flight set. */
static void virtqueue_unmap_element(VirtQueue *vq, const VirtQueueElement *elem,
                                    unsigned int len)
{
    unmap_iovs(vq->vdev, elem->in_sg, elem->in_num, true, len);
    unmap_iovs(vq->vdev, elem->out_sg, elem->out_num, false, 0);
    if (vq->inuse) {
        vq->inuse--;
    }
    if (vq->popped_at && elem->index < VIRTIO_QUEUE_MAX) {
        vq->popped_at[elem->index] = -1;
    }
}

void virtqueue_unpop(VirtQueue *vq, const VirtQueueElement *elem, unsigned int len)
{
    virtqueue_unmap_element(vq, elem, len);
    vq->last_avail_idx--;
}

void virtqueue_detach_element(VirtQueue *vq, const VirtQueueElement *elem, unsigned int len)
{
    virtqueue_unmap_element(vq, elem, len);
}

void virtqueue_push(VirtQueue *vq, const VirtQueueElement *elem, unsigned int len)
{
    VirtIODevice *vdev = vq->vdev;

    virtqueue_unmap_element(vq, elem, len);
    if (vdev->broken || !virtio_queue_live(vq)) {
        /* The guest reset the queue or gets NEEDS_RESET: nothing to return to. */
        return;
    }
    vring_used_write(vq, vq->used_idx % vq->vring.num, elem->index, len);
    /* The entry must be visible before the index that publishes it. */
    virtio_mb();
    vq->used_idx++;
    vring_write16(vq, vq->vring.used + 2, vq->used_idx, "used ring");
    if ((uint16_t)(vq->used_idx - vq->signalled_used) == 0) {
        /* 2^16 pushes without an interrupt: the saved value is ambiguous now. */
        vq->signalled_used_valid = false;
    }
}

/* Whether the driver asked for an interrupt for what was pushed (spec 2.7.7, 2.7.10). */
static bool virtio_should_notify(VirtIODevice *vdev, VirtQueue *vq)
{
    uint16_t old, new;
    bool valid;

    /* Publish the used index before reading the driver's suppression state. */
    virtio_mb();
    if (virtio_vdev_has_feature(vdev, VIRTIO_F_NOTIFY_ON_EMPTY) && !vq->inuse &&
        virtio_queue_empty(vq)) {
        return true;
    }
    if (!virtio_vdev_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX)) {
        return !(vring_avail_flags(vq) & VRING_AVAIL_F_NO_INTERRUPT);
    }
    valid = vq->signalled_used_valid;
    vq->signalled_used_valid = true;
    old = vq->signalled_used;
    new = vq->signalled_used = vq->used_idx;
    /* vring_need_event(): did used_idx step over used_event? */
    return !valid || (uint16_t)(new - vring_used_event(vq) - 1) < (uint16_t)(new - old);
}

void virtio_notify(VirtIODevice *vdev, VirtQueue *vq)
{
    if (vdev->broken || !virtio_queue_live(vq) || !virtio_should_notify(vdev, vq)) {
        return;
    }
    virtio_set_isr(vdev, VIRTIO_ISR_QUEUE);
    virtio_notify_vector(vdev, vq->vector);
}

void virtio_notify_config(VirtIODevice *vdev)
{
    if (!(vdev->status & VIRTIO_CONFIG_S_DRIVER_OK)) {
        return;
    }
    virtio_set_isr(vdev, VIRTIO_ISR_CONFIG);
    vdev->generation++;
    virtio_notify_vector(vdev, vdev->config_vector);
}

void virtqueue_get_avail_bytes(VirtQueue *vq, unsigned int *in_bytes, unsigned int *out_bytes,
                               unsigned max_in_bytes, unsigned max_out_bytes)
{
    VirtIODevice *vdev = vq->vdev;
    uint64_t in_total = 0, out_total = 0;
    uint16_t idx = vq->last_avail_idx;
    int heads;

    if (vdev->broken || !virtio_queue_live(vq)) {
        goto done;
    }
    heads = virtqueue_num_heads(vq);
    for (int n = 0; n < heads && in_total < max_in_bytes && out_total < max_out_bytes; n++) {
        unsigned int head = vring_avail_ring(vq, (uint16_t)(idx + n) % vq->vring.num);
        ChainMap *m;

        if (vdev->broken) {
            break;
        }
        if (head >= vq->vring.num) {
            virtio_error(vdev, "queue %u: head descriptor %u is out of range (%u)",
                         vq->queue_index, head, vq->vring.num);
            break;
        }
        m = g_new(ChainMap, 1);
        m->out_num = m->in_num = 0;
        if (virtqueue_map_chain(vq, head, m)) {
            out_total += iov_size(m->iov, m->out_num);
            in_total += iov_size(m->iov + m->out_num, m->in_num);
        }
        unmap_iovs(vdev, m->iov, m->out_num, false, 0);
        unmap_iovs(vdev, m->iov + m->out_num, m->in_num, true, 0);
        g_free(m);
    }
done:
    if (vdev->broken) {
        in_total = out_total = 0;
    }
    if (in_bytes) {
        *in_bytes = MIN(in_total, UINT_MAX);
    }
    if (out_bytes) {
        *out_bytes = MIN(out_total, UINT_MAX);
    }
}

int virtqueue_avail_bytes(VirtQueue *vq, unsigned int in_bytes, unsigned int out_bytes)
{
    unsigned int in_total, out_total;

    virtqueue_get_avail_bytes(vq, &in_total, &out_total, in_bytes, out_bytes);
    return in_bytes <= in_total && out_bytes <= out_total;
}

/* ---- queue setup ---- */

VirtQueue *virtio_add_queue(VirtIODevice *vdev, int queue_size, VirtIOHandleOutput handle_output)
{
    int i;

    for (i = 0; i < VIRTIO_QUEUE_MAX; i++) {
        if (vdev->vq[i].vring.num == 0) {
            break;
        }
    }
    if (i == VIRTIO_QUEUE_MAX || queue_size <= 0 || queue_size > VIRTIO_QUEUE_MAX) {
        /* A device bug (its realize picked these), not a guest error. */
        g_error("virtio %s: cannot add a queue of size %d (index %d)", vdev->name,
                queue_size, i);
    }
    vdev->vq[i].vring.num = queue_size;
    vdev->vq[i].vring.num_default = queue_size;
    vdev->vq[i].vring.align = VIRTIO_PCI_VRING_ALIGN;
    vdev->vq[i].handle_output = handle_output;
    g_free(vdev->vq[i].popped_at);
    vdev->vq[i].popped_at = g_new(int32_t, VIRTIO_QUEUE_MAX);
    memset(vdev->vq[i].popped_at, 0xff, VIRTIO_QUEUE_MAX * sizeof(int32_t));
    return &vdev->vq[i];
}

static void virtio_queue_clear(VirtQueue *vq)
{
    vq->vring.desc = vq->vring.avail = vq->vring.used = 0;
    vq->last_avail_idx = vq->shadow_avail_idx = vq->used_idx = 0;
    vq->signalled_used = 0;
    vq->signalled_used_valid = false;
    vq->notification = true;
    vq->inuse = 0;
    if (vq->popped_at) {
        memset(vq->popped_at, 0xff, VIRTIO_QUEUE_MAX * sizeof(vq->popped_at[0]));
    }
}

void virtio_del_queue(VirtIODevice *vdev, int n)
{
    if (n < 0 || n >= VIRTIO_QUEUE_MAX) {
        return;
    }
    virtio_queue_clear(&vdev->vq[n]);
    vdev->vq[n].vring.num = 0;
    vdev->vq[n].vring.num_default = 0;
    vdev->vq[n].handle_output = NULL;
    g_free(vdev->vq[n].popped_at);
    vdev->vq[n].popped_at = NULL;
}

VirtQueue *virtio_get_queue(VirtIODevice *vdev, int n)
{
    return &vdev->vq[n];
}

int virtio_get_queue_index(VirtQueue *vq)
{
    return vq->queue_index;
}

VirtIODevice *virtio_queue_get_vdev(VirtQueue *vq)
{
    return vq->vdev;
}

static bool queue_index_ok(VirtIODevice *vdev, int n)
{
    return n >= 0 && n < VIRTIO_QUEUE_MAX && vdev->vq;
}

int virtio_queue_get_num(VirtIODevice *vdev, int n)
{
    return queue_index_ok(vdev, n) ? (int)vdev->vq[n].vring.num : 0;
}

int virtio_queue_get_max_num(VirtIODevice *vdev, int n)
{
    return queue_index_ok(vdev, n) ? (int)vdev->vq[n].vring.num_default : 0;
}

/* Legacy layout: avail after the table, used at the next align boundary. */
static void virtio_queue_update_rings(VirtIODevice *vdev, int n)
{
    VRing *vr = &vdev->vq[n].vring;

    if (!vr->num || !vr->desc || !vr->align) {
        return;
    }
    vr->avail = vr->desc + (hwaddr)vr->num * VRING_DESC_SIZE;
    vr->used = QEMU_ALIGN_UP(vr->avail + 4 + 2 * (hwaddr)vr->num + 2, (hwaddr)vr->align);
}

void virtio_queue_set_num(VirtIODevice *vdev, int n, int num)
{
    VRing *vr;

    if (!queue_index_ok(vdev, n)) {
        return;
    }
    vr = &vdev->vq[n].vring;
    /*
     * A queue the device does not have stays absent.  Any size up to the
     * core's limit is accepted, as QEMU does (virtio-mmio offers that as
     * QueueNumMax), whatever size the device asked for.
     */
    if (!vr->num_default || num <= 0 || num > VIRTIO_QUEUE_MAX) {
        return;
    }
    vr->num = num;
    if (!virtio_vdev_has_feature(vdev, VIRTIO_F_VERSION_1) && vr->desc) {
        /* Legacy layout: the size moves the avail and used rings. */
        virtio_queue_update_rings(vdev, n);
    }
}

void virtio_queue_set_addr(VirtIODevice *vdev, int n, hwaddr addr)
{
    VRing *vr;

    if (!queue_index_ok(vdev, n) || !vdev->vq[n].vring.num) {
        return;
    }
    vr = &vdev->vq[n].vring;
    vr->desc = addr;
    if (!addr) {
        vr->avail = vr->used = 0;
        return;
    }
    virtio_queue_update_rings(vdev, n);
}

hwaddr virtio_queue_get_addr(VirtIODevice *vdev, int n)
{
    return queue_index_ok(vdev, n) ? vdev->vq[n].vring.desc : 0;
}

void virtio_queue_set_align(VirtIODevice *vdev, int n, int align)
{
    const VirtioBusOps *ops = virtio_bus_get_ops(vdev);

    if (!queue_index_ok(vdev, n) || !ops || !ops->has_variable_vring_alignment ||
        !ops->has_variable_vring_alignment(virtio_proxy(vdev))) {
        return;
    }
    if (align <= 0 || (align & (align - 1))) {
        /* Guest-written: ignore what would make the layout meaningless. */
        qemu_log_mask(LOG_GUEST_ERROR, "%s: queue %d alignment %d is not a power of two; "
                      "ignored\n", vdev->name, n, align);
        return;
    }
    vdev->vq[n].vring.align = align;
    if (vdev->vq[n].vring.desc) {
        virtio_queue_update_rings(vdev, n);
    }
}

void virtio_queue_set_rings(VirtIODevice *vdev, int n, hwaddr desc, hwaddr avail, hwaddr used)
{
    VRing *vr;

    if (!queue_index_ok(vdev, n) || !vdev->vq[n].vring.num) {
        return;
    }
    vr = &vdev->vq[n].vring;
    vr->desc = desc;
    vr->avail = avail;
    vr->used = used;
}

hwaddr virtio_queue_get_desc_addr(VirtIODevice *vdev, int n)
{
    return queue_index_ok(vdev, n) ? vdev->vq[n].vring.desc : 0;
}

hwaddr virtio_queue_get_avail_addr(VirtIODevice *vdev, int n)
{
    return queue_index_ok(vdev, n) ? vdev->vq[n].vring.avail : 0;
}

hwaddr virtio_queue_get_used_addr(VirtIODevice *vdev, int n)
{
    return queue_index_ok(vdev, n) ? vdev->vq[n].vring.used : 0;
}

void virtio_queue_set_vector(VirtIODevice *vdev, int n, uint16_t vector)
{
    if (queue_index_ok(vdev, n)) {
        vdev->vq[n].vector = vector;
    }
}

uint16_t virtio_queue_vector(VirtIODevice *vdev, int n)
{
    return queue_index_ok(vdev, n) ? vdev->vq[n].vector : VIRTIO_NO_VECTOR;
}

uint16_t virtio_get_queue_vector_default(void)
{
    return VIRTIO_NO_VECTOR;
}

void virtio_queue_enable(VirtIODevice *vdev, uint32_t queue_index)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);

    if (queue_index >= VIRTIO_QUEUE_MAX) {
        return;
    }
    if (vdc->queue_enable) {
        vdc->queue_enable(vdev, queue_index);
    }
}

void virtio_queue_reset(VirtIODevice *vdev, uint32_t queue_index)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);
    VirtQueue *vq;

    if (queue_index >= VIRTIO_QUEUE_MAX) {
        return;
    }
    /* The device first drops what it holds of this queue. */
    if (vdc->queue_reset) {
        vdc->queue_reset(vdev, queue_index);
    }
    vq = &vdev->vq[queue_index];
    virtio_queue_clear(vq);
    vq->vring.num = vq->vring.num_default;
    vq->vector = VIRTIO_NO_VECTOR;
}

bool virtio_queue_enabled(VirtIODevice *vdev, int n)
{
    return queue_index_ok(vdev, n) && vdev->vq[n].vring.desc != 0;
}

void virtio_queue_notify(VirtIODevice *vdev, int n)
{
    VirtQueue *vq;

    if (!queue_index_ok(vdev, n)) {
        return;
    }
    vq = &vdev->vq[n];
    if (!virtio_queue_live(vq) || vdev->broken || !vq->handle_output) {
        return;
    }
    if (vdev->start_on_kick && !virtio_vdev_has_feature(vdev, VIRTIO_F_VERSION_1)) {
        /* Legacy drivers may kick before DRIVER_OK. */
        vdev->start_on_kick = false;
        if (vdev->use_started) {
            vdev->started = true;
        }
    }
    vq->handle_output(vdev, vq);
}

/* ---- features, status, reset ---- */

static int virtio_set_features_nocheck(VirtIODevice *vdev, uint64_t val)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);
    bool bad = (val & ~vdev->host_features) != 0;

    val &= vdev->host_features;
    if (vdc->set_features) {
        vdc->set_features(vdev, val);
    }
    vdev->guest_features = val;
    return bad ? -EINVAL : 0;
}

int virtio_set_features(VirtIODevice *vdev, uint64_t val)
{
    int ret;

    /* After FEATURES_OK the set is frozen (spec 3.1.1). */
    if (vdev->status & VIRTIO_CONFIG_S_FEATURES_OK) {
        return -EINVAL;
    }
    ret = virtio_set_features_nocheck(vdev, val);
    if (virtio_vdev_has_feature(vdev, VIRTIO_RING_F_EVENT_IDX)) {
        /* Interrupt suppression state restarts with the new features. */
        for (int i = 0; i < VIRTIO_QUEUE_MAX; i++) {
            vdev->vq[i].signalled_used_valid = false;
        }
    }
    return ret;
}

static int virtio_validate_features(VirtIODevice *vdev)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);

    if (virtio_host_has_feature(vdev, VIRTIO_F_ACCESS_PLATFORM) &&
        !virtio_vdev_has_feature(vdev, VIRTIO_F_ACCESS_PLATFORM)) {
        return -EFAULT;
    }
    return vdc->validate_features ? vdc->validate_features(vdev) : 0;
}

static void virtio_set_started(VirtIODevice *vdev, bool started)
{
    if (started) {
        vdev->start_on_kick = false;
    }
    if (vdev->use_started) {
        vdev->started = started;
    }
}

int virtio_set_status(VirtIODevice *vdev, uint8_t val)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);

    if (val == 0) {
        virtio_reset(vdev);
        return 0;
    }
    if (virtio_vdev_has_feature(vdev, VIRTIO_F_VERSION_1) &&
        !(vdev->status & VIRTIO_CONFIG_S_FEATURES_OK) && (val & VIRTIO_CONFIG_S_FEATURES_OK)) {
        int ret = virtio_validate_features(vdev);
        if (ret) {
            /* FEATURES_OK stays clear: the driver sees the refusal (spec 3.1.1). */
            return ret;
        }
    }
    if (vdev->broken) {
        /* Only a reset clears NEEDS_RESET. */
        val |= vdev->status & VIRTIO_CONFIG_S_NEEDS_RESET;
    }
    if ((vdev->status & VIRTIO_CONFIG_S_DRIVER_OK) != (val & VIRTIO_CONFIG_S_DRIVER_OK)) {
        virtio_set_started(vdev, val & VIRTIO_CONFIG_S_DRIVER_OK);
    }
    if (vdc->set_status) {
        vdc->set_status(vdev, val);
    }
    vdev->status = val;
    return 0;
}

void virtio_reset(VirtIODevice *vdev)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);

    /* Stop the device first, then let it drop what it holds. */
    if (vdev->status && vdc->set_status) {
        vdc->set_status(vdev, 0);
    }
    virtio_set_started(vdev, false);
    /*
     * A transitional device driven by a legacy driver may see kicks before
     * DRIVER_OK (QEMU's rule; guest features are cleared below).
     */
    vdev->start_on_kick = virtio_host_has_feature(vdev, VIRTIO_F_VERSION_1);
    vdev->device_endian = virtio_guest_is_big_endian() ? VIRTIO_DEVICE_ENDIAN_BIG
                                                       : VIRTIO_DEVICE_ENDIAN_LITTLE;
    if (vdc->reset) {
        vdc->reset(vdev);
    }
    vdev->broken = false;
    vdev->guest_features = 0;
    vdev->queue_sel = 0;
    vdev->status = 0;
    vdev->disabled = false;
    vdev->isr = 0;
    vdev->config_vector = VIRTIO_NO_VECTOR;
    virtio_update_irq(vdev);
    for (int i = 0; vdev->vq && i < VIRTIO_QUEUE_MAX; i++) {
        VirtQueue *vq = &vdev->vq[i];
        virtio_queue_clear(vq);
        vq->vring.num = vq->vring.num_default;
        vq->vring.align = VIRTIO_PCI_VRING_ALIGN;
        vq->vector = VIRTIO_NO_VECTOR;
    }
}

/* ---- config space ---- */

/*
 * Legacy and modern accessors read and write vdev->config as bytes in
 * memory order: the transports' register windows are little-endian, so a
 * 16/32-bit access sees the bytes as the device laid them out (the device
 * stores fields with virtio_st*_p, in the guest's order for legacy).
 * Accesses beyond config_len read all-ones and are ignored when written.
 */
static bool config_range_ok(VirtIODevice *vdev, uint32_t addr, unsigned int size)
{
    return vdev->config && (uint64_t)addr + size <= vdev->config_len;
}

static bool config_refresh(VirtIODevice *vdev, uint32_t addr, unsigned int size)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);

    if (!config_range_ok(vdev, addr, size)) {
        return false;
    }
    if (vdc->get_config) {
        vdc->get_config(vdev, vdev->config);
    }
    return true;
}

static void config_store(VirtIODevice *vdev, uint32_t addr, unsigned int size, uint32_t data)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);

    if (!config_range_ok(vdev, addr, size)) {
        return;
    }
    stn_le_p(vdev->config + addr, size, data);
    if (vdc->set_config) {
        vdc->set_config(vdev, vdev->config);
    }
}

uint8_t virtio_config_readb(VirtIODevice *vdev, uint32_t addr)
{
    return config_refresh(vdev, addr, 1) ? ldub_p(vdev->config + addr) : (uint8_t)-1;
}

uint16_t virtio_config_readw(VirtIODevice *vdev, uint32_t addr)
{
    return config_refresh(vdev, addr, 2) ? lduw_le_p(vdev->config + addr) : (uint16_t)-1;
}

uint32_t virtio_config_readl(VirtIODevice *vdev, uint32_t addr)
{
    return config_refresh(vdev, addr, 4) ? ldl_le_p(vdev->config + addr) : (uint32_t)-1;
}

void virtio_config_writeb(VirtIODevice *vdev, uint32_t addr, uint32_t data)
{
    config_store(vdev, addr, 1, data);
}

void virtio_config_writew(VirtIODevice *vdev, uint32_t addr, uint32_t data)
{
    config_store(vdev, addr, 2, data);
}

void virtio_config_writel(VirtIODevice *vdev, uint32_t addr, uint32_t data)
{
    config_store(vdev, addr, 4, data);
}

uint32_t virtio_config_modern_readb(VirtIODevice *vdev, uint32_t addr)
{
    return config_refresh(vdev, addr, 1) ? ldub_p(vdev->config + addr) : (uint32_t)-1;
}

uint32_t virtio_config_modern_readw(VirtIODevice *vdev, uint32_t addr)
{
    return config_refresh(vdev, addr, 2) ? lduw_le_p(vdev->config + addr) : (uint32_t)-1;
}

uint32_t virtio_config_modern_readl(VirtIODevice *vdev, uint32_t addr)
{
    return config_refresh(vdev, addr, 4) ? ldl_le_p(vdev->config + addr) : (uint32_t)-1;
}

void virtio_config_modern_writeb(VirtIODevice *vdev, uint32_t addr, uint32_t data)
{
    config_store(vdev, addr, 1, data);
}

void virtio_config_modern_writew(VirtIODevice *vdev, uint32_t addr, uint32_t data)
{
    config_store(vdev, addr, 2, data);
}

void virtio_config_modern_writel(VirtIODevice *vdev, uint32_t addr, uint32_t data)
{
    config_store(vdev, addr, 4, data);
}

/* ---- migration ---- */

/*
 * The device's section: [transport config] status isr queue_sel
 * features(low 32) config_len config[] nqueues {num [align] desc
 * last_avail_idx [transport queue]}* [device vmsd] "virtio" subsections.
 * QEMU's layout, so streams move between the two.
 */

static bool virtio_device_endian_needed(void *opaque)
{
    VirtIODevice *vdev = opaque;

    if (!virtio_vdev_has_feature(vdev, VIRTIO_F_VERSION_1)) {
        return vdev->device_endian != VIRTIO_DEVICE_ENDIAN_LITTLE;
    }
    return vdev->device_endian != VIRTIO_DEVICE_ENDIAN_LITTLE;
}

static bool virtio_64bit_features_needed(void *opaque)
{
    VirtIODevice *vdev = opaque;
    return (vdev->guest_features >> 32) != 0;
}

static bool virtio_virtqueues_needed(void *opaque)
{
    VirtIODevice *vdev = opaque;
    return virtio_host_has_feature(vdev, VIRTIO_F_VERSION_1);
}

static bool virtio_ringsize_needed(void *opaque)
{
    VirtIODevice *vdev = opaque;

    for (int i = 0; i < VIRTIO_QUEUE_MAX; i++) {
        if (vdev->vq[i].vring.num != vdev->vq[i].vring.num_default) {
            return true;
        }
    }
    return false;
}

static bool virtio_broken_needed(void *opaque)
{
    VirtIODevice *vdev = opaque;
    return vdev->broken;
}

static bool virtio_started_needed(void *opaque)
{
    VirtIODevice *vdev = opaque;
    return vdev->started;
}

static bool virtio_disabled_needed(void *opaque)
{
    VirtIODevice *vdev = opaque;
    return vdev->disabled;
}

static bool virtio_extra_state_needed(void *opaque)
{
    VirtIODevice *vdev = opaque;
    const VirtioBusOps *ops = virtio_bus_get_ops(vdev);

    return ops && ops->has_extra_state && ops->extra_state_vmsd &&
           ops->has_extra_state(virtio_proxy(vdev));
}

static int virtio_extra_state_put(QEMUFile *f, void *pv, size_t size,
                                  const VMStateField *field, Error **errp)
{
    VirtIODevice *vdev = pv;
    const VirtioBusOps *ops = virtio_bus_get_ops(vdev);

    return vmstate_save_state(f, ops->extra_state_vmsd, virtio_proxy(vdev), NULL, errp);
}

static int virtio_extra_state_get(QEMUFile *f, void *pv, size_t size,
                                  const VMStateField *field, Error **errp)
{
    VirtIODevice *vdev = pv;
    const VirtioBusOps *ops = virtio_bus_get_ops(vdev);

    if (!ops || !ops->extra_state_vmsd) {
        error_setg(errp, "%s: transport state in the stream, but this transport has none",
                   vdev->name);
        return -EINVAL;
    }
    return vmstate_load_state(f, ops->extra_state_vmsd, virtio_proxy(vdev),
                              ops->extra_state_vmsd->version_id, errp);
}

static const VMStateInfo vmstate_info_virtio_extra_state = {
    .name = "virtqueue_extra_state",
    .get = virtio_extra_state_get,
    .put = virtio_extra_state_put,
};

static const VMStateDescription vmstate_virtqueue = {
    .name = "virtqueue_state",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(vring.avail, VirtQueue),
        VMSTATE_UINT64(vring.used, VirtQueue),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_ringsize = {
    .name = "ringsize_state",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(vring.num_default, VirtQueue),
        VMSTATE_END_OF_LIST()
    },
};

/* All VIRTIO_QUEUE_MAX queues behind vdev->vq, each as _vmsd. */
#define VMSTATE_VIRTIO_QUEUES(_vmsd) { \
    .name = "vq", \
    .num = VIRTIO_QUEUE_MAX, \
    .vmsd = &(_vmsd), \
    .size = sizeof(VirtQueue), \
    .flags = VMS_STRUCT | VMS_ARRAY | VMS_POINTER, \
    .offset = offsetof(VirtIODevice, vq), \
}

static const VMStateDescription vmstate_virtio_device_endian = {
    .name = "virtio/device_endian",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = virtio_device_endian_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(device_endian, VirtIODevice),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_virtio_64bit_features = {
    .name = "virtio/64bit_features",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = virtio_64bit_features_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(guest_features, VirtIODevice),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_virtio_virtqueues = {
    .name = "virtio/virtqueues",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = virtio_virtqueues_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_VIRTIO_QUEUES(vmstate_virtqueue),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_virtio_ringsize = {
    .name = "virtio/ringsize",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = virtio_ringsize_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_VIRTIO_QUEUES(vmstate_ringsize),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_virtio_broken = {
    .name = "virtio/broken",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = virtio_broken_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(broken, VirtIODevice),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_virtio_extra_state = {
    .name = "virtio/extra_state",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = virtio_extra_state_needed,
    .fields = (const VMStateField[]) {
        {
            .name = "extra_state",
            .info = &vmstate_info_virtio_extra_state,
            .flags = VMS_SINGLE,
            .offset = 0,
        },
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_virtio_started = {
    .name = "virtio/started",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = virtio_started_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(started, VirtIODevice),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_virtio_disabled = {
    .name = "virtio/disabled",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = virtio_disabled_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(disabled, VirtIODevice),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_virtio = {
    .name = "virtio",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription *const []) {
        &vmstate_virtio_device_endian,
        &vmstate_virtio_64bit_features,
        &vmstate_virtio_virtqueues,
        &vmstate_virtio_ringsize,
        &vmstate_virtio_broken,
        &vmstate_virtio_extra_state,
        &vmstate_virtio_started,
        &vmstate_virtio_disabled,
        NULL
    },
};

/* Leading run of queues the device has (QEMU counts them the same way). */
static int virtio_num_queues(VirtIODevice *vdev)
{
    int n = 0;
    while (n < VIRTIO_QUEUE_MAX && vdev->vq[n].vring.num) {
        n++;
    }
    return n;
}

/*
 * Whether the requests in flight on vq are exactly the last vq->inuse
 * popped, so that moving last_avail_idx back by inuse re-issues them and
 * nothing else.
 */
static bool virtio_in_flight_are_latest(VirtQueue *vq)
{
    unsigned int count = 0;

    if (!vq->inuse) {
        return true;
    }
    if (!vq->popped_at) {
        return false;
    }
    for (int h = 0; h < VIRTIO_QUEUE_MAX; h++) {
        if (vq->popped_at[h] < 0) {
            continue;
        }
        count++;
        if ((uint16_t)(vq->last_avail_idx - vq->popped_at[h]) > vq->inuse) {
            return false;
        }
    }
    return count == vq->inuse;
}

static int virtio_save_err(VirtIODevice *vdev, QEMUFile *f, Error **errp)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);
    const VirtioBusOps *ops = virtio_bus_get_ops(vdev);
    DeviceState *proxy = virtio_proxy(vdev);
    bool variable_align = ops && ops->has_variable_vring_alignment &&
                          ops->has_variable_vring_alignment(proxy);
    int nq = virtio_num_queues(vdev);
    int ret;

    for (int i = 0; i < nq; i++) {
        if (!virtio_in_flight_are_latest(&vdev->vq[i])) {
            error_setg(errp, "%s: queue %d has requests in flight that were popped before "
                       "others already completed; they cannot be handed over", vdev->name, i);
            return -EBUSY;
        }
    }
    if (ops && ops->save_config) {
        ops->save_config(proxy, f);
    }
    qemu_put_byte(f, vdev->status);
    qemu_put_byte(f, vdev->isr);
    qemu_put_be16(f, vdev->queue_sel);
    qemu_put_be32(f, (uint32_t)vdev->guest_features);
    if (vdc->get_config && vdev->config) {
        vdc->get_config(vdev, vdev->config);
    }
    qemu_put_be32(f, vdev->config_len);
    qemu_put_buffer(f, vdev->config, vdev->config_len);
    qemu_put_be32(f, nq);
    for (int i = 0; i < nq; i++) {
        VirtQueue *vq = &vdev->vq[i];
        qemu_put_be32(f, vq->vring.num);
        if (variable_align) {
            qemu_put_be32(f, vq->vring.align);
        }
        qemu_put_be64(f, vq->vring.desc);
        /*
         * Requests popped but not pushed are not part of the stream: the
         * destination takes them from the avail ring again, so the index
         * goes back by their number.  That is right when they are the
         * latest ones popped, which holds after the block layer drained at
         * stop (then inuse is 0) and for devices that hold on to the
         * buffers they popped last (virtio-serial's receive buffers).
         */
        qemu_put_be16(f, (uint16_t)(vq->last_avail_idx - vq->inuse));
        if (ops && ops->save_queue) {
            ops->save_queue(proxy, i, f);
        }
    }
    if (vdc->vmsd) {
        ret = vmstate_save_state(f, vdc->vmsd, vdev, NULL, errp);
        if (ret) {
            return ret;
        }
    }
    return vmstate_save_state(f, &vmstate_virtio, vdev, NULL, errp);
}

int virtio_save(VirtIODevice *vdev, QEMUFile *f)
{
    Error *err = NULL;
    int ret = virtio_save_err(vdev, f, &err);

    if (ret) {
        qemu_file_set_error(f, ret, "%s", error_get_pretty(err));
        error_free(err);
    }
    return ret;
}

/* Is [pa, pa + len) guest RAM (readable)? */
static bool virtio_ram_range_ok(VirtIODevice *vdev, hwaddr pa, hwaddr len)
{
    hwaddr l = len;
    void *p;

    if (pa + len < pa) {
        return false;
    }
    p = address_space_map(vdev->dma_as, pa, &l, false, MEMTXATTRS_UNSPECIFIED);
    if (p) {
        address_space_unmap(vdev->dma_as, p, l, false, 0);
    }
    return p && l == len;
}

/*
 * Checks that need the whole section: the ring indexes live in guest RAM in
 * the device's byte order, known only once the device_endian subsection has
 * been read (seed 004).
 */
static int virtio_load_check_queues(VirtIODevice *vdev, int nq, Error **errp)
{
    for (int i = 0; i < VIRTIO_QUEUE_MAX; i++) {
        VirtQueue *vq = &vdev->vq[i];
        uint16_t avail_idx, nheads;

        if (vq->vring.num_default > VIRTIO_QUEUE_MAX || vq->vring.num > VIRTIO_QUEUE_MAX ||
            (vq->vring.num && !vq->vring.num_default)) {
            error_setg(errp, "%s: queue %d size %u (device size %u) is invalid", vdev->name,
                       i, vq->vring.num, vq->vring.num_default);
            return -EINVAL;
        }
        if (i >= nq) {
            continue;
        }
        vq->signalled_used_valid = false;
        vq->notification = true;
        vq->inuse = 0;
        if (vq->popped_at) {
            memset(vq->popped_at, 0xff, VIRTIO_QUEUE_MAX * sizeof(vq->popped_at[0]));
        }
        if (!vq->vring.desc) {
            if (vq->last_avail_idx) {
                error_setg(errp, "%s: queue %d has no rings but avail index %u", vdev->name,
                           i, vq->last_avail_idx);
                return -EINVAL;
            }
            vq->used_idx = vq->shadow_avail_idx = 0;
            continue;
        }
        if (!virtio_vdev_has_feature(vdev, VIRTIO_F_VERSION_1)) {
            virtio_queue_update_rings(vdev, i);
        }
        if (!vq->vring.num ||
            !virtio_ram_range_ok(vdev, vq->vring.desc, (hwaddr)vq->vring.num * VRING_DESC_SIZE) ||
            !virtio_ram_range_ok(vdev, vq->vring.avail, 6 + 2 * (hwaddr)vq->vring.num) ||
            !virtio_ram_range_ok(vdev, vq->vring.used, 6 + 8 * (hwaddr)vq->vring.num)) {
            error_setg(errp, "%s: queue %d rings (desc 0x%" HWADDR_PRIx ", avail 0x%"
                       HWADDR_PRIx ", used 0x%" HWADDR_PRIx ", size %u) are not in RAM",
                       vdev->name, i, vq->vring.desc, vq->vring.avail, vq->vring.used,
                       vq->vring.num);
            return -EINVAL;
        }
        avail_idx = vring_avail_idx(vq);
        nheads = avail_idx - vq->last_avail_idx;
        if (nheads > vq->vring.num) {
            error_setg(errp, "%s: queue %d size %u: guest avail index %u is inconsistent with "
                       "the device's %u (%u apart)", vdev->name, i, vq->vring.num,
                       avail_idx, vq->last_avail_idx, nheads);
            return -EINVAL;
        }
        vq->used_idx = vring_used_idx(vq);
        vq->inuse = (uint16_t)(vq->last_avail_idx - vq->used_idx);
        if (vq->inuse > vq->vring.num) {
            error_setg(errp, "%s: queue %d size %u: avail index %u is %u past the used index "
                       "%u", vdev->name, i, vq->vring.num, vq->last_avail_idx, vq->inuse,
                       vq->used_idx);
            return -EINVAL;
        }
    }
    return 0;
}

/*
 * The device's vmsd without its post_load: that runs at the end of the
 * section, once device_endian is known (seed 004; the contract in virtio.h).
 * One copy per description, kept for the life of the process.
 */
static const VMStateDescription *virtio_deferred_vmsd(const VMStateDescription *vmsd)
{
    static GHashTable *copies;
    static GMutex lock;
    VMStateDescription *copy;

    if (!vmsd->post_load) {
        return vmsd;
    }
    g_mutex_lock(&lock);
    if (!copies) {
        copies = g_hash_table_new(NULL, NULL);
    }
    copy = g_hash_table_lookup(copies, vmsd);
    if (!copy) {
        copy = g_memdup2(vmsd, sizeof(*vmsd));
        copy->post_load = NULL;
        g_hash_table_insert(copies, (gpointer)vmsd, copy);
    }
    g_mutex_unlock(&lock);
    return copy;
}

static int virtio_load_err(VirtIODevice *vdev, QEMUFile *f, Error **errp)
{
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(vdev);
    const VirtioBusOps *ops = virtio_bus_get_ops(vdev);
    DeviceState *proxy = virtio_proxy(vdev);
    bool variable_align = ops && ops->has_variable_vring_alignment &&
                          ops->has_variable_vring_alignment(proxy);
    uint32_t features, config_len, nq;
    g_autofree unsigned int *max_num = g_new(unsigned int, VIRTIO_QUEUE_MAX);
    int ret;

    if (ops && ops->load_config) {
        ret = ops->load_config(proxy, f);
        if (ret) {
            error_setg(errp, "%s: bad transport state", vdev->name);
            return ret;
        }
    }
    vdev->status = qemu_get_byte(f);
    vdev->isr = qemu_get_byte(f);
    vdev->queue_sel = qemu_get_be16(f);
    if (vdev->queue_sel >= VIRTIO_QUEUE_MAX) {
        error_setg(errp, "%s: selected queue %u out of range", vdev->name, vdev->queue_sel);
        return -EINVAL;
    }
    features = qemu_get_be32(f);
    /* Early, for device load code that looks at the features. */
    vdev->guest_features = features;
    config_len = qemu_get_be32(f);
    if (vdev->config_len) {
        qemu_get_buffer(f, vdev->config, MIN(config_len, vdev->config_len));
    }
    for (uint32_t skip = config_len; skip > vdev->config_len && !qemu_file_get_error(f);
         skip--) {
        qemu_get_byte(f);
    }
    nq = qemu_get_be32(f);
    if (nq > VIRTIO_QUEUE_MAX) {
        error_setg(errp, "%s: %u queues in the stream, at most %d", vdev->name, nq,
                   VIRTIO_QUEUE_MAX);
        return -EINVAL;
    }
    for (uint32_t i = 0; i < nq; i++) {
        VirtQueue *vq = &vdev->vq[i];

        vq->vring.num = qemu_get_be32(f);
        if (variable_align) {
            uint32_t align = qemu_get_be32(f);
            if (!align || (align & (align - 1))) {
                error_setg(errp, "%s: queue %u alignment %u is not a power of two",
                           vdev->name, i, align);
                return -EINVAL;
            }
            vq->vring.align = align;
        }
        vq->vring.desc = qemu_get_be64(f);
        vq->last_avail_idx = qemu_get_be16(f);
        if (ops && ops->load_queue) {
            ret = ops->load_queue(proxy, i, f);
            if (ret) {
                error_setg(errp, "%s: bad transport state of queue %u", vdev->name, i);
                return ret;
            }
        }
        if (vq->vring.num > VIRTIO_QUEUE_MAX) {
            error_setg(errp, "%s: queue %u size %u in the stream, at most %d", vdev->name,
                       i, vq->vring.num, VIRTIO_QUEUE_MAX);
            return -EINVAL;
        }
    }
    ret = qemu_file_get_error(f);
    if (ret) {
        error_setg(errp, "%s: stream error", vdev->name);
        return ret;
    }
    if (vdc->vmsd) {
        ret = vmstate_load_state(f, virtio_deferred_vmsd(vdc->vmsd), vdev,
                                 vdc->vmsd->version_id, errp);
        if (ret) {
            return ret;
        }
    }
    for (int i = 0; i < VIRTIO_QUEUE_MAX; i++) {
        max_num[i] = vdev->vq[i].vring.num_default;
    }
    ret = vmstate_load_state(f, &vmstate_virtio, vdev, 1, errp);
    if (ret) {
        return ret;
    }
    ret = qemu_file_get_error(f);
    if (ret) {
        error_setg(errp, "%s: stream error", vdev->name);
        return ret;
    }
    for (int i = 0; i < VIRTIO_QUEUE_MAX; i++) {
        /* The stream may change a queue's size, not which queues exist. */
        if (!max_num[i] != !vdev->vq[i].vring.num_default) {
            error_setg(errp, "%s: queue %d %s", vdev->name, i,
                       max_num[i] ? "exists here but not in the stream"
                                  : "in the stream does not exist here");
            return -EINVAL;
        }
    }

    /* Everything is in: now the checks that depend on byte order. */
    if (vdev->device_endian != VIRTIO_DEVICE_ENDIAN_LITTLE &&
        vdev->device_endian != VIRTIO_DEVICE_ENDIAN_BIG) {
        if (vdev->device_endian != VIRTIO_DEVICE_ENDIAN_UNKNOWN) {
            error_setg(errp, "%s: unknown device byte order %u", vdev->name,
                       vdev->device_endian);
            return -EINVAL;
        }
        vdev->device_endian = VIRTIO_DEVICE_ENDIAN_LITTLE;
    }
    {
        uint64_t all = virtio_64bit_features_needed(vdev) ? vdev->guest_features : features;
        if (virtio_set_features_nocheck(vdev, all) < 0) {
            error_setg(errp, "%s: guest features 0x%" PRIx64 " include some this device "
                       "does not offer (0x%" PRIx64 ")", vdev->name, all,
                       vdev->host_features);
            return -EINVAL;
        }
    }
    ret = virtio_load_check_queues(vdev, nq, errp);
    if (ret) {
        return ret;
    }
    if (vdc->vmsd && vdc->vmsd->post_load) {
        ret = vdc->vmsd->post_load(vdev, vdc->vmsd->version_id);
        if (ret) {
            error_setg(errp, "%s: '%s' refused the loaded state", vdev->name,
                       vdc->vmsd->name);
            return ret;
        }
    }
    if (vdc->post_load) {
        ret = vdc->post_load(vdev);
        if (ret) {
            error_setg(errp, "%s: device state rejected after load", vdev->name);
            return ret;
        }
    }
    /* The transport's interrupt line follows the loaded ISR. */
    virtio_update_irq(vdev);
    return 0;
}

int virtio_load(VirtIODevice *vdev, QEMUFile *f, int version_id)
{
    Error *err = NULL;
    int ret = virtio_load_err(vdev, f, &err);

    if (ret) {
        qemu_file_set_error(f, ret, "%s", error_get_pretty(err));
        error_free(err);
    }
    return ret;
}

static int virtio_vmstate_put(QEMUFile *f, void *pv, size_t size, const VMStateField *field,
                              Error **errp)
{
    return virtio_save_err(VIRTIO_DEVICE(pv), f, errp);
}

static int virtio_vmstate_get(QEMUFile *f, void *pv, size_t size, const VMStateField *field,
                              Error **errp)
{
    return virtio_load_err(VIRTIO_DEVICE(pv), f, errp);
}

const VMStateInfo virtio_vmstate_info = {
    .name = "virtio",
    .get = virtio_vmstate_get,
    .put = virtio_vmstate_put,
};

/* ---- device lifetime ---- */

void virtio_init(VirtIODevice *vdev, uint16_t device_id, size_t config_size)
{
    if (!vdev->name) {
        vdev->name = object_get_typename(OBJECT(vdev));
    }
    vdev->device_id = device_id;
    vdev->status = 0;
    vdev->isr = 0;
    vdev->queue_sel = 0;
    vdev->config_vector = VIRTIO_NO_VECTOR;
    vdev->vq = g_new0(VirtQueue, VIRTIO_QUEUE_MAX);
    for (int i = 0; i < VIRTIO_QUEUE_MAX; i++) {
        vdev->vq[i].vdev = vdev;
        vdev->vq[i].queue_index = i;
        vdev->vq[i].vector = VIRTIO_NO_VECTOR;
        vdev->vq[i].notification = true;
    }
    vdev->config_len = config_size;
    vdev->config = config_size ? g_malloc0(config_size) : NULL;
    vdev->dma_as = &address_space_memory;
    vdev->device_endian = VIRTIO_DEVICE_ENDIAN_LITTLE;
}

void virtio_cleanup(VirtIODevice *vdev)
{
    g_free(vdev->config);
    vdev->config = NULL;
    vdev->config_len = 0;
    for (int i = 0; vdev->vq && i < VIRTIO_QUEUE_MAX; i++) {
        g_free(vdev->vq[i].popped_at);
    }
    g_free(vdev->vq);
    vdev->vq = NULL;
}

static void virtio_device_realize(DeviceState *dev, Error **errp)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(dev);
    const VirtioBusOps *ops = virtio_bus_get_ops(vdev);
    DeviceState *proxy = virtio_proxy(vdev);
    Error *err = NULL;
    uint64_t features;

    if (virtio_host_has_feature(vdev, VIRTIO_F_RING_PACKED)) {
        error_setg(errp, "%s: packed virtqueues are not supported; use packed=off",
                   object_get_typename(OBJECT(dev)));
        return;
    }
    if (!ops) {
        error_setg(errp, "%s: not on a virtio transport's bus", object_get_typename(OBJECT(dev)));
        return;
    }
    if (vdc->realize) {
        vdc->realize(dev, &err);
        if (err) {
            error_propagate(errp, err);
            return;
        }
    }
    if (!vdev->vq) {
        error_setg(errp, "%s: realize did not call virtio_init()",
                   object_get_typename(OBJECT(dev)));
        goto fail;
    }
    /* Only devices that can drop a queue's requests offer per-queue reset. */
    if (vdev->queue_reset && vdc->queue_reset) {
        virtio_add_feature(&vdev->host_features, VIRTIO_F_RING_RESET);
    }
    features = vdev->host_features;
    if (ops->get_transport_features) {
        features = ops->get_transport_features(proxy, features);
    }
    if (vdc->get_features) {
        features = vdc->get_features(vdev, features, &err);
        if (err) {
            error_propagate(errp, err);
            goto fail;
        }
    }
    vdev->host_features = features;
    virtio_reset(vdev);
    if (ops->device_plugged) {
        ops->device_plugged(proxy, &err);
        if (err) {
            error_propagate(errp, err);
            goto fail;
        }
    }
    return;

fail:
    if (vdc->unrealize) {
        vdc->unrealize(dev);
    }
}

static void virtio_device_unrealize(DeviceState *dev)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_GET_CLASS(dev);
    const VirtioBusOps *ops = virtio_bus_get_ops(vdev);

    if (ops && ops->device_unplugged) {
        ops->device_unplugged(virtio_proxy(vdev));
    }
    if (vdc->unrealize) {
        vdc->unrealize(dev);
    }
}

static void virtio_device_reset(DeviceState *dev)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);

    if (vdev->vq) {
        virtio_reset(vdev);
    }
}

static Property virtio_device_properties[] = {
    DEFINE_PROP_BIT64("notify_on_empty", VirtIODevice, host_features,
                      VIRTIO_F_NOTIFY_ON_EMPTY, true),
    DEFINE_PROP_BIT64("any_layout", VirtIODevice, host_features, VIRTIO_F_ANY_LAYOUT, true),
    DEFINE_PROP_BIT64("indirect_desc", VirtIODevice, host_features,
                      VIRTIO_RING_F_INDIRECT_DESC, true),
    DEFINE_PROP_BIT64("event_idx", VirtIODevice, host_features, VIRTIO_RING_F_EVENT_IDX, true),
    DEFINE_PROP_BIT64("iommu_platform", VirtIODevice, host_features, VIRTIO_F_ACCESS_PLATFORM,
                      false),
    DEFINE_PROP_BIT64("packed", VirtIODevice, host_features, VIRTIO_F_RING_PACKED, false),
    DEFINE_PROP_BOOL("use-started", VirtIODevice, use_started, true),
    DEFINE_PROP_BOOL("use-disabled-flag", VirtIODevice, use_disabled_flag, true),
    DEFINE_PROP_BOOL("x-disable-legacy-check", VirtIODevice, disable_legacy_check, false),
    DEFINE_PROP_BOOL("queue_reset", VirtIODevice, queue_reset, true),
    DEFINE_PROP_END_OF_LIST(),
};

static void virtio_device_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = virtio_device_realize;
    dc->unrealize = virtio_device_unrealize;
    dc->reset = virtio_device_reset;
    dc->bus_type = TYPE_VIRTIO_BUS;
    device_class_set_props(dc, virtio_device_properties);
}

static const TypeInfo virtio_device_info = {
    .name = TYPE_VIRTIO_DEVICE,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(VirtIODevice),
    .class_size = sizeof(VirtioDeviceClass),
    .class_init = virtio_device_class_init,
    .abstract = true,
};

static void virtio_register_types(void)
{
    type_register_static(&virtio_device_info);
}

type_init(virtio_register_types)
