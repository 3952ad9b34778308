/*
 * Arm GICv1/v2 (IHI 0048B) without Security or Virtualization Extensions: the
 * distributor and CPU interface registers, the interrupt state machine and the
 * priority logic that decides each CPU's IRQ and FIQ.  The board-facing contract
 * is in include/hw/intc/arm_gic.h; the GICv3 lives in arm_gicv3*.c.
 */
#include "qemu/osdep.h"
#include "hw/intc/arm_gic.h"
#include "hw/qdev-properties.h"
#include "qemu/log.h"
#include "migration/vmstate.h"

/* Distributor registers */
enum {
    GICD_CTLR = 0x000,
    GICD_TYPER = 0x004,
    GICD_IIDR = 0x008,
    GICD_IGROUPR = 0x080,
    GICD_ISENABLER = 0x100,
    GICD_ICENABLER = 0x180,
    GICD_ISPENDR = 0x200,
    GICD_ICPENDR = 0x280,
    GICD_ISACTIVER = 0x300,
    GICD_ICACTIVER = 0x380,
    GICD_IPRIORITYR = 0x400,
    GICD_ITARGETSR = 0x800,
    GICD_ICFGR = 0xc00,
    GICD_NSACR = 0xe00,
    GICD_SGIR = 0xf00,
    GICD_CPENDSGIR = 0xf10,
    GICD_SPENDSGIR = 0xf20,
    GICD_ID_BASE = 0xfd0,
};

/* CPU interface registers */
enum {
    GICC_CTLR = 0x00,
    GICC_PMR = 0x04,
    GICC_BPR = 0x08,
    GICC_IAR = 0x0c,
    GICC_EOIR = 0x10,
    GICC_RPR = 0x14,
    GICC_HPPIR = 0x18,
    GICC_ABPR = 0x1c,
    GICC_AIAR = 0x20,
    GICC_AEOIR = 0x24,
    GICC_AHPPIR = 0x28,
    GICC_APR = 0xd0,
    GICC_NSAPR = 0xe0,
    GICC_IIDR = 0xfc,
    GICC_DIR = 0x1000,
};

#define GICD_CTLR_EN_GRP0       (1u << 0)
#define GICD_CTLR_EN_GRP1       (1u << 1)

/* GICC_CTLR of a GIC without Security Extensions (IHI 0048B 4.4.1) */
#define GICC_CTLR_EN_GRP0       (1u << 0)
#define GICC_CTLR_EN_GRP1       (1u << 1)
#define GICC_CTLR_ACKCTL        (1u << 2)
#define GICC_CTLR_FIQEN         (1u << 3)
#define GICC_CTLR_CBPR          (1u << 4)
#define GICC_CTLR_EOIMODE_S     (1u << 9)
#define GICC_CTLR_EOIMODE_NS    (1u << 10)
#define GICC_CTLR_V2_MASK       0x7ffu

#define GIC_SPECIAL_GRP1        1022    /* IAR/HPPIR: pending Group 1, AckCtl clear */
#define GIC_IDLE_PRIO           0x100   /* running priority with nothing active */
#define ARM_IIDR                0x43b   /* JEP106 code of Arm in GIC*_IIDR */

/* PIDR4..7, PIDR0..3, CIDR0..3 at 0xfd0: an Arm GIC of the given architecture. */
static const uint8_t gic_id_v1[12] = {
    0x04, 0x00, 0x00, 0x00, 0x90, 0xb3, 0x1b, 0x00, 0x0d, 0xf0, 0x05, 0xb1
};
static const uint8_t gic_id_v2[12] = {
    0x04, 0x00, 0x00, 0x00, 0x90, 0xb4, 0x2b, 0x00, 0x0d, 0xf0, 0x05, 0xb1
};

static bool gic_has_groups(GICState *s)
{
    return s->revision == 2;
}

static GICIrq *gic_irq(GICState *s, int cpu, int irq)
{
    return irq < GIC_INTERNAL ? &s->internal[cpu][irq] : &s->spi[irq - GIC_INTERNAL];
}

static bool gic_irq_is_group1(GICState *s, GICIrq *st)
{
    return gic_has_groups(s) && st->group1;
}

static bool gic_is_pending(GICState *s, int cpu, int irq)
{
    GICIrq *st;

    if (irq < GIC_NR_SGIS) {
        return s->sgi_source[cpu][irq] != 0;
    }
    st = gic_irq(s, cpu, irq);
    /* A level-sensitive interrupt is pending while its line is asserted. */
    return st->pending || (!st->edge && st->level);
}

static bool gic_targets_cpu(GICState *s, int cpu, int irq)
{
    return irq < GIC_INTERNAL || s->num_cpu == 1 ||
           (s->spi_target[irq - GIC_INTERNAL] & (1u << cpu));
}

static bool gic_dist_group_enabled(GICState *s, bool group1)
{
    return s->ctlr & (group1 ? GICD_CTLR_EN_GRP1 : GICD_CTLR_EN_GRP0);
}

static bool gic_cpu_group_enabled(GICState *s, int cpu, bool group1)
{
    return s->cpu[cpu].ctlr & (group1 ? GICC_CTLR_EN_GRP1 : GICC_CTLR_EN_GRP0);
}

/*
 * The highest priority pending interrupt that may be forwarded to cpu: enabled,
 * pending and not active, targeting cpu, its group enabled in the distributor and
 * the CPU interface.  Ties go to the lowest INTID.  GIC_SPURIOUS if none.
 */
