/*
 * virtio-blk-device: a disk on a virtio transport (virtio 1.2, 5.2).  Pops
 * requests from its queues, checks them against the disk and hands them to
 * the block layer; completions fill the status byte and return the chain.
 * Not here: the transports (virtio-mmio, the virtio-blk-pci proxy) and the
 * image formats (block/).
 */
#include "qemu/osdep.h"
#include "hw/virtio/virtio-blk.h"
#include "hw/qdev-properties.h"
#include "migration/qemu-file.h"
#include "qapi/error.h"

G_STATIC_ASSERT(sizeof(struct virtio_blk_config) == 60);
G_STATIC_ASSERT(offsetof(struct virtio_blk_config, wce) == 32);
G_STATIC_ASSERT(offsetof(struct virtio_blk_config, max_discard_sectors) == 36);
G_STATIC_ASSERT(sizeof(struct virtio_blk_outhdr) == 16);
G_STATIC_ASSERT(sizeof(struct virtio_blk_discard_write_zeroes) == 16);

#define VBLK_FIELD_END(f) \
    (offsetof(struct virtio_blk_config, f) + sizeof(((struct virtio_blk_config *)0)->f))

/*
 * How much of the config the guest sees, as QEMU sizes it (the size is in
 * the migration stream): the fields before discard always, then up to the
 * last field of each offered feature.
 */
static const struct {
    unsigned int feature;
    size_t end;
} virtio_blk_config_sizes[] = {
    { VIRTIO_BLK_F_DISCARD, VBLK_FIELD_END(discard_sector_alignment) },
    { VIRTIO_BLK_F_WRITE_ZEROES, VBLK_FIELD_END(write_zeroes_may_unmap) },
};

static size_t virtio_blk_config_size(uint64_t host_features)
{
    size_t size = offsetof(struct virtio_blk_config, max_discard_sectors);

    for (size_t i = 0; i < ARRAY_SIZE(virtio_blk_config_sizes); i++) {
        if (virtio_has_feature(host_features, virtio_blk_config_sizes[i].feature)) {
            size = MAX(size, virtio_blk_config_sizes[i].end);
        }
    }
    return size;
}

/* One request: the popped chain plus what its completion needs. */
typedef struct VirtIOBlockReq {
    VirtQueueElement elem;             /* first: virtqueue_pop() allocates the whole */
    VirtIOBlock *s;
    VirtQueue *vq;
    uint8_t *status;                   /* last byte of the last device-writable buffer */
    size_t in_len;                     /* device-writable bytes, status included */
    QEMUIOVector qiov;
} VirtIOBlockReq;

/* Whole 512-byte sectors on the disk (a partial last sector is not addressable). */
static uint64_t virtio_blk_total_sectors(VirtIOBlock *s)
{
    int64_t len = blk_getlength(s->conf.conf.blk);

    return len > 0 ? (uint64_t)len >> VIRTIO_BLK_SECTOR_BITS : 0;
}

/*
 * Can [sector, sector + bytes) be accessed?  Both ends must fall on logical
 * block boundaries and inside the disk; a request larger than the block
 * layer takes is refused too.
 */
static bool virtio_blk_range_ok(VirtIOBlock *s, uint64_t sector, uint64_t bytes)
{
    uint32_t lbs = s->conf.conf.logical_block_size;
    uint64_t sector_mask = lbs / VIRTIO_BLK_SECTOR_SIZE - 1;
    uint64_t nb_sectors = bytes >> VIRTIO_BLK_SECTOR_BITS;
    uint64_t total = virtio_blk_total_sectors(s);

    if (bytes % lbs || sector & sector_mask) {
        return false;
    }
    if (nb_sectors > VIRTIO_BLK_MAX_REQUEST_SECTORS) {
        return false;
    }
    return sector <= total && nb_sectors <= total - sector;
}

