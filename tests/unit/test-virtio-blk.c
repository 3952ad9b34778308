/*
 * Unit tests for virtio-blk-device on the virt board's virtio-mmio
 * transports: the test is the guest driver (rings in guest RAM, transport
 * registers poked through the memory API) over a temporary raw image, and
 * checks what a guest sees: status bytes, data, config, features, errors
 * that break the device, and the state carried by migration.
 */
#include "qemu/osdep.h"
#include <check.h>
#include <signal.h>
#include <fcntl.h>
#include "hw/boards.h"
#include "hw/qdev-core.h"
#include "hw/virtio/virtio-blk.h"
#include "migration/qemu-file.h"
#include "qemu/option.h"
#include "system/block-backend.h"
#include "system/memory.h"
#include "system/runstate.h"

#define MMIO_BASE 0x0a003e00ULL        /* where the first -device virtio lands */
#define MMIO_BASE2 0x0a003c00ULL       /* the second */
#define RING_BASE 0x40100000ULL
#define RING2_BASE 0x40110000ULL
#define DATA_BASE 0x40200000ULL
#define QSIZE 16
#define DISK_SECTORS 2048              /* a 1 MiB image */

/* virtio-mmio registers (virtio 1.2, 4.2.2 and legacy 4.2.4). */
enum {
    R_MAGIC = 0x000, R_VERSION = 0x004, R_DEVICE_ID = 0x008,
    R_DEV_FEATURES = 0x010, R_DEV_FEATURES_SEL = 0x014,
    R_DRV_FEATURES = 0x020, R_DRV_FEATURES_SEL = 0x024,
    R_GUEST_PAGE_SIZE = 0x028, R_QUEUE_SEL = 0x030, R_QUEUE_NUM_MAX = 0x034,
    R_QUEUE_NUM = 0x038, R_QUEUE_ALIGN = 0x03c, R_QUEUE_PFN = 0x040, R_QUEUE_READY = 0x044,
    R_QUEUE_NOTIFY = 0x050, R_INT_STATUS = 0x060, R_INT_ACK = 0x064, R_STATUS = 0x070,
    R_DESC_LO = 0x080, R_DESC_HI = 0x084, R_AVAIL_LO = 0x090, R_AVAIL_HI = 0x094,
    R_USED_LO = 0x0a0, R_USED_HI = 0x0a4, R_CONFIG = 0x100,
};

/* ---- guest memory and registers ---- */

static void gw(hwaddr a, const void *buf, size_t len)
{
    address_space_write(&address_space_memory, a, MEMTXATTRS_UNSPECIFIED, buf, len);
}

static void gr(hwaddr a, void *buf, size_t len)
{
    address_space_read(&address_space_memory, a, MEMTXATTRS_UNSPECIFIED, buf, len);
}

#define AS (&address_space_memory)
#define ATTRS MEMTXATTRS_UNSPECIFIED
static void gw8(hwaddr a, uint8_t v) { address_space_stb(AS, a, v, ATTRS, NULL); }
static void gw16(hwaddr a, uint16_t v) { address_space_stw_le(AS, a, v, ATTRS, NULL); }
static void gw32(hwaddr a, uint32_t v) { address_space_stl_le(AS, a, v, ATTRS, NULL); }
static void gw64(hwaddr a, uint64_t v) { address_space_stq_le(AS, a, v, ATTRS, NULL); }
static uint8_t gr8(hwaddr a) { return address_space_ldub(AS, a, ATTRS, NULL); }
static uint16_t gr16(hwaddr a) { return address_space_lduw_le(AS, a, ATTRS, NULL); }
static uint32_t gr32(hwaddr a) { return address_space_ldl_le(AS, a, ATTRS, NULL); }

/* ---- a minimal driver ---- */

typedef struct Drv {
    hwaddr base;                       /* transport registers */
    hwaddr desc, avail, used;          /* queue 0 rings */
    bool modern;
    uint64_t features;                 /* offered by the device */
    uint16_t avail_idx;
    uint16_t used_idx;
    uint16_t next_desc;
} Drv;

static void reg_w(Drv *d, hwaddr off, uint32_t v) { gw32(d->base + off, v); }
static uint32_t reg_r(Drv *d, hwaddr off) { return gr32(d->base + off); }

static uint64_t drv_read_features(Drv *d)
{
    uint64_t f;

    reg_w(d, R_DEV_FEATURES_SEL, 0);
    f = reg_r(d, R_DEV_FEATURES);
    reg_w(d, R_DEV_FEATURES_SEL, 1);
    f |= (uint64_t)reg_r(d, R_DEV_FEATURES) << 32;
    return f;
}

/*
 * Reset, negotiate (offered & want) and set up queue q's rings at ring.
 * Legacy transports take one page frame and a fixed layout; modern ones
 * three addresses, which the test puts at the same spots.
 */
