/*
 * Arm GICv3 (IHI 0069): distributor, one redistributor per CPU and the CPU
 * interface that CPUs reach through their ICC_* system registers.  One security
 * state (GICD_CTLR.DS reads 1), affinity routing always on (ARE reads 1), no LPIs
 * or ITS (GICD_TYPER.LPIS = 0), no virtualization (ICH_* registers).
 *
 * Board contract ("arm-gicv3", QEMU's type name and properties):
 *   properties  num-cpu (1..512), num-irq (32..1020, counting the 32 SGIs and PPIs;
 *               need not be a multiple of 32), revision (3), len-redist-region-count
 *               with redist-region-count[0] and [1] (redistributors per region; when
 *               len-redist-region-count is 0, one region holds all num-cpu),
 *               num-priority-bits (CPU interface priority bits, 5..8, default 5 as
 *               cortex-a57/a72), has-security-extensions and has-lpi (only false).
 *   GPIO inputs 0 .. num-irq-33 drive SPIs (INTID 32 + n); then for each CPU c,
 *               inputs (num-irq - 32) + 32 * c + p drive INTID p of CPU c (PPIs are
 *               p = 16..31: 27 virtual timer, 30 EL1 physical timer, 26 hyp, 29
 *               secure).  Inputs for p < 16 are ignored.
 *   sysbus IRQs 0 .. num-cpu-1: IRQ of each CPU, then num-cpu FIQ lines, then
 *               num-cpu virtual IRQ and num-cpu virtual FIQ lines (always low).
 *   MMIO        region 0: distributor, 64 KiB.  Region 1 + i: redistributor region
 *               i, 128 KiB (RD_base frame then SGI_base frame) per redistributor,
 *               CPUs assigned in order; GICR_TYPER.Last marks each region's last.
 *   Migration   QEMU's "arm_gicv3" section, version 1 (GICv3Wire below).
 *   Affinity    CPU c answers to MPIDR affinity Aff1 = c / 16, Aff0 = c % 16 (the
 *               virt board's layout) unless gicv3_set_cpu_affinity() says otherwise.
 */
#ifndef HW_INTC_ARM_GICV3_H
#define HW_INTC_ARM_GICV3_H

#include "hw/sysbus.h"

#define TYPE_ARM_GICV3 "arm-gicv3"
OBJECT_DECLARE_SIMPLE_TYPE(GICv3State, ARM_GICV3)

#define GICV3_MAXIRQ 1020
#define GICV3_INTERNAL 32
#define GICV3_NR_SGIS 16
#define GICV3_MAX_CPUS 512
#define GICV3_MAX_REDIST_REGIONS 2
#define GICV3_REDIST_SIZE 0x20000   /* per CPU: RD_base and SGI_base frames */
#define GICV3_SPURIOUS 1023

/*
 * The CPU interface registers, for the CPU's system register code.  Encodings
 * (op0, op1, CRn, CRm, op2) are those of the Arm ARM; gicv3_cpuif_reg_decode()
 * maps them.  RO: IAR*, HPPIR*, RPR; WO: EOIR*, DIR, SGI*R.
 */
