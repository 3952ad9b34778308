/*
 * The object model: type registry, class construction with interfaces,
 * instance life cycle, properties and the composition tree.
 */
#include "qemu/osdep.h"
#include "qom/object.h"
#include "qemu/option.h"

#define MAX_INTERFACES 32

struct TypeImpl {
    char *name;
    char *parent;
    size_t class_size;
    size_t instance_size;
    void (*class_init)(ObjectClass *klass, void *data);
    void (*class_base_init)(ObjectClass *klass, void *data);
    void *class_data;
    void (*instance_init)(Object *obj);
    void (*instance_post_init)(Object *obj);
    void (*instance_finalize)(Object *obj);
    bool abstract;
    Type parent_type;
    ObjectClass *klass;
    int num_interfaces;
    char *interfaces[MAX_INTERFACES];
};

/* The type registry: a process singleton filled from constructors. */
static GHashTable *type_table;

static GHashTable *type_table_get(void)
{
    if (!type_table) {
        type_table = g_hash_table_new(g_str_hash, g_str_equal);
    }
    return type_table;
}

static Type type_new(const TypeInfo *info)
{
    Type ti = g_new0(struct TypeImpl, 1);
    int i;

    if (g_hash_table_lookup(type_table_get(), info->name)) {
        g_error("type '%s' registered twice", info->name);
    }
    ti->name = g_strdup(info->name);
    ti->parent = g_strdup(info->parent);
    ti->class_size = info->class_size;
    ti->instance_size = info->instance_size;
    ti->class_init = info->class_init;
    ti->class_base_init = info->class_base_init;
    ti->class_data = info->class_data;
    ti->instance_init = info->instance_init;
    ti->instance_post_init = info->instance_post_init;
    ti->instance_finalize = info->instance_finalize;
    ti->abstract = info->abstract;
    for (i = 0; info->interfaces && info->interfaces[i].type; i++) {
        if (i >= MAX_INTERFACES) {
            g_error("type '%s' has too many interfaces", info->name);
        }
        ti->interfaces[i] = g_strdup(info->interfaces[i].type);
    }
    ti->num_interfaces = i;
    g_hash_table_insert(type_table_get(), ti->name, ti);
    return ti;
}

Type type_register_static(const TypeInfo *info)
{
    return type_new(info);
}

void type_register_static_array(const TypeInfo *infos, int nr_infos)
{
    for (int i = 0; i < nr_infos; i++) {
        type_register_static(&infos[i]);
    }
}

static Type type_get_by_name(const char *name)
{
    return name ? g_hash_table_lookup(type_table_get(), name) : NULL;
}

static Type type_get_parent(Type type)
{
    if (!type->parent_type && type->parent) {
        type->parent_type = type_get_by_name(type->parent);
        if (!type->parent_type) {
            g_error("type '%s' has unknown parent '%s'", type->name, type->parent);
        }
    }
    return type->parent_type;
}

static size_t type_class_get_size(Type ti)
{
    if (ti->class_size) {
        return ti->class_size;
    }
    return type_get_parent(ti) ? type_class_get_size(type_get_parent(ti))
                               : sizeof(ObjectClass);
}

static size_t type_object_get_size(Type ti)
{
    if (ti->instance_size) {
        return ti->instance_size;
    }
    return type_get_parent(ti) ? type_object_get_size(type_get_parent(ti)) : 0;
}

static bool type_is_ancestor(Type type, Type target)
{
    for (; type; type = type_get_parent(type)) {
        if (type == target) {
            return true;
        }
    }
    return false;
}

static void type_initialize(Type ti);

static void type_initialize_interface(Type ti, Type interface_type, Type parent_type)
{
    /* A per-implementer subclass of the interface, so implementers can override it. */
    TypeInfo info = {};
    Type iface_impl;
    InterfaceClass *iface;

    info.parent = parent_type->name;
    info.name = g_strdup_printf("%s::%s", ti->name, interface_type->name);
    info.abstract = true;
    iface_impl = type_new(&info);
    g_free((char *)info.name);
    iface_impl->parent_type = parent_type;
    type_initialize(iface_impl);
    iface = (InterfaceClass *)iface_impl->klass;
    iface->concrete_class = ti->klass;
    iface->interface_type = interface_type;
    ti->klass->interfaces = g_slist_append(ti->klass->interfaces, iface_impl->klass);
}

static void object_property_free(gpointer data)
{
    ObjectProperty *prop = data;
    if (prop->defval) {
        json_node_unref(prop->defval);
    }
    g_free(prop->name);
    g_free(prop->type);
    g_free(prop->description);
    g_free(prop);
}

static void type_initialize(Type ti)
{
    Type parent;

    if (ti->klass) {
        return;
    }
    ti->class_size = type_class_get_size(ti);
    ti->instance_size = type_object_get_size(ti);
    ti->klass = g_malloc0(ti->class_size);
    parent = type_get_parent(ti);
    if (parent) {
        type_initialize(parent);
        if (parent->class_size > ti->class_size) {
            g_error("type '%s' class is smaller than its parent's", ti->name);
        }
        memcpy(ti->klass, parent->klass, parent->class_size);
        ti->klass->interfaces = NULL;
        /* Inherit the parent's interfaces (as new per-implementer classes). */
        for (GSList *e = parent->klass->interfaces; e; e = e->next) {
            InterfaceClass *iface = e->data;
            type_initialize_interface(ti, iface->interface_type, iface->parent_class.type);
        }
        for (int i = 0; i < ti->num_interfaces; i++) {
            Type t = type_get_by_name(ti->interfaces[i]);
            bool have = false;
            if (!t) {
                g_error("type '%s' implements unknown interface '%s'", ti->name,
                        ti->interfaces[i]);
            }
            type_initialize(t);
            for (GSList *e = ti->klass->interfaces; e; e = e->next) {
                if (type_is_ancestor(((ObjectClass *)e->data)->type, t)) {
                    have = true;
                }
            }
            if (!have) {
                type_initialize_interface(ti, t, t);
            }
        }
    }
    ti->klass->properties = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                                  object_property_free);
    ti->klass->type = ti;
    for (Type p = parent; p; p = type_get_parent(p)) {
        if (p->class_base_init) {
            p->class_base_init(ti->klass, ti->class_data);
        }
    }
    if (ti->class_init) {
        ti->class_init(ti->klass, ti->class_data);
    }
}

