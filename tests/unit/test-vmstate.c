/*
 * Unit tests for the vmstate engine and the QEMUFile stream: every field
 * kind round-trips and has the documented wire bytes, versions and
 * field_exists tests gate fields, subsections follow needed(), hooks run and
 * their failures are reported, every load error path gives a clear error, and
 * bad descriptions are refused when checked (seed 003).
 */
#include "qemu/osdep.h"
#include <check.h>
#include <signal.h>
#include "qemu/bswap.h"
#include "migration/vmstate.h"
#include "migration/qemu-file.h"

/* ---- helpers ---- */

typedef struct Saved {
    uint8_t *data;
    size_t len;
} Saved;

static Saved save_vmsd(const VMStateDescription *vmsd, void *opaque)
{
    QEMUFile *f = qemu_file_new_mem_output();
    Error *err = NULL;
    Saved s;
    const uint8_t *p;

    ck_assert_msg(vmstate_save_state(f, vmsd, opaque, NULL, &err) == 0, "%s",
                  err ? error_get_pretty(err) : "");
    p = qemu_file_mem_output_data(f, &s.len);
    s.data = g_memdup2(p, s.len);
    qemu_fclose(f);
    return s;
}

/* Load bytes into opaque; returns the error message (caller frees) or NULL. */
static char *load_vmsd(const VMStateDescription *vmsd, void *opaque, int version,
                       const uint8_t *data, size_t len)
{
    QEMUFile *f = qemu_file_new_mem_input(data, len);
    Error *err = NULL;
    char *msg = NULL;
    int ret = vmstate_load_state(f, vmsd, opaque, version, &err);

    if (ret) {
        ck_assert_ptr_nonnull(err);
        msg = g_strdup(error_get_pretty(err));
        error_free(err);
    } else {
        ck_assert_ptr_null(err);
    }
    qemu_fclose(f);
    return msg;
}

#define ck_assert_contains(haystack, needle) \
    ck_assert_msg((haystack) && strstr((haystack), (needle)), "'%s' lacks '%s'", \
                  (haystack) ? (haystack) : "(null)", (needle))

/* ---- a structure with every field kind ---- */

typedef struct Inner {
    uint16_t a;
    int8_t b;
} Inner;

static const VMStateDescription vmstate_inner = {
    .name = "inner",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT16(a, Inner),
        VMSTATE_INT8(b, Inner),
        VMSTATE_END_OF_LIST()
    },
};

typedef struct All {
    bool flag;
    int8_t i8;
    int16_t i16;
    int32_t i32;
    int64_t i64;
    uint8_t u8;
    uint16_t u16;
    uint32_t u32;
    uint64_t u64;
    uint8_t buf[16];
    uint32_t arr[4];
    bool bools[3];
    int64_t sarr[2];
    uint8_t n8;
    uint16_t n16;
    uint32_t n32;
    int32_t ni32;
    uint32_t var8[8];
    uint16_t var16[8];
    Inner svar[4];
    uint64_t *ptr;
    int32_t *parr;
    Inner in;
    Inner ins[3];
    Inner *pin;
    Inner *pins[2];
    uint32_t vlen;
    uint8_t *vbuf;
    uint32_t le32;
    uint16_t be16;
    uint64_t le64;
} All;

static const VMStateDescription vmstate_all = {
    .name = "all",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(flag, All),
        VMSTATE_INT8(i8, All),
        VMSTATE_INT16(i16, All),
        VMSTATE_INT32(i32, All),
        VMSTATE_INT64(i64, All),
        VMSTATE_UINT8(u8, All),
        VMSTATE_UINT16(u16, All),
        VMSTATE_UINT32(u32, All),
        VMSTATE_UINT64(u64, All),
        VMSTATE_BUFFER(buf, All),
        VMSTATE_UINT32_ARRAY(arr, All, 4),
        VMSTATE_BOOL_ARRAY(bools, All, 3),
        VMSTATE_INT64_ARRAY(sarr, All, 2),
        VMSTATE_UINT8(n8, All),
        VMSTATE_UINT16(n16, All),
        VMSTATE_UINT32(n32, All),
        VMSTATE_INT32(ni32, All),
        VMSTATE_VARRAY_UINT8_IN_STRUCT(var8, All, n8, 0, vmstate_info_uint32, uint32_t),
        VMSTATE_VARRAY_UINT16_IN_STRUCT(var16, All, n16, 0, vmstate_info_uint16, uint16_t),
        VMSTATE_STRUCT_VARRAY_UINT32(svar, All, n32, 0, vmstate_inner, Inner),
        VMSTATE_POINTER(ptr, All, 0, vmstate_info_uint64, uint64_t),
        VMSTATE_VARRAY_INT32(parr, All, ni32, 0, vmstate_info_int32, int32_t),
        VMSTATE_STRUCT(in, All, 0, vmstate_inner, Inner),
        VMSTATE_STRUCT_ARRAY(ins, All, 3, 0, vmstate_inner, Inner),
        VMSTATE_STRUCT_POINTER(pin, All, vmstate_inner, Inner),
        VMSTATE_ARRAY_OF_POINTER_TO_STRUCT(pins, All, 2, 0, vmstate_inner, Inner),
        VMSTATE_UINT32(vlen, All),
        VMSTATE_VBUFFER_ALLOC_UINT32(vbuf, All, 0, NULL, vlen),
        VMSTATE_UINT32_LE(le32, All),
        VMSTATE_UINT16_BE(be16, All),
        VMSTATE_UINT64_LE(le64, All),
        VMSTATE_UNUSED(5),
        VMSTATE_END_OF_LIST()
    },
};

