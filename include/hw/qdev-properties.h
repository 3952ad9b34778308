/*
 * Static device properties declared as tables: each entry names a field of
 * the device state, its type (PropertyInfo) and its default.  The qdev core
 * turns them into introspectable class properties.
 */
#ifndef HW_QDEV_PROPERTIES_H
#define HW_QDEV_PROPERTIES_H

#include "hw/qdev-core.h"

typedef struct PropertyInfo PropertyInfo;
struct Chardev;

struct Property {
    const char *name;
    const PropertyInfo *info;
    ptrdiff_t offset;
    uint8_t bitnr;                 /* for bit properties in a uint32/uint64 field */
    bool set_default;
    union {
        int64_t i;
        uint64_t u;
    } defval;
    const char *link_type;         /* for link properties */
    const char *description;
};

struct PropertyInfo {
    const char *name;              /* the type as introspection shows it */
    const char *description;
    const QEnumLookup *enum_table;
    /* Textual form of the value for info qtree, -device help defaults. */
    char *(*print)(Object *obj, Property *prop);
    ObjectPropertyGet *get;
    ObjectPropertySet *set;
    void (*set_default_value)(Object *obj, Property *prop);
    void (*release)(Object *obj, const char *name, void *opaque);
    bool realized_set_allowed;     /* may be changed after realize */
};

extern const PropertyInfo qdev_prop_bit;
extern const PropertyInfo qdev_prop_bit64;
extern const PropertyInfo qdev_prop_bool;
extern const PropertyInfo qdev_prop_uint8;
extern const PropertyInfo qdev_prop_uint16;
extern const PropertyInfo qdev_prop_uint32;
extern const PropertyInfo qdev_prop_int32;
extern const PropertyInfo qdev_prop_uint64;
extern const PropertyInfo qdev_prop_int64;
extern const PropertyInfo qdev_prop_size;
extern const PropertyInfo qdev_prop_string;
extern const PropertyInfo qdev_prop_on_off_auto;
extern const PropertyInfo qdev_prop_link;
extern const PropertyInfo qdev_prop_chr;

#define DEFINE_PROP(_name, _state, _field, _prop, _type, ...) { \
        .name = (_name), \
        .info = &(_prop), \
        .offset = offsetof(_state, _field) \
            + 0 * sizeof(((_state *)0)->_field == (_type)0), \
        __VA_ARGS__ \
    }

#define DEFINE_PROP_SIGNED(_name, _state, _field, _defval, _prop, _type) \
    DEFINE_PROP(_name, _state, _field, _prop, _type, \
                .set_default = true, .defval.i = (_type)_defval)
#define DEFINE_PROP_UNSIGNED(_name, _state, _field, _defval, _prop, _type) \
    DEFINE_PROP(_name, _state, _field, _prop, _type, \
                .set_default = true, .defval.u = (_type)_defval)

#define DEFINE_PROP_BIT(_name, _state, _field, _bit, _defval) \
    DEFINE_PROP(_name, _state, _field, qdev_prop_bit, uint32_t, \
                .bitnr = (_bit), .set_default = true, .defval.u = (bool)(_defval))
#define DEFINE_PROP_BIT64(_name, _state, _field, _bit, _defval) \
    DEFINE_PROP(_name, _state, _field, qdev_prop_bit64, uint64_t, \
                .bitnr = (_bit), .set_default = true, .defval.u = (bool)(_defval))
#define DEFINE_PROP_BOOL(_name, _state, _field, _defval) \
    DEFINE_PROP(_name, _state, _field, qdev_prop_bool, bool, \
                .set_default = true, .defval.u = (bool)(_defval))
#define DEFINE_PROP_UINT8(_n, _s, _f, _d) \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_uint8, uint8_t)
#define DEFINE_PROP_UINT16(_n, _s, _f, _d) \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_uint16, uint16_t)
#define DEFINE_PROP_UINT32(_n, _s, _f, _d) \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_uint32, uint32_t)
#define DEFINE_PROP_INT32(_n, _s, _f, _d) \
    DEFINE_PROP_SIGNED(_n, _s, _f, _d, qdev_prop_int32, int32_t)
#define DEFINE_PROP_UINT64(_n, _s, _f, _d) \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_uint64, uint64_t)
#define DEFINE_PROP_INT64(_n, _s, _f, _d) \
    DEFINE_PROP_SIGNED(_n, _s, _f, _d, qdev_prop_int64, int64_t)
#define DEFINE_PROP_SIZE(_n, _s, _f, _d) \
    DEFINE_PROP_UNSIGNED(_n, _s, _f, _d, qdev_prop_size, uint64_t)
#define DEFINE_PROP_STRING(_n, _s, _f) \
    DEFINE_PROP(_n, _s, _f, qdev_prop_string, char *)
/* OnOffAuto: ON_OFF_AUTO_AUTO, _ON, _OFF (QEMU's order). */
typedef enum OnOffAuto {
    ON_OFF_AUTO_AUTO,
    ON_OFF_AUTO_ON,
    ON_OFF_AUTO_OFF,
    ON_OFF_AUTO__MAX
} OnOffAuto;
#define DEFINE_PROP_ON_OFF_AUTO(_n, _s, _f, _d) \
    DEFINE_PROP_SIGNED(_n, _s, _f, _d, qdev_prop_on_off_auto, OnOffAuto)
#define DEFINE_PROP_LINK(_n, _s, _f, _type, _ptr_type) \
    DEFINE_PROP(_n, _s, _f, qdev_prop_link, _ptr_type, .link_type = (_type))
/* A CharBackend field, set by chardev id. */
#define DEFINE_PROP_CHR(_n, _s, _f) { \
        .name = (_n), .info = &qdev_prop_chr, .offset = offsetof(_s, _f) \
            + 0 * sizeof(&((_s *)0)->_f == (CharBackend *)0), \
    }
#define DEFINE_PROP_END_OF_LIST() {}

/* Convenience setters for board code (abort on error: board bugs). */
void qdev_prop_set_bit(DeviceState *dev, const char *name, bool value);
void qdev_prop_set_uint32(DeviceState *dev, const char *name, uint32_t value);
void qdev_prop_set_uint64(DeviceState *dev, const char *name, uint64_t value);
void qdev_prop_set_int32(DeviceState *dev, const char *name, int32_t value);
void qdev_prop_set_string(DeviceState *dev, const char *name, const char *value);
void qdev_prop_set_chr(DeviceState *dev, const char *name, struct Chardev *value);

/* Find a static property of a device class (walking up), or NULL. */
Property *qdev_prop_find(DeviceState *dev, const char *name);
/* Set the static properties' defaults (called from the device instance_init). */
void qdev_prop_set_defaults(DeviceState *dev);
/* Register the class properties of a table (from device_class_set_props). */
void qdev_class_add_properties(DeviceClass *dc, Property *props);

/* Error used when a property is set after realize. */
void qdev_prop_set_after_realize(DeviceState *dev, const char *name, Error **errp);

#endif
