/*
 * Unit tests for RAM migration and the migration state machine: RAM with
 * patterns and zero pages survives a round trip, pages dirtied during the
 * migration are sent again, RAM errors are clear, and whole migrations to a
 * forked destination over exec:, tcp:, unix:, fd: and file: restore RAM and
 * device state, resume only when the source ran, honour the bandwidth limit,
 * and leave the source running on cancel or when the destination dies.
 */
#include "qemu/osdep.h"
#include "system/cpus.h"
#include <check.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <netinet/in.h>
#include "hw/boards.h"
#include "migration/vmstate.h"
#include "migration/misc.h"
#include "migration/migration-internal.h"
#include "qemu/option.h"
#include "qemu/bswap.h"
#include "system/runstate.h"

#define ck_assert_contains(haystack, needle) \
    ck_assert_msg((haystack) && strstr((haystack), (needle)), "'%s' lacks '%s'", \
                  (haystack) ? (haystack) : "(null)", (needle))

#define RAM_SIZE (8u << 20)
#define PAGE 4096u
#define NPAGES (RAM_SIZE / PAGE)

/* ---- a device with state, and guest RAM ---- */

#define TYPE_TEST_TIMER "test-timer"

typedef struct TestTimer {
    DeviceState parent_obj;
    uint32_t ctrl;
    uint64_t count;
} TestTimer;

static const VMStateDescription vmstate_test_timer = {
    .name = "test-timer",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(ctrl, TestTimer),
        VMSTATE_UINT64(count, TestTimer),
        VMSTATE_END_OF_LIST()
    },
};

static void timer_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    dc->vmsd = &vmstate_test_timer;
    dc->user_creatable = true;
}

static const TypeInfo ram_test_types[] = {
    { .name = TYPE_TEST_TIMER, .parent = TYPE_DEVICE, .instance_size = sizeof(TestTimer),
      .class_init = timer_class_init },
};
DEFINE_TYPES(ram_test_types)

static MemoryRegion test_ram;
static uint8_t *ram;
static TestTimer *timer;

static void setup_guest(void)
{
    MachineState *ms = machine_create(machine_find_class("none"), &error_fatal);
    QemuOpts *opts;

    ck_assert(machine_run_board_init(ms, &error_fatal));
    ck_assert(memory_region_init_ram(&test_ram, NULL, "test.ram", RAM_SIZE, &error_fatal));
    memory_region_add_subregion(get_system_memory(), 0, &test_ram);
    ram = memory_region_get_ram_ptr(&test_ram);
    opts = qemu_opts_parse("test-timer", "driver", &error_fatal);
    timer = (TestTimer *)qdev_device_add(opts, false, &error_fatal);
    qemu_opts_del(opts);
}

/* Every third page zero, the others a pattern that depends on the page. */
static void fill_pattern(void)
{
    for (unsigned p = 0; p < NPAGES; p++) {
        for (unsigned i = 0; i < PAGE; i++) {
            ram[p * PAGE + i] = p % 3 == 0 ? 0 : (uint8_t)(p * 7 + i * 13 + 1);
        }
    }
    timer->ctrl = 0x8001;
    timer->count = 123456789012ull;
}

static uint64_t ram_checksum(void)
{
    uint64_t h = 1469598103934665603ull;
    for (unsigned i = 0; i < RAM_SIZE; i++) {
        h = (h ^ ram[i]) * 1099511628211ull;
    }
    return h;
}

static void clear_guest(void)
{
    memset(ram, 0xee, RAM_SIZE);
    timer->ctrl = 0;
    timer->count = 0;
}

static void main_loop_until(bool (*done)(void), int timeout_ms)
{
    int64_t end = g_get_monotonic_time() + timeout_ms * 1000ll;
    while (!done()) {
        ck_assert_msg(g_get_monotonic_time() < end, "timed out");
        g_main_context_iteration(NULL, FALSE);
        g_usleep(200);
    }
}

static MigrationStatus status(void)
{
    MigrationInfo info;
    MigrationStatus s;
    migration_query(&info);
    s = info.status;
    migration_info_clear(&info);
    return s;
}

