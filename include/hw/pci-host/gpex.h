/*
 * The generic PCIe host bridge ("gpex-pcihost"): an ECAM config window, a
 * memory window and an I/O window onto its root bus "pcie.0", and four INTx
 * lines.  Boards decide where the windows appear in the CPU's address space.
 */
#ifndef HW_PCI_HOST_GPEX_H
#define HW_PCI_HOST_GPEX_H

#include "hw/sysbus.h"
#include "hw/pci/pci.h"

#define TYPE_GPEX_HOST "gpex-pcihost"
#define TYPE_GPEX_ROOT_DEVICE "gpex-root"
OBJECT_DECLARE_SIMPLE_TYPE(GPEXHost, GPEX_HOST)

#define GPEX_NUM_IRQS 4
/* ECAM: 1 MiB per bus, 256 buses (bus << 20 | dev << 15 | fn << 12 | reg). */
#define PCIE_MMCFG_SIZE_MAX (1ULL << 28)

struct GPEXHost {
    SysBusDevice parent_obj;

    MemoryRegion ecam;             /* sysbus region 0 */
    MemoryRegion mmio;             /* region 1: PCI memory space (2^64) */
    MemoryRegion ioport;           /* region 2: PCI I/O space (64 KiB) */
    /* Behind the BARs: answer unclaimed accesses with all ones. */
    MemoryRegion mmio_window;
    MemoryRegion ioport_window;
    qemu_irq irq[GPEX_NUM_IRQS];
    PCIBus *bus;
    PCIDevice *root;               /* the host bridge function at 00:00.0 */
    bool allow_unmapped_accesses;  /* "allow-unmapped-accesses" */
};

/* INTx swizzle of a device on the root bus: (slot + pin) % 4. */
int gpex_map_irq(PCIDevice *dev, int pin);

#endif
