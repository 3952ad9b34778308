/*
 * Unit tests for the PCI core and the generic PCIe host on the virt board:
 * ECAM config cycles, BAR sizing and mapping, INTx routing to the GIC, the
 * "addr" property, device paths and the device-tree node.
 */
#include "qemu/osdep.h"
#include <check.h>
#include <libfdt.h>
#include "hw/boards.h"
#include "hw/arm/virt.h"
#include "hw/pci/pci.h"
#include "hw/pci-host/gpex.h"
#include "hw/qdev-properties.h"
#include "qemu/option.h"

#define ECAM_BASE 0x3f000000ULL
#define MMIO_BASE 0x10000000ULL
#define PIO_BASE 0x3eff0000ULL
#define MAGIC_MEM 0x5a5a1234u
#define MAGIC_IO 0xa5
#define PCIE_SPI_BASE 3

/* ---- a test-only device: memory BAR 0, I/O BAR 1, 64-bit BAR 2, one capability ---- */

#define TYPE_TEST_PCI_DEV "test-pci-dev"
typedef struct TestPCIDev {
    PCIDevice parent_obj;
    MemoryRegion mmio, io, mmio64;
    uint8_t pin;                   /* "pin" property: 1..4 = INTA..INTD */
    uint32_t last_write;
} TestPCIDev;
#define TEST_PCI_DEV(obj) ((TestPCIDev *)object_dynamic_cast_assert(OBJECT(obj), \
                           TYPE_TEST_PCI_DEV, __FILE__, __LINE__, __func__))

static uint64_t test_mmio_read(void *opaque, hwaddr addr, unsigned size)
{
    return addr == 0 ? MAGIC_MEM : addr;
}

static void test_mmio_write(void *opaque, hwaddr addr, uint64_t val, unsigned size)
{
    ((TestPCIDev *)opaque)->last_write = val;
}

static const MemoryRegionOps test_mmio_ops = {
    .read = test_mmio_read,
    .write = test_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static uint64_t test_io_read(void *opaque, hwaddr addr, unsigned size)
{
    return MAGIC_IO;
}

static const MemoryRegionOps test_io_ops = {
    .read = test_io_read,
    .write = test_mmio_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static void test_pci_dev_realize(PCIDevice *pdev, Error **errp)
{
    TestPCIDev *t = TEST_PCI_DEV(pdev);

    pdev->config[PCI_INTERRUPT_PIN] = t->pin;
    memory_region_init_io(&t->mmio, OBJECT(t), &test_mmio_ops, t, "test-mmio", 0x1000);
    memory_region_init_io(&t->io, OBJECT(t), &test_io_ops, t, "test-io", 0x100);
    memory_region_init_io(&t->mmio64, OBJECT(t), &test_mmio_ops, t, "test-mmio64", 0x100000);
    pci_register_bar(pdev, 0, PCI_BASE_ADDRESS_SPACE_MEMORY, &t->mmio);
    pci_register_bar(pdev, 1, PCI_BASE_ADDRESS_SPACE_IO, &t->io);
    pci_register_bar(pdev, 2, PCI_BASE_ADDRESS_MEM_TYPE_64 | PCI_BASE_ADDRESS_MEM_PREFETCH,
                     &t->mmio64);
    if (pci_add_capability(pdev, PCI_CAP_ID_VNDR, 0, 8, errp) < 0) {
        return;
    }
}

static Property test_pci_dev_props[] = {
    DEFINE_PROP_UINT8("pin", TestPCIDev, pin, 1),
    DEFINE_PROP_END_OF_LIST(),
};

static void test_pci_dev_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);

    dc->user_creatable = true;
    device_class_set_props(dc, test_pci_dev_props);
    pc->realize = test_pci_dev_realize;
    pc->vendor_id = 0x1234;
    pc->device_id = 0x5678;
    pc->revision = 2;
    pc->class_id = 0x0200;
    pc->subsystem_vendor_id = 0x1af4;
    pc->subsystem_id = 0x0042;
}

