/*
 * The block layer (block/): raw-over-file backends made from -drive
 * strings, asynchronous requests completed only by the main loop or a
 * drain, read-only refusal, discard/write-zeroes, and QEMU-compatible
 * image locks between two backends on one file.
 */
#include "qemu/osdep.h"
#include <fcntl.h>
#include <sys/stat.h>
#include "system/block-backend.h"
#include "system/runstate.h"
#include "system/cpus.h"
#include "hw/block/block.h"
#include <check.h>

#define IMG_SIZE (1024 * 1024)

static char img_path[64];
static GThread *main_thread;

typedef struct Done {
    int count;
    int ret;
    GThread *thread;
} Done;

static void done_cb(void *opaque, int ret)
{
    Done *d = opaque;
    d->count++;
    d->ret = ret;
    d->thread = g_thread_self();
}

/* A temp image whose byte i is (i & 0xff) ^ 0x5a. */
static void make_image(void)
{
    g_autofree uint8_t *buf = g_malloc(IMG_SIZE);
    int fd;

    snprintf(img_path, sizeof(img_path), "/tmp/test-block-XXXXXX");
    fd = mkstemp(img_path);
    ck_assert_int_ge(fd, 0);
    for (int i = 0; i < IMG_SIZE; i++) {
        buf[i] = (i & 0xff) ^ 0x5a;
    }
    ck_assert_int_eq(write(fd, buf, IMG_SIZE), IMG_SIZE);
    close(fd);
    main_thread = g_thread_self();
}

static void remove_image(void)
{
    unlink(img_path);
}

static BlockBackend *new_drive(const char *id, const char *extra, Error **errp)
{
    g_autofree char *arg = g_strdup_printf("file=%s,format=raw,if=none,id=%s%s%s", img_path,
                                           id, extra ? "," : "", extra ? extra : "");
    if (!drive_new_from_opts(arg, errp)) {
        return NULL;
    }
    return blk_by_name(id);
}

static BlockBackend *must_drive(const char *id, const char *extra)
{
    Error *err = NULL;
    BlockBackend *blk = new_drive(id, extra, &err);
    if (!blk) {
        ck_abort_msg("drive %s: %s", id, error_get_pretty(err));
    }
    return blk;
}

/* Run the main loop until d has completed (bounded). */
static void wait_done(Done *d, int count)
{
    for (int i = 0; i < 5000 && d->count < count; i++) {
        g_main_context_iteration(NULL, FALSE);
        g_usleep(1000);
    }
    ck_assert_int_eq(d->count, count);
}

static int aio_rw(BlockBackend *blk, bool write, int64_t offset, void *buf, size_t len)
{
    struct iovec iov = { .iov_base = buf, .iov_len = len };
    QEMUIOVector qiov = { .iov = &iov, .niov = 1, .nalloc = -1, .size = len };
    Done d = { 0 };

    if (write) {
        blk_aio_pwritev(blk, offset, &qiov, 0, done_cb, &d);
    } else {
        blk_aio_preadv(blk, offset, &qiov, done_cb, &d);
    }
    wait_done(&d, 1);
    return d.ret;
}

START_TEST(test_read_write_roundtrip)
{
    BlockBackend *blk = must_drive("d0", NULL);
    uint8_t buf[4096], out[4096];

    ck_assert_int_eq(blk_getlength(blk), IMG_SIZE);
    ck_assert_int_eq(aio_rw(blk, false, 4096, buf, sizeof(buf)), 0);
    for (int i = 0; i < 4096; i++) {
        ck_assert_int_eq(buf[i], ((4096 + i) & 0xff) ^ 0x5a);
    }
    memset(buf, 0xab, sizeof(buf));
    ck_assert_int_eq(aio_rw(blk, true, 8192, buf, sizeof(buf)), 0);
    ck_assert_int_eq(aio_rw(blk, false, 8192, out, sizeof(out)), 0);
    ck_assert_mem_eq(out, buf, sizeof(buf));
    /* The file really changed. */
    ck_assert_int_eq(blk_pread(blk, 8192, 16, out), 0);
    ck_assert_int_eq(out[15], 0xab);
}
END_TEST

