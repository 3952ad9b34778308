/*
 * The node graph: opening a chain of block drivers from flat options
 * ("driver=raw,file.driver=file,file.filename=x"), node names, and the
 * bounds-checked synchronous I/O entry points the backends' workers call.
 * Command-line syntax lives in blockdev.c; devices see block-backend.c.
 */
#include "qemu/osdep.h"
#include "block/block_int.h"

static const BlockDriver *const block_drivers[] = { &bdrv_raw, &bdrv_file };

/* Every named node, in creation order (the main loop's; BQL held). */
static GPtrArray *all_nodes;
static unsigned auto_node_counter;

static const char *const perm_names[BLK_PERM_COUNT] = {
    "consistent read", "write", "write unchanged", "resize", "change children",
};

const char *bdrv_perm_name(int bit)
{
    return bit >= 0 && bit < BLK_PERM_COUNT ? perm_names[bit] : "?";
}

const BlockDriver *bdrv_find_format(const char *name)
{
    for (size_t i = 0; i < ARRAY_SIZE(block_drivers); i++) {
        if (!strcmp(block_drivers[i]->format_name, name)) {
            return block_drivers[i];
        }
    }
    return NULL;
}

/* QEMU's identifier rule: a letter, then letters, digits, '-', '.', '_'. */
static bool node_name_wellformed(const char *name)
{
    if (!g_ascii_isalpha(name[0])) {
        return false;
    }
    for (const char *p = name + 1; *p; p++) {
        if (!g_ascii_isalnum(*p) && *p != '-' && *p != '.' && *p != '_') {
            return false;
        }
    }
    return strlen(name) < 32;
}

BlockDriverState *bdrv_find_node(const char *node_name)
{
    for (guint i = 0; all_nodes && i < all_nodes->len; i++) {
        BlockDriverState *bs = g_ptr_array_index(all_nodes, i);
        if (!strcmp(bs->node_name, node_name)) {
            return bs;
        }
    }
    return NULL;
}

BlockDriverState *bdrv_next_node(BlockDriverState *bs)
{
    guint i = 0;

    if (!all_nodes) {
        return NULL;
    }
    if (bs) {
        if (!g_ptr_array_find(all_nodes, bs, &i)) {
            return NULL;
        }
        i++;
    }
    return i < all_nodes->len ? g_ptr_array_index(all_nodes, i) : NULL;
}

static bool take_bool(QemuOpts *opts, const char *name, bool defval, bool *out, Error **errp)
{
    Error *err = NULL;
    *out = qemu_opt_get_bool(opts, name, defval, &err);
    g_free(qemu_opt_take(opts, name));
    if (err) {
        error_propagate(errp, err);
        return false;
    }
    return true;
}

/* Move "prefix.key=value" entries out of opts into a new QemuOpts as "key=value". */
static QemuOpts *take_child_opts(QemuOpts *opts, const char *prefix)
{
    size_t plen = strlen(prefix);
    QemuOpts *child = NULL;

    for (guint i = 0; i < opts->opts->len;) {
        QemuOpt *o = g_ptr_array_index(opts->opts, i);
        if (!strncmp(o->name, prefix, plen) && o->name[plen] == '.') {
            if (!child) {
                child = qemu_opts_new();
            }
            qemu_opt_set(child, o->name + plen + 1, o->str);
            g_ptr_array_remove_index(opts->opts, i);
            continue;
        }
        i++;
    }
    return child;
}

static void bdrv_free(BlockDriverState *bs)
{
    if (bs->drv && bs->drv->close && bs->opaque) {
        bs->drv->close(bs);
    }
    if (bs->file) {
        bdrv_unref(bs->file);
    }
    g_free(bs->opaque);
    g_free(bs->node_name);
    g_free(bs->filename);
    g_free(bs);
}

void bdrv_unref(BlockDriverState *bs)
{
    if (!bs || --bs->refcnt > 0) {
        return;
    }
    if (all_nodes) {
        g_ptr_array_remove(all_nodes, bs);
    }
    bdrv_free(bs);
}

