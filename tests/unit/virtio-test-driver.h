/*
 * A tiny virtio guest driver for unit tests: guest RAM, one virtio-mmio
 * transport whose interrupt the test watches, and a test device ("test-echo":
 * one queue, returns each request's readable bytes XOR 0xff in its writable
 * buffers, 8 bytes of config).  Rings are written into guest RAM and the
 * registers poked through the system address space, as a guest would.
 * Included by test-virtio.c and test-virtio-mmio.c only.
 */
#ifndef TESTS_UNIT_VIRTIO_TEST_DRIVER_H
#define TESTS_UNIT_VIRTIO_TEST_DRIVER_H

#include "qemu/osdep.h"
#include <check.h>
#include "hw/virtio/virtio.h"
#include "hw/virtio/virtio-mmio.h"
#include "hw/irq.h"
#include "hw/qdev-properties.h"
#include "migration/qemu-file.h"
#include "qemu/bswap.h"

#define RAM_BASE 0x40000000ULL
#define RAM_SIZE (16u << 20)
#define MMIO_BASE 0x0a000000ULL
#define MMIO_HOLE 0x0b000000ULL            /* nothing mapped here */
#define RING_BASE (RAM_BASE + 0x100000)
#define BUF_BASE (RAM_BASE + 0x200000)
#define ECHO_QUEUE_SIZE 16
#define ECHO_FEATURE_X 0                   /* a device feature bit the test offers */
#define VIRTIO_ID_TEST 42

/* ---- the test device ---- */

#define TYPE_TEST_ECHO "test-echo"
typedef struct TestEcho {
    VirtIODevice parent_obj;
    VirtQueue *vq;
    uint32_t value;          /* config: read-write */
    uint32_t requests;       /* config: read-only counter */
    uint32_t set_config_calls;
    bool hold;               /* keep popped elements instead of pushing them */
    VirtQueueElement *held[ECHO_QUEUE_SIZE];
    int nheld;
    uint32_t saved_marker;   /* device-specific migrated state */
    int post_load_calls;
    bool post_load_saw_big_endian;
    int queue_resets;
} TestEcho;
OBJECT_DECLARE_SIMPLE_TYPE(TestEcho, TEST_ECHO)

static inline void echo_handle(VirtIODevice *vdev, VirtQueue *vq)
{
    TestEcho *s = TEST_ECHO(vdev);
    VirtQueueElement *elem;

    while ((elem = virtqueue_pop(vq, sizeof(VirtQueueElement)))) {
        size_t n = iov_size(elem->out_sg, elem->out_num);
        g_autofree uint8_t *buf = g_malloc(n ? n : 1);
        size_t done;

        s->requests++;
        if (s->hold && s->nheld < ECHO_QUEUE_SIZE) {
            s->held[s->nheld++] = elem;
            continue;
        }
        iov_to_buf(elem->out_sg, elem->out_num, 0, buf, n);
        for (size_t i = 0; i < n; i++) {
            buf[i] ^= 0xff;
        }
        done = iov_from_buf(elem->in_sg, elem->in_num, 0, buf, n);
        virtqueue_push(vq, elem, done);
        g_free(elem);
    }
    virtio_notify(vdev, vq);
}

static inline uint64_t echo_get_features(VirtIODevice *vdev, uint64_t f, Error **errp)
{
    virtio_add_feature(&f, ECHO_FEATURE_X);
    return f;
}

static inline void echo_get_config(VirtIODevice *vdev, uint8_t *config)
{
    TestEcho *s = TEST_ECHO(vdev);
    virtio_stl_p(vdev, config, s->value);
    virtio_stl_p(vdev, config + 4, s->requests);
}

static inline void echo_set_config(VirtIODevice *vdev, const uint8_t *config)
{
    TestEcho *s = TEST_ECHO(vdev);
    s->value = virtio_ldl_p(vdev, config);
    s->set_config_calls++;
}

static inline void echo_reset(VirtIODevice *vdev)
{
    TestEcho *s = TEST_ECHO(vdev);
    for (int i = 0; i < s->nheld; i++) {
        virtqueue_detach_element(s->vq, s->held[i], 0);
        g_free(s->held[i]);
    }
    s->nheld = 0;
}

static inline void echo_realize(DeviceState *dev, Error **errp)
{
    TestEcho *s = TEST_ECHO(dev);
    virtio_init(VIRTIO_DEVICE(dev), VIRTIO_ID_TEST, 8);
    s->vq = virtio_add_queue(VIRTIO_DEVICE(dev), ECHO_QUEUE_SIZE, echo_handle);
}