static int gic_hppi(GICState *s, int cpu)
{
    int best = GIC_SPURIOUS;
    unsigned best_prio = GIC_IDLE_PRIO;

    for (int irq = 0; irq < (int)s->num_irq; irq++) {
        GICIrq *st = gic_irq(s, cpu, irq);
        bool group1;

        if (!st->enabled || st->active || st->priority >= best_prio ||
            !gic_is_pending(s, cpu, irq) || !gic_targets_cpu(s, cpu, irq)) {
            continue;
        }
        group1 = gic_irq_is_group1(s, st);
        if (!gic_dist_group_enabled(s, group1) || !gic_cpu_group_enabled(s, cpu, group1)) {
            continue;
        }
        best = irq;
        best_prio = st->priority;
    }
    return best;
}

/*
 * The group priority of prio: the bits above the binary point.  Group 1 uses
 * GICC_ABPR, whose value n splits like a GICC_BPR of n - 1, unless CBPR makes
 * GICC_BPR govern both groups.
 */
static unsigned gic_group_prio(GICState *s, int cpu, bool group1, unsigned prio)
{
    GICCPUIf *c = &s->cpu[cpu];
    int bp = c->bpr;

    if (group1 && !(c->ctlr & GICC_CTLR_CBPR)) {
        bp = c->abpr - 1;
    }
    return prio & (0xffu << (bp + 1)) & 0xff;
}

/* Number of preemption levels, one active-priority bit each. */
static int gic_num_levels(GICState *s)
{
    return 1 << (7 - s->min_bpr);
}

/* Which bits of GICC_APRn / GICC_NSAPRn exist. */
static uint32_t gic_apr_mask(GICState *s, int n)
{
    int levels = gic_num_levels(s) - n * 32;

    if (levels <= 0) {
        return 0;
    }
    return levels >= 32 ? 0xffffffffu : (1u << levels) - 1;
}

/* The group priority of the highest priority active interrupt (GIC_IDLE_PRIO: none). */
static unsigned gic_running_prio(GICState *s, int cpu)
{
    GICCPUIf *c = &s->cpu[cpu];

    for (int n = 0; n < GIC_NR_APRS; n++) {
        uint32_t bits = c->apr[n] | c->nsapr[n];
        if (bits) {
            return (unsigned)(n * 32 + __builtin_ctz(bits)) << (s->min_bpr + 1);
        }
    }
    return GIC_IDLE_PRIO;
}

/* Whether interrupt irq, pending for cpu, has the priority to be signalled now. */
static bool gic_can_preempt(GICState *s, int cpu, int irq)
{
    GICIrq *st = gic_irq(s, cpu, irq);

    return st->priority < s->cpu[cpu].pmr &&
           gic_group_prio(s, cpu, gic_irq_is_group1(s, st), st->priority) <
           gic_running_prio(s, cpu);
}

/* Recompute every CPU's IRQ and FIQ outputs. */
static void gic_update(GICState *s)
{
    for (int cpu = 0; cpu < (int)s->num_cpu; cpu++) {
        int irq = gic_hppi(s, cpu);
        bool irq_level = false, fiq_level = false;

        if (irq != GIC_SPURIOUS && gic_can_preempt(s, cpu, irq)) {
            bool group1 = gic_irq_is_group1(s, gic_irq(s, cpu, irq));
            if (!group1 && gic_has_groups(s) && (s->cpu[cpu].ctlr & GICC_CTLR_FIQEN)) {
                fiq_level = true;
            } else {
                irq_level = true;
            }
        }
        qemu_set_irq(s->parent_irq[cpu], irq_level);
        qemu_set_irq(s->parent_fiq[cpu], fiq_level);
    }
}

/* ---- Interrupt inputs ------------------------------------------------------------ */

static void gic_set_irq(void *opaque, int n, int level)
{
    GICState *s = ARM_GIC(opaque);
    int num_spi = s->num_irq - GIC_INTERNAL;
    int cpu = 0, irq;
    GICIrq *st;

    if (n < num_spi) {
        irq = n + GIC_INTERNAL;
    } else {
        cpu = (n - num_spi) / GIC_INTERNAL;
        irq = (n - num_spi) % GIC_INTERNAL;
        if (irq < GIC_NR_SGIS) {
            /* SGIs are raised by software only. */
            return;
        }
    }
    st = gic_irq(s, cpu, irq);
    level = level != 0;
    if (st->level == level) {
        return;
    }
    st->level = level;
    if (level && st->edge) {
        st->pending = true;
    }
    gic_update(s);
}

/* ---- State changes from the CPU interface ---------------------------------------- */

static void gic_activate(GICState *s, int cpu, int irq)
{
    GICIrq *st = gic_irq(s, cpu, irq);
    bool group1 = gic_irq_is_group1(s, st);
    unsigned level = gic_group_prio(s, cpu, group1, st->priority) >> (s->min_bpr + 1);
    uint32_t *apr = group1 ? s->cpu[cpu].nsapr : s->cpu[cpu].apr;

    apr[level / 32] |= 1u << (level % 32);
    st->active = true;
    st->active_cpu = cpu;
    st->pending = false;
}

/* Clear the highest active priority (the lowest set active-priority bit). */
static void gic_drop_prio(GICState *s, int cpu)
{
    GICCPUIf *c = &s->cpu[cpu];

    for (int n = 0; n < GIC_NR_APRS; n++) {
        if (c->apr[n]) {
            if (!c->nsapr[n] || __builtin_ctz(c->apr[n]) <= __builtin_ctz(c->nsapr[n])) {
                c->apr[n] &= c->apr[n] - 1;
            } else {
                c->nsapr[n] &= c->nsapr[n] - 1;
            }
            return;
        }
        if (c->nsapr[n]) {
            c->nsapr[n] &= c->nsapr[n] - 1;
            return;
        }
    }
}

