/*
 * GICv2m: the MSI frame that turns a device's 32-bit MSI write into an edge on
 * one of a block of GICv2 SPIs (Arm Server Base System Architecture, GICv2m).
 *
 * Board contract ("arm-gicv2m", QEMU's type name and properties):
 *   properties  base-spi (first SPI number, counted from 0 = INTID 32),
 *               num-spi (1..1020 - 32 - base-spi, default 64).
 *   MMIO        region 0: the 4 KiB frame.
 *   sysbus IRQs 0 .. num-spi-1: SPI base-spi + n; pulsed (raise then lower) for
 *               each accepted MSI, so the GIC must configure them edge-triggered.
 * No migration state: the frame has no registers a guest can change.
 */
#ifndef HW_INTC_ARM_GICV2M_H
#define HW_INTC_ARM_GICV2M_H

#include "hw/sysbus.h"

#define TYPE_ARM_GICV2M "arm-gicv2m"
OBJECT_DECLARE_SIMPLE_TYPE(ARMGICv2mState, ARM_GICV2M)

#define GICV2M_FRAME_SIZE 0x1000
#define GICV2M_MAX_SPIS 64

/* Register offsets. */
#define GICV2M_MSI_TYPER 0x008
#define GICV2M_MSI_SETSPI_NS 0x040
#define GICV2M_MSI_IIDR 0xfcc

struct ARMGICv2mState {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    qemu_irq spi[GICV2M_MAX_SPIS];
    uint32_t base_spi;
    uint32_t num_spi;
};

#endif
