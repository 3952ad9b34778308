/*
 * Unit tests for the virtio-pci transport on the virt board, acting as the
 * guest: enumeration and BAR sizing through ECAM, the modern capability
 * walk, feature negotiation in the common config, a queue round trip with
 * its MSI-X interrupt through GICv2m, the legacy I/O BAR with INTx, reset,
 * bad guest writes, properties, the device path and migration.  The device
 * behind the transport is virtio-test-driver.h's "test-echo".
 */
#include "qemu/osdep.h"
#include "virtio-test-driver.h"
#include "hw/boards.h"
#include "hw/arm/virt.h"
#include "hw/pci/msix.h"
#include "hw/virtio/virtio-pci.h"
#include "qemu/option.h"

#define ECAM_BASE 0x3f000000ULL
#define PIO_BASE 0x3eff0000ULL
#define IO_BAR 0x1000                       /* PCI I/O address of BAR 0 */
#define MSIX_BAR 0x10000000ULL
#define MODERN_BAR 0x10010000ULL
#define V2M_SETSPI 0x08020040ULL
#define V2M_SPI_BASE 48
#define SLOT 2
#define INTX_SPI (3 + (SLOT + 0) % 4)      /* INTA of slot 2 after the swizzle */
#define ECHO_DEV_ID 0x1005                  /* a transitional id for the test proxy */

/* ---- a proxy for test-echo, built like virtio-blk-pci ---- */

#define TYPE_TEST_ECHO_PCI "test-echo-pci"

static void echo_pci_realize(VirtIOPCIProxy *proxy, Error **errp)
{
    virtio_pci_realize_child(proxy, errp);
}

static void echo_pci_instance_init(Object *obj)
{
    virtio_pci_instance_init_child(VIRTIO_PCI(obj), TYPE_TEST_ECHO);
}

static void echo_pci_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    PCIDeviceClass *pc = PCI_DEVICE_CLASS(oc);

    VIRTIO_PCI_CLASS(oc)->realize = echo_pci_realize;
    pc->device_id = ECHO_DEV_ID;
    pc->class_id = PCI_CLASS_OTHERS << 8;
    dc->user_creatable = true;
}

static const TypeInfo echo_pci_types[] = {
    { .name = TYPE_TEST_ECHO_PCI, .parent = TYPE_VIRTIO_PCI,
      .instance_size = sizeof(VirtIOPCIProxy), .instance_init = echo_pci_instance_init,
      .class_init = echo_pci_class_init },
};
DEFINE_TYPES(echo_pci_types)

/* ---- the board and the function ---- */

static VirtMachineState *vms;
static VirtIOPCIProxy *proxy;
static int spi_edges[64];
static int spi_level[64];
static int intx_level;

static void record_v2m_spi(void *opaque, int n, int level)
{
    int i = (intptr_t)opaque;
    if (level && !spi_level[i]) {
        spi_edges[i]++;
    }
    spi_level[i] = level;
}

static void record_intx(void *opaque, int n, int level)
{
    intx_level = level;
}

static void start_virt(const char *name)
{
    MachineState *ms = machine_create(machine_find_class(name), &error_fatal);

    ck_assert(machine_run_board_init(ms, &error_fatal));
    vms = VIRT_MACHINE(ms);
    for (int i = 0; i < 64; i++) {
        qemu_free_irq(qemu_irq_intercept(qdev_get_gpio_in(vms->gic, V2M_SPI_BASE + i),
                                         record_v2m_spi, (void *)(intptr_t)i));
    }
    qemu_free_irq(qemu_irq_intercept(qdev_get_gpio_in(vms->gic, INTX_SPI), record_intx, NULL));
}

static DeviceState *try_add_device(const char *str, Error **errp)
{
    QemuOpts *opts = qemu_opts_parse(str, "driver", &error_fatal);
    DeviceState *dev = qdev_device_add(opts, false, errp);
    qemu_opts_del(opts);
    return dev;
}

static uint32_t cfg_read(int reg, int len)
{
    uint64_t v = 0;
    address_space_read(&address_space_memory, ECAM_BASE + (SLOT << 15) + reg,
                       MEMTXATTRS_UNSPECIFIED, &v, len);
    return v;
}

static void cfg_write(int reg, uint32_t val, int len)
{
    address_space_write(&address_space_memory, ECAM_BASE + (SLOT << 15) + reg,
                        MEMTXATTRS_UNSPECIFIED, &val, len);
}

static uint32_t mem_read(hwaddr a, int len)
{
    uint64_t v = 0;
    address_space_read(&address_space_memory, a, MEMTXATTRS_UNSPECIFIED, &v, len);
    return v;
}