ObjectClass *object_class_by_name(const char *typename)
{
    Type type = type_get_by_name(typename);
    if (!type) {
        return NULL;
    }
    type_initialize(type);
    return type->klass;
}

ObjectClass *object_class_get_parent(ObjectClass *klass)
{
    Type parent = type_get_parent(klass->type);
    if (!parent) {
        return NULL;
    }
    type_initialize(parent);
    return parent->klass;
}

const char *object_class_get_name(ObjectClass *klass)
{
    return klass->type->name;
}

bool object_class_is_abstract(ObjectClass *klass)
{
    return klass->type->abstract;
}

ObjectClass *object_class_dynamic_cast(ObjectClass *klass, const char *typename)
{
    Type target_type, type;

    if (!klass) {
        return NULL;
    }
    type = klass->type;
    if (!strcmp(type->name, typename)) {
        return klass;
    }
    target_type = type_get_by_name(typename);
    if (!target_type) {
        return NULL;
    }
    type_initialize(target_type);
    if (type->klass->interfaces && type_is_ancestor(target_type,
                                                    type_get_by_name(TYPE_INTERFACE))) {
        ObjectClass *found = NULL;
        for (GSList *e = klass->interfaces; e; e = e->next) {
            ObjectClass *target_class = e->data;
            if (type_is_ancestor(target_class->type, target_type)) {
                found = target_class;
                break;
            }
        }
        return found;
    }
    if (type_is_ancestor(type, target_type)) {
        return klass;
    }
    return NULL;
}

ObjectClass *object_class_dynamic_cast_assert(ObjectClass *klass, const char *typename,
                                              const char *file, int line, const char *func)
{
    ObjectClass *ret;

    if (!klass) {
        return NULL;
    }
    for (int i = 0; i < OBJECT_CLASS_CAST_CACHE; i++) {
        if (__atomic_load_n(&klass->cast_cache[i], __ATOMIC_RELAXED) == typename) {
            return klass;
        }
    }
    /* An interface class cast back to itself or its concrete class. */
    ret = object_class_dynamic_cast(klass, typename);
    if (!ret && object_class_dynamic_cast(klass, TYPE_INTERFACE)) {
        ret = object_class_dynamic_cast(((InterfaceClass *)klass)->concrete_class, typename);
    }
    if (!ret) {
        g_error("%s:%d:%s: class '%s' is not a '%s'", file, line, func,
                klass->type->name, typename);
    }
    if (ret == klass) {
        /* Remember it (racy but harmless: any cached pointer is a valid answer). */
        for (int i = OBJECT_CLASS_CAST_CACHE - 1; i > 0; i--) {
            __atomic_store_n(&klass->cast_cache[i],
                             __atomic_load_n(&klass->cast_cache[i - 1], __ATOMIC_RELAXED),
                             __ATOMIC_RELAXED);
        }
        __atomic_store_n(&klass->cast_cache[0], typename, __ATOMIC_RELAXED);
    }
    return ret;
}

ObjectClass *object_get_class(Object *obj)
{
    return obj->klass;
}

const char *object_get_typename(const Object *obj)
{
    return obj->klass->type->name;
}

Object *object_dynamic_cast(Object *obj, const char *typename)
{
    if (obj && object_class_dynamic_cast(object_get_class(obj), typename)) {
        return obj;
    }
    return NULL;
}

Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line, const char *func)
{
    if (obj) {
        for (int i = 0; i < OBJECT_CLASS_CAST_CACHE; i++) {
            if (__atomic_load_n(&obj->klass->cast_cache[i], __ATOMIC_RELAXED) == typename) {
                return obj;
            }
        }
    }
    if (obj) {
        /* Fails loudly, naming both types, when obj is not a typename. */
        object_class_dynamic_cast_assert(obj->klass, typename, file, line, func);
    }
    return obj;
}

typedef struct ClassForeachData {
    void (*fn)(ObjectClass *klass, void *opaque);
    void *opaque;
    const char *implements_type;
    bool include_abstract;
} ClassForeachData;

static void object_class_foreach_tramp(gpointer key, gpointer value, gpointer opaque)
{
    ClassForeachData *data = opaque;
    Type type = value;
    ObjectClass *k;

    type_initialize(type);
    k = type->klass;
    if (!data->include_abstract && type->abstract) {
        return;
    }
    if (data->implements_type && !object_class_dynamic_cast(k, data->implements_type)) {
        return;
    }
    data->fn(k, data->opaque);
}

void object_class_foreach(void (*fn)(ObjectClass *klass, void *opaque),
                          const char *implements_type, bool include_abstract, void *opaque)
{
    ClassForeachData data = { fn, opaque, implements_type, include_abstract };
    /* Initialising classes may register interface types: iterate a snapshot. */
    GList *types = g_hash_table_get_values(type_table_get());
    for (GList *e = types; e; e = e->next) {
        object_class_foreach_tramp(NULL, e->data, &data);
    }
    g_list_free(types);
}

static void class_list_add(ObjectClass *klass, void *opaque)
{
    GSList **list = opaque;
    /* Per-implementer interface classes are an internal detail. */
    if (!strstr(object_class_get_name(klass), "::")) {
        *list = g_slist_prepend(*list, klass);
    }
}

static gint class_name_cmp(gconstpointer a, gconstpointer b)
{
    return strcmp(object_class_get_name((ObjectClass *)a),
                  object_class_get_name((ObjectClass *)b));
}

GSList *object_class_get_list_sorted(const char *implements_type, bool include_abstract)
{
    GSList *list = NULL;
    object_class_foreach(class_list_add, implements_type, include_abstract, &list);
    return g_slist_sort(list, class_name_cmp);
}

/* Instances */

static void object_init_with_type(Object *obj, Type ti)
{
    if (type_get_parent(ti)) {
        object_init_with_type(obj, type_get_parent(ti));
    }
    if (ti->instance_init) {
        ti->instance_init(obj);
    }
}

