/*
 * VMState: how a device describes its migratable state as data.  A
 * VMStateDescription is a table of fields (declared with the VMSTATE_* macros
 * below, ended by VMSTATE_END_OF_LIST()), optional subsections and hooks.  The
 * engine (migration/vmstate.c) saves and loads them in QEMU's stream format;
 * devices never write the stream by hand.
 *
 * Every multi-byte value is big-endian on the wire.  A value the device keeps
 * in guest byte order (e.g. a virtio config struct) must use the _LE/_BE
 * field macros, which convert explicitly (seeds 002 and 004).  A length or
 * count needed to read a later field must come before that field in the list.
 */
#ifndef MIGRATION_VMSTATE_H
#define MIGRATION_VMSTATE_H

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "migration/qemu-file.h"
#include <json-glib/json-glib.h>

typedef struct Object Object;
typedef struct VMStateInfo VMStateInfo;
typedef struct VMStateField VMStateField;
typedef struct VMStateDescription VMStateDescription;

/*
 * How one element of a field goes on the wire.  get/put return 0 or a
 * negative errno, with *errp set on failure.  size is the element size from
 * the field.  Custom infos are allowed; a non-zero .size is the element size
 * the info requires (checked when the description is registered).
 */
struct VMStateInfo {
    const char *name;
    size_t size;
    int (*get)(QEMUFile *f, void *pv, size_t size, const VMStateField *field, Error **errp);
    int (*put)(QEMUFile *f, void *pv, size_t size, const VMStateField *field, Error **errp);
};

typedef enum VMStateFlags {
    VMS_SINGLE = 0x1,            /* one element at offset */
    VMS_POINTER = 0x2,           /* offset holds a pointer to the element(s) */
    VMS_ARRAY = 0x4,             /* .num elements */
    VMS_STRUCT = 0x8,            /* elements described by .vmsd */
    VMS_VARRAY_INT32 = 0x10,     /* element count in an int32_t at .num_offset */
    VMS_BUFFER = 0x20,           /* opaque bytes, .size of them */
    VMS_ARRAY_OF_POINTER = 0x40, /* each element is a pointer to the data */
    VMS_VARRAY_UINT16 = 0x80,    /* count in a uint16_t at .num_offset */
    VMS_VBUFFER = 0x100,         /* byte count in a uint32_t/int32_t at .size_offset */
    VMS_MULTIPLY = 0x200,        /* VBUFFER byte count is multiplied by .size */
    VMS_VARRAY_UINT8 = 0x400,    /* count in a uint8_t at .num_offset */
    VMS_VARRAY_UINT32 = 0x800,   /* count in a uint32_t at .num_offset */
    VMS_MUST_EXIST = 0x1000,     /* loading fails when field_exists() says no */
    VMS_ALLOC = 0x2000,          /* loading allocates the pointed-to memory */
    VMS_MULTIPLY_ELEMENTS = 0x4000, /* the count is multiplied by .num */
    VMS_END = 0x10000,           /* terminator: VMSTATE_END_OF_LIST() */
} VMStateFlags;

#define VMS_VARRAY_ANY (VMS_VARRAY_INT32 | VMS_VARRAY_UINT16 | VMS_VARRAY_UINT8 | \
                        VMS_VARRAY_UINT32)

struct VMStateField {
    const char *name;
    const char *err_hint;        /* appended to a load error for this field */
    size_t offset;
    size_t size;                 /* of one element (or of the buffer) */
    size_t start;                /* VBUFFER: first byte to transfer */
    int num;                     /* fixed element count (VMS_ARRAY) */
    size_t num_offset;           /* where the variable count lives */
    size_t size_offset;          /* where the VBUFFER byte count lives */
    /* In-struct variable arrays: how many elements fit; a larger count in the
     * stream is refused instead of overflowing. 0: unknown (pointer arrays). */
    size_t max_elems;
    const VMStateInfo *info;
    VMStateFlags flags;
    const VMStateDescription *vmsd;
    int version_id;              /* present from this description version on */
    /* Instead of version_id: present when this returns true (both sides). */
    bool (*field_exists)(void *opaque, int version_id);
};

/* Sections with a higher priority are saved (and so loaded) first. */
typedef enum MigrationPriority {
    MIG_PRI_DEFAULT = 0,
    MIG_PRI_IOMMU,
    MIG_PRI_PCI_BUS,
    MIG_PRI_VIRTIO_MEM,
    MIG_PRI_GICV3_ITS,
    MIG_PRI_GICV3,
    MIG_PRI_MAX,
} MigrationPriority;