static const TypeInfo pci_test_types[] = {
    { .name = TYPE_TEST_PCI_DEV, .parent = TYPE_PCI_DEVICE, .instance_size = sizeof(TestPCIDev),
      .class_init = test_pci_dev_class_init },
};
DEFINE_TYPES(pci_test_types)

/* ---- helpers ---- */

static VirtMachineState *start_virt(const char *name)
{
    MachineClass *mc = machine_find_class(name);
    MachineState *ms;

    ck_assert_msg(mc != NULL, "machine %s missing", name);
    ms = machine_create(mc, &error_fatal);
    ck_assert(machine_run_board_init(ms, &error_fatal));
    return VIRT_MACHINE(ms);
}

static DeviceState *try_add_device(const char *str, Error **errp)
{
    QemuOpts *opts = qemu_opts_parse(str, "driver", &error_fatal);
    DeviceState *dev = qdev_device_add(opts, false, errp);
    qemu_opts_del(opts);
    return dev;
}

static DeviceState *add_device(const char *str)
{
    return try_add_device(str, &error_fatal);
}

static hwaddr ecam(int bus, int slot, int fn, int reg)
{
    return ECAM_BASE + ((hwaddr)bus << 20 | slot << 15 | fn << 12 | reg);
}

static uint32_t cfg_read(int slot, int reg)
{
    return address_space_ldl_le(&address_space_memory, ecam(0, slot, 0, reg),
                                MEMTXATTRS_UNSPECIFIED, NULL);
}

static void cfg_write(int slot, int reg, uint32_t val)
{
    address_space_stl_le(&address_space_memory, ecam(0, slot, 0, reg), val,
                         MEMTXATTRS_UNSPECIFIED, NULL);
}

static void cfg_write16(int slot, int reg, uint16_t val)
{
    address_space_stw_le(&address_space_memory, ecam(0, slot, 0, reg), val,
                         MEMTXATTRS_UNSPECIFIED, NULL);
}

static uint32_t mem_read(hwaddr addr, MemTxResult *res)
{
    return address_space_ldl_le(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED, res);
}

/* ---- tests ---- */

START_TEST(test_ecam_shows_host_bridge_at_00_00_0)
{
    start_virt("virt");
    ck_assert_uint_eq(cfg_read(0, PCI_VENDOR_ID), 0x00081b36);
    ck_assert_uint_eq(cfg_read(0, PCI_REVISION_ID), 0x06000000);
    ck_assert_uint_eq(cfg_read(0, PCI_HEADER_TYPE & ~3) >> 16 & 0xff, 0);
    /* Byte and word reads decode too, as Linux's accessors use them. */
    ck_assert_uint_eq(address_space_lduw_le(&address_space_memory, ecam(0, 0, 0, 2),
                                            MEMTXATTRS_UNSPECIFIED, NULL), 0x0008);
    ck_assert_uint_eq(address_space_ldub(&address_space_memory, ecam(0, 0, 0, 0xb),
                                         MEMTXATTRS_UNSPECIFIED, NULL), 0x06);
}
END_TEST

START_TEST(test_absent_functions_read_all_ones)
{
    start_virt("virt");
    ck_assert_uint_eq(cfg_read(5, PCI_VENDOR_ID), 0xffffffff);
    ck_assert_uint_eq(address_space_ldl_le(&address_space_memory, ecam(0, 0, 1, 0),
                                           MEMTXATTRS_UNSPECIFIED, NULL), 0xffffffff);
    ck_assert_uint_eq(address_space_ldl_le(&address_space_memory, ecam(1, 0, 0, 0),
                                           MEMTXATTRS_UNSPECIFIED, NULL), 0xffffffff);
    /* Past the 256-byte space of a conventional function. */
    ck_assert_uint_eq(cfg_read(0, 0x100), 0xffffffff);
    /* Writes to nothing are dropped, not fatal. */
    cfg_write(5, PCI_COMMAND, 0xffff);
    ck_assert_uint_eq(cfg_read(5, PCI_VENDOR_ID), 0xffffffff);
}
END_TEST

