/*
 * libFuzzer target for the virtio devices as an untrusted guest sees them:
 * each input is a small program (guest RAM writes, transport register and
 * PCI config accesses, descriptor and avail ring writes, kicks, resets,
 * main loop runs) run against fuzz-virtio-machine.h's virt machine, which is
 * reset to power-on between inputs.  Any crash, sanitizer report, hang or
 * leak is a bug.  Built only by tests/fuzz/run-fuzz.sh (clang).
 */
#include "qemu/osdep.h"
#include "fuzz-virtio-machine.h"
#include "hw/virtio/virtio-blk.h"

#define FZ_MAX_OPS 256

/* One opcode byte, then the arguments listed. */
enum {
    OP_RAM_WRITE,      /* off32 len8 bytes[len]: guest RAM in the window */
    OP_MMIO_WRITE,     /* t8 off16 size8 val64: virtio-mmio transport registers */
    OP_MMIO_READ,      /* t8 off16 size8 */
    OP_CFG_WRITE,      /* off16 size8 val32: the PCI function's config space (ECAM) */
    OP_CFG_READ,       /* off16 size8 */
    OP_BAR_WRITE,      /* bar8 off16 size8 val64: legacy I/O, MSI-X or modern BAR */
    OP_BAR_READ,       /* bar8 off16 size8 */
    OP_RUN,            /* block completions, bottom halves, chardevs */
    OP_DEVICE_RESET,   /* t8: driver writes status 0 */
    OP_SYSTEM_RESET,   /* whole machine, as on a guest reboot */
    OP_DRIVER_SETUP,   /* t8 want64 nq8: Linux-style probe */
    OP_DESC,           /* t8 q8 i8 addr32 len32 flags16 next16 */
    OP_PUBLISH,        /* t8 q8 head8: avail ring entry and a kick */
    OP_STATUS,         /* t8 status8 */
    OP_NR
};

typedef struct Prog {
    const uint8_t *p;
    size_t left;
} Prog;

static bool take(Prog *pr, void *out, size_t n)
{
    if (pr->left < n) {
        return false;
    }
    memcpy(out, pr->p, n);
    pr->p += n;
    pr->left -= n;
    return true;
}

#define TAKE(pr, var) take(pr, &(var), sizeof(var))

static unsigned access_size(uint8_t code)
{
    return 1u << (code & 3);
}

/* Descriptor addresses: in the window unless the top bit asks for anywhere. */
static uint64_t desc_addr(uint32_t a)
{
    if (a & 0x80000000u) {
        return (uint64_t)(a & 0x7fffffffu) << 4;
    }
    return FZ_RAM_BASE + a % FZ_WINDOW;
}

static hwaddr bar_addr(uint8_t bar, uint16_t off)
{
    switch (bar % 3) {
    case 0:
        return FZ_PIO + FZ_IO_BAR + (off & 0xff);
    case 1:
        return FZ_MSIX_BAR + (off & 0xfff);
    default:
        return FZ_MODERN_BAR + (off & 0x3fff);
    }
}

