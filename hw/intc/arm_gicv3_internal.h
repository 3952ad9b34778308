/*
 * What the GICv3's distributor/redistributor half (arm_gicv3.c) and its CPU
 * interface half (arm_gicv3_cpuif.c) share.  Not for use outside hw/intc.
 */
#ifndef HW_INTC_ARM_GICV3_INTERNAL_H
#define HW_INTC_ARM_GICV3_INTERNAL_H

#include "hw/intc/arm_gicv3.h"

#define GICV3_IDLE_PRIO 0x100   /* running priority with nothing active */

#define GICD_CTLR_EN_GRP0 (1u << 0)
#define GICD_CTLR_EN_GRP1 (1u << 1)

/* irq's state as CPU cpu sees it (cpu is ignored for SPIs). */
static inline GICv3Irq *gicv3_irq(GICv3State *s, int cpu, int irq)
{
    return irq < GICV3_INTERNAL ? &s->cpu[cpu].irq[irq] : &s->spi[irq - GICV3_INTERNAL];
}

/* A level-sensitive interrupt is pending while its line is asserted. */
static inline bool gicv3_irq_pending(const GICv3Irq *st)
{
    return st->pending || (!st->edge && st->level);
}

/* How many ICC_AP0Rn/AP1Rn registers hold levels: 32 per register, one level per
 * group priority at the smallest binary point (5 priority bits: 32 levels). */
static inline int gicv3_num_aprs(GICv3State *s)
{
    return 1 << (2 - s->min_bpr);
}

/* The ICC_CTLR_EL1 bits the guest can change. */
#define ICC_CTLR_CBPR       (1u << 0)
#define ICC_CTLR_EOIMODE    (1u << 1)

/* ICC_CTLR_EL1 as read: the writable bits with PRIbits, IDbits (24) and A3V. */
static inline uint64_t gicv3_icc_ctlr_value(GICv3State *s, GICv3CPUState *cs)
{
    return cs->icc_ctlr | (s->num_prio_bits - 1) << 8 | 1u << 11 | 1u << 15;
}

/* Recompute each CPU's highest priority pending interrupt and its IRQ/FIQ lines. */
void gicv3_update(GICv3State *s);

/* Reset CPU cpu's interface registers. */
void gicv3_cpuif_reset(GICv3State *s, int cpu);

/* The CPU whose affinity (Aff3.Aff2.Aff1.Aff0) is aff, or -1. */
int gicv3_cpu_by_affinity(GICv3State *s, uint32_t aff);

#endif
