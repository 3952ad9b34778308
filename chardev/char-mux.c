/*
 * The mux chardev: up to four frontends (a UART and the monitor, typically) share one
 * chardev; input goes to the focused one, output from all is merged, and the escape key
 * (C-a by default) switches focus and runs the few C-a commands.
 */
#include "qemu/osdep.h"
#include "chardev/char-internal.h"

#define MUX_BUFFER_SIZE 32      /* input held per frontend while it cannot read */

typedef struct MuxChardev {
    Chardev parent;
    CharBackend *backends[MAX_MUX];
    CharBackend base_be;        /* the mux as the one frontend of the chardev underneath */
    int mux_cnt;                /* slots handed out; a detached slot stays NULL */
    int focus;                  /* -1 until a frontend opens */
    bool term_got_escape;
    bool timestamps;
    bool linestart;
    int64_t timestamps_start;   /* ms, -1 until the first stamped line */
    uint8_t buffer[MAX_MUX][MUX_BUFFER_SIZE];
    unsigned prod[MAX_MUX];
    unsigned cons[MAX_MUX];
} MuxChardev;

/* -echr: one escape key for the whole process. */
static int term_escape_char = 0x01;

void (*mux_chr_shutdown_request)(ShutdownCause cause) = qemu_system_shutdown_request;

void qemu_chr_set_escape_char(int c)
{
    term_escape_char = c;
}

static MuxChardev *mux(const Chardev *chr)
{
    return (MuxChardev *)chr;
}

static void mux_send_event(MuxChardev *d, int i, QEMUChrEvent event)
{
    CharBackend *be = d->backends[i];

    if (be && be->chr_event) {
        be->chr_event(be->opaque, event);
    }
}

static void mux_chr_be_event(Chardev *chr, QEMUChrEvent event)
{
    MuxChardev *d = mux(chr);

    if (event == CHR_EVENT_BREAK) {
        if (d->focus >= 0) {
            mux_send_event(d, d->focus, event);
        }
        return;
    }
    for (int i = 0; i < d->mux_cnt; i++) {
        mux_send_event(d, i, event);
    }
}

void mux_chr_set_focus(Chardev *chr, int focus)
{
    MuxChardev *d = mux(chr);

    if (focus < 0 || focus >= d->mux_cnt || !d->backends[focus]) {
        return;
    }
    if (d->focus >= 0) {
        mux_send_event(d, d->focus, CHR_EVENT_MUX_OUT);
    }
    d->focus = focus;
    mux_send_event(d, focus, CHR_EVENT_MUX_IN);
}

int mux_chr_attach_frontend(Chardev *chr, CharBackend *be, Error **errp)
{
    MuxChardev *d = mux(chr);

    for (int i = 0; i < d->mux_cnt; i++) {
        if (!d->backends[i]) {
            d->backends[i] = be;
            return i;
        }
    }
    if (d->mux_cnt >= MAX_MUX) {
        error_setg(errp, "too many uses of multiplexed chardev '%s' (maximum is %d)",
                   chr->label, MAX_MUX);
        return -1;
    }
    d->backends[d->mux_cnt] = be;
    return d->mux_cnt++;
}

void mux_chr_detach_frontend(Chardev *chr, CharBackend *be)
{
    MuxChardev *d = mux(chr);
    int tag = be->tag;

    if (tag < 0 || tag >= d->mux_cnt || d->backends[tag] != be) {
        return;
    }
    d->backends[tag] = NULL;
    d->prod[tag] = d->cons[tag] = 0;
    if (d->focus == tag) {
        d->focus = -1;
        for (int i = 1; i <= d->mux_cnt; i++) {
            int next = (tag + i) % d->mux_cnt;
            if (d->backends[next]) {
                mux_chr_set_focus(chr, next);
                break;
            }
        }
    }
}

void mux_chr_frontend_opened(Chardev *chr, CharBackend *be)
{
    /*
     * As in QEMU, the frontend opened last has the focus: the monitor of "mon:stdio" opens
     * first, the serial port at machine creation, and the user starts on the console.
     */
    if (mux(chr)->focus != be->tag) {
        mux_chr_set_focus(chr, be->tag);
    }
}

bool mux_chr_any_frontend_open(const Chardev *chr)
{
    const MuxChardev *d = mux(chr);

    for (int i = 0; i < d->mux_cnt; i++) {
        if (d->backends[i] && d->backends[i]->fe_is_open) {
            return true;
        }
    }
    return false;
}

bool mux_chr_has_frontends(const Chardev *chr)
{
    const MuxChardev *d = mux(chr);

    for (int i = 0; i < d->mux_cnt; i++) {
        if (d->backends[i]) {
            return true;
        }
    }
    return false;
}