START_TEST(test_scattered_iovec)
{
    BlockBackend *blk = must_drive("d0", NULL);
    uint8_t a[3], b[700], c[333];
    struct iovec iov[3] = { { a, sizeof(a) }, { b, sizeof(b) }, { c, sizeof(c) } };
    QEMUIOVector qiov = { .iov = iov, .niov = 3, .nalloc = -1, .size = 1036 };
    Done d = { 0 };

    blk_aio_preadv(blk, 100, &qiov, done_cb, &d);
    wait_done(&d, 1);
    ck_assert_int_eq(d.ret, 0);
    ck_assert_int_eq(a[0], (100 & 0xff) ^ 0x5a);
    ck_assert_int_eq(b[0], (103 & 0xff) ^ 0x5a);
    ck_assert_int_eq(c[332], ((100 + 1035) & 0xff) ^ 0x5a);
}
END_TEST

START_TEST(test_completion_only_from_main_loop)
{
    BlockBackend *blk = must_drive("d0", NULL);
    uint8_t buf[512];
    struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
    QEMUIOVector qiov = { .iov = &iov, .niov = 1, .nalloc = -1, .size = sizeof(buf) };
    Done d = { 0 };

    blk_aio_preadv(blk, 0, &qiov, done_cb, &d);
    /* Never inside the submitting call, never on the worker. */
    ck_assert_int_eq(d.count, 0);
    ck_assert_int_eq(blk_in_flight(blk), 1);
    g_usleep(200 * 1000);
    ck_assert_int_eq(d.count, 0);
    wait_done(&d, 1);
    ck_assert_ptr_eq(d.thread, main_thread);
    ck_assert_int_eq(blk_in_flight(blk), 0);
    ck_assert_int_eq(buf[1], 1 ^ 0x5a);
}
END_TEST

START_TEST(test_drain_runs_callbacks)
{
    BlockBackend *blk = must_drive("d0", NULL);
    static uint8_t bufs[16][4096];
    struct iovec iov[16];
    QEMUIOVector qiov[16];
    Done d = { 0 };

    for (int i = 0; i < 16; i++) {
        memset(bufs[i], i, sizeof(bufs[i]));
        iov[i] = (struct iovec) { bufs[i], sizeof(bufs[i]) };
        qiov[i] = (QEMUIOVector) { &iov[i], 1, -1, sizeof(bufs[i]) };
        blk_aio_pwritev(blk, i * 4096, &qiov[i], 0, done_cb, &d);
    }
    blk_aio_flush(blk, done_cb, &d);
    ck_assert_int_eq(d.count, 0);
    blk_drain_all();
    ck_assert_int_eq(d.count, 17);
    ck_assert_int_eq(d.ret, 0);
    ck_assert_int_eq(blk_in_flight(blk), 0);
    ck_assert_ptr_eq(d.thread, main_thread);
    for (int i = 0; i < 16; i++) {
        uint8_t b;
        ck_assert_int_eq(blk_pread(blk, i * 4096 + 17, 1, &b), 0);
        ck_assert_int_eq(b, i);
    }
}
END_TEST

/* A thread holding the big lock (the migration thread, a vCPU) may drain. */
static gpointer drain_thread(gpointer opaque)
{
    bql_lock();
    blk_drain_all();
    bql_unlock();
    return NULL;
}

START_TEST(test_drain_from_other_thread)
{
    BlockBackend *blk = must_drive("d0", NULL);
    uint8_t buf[512];
    struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
    QEMUIOVector qiov = { .iov = &iov, .niov = 1, .nalloc = -1, .size = sizeof(buf) };
    Done d = { 0 };
    GThread *t;

    blk_aio_preadv(blk, 0, &qiov, done_cb, &d);
    t = g_thread_new("drain", drain_thread, NULL);
    g_thread_join(t);
    ck_assert_int_eq(d.count, 1);
    ck_assert_ptr_eq(d.thread, t);
}
END_TEST

START_TEST(test_vm_stop_drains)
{
    BlockBackend *blk = must_drive("d0", NULL);
    uint8_t buf[4096] = { 7 };
    struct iovec iov = { .iov_base = buf, .iov_len = sizeof(buf) };
    QEMUIOVector qiov = { .iov = &iov, .niov = 1, .nalloc = -1, .size = sizeof(buf) };
    Done d = { 0 };

    vm_start();
    blk_aio_pwritev(blk, 0, &qiov, 0, done_cb, &d);
    vm_stop(RUN_STATE_PAUSED);
    /* The stop handler drained: the callback ran before vm_stop returned. */
    ck_assert_int_eq(d.count, 1);
    ck_assert_int_eq(d.ret, 0);
}
END_TEST

