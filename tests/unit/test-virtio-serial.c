/*
 * Unit tests for virtio-serial on the virt board: the test is the guest
 * driver (rings in guest RAM, virtio-mmio registers), and checks the
 * multiport control protocol, data both ways through real chardevs,
 * back-pressure, port numbering errors, hot unplug and migration of the
 * device state (including the seed 004 byte-order cases).
 */
#include "qemu/osdep.h"
#include <check.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <fcntl.h>
#include "hw/boards.h"
#include "hw/arm/virt.h"
#include "hw/sysbus.h"
#include "hw/qdev-properties.h"
#include "hw/virtio/virtio-serial.h"
#include "chardev/char.h"
#include "migration/vmstate.h"
#include "system/runstate.h"
#include "qemu/option.h"
#include "qemu/bswap.h"
#include "qemu/timer.h"

/* virtio-mmio registers (virtio 1.2, 4.2.2). */
#define R_DEVICE_FEATURES 0x010
#define R_DEVICE_FEATURES_SEL 0x014
#define R_DRIVER_FEATURES 0x020
#define R_DRIVER_FEATURES_SEL 0x024
#define R_QUEUE_SEL 0x030
#define R_QUEUE_NUM_MAX 0x034
#define R_QUEUE_NUM 0x038
#define R_QUEUE_READY 0x044
#define R_QUEUE_NOTIFY 0x050
#define R_STATUS 0x070
#define R_QUEUE_DESC_LOW 0x080
#define R_QUEUE_DESC_HIGH 0x084
#define R_QUEUE_DRIVER_LOW 0x090
#define R_QUEUE_DRIVER_HIGH 0x094
#define R_QUEUE_DEVICE_LOW 0x0a0
#define R_QUEUE_DEVICE_HIGH 0x0a4
#define R_CONFIG 0x100

#define RING_BASE 0x41000000ULL
#define BUF_BASE 0x42000000ULL
#define BUF_SIZE 0x10000
#define BUF_AREA 0x400000
#define QNUM 32

/* ---- the guest driver ---- */

typedef struct TVq {
    int idx;
    uint16_t num;
    hwaddr desc, avail, used;
    uint16_t avail_idx;
    uint16_t last_used;
} TVq;

static hwaddr mmio_base;
static TVq vqs[16];
static int nr_vqs;

static uint32_t rd(hwaddr off)
{
    return address_space_ldl_le(&address_space_memory, mmio_base + off, MEMTXATTRS_UNSPECIFIED,
                                NULL);
}

static void wr(hwaddr off, uint32_t val)
{
    address_space_stl_le(&address_space_memory, mmio_base + off, val, MEMTXATTRS_UNSPECIFIED,
                         NULL);
}

static void gwrite(hwaddr addr, const void *buf, size_t len)
{
    address_space_write(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED, buf, len);
}

static void gread(hwaddr addr, void *buf, size_t len)
{
    address_space_read(&address_space_memory, addr, MEMTXATTRS_UNSPECIFIED, buf, len);
}

static void gw16(hwaddr addr, uint16_t v)
{
    uint8_t b[2];
    stw_le_p(b, v);
    gwrite(addr, b, 2);
}

static uint16_t gr16(hwaddr addr)
{
    uint8_t b[2];
    gread(addr, b, 2);
    return lduw_le_p(b);
}

static uint32_t gr32(hwaddr addr)
{
    uint8_t b[4];
    gread(addr, b, 4);
    return ldl_le_p(b);
}

static hwaddr buf_addr(TVq *q, uint16_t slot)
{
    return BUF_BASE + (hwaddr)q->idx * BUF_AREA + (hwaddr)slot * BUF_SIZE;
}

static void vq_setup(int idx)
{
    TVq *q = &vqs[idx];
    hwaddr base = RING_BASE + (hwaddr)idx * 0x4000;

    memset(q, 0, sizeof(*q));
    q->idx = idx;
    wr(R_QUEUE_SEL, idx);
    ck_assert_uint_ge(rd(R_QUEUE_NUM_MAX), QNUM);
    q->num = QNUM;
    q->desc = base;
    q->avail = base + 0x1000;
    q->used = base + 0x2000;
    wr(R_QUEUE_NUM, q->num);
    wr(R_QUEUE_DESC_LOW, q->desc);
    wr(R_QUEUE_DESC_HIGH, q->desc >> 32);
    wr(R_QUEUE_DRIVER_LOW, q->avail);
    wr(R_QUEUE_DRIVER_HIGH, q->avail >> 32);
    wr(R_QUEUE_DEVICE_LOW, q->used);
    wr(R_QUEUE_DEVICE_HIGH, q->used >> 32);
    wr(R_QUEUE_READY, 1);
}

/* Post one buffer (readable with data, or writable of len bytes); returns its slot. */
static uint16_t vq_add(int idx, const void *data, uint32_t len, bool writable)
{
    TVq *q = &vqs[idx];
    uint16_t slot = q->avail_idx % q->num;
    hwaddr d = q->desc + 16 * slot;
    uint8_t desc[16];

    ck_assert_uint_le(len, BUF_SIZE);
    if (data) {
        gwrite(buf_addr(q, slot), data, len);
    }
    stq_le_p(desc, buf_addr(q, slot));
    stl_le_p(desc + 8, len);
    stw_le_p(desc + 12, writable ? VRING_DESC_F_WRITE : 0);
    stw_le_p(desc + 14, 0);
    gwrite(d, desc, 16);
    gw16(q->avail + 4 + 2 * (q->avail_idx % q->num), slot);
    q->avail_idx++;
    gw16(q->avail + 2, q->avail_idx);
    return slot;
}

