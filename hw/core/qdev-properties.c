/*
 * Static device property types (bool, bits, integers with range checks,
 * sizes, strings, enums, links, chardevs) and their class registration.
 * Block-device ("drive") properties live with the block layer.
 */
#include "qemu/osdep.h"
#include "hw/qdev-properties.h"
#include "qemu/option.h"
#include "chardev/char.h"

static void *prop_ptr(Object *obj, Property *prop)
{
    return (char *)obj + prop->offset;
}

void qdev_prop_set_after_realize(DeviceState *dev, const char *name, Error **errp)
{
    if (dev->id) {
        error_setg(errp, "Attempt to set property '%s' on device '%s' "
                   "(type '%s') after it was realized", name, dev->id,
                   object_get_typename(OBJECT(dev)));
    } else {
        error_setg(errp, "Attempt to set property '%s' on anonymous device "
                   "(type '%s') after it was realized", name,
                   object_get_typename(OBJECT(dev)));
    }
}

/* Common gate for every setter: no changes once realized. */
static bool prop_settable(Object *obj, Property *prop, Error **errp)
{
    DeviceState *dev = DEVICE(obj);
    if (dev->realized && !prop->info->realized_set_allowed) {
        qdev_prop_set_after_realize(dev, prop->name, errp);
        return false;
    }
    return true;
}

static JsonNode *static_prop_get(Object *obj, ObjectProperty *op, Error **errp)
{
    Property *prop = op->opaque;
    return prop->info->get(obj, op, errp);
}

static bool static_prop_set(Object *obj, ObjectProperty *op, JsonNode *value, bool parse,
                            Error **errp)
{
    Property *prop = op->opaque;
    if (!prop_settable(obj, prop, errp)) {
        return false;
    }
    return prop->info->set(obj, op, value, parse, errp);
}

/* bool and bits */

static JsonNode *get_bool(Object *obj, ObjectProperty *op, Error **errp)
{
    Property *prop = op->opaque;
    return qom_node_new_bool(*(bool *)prop_ptr(obj, prop));
}

static bool set_bool(Object *obj, ObjectProperty *op, JsonNode *v, bool parse, Error **errp)
{
    Property *prop = op->opaque;
    return qom_node_to_bool(v, prop->name, parse, prop_ptr(obj, prop), errp);
}

static void set_default_bool(Object *obj, Property *prop)
{
    *(bool *)prop_ptr(obj, prop) = prop->defval.u;
}

const PropertyInfo qdev_prop_bool = {
    .name = "bool",
    .get = get_bool,
    .set = set_bool,
    .set_default_value = set_default_bool,
};

/* Bits of a uint32_t (qdev_prop_bit) or uint64_t (qdev_prop_bit64) field. */
static bool bit_is_64(const Property *prop)
{
    return prop->info == &qdev_prop_bit64;
}

static bool bit_load(Object *obj, Property *prop)
{
    void *p = prop_ptr(obj, prop);
    uint64_t word = bit_is_64(prop) ? *(uint64_t *)p : *(uint32_t *)p;
    return (word >> prop->bitnr) & 1;
}

static void bit_store(Object *obj, Property *prop, bool val)
{
    void *p = prop_ptr(obj, prop);
    uint64_t mask = UINT64_C(1) << prop->bitnr;

    if (bit_is_64(prop)) {
        *(uint64_t *)p = val ? (*(uint64_t *)p | mask) : (*(uint64_t *)p & ~mask);
    } else {
        *(uint32_t *)p = val ? (*(uint32_t *)p | (uint32_t)mask)
                             : (*(uint32_t *)p & ~(uint32_t)mask);
    }
}

static JsonNode *get_bit(Object *obj, ObjectProperty *op, Error **errp)
{
    return qom_node_new_bool(bit_load(obj, op->opaque));
}

