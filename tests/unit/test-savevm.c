/*
 * Unit tests for the section registry and the stream: seed 000 (device paths
 * that differ only by transport address, and the virt-2.6 clash that must
 * warn and block instead of aborting), seed 001 (explicit instance ids vs
 * automatic ids plus alias, both directions), seed 003 (a bad description
 * refused when the device is created), QEMU's stream layout, and every load
 * error: machine mismatch, unknown section, versions, bad footers, truncated
 * and bit-flipped streams.
 */
#include "qemu/osdep.h"
#include <check.h>
#include <signal.h>
#include "hw/boards.h"
#include "hw/qdev-properties.h"
#include "hw/virtio/virtio-bus.h"
#include "migration/vmstate.h"
#include "migration/misc.h"
#include "qemu/option.h"
#include "qemu/bswap.h"

#define ck_assert_contains(haystack, needle) \
    ck_assert_msg((haystack) && strstr((haystack), (needle)), "'%s' lacks '%s'", \
                  (haystack) ? (haystack) : "(null)", (needle))

/* ---- test devices ---- */

/* An HBA on the virtio bus whose child bus formats SCSI-like "0:0:0" paths. */
#define TYPE_TEST_HBA "test-hba"
#define TYPE_TEST_HBA_BUS "test-hba-bus"
#define TYPE_TEST_DISK "test-disk"
#define TYPE_TEST_REGS "test-regs"
#define TYPE_TEST_IOMMU "test-iommu"
#define TYPE_TEST_STUBBY "test-stubby"

typedef struct TestDisk {
    DeviceState parent_obj;
    uint32_t sector;
    uint8_t status;
} TestDisk;

static char *hba_bus_get_dev_path(DeviceState *dev)
{
    char *hba_path = qdev_get_dev_path(dev->parent_bus->parent);
    char *path = hba_path ? g_strdup_printf("%s/0:0:0", hba_path) : g_strdup("0:0:0");
    g_free(hba_path);
    return path;
}

static void hba_bus_class_init(ObjectClass *oc, void *data)
{
    BUS_CLASS(oc)->get_dev_path = hba_bus_get_dev_path;
}

static void hba_realize(DeviceState *dev, Error **errp)
{
    qbus_new(TYPE_TEST_HBA_BUS, dev, NULL);
}

static void hba_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    dc->bus_type = TYPE_VIRTIO_BUS;
    dc->realize = hba_realize;
    dc->user_creatable = true;
}

static const VMStateDescription vmstate_test_disk = {
    .name = "test-disk",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(sector, TestDisk),
        VMSTATE_UINT8(status, TestDisk),
        VMSTATE_END_OF_LIST()
    },
};

static void disk_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    dc->bus_type = TYPE_TEST_HBA_BUS;
    dc->vmsd = &vmstate_test_disk;
    dc->user_creatable = true;
}

/* A bus-less device with some registers. */
typedef struct TestRegs {
    DeviceState parent_obj;
    uint32_t ctrl;
    uint64_t counter;
} TestRegs;

static const VMStateDescription vmstate_test_regs = {
    .name = "test-regs",
    .version_id = 2,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(ctrl, TestRegs),
        VMSTATE_UINT64_V(counter, TestRegs, 2),
        VMSTATE_END_OF_LIST()
    },
};

static void regs_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    dc->vmsd = &vmstate_test_regs;
    dc->user_creatable = true;
}

/* Seed 001: a device that used explicit ids 0x80000000 + n before. */
typedef struct TestIommu {
    DeviceState parent_obj;
    uint32_t liobn;
    uint32_t window;
} TestIommu;

static const VMStateDescription vmstate_test_iommu = {
    .name = "spapr_iommu",
    .version_id = 2,
    .minimum_version_id = 2,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(window, TestIommu),
        VMSTATE_END_OF_LIST()
    },
};

static void iommu_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    dc->vmsd = &vmstate_test_iommu;
}

/* Seed 003: a device whose description nests a never-filled-in stub. */
static const VMStateDescription vmstate_pcihp_stub;

static bool hotplug_enabled(void *opaque, int version_id)
{
    return false;
}

