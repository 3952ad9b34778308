/*
 * Whole-system reset: the device tree below the main system bus, then the
 * handlers registered by CPUs and boards, in registration order.
 */
#include "qemu/osdep.h"
#include "hw/qdev-core.h"
#include "system/reset.h"

typedef struct ResetEntry {
    QEMUResetHandler *func;
    void *opaque;
} ResetEntry;

/* Process-wide list of non-device reset handlers. */
static GList *reset_handlers;

void qemu_register_reset(QEMUResetHandler *func, void *opaque)
{
    ResetEntry *e = g_new0(ResetEntry, 1);
    e->func = func;
    e->opaque = opaque;
    reset_handlers = g_list_append(reset_handlers, e);
}

void qemu_unregister_reset(QEMUResetHandler *func, void *opaque)
{
    for (GList *l = reset_handlers; l; l = l->next) {
        ResetEntry *e = l->data;
        if (e->func == func && e->opaque == opaque) {
            reset_handlers = g_list_delete_link(reset_handlers, l);
            g_free(e);
            return;
        }
    }
}

void qemu_devices_reset(void)
{
    bus_cold_reset(sysbus_get_default());
    for (GList *l = reset_handlers; l; l = l->next) {
        ResetEntry *e = l->data;
        e->func(e->opaque);
    }
}
