/*
 * Run state, VM start/stop with change notifiers, and the shutdown, reset and
 * powerdown requests the main loop services.
 */
#include "qemu/osdep.h"
#include "system/runstate.h"
#include "hw/qdev-core.h"

bool no_shutdown;
RunstateHooks runstate_hooks;

static RunState current_run_state = RUN_STATE_PRELAUNCH;

/* Requests are set from any thread and consumed by the main loop. */
static int shutdown_requested;     /* ShutdownCause, 0 = none */
static int reset_requested;
static int powerdown_requested;
static int shutdown_signal = -1;

struct VMChangeStateEntry {
    VMChangeStateHandler *cb;
    void *opaque;
};
static GList *vm_change_state_handlers;

static const char *const run_state_names[RUN_STATE__MAX] = {
    [RUN_STATE_DEBUG] = "debug",
    [RUN_STATE_INMIGRATE] = "inmigrate",
    [RUN_STATE_INTERNAL_ERROR] = "internal-error",
    [RUN_STATE_IO_ERROR] = "io-error",
    [RUN_STATE_PAUSED] = "paused",
    [RUN_STATE_POSTMIGRATE] = "postmigrate",
    [RUN_STATE_PRELAUNCH] = "prelaunch",
    [RUN_STATE_FINISH_MIGRATE] = "finish-migrate",
    [RUN_STATE_RESTORE_VM] = "restore-vm",
    [RUN_STATE_RUNNING] = "running",
    [RUN_STATE_SAVE_VM] = "save-vm",
    [RUN_STATE_SHUTDOWN] = "shutdown",
    [RUN_STATE_SUSPENDED] = "suspended",
    [RUN_STATE_WATCHDOG] = "watchdog",
    [RUN_STATE_GUEST_PANICKED] = "guest-panicked",
    [RUN_STATE_COLO] = "colo",
};

static const char *const shutdown_cause_names[SHUTDOWN_CAUSE__MAX] = {
    [SHUTDOWN_CAUSE_NONE] = "none",
    [SHUTDOWN_CAUSE_HOST_ERROR] = "host-error",
    [SHUTDOWN_CAUSE_HOST_QMP_QUIT] = "host-qmp-quit",
    [SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET] = "host-qmp-system-reset",
    [SHUTDOWN_CAUSE_HOST_SIGNAL] = "host-signal",
    [SHUTDOWN_CAUSE_HOST_UI] = "host-ui",
    [SHUTDOWN_CAUSE_GUEST_SHUTDOWN] = "guest-shutdown",
    [SHUTDOWN_CAUSE_GUEST_RESET] = "guest-reset",
    [SHUTDOWN_CAUSE_GUEST_PANIC] = "guest-panic",
    [SHUTDOWN_CAUSE_SUBSYSTEM_RESET] = "subsystem-reset",
    [SHUTDOWN_CAUSE_SNAPSHOT_LOAD] = "snapshot-load",
};

RunState runstate_get(void)
{
    return current_run_state;
}

bool runstate_check(RunState state)
{
    return current_run_state == state;
}

bool runstate_is_running(void)
{
    return current_run_state == RUN_STATE_RUNNING;
}

void runstate_set(RunState state)
{
    current_run_state = state;
}

const char *runstate_name(RunState state)
{
    return (unsigned)state < RUN_STATE__MAX ? run_state_names[state] : "unknown";
}

const char *shutdown_cause_name(ShutdownCause cause)
{
    return (unsigned)cause < SHUTDOWN_CAUSE__MAX ? shutdown_cause_names[cause] : "none";
}

bool shutdown_cause_is_guest(ShutdownCause cause)
{
    return cause >= SHUTDOWN_CAUSE_GUEST_SHUTDOWN && cause != SHUTDOWN_CAUSE_SUBSYSTEM_RESET &&
           cause != SHUTDOWN_CAUSE_SNAPSHOT_LOAD;
}

VMChangeStateEntry *qemu_add_vm_change_state_handler(VMChangeStateHandler *cb, void *opaque)
{
    VMChangeStateEntry *e = g_new0(VMChangeStateEntry, 1);
    e->cb = cb;
    e->opaque = opaque;
    vm_change_state_handlers = g_list_append(vm_change_state_handlers, e);
    return e;
}

