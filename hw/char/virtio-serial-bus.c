/*
 * virtio-serial: the virtio console device ("virtio-serial-device"), its
 * multiport control protocol, the data path between a port's virtqueues and
 * the port, the "virtio-serial-bus" the ports plug into, and its migration
 * state.  What a port does with its data (a chardev) is virtio-console.c.
 */
#include "qemu/osdep.h"
#include "hw/virtio/virtio-serial.h"
#include "hw/qdev-properties.h"
#include "qemu/bswap.h"
#include "qemu/timer.h"
#include "migration/vmstate.h"

/* Queue index layout: port 0 rx/tx, control rx/tx, then rx/tx per further port. */
#define VSER_Q_CTRL_IN 2
#define VSER_Q_CTRL_OUT 3
#define VSER_CTRL_QUEUE_SIZE 32
/* Host events waiting for control buffers; past this the oldest are dropped. */
#define VSER_MAX_PENDING_CTRL 1024

/* ---- port numbers ---- */

static bool port_nr_taken(VirtIOSerial *vser, uint32_t nr)
{
    return vser->ports_map[nr / 32] & (1u << (nr % 32));
}

static void mark_port_nr(VirtIOSerial *vser, uint32_t nr, bool taken)
{
    if (taken) {
        vser->ports_map[nr / 32] |= 1u << (nr % 32);
    } else {
        vser->ports_map[nr / 32] &= ~(1u << (nr % 32));
    }
}

static uint32_t find_free_port_nr(VirtIOSerial *vser)
{
    for (uint32_t nr = 0; nr < vser->max_nr_ports; nr++) {
        if (!port_nr_taken(vser, nr)) {
            return nr;
        }
    }
    return VIRTIO_CONSOLE_BAD_ID;
}

static uint32_t ports_map_words(uint32_t max_nr_ports)
{
    return (max_nr_ports + 31) / 32;
}

VirtIOSerialPort *virtio_serial_find_port(VirtIOSerial *vser, uint32_t id)
{
    for (GList *l = vser->ports; l; l = l->next) {
        VirtIOSerialPort *port = l->data;
        if (port->id == id) {
            return port;
        }
    }
    return NULL;
}

static VirtIOSerialPort *find_port_by_vq(VirtIOSerial *vser, VirtQueue *vq)
{
    for (GList *l = vser->ports; l; l = l->next) {
        VirtIOSerialPort *port = l->data;
        if (port->ivq == vq || port->ovq == vq) {
            return port;
        }
    }
    return NULL;
}

typedef struct NameSearch {
    const char *name;
    VirtIOSerialPort *skip;
    VirtIOSerialPort *found;
} NameSearch;

static int port_name_matches(DeviceState *dev, void *opaque)
{
    NameSearch *s = opaque;
    VirtIOSerialPort *port;

    if (!object_dynamic_cast(OBJECT(dev), TYPE_VIRTIO_SERIAL_PORT)) {
        return 0;
    }
    port = VIRTIO_SERIAL_PORT(dev);
    if (port != s->skip && dev->realized && port->name && !strcmp(port->name, s->name)) {
        s->found = port;
        return 1;
    }
    return 0;
}

/* Port names are unique across every virtio-serial device of the machine. */
static VirtIOSerialPort *find_port_by_name(const char *name, VirtIOSerialPort *skip)
{
    NameSearch s = { .name = name, .skip = skip };

    qbus_walk_children(sysbus_get_default(), port_name_matches, NULL, &s);
    return s.found;
}

static bool use_multiport(VirtIOSerial *vser)
{
    return virtio_vdev_has_feature(VIRTIO_DEVICE(vser), VIRTIO_CONSOLE_F_MULTIPORT);
}

/* ---- control messages to the guest ---- */

/* Hand queued control messages to the guest while it has buffers for them. */
static void flush_control_messages(VirtIOSerial *vser)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(vser);
    bool pushed = false;

    while (!g_queue_is_empty(&vser->pending_ctrl) && virtio_queue_ready(vser->c_ivq)) {
        VirtQueueElement *elem = virtqueue_pop(vser->c_ivq, sizeof(VirtQueueElement));
        GByteArray *msg;
        size_t len;

        if (!elem) {
            break;
        }
        msg = g_queue_pop_head(&vser->pending_ctrl);
        len = iov_from_buf(elem->in_sg, elem->in_num, 0, msg->data, msg->len);
        if (len < msg->len) {
            error_report("virtio-serial-bus: control buffer of %zu bytes too small for a "
                         "%u-byte message; truncated", len, msg->len);
        }
        virtqueue_push(vser->c_ivq, elem, len);
        g_free(elem);
        g_byte_array_unref(msg);
        pushed = true;
    }
    if (pushed) {
        virtio_notify(vdev, vser->c_ivq);
    }
}

static void send_control_msg(VirtIOSerial *vser, const void *buf, size_t len)
{
    GByteArray *msg = g_byte_array_sized_new(len);

    g_byte_array_append(msg, buf, len);
    if (g_queue_get_length(&vser->pending_ctrl) >= VSER_MAX_PENDING_CTRL) {
        /* The guest takes no control messages at all: bound what we keep. */
        g_byte_array_unref(g_queue_pop_head(&vser->pending_ctrl));
    }
    g_queue_push_tail(&vser->pending_ctrl, msg);
    flush_control_messages(vser);
}

