/*
 * The virt board's device tree (hw/arm/virt-fdt.c).
 */
#ifndef HW_ARM_VIRT_FDT_H
#define HW_ARM_VIRT_FDT_H

#include "hw/boards.h"

/* What the board has, for the tree to describe. */
typedef struct VirtFdtInfo {
    int gic_version;            /* 0: no interrupt controller yet, 2 or 3 */
    int num_cpus;
    const char *cpu_compatible; /* e.g. "arm,cortex-a57" */
    uint64_t mpidr[512];        /* per CPU */
    const char *psci_method;    /* "hvc", "smc", or NULL without PSCI */
    bool has_timer;
    bool has_rtc;
    bool has_pcie;              /* the gpex host at VIRT_PCIE_* */
    bool has_gicv2m;            /* the MSI frame at VIRT_GIC_V2M (GICv2 only) */
    hwaddr initrd_start;
    uint64_t initrd_size;
} VirtFdtInfo;

/* Build the tree; returns a g_malloc'ed blob (size in *size) or NULL with errp. */
void *virt_fdt_build(MachineState *ms, const VirtFdtInfo *info, int *size, Error **errp);
/* Load a -dtb file (with room to add /chosen); NULL with errp on failure. */
void *virt_fdt_load(const char *path, int *size, Error **errp);

#endif