static bool set_bit(Object *obj, ObjectProperty *op, JsonNode *v, bool parse, Error **errp)
{
    Property *prop = op->opaque;
    bool val;
    if (!qom_node_to_bool(v, prop->name, parse, &val, errp)) {
        return false;
    }
    bit_store(obj, prop, val);
    return true;
}

static void set_default_bit(Object *obj, Property *prop)
{
    bit_store(obj, prop, prop->defval.u);
}

const PropertyInfo qdev_prop_bit = {
    .name = "bool",
    .description = "on/off",
    .get = get_bit,
    .set = set_bit,
    .set_default_value = set_default_bit,
};

const PropertyInfo qdev_prop_bit64 = {
    .name = "bool",
    .description = "on/off",
    .get = get_bit,
    .set = set_bit,
    .set_default_value = set_default_bit,
};

/* Integers: one implementation parameterised by width and signedness. */

typedef struct IntKind {
    unsigned size;
    bool is_signed;
    const char *type_name;
} IntKind;

static const IntKind *int_kind(const PropertyInfo *info);

static uint64_t int_load(const IntKind *k, void *p)
{
    switch (k->size) {
    case 1: return *(uint8_t *)p;
    case 2: return *(uint16_t *)p;
    case 4: return k->is_signed ? (uint64_t)(int64_t)*(int32_t *)p : *(uint32_t *)p;
    default: return *(uint64_t *)p;
    }
}

static void int_store(const IntKind *k, void *p, uint64_t v)
{
    switch (k->size) {
    case 1: *(uint8_t *)p = v; break;
    case 2: *(uint16_t *)p = v; break;
    case 4: *(uint32_t *)p = v; break;
    default: *(uint64_t *)p = v; break;
    }
}

static JsonNode *get_int(Object *obj, ObjectProperty *op, Error **errp)
{
    Property *prop = op->opaque;
    const IntKind *k = int_kind(prop->info);
    uint64_t v = int_load(k, prop_ptr(obj, prop));
    return k->is_signed ? qom_node_new_int((int64_t)v) : qom_node_new_uint(v);
}

static bool set_int(Object *obj, ObjectProperty *op, JsonNode *node, bool parse,
                    Error **errp)
{
    Property *prop = op->opaque;
    const IntKind *k = int_kind(prop->info);
    unsigned bits = k->size * 8;

    if (k->is_signed) {
        int64_t v, min = bits == 64 ? INT64_MIN : -(INT64_C(1) << (bits - 1));
        int64_t max = bits == 64 ? INT64_MAX : (INT64_C(1) << (bits - 1)) - 1;
        if (!qom_node_to_int(node, prop->name, parse, &v, errp)) {
            return false;
        }
        if (v < min || v > max) {
            error_setg(errp, "Parameter '%s' expects %s", prop->name, k->type_name);
            return false;
        }
        int_store(k, prop_ptr(obj, prop), (uint64_t)v);
    } else {
        uint64_t v, max = bits == 64 ? UINT64_MAX : (UINT64_C(1) << bits) - 1;
        bool ok;
        if (prop->info == &qdev_prop_size) {
            ok = qom_node_to_size(node, prop->name, parse, &v, errp);
        } else {
            ok = qom_node_to_uint(node, prop->name, parse, &v, errp);
            /* A negative JSON number is not a valid unsigned value. */
            if (ok && !parse && JSON_NODE_HOLDS_VALUE(node) &&
                json_node_get_value_type(node) == G_TYPE_INT64 &&
                json_node_get_int(node) < 0 && bits < 64) {
                v = UINT64_MAX;
            }
        }
        if (!ok) {
            return false;
        }
        if (v > max) {
            error_setg(errp, "Parameter '%s' expects %s", prop->name, k->type_name);
            return false;
        }
        int_store(k, prop_ptr(obj, prop), v);
    }
    return true;
}

static void set_default_int(Object *obj, Property *prop)
{
    int_store(int_kind(prop->info), prop_ptr(obj, prop), prop->defval.u);
}

#define INT_PROP_INFO(_var, _name) \
    const PropertyInfo _var = { \
        .name = _name, .get = get_int, .set = set_int, .set_default_value = set_default_int, \
    }

