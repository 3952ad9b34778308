/*
 * virtio-serial (the virtio console device, virtio 1.2 section 5.3): the
 * "virtio-serial-device", the "virtio-serial-bus" it creates, and the port
 * devices that plug into that bus ("virtconsole", "virtserialport").  The
 * chardev side of the ports lives in hw/char/virtio-console.c; the PCI proxy
 * ("virtio-serial-pci") is made by the virtio-pci code from this type.
 */
#ifndef HW_VIRTIO_SERIAL_H
#define HW_VIRTIO_SERIAL_H

#include "hw/virtio/virtio.h"

#define TYPE_VIRTIO_SERIAL "virtio-serial-device"
#define TYPE_VIRTIO_SERIAL_BUS "virtio-serial-bus"
#define TYPE_VIRTIO_SERIAL_PORT "virtio-serial-port"
#define TYPE_VIRTIO_CONSOLE_SERIAL_PORT "virtserialport"
#define TYPE_VIRTIO_CONSOLE "virtconsole"

/* Feature bits (virtio 1.2, 5.3.3). */
#define VIRTIO_CONSOLE_F_SIZE 0
#define VIRTIO_CONSOLE_F_MULTIPORT 1
#define VIRTIO_CONSOLE_F_EMERG_WRITE 2

/* Control message events (virtio 1.2, 5.3.6.2). */
#define VIRTIO_CONSOLE_DEVICE_READY 0
#define VIRTIO_CONSOLE_DEVICE_ADD 1
#define VIRTIO_CONSOLE_DEVICE_REMOVE 2
#define VIRTIO_CONSOLE_PORT_READY 3
#define VIRTIO_CONSOLE_CONSOLE_PORT 4
#define VIRTIO_CONSOLE_RESIZE 5
#define VIRTIO_CONSOLE_PORT_OPEN 6
#define VIRTIO_CONSOLE_PORT_NAME 7

/* "nr" left unset: the bus picks a number. */
#define VIRTIO_CONSOLE_BAD_ID (~(uint32_t)0)
/* Two queues per port plus the control pair must fit in VIRTIO_QUEUE_MAX. */
#define VIRTIO_SERIAL_MAX_PORTS (VIRTIO_QUEUE_MAX / 2 - 1)
/* Size of each of the device's virtqueues. */
#define VIRTIO_SERIAL_QUEUE_SIZE 128

/* The guest-visible config space, in the device's byte order. */
struct virtio_console_config {
    uint16_t cols;
    uint16_t rows;
    uint32_t max_nr_ports;
    uint32_t emerg_wr;
} __attribute__((packed));

/* One control message (followed by the name for PORT_NAME), device byte order. */
struct virtio_console_control {
    uint32_t id;
    uint16_t event;
    uint16_t value;
} __attribute__((packed));

OBJECT_DECLARE_SIMPLE_TYPE(VirtIOSerial, VIRTIO_SERIAL)
OBJECT_DECLARE_SIMPLE_TYPE(VirtIOSerialBus, VIRTIO_SERIAL_BUS)
OBJECT_DECLARE_TYPE(VirtIOSerialPort, VirtIOSerialPortClass, VIRTIO_SERIAL_PORT)

struct VirtIOSerialBus {
    BusState qbus;
    VirtIOSerial *vser;
};

/*
 * What a kind of port does with the data and events the bus hands it.  All
 * hooks are optional except have_data.
 */
struct VirtIOSerialPortClass {
    DeviceClass parent_class;

    /* A console: announced with CONSOLE_PORT, prefers number 0. */
    bool is_console;
    DeviceRealize *realize;
    DeviceUnrealize *unrealize;
    /* The guest opened (1) or closed (0) the port. */
    void (*set_guest_connected)(VirtIOSerialPort *port, int guest_connected);
    /* The guest finished setting the port up (PORT_READY). */
    void (*guest_ready)(VirtIOSerialPort *port);
    /* The guest added receive buffers: host data may flow again. */
    void (*guest_writable)(VirtIOSerialPort *port);
    /*
     * Guest data for the host.  Returns the bytes consumed; a port that
     * consumes less than len must throttle itself (virtio_serial_throttle_port)
     * and unthrottle when it can take more, or the rest is dropped.
     */
    ssize_t (*have_data)(VirtIOSerialPort *port, const uint8_t *buf, ssize_t len);
};

struct VirtIOSerialPort {
    DeviceState dev;

    VirtIOSerial *vser;
    VirtQueue *ivq;                /* device -> guest */
    VirtQueue *ovq;                /* guest -> device */
    char *name;                    /* property "name", sent in PORT_NAME */
    uint32_t id;                   /* property "nr" */

    /* A guest->host element only partly handed to have_data (back-pressure). */
    VirtQueueElement *elem;
    uint32_t iov_idx;
    uint64_t iov_offset;
    /*
     * After migration: the element the source had partly written is popped
     * again (same head index) and resumes at resume_iov_idx/resume_iov_offset.
     */
    bool resume_elem;
    uint32_t resume_head;
    uint32_t resume_iov_idx;
    uint64_t resume_iov_offset;

    bool guest_connected;
    bool host_connected;
    bool throttled;
};

/* State the migration load keeps until the VM runs again (post-load work). */
typedef struct VirtIOSerialPostLoad VirtIOSerialPostLoad;

struct VirtIOSerial {
    VirtIODevice parent_obj;

    VirtQueue *c_ivq;              /* control, device -> guest */
    VirtQueue *c_ovq;              /* control, guest -> device */
    VirtQueue **ivqs;              /* per port number */
    VirtQueue **ovqs;
    VirtIOSerialBus bus;
    /* Name for the bus; NULL: "<id>.0" from the device id (the PCI proxy sets it). */
    char *bus_name;

    GList *ports;                  /* of VirtIOSerialPort *, in plug order */
    uint32_t *ports_map;           /* bit n: port number n is taken */
    uint32_t max_nr_ports;         /* property "max_ports" */
    uint64_t host_features;        /* property "emergency-write" lives here */
    uint16_t cols, rows;           /* console size, host order */

    /* Control messages waiting for the guest to add buffers to c_ivq. */
    GQueue pending_ctrl;           /* of GByteArray * */

    VirtIOSerialPostLoad *post_load;
};

/* --- for port implementations (virtio-console.c) --- */

/* The host side connected: tell the guest (PORT_OPEN 1).  No-op when already open. */
void virtio_serial_open(VirtIOSerialPort *port);
/* The host side went away: drop unsent guest data, tell the guest (PORT_OPEN 0). */
void virtio_serial_close(VirtIOSerialPort *port);
/* Copy host data into the guest's receive buffers; returns the bytes taken. */
size_t virtio_serial_write(VirtIOSerialPort *port, const uint8_t *buf, size_t size);
/* How many bytes the guest can take now (0 if not open or no buffers). */
size_t virtio_serial_guest_ready(VirtIOSerialPort *port);
/* Stop (true) or resume (false) handing guest data to the port. */
void virtio_serial_throttle_port(VirtIOSerialPort *port, bool throttle);

/* The port numbered id on vser, or NULL. */
VirtIOSerialPort *virtio_serial_find_port(VirtIOSerial *vser, uint32_t id);

#endif
