/*
 * MSI-X: the capability's message control (enable, function mask), the
 * vector table and pending bit array as memory regions inside the device's
 * BARs, masking with pending delivery, reset and migration.  Message delivery
 * itself is pci_msi_send_message() (a write into system memory).
 */
#include "qemu/osdep.h"
#include "hw/pci/msix.h"
#include "qemu/log.h"

/* QEMU's exclusive-BAR layout: 4 KiB, table in the low half, PBA at 2 KiB. */
#define MSIX_EXCLUSIVE_BAR_SIZE 4096

bool msix_present(PCIDevice *dev)
{
    return dev->msix_cap != 0;
}

static uint16_t msix_control(PCIDevice *dev)
{
    return pci_get_word(dev->config + dev->msix_cap + PCI_MSIX_FLAGS);
}

bool msix_enabled(PCIDevice *dev)
{
    return msix_present(dev) && (msix_control(dev) & PCI_MSIX_FLAGS_ENABLE);
}

unsigned msix_nr_vectors_allocated(const PCIDevice *dev)
{
    return dev->msix_entries_nr;
}

static uint8_t *msix_entry(PCIDevice *dev, unsigned vector)
{
    return dev->msix_table + vector * PCI_MSIX_ENTRY_SIZE;
}

static bool msix_vector_masked(PCIDevice *dev, unsigned vector, bool fmask)
{
    return fmask || (msix_entry(dev, vector)[PCI_MSIX_ENTRY_VECTOR_CTRL] &
                     PCI_MSIX_ENTRY_CTRL_MASKBIT);
}

bool msix_is_masked(PCIDevice *dev, unsigned vector)
{
    return vector >= dev->msix_entries_nr ||
           msix_vector_masked(dev, vector, dev->msix_function_masked);
}

bool msix_is_pending(PCIDevice *dev, unsigned vector)
{
    return vector < dev->msix_entries_nr && (dev->msix_pba[vector / 8] >> (vector % 8) & 1);
}

static void msix_set_pending(PCIDevice *dev, unsigned vector)
{
    dev->msix_pba[vector / 8] |= 1 << (vector % 8);
}

void msix_clr_pending(PCIDevice *dev, unsigned vector)
{
    if (vector < dev->msix_entries_nr) {
        dev->msix_pba[vector / 8] &= ~(1 << (vector % 8));
    }
}

static void msix_update_function_masked(PCIDevice *dev)
{
    uint16_t ctl = msix_control(dev);
    dev->msix_function_masked = !(ctl & PCI_MSIX_FLAGS_ENABLE) ||
                                (ctl & PCI_MSIX_FLAGS_MASKALL);
}

static void msix_send(PCIDevice *dev, unsigned vector)
{
    const uint8_t *e = msix_entry(dev, vector);
    uint64_t addr = pci_get_long(e + PCI_MSIX_ENTRY_LOWER_ADDR) |
                    (uint64_t)pci_get_long(e + PCI_MSIX_ENTRY_UPPER_ADDR) << 32;

    pci_msi_send_message(dev, addr, pci_get_long(e + PCI_MSIX_ENTRY_DATA));
}

void msix_notify(PCIDevice *dev, unsigned vector)
{
    if (vector >= dev->msix_entries_nr || !dev->msix_entry_used[vector]) {
        return;
    }
    if (msix_is_masked(dev, vector)) {
        msix_set_pending(dev, vector);
        return;
    }
    msix_send(dev, vector);
}

/* A vector's effective mask changed: an unmasked vector delivers what was pending. */
static void msix_handle_mask_update(PCIDevice *dev, unsigned vector, bool was_masked)
{
    bool masked = msix_is_masked(dev, vector);

    if (masked == was_masked || masked || !msix_is_pending(dev, vector)) {
        return;
    }
    msix_clr_pending(dev, vector);
    msix_notify(dev, vector);
}

void msix_write_config(PCIDevice *dev, uint32_t addr, uint32_t val, int len)
{
    uint32_t ctl = dev->msix_cap + PCI_MSIX_FLAGS;
    bool was_masked;

    if (!msix_present(dev) || addr + len <= ctl || addr >= ctl + 2) {
        return;
    }
    was_masked = dev->msix_function_masked;
    msix_update_function_masked(dev);
    if (!msix_enabled(dev)) {
        return;
    }
    /* With MSI-X enabled the function must not use INTx. */
    pci_set_irq(dev, 0);
    if (dev->msix_function_masked == was_masked) {
        return;
    }
    for (unsigned v = 0; v < dev->msix_entries_nr; v++) {
        msix_handle_mask_update(dev, v, msix_vector_masked(dev, v, was_masked));
    }
}

/* ---- the table and PBA as the guest sees them ---- */

