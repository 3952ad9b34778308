/*
 * scsi-hd: a SCSI direct-access block device (SBC-3) over a BlockBackend.
 * Emulated commands build their answer in a buffer; READ/WRITE move data
 * between the HBA's scatter/gather list and the image in chunks.  The bus
 * (scsi-bus.c) already answers REPORT LUNS, REQUEST SENSE, unit attention
 * and missing LUNs; this file is only the disk's own command set.
 */
#include "qemu/osdep.h"
#include "hw/scsi/scsi.h"
#include "hw/qdev-properties.h"
#include "qemu/bswap.h"

#define TYPE_SCSI_HD "scsi-hd"
OBJECT_DECLARE_SIMPLE_TYPE(SCSIDiskState, SCSI_HD)

/* Largest piece of one READ/WRITE handed to the block layer at once. */
#define DISK_CHUNK (1024 * 1024)
#define DEFAULT_MAX_UNMAP_SIZE (1024 * 1024 * 1024)
#define DEFAULT_MAX_IO_SIZE INT_MAX
/* MAXIMUM UNMAP BLOCK DESCRIPTOR COUNT we advertise and enforce. */
#define MAX_UNMAP_DESCRIPTORS 255
/* VPD page 80h: serial numbers are cut to this many characters. */
#define MAX_SERIAL_LEN 36

struct SCSIDiskState {
    SCSIDevice qdev;
    char *serial;
    char *vendor;
    char *product;
    char *version;
    uint64_t wwn;
    uint64_t port_wwn;
    uint16_t port_index;
    uint16_t rotation_rate;
    uint64_t max_unmap_size;
    uint64_t max_io_size;
    bool removable;
    bool dpofua;
    /* Removable-media state QEMU migrates; a disk keeps it false. */
    bool media_changed;
    bool media_event;
    bool eject_request;
    bool tray_open;
    bool tray_locked;
};

typedef struct SCSIDiskReq SCSIDiskReq;
/* The data phase of a command: runs when the HBA's buffer is there. */
typedef void DiskDataFn(SCSIDiskReq *r);

struct SCSIDiskReq {
    SCSIRequest req;
    DiskDataFn *data_fn;
    uint8_t *buf;          /* emulated reply, or the data-out parameter list */
    size_t buflen;
    /* Block I/O in progress: byte offset and what is left. */
    uint64_t offset;
    uint64_t remaining;
    size_t chunk;
    bool is_write;
    int write_flags;
    QEMUIOVector qiov;
    /* WRITE SAME with a non-zero block: that block repeated. */
    uint8_t *pattern;
    size_t pattern_len;
    /* UNMAP: descriptors still to discard. */
    unsigned int unmap_next;
    unsigned int unmap_count;
};

static SCSIDiskState *disk_of(SCSIDiskReq *r)
{
    return SCSI_HD(r->req.dev);
}

static BlockBackend *disk_blk(SCSIDiskReq *r)
{
    return r->req.dev->conf.blk;
}

static uint64_t disk_nb_blocks(SCSIDiskState *s)
{
    int64_t len = blk_getlength(s->qdev.conf.blk);
    return len > 0 ? (uint64_t)len / s->qdev.blocksize : 0;
}

/* lba + n must stay within the disk (n == 0 at the very end is fine). */
static bool disk_lba_ok(SCSIDiskState *s, uint64_t lba, uint64_t n)
{
    uint64_t nb = disk_nb_blocks(s);
    return lba <= nb && n <= nb - lba;
}

static void disk_check(SCSIDiskReq *r, SCSISense sense)
{
    scsi_req_check_condition(&r->req, sense);
}

/* Answer with data-in built in buf (taken over); truncated to the allocation length. */
static int32_t disk_reply(SCSIDiskReq *r, uint8_t *buf, size_t len)
{
    g_free(r->buf);
    r->buf = buf;
    r->buflen = MIN(len, r->req.cmd.xfer);
    if (r->buflen == 0) {
        scsi_req_complete(&r->req, GOOD);
        return 0;
    }
    r->data_fn = NULL;
    return r->buflen;
}

/* Wait for data-out of the CDB's length, then run fn on it. */
static int32_t disk_want_data(SCSIDiskReq *r, DiskDataFn *fn)
{
    if (r->req.cmd.xfer == 0) {
        scsi_req_complete(&r->req, GOOD);
        return 0;
    }
    r->data_fn = fn;
    return -(int32_t)MIN(r->req.cmd.xfer, (size_t)INT32_MAX);
}

/* ---- block I/O completion paths ---- */

/* Common head of every block callback; false when the request is over. */
static bool disk_aio_done(SCSIDiskReq *r, int ret, bool is_write)
{
    r->req.aio_pending = false;
    if (r->req.io_canceled) {
        scsi_req_cancel_complete(&r->req);
        return false;
    }
    if (ret < 0 && ret != -ENOTSUP) {
        disk_check(r, scsi_sense_from_errno(-ret, is_write));
        return false;
    }
    return true;
}

static void disk_aio_start(SCSIDiskReq *r)
{
    r->req.aio_pending = true;
    scsi_req_ref(&r->req);
}

static void disk_rw_next(SCSIDiskReq *r);

