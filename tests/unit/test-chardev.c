/*
 * Unit tests for chardevs: real file, pipe, pty, serial, socket (unix and loopback TCP),
 * ringbuf, mux and stdio backends driven through the frontend API and the GLib main loop.
 */
#include "qemu/osdep.h"
#include <check.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <termios.h>
#include <netinet/in.h>
#include "chardev/char-internal.h"

/* Run the default main context until expr holds or ms pass; evaluates to whether it held. */
#define WAIT_UNTIL(expr, ms) ({                                                 \
    gint64 deadline_ = g_get_monotonic_time() + (gint64)(ms) * 1000;          \
    bool ok_;                                                                 \
    while (!(ok_ = (expr)) && g_get_monotonic_time() < deadline_) {           \
        if (!g_main_context_iteration(NULL, FALSE)) {                         \
            g_usleep(1000);                                                   \
        }                                                                     \
    }                                                                         \
    ok_;                                                                      \
})

/*
 * Spin the loop for a while, for checks that something does NOT happen; returns how many
 * iterations dispatched a source (a busy-looping source shows up as thousands).
 */
static int run_loop_ms(int ms)
{
    gint64 deadline = g_get_monotonic_time() + (gint64)ms * 1000;
    int dispatched = 0;

    while (g_get_monotonic_time() < deadline) {
        if (g_main_context_iteration(NULL, FALSE)) {
            dispatched++;
        } else {
            g_usleep(1000);
        }
    }
    return dispatched;
}

/* ---- a recording frontend ---- */

typedef struct Fe {
    CharBackend be;
    GByteArray *rx;
    int can_read;               /* what chr_can_read answers */
    QEMUChrEvent events[64];
    int nevents;
} Fe;

static int fe_can_read(void *opaque)
{
    return ((Fe *)opaque)->can_read;
}

static void fe_read(void *opaque, const uint8_t *buf, int size)
{
    Fe *f = opaque;

    /* Back-pressure contract: never more than the frontend said it could take. */
    ck_assert_int_le(size, f->can_read);
    g_byte_array_append(f->rx, buf, size);
}

static void fe_event(void *opaque, QEMUChrEvent event)
{
    Fe *f = opaque;

    if (f->nevents < (int)ARRAY_SIZE(f->events)) {
        f->events[f->nevents++] = event;
    }
}

static int fe_count(const Fe *f, QEMUChrEvent event)
{
    int n = 0;

    for (int i = 0; i < f->nevents; i++) {
        n += f->events[i] == event;
    }
    return n;
}

static QEMUChrEvent fe_last_event(const Fe *f)
{
    ck_assert_int_gt(f->nevents, 0);
    return f->events[f->nevents - 1];
}

static void fe_attach(Fe *f, Chardev *chr)
{
    Error *err = NULL;

    memset(f, 0, sizeof(*f));
    f->rx = g_byte_array_new();
    f->can_read = 4096;
    ck_assert_msg(qemu_chr_fe_init(&f->be, chr, &err), "%s",
                  err ? error_get_pretty(err) : "");
    qemu_chr_fe_set_handlers(&f->be, fe_can_read, fe_read, fe_event, f, NULL, true);
}

static void fe_release(Fe *f)
{
    qemu_chr_fe_deinit(&f->be, false);
    g_byte_array_free(f->rx, TRUE);
    f->rx = NULL;
}

static bool fe_rx_is(const Fe *f, const char *s)
{
    return f->rx->len == strlen(s) && memcmp(f->rx->data, s, f->rx->len) == 0;
}

static void fe_send(Fe *f, const char *s)
{
    ck_assert_int_eq(qemu_chr_fe_write_all(&f->be, (const uint8_t *)s, strlen(s)),
                     (int)strlen(s));
}

/* ---- creating chardevs ---- */

static Chardev *chr_create(const char *spec)
{
    Error *err = NULL;
    QemuOpts *opts = qemu_opts_parse(spec, "backend", &err);
    Chardev *chr;

    ck_assert_msg(opts, "%s: %s", spec, err ? error_get_pretty(err) : "");
    chr = qemu_chr_new_from_opts(opts, &err);
    ck_assert_msg(chr, "%s: %s", spec, err ? error_get_pretty(err) : "");
    qemu_opts_del(opts);
    return chr;
}

/* Create, expect failure, return the message (caller frees). */
static char *chr_create_err(const char *spec)
{
    Error *err = NULL;
    QemuOpts *opts = qemu_opts_parse(spec, "backend", &err);
    Chardev *chr;
    char *msg;

    ck_assert_msg(opts, "%s: %s", spec, err ? error_get_pretty(err) : "");
    chr = qemu_chr_new_from_opts(opts, &err);
    qemu_opts_del(opts);
    ck_assert_msg(!chr, "%s unexpectedly worked", spec);
    ck_assert_msg(err, "%s failed without an error", spec);
    msg = g_strdup(error_get_pretty(err));
    error_free(err);
    return msg;
}

static char *compat_err(const char *label, const char *filename)
{
    Error *err = NULL;
    Chardev *chr = qemu_chr_new(label, filename, &err);
    char *msg;

    ck_assert_msg(!chr, "%s unexpectedly worked", filename);
    ck_assert_ptr_nonnull(err);
    msg = g_strdup(error_get_pretty(err));
    error_free(err);
    return msg;
}

/* ---- captured error_report()/info_report() output ---- */

static GString *reported;

static void capture_printer(void *opaque, const char *msg)
{
    g_string_append(reported, msg);
}

static void capture_reports(void)
{
    if (!reported) {
        reported = g_string_new(NULL);
    }
    g_string_truncate(reported, 0);
    error_set_printer(capture_printer, NULL);
}

/* ---- temporary directories ---- */

static char *tmpdir_new(void)
{
    char *dir = g_dir_make_tmp("chardev-XXXXXX", NULL);

    ck_assert_ptr_nonnull(dir);
    return dir;
}

static void tmpdir_remove(char *dir)
{
    GDir *d = g_dir_open(dir, 0, NULL);
    const char *name;

    while (d && (name = g_dir_read_name(d))) {
        g_autofree char *p = g_build_filename(dir, name, NULL);
        unlink(p);
    }
    if (d) {
        g_dir_close(d);
    }
    rmdir(dir);
    g_free(dir);
}

static char *read_file(const char *path)
{
    char *contents = NULL;

    ck_assert(g_file_get_contents(path, &contents, NULL, NULL));
    return contents;
}

static void teardown(void)
{
    qemu_chr_cleanup_all();
    error_set_printer(NULL, NULL);
}

/* ---- file and pipe ---- */

START_TEST(test_file_backend_writes_land_in_file)
{
    char *dir = tmpdir_new();
    g_autofree char *path = g_build_filename(dir, "out.txt", NULL);
    g_autofree char *spec = g_strdup_printf("file,id=f0,path=%s", path);
    Chardev *chr;
    Fe fe;

    ck_assert(g_file_set_contents(path, "stale contents\n", -1, NULL));
    chr = chr_create(spec);
    ck_assert_str_eq(qemu_chr_get_filename(chr), "file");
    ck_assert_str_eq(qemu_chr_get_label(chr), "f0");
    fe_attach(&fe, chr);
    /* A file is open from the start: a late frontend still gets OPENED, once. */
    ck_assert_int_eq(fe_count(&fe, CHR_EVENT_OPENED), 1);
    ck_assert(qemu_chr_fe_backend_connected(&fe.be));
    fe_send(&fe, "hello ");
    qemu_chr_fe_printf(&fe.be, "guest %d\n", 42);
    g_autofree char *contents = read_file(path);
    ck_assert_str_eq(contents, "hello guest 42\n");
    fe_release(&fe);
    tmpdir_remove(dir);
}
END_TEST

