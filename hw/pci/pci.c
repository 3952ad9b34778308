/*
 * The PCI core: buses, config space with per-bit writable and write-1-to-clear
 * masks, BAR sizing and mapping into the host's windows, INTx routing, the
 * "addr" property and slot allocation, and the capability list.  Config cycle
 * decoding (ECAM, CF8/CFC) belongs to the host bridges, not here.
 */
#include "qemu/osdep.h"
#include "hw/pci/pci.h"
#include "hw/pci/msix.h"
#include "hw/qdev-properties.h"
#include "migration/qemu-file.h"
#include "migration/vmstate.h"
#include "qemu/log.h"

/* Status bits that a guest clears by writing one. */
#define PCI_STATUS_W1C (PCI_STATUS_PARITY | PCI_STATUS_SIG_TARGET_ABORT | \
                        PCI_STATUS_REC_TARGET_ABORT | PCI_STATUS_REC_MASTER_ABORT | \
                        PCI_STATUS_SIG_SYSTEM_ERROR | PCI_STATUS_DETECTED_PARITY)
#define PCI_COMMAND_WRITABLE (PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER | \
                              PCI_COMMAND_PARITY | PCI_COMMAND_SERR | \
                              PCI_COMMAND_INTX_DISABLE)

/* ---- buses ---- */

PCIBus *pci_get_bus(const PCIDevice *dev)
{
    return PCI_BUS(dev->qdev.parent_bus);
}

bool pci_bus_is_express(PCIBus *bus)
{
    return object_dynamic_cast(OBJECT(bus), TYPE_PCIE_BUS) != NULL;
}

PCIDevice *pci_find_device(PCIBus *bus, int devfn)
{
    return devfn >= 0 && devfn < PCI_DEVFN_MAX ? bus->devices[devfn] : NULL;
}

bool pci_bus_is_root(PCIBus *bus)
{
    DeviceState *parent = bus->qbus.parent;
    return !parent || !object_dynamic_cast(OBJECT(parent), TYPE_PCI_DEVICE);
}

PCIBus *pci_root_bus_new(DeviceState *parent, const char *name, MemoryRegion *mem,
                         MemoryRegion *io, uint8_t devfn_min, const char *typename)
{
    PCIBus *bus = PCI_BUS(qbus_new(typename, parent, name));

    bus->address_space_mem = mem;
    bus->address_space_io = io;
    bus->devfn_min = devfn_min;
    return bus;
}

void pci_bus_irqs(PCIBus *bus, pci_set_irq_fn set_irq, pci_map_irq_fn map_irq,
                  void *opaque, int nirq)
{
    bus->set_irq = set_irq;
    bus->map_irq = map_irq;
    bus->irq_opaque = opaque;
    bus->nirq = nirq;
    g_free(bus->irq_count);
    bus->irq_count = g_new0(int, nirq);
}

/* Domain 0; only root buses exist so far, and they are bus number 0. */
static char *pci_bus_get_dev_path(DeviceState *dev)
{
    PCIDevice *d = PCI_DEVICE(dev);
    return g_strdup_printf("%04x:%02x:%02x.%x", 0, 0, PCI_SLOT(d->devfn), PCI_FUNC(d->devfn));
}

static void pci_bus_print_dev(GString *out, DeviceState *dev, int indent)
{
    PCIDevice *d = PCI_DEVICE(dev);

    g_string_append_printf(out, "%*sclass %04x, addr %02x:%02x.%x, pci id %04x:%04x "
                           "(sub %04x:%04x)\n", indent, "",
                           pci_get_word(d->config + PCI_CLASS_DEVICE), 0,
                           PCI_SLOT(d->devfn), PCI_FUNC(d->devfn),
                           pci_get_word(d->config + PCI_VENDOR_ID),
                           pci_get_word(d->config + PCI_DEVICE_ID),
                           pci_get_word(d->config + PCI_SUBSYSTEM_VENDOR_ID),
                           pci_get_word(d->config + PCI_SUBSYSTEM_ID));
    for (int i = 0; i < PCI_NUM_REGIONS; i++) {
        PCIIORegion *r = &d->io_regions[i];
        if (!r->size) {
            continue;
        }
        g_string_append_printf(out, "%*sbar %d: %s at 0x%" PRIx64 " [0x%" PRIx64 "]\n",
                               indent, "", i,
                               r->type & PCI_BASE_ADDRESS_SPACE_IO ? "i/o" : "mem",
                               r->addr, r->addr + r->size - 1);
    }
}