static void kick(int idx)
{
    wr(R_QUEUE_NOTIFY, idx);
}

/* Take the next used buffer: its slot and length; false if none. */
static bool vq_used(int idx, uint16_t *slot, uint32_t *len)
{
    TVq *q = &vqs[idx];
    hwaddr e;

    if (gr16(q->used + 2) == q->last_used) {
        return false;
    }
    e = q->used + 4 + 8 * (q->last_used % q->num);
    *slot = gr32(e);
    *len = gr32(e + 4);
    q->last_used++;
    return true;
}

static void run_main_loop(int n)
{
    for (int i = 0; i < n; i++) {
        g_main_context_iteration(NULL, FALSE);
    }
}

/* Bring the driver up with the given device features accepted, all queues ready. */
static void driver_start(uint64_t accept, int nr_ports)
{
    uint64_t offered;

    wr(R_STATUS, 0);
    wr(R_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE);
    wr(R_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
    wr(R_DEVICE_FEATURES_SEL, 0);
    offered = rd(R_DEVICE_FEATURES);
    wr(R_DEVICE_FEATURES_SEL, 1);
    offered |= (uint64_t)rd(R_DEVICE_FEATURES) << 32;
    accept &= offered;
    accept |= 1ULL << VIRTIO_F_VERSION_1;
    wr(R_DRIVER_FEATURES_SEL, 0);
    wr(R_DRIVER_FEATURES, accept);
    wr(R_DRIVER_FEATURES_SEL, 1);
    wr(R_DRIVER_FEATURES, accept >> 32);
    wr(R_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
       VIRTIO_CONFIG_S_FEATURES_OK);
    ck_assert(rd(R_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK);
    nr_vqs = 2 * (nr_ports + 1);
    for (int i = 0; i < nr_vqs; i++) {
        vq_setup(i);
    }
    wr(R_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
       VIRTIO_CONFIG_S_FEATURES_OK | VIRTIO_CONFIG_S_DRIVER_OK);
}

/* ---- control messages ---- */

#define Q_CIN 2
#define Q_COUT 3

typedef struct Msg {
    uint32_t id;
    uint16_t event, value;
    char name[64];
} Msg;

static void post_ctrl_buffers(int n)
{
    for (int i = 0; i < n; i++) {
        vq_add(Q_CIN, NULL, 64, true);
    }
    kick(Q_CIN);
}

static void send_ctrl(uint32_t id, uint16_t event, uint16_t value)
{
    uint8_t m[8];

    stl_le_p(m, id);
    stw_le_p(m + 4, event);
    stw_le_p(m + 6, value);
    vq_add(Q_COUT, m, 8, false);
    kick(Q_COUT);
}

/* Collect the control messages the device sent; returns how many. */
static int recv_ctrl(Msg *msgs, int max)
{
    uint16_t slot;
    uint32_t len;
    int n = 0;

    while (n < max && vq_used(Q_CIN, &slot, &len)) {
        uint8_t b[64] = { 0 };

        ck_assert_uint_ge(len, 8);
        gread(buf_addr(&vqs[Q_CIN], slot), b, MIN(len, 64));
        msgs[n].id = ldl_le_p(b);
        msgs[n].event = lduw_le_p(b + 4);
        msgs[n].value = lduw_le_p(b + 6);
        memset(msgs[n].name, 0, sizeof(msgs[n].name));
        if (len > 8) {
            memcpy(msgs[n].name, b + 8, MIN(len - 8, 63));
        }
        n++;
    }
    return n;
}

static bool has_msg(const Msg *m, int n, uint32_t id, uint16_t event, uint16_t value)
{
    for (int i = 0; i < n; i++) {
        if (m[i].id == id && m[i].event == event && m[i].value == value) {
            return true;
        }
    }
    return false;
}

/* ---- machine and devices ---- */

static VirtIOSerial *vser_of(VirtIOSerialPort *port)
{
    return port->vser;
}

static void start_virt(void)
{
    MachineClass *mc = machine_find_class("virt");
    MachineState *ms;

    ck_assert(qdev_global_parse("virtio-mmio.force-legacy=false", &error_fatal));
    ms = machine_create(mc, &error_fatal);
    ck_assert(machine_run_board_init(ms, &error_fatal));
}

static DeviceState *try_add(const char *str, Error **errp)
{
    QemuOpts *opts = qemu_opts_parse(str, "driver", &error_fatal);
    DeviceState *dev = qdev_device_add(opts, false, errp);
    qemu_opts_del(opts);
    return dev;
}

static DeviceState *add(const char *str)
{
    return try_add(str, &error_fatal);
}

static void add_error(const char *str, const char *expect)
{
    Error *err = NULL;

    ck_assert_ptr_null(try_add(str, &err));
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(error_get_pretty(err), expect), "'%s': got '%s', want '%s'", str,
                  error_get_pretty(err), expect);
    error_free(err);
}

static Chardev *new_chardev(const char *spec)
{
    QemuOpts *opts = qemu_opts_parse(spec, "backend", &error_fatal);
    Chardev *chr = qemu_chr_new_from_opts(opts, &error_fatal);
    qemu_opts_del(opts);
    return chr;
}

static VirtIOSerial *add_vser(const char *opts)
{
    g_autofree char *spec = g_strdup_printf("virtio-serial-device,id=vs0%s%s",
                                            opts ? "," : "", opts ? opts : "");
    DeviceState *dev = add(spec);
    SysBusDevice *proxy = SYS_BUS_DEVICE(dev->parent_bus->parent);

    mmio_base = proxy->mmio[0].addr;
    return VIRTIO_SERIAL(dev);
}

/* A unix socket server chardev and a connected client fd (non-blocking). */
static char sock_path[108];

static Chardev *new_socket_chardev(const char *id)
{
    g_autofree char *spec = NULL;

    snprintf(sock_path, sizeof(sock_path), "/tmp/test-vser-%d-%s.sock", getpid(), id);
    unlink(sock_path);
    spec = g_strdup_printf("socket,id=%s,path=%s,server=on,wait=off", id, sock_path);
    return new_chardev(spec);
}

static int connect_client(void)
{
    struct sockaddr_un sa = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    int sz = 4096;

    ck_assert_int_ge(fd, 0);
    /* A small receive buffer so back-pressure comes quickly. */
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &sz, sizeof(sz));
    strcpy(sa.sun_path, sock_path);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    fcntl(fd, F_SETFL, O_NONBLOCK);
    run_main_loop(20);
    return fd;
}

