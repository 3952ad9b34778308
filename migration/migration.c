/*
 * The migration state machine: the outgoing thread (setup, precopy rounds
 * under a bandwidth limit until the rest fits in downtime-limit, then
 * stop-and-copy), incoming migration (listen, load on a thread, resume), the
 * status, statistics, parameters and capabilities query-migrate and friends
 * report, migration blockers, and the device-state lock.  The stream format
 * itself is savevm.c's.
 */
#include "qemu/osdep.h"
#include "system/cpus.h"
#include <signal.h>
#include <pthread.h>
#include "migration/misc.h"
#include "migration-internal.h"
#include "system/runstate.h"
#include "system/block-backend.h"

#define MAX_THROTTLE (128ull << 20)            /* default max-bandwidth, bytes/s */
#define DEFAULT_DOWNTIME_LIMIT 300             /* ms */
#define MAX_DOWNTIME_LIMIT 2000000             /* ms */
#define BUFFER_DELAY 100                       /* ms per rate-limit slice */

MigrationEventHooks migration_event_hooks;

static const char *const status_names[MIGRATION_STATUS__MAX] = {
    [MIGRATION_STATUS_NONE] = "none",
    [MIGRATION_STATUS_SETUP] = "setup",
    [MIGRATION_STATUS_CANCELLING] = "cancelling",
    [MIGRATION_STATUS_CANCELLED] = "cancelled",
    [MIGRATION_STATUS_ACTIVE] = "active",
    [MIGRATION_STATUS_POSTCOPY_ACTIVE] = "postcopy-active",
    [MIGRATION_STATUS_POSTCOPY_PAUSED] = "postcopy-paused",
    [MIGRATION_STATUS_POSTCOPY_RECOVER] = "postcopy-recover",
    [MIGRATION_STATUS_COMPLETED] = "completed",
    [MIGRATION_STATUS_FAILED] = "failed",
    [MIGRATION_STATUS_COLO] = "colo",
    [MIGRATION_STATUS_PRE_SWITCHOVER] = "pre-switchover",
    [MIGRATION_STATUS_DEVICE] = "device",
    [MIGRATION_STATUS_WAIT_UNPLUG] = "wait-unplug",
};

const char *migration_status_name(MigrationStatus status)
{
    return (unsigned)status < MIGRATION_STATUS__MAX ? status_names[status] : "none";
}

/* ---- the process's migration state (singleton) ---- */

typedef struct MigrationState {
    GMutex lock;                 /* status, error, times, params, caps */
    MigrationStatus status;
    char *error_desc;
    QEMUFile *to_dst;
    bool thread_running;
    MigrationParameters params;
    bool caps[MIGRATION_CAPABILITY__MAX];
    int64_t start_ms;
    int64_t setup_time;
    int64_t total_time;
    int64_t downtime;
    int64_t expected_downtime;
    double mbps;
} MigrationState;

typedef struct MigrationIncomingState {
    MigrationStatus status;
    char *error_desc;
    MigrationChannel *channel;
    QEMUFile *from_src;
    bool deferred;
    bool started;
    int64_t start_ms;
    int64_t total_time;
    int load_ret;
    Error *load_err;
} MigrationIncomingState;

static MigrationState mig = {
    .params = { .downtime_limit = DEFAULT_DOWNTIME_LIMIT, .max_bandwidth = MAX_THROTTLE },
};
static MigrationIncomingState incoming;
static bool autostart = true;
/* Which one query-migrate describes: the most recently started migration. */
static bool query_incoming;
static bool incoming_exit_on_error = true;

static int64_t now_ms(void)
{
    return g_get_monotonic_time() / 1000;
}

static void emit_status(MigrationStatus status)
{
    if (migration_get_capability(MIGRATION_CAPABILITY_EVENTS) && migration_event_hooks.migration) {
        migration_event_hooks.migration(status);
    }
}

void migration_notify_pass(uint64_t pass)
{
    if (migration_get_capability(MIGRATION_CAPABILITY_EVENTS) &&
        migration_event_hooks.migration_pass) {
        migration_event_hooks.migration_pass((int64_t)pass);
    }
}