static void mem_write(hwaddr a, uint32_t val, int len)
{
    address_space_write(&address_space_memory, a, MEMTXATTRS_UNSPECIFIED, &val, len);
}

/* Enumerate like firmware: size and place every BAR, then enable decode. */
static void program_bars(void)
{
    cfg_write(PCI_BASE_ADDRESS_0, IO_BAR, 4);
    cfg_write(PCI_BASE_ADDRESS_0 + 4, MSIX_BAR, 4);
    cfg_write(PCI_BASE_ADDRESS_0 + 16, MODERN_BAR, 4);
    cfg_write(PCI_BASE_ADDRESS_0 + 20, 0, 4);
    cfg_write(PCI_COMMAND, PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER, 2);
}

/* virt with the test function at 00:02.0, BARs placed; props appended to -device. */
static void setup(const char *machine, const char *props)
{
    g_autofree char *str = g_strdup_printf("test-echo-pci,addr=2.0%s%s", props ? "," : "",
                                           props ? props : "");
    start_virt(machine);
    proxy = VIRTIO_PCI(try_add_device(str, &error_fatal));
    board.echo = TEST_ECHO(proxy->vdev);
    program_bars();
}

/* Walk the capability list; returns the offset of the nth vendor cap of cfg_type. */
static int find_virtio_cap(uint8_t cfg_type)
{
    int guard = 0;
    for (int off = cfg_read(PCI_CAPABILITY_LIST, 1); off && guard < 48; guard++) {
        if (cfg_read(off, 1) == PCI_CAP_ID_VNDR &&
            cfg_read(off + VIRTIO_PCI_CAP_CFG_TYPE, 1) == cfg_type) {
            return off;
        }
        off = cfg_read(off + 1, 1);
    }
    return 0;
}

static int find_cap(uint8_t id)
{
    int guard = 0;
    for (int off = cfg_read(PCI_CAPABILITY_LIST, 1); off && guard < 48; guard++) {
        if (cfg_read(off, 1) == id) {
            return off;
        }
        off = cfg_read(off + 1, 1);
    }
    return 0;
}

/* Modern registers. */
static uint32_t common_read(int off, int len)
{
    return mem_read(MODERN_BAR + VIRTIO_PCI_COMMON_OFFSET + off, len);
}

static void common_write(int off, uint32_t val, int len)
{
    mem_write(MODERN_BAR + VIRTIO_PCI_COMMON_OFFSET + off, val, len);
}

/* Legacy registers in I/O space. */
static uint32_t io_read(int off, int len)
{
    return mem_read(PIO_BASE + IO_BAR + off, len);
}

static void io_write(int off, uint32_t val, int len)
{
    mem_write(PIO_BASE + IO_BAR + off, val, len);
}

static void program_msix(unsigned v, int spi)
{
    hwaddr e = MSIX_BAR + v * PCI_MSIX_ENTRY_SIZE;
    mem_write(e + PCI_MSIX_ENTRY_LOWER_ADDR, V2M_SETSPI, 4);
    mem_write(e + PCI_MSIX_ENTRY_UPPER_ADDR, 0, 4);
    mem_write(e + PCI_MSIX_ENTRY_DATA, 32 + V2M_SPI_BASE + spi, 4);
    mem_write(e + PCI_MSIX_ENTRY_VECTOR_CTRL, 0, 4);
}

static void enable_msix(void)
{
    int cap = find_cap(PCI_CAP_ID_MSIX);
    ck_assert_int_ne(cap, 0);
    cfg_write(cap + PCI_MSIX_FLAGS, PCI_MSIX_FLAGS_ENABLE, 2);
}

