/*
 * Arm PrimeCell PL011 UART (as on the virt board at 0x09000000).
 */
#ifndef HW_CHAR_PL011_H
#define HW_CHAR_PL011_H

#include "hw/sysbus.h"
#include "chardev/char.h"

#define TYPE_PL011 "pl011"
OBJECT_DECLARE_SIMPLE_TYPE(PL011State, PL011)

#define PL011_FIFO_DEPTH 16

struct PL011State {
    SysBusDevice parent_obj;

    MemoryRegion iomem;
    CharBackend chr;
    /* Outputs: the combined UARTINTR first, then RX, TX, RT, MS, E (QEMU's order). */
    qemu_irq irq[6];

    uint32_t readbuff;
    uint32_t flags;
    uint32_t lcr;
    uint32_t rsr;
    uint32_t cr;
    uint32_t dmacr;
    uint32_t int_enabled;
    uint32_t int_level;
    uint32_t read_fifo[PL011_FIFO_DEPTH];
    uint32_t ilpr;
    uint32_t ibrd;
    uint32_t fbrd;
    uint32_t ifl;
    int32_t read_pos;
    int32_t read_count;
    int32_t read_trigger;
    /* Whether the clock subsection goes into the migration stream (off for
     * machine types <= 5.0, whose streams do not have it). */
    bool migrate_clk;
};

/* Board helper: create, map at addr, wire irq, attach chr (may be NULL). */
DeviceState *pl011_create(hwaddr addr, qemu_irq irq, Chardev *chr);

#endif
