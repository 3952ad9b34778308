/*
 * Unit tests for MSI-X and the GICv2m frame on the virt board: the
 * capability as the guest finds it through ECAM, table masking and pending
 * bits, delivery through GICv2m to the right SPI, bounds, reset and
 * migration of the table, PBA and PCI config space.
 */
#include "qemu/osdep.h"
#include <check.h>
#include "hw/boards.h"
#include "hw/arm/virt.h"
#include "hw/intc/arm_gicv2m.h"
#include "hw/irq.h"
#include "hw/pci/msix.h"
#include "hw/pci/pci.h"
#include "hw/qdev-properties.h"
#include "migration/qemu-file.h"
#include "qemu/option.h"

#define ECAM_BASE 0x3f000000ULL
#define BAR_ADDR 0x10000000ULL
#define V2M_BASE 0x08020000ULL
#define V2M_SPI_BASE 48
#define NVEC 4
#define SLOT 2

/* ---- a test function with 4 MSI-X vectors in an exclusive BAR 0 ---- */

#define TYPE_TEST_MSIX_DEV "test-msix-dev"
typedef struct TestMSIXDev {
    PCIDevice parent_obj;
    uint32_t vectors;
} TestMSIXDev;

static void test_msix_dev_realize(PCIDevice *pdev, Error **errp)
{
    TestMSIXDev *t = (TestMSIXDev *)pdev;

    pdev->config[PCI_INTERRUPT_PIN] = 1;
    if (msix_init_exclusive_bar(pdev, t->vectors, 0, errp) < 0) {
        return;
    }
    for (unsigned v = 0; v < t->vectors; v++) {
        msix_vector_use(pdev, v);
    }
}

static void test_msix_dev_exit(PCIDevice *pdev)
{
    msix_uninit_exclusive_bar(pdev);
}

static Property test_msix_dev_props[] = {
    DEFINE_PROP_UINT32("vectors", TestMSIXDev, vectors, NVEC),
    DEFINE_PROP_END_OF_LIST(),
};

static void test_msix_dev_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);

    dc->user_creatable = true;
    device_class_set_props(dc, test_msix_dev_props);
    pc->realize = test_msix_dev_realize;
    pc->exit = test_msix_dev_exit;
    pc->vendor_id = 0x1234;
    pc->device_id = 0x0011;
    pc->class_id = 0x0200;
}

static const TypeInfo msix_test_types[] = {
    { .name = TYPE_TEST_MSIX_DEV, .parent = TYPE_PCI_DEVICE,
      .instance_size = sizeof(TestMSIXDev), .class_init = test_msix_dev_class_init },
};
DEFINE_TYPES(msix_test_types)

/* ---- helpers ---- */

static VirtMachineState *vms;
static int spi_edges[64];
static int spi_level[64];

static void record_v2m_spi(void *opaque, int n, int level)
{
    int i = (intptr_t)opaque;
    if (level && !spi_level[i]) {
        spi_edges[i]++;
    }
    spi_level[i] = level;
}

static void start_virt(const char *name, const char *gic)
{
    MachineClass *mc = machine_find_class(name);
    MachineState *ms = machine_create(mc, &error_fatal);

    if (gic) {
        object_property_set_str(OBJECT(ms), "gic-version", gic, &error_fatal);
    }
    ck_assert(machine_run_board_init(ms, &error_fatal));
    vms = VIRT_MACHINE(ms);
    if (vms->gicv2m) {
        for (int i = 0; i < 64; i++) {
            qemu_free_irq(qemu_irq_intercept(qdev_get_gpio_in(vms->gic, V2M_SPI_BASE + i),
                                             record_v2m_spi, (void *)(intptr_t)i));
        }
    }
}

static DeviceState *add_device(const char *str)
{
    QemuOpts *opts = qemu_opts_parse(str, "driver", &error_fatal);
    DeviceState *dev = qdev_device_add(opts, false, &error_fatal);
    qemu_opts_del(opts);
    return dev;
}