typedef struct AllWithStorage {
    All s;
    uint64_t ptr_target;
    int32_t parr_target[5];
    Inner pin_target;
    Inner pins_target[2];
} AllWithStorage;

static void all_init(AllWithStorage *w)
{
    memset(w, 0, sizeof(*w));
    w->s.ptr = &w->ptr_target;
    w->s.parr = w->parr_target;
    w->s.pin = &w->pin_target;
    w->s.pins[0] = &w->pins_target[0];
    w->s.pins[1] = &w->pins_target[1];
}

static void all_fill(AllWithStorage *w)
{
    All *s = &w->s;
    all_init(w);
    s->flag = true;
    s->i8 = -5;
    s->i16 = -1234;
    s->i32 = -7654321;
    s->i64 = -(1ll << 40);
    s->u8 = 250;
    s->u16 = 0xbeef;
    s->u32 = 0xdeadbeef;
    s->u64 = 0x0123456789abcdefull;
    for (int i = 0; i < 16; i++) {
        s->buf[i] = i * 7;
    }
    for (int i = 0; i < 4; i++) {
        s->arr[i] = 1000 + i;
    }
    s->bools[1] = true;
    s->sarr[0] = -1;
    s->sarr[1] = INT64_MAX;
    s->n8 = 3;
    s->n16 = 2;
    s->n32 = 4;
    s->ni32 = 5;
    for (int i = 0; i < 8; i++) {
        s->var8[i] = 0x100 + i;
        s->var16[i] = 0x200 + i;
    }
    for (int i = 0; i < 4; i++) {
        s->svar[i].a = 300 + i;
        s->svar[i].b = -i;
    }
    w->ptr_target = 0xfeedfacecafef00dull;
    for (int i = 0; i < 5; i++) {
        w->parr_target[i] = -100 * i;
    }
    s->in.a = 42;
    s->in.b = -42;
    for (int i = 0; i < 3; i++) {
        s->ins[i].a = 500 + i;
        s->ins[i].b = i;
    }
    w->pin_target.a = 77;
    w->pin_target.b = 7;
    w->pins_target[0].a = 88;
    w->pins_target[1].a = 99;
    s->vlen = 6;
    s->vbuf = (uint8_t *)g_strdup("hello");
    stl_le_p(&s->le32, 0x11223344);
    stw_be_p(&s->be16, 0x5566);
    stq_le_p(&s->le64, 0x0102030405060708ull);
}

START_TEST(test_every_field_kind_round_trips)
{
    AllWithStorage src, dst;
    Saved saved;
    char *err;

    all_fill(&src);
    all_init(&dst);
    /* Untransmitted tail elements of variable arrays keep the destination's values. */
    dst.s.var8[5] = 0x5555;
    saved = save_vmsd(&vmstate_all, &src.s);
    err = load_vmsd(&vmstate_all, &dst.s, 1, saved.data, saved.len);
    ck_assert_msg(err == NULL, "%s", err);

    ck_assert(dst.s.flag);
    ck_assert_int_eq(dst.s.i8, -5);
    ck_assert_int_eq(dst.s.i16, -1234);
    ck_assert_int_eq(dst.s.i32, -7654321);
    ck_assert(dst.s.i64 == -(1ll << 40));
    ck_assert_uint_eq(dst.s.u8, 250);
    ck_assert_uint_eq(dst.s.u16, 0xbeef);
    ck_assert_uint_eq(dst.s.u32, 0xdeadbeef);
    ck_assert(dst.s.u64 == 0x0123456789abcdefull);
    ck_assert_mem_eq(dst.s.buf, src.s.buf, 16);
    ck_assert_mem_eq(dst.s.arr, src.s.arr, sizeof(src.s.arr));
    ck_assert(!dst.s.bools[0] && dst.s.bools[1] && !dst.s.bools[2]);
    ck_assert(dst.s.sarr[0] == -1 && dst.s.sarr[1] == INT64_MAX);
    ck_assert_uint_eq(dst.s.n8, 3);
    ck_assert_uint_eq(dst.s.var8[2], 0x102);
    ck_assert_uint_eq(dst.s.var8[3], 0);
    ck_assert_uint_eq(dst.s.var8[5], 0x5555);
    ck_assert_uint_eq(dst.s.var16[1], 0x201);
    ck_assert_uint_eq(dst.s.var16[2], 0);
    ck_assert_uint_eq(dst.s.svar[3].a, 303);
    ck_assert_int_eq(dst.s.svar[3].b, -3);
    ck_assert(dst.ptr_target == 0xfeedfacecafef00dull);
    ck_assert_int_eq(dst.parr_target[4], -400);
    ck_assert_uint_eq(dst.s.in.a, 42);
    ck_assert_int_eq(dst.s.in.b, -42);
    ck_assert_uint_eq(dst.s.ins[2].a, 502);
    ck_assert_uint_eq(dst.pin_target.a, 77);
    ck_assert_uint_eq(dst.pins_target[0].a, 88);
    ck_assert_uint_eq(dst.pins_target[1].a, 99);
    ck_assert_uint_eq(dst.s.vlen, 6);
    ck_assert_str_eq((char *)dst.s.vbuf, "hello");
    ck_assert_uint_eq(ldl_le_p(&dst.s.le32), 0x11223344);
    ck_assert_uint_eq(lduw_be_p(&dst.s.be16), 0x5566);
    ck_assert(ldq_le_p(&dst.s.le64) == 0x0102030405060708ull);
    g_free(src.s.vbuf);
    g_free(dst.s.vbuf);
    g_free(saved.data);
}
END_TEST

/* ---- exact wire bytes ---- */

typedef struct Wire {
    uint32_t u32;
    int16_t i16;
    bool b;
    uint64_t u64;
    uint32_t guest_le;
} Wire;

