/*
 * The SCSI bus and the SCSI device base type: addressing (channel, scsi-id,
 * lun; automatic ids; the migration device path), CDB parsing, the request
 * lifecycle between HBAs and devices, sense data and unit attention, and
 * the answers a target gives for LUNs that have no device (REPORT LUNS,
 * INQUIRY, REQUEST SENSE).  Device commands live in the device files.
 */
#include "qemu/osdep.h"
#include "hw/scsi/scsi.h"
#include "hw/qdev-properties.h"
#include "migration/qemu-file.h"
#include "qemu/bswap.h"

/* ---- sense conditions (SPC-4 annex D) ---- */

const SCSISense sense_code_NO_SENSE = { NO_SENSE, 0x00, 0x00 };
const SCSISense sense_code_NO_MEDIUM = { NOT_READY, 0x3a, 0x00 };
const SCSISense sense_code_LUN_NOT_READY = { NOT_READY, 0x04, 0x03 };
const SCSISense sense_code_READ_ERROR = { MEDIUM_ERROR, 0x11, 0x00 };
const SCSISense sense_code_WRITE_ERROR = { MEDIUM_ERROR, 0x0c, 0x00 };
const SCSISense sense_code_TARGET_FAILURE = { HARDWARE_ERROR, 0x44, 0x00 };
const SCSISense sense_code_INVALID_PARAM_LEN = { ILLEGAL_REQUEST, 0x1a, 0x00 };
const SCSISense sense_code_INVALID_OPCODE = { ILLEGAL_REQUEST, 0x20, 0x00 };
const SCSISense sense_code_LBA_OUT_OF_RANGE = { ILLEGAL_REQUEST, 0x21, 0x00 };
const SCSISense sense_code_INVALID_FIELD = { ILLEGAL_REQUEST, 0x24, 0x00 };
const SCSISense sense_code_LUN_NOT_SUPPORTED = { ILLEGAL_REQUEST, 0x25, 0x00 };
const SCSISense sense_code_INVALID_PARAM = { ILLEGAL_REQUEST, 0x26, 0x00 };
const SCSISense sense_code_SAVING_PARAMS_NOT_SUPPORTED = { ILLEGAL_REQUEST, 0x39, 0x00 };
const SCSISense sense_code_RESET = { UNIT_ATTENTION, 0x29, 0x00 };
const SCSISense sense_code_I_T_NEXUS_LOSS = { UNIT_ATTENTION, 0x29, 0x07 };
const SCSISense sense_code_MODE_PARAMETERS_CHANGED = { UNIT_ATTENTION, 0x2a, 0x01 };
const SCSISense sense_code_CAPACITY_CHANGED = { UNIT_ATTENTION, 0x2a, 0x09 };
const SCSISense sense_code_REPORTED_LUNS_CHANGED = { UNIT_ATTENTION, 0x3f, 0x0e };
const SCSISense sense_code_WRITE_PROTECTED = { DATA_PROTECT, 0x27, 0x00 };
const SCSISense sense_code_SPACE_ALLOC_FAILED = { DATA_PROTECT, 0x27, 0x07 };
const SCSISense sense_code_IO_ERROR = { ABORTED_COMMAND, 0x00, 0x06 };

int scsi_build_sense(uint8_t *buf, int len, SCSISense sense, bool descriptor)
{
    uint8_t tmp[SCSI_SENSE_LEN] = { 0 };
    int n;

    if (descriptor) {
        /* SPC-4 4.5.2: response code 72h, no descriptors. */
        tmp[0] = 0x72;
        tmp[1] = sense.key;
        tmp[2] = sense.asc;
        tmp[3] = sense.ascq;
        n = 8;
    } else {
        /* SPC-4 4.5.3: response code 70h (current), ADDITIONAL SENSE LENGTH 10. */
        tmp[0] = 0x70;
        tmp[2] = sense.key;
        tmp[7] = 10;
        tmp[12] = sense.asc;
        tmp[13] = sense.ascq;
        n = SCSI_SENSE_LEN;
    }
    n = MIN(n, len);
    memcpy(buf, tmp, n);
    return n;
}

/* Decode stored sense (either format) back into its condition. */
static SCSISense sense_decode(const uint8_t *buf, uint32_t len)
{
    SCSISense s = { 0, 0, 0 };

    if (len >= 4 && (buf[0] & 0x7e) == 0x72) {
        s.key = buf[1] & 0x0f;
        s.asc = buf[2];
        s.ascq = buf[3];
    } else if (len >= 14 && (buf[0] & 0x7e) == 0x70) {
        s.key = buf[2] & 0x0f;
        s.asc = buf[12];
        s.ascq = buf[13];
    }
    return s;
}