START_TEST(test_header_fields_and_masks)
{
    PCIDevice *d;

    start_virt("virt");
    d = PCI_DEVICE(add_device("test-pci-dev,addr=3"));
    ck_assert_uint_eq(cfg_read(3, PCI_VENDOR_ID), 0x56781234);
    ck_assert_uint_eq(cfg_read(3, PCI_REVISION_ID), 0x02000002);
    ck_assert_uint_eq(cfg_read(3, PCI_SUBSYSTEM_VENDOR_ID), 0x00421af4);
    ck_assert_uint_eq(cfg_read(3, PCI_INTERRUPT_LINE) >> 8 & 0xff, 1);
    /* Read-only ids never change. */
    cfg_write(3, PCI_VENDOR_ID, 0);
    ck_assert_uint_eq(cfg_read(3, PCI_VENDOR_ID), 0x56781234);
    /* Interrupt line is the guest's scratch byte; interrupt pin is not writable. */
    cfg_write(3, PCI_INTERRUPT_LINE, 0xffff);
    ck_assert_uint_eq(cfg_read(3, PCI_INTERRUPT_LINE) & 0xffff, 0x01ff);
    /* Only the defined command bits stick. */
    cfg_write16(3, PCI_COMMAND, 0xffff);
    ck_assert_uint_eq(cfg_read(3, PCI_COMMAND) & 0xffff, 0x0547);
    cfg_write16(3, PCI_COMMAND, 0);
    /* Status error bits are write-one-to-clear. */
    d->config[PCI_STATUS + 1] |= (PCI_STATUS_REC_MASTER_ABORT | PCI_STATUS_SIG_TARGET_ABORT) >> 8;
    cfg_write16(3, PCI_STATUS, 0);
    ck_assert_uint_eq(cfg_read(3, PCI_COMMAND) >> 16 & 0x3800, 0x2800);
    cfg_write16(3, PCI_STATUS, PCI_STATUS_REC_MASTER_ABORT);
    ck_assert_uint_eq(cfg_read(3, PCI_COMMAND) >> 16 & 0x3800, 0x0800);
    /* The capability list: status bit, pointer, the entry. */
    ck_assert(cfg_read(3, PCI_COMMAND) >> 16 & PCI_STATUS_CAP_LIST);
    ck_assert_uint_eq(cfg_read(3, PCI_CAPABILITY_LIST) & 0xff, 0x40);
    ck_assert_uint_eq(cfg_read(3, 0x40) & 0xffff, PCI_CAP_ID_VNDR);
    ck_assert_uint_eq(pci_find_capability(d, PCI_CAP_ID_VNDR), 0x40);
    ck_assert_uint_eq(pci_find_capability(d, PCI_CAP_ID_MSIX), 0);
}
END_TEST

START_TEST(test_capability_errors)
{
    PCIDevice *d;
    Error *err = NULL;

    start_virt("virt");
    d = PCI_DEVICE(add_device("test-pci-dev"));
    ck_assert_int_eq(pci_add_capability(d, PCI_CAP_ID_PM, 0x40, 8, &err), -1);
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "overlaps"));
    error_free(err);
    err = NULL;
    ck_assert_int_eq(pci_add_capability(d, PCI_CAP_ID_PM, 0x20, 8, &err), -1);
    error_free(err);
    ck_assert_int_eq(pci_add_capability(d, PCI_CAP_ID_PM, 0, 8, &error_fatal), 0x48);
    ck_assert_uint_eq(d->config[0x49], 0x40);   /* new head links to the old one */
    ck_assert_uint_eq(pci_find_capability(d, PCI_CAP_ID_VNDR), 0x40);
}
END_TEST