static uint64_t msix_table_read(void *opaque, hwaddr addr, unsigned size)
{
    PCIDevice *dev = opaque;
    return pci_get_long(dev->msix_table + addr);
}

static void msix_table_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    PCIDevice *dev = opaque;
    unsigned vector = addr / PCI_MSIX_ENTRY_SIZE;
    bool was_masked = msix_is_masked(dev, vector);

    pci_set_long(dev->msix_table + addr, val);
    msix_handle_mask_update(dev, vector, was_masked);
}

/* Table accesses are dwords or qwords (spec); the region is exactly the table. */
static const MemoryRegionOps msix_table_ops = {
    .read = msix_table_read,
    .write = msix_table_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 8 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static uint64_t msix_pba_read(void *opaque, hwaddr addr, unsigned size)
{
    PCIDevice *dev = opaque;
    return pci_get_long(dev->msix_pba + addr);
}

static void msix_pba_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    qemu_log_mask(LOG_GUEST_ERROR, "msix: write to the read-only pending bit array at "
                  "0x%" PRIx64 " ignored\n", (uint64_t)addr);
}

static const MemoryRegionOps msix_pba_ops = {
    .read = msix_pba_read,
    .write = msix_pba_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 8 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static unsigned msix_pba_size(unsigned nentries)
{
    /* Whole qwords, as the spec lays the PBA out. */
    return QEMU_ALIGN_UP(nentries, 64) / 8;
}

static void msix_mask_all(PCIDevice *dev)
{
    for (unsigned v = 0; v < dev->msix_entries_nr; v++) {
        uint8_t *ctrl = msix_entry(dev, v) + PCI_MSIX_ENTRY_VECTOR_CTRL;
        bool was_masked = msix_is_masked(dev, v);
        *ctrl |= PCI_MSIX_ENTRY_CTRL_MASKBIT;
        msix_handle_mask_update(dev, v, was_masked);
    }
}

int msix_init(PCIDevice *dev, unsigned nentries, MemoryRegion *table_bar, uint8_t table_bar_nr,
              unsigned table_offset, MemoryRegion *pba_bar, uint8_t pba_bar_nr,
              unsigned pba_offset, uint8_t cap_pos, Error **errp)
{
    unsigned table_size = nentries * PCI_MSIX_ENTRY_SIZE;
    unsigned pba_size = msix_pba_size(nentries);
    uint8_t *cap;
    int off;

    if (nentries < 1 || nentries > PCI_MSIX_MAX_ENTRIES) {
        error_setg(errp, "%s: MSI-X needs 1..%d vectors, not %u", dev->name,
                   PCI_MSIX_MAX_ENTRIES, nentries);
        return -EINVAL;
    }
    if (table_bar_nr >= PCI_ROM_SLOT || pba_bar_nr >= PCI_ROM_SLOT ||
        (table_offset | pba_offset) & PCI_MSIX_FLAGS_BIRMASK ||
        table_offset + table_size > memory_region_size(table_bar) ||
        pba_offset + pba_size > memory_region_size(pba_bar) ||
        (table_bar == pba_bar && table_offset < pba_offset + pba_size &&
         pba_offset < table_offset + table_size)) {
        error_setg(errp, "%s: MSI-X table (BAR %u + 0x%x) or PBA (BAR %u + 0x%x) is "
                   "misplaced", dev->name, table_bar_nr, table_offset, pba_bar_nr, pba_offset);
        return -EINVAL;
    }
    off = pci_add_capability(dev, PCI_CAP_ID_MSIX, cap_pos, PCI_CAP_MSIX_SIZEOF, errp);
    if (off < 0) {
        return -ENOSPC;
    }
    dev->msix_cap = off;
    dev->msix_entries_nr = nentries;
    dev->msix_table = g_malloc0(table_size);
    dev->msix_pba = g_malloc0(pba_size);
    dev->msix_entry_used = g_new0(unsigned, nentries);
    dev->msix_function_masked = true;

    cap = dev->config + off;
    pci_set_word(cap + PCI_MSIX_FLAGS, nentries - 1);
    pci_set_long(cap + PCI_MSIX_TABLE, table_offset | table_bar_nr);
    pci_set_long(cap + PCI_MSIX_PBA, pba_offset | pba_bar_nr);
    /* The guest may change only Enable and Function Mask. */
    pci_set_word(dev->wmask + off + PCI_MSIX_FLAGS,
                 PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    msix_mask_all(dev);

    memory_region_init_io(&dev->msix_table_mmio, OBJECT(dev), &msix_table_ops, dev,
                          "msix-table", table_size);
    memory_region_add_subregion(table_bar, table_offset, &dev->msix_table_mmio);
    memory_region_init_io(&dev->msix_pba_mmio, OBJECT(dev), &msix_pba_ops, dev,
                          "msix-pba", pba_size);
    memory_region_add_subregion(pba_bar, pba_offset, &dev->msix_pba_mmio);
    return 0;
}

int msix_init_exclusive_bar(PCIDevice *dev, unsigned nentries, uint8_t bar_nr, Error **errp)
{
    uint64_t bar_size = MSIX_EXCLUSIVE_BAR_SIZE;
    unsigned pba_offset = MSIX_EXCLUSIVE_BAR_SIZE / 2;
    int ret;

    /* More than 128 vectors: the PBA follows the table and the BAR grows. */
    if (nentries * PCI_MSIX_ENTRY_SIZE > pba_offset) {
        pba_offset = nentries * PCI_MSIX_ENTRY_SIZE;
    }
    while (bar_size < pba_offset + msix_pba_size(nentries)) {
        bar_size *= 2;
    }
    memory_region_init(&dev->msix_exclusive_bar, OBJECT(dev), "msix", bar_size);
    ret = msix_init(dev, nentries, &dev->msix_exclusive_bar, bar_nr, 0,
                    &dev->msix_exclusive_bar, bar_nr, pba_offset, 0, errp);
    if (ret) {
        return ret;
    }
    pci_register_bar(dev, bar_nr, PCI_BASE_ADDRESS_SPACE_MEMORY, &dev->msix_exclusive_bar);
    return 0;
}

void msix_uninit(PCIDevice *dev, MemoryRegion *table_bar, MemoryRegion *pba_bar)
{
    if (!msix_present(dev)) {
        return;
    }
    memory_region_del_subregion(table_bar, &dev->msix_table_mmio);
    memory_region_del_subregion(pba_bar, &dev->msix_pba_mmio);
    dev->msix_cap = 0;
    dev->msix_entries_nr = 0;
    g_clear_pointer(&dev->msix_table, g_free);
    g_clear_pointer(&dev->msix_pba, g_free);
    g_clear_pointer(&dev->msix_entry_used, g_free);
}

void msix_uninit_exclusive_bar(PCIDevice *dev)
{
    msix_uninit(dev, &dev->msix_exclusive_bar, &dev->msix_exclusive_bar);
}

int msix_vector_use(PCIDevice *dev, unsigned vector)
{
    if (vector >= dev->msix_entries_nr) {
        return -EINVAL;
    }
    dev->msix_entry_used[vector]++;
    return 0;
}

void msix_vector_unuse(PCIDevice *dev, unsigned vector)
{
    if (vector >= dev->msix_entries_nr || !dev->msix_entry_used[vector]) {
        return;
    }
    if (--dev->msix_entry_used[vector] == 0) {
        msix_clr_pending(dev, vector);
    }
}

void msix_unuse_all_vectors(PCIDevice *dev)
{
    if (!msix_present(dev)) {
        return;
    }
    memset(dev->msix_entry_used, 0, dev->msix_entries_nr * sizeof(unsigned));
    memset(dev->msix_pba, 0, msix_pba_size(dev->msix_entries_nr));
}

void msix_reset(PCIDevice *dev)
{
    uint8_t *ctl;

    if (!msix_present(dev)) {
        return;
    }
    ctl = dev->config + dev->msix_cap + PCI_MSIX_FLAGS;
    pci_set_word(ctl, pci_get_word(ctl) & ~(PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL));
    memset(dev->msix_table, 0, dev->msix_entries_nr * PCI_MSIX_ENTRY_SIZE);
    memset(dev->msix_pba, 0, msix_pba_size(dev->msix_entries_nr));
    msix_update_function_masked(dev);
    msix_mask_all(dev);
}

void msix_save(PCIDevice *dev, QEMUFile *f)
{
    unsigned n = dev->msix_entries_nr;

    if (!msix_present(dev)) {
        return;
    }
    qemu_put_buffer(f, dev->msix_table, n * PCI_MSIX_ENTRY_SIZE);
    qemu_put_buffer(f, dev->msix_pba, QEMU_ALIGN_UP(n, 8) / 8);
}

void msix_load(PCIDevice *dev, QEMUFile *f)
{
    unsigned n = dev->msix_entries_nr;

    if (!msix_present(dev)) {
        return;
    }
    qemu_get_buffer(f, dev->msix_table, n * PCI_MSIX_ENTRY_SIZE);
    memset(dev->msix_pba, 0, msix_pba_size(n));
    qemu_get_buffer(f, dev->msix_pba, QEMU_ALIGN_UP(n, 8) / 8);
    /* Bits past the last vector do not exist. */
    if (n % 8) {
        dev->msix_pba[n / 8] &= (1 << (n % 8)) - 1;
    }
    msix_update_function_masked(dev);
    for (unsigned v = 0; v < n; v++) {
        msix_handle_mask_update(dev, v, true);
    }
}
