/*
 * Giving an Arm CPU the GICv3 CPU interface registers (hw/arm/gicv3-sysregs.c).
 */
#ifndef HW_ARM_GICV3_SYSREGS_H
#define HW_ARM_GICV3_SYSREGS_H

#include "target/arm/cpu.h"

typedef struct GICv3State GICv3State;

/* Route the CPU's ICC_*_EL1 accesses to gic (call before the guest runs). */
void arm_cpu_attach_gicv3(ARMCPU *cpu, GICv3State *gic);

#endif