START_TEST(test_out_of_range_is_eio)
{
    BlockBackend *blk = must_drive("d0", NULL);
    uint8_t buf[1024];

    ck_assert_int_eq(aio_rw(blk, false, IMG_SIZE - 512, buf, sizeof(buf)), -EIO);
    ck_assert_int_eq(aio_rw(blk, true, IMG_SIZE + 512, buf, 512), -EIO);
    ck_assert_int_eq(aio_rw(blk, false, -512, buf, 512), -EIO);
    ck_assert_int_eq(aio_rw(blk, false, IMG_SIZE - 512, buf, 512), 0);
}
END_TEST

START_TEST(test_short_read_zero_filled)
{
    /* size= fixes the disk size; the file then shrinks under it. */
    BlockBackend *blk = must_drive("d0", "size=65536");
    uint8_t buf[8192];

    ck_assert_int_eq(blk_getlength(blk), 65536);
    ck_assert_int_eq(truncate(img_path, 4096 + 100), 0);
    memset(buf, 0xee, sizeof(buf));
    ck_assert_int_eq(aio_rw(blk, false, 4096, buf, sizeof(buf)), 0);
    ck_assert_int_eq(buf[99], (99 + 4096) % 256 ^ 0x5a);
    for (int i = 100; i < 8192; i++) {
        ck_assert_int_eq(buf[i], 0);
    }
}
END_TEST

START_TEST(test_raw_offset)
{
    BlockBackend *blk = must_drive("d0", "offset=4096,size=8192");
    uint8_t b;

    ck_assert_int_eq(blk_getlength(blk), 8192);
    ck_assert_int_eq(aio_rw(blk, false, 1, &b, 1), 0);
    ck_assert_int_eq(b, (4097 & 0xff) ^ 0x5a);
    ck_assert_int_eq(aio_rw(blk, false, 8192, &b, 1), -EIO);
}
END_TEST

START_TEST(test_read_only)
{
    BlockBackend *blk = must_drive("d0", "readonly=on");
    uint8_t buf[512] = { 0 };
    Error *err = NULL;
    Done d = { 0 };

    ck_assert(blk_is_read_only(blk));
    ck_assert_int_eq(aio_rw(blk, true, 0, buf, sizeof(buf)), -EACCES);
    blk_aio_pwrite_zeroes(blk, 0, 512, 0, done_cb, &d);
    blk_aio_pdiscard(blk, 0, 512, done_cb, &d);
    ck_assert_int_eq(d.count, 0);
    wait_done(&d, 2);
    ck_assert_int_eq(d.ret, -EACCES);
    ck_assert(!blk_set_perm(blk, true, false, &err));
    ck_assert_str_eq(error_get_pretty(err), "Block node is read-only");
    error_free(err);
    ck_assert(blk_set_perm(blk, false, false, &error_fatal));
    ck_assert_int_eq(aio_rw(blk, false, 0, buf, sizeof(buf)), 0);
    ck_assert_int_eq(buf[0], 0x5a);
}
END_TEST

START_TEST(test_write_zeroes_and_discard)
{
    BlockBackend *blk = must_drive("d0", "discard=unmap");
    BlockBackend *ign;
    uint8_t buf[8192];
    Done d = { 0 };

    ck_assert(blk_supports_discard(blk));
    blk_aio_pwrite_zeroes(blk, 4096, 8192, 0, done_cb, &d);
    wait_done(&d, 1);
    ck_assert_int_eq(d.ret, 0);
    ck_assert_int_eq(blk_pread(blk, 4096, 8192, buf), 0);
    for (int i = 0; i < 8192; i++) {
        ck_assert_int_eq(buf[i], 0);
    }
    ck_assert_int_eq(blk_pread(blk, 4095, 1, buf), 0);
    ck_assert_int_eq(buf[0], (4095 & 0xff) ^ 0x5a);

    /* discard=unmap punches a hole that reads as zeroes; the size stays. */
    blk_aio_pdiscard(blk, 65536, 65536, done_cb, &d);
    wait_done(&d, 2);
    ck_assert_int_eq(d.ret, 0);
    ck_assert_int_eq(blk_pread(blk, 65536, 8192, buf), 0);
    ck_assert_int_eq(buf[0], 0);
    ck_assert_int_eq(buf[8191], 0);
    ck_assert_int_eq(blk_getlength(blk), IMG_SIZE);

    /* discard=ignore (the default) leaves the data alone. */
    ign = must_drive("d1", "file.locking=off");
    ck_assert(!blk_supports_discard(ign));
    blk_aio_pdiscard(ign, 0, 4096, done_cb, &d);
    wait_done(&d, 3);
    ck_assert_int_eq(d.ret, 0);
    ck_assert_int_eq(blk_pread(ign, 1, 1, buf), 0);
    ck_assert_int_eq(buf[0], 1 ^ 0x5a);
}
END_TEST