static void pci_bus_finalize(Object *obj)
{
    g_free(PCI_BUS(obj)->irq_count);
}

static void pci_bus_class_init(ObjectClass *oc, void *data)
{
    BusClass *bc = BUS_CLASS(oc);
    bc->get_dev_path = pci_bus_get_dev_path;
    bc->print_dev = pci_bus_print_dev;
    bc->max_dev = PCI_DEVFN_MAX;
}

/* ---- BARs ---- */

static bool bar_is_64bit(const PCIIORegion *r)
{
    return !(r->type & PCI_BASE_ADDRESS_SPACE_IO) && (r->type & PCI_BASE_ADDRESS_MEM_TYPE_64);
}

static int bar_offset(int n)
{
    return n == PCI_ROM_SLOT ? PCI_ROM_ADDRESS : PCI_BASE_ADDRESS_0 + 4 * n;
}

void pci_register_bar(PCIDevice *dev, int n, uint8_t type, MemoryRegion *mr)
{
    PCIIORegion *r = &dev->io_regions[n];
    uint64_t size = memory_region_size(mr);
    uint64_t wmask = ~(size - 1);
    int off = bar_offset(n);
    bool io = type & PCI_BASE_ADDRESS_SPACE_IO;

    g_assert(n >= 0 && n < PCI_ROM_SLOT);
    g_assert(size && !(size & (size - 1)) && size >= (io ? 4 : 16));
    g_assert(!r->size);
    r->addr = PCI_BAR_UNMAPPED;
    r->size = size;
    r->type = type;
    r->memory = mr;
    r->address_space = io ? pci_get_bus(dev)->address_space_io
                          : pci_get_bus(dev)->address_space_mem;
    if (bar_is_64bit(r)) {
        g_assert(n + 1 < PCI_ROM_SLOT);
        pci_set_quad(dev->wmask + off, wmask & PCI_BASE_ADDRESS_MEM_MASK);
        pci_set_quad(dev->config + off, type);
        memset(dev->used + off, 1, 8);
    } else {
        /* The flag bits are read-only: the guest finds the size from the rest. */
        pci_set_long(dev->wmask + off, (uint32_t)wmask &
                     (uint32_t)(io ? PCI_BASE_ADDRESS_IO_MASK : PCI_BASE_ADDRESS_MEM_MASK));
        pci_set_long(dev->config + off, type);
        memset(dev->used + off, 1, 4);
    }
}

pcibus_t pci_get_bar_addr(PCIDevice *dev, int n)
{
    return dev->io_regions[n].addr;
}

/* The address the BAR decodes at given the current config, or PCI_BAR_UNMAPPED. */
static pcibus_t pci_bar_address(PCIDevice *dev, int n)
{
    PCIIORegion *r = &dev->io_regions[n];
    uint16_t cmd = pci_get_word(dev->config + PCI_COMMAND);
    int off = bar_offset(n);
    pcibus_t addr, last;

    if (r->type & PCI_BASE_ADDRESS_SPACE_IO) {
        if (!(cmd & PCI_COMMAND_IO)) {
            return PCI_BAR_UNMAPPED;
        }
        addr = pci_get_long(dev->config + off) & ~(r->size - 1) & PCI_BASE_ADDRESS_IO_MASK;
        last = addr + r->size - 1;
        /* Zero and anything past the 32-bit I/O space are not decoded. */
        if (!addr || last <= addr || last >= UINT32_MAX) {
            return PCI_BAR_UNMAPPED;
        }
        return addr;
    }
    if (!(cmd & PCI_COMMAND_MEMORY)) {
        return PCI_BAR_UNMAPPED;
    }
    if (bar_is_64bit(r)) {
        addr = pci_get_long(dev->config + off) | (uint64_t)pci_get_long(dev->config + off + 4)
                                                   << 32;
    } else {
        addr = pci_get_long(dev->config + off);
    }
    addr &= ~(r->size - 1) & PCI_BASE_ADDRESS_MEM_MASK;
    last = addr + r->size - 1;
    /* Zero (never programmed) and wrap-around decode nowhere. */
    if (!addr || last <= addr || last == PCI_BAR_UNMAPPED) {
        return PCI_BAR_UNMAPPED;
    }
    if (!bar_is_64bit(r) && last >= UINT32_MAX) {
        return PCI_BAR_UNMAPPED;
    }
    return addr;
}