static void disk_rw_cb(void *opaque, int ret)
{
    SCSIDiskReq *r = opaque;

    if (disk_aio_done(r, ret, r->is_write)) {
        if (!r->pattern) {
            r->req.xferred += r->chunk;
        }
        r->offset += r->chunk;
        r->remaining -= r->chunk;
        disk_rw_next(r);
    }
    scsi_req_unref(&r->req);
}

static void disk_rw_next(SCSIDiskReq *r)
{
    if (r->remaining == 0) {
        scsi_req_complete(&r->req, GOOD);
        return;
    }
    qemu_iovec_reset(&r->qiov);
    if (r->pattern) {
        r->chunk = MIN(r->remaining, r->pattern_len);
        qemu_iovec_add(&r->qiov, r->pattern, r->chunk);
    } else {
        r->chunk = MIN(r->remaining, DISK_CHUNK);
        qemu_iovec_concat_iov(&r->qiov, r->req.sg, r->req.sg_cnt, r->req.xferred, r->chunk);
    }
    disk_aio_start(r);
    if (r->is_write) {
        blk_aio_pwritev(disk_blk(r), r->offset, &r->qiov, r->write_flags, disk_rw_cb, r);
    } else {
        blk_aio_preadv(disk_blk(r), r->offset, &r->qiov, disk_rw_cb, r);
    }
}

static void disk_rw_data(SCSIDiskReq *r)
{
    disk_rw_next(r);
}

/* Completion of a single request (flush, discard, write zeroes). */
static void disk_simple_cb(void *opaque, int ret)
{
    SCSIDiskReq *r = opaque;

    if (disk_aio_done(r, ret, true)) {
        scsi_req_complete(&r->req, GOOD);
    }
    scsi_req_unref(&r->req);
}

/* ---- INQUIRY ---- */

static void pad_copy(uint8_t *dst, size_t len, const char *src)
{
    size_t n = strlen(src);
    memset(dst, ' ', len);
    memcpy(dst, src, MIN(n, len));
}

static size_t disk_vpd_supported(SCSIDiskState *s, uint8_t *p)
{
    size_t n = 4;
    p[n++] = VPD_SUPPORTED_PAGES;
    if (s->serial) {
        p[n++] = VPD_UNIT_SERIAL;
    }
    p[n++] = VPD_DEVICE_ID;
    p[n++] = VPD_BLOCK_LIMITS;
    p[n++] = VPD_BLOCK_CHARACTERISTICS;
    p[n++] = VPD_LB_PROVISIONING;
    return n;
}

static size_t disk_vpd_serial(SCSIDiskState *s, uint8_t *p)
{
    size_t len = MIN(strlen(s->serial), MAX_SERIAL_LEN);
    memcpy(p + 4, s->serial, len);
    return 4 + len;
}

/* One designation descriptor (SPC-4 7.8.6.1); returns its size. */
static size_t designator(uint8_t *p, uint8_t proto_codeset, uint8_t piv_assoc_type,
                         const void *id, size_t len)
{
    p[0] = proto_codeset;
    p[1] = piv_assoc_type;
    p[2] = 0;
    p[3] = len;
    memcpy(p + 4, id, len);
    return 4 + len;
}

static size_t disk_vpd_device_id(SCSIDiskState *s, uint8_t *p)
{
    const char *id = s->serial ? s->serial : blk_name(s->qdev.conf.blk);
    uint8_t t10[8 + MAX_SERIAL_LEN];
    size_t idlen = MIN(strlen(id), MAX_SERIAL_LEN);
    size_t n = 4;
    uint8_t be[8];

    /* T10 vendor ID based (type 1, ASCII, logical unit): vendor + serial. */
    pad_copy(t10, 8, s->vendor);
    memcpy(t10 + 8, id, idlen);
    n += designator(p + n, 0x02, 0x01, t10, 8 + idlen);
    if (s->wwn) {
        /* NAA (type 3, binary, logical unit). */
        stq_be_p(be, s->wwn);
        n += designator(p + n, 0x01, 0x03, be, 8);
    }
    if (s->port_wwn) {
        /* NAA of the target port: SAS protocol, PIV, association 1. */
        stq_be_p(be, s->port_wwn);
        n += designator(p + n, 0x61, 0x93, be, 8);
    }
    if (s->port_index) {
        /* Relative target port (type 4). */
        uint8_t rel[4] = { 0, 0, s->port_index >> 8, s->port_index & 0xff };
        n += designator(p + n, 0x61, 0x94, rel, 4);
    }
    return n;
}

static uint32_t bytes_to_blocks(SCSIDiskState *s, uint64_t bytes)
{
    uint64_t b = bytes / s->qdev.blocksize;
    return b > UINT32_MAX ? UINT32_MAX : b;
}

static size_t disk_vpd_block_limits(SCSIDiskState *s, uint8_t *p)
{
    BlockConf *c = &s->qdev.conf;
    uint32_t gran = c->discard_granularity == (uint32_t)-1 ? s->qdev.blocksize
                                                           : c->discard_granularity;

    p[4] = 0x01;                                         /* WSNZ */
    stw_be_p(p + 6, MIN(bytes_to_blocks(s, c->min_io_size), 0xffff));
    stl_be_p(p + 8, bytes_to_blocks(s, s->max_io_size));
    stl_be_p(p + 12, bytes_to_blocks(s, c->opt_io_size));
    stl_be_p(p + 20, bytes_to_blocks(s, s->max_unmap_size));
    stl_be_p(p + 24, MAX_UNMAP_DESCRIPTORS);
    stl_be_p(p + 28, bytes_to_blocks(s, gran));
    stq_be_p(p + 36, bytes_to_blocks(s, s->max_io_size));  /* max WRITE SAME length */
    return 64;
}

