/*
 * The virtio-pci transport (virtio 1.2, 4.1): an abstract PCI function
 * ("virtio-pci", QEMU's type and property names) with a "virtio-pci-bus"
 * holding one virtio device.  Legacy (0.9.5) registers in I/O BAR 0, MSI-X in
 * BAR 1, the modern register blocks in 64-bit memory BAR 4 found through
 * vendor capabilities.  Concrete proxies (virtio-blk-pci, ...) embed their
 * device as child "virtio-backend" and forward its properties.
 */
#ifndef HW_VIRTIO_PCI_H
#define HW_VIRTIO_PCI_H

#include "hw/pci/pci.h"
#include "hw/qdev-properties.h"
#include "hw/virtio/virtio.h"

#define TYPE_VIRTIO_PCI "virtio-pci"
#define TYPE_VIRTIO_PCI_BUS "virtio-pci-bus"
OBJECT_DECLARE_TYPE(VirtIOPCIProxy, VirtioPCIClass, VIRTIO_PCI)

#define PCI_VENDOR_ID_REDHAT_QUMRANET 0x1af4
#define PCI_SUBDEVICE_ID_QEMU 0x1100
/* Transitional device ids are 0x1000 + n; modern-only ones 0x1040 + virtio id. */
#define PCI_DEVICE_ID_VIRTIO_NET 0x1000
#define PCI_DEVICE_ID_VIRTIO_BLOCK 0x1001
#define PCI_DEVICE_ID_VIRTIO_CONSOLE 0x1003
#define PCI_DEVICE_ID_VIRTIO_SCSI 0x1004
#define PCI_DEVICE_ID_VIRTIO_10_BASE 0x1040

#define PCI_CLASS_STORAGE_SCSI 0x0100
#define PCI_CLASS_STORAGE_OTHER 0x0180
#define PCI_CLASS_COMMUNICATION_OTHER 0x0780

/* "vectors" left unset: the concrete proxy picks its default at realize. */
#define DEV_NVECTORS_UNSPECIFIED 0xffffffffu

/* Legacy I/O BAR layout (virtio 0.9.5 / 1.2 4.1.4.10). */
#define VIRTIO_PCI_HOST_FEATURES 0x00
#define VIRTIO_PCI_GUEST_FEATURES 0x04
#define VIRTIO_PCI_QUEUE_PFN 0x08
#define VIRTIO_PCI_QUEUE_NUM 0x0c
#define VIRTIO_PCI_QUEUE_SEL 0x0e
#define VIRTIO_PCI_QUEUE_NOTIFY 0x10
#define VIRTIO_PCI_STATUS 0x12
#define VIRTIO_PCI_ISR 0x13
#define VIRTIO_MSI_CONFIG_VECTOR 0x14
#define VIRTIO_MSI_QUEUE_VECTOR 0x16
/* Device config follows the header: 24 bytes with MSI-X enabled, else 20. */
#define VIRTIO_PCI_CONFIG_OFF(msix_enabled) ((msix_enabled) ? 24 : 20)
#define VIRTIO_PCI_QUEUE_ADDR_SHIFT 12

/* Modern: vendor capability types (virtio 1.2, 4.1.4). */
#define VIRTIO_PCI_CAP_COMMON_CFG 1
#define VIRTIO_PCI_CAP_NOTIFY_CFG 2
#define VIRTIO_PCI_CAP_ISR_CFG 3
#define VIRTIO_PCI_CAP_DEVICE_CFG 4
#define VIRTIO_PCI_CAP_PCI_CFG 5
/* struct virtio_pci_cap: vndr, next, len, cfg_type, bar, id, pad[2], offset, length. */
#define VIRTIO_PCI_CAP_CFG_TYPE 3
#define VIRTIO_PCI_CAP_BAR 4
#define VIRTIO_PCI_CAP_ID 5
#define VIRTIO_PCI_CAP_OFFSET 8
#define VIRTIO_PCI_CAP_LENGTH 12
#define VIRTIO_PCI_CAP_SIZE 16
#define VIRTIO_PCI_NOTIFY_CAP_MULT 16      /* notify_off_multiplier */
#define VIRTIO_PCI_NOTIFY_CAP_SIZE 20
#define VIRTIO_PCI_CFG_CAP_DATA 16         /* pci_cfg_data */
#define VIRTIO_PCI_CFG_CAP_SIZE 20

/* struct virtio_pci_common_cfg (and the 1.2 additions). */
#define VIRTIO_PCI_COMMON_DFSELECT 0x00
#define VIRTIO_PCI_COMMON_DF 0x04
#define VIRTIO_PCI_COMMON_GFSELECT 0x08
#define VIRTIO_PCI_COMMON_GF 0x0c
#define VIRTIO_PCI_COMMON_MSIX 0x10
#define VIRTIO_PCI_COMMON_NUMQ 0x12
#define VIRTIO_PCI_COMMON_STATUS 0x14
#define VIRTIO_PCI_COMMON_CFGGENERATION 0x15
#define VIRTIO_PCI_COMMON_Q_SELECT 0x16
#define VIRTIO_PCI_COMMON_Q_SIZE 0x18
#define VIRTIO_PCI_COMMON_Q_MSIX 0x1a
#define VIRTIO_PCI_COMMON_Q_ENABLE 0x1c
#define VIRTIO_PCI_COMMON_Q_NOFF 0x1e
#define VIRTIO_PCI_COMMON_Q_DESCLO 0x20
#define VIRTIO_PCI_COMMON_Q_DESCHI 0x24
#define VIRTIO_PCI_COMMON_Q_AVAILLO 0x28
#define VIRTIO_PCI_COMMON_Q_AVAILHI 0x2c
#define VIRTIO_PCI_COMMON_Q_USEDLO 0x30
#define VIRTIO_PCI_COMMON_Q_USEDHI 0x34
#define VIRTIO_PCI_COMMON_Q_NDATA 0x38
#define VIRTIO_PCI_COMMON_Q_RESET 0x3a

