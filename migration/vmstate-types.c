/*
 * The element infos of the vmstate engine: how each scalar, checked scalar,
 * guest-order scalar and buffer is put on and read from the wire.  Layout of
 * fields and descriptions is vmstate.c's business, not this file's.
 */
#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "migration/vmstate.h"

static int load_failed(QEMUFile *f, Error **errp)
{
    int ret = qemu_file_get_error(f);
    if (ret) {
        const Error *err = NULL;
        qemu_file_get_error_obj(f, &err);
        error_setg(errp, "%s", err ? error_get_pretty(err) : "read error");
        return ret;
    }
    return 0;
}

/* ---- bool ---- */

static int get_bool(QEMUFile *f, void *pv, size_t size, const VMStateField *field,
                    Error **errp)
{
    uint8_t v = qemu_get_byte(f);
    int ret = load_failed(f, errp);
    if (ret) {
        return ret;
    }
    if (v > 1) {
        error_setg(errp, "bool value %u is neither 0 nor 1", v);
        return -EINVAL;
    }
    *(bool *)pv = v;
    return 0;
}

static int put_bool(QEMUFile *f, void *pv, size_t size, const VMStateField *field,
                    Error **errp)
{
    qemu_put_byte(f, *(bool *)pv ? 1 : 0);
    return 0;
}

const VMStateInfo vmstate_info_bool = {
    .name = "bool", .size = sizeof(bool), .get = get_bool, .put = put_bool,
};

/* ---- plain integers ---- */

#define INT_INFO(_name, _type, _bits, _get, _put)                                 \
static int get_##_name(QEMUFile *f, void *pv, size_t size, const VMStateField *field, \
                       Error **errp)                                            \
{                                                                               \
    _type v = (_type)_get(f);                                                   \
    int ret = load_failed(f, errp);                                             \
    if (!ret) {                                                                 \
        *(_type *)pv = v;                                                       \
    }                                                                           \
    return ret;                                                                 \
}                                                                               \
static int put_##_name(QEMUFile *f, void *pv, size_t size, const VMStateField *field, \
                       Error **errp)                                            \
{                                                                               \
    _put(f, *(_type *)pv);                                                      \
    return 0;                                                                   \
}                                                                               \
const VMStateInfo vmstate_info_##_name = {                                      \
    .name = #_name, .size = sizeof(_type), .get = get_##_name, .put = put_##_name, \
};

INT_INFO(int8, int8_t, 8, qemu_get_byte, qemu_put_byte)
INT_INFO(int16, int16_t, 16, qemu_get_be16, qemu_put_be16)
INT_INFO(int32, int32_t, 32, qemu_get_be32, qemu_put_be32)
INT_INFO(int64, int64_t, 64, qemu_get_be64, qemu_put_be64)
INT_INFO(uint8, uint8_t, 8, qemu_get_byte, qemu_put_byte)
INT_INFO(uint16, uint16_t, 16, qemu_get_be16, qemu_put_be16)
INT_INFO(uint32, uint32_t, 32, qemu_get_be32, qemu_put_be32)
INT_INFO(uint64, uint64_t, 64, qemu_get_be64, qemu_put_be64)

/* ---- integers that must match the destination's value ---- */

#define EQUAL_INFO(_name, _type, _get, _put, _fmt)                                \
static int get_##_name##_equal(QEMUFile *f, void *pv, size_t size,               \
                               const VMStateField *field, Error **errp)         \
{                                                                               \
    _type v = (_type)_get(f);                                                   \
    int ret = load_failed(f, errp);                                             \
    if (ret) {                                                                  \
        return ret;                                                             \
    }                                                                           \
    if (v != *(_type *)pv) {                                                    \
        error_setg(errp, "%" _fmt " != %" _fmt, v, *(_type *)pv);               \
        if (field->err_hint) {                                                  \
            error_append_hint(errp, "%s\n", field->err_hint);                   \
        }                                                                       \
        return -EINVAL;                                                         \
    }                                                                           \
    return 0;                                                                   \
}                                                                               \
const VMStateInfo vmstate_info_##_name##_equal = {                              \
    .name = #_name " equal", .size = sizeof(_type),                             \
    .get = get_##_name##_equal, .put = put_##_name,                             \
};

