/*
 * Splitting a byte stream into top-level JSON texts for QMP: finds where each
 * value ends (objects and arrays by bracket depth outside strings, top-level
 * strings and bare words), enforces size/nesting bounds, and rewrites QEMU's
 * single-quoted strings into standard JSON.  It does not parse values; the
 * caller hands each text to a real JSON parser.
 */
#ifndef MONITOR_JSON_STREAM_H
#define MONITOR_JSON_STREAM_H

#include "qemu/osdep.h"
#include "qapi/error.h"

/*
 * Bounds on one top-level value, as QEMU's: beyond them the value is dropped
 * with an error, the stream skips to where that value ends, and carries on.
 */
#define JSON_STREAM_MAX_SIZE (64u << 20)       /* bytes of one value */
#define JSON_STREAM_MAX_DEPTH 1024             /* nesting of objects and arrays */
#define JSON_STREAM_MAX_TOKENS (2u << 20)      /* separators and openers in one value */

/*
 * Called once per top-level value: text (NUL-terminated, len bytes, standard
 * JSON syntax, valid UTF-8) and err NULL; or text NULL and err set for input
 * that cannot be a value.  The callee owns err.
 */
typedef void JsonStreamEmit(void *opaque, const char *text, size_t len, Error *err);

typedef struct JsonStream JsonStream;

JsonStream *json_stream_new(JsonStreamEmit *emit, void *opaque);
void json_stream_free(JsonStream *js);
/*
 * Feed bytes up to the end of the first value (or error) emitted; returns how
 * many were consumed, so that the caller can let other work run between
 * commands and feed the rest later.
 */
size_t json_stream_feed(JsonStream *js, const void *buf, size_t len);
/* Feed everything, emitting every value that ends within buf, in order. */
void json_stream_feed_all(JsonStream *js, const void *buf, size_t len);
/* End of input: a pending bare word is emitted, an unfinished value is an error. */
void json_stream_flush(JsonStream *js);
/* Drop any partial value (a new client connected). */
void json_stream_reset(JsonStream *js);

#endif
