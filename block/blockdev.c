/*
 * The block command line: -drive (QEMU's legacy syntax, with its default
 * ids, if=/bus=/unit=/index= placement and cache= shorthands) and -blockdev
 * (key=value or JSON), both turned into flat node options for block.c.
 * Also creates the devices for if=virtio drives once -device has run.
 */
#include "qemu/osdep.h"
#include <json-glib/json-glib.h>
#include "block/block_int.h"
#include "hw/qdev-core.h"

typedef struct IfDesc {
    const char *name;
    int max_devs;                  /* units per bus; 0: one bus, any unit */
    BlockInterfaceType type;       /* IF_COUNT: no device of ours takes it */
} IfDesc;

/* QEMU's interface names and units per bus (its ABI for index=). */
static const IfDesc if_descs[] = {
    { "none", 0, IF_NONE },
    { "ide", 2, IF_COUNT },
    { "scsi", 7, IF_SCSI },
    { "floppy", 0, IF_COUNT },
    { "pflash", 0, IF_COUNT },
    { "mtd", 0, IF_COUNT },
    { "sd", 0, IF_COUNT },
    { "virtio", 0, IF_VIRTIO },
    { "xen", 0, IF_COUNT },
};

/* The machine's default interface: virt puts -drive disks on virtio. */
#define DEFAULT_IF_INDEX 7

/* What -drive made, for placement and for the orphan check. */
typedef struct DriveInfo {
    BlockBackend *blk;
    int if_index;
    int bus, unit;
    char *arg;
} DriveInfo;

static GPtrArray *drives;

/* The -drive keys the drive itself consumes; the rest go to the node. */
static const char *const drive_keys[] = {
    "file", "format", "if", "id", "readonly", "cache", "discard", "aio", "index", "bus",
    "unit", "media", "werror", "rerror", "snapshot", "copy-on-read", "serial", "addr",
    "cyls", "heads", "secs", "trans", "bios-chs-trans", "boot",
    NULL
};

static DriveInfo *drive_get(int if_index, int bus, int unit)
{
    for (guint i = 0; drives && i < drives->len; i++) {
        DriveInfo *d = g_ptr_array_index(drives, i);
        if (d->if_index == if_index && d->bus == bus && d->unit == unit) {
            return d;
        }
    }
    return NULL;
}

static bool is_drive_key(const char *key)
{
    for (const char *const *k = drive_keys; *k; k++) {
        if (!strcmp(*k, key)) {
            return true;
        }
    }
    return false;
}

/* QEMU's cache= shorthands as (writeback, direct, no-flush). */
static bool parse_cache_mode(const char *mode, bool *writeback, bool *direct, bool *no_flush)
{
    static const struct { const char *name; bool wb, direct, no_flush; } modes[] = {
        { "off", true, true, false },      /* old spelling of none */
        { "none", true, true, false },
        { "directsync", false, true, false },
        { "writeback", true, false, false },
        { "unsafe", true, false, true },
        { "writethrough", false, false, false },
    };
    for (size_t i = 0; i < ARRAY_SIZE(modes); i++) {
        if (!strcmp(mode, modes[i].name)) {
            *writeback = modes[i].wb;
            *direct = modes[i].direct;
            *no_flush = modes[i].no_flush;
            return true;
        }
    }
    return false;
}

static bool id_wellformed(const char *id)
{
    if (!g_ascii_isalpha(id[0])) {
        return false;
    }
    for (const char *p = id + 1; *p; p++) {
        if (!g_ascii_isalnum(*p) && *p != '-' && *p != '.' && *p != '_') {
            return false;
        }
    }
    return true;
}

static bool get_int_opt(QemuOpts *opts, const char *name, int *out, Error **errp)
{
    const char *s = qemu_opt_get(opts, name);
    uint64_t v;

    if (!s) {
        return true;
    }
    if (!qemu_parse_uint64(name, s, &v, errp)) {
        return false;
    }
    if (v > INT_MAX) {
        error_setg(errp, "Parameter '%s' expects a non-negative number below 2^31", name);
        return false;
    }
    *out = v;
    return true;
}

