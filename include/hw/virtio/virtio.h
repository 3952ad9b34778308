/*
 * The virtio core: the device side of split virtqueues, feature negotiation,
 * device status, config space and interrupts, shared by every virtio device
 * (virtio-blk, virtio-scsi, virtio-serial, ...) and driven by a transport
 * (virtio-mmio, virtio-pci) through the virtio bus.
 *
 * Threading: everything here runs with the big lock held (vCPU MMIO
 * dispatch, main loop callbacks).  Devices that do I/O on other threads
 * (the block layer's workers) complete back on the main loop.
 *
 * Guest input is never trusted: a descriptor chain that points outside guest
 * RAM, loops, is longer than the queue, or has indexes out of range marks the
 * device broken (virtio_error(): one log line, status gets NEEDS_RESET, the
 * transport raises a config interrupt) and virtqueue_pop() returns NULL until
 * the guest resets the device.
 */
#ifndef HW_VIRTIO_H
#define HW_VIRTIO_H

#include "hw/qdev-core.h"
#include "hw/virtio/virtio-bus.h"
#include "qemu/iov.h"
#include "system/memory.h"
#include "migration/vmstate.h"
#include "system/runstate.h"

/* Device IDs (virtio 1.2, 5). */
#define VIRTIO_ID_NET 1
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_CONSOLE 3
#define VIRTIO_ID_RNG 4
#define VIRTIO_ID_SCSI 8

/* Device status bits (virtio 1.2, 2.1). */
#define VIRTIO_CONFIG_S_ACKNOWLEDGE 1
#define VIRTIO_CONFIG_S_DRIVER 2
#define VIRTIO_CONFIG_S_DRIVER_OK 4
#define VIRTIO_CONFIG_S_FEATURES_OK 8
#define VIRTIO_CONFIG_S_NEEDS_RESET 0x40
#define VIRTIO_CONFIG_S_FAILED 0x80

/* Transport-independent feature bits (virtio 1.2, 6). */
#define VIRTIO_F_NOTIFY_ON_EMPTY 24
#define VIRTIO_F_ANY_LAYOUT 27
#define VIRTIO_RING_F_INDIRECT_DESC 28
#define VIRTIO_RING_F_EVENT_IDX 29
#define VIRTIO_F_BAD_FEATURE 30
#define VIRTIO_F_VERSION_1 32
#define VIRTIO_F_ACCESS_PLATFORM 33
#define VIRTIO_F_RING_PACKED 34
#define VIRTIO_F_RING_RESET 40

/* Split ring layout (virtio 1.2, 2.7). */
#define VRING_DESC_F_NEXT 1
#define VRING_DESC_F_WRITE 2
#define VRING_DESC_F_INDIRECT 4
#define VRING_AVAIL_F_NO_INTERRUPT 1
#define VRING_USED_F_NO_NOTIFY 1
/* Legacy (virtio 0.9.5) rings are aligned like this within one region. */
#define VIRTIO_PCI_VRING_ALIGN 4096

#define VIRTIO_QUEUE_MAX 1024
#define VIRTIO_NO_VECTOR 0xffff

/* Interrupt status bits (ISR / InterruptStatus). */
#define VIRTIO_ISR_QUEUE 1
#define VIRTIO_ISR_CONFIG 2

enum virtio_device_endian {
    VIRTIO_DEVICE_ENDIAN_UNKNOWN,
    VIRTIO_DEVICE_ENDIAN_LITTLE,
    VIRTIO_DEVICE_ENDIAN_BIG,
};

#define TYPE_VIRTIO_DEVICE "virtio-device"
OBJECT_DECLARE_TYPE(VirtIODevice, VirtioDeviceClass, VIRTIO_DEVICE)

typedef struct VirtQueue VirtQueue;
typedef void (*VirtIOHandleOutput)(VirtIODevice *vdev, VirtQueue *vq);

/*
 * One popped request: the chain's device-readable buffers (out_sg) followed
 * by its device-writable ones (in_sg), mapped into host memory.  Allocate
 * with virtqueue_pop(vq, sizeof(MyReq)) where MyReq starts with a
 * VirtQueueElement; free with g_free() after virtqueue_push() or
 * virtqueue_detach_element().
 */
typedef struct VirtQueueElement {
    unsigned int index;        /* head descriptor index */
    unsigned int len;
    unsigned int ndescs;
    unsigned int out_num;
    unsigned int in_num;
    hwaddr *in_addr;
    hwaddr *out_addr;
    struct iovec *in_sg;
    struct iovec *out_sg;
} VirtQueueElement;

