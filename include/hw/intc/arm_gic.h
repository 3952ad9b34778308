/*
 * Arm Generic Interrupt Controller, architecture versions 1 and 2 (IHI 0048B):
 * the memory-mapped distributor and CPU interface, for one to eight CPUs, with a
 * single security state (no Security or Virtualization Extensions).
 *
 * Board contract ("arm_gic", QEMU's type name and properties):
 *   properties  num-cpu (1..8), num-irq (32..1020, counting the 32 SGIs and PPIs;
 *               need not be a multiple of 32), revision (1 or 2), num-priority-bits
 *               (4..8, default 8), has-security-extensions and
 *               has-virtualization-extensions (only false is accepted).
 *   GPIO inputs 0 .. num-irq-33 drive SPIs (INTID 32 + n); then for each CPU c,
 *               inputs (num-irq - 32) + 32 * c + p drive INTID p of CPU c: PPIs are
 *               p = 16..31 (timers: 27 virtual, 30 EL1 physical, 26 hyp, 29 secure).
 *               Inputs for p < 16 (SGIs) are ignored.
 *   sysbus IRQs 0 .. num-cpu-1: IRQ of each CPU; then num-cpu FIQ lines; then
 *               num-cpu virtual IRQ and num-cpu virtual FIQ lines (always low,
 *               present so boards can wire them as for QEMU's GIC).
 *   MMIO        region 0: distributor, 4 KiB; region 1: CPU interface, 8 KiB for
 *               revision 2 (GICC_DIR at 0x1000), 256 bytes for revision 1.
 *
 * Migration: QEMU's "arm_gic" section, version 12 (GICWire below).
 *
 * The CPU interface and the banked distributor registers answer for the CPU that
 * makes the access: CPUs must issue their accesses with MemTxAttrs.requester_id =
 * cpu_index (and unspecified = 0).  Accesses with unspecified attributes (monitor,
 * debugger) act as CPU 0.
 */
#ifndef HW_INTC_ARM_GIC_H
#define HW_INTC_ARM_GIC_H

#include "hw/sysbus.h"

#define TYPE_ARM_GIC "arm_gic"
OBJECT_DECLARE_SIMPLE_TYPE(GICState, ARM_GIC)

#define GIC_NCPU 8
#define GIC_MAXIRQ 1020         /* INTIDs 1020..1023 are special */
#define GIC_INTERNAL 32         /* SGIs and PPIs, banked per CPU */
#define GIC_NR_SGIS 16
#define GIC_NR_APRS 4           /* GICC_APRn words for 128 preemption levels */
#define GIC_SPURIOUS 1023

/* One interrupt as one CPU interface sees it (a CPU's own copy for INTIDs < 32). */
typedef struct GICIrq {
    bool enabled;
    bool pending;               /* latched: an edge, or GICD_ISPENDR */
    bool active;
    bool level;                 /* the input line */
    bool edge;                  /* edge-triggered (GICD_ICFGR) */
    bool group1;                /* GICD_IGROUPR */
    uint8_t priority;
    uint8_t active_cpu;         /* SPIs: the CPU that acknowledged it */
} GICIrq;

typedef struct GICCPUIf {
    uint32_t ctlr;              /* GICC_CTLR */
    uint8_t pmr;
    uint8_t bpr;
    uint8_t abpr;
    uint32_t apr[GIC_NR_APRS];  /* Group 0 active priorities, one bit per level */
    uint32_t nsapr[GIC_NR_APRS]; /* Group 1 active priorities */
} GICCPUIf;

/*
 * The state as QEMU's "arm_gic" migration section (version 12) lays it out:
 * CPU masks per interrupt, [irq][cpu] and [n][cpu] arrays flattened row by row.
 * Filled from the live state before saving, turned back into it after loading.
 */
typedef struct GICWireIrq {
    uint8_t enabled;
    uint8_t pending;
    uint8_t active;
    uint8_t level;
    bool model;
    bool edge_trigger;
    uint8_t group;
} GICWireIrq;

typedef struct GICWire {
    uint32_t ctlr;
    uint32_t cpu_ctlr[GIC_NCPU];
    GICWireIrq irq_state[GIC_MAXIRQ];
    uint8_t irq_target[GIC_MAXIRQ];
    uint8_t priority1[GIC_INTERNAL * GIC_NCPU];
    uint8_t priority2[GIC_MAXIRQ - GIC_INTERNAL];
    uint8_t sgi_pending[GIC_NR_SGIS * GIC_NCPU];
    uint16_t priority_mask[GIC_NCPU];
    uint16_t running_priority[GIC_NCPU];
    uint16_t current_pending[GIC_NCPU];
    uint8_t bpr[GIC_NCPU];
    uint8_t abpr[GIC_NCPU];
    uint32_t apr[GIC_NR_APRS * GIC_NCPU];
    uint32_t nsapr[GIC_NR_APRS * GIC_NCPU];
} GICWire;

struct GICState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;         /* distributor */
    MemoryRegion cpuiomem;      /* CPU interface */
    qemu_irq parent_irq[GIC_NCPU];
    qemu_irq parent_fiq[GIC_NCPU];
    qemu_irq parent_virq[GIC_NCPU];
    qemu_irq parent_vfiq[GIC_NCPU];

    /* Properties */
    uint32_t num_cpu;
    uint32_t num_irq;
    uint32_t revision;
    uint32_t num_prio_bits;
    bool security_extn;
    bool virt_extn;

    /* Derived at realize */
    uint8_t prio_mask;          /* implemented priority bits */
    uint8_t min_bpr;            /* smallest Group 0 binary point */

    /* Distributor */
    uint32_t ctlr;
    GICIrq internal[GIC_NCPU][GIC_INTERNAL];
    GICIrq spi[GIC_MAXIRQ - GIC_INTERNAL];
    uint8_t spi_target[GIC_MAXIRQ - GIC_INTERNAL];
    /* Pending SGIs: [target CPU][SGI] = mask of source CPUs. */
    uint8_t sgi_source[GIC_NCPU][GIC_NR_SGIS];

    GICCPUIf cpu[GIC_NCPU];

    GICWire wire;               /* migration only */
};

#endif