static bool outgoing_finished(void)
{
    MigrationStatus s = status();
    return !migration_is_active() && (s == MIGRATION_STATUS_COMPLETED ||
                                      s == MIGRATION_STATUS_FAILED ||
                                      s == MIGRATION_STATUS_CANCELLED);
}

/* ---- RAM save/load in-process ---- */

static char *load_file(int fd)
{
    QEMUFile *f;
    Error *err = NULL;
    char *msg = NULL;

    lseek(fd, 0, SEEK_SET);
    f = qemu_file_new_fd_input(dup(fd), "test");
    if (qemu_loadvm_state(f, &err) < 0) {
        msg = g_strdup(error_get_pretty(err));
        error_free(err);
    }
    qemu_fclose(f);
    return msg;
}

static int temp_file(void)
{
    char path[] = "/tmp/test-savevm-ram-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    unlink(path);
    return fd;
}

START_TEST(test_ram_with_patterns_and_zero_pages_round_trips)
{
    int fd = temp_file();
    QEMUFile *f = qemu_file_new_fd_output(dup(fd), "test");
    MigrationRamStats stats;
    uint64_t sum;
    char *err;
    struct stat st;

    setup_guest();
    fill_pattern();
    sum = ram_checksum();
    ram_reset_stats();
    ck_assert_int_eq(qemu_savevm_state(f, &error_fatal), 0);
    ck_assert_int_eq(qemu_fclose(f), 0);
    ram_get_stats(&stats);
    ck_assert_uint_eq(stats.normal, NPAGES - (NPAGES + 2) / 3);
    ck_assert_uint_ge(stats.duplicate, (NPAGES + 2) / 3);
    ck_assert_uint_eq(stats.total, RAM_SIZE);
    /* Zero pages cost a few bytes, not a page. */
    ck_assert_int_eq(fstat(fd, &st), 0);
    ck_assert_uint_lt(st.st_size, (uint64_t)stats.normal * PAGE + 64 * 1024);

    clear_guest();
    err = load_file(fd);
    ck_assert_msg(!err, "%s", err);
    ck_assert(ram_checksum() == sum);
    ck_assert_uint_eq(timer->ctrl, 0x8001);
    ck_assert(timer->count == 123456789012ull);
    close(fd);
}
END_TEST

START_TEST(test_page_dirtied_after_it_was_sent_is_sent_again)
{
    QEMUFile *f = qemu_file_new_mem_output();
    Error *err = NULL;
    const uint8_t *data;
    size_t len;
    uint32_t v = 0xabcdef01;
    QEMUFile *in;

    setup_guest();
    fill_pattern();
    global_state_store();
    qemu_savevm_state_header(f);
    ck_assert_int_eq(qemu_savevm_state_setup(f, &err), 0);
    while (qemu_savevm_state_iterate(f, &err) == 0) {
    }
    /* Everything was sent once; the guest (here: a DMA write) changes a page. */
    ck_assert_uint_eq(qemu_savevm_state_pending(true), 0);
    address_space_write(&address_space_memory, 5 * PAGE + 8, MEMTXATTRS_UNSPECIFIED, &v, 4);
    ck_assert_uint_eq(qemu_savevm_state_pending(true), PAGE);
    ck_assert_int_eq(qemu_savevm_state_complete(f, &err), 0);
    qemu_savevm_state_cleanup();

    clear_guest();
    data = qemu_file_mem_output_data(f, &len);
    in = qemu_file_new_mem_input(data, len);
    ck_assert_msg(qemu_loadvm_state(in, &err) == 0, "%s", err ? error_get_pretty(err) : "");
    qemu_fclose(in);
    qemu_fclose(f);
    ck_assert_uint_eq(ldl_he_p(ram + 5 * PAGE + 8), 0xabcdef01);
    ck_assert_uint_eq(ram[5 * PAGE + 7], (uint8_t)(5 * 7 + 7 * 13 + 1));
}
END_TEST

static void save_to_mem(uint8_t **data, size_t *len)
{
    QEMUFile *f = qemu_file_new_mem_output();
    const uint8_t *p;
    ck_assert_int_eq(qemu_savevm_state(f, &error_fatal), 0);
    p = qemu_file_mem_output_data(f, len);
    *data = g_memdup2(p, *len);
    qemu_fclose(f);
}

