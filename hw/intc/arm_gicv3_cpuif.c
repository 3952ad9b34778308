/*
 * Arm GICv3 CPU interface (IHI 0069 chapter 12, the ICC_*_EL1 system registers)
 * for one security state, and the logic that picks each CPU's highest priority
 * pending interrupt and drives its IRQ (Group 1) and FIQ (Group 0) lines.  The
 * CPU's system register code calls gicv3_cpuif_read/write; the memory-mapped
 * half of the GIC is arm_gicv3.c.
 */
#include "qemu/osdep.h"
#include "arm_gicv3_internal.h"
#include "qemu/log.h"

#define ICC_SRE_ALL         0x7     /* SRE, DFB, DIB: system registers only */

/* Preemption levels are the group priorities of the smallest binary point. */
static int gicv3_prebits(GICv3State *s)
{
    return 7 - s->min_bpr;
}

/*
 * The mask that leaves the group priority of an interrupt of group grp.  BPR1's
 * value n splits like a BPR0 of n - 1; with CBPR, BPR0 governs both groups.
 */
static unsigned gicv3_gprio_mask(GICv3State *s, GICv3CPUState *cs, int grp)
{
    int bp = cs->icc_bpr[0];

    if (grp == 1 && !(cs->icc_ctlr & ICC_CTLR_CBPR)) {
        bp = cs->icc_bpr[1] - 1;
    }
    return (0xffu << (bp + 1)) & 0xff;
}

/* The highest active priority: lowest set bit of either group's active priorities. */
static unsigned gicv3_running_prio(GICv3State *s, GICv3CPUState *cs, int *grp)
{
    for (int n = 0; n < gicv3_num_aprs(s); n++) {
        uint32_t bits = cs->icc_apr[0][n] | cs->icc_apr[1][n];
        if (bits) {
            int bit = __builtin_ctz(bits);
            if (grp) {
                *grp = (cs->icc_apr[0][n] >> bit) & 1 ? 0 : 1;
            }
            return (unsigned)(n * 32 + bit) << (8 - gicv3_prebits(s));
        }
    }
    return GICV3_IDLE_PRIO;
}

static int gicv3_irq_group(GICv3State *s, int cpu, int irq)
{
    return gicv3_irq(s, cpu, irq)->group1;
}

/* Whether the HPPI has the priority to be signalled (above PMR and running). */
static bool gicv3_hppi_can_preempt(GICv3State *s, int cpu)
{
    GICv3CPUState *cs = &s->cpu[cpu];
    int grp;

    if (cs->hppi_irq == GICV3_SPURIOUS || cs->hppi_prio >= cs->icc_pmr) {
        return false;
    }
    grp = gicv3_irq_group(s, cpu, cs->hppi_irq);
    return (cs->hppi_prio & gicv3_gprio_mask(s, cs, grp)) < gicv3_running_prio(s, cs, NULL);
}

/* Offer irq (pending, enabled, not active) to cpu; lower INTIDs come first. */
static void gicv3_offer(GICv3State *s, int cpu, int irq, const GICv3Irq *st)
{
    GICv3CPUState *cs = &s->cpu[cpu];

    if (st->priority < cs->hppi_prio && cs->icc_igrpen[st->group1] &&
        (s->gicd_ctlr & (st->group1 ? GICD_CTLR_EN_GRP1 : GICD_CTLR_EN_GRP0))) {
        cs->hppi_irq = irq;
        cs->hppi_prio = st->priority;
    }
}

static bool gicv3_candidate(const GICv3Irq *st)
{
    return st->enabled && !st->active && gicv3_irq_pending(st);
}