START_TEST(test_file_append_keeps_old_contents)
{
    char *dir = tmpdir_new();
    g_autofree char *path = g_build_filename(dir, "log", NULL);
    g_autofree char *spec = g_strdup_printf("file,id=f1,path=%s,append=on", path);
    Fe fe;

    ck_assert(g_file_set_contents(path, "old\n", -1, NULL));
    fe_attach(&fe, chr_create(spec));
    fe_send(&fe, "new\n");
    g_autofree char *contents = read_file(path);
    ck_assert_str_eq(contents, "old\nnew\n");
    fe_release(&fe);
    tmpdir_remove(dir);
}
END_TEST

START_TEST(test_file_input_path_is_read_then_closed)
{
    char *dir = tmpdir_new();
    g_autofree char *in = g_build_filename(dir, "in", NULL);
    g_autofree char *out = g_build_filename(dir, "out", NULL);
    g_autofree char *spec = g_strdup_printf("file,id=f2,path=%s,input-path=%s", out, in);
    Fe fe;

    ck_assert(g_file_set_contents(in, "typed input", -1, NULL));
    fe_attach(&fe, chr_create(spec));
    ck_assert(WAIT_UNTIL(fe_count(&fe, CHR_EVENT_CLOSED) == 1, 2000));
    ck_assert(fe_rx_is(&fe, "typed input"));
    fe_release(&fe);
    tmpdir_remove(dir);
}
END_TEST

START_TEST(test_file_open_error_names_path_and_reason)
{
    g_autofree char *msg = chr_create_err("file,id=f3,path=/nonexistent-dir/x/out");

    ck_assert_str_eq(msg, "Could not open '/nonexistent-dir/x/out': No such file or directory");
    ck_assert_ptr_null(qemu_chr_find("f3"));
    g_free(msg);
    msg = chr_create_err("file,id=f4");
    ck_assert_str_eq(msg, "chardev: file: no filename given");
}
END_TEST

START_TEST(test_pipe_uses_in_and_out_fifos)
{
    char *dir = tmpdir_new();
    g_autofree char *base = g_build_filename(dir, "guest", NULL);
    g_autofree char *in = g_strdup_printf("%s.in", base);
    g_autofree char *out = g_strdup_printf("%s.out", base);
    g_autofree char *spec = g_strdup_printf("pipe,id=p0,path=%s", base);
    char buf[64];
    int fd_in, fd_out;
    Fe fe;

    ck_assert_int_eq(mkfifo(in, 0600), 0);
    ck_assert_int_eq(mkfifo(out, 0600), 0);
    fe_attach(&fe, chr_create(spec));
    ck_assert_str_eq(qemu_chr_get_filename(qemu_chr_find("p0")), "pipe");

    fd_out = open(out, O_RDONLY | O_NONBLOCK);
    ck_assert_int_ge(fd_out, 0);
    fe_send(&fe, "to host");
    ck_assert_int_eq(read(fd_out, buf, sizeof(buf)), 7);
    ck_assert(memcmp(buf, "to host", 7) == 0);

    fd_in = open(in, O_WRONLY | O_NONBLOCK);
    ck_assert_int_ge(fd_in, 0);
    ck_assert_int_eq(write(fd_in, "to guest", 8), 8);
    ck_assert(WAIT_UNTIL(fe.rx->len == 8, 2000));
    ck_assert(fe_rx_is(&fe, "to guest"));
    close(fd_in);
    close(fd_out);
    fe_release(&fe);
    tmpdir_remove(dir);
}
END_TEST

START_TEST(test_pipe_falls_back_to_single_path)
{
    char *dir = tmpdir_new();
    g_autofree char *path = g_build_filename(dir, "both", NULL);
    g_autofree char *spec = g_strdup_printf("pipe,id=p1,path=%s", path);
    int fd;
    Fe fe;

    ck_assert_int_eq(mkfifo(path, 0600), 0);
    fe_attach(&fe, chr_create(spec));
    fd = open(path, O_WRONLY | O_NONBLOCK);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, "ping", 4), 4);
    ck_assert(WAIT_UNTIL(fe.rx->len == 4, 2000));
    ck_assert(fe_rx_is(&fe, "ping"));
    close(fd);
    fe_release(&fe);
    tmpdir_remove(dir);
}
END_TEST

START_TEST(test_pipe_missing_is_an_error)
{
    g_autofree char *msg = chr_create_err("pipe,id=p2,path=/nonexistent-dir/fifo");

    ck_assert_str_eq(msg, "Could not open '/nonexistent-dir/fifo': No such file or directory");
}
END_TEST

START_TEST(test_logfile_gets_a_copy_of_output)
{
    char *dir = tmpdir_new();
    g_autofree char *log = g_build_filename(dir, "log", NULL);
    g_autofree char *spec = g_strdup_printf("null,id=n0,logfile=%s", log);
    Fe fe;

    fe_attach(&fe, chr_create(spec));
    fe_send(&fe, "boot messages\n");
    g_autofree char *contents = read_file(log);
    ck_assert_str_eq(contents, "boot messages\n");
    fe_release(&fe);
    tmpdir_remove(dir);
}
END_TEST

/* ---- null, ringbuf ---- */

START_TEST(test_null_discards_and_never_opens)
{
    Fe fe;

    fe_attach(&fe, chr_create("null,id=n1"));
    ck_assert_int_eq(qemu_chr_fe_write(&fe.be, (const uint8_t *)"abc", 3), 3);
    ck_assert_int_eq(fe.nevents, 0);
    ck_assert(!qemu_chr_fe_backend_connected(&fe.be));
    ck_assert_int_eq(qemu_chr_fe_get_msgfd(&fe.be), -1);
    ck_assert_str_eq(qemu_chr_get_filename(qemu_chr_find("n1")), "null");
    fe_release(&fe);
}
END_TEST

START_TEST(test_ringbuf_read_write_and_wrap)
{
    Error *err = NULL;
    char *data;
    Fe fe;

    fe_attach(&fe, chr_create("ringbuf,id=rb,size=8"));
    ck_assert_str_eq(qemu_chr_get_filename(qemu_chr_find("rb")), "ringbuf");
    fe_send(&fe, "0123456789");             /* 10 bytes into 8: the first two are lost */
    data = qemu_chr_ringbuf_read("rb", 3, &err);
    ck_assert_str_eq(data, "234");
    g_free(data);
    data = qemu_chr_ringbuf_read("rb", 100, &err);
    ck_assert_str_eq(data, "56789");
    g_free(data);
    data = qemu_chr_ringbuf_read("rb", 100, &err);
    ck_assert_str_eq(data, "");
    g_free(data);

    /* ringbuf-write fills the same buffer ringbuf-read drains. */
    ck_assert(qemu_chr_ringbuf_write("rb", "abcdefghijk", &err));
    data = qemu_chr_ringbuf_read("rb", 100, &err);
    ck_assert_str_eq(data, "defghijk");
    g_free(data);
    ck_assert_ptr_null(err);
    fe_release(&fe);
}
END_TEST

START_TEST(test_ringbuf_errors)
{
    Error *err = NULL;
    g_autofree char *msg = chr_create_err("ringbuf,id=rb1,size=1000");

    ck_assert_str_eq(msg, "size of ringbuf chardev must be power of two");
    chr_create("null,id=n2");
    chr_create("memory,id=mem");
    ck_assert_str_eq(qemu_chr_get_filename(qemu_chr_find("mem")), "memory");
    ck_assert_ptr_null(qemu_chr_ringbuf_read("nope", 10, &err));
    ck_assert_str_eq(error_get_pretty(err), "Device 'nope' not found");
    error_free(err);
    err = NULL;
    ck_assert_ptr_null(qemu_chr_ringbuf_read("n2", 10, &err));
    ck_assert_str_eq(error_get_pretty(err), "n2 is not a ringbuf device");
    error_free(err);
    err = NULL;
    ck_assert(!qemu_chr_ringbuf_write("n2", "x", &err));
    ck_assert_str_eq(error_get_pretty(err), "n2 is not a ringbuf device");
    error_free(err);
    err = NULL;
    ck_assert_ptr_null(qemu_chr_ringbuf_read("mem", 0, &err));
    ck_assert_str_eq(error_get_pretty(err), "size must be greater than zero");
    error_free(err);
}
END_TEST