/* The modern driver's bring-up of queue 0; returns false if FEATURES_OK is refused. */
static bool modern_setup(uint64_t features, uint16_t queue_vector)
{
    uint8_t status = VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER;

    common_write(VIRTIO_PCI_COMMON_STATUS, 0, 1);
    common_write(VIRTIO_PCI_COMMON_STATUS, status, 1);
    common_write(VIRTIO_PCI_COMMON_GFSELECT, 0, 4);
    common_write(VIRTIO_PCI_COMMON_GF, (uint32_t)features, 4);
    common_write(VIRTIO_PCI_COMMON_GFSELECT, 1, 4);
    common_write(VIRTIO_PCI_COMMON_GF, features >> 32, 4);
    common_write(VIRTIO_PCI_COMMON_STATUS, status | VIRTIO_CONFIG_S_FEATURES_OK, 1);
    if (!(common_read(VIRTIO_PCI_COMMON_STATUS, 1) & VIRTIO_CONFIG_S_FEATURES_OK)) {
        return false;
    }
    status |= VIRTIO_CONFIG_S_FEATURES_OK;
    common_write(VIRTIO_PCI_COMMON_Q_SELECT, 0, 2);
    tq = (TestQueue){ .num = ECHO_QUEUE_SIZE };
    tq.desc = RING_BASE;
    tq.avail = RING_BASE + 0x1000;
    tq.used = RING_BASE + 0x2000;
    {
        g_autofree uint8_t *zero = g_malloc0(0x3000);
        gwrite(RING_BASE, zero, 0x3000);
    }
    common_write(VIRTIO_PCI_COMMON_Q_SIZE, tq.num, 2);
    common_write(VIRTIO_PCI_COMMON_Q_DESCLO, (uint32_t)tq.desc, 4);
    common_write(VIRTIO_PCI_COMMON_Q_DESCHI, tq.desc >> 32, 4);
    common_write(VIRTIO_PCI_COMMON_Q_AVAILLO, (uint32_t)tq.avail, 4);
    common_write(VIRTIO_PCI_COMMON_Q_AVAILHI, tq.avail >> 32, 4);
    common_write(VIRTIO_PCI_COMMON_Q_USEDLO, (uint32_t)tq.used, 4);
    common_write(VIRTIO_PCI_COMMON_Q_USEDHI, tq.used >> 32, 4);
    common_write(VIRTIO_PCI_COMMON_Q_MSIX, queue_vector, 2);
    common_write(VIRTIO_PCI_COMMON_Q_ENABLE, 1, 2);
    common_write(VIRTIO_PCI_COMMON_STATUS, status | VIRTIO_CONFIG_S_DRIVER_OK, 1);
    return true;
}

static void modern_kick(int queue)
{
    uint32_t noff, mult;
    int cap = find_virtio_cap(VIRTIO_PCI_CAP_NOTIFY_CFG);

    common_write(VIRTIO_PCI_COMMON_Q_SELECT, queue, 2);
    noff = common_read(VIRTIO_PCI_COMMON_Q_NOFF, 2);
    mult = cfg_read(cap + VIRTIO_PCI_NOTIFY_CAP_MULT, 4);
    mem_write(MODERN_BAR + cfg_read(cap + VIRTIO_PCI_CAP_OFFSET, 4) + noff * mult, queue, 2);
}

/* Legacy driver bring-up of queue 0 through the I/O BAR. */
static void legacy_setup(uint32_t features)
{
    io_write(VIRTIO_PCI_STATUS, 0, 1);
    io_write(VIRTIO_PCI_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER, 1);
    io_write(VIRTIO_PCI_GUEST_FEATURES, features, 4);
    io_write(VIRTIO_PCI_QUEUE_SEL, 0, 2);
    tq = (TestQueue){ .num = io_read(VIRTIO_PCI_QUEUE_NUM, 2) };
    ck_assert_uint_eq(tq.num, ECHO_QUEUE_SIZE);
    tq.desc = RING_BASE;
    tq.avail = tq.desc + 16 * tq.num;
    tq.used = QEMU_ALIGN_UP(tq.avail + 6 + 2 * tq.num, VIRTIO_PCI_VRING_ALIGN);
    {
        g_autofree uint8_t *zero = g_malloc0(0x3000);
        gwrite(RING_BASE, zero, 0x3000);
    }
    io_write(VIRTIO_PCI_QUEUE_PFN, tq.desc >> VIRTIO_PCI_QUEUE_ADDR_SHIFT, 4);
    io_write(VIRTIO_PCI_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
             VIRTIO_CONFIG_S_DRIVER_OK, 1);
}

/* ---- tests ---- */

START_TEST(test_enumerates_as_transitional_function)
{
    setup("virt", NULL);
    ck_assert_uint_eq(cfg_read(PCI_VENDOR_ID, 2), PCI_VENDOR_ID_REDHAT_QUMRANET);
    ck_assert_uint_eq(cfg_read(PCI_DEVICE_ID, 2), ECHO_DEV_ID);
    ck_assert_uint_eq(cfg_read(PCI_REVISION_ID, 1), 0);
    ck_assert_uint_eq(cfg_read(PCI_SUBSYSTEM_VENDOR_ID, 2), PCI_VENDOR_ID_REDHAT_QUMRANET);
    ck_assert_uint_eq(cfg_read(PCI_SUBSYSTEM_ID, 2), VIRTIO_ID_TEST);
    ck_assert_uint_eq(cfg_read(PCI_INTERRUPT_PIN, 1), 1);
    ck_assert(cfg_read(PCI_STATUS, 2) & PCI_STATUS_CAP_LIST);
}
END_TEST