static void send_control_event(VirtIOSerial *vser, uint32_t port_id, uint16_t event,
                               uint16_t value)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(vser);
    struct virtio_console_control cpkt;

    if (!use_multiport(vser)) {
        return;
    }
    virtio_stl_p(vdev, &cpkt.id, port_id);
    virtio_stw_p(vdev, &cpkt.event, event);
    virtio_stw_p(vdev, &cpkt.value, value);
    send_control_msg(vser, &cpkt, sizeof(cpkt));
}

static void send_port_name(VirtIOSerial *vser, VirtIOSerialPort *port)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(vser);
    struct virtio_console_control cpkt;
    size_t name_len = strlen(port->name);
    g_autofree uint8_t *buf = g_malloc(sizeof(cpkt) + name_len + 1);

    virtio_stl_p(vdev, &cpkt.id, port->id);
    virtio_stw_p(vdev, &cpkt.event, VIRTIO_CONSOLE_PORT_NAME);
    virtio_stw_p(vdev, &cpkt.value, 1);
    memcpy(buf, &cpkt, sizeof(cpkt));
    memcpy(buf + sizeof(cpkt), port->name, name_len + 1);
    send_control_msg(vser, buf, sizeof(cpkt) + name_len + 1);
}

/* ---- control messages from the guest ---- */

static void handle_control_message(VirtIOSerial *vser, const uint8_t *buf, size_t len)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(vser);
    const struct virtio_console_control *gcpkt = (const void *)buf;
    VirtIOSerialPortClass *vsc;
    VirtIOSerialPort *port;
    uint32_t id;
    uint16_t event, value;

    if (len < sizeof(*gcpkt)) {
        error_report("virtio-serial-bus: control message of %zu bytes from the guest is too "
                     "short", len);
        return;
    }
    id = virtio_ldl_p(vdev, &gcpkt->id);
    event = virtio_lduw_p(vdev, &gcpkt->event);
    value = virtio_lduw_p(vdev, &gcpkt->value);

    if (event == VIRTIO_CONSOLE_DEVICE_READY) {
        if (!value) {
            error_report("virtio-serial-bus: Guest failure in adding device %s",
                         vser->bus.qbus.name);
            return;
        }
        /* The driver is up: announce every port we have. */
        for (GList *l = vser->ports; l; l = l->next) {
            send_control_event(vser, ((VirtIOSerialPort *)l->data)->id,
                               VIRTIO_CONSOLE_DEVICE_ADD, 1);
        }
        return;
    }

    port = virtio_serial_find_port(vser, id);
    if (!port) {
        error_report("virtio-serial-bus: Unexpected port id %u for device %s", id,
                     vser->bus.qbus.name);
        return;
    }
    vsc = VIRTIO_SERIAL_PORT_GET_CLASS(port);

    switch (event) {
    case VIRTIO_CONSOLE_PORT_READY:
        if (!value) {
            error_report("virtio-serial-bus: Guest failure in adding port %u for device %s",
                         port->id, vser->bus.qbus.name);
            break;
        }
        /* The guest has set the port up: tell it what kind of port it is. */
        if (vsc->is_console) {
            send_control_event(vser, port->id, VIRTIO_CONSOLE_CONSOLE_PORT, 1);
        }
        if (port->name) {
            send_port_name(vser, port);
        }
        if (port->host_connected) {
            send_control_event(vser, port->id, VIRTIO_CONSOLE_PORT_OPEN, 1);
        }
        if (vsc->guest_ready) {
            vsc->guest_ready(port);
        }
        break;
    case VIRTIO_CONSOLE_PORT_OPEN:
        port->guest_connected = value != 0;
        if (vsc->set_guest_connected) {
            vsc->set_guest_connected(port, port->guest_connected);
        }
        break;
    default:
        /* Other events only go from device to driver; ignore them. */
        break;
    }
}

static void control_out(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOSerial *vser = VIRTIO_SERIAL(vdev);
    VirtQueueElement *elem;
    bool pushed = false;

    while ((elem = virtqueue_pop(vq, sizeof(VirtQueueElement)))) {
        size_t len = iov_size(elem->out_sg, elem->out_num);
        /* A control message is small; a huge one is a guest error, not an allocation. */
        size_t copy = MIN(len, sizeof(struct virtio_console_control) + 256);
        g_autofree uint8_t *buf = g_malloc(copy ? copy : 1);

        iov_to_buf(elem->out_sg, elem->out_num, 0, buf, copy);
        handle_control_message(vser, buf, copy);
        virtqueue_push(vq, elem, 0);
        g_free(elem);
        pushed = true;
    }
    if (pushed) {
        virtio_notify(vdev, vq);
    }
}

/* The guest added buffers for control messages. */
static void control_in(VirtIODevice *vdev, VirtQueue *vq)
{
    flush_control_messages(VIRTIO_SERIAL(vdev));
}

/* ---- data: guest to host ---- */

/* Give the guest back every pending transmit buffer unread (no one to read it). */
static void discard_vq_data(VirtQueue *vq, VirtIODevice *vdev)
{
    VirtQueueElement *elem;
    bool pushed = false;

    if (!virtio_queue_ready(vq)) {
        return;
    }
    while ((elem = virtqueue_pop(vq, sizeof(VirtQueueElement)))) {
        virtqueue_push(vq, elem, 0);
        g_free(elem);
        pushed = true;
    }
    if (pushed) {
        virtio_notify(vdev, vq);
    }
}