/* ---- generic errors and the registry ---- */

START_TEST(test_creation_errors)
{
    g_autofree char *m1 = chr_create_err("foo,id=x");
    g_autofree char *m2 = chr_create_err("null");
    g_autofree char *m3 = chr_create_err("id=x");
    g_autofree char *m4 = chr_create_err("null,id=x,bogus=1");
    g_autofree char *m5 = chr_create_err("null,id=x,mux=maybe");
    g_autofree char *m7 = chr_create_err("null,id=x,nobogus");
    g_autofree char *m8 = chr_create_err("null,id=x,nomux=on,bogus");
    g_autofree char *m6 = NULL;

    ck_assert_str_eq(m1, "'foo' is not a valid char driver name");
    ck_assert_str_eq(m2, "chardev: no id specified");
    ck_assert_str_eq(m3, "chardev: \"x\" missing backend");
    ck_assert_str_eq(m4, "Invalid parameter 'bogus'");
    ck_assert_str_eq(m5, "Parameter 'mux' expects 'on' or 'off'");
    ck_assert_str_eq(m7, "Invalid parameter 'nobogus'");
    ck_assert_str_eq(m8, "Invalid parameter 'bogus'");
    chr_create("null,id=dup");
    m6 = chr_create_err("ringbuf,id=dup");
    ck_assert_str_eq(m6, "attempt to add duplicate property 'dup' to object (type 'container')");
    ck_assert_ptr_null(qemu_chr_find("x"));
}
END_TEST

START_TEST(test_second_frontend_is_refused)
{
    Chardev *chr = chr_create("null,id=busy");
    CharBackend other = { 0 };
    Error *err = NULL;
    Fe fe;

    fe_attach(&fe, chr);
    ck_assert(!qemu_chr_fe_init(&other, chr, &err));
    ck_assert_str_eq(error_get_pretty(err), "Device 'busy' is in use");
    error_free(err);
    err = NULL;

    ck_assert(!qemu_chr_delete("busy", &err));
    ck_assert_str_eq(error_get_pretty(err), "Chardev 'busy' is busy");
    error_free(err);
    err = NULL;
    ck_assert(!qemu_chr_delete("ghost", &err));
    ck_assert_str_eq(error_get_pretty(err), "Chardev 'ghost' not found");
    error_free(err);
    err = NULL;

    fe_release(&fe);
    ck_assert(qemu_chr_delete("busy", &err));
    ck_assert_ptr_null(qemu_chr_find("busy"));
}
END_TEST

static void collect_label(Chardev *chr, void *opaque)
{
    g_string_append_printf(opaque, "%s=%s;", qemu_chr_get_label(chr),
                           qemu_chr_get_filename(chr));
}

START_TEST(test_shorthands)
{
    char *dir = tmpdir_new();
    g_autofree char *file = g_strdup_printf("file:%s/serial.log", dir);
    /* The old short form "server,nowait" is still what many scripts say. */
    g_autofree char *sock = g_strdup_printf("unix:%s/s,server,nowait", dir);
    g_autofree char *sockname = g_strdup_printf("disconnected:unix:%s/s,server=on", dir);
    g_autoptr(GString) all = g_string_new(NULL);
    Error *err = NULL;
    Chardev *chr;

    chr = qemu_chr_new("serial0", "null", &err);
    ck_assert_str_eq(qemu_chr_get_filename(chr), "null");
    chr = qemu_chr_new("serial1", "vc:80Cx24C", &err);
    ck_assert_str_eq(qemu_chr_get_filename(chr), "vc");
    chr = qemu_chr_new("serial2", file, &err);
    ck_assert_str_eq(qemu_chr_get_filename(chr), "file");
    chr = qemu_chr_new("serial3", sock, &err);
    ck_assert_str_eq(qemu_chr_get_filename(chr), sockname);
    ck_assert_ptr_null(qemu_chr_new("serial4", "none", &err));
    ck_assert_ptr_null(err);
    ck_assert_ptr_eq(qemu_chr_new("x", "chardev:serial0", &err), qemu_chr_find("serial0"));

    /* mon:DEV puts a mux over DEV, named as asked, with DEV as "<label>-base". */
    chr = qemu_chr_new("compat_monitor0", "mon:null", &err);
    ck_assert_ptr_null(err);
    ck_assert(qemu_chr_is_mux(chr));
    ck_assert_str_eq(qemu_chr_get_filename(chr), "mux");
    ck_assert_str_eq(qemu_chr_get_filename(qemu_chr_find("compat_monitor0-base")), "null");
    chr = qemu_chr_new_mux_mon("mm", "null", &err);
    ck_assert(qemu_chr_is_mux(chr));
    ck_assert(!qemu_chr_is_mux(qemu_chr_find("serial0")));

    qemu_chr_foreach(collect_label, all);
    g_autofree char *want = g_strdup_printf(
        "serial0=null;serial1=vc;serial2=file;serial3=%s;compat_monitor0-base=null;"
        "compat_monitor0=mux;mm-base=null;mm=mux;", sockname);
    ck_assert_str_eq(all->str, want);

    /* Deleting a mux made by mux=on takes its base along. */
    ck_assert(qemu_chr_delete("mm", &err));
    ck_assert_ptr_null(qemu_chr_find("mm-base"));
    qemu_chr_cleanup_all();
    tmpdir_remove(dir);
}
END_TEST

START_TEST(test_shorthand_errors)
{
    g_autofree char *m1 = compat_err("s", "bogus");
    g_autofree char *m2 = compat_err("s", "tcp:localhost");
    g_autofree char *m3 = compat_err("s", "chardev:nope");
    g_autofree char *m4 = compat_err("s", "telnet::4444,server=on");

    ck_assert_str_eq(m1, "'bogus' is not a valid char driver");
    ck_assert_str_eq(m2, "'tcp:localhost' is not a valid char driver");
    ck_assert_str_eq(m3, "Chardev 'nope' not found");
    ck_assert_str_eq(m4, "chardev: socket: 'telnet' is not supported by this emulator");
}
END_TEST

START_TEST(test_help_lists_backends)
{
    QemuOpts *opts = qemu_opts_parse("help", "backend", NULL);
    Error *err = NULL;
    char *text = qemu_chr_help_text(opts);

    ck_assert_ptr_nonnull(text);
    ck_assert(g_str_has_prefix(text, "Available chardev backend types: \n  "));
    ck_assert_ptr_nonnull(strstr(text, "\n  socket\n"));
    ck_assert_ptr_nonnull(strstr(text, "\n  ringbuf\n"));
    ck_assert_ptr_null(qemu_chr_new_from_opts(opts, &err));
    ck_assert_ptr_null(err);
    g_free(text);
    qemu_opts_del(opts);
    opts = qemu_opts_parse("null,id=x", "backend", NULL);
    ck_assert_ptr_null(qemu_chr_help_text(opts));
    qemu_opts_del(opts);
}
END_TEST

START_TEST(test_cleanup_detaches_frontends)
{
    Fe fe;

    fe_attach(&fe, chr_create("ringbuf,id=rbc"));
    qemu_chr_cleanup_all();
    ck_assert_ptr_null(fe.be.chr);
    ck_assert_ptr_null(qemu_chr_find("rbc"));
    /* A device that writes after cleanup (exit path) must not crash. */
    ck_assert_int_eq(qemu_chr_fe_write(&fe.be, (const uint8_t *)"x", 1), 0);
    qemu_chr_cleanup_all();
    fe_release(&fe);
}
END_TEST

/* ---- sockets ---- */

