/*
 * The block layer in the monitors: QMP query-block and HMP info block,
 * with QEMU's field names, order and text layout.  Only reads state; the
 * block layer itself is block-backend.c and block.c.
 */
#include "qemu/osdep.h"
#include <sys/stat.h>
#include "block/block_int.h"
#include "hw/qdev-core.h"
#include "monitor/hmp.h"
#include "monitor/qmp.h"
#include "monitor/json-writer.h"

/* ---- schema ---- */

static const char *const detect_zeroes_values[] = { "off", "on", "unmap", NULL };
static const char *const io_status_values[] = { "ok", "failed", "nospace", NULL };

static const QmpTypeDef block_types[] = {
    { "BlockdevDetectZeroesOptions", QMP_META_ENUM, .values = detect_zeroes_values },
    { "BlockDeviceIoStatus", QMP_META_ENUM, .values = io_status_values },
    { "BlockdevCacheInfo", QMP_META_OBJECT, .members = (const QmpMember[]) {
        { "writeback", "bool" }, { "direct", "bool" }, { "no-flush", "bool" }, { NULL } } },
    { "ImageInfo", QMP_META_OBJECT, .members = (const QmpMember[]) {
        { "filename", "str" }, { "format", "str" }, { "*dirty-flag", "bool" },
        { "*actual-size", "int" }, { "virtual-size", "int" }, { "*cluster-size", "int" },
        { "*encrypted", "bool" }, { "*compressed", "bool" },
        { "*backing-filename", "str" }, { "*full-backing-filename", "str" },
        { "*backing-filename-format", "str" }, { "*format-specific", "any" },
        { NULL } } },
    { "BlockDeviceInfo", QMP_META_OBJECT, .members = (const QmpMember[]) {
        { "file", "str" }, { "*node-name", "str" }, { "ro", "bool" }, { "drv", "str" },
        { "*backing_file", "str" }, { "backing_file_depth", "int" },
        { "encrypted", "bool" }, { "detect_zeroes", "BlockdevDetectZeroesOptions" },
        { "bps", "int" }, { "bps_rd", "int" }, { "bps_wr", "int" },
        { "iops", "int" }, { "iops_rd", "int" }, { "iops_wr", "int" },
        { "image", "ImageInfo" }, { "cache", "BlockdevCacheInfo" },
        { "write_threshold", "int" }, { NULL } } },
    { "BlockInfo", QMP_META_OBJECT, .members = (const QmpMember[]) {
        { "device", "str" }, { "*qdev", "str" }, { "type", "str" },
        { "removable", "bool" }, { "locked", "bool" }, { "*inserted", "BlockDeviceInfo" },
        { "*tray_open", "bool" }, { "*io-status", "BlockDeviceIoStatus" }, { NULL } } },
    { NULL }
};

/* ---- what both monitors show ---- */

/* The device as QEMU names it: its id, else its QOM path. */
static char *attached_dev_name(BlockBackend *blk)
{
    DeviceState *dev = blk_get_attached_dev(blk);

    if (!dev) {
        return NULL;
    }
    if (dev->id) {
        return g_strdup(dev->id);
    }
    return object_get_canonical_path(OBJECT(dev));
}

/* Listed: named (-drive) backends, and anonymous ones a device uses. */
static bool blk_is_listed(BlockBackend *blk)
{
    return *blk_drive_id(blk) || blk_get_attached_dev(blk);
}

static JsonObject *image_info(BlockDriverState *bs)
{
    JsonObject *o = json_object_new();
    BlockDriverState *proto = bdrv_protocol(bs);
    struct stat st;

    json_object_set_string_member(o, "filename", bs->filename);
    json_object_set_string_member(o, "format", bdrv_format_name(bs));
    json_object_set_boolean_member(o, "dirty-flag", false);
    if (proto && proto->filename && stat(proto->filename, &st) == 0) {
        json_object_set_int_member(o, "actual-size", (int64_t)st.st_blocks * 512);
    }
    json_object_set_int_member(o, "virtual-size", MAX(bdrv_getlength(bs), 0));
    return o;
}

static JsonObject *inserted_info(BlockBackend *blk)
{
    BlockDriverState *bs = blk_bs(blk);
    JsonObject *o = json_object_new();
    JsonObject *cache = json_object_new();
    static const char *const zero_members[] = {
        "bps", "bps_rd", "bps_wr", "iops", "iops_rd", "iops_wr",
    };

    json_object_set_string_member(o, "file", bs->filename);
    json_object_set_string_member(o, "node-name", bs->node_name);
    json_object_set_boolean_member(o, "ro", bs->read_only);
    json_object_set_string_member(o, "drv", bdrv_format_name(bs));
    json_object_set_int_member(o, "backing_file_depth", 0);
    json_object_set_boolean_member(o, "encrypted", false);
    json_object_set_string_member(o, "detect_zeroes", "off");
    /* No I/O throttling exists here: every limit is 0 (unlimited). */
    for (size_t i = 0; i < ARRAY_SIZE(zero_members); i++) {
        json_object_set_int_member(o, zero_members[i], 0);
    }
    json_object_set_object_member(o, "image", image_info(bs));
    json_object_set_boolean_member(cache, "writeback", blk_enable_write_cache(blk));
    json_object_set_boolean_member(cache, "direct", bs->direct);
    json_object_set_boolean_member(cache, "no-flush", bs->no_flush);
    json_object_set_object_member(o, "cache", cache);
    json_object_set_int_member(o, "write_threshold", 0);
    return o;
}

