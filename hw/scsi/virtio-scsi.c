/*
 * virtio-scsi-device: the virtio SCSI host bus adapter (virtio 1.2, 5.6).
 * It turns request-queue buffers into SCSIRequests on its SCSI bus, runs
 * task management and asynchronous-notification requests from the control
 * queue, and reports hot-plug on the event queue.  Transport-independent:
 * virtio-mmio or virtio-pci plug it in through the virtio bus.
 *
 * Migration: the section is "virtio-scsi" (common virtio state only).  No
 * request is in flight when it is saved: the block layer is drained at
 * switchover and every popped request is submitted at once, so all have
 * been pushed back to the guest; the disks' own sections carry their
 * pending sense and unit attention.
 */
#include "qemu/osdep.h"
#include "hw/virtio/virtio-scsi.h"
#include "hw/qdev-properties.h"

/* One popped element of any queue; the element must come first. */
typedef struct VirtIOSCSIReq {
    VirtQueueElement elem;
    VirtIOSCSI *s;
    VirtQueue *vq;
    SCSIRequest *sreq;
    size_t resp_size;          /* response header + sense buffer, in in_sg */
    struct iovec *data_iov;    /* the data part of out_sg or in_sg */
    unsigned int data_cnt;
    bool data_in;
    size_t data_size;          /* bytes of data buffer the guest gave */
} VirtIOSCSIReq;

static void virtio_scsi_free_req(VirtIOSCSIReq *req)
{
    g_free(req->data_iov);
    g_free(req);
}

/* Give the element back with len bytes written and tell the guest. */
static void virtio_scsi_push(VirtIOSCSIReq *req, size_t len)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(req->s);

    virtqueue_push(req->vq, &req->elem, len);
    virtio_notify(vdev, req->vq);
    virtio_scsi_free_req(req);
}

/* A malformed element: the driver is broken; drop it and stop the device. */
static void virtio_scsi_bad_req(VirtIOSCSIReq *req, const char *what)
{
    virtio_error(VIRTIO_DEVICE(req->s), "virtio-scsi: %s", what);
    virtqueue_detach_element(req->vq, &req->elem, 0);
    virtio_scsi_free_req(req);
}

/*
 * LUN addressing (5.6.6.1): byte 0 is 1, byte 1 the target, bytes 2-3 a
 * single-level LUN in flat (01b) or peripheral (00b) addressing.
 */
static SCSIDevice *virtio_scsi_device_find(VirtIOSCSI *s, const uint8_t *lun, uint32_t *out_lun)
{
    if (lun[0] != 1) {
        return NULL;
    }
    if (lun[2] != 0 && !(lun[2] >= 0x40 && lun[2] < 0x80)) {
        return NULL;
    }
    *out_lun = ((lun[2] << 8) | lun[3]) & 0x3fff;
    return scsi_device_find(&s->bus, 0, lun[1], *out_lun);
}

/* ---- request queues ---- */

static void virtio_scsi_cmd_respond(VirtIOSCSIReq *req, VirtIOSCSICmdResp *resp,
                                    const uint8_t *sense, uint32_t sense_len, size_t data_len)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(req->s);
    uint32_t room = req->resp_size - sizeof(*resp);

    sense_len = MIN(sense_len, room);
    resp->sense_len = virtio_tswap32(vdev, sense_len);
    iov_from_buf(req->elem.in_sg, req->elem.in_num, 0, resp, sizeof(*resp));
    if (sense_len) {
        iov_from_buf(req->elem.in_sg, req->elem.in_num, sizeof(*resp), sense, sense_len);
    }
    virtio_scsi_push(req, req->resp_size + data_len);
}

/* A response without a SCSI status (BAD_TARGET, OVERRUN, FAILURE...). */
static void virtio_scsi_cmd_fail(VirtIOSCSIReq *req, uint8_t response, uint32_t resid)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(req->s);
    VirtIOSCSICmdResp resp = { 0 };

    resp.response = response;
    resp.resid = virtio_tswap32(vdev, resid);
    virtio_scsi_cmd_respond(req, &resp, NULL, 0, 0);
}

