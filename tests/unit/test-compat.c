/*
 * Unit tests for versioned machine types: the virt family's compat chain,
 * compat props reaching board-created devices, -global overriding them,
 * validation of compat props, and seed 000's transport addresses in
 * device paths.
 */
#include "qemu/osdep.h"
#include <check.h>
#include "hw/boards.h"
#include "hw/arm/virt.h"
#include "hw/virtio/virtio-mmio.h"
#include "hw/qdev-properties.h"
#include "qemu/option.h"

#define TYPE_TEST_VIRTIO_DEV "test-virtio-dev"

static void test_virtio_dev_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);
    dc->bus_type = TYPE_VIRTIO_BUS;
    dc->user_creatable = true;
}

/* A machine whose compat list names a property virtio-mmio does not have. */
static GlobalProperty broken_compat[] = {
    { "virtio-mmio", "no-such-property", "on" },
};

static void broken_machine_class_init(ObjectClass *oc, void *data)
{
    MachineClass *mc = MACHINE_CLASS(oc);
    mc->desc = "test machine with a bad compat prop";
    compat_props_add(mc->compat_props, broken_compat, 1);
}

static const TypeInfo compat_test_types[] = {
    { .name = TYPE_TEST_VIRTIO_DEV, .parent = TYPE_DEVICE, .instance_size = sizeof(DeviceState),
      .class_init = test_virtio_dev_class_init },
    { .name = MACHINE_TYPE_NAME("test-broken"), .parent = TYPE_MACHINE,
      .class_init = broken_machine_class_init },
};
DEFINE_TYPES(compat_test_types)

static VirtMachineState *start_virt(const char *name)
{
    MachineClass *mc = machine_find_class(name);
    MachineState *ms;

    ck_assert_msg(mc != NULL, "machine %s missing", name);
    ms = machine_create(mc, &error_fatal);
    ck_assert(machine_run_board_init(ms, &error_fatal));
    return VIRT_MACHINE(ms);
}

static bool transport_formats_address(VirtMachineState *vms, int i)
{
    return object_property_get_bool(OBJECT(vms->virtio_mmio[i]), "format_transport_address",
                                    &error_fatal);
}

static DeviceState *add_device(const char *str)
{
    QemuOpts *opts = qemu_opts_parse(str, "driver", &error_fatal);
    DeviceState *dev = qdev_device_add(opts, false, &error_fatal);
    qemu_opts_del(opts);
    return dev;
}

START_TEST(test_virt_2_6_compat_prop_reaches_board_device)
{
    VirtMachineState *vms = start_virt("virt-2.6");
    for (int i = 0; i < NUM_VIRTIO_TRANSPORTS; i++) {
        ck_assert(!transport_formats_address(vms, i));
    }
}
END_TEST

START_TEST(test_newer_virt_does_not_apply_2_6_compat)
{
    VirtMachineState *vms = start_virt("virt-2.7");
    ck_assert(transport_formats_address(vms, 0));
}
END_TEST

START_TEST(test_virt_alias_is_newest)
{
    MachineClass *alias = machine_find_class("virt");
    ck_assert_ptr_nonnull(alias);
    ck_assert_str_eq(alias->name, "virt-7.2");
    ck_assert_int_eq(alias->compat_props->len, 0);
    ck_assert_ptr_null(machine_find_class("virt-2.5"));
}
END_TEST

START_TEST(test_user_global_overrides_compat_prop)
{
    VirtMachineState *vms;
    ck_assert(qdev_global_parse("virtio-mmio.format_transport_address=on", &error_fatal));
    vms = start_virt("virt-2.6");
    ck_assert(transport_formats_address(vms, 5));
}
END_TEST

START_TEST(test_compat_chain_accumulates_older_releases)
{
    MachineClass *v26 = machine_find_class("virt-2.6");
    MachineClass *v27 = machine_find_class("virt-2.7");
    MachineClass *v71 = machine_find_class("virt-7.1");
    /* 2.6 carries every release's list since, plus its own. */
    ck_assert_uint_eq(v26->compat_props->len, v27->compat_props->len + hw_compat_2_6_len);
    ck_assert_uint_eq(v71->compat_props->len, hw_compat_7_1_len);
}
END_TEST