/* The text error_report_err() prints for err: message and hint. */
static void append_printer(void *opaque, const char *msg)
{
    g_string_append((GString *)opaque, msg);
}

static char *error_text(Error *err)
{
    GString *out = g_string_new(NULL);

    error_set_printer(append_printer, out);
    error_report_err(err);
    error_set_printer(NULL, NULL);
    return g_string_free(out, FALSE);
}

START_TEST(test_lock_writer_blocks_second_writer)
{
    BlockBackend *a = must_drive("d0", NULL);
    g_autofree char *text = NULL;
    g_autofree char *hint = NULL;
    Error *err = NULL;

    /* A device that does not share write holds byte 201. */
    ck_assert(blk_set_perm(a, true, false, &err));
    /* A second writer on its own fd conflicts, like a second QEMU. */
    ck_assert_ptr_null(new_drive("d1", NULL, &err));
    text = error_text(err);
    hint = g_strdup_printf("Failed to get \"write\" lock\nIs another process using the "
                           "image [%s]?\n", img_path);
    ck_assert_msg(strstr(text, hint), "got: %s", text);
    /* A reader is fine. */
    ck_assert_ptr_nonnull(new_drive("d2", "readonly=on", &error_fatal));
}
END_TEST

START_TEST(test_lock_unshare_against_existing_writer)
{
    BlockBackend *a = must_drive("d0", NULL);
    BlockBackend *b = must_drive("d1", NULL);
    Error *err = NULL;

    /* Both drives claim write and share everything; a device narrowing
     * the sharing on one now conflicts with the other's write. */
    ck_assert(!blk_set_perm(a, true, false, &err));
    ck_assert_str_eq(error_get_pretty(err), "Failed to get shared \"write\" lock");
    error_free(err);
    err = NULL;
    /* Failure leaves the old claims: b may still narrow if a shares. */
    ck_assert(blk_set_perm(a, true, true, &err));
    ck_assert(!blk_set_perm(b, true, false, &err));
    error_free(err);
}
END_TEST

START_TEST(test_lock_share_rw)
{
    BlockBackend *a = must_drive("d0", NULL);
    BlockBackend *b;

    ck_assert(blk_set_perm(a, true, true, &error_fatal));
    b = must_drive("d1", NULL);
    ck_assert(blk_set_perm(b, true, true, &error_fatal));
}
END_TEST

START_TEST(test_lock_released_on_perm_drop)
{
    BlockBackend *a = must_drive("d0", NULL);

    ck_assert(blk_set_perm(a, true, false, &error_fatal));
    ck_assert(blk_set_perm(a, false, true, &error_fatal));
    /* a no longer writes and shares write: another writer may come. */
    must_drive("d1", NULL);
}
END_TEST

START_TEST(test_locking_off)
{
    BlockBackend *a = must_drive("d0", NULL);
    BlockBackend *b;

    ck_assert(blk_set_perm(a, true, false, &error_fatal));
    b = must_drive("d1", "file.locking=off");
    ck_assert(blk_set_perm(b, true, false, &error_fatal));
}
END_TEST

