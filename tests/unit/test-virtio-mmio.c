/*
 * Unit tests for the virtio-mmio transport (hw/virtio/virtio-mmio.c): the
 * empty transport, identification, legacy and modern register sets, feature
 * words, queue setup registers, config space accesses of every width and
 * out of range, 32-bit-only registers, the interrupt line, and the device
 * path (seed 000).
 */
#include "virtio-test-driver.h"

START_TEST(test_empty_transport_reads_device_id_0)
{
    board_init(true, NULL);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_MAGIC_VALUE), VIRT_MAGIC);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_VERSION), 1);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_DEVICE_ID), 0);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_VENDOR_ID), VIRT_VENDOR);
    /* Writes go nowhere; reads of the rest are 0. */
    mmio_write(VIRTIO_MMIO_STATUS, 0xf);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_STATUS), 0);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_DEVICE_FEATURES), 0);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_CONFIG), 0);
    ck_assert_int_eq(board.irq_level, 0);
}
END_TEST

START_TEST(test_modern_transport_version_2)
{
    board_init(false, NULL);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_VERSION), 2);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_DEVICE_ID), 0);
}
END_TEST

START_TEST(test_device_id_and_legacy_features)
{
    board_init(true, "");
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_DEVICE_ID), VIRTIO_ID_TEST);
    mmio_write(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 0);
    {
        uint32_t f = mmio_read(VIRTIO_MMIO_DEVICE_FEATURES);
        ck_assert(f & F(ECHO_FEATURE_X));
        ck_assert(f & F(VIRTIO_RING_F_INDIRECT_DESC));
        ck_assert(f & F(VIRTIO_RING_F_EVENT_IDX));
        ck_assert(f & F(VIRTIO_F_NOTIFY_ON_EMPTY));
    }
    /* Legacy devices have no high feature word (no VERSION_1). */
    mmio_write(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_DEVICE_FEATURES), 0);
    ck_assert(!virtio_host_has_feature(board_vdev(), VIRTIO_F_VERSION_1));
}
END_TEST

START_TEST(test_modern_features_high_word_has_version_1)
{
    board_init(false, "");
    mmio_write(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_DEVICE_FEATURES) & 1, 1);
    /* Any non-zero selector is the high word, as on QEMU. */
    mmio_write(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 2);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_DEVICE_FEATURES) & 1, 1);
    /* Per-queue reset is offered only by devices that can drop a queue's requests. */
    ck_assert(!virtio_host_has_feature(board_vdev(), VIRTIO_F_RING_RESET));
}
END_TEST

START_TEST(test_legacy_driver_features_apply_at_once)
{
    board_init(true, "");
    mmio_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    mmio_write(VIRTIO_MMIO_DRIVER_FEATURES, F(ECHO_FEATURE_X) | F(VIRTIO_RING_F_EVENT_IDX));
    ck_assert(virtio_vdev_has_feature(board_vdev(), ECHO_FEATURE_X));
    ck_assert(virtio_vdev_has_feature(board_vdev(), VIRTIO_RING_F_EVENT_IDX));
    /* Bits the device does not offer are dropped. */
    mmio_write(VIRTIO_MMIO_DRIVER_FEATURES, F(5));
    ck_assert_uint_eq(board_vdev()->guest_features, 0);
}
END_TEST

START_TEST(test_modern_features_apply_at_features_ok)
{
    board_init(false, "");
    mmio_write(VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER);
    mmio_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    mmio_write(VIRTIO_MMIO_DRIVER_FEATURES, F(ECHO_FEATURE_X));
    mmio_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
    mmio_write(VIRTIO_MMIO_DRIVER_FEATURES, 1);
    ck_assert_uint_eq(board_vdev()->guest_features, 0);
    mmio_write(VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
               VIRTIO_CONFIG_S_FEATURES_OK);
    ck_assert_uint_eq(board_vdev()->guest_features, MODERN_FEATURES);
    ck_assert(mmio_read(VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_FEATURES_OK);
    /* Frozen after FEATURES_OK. */
    mmio_write(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
    mmio_write(VIRTIO_MMIO_DRIVER_FEATURES, 0);
    mmio_write(VIRTIO_MMIO_STATUS, VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER |
               VIRTIO_CONFIG_S_FEATURES_OK | VIRTIO_CONFIG_S_DRIVER_OK);
    ck_assert_uint_eq(board_vdev()->guest_features, MODERN_FEATURES);
    ck_assert(mmio_read(VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_DRIVER_OK);
}
END_TEST

START_TEST(test_queue_num_max_and_selection)
{
    board_init(false, "");
    mmio_write(VIRTIO_MMIO_QUEUE_SEL, 0);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_QUEUE_NUM_MAX), VIRTIO_QUEUE_MAX);
    mmio_write(VIRTIO_MMIO_QUEUE_SEL, 1);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_QUEUE_NUM_MAX), 0);
    /* Out of range selections are ignored. */
    mmio_write(VIRTIO_MMIO_QUEUE_SEL, 0xffffffff);
    ck_assert_uint_eq(board_vdev()->queue_sel, 1);
    mmio_write(VIRTIO_MMIO_QUEUE_SEL, VIRTIO_QUEUE_MAX);
    ck_assert_uint_eq(board_vdev()->queue_sel, 1);
}
END_TEST