/*
 * A machine with vs0 (max_ports=4): virtconsole "con" on ringbuf rb, and
 * virtserialport "sp" named org.test.0 on a socket chardev "sock".
 */
static VirtIOSerial *setup_two_ports(VirtIOSerialPort **con, VirtIOSerialPort **sp)
{
    VirtIOSerial *vser;

    start_virt();
    new_chardev("ringbuf,id=rb");
    new_socket_chardev("sock");
    vser = add_vser("max_ports=4");
    *con = VIRTIO_SERIAL_PORT(add("virtconsole,id=con,chardev=rb,bus=vs0.0"));
    *sp = VIRTIO_SERIAL_PORT(add("virtserialport,id=sp,chardev=sock,name=org.test.0"));
    return vser;
}

/* Multiport handshake for ports 0 and 1; returns the messages seen. */
static int handshake(Msg *m, int max)
{
    driver_start(1ULL << VIRTIO_CONSOLE_F_MULTIPORT | 1ULL << VIRTIO_CONSOLE_F_EMERG_WRITE, 4);
    post_ctrl_buffers(16);
    send_ctrl(0, VIRTIO_CONSOLE_DEVICE_READY, 1);
    send_ctrl(0, VIRTIO_CONSOLE_PORT_READY, 1);
    send_ctrl(1, VIRTIO_CONSOLE_PORT_READY, 1);
    return recv_ctrl(m, max);
}

/* ---- tests: configuration ---- */

START_TEST(test_bus_named_after_device_and_ports_numbered)
{
    VirtIOSerialPort *con, *sp, *sp2, *con2;
    g_autofree char *p1 = NULL, *p2 = NULL;

    setup_two_ports(&con, &sp);
    ck_assert_ptr_nonnull(qbus_find("vs0.0", &error_fatal));
    ck_assert_str_eq(DEVICE(con)->parent_bus->name, "vs0.0");
    /* The first console takes 0; serial ports count from 1. */
    ck_assert_uint_eq(con->id, 0);
    ck_assert_uint_eq(sp->id, 1);
    sp2 = VIRTIO_SERIAL_PORT(add("virtserialport"));
    ck_assert_uint_eq(sp2->id, 2);
    /* A second console does not get 0 again. */
    con2 = VIRTIO_SERIAL_PORT(add("virtconsole"));
    ck_assert_uint_eq(con2->id, 3);
    p1 = qdev_get_dev_path(DEVICE(sp));
    p2 = qdev_get_dev_path(DEVICE(sp2));
    ck_assert_ptr_nonnull(p1);
    ck_assert_str_ne(p1, p2);
    ck_assert(g_str_has_suffix(p1, "/1"));
}
END_TEST

START_TEST(test_serialport_auto_number_skips_reserved_0)
{
    VirtIOSerialPort *sp;

    start_virt();
    add_vser(NULL);
    sp = VIRTIO_SERIAL_PORT(add("virtserialport"));
    ck_assert_uint_eq(sp->id, 1);
    /* A console plugged later still finds 0 free. */
    ck_assert_uint_eq(VIRTIO_SERIAL_PORT(add("virtconsole"))->id, 0);
}
END_TEST

START_TEST(test_port_number_errors)
{
    start_virt();
    add_vser("max_ports=3");
    add_error("virtserialport,nr=3",
              "virtio-serial-bus: Out-of-range port id specified, max. allowed: 2");
    add_error("virtserialport,nr=0", "Port number 0 on virtio-serial devices reserved for "
              "virtconsole devices for backward compatibility.");
    add("virtserialport,nr=2,name=a");
    add_error("virtserialport,nr=2", "virtio-serial-bus: A port already exists at id 2");
    add_error("virtserialport,name=a", "virtio-serial-bus: A port already exists by name a");
    add("virtserialport");         /* takes 1 */
    add_error("virtserialport",
              "virtio-serial-bus: Maximum port limit for this device reached");
    add("virtconsole");            /* 0 is still there for a console */
    add_error("virtconsole", "virtio-serial-bus: Maximum port limit for this device reached");
}
END_TEST