static void virtio_blk_req_free(VirtIOBlockReq *req)
{
    qemu_iovec_destroy(&req->qiov);
    g_free(req);
}

/* Fill the status byte, return the chain to the guest and tell it. */
static void virtio_blk_req_complete(VirtIOBlockReq *req, uint8_t status)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(req->s);

    *req->status = status;
    virtqueue_push(req->vq, &req->elem, req->in_len);
    virtio_notify(vdev, req->vq);
    virtio_blk_req_free(req);
}

/*
 * Block layer completion, on the main loop.  It may run after the VM
 * stopped (vm stop drains the block layer, which runs these): pushing to
 * the ring then is right, the guest finds the result when it resumes.
 */
static void virtio_blk_aio_done(void *opaque, int ret)
{
    VirtIOBlockReq *req = opaque;

    req->s->in_flight--;
    virtio_blk_req_complete(req, ret == 0 ? VIRTIO_BLK_S_OK : VIRTIO_BLK_S_IOERR);
}

static void virtio_blk_submitted(VirtIOBlockReq *req)
{
    req->s->in_flight++;
}

/* T_IN / T_OUT: data after the header (writes) or before the status (reads). */
static void virtio_blk_handle_rw(VirtIOBlockReq *req, uint64_t sector, bool is_write,
                                 const struct iovec *out, unsigned int out_num)
{
    VirtIOBlock *s = req->s;
    BlockBackend *blk = s->conf.conf.blk;
    int64_t offset;

    if (is_write) {
        qemu_iovec_concat_iov(&req->qiov, out, out_num, sizeof(struct virtio_blk_outhdr),
                              iov_size(out, out_num) - sizeof(struct virtio_blk_outhdr));
    } else {
        qemu_iovec_concat_iov(&req->qiov, req->elem.in_sg, req->elem.in_num, 0,
                              req->in_len - 1);
    }
    if (!virtio_blk_range_ok(s, sector, req->qiov.size)) {
        virtio_blk_req_complete(req, VIRTIO_BLK_S_IOERR);
        return;
    }
    if (is_write && blk_is_read_only(blk)) {
        virtio_blk_req_complete(req, VIRTIO_BLK_S_IOERR);
        return;
    }
    if (req->qiov.size == 0) {
        virtio_blk_req_complete(req, VIRTIO_BLK_S_OK);
        return;
    }
    offset = (int64_t)(sector << VIRTIO_BLK_SECTOR_BITS);
    virtio_blk_submitted(req);
    if (is_write) {
        blk_aio_pwritev(blk, offset, &req->qiov, 0, virtio_blk_aio_done, req);
    } else {
        blk_aio_preadv(blk, offset, &req->qiov, virtio_blk_aio_done, req);
    }
}

/* T_GET_ID: the serial, zero padded to 20 bytes (not terminated at exactly 20). */
static void virtio_blk_handle_get_id(VirtIOBlockReq *req)
{
    char id[VIRTIO_BLK_ID_BYTES] = { 0 };
    const char *serial = req->s->conf.serial;

    if (serial) {
        memcpy(id, serial, MIN(strlen(serial), sizeof(id)));
    }
    iov_from_buf(req->elem.in_sg, req->elem.in_num, 0, id,
                 MIN(sizeof(id), req->in_len - 1));
    virtio_blk_req_complete(req, VIRTIO_BLK_S_OK);
}

/*
 * T_DISCARD / T_WRITE_ZEROES: one segment, as max_*_seg says.  Returns the
 * status to complete with, or -1 once the request went to the block layer.
 */