/* Run one op; false when the program has run out of bytes. */
static bool run_op(Prog *pr)
{
    uint8_t op, t, q, sz, b8;
    uint16_t off, f16, n16;
    uint32_t a32, l32;
    uint64_t v64 = 0;

    if (!TAKE(pr, op)) {
        return false;
    }
    switch (op % OP_NR) {
    case OP_RAM_WRITE:
        if (!TAKE(pr, a32) || !TAKE(pr, b8) || pr->left < b8) {
            return false;
        }
        a32 %= FZ_WINDOW - 255;
        memcpy(fz.ram + a32, pr->p, b8);
        pr->p += b8;
        pr->left -= b8;
        break;
    case OP_MMIO_WRITE:
        if (!TAKE(pr, t) || !TAKE(pr, off) || !TAKE(pr, sz) || !TAKE(pr, v64)) {
            return false;
        }
        fz_write(fz.mmio_base[t % FZ_T_PCI] + (off & 0x1ff), v64, access_size(sz));
        break;
    case OP_MMIO_READ:
        if (!TAKE(pr, t) || !TAKE(pr, off) || !TAKE(pr, sz)) {
            return false;
        }
        fz_read(fz.mmio_base[t % FZ_T_PCI] + (off & 0x1ff), access_size(sz));
        break;
    case OP_CFG_WRITE:
        if (!TAKE(pr, off) || !TAKE(pr, sz) || !TAKE(pr, a32)) {
            return false;
        }
        fz_write(FZ_CFG + (off & 0xfff), a32, access_size(sz % 3));
        break;
    case OP_CFG_READ:
        if (!TAKE(pr, off) || !TAKE(pr, sz)) {
            return false;
        }
        fz_read(FZ_CFG + (off & 0xfff), access_size(sz % 3));
        break;
    case OP_BAR_WRITE:
        if (!TAKE(pr, b8) || !TAKE(pr, off) || !TAKE(pr, sz) || !TAKE(pr, v64)) {
            return false;
        }
        fz_write(bar_addr(b8, off), v64, access_size(sz));
        break;
    case OP_BAR_READ:
        if (!TAKE(pr, b8) || !TAKE(pr, off) || !TAKE(pr, sz)) {
            return false;
        }
        fz_read(bar_addr(b8, off), access_size(sz));
        break;
    case OP_RUN:
        fz_run();
        break;
    case OP_DEVICE_RESET:
        if (!TAKE(pr, t)) {
            return false;
        }
        fz_set_status(t % FZ_NR_T, 0);
        break;
    case OP_SYSTEM_RESET:
        fz_machine_reset();
        break;
    case OP_DRIVER_SETUP:
        if (!TAKE(pr, t) || !TAKE(pr, v64) || !TAKE(pr, b8)) {
            return false;
        }
        fz_driver_setup(t % FZ_NR_T, v64, b8 % FZ_QUEUES + 1);
        break;
    case OP_DESC:
        if (!TAKE(pr, t) || !TAKE(pr, q) || !TAKE(pr, b8) || !TAKE(pr, a32) ||
            !TAKE(pr, l32) || !TAKE(pr, f16) || !TAKE(pr, n16)) {
            return false;
        }
        fz_put_desc(t % FZ_NR_T, q % FZ_QUEUES, b8, desc_addr(a32), l32, f16, n16);
        break;
    case OP_PUBLISH:
        if (!TAKE(pr, t) || !TAKE(pr, q) || !TAKE(pr, b8)) {
            return false;
        }
        fz_publish(t % FZ_NR_T, q % FZ_QUEUES, b8);
        break;
    case OP_STATUS:
        if (!TAKE(pr, t) || !TAKE(pr, b8)) {
            return false;
        }
        fz_set_status(t % FZ_NR_T, b8);
        break;
    }
    return true;
}

/* ---- seeds: the requests a real driver makes, as programs ---- */

static void emit(GByteArray *g, const void *p, size_t n)
{
    g_byte_array_append(g, p, n);
}

#define EMIT(g, v) do { __typeof__(v) v_ = (v); emit(g, &v_, sizeof(v_)); } while (0)

static void e_ram(GByteArray *g, uint32_t off, const void *p, uint8_t n)
{
    EMIT(g, (uint8_t)OP_RAM_WRITE);
    EMIT(g, off);
    EMIT(g, n);
    emit(g, p, n);
}

static void e_setup(GByteArray *g, uint8_t t, uint64_t want, uint8_t nq)
{
    EMIT(g, (uint8_t)OP_DRIVER_SETUP);
    EMIT(g, t);
    EMIT(g, want);
    EMIT(g, (uint8_t)(nq - 1));
}

static void e_desc(GByteArray *g, uint8_t t, uint8_t q, uint8_t i, uint32_t off, uint32_t len,
                   uint16_t flags)
{
    EMIT(g, (uint8_t)OP_DESC);
    EMIT(g, t);
    EMIT(g, q);
    EMIT(g, i);
    EMIT(g, off);
    EMIT(g, len);
    EMIT(g, flags);
    EMIT(g, (uint16_t)(i + 1));
}

static void e_publish(GByteArray *g, uint8_t t, uint8_t q, uint8_t head)
{
    EMIT(g, (uint8_t)OP_PUBLISH);
    EMIT(g, t);
    EMIT(g, q);
    EMIT(g, head);
    EMIT(g, (uint8_t)OP_RUN);
}