struct VirtIODevice {
    DeviceState parent_obj;

    const char *name;
    uint16_t device_id;
    uint8_t status;
    uint8_t isr;
    uint16_t queue_sel;
    uint64_t guest_features;
    uint64_t host_features;
    uint64_t backend_features;
    size_t config_len;
    uint8_t *config;           /* guest-visible config, filled by get_config */
    uint16_t config_vector;
    uint32_t generation;       /* config generation (modern transports) */
    int nvectors;
    VirtQueue *vq;             /* VIRTIO_QUEUE_MAX entries; vring.num 0 = unused */
    AddressSpace *dma_as;
    bool broken;               /* a guest error was seen; reset clears it */
    bool use_started;
    bool started;
    bool start_on_kick;        /* legacy: started by the first kick */
    bool disable_legacy_check;
    bool use_disabled_flag;
    bool disabled;
    bool queue_reset;          /* property "queue_reset" (VIRTIO_F_RING_RESET) */
    uint8_t device_endian;     /* enum virtio_device_endian */
    VMChangeStateEntry *vmstate_change;
};

struct VirtioDeviceClass {
    DeviceClass parent;

    /* Device realize/unrealize; the core's own run around them. */
    void (*realize)(DeviceState *dev, Error **errp);
    void (*unrealize)(DeviceState *dev);
    /* Features the device offers, given the transport's (requested). */
    uint64_t (*get_features)(VirtIODevice *vdev, uint64_t requested, Error **errp);
    /* Called when the guest writes its accepted features. */
    void (*set_features)(VirtIODevice *vdev, uint64_t val);
    /* Non-zero refuses FEATURES_OK. */
    int (*validate_features)(VirtIODevice *vdev);
    void (*get_config)(VirtIODevice *vdev, uint8_t *config);
    void (*set_config)(VirtIODevice *vdev, const uint8_t *config);
    void (*reset)(VirtIODevice *vdev);
    void (*set_status)(VirtIODevice *vdev, uint8_t val);
    /*
     * The device-specific part of the state, saved inside the device's
     * "virtio-<name>" section after the common virtio state.  Its
     * post_load runs after the whole section (common state, device state
     * and the virtio subsections, device_endian among them) has loaded, so
     * it may rely on virtio_tswap*() (seed 004).
     */
    const VMStateDescription *vmsd;
    /* Called after load, once the device's own state is in place. */
    int (*post_load)(VirtIODevice *vdev);
    /* Does the guest-visible config of a legacy device use guest order? */
    bool legacy_features_in_guest_order;
    /*
     * Optional: the guest reset queue n alone (VIRTIO_F_RING_RESET): drop
     * (virtqueue_detach_element) every element of that queue the device
     * holds.  The core offers RING_RESET only to devices that set this.
     */
    void (*queue_reset)(VirtIODevice *vdev, uint32_t queue_index);
    /* Optional: the guest re-enabled queue n after a queue reset. */
    void (*queue_enable)(VirtIODevice *vdev, uint32_t queue_index);
};

/* --- device side --- */

/* Called from the device's realize: sets name, id and config size. */
void virtio_init(VirtIODevice *vdev, uint16_t device_id, size_t config_size);
void virtio_cleanup(VirtIODevice *vdev);
VirtQueue *virtio_add_queue(VirtIODevice *vdev, int queue_size, VirtIOHandleOutput handle_output);
void virtio_del_queue(VirtIODevice *vdev, int n);
VirtQueue *virtio_get_queue(VirtIODevice *vdev, int n);
int virtio_get_queue_index(VirtQueue *vq);
VirtIODevice *virtio_queue_get_vdev(VirtQueue *vq);

/*
 * Take the next available chain, or NULL when the ring is empty, the device
 * is broken, or the chain is invalid (then the device is marked broken).
 * sz >= sizeof(VirtQueueElement).
 */
void *virtqueue_pop(VirtQueue *vq, size_t sz);
/* Hand back an element the device did not finish (it is popped again). */
void virtqueue_unpop(VirtQueue *vq, const VirtQueueElement *elem, unsigned int len);
/* Return elem with len bytes written by the device; unmaps its buffers. */
void virtqueue_push(VirtQueue *vq, const VirtQueueElement *elem, unsigned int len);
/* Drop elem without returning it to the guest (device reset paths). */
void virtqueue_detach_element(VirtQueue *vq, const VirtQueueElement *elem, unsigned int len);
/* Notify the guest about used buffers if the ring's suppression allows it. */
void virtio_notify(VirtIODevice *vdev, VirtQueue *vq);
void virtio_notify_config(VirtIODevice *vdev);
int virtio_queue_empty(VirtQueue *vq);
int virtio_queue_ready(VirtQueue *vq);
/* Ask (or stop asking) the guest to kick this queue. */
void virtio_queue_set_notification(VirtQueue *vq, int enable);
/* Bytes available in the next chain(s), for back-pressure decisions. */
void virtqueue_get_avail_bytes(VirtQueue *vq, unsigned int *in_bytes, unsigned int *out_bytes,
                               unsigned max_in_bytes, unsigned max_out_bytes);