START_TEST(test_unix_socket_server_and_client_talk)
{
    char *dir = tmpdir_new();
    g_autofree char *path = g_build_filename(dir, "sock", NULL);
    g_autofree char *srv_spec = g_strdup_printf("socket,id=srv,path=%s,server=on,wait=off",
                                                path);
    g_autofree char *cli_spec = g_strdup_printf("socket,id=cli,path=%s", path);
    g_autofree char *srv_disc = g_strdup_printf("disconnected:unix:%s,server=on", path);
    g_autofree char *srv_conn = g_strdup_printf("unix:%s,server=on", path);
    g_autofree char *cli_conn = g_strdup_printf("unix:%s", path);
    Chardev *srv;
    Fe s, c, c2;

    srv = chr_create(srv_spec);
    fe_attach(&s, srv);
    ck_assert_str_eq(qemu_chr_get_filename(srv), srv_disc);
    ck_assert(!qemu_chr_fe_backend_connected(&s.be));

    fe_attach(&c, chr_create(cli_spec));
    ck_assert_int_eq(fe_count(&c, CHR_EVENT_OPENED), 1);
    ck_assert_str_eq(qemu_chr_get_filename(qemu_chr_find("cli")), cli_conn);
    ck_assert(WAIT_UNTIL(fe_count(&s, CHR_EVENT_OPENED) == 1, 2000));
    ck_assert_str_eq(qemu_chr_get_filename(srv), srv_conn);
    ck_assert(qemu_chr_fe_backend_connected(&s.be));

    fe_send(&s, "ping");
    ck_assert(WAIT_UNTIL(c.rx->len == 4, 2000));
    ck_assert(fe_rx_is(&c, "ping"));
    fe_send(&c, "pong");
    ck_assert(WAIT_UNTIL(s.rx->len == 4, 2000));
    ck_assert(fe_rx_is(&s, "pong"));

    /* The client goes away: the server sees CLOSED and listens again. */
    qemu_chr_fe_deinit(&c.be, true);
    ck_assert(WAIT_UNTIL(fe_count(&s, CHR_EVENT_CLOSED) == 1, 2000));
    ck_assert_str_eq(qemu_chr_get_filename(srv), srv_disc);
    ck_assert(!qemu_chr_fe_backend_connected(&s.be));
    ck_assert_int_eq(qemu_chr_fe_write(&s.be, (const uint8_t *)"lost", 4), -1);

    fe_attach(&c2, chr_create(cli_spec));
    ck_assert(WAIT_UNTIL(fe_count(&s, CHR_EVENT_OPENED) == 2, 2000));
    fe_send(&c2, "again");
    ck_assert(WAIT_UNTIL(s.rx->len == 9, 2000));
    ck_assert(fe_rx_is(&s, "pongagain"));

    fe_release(&c2);
    fe_release(&s);
    g_byte_array_free(c.rx, TRUE);
    qemu_chr_cleanup_all();
    /* The socket file we created goes with the chardev. */
    ck_assert(!g_file_test(path, G_FILE_TEST_EXISTS));
    tmpdir_remove(dir);
}
END_TEST

static int raw_unix_connect(const char *path)
{
    struct sockaddr_un un = { .sun_family = AF_UNIX };
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);

    g_strlcpy(un.sun_path, path, sizeof(un.sun_path));
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(connect(fd, (struct sockaddr *)&un, sizeof(un)), 0);
    return fd;
}

START_TEST(test_unix_socket_passes_fds)
{
    char *dir = tmpdir_new();
    g_autofree char *path = g_build_filename(dir, "qmp", NULL);
    g_autofree char *spec = g_strdup_printf("socket,id=qmp,path=%s,server=on,wait=off", path);
    int pipefd[2], raw, got;
    union {
        char buf[CMSG_SPACE(sizeof(int))];
        struct cmsghdr align;
    } control;
    struct iovec iov = { .iov_base = (void *)"getfd", .iov_len = 5 };
    struct msghdr msg = {
        .msg_iov = &iov, .msg_iovlen = 1,
        .msg_control = control.buf, .msg_controllen = sizeof(control.buf),
    };
    struct cmsghdr *cmsg;
    char buf[16];
    Fe fe;

    fe_attach(&fe, chr_create(spec));
    ck_assert_int_eq(pipe(pipefd), 0);
    raw = raw_unix_connect(path);
    cmsg = CMSG_FIRSTHDR(&msg);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    memcpy(CMSG_DATA(cmsg), &pipefd[1], sizeof(int));
    ck_assert_int_eq(sendmsg(raw, &msg, 0), 5);
    close(pipefd[1]);

    ck_assert(WAIT_UNTIL(fe.rx->len == 5, 2000));
    ck_assert(fe_rx_is(&fe, "getfd"));
    got = qemu_chr_fe_get_msgfd(&fe.be);
    ck_assert_int_ge(got, 0);
    ck_assert_int_eq(qemu_chr_fe_get_msgfd(&fe.be), -1);
    /* It is the pipe we sent: what we write arrives at our read end. */
    ck_assert_int_eq(write(got, "via fd", 6), 6);
    ck_assert_int_eq(read(pipefd[0], buf, sizeof(buf)), 6);
    ck_assert(memcmp(buf, "via fd", 6) == 0);
    close(got);
    close(pipefd[0]);

    close(raw);
    ck_assert(WAIT_UNTIL(fe_count(&fe, CHR_EVENT_CLOSED) == 1, 2000));
    fe_release(&fe);
    tmpdir_remove(dir);
}
END_TEST

/* "disconnected:tcp:127.0.0.1:PORT,server=on" -> PORT */
static int port_of(const char *filename)
{
    const char *p = strrchr(filename, ':');

    ck_assert_ptr_nonnull(p);
    return atoi(p + 1);
}

START_TEST(test_tcp_loopback_server_and_client)
{
    Error *err = NULL;
    Chardev *srv = chr_create("socket,id=tsrv,host=127.0.0.1,port=0,server=on,wait=off");
    const char *name = qemu_chr_get_filename(srv);
    int port = port_of(name);
    Chardev *cli;
    Fe s, c;

    ck_assert_int_gt(port, 0);
    g_autofree char *want_disc = g_strdup_printf("disconnected:tcp:127.0.0.1:%d,server=on",
                                                 port);
    ck_assert_str_eq(name, want_disc);
    fe_attach(&s, srv);

    g_autofree char *shorthand = g_strdup_printf("tcp:127.0.0.1:%d,nodelay=on", port);
    cli = qemu_chr_new("tcli", shorthand, &err);
    ck_assert_msg(cli, "%s", err ? error_get_pretty(err) : "");
    fe_attach(&c, cli);
    ck_assert(WAIT_UNTIL(fe_count(&s, CHR_EVENT_OPENED) == 1, 2000));

    /* "tcp:LOCAL,server=on <-> PEER" on both ends, ports matching crosswise. */
    int cport = 0, sport = 0, speer = 0, cpeer = 0;
    ck_assert_int_eq(sscanf(qemu_chr_get_filename(srv),
                            "tcp:127.0.0.1:%d,server=on <-> 127.0.0.1:%d", &sport, &speer), 2);
    ck_assert_int_eq(sscanf(qemu_chr_get_filename(cli), "tcp:127.0.0.1:%d <-> 127.0.0.1:%d",
                            &cport, &cpeer), 2);
    ck_assert_int_eq(sport, port);
    ck_assert_int_eq(cpeer, port);
    ck_assert_int_eq(speer, cport);

    fe_send(&c, "hello server");
    ck_assert(WAIT_UNTIL(s.rx->len == 12, 2000));
    ck_assert(fe_rx_is(&s, "hello server"));
    fe_send(&s, "hello client");
    ck_assert(WAIT_UNTIL(c.rx->len == 12, 2000));
    ck_assert(fe_rx_is(&c, "hello client"));

    /* The server end hangs up: the client sees CLOSED. */
    qemu_chr_fe_disconnect(&s.be);
    ck_assert_int_eq(fe_count(&s, CHR_EVENT_CLOSED), 1);
    ck_assert(WAIT_UNTIL(fe_count(&c, CHR_EVENT_CLOSED) == 1, 2000));
    fe_release(&s);
    fe_release(&c);
}
END_TEST

