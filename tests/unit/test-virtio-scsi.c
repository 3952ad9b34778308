/*
 * Unit tests for virtio-scsi-device on the virt board's virtio-mmio
 * transports, with scsi-hd disks over temporary raw images.  The test is the
 * guest driver: rings for the control, event and request queues in guest
 * RAM, registers poked through the memory API.  It checks what a guest sees:
 * config, responses, sense, task management, hot-plug events, a malformed
 * request breaking the device, and the migration section names (seed 000).
 */
#include "qemu/osdep.h"
#include <check.h>
#include <signal.h>
#include <fcntl.h>
#include "hw/boards.h"
#include "hw/qdev-core.h"
#include "hw/virtio/virtio-scsi.h"
#include "migration/misc.h"
#include "migration/qemu-file.h"
#include "migration/vmstate.h"
#include "qemu/bswap.h"
#include "qemu/option.h"
#include "system/block-backend.h"
#include "system/memory.h"

#define MMIO_BASE 0x0a003e00ULL        /* where the first -device virtio lands */
#define MMIO_BASE2 0x0a003c00ULL       /* the second */
#define RING_BASE 0x40100000ULL        /* queue q's rings at RING_BASE + q * 0x10000 */
#define DATA_BASE 0x40400000ULL
#define QSIZE 1024                     /* what Linux uses: virtio-mmio offers up to 1024 */
#define NQUEUES 3                      /* control, event, one request queue */
#define Q_CTRL 0
#define Q_EVENT 1
#define Q_CMD 2
#define DISK_BLOCKS 2048

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

#define AS (&address_space_memory)
#define ATTRS MEMTXATTRS_UNSPECIFIED
static void gw(hwaddr a, const void *b, size_t n) { address_space_write(AS, a, ATTRS, b, n); }
static void gr(hwaddr a, void *b, size_t n) { address_space_read(AS, a, ATTRS, b, n); }
static void gw16(hwaddr a, uint16_t v) { address_space_stw_le(AS, a, v, ATTRS, NULL); }
static void gw32(hwaddr a, uint32_t v) { address_space_stl_le(AS, a, v, ATTRS, NULL); }
static void gw64(hwaddr a, uint64_t v) { address_space_stq_le(AS, a, v, ATTRS, NULL); }
static uint8_t gr8(hwaddr a) { return address_space_ldub(AS, a, ATTRS, NULL); }
static uint16_t gr16(hwaddr a) { return address_space_lduw_le(AS, a, ATTRS, NULL); }
static uint32_t gr32(hwaddr a) { return address_space_ldl_le(AS, a, ATTRS, NULL); }

/* ---- a minimal multi-queue driver ---- */

typedef struct DrvQueue {
    hwaddr desc, avail, used;
    uint16_t avail_idx, used_idx, next_desc;
} DrvQueue;

typedef struct Drv {
    hwaddr base;
    bool modern;
    uint64_t features;                 /* offered */
    DrvQueue q[NQUEUES];
} Drv;

static void reg_w(Drv *d, hwaddr off, uint32_t v) { gw32(d->base + off, v); }
static uint32_t reg_r(Drv *d, hwaddr off) { return gr32(d->base + off); }

static void drv_init(Drv *d, hwaddr base, uint64_t want)
{
    uint32_t st = VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER;
    uint64_t acked;

    memset(d, 0, sizeof(*d));
    d->base = base;
    ck_assert_uint_eq(reg_r(d, R_MAGIC), 0x74726976);
    ck_assert_uint_eq(reg_r(d, R_DEVICE_ID), VIRTIO_ID_SCSI);
    d->modern = reg_r(d, R_VERSION) == 2;
    reg_w(d, R_STATUS, 0);
    reg_w(d, R_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE);
    reg_w(d, R_STATUS, st);
    reg_w(d, R_DEV_FEATURES_SEL, 0);
    d->features = reg_r(d, R_DEV_FEATURES);
    reg_w(d, R_DEV_FEATURES_SEL, 1);
    d->features |= (uint64_t)reg_r(d, R_DEV_FEATURES) << 32;
    acked = (d->features & want) | (d->modern ? 1ULL << VIRTIO_F_VERSION_1 : 0);
    reg_w(d, R_DRV_FEATURES_SEL, 0);
    reg_w(d, R_DRV_FEATURES, (uint32_t)acked);
    reg_w(d, R_DRV_FEATURES_SEL, 1);
    reg_w(d, R_DRV_FEATURES, acked >> 32);
    if (d->modern) {
        st |= VIRTIO_CONFIG_S_FEATURES_OK;
        reg_w(d, R_STATUS, st);
    } else {
        reg_w(d, R_GUEST_PAGE_SIZE, 4096);
    }
    for (int q = 0; q < NQUEUES; q++) {
        DrvQueue *dq = &d->q[q];
        hwaddr ring = RING_BASE + q * 0x10000 + (base == MMIO_BASE2 ? 0x100000 : 0);
        dq->desc = ring;
        dq->avail = ring + 16 * QSIZE;
        dq->used = QEMU_ALIGN_UP(dq->avail + 6 + 2 * QSIZE, 4096);
        for (hwaddr a = ring; a < dq->used + 4096; a += 8) {
            gw64(a, 0);
        }
        reg_w(d, R_QUEUE_SEL, q);
        ck_assert_uint_ge(reg_r(d, R_QUEUE_NUM_MAX), QSIZE);
        reg_w(d, R_QUEUE_NUM, QSIZE);
        if (d->modern) {
            reg_w(d, R_DESC_LO, (uint32_t)dq->desc);
            reg_w(d, R_DESC_HI, dq->desc >> 32);
            reg_w(d, R_AVAIL_LO, (uint32_t)dq->avail);
            reg_w(d, R_AVAIL_HI, dq->avail >> 32);
            reg_w(d, R_USED_LO, (uint32_t)dq->used);
            reg_w(d, R_USED_HI, dq->used >> 32);
            reg_w(d, R_QUEUE_READY, 1);
        } else {
            reg_w(d, R_QUEUE_ALIGN, 4096);
            reg_w(d, R_QUEUE_PFN, ring >> 12);
        }
    }
    reg_w(d, R_STATUS, st | VIRTIO_CONFIG_S_DRIVER_OK);
}

