/*
 * The object model: types with single inheritance and interfaces, checked
 * casts, typed introspectable properties, and the composition tree rooted at
 * "/" (with "/machine" below it).  Nothing here knows about devices or buses.
 */
#ifndef QOM_OBJECT_H
#define QOM_OBJECT_H

#include "qemu/osdep.h"
#include "qapi/error.h"
#include <json-glib/json-glib.h>

typedef struct TypeImpl *Type;
typedef struct ObjectClass ObjectClass;
typedef struct Object Object;
typedef struct ObjectProperty ObjectProperty;
typedef struct InterfaceClass InterfaceClass;

#define TYPE_OBJECT "object"
#define TYPE_INTERFACE "interface"
#define TYPE_CONTAINER "container"

/*
 * Property accessors work on JSON values (json-glib nodes), which is also
 * what QMP's qom-get/qom-set carry.  A setter given parse=true received the
 * textual form from a command line, -global or a compat property and must
 * accept it as a string ("on", "0x10", "1G"); with parse=false it insists on
 * the JSON type (QMP).  Getters return a new node the caller frees.
 */
typedef JsonNode *ObjectPropertyGet(Object *obj, ObjectProperty *prop, Error **errp);
typedef bool ObjectPropertySet(Object *obj, ObjectProperty *prop, JsonNode *value,
                               bool parse, Error **errp);
typedef void ObjectPropertyRelease(Object *obj, const char *name, void *opaque);

struct ObjectProperty {
    char *name;
    char *type;          /* "bool", "int64", "uint32", "size", "str", "child<T>", "link<T>", enum */
    char *description;
    ObjectPropertyGet *get;
    ObjectPropertySet *set;
    ObjectPropertyRelease *release;
    void *opaque;
    JsonNode *defval;    /* default value for introspection, or NULL */
};

typedef void ObjectUnparent(Object *obj);
typedef void ObjectFree(void *obj);

#define OBJECT_CLASS_CAST_CACHE 4

struct ObjectClass {
    Type type;
    GSList *interfaces;        /* of ObjectClass * (interface classes) */
    GHashTable *properties;    /* name -> ObjectProperty *, declared on this class */
    ObjectUnparent *unparent;
    /*
     * Type-name pointers this class was recently cast to successfully
     * (casts use string literals, so a pointer compare finds them): keeps
     * checked casts in hot paths (CPU_GET_CLASS in the cpu loop) cheap.
     */
    const char *cast_cache[OBJECT_CLASS_CAST_CACHE];
};

struct Object {
    ObjectClass *klass;
    GHashTable *properties;    /* name -> ObjectProperty *, per instance */
    uint32_t ref;
    Object *parent;            /* composition parent, NULL when detached */
    char *name;                /* our child property's name in the parent */
    ObjectFree *free;
};

typedef struct InterfaceInfo {
    const char *type;
} InterfaceInfo;

/* The class of an interface as seen through an implementing class. */
struct InterfaceClass {
    ObjectClass parent_class;
    ObjectClass *concrete_class;
    Type interface_type;
};

typedef struct TypeInfo {
    const char *name;
    const char *parent;
    size_t instance_size;
    void (*instance_init)(Object *obj);
    void (*instance_post_init)(Object *obj);
    void (*instance_finalize)(Object *obj);
    bool abstract;
    size_t class_size;
    void (*class_init)(ObjectClass *klass, void *data);
    void (*class_base_init)(ObjectClass *klass, void *data);
    void *class_data;
    InterfaceInfo *interfaces;    /* terminated by { NULL } */
} TypeInfo;

/* Register a type; call from a constructor (see type_init). */
Type type_register_static(const TypeInfo *info);
void type_register_static_array(const TypeInfo *infos, int nr_infos);

#define type_init(function) \
    static void __attribute__((constructor)) do_qemu_init_ ## function(void) \
    { function(); }