/*
 * A device's migration description.  Hooks return 0 or a negative errno;
 * the engine turns a failure into an error naming the description.
 * subsections: NULL-terminated list; each name must start with this
 * description's name (convention "parent/what"); a subsection is sent only
 * when its needed() returns true (or has no needed()).
 */
struct VMStateDescription {
    const char *name;
    bool unmigratable;           /* registering it adds a migration blocker */
    int version_id;
    int minimum_version_id;
    MigrationPriority priority;
    int (*pre_load)(void *opaque);
    int (*post_load)(void *opaque, int version_id);
    int (*pre_save)(void *opaque);
    int (*post_save)(void *opaque);
    bool (*needed)(void *opaque);
    const VMStateField *fields;
    const VMStateDescription *const *subsections;
};

/* ---- element infos (migration/vmstate-types.c) ---- */

extern const VMStateInfo vmstate_info_bool;
extern const VMStateInfo vmstate_info_int8;
extern const VMStateInfo vmstate_info_int16;
extern const VMStateInfo vmstate_info_int32;
extern const VMStateInfo vmstate_info_int64;
extern const VMStateInfo vmstate_info_uint8;
extern const VMStateInfo vmstate_info_uint16;
extern const VMStateInfo vmstate_info_uint32;
extern const VMStateInfo vmstate_info_uint64;
/* Load fails unless the stream's value equals the destination's. */
extern const VMStateInfo vmstate_info_uint8_equal;
extern const VMStateInfo vmstate_info_uint16_equal;
extern const VMStateInfo vmstate_info_uint32_equal;
extern const VMStateInfo vmstate_info_uint64_equal;
extern const VMStateInfo vmstate_info_int32_equal;
/* Load fails when the stream's value is greater than the destination's. */
extern const VMStateInfo vmstate_info_int32_le;
/* Values kept in memory in little/big-endian order, sent as numbers. */
extern const VMStateInfo vmstate_info_uint16_le;
extern const VMStateInfo vmstate_info_uint32_le;
extern const VMStateInfo vmstate_info_uint64_le;
extern const VMStateInfo vmstate_info_uint16_be;
extern const VMStateInfo vmstate_info_uint32_be;
extern const VMStateInfo vmstate_info_uint64_be;
extern const VMStateInfo vmstate_info_buffer;
extern const VMStateInfo vmstate_info_unused_buffer;

/* ---- macro plumbing: compile-time checks that a field has the named type ---- */

#define vmstate_typeof_field(_state, _field) typeof(((_state *)0)->_field)
#define vmstate_sizeof_field(_state, _field) sizeof(((_state *)0)->_field)
/* 0, but a compile error unless types _t1 and _t2 are compatible. */
#define vmstate_type_check(_t1, _t2) \
    (0 * sizeof(struct { \
        _Static_assert(__builtin_types_compatible_p(typeof(_t1), typeof(_t2)), \
                       "vmstate field has another type than the macro says"); \
        int unused_; \
    }))

#define vmstate_offset_value(_state, _field, _type) \
    (offsetof(_state, _field) + vmstate_type_check(_type, vmstate_typeof_field(_state, _field)))
#define vmstate_offset_pointer(_state, _field, _type) \
    (offsetof(_state, _field) + \
     vmstate_type_check(_type *, vmstate_typeof_field(_state, _field)))
#define vmstate_offset_array(_state, _field, _type, _num) \
    (offsetof(_state, _field) + \
     vmstate_type_check(_type[_num], vmstate_typeof_field(_state, _field)))
/* An in-struct array of any length; its capacity is recorded in max_elems. */
#define vmstate_offset_varray(_state, _field, _type) \
    (offsetof(_state, _field) + \
     vmstate_type_check(_type, typeof(((_state *)0)->_field[0])))
#define vmstate_array_capacity(_state, _field) \
    (vmstate_sizeof_field(_state, _field) / sizeof(((_state *)0)->_field[0]))
#define vmstate_offset_buffer(_state, _field) \
    vmstate_offset_array(_state, _field, uint8_t, vmstate_sizeof_field(_state, _field))

/* ---- generic field macros ---- */

#define VMSTATE_SINGLE_TEST(_field, _state, _test, _version, _info, _type) {       \
    .name = (stringify(_field)),                                                \
    .version_id = (_version),                                                   \
    .field_exists = (_test),                                                    \
    .size = sizeof(_type),                                                      \
    .info = &(_info),                                                           \
    .flags = VMS_SINGLE,                                                        \
    .offset = vmstate_offset_value(_state, _field, _type),                      \
}

