/*
 * The PCI core: PCI/PCIe buses, the abstract PCI device with its config
 * space (standard type 0 header, writable masks, BARs, INTx, capabilities).
 * Host bridges (hw/pci-host/) decode config cycles and own the windows the
 * BARs are mapped into; this layer knows nothing about a particular host.
 */
#ifndef HW_PCI_PCI_H
#define HW_PCI_PCI_H

#include "hw/qdev-core.h"
#include "hw/irq.h"
#include "system/memory.h"

/* ---- config space layout (PCI Local Bus spec, type 0 header) ---- */

#define PCI_CONFIG_SPACE_SIZE       0x100
#define PCIE_CONFIG_SPACE_SIZE      0x1000
#define PCI_CONFIG_HEADER_SIZE      0x40

#define PCI_VENDOR_ID               0x00
#define PCI_DEVICE_ID               0x02
#define PCI_COMMAND                 0x04
#define  PCI_COMMAND_IO             0x0001
#define  PCI_COMMAND_MEMORY         0x0002
#define  PCI_COMMAND_MASTER         0x0004
#define  PCI_COMMAND_PARITY         0x0040
#define  PCI_COMMAND_SERR           0x0100
#define  PCI_COMMAND_INTX_DISABLE   0x0400
#define PCI_STATUS                  0x06
#define  PCI_STATUS_INTERRUPT       0x0008
#define  PCI_STATUS_CAP_LIST        0x0010
#define  PCI_STATUS_PARITY          0x0100
#define  PCI_STATUS_SIG_TARGET_ABORT 0x0800
#define  PCI_STATUS_REC_TARGET_ABORT 0x1000
#define  PCI_STATUS_REC_MASTER_ABORT 0x2000
#define  PCI_STATUS_SIG_SYSTEM_ERROR 0x4000
#define  PCI_STATUS_DETECTED_PARITY 0x8000
#define PCI_REVISION_ID             0x08
#define PCI_CLASS_PROG              0x09
#define PCI_CLASS_DEVICE            0x0a
#define PCI_CACHE_LINE_SIZE         0x0c
#define PCI_LATENCY_TIMER           0x0d
#define PCI_HEADER_TYPE             0x0e
#define  PCI_HEADER_TYPE_NORMAL     0x00
#define  PCI_HEADER_TYPE_MULTI_FUNCTION 0x80
#define PCI_BIST                    0x0f
#define PCI_BASE_ADDRESS_0          0x10
#define  PCI_BASE_ADDRESS_SPACE_IO  0x01
#define  PCI_BASE_ADDRESS_SPACE_MEMORY 0x00
#define  PCI_BASE_ADDRESS_MEM_TYPE_32 0x00
#define  PCI_BASE_ADDRESS_MEM_TYPE_64 0x04
#define  PCI_BASE_ADDRESS_MEM_PREFETCH 0x08
#define  PCI_BASE_ADDRESS_MEM_MASK  (~(uint64_t)0x0f)
#define  PCI_BASE_ADDRESS_IO_MASK   (~(uint64_t)0x03)
#define PCI_CARDBUS_CIS             0x28
#define PCI_SUBSYSTEM_VENDOR_ID     0x2c
#define PCI_SUBSYSTEM_ID            0x2e
#define PCI_ROM_ADDRESS             0x30
#define PCI_CAPABILITY_LIST         0x34
#define PCI_INTERRUPT_LINE          0x3c
#define PCI_INTERRUPT_PIN           0x3d
#define PCI_MIN_GNT                 0x3e
#define PCI_MAX_LAT                 0x3f

/* Capability list entries: id, next pointer. */
#define PCI_CAP_LIST_ID             0
#define PCI_CAP_LIST_NEXT           1
#define PCI_CAP_ID_PM               0x01
#define PCI_CAP_ID_MSI              0x05
#define PCI_CAP_ID_VNDR             0x09
#define PCI_CAP_ID_EXP              0x10
#define PCI_CAP_ID_MSIX             0x11

#define PCI_VENDOR_ID_REDHAT        0x1b36
#define PCI_DEVICE_ID_REDHAT_PCIE_HOST 0x0008
#define PCI_CLASS_BRIDGE_HOST       0x0600
#define PCI_CLASS_OTHERS            0xff

#define PCI_NUM_REGIONS             7     /* six BARs and the expansion ROM */
#define PCI_ROM_SLOT                6
#define PCI_NUM_PINS                4     /* INTA..INTD */
#define PCI_SLOT_MAX                32
#define PCI_FUNC_MAX                8
#define PCI_DEVFN_MAX               256

#define PCI_DEVFN(slot, func)       ((((slot) & 0x1f) << 3) | ((func) & 0x07))
#define PCI_SLOT(devfn)             (((devfn) >> 3) & 0x1f)
#define PCI_FUNC(devfn)             ((devfn) & 0x07)

/* A BAR address that decodes nowhere (disabled, unprogrammed or invalid). */
#define PCI_BAR_UNMAPPED            (~(uint64_t)0)

typedef uint64_t pcibus_t;

