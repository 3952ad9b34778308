/*
 * Line editing for the human monitor (see include/monitor/readline.h).  The
 * terminal is redrawn by difference with what it shows, so typing plain text
 * echoes exactly that text (clean output on pipes), and edits use the ANSI
 * cursor sequences every terminal emulator understands.
 */
#include "qemu/osdep.h"
#include "monitor/readline.h"

typedef enum ReadLineEsc {
    RL_NORM,
    RL_ESC,        /* after ESC */
    RL_CSI,        /* after ESC [ */
    RL_SS3,        /* after ESC O */
} ReadLineEsc;

struct ReadLineState {
    char buf[READLINE_CMD_BUF_SIZE];
    int len;
    int pos;
    /* What the terminal shows after the prompt, and where its cursor is. */
    char shown[READLINE_CMD_BUF_SIZE];
    int shown_len;
    int shown_pos;
    char *prompt;

    char *history[READLINE_MAX_HISTORY];   /* [0] is the newest */
    int history_len;
    int history_idx;                       /* -1: editing a new line */
    char *saved_line;                      /* the new line while browsing history */

    ReadLineEsc esc;
    int esc_param;
    bool last_was_cr;

    ReadLineOutFunc *out;
    ReadLineLineFunc *line;
    ReadLineCompleteFunc *complete;
    void *opaque;
};

ReadLineState *readline_new(ReadLineOutFunc *out, ReadLineLineFunc *line,
                            ReadLineCompleteFunc *complete, void *opaque)
{
    ReadLineState *rs = g_new0(ReadLineState, 1);

    rs->out = out;
    rs->line = line;
    rs->complete = complete;
    rs->opaque = opaque;
    rs->history_idx = -1;
    rs->prompt = g_strdup("");
    return rs;
}

void readline_free(ReadLineState *rs)
{
    if (!rs) {
        return;
    }
    for (int i = 0; i < rs->history_len; i++) {
        g_free(rs->history[i]);
    }
    g_free(rs->saved_line);
    g_free(rs->prompt);
    g_free(rs);
}

void readline_start(ReadLineState *rs, const char *prompt)
{
    g_free(rs->prompt);
    rs->prompt = g_strdup(prompt);
    rs->len = rs->pos = 0;
    rs->shown_len = rs->shown_pos = 0;
    rs->history_idx = -1;
    rs->esc = RL_NORM;
}

void readline_show_prompt(ReadLineState *rs)
{
    GString *s = g_string_new(rs->prompt);

    g_string_append_len(s, rs->buf, rs->len);
    for (int i = rs->len; i > rs->pos; i--) {
        g_string_append(s, "\033[D");
    }
    rs->out(rs->opaque, s->str);
    g_string_free(s, TRUE);
    memcpy(rs->shown, rs->buf, rs->len);
    rs->shown_len = rs->len;
    rs->shown_pos = rs->pos;
}

/* Bring the terminal in line with buf/pos, writing as little as possible. */
static void readline_update(ReadLineState *rs)
{
    GString *s = g_string_new(NULL);
    int common = 0;

    while (common < rs->len && common < rs->shown_len &&
           rs->buf[common] == rs->shown[common]) {
        common++;
    }
    if (rs->shown_pos > common) {
        for (int i = rs->shown_pos; i > common; i--) {
            g_string_append(s, "\033[D");
        }
    } else if (rs->shown_pos < common) {
        g_string_append_len(s, rs->shown + rs->shown_pos, common - rs->shown_pos);
    }
    g_string_append_len(s, rs->buf + common, rs->len - common);
    if (rs->shown_len > rs->len) {
        g_string_append(s, "\033[K");
    }
    for (int i = rs->len; i > rs->pos; i--) {
        g_string_append(s, "\033[D");
    }
    if (s->len) {
        rs->out(rs->opaque, s->str);
    }
    g_string_free(s, TRUE);
    memcpy(rs->shown, rs->buf, rs->len);
    rs->shown_len = rs->len;
    rs->shown_pos = rs->pos;
}

