/*
 * The block side of devices: the "drive" qdev property (a BlockBackend *
 * set by backend name) and QEMU's blkconf_* realize-time checks that turn
 * a device's block properties into a claimed backend.
 */
#include "qemu/osdep.h"
#include "hw/block/block.h"
#include "block/block_int.h"

static BlockBackend **drive_ptr(Object *obj, Property *prop)
{
    return (BlockBackend **)((char *)obj + prop->offset);
}

static JsonNode *get_drive(Object *obj, ObjectProperty *op, Error **errp)
{
    Property *prop = op->opaque;
    BlockBackend *blk = *drive_ptr(obj, prop);
    return qom_node_new_str(blk ? blk_name(blk) : "");
}

static bool set_drive(Object *obj, ObjectProperty *op, JsonNode *v, bool parse, Error **errp)
{
    Property *prop = op->opaque;
    BlockBackend **ptr = drive_ptr(obj, prop);
    g_autofree char *name = qom_node_to_str(v, prop->name, errp);
    BlockBackend *blk;

    if (!name) {
        return false;
    }
    if (!*name) {
        /* "" detaches, as QEMU allows before realize. */
        if (*ptr) {
            blk_detach_dev(*ptr, DEVICE(obj));
            *ptr = NULL;
        }
        return true;
    }
    blk = blk_by_name(name);
    if (!blk) {
        error_setg(errp, "Property '%s.%s' can't find value '%s'",
                   object_get_typename(obj), prop->name, name);
        return false;
    }
    if (*ptr == blk) {
        return true;
    }
    if (!blk_attach_dev(blk, DEVICE(obj), errp)) {
        return false;
    }
    if (*ptr) {
        blk_detach_dev(*ptr, DEVICE(obj));
    }
    *ptr = blk;
    return true;
}

static void release_drive(Object *obj, const char *name, void *opaque)
{
    Property *prop = opaque;
    BlockBackend **ptr = drive_ptr(obj, prop);

    if (*ptr) {
        blk_detach_dev(*ptr, DEVICE(obj));
        *ptr = NULL;
    }
}

const PropertyInfo qdev_prop_drive = {
    .name = "str",
    .description = "Node name or ID of a block device to use as a backend",
    .get = get_drive,
    .set = set_drive,
    .release = release_drive,
};

static bool check_block_size(const char *name, uint32_t value, Error **errp)
{
    /* QEMU's limits: a power of two from 512 bytes to 2 MiB. */
    if (value < 512 || value > 2 * 1024 * 1024 || (value & (value - 1))) {
        error_setg(errp, "Property %s doesn't take value %" PRIu32, name, value);
        error_append_hint(errp, "It must be a power of 2 between 512 and 2097152.\n");
        return false;
    }
    return true;
}

bool blkconf_blocksizes(BlockConf *conf, Error **errp)
{
    if (!conf->physical_block_size) {
        conf->physical_block_size = conf->logical_block_size ? conf->logical_block_size : 512;
    }
    if (!conf->logical_block_size) {
        conf->logical_block_size = 512;
    }
    if (!check_block_size("logical_block_size", conf->logical_block_size, errp) ||
        !check_block_size("physical_block_size", conf->physical_block_size, errp)) {
        return false;
    }
    if (conf->logical_block_size > conf->physical_block_size) {
        error_setg(errp, "logical_block_size > physical_block_size not supported");
        return false;
    }
    if (conf->min_io_size % conf->logical_block_size) {
        error_setg(errp, "min_io_size must be a multiple of logical_block_size");
        return false;
    }
    if (conf->opt_io_size % conf->logical_block_size) {
        error_setg(errp, "opt_io_size must be a multiple of logical_block_size");
        return false;
    }
    if (conf->discard_granularity != (uint32_t)-1 && conf->discard_granularity &&
        conf->discard_granularity % conf->logical_block_size) {
        error_setg(errp, "discard_granularity must be a multiple of logical_block_size");
        return false;
    }
    return true;
}

bool blkconf_apply_backend_options(BlockConf *conf, bool readonly, bool resizable,
                                   Error **errp)
{
    BlockBackend *blk = conf->blk;
    uint64_t perm, shared;

    if (!blk) {
        return true;
    }
    if (!readonly && blk_is_read_only(blk)) {
        error_setg(errp, "Block node is read-only");
        return false;
    }
    perm = BLK_PERM_CONSISTENT_READ | (readonly ? 0 : BLK_PERM_WRITE);
    shared = BLK_PERM_CONSISTENT_READ | BLK_PERM_WRITE_UNCHANGED | BLK_PERM_GRAPH_MOD;
    if (resizable) {
        shared |= BLK_PERM_RESIZE;
    }
    if (conf->share_rw) {
        shared |= BLK_PERM_WRITE;
    }
    if (!blk_set_perm_raw(blk, perm, shared, errp)) {
        return false;
    }
    switch (conf->wce) {
    case ON_OFF_AUTO_ON:
        blk_set_enable_write_cache(blk, true);
        break;
    case ON_OFF_AUTO_OFF:
        blk_set_enable_write_cache(blk, false);
        break;
    default:
        break;          /* auto: the drive's cache= decides */
    }
    return true;
}