static JsonNode *qmp_query_block(JsonObject *args, Error **errp)
{
    JsonArray *list = json_array_new();

    for (BlockBackend *blk = blk_next(NULL); blk; blk = blk_next(blk)) {
        JsonObject *o;
        g_autofree char *qdev = NULL;
        bool removable = !blk_get_attached_dev(blk);

        if (!blk_is_listed(blk)) {
            continue;
        }
        o = json_object_new();
        qdev = attached_dev_name(blk);
        json_object_set_string_member(o, "device", blk_drive_id(blk));
        if (qdev) {
            json_object_set_string_member(o, "qdev", qdev);
        }
        json_object_set_string_member(o, "type", "unknown");
        json_object_set_boolean_member(o, "removable", removable);
        json_object_set_boolean_member(o, "locked", false);
        if (blk_is_inserted(blk)) {
            json_object_set_object_member(o, "inserted", inserted_info(blk));
        }
        if (removable) {
            json_object_set_boolean_member(o, "tray_open", false);
        }
        if (qdev) {
            json_object_set_string_member(o, "io-status", "ok");
        }
        json_array_add_object_element(list, o);
    }
    return qmp_node_array(list);
}

static const QmpCommandDef block_commands[] = {
    { "query-block", NULL, "[BlockInfo]", qmp_query_block },
    { NULL }
};

/* ---- info block ---- */

static void print_cache_mode(Monitor *mon, BlockBackend *blk, BlockDriverState *bs)
{
    monitor_printf(mon, "    Cache mode:       %s%s%s\n",
                   blk && !blk_enable_write_cache(blk) ? "writethrough" : "writeback",
                   bs->direct ? ", direct" : "", bs->no_flush ? ", ignore flushes" : "");
}

static void print_backend(Monitor *mon, BlockBackend *blk)
{
    BlockDriverState *bs = blk_bs(blk);
    g_autofree char *qdev = attached_dev_name(blk);
    const char *id = blk_drive_id(blk);

    if (*id) {
        monitor_printf(mon, "%s", id);
        if (bs) {
            monitor_printf(mon, " (%s)", bs->node_name);
        }
    } else {
        monitor_printf(mon, "%s", bs ? bs->node_name : qdev ? qdev : "<anonymous>");
    }
    if (bs) {
        monitor_printf(mon, ": %s (%s%s)\n", bs->filename, bdrv_format_name(bs),
                       bs->read_only ? ", read-only" : "");
    } else {
        monitor_printf(mon, ": [not inserted]\n");
    }
    if (qdev) {
        monitor_printf(mon, "    Attached to:      %s\n", qdev);
    } else {
        /* No device: QEMU counts the drive as removable media. */
        monitor_printf(mon, "    Removable device: not locked, tray closed\n");
    }
    if (bs) {
        print_cache_mode(mon, blk, bs);
    }
}

static void hmp_info_block(Monitor *mon, const HMPArgs *args)
{
    const char *device = hmp_arg_str(args, "device");
    bool nodes = hmp_arg_bool(args, "nodes", false);
    bool first = true;

    if (!nodes) {
        for (BlockBackend *blk = blk_next(NULL); blk; blk = blk_next(blk)) {
            if (!blk_is_listed(blk) || (device && strcmp(device, blk_drive_id(blk)))) {
                continue;
            }
            if (!first) {
                monitor_printf(mon, "\n");
            }
            first = false;
            print_backend(mon, blk);
        }
        return;
    }
    /* -n: the nodes the user named. */
    for (BlockDriverState *bs = bdrv_next_node(NULL); bs; bs = bdrv_next_node(bs)) {
        if (bs->node_name[0] == '#' || (device && strcmp(device, bs->node_name))) {
            continue;
        }
        if (!first) {
            monitor_printf(mon, "\n");
        }
        first = false;
        monitor_printf(mon, "%s: %s (%s%s)\n", bs->node_name, bs->filename,
                       bdrv_format_name(bs), bs->read_only ? ", read-only" : "");
        print_cache_mode(mon, NULL, bs);
    }
}

static const HMPCommand hmp_block_info_commands[] = {
    { "block", "nodes:-n,verbose:-v,device:s?", "[-n] [-v] [device]",
      "show info of one block device or all block devices (-n: show named nodes; "
      "-v: show details)", hmp_info_block },
    { NULL }
};

static void __attribute__((constructor)) block_monitor_register(void)
{
    qmp_register_types(block_types);
    qmp_register_commands(block_commands);
    hmp_register_info_commands(hmp_block_info_commands);
}
