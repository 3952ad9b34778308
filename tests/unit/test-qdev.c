/*
 * Unit tests for devices and buses: static properties and their parsers,
 * realize and its errors, bus naming and device paths, -device option
 * handling with every user error, globals, reset and info qtree.
 * Uses test-only device and bus types defined here.
 */
#include "qemu/osdep.h"
#include <check.h>
#include "hw/qdev-core.h"
#include "hw/qdev-properties.h"
#include "hw/sysbus.h"
#include "qemu/option.h"
#include "hw/boards.h"

#define TYPE_TEST_BUS "test-bus"
#define TYPE_TEST_CTRL "test-ctrl"
#define TYPE_TEST_LEAF "test-leaf"
#define TYPE_TEST_LEAF_CHILD "test-leaf-child"
#define TYPE_OTHER_BUS "other-bus"
#define TYPE_OTHER_DEV "other-dev"

typedef struct TestCtrl {
    SysBusDevice parent;
    BusState *bus;
    uint32_t unit;
} TestCtrl;

typedef struct TestLeaf {
    DeviceState parent;
    bool flag;
    uint8_t small;
    uint32_t addr;
    uint64_t size;
    int32_t level;
    char *label;
    OnOffAuto mode;
    uint32_t bits;
    uint64_t bits64;
    bool fail_realize;
    int reset_count;
} TestLeaf;

static char *test_bus_get_dev_path(DeviceState *dev)
{
    TestLeaf *leaf = (TestLeaf *)dev;
    TestCtrl *ctrl = (TestCtrl *)dev->parent_bus->parent;
    return g_strdup_printf("ctrl%u/%u", ctrl->unit, leaf->addr);
}

static void test_bus_class_init(ObjectClass *oc, void *data)
{
    BusClass *bc = BUS_CLASS(oc);
    bc->get_dev_path = test_bus_get_dev_path;
    bc->max_dev = 2;
}

static void test_ctrl_realize(DeviceState *dev, Error **errp)
{
    TestCtrl *s = (TestCtrl *)dev;
    s->bus = qbus_new(TYPE_TEST_BUS, dev, NULL);
}

static Property test_ctrl_props[] = {
    DEFINE_PROP_UINT32("unit", TestCtrl, unit, 0),
    DEFINE_PROP_END_OF_LIST(),
};

static void test_ctrl_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    dc->realize = test_ctrl_realize;
    dc->user_creatable = true;
    device_class_set_props(dc, test_ctrl_props);
}

static void test_leaf_realize(DeviceState *dev, Error **errp)
{
    TestLeaf *s = (TestLeaf *)dev;
    if (s->fail_realize) {
        error_setg(errp, "test-leaf: refused to realize");
    }
}

static void test_leaf_reset(DeviceState *dev)
{
    ((TestLeaf *)dev)->reset_count++;
}

static Property test_leaf_props[] = {
    DEFINE_PROP_BOOL("flag", TestLeaf, flag, true),
    DEFINE_PROP_UINT8("small", TestLeaf, small, 5),
    DEFINE_PROP_UINT32("addr", TestLeaf, addr, 0),
    DEFINE_PROP_SIZE("size", TestLeaf, size, 4096),
    DEFINE_PROP_INT32("level", TestLeaf, level, -1),
    DEFINE_PROP_STRING("label", TestLeaf, label),
    DEFINE_PROP_ON_OFF_AUTO("mode", TestLeaf, mode, ON_OFF_AUTO_AUTO),
    DEFINE_PROP_BIT("bit3", TestLeaf, bits, 3, true),
    DEFINE_PROP_BIT64("bit40", TestLeaf, bits64, 40, false),
    DEFINE_PROP_BOOL("fail", TestLeaf, fail_realize, false),
    DEFINE_PROP_END_OF_LIST(),
};

static void test_leaf_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    dc->bus_type = TYPE_TEST_BUS;
    dc->realize = test_leaf_realize;
    dc->reset = test_leaf_reset;
    dc->desc = "a test leaf";
    device_class_set_category(dc, DEVICE_CATEGORY_STORAGE);
    device_class_set_props(dc, test_leaf_props);
}

static void other_dev_class_init(ObjectClass *oc, void *data)
{
    DEVICE_CLASS(oc)->bus_type = TYPE_OTHER_BUS;
}