static size_t disk_vpd_block_characteristics(SCSIDiskState *s, uint8_t *p)
{
    stw_be_p(p + 4, s->rotation_rate);
    return 64;
}

static size_t disk_vpd_provisioning(SCSIDiskState *s, uint8_t *p)
{
    p[5] = 0xe0;           /* LBPU, LBPWS, LBPWS10 */
    p[6] = blk_supports_discard(s->qdev.conf.blk) ? 0x02 : 0x01;  /* thin / resource */
    return 8;
}

typedef struct VPDPage {
    uint8_t code;
    size_t (*fill)(SCSIDiskState *s, uint8_t *p);
} VPDPage;

static const VPDPage vpd_pages[] = {
    { VPD_SUPPORTED_PAGES, disk_vpd_supported },
    { VPD_UNIT_SERIAL, disk_vpd_serial },
    { VPD_DEVICE_ID, disk_vpd_device_id },
    { VPD_BLOCK_LIMITS, disk_vpd_block_limits },
    { VPD_BLOCK_CHARACTERISTICS, disk_vpd_block_characteristics },
    { VPD_LB_PROVISIONING, disk_vpd_provisioning },
};

static int32_t disk_inquiry(SCSIDiskReq *r, uint8_t *cdb)
{
    SCSIDiskState *s = disk_of(r);
    uint8_t *p = g_malloc0(256);
    size_t len = 0;

    if (cdb[1] & 0x02) {
        g_free(p);
        disk_check(r, SENSE_CODE(INVALID_FIELD));      /* CmdDt is obsolete */
        return 0;
    }
    if (cdb[1] & 0x01) {
        for (size_t i = 0; i < ARRAY_SIZE(vpd_pages); i++) {
            if (vpd_pages[i].code == cdb[2] && (cdb[2] != VPD_UNIT_SERIAL || s->serial)) {
                len = vpd_pages[i].fill(s, p);
                break;
            }
        }
        if (!len) {
            g_free(p);
            disk_check(r, SENSE_CODE(INVALID_FIELD));
            return 0;
        }
        p[0] = s->qdev.type;
        p[1] = cdb[2];
        stw_be_p(p + 2, len - 4);
        return disk_reply(r, p, len);
    }
    if (cdb[2]) {
        g_free(p);
        disk_check(r, SENSE_CODE(INVALID_FIELD));
        return 0;
    }
    p[0] = s->qdev.type;
    p[1] = s->removable ? 0x80 : 0;
    p[2] = SCSI_VERSION_SPC3;
    p[3] = 0x12;                                       /* HiSup, format 2 */
    p[4] = SCSI_INQUIRY_LEN - 5;
    p[7] = 0x10 | (r->req.bus->info->tcq ? 0x02 : 0);  /* CmdQue */
    pad_copy(p + 8, 8, s->vendor);
    pad_copy(p + 16, 16, s->product);
    pad_copy(p + 32, 4, s->version);
    return disk_reply(r, p, SCSI_INQUIRY_LEN);
}

/* ---- capacity ---- */

static int32_t disk_read_capacity10(SCSIDiskReq *r, uint8_t *cdb)
{
    SCSIDiskState *s = disk_of(r);
    uint64_t nb = disk_nb_blocks(s);
    uint8_t *p;

    if (!(cdb[8] & 1) && r->req.cmd.lba) {
        disk_check(r, SENSE_CODE(INVALID_FIELD));      /* LBA without PMI */
        return 0;
    }
    if (!nb) {
        disk_check(r, SENSE_CODE(LUN_NOT_READY));
        return 0;
    }
    p = g_malloc0(8);
    stl_be_p(p, nb - 1 > UINT32_MAX ? UINT32_MAX : nb - 1);
    stl_be_p(p + 4, s->qdev.blocksize);
    return disk_reply(r, p, 8);
}

static int32_t disk_service_action_in(SCSIDiskReq *r, uint8_t *cdb)
{
    SCSIDiskState *s = disk_of(r);
    uint64_t nb = disk_nb_blocks(s);
    uint32_t phys = s->qdev.conf.physical_block_size;
    uint8_t exp = 0;
    uint8_t *p;

    if ((cdb[1] & 0x1f) != SAI_READ_CAPACITY_16) {
        disk_check(r, SENSE_CODE(INVALID_FIELD));
        return 0;
    }
    if (!nb) {
        disk_check(r, SENSE_CODE(LUN_NOT_READY));
        return 0;
    }
    while (phys > s->qdev.blocksize && (s->qdev.blocksize << (exp + 1)) <= phys && exp < 15) {
        exp++;
    }
    p = g_malloc0(32);
    stq_be_p(p, nb - 1);
    stl_be_p(p + 8, s->qdev.blocksize);
    p[13] = exp;
    p[14] = 0x80;                                      /* LBPME */
    return disk_reply(r, p, 32);
}

