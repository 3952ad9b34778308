/*
 * Booting an aarch64 guest on an Arm board: loading the kernel (arm64 Linux
 * Image, possibly gzip-compressed, an ELF, or a raw binary), the initrd and
 * the device tree as Linux's arm64 boot protocol requires, and the primary
 * CPU's registers at reset.
 */
#ifndef HW_ARM_BOOT_H
#define HW_ARM_BOOT_H

#include "hw/boards.h"
#include "hw/core/cpu.h"

typedef struct ArmBootInfo {
    hwaddr ram_base;
    uint64_t ram_size;
    /* Results of arm_boot_load_images(). */
    bool have_kernel;
    bool is_linux;              /* an Image: x0 gets the device tree address */
    hwaddr entry;
    hwaddr kernel_end;
    hwaddr initrd_start;
    uint64_t initrd_size;
    hwaddr dtb_addr;            /* 0 when no device tree was placed */
} ArmBootInfo;

/* Load -kernel and -initrd into RAM; fills entry, kernel_end and the initrd fields. */
bool arm_boot_load_images(MachineState *ms, ArmBootInfo *bi, Error **errp);
/* Place the machine's device tree in RAM after the kernel and initrd. */
bool arm_boot_place_fdt(MachineState *ms, ArmBootInfo *bi, Error **errp);
/* Make CPU 0 start the kernel at every reset (x0 = device tree for Linux). */
void arm_boot_register_reset(CPUState *cpu, ArmBootInfo *bi);

#endif