static inline void echo_unrealize(DeviceState *dev)
{
    echo_reset(VIRTIO_DEVICE(dev));
    virtio_cleanup(VIRTIO_DEVICE(dev));
}

static inline int echo_post_load(void *opaque, int version_id)
{
    TestEcho *s = opaque;
    s->post_load_calls++;
    s->post_load_saw_big_endian = virtio_access_is_big_endian(VIRTIO_DEVICE(s));
    return 0;
}

static const VMStateDescription vmstate_echo_device = {
    .name = "test-echo-device",
    .version_id = 1,
    .minimum_version_id = 1,
    .post_load = echo_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(saved_marker, TestEcho),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_echo = {
    .name = "test-echo",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_VIRTIO_DEVICE,
        VMSTATE_END_OF_LIST()
    },
};

static inline void echo_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    VirtioDeviceClass *vdc = VIRTIO_DEVICE_CLASS(oc);

    dc->vmsd = &vmstate_echo;
    dc->user_creatable = true;
    vdc->realize = echo_realize;
    vdc->unrealize = echo_unrealize;
    vdc->get_features = echo_get_features;
    vdc->get_config = echo_get_config;
    vdc->set_config = echo_set_config;
    vdc->reset = echo_reset;
    vdc->vmsd = &vmstate_echo_device;
}

/* A variant that can reset one queue (so the core offers VIRTIO_F_RING_RESET). */
#define TYPE_TEST_ECHO_QR "test-echo-qr"

static inline void echo_queue_reset(VirtIODevice *vdev, uint32_t queue_index)
{
    TEST_ECHO(vdev)->queue_resets++;
    echo_reset(vdev);
}

static inline void echo_qr_class_init(ObjectClass *oc, void *data)
{
    VIRTIO_DEVICE_CLASS(oc)->queue_reset = echo_queue_reset;
}

static const TypeInfo echo_types[] = {
    { .name = TYPE_TEST_ECHO, .parent = TYPE_VIRTIO_DEVICE, .instance_size = sizeof(TestEcho),
      .class_init = echo_class_init },
    { .name = TYPE_TEST_ECHO_QR, .parent = TYPE_TEST_ECHO, .class_init = echo_qr_class_init },
};
DEFINE_TYPES(echo_types)

/* ---- the machine: RAM, one transport, its interrupt ---- */

typedef struct TestBoard {
    MemoryRegion ram;
    DeviceState *proxy;
    TestEcho *echo;
    int irq_level;
    int irq_changes;
} TestBoard;

static TestBoard board;

static inline void board_irq(void *opaque, int n, int level)
{
    if (level != board.irq_level) {
        board.irq_changes++;
    }
    board.irq_level = level;
}

static const char *board_echo_type = TYPE_TEST_ECHO;

/* A transport at MMIO_BASE; with a test-echo on it unless props is NULL. */
static inline void board_init(bool legacy, const char *echo_props)
{
    Error *err = NULL;

    memory_init();
    memset(&board, 0, sizeof(board));
    ck_assert(memory_region_init_ram(&board.ram, NULL, "test.ram", RAM_SIZE, &error_fatal));
    memory_region_add_subregion(get_system_memory(), RAM_BASE, &board.ram);
    board.proxy = qdev_new(TYPE_VIRTIO_MMIO);
    qdev_prop_set_bit(board.proxy, "force-legacy", legacy);
    ck_assert(sysbus_realize(SYS_BUS_DEVICE(board.proxy), &error_fatal));
    sysbus_mmio_map(SYS_BUS_DEVICE(board.proxy), 0, MMIO_BASE);
    sysbus_connect_irq(SYS_BUS_DEVICE(board.proxy), 0, qemu_allocate_irq(board_irq, NULL, 0));
    if (echo_props) {
        DeviceState *dev = qdev_new(board_echo_type);
        g_auto(GStrv) props = g_strsplit(echo_props, ",", -1);
        for (int i = 0; props[i] && props[i][0]; i++) {
            g_auto(GStrv) kv = g_strsplit(props[i], "=", 2);
            ck_assert(object_property_parse(OBJECT(dev), kv[0], kv[1], &error_fatal));
        }
        if (!qdev_realize(dev, BUS(&VIRTIO_MMIO(board.proxy)->bus), &err)) {
            board.echo = NULL;
            error_free(err);
            return;
        }
        board.echo = TEST_ECHO(dev);
    }
}

static inline VirtIODevice *board_vdev(void)
{
    return VIRTIO_DEVICE(board.echo);
}

static inline uint32_t mmio_read(hwaddr off)
{
    return address_space_ldl_le(&address_space_memory, MMIO_BASE + off, MEMTXATTRS_UNSPECIFIED,
                                NULL);
}