/* Choose if/bus/unit and the default id, as QEMU's drive_new() does. */
static bool drive_place(QemuOpts *opts, int *if_index, int *bus, int *unit, Error **errp)
{
    const char *ifname = qemu_opt_get(opts, "if");
    int index = -1, max_devs;

    *if_index = DEFAULT_IF_INDEX;
    if (ifname) {
        *if_index = -1;
        for (size_t i = 0; i < ARRAY_SIZE(if_descs); i++) {
            if (!strcmp(if_descs[i].name, ifname)) {
                *if_index = i;
            }
        }
        if (*if_index < 0) {
            error_setg(errp, "unsupported bus type '%s'", ifname);
            return false;
        }
    }
    max_devs = if_descs[*if_index].max_devs;
    *bus = 0;
    *unit = -1;
    if (!get_int_opt(opts, "bus", bus, errp) || !get_int_opt(opts, "unit", unit, errp) ||
        !get_int_opt(opts, "index", &index, errp)) {
        return false;
    }
    if (index != -1) {
        if (qemu_opt_has(opts, "bus") || qemu_opt_has(opts, "unit")) {
            error_setg(errp, "index cannot be used with bus and unit");
            return false;
        }
        *bus = max_devs ? index / max_devs : 0;
        *unit = max_devs ? index % max_devs : index;
    }
    if (*unit == -1) {
        *unit = 0;
        while (drive_get(*if_index, *bus, *unit)) {
            (*unit)++;
            if (max_devs && *unit >= max_devs) {
                *unit -= max_devs;
                (*bus)++;
            }
        }
    }
    if (max_devs && *unit >= max_devs) {
        error_setg(errp, "unit %d too big (max is %d)", *unit, max_devs - 1);
        return false;
    }
    if (drive_get(*if_index, *bus, *unit)) {
        error_setg(errp, "drive with bus=%d, unit=%d (index=%d) exists", *bus, *unit,
                   max_devs ? *bus * max_devs + *unit : *unit);
        return false;
    }
    return true;
}

static char *drive_default_id(QemuOpts *opts, int if_index, int bus, int unit)
{
    const IfDesc *d = &if_descs[if_index];
    const char *media = qemu_opt_get(opts, "media");

    if (d->max_devs) {
        return g_strdup_printf("%s%i%s%i", d->name, bus,
                               media && !strcmp(media, "cdrom") ? "-cd" : "-hd", unit);
    }
    return g_strdup_printf("%s%i", d->name, unit);
}