START_TEST(test_max_ports_limits)
{
    Error *err = NULL;

    start_virt();
    ck_assert_ptr_null(try_add("virtio-serial-device,max_ports=0", &err));
    ck_assert_str_eq(error_get_pretty(err), "Maximum number of serial ports not specified");
    error_free(err);
    err = NULL;
    ck_assert_ptr_null(try_add("virtio-serial-device,max_ports=512", &err));
    ck_assert_str_eq(error_get_pretty(err), "maximum ports supported: 511");
    error_free(err);
    ck_assert_ptr_nonnull(try_add("virtio-serial-device,max_ports=511", &error_fatal));
}
END_TEST

START_TEST(test_features_and_config)
{
    uint32_t f;

    start_virt();
    add_vser("max_ports=4");
    ck_assert_uint_eq(rd(0x008), VIRTIO_ID_CONSOLE);
    wr(R_DEVICE_FEATURES_SEL, 0);
    f = rd(R_DEVICE_FEATURES);
    ck_assert(f & (1u << VIRTIO_CONSOLE_F_MULTIPORT));
    ck_assert(f & (1u << VIRTIO_CONSOLE_F_EMERG_WRITE));
    ck_assert(!(f & (1u << VIRTIO_CONSOLE_F_SIZE)));
    /* Config: cols, rows 0; max_nr_ports; modern transport is little-endian. */
    ck_assert_uint_eq(rd(R_CONFIG), 0);
    ck_assert_uint_eq(rd(R_CONFIG + 4), 4);
}
END_TEST

START_TEST(test_emergency_write_off_and_compat)
{
    uint32_t f;

    start_virt();
    add_vser("emergency-write=off");
    wr(R_DEVICE_FEATURES_SEL, 0);
    f = rd(R_DEVICE_FEATURES);
    ck_assert(!(f & (1u << VIRTIO_CONSOLE_F_EMERG_WRITE)));
    ck_assert(f & (1u << VIRTIO_CONSOLE_F_MULTIPORT));
    ck_assert_uint_eq(rd(R_CONFIG + 4), 31);
}
END_TEST

START_TEST(test_single_port_device_offers_no_multiport)
{
    start_virt();
    add_vser("max_ports=1");
    wr(R_DEVICE_FEATURES_SEL, 0);
    ck_assert(!(rd(R_DEVICE_FEATURES) & (1u << VIRTIO_CONSOLE_F_MULTIPORT)));
}
END_TEST

/* ---- tests: control protocol ---- */

START_TEST(test_handshake_messages)
{
    VirtIOSerialPort *con, *sp;
    Msg m[32];
    int n;

    setup_two_ports(&con, &sp);
    n = handshake(m, 32);
    /* DEVICE_READY: one DEVICE_ADD per port. */
    ck_assert(has_msg(m, n, 0, VIRTIO_CONSOLE_DEVICE_ADD, 1));
    ck_assert(has_msg(m, n, 1, VIRTIO_CONSOLE_DEVICE_ADD, 1));
    /* PORT_READY 0: a console, host side open (consoles always are). */
    ck_assert(has_msg(m, n, 0, VIRTIO_CONSOLE_CONSOLE_PORT, 1));
    ck_assert(has_msg(m, n, 0, VIRTIO_CONSOLE_PORT_OPEN, 1));
    /* PORT_READY 1: its name; not open, nobody is connected to the socket. */
    ck_assert(has_msg(m, n, 1, VIRTIO_CONSOLE_PORT_NAME, 1));
    ck_assert(!has_msg(m, n, 1, VIRTIO_CONSOLE_PORT_OPEN, 1));
    ck_assert(!has_msg(m, n, 1, VIRTIO_CONSOLE_CONSOLE_PORT, 1));
    for (int i = 0; i < n; i++) {
        if (m[i].event == VIRTIO_CONSOLE_PORT_NAME) {
            ck_assert_str_eq(m[i].name, "org.test.0");
        }
    }
    ck_assert_int_eq(n, 5);
    ck_assert(!sp->host_connected);
    ck_assert(con->host_connected);
}
END_TEST

START_TEST(test_host_connect_and_disconnect_send_port_open)
{
    VirtIOSerialPort *con, *sp;
    Msg m[32];
    int fd;

    setup_two_ports(&con, &sp);
    handshake(m, 32);
    fd = connect_client();
    ck_assert(sp->host_connected);
    ck_assert_int_eq(recv_ctrl(m, 32), 1);
    ck_assert(has_msg(m, 1, 1, VIRTIO_CONSOLE_PORT_OPEN, 1));
    /*
     * The socket chardev notices the hang-up when it reads, which it does
     * only while the port can take input: the guest opens it and gives a buffer.
     */
    send_ctrl(1, VIRTIO_CONSOLE_PORT_OPEN, 1);
    vq_add(4, NULL, 16, true);
    kick(4);
    close(fd);
    run_main_loop(20);
    ck_assert(!sp->host_connected);
    ck_assert_int_eq(recv_ctrl(m, 32), 1);
    ck_assert(has_msg(m, 1, 1, VIRTIO_CONSOLE_PORT_OPEN, 0));
}
END_TEST

