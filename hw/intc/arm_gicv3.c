/*
 * Arm GICv3 (IHI 0069) device: properties, inputs and outputs, the distributor
 * and the redistributors' memory-mapped registers.  The CPU interface (ICC_*
 * system registers) and the signalling logic are in arm_gicv3_cpuif.c; the board
 * contract is in include/hw/intc/arm_gicv3.h.
 */
#include "qemu/osdep.h"
#include "arm_gicv3_internal.h"
#include "hw/qdev-properties.h"
#include "qemu/log.h"
#include "migration/vmstate.h"

/* Distributor registers; the bitmap, priority and config offsets are also those
 * of the redistributor's SGI_base frame. */
enum {
    GICD_CTLR = 0x0000,
    GICD_TYPER = 0x0004,
    GICD_IIDR = 0x0008,
    GICD_TYPER2 = 0x000c,
    GICD_STATUSR = 0x0010,
    GICD_SETSPI_NSR = 0x0040,
    GICD_IGROUPR = 0x0080,
    GICD_ISENABLER = 0x0100,
    GICD_ICENABLER = 0x0180,
    GICD_ISPENDR = 0x0200,
    GICD_ICPENDR = 0x0280,
    GICD_ISACTIVER = 0x0300,
    GICD_ICACTIVER = 0x0380,
    GICD_IPRIORITYR = 0x0400,
    GICD_ITARGETSR = 0x0800,
    GICD_ICFGR = 0x0c00,
    GICD_IGRPMODR = 0x0d00,
    GICD_NSACR = 0x0e00,
    GICD_SGIR = 0x0f00,
    GICD_IROUTER = 0x6000,
    GICD_ID_BASE = 0xffd0,
};

/* Redistributor RD_base frame */
enum {
    GICR_CTLR = 0x0000,
    GICR_IIDR = 0x0004,
    GICR_TYPER = 0x0008,
    GICR_STATUSR = 0x0010,
    GICR_WAKER = 0x0014,
    GICR_PROPBASER = 0x0070,
    GICR_PENDBASER = 0x0078,
    GICR_SGI_BASE = 0x10000,
};

#define GICD_CTLR_ARE           (1u << 4)
#define GICD_CTLR_DS            (1u << 6)
#define GICD_TYPER_IDBITS_16    (15u << 19)
#define GICD_TYPER_A3V          (1u << 24)
#define GICD_TYPER_NO1N         (1u << 25)
#define GICR_WAKER_PROCESSOR_SLEEP (1u << 1)
#define GICR_WAKER_CHILDREN_ASLEEP (1u << 2)
#define GICR_TYPER_LAST         (1u << 4)
#define GICR_TYPER_COMMON_LPI_AFF (1u << 24)    /* as QEMU: LPI tables shared per Aff3 */
#define IROUTER_MASK            0xff00ffffffull   /* Aff3, Aff2..Aff0; IRM is RAZ/WI */
#define ARM_IIDR                0x43b

/* CoreSight ID registers from 0xffd0: PIDR4..7, PIDR0..3, CIDR0..3.  PIDR0 names the
 * block (0x92 distributor, 0x93 redistributor); PIDR2[7:4] is the architecture, 3. */
static const uint8_t gicv3_id[12] = {
    0x44, 0x00, 0x00, 0x00, 0x92, 0xb4, 0x3b, 0x00, 0x0d, 0xf0, 0x05, 0xb1
};

static uint8_t gicv3_idreg(hwaddr offset, uint8_t pidr0)
{
    int n = (offset - GICD_ID_BASE) / 4;

    if (offset & 3) {
        return 0;
    }
    return n == 4 ? pidr0 : gicv3_id[n];
}

int gicv3_cpu_by_affinity(GICv3State *s, uint32_t aff)
{
    for (int cpu = 0; cpu < (int)s->num_cpu; cpu++) {
        if (s->cpu[cpu].affinity == aff) {
            return cpu;
        }
    }
    return -1;
}

static void gicv3_route_spi(GICv3State *s, int irq)
{
    uint64_t r = s->irouter[irq - GICV3_INTERNAL];
    uint32_t aff = (r & 0xffffff) | ((r >> 32) & 0xff) << 24;

    s->spi_cpu[irq - GICV3_INTERNAL] = gicv3_cpu_by_affinity(s, aff);
}

void gicv3_set_cpu_affinity(GICv3State *s, int cpu, uint64_t mpidr)
{
    if (cpu < 0 || cpu >= (int)s->num_cpu) {
        g_error("arm-gicv3: gicv3_set_cpu_affinity for CPU %d of %u", cpu, s->num_cpu);
    }
    s->cpu[cpu].affinity = (mpidr & 0xffffff) | ((mpidr >> 32) & 0xff) << 24;
    for (int irq = GICV3_INTERNAL; irq < (int)s->num_irq; irq++) {
        gicv3_route_spi(s, irq);
    }
    gicv3_update(s);
}

/* ---- Interrupt inputs ------------------------------------------------------------ */