static void virtio_scsi_command_complete(SCSIRequest *sreq, size_t resid)
{
    VirtIOSCSIReq *req = sreq->hba_private;
    VirtIODevice *vdev = VIRTIO_DEVICE(req->s);
    VirtIOSCSICmdResp resp = { 0 };
    uint8_t sense[SCSI_SENSE_BUF_SIZE];
    int sense_len = scsi_req_get_sense(sreq, sense, sizeof(sense));
    size_t data_in = req->data_in ? sreq->xferred : 0;

    resp.response = VIRTIO_SCSI_S_OK;
    resp.status = sreq->status;
    /* What the guest's buffer did not get (or give), data phase or not. */
    resid = req->data_size - MIN(sreq->xferred, req->data_size);
    resp.resid = virtio_tswap32(vdev, MIN(resid, (size_t)UINT32_MAX));
    req->sreq = NULL;
    virtio_scsi_cmd_respond(req, &resp, sense, sense_len, data_in);
    scsi_req_unref(sreq);
}

static void virtio_scsi_command_cancel(SCSIRequest *sreq)
{
    VirtIOSCSIReq *req = sreq->hba_private;
    VirtIOSCSI *s = req->s;

    req->sreq = NULL;
    if (s->in_device_reset) {
        /* The driver reset the device: nobody waits for this buffer. */
        virtqueue_detach_element(req->vq, &req->elem, 0);
        virtio_scsi_free_req(req);
    } else {
        virtio_scsi_cmd_fail(req, s->resetting ? VIRTIO_SCSI_S_RESET : VIRTIO_SCSI_S_ABORTED,
                             0);
    }
    scsi_req_unref(sreq);
}

static void virtio_scsi_handle_cmd_req(VirtIOSCSI *s, VirtIOSCSIReq *req)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(s);
    size_t req_size = sizeof(VirtIOSCSICmdReq) + s->cdb_size;
    size_t out_size = iov_size(req->elem.out_sg, req->elem.out_num);
    size_t in_size = iov_size(req->elem.in_sg, req->elem.in_num);
    VirtIOSCSICmdReq hdr;
    uint8_t cdb[SCSI_CMD_BUF_SIZE] = { 0 };
    size_t cdb_len = MIN(s->cdb_size, (uint32_t)SCSI_CMD_BUF_SIZE);
    SCSIDevice *d;
    SCSIRequest *sreq;
    SCSIXferMode mode;
    size_t data_size, copied;
    uint32_t lun;

    req->resp_size = sizeof(VirtIOSCSICmdResp) + s->sense_size;
    if (out_size < req_size || in_size < req->resp_size) {
        virtio_scsi_bad_req(req, "wrong size for virtio-scsi headers");
        return;
    }
    iov_to_buf(req->elem.out_sg, req->elem.out_num, 0, &hdr, sizeof(hdr));
    iov_to_buf(req->elem.out_sg, req->elem.out_num, sizeof(hdr), cdb, cdb_len);

    /* Data-out follows the request header, data-in the response header. */
    if (out_size > req_size && in_size > req->resp_size) {
        /* Bidirectional commands need VIRTIO_SCSI_F_INOUT, which we do not offer. */
        virtio_scsi_cmd_fail(req, VIRTIO_SCSI_S_FAILURE, 0);
        return;
    }
    req->data_in = in_size > req->resp_size;
    if (req->data_in) {
        data_size = in_size - req->resp_size;
        mode = SCSI_XFER_FROM_DEV;
        req->data_iov = g_new(struct iovec, req->elem.in_num);
        req->data_cnt = iov_copy(req->data_iov, req->elem.in_num, req->elem.in_sg,
                                 req->elem.in_num, req->resp_size, data_size, &copied);
    } else if (out_size > req_size) {
        data_size = out_size - req_size;
        mode = SCSI_XFER_TO_DEV;
        req->data_iov = g_new(struct iovec, req->elem.out_num);
        req->data_cnt = iov_copy(req->data_iov, req->elem.out_num, req->elem.out_sg,
                                 req->elem.out_num, req_size, data_size, &copied);
    } else {
        data_size = 0;
        mode = SCSI_XFER_NONE;
    }

    req->data_size = data_size;
    d = virtio_scsi_device_find(s, hdr.lun, &lun);
    if (!d) {
        virtio_scsi_cmd_fail(req, VIRTIO_SCSI_S_BAD_TARGET, data_size);
        return;
    }
    sreq = scsi_req_new(d, (uint32_t)virtio_tswap64(vdev, hdr.tag), lun, cdb, cdb_len, req);
    if (sreq->cmd.mode != SCSI_XFER_NONE &&
        (sreq->cmd.mode != mode || sreq->cmd.xfer > data_size)) {
        /* The buffers cannot hold what the CDB moves. */
        scsi_req_unref(sreq);
        virtio_scsi_cmd_fail(req, VIRTIO_SCSI_S_OVERRUN, data_size);
        return;
    }
    req->sreq = sreq;
    /* Our own reference: the completion may run inside enqueue/continue. */
    scsi_req_ref(sreq);
    {
        const struct iovec *iov = req->data_iov;
        unsigned int cnt = req->data_cnt;
        if (scsi_req_enqueue(sreq) != 0 && sreq->status == -1 && sreq->enqueued) {
            scsi_req_continue(sreq, iov, cnt);
        }
    }
    scsi_req_unref(sreq);
}