/* Bring every BAR's mapping in line with the command register and BAR values. */
static void pci_update_mappings(PCIDevice *dev)
{
    memory_region_transaction_begin();
    for (int i = 0; i < PCI_NUM_REGIONS; i++) {
        PCIIORegion *r = &dev->io_regions[i];
        pcibus_t addr;

        if (!r->size || !r->address_space) {
            continue;
        }
        addr = pci_bar_address(dev, i);
        if (addr == r->addr) {
            continue;
        }
        if (r->addr != PCI_BAR_UNMAPPED) {
            memory_region_del_subregion(r->address_space, r->memory);
        }
        r->addr = addr;
        if (addr != PCI_BAR_UNMAPPED) {
            /* Above the host's background region that answers unclaimed accesses. */
            memory_region_add_subregion_overlap(r->address_space, addr, r->memory, 1);
        }
    }
    memory_region_transaction_commit();
}

static void pci_unmap_all(PCIDevice *dev)
{
    memory_region_transaction_begin();
    for (int i = 0; i < PCI_NUM_REGIONS; i++) {
        PCIIORegion *r = &dev->io_regions[i];
        if (r->size && r->addr != PCI_BAR_UNMAPPED) {
            memory_region_del_subregion(r->address_space, r->memory);
            r->addr = PCI_BAR_UNMAPPED;
        }
    }
    memory_region_transaction_commit();
}

/* ---- INTx ---- */

static int pci_intx_pin(PCIDevice *dev)
{
    return dev->config[PCI_INTERRUPT_PIN] - 1;
}

/* Propagate the device's effective INTx level (asserted and not disabled) to the bus. */
static void pci_update_irq_out(PCIDevice *dev)
{
    PCIBus *bus = pci_get_bus(dev);
    int pin = pci_intx_pin(dev);
    int level = dev->irq_state &&
                !(pci_get_word(dev->config + PCI_COMMAND) & PCI_COMMAND_INTX_DISABLE);
    int irq;

    if (level == dev->irq_out || pin < 0 || pin >= PCI_NUM_PINS || !bus->map_irq) {
        return;
    }
    irq = bus->map_irq(dev, pin);
    if (irq < 0 || irq >= bus->nirq) {
        return;
    }
    dev->irq_out = level;
    bus->irq_count[irq] += level ? 1 : -1;
    bus->set_irq(bus->irq_opaque, irq, bus->irq_count[irq] != 0);
}

void pci_set_irq(PCIDevice *dev, int level)
{
    uint8_t *status = dev->config + PCI_STATUS;

    level = !!level;
    dev->irq_state = level;
    /* Interrupt Status shows the pin's state even while INTx is disabled. */
    if (level) {
        status[0] |= PCI_STATUS_INTERRUPT;
    } else {
        status[0] &= ~PCI_STATUS_INTERRUPT;
    }
    pci_update_irq_out(dev);
}

/* ---- MSI ---- */

void pci_msi_send_message(PCIDevice *dev, uint64_t addr, uint32_t data)
{
    MemTxResult res = MEMTX_OK;

    if (!(pci_get_word(dev->config + PCI_COMMAND) & PCI_COMMAND_MASTER)) {
        return;
    }
    /*
     * Unspecified attributes: the requester id field means "CPU index" to the
     * GIC, so a message aimed at the distributor must not pose as some CPU.
     */
    address_space_stl_le(&address_space_memory, addr, data, MEMTXATTRS_UNSPECIFIED, &res);
    if (res != MEMTX_OK) {
        qemu_log_mask(LOG_GUEST_ERROR, "%s: MSI write of 0x%x to 0x%" PRIx64 " went "
                      "nowhere\n", dev->name, data, addr);
    }
}

/* ---- config space ---- */

uint32_t pci_default_read_config(PCIDevice *dev, uint32_t addr, int len)
{
    uint32_t val = 0;

    g_assert(len == 1 || len == 2 || len == 4);
    g_assert(addr + len <= dev->config_size);
    for (int i = 0; i < len; i++) {
        val |= (uint32_t)dev->config[addr + i] << (8 * i);
    }
    return val;
}

static bool ranges_overlap(uint32_t a, int alen, uint32_t b, int blen)
{
    return a < b + blen && b < a + alen;
}