static void drv_init_queue(Drv *d, hwaddr base, hwaddr ring, uint64_t want, int q)
{
    uint64_t acked;

    memset(d, 0, sizeof(*d));
    d->base = base;
    d->desc = ring;
    d->avail = ring + 16 * QSIZE;
    d->used = QEMU_ALIGN_UP(d->avail + 6 + 2 * QSIZE, 4096);
    ck_assert_uint_eq(reg_r(d, R_MAGIC), 0x74726976);
    d->modern = reg_r(d, R_VERSION) == 2;
    ck_assert_uint_eq(reg_r(d, R_DEVICE_ID), VIRTIO_ID_BLOCK);

    reg_w(d, R_STATUS, 0);
    reg_w(d, R_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE);
    reg_w(d, R_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
    d->features = drv_read_features(d);
    acked = d->features & want;
    if (d->modern) {
        acked |= 1ULL << VIRTIO_F_VERSION_1;
    }
    reg_w(d, R_DRV_FEATURES_SEL, 0);
    reg_w(d, R_DRV_FEATURES, (uint32_t)acked);
    reg_w(d, R_DRV_FEATURES_SEL, 1);
    reg_w(d, R_DRV_FEATURES, (uint32_t)(acked >> 32));
    if (d->modern) {
        reg_w(d, R_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
                           VIRTIO_CONFIG_S_FEATURES_OK);
        ck_assert(reg_r(d, R_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK);
    } else {
        reg_w(d, R_GUEST_PAGE_SIZE, 4096);
    }

    /* Clean rings. */
    for (hwaddr a = ring; a < d->used + 4096; a += 8) {
        gw64(a, 0);
    }
    reg_w(d, R_QUEUE_SEL, q);
    ck_assert_uint_ge(reg_r(d, R_QUEUE_NUM_MAX), QSIZE);
    reg_w(d, R_QUEUE_NUM, QSIZE);
    if (d->modern) {
        reg_w(d, R_DESC_LO, (uint32_t)d->desc);
        reg_w(d, R_DESC_HI, d->desc >> 32);
        reg_w(d, R_AVAIL_LO, (uint32_t)d->avail);
        reg_w(d, R_AVAIL_HI, d->avail >> 32);
        reg_w(d, R_USED_LO, (uint32_t)d->used);
        reg_w(d, R_USED_HI, d->used >> 32);
        reg_w(d, R_QUEUE_READY, 1);
        reg_w(d, R_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
                           VIRTIO_CONFIG_S_FEATURES_OK | VIRTIO_CONFIG_S_DRIVER_OK);
    } else {
        reg_w(d, R_QUEUE_ALIGN, 4096);
        reg_w(d, R_QUEUE_PFN, ring >> 12);
        reg_w(d, R_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
                           VIRTIO_CONFIG_S_DRIVER_OK);
    }
}

static void drv_init(Drv *d, uint64_t want)
{
    drv_init_queue(d, MMIO_BASE, RING_BASE, want, 0);
}

typedef struct Buf {
    hwaddr addr;
    uint32_t len;
    bool write;                        /* device-writable */
} Buf;

/* Put a chain on the ring without notifying; returns its head. */
static uint16_t drv_add(Drv *d, const Buf *bufs, int n)
{
    uint16_t head = d->next_desc;

    for (int i = 0; i < n; i++) {
        uint16_t idx = (head + i) % QSIZE;
        hwaddr da = d->desc + 16 * idx;
        uint16_t flags = (bufs[i].write ? VRING_DESC_F_WRITE : 0) |
                         (i + 1 < n ? VRING_DESC_F_NEXT : 0);

        gw64(da, bufs[i].addr);
        gw32(da + 8, bufs[i].len);
        gw16(da + 12, flags);
        gw16(da + 14, (idx + 1) % QSIZE);
    }
    d->next_desc = (head + n) % QSIZE;
    gw16(d->avail + 4 + 2 * (d->avail_idx % QSIZE), head);
    d->avail_idx++;
    gw16(d->avail + 2, d->avail_idx);
    return head;
}

static void drv_kick(Drv *d, int q)
{
    reg_w(d, R_QUEUE_NOTIFY, q);
}

/* Run the block layer until idle; returns how many new used entries appeared. */
static int drv_wait(Drv *d)
{
    uint16_t idx;

    blk_drain_all();
    idx = gr16(d->used + 2);
    return (uint16_t)(idx - d->used_idx);
}

/* Take the next used entry; returns its written length. */
static uint32_t drv_pop_used(Drv *d, uint16_t *id)
{
    hwaddr e = d->used + 4 + 8 * (d->used_idx % QSIZE);

    if (id) {
        *id = gr32(e);
    }
    d->used_idx++;
    return gr32(e + 4);
}

#define HDR_ADDR (DATA_BASE)
#define STATUS_ADDR (DATA_BASE + 0x100)
#define PAYLOAD_ADDR (DATA_BASE + 0x1000)

static void put_hdr(hwaddr a, uint32_t type, uint64_t sector)
{
    gw32(a, type);
    gw32(a + 4, 0);
    gw64(a + 8, sector);
}

/*
 * One request with the usual three-part layout (header, optional data,
 * status), run to completion.  Returns the status byte; *used_len gets the
 * length the device reported.
 */
static int do_req(Drv *d, uint32_t type, uint64_t sector, hwaddr data, uint32_t len,
                  bool data_in, uint32_t *used_len)
{
    Buf bufs[3];
    int n = 0;
    uint16_t head, id;
    uint32_t ulen;

    put_hdr(HDR_ADDR, type, sector);
    gw16(STATUS_ADDR, 0xeeee);
    bufs[n++] = (Buf) { HDR_ADDR, 16, false };
    if (len) {
        bufs[n++] = (Buf) { data, len, data_in };
    }
    bufs[n++] = (Buf) { STATUS_ADDR, 1, true };
    head = drv_add(d, bufs, n);
    drv_kick(d, 0);
    ck_assert_int_eq(drv_wait(d), 1);
    ulen = drv_pop_used(d, &id);
    ck_assert_uint_eq(id, head);
    if (used_len) {
        *used_len = ulen;
    }
    /* Only the status byte is written, never the byte after it. */
    ck_assert_uint_eq(gr8(STATUS_ADDR + 1), 0xee);
    return gr8(STATUS_ADDR);
}

static void fill(hwaddr a, uint8_t seed, size_t len)
{
    g_autofree uint8_t *p = g_malloc(len);

    for (size_t i = 0; i < len; i++) {
        p[i] = (uint8_t)(seed + i * 7);
    }
    gw(a, p, len);
}

static bool check_fill(hwaddr a, uint8_t seed, size_t len)
{
    g_autofree uint8_t *p = g_malloc(len);

    gr(a, p, len);
    for (size_t i = 0; i < len; i++) {
        if (p[i] != (uint8_t)(seed + i * 7)) {
            return false;
        }
    }
    return true;
}

static bool all_bytes(hwaddr a, uint8_t v, size_t len)
{
    g_autofree uint8_t *p = g_malloc(len);

    gr(a, p, len);
    for (size_t i = 0; i < len; i++) {
        if (p[i] != v) {
            return false;
        }
    }
    return true;
}

/* ---- machine, image, device ---- */

static char image_path[64];
static char image2_path[64];

static void make_image(void)
{
    int fd;

    strcpy(image_path, "/tmp/test-virtio-blk-XXXXXX");
    fd = mkstemp(image_path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(ftruncate(fd, DISK_SECTORS * 512), 0);
    close(fd);
    strcpy(image2_path, "/tmp/test-virtio-blk-XXXXXX");
    fd = mkstemp(image2_path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(ftruncate(fd, DISK_SECTORS * 512), 0);
    close(fd);
}

static void image_pread(uint64_t off, void *buf, size_t len)
{
    int fd = open(image_path, O_RDONLY);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(pread(fd, buf, len, off), (ssize_t)len);
    close(fd);
}

static void image_pwrite(uint64_t off, const void *buf, size_t len)
{
    int fd = open(image_path, O_WRONLY);

    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(pwrite(fd, buf, len, off), (ssize_t)len);
    close(fd);
}

static void setup(void)
{
    make_image();
}

static void teardown(void)
{
    unlink(image_path);
    unlink(image2_path);
}

static MachineState *start_machine(const char *name)
{
    MachineClass *mc = machine_find_class(name);
    MachineState *ms;

    ck_assert_msg(mc != NULL, "machine %s missing", name);
    ms = machine_create(mc, &error_fatal);
    ck_assert(machine_run_board_init(ms, &error_fatal));
    return ms;
}

static void add_drive_on(const char *path, const char *id, const char *extra)
{
    g_autofree char *opts = g_strdup_printf("if=none,id=%s,format=raw,file=%s%s%s", id,
                                            path, extra ? "," : "", extra ? extra : "");
    Error *err = NULL;

    ck_assert_msg(drive_new_from_opts(opts, &err), "%s", err ? error_get_pretty(err) : "");
}

static void add_drive(const char *id, const char *extra)
{
    add_drive_on(image_path, id, extra);
}

static DeviceState *add_device(const char *str, Error **errp)
{
    QemuOpts *opts = qemu_opts_parse(str, "driver", &error_fatal);
    DeviceState *dev = qdev_device_add(opts, false, errp);

    qemu_opts_del(opts);
    return dev;
}

/* A virt machine with drive d0 on the image and a virtio-blk-device using it. */
static VirtIOBlock *start(const char *machine, const char *drive_extra, const char *dev_extra)
{
    g_autofree char *str = NULL;
    Error *err = NULL;
    DeviceState *dev;

    start_machine(machine);
    add_drive("d0", drive_extra);
    str = g_strdup_printf("virtio-blk-device,drive=d0%s%s", dev_extra ? "," : "",
                          dev_extra ? dev_extra : "");
    dev = add_device(str, &err);
    ck_assert_msg(dev, "%s", err ? error_get_pretty(err) : "");
    return VIRTIO_BLK(dev);
}

static const uint64_t ALL_BLK_FEATURES =
    (1ULL << VIRTIO_BLK_F_SEG_MAX) | (1ULL << VIRTIO_BLK_F_GEOMETRY) |
    (1ULL << VIRTIO_BLK_F_RO) | (1ULL << VIRTIO_BLK_F_BLK_SIZE) |
    (1ULL << VIRTIO_BLK_F_FLUSH) | (1ULL << VIRTIO_BLK_F_TOPOLOGY) |
    (1ULL << VIRTIO_BLK_F_CONFIG_WCE) | (1ULL << VIRTIO_BLK_F_MQ) |
    (1ULL << VIRTIO_BLK_F_DISCARD) | (1ULL << VIRTIO_BLK_F_WRITE_ZEROES);

/* ---- tests ---- */

START_TEST(test_config_and_features)
{
    Drv d;
    hwaddr cfg = MMIO_BASE + R_CONFIG;

    start("virt", NULL, NULL);
    drv_init(&d, ALL_BLK_FEATURES);
    ck_assert(!d.modern);              /* virt's transports are legacy by default */
    ck_assert_uint_eq(gr32(cfg + 0) | (uint64_t)gr32(cfg + 4) << 32, DISK_SECTORS);
    ck_assert_uint_eq(gr32(cfg + 12), 256 - 2);     /* seg_max: queue-size - 2 */
    ck_assert_uint_eq(gr16(cfg + 16), 2);           /* 2048 / (16 * 63) -> at least 2 */
    ck_assert_uint_eq(gr8(cfg + 18), 16);
    ck_assert_uint_eq(gr8(cfg + 19), 63);
    ck_assert_uint_eq(gr32(cfg + 20), 512);         /* blk_size */
    ck_assert_uint_eq(gr8(cfg + 24), 0);            /* physical_block_exp */
    ck_assert_uint_eq(gr16(cfg + 34), 1);           /* num_queues */
    ck_assert_uint_eq(gr32(cfg + 36), INT32_MAX >> 9);  /* max_discard_sectors */
    ck_assert_uint_eq(gr32(cfg + 40), 1);           /* max_discard_seg */
    ck_assert_uint_eq(gr32(cfg + 44), 1);           /* discard_sector_alignment */
    ck_assert_uint_eq(gr32(cfg + 48), INT32_MAX >> 9);
    ck_assert_uint_eq(gr32(cfg + 52), 1);
    ck_assert_uint_eq(gr8(cfg + 56), 1);            /* write_zeroes_may_unmap */

    ck_assert(d.features & (1ULL << VIRTIO_BLK_F_SEG_MAX));
    ck_assert(d.features & (1ULL << VIRTIO_BLK_F_BLK_SIZE));
    ck_assert(d.features & (1ULL << VIRTIO_BLK_F_TOPOLOGY));
    ck_assert(d.features & (1ULL << VIRTIO_BLK_F_GEOMETRY));
    ck_assert(d.features & (1ULL << VIRTIO_BLK_F_FLUSH));
    ck_assert(d.features & (1ULL << VIRTIO_BLK_F_CONFIG_WCE));
    ck_assert(d.features & (1ULL << VIRTIO_BLK_F_DISCARD));
    ck_assert(d.features & (1ULL << VIRTIO_BLK_F_WRITE_ZEROES));
    ck_assert(!(d.features & (1ULL << VIRTIO_BLK_F_RO)));
    ck_assert(!(d.features & (1ULL << VIRTIO_BLK_F_MQ)));
    /* Legacy drivers are offered SCSI as on QEMU (its requests answer UNSUPP). */
    ck_assert(d.features & (1ULL << VIRTIO_BLK_F_SCSI));
}
END_TEST

/* An MBR whose first partition ends at head end_head, sector 32. */
static void write_mbr(uint8_t end_head)
{
    uint8_t mbr[512] = { 0 };

    mbr[0x1be + 5] = end_head;
    mbr[0x1be + 6] = 32;
    mbr[0x1be + 12] = 100;             /* nr_sects */
    mbr[510] = 0x55;
    mbr[511] = 0xaa;
    image_pwrite(0, mbr, sizeof(mbr));
}

START_TEST(test_geometry_from_partition_table)
{
    Drv d;
    hwaddr cfg = MMIO_BASE + R_CONFIG;

    write_mbr(15);
    start("virt", NULL, NULL);
    drv_init(&d, ALL_BLK_FEATURES);
    ck_assert_uint_eq(gr16(cfg + 16), DISK_SECTORS / (16 * 32));
    ck_assert_uint_eq(gr8(cfg + 18), 16);
    ck_assert_uint_eq(gr8(cfg + 19), 32);
}
END_TEST

START_TEST(test_geometry_lba_partition_table)
{
    Drv d;
    hwaddr cfg = MMIO_BASE + R_CONFIG;

    /* More than 16 heads means LBA translation: the standard geometry is used. */
    write_mbr(254);
    start("virt", NULL, NULL);
    drv_init(&d, ALL_BLK_FEATURES);
    ck_assert_uint_eq(gr16(cfg + 16), 2);
    ck_assert_uint_eq(gr8(cfg + 18), 16);
    ck_assert_uint_eq(gr8(cfg + 19), 63);
}
END_TEST

START_TEST(test_geometry_properties)
{
    Drv d;
    hwaddr cfg = MMIO_BASE + R_CONFIG;
    Error *err = NULL;

    start("virt", NULL, "cyls=1000,heads=4,secs=20");
    drv_init(&d, ALL_BLK_FEATURES);
    ck_assert_uint_eq(gr16(cfg + 16), 1000);
    ck_assert_uint_eq(gr8(cfg + 18), 4);
    ck_assert_uint_eq(gr8(cfg + 19), 20);
    add_drive_on(image2_path, "d1", NULL);
    ck_assert_ptr_null(add_device("virtio-blk-device,drive=d1,cyls=10,heads=300,secs=20", &err));
    ck_assert_str_eq(error_get_pretty(err), "heads must be between 1 and 255");
    error_free(err);
}
END_TEST

START_TEST(test_block_size_properties_show_in_config)
{
    Drv d;
    hwaddr cfg = MMIO_BASE + R_CONFIG;

    start("virt", NULL, "logical_block_size=4096,physical_block_size=4096,"
          "min_io_size=8192,opt_io_size=65536,discard_granularity=65536,queue-size=64");
    drv_init(&d, ALL_BLK_FEATURES);
    ck_assert_uint_eq(gr32(cfg + 12), 64 - 2);
    ck_assert_uint_eq(gr32(cfg + 20), 4096);
    ck_assert_uint_eq(gr8(cfg + 24), 0);
    ck_assert_uint_eq(gr16(cfg + 26), 2);
    ck_assert_uint_eq(gr32(cfg + 28), 16);
    ck_assert_uint_eq(gr32(cfg + 44), 65536 / 512);
    /* Unaligned to the 4 KiB logical block: refused. */
    fill(PAYLOAD_ADDR, 1, 4096);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_OUT, 1, PAYLOAD_ADDR, 4096, false, NULL),
                     VIRTIO_BLK_S_IOERR);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_OUT, 8, PAYLOAD_ADDR, 512, false, NULL),
                     VIRTIO_BLK_S_IOERR);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_OUT, 8, PAYLOAD_ADDR, 4096, false, NULL),
                     VIRTIO_BLK_S_OK);
}
END_TEST

