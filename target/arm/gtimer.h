/*
 * The generic timer's system-register hooks (used by sysreg.c's table) and
 * the guest clock it counts from.
 */
#ifndef TARGET_ARM_GTIMER_H
#define TARGET_ARM_GTIMER_H

#include "target/arm/sysreg.h"

/* Virtual time in ns (QEMU_CLOCK_VIRTUAL). */
int64_t gt_clock_ns(void);

ARMSysRegAccessFn gt_pct_access;    /* CNTPCT_EL0: CNTKCTL_EL1.EL0PCTEN at EL0 */
ARMSysRegAccessFn gt_vct_access;    /* CNTVCT_EL0: EL0VCTEN */
ARMSysRegAccessFn gt_cntfrq_access; /* CNTFRQ_EL0: EL0PCTEN or EL0VCTEN */
ARMSysRegAccessFn gt_timer_access;  /* CNTP_*: EL0PTEN, CNTV_*: EL0VTEN */
ARMSysRegReadFn gt_cnt_read;
ARMSysRegReadFn gt_virt_cnt_read;
ARMSysRegReadFn gt_tval_read;
ARMSysRegWriteFn gt_tval_write;
ARMSysRegReadFn gt_ctl_read;
ARMSysRegWriteFn gt_ctl_write;
ARMSysRegWriteFn gt_cval_write;

#endif
