/*
 * The "virt" board family for qemu-system-aarch64: memory map, interrupt
 * numbers and the per-version machine class options.
 */
#ifndef HW_ARM_VIRT_H
#define HW_ARM_VIRT_H

#include "hw/boards.h"
#include "hw/arm/boot.h"

#define NUM_VIRTIO_TRANSPORTS 32
/* SPIs the GICv2m MSI frame owns (gic-version=2 only). */
#define NUM_GICV2M_SPIS 64

enum {
    VIRT_FLASH,
    VIRT_CPUPERIPHS,
    VIRT_GIC_DIST,
    VIRT_GIC_CPU,
    VIRT_GIC_REDIST,
    VIRT_GIC_V2M,
    VIRT_UART,
    VIRT_RTC,
    VIRT_MMIO,
    VIRT_PCIE_MMIO,
    VIRT_PCIE_PIO,
    VIRT_PCIE_ECAM,
    VIRT_MEM,
    VIRT_LOWMEMMAP_LAST,
};

typedef struct MemMapEntry {
    hwaddr base;
    hwaddr size;
} MemMapEntry;

/* QEMU's virt memory map (the guest-visible layout users and firmware rely on). */
extern const MemMapEntry virt_memmap[VIRT_LOWMEMMAP_LAST];
/* SPI numbers of the board's interrupt sources. */
extern const int virt_irqmap[VIRT_LOWMEMMAP_LAST];

#define TYPE_VIRT_MACHINE MACHINE_TYPE_NAME("virt")
OBJECT_DECLARE_TYPE(VirtMachineState, VirtMachineClass, VIRT_MACHINE)

struct VirtMachineClass {
    MachineClass parent;
    bool disallow_affinity_adjustment;   /* virt-2.6 and older */
    bool no_pmu;                         /* virt-2.6 and older */
};

struct VirtMachineState {
    MachineState parent;
    char *gic_version_str;          /* "gic-version" property: "2", "3" or "max" */
    int gic_version;                /* resolved at init: 2 or 3 */
    CPUState *cpus[512];            /* mc->max_cpus of them at most */
    DeviceState *gic;
    DeviceState *gicv2m;            /* the MSI frame; NULL with GICv3 */
    ArmBootInfo boot;
    DeviceState *uart;
    DeviceState *rtc;
    DeviceState *virtio_mmio[NUM_VIRTIO_TRANSPORTS];  /* index 0 is the lowest address */
    DeviceState *gpex;              /* the PCIe host bridge */
};

#endif
