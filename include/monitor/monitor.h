/*
 * Monitors: HMP (the "(qemu)" prompt) and QMP (JSON) on chardevs.
 */
#ifndef MONITOR_MONITOR_H
#define MONITOR_MONITOR_H

#include "qemu/osdep.h"
#include "qapi/error.h"

typedef struct Chardev Chardev;

/* Start a human monitor on chr; readline editing when the chardev is a tty or mux. */
bool monitor_init_hmp(Chardev *chr, bool use_readline, Error **errp);
/* Start a QMP monitor on chr (pretty: indent JSON replies). */
bool monitor_init_qmp(Chardev *chr, bool pretty, Error **errp);
/* Close every monitor (at exit). */
void monitor_cleanup(void);
/* Whether any monitor exists (for -nographic defaults). */
bool monitor_available(void);

#endif
