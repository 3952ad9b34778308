/*
 * Unit tests for the virtio core (hw/virtio/virtio.c), driven as a guest
 * driver would through a virtio-mmio transport: request round trips with
 * direct and indirect descriptors, interrupt suppression (NO_INTERRUPT,
 * EVENT_IDX), kick suppression, reset, every malformed ring ending in a
 * broken device with NEEDS_RESET and no crash, and migration of the device
 * state (round trip, and corrupted streams refused).
 */
#include "virtio-test-driver.h"

/* ---- round trips ---- */

START_TEST(test_legacy_round_trip)
{
    board_init(true, "");
    setup_legacy(0);
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 64, 7);
    kick();
    ck_assert_uint_eq(used_idx(), 1);
    {
        uint32_t id, len;
        used_elem(0, &id, &len);
        ck_assert_uint_eq(id, 0);
        ck_assert_uint_eq(len, 64);
    }
    check_echo(BUF_BASE + 0x1000, 64, 7);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_ISR_QUEUE);
    ck_assert_int_eq(board.irq_level, 1);
    mmio_write(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_ISR_QUEUE);
    ck_assert_int_eq(board.irq_level, 0);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
}
END_TEST

START_TEST(test_modern_round_trip_many)
{
    board_init(false, "");
    ck_assert(setup_modern(MODERN_FEATURES));
    /* More requests than the queue has entries: the rings wrap. */
    for (int i = 0; i < 40; i++) {
        send_echo(BUF_BASE, BUF_BASE + 0x1000, 100 + i, i);
        kick();
        ck_assert_uint_eq(used_idx(), i + 1);
        check_echo(BUF_BASE + 0x1000, 100 + i, i);
    }
    ck_assert(!board_vdev()->broken);
    ck_assert(virtio_vdev_has_feature(board_vdev(), VIRTIO_F_VERSION_1));
    ck_assert(virtio_vdev_has_feature(board_vdev(), ECHO_FEATURE_X));
}
END_TEST

START_TEST(test_batch_of_chains_in_one_kick)
{
    board_init(false, "");
    ck_assert(setup_modern(MODERN_FEATURES));
    for (int i = 0; i < 8; i++) {
        send_echo(BUF_BASE + i * 0x100, BUF_BASE + 0x10000 + i * 0x100, 32, i * 3);
    }
    kick();
    ck_assert_uint_eq(used_idx(), 8);
    for (int i = 0; i < 8; i++) {
        uint32_t id, len;
        used_elem(i, &id, &len);
        ck_assert_uint_eq(id, i * 2);
        ck_assert_uint_eq(len, 32);
        check_echo(BUF_BASE + 0x10000 + i * 0x100, 32, i * 3);
    }
}
END_TEST