/* ---- MODE SENSE / MODE SELECT ---- */

enum { PC_CURRENT, PC_CHANGEABLE, PC_DEFAULT, PC_SAVED };

/* A mode page as page control pc asks for it; returns its length or 0. */
static size_t disk_mode_page(SCSIDiskState *s, uint8_t page, int pc, uint8_t *p)
{
    switch (page) {
    case MODE_PAGE_CACHING:
        memset(p, 0, 20);
        p[0] = MODE_PAGE_CACHING;
        p[1] = 0x12;
        if (pc == PC_CHANGEABLE || pc == PC_DEFAULT ||
            blk_enable_write_cache(s->qdev.conf.blk)) {
            p[2] = 0x04;                               /* WCE */
        }
        return 20;
    case MODE_PAGE_CONTROL:
        memset(p, 0, 12);
        p[0] = MODE_PAGE_CONTROL;
        p[1] = 0x0a;
        return 12;
    default:
        return 0;
    }
}

static const uint8_t mode_pages_all[] = { MODE_PAGE_CACHING, MODE_PAGE_CONTROL };

static int32_t disk_mode_sense(SCSIDiskReq *r, uint8_t *cdb)
{
    SCSIDiskState *s = disk_of(r);
    bool ten = cdb[0] == MODE_SENSE_10;
    bool dbd = cdb[1] & 0x08;
    bool llbaa = ten && (cdb[1] & 0x10);
    int pc = cdb[2] >> 6;
    uint8_t page = cdb[2] & 0x3f;
    uint8_t subpage = cdb[3];
    size_t hdr = ten ? 8 : 4;
    size_t n = hdr;
    uint8_t *p = g_malloc0(512);
    uint64_t nb = disk_nb_blocks(s);

    if (pc == PC_SAVED) {
        g_free(p);
        disk_check(r, SENSE_CODE(SAVING_PARAMS_NOT_SUPPORTED));
        return 0;
    }
    if (page == MODE_PAGE_ALL ? (subpage != 0 && subpage != 0xff) : subpage != 0) {
        g_free(p);
        disk_check(r, SENSE_CODE(INVALID_FIELD));
        return 0;
    }
    /* Header: medium type 0, device-specific parameter (WP, DPOFUA). */
    p[ten ? 3 : 2] = (blk_is_read_only(s->qdev.conf.blk) ? 0x80 : 0) | (s->dpofua ? 0x10 : 0);
    if (!dbd) {
        uint8_t *d = p + n;
        if (llbaa) {
            p[4] = 0x01;                               /* LONGLBA */
            stq_be_p(d, nb);
            stl_be_p(d + 12, s->qdev.blocksize);
            n += 16;
        } else {
            stl_be_p(d, nb > UINT32_MAX ? UINT32_MAX : nb);
            d[5] = s->qdev.blocksize >> 16;
            d[6] = s->qdev.blocksize >> 8;
            d[7] = s->qdev.blocksize;
            n += 8;
        }
        if (ten) {
            stw_be_p(p + 6, n - hdr);
        } else {
            p[3] = n - hdr;
        }
    }
    if (page == MODE_PAGE_ALL) {
        for (size_t i = 0; i < ARRAY_SIZE(mode_pages_all); i++) {
            n += disk_mode_page(s, mode_pages_all[i], pc, p + n);
        }
    } else {
        size_t len = disk_mode_page(s, page, pc, p + n);
        if (!len) {
            g_free(p);
            disk_check(r, SENSE_CODE(INVALID_FIELD));
            return 0;
        }
        n += len;
    }
    if (ten) {
        stw_be_p(p, n - 2);
    } else {
        p[0] = n - 1;
    }
    return disk_reply(r, p, n);
}

/* Check one page of a MODE SELECT list; *wce gets the new WCE. */
static bool disk_mode_select_page(SCSIDiskState *s, const uint8_t *pg, size_t len, bool *wce)
{
    uint8_t cur[32], mask[32];
    size_t cur_len = disk_mode_page(s, pg[0] & 0x3f, PC_CURRENT, cur);

    if (!cur_len || (pg[0] & 0x40) || len != cur_len) {
        return false;
    }
    disk_mode_page(s, pg[0] & 0x3f, PC_CHANGEABLE, mask);
    mask[0] = 0x80;                                    /* PS is ours to set */
    mask[1] = 0;
    for (size_t i = 0; i < len; i++) {
        if ((pg[i] ^ cur[i]) & ~mask[i]) {
            return false;      /* only the changeable bits may differ */
        }
    }
    if ((pg[0] & 0x3f) == MODE_PAGE_CACHING) {
        *wce = pg[2] & 0x04;
    }
    return true;
}