INT_PROP_INFO(qdev_prop_uint8, "uint8");
INT_PROP_INFO(qdev_prop_uint16, "uint16");
INT_PROP_INFO(qdev_prop_uint32, "uint32");
INT_PROP_INFO(qdev_prop_int32, "int32");
INT_PROP_INFO(qdev_prop_uint64, "uint64");
INT_PROP_INFO(qdev_prop_int64, "int64");
INT_PROP_INFO(qdev_prop_size, "size");

static const IntKind *int_kind(const PropertyInfo *info)
{
    static const IntKind u8 = { 1, false, "uint8_t" }, u16 = { 2, false, "uint16_t" },
        u32 = { 4, false, "uint32_t" }, s32 = { 4, true, "int32_t" },
        u64 = { 8, false, "uint64_t" }, s64 = { 8, true, "int64_t" };
    if (info == &qdev_prop_uint8) {
        return &u8;
    } else if (info == &qdev_prop_uint16) {
        return &u16;
    } else if (info == &qdev_prop_uint32) {
        return &u32;
    } else if (info == &qdev_prop_int32) {
        return &s32;
    } else if (info == &qdev_prop_int64) {
        return &s64;
    }
    return &u64;
}

/* Strings */

static JsonNode *get_string(Object *obj, ObjectProperty *op, Error **errp)
{
    Property *prop = op->opaque;
    char *s = *(char **)prop_ptr(obj, prop);
    return s ? qom_node_new_str(s) : qom_node_new_null();
}

static bool set_string(Object *obj, ObjectProperty *op, JsonNode *v, bool parse,
                       Error **errp)
{
    Property *prop = op->opaque;
    char **p = prop_ptr(obj, prop);
    char *s = qom_node_to_str(v, prop->name, errp);
    if (!s) {
        return false;
    }
    g_free(*p);
    *p = s;
    return true;
}

static void release_string(Object *obj, const char *name, void *opaque)
{
    Property *prop = opaque;
    char **p = prop_ptr(obj, prop);
    g_free(*p);
    *p = NULL;
}

const PropertyInfo qdev_prop_string = {
    .name = "str",
    .get = get_string,
    .set = set_string,
    .release = release_string,
};

/* Enums: OnOffAuto */

static const char *const on_off_auto_names[] = { "auto", "on", "off", NULL };
static const QEnumLookup on_off_auto_lookup = { on_off_auto_names, ON_OFF_AUTO__MAX };

static JsonNode *get_enum(Object *obj, ObjectProperty *op, Error **errp)
{
    Property *prop = op->opaque;
    int *p = prop_ptr(obj, prop);
    return qom_node_new_str(qapi_enum_lookup(prop->info->enum_table, *p));
}

static bool set_enum(Object *obj, ObjectProperty *op, JsonNode *v, bool parse, Error **errp)
{
    Property *prop = op->opaque;
    const QEnumLookup *t = prop->info->enum_table;
    g_autofree char *s = qom_node_to_str(v, prop->name, errp);
    int val;

    if (!s) {
        return false;
    }
    for (val = 0; val < t->size; val++) {
        if (!strcmp(s, t->array[val])) {
            *(int *)prop_ptr(obj, prop) = val;
            return true;
        }
    }
    {
        g_autofree char *choices = g_strjoinv("', '", (char **)t->array);
        error_setg(errp, "Parameter '%s' does not accept value '%s' (accepted: '%s')",
                   prop->name, s, choices);
    }
    return false;
}

static void set_default_enum(Object *obj, Property *prop)
{
    *(int *)prop_ptr(obj, prop) = prop->defval.i;
}

const PropertyInfo qdev_prop_on_off_auto = {
    .name = "OnOffAuto",
    .description = "on/off/auto",
    .enum_table = &on_off_auto_lookup,
    .get = get_enum,
    .set = set_enum,
    .set_default_value = set_default_enum,
};