START_TEST(test_buffer_split_across_descriptors)
{
    TestBuf bufs[5] = {
        { BUF_BASE, 3, false }, { BUF_BASE + 3, 5, false },
        { BUF_BASE + 0x1000, 2, true }, { BUF_BASE + 0x2000, 1, true },
        { BUF_BASE + 0x3000, 5, true },
    };
    uint8_t out[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, in[8];

    board_init(false, "");
    ck_assert(setup_modern(MODERN_FEATURES));
    gwrite(BUF_BASE, out, 8);
    add_chain(bufs, 5);
    kick();
    ck_assert_uint_eq(used_idx(), 1);
    gread(BUF_BASE + 0x1000, in, 2);
    gread(BUF_BASE + 0x2000, in + 2, 1);
    gread(BUF_BASE + 0x3000, in + 3, 5);
    for (int i = 0; i < 8; i++) {
        ck_assert_uint_eq(in[i], out[i] ^ 0xff);
    }
}
END_TEST

START_TEST(test_indirect_descriptors)
{
    TestBuf bufs[3] = {
        { BUF_BASE, 16, false }, { BUF_BASE + 0x1000, 8, true }, { BUF_BASE + 0x2000, 8, true },
    };
    uint8_t out[16], in[16];
    uint32_t id, len;

    for (int i = 0; i < 16; i++) {
        out[i] = 0x30 + i;
    }
    board_init(false, "");
    ck_assert(setup_modern(MODERN_FEATURES | F(VIRTIO_RING_F_INDIRECT_DESC)));
    gwrite(BUF_BASE, out, 16);
    add_indirect(BUF_BASE + 0x8000, bufs, 3);
    kick();
    ck_assert(!board_vdev()->broken);
    ck_assert_uint_eq(used_idx(), 1);
    used_elem(0, &id, &len);
    ck_assert_uint_eq(id, 0);
    ck_assert_uint_eq(len, 16);
    gread(BUF_BASE + 0x1000, in, 8);
    gread(BUF_BASE + 0x2000, in + 8, 8);
    for (int i = 0; i < 16; i++) {
        ck_assert_uint_eq(in[i], out[i] ^ 0xff);
    }
}
END_TEST

START_TEST(test_device_reads_guest_byte_order_legacy_big_endian)
{
    /* A big-endian legacy guest: rings in big-endian, chosen at reset. */
    TestBuf b[2] = { { BUF_BASE, 4, false }, { BUF_BASE + 0x1000, 4, true } };
    uint8_t d[16];

    board_init(true, "");
    virtio_guest_is_big_endian = board_is_big_endian_true;
    setup_legacy(0);
    ck_assert(virtio_access_is_big_endian(board_vdev()));
    gwrite(BUF_BASE, "abcd", 4);
    for (int i = 0; i < 2; i++) {
        stq_be_p(d, b[i].addr);
        stl_be_p(d + 8, b[i].len);
        stw_be_p(d + 12, (i == 0 ? VRING_DESC_F_NEXT : VRING_DESC_F_WRITE));
        stw_be_p(d + 14, 1);
        gwrite(tq.desc + 16 * i, d, 16);
    }
    stw_be_p(d, 0);
    gwrite(tq.avail + 4, d, 2);
    stw_be_p(d, 1);
    gwrite(tq.avail + 2, d, 2);
    kick();
    gread(tq.used + 2, d, 2);
    ck_assert_uint_eq(lduw_be_p(d), 1);
    gread(tq.used + 8, d, 4);
    ck_assert_uint_eq(ldl_be_p(d), 4);
    gread(BUF_BASE + 0x1000, d, 4);
    ck_assert_uint_eq(d[0], 'a' ^ 0xff);
}
END_TEST

/* ---- notification suppression ---- */

START_TEST(test_no_interrupt_flag_suppresses_interrupt)
{
    board_init(false, "");
    ck_assert(setup_modern(MODERN_FEATURES));
    gw16(tq.avail, VRING_AVAIL_F_NO_INTERRUPT);
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 1);
    kick();
    ck_assert_uint_eq(used_idx(), 1);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
    ck_assert_int_eq(board.irq_level, 0);
    gw16(tq.avail, 0);
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 1);
    kick();
    ck_assert_int_eq(board.irq_level, 1);
}
END_TEST

START_TEST(test_event_idx_suppresses_until_used_event)
{
    hwaddr used_event = tq.avail;

    board_init(false, "");
    ck_assert(setup_modern(MODERN_FEATURES | F(VIRTIO_RING_F_EVENT_IDX)));
    used_event = tq.avail + 4 + 2 * tq.num;
    /* First push always interrupts (nothing signalled yet). */
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 1);
    kick();
    ck_assert_int_eq(board.irq_level, 1);
    mmio_write(VIRTIO_MMIO_INTERRUPT_ACK, 1);
    /* Ask for an interrupt only once used idx passes 3 (i.e. reaches 4). */
    gw16(used_event, 3);
    for (int i = 0; i < 2; i++) {
        send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 1);
        kick();
        ck_assert_int_eq(board.irq_level, 0);
    }
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 1);
    kick();
    ck_assert_uint_eq(used_idx(), 4);
    ck_assert_int_eq(board.irq_level, 1);
    /* avail_event follows what the device consumed. */
    ck_assert_uint_eq(gr16(tq.used + 4 + 8 * tq.num), 4);
}
END_TEST

START_TEST(test_notification_disable_sets_no_notify)
{
    board_init(false, "");
    ck_assert(setup_modern(MODERN_FEATURES));
    virtio_queue_set_notification(board.echo->vq, 0);
    ck_assert_uint_eq(gr16(tq.used) & VRING_USED_F_NO_NOTIFY, VRING_USED_F_NO_NOTIFY);
    virtio_queue_set_notification(board.echo->vq, 1);
    ck_assert_uint_eq(gr16(tq.used) & VRING_USED_F_NO_NOTIFY, 0);
}
END_TEST