START_TEST(test_modern_only_ids)
{
    setup("virt", "disable-legacy=on");
    ck_assert_uint_eq(cfg_read(PCI_DEVICE_ID, 2), PCI_DEVICE_ID_VIRTIO_10_BASE + VIRTIO_ID_TEST);
    ck_assert_uint_eq(cfg_read(PCI_REVISION_ID, 1), 1);
    ck_assert_uint_eq(cfg_read(PCI_SUBSYSTEM_ID, 2), PCI_SUBDEVICE_ID_QEMU);
    /* No I/O BAR. */
    cfg_write(PCI_BASE_ADDRESS_0, 0xffffffff, 4);
    ck_assert_uint_eq(cfg_read(PCI_BASE_ADDRESS_0, 4), 0);
}
END_TEST

START_TEST(test_bar_sizing)
{
    setup("virt", NULL);
    cfg_write(PCI_COMMAND, 0, 2);
    for (int i = 0; i < 6; i++) {
        cfg_write(PCI_BASE_ADDRESS_0 + 4 * i, 0xffffffff, 4);
    }
    /* I/O: 24-byte header with MSI-X + 8 bytes of config -> 32 bytes. */
    ck_assert_uint_eq(cfg_read(PCI_BASE_ADDRESS_0, 4), 0xffffffe1);
    ck_assert_uint_eq(cfg_read(PCI_BASE_ADDRESS_0 + 4, 4), 0xfffff000);
    ck_assert_uint_eq(cfg_read(PCI_BASE_ADDRESS_0 + 8, 4), 0);
    /* 64-bit prefetchable 16 KiB. */
    ck_assert_uint_eq(cfg_read(PCI_BASE_ADDRESS_0 + 16, 4), 0xffffc00c);
    ck_assert_uint_eq(cfg_read(PCI_BASE_ADDRESS_0 + 20, 4), 0xffffffff);
}
END_TEST

START_TEST(test_modern_capabilities)
{
    static const struct { uint8_t type; uint32_t offset; } want[] = {
        { VIRTIO_PCI_CAP_COMMON_CFG, 0x0 }, { VIRTIO_PCI_CAP_ISR_CFG, 0x1000 },
        { VIRTIO_PCI_CAP_DEVICE_CFG, 0x2000 }, { VIRTIO_PCI_CAP_NOTIFY_CFG, 0x3000 },
    };
    int cap;

    setup("virt", NULL);
    for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
        cap = find_virtio_cap(want[i].type);
        ck_assert_int_ne(cap, 0);
        ck_assert_uint_eq(cfg_read(cap + VIRTIO_PCI_CAP_BAR, 1), VIRTIO_PCI_MODERN_MEM_BAR);
        ck_assert_uint_eq(cfg_read(cap + VIRTIO_PCI_CAP_OFFSET, 4), want[i].offset);
        ck_assert_uint_eq(cfg_read(cap + VIRTIO_PCI_CAP_LENGTH, 4), 0x1000);
    }
    cap = find_virtio_cap(VIRTIO_PCI_CAP_NOTIFY_CFG);
    ck_assert_uint_eq(cfg_read(cap + 2, 1), VIRTIO_PCI_NOTIFY_CAP_SIZE);
    ck_assert_uint_eq(cfg_read(cap + VIRTIO_PCI_NOTIFY_CAP_MULT, 4), 4);
    ck_assert_int_ne(find_virtio_cap(VIRTIO_PCI_CAP_PCI_CFG), 0);
    cap = find_cap(PCI_CAP_ID_MSIX);
    ck_assert_int_ne(cap, 0);
    /* One vector for the queue, one for config (test-echo's default). */
    ck_assert_uint_eq(cfg_read(cap + PCI_MSIX_FLAGS, 2), 1);
    ck_assert_uint_eq(cfg_read(cap + PCI_MSIX_TABLE, 4), VIRTIO_PCI_MSIX_BAR);
}
END_TEST

START_TEST(test_common_cfg_negotiation)
{
    setup("virt", NULL);
    common_write(VIRTIO_PCI_COMMON_DFSELECT, 1, 4);
    ck_assert(common_read(VIRTIO_PCI_COMMON_DF, 4) & 1);      /* VERSION_1 (bit 32) */
    common_write(VIRTIO_PCI_COMMON_DFSELECT, 0, 4);
    ck_assert(common_read(VIRTIO_PCI_COMMON_DF, 4) & F(ECHO_FEATURE_X));
    common_write(VIRTIO_PCI_COMMON_DFSELECT, 7, 4);
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_DF, 4), 0);
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_NUMQ, 2), 1);
    ck_assert(modern_setup(MODERN_FEATURES, 1));
    ck_assert(virtio_vdev_has_feature(board_vdev(), VIRTIO_F_VERSION_1));
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_Q_SIZE, 2), ECHO_QUEUE_SIZE);
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_Q_ENABLE, 2), 1);
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_Q_DESCLO, 4), (uint32_t)RING_BASE);
    common_write(VIRTIO_PCI_COMMON_GFSELECT, 1, 4);
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_GF, 4), 1);
    /* Device config through the device block, little-endian. */
    board.echo->value = 0x11223344;
    ck_assert_uint_eq(mem_read(MODERN_BAR + VIRTIO_PCI_DEVICE_OFFSET, 4), 0x11223344);
    mem_write(MODERN_BAR + VIRTIO_PCI_DEVICE_OFFSET, 0xcafe, 4);
    ck_assert_uint_eq(board.echo->value, 0xcafe);
}
END_TEST