#define VMSTATE_SINGLE(_field, _state, _version, _info, _type) \
    VMSTATE_SINGLE_TEST(_field, _state, NULL, _version, _info, _type)

/* A pointer to one element of _type. */
#define VMSTATE_POINTER(_field, _state, _version, _info, _type) {                  \
    .name = (stringify(_field)),                                                \
    .version_id = (_version),                                                   \
    .info = &(_info),                                                           \
    .size = sizeof(_type),                                                      \
    .flags = VMS_SINGLE | VMS_POINTER,                                          \
    .offset = vmstate_offset_pointer(_state, _field, _type),                    \
}

#define VMSTATE_ARRAY_TEST(_field, _state, _num, _test, _version, _info, _type) {  \
    .name = (stringify(_field)),                                                \
    .version_id = (_version),                                                   \
    .field_exists = (_test),                                                    \
    .num = (_num),                                                              \
    .info = &(_info),                                                           \
    .size = sizeof(_type),                                                      \
    .flags = VMS_ARRAY,                                                         \
    .offset = vmstate_offset_array(_state, _field, _type, _num),                \
}

#define VMSTATE_ARRAY(_field, _state, _num, _version, _info, _type) \
    VMSTATE_ARRAY_TEST(_field, _state, _num, NULL, _version, _info, _type)

/* An array of _num pointers, each to one element of _type. */
#define VMSTATE_ARRAY_OF_POINTER(_field, _state, _num, _version, _info, _type) {   \
    .name = (stringify(_field)),                                                \
    .version_id = (_version),                                                   \
    .num = (_num),                                                              \
    .info = &(_info),                                                           \
    .size = sizeof(_type),                                                      \
    .flags = VMS_ARRAY | VMS_ARRAY_OF_POINTER,                                  \
    .offset = vmstate_offset_array(_state, _field, _type *, _num),              \
}

/* Pointer-based variable arrays: _field points to the elements, the count is
 * in _field_num (a field of that width).  The device owns the memory. */
#define VMSTATE_VARRAY_INT32(_field, _state, _field_num, _version, _info, _type) { \
    .name = (stringify(_field)),                                                \
    .version_id = (_version),                                                   \
    .num_offset = vmstate_offset_value(_state, _field_num, int32_t),            \
    .info = &(_info),                                                           \
    .size = sizeof(_type),                                                      \
    .flags = VMS_VARRAY_INT32 | VMS_POINTER,                                    \
    .offset = vmstate_offset_pointer(_state, _field, _type),                    \
}

#define VMSTATE_VARRAY_UINT32(_field, _state, _field_num, _version, _info, _type) { \
    .name = (stringify(_field)),                                                \
    .version_id = (_version),                                                   \
    .num_offset = vmstate_offset_value(_state, _field_num, uint32_t),           \
    .info = &(_info),                                                           \
    .size = sizeof(_type),                                                      \
    .flags = VMS_VARRAY_UINT32 | VMS_POINTER,                                   \
    .offset = vmstate_offset_pointer(_state, _field, _type),                    \
}

/* Like VMSTATE_VARRAY_UINT32, but loading allocates the array (freeing the old). */
#define VMSTATE_VARRAY_UINT32_ALLOC(_field, _state, _field_num, _version, _info, _type) { \
    .name = (stringify(_field)),                                                \
    .version_id = (_version),                                                   \
    .num_offset = vmstate_offset_value(_state, _field_num, uint32_t),           \
    .info = &(_info),                                                           \
    .size = sizeof(_type),                                                      \
    .flags = VMS_VARRAY_UINT32 | VMS_POINTER | VMS_ALLOC,                       \
    .offset = vmstate_offset_pointer(_state, _field, _type),                    \
}

/* In-struct variable arrays: the first *_field_num elements of the array
 * _field are sent; a count larger than the array is refused on load. */
#define VMSTATE_VARRAY_IN_STRUCT_(_field, _state, _field_num, _num_type, _vflag,    \
                                  _version, _info, _type) {                     \
    .name = (stringify(_field)),                                                \
    .version_id = (_version),                                                   \
    .num_offset = vmstate_offset_value(_state, _field_num, _num_type),          \
    .max_elems = vmstate_array_capacity(_state, _field),                        \
    .info = &(_info),                                                           \
    .size = sizeof(_type),                                                      \
    .flags = (_vflag),                                                          \
    .offset = vmstate_offset_varray(_state, _field, _type),                     \
}
#define VMSTATE_VARRAY_UINT8_IN_STRUCT(_f, _s, _fn, _v, _info, _type) \
    VMSTATE_VARRAY_IN_STRUCT_(_f, _s, _fn, uint8_t, VMS_VARRAY_UINT8, _v, _info, _type)
