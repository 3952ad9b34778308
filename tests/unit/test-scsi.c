/*
 * Unit tests for the SCSI bus and scsi-hd: a test-only HBA drives scsi-hd
 * through the request API over a temporary raw image, command by command,
 * checking data, status, sense and residuals; plus addressing, device paths,
 * unit attention, cancellation and the realize errors.
 */
#include "qemu/osdep.h"
#include <check.h>
#include "hw/boards.h"
#include "hw/qdev-properties.h"
#include "hw/scsi/scsi.h"
#include "hw/sysbus.h"
#include "qemu/bswap.h"
#include "qemu/option.h"
#include "system/block-backend.h"

#define IMG_BLOCKS 2048        /* 1 MiB image of 512-byte blocks */
#define IMG_SIZE (IMG_BLOCKS * 512)

/* ---- a test HBA: a bus-less device owning one SCSI bus ---- */

#define TYPE_TEST_HBA "test-scsi-hba"
typedef struct TestHBA {
    SysBusDevice parent;
    SCSIBus bus;
} TestHBA;

/* What the HBA saw for one request. */
typedef struct Result {
    bool done;
    bool cancelled;
    int status;
    size_t resid;
    uint8_t sense[SCSI_SENSE_BUF_SIZE];
    int sense_len;
} Result;

static void hba_complete(SCSIRequest *req, size_t resid)
{
    Result *r = req->hba_private;
    ck_assert(!r->done && !r->cancelled);
    r->done = true;
    r->status = req->status;
    r->resid = resid;
    r->sense_len = scsi_req_get_sense(req, r->sense, sizeof(r->sense));
}

static void hba_cancel(SCSIRequest *req)
{
    Result *r = req->hba_private;
    ck_assert(!r->done && !r->cancelled);
    r->cancelled = true;
}

static const SCSIBusInfo test_hba_info = {
    .tcq = true,
    .max_channel = 0,
    .max_target = 255,
    .max_lun = 16383,
    .complete = hba_complete,
    .cancel = hba_cancel,
};

static void test_hba_realize(DeviceState *dev, Error **errp)
{
    TestHBA *h = (TestHBA *)dev;
    scsi_bus_init(&h->bus, sizeof(h->bus), dev, &test_hba_info);
}

static void test_hba_class_init(ObjectClass *oc, void *data)
{
    DEVICE_CLASS(oc)->realize = test_hba_realize;
    DEVICE_CLASS(oc)->user_creatable = true;
}

static const TypeInfo test_types[] = {
    {
        .name = TYPE_TEST_HBA,
        .parent = TYPE_SYS_BUS_DEVICE,
        .instance_size = sizeof(TestHBA),
        .class_init = test_hba_class_init,
    },
};
DEFINE_TYPES(test_types)

/* ---- fixture ---- */

static char img_path[] = "/tmp/test-scsi-XXXXXX";
static TestHBA *hba;
static SCSIDevice *disk;
static BlockBackend *blk;
static uint32_t next_tag;

static DeviceState *add_device(const char *str, Error **errp)
{
    QemuOpts *opts = qemu_opts_parse(str, "driver", &error_fatal);
    DeviceState *dev = qdev_device_add(opts, false, errp);
    qemu_opts_del(opts);
    return dev;
}

static void make_image(const char *path)
{
    uint8_t *data = g_malloc(IMG_SIZE);
    /* Block n is filled with byte (n & 0xff) ^ 0x5a, so every block differs. */
    for (int i = 0; i < IMG_BLOCKS; i++) {
        memset(data + i * 512, (i & 0xff) ^ 0x5a, 512);
    }
    ck_assert(g_file_set_contents(path, (char *)data, IMG_SIZE, NULL));
    g_free(data);
}

/* Drive id over its own image (d0 uses img_path itself): images are locked. */
static void add_drive(const char *id, bool read_only)
{
    g_autofree char *path = strcmp(id, "d0") ? g_strdup_printf("%s-%s", img_path, id)
                                             : g_strdup(img_path);
    g_autofree char *opt = g_strdup_printf("file=%s,format=raw,if=none,id=%s%s", path, id,
                                           read_only ? ",readonly=on" : "");
    Error *err = NULL;

    if (strcmp(id, "d0")) {
        make_image(path);
    }    ck_assert_msg(drive_new_from_opts(opt, &err), "%s", err ? error_get_pretty(err) : "");
}

/* A machine, the HBA "hba" (bus hba.0) and a drive d0 over a fresh image. */
static void setup_base(void)
{
    MachineClass *mc = machine_find_class("none");
    MachineState *ms = machine_create(mc, &error_fatal);
    int fd;

    ck_assert(machine_run_board_init(ms, &error_fatal));
    strcpy(img_path, "/tmp/test-scsi-XXXXXX");
    fd = g_mkstemp(img_path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    make_image(img_path);
    hba = (TestHBA *)add_device(TYPE_TEST_HBA ",id=hba", &error_fatal);
    next_tag = 1;
}

static void setup_disk(const char *extra, bool read_only)
{
    g_autofree char *opt = g_strdup_printf("scsi-hd,bus=hba.0,drive=d0,id=disk0%s",
                                           extra ? extra : "");
    setup_base();
    add_drive("d0", read_only);
    disk = SCSI_DEVICE(add_device(opt, &error_fatal));
    blk = disk->conf.blk;
    ck_assert_ptr_nonnull(blk);
}

static void setup(void)
{
    setup_disk(",serial=SN123,wwn=0x5000c50015ea71ac,rotation_rate=1", false);
}

static void teardown(void)
{
    static const char *const others[] = { "d1", "d2", "d3" };

    unlink(img_path);
    for (size_t i = 0; i < ARRAY_SIZE(others); i++) {
        g_autofree char *path = g_strdup_printf("%s-%s", img_path, others[i]);
        unlink(path);
    }
}

/* Run one command to the end; buf/len is the data buffer (may be NULL/0). */
static Result run_lun(uint32_t lun, const uint8_t *cdb, size_t cdb_len, void *buf, size_t len)
{
    Result r = { 0 };
    struct iovec iov = { buf, len };
    SCSIDevice *d = scsi_device_find(&hba->bus, 0, disk->id, lun);
    SCSIRequest *req;
    int32_t n;

    ck_assert_ptr_nonnull(d);
    req = scsi_req_new(d, next_tag++, lun, cdb, cdb_len, &r);
    n = scsi_req_enqueue(req);
    if (n != 0) {
        ck_assert(!r.done);
        scsi_req_continue(req, &iov, 1);
    }
    blk_drain_all();
    ck_assert_msg(r.done, "command %02x did not complete", cdb[0]);
    ck_assert_int_eq(req->status, r.status);
    scsi_req_unref(req);
    return r;
}

static Result run(const uint8_t *cdb, size_t cdb_len, void *buf, size_t len)
{
    return run_lun(disk->lun, cdb, cdb_len, buf, len);
}

#define RUN(buf, len, ...) ({ \
    const uint8_t cdb_[] = { __VA_ARGS__ }; \
    run(cdb_, sizeof(cdb_), buf, len); \
})