/* Another process's claim, made with raw fcntl as another QEMU would. */
START_TEST(test_lock_bytes_visible_to_other_processes)
{
    BlockBackend *a = must_drive("d0", NULL);
    int fd = open(img_path, O_RDWR);
    struct flock fl = { .l_whence = SEEK_SET, .l_len = 1, .l_type = F_WRLCK };

    ck_assert(blk_set_perm(a, true, false, &error_fatal));
    for (int byte = 100; byte < 205; byte++) {
        fl.l_whence = SEEK_SET;
        fl.l_start = byte;
        fl.l_len = 1;      /* GETLK overwrote it with the (merged) lock's length */
        fl.l_type = F_WRLCK;
        fl.l_pid = 0;
        ck_assert_int_eq(fcntl(fd, F_OFD_GETLK, &fl), 0);
        /* Holds consistent read (100) and write (101); does not share write (201). */
        if (byte == 100 || byte == 101 || byte == 201) {
            ck_assert_msg(fl.l_type == F_RDLCK, "byte %d not locked", byte);
        } else {
            ck_assert_msg(fl.l_type == F_UNLCK, "byte %d locked", byte);
        }
    }
    close(fd);
}
END_TEST

static bool other_sees_lock(int byte)
{
    int fd = open(img_path, O_RDONLY);
    struct flock fl = { .l_whence = SEEK_SET, .l_start = byte, .l_len = 1,
                        .l_type = F_WRLCK };
    ck_assert_int_eq(fcntl(fd, F_OFD_GETLK, &fl), 0);
    close(fd);
    return fl.l_type != F_UNLCK;
}

START_TEST(test_inactivate_and_activate)
{
    BlockBackend *a = must_drive("d0", NULL);
    Error *err = NULL;
    int fd;
    struct flock fl = { .l_whence = SEEK_SET, .l_start = 201, .l_len = 1,
                        .l_type = F_RDLCK };

    ck_assert(blk_set_perm(a, true, false, &error_fatal));
    ck_assert(other_sees_lock(201));
    blk_inactivate_all();
    ck_assert(blk_is_inactive());
    ck_assert(!other_sees_lock(100) && !other_sees_lock(101) && !other_sees_lock(201));
    /* Claims made while inactive are only recorded. */
    ck_assert(blk_set_perm(a, true, false, &error_fatal));
    ck_assert(!other_sees_lock(201));
    ck_assert(blk_activate_all(&error_fatal));
    ck_assert(other_sees_lock(101) && other_sees_lock(201));

    /* Another process took the image meanwhile: activation fails, nothing held. */
    blk_inactivate_all();
    fd = open(img_path, O_RDWR);
    ck_assert_int_eq(fcntl(fd, F_OFD_SETLK, &fl), 0);
    ck_assert(!blk_activate_all(&err));
    ck_assert_str_eq(error_get_pretty(err), "Failed to get \"write\" lock");
    error_free(err);
    ck_assert(blk_is_inactive());
    ck_assert(!other_sees_lock(101));
    close(fd);
    ck_assert(blk_activate_all(&error_fatal));
}
END_TEST

START_TEST(test_drive_errors)
{
    Error *err = NULL;

    ck_assert(!drive_new_from_opts("file=/nonexistent/x.img,format=raw,if=none", &err));
    ck_assert_str_eq(error_get_pretty(err),
                     "Could not open '/nonexistent/x.img': No such file or directory");
    error_free(err);
    err = NULL;
    {
        g_autofree char *arg = g_strdup_printf("file=%s,format=qcow9,if=none", img_path);
        ck_assert(!drive_new_from_opts(arg, &err));
        ck_assert_str_eq(error_get_pretty(err), "Unknown driver 'qcow9'");
        error_free(err);
        err = NULL;
    }
    {
        g_autofree char *arg = g_strdup_printf("file=%s,format=raw,if=none,bogus=1", img_path);
        ck_assert(!drive_new_from_opts(arg, &err));
        ck_assert_str_eq(error_get_pretty(err),
                         "Block format 'raw' does not support the option 'bogus'");
        error_free(err);
        err = NULL;
    }
    {
        g_autofree char *arg = g_strdup_printf("file=%s,format=raw,cache=bogus", img_path);
        ck_assert(!drive_new_from_opts(arg, &err));
        ck_assert_str_eq(error_get_pretty(err), "invalid cache option");
        error_free(err);
        err = NULL;
    }
    ck_assert(!drive_new_from_opts("if=bogus", &err));
    ck_assert_str_eq(error_get_pretty(err), "unsupported bus type 'bogus'");
    error_free(err);
}
END_TEST

