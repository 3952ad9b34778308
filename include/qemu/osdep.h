/*
 * Common includes for every source file of the emulator.
 * Include this first in every .c file; it is not for public API declarations.
 */
#ifndef QEMU_OSDEP_H
#define QEMU_OSDEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <unistd.h>
#include <glib.h>

#define QEMU_NORETURN __attribute__((noreturn))
#define QEMU_PRINTF(a, b) __attribute__((format(printf, a, b)))

#ifndef container_of
#define container_of(ptr, type, member) \
    ((type *)((char *)(ptr) - offsetof(type, member)))
#endif

#define ARRAY_SIZE(x) (sizeof(x) / sizeof((x)[0]))

/* Round n up/down to a multiple of m (a power of two or not). */
#define QEMU_ALIGN_DOWN(n, m) ((n) / (m) * (m))
#define QEMU_ALIGN_UP(n, m) QEMU_ALIGN_DOWN((n) + (m) - 1, (m))

/* Version reported by -version and the QMP greeting. */
#define QEMU_VERSION_MAJOR 7
#define QEMU_VERSION_MINOR 2
#define QEMU_VERSION_MICRO 0
#define QEMU_VERSION "7.2.0"
#define QEMU_PKGVERSION "emu-monolith"

#endif