static int virtio_blk_handle_dwz(VirtIOBlockReq *req, bool is_write_zeroes,
                                 const struct iovec *out, unsigned int out_num)
{
    VirtIOBlock *s = req->s;
    VirtIODevice *vdev = VIRTIO_DEVICE(s);
    BlockBackend *blk = s->conf.conf.blk;
    struct virtio_blk_discard_write_zeroes seg;
    size_t seg_bytes = iov_size(out, out_num) - sizeof(struct virtio_blk_outhdr);
    uint64_t sector;
    uint32_t num_sectors, flags, max_sectors;
    int64_t offset, bytes;

    if (!virtio_has_feature(s->host_features, is_write_zeroes ? VIRTIO_BLK_F_WRITE_ZEROES
                                                                : VIRTIO_BLK_F_DISCARD)) {
        return VIRTIO_BLK_S_UNSUPP;
    }
    if (seg_bytes != sizeof(seg)) {
        /* No segment, a partial one, or more than max_*_seg (1) of them. */
        return VIRTIO_BLK_S_IOERR;
    }
    iov_to_buf(out, out_num, sizeof(struct virtio_blk_outhdr), &seg, sizeof(seg));
    sector = virtio_ldq_p(vdev, &seg.sector);
    num_sectors = virtio_ldl_p(vdev, &seg.num_sectors);
    flags = virtio_ldl_p(vdev, &seg.flags);

    max_sectors = is_write_zeroes ? s->conf.max_write_zeroes_sectors
                                  : s->conf.max_discard_sectors;
    if (num_sectors > max_sectors ||
        !virtio_blk_range_ok(s, sector, (uint64_t)num_sectors << VIRTIO_BLK_SECTOR_BITS)) {
        return VIRTIO_BLK_S_IOERR;
    }
    /* Unknown flags, and UNMAP on a discard, are refused (5.2.6.2). */
    if (flags & ~VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP ||
        (!is_write_zeroes && flags & VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP)) {
        return VIRTIO_BLK_S_UNSUPP;
    }
    if (blk_is_read_only(blk)) {
        return VIRTIO_BLK_S_IOERR;
    }
    if (num_sectors == 0) {
        return VIRTIO_BLK_S_OK;
    }
    offset = (int64_t)(sector << VIRTIO_BLK_SECTOR_BITS);
    bytes = (int64_t)num_sectors << VIRTIO_BLK_SECTOR_BITS;
    virtio_blk_submitted(req);
    if (is_write_zeroes) {
        blk_aio_pwrite_zeroes(blk, offset, bytes,
                              flags & VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP ? BDRV_REQ_MAY_UNMAP : 0,
                              virtio_blk_aio_done, req);
    } else {
        blk_aio_pdiscard(blk, offset, bytes, virtio_blk_aio_done, req);
    }
    return -1;
}

/*
 * Check a popped chain's framing and dispatch it.  A chain without room
 * for the header or the status byte is a driver bug the device cannot even
 * answer: the device is marked broken and false returned.
 */
static bool virtio_blk_handle_request(VirtIOBlockReq *req)
{
    VirtIOBlock *s = req->s;
    VirtIODevice *vdev = VIRTIO_DEVICE(s);
    VirtQueueElement *elem = &req->elem;
    struct virtio_blk_outhdr hdr;
    struct iovec *last_in;
    uint32_t type;
    uint64_t sector;
    int status;

    if (elem->out_num < 1 || elem->in_num < 1) {
        virtio_error(vdev, "virtio-blk missing headers");
        return false;
    }
    if (iov_to_buf(elem->out_sg, elem->out_num, 0, &hdr, sizeof(hdr)) != sizeof(hdr)) {
        virtio_error(vdev, "virtio-blk request outhdr too short");
        return false;
    }
    last_in = &elem->in_sg[elem->in_num - 1];
    if (last_in->iov_len < 1) {
        virtio_error(vdev, "virtio-blk request inhdr too short");
        return false;
    }
    req->status = (uint8_t *)last_in->iov_base + last_in->iov_len - 1;
    req->in_len = iov_size(elem->in_sg, elem->in_num);

    type = virtio_ldl_p(vdev, &hdr.type) & ~VIRTIO_BLK_T_BARRIER;
    sector = virtio_ldq_p(vdev, &hdr.sector);
    switch (type) {
    case VIRTIO_BLK_T_IN:
    case VIRTIO_BLK_T_OUT:
        virtio_blk_handle_rw(req, sector, type == VIRTIO_BLK_T_OUT, elem->out_sg, elem->out_num);
        break;
    case VIRTIO_BLK_T_FLUSH:
    case VIRTIO_BLK_T_FLUSH_OUT:
        virtio_blk_submitted(req);
        blk_aio_flush(s->conf.conf.blk, virtio_blk_aio_done, req);
        break;
    case VIRTIO_BLK_T_GET_ID:
        virtio_blk_handle_get_id(req);
        break;
    case VIRTIO_BLK_T_DISCARD:
    case VIRTIO_BLK_T_WRITE_ZEROES:
        status = virtio_blk_handle_dwz(req, type == VIRTIO_BLK_T_WRITE_ZEROES,
                                       elem->out_sg, elem->out_num);
        if (status >= 0) {
            virtio_blk_req_complete(req, status);
        }
        break;
    default:
        /* SCSI passthrough, lifetime, secure erase, anything else. */
        virtio_blk_req_complete(req, VIRTIO_BLK_S_UNSUPP);
        break;
    }
    return true;
}