typedef struct TestStubby {
    DeviceState parent_obj;
    uint32_t sci;
    uint32_t hotplug[2];
} TestStubby;

static const VMStateDescription vmstate_test_stubby = {
    .name = "PIIX4_PM",
    .version_id = 3,
    .minimum_version_id = 3,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(sci, TestStubby),
        VMSTATE_STRUCT_TEST(hotplug, TestStubby, hotplug_enabled, 2, vmstate_pcihp_stub,
                            uint32_t[2]),
        VMSTATE_END_OF_LIST()
    },
};

static void stubby_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    dc->vmsd = &vmstate_test_stubby;
    dc->user_creatable = true;
}

static const TypeInfo savevm_test_types[] = {
    { .name = TYPE_TEST_HBA_BUS, .parent = TYPE_BUS, .instance_size = sizeof(BusState),
      .class_init = hba_bus_class_init },
    { .name = TYPE_TEST_HBA, .parent = TYPE_DEVICE, .instance_size = sizeof(DeviceState),
      .class_init = hba_class_init },
    { .name = TYPE_TEST_DISK, .parent = TYPE_DEVICE, .instance_size = sizeof(TestDisk),
      .class_init = disk_class_init },
    { .name = TYPE_TEST_REGS, .parent = TYPE_DEVICE, .instance_size = sizeof(TestRegs),
      .class_init = regs_class_init },
    { .name = TYPE_TEST_IOMMU, .parent = TYPE_DEVICE, .instance_size = sizeof(TestIommu),
      .class_init = iommu_class_init },
    { .name = TYPE_TEST_STUBBY, .parent = TYPE_DEVICE, .instance_size = sizeof(TestStubby),
      .class_init = stubby_class_init },
};
DEFINE_TYPES(savevm_test_types)

/* ---- helpers ---- */

static MachineState *start_machine(const char *name)
{
    MachineClass *mc = machine_find_class(name);
    MachineState *ms;

    ck_assert_msg(mc != NULL, "machine %s missing", name);
    ms = machine_create(mc, &error_fatal);
    ck_assert(machine_run_board_init(ms, &error_fatal));
    return ms;
}

static DeviceState *add_device(const char *str, Error **errp)
{
    QemuOpts *opts = qemu_opts_parse(str, "driver", &error_fatal);
    DeviceState *dev = qdev_device_add(opts, false, errp);
    qemu_opts_del(opts);
    return dev;
}

static GString *captured;

static void capture_printer(void *opaque, const char *msg)
{
    g_string_append(captured, msg);
}

static void capture_start(void)
{
    captured = g_string_new(NULL);
    error_set_printer(capture_printer, NULL);
}

static char *capture_stop(void)
{
    error_set_printer(NULL, NULL);
    return g_string_free(captured, FALSE);
}

typedef struct Stream {
    uint8_t *data;
    size_t len;
} Stream;

static Stream save_all(void)
{
    QEMUFile *f = qemu_file_new_mem_output();
    Error *err = NULL;
    Stream s;
    const uint8_t *p;

    ck_assert_msg(qemu_savevm_state(f, &err) == 0, "%s", err ? error_get_pretty(err) : "");
    p = qemu_file_mem_output_data(f, &s.len);
    s.data = g_memdup2(p, s.len);
    qemu_fclose(f);
    return s;
}

/* Load bytes; returns the error message (caller frees) or NULL on success. */
static char *load_all(const uint8_t *data, size_t len)
{
    QEMUFile *f = qemu_file_new_mem_input(data, len);
    Error *err = NULL;
    char *msg = NULL;
    int ret = qemu_loadvm_state(f, &err);

    if (ret < 0) {
        ck_assert_msg(err != NULL, "load failed (%d) without a message", ret);
        msg = g_strdup(error_get_pretty(err));
        ck_assert_msg(msg[0], "empty error message");
        error_free(err);
    } else {
        ck_assert_ptr_null(err);
    }
    qemu_fclose(f);
    return msg;
}

static ssize_t find_bytes(const Stream *s, const void *needle, size_t n)
{
    for (size_t i = 0; i + n <= s->len; i++) {
        if (!memcmp(s->data + i, needle, n)) {
            return i;
        }
    }
    return -1;
}