static const TypeInfo qdev_test_types[] = {
    { .name = TYPE_TEST_BUS, .parent = TYPE_BUS, .instance_size = sizeof(BusState),
      .class_init = test_bus_class_init },
    { .name = TYPE_OTHER_BUS, .parent = TYPE_BUS, .instance_size = sizeof(BusState) },
    { .name = TYPE_TEST_CTRL, .parent = TYPE_SYS_BUS_DEVICE, .instance_size = sizeof(TestCtrl),
      .class_init = test_ctrl_class_init },
    { .name = TYPE_TEST_LEAF, .parent = TYPE_DEVICE, .instance_size = sizeof(TestLeaf),
      .class_init = test_leaf_class_init },
    { .name = TYPE_TEST_LEAF_CHILD, .parent = TYPE_TEST_LEAF },
    { .name = TYPE_OTHER_DEV, .parent = TYPE_DEVICE, .instance_size = sizeof(DeviceState),
      .class_init = other_dev_class_init },
};
DEFINE_TYPES(qdev_test_types)

/* Run a -device option string; returns the device or NULL with *msg set. */
static DeviceState *device_add(const char *str, char **msg)
{
    Error *err = NULL;
    QemuOpts *opts = qemu_opts_parse_maybe_json(str, "driver", &err);
    DeviceState *dev = NULL;

    if (opts) {
        dev = qdev_device_add(opts, str[0] == '{', &err);
        qemu_opts_del(opts);
    }
    if (err) {
        *msg = g_strdup(error_get_pretty(err));
        error_free(err);
    }
    return dev;
}

static DeviceState *device_add_ok(const char *str)
{
    char *msg = NULL;
    DeviceState *dev = device_add(str, &msg);
    ck_assert_msg(dev != NULL, "%s: %s", str, msg ? msg : "?");
    return dev;
}

static void assert_device_add_fails(const char *str, const char *expected)
{
    char *msg = NULL;
    DeviceState *dev = device_add(str, &msg);
    ck_assert_msg(dev == NULL, "%s unexpectedly succeeded", str);
    ck_assert_msg(msg && strstr(msg, expected), "%s: got '%s', wanted '%s'", str,
                  msg ? msg : "(none)", expected);
    g_free(msg);
}

static uint64_t prop_uint(DeviceState *dev, const char *name)
{
    return object_property_get_uint(OBJECT(dev), name, &error_fatal);
}

START_TEST(test_static_property_defaults)
{
    DeviceState *dev = qdev_new(TYPE_TEST_LEAF);
    TestLeaf *s = (TestLeaf *)dev;
    ck_assert(s->flag);
    ck_assert_int_eq(s->small, 5);
    ck_assert_int_eq(s->size, 4096);
    ck_assert_int_eq(s->level, -1);
    ck_assert_int_eq(s->mode, ON_OFF_AUTO_AUTO);
    ck_assert_int_eq(s->bits, 1u << 3);
    ck_assert_ptr_null(s->label);
    object_unref(dev);
}
END_TEST

START_TEST(test_property_parsers_accept_qemu_syntax)
{
    DeviceState *dev = qdev_new(TYPE_TEST_LEAF);
    TestLeaf *s = (TestLeaf *)dev;
    Object *o = OBJECT(dev);

    ck_assert(object_property_parse(o, "flag", "off", &error_fatal));
    ck_assert(!s->flag);
    ck_assert(object_property_parse(o, "small", "0xff", &error_fatal));
    ck_assert_int_eq(s->small, 255);
    ck_assert(object_property_parse(o, "size", "64K", &error_fatal));
    ck_assert_int_eq(s->size, 65536);
    ck_assert(object_property_parse(o, "size", "2G", &error_fatal));
    ck_assert_uint_eq(s->size, 2ull << 30);
    ck_assert(object_property_parse(o, "level", "-7", &error_fatal));
    ck_assert_int_eq(s->level, -7);
    ck_assert(object_property_parse(o, "label", "a,b", &error_fatal));
    ck_assert_str_eq(s->label, "a,b");
    ck_assert(object_property_parse(o, "mode", "off", &error_fatal));
    ck_assert_int_eq(s->mode, ON_OFF_AUTO_OFF);
    ck_assert(object_property_parse(o, "bit3", "off", &error_fatal));
    ck_assert_int_eq(s->bits, 0);
    ck_assert(object_property_parse(o, "bit40", "on", &error_fatal));
    ck_assert_uint_eq(s->bits64, UINT64_C(1) << 40);
    ck_assert(object_property_get_bool(o, "bit40", &error_fatal));
    ck_assert(object_property_parse(o, "bit40", "off", &error_fatal));
    ck_assert_uint_eq(s->bits64, 0);
    ck_assert_uint_eq(prop_uint(dev, "size"), 2ull << 30);
    object_unref(dev);
}
END_TEST

