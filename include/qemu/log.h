/*
 * Debug logging selected with -d ITEMS and sent to -D FILE (default stderr).
 * Devices report guest mistakes with LOG_GUEST_ERROR and missing features
 * with LOG_UNIMP; TCG uses the in_asm/op/exec/cpu items.
 */
#ifndef QEMU_LOG_H
#define QEMU_LOG_H

#include "qemu/osdep.h"
#include "qapi/error.h"

#define CPU_LOG_TB_OUT_ASM  (1 << 0)
#define CPU_LOG_TB_IN_ASM   (1 << 1)
#define CPU_LOG_TB_OP       (1 << 2)
#define CPU_LOG_TB_OP_OPT   (1 << 3)
#define CPU_LOG_INT         (1 << 4)
#define CPU_LOG_EXEC        (1 << 5)
#define CPU_LOG_PCALL       (1 << 6)
#define CPU_LOG_TB_CPU      (1 << 8)
#define CPU_LOG_RESET       (1 << 9)
#define LOG_UNIMP           (1 << 10)
#define LOG_GUEST_ERROR     (1 << 11)
#define CPU_LOG_MMU         (1 << 12)
#define CPU_LOG_TB_NOCHAIN  (1 << 13)
#define CPU_LOG_PAGE        (1 << 14)
#define LOG_STRACE          (1 << 19)

/* The enabled item mask: a process singleton set from the command line. */
extern int qemu_loglevel;

static inline bool qemu_loglevel_mask(int mask)
{
    return (qemu_loglevel & mask) != 0;
}

void qemu_log(const char *fmt, ...) QEMU_PRINTF(1, 2);
#define qemu_log_mask(MASK, FMT, ...) \
    do { \
        if (qemu_loglevel_mask(MASK)) { \
            qemu_log(FMT, ##__VA_ARGS__); \
        } \
    } while (0)

/* Parse "-d in_asm,int" into a mask; -1 with errp naming the bad item. */
int qemu_str_to_log_mask(const char *str, Error **errp);
/* The "-d help" text. */
void qemu_log_help(GString *out);
/* Direct log output to a file (NULL: stderr). */
bool qemu_set_log_filename(const char *filename, Error **errp);
void qemu_log_close(void);

#endif