static char *load_mem(const uint8_t *data, size_t len)
{
    QEMUFile *f = qemu_file_new_mem_input(data, len);
    Error *err = NULL;
    char *msg = NULL;
    if (qemu_loadvm_state(f, &err) < 0) {
        msg = g_strdup(error_get_pretty(err));
        error_free(err);
    }
    qemu_fclose(f);
    return msg;
}

static uint8_t *find(uint8_t *data, size_t len, const char *needle, size_t n)
{
    for (size_t i = 0; i + n <= len; i++) {
        if (!memcmp(data + i, needle, n)) {
            return data + i;
        }
    }
    return NULL;
}

START_TEST(test_unknown_block_and_size_mismatch_are_refused)
{
    uint8_t *data, *p;
    size_t len;
    char *err;

    setup_guest();
    save_to_mem(&data, &len);
    /* The block list: counted id, then be64 length. */
    p = find(data, len, "\x08test.ram", 9);
    ck_assert_ptr_nonnull(p);
    p[9 + 5] ^= 0x01;
    err = load_mem(data, len);
    ck_assert_contains(err, "Length mismatch: test.ram: 0x810000 in != 0x800000");
    g_free(err);
    p[9 + 5] ^= 0x01;
    p[6] = 'b';
    err = load_mem(data, len);
    ck_assert_contains(err, "Unknown ramblock \"test.bam\", cannot accept migration");
    g_free(err);
    g_free(data);
}
END_TEST

START_TEST(test_bad_page_offset_and_flags_are_refused)
{
    uint8_t *data, *p;
    size_t len;
    char *err;

    setup_guest();
    save_to_mem(&data, &len);
    /* The first page record after the block list names the block again. */
    p = find(data + 1, len - 1, "\x08test.ram", 9);
    p = find(p + 9, len - (p + 9 - data), "\x08test.ram", 9);
    ck_assert_ptr_nonnull(p);
    /* be64 offset|flags precedes the name: make the offset lie outside the block. */
    p[-8 + 2] = 0x7f;
    err = load_mem(data, len);
    ck_assert_contains(err, "Illegal RAM offset");
    g_free(err);
    p[-8 + 2] = 0;
    p[-1] = 0x42;           /* RAM_SAVE_FLAG_XBZRLE | ZERO: not supported */
    err = load_mem(data, len);
    ck_assert_contains(err, "Unknown combination of migration flags: 0x42");
    g_free(err);
    g_free(data);
}
END_TEST

/* ---- whole migrations to a forked destination ---- */

typedef struct DestResult {
    int status;
    uint64_t sum;
    uint32_t ctrl;
    uint64_t count;
    int runstate;
    char error[256];
} DestResult;

static bool incoming_finished(void)
{
    MigrationStatus s = status();
    return s == MIGRATION_STATUS_COMPLETED || s == MIGRATION_STATUS_FAILED;
}

/* In the child: load from uri, report what arrived, exit. */
static void QEMU_NORETURN run_destination(const char *uri, int result_fd, bool autostart)
{
    DestResult r = { 0 };
    Error *err = NULL;
    MigrationInfo info;

    clear_guest();
    runstate_set(RUN_STATE_PRELAUNCH);
    migration_incoming_set_exit_on_error(false);
    migration_set_autostart(autostart);
    if (!migration_start_incoming(uri, &err)) {
        g_strlcpy(r.error, error_get_pretty(err), sizeof(r.error));
        r.status = -1;
    } else {
        main_loop_until(incoming_finished, 20000);
        migration_query(&info);
        r.status = info.status;
        if (info.error_desc) {
            g_strlcpy(r.error, info.error_desc, sizeof(r.error));
        }
        migration_info_clear(&info);
    }
    r.sum = ram_checksum();
    r.ctrl = timer->ctrl;
    r.count = timer->count;
    r.runstate = runstate_get();
    if (write(result_fd, &r, sizeof(r)) != sizeof(r)) {
        _exit(2);
    }
    _exit(0);
}