static void assert_good(const Result *r)
{
    ck_assert_msg(r->status == GOOD, "status %02x sense %02x/%02x/%02x", r->status,
                  r->sense_len >= 14 ? r->sense[2] : 0, r->sense_len >= 14 ? r->sense[12] : 0,
                  r->sense_len >= 14 ? r->sense[13] : 0);
}

/* CHECK CONDITION with fixed-format sense key/asc/ascq. */
static void assert_sense(const Result *r, SCSISense s)
{
    ck_assert_int_eq(r->status, CHECK_CONDITION);
    ck_assert_int_eq(r->sense_len, SCSI_SENSE_LEN);
    ck_assert_int_eq(r->sense[0], 0x70);
    ck_assert_int_eq(r->sense[7], 10);
    ck_assert_msg(r->sense[2] == s.key && r->sense[12] == s.asc && r->sense[13] == s.ascq,
                  "sense %02x/%02x/%02x, expected %02x/%02x/%02x", r->sense[2], r->sense[12],
                  r->sense[13], s.key, s.asc, s.ascq);
}

/* Clear the power-on unit attention so later commands see their own results. */
static void clear_ua(void)
{
    uint8_t buf[32];
    RUN(buf, sizeof(buf), REQUEST_SENSE, 0, 0, 0, sizeof(buf), 0);
    RUN(NULL, 0, TEST_UNIT_READY, 0, 0, 0, 0, 0);
}

/* ---- INQUIRY ---- */

START_TEST(test_inquiry_standard)
{
    uint8_t buf[96];
    Result r;

    memset(buf, 0xee, sizeof(buf));
    r = RUN(buf, sizeof(buf), INQUIRY, 0, 0, 0, sizeof(buf), 0);
    assert_good(&r);
    ck_assert_uint_eq(r.resid, sizeof(buf) - SCSI_INQUIRY_LEN);
    ck_assert_int_eq(buf[0], TYPE_DISK);
    ck_assert_int_eq(buf[1], 0);                 /* not removable */
    ck_assert_int_eq(buf[2], 5);                 /* SPC-3 */
    ck_assert_int_eq(buf[3] & 0x0f, 2);
    ck_assert_int_eq(buf[4], SCSI_INQUIRY_LEN - 5);
    ck_assert(buf[7] & 0x02);                    /* CmdQue: the HBA has TCQ */
    ck_assert(!memcmp(buf + 8, "QEMU    ", 8));
    ck_assert(!memcmp(buf + 16, "QEMU HARDDISK   ", 16));
    ck_assert(!memcmp(buf + 32, "2.5+", 4));
    ck_assert_int_eq(buf[36], 0xee);             /* nothing past the data */

    /* The allocation length truncates. */
    r = RUN(buf, sizeof(buf), INQUIRY, 0, 0, 0, 5, 0);
    assert_good(&r);
    ck_assert_uint_eq(r.resid, sizeof(buf) - 5);

    /* CmdDt, or a page code without EVPD: INVALID FIELD IN CDB. */
    r = RUN(buf, sizeof(buf), INQUIRY, 2, 0, 0, 96, 0);
    assert_sense(&r, SENSE_CODE(INVALID_FIELD));
    r = RUN(buf, sizeof(buf), INQUIRY, 0, 0x80, 0, 96, 0);
    assert_sense(&r, SENSE_CODE(INVALID_FIELD));
}
END_TEST

START_TEST(test_inquiry_properties)
{
    uint8_t buf[64];
    Result r;

    setup_disk(",vendor=ACME,product=Roadrunner,ver=1.0,removable=on", false);
    r = RUN(buf, sizeof(buf), INQUIRY, 0, 0, 0, sizeof(buf), 0);
    assert_good(&r);
    ck_assert_int_eq(buf[1], 0x80);
    ck_assert(!memcmp(buf + 8, "ACME    ", 8));
    ck_assert(!memcmp(buf + 16, "Roadrunner      ", 16));
    ck_assert(!memcmp(buf + 32, "1.0 ", 4));
    /* No serial: page 80h is not offered. */
    r = RUN(buf, sizeof(buf), INQUIRY, 1, 0x80, 0, sizeof(buf), 0);
    assert_sense(&r, SENSE_CODE(INVALID_FIELD));
    teardown();
}
END_TEST

static const uint8_t *find_designator(const uint8_t *page, int type)
{
    int len = lduw_be_p(page + 2) + 4;
    for (int i = 4; i + 4 <= len; i += 4 + page[i + 3]) {
        if ((page[i + 1] & 0x0f) == type) {
            return page + i;
        }
    }
    return NULL;
}

