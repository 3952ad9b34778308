/*
 * The VM's run state (QEMU's names: prelaunch, running, paused, ...) and the
 * requests that change it (shutdown, reset, powerdown), serviced by the main loop.
 */
#ifndef SYSTEM_RUNSTATE_H
#define SYSTEM_RUNSTATE_H

#include "qemu/osdep.h"

typedef enum RunState {
    RUN_STATE_DEBUG,
    RUN_STATE_INMIGRATE,
    RUN_STATE_INTERNAL_ERROR,
    RUN_STATE_IO_ERROR,
    RUN_STATE_PAUSED,
    RUN_STATE_POSTMIGRATE,
    RUN_STATE_PRELAUNCH,
    RUN_STATE_FINISH_MIGRATE,
    RUN_STATE_RESTORE_VM,
    RUN_STATE_RUNNING,
    RUN_STATE_SAVE_VM,
    RUN_STATE_SHUTDOWN,
    RUN_STATE_SUSPENDED,
    RUN_STATE_WATCHDOG,
    RUN_STATE_GUEST_PANICKED,
    RUN_STATE_COLO,
    RUN_STATE__MAX
} RunState;

/* QEMU's ShutdownCause, whose names appear in the SHUTDOWN event. */
typedef enum ShutdownCause {
    SHUTDOWN_CAUSE_NONE,
    SHUTDOWN_CAUSE_HOST_ERROR,
    SHUTDOWN_CAUSE_HOST_QMP_QUIT,
    SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET,
    SHUTDOWN_CAUSE_HOST_SIGNAL,
    SHUTDOWN_CAUSE_HOST_UI,
    SHUTDOWN_CAUSE_GUEST_SHUTDOWN,
    SHUTDOWN_CAUSE_GUEST_RESET,
    SHUTDOWN_CAUSE_GUEST_PANIC,
    SHUTDOWN_CAUSE_SUBSYSTEM_RESET,
    SHUTDOWN_CAUSE_SNAPSHOT_LOAD,
    SHUTDOWN_CAUSE__MAX
} ShutdownCause;

RunState runstate_get(void);
bool runstate_is_running(void);
bool runstate_check(RunState state);
void runstate_set(RunState state);
const char *runstate_name(RunState state);
const char *shutdown_cause_name(ShutdownCause cause);
bool shutdown_cause_is_guest(ShutdownCause cause);

/*
 * Requests: safe to call from any thread or a signal handler's deferred path;
 * the main loop acts on them in order (shutdown before reset before powerdown).
 */
void qemu_system_shutdown_request(ShutdownCause cause);
void qemu_system_reset_request(ShutdownCause cause);
void qemu_system_powerdown_request(void);
/* Record the signal that asked for termination ("terminating on signal N"). */
void qemu_system_killed(int signal, pid_t pid);

/* Start (cont) and stop the VM, emitting RESUME/STOP via the notifiers. */
void vm_start(void);
void vm_stop(RunState state);

/* Called when the run state changes between running and not running. */
typedef void VMChangeStateHandler(void *opaque, bool running, RunState state);
typedef struct VMChangeStateEntry VMChangeStateEntry;
VMChangeStateEntry *qemu_add_vm_change_state_handler(VMChangeStateHandler *cb, void *opaque);
void qemu_del_vm_change_state_handler(VMChangeStateEntry *e);

/* -no-shutdown: a guest shutdown stops the VM instead of exiting. */
extern bool no_shutdown;

/*
 * Run the main loop until a shutdown request is honoured; returns the cause.
 * Anything that polls file descriptors or timers attaches to the default GLib
 * main context.
 */
ShutdownCause qemu_main_loop(void);
/* Wake the main loop from another thread so it re-checks requests. */
void qemu_notify_event(void);

/* Hooks the machine and monitors install (NULL when absent). */
typedef struct RunstateHooks {
    void (*system_reset)(ShutdownCause cause);       /* reset every device and CPU */
    void (*system_powerdown)(void);                  /* deliver the power button */
    void (*event_shutdown)(bool guest, ShutdownCause cause);  /* QMP SHUTDOWN */
    void (*event_reset)(bool guest, ShutdownCause cause);     /* QMP RESET */
    void (*event_powerdown)(void);                   /* QMP POWERDOWN */
    void (*event_stop)(void);                        /* QMP STOP */
    void (*event_resume)(void);                      /* QMP RESUME */
} RunstateHooks;
extern RunstateHooks runstate_hooks;

#endif