typedef struct Buf {
    hwaddr addr;
    uint32_t len;
    bool write;
} Buf;

static uint16_t drv_add(Drv *d, int q, const Buf *bufs, int n)
{
    DrvQueue *dq = &d->q[q];
    uint16_t head = dq->next_desc;

    for (int i = 0; i < n; i++) {
        uint16_t idx = (head + i) % QSIZE;
        hwaddr da = dq->desc + 16 * idx;
        gw64(da, bufs[i].addr);
        gw32(da + 8, bufs[i].len);
        gw16(da + 12, (bufs[i].write ? VRING_DESC_F_WRITE : 0) |
                      (i + 1 < n ? VRING_DESC_F_NEXT : 0));
        gw16(da + 14, (idx + 1) % QSIZE);
    }
    dq->next_desc = (head + n) % QSIZE;
    gw16(dq->avail + 4 + 2 * (dq->avail_idx % QSIZE), head);
    dq->avail_idx++;
    gw16(dq->avail + 2, dq->avail_idx);
    return head;
}

static void drv_kick(Drv *d, int q)
{
    reg_w(d, R_QUEUE_NOTIFY, q);
}

static int drv_pending(Drv *d, int q)
{
    blk_drain_all();
    return (uint16_t)(gr16(d->q[q].used + 2) - d->q[q].used_idx);
}

static uint32_t drv_pop_used(Drv *d, int q, uint16_t *id)
{
    DrvQueue *dq = &d->q[q];
    hwaddr e = dq->used + 4 + 8 * (dq->used_idx % QSIZE);

    if (id) {
        *id = gr32(e);
    }
    dq->used_idx++;
    return gr32(e + 4);
}

/* ---- SCSI commands through the request queue ---- */

#define REQ_ADDR (DATA_BASE)
#define RESP_ADDR (DATA_BASE + 0x100)
#define DATA_ADDR (DATA_BASE + 0x1000)
#define REQ_SIZE (19 + 32)
#define RESP_SIZE (12 + 96)

typedef struct Resp {
    uint32_t sense_len;
    uint32_t resid;
    uint8_t status;
    uint8_t response;
    uint8_t sense[96];
    uint32_t used_len;
} Resp;

static void put_lun(uint8_t *lun, int target, int l)
{
    memset(lun, 0, 8);
    lun[0] = 1;
    lun[1] = target;
    lun[2] = l >= 256 ? 0x40 | (l >> 8) : 0;
    lun[3] = l & 0xff;
}

/*
 * Send cdb to target/lun with a data buffer of len bytes at DATA_ADDR
 * (data_in: device-writable); wait for the answer.
 */
static Resp cmd_lun(Drv *d, int target, int lun, const uint8_t *cdb, size_t cdb_len,
                    uint32_t len, bool data_in)
{
    uint8_t req[REQ_SIZE] = { 0 };
    uint8_t raw[RESP_SIZE];
    Buf bufs[3];
    int n = 0;
    uint16_t head, id;
    Resp r;

    put_lun(req, target, lun);
    stq_le_p(req + 8, 0x1234);
    memcpy(req + 19, cdb, cdb_len);
    gw(REQ_ADDR, req, sizeof(req));
    memset(raw, 0xee, sizeof(raw));
    gw(RESP_ADDR, raw, sizeof(raw));
    bufs[n++] = (Buf){ REQ_ADDR, REQ_SIZE, false };
    if (len && !data_in) {
        bufs[n++] = (Buf){ DATA_ADDR, len, false };
    }
    bufs[n++] = (Buf){ RESP_ADDR, RESP_SIZE, true };
    if (len && data_in) {
        bufs[n++] = (Buf){ DATA_ADDR, len, true };
    }
    head = drv_add(d, Q_CMD, bufs, n);
    drv_kick(d, Q_CMD);
    ck_assert_int_eq(drv_pending(d, Q_CMD), 1);
    r.used_len = drv_pop_used(d, Q_CMD, &id);
    ck_assert_uint_eq(id, head);
    gr(RESP_ADDR, raw, sizeof(raw));
    r.sense_len = ldl_le_p(raw);
    r.resid = ldl_le_p(raw + 4);
    r.status = raw[10];
    r.response = raw[11];
    memcpy(r.sense, raw + 12, 96);
    return r;
}

#define CMD(d, len, in, ...) ({ \
    const uint8_t cdb_[] = { __VA_ARGS__ }; \
    cmd_lun(d, 0, 0, cdb_, sizeof(cdb_), len, in); \
})

/* ---- machine, images ---- */

static char image_path[3][64];

static void make_image(int i)
{
    g_autofree uint8_t *data = g_malloc(DISK_BLOCKS * 512);
    int fd;

    strcpy(image_path[i], "/tmp/test-virtio-scsi-XXXXXX");
    fd = mkstemp(image_path[i]);
    ck_assert_int_ge(fd, 0);
    for (int b = 0; b < DISK_BLOCKS; b++) {
        memset(data + b * 512, b & 0xff, 512);
    }
    ck_assert_int_eq(write(fd, data, DISK_BLOCKS * 512), DISK_BLOCKS * 512);
    close(fd);
}

static void setup(void)
{
    for (int i = 0; i < 3; i++) {
        make_image(i);
    }
}