START_TEST(test_inquiry_vpd)
{
    uint8_t buf[256];
    const uint8_t *d;
    Result r;

    r = RUN(buf, sizeof(buf), INQUIRY, 1, 0x00, 0, 255, 0);
    assert_good(&r);
    ck_assert_int_eq(buf[1], 0x00);
    ck_assert_int_eq(lduw_be_p(buf + 2), 6);
    ck_assert(!memcmp(buf + 4, "\x00\x80\x83\xb0\xb1\xb2", 6));

    r = RUN(buf, sizeof(buf), INQUIRY, 1, 0x80, 0, 255, 0);
    assert_good(&r);
    ck_assert_int_eq(buf[1], 0x80);
    ck_assert_int_eq(lduw_be_p(buf + 2), 5);
    ck_assert(!memcmp(buf + 4, "SN123", 5));

    r = RUN(buf, sizeof(buf), INQUIRY, 1, 0x83, 0, 255, 0);
    assert_good(&r);
    d = find_designator(buf, 1);                 /* T10 vendor ID */
    ck_assert_ptr_nonnull(d);
    ck_assert_int_eq(d[0] & 0x0f, 2);            /* ASCII */
    ck_assert_int_eq(d[3], 13);
    ck_assert(!memcmp(d + 4, "QEMU    SN123", 13));
    d = find_designator(buf, 3);                 /* NAA from wwn */
    ck_assert_ptr_nonnull(d);
    ck_assert_int_eq(d[3], 8);
    ck_assert_uint_eq(ldq_be_p(d + 4), 0x5000c50015ea71acULL);

    r = RUN(buf, sizeof(buf), INQUIRY, 1, 0xb0, 0, 255, 0);
    assert_good(&r);
    ck_assert_int_eq(lduw_be_p(buf + 2), 0x3c);
    ck_assert_int_eq(buf[4] & 1, 1);             /* WSNZ */
    ck_assert_uint_eq(ldl_be_p(buf + 20), (1u << 30) / 512);   /* max unmap LBA count */
    ck_assert_uint_eq(ldl_be_p(buf + 24), 255);                /* max unmap descriptors */
    ck_assert_uint_eq(ldl_be_p(buf + 8), INT_MAX / 512);       /* max transfer length */

    r = RUN(buf, sizeof(buf), INQUIRY, 1, 0xb1, 0, 255, 0);
    assert_good(&r);
    ck_assert_int_eq(lduw_be_p(buf + 4), 1);     /* non-rotating medium */

    r = RUN(buf, sizeof(buf), INQUIRY, 1, 0xb2, 0, 255, 0);
    assert_good(&r);
    ck_assert_int_eq(buf[5] & 0xe0, 0xe0);       /* LBPU, LBPWS, LBPWS10 */

    r = RUN(buf, sizeof(buf), INQUIRY, 1, 0x99, 0, 255, 0);
    assert_sense(&r, SENSE_CODE(INVALID_FIELD));
}
END_TEST

/* ---- unit attention, REQUEST SENSE ---- */

START_TEST(test_unit_attention_once_after_reset)
{
    uint8_t buf[96];
    Result r;

    clear_ua();
    device_cold_reset(DEVICE(disk));
    /* INQUIRY is not held up by the unit attention... */
    r = RUN(buf, sizeof(buf), INQUIRY, 0, 0, 0, 36, 0);
    assert_good(&r);
    /* ...the next other command reports it, once. */
    r = RUN(NULL, 0, TEST_UNIT_READY, 0, 0, 0, 0, 0);
    assert_sense(&r, SENSE_CODE(RESET));
    r = RUN(NULL, 0, TEST_UNIT_READY, 0, 0, 0, 0, 0);
    assert_good(&r);

    /* REQUEST SENSE returns a pending unit attention as data and clears it. */
    device_cold_reset(DEVICE(disk));
    r = RUN(buf, sizeof(buf), REQUEST_SENSE, 0, 0, 0, 18, 0);
    assert_good(&r);
    ck_assert_int_eq(buf[2], UNIT_ATTENTION);
    ck_assert_int_eq(buf[12], 0x29);
    r = RUN(NULL, 0, TEST_UNIT_READY, 0, 0, 0, 0, 0);
    assert_good(&r);
}
END_TEST

START_TEST(test_request_sense_returns_and_clears)
{
    uint8_t buf[32];
    Result r;

    clear_ua();
    r = RUN(NULL, 0, 0x02, 0, 0, 0, 0, 0);        /* no such command */
    assert_sense(&r, SENSE_CODE(INVALID_OPCODE));
    memset(buf, 0, sizeof(buf));
    r = RUN(buf, sizeof(buf), REQUEST_SENSE, 0, 0, 0, sizeof(buf), 0);
    assert_good(&r);
    ck_assert_uint_eq(r.resid, sizeof(buf) - 18);
    ck_assert_int_eq(buf[0], 0x70);
    ck_assert_int_eq(buf[2], ILLEGAL_REQUEST);
    ck_assert_int_eq(buf[12], 0x20);
    r = RUN(buf, sizeof(buf), REQUEST_SENSE, 0, 0, 0, sizeof(buf), 0);
    assert_good(&r);
    ck_assert_int_eq(buf[2], NO_SENSE);
    ck_assert_int_eq(buf[12], 0);

    /* Descriptor format when asked (DESC bit). */
    RUN(NULL, 0, 0x02, 0, 0, 0, 0, 0);
    r = RUN(buf, sizeof(buf), REQUEST_SENSE, 1, 0, 0, sizeof(buf), 0);
    assert_good(&r);
    ck_assert_uint_eq(r.resid, sizeof(buf) - 8);
    ck_assert_int_eq(buf[0], 0x72);
    ck_assert_int_eq(buf[1], ILLEGAL_REQUEST);
    ck_assert_int_eq(buf[2], 0x20);
}
END_TEST