static void insert_text(ReadLineState *rs, const char *text, int n)
{
    if (rs->len + n >= READLINE_CMD_BUF_SIZE - 1) {
        return;     /* a line longer than any command: drop the excess */
    }
    memmove(rs->buf + rs->pos + n, rs->buf + rs->pos, rs->len - rs->pos);
    memcpy(rs->buf + rs->pos, text, n);
    rs->len += n;
    rs->pos += n;
}

static void delete_range(ReadLineState *rs, int from, int to)
{
    if (from >= to) {
        return;
    }
    memmove(rs->buf + from, rs->buf + to, rs->len - to);
    rs->len -= to - from;
    if (rs->pos > to) {
        rs->pos -= to - from;
    } else if (rs->pos > from) {
        rs->pos = from;
    }
}

static void set_line(ReadLineState *rs, const char *text)
{
    int n = MIN((int)strlen(text), READLINE_CMD_BUF_SIZE - 2);

    memcpy(rs->buf, text, n);
    rs->len = rs->pos = n;
}

static void history_add(ReadLineState *rs, const char *line)
{
    if (!line[0] || (rs->history_len && !strcmp(rs->history[0], line))) {
        return;
    }
    if (rs->history_len == READLINE_MAX_HISTORY) {
        g_free(rs->history[--rs->history_len]);
    }
    memmove(rs->history + 1, rs->history, rs->history_len * sizeof(char *));
    rs->history[0] = g_strdup(line);
    rs->history_len++;
}

const char *readline_get_history(ReadLineState *rs, unsigned n)
{
    return n < (unsigned)rs->history_len ? rs->history[n] : NULL;
}

static void history_move(ReadLineState *rs, int dir)
{
    int idx = rs->history_idx + dir;

    if (idx >= rs->history_len || idx < -1) {
        return;
    }
    if (rs->history_idx == -1) {
        g_free(rs->saved_line);
        rs->saved_line = g_strndup(rs->buf, rs->len);
    }
    rs->history_idx = idx;
    set_line(rs, idx == -1 ? (rs->saved_line ? rs->saved_line : "") : rs->history[idx]);
}

static void enter_line(ReadLineState *rs)
{
    g_autofree char *line = g_strndup(rs->buf, rs->len);

    rs->pos = rs->len;
    readline_update(rs);
    rs->out(rs->opaque, "\n");
    history_add(rs, line);
    rs->len = rs->pos = 0;
    rs->shown_len = rs->shown_pos = 0;
    rs->history_idx = -1;
    rs->line(rs->opaque, line);
}

static void complete_word(ReadLineState *rs)
{
    g_autofree char *before = g_strndup(rs->buf, rs->pos);
    GPtrArray *cands = g_ptr_array_new_with_free_func(g_free);
    const char *word = strrchr(before, ' ');
    size_t word_len, common;

    if (!rs->complete) {
        g_ptr_array_free(cands, TRUE);
        return;
    }
    word = word ? word + 1 : before;
    word_len = strlen(word);
    rs->complete(rs->opaque, before, cands);
    if (cands->len == 0) {
        g_ptr_array_free(cands, TRUE);
        return;
    }
    /* The longest prefix all candidates share. */
    common = strlen(g_ptr_array_index(cands, 0));
    for (guint i = 1; i < cands->len; i++) {
        const char *a = g_ptr_array_index(cands, 0), *b = g_ptr_array_index(cands, i);
        size_t k = 0;
        while (k < common && a[k] && a[k] == b[k]) {
            k++;
        }
        common = k;
    }
    if (common > word_len) {
        const char *first = g_ptr_array_index(cands, 0);
        insert_text(rs, first + word_len, common - word_len);
    }
    if (cands->len == 1) {
        insert_text(rs, " ", 1);
    } else if (common <= word_len) {
        GString *list = g_string_new("\n");
        for (guint i = 0; i < cands->len; i++) {
            g_string_append_printf(list, "%s\n", (char *)g_ptr_array_index(cands, i));
        }
        rs->out(rs->opaque, list->str);
        g_string_free(list, TRUE);
        rs->shown_len = rs->shown_pos = 0;
        readline_show_prompt(rs);
    }
    g_ptr_array_free(cands, TRUE);
}