START_TEST(test_queue_round_trip_with_msix)
{
    setup("virt", NULL);
    program_msix(0, 10);
    program_msix(1, 11);
    enable_msix();
    ck_assert(modern_setup(MODERN_FEATURES, 1));
    common_write(VIRTIO_PCI_COMMON_MSIX, 0, 2);
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_MSIX, 2), 0);
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_Q_MSIX, 2), 1);
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 16, 3);
    modern_kick(0);
    ck_assert_uint_eq(used_idx(), 1);
    check_echo(BUF_BASE + 0x1000, 16, 3);
    ck_assert_int_eq(spi_edges[11], 1);
    ck_assert_int_eq(spi_edges[10], 0);
    ck_assert_int_eq(intx_level, 0);
    /* A config change goes to the config vector. */
    virtio_notify_config(board_vdev());
    ck_assert_int_eq(spi_edges[10], 1);
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_CFGGENERATION, 1), 1);
}
END_TEST

START_TEST(test_vectors_out_of_range_read_no_vector)
{
    setup("virt", NULL);
    enable_msix();
    common_write(VIRTIO_PCI_COMMON_MSIX, 2, 2);
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_MSIX, 2), VIRTIO_NO_VECTOR);
    common_write(VIRTIO_PCI_COMMON_Q_SELECT, 0, 2);
    common_write(VIRTIO_PCI_COMMON_Q_MSIX, 0x7fff, 2);
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_Q_MSIX, 2), VIRTIO_NO_VECTOR);
    common_write(VIRTIO_PCI_COMMON_Q_MSIX, 1, 2);
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_Q_MSIX, 2), 1);
}
END_TEST

START_TEST(test_no_msix_with_vectors_0)
{
    setup("virt", "vectors=0");
    ck_assert_int_eq(find_cap(PCI_CAP_ID_MSIX), 0);
    common_write(VIRTIO_PCI_COMMON_MSIX, 0, 2);
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_MSIX, 2), VIRTIO_NO_VECTOR);
    /* Without MSI-X the legacy device config starts at 20. */
    board.echo->value = 0xa1b2c3d4;
    ck_assert_uint_eq(io_read(20, 4), 0xa1b2c3d4);
}
END_TEST

START_TEST(test_legacy_path_with_intx)
{
    setup("virt", NULL);
    ck_assert(io_read(VIRTIO_PCI_HOST_FEATURES, 4) & F(ECHO_FEATURE_X));
    legacy_setup(F(ECHO_FEATURE_X));
    ck_assert_uint_eq(io_read(VIRTIO_PCI_GUEST_FEATURES, 4), F(ECHO_FEATURE_X));
    ck_assert_uint_eq(io_read(VIRTIO_PCI_QUEUE_PFN, 4), RING_BASE >> 12);
    ck_assert(!virtio_vdev_has_feature(board_vdev(), VIRTIO_F_VERSION_1));
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 5);
    io_write(VIRTIO_PCI_QUEUE_NOTIFY, 0, 2);
    ck_assert_uint_eq(used_idx(), 1);
    check_echo(BUF_BASE + 0x1000, 8, 5);
    ck_assert_int_eq(intx_level, 1);
    ck_assert(cfg_read(PCI_STATUS, 2) & PCI_STATUS_INTERRUPT);
    /* Reading the ISR acknowledges it and drops the line. */
    ck_assert_uint_eq(io_read(VIRTIO_PCI_ISR, 1), VIRTIO_ISR_QUEUE);
    ck_assert_int_eq(intx_level, 0);
    ck_assert_uint_eq(io_read(VIRTIO_PCI_ISR, 1), 0);
    /* Legacy device config follows the 24-byte header (MSI-X present, disabled: 20). */
    board.echo->value = 0x01020304;
    ck_assert_uint_eq(io_read(20, 4), 0x01020304);
    ck_assert_uint_eq(io_read(20, 1), 0x04);
}
END_TEST