SCSISense scsi_sense_from_errno(int errnum, bool is_write)
{
    switch (errnum) {
    case ENOMEDIUM:
        return SENSE_CODE(NO_MEDIUM);
    case ENOSPC:
        return SENSE_CODE(SPACE_ALLOC_FAILED);
    case EROFS:
    case EACCES:
    case EPERM:
        return SENSE_CODE(WRITE_PROTECTED);
    case ENOMEM:
        return SENSE_CODE(TARGET_FAILURE);
    default:
        return is_write ? SENSE_CODE(WRITE_ERROR) : SENSE_CODE(READ_ERROR);
    }
}

/* ---- CDB parsing ---- */

/* How a command's CDB says how much data moves. */
typedef enum XferKind {
    XK_NONE,        /* no data */
    XK_BYTES,       /* byte count field (allocation or parameter list length) */
    XK_BLOCKS,      /* block count field, times the block size */
    XK_BLOCKS6,     /* READ(6)/WRITE(6): one byte, 0 means 256 blocks */
    XK_FIXED,       /* always .off bytes */
    XK_ONE_BLOCK,   /* WRITE SAME: one logical block */
} XferKind;

typedef struct XferRule {
    uint8_t opcode;
    uint8_t mode;          /* SCSIXferMode */
    uint8_t kind;          /* XferKind */
    uint8_t off;           /* offset of the length field (XK_FIXED: byte count) */
    uint8_t width;         /* its width in bytes */
} XferRule;

static const XferRule xfer_rules[] = {
    { TEST_UNIT_READY, SCSI_XFER_NONE, XK_NONE, 0, 0 },
    { REQUEST_SENSE, SCSI_XFER_FROM_DEV, XK_BYTES, 4, 1 },
    { READ_6, SCSI_XFER_FROM_DEV, XK_BLOCKS6, 4, 1 },
    { WRITE_6, SCSI_XFER_TO_DEV, XK_BLOCKS6, 4, 1 },
    { INQUIRY, SCSI_XFER_FROM_DEV, XK_BYTES, 3, 2 },
    { MODE_SELECT, SCSI_XFER_TO_DEV, XK_BYTES, 4, 1 },
    { MODE_SENSE, SCSI_XFER_FROM_DEV, XK_BYTES, 4, 1 },
    { START_STOP, SCSI_XFER_NONE, XK_NONE, 0, 0 },
    { ALLOW_MEDIUM_REMOVAL, SCSI_XFER_NONE, XK_NONE, 0, 0 },
    { READ_CAPACITY_10, SCSI_XFER_FROM_DEV, XK_FIXED, 8, 0 },
    { READ_10, SCSI_XFER_FROM_DEV, XK_BLOCKS, 7, 2 },
    { WRITE_10, SCSI_XFER_TO_DEV, XK_BLOCKS, 7, 2 },
    { WRITE_VERIFY_10, SCSI_XFER_TO_DEV, XK_BLOCKS, 7, 2 },
    { VERIFY_10, SCSI_XFER_NONE, XK_NONE, 0, 0 },
    { SYNCHRONIZE_CACHE, SCSI_XFER_NONE, XK_NONE, 0, 0 },
    { WRITE_SAME_10, SCSI_XFER_TO_DEV, XK_ONE_BLOCK, 0, 0 },
    { UNMAP, SCSI_XFER_TO_DEV, XK_BYTES, 7, 2 },
    { MODE_SELECT_10, SCSI_XFER_TO_DEV, XK_BYTES, 7, 2 },
    { MODE_SENSE_10, SCSI_XFER_FROM_DEV, XK_BYTES, 7, 2 },
    { READ_16, SCSI_XFER_FROM_DEV, XK_BLOCKS, 10, 4 },
    { WRITE_16, SCSI_XFER_TO_DEV, XK_BLOCKS, 10, 4 },
    { WRITE_VERIFY_16, SCSI_XFER_TO_DEV, XK_BLOCKS, 10, 4 },
    { VERIFY_16, SCSI_XFER_NONE, XK_NONE, 0, 0 },
    { SYNCHRONIZE_CACHE_16, SCSI_XFER_NONE, XK_NONE, 0, 0 },
    { WRITE_SAME_16, SCSI_XFER_TO_DEV, XK_ONE_BLOCK, 0, 0 },
    { SERVICE_ACTION_IN_16, SCSI_XFER_FROM_DEV, XK_BYTES, 10, 4 },
    { REPORT_LUNS, SCSI_XFER_FROM_DEV, XK_BYTES, 6, 4 },
    { READ_12, SCSI_XFER_FROM_DEV, XK_BLOCKS, 6, 4 },
    { WRITE_12, SCSI_XFER_TO_DEV, XK_BLOCKS, 6, 4 },
    { WRITE_VERIFY_12, SCSI_XFER_TO_DEV, XK_BLOCKS, 6, 4 },
    { VERIFY_12, SCSI_XFER_NONE, XK_NONE, 0, 0 },
};

static uint64_t cdb_field(const uint8_t *cdb, int off, int width)
{
    uint64_t v = 0;
    for (int i = 0; i < width; i++) {
        v = (v << 8) | cdb[off + i];
    }
    return v;
}