static void gicv3_set_irq(void *opaque, int n, int level)
{
    GICv3State *s = ARM_GICV3(opaque);
    int num_spi = s->num_irq - GICV3_INTERNAL;
    int cpu = 0, irq;
    GICv3Irq *st;

    if (n < num_spi) {
        irq = n + GICV3_INTERNAL;
    } else {
        cpu = (n - num_spi) / GICV3_INTERNAL;
        irq = (n - num_spi) % GICV3_INTERNAL;
        if (irq < GICV3_NR_SGIS) {
            return;     /* SGIs are raised by software only */
        }
    }
    st = gicv3_irq(s, cpu, irq);
    level = level != 0;
    if (st->level == level) {
        return;
    }
    st->level = level;
    if (level && st->edge) {
        st->pending = true;
    }
    gicv3_update(s);
}

/* ---- Registers shared by the distributor and the SGI_base frame ------------------- */

/*
 * The interrupt-indexed registers (IGROUPR to ICFGR) hold the same layout in the
 * distributor (SPIs) and in each SGI_base frame (SGIs and PPIs).  cpu is the
 * redistributor's CPU, or -1 for the distributor; interrupts the frame does not
 * hold read as zero and ignore writes.  *ok is cleared for reserved offsets.
 */
static GICv3Irq *gicv3_frame_irq(GICv3State *s, int cpu, int irq)
{
    if (cpu >= 0) {
        return irq < GICV3_INTERNAL ? &s->cpu[cpu].irq[irq] : NULL;
    }
    if (irq < GICV3_INTERNAL || irq >= (int)s->num_irq) {
        return NULL;
    }
    return &s->spi[irq - GICV3_INTERNAL];
}

static bool gicv3_bitmap_bit(GICv3Irq *st, hwaddr base)
{
    switch (base) {
    case GICD_IGROUPR:
        return st->group1;
    case GICD_ISENABLER:
    case GICD_ICENABLER:
        return st->enabled;
    case GICD_ISPENDR:
    case GICD_ICPENDR:
        return gicv3_irq_pending(st);
    default:
        return st->active;
    }
}

static void gicv3_bitmap_write(GICv3Irq *st, hwaddr base, bool bit)
{
    switch (base) {
    case GICD_IGROUPR:
        st->group1 = bit;
        break;
    case GICD_ISENABLER:
        st->enabled |= bit;
        break;
    case GICD_ICENABLER:
        st->enabled &= !bit;
        break;
    case GICD_ISPENDR:
        st->pending |= bit;
        break;
    case GICD_ICPENDR:
        st->pending &= !bit;
        break;
    case GICD_ISACTIVER:
        st->active |= bit;
        break;
    case GICD_ICACTIVER:
        st->active &= !bit;
        break;
    }
}

static uint8_t gicv3_irqregs_readb(GICv3State *s, int cpu, hwaddr offset, bool *ok)
{
    GICv3Irq *st;
    uint8_t value = 0;
    int irq;

    if (offset >= GICD_IGROUPR && offset < GICD_IPRIORITYR) {
        hwaddr base = offset & ~0x7f;

        irq = (offset - base) * 8;
        for (int i = 0; i < 8; i++) {
            st = gicv3_frame_irq(s, cpu, irq + i);
            if (st) {
                value |= gicv3_bitmap_bit(st, base) << i;
            }
        }
        return value;
    }
    if (offset >= GICD_IPRIORITYR && offset < GICD_IPRIORITYR + GICV3_MAXIRQ) {
        st = gicv3_frame_irq(s, cpu, offset - GICD_IPRIORITYR);
        return st ? st->priority : 0;
    }
    if (offset >= GICD_ITARGETSR && offset < GICD_ICFGR) {
        return 0;       /* affinity routing: GICD_IROUTER instead */
    }
    if (offset >= GICD_ICFGR && offset < GICD_IGRPMODR) {
        irq = (offset - GICD_ICFGR) * 4;
        for (int i = 0; i < 4; i++) {
            st = gicv3_frame_irq(s, cpu, irq + i);
            if (st) {
                value |= (irq + i < GICV3_NR_SGIS || st->edge) << (2 * i + 1);
            }
        }
        return value;
    }
    if (offset >= GICD_IGRPMODR && offset < GICD_SGIR + 0x30) {
        return 0;       /* IGRPMODR, NSACR: one security state; SGIR & co: ARE */
    }
    *ok = false;
    return 0;
}

static void gicv3_irqregs_writeb(GICv3State *s, int cpu, hwaddr offset, uint8_t value,
                                 bool *ok)
{
    GICv3Irq *st;
    int irq;

    if (offset >= GICD_IGROUPR && offset < GICD_IPRIORITYR) {
        hwaddr base = offset & ~0x7f;

        irq = (offset - base) * 8;
        for (int i = 0; i < 8; i++) {
            st = gicv3_frame_irq(s, cpu, irq + i);
            if (st) {
                gicv3_bitmap_write(st, base, (value >> i) & 1);
            }
        }
        return;
    }
    if (offset >= GICD_IPRIORITYR && offset < GICD_IPRIORITYR + GICV3_MAXIRQ) {
        st = gicv3_frame_irq(s, cpu, offset - GICD_IPRIORITYR);
        if (st) {
            st->priority = value & s->prio_mask;
        }
        return;
    }
    if (offset >= GICD_ICFGR && offset < GICD_IGRPMODR) {
        irq = (offset - GICD_ICFGR) * 4;
        for (int i = 0; i < 4; i++) {
            st = gicv3_frame_irq(s, cpu, irq + i);
            if (st && irq + i >= GICV3_NR_SGIS) {
                st->edge = (value >> (2 * i + 1)) & 1;
            }
        }
        return;
    }
    if (offset >= GICD_ITARGETSR && offset < GICD_SGIR + 0x30) {
        return;         /* as gicv3_irqregs_readb: RAZ/WI */
    }
    *ok = false;
}