/* Links: a pointer field set by QOM path */

static JsonNode *get_link(Object *obj, ObjectProperty *op, Error **errp)
{
    Property *prop = op->opaque;
    Object *target = *(Object **)prop_ptr(obj, prop);
    g_autofree char *path = target ? object_get_canonical_path(target) : NULL;
    return qom_node_new_str(path ? path : "");
}

static bool set_link(Object *obj, ObjectProperty *op, JsonNode *v, bool parse, Error **errp)
{
    Property *prop = op->opaque;
    g_autofree char *path = qom_node_to_str(v, prop->name, errp);
    Object *target = NULL;
    bool ambiguous;

    if (!path) {
        return false;
    }
    if (*path) {
        target = object_resolve_path_type(path, prop->link_type, &ambiguous);
        if (!target) {
            error_setg(errp, "Property '%s.%s' can't find value '%s'",
                       object_get_typename(obj), prop->name, path);
            return false;
        }
    }
    *(Object **)prop_ptr(obj, prop) = target;
    return true;
}

const PropertyInfo qdev_prop_link = {
    .name = "link",
    .get = get_link,
    .set = set_link,
};

/* Chardevs: a CharBackend field set by chardev id */

static JsonNode *get_chr(Object *obj, ObjectProperty *op, Error **errp)
{
    Property *prop = op->opaque;
    CharBackend *be = prop_ptr(obj, prop);
    return qom_node_new_str(be->chr ? qemu_chr_get_label(be->chr) : "");
}

static bool set_chr(Object *obj, ObjectProperty *op, JsonNode *v, bool parse, Error **errp)
{
    Property *prop = op->opaque;
    CharBackend *be = prop_ptr(obj, prop);
    g_autofree char *id = qom_node_to_str(v, prop->name, errp);
    Chardev *chr;

    if (!id) {
        return false;
    }
    if (be->chr) {
        qemu_chr_fe_deinit(be, false);
    }
    if (!*id) {
        return true;
    }
    chr = qemu_chr_find(id);
    if (!chr) {
        error_setg(errp, "Property '%s.%s' can't find value '%s'",
                   object_get_typename(obj), prop->name, id);
        return false;
    }
    return qemu_chr_fe_init(be, chr, errp);
}

static void release_chr(Object *obj, const char *name, void *opaque)
{
    Property *prop = opaque;
    CharBackend *be = prop_ptr(obj, prop);
    if (be->chr) {
        qemu_chr_fe_deinit(be, false);
    }
}

const PropertyInfo qdev_prop_chr = {
    .name = "str",
    .description = "ID of a chardev to use as a backend",
    .get = get_chr,
    .set = set_chr,
    .release = release_chr,
};

/* Registration */

static JsonNode *prop_default_node(Property *prop)
{
    const PropertyInfo *info = prop->info;
    if (!prop->set_default) {
        return NULL;
    }
    if (info->enum_table) {
        return qom_node_new_str(qapi_enum_lookup(info->enum_table, prop->defval.i));
    }
    if (info == &qdev_prop_bool || info == &qdev_prop_bit || info == &qdev_prop_bit64) {
        return qom_node_new_bool(prop->defval.u);
    }
    /* Custom integer kinds (PCI "addr") say their signedness by name. */
    if (int_kind(info)->is_signed || g_str_has_prefix(info->name, "int")) {
        return qom_node_new_int(prop->defval.i);
    }
    return qom_node_new_uint(prop->defval.u);
}

void qdev_class_add_properties(DeviceClass *dc, Property *props)
{
    ObjectClass *oc = OBJECT_CLASS(dc);
    for (Property *prop = props; prop && prop->name; prop++) {
        ObjectProperty *op = object_class_property_add(
            oc, prop->name, prop->info->name, static_prop_get, static_prop_set,
            NULL, prop);
        if (prop->description || prop->info->description) {
            object_class_property_set_description(
                oc, prop->name, prop->description ? prop->description
                                                  : prop->info->description);
        }
        op->defval = prop_default_node(prop);
    }
}