static pid_t fork_destination(const char *uri, int *result_fd, bool autostart)
{
    int fds[2];
    pid_t pid;

    ck_assert_int_eq(pipe(fds), 0);
    pid = fork();
    ck_assert_int_ge(pid, 0);
    if (pid == 0) {
        close(fds[0]);
        run_destination(uri, fds[1], autostart);
    }
    close(fds[1]);
    *result_fd = fds[0];
    return pid;
}

static DestResult wait_destination(pid_t pid, int result_fd)
{
    DestResult r = { .status = -2 };
    int wstatus;
    ssize_t n = read(result_fd, &r, sizeof(r));
    ck_assert_int_eq(n, sizeof(r));
    ck_assert_int_eq(waitpid(pid, &wstatus, 0), pid);
    ck_assert(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0);
    close(result_fd);
    return r;
}

/* Connect, retrying while the destination is still setting up. */
static void start_migration(const char *uri)
{
    Error *err = NULL;
    for (int i = 0; i < 500; i++) {
        if (migration_start_outgoing(uri, &err)) {
            return;
        }
        error_free(err);
        err = NULL;
        g_usleep(10 * 1000);
    }
    ck_abort_msg("could not start migration to %s", uri);
}

static void check_completed_source(void)
{
    MigrationInfo info;
    migration_query(&info);
    ck_assert_msg(info.status == MIGRATION_STATUS_COMPLETED, "status %s: %s",
                  migration_status_name(info.status), info.error_desc);
    ck_assert(info.has_ram);
    ck_assert_uint_eq(info.ram.total, RAM_SIZE);
    ck_assert_uint_gt(info.ram.transferred, (uint64_t)(NPAGES * 2 / 3) * PAGE);
    ck_assert_uint_ge(info.ram.normal + info.ram.duplicate, NPAGES);
    ck_assert_uint_ge(info.ram.dirty_sync_count, 1);
    ck_assert_int_ge(info.downtime, 0);
    ck_assert_int_ge(info.total_time, info.downtime);
    migration_info_clear(&info);
    /* The source stays stopped, in postmigrate. */
    ck_assert_int_eq(runstate_get(), RUN_STATE_POSTMIGRATE);
}

static void check_destination(DestResult r, uint64_t sum)
{
    ck_assert_msg(r.status == MIGRATION_STATUS_COMPLETED, "destination %s: %s",
                  migration_status_name(r.status), r.error);
    ck_assert(r.sum == sum);
    ck_assert_uint_eq(r.ctrl, 0x8001);
    ck_assert(r.count == 123456789012ull);
}

static void socket_migration(const char *uri)
{
    uint64_t sum;
    int result_fd;
    pid_t pid;
    DestResult r;

    setup_guest();
    fill_pattern();
    sum = ram_checksum();
    pid = fork_destination(uri, &result_fd, true);
    vm_start();
    start_migration(uri);
    main_loop_until(outgoing_finished, 30000);
    check_completed_source();
    r = wait_destination(pid, result_fd);
    check_destination(r, sum);
    /* The source was running: the destination resumes. */
    ck_assert_int_eq(r.runstate, RUN_STATE_RUNNING);
}

START_TEST(test_migrate_unix_resumes_guest)
{
    g_autofree char *uri = g_strdup_printf("unix:/tmp/test-savevm-ram-%d.sock", getpid());
    socket_migration(uri);
}
END_TEST

static int free_tcp_port(void)
{
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
    socklen_t len = sizeof(sa);
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
    close(fd);
    return ntohs(sa.sin_port);
}

START_TEST(test_migrate_tcp_resumes_guest)
{
    g_autofree char *uri = g_strdup_printf("tcp:127.0.0.1:%d", free_tcp_port());
    socket_migration(uri);
}
END_TEST

static int named_fd = -1;

static int lookup_named_fd(const char *name, Error **errp)
{
    if (!strcmp(name, "migfd") && named_fd >= 0) {
        int fd = named_fd;
        named_fd = -1;
        return fd;
    }
    error_setg(errp, "File descriptor named '%s' has not been found", name);
    return -1;
}