/* The GICC_IAR value for irq, with the source CPU of an SGI in bits [12:10]. */
static uint32_t gic_iar_value(GICState *s, int cpu, int irq)
{
    if (irq < GIC_NR_SGIS) {
        return irq | (__builtin_ctz(s->sgi_source[cpu][irq]) << 10);
    }
    return irq;
}

/*
 * GICC_IAR (alias false) and GICC_AIAR (alias true): acknowledge the highest
 * priority pending interrupt if it may preempt, making it active.
 */
static uint32_t gic_acknowledge(GICState *s, int cpu, bool alias)
{
    int irq = gic_hppi(s, cpu);
    uint32_t value;
    bool group1;

    if (irq == GIC_SPURIOUS || !gic_can_preempt(s, cpu, irq)) {
        return GIC_SPURIOUS;
    }
    group1 = gic_irq_is_group1(s, gic_irq(s, cpu, irq));
    if (alias && !group1) {
        return GIC_SPURIOUS;
    }
    if (!alias && group1 && !(s->cpu[cpu].ctlr & GICC_CTLR_ACKCTL)) {
        return GIC_SPECIAL_GRP1;
    }
    value = gic_iar_value(s, cpu, irq);
    if (irq < GIC_NR_SGIS) {
        /* One source at a time: the SGI stays pending while others remain. */
        s->sgi_source[cpu][irq] &= ~(1u << (value >> 10));
    }
    gic_activate(s, cpu, irq);
    gic_update(s);
    return value;
}

/* GICC_HPPIR / GICC_AHPPIR: what an acknowledge would return, ignoring priority. */
static uint32_t gic_highest_pending(GICState *s, int cpu, bool alias)
{
    int irq = gic_hppi(s, cpu);
    bool group1;

    if (irq == GIC_SPURIOUS) {
        return GIC_SPURIOUS;
    }
    group1 = gic_irq_is_group1(s, gic_irq(s, cpu, irq));
    if (alias && !group1) {
        return GIC_SPURIOUS;
    }
    if (!alias && group1 && !(s->cpu[cpu].ctlr & GICC_CTLR_ACKCTL)) {
        return GIC_SPECIAL_GRP1;
    }
    return gic_iar_value(s, cpu, irq);
}

static void gic_deactivate(GICState *s, int cpu, int irq)
{
    if (irq >= (int)s->num_irq) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm_gic: deactivation of unimplemented INTID %d\n",
                      irq);
        return;
    }
    gic_irq(s, cpu, irq)->active = false;
}

/* GICC_EOIR (alias false) and GICC_AEOIR (alias true). */
static void gic_end_of_interrupt(GICState *s, int cpu, uint32_t value, bool alias)
{
    int irq = value & 0x3ff;
    uint32_t split = alias ? GICC_CTLR_EOIMODE_NS : GICC_CTLR_EOIMODE_S;

    if (irq >= (int)s->num_irq) {
        if (irq < GIC_MAXIRQ) {
            qemu_log_mask(LOG_GUEST_ERROR, "arm_gic: EOI of unimplemented INTID %d\n", irq);
        }
        return;
    }
    if (gic_running_prio(s, cpu) == GIC_IDLE_PRIO) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm_gic: EOI of INTID %d with nothing active\n", irq);
        return;
    }
    gic_drop_prio(s, cpu);
    if (!gic_has_groups(s) || !(s->cpu[cpu].ctlr & split)) {
        gic_deactivate(s, cpu, irq);
    }
    gic_update(s);
}

/* ---- Distributor ----------------------------------------------------------------- */

static uint32_t gic_typer(GICState *s)
{
    return ((s->num_irq + 31) / 32 - 1) | ((s->num_cpu - 1) << 5);
}

/* Bit b of the set/clear bitmap register groups, for interrupt irq. */
static bool gic_bitmap_bit(GICState *s, int cpu, hwaddr base, int irq)
{
    GICIrq *st = gic_irq(s, cpu, irq);

    switch (base) {
    case GICD_IGROUPR:
        return gic_irq_is_group1(s, st);
    case GICD_ISENABLER:
    case GICD_ICENABLER:
        return st->enabled;
    case GICD_ISPENDR:
    case GICD_ICPENDR:
        return gic_is_pending(s, cpu, irq);
    default:
        return st->active;
    }
}

static void gic_bitmap_write(GICState *s, int cpu, hwaddr base, int irq)
{
    GICIrq *st = gic_irq(s, cpu, irq);

    switch (base) {
    case GICD_ISENABLER:
        st->enabled = true;
        break;
    case GICD_ICENABLER:
        st->enabled = false;
        break;
    case GICD_ISPENDR:
        /* SGIs are made pending through GICD_SGIR and GICD_SPENDSGIR only. */
        if (irq >= GIC_NR_SGIS) {
            st->pending = true;
        }
        break;
    case GICD_ICPENDR:
        if (irq >= GIC_NR_SGIS) {
            st->pending = false;
        }
        break;
    case GICD_ISACTIVER:
        if (s->revision == 2) {
            st->active = true;
            st->active_cpu = cpu;
        }
        break;
    case GICD_ICACTIVER:
        if (s->revision == 2) {
            st->active = false;
        }
        break;
    }
}

