/*
 * Unit tests for what the monitors drive without a connection: the qtest
 * protocol's replies (system/qtest.c) and the virtual clock and timers it
 * warps (system/qemu-timer.c), including how the clock follows the run state
 * outside qtest.
 */
#include "qemu/osdep.h"
#include <check.h>
#include "monitor/monitor.h"
#include "qemu/timer.h"
#include "system/memory.h"
#include "system/qtest.h"
#include "system/runstate.h"
#include "system/system.h"

#define RAM_BASE 0x40000000

static MemoryRegion test_ram;

static void setup_qtest(bool big_endian)
{
    Error *err = NULL;

    accel_name_set("qtest");
    monitor_set_target_info(big_endian ? "ppc64" : "aarch64", big_endian);
    memory_init();
    ck_assert(memory_region_init_ram(&test_ram, NULL, "test.ram", 0x10000, &err));
    memory_region_add_subregion(get_system_memory(), RAM_BASE, &test_ram);
}

static void expect(const char *line, const char *reply)
{
    g_autofree char *got = qtest_process_line(line);

    ck_assert_str_eq(got, reply);
}

START_TEST(test_little_endian_accesses)
{
    setup_qtest(false);
    expect("endianness", "OK little\n");
    expect("writel 0x40000000 0x11223344", "OK\n");
    expect("readb 0x40000000", "OK 0x44\n");
    expect("readw 0x40000002", "OK 0x1122\n");
    expect("read 0x40000000 4", "OK 0x44332211\n");
}
END_TEST

START_TEST(test_big_endian_accesses)
{
    setup_qtest(true);
    expect("endianness", "OK big\n");
    expect("writel 0x40000000 0x11223344", "OK\n");
    expect("readb 0x40000000", "OK 0x11\n");
    expect("readl 0x40000000", "OK 0x11223344\n");
    expect("read 0x40000000 4", "OK 0x11223344\n");
}
END_TEST

START_TEST(test_malformed_lines_fail)
{
    setup_qtest(false);
    expect("", "");
    expect("   ", "");
    expect("readl", "FAIL missing address\n");
    expect("writew 0x40000000", "FAIL missing value\n");
    expect("nonsense", "FAIL Unknown command 'nonsense'\n");
    expect("inq 0", "FAIL Unknown command 'inq'\n");
    expect("write 0x40000000 2 0x1", "OK\n");
    expect("read 0x40000000 2", "OK 0x0000\n");
}
END_TEST

/* ---- timers ---- */

/* (tag, virtual time seen) of each callback, in firing order. */
static GArray *fired_log;

static void record(void *opaque)
{
    int64_t entry[2] = { (int64_t)(intptr_t)opaque, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) };

    g_array_append_vals(fired_log, entry, 2);
}

START_TEST(test_warp_fires_timers_in_deadline_order_at_their_time)
{
    QEMUTimer *a, *b, *c;

    setup_qtest(false);
    fired_log = g_array_new(FALSE, FALSE, sizeof(int64_t));
    a = timer_new_ns(QEMU_CLOCK_VIRTUAL, record, (void *)1);
    b = timer_new_ns(QEMU_CLOCK_VIRTUAL, record, (void *)2);
    c = timer_new_us(QEMU_CLOCK_VIRTUAL, record, (void *)3);
    timer_mod(a, 100);
    timer_mod(b, 50);
    timer_mod(c, 2);                 /* 2 us = 2000 ns */
    ck_assert_int_eq(qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL), 50);

    /* Without an argument clock_step goes to the next deadline. */
    expect("clock_step", "OK 50\n");
    ck_assert_uint_eq(fired_log->len, 2);
    ck_assert_int_eq(g_array_index(fired_log, int64_t, 0), 2);
    ck_assert_int_eq(g_array_index(fired_log, int64_t, 1), 50);

    expect("clock_set 5000", "OK 5000\n");
    ck_assert_uint_eq(fired_log->len, 6);
    ck_assert_int_eq(g_array_index(fired_log, int64_t, 2), 1);
    ck_assert_int_eq(g_array_index(fired_log, int64_t, 3), 100);
    ck_assert_int_eq(g_array_index(fired_log, int64_t, 4), 3);
    ck_assert_int_eq(g_array_index(fired_log, int64_t, 5), 2000);
    ck_assert(!timer_pending(a));
    ck_assert_int_eq(qemu_clock_deadline_ns_all(QEMU_CLOCK_VIRTUAL), -1);
    expect("clock_step", "OK 5000\n");
    timer_free(a);
    timer_free(b);
    timer_free(c);
}
END_TEST