/* QEMU's modern BAR layout (BAR 4): each block at a fixed offset. */
#define VIRTIO_PCI_COMMON_OFFSET 0x0000
#define VIRTIO_PCI_ISR_OFFSET 0x1000
#define VIRTIO_PCI_DEVICE_OFFSET 0x2000
#define VIRTIO_PCI_NOTIFY_OFFSET 0x3000
#define VIRTIO_PCI_REGION_SIZE 0x1000
#define VIRTIO_PCI_QUEUE_NOTIFY_MULT 4
#define VIRTIO_PCI_PAGE_NOTIFY_MULT 0x1000

#define VIRTIO_PCI_LEGACY_BAR 0
#define VIRTIO_PCI_MSIX_BAR 1
#define VIRTIO_PCI_MODERN_IO_BAR 2
#define VIRTIO_PCI_MODERN_MEM_BAR 4

/* One modern register block inside BAR 4 (or the notify PIO BAR 2). */
typedef struct VirtIOPCIRegion {
    MemoryRegion mr;
    uint32_t offset;
    uint32_t size;
    uint32_t type;                 /* VIRTIO_PCI_CAP_* */
} VirtIOPCIRegion;

/* What the modern driver wrote for one queue before enabling it. */
typedef struct VirtIOPCIQueue {
    uint16_t num;
    bool enabled;
    bool reset;
    uint32_t desc[2];
    uint32_t avail[2];
    uint32_t used[2];
} VirtIOPCIQueue;

struct VirtIOPCIProxy {
    PCIDevice pci_dev;

    MemoryRegion bar;              /* legacy I/O BAR 0 */
    MemoryRegion modern_bar;       /* BAR 4 */
    MemoryRegion io_bar;           /* BAR 2 with modern-pio-notify */
    VirtIOPCIRegion common;
    VirtIOPCIRegion isr;
    VirtIOPCIRegion device;
    VirtIOPCIRegion notify;
    VirtIOPCIRegion notify_pio;
    uint8_t config_cap;            /* offset of the VIRTIO_PCI_CAP_PCI_CFG window, 0: none */
    bool legacy_bar_registered;
    bool modern_regions_mapped;

    /* Properties */
    OnOffAuto disable_legacy;
    bool disable_modern;
    uint32_t nvectors;             /* "vectors": MSI-X table size, 0 = no MSI-X */
    uint32_t class_code;           /* "class" on proxies that have it, 0 = default */
    bool ioeventfd;                /* accepted; notifications are always synchronous */
    bool bus_master_bug_migration;
    bool migrate_extra;
    bool modern_pio_notify;
    bool disable_pcie;
    bool page_per_vq;
    bool ignore_backend_features;
    bool ats;
    bool ats_page_aligned;
    bool init_deverr;
    bool init_lnkctl;
    bool init_pm;
    bool init_flr;
    bool aer;
    bool lnksta_dllla;

    /* Resolved at realize */
    bool legacy;                   /* legacy I/O BAR present (transitional device) */
    bool modern;                   /* modern capabilities present */

    /* Modern guest-visible state, migrated in the virtio extra_state. */
    uint32_t dfselect;
    uint32_t gfselect;
    uint32_t guest_features[2];
    VirtIOPCIQueue vqs[VIRTIO_QUEUE_MAX];

    DeviceState *vdev;             /* the embedded child "virtio-backend", or NULL */
    VirtioBusState bus;
};

struct VirtioPCIClass {
    PCIDeviceClass parent_class;
    /* The concrete proxy's realize: resolve defaults, plug the child. */
    void (*realize)(VirtIOPCIProxy *proxy, Error **errp);
};

/*
 * For a concrete proxy's instance_init: create the virtio device of type
 * vdev_type as child "virtio-backend" and make each of its properties a
 * property of the proxy, so "-device virtio-blk-pci,drive=d0" reaches the
 * device.  A missing type leaves proxy->vdev NULL; realize then fails.
 */
void virtio_pci_instance_init_child(VirtIOPCIProxy *proxy, const char *vdev_type);
/*
 * For a concrete proxy's realize: plug the child onto the proxy's
 * virtio-pci-bus.  Buses the child creates are named "<proxy id>.0",
 * "<proxy id>.1", ... when the proxy has an id (QEMU's command-line names:
 * "-device virtio-scsi-pci,id=scsi0" gives bus scsi0.0).
 */
bool virtio_pci_realize_child(VirtIOPCIProxy *proxy, Error **errp);
/*
 * Request queues for a multiqueue device: one per vCPU, leaving MSI-X
 * vectors and virtio queues for the config vector and fixed_queues others.
 */
unsigned virtio_pci_optimal_num_queues(unsigned fixed_queues);

/* The INTx/MSI-X state a test or a device model may inspect. */
bool virtio_pci_modern(VirtIOPCIProxy *proxy);
bool virtio_pci_legacy(VirtIOPCIProxy *proxy);

#endif