/* CDB length from the group code (SPC-4 4.2.5.1); -1: not supported. */
static int cdb_length(uint8_t opcode)
{
    switch (opcode >> 5) {
    case 0:
        return 6;
    case 1:
    case 2:
        return 10;
    case 4:
        return 16;
    case 5:
        return 12;
    default:
        /* 3: variable length / reserved; 6, 7: vendor specific. */
        return -1;
    }
}

/* Fill cmd from the CDB; false if the CDB is incomplete or of no known length. */
static bool scsi_cdb_parse(SCSIDevice *dev, SCSICommand *cmd, const uint8_t *buf, size_t len)
{
    const XferRule *rule = NULL;
    uint32_t bs = dev->blocksize ? dev->blocksize : 512;

    memset(cmd, 0, sizeof(*cmd));
    if (len < 1) {
        return false;
    }
    cmd->len = cdb_length(buf[0]);
    if (cmd->len < 0 || (size_t)cmd->len > len || cmd->len > SCSI_CMD_BUF_SIZE) {
        cmd->len = 0;
        return false;
    }
    memcpy(cmd->buf, buf, cmd->len);

    switch (cmd->len) {
    case 6:
        cmd->lba = cdb_field(buf, 1, 3) & 0x1fffff;
        break;
    case 10:
    case 12:
        cmd->lba = cdb_field(buf, 2, 4);
        break;
    case 16:
        cmd->lba = cdb_field(buf, 2, 8);
        break;
    }

    for (size_t i = 0; i < ARRAY_SIZE(xfer_rules); i++) {
        if (xfer_rules[i].opcode == buf[0]) {
            rule = &xfer_rules[i];
            break;
        }
    }
    if (!rule) {
        /* Unknown to the bus: the device answers INVALID COMMAND OPERATION CODE. */
        return true;
    }
    cmd->mode = rule->mode;
    switch (rule->kind) {
    case XK_NONE:
        break;
    case XK_BYTES:
        cmd->xfer = cdb_field(buf, rule->off, rule->width);
        break;
    case XK_BLOCKS:
        cmd->xfer = cdb_field(buf, rule->off, rule->width) * bs;
        break;
    case XK_BLOCKS6:
        cmd->xfer = (buf[4] ? buf[4] : 256) * (size_t)bs;
        break;
    case XK_FIXED:
        cmd->xfer = rule->off;
        break;
    case XK_ONE_BLOCK:
        /* WRITE SAME(16) with NDOB has no data-out buffer (SBC-4 5.50). */
        cmd->xfer = (buf[0] == WRITE_SAME_16 && (buf[1] & 1)) ? 0 : bs;
        break;
    }
    if (cmd->xfer == 0) {
        cmd->mode = SCSI_XFER_NONE;
    }
    return true;
}

/* ---- requests ---- */

static SCSIRequest *scsi_req_alloc(const SCSIReqOps *ops, SCSIDevice *dev, uint32_t tag,
                                   uint32_t lun, void *hba_private)
{
    SCSIRequest *req = g_malloc0(ops->size);

    req->bus = SCSI_BUS(dev->qdev.parent_bus);
    req->dev = dev;
    req->ops = ops;
    req->refcount = 1;
    req->tag = tag;
    req->lun = lun;
    req->status = -1;
    req->hba_private = hba_private;
    object_ref(OBJECT(dev));
    return req;
}

SCSIRequest *scsi_req_ref(SCSIRequest *req)
{
    req->refcount++;
    return req;
}

void scsi_req_unref(SCSIRequest *req)
{
    if (--req->refcount > 0) {
        return;
    }
    if (req->ops->free_req) {
        req->ops->free_req(req);
    }
    object_unref(OBJECT(req->dev));
    g_free(req);
}

void scsi_req_build_sense(SCSIRequest *req, SCSISense sense)
{
    req->sense_len = scsi_build_sense(req->sense, sizeof(req->sense), sense, false);
}

int scsi_req_get_sense(SCSIRequest *req, uint8_t *buf, int len)
{
    int n = MIN((int)req->sense_len, len);
    if (n > 0) {
        memcpy(buf, req->sense, n);
    }
    return n < 0 ? 0 : n;
}

size_t scsi_req_copy_to_sg(SCSIRequest *req, const void *buf, size_t len)
{
    size_t n = iov_from_buf(req->sg, req->sg_cnt, req->xferred, buf, len);
    req->xferred += n;
    return n;
}

size_t scsi_req_copy_from_sg(SCSIRequest *req, void *buf, size_t len)
{
    size_t n = iov_to_buf(req->sg, req->sg_cnt, req->xferred, buf, len);
    req->xferred += n;
    return n;
}