static void object_post_init_with_type(Object *obj, Type ti)
{
    if (ti->instance_post_init) {
        ti->instance_post_init(obj);
    }
    if (type_get_parent(ti)) {
        object_post_init_with_type(obj, type_get_parent(ti));
    }
}

static void object_initialize_with_type(Object *obj, size_t size, Type type)
{
    type_initialize(type);
    if (type->abstract) {
        g_error("cannot instantiate abstract type '%s'", type->name);
    }
    if (size < type->instance_size) {
        g_error("instance of '%s' needs %zu bytes, got %zu", type->name,
                type->instance_size, size);
    }
    memset(obj, 0, type->instance_size);
    obj->klass = type->klass;
    obj->ref = 1;
    obj->properties = g_hash_table_new_full(g_str_hash, g_str_equal, NULL,
                                            object_property_free);
    object_init_with_type(obj, type);
    object_post_init_with_type(obj, type);
}

void object_initialize(void *obj, size_t size, const char *typename)
{
    Type type = type_get_by_name(typename);
    if (!type) {
        g_error("unknown type '%s'", typename);
    }
    object_initialize_with_type(obj, size, type);
}

void object_initialize_child(Object *parent, const char *propname, void *child,
                             size_t size, const char *type)
{
    object_initialize(child, size, type);
    object_property_add_child(parent, propname, OBJECT(child));
    /* The composition tree now holds the only reference. */
    object_unref(child);
}

Object *object_new_with_class(ObjectClass *klass)
{
    Type type = klass->type;
    Object *obj;

    type_initialize(type);
    obj = g_malloc0(type->instance_size);
    object_initialize_with_type(obj, type->instance_size, type);
    obj->free = g_free;
    return obj;
}

Object *object_new_checked(const char *typename, Error **errp)
{
    ObjectClass *klass = object_class_by_name(typename);

    if (!klass) {
        error_setg(errp, "unknown type '%s'", typename);
        return NULL;
    }
    if (object_class_is_abstract(klass)) {
        error_setg(errp, "can't create abstract type '%s'", typename);
        return NULL;
    }
    return object_new_with_class(klass);
}

Object *object_new(const char *typename)
{
    Type type = type_get_by_name(typename);
    if (!type) {
        g_error("unknown type '%s'", typename);
    }
    type_initialize(type);
    return object_new_with_class(type->klass);
}

Object *object_ref(void *objptr)
{
    Object *obj = objptr;
    if (obj) {
        g_atomic_int_inc(&obj->ref);
    }
    return obj;
}

static void object_property_del_all(Object *obj)
{
    /* Releasing may remove further properties (children unparenting): loop. */
    while (g_hash_table_size(obj->properties)) {
        GHashTableIter iter;
        gpointer key, value;
        g_hash_table_iter_init(&iter, obj->properties);
        if (!g_hash_table_iter_next(&iter, &key, &value)) {
            break;
        }
        ObjectProperty *prop = value;
        g_hash_table_iter_steal(&iter);
        if (prop->release) {
            prop->release(obj, prop->name, prop->opaque);
        }
        object_property_free(prop);
    }
}

static void object_finalize(Object *obj)
{
    Type ti = obj->klass->type;

    object_property_del_all(obj);
    for (; ti; ti = type_get_parent(ti)) {
        if (ti->instance_finalize) {
            ti->instance_finalize(obj);
        }
    }
    g_hash_table_unref(obj->properties);
    obj->properties = NULL;
    if (obj->free) {
        obj->free(obj);
    }
}

void object_unref(void *objptr)
{
    Object *obj = objptr;
    if (!obj) {
        return;
    }
    if (obj->ref == 0) {
        g_error("object_unref on a dead object of type '%s'", object_get_typename(obj));
    }
    if (g_atomic_int_dec_and_test(&obj->ref)) {
        object_finalize(obj);
    }
}

void object_unparent(Object *obj)
{
    if (obj->parent) {
        object_property_del(obj->parent, obj->name);
    }
}

/* Properties */

static ObjectProperty *property_new(const char *name, const char *type,
                                    ObjectPropertyGet *get, ObjectPropertySet *set,
                                    ObjectPropertyRelease *release, void *opaque)
{
    ObjectProperty *prop = g_new0(ObjectProperty, 1);
    prop->name = g_strdup(name);
    prop->type = g_strdup(type);
    prop->get = get;
    prop->set = set;
    prop->release = release;
    prop->opaque = opaque;
    return prop;
}

ObjectProperty *object_property_add(Object *obj, const char *name, const char *type,
                                    ObjectPropertyGet *get, ObjectPropertySet *set,
                                    ObjectPropertyRelease *release, void *opaque)
{
    ObjectProperty *prop;
    size_t len = strlen(name);

    /* "foo[*]" picks the first free index, as used for unattached devices. */
    if (len >= 3 && !strcmp(name + len - 3, "[*]")) {
        g_autofree char *base = g_strndup(name, len - 3);
        for (int i = 0; ; i++) {
            g_autofree char *n = g_strdup_printf("%s[%d]", base, i);
            if (!object_property_find(obj, n)) {
                return object_property_add(obj, n, type, get, set, release, opaque);
            }
        }
    }
    if (object_property_find(obj, name)) {
        g_error("attempt to add duplicate property '%s' to object (type '%s')", name,
                object_get_typename(obj));
    }
    prop = property_new(name, type, get, set, release, opaque);
    g_hash_table_insert(obj->properties, prop->name, prop);
    return prop;
}

ObjectProperty *object_class_property_add(ObjectClass *klass, const char *name,
                                          const char *type, ObjectPropertyGet *get,
                                          ObjectPropertySet *set,
                                          ObjectPropertyRelease *release, void *opaque)
{
    ObjectProperty *prop;

    if (object_class_property_find(klass, name)) {
        g_error("attempt to add duplicate property '%s' to class (type '%s')", name,
                object_class_get_name(klass));
    }
    prop = property_new(name, type, get, set, release, opaque);
    g_hash_table_insert(klass->properties, prop->name, prop);
    return prop;
}