static const VMStateDescription vmstate_wire = {
    .name = "wire",
    .version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(u32, Wire),
        VMSTATE_INT16(i16, Wire),
        VMSTATE_BOOL(b, Wire),
        VMSTATE_UINT64(u64, Wire),
        VMSTATE_UINT32_LE(guest_le, Wire),
        VMSTATE_UNUSED(2),
        VMSTATE_END_OF_LIST()
    },
};

START_TEST(test_integers_are_big_endian_on_the_wire)
{
    Wire w = { .u32 = 0x11223344, .i16 = -2, .b = true, .u64 = 0x0102030405060708ull };
    static const uint8_t expect[] = {
        0x11, 0x22, 0x33, 0x44, 0xff, 0xfe, 0x01,
        0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
        0xaa, 0xbb, 0xcc, 0xdd,        /* guest-LE value 0xaabbccdd, sent as a number */
        0x00, 0x00,                    /* VMSTATE_UNUSED */
    };
    Saved s;

    stl_le_p(&w.guest_le, 0xaabbccdd);
    s = save_vmsd(&vmstate_wire, &w);
    ck_assert_uint_eq(s.len, sizeof(expect));
    ck_assert_mem_eq(s.data, expect, sizeof(expect));
    g_free(s.data);
}
END_TEST

START_TEST(test_guest_order_value_is_converted_back_on_load)
{
    static const uint8_t bytes[] = {
        0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0x12, 0x34, 0x56, 0x78, 0xee, 0xee,
    };
    Wire w = { 0 };
    char *err = load_vmsd(&vmstate_wire, &w, 1, bytes, sizeof(bytes));
    ck_assert_msg(!err, "%s", err);
    /* The device sees its little-endian representation, whatever the host. */
    ck_assert_uint_eq(((uint8_t *)&w.guest_le)[0], 0x78);
    ck_assert_uint_eq(ldl_le_p(&w.guest_le), 0x12345678);
}
END_TEST

/* ---- versions and field_exists ---- */

typedef struct Versioned {
    uint32_t old_field;
    uint32_t new_field;
    uint32_t optional;
    bool has_optional;
} Versioned;

static bool optional_exists(void *opaque, int version_id)
{
    return ((Versioned *)opaque)->has_optional;
}

static const VMStateDescription vmstate_versioned_v1 = {
    .name = "versioned",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(old_field, Versioned),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_versioned_v3 = {
    .name = "versioned",
    .version_id = 3,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(old_field, Versioned),
        VMSTATE_UINT32_V(new_field, Versioned, 2),
        VMSTATE_UINT32_TEST(optional, Versioned, optional_exists),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_versioned_min2 = {
    .name = "versioned",
    .version_id = 3,
    .minimum_version_id = 2,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(old_field, Versioned),
        VMSTATE_UINT32_V(new_field, Versioned, 2),
        VMSTATE_END_OF_LIST()
    },
};

START_TEST(test_old_version_stream_leaves_newer_fields_alone)
{
    Versioned src = { .old_field = 11, .new_field = 22 };
    Versioned dst = { .new_field = 99 };
    Saved s = save_vmsd(&vmstate_versioned_v1, &src);
    char *err = load_vmsd(&vmstate_versioned_v3, &dst, 1, s.data, s.len);
    ck_assert_msg(!err, "%s", err);
    ck_assert_uint_eq(dst.old_field, 11);
    ck_assert_uint_eq(dst.new_field, 99);
    g_free(s.data);
}
END_TEST

START_TEST(test_newer_version_sends_versioned_field)
{
    Versioned src = { .old_field = 1, .new_field = 2 }, dst = { 0 };
    Saved s = save_vmsd(&vmstate_versioned_v3, &src);
    char *err;
    ck_assert_uint_eq(s.len, 8);
    err = load_vmsd(&vmstate_versioned_v3, &dst, 3, s.data, s.len);
    ck_assert_msg(!err, "%s", err);
    ck_assert_uint_eq(dst.new_field, 2);
    g_free(s.data);
}
END_TEST

START_TEST(test_field_exists_decides_on_both_sides)
{
    Versioned src = { .old_field = 1, .new_field = 2, .optional = 3, .has_optional = true };
    Versioned dst = { .has_optional = true };
    Saved s = save_vmsd(&vmstate_versioned_v3, &src);
    char *err;
    ck_assert_uint_eq(s.len, 12);
    err = load_vmsd(&vmstate_versioned_v3, &dst, 3, s.data, s.len);
    ck_assert_msg(!err, "%s", err);
    ck_assert_uint_eq(dst.optional, 3);
    g_free(s.data);
}
END_TEST

START_TEST(test_version_too_new_is_refused)
{
    Versioned dst = { 0 };
    static const uint8_t bytes[12];
    char *err = load_vmsd(&vmstate_versioned_v3, &dst, 4, bytes, sizeof(bytes));
    ck_assert_str_eq(err, "versioned: incoming version_id 4 is too new for local "
                          "version_id 3");
    g_free(err);
}
END_TEST

START_TEST(test_version_too_old_is_refused)
{
    Versioned dst = { 0 };
    static const uint8_t bytes[12];
    char *err = load_vmsd(&vmstate_versioned_min2, &dst, 1, bytes, sizeof(bytes));
    ck_assert_str_eq(err, "versioned: incoming version_id 1 is too old for local minimum "
                          "version_id 2");
    g_free(err);
}
END_TEST

/* ---- subsections ---- */

typedef struct WithSub {
    uint32_t base;
    uint32_t extra;
    bool send_extra;
    Inner nested;
    uint32_t nested_extra;
    bool send_nested_extra;
} WithSub;

static bool extra_needed(void *opaque)
{
    return ((WithSub *)opaque)->send_extra;
}

static const VMStateDescription vmstate_withsub_extra = {
    .name = "withsub/extra",
    .version_id = 1,
    .minimum_version_id = 1,
    .needed = extra_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(extra, WithSub),
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_withsub = {
    .name = "withsub",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(base, WithSub),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription *const[]) {
        &vmstate_withsub_extra,
        NULL
    },
};

static const VMStateDescription vmstate_withsub_old = {
    .name = "withsub",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(base, WithSub),
        VMSTATE_END_OF_LIST()
    },
};

