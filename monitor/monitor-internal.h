/*
 * What the monitor files share: the Monitor object (one per HMP or QMP
 * connection point, or a temporary one for human-monitor-command), the list
 * of monitors, output buffering, and the core command tables' registration.
 * Not for use outside monitor/.
 */
#ifndef MONITOR_INTERNAL_H
#define MONITOR_INTERNAL_H

#include "qemu/osdep.h"
#include "chardev/char.h"
#include "monitor/monitor.h"
#include "monitor/hmp.h"
#include "monitor/qmp.h"
#include "monitor/json-stream.h"
#include "monitor/readline.h"

/* Output waiting for a slow reader beyond this stops us reading its input. */
#define MONITOR_OUTBUF_HIGH (1u << 20)

struct Monitor {
    bool is_qmp;
    bool has_chr;              /* false: output goes to capture (human-monitor-command) */
    CharBackend chr;
    GString *outbuf;           /* not yet written to chr */
    GString *inbuf;            /* received, not yet processed */
    GSource *in_source;        /* processes inbuf, one command per main-loop turn */
    bool command_done;         /* set when a command (or a reply to garbage) completed */
    guint out_watch;
    GString *capture;
    bool pretty;               /* QMP: indented JSON */
    bool quitting;             /* quit was requested: read nothing more */
    GHashTable *fds;           /* getfd: name -> fd (GINT_TO_POINTER) */

    /* HMP */
    ReadLineState *rs;
    bool use_readline;
    bool banner_shown;
    bool mux_out;              /* a mux gave the focus to another frontend */
    GString *line;             /* without readline: the line being read */
    bool line_after_cr;        /* without readline: the last byte ended a line with \r */
    char last_format;          /* x/xp remember the last format, size and address */
    int last_size;
    uint64_t last_addr;

    /* QMP */
    JsonStream *stream;
    bool negotiated;
};

/* All monitors with a chardev, in creation order (the process's monitor list). */
extern GPtrArray *monitor_list;

/* Make mon the one monitor_cur() returns while its command runs; returns the previous. */
Monitor *monitor_set_cur(Monitor *mon);

Monitor *monitor_new(bool is_qmp);
void monitor_free(Monitor *mon);
/* Queue text (\n becomes \r\n, as QEMU sends) and try to write it. */
void monitor_puts(Monitor *mon, const char *s);
void monitor_flush(Monitor *mon);
/*
 * Input path shared by HMP and QMP: the chardev's bytes are queued and run
 * one command per main-loop iteration, so that requests a command makes
 * (reset, shutdown) are serviced before the next command runs, as in QEMU.
 */
int monitor_can_receive(Monitor *mon);
void monitor_receive(Monitor *mon, const uint8_t *buf, int size);
/* Forget queued input (the client went away or a new one connected). */
void monitor_drop_input(Monitor *mon);
/* Protocol consumers: take bytes up to the end of one command, return how many. */
size_t hmp_consume(Monitor *mon, const uint8_t *buf, size_t len);
size_t qmp_consume(Monitor *mon, const uint8_t *buf, size_t len);

/* HMP session (hmp.c). */
bool hmp_session_init(Monitor *mon, Error **errp);
void hmp_handle_line(Monitor *mon, const char *line);
/* help [topic]: every command, "info" items, or one command. */
void hmp_print_help(Monitor *mon, const char *topic);
/* Run cmdline on a temporary monitor and return its output (human-monitor-command). */
char *hmp_run_captured(const char *cmdline);
/* Core command tables (hmp-cmds.c). */
extern const HMPCommand hmp_core_commands[];
extern const HMPCommand hmp_core_info_commands[];

/* QMP session (qmp.c). */
bool qmp_session_init(Monitor *mon, Error **errp);
/* Core QMP tables (qmp-cmds.c), registered before anything else. */
void qmp_register_core(void);

/* Objects of the "cpu" type under /machine, in tree order (free the array only). */
GPtrArray *monitor_cpu_list(void);
/* getfd: take the fd the client sent with this request and store it under name. */
bool monitor_getfd(Monitor *mon, const char *name, Error **errp);

/* getfd/closefd storage per monitor. */
bool monitor_add_fd(Monitor *mon, const char *name, int fd, Error **errp);
bool monitor_close_fd(Monitor *mon, const char *name, Error **errp);

/* Runstate event hooks are installed when the first monitor starts. */
void monitor_install_runstate_hooks(void);

#endif
