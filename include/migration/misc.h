/*
 * The migration API for the rest of the emulator: starting and cancelling
 * outgoing and incoming migrations, their state and statistics (what
 * query-migrate / info migrate show), parameters and capabilities, migration
 * blockers, -dump-vmstate, and the hooks the monitor installs.  Names follow
 * QEMU's QAPI schema so the monitor can print them as they are.
 *
 * Threads and locking: there is one main-loop thread (GLib default context)
 * and, during an outgoing migration, one migration thread.  Device state is
 * only touched by the main-loop thread, except while a migration thread holds
 * the device-state lock (migration_device_lock): taking it parks the main loop
 * inside a high-priority callback until the lock is dropped, which is what
 * QEMU's big lock gives.  The outgoing thread sends RAM without the lock (the
 * dirty bitmap catches concurrent writes) and takes it to stop the guest and
 * save device state.  Incoming streams are read by a thread too, which takes
 * the lock around each device section; RAM pages are written without it
 * (the guest is not running).  When vCPU threads and a real big lock exist,
 * migration_device_lock becomes that lock.
 */
#ifndef MIGRATION_MISC_H
#define MIGRATION_MISC_H

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "migration/qemu-file.h"

/* ---- state ---- */

typedef enum MigrationStatus {
    MIGRATION_STATUS_NONE,
    MIGRATION_STATUS_SETUP,
    MIGRATION_STATUS_CANCELLING,
    MIGRATION_STATUS_CANCELLED,
    MIGRATION_STATUS_ACTIVE,
    MIGRATION_STATUS_POSTCOPY_ACTIVE,
    MIGRATION_STATUS_POSTCOPY_PAUSED,
    MIGRATION_STATUS_POSTCOPY_RECOVER,
    MIGRATION_STATUS_COMPLETED,
    MIGRATION_STATUS_FAILED,
    MIGRATION_STATUS_COLO,
    MIGRATION_STATUS_PRE_SWITCHOVER,
    MIGRATION_STATUS_DEVICE,
    MIGRATION_STATUS_WAIT_UNPLUG,
    MIGRATION_STATUS__MAX
} MigrationStatus;

/* QEMU's name: "none", "setup", "cancelling", "cancelled", "active", ... */
const char *migration_status_name(MigrationStatus status);

/* RAM statistics, QEMU's MigrationStats (bytes unless said otherwise). */
typedef struct MigrationRamStats {
    uint64_t transferred;
    uint64_t remaining;
    uint64_t total;
    uint64_t duplicate;          /* zero pages sent as RAM_SAVE_FLAG_ZERO */
    uint64_t skipped;
    uint64_t normal;             /* whole pages sent */
    uint64_t normal_bytes;
    uint64_t dirty_pages_rate;   /* pages per second, last sync period */
    double mbps;                 /* megabits per second */
    uint64_t dirty_sync_count;
    uint64_t page_size;
    uint64_t pages_per_second;
    uint64_t precopy_bytes;
    uint64_t downtime_bytes;
} MigrationRamStats;

/*
 * A snapshot for query-migrate / info migrate.  Times in milliseconds.  Which
 * members QEMU prints depends on status: total_time/downtime/setup_time for
 * completed; total_time/expected_downtime/setup_time for active; ram for
 * active and completed (and cancelled/failed once RAM was sent); error_desc
 * for failed.  has_ram says whether ram holds anything.
 */
typedef struct MigrationInfo {
    MigrationStatus status;
    bool has_ram;
    MigrationRamStats ram;
    int64_t total_time;
    int64_t expected_downtime;
    int64_t downtime;
    int64_t setup_time;
    char *error_desc;            /* owned by the snapshot; NULL when none */
    bool is_incoming;            /* the snapshot describes an incoming migration */
} MigrationInfo;

/* Fill info for the current (or last) migration, outgoing or incoming. */
void migration_query(MigrationInfo *info);
void migration_info_clear(MigrationInfo *info);

/* ---- parameters and capabilities (QEMU's names) ---- */

typedef struct MigrationParameters {
    uint64_t downtime_limit;     /* ms, "downtime-limit", default 300, max 2000000 */
    uint64_t max_bandwidth;      /* bytes/s, "max-bandwidth", default 128 MiB/s */
} MigrationParameters;

typedef enum MigrationCapability {
    MIGRATION_CAPABILITY_EVENTS,  /* "events": emit MIGRATION and MIGRATION_PASS */
    MIGRATION_CAPABILITY__MAX
} MigrationCapability;