START_TEST(test_subsection_not_needed_is_not_sent)
{
    WithSub src = { .base = 5, .extra = 6 }, dst = { .extra = 1 };
    Saved s = save_vmsd(&vmstate_withsub, &src);
    char *err;
    ck_assert_uint_eq(s.len, 4);
    /* An older destination without the subsection loads it. */
    err = load_vmsd(&vmstate_withsub_old, &dst, 1, s.data, s.len);
    ck_assert_msg(!err, "%s", err);
    ck_assert_uint_eq(dst.base, 5);
    ck_assert_uint_eq(dst.extra, 1);
    g_free(s.data);
}
END_TEST

START_TEST(test_needed_subsection_has_qemu_layout_and_loads)
{
    WithSub src = { .base = 5, .extra = 0x01020304, .send_extra = true }, dst = { 0 };
    Saved s = save_vmsd(&vmstate_withsub, &src);
    static const uint8_t expect[] = {
        0, 0, 0, 5,
        0x05, 13, 'w', 'i', 't', 'h', 's', 'u', 'b', '/', 'e', 'x', 't', 'r', 'a',
        0, 0, 0, 1,
        1, 2, 3, 4,
    };
    char *err;
    ck_assert_uint_eq(s.len, sizeof(expect));
    ck_assert_mem_eq(s.data, expect, sizeof(expect));
    err = load_vmsd(&vmstate_withsub, &dst, 1, s.data, s.len);
    ck_assert_msg(!err, "%s", err);
    ck_assert_uint_eq(dst.extra, 0x01020304);
    g_free(s.data);
}
END_TEST

START_TEST(test_unknown_subsection_is_a_clear_error)
{
    WithSub src = { .base = 5, .send_extra = true }, dst = { 0 };
    Saved s = save_vmsd(&vmstate_withsub, &src);
    char *err = load_vmsd(&vmstate_withsub_old, &dst, 1, s.data, s.len);
    ck_assert_contains(err, "unknown subsection 'withsub/extra'");
    g_free(err);
    g_free(s.data);
}
END_TEST

/* A subsection of a nested structure comes right after that structure. */
static bool nested_extra_needed(void *opaque)
{
    return true;
}

typedef struct Outer {
    Inner in;
    uint32_t tail;
} Outer;

static uint32_t nested_sub_value;

static int nested_sub_post_load(void *opaque, int version_id)
{
    nested_sub_value = ((Inner *)opaque)->a;
    return 0;
}

static const VMStateDescription vmstate_inner_sub = {
    .name = "inner2/sub",
    .version_id = 1,
    .needed = nested_extra_needed,
    .post_load = nested_sub_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_END_OF_LIST()
    },
};

static const VMStateDescription vmstate_inner2 = {
    .name = "inner2",
    .version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT16(a, Inner),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription *const[]) { &vmstate_inner_sub, NULL },
};

static const VMStateDescription vmstate_outer = {
    .name = "outer",
    .version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_STRUCT(in, Outer, 0, vmstate_inner2, Inner),
        VMSTATE_UINT32(tail, Outer),
        VMSTATE_END_OF_LIST()
    },
};

START_TEST(test_nested_structure_subsection_round_trips)
{
    Outer src = { .in = { .a = 9 }, .tail = 10 }, dst = { 0 };
    Saved s = save_vmsd(&vmstate_outer, &src);
    char *err = load_vmsd(&vmstate_outer, &dst, 1, s.data, s.len);
    ck_assert_msg(!err, "%s", err);
    ck_assert_uint_eq(dst.in.a, 9);
    ck_assert_uint_eq(dst.tail, 10);
    ck_assert_uint_eq(nested_sub_value, 9);
    g_free(s.data);
}
END_TEST

/* ---- hooks ---- */

typedef struct Hooked {
    uint32_t v;
    int pre_save_calls, post_save_calls, pre_load_calls, post_load_calls;
    int post_load_version;
    int fail_in;           /* 1 pre_save, 2 post_save, 3 pre_load, 4 post_load */
} Hooked;

static int hooked_pre_save(void *opaque)
{
    Hooked *h = opaque;
    h->pre_save_calls++;
    h->v *= 2;             /* pre_save may prepare what is sent */
    return h->fail_in == 1 ? -EIO : 0;
}

static int hooked_post_save(void *opaque)
{
    Hooked *h = opaque;
    h->post_save_calls++;
    return h->fail_in == 2 ? -ENOSPC : 0;
}

static int hooked_pre_load(void *opaque)
{
    Hooked *h = opaque;
    h->pre_load_calls++;
    return h->fail_in == 3 ? -EPERM : 0;
}

static int hooked_post_load(void *opaque, int version_id)
{
    Hooked *h = opaque;
    h->post_load_calls++;
    h->post_load_version = version_id;
    return h->fail_in == 4 ? -EINVAL : 0;
}

static const VMStateDescription vmstate_hooked = {
    .name = "hooked",
    .version_id = 2,
    .minimum_version_id = 1,
    .pre_save = hooked_pre_save,
    .post_save = hooked_post_save,
    .pre_load = hooked_pre_load,
    .post_load = hooked_post_load,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(v, Hooked),
        VMSTATE_END_OF_LIST()
    },
};