/* Drop the element the port was part-way through; push it back when push. */
static void discard_throttle_data(VirtIOSerialPort *port, bool push)
{
    if (port->elem) {
        if (push) {
            virtqueue_push(port->ovq, port->elem, 0);
            virtio_notify(VIRTIO_DEVICE(port->vser), port->ovq);
        } else {
            virtqueue_detach_element(port->ovq, port->elem, 0);
        }
        g_free(port->elem);
        port->elem = NULL;
    }
    port->resume_elem = false;
}

/*
 * Pop the next transmit element.  After migration the first one is the
 * element the source had partly written: resume where it stopped.
 */
static VirtQueueElement *pop_tx_elem(VirtIOSerialPort *port)
{
    VirtQueueElement *elem = virtqueue_pop(port->ovq, sizeof(VirtQueueElement));

    port->iov_idx = 0;
    port->iov_offset = 0;
    if (elem && port->resume_elem) {
        port->resume_elem = false;
        if (elem->index == port->resume_head && port->resume_iov_idx < elem->out_num &&
            port->resume_iov_offset < elem->out_sg[port->resume_iov_idx].iov_len) {
            port->iov_idx = port->resume_iov_idx;
            port->iov_offset = port->resume_iov_offset;
        } else {
            error_report("virtio-serial-bus: port %u: migrated transmit position does not "
                         "match the guest's buffer; sending it whole", port->id);
        }
    }
    return elem;
}

static void flush_queued_data(VirtIOSerialPort *port)
{
    VirtIOSerialPortClass *vsc = VIRTIO_SERIAL_PORT_GET_CLASS(port);
    VirtIODevice *vdev = VIRTIO_DEVICE(port->vser);
    bool pushed = false;

    if (!port->host_connected || !port->ovq || !virtio_queue_ready(port->ovq)) {
        return;
    }
    while (!port->throttled) {
        if (!port->elem) {
            port->elem = pop_tx_elem(port);
            if (!port->elem) {
                break;
            }
        }
        for (uint32_t i = port->iov_idx; i < port->elem->out_num; i++) {
            const struct iovec *iov = &port->elem->out_sg[i];
            size_t left = iov->iov_len - port->iov_offset;
            ssize_t ret;

            port->iov_idx = i;
            if (!left) {
                port->iov_offset = 0;
                continue;
            }
            ret = vsc->have_data(port, (const uint8_t *)iov->iov_base + port->iov_offset,
                                 left);
            if (!port->elem) {
                /* The port closed under us and dropped the element. */
                return;
            }
            if (port->throttled) {
                if (ret > 0) {
                    port->iov_offset += ret;
                }
                break;
            }
            port->iov_offset = 0;
        }
        if (port->throttled) {
            break;
        }
        virtqueue_push(port->ovq, port->elem, 0);
        g_free(port->elem);
        port->elem = NULL;
        pushed = true;
    }
    if (pushed) {
        virtio_notify(vdev, port->ovq);
    }
}

void virtio_serial_throttle_port(VirtIOSerialPort *port, bool throttle)
{
    port->throttled = throttle;
    if (!throttle) {
        flush_queued_data(port);
    }
}

static void handle_output(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOSerialPort *port = find_port_by_vq(VIRTIO_SERIAL(vdev), vq);

    if (!port) {
        /* No port at this number: leave the buffers until one is plugged. */
        return;
    }
    if (!port->host_connected) {
        discard_vq_data(vq, vdev);
        return;
    }
    flush_queued_data(port);
}

/* ---- data: host to guest ---- */

static void handle_input(VirtIODevice *vdev, VirtQueue *vq)
{
    VirtIOSerialPort *port = find_port_by_vq(VIRTIO_SERIAL(vdev), vq);
    VirtIOSerialPortClass *vsc;

    if (!port) {
        return;
    }
    vsc = VIRTIO_SERIAL_PORT_GET_CLASS(port);
    if (vsc->guest_writable) {
        vsc->guest_writable(port);
    }
}

size_t virtio_serial_guest_ready(VirtIOSerialPort *port)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(port->vser);
    unsigned int bytes = 0;

    if (!port->ivq || !virtio_queue_ready(port->ivq) ||
        !(vdev->status & VIRTIO_CONFIG_S_DRIVER_OK) || virtio_queue_empty(port->ivq)) {
        return 0;
    }
    if (use_multiport(port->vser) && !port->guest_connected) {
        return 0;
    }
    /* Out bytes are not wanted: no limit on them, whichever way the core counts. */
    virtqueue_get_avail_bytes(port->ivq, &bytes, NULL, 4096, UINT_MAX);
    return bytes;
}

size_t virtio_serial_write(VirtIOSerialPort *port, const uint8_t *buf, size_t size)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(port->vser);
    size_t offset = 0;

    if (!port->host_connected || !port->guest_connected || !port->ivq ||
        !virtio_queue_ready(port->ivq)) {
        return 0;
    }
    while (offset < size) {
        VirtQueueElement *elem = virtqueue_pop(port->ivq, sizeof(VirtQueueElement));
        size_t len;

        if (!elem) {
            break;
        }
        len = iov_from_buf(elem->in_sg, elem->in_num, 0, buf + offset, size - offset);
        offset += len;
        virtqueue_push(port->ivq, elem, len);
        g_free(elem);
    }
    if (offset) {
        virtio_notify(vdev, port->ivq);
    }
    return offset;
}

/* ---- host-side open/close ---- */