ObjectProperty *object_class_property_find(ObjectClass *klass, const char *name)
{
    for (; klass; klass = object_class_get_parent(klass)) {
        ObjectProperty *prop = g_hash_table_lookup(klass->properties, name);
        if (prop) {
            return prop;
        }
    }
    return NULL;
}

ObjectProperty *object_property_find(Object *obj, const char *name)
{
    ObjectProperty *prop = g_hash_table_lookup(obj->properties, name);
    return prop ? prop : object_class_property_find(obj->klass, name);
}

ObjectProperty *object_property_find_err(Object *obj, const char *name, Error **errp)
{
    ObjectProperty *prop = object_property_find(obj, name);
    if (!prop) {
        error_setg(errp, "Property '%s.%s' not found", object_get_typename(obj), name);
    }
    return prop;
}

void object_property_set_description(Object *obj, const char *name, const char *desc)
{
    ObjectProperty *prop = object_property_find(obj, name);
    if (prop) {
        g_free(prop->description);
        prop->description = g_strdup(desc);
    }
}

void object_class_property_set_description(ObjectClass *klass, const char *name,
                                           const char *desc)
{
    ObjectProperty *prop = g_hash_table_lookup(klass->properties, name);
    if (prop) {
        g_free(prop->description);
        prop->description = g_strdup(desc);
    }
}

void object_property_del(Object *obj, const char *name)
{
    ObjectProperty *prop = g_hash_table_lookup(obj->properties, name);
    if (!prop) {
        return;
    }
    g_hash_table_steal(obj->properties, name);
    if (prop->release) {
        prop->release(obj, name, prop->opaque);
    }
    object_property_free(prop);
}

static gint prop_name_cmp(gconstpointer a, gconstpointer b)
{
    const ObjectProperty *pa = *(ObjectProperty *const *)a;
    const ObjectProperty *pb = *(ObjectProperty *const *)b;
    return strcmp(pa->name, pb->name);
}

static void iter_add_class_props(GPtrArray *props, GHashTable *seen, ObjectClass *klass)
{
    for (; klass; klass = object_class_get_parent(klass)) {
        GHashTableIter it;
        gpointer k, v;
        g_hash_table_iter_init(&it, klass->properties);
        while (g_hash_table_iter_next(&it, &k, &v)) {
            if (!g_hash_table_contains(seen, k)) {
                g_hash_table_add(seen, k);
                g_ptr_array_add(props, v);
            }
        }
    }
}

void object_property_iter_init(ObjectPropertyIterator *iter, Object *obj)
{
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    GHashTableIter it;
    gpointer k, v;
    GPtrArray *inst = g_ptr_array_new();

    iter->props = g_ptr_array_new();
    iter->pos = 0;
    g_hash_table_iter_init(&it, obj->properties);
    while (g_hash_table_iter_next(&it, &k, &v)) {
        g_hash_table_add(seen, k);
        g_ptr_array_add(inst, v);
    }
    /* Instance properties first in a stable order, then the class chain's. */
    g_ptr_array_sort(inst, prop_name_cmp);
    for (guint i = 0; i < inst->len; i++) {
        g_ptr_array_add(iter->props, inst->pdata[i]);
    }
    g_ptr_array_free(inst, TRUE);
    {
        GPtrArray *cls = g_ptr_array_new();
        iter_add_class_props(cls, seen, obj->klass);
        g_ptr_array_sort(cls, prop_name_cmp);
        for (guint i = 0; i < cls->len; i++) {
            g_ptr_array_add(iter->props, cls->pdata[i]);
        }
        g_ptr_array_free(cls, TRUE);
    }
    g_hash_table_unref(seen);
}

void object_class_property_iter_init(ObjectPropertyIterator *iter, ObjectClass *klass)
{
    GHashTable *seen = g_hash_table_new(g_str_hash, g_str_equal);
    iter->props = g_ptr_array_new();
    iter->pos = 0;
    iter_add_class_props(iter->props, seen, klass);
    g_ptr_array_sort(iter->props, prop_name_cmp);
    g_hash_table_unref(seen);
}

ObjectProperty *object_property_iter_next(ObjectPropertyIterator *iter)
{
    if (!iter->props || iter->pos >= iter->props->len) {
        return NULL;
    }
    return iter->props->pdata[iter->pos++];
}

void object_property_iter_free(ObjectPropertyIterator *iter)
{
    if (iter->props) {
        g_ptr_array_free(iter->props, TRUE);
        iter->props = NULL;
    }
}

JsonNode *object_property_get(Object *obj, const char *name, Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);
    if (!prop) {
        return NULL;
    }
    if (!prop->get) {
        error_setg(errp, "Property '%s.%s' is not readable", object_get_typename(obj), name);
        return NULL;
    }
    return prop->get(obj, prop, errp);
}

static bool property_set(Object *obj, const char *name, JsonNode *value, bool parse,
                         Error **errp)
{
    ObjectProperty *prop = object_property_find_err(obj, name, errp);
    if (!prop) {
        return false;
    }
    if (!prop->set) {
        error_setg(errp, "Property '%s.%s' is not writable", object_get_typename(obj), name);
        return false;
    }
    return prop->set(obj, prop, value, parse, errp);
}

bool object_property_set(Object *obj, const char *name, JsonNode *value, Error **errp)
{
    return property_set(obj, name, value, false, errp);
}

bool object_property_parse(Object *obj, const char *name, const char *string, Error **errp)
{
    JsonNode *node = qom_node_new_str(string);
    bool ok = property_set(obj, name, node, true, errp);
    json_node_unref(node);
    return ok;
}

char *object_property_print(Object *obj, const char *name, Error **errp)
{
    JsonNode *node = object_property_get(obj, name, errp);
    char *s;
    if (!node) {
        return NULL;
    }
    s = qom_node_to_text(node);
    json_node_unref(node);
    return s;
}

static bool set_and_free(Object *obj, const char *name, JsonNode *node, Error **errp)
{
    bool ok = object_property_set(obj, name, node, errp);
    json_node_unref(node);
    return ok;
}

bool object_property_set_bool(Object *obj, const char *name, bool value, Error **errp)
{
    return set_and_free(obj, name, qom_node_new_bool(value), errp);
}

