/*
 * Selecting and starting the TCG accelerator (for main.c).
 */
#ifndef ACCEL_TCG_H
#define ACCEL_TCG_H

#include "qemu/osdep.h"
#include "qapi/error.h"

/* -accel tcg,backend=jit|interp (default jit). */
bool tcg_accel_set_backend(const char *name, Error **errp);
/* Register TCG as the accelerator that runs the vCPUs. */
void tcg_accel_init(void);

#endif