START_TEST(test_hooks_run_in_order_with_version)
{
    Hooked src = { .v = 21 }, dst = { 0 };
    Saved s = save_vmsd(&vmstate_hooked, &src);
    char *err;
    ck_assert_int_eq(src.pre_save_calls, 1);
    ck_assert_int_eq(src.post_save_calls, 1);
    err = load_vmsd(&vmstate_hooked, &dst, 1, s.data, s.len);
    ck_assert_msg(!err, "%s", err);
    ck_assert_uint_eq(dst.v, 42);
    ck_assert_int_eq(dst.pre_load_calls, 1);
    ck_assert_int_eq(dst.post_load_calls, 1);
    ck_assert_int_eq(dst.post_load_version, 1);
    g_free(s.data);
}
END_TEST

START_TEST(test_failing_hooks_are_reported_with_the_description)
{
    Hooked h = { .v = 1, .fail_in = 1 };
    QEMUFile *f = qemu_file_new_mem_output();
    Error *err = NULL;
    static const uint8_t bytes[4];
    char *msg;

    ck_assert_int_eq(vmstate_save_state(f, &vmstate_hooked, &h, NULL, &err), -EIO);
    ck_assert_contains(error_get_pretty(err), "vmstate 'hooked': pre_save failed");
    error_free(err);
    err = NULL;
    h.fail_in = 2;
    ck_assert_int_eq(vmstate_save_state(f, &vmstate_hooked, &h, NULL, &err), -ENOSPC);
    ck_assert_contains(error_get_pretty(err), "post_save failed");
    error_free(err);
    qemu_fclose(f);

    h.fail_in = 3;
    msg = load_vmsd(&vmstate_hooked, &h, 2, bytes, sizeof(bytes));
    ck_assert_contains(msg, "vmstate 'hooked': pre_load failed");
    g_free(msg);
    h.fail_in = 4;
    msg = load_vmsd(&vmstate_hooked, &h, 2, bytes, sizeof(bytes));
    ck_assert_contains(msg, "vmstate 'hooked': post_load failed: Invalid argument");
    g_free(msg);
}
END_TEST

/* ---- load error paths ---- */

START_TEST(test_every_truncation_of_a_stream_is_an_error)
{
    AllWithStorage src, dst;
    Saved s;

    all_fill(&src);
    s = save_vmsd(&vmstate_all, &src.s);
    for (size_t len = 0; len < s.len; len++) {
        char *err;
        all_init(&dst);
        err = load_vmsd(&vmstate_all, &dst.s, 1, s.data, len);
        ck_assert_msg(err != NULL, "a stream cut at %zu of %zu bytes loaded", len, s.len);
        ck_assert_contains(err, "truncated");
        g_free(err);
        g_free(dst.s.vbuf);
    }
    g_free(src.s.vbuf);
    g_free(s.data);
}
END_TEST

START_TEST(test_bool_other_than_0_or_1_is_refused)
{
    static const uint8_t bytes[] = { 0, 0, 0, 0, 0, 0, 2 };
    Wire w;
    char *err = load_vmsd(&vmstate_wire, &w, 1, bytes, sizeof(bytes));
    ck_assert_contains(err, "'wire' field 'b': bool value 2 is neither 0 nor 1");
    g_free(err);
}
END_TEST

typedef struct Equal {
    uint32_t nr_ports;
    int32_t limit;
} Equal;

static const VMStateDescription vmstate_equal = {
    .name = "equal",
    .version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_EQUAL(nr_ports, Equal, "configure the same number of ports"),
        VMSTATE_INT32_POSITIVE_LE(limit, Equal),
        VMSTATE_END_OF_LIST()
    },
};

START_TEST(test_equal_and_le_fields_check_the_destination)
{
    static const uint8_t ok[] = { 0, 0, 0, 4, 0, 0, 0, 3 };
    static const uint8_t bad_eq[] = { 0, 0, 0, 5, 0, 0, 0, 3 };
    static const uint8_t bad_le[] = { 0, 0, 0, 4, 0, 0, 0, 9 };
    Equal e = { .nr_ports = 4, .limit = 8 };
    char *err = load_vmsd(&vmstate_equal, &e, 1, ok, sizeof(ok));
    ck_assert_msg(!err, "%s", err);
    ck_assert_int_eq(e.limit, 3);
    e.limit = 8;
    err = load_vmsd(&vmstate_equal, &e, 1, bad_eq, sizeof(bad_eq));
    ck_assert_contains(err, "'equal' field 'nr_ports': 5 != 4");
    g_free(err);
    err = load_vmsd(&vmstate_equal, &e, 1, bad_le, sizeof(bad_le));
    ck_assert_contains(err, "'equal' field 'limit': value 9 is not in 0..8");
    g_free(err);
}
END_TEST

typedef struct Counted {
    uint8_t n;
    uint16_t items[4];
    uint32_t hi;
} Counted;

static bool counted_hi_valid(void *opaque, int version_id)
{
    return ((Counted *)opaque)->hi < 100;
}

static const VMStateDescription vmstate_counted = {
    .name = "counted",
    .version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT8(n, Counted),
        VMSTATE_VARRAY_UINT8_IN_STRUCT(items, Counted, n, 0, vmstate_info_uint16, uint16_t),
        VMSTATE_UINT32(hi, Counted),
        VMSTATE_VALIDATE("hi below 100", counted_hi_valid),
        VMSTATE_END_OF_LIST()
    },
};

