/*
 * Line editing for the human monitor: insert/delete, cursor movement,
 * history, completion of command names, and terminal escape sequences.
 * It only turns input bytes into lines and echo text; it owns no I/O.
 */
#ifndef MONITOR_READLINE_H
#define MONITOR_READLINE_H

#include "qemu/osdep.h"

#define READLINE_CMD_BUF_SIZE 4096
#define READLINE_MAX_HISTORY 64

/* Echo and redraw text for the terminal. */
typedef void ReadLineOutFunc(void *opaque, const char *text);
/* A complete line was entered (without the line terminator). */
typedef void ReadLineLineFunc(void *opaque, const char *line);
/* Candidates for completing cmdline (the text before the cursor); add g_strdup'ed words. */
typedef void ReadLineCompleteFunc(void *opaque, const char *cmdline, GPtrArray *out);

typedef struct ReadLineState ReadLineState;

ReadLineState *readline_new(ReadLineOutFunc *out, ReadLineLineFunc *line,
                            ReadLineCompleteFunc *complete, void *opaque);
void readline_free(ReadLineState *rs);
/* Set the prompt (copied) and start a fresh line. */
void readline_start(ReadLineState *rs, const char *prompt);
/* Print the prompt and the current line. */
void readline_show_prompt(ReadLineState *rs);
void readline_handle_byte(ReadLineState *rs, uint8_t ch);
/* The n-th most recent history entry (0 = newest), or NULL. */
const char *readline_get_history(ReadLineState *rs, unsigned n);

#endif