static bool open_child(BlockDriverState *bs, QemuOpts *opts, bool strict_keys, Error **errp)
{
    g_autoptr(QemuOpts) child = take_child_opts(opts, "file");
    g_autofree char *ref = qemu_opt_take(opts, "file");

    if (ref && child) {
        error_setg(errp, "Cannot reference an existing block device with additional "
                   "options or a new filename");
        return false;
    }
    if (ref) {
        bs->file = bdrv_find_node(ref);
        if (!bs->file) {
            error_setg(errp, "Cannot find device='' nor node-name='%s'", ref);
            return false;
        }
        bs->file->refcnt++;
        return true;
    }
    if (!child) {
        error_setg(errp, "A block device must be specified for \"file\"");
        return false;
    }
    /* The child inherits the parent's mode unless told otherwise. */
    if (!qemu_opt_has(child, "driver")) {
        qemu_opt_set(child, "driver", "file");
    }
    if (!qemu_opt_has(child, "read-only")) {
        qemu_opt_set(child, "read-only", bs->read_only ? "on" : "off");
    }
    if (!qemu_opt_has(child, "cache.direct")) {
        qemu_opt_set(child, "cache.direct", bs->direct ? "on" : "off");
    }
    if (!qemu_opt_has(child, "cache.no-flush")) {
        qemu_opt_set(child, "cache.no-flush", bs->no_flush ? "on" : "off");
    }
    bs->file = bdrv_open_opts(g_steal_pointer(&child), strict_keys, errp);
    return bs->file != NULL;
}

BlockDriverState *bdrv_open_opts(QemuOpts *opts, bool strict_keys, Error **errp)
{
    g_autoptr(QemuOpts) o = opts;
    g_autofree char *driver = qemu_opt_take(o, "driver");
    g_autofree char *node_name = qemu_opt_take(o, "node-name");
    g_autofree char *discard = NULL;
    const BlockDriver *drv;
    BlockDriverState *bs;
    bool ro, direct, no_flush, unused;

    if (!driver) {
        error_setg(errp, "Parameter 'driver' is missing");
        return NULL;
    }
    drv = bdrv_find_format(driver);
    if (!drv) {
        if (strict_keys) {
            error_setg(errp, "Parameter 'driver' does not accept value '%s'", driver);
        } else {
            error_setg(errp, "Unknown driver '%s'", driver);
        }
        return NULL;
    }
    if (node_name) {
        if (!node_name_wellformed(node_name)) {
            error_setg(errp, "Invalid node-name: '%s'", node_name);
            return NULL;
        }
        if (bdrv_find_node(node_name)) {
            error_setg(errp, "Duplicate nodes with node-name='%s'", node_name);
            return NULL;
        }
        if (blk_by_name(node_name)) {
            error_setg(errp, "node-name=%s is conflicting with a device id", node_name);
            return NULL;
        }
    }
    if (!take_bool(o, "read-only", false, &ro, errp) ||
        !take_bool(o, "cache.direct", false, &direct, errp) ||
        !take_bool(o, "cache.no-flush", false, &no_flush, errp) ||
        !take_bool(o, "auto-read-only", false, &unused, errp) ||
        !take_bool(o, "force-share", false, &unused, errp)) {
        return NULL;
    }
    discard = qemu_opt_take(o, "discard");
    if (discard && strcmp(discard, "ignore") && strcmp(discard, "off") &&
        strcmp(discard, "unmap") && strcmp(discard, "on")) {
        if (strict_keys) {
            error_setg(errp, "Parameter 'discard' does not accept value '%s'", discard);
        } else {
            error_setg(errp, "Invalid discard option");
        }
        return NULL;
    }
    /* Accepted for compatibility: we never look for zeroes in writes. */
    g_free(qemu_opt_take(o, "detect-zeroes"));

    bs = g_new0(BlockDriverState, 1);
    bs->drv = drv;
    bs->refcnt = 1;
    bs->read_only = ro;
    bs->direct = direct;
    bs->no_flush = no_flush;
    bs->discard_unmap = discard && (!strcmp(discard, "unmap") || !strcmp(discard, "on"));
    bs->shared_perm = BLK_PERM_ALL;
    bs->node_name = node_name ? g_steal_pointer(&node_name)
                              : g_strdup_printf("#block%03u", auto_node_counter++);
    bs->implicit = false;

    if (!drv->is_protocol) {
        if (!open_child(bs, o, strict_keys, errp)) {
            bdrv_free(bs);
            return NULL;
        }
    }
    bs->opaque = g_malloc0(drv->instance_size);
    if (!drv->open(bs, o, errp)) {
        /* A failed open leaves nothing to close. */
        g_free(bs->opaque);
        bs->opaque = NULL;
        bdrv_free(bs);
        return NULL;
    }
    if (o->opts->len) {
        QemuOpt *left = g_ptr_array_index(o->opts, 0);
        if (strict_keys) {
            error_setg(errp, "Parameter '%s' is unexpected", left->name);
        } else if (drv->is_protocol) {
            error_setg(errp, "Block protocol '%s' doesn't support the option '%s'",
                       drv->format_name, left->name);
        } else {
            error_setg(errp, "Block format '%s' does not support the option '%s'",
                       drv->format_name, left->name);
        }
        bdrv_free(bs);
        return NULL;
    }
    if (!all_nodes) {
        all_nodes = g_ptr_array_new();
    }
    g_ptr_array_add(all_nodes, bs);
    return bs;
}