/* ---- types ---- */

#define TYPE_PCI_BUS "PCI"
#define TYPE_PCIE_BUS "PCIE"
#define TYPE_PCI_DEVICE "pci-device"

typedef struct PCIBus PCIBus;
typedef struct PCIBusClass PCIBusClass;
OBJECT_DECLARE_TYPE(PCIBus, PCIBusClass, PCI_BUS)
OBJECT_DECLARE_TYPE(PCIDevice, PCIDeviceClass, PCI_DEVICE)

/* The host's interrupt routing: which of its lines a device's pin (0..3) drives. */
typedef int (*pci_map_irq_fn)(PCIDevice *dev, int pin);
/* Drive host line irq_num to level (the OR of every device mapped to it). */
typedef void (*pci_set_irq_fn)(void *opaque, int irq_num, int level);

struct PCIBusClass {
    BusClass parent_class;
};

struct PCIBus {
    BusState qbus;
    uint8_t devfn_min;             /* lowest devfn the free-slot allocator hands out */
    PCIDevice *devices[PCI_DEVFN_MAX];
    MemoryRegion *address_space_mem;   /* where memory BARs are mapped (PCI addresses) */
    MemoryRegion *address_space_io;    /* where I/O BARs are mapped */
    pci_map_irq_fn map_irq;
    pci_set_irq_fn set_irq;
    void *irq_opaque;
    int nirq;
    int *irq_count;                /* per host line: devices asserting it */
};

typedef struct PCIIORegion {
    pcibus_t addr;                 /* where it is mapped now, or PCI_BAR_UNMAPPED */
    pcibus_t size;                 /* 0: BAR not implemented */
    uint8_t type;                  /* the BAR's low flag bits */
    MemoryRegion *memory;          /* the device's region behind the BAR */
    MemoryRegion *address_space;   /* the bus window it maps into */
} PCIIORegion;

struct PCIDevice {
    DeviceState qdev;

    uint8_t *config;               /* config_size bytes, little-endian fields */
    uint8_t *cmask;                /* bytes whose value is checked on migration (later) */
    uint8_t *wmask;                /* per bit: guest-writable */
    uint8_t *w1cmask;              /* per bit: write one to clear */
    uint8_t *used;                 /* per byte: taken by the header or a capability */
    uint32_t config_size;

    int32_t devfn;                 /* "addr" property; -1 until assigned */
    bool multifunction;            /* "multifunction" property */
    /* "x-pcie-extcap-init": a hybrid device on a PCIe bus gets its extended
     * capability header initialised (off in virt-2.8 and older); unused until
     * hybrid devices (virtio-pci) arrive. */
    bool pcie_extcap_init;
    char *name;                    /* for messages: the type name */
    int32_t version_id;            /* of vmstate_pci_device, sent first */

    PCIIORegion io_regions[PCI_NUM_REGIONS];
    int32_t irq_state;             /* INTx level the device asserts (0/1) */
    int irq_out;                   /* what it contributes to the bus now */

    /* MSI-X (hw/pci/msix.c); msix_cap 0: the device has none. */
    uint8_t msix_cap;
    unsigned msix_entries_nr;
    uint8_t *msix_table;           /* msix_entries_nr entries of 16 bytes, little-endian */
    uint8_t *msix_pba;             /* one pending bit per vector */
    unsigned *msix_entry_used;     /* per vector: how many users the device declared */
    bool msix_function_masked;     /* disabled or Function Mask set */
    MemoryRegion msix_exclusive_bar;
    MemoryRegion msix_table_mmio;
    MemoryRegion msix_pba_mmio;
};

typedef void PCIRealize(PCIDevice *dev, Error **errp);
typedef void PCIUnregister(PCIDevice *dev);
typedef uint32_t PCIConfigRead(PCIDevice *dev, uint32_t addr, int len);
typedef void PCIConfigWrite(PCIDevice *dev, uint32_t addr, uint32_t val, int len);

struct PCIDeviceClass {
    DeviceClass parent_class;

    PCIRealize *realize;           /* the device's own realize, after the header is set */
    PCIUnregister *exit;
    /* NULL: pci_default_read_config / pci_default_write_config. */
    PCIConfigRead *config_read;
    PCIConfigWrite *config_write;
    void (*reset)(PCIDevice *dev);  /* device reset, after the core's */

    uint16_t vendor_id;
    uint16_t device_id;
    uint8_t revision;
    uint16_t class_id;             /* base class << 8 | subclass */
    uint16_t subsystem_vendor_id;  /* 0: none */
    uint16_t subsystem_id;
    bool is_express;               /* 4 KiB extended config space */
};

/* ---- buses ---- */

/*
 * Create a root bus named name under the host device parent; memory and I/O BARs
 * are mapped into mem and io (PCI addresses).  typename is TYPE_PCI_BUS or
 * TYPE_PCIE_BUS.  The bus belongs to parent.
 */
PCIBus *pci_root_bus_new(DeviceState *parent, const char *name, MemoryRegion *mem,
                         MemoryRegion *io, uint8_t devfn_min, const char *typename);