void gicv3_update(GICv3State *s)
{
    for (int cpu = 0; cpu < (int)s->num_cpu; cpu++) {
        GICv3CPUState *cs = &s->cpu[cpu];

        cs->hppi_irq = GICV3_SPURIOUS;
        cs->hppi_prio = GICV3_IDLE_PRIO;
        for (int irq = 0; irq < GICV3_INTERNAL; irq++) {
            if (gicv3_candidate(&cs->irq[irq])) {
                gicv3_offer(s, cpu, irq, &cs->irq[irq]);
            }
        }
    }
    for (int irq = GICV3_INTERNAL; irq < (int)s->num_irq; irq++) {
        const GICv3Irq *st = &s->spi[irq - GICV3_INTERNAL];
        int cpu = s->spi_cpu[irq - GICV3_INTERNAL];

        if (cpu >= 0 && gicv3_candidate(st)) {
            gicv3_offer(s, cpu, irq, st);
        }
    }
    for (int cpu = 0; cpu < (int)s->num_cpu; cpu++) {
        bool irq_level = false, fiq_level = false;

        if (gicv3_hppi_can_preempt(s, cpu)) {
            if (gicv3_irq_group(s, cpu, s->cpu[cpu].hppi_irq)) {
                irq_level = true;
            } else {
                fiq_level = true;
            }
        }
        qemu_set_irq(s->parent_irq[cpu], irq_level);
        qemu_set_irq(s->parent_fiq[cpu], fiq_level);
    }
}

void gicv3_cpuif_reset(GICv3State *s, int cpu)
{
    GICv3CPUState *cs = &s->cpu[cpu];

    cs->icc_ctlr = 0;
    cs->icc_pmr = 0;
    cs->icc_bpr[0] = s->min_bpr;
    cs->icc_bpr[1] = s->min_bpr + 1;
    memset(cs->icc_apr, 0, sizeof(cs->icc_apr));
    cs->icc_igrpen[0] = cs->icc_igrpen[1] = false;
}

/* ICC_IAR0/1_EL1: acknowledge the HPPI if it is of group grp and may preempt. */
static uint32_t gicv3_acknowledge(GICv3State *s, int cpu, int grp)
{
    GICv3CPUState *cs = &s->cpu[cpu];
    int irq = cs->hppi_irq;
    GICv3Irq *st;
    unsigned level;

    if (!gicv3_hppi_can_preempt(s, cpu) || gicv3_irq_group(s, cpu, irq) != grp) {
        return GICV3_SPURIOUS;
    }
    st = gicv3_irq(s, cpu, irq);
    level = (st->priority & gicv3_gprio_mask(s, cs, grp)) >> (8 - gicv3_prebits(s));
    cs->icc_apr[grp][level / 32] |= 1u << (level % 32);
    st->active = true;
    st->pending = false;
    gicv3_update(s);
    return irq;
}

static void gicv3_deactivate(GICv3State *s, int cpu, int irq)
{
    if (irq >= (int)s->num_irq) {
        if (irq < GICV3_MAXIRQ) {
            qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3: deactivation of unimplemented "
                          "INTID %d\n", irq);
        }
        return;
    }
    gicv3_irq(s, cpu, irq)->active = false;
}

/* ICC_EOIR0/1_EL1: drop the running priority if it belongs to grp, then
 * deactivate unless EOImode splits the two. */
static void gicv3_end_of_interrupt(GICv3State *s, int cpu, int grp, uint64_t value)
{
    GICv3CPUState *cs = &s->cpu[cpu];
    int irq = value & 0xffffff;
    int active_grp;
    unsigned level;

    if (irq >= GICV3_MAXIRQ) {
        return;         /* special INTIDs */
    }
    if (gicv3_running_prio(s, cs, &active_grp) == GICV3_IDLE_PRIO || active_grp != grp) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3: ICC_EOIR%d_EL1 of INTID %d with no "
                      "Group %d interrupt at the running priority\n", grp, irq, grp);
        return;
    }
    level = gicv3_running_prio(s, cs, NULL) >> (8 - gicv3_prebits(s));
    cs->icc_apr[grp][level / 32] &= ~(1u << (level % 32));
    if (!(cs->icc_ctlr & ICC_CTLR_EOIMODE)) {
        gicv3_deactivate(s, cpu, irq);
    }
    gicv3_update(s);
}

/* ICC_SGI0R/SGI1R_EL1: make SGI pending on the PEs the value names, for those
 * where that SGI is configured in group grp. */