START_TEST(test_invalid_opcodes)
{
    Result r;

    clear_ua();
    r = RUN(NULL, 0, 0x02, 0, 0, 0, 0, 0);
    assert_sense(&r, SENSE_CODE(INVALID_OPCODE));
    /* A known group but a command scsi-hd lacks (READ DEFECT DATA(10)). */
    r = RUN(NULL, 0, 0x37, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    assert_sense(&r, SENSE_CODE(INVALID_OPCODE));
    /* Vendor-specific group: unknown length. */
    r = RUN(NULL, 0, 0xc0, 0, 0, 0, 0, 0);
    assert_sense(&r, SENSE_CODE(INVALID_OPCODE));
    /* A 16-byte opcode in a 6-byte CDB. */
    r = RUN(NULL, 0, READ_16, 0, 0, 0, 0, 0);
    assert_sense(&r, SENSE_CODE(INVALID_OPCODE));
}
END_TEST

/* ---- capacity ---- */

START_TEST(test_read_capacity)
{
    uint8_t buf[32];
    Result r;

    clear_ua();
    r = RUN(buf, 8, READ_CAPACITY_10, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    assert_good(&r);
    ck_assert_uint_eq(ldl_be_p(buf), IMG_BLOCKS - 1);
    ck_assert_uint_eq(ldl_be_p(buf + 4), 512);
    /* LBA without PMI. */
    r = RUN(buf, 8, READ_CAPACITY_10, 0, 0, 0, 0, 1, 0, 0, 0, 0);
    assert_sense(&r, SENSE_CODE(INVALID_FIELD));

    r = RUN(buf, 32, SERVICE_ACTION_IN_16, SAI_READ_CAPACITY_16, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 32, 0, 0);
    assert_good(&r);
    ck_assert_uint_eq(ldq_be_p(buf), IMG_BLOCKS - 1);
    ck_assert_uint_eq(ldl_be_p(buf + 8), 512);
    ck_assert_int_eq(buf[14] & 0x80, 0x80);      /* LBPME */
    r = RUN(buf, 32, SERVICE_ACTION_IN_16, 0x11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 32, 0, 0);
    assert_sense(&r, SENSE_CODE(INVALID_FIELD));
}
END_TEST

/* ---- READ / WRITE ---- */

static uint8_t block_byte(int lba)
{
    return (lba & 0xff) ^ 0x5a;
}

START_TEST(test_read_all_sizes)
{
    uint8_t *buf = g_malloc(4 * 512);
    Result r;

    clear_ua();
    r = RUN(buf, 512, READ_6, 0, 0, 7, 1, 0);
    assert_good(&r);
    ck_assert_int_eq(buf[0], block_byte(7));
    ck_assert_int_eq(buf[511], block_byte(7));
    ck_assert_uint_eq(r.resid, 0);

    r = RUN(buf, 1024, READ_10, 0, 0, 0, 0x01, 0x00, 0, 0, 2, 0);
    assert_good(&r);
    ck_assert_int_eq(buf[0], block_byte(256));
    ck_assert_int_eq(buf[512], block_byte(257));

    r = RUN(buf, 1536, READ_12, 0, 0, 0, 0, 100, 0, 0, 0, 3, 0, 0);
    assert_good(&r);
    ck_assert_int_eq(buf[1024], block_byte(102));

    r = RUN(buf, 2048, READ_16, 0, 0, 0, 0, 0, 0, 0, 0x07, 0xfc, 0, 0, 0, 4, 0, 0);
    assert_good(&r);
    ck_assert_int_eq(buf[0], block_byte(2044));
    ck_assert_int_eq(buf[2047], block_byte(2047));

    /* A bigger buffer than the transfer: the rest is residual. */
    r = RUN(buf, 2048, READ_10, 0, 0, 0, 0, 5, 0, 0, 1, 0);
    assert_good(&r);
    ck_assert_uint_eq(r.resid, 1536);
    g_free(buf);
}
END_TEST

START_TEST(test_write_read_round_trip)
{
    uint8_t *buf = g_malloc(4 * 512);
    uint8_t check[512];
    Result r;

    clear_ua();
    memset(buf, 0xa1, 1024);
    r = RUN(buf, 1024, WRITE_10, 0, 0, 0, 0, 10, 0, 0, 2, 0);
    assert_good(&r);
    ck_assert_int_eq(blk_pread(blk, 10 * 512, 512, check), 0);
    ck_assert_int_eq(check[0], 0xa1);
    ck_assert_int_eq(blk_pread(blk, 12 * 512, 512, check), 0);
    ck_assert_int_eq(check[0], block_byte(12));

    memset(buf, 0xb2, 512);
    r = RUN(buf, 512, WRITE_6, 0, 0, 20, 1, 0);
    assert_good(&r);
    memset(buf, 0xc3, 512);
    r = RUN(buf, 512, WRITE_12, 0, 0, 0, 0, 21, 0, 0, 0, 1, 0, 0);
    assert_good(&r);
    memset(buf, 0xd4, 512);
    r = RUN(buf, 512, WRITE_16, 0x08, 0, 0, 0, 0, 0, 0, 0, 22, 0, 0, 0, 1, 0, 0);  /* FUA */
    assert_good(&r);
    memset(buf, 0xe5, 512);
    r = RUN(buf, 512, WRITE_VERIFY_10, 0, 0, 0, 0, 23, 0, 0, 1, 0);
    assert_good(&r);
    r = RUN(buf, 4 * 512, READ_10, 0, 0, 0, 0, 20, 0, 0, 4, 0);
    assert_good(&r);
    ck_assert_int_eq(buf[0], 0xb2);
    ck_assert_int_eq(buf[512], 0xc3);
    ck_assert_int_eq(buf[1024], 0xd4);
    ck_assert_int_eq(buf[1536], 0xe5);
    g_free(buf);
}
END_TEST

START_TEST(test_large_transfer_crosses_chunks)
{
    size_t len = IMG_SIZE;
    uint8_t *buf = g_malloc(len);
    uint8_t *back = g_malloc(len);
    Result r;

    clear_ua();
    for (size_t i = 0; i < len; i++) {
        buf[i] = i * 7;
    }
    r = RUN(buf, len, WRITE_10, 0, 0, 0, 0, 0, 0, IMG_BLOCKS >> 8, IMG_BLOCKS & 0xff, 0);
    assert_good(&r);
    ck_assert_int_eq(blk_pread(blk, 0, len, back), 0);
    ck_assert(!memcmp(buf, back, len));
    memset(back, 0, len);
    {
        /* Read it back through a scattered buffer of three pieces. */
        struct iovec iov[3] = {
            { back, 1000 }, { back + 1000, len / 2 }, { back + 1000 + len / 2, len / 2 - 1000 },
        };
        Result res = { 0 };
        const uint8_t cdb[10] = { READ_10, 0, 0, 0, 0, 0, 0, IMG_BLOCKS >> 8, 0, 0 };
        SCSIRequest *req = scsi_req_new(disk, 99, 0, cdb, 10, &res);
        ck_assert_int_eq(scsi_req_enqueue(req), (int32_t)len);
        scsi_req_continue(req, iov, 3);
        blk_drain_all();
        ck_assert(res.done);
        ck_assert_int_eq(res.status, GOOD);
        scsi_req_unref(req);
    }
    ck_assert(!memcmp(buf, back, len));
    g_free(buf);
    g_free(back);
}
END_TEST

START_TEST(test_rw_bounds)
{
    uint8_t *buf = g_malloc(256 * 512);
    Result r;

    clear_ua();
    /* The last block reads; one past it does not. */
    r = RUN(buf, 512, READ_10, 0, 0, 0, 0x07, 0xff, 0, 0, 1, 0);
    assert_good(&r);
    r = RUN(buf, 512, READ_10, 0, 0, 0, 0x08, 0x00, 0, 0, 1, 0);
    assert_sense(&r, SENSE_CODE(LBA_OUT_OF_RANGE));
    r = RUN(buf, 1024, READ_10, 0, 0, 0, 0x07, 0xff, 0, 0, 2, 0);
    assert_sense(&r, SENSE_CODE(LBA_OUT_OF_RANGE));
    r = RUN(buf, 512, WRITE_16, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 1,
            0, 0);
    assert_sense(&r, SENSE_CODE(LBA_OUT_OF_RANGE));
    /* LBA + length wrapping around 64 bits. */
    r = RUN(buf, 512, READ_16, 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0, 0, 0, 2,
            0, 0);
    assert_sense(&r, SENSE_CODE(LBA_OUT_OF_RANGE));

    /* Transfer length 0: READ(10) moves nothing (no data phase), READ(6) means 256 blocks. */
    r = RUN(buf, 512, READ_10, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    assert_good(&r);
    ck_assert_uint_eq(r.resid, 0);
    r = RUN(buf, 256 * 512, READ_6, 0, 0, 0, 0, 0);
    assert_good(&r);
    ck_assert_uint_eq(r.resid, 0);
    ck_assert_int_eq(buf[255 * 512], block_byte(255));

    /* A buffer shorter than the transfer. */
    r = RUN(buf, 511, READ_10, 0, 0, 0, 0, 0, 0, 0, 1, 0);
    assert_sense(&r, SENSE_CODE(INVALID_FIELD));
    r = RUN(buf, 100, WRITE_10, 0, 0, 0, 0, 0, 0, 0, 1, 0);
    assert_sense(&r, SENSE_CODE(INVALID_FIELD));
    /* Protection information fields. */
    r = RUN(buf, 512, READ_10, 0x20, 0, 0, 0, 0, 0, 0, 1, 0);
    assert_sense(&r, SENSE_CODE(INVALID_FIELD));

    /* VERIFY checks the range only. */
    r = RUN(NULL, 0, VERIFY_10, 0, 0, 0, 0, 0, 0, 0, 16, 0);
    assert_good(&r);
    r = RUN(NULL, 0, VERIFY_10, 0, 0, 0, 0x08, 0, 0, 0, 1, 0);
    assert_sense(&r, SENSE_CODE(LBA_OUT_OF_RANGE));
    r = RUN(NULL, 0, VERIFY_10, 0x02, 0, 0, 0, 0, 0, 0, 1, 0);
    assert_sense(&r, SENSE_CODE(INVALID_FIELD));
    g_free(buf);
}
END_TEST

START_TEST(test_read_only_drive)
{
    uint8_t buf[512];
    Result r;

    setup_disk(NULL, true);
    clear_ua();
    r = RUN(buf, 512, READ_10, 0, 0, 0, 0, 3, 0, 0, 1, 0);
    assert_good(&r);
    ck_assert_int_eq(buf[0], block_byte(3));
    r = RUN(buf, 512, WRITE_10, 0, 0, 0, 0, 3, 0, 0, 1, 0);
    assert_sense(&r, SENSE_CODE(WRITE_PROTECTED));
    r = RUN(buf, 512, WRITE_SAME_10, 0x08, 0, 0, 0, 3, 0, 0, 1, 0);
    assert_sense(&r, SENSE_CODE(WRITE_PROTECTED));
    r = RUN(buf, 24, UNMAP, 0, 0, 0, 0, 0, 0, 0, 24, 0);
    assert_sense(&r, SENSE_CODE(WRITE_PROTECTED));
    /* MODE SENSE shows WP. */
    r = RUN(buf, 64, MODE_SENSE, 0x08, 0x3f, 0, 64, 0);
    assert_good(&r);
    ck_assert_int_eq(buf[2] & 0x80, 0x80);
    teardown();
}
END_TEST

/* ---- cache, start/stop ---- */

START_TEST(test_sync_cache_and_friends)
{
    Result r;

    clear_ua();
    r = RUN(NULL, 0, SYNCHRONIZE_CACHE, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    assert_good(&r);
    r = RUN(NULL, 0, SYNCHRONIZE_CACHE_16, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    assert_good(&r);
    r = RUN(NULL, 0, START_STOP, 0, 0, 0, 1, 0);
    assert_good(&r);
    r = RUN(NULL, 0, ALLOW_MEDIUM_REMOVAL, 0, 0, 0, 0, 0);
    assert_good(&r);
    r = RUN(NULL, 0, TEST_UNIT_READY, 0, 0, 0, 0, 0);
    assert_good(&r);
}
END_TEST

/* ---- MODE SENSE / SELECT ---- */

/* Find mode page code in a MODE SENSE reply; NULL if absent. */
static const uint8_t *find_page(const uint8_t *buf, bool ten, int code)
{
    int total = ten ? lduw_be_p(buf) + 2 : buf[0] + 1;
    int bd = ten ? lduw_be_p(buf + 6) : buf[3];
    for (int i = (ten ? 8 : 4) + bd; i + 2 <= total; i += 2 + buf[i + 1]) {
        if ((buf[i] & 0x3f) == code) {
            return buf + i;
        }
    }
    return NULL;
}

START_TEST(test_mode_sense)
{
    uint8_t buf[255];
    const uint8_t *p;
    Result r;

    clear_ua();
    /* MODE SENSE(6), all pages, with the block descriptor. */
    r = RUN(buf, sizeof(buf), MODE_SENSE, 0, 0x3f, 0, 255, 0);
    assert_good(&r);
    ck_assert_int_eq(buf[3], 8);
    ck_assert_uint_eq(ldl_be_p(buf + 4), IMG_BLOCKS);
    ck_assert_int_eq(buf[4 + 5] << 16 | buf[4 + 6] << 8 | buf[4 + 7], 512);
    ck_assert_int_eq(buf[2] & 0x80, 0);          /* not write-protected */
    p = find_page(buf, false, MODE_PAGE_CACHING);
    ck_assert_ptr_nonnull(p);
    ck_assert_int_eq(p[1], 0x12);
    ck_assert_int_eq(!!(p[2] & 0x04), blk_enable_write_cache(blk));
    ck_assert_ptr_nonnull(find_page(buf, false, MODE_PAGE_CONTROL));
    ck_assert_uint_eq(r.resid, sizeof(buf) - (buf[0] + 1));

    /* DBD: no block descriptor. */
    r = RUN(buf, sizeof(buf), MODE_SENSE, 0x08, MODE_PAGE_CACHING, 0, 255, 0);
    assert_good(&r);
    ck_assert_int_eq(buf[3], 0);
    ck_assert_int_eq(buf[0] + 1, 4 + 20);
    ck_assert_int_eq(buf[4], MODE_PAGE_CACHING);

    /* MODE SENSE(10) with LLBAA: a 16-byte descriptor. */
    r = RUN(buf, sizeof(buf), MODE_SENSE_10, 0x10, MODE_PAGE_CONTROL, 0, 0, 0, 0, 0, 255, 0);
    assert_good(&r);
    ck_assert_int_eq(buf[4] & 1, 1);
    ck_assert_int_eq(lduw_be_p(buf + 6), 16);
    ck_assert_uint_eq(ldq_be_p(buf + 8), IMG_BLOCKS);
    ck_assert_uint_eq(ldl_be_p(buf + 8 + 12), 512);
    ck_assert_ptr_nonnull(find_page(buf, true, MODE_PAGE_CONTROL));

    /* Changeable values: WCE. */
    r = RUN(buf, sizeof(buf), MODE_SENSE, 0x08, 0x40 | MODE_PAGE_CACHING, 0, 255, 0);
    assert_good(&r);
    ck_assert_int_eq(buf[4 + 2], 0x04);

    r = RUN(buf, sizeof(buf), MODE_SENSE, 0x08, 0xc0 | MODE_PAGE_CACHING, 0, 255, 0);
    assert_sense(&r, SENSE_CODE(SAVING_PARAMS_NOT_SUPPORTED));
    r = RUN(buf, sizeof(buf), MODE_SENSE, 0x08, 0x19, 0, 255, 0);
    assert_sense(&r, SENSE_CODE(INVALID_FIELD));
    r = RUN(buf, sizeof(buf), MODE_SENSE, 0x08, MODE_PAGE_CACHING, 1, 255, 0);
    assert_sense(&r, SENSE_CODE(INVALID_FIELD));
}
END_TEST

START_TEST(test_mode_select_write_cache)
{
    uint8_t buf[64];
    uint8_t list[4 + 20] = { 0 };
    Result r;

    clear_ua();
    blk_set_enable_write_cache(blk, true);
    list[4] = MODE_PAGE_CACHING;
    list[5] = 0x12;
    list[6] = 0;                                 /* WCE off */
    r = RUN(list, sizeof(list), MODE_SELECT, 0x10, 0, 0, sizeof(list), 0);
    assert_good(&r);
    ck_assert(!blk_enable_write_cache(blk));
    r = RUN(buf, sizeof(buf), MODE_SENSE, 0x08, MODE_PAGE_CACHING, 0, 64, 0);
    assert_good(&r);
    ck_assert_int_eq(buf[4 + 2] & 0x04, 0);
    list[6] = 0x04;
    r = RUN(list, sizeof(list), MODE_SELECT, 0x10, 0, 0, sizeof(list), 0);
    assert_good(&r);
    ck_assert(blk_enable_write_cache(blk));

    /* A non-changeable bit (RCD), an unknown page, a short page, SP, no PF. */
    list[6] = 0x01;
    r = RUN(list, sizeof(list), MODE_SELECT, 0x10, 0, 0, sizeof(list), 0);
    assert_sense(&r, SENSE_CODE(INVALID_PARAM));
    list[6] = 0;
    list[4] = 0x19;
    r = RUN(list, sizeof(list), MODE_SELECT, 0x10, 0, 0, sizeof(list), 0);
    assert_sense(&r, SENSE_CODE(INVALID_PARAM));
    list[4] = MODE_PAGE_CACHING;
    r = RUN(list, 10, MODE_SELECT, 0x10, 0, 0, 10, 0);
    assert_sense(&r, SENSE_CODE(INVALID_PARAM_LEN));
    r = RUN(list, sizeof(list), MODE_SELECT, 0x11, 0, 0, sizeof(list), 0);
    assert_sense(&r, SENSE_CODE(SAVING_PARAMS_NOT_SUPPORTED));
    r = RUN(list, sizeof(list), MODE_SELECT, 0x00, 0, 0, sizeof(list), 0);
    assert_sense(&r, SENSE_CODE(INVALID_FIELD));
    /* A block descriptor that would change the block size. */
    {
        uint8_t bl[4 + 8] = { 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0x10, 0 };
        r = RUN(bl, sizeof(bl), MODE_SELECT, 0x10, 0, 0, sizeof(bl), 0);
        assert_sense(&r, SENSE_CODE(INVALID_PARAM));
        bl[10] = 0x02;
        r = RUN(bl, sizeof(bl), MODE_SELECT, 0x10, 0, 0, sizeof(bl), 0);
        assert_good(&r);
    }
    /* An empty list is a no-op. */
    r = RUN(NULL, 0, MODE_SELECT, 0x10, 0, 0, 0, 0);
    assert_good(&r);
}
END_TEST

/* ---- UNMAP / WRITE SAME ---- */

static void put_desc(uint8_t *d, uint64_t lba, uint32_t n)
{
    stq_be_p(d, lba);
    stl_be_p(d + 8, n);
    stl_be_p(d + 12, 0);
}

START_TEST(test_unmap)
{
    uint8_t list[8 + 16 * 2] = { 0 };
    uint8_t *big;
    Result r;

    clear_ua();
    stw_be_p(list, sizeof(list) - 2);
    stw_be_p(list + 2, 32);
    put_desc(list + 8, 0, 8);
    put_desc(list + 24, 100, 0);                 /* zero-length: ignored */
    r = RUN(list, sizeof(list), UNMAP, 0, 0, 0, 0, 0, 0, 0, sizeof(list), 0);
    assert_good(&r);

    /* Out of range: nothing is unmapped, LBA OUT OF RANGE. */
    put_desc(list + 24, IMG_BLOCKS - 1, 2);
    r = RUN(list, sizeof(list), UNMAP, 0, 0, 0, 0, 0, 0, 0, sizeof(list), 0);
    assert_sense(&r, SENSE_CODE(LBA_OUT_OF_RANGE));
    /* Lengths that do not add up. */
    put_desc(list + 24, 0, 1);
    r = RUN(list, 7, UNMAP, 0, 0, 0, 0, 0, 0, 0, 7, 0);
    assert_sense(&r, SENSE_CODE(INVALID_PARAM_LEN));
    stw_be_p(list + 2, 40);
    r = RUN(list, sizeof(list), UNMAP, 0, 0, 0, 0, 0, 0, 0, sizeof(list), 0);
    assert_sense(&r, SENSE_CODE(INVALID_PARAM_LEN));
    stw_be_p(list + 2, 20);                      /* not a multiple of 16 */
    r = RUN(list, sizeof(list), UNMAP, 0, 0, 0, 0, 0, 0, 0, sizeof(list), 0);
    assert_sense(&r, SENSE_CODE(INVALID_PARAM_LEN));
    stw_be_p(list + 2, 32);
    stw_be_p(list, 100);
    r = RUN(list, sizeof(list), UNMAP, 0, 0, 0, 0, 0, 0, 0, sizeof(list), 0);
    assert_sense(&r, SENSE_CODE(INVALID_PARAM_LEN));
    /* ANCHOR. */
    r = RUN(list, sizeof(list), UNMAP, 1, 0, 0, 0, 0, 0, 0, sizeof(list), 0);
    assert_sense(&r, SENSE_CODE(INVALID_FIELD));
    /* Too many descriptors. */
    big = g_malloc0(8 + 16 * 256);
    stw_be_p(big, 6 + 16 * 256);
    stw_be_p(big + 2, 16 * 256);
    r = RUN(big, 8 + 16 * 256, UNMAP, 0, 0, 0, 0, 0, 0, (8 + 16 * 256) >> 8,
            (8 + 16 * 256) & 0xff, 0);
    assert_sense(&r, SENSE_CODE(INVALID_PARAM));
    g_free(big);
    /* An empty parameter list is fine. */
    r = RUN(NULL, 0, UNMAP, 0, 0, 0, 0, 0, 0, 0, 0, 0);
    assert_good(&r);
}
END_TEST

START_TEST(test_write_same)
{
    uint8_t block[512], check[512];
    Result r;

    clear_ua();
    memset(block, 0x77, sizeof(block));
    r = RUN(block, 512, WRITE_SAME_10, 0, 0, 0, 0, 30, 0, 0, 3, 0);
    assert_good(&r);
    for (int lba = 30; lba < 33; lba++) {
        ck_assert_int_eq(blk_pread(blk, lba * 512, 512, check), 0);
        ck_assert_int_eq(check[0], 0x77);
        ck_assert_int_eq(check[511], 0x77);
    }
    ck_assert_int_eq(blk_pread(blk, 33 * 512, 512, check), 0);
    ck_assert_int_eq(check[0], block_byte(33));

    /* An all-zero block with UNMAP: zeroes. */
    memset(block, 0, sizeof(block));
    r = RUN(block, 512, WRITE_SAME_16, 0x08, 0, 0, 0, 0, 0, 0, 0, 40, 0, 0, 0, 2, 0, 0);
    assert_good(&r);
    ck_assert_int_eq(blk_pread(blk, 41 * 512, 512, check), 0);
    ck_assert_int_eq(check[0], 0);
    ck_assert_int_eq(check[511], 0);

    /* NDOB: zeroes without a data buffer. */
    r = RUN(NULL, 0, WRITE_SAME_16, 0x01, 0, 0, 0, 0, 0, 0, 0, 50, 0, 0, 0, 1, 0, 0);
    assert_good(&r);
    ck_assert_int_eq(blk_pread(blk, 50 * 512, 512, check), 0);
    ck_assert_int_eq(check[100], 0);

    /* Zero blocks (WSNZ), out of range, ANCHOR. */
    r = RUN(block, 512, WRITE_SAME_10, 0, 0, 0, 0, 30, 0, 0, 0, 0);
    assert_sense(&r, SENSE_CODE(INVALID_FIELD));
    r = RUN(block, 512, WRITE_SAME_10, 0, 0, 0, 0x07, 0xff, 0, 0, 2, 0);
    assert_sense(&r, SENSE_CODE(LBA_OUT_OF_RANGE));
    r = RUN(block, 512, WRITE_SAME_10, 0x10, 0, 0, 0, 30, 0, 0, 1, 0);
    assert_sense(&r, SENSE_CODE(INVALID_FIELD));
}
END_TEST

/* ---- the bus ---- */

START_TEST(test_report_luns_and_missing_luns)
{
    uint8_t buf[64];
    Result r;

    add_drive("d1", false);
    ck_assert_ptr_nonnull(add_device("scsi-hd,bus=hba.0,drive=d1,scsi-id=0,lun=300",
                                     &error_fatal));
    add_drive("d2", false);
    ck_assert_ptr_nonnull(add_device("scsi-hd,bus=hba.0,drive=d2,scsi-id=0,lun=3",
                                     &error_fatal));
    clear_ua();
    memset(buf, 0xee, sizeof(buf));
    r = RUN(buf, sizeof(buf), REPORT_LUNS, 0, 0, 0, 0, 0, 0, 0, 0, 64, 0, 0);
    assert_good(&r);
    ck_assert_uint_eq(ldl_be_p(buf), 3 * 8);
    ck_assert_uint_eq(r.resid, sizeof(buf) - 8 - 24);
    ck_assert(!memcmp(buf + 8, "\0\0\0\0\0\0\0\0", 8));
    ck_assert(!memcmp(buf + 16, "\0\x03\0\0\0\0\0\0", 8));
    ck_assert(!memcmp(buf + 24, "\x41\x2c\0\0\0\0\0\0", 8));   /* flat: 0x4000 | 300 */
    /* Allocation length under 16, bad SELECT REPORT. */
    r = RUN(buf, sizeof(buf), REPORT_LUNS, 0, 0, 0, 0, 0, 0, 0, 0, 15, 0, 0);
    assert_sense(&r, SENSE_CODE(INVALID_FIELD));
    r = RUN(buf, sizeof(buf), REPORT_LUNS, 0, 3, 0, 0, 0, 0, 0, 0, 64, 0, 0);
    assert_sense(&r, SENSE_CODE(INVALID_FIELD));

    /* LUN 5 has no device: INQUIRY says so, other commands fail, REQUEST SENSE explains. */
    {
        const uint8_t inq[6] = { INQUIRY, 0, 0, 0, 36, 0 };
        const uint8_t tur[6] = { TEST_UNIT_READY, 0, 0, 0, 0, 0 };
        const uint8_t rs[6] = { REQUEST_SENSE, 0, 0, 0, 18, 0 };
        r = run_lun(5, inq, 6, buf, sizeof(buf));
        assert_good(&r);
        ck_assert_int_eq(buf[0], 0x7f);          /* peripheral qualifier 3 */
        r = run_lun(5, tur, 6, NULL, 0);
        assert_sense(&r, SENSE_CODE(LUN_NOT_SUPPORTED));
        r = run_lun(5, rs, 6, buf, sizeof(buf));
        assert_good(&r);
        ck_assert_int_eq(buf[2], ILLEGAL_REQUEST);
        ck_assert_int_eq(buf[12], 0x25);
        /* LUN 3 answers for itself. */
        r = run_lun(3, inq, 6, buf, sizeof(buf));
        assert_good(&r);
        ck_assert_int_eq(buf[0], TYPE_DISK);
    }
    ck_assert_ptr_null(scsi_device_find(&hba->bus, 0, 1, 0));
}
END_TEST

START_TEST(test_addresses_and_errors)
{
    Error *err = NULL;
    SCSIDevice *d;
    g_autofree char *path = NULL;

    setup_base();
    add_drive("d0", false);
    add_drive("d1", false);
    add_drive("d2", false);
    add_drive("d3", false);
    /* No drive. */
    ck_assert_ptr_null(add_device("scsi-hd,bus=hba.0", &err));
    ck_assert_str_eq(error_get_pretty(err), "drive property not set");
    error_free(err);
    err = NULL;
    /* Automatic ids: the first free target. */
    d = SCSI_DEVICE(add_device("scsi-hd,bus=hba.0,drive=d0,id=a", &error_fatal));
    ck_assert_uint_eq(d->id, 0);
    ck_assert_uint_eq(d->lun, 0);
    d = SCSI_DEVICE(add_device("scsi-hd,bus=hba.0,drive=d1", &error_fatal));
    ck_assert_uint_eq(d->id, 1);
    /* A LUN given with a target: the first free LUN when only the target is. */
    d = SCSI_DEVICE(add_device("scsi-hd,bus=hba.0,drive=d2,scsi-id=1", &error_fatal));
    ck_assert_uint_eq(d->id, 1);
    ck_assert_uint_eq(d->lun, 1);
    path = qdev_get_dev_path(DEVICE(d));
    ck_assert_str_eq(path, "0:1:1");
    /* Duplicates and ranges. */
    ck_assert_ptr_null(add_device("scsi-hd,bus=hba.0,drive=d3,scsi-id=0,lun=0", &err));
    ck_assert_str_eq(error_get_pretty(err), "lun already used by 'a'");
    error_free(err);
    err = NULL;
    ck_assert_ptr_null(add_device("scsi-hd,bus=hba.0,drive=d3,scsi-id=256", &err));
    ck_assert_str_eq(error_get_pretty(err), "bad scsi device id: 256");
    error_free(err);
    err = NULL;
    ck_assert_ptr_null(add_device("scsi-hd,bus=hba.0,drive=d3,lun=16384,scsi-id=2", &err));
    ck_assert_str_eq(error_get_pretty(err), "bad scsi device lun: 16384");
    error_free(err);
    err = NULL;
    ck_assert_ptr_null(add_device("scsi-hd,bus=hba.0,drive=d3,channel=1", &err));
    ck_assert_str_eq(error_get_pretty(err), "bad scsi channel id: 1");
    error_free(err);
    err = NULL;
    /* A drive can serve one device only. */
    ck_assert_ptr_null(add_device("scsi-hd,bus=hba.0,drive=d0", &err));
    error_free(err);
    teardown();
}
END_TEST

START_TEST(test_cancel_in_flight)
{
    uint8_t *buf = g_malloc(64 * 1024);
    struct iovec iov = { buf, 64 * 1024 };
    const uint8_t cdb[10] = { READ_10, 0, 0, 0, 0, 0, 0, 0, 128, 0 };
    Result res = { 0 }, res2 = { 0 };
    SCSIRequest *req, *req2;

    clear_ua();
    req = scsi_req_new(disk, 7, 0, cdb, 10, &res);
    ck_assert_int_eq(scsi_req_enqueue(req), 64 * 1024);
    scsi_req_continue(req, &iov, 1);
    scsi_req_cancel(req);
    blk_drain_all();
    ck_assert(res.cancelled);
    ck_assert(!res.done);
    ck_assert_ptr_null(disk->requests);
    scsi_req_unref(req);

    /* Cancelled before its data phase. */
    req2 = scsi_req_new(disk, 8, 0, cdb, 10, &res2);
    ck_assert_int_eq(scsi_req_enqueue(req2), 64 * 1024);
    scsi_req_cancel(req2);
    ck_assert(res2.cancelled);
    scsi_req_continue(req2, &iov, 1);            /* no-op now */
    ck_assert(!res2.done);
    scsi_req_unref(req2);

    /* A reset cancels what runs and raises unit attention. */
    memset(&res, 0, sizeof(res));
    req = scsi_req_new(disk, 9, 0, cdb, 10, &res);
    scsi_req_enqueue(req);
    scsi_req_continue(req, &iov, 1);
    device_cold_reset(DEVICE(disk));
    blk_drain_all();
    ck_assert(res.cancelled);
    scsi_req_unref(req);
    ck_assert_int_eq(disk->unit_attention.asc, 0x29);
    g_free(buf);
}
END_TEST

static Suite *scsi_suite(void)
{
    Suite *s = suite_create("scsi");
    TCase *tc = tcase_create("scsi-hd");
    TCase *bare = tcase_create("bus");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_inquiry_standard);
    tcase_add_test(tc, test_inquiry_vpd);
    tcase_add_test(tc, test_unit_attention_once_after_reset);
    tcase_add_test(tc, test_request_sense_returns_and_clears);
    tcase_add_test(tc, test_invalid_opcodes);
    tcase_add_test(tc, test_read_capacity);
    tcase_add_test(tc, test_read_all_sizes);
    tcase_add_test(tc, test_write_read_round_trip);
    tcase_add_test(tc, test_large_transfer_crosses_chunks);
    tcase_add_test(tc, test_rw_bounds);
    tcase_add_test(tc, test_sync_cache_and_friends);
    tcase_add_test(tc, test_mode_sense);
    tcase_add_test(tc, test_mode_select_write_cache);
    tcase_add_test(tc, test_unmap);
    tcase_add_test(tc, test_write_same);
    tcase_add_test(tc, test_report_luns_and_missing_luns);
    tcase_add_test(tc, test_cancel_in_flight);
    suite_add_tcase(s, tc);

    tcase_add_test(bare, test_inquiry_properties);
    tcase_add_test(bare, test_read_only_drive);
    tcase_add_test(bare, test_addresses_and_errors);
    suite_add_tcase(s, bare);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(scsi_suite());
    int failed;

    signal(SIGPIPE, SIG_IGN);
    memory_init();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