bool object_property_set_int(Object *obj, const char *name, int64_t value, Error **errp)
{
    return set_and_free(obj, name, qom_node_new_int(value), errp);
}

bool object_property_set_uint(Object *obj, const char *name, uint64_t value, Error **errp)
{
    return set_and_free(obj, name, qom_node_new_uint(value), errp);
}

bool object_property_set_str(Object *obj, const char *name, const char *value, Error **errp)
{
    return set_and_free(obj, name, qom_node_new_str(value), errp);
}

bool object_property_set_link(Object *obj, const char *name, Object *value, Error **errp)
{
    g_autofree char *path = value ? object_get_canonical_path(value) : NULL;
    return set_and_free(obj, name, path ? qom_node_new_str(path) : qom_node_new_null(),
                        errp);
}

bool object_property_get_bool(Object *obj, const char *name, Error **errp)
{
    JsonNode *n = object_property_get(obj, name, errp);
    bool v = false;
    if (n) {
        qom_node_to_bool(n, name, false, &v, errp);
        json_node_unref(n);
    }
    return v;
}

int64_t object_property_get_int(Object *obj, const char *name, Error **errp)
{
    JsonNode *n = object_property_get(obj, name, errp);
    int64_t v = -1;
    if (n) {
        qom_node_to_int(n, name, false, &v, errp);
        json_node_unref(n);
    }
    return v;
}

uint64_t object_property_get_uint(Object *obj, const char *name, Error **errp)
{
    JsonNode *n = object_property_get(obj, name, errp);
    uint64_t v = 0;
    if (n) {
        qom_node_to_uint(n, name, false, &v, errp);
        json_node_unref(n);
    }
    return v;
}

char *object_property_get_str(Object *obj, const char *name, Error **errp)
{
    JsonNode *n = object_property_get(obj, name, errp);
    char *v = NULL;
    if (n) {
        v = qom_node_to_str(n, name, errp);
        json_node_unref(n);
    }
    return v;
}

Object *object_property_get_link(Object *obj, const char *name, Error **errp)
{
    g_autofree char *path = object_property_get_str(obj, name, errp);
    if (!path || !*path) {
        return NULL;
    }
    return object_resolve_path(path, NULL);
}

/* Callback-backed bool and string properties */

typedef struct BoolProperty {
    bool (*get)(Object *, Error **);
    void (*set)(Object *, bool, Error **);
} BoolProperty;

static JsonNode *property_get_bool(Object *obj, ObjectProperty *prop, Error **errp)
{
    BoolProperty *bp = prop->opaque;
    Error *err = NULL;
    bool v = bp->get(obj, &err);
    if (err) {
        error_propagate(errp, err);
        return NULL;
    }
    return qom_node_new_bool(v);
}

static bool property_set_bool(Object *obj, ObjectProperty *prop, JsonNode *value,
                              bool parse, Error **errp)
{
    BoolProperty *bp = prop->opaque;
    Error *err = NULL;
    bool v;
    if (!qom_node_to_bool(value, prop->name, parse, &v, errp)) {
        return false;
    }
    bp->set(obj, v, &err);
    if (err) {
        error_propagate(errp, err);
        return false;
    }
    return true;
}

static void property_release_opaque(Object *obj, const char *name, void *opaque)
{
    g_free(opaque);
}

void object_property_add_bool(Object *obj, const char *name,
                              bool (*get)(Object *, Error **),
                              void (*set)(Object *, bool, Error **))
{
    BoolProperty *bp = g_new0(BoolProperty, 1);
    bp->get = get;
    bp->set = set;
    object_property_add(obj, name, "bool", get ? property_get_bool : NULL,
                        set ? property_set_bool : NULL, property_release_opaque, bp);
}

void object_class_property_add_bool(ObjectClass *klass, const char *name,
                                    bool (*get)(Object *, Error **),
                                    void (*set)(Object *, bool, Error **))
{
    /* Class properties live as long as the process; their opaque is never freed. */
    BoolProperty *bp = g_new0(BoolProperty, 1);
    bp->get = get;
    bp->set = set;
    object_class_property_add(klass, name, "bool", get ? property_get_bool : NULL,
                              set ? property_set_bool : NULL, NULL, bp);
}

typedef struct StringProperty {
    char *(*get)(Object *, Error **);
    void (*set)(Object *, const char *, Error **);
} StringProperty;

static JsonNode *property_get_str(Object *obj, ObjectProperty *prop, Error **errp)
{
    StringProperty *sp = prop->opaque;
    Error *err = NULL;
    char *v = sp->get(obj, &err);
    JsonNode *n;
    if (err) {
        error_propagate(errp, err);
        return NULL;
    }
    n = qom_node_new_str(v ? v : "");
    g_free(v);
    return n;
}

static bool property_set_str(Object *obj, ObjectProperty *prop, JsonNode *value,
                             bool parse, Error **errp)
{
    StringProperty *sp = prop->opaque;
    Error *err = NULL;
    g_autofree char *v = qom_node_to_str(value, prop->name, errp);
    if (!v) {
        return false;
    }
    sp->set(obj, v, &err);
    if (err) {
        error_propagate(errp, err);
        return false;
    }
    return true;
}

void object_property_add_str(Object *obj, const char *name,
                             char *(*get)(Object *, Error **),
                             void (*set)(Object *, const char *, Error **))
{
    StringProperty *sp = g_new0(StringProperty, 1);
    sp->get = get;
    sp->set = set;
    object_property_add(obj, name, "string", get ? property_get_str : NULL,
                        set ? property_set_str : NULL, property_release_opaque, sp);
}

void object_class_property_add_str(ObjectClass *klass, const char *name,
                                   char *(*get)(Object *, Error **),
                                   void (*set)(Object *, const char *, Error **))
{
    StringProperty *sp = g_new0(StringProperty, 1);
    sp->get = get;
    sp->set = set;
    object_class_property_add(klass, name, "string", get ? property_get_str : NULL,
                              set ? property_set_str : NULL, NULL, sp);
}

