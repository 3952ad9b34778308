/*
 * Internals shared by the files of migration/: stream constants, the section
 * registry's walk for save and load, channels, and RAM statistics.  Nothing
 * outside migration/ includes this.
 */
#ifndef MIGRATION_INTERNAL_H
#define MIGRATION_INTERNAL_H

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "migration/qemu-file.h"
#include "migration/misc.h"

/* The stream format (QEMU's, so its tools read ours). */
#define QEMU_VM_FILE_MAGIC 0x5145564d
#define QEMU_VM_FILE_VERSION_COMPAT 0x00000002
#define QEMU_VM_FILE_VERSION 0x00000003

#define QEMU_VM_EOF 0x00
#define QEMU_VM_SECTION_START 0x01
#define QEMU_VM_SECTION_PART 0x02
#define QEMU_VM_SECTION_END 0x03
#define QEMU_VM_SECTION_FULL 0x04
#define QEMU_VM_SUBSECTION 0x05
#define QEMU_VM_VMDESCRIPTION 0x06
#define QEMU_VM_CONFIGURATION 0x07
#define QEMU_VM_COMMAND 0x08
#define QEMU_VM_SECTION_FOOTER 0x7e

/* RAM page flags, in the low bits of each page's be64 address. */
#define RAM_SAVE_FLAG_FULL 0x01
#define RAM_SAVE_FLAG_ZERO 0x02
#define RAM_SAVE_FLAG_MEM_SIZE 0x04
#define RAM_SAVE_FLAG_PAGE 0x08
#define RAM_SAVE_FLAG_EOS 0x10
#define RAM_SAVE_FLAG_CONTINUE 0x20
#define RAM_SAVE_FLAG_XBZRLE 0x40
#define RAM_SAVE_FLAG_COMPRESS_PAGE 0x100

/* The stream's page size (and the dirty bitmap's). */
#define MIGRATION_PAGE_BITS 12
#define MIGRATION_PAGE_SIZE (1u << MIGRATION_PAGE_BITS)

/* ---- savevm.c: the stream ---- */

/* Magic, version and the configuration section. */
void qemu_savevm_state_header(QEMUFile *f);
/* START sections for iterative handlers. */
int qemu_savevm_state_setup(QEMUFile *f, Error **errp);
/* One PART round; returns 1 when every handler says it is done for now. */
int qemu_savevm_state_iterate(QEMUFile *f, Error **errp);
/* Bytes the iterative handlers still have to send. */
uint64_t qemu_savevm_state_pending(bool exact);
/* END for iterative handlers, FULL for the rest, EOF and the vmdesc.  The
 * guest must be stopped and the device lock held. */
int qemu_savevm_state_complete(QEMUFile *f, Error **errp);
void qemu_savevm_state_cleanup(void);

/* Record the run state the destination should resume into (globalstate). */
void global_state_store(void);
void global_state_store_running(void);
/* After a load: whether a globalstate section arrived, and its run state. */
bool global_state_received(void);
const char *global_state_get_runstate(void);

/* Load with the device lock taken around each device section. */
int qemu_loadvm_state_locked(QEMUFile *f, bool take_lock, Error **errp);

/* ---- ram.c ---- */

/* Register the "ram" section (called once). */
void ram_mig_init(void);
/* Copy the RAM statistics of the current or last outgoing migration. */
void ram_get_stats(MigrationRamStats *stats);
void ram_reset_stats(void);
/* The stream's final byte count (the thread sets it at the end). */
void ram_set_transferred(uint64_t bytes);
/* Number of dirty-bitmap synchronisations so far (MIGRATION_PASS). */
uint64_t ram_dirty_sync_count(void);
/* Called by ram.c at each bitmap synchronisation. */
void migration_notify_pass(uint64_t pass);

/* ---- channel.c ---- */

typedef struct MigrationChannel MigrationChannel;

/* Open uri for sending: connects / spawns / opens; returns the stream. */
QEMUFile *migration_channel_connect(const char *uri, Error **errp);

/*
 * Prepare uri for receiving.  on_ready(f, opaque) is called from the main loop
 * once a stream is available (a connection accepted, a command spawned, a file
 * opened).  Returns NULL with *errp when uri cannot be used.
 */
MigrationChannel *migration_channel_listen(const char *uri,
                                           void (*on_ready)(QEMUFile *f, void *opaque),
                                           void *opaque, Error **errp);
/* Stop listening (after the connection arrived, or on cancel). */
void migration_channel_close(MigrationChannel *ch);

#endif