static void teardown(void)
{
    for (int i = 0; i < 3; i++) {
        unlink(image_path[i]);
    }
}

static void start_machine(const char *name)
{
    MachineClass *mc = machine_find_class(name);
    MachineState *ms;

    ck_assert_msg(mc != NULL, "machine %s missing", name);
    ms = machine_create(mc, &error_fatal);
    ck_assert(machine_run_board_init(ms, &error_fatal));
}

static void add_drive(const char *id, int image)
{
    g_autofree char *opts = g_strdup_printf("if=none,id=%s,format=raw,file=%s", id,
                                            image_path[image]);
    Error *err = NULL;

    ck_assert_msg(drive_new_from_opts(opts, &err), "%s", err ? error_get_pretty(err) : "");
}

static DeviceState *add_device(const char *str, Error **errp)
{
    QemuOpts *opts = qemu_opts_parse(str, "driver", &error_fatal);
    DeviceState *dev = qdev_device_add(opts, false, errp);

    qemu_opts_del(opts);
    return dev;
}

/* virt, virtio-scsi-device scsi0 with scsi-hd disk0 (drive d0) at 0:0:0. */
static VirtIOSCSI *start(void)
{
    DeviceState *hba;

    start_machine("virt");
    hba = add_device("virtio-scsi-device,id=scsi0", &error_fatal);
    add_drive("d0", 0);
    add_device("scsi-hd,id=disk0,bus=scsi0.0,drive=d0,scsi-id=0,lun=0", &error_fatal);
    return VIRTIO_SCSI(hba);
}

#define FEATURES ((1ULL << VIRTIO_SCSI_F_HOTPLUG) | (1ULL << VIRTIO_SCSI_F_CHANGE))

/* Take the power-on unit attention out of the way. */
static void clear_ua(Drv *d)
{
    CMD(d, 0, false, TEST_UNIT_READY, 0, 0, 0, 0, 0);
    CMD(d, 0, false, TEST_UNIT_READY, 0, 0, 0, 0, 0);
}

/* ---- tests ---- */

START_TEST(test_config_and_features)
{
    hwaddr cfg = MMIO_BASE + R_CONFIG;
    Drv d;

    start();
    drv_init(&d, MMIO_BASE, FEATURES);
    ck_assert(d.features & (1ULL << VIRTIO_SCSI_F_HOTPLUG));
    ck_assert(d.features & (1ULL << VIRTIO_SCSI_F_CHANGE));
    ck_assert(!(d.features & (1ULL << VIRTIO_SCSI_F_T10_PI)));
    ck_assert(!(d.features & (1ULL << VIRTIO_SCSI_F_INOUT)));
    ck_assert_uint_eq(gr32(cfg + 0), 1);         /* num_queues */
    ck_assert_uint_eq(gr32(cfg + 4), 254);       /* seg_max = virtqueue_size - 2 */
    ck_assert_uint_eq(gr32(cfg + 8), 0xffff);    /* max_sectors */
    ck_assert_uint_eq(gr32(cfg + 12), 128);      /* cmd_per_lun */
    ck_assert_uint_eq(gr32(cfg + 16), 16);       /* event_info_size */
    ck_assert_uint_eq(gr32(cfg + 20), 96);       /* sense_size */
    ck_assert_uint_eq(gr32(cfg + 24), 32);       /* cdb_size */
    ck_assert_uint_eq(gr16(cfg + 28), 0);        /* max_channel */
    ck_assert_uint_eq(gr16(cfg + 30), 255);      /* max_target */
    ck_assert_uint_eq(gr32(cfg + 32), 16383);    /* max_lun */
    /* sense_size and cdb_size are the driver's to set. */
    gw32(cfg + 20, 64);
    gw32(cfg + 24, 16);
    ck_assert_uint_eq(gr32(cfg + 20), 64);
    ck_assert_uint_eq(gr32(cfg + 24), 16);
    /* A reset brings back the defaults. */
    drv_init(&d, MMIO_BASE, FEATURES);
    ck_assert_uint_eq(gr32(cfg + 20), 96);
    ck_assert_uint_eq(gr32(cfg + 24), 32);
}
END_TEST

START_TEST(test_queue_properties)
{
    hwaddr cfg = MMIO_BASE + R_CONFIG;
    Error *err = NULL;
    Drv d;

    start_machine("virt");
    add_device("virtio-scsi-device,num_queues=4,virtqueue_size=128,hotplug=off", &error_fatal);
    memset(&d, 0, sizeof(d));
    d.base = MMIO_BASE;
    ck_assert_uint_eq(gr32(cfg), 4);
    ck_assert_uint_eq(gr32(cfg + 4), 126);
    reg_w(&d, R_DEV_FEATURES_SEL, 0);
    ck_assert(!(reg_r(&d, R_DEV_FEATURES) & (1u << VIRTIO_SCSI_F_HOTPLUG)));
    /* Queues: control, event and four request queues. */
    reg_w(&d, R_QUEUE_SEL, 5);
    ck_assert_uint_ne(reg_r(&d, R_QUEUE_NUM_MAX), 0);
    reg_w(&d, R_QUEUE_SEL, 6);
    ck_assert_uint_eq(reg_r(&d, R_QUEUE_NUM_MAX), 0);

    ck_assert_ptr_null(add_device("virtio-scsi-device,num_queues=0", &err));
    ck_assert_str_eq(error_get_pretty(err),
                     "Invalid number of queues (= 0), must be a positive integer less than "
                     "1022.");
    error_free(err);
    err = NULL;
    ck_assert_ptr_null(add_device("virtio-scsi-device,virtqueue_size=2", &err));
    ck_assert_str_eq(error_get_pretty(err),
                     "invalid virtqueue_size property (= 2), must be > 2");
    error_free(err);
}
END_TEST

