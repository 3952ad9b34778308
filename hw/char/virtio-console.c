/*
 * The virtio-serial port devices that connect a port to a chardev:
 * "virtserialport" (a named channel, opened and closed with its chardev,
 * no data lost under back-pressure) and "virtconsole" (an hvc console).
 * The protocol and the virtqueues are hw/char/virtio-serial-bus.c.
 */
#include "qemu/osdep.h"
#include "hw/virtio/virtio-serial.h"
#include "hw/qdev-properties.h"
#include "chardev/char.h"
#include "monitor/qmp.h"

typedef struct VirtConsole {
    VirtIOSerialPort parent_obj;

    CharBackend chr;               /* property "chardev" */
    guint watch;                   /* waiting for the chardev to take more */
} VirtConsole;

#define VIRTIO_CONSOLE(obj) OBJECT_CHECK(VirtConsole, obj, TYPE_VIRTIO_CONSOLE_SERIAL_PORT)

static gboolean chr_write_unblocked(void *do_not_use, GIOCondition cond, void *opaque)
{
    VirtConsole *vcon = opaque;

    vcon->watch = 0;
    virtio_serial_throttle_port(VIRTIO_SERIAL_PORT(vcon), false);
    return FALSE;
}

/* Guest data for the chardev. */
static ssize_t flush_buf(VirtIOSerialPort *port, const uint8_t *buf, ssize_t len)
{
    VirtConsole *vcon = VIRTIO_CONSOLE(port);
    VirtIOSerialPortClass *k = VIRTIO_SERIAL_PORT_GET_CLASS(port);
    int ret;

    if (!qemu_chr_fe_get_driver(&vcon->chr)) {
        /* No chardev: the data goes nowhere, which is what the user asked for. */
        return len;
    }
    ret = qemu_chr_fe_write(&vcon->chr, buf, len);
    if (ret >= len) {
        return ret;
    }
    if (ret < 0) {
        if (errno != EAGAIN) {
            /* No peer (EIO) or a broken backend: nothing will ever take it. */
            return len;
        }
        ret = 0;
    }
    if (k->is_console) {
        /*
         * As in QEMU, a console does not throttle: the Linux hvc driver
         * writes with spinlocks held, so holding its buffer would stall the
         * whole guest kernel rather than one writer, and queueing here
         * would let the guest grow our memory without bound.  What the
         * chardev does not take now is dropped.
         */
        return len;
    }
    /* A serial port must not lose data: hold the element until the chardev drains. */
    if (!vcon->watch) {
        vcon->watch = qemu_chr_fe_add_watch(&vcon->chr, G_IO_OUT | G_IO_HUP,
                                            chr_write_unblocked, vcon);
    }
    if (!vcon->watch) {
        error_report("virtserialport: chardev '%s' cannot signal when it can take more "
                     "data; dropping %zd bytes",
                     qemu_chr_get_label(qemu_chr_fe_get_driver(&vcon->chr)), len - ret);
        return len;
    }
    virtio_serial_throttle_port(port, true);
    return ret;
}

static void set_guest_connected(VirtIOSerialPort *port, int guest_connected)
{
    DeviceState *dev = DEVICE(port);

    if (dev->id) {
        JsonObject *data = json_object_new();

        json_object_set_string_member(data, "id", dev->id);
        json_object_set_boolean_member(data, "open", guest_connected);
        qmp_event_send("VSERPORT_CHANGE", data);
    }
    /* The guest opened the port or added buffers: the chardev may send again. */
    if (guest_connected) {
        qemu_chr_fe_accept_input(&VIRTIO_CONSOLE(port)->chr);
    }
}

static void guest_writable(VirtIOSerialPort *port)
{
    qemu_chr_fe_accept_input(&VIRTIO_CONSOLE(port)->chr);
}

static int chr_can_read(void *opaque)
{
    VirtConsole *vcon = opaque;

    return MIN(virtio_serial_guest_ready(VIRTIO_SERIAL_PORT(vcon)), (size_t)INT_MAX);
}