START_TEST(test_legacy_msix_vector_registers)
{
    setup("virt", NULL);
    program_msix(1, 20);
    enable_msix();
    legacy_setup(0);
    io_write(VIRTIO_MSI_QUEUE_VECTOR, 1, 2);
    ck_assert_uint_eq(io_read(VIRTIO_MSI_QUEUE_VECTOR, 2), 1);
    io_write(VIRTIO_MSI_CONFIG_VECTOR, 9, 2);
    ck_assert_uint_eq(io_read(VIRTIO_MSI_CONFIG_VECTOR, 2), VIRTIO_NO_VECTOR);
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 1);
    io_write(VIRTIO_PCI_QUEUE_NOTIFY, 0, 2);
    ck_assert_int_eq(spi_edges[20], 1);
    ck_assert_int_eq(intx_level, 0);
    /* With MSI-X on, device config moves to offset 24. */
    board.echo->value = 0x55667788;
    ck_assert_uint_eq(io_read(24, 4), 0x55667788);
}
END_TEST

START_TEST(test_reset_clears_transport_state)
{
    setup("virt", NULL);
    enable_msix();
    ck_assert(modern_setup(MODERN_FEATURES, 1));
    common_write(VIRTIO_PCI_COMMON_STATUS, 0, 1);
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_STATUS, 1), 0);
    common_write(VIRTIO_PCI_COMMON_Q_SELECT, 0, 2);
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_Q_ENABLE, 2), 0);
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_Q_DESCLO, 4), 0);
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_Q_MSIX, 2), VIRTIO_NO_VECTOR);
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_MSIX, 2), VIRTIO_NO_VECTOR);
    /* A legacy PFN write of 0 resets too. */
    legacy_setup(0);
    io_write(VIRTIO_PCI_QUEUE_PFN, 0, 4);
    ck_assert_uint_eq(io_read(VIRTIO_PCI_STATUS, 1), 0);
    /* A bus reset puts the function back: BARs unprogrammed, device reset. */
    legacy_setup(0);
    device_cold_reset(DEVICE(proxy));
    ck_assert_uint_eq(board_vdev()->status, 0);
    ck_assert_uint_eq(cfg_read(PCI_COMMAND, 2), 0);
}
END_TEST

START_TEST(test_bad_writes_do_not_crash)
{
    int cfgcap;

    setup("virt", NULL);
    common_write(VIRTIO_PCI_COMMON_Q_SELECT, 5000, 2);
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_Q_SELECT, 2), 0);
    common_write(VIRTIO_PCI_COMMON_Q_SELECT, VIRTIO_QUEUE_MAX - 1, 2);
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_Q_SIZE, 2), 0);
    common_write(VIRTIO_PCI_COMMON_Q_SIZE, 0xffff, 2);
    common_write(VIRTIO_PCI_COMMON_Q_ENABLE, 1, 2);
    common_write(VIRTIO_PCI_COMMON_Q_ENABLE, 7, 2);
    common_write(VIRTIO_PCI_COMMON_NUMQ, 99, 2);
    common_write(0x7ff, 0xff, 1);
    common_write(VIRTIO_PCI_COMMON_Q_RESET, 1, 2);
    /* Notifies for queues that do not exist, or past the notify block. */
    mem_write(MODERN_BAR + VIRTIO_PCI_NOTIFY_OFFSET + 4 * (VIRTIO_QUEUE_MAX - 1), 0, 2);
    mem_write(MODERN_BAR + VIRTIO_PCI_NOTIFY_OFFSET + 0xffc, 0, 4);
    io_write(VIRTIO_PCI_QUEUE_NOTIFY, 0xffff, 2);
    io_write(VIRTIO_PCI_QUEUE_SEL, 0xffff, 2);
    io_write(VIRTIO_PCI_HOST_FEATURES, 0xffffffff, 4);
    io_write(VIRTIO_PCI_QUEUE_PFN, 0xffffffff, 4);
    /* Device config past its end. */
    ck_assert_uint_eq(io_read(20 + 8, 4) != 0x12345678, 1);
    mem_write(MODERN_BAR + VIRTIO_PCI_DEVICE_OFFSET + 0xff0, 1, 4);
    /* The PCI config window with every odd length and offset. */
    cfgcap = find_virtio_cap(VIRTIO_PCI_CAP_PCI_CFG);
    ck_assert_int_ne(cfgcap, 0);
    for (uint32_t len = 0; len < 9; len++) {
        cfg_write(cfgcap + VIRTIO_PCI_CAP_LENGTH, len, 4);
        cfg_write(cfgcap + VIRTIO_PCI_CAP_OFFSET, 0x3ffe, 4);
        cfg_write(cfgcap + VIRTIO_PCI_CFG_CAP_DATA, 0xffffffff, 4);
        cfg_read(cfgcap + VIRTIO_PCI_CFG_CAP_DATA, 4);
        cfg_write(cfgcap + VIRTIO_PCI_CAP_OFFSET, 0xffffffff, 4);
        cfg_write(cfgcap + VIRTIO_PCI_CFG_CAP_DATA, 0, 4);
    }
    /* The device still works afterwards. */
    ck_assert(modern_setup(MODERN_FEATURES, VIRTIO_NO_VECTOR));
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 4, 8);
    modern_kick(0);
    ck_assert_uint_eq(used_idx(), 1);
}
END_TEST