void pci_default_write_config(PCIDevice *dev, uint32_t addr, uint32_t val, int len)
{
    uint16_t old_cmd = pci_get_word(dev->config + PCI_COMMAND);

    g_assert(len == 1 || len == 2 || len == 4);
    g_assert(addr + len <= dev->config_size);
    for (int i = 0; i < len; i++) {
        uint8_t b = val >> (8 * i);
        uint8_t wm = dev->wmask[addr + i], w1c = dev->w1cmask[addr + i];
        uint8_t *p = dev->config + addr + i;

        *p = (*p & ~wm) | (b & wm);
        *p &= ~(b & w1c);
    }
    if (ranges_overlap(addr, len, PCI_BASE_ADDRESS_0, 24) ||
        ranges_overlap(addr, len, PCI_ROM_ADDRESS, 4) ||
        ranges_overlap(addr, len, PCI_COMMAND, 2)) {
        pci_update_mappings(dev);
    }
    if ((old_cmd ^ pci_get_word(dev->config + PCI_COMMAND)) & PCI_COMMAND_INTX_DISABLE) {
        pci_update_irq_out(dev);
    }
    msix_write_config(dev, addr, val, len);
}

uint32_t pci_config_read(PCIDevice *dev, uint32_t addr, int len)
{
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(dev);

    if (addr >= dev->config_size || addr + len > dev->config_size) {
        return len == 4 ? 0xffffffffu : (1u << (8 * len)) - 1;
    }
    return pc->config_read ? pc->config_read(dev, addr, len)
                           : pci_default_read_config(dev, addr, len);
}

void pci_config_write(PCIDevice *dev, uint32_t addr, uint32_t val, int len)
{
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(dev);

    if (addr >= dev->config_size || addr + len > dev->config_size) {
        return;
    }
    if (pc->config_write) {
        pc->config_write(dev, addr, val, len);
    } else {
        pci_default_write_config(dev, addr, val, len);
    }
}

/* ---- capabilities ---- */

static int pci_find_space(PCIDevice *dev, uint8_t size)
{
    int limit = PCI_CONFIG_SPACE_SIZE;

    for (int off = PCI_CONFIG_HEADER_SIZE; off + size <= limit; off += 4) {
        int i;
        for (i = 0; i < size && !dev->used[off + i]; i++) {
        }
        if (i == size) {
            return off;
        }
    }
    return 0;
}

int pci_add_capability(PCIDevice *dev, uint8_t cap_id, uint8_t offset, uint8_t size,
                       Error **errp)
{
    if (!offset) {
        offset = pci_find_space(dev, size);
        if (!offset) {
            error_setg(errp, "%s: no room in config space for a capability of %u bytes "
                       "(id 0x%02x)", dev->name, size, cap_id);
            return -1;
        }
    } else {
        if (offset < PCI_CONFIG_HEADER_SIZE || (offset & 3) ||
            offset + size > PCI_CONFIG_SPACE_SIZE) {
            error_setg(errp, "%s: capability id 0x%02x at 0x%02x (%u bytes) is outside the "
                       "capability area 0x40..0xff or not dword aligned", dev->name, cap_id,
                       offset, size);
            return -1;
        }
        for (int i = 0; i < size; i++) {
            if (dev->used[offset + i]) {
                error_setg(errp, "%s: capability id 0x%02x at 0x%02x (%u bytes) overlaps "
                           "another capability", dev->name, cap_id, offset, size);
                return -1;
            }
        }
    }
    dev->config[offset + PCI_CAP_LIST_ID] = cap_id;
    dev->config[offset + PCI_CAP_LIST_NEXT] = dev->config[PCI_CAPABILITY_LIST];
    dev->config[PCI_CAPABILITY_LIST] = offset;
    dev->config[PCI_STATUS] |= PCI_STATUS_CAP_LIST;
    memset(dev->used + offset, 1, size);
    /* A capability's read-only bytes must match on migration. */
    memset(dev->cmask + offset, 0xff, size);
    /* The list itself is read-only; the caller opens up what the guest may change. */
    memset(dev->wmask + offset, 0, size);
    memset(dev->w1cmask + offset, 0, size);
    return offset;
}

uint8_t pci_find_capability(PCIDevice *dev, uint8_t cap_id)
{
    int guard = 0;

    if (!(dev->config[PCI_STATUS] & PCI_STATUS_CAP_LIST)) {
        return 0;
    }
    /* A capability list is at most 48 entries long; stop on loops. */
    for (uint8_t off = dev->config[PCI_CAPABILITY_LIST]; off && guard < 48; guard++) {
        if (dev->config[off + PCI_CAP_LIST_ID] == cap_id) {
            return off;
        }
        off = dev->config[off + PCI_CAP_LIST_NEXT];
    }
    return 0;
}