static void chr_read(void *opaque, const uint8_t *buf, int size)
{
    VirtConsole *vcon = opaque;

    /* can_read said how much fits; more than that has nowhere to go. */
    virtio_serial_write(VIRTIO_SERIAL_PORT(vcon), buf, size);
}

static void chr_event(void *opaque, QEMUChrEvent event)
{
    VirtConsole *vcon = opaque;
    VirtIOSerialPort *port = VIRTIO_SERIAL_PORT(vcon);

    switch (event) {
    case CHR_EVENT_OPENED:
        virtio_serial_open(port);
        break;
    case CHR_EVENT_CLOSED:
        if (vcon->watch) {
            g_source_remove(vcon->watch);
            vcon->watch = 0;
        }
        virtio_serial_close(port);
        break;
    default:
        break;
    }
}

static void virtconsole_realize(DeviceState *dev, Error **errp)
{
    VirtIOSerialPort *port = VIRTIO_SERIAL_PORT(dev);
    VirtConsole *vcon = VIRTIO_CONSOLE(dev);
    VirtIOSerialPortClass *k = VIRTIO_SERIAL_PORT_GET_CLASS(dev);

    if (port->id == 0 && !k->is_console) {
        error_setg(errp, "Port number 0 on virtio-serial devices reserved for virtconsole "
                   "devices for backward compatibility.");
        return;
    }
    if (!qemu_chr_fe_get_driver(&vcon->chr)) {
        return;
    }
    if (k->is_console) {
        /*
         * A console takes guest output whether or not anyone is at the
         * other end of the chardev (stdio, a pty nobody opened): it is
         * open from the start.
         */
        qemu_chr_fe_set_handlers(&vcon->chr, chr_can_read, chr_read, NULL, vcon, NULL, true);
        virtio_serial_open(port);
    } else {
        /* A serial port follows its chardev's connection (OPENED/CLOSED). */
        qemu_chr_fe_set_handlers(&vcon->chr, chr_can_read, chr_read, chr_event, vcon, NULL,
                                 false);
    }
}

static void virtconsole_unrealize(DeviceState *dev)
{
    VirtConsole *vcon = VIRTIO_CONSOLE(dev);

    if (vcon->watch) {
        g_source_remove(vcon->watch);
        vcon->watch = 0;
    }
    qemu_chr_fe_deinit(&vcon->chr, false);
}

static Property virtserialport_props[] = {
    DEFINE_PROP_CHR("chardev", VirtConsole, chr),
    DEFINE_PROP_END_OF_LIST(),
};

static void virtserialport_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    VirtIOSerialPortClass *k = VIRTIO_SERIAL_PORT_CLASS(oc);

    dc->user_creatable = true;
    device_class_set_props(dc, virtserialport_props);
    k->realize = virtconsole_realize;
    k->unrealize = virtconsole_unrealize;
    k->have_data = flush_buf;
    k->set_guest_connected = set_guest_connected;
    k->guest_ready = guest_writable;
    k->guest_writable = guest_writable;
}

static void virtconsole_class_init(ObjectClass *oc, void *data)
{
    VirtIOSerialPortClass *k = VIRTIO_SERIAL_PORT_CLASS(oc);

    k->is_console = true;
}

static const TypeInfo virtio_console_types[] = {
    {
        .name = TYPE_VIRTIO_CONSOLE_SERIAL_PORT,
        .parent = TYPE_VIRTIO_SERIAL_PORT,
        .instance_size = sizeof(VirtConsole),
        .class_init = virtserialport_class_init,
    },
    {
        .name = TYPE_VIRTIO_CONSOLE,
        .parent = TYPE_VIRTIO_CONSOLE_SERIAL_PORT,
        .class_init = virtconsole_class_init,
    },
};
DEFINE_TYPES(virtio_console_types)