void virtio_serial_open(VirtIOSerialPort *port)
{
    if (port->host_connected) {
        return;
    }
    port->host_connected = true;
    send_control_event(port->vser, port->id, VIRTIO_CONSOLE_PORT_OPEN, 1);
    /* Data the guest queued while nobody listened was discarded; start fresh. */
}

void virtio_serial_close(VirtIOSerialPort *port)
{
    port->host_connected = false;
    /* Nobody will read what the guest sent: give its buffers back. */
    port->throttled = false;
    discard_throttle_data(port, true);
    if (port->ovq) {
        discard_vq_data(port->ovq, VIRTIO_DEVICE(port->vser));
    }
    send_control_event(port->vser, port->id, VIRTIO_CONSOLE_PORT_OPEN, 0);
}

/* ---- the device ---- */

static void vser_post_load_free(VirtIOSerial *vser);

static uint64_t vser_get_features(VirtIODevice *vdev, uint64_t features, Error **errp)
{
    VirtIOSerial *vser = VIRTIO_SERIAL(vdev);

    features |= vser->host_features;
    if (vser->max_nr_ports > 1) {
        virtio_add_feature(&features, VIRTIO_CONSOLE_F_MULTIPORT);
    }
    return features;
}

static void vser_get_config(VirtIODevice *vdev, uint8_t *config_data)
{
    VirtIOSerial *vser = VIRTIO_SERIAL(vdev);
    struct virtio_console_config config;

    virtio_stw_p(vdev, &config.cols, vser->cols);
    virtio_stw_p(vdev, &config.rows, vser->rows);
    virtio_stl_p(vdev, &config.max_nr_ports, vser->max_nr_ports);
    config.emerg_wr = 0;       /* write-only */
    memcpy(config_data, &config, vdev->config_len);
}

static VirtIOSerialPort *find_first_connected_console(VirtIOSerial *vser)
{
    for (GList *l = vser->ports; l; l = l->next) {
        VirtIOSerialPort *port = l->data;
        if (VIRTIO_SERIAL_PORT_GET_CLASS(port)->is_console && port->host_connected) {
            return port;
        }
    }
    return NULL;
}

/* A write to emerg_wr puts its low byte out on the first open console at once. */
static void vser_set_config(VirtIODevice *vdev, const uint8_t *config_data)
{
    VirtIOSerial *vser = VIRTIO_SERIAL(vdev);
    const struct virtio_console_config *config = (const void *)config_data;
    VirtIOSerialPort *port;
    uint8_t byte;

    if (!virtio_has_feature(vser->host_features, VIRTIO_CONSOLE_F_EMERG_WRITE) ||
        vdev->config_len < sizeof(*config)) {
        return;
    }
    byte = virtio_ldl_p(vdev, &config->emerg_wr) & 0xff;
    if (!config->emerg_wr) {
        return;
    }
    /* Clear it so a later short config write is not taken for another one. */
    memset(vdev->config + offsetof(struct virtio_console_config, emerg_wr), 0, 4);
    port = find_first_connected_console(vser);
    if (port) {
        VIRTIO_SERIAL_PORT_GET_CLASS(port)->have_data(port, &byte, 1);
    }
}

/* The driver went away (reset or status without DRIVER_OK): ports are closed. */
static void guest_reset(VirtIOSerial *vser, bool detach)
{
    for (GList *l = vser->ports; l; l = l->next) {
        VirtIOSerialPort *port = l->data;
        VirtIOSerialPortClass *vsc = VIRTIO_SERIAL_PORT_GET_CLASS(port);

        discard_throttle_data(port, !detach);
        port->throttled = false;
        if (port->guest_connected) {
            port->guest_connected = false;
            if (vsc->set_guest_connected) {
                vsc->set_guest_connected(port, false);
            }
        }
    }
}

static void vser_set_status(VirtIODevice *vdev, uint8_t status)
{
    VirtIOSerial *vser = VIRTIO_SERIAL(vdev);
    VirtIOSerialPort *port = virtio_serial_find_port(vser, 0);

    if (port && !use_multiport(vser) && (status & VIRTIO_CONFIG_S_DRIVER_OK)) {
        /*
         * A driver without MULTIPORT cannot say it opened port 0, its only
         * port: consider it open as soon as the driver is up.
         */
        port->guest_connected = true;
        if (VIRTIO_SERIAL_PORT_GET_CLASS(port)->set_guest_connected) {
            VIRTIO_SERIAL_PORT_GET_CLASS(port)->set_guest_connected(port, true);
        }
    }
    if (!(status & VIRTIO_CONFIG_S_DRIVER_OK)) {
        guest_reset(vser, true);
    }
}

static void vser_reset(VirtIODevice *vdev)
{
    VirtIOSerial *vser = VIRTIO_SERIAL(vdev);
    GByteArray *msg;

    guest_reset(vser, true);
    while ((msg = g_queue_pop_head(&vser->pending_ctrl))) {
        g_byte_array_unref(msg);
    }
}