static void disk_mode_select_data(SCSIDiskReq *r)
{
    SCSIDiskState *s = disk_of(r);
    bool ten = r->req.cmd.buf[0] == MODE_SELECT_10;
    size_t hdr = ten ? 8 : 4;
    size_t len = scsi_req_copy_from_sg(&r->req, r->buf, r->buflen);
    const uint8_t *p = r->buf;
    bool wce = blk_enable_write_cache(s->qdev.conf.blk);
    size_t bdlen, pos;

    if (len < hdr) {
        disk_check(r, SENSE_CODE(INVALID_PARAM_LEN));
        return;
    }
    bdlen = ten ? lduw_be_p(p + 6) : p[3];
    pos = hdr + bdlen;
    if (pos > len) {
        disk_check(r, SENSE_CODE(INVALID_PARAM_LEN));
        return;
    }
    if (bdlen) {
        /* One block descriptor; the block size may not change. */
        bool longlba = ten && (p[4] & 1);
        size_t want = longlba ? 16 : 8;
        uint32_t bs = longlba ? ldl_be_p(p + hdr + 12)
                              : (uint32_t)p[hdr + 5] << 16 | p[hdr + 6] << 8 | p[hdr + 7];
        if (bdlen != want || bs != s->qdev.blocksize) {
            disk_check(r, SENSE_CODE(INVALID_PARAM));
            return;
        }
    }
    while (pos < len) {
        size_t plen;
        if (pos + 2 > len || pos + 2 + p[pos + 1] > len) {
            disk_check(r, SENSE_CODE(INVALID_PARAM_LEN));
            return;
        }
        plen = 2 + p[pos + 1];
        if (!disk_mode_select_page(s, p + pos, plen, &wce)) {
            disk_check(r, SENSE_CODE(INVALID_PARAM));
            return;
        }
        pos += plen;
    }
    blk_set_enable_write_cache(s->qdev.conf.blk, wce);
    scsi_req_complete(&r->req, GOOD);
}

static int32_t disk_mode_select(SCSIDiskReq *r, uint8_t *cdb)
{
    /* Page format, no saving (SPC-4 6.11). */
    if ((cdb[1] & 0x11) != 0x10) {
        disk_check(r, (cdb[1] & 0x01) ? SENSE_CODE(SAVING_PARAMS_NOT_SUPPORTED)
                                      : SENSE_CODE(INVALID_FIELD));
        return 0;
    }
    r->buflen = r->req.cmd.xfer;
    r->buf = g_malloc0(r->buflen ? r->buflen : 1);
    return disk_want_data(r, disk_mode_select_data);
}

/* ---- READ / WRITE / VERIFY ---- */

/* Transfer length in blocks of a READ/WRITE/VERIFY CDB. */
static uint64_t disk_cdb_blocks(const uint8_t *cdb)
{
    switch (cdb[0] >> 5) {
    case 0:
        return cdb[4] ? cdb[4] : 256;
    case 1:
        return lduw_be_p(cdb + 7);
    case 5:
        return ldl_be_p(cdb + 6);
    default:
        return ldl_be_p(cdb + 10);
    }
}

static bool disk_is_write(uint8_t op)
{
    switch (op) {
    case WRITE_6:
    case WRITE_10:
    case WRITE_12:
    case WRITE_16:
    case WRITE_VERIFY_10:
    case WRITE_VERIFY_12:
    case WRITE_VERIFY_16:
        return true;
    default:
        return false;
    }
}

static int32_t disk_read_write(SCSIDiskReq *r, uint8_t *cdb)
{
    SCSIDiskState *s = disk_of(r);
    uint64_t n = disk_cdb_blocks(cdb);
    bool write = disk_is_write(cdb[0]);
    uint64_t bs = s->qdev.blocksize;

    /* RDPROTECT/WRPROTECT: no protection information on this disk. */
    if (cdb[0] != READ_6 && cdb[0] != WRITE_6 && (cdb[1] & 0xe0)) {
        disk_check(r, SENSE_CODE(INVALID_FIELD));
        return 0;
    }
    if (write && blk_is_read_only(disk_blk(r))) {
        disk_check(r, SENSE_CODE(WRITE_PROTECTED));
        return 0;
    }
    if (!disk_lba_ok(s, r->req.cmd.lba, n)) {
        disk_check(r, SENSE_CODE(LBA_OUT_OF_RANGE));
        return 0;
    }
    if (n * bs > s->max_io_size || n * bs > INT32_MAX) {
        disk_check(r, SENSE_CODE(INVALID_FIELD));      /* beyond MAXIMUM TRANSFER LENGTH */
        return 0;
    }
    if (n == 0) {
        scsi_req_complete(&r->req, GOOD);
        return 0;
    }
    r->is_write = write;
    r->offset = r->req.cmd.lba * bs;
    r->remaining = n * bs;
    r->data_fn = disk_rw_data;
    if (write) {
        bool fua = cdb[0] != WRITE_6 && (cdb[1] & 0x08);
        bool verify = cdb[0] == WRITE_VERIFY_10 || cdb[0] == WRITE_VERIFY_12 ||
                      cdb[0] == WRITE_VERIFY_16;
        if (fua || verify || !blk_enable_write_cache(disk_blk(r))) {
            r->write_flags = BDRV_REQ_FUA;
        }
        return -(int32_t)r->remaining;
    }
    return r->remaining;
}

static int32_t disk_verify(SCSIDiskReq *r, uint8_t *cdb)
{
    SCSIDiskState *s = disk_of(r);
    uint64_t n = cdb[0] == VERIFY_10 ? lduw_be_p(cdb + 7)
                 : cdb[0] == VERIFY_12 ? ldl_be_p(cdb + 6) : ldl_be_p(cdb + 10);

    if (cdb[1] & 0xe6) {
        disk_check(r, SENSE_CODE(INVALID_FIELD));      /* VRPROTECT, BYTCHK */
        return 0;
    }
    if (!disk_lba_ok(s, r->req.cmd.lba, n)) {
        disk_check(r, SENSE_CODE(LBA_OUT_OF_RANGE));
        return 0;
    }
    scsi_req_complete(&r->req, GOOD);
    return 0;
}