static void virtio_scsi_handle_cmd(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOSCSI *s = VIRTIO_SCSI(vdev);
    VirtIOSCSIReq *req;

    while ((req = virtqueue_pop(vq, sizeof(VirtIOSCSIReq)))) {
        req->s = s;
        req->vq = vq;
        virtio_scsi_handle_cmd_req(s, req);
    }
}

/* ---- control queue ---- */

/* Cancel the requests cancel_all (or the one with tag) names; wait for them. */
static void virtio_scsi_cancel_requests(SCSIDevice *d, bool all, uint32_t tag)
{
    GList *copy = g_list_copy(d->requests);
    bool waiting = false;

    for (GList *e = copy; e; e = e->next) {
        scsi_req_ref(e->data);
    }
    for (GList *e = copy; e; e = e->next) {
        SCSIRequest *r = e->data;
        if (all || r->tag == tag) {
            scsi_req_cancel(r);
            waiting |= r->io_canceled;
        }
        scsi_req_unref(r);
    }
    g_list_free(copy);
    if (waiting) {
        /* A TMF completes after the commands it cancels (SAM-5 7.1). */
        blk_drain_all();
    }
}

static void virtio_scsi_reset_device(VirtIOSCSI *s, SCSIDevice *d)
{
    s->resetting++;
    device_cold_reset(DEVICE(d));
    s->resetting--;
}