/* ---- Distributor ----------------------------------------------------------------- */

static uint32_t gicv3_gicd_typer(GICv3State *s)
{
    return ((s->num_irq + 31) / 32 - 1) | GICD_TYPER_IDBITS_16 | GICD_TYPER_A3V |
           GICD_TYPER_NO1N;
}

static uint8_t gicv3_dist_readb(GICv3State *s, hwaddr offset, bool *ok)
{
    if (offset < 0x0014) {
        uint32_t word = 0;

        switch (offset & ~3) {
        case GICD_CTLR:
            word = s->gicd_ctlr | GICD_CTLR_ARE | GICD_CTLR_DS;
            break;
        case GICD_TYPER:
            word = gicv3_gicd_typer(s);
            break;
        case GICD_IIDR:
            word = ARM_IIDR;
            break;
        }
        return word >> (8 * (offset & 3));
    }
    if (offset >= GICD_SETSPI_NSR && offset < GICD_SETSPI_NSR + 0x20) {
        return 0;       /* no message-based SPIs */
    }
    if (offset >= GICD_IROUTER && offset < GICD_IROUTER + 8 * GICV3_MAXIRQ) {
        int irq = (offset - GICD_IROUTER) / 8;
        if (irq < GICV3_INTERNAL || irq >= (int)s->num_irq) {
            return 0;
        }
        return s->irouter[irq - GICV3_INTERNAL] >> (8 * (offset & 7));
    }
    if (offset >= GICD_ID_BASE && offset < 0x10000) {
        return gicv3_idreg(offset, 0x92);
    }
    if (offset >= GICD_IGROUPR && offset < 0x1000) {
        return gicv3_irqregs_readb(s, -1, offset, ok);
    }
    *ok = false;
    return 0;
}

static void gicv3_dist_writeb(GICv3State *s, hwaddr offset, uint8_t value, bool *ok)
{
    if (offset < 0x0014) {
        if (offset == GICD_CTLR) {
            s->gicd_ctlr = value & (GICD_CTLR_EN_GRP0 | GICD_CTLR_EN_GRP1);
        }
        return;
    }
    if (offset >= GICD_SETSPI_NSR && offset < GICD_SETSPI_NSR + 0x20) {
        return;
    }
    if (offset >= GICD_IROUTER && offset < GICD_IROUTER + 8 * GICV3_MAXIRQ) {
        int irq = (offset - GICD_IROUTER) / 8;
        unsigned shift = 8 * (offset & 7);
        uint64_t *r;

        if (irq < GICV3_INTERNAL || irq >= (int)s->num_irq) {
            return;
        }
        r = &s->irouter[irq - GICV3_INTERNAL];
        *r = ((*r & ~(0xffull << shift)) | ((uint64_t)value << shift)) & IROUTER_MASK;
        gicv3_route_spi(s, irq);
        return;
    }
    if (offset >= GICD_ID_BASE && offset < 0x10000) {
        return;
    }
    if (offset >= GICD_IGROUPR && offset < 0x1000) {
        gicv3_irqregs_writeb(s, -1, offset, value, ok);
        return;
    }
    *ok = false;
}

static MemTxResult gicv3_dist_read(void *opaque, hwaddr offset, uint64_t *data,
                                   unsigned size, MemTxAttrs attrs)
{
    GICv3State *s = opaque;
    uint64_t value = 0;
    bool ok = true;

    for (unsigned i = 0; i < size; i++) {
        value |= (uint64_t)gicv3_dist_readb(s, offset + i, &ok) << (8 * i);
    }
    if (!ok) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3: read of reserved distributor offset "
                      "0x%x\n", (unsigned)offset);
    }
    *data = value;
    return MEMTX_OK;
}

static MemTxResult gicv3_dist_write(void *opaque, hwaddr offset, uint64_t data,
                                    unsigned size, MemTxAttrs attrs)
{
    GICv3State *s = opaque;
    bool ok = true;

    for (unsigned i = 0; i < size; i++) {
        gicv3_dist_writeb(s, offset + i, data >> (8 * i), &ok);
    }
    if (!ok) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3: write to reserved distributor offset "
                      "0x%x\n", (unsigned)offset);
    }
    gicv3_update(s);
    return MEMTX_OK;
}

/* 64-bit accesses are for GICD_IROUTER and GICR_TYPER; all registers decompose
 * into bytes, so every size is served byte by byte. */
