/*
 * System reset: handlers for state outside the device tree (CPUs, boards),
 * run after every device on the main system bus has been reset.
 */
#ifndef SYSTEM_RESET_H
#define SYSTEM_RESET_H

#include "qemu/osdep.h"

typedef void QEMUResetHandler(void *opaque);

void qemu_register_reset(QEMUResetHandler *func, void *opaque);
void qemu_unregister_reset(QEMUResetHandler *func, void *opaque);

#endif