START_TEST(test_control_messages_wait_for_buffers)
{
    VirtIOSerialPort *con, *sp;
    Msg m[32];

    setup_two_ports(&con, &sp);
    driver_start(1ULL << VIRTIO_CONSOLE_F_MULTIPORT, 4);
    send_ctrl(0, VIRTIO_CONSOLE_DEVICE_READY, 1);
    ck_assert_int_eq(recv_ctrl(m, 32), 0);
    /* Buffers come: the queued DEVICE_ADDs arrive, in order. */
    post_ctrl_buffers(1);
    ck_assert_int_eq(recv_ctrl(m, 32), 1);
    ck_assert(has_msg(m, 1, 0, VIRTIO_CONSOLE_DEVICE_ADD, 1));
    post_ctrl_buffers(4);
    ck_assert_int_eq(recv_ctrl(m, 32), 1);
    ck_assert(has_msg(m, 1, 1, VIRTIO_CONSOLE_DEVICE_ADD, 1));
}
END_TEST

START_TEST(test_guest_open_close_tracked)
{
    VirtIOSerialPort *con, *sp;
    Msg m[32];

    setup_two_ports(&con, &sp);
    handshake(m, 32);
    ck_assert(!sp->guest_connected);
    send_ctrl(1, VIRTIO_CONSOLE_PORT_OPEN, 1);
    ck_assert(sp->guest_connected);
    send_ctrl(1, VIRTIO_CONSOLE_PORT_OPEN, 0);
    ck_assert(!sp->guest_connected);
    /* Bad ids and short messages are ignored, the device keeps working. */
    send_ctrl(9, VIRTIO_CONSOLE_PORT_OPEN, 1);
    vq_add(Q_COUT, "abc", 3, false);
    kick(Q_COUT);
    send_ctrl(1, VIRTIO_CONSOLE_PORT_OPEN, 1);
    ck_assert(sp->guest_connected);
    /* A driver reset closes the ports. */
    wr(R_STATUS, 0);
    ck_assert(!sp->guest_connected);
}
END_TEST

START_TEST(test_hot_unplug_sends_device_remove)
{
    VirtIOSerialPort *con, *sp;
    Msg m[32];

    setup_two_ports(&con, &sp);
    handshake(m, 32);
    qdev_destroy(DEVICE(sp));
    ck_assert_int_eq(recv_ctrl(m, 32), 1);
    ck_assert(has_msg(m, 1, 1, VIRTIO_CONSOLE_DEVICE_REMOVE, 1));
    /* Its number is free again; a hot-plugged port is announced. */
    sp = VIRTIO_SERIAL_PORT(add("virtserialport,name=again"));
    ck_assert_uint_eq(sp->id, 1);
    ck_assert_int_eq(recv_ctrl(m, 32), 1);
    ck_assert(has_msg(m, 1, 1, VIRTIO_CONSOLE_DEVICE_ADD, 1));
}
END_TEST

/* ---- tests: data ---- */

START_TEST(test_console_output_reaches_chardev)
{
    VirtIOSerialPort *con, *sp;
    Msg m[32];
    uint16_t slot;
    uint32_t len;
    g_autofree char *out = NULL;

    setup_two_ports(&con, &sp);
    handshake(m, 32);
    send_ctrl(0, VIRTIO_CONSOLE_PORT_OPEN, 1);
    vq_add(1, "hello ", 6, false);
    vq_add(1, "world", 5, false);
    kick(1);
    out = qemu_chr_ringbuf_read("rb", 100, &error_fatal);
    ck_assert_str_eq(out, "hello world");
    ck_assert(vq_used(1, &slot, &len));
    ck_assert(vq_used(1, &slot, &len));
    ck_assert(!vq_used(1, &slot, &len));
}
END_TEST

START_TEST(test_emergency_write_goes_to_console)
{
    VirtIOSerialPort *con, *sp;
    Msg m[32];
    g_autofree char *out = NULL;

    setup_two_ports(&con, &sp);
    handshake(m, 32);
    wr(R_CONFIG + 8, 'X');
    wr(R_CONFIG + 8, '!');
    out = qemu_chr_ringbuf_read("rb", 100, &error_fatal);
    ck_assert_str_eq(out, "X!");
    /* emerg_wr reads as 0. */
    ck_assert_uint_eq(rd(R_CONFIG + 8), 0);
}
END_TEST