/* Move from old to new; false when the state had already moved on. */
static bool set_state(MigrationStatus old, MigrationStatus new)
{
    bool ok;
    g_mutex_lock(&mig.lock);
    ok = mig.status == old;
    if (ok) {
        mig.status = new;
    }
    g_mutex_unlock(&mig.lock);
    if (ok) {
        emit_status(new);
    }
    return ok;
}

static MigrationStatus get_state(void)
{
    MigrationStatus s;
    g_mutex_lock(&mig.lock);
    s = mig.status;
    g_mutex_unlock(&mig.lock);
    return s;
}

static void set_error(const char *msg)
{
    g_mutex_lock(&mig.lock);
    if (!mig.error_desc) {
        mig.error_desc = g_strdup(msg);
    }
    g_mutex_unlock(&mig.lock);
}

bool migration_is_active(void)
{
    bool active;
    g_mutex_lock(&mig.lock);
    active = mig.thread_running || mig.status == MIGRATION_STATUS_SETUP ||
             mig.status == MIGRATION_STATUS_ACTIVE || mig.status == MIGRATION_STATUS_CANCELLING;
    g_mutex_unlock(&mig.lock);
    return active;
}

/* ---- the device-state lock (see misc.h) ---- */

/*
 * Device state is guarded by the big lock, which the main loop holds except
 * while it polls: a migration thread takes it around device sections and
 * the stop-and-copy phase.  A thread that already holds it (the main loop)
 * just goes on.
 */
static __thread int device_lock_depth;
static __thread bool device_lock_taken;

void migration_device_lock(void)
{
    if (device_lock_depth++ == 0) {
        device_lock_taken = bql_lock_if_unlocked();
    }
}

void migration_device_unlock(void)
{
    if (--device_lock_depth == 0 && device_lock_taken) {
        device_lock_taken = false;
        bql_unlock();
    }
}

/* ---- blockers ---- */

static GMutex blockers_lock;
static GSList *blockers;               /* of Error *, owned by their adders */

bool migrate_add_blocker(Error *reason, Error **errp)
{
    if (migration_is_active()) {
        error_setg(errp, "disallowing migration blocker (migration in progress) for: %s",
                   error_get_pretty(reason));
        return false;
    }
    g_mutex_lock(&blockers_lock);
    blockers = g_slist_append(blockers, reason);
    g_mutex_unlock(&blockers_lock);
    return true;
}

void migrate_del_blocker(Error *reason)
{
    g_mutex_lock(&blockers_lock);
    blockers = g_slist_remove(blockers, reason);
    g_mutex_unlock(&blockers_lock);
}

bool migration_is_blocked(Error **errp)
{
    GString *msg;

    g_mutex_lock(&blockers_lock);
    if (!blockers) {
        g_mutex_unlock(&blockers_lock);
        return false;
    }
    msg = g_string_new(NULL);
    for (GSList *l = blockers; l; l = l->next) {
        g_string_append_printf(msg, "%s%s", l == blockers ? "" : "; ",
                               error_get_pretty(l->data));
    }
    g_mutex_unlock(&blockers_lock);
    error_setg(errp, "%s", msg->str);
    g_string_free(msg, TRUE);
    return true;
}

/* ---- parameters and capabilities ---- */

static const char *const capability_names[MIGRATION_CAPABILITY__MAX] = {
    [MIGRATION_CAPABILITY_EVENTS] = "events",
};

static const char *const parameter_names[] = { "downtime-limit", "max-bandwidth", NULL };

const char *migration_capability_name(MigrationCapability cap)
{
    return (unsigned)cap < MIGRATION_CAPABILITY__MAX ? capability_names[cap] : NULL;
}

int migration_capability_lookup(const char *name)
{
    for (int i = 0; i < MIGRATION_CAPABILITY__MAX; i++) {
        if (!strcmp(capability_names[i], name)) {
            return i;
        }
    }
    return -1;
}

const char *const *migration_parameter_names(void)
{
    return parameter_names;
}

void migration_get_parameters(MigrationParameters *params)
{
    g_mutex_lock(&mig.lock);
    *params = mig.params;
    g_mutex_unlock(&mig.lock);
}

