/*
 * Unit tests for the guest image loaders: ELF of both classes and byte
 * orders, bss zeroing, raw images, and every kind of corrupt image.
 */
#include "qemu/osdep.h"
#include <check.h>
#include "hw/loader.h"
#include "qemu/bswap.h"

static MemoryRegion ram;

static void setup_ram(void)
{
    memory_init();
    memory_region_init_ram(&ram, NULL, "test.ram", 0x10000, &error_fatal);
    memory_region_add_subregion(get_system_memory(), 0x40000000, &ram);
}

/* Build a one-segment ELF64 (or ELF32) image: code bytes plus bss. */
static GByteArray *make_elf(bool is64, bool be, uint64_t paddr, const uint8_t *code,
                            size_t len, size_t bss, uint16_t machine)
{
    size_t ehsize = is64 ? 64 : 52, phsize = is64 ? 56 : 32;
    GByteArray *a = g_byte_array_new();
    uint8_t hdr[64] = { 0x7f, 'E', 'L', 'F', is64 ? 2 : 1, be ? 2 : 1, 1 };
    uint8_t ph[56] = { 0 };
    uint64_t entry = paddr;

#define W16(buf, off, v) (be ? stw_be_p((buf) + (off), (v)) : stw_le_p((buf) + (off), (v)))
#define W32(buf, off, v) (be ? stl_be_p((buf) + (off), (v)) : stl_le_p((buf) + (off), (v)))
#define W64(buf, off, v) (be ? stq_be_p((buf) + (off), (v)) : stq_le_p((buf) + (off), (v)))
    W16(hdr, 16, 2);              /* ET_EXEC */
    W16(hdr, 18, machine);
    if (is64) {
        W64(hdr, 24, entry);
        W64(hdr, 32, ehsize);     /* phoff */
        W16(hdr, 54, phsize);
        W16(hdr, 56, 1);
        W32(ph, 0, 1);            /* PT_LOAD */
        W64(ph, 8, ehsize + phsize);
        W64(ph, 16, paddr);
        W64(ph, 24, paddr);
        W64(ph, 32, len);
        W64(ph, 40, len + bss);
    } else {
        W32(hdr, 24, entry);
        W32(hdr, 28, ehsize);
        W16(hdr, 42, phsize);
        W16(hdr, 44, 1);
        W32(ph, 0, 1);
        W32(ph, 4, ehsize + phsize);
        W32(ph, 8, paddr);
        W32(ph, 12, paddr);
        W32(ph, 16, len);
        W32(ph, 20, len + bss);
    }
    g_byte_array_append(a, hdr, ehsize);
    g_byte_array_append(a, ph, phsize);
    g_byte_array_append(a, code, len);
    return a;
}

static char *write_tmp(GByteArray *a)
{
    char *path = NULL;
    int fd = g_file_open_tmp("loader-XXXXXX", &path, NULL);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, a->data, a->len), (ssize_t)a->len);
    close(fd);
    return path;
}

static const uint8_t code[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };

static void check_elf(bool is64, bool be)
{
    GByteArray *a;
    char *path;
    ElfLoadInfo info;
    uint8_t buf[16];

    setup_ram();
    /* Pre-fill where the bss goes: loading must zero it. */
    memset(buf, 0xaa, sizeof(buf));
    address_space_write(&address_space_memory, 0x40001000, MEMTXATTRS_UNSPECIFIED, buf, 16);
    a = make_elf(is64, be, 0x40001000, code, sizeof(code), 8, EM_AARCH64);
    path = write_tmp(a);
    ck_assert(load_elf(&address_space_memory, path, EM_AARCH64, 0, &info, &error_fatal));
    ck_assert_uint_eq(info.entry, 0x40001000);
    ck_assert_uint_eq(info.lowaddr, 0x40001000);
    ck_assert_uint_eq(info.highaddr, 0x40001010);
    ck_assert(info.is_64bit == is64);
    ck_assert(info.big_endian == be);
    address_space_read(&address_space_memory, 0x40001000, MEMTXATTRS_UNSPECIFIED, buf, 16);
    ck_assert_mem_eq(buf, code, 8);
    for (int i = 8; i < 16; i++) {
        ck_assert_uint_eq(buf[i], 0);
    }
    unlink(path);
    g_free(path);
    g_byte_array_free(a, TRUE);
}