static void gicv3_generate_sgi(GICv3State *s, int cpu, int grp, uint64_t value)
{
    int sgi = (value >> 24) & 0xf;
    bool all_but_self = (value >> 40) & 1;
    uint32_t aff_high = ((value >> 48) & 0xff) << 24 | ((value >> 32) & 0xff) << 16 |
                        ((value >> 16) & 0xff) << 8;
    unsigned range = (value >> 44) & 0xf;
    uint16_t targets = value & 0xffff;

    for (int t = 0; t < (int)s->num_cpu; t++) {
        uint32_t aff = s->cpu[t].affinity;
        GICv3Irq *st = &s->cpu[t].irq[sgi];

        if (all_but_self) {
            if (t == cpu) {
                continue;
            }
        } else if ((aff & ~0xffu) != aff_high || ((aff & 0xff) >> 4) != range ||
                   !(targets & (1u << (aff & 0xf)))) {
            continue;
        }
        if (st->group1 == grp) {
            st->pending = true;
        }
    }
    gicv3_update(s);
}

static uint32_t gicv3_hppir(GICv3State *s, int cpu, int grp)
{
    int irq = s->cpu[cpu].hppi_irq;

    if (irq == GICV3_SPURIOUS || gicv3_irq_group(s, cpu, irq) != grp) {
        return GICV3_SPURIOUS;
    }
    return irq;
}

static bool gicv3_check_cpu(GICv3State *s, int cpu)
{
    if (cpu < 0 || cpu >= (int)s->num_cpu) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3: CPU interface access from CPU %d of %u\n",
                      cpu, s->num_cpu);
        return false;
    }
    return true;
}

uint64_t gicv3_cpuif_read(GICv3State *s, int cpu, GICv3CPUIfReg reg)
{
    GICv3CPUState *cs;
    unsigned prio;
    int n;

    if (!gicv3_check_cpu(s, cpu)) {
        return 0;
    }
    cs = &s->cpu[cpu];
    switch (reg) {
    case GICV3_ICC_PMR_EL1:
        return cs->icc_pmr;
    case GICV3_ICC_IAR0_EL1:
        return gicv3_acknowledge(s, cpu, 0);
    case GICV3_ICC_IAR1_EL1:
        return gicv3_acknowledge(s, cpu, 1);
    case GICV3_ICC_HPPIR0_EL1:
        return gicv3_hppir(s, cpu, 0);
    case GICV3_ICC_HPPIR1_EL1:
        return gicv3_hppir(s, cpu, 1);
    case GICV3_ICC_BPR0_EL1:
        return cs->icc_bpr[0];
    case GICV3_ICC_BPR1_EL1:
        if (cs->icc_ctlr & ICC_CTLR_CBPR) {
            return MIN(cs->icc_bpr[0] + 1, 7);
        }
        return cs->icc_bpr[1];
    case GICV3_ICC_AP0R0_EL1 ... GICV3_ICC_AP0R3_EL1:
        n = reg - GICV3_ICC_AP0R0_EL1;
        return n < gicv3_num_aprs(s) ? cs->icc_apr[0][n] : 0;
    case GICV3_ICC_AP1R0_EL1 ... GICV3_ICC_AP1R3_EL1:
        n = reg - GICV3_ICC_AP1R0_EL1;
        return n < gicv3_num_aprs(s) ? cs->icc_apr[1][n] : 0;
    case GICV3_ICC_RPR_EL1:
        prio = gicv3_running_prio(s, cs, NULL);
        return prio == GICV3_IDLE_PRIO ? 0xff : prio;
    case GICV3_ICC_CTLR_EL1:
        return gicv3_icc_ctlr_value(s, cs);
    case GICV3_ICC_SRE_EL1:
        return ICC_SRE_ALL;
    case GICV3_ICC_IGRPEN0_EL1:
        return cs->icc_igrpen[0];
    case GICV3_ICC_IGRPEN1_EL1:
        return cs->icc_igrpen[1];
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3: read of write-only CPU interface "
                      "register %d\n", reg);
        return 0;
    }
}