START_TEST(test_host_data_reaches_guest_only_when_open)
{
    VirtIOSerialPort *con, *sp;
    Msg m[32];
    uint16_t slot;
    uint32_t len;
    char buf[16] = { 0 };
    int fd;

    setup_two_ports(&con, &sp);
    handshake(m, 32);
    fd = connect_client();
    vq_add(4, NULL, 16, true);
    kick(4);
    ck_assert_int_eq(write(fd, "ping", 4), 4);
    run_main_loop(20);
    /* The guest has not opened the port: the data waits in the chardev. */
    ck_assert(!vq_used(4, &slot, &len));
    send_ctrl(1, VIRTIO_CONSOLE_PORT_OPEN, 1);
    run_main_loop(20);
    ck_assert(vq_used(4, &slot, &len));
    ck_assert_uint_eq(len, 4);
    gread(buf_addr(&vqs[4], slot), buf, len);
    ck_assert_str_eq(buf, "ping");
    /* No buffer: nothing is taken (and nothing lost) until the guest adds one. */
    ck_assert_int_eq(write(fd, "pong", 4), 4);
    run_main_loop(20);
    vq_add(4, NULL, 16, true);
    kick(4);
    run_main_loop(20);
    ck_assert(vq_used(4, &slot, &len));
    memset(buf, 0, sizeof(buf));
    gread(buf_addr(&vqs[4], slot), buf, len);
    ck_assert_str_eq(buf, "pong");
    close(fd);
}
END_TEST

START_TEST(test_guest_data_to_closed_port_is_returned)
{
    VirtIOSerialPort *con, *sp;
    Msg m[32];
    uint16_t slot;
    uint32_t len;

    setup_two_ports(&con, &sp);
    handshake(m, 32);
    send_ctrl(1, VIRTIO_CONSOLE_PORT_OPEN, 1);
    vq_add(5, "lost", 4, false);
    kick(5);
    /* Nobody on the host side: the buffer goes back, not stuck. */
    ck_assert(vq_used(5, &slot, &len));
}
END_TEST

#define BP_BUFS 24

static void fill_pattern(uint8_t *buf, size_t len, size_t start)
{
    for (size_t i = 0; i < len; i++) {
        buf[i] = (uint8_t)((start + i) * 7 + ((start + i) >> 8));
    }
}

/* Read what the client can get; returns total so far. */
static size_t drain_client(int fd, uint8_t *dst, size_t have, size_t cap)
{
    for (;;) {
        ssize_t r;

        run_main_loop(2);
        r = read(fd, dst + have, cap - have);
        if (r <= 0) {
            return have;
        }
        have += r;
    }
}

static int start_backpressure(VirtIOSerialPort *sp, uint8_t **expect, size_t *total)
{
    Msg m[32];
    uint8_t *data;
    int fd;

    handshake(m, 32);
    fd = connect_client();
    send_ctrl(1, VIRTIO_CONSOLE_PORT_OPEN, 1);
    *total = BP_BUFS * BUF_SIZE;
    data = g_malloc(*total);
    fill_pattern(data, *total, 0);
    for (int i = 0; i < BP_BUFS; i++) {
        vq_add(5, data + i * BUF_SIZE, BUF_SIZE, false);
    }
    kick(5);
    run_main_loop(10);
    *expect = data;
    return fd;
}

START_TEST(test_backpressure_loses_nothing)
{
    VirtIOSerialPort *con, *sp;
    g_autofree uint8_t *expect = NULL;
    g_autofree uint8_t *got = NULL;
    size_t total, have = 0;
    uint16_t slot;
    uint32_t len;
    int fd, used = 0;

    setup_two_ports(&con, &sp);
    fd = start_backpressure(sp, &expect, &total);
    /* The client reads nothing: the socket fills and the port holds its buffer. */
    ck_assert(sp->throttled);
    while (vq_used(5, &slot, &len)) {
        used++;
    }
    ck_assert_int_lt(used, BP_BUFS);
    /* Now it reads everything. */
    got = g_malloc0(total + 16);
    for (int tries = 0; tries < 10000 && have < total; tries++) {
        have = drain_client(fd, got, have, total + 16);
    }
    ck_assert_uint_eq(have, total);
    ck_assert(memcmp(got, expect, total) == 0);
    while (vq_used(5, &slot, &len)) {
        used++;
    }
    ck_assert_int_eq(used, BP_BUFS);
    ck_assert(!sp->throttled);
    close(fd);
}
END_TEST

START_TEST(test_legacy_single_port_driver)
{
    VirtIOSerialPort *con, *sp;
    uint16_t slot;
    uint32_t len;
    g_autofree char *out = NULL;

    setup_two_ports(&con, &sp);
    /* No MULTIPORT: port 0 only, open as soon as the driver is up. */
    driver_start(0, 4);
    ck_assert(con->guest_connected);
    vq_add(1, "boot", 4, false);
    kick(1);
    out = qemu_chr_ringbuf_read("rb", 100, &error_fatal);
    ck_assert_str_eq(out, "boot");
    ck_assert(vq_used(1, &slot, &len));
    /* No control messages without MULTIPORT. */
    ck_assert_int_eq(gr16(vqs[Q_CIN].used + 2), 0);
}
END_TEST

/* ---- tests: migration ---- */

static const VMStateDescription *device_state_vmsd(VirtIOSerial *vser)
{
    return VIRTIO_DEVICE_GET_CLASS(vser)->vmsd;
}

/* Load a hand-made device-state stream; returns the load's result. */
static int load_device_state(VirtIOSerial *vser, const uint8_t *buf, size_t len, Error **errp)
{
    QEMUFile *f = qemu_file_new_mem_input(buf, len);
    int ret = vmstate_load_state(f, device_state_vmsd(vser), vser, 3, errp);

    qemu_fclose(f);
    return ret;
}