START_TEST(test_notify_config_bumps_generation_and_interrupts)
{
    board_init(false, "");
    ck_assert(setup_modern(MODERN_FEATURES));
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_CONFIG_GENERATION), 0);
    virtio_notify_config(board_vdev());
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_CONFIG_GENERATION), 1);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_ISR_CONFIG);
    ck_assert_int_eq(board.irq_level, 1);
}
END_TEST

/* ---- reset ---- */

START_TEST(test_reset_clears_device_and_rings)
{
    board_init(false, "");
    ck_assert(setup_modern(MODERN_FEATURES));
    board.echo->hold = true;
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 1);
    kick();
    ck_assert_int_eq(board.echo->nheld, 1);
    mmio_write(VIRTIO_MMIO_STATUS, 0);
    ck_assert_int_eq(board.echo->nheld, 0);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_STATUS), 0);
    ck_assert_uint_eq(board_vdev()->guest_features, 0);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_QUEUE_READY), 0);
    ck_assert(!virtio_queue_enabled(board_vdev(), 0));
    ck_assert_int_eq(board.irq_level, 0);
    /* And it works again after a new setup. */
    board.echo->hold = false;
    ck_assert(setup_modern(MODERN_FEATURES));
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 1);
    kick();
    ck_assert_uint_eq(used_idx(), 1);
}
END_TEST

/* ---- malformed rings: broken device, NEEDS_RESET, no crash ---- */

static void modern_broken_setup(uint64_t extra)
{
    board_init(false, "");
    ck_assert(setup_modern(MODERN_FEATURES | extra));
}

static void expect_broken_and_recover(void)
{
    ck_assert(board_vdev()->broken);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_NEEDS_RESET,
                      VIRTIO_CONFIG_S_NEEDS_RESET);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_INTERRUPT_STATUS) & VIRTIO_ISR_CONFIG,
                      VIRTIO_ISR_CONFIG);
    ck_assert_uint_eq(used_idx(), 0);
    /* Nothing is popped while broken, even well-formed requests. */
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 1);
    kick();
    ck_assert_uint_eq(used_idx(), 0);
    /* The driver keeping NEEDS_RESET out of its writes cannot clear it. */
    mmio_write(VIRTIO_MMIO_STATUS, 0xf);
    ck_assert(mmio_read(VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_NEEDS_RESET);
    /* A reset recovers. */
    ck_assert(setup_modern(MODERN_FEATURES));
    ck_assert(!board_vdev()->broken);
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 1);
    kick();
    ck_assert_uint_eq(used_idx(), 1);
}

START_TEST(test_bad_avail_idx_jump)
{
    modern_broken_setup(0);
    gw16(tq.avail + 2, tq.num + 1);
    kick();
    tq.avail_idx = 0;
    gw16(tq.avail + 2, 0);
    expect_broken_and_recover();
}
END_TEST

START_TEST(test_bad_head_index)
{
    modern_broken_setup(0);
    avail_publish(tq.num);
    kick();
    tq.avail_idx = 0;
    gw16(tq.avail + 2, 0);
    expect_broken_and_recover();
}
END_TEST

START_TEST(test_bad_next_index)
{
    modern_broken_setup(0);
    desc_write(tq.desc, 0, BUF_BASE, 8, VRING_DESC_F_NEXT, tq.num);
    avail_publish(0);
    kick();
    tq.avail_idx = 0;
    gw16(tq.avail + 2, 0);
    expect_broken_and_recover();
}
END_TEST

START_TEST(test_descriptor_loop)
{
    modern_broken_setup(0);
    desc_write(tq.desc, 0, BUF_BASE, 8, VRING_DESC_F_NEXT, 1);
    desc_write(tq.desc, 1, BUF_BASE, 8, VRING_DESC_F_NEXT, 0);
    avail_publish(0);
    kick();
    tq.avail_idx = 0;
    gw16(tq.avail + 2, 0);
    expect_broken_and_recover();
}
END_TEST

