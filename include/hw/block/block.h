/*
 * Properties every block device shares (drive, share-rw, block sizes,
 * write-cache) and the checks that turn them into a claimed backend.
 */
#ifndef HW_BLOCK_BLOCK_H
#define HW_BLOCK_BLOCK_H

#include "hw/qdev-properties.h"
#include "system/block-backend.h"

typedef struct BlockConf {
    BlockBackend *blk;
    uint32_t physical_block_size;
    uint32_t logical_block_size;
    uint32_t min_io_size;
    uint32_t opt_io_size;
    int32_t bootindex;
    uint32_t discard_granularity;
    OnOffAuto wce;                 /* "write-cache" */
    bool share_rw;
    OnOffAuto account_invalid;
    OnOffAuto account_failed;
} BlockConf;

/* The "drive" property: a BlockBackend * field set by backend name. */
extern const PropertyInfo qdev_prop_drive;
#define DEFINE_PROP_DRIVE(_n, _s, _f) \
    DEFINE_PROP(_n, _s, _f, qdev_prop_drive, BlockBackend *)

#define DEFINE_BLOCK_PROPERTIES_BASE(_state, _conf) \
    DEFINE_PROP_UINT32("logical_block_size", _state, _conf.logical_block_size, 0), \
    DEFINE_PROP_UINT32("physical_block_size", _state, _conf.physical_block_size, 0), \
    DEFINE_PROP_UINT32("min_io_size", _state, _conf.min_io_size, 0), \
    DEFINE_PROP_UINT32("opt_io_size", _state, _conf.opt_io_size, 0), \
    DEFINE_PROP_UINT32("discard_granularity", _state, _conf.discard_granularity, -1), \
    DEFINE_PROP_ON_OFF_AUTO("write-cache", _state, _conf.wce, ON_OFF_AUTO_AUTO), \
    DEFINE_PROP_BOOL("share-rw", _state, _conf.share_rw, false)

#define DEFINE_BLOCK_PROPERTIES(_state, _conf) \
    DEFINE_PROP_DRIVE("drive", _state, _conf.blk), \
    DEFINE_BLOCK_PROPERTIES_BASE(_state, _conf)

/*
 * Realize-time checks, QEMU's blkconf_* behaviour: fill block sizes
 * (512 by default, validated as powers of two >= 512), apply write-cache,
 * and claim the backend: write permission unless the device or the drive
 * is read-only (a read-only drive on a device that needs writes is an
 * error unless readonly is allowed), share-rw as asked.
 */
bool blkconf_blocksizes(BlockConf *conf, Error **errp);
bool blkconf_apply_backend_options(BlockConf *conf, bool readonly, bool resizable,
                                   Error **errp);

#endif
