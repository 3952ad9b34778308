/*
 * The big lock, vCPU pause/resume following the run state, and the parking
 * spot vCPU threads use while they have nothing to run.
 */
#include "qemu/osdep.h"
#include "system/cpus.h"
#include "system/runstate.h"

/* The big lock: a process singleton, as in every QEMU-like emulator. */
static GMutex bql;
static __thread bool bql_held;
static __thread CPUState *this_cpu;
static GCond pause_cond;        /* a vCPU reached the parked state */
static GCond resume_cond;       /* vCPUs may run again / a halted CPU was kicked */
static const AccelOpsClass *accel_ops;
static bool vcpus_started;

void bql_lock(void)
{
    g_mutex_lock(&bql);
    bql_held = true;
}

void bql_unlock(void)
{
    bql_held = false;
    g_mutex_unlock(&bql);
}

bool bql_locked(void)
{
    return bql_held;
}

bool bql_lock_if_unlocked(void)
{
    if (bql_held) {
        return false;
    }
    bql_lock();
    return true;
}

void bql_cond_wait(GCond *cond)
{
    bql_held = false;
    g_cond_wait(cond, &bql);
    bql_held = true;
}

void bql_cond_timedwait_ms(GCond *cond, int ms)
{
    bql_held = false;
    g_cond_wait_until(cond, &bql, g_get_monotonic_time() + (gint64)ms * 1000);
    bql_held = true;
}

CPUState *current_cpu_get(void)
{
    return this_cpu;
}

void current_cpu_set(CPUState *cpu)
{
    this_cpu = cpu;
}

bool qemu_cpu_is_self(CPUState *cpu)
{
    return this_cpu == cpu;
}

void cpus_register_accel(const AccelOpsClass *ops)
{
    accel_ops = ops;
}

void qemu_cpu_kick(CPUState *cpu)
{
    g_cond_broadcast(&resume_cond);
    if (accel_ops && accel_ops->kick_vcpu_thread) {
        accel_ops->kick_vcpu_thread(cpu);
    }
}

static void cpus_kick_hook(CPUState *cpu)
{
    qemu_cpu_kick(cpu);
}

bool cpu_can_run(CPUState *cpu)
{
    if (cpu->stop || !runstate_is_running()) {
        return false;
    }
    if (cpu->halted && !cpu_has_work(cpu)) {
        return false;
    }
    return true;
}

void qemu_wait_io_event(CPUState *cpu)
{
    /* Park while stopped, or halted with nothing to do. */
    while (!cpu_can_run(cpu)) {
        if (cpu->stop || !runstate_is_running()) {
            if (!cpu->stopped) {
                cpu->stopped = true;
                g_cond_broadcast(&pause_cond);
            }
        }
        /* A timed wait: halted CPUs re-check timers raised on other threads. */
        bql_cond_timedwait_ms(&resume_cond, 100);
    }
    cpu->stopped = false;
}

void qemu_wait_io_event_until(bool (*runnable)(void))
{
    CPUState *cpu;

    while (!runnable()) {
        bool newly_stopped = false;
        CPU_FOREACH(cpu) {
            if ((cpu->stop || !runstate_is_running()) && !cpu->stopped) {
                cpu->stopped = true;
                newly_stopped = true;
            }
        }
        if (newly_stopped) {
            g_cond_broadcast(&pause_cond);
        }
        bql_cond_timedwait_ms(&resume_cond, 100);
    }
    CPU_FOREACH(cpu) {
        if (!cpu->stop) {
            cpu->stopped = false;
        }
    }
}

bool all_vcpus_paused(void)
{
    CPUState *cpu;
    CPU_FOREACH(cpu) {
        if (!cpu->stopped) {
            return false;
        }
    }
    return true;
}

void pause_all_vcpus(void)
{
    CPUState *cpu;

    if (!vcpus_started) {
        return;
    }
    CPU_FOREACH(cpu) {
        cpu->stop = true;
        cpu_exit(cpu);
    }
    while (!all_vcpus_paused()) {
        bql_cond_timedwait_ms(&pause_cond, 50);
        CPU_FOREACH(cpu) {
            cpu_exit(cpu);
        }
    }
}

void resume_all_vcpus(void)
{
    CPUState *cpu;
    CPU_FOREACH(cpu) {
        cpu->stop = false;
        cpu->stopped = false;
    }
    g_cond_broadcast(&resume_cond);
}

static void cpus_vm_state_change(void *opaque, bool running, RunState state)
{
    if (running) {
        resume_all_vcpus();
    } else {
        pause_all_vcpus();
    }
}

void cpus_start_vcpus(void)
{
    CPUState *cpu;

    cpu_accel_hooks.kick = cpus_kick_hook;
    qemu_add_vm_change_state_handler(cpus_vm_state_change, NULL);
    if (!accel_ops) {
        return;
    }
    /* Start parked: vm_start() resumes them. */
    CPU_FOREACH(cpu) {
        cpu->stop = !runstate_is_running();
        accel_ops->start_vcpu_thread(cpu);
    }
    vcpus_started = true;
    if (accel_ops->machine_ready) {
        accel_ops->machine_ready();
    }
}

/* The main loop holds the BQL except while it polls. */
static GPollFunc default_poll;

static gint bql_releasing_poll(GPollFD *ufds, guint nfsd, gint timeout)
{
    gint ret;
    bool held = bql_held;

    if (held) {
        bql_unlock();
    }
    ret = default_poll(ufds, nfsd, timeout);
    if (held) {
        bql_lock();
    }
    return ret;
}

void cpus_init_main_loop(void)
{
    default_poll = g_main_context_get_poll_func(NULL);
    g_main_context_set_poll_func(NULL, bql_releasing_poll);
    bql_lock();
}