EQUAL_INFO(uint8, uint8_t, qemu_get_byte, qemu_put_byte, PRIu8)
EQUAL_INFO(uint16, uint16_t, qemu_get_be16, qemu_put_be16, PRIu16)
EQUAL_INFO(uint32, uint32_t, qemu_get_be32, qemu_put_be32, PRIu32)
EQUAL_INFO(uint64, uint64_t, qemu_get_be64, qemu_put_be64, PRIu64)
EQUAL_INFO(int32, int32_t, qemu_get_be32, qemu_put_be32, PRId32)

static int get_int32_le(QEMUFile *f, void *pv, size_t size, const VMStateField *field,
                        Error **errp)
{
    int32_t v = (int32_t)qemu_get_be32(f);
    int ret = load_failed(f, errp);
    if (ret) {
        return ret;
    }
    if (v < 0 || v > *(int32_t *)pv) {
        error_setg(errp, "value %" PRId32 " is not in 0..%" PRId32, v, *(int32_t *)pv);
        return -EINVAL;
    }
    *(int32_t *)pv = v;
    return 0;
}

const VMStateInfo vmstate_info_int32_le = {
    .name = "int32 le", .size = sizeof(int32_t), .get = get_int32_le, .put = put_int32,
};

/* ---- values kept in guest byte order ---- */

#define ORDER_INFO(_bits, _order)                                                 \
static int get_uint##_bits##_##_order(QEMUFile *f, void *pv, size_t size,        \
                                      const VMStateField *field, Error **errp)  \
{                                                                               \
    uint64_t v = _bits == 16 ? qemu_get_be16(f) : _bits == 32 ? qemu_get_be32(f) \
                                                              : qemu_get_be64(f); \
    int ret = load_failed(f, errp);                                             \
    if (!ret) {                                                                 \
        stn_##_order##_p(pv, _bits / 8, v);                                     \
    }                                                                           \
    return ret;                                                                 \
}                                                                               \
static int put_uint##_bits##_##_order(QEMUFile *f, void *pv, size_t size,        \
                                      const VMStateField *field, Error **errp)  \
{                                                                               \
    uint64_t v = ldn_##_order##_p(pv, _bits / 8);                               \
    if (_bits == 16) {                                                          \
        qemu_put_be16(f, v);                                                    \
    } else if (_bits == 32) {                                                   \
        qemu_put_be32(f, v);                                                    \
    } else {                                                                    \
        qemu_put_be64(f, v);                                                    \
    }                                                                           \
    return 0;                                                                   \
}                                                                               \
const VMStateInfo vmstate_info_uint##_bits##_##_order = {                       \
    /* Same wire format as the plain type, so the name is the same. */          \
    .name = "uint" #_bits, .size = _bits / 8,                                   \
    .get = get_uint##_bits##_##_order, .put = put_uint##_bits##_##_order,        \
};

ORDER_INFO(16, le)
ORDER_INFO(32, le)
ORDER_INFO(64, le)
ORDER_INFO(16, be)
ORDER_INFO(32, be)
ORDER_INFO(64, be)

/* ---- buffers ---- */

static int get_buffer(QEMUFile *f, void *pv, size_t size, const VMStateField *field,
                      Error **errp)
{
    qemu_get_buffer(f, pv, size);
    return load_failed(f, errp);
}

static int put_buffer(QEMUFile *f, void *pv, size_t size, const VMStateField *field,
                      Error **errp)
{
    qemu_put_buffer(f, pv, size);
    return 0;
}

const VMStateInfo vmstate_info_buffer = {
    .name = "buffer", .get = get_buffer, .put = put_buffer,
};

static int get_unused_buffer(QEMUFile *f, void *pv, size_t size, const VMStateField *field,
                             Error **errp)
{
    uint8_t scratch[1024];
    while (size) {
        size_t n = MIN(size, sizeof(scratch));
        if (qemu_get_buffer(f, scratch, n) != n) {
            break;
        }
        size -= n;
    }
    return load_failed(f, errp);
}

static int put_unused_buffer(QEMUFile *f, void *pv, size_t size, const VMStateField *field,
                             Error **errp)
{
    static const uint8_t zeros[1024];
    while (size) {
        size_t n = MIN(size, sizeof(zeros));
        qemu_put_buffer(f, zeros, n);
        size -= n;
    }
    return 0;
}

const VMStateInfo vmstate_info_unused_buffer = {
    .name = "unused_buffer", .get = get_unused_buffer, .put = put_unused_buffer,
};