START_TEST(test_indirect_without_feature)
{
    TestBuf b = { BUF_BASE, 8, false };
    modern_broken_setup(0);
    add_indirect(BUF_BASE + 0x8000, &b, 1);
    kick();
    tq.avail_idx = 0;
    tq.next_desc = 0;
    gw16(tq.avail + 2, 0);
    expect_broken_and_recover();
}
END_TEST

START_TEST(test_indirect_bad_length)
{
    modern_broken_setup(F(VIRTIO_RING_F_INDIRECT_DESC));
    desc_write(tq.desc, 0, BUF_BASE + 0x8000, 24, VRING_DESC_F_INDIRECT, 0);
    avail_publish(0);
    kick();
    tq.avail_idx = 0;
    gw16(tq.avail + 2, 0);
    expect_broken_and_recover();
}
END_TEST

START_TEST(test_indirect_zero_length)
{
    modern_broken_setup(F(VIRTIO_RING_F_INDIRECT_DESC));
    desc_write(tq.desc, 0, BUF_BASE + 0x8000, 0, VRING_DESC_F_INDIRECT, 0);
    avail_publish(0);
    kick();
    tq.avail_idx = 0;
    gw16(tq.avail + 2, 0);
    expect_broken_and_recover();
}
END_TEST

START_TEST(test_nested_indirect)
{
    modern_broken_setup(F(VIRTIO_RING_F_INDIRECT_DESC));
    desc_write(BUF_BASE + 0x8000, 0, BUF_BASE + 0x9000, 16, VRING_DESC_F_INDIRECT, 0);
    desc_write(BUF_BASE + 0x9000, 0, BUF_BASE, 8, 0, 0);
    desc_write(tq.desc, 0, BUF_BASE + 0x8000, 16, VRING_DESC_F_INDIRECT, 0);
    avail_publish(0);
    kick();
    tq.avail_idx = 0;
    gw16(tq.avail + 2, 0);
    expect_broken_and_recover();
}
END_TEST

START_TEST(test_indirect_loop)
{
    modern_broken_setup(F(VIRTIO_RING_F_INDIRECT_DESC));
    desc_write(BUF_BASE + 0x8000, 0, BUF_BASE, 8, VRING_DESC_F_NEXT, 1);
    desc_write(BUF_BASE + 0x8000, 1, BUF_BASE, 8, VRING_DESC_F_NEXT, 0);
    desc_write(tq.desc, 0, BUF_BASE + 0x8000, 32, VRING_DESC_F_INDIRECT, 0);
    avail_publish(0);
    kick();
    tq.avail_idx = 0;
    gw16(tq.avail + 2, 0);
    expect_broken_and_recover();
}
END_TEST

START_TEST(test_indirect_table_outside_ram)
{
    modern_broken_setup(F(VIRTIO_RING_F_INDIRECT_DESC));
    desc_write(tq.desc, 0, MMIO_HOLE, 32, VRING_DESC_F_INDIRECT, 0);
    avail_publish(0);
    kick();
    tq.avail_idx = 0;
    gw16(tq.avail + 2, 0);
    expect_broken_and_recover();
}
END_TEST

static void one_bad_buffer(uint64_t addr, uint32_t len, uint16_t flags)
{
    modern_broken_setup(0);
    desc_write(tq.desc, 0, addr, len, flags, 0);
    avail_publish(0);
    kick();
    tq.avail_idx = 0;
    gw16(tq.avail + 2, 0);
    expect_broken_and_recover();
}

START_TEST(test_buffer_outside_ram)
{
    one_bad_buffer(MMIO_HOLE, 8, 0);
}
END_TEST

START_TEST(test_buffer_on_mmio_registers)
{
    one_bad_buffer(MMIO_BASE, 8, VRING_DESC_F_WRITE);
}
END_TEST

START_TEST(test_buffer_runs_off_end_of_ram)
{
    one_bad_buffer(RAM_BASE + RAM_SIZE - 4, 8, 0);
}
END_TEST

START_TEST(test_buffer_wraps_address_space)
{
    one_bad_buffer(UINT64_MAX - 3, 8, 0);
}
END_TEST

START_TEST(test_zero_length_buffer)
{
    one_bad_buffer(BUF_BASE, 0, 0);
}
END_TEST

