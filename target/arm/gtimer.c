/*
 * The Arm generic timer as seen from EL0/EL1 (Arm ARM chapter D11): the
 * system counter (CNTPCT/CNTVCT, counting QEMU_CLOCK_VIRTUAL at CNTFRQ),
 * and the EL1 physical and virtual timers with CTL/CVAL/TVAL, driving the
 * CPU's "gt-timer-outputs" lines.  CNTVOFF is 0: there is no EL2.
 */
#include "qemu/osdep.h"
#include "qemu/timer.h"
#include "target/arm/gtimer.h"
#include "target/arm/internals.h"


int64_t gt_clock_ns(void)
{
    return qemu_clock_get_ns(QEMU_CLOCK_VIRTUAL);
}

static uint64_t gt_freq(CPUARMState *env)
{
    return env->cntfrq_el0 ? env->cntfrq_el0 : 1;
}

uint64_t gt_get_countervalue(CPUARMState *env)
{
    int64_t ns = gt_clock_ns();

    if (ns < 0) {
        ns = 0;
    }
    return (uint64_t)((unsigned __int128)ns * gt_freq(env) / NANOSECONDS_PER_SECOND);
}

uint64_t gt_virt_cnt_offset(CPUARMState *env)
{
    return 0;                   /* CNTVOFF_EL2: no EL2 */
}

static uint64_t gt_timer_count(CPUARMState *env, int timeridx)
{
    uint64_t cnt = gt_get_countervalue(env);

    return timeridx == GTIMER_VIRT ? cnt - gt_virt_cnt_offset(env) : cnt;
}

static bool gt_istatus(CPUARMState *env, int timeridx)
{
    ARMGenericTimer *gt = &env->gt[timeridx];

    return (gt->ctl & GT_CTL_ENABLE) && gt_timer_count(env, timeridx) >= gt->cval;
}

/* The virtual time (ns) at which the count reaches CVAL. */
static int64_t gt_deadline_ns(CPUARMState *env, int timeridx)
{
    uint64_t offset = timeridx == GTIMER_VIRT ? gt_virt_cnt_offset(env) : 0;
    unsigned __int128 ticks = (unsigned __int128)env->gt[timeridx].cval + offset;
    unsigned __int128 ns = (ticks * NANOSECONDS_PER_SECOND + gt_freq(env) - 1) / gt_freq(env);

    return ns > INT64_MAX ? INT64_MAX : (int64_t)ns;
}

/* Arm the host timer for CVAL's moment, or stop it. */
static void gt_arm_host_timer(ARMCPU *cpu, int timeridx, bool armed)
{
    void *t = cpu->gt_timer[timeridx];

    if (!t) {
        return;
    }
    if (armed) {
        timer_mod(t, gt_deadline_ns(&cpu->env, timeridx));
    } else {
        timer_del(t);
    }
}

/*
 * Update the output line and (re)arm the host timer for the moment the
 * condition CVAL <= count becomes true.
 */
void gt_recalc_timer(ARMCPU *cpu, int timeridx)
{
    CPUARMState *env = &cpu->env;
    ARMGenericTimer *gt = &env->gt[timeridx];
    bool istatus = gt_istatus(env, timeridx);
    bool level = istatus && !(gt->ctl & GT_CTL_IMASK);

    qemu_set_irq(cpu->gt_timer_outputs[timeridx], level);
    gt_arm_host_timer(cpu, timeridx, (gt->ctl & GT_CTL_ENABLE) && !istatus);
}

/*
 * After an incoming migration: re-arm the host timer for CVAL, even when that
 * moment has already passed (the timer then fires as soon as the VM runs),
 * but leave the output line alone.  Its level is part of the interrupt
 * controller's migrated state, which matches the source's last recalculation;
 * computing it here from the virtual clock would either be overwritten when
 * the controller's section loads or use a clock not restored yet, and an
 * expiry the source had not yet handled would be lost with it.
 */
void gt_timer_post_load(ARMCPU *cpu, int timeridx)
{
    ARMGenericTimer *gt = &cpu->env.gt[timeridx];

    gt->ctl &= GT_CTL_ENABLE | GT_CTL_IMASK;    /* older streams carried ISTATUS */
    gt_arm_host_timer(cpu, timeridx, gt->ctl & GT_CTL_ENABLE);
}

static void gt_timer_cb(ARMCPU *cpu, int timeridx)
{
    gt_recalc_timer(cpu, timeridx);
}

static void gt_ptimer_cb(void *opaque)
{
    gt_timer_cb(opaque, GTIMER_PHYS);
}

static void gt_vtimer_cb(void *opaque)
{
    gt_timer_cb(opaque, GTIMER_VIRT);
}