/* ---- seed 000 ---- */

START_TEST(test_transport_address_gives_distinct_section_ids)
{
    DeviceState *d0, *d1;
    TestDisk *t0, *t1;
    Stream s;
    char *err;

    start_machine("virt-2.7");
    add_device("test-hba,id=scsi0", &error_fatal);
    add_device("test-hba,id=scsi1", &error_fatal);
    d0 = add_device("test-disk,bus=scsi0.0", &error_fatal);
    d1 = add_device("test-disk,bus=scsi1.0", &error_fatal);
    ck_assert(!migration_is_blocked(NULL));

    t0 = (TestDisk *)d0;
    t1 = (TestDisk *)d1;
    t0->sector = 100;
    t1->sector = 200;
    s = save_all();
    ck_assert_int_ge(find_bytes(&s, "virtio-mmio@000000000a003e00/0:0:0/test-disk", 44), 0);
    ck_assert_int_ge(find_bytes(&s, "virtio-mmio@000000000a003c00/0:0:0/test-disk", 44), 0);
    t0->sector = t1->sector = 0;
    err = load_all(s.data, s.len);
    ck_assert_msg(!err, "%s", err);
    /* Each disk gets its own state back, not the other's. */
    ck_assert_uint_eq(t0->sector, 100);
    ck_assert_uint_eq(t1->sector, 200);
    g_free(s.data);
}
END_TEST

START_TEST(test_same_device_path_warns_and_blocks_instead_of_aborting)
{
    Error *err = NULL;
    char *warning;

    start_machine("virt-2.6");
    add_device("test-hba,id=scsi0", &error_fatal);
    add_device("test-hba,id=scsi1", &error_fatal);
    add_device("test-disk,id=d0,bus=scsi0.0", &error_fatal);
    capture_start();
    /* The machine keeps going: the second disk is created. */
    ck_assert_ptr_nonnull(add_device("test-disk,id=d1,bus=scsi1.0", &error_fatal));
    warning = capture_stop();
    ck_assert_contains(warning, "warning: section '0:0:0/test-disk' of device 'd1'");
    ck_assert_contains(warning, "device 'd0'");
    g_free(warning);

    ck_assert(migration_is_blocked(&err));
    ck_assert_contains(error_get_pretty(err), "'0:0:0/test-disk'");
    ck_assert_contains(error_get_pretty(err), "migration is disabled");
    error_free(err);
    err = NULL;
    ck_assert(!migration_start_outgoing("file:/dev/null", &err));
    ck_assert_contains(error_get_pretty(err), "'0:0:0/test-disk'");
    error_free(err);
    ck_assert_int_eq(migration_is_active(), false);
}
END_TEST

START_TEST(test_unplugging_the_clashing_device_lifts_the_blocker)
{
    DeviceState *d1;

    start_machine("virt-2.6");
    add_device("test-hba,id=scsi0", &error_fatal);
    add_device("test-hba,id=scsi1", &error_fatal);
    add_device("test-disk,bus=scsi0.0", &error_fatal);
    capture_start();
    d1 = add_device("test-disk,bus=scsi1.0", &error_fatal);
    g_free(capture_stop());
    ck_assert(migration_is_blocked(NULL));
    qdev_unrealize(d1);
    ck_assert(!migration_is_blocked(NULL));
}
END_TEST

/* ---- seed 001 ---- */

static TestIommu old_iommus[2];

static void register_old_form(void)
{
    if (!current_machine) {
        start_machine("none");
    }
    for (int i = 0; i < 2; i++) {
        ck_assert_int_eq(vmstate_register(NULL, 0x80000000u + i, &vmstate_test_iommu,
                                          &old_iommus[i]), 0);
    }
}

static void unregister_old_form(void)
{
    for (int i = 0; i < 2; i++) {
        vmstate_unregister(NULL, &vmstate_test_iommu, &old_iommus[i]);
    }
}

static TestIommu *new_form[2];

static void create_new_form(void)
{
    if (!current_machine) {
        start_machine("none");
    }
    for (int i = 0; i < 2; i++) {
        DeviceState *dev = qdev_new(TYPE_TEST_IOMMU);
        qdev_set_legacy_instance_id(dev, 0x80000000 + i, 2);
        ck_assert(qdev_realize(dev, NULL, &error_fatal));
        new_form[i] = (TestIommu *)dev;
    }
}