const char *bdrv_format_name(const BlockDriverState *bs)
{
    return bs->drv->format_name;
}

BlockDriverState *bdrv_protocol(BlockDriverState *bs)
{
    while (bs && bs->file) {
        bs = bs->file;
    }
    return bs;
}

int64_t bdrv_getlength(BlockDriverState *bs)
{
    return bs->drv->getlength(bs);
}

static int check_request(BlockDriverState *bs, int64_t offset, int64_t bytes)
{
    int64_t len;

    if (offset < 0 || bytes < 0 || bytes > INT64_MAX - offset) {
        return -EIO;
    }
    len = bdrv_getlength(bs);
    if (len < 0) {
        return len;
    }
    if (offset > len || len - offset < bytes) {
        return -EIO;
    }
    return 0;
}

int bdrv_preadv(BlockDriverState *bs, int64_t offset, QEMUIOVector *qiov)
{
    int ret = check_request(bs, offset, qiov->size);
    return ret < 0 ? ret : bs->drv->preadv(bs, offset, qiov);
}

int bdrv_pwritev(BlockDriverState *bs, int64_t offset, QEMUIOVector *qiov, int flags)
{
    int ret = bs->read_only ? -EACCES : check_request(bs, offset, qiov->size);
    return ret < 0 ? ret : bs->drv->pwritev(bs, offset, qiov, flags);
}

int bdrv_flush(BlockDriverState *bs)
{
    return bs->read_only ? 0 : bs->drv->flush(bs);
}

int bdrv_pdiscard(BlockDriverState *bs, int64_t offset, int64_t bytes)
{
    int ret = bs->read_only ? -EACCES : check_request(bs, offset, bytes);
    if (ret < 0) {
        return ret;
    }
    ret = bs->drv->pdiscard(bs, offset, bytes);
    /* A discard is a hint: a host that cannot do it has done nothing wrong. */
    return ret == -ENOTSUP ? 0 : ret;
}

int bdrv_pwrite_zeroes(BlockDriverState *bs, int64_t offset, int64_t bytes, int flags)
{
    int ret = bs->read_only ? -EACCES : check_request(bs, offset, bytes);
    return ret < 0 ? ret : bs->drv->pwrite_zeroes(bs, offset, bytes, flags);
}

bool bdrv_set_perm(BlockDriverState *bs, uint64_t perm, uint64_t shared, Error **errp)
{
    if (bs->drv->set_perm && !bs->drv->set_perm(bs, perm, shared, errp)) {
        return false;
    }
    bs->perm = perm;
    bs->shared_perm = shared;
    return true;
}