START_TEST(test_legacy_queue_layout_from_pfn)
{
    VirtIODevice *vdev;

    board_init(true, "");
    vdev = board_vdev();
    mmio_write(VIRTIO_MMIO_GUEST_PAGE_SIZE, 4096);
    mmio_write(VIRTIO_MMIO_QUEUE_SEL, 0);
    mmio_write(VIRTIO_MMIO_QUEUE_NUM, 64);
    mmio_write(VIRTIO_MMIO_QUEUE_ALIGN, 4096);
    mmio_write(VIRTIO_MMIO_QUEUE_PFN, RING_BASE >> 12);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_QUEUE_PFN), RING_BASE >> 12);
    ck_assert_uint_eq(virtio_queue_get_desc_addr(vdev, 0), RING_BASE);
    ck_assert_uint_eq(virtio_queue_get_avail_addr(vdev, 0), RING_BASE + 64 * 16);
    ck_assert_uint_eq(virtio_queue_get_used_addr(vdev, 0),
                      QEMU_ALIGN_UP(RING_BASE + 64 * 16 + 6 + 2 * 64, 4096));
    /* A smaller alignment moves only the used ring. */
    mmio_write(VIRTIO_MMIO_QUEUE_ALIGN, 64);
    ck_assert_uint_eq(virtio_queue_get_used_addr(vdev, 0),
                      QEMU_ALIGN_UP(RING_BASE + 64 * 16 + 6 + 2 * 64, 64));
    /* Not a power of two: ignored. */
    mmio_write(VIRTIO_MMIO_QUEUE_ALIGN, 100);
    ck_assert_uint_eq(virtio_queue_get_used_addr(vdev, 0),
                      QEMU_ALIGN_UP(RING_BASE + 64 * 16 + 6 + 2 * 64, 64));
    /* The size moves the rings of a legacy queue already placed. */
    mmio_write(VIRTIO_MMIO_QUEUE_NUM, 32);
    ck_assert_uint_eq(virtio_queue_get_avail_addr(vdev, 0), RING_BASE + 32 * 16);
    mmio_write(VIRTIO_MMIO_QUEUE_NUM, 64);
    /* Sizes beyond the limit are ignored. */
    mmio_write(VIRTIO_MMIO_QUEUE_NUM, VIRTIO_QUEUE_MAX + 1);
    ck_assert_int_eq(virtio_queue_get_num(vdev, 0), 64);
    /* PFN 0 stops the queue. */
    mmio_write(VIRTIO_MMIO_QUEUE_PFN, 0);
    ck_assert(!virtio_queue_enabled(vdev, 0));
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_QUEUE_PFN), 0);
}
END_TEST

