/*
 * MSI-X (PCI Local Bus spec 3.0, 6.8.2): the capability in config space, the
 * vector table and the pending bit array in memory BARs, and delivery of a
 * vector's message.  Devices call msix_init*() from their realize and
 * msix_notify() to interrupt; the PCI core forwards config writes here.
 */
#ifndef HW_PCI_MSIX_H
#define HW_PCI_MSIX_H

#include "hw/pci/pci.h"
#include "migration/qemu-file.h"

/* Capability layout. */
#define PCI_MSIX_FLAGS              2       /* message control, 16 bits */
#define  PCI_MSIX_FLAGS_QSIZE       0x07ff  /* table size - 1 */
#define  PCI_MSIX_FLAGS_MASKALL     0x4000
#define  PCI_MSIX_FLAGS_ENABLE      0x8000
#define PCI_MSIX_TABLE              4       /* offset | BAR indicator */
#define PCI_MSIX_PBA                8
#define  PCI_MSIX_FLAGS_BIRMASK     0x7
#define PCI_CAP_MSIX_SIZEOF         12

/* One table entry. */
#define PCI_MSIX_ENTRY_SIZE         16
#define PCI_MSIX_ENTRY_LOWER_ADDR   0
#define PCI_MSIX_ENTRY_UPPER_ADDR   4
#define PCI_MSIX_ENTRY_DATA         8
#define PCI_MSIX_ENTRY_VECTOR_CTRL  12
#define  PCI_MSIX_ENTRY_CTRL_MASKBIT 1

#define PCI_MSIX_MAX_ENTRIES        2048

/*
 * Add the capability (at cap_pos, 0: anywhere) for nentries vectors whose
 * table lives at table_offset in table_bar (BAR table_bar_nr) and PBA at
 * pba_offset in pba_bar; the caller registers the BARs.  Returns 0, or a
 * negative errno with errp (bad sizes, overlap, no room in config space).
 */
int msix_init(PCIDevice *dev, unsigned nentries, MemoryRegion *table_bar, uint8_t table_bar_nr,
              unsigned table_offset, MemoryRegion *pba_bar, uint8_t pba_bar_nr,
              unsigned pba_offset, uint8_t cap_pos, Error **errp);
/*
 * The common case: a BAR of its own (bar_nr) with the table in its first half
 * and the PBA at the middle, 4 KiB for up to 128 vectors (QEMU's layout, which
 * migration depends on).  Registers the BAR.
 */
int msix_init_exclusive_bar(PCIDevice *dev, unsigned nentries, uint8_t bar_nr, Error **errp);
void msix_uninit(PCIDevice *dev, MemoryRegion *table_bar, MemoryRegion *pba_bar);
void msix_uninit_exclusive_bar(PCIDevice *dev);

bool msix_present(PCIDevice *dev);
/* The guest set MSI-X Enable. */
bool msix_enabled(PCIDevice *dev);
unsigned msix_nr_vectors_allocated(const PCIDevice *dev);
/* Masked by its own mask bit, the function mask, or MSI-X being disabled. */
bool msix_is_masked(PCIDevice *dev, unsigned vector);
bool msix_is_pending(PCIDevice *dev, unsigned vector);

/*
 * A device declares which vectors it may raise; msix_notify() ignores the
 * others.  msix_vector_use returns -EINVAL for a vector outside the table.
 */
int msix_vector_use(PCIDevice *dev, unsigned vector);
void msix_vector_unuse(PCIDevice *dev, unsigned vector);
void msix_unuse_all_vectors(PCIDevice *dev);

/*
 * Interrupt with vector: the entry's data is written to its address when the
 * vector is unmasked, else its pending bit is set and the message goes out
 * when the guest unmasks it.  Vectors out of range or unused are ignored.
 */
void msix_notify(PCIDevice *dev, unsigned vector);
/* Pending bit of vector, e.g. for a device that retracts an interrupt. */
void msix_clr_pending(PCIDevice *dev, unsigned vector);

/* Device reset: disabled, function unmasked, every vector masked, nothing pending. */
void msix_reset(PCIDevice *dev);
/* Called by the PCI core after a config write that may touch the capability. */
void msix_write_config(PCIDevice *dev, uint32_t addr, uint32_t val, int len);

/* Table then PBA, raw, as QEMU's msix_save/msix_load (nothing when absent). */
void msix_save(PCIDevice *dev, QEMUFile *f);
void msix_load(PCIDevice *dev, QEMUFile *f);

#endif