static void destroy_new_form(void)
{
    for (int i = 0; i < 2; i++) {
        qdev_unrealize(DEVICE(new_form[i]));
    }
}

START_TEST(test_old_explicit_ids_load_into_auto_ids_with_alias)
{
    Stream s;
    char *err;

    register_old_form();
    old_iommus[0].window = 0xaaaa;
    old_iommus[1].window = 0xbbbb;
    s = save_all();
    ck_assert_int_ge(find_bytes(&s, "\x0bspapr_iommu\x80\x00\x00\x01", 16), 0);
    unregister_old_form();

    create_new_form();
    err = load_all(s.data, s.len);
    ck_assert_msg(!err, "%s", err);
    ck_assert_uint_eq(new_form[0]->window, 0xaaaa);
    ck_assert_uint_eq(new_form[1]->window, 0xbbbb);
    g_free(s.data);
}
END_TEST

START_TEST(test_new_form_to_old_needs_legacy_ids)
{
    Stream s;
    char *err;

    create_new_form();
    new_form[0]->window = 0x1111;
    new_form[1]->window = 0x2222;
    s = save_all();
    destroy_new_form();
    register_old_form();
    /* What QEMU does: the old destination does not know instance 0. */
    err = load_all(s.data, s.len);
    ck_assert_str_eq(err, "Unknown savevm section or instance 'spapr_iommu' 0. Make sure "
                     "that your current VM setup matches your saved VM setup, including "
                     "any hotplugged devices");
    g_free(err);
    g_free(s.data);
}
END_TEST

START_TEST(test_legacy_id_mode_makes_new_to_old_work)
{
    Stream s;
    char *err;

    create_new_form();
    new_form[0]->window = 0x1111;
    new_form[1]->window = 0x2222;
    vmstate_send_legacy_instance_ids("spapr_iommu");
    s = save_all();
    ck_assert_int_ge(find_bytes(&s, "\x0bspapr_iommu\x80\x00\x00\x00", 16), 0);

    /* The same stream loads into the new form (by alias) ... */
    new_form[0]->window = new_form[1]->window = 0;
    err = load_all(s.data, s.len);
    ck_assert_msg(!err, "%s", err);
    ck_assert_uint_eq(new_form[0]->window, 0x1111);
    ck_assert_uint_eq(new_form[1]->window, 0x2222);

    /* ... and into the old form (by instance id). */
    destroy_new_form();
    register_old_form();
    err = load_all(s.data, s.len);
    ck_assert_msg(!err, "%s", err);
    ck_assert_uint_eq(old_iommus[0].window, 0x1111);
    ck_assert_uint_eq(old_iommus[1].window, 0x2222);
    g_free(s.data);
}
END_TEST

START_TEST(test_legacy_name_lookup_by_plain_vmsd_name)
{
    TestDisk *disk;
    Stream s;
    char *err;
    TestDisk plain = { .sector = 77, .status = 3 };

    start_machine("virt-2.7");
    ck_assert_int_eq(vmstate_register(NULL, 0, &vmstate_test_disk, &plain), 0);
    s = save_all();
    vmstate_unregister(NULL, &vmstate_test_disk, &plain);
    add_device("test-hba,id=scsi0", &error_fatal);
    disk = (TestDisk *)add_device("test-disk,bus=scsi0.0", &error_fatal);
    err = load_all(s.data, s.len);
    ck_assert_msg(!err, "%s", err);
    ck_assert_uint_eq(disk->sector, 77);
    ck_assert_uint_eq(disk->status, 3);
    g_free(s.data);
}
END_TEST

/* ---- seed 003 ---- */

START_TEST(test_device_with_stub_description_fails_at_creation)
{
    Error *err = NULL;

    start_machine("none");
    ck_assert_ptr_null(add_device("test-stubby", &err));
    ck_assert_ptr_nonnull(err);
    ck_assert_contains(error_get_pretty(err), "vmstate 'PIIX4_PM' field 'hotplug'");
    ck_assert_contains(error_get_pretty(err), "no name and no fields");
    error_free(err);
}
END_TEST