bool migration_set_parameter(const char *name, uint64_t value, Error **errp)
{
    if (!strcmp(name, "downtime-limit") || !strcmp(name, "downtime_limit")) {
        if (value > MAX_DOWNTIME_LIMIT) {
            error_setg(errp, "Parameter 'downtime_limit' expects an integer in the range of "
                       "0 to %d milliseconds", MAX_DOWNTIME_LIMIT);
            return false;
        }
        g_mutex_lock(&mig.lock);
        mig.params.downtime_limit = value;
        g_mutex_unlock(&mig.lock);
        return true;
    }
    if (!strcmp(name, "max-bandwidth") || !strcmp(name, "max_bandwidth")) {
        if (value > SIZE_MAX) {
            error_setg(errp, "Parameter 'max_bandwidth' expects an integer in the range of "
                       "0 to %zu bytes/second", (size_t)SIZE_MAX);
            return false;
        }
        g_mutex_lock(&mig.lock);
        mig.params.max_bandwidth = value;
        g_mutex_unlock(&mig.lock);
        return true;
    }
    error_setg(errp, "Invalid parameter '%s'", name);
    return false;
}

bool migration_get_capability(MigrationCapability cap)
{
    bool on;
    if ((unsigned)cap >= MIGRATION_CAPABILITY__MAX) {
        return false;
    }
    g_mutex_lock(&mig.lock);
    on = mig.caps[cap];
    g_mutex_unlock(&mig.lock);
    return on;
}

bool migration_set_capability(MigrationCapability cap, bool on, Error **errp)
{
    if ((unsigned)cap >= MIGRATION_CAPABILITY__MAX) {
        error_setg(errp, "Invalid capability");
        return false;
    }
    if (migration_is_active()) {
        error_setg(errp, "There's a migration process in progress");
        return false;
    }
    g_mutex_lock(&mig.lock);
    mig.caps[cap] = on;
    g_mutex_unlock(&mig.lock);
    return true;
}

/* ---- query ---- */

void migration_info_clear(MigrationInfo *info)
{
    g_free(info->error_desc);
    memset(info, 0, sizeof(*info));
}

void migration_query(MigrationInfo *info)
{
    memset(info, 0, sizeof(*info));
    g_mutex_lock(&mig.lock);
    if (query_incoming) {
        /* A destination reports its incoming migration. */
        info->is_incoming = true;
        info->status = incoming.status;
        info->total_time = incoming.total_time;
        info->error_desc = g_strdup(incoming.error_desc);
        g_mutex_unlock(&mig.lock);
        return;
    }
    info->status = mig.status;
    info->setup_time = mig.setup_time;
    info->downtime = mig.downtime;
    info->expected_downtime = mig.expected_downtime;
    info->total_time = mig.status == MIGRATION_STATUS_ACTIVE ||
                       mig.status == MIGRATION_STATUS_SETUP ||
                       mig.status == MIGRATION_STATUS_CANCELLING
                       ? now_ms() - mig.start_ms : mig.total_time;
    info->error_desc = g_strdup(mig.error_desc);
    info->has_ram = mig.status != MIGRATION_STATUS_NONE &&
                    mig.status != MIGRATION_STATUS_SETUP;
    g_mutex_unlock(&mig.lock);
    if (info->has_ram) {
        ram_get_stats(&info->ram);
        g_mutex_lock(&mig.lock);
        info->ram.mbps = mig.mbps;
        g_mutex_unlock(&mig.lock);
    }
}

/* ---- outgoing ---- */

static void fail_with(Error *err)
{
    set_error(err ? error_get_pretty(err) : "unknown error");
    error_free(err);
}