#define VMSTATE_VARRAY_UINT16_IN_STRUCT(_f, _s, _fn, _v, _info, _type) \
    VMSTATE_VARRAY_IN_STRUCT_(_f, _s, _fn, uint16_t, VMS_VARRAY_UINT16, _v, _info, _type)
#define VMSTATE_VARRAY_UINT32_IN_STRUCT(_f, _s, _fn, _v, _info, _type) \
    VMSTATE_VARRAY_IN_STRUCT_(_f, _s, _fn, uint32_t, VMS_VARRAY_UINT32, _v, _info, _type)
#define VMSTATE_VARRAY_INT32_IN_STRUCT(_f, _s, _fn, _v, _info, _type) \
    VMSTATE_VARRAY_IN_STRUCT_(_f, _s, _fn, int32_t, VMS_VARRAY_INT32, _v, _info, _type)
/* QEMU's name for the uint16 in-struct form (bounded here, so not unsafe). */
#define VMSTATE_VARRAY_UINT16_UNSAFE(_f, _s, _fn, _v, _info, _type) \
    VMSTATE_VARRAY_UINT16_IN_STRUCT(_f, _s, _fn, _v, _info, _type)

/* ---- nested structures ---- */

#define VMSTATE_STRUCT_TEST(_field, _state, _test, _version, _vmsd, _type) {       \
    .name = (stringify(_field)),                                                \
    .version_id = (_version),                                                   \
    .field_exists = (_test),                                                    \
    .vmsd = &(_vmsd),                                                           \
    .size = sizeof(_type),                                                      \
    .flags = VMS_STRUCT,                                                        \
    .offset = vmstate_offset_value(_state, _field, _type),                      \
}
#define VMSTATE_STRUCT(_field, _state, _version, _vmsd, _type) \
    VMSTATE_STRUCT_TEST(_field, _state, NULL, _version, _vmsd, _type)

#define VMSTATE_STRUCT_POINTER_V(_field, _state, _version, _vmsd, _type) {         \
    .name = (stringify(_field)),                                                \
    .version_id = (_version),                                                   \
    .vmsd = &(_vmsd),                                                           \
    .size = sizeof(_type),                                                      \
    .flags = VMS_STRUCT | VMS_POINTER,                                          \
    .offset = vmstate_offset_pointer(_state, _field, _type),                    \
}
#define VMSTATE_STRUCT_POINTER(_field, _state, _vmsd, _type) \
    VMSTATE_STRUCT_POINTER_V(_field, _state, 0, _vmsd, _type)

#define VMSTATE_STRUCT_ARRAY_TEST(_field, _state, _num, _test, _version, _vmsd, _type) { \
    .name = (stringify(_field)),                                                \
    .num = (_num),                                                              \
    .field_exists = (_test),                                                    \
    .version_id = (_version),                                                   \
    .vmsd = &(_vmsd),                                                           \
    .size = sizeof(_type),                                                      \
    .flags = VMS_STRUCT | VMS_ARRAY,                                            \
    .offset = vmstate_offset_array(_state, _field, _type, _num),                \
}
#define VMSTATE_STRUCT_ARRAY(_field, _state, _num, _version, _vmsd, _type) \
    VMSTATE_STRUCT_ARRAY_TEST(_field, _state, _num, NULL, _version, _vmsd, _type)

/* An array of _num pointers to structures. */
#define VMSTATE_ARRAY_OF_POINTER_TO_STRUCT(_field, _state, _num, _version, _vmsd, _type) { \
    .name = (stringify(_field)),                                                \
    .version_id = (_version),                                                   \
    .num = (_num),                                                              \
    .vmsd = &(_vmsd),                                                           \
    .size = sizeof(_type),                                                      \
    .flags = VMS_ARRAY | VMS_STRUCT | VMS_ARRAY_OF_POINTER,                     \
    .offset = vmstate_offset_array(_state, _field, _type *, _num),              \
}

