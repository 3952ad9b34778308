/*
 * QEMUFile: the buffered byte stream migration reads and writes, over a file
 * descriptor (file, pipe, socket) or a memory buffer.  All multi-byte helpers
 * are big-endian, as the stream format requires.  Not for device code beyond
 * the put/get helpers that custom VMStateInfo and SaveVMHandlers use.
 */
#ifndef MIGRATION_QEMU_FILE_H
#define MIGRATION_QEMU_FILE_H

#include "qemu/osdep.h"
#include "qapi/error.h"

typedef struct QEMUFile QEMUFile;

/*
 * The transport under a QEMUFile.  read returns the number of bytes read, 0 at
 * end of stream, or -errno with *errp set; write returns bytes written (it may
 * write fewer) or -errno with *errp set.  close returns 0 or -errno.  shutdown
 * (optional) makes blocked and later reads/writes fail at once; it may be
 * called from another thread.
 */
typedef struct QEMUFileOps {
    ssize_t (*read)(void *opaque, uint8_t *buf, size_t size, Error **errp);
    ssize_t (*write)(void *opaque, const uint8_t *buf, size_t size, Error **errp);
    int (*close)(void *opaque);
    int (*shutdown)(void *opaque);
} QEMUFileOps;

/* A stream over ops; the QEMUFile owns opaque until qemu_fclose calls ops->close. */
QEMUFile *qemu_file_new(const QEMUFileOps *ops, void *opaque, bool writable);

/*
 * A stream over fd (file, pipe or socket).  The fd is closed by qemu_fclose.
 * name is used in error messages ("migration stream", "exec:cat > f").
 */
QEMUFile *qemu_file_new_fd_input(int fd, const char *name);
QEMUFile *qemu_file_new_fd_output(int fd, const char *name);

/* Read from a copy of len bytes of buf (tests, the fuzzer, snapshots). */
QEMUFile *qemu_file_new_mem_input(const void *buf, size_t len);
/* Write into memory; qemu_file_mem_output_data() gives the bytes so far. */
QEMUFile *qemu_file_new_mem_output(void);
/* The bytes written to a memory output so far (after flushing); NULL for other files. */
const uint8_t *qemu_file_mem_output_data(QEMUFile *f, size_t *len);

/* Flush, close the transport and free.  Returns the latched error or the
 * close error (negative errno), else 0.  NULL is a no-op. */
int qemu_fclose(QEMUFile *f);
/* Make pending and future I/O fail (cancel); safe from another thread. */
int qemu_file_shutdown(QEMUFile *f);

/* Write out buffered bytes; errors are latched. */
void qemu_fflush(QEMUFile *f);

/*
 * Error latching: the first error sticks, later operations are no-ops (reads
 * return zeros).  get_error returns 0 or a negative errno; get_error_obj
 * also gives the message (owned by f; NULL when none).
 */
int qemu_file_get_error(QEMUFile *f);
int qemu_file_get_error_obj(QEMUFile *f, const Error **errp);
/* Latch ret (negative errno) with a message, unless an error is already latched. */
void qemu_file_set_error(QEMUFile *f, int ret, const char *fmt, ...) QEMU_PRINTF(3, 4);
/* True once a read met the end of the stream (a truncated stream). */
bool qemu_file_hit_eof(QEMUFile *f);

/* Writers. */
void qemu_put_byte(QEMUFile *f, uint8_t v);
void qemu_put_be16(QEMUFile *f, uint16_t v);
void qemu_put_be32(QEMUFile *f, uint32_t v);
void qemu_put_be64(QEMUFile *f, uint64_t v);
void qemu_put_buffer(QEMUFile *f, const uint8_t *buf, size_t size);
/* One length byte then the string (at most 255 bytes: longer ones are an error). */
void qemu_put_counted_string(QEMUFile *f, const char *str);

/* Readers: on error or end of stream they latch an error and return 0. */
uint8_t qemu_get_byte(QEMUFile *f);
uint16_t qemu_get_be16(QEMUFile *f);
uint32_t qemu_get_be32(QEMUFile *f);
uint64_t qemu_get_be64(QEMUFile *f);
/* Read exactly size bytes; returns how many were read (size unless error/EOF). */
size_t qemu_get_buffer(QEMUFile *f, uint8_t *buf, size_t size);
/* Read a counted string into buf (256 bytes); returns its length, 0 on error. */
size_t qemu_get_counted_string(QEMUFile *f, char buf[256]);
/*
 * Look ahead without consuming: the byte at offset from the read position,
 * or size bytes from offset (at most 256 + offset <= buffer).  peek_buffer
 * returns how many bytes are available (< size at end of stream) and points
 * *buf into the internal buffer, valid until the next read.
 */
int qemu_peek_byte(QEMUFile *f, size_t offset);
size_t qemu_peek_buffer(QEMUFile *f, uint8_t **buf, size_t size, size_t offset);

static inline void qemu_put_8s(QEMUFile *f, const uint8_t *pv) { qemu_put_byte(f, *pv); }
static inline void qemu_put_be16s(QEMUFile *f, const uint16_t *pv) { qemu_put_be16(f, *pv); }
static inline void qemu_put_be32s(QEMUFile *f, const uint32_t *pv) { qemu_put_be32(f, *pv); }
static inline void qemu_put_be64s(QEMUFile *f, const uint64_t *pv) { qemu_put_be64(f, *pv); }
static inline void qemu_get_8s(QEMUFile *f, uint8_t *pv) { *pv = qemu_get_byte(f); }
static inline void qemu_get_be16s(QEMUFile *f, uint16_t *pv) { *pv = qemu_get_be16(f); }
static inline void qemu_get_be32s(QEMUFile *f, uint32_t *pv) { *pv = qemu_get_be32(f); }
static inline void qemu_get_be64s(QEMUFile *f, uint64_t *pv) { *pv = qemu_get_be64(f); }

/* Byte counters: everything written (including buffered) / read so far. */
uint64_t qemu_file_total_transferred(QEMUFile *f);

/*
 * Bandwidth limiting for the outgoing side: the migration thread sets a byte
 * budget per time slice; rate_limit says whether it is used up.  0 = no limit.
 */
void qemu_file_set_rate_limit(QEMUFile *f, uint64_t bytes_per_slice);
bool qemu_file_rate_limit(QEMUFile *f);
/* Start a new slice (the budget counts bytes written since). */
void qemu_file_reset_rate_limit(QEMUFile *f);

#endif