/* Outgoing migration thread: see the top of this file. */
static gpointer migration_thread(gpointer opaque)
{
    QEMUFile *f = opaque;
    Error *err = NULL;
    int64_t slice_start, slice_bytes_start, threshold = 0;
    RunState prev_runstate;
    bool stopped = false, was_running = false, ok = false;
    int ret;
    sigset_t set;
    MigrationParameters params;

    /* A closed peer must give EPIPE here, not kill the process. */
    sigemptyset(&set);
    sigaddset(&set, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &set, NULL);

    migration_device_lock();
    qemu_savevm_state_header(f);
    ret = qemu_savevm_state_setup(f, &err);
    migration_device_unlock();
    g_mutex_lock(&mig.lock);
    mig.setup_time = now_ms() - mig.start_ms;
    g_mutex_unlock(&mig.lock);
    if (ret < 0) {
        goto out;
    }
    if (!set_state(MIGRATION_STATUS_SETUP, MIGRATION_STATUS_ACTIVE)) {
        goto out;                              /* cancelled during setup */
    }

    migration_get_parameters(&params);
    qemu_file_set_rate_limit(f, params.max_bandwidth * BUFFER_DELAY / 1000);
    slice_start = now_ms();
    slice_bytes_start = qemu_file_total_transferred(f);

    for (;;) {
        uint64_t pending;
        int64_t now;

        if (get_state() != MIGRATION_STATUS_ACTIVE) {
            goto out;
        }
        if (qemu_file_get_error(f)) {
            const Error *ferr = NULL;
            qemu_file_get_error_obj(f, &ferr);
            error_setg(&err, "%s", ferr ? error_get_pretty(ferr) : "write failed");
            goto out;
        }
        pending = qemu_savevm_state_pending(false);
        if ((int64_t)pending <= threshold) {
            pending = qemu_savevm_state_pending(true);
            if ((int64_t)pending <= threshold) {
                break;                         /* the rest fits in downtime-limit */
            }
        }
        ret = qemu_savevm_state_iterate(f, &err);
        if (ret < 0) {
            goto out;
        }
        if (ret == 1) {
            /* A round is over: pick up what the guest dirtied meanwhile. */
            pending = qemu_savevm_state_pending(true);
        }

        now = now_ms();
        if (qemu_file_rate_limit(f) || now - slice_start >= BUFFER_DELAY) {
            int64_t elapsed;
            if (qemu_file_rate_limit(f) && now - slice_start < BUFFER_DELAY) {
                g_usleep((BUFFER_DELAY - (now - slice_start)) * 1000);
                now = now_ms();
            }
            elapsed = MAX(now - slice_start, 1);
            {
                uint64_t bytes = qemu_file_total_transferred(f) - slice_bytes_start;
                double bw = (double)bytes / elapsed;          /* bytes per ms */
                migration_get_parameters(&params);
                threshold = (int64_t)(bw * params.downtime_limit);
                g_mutex_lock(&mig.lock);
                mig.mbps = bytes * 8.0 / 1e6 / (elapsed / 1000.0);
                mig.expected_downtime = bw > 0 ? (int64_t)(pending / bw)
                                               : (int64_t)params.downtime_limit;
                g_mutex_unlock(&mig.lock);
            }
            qemu_file_set_rate_limit(f, params.max_bandwidth * BUFFER_DELAY / 1000);
            qemu_file_reset_rate_limit(f);
            slice_start = now;
            slice_bytes_start = qemu_file_total_transferred(f);
        }
    }

    /* Stop and copy. */
    migration_device_lock();
    {
        int64_t downtime_start = now_ms();
        prev_runstate = runstate_get();
        was_running = runstate_is_running();
        global_state_store();
        vm_stop(RUN_STATE_FINISH_MIGRATE);
        /*
         * A paused VM gets no stop notification, but requests may still be
         * in flight: their completions write guest RAM (used rings, read
         * data) and must land before the final RAM pass.  Then the images
         * are handed over: the destination takes their locks once it has
         * loaded the stream.
         */
        blk_inactivate_all();
        stopped = true;
        qemu_file_set_rate_limit(f, 0);
        ret = qemu_savevm_state_complete(f, &err);
        g_mutex_lock(&mig.lock);
        mig.downtime = now_ms() - downtime_start;
        g_mutex_unlock(&mig.lock);
        ok = ret == 0 && get_state() == MIGRATION_STATUS_ACTIVE;
        if (ok) {
            runstate_set(RUN_STATE_POSTMIGRATE);
        }
    }
    migration_device_unlock();

out:
    migration_device_lock();
    qemu_savevm_state_cleanup();
    if (!ok && stopped) {
        /* Failure or cancel after stopping: the source carries on as before. */
        Error *lock_err = NULL;
        if (!blk_activate_all(&lock_err)) {
            /* Someone took the images meanwhile: stay stopped rather than corrupt them. */
            error_report_err(lock_err);
            runstate_set(RUN_STATE_PAUSED);
        } else if (was_running) {
            vm_start();
        } else {
            runstate_set(prev_runstate);
        }
    }
    migration_device_unlock();

    g_mutex_lock(&mig.lock);
    mig.to_dst = NULL;
    g_mutex_unlock(&mig.lock);
    {
        uint64_t total = qemu_file_total_transferred(f);
        int close_ret = qemu_fclose(f);
        if (ok && close_ret) {
            ok = false;
            error_setg(&err, "migration stream could not be closed: %s",
                       g_strerror(-close_ret));
            migration_device_lock();
            if (was_running) {
                vm_start();
            }
            migration_device_unlock();
        }
        g_mutex_lock(&mig.lock);
        mig.total_time = now_ms() - mig.start_ms;
        if (mig.total_time > 0 && ok) {
            mig.mbps = total * 8.0 / 1e6 / (mig.total_time / 1000.0);
        }
        g_mutex_unlock(&mig.lock);
        ram_set_transferred(total);
    }

    if (ok) {
        set_state(MIGRATION_STATUS_ACTIVE, MIGRATION_STATUS_COMPLETED);
    } else if (get_state() == MIGRATION_STATUS_CANCELLING) {
        error_free(err);
        set_state(MIGRATION_STATUS_CANCELLING, MIGRATION_STATUS_CANCELLED);
    } else {
        MigrationStatus s = get_state();
        fail_with(err);
        set_state(s, MIGRATION_STATUS_FAILED);
    }
    g_mutex_lock(&mig.lock);
    mig.thread_running = false;
    g_mutex_unlock(&mig.lock);
    qemu_notify_event();
    return NULL;
}