static uint8_t virtio_scsi_do_tmf(VirtIOSCSI *s, const VirtIOSCSICtrlTMFReq *tmf)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(s);
    uint32_t subtype = virtio_tswap32(vdev, tmf->subtype);
    uint32_t tag = (uint32_t)virtio_tswap64(vdev, tmf->tag);
    uint32_t lun = 0;
    SCSIDevice *d = virtio_scsi_device_find(s, tmf->lun, &lun);
    bool exact = d && d->lun == lun;

    if (!d) {
        return VIRTIO_SCSI_S_BAD_TARGET;
    }
    switch (subtype) {
    case VIRTIO_SCSI_T_TMF_ABORT_TASK:
    case VIRTIO_SCSI_T_TMF_ABORT_TASK_SET:
    case VIRTIO_SCSI_T_TMF_CLEAR_TASK_SET:
        if (!exact) {
            return VIRTIO_SCSI_S_INCORRECT_LUN;
        }
        virtio_scsi_cancel_requests(d, subtype != VIRTIO_SCSI_T_TMF_ABORT_TASK, tag);
        return VIRTIO_SCSI_S_FUNCTION_COMPLETE;
    case VIRTIO_SCSI_T_TMF_QUERY_TASK:
    case VIRTIO_SCSI_T_TMF_QUERY_TASK_SET:
        if (!exact) {
            return VIRTIO_SCSI_S_INCORRECT_LUN;
        }
        for (GList *e = d->requests; e; e = e->next) {
            if (subtype == VIRTIO_SCSI_T_TMF_QUERY_TASK_SET ||
                ((SCSIRequest *)e->data)->tag == tag) {
                return VIRTIO_SCSI_S_FUNCTION_SUCCEEDED;
            }
        }
        return VIRTIO_SCSI_S_FUNCTION_COMPLETE;
    case VIRTIO_SCSI_T_TMF_LOGICAL_UNIT_RESET:
        if (!exact) {
            return VIRTIO_SCSI_S_INCORRECT_LUN;
        }
        virtio_scsi_reset_device(s, d);
        return VIRTIO_SCSI_S_FUNCTION_COMPLETE;
    case VIRTIO_SCSI_T_TMF_I_T_NEXUS_RESET: {
        /* Every LUN of the target; snapshot the list, reset may not change it. */
        uint32_t target = d->id;
        for (GList *e = s->bus.qbus.children; e; e = e->next) {
            SCSIDevice *t = SCSI_DEVICE(((BusChild *)e->data)->child);
            if (t->channel == 0 && t->id == target) {
                virtio_scsi_reset_device(s, t);
                scsi_device_set_ua(t, SENSE_CODE(I_T_NEXUS_LOSS));
            }
        }
        return VIRTIO_SCSI_S_FUNCTION_COMPLETE;
    }
    default:
        /* CLEAR_ACA (no ACA support) and anything unknown. */
        return VIRTIO_SCSI_S_FUNCTION_REJECTED;
    }
}

static void virtio_scsi_handle_ctrl_req(VirtIOSCSI *s, VirtIOSCSIReq *req)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(s);
    size_t out_size = iov_size(req->elem.out_sg, req->elem.out_num);
    size_t in_size = iov_size(req->elem.in_sg, req->elem.in_num);
    uint32_t type;

    if (out_size < sizeof(type)) {
        virtio_scsi_bad_req(req, "wrong size for virtio-scsi control request");
        return;
    }
    iov_to_buf(req->elem.out_sg, req->elem.out_num, 0, &type, sizeof(type));
    type = virtio_tswap32(vdev, type);
    if (type == VIRTIO_SCSI_T_TMF) {
        VirtIOSCSICtrlTMFReq tmf;
        VirtIOSCSICtrlTMFResp resp = { 0 };
        if (out_size < sizeof(tmf) || in_size < sizeof(resp)) {
            virtio_scsi_bad_req(req, "wrong size for virtio-scsi TMF request");
            return;
        }
        iov_to_buf(req->elem.out_sg, req->elem.out_num, 0, &tmf, sizeof(tmf));
        resp.response = virtio_scsi_do_tmf(s, &tmf);
        iov_from_buf(req->elem.in_sg, req->elem.in_num, 0, &resp, sizeof(resp));
        virtio_scsi_push(req, sizeof(resp));
    } else if (type == VIRTIO_SCSI_T_AN_QUERY || type == VIRTIO_SCSI_T_AN_SUBSCRIBE) {
        VirtIOSCSICtrlANResp resp = { 0 };
        if (out_size < sizeof(VirtIOSCSICtrlANReq) || in_size < sizeof(resp)) {
            virtio_scsi_bad_req(req, "wrong size for virtio-scsi AN request");
            return;
        }
        /* No asynchronous notification events are supported. */
        resp.event_actual = 0;
        resp.response = VIRTIO_SCSI_S_OK;
        iov_from_buf(req->elem.in_sg, req->elem.in_num, 0, &resp, sizeof(resp));
        virtio_scsi_push(req, sizeof(resp));
    } else {
        /* Unknown request type: no response layout to fill in. */
        virtio_scsi_push(req, 0);
    }
}

static void virtio_scsi_handle_ctrl(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOSCSI *s = VIRTIO_SCSI(vdev);
    VirtIOSCSIReq *req;

    while ((req = virtqueue_pop(vq, sizeof(VirtIOSCSIReq)))) {
        req->s = s;
        req->vq = vq;
        virtio_scsi_handle_ctrl_req(s, req);
    }
}