static void vser_realize(DeviceState *dev, Error **errp)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtIOSerial *vser = VIRTIO_SERIAL(dev);
    size_t config_size;

    if (!vser->max_nr_ports) {
        error_setg(errp, "Maximum number of serial ports not specified");
        return;
    }
    if (vser->max_nr_ports > VIRTIO_SERIAL_MAX_PORTS) {
        error_setg(errp, "maximum ports supported: %u", VIRTIO_SERIAL_MAX_PORTS);
        return;
    }
    /* emerg_wr exists only when the feature is offered. */
    config_size = virtio_has_feature(vser->host_features, VIRTIO_CONSOLE_F_EMERG_WRITE)
                  ? sizeof(struct virtio_console_config)
                  : offsetof(struct virtio_console_config, emerg_wr);
    virtio_init(vdev, VIRTIO_ID_CONSOLE, config_size);

    vser->ivqs = g_new0(VirtQueue *, vser->max_nr_ports);
    vser->ovqs = g_new0(VirtQueue *, vser->max_nr_ports);
    vser->ivqs[0] = virtio_add_queue(vdev, VIRTIO_SERIAL_QUEUE_SIZE, handle_input);
    vser->ovqs[0] = virtio_add_queue(vdev, VIRTIO_SERIAL_QUEUE_SIZE, handle_output);
    vser->c_ivq = virtio_add_queue(vdev, VSER_CTRL_QUEUE_SIZE, control_in);
    vser->c_ovq = virtio_add_queue(vdev, VSER_CTRL_QUEUE_SIZE, control_out);
    for (uint32_t i = 1; i < vser->max_nr_ports; i++) {
        vser->ivqs[i] = virtio_add_queue(vdev, VIRTIO_SERIAL_QUEUE_SIZE, handle_input);
        vser->ovqs[i] = virtio_add_queue(vdev, VIRTIO_SERIAL_QUEUE_SIZE, handle_output);
    }

    vser->ports_map = g_new0(uint32_t, ports_map_words(vser->max_nr_ports));
    /*
     * Number 0 is kept for a console: old drivers without MULTIPORT only
     * know port 0 and expect a console there.  Automatic numbers for
     * virtserialport start at 1.
     */
    mark_port_nr(vser, 0, true);
    g_queue_init(&vser->pending_ctrl);

    qbus_init(&vser->bus, sizeof(vser->bus), TYPE_VIRTIO_SERIAL_BUS, dev, vser->bus_name);
    vser->bus.vser = vser;
    /* Ports may be hot-plugged and unplugged (device_add/device_del). */
    vser->bus.qbus.hotplug_handler = OBJECT(vser);
}

static void vser_unrealize(DeviceState *dev)
{
    VirtIODevice *vdev = VIRTIO_DEVICE(dev);
    VirtIOSerial *vser = VIRTIO_SERIAL(dev);
    GByteArray *msg;

    while ((msg = g_queue_pop_head(&vser->pending_ctrl))) {
        g_byte_array_unref(msg);
    }
    for (uint32_t i = 0; i < 2 * (vser->max_nr_ports + 1); i++) {
        virtio_del_queue(vdev, i);
    }
    g_free(vser->ivqs);
    g_free(vser->ovqs);
    g_free(vser->ports_map);
    vser->ivqs = vser->ovqs = NULL;
    vser->ports_map = NULL;
    vser_post_load_free(vser);
    virtio_cleanup(vdev);
}

/* ---- migration ---- */

/*
 * The device's own state, inside the "virtio-console" section after the
 * common virtio state:
 *
 *   be16 cols, be16 rows, be32 max_nr_ports
 *   be32 ports_map[ceil(max_nr_ports / 32)]
 *   be32 nr_active_ports, then per port:
 *     be32 id, u8 guest_connected, u8 host_connected, be32 elem_state
 *     if elem_state != 0: be32 iov_idx, be64 iov_offset, be32 head index
 *
 * Seed 004: QEMU once wrote cols/rows/max_nr_ports as they sat in the
 * guest-order config space, so a stream's max_nr_ports -- which sizes the
 * ports_map that follows -- depended on the target's byte order, and the
 * device's byte order (device_endian) only arrives in a virtio subsection
 * *after* this data.  Here the values are kept in host order in the device
 * and always sent big-endian, so loading them needs no byte order at all;
 * a stream with the value byte-swapped (an old cross-endian source) shows a
 * huge max_nr_ports and is refused with an error rather than misread.
 * Everything that does depend on the device's byte order -- rewinding the
 * ring for a half-sent element, control messages built with virtio_st*_p --
 * waits for the device's post_load (and for the VM to run), when
 * device_endian has been loaded.
 *
 * elem_state: 0 none; 1 the port was part-way through the element with
 * that head index.  The virtio core saves each queue's avail index minus
 * the elements in use, so the destination pops that element again from the
 * guest's ring; the port then skips what the source already wrote.  Unlike
 * QEMU, the element itself is not in the stream.
 */
#define VSER_ELEM_NONE 0
#define VSER_ELEM_RESUME 1

typedef struct VirtIOSerialPortLoad {
    VirtIOSerialPort *port;
    bool guest_connected;
    bool host_connected;       /* on the source */
    uint32_t elem_state;
    uint32_t iov_idx;
    uint64_t iov_offset;
    uint32_t head;
} VirtIOSerialPortLoad;

struct VirtIOSerialPostLoad {
    QEMUTimer *timer;
    uint32_t nr_ports;
    VirtIOSerialPortLoad *ports;
};

static void vser_post_load_free(VirtIOSerial *vser)
{
    if (!vser->post_load) {
        return;
    }
    if (vser->post_load->timer) {
        timer_free(vser->post_load->timer);
    }
    g_free(vser->post_load->ports);
    g_free(vser->post_load);
    vser->post_load = NULL;
}