/* Wire the bus's INTx routing to nirq host lines. */
void pci_bus_irqs(PCIBus *bus, pci_set_irq_fn set_irq, pci_map_irq_fn map_irq,
                  void *opaque, int nirq);
bool pci_bus_is_express(PCIBus *bus);
PCIBus *pci_get_bus(const PCIDevice *dev);
/* A bus created by a host bridge, not behind a PCI-PCI bridge or port. */
bool pci_bus_is_root(PCIBus *bus);
/* The function at devfn on bus, or NULL. */
PCIDevice *pci_find_device(PCIBus *bus, int devfn);

/* Create a device of type name for board code (aborts on error). */
PCIDevice *pci_create_simple(PCIBus *bus, int devfn, const char *name);

/* ---- config space ---- */

/* Config reads/writes as the guest issues them; len 1, 2 or 4 within config_size. */
uint32_t pci_default_read_config(PCIDevice *dev, uint32_t addr, int len);
void pci_default_write_config(PCIDevice *dev, uint32_t addr, uint32_t val, int len);
/* Dispatch through the class hooks (what a host bridge calls). */
uint32_t pci_config_read(PCIDevice *dev, uint32_t addr, int len);
void pci_config_write(PCIDevice *dev, uint32_t addr, uint32_t val, int len);

static inline uint16_t pci_get_word(const uint8_t *p) { return p[0] | p[1] << 8; }
static inline uint32_t pci_get_long(const uint8_t *p)
{
    return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}
static inline void pci_set_byte(uint8_t *p, uint8_t v) { p[0] = v; }
static inline void pci_set_word(uint8_t *p, uint16_t v) { p[0] = v; p[1] = v >> 8; }
static inline void pci_set_long(uint8_t *p, uint32_t v)
{
    p[0] = v; p[1] = v >> 8; p[2] = v >> 16; p[3] = v >> 24;
}
static inline void pci_set_quad(uint8_t *p, uint64_t v)
{
    pci_set_long(p, (uint32_t)v);
    pci_set_long(p + 4, (uint32_t)(v >> 32));
}

/*
 * Declare BAR n (0..5) of type (PCI_BASE_ADDRESS_SPACE_IO, or memory flags
 * MEM_TYPE_64 / MEM_PREFETCH) backed by mr, whose size must be a power of two
 * (at least 4 for I/O, 16 for memory).  A 64-bit BAR also uses n + 1.  The BAR
 * is mapped into the bus window when the guest programs it and enables decode.
 */
void pci_register_bar(PCIDevice *dev, int n, uint8_t type, MemoryRegion *mr);
/* Where BAR n is mapped now (PCI address), or PCI_BAR_UNMAPPED. */
pcibus_t pci_get_bar_addr(PCIDevice *dev, int n);

/* ---- interrupts ---- */

/* Assert (1) or deassert (0) the device's INTx pin (from PCI_INTERRUPT_PIN). */
void pci_set_irq(PCIDevice *dev, int level);
static inline void pci_irq_assert(PCIDevice *dev) { pci_set_irq(dev, 1); }
static inline void pci_irq_deassert(PCIDevice *dev) { pci_set_irq(dev, 0); }

/*
 * Send an MSI/MSI-X message: a 32-bit little-endian write of data to addr in
 * the system address space (where the GICv2m frame decodes it).  Dropped
 * while the guest has Bus Master disabled, as a real function cannot write.
 */
void pci_msi_send_message(PCIDevice *dev, uint64_t addr, uint32_t data);

/* ---- migration ---- */

/*
 * QEMU's "PCIDevice" state: a version word, the config space (256 bytes, or
 * 4 KiB for a PCIe function) and the four INTx levels.  Loading refuses a
 * stream whose read-only identity bytes (cmask) differ from this device's,
 * then remaps the BARs and restores INTx.
 */
typedef struct QEMUFile QEMUFile;
extern const VMStateDescription vmstate_pci_device;
/* For a device's own vmsd: VMSTATE_PCI_DEVICE(parent_obj, MyState). */
#define VMSTATE_PCI_DEVICE(_field, _state) \
    VMSTATE_STRUCT(_field, _state, 0, vmstate_pci_device, PCIDevice)
/* Save/load by hand (virtio-pci's save_config); errors also go to f. */
void pci_device_save(PCIDevice *dev, QEMUFile *f);
int pci_device_load(PCIDevice *dev, QEMUFile *f);

/* ---- capabilities ---- */

/*
 * Add a capability of size bytes with id cap_id at offset (0: the first free
 * dword-aligned space after the header), link it at the head of the list and
 * set PCI_STATUS_CAP_LIST.  Returns the offset, or -1 with errp when it does not
 * fit or overlaps another capability.  The caller fills the body and its wmask.
 */
int pci_add_capability(PCIDevice *dev, uint8_t cap_id, uint8_t offset, uint8_t size,
                       Error **errp);
/* Offset of the first capability with id cap_id, or 0. */
uint8_t pci_find_capability(PCIDevice *dev, uint8_t cap_id);

#endif
