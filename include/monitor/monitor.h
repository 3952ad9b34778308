/*
 * Monitors: HMP (the "(qemu)" prompt) and QMP (JSON) on chardevs.
 */
#ifndef MONITOR_MONITOR_H
#define MONITOR_MONITOR_H

#include "qemu/osdep.h"
#include "qapi/error.h"

typedef struct Chardev Chardev;
typedef struct Monitor Monitor;

/* Start a human monitor on chr; readline editing when the chardev is a tty or mux. */
bool monitor_init_hmp(Chardev *chr, bool use_readline, Error **errp);
/* Start a QMP monitor on chr (pretty: indent JSON replies). */
bool monitor_init_qmp(Chardev *chr, bool pretty, Error **errp);
/* Close every monitor (at exit). */
void monitor_cleanup(void);
/* Whether any monitor exists (for -nographic defaults). */
bool monitor_available(void);

/*
 * The emulated target, told by the per-target main.c: query-target's "arch",
 * the address width x prints, and the byte order qtest and x/xp use.
 */
void monitor_set_target_info(const char *arch, bool big_endian);
const char *monitor_target_arch(void);
bool monitor_target_big_endian(void);

/* The monitor whose command is running, or NULL (e.g. for getfd users). */
Monitor *monitor_cur(void);
/*
 * Take the file descriptor a client passed with getfd under name: the caller
 * owns it afterwards.  -1 with errp set if there is none by that name.
 */
int monitor_get_fd(Monitor *mon, const char *name, Error **errp);

#endif