static void virtio_blk_handle_output(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);
    VirtIOBlockReq *req;

    while ((req = virtqueue_pop(vq, sizeof(VirtIOBlockReq)))) {
        req->s = s;
        req->vq = vq;
        qemu_iovec_init(&req->qiov, 1);
        if (!virtio_blk_handle_request(req)) {
            virtqueue_detach_element(vq, &req->elem, 0);
            virtio_blk_req_free(req);
            break;
        }
    }
}

/* --- config space and features --- */

static void virtio_blk_get_config(VirtIODevice *vdev, uint8_t *config)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);
    BlockConf *conf = &s->conf.conf;
    struct virtio_blk_config cfg;
    uint32_t blk_size = conf->logical_block_size;

    memset(&cfg, 0, sizeof(cfg));
    virtio_stq_p(vdev, &cfg.capacity, virtio_blk_total_sectors(s));
    virtio_stl_p(vdev, &cfg.seg_max, s->conf.seg_max_adjust ? s->conf.queue_size - 2 : 128 - 2);
    virtio_stw_p(vdev, &cfg.geometry.cylinders, s->conf.cyls);
    cfg.geometry.heads = s->conf.heads;
    cfg.geometry.sectors = s->conf.secs;
    virtio_stl_p(vdev, &cfg.blk_size, blk_size);
    cfg.physical_block_exp = __builtin_ctz(conf->physical_block_size / blk_size);
    cfg.alignment_offset = 0;
    virtio_stw_p(vdev, &cfg.min_io_size, conf->min_io_size / blk_size);
    virtio_stl_p(vdev, &cfg.opt_io_size, conf->opt_io_size / blk_size);
    cfg.wce = blk_enable_write_cache(conf->blk);
    virtio_stw_p(vdev, &cfg.num_queues, s->conf.num_queues);
    if (virtio_has_feature(s->host_features, VIRTIO_BLK_F_DISCARD)) {
        uint32_t granularity = conf->discard_granularity;

        if (granularity == UINT32_MAX || !s->conf.report_discard_granularity) {
            granularity = blk_size;
        }
        virtio_stl_p(vdev, &cfg.max_discard_sectors, s->conf.max_discard_sectors);
        virtio_stl_p(vdev, &cfg.max_discard_seg, 1);
        virtio_stl_p(vdev, &cfg.discard_sector_alignment,
                     granularity >> VIRTIO_BLK_SECTOR_BITS);
    }
    if (virtio_has_feature(s->host_features, VIRTIO_BLK_F_WRITE_ZEROES)) {
        virtio_stl_p(vdev, &cfg.max_write_zeroes_sectors, s->conf.max_write_zeroes_sectors);
        virtio_stl_p(vdev, &cfg.max_write_zeroes_seg, 1);
        cfg.write_zeroes_may_unmap = 1;
    }
    memcpy(config, &cfg, s->config_size);
}