#define DEFINE_TYPES(type_array) \
    static void do_qemu_init_ ## type_array(void) \
    { type_register_static_array(type_array, ARRAY_SIZE(type_array)); } \
    type_init(do_qemu_init_ ## type_array)

/* Checked casts: a failed cast is a programming error and aborts with both type names. */
Object *object_dynamic_cast_assert(Object *obj, const char *typename,
                                   const char *file, int line, const char *func);
ObjectClass *object_class_dynamic_cast_assert(ObjectClass *klass, const char *typename,
                                              const char *file, int line, const char *func);

#define OBJECT(obj) ((Object *)(obj))
#define OBJECT_CLASS(klass) ((ObjectClass *)(klass))
#define OBJECT_CHECK(type, obj, name) \
    ((type *)object_dynamic_cast_assert(OBJECT(obj), (name), __FILE__, __LINE__, __func__))
#define OBJECT_CLASS_CHECK(class_type, klass, name) \
    ((class_type *)object_class_dynamic_cast_assert(OBJECT_CLASS(klass), (name), \
                                                    __FILE__, __LINE__, __func__))
#define OBJECT_GET_CLASS(class_type, obj, name) \
    OBJECT_CLASS_CHECK(class_type, object_get_class(OBJECT(obj)), name)

/* Declare the cast helpers for a type: INSTANCE_NAME(obj), INSTANCE_NAME_CLASS(k),
 * INSTANCE_NAME_GET_CLASS(obj). */
#define OBJECT_DECLARE_TYPE(InstanceType, ClassType, MODULE_OBJ_NAME) \
    typedef struct InstanceType InstanceType; \
    typedef struct ClassType ClassType; \
    static inline G_GNUC_UNUSED InstanceType *MODULE_OBJ_NAME(const void *obj) \
    { return OBJECT_CHECK(InstanceType, obj, TYPE_##MODULE_OBJ_NAME); } \
    static inline G_GNUC_UNUSED ClassType *MODULE_OBJ_NAME##_GET_CLASS(const void *obj) \
    { return OBJECT_GET_CLASS(ClassType, obj, TYPE_##MODULE_OBJ_NAME); } \
    static inline G_GNUC_UNUSED ClassType *MODULE_OBJ_NAME##_CLASS(const void *klass) \
    { return OBJECT_CLASS_CHECK(ClassType, klass, TYPE_##MODULE_OBJ_NAME); }

#define OBJECT_DECLARE_SIMPLE_TYPE(InstanceType, MODULE_OBJ_NAME) \
    typedef struct InstanceType InstanceType; \
    static inline G_GNUC_UNUSED InstanceType *MODULE_OBJ_NAME(const void *obj) \
    { return OBJECT_CHECK(InstanceType, obj, TYPE_##MODULE_OBJ_NAME); }

/* Unchecked queries. */
Object *object_dynamic_cast(Object *obj, const char *typename);
ObjectClass *object_class_dynamic_cast(ObjectClass *klass, const char *typename);
ObjectClass *object_get_class(Object *obj);
const char *object_get_typename(const Object *obj);
ObjectClass *object_class_by_name(const char *typename);
ObjectClass *object_class_get_parent(ObjectClass *klass);
const char *object_class_get_name(ObjectClass *klass);
bool object_class_is_abstract(ObjectClass *klass);
/* Call fn for every class that is (a subtype of) implements_type. */
void object_class_foreach(void (*fn)(ObjectClass *klass, void *opaque),
                          const char *implements_type, bool include_abstract, void *opaque);
/* Classes of implements_type, sorted by name; free the list (not the classes). */
GSList *object_class_get_list_sorted(const char *implements_type, bool include_abstract);

/*
 * Create an instance with reference count 1.  Returns NULL with errp set if
 * the type is unknown or abstract (object_new() aborts instead: code-only).
 */
Object *object_new_with_class(ObjectClass *klass);
Object *object_new_checked(const char *typename, Error **errp);
Object *object_new(const char *typename);
/* Initialise an object embedded in a larger struct (reference count 1, not freed). */
void object_initialize(void *obj, size_t size, const char *typename);
/* Embedded child: initialise and add as child property in one step. */
void object_initialize_child(Object *parent, const char *propname, void *child,
                             size_t size, const char *type);

Object *object_ref(void *obj);
/* Drop a reference; the last one finalizes (instance_finalize up the chain,
 * then property release, then free). */
void object_unref(void *obj);

/* Detach from the composition parent (drops the parent's reference). */
void object_unparent(Object *obj);

/* Properties. */
ObjectProperty *object_property_add(Object *obj, const char *name, const char *type,
                                    ObjectPropertyGet *get, ObjectPropertySet *set,
                                    ObjectPropertyRelease *release, void *opaque);
ObjectProperty *object_class_property_add(ObjectClass *klass, const char *name,
                                          const char *type, ObjectPropertyGet *get,
                                          ObjectPropertySet *set,
                                          ObjectPropertyRelease *release, void *opaque);
void object_property_set_description(Object *obj, const char *name, const char *desc);
void object_class_property_set_description(ObjectClass *klass, const char *name,
                                           const char *desc);
/* Find by name (instance, then class chain); NULL with errp "Property 'T.N' not found". */
ObjectProperty *object_property_find(Object *obj, const char *name);
ObjectProperty *object_property_find_err(Object *obj, const char *name, Error **errp);
ObjectProperty *object_class_property_find(ObjectClass *klass, const char *name);
void object_property_del(Object *obj, const char *name);

/* Iterate every property of an object (instance ones, then class chain). */
typedef struct ObjectPropertyIterator {
    GPtrArray *props;
    guint pos;
} ObjectPropertyIterator;
void object_property_iter_init(ObjectPropertyIterator *iter, Object *obj);
void object_class_property_iter_init(ObjectPropertyIterator *iter, ObjectClass *klass);
ObjectProperty *object_property_iter_next(ObjectPropertyIterator *iter);
void object_property_iter_free(ObjectPropertyIterator *iter);

/* Generic get/set through a property's accessors. */
JsonNode *object_property_get(Object *obj, const char *name, Error **errp);
bool object_property_set(Object *obj, const char *name, JsonNode *value, Error **errp);
/* Set from the textual form ("on", "0x10", "64K", a path for links). */
bool object_property_parse(Object *obj, const char *name, const char *string, Error **errp);
/* Textual form of the current value (strings unquoted), caller frees; NULL on error. */
char *object_property_print(Object *obj, const char *name, Error **errp);

bool object_property_set_bool(Object *obj, const char *name, bool value, Error **errp);
bool object_property_get_bool(Object *obj, const char *name, Error **errp);
bool object_property_set_int(Object *obj, const char *name, int64_t value, Error **errp);
int64_t object_property_get_int(Object *obj, const char *name, Error **errp);
bool object_property_set_uint(Object *obj, const char *name, uint64_t value, Error **errp);
uint64_t object_property_get_uint(Object *obj, const char *name, Error **errp);
bool object_property_set_str(Object *obj, const char *name, const char *value, Error **errp);
char *object_property_get_str(Object *obj, const char *name, Error **errp);
bool object_property_set_link(Object *obj, const char *name, Object *value, Error **errp);
Object *object_property_get_link(Object *obj, const char *name, Error **errp);

/* Typed property helpers backed by callbacks. */
void object_property_add_bool(Object *obj, const char *name,
                              bool (*get)(Object *, Error **),
                              void (*set)(Object *, bool, Error **));
void object_class_property_add_bool(ObjectClass *klass, const char *name,
                                    bool (*get)(Object *, Error **),
                                    void (*set)(Object *, bool, Error **));
void object_property_add_str(Object *obj, const char *name,
                             char *(*get)(Object *, Error **),
                             void (*set)(Object *, const char *, Error **));
void object_class_property_add_str(ObjectClass *klass, const char *name,
                                   char *(*get)(Object *, Error **),
                                   void (*set)(Object *, const char *, Error **));
/* Read-only integer views of a field in the object. */
void object_property_add_uint64_ptr(Object *obj, const char *name, const uint64_t *v);
void object_property_add_uint32_ptr(Object *obj, const char *name, const uint32_t *v);

/* Composition: child<T> holds a reference and sets the child's parent. */
ObjectProperty *object_property_add_child(Object *obj, const char *name, Object *child);
/*
 * Property name of obj that stands for target_name of target: reads, writes
 * (with the same parse rules) and introspection all go to target's property,
 * which must exist.  target must outlive obj's use of the alias (normally a
 * child of obj).  QEMU's "-device virtio-blk-pci,drive=..." relies on it.
 */
ObjectProperty *object_property_add_alias(Object *obj, const char *name, Object *target,
                                          const char *target_name);
Object *object_get_child(Object *obj, const char *name);
int object_child_foreach(Object *obj, int (*fn)(Object *child, void *opaque), void *opaque);
int object_child_foreach_recursive(Object *obj, int (*fn)(Object *child, void *opaque),
                                   void *opaque);

/*
 * link<T>: a settable reference to another object, by canonical or partial
 * path.  check may veto a target; with OBJ_PROP_LINK_STRONG the link holds a
 * reference.
 */
typedef enum ObjectPropertyLinkFlags {
    OBJ_PROP_LINK_STRONG = 0x1,
} ObjectPropertyLinkFlags;
typedef bool ObjectLinkCheck(const Object *obj, const char *name, Object *val, Error **errp);
bool object_property_allow_set_link(const Object *obj, const char *name, Object *val,
                                    Error **errp);
ObjectProperty *object_property_add_link(Object *obj, const char *name, const char *type,
                                         Object **targetp, ObjectLinkCheck *check,
                                         ObjectPropertyLinkFlags flags);

/* Enum helpers: a table of names indexed by value, NULL-terminated. */
typedef struct QEnumLookup {
    const char *const *array;
    int size;
} QEnumLookup;
int qapi_enum_parse(const QEnumLookup *lookup, const char *buf, int def, Error **errp);
const char *qapi_enum_lookup(const QEnumLookup *lookup, int val);

/* Paths. */
Object *object_get_root(void);
/* Container at path below root, created on demand ("/machine/peripheral"). */
Object *container_get(Object *root, const char *path);
char *object_get_canonical_path(const Object *obj);
const char *object_get_canonical_path_component(const Object *obj);
/* Absolute ("/machine/...") or partial path (a unique trailing component match). */
Object *object_resolve_path(const char *path, bool *ambiguous);
Object *object_resolve_path_type(const char *path, const char *typename, bool *ambiguous);
Object *object_resolve_path_component(Object *parent, const char *part);

/* Whether obj is, or inherits from, typename. */
static inline bool object_is_type(Object *obj, const char *typename)
{
    return object_dynamic_cast(obj, typename) != NULL;
}

/* Helpers for JsonNode values used by property accessors. */
JsonNode *qom_node_new_bool(bool v);
JsonNode *qom_node_new_int(int64_t v);
JsonNode *qom_node_new_uint(uint64_t v);
JsonNode *qom_node_new_str(const char *v);
JsonNode *qom_node_new_null(void);
/* Typed extraction with QEMU's error messages ("Invalid parameter type for
 * 'NAME', expected: boolean"); with parse, a string is parsed instead. */
bool qom_node_to_bool(JsonNode *node, const char *name, bool parse, bool *out, Error **errp);
bool qom_node_to_int(JsonNode *node, const char *name, bool parse, int64_t *out,
                     Error **errp);
bool qom_node_to_uint(JsonNode *node, const char *name, bool parse, uint64_t *out,
                      Error **errp);
bool qom_node_to_size(JsonNode *node, const char *name, bool parse, uint64_t *out,
                      Error **errp);
/* Returns a new string, or NULL with errp set. */
char *qom_node_to_str(JsonNode *node, const char *name, Error **errp);
/* Textual form of a scalar node (strings unquoted); caller frees. */
char *qom_node_to_text(JsonNode *node);

#endif