START_TEST(test_bar_sizing_reads_back_size_mask)
{
    start_virt("virt");
    add_device("test-pci-dev,addr=3.0");
    ck_assert_uint_eq(cfg_read(3, PCI_BASE_ADDRESS_0), 0);
    ck_assert_uint_eq(cfg_read(3, PCI_BASE_ADDRESS_0 + 4), PCI_BASE_ADDRESS_SPACE_IO);
    ck_assert_uint_eq(cfg_read(3, PCI_BASE_ADDRESS_0 + 8), 0x0c);
    for (int i = 0; i < 6; i++) {
        cfg_write(3, PCI_BASE_ADDRESS_0 + 4 * i, 0xffffffff);
    }
    ck_assert_uint_eq(cfg_read(3, PCI_BASE_ADDRESS_0), 0xfffff000);
    ck_assert_uint_eq(cfg_read(3, PCI_BASE_ADDRESS_0 + 4), 0xffffff01);
    ck_assert_uint_eq(cfg_read(3, PCI_BASE_ADDRESS_0 + 8), 0xfff0000c);
    ck_assert_uint_eq(cfg_read(3, PCI_BASE_ADDRESS_0 + 12), 0xffffffff);
    /* Unimplemented BARs stay zero. */
    ck_assert_uint_eq(cfg_read(3, PCI_BASE_ADDRESS_0 + 16), 0);
    ck_assert_uint_eq(cfg_read(3, PCI_BASE_ADDRESS_0 + 20), 0);
}
END_TEST

START_TEST(test_bars_map_when_decode_enabled)
{
    DeviceState *dev;
    PCIDevice *d;
    MemTxResult res;

    start_virt("virt");
    dev = add_device("test-pci-dev,addr=3.0");
    d = PCI_DEVICE(dev);
    cfg_write(3, PCI_BASE_ADDRESS_0, 0x10100000);
    cfg_write(3, PCI_BASE_ADDRESS_0 + 4, 0x1000);
    cfg_write(3, PCI_BASE_ADDRESS_0 + 8, 0x10200000);
    cfg_write(3, PCI_BASE_ADDRESS_0 + 12, 0);
    /* Programmed but decode off: nothing there (the window answers all ones). */
    ck_assert_uint_eq(mem_read(0x10100000, NULL), 0xffffffff);
    ck_assert_uint_eq(pci_get_bar_addr(d, 0), PCI_BAR_UNMAPPED);

    cfg_write16(3, PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_IO);
    ck_assert_uint_eq(mem_read(0x10100000, &res), MAGIC_MEM);
    ck_assert_uint_eq(res, MEMTX_OK);
    ck_assert_uint_eq(mem_read(0x10100004, NULL), 4);
    ck_assert_uint_eq(mem_read(0x10200000, NULL), MAGIC_MEM);
    ck_assert_uint_eq(address_space_ldub(&address_space_memory, PIO_BASE + 0x1000,
                                         MEMTXATTRS_UNSPECIFIED, NULL), MAGIC_IO);
    address_space_stl_le(&address_space_memory, 0x10100008, 0xfeed, MEMTXATTRS_UNSPECIFIED,
                         NULL);
    ck_assert_uint_eq(((TestPCIDev *)dev)->last_write, 0xfeed);

    /* Reprogramming moves the BAR. */
    cfg_write(3, PCI_BASE_ADDRESS_0, 0x10300000);
    ck_assert_uint_eq(mem_read(0x10100000, NULL), 0xffffffff);
    ck_assert_uint_eq(mem_read(0x10300000, NULL), MAGIC_MEM);
    ck_assert_uint_eq(pci_get_bar_addr(d, 0), 0x10300000);

    /* Memory decode off unmaps memory BARs but not I/O. */
    cfg_write16(3, PCI_COMMAND, PCI_COMMAND_IO);
    ck_assert_uint_eq(mem_read(0x10300000, NULL), 0xffffffff);
    ck_assert_uint_eq(address_space_ldub(&address_space_memory, PIO_BASE + 0x1000,
                                         MEMTXATTRS_UNSPECIFIED, NULL), MAGIC_IO);
    cfg_write16(3, PCI_COMMAND, 0);
    ck_assert_uint_eq(address_space_ldub(&address_space_memory, PIO_BASE + 0x1000,
                                         MEMTXATTRS_UNSPECIFIED, NULL), 0xff);

    /* Reset turns decode off and clears the BARs. */
    cfg_write16(3, PCI_COMMAND, PCI_COMMAND_MEMORY);
    ck_assert_uint_eq(mem_read(0x10300000, NULL), MAGIC_MEM);
    device_cold_reset(dev);
    ck_assert_uint_eq(mem_read(0x10300000, NULL), 0xffffffff);
    ck_assert_uint_eq(cfg_read(3, PCI_BASE_ADDRESS_0), 0);
    ck_assert_uint_eq(cfg_read(3, PCI_COMMAND) & 0xffff, 0);
}
END_TEST