START_TEST(test_default_ids)
{
    g_autofree char *a = g_strdup_printf("file=%s,format=raw,if=none,file.locking=off",
                                         img_path);
    g_autofree char *v = g_strdup_printf("file=%s,format=raw,file.locking=off", img_path);
    g_autofree char *s = g_strdup_printf("file=%s,format=raw,if=scsi,file.locking=off",
                                         img_path);
    Error *err = NULL;

    ck_assert(drive_new_from_opts(a, &error_fatal));
    ck_assert(drive_new_from_opts(a, &error_fatal));
    ck_assert(drive_new_from_opts(v, &error_fatal));
    ck_assert(drive_new_from_opts(s, &error_fatal));
    ck_assert_ptr_nonnull(blk_by_name("none0"));
    ck_assert_ptr_nonnull(blk_by_name("none1"));
    ck_assert_ptr_nonnull(blk_by_name("virtio0"));
    ck_assert_ptr_nonnull(blk_by_name("scsi0-hd0"));
    ck_assert_int_eq(blk_get_if_type(blk_by_name("virtio0")), IF_VIRTIO);
    ck_assert(!drive_new_from_opts("if=none,id=none0", &err));
    ck_assert_str_eq(error_get_pretty(err), "Duplicate ID 'none0' for drive");
    error_free(err);
    err = NULL;
    ck_assert(!drive_new_from_opts("if=scsi,unit=7", &err));
    ck_assert_str_eq(error_get_pretty(err), "unit 7 too big (max is 6)");
    error_free(err);
}
END_TEST

START_TEST(test_blockdev_forms)
{
    g_autofree char *kv = g_strdup_printf("driver=raw,node-name=disk0,file.driver=file,"
                                          "file.filename=%s,file.locking=off", img_path);
    g_autofree char *json = g_strdup_printf("{\"driver\":\"raw\",\"node-name\":\"disk1\","
                                            "\"read-only\":true,\"file\":{\"driver\":"
                                            "\"file\",\"filename\":\"%s\"}}", img_path);
    g_autofree char *file = g_strdup_printf("driver=file,node-name=f2,filename=%s", img_path);
    Error *err = NULL;
    BlockBackend *blk;

    ck_assert(blockdev_new_from_opts(kv, &error_fatal));
    ck_assert(blockdev_new_from_opts(json, &error_fatal));
    ck_assert(blockdev_new_from_opts(file, &error_fatal));
    blk = blk_by_name("disk0");
    ck_assert_ptr_nonnull(blk);
    ck_assert_int_eq(blk_getlength(blk), IMG_SIZE);
    ck_assert(blk_is_read_only(blk_by_name("disk1")));
    ck_assert_int_eq(blk_getlength(blk_by_name("f2")), IMG_SIZE);
    ck_assert(!blockdev_new_from_opts("driver=raw,node-name=x,file=nonode", &err));
    error_free(err);
    err = NULL;
    ck_assert(!blockdev_new_from_opts(kv, &err));
    ck_assert_str_eq(error_get_pretty(err), "Duplicate nodes with node-name='disk0'");
    error_free(err);
    err = NULL;
    ck_assert(!blockdev_new_from_opts("driver=raw,file.driver=file", &err));
    ck_assert_str_eq(error_get_pretty(err), "'node-name' must be specified for the root node");
    error_free(err);
}
END_TEST

START_TEST(test_probed_raw_keeps_block0_raw)
{
    g_autofree char *arg = g_strdup_printf("file=%s,if=none,id=d0", img_path);
    uint8_t sector[512] = { 0 };
    BlockBackend *blk;

    ck_assert(drive_new_from_opts(arg, &error_fatal));
    blk = blk_by_name("d0");
    /* Writing a qcow2 header over block 0 of a probed image is refused... */
    memcpy(sector, "QFI\xfb", 4);
    ck_assert_int_eq(aio_rw(blk, true, 0, sector, sizeof(sector)), -EPERM);
    /* ...also when it arrives in pieces... */
    ck_assert_int_eq(aio_rw(blk, true, 0, sector, 2), 0);
    ck_assert_int_eq(aio_rw(blk, true, 2, sector + 2, 2), -EPERM);
    /* ...while ordinary data is fine. */
    memset(sector, 0x11, sizeof(sector));
    ck_assert_int_eq(aio_rw(blk, true, 0, sector, sizeof(sector)), 0);
}
END_TEST