int virtqueue_avail_bytes(VirtQueue *vq, unsigned int in_bytes, unsigned int out_bytes);

/* Log a guest error once and mark the device as needing reset. */
void virtio_error(VirtIODevice *vdev, const char *fmt, ...) QEMU_PRINTF(2, 3);

static inline bool virtio_has_feature(uint64_t features, unsigned int fbit)
{
    return fbit < 64 && (features & (1ULL << fbit));
}
static inline void virtio_add_feature(uint64_t *features, unsigned int fbit)
{
    *features |= 1ULL << fbit;
}
static inline void virtio_clear_feature(uint64_t *features, unsigned int fbit)
{
    *features &= ~(1ULL << fbit);
}
static inline bool virtio_vdev_has_feature(const VirtIODevice *vdev, unsigned int fbit)
{
    return virtio_has_feature(vdev->guest_features, fbit);
}
static inline bool virtio_host_has_feature(const VirtIODevice *vdev, unsigned int fbit)
{
    return virtio_has_feature(vdev->host_features, fbit);
}

/*
 * Byte order of the device's rings and config: little-endian once
 * VERSION_1 is negotiated, else the order the guest ran in at reset
 * (device_endian).
 */
bool virtio_access_is_big_endian(const VirtIODevice *vdev);
uint16_t virtio_tswap16(const VirtIODevice *vdev, uint16_t v);
uint32_t virtio_tswap32(const VirtIODevice *vdev, uint32_t v);
uint64_t virtio_tswap64(const VirtIODevice *vdev, uint64_t v);
void virtio_stw_p(const VirtIODevice *vdev, void *ptr, uint16_t v);
void virtio_stl_p(const VirtIODevice *vdev, void *ptr, uint32_t v);
void virtio_stq_p(const VirtIODevice *vdev, void *ptr, uint64_t v);
uint16_t virtio_lduw_p(const VirtIODevice *vdev, const void *ptr);
uint32_t virtio_ldl_p(const VirtIODevice *vdev, const void *ptr);
uint64_t virtio_ldq_p(const VirtIODevice *vdev, const void *ptr);

/*
 * How the running guest orders bytes, for device_endian at reset; the board
 * or CPU code sets the hook (default: little-endian).
 */
extern bool (*virtio_guest_is_big_endian)(void);

/* --- transport side (virtio-mmio, virtio-pci) --- */

/*
 * The transport's hooks, set in its VirtioBusClass: raise/lower its
 * interrupt for vector (VIRTIO_NO_VECTOR-free transports ignore it), tell
 * whether the guest may use queue vectors, save/load its own per-device and
 * per-queue state inside the device's section.
 */
typedef struct VirtioBusOps {
    void (*notify)(DeviceState *proxy, uint16_t vector);
    void (*save_config)(DeviceState *proxy, QEMUFile *f);
    int (*load_config)(DeviceState *proxy, QEMUFile *f);
    void (*save_queue)(DeviceState *proxy, int n, QEMUFile *f);
    int (*load_queue)(DeviceState *proxy, int n, QEMUFile *f);
    bool (*has_variable_vring_alignment)(DeviceState *proxy);
    /* Transport features added to the device's (e.g. VERSION_1 when modern). */
    uint64_t (*get_transport_features)(DeviceState *proxy, uint64_t features);
    /* A device was plugged/unplugged (realize of the virtio device). */
    void (*device_plugged)(DeviceState *proxy, Error **errp);
    void (*device_unplugged)(DeviceState *proxy);
    /* Optional extra state travelling in the virtio "extra_state" subsection. */
    bool (*has_extra_state)(DeviceState *proxy);
    const VMStateDescription *extra_state_vmsd;
    int (*query_nvectors)(DeviceState *proxy);
} VirtioBusOps;

/* Set ops on a transport's bus class in its class_init. */
void virtio_bus_class_set_ops(VirtioBusClass *k, const VirtioBusOps *ops);
const VirtioBusOps *virtio_bus_get_ops(VirtIODevice *vdev);