START_TEST(test_write_then_read_back)
{
    Drv d;
    uint32_t used;
    uint8_t file[1024];

    start("virt", NULL, NULL);
    drv_init(&d, ALL_BLK_FEATURES);
    fill(PAYLOAD_ADDR, 0x11, 1024);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_OUT, 10, PAYLOAD_ADDR, 1024, false, &used),
                     VIRTIO_BLK_S_OK);
    ck_assert_uint_eq(used, 1);        /* only the status byte was written */
    image_pread(10 * 512, file, sizeof(file));
    for (int i = 0; i < 1024; i++) {
        ck_assert_uint_eq(file[i], (uint8_t)(0x11 + i * 7));
    }

    gw(PAYLOAD_ADDR, (uint8_t[1024]) { 0 }, 1024);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_IN, 10, PAYLOAD_ADDR, 1024, true, &used),
                     VIRTIO_BLK_S_OK);
    ck_assert_uint_eq(used, 1024 + 1);
    ck_assert(check_fill(PAYLOAD_ADDR, 0x11, 1024));

    /* The last sector is reachable. */
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_IN, DISK_SECTORS - 1, PAYLOAD_ADDR, 512, true,
                            NULL), VIRTIO_BLK_S_OK);
}
END_TEST

START_TEST(test_scattered_buffers_and_shared_status_descriptor)
{
    Drv d;
    uint8_t file[1536];
    uint16_t head;
    uint32_t used;

    start("virt", NULL, NULL);
    drv_init(&d, ALL_BLK_FEATURES);
    /* Write 3 sectors from three pieces of 100, 1000 and 436 bytes. */
    fill(PAYLOAD_ADDR, 0x40, 1536);
    put_hdr(HDR_ADDR, VIRTIO_BLK_T_OUT, 100);
    gw16(STATUS_ADDR, 0xeeee);
    head = drv_add(&d, (Buf[]) {
        { HDR_ADDR, 16, false }, { PAYLOAD_ADDR, 100, false },
        { PAYLOAD_ADDR + 100, 1000, false }, { PAYLOAD_ADDR + 1100, 436, false },
        { STATUS_ADDR, 1, true } }, 5);
    drv_kick(&d, 0);
    ck_assert_int_eq(drv_wait(&d), 1);
    drv_pop_used(&d, NULL);
    ck_assert_uint_eq(gr8(STATUS_ADDR), VIRTIO_BLK_S_OK);
    image_pread(100 * 512, file, sizeof(file));
    for (int i = 0; i < 1536; i++) {
        ck_assert_uint_eq(file[i], (uint8_t)(0x40 + i * 7));
    }

    /* Read them back with the data and the status byte in one buffer. */
    gw(PAYLOAD_ADDR + 0x2000, (uint8_t[1537]) { 0 }, 1537);
    put_hdr(HDR_ADDR, VIRTIO_BLK_T_IN, 100);
    head = drv_add(&d, (Buf[]) {
        { HDR_ADDR, 16, false }, { PAYLOAD_ADDR + 0x2000, 1537, true } }, 2);
    drv_kick(&d, 0);
    ck_assert_int_eq(drv_wait(&d), 1);
    used = drv_pop_used(&d, NULL);
    (void)head;
    ck_assert_uint_eq(used, 1537);
    ck_assert(check_fill(PAYLOAD_ADDR + 0x2000, 0x40, 1536));
    ck_assert_uint_eq(gr8(PAYLOAD_ADDR + 0x2000 + 1536), VIRTIO_BLK_S_OK);
}
END_TEST