START_TEST(test_pci_cfg_window_reaches_common_config)
{
    int cap;

    setup("virt", NULL);
    cap = find_virtio_cap(VIRTIO_PCI_CAP_PCI_CFG);
    cfg_write(cap + VIRTIO_PCI_CAP_BAR, VIRTIO_PCI_MODERN_MEM_BAR, 1);
    cfg_write(cap + VIRTIO_PCI_CAP_OFFSET, VIRTIO_PCI_COMMON_DFSELECT, 4);
    cfg_write(cap + VIRTIO_PCI_CAP_LENGTH, 4, 4);
    cfg_write(cap + VIRTIO_PCI_CFG_CAP_DATA, 1, 4);
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_DFSELECT, 4), 1);
    cfg_write(cap + VIRTIO_PCI_CAP_OFFSET, VIRTIO_PCI_COMMON_DF, 4);
    ck_assert_uint_eq(cfg_read(cap + VIRTIO_PCI_CFG_CAP_DATA, 4) & 1, 1);
}
END_TEST

START_TEST(test_device_path_and_bus)
{
    g_autofree char *path = NULL;

    setup("virt", NULL);
    path = qdev_get_dev_path(DEVICE(board.echo));
    ck_assert_str_eq(path, "0000:00:02.0");
    ck_assert_str_eq(DEVICE(board.echo)->parent_bus->name, "virtio-bus");
    ck_assert(object_dynamic_cast(OBJECT(DEVICE(board.echo)->parent_bus),
                                  TYPE_VIRTIO_PCI_BUS));
}
END_TEST

START_TEST(test_neither_legacy_nor_modern_is_an_error)
{
    Error *err = NULL;

    start_virt("virt");
    ck_assert_ptr_null(try_add_device("test-echo-pci,disable-legacy=on,disable-modern=on",
                                      &err));
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "neither modern nor legacy"));
    error_free(err);
}
END_TEST

START_TEST(test_properties_forward_to_the_device)
{
    setup("virt", "indirect_desc=off");
    ck_assert(!virtio_host_has_feature(board_vdev(), VIRTIO_RING_F_INDIRECT_DESC));
    ck_assert(!object_property_get_bool(OBJECT(proxy), "indirect_desc", &error_fatal));
    ck_assert(!object_property_get_bool(OBJECT(board.echo), "indirect_desc", &error_fatal));
}
END_TEST

START_TEST(test_virt_2_6_is_legacy_only)
{
    setup("virt-2.6", NULL);
    ck_assert(!virtio_pci_modern(proxy));
    ck_assert_int_eq(find_virtio_cap(VIRTIO_PCI_CAP_COMMON_CFG), 0);
    ck_assert(!(io_read(VIRTIO_PCI_HOST_FEATURES, 4) & 0));
}
END_TEST

START_TEST(test_page_per_vq_layout)
{
    int cap;

    setup("virt-2.7", NULL);
    cap = find_virtio_cap(VIRTIO_PCI_CAP_NOTIFY_CFG);
    ck_assert_uint_eq(cfg_read(cap + VIRTIO_PCI_NOTIFY_CAP_MULT, 4), 0x1000);
    cfg_write(PCI_BASE_ADDRESS_0 + 16, 0xffffffff, 4);
    ck_assert_uint_eq(cfg_read(PCI_BASE_ADDRESS_0 + 16, 4), 0xff80000c);
}
END_TEST

START_TEST(test_compat_property_names_exist)
{
    static const char *const props[] = {
        "x-ats-page-aligned", "x-pcie-flr-init", "x-pcie-deverr-init", "x-pcie-lnkctl-init",
        "x-pcie-pm-init", "page-per-vq", "x-ignore-backend-features", "disable-modern",
        "disable-legacy", "vectors", "ioeventfd", "migrate-extra", "modern-pio-notify",
        "x-disable-pcie", "addr", "multifunction",
    };
    ObjectClass *oc = object_class_by_name(TYPE_VIRTIO_PCI);

    for (size_t i = 0; i < ARRAY_SIZE(props); i++) {
        ck_assert_msg(object_class_property_find(oc, props[i]), "missing %s", props[i]);
    }
}
END_TEST