#define VMSTATE_STRUCT_VARRAY_IN_STRUCT_(_field, _state, _field_num, _num_type, _vflag, \
                                         _version, _vmsd, _type) {              \
    .name = (stringify(_field)),                                                \
    .version_id = (_version),                                                   \
    .num_offset = vmstate_offset_value(_state, _field_num, _num_type),          \
    .max_elems = vmstate_array_capacity(_state, _field),                        \
    .vmsd = &(_vmsd),                                                           \
    .size = sizeof(_type),                                                      \
    .flags = VMS_STRUCT | (_vflag),                                             \
    .offset = vmstate_offset_varray(_state, _field, _type),                     \
}
#define VMSTATE_STRUCT_VARRAY_UINT8(_f, _s, _fn, _v, _vmsd, _type) \
    VMSTATE_STRUCT_VARRAY_IN_STRUCT_(_f, _s, _fn, uint8_t, VMS_VARRAY_UINT8, _v, _vmsd, _type)
#define VMSTATE_STRUCT_VARRAY_INT32(_f, _s, _fn, _v, _vmsd, _type) \
    VMSTATE_STRUCT_VARRAY_IN_STRUCT_(_f, _s, _fn, int32_t, VMS_VARRAY_INT32, _v, _vmsd, _type)
#define VMSTATE_STRUCT_VARRAY_UINT32(_f, _s, _fn, _v, _vmsd, _type) \
    VMSTATE_STRUCT_VARRAY_IN_STRUCT_(_f, _s, _fn, uint32_t, VMS_VARRAY_UINT32, _v, _vmsd, _type)

/* Pointer to a variable array of structures (device-owned memory). */
#define VMSTATE_STRUCT_VARRAY_POINTER_UINT32(_field, _state, _field_num, _vmsd, _type) { \
    .name = (stringify(_field)),                                                \
    .num_offset = vmstate_offset_value(_state, _field_num, uint32_t),           \
    .vmsd = &(_vmsd),                                                           \
    .size = sizeof(_type),                                                      \
    .flags = VMS_POINTER | VMS_VARRAY_UINT32 | VMS_STRUCT,                      \
    .offset = vmstate_offset_pointer(_state, _field, _type),                    \
}
#define VMSTATE_STRUCT_VARRAY_POINTER_INT32(_field, _state, _field_num, _vmsd, _type) { \
    .name = (stringify(_field)),                                                \
    .num_offset = vmstate_offset_value(_state, _field_num, int32_t),            \
    .vmsd = &(_vmsd),                                                           \
    .size = sizeof(_type),                                                      \
    .flags = VMS_POINTER | VMS_VARRAY_INT32 | VMS_STRUCT,                       \
    .offset = vmstate_offset_pointer(_state, _field, _type),                    \
}

/* ---- buffers ---- */

/* The whole uint8_t array _field as opaque bytes. */
#define VMSTATE_BUFFER_V(_field, _state, _version) {                               \
    .name = (stringify(_field)),                                                \
    .version_id = (_version),                                                   \
    .size = vmstate_sizeof_field(_state, _field),                               \
    .info = &vmstate_info_buffer,                                               \
    .flags = VMS_BUFFER,                                                        \
    .offset = vmstate_offset_buffer(_state, _field),                            \
}
#define VMSTATE_BUFFER(_field, _state) VMSTATE_BUFFER_V(_field, _state, 0)
#define VMSTATE_BUFFER_TEST(_field, _state, _test) {                               \
    .name = (stringify(_field)),                                                \
    .field_exists = (_test),                                                    \
    .size = vmstate_sizeof_field(_state, _field),                               \
    .info = &vmstate_info_buffer,                                               \
    .flags = VMS_BUFFER,                                                        \
    .offset = vmstate_offset_buffer(_state, _field),                            \
}

/* The first _size bytes of the uint8_t array _field. */
#define VMSTATE_PARTIAL_BUFFER(_field, _state, _size) {                            \
    .name = (stringify(_field)),                                                \
    .size = (_size),                                                            \
    .info = &vmstate_info_buffer,                                               \
    .flags = VMS_BUFFER,                                                        \
    .offset = offsetof(_state, _field),                                         \
}

/* _size bytes at the pointer _field (device-owned memory). */
#define VMSTATE_BUFFER_POINTER_UNSAFE(_field, _state, _version, _size) {           \
    .name = (stringify(_field)),                                                \
    .version_id = (_version),                                                   \
    .size = (_size),                                                            \
    .info = &vmstate_info_buffer,                                               \
    .flags = VMS_BUFFER | VMS_POINTER,                                          \
    .offset = offsetof(_state, _field),                                         \
}