/* Guest-driven operations the transports map their registers onto. */
void virtio_reset(VirtIODevice *vdev);
int virtio_set_status(VirtIODevice *vdev, uint8_t val);
/* Legacy: the guest writes all its features at once (low 32 bits). */
int virtio_set_features(VirtIODevice *vdev, uint64_t val);
void virtio_queue_notify(VirtIODevice *vdev, int n);
uint8_t virtio_config_readb(VirtIODevice *vdev, uint32_t addr);
uint16_t virtio_config_readw(VirtIODevice *vdev, uint32_t addr);
uint32_t virtio_config_readl(VirtIODevice *vdev, uint32_t addr);
void virtio_config_writeb(VirtIODevice *vdev, uint32_t addr, uint32_t data);
void virtio_config_writew(VirtIODevice *vdev, uint32_t addr, uint32_t data);
void virtio_config_writel(VirtIODevice *vdev, uint32_t addr, uint32_t data);
/* Modern config accessors: always little-endian. */
uint32_t virtio_config_modern_readb(VirtIODevice *vdev, uint32_t addr);
uint32_t virtio_config_modern_readw(VirtIODevice *vdev, uint32_t addr);
uint32_t virtio_config_modern_readl(VirtIODevice *vdev, uint32_t addr);
void virtio_config_modern_writeb(VirtIODevice *vdev, uint32_t addr, uint32_t data);
void virtio_config_modern_writew(VirtIODevice *vdev, uint32_t addr, uint32_t data);
void virtio_config_modern_writel(VirtIODevice *vdev, uint32_t addr, uint32_t data);

/* Queue setup registers. */
int virtio_queue_get_num(VirtIODevice *vdev, int n);
int virtio_queue_get_max_num(VirtIODevice *vdev, int n);
void virtio_queue_set_num(VirtIODevice *vdev, int n, int num);
/*
 * Legacy: the guest-physical address of the descriptor table (the
 * transport converts its page frame number); avail and used follow it,
 * used aligned to the queue's align.  0 disables the queue.
 */
void virtio_queue_set_addr(VirtIODevice *vdev, int n, hwaddr addr);
hwaddr virtio_queue_get_addr(VirtIODevice *vdev, int n);
void virtio_queue_set_align(VirtIODevice *vdev, int n, int align);
/* Modern: three independent addresses. */
void virtio_queue_set_rings(VirtIODevice *vdev, int n, hwaddr desc, hwaddr avail, hwaddr used);
hwaddr virtio_queue_get_desc_addr(VirtIODevice *vdev, int n);
hwaddr virtio_queue_get_avail_addr(VirtIODevice *vdev, int n);
hwaddr virtio_queue_get_used_addr(VirtIODevice *vdev, int n);
void virtio_queue_set_vector(VirtIODevice *vdev, int n, uint16_t vector);
uint16_t virtio_queue_vector(VirtIODevice *vdev, int n);
/* Modern per-queue enable (queue_enable register). */
void virtio_queue_enable(VirtIODevice *vdev, uint32_t queue_index);
void virtio_queue_reset(VirtIODevice *vdev, uint32_t queue_index);
bool virtio_queue_enabled(VirtIODevice *vdev, int n);
uint16_t virtio_get_queue_vector_default(void);

/* Used by the transports when they raise an interrupt for a queue/config. */
void virtio_update_irq(VirtIODevice *vdev);
uint8_t virtio_isr_read_and_clear(VirtIODevice *vdev);

/* --- migration --- */

/*
 * Every virtio device's DeviceClass.vmsd is VMSTATE_VIRTIO_DEVICE-based:
 * one section named after the device ("virtio-blk", "virtio-scsi",
 * "virtio-console" for virtio-serial, as QEMU names it) holding the
 * transport's config, the common virtio state with explicit byte order, each queue, the device's own vmsd and the
 * virtio subsections.
 *
 * Requests popped but not yet pushed at save time are not in the stream:
 * last_avail_idx is saved minus their number, so the destination pops them
 * again (the block layer drains at stop, so this is normally none).  That
 * is only right when they are the latest popped; otherwise the save fails
 * with an error.  A device must not push an element after it was saved.
 */
extern const VMStateInfo virtio_vmstate_info;
#define VMSTATE_VIRTIO_DEVICE \
    { \
        .name = "virtio", \
        .info = &virtio_vmstate_info, \
        .flags = VMS_SINGLE, \
    }
int virtio_save(VirtIODevice *vdev, QEMUFile *f);
int virtio_load(VirtIODevice *vdev, QEMUFile *f, int version_id);

/* Device realize helper: the DeviceClass.realize every virtio device gets. */

#endif