static JsonNode *property_get_uint64_ptr(Object *obj, ObjectProperty *prop, Error **errp)
{
    return qom_node_new_uint(*(const uint64_t *)prop->opaque);
}

static JsonNode *property_get_uint32_ptr(Object *obj, ObjectProperty *prop, Error **errp)
{
    return qom_node_new_uint(*(const uint32_t *)prop->opaque);
}

void object_property_add_uint64_ptr(Object *obj, const char *name, const uint64_t *v)
{
    object_property_add(obj, name, "uint64", property_get_uint64_ptr, NULL, NULL, (void *)v);
}

void object_property_add_uint32_ptr(Object *obj, const char *name, const uint32_t *v)
{
    object_property_add(obj, name, "uint32", property_get_uint32_ptr, NULL, NULL, (void *)v);
}

/* Composition: child<T> */

static JsonNode *property_get_child(Object *obj, ObjectProperty *prop, Error **errp)
{
    g_autofree char *path = object_get_canonical_path(prop->opaque);
    return qom_node_new_str(path);
}

static void property_release_child(Object *obj, const char *name, void *opaque)
{
    Object *child = opaque;
    ObjectClass *k = object_get_class(child);

    if (k->unparent) {
        k->unparent(child);
    }
    child->parent = NULL;
    g_free(child->name);
    child->name = NULL;
    object_unref(child);
}

ObjectProperty *object_property_add_child(Object *obj, const char *name, Object *child)
{
    g_autofree char *type = NULL;
    ObjectProperty *op;

    if (child->parent) {
        g_error("object of type '%s' already has a parent", object_get_typename(child));
    }
    type = g_strdup_printf("child<%s>", object_get_typename(child));
    op = object_property_add(obj, name, type, property_get_child, NULL,
                             property_release_child, child);
    object_ref(child);
    child->parent = obj;
    child->name = g_strdup(op->name);
    return op;
}

static bool prop_is_child_type(const char *type)
{
    return g_str_has_prefix(type, "child<");
}

/* Aliases */

typedef struct AliasProperty {
    Object *target;
    char *target_name;
} AliasProperty;

static JsonNode *property_get_alias(Object *obj, ObjectProperty *prop, Error **errp)
{
    AliasProperty *a = prop->opaque;
    return object_property_get(a->target, a->target_name, errp);
}

static bool property_set_alias(Object *obj, ObjectProperty *prop, JsonNode *value,
                               bool parse, Error **errp)
{
    AliasProperty *a = prop->opaque;
    ObjectProperty *tp = object_property_find_err(a->target, a->target_name, errp);

    if (!tp) {
        return false;
    }
    if (!tp->set) {
        error_setg(errp, "Property '%s.%s' is not writable", object_get_typename(obj),
                   prop->name);
        return false;
    }
    return tp->set(a->target, tp, value, parse, errp);
}

static void property_release_alias(Object *obj, const char *name, void *opaque)
{
    AliasProperty *a = opaque;
    g_free(a->target_name);
    g_free(a);
}

ObjectProperty *object_property_add_alias(Object *obj, const char *name, Object *target,
                                          const char *target_name)
{
    ObjectProperty *tp = object_property_find(target, target_name);
    ObjectProperty *op;
    AliasProperty *a;
    g_autofree char *type = NULL;

    if (!tp) {
        g_error("alias '%s' of object type '%s' names a missing property '%s' of type '%s'",
                name, object_get_typename(obj), target_name, object_get_typename(target));
    }
    /* A child seen through an alias is a link, not a second parent. */
    type = prop_is_child_type(tp->type) ? g_strdup_printf("link%s", tp->type + 5)
                                        : g_strdup(tp->type);
    a = g_new0(AliasProperty, 1);
    a->target = target;
    a->target_name = g_strdup(target_name);
    op = object_property_add(obj, name, type, property_get_alias,
                             tp->set ? property_set_alias : NULL, property_release_alias, a);
    op->description = g_strdup(tp->description);
    if (tp->defval) {
        op->defval = json_node_copy(tp->defval);
    }
    return op;
}

static bool prop_is_child(const ObjectProperty *prop)
{
    return g_str_has_prefix(prop->type, "child<");
}

static bool prop_is_link(const ObjectProperty *prop)
{
    return g_str_has_prefix(prop->type, "link<");
}

Object *object_get_child(Object *obj, const char *name)
{
    ObjectProperty *prop = g_hash_table_lookup(obj->properties, name);
    return prop && prop_is_child(prop) ? prop->opaque : NULL;
}

static int child_foreach(Object *obj, int (*fn)(Object *, void *), void *opaque,
                         bool recurse)
{
    ObjectPropertyIterator iter;
    ObjectProperty *prop;
    GPtrArray *children = g_ptr_array_new_with_free_func(object_unref);
    int ret = 0;

    /* Snapshot first: fn may add or remove children. */
    object_property_iter_init(&iter, obj);
    while ((prop = object_property_iter_next(&iter))) {
        if (prop_is_child(prop)) {
            g_ptr_array_add(children, object_ref(prop->opaque));
        }
    }
    object_property_iter_free(&iter);
    for (guint i = 0; i < children->len && !ret; i++) {
        Object *child = children->pdata[i];
        ret = fn(child, opaque);
        if (!ret && recurse) {
            ret = child_foreach(child, fn, opaque, true);
        }
    }
    g_ptr_array_free(children, TRUE);
    return ret;
}

int object_child_foreach(Object *obj, int (*fn)(Object *child, void *opaque), void *opaque)
{
    return child_foreach(obj, fn, opaque, false);
}

int object_child_foreach_recursive(Object *obj, int (*fn)(Object *child, void *opaque),
                                   void *opaque)
{
    return child_foreach(obj, fn, opaque, true);
}

/* link<T> */

typedef struct LinkProperty {
    Object **targetp;
    ObjectLinkCheck *check;
    ObjectPropertyLinkFlags flags;
    char *target_type;
} LinkProperty;

bool object_property_allow_set_link(const Object *obj, const char *name, Object *val,
                                    Error **errp)
{
    return true;
}