/* Only "writeback" is writable, and only for a driver that took CONFIG_WCE. */
static void virtio_blk_set_config(VirtIODevice *vdev, const uint8_t *config)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);
    const struct virtio_blk_config *cfg = (const struct virtio_blk_config *)config;

    if (!virtio_vdev_has_feature(vdev, VIRTIO_BLK_F_CONFIG_WCE)) {
        return;
    }
    blk_set_enable_write_cache(s->conf.conf.blk, cfg->wce != 0);
}

static uint64_t virtio_blk_get_features(VirtIODevice *vdev, uint64_t features, Error **errp)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);
    BlockBackend *blk = s->conf.conf.blk;

    features |= s->host_features;
    virtio_add_feature(&features, VIRTIO_BLK_F_SEG_MAX);
    virtio_add_feature(&features, VIRTIO_BLK_F_GEOMETRY);
    virtio_add_feature(&features, VIRTIO_BLK_F_TOPOLOGY);
    virtio_add_feature(&features, VIRTIO_BLK_F_BLK_SIZE);
    if (!virtio_has_feature(features, VIRTIO_F_VERSION_1)) {
        /*
         * QEMU offers SCSI to legacy drivers (and answers its requests
         * UNSUPP); a legacy guest may have taken it, and migration checks
         * the guest's features against ours.
         */
        virtio_clear_feature(&features, VIRTIO_F_ANY_LAYOUT);
        virtio_add_feature(&features, VIRTIO_BLK_F_SCSI);
    }
    if (blk_enable_write_cache(blk) ||
        (s->conf.x_enable_wce_if_config_wce &&
         virtio_has_feature(features, VIRTIO_BLK_F_CONFIG_WCE))) {
        virtio_add_feature(&features, VIRTIO_BLK_F_FLUSH);
    }
    if (blk_is_read_only(blk)) {
        virtio_add_feature(&features, VIRTIO_BLK_F_RO);
    }
    if (s->conf.num_queues > 1) {
        virtio_add_feature(&features, VIRTIO_BLK_F_MQ);
    }
    return features;
}

/*
 * A driver without CONFIG_WCE cannot switch the cache, so the cache mode
 * follows whether it can flush: writeback only when it took FLUSH.
 */
static void virtio_blk_set_status(VirtIODevice *vdev, uint8_t status)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);

    if (!(status & VIRTIO_CONFIG_S_DRIVER_OK)) {
        return;
    }
    if (!virtio_vdev_has_feature(vdev, VIRTIO_BLK_F_CONFIG_WCE)) {
        blk_set_enable_write_cache(s->conf.conf.blk,
                                   virtio_vdev_has_feature(vdev, VIRTIO_BLK_F_FLUSH));
    }
}

/* Requests in flight complete (and push) before the rings go away. */
static void virtio_blk_drain(VirtIOBlock *s)
{
    if (s->in_flight) {
        blk_drain_all();
    }
}

static void virtio_blk_reset(VirtIODevice *vdev)
{
    VirtIOBlock *s = VIRTIO_BLK(vdev);

    virtio_blk_drain(s);
    blk_set_enable_write_cache(s->conf.conf.blk, s->original_wce);
}

/* --- realize --- */

/*
 * A partition table's idea of heads and sectors per track, as a BIOS would
 * have laid it out: from the first MBR entry that gives a sane cylinder
 * count.  False when there is no MBR or no usable entry.
 */