START_TEST(test_unmigratable_description_blocks_migration)
{
    static const VMStateDescription unmig = { .name = "not-here", .unmigratable = true };
    static int dummy;
    Error *err = NULL;

    ck_assert_int_eq(vmstate_register(NULL, 0, &unmig, &dummy), 0);
    ck_assert(migration_is_blocked(&err));
    ck_assert_str_eq(error_get_pretty(err), "State blocked by non-migratable device "
                     "'not-here'");
    error_free(err);
    vmstate_unregister(NULL, &unmig, &dummy);
    ck_assert(!migration_is_blocked(NULL));
}
END_TEST

START_TEST(test_migrate_lists_every_blocker)
{
    Error *a = NULL, *b = NULL, *err = NULL;
    QEMUFile *f;

    error_setg(&a, "device A cannot migrate");
    error_setg(&b, "device B cannot migrate");
    ck_assert(migrate_add_blocker(a, &error_fatal));
    ck_assert(migrate_add_blocker(b, &error_fatal));
    ck_assert(!migration_start_outgoing("file:/dev/null", &err));
    ck_assert_str_eq(error_get_pretty(err), "device A cannot migrate; device B cannot migrate");
    error_free(err);
    err = NULL;
    f = qemu_file_new_mem_output();
    ck_assert_int_lt(qemu_savevm_state(f, &err), 0);
    ck_assert_contains(error_get_pretty(err), "device B");
    error_free(err);
    qemu_fclose(f);
    migrate_del_blocker(a);
    migrate_del_blocker(b);
    ck_assert(!migration_is_blocked(NULL));
    error_free(a);
    error_free(b);
}
END_TEST

/* ---- stream format ---- */

START_TEST(test_stream_has_qemu_header_configuration_sections_and_vmdesc)
{
    TestRegs *regs;
    Stream s;
    static const uint8_t header[] = {
        'Q', 'E', 'V', 'M', 0, 0, 0, 3,
        0x07, 0, 0, 0, 4, 'n', 'o', 'n', 'e',
        0x05, 30, 'c', 'o', 'n', 'f', 'i', 'g', 'u', 'r', 'a', 't', 'i', 'o', 'n', '/',
        't', 'a', 'r', 'g', 'e', 't', '-', 'p', 'a', 'g', 'e', '-', 'b', 'i', 't', 's',
        0, 0, 0, 1, 0, 0, 0, 12,
    };
    ssize_t at, eof;
    uint32_t section_id, json_len;
    g_autoptr(JsonParser) parser = json_parser_new();
    JsonObject *root;
    JsonArray *devices;
    bool found = false;

    start_machine("none");
    regs = (TestRegs *)add_device("test-regs", &error_fatal);
    regs->ctrl = 0x01020304;
    regs->counter = 5;
    s = save_all();
    ck_assert_mem_eq(s.data, header, sizeof(header));

    /* FULL section: type, id, name, instance, version, fields, footer. */
    at = find_bytes(&s, "\x09test-regs", 10);
    ck_assert_int_gt(at, 5);
    ck_assert_uint_eq(s.data[at - 5], 0x04);
    section_id = ldl_be_p(s.data + at - 4);
    ck_assert_mem_eq(s.data + at + 10, "\0\0\0\0" "\0\0\0\x02" "\x01\x02\x03\x04"
                     "\0\0\0\0\0\0\0\x05" "\x7e", 21);
    ck_assert_uint_eq(ldl_be_p(s.data + at + 31), section_id);

    /* EOF, then the JSON description of what was sent. */
    eof = s.len;
    for (size_t i = 0; i + 5 < s.len; i++) {
        if (s.data[i] == 0x00 && s.data[i + 1] == 0x06 && s.data[i + 6] == '{') {
            eof = i;
            break;
        }
    }
    ck_assert_int_lt(eof, s.len);
    json_len = ldl_be_p(s.data + eof + 2);
    ck_assert_uint_eq(eof + 6 + json_len, s.len);
    ck_assert(json_parser_load_from_data(parser, (char *)s.data + eof + 6, json_len, NULL));
    root = json_node_get_object(json_parser_get_root(parser));
    ck_assert_int_eq(json_object_get_int_member(root, "page_size"), 4096);
    devices = json_object_get_array_member(root, "devices");
    for (guint i = 0; i < json_array_get_length(devices); i++) {
        JsonObject *d = json_array_get_object_element(devices, i);
        if (!strcmp(json_object_get_string_member(d, "name"), "test-regs")) {
            JsonArray *fields = json_object_get_array_member(d, "fields");
            JsonObject *f1 = json_array_get_object_element(fields, 1);
            ck_assert_str_eq(json_object_get_string_member(d, "vmsd_name"), "test-regs");
            ck_assert_int_eq(json_object_get_int_member(d, "version"), 2);
            ck_assert_str_eq(json_object_get_string_member(f1, "name"), "counter");
            ck_assert_str_eq(json_object_get_string_member(f1, "type"), "uint64");
            ck_assert_int_eq(json_object_get_int_member(f1, "size"), 8);
            found = true;
        }
    }
    ck_assert(found);
    g_free(s.data);
}
END_TEST

