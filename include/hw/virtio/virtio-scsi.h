/*
 * virtio-scsi (virtio 1.2, 5.6): a SCSI host bus adapter on a virtio
 * transport.  Queue 0 carries task management and asynchronous
 * notification requests, queue 1 events for the driver (hot-plug), queues
 * 2.. SCSI commands.  The wire structures below are the spec's, in the
 * device's byte order (virtio_tswap: guest order for legacy, LE for 1.0).
 */
#ifndef HW_VIRTIO_SCSI_H
#define HW_VIRTIO_SCSI_H

#include "hw/virtio/virtio.h"
#include "hw/scsi/scsi.h"

#define TYPE_VIRTIO_SCSI "virtio-scsi-device"
OBJECT_DECLARE_SIMPLE_TYPE(VirtIOSCSI, VIRTIO_SCSI)

/* Feature bits. */
#define VIRTIO_SCSI_F_INOUT 0
#define VIRTIO_SCSI_F_HOTPLUG 1
#define VIRTIO_SCSI_F_CHANGE 2
#define VIRTIO_SCSI_F_T10_PI 3

/* Defaults of the config fields and their limits. */
#define VIRTIO_SCSI_CDB_DEFAULT_SIZE 32
#define VIRTIO_SCSI_SENSE_DEFAULT_SIZE 96
#define VIRTIO_SCSI_MAX_CHANNEL 0
#define VIRTIO_SCSI_MAX_TARGET 255
#define VIRTIO_SCSI_MAX_LUN 16383
#define VIRTIO_SCSI_VQ_SIZE 256
/* num_queues default: one per vCPU on PCI (the proxy decides), else one. */
#define VIRTIO_SCSI_AUTO_NUM_QUEUES UINT32_MAX

/* Response codes (command and control queues). */
#define VIRTIO_SCSI_S_OK 0
#define VIRTIO_SCSI_S_FUNCTION_COMPLETE 0
#define VIRTIO_SCSI_S_OVERRUN 1
#define VIRTIO_SCSI_S_ABORTED 2
#define VIRTIO_SCSI_S_BAD_TARGET 3
#define VIRTIO_SCSI_S_RESET 4
#define VIRTIO_SCSI_S_BUSY 5
#define VIRTIO_SCSI_S_TRANSPORT_FAILURE 6
#define VIRTIO_SCSI_S_TARGET_FAILURE 7
#define VIRTIO_SCSI_S_NEXUS_FAILURE 8
#define VIRTIO_SCSI_S_FAILURE 9
#define VIRTIO_SCSI_S_FUNCTION_SUCCEEDED 10
#define VIRTIO_SCSI_S_FUNCTION_REJECTED 11
#define VIRTIO_SCSI_S_INCORRECT_LUN 12

/* Control queue request types and task management functions. */
#define VIRTIO_SCSI_T_TMF 0
#define VIRTIO_SCSI_T_AN_QUERY 1
#define VIRTIO_SCSI_T_AN_SUBSCRIBE 2
#define VIRTIO_SCSI_T_TMF_ABORT_TASK 0
#define VIRTIO_SCSI_T_TMF_ABORT_TASK_SET 1
#define VIRTIO_SCSI_T_TMF_CLEAR_ACA 2
#define VIRTIO_SCSI_T_TMF_CLEAR_TASK_SET 3
#define VIRTIO_SCSI_T_TMF_I_T_NEXUS_RESET 4
#define VIRTIO_SCSI_T_TMF_LOGICAL_UNIT_RESET 5
#define VIRTIO_SCSI_T_TMF_QUERY_TASK 6
#define VIRTIO_SCSI_T_TMF_QUERY_TASK_SET 7

/* Events. */
#define VIRTIO_SCSI_T_EVENTS_MISSED 0x80000000u
#define VIRTIO_SCSI_T_NO_EVENT 0
#define VIRTIO_SCSI_T_TRANSPORT_RESET 1
#define VIRTIO_SCSI_T_ASYNC_NOTIFY 2
#define VIRTIO_SCSI_T_PARAM_CHANGE 3
#define VIRTIO_SCSI_EVT_RESET_HARD 0
#define VIRTIO_SCSI_EVT_RESET_RESCAN 1
#define VIRTIO_SCSI_EVT_RESET_REMOVED 2

/* Task attributes. */
#define VIRTIO_SCSI_S_SIMPLE 0
#define VIRTIO_SCSI_S_ORDERED 1
#define VIRTIO_SCSI_S_HEAD 2
#define VIRTIO_SCSI_S_ACA 3

/* The wire structures (5.6.6); the cdb and sense arrays follow the headers. */
typedef struct __attribute__((packed)) VirtIOSCSICmdReq {
    uint8_t lun[8];
    uint64_t tag;
    uint8_t task_attr;
    uint8_t prio;
    uint8_t crn;
} VirtIOSCSICmdReq;

typedef struct __attribute__((packed)) VirtIOSCSICmdResp {
    uint32_t sense_len;
    uint32_t resid;
    uint16_t status_qualifier;
    uint8_t status;
    uint8_t response;
} VirtIOSCSICmdResp;

typedef struct __attribute__((packed)) VirtIOSCSICtrlTMFReq {
    uint32_t type;
    uint32_t subtype;
    uint8_t lun[8];
    uint64_t tag;
} VirtIOSCSICtrlTMFReq;

typedef struct __attribute__((packed)) VirtIOSCSICtrlTMFResp {
    uint8_t response;
} VirtIOSCSICtrlTMFResp;

typedef struct __attribute__((packed)) VirtIOSCSICtrlANReq {
    uint32_t type;
    uint8_t lun[8];
    uint32_t event_requested;
} VirtIOSCSICtrlANReq;

typedef struct __attribute__((packed)) VirtIOSCSICtrlANResp {
    uint32_t event_actual;
    uint8_t response;
} VirtIOSCSICtrlANResp;

typedef struct __attribute__((packed)) VirtIOSCSIEvent {
    uint32_t event;
    uint8_t lun[8];
    uint32_t reason;
} VirtIOSCSIEvent;

typedef struct __attribute__((packed)) VirtIOSCSIConfig {
    uint32_t num_queues;
    uint32_t seg_max;
    uint32_t max_sectors;
    uint32_t cmd_per_lun;
    uint32_t event_info_size;
    uint32_t sense_size;
    uint32_t cdb_size;
    uint16_t max_channel;
    uint16_t max_target;
    uint32_t max_lun;
} VirtIOSCSIConfig;

typedef struct VirtIOSCSIConf {
    uint32_t num_queues;
    uint32_t virtqueue_size;
    bool seg_max_adjust;
    uint32_t max_sectors;
    uint32_t cmd_per_lun;
    char *iothread;
} VirtIOSCSIConf;

struct VirtIOSCSI {
    VirtIODevice parent_obj;
    VirtIOSCSIConf conf;
    SCSIBus bus;
    VirtQueue *ctrl_vq;
    VirtQueue *event_vq;
    VirtQueue **cmd_vqs;
    uint32_t sense_size;       /* guest-writable config */
    uint32_t cdb_size;         /* guest-writable config */
    uint32_t host_features_bits;  /* "hotplug" and "param_change" properties */
    bool events_dropped;       /* an event found no buffer: report EVENTS_MISSED */
    int resetting;             /* a TMF reset runs: cancellations answer RESET */
    bool in_device_reset;      /* virtio reset: cancelled buffers are dropped */
};

#endif