static bool virtio_blk_guess_mbr_chs(VirtIOBlock *s, uint32_t *cyls, uint32_t *heads,
                                     uint32_t *secs)
{
    uint8_t mbr[512];
    uint64_t total = virtio_blk_total_sectors(s);

    if (blk_pread(s->conf.conf.blk, 0, sizeof(mbr), mbr) < 0 ||
        mbr[510] != 0x55 || mbr[511] != 0xaa) {
        return false;
    }
    for (int i = 0; i < 4; i++) {
        const uint8_t *p = &mbr[0x1be + 16 * i];
        uint32_t nr_sects = p[12] | p[13] << 8 | p[14] << 16 | (uint32_t)p[15] << 24;
        uint32_t end_head = p[5], end_sector = p[6] & 63;
        uint64_t c;

        if (!nr_sects || !end_head || !end_sector) {
            continue;
        }
        c = total / ((end_head + 1) * end_sector);
        if (c < 1 || c > 16383) {
            continue;
        }
        *cyls = c;
        *heads = end_head + 1;
        *secs = end_sector;
        return true;
    }
    return false;
}

/*
 * Geometry when no cyls/heads/secs property is set, QEMU's way: a
 * partition table with at most 16 heads gives it, otherwise a standard
 * disk of 16 heads and 63 sectors per track.
 */
static bool virtio_blk_geometry(VirtIOBlock *s, Error **errp)
{
    VirtIOBlkConf *conf = &s->conf;

    if (!conf->cyls && !conf->heads && !conf->secs) {
        uint32_t c, h, sec;

        if (virtio_blk_guess_mbr_chs(s, &c, &h, &sec) && h <= 16) {
            conf->cyls = c;
            conf->heads = h;
            conf->secs = sec;
        } else {
            conf->cyls = MIN(MAX(virtio_blk_total_sectors(s) / (16 * 63), 2), 16383);
            conf->heads = 16;
            conf->secs = 63;
        }
    }
    if (conf->cyls < 1 || conf->cyls > 65535) {
        error_setg(errp, "cyls must be between 1 and 65535");
        return false;
    }
    if (conf->heads < 1 || conf->heads > 255) {
        error_setg(errp, "heads must be between 1 and 255");
        return false;
    }
    if (conf->secs < 1 || conf->secs > 255) {
        error_setg(errp, "secs must be between 1 and 255");
        return false;
    }
    return true;
}

static bool virtio_blk_check_conf(VirtIOBlock *s, Error **errp)
{
    VirtIOBlkConf *conf = &s->conf;

    if (!conf->conf.blk) {
        error_setg(errp, "drive property not set");
        return false;
    }
    if (!blk_is_inserted(conf->conf.blk)) {
        error_setg(errp, "Device needs media, but drive is empty");
        return false;
    }
    if (conf->num_queues == VIRTIO_BLK_AUTO_NUM_QUEUES) {
        conf->num_queues = 1;
    }
    if (!conf->num_queues) {
        error_setg(errp, "num-queues property must be larger than 0");
        return false;
    }
    if (conf->num_queues > VIRTIO_QUEUE_MAX) {
        error_setg(errp, "num-queues property must be at most %d (got %u)", VIRTIO_QUEUE_MAX,
                   conf->num_queues);
        return false;
    }
    if (conf->queue_size <= 2) {
        error_setg(errp, "invalid queue-size property (%u), must be > 2", conf->queue_size);
        return false;
    }
    if (conf->queue_size & (conf->queue_size - 1) || conf->queue_size > VIRTIO_QUEUE_MAX) {
        error_setg(errp, "invalid queue-size property (%u), must be a power of 2 (max %d)",
                   conf->queue_size, VIRTIO_QUEUE_MAX);
        return false;
    }
    if (virtio_has_feature(s->host_features, VIRTIO_BLK_F_DISCARD) &&
        (!conf->max_discard_sectors ||
         conf->max_discard_sectors > VIRTIO_BLK_MAX_REQUEST_SECTORS)) {
        error_setg(errp, "invalid max-discard-sectors property (%u), must be between 1 and %d",
                   conf->max_discard_sectors, VIRTIO_BLK_MAX_REQUEST_SECTORS);
        return false;
    }
    if (virtio_has_feature(s->host_features, VIRTIO_BLK_F_WRITE_ZEROES) &&
        (!conf->max_write_zeroes_sectors ||
         conf->max_write_zeroes_sectors > VIRTIO_BLK_MAX_REQUEST_SECTORS)) {
        error_setg(errp,
                   "invalid max-write-zeroes-sectors property (%u), must be between 1 and %d",
                   conf->max_write_zeroes_sectors, VIRTIO_BLK_MAX_REQUEST_SECTORS);
        return false;
    }
    /* A serial longer than 20 bytes is cut at 20 for GET_ID, as QEMU does. */
    return true;
}

