/*
 * Unit tests for the AArch64 stage-1 page-table walker (target/arm/ptw.c):
 * page tables are built in guest RAM and translated without a TLB.
 */
#include "qemu/osdep.h"
#include <check.h>
#include "hw/qdev-core.h"
#include "system/memory.h"
#include "target/arm/cpu.h"
#include "target/arm/internals.h"
#include "target/arm/ptw.h"
#include "target/arm/sysreg.h"

#define ATTRS MEMTXATTRS_UNSPECIFIED
#define RAM_BASE 0x40000000ULL
#define RAM_SIZE (32 * 1024 * 1024)

/* Descriptor bits */
#define D_VALID  1ULL
#define D_TABLE  3ULL
#define D_PAGE   3ULL
#define D_BLOCK  1ULL
#define D_AF     (1ULL << 10)
#define D_AP_EL0 (1ULL << 6)        /* AP[1] */
#define D_AP_RO  (1ULL << 7)        /* AP[2] */
#define D_NG     (1ULL << 11)
#define D_PXN    (1ULL << 53)
#define D_UXN    (1ULL << 54)
#define D_SH(x)  ((uint64_t)(x) << 8)
#define D_IDX(n) ((uint64_t)(n) << 2)
#define T_APT_NO_EL0 (1ULL << 61)
#define T_APT_RO     (1ULL << 62)
#define T_UXN        (1ULL << 60)
#define T_PXN        (1ULL << 59)

/* TCR fields */
#define TCR_T0SZ(n) ((uint64_t)(n))
#define TCR_T1SZ(n) ((uint64_t)(n) << 16)
#define TCR_TG0_4K  (0ULL << 14)
#define TCR_TG0_64K (1ULL << 14)
#define TCR_TG0_16K (2ULL << 14)
#define TCR_TG1_16K (1ULL << 30)
#define TCR_TG1_4K  (2ULL << 30)
#define TCR_TG1_64K (3ULL << 30)
#define TCR_IPS(n)  ((uint64_t)(n) << 32)

static MemoryRegion ram;
static ARMCPU *cpu_a57;
static ARMCPU *cpu_max;

static ARMCPU *new_cpu(const char *type)
{
    DeviceState *dev = qdev_new(type);
    Error *err = NULL;

    if (!qdev_realize(dev, NULL, &err)) {
        g_error("%s: %s", type, error_get_pretty(err));
    }
    return ARM_CPU(dev);
}

static void wr64(uint64_t addr, uint64_t v)
{
    address_space_stq_le(&address_space_memory, addr, v, ATTRS, NULL);
}

/* A fresh CPU state for each test: MMU on, everything else from reset. */
static CPUARMState *setup(ARMCPU *cpu)
{
    CPUARMState *env = &cpu->env;

    cpu_reset(CPU(cpu));
    memset(memory_region_get_ram_ptr(&ram), 0, RAM_SIZE);
    env->sctlr_el1 |= SCTLR_M;
    env->mair_el1 = 0x000000000044ff00ULL;  /* idx0 Device, idx1 WB, idx2 NC */
    return env;
}

static bool xlate(CPUARMState *env, uint64_t va, MMUAccessType at, int mmu_idx,
                  ARMTranslateResult *res, ARMMMUFault *fault)
{
    return arm_translate_address(env, va, at, mmu_idx, res, fault);
}

/* 4K granule, 39-bit VA: L1 at +0, L2 at +0x1000, L3 at +0x2000. */
static void map_4k_39(CPUARMState *env, uint64_t va, uint64_t pa, uint64_t attrs)
{
    uint64_t l1 = RAM_BASE, l2 = RAM_BASE + 0x1000, l3 = RAM_BASE + 0x2000;

    env->tcr_el1 = TCR_T0SZ(25) | TCR_TG0_4K | TCR_IPS(5);
    env->ttbr0_el1 = l1;
    wr64(l1 + ((va >> 30) & 0x1ff) * 8, l2 | D_TABLE);
    wr64(l2 + ((va >> 21) & 0x1ff) * 8, l3 | D_TABLE);
    wr64(l3 + ((va >> 12) & 0x1ff) * 8, pa | D_PAGE | attrs);
}

