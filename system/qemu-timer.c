/*
 * Clocks and timers (see include/qemu/timer.h): per-clock lists of pending
 * timers sorted by deadline, a GLib source that sleeps until the earliest
 * one, and the virtual clock, which runs with the VM or, under qtest, only
 * when warped.
 */
#include "qemu/osdep.h"
#include "migration/vmstate.h"
#include "qemu/timer.h"
#include "system/runstate.h"
#include "system/system.h"

/*
 * The process's timer lists and virtual clock (one guest, one guest time).
 * timer_lock guards everything below; callbacks run without it.
 */
static GMutex timer_lock;
static QEMUTimer *active_timers[QEMU_CLOCK_MAX];
static GSource *timer_source;

static bool vclock_running;        /* the VM runs, so the virtual clock does too */
static int64_t vclock_offset;      /* while running: virtual = host monotonic - offset */
static int64_t vclock_frozen;      /* while stopped: the virtual time */
static int64_t vclock_manual;      /* under qtest: the time the test set */

static int64_t host_monotonic_ns(void)
{
    return g_get_monotonic_time() * 1000;
}

bool qemu_clock_virtual_is_manual(void)
{
    return !strcmp(accel_name_get(), "qtest");
}

static int64_t clock_get_locked(QEMUClockType type)
{
    switch (type) {
    case QEMU_CLOCK_REALTIME:
        return host_monotonic_ns();
    case QEMU_CLOCK_HOST:
        return g_get_real_time() * 1000;
    case QEMU_CLOCK_VIRTUAL:
    default:
        if (qemu_clock_virtual_is_manual()) {
            return vclock_manual;
        }
        return vclock_running ? host_monotonic_ns() - vclock_offset : vclock_frozen;
    }
}

int64_t qemu_clock_get_ns(QEMUClockType type)
{
    int64_t now;

    g_mutex_lock(&timer_lock);
    now = clock_get_locked(type);
    g_mutex_unlock(&timer_lock);
    return now;
}

/* Whether a clock's timers may fire on their own (not a stopped or manual clock). */
static bool clock_fires_by_itself(QEMUClockType type)
{
    if (type != QEMU_CLOCK_VIRTUAL) {
        return true;
    }
    return !qemu_clock_virtual_is_manual() && vclock_running;
}

static void vclock_state_changed(void *opaque, bool running, RunState state)
{
    g_mutex_lock(&timer_lock);
    if (running && !vclock_running) {
        vclock_offset = host_monotonic_ns() - vclock_frozen;
        vclock_running = true;
    } else if (!running && vclock_running) {
        vclock_frozen = host_monotonic_ns() - vclock_offset;
        vclock_running = false;
    }
    g_mutex_unlock(&timer_lock);
    g_main_context_wakeup(NULL);
}

/*
 * The "timer" migration section, in QEMU's layout: the guest's virtual time
 * travels with it, so its timers (the generic timer's CVAL against CNTVCT)
 * mean the same on the destination.  Saved and loaded with the VM stopped,
 * when the virtual clock is frozen.
 */
typedef struct TimersState {
    int64_t cpu_ticks_offset;
    int64_t cpu_clock_offset;
} TimersState;

static TimersState timers_state;

static int timers_pre_save(void *opaque)
{
    int64_t now = qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
    timers_state.cpu_ticks_offset = now;
    timers_state.cpu_clock_offset = now;
    return 0;
}

static int timers_post_load(void *opaque, int version_id)
{
    g_mutex_lock(&timer_lock);
    if (qemu_clock_virtual_is_manual()) {
        vclock_manual = timers_state.cpu_clock_offset;
    } else if (vclock_running) {
        vclock_offset = host_monotonic_ns() - timers_state.cpu_clock_offset;
    } else {
        vclock_frozen = timers_state.cpu_clock_offset;
    }
    g_mutex_unlock(&timer_lock);
    g_main_context_wakeup(NULL);
    return 0;
}