static void scsi_req_dequeue(SCSIRequest *req)
{
    if (req->enqueued) {
        req->enqueued = false;
        req->dev->requests = g_list_remove(req->dev->requests, req);
        scsi_req_unref(req);
    }
}

void scsi_req_complete(SCSIRequest *req, int status)
{
    SCSIDevice *dev = req->dev;
    size_t resid;

    if (req->status != -1 || !req->enqueued) {
        return;
    }
    req->status = status;
    /* Autosense aside, the sense stays pending for REQUEST SENSE (SAM-5 5.8.5). */
    if (req->sense_len) {
        memcpy(dev->sense, req->sense, req->sense_len);
        dev->sense_len = req->sense_len;
    } else {
        dev->sense_len = 0;
    }
    dev->sense_is_ua = req->sense_len && sense_decode(req->sense, req->sense_len).key ==
                       UNIT_ATTENTION;
    resid = req->sg_size > req->xferred ? req->sg_size - req->xferred : 0;
    scsi_req_ref(req);
    scsi_req_dequeue(req);
    req->bus->info->complete(req, resid);
    scsi_req_unref(req);
}

void scsi_req_check_condition(SCSIRequest *req, SCSISense sense)
{
    scsi_req_build_sense(req, sense);
    scsi_req_complete(req, CHECK_CONDITION);
}

void scsi_req_cancel_complete(SCSIRequest *req)
{
    req->io_canceled = false;
    req->aio_pending = false;
    scsi_req_ref(req);
    scsi_req_dequeue(req);
    if (req->bus->info->cancel) {
        req->bus->info->cancel(req);
    }
    scsi_req_unref(req);
}

void scsi_req_cancel(SCSIRequest *req)
{
    if (!req->enqueued || req->io_canceled) {
        return;
    }
    if (req->aio_pending) {
        /* The block layer cannot take it back; finish when it returns. */
        req->io_canceled = true;
        return;
    }
    scsi_req_cancel_complete(req);
}

int32_t scsi_req_enqueue(SCSIRequest *req)
{
    int32_t rc;

    if (req->enqueued || req->status != -1) {
        return 0;
    }
    req->enqueued = true;
    scsi_req_ref(req);
    req->dev->requests = g_list_append(req->dev->requests, req);
    scsi_req_ref(req);
    rc = req->ops->send_command(req, req->cmd.buf);
    if (req->status != -1 || !req->enqueued) {
        rc = 0;
    }
    scsi_req_unref(req);
    return rc;
}

/* READ and WRITE family: the buffer must hold everything the CDB moves. */
static bool scsi_cmd_needs_full_buffer(const SCSICommand *cmd)
{
    return cmd->mode == SCSI_XFER_TO_DEV ||
           (cmd->mode == SCSI_XFER_FROM_DEV &&
            (cmd->buf[0] == READ_6 || cmd->buf[0] == READ_10 || cmd->buf[0] == READ_12 ||
             cmd->buf[0] == READ_16));
}

void scsi_req_continue(SCSIRequest *req, const struct iovec *sg, unsigned int sg_cnt)
{
    if (!req->enqueued || req->status != -1 || req->data_started || req->io_canceled) {
        return;
    }
    req->data_started = true;
    req->sg = sg;
    req->sg_cnt = sg_cnt;
    req->sg_size = iov_size(sg, sg_cnt);
    req->xferred = 0;
    if (req->cmd.mode != SCSI_XFER_NONE && scsi_cmd_needs_full_buffer(&req->cmd) &&
        req->sg_size < req->cmd.xfer) {
        scsi_req_check_condition(req, SENSE_CODE(INVALID_FIELD));
        return;
    }
    scsi_req_ref(req);
    if (req->ops->transfer) {
        req->ops->transfer(req);
    } else {
        scsi_req_complete(req, GOOD);
    }
    scsi_req_unref(req);
}

/* ---- unit attention ---- */

/* Lower is more important (SPC-4 5.14 leaves the choice to us): resets first. */
static int ua_precedence(SCSISense sense)
{
    if (sense.key != UNIT_ATTENTION) {
        return INT_MAX;
    }
    if (sense.asc == 0x29 && sense.ascq == 0x04) {
        return 1;       /* device internal reset */
    }
    if (sense.asc == 0x3f && sense.ascq == 0x01) {
        return 2;       /* microcode changed */
    }
    if (sense.asc == 0x29 && sense.ascq <= 0x07) {
        return 3 + sense.ascq;   /* power on, reset, bus reset, I_T nexus loss */
    }
    if (sense.asc == 0x29) {
        return 10;
    }
    return (sense.asc << 8) | sense.ascq;
}

void scsi_device_set_ua(SCSIDevice *dev, SCSISense sense)
{
    if (sense.key != UNIT_ATTENTION) {
        return;
    }
    if (ua_precedence(sense) < ua_precedence(dev->unit_attention)) {
        dev->unit_attention = sense;
    }
}