START_TEST(test_write_read_round_trip)
{
    uint8_t out[1024], in[1024];
    Resp r;
    Drv d;

    start();
    drv_init(&d, MMIO_BASE, FEATURES);
    clear_ua(&d);
    for (int i = 0; i < 1024; i++) {
        out[i] = i * 13;
    }
    gw(DATA_ADDR, out, sizeof(out));
    r = CMD(&d, 1024, false, WRITE_10, 0, 0, 0, 0, 100, 0, 0, 2, 0);
    ck_assert_int_eq(r.response, VIRTIO_SCSI_S_OK);
    ck_assert_int_eq(r.status, GOOD);
    ck_assert_uint_eq(r.resid, 0);
    ck_assert_uint_eq(r.sense_len, 0);
    ck_assert_uint_eq(r.used_len, RESP_SIZE);

    memset(in, 0, sizeof(in));
    gw(DATA_ADDR, in, sizeof(in));
    r = CMD(&d, 1024, true, READ_10, 0, 0, 0, 0, 100, 0, 0, 2, 0);
    ck_assert_int_eq(r.response, VIRTIO_SCSI_S_OK);
    ck_assert_int_eq(r.status, GOOD);
    ck_assert_uint_eq(r.resid, 0);
    ck_assert_uint_eq(r.used_len, RESP_SIZE + 1024);
    gr(DATA_ADDR, in, sizeof(in));
    ck_assert(!memcmp(in, out, sizeof(in)));
    /* It is on the image. */
    {
        int fd = open(image_path[0], O_RDONLY);
        ck_assert_int_eq(pread(fd, in, 1024, 100 * 512), 1024);
        close(fd);
        ck_assert(!memcmp(in, out, sizeof(in)));
    }

    /* INQUIRY into a bigger buffer: the residual says how much was left. */
    r = CMD(&d, 200, true, INQUIRY, 0, 0, 0, 200, 0);
    ck_assert_int_eq(r.status, GOOD);
    ck_assert_uint_eq(r.resid, 200 - 36);
    ck_assert_uint_eq(r.used_len, RESP_SIZE + 36);
    gr(DATA_ADDR + 16, in, 16);
    ck_assert(!memcmp(in, "QEMU HARDDISK   ", 16));
}
END_TEST

START_TEST(test_check_condition_carries_sense)
{
    Resp r;
    Drv d;

    start();
    drv_init(&d, MMIO_BASE, FEATURES);
    /* The first command after power-on reports the reset. */
    r = CMD(&d, 0, false, TEST_UNIT_READY, 0, 0, 0, 0, 0);
    ck_assert_int_eq(r.response, VIRTIO_SCSI_S_OK);
    ck_assert_int_eq(r.status, CHECK_CONDITION);
    ck_assert_uint_eq(r.sense_len, 18);
    ck_assert_int_eq(r.sense[2], UNIT_ATTENTION);
    ck_assert_int_eq(r.sense[12], 0x29);
    r = CMD(&d, 0, false, TEST_UNIT_READY, 0, 0, 0, 0, 0);
    ck_assert_int_eq(r.status, GOOD);

    r = CMD(&d, 512, true, READ_10, 0, 0, 0, 0x08, 0x00, 0, 0, 1, 0);
    ck_assert_int_eq(r.response, VIRTIO_SCSI_S_OK);
    ck_assert_int_eq(r.status, CHECK_CONDITION);
    ck_assert_uint_eq(r.sense_len, 18);
    ck_assert_int_eq(r.sense[2], ILLEGAL_REQUEST);
    ck_assert_int_eq(r.sense[12], 0x21);
    ck_assert_uint_eq(r.resid, 512);
    /* Only sense_len bytes of the sense buffer are written. */
    ck_assert_int_eq(r.sense[18], 0xee);

    /* A smaller sense buffer set by the driver cuts the sense. */
    gw32(MMIO_BASE + R_CONFIG + 20, 8);
    {
        uint8_t req[REQ_SIZE] = { 0 };
        Buf bufs[2] = { { REQ_ADDR, REQ_SIZE, false }, { RESP_ADDR, 12 + 8, true } };
        put_lun(req, 0, 0);
        req[19] = 0x02;                          /* no such command */
        gw(REQ_ADDR, req, sizeof(req));
        drv_add(&d, Q_CMD, bufs, 2);
        drv_kick(&d, Q_CMD);
        ck_assert_int_eq(drv_pending(&d, Q_CMD), 1);
        ck_assert_uint_eq(drv_pop_used(&d, Q_CMD, NULL), 20);
        ck_assert_uint_eq(gr32(RESP_ADDR), 8);
        ck_assert_int_eq(gr8(RESP_ADDR + 10), CHECK_CONDITION);
        ck_assert_int_eq(gr8(RESP_ADDR + 12 + 2), ILLEGAL_REQUEST);
    }
}
END_TEST