static const MemoryRegionOps gicv3_dist_ops = {
    .read_with_attrs = gicv3_dist_read,
    .write_with_attrs = gicv3_dist_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

/* ---- Redistributors --------------------------------------------------------------- */

static uint64_t gicv3_gicr_typer(GICv3State *s, int cpu)
{
    return (uint64_t)s->cpu[cpu].affinity << 32 | GICR_TYPER_COMMON_LPI_AFF |
           (uint64_t)cpu << 8 | (s->cpu[cpu].last ? GICR_TYPER_LAST : 0);
}

static uint8_t gicv3_redist_readb(GICv3State *s, int cpu, hwaddr offset, bool *ok)
{
    uint64_t reg = 0;

    if (offset >= GICR_SGI_BASE) {
        return gicv3_irqregs_readb(s, cpu, offset - GICR_SGI_BASE, ok);
    }
    if (offset >= GICD_ID_BASE && offset < 0x10000) {
        return gicv3_idreg(offset, 0x93);
    }
    switch (offset & ~7) {
    case GICR_CTLR:             /* with GICR_IIDR */
        reg = (uint64_t)ARM_IIDR << 32;
        break;
    case GICR_TYPER:
        reg = gicv3_gicr_typer(s, cpu);
        break;
    case GICR_STATUSR:          /* with GICR_WAKER */
        if (s->cpu[cpu].waker & GICR_WAKER_PROCESSOR_SLEEP) {
            reg = (uint64_t)(GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP) << 32;
        }
        break;
    case GICR_PROPBASER:
    case GICR_PENDBASER:
        break;                  /* no LPIs */
    default:
        *ok = false;
        break;
    }
    return reg >> (8 * (offset & 7));
}

static void gicv3_redist_writeb(GICv3State *s, int cpu, hwaddr offset, uint8_t value,
                                bool *ok)
{
    if (offset >= GICR_SGI_BASE) {
        gicv3_irqregs_writeb(s, cpu, offset - GICR_SGI_BASE, value, ok);
        return;
    }
    if (offset == GICR_WAKER) {
        /* Waking is immediate: ChildrenAsleep follows ProcessorSleep. */
        s->cpu[cpu].waker = value & GICR_WAKER_PROCESSOR_SLEEP;
        return;
    }
    if (offset < GICR_WAKER + 4 || (offset >= GICR_PROPBASER && offset < GICR_PENDBASER + 8) ||
        (offset >= GICD_ID_BASE && offset < 0x10000)) {
        return;                 /* read-only, or no LPIs */
    }
    *ok = false;
}

/* The CPU whose frames hold offset in region r, or -1 (*frame_offset set). */
static int gicv3_redist_cpu(GICv3State *s, int r, hwaddr offset, hwaddr *frame_offset)
{
    uint64_t n = offset / GICV3_REDIST_SIZE;
    uint64_t cpu = s->redist_first[r] + n;

    *frame_offset = offset % GICV3_REDIST_SIZE;
    if (n >= s->redist_region_count[r] || cpu >= s->num_cpu) {
        return -1;
    }
    return cpu;
}

static MemTxResult gicv3_redist_read(void *opaque, hwaddr offset, uint64_t *data,
                                     unsigned size, MemTxAttrs attrs)
{
    GICv3RedistRegion *region = opaque;
    GICv3State *s = region->gic;
    hwaddr frame_offset;
    int cpu = gicv3_redist_cpu(s, region->index, offset, &frame_offset);
    uint64_t value = 0;
    bool ok = true;

    /* No redistributor here: RAZ/WI, so Linux sees PIDR2 without a GIC and stops. */
    for (unsigned i = 0; i < size && cpu >= 0; i++) {
        value |= (uint64_t)gicv3_redist_readb(s, cpu, frame_offset + i, &ok) << (8 * i);
    }
    if (!ok) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3: read of reserved redistributor offset "
                      "0x%x\n", (unsigned)frame_offset);
    }
    *data = value;
    return MEMTX_OK;
}

static MemTxResult gicv3_redist_write(void *opaque, hwaddr offset, uint64_t data,
                                      unsigned size, MemTxAttrs attrs)
{
    GICv3RedistRegion *region = opaque;
    GICv3State *s = region->gic;
    hwaddr frame_offset;
    int cpu = gicv3_redist_cpu(s, region->index, offset, &frame_offset);
    bool ok = true;

    if (cpu < 0) {
        return MEMTX_OK;
    }
    for (unsigned i = 0; i < size; i++) {
        gicv3_redist_writeb(s, cpu, frame_offset + i, data >> (8 * i), &ok);
    }
    if (!ok) {
        qemu_log_mask(LOG_GUEST_ERROR, "arm-gicv3: write to reserved redistributor offset "
                      "0x%x\n", (unsigned)frame_offset);
    }
    gicv3_update(s);
    return MEMTX_OK;
}

