/*
 * The QMP input splitter: cuts a byte stream into top-level JSON texts without
 * parsing them (see include/monitor/json-stream.h).  Parsing is json-glib's job.
 */
#include "qemu/osdep.h"
#include "monitor/json-stream.h"

struct JsonStream {
    JsonStreamEmit *emit;
    void *opaque;
    GString *buf;           /* the value so far, rewritten to standard JSON */
    unsigned depth;         /* open objects and arrays */
    char quote;             /* '"' or '\'' while inside a string, else 0 */
    bool escape;            /* the previous string byte was a backslash */
    bool bare;              /* inside a top-level word (number, keyword, garbage) */
    bool discard;           /* a value broke a bound: skip to its end, emit nothing */
    bool emitted;           /* a value or an error went out during this byte */
    size_t tokens;
};

JsonStream *json_stream_new(JsonStreamEmit *emit, void *opaque)
{
    JsonStream *js = g_new0(JsonStream, 1);

    js->emit = emit;
    js->opaque = opaque;
    js->buf = g_string_new(NULL);
    return js;
}

void json_stream_free(JsonStream *js)
{
    if (js) {
        g_string_free(js->buf, TRUE);
        g_free(js);
    }
}

void json_stream_reset(JsonStream *js)
{
    g_string_truncate(js->buf, 0);
    js->depth = 0;
    js->quote = 0;
    js->escape = false;
    js->bare = false;
    js->discard = false;
    js->tokens = 0;
}

static void emit_error(JsonStream *js, const char *fmt, ...) QEMU_PRINTF(2, 3);

static void emit_error(JsonStream *js, const char *fmt, ...)
{
    Error *err = NULL;
    va_list ap;
    g_autofree char *msg = NULL;

    va_start(ap, fmt);
    msg = g_strdup_vprintf(fmt, ap);
    va_end(ap);
    error_setg(&err, "%s", msg);
    js->emitted = true;
    js->emit(js->opaque, NULL, 0, err);
}

/* A bound was broken: report once, then drop bytes until the value ends. */
static void start_discard(JsonStream *js, const char *what)
{
    emit_error(js, "JSON %s limit exceeded", what);
    g_string_truncate(js->buf, 0);
    js->discard = true;
}

/* The current value is complete. */
static void finish_value(JsonStream *js)
{
    GString *buf = js->buf;

    js->tokens = 0;
    js->bare = false;
    if (js->discard) {
        js->discard = false;
        g_string_truncate(buf, 0);
        return;
    }
    if (strlen(buf->str) != buf->len) {
        g_string_truncate(buf, 0);
        emit_error(js, "JSON parse error, NUL byte in input");
        return;
    }
    if (!g_utf8_validate(buf->str, buf->len, NULL)) {
        g_string_truncate(buf, 0);
        emit_error(js, "JSON parse error, invalid UTF-8 sequence");
        return;
    }
    {
        /* The callee may feed us again (nested dispatch); hand over a copy. */
        g_autofree char *text = g_strndup(buf->str, buf->len);
        size_t len = buf->len;

        g_string_truncate(buf, 0);
        js->emitted = true;
        js->emit(js->opaque, text, len, NULL);
    }
}

static void append_str(JsonStream *js, const char *s)
{
    if (!js->discard) {
        g_string_append(js->buf, s);
        if (js->buf->len > JSON_STREAM_MAX_SIZE) {
            start_discard(js, "token size");
        }
    }
}

static void append_c(JsonStream *js, char c)
{
    char s[2] = { c, 0 };

    if (!c) {
        /* Keep NUL bytes so that finish_value() can reject the value. */
        if (!js->discard) {
            g_string_append_len(js->buf, s, 1);
        }
        return;
    }
    append_str(js, s);
}

static bool is_delimiter(uint8_t c)
{
    return strchr(" \t\r\n{}[],:\"'", c) != NULL && c != 0;
}

static void feed_string_byte(JsonStream *js, uint8_t c)
{
    if (js->escape) {
        js->escape = false;
        if (c == '\'') {
            append_c(js, '\'');         /* QEMU accepts \' in any string */
        } else {
            append_c(js, '\\');
            append_c(js, c);
        }
    } else if (c == '\\') {
        js->escape = true;
    } else if (c == js->quote) {
        js->quote = 0;
        append_c(js, '"');
        if (js->depth == 0) {
            finish_value(js);
        }
    } else if (c == '"') {
        append_str(js, "\\\"");         /* a double quote inside a '...' string */
    } else {
        append_c(js, c);
    }
}

static void count_token(JsonStream *js)
{
    if (++js->tokens > JSON_STREAM_MAX_TOKENS && !js->discard) {
        start_discard(js, "token count");
    }
}

static void feed_byte(JsonStream *js, uint8_t c)
{
    if (js->quote) {
        feed_string_byte(js, c);
        return;
    }
    if (js->bare) {
        if (!is_delimiter(c)) {
            append_c(js, c);
            return;
        }
        finish_value(js);
        /* c starts whatever comes next. */
    }
    switch (c) {
    case ' ': case '\t': case '\r': case '\n':
        if (js->depth) {
            append_c(js, c);
        }
        return;
    case '"': case '\'':
        js->quote = c;
        append_c(js, '"');
        return;
    case '{': case '[':
        js->depth++;
        count_token(js);
        if (js->depth > JSON_STREAM_MAX_DEPTH && !js->discard) {
            start_discard(js, "nesting depth");
        }
        append_c(js, c);
        return;
    case '}': case ']':
        if (!js->depth) {
            emit_error(js, "JSON parse error, stray '%c'", c);
            return;
        }
        append_c(js, c);
        if (--js->depth == 0) {
            finish_value(js);
        }
        return;
    case ',': case ':':
        if (!js->depth) {
            emit_error(js, "JSON parse error, stray '%c'", c);
            return;
        }
        count_token(js);
        append_c(js, c);
        return;
    default:
        if (!js->depth) {
            js->bare = true;
        }
        append_c(js, c);
        return;
    }
}

size_t json_stream_feed(JsonStream *js, const void *buf, size_t len)
{
    const uint8_t *p = buf;

    for (size_t i = 0; i < len; i++) {
        js->emitted = false;
        feed_byte(js, p[i]);
        if (js->emitted) {
            js->emitted = false;
            return i + 1;
        }
    }
    return len;
}

void json_stream_feed_all(JsonStream *js, const void *buf, size_t len)
{
    size_t done = 0;

    while (done < len) {
        done += json_stream_feed(js, (const uint8_t *)buf + done, len - done);
    }
}

void json_stream_flush(JsonStream *js)
{
    if (js->bare && !js->quote) {
        finish_value(js);
        return;
    }
    if (js->depth || js->quote) {
        bool discarding = js->discard;

        json_stream_reset(js);
        if (!discarding) {
            emit_error(js, "JSON parse error, unexpected end of input");
        }
    }
}