/* ---- event queue ---- */

static void virtio_scsi_push_event(VirtIOSCSI *s, SCSIDevice *dev, uint32_t event,
                                   uint32_t reason)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(s);
    VirtIOSCSIEvent evt = { 0 };
    VirtIOSCSIReq *req;

    if (!(vdev->status & VIRTIO_CONFIG_S_DRIVER_OK)) {
        return;
    }
    req = virtqueue_pop(s->event_vq, sizeof(VirtIOSCSIReq));
    if (!req) {
        s->events_dropped = true;
        return;
    }
    req->s = s;
    req->vq = s->event_vq;
    if (req->elem.out_num || iov_size(req->elem.in_sg, req->elem.in_num) < sizeof(evt)) {
        virtio_scsi_bad_req(req, "wrong size for virtio-scsi event buffer");
        return;
    }
    if (s->events_dropped) {
        event |= VIRTIO_SCSI_T_EVENTS_MISSED;
        s->events_dropped = false;
    }
    evt.event = virtio_tswap32(vdev, event);
    evt.reason = virtio_tswap32(vdev, reason);
    if (dev) {
        /* The LUN as REPORT LUNS encodes it, behind the target address. */
        uint8_t enc[8];
        scsi_lun_encode(enc, dev->lun);
        evt.lun[0] = 1;
        evt.lun[1] = dev->id;
        evt.lun[2] = enc[0];
        evt.lun[3] = enc[1];
    }
    iov_from_buf(req->elem.in_sg, req->elem.in_num, 0, &evt, sizeof(evt));
    virtio_scsi_push(req, sizeof(evt));
}

static void virtio_scsi_handle_event(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOSCSI *s = VIRTIO_SCSI(vdev);

    if (s->events_dropped) {
        virtio_scsi_push_event(s, NULL, VIRTIO_SCSI_T_NO_EVENT, 0);
    }
}

/* ---- the SCSI bus side ---- */

static void virtio_scsi_hotplug(SCSIBus *bus, SCSIDevice *dev)
{
    VirtIOSCSI *s = container_of(bus, VirtIOSCSI, bus);

    if (virtio_vdev_has_feature(VIRTIO_DEVICE(s), VIRTIO_SCSI_F_HOTPLUG)) {
        virtio_scsi_push_event(s, dev, VIRTIO_SCSI_T_TRANSPORT_RESET,
                               VIRTIO_SCSI_EVT_RESET_RESCAN);
        scsi_bus_set_ua(bus, SENSE_CODE(REPORTED_LUNS_CHANGED));
    }
}

static void virtio_scsi_hot_unplug(SCSIBus *bus, SCSIDevice *dev)
{
    VirtIOSCSI *s = container_of(bus, VirtIOSCSI, bus);

    if (virtio_vdev_has_feature(VIRTIO_DEVICE(s), VIRTIO_SCSI_F_HOTPLUG)) {
        virtio_scsi_push_event(s, dev, VIRTIO_SCSI_T_TRANSPORT_RESET,
                               VIRTIO_SCSI_EVT_RESET_REMOVED);
        scsi_bus_set_ua(bus, SENSE_CODE(REPORTED_LUNS_CHANGED));
    }
}

static const SCSIBusInfo virtio_scsi_bus_info = {
    .tcq = true,
    .max_channel = VIRTIO_SCSI_MAX_CHANNEL,
    .max_target = VIRTIO_SCSI_MAX_TARGET,
    .max_lun = VIRTIO_SCSI_MAX_LUN,
    .complete = virtio_scsi_command_complete,
    .cancel = virtio_scsi_command_cancel,
    .hotplug = virtio_scsi_hotplug,
    .hot_unplug = virtio_scsi_hot_unplug,
};

/* ---- virtio device ---- */