START_TEST(test_modern_queue_ready)
{
    VirtIODevice *vdev;

    board_init(false, "");
    vdev = board_vdev();
    mmio_write(VIRTIO_MMIO_QUEUE_SEL, 0);
    mmio_write(VIRTIO_MMIO_QUEUE_DESC_LOW, 0x1000);
    mmio_write(VIRTIO_MMIO_QUEUE_DESC_HIGH, 0x1);
    mmio_write(VIRTIO_MMIO_QUEUE_AVAIL_LOW, 0x2000);
    mmio_write(VIRTIO_MMIO_QUEUE_USED_LOW, 0x3000);
    /* Size 0: cannot be made ready. */
    mmio_write(VIRTIO_MMIO_QUEUE_NUM, 0);
    mmio_write(VIRTIO_MMIO_QUEUE_READY, 1);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_QUEUE_READY), 0);
    mmio_write(VIRTIO_MMIO_QUEUE_NUM, 32);
    mmio_write(VIRTIO_MMIO_QUEUE_READY, 1);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_QUEUE_READY), 1);
    ck_assert_uint_eq(virtio_queue_get_desc_addr(vdev, 0), 0x100001000ULL);
    ck_assert_uint_eq(virtio_queue_get_avail_addr(vdev, 0), 0x2000);
    ck_assert_uint_eq(virtio_queue_get_used_addr(vdev, 0), 0x3000);
    ck_assert_int_eq(virtio_queue_get_num(vdev, 0), 32);
    mmio_write(VIRTIO_MMIO_QUEUE_READY, 0);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_QUEUE_READY), 0);
    ck_assert(!virtio_queue_enabled(vdev, 0));
    /* A queue the device does not have never becomes ready. */
    mmio_write(VIRTIO_MMIO_QUEUE_SEL, 3);
    mmio_write(VIRTIO_MMIO_QUEUE_NUM, 8);
    mmio_write(VIRTIO_MMIO_QUEUE_READY, 1);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_QUEUE_READY), 0);
}
END_TEST

START_TEST(test_registers_of_the_other_version_are_ignored)
{
    board_init(true, "");
    mmio_write(VIRTIO_MMIO_QUEUE_NUM, 16);
    mmio_write(VIRTIO_MMIO_QUEUE_DESC_LOW, 0x1000);
    mmio_write(VIRTIO_MMIO_QUEUE_READY, 1);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_QUEUE_READY), 0);
    ck_assert(!virtio_queue_enabled(board_vdev(), 0));
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_CONFIG_GENERATION), 0);
}
END_TEST

START_TEST(test_modern_ignores_legacy_registers)
{
    board_init(false, "");
    mmio_write(VIRTIO_MMIO_GUEST_PAGE_SIZE, 4096);
    mmio_write(VIRTIO_MMIO_QUEUE_PFN, RING_BASE >> 12);
    ck_assert(!virtio_queue_enabled(board_vdev(), 0));
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_QUEUE_PFN), 0);
}
END_TEST

START_TEST(test_registers_are_32_bit_only)
{
    uint16_t v16;
    uint8_t v8;

    board_init(true, "");
    ck_assert_int_eq(address_space_read(&address_space_memory, MMIO_BASE, MEMTXATTRS_UNSPECIFIED,
                                        &v16, 2), MEMTX_OK);
    ck_assert_uint_eq(v16, 0);
    v8 = VIRTIO_CONFIG_S_ACKNOWLEDGE;
    address_space_write(&address_space_memory, MMIO_BASE + VIRTIO_MMIO_STATUS,
                        MEMTXATTRS_UNSPECIFIED, &v8, 1);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_STATUS), 0);
}
END_TEST

START_TEST(test_config_space_widths_and_bounds)
{
    uint8_t b;
    uint16_t w;
    uint32_t l;

    board_init(false, "");
    board.echo->value = 0x11223344;
    board.echo->requests = 0xa0b0c0d0;
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_CONFIG), 0x11223344);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_CONFIG + 4), 0xa0b0c0d0);
    address_space_read(&address_space_memory, MMIO_BASE + VIRTIO_MMIO_CONFIG + 1,
                       MEMTXATTRS_UNSPECIFIED, &b, 1);
    ck_assert_uint_eq(b, 0x33);
    address_space_read(&address_space_memory, MMIO_BASE + VIRTIO_MMIO_CONFIG + 6,
                       MEMTXATTRS_UNSPECIFIED, &w, 2);
    ck_assert_uint_eq(le16_to_cpu(w), 0xa0b0);
    /* Beyond the 8 bytes of config: all ones. */
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_CONFIG + 8), 0xffffffff);
    address_space_read(&address_space_memory, MMIO_BASE + VIRTIO_MMIO_CONFIG + 8,
                       MEMTXATTRS_UNSPECIFIED, &w, 2);
    ck_assert_uint_eq(w, 0xffff);
    address_space_read(&address_space_memory, MMIO_BASE + VIRTIO_MMIO_CONFIG + 0xff,
                       MEMTXATTRS_UNSPECIFIED, &b, 1);
    ck_assert_uint_eq(b, 0xff);
    /* Writes reach the device; out of range ones are dropped. */
    mmio_write(VIRTIO_MMIO_CONFIG, 0xcafef00d);
    ck_assert_uint_eq(board.echo->value, 0xcafef00d);
    l = cpu_to_le32(0x12345678);
    address_space_write(&address_space_memory, MMIO_BASE + VIRTIO_MMIO_CONFIG + 8,
                        MEMTXATTRS_UNSPECIFIED, &l, 4);
    ck_assert_uint_eq(board.echo->set_config_calls, 1);
    w = cpu_to_le16(0xbeef);
    address_space_write(&address_space_memory, MMIO_BASE + VIRTIO_MMIO_CONFIG + 2,
                        MEMTXATTRS_UNSPECIFIED, &w, 2);
    ck_assert_uint_eq(board.echo->value, 0xbeeff00d);
}
END_TEST