START_TEST(test_two_requests_in_one_kick)
{
    Drv d;
    uint16_t h1, h2, id1, id2;

    start("virt", NULL, NULL);
    drv_init(&d, ALL_BLK_FEATURES);
    fill(PAYLOAD_ADDR, 0x21, 512);
    fill(PAYLOAD_ADDR + 512, 0x77, 512);
    put_hdr(HDR_ADDR, VIRTIO_BLK_T_OUT, 3);
    put_hdr(HDR_ADDR + 16, VIRTIO_BLK_T_OUT, 4);
    gw8(STATUS_ADDR, 0xee);
    gw8(STATUS_ADDR + 2, 0xee);
    h1 = drv_add(&d, (Buf[]) { { HDR_ADDR, 16, false }, { PAYLOAD_ADDR, 512, false },
                               { STATUS_ADDR, 1, true } }, 3);
    h2 = drv_add(&d, (Buf[]) { { HDR_ADDR + 16, 16, false }, { PAYLOAD_ADDR + 512, 512, false },
                               { STATUS_ADDR + 2, 1, true } }, 3);
    drv_kick(&d, 0);
    ck_assert_int_eq(drv_wait(&d), 2);
    drv_pop_used(&d, &id1);
    drv_pop_used(&d, &id2);
    ck_assert((id1 == h1 && id2 == h2) || (id1 == h2 && id2 == h1));
    ck_assert_uint_eq(gr8(STATUS_ADDR), VIRTIO_BLK_S_OK);
    ck_assert_uint_eq(gr8(STATUS_ADDR + 2), VIRTIO_BLK_S_OK);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_IN, 3, PAYLOAD_ADDR + 4096, 1024, true, NULL),
                     VIRTIO_BLK_S_OK);
    ck_assert(check_fill(PAYLOAD_ADDR + 4096, 0x21, 512));
    ck_assert(check_fill(PAYLOAD_ADDR + 4096 + 512, 0x77, 512));
}
END_TEST

START_TEST(test_used_buffer_interrupt)
{
    Drv d;

    start("virt", NULL, NULL);
    drv_init(&d, ALL_BLK_FEATURES);
    reg_w(&d, R_INT_ACK, reg_r(&d, R_INT_STATUS));
    ck_assert_uint_eq(reg_r(&d, R_INT_STATUS) & VIRTIO_ISR_QUEUE, 0);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_FLUSH, 0, 0, 0, false, NULL), VIRTIO_BLK_S_OK);
    ck_assert_uint_eq(reg_r(&d, R_INT_STATUS) & VIRTIO_ISR_QUEUE, VIRTIO_ISR_QUEUE);
}
END_TEST

