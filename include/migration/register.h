/*
 * SaveVMHandlers: migration of state that is not a flat table (RAM, large or
 * iterative device state).  Handlers write their own section bodies with the
 * QEMUFile helpers; the engine writes section headers and footers.
 */
#ifndef MIGRATION_REGISTER_H
#define MIGRATION_REGISTER_H

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "migration/qemu-file.h"

typedef struct Object Object;

/*
 * Every function returns 0 or a negative errno with *errp set, unless said
 * otherwise.  A handler set with save_setup is "iterative": it gets a START
 * section at the beginning of migration, PART sections while the guest runs
 * and an END section once the guest is stopped.  A handler with only
 * save_state is saved once, in a FULL section, with the guest stopped.
 * load_state reads whatever the matching save call wrote (START, PART, END or
 * FULL alike); it must check every value it reads from the stream.
 */
typedef struct SaveVMHandlers {
    /* Non-iterative: the whole state in one go (guest stopped). */
    int (*save_state)(QEMUFile *f, void *opaque, Error **errp);

    /* Iterative. */
    bool (*is_active)(void *opaque);     /* NULL: always */
    int (*save_setup)(QEMUFile *f, void *opaque, Error **errp);
    /* Send a rate-limited part; returns 1 when nothing is left for now, 0 if more,
     * negative on error. */
    int (*save_live_iterate)(QEMUFile *f, void *opaque, Error **errp);
    /* Send the rest (guest stopped). */
    int (*save_live_complete)(QEMUFile *f, void *opaque, Error **errp);
    /* Bytes still to send; exact = after synchronising dirty tracking. */
    uint64_t (*save_pending)(void *opaque, bool exact);
    void (*save_cleanup)(void *opaque);

    int (*load_setup)(void *opaque, Error **errp);
    int (*load_state)(QEMUFile *f, void *opaque, int version_id, Error **errp);
    void (*load_cleanup)(void *opaque);
} SaveVMHandlers;

/*
 * Register handlers under section id idstr (instance_id may be
 * VMSTATE_INSTANCE_ID_ANY).  ops must outlive the registration.  Returns 0,
 * or -1 with *errp for a bad argument.
 */
int register_savevm_live(const char *idstr, uint32_t instance_id, int version_id,
                         const SaveVMHandlers *ops, void *opaque, Error **errp);
/* Remove the section registered with idstr and opaque. */
void unregister_savevm(const char *idstr, void *opaque);

#endif