static const MemoryRegionOps gicv3_redist_ops = {
    .read_with_attrs = gicv3_redist_read,
    .write_with_attrs = gicv3_redist_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

/* ---- Migration: QEMU's "arm_gicv3" section ---------------------------------------- */

/* Index of Group 1 (Non-secure) in QEMU's per-group CPU interface arrays. */
#define WIRE_G1NS 2

static void wire_set(uint32_t *bitmap, int irq, bool value)
{
    bitmap[irq / 32] |= (uint32_t)value << (irq % 32);
}

static bool wire_test(const uint32_t *bitmap, int irq)
{
    return (bitmap[irq / 32] >> (irq % 32)) & 1;
}

static int gicv3_pre_save(void *opaque)
{
    GICv3State *s = opaque;
    GICv3Wire *w = &s->wire;
    GICv3WireCPU *cpus = w->cpu;

    memset(w, 0, sizeof(*w));
    w->cpu = cpus;
    w->num_cpu = s->num_cpu;
    w->gicd_no_migration_shift_bug = true;
    w->gicd_ctlr = s->gicd_ctlr | GICD_CTLR_ARE | GICD_CTLR_DS;
    for (int irq = GICV3_INTERNAL; irq < (int)s->num_irq; irq++) {
        GICv3Irq *st = &s->spi[irq - GICV3_INTERNAL];

        wire_set(w->group, irq, st->group1);
        wire_set(w->enabled, irq, st->enabled);
        wire_set(w->pending, irq, st->pending);
        wire_set(w->active, irq, st->active);
        wire_set(w->level, irq, st->level);
        wire_set(w->edge_trigger, irq, st->edge);
        w->gicd_ipriority[irq] = st->priority;
        w->gicd_irouter[irq] = s->irouter[irq - GICV3_INTERNAL];
    }
    for (int cpu = 0; cpu < (int)s->num_cpu; cpu++) {
        GICv3CPUState *cs = &s->cpu[cpu];
        GICv3WireCPU *wc = &w->cpu[cpu];

        *wc = (GICv3WireCPU) { .icc_sre_el1 = 0x7 };
        for (int irq = 0; irq < GICV3_INTERNAL; irq++) {
            GICv3Irq *st = &cs->irq[irq];

            wire_set(&wc->gicr_igroupr0, irq, st->group1);
            wire_set(&wc->gicr_ienabler0, irq, st->enabled);
            wire_set(&wc->gicr_ipendr0, irq, st->pending);
            wire_set(&wc->gicr_iactiver0, irq, st->active);
            wire_set(&wc->level, irq, st->level);
            wire_set(&wc->edge_trigger, irq, st->edge);
            wc->gicr_ipriorityr[irq] = st->priority;
        }
        if (cs->waker & GICR_WAKER_PROCESSOR_SLEEP) {
            wc->gicr_waker = GICR_WAKER_PROCESSOR_SLEEP | GICR_WAKER_CHILDREN_ASLEEP;
        }
        wc->icc_ctlr_el1[0] = wc->icc_ctlr_el1[1] = gicv3_icc_ctlr_value(s, cs);
        wc->icc_pmr_el1 = cs->icc_pmr;
        wc->icc_bpr[0] = cs->icc_bpr[0];
        wc->icc_bpr[1] = wc->icc_bpr[WIRE_G1NS] = cs->icc_bpr[1];
        for (int n = 0; n < 4; n++) {
            wc->icc_apr[n] = cs->icc_apr[0][n];
            wc->icc_apr[WIRE_G1NS * 4 + n] = cs->icc_apr[1][n];
        }
        wc->icc_igrpen[0] = cs->icc_igrpen[0];
        wc->icc_igrpen[WIRE_G1NS] = cs->icc_igrpen[1];
    }
    return 0;
}

static int gicv3_pre_load(void *opaque)
{
    GICv3State *s = opaque;

    /* Streams without the subsection come from a QEMU without the KVM bug. */
    s->wire.gicd_no_migration_shift_bug = true;
    return 0;
}

/* The stream is untrusted: every value is masked to what this GIC implements. */
static int gicv3_post_load(void *opaque, int version_id)
{
    GICv3State *s = opaque;
    GICv3Wire *w = &s->wire;

    if (!w->gicd_no_migration_shift_bug) {
        /* Very old KVM sources put INTID 32 at bit 64: move everything down. */
        uint32_t *maps[] = { w->group, w->enabled, w->pending, w->active, w->level,
                             w->edge_trigger };
        for (size_t i = 0; i < ARRAY_SIZE(maps); i++) {
            memmove(maps[i] + 1, maps[i] + 2, (GICV3_BMP_SIZE - 2) * sizeof(uint32_t));
            maps[i][GICV3_BMP_SIZE - 1] = 0;
        }
    }
    s->gicd_ctlr = w->gicd_ctlr & (GICD_CTLR_EN_GRP0 | GICD_CTLR_EN_GRP1);
    for (int irq = GICV3_INTERNAL; irq < (int)s->num_irq; irq++) {
        GICv3Irq *st = &s->spi[irq - GICV3_INTERNAL];

        st->group1 = wire_test(w->group, irq);
        st->enabled = wire_test(w->enabled, irq);
        st->pending = wire_test(w->pending, irq);
        st->active = wire_test(w->active, irq);
        st->level = wire_test(w->level, irq);
        st->edge = wire_test(w->edge_trigger, irq);
        st->priority = w->gicd_ipriority[irq] & s->prio_mask;
        s->irouter[irq - GICV3_INTERNAL] = w->gicd_irouter[irq] & IROUTER_MASK;
        gicv3_route_spi(s, irq);
    }
    for (int cpu = 0; cpu < (int)s->num_cpu; cpu++) {
        GICv3CPUState *cs = &s->cpu[cpu];
        GICv3WireCPU *wc = &w->cpu[cpu];

        for (int irq = 0; irq < GICV3_INTERNAL; irq++) {
            GICv3Irq *st = &cs->irq[irq];

            st->group1 = wire_test(&wc->gicr_igroupr0, irq);
            st->enabled = wire_test(&wc->gicr_ienabler0, irq);
            st->pending = wire_test(&wc->gicr_ipendr0, irq);
            st->active = wire_test(&wc->gicr_iactiver0, irq);
            st->level = wire_test(&wc->level, irq);
            st->edge = irq < GICV3_NR_SGIS || wire_test(&wc->edge_trigger, irq);
            st->priority = wc->gicr_ipriorityr[irq] & s->prio_mask;
        }
        cs->waker = wc->gicr_waker & GICR_WAKER_PROCESSOR_SLEEP;
        cs->icc_ctlr = wc->icc_ctlr_el1[1] & (ICC_CTLR_CBPR | ICC_CTLR_EOIMODE);
        cs->icc_pmr = wc->icc_pmr_el1 & s->prio_mask;
        cs->icc_bpr[0] = MAX(wc->icc_bpr[0] & 7, s->min_bpr);
        cs->icc_bpr[1] = MAX(wc->icc_bpr[WIRE_G1NS] & 7, s->min_bpr + 1u);
        for (int n = 0; n < 4; n++) {
            bool implemented = n < gicv3_num_aprs(s);
            cs->icc_apr[0][n] = implemented ? (uint32_t)wc->icc_apr[n] : 0;
            cs->icc_apr[1][n] = implemented ? (uint32_t)wc->icc_apr[WIRE_G1NS * 4 + n] : 0;
        }
        cs->icc_igrpen[0] = wc->icc_igrpen[0] & 1;
        cs->icc_igrpen[1] = wc->icc_igrpen[WIRE_G1NS] & 1;
    }
    gicv3_update(s);
    return 0;
}

static bool gicv3_sre_el1_needed(void *opaque)
{
    return ((GICv3WireCPU *)opaque)->icc_sre_el1 != 0x7;
}

/* Never sent by us (SRE is RAO/WI); accepted from a source that sends it. */
static const VMStateDescription vmstate_gicv3_cpu_sre_el1 = {
    .name = "arm_gicv3_cpu/sre_el1",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = gicv3_sre_el1_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT64(icc_sre_el1, GICv3WireCPU),
        VMSTATE_END_OF_LIST()
    }
};