void mux_chr_for_each_frontend(Chardev *chr, void (*fn)(CharBackend *be, void *opaque),
                               void *opaque)
{
    MuxChardev *d = mux(chr);

    for (int i = 0; i < d->mux_cnt; i++) {
        if (d->backends[i]) {
            fn(d->backends[i], opaque);
        }
    }
}

/* ---- output ---- */

static int mux_chr_write(Chardev *chr, const uint8_t *buf, int len)
{
    MuxChardev *d = mux(chr);
    int done = 0;

    if (!d->timestamps) {
        return qemu_chr_fe_write(&d->base_be, buf, len);
    }
    while (done < len) {
        const uint8_t *nl = memchr(buf + done, '\n', len - done);
        int chunk = nl ? (int)(nl - (buf + done)) + 1 : len - done;
        int ret;

        if (d->linestart) {
            int64_t now = g_get_monotonic_time() / 1000;
            char stamp[64];
            int64_t ms, secs;

            if (d->timestamps_start == -1) {
                d->timestamps_start = now;
            }
            ms = now - d->timestamps_start;
            secs = ms / 1000;
            snprintf(stamp, sizeof(stamp), "[%02d:%02d:%02d.%03d] ", (int)(secs / 3600),
                     (int)(secs / 60 % 60), (int)(secs % 60), (int)(ms % 1000));
            qemu_chr_fe_write_all(&d->base_be, (uint8_t *)stamp, strlen(stamp));
            d->linestart = false;
        }
        ret = qemu_chr_fe_write(&d->base_be, buf + done, chunk);
        if (ret <= 0) {
            return done ? done : ret;
        }
        if (buf[done + ret - 1] == '\n') {
            d->linestart = true;
        }
        done += ret;
        if (ret < chunk) {
            break;
        }
    }
    return done;
}

static void mux_write_str(MuxChardev *d, const char *s)
{
    qemu_chr_fe_write_all(&d->base_be, (const uint8_t *)s, strlen(s));
}

static void mux_print_help(MuxChardev *d)
{
    static const char *const help[] = {
        "% h    print this help\n\r",
        "% x    exit emulator\n\r",
        "% s    save disk data back to file (if -snapshot)\n\r",
        "% t    toggle console timestamps\n\r",
        "% b    send break (magic sysrq)\n\r",
        "% c    switch between console and monitor\n\r",
        "% %  sends %\n\r",
    };
    g_autoptr(GString) out = g_string_new(NULL);
    char esc[16];

    if (term_escape_char > 0 && term_escape_char < 26) {
        g_string_append(out, "\n\r");
        snprintf(esc, sizeof(esc), "C-%c", term_escape_char - 1 + 'a');
    } else {
        g_string_append_printf(out, "\n\rEscape-Char set to Ascii: 0x%02x\n\r\n\r",
                               term_escape_char);
        snprintf(esc, sizeof(esc), "Escape-Char");
    }
    for (size_t i = 0; i < ARRAY_SIZE(help); i++) {
        for (const char *c = help[i]; *c; c++) {
            if (*c == '%') {
                g_string_append(out, esc);
            } else {
                g_string_append_c(out, *c);
            }
        }
    }
    mux_write_str(d, out->str);
}

/* ---- input ---- */

/* Handle one input byte; true if it is for the focused frontend. */
static bool mux_proc_byte(MuxChardev *d, int ch)
{
    Chardev *chr = &d->parent;

    if (!d->term_got_escape) {
        if (ch == term_escape_char) {
            d->term_got_escape = true;
            return false;
        }
        return true;
    }
    d->term_got_escape = false;
    if (ch == term_escape_char) {
        return true;            /* C-a C-a: a literal C-a */
    }
    switch (ch) {
    case '?':
    case 'h':
        mux_print_help(d);
        break;
    case 'x':
        mux_write_str(d, "QEMU: Terminated\n\r");
        mux_chr_shutdown_request(SHUTDOWN_CAUSE_HOST_UI);
        break;
    case 's':
        break;                  /* no -snapshot disks to commit */
    case 'b':
        qemu_chr_be_event(chr, CHR_EVENT_BREAK);
        break;
    case 'c':
        for (int i = 1; i <= d->mux_cnt; i++) {
            int next = (d->focus + i) % d->mux_cnt;
            if (d->backends[next]) {
                mux_chr_set_focus(chr, next);
                break;
            }
        }
        break;
    case 't':
        d->timestamps = !d->timestamps;
        d->timestamps_start = -1;
        d->linestart = false;
        break;
    default:
        break;                  /* unknown C-a commands are swallowed */
    }
    return false;
}

/* Hand buffered input to the focused frontend while it takes it. */
static void mux_flush_input(MuxChardev *d)
{
    int m = d->focus;
    CharBackend *be = m >= 0 ? d->backends[m] : NULL;

    while (be && d->prod[m] != d->cons[m] && be->chr_can_read &&
           be->chr_can_read(be->opaque) > 0) {
        uint8_t ch = d->buffer[m][d->cons[m]++ % MUX_BUFFER_SIZE];
        be->chr_read(be->opaque, &ch, 1);
        be = d->backends[m];    /* the frontend may have detached itself */
    }
}