START_TEST(test_bad_target_and_bad_lun)
{
    uint8_t buf[36];
    const uint8_t inq[6] = { INQUIRY, 0, 0, 0, 36, 0 };
    const uint8_t tur[6] = { TEST_UNIT_READY, 0, 0, 0, 0, 0 };
    Resp r;
    Drv d;

    start();
    drv_init(&d, MMIO_BASE, FEATURES);
    clear_ua(&d);
    /* No target 5. */
    r = cmd_lun(&d, 5, 0, tur, 6, 0, false);
    ck_assert_int_eq(r.response, VIRTIO_SCSI_S_BAD_TARGET);
    /* Target 0 exists, LUN 7 does not: the target answers for it. */
    r = cmd_lun(&d, 0, 7, inq, 6, 36, true);
    ck_assert_int_eq(r.response, VIRTIO_SCSI_S_OK);
    ck_assert_int_eq(r.status, GOOD);
    gr(DATA_ADDR, buf, 36);
    ck_assert_int_eq(buf[0], 0x7f);
    r = cmd_lun(&d, 0, 7, tur, 6, 0, false);
    ck_assert_int_eq(r.status, CHECK_CONDITION);
    ck_assert_int_eq(r.sense[2], ILLEGAL_REQUEST);
    ck_assert_int_eq(r.sense[12], 0x25);
    /* A LUN field that is not a single-level LUN. */
    {
        uint8_t req[REQ_SIZE] = { 0 };
        Buf bufs[2] = { { REQ_ADDR, REQ_SIZE, false }, { RESP_ADDR, RESP_SIZE, true } };
        req[0] = 2;
        gw(REQ_ADDR, req, sizeof(req));
        drv_add(&d, Q_CMD, bufs, 2);
        drv_kick(&d, Q_CMD);
        ck_assert_int_eq(drv_pending(&d, Q_CMD), 1);
        drv_pop_used(&d, Q_CMD, NULL);
        ck_assert_int_eq(gr8(RESP_ADDR + 11), VIRTIO_SCSI_S_BAD_TARGET);
    }
}
END_TEST

START_TEST(test_overrun_and_bidirectional)
{
    Resp r;
    Drv d;

    start();
    drv_init(&d, MMIO_BASE, FEATURES);
    clear_ua(&d);
    /* Two blocks into a one-block buffer. */
    r = CMD(&d, 512, true, READ_10, 0, 0, 0, 0, 0, 0, 0, 2, 0);
    ck_assert_int_eq(r.response, VIRTIO_SCSI_S_OVERRUN);
    /* A READ with a data-out buffer. */
    r = CMD(&d, 512, false, READ_10, 0, 0, 0, 0, 0, 0, 0, 1, 0);
    ck_assert_int_eq(r.response, VIRTIO_SCSI_S_OVERRUN);
    /* Data both ways needs VIRTIO_SCSI_F_INOUT. */
    {
        uint8_t req[REQ_SIZE] = { 0 };
        Buf bufs[4] = {
            { REQ_ADDR, REQ_SIZE, false }, { DATA_ADDR, 512, false },
            { RESP_ADDR, RESP_SIZE, true }, { DATA_ADDR + 512, 512, true },
        };
        put_lun(req, 0, 0);
        req[19] = READ_10;
        req[19 + 8] = 1;
        gw(REQ_ADDR, req, sizeof(req));
        drv_add(&d, Q_CMD, bufs, 4);
        drv_kick(&d, Q_CMD);
        ck_assert_int_eq(drv_pending(&d, Q_CMD), 1);
        drv_pop_used(&d, Q_CMD, NULL);
        ck_assert_int_eq(gr8(RESP_ADDR + 11), VIRTIO_SCSI_S_FAILURE);
    }
    /* The device still works. */
    r = CMD(&d, 512, true, READ_10, 0, 0, 0, 0, 0, 0, 0, 1, 0);
    ck_assert_int_eq(r.status, GOOD);
}
END_TEST

#define CTRL_REQ (DATA_BASE + 0x800)
#define CTRL_RESP (DATA_BASE + 0x900)

static uint8_t tmf(Drv *d, uint32_t subtype, int target, int lun, uint64_t tag)
{
    uint8_t req[24];
    Buf bufs[2] = { { CTRL_REQ, sizeof(req), false }, { CTRL_RESP, 1, true } };

    stl_le_p(req, VIRTIO_SCSI_T_TMF);
    stl_le_p(req + 4, subtype);
    put_lun(req + 8, target, lun);
    stq_le_p(req + 16, tag);
    gw(CTRL_REQ, req, sizeof(req));
    address_space_stb(AS, CTRL_RESP, 0xee, ATTRS, NULL);
    drv_add(d, Q_CTRL, bufs, 2);
    drv_kick(d, Q_CTRL);
    ck_assert_int_eq(drv_pending(d, Q_CTRL), 1);
    ck_assert_uint_eq(drv_pop_used(d, Q_CTRL, NULL), 1);
    return gr8(CTRL_RESP);
}