START_TEST(test_tcp_connect_refused_names_address)
{
    struct sockaddr_in sin = { .sin_family = AF_INET, .sin_addr.s_addr = htonl(0x7f000001) };
    socklen_t len = sizeof(sin);
    int fd = socket(AF_INET, SOCK_STREAM, 0);

    /* Find a port nobody listens on: bind one, note it, let it go. */
    ck_assert_int_eq(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
    ck_assert_int_eq(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
    close(fd);
    g_autofree char *spec = g_strdup_printf("socket,id=t,host=127.0.0.1,port=%d",
                                            ntohs(sin.sin_port));
    g_autofree char *want = g_strdup_printf("Failed to connect to '127.0.0.1:%d': "
                                            "Connection refused", ntohs(sin.sin_port));
    g_autofree char *msg = chr_create_err(spec);
    ck_assert_str_eq(msg, want);
}
END_TEST

START_TEST(test_socket_option_errors)
{
    g_autofree char *m1 = chr_create_err("socket,id=s");
    g_autofree char *m2 = chr_create_err("socket,id=s,host=127.0.0.1");
    g_autofree char *m3 = chr_create_err("socket,id=s,host=127.0.0.1,port=1,wait=off");
    g_autofree char *m4 = chr_create_err("socket,id=s,path=/tmp/x,server=on,reconnect=1");
    g_autofree char *m5 = chr_create_err("socket,id=s,host=127.0.0.1,port=1,telnet=on");
    g_autofree char *m6 = chr_create_err("socket,id=s,host=127.0.0.1,port=1,server=yes2");
    g_autofree char *longpath = g_strnfill(200, 'a');
    g_autofree char *spec7 = g_strdup_printf("socket,id=s,path=/tmp/%s,server=on", longpath);
    g_autofree char *m7 = chr_create_err(spec7);

    ck_assert_str_eq(m1, "chardev: socket: no host given");
    ck_assert_str_eq(m2, "chardev: socket: no port given");
    ck_assert_str_eq(m3, "'wait' option is incompatible with socket in client connect mode");
    ck_assert_str_eq(m4, "'reconnect' option is incompatible with socket in server listen "
                     "mode");
    ck_assert_str_eq(m5, "chardev: socket: 'telnet' is not supported by this emulator");
    ck_assert_str_eq(m6, "Parameter 'server' expects 'on' or 'off'");
    ck_assert(g_str_has_prefix(m7, "UNIX socket path '/tmp/aaaa"));
    ck_assert(g_str_has_suffix(m7, "' is too long"));
}
END_TEST

START_TEST(test_socket_server_wait_blocks_until_client)
{
    char *dir = tmpdir_new();
    g_autofree char *path = g_build_filename(dir, "wait", NULL);
    g_autofree char *spec = g_strdup_printf("socket,id=w,path=%s,server=on", path);
    g_autofree char *msg = g_strdup_printf("info: QEMU waiting for connection on: "
                                           "disconnected:unix:%s,server=on\n", path);
    pid_t child = fork();
    int status;
    Fe fe;

    ck_assert_int_ge(child, 0);
    if (child == 0) {
        /* A client that turns up a little later, says hello and waits to be dropped. */
        struct sockaddr_un un = { .sun_family = AF_UNIX };
        char c;
        int fd = socket(AF_UNIX, SOCK_STREAM, 0);

        g_strlcpy(un.sun_path, path, sizeof(un.sun_path));
        for (int i = 0; i < 500; i++) {
            if (connect(fd, (struct sockaddr *)&un, sizeof(un)) == 0) {
                if (write(fd, "hi", 2) != 2) {
                    _exit(2);
                }
                while (read(fd, &c, 1) > 0) {
                }
                _exit(0);
            }
            g_usleep(10000);
        }
        _exit(1);
    }
    capture_reports();
    Chardev *chr = chr_create(spec);
    ck_assert_str_eq(reported->str, msg);
    /* By the time creation returns, the client is there. */
    g_autofree char *conn = g_strdup_printf("unix:%s,server=on", path);
    ck_assert_str_eq(qemu_chr_get_filename(chr), conn);
    fe_attach(&fe, chr);
    ck_assert_int_eq(fe_count(&fe, CHR_EVENT_OPENED), 1);
    ck_assert(WAIT_UNTIL(fe.rx->len == 2, 2000));
    ck_assert(fe_rx_is(&fe, "hi"));
    fe_release(&fe);
    qemu_chr_cleanup_all();
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    tmpdir_remove(dir);
}
END_TEST

START_TEST(test_socket_client_reconnects)
{
    char *dir = tmpdir_new();
    g_autofree char *path = g_build_filename(dir, "later", NULL);
    g_autofree char *cli_spec = g_strdup_printf("socket,id=rc,path=%s,reconnect=1", path);
    g_autofree char *srv_spec = g_strdup_printf("socket,id=rs,path=%s,server=on,wait=off",
                                                path);
    g_autofree char *want = g_strdup_printf("Unable to connect character device rc: "
                                            "Failed to connect to '%s': No such file or "
                                            "directory\n", path);
    g_autofree char *disc = g_strdup_printf("disconnected:unix:%s", path);
    Chardev *cli;
    Fe c, s;

    capture_reports();
    cli = chr_create(cli_spec);     /* no server yet: not fatal with reconnect= */
    ck_assert_str_eq(reported->str, want);
    ck_assert_str_eq(qemu_chr_get_filename(cli), disc);
    fe_attach(&c, cli);
    ck_assert_int_eq(c.nevents, 0);

    fe_attach(&s, chr_create(srv_spec));
    ck_assert(WAIT_UNTIL(fe_count(&c, CHR_EVENT_OPENED) == 1, 3000));
    ck_assert(WAIT_UNTIL(fe_count(&s, CHR_EVENT_OPENED) == 1, 2000));
    fe_send(&c, "up");
    ck_assert(WAIT_UNTIL(s.rx->len == 2, 2000));

    /* The server drops us; we come back by ourselves. */
    qemu_chr_fe_disconnect(&s.be);
    ck_assert(WAIT_UNTIL(fe_count(&c, CHR_EVENT_CLOSED) == 1, 2000));
    ck_assert(WAIT_UNTIL(fe_count(&c, CHR_EVENT_OPENED) == 2, 3000));
    ck_assert(WAIT_UNTIL(fe_count(&s, CHR_EVENT_OPENED) == 2, 2000));
    fe_release(&c);
    fe_release(&s);
    tmpdir_remove(dir);
}
END_TEST

START_TEST(test_socket_back_pressure)
{
    char *dir = tmpdir_new();
    g_autofree char *path = g_build_filename(dir, "bp", NULL);
    g_autofree char *spec = g_strdup_printf("socket,id=bp,path=%s,server=on,wait=off", path);
    int raw;
    Fe fe;

    fe_attach(&fe, chr_create(spec));
    fe.can_read = 0;
    raw = raw_unix_connect(path);
    ck_assert(WAIT_UNTIL(fe_count(&fe, CHR_EVENT_OPENED) == 1, 2000));
    ck_assert_int_eq(write(raw, "abcdef", 6), 6);
    /* Pending input the frontend cannot take must not make the loop spin. */
    ck_assert_int_lt(run_loop_ms(100), 5);
    ck_assert_int_eq(fe.rx->len, 0);

    /* Room for two bytes at a time: delivered in pieces, never more than asked. */
    fe.can_read = 2;
    qemu_chr_fe_accept_input(&fe.be);
    ck_assert(WAIT_UNTIL(fe.rx->len == 6, 2000));
    ck_assert(fe_rx_is(&fe, "abcdef"));
    close(raw);
    ck_assert(WAIT_UNTIL(fe_count(&fe, CHR_EVENT_CLOSED) == 1, 2000));
    fe_release(&fe);
    tmpdir_remove(dir);
}
END_TEST

static gboolean watch_fired(void *do_not_use, GIOCondition cond, void *data)
{
    *(GIOCondition *)data = cond;
    return G_SOURCE_REMOVE;
}

START_TEST(test_socket_short_writes_and_write_all)
{
    char *dir = tmpdir_new();
    g_autofree char *path = g_build_filename(dir, "big", NULL);
    g_autofree char *spec = g_strdup_printf("socket,id=big,path=%s,server=on", path);
    const int total = 8 << 20;
    g_autofree uint8_t *data = g_malloc(total);
    GIOCondition cond = 0;
    pid_t child;
    int status, n;
    Fe fe;

    for (int i = 0; i < total; i++) {
        data[i] = i * 7;
    }
    child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) {
        /* A slow reader: waits, then drains everything and reports how much it got. */
        struct sockaddr_un un = { .sun_family = AF_UNIX };
        int fd = socket(AF_UNIX, SOCK_STREAM, 0);
        uint8_t buf[65536];
        long got = 0;
        ssize_t r;

        g_strlcpy(un.sun_path, path, sizeof(un.sun_path));
        for (int i = 0; i < 500 && connect(fd, (struct sockaddr *)&un, sizeof(un)); i++) {
            g_usleep(10000);
        }
        g_usleep(300000);
        while (got < 2L * total && (r = read(fd, buf, sizeof(buf))) > 0) {
            got += r;
        }
        g_autofree char *reply = g_strdup_printf("%ld", got);
        _exit(write(fd, reply, strlen(reply)) > 0 ? 0 : 1);
    }
    capture_reports();
    fe_attach(&fe, chr_create(spec));

    /* Non-blocking: the peer is not reading yet, so this stops short instead of waiting. */
    n = qemu_chr_fe_write(&fe.be, data, total);
    ck_assert_int_gt(n, 0);
    ck_assert_int_lt(n, total);
    ck_assert_uint_gt(qemu_chr_fe_add_watch(&fe.be, G_IO_OUT, watch_fired, &cond), 0);
    /* write_all waits as long as it takes. */
    ck_assert_int_eq(qemu_chr_fe_write_all(&fe.be, data + n, total - n), total - n);
    ck_assert_int_eq(qemu_chr_fe_write_all(&fe.be, data, total), total);
    ck_assert(WAIT_UNTIL(cond != 0, 2000));
    ck_assert(cond & G_IO_OUT);
    g_autofree char *want = g_strdup_printf("%d", 2 * total);
    ck_assert(WAIT_UNTIL(fe.rx->len == strlen(want), 5000));
    ck_assert(fe_rx_is(&fe, want));
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    fe_release(&fe);
    tmpdir_remove(dir);
}
END_TEST

START_TEST(test_socket_write_to_vanished_peer_is_survivable)
{
    char *dir = tmpdir_new();
    g_autofree char *path = g_build_filename(dir, "gone", NULL);
    g_autofree char *spec = g_strdup_printf("socket,id=gone,path=%s,server=on,wait=off",
                                            path);
    Fe fe;
    int raw;

    fe_attach(&fe, chr_create(spec));
    fe.can_read = 0;            /* nobody reads, so only the write can notice */
    raw = raw_unix_connect(path);
    ck_assert(WAIT_UNTIL(fe_count(&fe, CHR_EVENT_OPENED) == 1, 2000));
    close(raw);
    /* A hang-up nobody reads yet must not make the loop spin either. */
    ck_assert_int_lt(run_loop_ms(50), 5);
    /* EPIPE, not SIGPIPE: we are still here, and the chardev notices the hang-up. */
    ck_assert_int_eq(qemu_chr_fe_write(&fe.be, (const uint8_t *)"x", 1), -1);
    ck_assert(WAIT_UNTIL(fe_count(&fe, CHR_EVENT_CLOSED) == 1, 2000));
    ck_assert_int_eq(qemu_chr_fe_write_all(&fe.be, (const uint8_t *)"x", 1), -1);
    fe_release(&fe);
    tmpdir_remove(dir);
}
END_TEST

/* ---- mux ---- */

static ShutdownCause shutdown_cause;
static int shutdown_requests;

static void record_shutdown(ShutdownCause cause)
{
    shutdown_cause = cause;
    shutdown_requests++;
}

/* Type keys into the chardev under the mux, as if they came from the terminal. */
static void type_keys(const char *keys)
{
    qemu_chr_be_write(qemu_chr_find("mx-base"), (const uint8_t *)keys, strlen(keys));
}

static char *mux_output(void)
{
    return qemu_chr_ringbuf_read("mx-base", 1 << 20, NULL);
}

START_TEST(test_mux_focus_and_escape_commands)
{
    Chardev *mux = chr_create("ringbuf,id=mx,mux=on,size=4096");
    char *out;
    Fe serial, mon;

    mux_chr_shutdown_request = record_shutdown;
    /* As main() does for mon:stdio: the monitor first, the serial port later. */
    fe_attach(&mon, mux);
    ck_assert_int_eq(fe_count(&mon, CHR_EVENT_MUX_IN), 1);
    fe_attach(&serial, mux);
    /* The frontend opened last has the focus; both see the (ringbuf) backend open. */
    ck_assert_int_eq(fe_count(&serial, CHR_EVENT_MUX_IN), 1);
    ck_assert_int_eq(fe_count(&mon, CHR_EVENT_MUX_OUT), 1);
    ck_assert_int_eq(fe_count(&serial, CHR_EVENT_OPENED), 1);
    ck_assert_int_eq(fe_count(&mon, CHR_EVENT_OPENED), 1);
    ck_assert(qemu_chr_frontend_open(mux));

    type_keys("ls\r");
    ck_assert(fe_rx_is(&serial, "ls\r"));
    ck_assert_int_eq(mon.rx->len, 0);

    /* C-a c: focus to the monitor. */
    type_keys("\001c");
    ck_assert_int_eq(fe_last_event(&serial), CHR_EVENT_MUX_OUT);
    ck_assert_int_eq(fe_last_event(&mon), CHR_EVENT_MUX_IN);
    type_keys("info\r");
    ck_assert(fe_rx_is(&mon, "info\r"));
    ck_assert(fe_rx_is(&serial, "ls\r"));

    /* C-a C-a is a literal C-a; unknown C-a commands vanish. */
    type_keys("\001\001\001z");
    ck_assert(fe_rx_is(&mon, "info\r\001"));

    /* C-a b: a break for whoever has the focus. */
    type_keys("\001b");
    ck_assert_int_eq(fe_count(&mon, CHR_EVENT_BREAK), 1);
    ck_assert_int_eq(fe_count(&serial, CHR_EVENT_BREAK), 0);

    /* C-a c again wraps back to the serial port. */
    type_keys("\001c");
    ck_assert_int_eq(fe_last_event(&serial), CHR_EVENT_MUX_IN);

    /* Output of both frontends is merged. */
    g_free(mux_output());
    fe_send(&serial, "from serial;");
    fe_send(&mon, "from monitor");
    out = mux_output();
    ck_assert_str_eq(out, "from serial;from monitor");
    g_free(out);

    /* C-a h */
    type_keys("\001h");
    out = mux_output();
    ck_assert_str_eq(out,
                     "\n\r"
                     "C-a h    print this help\n\r"
                     "C-a x    exit emulator\n\r"
                     "C-a s    save disk data back to file (if -snapshot)\n\r"
                     "C-a t    toggle console timestamps\n\r"
                     "C-a b    send break (magic sysrq)\n\r"
                     "C-a c    switch between console and monitor\n\r"
                     "C-a C-a  sends C-a\n\r");
    g_free(out);

    /* C-a x */
    type_keys("\001x");
    out = mux_output();
    ck_assert_str_eq(out, "QEMU: Terminated\n\r");
    g_free(out);
    ck_assert_int_eq(shutdown_requests, 1);
    ck_assert_int_eq(shutdown_cause, SHUTDOWN_CAUSE_HOST_UI);
    ck_assert(fe_rx_is(&serial, "ls\r"));

    fe_release(&serial);
    fe_release(&mon);
}
END_TEST

START_TEST(test_mux_timestamps)
{
    Chardev *mux = chr_create("ringbuf,id=mx,mux=on");
    int h, m, s, ms, used = 0;
    char *out;
    Fe fe;

    fe_attach(&fe, mux);
    type_keys("\001t");
    fe_send(&fe, "first\nsecond\nthird");
    out = mux_output();
    /* Stamps start on the line after the toggle. */
    ck_assert(g_str_has_prefix(out, "first\n["));
    ck_assert_int_eq(sscanf(out, "first\n[%2d:%2d:%2d.%3d] second\n%n", &h, &m, &s, &ms, &used),
                     4);
    ck_assert_int_gt(used, 0);
    ck_assert_int_eq(h, 0);
    ck_assert_int_eq(m, 0);
    ck_assert(g_str_has_prefix(out + used, "["));
    ck_assert(g_str_has_suffix(out, "] third"));
    g_free(out);
    type_keys("\001t");
    fe_send(&fe, "\nplain\n");
    out = mux_output();
    ck_assert_str_eq(out, "\nplain\n");
    g_free(out);
    fe_release(&fe);
}
END_TEST

START_TEST(test_mux_buffers_input_under_back_pressure)
{
    Chardev *mux = chr_create("ringbuf,id=mx,mux=on");
    Fe a, b;

    fe_attach(&b, mux);
    fe_attach(&a, mux);         /* a opens last and has the focus */
    a.can_read = 0;
    ck_assert_int_gt(qemu_chr_be_can_write(qemu_chr_find("mx-base")), 0);
    type_keys("abc");
    ck_assert_int_eq(a.rx->len, 0);

    a.can_read = 1;
    qemu_chr_fe_accept_input(&a.be);
    ck_assert(fe_rx_is(&a, "abc"));

    /* Escapes still work while the focused frontend is stuck. */
    a.can_read = 0;
    type_keys("de\001c");
    ck_assert_int_eq(fe_last_event(&b), CHR_EVENT_MUX_IN);
    type_keys("to b");
    ck_assert(fe_rx_is(&b, "to b"));
    /* a's input waits for a, not for whoever is focused. */
    ck_assert(fe_rx_is(&a, "abc"));
    type_keys("\001c");
    a.can_read = 10;
    qemu_chr_fe_accept_input(&a.be);
    ck_assert(fe_rx_is(&a, "abcde"));

    /* The buffer is finite: once full, the mux stops taking input from the backend. */
    a.can_read = 0;
    for (int i = 0; i < 32; i++) {
        type_keys("x");
    }
    ck_assert_int_eq(qemu_chr_be_can_write(qemu_chr_find("mx-base")), 0);
    fe_release(&a);
    fe_release(&b);
}
END_TEST

START_TEST(test_mux_limits_and_detach)
{
    Chardev *mux = chr_create("null,id=mx,mux=on");
    CharBackend extra = { 0 };
    Error *err = NULL;
    Fe fe[4];

    for (int i = 0; i < 4; i++) {
        fe_attach(&fe[i], mux);
    }
    ck_assert(!qemu_chr_fe_init(&extra, mux, &err));
    ck_assert_str_eq(error_get_pretty(err),
                     "too many uses of multiplexed chardev 'mx' (maximum is 4)");
    error_free(err);
    err = NULL;
    /* The base is taken by the mux. */
    ck_assert(!qemu_chr_fe_init(&extra, qemu_chr_find("mx-base"), &err));
    ck_assert_str_eq(error_get_pretty(err), "Device 'mx-base' is in use");
    error_free(err);
    err = NULL;

    /* The last one opened has the focus; detaching it passes the focus on. */
    ck_assert_int_eq(fe_last_event(&fe[3]), CHR_EVENT_MUX_IN);
    fe_release(&fe[3]);
    ck_assert_int_eq(fe_last_event(&fe[0]), CHR_EVENT_MUX_IN);
    /* The freed slot can be reused; take_focus moves the focus explicitly. */
    ck_assert(qemu_chr_fe_init(&extra, mux, &err));
    qemu_chr_fe_take_focus(&extra);
    ck_assert_int_eq(fe_last_event(&fe[0]), CHR_EVENT_MUX_OUT);
    qemu_chr_fe_take_focus(&fe[2].be);
    ck_assert_int_eq(fe_last_event(&fe[2]), CHR_EVENT_MUX_IN);
    qemu_chr_fe_deinit(&extra, false);
    for (int i = 0; i < 3; i++) {
        fe_release(&fe[i]);
    }
    ck_assert(qemu_chr_delete("mx", &err));
    ck_assert_ptr_null(qemu_chr_find("mx-base"));
}
END_TEST

START_TEST(test_mux_over_socket_forwards_connection_events)
{
    char *dir = tmpdir_new();
    g_autofree char *path = g_build_filename(dir, "muxsock", NULL);
    g_autofree char *spec = g_strdup_printf("socket,id=mx,path=%s,server=on,wait=off,mux=on",
                                            path);
    Chardev *mux = chr_create(spec);
    char buf[32];
    int raw, n;
    Fe a, b;

    fe_attach(&b, mux);
    fe_attach(&a, mux);
    raw = raw_unix_connect(path);
    ck_assert(WAIT_UNTIL(fe_count(&a, CHR_EVENT_OPENED) == 1, 2000));
    ck_assert_int_eq(fe_count(&b, CHR_EVENT_OPENED), 1);
    ck_assert_int_eq(write(raw, "key\001cmon", 8), 8);
    ck_assert(WAIT_UNTIL(b.rx->len == 3, 2000));
    ck_assert(fe_rx_is(&a, "key"));
    ck_assert(fe_rx_is(&b, "mon"));
    fe_send(&b, "(qemu) ");
    n = read(raw, buf, sizeof(buf));
    ck_assert_int_eq(n, 7);
    ck_assert(memcmp(buf, "(qemu) ", 7) == 0);
    close(raw);
    ck_assert(WAIT_UNTIL(fe_count(&a, CHR_EVENT_CLOSED) == 1, 2000));
    ck_assert_int_eq(fe_count(&b, CHR_EVENT_CLOSED), 1);
    fe_release(&a);
    fe_release(&b);
    tmpdir_remove(dir);
}
END_TEST

/* ---- pty and serial ---- */

START_TEST(test_pty_announces_and_connects)
{
    Error *err = NULL;
    Chardev *chr;
    const char *name;
    char buf[32];
    int slave;
    Fe fe;

    capture_reports();
    chr = qemu_chr_new("serial0", "pty", &err);
    ck_assert_ptr_nonnull(chr);
    name = qemu_chr_get_filename(chr);
    ck_assert(g_str_has_prefix(name, "pty:/dev/pts/"));
    g_autofree char *want = g_strdup_printf("char device redirected to %s (label serial0)\n",
                                            name + 4);
    ck_assert_str_eq(reported->str, want);
    fe_attach(&fe, chr);
    ck_assert_int_eq(fe_count(&fe, CHR_EVENT_OPENED), 0);
    /* Nobody listens yet: output is dropped, not queued, and does not block. */
    ck_assert_int_eq(qemu_chr_fe_write(&fe.be, (const uint8_t *)"dropped", 7), 7);

    slave = open(name + 4, O_RDWR | O_NOCTTY);
    ck_assert_int_ge(slave, 0);
    ck_assert(WAIT_UNTIL(fe_count(&fe, CHR_EVENT_OPENED) == 1, 3000));
    fe_send(&fe, "login: ");
    ck_assert_int_eq(read(slave, buf, sizeof(buf)), 7);
    ck_assert(memcmp(buf, "login: ", 7) == 0);
    ck_assert_int_eq(write(slave, "root\n", 5), 5);
    ck_assert(WAIT_UNTIL(fe.rx->len == 5, 2000));
    ck_assert(fe_rx_is(&fe, "root\n"));
    close(slave);
    ck_assert(WAIT_UNTIL(fe_count(&fe, CHR_EVENT_CLOSED) == 1, 3000));
    fe_release(&fe);
}
END_TEST

START_TEST(test_serial_backend_on_a_tty)
{
    char name[PATH_MAX], buf[16];
    int master, slave;
    Fe fe;

    ck_assert_int_eq(openpty(&master, &slave, name, NULL, NULL), 0);
    g_autofree char *dev = g_strdup_printf("tty,id=ser,path=%s", name);
    fe_attach(&fe, chr_create(dev));
    fe_send(&fe, "AT\r");
    ck_assert_int_eq(read(master, buf, sizeof(buf)), 3);
    ck_assert(memcmp(buf, "AT\r", 3) == 0);
    ck_assert_int_eq(write(master, "OK", 2), 2);
    ck_assert(WAIT_UNTIL(fe.rx->len == 2, 2000));
    ck_assert(fe_rx_is(&fe, "OK"));
    fe_release(&fe);
    close(master);
    close(slave);
}
END_TEST

/* ---- stdio (forked tests only: they take over fds 0 and 1) ---- */

START_TEST(test_stdio_reads_stdin_and_writes_stdout)
{
    int in[2], out[2];
    char buf[32];
    Fe fe;

    ck_assert_int_eq(pipe(in), 0);
    ck_assert_int_eq(pipe(out), 0);
    ck_assert_int_ge(dup2(in[0], 0), 0);
    ck_assert_int_ge(dup2(out[1], 1), 0);
    fe_attach(&fe, chr_create("stdio,id=con"));
    ck_assert_str_eq(qemu_chr_get_filename(qemu_chr_find("con")), "stdio");
    g_autofree char *msg = chr_create_err("stdio,id=con2");
    ck_assert_str_eq(msg, "cannot use stdio by multiple character devices");

    fe_send(&fe, "guest says hi");
    ck_assert_int_eq(read(out[0], buf, sizeof(buf)), 13);
    ck_assert_int_eq(write(in[1], "typed", 5), 5);
    ck_assert(WAIT_UNTIL(fe.rx->len == 5, 2000));
    ck_assert(fe_rx_is(&fe, "typed"));
    close(in[1]);
    ck_assert(WAIT_UNTIL(fe_count(&fe, CHR_EVENT_CLOSED) == 1, 2000));
    fe_release(&fe);
}
END_TEST

START_TEST(test_stdio_terminal_is_raw_then_restored)
{
    struct termios before, during, after;
    int master, slave;
    Fe fe;

    ck_assert_int_eq(openpty(&master, &slave, NULL, NULL, NULL), 0);
    ck_assert_int_ge(dup2(slave, 0), 0);
    ck_assert_int_eq(tcgetattr(slave, &before), 0);
    ck_assert(before.c_lflag & ICANON);
    fe_attach(&fe, chr_create("stdio,id=con,signal=off"));
    ck_assert_int_eq(tcgetattr(slave, &during), 0);
    ck_assert(!(during.c_lflag & (ICANON | ECHO | ISIG)));
    ck_assert(!(during.c_iflag & ICRNL));
    ck_assert(during.c_oflag & OPOST);

    /* Typing goes to the guest byte by byte, with no echo. */
    ck_assert_int_eq(write(master, "\003q", 2), 2);
    ck_assert(WAIT_UNTIL(fe.rx->len == 2, 2000));
    ck_assert(fe_rx_is(&fe, "\003q"));

    fe_release(&fe);
    qemu_chr_cleanup_all();
    ck_assert_int_eq(tcgetattr(slave, &after), 0);
    ck_assert_int_eq(after.c_lflag, before.c_lflag);
    ck_assert_int_eq(after.c_iflag, before.c_iflag);
    close(master);
    close(slave);
}
END_TEST

START_TEST(test_stdio_terminal_restored_on_exit)
{
    struct termios before, after;
    int master, slave, status;
    pid_t child;

    ck_assert_int_eq(openpty(&master, &slave, NULL, NULL, NULL), 0);
    ck_assert_int_eq(tcgetattr(slave, &before), 0);
    child = fork();
    ck_assert_int_ge(child, 0);
    if (child == 0) {
        dup2(slave, 0);
        if (!qemu_chr_new("con", "stdio", NULL)) {
            _exit(3);
        }
        exit(1);        /* an error exit with no cleanup call: atexit must restore */
    }
    ck_assert_int_eq(waitpid(child, &status, 0), child);
    ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 1);
    ck_assert_int_eq(tcgetattr(slave, &after), 0);
    ck_assert_int_eq(after.c_lflag, before.c_lflag);
    ck_assert_int_eq(after.c_iflag, before.c_iflag);
    close(master);
    close(slave);
}
END_TEST