static size_t put32(uint8_t *p, uint32_t v)
{
    stl_be_p(p, v);
    return 4;
}

/* The device state for vs0 with ports 0 and 1 (max as given), port 1 guest-open. */
static size_t make_state(uint8_t *b, uint32_t max_raw, uint32_t map0, uint32_t port1_id)
{
    size_t n = 0;

    stw_be_p(b + n, 80);
    n += 2;
    stw_be_p(b + n, 25);
    n += 2;
    n += put32(b + n, max_raw);
    n += put32(b + n, map0);
    n += put32(b + n, 2);
    n += put32(b + n, 0);
    b[n++] = 1;
    b[n++] = 1;
    n += put32(b + n, 0);
    n += put32(b + n, port1_id);
    b[n++] = 1;
    b[n++] = 0;
    n += put32(b + n, 0);
    return n;
}

START_TEST(test_migration_device_state_is_big_endian_and_loads)
{
    VirtIOSerialPort *con, *sp;
    uint8_t b[128];
    size_t n;
    QEMUFile *f;
    const uint8_t *out;
    size_t out_len;

    setup_two_ports(&con, &sp);
    n = make_state(b, 4, 0x3, 1);
    ck_assert_int_eq(load_device_state(vser_of(sp), b, n, &error_fatal), 0);
    ck_assert(sp->guest_connected);
    ck_assert_uint_eq(vser_of(sp)->cols, 80);
    ck_assert_uint_eq(vser_of(sp)->rows, 25);
    /* Saving writes the same bytes back. */
    f = qemu_file_new_mem_output();
    ck_assert_int_eq(vmstate_save_state(f, device_state_vmsd(vser_of(sp)), vser_of(sp), NULL,
                                        &error_fatal), 0);
    qemu_fflush(f);
    out = qemu_file_mem_output_data(f, &out_len);
    ck_assert_uint_eq(out_len, n);
    ck_assert(memcmp(out, b, n) == 0);
    qemu_fclose(f);
}
END_TEST

START_TEST(test_migration_rejects_bad_streams)
{
    VirtIOSerialPort *con, *sp;
    VirtIOSerial *vser;
    uint8_t b[128];
    size_t n;
    Error *err = NULL;

    vser = setup_two_ports(&con, &sp);
    /* More ports on the source than this device has. */
    n = make_state(b, 64, 0x3, 1);
    ck_assert_int_lt(load_device_state(vser, b, n, &err), 0);
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "max_nr_ports 64"));
    error_free(err);
    err = NULL;
    /* Seed 004: max_nr_ports byte-swapped by an old cross-endian source. */
    n = make_state(b, bswap32(4), 0x3, 1);
    ck_assert_int_lt(load_device_state(vser, b, n, &err), 0);
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "max_nr_ports 67108864"));
    error_free(err);
    err = NULL;
    /* Ports in use differ. */
    n = make_state(b, 4, 0x7, 1);
    ck_assert_int_lt(load_device_state(vser, b, n, &err), 0);
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "ports in use differ"));
    error_free(err);
    err = NULL;
    /* A port the destination does not have. */
    n = make_state(b, 4, 0x3, 3);
    ck_assert_int_lt(load_device_state(vser, b, n, &err), 0);
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "port 3"));
    error_free(err);
    err = NULL;
    /* Truncated. */
    n = make_state(b, 4, 0x3, 1);
    ck_assert_int_lt(load_device_state(vser, b, n - 6, &err), 0);
    error_free(err);
    /* None of these changed the device. */
    ck_assert(!sp->guest_connected);
    ck_assert_uint_eq(vser->cols, 0);
    /* A source with fewer ports but the same ones in use is fine. */
    n = make_state(b, 2, 0x3, 1);
    ck_assert_int_eq(load_device_state(vser, b, n, &error_fatal), 0);
    ck_assert(sp->guest_connected);
}
END_TEST

static GByteArray *save_device_state(VirtIOSerial *vser)
{
    QEMUFile *f = qemu_file_new_mem_output();
    const uint8_t *data;
    size_t len;
    GByteArray *out = g_byte_array_new();

    ck_assert_int_eq(vmstate_save_state(f, device_state_vmsd(vser), vser, NULL, &error_fatal),
                     0);
    qemu_fflush(f);
    data = qemu_file_mem_output_data(f, &len);
    g_byte_array_append(out, data, len);
    qemu_fclose(f);
    return out;
}

/*
 * Seed 004: the config space follows the device's byte order, the stream
 * does not.  A big-endian legacy device shows max_nr_ports big-endian to the
 * guest, yet saves (and loads) the very same bytes as a little-endian one.
 */