static bool drive_new(const char *optarg, Error **errp)
{
    g_autoptr(QemuOpts) opts = qemu_opts_parse(optarg, NULL, errp);
    g_autoptr(QemuOpts) node_opts = NULL;
    g_autofree char *id = NULL;
    const char *file, *format, *media, *cache, *discard, *aio, *werror, *rerror;
    bool readonly = false, writeback = true, direct = false, no_flush = false;
    bool unmap = false, probed = false;
    int if_index, bus, unit;
    BlockDriverState *bs = NULL;
    BlockBackend *blk;
    DriveInfo *info;
    Error *err = NULL;

    if (!opts) {
        return false;
    }
    if (!drive_place(opts, &if_index, &bus, &unit, errp)) {
        return false;
    }
    if (qemu_opt_has(opts, "id")) {
        id = g_strdup(qemu_opt_get(opts, "id"));
        if (!id_wellformed(id)) {
            error_setg(errp, "Parameter 'id' expects an identifier");
            error_append_hint(errp, "Identifiers consist of letters, digits, '-', '.', '_', "
                              "starting with a letter.\n");
            return false;
        }
    } else {
        id = drive_default_id(opts, if_index, bus, unit);
    }
    if (blk_by_name(id)) {
        error_setg(errp, "Duplicate ID '%s' for drive", id);
        return false;
    }
    if (bdrv_find_node(id)) {
        error_setg(errp, "Device name '%s' conflicts with an existing node name", id);
        return false;
    }
    media = qemu_opt_get(opts, "media");
    if (media && strcmp(media, "disk") && strcmp(media, "cdrom")) {
        error_setg(errp, "'%s' invalid media", media);
        return false;
    }
    readonly = qemu_opt_get_bool(opts, "readonly", false, &err);
    if (err) {
        error_propagate(errp, err);
        return false;
    }
    cache = qemu_opt_get(opts, "cache");
    if (cache && !parse_cache_mode(cache, &writeback, &direct, &no_flush)) {
        error_setg(errp, "invalid cache option");
        return false;
    }
    discard = qemu_opt_get(opts, "discard");
    if (discard) {
        if (!strcmp(discard, "unmap") || !strcmp(discard, "on")) {
            unmap = true;
        } else if (strcmp(discard, "ignore") && strcmp(discard, "off")) {
            error_setg(errp, "Invalid discard option");
            return false;
        }
    }
    aio = qemu_opt_get(opts, "aio");
    if (aio && strcmp(aio, "threads") && strcmp(aio, "native") && strcmp(aio, "io_uring")) {
        error_setg(errp, "invalid aio option");
        return false;
    }
    werror = qemu_opt_get(opts, "werror");
    if (werror && strcmp(werror, "enospc") && strcmp(werror, "report")) {
        error_setg(errp, "werror=%s is not supported: errors are always reported to the "
                   "guest (werror=report)", werror);
        return false;
    }
    rerror = qemu_opt_get(opts, "rerror");
    if (rerror && strcmp(rerror, "report")) {
        error_setg(errp, "rerror=%s is not supported: errors are always reported to the "
                   "guest (rerror=report)", rerror);
        return false;
    }
    if (qemu_opt_get_bool(opts, "snapshot", false, NULL)) {
        error_setg(errp, "snapshot=on is not supported yet: it needs a qcow2 overlay");
        return false;
    }

    /* Everything else describes the node chain. */
    file = qemu_opt_get(opts, "file");
    format = qemu_opt_get(opts, "format");
    node_opts = qemu_opts_new();
    for (guint i = 0; i < opts->opts->len; i++) {
        QemuOpt *o = g_ptr_array_index(opts->opts, i);
        if (!is_drive_key(o->name)) {
            qemu_opt_set(node_opts, o->name, o->str);
        }
    }
    if (format && !strcmp(format, "help")) {
        error_setg(errp, "Supported formats: raw file");
        return false;
    }
    if (format && qemu_opt_has(node_opts, "driver")) {
        error_setg(errp, "Cannot specify both 'driver' and 'format'");
        return false;
    }
    if (file && !*file) {
        file = NULL;           /* file= with nothing: an empty drive */
    }
    if (file || node_opts->opts->len) {
        if (!qemu_opt_has(node_opts, "driver")) {
            if (format) {
                qemu_opt_set(node_opts, "driver", format);
            } else {
                /* Probing knows one format. */
                qemu_opt_set(node_opts, "driver", "raw");
                probed = true;
            }
        }
        if (file) {
            const BlockDriver *drv = bdrv_find_format(qemu_opt_get(node_opts, "driver"));
            /* format=file names the protocol itself: the file is its filename. */
            qemu_opt_set(node_opts, drv && drv->is_protocol ? "filename" : "file.filename",
                         file);
        }
        if (aio) {
            const BlockDriver *drv = bdrv_find_format(qemu_opt_get(node_opts, "driver"));
            qemu_opt_set(node_opts, drv && drv->is_protocol ? "aio" : "file.aio", aio);
        }
        qemu_opt_set(node_opts, "read-only", readonly ? "on" : "off");
        if (!qemu_opt_has(node_opts, "cache.direct")) {
            qemu_opt_set(node_opts, "cache.direct", direct ? "on" : "off");
        }
        if (!qemu_opt_has(node_opts, "cache.no-flush")) {
            qemu_opt_set(node_opts, "cache.no-flush", no_flush ? "on" : "off");
        }
        if (qemu_opt_has(node_opts, "cache.writeback")) {
            g_autofree char *wb = qemu_opt_take(node_opts, "cache.writeback");
            if (!qemu_parse_bool("cache.writeback", wb, &writeback, errp)) {
                return false;
            }
        }
        bs = bdrv_open_opts(g_steal_pointer(&node_opts), false, errp);
        if (!bs) {
            return false;
        }
        bs->probed = probed;
        bs->implicit = !qemu_opt_has(opts, "node-name");
        if (probed && !readonly) {
            error_printf("WARNING: Image format was not specified for '%s' and probing "
                         "guessed raw.\n"
                         "         Automatically detecting the format is dangerous for raw "
                         "images, write operations on block 0 will be restricted.\n"
                         "         Specify the 'raw' format explicitly to remove the "
                         "restrictions.\n", bs->filename);
        }
    }
    blk = blk_new_with_root(id, bs, errp);
    if (!blk) {
        bdrv_unref(bs);
        return false;
    }
    blk_set_enable_write_cache(blk, writeback);
    blk_set_discard(blk, unmap);
    blk_set_origin(blk, "drive", optarg);
    if (if_descs[if_index].type != IF_COUNT) {
        blk_set_if(blk, if_descs[if_index].type, bus, unit);
    }
    /* As QEMU's -drive: the drive claims write access and shares everything. */
    if (bs && !blk_set_perm_raw(blk, BLK_PERM_CONSISTENT_READ |
                                (readonly ? 0 : BLK_PERM_WRITE), BLK_PERM_ALL, errp)) {
        blk_unref(blk);
        return false;
    }
    info = g_new0(DriveInfo, 1);
    info->blk = blk;
    info->if_index = if_index;
    info->bus = bus;
    info->unit = unit;
    info->arg = g_strdup(optarg);
    if (!drives) {
        drives = g_ptr_array_new();
    }
    g_ptr_array_add(drives, info);
    return true;
}

bool drive_new_from_opts(const char *optarg, Error **errp)
{
    return drive_new(optarg, errp);
}

/* ---- -blockdev ---- */