void scsi_bus_set_ua(SCSIBus *bus, SCSISense sense)
{
    if (sense.key != UNIT_ATTENTION) {
        return;
    }
    if (ua_precedence(sense) < ua_precedence(bus->unit_attention)) {
        bus->unit_attention = sense;
    }
}

/* The pending unit attention of dev (or of its bus), or NULL. */
static SCSISense *scsi_pending_ua(SCSIDevice *dev)
{
    SCSIBus *bus = SCSI_BUS(dev->qdev.parent_bus);

    if (dev->unit_attention.key == UNIT_ATTENTION) {
        return &dev->unit_attention;
    }
    if (bus->unit_attention.key == UNIT_ATTENTION) {
        return &bus->unit_attention;
    }
    return NULL;
}

static int32_t scsi_unit_attention_send(SCSIRequest *req, uint8_t *cdb)
{
    SCSISense *ua = scsi_pending_ua(req->dev);

    if (ua) {
        SCSISense s = *ua;
        *ua = SENSE_CODE(NO_SENSE);
        scsi_req_check_condition(req, s);
    } else {
        scsi_req_complete(req, GOOD);
    }
    return 0;
}

static const SCSIReqOps reqops_unit_attention = {
    .size = sizeof(SCSIRequest),
    .send_command = scsi_unit_attention_send,
};

static int32_t scsi_invalid_opcode_send(SCSIRequest *req, uint8_t *cdb)
{
    scsi_req_check_condition(req, SENSE_CODE(INVALID_OPCODE));
    return 0;
}

static const SCSIReqOps reqops_invalid_opcode = {
    .size = sizeof(SCSIRequest),
    .send_command = scsi_invalid_opcode_send,
};

/* ---- the target's own answers: REPORT LUNS, missing LUNs, REQUEST SENSE ---- */

typedef struct SCSITargetReq {
    SCSIRequest req;
    uint8_t *buf;
    size_t len;
} SCSITargetReq;

void scsi_lun_encode(uint8_t out[8], uint32_t lun)
{
    memset(out, 0, 8);
    if (lun < 256) {
        out[1] = lun;                       /* peripheral device addressing */
    } else {
        out[0] = 0x40 | ((lun >> 8) & 0x3f);  /* flat space addressing */
        out[1] = lun & 0xff;
    }
}

static int lun_compare(gconstpointer a, gconstpointer b)
{
    uint32_t x = GPOINTER_TO_UINT(a), y = GPOINTER_TO_UINT(b);
    return x < y ? -1 : x > y;
}

/* SPC-4 6.33: every LUN of the addressed target; LUN 0 always. */
static bool target_report_luns(SCSITargetReq *r)
{
    SCSIDevice *dev = r->req.dev;
    BusState *qbus = dev->qdev.parent_bus;
    GList *luns = g_list_prepend(NULL, GUINT_TO_POINTER(0));
    size_t n, i = 0;

    if (r->req.cmd.xfer < 16 || r->req.cmd.buf[2] > 2) {
        g_list_free(luns);
        return false;
    }
    for (GList *e = qbus->children; e; e = e->next) {
        SCSIDevice *d = SCSI_DEVICE(((BusChild *)e->data)->child);
        if (d->channel == dev->channel && d->id == dev->id && d->lun != 0 &&
            d->qdev.realized) {
            luns = g_list_insert_sorted(luns, GUINT_TO_POINTER(d->lun), lun_compare);
        }
    }
    n = g_list_length(luns);
    r->len = 8 + n * 8;
    r->buf = g_malloc0(r->len);
    stl_be_p(r->buf, n * 8);
    for (GList *e = luns; e; e = e->next, i++) {
        scsi_lun_encode(r->buf + 8 + i * 8, GPOINTER_TO_UINT(e->data));
    }
    g_list_free(luns);
    return true;
}

/* Standard INQUIRY for a LUN without a device: peripheral qualifier 3 (or 1 for LUN 0). */
static bool target_inquiry(SCSITargetReq *r)
{
    uint8_t *b;

    if (r->req.cmd.buf[1] & 0x3) {
        return false;          /* EVPD / CmdDt: no pages for a missing LUN */
    }
    if (r->req.cmd.buf[2]) {
        return false;
    }
    r->len = SCSI_INQUIRY_LEN;
    b = r->buf = g_malloc0(r->len);
    if (r->req.lun != 0) {
        b[0] = TYPE_NO_LUN;
        return true;
    }
    b[0] = TYPE_INACTIVE | TYPE_NOT_PRESENT;
    b[2] = SCSI_VERSION_SPC3;
    b[3] = 0x12;               /* HiSup, response data format 2 */
    b[4] = SCSI_INQUIRY_LEN - 5;
    b[7] = 0x10 | (r->req.bus->info->tcq ? 0x02 : 0);
    memcpy(b + 8, "QEMU    ", 8);
    memcpy(b + 16, "QEMU TARGET     ", 16);
    memcpy(b + 32, "2.5+", 4);
    return true;
}