bool migration_start_outgoing(const char *uri, Error **errp)
{
    QEMUFile *f;
    GThread *thread;

    if (migration_is_active()) {
        error_setg(errp, "There's a migration process in progress");
        return false;
    }
    if (runstate_check(RUN_STATE_INMIGRATE)) {
        error_setg(errp, "Guest is waiting for an incoming migration");
        return false;
    }
    if (migration_is_blocked(errp)) {
        return false;
    }
    f = migration_channel_connect(uri, errp);
    if (!f) {
        return false;
    }
    ram_reset_stats();
    g_mutex_lock(&mig.lock);
    query_incoming = false;
    g_free(mig.error_desc);
    mig.error_desc = NULL;
    mig.status = MIGRATION_STATUS_SETUP;
    mig.to_dst = f;
    mig.thread_running = true;
    mig.start_ms = now_ms();
    mig.setup_time = mig.total_time = mig.downtime = mig.expected_downtime = 0;
    mig.mbps = 0;
    g_mutex_unlock(&mig.lock);
    emit_status(MIGRATION_STATUS_SETUP);

    thread = g_thread_new("live_migration", migration_thread, f);
    g_thread_unref(thread);
    return true;
}

void migration_cancel(void)
{
    QEMUFile *f = NULL;
    bool cancelling = false;

    g_mutex_lock(&mig.lock);
    if (mig.status == MIGRATION_STATUS_SETUP || mig.status == MIGRATION_STATUS_ACTIVE) {
        f = mig.to_dst;
        cancelling = true;
    }
    g_mutex_unlock(&mig.lock);
    if (!cancelling) {
        return;
    }
    if (!set_state(MIGRATION_STATUS_SETUP, MIGRATION_STATUS_CANCELLING)) {
        set_state(MIGRATION_STATUS_ACTIVE, MIGRATION_STATUS_CANCELLING);
    }
    g_mutex_lock(&mig.lock);
    if (mig.to_dst == f && f) {
        qemu_file_shutdown(f);
    }
    g_mutex_unlock(&mig.lock);
}

/* ---- incoming ---- */

void migration_set_autostart(bool on)
{
    autostart = on;
}

void migration_incoming_set_exit_on_error(bool on)
{
    incoming_exit_on_error = on;
}

void migration_incoming_set_deferred(void)
{
    incoming.deferred = true;
    runstate_set(RUN_STATE_INMIGRATE);
}

bool migration_incoming_is_deferred(void)
{
    return incoming.deferred && !incoming.started;
}

static void incoming_set_state(MigrationStatus s)
{
    g_mutex_lock(&mig.lock);
    incoming.status = s;
    g_mutex_unlock(&mig.lock);
    emit_status(s);
}

static RunState runstate_by_name(const char *name)
{
    for (int i = 0; i < RUN_STATE__MAX; i++) {
        if (!strcmp(runstate_name(i), name)) {
            return i;
        }
    }
    return RUN_STATE_PAUSED;
}