START_TEST(test_migrate_fd_channel)
{
    int sv[2], result_fd;
    uint64_t sum;
    pid_t pid;
    g_autofree char *dest_uri = NULL;

    setup_guest();
    fill_pattern();
    sum = ram_checksum();
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    dest_uri = g_strdup_printf("fd:%d", sv[1]);
    pid = fork_destination(dest_uri, &result_fd, true);
    close(sv[1]);
    monitor_fd_lookup = lookup_named_fd;
    named_fd = sv[0];
    vm_start();
    start_migration("fd:migfd");
    main_loop_until(outgoing_finished, 30000);
    check_completed_source();
    check_destination(wait_destination(pid, result_fd), sum);
}
END_TEST

static void file_like_migration(const char *out_uri, const char *in_uri)
{
    uint64_t sum;
    int result_fd;
    pid_t pid;
    DestResult r;

    setup_guest();
    fill_pattern();
    sum = ram_checksum();
    /* The source was not running (-S): the destination stays paused. */
    ck_assert(!runstate_is_running());
    start_migration(out_uri);
    main_loop_until(outgoing_finished, 30000);
    check_completed_source();
    pid = fork_destination(in_uri, &result_fd, true);
    r = wait_destination(pid, result_fd);
    check_destination(r, sum);
    ck_assert_int_eq(r.runstate, RUN_STATE_PAUSED);
}

START_TEST(test_migrate_exec_gzip_to_file_and_back)
{
    g_autofree char *path = g_strdup_printf("/tmp/test-savevm-ram-%d.gz", getpid());
    g_autofree char *out = g_strdup_printf("exec:gzip -c > %s", path);
    g_autofree char *in = g_strdup_printf("exec:gzip -c -d %s", path);
    file_like_migration(out, in);
    unlink(path);
}
END_TEST

START_TEST(test_migrate_file_channel)
{
    g_autofree char *path = g_strdup_printf("/tmp/test-savevm-ram-%d.bin", getpid());
    g_autofree char *uri = g_strdup_printf("file:%s", path);
    file_like_migration(uri, uri);
    unlink(path);
}
END_TEST

/* A guest that keeps dirtying memory for a while during migration. */
static int writes_left;

static gboolean dirty_some_memory(gpointer opaque)
{
    if (writes_left <= 0) {
        return G_SOURCE_REMOVE;
    }
    if (runstate_is_running()) {
        /* 64 pages a tick: faster than the link, so precopy cannot finish yet. */
        for (unsigned i = 0; i < 64; i++) {
            uint32_t v = writes_left * 64 + i;
            hwaddr page = (writes_left * 37u + i * 31u) % NPAGES;
            address_space_write(&address_space_memory, page * PAGE + 16,
                                MEMTXATTRS_UNSPECIFIED, &v, 4);
        }
        writes_left--;
    }
    return G_SOURCE_CONTINUE;
}

static int passes;

static void count_pass(int64_t pass)
{
    g_atomic_int_inc(&passes);
}

START_TEST(test_migrate_while_guest_dirties_memory_converges)
{
    g_autofree char *uri = g_strdup_printf("unix:/tmp/test-savevm-ram-%d.sock", getpid());
    int result_fd;
    pid_t pid;
    DestResult r;
    MigrationInfo info;

    setup_guest();
    fill_pattern();
    pid = fork_destination(uri, &result_fd, true);
    ck_assert(migration_set_parameter("max-bandwidth", 32 << 20, &error_fatal));
    ck_assert(migration_set_parameter("downtime-limit", 1, &error_fatal));
    ck_assert(migration_set_capability(MIGRATION_CAPABILITY_EVENTS, true, &error_fatal));
    migration_event_hooks.migration_pass = count_pass;
    writes_left = 400;
    g_timeout_add(1, dirty_some_memory, NULL);
    vm_start();
    start_migration(uri);
    main_loop_until(outgoing_finished, 60000);
    check_completed_source();
    migration_query(&info);
    /* Several rounds: it could only finish once the guest stopped dirtying. */
    ck_assert_uint_ge(info.ram.dirty_sync_count, 3);
    ck_assert_int_ge(g_atomic_int_get(&passes), 3);
    ck_assert_uint_gt(info.ram.normal + info.ram.duplicate, NPAGES);
    migration_info_clear(&info);
    ck_assert_int_eq(writes_left, 0);
    r = wait_destination(pid, result_fd);
    ck_assert_int_eq(r.status, MIGRATION_STATUS_COMPLETED);
    /* Every write reached the destination. */
    ck_assert(r.sum == ram_checksum());
}
END_TEST