/* ---- UNMAP / WRITE SAME ---- */

static void disk_unmap_next(SCSIDiskReq *r);

static void disk_unmap_cb(void *opaque, int ret)
{
    SCSIDiskReq *r = opaque;

    if (disk_aio_done(r, ret, true)) {
        disk_unmap_next(r);
    }
    scsi_req_unref(&r->req);
}

static void disk_unmap_next(SCSIDiskReq *r)
{
    SCSIDiskState *s = disk_of(r);

    while (r->unmap_next < r->unmap_count) {
        const uint8_t *d = r->buf + 8 + 16 * r->unmap_next++;
        uint64_t lba = ldq_be_p(d);
        uint32_t n = ldl_be_p(d + 8);
        if (n == 0) {
            continue;
        }
        disk_aio_start(r);
        blk_aio_pdiscard(disk_blk(r), lba * s->qdev.blocksize, (int64_t)n * s->qdev.blocksize,
                         disk_unmap_cb, r);
        return;
    }
    scsi_req_complete(&r->req, GOOD);
}

/* SBC-3 5.28: check the whole parameter list before discarding anything. */
static void disk_unmap_data(SCSIDiskReq *r)
{
    SCSIDiskState *s = disk_of(r);
    size_t len = scsi_req_copy_from_sg(&r->req, r->buf, r->buflen);
    const uint8_t *p = r->buf;
    uint32_t data_len, desc_len;
    uint64_t total = 0;

    if (len < 8) {
        disk_check(r, SENSE_CODE(INVALID_PARAM_LEN));
        return;
    }
    data_len = lduw_be_p(p);
    desc_len = lduw_be_p(p + 2);
    if (data_len + 2 > len || desc_len + 8 > len || (desc_len & 15)) {
        disk_check(r, SENSE_CODE(INVALID_PARAM_LEN));
        return;
    }
    r->unmap_count = desc_len / 16;
    if (r->unmap_count > MAX_UNMAP_DESCRIPTORS) {
        disk_check(r, SENSE_CODE(INVALID_PARAM));
        return;
    }
    for (unsigned i = 0; i < r->unmap_count; i++) {
        const uint8_t *d = p + 8 + 16 * i;
        uint64_t lba = ldq_be_p(d);
        uint32_t n = ldl_be_p(d + 8);
        if (!disk_lba_ok(s, lba, n)) {
            disk_check(r, SENSE_CODE(LBA_OUT_OF_RANGE));
            return;
        }
        total += n;
    }
    if (total > bytes_to_blocks(s, s->max_unmap_size)) {
        disk_check(r, SENSE_CODE(INVALID_PARAM));
        return;
    }
    r->unmap_next = 0;
    disk_unmap_next(r);
}

static int32_t disk_unmap(SCSIDiskReq *r, uint8_t *cdb)
{
    if (cdb[1] & 0x01) {
        disk_check(r, SENSE_CODE(INVALID_FIELD));      /* ANCHOR */
        return 0;
    }
    if (blk_is_read_only(disk_blk(r))) {
        disk_check(r, SENSE_CODE(WRITE_PROTECTED));
        return 0;
    }
    r->buflen = r->req.cmd.xfer;
    r->buf = g_malloc0(r->buflen ? r->buflen : 1);
    return disk_want_data(r, disk_unmap_data);
}

static void disk_write_zeroes(SCSIDiskReq *r, bool unmap)
{
    disk_aio_start(r);
    blk_aio_pwrite_zeroes(disk_blk(r), r->offset, r->remaining, unmap ? BDRV_REQ_MAY_UNMAP : 0,
                          disk_simple_cb, r);
}

static void disk_write_same_data(SCSIDiskReq *r)
{
    SCSIDiskState *s = disk_of(r);
    size_t bs = s->qdev.blocksize;
    bool zero = true;

    scsi_req_copy_from_sg(&r->req, r->buf, bs);
    for (size_t i = 0; i < bs; i++) {
        if (r->buf[i]) {
            zero = false;
            break;
        }
    }
    if (zero) {
        disk_write_zeroes(r, r->req.cmd.buf[1] & 0x08);
        return;
    }
    /* Repeat the block over a buffer and write that buffer until done. */
    r->pattern_len = MIN(r->remaining, (uint64_t)DISK_CHUNK / bs * bs);
    r->pattern = g_malloc(r->pattern_len);
    for (size_t off = 0; off < r->pattern_len; off += bs) {
        memcpy(r->pattern + off, r->buf, bs);
    }
    r->is_write = true;
    disk_rw_next(r);
}