static void virtio_blk_device_realize(DeviceState *dev, Error **errp)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtIOBlock *s = VIRTIO_BLK(dev);
    BlockConf *conf = &s->conf.conf;

    if (!virtio_blk_check_conf(s, errp)) {
        return;
    }
    if (!blkconf_apply_backend_options(conf, blk_is_read_only(conf->blk), true, errp)) {
        return;
    }
    s->original_wce = blk_enable_write_cache(conf->blk);
    if (!virtio_blk_geometry(s, errp) || !blkconf_blocksizes(conf, errp)) {
        return;
    }
    if (conf->logical_block_size > conf->physical_block_size) {
        error_setg(errp, "logical_block_size > physical_block_size not supported");
        return;
    }

    s->config_size = virtio_blk_config_size(s->host_features);
    virtio_init(vdev, VIRTIO_ID_BLOCK, s->config_size);
    for (unsigned int i = 0; i < s->conf.num_queues; i++) {
        virtio_add_queue(vdev, s->conf.queue_size, virtio_blk_handle_output);
    }
}

static void virtio_blk_device_unrealize(DeviceState *dev)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtIOBlock *s = VIRTIO_BLK(dev);

    virtio_blk_drain(s);
    for (unsigned int i = 0; i < s->conf.num_queues; i++) {
        virtio_del_queue(vdev, i);
    }
    virtio_cleanup(vdev);
}

/* --- migration --- */

/*
 * The device's own part of the "virtio-blk" section: QEMU's list of
 * requests held for a retry (werror/rerror=stop), each tagged with a 1
 * byte, ended by a 0 byte.  The block layer drains at vm stop, so nothing
 * is in flight when this is saved and the list is always empty here; a
 * stream with held requests cannot be restored and is refused.
 */
static int virtio_blk_rq_put(QEMUFile *f, void *pv, size_t size, const VMStateField *field,
                             Error **errp)
{
    qemu_put_byte(f, 0);
    return 0;
}

static int virtio_blk_rq_get(QEMUFile *f, void *pv, size_t size, const VMStateField *field,
                             Error **errp)
{
    uint8_t more = qemu_get_byte(f);
    int ret = qemu_file_get_error(f);

    if (ret) {
        error_setg(errp, "virtio-blk: stream ended in the request list");
        return ret;
    }
    if (more) {
        error_setg(errp, "virtio-blk: the stream holds requests stopped on an I/O error, "
                   "which cannot be restored (tag %u)", more);
        return -EINVAL;
    }
    return 0;
}

static const VMStateInfo virtio_blk_rq_info = {
    .name = "virtio-blk-rq",
    .get = virtio_blk_rq_get,
    .put = virtio_blk_rq_put,
};