static void kill_word_backward(ReadLineState *rs)
{
    int start = rs->pos;

    while (start > 0 && rs->buf[start - 1] == ' ') {
        start--;
    }
    while (start > 0 && rs->buf[start - 1] != ' ') {
        start--;
    }
    delete_range(rs, start, rs->pos);
}

static void handle_csi(ReadLineState *rs, uint8_t ch)
{
    switch (ch) {
    case 'A': history_move(rs, +1); break;
    case 'B': history_move(rs, -1); break;
    case 'C': rs->pos = MIN(rs->pos + 1, rs->len); break;
    case 'D': rs->pos = MAX(rs->pos - 1, 0); break;
    case 'H': rs->pos = 0; break;
    case 'F': rs->pos = rs->len; break;
    case '~':
        switch (rs->esc_param) {
        case 1: case 7: rs->pos = 0; break;
        case 4: case 8: rs->pos = rs->len; break;
        case 3: delete_range(rs, rs->pos, MIN(rs->pos + 1, rs->len)); break;
        }
        break;
    }
}

void readline_handle_byte(ReadLineState *rs, uint8_t ch)
{
    bool was_cr = rs->last_was_cr;

    rs->last_was_cr = false;
    switch (rs->esc) {
    case RL_ESC:
        rs->esc = ch == '[' ? RL_CSI : ch == 'O' ? RL_SS3 : RL_NORM;
        rs->esc_param = 0;
        return;
    case RL_CSI:
        if (ch >= '0' && ch <= '9') {
            rs->esc_param = MIN(rs->esc_param * 10 + (ch - '0'), 1000);
            return;
        }
        if (ch == ';') {
            return;
        }
        rs->esc = RL_NORM;
        handle_csi(rs, ch);
        readline_update(rs);
        return;
    case RL_SS3:
        rs->esc = RL_NORM;
        if (ch == 'H' || ch == 'F') {
            handle_csi(rs, ch);
            readline_update(rs);
        }
        return;
    case RL_NORM:
        break;
    }
    switch (ch) {
    case '\r':
        rs->last_was_cr = true;
        enter_line(rs);
        return;
    case '\n':
        if (!was_cr) {
            enter_line(rs);
        }
        return;
    case 27:
        rs->esc = RL_ESC;
        return;
    case 1: rs->pos = 0; break;                                   /* C-a */
    case 2: rs->pos = MAX(rs->pos - 1, 0); break;                 /* C-b */
    case 4: delete_range(rs, rs->pos, MIN(rs->pos + 1, rs->len)); break; /* C-d */
    case 5: rs->pos = rs->len; break;                             /* C-e */
    case 6: rs->pos = MIN(rs->pos + 1, rs->len); break;           /* C-f */
    case 8: case 127:                                             /* backspace */
        delete_range(rs, MAX(rs->pos - 1, 0), rs->pos);
        break;
    case 9:                                                       /* tab */
        complete_word(rs);
        break;
    case 11: delete_range(rs, rs->pos, rs->len); break;           /* C-k */
    case 14: history_move(rs, -1); break;                         /* C-n */
    case 16: history_move(rs, +1); break;                         /* C-p */
    case 21: delete_range(rs, 0, rs->pos); break;                 /* C-u */
    case 23: kill_word_backward(rs); break;                       /* C-w */
    default:
        if (ch >= 32) {
            char c = (char)ch;
            insert_text(rs, &c, 1);
        }
        break;
    }
    readline_update(rs);
}