/* One byte of the distributor; *ok cleared for offsets that hold no register. */
static uint8_t gic_dist_readb(GICState *s, int cpu, hwaddr offset, bool *ok)
{
    int irq;

    if (offset < 0x00c) {
        uint32_t word = offset < GICD_TYPER ? s->ctlr :
                        offset < GICD_IIDR ? gic_typer(s) : ARM_IIDR;
        return word >> (8 * (offset & 3));
    }
    if (offset >= GICD_IGROUPR && offset < GICD_IPRIORITYR) {
        hwaddr base = offset & ~0x7f;
        uint8_t value = 0;

        irq = (offset - base) * 8;
        for (int i = 0; i < 8 && irq + i < (int)s->num_irq; i++) {
            value |= gic_bitmap_bit(s, cpu, base, irq + i) << i;
        }
        return value;
    }
    if (offset >= GICD_IPRIORITYR && offset < GICD_IPRIORITYR + GIC_MAXIRQ) {
        irq = offset - GICD_IPRIORITYR;
        return irq < (int)s->num_irq ? gic_irq(s, cpu, irq)->priority : 0;
    }
    if (offset >= GICD_ITARGETSR && offset < GICD_ITARGETSR + GIC_MAXIRQ) {
        irq = offset - GICD_ITARGETSR;
        if (s->num_cpu == 1 || irq >= (int)s->num_irq) {
            return 0;   /* uniprocessor: RAZ/WI */
        }
        return irq < GIC_INTERNAL ? 1u << cpu : s->spi_target[irq - GIC_INTERNAL];
    }
    if (offset >= GICD_ICFGR && offset < GICD_NSACR) {
        uint8_t value = 0;

        irq = (offset - GICD_ICFGR) * 4;
        for (int i = 0; i < 4 && irq + i < (int)s->num_irq; i++) {
            bool edge = irq + i < GIC_NR_SGIS || gic_irq(s, cpu, irq + i)->edge;
            value |= edge << (2 * i + 1);
        }
        return value;
    }
    if (offset >= GICD_NSACR && offset < GICD_SGIR + 4) {
        return 0;       /* NSACR: no security; SGIR: write-only */
    }
    if (offset >= GICD_CPENDSGIR && offset < GICD_SPENDSGIR + 16 && s->revision == 2) {
        return s->sgi_source[cpu][(offset - GICD_CPENDSGIR) & 0xf];
    }
    if (offset >= GICD_ID_BASE && offset < 0x1000) {
        const uint8_t *id = s->revision == 2 ? gic_id_v2 : gic_id_v1;
        return (offset & 3) ? 0 : id[(offset - GICD_ID_BASE) / 4];
    }
    *ok = false;
    return 0;
}

static void gic_dist_writeb(GICState *s, int cpu, hwaddr offset, uint8_t value, bool *ok)
{
    int irq;

    if (offset < 0x00c) {
        if (offset == GICD_CTLR) {
            s->ctlr = value & (gic_has_groups(s) ? GICD_CTLR_EN_GRP0 | GICD_CTLR_EN_GRP1
                                                 : GICD_CTLR_EN_GRP0);
        }
        return;
    }
    if (offset >= GICD_IGROUPR && offset < GICD_IPRIORITYR) {
        hwaddr base = offset & ~0x7f;

        irq = (offset - base) * 8;
        for (int i = 0; i < 8 && irq + i < (int)s->num_irq; i++) {
            if (base == GICD_IGROUPR) {
                if (gic_has_groups(s)) {
                    gic_irq(s, cpu, irq + i)->group1 = (value >> i) & 1;
                }
            } else if (value & (1u << i)) {
                gic_bitmap_write(s, cpu, base, irq + i);
            }
        }
        return;
    }
    if (offset >= GICD_IPRIORITYR && offset < GICD_IPRIORITYR + GIC_MAXIRQ) {
        irq = offset - GICD_IPRIORITYR;
        if (irq < (int)s->num_irq) {
            gic_irq(s, cpu, irq)->priority = value & s->prio_mask;
        }
        return;
    }
    if (offset >= GICD_ITARGETSR && offset < GICD_ITARGETSR + GIC_MAXIRQ) {
        irq = offset - GICD_ITARGETSR;
        if (s->num_cpu > 1 && irq >= GIC_INTERNAL && irq < (int)s->num_irq) {
            s->spi_target[irq - GIC_INTERNAL] = value & ((1u << s->num_cpu) - 1);
        }
        return;
    }
    if (offset >= GICD_ICFGR && offset < GICD_NSACR) {
        irq = (offset - GICD_ICFGR) * 4;
        for (int i = 0; i < 4 && irq + i < (int)s->num_irq; i++) {
            if (irq + i >= GIC_NR_SGIS) {
                gic_irq(s, cpu, irq + i)->edge = (value >> (2 * i + 1)) & 1;
            }
        }
        return;
    }
    if (offset >= GICD_NSACR && offset < GICD_SGIR) {
        return;
    }
    if (offset >= GICD_CPENDSGIR && offset < GICD_SPENDSGIR + 16 && s->revision == 2) {
        uint8_t *sources = &s->sgi_source[cpu][(offset - GICD_CPENDSGIR) & 0xf];
        if (offset < GICD_SPENDSGIR) {
            *sources &= ~value;
        } else {
            *sources |= value & ((1u << s->num_cpu) - 1);
        }
        return;
    }
    if (offset >= GICD_ID_BASE && offset < 0x1000) {
        return;
    }
    *ok = false;
}