START_TEST(test_round_trip_restores_device_state)
{
    TestRegs *regs;
    Stream s;
    char *err;

    start_machine("none");
    regs = (TestRegs *)add_device("test-regs", &error_fatal);
    regs->ctrl = 7;
    regs->counter = 1ull << 50;
    s = save_all();
    regs->ctrl = 0;
    regs->counter = 0;
    err = load_all(s.data, s.len);
    ck_assert_msg(!err, "%s", err);
    ck_assert_uint_eq(regs->ctrl, 7);
    ck_assert(regs->counter == 1ull << 50);
    g_free(s.data);
}
END_TEST

START_TEST(test_machine_type_mismatch_names_both)
{
    Stream s;
    ssize_t at;
    char *err;

    start_machine("virt-2.7");
    s = save_all();
    at = find_bytes(&s, "virt-2.7", 8);
    ck_assert_int_gt(at, 0);
    s.data[at + 7] = '6';
    err = load_all(s.data, s.len);
    ck_assert_str_eq(err, "Machine type received is 'virt-2.6' and local is 'virt-2.7'");
    g_free(err);
    g_free(s.data);
}
END_TEST

START_TEST(test_unknown_section_uses_qemu_wording)
{
    Stream s;
    char *err;

    start_machine("none");
    add_device("test-regs,id=r0", &error_fatal);
    add_device("test-regs,id=r1", &error_fatal);
    s = save_all();
    qdev_unrealize(qdev_find_by_id("r1"));
    err = load_all(s.data, s.len);
    ck_assert_str_eq(err, "Unknown savevm section or instance 'test-regs' 1. Make sure that "
                     "your current VM setup matches your saved VM setup, including any "
                     "hotplugged devices");
    g_free(err);
    g_free(s.data);
}
END_TEST

static const VMStateDescription vmstate_test_regs_v1 = {
    .name = "test-regs",
    .version_id = 1,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(ctrl, TestRegs),
        VMSTATE_END_OF_LIST()
    },
};

START_TEST(test_section_version_newer_than_local_is_refused)
{
    TestRegs old_regs = { 0 };
    Stream s;
    char *err;

    start_machine("none");
    add_device("test-regs,id=r", &error_fatal);
    s = save_all();
    /* The destination only knows version 1 of the section. */
    qdev_unrealize(qdev_find_by_id("r"));
    ck_assert_int_eq(vmstate_register(NULL, 0, &vmstate_test_regs_v1, &old_regs), 0);
    err = load_all(s.data, s.len);
    ck_assert_str_eq(err, "savevm: unsupported version 2 for 'test-regs' v1");
    g_free(err);
    g_free(s.data);
}
END_TEST