START_TEST(test_unclaimed_window_reads_all_ones)
{
    MemTxResult res;

    start_virt("virt");
    ck_assert_uint_eq(mem_read(0x10400000, &res), 0xffffffff);
    ck_assert_uint_eq(res, MEMTX_OK);
}
END_TEST

START_TEST(test_unmapped_window_faults_on_old_machine)
{
    MemTxResult res;
    VirtMachineState *vms = start_virt("virt-5.2");

    ck_assert(!object_property_get_bool(OBJECT(vms->gpex), "allow-unmapped-accesses",
                                        &error_fatal));
    mem_read(0x10400000, &res);
    ck_assert(res & MEMTX_DECODE_ERROR);
    /* Config space still answers all ones for absent functions. */
    ck_assert_uint_eq(cfg_read(7, 0), 0xffffffff);
}
END_TEST

static int spi_level[256];

static void record_spi(void *opaque, int n, int level)
{
    spi_level[n] = level;
}

static void intercept_pcie_spis(VirtMachineState *vms)
{
    for (int i = 0; i < 4; i++) {
        /* The returned original handler is not needed: drop it. */
        qemu_free_irq(qemu_irq_intercept(qdev_get_gpio_in(vms->gic, PCIE_SPI_BASE + i),
                                         record_spi, NULL));
    }
}

START_TEST(test_intx_reaches_swizzled_gic_input)
{
    VirtMachineState *vms = start_virt("virt");
    PCIDevice *a, *b;

    intercept_pcie_spis(vms);
    a = PCI_DEVICE(add_device("test-pci-dev,addr=3.0"));        /* INTA */
    b = PCI_DEVICE(add_device("test-pci-dev,addr=2.0,pin=2"));  /* INTB */

    /* slot 3, INTA: (3 + 0) % 4 = 3 -> SPI 6. */
    pci_set_irq(a, 1);
    ck_assert_int_eq(spi_level[6], 1);
    ck_assert_int_eq(spi_level[3] | spi_level[4] | spi_level[5], 0);
    ck_assert(cfg_read(3, PCI_COMMAND) >> 16 & PCI_STATUS_INTERRUPT);
    /* INTx disable holds the line low but status still shows the pin. */
    cfg_write16(3, PCI_COMMAND, PCI_COMMAND_INTX_DISABLE);
    ck_assert_int_eq(spi_level[6], 0);
    ck_assert(cfg_read(3, PCI_COMMAND) >> 16 & PCI_STATUS_INTERRUPT);
    cfg_write16(3, PCI_COMMAND, 0);
    ck_assert_int_eq(spi_level[6], 1);
    pci_set_irq(a, 0);
    ck_assert_int_eq(spi_level[6], 0);
    ck_assert(!(cfg_read(3, PCI_COMMAND) >> 16 & PCI_STATUS_INTERRUPT));

    /* slot 2, INTB: (2 + 1) % 4 = 3 -> SPI 6 as well: shared, level is the OR. */
    pci_set_irq(a, 1);
    pci_set_irq(b, 1);
    pci_set_irq(a, 0);
    ck_assert_int_eq(spi_level[6], 1);
    pci_set_irq(b, 0);
    ck_assert_int_eq(spi_level[6], 0);
}
END_TEST