/* GICD_SGIR: make an SGI pending on the CPUs the target list filter selects. */
static void gic_dist_sgir(GICState *s, int cpu, uint32_t value)
{
    int sgi = value & 0xf;
    uint32_t all = (1u << s->num_cpu) - 1;
    uint32_t targets;

    switch ((value >> 24) & 3) {
    case 0:
        targets = (value >> 16) & all;
        break;
    case 1:
        targets = all & ~(1u << cpu);
        break;
    case 2:
        targets = 1u << cpu;
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "arm_gic: GICD_SGIR with reserved filter 3\n");
        return;
    }
    for (int t = 0; t < (int)s->num_cpu; t++) {
        if (targets & (1u << t)) {
            s->sgi_source[t][sgi] |= 1u << cpu;
        }
    }
}

/* The CPU making an access: its index travels in requester_id. */
static int gic_accessing_cpu(GICState *s, MemTxAttrs attrs)
{
    if (attrs.unspecified) {
        return 0;
    }
    if (attrs.requester_id >= s->num_cpu) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm_gic: access from CPU %u, which has no "
                      "interface (num-cpu %u)\n", attrs.requester_id, s->num_cpu);
        return 0;
    }
    return attrs.requester_id;
}

static MemTxResult gic_dist_read(void *opaque, hwaddr offset, uint64_t *data, unsigned size,
                                 MemTxAttrs attrs)
{
    GICState *s = opaque;
    int cpu = gic_accessing_cpu(s, attrs);
    bool ok = true;
    uint64_t value = 0;

    for (unsigned i = 0; i < size; i++) {
        value |= (uint64_t)gic_dist_readb(s, cpu, offset + i, &ok) << (8 * i);
    }
    if (!ok) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm_gic: read of reserved distributor offset 0x%x\n",
                      (unsigned)offset);
    }
    *data = value;
    return MEMTX_OK;
}

static MemTxResult gic_dist_write(void *opaque, hwaddr offset, uint64_t data, unsigned size,
                                  MemTxAttrs attrs)
{
    GICState *s = opaque;
    int cpu = gic_accessing_cpu(s, attrs);
    bool ok = true;

    if (offset >= GICD_SGIR && offset < GICD_SGIR + 4) {
        if (offset == GICD_SGIR && size == 4) {
            gic_dist_sgir(s, cpu, data);
        } else {
            qemu_log_mask(LOG_GUEST_ERROR, "arm_gic: GICD_SGIR written with %u bytes\n", size);
        }
    } else {
        for (unsigned i = 0; i < size; i++) {
            gic_dist_writeb(s, cpu, offset + i, data >> (8 * i), &ok);
        }
    }
    if (!ok) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm_gic: write to reserved distributor offset 0x%x\n",
                      (unsigned)offset);
    }
    gic_update(s);
    return MEMTX_OK;
}

static const MemoryRegionOps gic_dist_ops = {
    .read_with_attrs = gic_dist_read,
    .write_with_attrs = gic_dist_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 4 },
    .impl = { .min_access_size = 1, .max_access_size = 4 },
};

/* ---- CPU interface ---------------------------------------------------------------- */

static MemTxResult gic_cpu_read(void *opaque, hwaddr offset, uint64_t *data, unsigned size,
                                MemTxAttrs attrs)
{
    GICState *s = opaque;
    int cpu = gic_accessing_cpu(s, attrs);
    GICCPUIf *c = &s->cpu[cpu];
    bool v2 = s->revision == 2;
    unsigned prio;

    switch (offset) {
    case GICC_CTLR:
        *data = c->ctlr;
        break;
    case GICC_PMR:
        *data = c->pmr;
        break;
    case GICC_BPR:
        *data = c->bpr;
        break;
    case GICC_IAR:
        *data = gic_acknowledge(s, cpu, false);
        break;
    case GICC_RPR:
        prio = gic_running_prio(s, cpu);
        *data = prio == GIC_IDLE_PRIO ? 0xff : prio;
        break;
    case GICC_HPPIR:
        *data = gic_highest_pending(s, cpu, false);
        break;
    case GICC_ABPR:
        *data = v2 ? c->abpr : 0;
        break;
    case GICC_AIAR:
        *data = v2 ? gic_acknowledge(s, cpu, true) : 0;
        break;
    case GICC_AHPPIR:
        *data = v2 ? gic_highest_pending(s, cpu, true) : 0;
        break;
    case GICC_APR ... GICC_APR + 0xc:
        *data = v2 ? c->apr[(offset - GICC_APR) / 4] : 0;
        break;
    case GICC_NSAPR ... GICC_NSAPR + 0xc:
        *data = v2 ? c->nsapr[(offset - GICC_NSAPR) / 4] : 0;
        break;
    case GICC_IIDR:
        *data = (s->revision << 16) | ARM_IIDR;
        break;
    case GICC_EOIR:
    case GICC_AEOIR:
    case GICC_DIR:
        *data = 0;      /* write-only */
        break;
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "arm_gic: read of reserved CPU interface offset 0x%x\n",
                      (unsigned)offset);
        *data = 0;
        break;
    }
    return MEMTX_OK;
}