START_TEST(test_bad_footers_are_reported)
{
    Stream s;
    ssize_t at;
    char *err;

    start_machine("none");
    add_device("test-regs", &error_fatal);
    s = save_all();
    at = find_bytes(&s, "\x09test-regs", 10);
    ck_assert_int_gt(at, 0);
    /* Footer byte at +30, its section id right after. */
    s.data[at + 31 + 3] ^= 0x40;
    err = load_all(s.data, s.len);
    ck_assert_contains(err, "Mismatched section id in footer for test-regs -- read 0x");
    g_free(err);
    s.data[at + 31 + 3] ^= 0x40;
    s.data[at + 30] = 0x11;
    err = load_all(s.data, s.len);
    ck_assert_str_eq(err, "Missing section footer for test-regs");
    g_free(err);
    g_free(s.data);
}
END_TEST

START_TEST(test_header_errors_use_qemu_wording)
{
    static const uint8_t not_qevm[] = { 'Q', 'E', 'V', 'X', 0, 0, 0, 3 };
    static const uint8_t v2[] = { 'Q', 'E', 'V', 'M', 0, 0, 0, 2 };
    static const uint8_t v9[] = { 'Q', 'E', 'V', 'M', 0, 0, 0, 9 };
    static const uint8_t noconf[] = { 'Q', 'E', 'V', 'M', 0, 0, 0, 3, 0x04 };
    static const uint8_t badtype[] = { 'Q', 'E', 'V', 'M', 0, 0, 0, 3, 0x07, 0, 0, 0, 4,
                                       'n', 'o', 'n', 'e', 0x42 };
    char *err;

    start_machine("none");
    err = load_all(not_qevm, sizeof(not_qevm));
    ck_assert_str_eq(err, "Not a migration stream");
    g_free(err);
    err = load_all(v2, sizeof(v2));
    ck_assert_str_eq(err, "SaveVM v2 format is obsolete and don't work anymore");
    g_free(err);
    err = load_all(v9, sizeof(v9));
    ck_assert_str_eq(err, "Unsupported migration stream version");
    g_free(err);
    err = load_all(noconf, sizeof(noconf));
    ck_assert_str_eq(err, "Configuration section missing");
    g_free(err);
    err = load_all(badtype, sizeof(badtype));
    ck_assert_str_eq(err, "Unknown savevm section type 66");
    g_free(err);
}
END_TEST

static size_t eof_offset(const Stream *s)
{
    /* The vmdesc is the last thing: EOF (0) then 0x06 and a be32 length. */
    for (size_t i = 0; i + 6 <= s->len; i++) {
        if (s->data[i] == 0 && s->data[i + 1] == 0x06 &&
            i + 6 + ldl_be_p(s->data + i + 2) == s->len) {
            return i;
        }
    }
    ck_abort_msg("no EOF marker");
    return 0;
}

START_TEST(test_every_truncation_is_a_clear_error)
{
    Stream s;
    size_t eof;

    start_machine("none");
    add_device("test-regs", &error_fatal);
    add_device("test-regs", &error_fatal);
    s = save_all();
    eof = eof_offset(&s);
    for (size_t len = 0; len < s.len; len++) {
        char *err = load_all(s.data, len);
        if (len <= eof) {
            ck_assert_msg(err != NULL, "cut at %zu of %zu loaded", len, s.len);
            ck_assert_contains(err, "truncated");
        } else {
            /* Only the optional description is missing. */
            ck_assert_msg(err == NULL, "cut at %zu in the vmdesc: %s", len, err);
        }
        g_free(err);
    }
    g_free(s.data);
}
END_TEST

START_TEST(test_bit_flips_never_crash)
{
    Stream s;
    size_t eof;
    int errors = 0;

    start_machine("none");
    add_device("test-regs", &error_fatal);
    s = save_all();
    eof = eof_offset(&s);
    for (size_t i = 0; i <= eof; i++) {
        for (int bit = 0; bit < 8; bit++) {
            char *err;
            s.data[i] ^= 1 << bit;
            err = load_all(s.data, s.len);
            errors += err != NULL;
            g_free(err);
            s.data[i] ^= 1 << bit;
        }
    }
    /* Flips in headers, ids, names and lengths are all caught. */
    ck_assert_int_gt(errors, (int)(eof * 8 / 2));
    g_free(s.data);
}
END_TEST