static gboolean incoming_finish(gpointer opaque)
{
    int ret = incoming.load_ret;

    g_mutex_lock(&mig.lock);
    incoming.total_time = now_ms() - incoming.start_ms;
    g_mutex_unlock(&mig.lock);
    if (ret < 0) {
        const char *msg = incoming.load_err ? error_get_pretty(incoming.load_err)
                                            : g_strerror(-ret);
        g_mutex_lock(&mig.lock);
        incoming.error_desc = g_strdup(msg);
        g_mutex_unlock(&mig.lock);
        error_report("%s", msg);
        error_report("load of migration failed: %s", g_strerror(-ret));
        error_free(incoming.load_err);
        incoming.load_err = NULL;
        incoming_set_state(MIGRATION_STATUS_FAILED);
        if (incoming_exit_on_error) {
            exit(EXIT_FAILURE);
        }
        return G_SOURCE_REMOVE;
    }
    incoming_set_state(MIGRATION_STATUS_COMPLETED);
    {
        /* The source has let go of the images: take their locks. */
        Error *lock_err = NULL;
        if (!blk_activate_all(&lock_err)) {
            error_report_err(lock_err);
            runstate_set(RUN_STATE_PAUSED);
            return G_SOURCE_REMOVE;
        }
    }
    /* Resume only if the source was running (or did not say), as QEMU does. */
    if (!global_state_received() || !strcmp(global_state_get_runstate(), "running")) {
        if (autostart) {
            vm_start();
        } else {
            runstate_set(RUN_STATE_PAUSED);
        }
    } else {
        RunState rs = runstate_by_name(global_state_get_runstate());
        switch (rs) {
        case RUN_STATE_SUSPENDED:
        case RUN_STATE_GUEST_PANICKED:
        case RUN_STATE_INTERNAL_ERROR:
        case RUN_STATE_IO_ERROR:
        case RUN_STATE_SHUTDOWN:
        case RUN_STATE_WATCHDOG:
            runstate_set(rs);
            break;
        default:
            runstate_set(RUN_STATE_PAUSED);
            break;
        }
    }
    return G_SOURCE_REMOVE;
}

static gpointer incoming_thread(gpointer opaque)
{
    QEMUFile *f = opaque;
    Error *err = NULL;
    int ret = qemu_loadvm_state_locked(f, true, &err);

    qemu_fclose(f);
    incoming.load_ret = ret;
    incoming.load_err = err;
    g_idle_add(incoming_finish, NULL);
    g_main_context_wakeup(NULL);
    return NULL;
}

static void incoming_ready(QEMUFile *f, void *opaque)
{
    MigrationChannel *ch = incoming.channel;
    GThread *thread;

    /* The channel hands over one stream; it is safe to free from its callback. */
    incoming.channel = NULL;
    migration_channel_close(ch);
    incoming_set_state(MIGRATION_STATUS_ACTIVE);
    thread = g_thread_new("mig/dst/load", incoming_thread, f);
    g_thread_unref(thread);
}

bool migration_start_incoming(const char *uri, Error **errp)
{
    MigrationChannel *ch;

    if (!strcmp(uri, "defer")) {
        migration_incoming_set_deferred();
        return true;
    }
    if (incoming.started) {
        error_setg(errp, "The incoming migration has already been started");
        return false;
    }
    ch = migration_channel_listen(uri, incoming_ready, NULL, errp);
    if (!ch) {
        return false;
    }
    incoming.channel = ch;
    incoming.started = true;
    g_mutex_lock(&mig.lock);
    query_incoming = true;
    g_mutex_unlock(&mig.lock);
    incoming.start_ms = now_ms();
    runstate_set(RUN_STATE_INMIGRATE);
    incoming_set_state(MIGRATION_STATUS_SETUP);
    return true;
}

bool migration_incoming_command(const char *uri, Error **errp)
{
    if (!incoming.deferred) {
        error_setg(errp, "'-incoming' was not specified on the command line");
        return false;
    }
    if (incoming.started) {
        error_setg(errp, "The incoming migration has already been started");
        return false;
    }
    if (!strcmp(uri, "defer")) {
        error_setg(errp, "'defer' is only valid on the command line");
        return false;
    }
    return migration_start_incoming(uri, errp);
}
