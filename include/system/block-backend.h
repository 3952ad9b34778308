/*
 * The block layer as devices see it: a BlockBackend is a named drive
 * (-drive id=, or -blockdev node-name=) over a chain of block drivers
 * (raw over file today).  Devices attach to one backend, claim the
 * permissions they need (which takes the image locks) and submit
 * asynchronous requests that run on worker threads.
 *
 * Threading: call everything with the big lock held.  Completion callbacks
 * run on the main loop thread with the big lock held, never from inside
 * the submitting call.  blk_drain_all() waits for every request and runs
 * its callback before returning (used at vm stop and migration switchover).
 */
#ifndef SYSTEM_BLOCK_BACKEND_H
#define SYSTEM_BLOCK_BACKEND_H

#include "qemu/iov.h"
#include "qapi/error.h"

typedef struct BlockBackend BlockBackend;
struct DeviceState;

/* ret is 0 or a negative errno. */
typedef void BlockCompletionFunc(void *opaque, int ret);

/* Request flags. */
#define BDRV_REQ_MAY_UNMAP 0x4     /* write zeroes may deallocate */
#define BDRV_REQ_FUA 0x10          /* write through to stable storage */

/* Look a backend up by -drive id / -blockdev node-name. */
BlockBackend *blk_by_name(const char *name);
const char *blk_name(const BlockBackend *blk);
/* Iterate: pass NULL for the first. */
BlockBackend *blk_next(BlockBackend *blk);

/* Image size in bytes, or a negative errno. */
int64_t blk_getlength(BlockBackend *blk);
bool blk_is_read_only(const BlockBackend *blk);
bool blk_is_inserted(const BlockBackend *blk);
bool blk_enable_write_cache(const BlockBackend *blk);
void blk_set_enable_write_cache(BlockBackend *blk, bool wce);
/* Does the backend pass discard to the image (discard=unmap)? */
bool blk_supports_discard(const BlockBackend *blk);

/*
 * Attach a device (the "drive" property): fails with QEMU's wording when
 * the backend is already attached to another device.
 */
bool blk_attach_dev(BlockBackend *blk, struct DeviceState *dev, Error **errp);
void blk_detach_dev(BlockBackend *blk, struct DeviceState *dev);
struct DeviceState *blk_get_attached_dev(BlockBackend *blk);

/*
 * Claim what the device needs: write access unless read_only, and whether
 * other users may write too (share-rw).  Takes the image locks; a conflict
 * gives QEMU's 'Failed to get "write" lock' error with its hint.
 */
bool blk_set_perm(BlockBackend *blk, bool write, bool share_rw, Error **errp);

/* Asynchronous requests; offset and lengths in bytes. */
void blk_aio_preadv(BlockBackend *blk, int64_t offset, QEMUIOVector *qiov,
                    BlockCompletionFunc *cb, void *opaque);
void blk_aio_pwritev(BlockBackend *blk, int64_t offset, QEMUIOVector *qiov, int flags,
                     BlockCompletionFunc *cb, void *opaque);
void blk_aio_flush(BlockBackend *blk, BlockCompletionFunc *cb, void *opaque);
void blk_aio_pdiscard(BlockBackend *blk, int64_t offset, int64_t bytes,
                      BlockCompletionFunc *cb, void *opaque);
void blk_aio_pwrite_zeroes(BlockBackend *blk, int64_t offset, int64_t bytes, int flags,
                           BlockCompletionFunc *cb, void *opaque);

/* Synchronous helpers (tests, firmware loading); return 0 or -errno. */
int blk_pread(BlockBackend *blk, int64_t offset, int64_t bytes, void *buf);
int blk_pwrite(BlockBackend *blk, int64_t offset, int64_t bytes, const void *buf);
int blk_flush(BlockBackend *blk);

/* Requests submitted and not yet completed (callback not yet run). */
int blk_in_flight(BlockBackend *blk);
/* Wait for every backend's requests and run their callbacks. */
void blk_drain_all(void);
/* Drain and flush every backend (vm stop, migration switchover). */
int blk_flush_all(void);

/*
 * Command line: -drive and -blockdev.  They create backends before the
 * devices are created; drive_create_if_devices() then gives each
 * if=virtio drive its virtio-blk-pci after the -device list (if=scsi has
 * no default HBA on virt and is refused, as QEMU does).
 */
bool drive_new_from_opts(const char *optarg, Error **errp);
bool blockdev_new_from_opts(const char *optarg, Error **errp);
/*
 * After -device has run: create the device of each if=virtio drive
 * (virtio-blk-pci, drive=<id>) and fail for drives of an interface this
 * machine has no controller for (QEMU's "machine type does not support
 * if=scsi,bus=0,unit=0").  Errors name the -drive option.
 */
bool drive_create_if_devices(Error **errp);

typedef enum BlockInterfaceType {
    IF_NONE,
    IF_VIRTIO,
    IF_SCSI,
    IF_COUNT,
} BlockInterfaceType;
BlockInterfaceType blk_get_if_type(const BlockBackend *blk);

/*
 * Live migration hands the images from one process to the other, as
 * QEMU's inactive images do: while inactive, users' claims are recorded
 * but no image lock is held.  The source drains, flushes and inactivates
 * before sending its last device state; a destination (-incoming) starts
 * inactive and activates once the stream has loaded.  Activating takes
 * the locks and fails like blk_set_perm() when another process has them.
 */
void blk_inactivate_all(void);
bool blk_activate_all(Error **errp);
bool blk_is_inactive(void);

/* Close every backend (at exit, after the devices are gone). */
void blk_close_all(void);

#endif