START_TEST(test_every_machine_has_valid_compat_props)
{
    GSList *list = machine_class_get_list();
    for (GSList *e = list; e; e = e->next) {
        MachineClass *mc = e->data;
        Error *err = NULL;
        if (!strcmp(mc->name, "test-broken")) {
            continue;
        }
        ck_assert_msg(machine_class_check_compat_props(mc, &err), "%s: %s", mc->name,
                      err ? error_get_pretty(err) : "");
    }
    g_slist_free(list);
}
END_TEST

START_TEST(test_compat_prop_naming_missing_property_is_caught_at_start)
{
    MachineClass *mc = machine_find_class("test-broken");
    Error *err = NULL;
    ck_assert_ptr_null(machine_create(mc, &err));
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "virtio-mmio.no-such-property"));
    error_free(err);
}
END_TEST

START_TEST(test_first_virtio_device_lands_on_highest_transport)
{
    DeviceState *a, *b;
    char *pa, *pb;

    start_virt("virt-2.7");
    a = add_device("test-virtio-dev,id=scsi0");
    b = add_device("test-virtio-dev,id=scsi1");
    pa = qdev_get_dev_path(a);
    pb = qdev_get_dev_path(b);
    ck_assert_str_eq(pa, "virtio-mmio@000000000a003e00");
    ck_assert_str_eq(pb, "virtio-mmio@000000000a003c00");
    g_free(pa);
    g_free(pb);
}
END_TEST

START_TEST(test_virt_2_6_transports_give_no_address)
{
    DeviceState *a, *b;

    start_virt("virt-2.6");
    a = add_device("test-virtio-dev");
    b = add_device("test-virtio-dev");
    /* Seed 000: both paths are empty, the clash the savevm engine must report. */
    ck_assert_ptr_null(qdev_get_dev_path(a));
    ck_assert_ptr_null(qdev_get_dev_path(b));
}
END_TEST

START_TEST(test_virtio_transport_is_full_with_one_device)
{
    DeviceState *a;
    Error *err = NULL;
    QemuOpts *opts;
    g_autofree char *busname = NULL;

    start_virt("virt");
    a = add_device("test-virtio-dev");
    busname = g_strdup(a->parent_bus->name);
    opts = qemu_opts_parse("test-virtio-dev", "driver", &error_fatal);
    qemu_opt_set(opts, "bus", busname);
    ck_assert_ptr_null(qdev_device_add(opts, false, &err));
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "is full"));
    error_free(err);
    qemu_opts_del(opts);
}
END_TEST

START_TEST(test_empty_transport_identifies_itself)
{
    uint32_t magic, version, devid, vendor;

    start_virt("virt");
    magic = address_space_ldl_le(&address_space_memory, 0x0a000000, MEMTXATTRS_UNSPECIFIED,
                                 NULL);
    version = address_space_ldl_le(&address_space_memory, 0x0a000004, MEMTXATTRS_UNSPECIFIED,
                                   NULL);
    devid = address_space_ldl_le(&address_space_memory, 0x0a000008, MEMTXATTRS_UNSPECIFIED,
                                 NULL);
    vendor = address_space_ldl_le(&address_space_memory, 0x0a00000c, MEMTXATTRS_UNSPECIFIED,
                                  NULL);
    ck_assert_uint_eq(magic, 0x74726976);
    ck_assert_uint_eq(version, 1);
    ck_assert_uint_eq(devid, 0);
    ck_assert_uint_eq(vendor, 0x554d4551);
}
END_TEST