static int vser_state_put(QEMUFile *f, void *pv, size_t size, const VMStateField *field,
                          Error **errp)
{
    VirtIOSerial *vser = pv;

    qemu_put_be16(f, vser->cols);
    qemu_put_be16(f, vser->rows);
    qemu_put_be32(f, vser->max_nr_ports);
    for (uint32_t i = 0; i < ports_map_words(vser->max_nr_ports); i++) {
        qemu_put_be32(f, vser->ports_map[i]);
    }
    qemu_put_be32(f, g_list_length(vser->ports));
    for (GList *l = vser->ports; l; l = l->next) {
        VirtIOSerialPort *port = l->data;

        qemu_put_be32(f, port->id);
        qemu_put_byte(f, port->guest_connected);
        qemu_put_byte(f, port->host_connected);
        if (port->elem) {
            qemu_put_be32(f, VSER_ELEM_RESUME);
            qemu_put_be32(f, port->iov_idx);
            qemu_put_be64(f, port->iov_offset);
            qemu_put_be32(f, port->elem->index);
        } else if (port->resume_elem) {
            /* Loaded but not popped again yet: pass the position on. */
            qemu_put_be32(f, VSER_ELEM_RESUME);
            qemu_put_be32(f, port->resume_iov_idx);
            qemu_put_be64(f, port->resume_iov_offset);
            qemu_put_be32(f, port->resume_head);
        } else {
            qemu_put_be32(f, VSER_ELEM_NONE);
        }
    }
    return 0;
}

/* Read and check everything before touching the device: a bad stream changes nothing. */
static int vser_state_get(QEMUFile *f, void *pv, size_t size, const VMStateField *field,
                          Error **errp)
{
    VirtIOSerial *vser = pv;
    uint16_t cols, rows;
    uint32_t max_nr_ports, nr_active;
    g_autofree VirtIOSerialPortLoad *ports = NULL;
    int ret;

    cols = qemu_get_be16(f);
    rows = qemu_get_be16(f);
    max_nr_ports = qemu_get_be32(f);
    if (max_nr_ports == 0 || max_nr_ports > vser->max_nr_ports) {
        error_setg(errp, "virtio-serial: the source has max_nr_ports %u, this device "
                   "accepts 1 to %u (max_ports must not be smaller on the destination)",
                   max_nr_ports, vser->max_nr_ports);
        return -EINVAL;
    }
    for (uint32_t i = 0; i < ports_map_words(vser->max_nr_ports); i++) {
        uint32_t map = i < ports_map_words(max_nr_ports) ? qemu_get_be32(f) : 0;

        if (map != vser->ports_map[i]) {
            error_setg(errp, "virtio-serial: ports in use differ: source has 0x%08x, "
                       "destination 0x%08x for ports %u-%u", map, vser->ports_map[i],
                       i * 32, i * 32 + 31);
            return -EINVAL;
        }
    }
    nr_active = qemu_get_be32(f);
    if (nr_active > max_nr_ports) {
        error_setg(errp, "virtio-serial: %u active ports in the stream, more than its "
                   "max_nr_ports %u", nr_active, max_nr_ports);
        return -EINVAL;
    }
    ports = g_new0(VirtIOSerialPortLoad, nr_active);
    for (uint32_t i = 0; i < nr_active; i++) {
        uint32_t id = qemu_get_be32(f);
        VirtIOSerialPortLoad *pl = &ports[i];

        pl->port = virtio_serial_find_port(vser, id);
        if (!pl->port) {
            error_setg(errp, "virtio-serial: the source has a port %u, the destination "
                       "does not", id);
            return -EINVAL;
        }
        for (uint32_t j = 0; j < i; j++) {
            if (ports[j].port == pl->port) {
                error_setg(errp, "virtio-serial: port %u appears twice in the stream", id);
                return -EINVAL;
            }
        }
        pl->guest_connected = qemu_get_byte(f) != 0;
        pl->host_connected = qemu_get_byte(f) != 0;
        pl->elem_state = qemu_get_be32(f);
        if (pl->elem_state > VSER_ELEM_RESUME) {
            error_setg(errp, "virtio-serial: port %u: bad element state %u", id,
                       pl->elem_state);
            return -EINVAL;
        }
        if (pl->elem_state != VSER_ELEM_NONE) {
            pl->iov_idx = qemu_get_be32(f);
            pl->iov_offset = qemu_get_be64(f);
            pl->head = qemu_get_be32(f);
        }
    }
    ret = qemu_file_get_error(f);
    if (ret < 0 || qemu_file_hit_eof(f)) {
        ret = ret < 0 ? ret : -EINVAL;
        error_setg(errp, "virtio-serial: stream ended inside the device state");
        return ret;
    }

    vser->cols = cols;
    vser->rows = rows;
    for (uint32_t i = 0; i < nr_active; i++) {
        VirtIOSerialPort *port = ports[i].port;

        port->guest_connected = ports[i].guest_connected;
        discard_throttle_data(port, false);
        port->throttled = false;
        port->resume_elem = ports[i].elem_state != VSER_ELEM_NONE;
        port->resume_head = ports[i].head;
        port->resume_iov_idx = ports[i].iov_idx;
        port->resume_iov_offset = ports[i].iov_offset;
    }
    vser_post_load_free(vser);
    vser->post_load = g_new0(VirtIOSerialPostLoad, 1);
    vser->post_load->nr_ports = nr_active;
    vser->post_load->ports = g_steal_pointer(&ports);
    return 0;
}