/* ---- migration ---- */

/* The stream's config space replaces ours, except bytes that must not differ. */
static int get_pci_config(QEMUFile *f, void *pv, size_t size, const VMStateField *field,
                          Error **errp)
{
    PCIDevice *dev = container_of(pv, PCIDevice, config);
    g_autofree uint8_t *buf = g_malloc(size);

    if (size != dev->config_size) {
        error_setg(errp, "%s: config space of %zu bytes in the stream, %u here", dev->name,
                   size, dev->config_size);
        return -EINVAL;
    }
    if (qemu_get_buffer(f, buf, size) != size) {
        error_setg(errp, "%s: config space cut short", dev->name);
        return -EIO;
    }
    for (size_t i = 0; i < size; i++) {
        if ((buf[i] ^ dev->config[i]) & dev->cmask[i] & ~dev->wmask[i] & ~dev->w1cmask[i]) {
            error_setg(errp, "%s: config space byte 0x%zx is 0x%02x in the stream but "
                       "0x%02x here (a different device?)", dev->name, i, buf[i],
                       dev->config[i]);
            return -EINVAL;
        }
    }
    memcpy(dev->config, buf, size);
    pci_update_mappings(dev);
    return 0;
}

static int put_pci_config(QEMUFile *f, void *pv, size_t size, const VMStateField *field,
                          Error **errp)
{
    PCIDevice *dev = container_of(pv, PCIDevice, config);
    qemu_put_buffer(f, dev->config, MIN(size, dev->config_size));
    return 0;
}

static const VMStateInfo vmstate_info_pci_config = {
    .name = "pci config",
    .get = get_pci_config,
    .put = put_pci_config,
};

/* Four INTx levels as 32-bit words; a function drives only its own pin. */
static int get_pci_irq_state(QEMUFile *f, void *pv, size_t size, const VMStateField *field,
                             Error **errp)
{
    PCIDevice *dev = container_of(pv, PCIDevice, irq_state);
    int level = 0;

    for (int i = 0; i < PCI_NUM_PINS; i++) {
        uint32_t v = qemu_get_be32(f);
        if (v > 1) {
            error_setg(errp, "%s: INTx level %u in the stream", dev->name, v);
            return -EINVAL;
        }
        level |= v;
    }
    pci_set_irq(dev, level);
    return 0;
}

static int put_pci_irq_state(QEMUFile *f, void *pv, size_t size, const VMStateField *field,
                             Error **errp)
{
    PCIDevice *dev = container_of(pv, PCIDevice, irq_state);
    int pin = pci_intx_pin(dev);

    for (int i = 0; i < PCI_NUM_PINS; i++) {
        qemu_put_be32(f, i == pin ? dev->irq_state : 0);
    }
    return 0;
}

static const VMStateInfo vmstate_info_pci_irq_state = {
    .name = "pci irq state",
    .get = get_pci_irq_state,
    .put = put_pci_irq_state,
};

static bool pci_migrates_pcie_config(void *opaque, int version_id)
{
    return ((PCIDevice *)opaque)->config_size == PCIE_CONFIG_SPACE_SIZE;
}

static bool pci_migrates_pci_config(void *opaque, int version_id)
{
    return !pci_migrates_pcie_config(opaque, version_id);
}

static const VMStateField vmstate_pci_device_fields[] = {
    /* The format's version, checked to be at most ours. */
    VMSTATE_INT32_POSITIVE_LE(version_id, PCIDevice),
    {
        .name = "config",
        .offset = offsetof(PCIDevice, config),
        .size = PCI_CONFIG_SPACE_SIZE,
        .info = &vmstate_info_pci_config,
        .flags = VMS_BUFFER,
        .field_exists = pci_migrates_pci_config,
    },
    {
        .name = "config",
        .offset = offsetof(PCIDevice, config),
        .size = PCIE_CONFIG_SPACE_SIZE,
        .info = &vmstate_info_pci_config,
        .flags = VMS_BUFFER,
        .field_exists = pci_migrates_pcie_config,
    },
    {
        .name = "irq_state",
        .offset = offsetof(PCIDevice, irq_state),
        .size = PCI_NUM_PINS * sizeof(int32_t),
        .info = &vmstate_info_pci_irq_state,
        .flags = VMS_BUFFER,
        .version_id = 2,
    },
    VMSTATE_END_OF_LIST()
};