START_TEST(test_mmu_off_is_identity_with_device_attributes)
{
    CPUARMState *env = setup(cpu_a57);
    ARMTranslateResult res;
    ARMMMUFault fault;

    env->sctlr_el1 &= ~SCTLR_M;
    ck_assert(xlate(env, 0x40001234, MMU_DATA_STORE, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_uint_eq(res.phys, 0x40001234);
    ck_assert_int_eq(res.prot, PAGE_READ | PAGE_WRITE | PAGE_EXEC);
    ck_assert_uint_eq(res.attrs, 0x00);
    ck_assert(xlate(env, 0x40001234, MMU_INST_FETCH, ARM_MMU_IDX_E10_0, &res, &fault));
    ck_assert_uint_ne(res.attrs, 0x00);     /* instruction fetches are Normal */
}
END_TEST

START_TEST(test_mmu_off_address_above_pa_range_faults)
{
    CPUARMState *env = setup(cpu_a57);      /* PARange 44 bits */
    ARMTranslateResult res;
    ARMMMUFault fault;

    env->sctlr_el1 &= ~SCTLR_M;
    ck_assert(!xlate(env, 1ULL << 44, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_int_eq(fault.type, ARM_FAULT_ADDRESS_SIZE);
    ck_assert_int_eq(fault.level, 0);
    ck_assert_uint_eq(arm_fault_to_fsc(&fault), 0x00);
}
END_TEST

START_TEST(test_4k_page_translates_three_levels)
{
    CPUARMState *env = setup(cpu_a57);
    ARMTranslateResult res;
    ARMMMUFault fault;

    map_4k_39(env, 0x403000, 0x40100000, D_AF | D_IDX(1) | D_SH(3));
    ck_assert(xlate(env, 0x403123, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_uint_eq(res.phys, 0x40100123);
    ck_assert_uint_eq(res.page_size, 4096);
    ck_assert_int_eq(res.level, 3);
    ck_assert_uint_eq(res.attrs, 0xff);
    ck_assert_uint_eq(res.shareability, 3);
    /* The neighbouring page has no entry: translation fault at level 3. */
    ck_assert(!xlate(env, 0x404000, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_int_eq(fault.type, ARM_FAULT_TRANSLATION);
    ck_assert_int_eq(fault.level, 3);
    ck_assert_uint_eq(arm_fault_to_fsc(&fault), 0x07);
}
END_TEST

START_TEST(test_4k_level2_block_maps_2mb)
{
    CPUARMState *env = setup(cpu_a57);
    ARMTranslateResult res;
    ARMMMUFault fault;
    uint64_t l1 = RAM_BASE, l2 = RAM_BASE + 0x1000;

    env->tcr_el1 = TCR_T0SZ(25) | TCR_TG0_4K | TCR_IPS(5);
    env->ttbr0_el1 = l1;
    wr64(l1, l2 | D_TABLE);
    wr64(l2 + 1 * 8, 0x40200000 | D_BLOCK | D_AF);
    ck_assert(xlate(env, 0x2abcde, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_uint_eq(res.phys, 0x402abcde);
    ck_assert_uint_eq(res.page_size, 2 * 1024 * 1024);
    ck_assert_int_eq(res.level, 2);
    /* Missing level-2 entry: fault at level 2. */
    ck_assert(!xlate(env, 0x600000, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_int_eq(fault.type, ARM_FAULT_TRANSLATION);
    ck_assert_int_eq(fault.level, 2);
}
END_TEST

START_TEST(test_4k_48bit_starts_at_level0_with_1gb_block)
{
    CPUARMState *env = setup(cpu_a57);
    ARMTranslateResult res;
    ARMMMUFault fault;
    uint64_t l0 = RAM_BASE, l1 = RAM_BASE + 0x1000;
    uint64_t va = (1ULL << 39) + (2ULL << 30) + 0x1234;    /* L0 index 1, L1 index 2 */

    env->tcr_el1 = TCR_T0SZ(16) | TCR_TG0_4K | TCR_IPS(5);
    env->ttbr0_el1 = l0;
    wr64(l0 + 8, l1 | D_TABLE);
    wr64(l1 + 2 * 8, 0x40000000 | D_BLOCK | D_AF);
    ck_assert(xlate(env, va, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_uint_eq(res.phys, 0x40001234);
    ck_assert_uint_eq(res.page_size, 1ULL << 30);
    ck_assert_int_eq(res.level, 1);
    /* A block descriptor at level 0 is invalid with 4K pages. */
    wr64(l0 + 8, 0x0 | D_BLOCK | D_AF);
    ck_assert(!xlate(env, va, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_int_eq(fault.type, ARM_FAULT_TRANSLATION);
    ck_assert_int_eq(fault.level, 0);
}
END_TEST

START_TEST(test_ttbr1_translates_high_addresses)
{
    CPUARMState *env = setup(cpu_a57);
    ARMTranslateResult res;
    ARMMMUFault fault;
    uint64_t l1 = RAM_BASE + 0x10000, l2 = RAM_BASE + 0x11000, l3 = RAM_BASE + 0x12000;
    uint64_t va = 0xffffff8000003000ULL;    /* 39-bit upper region, first page + 3 */

    env->tcr_el1 = TCR_T0SZ(25) | TCR_T1SZ(25) | TCR_TG1_4K | TCR_IPS(5);
    env->ttbr1_el1 = l1;
    wr64(l1, l2 | D_TABLE);
    wr64(l2, l3 | D_TABLE);
    wr64(l3 + 3 * 8, 0x40300000 | D_PAGE | D_AF);
    ck_assert(xlate(env, va + 0x10, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_uint_eq(res.phys, 0x40300010);
    /* TTBR0 is empty: the same low index faults at level 1. */
    ck_assert(!xlate(env, 0x3000, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_int_eq(fault.level, 1);
}
END_TEST

START_TEST(test_address_outside_both_ranges_faults_level0)
{
    CPUARMState *env = setup(cpu_a57);
    ARMTranslateResult res;
    ARMMMUFault fault;

    map_4k_39(env, 0x403000, 0x40100000, D_AF);
    env->tcr_el1 |= TCR_T1SZ(25);
    ck_assert(!xlate(env, 1ULL << 40, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_int_eq(fault.type, ARM_FAULT_TRANSLATION);
    ck_assert_int_eq(fault.level, 0);
    ck_assert(!xlate(env, 0xff00000000403000ULL, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res,
                     &fault));
    ck_assert_int_eq(fault.level, 0);
}
END_TEST

START_TEST(test_epd0_disables_ttbr0_walks)
{
    CPUARMState *env = setup(cpu_a57);
    ARMTranslateResult res;
    ARMMMUFault fault;

    map_4k_39(env, 0x403000, 0x40100000, D_AF);
    env->tcr_el1 |= TCR_EPD0;
    ck_assert(!xlate(env, 0x403000, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_int_eq(fault.type, ARM_FAULT_TRANSLATION);
    ck_assert_int_eq(fault.level, 0);
}
END_TEST

START_TEST(test_16k_granule_on_max)
{
    CPUARMState *env = setup(cpu_max);
    ARMTranslateResult res;
    ARMMMUFault fault;
    uint64_t l2 = RAM_BASE, l3 = RAM_BASE + 0x4000;
    uint64_t va = (5ULL << 25) | (7ULL << 14) | 0x2345;     /* 36-bit VA: L2, L3 */

    env->tcr_el1 = TCR_T0SZ(28) | TCR_TG0_16K | TCR_IPS(5);
    env->ttbr0_el1 = l2;
    wr64(l2 + 5 * 8, l3 | D_TABLE);
    wr64(l3 + 7 * 8, 0x40400000 | D_PAGE | D_AF);
    ck_assert(xlate(env, va, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_uint_eq(res.phys, 0x40402345);
    ck_assert_uint_eq(res.page_size, 16384);
    /* A 32 MiB block at level 2. */
    wr64(l2 + 5 * 8, 0x42000000 | D_BLOCK | D_AF);
    ck_assert(xlate(env, va, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_uint_eq(res.page_size, 32 * 1024 * 1024);
    ck_assert_uint_eq(res.phys, 0x42000000 + (7ULL << 14) + 0x2345);
}
END_TEST

START_TEST(test_16k_granule_unsupported_on_a57_acts_as_4k)
{
    CPUARMState *env = setup(cpu_a57);
    ARMTranslateResult res;
    ARMMMUFault fault;

    map_4k_39(env, 0x403000, 0x40100000, D_AF);
    env->tcr_el1 = (env->tcr_el1 & ~(3ULL << 14)) | TCR_TG0_16K;
    ck_assert(xlate(env, 0x403000, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_uint_eq(res.page_size, 4096);
    ck_assert_uint_eq(res.phys, 0x40100000);
}
END_TEST

START_TEST(test_64k_granule_pages_and_512mb_blocks)
{
    CPUARMState *env = setup(cpu_a57);
    ARMTranslateResult res;
    ARMMMUFault fault;
    uint64_t l2 = RAM_BASE, l3 = RAM_BASE + 0x10000;
    uint64_t va = (3ULL << 29) | (9ULL << 16) | 0xabcd;     /* 42-bit VA */

    env->tcr_el1 = TCR_T0SZ(22) | TCR_TG0_64K | TCR_IPS(5);
    env->ttbr0_el1 = l2;
    wr64(l2 + 3 * 8, l3 | D_TABLE);
    wr64(l3 + 9 * 8, 0x40500000 | D_PAGE | D_AF);
    ck_assert(xlate(env, va, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_uint_eq(res.phys, 0x4050abcd);
    ck_assert_uint_eq(res.page_size, 65536);
    ck_assert_int_eq(res.level, 3);
    wr64(l2 + 3 * 8, 0x60000000 | D_BLOCK | D_AF);
    ck_assert(xlate(env, va, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_uint_eq(res.page_size, 512 * 1024 * 1024);
    ck_assert_uint_eq(res.phys, 0x60000000 + (9ULL << 16) + 0xabcd);
}
END_TEST

START_TEST(test_ttbr1_with_64k_granule)
{
    CPUARMState *env = setup(cpu_a57);
    ARMTranslateResult res;
    ARMMMUFault fault;
    uint64_t l2 = RAM_BASE, l3 = RAM_BASE + 0x10000;
    uint64_t va = 0xfffffc0000000000ULL | (1ULL << 16);    /* 42-bit upper region */

    env->tcr_el1 = TCR_T1SZ(22) | TCR_TG1_64K | TCR_IPS(5);
    env->ttbr1_el1 = l2;
    wr64(l2, l3 | D_TABLE);
    wr64(l3 + 8, 0x40600000 | D_PAGE | D_AF);
    ck_assert(xlate(env, va + 4, MMU_INST_FETCH, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_uint_eq(res.phys, 0x40600004);
    ck_assert_uint_eq(res.page_size, 65536);
}
END_TEST

/* Returns the prot bits, or -1 on a fault for every access type. */
static int prot_for(CPUARMState *env, uint64_t attrs, int mmu_idx)
{
    ARMTranslateResult res;
    ARMMMUFault fault;

    map_4k_39(env, 0x403000, 0x40100000, D_AF | attrs);
    if (xlate(env, 0x403000, MMU_DATA_LOAD, mmu_idx, &res, &fault) ||
        xlate(env, 0x403000, MMU_INST_FETCH, mmu_idx, &res, &fault)) {
        return res.prot;
    }
    return 0;
}

START_TEST(test_ap_bits_give_el0_and_el1_permissions)
{
    CPUARMState *env = setup(cpu_a57);
    const int RW = PAGE_READ | PAGE_WRITE, R = PAGE_READ, X = PAGE_EXEC;

    /* AP = 00: EL1 RW, EL0 none. */
    ck_assert_int_eq(prot_for(env, 0, ARM_MMU_IDX_E10_1), RW | X);
    ck_assert_int_eq(prot_for(env, 0, ARM_MMU_IDX_E10_0), 0);
    /* AP = 01: RW at both; EL0-writable memory is not executable at EL1. */
    ck_assert_int_eq(prot_for(env, D_AP_EL0, ARM_MMU_IDX_E10_1), RW);
    ck_assert_int_eq(prot_for(env, D_AP_EL0, ARM_MMU_IDX_E10_0), RW | X);
    /* AP = 10: EL1 read-only, EL0 none. */
    ck_assert_int_eq(prot_for(env, D_AP_RO, ARM_MMU_IDX_E10_1), R | X);
    ck_assert_int_eq(prot_for(env, D_AP_RO, ARM_MMU_IDX_E10_0), 0);
    /* AP = 11: read-only at both. */
    ck_assert_int_eq(prot_for(env, D_AP_RO | D_AP_EL0, ARM_MMU_IDX_E10_1), R | X);
    ck_assert_int_eq(prot_for(env, D_AP_RO | D_AP_EL0, ARM_MMU_IDX_E10_0), R | X);
}
END_TEST

START_TEST(test_uxn_pxn_and_wxn_remove_execute)
{
    CPUARMState *env = setup(cpu_a57);
    const int R = PAGE_READ, X = PAGE_EXEC;

    ck_assert_int_eq(prot_for(env, D_AP_RO | D_AP_EL0 | D_UXN, ARM_MMU_IDX_E10_0), R);
    ck_assert_int_eq(prot_for(env, D_AP_RO | D_AP_EL0 | D_UXN, ARM_MMU_IDX_E10_1), R | X);
    ck_assert_int_eq(prot_for(env, D_AP_RO | D_AP_EL0 | D_PXN, ARM_MMU_IDX_E10_1), R);
    ck_assert_int_eq(prot_for(env, D_AP_RO | D_AP_EL0 | D_PXN, ARM_MMU_IDX_E10_0), R | X);
    env->sctlr_el1 |= SCTLR_WXN;
    ck_assert_int_eq(prot_for(env, 0, ARM_MMU_IDX_E10_1), PAGE_READ | PAGE_WRITE);
    ck_assert_int_eq(prot_for(env, D_AP_RO, ARM_MMU_IDX_E10_1), R | X);
}
END_TEST

START_TEST(test_permission_fault_reports_level_and_access)
{
    CPUARMState *env = setup(cpu_a57);
    ARMTranslateResult res;
    ARMMMUFault fault;

    map_4k_39(env, 0x403000, 0x40100000, D_AF | D_AP_RO | D_AP_EL0 | D_UXN);
    ck_assert(xlate(env, 0x403000, MMU_DATA_LOAD, ARM_MMU_IDX_E10_0, &res, &fault));
    ck_assert(!xlate(env, 0x403000, MMU_DATA_STORE, ARM_MMU_IDX_E10_0, &res, &fault));
    ck_assert_int_eq(fault.type, ARM_FAULT_PERMISSION);
    ck_assert_int_eq(fault.level, 3);
    ck_assert_uint_eq(arm_fault_to_fsc(&fault), 0x0f);
    ck_assert(!xlate(env, 0x403000, MMU_INST_FETCH, ARM_MMU_IDX_E10_0, &res, &fault));
    ck_assert_int_eq(fault.type, ARM_FAULT_PERMISSION);
}
END_TEST

START_TEST(test_table_attributes_restrict_permissions)
{
    CPUARMState *env = setup(cpu_a57);
    ARMTranslateResult res;
    ARMMMUFault fault;
    uint64_t l1 = RAM_BASE, l2 = RAM_BASE + 0x1000;

    map_4k_39(env, 0x403000, 0x40100000, D_AF | D_AP_EL0);
    /* APTable[0]: no EL0 access below this table. */
    wr64(l1, l2 | D_TABLE | T_APT_NO_EL0);
    ck_assert(!xlate(env, 0x403000, MMU_DATA_LOAD, ARM_MMU_IDX_E10_0, &res, &fault));
    ck_assert_int_eq(fault.type, ARM_FAULT_PERMISSION);
    ck_assert(xlate(env, 0x403000, MMU_DATA_STORE, ARM_MMU_IDX_E10_1, &res, &fault));
    /* APTable[1]: read-only; UXNTable: no EL0 execution. */
    wr64(l1, l2 | D_TABLE | T_APT_RO | T_UXN);
    ck_assert(xlate(env, 0x403000, MMU_DATA_LOAD, ARM_MMU_IDX_E10_0, &res, &fault));
    ck_assert_int_eq(res.prot, PAGE_READ);
    ck_assert(!xlate(env, 0x403000, MMU_DATA_STORE, ARM_MMU_IDX_E10_1, &res, &fault));
    /* PXNTable: no EL1 execution. */
    wr64(l1, l2 | D_TABLE | T_PXN);
    ck_assert(!xlate(env, 0x403000, MMU_INST_FETCH, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert(xlate(env, 0x403000, MMU_INST_FETCH, ARM_MMU_IDX_E10_0, &res, &fault));
}
END_TEST

START_TEST(test_pan_blocks_el1_data_access_to_user_pages)
{
    CPUARMState *env = setup(cpu_max);
    ARMTranslateResult res;
    ARMMMUFault fault;

    map_4k_39(env, 0x403000, 0x40100000, D_AF | D_AP_EL0 | D_PXN);
    ck_assert(xlate(env, 0x403000, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert(!xlate(env, 0x403000, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1_PAN, &res, &fault));
    ck_assert_int_eq(fault.type, ARM_FAULT_PERMISSION);
    /* Kernel-only pages are unaffected by PAN. */
    map_4k_39(env, 0x403000, 0x40100000, D_AF);
    ck_assert(xlate(env, 0x403000, MMU_DATA_STORE, ARM_MMU_IDX_E10_1_PAN, &res, &fault));
}
END_TEST

START_TEST(test_access_flag_clear_faults)
{
    CPUARMState *env = setup(cpu_a57);
    ARMTranslateResult res;
    ARMMMUFault fault;
    uint64_t l1 = RAM_BASE, l2 = RAM_BASE + 0x1000;

    map_4k_39(env, 0x403000, 0x40100000, 0);
    ck_assert(!xlate(env, 0x403000, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_int_eq(fault.type, ARM_FAULT_ACCESS_FLAG);
    ck_assert_int_eq(fault.level, 3);
    ck_assert_uint_eq(arm_fault_to_fsc(&fault), 0x0b);
    /* At a level-2 block, the level is 2; the walker does not set AF. */
    wr64(l1, l2 | D_TABLE);
    wr64(l2 + 8, 0x40200000 | D_BLOCK);
    ck_assert(!xlate(env, 0x200000, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_int_eq(fault.type, ARM_FAULT_ACCESS_FLAG);
    ck_assert_int_eq(fault.level, 2);
    ck_assert_uint_eq(address_space_ldq_le(&address_space_memory, l2 + 8, ATTRS, NULL) &
                      D_AF, 0);
}
END_TEST

START_TEST(test_reserved_level3_descriptor_faults)
{
    CPUARMState *env = setup(cpu_a57);
    ARMTranslateResult res;
    ARMMMUFault fault;

    map_4k_39(env, 0x403000, 0x40100000, D_AF);
    wr64(RAM_BASE + 0x2000 + 3 * 8, 0x40100000 | D_BLOCK | D_AF);  /* 0b01 at L3 */
    ck_assert(!xlate(env, 0x403000, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_int_eq(fault.type, ARM_FAULT_TRANSLATION);
    ck_assert_int_eq(fault.level, 3);
}
END_TEST

START_TEST(test_ng_pages_carry_the_asid)
{
    CPUARMState *env = setup(cpu_a57);
    ARMTranslateResult res;
    ARMMMUFault fault;

    map_4k_39(env, 0x403000, 0x40100000, D_AF | D_NG);
    env->ttbr0_el1 |= 0x1234ULL << 48;
    env->ttbr1_el1 = 0x5678ULL << 48;
    /* AS = 0: 8-bit ASIDs from TTBR0 (A1 = 0). */
    ck_assert(xlate(env, 0x403000, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert(!res.global);
    ck_assert_uint_eq(res.asid, 0x34);
    env->tcr_el1 |= TCR_AS;
    ck_assert(xlate(env, 0x403000, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_uint_eq(res.asid, 0x1234);
    env->tcr_el1 |= TCR_A1;
    ck_assert(xlate(env, 0x403000, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_uint_eq(res.asid, 0x5678);
    /* A global page. */
    map_4k_39(env, 0x403000, 0x40100000, D_AF);
    env->ttbr0_el1 |= 0x1234ULL << 48;
    ck_assert(xlate(env, 0x403000, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert(res.global);
}
END_TEST

START_TEST(test_output_address_above_ips_is_address_size_fault)
{
    CPUARMState *env = setup(cpu_a57);
    ARMTranslateResult res;
    ARMMMUFault fault;

    map_4k_39(env, 0x403000, 0x100000000ULL, D_AF);
    env->tcr_el1 = (env->tcr_el1 & ~TCR_IPS(7)) | TCR_IPS(0);      /* 32-bit PA */
    ck_assert(!xlate(env, 0x403000, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_int_eq(fault.type, ARM_FAULT_ADDRESS_SIZE);
    ck_assert_int_eq(fault.level, 3);
    ck_assert_uint_eq(arm_fault_to_fsc(&fault), 0x03);
    /* With a 48-bit IPS limited by the A57's 44-bit PARange. */
    map_4k_39(env, 0x403000, 1ULL << 45, D_AF);
    ck_assert(!xlate(env, 0x403000, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_int_eq(fault.type, ARM_FAULT_ADDRESS_SIZE);
}
END_TEST

START_TEST(test_tbi_ignores_top_byte_for_data_only)
{
    CPUARMState *env = setup(cpu_a57);
    ARMTranslateResult res;
    ARMMMUFault fault;
    uint64_t tagged = 0x5a00000000403010ULL;

    map_4k_39(env, 0x403000, 0x40100000, D_AF);
    ck_assert(!xlate(env, tagged, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    env->tcr_el1 |= TCR_TBI0;
    ck_assert(xlate(env, tagged, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_uint_eq(res.phys, 0x40100010);
    ck_assert(!xlate(env, tagged, MMU_INST_FETCH, ARM_MMU_IDX_E10_1, &res, &fault));
}
END_TEST

START_TEST(test_walk_into_unmapped_memory_is_external_abort)
{
    CPUARMState *env = setup(cpu_a57);
    ARMTranslateResult res;
    ARMMMUFault fault;

    map_4k_39(env, 0x403000, 0x40100000, D_AF);
    wr64(RAM_BASE + 0x1000 + 2 * 8, 0x10000000 | D_TABLE);     /* L3 table in a hole */
    ck_assert(!xlate(env, 0x403000, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_int_eq(fault.type, ARM_FAULT_SYNC_EXTERNAL_ON_WALK);
    ck_assert_int_eq(fault.level, 3);
    ck_assert_uint_eq(arm_fault_to_fsc(&fault), 0x17);
}
END_TEST

START_TEST(test_big_endian_descriptors_with_sctlr_ee)
{
    CPUARMState *env = setup(cpu_a57);
    ARMTranslateResult res;
    ARMMMUFault fault;
    uint64_t l1 = RAM_BASE, l2 = RAM_BASE + 0x1000;

    env->tcr_el1 = TCR_T0SZ(25) | TCR_TG0_4K | TCR_IPS(5);
    env->ttbr0_el1 = l1;
    env->sctlr_el1 |= SCTLR_EE;
    address_space_stq_be(&address_space_memory, l1, l2 | D_TABLE, ATTRS, NULL);
    address_space_stq_be(&address_space_memory, l2 + 8, 0x40200000 | D_BLOCK | D_AF, ATTRS,
                         NULL);
    ck_assert(xlate(env, 0x200010, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault));
    ck_assert_uint_eq(res.phys, 0x40200010);
}
END_TEST

START_TEST(test_at_instructions_fill_par)
{
    CPUARMState *env = setup(cpu_a57);
    const ARMSysReg *at_s1e1r = arm_sysreg_lookup(env, ARM_SYSREG_ENC(1, 0, 7, 8, 0));
    const ARMSysReg *at_s1e0w = arm_sysreg_lookup(env, ARM_SYSREG_ENC(1, 0, 7, 8, 3));

    ck_assert_ptr_nonnull(at_s1e1r);
    ck_assert_str_eq(at_s1e1r->name, "AT S1E1R");
    map_4k_39(env, 0x403000, 0x40100000, D_AF | D_IDX(1) | D_SH(3));
    arm_sysreg_write(env, at_s1e1r, 0x403abc);
    /* F = 0, PA, SH = Inner, ATTR = 0xff, bit 11 RES1. */
    ck_assert_uint_eq(env->par_el1, 0xff00000040100000ULL | (3 << 7) | (1 << 11));
    /* EL0 write to a kernel page: permission fault level 3. */
    arm_sysreg_write(env, at_s1e0w, 0x403abc);
    ck_assert_uint_eq(env->par_el1, 1 | (0x0f << 1) | (1 << 11));
    /* Device memory is reported as Outer Shareable. */
    map_4k_39(env, 0x403000, 0x40100000, D_AF | D_IDX(0));
    arm_sysreg_write(env, at_s1e1r, 0x403000);
    ck_assert_uint_eq(env->par_el1, 0x0000000040100000ULL | (2 << 7) | (1 << 11));
}
END_TEST

START_TEST(test_get_phys_page_debug_ignores_permissions_of_el0)
{
    CPUARMState *env = setup(cpu_a57);
    hwaddr phys = 0;

    map_4k_39(env, 0x403000, 0x40100000, D_AF | D_UXN | D_PXN);
    env->pstate = (env->pstate & ~PSTATE_EL) | (0 << PSTATE_EL_SHIFT);
    ck_assert(arm_cpu_get_phys_page_debug(CPU(cpu_a57), 0x403008, &phys));
    ck_assert_uint_eq(phys, 0x40100008);
    ck_assert(!arm_cpu_get_phys_page_debug(CPU(cpu_a57), 0x404000, &phys));
}
END_TEST

static Suite *ptw_suite(void)
{
    Suite *s = suite_create("arm-ptw");
    TCase *tc = tcase_create("walk");

    tcase_add_test(tc, test_mmu_off_is_identity_with_device_attributes);
    tcase_add_test(tc, test_mmu_off_address_above_pa_range_faults);
    tcase_add_test(tc, test_4k_page_translates_three_levels);
    tcase_add_test(tc, test_4k_level2_block_maps_2mb);
    tcase_add_test(tc, test_4k_48bit_starts_at_level0_with_1gb_block);
    tcase_add_test(tc, test_ttbr1_translates_high_addresses);
    tcase_add_test(tc, test_address_outside_both_ranges_faults_level0);
    tcase_add_test(tc, test_epd0_disables_ttbr0_walks);
    tcase_add_test(tc, test_16k_granule_on_max);
    tcase_add_test(tc, test_16k_granule_unsupported_on_a57_acts_as_4k);
    tcase_add_test(tc, test_64k_granule_pages_and_512mb_blocks);
    tcase_add_test(tc, test_ttbr1_with_64k_granule);
    tcase_add_test(tc, test_ap_bits_give_el0_and_el1_permissions);
    tcase_add_test(tc, test_uxn_pxn_and_wxn_remove_execute);
    tcase_add_test(tc, test_permission_fault_reports_level_and_access);
    tcase_add_test(tc, test_table_attributes_restrict_permissions);
    tcase_add_test(tc, test_pan_blocks_el1_data_access_to_user_pages);
    tcase_add_test(tc, test_access_flag_clear_faults);
    tcase_add_test(tc, test_reserved_level3_descriptor_faults);
    tcase_add_test(tc, test_ng_pages_carry_the_asid);
    tcase_add_test(tc, test_output_address_above_ips_is_address_size_fault);
    tcase_add_test(tc, test_tbi_ignores_top_byte_for_data_only);
    tcase_add_test(tc, test_walk_into_unmapped_memory_is_external_abort);
    tcase_add_test(tc, test_big_endian_descriptors_with_sctlr_ee);
    tcase_add_test(tc, test_at_instructions_fill_par);
    tcase_add_test(tc, test_get_phys_page_debug_ignores_permissions_of_el0);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr;
    Error *err = NULL;
    int failed;

    memory_init();
    if (!memory_region_init_ram(&ram, NULL, "arm-ptw.ram", RAM_SIZE, &err)) {
        g_error("%s", error_get_pretty(err));
    }
    memory_region_add_subregion(get_system_memory(), RAM_BASE, &ram);
    cpu_a57 = new_cpu("cortex-a57-arm-cpu");
    cpu_max = new_cpu("max-arm-cpu");

    sr = srunner_create(ptw_suite());
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
