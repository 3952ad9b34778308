/*
 * Process-wide settings from the command line that boards, devices and
 * monitors read: guest name, accelerator, serial port backends, -no-reboot.
 */
#ifndef SYSTEM_SYSTEM_H
#define SYSTEM_SYSTEM_H

#include "qemu/osdep.h"

typedef struct Chardev Chardev;

/* -name: NULL when not given. */
void qemu_name_set(const char *name);
const char *qemu_name_get(void);

/* The accelerator in use: "tcg" or "qtest". */
void accel_name_set(const char *name);
const char *accel_name_get(void);

/* -serial backends in order; serial_hd(i) is NULL past the last or for "none". */
#define MAX_SERIAL_PORTS 4
void serial_hd_add(unsigned index, Chardev *chr);
Chardev *serial_hd(unsigned index);

/* -no-reboot: a guest reset ends the process instead. */
extern bool no_reboot;

#endif