typedef enum GICv3CPUIfReg {
    GICV3_ICC_PMR_EL1,          /* 3 0 C4 C6 0 */
    GICV3_ICC_IAR0_EL1,         /* 3 0 C12 C8 0 */
    GICV3_ICC_EOIR0_EL1,        /* 3 0 C12 C8 1 */
    GICV3_ICC_HPPIR0_EL1,       /* 3 0 C12 C8 2 */
    GICV3_ICC_BPR0_EL1,         /* 3 0 C12 C8 3 */
    GICV3_ICC_AP0R0_EL1,        /* 3 0 C12 C8 4..7 */
    GICV3_ICC_AP0R1_EL1,
    GICV3_ICC_AP0R2_EL1,
    GICV3_ICC_AP0R3_EL1,
    GICV3_ICC_AP1R0_EL1,        /* 3 0 C12 C9 0..3 */
    GICV3_ICC_AP1R1_EL1,
    GICV3_ICC_AP1R2_EL1,
    GICV3_ICC_AP1R3_EL1,
    GICV3_ICC_DIR_EL1,          /* 3 0 C12 C11 1 */
    GICV3_ICC_RPR_EL1,          /* 3 0 C12 C11 3 */
    GICV3_ICC_SGI1R_EL1,        /* 3 0 C12 C11 5 */
    GICV3_ICC_ASGI1R_EL1,       /* 3 0 C12 C11 6 */
    GICV3_ICC_SGI0R_EL1,        /* 3 0 C12 C11 7 */
    GICV3_ICC_IAR1_EL1,         /* 3 0 C12 C12 0 */
    GICV3_ICC_EOIR1_EL1,        /* 3 0 C12 C12 1 */
    GICV3_ICC_HPPIR1_EL1,       /* 3 0 C12 C12 2 */
    GICV3_ICC_BPR1_EL1,         /* 3 0 C12 C12 3 */
    GICV3_ICC_CTLR_EL1,         /* 3 0 C12 C12 4 */
    GICV3_ICC_SRE_EL1,          /* 3 0 C12 C12 5 */
    GICV3_ICC_IGRPEN0_EL1,      /* 3 0 C12 C12 6 */
    GICV3_ICC_IGRPEN1_EL1,      /* 3 0 C12 C12 7 */
    GICV3_CPUIF_NUM_REGS
} GICv3CPUIfReg;

/* One interrupt: a redistributor's own copy for INTIDs < 32, else the distributor's. */
typedef struct GICv3Irq {
    bool enabled;
    bool pending;               /* latched: an edge, an SGI, or GICD_ISPENDR */
    bool active;
    bool level;                 /* the input line */
    bool edge;                  /* edge-triggered (ICFGR) */
    bool group1;                /* IGROUPR */
    uint8_t priority;
} GICv3Irq;

/* One CPU: its redistributor and its CPU interface. */
typedef struct GICv3CPUState {
    GICv3Irq irq[GICV3_INTERNAL];
    uint32_t affinity;          /* Aff3.Aff2.Aff1.Aff0, as in GICR_TYPER[63:32] */
    bool last;                  /* last redistributor of its region */
    uint32_t waker;             /* GICR_WAKER.ProcessorSleep */

    uint32_t icc_ctlr;          /* CBPR and EOImode */
    uint8_t icc_pmr;
    uint8_t icc_bpr[2];         /* Group 0, Group 1 */
    uint32_t icc_apr[2][4];     /* active priorities of Group 0, Group 1 */
    bool icc_igrpen[2];

    /* Cache, recomputed after every change: the interrupt to signal next. */
    int hppi_irq;               /* GICV3_SPURIOUS when none */
    unsigned hppi_prio;
} GICv3CPUState;

/* What a redistributor region's MMIO callbacks get as opaque. */
typedef struct GICv3RedistRegion {
    GICv3State *gic;
    int index;
} GICv3RedistRegion;

/*
 * The state as QEMU's "arm_gicv3" migration section (version 1) lays it out:
 * distributor bitmaps indexed by INTID, Group 1 kept in the Non-secure slots
 * (index 1 of icc_ctlr_el1, index 2 of icc_bpr/icc_apr/icc_igrpen).  Filled
 * before saving, turned back into the live state after loading.
 */
#define GICV3_BMP_SIZE 32       /* 32-bit words covering 1020 INTIDs */

typedef struct GICv3WireCPU {
    uint32_t level;
    uint32_t gicr_ctlr;
    uint32_t gicr_statusr[2];
    uint32_t gicr_waker;
    uint64_t gicr_propbaser;
    uint64_t gicr_pendbaser;
    uint32_t gicr_igroupr0;
    uint32_t gicr_ienabler0;
    uint32_t gicr_ipendr0;
    uint32_t gicr_iactiver0;
    uint32_t edge_trigger;
    uint32_t gicr_igrpmodr0;
    uint32_t gicr_nsacr;
    uint8_t gicr_ipriorityr[GICV3_INTERNAL];
    uint64_t icc_ctlr_el1[2];
    uint64_t icc_pmr_el1;
    uint64_t icc_bpr[3];
    uint64_t icc_apr[3 * 4];
    uint64_t icc_igrpen[3];
    uint64_t icc_ctlr_el3;
    uint64_t icc_sre_el1;
} GICv3WireCPU;

