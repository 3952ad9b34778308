/*
 * virtio-blk (virtio 1.2, 5.2): the device model "virtio-blk-device" that a
 * transport (virtio-mmio, the virtio-blk-pci proxy) carries.  The wire
 * layouts here are the spec's; the device state is what the model needs.
 */
#ifndef HW_VIRTIO_BLK_H
#define HW_VIRTIO_BLK_H

#include "hw/virtio/virtio.h"
#include "hw/block/block.h"

#define TYPE_VIRTIO_BLK "virtio-blk-device"
OBJECT_DECLARE_SIMPLE_TYPE(VirtIOBlock, VIRTIO_BLK)

/* Feature bits (5.2.3); BARRIER, SCSI and the FLUSH alias WCE are legacy names. */
#define VIRTIO_BLK_F_BARRIER 0
#define VIRTIO_BLK_F_SIZE_MAX 1
#define VIRTIO_BLK_F_SEG_MAX 2
#define VIRTIO_BLK_F_GEOMETRY 4
#define VIRTIO_BLK_F_RO 5
#define VIRTIO_BLK_F_BLK_SIZE 6
#define VIRTIO_BLK_F_SCSI 7
#define VIRTIO_BLK_F_FLUSH 9
#define VIRTIO_BLK_F_WCE VIRTIO_BLK_F_FLUSH
#define VIRTIO_BLK_F_TOPOLOGY 10
#define VIRTIO_BLK_F_CONFIG_WCE 11
#define VIRTIO_BLK_F_MQ 12
#define VIRTIO_BLK_F_DISCARD 13
#define VIRTIO_BLK_F_WRITE_ZEROES 14

/* Request types (5.2.6); BARRIER is a legacy flag or-ed into the type. */
#define VIRTIO_BLK_T_IN 0
#define VIRTIO_BLK_T_OUT 1
#define VIRTIO_BLK_T_SCSI_CMD 2
#define VIRTIO_BLK_T_FLUSH 4
#define VIRTIO_BLK_T_FLUSH_OUT 5
#define VIRTIO_BLK_T_GET_ID 8
#define VIRTIO_BLK_T_GET_LIFETIME 10
#define VIRTIO_BLK_T_DISCARD 11
#define VIRTIO_BLK_T_WRITE_ZEROES 13
#define VIRTIO_BLK_T_SECURE_ERASE 14
#define VIRTIO_BLK_T_BARRIER 0x80000000u

/* Status byte values. */
#define VIRTIO_BLK_S_OK 0
#define VIRTIO_BLK_S_IOERR 1
#define VIRTIO_BLK_S_UNSUPP 2

/* Discard / write zeroes segment flags. */
#define VIRTIO_BLK_WRITE_ZEROES_FLAG_UNMAP 1

#define VIRTIO_BLK_ID_BYTES 20
#define VIRTIO_BLK_SECTOR_BITS 9
#define VIRTIO_BLK_SECTOR_SIZE 512
/* QEMU's BDRV_REQUEST_MAX_SECTORS: the largest request the block layer takes. */
#define VIRTIO_BLK_MAX_REQUEST_SECTORS (INT32_MAX >> VIRTIO_BLK_SECTOR_BITS)
/* "num-queues" default: the PCI proxy picks one per vCPU, otherwise 1. */
#define VIRTIO_BLK_AUTO_NUM_QUEUES UINT16_MAX

/* The config space, fields in the device's byte order (virtio_st*_p). */
struct virtio_blk_config {
    uint64_t capacity;                 /* in 512-byte sectors */
    uint32_t size_max;
    uint32_t seg_max;
    struct {
        uint16_t cylinders;
        uint8_t heads;
        uint8_t sectors;
    } geometry;
    uint32_t blk_size;
    uint8_t physical_block_exp;
    uint8_t alignment_offset;
    uint16_t min_io_size;
    uint32_t opt_io_size;
    uint8_t wce;                       /* "writeback" */
    uint8_t unused0;
    uint16_t num_queues;
    uint32_t max_discard_sectors;
    uint32_t max_discard_seg;
    uint32_t discard_sector_alignment;
    uint32_t max_write_zeroes_sectors;
    uint32_t max_write_zeroes_seg;
    uint8_t write_zeroes_may_unmap;
    uint8_t unused1[3];
} __attribute__((packed));

/* Header at the start of every request's device-readable part. */
struct virtio_blk_outhdr {
    uint32_t type;
    uint32_t ioprio;
    uint64_t sector;
} __attribute__((packed));

/* One discard / write zeroes segment. */
struct virtio_blk_discard_write_zeroes {
    uint64_t sector;
    uint32_t num_sectors;
    uint32_t flags;
} __attribute__((packed));

typedef struct VirtIOBlkConf {
    BlockConf conf;
    char *serial;
    uint32_t cyls, heads, secs;
    uint32_t request_merging;          /* bit 0; accepted, requests are not merged */
    uint16_t num_queues;
    uint16_t queue_size;
    bool seg_max_adjust;
    bool report_discard_granularity;
    bool x_enable_wce_if_config_wce;
    uint32_t max_discard_sectors;
    uint32_t max_write_zeroes_sectors;
} VirtIOBlkConf;

struct VirtIOBlock {
    VirtIODevice parent_obj;

    VirtIOBlkConf conf;
    uint64_t host_features;            /* config-wce, discard, write-zeroes */
    size_t config_size;
    bool original_wce;                 /* the drive's cache mode, restored at reset */
    unsigned int in_flight;            /* requests submitted to the block layer */
};

#endif