static hwaddr ecam(int slot, int reg)
{
    return ECAM_BASE + ((hwaddr)slot << 15 | reg);
}

static uint32_t cfg_read(int reg, int len)
{
    uint64_t v = 0;
    address_space_read(&address_space_memory, ecam(SLOT, reg), MEMTXATTRS_UNSPECIFIED, &v, len);
    return v;
}

static void cfg_write(int reg, uint32_t val, int len)
{
    address_space_write(&address_space_memory, ecam(SLOT, reg), MEMTXATTRS_UNSPECIFIED, &val,
                        len);
}

static uint32_t mem_readl(hwaddr a)
{
    return address_space_ldl_le(&address_space_memory, a, MEMTXATTRS_UNSPECIFIED, NULL);
}

static void mem_writel(hwaddr a, uint32_t v)
{
    address_space_stl_le(&address_space_memory, a, v, MEMTXATTRS_UNSPECIFIED, NULL);
}

/* Walk the capability list as a guest does. */
static int find_cap(uint8_t id)
{
    int guard = 0;
    if (!(cfg_read(PCI_STATUS, 2) & PCI_STATUS_CAP_LIST)) {
        return 0;
    }
    for (int off = cfg_read(PCI_CAPABILITY_LIST, 1); off && guard < 48; guard++) {
        if (cfg_read(off, 1) == id) {
            return off;
        }
        off = cfg_read(off + 1, 1);
    }
    return 0;
}

/* A device at 00:02.0 with BAR 0 at BAR_ADDR, memory decode and bus mastering on. */
static PCIDevice *setup_dev(void)
{
    PCIDevice *d;

    start_virt("virt", NULL);
    d = PCI_DEVICE(add_device("test-msix-dev,addr=2.0"));
    cfg_write(PCI_BASE_ADDRESS_0, BAR_ADDR, 4);
    cfg_write(PCI_COMMAND, PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 2);
    return d;
}

static void program_vector(unsigned v, uint32_t intid)
{
    hwaddr e = BAR_ADDR + v * PCI_MSIX_ENTRY_SIZE;
    mem_writel(e + PCI_MSIX_ENTRY_LOWER_ADDR, V2M_BASE + GICV2M_MSI_SETSPI_NS);
    mem_writel(e + PCI_MSIX_ENTRY_UPPER_ADDR, 0);
    mem_writel(e + PCI_MSIX_ENTRY_DATA, intid);
}

static void set_vector_mask(unsigned v, bool masked)
{
    mem_writel(BAR_ADDR + v * PCI_MSIX_ENTRY_SIZE + PCI_MSIX_ENTRY_VECTOR_CTRL, masked);
}

static void set_control(int cap, uint16_t flags)
{
    cfg_write(cap + PCI_MSIX_FLAGS, flags, 2);
}

static uint32_t pba(void)
{
    return mem_readl(BAR_ADDR + 0x800);
}

/* ---- tests ---- */

START_TEST(test_capability_layout)
{
    int cap;

    setup_dev();
    cap = find_cap(PCI_CAP_ID_MSIX);
    ck_assert_int_ne(cap, 0);
    /* Table size N-1, disabled; table at BAR 0 + 0, PBA at BAR 0 + 2 KiB. */
    ck_assert_uint_eq(cfg_read(cap + PCI_MSIX_FLAGS, 2), NVEC - 1);
    ck_assert_uint_eq(cfg_read(cap + PCI_MSIX_TABLE, 4), 0);
    ck_assert_uint_eq(cfg_read(cap + PCI_MSIX_PBA, 4), 0x800);
    /* Only Enable and Function Mask are writable. */
    set_control(cap, 0xffff);
    ck_assert_uint_eq(cfg_read(cap + PCI_MSIX_FLAGS, 2),
                      PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL | (NVEC - 1));
    cfg_write(cap + PCI_MSIX_TABLE, 0xffffffff, 4);
    ck_assert_uint_eq(cfg_read(cap + PCI_MSIX_TABLE, 4), 0);
    /* BAR 0 sizes as 4 KiB. */
    cfg_write(PCI_BASE_ADDRESS_0, 0xffffffff, 4);
    ck_assert_uint_eq(cfg_read(PCI_BASE_ADDRESS_0, 4), 0xfffff000);
}
END_TEST