START_TEST(test_property_parsers_reject_bad_values)
{
    DeviceState *dev = qdev_new(TYPE_TEST_LEAF);
    Object *o = OBJECT(dev);
    Error *err = NULL;

    ck_assert(!object_property_parse(o, "small", "300", &err));
    ck_assert_str_eq(error_get_pretty(err), "Parameter 'small' expects uint8_t");
    error_free(err);
    err = NULL;
    ck_assert(!object_property_parse(o, "small", "abc", &err));
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "small"));
    error_free(err);
    err = NULL;
    ck_assert(!object_property_parse(o, "level", "3000000000", &err));
    ck_assert_str_eq(error_get_pretty(err), "Parameter 'level' expects int32_t");
    error_free(err);
    err = NULL;
    ck_assert(!object_property_parse(o, "mode", "sometimes", &err));
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "'sometimes'"));
    error_free(err);
    err = NULL;
    ck_assert(!object_property_parse(o, "flag", "2", &err));
    error_free(err);
    object_unref(dev);
}
END_TEST

START_TEST(test_set_after_realize_is_refused)
{
    DeviceState *ctrl = device_add_ok("test-ctrl,id=c0");
    DeviceState *leaf = device_add_ok("test-leaf,id=l0,bus=c0.0");
    Error *err = NULL;

    ck_assert(ctrl->realized && leaf->realized);
    ck_assert(!object_property_parse(OBJECT(leaf), "small", "1", &err));
    ck_assert_str_eq(error_get_pretty(err), "Attempt to set property 'small' on device 'l0' "
                     "(type 'test-leaf') after it was realized");
    error_free(err);
}
END_TEST

START_TEST(test_bus_named_after_parent_id)
{
    DeviceState *ctrl = device_add_ok("test-ctrl,id=scsi0");
    DeviceState *anon = device_add_ok("test-ctrl");
    BusState *b = ((TestCtrl *)ctrl)->bus;
    BusState *ab = ((TestCtrl *)anon)->bus;
    char *path;

    ck_assert_str_eq(b->name, "scsi0.0");
    ck_assert(g_str_has_prefix(ab->name, "test-bus."));
    path = object_get_canonical_path(OBJECT(b));
    ck_assert_str_eq(path, "/machine/peripheral/scsi0/scsi0.0");
    g_free(path);
    path = object_get_canonical_path(OBJECT(anon));
    ck_assert_str_eq(path, "/machine/peripheral-anon/device[0]");
    g_free(path);
}
END_TEST

START_TEST(test_device_path_comes_from_bus)
{
    DeviceState *leaf;
    char *path;

    device_add_ok("test-ctrl,id=c1,unit=7");
    leaf = device_add_ok("test-leaf,bus=c1.0,addr=3");
    path = qdev_get_dev_path(leaf);
    ck_assert_str_eq(path, "ctrl7/3");
    g_free(path);
    /* Sysbus gives no path. */
    ck_assert_ptr_null(qdev_get_dev_path(qdev_find_by_id("c1")));
}
END_TEST

START_TEST(test_device_add_errors_name_the_offender)
{
    device_add_ok("test-ctrl,id=c2");
    assert_device_add_fails("no-such-device", "'no-such-device' is not a valid device model name");
    assert_device_add_fails("test-leaf,bus=c2.0,nonsense=1",
                            "Property 'test-leaf.nonsense' not found");
    assert_device_add_fails("test-leaf,bus=c2.0,small=999", "Parameter 'small' expects uint8_t");
    assert_device_add_fails("test-leaf,bus=c2.0,flag=perhaps", "flag");
    assert_device_add_fails("test-ctrl,id=c2", "Duplicate device ID 'c2'");
    assert_device_add_fails("test-ctrl,id=2bad", "Parameter 'id' expects an identifier");
    assert_device_add_fails("other-dev,bus=c2.0", "Device 'other-dev' can't go on test-bus bus");
    assert_device_add_fails("other-dev", "No 'other-bus' bus found for device 'other-dev'");
    assert_device_add_fails("test-leaf,bus=nowhere.0", "Bus 'nowhere.0' not found");
    assert_device_add_fails("device", "non-abstract");
    assert_device_add_fails("sys-bus-device", "non-abstract");
    assert_device_add_fails("test-leaf,bus=c2.0,fail=on", "test-leaf: refused to realize");
    assert_device_add_fails("bus=c2.0", "Parameter 'driver' is missing");
}
END_TEST