START_TEST(test_virt_ram_is_mapped_at_1g_with_qemu_block_id)
{
    VirtMachineState *vms = start_virt("virt");
    MachineState *ms = MACHINE(vms);
    uint8_t byte = 0;

    ck_assert_str_eq(qemu_ram_get_idstr(memory_region_get_ram_block(ms->ram)),
                     "mach-virt.ram");
    address_space_stb(&address_space_memory, 0x40000010, 0x5a, MEMTXATTRS_UNSPECIFIED, NULL);
    address_space_read(&address_space_memory, 0x40000010, MEMTXATTRS_UNSPECIFIED, &byte, 1);
    ck_assert_uint_eq(byte, 0x5a);
    ck_assert_uint_eq(((uint8_t *)memory_region_get_ram_ptr(ms->ram))[0x10], 0x5a);
}
END_TEST

START_TEST(test_machine_help_lists_family_and_alias)
{
    GString *out = g_string_new(NULL);
    machine_help(out);
    ck_assert(g_str_has_prefix(out->str, "Supported machines are:\n"));
    ck_assert_ptr_nonnull(strstr(out->str, "virt-2.6             QEMU 2.6 ARM Virtual Machine\n"));
    ck_assert_ptr_nonnull(strstr(out->str, "virt                 QEMU 7.2 ARM Virtual Machine "
                                 "(alias of virt-7.2)\nvirt-7.2             QEMU 7.2 ARM "
                                 "Virtual Machine\n"));
    ck_assert_ptr_nonnull(strstr(out->str, "none                 empty machine\n"));
    ck_assert_ptr_null(machine_find_default());
    g_string_free(out, TRUE);
}
END_TEST

START_TEST(test_memory_and_smp_options)
{
    MachineState *ms = machine_create(machine_find_class("virt"), &error_fatal);
    Error *err = NULL;

    ck_assert_uint_eq(ms->ram_size, 128 << 20);
    ck_assert(machine_parse_memory(ms, "1024", &error_fatal));
    ck_assert_uint_eq(ms->ram_size, 1ull << 30);
    ck_assert(machine_parse_memory(ms, "size=2G", &error_fatal));
    ck_assert_uint_eq(ms->ram_size, 2ull << 30);
    ck_assert(!machine_parse_memory(ms, "lots", &err));
    error_free(err);
    err = NULL;
    ck_assert(machine_parse_smp(ms, "4", &error_fatal));
    ck_assert_uint_eq(ms->smp.cpus, 4);
    ck_assert_uint_eq(ms->smp.max_cpus, 4);
    ck_assert(machine_parse_smp(ms, "2,sockets=1,cores=2,threads=2,maxcpus=4", &error_fatal));
    ck_assert_uint_eq(ms->smp.cpus, 2);
    ck_assert_uint_eq(ms->smp.max_cpus, 4);
    ck_assert(!machine_parse_smp(ms, "1000", &err));
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "max CPUs supported by machine 'virt-7.2'"));
    error_free(err);
    err = NULL;
    ck_assert(!machine_parse_smp(ms, "2,sockets=3,cores=1,threads=1,maxcpus=2", &err));
    error_free(err);
}
END_TEST

static Suite *compat_suite(void)
{
    Suite *s = suite_create("compat");
    TCase *tc = tcase_create("virt");

    tcase_add_test(tc, test_virt_2_6_compat_prop_reaches_board_device);
    tcase_add_test(tc, test_newer_virt_does_not_apply_2_6_compat);
    tcase_add_test(tc, test_virt_alias_is_newest);
    tcase_add_test(tc, test_user_global_overrides_compat_prop);
    tcase_add_test(tc, test_compat_chain_accumulates_older_releases);
    tcase_add_test(tc, test_every_machine_has_valid_compat_props);
    tcase_add_test(tc, test_compat_prop_naming_missing_property_is_caught_at_start);
    tcase_add_test(tc, test_first_virtio_device_lands_on_highest_transport);
    tcase_add_test(tc, test_virt_2_6_transports_give_no_address);
    tcase_add_test(tc, test_virtio_transport_is_full_with_one_device);
    tcase_add_test(tc, test_empty_transport_identifies_itself);
    tcase_add_test(tc, test_virt_ram_is_mapped_at_1g_with_qemu_block_id);
    tcase_add_test(tc, test_machine_help_lists_family_and_alias);
    tcase_add_test(tc, test_memory_and_smp_options);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(compat_suite());
    int failed;

    memory_init();
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