START_TEST(test_legacy_config_space)
{
    board_init(true, "");
    board.echo->value = 0x01020304;
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_CONFIG), 0x01020304);
    mmio_write(VIRTIO_MMIO_CONFIG, 7);
    ck_assert_uint_eq(board.echo->value, 7);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_CONFIG + 8), 0xffffffff);
}
END_TEST

START_TEST(test_interrupt_ack_is_per_bit_and_drives_the_line)
{
    VirtIODevice *vdev;

    board_init(false, "");
    ck_assert(setup_modern(MODERN_FEATURES));
    vdev = board_vdev();
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 1);
    kick();
    virtio_notify_config(vdev);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_INTERRUPT_STATUS), 3);
    ck_assert_int_eq(board.irq_level, 1);
    mmio_write(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_ISR_QUEUE);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_INTERRUPT_STATUS), VIRTIO_ISR_CONFIG);
    ck_assert_int_eq(board.irq_level, 1);
    mmio_write(VIRTIO_MMIO_INTERRUPT_ACK, VIRTIO_ISR_CONFIG);
    ck_assert_int_eq(board.irq_level, 0);
}
END_TEST

START_TEST(test_status_zero_resets_transport_state)
{
    board_init(false, "");
    ck_assert(setup_modern(MODERN_FEATURES));
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 1);
    kick();
    ck_assert_int_eq(board.irq_level, 1);
    mmio_write(VIRTIO_MMIO_STATUS, 0);
    ck_assert_int_eq(board.irq_level, 0);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_INTERRUPT_STATUS), 0);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_QUEUE_READY), 0);
    ck_assert_uint_eq(VIRTIO_MMIO(board.proxy)->guest_features[1], 0);
}
END_TEST

START_TEST(test_system_reset_resets_device)
{
    board_init(false, "");
    ck_assert(setup_modern(MODERN_FEATURES));
    device_cold_reset(board.proxy);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_STATUS), 0);
    ck_assert_uint_eq(board_vdev()->guest_features, 0);
    ck_assert(!virtio_queue_enabled(board_vdev(), 0));
}
END_TEST

START_TEST(test_notify_of_unknown_queue_is_harmless)
{
    board_init(false, "");
    ck_assert(setup_modern(MODERN_FEATURES));
    mmio_write(VIRTIO_MMIO_QUEUE_NOTIFY, 5);
    mmio_write(VIRTIO_MMIO_QUEUE_NOTIFY, 0xffffffff);
    ck_assert(!board_vdev()->broken);
}
END_TEST

START_TEST(test_device_path_has_transport_address)
{
    char *path;

    board_init(true, "");
    path = qdev_get_dev_path(DEVICE(board.echo));
    ck_assert_str_eq(path, "virtio-mmio@000000000a000000");
    g_free(path);
}
END_TEST

START_TEST(test_no_shared_memory_regions)
{
    board_init(false, "");
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_SHM_LEN_LOW), 0xffffffff);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_SHM_LEN_HIGH), 0xffffffff);
}
END_TEST