static const VMStateInfo vser_state_info = {
    .name = "virtio-serial-ports",
    .get = vser_state_get,
    .put = vser_state_put,
};

/*
 * Runs once the VM runs again (not during the load itself, so that the
 * interrupt controller's state, loaded after us, does not swallow what we
 * raise): tell the guest about host-side connection changes since the
 * source, tell the ports the guest's state, and resume half-sent data.
 */
static void vser_post_load_run(void *opaque)
{
    VirtIOSerial *vser = opaque;
    VirtIOSerialPostLoad *pl = vser->post_load;

    if (!pl) {
        return;
    }
    for (uint32_t i = 0; i < pl->nr_ports; i++) {
        VirtIOSerialPort *port = pl->ports[i].port;
        VirtIOSerialPortClass *vsc = VIRTIO_SERIAL_PORT_GET_CLASS(port);

        if (port->host_connected != pl->ports[i].host_connected) {
            send_control_event(vser, port->id, VIRTIO_CONSOLE_PORT_OPEN, port->host_connected);
        }
        if (vsc->set_guest_connected) {
            vsc->set_guest_connected(port, port->guest_connected);
        }
    }
    for (uint32_t i = 0; i < pl->nr_ports; i++) {
        VirtIOSerialPort *port = pl->ports[i].port;

        if (port->host_connected) {
            flush_queued_data(port);
        } else if (port->ovq) {
            port->resume_elem = false;
            discard_vq_data(port->ovq, VIRTIO_DEVICE(vser));
        }
    }
    vser_post_load_free(vser);
}

/*
 * VirtioDeviceClass.post_load: the core calls it once the whole section is
 * in and the rings are checked (device_endian known).  The guest-visible
 * work waits for the VM to run.
 */
static int vser_post_load(VirtIODevice *vdev)
{
    VirtIOSerial *vser = VIRTIO_SERIAL(vdev);
    VirtIOSerialPostLoad *pl = vser->post_load;

    if (!pl) {
        return 0;
    }
    if (!pl->timer) {
        pl->timer = timer_new_ns(QEMU_CLOCK_VIRTUAL, vser_post_load_run, vser);
    }
    timer_mod(pl->timer, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + 1);
    return 0;
}

static const VMStateField vser_state_fields[] = {
    {
        .name = "ports",
        .info = &vser_state_info,
        .flags = VMS_SINGLE,
        .offset = 0,
        .size = sizeof(VirtIOSerial),
    },
    VMSTATE_END_OF_LIST()
};

/* The device-specific part, saved by the virtio core (VirtioDeviceClass.vmsd). */
static const VMStateDescription vmstate_virtio_serial_state = {
    .name = "virtio-console-device",
    .version_id = 3,
    .minimum_version_id = 3,
    .fields = vser_state_fields,
};

static const VMStateField vser_fields[] = {
    VMSTATE_VIRTIO_DEVICE,
    VMSTATE_END_OF_LIST()
};

/* QEMU names the virtio-serial section "virtio-console", version 3. */
static const VMStateDescription vmstate_virtio_console = {
    .name = "virtio-console",
    .version_id = 3,
    .minimum_version_id = 3,
    .fields = vser_fields,
};

/* ---- ports on the bus ---- */

static VirtIOSerial *port_vser(DeviceState *dev)
{
    return VIRTIO_SERIAL_BUS(dev->parent_bus)->vser;
}

static void vser_port_realize(DeviceState *dev, Error **errp)
{
    VirtIOSerialPort *port = VIRTIO_SERIAL_PORT(dev);
    VirtIOSerialPortClass *vsc = VIRTIO_SERIAL_PORT_GET_CLASS(port);
    VirtIOSerial *vser = port_vser(dev);
    VirtIODevice *vdev = VIRTIO_DEVICE(vser);
    Error *err = NULL;
    bool plugging_port0;

    port->vser = vser;
    /* The first console goes to number 0, where drivers without MULTIPORT look. */
    plugging_port0 = vsc->is_console && !virtio_serial_find_port(vser, 0);

    if (port->id != VIRTIO_CONSOLE_BAD_ID && virtio_serial_find_port(vser, port->id)) {
        error_setg(errp, "virtio-serial-bus: A port already exists at id %u", port->id);
        return;
    }
    if (port->name && find_port_by_name(port->name, port)) {
        error_setg(errp, "virtio-serial-bus: A port already exists by name %s", port->name);
        return;
    }
    if (port->id == VIRTIO_CONSOLE_BAD_ID) {
        port->id = plugging_port0 ? 0 : find_free_port_nr(vser);
        if (port->id == VIRTIO_CONSOLE_BAD_ID) {
            error_setg(errp, "virtio-serial-bus: Maximum port limit for this device reached");
            return;
        }
    }
    if (port->id >= vser->max_nr_ports) {
        error_setg(errp, "virtio-serial-bus: Out-of-range port id specified, "
                   "max. allowed: %u", vser->max_nr_ports - 1);
        return;
    }
    if (vsc->realize) {
        vsc->realize(dev, &err);
        if (err) {
            error_propagate(errp, err);
            return;
        }
    }
    port->ivq = vser->ivqs[port->id];
    port->ovq = vser->ovqs[port->id];
    vser->ports = g_list_append(vser->ports, port);
    mark_port_nr(vser, port->id, true);
    /* Hot-plugged while a multiport driver runs: announce it. */
    send_control_event(vser, port->id, VIRTIO_CONSOLE_DEVICE_ADD, 1);
    if (vdev->status & VIRTIO_CONFIG_S_DRIVER_OK) {
        virtio_notify_config(vdev);
    }
}