START_TEST(test_failed_device_leaves_no_trace)
{
    DeviceState *ctrl = device_add_ok("test-ctrl,id=c3");
    BusState *bus = ((TestCtrl *)ctrl)->bus;

    assert_device_add_fails("test-leaf,id=bad,bus=c3.0,fail=on", "refused");
    ck_assert_int_eq(bus->num_children, 0);
    ck_assert_ptr_null(qdev_find_by_id("bad"));
    /* The id is free again. */
    device_add_ok("test-leaf,id=bad,bus=c3.0");
}
END_TEST

START_TEST(test_full_bus_is_refused_and_free_bus_found)
{
    device_add_ok("test-ctrl,id=c4");
    device_add_ok("test-leaf,bus=c4.0");
    device_add_ok("test-leaf,bus=c4.0");
    assert_device_add_fails("test-leaf,bus=c4.0", "Bus 'c4.0' is full");
    /* Without bus=, a free test-bus is picked: none left, then a new controller's. */
    assert_device_add_fails("test-leaf", "No 'test-bus' bus found");
    device_add_ok("test-ctrl,id=c5");
    ck_assert_str_eq(device_add_ok("test-leaf")->parent_bus->name, "c5.0");
}
END_TEST

START_TEST(test_json_device_syntax)
{
    DeviceState *leaf;
    device_add_ok("{\"driver\": \"test-ctrl\", \"id\": \"c6\"}");
    leaf = device_add_ok("{\"driver\": \"test-leaf\", \"bus\": \"c6.0\", \"small\": 9, "
                         "\"flag\": false}");
    ck_assert_int_eq(((TestLeaf *)leaf)->small, 9);
    ck_assert(!((TestLeaf *)leaf)->flag);
}
END_TEST

START_TEST(test_globals_apply_to_subtypes_and_user_wins)
{
    static GlobalProperty compat[] = {
        { "test-leaf", "small", "11" },
        { "test-leaf", "level", "12" },
    };
    GPtrArray *list = g_ptr_array_new();
    DeviceState *a, *b;

    compat_props_add(list, compat, 2);
    qdev_set_compat_props(list);
    ck_assert(qdev_global_parse("test-leaf.small=42", &error_fatal));
    a = qdev_new(TYPE_TEST_LEAF);
    b = qdev_new(TYPE_TEST_LEAF_CHILD);
    ck_assert_int_eq(((TestLeaf *)a)->small, 42);
    ck_assert_int_eq(((TestLeaf *)a)->level, 12);
    ck_assert_int_eq(((TestLeaf *)b)->small, 42);
    ck_assert_int_eq(((TestLeaf *)b)->level, 12);
    object_unref(a);
    object_unref(b);
}
END_TEST

START_TEST(test_bad_global_fails_realize_with_reason)
{
    DeviceState *ctrl = device_add_ok("test-ctrl,id=c7");
    ck_assert(qdev_global_parse("test-leaf.small=1000", &error_fatal));
    (void)ctrl;
    assert_device_add_fails("test-leaf,bus=c7.0", "can't apply global test-leaf.small=1000");
}
END_TEST

START_TEST(test_global_syntax_errors)
{
    Error *err = NULL;
    ck_assert(!qdev_global_parse("nodot=1", &err));
    error_free(err);
    err = NULL;
    ck_assert(!qdev_global_parse("driver.prop", &err));
    error_free(err);
    err = NULL;
    ck_assert(qdev_global_parse("driver=test-leaf,property=small,value=3", &error_fatal));
}
END_TEST

START_TEST(test_reset_reaches_devices_below_buses)
{
    DeviceState *leaf;
    device_add_ok("test-ctrl,id=c8");
    leaf = device_add_ok("test-leaf,bus=c8.0");
    ck_assert_int_eq(((TestLeaf *)leaf)->reset_count, 0);
    qemu_devices_reset();
    ck_assert_int_eq(((TestLeaf *)leaf)->reset_count, 1);
}
END_TEST

