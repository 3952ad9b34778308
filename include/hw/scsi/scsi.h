/*
 * The SCSI bus: host bus adapters (virtio-scsi, ...) own one SCSIBus and
 * pass commands to the SCSI devices on it (scsi-hd) through SCSIRequest.
 * The bus gives devices their address (channel:scsi-id:lun) and migration
 * path, answers for LUNs nobody implements, keeps unit attention and
 * pending sense, and runs the request lifecycle.  Not here: the commands
 * of a particular device type (hw/scsi/scsi-disk.c) or a transport.
 *
 * Request lifecycle, as an HBA sees it:
 *   req = scsi_req_new(dev, tag, lun, cdb, cdb_len, hba_private);
 *   len = scsi_req_enqueue(req);   >0 data-in, <0 data-out, 0 no data
 *   if (len) scsi_req_continue(req, iov, iov_cnt);   the HBA's data buffer
 *   ... info->complete(req, resid) or info->cancel(req) runs, once, on the
 *   main loop or from inside enqueue/continue; then scsi_req_unref(req).
 * scsi_req_new returns one reference owned by the HBA; hold a second one
 * across enqueue + continue if the complete callback drops the first.
 * Threading: big lock held throughout; block I/O completes on the main loop.
 */
#ifndef HW_SCSI_SCSI_H
#define HW_SCSI_SCSI_H

#include "hw/qdev-core.h"
#include "hw/block/block.h"
#include "hw/scsi/constants.h"
#include "migration/vmstate.h"

#define TYPE_SCSI_BUS "SCSI"
OBJECT_DECLARE_SIMPLE_TYPE(SCSIBus, SCSI_BUS)
#define TYPE_SCSI_DEVICE "scsi-device"
OBJECT_DECLARE_TYPE(SCSIDevice, SCSIDeviceClass, SCSI_DEVICE)

/* Longest CDB the bus understands (16-byte commands; 32-byte HBAs fit). */
#define SCSI_CMD_BUF_SIZE 16
/* Room for the largest sense data a device may return (SPC-4 4.5.1). */
#define SCSI_SENSE_BUF_SIZE 252
/* The part of the pending sense that travels in the device section. */
#define SCSI_SENSE_BUF_SIZE_OLD 96
/* Fixed-format sense data (SPC-4 4.5.3): what every error produces. */
#define SCSI_SENSE_LEN 18
/* The standard INQUIRY data we return (SPC-4 6.4.2). */
#define SCSI_INQUIRY_LEN 36

typedef struct SCSIRequest SCSIRequest;
typedef struct SCSIReqOps SCSIReqOps;

/* One sense condition: key, additional sense code and qualifier. */
typedef struct SCSISense {
    uint8_t key;
    uint8_t asc;
    uint8_t ascq;
} SCSISense;

/* The conditions devices report, named as SPC-4 annex D does. */
extern const SCSISense sense_code_NO_SENSE;
extern const SCSISense sense_code_NO_MEDIUM;            /* 02/3a/00 */
extern const SCSISense sense_code_LUN_NOT_READY;        /* 02/04/03 */
extern const SCSISense sense_code_READ_ERROR;           /* 03/11/00 unrecovered read */
extern const SCSISense sense_code_WRITE_ERROR;          /* 03/0c/00 */
extern const SCSISense sense_code_TARGET_FAILURE;       /* 04/44/00 */
extern const SCSISense sense_code_INVALID_PARAM_LEN;    /* 05/1a/00 */
extern const SCSISense sense_code_INVALID_OPCODE;       /* 05/20/00 */
extern const SCSISense sense_code_LBA_OUT_OF_RANGE;     /* 05/21/00 */
extern const SCSISense sense_code_INVALID_FIELD;        /* 05/24/00 in CDB */
extern const SCSISense sense_code_LUN_NOT_SUPPORTED;    /* 05/25/00 */
extern const SCSISense sense_code_INVALID_PARAM;        /* 05/26/00 in parameter list */
extern const SCSISense sense_code_SAVING_PARAMS_NOT_SUPPORTED; /* 05/39/00 */
extern const SCSISense sense_code_RESET;                /* 06/29/00 power on, reset */
extern const SCSISense sense_code_I_T_NEXUS_LOSS;       /* 06/29/07 */
extern const SCSISense sense_code_MODE_PARAMETERS_CHANGED; /* 06/2a/01 */
extern const SCSISense sense_code_CAPACITY_CHANGED;     /* 06/2a/09 */
extern const SCSISense sense_code_REPORTED_LUNS_CHANGED; /* 06/3f/0e */
extern const SCSISense sense_code_WRITE_PROTECTED;      /* 07/27/00 */
extern const SCSISense sense_code_SPACE_ALLOC_FAILED;   /* 07/27/07 */
extern const SCSISense sense_code_IO_ERROR;             /* 0b/00/06 */
#define SENSE_CODE(x) sense_code_##x