static QEMUTimer *periodic;
static int periodic_count;

static void periodic_cb(void *opaque)
{
    periodic_count++;
    timer_mod_ns(periodic, qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL) + 10);
}

START_TEST(test_rearming_timer_fires_once_per_period)
{
    setup_qtest(false);
    periodic = timer_new_ns(QEMU_CLOCK_VIRTUAL, periodic_cb, NULL);
    timer_mod_ns(periodic, 10);
    expect("clock_step 100", "OK 100\n");
    ck_assert_int_eq(periodic_count, 10);
    timer_del(periodic);
    expect("clock_step 100", "OK 200\n");
    ck_assert_int_eq(periodic_count, 10);
    timer_free(periodic);
}
END_TEST

START_TEST(test_deleted_timer_does_not_fire)
{
    QEMUTimer *t;

    setup_qtest(false);
    fired_log = g_array_new(FALSE, FALSE, sizeof(int64_t));
    t = timer_new_ns(QEMU_CLOCK_VIRTUAL, record, (void *)9);
    timer_mod_ns(t, 10);
    timer_mod_anticipate(t, 20);     /* later: keeps 10 */
    ck_assert_int_eq(timer_expire_time_ns(t), 10);
    timer_del(t);
    expect("clock_step 100", "OK 100\n");
    ck_assert_uint_eq(fired_log->len, 0);
    timer_free(t);
}
END_TEST

START_TEST(test_virtual_clock_follows_run_state_outside_qtest)
{
    int64_t t0, t1, t2, t3;

    accel_name_set("tcg");
    t0 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    g_usleep(20000);
    ck_assert_int_eq(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), t0);   /* prelaunch: frozen */
    vm_start();
    g_usleep(20000);
    t1 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    ck_assert_int_ge(t1 - t0, 15 * 1000 * 1000);
    vm_stop(RUN_STATE_PAUSED);
    t2 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    g_usleep(20000);
    ck_assert_int_eq(qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL), t2);
    vm_start();
    t3 = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    /* Resuming continues from where it stopped, not from host time. */
    ck_assert_int_lt(t3 - t2, 10 * 1000 * 1000);
    expect("clock_step 10", "FAIL the virtual clock is only controlled with -accel qtest\n");
}
END_TEST

static gboolean quit_loop(gpointer loop)
{
    g_main_loop_quit(loop);
    return G_SOURCE_REMOVE;
}

static void realtime_cb(void *opaque)
{
    *(int *)opaque += 1;
}

START_TEST(test_realtime_timer_fires_from_main_loop)
{
    GMainLoop *loop = g_main_loop_new(NULL, FALSE);
    int count = 0;
    QEMUTimer *t = timer_new_ms(QEMU_CLOCK_REALTIME, realtime_cb, &count);

    timer_mod(t, qemu_clock_get_ms(QEMU_CLOCK_REALTIME) + 20);
    g_timeout_add(500, quit_loop, loop);
    g_main_loop_run(loop);
    ck_assert_int_eq(count, 1);
    timer_free(t);
    g_main_loop_unref(loop);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("qmp-qtest");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_little_endian_accesses);
    tcase_add_test(tc, test_big_endian_accesses);
    tcase_add_test(tc, test_malformed_lines_fail);
    tcase_add_test(tc, test_warp_fires_timers_in_deadline_order_at_their_time);
    tcase_add_test(tc, test_rearming_timer_fires_once_per_period);
    tcase_add_test(tc, test_deleted_timer_does_not_fire);
    tcase_add_test(tc, test_virtual_clock_follows_run_state_outside_qtest);
    tcase_add_test(tc, test_realtime_timer_fires_from_main_loop);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