#define NX VRING_DESC_F_NEXT
#define WR VRING_DESC_F_WRITE
#define D(x) (FZ_DATA_OFF + (x))

/* A virtio-blk request: header, data, status. */
static void e_blk_req(GByteArray *g, uint8_t t, uint8_t head, uint32_t type, uint64_t sector,
                      uint32_t len)
{
    uint8_t hdr[16] = { 0 };
    uint8_t i = head;

    stl_le_p(hdr, type);
    stq_le_p(hdr + 8, sector);
    e_ram(g, D(head * 32), hdr, sizeof(hdr));
    e_desc(g, t, 0, i++, D(head * 32), 16, NX);
    if (len) {
        e_desc(g, t, 0, i++, D(0x1000), len, NX | (type == VIRTIO_BLK_T_OUT ? 0 : WR));
    }
    e_desc(g, t, 0, i, D(head * 32 + 16), 1, WR);
    e_publish(g, t, 0, head);
}

/* A virtio-scsi command on request queue 0 (virtqueue 2) for lun 0. */
static void e_scsi_cmd(GByteArray *g, uint8_t head, const uint8_t *cdb, size_t cdb_len,
                       uint32_t len, bool to_dev)
{
    uint8_t req[51] = { 1, 0, 0, 0 };

    memcpy(req + 19, cdb, cdb_len);
    e_ram(g, D(head * 256), req, sizeof(req));
    e_desc(g, FZ_T_SCSI, 2, head, D(head * 256), sizeof(req), NX);
    if (to_dev) {
        e_desc(g, FZ_T_SCSI, 2, head + 1, D(0x1000), len, NX);
        e_desc(g, FZ_T_SCSI, 2, head + 2, D(head * 256 + 64), 108, WR);
    } else {
        e_desc(g, FZ_T_SCSI, 2, head + 1, D(head * 256 + 64), 108, WR | NX);
        e_desc(g, FZ_T_SCSI, 2, head + 2, D(0x1000), len, WR);
    }
    e_publish(g, FZ_T_SCSI, 2, head);
}

static void e_serial_ctrl(GByteArray *g, uint8_t head, uint32_t id, uint16_t event, uint16_t v)
{
    uint8_t msg[8];

    stl_le_p(msg, id);
    stw_le_p(msg + 4, event);
    stw_le_p(msg + 6, v);
    e_ram(g, D(0x2000 + head * 8), msg, sizeof(msg));
    e_desc(g, FZ_T_SERIAL, 3, head, D(0x2000 + head * 8), sizeof(msg), 0);
    e_publish(g, FZ_T_SERIAL, 3, head);
}

/* A control-queue (virtqueue 0) request of virtio-scsi: req readable, resp writable. */
static void e_scsi_ctrl(GByteArray *g, uint8_t head, const uint8_t *req, uint8_t req_len,
                        uint32_t resp_len)
{
    e_ram(g, D(0x5000 + head * 64), req, req_len);
    e_desc(g, FZ_T_SCSI, 0, head, D(0x5000 + head * 64), req_len, NX);
    e_desc(g, FZ_T_SCSI, 0, head + 1, D(0x5000 + head * 64 + 32), resp_len, WR);
    e_publish(g, FZ_T_SCSI, 0, head);
}

/* A register of the legacy virtio-pci I/O BAR. */
static void e_legacy(GByteArray *g, uint16_t off, uint8_t size_code, uint64_t v)
{
    EMIT(g, (uint8_t)OP_BAR_WRITE);
    EMIT(g, (uint8_t)0);
    EMIT(g, off);
    EMIT(g, size_code);
    EMIT(g, v);
}

static void save_seed(const char *dir, const char *name, GByteArray *g)
{
    g_autofree char *path = g_build_filename(dir, name, NULL);

    g_file_set_contents(path, (const char *)g->data, g->len, NULL);
    g_byte_array_set_size(g, 0);
}

