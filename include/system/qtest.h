/*
 * The qtest protocol server: a test program drives memory, I/O ports,
 * interrupt lines and the virtual clock over a chardev with QEMU's text
 * protocol ("readl 0x9000000" -> "OK 0x00000000"), without any guest CPU.
 */
#ifndef SYSTEM_QTEST_H
#define SYSTEM_QTEST_H

#include "qemu/osdep.h"
#include "qapi/error.h"

/* Whether the qtest accelerator runs this process. */
bool qtest_enabled(void);

/*
 * Serve the protocol on the chardev given like -serial ("unix:PATH" connects
 * to a listening test, "stdio", "chardev:ID", ...).  logfile: -qtest-log
 * path (NULL: no log).
 */
bool qtest_server_init(const char *chr_spec, const char *logfile, Error **errp);

/* Handle one protocol line and return the reply text (for unit tests); caller frees. */
char *qtest_process_line(const char *line);

#endif