static const VMStateDescription vmstate_timers = {
    .name = "timer",
    .version_id = 2,
    .minimum_version_id = 1,
    .pre_save = timers_pre_save,
    .post_load = timers_post_load,
    .fields = (VMStateField[]) {
        VMSTATE_INT64(cpu_ticks_offset, TimersState),
        VMSTATE_UNUSED(8),
        VMSTATE_INT64_V(cpu_clock_offset, TimersState, 2),
        VMSTATE_END_OF_LIST()
    },
};

void qemu_timer_register_vmstate(void)
{
    vmstate_register(NULL, 0, &vmstate_timers, &timers_state);
}

static void __attribute__((constructor)) qemu_timer_register_vm_change(void)
{
    qemu_add_vm_change_state_handler(vclock_state_changed, NULL);
}

/* ---- the main-loop source ---- */

static int64_t deadline_locked(QEMUClockType type)
{
    QEMUTimer *head = active_timers[type];

    if (!head) {
        return -1;
    }
    return MAX(head->expire_time - clock_get_locked(type), 0);
}

static int64_t next_deadline_locked(void)
{
    int64_t best = -1;

    for (int t = 0; t < QEMU_CLOCK_MAX; t++) {
        int64_t d;
        if (!clock_fires_by_itself(t)) {
            continue;
        }
        d = deadline_locked(t);
        if (d >= 0 && (best < 0 || d < best)) {
            best = d;
        }
    }
    return best;
}

static gboolean timer_source_prepare(GSource *source, gint *timeout)
{
    int64_t ns;

    g_mutex_lock(&timer_lock);
    ns = next_deadline_locked();
    g_mutex_unlock(&timer_lock);
    if (ns < 0) {
        *timeout = -1;
        return FALSE;
    }
    *timeout = (gint)MIN((ns + SCALE_MS - 1) / SCALE_MS, (int64_t)G_MAXINT);
    return ns == 0;
}

static gboolean timer_source_check(GSource *source)
{
    int64_t ns;

    g_mutex_lock(&timer_lock);
    ns = next_deadline_locked();
    g_mutex_unlock(&timer_lock);
    return ns == 0;
}

static gboolean timer_source_dispatch(GSource *source, GSourceFunc cb, gpointer data)
{
    for (int t = 0; t < QEMU_CLOCK_MAX; t++) {
        bool fires;

        g_mutex_lock(&timer_lock);
        fires = clock_fires_by_itself(t);
        g_mutex_unlock(&timer_lock);
        if (fires) {
            qemu_clock_run_timers(t);
        }
    }
    return G_SOURCE_CONTINUE;
}

static GSourceFuncs timer_source_funcs = {
    .prepare = timer_source_prepare,
    .check = timer_source_check,
    .dispatch = timer_source_dispatch,
};

static void timer_source_ensure_locked(void)
{
    if (!timer_source) {
        timer_source = g_source_new(&timer_source_funcs, sizeof(GSource));
        g_source_set_name(timer_source, "qemu-timers");
        g_source_attach(timer_source, NULL);
    }
}

/* ---- timers ---- */

void timer_init_full(QEMUTimer *ts, QEMUClockType type, int scale, QEMUTimerCB *cb,
                     void *opaque)
{
    memset(ts, 0, sizeof(*ts));
    ts->type = type < QEMU_CLOCK_MAX ? type : QEMU_CLOCK_VIRTUAL;
    ts->scale = scale > 0 ? scale : SCALE_NS;
    ts->cb = cb;
    ts->opaque = opaque;
}

QEMUTimer *timer_new(QEMUClockType type, int scale, QEMUTimerCB *cb, void *opaque)
{
    QEMUTimer *ts = g_new0(QEMUTimer, 1);

    timer_init_full(ts, type, scale, cb, opaque);
    return ts;
}

static void timer_unlink_locked(QEMUTimer *ts)
{
    QEMUTimer **pt;

    if (!ts->pending) {
        return;
    }
    for (pt = &active_timers[ts->type]; *pt; pt = &(*pt)->next) {
        if (*pt == ts) {
            *pt = ts->next;
            break;
        }
    }
    ts->next = NULL;
    ts->pending = false;
}

void timer_del(QEMUTimer *ts)
{
    g_mutex_lock(&timer_lock);
    timer_unlink_locked(ts);
    g_mutex_unlock(&timer_lock);
}