START_TEST(test_vectors_start_masked)
{
    setup_dev();
    for (unsigned v = 0; v < NVEC; v++) {
        hwaddr e = BAR_ADDR + v * PCI_MSIX_ENTRY_SIZE;
        ck_assert_uint_eq(mem_readl(e + PCI_MSIX_ENTRY_VECTOR_CTRL), 1);
        ck_assert_uint_eq(mem_readl(e + PCI_MSIX_ENTRY_DATA), 0);
    }
    ck_assert_uint_eq(pba(), 0);
}
END_TEST

START_TEST(test_delivery_through_gicv2m_raises_the_spi)
{
    PCIDevice *d = setup_dev();
    int cap = find_cap(PCI_CAP_ID_MSIX);

    program_vector(1, 32 + V2M_SPI_BASE + 5);
    set_vector_mask(1, false);
    set_control(cap, PCI_MSIX_FLAGS_ENABLE);
    ck_assert(msix_enabled(d));
    msix_notify(d, 1);
    ck_assert_int_eq(spi_edges[5], 1);
    /* A pulse: the line is low again, the GIC latched the edge. */
    ck_assert_int_eq(spi_level[5], 0);
    for (int i = 0; i < 64; i++) {
        if (i != 5) {
            ck_assert_int_eq(spi_edges[i], 0);
        }
    }
    msix_notify(d, 1);
    ck_assert_int_eq(spi_edges[5], 2);
    ck_assert_uint_eq(pba(), 0);
}
END_TEST

START_TEST(test_masked_vector_sets_pending_and_unmask_delivers)
{
    PCIDevice *d = setup_dev();
    int cap = find_cap(PCI_CAP_ID_MSIX);

    program_vector(2, 32 + V2M_SPI_BASE + 7);
    set_control(cap, PCI_MSIX_FLAGS_ENABLE);
    msix_notify(d, 2);
    ck_assert_int_eq(spi_edges[7], 0);
    ck_assert(msix_is_pending(d, 2));
    ck_assert_uint_eq(pba(), 1 << 2);
    set_vector_mask(2, false);
    ck_assert_int_eq(spi_edges[7], 1);
    ck_assert_uint_eq(pba(), 0);
    /* Masking again with nothing pending sends nothing. */
    set_vector_mask(2, true);
    set_vector_mask(2, false);
    ck_assert_int_eq(spi_edges[7], 1);
}
END_TEST