/* Bytes at pointer _field, their count in the uint32_t _field_size. */
#define VMSTATE_VBUFFER_UINT32(_field, _state, _version, _test, _field_size) {     \
    .name = (stringify(_field)),                                                \
    .version_id = (_version),                                                   \
    .field_exists = (_test),                                                    \
    .size_offset = vmstate_offset_value(_state, _field_size, uint32_t),         \
    .info = &vmstate_info_buffer,                                               \
    .flags = VMS_VBUFFER | VMS_POINTER,                                         \
    .offset = offsetof(_state, _field),                                         \
}
/* Same, loading allocates the buffer (g_malloc; the device frees it). */
#define VMSTATE_VBUFFER_ALLOC_UINT32(_field, _state, _version, _test, _field_size) { \
    .name = (stringify(_field)),                                                \
    .version_id = (_version),                                                   \
    .field_exists = (_test),                                                    \
    .size_offset = vmstate_offset_value(_state, _field_size, uint32_t),         \
    .info = &vmstate_info_buffer,                                               \
    .flags = VMS_VBUFFER | VMS_POINTER | VMS_ALLOC,                             \
    .offset = offsetof(_state, _field),                                         \
}

/* ---- placeholders and checks ---- */

/* _size bytes that are sent as zeros and skipped on load (a removed field). */
#define VMSTATE_UNUSED_V(_version, _size) {                                        \
    .name = "unused",                                                           \
    .version_id = (_version),                                                   \
    .size = (_size),                                                            \
    .info = &vmstate_info_unused_buffer,                                        \
    .flags = VMS_BUFFER,                                                        \
}
#define VMSTATE_UNUSED(_size) VMSTATE_UNUSED_V(0, _size)
#define VMSTATE_UNUSED_TEST(_test, _size) {                                        \
    .name = "unused",                                                           \
    .field_exists = (_test),                                                    \
    .size = (_size),                                                            \
    .info = &vmstate_info_unused_buffer,                                        \
    .flags = VMS_BUFFER,                                                        \
}

/* Loading fails with "_name" unless _test(opaque, version) holds; nothing is sent. */
#define VMSTATE_VALIDATE(_name, _test) {                                           \
    .name = (_name),                                                            \
    .field_exists = (_test),                                                    \
    .flags = VMS_ARRAY | VMS_MUST_EXIST,                                        \
    .num = 0,                                                                   \
}

#define VMSTATE_END_OF_LIST() { .flags = VMS_END }

#ifndef stringify
#define stringify_(s) #s
#define stringify(s) stringify_(s)
#endif

/* ---- scalars ---- */

#define VMSTATE_BOOL_V(_f, _s, _v)   VMSTATE_SINGLE(_f, _s, _v, vmstate_info_bool, bool)
#define VMSTATE_INT8_V(_f, _s, _v)   VMSTATE_SINGLE(_f, _s, _v, vmstate_info_int8, int8_t)
#define VMSTATE_INT16_V(_f, _s, _v)  VMSTATE_SINGLE(_f, _s, _v, vmstate_info_int16, int16_t)
#define VMSTATE_INT32_V(_f, _s, _v)  VMSTATE_SINGLE(_f, _s, _v, vmstate_info_int32, int32_t)
#define VMSTATE_INT64_V(_f, _s, _v)  VMSTATE_SINGLE(_f, _s, _v, vmstate_info_int64, int64_t)
#define VMSTATE_UINT8_V(_f, _s, _v)  VMSTATE_SINGLE(_f, _s, _v, vmstate_info_uint8, uint8_t)
#define VMSTATE_UINT16_V(_f, _s, _v) VMSTATE_SINGLE(_f, _s, _v, vmstate_info_uint16, uint16_t)
#define VMSTATE_UINT32_V(_f, _s, _v) VMSTATE_SINGLE(_f, _s, _v, vmstate_info_uint32, uint32_t)
#define VMSTATE_UINT64_V(_f, _s, _v) VMSTATE_SINGLE(_f, _s, _v, vmstate_info_uint64, uint64_t)

#define VMSTATE_BOOL(_f, _s)   VMSTATE_BOOL_V(_f, _s, 0)
#define VMSTATE_INT8(_f, _s)   VMSTATE_INT8_V(_f, _s, 0)
#define VMSTATE_INT16(_f, _s)  VMSTATE_INT16_V(_f, _s, 0)
#define VMSTATE_INT32(_f, _s)  VMSTATE_INT32_V(_f, _s, 0)
#define VMSTATE_INT64(_f, _s)  VMSTATE_INT64_V(_f, _s, 0)
#define VMSTATE_UINT8(_f, _s)  VMSTATE_UINT8_V(_f, _s, 0)
#define VMSTATE_UINT16(_f, _s) VMSTATE_UINT16_V(_f, _s, 0)
#define VMSTATE_UINT32(_f, _s) VMSTATE_UINT32_V(_f, _s, 0)
#define VMSTATE_UINT64(_f, _s) VMSTATE_UINT64_V(_f, _s, 0)