static inline void mmio_write(hwaddr off, uint32_t val)
{
    address_space_stl_le(&address_space_memory, MMIO_BASE + off, val, MEMTXATTRS_UNSPECIFIED,
                         NULL);
}

/* ---- guest memory ---- */

static inline void gwrite(hwaddr pa, const void *buf, size_t len)
{
    ck_assert_int_eq(address_space_write(&address_space_memory, pa, MEMTXATTRS_UNSPECIFIED, buf,
                                         len), MEMTX_OK);
}

static inline void gread(hwaddr pa, void *buf, size_t len)
{
    ck_assert_int_eq(address_space_read(&address_space_memory, pa, MEMTXATTRS_UNSPECIFIED, buf,
                                        len), MEMTX_OK);
}

static inline void gw16(hwaddr pa, uint16_t v)
{
    uint8_t b[2];
    stw_le_p(b, v);
    gwrite(pa, b, 2);
}

static inline uint16_t gr16(hwaddr pa)
{
    uint8_t b[2];
    gread(pa, b, 2);
    return lduw_le_p(b);
}

static inline uint32_t gr32(hwaddr pa)
{
    uint8_t b[4];
    gread(pa, b, 4);
    return ldl_le_p(b);
}

/* ---- the driver's view of one split queue ---- */

typedef struct TestQueue {
    unsigned int num;
    hwaddr desc, avail, used;
    uint16_t avail_idx;     /* next avail->idx */
    uint16_t next_desc;     /* next free descriptor (descriptors are used round-robin) */
    uint16_t used_seen;
} TestQueue;

static TestQueue tq;

typedef struct TestBuf {
    hwaddr addr;
    uint32_t len;
    bool write;              /* device-writable */
} TestBuf;

static inline void desc_write(hwaddr table, unsigned int i, uint64_t addr, uint32_t len,
                              uint16_t flags, uint16_t next)
{
    uint8_t d[16];
    stq_le_p(d, addr);
    stl_le_p(d + 8, len);
    stw_le_p(d + 12, flags);
    stw_le_p(d + 14, next);
    gwrite(table + 16 * (hwaddr)i, d, 16);
}

/* Publish head in the avail ring (does not kick). */
static inline void avail_publish(uint16_t head)
{
    gw16(tq.avail + 4 + 2 * (tq.avail_idx % tq.num), head);
    tq.avail_idx++;
    gw16(tq.avail + 2, tq.avail_idx);
}

/* Write bufs as a chain of direct descriptors; returns the head. */
static inline uint16_t add_chain(const TestBuf *bufs, int n)
{
    uint16_t head = tq.next_desc;

    for (int i = 0; i < n; i++) {
        uint16_t idx = (tq.next_desc + i) % tq.num;
        uint16_t flags = (bufs[i].write ? VRING_DESC_F_WRITE : 0) |
                         (i + 1 < n ? VRING_DESC_F_NEXT : 0);
        desc_write(tq.desc, idx, bufs[i].addr, bufs[i].len, flags, (idx + 1) % tq.num);
    }
    tq.next_desc = (tq.next_desc + n) % tq.num;
    avail_publish(head);
    return head;
}

/* One indirect descriptor pointing at a table (at table_pa) describing bufs. */
static inline uint16_t add_indirect(hwaddr table_pa, const TestBuf *bufs, int n)
{
    uint16_t head = tq.next_desc;

    for (int i = 0; i < n; i++) {
        uint16_t flags = (bufs[i].write ? VRING_DESC_F_WRITE : 0) |
                         (i + 1 < n ? VRING_DESC_F_NEXT : 0);
        desc_write(table_pa, i, bufs[i].addr, bufs[i].len, flags, i + 1);
    }
    desc_write(tq.desc, head, table_pa, 16 * n, VRING_DESC_F_INDIRECT, 0);
    tq.next_desc = (tq.next_desc + 1) % tq.num;
    avail_publish(head);
    return head;
}

static inline void kick(void)
{
    mmio_write(VIRTIO_MMIO_QUEUE_NOTIFY, 0);
}

static inline uint16_t used_idx(void)
{
    return gr16(tq.used + 2);
}

static inline void used_elem(unsigned int i, uint32_t *id, uint32_t *len)
{
    *id = gr32(tq.used + 4 + 8 * (i % tq.num));
    *len = gr32(tq.used + 8 + 8 * (i % tq.num));
}

/* ---- device setup as drivers do it ---- */