static void write_seeds(const char *dir)
{
    GByteArray *g = g_byte_array_new();
    static const uint8_t inquiry[6] = { 0x12, 0, 0, 0, 96, 0 };
    static const uint8_t read10[10] = { 0x28, 0, 0, 0, 0, 2, 0, 0, 1, 0 };
    static const uint8_t write10[10] = { 0x2a, 0, 0, 0, 0, 3, 0, 0, 1, 0 };
    static const uint8_t report_luns[12] = { 0xa0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0 };

    e_setup(g, FZ_T_BLK, ~0ULL, 1);
    e_blk_req(g, FZ_T_BLK, 0, VIRTIO_BLK_T_OUT, 1, 512);
    e_blk_req(g, FZ_T_BLK, 3, VIRTIO_BLK_T_IN, 1, 1024);
    e_blk_req(g, FZ_T_BLK, 6, VIRTIO_BLK_T_FLUSH, 0, 0);
    e_blk_req(g, FZ_T_BLK, 9, VIRTIO_BLK_T_GET_ID, 0, 20);
    save_seed(dir, "seed-blk-mmio", g);

    e_setup(g, FZ_T_PCI, ~0ULL, 1);
    e_blk_req(g, FZ_T_PCI, 0, VIRTIO_BLK_T_IN, 8, 4096);
    e_blk_req(g, FZ_T_PCI, 3, VIRTIO_BLK_T_OUT, 8, 512);
    save_seed(dir, "seed-blk-pci", g);

    e_setup(g, FZ_T_SCSI, ~0ULL, 3);
    e_scsi_cmd(g, 0, inquiry, sizeof(inquiry), 96, false);
    e_scsi_cmd(g, 3, read10, sizeof(read10), 512, false);
    e_scsi_cmd(g, 6, write10, sizeof(write10), 512, true);
    e_scsi_cmd(g, 9, report_luns, sizeof(report_luns), 256, false);
    save_seed(dir, "seed-scsi", g);

    e_setup(g, FZ_T_SERIAL, ~0ULL, 6);
    /* Buffers for the device's control messages and console input. */
    for (uint8_t i = 0; i < 4; i++) {
        e_desc(g, FZ_T_SERIAL, 2, i, D(0x3000 + i * 64), 64, WR);
        e_publish(g, FZ_T_SERIAL, 2, i);
    }
    e_serial_ctrl(g, 0, 0, 0, 1);          /* DEVICE_READY */
    e_serial_ctrl(g, 1, 0, 3, 1);          /* PORT_READY 0 */
    e_serial_ctrl(g, 2, 1, 3, 1);          /* PORT_READY 1 */
    e_serial_ctrl(g, 3, 1, 6, 1);          /* PORT_OPEN 1 */
    e_ram(g, D(0x4000), "hello, console\n", 15);
    e_desc(g, FZ_T_SERIAL, 1, 0, D(0x4000), 15, 0);
    e_publish(g, FZ_T_SERIAL, 1, 0);
    e_desc(g, FZ_T_SERIAL, 5, 0, D(0x4000), 15, 0);
    e_publish(g, FZ_T_SERIAL, 5, 0);
    save_seed(dir, "seed-serial", g);
    /* Write zeroes and discard with one segment each, and an indirect read. */
    e_setup(g, FZ_T_BLK, ~0ULL, 1);
    {
        uint8_t seg[16] = { 0 }, table[48];
        uint8_t hdr[16] = { 0 };

        stq_le_p(seg, 4);
        stl_le_p(seg + 8, 8);
        e_ram(g, D(0x6000), seg, sizeof(seg));
        e_blk_req(g, FZ_T_BLK, 0, 13, 0, 16);
        e_blk_req(g, FZ_T_BLK, 3, 11, 0, 16);
        /* The segments are the data of these requests: point them at it. */
        stl_le_p(hdr, VIRTIO_BLK_T_IN);
        stq_le_p(hdr + 8, 2);
        e_ram(g, D(0x6100), hdr, sizeof(hdr));
        for (int i = 0; i < 3; i++) {
            static const uint32_t off[3] = { 0x6100, 0x7000, 0x6110 };
            static const uint32_t len[3] = { 16, 512, 1 };
            static const uint16_t fl[3] = { NX, NX | WR, WR };

            stq_le_p(table + 16 * i, FZ_RAM_BASE + D(off[i]));
            stl_le_p(table + 16 * i + 8, len[i]);
            stw_le_p(table + 16 * i + 12, fl[i]);
            stw_le_p(table + 16 * i + 14, i + 1);
        }
        e_ram(g, D(0x6200), table, sizeof(table));
        e_desc(g, FZ_T_BLK, 0, 6, D(0x6200), sizeof(table), VRING_DESC_F_INDIRECT);
        e_publish(g, FZ_T_BLK, 0, 6);
    }
    save_seed(dir, "seed-blk-discard-indirect", g);

    /* Task management and asynchronous notification on the control queue. */
    e_setup(g, FZ_T_SCSI, ~0ULL, 3);
    for (uint8_t i = 0; i < 4; i++) {
        e_desc(g, FZ_T_SCSI, 1, i, D(0x4000 + i * 16), 16, WR);
        e_publish(g, FZ_T_SCSI, 1, i);
    }
    {
        uint8_t tmf[24] = { 0 }, an[16] = { 0 };

        stl_le_p(tmf + 4, 5);              /* LOGICAL_UNIT_RESET */
        tmf[8] = 1;
        e_scsi_ctrl(g, 0, tmf, sizeof(tmf), 1);
        stl_le_p(tmf + 4, 0);              /* ABORT_TASK */
        stq_le_p(tmf + 16, 7);
        e_scsi_ctrl(g, 2, tmf, sizeof(tmf), 1);
        stl_le_p(an, 1);                   /* AN_QUERY */
        an[4] = 1;
        stl_le_p(an + 12, 0x10);
        e_scsi_ctrl(g, 4, an, sizeof(an), 5);
    }
    e_scsi_cmd(g, 6, read10, sizeof(read10), 512, false);
    save_seed(dir, "seed-scsi-ctrl", g);

    /* The legacy virtio-pci interface through the I/O BAR. */
    e_legacy(g, 0x12, 0, VIRTIO_CONFIG_S_ACKNOWLEDGE);
    e_legacy(g, 0x12, 0, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
    e_legacy(g, 0x04, 2, 0x30006244);      /* a few blk features and ANY_LAYOUT */
    e_legacy(g, 0x0e, 1, 0);
    e_legacy(g, 0x08, 2, fz_desc(FZ_T_PCI, 0) >> 12);
    e_legacy(g, 0x12, 0, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
             VIRTIO_CONFIG_S_DRIVER_OK);
    e_blk_req(g, FZ_T_PCI, 0, VIRTIO_BLK_T_IN, 5, 512);
    {
        /*
         * Legacy queues have the device's maximum size (256 here), so the
         * avail ring sits a page after the descriptors: publish head 0 there.
         */
        static const uint8_t avail[6] = { 0, 0, 1, 0, 0, 0 };

        e_ram(g, fz_desc(FZ_T_PCI, 0) - FZ_RAM_BASE + 0x1000, avail, sizeof(avail));
    }
    e_legacy(g, 0x10, 1, 0);               /* QUEUE_NOTIFY through the I/O BAR */
    EMIT(g, (uint8_t)OP_RUN);
    save_seed(dir, "seed-blk-pci-legacy", g);
    g_byte_array_free(g, true);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *seed_dir = getenv("FUZZ_VIRTIO_SEED_DIR");

    fz_machine_init();
    vm_start();                          /* the guest runs (no vCPU threads exist) */
    if (seed_dir) {
        write_seeds(seed_dir);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    Prog pr = { data, size };

    for (int i = 0; i < FZ_MAX_OPS && run_op(&pr); i++) {
    }
    fz_run();
    if (getenv("FUZZ_VIRTIO_DEBUG")) {
        /* What the program achieved: used ring indexes and device status. */
        for (int t = 0; t < FZ_NR_T; t++) {
            fprintf(stderr, "t%d status %02x used", t, fz_get_status(t));
            for (int q = 0; q < FZ_QUEUES; q++) {
                fprintf(stderr, " %u", (unsigned)fz_read(fz_used(t, q) + 2, 2));
            }
            fprintf(stderr, "\n");
        }
    }
    fz_machine_reset();
    return 0;
}