START_TEST(test_readable_after_writable)
{
    TestBuf b[2] = { { BUF_BASE, 8, true }, { BUF_BASE + 0x100, 8, false } };
    modern_broken_setup(0);
    add_chain(b, 2);
    kick();
    tq.avail_idx = 0;
    tq.next_desc = 0;
    gw16(tq.avail + 2, 0);
    expect_broken_and_recover();
}
END_TEST

START_TEST(test_rings_outside_ram)
{
    board_init(false, "");
    ck_assert(setup_modern(MODERN_FEATURES));
    /* Move the avail ring into a hole behind the device's back. */
    mmio_write(VIRTIO_MMIO_QUEUE_READY, 0);
    mmio_write(VIRTIO_MMIO_QUEUE_AVAIL_LOW, (uint32_t)MMIO_HOLE);
    mmio_write(VIRTIO_MMIO_QUEUE_AVAIL_HIGH, 0);
    mmio_write(VIRTIO_MMIO_QUEUE_READY, 1);
    kick();
    ck_assert(board_vdev()->broken);
    ck_assert(mmio_read(VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_NEEDS_RESET);
}
END_TEST

START_TEST(test_too_many_in_flight)
{
    board_init(false, "");
    ck_assert(setup_modern(MODERN_FEATURES));
    board.echo->hold = true;
    for (unsigned i = 0; i < tq.num; i++) {
        send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 1);
    }
    kick();
    ck_assert_int_eq(board.echo->nheld, tq.num);
    ck_assert(!board_vdev()->broken);
    /* The driver reuses a head still in flight. */
    avail_publish(0);
    kick();
    ck_assert(board_vdev()->broken);
}
END_TEST

START_TEST(test_legacy_error_has_no_needs_reset)
{
    board_init(true, "");
    setup_legacy(0);
    avail_publish(tq.num + 3);
    kick();
    ck_assert(board_vdev()->broken);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_NEEDS_RESET, 0);
    setup_legacy(0);
    ck_assert(!board_vdev()->broken);
}
END_TEST

/* ---- features ---- */

START_TEST(test_unoffered_features_refused)
{
    board_init(false, "");
    ck_assert(!setup_modern(MODERN_FEATURES | F(VIRTIO_F_RING_PACKED)));
    ck_assert(!setup_modern(MODERN_FEATURES | F(17)));
    ck_assert(setup_modern(MODERN_FEATURES));
}
END_TEST

START_TEST(test_feature_properties)
{
    board_init(false, "indirect_desc=off,event_idx=off");
    ck_assert(!virtio_host_has_feature(board_vdev(), VIRTIO_RING_F_INDIRECT_DESC));
    ck_assert(!virtio_host_has_feature(board_vdev(), VIRTIO_RING_F_EVENT_IDX));
    ck_assert(virtio_host_has_feature(board_vdev(), VIRTIO_F_NOTIFY_ON_EMPTY));
    ck_assert(virtio_host_has_feature(board_vdev(), VIRTIO_F_VERSION_1));
    ck_assert(virtio_host_has_feature(board_vdev(), ECHO_FEATURE_X));
    ck_assert(!setup_modern(MODERN_FEATURES | F(VIRTIO_RING_F_EVENT_IDX)));
}
END_TEST

START_TEST(test_packed_refused_at_realize)
{
    board_init(false, "packed=on");
    ck_assert_ptr_null(board.echo);
}
END_TEST

START_TEST(test_compat_property_names_exist)
{
    static const char *const names[] = {
        "use-started", "use-disabled-flag", "x-disable-legacy-check", "queue_reset",
        "indirect_desc", "event_idx", "notify_on_empty", "any_layout", "iommu_platform",
        "packed",
    };
    board_init(false, "");
    for (size_t i = 0; i < G_N_ELEMENTS(names); i++) {
        ck_assert_msg(object_property_find(OBJECT(board.echo), names[i]), "%s", names[i]);
    }
    ck_assert(object_property_get_bool(OBJECT(board.echo), "use-started", &error_fatal));
    ck_assert(!object_property_get_bool(OBJECT(board.echo), "iommu_platform", &error_fatal));
}
END_TEST

START_TEST(test_started_follows_driver_ok)
{
    board_init(false, "");
    ck_assert(!board_vdev()->started);
    ck_assert(setup_modern(MODERN_FEATURES));
    ck_assert(board_vdev()->started);
    mmio_write(VIRTIO_MMIO_STATUS, 0);
    ck_assert(!board_vdev()->started);
}
END_TEST