START_TEST(test_task_management)
{
    Resp r;
    Drv d;

    start();
    drv_init(&d, MMIO_BASE, FEATURES);
    clear_ua(&d);
    ck_assert_int_eq(tmf(&d, VIRTIO_SCSI_T_TMF_ABORT_TASK, 0, 0, 77),
                     VIRTIO_SCSI_S_FUNCTION_COMPLETE);
    ck_assert_int_eq(tmf(&d, VIRTIO_SCSI_T_TMF_ABORT_TASK_SET, 0, 0, 0),
                     VIRTIO_SCSI_S_FUNCTION_COMPLETE);
    ck_assert_int_eq(tmf(&d, VIRTIO_SCSI_T_TMF_QUERY_TASK_SET, 0, 0, 0),
                     VIRTIO_SCSI_S_FUNCTION_COMPLETE);
    ck_assert_int_eq(tmf(&d, VIRTIO_SCSI_T_TMF_CLEAR_ACA, 0, 0, 0),
                     VIRTIO_SCSI_S_FUNCTION_REJECTED);
    ck_assert_int_eq(tmf(&d, VIRTIO_SCSI_T_TMF_ABORT_TASK, 9, 0, 1),
                     VIRTIO_SCSI_S_BAD_TARGET);
    ck_assert_int_eq(tmf(&d, VIRTIO_SCSI_T_TMF_LOGICAL_UNIT_RESET, 0, 4, 0),
                     VIRTIO_SCSI_S_INCORRECT_LUN);
    /* A LUN reset: the next command sees the reset. */
    ck_assert_int_eq(tmf(&d, VIRTIO_SCSI_T_TMF_LOGICAL_UNIT_RESET, 0, 0, 0),
                     VIRTIO_SCSI_S_FUNCTION_COMPLETE);
    r = CMD(&d, 0, false, TEST_UNIT_READY, 0, 0, 0, 0, 0);
    ck_assert_int_eq(r.status, CHECK_CONDITION);
    ck_assert_int_eq(r.sense[2], UNIT_ATTENTION);
    ck_assert_int_eq(r.sense[12], 0x29);
    ck_assert_int_eq(r.sense[13], 0x00);
    ck_assert_int_eq(tmf(&d, VIRTIO_SCSI_T_TMF_I_T_NEXUS_RESET, 0, 0, 0),
                     VIRTIO_SCSI_S_FUNCTION_COMPLETE);
    r = CMD(&d, 0, false, TEST_UNIT_READY, 0, 0, 0, 0, 0);
    ck_assert_int_eq(r.status, CHECK_CONDITION);
    ck_assert_int_eq(r.sense[2], UNIT_ATTENTION);

    /* Asynchronous notification: nothing is supported. */
    {
        uint8_t req[16];
        Buf bufs[2] = { { CTRL_REQ, sizeof(req), false }, { CTRL_RESP, 5, true } };
        stl_le_p(req, VIRTIO_SCSI_T_AN_QUERY);
        put_lun(req + 4, 0, 0);
        stl_le_p(req + 12, 0xffff);
        gw(CTRL_REQ, req, sizeof(req));
        gw32(CTRL_RESP, 0xeeeeeeee);
        drv_add(&d, Q_CTRL, bufs, 2);
        drv_kick(&d, Q_CTRL);
        ck_assert_int_eq(drv_pending(&d, Q_CTRL), 1);
        ck_assert_uint_eq(drv_pop_used(&d, Q_CTRL, NULL), 5);
        ck_assert_uint_eq(gr32(CTRL_RESP), 0);
        ck_assert_int_eq(gr8(CTRL_RESP + 4), VIRTIO_SCSI_S_OK);
    }
}
END_TEST

#define EVT_ADDR (DATA_BASE + 0xa00)

/* Is the device broken (and, for a 1.0 driver, does it say NEEDS_RESET)? */
static bool broken(Drv *d, VirtIOSCSI *s)
{
    bool needs_reset = reg_r(d, R_STATUS) & VIRTIO_CONFIG_S_NEEDS_RESET;
    ck_assert(!d->modern || needs_reset == VIRTIO_DEVICE(s)->broken);
    return VIRTIO_DEVICE(s)->broken;
}

static void malformed_requests(bool modern)
{
    Buf bufs[2] = { { REQ_ADDR, 10, false }, { RESP_ADDR, RESP_SIZE, true } };
    VirtIOSCSI *s;
    Resp r;
    Drv d;

    if (modern) {
        static GlobalProperty modern_mmio = { "virtio-mmio", "force-legacy", "false" };
        qdev_prop_register_global(&modern_mmio);
    }
    s = start();
    drv_init(&d, MMIO_BASE, FEATURES);
    ck_assert_int_eq(d.modern, modern);
    clear_ua(&d);
    /* A request header shorter than lun + tag + attributes + cdb. */
    drv_add(&d, Q_CMD, bufs, 2);
    drv_kick(&d, Q_CMD);
    ck_assert_int_eq(drv_pending(&d, Q_CMD), 0);
    ck_assert(broken(&d, s));
    /* Broken until reset: a good request now goes unanswered. */
    {
        uint8_t req[REQ_SIZE] = { 0 };
        Buf good[2] = { { REQ_ADDR, REQ_SIZE, false }, { RESP_ADDR, RESP_SIZE, true } };
        put_lun(req, 0, 0);
        gw(REQ_ADDR, req, sizeof(req));
        drv_add(&d, Q_CMD, good, 2);
        drv_kick(&d, Q_CMD);
        ck_assert_int_eq(drv_pending(&d, Q_CMD), 0);
    }
    /* After a reset requests work again. */
    drv_init(&d, MMIO_BASE, FEATURES);
    ck_assert(!broken(&d, s));
    /* The reset reached the disk: unit attention first. */
    r = CMD(&d, 0, false, TEST_UNIT_READY, 0, 0, 0, 0, 0);
    ck_assert_int_eq(r.status, CHECK_CONDITION);
    ck_assert_int_eq(r.sense[12], 0x29);
    r = CMD(&d, 512, true, READ_10, 0, 0, 0, 0, 3, 0, 0, 1, 0);
    ck_assert_int_eq(r.response, VIRTIO_SCSI_S_OK);
    ck_assert_int_eq(gr8(DATA_ADDR), 3);

    /* A response buffer too small for the header. */
    {
        Buf b2[2] = { { REQ_ADDR, REQ_SIZE, false }, { RESP_ADDR, 11, true } };
        drv_add(&d, Q_CMD, b2, 2);
        drv_kick(&d, Q_CMD);
        ck_assert_int_eq(drv_pending(&d, Q_CMD), 0);
        ck_assert(broken(&d, s));
    }
    /* A control request without its type; a TMF cut short. */
    drv_init(&d, MMIO_BASE, FEATURES);
    {
        Buf b3[2] = { { CTRL_REQ, 2, false }, { CTRL_RESP, 1, true } };
        drv_add(&d, Q_CTRL, b3, 2);
        drv_kick(&d, Q_CTRL);
        ck_assert_int_eq(drv_pending(&d, Q_CTRL), 0);
        ck_assert(broken(&d, s));
    }
    drv_init(&d, MMIO_BASE, FEATURES);
    {
        Buf b4[2] = { { CTRL_REQ, 8, false }, { CTRL_RESP, 1, true } };
        gw32(CTRL_REQ, VIRTIO_SCSI_T_TMF);
        drv_add(&d, Q_CTRL, b4, 2);
        drv_kick(&d, Q_CTRL);
        ck_assert_int_eq(drv_pending(&d, Q_CTRL), 0);
        ck_assert(broken(&d, s));
    }
    /* An event buffer the device may not write. */
    drv_init(&d, MMIO_BASE, FEATURES);
    {
        Buf b5 = { EVT_ADDR, 16, false };
        drv_add(&d, Q_EVENT, &b5, 1);
        add_drive("d1", 1);
        add_device("scsi-hd,bus=scsi0.0,drive=d1,scsi-id=3", &error_fatal);
        ck_assert_int_eq(drv_pending(&d, Q_EVENT), 0);
        ck_assert(broken(&d, s));
    }
    /* Bad config writes too. */
    drv_init(&d, MMIO_BASE, FEATURES);
    gw32(MMIO_BASE + R_CONFIG + 20, 70000);
    ck_assert(broken(&d, s));
}