static void virtio_scsi_get_config(VirtIODevice *vdev, uint8_t *config)
{
    VirtIOSCSI *s = VIRTIO_SCSI(vdev);
    VirtIOSCSIConfig cfg = { 0 };

    virtio_stl_p(vdev, &cfg.num_queues, s->conf.num_queues);
    virtio_stl_p(vdev, &cfg.seg_max, s->conf.seg_max_adjust ? s->conf.virtqueue_size - 2
                                                            : 128 - 2);
    virtio_stl_p(vdev, &cfg.max_sectors, s->conf.max_sectors);
    virtio_stl_p(vdev, &cfg.cmd_per_lun, s->conf.cmd_per_lun);
    virtio_stl_p(vdev, &cfg.event_info_size, sizeof(VirtIOSCSIEvent));
    virtio_stl_p(vdev, &cfg.sense_size, s->sense_size);
    virtio_stl_p(vdev, &cfg.cdb_size, s->cdb_size);
    virtio_stw_p(vdev, &cfg.max_channel, VIRTIO_SCSI_MAX_CHANNEL);
    virtio_stw_p(vdev, &cfg.max_target, VIRTIO_SCSI_MAX_TARGET);
    virtio_stl_p(vdev, &cfg.max_lun, VIRTIO_SCSI_MAX_LUN);
    memcpy(config, &cfg, sizeof(cfg));
}

static void virtio_scsi_set_config(VirtIODevice *vdev, const uint8_t *config)
{
    VirtIOSCSI *s = VIRTIO_SCSI(vdev);
    const VirtIOSCSIConfig *cfg = (const VirtIOSCSIConfig *)config;
    uint32_t sense_size = virtio_ldl_p(vdev, &cfg->sense_size);
    uint32_t cdb_size = virtio_ldl_p(vdev, &cfg->cdb_size);

    /* Only sense_size and cdb_size are writable (5.6.4). */
    if (sense_size >= 65536 || cdb_size >= 256) {
        virtio_error(vdev, "bad data written to virtio-scsi configuration space "
                     "(sense_size %u, cdb_size %u)", sense_size, cdb_size);
        return;
    }
    s->sense_size = sense_size;
    s->cdb_size = cdb_size;
}

static uint64_t virtio_scsi_get_features(VirtIODevice *vdev, uint64_t requested, Error **errp)
{
    VirtIOSCSI *s = VIRTIO_SCSI(vdev);
    return requested | s->host_features_bits;
}

static void virtio_scsi_reset(VirtIODevice *vdev)
{
    VirtIOSCSI *s = VIRTIO_SCSI(vdev);

    s->in_device_reset = true;
    bus_cold_reset(BUS(&s->bus));
    s->in_device_reset = false;
    s->sense_size = VIRTIO_SCSI_SENSE_DEFAULT_SIZE;
    s->cdb_size = VIRTIO_SCSI_CDB_DEFAULT_SIZE;
    s->events_dropped = false;
}

static void virtio_scsi_device_realize(DeviceState *dev, Error **errp)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtIOSCSI *s = VIRTIO_SCSI(dev);

    if (s->conf.num_queues == VIRTIO_SCSI_AUTO_NUM_QUEUES) {
        /* virtio-scsi-pci picks one per vCPU before we get here; alone we use one. */
        s->conf.num_queues = 1;
    }
    if (s->conf.num_queues == 0 || s->conf.num_queues > VIRTIO_QUEUE_MAX - 2) {
        error_setg(errp, "Invalid number of queues (= %u), must be a positive integer "
                   "less than %d.", s->conf.num_queues, VIRTIO_QUEUE_MAX - 2);
        return;
    }
    if (s->conf.virtqueue_size <= 2) {
        error_setg(errp, "invalid virtqueue_size property (= %u), must be > 2",
                   s->conf.virtqueue_size);
        return;
    }
    if (s->conf.virtqueue_size > VIRTIO_QUEUE_MAX) {
        error_setg(errp, "invalid virtqueue_size property (= %u), must be <= %d",
                   s->conf.virtqueue_size, VIRTIO_QUEUE_MAX);
        return;
    }
    if (s->conf.iothread) {
        error_setg(errp, "virtio-scsi: iothread is not supported by this emulator");
        return;
    }
    virtio_init(vdev, VIRTIO_ID_SCSI, sizeof(VirtIOSCSIConfig));
    s->ctrl_vq = virtio_add_queue(vdev, s->conf.virtqueue_size, virtio_scsi_handle_ctrl);
    s->event_vq = virtio_add_queue(vdev, s->conf.virtqueue_size, virtio_scsi_handle_event);
    s->cmd_vqs = g_new0(VirtQueue *, s->conf.num_queues);
    for (uint32_t i = 0; i < s->conf.num_queues; i++) {
        s->cmd_vqs[i] = virtio_add_queue(vdev, s->conf.virtqueue_size, virtio_scsi_handle_cmd);
    }
    s->sense_size = VIRTIO_SCSI_SENSE_DEFAULT_SIZE;
    s->cdb_size = VIRTIO_SCSI_CDB_DEFAULT_SIZE;
    scsi_bus_init(&s->bus, sizeof(s->bus), dev, &virtio_scsi_bus_info);
    /* device_del of a disk goes through us (we send the REMOVED event). */
    s->bus.qbus.hotplug_handler = OBJECT(dev);
}