static MemTxResult gic_cpu_write(void *opaque, hwaddr offset, uint64_t data, unsigned size,
                                 MemTxAttrs attrs)
{
    GICState *s = opaque;
    int cpu = gic_accessing_cpu(s, attrs);
    GICCPUIf *c = &s->cpu[cpu];
    bool v2 = s->revision == 2;
    uint32_t value = data;

    switch (offset) {
    case GICC_CTLR:
        c->ctlr = value & (v2 ? GICC_CTLR_V2_MASK : GICC_CTLR_EN_GRP0);
        break;
    case GICC_PMR:
        c->pmr = value & s->prio_mask;
        break;
    case GICC_BPR:
        c->bpr = MAX(value & 7, s->min_bpr);
        break;
    case GICC_EOIR:
        gic_end_of_interrupt(s, cpu, value, false);
        return MEMTX_OK;
    case GICC_ABPR:
        if (v2) {
            c->abpr = MAX(value & 7, s->min_bpr + 1u);
        }
        break;
    case GICC_AEOIR:
        if (v2) {
            gic_end_of_interrupt(s, cpu, value, true);
        }
        return MEMTX_OK;
    case GICC_APR ... GICC_APR + 0xc:
        if (v2) {
            int n = (offset - GICC_APR) / 4;
            c->apr[n] = value & gic_apr_mask(s, n);
        }
        break;
    case GICC_NSAPR ... GICC_NSAPR + 0xc:
        if (v2) {
            int n = (offset - GICC_NSAPR) / 4;
            c->nsapr[n] = value & gic_apr_mask(s, n);
        }
        break;
    case GICC_DIR:
        if (!v2) {
            break;
        }
        if (!(c->ctlr & (GICC_CTLR_EOIMODE_S | GICC_CTLR_EOIMODE_NS))) {
            qemu_log_mask(LOG_GUEST_ERROR, "arm_gic: GICC_DIR written with EOImode clear\n");
            return MEMTX_OK;
        }
        gic_deactivate(s, cpu, value & 0x3ff);
        break;
    case GICC_IAR:
    case GICC_RPR:
    case GICC_HPPIR:
    case GICC_AIAR:
    case GICC_AHPPIR:
    case GICC_IIDR:
        return MEMTX_OK;    /* read-only */
    default:
        qemu_log_mask(LOG_GUEST_ERROR, "arm_gic: write to reserved CPU interface offset 0x%x\n",
                      (unsigned)offset);
        return MEMTX_OK;
    }
    gic_update(s);
    return MEMTX_OK;
}