START_TEST(test_flush)
{
    Drv d;

    start("virt", NULL, NULL);
    drv_init(&d, ALL_BLK_FEATURES);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_FLUSH, 0, 0, 0, false, NULL), VIRTIO_BLK_S_OK);
    /* The legacy FLUSH_OUT spelling and the BARRIER flag are accepted too. */
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_FLUSH_OUT, 0, 0, 0, false, NULL), VIRTIO_BLK_S_OK);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_FLUSH | VIRTIO_BLK_T_BARRIER, 0, 0, 0, false,
                            NULL), VIRTIO_BLK_S_OK);
}
END_TEST

START_TEST(test_get_id)
{
    Drv d;
    char id[21] = { 0 };
    uint32_t used;

    start("virt", NULL, "serial=vblk-42");
    drv_init(&d, ALL_BLK_FEATURES);
    gw(PAYLOAD_ADDR, "XXXXXXXXXXXXXXXXXXXXXXXX", 24);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_GET_ID, 0, PAYLOAD_ADDR, 20, true, &used),
                     VIRTIO_BLK_S_OK);
    gr(PAYLOAD_ADDR, id, 20);
    ck_assert_str_eq(id, "vblk-42");
    ck_assert(all_bytes(PAYLOAD_ADDR + 7, 0, 13));  /* zero padded to 20 */
    ck_assert_uint_eq(gr8(PAYLOAD_ADDR + 20), 'X');
    ck_assert_uint_eq(used, 21);

    /* A short buffer gets what fits. */
    gw(PAYLOAD_ADDR, "XXXXXXXX", 8);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_GET_ID, 0, PAYLOAD_ADDR, 4, true, NULL),
                     VIRTIO_BLK_S_OK);
    gr(PAYLOAD_ADDR, id, 8);
    ck_assert_int_eq(memcmp(id, "vblkXXXX", 8), 0);
}
END_TEST

START_TEST(test_get_id_long_serial_is_cut_at_20)
{
    Drv d;
    char id[20];

    start("virt", NULL, "serial=0123456789abcdefghijKLMN");
    drv_init(&d, ALL_BLK_FEATURES);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_GET_ID, 0, PAYLOAD_ADDR, 20, true, NULL),
                     VIRTIO_BLK_S_OK);
    gr(PAYLOAD_ADDR, id, 20);
    ck_assert_int_eq(memcmp(id, "0123456789abcdefghij", 20), 0);
}
END_TEST

static int do_dwz(Drv *d, uint32_t type, uint64_t sector, uint32_t num, uint32_t flags)
{
    gw64(PAYLOAD_ADDR, sector);
    gw32(PAYLOAD_ADDR + 8, num);
    gw32(PAYLOAD_ADDR + 12, flags);
    return do_req(d, type, 0, PAYLOAD_ADDR, 16, false, NULL);
}

START_TEST(test_write_zeroes)
{
    Drv d;
    uint8_t buf[2048], ones[2048];

    start("virt", NULL, NULL);
    memset(ones, 0xff, sizeof(ones));
    image_pwrite(20 * 512, ones, sizeof(ones));
    drv_init(&d, ALL_BLK_FEATURES);
    ck_assert_int_eq(do_dwz(&d, VIRTIO_BLK_T_WRITE_ZEROES, 21, 2, 0), VIRTIO_BLK_S_OK);
    image_pread(20 * 512, buf, sizeof(buf));
    ck_assert(buf[511] == 0xff && buf[512] == 0 && buf[1535] == 0 && buf[1536] == 0xff);
    ck_assert_int_eq(do_dwz(&d, VIRTIO_BLK_T_WRITE_ZEROES, 23, 1,
                            VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP), VIRTIO_BLK_S_OK);
    image_pread(20 * 512, buf, sizeof(buf));
    ck_assert(buf[1536] == 0 && buf[2047] == 0);
    /* Unknown flags: UNSUPP; past the end or over the limit: IOERR. */
    ck_assert_int_eq(do_dwz(&d, VIRTIO_BLK_T_WRITE_ZEROES, 0, 1, 2), VIRTIO_BLK_S_UNSUPP);
    ck_assert_int_eq(do_dwz(&d, VIRTIO_BLK_T_WRITE_ZEROES, DISK_SECTORS - 1, 2, 0),
                     VIRTIO_BLK_S_IOERR);
    ck_assert_int_eq(do_dwz(&d, VIRTIO_BLK_T_WRITE_ZEROES, UINT64_MAX - 1, 4, 0),
                     VIRTIO_BLK_S_IOERR);
}
END_TEST

START_TEST(test_write_zeroes_segment_limits)
{
    Drv d;

    start("virt", NULL, "max-write-zeroes-sectors=8");
    drv_init(&d, ALL_BLK_FEATURES);
    ck_assert_uint_eq(gr32(MMIO_BASE + R_CONFIG + 48), 8);
    ck_assert_int_eq(do_dwz(&d, VIRTIO_BLK_T_WRITE_ZEROES, 0, 8, 0), VIRTIO_BLK_S_OK);
    ck_assert_int_eq(do_dwz(&d, VIRTIO_BLK_T_WRITE_ZEROES, 0, 9, 0), VIRTIO_BLK_S_IOERR);
    /* Two segments where max_write_zeroes_seg is 1; half a segment. */
    gw64(PAYLOAD_ADDR + 16, 0);
    gw64(PAYLOAD_ADDR + 24, 1);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_WRITE_ZEROES, 0, PAYLOAD_ADDR, 32, false, NULL),
                     VIRTIO_BLK_S_IOERR);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_WRITE_ZEROES, 0, PAYLOAD_ADDR, 8, false, NULL),
                     VIRTIO_BLK_S_IOERR);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_WRITE_ZEROES, 0, 0, 0, false, NULL),
                     VIRTIO_BLK_S_IOERR);
}
END_TEST

START_TEST(test_discard)
{
    Drv d;

    start("virt", "discard=unmap", NULL);
    drv_init(&d, ALL_BLK_FEATURES);
    ck_assert_int_eq(do_dwz(&d, VIRTIO_BLK_T_DISCARD, 8, 8, 0), VIRTIO_BLK_S_OK);
    /* UNMAP means nothing for discard and is refused, as are unknown flags. */
    ck_assert_int_eq(do_dwz(&d, VIRTIO_BLK_T_DISCARD, 8, 8, VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP),
                     VIRTIO_BLK_S_UNSUPP);
    ck_assert_int_eq(do_dwz(&d, VIRTIO_BLK_T_DISCARD, 8, 8, 0x80), VIRTIO_BLK_S_UNSUPP);
    ck_assert_int_eq(do_dwz(&d, VIRTIO_BLK_T_DISCARD, DISK_SECTORS, 1, 0), VIRTIO_BLK_S_IOERR);
}
END_TEST