static uint8_t *save(size_t *len)
{
    QEMUFile *f = qemu_file_new_mem_output();
    const uint8_t *data;
    uint8_t *copy;
    Error *err = NULL;

    ck_assert_int_eq(vmstate_save_state(f, &vmstate_echo, board.echo, NULL, &err), 0);
    qemu_fflush(f);
    data = qemu_file_mem_output_data(f, len);
    copy = g_memdup2(data, *len);
    qemu_fclose(f);
    return copy;
}

static int load(const uint8_t *data, size_t len)
{
    QEMUFile *f = qemu_file_new_mem_input(data, len);
    Error *err = NULL;
    int ret = vmstate_load_state(f, &vmstate_echo, board.echo, 1, &err);

    error_free(err);
    qemu_fclose(f);
    return ret;
}

START_TEST(test_migration_round_trip)
{
    g_autofree uint8_t *data = NULL;
    size_t len;
    TestQueue saved;

    setup("virt", NULL);
    program_msix(1, 30);
    enable_msix();
    ck_assert(modern_setup(MODERN_FEATURES, 1));
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 2);
    modern_kick(0);
    data = save(&len);
    saved = tq;

    /* Lose everything, as a fresh destination would have it. */
    device_cold_reset(DEVICE(proxy));
    ck_assert(!msix_enabled(&proxy->pci_dev));
    ck_assert_int_eq(load(data, len), 0);
    tq = saved;
    ck_assert(msix_enabled(&proxy->pci_dev));
    ck_assert_uint_eq(pci_get_bar_addr(&proxy->pci_dev, VIRTIO_PCI_MODERN_MEM_BAR), MODERN_BAR);
    common_write(VIRTIO_PCI_COMMON_Q_SELECT, 0, 2);
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_Q_ENABLE, 2), 1);
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_Q_MSIX, 2), 1);
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_Q_DESCLO, 4), (uint32_t)RING_BASE);
    common_write(VIRTIO_PCI_COMMON_GFSELECT, 1, 4);
    ck_assert_uint_eq(common_read(VIRTIO_PCI_COMMON_GF, 4), 1);
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 4);
    modern_kick(0);
    ck_assert_uint_eq(used_idx(), 2);
    check_echo(BUF_BASE + 0x1000, 8, 4);
    ck_assert_int_eq(spi_edges[30], 2);
}
END_TEST

START_TEST(test_migration_rejects_bad_vectors)
{
    g_autofree uint8_t *data = NULL;
    size_t len;
    size_t cfg_vec;

    setup("virt", NULL);
    enable_msix();
    common_write(VIRTIO_PCI_COMMON_MSIX, 1, 2);
    data = save(&len);
    /*
     * The transport's config comes first: PCIDevice (4 + 256 + 16 bytes),
     * the MSI-X table (2 * 16) and PBA (1), then the config vector.
     */
    cfg_vec = 4 + 256 + 16 + 32 + 1;
    ck_assert_uint_eq(data[cfg_vec] << 8 | data[cfg_vec + 1], 1);
    data[cfg_vec + 1] = 7;
    ck_assert_int_lt(load(data, len), 0);
}
END_TEST

static Suite *virtio_pci_suite(void)
{
    Suite *s = suite_create("virtio-pci");
    TCase *tc = tcase_create("virtio-pci");

    tcase_add_test(tc, test_enumerates_as_transitional_function);
    tcase_add_test(tc, test_modern_only_ids);
    tcase_add_test(tc, test_bar_sizing);
    tcase_add_test(tc, test_modern_capabilities);
    tcase_add_test(tc, test_common_cfg_negotiation);
    tcase_add_test(tc, test_queue_round_trip_with_msix);
    tcase_add_test(tc, test_vectors_out_of_range_read_no_vector);
    tcase_add_test(tc, test_no_msix_with_vectors_0);
    tcase_add_test(tc, test_legacy_path_with_intx);
    tcase_add_test(tc, test_legacy_msix_vector_registers);
    tcase_add_test(tc, test_reset_clears_transport_state);
    tcase_add_test(tc, test_bad_writes_do_not_crash);
    tcase_add_test(tc, test_pci_cfg_window_reaches_common_config);
    tcase_add_test(tc, test_device_path_and_bus);
    tcase_add_test(tc, test_neither_legacy_nor_modern_is_an_error);
    tcase_add_test(tc, test_properties_forward_to_the_device);
    tcase_add_test(tc, test_virt_2_6_is_legacy_only);
    tcase_add_test(tc, test_page_per_vq_layout);
    tcase_add_test(tc, test_compat_property_names_exist);
    tcase_add_test(tc, test_migration_round_trip);
    tcase_add_test(tc, test_migration_rejects_bad_vectors);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(virtio_pci_suite());
    int failed;

    memory_init();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