void qemu_del_vm_change_state_handler(VMChangeStateEntry *e)
{
    vm_change_state_handlers = g_list_remove(vm_change_state_handlers, e);
    g_free(e);
}

static void vm_state_notify(bool running, RunState state)
{
    /* Stopping notifies in reverse registration order, starting in order. */
    GList *l = running ? vm_change_state_handlers : g_list_last(vm_change_state_handlers);
    while (l) {
        VMChangeStateEntry *e = l->data;
        l = running ? l->next : l->prev;
        e->cb(e->opaque, running, state);
    }
}

void vm_start(void)
{
    if (runstate_is_running()) {
        return;
    }
    runstate_set(RUN_STATE_RUNNING);
    vm_state_notify(true, RUN_STATE_RUNNING);
    if (runstate_hooks.event_resume) {
        runstate_hooks.event_resume();
    }
}

void vm_stop(RunState state)
{
    if (!runstate_is_running()) {
        /* Still record why we are stopped (e.g. shutdown after pause). */
        runstate_set(state);
        return;
    }
    runstate_set(state);
    vm_state_notify(false, state);
    if (runstate_hooks.event_stop) {
        runstate_hooks.event_stop();
    }
}

void qemu_system_shutdown_request(ShutdownCause cause)
{
    g_atomic_int_set(&shutdown_requested, cause ? cause : SHUTDOWN_CAUSE_HOST_ERROR);
    qemu_notify_event();
}

void qemu_system_reset_request(ShutdownCause cause)
{
    g_atomic_int_set(&reset_requested, cause ? cause : SHUTDOWN_CAUSE_HOST_QMP_SYSTEM_RESET);
    qemu_notify_event();
}

void qemu_system_powerdown_request(void)
{
    g_atomic_int_set(&powerdown_requested, 1);
    qemu_notify_event();
}

void qemu_system_killed(int signal, pid_t pid)
{
    shutdown_signal = signal;
    /* -no-shutdown does not stop a signal from ending the process. */
    no_shutdown = false;
    qemu_system_shutdown_request(SHUTDOWN_CAUSE_HOST_SIGNAL);
}

void qemu_notify_event(void)
{
    g_main_context_wakeup(NULL);
}

static void system_reset(ShutdownCause cause)
{
    if (runstate_hooks.system_reset) {
        runstate_hooks.system_reset(cause);
    } else {
        qemu_devices_reset();
    }
    if (cause != SHUTDOWN_CAUSE_SUBSYSTEM_RESET && runstate_hooks.event_reset) {
        runstate_hooks.event_reset(shutdown_cause_is_guest(cause), cause);
    }
}

/* Returns a cause when the main loop should end. */
static ShutdownCause main_loop_should_exit(void)
{
    ShutdownCause cause = g_atomic_int_exchange(&shutdown_requested, 0);

    if (cause) {
        if (shutdown_signal != -1) {
            error_report("terminating on signal %d", shutdown_signal);
            shutdown_signal = -1;
        }
        if (runstate_hooks.event_shutdown) {
            runstate_hooks.event_shutdown(shutdown_cause_is_guest(cause), cause);
        }
        if (no_shutdown) {
            vm_stop(RUN_STATE_SHUTDOWN);
        } else {
            return cause;
        }
    }
    cause = g_atomic_int_exchange(&reset_requested, 0);
    if (cause) {
        system_reset(cause);
        /* A guest reset from the shutdown state starts the guest again. */
        if (runstate_check(RUN_STATE_SHUTDOWN)) {
            runstate_set(RUN_STATE_PAUSED);
        }
    }
    if (g_atomic_int_exchange(&powerdown_requested, 0)) {
        if (runstate_hooks.event_powerdown) {
            runstate_hooks.event_powerdown();
        }
        if (runstate_hooks.system_powerdown) {
            runstate_hooks.system_powerdown();
        }
    }
    return SHUTDOWN_CAUSE_NONE;
}

ShutdownCause qemu_main_loop(void)
{
    ShutdownCause cause;

    while (!(cause = main_loop_should_exit())) {
        g_main_context_iteration(NULL, TRUE);
    }
    return cause;
}