START_TEST(test_discard_off_answers_unsupp_and_shrinks_config)
{
    Drv d;
    VirtIOBlock *s = start("virt", NULL, "discard=off,write-zeroes=off");

    drv_init(&d, ALL_BLK_FEATURES);
    ck_assert(!(d.features & (1ULL << VIRTIO_BLK_F_DISCARD)));
    ck_assert(!(d.features & (1ULL << VIRTIO_BLK_F_WRITE_ZEROES)));
    /* QEMU's size rule: the fields before max_discard_sectors only. */
    ck_assert_uint_eq(VIRTIO_DEVICE(s)->config_len, 36);
    ck_assert_int_eq(do_dwz(&d, VIRTIO_BLK_T_DISCARD, 8, 8, 0), VIRTIO_BLK_S_UNSUPP);
    ck_assert_int_eq(do_dwz(&d, VIRTIO_BLK_T_WRITE_ZEROES, 8, 8, 0), VIRTIO_BLK_S_UNSUPP);
}
END_TEST

START_TEST(test_out_of_range_and_bad_lengths)
{
    Drv d;

    start("virt", NULL, NULL);
    drv_init(&d, ALL_BLK_FEATURES);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_IN, DISK_SECTORS, PAYLOAD_ADDR, 512, true, NULL),
                     VIRTIO_BLK_S_IOERR);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_OUT, DISK_SECTORS - 1, PAYLOAD_ADDR, 1024, false,
                            NULL), VIRTIO_BLK_S_IOERR);
    /* A sector number whose byte offset wraps. */
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_IN, 1ULL << 55, PAYLOAD_ADDR, 512, true, NULL),
                     VIRTIO_BLK_S_IOERR);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_IN, UINT64_MAX, PAYLOAD_ADDR, 512, true, NULL),
                     VIRTIO_BLK_S_IOERR);
    /* Not a whole number of sectors. */
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_IN, 0, PAYLOAD_ADDR, 100, true, NULL),
                     VIRTIO_BLK_S_IOERR);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_OUT, 0, PAYLOAD_ADDR, 513, false, NULL),
                     VIRTIO_BLK_S_IOERR);
}
END_TEST

START_TEST(test_unknown_types_are_unsupp)
{
    Drv d;
    static const uint32_t types[] = {
        VIRTIO_BLK_T_SCSI_CMD, 3, 6, VIRTIO_BLK_T_GET_LIFETIME, VIRTIO_BLK_T_SECURE_ERASE,
        99, 0x7fffffff,
    };

    start("virt", NULL, NULL);
    drv_init(&d, ALL_BLK_FEATURES);
    for (size_t i = 0; i < ARRAY_SIZE(types); i++) {
        ck_assert_int_eq(do_req(&d, types[i], 0, PAYLOAD_ADDR, 512, true, NULL),
                         VIRTIO_BLK_S_UNSUPP);
    }
    /* The device still works afterwards. */
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_IN, 0, PAYLOAD_ADDR, 512, true, NULL),
                     VIRTIO_BLK_S_OK);
}
END_TEST

START_TEST(test_read_only_drive)
{
    Drv d;
    uint8_t sector[512];

    memset(sector, 0x5a, sizeof(sector));
    image_pwrite(0, sector, sizeof(sector));
    start("virt", "readonly=on", NULL);
    drv_init(&d, ALL_BLK_FEATURES);
    ck_assert(d.features & (1ULL << VIRTIO_BLK_F_RO));
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_IN, 0, PAYLOAD_ADDR, 512, true, NULL),
                     VIRTIO_BLK_S_OK);
    ck_assert(all_bytes(PAYLOAD_ADDR, 0x5a, 512));
    gw(PAYLOAD_ADDR, (uint8_t[512]) { 0 }, 512);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_OUT, 0, PAYLOAD_ADDR, 512, false, NULL),
                     VIRTIO_BLK_S_IOERR);
    ck_assert_int_eq(do_dwz(&d, VIRTIO_BLK_T_WRITE_ZEROES, 0, 1, 0), VIRTIO_BLK_S_IOERR);
    ck_assert_int_eq(do_dwz(&d, VIRTIO_BLK_T_DISCARD, 0, 1, 0), VIRTIO_BLK_S_IOERR);
    image_pread(0, sector, sizeof(sector));
    ck_assert_uint_eq(sector[0], 0x5a);
    ck_assert_uint_eq(sector[511], 0x5a);
}
END_TEST

/* The device is broken: it answers no request until the guest resets it. */
static void assert_broken_then_recovers(Drv *d)
{
    uint16_t used_before = gr16(d->used + 2);

    if (d->modern) {
        ck_assert(reg_r(d, R_STATUS) & VIRTIO_CONFIG_S_NEEDS_RESET);
    }
    put_hdr(HDR_ADDR, VIRTIO_BLK_T_FLUSH, 0);
    drv_add(d, (Buf[]) { { HDR_ADDR, 16, false }, { STATUS_ADDR, 1, true } }, 2);
    drv_kick(d, 0);
    blk_drain_all();
    ck_assert_uint_eq(gr16(d->used + 2), used_before);

    drv_init(d, ALL_BLK_FEATURES);
    ck_assert_int_eq(do_req(d, VIRTIO_BLK_T_FLUSH, 0, 0, 0, false, NULL), VIRTIO_BLK_S_OK);
}

START_TEST(test_missing_status_buffer_breaks_device)
{
    Drv d;

    start("virt", "", NULL);
    drv_init(&d, ALL_BLK_FEATURES);
    put_hdr(HDR_ADDR, VIRTIO_BLK_T_OUT, 0);
    drv_add(&d, (Buf[]) { { HDR_ADDR, 16, false }, { PAYLOAD_ADDR, 512, false } }, 2);
    drv_kick(&d, 0);
    blk_drain_all();
    ck_assert_uint_eq(gr16(d.used + 2), 0);
    assert_broken_then_recovers(&d);
}
END_TEST

START_TEST(test_short_header_breaks_device)
{
    Drv d;

    start("virt", "", NULL);
    drv_init(&d, ALL_BLK_FEATURES);
    put_hdr(HDR_ADDR, VIRTIO_BLK_T_IN, 0);
    drv_add(&d, (Buf[]) { { HDR_ADDR, 8, false }, { PAYLOAD_ADDR, 512, true },
                          { STATUS_ADDR, 1, true } }, 3);
    drv_kick(&d, 0);
    blk_drain_all();
    ck_assert_uint_eq(gr16(d.used + 2), 0);
    assert_broken_then_recovers(&d);
}
END_TEST

START_TEST(test_no_readable_part_breaks_device_modern)
{
    Drv d;

    ck_assert(qdev_global_parse("virtio-mmio.force-legacy=false", &error_fatal));
    start("virt", NULL, NULL);
    drv_init(&d, ALL_BLK_FEATURES);
    ck_assert(d.modern);
    drv_add(&d, (Buf[]) { { STATUS_ADDR, 1, true } }, 1);
    drv_kick(&d, 0);
    blk_drain_all();
    ck_assert_uint_eq(gr16(d.used + 2), 0);
    assert_broken_then_recovers(&d);
}
END_TEST