static const MemoryRegionOps gic_cpu_ops = {
    .read_with_attrs = gic_cpu_read,
    .write_with_attrs = gic_cpu_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

/* ---- Migration: QEMU's "arm_gic" section ------------------------------------------ */

#define GIC_ALL_CPUS 0xff

static int gic_pre_save(void *opaque)
{
    GICState *s = opaque;
    GICWire *w = &s->wire;

    memset(w, 0, sizeof(*w));
    w->ctlr = s->ctlr;
    for (int irq = 0; irq < GIC_MAXIRQ; irq++) {
        GICWireIrq *wi = &w->irq_state[irq];

        if (irq < GIC_INTERNAL) {
            for (int cpu = 0; cpu < (int)s->num_cpu; cpu++) {
                GICIrq *st = &s->internal[cpu][irq];
                uint8_t bit = 1u << cpu;

                wi->enabled |= st->enabled ? bit : 0;
                wi->pending |= (irq < GIC_NR_SGIS ? s->sgi_source[cpu][irq] != 0
                                                  : st->pending) ? bit : 0;
                wi->active |= st->active ? bit : 0;
                wi->level |= st->level ? bit : 0;
                wi->group |= st->group1 ? bit : 0;
                w->priority1[irq * GIC_NCPU + cpu] = st->priority;
            }
            /* Edge/level is one setting per PPI there: CPU 0's. */
            wi->edge_trigger = s->internal[0][irq].edge;
        } else {
            GICIrq *st = &s->spi[irq - GIC_INTERNAL];

            wi->enabled = st->enabled ? GIC_ALL_CPUS : 0;
            wi->pending = st->pending ? GIC_ALL_CPUS : 0;
            wi->active = st->active ? 1u << st->active_cpu : 0;
            wi->level = st->level ? GIC_ALL_CPUS : 0;
            wi->group = st->group1 ? GIC_ALL_CPUS : 0;
            wi->edge_trigger = st->edge;
            w->irq_target[irq] = s->spi_target[irq - GIC_INTERNAL];
            w->priority2[irq - GIC_INTERNAL] = st->priority;
        }
    }
    for (int cpu = 0; cpu < (int)s->num_cpu; cpu++) {
        GICCPUIf *c = &s->cpu[cpu];
        int hppi = gic_hppi(s, cpu);

        for (int sgi = 0; sgi < GIC_NR_SGIS; sgi++) {
            w->sgi_pending[sgi * GIC_NCPU + cpu] = s->sgi_source[cpu][sgi];
        }
        w->cpu_ctlr[cpu] = c->ctlr;
        w->priority_mask[cpu] = c->pmr;
        w->running_priority[cpu] = gic_running_prio(s, cpu);
        w->current_pending[cpu] = hppi;
        w->bpr[cpu] = c->bpr;
        w->abpr[cpu] = c->abpr;
        for (int n = 0; n < GIC_NR_APRS; n++) {
            w->apr[n * GIC_NCPU + cpu] = c->apr[n];
            w->nsapr[n * GIC_NCPU + cpu] = c->nsapr[n];
        }
    }
    return 0;
}

/* The stream is untrusted: every value is masked to what this GIC implements. */
static int gic_post_load(void *opaque, int version_id)
{
    GICState *s = opaque;
    GICWire *w = &s->wire;
    uint8_t cpus = (1u << s->num_cpu) - 1;

    s->ctlr = w->ctlr & (gic_has_groups(s) ? GICD_CTLR_EN_GRP0 | GICD_CTLR_EN_GRP1
                                           : GICD_CTLR_EN_GRP0);
    for (int irq = 0; irq < (int)s->num_irq; irq++) {
        GICWireIrq *wi = &w->irq_state[irq];

        if (irq < GIC_INTERNAL) {
            for (int cpu = 0; cpu < (int)s->num_cpu; cpu++) {
                GICIrq *st = &s->internal[cpu][irq];
                uint8_t bit = 1u << cpu;

                st->enabled = wi->enabled & bit;
                st->active = wi->active & bit;
                st->level = wi->level & bit;
                st->group1 = gic_has_groups(s) && (wi->group & bit);
                st->edge = irq < GIC_NR_SGIS || wi->edge_trigger;
                /* A level input that is high is pending by itself. */
                st->pending = irq >= GIC_NR_SGIS && (wi->pending & bit) &&
                              (st->edge || !st->level);
                st->priority = w->priority1[irq * GIC_NCPU + cpu] & s->prio_mask;
            }
        } else {
            GICIrq *st = &s->spi[irq - GIC_INTERNAL];

            st->enabled = wi->enabled != 0;
            st->active = wi->active != 0;
            st->active_cpu = wi->active ? __builtin_ctz(wi->active) : 0;
            st->level = wi->level != 0;
            st->group1 = gic_has_groups(s) && wi->group != 0;
            st->edge = wi->edge_trigger;
            st->pending = wi->pending != 0 && (st->edge || !st->level);
            st->priority = w->priority2[irq - GIC_INTERNAL] & s->prio_mask;
            s->spi_target[irq - GIC_INTERNAL] = s->num_cpu == 1 ? 1 : w->irq_target[irq] & cpus;
        }
    }
    for (int cpu = 0; cpu < (int)s->num_cpu; cpu++) {
        GICCPUIf *c = &s->cpu[cpu];

        for (int sgi = 0; sgi < GIC_NR_SGIS; sgi++) {
            s->sgi_source[cpu][sgi] = w->sgi_pending[sgi * GIC_NCPU + cpu] & cpus;
        }
        c->ctlr = w->cpu_ctlr[cpu] & (s->revision == 2 ? GICC_CTLR_V2_MASK : GICC_CTLR_EN_GRP0);
        c->pmr = w->priority_mask[cpu] & s->prio_mask;
        c->bpr = MAX(w->bpr[cpu] & 7, s->min_bpr);
        c->abpr = MAX(w->abpr[cpu] & 7, s->min_bpr + 1u);
        for (int n = 0; n < GIC_NR_APRS; n++) {
            c->apr[n] = w->apr[n * GIC_NCPU + cpu] & gic_apr_mask(s, n);
            c->nsapr[n] = w->nsapr[n * GIC_NCPU + cpu] & gic_apr_mask(s, n);
        }
    }
    gic_update(s);
    return 0;
}

static const VMStateDescription vmstate_gic_irq_state = {
    .name = "arm_gic_irq_state",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(enabled, GICWireIrq),
        VMSTATE_UINT8(pending, GICWireIrq),
        VMSTATE_UINT8(active, GICWireIrq),
        VMSTATE_UINT8(level, GICWireIrq),
        VMSTATE_BOOL(model, GICWireIrq),
        VMSTATE_BOOL(edge_trigger, GICWireIrq),
        VMSTATE_UINT8(group, GICWireIrq),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_gic_wire = {
    .name = "arm_gic_wire",
    .version_id = 12,
    .minimum_version_id = 12,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(ctlr, GICWire),
        VMSTATE_UINT32_ARRAY(cpu_ctlr, GICWire, GIC_NCPU),
        VMSTATE_STRUCT_ARRAY(irq_state, GICWire, GIC_MAXIRQ, 1, vmstate_gic_irq_state,
                             GICWireIrq),
        VMSTATE_UINT8_ARRAY(irq_target, GICWire, GIC_MAXIRQ),
        VMSTATE_UINT8_ARRAY(priority1, GICWire, GIC_INTERNAL * GIC_NCPU),
        VMSTATE_UINT8_ARRAY(priority2, GICWire, GIC_MAXIRQ - GIC_INTERNAL),
        VMSTATE_UINT8_ARRAY(sgi_pending, GICWire, GIC_NR_SGIS * GIC_NCPU),
        VMSTATE_UINT16_ARRAY(priority_mask, GICWire, GIC_NCPU),
        VMSTATE_UINT16_ARRAY(running_priority, GICWire, GIC_NCPU),
        VMSTATE_UINT16_ARRAY(current_pending, GICWire, GIC_NCPU),
        VMSTATE_UINT8_ARRAY(bpr, GICWire, GIC_NCPU),
        VMSTATE_UINT8_ARRAY(abpr, GICWire, GIC_NCPU),
        VMSTATE_UINT32_ARRAY(apr, GICWire, GIC_NR_APRS * GIC_NCPU),
        VMSTATE_UINT32_ARRAY(nsapr, GICWire, GIC_NR_APRS * GIC_NCPU),
        VMSTATE_END_OF_LIST()
    }
};

/* The wire image is one inline structure: the stream carries its fields only. */
static const VMStateDescription vmstate_gic = {
    .name = "arm_gic",
    .version_id = 12,
    .minimum_version_id = 12,
    .pre_save = gic_pre_save,
    .post_load = gic_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_STRUCT(wire, GICState, 0, vmstate_gic_wire, GICWire),
        VMSTATE_END_OF_LIST()
    }
};