const VMStateDescription vmstate_pci_device = {
    .name = "PCIDevice",
    .version_id = 2,
    .minimum_version_id = 1,
    .fields = vmstate_pci_device_fields,
};

void pci_device_save(PCIDevice *dev, QEMUFile *f)
{
    Error *err = NULL;

    if (vmstate_save_state(f, &vmstate_pci_device, dev, NULL, &err) < 0) {
        qemu_file_set_error(f, -EIO, "%s", error_get_pretty(err));
        error_free(err);
    }
}

int pci_device_load(PCIDevice *dev, QEMUFile *f)
{
    Error *err = NULL;
    int ret = vmstate_load_state(f, &vmstate_pci_device, dev, vmstate_pci_device.version_id,
                                 &err);
    if (ret < 0) {
        qemu_file_set_error(f, ret, "%s", error_get_pretty(err));
        error_free(err);
    }
    return ret;
}

/* ---- the "addr" property: "SLOT[.FN]" in hex, or a devfn number ---- */

static JsonNode *get_pci_devfn(Object *obj, ObjectProperty *op, Error **errp)
{
    Property *prop = op->opaque;
    return qom_node_new_int(*(int32_t *)((char *)obj + prop->offset));
}

static bool set_pci_devfn(Object *obj, ObjectProperty *op, JsonNode *node, bool parse,
                          Error **errp)
{
    Property *prop = op->opaque;
    int32_t *ptr = (int32_t *)((char *)obj + prop->offset);
    unsigned slot, fn;
    int n = 0;
    g_autofree char *str = NULL;

    if (JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) != G_TYPE_STRING) {
        int64_t v;
        if (!qom_node_to_int(node, prop->name, false, &v, errp)) {
            return false;
        }
        if (v < -1 || v > 255) {
            error_setg(errp, "Property %s.%s doesn't take value %" PRId64 " (minimum: -1, "
                       "maximum: 255)", object_get_typename(obj), prop->name, v);
            return false;
        }
        *ptr = v;
        return true;
    }
    str = qom_node_to_str(node, prop->name, errp);
    if (!str) {
        return false;
    }
    if (sscanf(str, "%x.%x%n", &slot, &fn, &n) != 2) {
        fn = 0;
        if (sscanf(str, "%x%n", &slot, &n) != 1) {
            goto invalid;
        }
    }
    if (str[n] != '\0' || fn > 7 || slot > 31) {
        goto invalid;
    }
    *ptr = PCI_DEVFN(slot, fn);
    return true;

invalid:
    error_setg(errp, "Property '%s.%s' doesn't take value '%s'", object_get_typename(obj),
               prop->name, str);
    return false;
}

static char *print_pci_devfn(Object *obj, Property *prop)
{
    int32_t v = *(int32_t *)((char *)obj + prop->offset);
    return v == -1 ? g_strdup("<unset>")
                   : g_strdup_printf("%02x.%x", PCI_SLOT(v), PCI_FUNC(v));
}

static void set_default_pci_devfn(Object *obj, Property *prop)
{
    *(int32_t *)((char *)obj + prop->offset) = prop->defval.i;
}

static const PropertyInfo qdev_prop_pci_devfn = {
    .name = "int32",
    .description = "Slot and optional function number, example: 06.0 or 06",
    .get = get_pci_devfn,
    .set = set_pci_devfn,
    .print = print_pci_devfn,
    .set_default_value = set_default_pci_devfn,
};

static Property pci_device_properties[] = {
    DEFINE_PROP_SIGNED("addr", PCIDevice, devfn, -1, qdev_prop_pci_devfn, int32_t),
    DEFINE_PROP_BOOL("multifunction", PCIDevice, multifunction, false),
    DEFINE_PROP_BOOL("x-pcie-extcap-init", PCIDevice, pcie_extcap_init, true),
    DEFINE_PROP_END_OF_LIST(),
};

/* ---- devices ---- */