static void vser_port_unrealize(DeviceState *dev)
{
    VirtIOSerialPort *port = VIRTIO_SERIAL_PORT(dev);
    VirtIOSerialPortClass *vsc = VIRTIO_SERIAL_PORT_GET_CLASS(port);
    VirtIOSerial *vser = port->vser;

    /* Number 0 stays reserved for a console even after one is unplugged. */
    if (port->id) {
        mark_port_nr(vser, port->id, false);
    }
    discard_throttle_data(port, true);
    if (port->ovq) {
        discard_vq_data(port->ovq, VIRTIO_DEVICE(vser));
    }
    send_control_event(vser, port->id, VIRTIO_CONSOLE_DEVICE_REMOVE, 1);
    vser->ports = g_list_remove(vser->ports, port);
    if (vser->post_load) {
        for (uint32_t i = 0; i < vser->post_load->nr_ports; i++) {
            if (vser->post_load->ports[i].port == port) {
                /* Its post-load work would touch a freed port: drop it all. */
                vser_post_load_free(vser);
                break;
            }
        }
    }
    if (vsc->unrealize) {
        vsc->unrealize(dev);
    }
    port->ivq = port->ovq = NULL;
}

static void vser_bus_print_dev(GString *out, DeviceState *dev, int indent)
{
    VirtIOSerialPort *port = VIRTIO_SERIAL_PORT(dev);

    g_string_append_printf(out, "%*sport %u, guest %s, host %s, throttle %s\n", indent, "",
                           port->id, port->guest_connected ? "on" : "off",
                           port->host_connected ? "on" : "off",
                           port->throttled ? "on" : "off");
}

/* The virtio device's own path plus the port number: unique per port. */
static char *vser_bus_get_dev_path(DeviceState *dev)
{
    g_autofree char *parent = qdev_get_dev_path(DEVICE(port_vser(dev)));
    uint32_t id = VIRTIO_SERIAL_PORT(dev)->id;

    return parent ? g_strdup_printf("%s/%u", parent, id) : g_strdup_printf("%u", id);
}

static char *vser_bus_get_fw_dev_path(DeviceState *dev)
{
    return g_strdup_printf("%s@%x", qdev_fw_name(dev), VIRTIO_SERIAL_PORT(dev)->id);
}

static void vser_bus_class_init(ObjectClass *oc, void *data)
{
    BusClass *bc = BUS_CLASS(oc);

    bc->print_dev = vser_bus_print_dev;
    bc->get_dev_path = vser_bus_get_dev_path;
    bc->get_fw_dev_path = vser_bus_get_fw_dev_path;
}

static Property vser_port_props[] = {
    DEFINE_PROP_UINT32("nr", VirtIOSerialPort, id, VIRTIO_CONSOLE_BAD_ID),
    DEFINE_PROP_STRING("name", VirtIOSerialPort, name),
    DEFINE_PROP_END_OF_LIST(),
};

static void vser_port_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->bus_type = TYPE_VIRTIO_SERIAL_BUS;
    dc->realize = vser_port_realize;
    dc->unrealize = vser_port_unrealize;
    dc->hotpluggable = true;
    device_class_set_category(dc, DEVICE_CATEGORY_INPUT);
    device_class_set_props(dc, vser_port_props);
}

static Property vser_props[] = {
    DEFINE_PROP_UINT32("max_ports", VirtIOSerial, max_nr_ports, 31),
    DEFINE_PROP_BIT64("emergency-write", VirtIOSerial, host_features,
                      VIRTIO_CONSOLE_F_EMERG_WRITE, true),
    DEFINE_PROP_END_OF_LIST(),
};

static void vser_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(oc);

    dc->user_creatable = true;
    dc->vmsd = &vmstate_virtio_console;
    device_class_set_category(dc, DEVICE_CATEGORY_INPUT);
    device_class_set_props(dc, vser_props);
    vdc->realize = vser_realize;
    vdc->unrealize = vser_unrealize;
    vdc->get_features = vser_get_features;
    vdc->get_config = vser_get_config;
    vdc->set_config = vser_set_config;
    vdc->set_status = vser_set_status;
    vdc->reset = vser_reset;
    vdc->vmsd = &vmstate_virtio_serial_state;
    vdc->post_load = vser_post_load;
}

static const TypeInfo virtio_serial_types[] = {
    {
        .name = TYPE_VIRTIO_SERIAL_BUS,
        .parent = TYPE_BUS,
        .instance_size = sizeof(VirtIOSerialBus),
        .class_init = vser_bus_class_init,
    },
    {
        .name = TYPE_VIRTIO_SERIAL_PORT,
        .parent = TYPE_DEVICE,
        .instance_size = sizeof(VirtIOSerialPort),
        .class_size = sizeof(VirtIOSerialPortClass),
        .abstract = true,
        .class_init = vser_port_class_init,
    },
    {
        .name = TYPE_VIRTIO_SERIAL,
        .parent = TYPE_VIRTIO_DEVICE,
        .instance_size = sizeof(VirtIOSerial),
        .class_init = vser_class_init,
    },
};
DEFINE_TYPES(virtio_serial_types)