static void add(TCase *tc, const TTest *t)
{
    tcase_add_test(tc, t);
}

static Suite *chardev_suite(void)
{
    Suite *s = suite_create("chardev");
    TCase *tc = tcase_create("backends");

    tcase_set_timeout(tc, 30);
    tcase_add_checked_fixture(tc, NULL, teardown);
    add(tc, test_file_backend_writes_land_in_file);
    add(tc, test_file_append_keeps_old_contents);
    add(tc, test_file_input_path_is_read_then_closed);
    add(tc, test_file_open_error_names_path_and_reason);
    add(tc, test_pipe_uses_in_and_out_fifos);
    add(tc, test_pipe_falls_back_to_single_path);
    add(tc, test_pipe_missing_is_an_error);
    add(tc, test_logfile_gets_a_copy_of_output);
    add(tc, test_null_discards_and_never_opens);
    add(tc, test_ringbuf_read_write_and_wrap);
    add(tc, test_ringbuf_errors);
    add(tc, test_creation_errors);
    add(tc, test_second_frontend_is_refused);
    add(tc, test_shorthands);
    add(tc, test_shorthand_errors);
    add(tc, test_help_lists_backends);
    add(tc, test_cleanup_detaches_frontends);
    add(tc, test_unix_socket_server_and_client_talk);
    add(tc, test_unix_socket_passes_fds);
    add(tc, test_tcp_loopback_server_and_client);
    add(tc, test_tcp_connect_refused_names_address);
    add(tc, test_socket_option_errors);
    add(tc, test_socket_server_wait_blocks_until_client);
    add(tc, test_socket_client_reconnects);
    add(tc, test_socket_back_pressure);
    add(tc, test_socket_short_writes_and_write_all);
    add(tc, test_socket_write_to_vanished_peer_is_survivable);
    add(tc, test_mux_focus_and_escape_commands);
    add(tc, test_mux_timestamps);
    add(tc, test_mux_buffers_input_under_back_pressure);
    add(tc, test_mux_limits_and_detach);
    add(tc, test_mux_over_socket_forwards_connection_events);
    add(tc, test_pty_announces_and_connects);
    add(tc, test_serial_backend_on_a_tty);
    suite_add_tcase(s, tc);
    return s;
}

static Suite *stdio_suite(void)
{
    Suite *s = suite_create("chardev-stdio");
    TCase *tc = tcase_create("stdio");

    tcase_set_timeout(tc, 30);
    tcase_add_checked_fixture(tc, NULL, teardown);
    add(tc, test_stdio_reads_stdin_and_writes_stdout);
    add(tc, test_stdio_terminal_is_raw_then_restored);
    add(tc, test_stdio_terminal_restored_on_exit);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(chardev_suite());
    int failed;

    /* SIGPIPE is left at its default: MSG_NOSIGNAL alone must keep a dead peer harmless. */
    /* The stdio tests replace fds 0 and 1, which only a forked test may do. */
    if (srunner_fork_status(sr) == CK_FORK) {
        srunner_add_suite(sr, stdio_suite());
    }
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