/* Pick or check the devfn; the messages are QEMU's. */
static bool pci_claim_devfn(PCIBus *bus, PCIDevice *dev, Error **errp)
{
    int devfn = dev->devfn;

    if (devfn < 0) {
        for (devfn = bus->devfn_min; devfn < PCI_DEVFN_MAX; devfn += PCI_FUNC_MAX) {
            if (!bus->devices[devfn]) {
                break;
            }
        }
        if (devfn >= PCI_DEVFN_MAX) {
            error_setg(errp, "PCI: no slot/function available for %s, all in use or reserved",
                       dev->name);
            return false;
        }
    } else if (bus->devices[devfn]) {
        PCIDevice *other = bus->devices[devfn];
        error_setg(errp, "PCI: slot %d function %d not available for %s, in use by %s,id=%s",
                   PCI_SLOT(devfn), PCI_FUNC(devfn), dev->name, other->name,
                   other->qdev.id ? other->qdev.id : "(null)");
        return false;
    }
    /* Function 0 says whether the slot holds more functions. */
    if (PCI_FUNC(devfn)) {
        PCIDevice *f0 = bus->devices[PCI_DEVFN(PCI_SLOT(devfn), 0)];
        if (f0 && !f0->multifunction) {
            error_setg(errp, "PCI: single function device can't be populated in function "
                       "%x.%x", PCI_SLOT(devfn), PCI_FUNC(devfn));
            return false;
        }
    } else if (!dev->multifunction) {
        for (int fn = 1; fn < PCI_FUNC_MAX; fn++) {
            if (bus->devices[devfn + fn]) {
                error_setg(errp, "PCI: %x.0 indicates single function, but %x.%x is already "
                           "populated.", PCI_SLOT(devfn), PCI_SLOT(devfn), fn);
                return false;
            }
        }
    }
    dev->devfn = devfn;
    bus->devices[devfn] = dev;
    return true;
}

static void pci_init_header(PCIDevice *dev)
{
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(dev);
    uint8_t *c = dev->config;

    pci_set_word(c + PCI_VENDOR_ID, pc->vendor_id);
    pci_set_word(c + PCI_DEVICE_ID, pc->device_id);
    c[PCI_REVISION_ID] = pc->revision;
    pci_set_word(c + PCI_CLASS_DEVICE, pc->class_id);
    c[PCI_HEADER_TYPE] = PCI_HEADER_TYPE_NORMAL |
                         (dev->multifunction ? PCI_HEADER_TYPE_MULTI_FUNCTION : 0);
    if (pc->subsystem_vendor_id || pc->subsystem_id) {
        pci_set_word(c + PCI_SUBSYSTEM_VENDOR_ID, pc->subsystem_vendor_id);
        pci_set_word(c + PCI_SUBSYSTEM_ID, pc->subsystem_id);
    }
    /* What must match on migration: the function's identity. */
    pci_set_word(dev->cmask + PCI_VENDOR_ID, 0xffff);
    pci_set_word(dev->cmask + PCI_DEVICE_ID, 0xffff);
    dev->cmask[PCI_STATUS] = PCI_STATUS_CAP_LIST;
    dev->cmask[PCI_REVISION_ID] = 0xff;
    dev->cmask[PCI_CLASS_PROG] = 0xff;
    pci_set_word(dev->cmask + PCI_CLASS_DEVICE, 0xffff);
    dev->cmask[PCI_HEADER_TYPE] = 0xff;
    dev->cmask[PCI_CAPABILITY_LIST] = 0xff;
    pci_set_word(dev->wmask + PCI_COMMAND, PCI_COMMAND_WRITABLE);
    pci_set_word(dev->w1cmask + PCI_STATUS, PCI_STATUS_W1C);
    dev->wmask[PCI_CACHE_LINE_SIZE] = 0xff;
    dev->wmask[PCI_LATENCY_TIMER] = 0xff;
    dev->wmask[PCI_INTERRUPT_LINE] = 0xff;
    memset(dev->used, 1, PCI_CONFIG_HEADER_SIZE);
}

static void pci_qdev_realize(DeviceState *qdev, Error **errp)
{
    PCIDevice *dev = PCI_DEVICE(qdev);
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(dev);
    PCIBus *bus = pci_get_bus(dev);
    Error *err = NULL;

    g_free(dev->name);
    dev->name = g_strdup(object_get_typename(OBJECT(dev)));
    if (!pci_claim_devfn(bus, dev, errp)) {
        return;
    }
    dev->config_size = pc->is_express && pci_bus_is_express(bus) ? PCIE_CONFIG_SPACE_SIZE
                                                                  : PCI_CONFIG_SPACE_SIZE;
    dev->config = g_malloc0(dev->config_size);
    dev->cmask = g_malloc0(dev->config_size);
    dev->wmask = g_malloc0(dev->config_size);
    dev->w1cmask = g_malloc0(dev->config_size);
    dev->used = g_malloc0(dev->config_size);
    for (int i = 0; i < PCI_NUM_REGIONS; i++) {
        dev->io_regions[i].addr = PCI_BAR_UNMAPPED;
    }
    dev->version_id = vmstate_pci_device.version_id;
    pci_init_header(dev);
    if (pc->realize) {
        pc->realize(dev, &err);
        if (err) {
            error_propagate(errp, err);
            bus->devices[dev->devfn] = NULL;
            pci_unmap_all(dev);
            return;
        }
    }
}