START_TEST(test_function_mask_and_disable_hold_messages)
{
    PCIDevice *d = setup_dev();
    int cap = find_cap(PCI_CAP_ID_MSIX);

    program_vector(0, 32 + V2M_SPI_BASE);
    set_vector_mask(0, false);
    set_control(cap, PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    msix_notify(d, 0);
    ck_assert_int_eq(spi_edges[0], 0);
    ck_assert(msix_is_pending(d, 0));
    set_control(cap, PCI_MSIX_FLAGS_ENABLE);
    ck_assert_int_eq(spi_edges[0], 1);
    ck_assert(!msix_is_pending(d, 0));
    /* Disabled: nothing goes out, the vector pends. */
    set_control(cap, 0);
    ck_assert(msix_is_masked(d, 0));
    msix_notify(d, 0);
    ck_assert_int_eq(spi_edges[0], 1);
    set_control(cap, PCI_MSIX_FLAGS_ENABLE);
    ck_assert_int_eq(spi_edges[0], 2);
}
END_TEST

START_TEST(test_bus_master_off_drops_messages)
{
    PCIDevice *d = setup_dev();
    int cap = find_cap(PCI_CAP_ID_MSIX);

    program_vector(0, 32 + V2M_SPI_BASE + 3);
    set_vector_mask(0, false);
    set_control(cap, PCI_MSIX_FLAGS_ENABLE);
    cfg_write(PCI_COMMAND, PCI_COMMAND_MEMORY, 2);
    msix_notify(d, 0);
    ck_assert_int_eq(spi_edges[3], 0);
}
END_TEST

START_TEST(test_enabling_msix_drops_intx)
{
    PCIDevice *d = setup_dev();
    int cap = find_cap(PCI_CAP_ID_MSIX);

    pci_set_irq(d, 1);
    ck_assert(cfg_read(PCI_STATUS, 2) & PCI_STATUS_INTERRUPT);
    set_control(cap, PCI_MSIX_FLAGS_ENABLE);
    ck_assert(!(cfg_read(PCI_STATUS, 2) & PCI_STATUS_INTERRUPT));
}
END_TEST

START_TEST(test_bounds_are_checked)
{
    PCIDevice *d = setup_dev();
    int cap = find_cap(PCI_CAP_ID_MSIX);

    set_control(cap, PCI_MSIX_FLAGS_ENABLE);
    /* Vectors past the table, and unused vectors, are ignored. */
    msix_notify(d, NVEC);
    msix_notify(d, 0xffff);
    ck_assert_int_eq(msix_vector_use(d, NVEC), -EINVAL);
    msix_vector_unuse(d, 3);
    program_vector(3, 32 + V2M_SPI_BASE + 9);
    set_vector_mask(3, false);
    msix_notify(d, 3);
    ck_assert_int_eq(spi_edges[9], 0);
    ck_assert(!msix_is_pending(d, 3));
    /* Guest writes between the table and the PBA, and to the PBA, change nothing. */
    mem_writel(BAR_ADDR + NVEC * PCI_MSIX_ENTRY_SIZE, 0xdeadbeef);
    mem_writel(BAR_ADDR + 0x800, 0xffffffff);
    ck_assert_uint_eq(pba(), 0);
    ck_assert_uint_eq(mem_readl(BAR_ADDR + 0xffc), 0xffffffff);
    /* Sub-dword table accesses are refused. */
    address_space_stb(&address_space_memory, BAR_ADDR + PCI_MSIX_ENTRY_DATA, 0x55,
                      MEMTXATTRS_UNSPECIFIED, NULL);
    ck_assert_uint_eq(mem_readl(BAR_ADDR + PCI_MSIX_ENTRY_DATA), 0);
}
END_TEST

START_TEST(test_msix_init_rejects_bad_layouts)
{
    PCIDevice *d;
    MemoryRegion small;
    Error *err = NULL;

    d = setup_dev();
    memory_region_init(&small, OBJECT(d), "small", 0x40);
    /* Second capability on the same function: table overlapping PBA. */
    ck_assert_int_lt(msix_init(d, 4, &small, 2, 0, &small, 2, 0x20, 0, &err), 0);
    ck_assert_ptr_nonnull(err);
    error_free(err);
    err = NULL;
    ck_assert_int_lt(msix_init(d, 0, &small, 2, 0, &small, 2, 0x20, 0, &err), 0);
    error_free(err);
    err = NULL;
    ck_assert_int_lt(msix_init(d, 8, &small, 2, 0, &small, 2, 0x38, 0, &err), 0);
    error_free(err);
    memory_region_finalize(&small);
}
END_TEST

START_TEST(test_reset_disables_and_masks)
{
    PCIDevice *d = setup_dev();
    int cap = find_cap(PCI_CAP_ID_MSIX);

    program_vector(0, 32 + V2M_SPI_BASE);
    set_vector_mask(0, false);
    set_control(cap, PCI_MSIX_FLAGS_ENABLE | PCI_MSIX_FLAGS_MASKALL);
    msix_notify(d, 0);
    device_cold_reset(DEVICE(d));
    ck_assert(!msix_enabled(d));
    ck_assert_uint_eq(pci_default_read_config(d, cap + PCI_MSIX_FLAGS, 2), NVEC - 1);
    ck_assert(!msix_is_pending(d, 0));
    ck_assert_uint_eq(d->msix_table[PCI_MSIX_ENTRY_VECTOR_CTRL], 1);
    ck_assert_uint_eq(pci_get_long(d->msix_table + PCI_MSIX_ENTRY_DATA), 0);
}
END_TEST

START_TEST(test_gicv2m_registers)
{
    start_virt("virt", NULL);
    ck_assert_ptr_nonnull(vms->gicv2m);
    ck_assert_uint_eq(mem_readl(V2M_BASE + GICV2M_MSI_TYPER), (32 + 48) << 16 | 64);
    ck_assert_uint_eq(mem_readl(V2M_BASE + GICV2M_MSI_IIDR), 0x51 << 20);
    /* Out of range INTIDs are ignored; in range ones pulse their SPI. */
    mem_writel(V2M_BASE + GICV2M_MSI_SETSPI_NS, 32 + 47);
    mem_writel(V2M_BASE + GICV2M_MSI_SETSPI_NS, 32 + 48 + 64);
    mem_writel(V2M_BASE + GICV2M_MSI_SETSPI_NS, 5);
    for (int i = 0; i < 64; i++) {
        ck_assert_int_eq(spi_edges[i], 0);
    }
    mem_writel(V2M_BASE + GICV2M_MSI_SETSPI_NS, 32 + 48 + 63);
    ck_assert_int_eq(spi_edges[63], 1);
    /* 16-bit MSI data works too. */
    address_space_stw_le(&address_space_memory, V2M_BASE + GICV2M_MSI_SETSPI_NS, 32 + 48,
                         MEMTXATTRS_UNSPECIFIED, NULL);
    ck_assert_int_eq(spi_edges[0], 1);
    /* Writes elsewhere do nothing. */
    mem_writel(V2M_BASE + GICV2M_MSI_TYPER, 0);
    ck_assert_uint_eq(mem_readl(V2M_BASE + GICV2M_MSI_TYPER), (32 + 48) << 16 | 64);
}
END_TEST

START_TEST(test_gicv3_board_has_no_v2m)
{
    start_virt("virt", "3");
    ck_assert_ptr_null(vms->gicv2m);
    ck_assert_uint_eq(mem_readl(V2M_BASE + GICV2M_MSI_TYPER), 0);
}
END_TEST

START_TEST(test_gicv2m_spi_reaches_the_cpu_interface)
{
    /* Without interception: an edge-configured SPI becomes pending in the GIC. */
    MachineClass *mc = machine_find_class("virt");
    MachineState *ms = machine_create(mc, &error_fatal);
    uint32_t intid = 32 + 48 + 2;

    ck_assert(machine_run_board_init(ms, &error_fatal));
    /* GICD_ICFGR: edge for intid; GICD_ISPENDR reads back pending. */
    mem_writel(0x08000000 + 0xc00 + intid / 16 * 4, 2u << (2 * (intid % 16)));
    mem_writel(V2M_BASE + GICV2M_MSI_SETSPI_NS, intid);
    ck_assert(mem_readl(0x08000000 + 0x200 + intid / 32 * 4) & (1u << (intid % 32)));
}
END_TEST

static QEMUFile *roundtrip(QEMUFile *out)
{
    size_t len;
    const uint8_t *data;
    QEMUFile *in;

    qemu_fflush(out);
    data = qemu_file_mem_output_data(out, &len);
    in = qemu_file_new_mem_input(data, len);
    qemu_fclose(out);
    return in;
}

START_TEST(test_table_and_pba_migrate)
{
    PCIDevice *d = setup_dev();
    int cap = find_cap(PCI_CAP_ID_MSIX);
    QEMUFile *f = qemu_file_new_mem_output();
    uint8_t table[NVEC * PCI_MSIX_ENTRY_SIZE];

    program_vector(1, 32 + V2M_SPI_BASE + 4);
    set_control(cap, PCI_MSIX_FLAGS_ENABLE);
    msix_notify(d, 1);                     /* masked: pending */
    pci_device_save(d, f);
    msix_save(d, f);
    memcpy(table, d->msix_table, sizeof(table));

    /* Scramble, then load back: config, table and pending bit return. */
    device_cold_reset(DEVICE(d));
    ck_assert(!msix_enabled(d));
    f = roundtrip(f);
    ck_assert_int_eq(pci_device_load(d, f), 0);
    msix_load(d, f);
    ck_assert_int_eq(qemu_file_get_error(f), 0);
    qemu_fclose(f);
    ck_assert(msix_enabled(d));
    ck_assert(msix_is_pending(d, 1));
    ck_assert_mem_eq(d->msix_table, table, sizeof(table));
    ck_assert_uint_eq(pci_get_bar_addr(d, 0), BAR_ADDR);
    /* The restored vector delivers once unmasked. */
    set_vector_mask(1, false);
    ck_assert_int_eq(spi_edges[4], 1);
}
END_TEST

START_TEST(test_config_of_another_device_is_refused)
{
    PCIDevice *d = setup_dev();
    QEMUFile *f = qemu_file_new_mem_output();
    uint8_t *stream;
    size_t len;
    const uint8_t *data;

    pci_device_save(d, f);
    qemu_fflush(f);
    data = qemu_file_mem_output_data(f, &len);
    /* version word (4 bytes), then config: change the device id. */
    ck_assert_uint_eq(len, 4 + PCI_CONFIG_SPACE_SIZE + 4 * 4);
    stream = g_memdup2(data, len);
    qemu_fclose(f);
    stream[4 + PCI_DEVICE_ID] ^= 1;
    f = qemu_file_new_mem_input(stream, len);
    ck_assert_int_lt(pci_device_load(d, f), 0);
    qemu_fclose(f);
    /* A future format version is refused too. */
    stream[4 + PCI_DEVICE_ID] ^= 1;
    stream[3] = 3;
    f = qemu_file_new_mem_input(stream, len);
    ck_assert_int_lt(pci_device_load(d, f), 0);
    qemu_fclose(f);
    g_free(stream);
}
END_TEST

static Suite *msix_suite(void)
{
    Suite *s = suite_create("msix");
    TCase *tc = tcase_create("msix");

    tcase_add_test(tc, test_capability_layout);
    tcase_add_test(tc, test_vectors_start_masked);
    tcase_add_test(tc, test_delivery_through_gicv2m_raises_the_spi);
    tcase_add_test(tc, test_masked_vector_sets_pending_and_unmask_delivers);
    tcase_add_test(tc, test_function_mask_and_disable_hold_messages);
    tcase_add_test(tc, test_bus_master_off_drops_messages);
    tcase_add_test(tc, test_enabling_msix_drops_intx);
    tcase_add_test(tc, test_bounds_are_checked);
    tcase_add_test(tc, test_msix_init_rejects_bad_layouts);
    tcase_add_test(tc, test_reset_disables_and_masks);
    tcase_add_test(tc, test_gicv2m_registers);
    tcase_add_test(tc, test_gicv3_board_has_no_v2m);
    tcase_add_test(tc, test_gicv2m_spi_reaches_the_cpu_interface);
    tcase_add_test(tc, test_table_and_pba_migrate);
    tcase_add_test(tc, test_config_of_another_device_is_refused);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(msix_suite());
    int failed;

    memory_init();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
