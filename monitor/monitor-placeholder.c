/*
 * Placeholder until HMP/QMP land: any monitor request fails clearly.
 */
#include "qemu/osdep.h"
#include "monitor/monitor.h"

bool monitor_init_hmp(Chardev *chr, bool use_readline, Error **errp)
{
    error_setg(errp, "the human monitor is not available yet in this build");
    return false;
}

bool monitor_init_qmp(Chardev *chr, bool pretty, Error **errp)
{
    error_setg(errp, "QMP is not available yet in this build");
    return false;
}

void monitor_cleanup(void)
{
}

bool monitor_available(void)
{
    return false;
}