/* ---- migration ---- */

static uint8_t *save_device(size_t *len)
{
    QEMUFile *f = qemu_file_new_mem_output();
    const uint8_t *data;
    uint8_t *copy;
    Error *err = NULL;

    ck_assert_int_eq(vmstate_save_state(f, &vmstate_echo, board.echo, NULL, &err), 0);
    qemu_fflush(f);
    data = qemu_file_mem_output_data(f, len);
    copy = g_memdup2(data, *len);
    qemu_fclose(f);
    return copy;
}

static int load_device(const uint8_t *data, size_t len, Error **errp)
{
    QEMUFile *f = qemu_file_new_mem_input(data, len);
    int ret = vmstate_load_state(f, &vmstate_echo, board.echo, 1, errp);
    qemu_fclose(f);
    return ret;
}

START_TEST(test_migration_round_trip)
{
    size_t len;
    g_autofree uint8_t *data = NULL;
    Error *err = NULL;
    TestQueue saved_tq;

    board_init(false, "");
    ck_assert(setup_modern(MODERN_FEATURES | F(VIRTIO_RING_F_EVENT_IDX)));
    for (int i = 0; i < 3; i++) {
        send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, i);
        kick();
    }
    board.echo->saved_marker = 0x5a5a1234;
    board.echo->value = 77;
    data = save_device(&len);
    saved_tq = tq;

    /* A fresh device in the same guest RAM (the RAM migrates separately). */
    mmio_write(VIRTIO_MMIO_STATUS, 0);
    board.echo->saved_marker = 0;
    ck_assert_int_eq(load_device(data, len, &err), 0);
    ck_assert_ptr_null(err);
    ck_assert_uint_eq(board.echo->saved_marker, 0x5a5a1234);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_DRIVER_OK,
                      VIRTIO_CONFIG_S_DRIVER_OK);
    ck_assert(virtio_vdev_has_feature(board_vdev(), VIRTIO_F_VERSION_1));
    ck_assert(virtio_vdev_has_feature(board_vdev(), VIRTIO_RING_F_EVENT_IDX));
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_QUEUE_READY), 1);
    ck_assert(board_vdev()->started);
    /* The unacknowledged interrupt is pending again. */
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_ISR_QUEUE);
    ck_assert_int_eq(board.irq_level, 1);
    /* The queue carries on where it was. */
    tq = saved_tq;
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 9);
    kick();
    ck_assert_uint_eq(used_idx(), 4);
    check_echo(BUF_BASE + 0x1000, 8, 9);
}
END_TEST

START_TEST(test_migration_legacy_round_trip_keeps_page_size)
{
    size_t len;
    g_autofree uint8_t *data = NULL;
    TestQueue saved_tq;

    board_init(true, "");
    setup_legacy(0);
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 1);
    kick();
    data = save_device(&len);
    saved_tq = tq;
    mmio_write(VIRTIO_MMIO_STATUS, 0);
    VIRTIO_MMIO(board.proxy)->guest_page_shift = 0;
    ck_assert_int_eq(load_device(data, len, &error_fatal), 0);
    ck_assert_uint_eq(VIRTIO_MMIO(board.proxy)->guest_page_shift, 12);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_QUEUE_PFN), RING_BASE >> 12);
    tq = saved_tq;
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 2);
    kick();
    ck_assert_uint_eq(used_idx(), 2);
    check_echo(BUF_BASE + 0x1000, 8, 2);
}
END_TEST

START_TEST(test_migration_reissues_in_flight_requests)
{
    size_t len;
    g_autofree uint8_t *data = NULL;

    board_init(false, "");
    ck_assert(setup_modern(MODERN_FEATURES));
    board.echo->hold = true;
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 5);
    kick();
    ck_assert_int_eq(board.echo->nheld, 1);
    data = save_device(&len);
    /* Destination: the held request is not in the stream; it is popped again. */
    board.echo->hold = false;
    echo_reset(board_vdev());
    ck_assert_int_eq(load_device(data, len, &error_fatal), 0);
    kick();
    ck_assert_uint_eq(used_idx(), 1);
    check_echo(BUF_BASE + 0x1000, 8, 5);
}
END_TEST