static int32_t disk_write_same(SCSIDiskReq *r, uint8_t *cdb)
{
    SCSIDiskState *s = disk_of(r);
    bool sixteen = cdb[0] == WRITE_SAME_16;
    uint64_t n = sixteen ? ldl_be_p(cdb + 10) : lduw_be_p(cdb + 7);
    bool ndob = sixteen && (cdb[1] & 0x01);

    if ((cdb[1] & 0xf0) || (!sixteen && (cdb[1] & 0x01))) {
        disk_check(r, SENSE_CODE(INVALID_FIELD));      /* WRPROTECT, ANCHOR */
        return 0;
    }
    if (blk_is_read_only(disk_blk(r))) {
        disk_check(r, SENSE_CODE(WRITE_PROTECTED));
        return 0;
    }
    if (!disk_lba_ok(s, r->req.cmd.lba, n)) {
        disk_check(r, SENSE_CODE(LBA_OUT_OF_RANGE));
        return 0;
    }
    if (n == 0 || n > bytes_to_blocks(s, s->max_io_size)) {
        disk_check(r, SENSE_CODE(INVALID_FIELD));      /* WSNZ; beyond the max length */
        return 0;
    }
    r->offset = r->req.cmd.lba * s->qdev.blocksize;
    r->remaining = n * s->qdev.blocksize;
    if (ndob) {
        disk_write_zeroes(r, cdb[1] & 0x08);
        return 0;
    }
    r->buflen = s->qdev.blocksize;
    r->buf = g_malloc0(r->buflen);
    return disk_want_data(r, disk_write_same_data);
}

/* ---- the rest ---- */

static int32_t disk_good(SCSIDiskReq *r, uint8_t *cdb)
{
    scsi_req_complete(&r->req, GOOD);
    return 0;
}

static int32_t disk_synchronize_cache(SCSIDiskReq *r, uint8_t *cdb)
{
    disk_aio_start(r);
    blk_aio_flush(disk_blk(r), disk_simple_cb, r);
    return 0;
}

static int32_t disk_invalid_opcode(SCSIDiskReq *r, uint8_t *cdb)
{
    disk_check(r, SENSE_CODE(INVALID_OPCODE));
    return 0;
}

typedef int32_t DiskCmdFn(SCSIDiskReq *r, uint8_t *cdb);

typedef struct DiskCmd {
    uint8_t opcode;
    bool needs_medium;
    DiskCmdFn *fn;
} DiskCmd;

static const DiskCmd disk_cmds[] = {
    { TEST_UNIT_READY, true, disk_good },
    { INQUIRY, false, disk_inquiry },
    { MODE_SENSE, true, disk_mode_sense },
    { MODE_SENSE_10, true, disk_mode_sense },
    { MODE_SELECT, true, disk_mode_select },
    { MODE_SELECT_10, true, disk_mode_select },
    { START_STOP, false, disk_good },
    { ALLOW_MEDIUM_REMOVAL, false, disk_good },
    { READ_CAPACITY_10, true, disk_read_capacity10 },
    { SERVICE_ACTION_IN_16, true, disk_service_action_in },
    { READ_6, true, disk_read_write },
    { READ_10, true, disk_read_write },
    { READ_12, true, disk_read_write },
    { READ_16, true, disk_read_write },
    { WRITE_6, true, disk_read_write },
    { WRITE_10, true, disk_read_write },
    { WRITE_12, true, disk_read_write },
    { WRITE_16, true, disk_read_write },
    { WRITE_VERIFY_10, true, disk_read_write },
    { WRITE_VERIFY_12, true, disk_read_write },
    { WRITE_VERIFY_16, true, disk_read_write },
    { VERIFY_10, true, disk_verify },
    { VERIFY_12, true, disk_verify },
    { VERIFY_16, true, disk_verify },
    { SYNCHRONIZE_CACHE, true, disk_synchronize_cache },
    { SYNCHRONIZE_CACHE_16, true, disk_synchronize_cache },
    { UNMAP, true, disk_unmap },
    { WRITE_SAME_10, true, disk_write_same },
    { WRITE_SAME_16, true, disk_write_same },
};

static int32_t disk_send_command(SCSIRequest *req, uint8_t *cdb)
{
    SCSIDiskReq *r = (SCSIDiskReq *)req;
    const DiskCmd *cmd = NULL;

    for (size_t i = 0; i < ARRAY_SIZE(disk_cmds); i++) {
        if (disk_cmds[i].opcode == cdb[0]) {
            cmd = &disk_cmds[i];
            break;
        }
    }
    if (!cmd) {
        return disk_invalid_opcode(r, cdb);
    }
    if (cmd->needs_medium && !blk_is_inserted(req->dev->conf.blk)) {
        disk_check(r, SENSE_CODE(NO_MEDIUM));
        return 0;
    }
    return cmd->fn(r, cdb);
}

static void disk_transfer(SCSIRequest *req)
{
    SCSIDiskReq *r = (SCSIDiskReq *)req;

    if (r->data_fn) {
        r->data_fn(r);
        return;
    }
    /* Emulated data-in. */
    scsi_req_copy_to_sg(req, r->buf, r->buflen);
    scsi_req_complete(req, GOOD);
}

static void disk_free_req(SCSIRequest *req)
{
    SCSIDiskReq *r = (SCSIDiskReq *)req;

    g_free(r->buf);
    g_free(r->pattern);
    qemu_iovec_destroy(&r->qiov);
}

static const SCSIReqOps disk_reqops = {
    .size = sizeof(SCSIDiskReq),
    .send_command = disk_send_command,
    .transfer = disk_transfer,
    .free_req = disk_free_req,
};