static const VMStateDescription vmstate_virtio_blk_device = {
    .name = "virtio-blk-device",
    .version_id = 2,
    .minimum_version_id = 2,
    .fields = (const VMStateField[]) {
        /* One byte on the wire; the field has no storage of its own. */
        { .name = "rq", .size = 1, .info = &virtio_blk_rq_info, .flags = VMS_SINGLE,
          .offset = 0 },
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_virtio_blk = {
    .name = "virtio-blk",
    .version_id = 2,
    .minimum_version_id = 2,
    .fields = (const VMStateField[]) {
        VMSTATE_VIRTIO_DEVICE,
        VMSTATE_END_OF_LIST()
    },
};

/* --- type --- */

static Property virtio_blk_properties[] = {
    DEFINE_BLOCK_PROPERTIES(VirtIOBlock, conf.conf),
    /* Firmware boot order: accepted (libvirt sets it) and kept, not yet used. */
    DEFINE_PROP_INT32("bootindex", VirtIOBlock, conf.conf.bootindex, -1),
    DEFINE_PROP_UINT32("cyls", VirtIOBlock, conf.cyls, 0),
    DEFINE_PROP_UINT32("heads", VirtIOBlock, conf.heads, 0),
    DEFINE_PROP_UINT32("secs", VirtIOBlock, conf.secs, 0),
    DEFINE_PROP_STRING("serial", VirtIOBlock, conf.serial),
    DEFINE_PROP_BIT64("config-wce", VirtIOBlock, host_features, VIRTIO_BLK_F_CONFIG_WCE, true),
    DEFINE_PROP_BIT("request-merging", VirtIOBlock, conf.request_merging, 0, true),
    DEFINE_PROP_UINT16("num-queues", VirtIOBlock, conf.num_queues, VIRTIO_BLK_AUTO_NUM_QUEUES),
    DEFINE_PROP_UINT16("queue-size", VirtIOBlock, conf.queue_size, 256),
    DEFINE_PROP_BOOL("seg-max-adjust", VirtIOBlock, conf.seg_max_adjust, true),
    DEFINE_PROP_BIT64("discard", VirtIOBlock, host_features, VIRTIO_BLK_F_DISCARD, true),
    DEFINE_PROP_BOOL("report-discard-granularity", VirtIOBlock,
                     conf.report_discard_granularity, true),
    DEFINE_PROP_BIT64("write-zeroes", VirtIOBlock, host_features, VIRTIO_BLK_F_WRITE_ZEROES,
                      true),
    DEFINE_PROP_UINT32("max-discard-sectors", VirtIOBlock, conf.max_discard_sectors,
                       VIRTIO_BLK_MAX_REQUEST_SECTORS),
    DEFINE_PROP_UINT32("max-write-zeroes-sectors", VirtIOBlock, conf.max_write_zeroes_sectors,
                       VIRTIO_BLK_MAX_REQUEST_SECTORS),
    DEFINE_PROP_BOOL("x-enable-wce-if-config-wce", VirtIOBlock,
                     conf.x_enable_wce_if_config_wce, true),
    DEFINE_PROP_END_OF_LIST(),
};

static void virtio_blk_class_init(ObjectClass *klass, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(klass);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(klass);

    dc->desc = "virtio block device";
    dc->vmsd = &vmstate_virtio_blk;
    device_class_set_category(dc, DEVICE_CATEGORY_STORAGE);
    device_class_set_props(dc, virtio_blk_properties);
    vdc->realize = virtio_blk_device_realize;
    vdc->unrealize = virtio_blk_device_unrealize;
    vdc->get_config = virtio_blk_get_config;
    vdc->set_config = virtio_blk_set_config;
    vdc->get_features = virtio_blk_get_features;
    vdc->set_status = virtio_blk_set_status;
    vdc->reset = virtio_blk_reset;
    vdc->vmsd = &vmstate_virtio_blk_device;
}

static const TypeInfo virtio_blk_info = {
    .name = TYPE_VIRTIO_BLK,
    .parent = TYPE_VIRTIO_DEVICE,
    .instance_size = sizeof(VirtIOBlock),
    .class_init = virtio_blk_class_init,
};

static void virtio_blk_register_types(void)
{
    type_register_static(&virtio_blk_info);
}

type_init(virtio_blk_register_types)
