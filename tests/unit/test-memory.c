/*
 * Unit tests for the memory API (system/memory.c, system/physmem.c): regions, flat
 * views, MMIO dispatch and byte order, accessors, RAM blocks, dirty bitmaps, mtree.
 */
#include "qemu/osdep.h"
#include <check.h>
#include "qemu/bswap.h"
#include "qapi/error.h"
#include "system/memory.h"

#define ATTRS MEMTXATTRS_UNSPECIFIED

/* ---- A test device that logs every callback and keeps registers as bytes --------- */

typedef struct DevAccess {
    bool is_write;
    hwaddr addr;
    unsigned size;
    uint64_t data;
} DevAccess;

typedef struct TestDev {
    bool big_endian;
    uint8_t regs[256];
    DevAccess log[64];
    int nlog;
} TestDev;

static uint64_t testdev_read(void *opaque, hwaddr addr, unsigned size)
{
    TestDev *d = opaque;
    uint64_t v = 0;

    if (addr + size <= sizeof(d->regs)) {
        v = d->big_endian ? ldn_be_p(d->regs + addr, size) : ldn_le_p(d->regs + addr, size);
    }
    if (d->nlog < (int)ARRAY_SIZE(d->log)) {
        d->log[d->nlog++] = (DevAccess) { false, addr, size, v };
    }
    return v;
}

static void testdev_write(void *opaque, hwaddr addr, uint64_t data, unsigned size)
{
    TestDev *d = opaque;

    if (addr + size <= sizeof(d->regs)) {
        if (d->big_endian) {
            stn_be_p(d->regs + addr, size, data);
        } else {
            stn_le_p(d->regs + addr, size, data);
        }
    }
    if (d->nlog < (int)ARRAY_SIZE(d->log)) {
        d->log[d->nlog++] = (DevAccess) { true, addr, size, data };
    }
}

/* Defaults: valid 1..4, impl 1..4. */
static const MemoryRegionOps le_default_ops = {
    .read = testdev_read,
    .write = testdev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
};

static const MemoryRegionOps le_impl4_ops = {
    .read = testdev_read,
    .write = testdev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static const MemoryRegionOps be_impl4_ops = {
    .read = testdev_read,
    .write = testdev_write,
    .endianness = DEVICE_BIG_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8, .unaligned = true },
    .impl = { .min_access_size = 4, .max_access_size = 4 },
};