static void release_props(Object *obj, Property *props)
{
    for (Property *prop = props; prop && prop->name; prop++) {
        if (prop->info->release) {
            prop->info->release(obj, prop->name, prop);
        }
    }
}

void qdev_prop_set_defaults(DeviceState *dev)
{
    for (ObjectClass *oc = object_get_class(OBJECT(dev)); oc;
         oc = object_class_get_parent(oc)) {
        DeviceClass *dc;
        if (!object_class_dynamic_cast(oc, TYPE_DEVICE)) {
            break;
        }
        dc = (DeviceClass *)oc;
        /* A subclass inherits the parent's props_ pointer: set each table once. */
        if (object_class_get_parent(oc) &&
            object_class_dynamic_cast(object_class_get_parent(oc), TYPE_DEVICE) &&
            ((DeviceClass *)object_class_get_parent(oc))->props_ == dc->props_) {
            continue;
        }
        for (Property *prop = dc->props_; prop && prop->name; prop++) {
            if (prop->set_default && prop->info->set_default_value) {
                prop->info->set_default_value(OBJECT(dev), prop);
            }
        }
    }
}

/* Called from device finalize. */
void qdev_prop_release_all(DeviceState *dev);
void qdev_prop_release_all(DeviceState *dev)
{
    for (ObjectClass *oc = object_get_class(OBJECT(dev)); oc;
         oc = object_class_get_parent(oc)) {
        DeviceClass *dc;
        if (!object_class_dynamic_cast(oc, TYPE_DEVICE)) {
            break;
        }
        dc = (DeviceClass *)oc;
        if (object_class_get_parent(oc) &&
            object_class_dynamic_cast(object_class_get_parent(oc), TYPE_DEVICE) &&
            ((DeviceClass *)object_class_get_parent(oc))->props_ == dc->props_) {
            continue;
        }
        release_props(OBJECT(dev), dc->props_);
    }
}

Property *qdev_prop_find(DeviceState *dev, const char *name)
{
    ObjectProperty *op = object_property_find(OBJECT(dev), name);
    if (!op || op->get != static_prop_get) {
        return NULL;
    }
    return op->opaque;
}

void device_class_set_props(DeviceClass *dc, Property *props)
{
    dc->props_ = props;
    qdev_class_add_properties(dc, props);
}

static void prop_set_or_die(DeviceState *dev, const char *name, JsonNode *node)
{
    Error *err = NULL;
    object_property_set(OBJECT(dev), name, node, &err);
    json_node_unref(node);
    if (err) {
        g_error("setting property '%s' of '%s': %s", name,
                object_get_typename(OBJECT(dev)), error_get_pretty(err));
    }
}

void qdev_prop_set_bit(DeviceState *dev, const char *name, bool value)
{
    prop_set_or_die(dev, name, qom_node_new_bool(value));
}

void qdev_prop_set_uint32(DeviceState *dev, const char *name, uint32_t value)
{
    prop_set_or_die(dev, name, qom_node_new_uint(value));
}

void qdev_prop_set_uint64(DeviceState *dev, const char *name, uint64_t value)
{
    prop_set_or_die(dev, name, qom_node_new_uint(value));
}

void qdev_prop_set_int32(DeviceState *dev, const char *name, int32_t value)
{
    prop_set_or_die(dev, name, qom_node_new_int(value));
}

void qdev_prop_set_string(DeviceState *dev, const char *name, const char *value)
{
    prop_set_or_die(dev, name, qom_node_new_str(value));
}

void qdev_prop_set_chr(DeviceState *dev, const char *name, Chardev *value)
{
    prop_set_or_die(dev, name, qom_node_new_str(value ? qemu_chr_get_label(value) : ""));
}

/* Global properties */

/* Process-wide lists: compat props of the current machine, then -global. */
static GPtrArray *compat_globals;
static GPtrArray *user_globals;