START_TEST(test_malformed_requests_break_legacy_device)
{
    malformed_requests(false);
}
END_TEST

START_TEST(test_malformed_requests_break_modern_device)
{
    malformed_requests(true);
}
END_TEST

static void post_event_buffer(Drv *d, int i)
{
    Buf b = { EVT_ADDR + 16 * i, 16, true };
    drv_add(d, Q_EVENT, &b, 1);
    drv_kick(d, Q_EVENT);
}

START_TEST(test_hotplug_events)
{
    uint8_t evt[16];
    Drv d;
    Resp r;

    start();
    drv_init(&d, MMIO_BASE, FEATURES);
    clear_ua(&d);
    post_event_buffer(&d, 0);
    post_event_buffer(&d, 1);
    ck_assert_int_eq(drv_pending(&d, Q_EVENT), 0);

    add_drive("d1", 1);
    add_device("scsi-hd,id=hot,bus=scsi0.0,drive=d1,scsi-id=3,lun=2", &error_fatal);
    ck_assert_int_eq(drv_pending(&d, Q_EVENT), 1);
    ck_assert_uint_eq(drv_pop_used(&d, Q_EVENT, NULL), 16);
    gr(EVT_ADDR, evt, 16);
    ck_assert_uint_eq(ldl_le_p(evt), VIRTIO_SCSI_T_TRANSPORT_RESET);
    ck_assert(!memcmp(evt + 4, "\x01\x03\x00\x02\0\0\0\0", 8));
    ck_assert_uint_eq(ldl_le_p(evt + 12), VIRTIO_SCSI_EVT_RESET_RESCAN);
    /* The new disk answers; the bus reports REPORTED LUNS DATA HAS CHANGED once. */
    {
        const uint8_t tur[6] = { TEST_UNIT_READY, 0, 0, 0, 0, 0 };
        r = cmd_lun(&d, 0, 0, tur, 6, 0, false);
        ck_assert_int_eq(r.status, CHECK_CONDITION);
        ck_assert_int_eq(r.sense[12], 0x3f);
        ck_assert_int_eq(r.sense[13], 0x0e);
        r = cmd_lun(&d, 3, 2, tur, 6, 0, false);
        ck_assert_int_eq(r.response, VIRTIO_SCSI_S_OK);
    }

    /* Unplug: REMOVED. */
    qdev_destroy(qdev_find_by_id("hot"));
    ck_assert_int_eq(drv_pending(&d, Q_EVENT), 1);
    drv_pop_used(&d, Q_EVENT, NULL);
    gr(EVT_ADDR + 16, evt, 16);
    ck_assert_uint_eq(ldl_le_p(evt), VIRTIO_SCSI_T_TRANSPORT_RESET);
    ck_assert_uint_eq(ldl_le_p(evt + 12), VIRTIO_SCSI_EVT_RESET_REMOVED);
    {
        const uint8_t tur[6] = { TEST_UNIT_READY, 0, 0, 0, 0, 0 };
        r = cmd_lun(&d, 3, 2, tur, 6, 0, false);
        ck_assert_int_eq(r.response, VIRTIO_SCSI_S_BAD_TARGET);
    }

    /* No buffer: the event is lost and the next buffer says so. */
    add_drive("d2", 2);
    add_device("scsi-hd,id=hot2,bus=scsi0.0,drive=d2,scsi-id=4", &error_fatal);
    ck_assert_int_eq(drv_pending(&d, Q_EVENT), 0);
    post_event_buffer(&d, 2);
    ck_assert_int_eq(drv_pending(&d, Q_EVENT), 1);
    drv_pop_used(&d, Q_EVENT, NULL);
    gr(EVT_ADDR + 32, evt, 16);
    ck_assert_uint_eq(ldl_le_p(evt), VIRTIO_SCSI_T_NO_EVENT | VIRTIO_SCSI_T_EVENTS_MISSED);
}
END_TEST

START_TEST(test_no_events_without_hotplug_feature)
{
    Drv d;

    start();
    drv_init(&d, MMIO_BASE, 0);
    post_event_buffer(&d, 0);
    add_drive("d1", 1);
    add_device("scsi-hd,bus=scsi0.0,drive=d1,scsi-id=3", &error_fatal);
    ck_assert_int_eq(drv_pending(&d, Q_EVENT), 0);
}
END_TEST

/* ---- migration (seed 000) ---- */

static ssize_t find_bytes(const uint8_t *data, size_t len, const char *needle)
{
    size_t n = strlen(needle);
    for (size_t i = 0; i + n <= len; i++) {
        if (!memcmp(data + i, needle, n)) {
            return i;
        }
    }
    return -1;
}