static JsonNode *property_get_link(Object *obj, ObjectProperty *prop, Error **errp)
{
    LinkProperty *lp = prop->opaque;
    if (*lp->targetp) {
        g_autofree char *path = object_get_canonical_path(*lp->targetp);
        return qom_node_new_str(path);
    }
    return qom_node_new_str("");
}

static bool property_set_link(Object *obj, ObjectProperty *prop, JsonNode *value,
                              bool parse, Error **errp)
{
    LinkProperty *lp = prop->opaque;
    Object *target = NULL;
    Object *old = *lp->targetp;

    if (!JSON_NODE_HOLDS_NULL(value)) {
        g_autofree char *path = qom_node_to_str(value, prop->name, errp);
        bool ambiguous = false;
        if (!path) {
            return false;
        }
        if (*path) {
            target = object_resolve_path_type(path, lp->target_type, &ambiguous);
            if (!target) {
                if (ambiguous) {
                    error_setg(errp, "Path '%s' does not uniquely identify an object", path);
                } else if (object_resolve_path(path, NULL)) {
                    error_setg(errp, "Invalid parameter type for '%s', expected: %s",
                               prop->name, lp->target_type);
                } else {
                    error_set(errp, ERROR_CLASS_DEVICE_NOT_FOUND,
                              "Device '%s' not found", path);
                }
                return false;
            }
        }
    }
    if (lp->check && !lp->check(obj, prop->name, target, errp)) {
        return false;
    }
    *lp->targetp = target;
    if (lp->flags & OBJ_PROP_LINK_STRONG) {
        object_ref(target);
        object_unref(old);
    }
    return true;
}

static void property_release_link(Object *obj, const char *name, void *opaque)
{
    LinkProperty *lp = opaque;
    if ((lp->flags & OBJ_PROP_LINK_STRONG) && *lp->targetp) {
        object_unref(*lp->targetp);
    }
    g_free(lp->target_type);
    g_free(lp);
}

ObjectProperty *object_property_add_link(Object *obj, const char *name, const char *type,
                                         Object **targetp, ObjectLinkCheck *check,
                                         ObjectPropertyLinkFlags flags)
{
    LinkProperty *lp = g_new0(LinkProperty, 1);
    g_autofree char *full_type = g_strdup_printf("link<%s>", type);
    lp->targetp = targetp;
    lp->check = check;
    lp->flags = flags;
    lp->target_type = g_strdup(type);
    return object_property_add(obj, name, full_type, property_get_link,
                               check ? property_set_link : NULL, property_release_link, lp);
}

/* Enums */

int qapi_enum_parse(const QEnumLookup *lookup, const char *buf, int def, Error **errp)
{
    if (!buf) {
        return def;
    }
    for (int i = 0; i < lookup->size; i++) {
        if (!strcmp(buf, lookup->array[i])) {
            return i;
        }
    }
    error_setg(errp, "Invalid parameter '%s'", buf);
    return def;
}

const char *qapi_enum_lookup(const QEnumLookup *lookup, int val)
{
    return val >= 0 && val < lookup->size ? lookup->array[val] : "";
}

/* Paths */

static const TypeInfo container_info = {
    .name = TYPE_CONTAINER,
    .parent = TYPE_OBJECT,
    .instance_size = sizeof(Object),
};

/* The root of the composition tree: a process singleton. */
static Object *root_object;

Object *object_get_root(void)
{
    if (!root_object) {
        root_object = object_new(TYPE_CONTAINER);
    }
    return root_object;
}

Object *container_get(Object *root, const char *path)
{
    g_auto(GStrv) parts = g_strsplit(path, "/", 0);
    Object *obj = root;

    for (int i = 0; parts[i]; i++) {
        Object *child;
        if (!*parts[i]) {
            continue;
        }
        child = object_resolve_path_component(obj, parts[i]);
        if (!child) {
            child = object_new(TYPE_CONTAINER);
            object_property_add_child(obj, parts[i], child);
            object_unref(child);
        }
        obj = child;
    }
    return obj;
}

const char *object_get_canonical_path_component(const Object *obj)
{
    return obj->name;
}

char *object_get_canonical_path(const Object *obj)
{
    GString *path = g_string_new(NULL);
    Object *root = object_get_root();

    if (obj == root) {
        g_string_free(path, TRUE);
        return g_strdup("/");
    }
    while (obj != root) {
        if (!obj->parent) {
            /* Not in the composition tree. */
            g_string_free(path, TRUE);
            return NULL;
        }
        g_string_prepend(path, obj->name);
        g_string_prepend_c(path, '/');
        obj = obj->parent;
    }
    return g_string_free(path, FALSE);
}

Object *object_resolve_path_component(Object *parent, const char *part)
{
    ObjectProperty *prop = object_property_find(parent, part);
    if (!prop) {
        return NULL;
    }
    if (prop_is_child(prop)) {
        return prop->opaque;
    }
    if (prop_is_link(prop)) {
        return *((LinkProperty *)prop->opaque)->targetp;
    }
    return NULL;
}

static Object *resolve_abs(Object *parent, char **parts, const char *typename)
{
    Object *child;

    while (*parts && !**parts) {
        parts++;
    }
    if (!*parts) {
        return object_dynamic_cast(parent, typename);
    }
    child = object_resolve_path_component(parent, *parts);
    return child ? resolve_abs(child, parts + 1, typename) : NULL;
}

typedef struct PartialSearch {
    char **parts;
    const char *typename;
    Object *found;
    bool ambiguous;
} PartialSearch;

static int partial_match(Object *obj, void *opaque)
{
    PartialSearch *s = opaque;
    Object *hit;

    if (!obj->name || strcmp(obj->name, s->parts[0])) {
        return 0;
    }
    hit = resolve_abs(obj, s->parts + 1, s->typename);
    if (hit) {
        if (s->found && s->found != hit) {
            s->ambiguous = true;
            return 1;
        }
        s->found = hit;
    }
    return 0;
}