START_TEST(test_intx_pins_of_one_slot_use_all_four_lines)
{
    VirtMachineState *vms = start_virt("virt");
    PCIDevice *d[4];

    intercept_pcie_spis(vms);
    for (int pin = 1; pin <= 4; pin++) {
        g_autofree char *s = g_strdup_printf("test-pci-dev,addr=1.%d,pin=%d,multifunction=%s",
                                             pin - 1, pin, pin == 1 ? "on" : "off");
        d[pin - 1] = PCI_DEVICE(add_device(s));
    }
    for (int pin = 1; pin <= 4; pin++) {
        int spi = PCIE_SPI_BASE + (1 + pin - 1) % 4;
        pci_set_irq(d[pin - 1], 1);
        ck_assert_msg(spi_level[spi] == 1, "slot 1 pin %d -> SPI %d", pin, spi);
        pci_set_irq(d[pin - 1], 0);
        ck_assert_int_eq(spi_level[spi], 0);
    }
}
END_TEST

START_TEST(test_device_path_is_domain_bus_slot_fn)
{
    g_autofree char *p3 = NULL, *p4 = NULL;

    start_virt("virt");
    p3 = qdev_get_dev_path(add_device("test-pci-dev,addr=3.0"));
    ck_assert_str_eq(p3, "0000:00:03.0");
    p4 = qdev_get_dev_path(add_device("test-pci-dev,addr=0x1f.0,multifunction=on"));
    ck_assert_str_eq(p4, "0000:00:1f.0");
}
END_TEST

START_TEST(test_addr_property_parsing)
{
    PCIDevice *d;

    start_virt("virt");
    /* No addr: the first free slot after the host bridge. */
    d = PCI_DEVICE(add_device("test-pci-dev"));
    ck_assert_int_eq(d->devfn, PCI_DEVFN(1, 0));
    d = PCI_DEVICE(add_device("test-pci-dev"));
    ck_assert_int_eq(d->devfn, PCI_DEVFN(2, 0));
    d = PCI_DEVICE(add_device("test-pci-dev,addr=0x10"));
    ck_assert_int_eq(d->devfn, PCI_DEVFN(0x10, 0));
    d = PCI_DEVICE(add_device("test-pci-dev,addr=a"));
    ck_assert_int_eq(d->devfn, PCI_DEVFN(0xa, 0));
    d = PCI_DEVICE(add_device("test-pci-dev,addr=04.0,multifunction=on"));
    ck_assert_int_eq(d->devfn, PCI_DEVFN(4, 0));
    ck_assert_uint_eq(cfg_read(4, PCI_CACHE_LINE_SIZE) >> 16 & 0xff,
                      PCI_HEADER_TYPE_MULTI_FUNCTION);
    d = PCI_DEVICE(add_device("test-pci-dev,addr=4.7"));
    ck_assert_int_eq(d->devfn, PCI_DEVFN(4, 7));
    /* The allocator skipped the slots given explicitly. */
    d = PCI_DEVICE(add_device("test-pci-dev,bus=pcie.0"));
    ck_assert_int_eq(d->devfn, PCI_DEVFN(3, 0));
    ck_assert_int_eq(object_property_get_int(OBJECT(d), "addr", &error_fatal), 0x18);
}
END_TEST

static void expect_add_error(const char *opts, const char *msg)
{
    Error *err = NULL;

    ck_assert_ptr_null(try_add_device(opts, &err));
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(error_get_pretty(err), msg), "%s: got '%s', want '%s'", opts,
                  error_get_pretty(err), msg);
    error_free(err);
}

