/*
 * The virt board's GICv2 as the A64 guest tests program it: register
 * offsets, MMIO accessors and the set-up that routes one PPI to CPU 0.
 */
#ifndef GUEST_AARCH64_GICV2_H
#define GUEST_AARCH64_GICV2_H

#include <stdint.h>

#define GICD_BASE 0x08000000ul
#define GICC_BASE 0x08010000ul
#define GICD_CTLR       0x000
#define GICD_ISENABLER0 0x100
#define GICD_ICENABLER0 0x180
#define GICD_ISPENDR0   0x200
#define GICD_IPRIORITYR 0x400
#define GICC_CTLR 0x00
#define GICC_PMR  0x04
#define GICC_IAR  0x0c
#define GICC_EOIR 0x10
#define GICC_HPPIR 0x18

#define VTIMER_INTID 27
#define SPURIOUS 1023

static inline uint32_t rd32(uint64_t addr)
{
    return *(volatile uint32_t *)addr;
}

static inline void wr32(uint64_t addr, uint32_t v)
{
    *(volatile uint32_t *)addr = v;
}

static inline void wr8(uint64_t addr, uint8_t v)
{
    *(volatile uint8_t *)addr = v;
}

/* Enable the distributor and CPU interface with only 'intid' enabled. */
static inline void gicv2_enable_ppi(unsigned intid)
{
    wr32(GICD_BASE + GICD_CTLR, 0);
    wr8(GICD_BASE + GICD_IPRIORITYR + intid, 0x80);
    wr32(GICD_BASE + GICD_ISENABLER0, 1u << intid);
    wr32(GICD_BASE + GICD_CTLR, 1);
    wr32(GICC_BASE + GICC_PMR, 0xff);
    wr32(GICC_BASE + GICC_CTLR, 1);
}

#endif