static void virtio_scsi_device_unrealize(DeviceState *dev)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtIOSCSI *s = VIRTIO_SCSI(dev);

    virtio_del_queue(vdev, 0);
    virtio_del_queue(vdev, 1);
    for (uint32_t i = 0; i < s->conf.num_queues; i++) {
        virtio_del_queue(vdev, i + 2);
    }
    g_free(s->cmd_vqs);
    s->cmd_vqs = NULL;
    virtio_cleanup(vdev);
}

static Property virtio_scsi_properties[] = {
    DEFINE_PROP_UINT32("num_queues", VirtIOSCSI, conf.num_queues, VIRTIO_SCSI_AUTO_NUM_QUEUES),
    DEFINE_PROP_UINT32("virtqueue_size", VirtIOSCSI, conf.virtqueue_size, VIRTIO_SCSI_VQ_SIZE),
    DEFINE_PROP_BOOL("seg_max_adjust", VirtIOSCSI, conf.seg_max_adjust, true),
    DEFINE_PROP_UINT32("max_sectors", VirtIOSCSI, conf.max_sectors, 0xFFFF),
    DEFINE_PROP_UINT32("cmd_per_lun", VirtIOSCSI, conf.cmd_per_lun, 128),
    DEFINE_PROP_BIT("hotplug", VirtIOSCSI, host_features_bits, VIRTIO_SCSI_F_HOTPLUG, true),
    DEFINE_PROP_BIT("param_change", VirtIOSCSI, host_features_bits, VIRTIO_SCSI_F_CHANGE,
                    true),
    DEFINE_PROP_STRING("iothread", VirtIOSCSI, conf.iothread),
    DEFINE_PROP_END_OF_LIST(),
};

static const VMStateDescription vmstate_virtio_scsi = {
    .name = "virtio-scsi",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_VIRTIO_DEVICE,
        VMSTATE_END_OF_LIST()
    },
};

static void virtio_scsi_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(oc);

    dc->desc = "virtio SCSI host bus adapter";
    dc->vmsd = &vmstate_virtio_scsi;
    device_class_set_category(dc, DEVICE_CATEGORY_STORAGE);
    device_class_set_props(dc, virtio_scsi_properties);
    vdc->realize = virtio_scsi_device_realize;
    vdc->unrealize = virtio_scsi_device_unrealize;
    vdc->get_config = virtio_scsi_get_config;
    vdc->set_config = virtio_scsi_set_config;
    vdc->get_features = virtio_scsi_get_features;
    vdc->reset = virtio_scsi_reset;
}

static const TypeInfo virtio_scsi_info = {
    .name = TYPE_VIRTIO_SCSI,
    .parent = TYPE_VIRTIO_DEVICE,
    .instance_size = sizeof(VirtIOSCSI),
    .class_init = virtio_scsi_class_init,
};

static void virtio_scsi_register_types(void)
{
    type_register_static(&virtio_scsi_info);
}

type_init(virtio_scsi_register_types)