static const MemoryRegionOps le_any_ops = {
    .read = testdev_read,
    .write = testdev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

static const MemoryRegionOps be_any_ops = {
    .read = testdev_read,
    .write = testdev_write,
    .endianness = DEVICE_BIG_ENDIAN,
    .valid = { .min_access_size = 1, .max_access_size = 8 },
    .impl = { .min_access_size = 1, .max_access_size = 8 },
};

static bool refuse_writes(void *opaque, hwaddr addr, unsigned size, bool is_write,
                          MemTxAttrs attrs)
{
    return !is_write;
}

static const MemoryRegionOps le_word_only_ops = {
    .read = testdev_read,
    .write = testdev_write,
    .endianness = DEVICE_LITTLE_ENDIAN,
    .valid = { .min_access_size = 4, .max_access_size = 4 },
};

static const MemoryRegionOps read_only_dev_ops = {
    .read = testdev_read,
    .write = testdev_write,
    .valid = { .accepts = refuse_writes },
};

/* ---- Fixture: an address space over a 2^64 container ---------------------------------- */

static MemoryRegion root;
static AddressSpace as;

static void setup(void)
{
    memory_region_init(&root, NULL, "root", UINT64_MAX);
    address_space_init(&as, &root, "test-as");
}

static void teardown(void)
{
    address_space_destroy(&as);
    memory_region_finalize(&root);
}

static void init_ram_or_fail(MemoryRegion *mr, const char *name, uint64_t size)
{
    Error *err = NULL;

    ck_assert(memory_region_init_ram(mr, NULL, name, size, &err));
    ck_assert_ptr_null(err);
}

static void expect_access(const TestDev *d, int i, bool is_write, hwaddr addr,
                          unsigned size, uint64_t data)
{
    ck_assert_int_gt(d->nlog, i);
    ck_assert_int_eq(d->log[i].is_write, is_write);
    ck_assert_uint_eq(d->log[i].addr, addr);
    ck_assert_uint_eq(d->log[i].size, size);
    ck_assert_uint_eq(d->log[i].data, data);
}

/* ---- RAM ---------------------------------------------------------------------------- */

START_TEST(test_ram_read_write_round_trip)
{
    MemoryRegion ram;
    uint8_t out[100], in[100];
    uint8_t *host;
    size_t i;

    init_ram_or_fail(&ram, "rt.ram", 0x10000);
    memory_region_add_subregion(&root, 0x40000000, &ram);
    host = memory_region_get_ram_ptr(&ram);
    ck_assert_ptr_nonnull(host);
    ck_assert_int_eq(host[0], 0);                   /* RAM starts zeroed */
    ck_assert(memory_region_is_ram(&ram));

    for (i = 0; i < sizeof(out); i++) {
        out[i] = (uint8_t)(i * 7 + 1);
    }
    ck_assert_uint_eq(address_space_write(&as, 0x40000123, ATTRS, out, sizeof(out)), MEMTX_OK);
    ck_assert_uint_eq(address_space_read(&as, 0x40000123, ATTRS, in, sizeof(in)), MEMTX_OK);
    ck_assert_mem_eq(in, out, sizeof(out));
    ck_assert_mem_eq(host + 0x123, out, sizeof(out));

    address_space_stl_le(&as, 0x40000200, 0x11223344, ATTRS, NULL);
    ck_assert_mem_eq(host + 0x200, "\x44\x33\x22\x11", 4);
    address_space_stl_be(&as, 0x40000204, 0x11223344, ATTRS, NULL);
    ck_assert_mem_eq(host + 0x204, "\x11\x22\x33\x44", 4);
    address_space_stq_be(&as, 0x40000208, 0x0102030405060708ULL, ATTRS, NULL);
    ck_assert_uint_eq(address_space_ldq_le(&as, 0x40000208, ATTRS, NULL),
                      0x0807060504030201ULL);
    address_space_stw_le(&as, 0x40000211, 0xbeef, ATTRS, NULL);  /* unaligned is fine */
    ck_assert_uint_eq(address_space_lduw_be(&as, 0x40000211, ATTRS, NULL), 0xefbe);
    ck_assert_uint_eq(address_space_ldub(&as, 0x40000211, ATTRS, NULL), 0xef);
    ck_assert_uint_eq(address_space_ldl_be(&as, 0x40000200, ATTRS, NULL), 0x44332211);

    memory_region_finalize(&ram);
}
END_TEST

START_TEST(test_rom_refuses_guest_writes_but_write_rom_loads_it)
{
    MemoryRegion rom;
    Error *err = NULL;
    MemTxResult r;
    uint8_t buf[4];

    ck_assert(memory_region_init_rom(&rom, NULL, "test.rom", 0x1000, &err));
    memory_region_add_subregion(&root, 0x1000, &rom);
    ck_assert(memory_region_is_rom(&rom));

    ck_assert_uint_eq(address_space_write_rom(&as, 0x1000, ATTRS, "ABCD", 4), MEMTX_OK);
    ck_assert_uint_eq(address_space_write(&as, 0x1000, ATTRS, "wxyz", 4), MEMTX_DECODE_ERROR);
    address_space_stl_le(&as, 0x1000, 0, ATTRS, &r);
    ck_assert_uint_eq(r, MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(address_space_read(&as, 0x1000, ATTRS, buf, 4), MEMTX_OK);
    ck_assert_mem_eq(buf, "ABCD", 4);
    ck_assert_uint_eq(memory_region_dispatch_write(&rom, 0, 1, MO_8, ATTRS),
                      MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(address_space_ldub(&as, 0x1000, ATTRS, NULL), 'A');

    memory_region_finalize(&rom);
}
END_TEST

START_TEST(test_readonly_alias_refuses_writes_to_ram)
{
    MemoryRegion ram, ro;
    MemTxResult r;

    init_ram_or_fail(&ram, "ro.ram", 0x1000);
    memory_region_init_alias(&ro, NULL, "ro.alias", &ram, 0, 0x1000);
    memory_region_set_readonly(&ro, true);
    memory_region_add_subregion(&root, 0x8000, &ro);

    address_space_stl_le(&as, 0x8000, 0x12345678, ATTRS, &r);
    ck_assert_uint_eq(r, MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(address_space_write(&as, 0x8000, ATTRS, "xx", 2), MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(address_space_ldl_le(&as, 0x8000, ATTRS, &r), 0);
    ck_assert_uint_eq(r, MEMTX_OK);
    ck_assert_uint_eq(memory_region_dispatch_write(&ro, 0, 1, MO_8, ATTRS),
                      MEMTX_DECODE_ERROR);

    memory_region_finalize(&ro);
    memory_region_finalize(&ram);
}
END_TEST

/* ---- MMIO dispatch -------------------------------------------------------------------- */

START_TEST(test_mmio_ops_get_region_offsets_and_sizes)
{
    static TestDev dev;
    MemoryRegion io;
    uint8_t buf[8];

    memory_region_init_io(&io, NULL, &le_default_ops, &dev, "dev", 0x100);
    memory_region_add_subregion(&root, 0x10000, &io);

    address_space_stl_le(&as, 0x10010, 0xcafef00d, ATTRS, NULL);
    expect_access(&dev, 0, true, 0x10, 4, 0xcafef00d);
    ck_assert_uint_eq(address_space_ldub(&as, 0x10013, ATTRS, NULL), 0xca);
    expect_access(&dev, 1, false, 0x13, 1, 0xca);

    /* 8 bytes to a device accepting at most 4: two naturally aligned accesses. */
    dev.nlog = 0;
    ck_assert_uint_eq(address_space_write(&as, 0x10020, ATTRS, "\x01\x02\x03\x04\x05\x06\x07\x08",
                                          8), MEMTX_OK);
    ck_assert_int_eq(dev.nlog, 2);
    expect_access(&dev, 0, true, 0x20, 4, 0x04030201);
    expect_access(&dev, 1, true, 0x24, 4, 0x08070605);

    /* 7 bytes at an odd offset: the largest aligned pieces, 1 + 2 + 4. */
    dev.nlog = 0;
    ck_assert_uint_eq(address_space_read(&as, 0x10021, ATTRS, buf, 7), MEMTX_OK);
    ck_assert_int_eq(dev.nlog, 3);
    expect_access(&dev, 0, false, 0x21, 1, 0x02);
    expect_access(&dev, 1, false, 0x22, 2, 0x0403);
    expect_access(&dev, 2, false, 0x24, 4, 0x08070605);
    ck_assert_mem_eq(buf, "\x02\x03\x04\x05\x06\x07\x08", 7);

    memory_region_finalize(&io);
}
END_TEST

START_TEST(test_impl4_le_device_splits_8_byte_access)
{
    static TestDev dev;
    MemoryRegion io;
    uint64_t v;

    memory_region_init_io(&io, NULL, &le_impl4_ops, &dev, "le4", 0x100);
    ck_assert_uint_eq(memory_region_dispatch_write(&io, 0x8, 0x1122334455667788ULL, MO_LEUQ,
                                                   ATTRS), MEMTX_OK);
    ck_assert_int_eq(dev.nlog, 2);
    expect_access(&dev, 0, true, 0x8, 4, 0x55667788);
    expect_access(&dev, 1, true, 0xc, 4, 0x11223344);

    ck_assert_uint_eq(memory_region_dispatch_read(&io, 0x8, &v, MO_LEUQ, ATTRS), MEMTX_OK);
    ck_assert_uint_eq(v, 0x1122334455667788ULL);
    ck_assert_uint_eq(memory_region_dispatch_read(&io, 0x8, &v, MO_BEUQ, ATTRS), MEMTX_OK);
    ck_assert_uint_eq(v, 0x8877665544332211ULL);
    memory_region_finalize(&io);
}
END_TEST

START_TEST(test_impl4_be_device_splits_8_byte_access_in_its_order)
{
    static TestDev dev = { .big_endian = true };
    MemoryRegion io;
    uint64_t v;

    memory_region_init_io(&io, NULL, &be_impl4_ops, &dev, "be4", 0x100);
    ck_assert_uint_eq(memory_region_dispatch_write(&io, 0x10, 0x1122334455667788ULL, MO_BEUQ,
                                                   ATTRS), MEMTX_OK);
    ck_assert_int_eq(dev.nlog, 2);
    expect_access(&dev, 0, true, 0x10, 4, 0x11223344);
    expect_access(&dev, 1, true, 0x14, 4, 0x55667788);
    ck_assert_mem_eq(dev.regs + 0x10, "\x11\x22\x33\x44\x55\x66\x77\x88", 8);

    ck_assert_uint_eq(memory_region_dispatch_read(&io, 0x10, &v, MO_BEUQ, ATTRS), MEMTX_OK);
    ck_assert_uint_eq(v, 0x1122334455667788ULL);
    ck_assert_uint_eq(memory_region_dispatch_read(&io, 0x10, &v, MO_LEUQ, ATTRS), MEMTX_OK);
    ck_assert_uint_eq(v, 0x8877665544332211ULL);
    memory_region_finalize(&io);
}
END_TEST

START_TEST(test_impl4_device_widens_narrow_access)
{
    static TestDev le = { .regs = { 0x11, 0x22, 0x33, 0x44 } };
    static TestDev be = { .big_endian = true, .regs = { 0x11, 0x22, 0x33, 0x44 } };
    MemoryRegion io_le, io_be;
    uint64_t v;

    memory_region_init_io(&io_le, NULL, &le_impl4_ops, &le, "le4", 0x100);
    memory_region_init_io(&io_be, NULL, &be_impl4_ops, &be, "be4", 0x100);

    /* A byte read becomes an aligned word read; the byte at offset 2 is picked out. */
    ck_assert_uint_eq(memory_region_dispatch_read(&io_le, 2, &v, MO_8, ATTRS), MEMTX_OK);
    ck_assert_uint_eq(v, 0x33);
    expect_access(&le, 0, false, 0, 4, 0x44332211);
    ck_assert_uint_eq(memory_region_dispatch_read(&io_be, 2, &v, MO_8, ATTRS), MEMTX_OK);
    ck_assert_uint_eq(v, 0x33);
    expect_access(&be, 0, false, 0, 4, 0x11223344);

    /* A byte write becomes a word write with the other bytes zero, in device order. */
    ck_assert_uint_eq(memory_region_dispatch_write(&io_le, 0x21, 0xab, MO_8, ATTRS), MEMTX_OK);
    expect_access(&le, 1, true, 0x20, 4, 0x0000ab00);
    ck_assert_uint_eq(memory_region_dispatch_write(&io_be, 0x21, 0xab, MO_8, ATTRS), MEMTX_OK);
    expect_access(&be, 1, true, 0x20, 4, 0x00ab0000);

    /* A misaligned 4-byte read spans two device words. */
    le.nlog = 0;
    ck_assert_uint_eq(memory_region_dispatch_read(&io_le, 2, &v, MO_LEUL, ATTRS), MEMTX_OK);
    ck_assert_int_eq(le.nlog, 2);
    expect_access(&le, 0, false, 0, 4, 0x44332211);
    expect_access(&le, 1, false, 4, 4, 0);
    ck_assert_uint_eq(v, 0x4433);

    memory_region_finalize(&io_le);
    memory_region_finalize(&io_be);
}
END_TEST

START_TEST(test_memop_byte_order_converts_to_device_order)
{
    static TestDev le, be = { .big_endian = true };
    MemoryRegion io_le, io_be;
    uint64_t v;
    uint8_t buf[4];

    memory_region_init_io(&io_le, NULL, &le_any_ops, &le, "le", 0x100);
    memory_region_init_io(&io_be, NULL, &be_any_ops, &be, "be", 0x100);
    memory_region_add_subregion(&root, 0x1000, &io_le);
    memory_region_add_subregion(&root, 0x2000, &io_be);

    /* A value in the access's order reaches the device as a number in its own order. */
    memory_region_dispatch_write(&io_le, 0, 0x11223344, MO_LEUL, ATTRS);
    memory_region_dispatch_write(&io_le, 4, 0x11223344, MO_BEUL, ATTRS);
    memory_region_dispatch_write(&io_be, 0, 0x11223344, MO_BEUL, ATTRS);
    memory_region_dispatch_write(&io_be, 4, 0x11223344, MO_LEUL, ATTRS);
    expect_access(&le, 0, true, 0, 4, 0x11223344);
    expect_access(&le, 1, true, 4, 4, 0x44332211);
    expect_access(&be, 0, true, 0, 4, 0x11223344);
    expect_access(&be, 1, true, 4, 4, 0x44332211);

    /* So guest memory order is LE for the LE device, BE for the BE device. */
    ck_assert_mem_eq(le.regs, "\x44\x33\x22\x11", 4);
    ck_assert_mem_eq(be.regs, "\x11\x22\x33\x44", 4);
    address_space_read(&as, 0x1000, ATTRS, buf, 4);
    ck_assert_mem_eq(buf, "\x44\x33\x22\x11", 4);
    address_space_read(&as, 0x2000, ATTRS, buf, 4);
    ck_assert_mem_eq(buf, "\x11\x22\x33\x44", 4);
    ck_assert_uint_eq(address_space_ldl_be(&as, 0x2000, ATTRS, NULL), 0x11223344);
    ck_assert_uint_eq(address_space_ldl_le(&as, 0x2000, ATTRS, NULL), 0x44332211);
    ck_assert_uint_eq(address_space_lduw_be(&as, 0x1000, ATTRS, NULL), 0x4433);

    memory_region_dispatch_read(&io_be, 0, &v, MO_BEUW, ATTRS);
    ck_assert_uint_eq(v, 0x1122);
    memory_region_dispatch_read(&io_be, 0, &v, MO_LEUW, ATTRS);
    ck_assert_uint_eq(v, 0x2211);

    /* MO_SIGN sign-extends. */
    be.regs[8] = 0x80;
    memory_region_dispatch_read(&io_be, 8, &v, MO_BESW, ATTRS);
    ck_assert_uint_eq(v, 0xffffffffffff8000ULL);
    memory_region_dispatch_read(&io_be, 8, &v, MO_SB, ATTRS);
    ck_assert_uint_eq(v, 0xffffffffffffff80ULL);
    memory_region_dispatch_read(&io_be, 8, &v, MO_8, ATTRS);
    ck_assert_uint_eq(v, 0x80);

    memory_region_finalize(&io_le);
    memory_region_finalize(&io_be);
}
END_TEST

START_TEST(test_access_outside_valid_is_rejected)
{
    static TestDev dev = { .regs = { 1, 2, 3, 4 } };
    static TestDev ro_dev = { .regs = { 9 } };
    MemoryRegion io, ro;
    uint64_t v = 42;
    MemTxResult r;

    memory_region_init_io(&io, NULL, &le_word_only_ops, &dev, "words", 0x100);
    ck_assert_uint_eq(memory_region_dispatch_read(&io, 0, &v, MO_8, ATTRS), MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(v, 0);
    ck_assert_uint_eq(memory_region_dispatch_write(&io, 0, 1, MO_16, ATTRS),
                      MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(memory_region_dispatch_read(&io, 2, &v, MO_32, ATTRS), MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(memory_region_dispatch_read(&io, 0, &v, MO_64, ATTRS), MEMTX_DECODE_ERROR);
    /* Past the end of the region. */
    ck_assert_uint_eq(memory_region_dispatch_read(&io, 0xfe, &v, MO_32, ATTRS),
                      MEMTX_DECODE_ERROR);
    ck_assert_int_eq(dev.nlog, 0);
    ck_assert_uint_eq(memory_region_dispatch_read(&io, 0, &v, MO_32, ATTRS), MEMTX_OK);
    ck_assert_uint_eq(v, 0x04030201);

    /* Through an address space: a byte read of a word-only device fails too. */
    memory_region_add_subregion(&root, 0x3000, &io);
    ck_assert_uint_eq(address_space_ldub(&as, 0x3000, ATTRS, &r), 0);
    ck_assert_uint_eq(r, MEMTX_DECODE_ERROR);

    memory_region_init_io(&ro, NULL, &read_only_dev_ops, &ro_dev, "ro", 0x10);
    ck_assert_uint_eq(memory_region_dispatch_write(&ro, 0, 1, MO_8, ATTRS), MEMTX_DECODE_ERROR);
    ck_assert_int_eq(ro_dev.nlog, 0);
    ck_assert_uint_eq(memory_region_dispatch_read(&ro, 0, &v, MO_8, ATTRS), MEMTX_OK);
    ck_assert_uint_eq(v, 9);

    memory_region_finalize(&io);
    memory_region_finalize(&ro);
}
END_TEST

/* ---- Topology ----------------------------------------------------------------------- */

START_TEST(test_higher_priority_wins_overlap)
{
    static TestDev dev;
    MemoryRegion ram, io;
    hwaddr xlat, len;

    init_ram_or_fail(&ram, "low.ram", 0x2000);
    memory_region_init_io(&io, NULL, &le_default_ops, &dev, "high.io", 0x2000);
    memory_region_add_subregion_overlap(&root, 0x1000, &io, 1);
    memory_region_add_subregion(&root, 0, &ram);   /* added later, but lower priority */

    len = 0x10000;
    ck_assert_ptr_eq(address_space_translate(&as, 0x800, &xlat, &len, false, ATTRS), &ram);
    ck_assert_uint_eq(xlat, 0x800);
    ck_assert_uint_eq(len, 0x800);                  /* clipped where io starts */
    len = 0x10000;
    ck_assert_ptr_eq(address_space_translate(&as, 0x1800, &xlat, &len, false, ATTRS), &io);
    ck_assert_uint_eq(xlat, 0x800);
    ck_assert_uint_eq(len, 0x1800);
    len = 4;
    ck_assert_ptr_eq(address_space_translate(&as, 0x2800, &xlat, &len, true, ATTRS), &io);
    ck_assert_uint_eq(len, 4);

    memory_region_finalize(&io);
    len = 1;
    ck_assert_ptr_eq(address_space_translate(&as, 0x1800, &xlat, &len, false, ATTRS), &ram);
    memory_region_finalize(&ram);
}
END_TEST

START_TEST(test_equal_priority_later_added_wins)
{
    static TestDev d1, d2;
    MemoryRegion first, second;
    hwaddr xlat, len = 1;

    memory_region_init_io(&first, NULL, &le_default_ops, &d1, "first", 0x100);
    memory_region_init_io(&second, NULL, &le_default_ops, &d2, "second", 0x100);
    memory_region_add_subregion(&root, 0x5000, &first);
    memory_region_add_subregion(&root, 0x5080, &second);
    ck_assert_ptr_eq(address_space_translate(&as, 0x50a0, &xlat, &len, false, ATTRS), &second);
    ck_assert_uint_eq(xlat, 0x20);
    ck_assert_ptr_eq(address_space_translate(&as, 0x507f, &xlat, &len, false, ATTRS), &first);

    memory_region_del_subregion(&root, &second);
    ck_assert(!memory_region_is_mapped(&second));
    ck_assert_ptr_eq(address_space_translate(&as, 0x50a0, &xlat, &len, false, ATTRS), &first);
    ck_assert_uint_eq(xlat, 0xa0);

    memory_region_finalize(&first);
    memory_region_finalize(&second);
}
END_TEST

START_TEST(test_disabling_region_uncovers_lower_one)
{
    static TestDev dev;
    MemoryRegion ram, io;
    hwaddr xlat, len = 1;

    init_ram_or_fail(&ram, "under.ram", 0x1000);
    memory_region_init_io(&io, NULL, &le_default_ops, &dev, "over.io", 0x1000);
    memory_region_add_subregion(&root, 0x7000, &ram);
    memory_region_add_subregion_overlap(&root, 0x7000, &io, 5);
    ck_assert_ptr_eq(address_space_translate(&as, 0x7010, &xlat, &len, false, ATTRS), &io);
    memory_region_set_enabled(&io, false);
    ck_assert_ptr_eq(address_space_translate(&as, 0x7010, &xlat, &len, false, ATTRS), &ram);
    memory_region_set_enabled(&io, true);
    ck_assert_ptr_eq(address_space_translate(&as, 0x7010, &xlat, &len, false, ATTRS), &io);

    /* Moving the top region away uncovers the RAM as well. */
    memory_region_set_address(&io, 0x9000);
    ck_assert_ptr_eq(address_space_translate(&as, 0x7010, &xlat, &len, false, ATTRS), &ram);
    ck_assert_ptr_eq(address_space_translate(&as, 0x9010, &xlat, &len, false, ATTRS), &io);
    ck_assert_uint_eq(xlat, 0x10);

    memory_region_finalize(&io);
    memory_region_finalize(&ram);
}
END_TEST

START_TEST(test_container_holes_show_lower_priority_siblings)
{
    static TestDev dev;
    MemoryRegion ram, box, io;
    hwaddr xlat, len = 1;

    init_ram_or_fail(&ram, "below.ram", 0x2000);
    memory_region_init(&box, NULL, "box", 0x2000);
    memory_region_init_io(&io, NULL, &le_default_ops, &dev, "in.box", 0x1000);
    memory_region_add_subregion(&box, 0x1000, &io);
    memory_region_add_subregion(&root, 0, &ram);
    memory_region_add_subregion_overlap(&root, 0, &box, 1);

    ck_assert_ptr_eq(address_space_translate(&as, 0x10, &xlat, &len, false, ATTRS), &ram);
    ck_assert_ptr_eq(address_space_translate(&as, 0x1010, &xlat, &len, false, ATTRS), &io);
    ck_assert_uint_eq(xlat, 0x10);

    /* Finalizing a container detaches its children. */
    memory_region_finalize(&box);
    ck_assert(!memory_region_is_mapped(&io));
    ck_assert_ptr_eq(address_space_translate(&as, 0x1010, &xlat, &len, false, ATTRS), &ram);
    memory_region_finalize(&io);
    memory_region_finalize(&ram);
}
END_TEST

START_TEST(test_alias_window_shows_target_at_offset)
{
    MemoryRegion backing, win, big;
    hwaddr xlat, len;
    uint8_t *host;

    init_ram_or_fail(&backing, "backing.ram", 0x10000);
    host = memory_region_get_ram_ptr(&backing);
    memory_region_init_alias(&win, NULL, "win", &backing, 0x4000, 0x1000);
    memory_region_add_subregion(&root, 0x100000, &win);

    address_space_stl_le(&as, 0x100010, 0xa1b2c3d4, ATTRS, NULL);
    ck_assert_uint_eq(ldl_le_p(host + 0x4010), 0xa1b2c3d4);
    len = 0x10000;
    ck_assert_ptr_eq(address_space_translate(&as, 0x100010, &xlat, &len, false, ATTRS),
                     &backing);
    ck_assert_uint_eq(xlat, 0x4010);
    ck_assert_uint_eq(len, 0xff0);
    ck_assert_ptr_eq(memory_region_get_ram_ptr(&win), host + 0x4000);
    ck_assert_uint_eq(memory_region_get_ram_addr(&win),
                      memory_region_get_ram_addr(&backing) + 0x4000);

    /* The TCG path through the alias region itself. */
    uint64_t v;
    ck_assert_uint_eq(memory_region_dispatch_read(&win, 0x10, &v, MO_LEUL, ATTRS), MEMTX_OK);
    ck_assert_uint_eq(v, 0xa1b2c3d4);

    /* Moving the window. */
    memory_region_set_alias_offset(&win, 0x8000);
    len = 1;
    address_space_translate(&as, 0x100010, &xlat, &len, false, ATTRS);
    ck_assert_uint_eq(xlat, 0x8010);

    /* An alias larger than what is left of its target is clipped to the target. */
    memory_region_init_alias(&big, NULL, "big", &backing, 0xc000, 0x10000);
    memory_region_add_subregion(&root, 0x200000, &big);
    len = 0x10000;
    ck_assert_ptr_eq(address_space_translate(&as, 0x200000, &xlat, &len, false, ATTRS),
                     &backing);
    ck_assert_uint_eq(len, 0x4000);
    len = 1;
    ck_assert(memory_region_is_unassigned(address_space_translate(&as, 0x204000, &xlat, &len,
                                                                  false, ATTRS)));

    memory_region_finalize(&big);
    memory_region_finalize(&win);
    memory_region_finalize(&backing);
}
END_TEST

static int commits;

static void count_commit(MemoryListener *listener, AddressSpace *s)
{
    commits++;
}

START_TEST(test_transaction_batches_view_rebuilds)
{
    MemoryRegion a, b, c;
    MemoryListener l = { .commit = count_commit };

    memory_listener_register(&l, &as);
    memory_region_init_io(&a, NULL, NULL, NULL, "a", 0x10);
    memory_region_init_io(&b, NULL, NULL, NULL, "b", 0x10);
    memory_region_init_io(&c, NULL, NULL, NULL, "c", 0x10);

    memory_region_transaction_begin();
    memory_region_add_subregion(&root, 0x0, &a);
    memory_region_add_subregion(&root, 0x10, &b);
    memory_region_transaction_begin();
    memory_region_add_subregion(&root, 0x20, &c);
    memory_region_transaction_commit();
    ck_assert_int_eq(commits, 0);
    memory_region_transaction_commit();
    ck_assert_int_eq(commits, 1);

    memory_region_set_address(&c, 0x30);
    ck_assert_int_eq(commits, 2);
    /* A change that does not alter what the address space sees is not reported. */
    memory_region_del_subregion(&root, &c);
    memory_region_set_address(&c, 0x40);
    ck_assert_int_eq(commits, 3);

    memory_listener_unregister(&l);
    memory_region_finalize(&a);
    memory_region_finalize(&b);
    memory_region_finalize(&c);
}
END_TEST

START_TEST(test_rom_device_reads_ram_in_romd_mode)
{
    static TestDev dev = { .regs = { 0x5a } };
    MemoryRegion flash;
    Error *err = NULL;
    uint8_t *host;

    ck_assert(memory_region_init_rom_device(&flash, NULL, &le_default_ops, &dev, "flash0",
                                            0x1000, &err));
    memory_region_add_subregion(&root, 0, &flash);
    host = memory_region_get_ram_ptr(&flash);
    host[0] = 0x77;
    ck_assert(memory_region_is_romd(&flash));
    ck_assert(!memory_region_is_ram(&flash));

    ck_assert_uint_eq(address_space_ldub(&as, 0, ATTRS, NULL), 0x77);
    ck_assert_int_eq(dev.nlog, 0);
    address_space_stb(&as, 0, 0x98, ATTRS, NULL);   /* commands go to the device */
    expect_access(&dev, 0, true, 0, 1, 0x98);
    ck_assert_uint_eq(host[0], 0x77);

    memory_region_rom_device_set_romd(&flash, false);
    ck_assert_uint_eq(address_space_ldub(&as, 0, ATTRS, NULL), 0x98);
    expect_access(&dev, 1, false, 0, 1, 0x98);

    /* Loaders fill the backing RAM whatever the mode. */
    address_space_write_rom(&as, 0x10, ATTRS, "\x42", 1);
    ck_assert_uint_eq(host[0x10], 0x42);
    memory_region_finalize(&flash);
}
END_TEST

/* ---- Unassigned, straddling, overflow --------------------------------------------- */

START_TEST(test_unassigned_reads_zero_with_decode_error)
{
    uint8_t buf[16];
    MemTxResult r;
    MemoryRegion io;
    hwaddr xlat, len;

    memset(buf, 0xff, sizeof(buf));
    ck_assert_uint_eq(address_space_read(&as, 0x1234, ATTRS, buf, sizeof(buf)),
                      MEMTX_DECODE_ERROR);
    ck_assert_mem_eq(buf, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
    ck_assert_uint_eq(address_space_ldl_le(&as, 0x1234, ATTRS, &r), 0);
    ck_assert_uint_eq(r, MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(address_space_write(&as, 0x1234, ATTRS, buf, 4), MEMTX_DECODE_ERROR);
    address_space_stq_be(&as, 0x1234, 1, ATTRS, &r);
    ck_assert_uint_eq(r, MEMTX_DECODE_ERROR);

    /* A hole's length runs to the next region. */
    memory_region_init_io(&io, NULL, NULL, NULL, "hole-ops", 0x100);
    memory_region_add_subregion(&root, 0x2000, &io);
    len = 0x10000;
    ck_assert(memory_region_is_unassigned(address_space_translate(&as, 0x1000, &xlat, &len,
                                                                  false, ATTRS)));
    ck_assert_uint_eq(len, 0x1000);
    /* An io region without ops behaves as a hole, too. */
    ck_assert_uint_eq(address_space_ldub(&as, 0x2000, ATTRS, &r), 0);
    ck_assert_uint_eq(r, MEMTX_DECODE_ERROR);
    memory_region_finalize(&io);

    /* An address space that was never set up (or destroyed) reads as empty. */
    AddressSpace none = { 0 };
    ck_assert_uint_eq(address_space_read(&none, 0, ATTRS, buf, 4), MEMTX_DECODE_ERROR);
}
END_TEST

START_TEST(test_access_straddling_ram_and_mmio)
{
    static TestDev dev;
    MemoryRegion ram, io;
    uint8_t buf[8], *host;
    MemTxResult r;

    init_ram_or_fail(&ram, "strad.ram", 0x1000);
    memory_region_init_io(&io, NULL, &le_default_ops, &dev, "strad.io", 0x1000);
    memory_region_add_subregion(&root, 0, &ram);
    memory_region_add_subregion(&root, 0x1000, &io);
    host = memory_region_get_ram_ptr(&ram);

    ck_assert_uint_eq(address_space_write(&as, 0xffc, ATTRS, "\x01\x02\x03\x04\x05\x06\x07\x08",
                                          8), MEMTX_OK);
    ck_assert_mem_eq(host + 0xffc, "\x01\x02\x03\x04", 4);
    ck_assert_int_eq(dev.nlog, 1);
    expect_access(&dev, 0, true, 0, 4, 0x08070605);

    ck_assert_uint_eq(address_space_read(&as, 0xffe, ATTRS, buf, 4), MEMTX_OK);
    ck_assert_mem_eq(buf, "\x03\x04\x05\x06", 4);
    ck_assert_uint_eq(address_space_ldl_le(&as, 0xffe, ATTRS, &r), 0x06050403);
    ck_assert_uint_eq(r, MEMTX_OK);
    address_space_stl_be(&as, 0xffe, 0xa0b0c0d0, ATTRS, &r);
    ck_assert_uint_eq(r, MEMTX_OK);
    ck_assert_mem_eq(host + 0xffe, "\xa0\xb0", 2);
    ck_assert_mem_eq(dev.regs, "\xc0\xd0", 2);

    /* RAM followed by a hole: the RAM part is done, the result reports the hole. */
    memory_region_del_subregion(&root, &io);
    memset(buf, 0xee, sizeof(buf));
    ck_assert_uint_eq(address_space_read(&as, 0xffe, ATTRS, buf, 4), MEMTX_DECODE_ERROR);
    ck_assert_mem_eq(buf, "\xa0\xb0\0\0", 4);

    memory_region_finalize(&io);
    memory_region_finalize(&ram);
}
END_TEST

START_TEST(test_top_of_address_space_does_not_overflow)
{
    static TestDev dev;
    MemoryRegion ram, io, sub_box, past;
    uint8_t *buf = g_malloc(0x2000);
    hwaddr xlat, len;
    MemTxResult r;

    init_ram_or_fail(&ram, "top.ram", 0x1000);
    memory_region_add_subregion(&root, 0xfffffffffffff000ULL, &ram);
    memset(memory_region_get_ram_ptr(&ram), 0x5a, 0x1000);

    memset(buf, 0xff, 0x2000);
    ck_assert_uint_eq(address_space_read(&as, 0xfffffffffffff800ULL, ATTRS, buf, 0x2000),
                      MEMTX_DECODE_ERROR);
    ck_assert_uint_eq(buf[0], 0x5a);
    ck_assert_uint_eq(buf[0x7ff], 0x5a);
    ck_assert_uint_eq(buf[0x800], 0);
    ck_assert_uint_eq(buf[0x1fff], 0);
    ck_assert_uint_eq(address_space_write(&as, 0xfffffffffffffffeULL, ATTRS, buf, 0x100),
                      MEMTX_DECODE_ERROR);

    len = UINT64_MAX;
    ck_assert_ptr_eq(address_space_translate(&as, UINT64_MAX, &xlat, &len, false, ATTRS), &ram);
    ck_assert_uint_eq(len, 1);
    ck_assert_uint_eq(xlat, 0xfff);
    ck_assert_uint_eq(address_space_ldq_le(&as, UINT64_MAX - 3, ATTRS, &r),
                      0x5a5a5a5aULL);
    ck_assert_uint_eq(r, MEMTX_DECODE_ERROR);
    len = 0x10000;
    ck_assert_ptr_nonnull(address_space_map(&as, UINT64_MAX - 0xf, &len, false, ATTRS));
    ck_assert_uint_eq(len, 0x10);
    memory_region_del_subregion(&root, &ram);

    /* A subregion hanging over the top of its container is clipped, not wrapped. */
    memory_region_init(&sub_box, NULL, "box", 0x10000);
    memory_region_init_io(&io, NULL, &le_default_ops, &dev, "over-top", 0x2000);
    memory_region_add_subregion(&sub_box, 0xf000, &io);
    memory_region_add_subregion(&root, 0xffffffffffff0000ULL, &sub_box);
    len = 1;
    ck_assert_ptr_eq(address_space_translate(&as, UINT64_MAX, &xlat, &len, false, ATTRS), &io);
    ck_assert_uint_eq(xlat, 0xfff);
    len = 1;
    ck_assert(memory_region_is_unassigned(address_space_translate(&as, 0, &xlat, &len, false,
                                                                  ATTRS)));

    /* A region mapped partly past the top of the root: only the part below shows. */
    memory_region_init_io(&past, NULL, &le_default_ops, &dev, "past", 0x100);
    memory_region_add_subregion_overlap(&root, UINT64_MAX - 0x7f, &past, 2);
    len = UINT64_MAX;
    ck_assert_ptr_eq(address_space_translate(&as, UINT64_MAX - 0x7f, &xlat, &len, false, ATTRS),
                     &past);
    ck_assert_uint_eq(len, 0x80);
    dev.nlog = 0;
    address_space_stl_le(&as, UINT64_MAX - 3, 0x12345678, ATTRS, &r);
    ck_assert_uint_eq(r, MEMTX_OK);
    expect_access(&dev, 0, true, 0x7c, 4, 0x12345678);

    memory_region_finalize(&past);
    memory_region_finalize(&sub_box);
    memory_region_finalize(&io);
    memory_region_finalize(&ram);
    g_free(buf);
}
END_TEST

START_TEST(test_zero_length_accesses_are_harmless)
{
    MemoryRegion ram;
    hwaddr len = 0, xlat;
    uint8_t b = 0x11;

    init_ram_or_fail(&ram, "zero.ram", 0x1000);
    memory_region_add_subregion(&root, 0, &ram);
    ck_assert_uint_eq(address_space_read(&as, 0, ATTRS, &b, 0), MEMTX_OK);
    ck_assert_uint_eq(address_space_write(&as, UINT64_MAX, ATTRS, &b, 0), MEMTX_OK);
    ck_assert_ptr_null(address_space_map(&as, 0, &len, true, ATTRS));
    ck_assert_uint_eq(len, 0);
    address_space_translate(&as, 0x10, &xlat, &len, false, ATTRS);
    ck_assert_uint_eq(len, 0);
    ck_assert(!cpu_physical_memory_get_dirty(0, 0, DIRTY_MEMORY_VGA));
    ck_assert(!cpu_physical_memory_test_and_clear_dirty(0, 0, DIRTY_MEMORY_VGA));
    cpu_physical_memory_set_dirty_range(0, UINT64_MAX, DIRTY_CLIENTS_ALL);
    ck_assert(cpu_physical_memory_test_and_clear_dirty(0, UINT64_MAX, DIRTY_MEMORY_VGA));
    memory_region_finalize(&ram);
}
END_TEST

/* ---- map / unmap ---------------------------------------------------------------------- */

START_TEST(test_map_clips_to_contiguous_ram)
{
    static TestDev dev;
    MemoryRegion ram, io, head, tail;
    uint8_t *host, *p;
    hwaddr len;
    ram_addr_t ra;

    init_ram_or_fail(&ram, "map.ram", 0x10000);
    memory_region_init_io(&io, NULL, &le_default_ops, &dev, "map.io", 0x1000);
    memory_region_add_subregion(&root, 0, &ram);
    memory_region_add_subregion(&root, 0x10000, &io);
    host = memory_region_get_ram_ptr(&ram);
    ra = memory_region_get_ram_addr(&ram);

    len = 0x1000;
    p = address_space_map(&as, 0xff00, &len, true, ATTRS);
    ck_assert_ptr_eq(p, host + 0xff00);
    ck_assert_uint_eq(len, 0x100);

    len = 0x10;
    ck_assert_ptr_null(address_space_map(&as, 0x10000, &len, false, ATTRS));
    ck_assert_uint_eq(len, 0);
    len = 0x10;
    ck_assert_ptr_null(address_space_map(&as, 0x20000, &len, false, ATTRS));

    /* Unmapping after a write marks exactly the written pages dirty. */
    cpu_physical_memory_test_and_clear_dirty(ra, 0x10000, DIRTY_MEMORY_VGA);
    len = 0x3000;
    p = address_space_map(&as, 0x2000, &len, true, ATTRS);
    ck_assert_uint_eq(len, 0x3000);
    memset(p, 1, 0x1001);
    address_space_unmap(&as, p, len, true, 0x1001);
    ck_assert(!cpu_physical_memory_get_dirty(ra + 0x1000, 0x1000, DIRTY_MEMORY_VGA));
    ck_assert(cpu_physical_memory_get_dirty(ra + 0x2000, 1, DIRTY_MEMORY_VGA));
    ck_assert(cpu_physical_memory_get_dirty(ra + 0x3000, 1, DIRTY_MEMORY_VGA));
    ck_assert(!cpu_physical_memory_get_dirty(ra + 0x4000, 0x1000, DIRTY_MEMORY_VGA));

    /* Two aliases that continue the same RAM map as one run; read-only refuses writes. */
    memory_region_del_subregion(&root, &io);
    memory_region_del_subregion(&root, &ram);
    memory_region_init_alias(&head, NULL, "head", &ram, 0, 0x8000);
    memory_region_init_alias(&tail, NULL, "tail", &ram, 0x8000, 0x8000);
    memory_region_add_subregion(&root, 0x8000, &head);
    memory_region_add_subregion(&root, 0x10000, &tail);
    len = 0x20000;
    p = address_space_map(&as, 0x8000, &len, false, ATTRS);
    ck_assert_ptr_eq(p, host);
    ck_assert_uint_eq(len, 0x10000);
    memory_region_set_readonly(&head, true);
    len = 0x100;
    ck_assert_ptr_null(address_space_map(&as, 0x8000, &len, true, ATTRS));
    len = 0x100;
    ck_assert_ptr_eq(address_space_map(&as, 0x8000, &len, false, ATTRS), host);

    memory_region_finalize(&head);
    memory_region_finalize(&tail);
    memory_region_finalize(&io);
    memory_region_finalize(&ram);
}
END_TEST

/* ---- RAM blocks ------------------------------------------------------------------------- */

START_TEST(test_duplicate_ram_idstr_is_an_error)
{
    MemoryRegion a, b;
    Error *err = NULL;

    init_ram_or_fail(&a, "mach-virt.ram", 0x1000);
    ck_assert(!memory_region_init_ram(&b, NULL, "mach-virt.ram", 0x1000, &err));
    ck_assert_ptr_nonnull(err);
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "'mach-virt.ram'"));
    error_free(err);
    err = NULL;
    memory_region_finalize(&b);                     /* harmless on a failed init */

    ck_assert(!memory_region_init_ram(&b, NULL, "empty", 0, &err));
    ck_assert_ptr_nonnull(err);
    error_free(err);
    err = NULL;

    /* Freeing the first block frees its name. */
    memory_region_finalize(&a);
    ck_assert_ptr_null(qemu_ram_block_by_name("mach-virt.ram"));
    init_ram_or_fail(&b, "mach-virt.ram", 0x1000);

    /* Blocks created without a name can be named later, with the same check. */
    ck_assert(memory_region_init_ram_nomigrate(&a, NULL, "rom", 0x1000, &err));
    ck_assert_str_eq(qemu_ram_get_idstr(memory_region_get_ram_block(&a)), "");
    ck_assert(!qemu_ram_is_migratable(memory_region_get_ram_block(&a)));
    ck_assert(!qemu_ram_set_idstr(memory_region_get_ram_block(&a), "mach-virt.ram", &err));
    ck_assert_ptr_nonnull(err);
    error_free(err);
    err = NULL;
    ck_assert(qemu_ram_set_idstr(memory_region_get_ram_block(&a), "0000:00:02.0/rom", &err));
    ck_assert_ptr_eq(qemu_ram_block_by_name("0000:00:02.0/rom"), memory_region_get_ram_block(&a));

    memory_region_finalize(&a);
    memory_region_finalize(&b);
}
END_TEST

static int collect_block(RAMBlock *rb, void *opaque)
{
    g_ptr_array_add(opaque, rb);
    return 0;
}

static int stop_at_second(RAMBlock *rb, void *opaque)
{
    return ++*(int *)opaque == 2 ? 7 : 0;
}

START_TEST(test_ram_blocks_are_listed_and_found)
{
    MemoryRegion small, big, mid;
    GPtrArray *list = g_ptr_array_new();
    RAMBlock *rb;
    ram_addr_t off;
    uint8_t *host;
    int n = 0;

    init_ram_or_fail(&small, "small", 0x1000);
    init_ram_or_fail(&big, "big", 0x100000);
    init_ram_or_fail(&mid, "mid", 0x10001);         /* rounded up to 0x11000 */

    qemu_ram_foreach_block(collect_block, list);
    ck_assert_uint_eq(list->len, 3);
    ck_assert_str_eq(qemu_ram_get_idstr(g_ptr_array_index(list, 0)), "big");
    ck_assert_str_eq(qemu_ram_get_idstr(g_ptr_array_index(list, 1)), "mid");
    ck_assert_str_eq(qemu_ram_get_idstr(g_ptr_array_index(list, 2)), "small");
    ck_assert_int_eq(qemu_ram_foreach_block(stop_at_second, &n), 7);
    ck_assert_uint_eq(qemu_ram_used_bytes(), 0x1000 + 0x100000 + 0x11000);

    rb = qemu_ram_block_by_name("mid");
    ck_assert_ptr_eq(rb, memory_region_get_ram_block(&mid));
    ck_assert_ptr_eq(rb->mr, &mid);
    ck_assert_uint_eq(qemu_ram_get_used_length(rb), 0x11000);
    ck_assert_uint_eq(qemu_ram_pages(rb), 0x11);
    ck_assert_uint_eq(memory_region_size(&mid), 0x10001);
    ck_assert_uint_eq(qemu_ram_get_offset(rb) % (64 * DIRTY_PAGE_SIZE), 0);
    ck_assert(qemu_ram_is_migratable(rb));

    /* Blocks do not overlap in ram_addr_t space. */
    RAMBlock *s = memory_region_get_ram_block(&small), *b = memory_region_get_ram_block(&big);
    ck_assert(s->offset + s->used_length <= b->offset || b->offset + b->used_length <= s->offset);
    ck_assert(rb->offset + rb->used_length <= b->offset ||
              b->offset + b->used_length <= rb->offset);

    host = memory_region_get_ram_ptr(&mid);
    ck_assert_ptr_eq(qemu_ram_block_from_host(host + 0x1234, false, &off), rb);
    ck_assert_uint_eq(off, 0x1234);
    ck_assert_ptr_eq(qemu_ram_block_from_host(host + 0x1234, true, &off), rb);
    ck_assert_uint_eq(off, 0x1000);
    ck_assert_uint_eq(qemu_ram_addr_from_host(host + 5), rb->offset + 5);
    ck_assert_ptr_null(qemu_ram_block_from_host(&n, false, &off));
    ck_assert_uint_eq(qemu_ram_addr_from_host(&n), RAM_ADDR_INVALID);
    ck_assert_ptr_eq(qemu_get_ram_block(rb->offset + 0x10fff), rb);
    ck_assert_ptr_eq(qemu_map_ram_ptr(NULL, rb->offset + 7), host + 7);
    ck_assert_ptr_eq(qemu_map_ram_ptr(rb, 7), host + 7);

    memory_region_finalize(&mid);
    ck_assert_ptr_null(qemu_ram_block_by_name("mid"));
    g_ptr_array_set_size(list, 0);
    qemu_ram_foreach_block(collect_block, list);
    ck_assert_uint_eq(list->len, 2);

    g_ptr_array_free(list, TRUE);
    memory_region_finalize(&small);
    memory_region_finalize(&big);
}
END_TEST

/* ---- Dirty tracking -------------------------------------------------------------------- */

START_TEST(test_writes_mark_pages_dirty_and_test_and_clear_clears)
{
    MemoryRegion ram;
    ram_addr_t ra;
    unsigned client;

    init_ram_or_fail(&ram, "dirty.ram", 0x10000);
    memory_region_add_subregion(&root, 0x100000, &ram);
    ra = memory_region_get_ram_addr(&ram);

    /* New RAM is dirty for display and code, then clean once cleared. */
    ck_assert(cpu_physical_memory_all_dirty(ra, 0x10000, DIRTY_MEMORY_VGA));
    ck_assert(cpu_physical_memory_all_dirty(ra, 0x10000, DIRTY_MEMORY_CODE));
    for (client = 0; client < DIRTY_MEMORY_NUM; client++) {
        cpu_physical_memory_test_and_clear_dirty(ra, 0x10000, client);
    }
    ck_assert(!cpu_physical_memory_get_dirty(ra, 0x10000, DIRTY_MEMORY_VGA));

    address_space_stb(&as, 0x103010, 1, ATTRS, NULL);
    ck_assert(cpu_physical_memory_get_dirty_flag(ra + 0x3000, DIRTY_MEMORY_VGA));
    ck_assert(cpu_physical_memory_get_dirty_flag(ra + 0x3fff, DIRTY_MEMORY_CODE));
    ck_assert(!cpu_physical_memory_get_dirty(ra, 0x3000, DIRTY_MEMORY_VGA));
    ck_assert(!cpu_physical_memory_get_dirty(ra + 0x4000, 0xc000, DIRTY_MEMORY_VGA));
    ck_assert(cpu_physical_memory_test_and_clear_dirty(ra, 0x10000, DIRTY_MEMORY_VGA));
    ck_assert(!cpu_physical_memory_test_and_clear_dirty(ra, 0x10000, DIRTY_MEMORY_VGA));
    ck_assert(cpu_physical_memory_get_dirty_flag(ra + 0x3000, DIRTY_MEMORY_CODE));

    /* A write across a page boundary dirties both pages, by every write path. */
    address_space_write(&as, 0x105ffe, ATTRS, "abcd", 4);
    ck_assert(cpu_physical_memory_get_dirty_flag(ra + 0x5000, DIRTY_MEMORY_VGA));
    ck_assert(cpu_physical_memory_get_dirty_flag(ra + 0x6000, DIRTY_MEMORY_VGA));
    ck_assert(!cpu_physical_memory_get_dirty_flag(ra + 0x7000, DIRTY_MEMORY_VGA));
    address_space_stq_le(&as, 0x108000, 1, ATTRS, NULL);
    address_space_write_rom(&as, 0x109000, ATTRS, "x", 1);
    memory_region_dispatch_write(&ram, 0xa000, 1, MO_8, ATTRS);
    ck_assert(cpu_physical_memory_get_dirty_flag(ra + 0x8000, DIRTY_MEMORY_VGA));
    ck_assert(cpu_physical_memory_get_dirty_flag(ra + 0x9000, DIRTY_MEMORY_VGA));
    ck_assert(cpu_physical_memory_get_dirty_flag(ra + 0xa000, DIRTY_MEMORY_VGA));

    /* The region-relative forms. */
    ck_assert(memory_region_get_dirty(&ram, 0x8000, 8, DIRTY_MEMORY_VGA));
    ck_assert(memory_region_test_and_clear_dirty(&ram, 0, 0x10000, DIRTY_MEMORY_VGA));
    ck_assert(!memory_region_get_dirty(&ram, 0, 0x10000, DIRTY_MEMORY_VGA));
    memory_region_set_dirty(&ram, 0xf000, 0x10);
    ck_assert(memory_region_get_dirty(&ram, 0xf000, 1, DIRTY_MEMORY_VGA));

    memory_region_finalize(&ram);
}
END_TEST

START_TEST(test_migration_bits_only_while_dirty_logging)
{
    MemoryRegion ram;
    ram_addr_t ra;
    RAMBlock *rb;
    unsigned long dest[2] = { 0, 0 };

    init_ram_or_fail(&ram, "mig.ram", 0x20000);     /* 32 pages */
    memory_region_add_subregion(&root, 0, &ram);
    ra = memory_region_get_ram_addr(&ram);
    rb = memory_region_get_ram_block(&ram);
    ck_assert(!cpu_physical_memory_get_dirty(ra, 0x20000, DIRTY_MEMORY_MIGRATION));

    address_space_stb(&as, 0x1000, 1, ATTRS, NULL);
    ck_assert(!cpu_physical_memory_get_dirty(ra, 0x20000, DIRTY_MEMORY_MIGRATION));
    ck_assert(cpu_physical_memory_get_dirty(ra, 0x20000, DIRTY_MEMORY_VGA));

    memory_global_dirty_log_start();
    ck_assert(memory_global_dirty_log_active());
    address_space_stb(&as, 0x1000, 1, ATTRS, NULL);
    address_space_stb(&as, 0x1f000, 1, ATTRS, NULL);
    ck_assert(cpu_physical_memory_get_dirty_flag(ra + 0x1000, DIRTY_MEMORY_MIGRATION));

    dest[0] = 1UL << 1;                             /* page 1 already known dirty */
    ck_assert_uint_eq(cpu_physical_memory_sync_dirty_bitmap(rb, dest), 1);
    ck_assert_uint_eq(dest[0], (1UL << 1) | (1UL << 31));
    ck_assert(!cpu_physical_memory_get_dirty(ra, 0x20000, DIRTY_MEMORY_MIGRATION));
    ck_assert_uint_eq(cpu_physical_memory_sync_dirty_bitmap(rb, dest), 0);

    memory_global_dirty_log_stop();
    ck_assert(!memory_global_dirty_log_active());
    address_space_stb(&as, 0x2000, 1, ATTRS, NULL);
    ck_assert(!cpu_physical_memory_get_dirty(ra, 0x20000, DIRTY_MEMORY_MIGRATION));

    memory_region_finalize(&ram);
}
END_TEST

START_TEST(test_sync_dirty_bitmap_handles_large_blocks)
{
    MemoryRegion ram;
    RAMBlock *rb;
    uint64_t pages;
    unsigned long *dest;
    ram_addr_t ra;

    init_ram_or_fail(&ram, "large.ram", 300 * DIRTY_PAGE_SIZE + 1);     /* 301 pages */
    rb = memory_region_get_ram_block(&ram);
    ra = rb->offset;
    pages = qemu_ram_pages(rb);
    ck_assert_uint_eq(pages, 301);
    dest = g_new0(unsigned long, (pages + 8 * sizeof(long) - 1) / (8 * sizeof(long)));

    memory_global_dirty_log_start();
    cpu_physical_memory_set_dirty_range(ra, rb->used_length, DIRTY_CLIENTS_ALL);
    ck_assert_uint_eq(cpu_physical_memory_sync_dirty_bitmap(rb, dest), 301);
    cpu_physical_memory_set_dirty_range(ra + 300 * DIRTY_PAGE_SIZE, 1, DIRTY_CLIENTS_ALL);
    dest[300 / (8 * sizeof(long))] &= ~(1UL << (300 % (8 * sizeof(long))));
    ck_assert_uint_eq(cpu_physical_memory_sync_dirty_bitmap(rb, dest), 1);
    memory_global_dirty_log_stop();

    g_free(dest);
    memory_region_finalize(&ram);
}
END_TEST

static ram_addr_t hook_start, hook_len;
static int hook_calls;

static void record_code_write(ram_addr_t start, ram_addr_t len)
{
    hook_start = start;
    hook_len = len;
    hook_calls++;
}

START_TEST(test_code_write_hook_runs_for_pages_holding_code)
{
    MemoryRegion ram;
    ram_addr_t ra;

    init_ram_or_fail(&ram, "code.ram", 0x4000);
    memory_region_add_subregion(&root, 0, &ram);
    ra = memory_region_get_ram_addr(&ram);
    cpu_physical_memory_set_code_write_hook(record_code_write);

    address_space_stl_le(&as, 0x1000, 1, ATTRS, NULL);
    ck_assert_int_eq(hook_calls, 0);                /* no code on the page */

    cpu_physical_memory_test_and_clear_dirty(ra + 0x2000, 0x1000, DIRTY_MEMORY_CODE);
    cpu_physical_memory_test_and_clear_dirty(ra, 0x4000, DIRTY_MEMORY_VGA);
    address_space_write(&as, 0x2ffe, ATTRS, "abcd", 4);
    ck_assert_int_eq(hook_calls, 1);
    ck_assert_uint_eq(hook_start, ra + 0x2ffe);
    ck_assert_uint_eq(hook_len, 4);
    /* The hook decides about the CODE bit; the others are set as usual. */
    ck_assert(!cpu_physical_memory_get_dirty_flag(ra + 0x2000, DIRTY_MEMORY_CODE));
    ck_assert(cpu_physical_memory_get_dirty_flag(ra + 0x2000, DIRTY_MEMORY_VGA));

    cpu_physical_memory_set_code_write_hook(NULL);
    memory_region_finalize(&ram);
}
END_TEST

/* ---- mtree ---------------------------------------------------------------------------------- */

static void collect_line(void *opaque, const char *line)
{
    g_ptr_array_add(opaque, g_strdup(line));
}

static bool has_line(GPtrArray *lines, const char *want)
{
    guint i;

    for (i = 0; i < lines->len; i++) {
        if (!strcmp(g_ptr_array_index(lines, i), want)) {
            return true;
        }
    }
    return false;
}

static int line_index(GPtrArray *lines, const char *want)
{
    guint i;

    for (i = 0; i < lines->len; i++) {
        if (!strcmp(g_ptr_array_index(lines, i), want)) {
            return (int)i;
        }
    }
    return -1;
}

START_TEST(test_mtree_info_prints_tree_like_info_mtree)
{
    static TestDev dev;
    MemoryRegion ram, io, win, off, box, rom;
    GPtrArray *lines = g_ptr_array_new_with_free_func(g_free);
    Error *err = NULL;
    int i;

    memory_init();
    init_ram_or_fail(&ram, "ram0", 0x1000);
    memory_region_init_io(&io, NULL, &le_default_ops, &dev, "dev", 0x100);
    memory_region_init_alias(&win, NULL, "win", &ram, 0x800, 0x800);
    memory_region_init_io(&off, NULL, &le_default_ops, &dev, "off", 0x10);
    memory_region_init(&box, NULL, "box", 0x1000);
    ck_assert(memory_region_init_rom(&rom, NULL, "boot.rom", 0x100, &err));
    memory_region_add_subregion(&root, 0, &ram);
    memory_region_add_subregion(&root, 0x1000, &io);
    memory_region_add_subregion_overlap(&root, 0x2000, &win, 3);
    memory_region_add_subregion(&root, 0x3000, &off);
    memory_region_set_enabled(&off, false);
    memory_region_add_subregion(&root, 0x4000, &box);
    memory_region_add_subregion(&box, 0x100, &rom);

    mtree_info(collect_line, lines, false);
    i = line_index(lines, "address-space: memory");
    ck_assert_int_ge(i, 0);
    ck_assert_str_eq(g_ptr_array_index(lines, i + 1),
                     "  0000000000000000-ffffffffffffffff (prio 0, i/o): system");
    ck_assert_str_eq(g_ptr_array_index(lines, i + 2), "");
    ck_assert(has_line(lines, "address-space: I/O"));
    ck_assert(has_line(lines, "  0000000000000000-000000000000ffff (prio 0, i/o): io"));
    i = line_index(lines, "address-space: test-as");
    ck_assert_int_ge(i, 0);
    ck_assert_str_eq(g_ptr_array_index(lines, i + 1),
                     "  0000000000000000-ffffffffffffffff (prio 0, i/o): root");
    ck_assert_str_eq(g_ptr_array_index(lines, i + 2),
                     "    0000000000000000-0000000000000fff (prio 0, ram): ram0");
    ck_assert_str_eq(g_ptr_array_index(lines, i + 3),
                     "    0000000000001000-00000000000010ff (prio 0, i/o): dev");
    ck_assert_str_eq(g_ptr_array_index(lines, i + 4),
                     "    0000000000002000-00000000000027ff (prio 3, ram): alias win @ram0 "
                     "0000000000000800-0000000000000fff");
    ck_assert_str_eq(g_ptr_array_index(lines, i + 5),
                     "    0000000000004000-0000000000004fff (prio 0, i/o): box");
    ck_assert_str_eq(g_ptr_array_index(lines, i + 6),
                     "      0000000000004100-00000000000041ff (prio 0, rom): boot.rom");
    ck_assert_str_eq(g_ptr_array_index(lines, i + 7), "");
    ck_assert(!has_line(lines, "    0000000000003000-000000000000300f (prio 0, i/o): off"
                               " [disabled]"));
    i = line_index(lines, "memory-region: ram0");
    ck_assert_int_ge(i, 0);
    ck_assert_str_eq(g_ptr_array_index(lines, i + 1),
                     "  0000000000000000-0000000000000fff (prio 0, ram): ram0");
    ck_assert_str_eq(g_ptr_array_index(lines, i + 2), "");

    g_ptr_array_set_size(lines, 0);
    mtree_info_full(collect_line, lines, false, true);
    ck_assert(has_line(lines, "    0000000000003000-000000000000300f (prio 0, i/o): off"
                              " [disabled]"));

    g_ptr_array_set_size(lines, 0);
    mtree_info(collect_line, lines, true);
    /* Address spaces in creation order: the fixture's came before memory_init(). */
    ck_assert_str_eq(g_ptr_array_index(lines, 0), "FlatView #0");
    i = line_index(lines, " AS \"memory\", root: system");
    ck_assert_int_ge(i, 0);
    ck_assert_str_eq(g_ptr_array_index(lines, i - 1), "FlatView #1");
    ck_assert_str_eq(g_ptr_array_index(lines, i + 1), " Root memory region: system");
    ck_assert_str_eq(g_ptr_array_index(lines, i + 2), "  No rendered FlatView");
    ck_assert_str_eq(g_ptr_array_index(lines, i + 3), "");
    ck_assert(has_line(lines, "  0000000000000000-000000000000ffff (prio 0, i/o): io"));
    i = line_index(lines, " AS \"test-as\", root: root");
    ck_assert_int_eq(i, 1);
    ck_assert_str_eq(g_ptr_array_index(lines, i + 1), " Root memory region: root");
    ck_assert_str_eq(g_ptr_array_index(lines, i + 2),
                     "  0000000000000000-0000000000000fff (prio 0, ram): ram0");
    ck_assert_str_eq(g_ptr_array_index(lines, i + 3),
                     "  0000000000001000-00000000000010ff (prio 0, i/o): dev");
    ck_assert_str_eq(g_ptr_array_index(lines, i + 4),
                     "  0000000000002000-00000000000027ff (prio 0, ram): ram0 @0000000000000800");
    ck_assert_str_eq(g_ptr_array_index(lines, i + 5),
                     "  0000000000004100-00000000000041ff (prio 0, rom): boot.rom");
    ck_assert_str_eq(g_ptr_array_index(lines, i + 6), "");

    g_ptr_array_free(lines, TRUE);
    memory_region_finalize(&rom);
    memory_region_finalize(&box);
    memory_region_finalize(&off);
    memory_region_finalize(&win);
    memory_region_finalize(&io);
    memory_region_finalize(&ram);
}
END_TEST

START_TEST(test_system_singletons)
{
    MemTxResult r;

    ck_assert_str_eq(memory_region_name(get_system_memory()), "system");
    ck_assert_uint_eq(memory_region_size(get_system_memory()), UINT64_MAX);
    ck_assert_str_eq(memory_region_name(get_system_io()), "io");
    ck_assert_uint_eq(memory_region_size(get_system_io()), 0x10000);
    ck_assert_str_eq(address_space_memory.name, "memory");
    ck_assert_str_eq(address_space_io.name, "I/O");
    /* Unclaimed I/O ports read as all ones; unclaimed memory as 0 with an error. */
    ck_assert_uint_eq(address_space_ldub(&address_space_io, 0x3f8, ATTRS, &r), 0xff);
    ck_assert_uint_eq(r, MEMTX_OK);
    ck_assert_uint_eq(address_space_ldl_le(&address_space_memory, 0x1000, ATTRS, &r), 0);
    ck_assert_uint_eq(r, MEMTX_DECODE_ERROR);
}
END_TEST

static Suite *memory_suite(void)
{
    Suite *s = suite_create("memory");
    TCase *tc = tcase_create("core");

    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_ram_read_write_round_trip);
    tcase_add_test(tc, test_rom_refuses_guest_writes_but_write_rom_loads_it);
    tcase_add_test(tc, test_readonly_alias_refuses_writes_to_ram);
    tcase_add_test(tc, test_mmio_ops_get_region_offsets_and_sizes);
    tcase_add_test(tc, test_impl4_le_device_splits_8_byte_access);
    tcase_add_test(tc, test_impl4_be_device_splits_8_byte_access_in_its_order);
    tcase_add_test(tc, test_impl4_device_widens_narrow_access);
    tcase_add_test(tc, test_memop_byte_order_converts_to_device_order);
    tcase_add_test(tc, test_access_outside_valid_is_rejected);
    tcase_add_test(tc, test_higher_priority_wins_overlap);
    tcase_add_test(tc, test_equal_priority_later_added_wins);
    tcase_add_test(tc, test_disabling_region_uncovers_lower_one);
    tcase_add_test(tc, test_container_holes_show_lower_priority_siblings);
    tcase_add_test(tc, test_alias_window_shows_target_at_offset);
    tcase_add_test(tc, test_transaction_batches_view_rebuilds);
    tcase_add_test(tc, test_rom_device_reads_ram_in_romd_mode);
    tcase_add_test(tc, test_unassigned_reads_zero_with_decode_error);
    tcase_add_test(tc, test_access_straddling_ram_and_mmio);
    tcase_add_test(tc, test_top_of_address_space_does_not_overflow);
    tcase_add_test(tc, test_zero_length_accesses_are_harmless);
    tcase_add_test(tc, test_map_clips_to_contiguous_ram);
    tcase_add_test(tc, test_duplicate_ram_idstr_is_an_error);
    tcase_add_test(tc, test_ram_blocks_are_listed_and_found);
    tcase_add_test(tc, test_writes_mark_pages_dirty_and_test_and_clear_clears);
    tcase_add_test(tc, test_migration_bits_only_while_dirty_logging);
    tcase_add_test(tc, test_sync_dirty_bitmap_handles_large_blocks);
    tcase_add_test(tc, test_code_write_hook_runs_for_pages_holding_code);
    tcase_add_test(tc, test_mtree_info_prints_tree_like_info_mtree);
    tcase_add_test(tc, test_system_singletons);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(memory_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