START_TEST(test_modern_transport)
{
    Drv d;

    ck_assert(qdev_global_parse("virtio-mmio.force-legacy=false", &error_fatal));
    start("virt", NULL, NULL);
    drv_init(&d, ALL_BLK_FEATURES);
    ck_assert(d.modern);
    ck_assert(d.features & (1ULL << VIRTIO_F_VERSION_1));
    /* SCSI passthrough is legacy only. */
    ck_assert(!(d.features & (1ULL << VIRTIO_BLK_F_SCSI)));
    fill(PAYLOAD_ADDR, 0x99, 512);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_OUT, 7, PAYLOAD_ADDR, 512, false, NULL),
                     VIRTIO_BLK_S_OK);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_IN, 7, PAYLOAD_ADDR + 4096, 512, true, NULL),
                     VIRTIO_BLK_S_OK);
    ck_assert(check_fill(PAYLOAD_ADDR + 4096, 0x99, 512));
    ck_assert_uint_eq(gr32(MMIO_BASE + R_CONFIG), DISK_SECTORS);

    /* A header too short breaks a modern device with NEEDS_RESET. */
    drv_add(&d, (Buf[]) { { HDR_ADDR, 4, false }, { STATUS_ADDR, 1, true } }, 2);
    drv_kick(&d, 0);
    blk_drain_all();
    assert_broken_then_recovers(&d);
}
END_TEST

START_TEST(test_config_wce_toggles_write_cache)
{
    Drv d;
    VirtIOBlock *s = start("virt", NULL, NULL);
    BlockBackend *blk = s->conf.conf.blk;
    bool original = blk_enable_write_cache(blk);

    drv_init(&d, ALL_BLK_FEATURES);
    ck_assert_uint_eq(gr8(MMIO_BASE + R_CONFIG + 32), original);
    address_space_stb(&address_space_memory, MMIO_BASE + R_CONFIG + 32, !original,
                      MEMTXATTRS_UNSPECIFIED, NULL);
    ck_assert_int_eq(blk_enable_write_cache(blk), !original);
    ck_assert_uint_eq(gr8(MMIO_BASE + R_CONFIG + 32), !original);
    /* A reset puts the drive's own mode back. */
    reg_w(&d, R_STATUS, 0);
    ck_assert_int_eq(blk_enable_write_cache(blk), original);
}
END_TEST

START_TEST(test_no_config_wce_driver_gets_cache_from_flush)
{
    Drv d;
    VirtIOBlock *s = start("virt", NULL, NULL);
    BlockBackend *blk = s->conf.conf.blk;

    /* A driver without FLUSH or CONFIG_WCE cannot flush: writethrough. */
    drv_init(&d, ALL_BLK_FEATURES & ~((1ULL << VIRTIO_BLK_F_FLUSH) |
                                      (1ULL << VIRTIO_BLK_F_CONFIG_WCE)));
    ck_assert(!blk_enable_write_cache(blk));
    /* Writes to writeback are ignored without CONFIG_WCE. */
    address_space_stb(&address_space_memory, MMIO_BASE + R_CONFIG + 32, 1,
                      MEMTXATTRS_UNSPECIFIED, NULL);
    ck_assert(!blk_enable_write_cache(blk));
    drv_init(&d, ALL_BLK_FEATURES & ~(1ULL << VIRTIO_BLK_F_CONFIG_WCE));
    ck_assert(blk_enable_write_cache(blk));
}
END_TEST

START_TEST(test_multiqueue)
{
    Drv d;

    start("virt", NULL, "num-queues=2");
    drv_init_queue(&d, MMIO_BASE, RING2_BASE, ALL_BLK_FEATURES, 1);
    ck_assert(d.features & (1ULL << VIRTIO_BLK_F_MQ));
    ck_assert_uint_eq(gr16(MMIO_BASE + R_CONFIG + 34), 2);
    fill(PAYLOAD_ADDR, 0x31, 512);
    put_hdr(HDR_ADDR, VIRTIO_BLK_T_OUT, 5);
    drv_add(&d, (Buf[]) { { HDR_ADDR, 16, false }, { PAYLOAD_ADDR, 512, false },
                          { STATUS_ADDR, 1, true } }, 3);
    drv_kick(&d, 1);
    ck_assert_int_eq(drv_wait(&d), 1);
    ck_assert_uint_eq(gr8(STATUS_ADDR), VIRTIO_BLK_S_OK);
}
END_TEST

START_TEST(test_realize_errors)
{
    static const struct {
        const char *opts;
        const char *error;
    } cases[] = {
        { "virtio-blk-device", "drive property not set" },
        { "virtio-blk-device,drive=d0,queue-size=2",
          "invalid queue-size property (2), must be > 2" },
        { "virtio-blk-device,drive=d0,queue-size=100",
          "invalid queue-size property (100), must be a power of 2 (max 1024)" },
        { "virtio-blk-device,drive=d0,num-queues=0", "num-queues property must be larger than 0" },
        { "virtio-blk-device,drive=d0,max-discard-sectors=0",
          "invalid max-discard-sectors property (0), must be between 1 and 4194303" },
        { "virtio-blk-device,drive=d0,max-write-zeroes-sectors=4194304",
          "invalid max-write-zeroes-sectors property (4194304), must be between 1 and 4194303" },
    };

    start_machine("virt");
    add_drive("d0", NULL);
    for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
        Error *err = NULL;

        ck_assert_ptr_null(add_device(cases[i].opts, &err));
        ck_assert_msg(err, "%s: no error", cases[i].opts);
        ck_assert_msg(strstr(error_get_pretty(err), cases[i].error), "%s: got '%s'",
                      cases[i].opts, error_get_pretty(err));
        error_free(err);
    }
    /* The drive is still free for a correct device. */
    ck_assert_ptr_nonnull(add_device("virtio-blk-device,drive=d0", &error_fatal));
}
END_TEST

START_TEST(test_compat_machines)
{
    Drv d;

    VirtIOBlock *s;

    /* virt-3.1: no discard / write zeroes, 128-entry queues, seg_max 126. */
    s = start("virt-3.1", NULL, NULL);
    drv_init(&d, ALL_BLK_FEATURES);
    ck_assert(!(d.features & (1ULL << VIRTIO_BLK_F_DISCARD)));
    ck_assert(!(d.features & (1ULL << VIRTIO_BLK_F_WRITE_ZEROES)));
    ck_assert_uint_eq(VIRTIO_DEVICE(s)->config_len, 36);
    ck_assert_uint_eq(object_property_get_uint(OBJECT(s), "queue-size", &error_fatal), 128);
    ck_assert_uint_eq(gr32(MMIO_BASE + R_CONFIG + 12), 126);
}
END_TEST