START_TEST(test_queue_reset_register)
{
    board_echo_type = TYPE_TEST_ECHO_QR;
    board_init(false, "");
    ck_assert(virtio_host_has_feature(board_vdev(), VIRTIO_F_RING_RESET));
    ck_assert(setup_modern(MODERN_FEATURES | F(VIRTIO_F_RING_RESET)));
    board.echo->hold = true;
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 1);
    kick();
    ck_assert_int_eq(board.echo->nheld, 1);
    mmio_write(VIRTIO_MMIO_QUEUE_SEL, 0);
    mmio_write(VIRTIO_MMIO_QUEUE_RESET, 1);
    ck_assert_int_eq(board.echo->queue_resets, 1);
    ck_assert_int_eq(board.echo->nheld, 0);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_QUEUE_RESET), 0);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_QUEUE_READY), 0);
    ck_assert(!virtio_queue_enabled(board_vdev(), 0));
    /* The device keeps running; the queue is set up again and works. */
    ck_assert(mmio_read(VIRTIO_MMIO_STATUS) & VIRTIO_CONFIG_S_DRIVER_OK);
    board.echo->hold = false;
    tq.avail_idx = tq.next_desc = 0;
    gw16(tq.avail + 2, 0);
    gw16(tq.used + 2, 0);
    mmio_write(VIRTIO_MMIO_QUEUE_NUM, tq.num);
    mmio_write(VIRTIO_MMIO_QUEUE_DESC_LOW, (uint32_t)tq.desc);
    mmio_write(VIRTIO_MMIO_QUEUE_AVAIL_LOW, (uint32_t)tq.avail);
    mmio_write(VIRTIO_MMIO_QUEUE_USED_LOW, (uint32_t)tq.used);
    mmio_write(VIRTIO_MMIO_QUEUE_READY, 1);
    send_echo(BUF_BASE, BUF_BASE + 0x1000, 8, 3);
    kick();
    ck_assert_uint_eq(used_idx(), 1);
    check_echo(BUF_BASE + 0x1000, 8, 3);
}
END_TEST

START_TEST(test_queue_reset_ignored_unless_negotiated)
{
    board_init(false, "");
    ck_assert(setup_modern(MODERN_FEATURES));
    mmio_write(VIRTIO_MMIO_QUEUE_RESET, 1);
    ck_assert_uint_eq(mmio_read(VIRTIO_MMIO_QUEUE_READY), 1);
    ck_assert(virtio_queue_enabled(board_vdev(), 0));
}
END_TEST

START_TEST(test_queue_reset_property_off_hides_feature)
{
    board_echo_type = TYPE_TEST_ECHO_QR;
    board_init(false, "queue_reset=off");
    ck_assert(!virtio_host_has_feature(board_vdev(), VIRTIO_F_RING_RESET));
}
END_TEST

static Suite *virtio_mmio_suite(void)
{
    Suite *s = suite_create("virtio-mmio");
    TCase *tc = tcase_create("registers");

    tcase_add_test(tc, test_empty_transport_reads_device_id_0);
    tcase_add_test(tc, test_modern_transport_version_2);
    tcase_add_test(tc, test_device_id_and_legacy_features);
    tcase_add_test(tc, test_modern_features_high_word_has_version_1);
    tcase_add_test(tc, test_legacy_driver_features_apply_at_once);
    tcase_add_test(tc, test_modern_features_apply_at_features_ok);
    tcase_add_test(tc, test_queue_num_max_and_selection);
    tcase_add_test(tc, test_legacy_queue_layout_from_pfn);
    tcase_add_test(tc, test_modern_queue_ready);
    tcase_add_test(tc, test_registers_of_the_other_version_are_ignored);
    tcase_add_test(tc, test_modern_ignores_legacy_registers);
    tcase_add_test(tc, test_registers_are_32_bit_only);
    tcase_add_test(tc, test_config_space_widths_and_bounds);
    tcase_add_test(tc, test_legacy_config_space);
    tcase_add_test(tc, test_interrupt_ack_is_per_bit_and_drives_the_line);
    tcase_add_test(tc, test_status_zero_resets_transport_state);
    tcase_add_test(tc, test_system_reset_resets_device);
    tcase_add_test(tc, test_notify_of_unknown_queue_is_harmless);
    tcase_add_test(tc, test_device_path_has_transport_address);
    tcase_add_test(tc, test_no_shared_memory_regions);
    tcase_add_test(tc, test_queue_reset_register);
    tcase_add_test(tc, test_queue_reset_ignored_unless_negotiated);
    tcase_add_test(tc, test_queue_reset_property_off_hides_feature);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(virtio_mmio_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