/* ---- Device ----------------------------------------------------------------------- */

static void gic_reset(DeviceState *dev)
{
    GICState *s = ARM_GIC(dev);

    s->ctlr = 0;
    /* Input line levels are wires from other devices: they survive a reset. */
    for (int cpu = 0; cpu < GIC_NCPU; cpu++) {
        for (int irq = 0; irq < GIC_INTERNAL; irq++) {
            GICIrq *st = &s->internal[cpu][irq];
            *st = (GICIrq) { .level = st->level };
            if (irq < GIC_NR_SGIS) {
                st->enabled = true;
                st->edge = true;
            }
        }
        memset(s->sgi_source[cpu], 0, sizeof(s->sgi_source[cpu]));
        s->cpu[cpu] = (GICCPUIf) { .bpr = s->min_bpr, .abpr = s->min_bpr + 1 };
    }
    for (int i = 0; i < GIC_MAXIRQ - GIC_INTERNAL; i++) {
        s->spi[i] = (GICIrq) { .level = s->spi[i].level };
        s->spi_target[i] = s->num_cpu == 1 ? 1 : 0;
    }
    if (dev->realized) {
        gic_update(s);
    }
}

static void gic_realize(DeviceState *dev, Error **errp)
{
    GICState *s = ARM_GIC(dev);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);

    if (s->num_cpu < 1 || s->num_cpu > GIC_NCPU) {
        error_setg(errp, "arm_gic: num-cpu %u is out of range (1 to %d)", s->num_cpu,
                   GIC_NCPU);
        return;
    }
    if (s->num_irq < GIC_INTERNAL || s->num_irq > GIC_MAXIRQ) {
        error_setg(errp, "arm_gic: num-irq %u is out of range (%d to %d, including the "
                   "32 SGIs and PPIs)", s->num_irq, GIC_INTERNAL, GIC_MAXIRQ);
        return;
    }
    if (s->revision != 1 && s->revision != 2) {
        error_setg(errp, "arm_gic: revision %u is not supported (1 or 2)", s->revision);
        return;
    }
    if (s->num_prio_bits < 4 || s->num_prio_bits > 8) {
        error_setg(errp, "arm_gic: num-priority-bits %u is out of range (4 to 8)",
                   s->num_prio_bits);
        return;
    }
    if (s->security_extn) {
        error_setg(errp, "arm_gic: has-security-extensions=on is not supported: this GIC "
                   "has a single security state");
        return;
    }
    if (s->virt_extn) {
        error_setg(errp, "arm_gic: has-virtualization-extensions=on is not supported");
        return;
    }
    s->prio_mask = 0xff << (8 - s->num_prio_bits);
    s->min_bpr = s->num_prio_bits >= 7 ? 0 : 7 - s->num_prio_bits;

    qdev_init_gpio_in(dev, gic_set_irq, s->num_irq - GIC_INTERNAL + GIC_INTERNAL * s->num_cpu);
    for (unsigned i = 0; i < s->num_cpu; i++) {
        sysbus_init_irq(sbd, &s->parent_irq[i]);
    }
    for (unsigned i = 0; i < s->num_cpu; i++) {
        sysbus_init_irq(sbd, &s->parent_fiq[i]);
    }
    for (unsigned i = 0; i < s->num_cpu; i++) {
        sysbus_init_irq(sbd, &s->parent_virq[i]);
    }
    for (unsigned i = 0; i < s->num_cpu; i++) {
        sysbus_init_irq(sbd, &s->parent_vfiq[i]);
    }
    memory_region_init_io(&s->iomem, OBJECT(s), &gic_dist_ops, s, "gic_dist", 0x1000);
    sysbus_init_mmio(sbd, &s->iomem);
    memory_region_init_io(&s->cpuiomem, OBJECT(s), &gic_cpu_ops, s, "gic_cpu",
                          s->revision == 2 ? 0x2000 : 0x100);
    sysbus_init_mmio(sbd, &s->cpuiomem);
    gic_reset(dev);
}

static void gic_finalize(Object *obj)
{
    GICState *s = ARM_GIC(obj);

    memory_region_finalize(&s->iomem);
    memory_region_finalize(&s->cpuiomem);
}

static Property gic_properties[] = {
    DEFINE_PROP_UINT32("num-cpu", GICState, num_cpu, 1),
    DEFINE_PROP_UINT32("num-irq", GICState, num_irq, 32),
    DEFINE_PROP_UINT32("revision", GICState, revision, 1),
    DEFINE_PROP_BOOL("has-security-extensions", GICState, security_extn, false),
    DEFINE_PROP_BOOL("has-virtualization-extensions", GICState, virt_extn, false),
    DEFINE_PROP_UINT32("num-priority-bits", GICState, num_prio_bits, 8),
    DEFINE_PROP_END_OF_LIST(),
};

static void gic_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = gic_realize;
    dc->reset = gic_reset;
    dc->vmsd = &vmstate_gic;
    dc->desc = "Arm Generic Interrupt Controller v1/v2";
    device_class_set_category(dc, DEVICE_CATEGORY_MISC);
    device_class_set_props(dc, gic_properties);
}

static const TypeInfo gic_info = {
    .name = TYPE_ARM_GIC,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(GICState),
    .instance_finalize = gic_finalize,
    .class_init = gic_class_init,
};

static void gic_register_types(void)
{
    type_register_static(&gic_info);
}

type_init(gic_register_types)