#define VMSTATE_BOOL_TEST(_f, _s, _t) \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_bool, bool)
#define VMSTATE_UINT8_TEST(_f, _s, _t) \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_uint8, uint8_t)
#define VMSTATE_UINT16_TEST(_f, _s, _t) \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_uint16, uint16_t)
#define VMSTATE_UINT32_TEST(_f, _s, _t) \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_uint32, uint32_t)
#define VMSTATE_UINT64_TEST(_f, _s, _t) \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_uint64, uint64_t)
#define VMSTATE_INT32_TEST(_f, _s, _t) \
    VMSTATE_SINGLE_TEST(_f, _s, _t, 0, vmstate_info_int32, int32_t)

#define VMSTATE_UINT8_EQUAL(_f, _s, _hint)  { \
    .err_hint = (_hint), .name = (stringify(_f)), .size = sizeof(uint8_t),     \
    .info = &vmstate_info_uint8_equal, .flags = VMS_SINGLE,                    \
    .offset = vmstate_offset_value(_s, _f, uint8_t) }
#define VMSTATE_UINT16_EQUAL(_f, _s, _hint) { \
    .err_hint = (_hint), .name = (stringify(_f)), .size = sizeof(uint16_t),    \
    .info = &vmstate_info_uint16_equal, .flags = VMS_SINGLE,                   \
    .offset = vmstate_offset_value(_s, _f, uint16_t) }
#define VMSTATE_UINT32_EQUAL(_f, _s, _hint) { \
    .err_hint = (_hint), .name = (stringify(_f)), .size = sizeof(uint32_t),    \
    .info = &vmstate_info_uint32_equal, .flags = VMS_SINGLE,                   \
    .offset = vmstate_offset_value(_s, _f, uint32_t) }
#define VMSTATE_UINT64_EQUAL(_f, _s, _hint) { \
    .err_hint = (_hint), .name = (stringify(_f)), .size = sizeof(uint64_t),    \
    .info = &vmstate_info_uint64_equal, .flags = VMS_SINGLE,                   \
    .offset = vmstate_offset_value(_s, _f, uint64_t) }
#define VMSTATE_INT32_EQUAL(_f, _s, _hint)  { \
    .err_hint = (_hint), .name = (stringify(_f)), .size = sizeof(int32_t),     \
    .info = &vmstate_info_int32_equal, .flags = VMS_SINGLE,                    \
    .offset = vmstate_offset_value(_s, _f, int32_t) }
#define VMSTATE_INT32_POSITIVE_LE(_f, _s) \
    VMSTATE_SINGLE(_f, _s, 0, vmstate_info_int32_le, int32_t)

/* Guest-order values: the field holds the number in little/big-endian byte
 * order in memory; the stream carries it as a normal (big-endian) number. */
#define VMSTATE_UINT16_LE(_f, _s) VMSTATE_SINGLE(_f, _s, 0, vmstate_info_uint16_le, uint16_t)
#define VMSTATE_UINT32_LE(_f, _s) VMSTATE_SINGLE(_f, _s, 0, vmstate_info_uint32_le, uint32_t)
#define VMSTATE_UINT64_LE(_f, _s) VMSTATE_SINGLE(_f, _s, 0, vmstate_info_uint64_le, uint64_t)
#define VMSTATE_UINT16_BE(_f, _s) VMSTATE_SINGLE(_f, _s, 0, vmstate_info_uint16_be, uint16_t)
#define VMSTATE_UINT32_BE(_f, _s) VMSTATE_SINGLE(_f, _s, 0, vmstate_info_uint32_be, uint32_t)
#define VMSTATE_UINT64_BE(_f, _s) VMSTATE_SINGLE(_f, _s, 0, vmstate_info_uint64_be, uint64_t)

/* ---- fixed arrays of scalars ---- */