START_TEST(test_migrate_into_second_device)
{
    Drv d, d2;
    DeviceState *a, *b;
    QEMUFile *f;
    const uint8_t *data;
    size_t len;
    Error *err = NULL;
    uint16_t used_a;

    start_machine("virt");
    add_drive("d0", NULL);
    /* Source and destination share the image, as migration with shared storage does. */
    a = add_device("virtio-blk-device,drive=d0,id=a,share-rw=on", &error_fatal);
    ck_assert(object_dynamic_cast(OBJECT(a), TYPE_VIRTIO_BLK));

    /* Use device a for a while. */
    drv_init(&d, ALL_BLK_FEATURES);
    fill(PAYLOAD_ADDR, 0x61, 512);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_OUT, 2, PAYLOAD_ADDR, 512, false, NULL),
                     VIRTIO_BLK_S_OK);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_FLUSH, 0, 0, 0, false, NULL), VIRTIO_BLK_S_OK);
    used_a = gr16(d.used + 2);
    ck_assert_uint_eq(used_a, 2);

    /* Save a's section (the block layer is idle, as after vm stop). */
    blk_drain_all();
    f = qemu_file_new_mem_output();
    ck_assert_int_eq(vmstate_save_state(f, DEVICE_GET_CLASS(a)->vmsd, a, NULL, &err), 0);
    data = qemu_file_mem_output_data(f, &len);

    /* b sits on the next transport, over a second drive, and gets a's state. */
    add_drive("d1", NULL);
    b = add_device("virtio-blk-device,drive=d1,id=b,share-rw=on", &error_fatal);
    {
        QEMUFile *in = qemu_file_new_mem_input(data, len);
        int ret = vmstate_load_state(in, DEVICE_GET_CLASS(b)->vmsd, b, 2, &err);

        ck_assert_msg(ret == 0, "%s", err ? error_get_pretty(err) : "");
        qemu_fclose(in);
    }
    qemu_fclose(f);

    /* b's transport is where the guest driver now talks, with a's rings. */
    d2 = d;
    d2.base = MMIO_BASE2;
    ck_assert(reg_r(&d2, R_STATUS) & VIRTIO_CONFIG_S_DRIVER_OK);
    ck_assert_int_eq(do_req(&d2, VIRTIO_BLK_T_IN, 2, PAYLOAD_ADDR + 4096, 512, true, NULL),
                     VIRTIO_BLK_S_OK);
    ck_assert(check_fill(PAYLOAD_ADDR + 4096, 0x61, 512));
    ck_assert_uint_eq(gr16(d.used + 2), used_a + 1);
}
END_TEST

START_TEST(test_request_completing_after_stop_is_pushed)
{
    Drv d;

    start("virt", NULL, NULL);
    drv_init(&d, ALL_BLK_FEATURES);
    fill(PAYLOAD_ADDR, 0x13, 4096);
    put_hdr(HDR_ADDR, VIRTIO_BLK_T_OUT, 40);
    gw8(STATUS_ADDR, 0xee);
    drv_add(&d, (Buf[]) { { HDR_ADDR, 16, false }, { PAYLOAD_ADDR, 4096, false },
                          { STATUS_ADDR, 1, true } }, 3);
    drv_kick(&d, 0);
    /* The VM stops with the request in the block layer; stopping drains it. */
    runstate_set(RUN_STATE_PAUSED);
    blk_drain_all();
    ck_assert_uint_eq(gr16(d.used + 2), 1);
    ck_assert_uint_eq(gr8(STATUS_ADDR), VIRTIO_BLK_S_OK);
    ck_assert_uint_eq(reg_r(&d, R_INT_STATUS) & VIRTIO_ISR_QUEUE, VIRTIO_ISR_QUEUE);
}
END_TEST

START_TEST(test_reset_with_request_in_flight_completes_it_first)
{
    Drv d;
    uint8_t file[4096];
    VirtIOBlock *s = start("virt", NULL, "bootindex=1");

    drv_init(&d, ALL_BLK_FEATURES);
    fill(PAYLOAD_ADDR, 0x57, 4096);
    put_hdr(HDR_ADDR, VIRTIO_BLK_T_OUT, 64);
    drv_add(&d, (Buf[]) { { HDR_ADDR, 16, false }, { PAYLOAD_ADDR, 4096, false },
                          { STATUS_ADDR, 1, true } }, 3);
    drv_kick(&d, 0);
    /* The guest resets the device while the write is in the block layer. */
    reg_w(&d, R_STATUS, 0);
    ck_assert_int_eq(blk_in_flight(s->conf.conf.blk), 0);
    image_pread(64 * 512, file, sizeof(file));
    for (int i = 0; i < 4096; i++) {
        ck_assert_uint_eq(file[i], (uint8_t)(0x57 + i * 7));
    }
    /* The device starts afresh. */
    drv_init(&d, ALL_BLK_FEATURES);
    ck_assert_int_eq(do_req(&d, VIRTIO_BLK_T_IN, 64, PAYLOAD_ADDR, 512, true, NULL),
                     VIRTIO_BLK_S_OK);
    ck_assert(check_fill(PAYLOAD_ADDR, 0x57, 512));
}
END_TEST

static Suite *virtio_blk_suite(void)
{
    Suite *s = suite_create("virtio-blk");
    TCase *io = tcase_create("io");
    TCase *conf = tcase_create("config");
    TCase *err = tcase_create("errors");
    TCase *mig = tcase_create("migration");

    tcase_add_checked_fixture(io, setup, teardown);
    tcase_add_test(io, test_write_then_read_back);
    tcase_add_test(io, test_scattered_buffers_and_shared_status_descriptor);
    tcase_add_test(io, test_two_requests_in_one_kick);
    tcase_add_test(io, test_used_buffer_interrupt);
    tcase_add_test(io, test_flush);
    tcase_add_test(io, test_get_id);
    tcase_add_test(io, test_get_id_long_serial_is_cut_at_20);
    tcase_add_test(io, test_write_zeroes);
    tcase_add_test(io, test_write_zeroes_segment_limits);
    tcase_add_test(io, test_discard);
    tcase_add_test(io, test_multiqueue);
    tcase_add_test(io, test_modern_transport);
    suite_add_tcase(s, io);

    tcase_add_checked_fixture(conf, setup, teardown);
    tcase_add_test(conf, test_config_and_features);
    tcase_add_test(conf, test_block_size_properties_show_in_config);
    tcase_add_test(conf, test_geometry_from_partition_table);
    tcase_add_test(conf, test_geometry_lba_partition_table);
    tcase_add_test(conf, test_geometry_properties);
    tcase_add_test(conf, test_discard_off_answers_unsupp_and_shrinks_config);
    tcase_add_test(conf, test_config_wce_toggles_write_cache);
    tcase_add_test(conf, test_no_config_wce_driver_gets_cache_from_flush);
    tcase_add_test(conf, test_realize_errors);
    tcase_add_test(conf, test_compat_machines);
    suite_add_tcase(s, conf);

    tcase_add_checked_fixture(err, setup, teardown);
    tcase_add_test(err, test_out_of_range_and_bad_lengths);
    tcase_add_test(err, test_unknown_types_are_unsupp);
    tcase_add_test(err, test_read_only_drive);
    tcase_add_test(err, test_missing_status_buffer_breaks_device);
    tcase_add_test(err, test_short_header_breaks_device);
    tcase_add_test(err, test_no_readable_part_breaks_device_modern);
    suite_add_tcase(s, err);

    tcase_add_checked_fixture(mig, setup, teardown);
    tcase_add_test(mig, test_migrate_into_second_device);
    tcase_add_test(mig, test_request_completing_after_stop_is_pushed);
    tcase_add_test(mig, test_reset_with_request_in_flight_completes_it_first);
    suite_add_tcase(s, mig);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(virtio_blk_suite());
    int failed;

    signal(SIGPIPE, SIG_IGN);
    memory_init();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