START_TEST(test_count_larger_than_the_array_is_refused)
{
    /* A malicious count of 200 must not write past items[4]. */
    uint8_t bytes[1 + 400 + 4] = { 200 };
    Counted c = { 0 };
    char *err = load_vmsd(&vmstate_counted, &c, 1, bytes, sizeof(bytes));
    ck_assert_contains(err, "'counted' field 'items': 200 elements but the array holds 4");
    g_free(err);
}
END_TEST

START_TEST(test_validate_field_rejects_bad_values)
{
    static const uint8_t bytes[] = { 1, 0, 7, 0, 0, 0, 200 };
    Counted c = { 0 };
    char *err = load_vmsd(&vmstate_counted, &c, 1, bytes, sizeof(bytes));
    ck_assert_str_eq(err, "Input validation failed: counted/hi below 100");
    g_free(err);
}
END_TEST

typedef struct Pointy {
    uint32_t *p;
} Pointy;

static const VMStateDescription vmstate_pointy = {
    .name = "pointy",
    .version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_POINTER(p, Pointy, 0, vmstate_info_uint32, uint32_t),
        VMSTATE_END_OF_LIST()
    },
};

START_TEST(test_null_pointer_is_an_error_not_a_crash)
{
    Pointy p = { NULL };
    QEMUFile *f = qemu_file_new_mem_output();
    Error *err = NULL;
    static const uint8_t bytes[4];
    char *msg;

    ck_assert_int_lt(vmstate_save_state(f, &vmstate_pointy, &p, NULL, &err), 0);
    ck_assert_contains(error_get_pretty(err), "pointer is NULL");
    error_free(err);
    qemu_fclose(f);
    msg = load_vmsd(&vmstate_pointy, &p, 1, bytes, 4);
    ck_assert_contains(msg, "NULL pointer");
    g_free(msg);
}
END_TEST

typedef struct VBuf {
    uint32_t len;
    uint8_t *data;
} VBuf;

static const VMStateDescription vmstate_vbuf = {
    .name = "vbuf",
    .version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(len, VBuf),
        VMSTATE_VBUFFER_ALLOC_UINT32(data, VBuf, 0, NULL, len),
        VMSTATE_END_OF_LIST()
    },
};

START_TEST(test_huge_buffer_length_is_refused_before_allocating)
{
    static const uint8_t bytes[] = { 0xff, 0xff, 0xff, 0xf0, 1, 2, 3 };
    VBuf v = { 0 };
    char *err = load_vmsd(&vmstate_vbuf, &v, 1, bytes, sizeof(bytes));
    ck_assert_contains(err, "too large");
    ck_assert_ptr_null(v.data);
    g_free(err);
}
END_TEST

START_TEST(test_vmdesc_describes_the_saved_fields)
{
    WithSub src = { .base = 1, .send_extra = true };
    QEMUFile *f = qemu_file_new_mem_output();
    g_autoptr(JsonBuilder) b = json_builder_new();
    g_autoptr(JsonGenerator) gen = json_generator_new();
    g_autoptr(JsonNode) root = NULL;
    g_autofree char *json = NULL;

    json_builder_begin_object(b);
    ck_assert_int_eq(vmstate_save_state(f, &vmstate_withsub, &src, b, NULL), 0);
    json_builder_end_object(b);
    root = json_builder_get_root(b);
    json_generator_set_root(gen, root);
    json = json_generator_to_data(gen, NULL);
    ck_assert_str_eq(json, "{\"vmsd_name\":\"withsub\",\"version\":1,\"fields\":[{\"name\":"
                     "\"base\",\"type\":\"uint32\",\"size\":4}],\"subsections\":[{"
                     "\"vmsd_name\":\"withsub/extra\",\"version\":1,\"fields\":[{\"name\":"
                     "\"extra\",\"type\":\"uint32\",\"size\":4}]}]}");
    qemu_fclose(f);
}
END_TEST

/* ---- checking descriptions (seed 003) ---- */

/* What a never-filled-in stub looks like: all zero. */
static const VMStateDescription vmstate_stub;

static bool never(void *opaque, int version_id)
{
    return false;
}

typedef struct Piix4Like {
    uint32_t sci;
    Inner hotplug;
} Piix4Like;

static const VMStateDescription vmstate_with_stub = {
    .name = "piix4-like",
    .version_id = 3,
    .minimum_version_id = 3,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(sci, Piix4Like),
        /* Never sent on this board, but it must still be a valid description. */
        VMSTATE_STRUCT_TEST(hotplug, Piix4Like, never, 2, vmstate_stub, Inner),
        VMSTATE_END_OF_LIST()
    },
};

static void expect_check_error(const VMStateDescription *vmsd, const char *needle)
{
    Error *err = NULL;
    ck_assert(!vmstate_check_description(vmsd, &err));
    ck_assert_ptr_nonnull(err);
    ck_assert_contains(error_get_pretty(err), needle);
    error_free(err);
}

START_TEST(test_nested_empty_stub_is_caught_when_checked)
{
    expect_check_error(&vmstate_with_stub, "vmstate 'piix4-like' field 'hotplug': refers to "
                       "a description with no name and no fields");
}
END_TEST

START_TEST(test_description_without_name_or_fields_is_refused)
{
    static const VMStateDescription no_fields = { .name = "no-fields", .version_id = 1 };
    expect_check_error(&vmstate_stub, "no name");
    expect_check_error(&no_fields, "vmstate 'no-fields': no field list");
}
END_TEST

START_TEST(test_unterminated_field_list_is_refused)
{
    static const VMStateField fields[] = {
        VMSTATE_UINT32(sci, Piix4Like),
        { 0 },                          /* what runs off the end of a list looks like */
    };
    static const VMStateDescription vmsd = {
        .name = "unterminated", .version_id = 1, .fields = fields,
    };
    expect_check_error(&vmsd, "vmstate 'unterminated': field 1 has no name (is the field "
                       "list terminated with VMSTATE_END_OF_LIST()?)");
}
END_TEST