START_TEST(test_explicit_raw_allows_any_block0)
{
    BlockBackend *blk = must_drive("d0", NULL);
    uint8_t sector[512] = "QFI\xfb";

    ck_assert_int_eq(aio_rw(blk, true, 0, sector, sizeof(sector)), 0);
}
END_TEST

START_TEST(test_format_file_and_blockdev_discard)
{
    g_autofree char *drive = g_strdup_printf("file=%s,format=file,if=none,id=d0", img_path);
    g_autofree char *bd = g_strdup_printf("driver=raw,node-name=n1,discard=unmap,"
                                          "file.driver=file,file.filename=%s", img_path);
    uint8_t b = 1;
    Done d = { 0 };

    ck_assert(drive_new_from_opts(drive, &error_fatal));
    ck_assert_int_eq(blk_getlength(blk_by_name("d0")), IMG_SIZE);
    ck_assert(blockdev_new_from_opts(bd, &error_fatal));
    ck_assert(blk_supports_discard(blk_by_name("n1")));
    blk_aio_pdiscard(blk_by_name("n1"), 0, 4096, done_cb, &d);
    wait_done(&d, 1);
    ck_assert_int_eq(d.ret, 0);
    ck_assert_int_eq(blk_pread(blk_by_name("n1"), 1, 1, &b), 0);
    ck_assert_int_eq(b, 0);
}
END_TEST

START_TEST(test_blkconf)
{
    BlockBackend *ro = must_drive("d0", "readonly=on");
    BlockConf conf = { .blk = ro, .discard_granularity = -1, .wce = ON_OFF_AUTO_OFF };
    Error *err = NULL;

    ck_assert(blkconf_blocksizes(&conf, &error_fatal));
    ck_assert_int_eq(conf.logical_block_size, 512);
    ck_assert_int_eq(conf.physical_block_size, 512);
    /* A writable device on a read-only drive is refused; a read-only one is fine. */
    ck_assert(!blkconf_apply_backend_options(&conf, false, true, &err));
    ck_assert_str_eq(error_get_pretty(err), "Block node is read-only");
    error_free(err);
    err = NULL;
    ck_assert(blkconf_apply_backend_options(&conf, true, true, &error_fatal));
    ck_assert(!blk_enable_write_cache(ro));
    conf.logical_block_size = 1000;
    ck_assert(!blkconf_blocksizes(&conf, &err));
    error_free(err);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("block");
    TCase *tc = tcase_create("block");
    SRunner *sr;
    int failed;

    tcase_add_checked_fixture(tc, make_image, remove_image);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_read_write_roundtrip);
    tcase_add_test(tc, test_scattered_iovec);
    tcase_add_test(tc, test_completion_only_from_main_loop);
    tcase_add_test(tc, test_drain_runs_callbacks);
    tcase_add_test(tc, test_drain_from_other_thread);
    tcase_add_test(tc, test_vm_stop_drains);
    tcase_add_test(tc, test_out_of_range_is_eio);
    tcase_add_test(tc, test_short_read_zero_filled);
    tcase_add_test(tc, test_raw_offset);
    tcase_add_test(tc, test_read_only);
    tcase_add_test(tc, test_write_zeroes_and_discard);
    tcase_add_test(tc, test_lock_writer_blocks_second_writer);
    tcase_add_test(tc, test_lock_unshare_against_existing_writer);
    tcase_add_test(tc, test_lock_share_rw);
    tcase_add_test(tc, test_lock_released_on_perm_drop);
    tcase_add_test(tc, test_locking_off);
    tcase_add_test(tc, test_lock_bytes_visible_to_other_processes);
    tcase_add_test(tc, test_inactivate_and_activate);
    tcase_add_test(tc, test_drive_errors);
    tcase_add_test(tc, test_default_ids);
    tcase_add_test(tc, test_blockdev_forms);
    tcase_add_test(tc, test_probed_raw_keeps_block0_raw);
    tcase_add_test(tc, test_explicit_raw_allows_any_block0);
    tcase_add_test(tc, test_format_file_and_blockdev_discard);
    tcase_add_test(tc, test_blkconf);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