START_TEST(test_elf64_little_endian_loads_with_bss)
{
    check_elf(true, false);
}
END_TEST

START_TEST(test_elf64_big_endian_loads)
{
    check_elf(true, true);
}
END_TEST

START_TEST(test_elf32_both_orders_load)
{
    check_elf(false, false);
}
END_TEST

static void expect_elf_error(GByteArray *a, uint16_t machine, const char *needle)
{
    char *path = write_tmp(a);
    ElfLoadInfo info;
    Error *err = NULL;

    ck_assert(!load_elf(&address_space_memory, path, machine, 0, &info, &err));
    ck_assert_msg(strstr(error_get_pretty(err), needle), "got '%s'", error_get_pretty(err));
    error_free(err);
    unlink(path);
    g_free(path);
}

START_TEST(test_elf_errors_are_reported_not_crashed)
{
    GByteArray *a;

    setup_ram();
    a = make_elf(true, false, 0x40000000, code, 8, 0, EM_PPC64);
    expect_elf_error(a, EM_AARCH64, "not for this CPU");
    g_byte_array_free(a, TRUE);

    a = make_elf(true, false, 0x80000000, code, 8, 0, EM_AARCH64);
    expect_elf_error(a, EM_AARCH64, "is not in guest memory");
    g_byte_array_free(a, TRUE);

    a = make_elf(true, false, 0x40000000, code, 8, 0, EM_AARCH64);
    g_byte_array_set_size(a, 70);   /* program headers cut off */
    expect_elf_error(a, EM_AARCH64, "bad program header table");
    g_byte_array_free(a, TRUE);

    a = make_elf(true, false, 0x40000000, code, 8, 0, EM_AARCH64);
    stq_le_p(a->data + 64 + 32, UINT64_MAX);     /* filesz past the file */
    expect_elf_error(a, EM_AARCH64, "malformed");
    g_byte_array_free(a, TRUE);

    a = g_byte_array_new();
    g_byte_array_append(a, (const uint8_t *)"\177ELF", 4);
    expect_elf_error(a, 0, "is not an ELF file");
    g_byte_array_free(a, TRUE);
}
END_TEST

START_TEST(test_raw_image_loads_and_checks_size)
{
    GByteArray *a = g_byte_array_new();
    char *path;
    uint8_t buf[8];
    Error *err = NULL;

    setup_ram();
    g_byte_array_append(a, code, 8);
    path = write_tmp(a);
    ck_assert_int_eq(load_image_targphys(&address_space_memory, path, 0x40000100, 0x1000,
                                         &error_fatal), 8);
    address_space_read(&address_space_memory, 0x40000100, MEMTXATTRS_UNSPECIFIED, buf, 8);
    ck_assert_mem_eq(buf, code, 8);
    ck_assert_int_eq(load_image_targphys(&address_space_memory, path, 0x40000100, 4, &err),
                     -1);
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "too large"));
    error_free(err);
    err = NULL;
    ck_assert_int_eq(load_image_targphys(&address_space_memory, path, 0x4000fffc, 0x1000,
                                         &err), -1);
    error_free(err);
    err = NULL;
    ck_assert_int_eq(load_image_targphys(&address_space_memory, "/no/such/file", 0x40000000,
                                         0x1000, &err), -1);
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "/no/such/file"));
    error_free(err);
    unlink(path);
    g_free(path);
    g_byte_array_free(a, TRUE);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("loader");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_elf64_little_endian_loads_with_bss);
    tcase_add_test(tc, test_elf64_big_endian_loads);
    tcase_add_test(tc, test_elf32_both_orders_load);
    tcase_add_test(tc, test_elf_errors_are_reported_not_crashed);
    tcase_add_test(tc, test_raw_image_loads_and_checks_size);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