/* Flatten a JSON object into dotted keys ("file": {"driver": ..} -> file.driver). */
static bool json_flatten(JsonObject *obj, const char *prefix, QemuOpts *out, Error **errp)
{
    g_autoptr(GList) members = json_object_get_members(obj);

    for (GList *m = members; m; m = m->next) {
        const char *key = m->data;
        JsonNode *node = json_object_get_member(obj, key);
        g_autofree char *name = prefix ? g_strdup_printf("%s.%s", prefix, key)
                                       : g_strdup(key);

        switch (json_node_get_node_type(node)) {
        case JSON_NODE_OBJECT:
            if (!json_flatten(json_node_get_object(node), name, out, errp)) {
                return false;
            }
            break;
        case JSON_NODE_VALUE: {
            GType t = json_node_get_value_type(node);
            if (t == G_TYPE_STRING) {
                qemu_opt_set(out, name, json_node_get_string(node));
            } else if (t == G_TYPE_BOOLEAN) {
                qemu_opt_set(out, name, json_node_get_boolean(node) ? "on" : "off");
            } else if (t == G_TYPE_INT64) {
                g_autofree char *s = g_strdup_printf("%" PRId64, json_node_get_int(node));
                qemu_opt_set(out, name, s);
            } else {
                error_setg(errp, "Invalid parameter type for '%s', expected: string", name);
                return false;
            }
            break;
        }
        default:
            error_setg(errp, "Invalid parameter type for '%s', expected: string", name);
            return false;
        }
    }
    return true;
}

static QemuOpts *blockdev_parse(const char *optarg, Error **errp)
{
    g_autoptr(JsonParser) parser = NULL;
    GError *gerr = NULL;
    JsonNode *root;
    QemuOpts *opts;

    if (optarg[0] != '{') {
        return qemu_opts_parse(optarg, NULL, errp);
    }
    parser = json_parser_new();
    if (!json_parser_load_from_data(parser, optarg, -1, &gerr)) {
        error_setg(errp, "JSON parse error, %s", gerr->message);
        g_error_free(gerr);
        return NULL;
    }
    root = json_parser_get_root(parser);
    if (!root || !JSON_NODE_HOLDS_OBJECT(root)) {
        error_setg(errp, "Invalid JSON: expected an object");
        return NULL;
    }
    opts = qemu_opts_new();
    if (!json_flatten(json_node_get_object(root), NULL, opts, errp)) {
        qemu_opts_del(opts);
        return NULL;
    }
    return opts;
}

bool blockdev_new_from_opts(const char *optarg, Error **errp)
{
    QemuOpts *opts = blockdev_parse(optarg, errp);
    g_autofree char *node_name = NULL;
    BlockDriverState *bs;
    BlockBackend *blk;

    if (!opts) {
        return false;
    }
    if (!qemu_opt_has(opts, "driver")) {
        qemu_opts_del(opts);
        error_setg(errp, "Parameter 'driver' is missing");
        return false;
    }
    if (!qemu_opt_has(opts, "node-name")) {
        qemu_opts_del(opts);
        error_setg(errp, "'node-name' must be specified for the root node");
        return false;
    }
    node_name = g_strdup(qemu_opt_get(opts, "node-name"));
    bs = bdrv_open_opts(opts, true, errp);
    if (!bs) {
        return false;
    }
    /* A node has no claims until a device attaches; its backend is anonymous. */
    blk = blk_new_with_root("", bs, errp);
    if (!blk) {
        bdrv_unref(bs);
        return false;
    }
    blk_set_discard(blk, bs->discard_unmap);
    blk_set_origin(blk, "blockdev", optarg);
    blk_set_perm_raw(blk, 0, BLK_PERM_ALL, NULL);
    return true;
}

/* ---- devices for if=virtio, and drives no device will take ---- */

bool drive_create_if_devices(Error **errp)
{
    for (guint i = 0; drives && i < drives->len; i++) {
        DriveInfo *d = g_ptr_array_index(drives, i);
        const IfDesc *desc = &if_descs[d->if_index];
        g_autoptr(QemuOpts) devopts = NULL;

        if (desc->type == IF_NONE) {
            continue;
        }
        if (desc->type != IF_VIRTIO) {
            /* QEMU's virt has no default SCSI, IDE or flash controller for drives. */
            error_setg(errp, "machine type does not support if=%s,bus=%d,unit=%d",
                       desc->name, d->bus, d->unit);
            error_prepend(errp, "-drive %s: ", d->arg);
            return false;
        }
        if (blk_get_attached_dev(d->blk)) {
            continue;
        }
        devopts = qemu_opts_new();
        qemu_opt_set(devopts, "driver", "virtio-blk-pci");
        qemu_opt_set(devopts, "drive", blk_name(d->blk));
        if (!qdev_device_add(devopts, false, errp)) {
            error_prepend(errp, "-drive %s: ", d->arg);
            return false;
        }
    }
    return true;
}