static const VMStateDescription vmstate_gicv3_cpu = {
    .name = "arm_gicv3_cpu",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(level, GICv3WireCPU),
        VMSTATE_UINT32(gicr_ctlr, GICv3WireCPU),
        VMSTATE_UINT32_ARRAY(gicr_statusr, GICv3WireCPU, 2),
        VMSTATE_UINT32(gicr_waker, GICv3WireCPU),
        VMSTATE_UINT64(gicr_propbaser, GICv3WireCPU),
        VMSTATE_UINT64(gicr_pendbaser, GICv3WireCPU),
        VMSTATE_UINT32(gicr_igroupr0, GICv3WireCPU),
        VMSTATE_UINT32(gicr_ienabler0, GICv3WireCPU),
        VMSTATE_UINT32(gicr_ipendr0, GICv3WireCPU),
        VMSTATE_UINT32(gicr_iactiver0, GICv3WireCPU),
        VMSTATE_UINT32(edge_trigger, GICv3WireCPU),
        VMSTATE_UINT32(gicr_igrpmodr0, GICv3WireCPU),
        VMSTATE_UINT32(gicr_nsacr, GICv3WireCPU),
        VMSTATE_UINT8_ARRAY(gicr_ipriorityr, GICv3WireCPU, GICV3_INTERNAL),
        VMSTATE_UINT64_ARRAY(icc_ctlr_el1, GICv3WireCPU, 2),
        VMSTATE_UINT64(icc_pmr_el1, GICv3WireCPU),
        VMSTATE_UINT64_ARRAY(icc_bpr, GICv3WireCPU, 3),
        VMSTATE_UINT64_ARRAY(icc_apr, GICv3WireCPU, 3 * 4),
        VMSTATE_UINT64_ARRAY(icc_igrpen, GICv3WireCPU, 3),
        VMSTATE_UINT64(icc_ctlr_el3, GICv3WireCPU),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription *const[]) {
        &vmstate_gicv3_cpu_sre_el1,
        NULL
    }
};

static const VMStateDescription vmstate_gicv3_wire = {
    .name = "arm_gicv3_wire",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(gicd_ctlr, GICv3Wire),
        VMSTATE_UINT32_ARRAY(gicd_statusr, GICv3Wire, 2),
        VMSTATE_UINT32_ARRAY(group, GICv3Wire, GICV3_BMP_SIZE),
        VMSTATE_UINT32_ARRAY(grpmod, GICv3Wire, GICV3_BMP_SIZE),
        VMSTATE_UINT32_ARRAY(enabled, GICv3Wire, GICV3_BMP_SIZE),
        VMSTATE_UINT32_ARRAY(pending, GICv3Wire, GICV3_BMP_SIZE),
        VMSTATE_UINT32_ARRAY(active, GICv3Wire, GICV3_BMP_SIZE),
        VMSTATE_UINT32_ARRAY(level, GICv3Wire, GICV3_BMP_SIZE),
        VMSTATE_UINT32_ARRAY(edge_trigger, GICv3Wire, GICV3_BMP_SIZE),
        VMSTATE_UINT8_ARRAY(gicd_ipriority, GICv3Wire, GICV3_MAXIRQ),
        VMSTATE_UINT64_ARRAY(gicd_irouter, GICv3Wire, GICV3_MAXIRQ),
        VMSTATE_UINT32_ARRAY(gicd_nsacr, GICv3Wire, (GICV3_MAXIRQ + 15) / 16),
        VMSTATE_STRUCT_VARRAY_POINTER_UINT32(cpu, GICv3Wire, num_cpu, vmstate_gicv3_cpu,
                                             GICv3WireCPU),
        VMSTATE_END_OF_LIST()
    }
};

