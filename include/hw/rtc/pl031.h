/*
 * Arm PrimeCell PL031 real-time clock (virt board, 0x09010000).
 */
#ifndef HW_RTC_PL031_H
#define HW_RTC_PL031_H

#include "hw/sysbus.h"
#include "qemu/timer.h"

#define TYPE_PL031 "pl031"
OBJECT_DECLARE_SIMPLE_TYPE(PL031State, PL031)

struct PL031State {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    QEMUTimer *timer;
    qemu_irq irq;

    /*
     * The counter is tick_offset + the virtual clock in seconds, so it
     * stops with the VM and stays consistent across migration.
     */
    uint32_t tick_offset;
    uint32_t mr;
    uint32_t lr;
    uint32_t cr;
    uint32_t im;
    uint32_t is;
    bool migrate_tick_offset;
};

#endif
