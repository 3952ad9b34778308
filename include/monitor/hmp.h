/*
 * The human monitor's command tables and what a command handler may use.
 * A command is one table entry: name (aliases after '|'), argument spec,
 * synopsis and help line, handler.  Subsystems add tables with
 * hmp_register_commands() / hmp_register_info_commands().
 *
 * Argument spec: comma-separated "name:type" items, in order, where type is
 *   s   one word (double quotes allowed for spaces)   s?  optional word
 *   S   the rest of the line                           S?  optional
 *   i   an integer expression (+ - * / % & | ^ ~ ( ), 0x, 0 and decimal)
 *   i?  optional integer
 *   b   on/off                                         b?  optional
 *   -x  a flag "-x" (boolean; flags come before the other arguments)
 *   /   a "/fmt" for x and xp: sets "count", "format" and "size"
 * Handlers read arguments with hmp_arg_*().
 */
#ifndef MONITOR_HMP_H
#define MONITOR_HMP_H

#include "qemu/osdep.h"
#include "qapi/error.h"
#include <json-glib/json-glib.h>

typedef struct Monitor Monitor;
typedef JsonObject HMPArgs;

typedef void HMPHandler(Monitor *mon, const HMPArgs *args);

typedef struct HMPCommand {
    const char *name;          /* "cont|c" */
    const char *args_type;
    const char *params;        /* synopsis for help, "" when none */
    const char *help;
    HMPHandler *cmd;
} HMPCommand;

/* Register a table terminated by an entry with a NULL name (static storage). */
void hmp_register_commands(const HMPCommand *table);
/* Same for "info" subcommands. */
void hmp_register_info_commands(const HMPCommand *table);

/* Output to the monitor running the command ("\n" is sent as "\r\n"). */
void monitor_printf(Monitor *mon, const char *fmt, ...) QEMU_PRINTF(2, 3);
void monitor_vprintf(Monitor *mon, const char *fmt, va_list ap);
/* Report a failed command the way QEMU's HMP does: "Error: <message>", then free err. */
void hmp_handle_error(Monitor *mon, Error *err);

const char *hmp_arg_str(const HMPArgs *args, const char *name);   /* NULL if absent */
bool hmp_arg_has(const HMPArgs *args, const char *name);
int64_t hmp_arg_int(const HMPArgs *args, const char *name, int64_t defval);
bool hmp_arg_bool(const HMPArgs *args, const char *name, bool defval);

/*
 * Reading guest memory through a CPU's view, for "x": installed by the CPU
 * code (NULL while there are no CPUs: x then says it cannot dump).
 * Returns false if addr is not mapped.
 */
typedef bool HMPCpuMemoryRead(uint64_t addr, void *buf, size_t len);
extern HMPCpuMemoryRead *hmp_cpu_memory_read;

#endif