static int mux_base_can_read(void *opaque)
{
    MuxChardev *d = opaque;
    int m = d->focus;
    CharBackend *be = m >= 0 ? d->backends[m] : NULL;
    unsigned fill;

    if (!be) {
        return 0;
    }
    fill = d->prod[m] - d->cons[m];
    if (fill < MUX_BUFFER_SIZE) {
        return MUX_BUFFER_SIZE - fill;
    }
    return be->chr_can_read ? be->chr_can_read(be->opaque) : 0;
}

static void mux_base_read(void *opaque, const uint8_t *buf, int size)
{
    MuxChardev *d = opaque;

    chr_ref(&d->parent);
    mux_flush_input(d);
    for (int i = 0; i < size && !d->parent.deleted; i++) {
        int m = d->focus;
        CharBackend *be;

        if (!mux_proc_byte(d, buf[i])) {
            continue;
        }
        m = d->focus;
        be = m >= 0 ? d->backends[m] : NULL;
        if (!be) {
            continue;
        }
        if (d->prod[m] == d->cons[m] && be->chr_can_read && be->chr_read &&
            be->chr_can_read(be->opaque) > 0) {
            be->chr_read(be->opaque, &buf[i], 1);
        } else if (d->prod[m] - d->cons[m] < MUX_BUFFER_SIZE) {
            d->buffer[m][d->prod[m]++ % MUX_BUFFER_SIZE] = buf[i];
        }
        /* else: the focus changed to a frontend whose buffer is full; the byte is lost */
    }
    chr_unref(&d->parent);
}

static void mux_base_event(void *opaque, QEMUChrEvent event)
{
    MuxChardev *d = opaque;

    /* Connect/disconnect of the chardev underneath concern every frontend. */
    qemu_chr_be_event(&d->parent, event);
}

/* ---- the chardev ---- */

static bool mux_chr_open(Chardev *chr, QemuOpts *opts, bool *be_opened, Error **errp)
{
    MuxChardev *d = mux(chr);
    const char *base_id = qemu_opt_get(opts, "chardev");
    Chardev *base;

    d->focus = -1;
    d->timestamps_start = -1;
    if (!base_id) {
        error_setg(errp, "chardev: mux: no chardev given");
        return false;
    }
    base = qemu_chr_find(base_id);
    if (!base) {
        error_setg(errp, "mux: base chardev %s not found", base_id);
        return false;
    }
    if (!qemu_chr_fe_init(&d->base_be, base, errp)) {
        return false;
    }
    /* If the base is already connected, OPENED arrives here and marks the mux open too. */
    qemu_chr_fe_set_handlers(&d->base_be, mux_base_can_read, mux_base_read, mux_base_event,
                             d, NULL, true);
    *be_opened = false;
    return true;
}

static GSource *mux_chr_create_watch(Chardev *chr, GIOCondition cond)
{
    Chardev *base = mux(chr)->base_be.chr;

    if (!base || !base->cls->create_watch) {
        return NULL;
    }
    return base->cls->create_watch(base, cond);
}

static void mux_chr_update_read_handler(Chardev *chr)
{
    Chardev *base = mux(chr)->base_be.chr;

    if (base && base->context != chr->context) {
        base->context = chr->context;
        if (base->cls->update_read_handler) {
            base->cls->update_read_handler(base);
        }
    }
}

static void mux_chr_accept_input(Chardev *chr)
{
    mux_flush_input(mux(chr));
    if (mux(chr)->base_be.chr) {
        qemu_chr_fe_accept_input(&mux(chr)->base_be);
    }
}

static int mux_chr_get_msgfd(Chardev *chr)
{
    return qemu_chr_fe_get_msgfd(&mux(chr)->base_be);
}

static void mux_chr_disconnect(Chardev *chr)
{
    qemu_chr_fe_disconnect(&mux(chr)->base_be);
}

static void mux_chr_close(Chardev *chr)
{
    MuxChardev *d = mux(chr);

    if (d->base_be.chr) {
        qemu_chr_fe_deinit(&d->base_be, false);
    }
}

const ChardevClass char_mux_class = {
    .name = "mux",
    .instance_size = sizeof(MuxChardev),
    .open = mux_chr_open,
    .write = mux_chr_write,
    .create_watch = mux_chr_create_watch,
    .update_read_handler = mux_chr_update_read_handler,
    .accept_input = mux_chr_accept_input,
    .get_msgfd = mux_chr_get_msgfd,
    .disconnect = mux_chr_disconnect,
    .be_event = mux_chr_be_event,
    .close = mux_chr_close,
};