/* ---- the device ---- */

static void scsi_hd_realize(SCSIDevice *dev, Error **errp)
{
    SCSIDiskState *s = SCSI_HD(dev);
    BlockConf *conf = &dev->conf;
    bool read_only;

    if (!conf->blk) {
        error_setg(errp, "drive property not set");
        return;
    }
    if (!blk_is_inserted(conf->blk)) {
        error_setg(errp, "Device needs media, but drive is empty");
        return;
    }
    if (!blkconf_blocksizes(conf, errp)) {
        return;
    }
    read_only = blk_is_read_only(conf->blk);
    if (!blkconf_apply_backend_options(conf, read_only, true, errp)) {
        return;
    }
    dev->blocksize = conf->logical_block_size;
    dev->type = TYPE_DISK;
    dev->max_lba = disk_nb_blocks(s) ? disk_nb_blocks(s) - 1 : 0;
    if (!s->vendor) {
        s->vendor = g_strdup("QEMU");
    }
    if (!s->product) {
        s->product = g_strdup("QEMU HARDDISK");
    }
    if (!s->version) {
        /* What QEMU reports for machine types since 2.5 (qemu_hw_version). */
        s->version = g_strdup("2.5+");
    }
}

static void scsi_hd_unrealize(SCSIDevice *dev)
{
    /* Requests cancelled with block I/O in flight finish when it returns. */
    if (dev->requests) {
        blk_drain_all();
    }
}

static void scsi_hd_reset(DeviceState *qdev)
{
    SCSIDevice *dev = SCSI_DEVICE(qdev);

    scsi_device_purge_requests(dev, SENSE_CODE(RESET));
    if (dev->requests) {
        /* Cancelled with block I/O in flight: let it come back before we go on. */
        blk_drain_all();
    }
    dev->max_lba = disk_nb_blocks(SCSI_HD(dev)) ? disk_nb_blocks(SCSI_HD(dev)) - 1 : 0;
}

static Property scsi_hd_props[] = {
    DEFINE_BLOCK_PROPERTIES(SCSIDiskState, qdev.conf),
    DEFINE_PROP_STRING("ver", SCSIDiskState, version),
    DEFINE_PROP_STRING("serial", SCSIDiskState, serial),
    DEFINE_PROP_STRING("vendor", SCSIDiskState, vendor),
    DEFINE_PROP_STRING("product", SCSIDiskState, product),
    DEFINE_PROP_UINT64("wwn", SCSIDiskState, wwn, 0),
    DEFINE_PROP_UINT64("port_wwn", SCSIDiskState, port_wwn, 0),
    DEFINE_PROP_UINT16("port_index", SCSIDiskState, port_index, 0),
    DEFINE_PROP_BOOL("removable", SCSIDiskState, removable, false),
    DEFINE_PROP_BOOL("dpofua", SCSIDiskState, dpofua, false),
    DEFINE_PROP_UINT16("rotation_rate", SCSIDiskState, rotation_rate, 0),
    DEFINE_PROP_UINT64("max_unmap_size", SCSIDiskState, max_unmap_size,
                       DEFAULT_MAX_UNMAP_SIZE),
    DEFINE_PROP_UINT64("max_io_size", SCSIDiskState, max_io_size, DEFAULT_MAX_IO_SIZE),
    DEFINE_PROP_END_OF_LIST(),
};

static int scsi_disk_pre_save(void *opaque)
{
    SCSIDevice *dev = opaque;
    /* Migration drains block I/O first; a request left here is a bug upstream. */
    return dev->requests ? -EBUSY : 0;
}

static const VMStateDescription vmstate_scsi_disk = {
    .name = "scsi-disk",
    .version_id = 1,
    .minimum_version_id = 1,
    .pre_save = scsi_disk_pre_save,
    .fields = (const VMStateField[]) {
        VMSTATE_SCSI_DEVICE(qdev, SCSIDiskState),
        VMSTATE_BOOL(media_changed, SCSIDiskState),
        VMSTATE_BOOL(media_event, SCSIDiskState),
        VMSTATE_BOOL(eject_request, SCSIDiskState),
        VMSTATE_BOOL(tray_open, SCSIDiskState),
        VMSTATE_BOOL(tray_locked, SCSIDiskState),
        VMSTATE_END_OF_LIST()
    },
};

static void scsi_hd_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    SCSIDeviceClass *sc = SCSI_DEVICE_CLASS(oc);

    sc->realize = scsi_hd_realize;
    sc->unrealize = scsi_hd_unrealize;
    sc->reqops = &disk_reqops;
    dc->reset = scsi_hd_reset;
    dc->desc = "virtual SCSI disk";
    dc->fw_name = "disk";
    dc->vmsd = &vmstate_scsi_disk;
    device_class_set_category(dc, DEVICE_CATEGORY_STORAGE);
    device_class_set_props(dc, scsi_hd_props);
}

static const TypeInfo scsi_hd_info = {
    .name = TYPE_SCSI_HD,
    .parent = TYPE_SCSI_DEVICE,
    .instance_size = sizeof(SCSIDiskState),
    .class_init = scsi_hd_class_init,
};

static void scsi_disk_register_types(void)
{
    type_register_static(&scsi_hd_info);
}

type_init(scsi_disk_register_types)