START_TEST(test_migration_device_post_load_sees_device_endian)
{
    size_t len;
    g_autofree uint8_t *data = NULL;

    board_init(true, "");
    virtio_guest_is_big_endian = board_is_big_endian_true;
    setup_legacy(0);
    ck_assert(virtio_access_is_big_endian(board_vdev()));
    data = save_device(&len);
    /* The destination starts little-endian; the subsection comes last (seed 004). */
    virtio_guest_is_big_endian = board_is_big_endian_false;
    mmio_write(VIRTIO_MMIO_STATUS, 0);
    ck_assert(!virtio_access_is_big_endian(board_vdev()));
    ck_assert_int_eq(load_device(data, len, &error_fatal), 0);
    ck_assert_int_eq(board.echo->post_load_calls, 1);
    ck_assert(board.echo->post_load_saw_big_endian);
    ck_assert(virtio_access_is_big_endian(board_vdev()));
}
END_TEST

START_TEST(test_migration_refuses_out_of_order_in_flight)
{
    QEMUFile *f;
    Error *err = NULL;

    board_init(false, "");
    ck_assert(setup_modern(MODERN_FEATURES));
    board.echo->hold = true;
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 1);
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 2);
    kick();
    ck_assert_int_eq(board.echo->nheld, 2);
    /* The later request completes first; the earlier one is still in flight. */
    virtqueue_push(board.echo->vq, board.echo->held[1], 0);
    g_free(board.echo->held[1]);
    board.echo->nheld = 1;
    f = qemu_file_new_mem_output();
    ck_assert_int_ne(vmstate_save_state(f, &vmstate_echo, board.echo, NULL, &err), 0);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(error_get_pretty(err), "in flight"), "%s", error_get_pretty(err));
    error_free(err);
    qemu_fclose(f);
    /* In order again: migratable. */
    virtqueue_push(board.echo->vq, board.echo->held[0], 0);
    g_free(board.echo->held[0]);
    board.echo->nheld = 0;
    f = qemu_file_new_mem_output();
    ck_assert_int_eq(vmstate_save_state(f, &vmstate_echo, board.echo, NULL, &error_fatal), 0);
    qemu_fclose(f);
}
END_TEST

/* virtio-mmio's config: host and guest feature selectors, guest page shift. */
#define MMIO_CONFIG_BYTES 12

/* Offset of the queue's last_avail_idx in the stream: after the fixed header. */
static size_t last_avail_offset(void)
{
    /*
     * transport config (3 words), status isr queue_sel features config_len
     * config[8] nqueues num align desc
     */
    return MMIO_CONFIG_BYTES + 1 + 1 + 2 + 4 + 4 + 8 + 4 + 4 + 4 + 8;
}

START_TEST(test_migration_rejects_corrupt_last_avail_idx)
{
    size_t len;
    g_autofree uint8_t *data = NULL;
    Error *err = NULL;

    board_init(false, "");
    ck_assert(setup_modern(MODERN_FEATURES));
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 1);
    kick();
    data = save_device(&len);
    ck_assert_uint_eq(lduw_be_p(data + last_avail_offset()), 1);
    stw_be_p(data + last_avail_offset(), 0x4000);
    ck_assert_int_ne(load_device(data, len, &err), 0);
    ck_assert_ptr_nonnull(err);
    ck_assert_msg(strstr(error_get_pretty(err), "inconsistent"), "%s", error_get_pretty(err));
    error_free(err);
}
END_TEST