static bool gicv3_needed_always(void *opaque)
{
    return true;
}

static const VMStateDescription vmstate_gicv3_no_shift_bug = {
    .name = "arm_gicv3/gicd_no_migration_shift_bug",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = gicv3_needed_always,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(wire.gicd_no_migration_shift_bug, GICv3State),
        VMSTATE_END_OF_LIST()
    }
};

/* The wire image is one inline structure: the stream carries its fields only. */
static const VMStateDescription vmstate_gicv3 = {
    .name = "arm_gicv3",
    .version_id = 1,
    .minimum_version_id = 1,
    .priority = MIG_PRI_GICV3,
    .pre_save = gicv3_pre_save,
    .pre_load = gicv3_pre_load,
    .post_load = gicv3_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_STRUCT(wire, GICv3State, 0, vmstate_gicv3_wire, GICv3Wire),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription *const[]) {
        &vmstate_gicv3_no_shift_bug,
        NULL
    }
};

/* ---- Device ----------------------------------------------------------------------- */

static void gicv3_reset(DeviceState *dev)
{
    GICv3State *s = ARM_GICV3(dev);

    if (!s->cpu) {
        return;         /* not realized */
    }
    s->gicd_ctlr = 0;
    /* Input line levels are wires from other devices: they survive a reset. */
    for (int i = 0; i < GICV3_MAXIRQ - GICV3_INTERNAL; i++) {
        s->spi[i] = (GICv3Irq) { .level = s->spi[i].level };
        s->irouter[i] = 0;
    }
    for (int cpu = 0; cpu < (int)s->num_cpu; cpu++) {
        GICv3CPUState *cs = &s->cpu[cpu];

        for (int irq = 0; irq < GICV3_INTERNAL; irq++) {
            cs->irq[irq] = (GICv3Irq) { .level = cs->irq[irq].level,
                                        .edge = irq < GICV3_NR_SGIS };
        }
        cs->waker = GICR_WAKER_PROCESSOR_SLEEP;
        gicv3_cpuif_reset(s, cpu);
    }
    for (int irq = GICV3_INTERNAL; irq < (int)s->num_irq; irq++) {
        gicv3_route_spi(s, irq);
    }
    gicv3_update(s);
}

static bool gicv3_check_props(GICv3State *s, Error **errp)
{
    uint32_t capacity = 0;

    if (s->num_cpu < 1 || s->num_cpu > GICV3_MAX_CPUS) {
        error_setg(errp, "arm-gicv3: num-cpu %u is out of range (1 to %d)", s->num_cpu,
                   GICV3_MAX_CPUS);
        return false;
    }
    if (s->num_irq < GICV3_INTERNAL || s->num_irq > GICV3_MAXIRQ) {
        error_setg(errp, "arm-gicv3: num-irq %u is out of range (%d to %d, including the "
                   "32 SGIs and PPIs)", s->num_irq, GICV3_INTERNAL, GICV3_MAXIRQ);
        return false;
    }
    if (s->revision != 3) {
        error_setg(errp, "arm-gicv3: revision %u is not supported (3)", s->revision);
        return false;
    }
    if (s->num_prio_bits < 5 || s->num_prio_bits > 8) {
        error_setg(errp, "arm-gicv3: num-priority-bits %u is out of range (5 to 8)",
                   s->num_prio_bits);
        return false;
    }
    if (s->security_extn) {
        error_setg(errp, "arm-gicv3: has-security-extensions=on is not supported: this GIC "
                   "has a single security state");
        return false;
    }
    if (s->lpi_enable) {
        error_setg(errp, "arm-gicv3: has-lpi=on is not supported: no LPIs or ITS");
        return false;
    }
    if (s->num_redist_regions > GICV3_MAX_REDIST_REGIONS) {
        error_setg(errp, "arm-gicv3: len-redist-region-count %u is out of range (0 to %d)",
                   s->num_redist_regions, GICV3_MAX_REDIST_REGIONS);
        return false;
    }
    if (s->num_redist_regions == 0) {
        s->num_redist_regions = 1;
        s->redist_region_count[0] = s->num_cpu;
    }
    for (unsigned r = 0; r < s->num_redist_regions; r++) {
        if (s->redist_region_count[r] == 0) {
            error_setg(errp, "arm-gicv3: redist-region-count[%u] must be at least 1", r);
            return false;
        }
        capacity += s->redist_region_count[r];
    }
    if (capacity < s->num_cpu) {
        error_setg(errp, "arm-gicv3: the redistributor regions hold %u CPUs, fewer than "
                   "num-cpu %u", capacity, s->num_cpu);
        return false;
    }
    return true;
}