void gicv3_cpuif_write(GICv3State *s, int cpu, GICv3CPUIfReg reg, uint64_t value)
{
    GICv3CPUState *cs;
    int n;

    if (!gicv3_check_cpu(s, cpu)) {
        return;
    }
    cs = &s->cpu[cpu];
    switch (reg) {
    case GICV3_ICC_PMR_EL1:
        cs->icc_pmr = value & s->prio_mask;
        break;
    case GICV3_ICC_EOIR0_EL1:
        gicv3_end_of_interrupt(s, cpu, 0, value);
        return;
    case GICV3_ICC_EOIR1_EL1:
        gicv3_end_of_interrupt(s, cpu, 1, value);
        return;
    case GICV3_ICC_DIR_EL1:
        if (!(cs->icc_ctlr & ICC_CTLR_EOIMODE)) {
            qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3: ICC_DIR_EL1 written with EOImode "
                          "clear\n");
            return;
        }
        gicv3_deactivate(s, cpu, value & 0xffffff);
        break;
    case GICV3_ICC_BPR0_EL1:
        cs->icc_bpr[0] = MAX(value & 7, s->min_bpr);
        break;
    case GICV3_ICC_BPR1_EL1:
        if (!(cs->icc_ctlr & ICC_CTLR_CBPR)) {
            cs->icc_bpr[1] = MAX(value & 7, s->min_bpr + 1u);
        }
        break;
    case GICV3_ICC_AP0R0_EL1 ... GICV3_ICC_AP0R3_EL1:
        n = reg - GICV3_ICC_AP0R0_EL1;
        if (n < gicv3_num_aprs(s)) {
            cs->icc_apr[0][n] = value;
        }
        break;
    case GICV3_ICC_AP1R0_EL1 ... GICV3_ICC_AP1R3_EL1:
        n = reg - GICV3_ICC_AP1R0_EL1;
        if (n < gicv3_num_aprs(s)) {
            cs->icc_apr[1][n] = value;
        }
        break;
    case GICV3_ICC_SGI0R_EL1:
        gicv3_generate_sgi(s, cpu, 0, value);
        return;
    case GICV3_ICC_SGI1R_EL1:
        gicv3_generate_sgi(s, cpu, 1, value);
        return;
    case GICV3_ICC_ASGI1R_EL1:
        /* Group 1 SGIs for the other security state, which this GIC does not have. */
        return;
    case GICV3_ICC_CTLR_EL1:
        cs->icc_ctlr = value & (ICC_CTLR_CBPR | ICC_CTLR_EOIMODE);
        break;
    case GICV3_ICC_SRE_EL1:
        return;         /* SRE, DFB and DIB are RAO/WI */
    case GICV3_ICC_IGRPEN0_EL1:
        cs->icc_igrpen[0] = value & 1;
        break;
    case GICV3_ICC_IGRPEN1_EL1:
        cs->icc_igrpen[1] = value & 1;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3: write of read-only CPU interface "
                      "register %d\n", reg);
        return;
    }
    gicv3_update(s);
}

int gicv3_cpuif_reg_decode(int op0, int op1, int crn, int crm, int op2)
{
    if (op0 != 3 || op1 != 0 || op2 < 0 || op2 > 7) {
        return -1;
    }
    if (crn == 4 && crm == 6 && op2 == 0) {
        return GICV3_ICC_PMR_EL1;
    }
    if (crn != 12) {
        return -1;
    }
    switch (crm) {
    case 8:
        return op2 < 4 ? GICV3_ICC_IAR0_EL1 + op2 : GICV3_ICC_AP0R0_EL1 + (op2 - 4);
    case 9:
        return op2 < 4 ? GICV3_ICC_AP1R0_EL1 + op2 : -1;
    case 11:
        switch (op2) {
        case 1:
            return GICV3_ICC_DIR_EL1;
        case 3:
            return GICV3_ICC_RPR_EL1;
        case 5:
            return GICV3_ICC_SGI1R_EL1;
        case 6:
            return GICV3_ICC_ASGI1R_EL1;
        case 7:
            return GICV3_ICC_SGI0R_EL1;
        }
        return -1;
    case 12:
        return GICV3_ICC_IAR1_EL1 + op2;
    }
    return -1;
}