/* REQUEST SENSE: pending unit attention, else the last command's sense. */
static bool target_request_sense(SCSITargetReq *r)
{
    SCSIDevice *dev = r->req.dev;
    bool desc = r->req.cmd.buf[1] & 1;
    SCSISense s;

    r->buf = g_malloc0(SCSI_SENSE_LEN);
    if (r->req.lun != dev->lun) {
        s = SENSE_CODE(LUN_NOT_SUPPORTED);
    } else if (scsi_pending_ua(dev)) {
        SCSISense *ua = scsi_pending_ua(dev);
        s = *ua;
        *ua = SENSE_CODE(NO_SENSE);
    } else if (dev->sense_len) {
        s = sense_decode(dev->sense, dev->sense_len);
    } else {
        s = SENSE_CODE(NO_SENSE);
    }
    r->len = scsi_build_sense(r->buf, SCSI_SENSE_LEN, s, desc);
    return true;
}

static int32_t target_send(SCSIRequest *req, uint8_t *cdb)
{
    SCSITargetReq *r = (SCSITargetReq *)req;
    bool ok;

    switch (cdb[0]) {
    case REPORT_LUNS:
        ok = target_report_luns(r);
        break;
    case INQUIRY:
        ok = target_inquiry(r);
        break;
    case REQUEST_SENSE:
        ok = target_request_sense(r);
        break;
    default:
        scsi_req_check_condition(req, SENSE_CODE(LUN_NOT_SUPPORTED));
        return 0;
    }
    if (!ok) {
        scsi_req_check_condition(req, r->req.lun != r->req.dev->lun && cdb[0] == INQUIRY
                                      ? SENSE_CODE(LUN_NOT_SUPPORTED)
                                      : SENSE_CODE(INVALID_FIELD));
        return 0;
    }
    r->len = MIN(r->len, req->cmd.xfer);
    if (r->len == 0) {
        scsi_req_complete(req, GOOD);
        return 0;
    }
    return r->len;
}

static void target_transfer(SCSIRequest *req)
{
    SCSITargetReq *r = (SCSITargetReq *)req;

    scsi_req_copy_to_sg(req, r->buf, r->len);
    scsi_req_complete(req, GOOD);
}

static void target_free(SCSIRequest *req)
{
    g_free(((SCSITargetReq *)req)->buf);
}

static const SCSIReqOps reqops_target = {
    .size = sizeof(SCSITargetReq),
    .send_command = target_send,
    .transfer = target_transfer,
    .free_req = target_free,
};

SCSIRequest *scsi_req_new(SCSIDevice *dev, uint32_t tag, uint32_t lun, const uint8_t *cdb,
                          size_t cdb_len, void *hba_private)
{
    SCSIDeviceClass *sc = SCSI_DEVICE_GET_CLASS(dev);
    const SCSIReqOps *ops;
    SCSICommand cmd;
    SCSIRequest *req;
    bool ok = scsi_cdb_parse(dev, &cmd, cdb, cdb_len);

    if (!ok) {
        ops = &reqops_invalid_opcode;
    } else if (lun != dev->lun || cmd.buf[0] == REPORT_LUNS || cmd.buf[0] == REQUEST_SENSE) {
        ops = &reqops_target;
    } else if (scsi_pending_ua(dev) && cmd.buf[0] != INQUIRY) {
        /* SPC-4 5.14: INQUIRY and REPORT LUNS go through; everything else reports it. */
        ops = &reqops_unit_attention;
    } else {
        ops = sc->reqops;
    }
    req = scsi_req_alloc(ops, dev, tag, lun, hba_private);
    req->cmd = cmd;
    return req;
}

void scsi_device_purge_requests(SCSIDevice *dev, SCSISense sense)
{
    while (dev->requests) {
        SCSIRequest *req = dev->requests->data;
        if (req->io_canceled) {
            /* Already waiting for its block I/O; skip it. */
            GList *next = NULL;
            for (GList *e = dev->requests; e; e = e->next) {
                if (!((SCSIRequest *)e->data)->io_canceled) {
                    next = e;
                    break;
                }
            }
            if (!next) {
                break;
            }
            req = next->data;
        }
        scsi_req_cancel(req);
    }
    scsi_device_set_ua(dev, sense);
}

/* ---- the bus ---- */

SCSIDevice *scsi_device_get(SCSIBus *bus, int channel, int id, int lun)
{
    for (GList *e = bus->qbus.children; e; e = e->next) {
        SCSIDevice *d = SCSI_DEVICE(((BusChild *)e->data)->child);
        if ((int)d->channel == channel && (int)d->id == id && (int)d->lun == lun) {
            return d;
        }
    }
    return NULL;
}