static void gicv3_realize(DeviceState *dev, Error **errp)
{
    GICv3State *s = ARM_GICV3(dev);
    SysBusDevice *sbd = SYS_BUS_DEVICE(dev);
    unsigned n = s->num_cpu;
    uint32_t first = 0;

    if (!gicv3_check_props(s, errp)) {
        return;
    }
    s->prio_mask = 0xff << (8 - s->num_prio_bits);
    s->min_bpr = 7 - MIN(s->num_prio_bits, 7u);

    s->cpu = g_new0(GICv3CPUState, n);
    s->wire.cpu = g_new0(GICv3WireCPU, n);
    s->wire.num_cpu = n;
    for (unsigned cpu = 0; cpu < n; cpu++) {
        s->cpu[cpu].affinity = (cpu / 16) << 8 | (cpu % 16);
    }
    for (unsigned r = 0; r < s->num_redist_regions; r++) {
        uint32_t end = MIN(first + s->redist_region_count[r], n);

        s->redist_first[r] = first;
        if (first < n) {
            s->cpu[end - 1].last = true;
        }
        first = end;
    }

    qdev_init_gpio_in(dev, gicv3_set_irq, s->num_irq - GICV3_INTERNAL + GICV3_INTERNAL * n);
    s->parent_irq = g_new0(qemu_irq, n);
    s->parent_fiq = g_new0(qemu_irq, n);
    s->parent_virq = g_new0(qemu_irq, n);
    s->parent_vfiq = g_new0(qemu_irq, n);
    for (unsigned i = 0; i < n; i++) {
        sysbus_init_irq(sbd, &s->parent_irq[i]);
    }
    for (unsigned i = 0; i < n; i++) {
        sysbus_init_irq(sbd, &s->parent_fiq[i]);
    }
    for (unsigned i = 0; i < n; i++) {
        sysbus_init_irq(sbd, &s->parent_virq[i]);
    }
    for (unsigned i = 0; i < n; i++) {
        sysbus_init_irq(sbd, &s->parent_vfiq[i]);
    }

    memory_region_init_io(&s->iomem_dist, OBJECT(s), &gicv3_dist_ops, s, "gicv3_dist",
                          0x10000);
    sysbus_init_mmio(sbd, &s->iomem_dist);
    for (unsigned r = 0; r < s->num_redist_regions; r++) {
        g_autofree char *name = g_strdup_printf("gicv3_redist_region[%u]", r);

        s->redist_ref[r] = (GICv3RedistRegion) { .gic = s, .index = r };
        memory_region_init_io(&s->iomem_redist[r], OBJECT(s), &gicv3_redist_ops,
                              &s->redist_ref[r], name,
                              (uint64_t)s->redist_region_count[r] * GICV3_REDIST_SIZE);
        sysbus_init_mmio(sbd, &s->iomem_redist[r]);
    }
    gicv3_reset(dev);
}

static void gicv3_finalize(Object *obj)
{
    GICv3State *s = ARM_GICV3(obj);

    memory_region_finalize(&s->iomem_dist);
    for (int r = 0; r < GICV3_MAX_REDIST_REGIONS; r++) {
        memory_region_finalize(&s->iomem_redist[r]);
    }
    g_free(s->cpu);
    g_free(s->wire.cpu);
    g_free(s->parent_irq);
    g_free(s->parent_fiq);
    g_free(s->parent_virq);
    g_free(s->parent_vfiq);
}

static Property gicv3_properties[] = {
    DEFINE_PROP_UINT32("num-cpu", GICv3State, num_cpu, 1),
    DEFINE_PROP_UINT32("num-irq", GICv3State, num_irq, 32),
    DEFINE_PROP_UINT32("revision", GICv3State, revision, 3),
    DEFINE_PROP_BOOL("has-security-extensions", GICv3State, security_extn, false),
    DEFINE_PROP_BOOL("has-lpi", GICv3State, lpi_enable, false),
    DEFINE_PROP_UINT32("len-redist-region-count", GICv3State, num_redist_regions, 0),
    DEFINE_PROP_UINT32("redist-region-count[0]", GICv3State, redist_region_count[0], 0),
    DEFINE_PROP_UINT32("redist-region-count[1]", GICv3State, redist_region_count[1], 0),
    DEFINE_PROP_UINT32("num-priority-bits", GICv3State, num_prio_bits, 5),
    DEFINE_PROP_END_OF_LIST(),
};

static void gicv3_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = gicv3_realize;
    dc->reset = gicv3_reset;
    dc->vmsd = &vmstate_gicv3;
    dc->desc = "Arm Generic Interrupt Controller v3";
    device_class_set_category(dc, DEVICE_CATEGORY_MISC);
    device_class_set_props(dc, gicv3_properties);
}

static const TypeInfo gicv3_info = {
    .name = TYPE_ARM_GICV3,
    .parent = TYPE_SYS_BUS_DEVICE,
    .instance_size = sizeof(GICv3State),
    .instance_finalize = gicv3_finalize,
    .class_init = gicv3_class_init,
};

static void gicv3_register_types(void)
{
    type_register_static(&gicv3_info);
}

type_init(gicv3_register_types)