void gt_timer_init(ARMCPU *cpu)
{
    if (!cpu->gt_timer[GTIMER_PHYS]) {
        cpu->gt_timer[GTIMER_PHYS] = timer_new(QEMU_CLOCK_VIRTUAL, SCALE_NS, gt_ptimer_cb, cpu);
        cpu->gt_timer[GTIMER_VIRT] = timer_new(QEMU_CLOCK_VIRTUAL, SCALE_NS, gt_vtimer_cb, cpu);
    }
}

void gt_timer_reset(ARMCPU *cpu)
{
    for (int i = 0; i < NUM_GTIMERS; i++) {
        cpu->env.gt[i].ctl = 0;
        cpu->env.gt[i].cval = 0;
        if (cpu->gt_timer[i]) {
            timer_del(cpu->gt_timer[i]);
        }
        qemu_set_irq(cpu->gt_timer_outputs[i], 0);
    }
}

void gt_timer_finalize(ARMCPU *cpu)
{
    for (int i = 0; i < NUM_GTIMERS; i++) {
        if (cpu->gt_timer[i]) {
            timer_free(cpu->gt_timer[i]);
            cpu->gt_timer[i] = NULL;
        }
    }
}

/* ---- register hooks ------------------------------------------------------------ */

static int gt_timeridx(const ARMSysReg *r)
{
    /* CNTP_* are CRm=2, CNTV_* are CRm=3. */
    return ARM_SYSREG_CRM(r->encoding) == 3 ? GTIMER_VIRT : GTIMER_PHYS;
}

static ARMAccessResult gt_el0_access(CPUARMState *env, uint32_t bits)
{
    if (arm_current_el(env) == 0 && !(env->cntkctl_el1 & bits)) {
        return ARM_ACCESS_TRAP_SYSREG;
    }
    return ARM_ACCESS_OK;
}

ARMAccessResult gt_pct_access(CPUARMState *env, const ARMSysReg *r, bool isread)
{
    return gt_el0_access(env, CNTKCTL_EL0PCTEN);
}

ARMAccessResult gt_vct_access(CPUARMState *env, const ARMSysReg *r, bool isread)
{
    return gt_el0_access(env, CNTKCTL_EL0VCTEN);
}

ARMAccessResult gt_cntfrq_access(CPUARMState *env, const ARMSysReg *r, bool isread)
{
    return gt_el0_access(env, CNTKCTL_EL0PCTEN | CNTKCTL_EL0VCTEN);
}

ARMAccessResult gt_timer_access(CPUARMState *env, const ARMSysReg *r, bool isread)
{
    return gt_el0_access(env, gt_timeridx(r) == GTIMER_VIRT ? CNTKCTL_EL0VTEN
                                                           : CNTKCTL_EL0PTEN);
}

uint64_t gt_cnt_read(CPUARMState *env, const ARMSysReg *r)
{
    return gt_get_countervalue(env);
}

uint64_t gt_virt_cnt_read(CPUARMState *env, const ARMSysReg *r)
{
    return gt_get_countervalue(env) - gt_virt_cnt_offset(env);
}

/* TVAL is the signed 32-bit distance from the counter to CVAL. */
uint64_t gt_tval_read(CPUARMState *env, const ARMSysReg *r)
{
    int idx = gt_timeridx(r);

    return (uint32_t)(env->gt[idx].cval - gt_timer_count(env, idx));
}

void gt_tval_write(CPUARMState *env, const ARMSysReg *r, uint64_t value)
{
    int idx = gt_timeridx(r);

    env->gt[idx].cval = gt_timer_count(env, idx) + (uint64_t)arm_sextract64(value, 0, 32);
    gt_recalc_timer(env_archcpu(env), idx);
}

uint64_t gt_ctl_read(CPUARMState *env, const ARMSysReg *r)
{
    int idx = gt_timeridx(r);

    return (env->gt[idx].ctl & (GT_CTL_ENABLE | GT_CTL_IMASK)) |
           (gt_istatus(env, idx) ? GT_CTL_ISTATUS : 0);
}

void gt_ctl_write(CPUARMState *env, const ARMSysReg *r, uint64_t value)
{
    int idx = gt_timeridx(r);

    env->gt[idx].ctl = value & (GT_CTL_ENABLE | GT_CTL_IMASK);
    gt_recalc_timer(env_archcpu(env), idx);
}

void gt_cval_write(CPUARMState *env, const ARMSysReg *r, uint64_t value)
{
    int idx = gt_timeridx(r);

    env->gt[idx].cval = value;
    gt_recalc_timer(env_archcpu(env), idx);
}