SCSIDevice *scsi_device_find(SCSIBus *bus, int channel, int id, int lun)
{
    SCSIDevice *target = NULL;

    for (GList *e = bus->qbus.children; e; e = e->next) {
        SCSIDevice *d = SCSI_DEVICE(((BusChild *)e->data)->child);
        if ((int)d->channel != channel || (int)d->id != id) {
            continue;
        }
        if ((int)d->lun == lun) {
            return d;
        }
        /* Prefer LUN 0 to answer for the target, as a real target does. */
        if (!target || d->lun == 0) {
            target = d;
        }
    }
    return target;
}

void scsi_bus_init(SCSIBus *bus, size_t size, DeviceState *host, const SCSIBusInfo *info)
{
    qbus_init(bus, size, TYPE_SCSI_BUS, host, NULL);
    bus->info = info;
    bus->unit_attention = SENSE_CODE(NO_SENSE);
}

/* "<HBA path>/<channel>:<scsi-id>:<lun>" (seed 000: the HBA path tells HBAs apart). */
static char *scsi_bus_get_dev_path(DeviceState *qdev)
{
    SCSIDevice *dev = SCSI_DEVICE(qdev);
    g_autofree char *hba = qdev_get_dev_path(qdev->parent_bus->parent);

    if (hba) {
        return g_strdup_printf("%s/%d:%d:%d", hba, dev->channel, dev->id, dev->lun);
    }
    return g_strdup_printf("%d:%d:%d", dev->channel, dev->id, dev->lun);
}

static char *scsi_bus_get_fw_dev_path(DeviceState *qdev)
{
    SCSIDevice *dev = SCSI_DEVICE(qdev);
    return g_strdup_printf("channel@%x/%s@%x,%x", dev->channel, qdev_fw_name(qdev), dev->id,
                           dev->lun);
}

static const char *scsi_dev_name(SCSIDevice *d)
{
    return d->qdev.id ? d->qdev.id : object_get_typename(OBJECT(d));
}

/* Range checks and automatic scsi-id / lun (the first free one). */
static bool scsi_bus_check_address(BusState *qbus, DeviceState *qdev, Error **errp)
{
    SCSIBus *bus = SCSI_BUS(qbus);
    SCSIDevice *dev = SCSI_DEVICE(qdev);
    const SCSIBusInfo *info = bus->info;
    SCSIDevice *d;

    if (dev->channel > (uint32_t)info->max_channel) {
        error_setg(errp, "bad scsi channel id: %d", dev->channel);
        return false;
    }
    if (dev->id != (uint32_t)-1 && dev->id > (uint32_t)info->max_target) {
        error_setg(errp, "bad scsi device id: %d", dev->id);
        return false;
    }
    if (dev->lun != (uint32_t)-1 && dev->lun > (uint32_t)info->max_lun) {
        error_setg(errp, "bad scsi device lun: %d", dev->lun);
        return false;
    }
    if (dev->id == (uint32_t)-1) {
        uint32_t lun = dev->lun == (uint32_t)-1 ? 0 : dev->lun;
        int id;
        for (id = 0; id <= info->max_target; id++) {
            if (!scsi_device_get(bus, dev->channel, id, lun)) {
                break;
            }
        }
        if (id > info->max_target) {
            error_setg(errp, "no free target");
            return false;
        }
        dev->id = id;
        dev->lun = lun;
    } else if (dev->lun == (uint32_t)-1) {
        int lun;
        for (lun = 0; lun <= info->max_lun; lun++) {
            if (!scsi_device_get(bus, dev->channel, dev->id, lun)) {
                break;
            }
        }
        if (lun > info->max_lun) {
            error_setg(errp, "no free lun");
            return false;
        }
        dev->lun = lun;
    } else {
        d = scsi_device_get(bus, dev->channel, dev->id, dev->lun);
        if (d && d != dev) {
            error_setg(errp, "lun already used by '%s'", scsi_dev_name(d));
            return false;
        }
    }
    return true;
}

static void scsi_bus_class_init(ObjectClass *oc, void *data)
{
    BusClass *bc = BUS_CLASS(oc);

    bc->get_dev_path = scsi_bus_get_dev_path;
    bc->get_fw_dev_path = scsi_bus_get_fw_dev_path;
    bc->check_address = scsi_bus_check_address;
}

/* ---- the device base type ---- */

static void scsi_qdev_realize(DeviceState *qdev, Error **errp)
{
    SCSIDevice *dev = SCSI_DEVICE(qdev);
    SCSIDeviceClass *sc = SCSI_DEVICE_GET_CLASS(dev);
    SCSIBus *bus = SCSI_BUS(qdev->parent_bus);
    Error *err = NULL;

    dev->unit_attention = SENSE_CODE(NO_SENSE);
    if (sc->realize) {
        sc->realize(dev, &err);
        if (err) {
            error_propagate(errp, err);
            return;
        }
    }
    if (bus->info->hotplug) {
        bus->info->hotplug(bus, dev);
    }
}