Object *object_resolve_path_type(const char *path, const char *typename, bool *ambiguous)
{
    g_auto(GStrv) parts = NULL;
    Object *obj;

    if (ambiguous) {
        *ambiguous = false;
    }
    if (!path || !*path) {
        return NULL;
    }
    parts = g_strsplit(path, "/", 0);
    if (path[0] == '/') {
        obj = resolve_abs(object_get_root(), parts, typename);
    } else {
        PartialSearch s = { parts, typename, NULL, false };
        object_child_foreach_recursive(object_get_root(), partial_match, &s);
        if (s.ambiguous) {
            if (ambiguous) {
                *ambiguous = true;
            }
            return NULL;
        }
        obj = s.found;
    }
    return obj;
}

Object *object_resolve_path(const char *path, bool *ambiguous)
{
    return object_resolve_path_type(path, TYPE_OBJECT, ambiguous);
}

/* JSON node helpers */

JsonNode *qom_node_new_bool(bool v)
{
    JsonNode *n = json_node_new(JSON_NODE_VALUE);
    json_node_set_boolean(n, v);
    return n;
}

JsonNode *qom_node_new_int(int64_t v)
{
    JsonNode *n = json_node_new(JSON_NODE_VALUE);
    json_node_set_int(n, v);
    return n;
}

JsonNode *qom_node_new_uint(uint64_t v)
{
    JsonNode *n = json_node_new(JSON_NODE_VALUE);
    if (v > INT64_MAX) {
        /* JSON has one number type; json-glib stores int64, so keep the bits. */
        json_node_set_double(n, (double)v);
    } else {
        json_node_set_int(n, (int64_t)v);
    }
    return n;
}

JsonNode *qom_node_new_str(const char *v)
{
    JsonNode *n = json_node_new(JSON_NODE_VALUE);
    json_node_set_string(n, v);
    return n;
}

JsonNode *qom_node_new_null(void)
{
    return json_node_new(JSON_NODE_NULL);
}

static bool node_is(JsonNode *node, GType type)
{
    return node && JSON_NODE_HOLDS_VALUE(node) && json_node_get_value_type(node) == type;
}

static void type_error(const char *name, const char *expected, Error **errp)
{
    error_setg(errp, "Invalid parameter type for '%s', expected: %s", name, expected);
}

bool qom_node_to_bool(JsonNode *node, const char *name, bool parse, bool *out, Error **errp)
{
    if (node_is(node, G_TYPE_BOOLEAN)) {
        *out = json_node_get_boolean(node);
        return true;
    }
    if (parse && node_is(node, G_TYPE_STRING)) {
        return qemu_parse_bool(name, json_node_get_string(node), out, errp);
    }
    type_error(name, "boolean", errp);
    return false;
}

bool qom_node_to_int(JsonNode *node, const char *name, bool parse, int64_t *out,
                     Error **errp)
{
    if (node_is(node, G_TYPE_INT64)) {
        *out = json_node_get_int(node);
        return true;
    }
    if (parse && node_is(node, G_TYPE_STRING)) {
        return qemu_parse_int64(name, json_node_get_string(node), out, errp);
    }
    type_error(name, "integer", errp);
    return false;
}

bool qom_node_to_uint(JsonNode *node, const char *name, bool parse, uint64_t *out,
                      Error **errp)
{
    if (node_is(node, G_TYPE_INT64)) {
        int64_t v = json_node_get_int(node);
        /* QMP passes uint64 values above INT64_MAX as negative int64 bits. */
        *out = (uint64_t)v;
        return true;
    }
    if (node_is(node, G_TYPE_DOUBLE)) {
        double d = json_node_get_double(node);
        if (d >= 0 && d < 18446744073709551616.0 && d == (double)(uint64_t)d) {
            *out = (uint64_t)d;
            return true;
        }
    }
    if (parse && node_is(node, G_TYPE_STRING)) {
        return qemu_parse_uint64(name, json_node_get_string(node), out, errp);
    }
    type_error(name, "integer", errp);
    return false;
}

bool qom_node_to_size(JsonNode *node, const char *name, bool parse, uint64_t *out,
                      Error **errp)
{
    if (parse && node_is(node, G_TYPE_STRING)) {
        return qemu_parse_size(name, json_node_get_string(node), out, errp);
    }
    if (!qom_node_to_uint(node, name, false, out, NULL)) {
        type_error(name, "size", errp);
        return false;
    }
    return true;
}

char *qom_node_to_str(JsonNode *node, const char *name, Error **errp)
{
    if (node_is(node, G_TYPE_STRING)) {
        return g_strdup(json_node_get_string(node));
    }
    type_error(name, "string", errp);
    return NULL;
}

char *qom_node_to_text(JsonNode *node)
{
    if (node_is(node, G_TYPE_STRING)) {
        return g_strdup(json_node_get_string(node));
    }
    if (node_is(node, G_TYPE_BOOLEAN)) {
        return g_strdup(json_node_get_boolean(node) ? "true" : "false");
    }
    if (node_is(node, G_TYPE_INT64)) {
        return g_strdup_printf("%" PRId64, json_node_get_int(node));
    }
    if (node_is(node, G_TYPE_DOUBLE)) {
        double d = json_node_get_double(node);
        if (d >= 0 && d < 18446744073709551616.0 && d == (double)(uint64_t)d) {
            return g_strdup_printf("%" PRIu64, (uint64_t)d);
        }
        return g_strdup_printf("%g", d);
    }
    return json_to_string(node, FALSE);
}

static JsonNode *object_get_type(Object *obj, ObjectProperty *prop, Error **errp)
{
    return qom_node_new_str(object_get_typename(obj));
}

static void object_class_init(ObjectClass *oc, void *data)
{
    /* Every object says what it is, as qom-list and qom-get show. */
    object_class_property_add(oc, "type", "string", object_get_type, NULL, NULL, NULL);
}

static const TypeInfo object_info = {
    .name = TYPE_OBJECT,
    .instance_size = sizeof(Object),
    .class_size = sizeof(ObjectClass),
    .class_init = object_class_init,
    .abstract = true,
};

static const TypeInfo interface_info = {
    .name = TYPE_INTERFACE,
    .class_size = sizeof(InterfaceClass),
    .abstract = true,
};

static void register_types(void)
{
    type_register_static(&interface_info);
    type_register_static(&object_info);
    type_register_static(&container_info);
}

type_init(register_types)