typedef struct GICv3Wire {
    uint32_t gicd_ctlr;
    uint32_t gicd_statusr[2];
    uint32_t group[GICV3_BMP_SIZE];
    uint32_t grpmod[GICV3_BMP_SIZE];
    uint32_t enabled[GICV3_BMP_SIZE];
    uint32_t pending[GICV3_BMP_SIZE];
    uint32_t active[GICV3_BMP_SIZE];
    uint32_t level[GICV3_BMP_SIZE];
    uint32_t edge_trigger[GICV3_BMP_SIZE];
    uint8_t gicd_ipriority[GICV3_MAXIRQ];
    uint64_t gicd_irouter[GICV3_MAXIRQ];
    uint32_t gicd_nsacr[(GICV3_MAXIRQ + 15) / 16];
    uint32_t num_cpu;           /* length of cpu (not sent) */
    GICv3WireCPU *cpu;
    bool gicd_no_migration_shift_bug;
} GICv3Wire;

struct GICv3State {
    SysBusDevice parent_obj;

    MemoryRegion iomem_dist;
    MemoryRegion iomem_redist[GICV3_MAX_REDIST_REGIONS];
    GICv3RedistRegion redist_ref[GICV3_MAX_REDIST_REGIONS];
    qemu_irq *parent_irq;       /* num-cpu each */
    qemu_irq *parent_fiq;
    qemu_irq *parent_virq;
    qemu_irq *parent_vfiq;

    /* Properties */
    uint32_t num_cpu;
    uint32_t num_irq;
    uint32_t revision;
    uint32_t num_redist_regions;
    uint32_t redist_region_count[GICV3_MAX_REDIST_REGIONS];
    uint32_t num_prio_bits;
    bool security_extn;
    bool lpi_enable;

    /* Derived at realize */
    uint8_t prio_mask;          /* CPU interface priority bits */
    uint8_t min_bpr;            /* smallest ICC_BPR0_EL1 */
    uint32_t redist_first[GICV3_MAX_REDIST_REGIONS];   /* first CPU of each region */

    /* Distributor */
    uint32_t gicd_ctlr;         /* EnableGrp0, EnableGrp1 (ARE and DS read as one) */
    GICv3Irq spi[GICV3_MAXIRQ - GICV3_INTERNAL];
    uint64_t irouter[GICV3_MAXIRQ - GICV3_INTERNAL];
    int16_t spi_cpu[GICV3_MAXIRQ - GICV3_INTERNAL];  /* IROUTER's CPU, -1: none */

    GICv3CPUState *cpu;         /* num-cpu of them */

    GICv3Wire wire;             /* migration only */
};

/*
 * Access CPU interface register reg of CPU cpu (0 <= cpu < num-cpu), as the
 * CPU's MRS/MSR of the ICC_* register does.  Reads of write-only and writes of
 * read-only registers are ignored (read as 0) and logged; the CPU should already
 * have made those encodings UNDEFINED.  Both update the IRQ/FIQ outputs.
 */
uint64_t gicv3_cpuif_read(GICv3State *s, int cpu, GICv3CPUIfReg reg);
void gicv3_cpuif_write(GICv3State *s, int cpu, GICv3CPUIfReg reg, uint64_t value);

/* The register with system register encoding (op0, op1, crn, crm, op2), or -1. */
int gicv3_cpuif_reg_decode(int op0, int op1, int crn, int crm, int op2);

/*
 * Tell the GIC the MPIDR_EL1 of CPU cpu (Aff3 in [39:32], Aff2..Aff0 in [23:0];
 * other bits ignored).  Call after realize, before the guest runs; affinities
 * must be unique.  Used by GICR_TYPER, GICD_IROUTER and ICC_SGI*R routing.
 */
void gicv3_set_cpu_affinity(GICv3State *s, int cpu, uint64_t mpidr);

#endif