static void pci_qdev_unrealize(DeviceState *qdev)
{
    PCIDevice *dev = PCI_DEVICE(qdev);
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(dev);
    PCIBus *bus = pci_get_bus(dev);

    pci_set_irq(dev, 0);
    pci_unmap_all(dev);
    if (pc->exit) {
        pc->exit(dev);
    }
    if (bus->devices[dev->devfn] == dev) {
        bus->devices[dev->devfn] = NULL;
    }
    memset(dev->io_regions, 0, sizeof(dev->io_regions));
    g_clear_pointer(&dev->config, g_free);
    g_clear_pointer(&dev->cmask, g_free);
    g_clear_pointer(&dev->wmask, g_free);
    g_clear_pointer(&dev->w1cmask, g_free);
    g_clear_pointer(&dev->used, g_free);
}

/* What a bus reset does to every function: decode off, BARs back to their flags. */
static void pci_qdev_reset(DeviceState *qdev)
{
    PCIDevice *dev = PCI_DEVICE(qdev);
    PCIDeviceClass *pc = PCI_DEVICE_GET_CLASS(dev);

    if (!dev->config) {
        return;
    }
    pci_set_irq(dev, 0);
    pci_set_word(dev->config + PCI_COMMAND, pci_get_word(dev->config + PCI_COMMAND) &
                 ~PCI_COMMAND_WRITABLE);
    pci_set_word(dev->config + PCI_STATUS, pci_get_word(dev->config + PCI_STATUS) &
                 ~PCI_STATUS_W1C);
    dev->config[PCI_CACHE_LINE_SIZE] = 0;
    dev->config[PCI_LATENCY_TIMER] = 0;
    dev->config[PCI_INTERRUPT_LINE] = 0;
    for (int i = 0; i < PCI_NUM_REGIONS; i++) {
        PCIIORegion *r = &dev->io_regions[i];
        if (!r->size) {
            continue;
        }
        if (bar_is_64bit(r)) {
            pci_set_quad(dev->config + bar_offset(i), r->type);
        } else {
            pci_set_long(dev->config + bar_offset(i), r->type);
        }
    }
    pci_update_mappings(dev);
    msix_reset(dev);
    if (pc->reset) {
        pc->reset(dev);
    }
}

static void pci_device_finalize(Object *obj)
{
    PCIDevice *dev = PCI_DEVICE(obj);
    g_free(dev->name);
    g_free(dev->config);
    g_free(dev->cmask);
    g_free(dev->wmask);
    g_free(dev->w1cmask);
    g_free(dev->used);
}

static void pci_device_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = pci_qdev_realize;
    dc->unrealize = pci_qdev_unrealize;
    dc->reset = pci_qdev_reset;
    dc->bus_type = TYPE_PCI_BUS;
    device_class_set_props(dc, pci_device_properties);
}

PCIDevice *pci_create_simple(PCIBus *bus, int devfn, const char *name)
{
    DeviceState *dev = qdev_new(name);

    qdev_prop_set_int32(dev, "addr", devfn);
    qdev_realize_and_unref(dev, &bus->qbus, &error_fatal);
    return PCI_DEVICE(dev);
}

static const TypeInfo pci_types[] = {
    {
        .name = TYPE_PCI_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(PCIBus),
        .instance_finalize = pci_bus_finalize,
        .class_size = sizeof(PCIBusClass),
        .class_init = pci_bus_class_init,
    },
    {
        .name = TYPE_PCIE_BUS,
        .parent = TYPE_PCI_BUS,
    },
    {
        .name = TYPE_PCI_DEVICE,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(PCIDevice),
        .instance_finalize = pci_device_finalize,
        .class_size = sizeof(PCIDeviceClass),
        .class_init = pci_device_class_init,
        .abstract = true,
    },
};
DEFINE_TYPES(pci_types)
