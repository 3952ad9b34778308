/*
 * Clocks and timers for devices (PL011, the Arm generic timer, RTCs) and
 * monitors.  Three clocks, in nanoseconds:
 *   QEMU_CLOCK_REALTIME  host monotonic time, always running
 *   QEMU_CLOCK_HOST      host wall-clock time (follows host clock changes)
 *   QEMU_CLOCK_VIRTUAL   guest time: starts at 0, runs only while the VM runs;
 *                        under the qtest accelerator it moves only when the
 *                        test says so (clock_step / clock_set)
 * Timer callbacks run in the main loop thread.  timer_mod/timer_del may be
 * called from any thread.
 */
#ifndef QEMU_TIMER_H
#define QEMU_TIMER_H

#include "qemu/osdep.h"

#define NANOSECONDS_PER_SECOND 1000000000LL
#define SCALE_MS 1000000
#define SCALE_US 1000
#define SCALE_NS 1

typedef enum QEMUClockType {
    QEMU_CLOCK_REALTIME = 0,
    QEMU_CLOCK_VIRTUAL = 1,
    QEMU_CLOCK_HOST = 2,
    QEMU_CLOCK_MAX
} QEMUClockType;

typedef void QEMUTimerCB(void *opaque);

/* A timer; embed it (timer_init*) or allocate it (timer_new*).  Fields are private. */
typedef struct QEMUTimer {
    int64_t expire_time;        /* ns, valid while pending */
    QEMUClockType type;
    int scale;                  /* ns per unit of timer_mod()'s argument */
    QEMUTimerCB *cb;
    void *opaque;
    bool pending;
    struct QEMUTimer *next;
} QEMUTimer;

/* Current time of a clock in ns (ms/us: divided). */
int64_t qemu_clock_get_ns(QEMUClockType type);
static inline int64_t qemu_clock_get_us(QEMUClockType type)
{
    return qemu_clock_get_ns(type) / SCALE_US;
}
static inline int64_t qemu_clock_get_ms(QEMUClockType type)
{
    return qemu_clock_get_ns(type) / SCALE_MS;
}

void timer_init_full(QEMUTimer *ts, QEMUClockType type, int scale, QEMUTimerCB *cb,
                     void *opaque);
static inline void timer_init_ns(QEMUTimer *ts, QEMUClockType type, QEMUTimerCB *cb,
                                 void *opaque)
{
    timer_init_full(ts, type, SCALE_NS, cb, opaque);
}
QEMUTimer *timer_new(QEMUClockType type, int scale, QEMUTimerCB *cb, void *opaque);
static inline QEMUTimer *timer_new_ns(QEMUClockType type, QEMUTimerCB *cb, void *opaque)
{
    return timer_new(type, SCALE_NS, cb, opaque);
}
static inline QEMUTimer *timer_new_us(QEMUClockType type, QEMUTimerCB *cb, void *opaque)
{
    return timer_new(type, SCALE_US, cb, opaque);
}
static inline QEMUTimer *timer_new_ms(QEMUClockType type, QEMUTimerCB *cb, void *opaque)
{
    return timer_new(type, SCALE_MS, cb, opaque);
}
/* Delete (if pending) and free a timer from timer_new*(). NULL is a no-op. */
void timer_free(QEMUTimer *ts);
/* Stop a pending timer (no-op if not pending). */
void timer_del(QEMUTimer *ts);
/* Arm (or re-arm) the timer to fire when its clock reaches expire_time (in its scale). */
void timer_mod(QEMUTimer *ts, int64_t expire_time);
void timer_mod_ns(QEMUTimer *ts, int64_t expire_time_ns);
/* Arm only if not pending or if expire_time is earlier than the current deadline. */
void timer_mod_anticipate(QEMUTimer *ts, int64_t expire_time);
bool timer_pending(QEMUTimer *ts);
/* Expiry in ns, or -1 if not pending. */
int64_t timer_expire_time_ns(QEMUTimer *ts);

/* ns until the earliest timer of the clock fires (0 if overdue), or -1 if none. */
int64_t qemu_clock_deadline_ns_all(QEMUClockType type);
/* Run the clock's expired timers; true if any ran. */
bool qemu_clock_run_timers(QEMUClockType type);

/*
 * Virtual clock control.  Under qtest the clock is manual: qemu_clock_warp_virtual
 * moves it forward to dest (never back), running each timer at its deadline in
 * order, and returns the new time.  Otherwise it follows the host while the VM
 * runs (the run-state notifier freezes and resumes it).
 */
bool qemu_clock_virtual_is_manual(void);
int64_t qemu_clock_warp_virtual(int64_t dest);
/* Register the "timer" migration section (the virtual clock); once, from main. */
void qemu_timer_register_vmstate(void);

#endif