const char *migration_capability_name(MigrationCapability cap);
/* By QEMU name; -1 for unknown (callers report "Parameter 'capability' ..."). */
int migration_capability_lookup(const char *name);

void migration_get_parameters(MigrationParameters *params);
/* Set one parameter by QEMU name from a number; errors give QEMU's wording. */
bool migration_set_parameter(const char *name, uint64_t value, Error **errp);
/* Names of the parameters that work, NULL-terminated (query-migrate-parameters). */
const char *const *migration_parameter_names(void);
bool migration_get_capability(MigrationCapability cap);
/* Fails while a migration is running ("There's a migration process in progress"). */
bool migration_set_capability(MigrationCapability cap, bool on, Error **errp);

/* ---- outgoing ---- */

/*
 * Start migrating to uri: exec:CMD, tcp:HOST:PORT, unix:PATH, fd:NAME or
 * file:PATH.  Fails at once (nothing started) when migration is blocked (the
 * error lists every blocker), one is already running, or the channel cannot
 * be opened.  Otherwise the migration thread runs and the caller returns;
 * watch migration_query() or the events.  The source ends in postmigrate on
 * success; on failure or cancel the guest keeps running as before.
 */
bool migration_start_outgoing(const char *uri, Error **errp);
/* migrate_cancel: stop an outgoing migration (no-op when none runs). */
void migration_cancel(void);
/* True while an outgoing migration is in setup, active or cancelling. */
bool migration_is_active(void);

/* ---- incoming ---- */

/*
 * -incoming URI at start-up or migrate-incoming: listen/open on uri
 * ("defer" is for the command line only: the caller then waits for
 * migrate-incoming) and load the stream when it arrives.  The run state
 * becomes inmigrate.  After a successful load the guest runs when the source
 * was running and autostart is on (no -S), else it is paused.  A failed load
 * sets the failed state; with exit_on_error (the command line case) the
 * process then exits with status 1 after reporting the error.
 */
bool migration_start_incoming(const char *uri, Error **errp);
/*
 * migrate-incoming / HMP migrate_incoming: only after -incoming defer, once
 * ("'-incoming' was not specified on the command line", "The incoming
 * migration has already been started").
 */
bool migration_incoming_command(const char *uri, Error **errp);
/* -incoming defer (also what migration_start_incoming("defer") does). */
void migration_incoming_set_deferred(void);
bool migration_incoming_is_deferred(void);
/* -S: the destination stays paused after loading (default: resume). */
void migration_set_autostart(bool autostart);
/* Exit the process (status 1) when an incoming migration fails (default: true). */
void migration_incoming_set_exit_on_error(bool exit_on_error);

/* ---- blockers ---- */

/*
 * Add a reason migration is impossible.  The caller keeps ownership of reason
 * and must migrate_del_blocker() it before freeing it.  Fails (with QEMU's
 * "disallowing migration blocker (migration in progress) for: ...") while an
 * outgoing migration runs.
 */
bool migrate_add_blocker(Error *reason, Error **errp);
void migrate_del_blocker(Error *reason);
/* False when nothing blocks; else true with *errp listing every reason. */
bool migration_is_blocked(Error **errp);

/* ---- hooks others install ---- */

/*
 * fd:NAME: the monitor's getfd table.  Returns a file descriptor the caller
 * now owns (removed from the monitor's table), or -1 with *errp set.  NULL
 * until the monitor installs it; fd:NAME with a number then uses that fd.
 */
extern int (*monitor_fd_lookup)(const char *name, Error **errp);

/* QMP events; NULL until the monitor installs them.  Called from any thread. */
typedef struct MigrationEventHooks {
    void (*migration)(MigrationStatus status);   /* MIGRATION {"status": ...} */
    void (*migration_pass)(int64_t pass);        /* MIGRATION_PASS {"pass": N} */
} MigrationEventHooks;
extern MigrationEventHooks migration_event_hooks;

/* ---- whole-state save and load (snapshots, tests, the fuzzer) ---- */

/* Write a complete stream (header, every section, EOF, vmdesc) synchronously
 * from the calling thread, guest state as it is now. */
int qemu_savevm_state(QEMUFile *f, Error **errp);
/* Read a complete stream into the registered sections.  Never crashes on bad
 * input: returns a negative errno with QEMU's wording in *errp. */
int qemu_loadvm_state(QEMUFile *f, Error **errp);

/* -dump-vmstate FILE: every description of this machine's sections as JSON. */
bool dump_vmstate_json(const char *path, Error **errp);

/* The device-state lock described at the top of this file. */
void migration_device_lock(void);
void migration_device_unlock(void);

#endif