START_TEST(test_two_hbas_have_distinct_sections)
{
    QEMUFile *f;
    Error *err = NULL;
    const uint8_t *p;
    uint8_t *data;
    size_t len;
    SCSIDevice *d0, *d1;

    start_machine("virt-2.7");
    add_device("virtio-scsi-device,id=scsi0", &error_fatal);
    add_device("virtio-scsi-device,id=scsi1", &error_fatal);
    add_drive("d0", 0);
    add_drive("d1", 1);
    d0 = SCSI_DEVICE(add_device("scsi-hd,bus=scsi0.0,drive=d0", &error_fatal));
    d1 = SCSI_DEVICE(add_device("scsi-hd,bus=scsi1.0,drive=d1", &error_fatal));
    {
        g_autofree char *p0 = qdev_get_dev_path(DEVICE(d0));
        g_autofree char *p1 = qdev_get_dev_path(DEVICE(d1));
        ck_assert_str_eq(p0, "virtio-mmio@000000000a003e00/0:0:0");
        ck_assert_str_eq(p1, "virtio-mmio@000000000a003c00/0:0:0");
    }
    ck_assert(!migration_is_blocked(NULL));
    /* Distinct state in each disk travels to the right one. */
    d0->unit_attention = SENSE_CODE(CAPACITY_CHANGED);
    d1->unit_attention = SENSE_CODE(REPORTED_LUNS_CHANGED);

    f = qemu_file_new_mem_output();
    ck_assert_msg(qemu_savevm_state(f, &err) == 0, "%s", err ? error_get_pretty(err) : "");
    p = qemu_file_mem_output_data(f, &len);
    data = g_memdup2(p, len);
    qemu_fclose(f);
    ck_assert_int_ge(find_bytes(data, len, "virtio-mmio@000000000a003e00/0:0:0/scsi-disk"), 0);
    ck_assert_int_ge(find_bytes(data, len, "virtio-mmio@000000000a003c00/0:0:0/scsi-disk"), 0);
    ck_assert_int_ge(find_bytes(data, len, "virtio-mmio@000000000a003e00/virtio-scsi"), 0);
    ck_assert_int_ge(find_bytes(data, len, "virtio-mmio@000000000a003c00/virtio-scsi"), 0);

    d0->unit_attention = d1->unit_attention = SENSE_CODE(NO_SENSE);
    f = qemu_file_new_mem_input(data, len);
    ck_assert_msg(qemu_loadvm_state(f, &err) == 0, "%s", err ? error_get_pretty(err) : "");
    qemu_fclose(f);
    ck_assert_int_eq(d0->unit_attention.asc, 0x2a);
    ck_assert_int_eq(d1->unit_attention.asc, 0x3f);
    g_free(data);
}
END_TEST

START_TEST(test_virt_2_6_clash_blocks_migration)
{
    start_machine("virt-2.6");
    add_device("virtio-scsi-device,id=scsi0", &error_fatal);
    add_device("virtio-scsi-device,id=scsi1", &error_fatal);
    add_drive("d0", 0);
    add_drive("d1", 1);
    add_device("scsi-hd,bus=scsi0.0,drive=d0", &error_fatal);
    /* QEMU 2.6 asserted here; we keep running and refuse to migrate. */
    add_device("scsi-hd,bus=scsi1.0,drive=d1", &error_fatal);
    ck_assert(migration_is_blocked(NULL));
}
END_TEST

START_TEST(test_io_through_migration_round_trip)
{
    QEMUFile *f;
    Error *err = NULL;
    const uint8_t *p;
    uint8_t *data;
    size_t len;
    Drv d;
    Resp r;

    start();
    drv_init(&d, MMIO_BASE, FEATURES);
    clear_ua(&d);
    f = qemu_file_new_mem_output();
    ck_assert_msg(qemu_savevm_state(f, &err) == 0, "%s", err ? error_get_pretty(err) : "");
    p = qemu_file_mem_output_data(f, &len);
    data = g_memdup2(p, len);
    qemu_fclose(f);
    f = qemu_file_new_mem_input(data, len);
    ck_assert_msg(qemu_loadvm_state(f, &err) == 0, "%s", err ? error_get_pretty(err) : "");
    qemu_fclose(f);
    g_free(data);
    /* The rings and features came back: the driver carries on. */
    r = CMD(&d, 512, true, READ_10, 0, 0, 0, 0, 9, 0, 0, 1, 0);
    ck_assert_int_eq(r.response, VIRTIO_SCSI_S_OK);
    ck_assert_int_eq(r.status, GOOD);
    ck_assert_int_eq(gr8(DATA_ADDR), 9);
}
END_TEST

static Suite *virtio_scsi_suite(void)
{
    Suite *s = suite_create("virtio-scsi");
    TCase *tc = tcase_create("device");
    TCase *mig = tcase_create("migration");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_config_and_features);
    tcase_add_test(tc, test_queue_properties);
    tcase_add_test(tc, test_write_read_round_trip);
    tcase_add_test(tc, test_check_condition_carries_sense);
    tcase_add_test(tc, test_bad_target_and_bad_lun);
    tcase_add_test(tc, test_overrun_and_bidirectional);
    tcase_add_test(tc, test_task_management);
    tcase_add_test(tc, test_malformed_requests_break_legacy_device);
    tcase_add_test(tc, test_malformed_requests_break_modern_device);
    tcase_add_test(tc, test_hotplug_events);
    tcase_add_test(tc, test_no_events_without_hotplug_feature);
    suite_add_tcase(s, tc);

    tcase_add_checked_fixture(mig, setup, teardown);
    tcase_add_test(mig, test_two_hbas_have_distinct_sections);
    tcase_add_test(mig, test_virt_2_6_clash_blocks_migration);
    tcase_add_test(mig, test_io_through_migration_round_trip);
    suite_add_tcase(s, mig);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(virtio_scsi_suite());
    int failed;

    signal(SIGPIPE, SIG_IGN);
    memory_init();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
