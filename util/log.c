/*
 * -d / -D debug logging: item names, the enabled mask and the output file.
 */
#include "qemu/osdep.h"
#include <stdarg.h>
#include "qemu/log.h"

int qemu_loglevel;
static FILE *log_file;

typedef struct LogItem {
    int mask;
    const char *name;
    const char *help;
} LogItem;

static const LogItem log_items[] = {
    { CPU_LOG_TB_OUT_ASM, "out_asm", "show generated host assembly code for each compiled TB" },
    { CPU_LOG_TB_IN_ASM, "in_asm", "show target assembly code for each compiled TB" },
    { CPU_LOG_TB_OP, "op", "show micro ops for each compiled TB" },
    { CPU_LOG_TB_OP_OPT, "op_opt", "show micro ops after optimization" },
    { CPU_LOG_INT, "int", "show interrupts/exceptions in short format" },
    { CPU_LOG_EXEC, "exec", "show trace before each executed TB (lots of logs)" },
    { CPU_LOG_TB_CPU, "cpu", "show CPU registers before entering a TB (lots of logs)" },
    { CPU_LOG_MMU, "mmu", "log MMU-related activities" },
    { CPU_LOG_PCALL, "pcall", "x86 only: show protected mode far calls/returns/exceptions" },
    { CPU_LOG_RESET, "cpu_reset", "show CPU state before CPU resets" },
    { LOG_UNIMP, "unimp", "log unimplemented functionality" },
    { LOG_GUEST_ERROR, "guest_errors",
      "log when the guest OS does something invalid (eg accessing a\n"
      "non-existent register)" },
    { CPU_LOG_PAGE, "page", "dump pages at beginning of user mode emulation" },
    { CPU_LOG_TB_NOCHAIN, "nochain",
      "do not chain compiled TBs so that \"exec\" and \"cpu\" show\n"
      "complete traces" },
    { LOG_STRACE, "strace", "log every user-mode syscall, its input, and its result" },
};

void qemu_log(const char *fmt, ...)
{
    va_list ap;
    FILE *f = log_file ? log_file : stderr;

    va_start(ap, fmt);
    vfprintf(f, fmt, ap);
    va_end(ap);
    fflush(f);
}

int qemu_str_to_log_mask(const char *str, Error **errp)
{
    g_auto(GStrv) parts = g_strsplit(str, ",", 0);
    int mask = 0;

    for (int i = 0; parts[i]; i++) {
        bool found = false;
        if (!*parts[i]) {
            continue;
        }
        if (!strcmp(parts[i], "all")) {
            for (size_t j = 0; j < ARRAY_SIZE(log_items); j++) {
                mask |= log_items[j].mask;
            }
            continue;
        }
        for (size_t j = 0; j < ARRAY_SIZE(log_items); j++) {
            if (!strcmp(parts[i], log_items[j].name)) {
                mask |= log_items[j].mask;
                found = true;
            }
        }
        if (!found) {
            error_setg(errp, "Unknown log item '%s' (see -d help)", parts[i]);
            return -1;
        }
    }
    return mask;
}

void qemu_log_help(GString *out)
{
    g_string_append(out, "Log items (comma separated):\n");
    for (size_t i = 0; i < ARRAY_SIZE(log_items); i++) {
        g_string_append_printf(out, "%-15s %s\n", log_items[i].name, log_items[i].help);
    }
}

bool qemu_set_log_filename(const char *filename, Error **errp)
{
    FILE *f;

    qemu_log_close();
    if (!filename) {
        return true;
    }
    f = fopen(filename, "w");
    if (!f) {
        error_setg_errno(errp, errno, "Could not open log file '%s'", filename);
        return false;
    }
    log_file = f;
    return true;
}

void qemu_log_close(void)
{
    if (log_file) {
        fclose(log_file);
        log_file = NULL;
    }
}