void timer_free(QEMUTimer *ts)
{
    if (ts) {
        timer_del(ts);
        g_free(ts);
    }
}

void timer_mod_ns(QEMUTimer *ts, int64_t expire_time_ns)
{
    QEMUTimer **pt;
    bool first;

    g_mutex_lock(&timer_lock);
    timer_unlink_locked(ts);
    ts->expire_time = MAX(expire_time_ns, 0);
    /* After the timers with the same deadline: they fire in the order they were set. */
    for (pt = &active_timers[ts->type]; *pt && (*pt)->expire_time <= ts->expire_time;
         pt = &(*pt)->next) {
    }
    ts->next = *pt;
    *pt = ts;
    ts->pending = true;
    first = active_timers[ts->type] == ts;
    timer_source_ensure_locked();
    g_mutex_unlock(&timer_lock);
    if (first) {
        g_main_context_wakeup(NULL);
    }
}

static int64_t scaled_to_ns(QEMUTimer *ts, int64_t t)
{
    if (ts->scale != SCALE_NS && t > INT64_MAX / ts->scale) {
        return INT64_MAX;
    }
    return t * ts->scale;
}

void timer_mod(QEMUTimer *ts, int64_t expire_time)
{
    timer_mod_ns(ts, scaled_to_ns(ts, expire_time));
}

void timer_mod_anticipate(QEMUTimer *ts, int64_t expire_time)
{
    int64_t ns = scaled_to_ns(ts, expire_time);
    bool later;

    g_mutex_lock(&timer_lock);
    later = ts->pending && ts->expire_time <= ns;
    g_mutex_unlock(&timer_lock);
    if (!later) {
        timer_mod_ns(ts, ns);
    }
}

bool timer_pending(QEMUTimer *ts)
{
    bool pending;

    g_mutex_lock(&timer_lock);
    pending = ts->pending;
    g_mutex_unlock(&timer_lock);
    return pending;
}

int64_t timer_expire_time_ns(QEMUTimer *ts)
{
    int64_t t;

    g_mutex_lock(&timer_lock);
    t = ts->pending ? ts->expire_time : -1;
    g_mutex_unlock(&timer_lock);
    return t;
}

int64_t qemu_clock_deadline_ns_all(QEMUClockType type)
{
    int64_t d;

    if (type >= QEMU_CLOCK_MAX) {
        return -1;
    }
    g_mutex_lock(&timer_lock);
    d = deadline_locked(type);
    g_mutex_unlock(&timer_lock);
    return d;
}

bool qemu_clock_run_timers(QEMUClockType type)
{
    bool progress = false;

    if (type >= QEMU_CLOCK_MAX) {
        return false;
    }
    for (;;) {
        QEMUTimer *ts;
        QEMUTimerCB *cb;
        void *opaque;

        g_mutex_lock(&timer_lock);
        ts = active_timers[type];
        if (!ts || ts->expire_time > clock_get_locked(type)) {
            g_mutex_unlock(&timer_lock);
            break;
        }
        active_timers[type] = ts->next;
        ts->next = NULL;
        ts->pending = false;
        cb = ts->cb;
        opaque = ts->opaque;
        g_mutex_unlock(&timer_lock);
        /* The callback may re-arm or free its timer. */
        cb(opaque);
        progress = true;
    }
    return progress;
}

int64_t qemu_clock_warp_virtual(int64_t dest)
{
    for (;;) {
        QEMUTimer *head;
        int64_t step;

        g_mutex_lock(&timer_lock);
        if (dest <= vclock_manual) {
            g_mutex_unlock(&timer_lock);
            break;
        }
        /* Stop at each deadline on the way so timers see the time they asked for. */
        head = active_timers[QEMU_CLOCK_VIRTUAL];
        step = dest;
        if (head && head->expire_time < dest) {
            step = MAX(head->expire_time, vclock_manual);
        }
        vclock_manual = step;
        g_mutex_unlock(&timer_lock);
        qemu_clock_run_timers(QEMU_CLOCK_VIRTUAL);
        if (step >= dest) {
            break;
        }
    }
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}