START_TEST(test_dump_vmstate_writes_every_description)
{
    g_autofree char *path = g_strdup_printf("/tmp/test-savevm-dump-%d.json", getpid());
    g_autoptr(JsonParser) parser = json_parser_new();
    JsonObject *root, *regs, *desc;
    JsonArray *fields;
    Error *err = NULL;

    start_machine("none");
    add_device("test-regs", &error_fatal);
    ck_assert_msg(dump_vmstate_json(path, &err), "%s", err ? error_get_pretty(err) : "");
    ck_assert(json_parser_load_from_file(parser, path, NULL));
    unlink(path);
    root = json_node_get_object(json_parser_get_root(parser));
    ck_assert_str_eq(json_object_get_string_member(
                         json_object_get_object_member(root, "vmschkmachine"), "Name"), "none");
    ck_assert(json_object_has_member(root, "globalstate"));
    regs = json_object_get_object_member(root, "test-regs");
    ck_assert_int_eq(json_object_get_int_member(regs, "version_id"), 2);
    desc = json_object_get_object_member(regs, "Description");
    fields = json_object_get_array_member(desc, "Fields");
    ck_assert_uint_eq(json_array_get_length(fields), 2);
    ck_assert_str_eq(json_object_get_string_member(json_array_get_object_element(fields, 1),
                                                   "field"), "counter");
    ck_assert_int_eq(json_object_get_int_member(json_array_get_object_element(fields, 1),
                                                "version_id"), 2);
    ck_assert(!dump_vmstate_json("/nonexistent-dir/x.json", &err));
    ck_assert_contains(error_get_pretty(err), "Could not open '/nonexistent-dir/x.json'");
    error_free(err);
}
END_TEST

START_TEST(test_register_rejects_invalid_description_by_name)
{
    static const VMStateDescription no_fields = { .name = "lonely", .version_id = 1 };
    static int dummy;
    Error *err = NULL;

    ck_assert_int_lt(vmstate_register_with_alias_id(NULL, 0, &no_fields, &dummy, -1, 0, &err),
                     0);
    ck_assert_contains(error_get_pretty(err), "vmstate 'lonely'");
    error_free(err);
}
END_TEST

static Suite *savevm_suite(void)
{
    Suite *s = suite_create("savevm");
    TCase *seeds = tcase_create("seeds");
    TCase *stream = tcase_create("stream");

    tcase_add_test(seeds, test_transport_address_gives_distinct_section_ids);
    tcase_add_test(seeds, test_same_device_path_warns_and_blocks_instead_of_aborting);
    tcase_add_test(seeds, test_unplugging_the_clashing_device_lifts_the_blocker);
    tcase_add_test(seeds, test_old_explicit_ids_load_into_auto_ids_with_alias);
    tcase_add_test(seeds, test_new_form_to_old_needs_legacy_ids);
    tcase_add_test(seeds, test_legacy_id_mode_makes_new_to_old_work);
    tcase_add_test(seeds, test_legacy_name_lookup_by_plain_vmsd_name);
    tcase_add_test(seeds, test_device_with_stub_description_fails_at_creation);
    tcase_add_test(seeds, test_unmigratable_description_blocks_migration);
    tcase_add_test(seeds, test_migrate_lists_every_blocker);
    suite_add_tcase(s, seeds);

    tcase_add_test(stream, test_stream_has_qemu_header_configuration_sections_and_vmdesc);
    tcase_add_test(stream, test_round_trip_restores_device_state);
    tcase_add_test(stream, test_machine_type_mismatch_names_both);
    tcase_add_test(stream, test_unknown_section_uses_qemu_wording);
    tcase_add_test(stream, test_section_version_newer_than_local_is_refused);
    tcase_add_test(stream, test_bad_footers_are_reported);
    tcase_add_test(stream, test_header_errors_use_qemu_wording);
    tcase_add_test(stream, test_every_truncation_is_a_clear_error);
    tcase_add_test(stream, test_bit_flips_never_crash);
    tcase_add_test(stream, test_dump_vmstate_writes_every_description);
    tcase_add_test(stream, test_register_rejects_invalid_description_by_name);
    tcase_set_timeout(stream, 120);
    suite_add_tcase(s, stream);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(savevm_suite());
    int failed;

    signal(SIGPIPE, SIG_IGN);
    memory_init();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
