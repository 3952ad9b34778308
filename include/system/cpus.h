/*
 * vCPU threads and the big lock (BQL).  The main loop and device emulation
 * run with the BQL held; vCPU threads drop it while running guest code and
 * take it for MMIO and other device access.  Pausing and resuming the vCPUs
 * follows the VM run state (vm_stop/vm_start).
 */
#ifndef SYSTEM_CPUS_H
#define SYSTEM_CPUS_H

#include "hw/core/cpu.h"

void bql_lock(void);
void bql_unlock(void);
bool bql_locked(void);

/* Take the BQL for a scope if this thread does not hold it (returns whether taken). */
bool bql_lock_if_unlocked(void);

/*
 * The accelerator's execution model.  start_vcpu_thread is called for each
 * realized CPU (an accelerator may run all of them on one thread); kick makes
 * a CPU leave guest code promptly.
 */
typedef struct AccelOpsClass {
    void (*start_vcpu_thread)(CPUState *cpu);
    void (*kick_vcpu_thread)(CPUState *cpu);
    /* Called once the machine is built (before the first vm_start). */
    void (*machine_ready)(void);
} AccelOpsClass;
void cpus_register_accel(const AccelOpsClass *ops);

/* Start the threads of every realized CPU (after the board created them). */
void cpus_start_vcpus(void);
/* Wait until every vCPU is outside guest code and parked; BQL held by caller. */
void pause_all_vcpus(void);
void resume_all_vcpus(void);
bool all_vcpus_paused(void);

/*
 * For accelerator threads: park here while the CPU must not run (VM stopped,
 * CPU halted without work).  Called and returns with the BQL held.
 */
void qemu_wait_io_event(CPUState *cpu);
/* The same for a thread running several vCPUs: park until runnable() holds. */
void qemu_wait_io_event_until(bool (*runnable)(void));
/* Wake a halted CPU's thread (after raising an interrupt). */
void qemu_cpu_kick(CPUState *cpu);
/* Whether the CPU may run now: VM running, CPU not stopped/halted without work. */
bool cpu_can_run(CPUState *cpu);
/* Whether this thread is a vCPU thread. */
bool qemu_cpu_is_self(CPUState *cpu);
/* The CPU this thread is running, or NULL. */
CPUState *current_cpu_get(void);
void current_cpu_set(CPUState *cpu);

/* main(): hold the BQL from now on, dropping it only while the main loop polls. */
void cpus_init_main_loop(void);

/* Condition variables tied to the BQL (waits release it). */
void bql_cond_wait(GCond *cond);
void bql_cond_timedwait_ms(GCond *cond, int ms);

#endif
