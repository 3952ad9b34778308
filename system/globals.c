/*
 * Process-wide settings from the command line (see system/system.h).
 */
#include "qemu/osdep.h"
#include "system/system.h"

bool no_reboot;
static char *guest_name;
static char *accel_name;
static Chardev *serial_hds[MAX_SERIAL_PORTS];

void qemu_name_set(const char *name)
{
    g_free(guest_name);
    guest_name = g_strdup(name);
}

const char *qemu_name_get(void)
{
    return guest_name;
}

void accel_name_set(const char *name)
{
    g_free(accel_name);
    accel_name = g_strdup(name);
}

const char *accel_name_get(void)
{
    return accel_name ? accel_name : "tcg";
}

void serial_hd_add(unsigned index, Chardev *chr)
{
    if (index < MAX_SERIAL_PORTS) {
        serial_hds[index] = chr;
    }
}

Chardev *serial_hd(unsigned index)
{
    return index < MAX_SERIAL_PORTS ? serial_hds[index] : NULL;
}