#define VMSTATE_BOOL_ARRAY_V(_f, _s, _n, _v) \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_bool, bool)
#define VMSTATE_UINT8_ARRAY_V(_f, _s, _n, _v) \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_uint8, uint8_t)
#define VMSTATE_UINT16_ARRAY_V(_f, _s, _n, _v) \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_uint16, uint16_t)
#define VMSTATE_UINT32_ARRAY_V(_f, _s, _n, _v) \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_uint32, uint32_t)
#define VMSTATE_UINT64_ARRAY_V(_f, _s, _n, _v) \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_uint64, uint64_t)
#define VMSTATE_INT8_ARRAY_V(_f, _s, _n, _v) \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_int8, int8_t)
#define VMSTATE_INT16_ARRAY_V(_f, _s, _n, _v) \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_int16, int16_t)
#define VMSTATE_INT32_ARRAY_V(_f, _s, _n, _v) \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_int32, int32_t)
#define VMSTATE_INT64_ARRAY_V(_f, _s, _n, _v) \
    VMSTATE_ARRAY(_f, _s, _n, _v, vmstate_info_int64, int64_t)

#define VMSTATE_BOOL_ARRAY(_f, _s, _n)   VMSTATE_BOOL_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_UINT8_ARRAY(_f, _s, _n)  VMSTATE_UINT8_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_UINT16_ARRAY(_f, _s, _n) VMSTATE_UINT16_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_UINT32_ARRAY(_f, _s, _n) VMSTATE_UINT32_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_UINT64_ARRAY(_f, _s, _n) VMSTATE_UINT64_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_INT8_ARRAY(_f, _s, _n)   VMSTATE_INT8_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_INT16_ARRAY(_f, _s, _n)  VMSTATE_INT16_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_INT32_ARRAY(_f, _s, _n)  VMSTATE_INT32_ARRAY_V(_f, _s, _n, 0)
#define VMSTATE_INT64_ARRAY(_f, _s, _n)  VMSTATE_INT64_ARRAY_V(_f, _s, _n, 0)

/* ---- the engine ---- */

/*
 * Check a description and everything it refers to (nested structures,
 * subsections): name set, field list terminated, every field named with an
 * info or a description, sizes consistent, subsection names prefixed by the
 * parent's, counts sent before the arrays they size.  The error names the
 * description and the field.  Registration calls this; it is also public for
 * tests and for -dump-vmstate.
 */
bool vmstate_check_description(const VMStateDescription *vmsd, Error **errp);

/*
 * Save opaque's state by vmsd (fields then needed subsections).  When vmdesc
 * is non-NULL, the description of what was written is added to it (inside an
 * object the caller opened).  Returns 0 or a negative errno with *errp set.
 */
int vmstate_save_state(QEMUFile *f, const VMStateDescription *vmsd, void *opaque,
                       JsonBuilder *vmdesc, Error **errp);
/* Load state that was saved with version version_id.  Errors name the field. */
int vmstate_load_state(QEMUFile *f, const VMStateDescription *vmsd, void *opaque,
                       int version_id, Error **errp);
/* Whether a top-level description's needed() (if any) asks for it to be sent. */
bool vmstate_save_needed(const VMStateDescription *vmsd, void *opaque);

/* ---- registration (migration/savevm.c) ---- */

/* Pass as instance_id to have one assigned (0, 1, ... per section id string). */
#define VMSTATE_INSTANCE_ID_ANY (-1)

/*
 * Register a section.  obj (may be NULL) is the owner: a device's migration
 * path prefixes the section id ("<dev path>/<vmsd name>"), and the plain
 * vmsd name is kept as its legacy name for streams from before the device had
 * a path.  alias_id (-1: none) is an older instance id also accepted on load;
 * required_for_version is the first version that no longer needs it.
 * Fails (with the description's name) when vmsd is invalid.  A clash with an
 * existing (id, instance) never fails: it warns and adds a migration blocker.
 */
int vmstate_register_with_alias_id(Object *obj, uint32_t instance_id,
                                   const VMStateDescription *vmsd, void *opaque,
                                   int alias_id, int required_for_version, Error **errp);
static inline int vmstate_register(Object *obj, uint32_t instance_id,
                                   const VMStateDescription *vmsd, void *opaque)
{
    return vmstate_register_with_alias_id(obj, instance_id, vmsd, opaque, -1, 0, NULL);
}
/* Remove the sections registered for (vmsd, opaque) (and their clash blockers). */
void vmstate_unregister(Object *obj, const VMStateDescription *vmsd, void *opaque);

/*
 * For machine types older than a device's switch from explicit instance ids
 * to automatic ones plus an alias (seed 001): sections whose vmsd name is
 * vmsd_name (NULL: every section with an alias id) are saved with their alias
 * id as the instance id, so an older destination still finds them.  Call from
 * the machine type's init; vmstate_send_legacy_instance_ids_reset() undoes it.
 */
void vmstate_send_legacy_instance_ids(const char *vmsd_name);
void vmstate_send_legacy_instance_ids_reset(void);

#endif