START_TEST(test_migration_stream_independent_of_device_byte_order)
{
    VirtIOSerialPort *con, *sp;
    VirtIOSerial *vser;
    VirtIODevice *vdev;
    g_autoptr(GByteArray) le = NULL;
    g_autoptr(GByteArray) be = NULL;
    struct virtio_console_config cfg;

    vser = setup_two_ports(&con, &sp);
    vdev = VIRTIO_DEVICE(vser);
    vser->cols = 132;
    le = save_device_state(vser);
    vdev->device_endian = VIRTIO_DEVICE_ENDIAN_BIG;
    VIRTIO_DEVICE_GET_CLASS(vser)->get_config(vdev, (uint8_t *)&cfg);
    ck_assert_uint_eq(ldl_be_p(&cfg.max_nr_ports), 4);
    ck_assert_uint_eq(lduw_be_p(&cfg.cols), 132);
    be = save_device_state(vser);
    ck_assert_uint_eq(le->len, be->len);
    ck_assert(memcmp(le->data, be->data, le->len) == 0);
    ck_assert_uint_eq(ldl_be_p(be->data + 4), 4);
    /* And it loads into the big-endian device unchanged. */
    vser->cols = 0;
    ck_assert_int_eq(load_device_state(vser, be->data, be->len, &error_fatal), 0);
    ck_assert_uint_eq(vser->cols, 132);
}
END_TEST

/* Save and reload the whole "virtio-console" section. */
static void section_round_trip(VirtIOSerial *vser)
{
    const VMStateDescription *vmsd = DEVICE_GET_CLASS(vser)->vmsd;
    QEMUFile *out = qemu_file_new_mem_output();
    const uint8_t *data;
    size_t len;
    QEMUFile *in;

    ck_assert_str_eq(vmsd->name, "virtio-console");
    ck_assert_int_eq(vmstate_save_state(out, vmsd, vser, NULL, &error_fatal), 0);
    qemu_fflush(out);
    data = qemu_file_mem_output_data(out, &len);
    in = qemu_file_new_mem_input(data, len);
    ck_assert_int_eq(vmstate_load_state(in, vmsd, vser, vmsd->version_id, &error_fatal), 0);
    qemu_fclose(in);
    qemu_fclose(out);
}

START_TEST(test_migration_resumes_half_written_element)
{
    VirtIOSerialPort *con, *sp;
    VirtIOSerial *vser;
    g_autofree uint8_t *expect = NULL;
    g_autofree uint8_t *got = NULL;
    size_t total, have = 0;
    uint16_t slot;
    uint32_t len;
    int fd, used = 0;
    Msg m[32];

    vser = setup_two_ports(&con, &sp);
    fd = start_backpressure(sp, &expect, &total);
    ck_assert(sp->throttled);
    ck_assert_ptr_nonnull(sp->elem);
    /* Take part of it so the port is somewhere inside an element. */
    got = g_malloc0(total + 16);
    for (int i = 0; i < 3; i++) {
        ssize_t r = read(fd, got + have, 1000);
        if (r > 0) {
            have += r;
        }
    }
    run_main_loop(5);
    while (vq_used(5, &slot, &len)) {
        used++;
    }
    recv_ctrl(m, 32);
    section_round_trip(vser);
    /* The port resumes once the VM runs: same element, same offset. */
    vm_start();
    for (int i = 0; i < 1000 && vser->post_load; i++) {
        g_usleep(100);
        run_main_loop(5);
    }
    ck_assert_ptr_null(vser->post_load);
    for (int tries = 0; tries < 10000 && have < total; tries++) {
        have = drain_client(fd, got, have, total + 16);
    }
    ck_assert_uint_eq(have, total);
    ck_assert(memcmp(got, expect, total) == 0);
    while (vq_used(5, &slot, &len)) {
        used++;
    }
    ck_assert_int_eq(used, BP_BUFS);
    /* The host side did not change: no PORT_OPEN was sent. */
    ck_assert_int_eq(recv_ctrl(m, 32), 0);
    close(fd);
}
END_TEST

static Suite *vser_suite(void)
{
    Suite *s = suite_create("virtio-serial");
    TCase *tc = tcase_create("config");

    tcase_add_test(tc, test_bus_named_after_device_and_ports_numbered);
    tcase_add_test(tc, test_serialport_auto_number_skips_reserved_0);
    tcase_add_test(tc, test_port_number_errors);
    tcase_add_test(tc, test_max_ports_limits);
    tcase_add_test(tc, test_features_and_config);
    tcase_add_test(tc, test_emergency_write_off_and_compat);
    tcase_add_test(tc, test_single_port_device_offers_no_multiport);
    suite_add_tcase(s, tc);

    tc = tcase_create("control");
    tcase_add_test(tc, test_handshake_messages);
    tcase_add_test(tc, test_host_connect_and_disconnect_send_port_open);
    tcase_add_test(tc, test_control_messages_wait_for_buffers);
    tcase_add_test(tc, test_guest_open_close_tracked);
    tcase_add_test(tc, test_hot_unplug_sends_device_remove);
    suite_add_tcase(s, tc);

    tc = tcase_create("data");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_console_output_reaches_chardev);
    tcase_add_test(tc, test_emergency_write_goes_to_console);
    tcase_add_test(tc, test_host_data_reaches_guest_only_when_open);
    tcase_add_test(tc, test_guest_data_to_closed_port_is_returned);
    tcase_add_test(tc, test_backpressure_loses_nothing);
    tcase_add_test(tc, test_legacy_single_port_driver);
    suite_add_tcase(s, tc);

    tc = tcase_create("migration");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_migration_device_state_is_big_endian_and_loads);
    tcase_add_test(tc, test_migration_rejects_bad_streams);
    tcase_add_test(tc, test_migration_stream_independent_of_device_byte_order);
    tcase_add_test(tc, test_migration_resumes_half_written_element);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(vser_suite());
    int failed;

    memory_init();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