static const VMStateDescription prefix_sub = {
    .name = "other/thing", .version_id = 1,
    .fields = (const VMStateField[]) { VMSTATE_END_OF_LIST() },
};
static const VMStateDescription prefix_parent = {
    .name = "parent", .version_id = 1,
    .fields = (const VMStateField[]) { VMSTATE_END_OF_LIST() },
    .subsections = (const VMStateDescription *const[]) { &prefix_sub, NULL },
};

START_TEST(test_subsection_must_carry_parent_prefix)
{
    expect_check_error(&prefix_parent, "subsection 'other/thing' must be named 'parent/...'");
}
END_TEST

static const VMStateDescription bad_size = {
    .name = "bad-size", .version_id = 1,
    .fields = (const VMStateField[]) {
        { .name = "x", .size = 2, .info = &vmstate_info_uint32, .flags = VMS_SINGLE },
        VMSTATE_END_OF_LIST()
    },
};
static const VMStateDescription bad_version = {
    .name = "bad-version", .version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32_V(sci, Piix4Like, 2),
        VMSTATE_END_OF_LIST()
    },
};
static const VMStateDescription bad_min = {
    .name = "bad-min", .version_id = 1, .minimum_version_id = 2,
    .fields = (const VMStateField[]) { VMSTATE_END_OF_LIST() },
};
static const VMStateDescription no_info = {
    .name = "no-info", .version_id = 1,
    .fields = (const VMStateField[]) {
        { .name = "y", .size = 4, .flags = VMS_SINGLE },
        VMSTATE_END_OF_LIST()
    },
};

START_TEST(test_inconsistent_sizes_and_versions_are_refused)
{
    expect_check_error(&bad_size, "field 'x': element size 2 does not match its type "
                       "uint32 (4 bytes)");
    expect_check_error(&bad_version, "field 'sci': field version 2 is newer than the "
                       "description's version 1");
    expect_check_error(&bad_min, "minimum_version_id 2 is above version_id 1");
    expect_check_error(&no_info, "field 'y': no type");
}
END_TEST

typedef struct LateCount {
    uint16_t items[4];
    uint8_t n;
} LateCount;

static const VMStateDescription late = {
    .name = "late", .version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_VARRAY_UINT8_IN_STRUCT(items, LateCount, n, 0, vmstate_info_uint16,
                                       uint16_t),
        VMSTATE_UINT8(n, LateCount),
        VMSTATE_END_OF_LIST()
    },
};

START_TEST(test_count_sent_after_its_array_is_refused)
{
    expect_check_error(&late, "its element count 'n' comes after it");
}
END_TEST

START_TEST(test_valid_descriptions_pass_the_check)
{
    Error *err = NULL;
    ck_assert(vmstate_check_description(&vmstate_all, &err));
    ck_assert(vmstate_check_description(&vmstate_withsub, &err));
    ck_assert(vmstate_check_description(&vmstate_outer, &err));
    ck_assert(vmstate_check_description(&vmstate_counted, &err));
    ck_assert_ptr_null(err);
}
END_TEST

/* ---- QEMUFile ---- */

START_TEST(test_qemu_file_helpers_round_trip)
{
    QEMUFile *f = qemu_file_new_mem_output();
    const uint8_t *data;
    size_t len;
    char name[256];
    uint8_t buf[3];
    uint8_t *peeked;

    qemu_put_byte(f, 0xab);
    qemu_put_be16(f, 0x1234);
    qemu_put_be32(f, 0x89abcdef);
    qemu_put_be64(f, 0x0011223344556677ull);
    qemu_put_counted_string(f, "ram");
    qemu_put_buffer(f, (const uint8_t *)"xyz", 3);
    ck_assert_uint_eq(qemu_file_total_transferred(f), 1 + 2 + 4 + 8 + 4 + 3);
    data = qemu_file_mem_output_data(f, &len);
    ck_assert_uint_eq(len, 22);
    ck_assert_uint_eq(data[1], 0x12);
    ck_assert_uint_eq(data[3], 0x89);

    f = (qemu_fclose(f), qemu_file_new_mem_input((const uint8_t[]) {
        0xab, 0x12, 0x34, 0x89, 0xab, 0xcd, 0xef, 0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66,
        0x77, 3, 'r', 'a', 'm', 'x', 'y', 'z' }, 22));
    ck_assert_int_eq(qemu_peek_byte(f, 0), 0xab);
    ck_assert_int_eq(qemu_peek_byte(f, 15), 3);
    ck_assert_uint_eq(qemu_peek_buffer(f, &peeked, 3, 16), 3);
    ck_assert_mem_eq(peeked, "ram", 3);
    ck_assert_uint_eq(qemu_get_byte(f), 0xab);
    ck_assert_uint_eq(qemu_get_be16(f), 0x1234);
    ck_assert_uint_eq(qemu_get_be32(f), 0x89abcdef);
    ck_assert(qemu_get_be64(f) == 0x0011223344556677ull);
    ck_assert_uint_eq(qemu_get_counted_string(f, name), 3);
    ck_assert_str_eq(name, "ram");
    ck_assert_uint_eq(qemu_get_buffer(f, buf, 3), 3);
    ck_assert_mem_eq(buf, "xyz", 3);
    ck_assert_int_eq(qemu_file_get_error(f), 0);
    ck_assert_int_eq(qemu_peek_byte(f, 0), -1);
    qemu_fclose(f);
}
END_TEST