static void scsi_qdev_unrealize(DeviceState *qdev)
{
    SCSIDevice *dev = SCSI_DEVICE(qdev);
    SCSIDeviceClass *sc = SCSI_DEVICE_GET_CLASS(dev);
    SCSIBus *bus = qdev->parent_bus ? SCSI_BUS(qdev->parent_bus) : NULL;

    if (bus && bus->info->hot_unplug && qdev->realized) {
        bus->info->hot_unplug(bus, dev);
    }
    scsi_device_purge_requests(dev, SENSE_CODE(NO_SENSE));
    if (sc->unrealize) {
        sc->unrealize(dev);
    }
}

static Property scsi_device_props[] = {
    DEFINE_PROP_UINT32("channel", SCSIDevice, channel, 0),
    DEFINE_PROP_UINT32("scsi-id", SCSIDevice, id, -1),
    DEFINE_PROP_UINT32("lun", SCSIDevice, lun, -1),
    DEFINE_PROP_END_OF_LIST(),
};

static void scsi_device_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->bus_type = TYPE_SCSI_BUS;
    dc->realize = scsi_qdev_realize;
    dc->unrealize = scsi_qdev_unrealize;
    device_class_set_props(dc, scsi_device_props);
}

/* ---- migration of the pending sense ---- */

/*
 * Requests are drained before the device state is saved (blk_drain_all at
 * switchover; the HBAs always continue their requests), so the "requests"
 * list is empty on the wire: one 0 byte.  A stream carrying requests
 * (non-zero marker) is refused rather than misread.
 */
static int scsi_requests_put(QEMUFile *f, void *pv, size_t size, const VMStateField *field,
                             Error **errp)
{
    SCSIDevice *dev = pv;

    if (dev->requests) {
        error_setg(errp, "SCSI device %d:%d:%d still has %u requests in flight",
                   dev->channel, dev->id, dev->lun, g_list_length(dev->requests));
        return -EBUSY;
    }
    qemu_put_byte(f, 0);
    return 0;
}

static int scsi_requests_get(QEMUFile *f, void *pv, size_t size, const VMStateField *field,
                             Error **errp)
{
    uint8_t marker = qemu_get_byte(f);

    if (marker != 0) {
        error_setg(errp, "SCSI requests in flight in the migration stream (marker %u) are "
                   "not supported", marker);
        return -EINVAL;
    }
    return 0;
}

static const VMStateInfo vmstate_info_scsi_requests = {
    .name = "scsi-requests",
    .get = scsi_requests_get,
    .put = scsi_requests_put,
};

static int scsi_device_post_load(void *opaque, int version_id)
{
    SCSIDevice *dev = opaque;

    if (dev->sense_len > SCSI_SENSE_BUF_SIZE) {
        return -EINVAL;
    }
    return 0;
}

static bool scsi_sense_tail_needed(void *opaque)
{
    return ((SCSIDevice *)opaque)->sense_len > SCSI_SENSE_BUF_SIZE_OLD;
}

/* Sense longer than the 96 bytes the main section holds (passthrough-sized). */
static const VMStateDescription vmstate_scsi_sense_tail = {
    .name = "SCSIDevice/sense",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = scsi_sense_tail_needed,
    .fields = (const VMStateField[]) {
        {
            .name = "sense",
            .offset = offsetof(SCSIDevice, sense) + SCSI_SENSE_BUF_SIZE_OLD,
            .size = 1,
            .num = SCSI_SENSE_BUF_SIZE - SCSI_SENSE_BUF_SIZE_OLD,
            .info = &vmstate_info_uint8,
            .flags = VMS_ARRAY,
        },
        VMSTATE_END_OF_LIST()
    },
};

const VMStateDescription vmstate_scsi_device = {
    .name = "SCSIDevice",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = scsi_device_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(unit_attention.key, SCSIDevice),
        VMSTATE_UINT8(unit_attention.asc, SCSIDevice),
        VMSTATE_UINT8(unit_attention.ascq, SCSIDevice),
        VMSTATE_BOOL(sense_is_ua, SCSIDevice),
        VMSTATE_PARTIAL_BUFFER(sense, SCSIDevice, SCSI_SENSE_BUF_SIZE_OLD),
        VMSTATE_UINT32(sense_len, SCSIDevice),
        {
            .name = "requests",
            .info = &vmstate_info_scsi_requests,
            .flags = VMS_SINGLE,
            .offset = 0,
        },
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription *const[]) {
        &vmstate_scsi_sense_tail,
        NULL
    },
};

static const TypeInfo scsi_types[] = {
    {
        .name = TYPE_SCSI_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(SCSIBus),
        .class_init = scsi_bus_class_init,
    },
    {
        .name = TYPE_SCSI_DEVICE,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(SCSIDevice),
        .abstract = true,
        .class_size = sizeof(SCSIDeviceClass),
        .class_init = scsi_device_class_init,
    },
};

DEFINE_TYPES(scsi_types)