START_TEST(test_addr_property_errors)
{
    start_virt("virt");
    add_device("test-pci-dev,id=first,addr=3");
    expect_add_error("test-pci-dev,addr=3.0",
                     "PCI: slot 3 function 0 not available for test-pci-dev, "
                     "in use by test-pci-dev,id=first");
    expect_add_error("test-pci-dev,addr=0.0",
                     "PCI: slot 0 function 0 not available for test-pci-dev, "
                     "in use by gpex-root");
    expect_add_error("test-pci-dev,addr=2.8",
                     "Property 'test-pci-dev.addr' doesn't take value '2.8'");
    expect_add_error("test-pci-dev,addr=20", "doesn't take value '20'");
    expect_add_error("test-pci-dev,addr=zz", "doesn't take value 'zz'");
    expect_add_error("test-pci-dev,addr=1.2.3", "doesn't take value '1.2.3'");
    expect_add_error("test-pci-dev,addr=3.1",
                     "PCI: single function device can't be populated in function 3.1");
    add_device("test-pci-dev,addr=5.2");
    expect_add_error("test-pci-dev,addr=5.0",
                     "PCI: 5.0 indicates single function, but 5.2 is already populated.");
    /* A failed device leaves its slot free. */
    add_device("test-pci-dev,addr=6.0");
}
END_TEST

START_TEST(test_device_tree_has_pcie_node)
{
    MachineState *ms = MACHINE(start_virt("virt"));
    void *fdt = ms->fdt;
    int off = fdt_path_offset(fdt, "/pcie@10000000");
    const fdt32_t *p;
    int len;

    ck_assert_int_ge(off, 0);
    ck_assert_str_eq(fdt_getprop(fdt, off, "compatible", NULL), "pci-host-ecam-generic");
    ck_assert_str_eq(fdt_getprop(fdt, off, "device_type", NULL), "pci");
    p = fdt_getprop(fdt, off, "reg", &len);
    ck_assert_int_eq(len, 16);
    ck_assert_uint_eq(fdt32_to_cpu(p[1]), 0x3f000000);
    ck_assert_uint_eq(fdt32_to_cpu(p[3]), 0x01000000);
    p = fdt_getprop(fdt, off, "bus-range", &len);
    ck_assert_int_eq(len, 8);
    ck_assert_uint_eq(fdt32_to_cpu(p[1]), 15);
    p = fdt_getprop(fdt, off, "ranges", &len);
    ck_assert_int_eq(len, 14 * 4);
    ck_assert_uint_eq(fdt32_to_cpu(p[0]), 0x01000000);
    ck_assert_uint_eq(fdt32_to_cpu(p[4]), 0x3eff0000);
    ck_assert_uint_eq(fdt32_to_cpu(p[6]), 0x10000);
    ck_assert_uint_eq(fdt32_to_cpu(p[7]), 0x02000000);
    ck_assert_uint_eq(fdt32_to_cpu(p[9]), 0x10000000);
    ck_assert_uint_eq(fdt32_to_cpu(p[11]), 0x10000000);
    ck_assert_uint_eq(fdt32_to_cpu(p[13]), 0x2eff0000);
    ck_assert_uint_eq(fdt32_to_cpu(*(const fdt32_t *)fdt_getprop(fdt, off, "#address-cells",
                                                                 NULL)), 3);
    ck_assert_uint_eq(fdt32_to_cpu(*(const fdt32_t *)fdt_getprop(fdt, off, "#interrupt-cells",
                                                                 NULL)), 1);
    ck_assert_ptr_nonnull(fdt_getprop(fdt, off, "dma-coherent", NULL));
    p = fdt_getprop(fdt, off, "interrupt-map-mask", &len);
    ck_assert_int_eq(len, 16);
    ck_assert_uint_eq(fdt32_to_cpu(p[0]), 0x1800);
    ck_assert_uint_eq(fdt32_to_cpu(p[3]), 7);
    p = fdt_getprop(fdt, off, "interrupt-map", &len);
    ck_assert_int_eq(len, 16 * 10 * 4);
    /* Every entry: child address, pin, GIC phandle, two unit-address cells, SPI. */
    {
        uint32_t gic = fdt_get_phandle(fdt, fdt_node_offset_by_compatible(fdt, -1,
                                                                          "arm,cortex-a15-gic"));
        for (int slot = 0; slot < 4; slot++) {
            for (int pin = 1; pin <= 4; pin++) {
                const fdt32_t *e = p + (slot * 4 + pin - 1) * 10;
                ck_assert_uint_eq(fdt32_to_cpu(e[0]), slot << 11);
                ck_assert_uint_eq(fdt32_to_cpu(e[3]), pin);
                ck_assert_uint_eq(fdt32_to_cpu(e[4]), gic);
                ck_assert_uint_eq(fdt32_to_cpu(e[5]) | fdt32_to_cpu(e[6]), 0);
                ck_assert_uint_eq(fdt32_to_cpu(e[7]), 0);
                ck_assert_uint_eq(fdt32_to_cpu(e[8]), 3 + (slot + pin - 1) % 4);
                ck_assert_uint_eq(fdt32_to_cpu(e[9]), 4);
            }
        }
    }
}
END_TEST