START_TEST(test_qtree_shows_devices_props_and_buses)
{
    GString *out = g_string_new(NULL);
    device_add_ok("test-ctrl,id=c9");
    device_add_ok("test-leaf,id=leafy,bus=c9.0,label=hello");
    qdev_print_tree(out);
    ck_assert_ptr_nonnull(strstr(out->str, "bus: main-system-bus\n  type System\n"));
    ck_assert_ptr_nonnull(strstr(out->str, "  dev: test-ctrl, id \"c9\"\n"));
    ck_assert_ptr_nonnull(strstr(out->str, "    bus: c9.0\n      type test-bus\n"));
    ck_assert_ptr_nonnull(strstr(out->str, "      dev: test-leaf, id \"leafy\"\n"));
    ck_assert_ptr_nonnull(strstr(out->str, "        label = \"hello\"\n"));
    ck_assert_ptr_nonnull(strstr(out->str, "        small = 5 (0x5)\n"));
    ck_assert_ptr_nonnull(strstr(out->str, "        flag = true\n"));
    g_string_free(out, TRUE);
}
END_TEST

START_TEST(test_device_help_lists_properties_with_defaults)
{
    GString *out = g_string_new(NULL);
    Error *err = NULL;

    ck_assert(qdev_device_help("test-leaf", out, &error_fatal));
    ck_assert_ptr_nonnull(strstr(out->str, "test-leaf options:\n"));
    ck_assert_ptr_nonnull(strstr(out->str, "  small=<uint8>"));
    ck_assert_ptr_nonnull(strstr(out->str, "(default: 5)"));
    g_string_truncate(out, 0);
    qdev_device_help_list(out);
    {
        /* Listed under its category, which real storage devices share. */
        const char *cat = strstr(out->str, "Storage devices:\n");
        const char *leaf = strstr(out->str, "name \"test-leaf\", bus test-bus, "
                                  "desc \"a test leaf\"\n");

        ck_assert_ptr_nonnull(cat);
        ck_assert_ptr_nonnull(leaf);
        ck_assert(cat < leaf);
        ck_assert_ptr_null(memmem(cat, leaf - cat, "\n\n", 2));
    }
    ck_assert(!qdev_device_help("nothing-here", out, &err));
    error_free(err);
    g_string_free(out, TRUE);
}
END_TEST

START_TEST(test_device_del_unplugs_and_frees_id)
{
    DeviceState *ctrl = device_add_ok("test-ctrl,id=c10");
    BusState *bus = ((TestCtrl *)ctrl)->bus;
    DeviceState *leaf = device_add_ok("test-leaf,id=gone,bus=c10.0");

    ck_assert_ptr_eq(qdev_find_recursive_path("gone"), leaf);
    qdev_destroy(leaf);
    ck_assert_ptr_null(qdev_find_by_id("gone"));
    ck_assert_int_eq(bus->num_children, 0);
    /* Destroying a controller takes its bus and devices with it. */
    device_add_ok("test-leaf,id=gone,bus=c10.0");
    qdev_destroy(ctrl);
    ck_assert_ptr_null(qdev_find_by_id("gone"));
    ck_assert_ptr_null(qdev_find_by_id("c10"));
}
END_TEST

static Suite *qdev_suite(void)
{
    Suite *s = suite_create("qdev");
    TCase *tc = tcase_create("core");

    /* Each test runs in its own forked process: a fresh device tree. */
    tcase_add_test(tc, test_static_property_defaults);
    tcase_add_test(tc, test_property_parsers_accept_qemu_syntax);
    tcase_add_test(tc, test_property_parsers_reject_bad_values);
    tcase_add_test(tc, test_set_after_realize_is_refused);
    tcase_add_test(tc, test_bus_named_after_parent_id);
    tcase_add_test(tc, test_device_path_comes_from_bus);
    tcase_add_test(tc, test_device_add_errors_name_the_offender);
    tcase_add_test(tc, test_failed_device_leaves_no_trace);
    tcase_add_test(tc, test_full_bus_is_refused_and_free_bus_found);
    tcase_add_test(tc, test_json_device_syntax);
    tcase_add_test(tc, test_globals_apply_to_subtypes_and_user_wins);
    tcase_add_test(tc, test_bad_global_fails_realize_with_reason);
    tcase_add_test(tc, test_global_syntax_errors);
    tcase_add_test(tc, test_reset_reaches_devices_below_buses);
    tcase_add_test(tc, test_qtree_shows_devices_props_and_buses);
    tcase_add_test(tc, test_device_help_lists_properties_with_defaults);
    tcase_add_test(tc, test_device_del_unplugs_and_frees_id);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(qdev_suite());
    int failed;

    memory_init();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