/* Legacy (version 1): page size, QueueNum, QueueAlign, QueuePFN. */
static inline void setup_legacy(uint32_t features)
{
    mmio_write(VIRTIO_MMIO_STATUS, 0);
    mmio_write(VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE);
    mmio_write(VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
    mmio_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    mmio_write(VIRTIO_MMIO_DRIVER_FEATURES, features);
    mmio_write(VIRTIO_MMIO_GUEST_PAGE_SIZE, 4096);
    mmio_write(VIRTIO_MMIO_QUEUE_SEL, 0);
    tq = (TestQueue){ .num = ECHO_QUEUE_SIZE };
    mmio_write(VIRTIO_MMIO_QUEUE_NUM, tq.num);
    mmio_write(VIRTIO_MMIO_QUEUE_ALIGN, 4096);
    tq.desc = RING_BASE;
    tq.avail = tq.desc + 16 * tq.num;
    tq.used = QEMU_ALIGN_UP(tq.avail + 6 + 2 * tq.num, 4096);
    /* Fresh rings. */
    {
        g_autofree uint8_t *zero = g_malloc0(0x3000);
        gwrite(RING_BASE, zero, 0x3000);
    }
    mmio_write(VIRTIO_MMIO_QUEUE_PFN, tq.desc >> 12);
    mmio_write(VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
               VIRTIO_CONFIG_S_DRIVER_OK);
}

/* Modern (version 2): 64-bit features, FEATURES_OK, three ring addresses, QueueReady. */
static inline bool setup_modern(uint64_t features)
{
    uint32_t status = VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER;

    mmio_write(VIRTIO_MMIO_STATUS, 0);
    mmio_write(VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE);
    mmio_write(VIRTIO_MMIO_STATUS, status);
    mmio_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    mmio_write(VIRTIO_MMIO_DRIVER_FEATURES, (uint32_t)features);
    mmio_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    mmio_write(VIRTIO_MMIO_DRIVER_FEATURES, features >> 32);
    mmio_write(VIRTIO_MMIO_STATUS, status | VIRTIO_CONFIG_S_FEATURES_OK);
    if (!(mmio_read(VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK)) {
        return false;
    }
    status |= VIRTIO_CONFIG_S_FEATURES_OK;
    mmio_write(VIRTIO_MMIO_QUEUE_SEL, 0);
    tq = (TestQueue){ .num = ECHO_QUEUE_SIZE };
    tq.desc = RING_BASE;
    tq.avail = RING_BASE + 0x1000;
    tq.used = RING_BASE + 0x2000;
    {
        g_autofree uint8_t *zero = g_malloc0(0x3000);
        gwrite(RING_BASE, zero, 0x3000);
    }
    mmio_write(VIRTIO_MMIO_QUEUE_NUM, tq.num);
    mmio_write(VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)tq.desc);
    mmio_write(VIRTIO_MMIO_QUEUE_DESC_HIGH, tq.desc >> 32);
    mmio_write(VIRTIO_MMIO_QUEUE_AVAIL_LOW, (uint32_t)tq.avail);
    mmio_write(VIRTIO_MMIO_QUEUE_AVAIL_HIGH, tq.avail >> 32);
    mmio_write(VIRTIO_MMIO_QUEUE_USED_LOW, (uint32_t)tq.used);
    mmio_write(VIRTIO_MMIO_QUEUE_USED_HIGH, tq.used >> 32);
    mmio_write(VIRTIO_MMIO_QUEUE_READY, 1);
    mmio_write(VIRTIO_MMIO_STATUS, status | VIRTIO_CONFIG_S_DRIVER_OK);
    return true;
}

#define F(bit) (1ULL << (bit))
#define MODERN_FEATURES (F(VIRTIO_F_VERSION_1) | F(ECHO_FEATURE_X))

/* Send "len" bytes of pattern and a writable buffer; returns the head. */
static inline uint16_t send_echo(hwaddr out, hwaddr in, uint32_t len, uint8_t seed)
{
    g_autofree uint8_t *buf = g_malloc(len);
    TestBuf bufs[2] = { { out, len, false }, { in, len, true } };

    for (uint32_t i = 0; i < len; i++) {
        buf[i] = seed + i;
    }
    gwrite(out, buf, len);
    return add_chain(bufs, 2);
}

static inline void check_echo(hwaddr in, uint32_t len, uint8_t seed)
{
    g_autofree uint8_t *buf = g_malloc(len);

    gread(in, buf, len);
    for (uint32_t i = 0; i < len; i++) {
        ck_assert_uint_eq(buf[i], (uint8_t)((seed + i) ^ 0xff));
    }
}

static inline bool board_is_big_endian_true(void)
{
    return true;
}

static inline bool board_is_big_endian_false(void)
{
    return false;
}


#endif