typedef enum SCSIXferMode {
    SCSI_XFER_NONE,        /* no data phase */
    SCSI_XFER_FROM_DEV,    /* data-in: device to initiator */
    SCSI_XFER_TO_DEV,      /* data-out: initiator to device */
} SCSIXferMode;

/* A parsed CDB. */
typedef struct SCSICommand {
    uint8_t buf[SCSI_CMD_BUF_SIZE];
    int len;               /* CDB length from the operation code's group */
    size_t xfer;           /* bytes the CDB asks to move (allocation length) */
    uint64_t lba;          /* the CDB's LOGICAL BLOCK ADDRESS, if it has one */
    SCSIXferMode mode;
} SCSICommand;

/*
 * What one kind of request does; a device class provides one, the bus has
 * its own for LUNs nobody implements and for unit attention.
 */
struct SCSIReqOps {
    size_t size;           /* of the request structure, SCSIRequest first */
    /*
     * Start the command.  Return the data length (>0 data-in, <0 data-out)
     * and wait for transfer(), or complete the request (possibly later)
     * and return 0.
     */
    int32_t (*send_command)(SCSIRequest *req, uint8_t *cdb);
    /* The HBA's buffer is in req->sg: move the data, then complete. */
    void (*transfer)(SCSIRequest *req);
    /* Free what the request owns besides itself. */
    void (*free_req)(SCSIRequest *req);
};

struct SCSIRequest {
    SCSIBus *bus;
    SCSIDevice *dev;
    const SCSIReqOps *ops;
    uint32_t refcount;
    uint32_t tag;
    uint32_t lun;
    SCSICommand cmd;
    int16_t status;        /* -1 while the command runs */
    uint8_t sense[SCSI_SENSE_BUF_SIZE];
    uint32_t sense_len;
    void *hba_private;
    /* The HBA's data buffer, borrowed until completion. */
    const struct iovec *sg;
    unsigned int sg_cnt;
    size_t sg_size;
    size_t xferred;        /* bytes moved to or from sg so far */
    bool enqueued;         /* on the device's list: not yet completed/cancelled */
    bool io_canceled;      /* cancelled while block I/O was in flight */
    bool aio_pending;      /* the device waits for a block completion */
    bool data_started;     /* scsi_req_continue has been called */
};

/* What the HBA tells the bus about itself. */
typedef struct SCSIBusInfo {
    int tcq;               /* tagged command queueing (INQUIRY CmdQue bit) */
    int max_channel, max_target, max_lun;
    /*
     * The command finished: req->status, req->sense; resid bytes of the
     * buffer given to scsi_req_continue went unused (0 when there was no
     * data phase: the HBA then knows its whole buffer went unused).
     */
    void (*complete)(SCSIRequest *req, size_t resid);
    /* The command was cancelled (task management, reset, unplug). */
    void (*cancel)(SCSIRequest *req);
    /* A device was plugged into / is being unplugged from the bus. */
    void (*hotplug)(SCSIBus *bus, SCSIDevice *dev);
    void (*hot_unplug)(SCSIBus *bus, SCSIDevice *dev);
} SCSIBusInfo;

struct SCSIBus {
    BusState qbus;
    const SCSIBusInfo *info;
    SCSISense unit_attention;  /* for every LUN, e.g. REPORTED LUNS CHANGED */
};

struct SCSIDeviceClass {
    DeviceClass parent_class;
    void (*realize)(SCSIDevice *dev, Error **errp);
    void (*unrealize)(SCSIDevice *dev);
    const SCSIReqOps *reqops;
};