START_TEST(test_bandwidth_limit_is_honoured)
{
    g_autofree char *path = g_strdup_printf("/tmp/test-savevm-ram-%d.bin", getpid());
    g_autofree char *uri = g_strdup_printf("file:%s", path);
    MigrationInfo info;

    setup_guest();
    fill_pattern();
    /* About 5.6 MB of page data at 8 MB/s: at least 0.6 s (with a downtime limit
     * so small that almost everything goes out during precopy, rate limited). */
    ck_assert(migration_set_parameter("max-bandwidth", 8 << 20, &error_fatal));
    ck_assert(migration_set_parameter("downtime-limit", 1, &error_fatal));
    start_migration(uri);
    main_loop_until(outgoing_finished, 30000);
    migration_query(&info);
    ck_assert_int_eq(info.status, MIGRATION_STATUS_COMPLETED);
    ck_assert_int_ge(info.total_time, 550);
    migration_info_clear(&info);
    unlink(path);
}
END_TEST

/* A peer that reads the first bytes then stops reading (or hangs up). */
typedef struct Peer {
    int fd;
    bool hang_up;
    int done;
} Peer;

static gpointer slow_peer(gpointer opaque)
{
    Peer *p = opaque;
    char buf[4096];
    ssize_t total = 0;
    while (total < 64 * 1024) {
        ssize_t n = read(p->fd, buf, sizeof(buf));
        if (n <= 0) {
            break;
        }
        total += n;
    }
    if (p->hang_up) {
        close(p->fd);
    }
    g_atomic_int_set(&p->done, 1);
    return NULL;
}

static void migrate_to_peer(bool hang_up, bool cancel)
{
    int sv[2];
    static Peer peer;
    GThread *t;
    MigrationInfo info;

    setup_guest();
    fill_pattern();
    vm_start();
    ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
    peer.fd = sv[1];
    peer.hang_up = hang_up;
    t = g_thread_new("peer", slow_peer, &peer);
    monitor_fd_lookup = lookup_named_fd;
    named_fd = sv[0];
    peer.done = 0;
    start_migration("fd:migfd");
    /* Keep the main loop going: the migration thread needs it to save devices. */
    {
        int64_t end = g_get_monotonic_time() + 20 * 1000000ll;
        while (!g_atomic_int_get(&peer.done)) {
            ck_assert(g_get_monotonic_time() < end);
            g_main_context_iteration(NULL, FALSE);
            g_usleep(200);
        }
    }
    g_thread_join(t);
    if (cancel) {
        g_usleep(50 * 1000);
        ck_assert(migration_is_active());
        migration_cancel();
    }
    main_loop_until(outgoing_finished, 30000);
    migration_query(&info);
    if (cancel) {
        ck_assert_str_eq(migration_status_name(info.status), "cancelled");
    } else {
        ck_assert_str_eq(migration_status_name(info.status), "failed");
        ck_assert_ptr_nonnull(info.error_desc);
        ck_assert_contains(info.error_desc, "write failed");
    }
    migration_info_clear(&info);
    /* The source carries on untouched. */
    ck_assert_int_eq(runstate_get(), RUN_STATE_RUNNING);
    ck_assert(!memory_global_dirty_log_active());
    if (!hang_up) {
        close(sv[1]);
    }
}

START_TEST(test_cancel_leaves_source_running)
{
    migrate_to_peer(false, true);
}
END_TEST

START_TEST(test_destination_dying_fails_but_source_keeps_running)
{
    migrate_to_peer(true, false);
}
END_TEST