START_TEST(test_migration_rejects_bad_values)
{
    size_t len;
    g_autofree uint8_t *data = NULL;
    Error *err = NULL;
    /* Each of: queue size too big, queue count too big, align not a power of 2. */
    static const struct { size_t off; uint32_t val; } bad[] = {
        { MMIO_CONFIG_BYTES + 1 + 1 + 2 + 4 + 4 + 8 + 4, 5000 },       /* num */
        { MMIO_CONFIG_BYTES + 1 + 1 + 2 + 4 + 4 + 8, 2000 },           /* queue count */
        { MMIO_CONFIG_BYTES + 1 + 1 + 2 + 4 + 4 + 8 + 4 + 4, 3 },      /* align */
        { 8, 32 },                                                      /* page shift */
    };

    size_t subsections_start;

    board_init(false, "");
    ck_assert(setup_modern(MODERN_FEATURES));
    data = save_device(&len);
    /* Fixed part, one queue, the device's marker; then subsections. */
    subsections_start = last_avail_offset() + 2 + 4;
    for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
        g_autofree uint8_t *copy = g_memdup2(data, len);
        stl_be_p(copy + bad[i].off, bad[i].val);
        ck_assert_int_ne(load_device(copy, len, &err), 0);
        ck_assert_ptr_nonnull(err);
        error_free(err);
        err = NULL;
    }
    /*
     * Truncated anywhere: an error, never a crash.  (A cut right before the
     * optional subsections looks like a stream without them; the section
     * footer catches that one in a real stream.)
     */
    for (size_t cut = 0; cut < len; cut += cut < 128 ? 1 : 61) {
        int ret = load_device(data, cut, &err);
        ck_assert_msg(ret != 0 || cut >= subsections_start, "cut at %zu of %zu loaded", cut,
                      len);
        error_free(err);
        err = NULL;
    }
}
END_TEST

static Suite *virtio_suite(void)
{
    Suite *s = suite_create("virtio");
    TCase *tc = tcase_create("rings");
    TCase *bad = tcase_create("malformed");
    TCase *mig = tcase_create("migration");

    tcase_add_test(tc, test_legacy_round_trip);
    tcase_add_test(tc, test_modern_round_trip_many);
    tcase_add_test(tc, test_batch_of_chains_in_one_kick);
    tcase_add_test(tc, test_buffer_split_across_descriptors);
    tcase_add_test(tc, test_indirect_descriptors);
    tcase_add_test(tc, test_device_reads_guest_byte_order_legacy_big_endian);
    tcase_add_test(tc, test_no_interrupt_flag_suppresses_interrupt);
    tcase_add_test(tc, test_event_idx_suppresses_until_used_event);
    tcase_add_test(tc, test_notification_disable_sets_no_notify);
    tcase_add_test(tc, test_notify_config_bumps_generation_and_interrupts);
    tcase_add_test(tc, test_reset_clears_device_and_rings);
    tcase_add_test(tc, test_unoffered_features_refused);
    tcase_add_test(tc, test_feature_properties);
    tcase_add_test(tc, test_packed_refused_at_realize);
    tcase_add_test(tc, test_compat_property_names_exist);
    tcase_add_test(tc, test_started_follows_driver_ok);
    suite_add_tcase(s, tc);

    tcase_add_test(bad, test_bad_avail_idx_jump);
    tcase_add_test(bad, test_bad_head_index);
    tcase_add_test(bad, test_bad_next_index);
    tcase_add_test(bad, test_descriptor_loop);
    tcase_add_test(bad, test_indirect_without_feature);
    tcase_add_test(bad, test_indirect_bad_length);
    tcase_add_test(bad, test_indirect_zero_length);
    tcase_add_test(bad, test_nested_indirect);
    tcase_add_test(bad, test_indirect_loop);
    tcase_add_test(bad, test_indirect_table_outside_ram);
    tcase_add_test(bad, test_buffer_outside_ram);
    tcase_add_test(bad, test_buffer_on_mmio_registers);
    tcase_add_test(bad, test_buffer_runs_off_end_of_ram);
    tcase_add_test(bad, test_buffer_wraps_address_space);
    tcase_add_test(bad, test_zero_length_buffer);
    tcase_add_test(bad, test_readable_after_writable);
    tcase_add_test(bad, test_rings_outside_ram);
    tcase_add_test(bad, test_too_many_in_flight);
    tcase_add_test(bad, test_legacy_error_has_no_needs_reset);
    suite_add_tcase(s, bad);

    tcase_add_test(mig, test_migration_round_trip);
    tcase_add_test(mig, test_migration_legacy_round_trip_keeps_page_size);
    tcase_add_test(mig, test_migration_reissues_in_flight_requests);
    tcase_add_test(mig, test_migration_device_post_load_sees_device_endian);
    tcase_add_test(mig, test_migration_refuses_out_of_order_in_flight);
    tcase_add_test(mig, test_migration_rejects_corrupt_last_avail_idx);
    tcase_add_test(mig, test_migration_rejects_bad_values);
    suite_add_tcase(s, mig);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(virtio_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
