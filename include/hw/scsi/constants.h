/*
 * SCSI numbers from the T10 standards (SAM-5 status codes, SPC-4 and SBC-3
 * operation codes, sense keys, VPD and mode page codes) shared by the SCSI
 * bus, the disk and the HBAs.  Only the values; no behaviour lives here.
 */
#ifndef HW_SCSI_CONSTANTS_H
#define HW_SCSI_CONSTANTS_H

/* Status codes (SAM-5 5.3). */
#define GOOD 0x00
#define CHECK_CONDITION 0x02
#define CONDITION_GOOD 0x04
#define BUSY 0x08
#define RESERVATION_CONFLICT 0x18
#define TASK_SET_FULL 0x28
#define ACA_ACTIVE 0x30
#define TASK_ABORTED 0x40

/* Operation codes (SPC-4 / SBC-3). */
#define TEST_UNIT_READY 0x00
#define REQUEST_SENSE 0x03
#define READ_6 0x08
#define WRITE_6 0x0a
#define INQUIRY 0x12
#define MODE_SELECT 0x15
#define MODE_SENSE 0x1a
#define START_STOP 0x1b
#define ALLOW_MEDIUM_REMOVAL 0x1e
#define READ_CAPACITY_10 0x25
#define READ_10 0x28
#define WRITE_10 0x2a
#define WRITE_VERIFY_10 0x2e
#define VERIFY_10 0x2f
#define SYNCHRONIZE_CACHE 0x35
#define WRITE_SAME_10 0x41
#define UNMAP 0x42
#define MODE_SELECT_10 0x55
#define MODE_SENSE_10 0x5a
#define READ_16 0x88
#define WRITE_16 0x8a
#define WRITE_VERIFY_16 0x8e
#define VERIFY_16 0x8f
#define SYNCHRONIZE_CACHE_16 0x91
#define WRITE_SAME_16 0x93
#define SERVICE_ACTION_IN_16 0x9e
#define REPORT_LUNS 0xa0
#define MAINTENANCE_IN 0xa3
#define READ_12 0xa8
#define WRITE_12 0xaa
#define WRITE_VERIFY_12 0xae
#define VERIFY_12 0xaf

/* SERVICE ACTION IN(16) service actions. */
#define SAI_READ_CAPACITY_16 0x10

/* Sense keys (SPC-4 4.5.6). */
#define NO_SENSE 0x00
#define RECOVERED_ERROR 0x01
#define NOT_READY 0x02
#define MEDIUM_ERROR 0x03
#define HARDWARE_ERROR 0x04
#define ILLEGAL_REQUEST 0x05
#define UNIT_ATTENTION 0x06
#define DATA_PROTECT 0x07
#define BLANK_CHECK 0x08
#define COPY_ABORTED 0x0a
#define ABORTED_COMMAND 0x0b
#define VOLUME_OVERFLOW 0x0d
#define MISCOMPARE 0x0e

/* Peripheral device types (SPC-4 6.4.2). */
#define TYPE_DISK 0x00
#define TYPE_NOT_PRESENT 0x1f
/* Peripheral qualifier 3: the target cannot support a device at this LUN. */
#define TYPE_INACTIVE 0x20
#define TYPE_NO_LUN 0x7f

/* Vital product data pages (SPC-4 7.8, SBC-3 6.5). */
#define VPD_SUPPORTED_PAGES 0x00
#define VPD_UNIT_SERIAL 0x80
#define VPD_DEVICE_ID 0x83
#define VPD_BLOCK_LIMITS 0xb0
#define VPD_BLOCK_CHARACTERISTICS 0xb1
#define VPD_LB_PROVISIONING 0xb2

/* Mode pages (SPC-4 7.5, SBC-3 6.4). */
#define MODE_PAGE_CACHING 0x08
#define MODE_PAGE_CONTROL 0x0a
#define MODE_PAGE_ALL 0x3f

/* INQUIRY version field: SPC-3. */
#define SCSI_VERSION_SPC3 0x05

#endif