struct SCSIDevice {
    DeviceState qdev;
    BlockConf conf;
    uint32_t channel;
    uint32_t id;           /* "scsi-id"; -1 until assigned */
    uint32_t lun;          /* -1 until assigned */
    int type;              /* peripheral device type, TYPE_DISK */
    uint32_t blocksize;
    uint64_t max_lba;      /* last LBA; 0 with an empty device */
    SCSISense unit_attention;
    bool sense_is_ua;
    uint8_t sense[SCSI_SENSE_BUF_SIZE];   /* sense of the last command */
    uint32_t sense_len;
    GList *requests;       /* of SCSIRequest *, enqueued and not finished */
};

/* ---- HBA side ---- */

/* Make bus (embedded in the HBA, size bytes) the HBA's SCSI bus. */
void scsi_bus_init(SCSIBus *bus, size_t size, DeviceState *host, const SCSIBusInfo *info);
/* The device at exactly this address, or NULL. */
SCSIDevice *scsi_device_get(SCSIBus *bus, int channel, int id, int lun);
/*
 * The device at this address or, when that LUN is empty, another LUN of
 * the same target (which then answers for the missing LUN); NULL when the
 * target does not exist.
 */
SCSIDevice *scsi_device_find(SCSIBus *bus, int channel, int id, int lun);

/* A new request (see the lifecycle above); cdb_len bytes at cdb are copied. */
SCSIRequest *scsi_req_new(SCSIDevice *dev, uint32_t tag, uint32_t lun, const uint8_t *cdb,
                          size_t cdb_len, void *hba_private);
int32_t scsi_req_enqueue(SCSIRequest *req);
/*
 * Hand the data buffer over (borrowed until complete/cancel) and run the
 * data phase.  A buffer shorter than a READ/WRITE needs ends the command
 * with INVALID FIELD IN CDB; data-in that the device has less of leaves a
 * residual.  No-op on a request that already finished.
 */
void scsi_req_continue(SCSIRequest *req, const struct iovec *sg, unsigned int sg_cnt);
/* Abort the request: info->cancel runs now or when its block I/O returns. */
void scsi_req_cancel(SCSIRequest *req);
SCSIRequest *scsi_req_ref(SCSIRequest *req);
void scsi_req_unref(SCSIRequest *req);
/* Copy the request's sense data (at most len bytes); returns the length. */
int scsi_req_get_sense(SCSIRequest *req, uint8_t *buf, int len);
/* Cancel everything the device has queued and raise unit attention sense. */
void scsi_device_purge_requests(SCSIDevice *dev, SCSISense sense);
/* Unit attention for every device on the bus (e.g. REPORTED LUNS CHANGED). */
void scsi_bus_set_ua(SCSIBus *bus, SCSISense sense);

/* ---- device side ---- */

/* Finish with status (sense, if any, already built). */
void scsi_req_complete(SCSIRequest *req, int status);
/* Finish with CHECK CONDITION and fixed-format sense for sense. */
void scsi_req_check_condition(SCSIRequest *req, SCSISense sense);
/* Set the request's sense data (fixed format). */
void scsi_req_build_sense(SCSIRequest *req, SCSISense sense);
/* The cancel has taken effect (block I/O came back): tell the HBA. */
void scsi_req_cancel_complete(SCSIRequest *req);
/* Copy device data into the HBA buffer at req->xferred; returns bytes copied. */
size_t scsi_req_copy_to_sg(SCSIRequest *req, const void *buf, size_t len);
/* Copy up to len bytes of data-out from the HBA buffer; returns bytes copied. */
size_t scsi_req_copy_from_sg(SCSIRequest *req, void *buf, size_t len);
/* Build sense data in buf (fixed: 18 bytes, or descriptor: 8); returns length. */
int scsi_build_sense(uint8_t *buf, int len, SCSISense sense, bool descriptor);
/* Map a block layer errno to the sense a disk reports for it. */
SCSISense scsi_sense_from_errno(int errnum, bool is_write);
/* Unit attention for one device, unless one of higher precedence is pending. */
void scsi_device_set_ua(SCSIDevice *dev, SCSISense sense);
/* Encode lun for REPORT LUNS / virtio events: peripheral or flat addressing. */
void scsi_lun_encode(uint8_t out[8], uint32_t lun);

/* The pending sense and unit attention, for the device's own vmsd. */
extern const VMStateDescription vmstate_scsi_device;
#define VMSTATE_SCSI_DEVICE(_field, _state) \
    VMSTATE_STRUCT(_field, _state, 1, vmstate_scsi_device, SCSIDevice)

#endif