void qdev_prop_register_global(GlobalProperty *prop)
{
    if (!user_globals) {
        user_globals = g_ptr_array_new();
    }
    g_ptr_array_add(user_globals, prop);
}

void qdev_set_compat_props(GPtrArray *compat_props)
{
    compat_globals = compat_props;
}

void qdev_globals_reset(void)
{
    compat_globals = NULL;
    if (user_globals) {
        g_ptr_array_free(user_globals, TRUE);
        user_globals = NULL;
    }
}

bool qdev_global_parse(const char *str, Error **errp)
{
    GlobalProperty *g;
    const char *eq = strchr(str, '=');
    const char *dot;

    if (g_str_has_prefix(str, "driver=")) {
        g_autoptr(GError) unused = NULL;
        QemuOpts *opts = qemu_opts_parse(str, NULL, errp);
        if (!opts) {
            return false;
        }
        if (!qemu_opt_get(opts, "driver") || !qemu_opt_get(opts, "property") ||
            !qemu_opt_get(opts, "value")) {
            error_setg(errp, "Invalid -global '%s': driver, property and value are needed",
                       str);
            qemu_opts_del(opts);
            return false;
        }
        g = g_new0(GlobalProperty, 1);
        g->driver = g_strdup(qemu_opt_get(opts, "driver"));
        g->property = g_strdup(qemu_opt_get(opts, "property"));
        g->value = g_strdup(qemu_opt_get(opts, "value"));
        qemu_opts_del(opts);
        qdev_prop_register_global(g);
        return true;
    }
    if (!eq) {
        error_setg(errp, "Invalid parameter '%s'", str);
        return false;
    }
    dot = memchr(str, '.', eq - str);
    if (!dot || dot == str || dot + 1 == eq) {
        error_setg(errp, "Invalid -global '%s': expected DRIVER.PROPERTY=VALUE", str);
        return false;
    }
    g = g_new0(GlobalProperty, 1);
    g->driver = g_strndup(str, dot - str);
    g->property = g_strndup(dot + 1, eq - dot - 1);
    g->value = g_strdup(eq + 1);
    qdev_prop_register_global(g);
    return true;
}

bool object_apply_global_props(Object *obj, const GPtrArray *props, Error **errp)
{
    if (!props) {
        return true;
    }
    for (guint i = 0; i < props->len; i++) {
        GlobalProperty *p = g_ptr_array_index(props, i);
        Error *err = NULL;

        if (!object_dynamic_cast(obj, p->driver)) {
            continue;
        }
        if (p->optional && !object_property_find(obj, p->property)) {
            continue;
        }
        p->used = true;
        if (!object_property_parse(obj, p->property, p->value, &err)) {
            error_prepend(&err, "can't apply global %s.%s=%s: ", p->driver, p->property,
                          p->value);
            error_propagate(errp, err);
            return false;
        }
    }
    return true;
}

/* Apply compat then user globals to a new device (user globals win). */
void qdev_prop_set_globals(DeviceState *dev);
void qdev_prop_set_globals(DeviceState *dev)
{
    /* A bad value fails the device's realize with the reason. */
    if (!object_apply_global_props(OBJECT(dev), compat_globals, &dev->global_prop_err)) {
        return;
    }
    object_apply_global_props(OBJECT(dev), user_globals, &dev->global_prop_err);
}

void qdev_prop_check_globals(void)
{
    if (!user_globals) {
        return;
    }
    for (guint i = 0; i < user_globals->len; i++) {
        GlobalProperty *p = g_ptr_array_index(user_globals, i);
        ObjectClass *oc;
        if (p->used) {
            continue;
        }
        oc = object_class_by_name(p->driver);
        if (!oc || !object_class_dynamic_cast(oc, TYPE_DEVICE)) {
            warn_report("global %s.%s has invalid class name", p->driver, p->property);
            continue;
        }
        if (!object_class_property_find(oc, p->property)) {
            warn_report("global %s.%s=%s not used", p->driver, p->property, p->value);
        }
    }
}