START_TEST(test_qemu_file_first_error_sticks)
{
    QEMUFile *f = qemu_file_new_mem_input((const uint8_t[]) { 1, 2 }, 2);
    const Error *err = NULL;

    ck_assert_uint_eq(qemu_get_be32(f), 0);       /* runs past the end */
    ck_assert_int_eq(qemu_file_get_error(f), -EIO);
    ck_assert(qemu_file_hit_eof(f));
    qemu_file_set_error(f, -ENOSPC, "a later error");
    ck_assert_int_eq(qemu_file_get_error_obj(f, &err), -EIO);
    ck_assert_contains(error_get_pretty(err), "truncated");
    ck_assert_uint_eq(qemu_get_byte(f), 0);
    ck_assert_int_eq(qemu_fclose(f), -EIO);
}
END_TEST

START_TEST(test_qemu_file_over_a_pipe_both_ways)
{
    int fds[2];
    QEMUFile *out, *in;
    uint8_t big[100000];
    uint8_t back[100000];

    ck_assert_int_eq(pipe(fds), 0);
    out = qemu_file_new_fd_output(fds[1], "pipe");
    in = qemu_file_new_fd_input(fds[0], "pipe");
    for (size_t i = 0; i < sizeof(big); i++) {
        big[i] = i * 31;
    }
    /* Larger than the pipe and the buffer: write from a child process. */
    {
        pid_t pid = fork();
        ck_assert_int_ge(pid, 0);
        if (pid == 0) {
            close(fds[0]);
            qemu_put_be32(out, 0xcafe);
            qemu_put_buffer(out, big, sizeof(big));
            _exit(qemu_fclose(out) ? 1 : 0);
        }
    }
    qemu_fclose(out);                   /* the parent's copy of the write end */
    ck_assert_uint_eq(qemu_get_be32(in), 0xcafe);
    ck_assert_uint_eq(qemu_get_buffer(in, back, sizeof(back)), sizeof(back));
    ck_assert_mem_eq(back, big, sizeof(big));
    ck_assert_uint_eq(qemu_get_byte(in), 0);
    ck_assert(qemu_file_hit_eof(in));
    qemu_fclose(in);
}
END_TEST

START_TEST(test_write_to_closed_pipe_latches_an_error)
{
    int fds[2];
    QEMUFile *out;
    uint8_t page[4096] = { 1 };

    ck_assert_int_eq(pipe(fds), 0);
    close(fds[0]);
    out = qemu_file_new_fd_output(fds[1], "pipe");
    for (int i = 0; i < 64; i++) {
        qemu_put_buffer(out, page, sizeof(page));
    }
    qemu_fflush(out);
    ck_assert_int_eq(qemu_file_get_error(out), -EPIPE);
    ck_assert_int_eq(qemu_fclose(out), -EPIPE);
}
END_TEST

static Suite *vmstate_suite(void)
{
    Suite *s = suite_create("vmstate");
    TCase *fields = tcase_create("fields");
    TCase *checks = tcase_create("checks");
    TCase *file = tcase_create("qemu-file");

    tcase_add_test(fields, test_every_field_kind_round_trips);
    tcase_add_test(fields, test_integers_are_big_endian_on_the_wire);
    tcase_add_test(fields, test_guest_order_value_is_converted_back_on_load);
    tcase_add_test(fields, test_old_version_stream_leaves_newer_fields_alone);
    tcase_add_test(fields, test_newer_version_sends_versioned_field);
    tcase_add_test(fields, test_field_exists_decides_on_both_sides);
    tcase_add_test(fields, test_version_too_new_is_refused);
    tcase_add_test(fields, test_version_too_old_is_refused);
    tcase_add_test(fields, test_subsection_not_needed_is_not_sent);
    tcase_add_test(fields, test_needed_subsection_has_qemu_layout_and_loads);
    tcase_add_test(fields, test_unknown_subsection_is_a_clear_error);
    tcase_add_test(fields, test_nested_structure_subsection_round_trips);
    tcase_add_test(fields, test_hooks_run_in_order_with_version);
    tcase_add_test(fields, test_failing_hooks_are_reported_with_the_description);
    tcase_add_test(fields, test_every_truncation_of_a_stream_is_an_error);
    tcase_add_test(fields, test_bool_other_than_0_or_1_is_refused);
    tcase_add_test(fields, test_equal_and_le_fields_check_the_destination);
    tcase_add_test(fields, test_count_larger_than_the_array_is_refused);
    tcase_add_test(fields, test_validate_field_rejects_bad_values);
    tcase_add_test(fields, test_null_pointer_is_an_error_not_a_crash);
    tcase_add_test(fields, test_huge_buffer_length_is_refused_before_allocating);
    tcase_add_test(fields, test_vmdesc_describes_the_saved_fields);
    suite_add_tcase(s, fields);

    tcase_add_test(checks, test_nested_empty_stub_is_caught_when_checked);
    tcase_add_test(checks, test_description_without_name_or_fields_is_refused);
    tcase_add_test(checks, test_unterminated_field_list_is_refused);
    tcase_add_test(checks, test_subsection_must_carry_parent_prefix);
    tcase_add_test(checks, test_inconsistent_sizes_and_versions_are_refused);
    tcase_add_test(checks, test_count_sent_after_its_array_is_refused);
    tcase_add_test(checks, test_valid_descriptions_pass_the_check);
    suite_add_tcase(s, checks);

    tcase_add_test(file, test_qemu_file_helpers_round_trip);
    tcase_add_test(file, test_qemu_file_first_error_sticks);
    tcase_add_test(file, test_qemu_file_over_a_pipe_both_ways);
    tcase_add_test(file, test_write_to_closed_pipe_latches_an_error);
    suite_add_tcase(s, file);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(vmstate_suite());
    int failed;

    signal(SIGPIPE, SIG_IGN);           /* as the emulator does */
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