START_TEST(test_pcie_bus_is_a_pci_bus)
{
    VirtMachineState *vms = start_virt("virt");
    GPEXHost *s = GPEX_HOST(vms->gpex);
    BusState *bus = qbus_find("pcie.0", &error_fatal);

    ck_assert_ptr_eq(bus, &s->bus->qbus);
    ck_assert_str_eq(object_get_typename(OBJECT(bus)), TYPE_PCIE_BUS);
    ck_assert(object_dynamic_cast(OBJECT(bus), TYPE_PCI_BUS));
    ck_assert_str_eq(object_get_typename(OBJECT(s->root)), "gpex-root");
    ck_assert_int_eq(s->root->config_size, PCI_CONFIG_SPACE_SIZE);
}
END_TEST

START_TEST(test_virt_2_8_compat_turns_off_pcie_extcap_init)
{
    DeviceState *dev;

    start_virt("virt-2.8");
    dev = add_device("test-pci-dev");
    ck_assert(!object_property_get_bool(OBJECT(dev), "x-pcie-extcap-init", &error_fatal));
}
END_TEST

START_TEST(test_newer_virt_keeps_pcie_extcap_init)
{
    DeviceState *dev;

    start_virt("virt-2.9");
    dev = add_device("test-pci-dev");
    ck_assert(object_property_get_bool(OBJECT(dev), "x-pcie-extcap-init", &error_fatal));
}
END_TEST

static Suite *pci_suite(void)
{
    Suite *s = suite_create("pci");
    TCase *tc = tcase_create("gpex");

    tcase_add_test(tc, test_ecam_shows_host_bridge_at_00_00_0);
    tcase_add_test(tc, test_absent_functions_read_all_ones);
    tcase_add_test(tc, test_header_fields_and_masks);
    tcase_add_test(tc, test_capability_errors);
    tcase_add_test(tc, test_bar_sizing_reads_back_size_mask);
    tcase_add_test(tc, test_bars_map_when_decode_enabled);
    tcase_add_test(tc, test_unclaimed_window_reads_all_ones);
    tcase_add_test(tc, test_unmapped_window_faults_on_old_machine);
    tcase_add_test(tc, test_intx_reaches_swizzled_gic_input);
    tcase_add_test(tc, test_intx_pins_of_one_slot_use_all_four_lines);
    tcase_add_test(tc, test_device_path_is_domain_bus_slot_fn);
    tcase_add_test(tc, test_addr_property_parsing);
    tcase_add_test(tc, test_addr_property_errors);
    tcase_add_test(tc, test_device_tree_has_pcie_node);
    tcase_add_test(tc, test_pcie_bus_is_a_pci_bus);
    tcase_add_test(tc, test_virt_2_8_compat_turns_off_pcie_extcap_init);
    tcase_add_test(tc, test_newer_virt_keeps_pcie_extcap_init);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(pci_suite());
    int failed;

    memory_init();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