START_TEST(test_second_migration_after_failure_works)
{
    g_autofree char *path = g_strdup_printf("/tmp/test-savevm-ram-%d.bin", getpid());
    g_autofree char *uri = g_strdup_printf("file:%s", path);
    Error *err = NULL;

    setup_guest();
    ck_assert(!migration_start_outgoing("file:/nonexistent-dir/x", &err));
    ck_assert_contains(error_get_pretty(err), "Could not open file '/nonexistent-dir/x'");
    error_free(err);
    err = NULL;
    ck_assert(!migration_start_outgoing("bogus:x", &err));
    ck_assert_str_eq(error_get_pretty(err), "unknown migration protocol: bogus:x");
    error_free(err);
    start_migration(uri);
    main_loop_until(outgoing_finished, 30000);
    ck_assert_int_eq(status(), MIGRATION_STATUS_COMPLETED);
    unlink(path);
}
END_TEST

START_TEST(test_incoming_truncated_stream_fails_clearly)
{
    g_autofree char *path = g_strdup_printf("/tmp/test-savevm-ram-%d.bin", getpid());
    g_autofree char *uri = g_strdup_printf("file:%s", path);
    int result_fd;
    pid_t pid;
    DestResult r;
    struct stat st;

    setup_guest();
    fill_pattern();
    start_migration(uri);
    main_loop_until(outgoing_finished, 30000);
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_eq(truncate(path, st.st_size / 2), 0);
    pid = fork_destination(uri, &result_fd, true);
    r = wait_destination(pid, result_fd);
    ck_assert_int_eq(r.status, MIGRATION_STATUS_FAILED);
    ck_assert_contains(r.error, "truncated");
    ck_assert_int_ne(r.runstate, RUN_STATE_RUNNING);
    unlink(path);
}
END_TEST

START_TEST(test_parameters_use_qemu_names_and_limits)
{
    MigrationParameters p;
    Error *err = NULL;

    migration_get_parameters(&p);
    ck_assert_uint_eq(p.downtime_limit, 300);
    ck_assert_uint_eq(p.max_bandwidth, 128u << 20);
    ck_assert(!migration_set_parameter("downtime-limit", 2000001, &err));
    ck_assert_str_eq(error_get_pretty(err), "Parameter 'downtime_limit' expects an integer in "
                     "the range of 0 to 2000000 milliseconds");
    error_free(err);
    ck_assert_int_eq(migration_capability_lookup("events"), MIGRATION_CAPABILITY_EVENTS);
    ck_assert_int_eq(migration_capability_lookup("xbzrle"), -1);
    ck_assert_str_eq(migration_status_name(MIGRATION_STATUS_CANCELLING), "cancelling");
    ck_assert_str_eq(migration_status_name(MIGRATION_STATUS_NONE), "none");
}
END_TEST

static Suite *ram_suite(void)
{
    Suite *s = suite_create("savevm-ram");
    TCase *ram_tc = tcase_create("ram");
    TCase *mig = tcase_create("migration");

    tcase_add_test(ram_tc, test_ram_with_patterns_and_zero_pages_round_trips);
    tcase_add_test(ram_tc, test_page_dirtied_after_it_was_sent_is_sent_again);
    tcase_add_test(ram_tc, test_unknown_block_and_size_mismatch_are_refused);
    tcase_add_test(ram_tc, test_bad_page_offset_and_flags_are_refused);
    suite_add_tcase(s, ram_tc);

    tcase_add_test(mig, test_migrate_unix_resumes_guest);
    tcase_add_test(mig, test_migrate_tcp_resumes_guest);
    tcase_add_test(mig, test_migrate_fd_channel);
    tcase_add_test(mig, test_migrate_exec_gzip_to_file_and_back);
    tcase_add_test(mig, test_migrate_file_channel);
    tcase_add_test(mig, test_migrate_while_guest_dirties_memory_converges);
    tcase_add_test(mig, test_bandwidth_limit_is_honoured);
    tcase_add_test(mig, test_cancel_leaves_source_running);
    tcase_add_test(mig, test_destination_dying_fails_but_source_keeps_running);
    tcase_add_test(mig, test_second_migration_after_failure_works);
    tcase_add_test(mig, test_incoming_truncated_stream_fails_clearly);
    tcase_add_test(mig, test_parameters_use_qemu_names_and_limits);
    tcase_set_timeout(mig, 90);
    suite_add_tcase(s, mig);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(ram_suite());
    int failed;

    signal(SIGPIPE, SIG_IGN);
    /* As in the emulator: the main loop holds the big lock except while polling. */
    cpus_init_main_loop();
    memory_init();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
