/*
 * Stage-1 translation at EL1 with the 4K granule and a 39-bit VA (T0SZ = 25,
 * walks start at level 1): RAM and the UART identity-mapped with 2 MiB blocks,
 * plus a level-3 table at VA 0x80000000 holding an alias page, a read-only
 * page, a page with AF = 0, an unmapped page and an execute-never code page.
 * Checks data and instruction aborts (ESR/FAR/ELR, fault level) and that
 * TLBI VAE1 after a descriptor change makes the new mapping visible.
 */
#include "runtime.h"

#define ESR_IL 0x02000000u
#define ESR(ec, iss) (((uint64_t)(ec) << 26) | ESR_IL | (iss))
#define WNR (1u << 6)
#define FSC_TRANS(l) (0x04 + (l))
#define FSC_AF(l)    (0x08 + (l))
#define FSC_PERM(l)  (0x0c + (l))

#define PAGE 4096ull
#define BLOCK (2ull << 20)
#define RAM_BASE 0x40000000ull
#define RAM_SIZE (128ull << 20)
#define UART_BASE 0x09000000ull

/* Descriptor bits. */
#define D_VALID   1ull
#define D_TABLE   3ull          /* table (levels 1, 2) or page (level 3) */
#define D_BLOCK   1ull
#define D_ATTR(i) ((uint64_t)(i) << 2)
#define D_AP_RO   (2ull << 6)   /* AP[2:1] = 0b10: EL1 read-only */
#define D_SH_IS   (3ull << 8)
#define D_AF      (1ull << 10)
#define D_PXN     (1ull << 53)
#define D_UXN     (1ull << 54)
#define ATTR_NORMAL 0           /* MAIR index 0: normal write-back */
#define ATTR_DEVICE 1           /* MAIR index 1: Device-nGnRnE */
#define NORMAL (D_ATTR(ATTR_NORMAL) | D_SH_IS | D_AF)
#define DEVICE (D_ATTR(ATTR_DEVICE) | D_AF)

/* The test window: level-1 entry 2 -> level-2 table -> level-3 table. */
#define VA_BASE    0x80000000ull
#define VA_ALIAS   (VA_BASE + 0 * PAGE)
#define VA_RO      (VA_BASE + 1 * PAGE)
#define VA_NOAF    (VA_BASE + 2 * PAGE)
#define VA_UNMAP3  (VA_BASE + 3 * PAGE)  /* invalid level-3 descriptor */
#define VA_XN      (VA_BASE + 4 * PAGE)
#define VA_UNMAP2  (VA_BASE + BLOCK)     /* invalid level-2 descriptor */
#define VA_UNMAP1  0xc0000000ull         /* invalid level-1 descriptor */

static uint64_t l1[512] __attribute__((aligned(4096)));
static uint64_t l2_low[512] __attribute__((aligned(4096)));   /* 0 .. 1 GiB */
static uint64_t l2_ram[512] __attribute__((aligned(4096)));   /* 1 .. 2 GiB */
static uint64_t l2_test[512] __attribute__((aligned(4096)));  /* 2 .. 3 GiB */
static uint64_t l3_test[512] __attribute__((aligned(4096)));
static uint64_t page_a[512] __attribute__((aligned(4096)));
static uint64_t page_b[512] __attribute__((aligned(4096)));

/* A page of code: returns 42. Called through VA_XN and through its own address. */
extern char xn_code[];
uint64_t call_at(uint64_t target);
extern char call_at_resume[];
__asm__(
    ".text\n"
    ".balign 4096\n"
    ".global xn_code\n"
    "xn_code:\n"
    "   mov x0, #42\n"
    "   ret\n"
    ".balign 4096\n"
    /* call_at(target): blr target; an abort resumes at call_at_resume (x0 = 0). */
    ".global call_at\n"
    "call_at:\n"
    "   stp x29, x30, [sp, #-16]!\n"
    "   mov x1, x0\n"
    "   mov x0, #0\n"
    "   blr x1\n"
    ".global call_at_resume\n"
    "call_at_resume:\n"
    "   ldp x29, x30, [sp], #16\n"
    "   ret\n");

static inline void tlbi_va(uint64_t va)
{
    __asm__ volatile("dsb ishst\n\ttlbi vae1is, %0\n\tdsb ish\n\tisb"
                     : : "r"(va >> 12) : "memory");
}

static inline uint64_t load(uint64_t va)
{
    return *(volatile uint64_t *)va;
}

static inline void store(uint64_t va, uint64_t v)
{
    *(volatile uint64_t *)va = v;
}

static void build_tables(void)
{
    uint64_t i;

    l1[0] = (uint64_t)l2_low | D_TABLE;
    l1[1] = (uint64_t)l2_ram | D_TABLE;
    l1[2] = (uint64_t)l2_test | D_TABLE;
    l2_low[UART_BASE / BLOCK] = (UART_BASE & ~(BLOCK - 1)) | DEVICE | D_UXN | D_PXN | D_BLOCK;
    for (i = 0; i < RAM_SIZE / BLOCK; i++) {
        l2_ram[i] = (RAM_BASE + i * BLOCK) | NORMAL | D_BLOCK;
    }
    l2_test[0] = (uint64_t)l3_test | D_TABLE;
    l3_test[0] = (uint64_t)page_a | NORMAL | D_TABLE;
    l3_test[1] = (uint64_t)page_a | NORMAL | D_AP_RO | D_TABLE;
    l3_test[2] = (uint64_t)page_a | (NORMAL & ~D_AF) | D_TABLE;
    l3_test[4] = (uint64_t)xn_code | NORMAL | D_UXN | D_PXN | D_TABLE;
}

static void mmu_on(void)
{
    uint64_t tcr = 25                   /* T0SZ: 39-bit VA */
        | (1ull << 8) | (1ull << 10)    /* IRGN0, ORGN0: write-back */
        | (3ull << 12)                  /* SH0: inner shareable */
        | (0ull << 14)                  /* TG0: 4K */
        | (25ull << 16) | (1ull << 23)  /* T1SZ, EPD1: no TTBR1 walks */
        | (2ull << 32);                 /* IPS: 40 bits */
    uint64_t mair = 0xffull << (8 * ATTR_NORMAL) | 0x00ull << (8 * ATTR_DEVICE);
    uint64_t sctlr = READ_SYSREG(sctlr_el1);

    __asm__ volatile("dsb sy" ::: "memory");
    WRITE_SYSREG(mair_el1, mair);
    WRITE_SYSREG(tcr_el1, tcr);
    WRITE_SYSREG(ttbr0_el1, (uint64_t)l1);
    __asm__ volatile("tlbi vmalle1\n\tdsb sy\n\tisb" ::: "memory");
    sctlr &= ~((1ull << 19) | 2);       /* WXN, A */
    sctlr |= 1 | (1ull << 2) | (1ull << 12);    /* M, C, I */
    WRITE_SYSREG(sctlr_el1, sctlr);
}

static void mmu_off(void)
{
    WRITE_SYSREG(sctlr_el1, READ_SYSREG(sctlr_el1) & ~1ull);
}

/* One access that must fault; returns the address of the faulting instruction. */
#define FAULT(asm_body, ...)                                                            \
    ({                                                                                  \
        uint64_t pc_;                                                                   \
        expect_exception(0);                                                            \
        __asm__ volatile("adr %0, 1f\n1:\t" asm_body : "=&r"(pc_) __VA_ARGS__);        \
        pc_;                                                                            \
    })

static void test_enable_and_alias(void)
{
    group_begin("MMU on, identity map and alias");
    page_a[0] = 0x1111222233334444ull;
    page_a[5] = 0xaaaabbbbccccddddull;
    page_b[0] = 0x5555666677778888ull;
    build_tables();
    mmu_on();
    CHECK("SCTLR_EL1.M set", READ_SYSREG(sctlr_el1) & 1, 1);
    CHECK("TTBR0_EL1 reads back", READ_SYSREG(ttbr0_el1), (uint64_t)l1);
    CHECK("identity-mapped RAM still reads", page_a[5], 0xaaaabbbbccccddddull);
    CHECK("alias reads the RAM page", load(VA_ALIAS), 0x1111222233334444ull);
    CHECK("alias reads at an offset", load(VA_ALIAS + 5 * 8), 0xaaaabbbbccccddddull);
    store(VA_ALIAS + 8, 0x0123456789abcdefull);
    CHECK("a store through the alias is seen at the PA", page_a[1], 0x0123456789abcdefull);
    page_a[2] = 0xfeedfacecafebeefull;
    CHECK("a store at the PA is seen through the alias", load(VA_ALIAS + 16),
          0xfeedfacecafebeefull);
    CHECK("read-only page reads", load(VA_RO + 8), 0x0123456789abcdefull);
    {
        uint64_t par;
        __asm__ volatile("at s1e1r, %1\n\tisb\n\tmrs %0, par_el1" : "=r"(par) : "r"(VA_ALIAS + 0x123));
        CHECK("AT S1E1R on the alias: PAR_EL1.PA", par & 0x0000fffffffff001ull,
              (uint64_t)page_a);
    }
    group_end();
}

static void test_faults(void)
{
    uint64_t pc, r;

    group_begin("permission, access flag and translation faults");
    pc = FAULT("str %1, [%2]", , "=r"(r) : "r"(VA_RO + 24));
    CHECK("store to read-only: taken", exception_taken(), 1);
    CHECK("store to read-only: ESR (permission, level 3, WnR)", exc_last.esr,
          ESR(0x25, WNR | FSC_PERM(3)));
    CHECK("store to read-only: FAR", exc_last.far, VA_RO + 24);
    CHECK("store to read-only: ELR", exc_last.elr, pc);
    CHECK("store to read-only did not write", page_a[3], 0);
    pc = FAULT("ldr %1, [%2]", , "=r"(r) : "r"(VA_NOAF + 8));
    CHECK("load from AF=0: ESR (access flag, level 3)", exc_last.esr, ESR(0x25, FSC_AF(3)));
    CHECK("load from AF=0: FAR", exc_last.far, VA_NOAF + 8);
    CHECK("load from AF=0: ELR", exc_last.elr, pc);
    pc = FAULT("str %1, [%2]", , "=r"(r) : "r"(VA_NOAF));
    CHECK("store to AF=0: ESR (access flag, level 3, WnR)", exc_last.esr,
          ESR(0x25, WNR | FSC_AF(3)));
    pc = FAULT("ldr %1, [%2]", , "=r"(r) : "r"(VA_UNMAP3 + 0x40));
    CHECK("unmapped at level 3: ESR", exc_last.esr, ESR(0x25, FSC_TRANS(3)));
    CHECK("unmapped at level 3: FAR", exc_last.far, VA_UNMAP3 + 0x40);
    CHECK("unmapped at level 3: ELR", exc_last.elr, pc);
    pc = FAULT("ldrb %w1, [%2]", , "=r"(r) : "r"(VA_UNMAP2 + 3));
    CHECK("unmapped at level 2: ESR", exc_last.esr, ESR(0x25, FSC_TRANS(2)));
    CHECK("unmapped at level 2: FAR", exc_last.far, VA_UNMAP2 + 3);
    pc = FAULT("str %1, [%2]", , "=r"(r) : "r"(VA_UNMAP1 + 0x1000));
    CHECK("unmapped at level 1: ESR (WnR)", exc_last.esr, ESR(0x25, WNR | FSC_TRANS(1)));
    CHECK("unmapped at level 1: FAR", exc_last.far, VA_UNMAP1 + 0x1000);
    /* Beyond the 39-bit range of TTBR0 (and TTBR1 walks disabled): level 0. */
    pc = FAULT("ldr %1, [%2]", , "=r"(r) : "r"(1ull << 40));
    CHECK("VA beyond T0SZ: translation fault level 0", exc_last.esr,
          ESR(0x25, FSC_TRANS(0)));
    CHECK("VA beyond T0SZ: FAR", exc_last.far, 1ull << 40);
    (void)pc;
    group_end();

    group_begin("instruction abort on an XN page");
    CHECK("xn_code runs at its own address", call_at((uint64_t)xn_code), 42);
    expect_exception((uint64_t)call_at_resume);
    r = call_at(VA_XN);
    CHECK("branch to XN page: taken", exception_taken(), 1);
    CHECK("branch to XN page: returned through the resume point", r, 0);
    CHECK("branch to XN page: ESR (EC 0x21, permission level 3)", exc_last.esr,
          ESR(0x21, FSC_PERM(3)));
    CHECK("branch to XN page: FAR", exc_last.far, VA_XN);
    CHECK("branch to XN page: ELR", exc_last.elr, VA_XN);
    expect_exception((uint64_t)call_at_resume);
    r = call_at(VA_UNMAP3);
    CHECK("branch to unmapped page: ESR (EC 0x21, translation level 3)", exc_last.esr,
          ESR(0x21, FSC_TRANS(3)));
    CHECK("branch to unmapped page: FAR", exc_last.far, VA_UNMAP3);
    group_end();
}

static void test_tlbi(void)
{
    uint64_t r;

    group_begin("TLBI VAE1 after descriptor changes");
    CHECK("alias maps page_a before", load(VA_ALIAS), 0x1111222233334444ull);
    l3_test[0] = (uint64_t)page_b | NORMAL | D_TABLE;
    tlbi_va(VA_ALIAS);
    CHECK("alias maps page_b after TLBI", load(VA_ALIAS), 0x5555666677778888ull);
    l3_test[1] = (uint64_t)page_a | NORMAL | D_TABLE;
    tlbi_va(VA_RO);
    store(VA_RO + 24, 0x77);
    CHECK("read-only page made writable: the store lands", page_a[3], 0x77);
    l3_test[2] |= D_AF;
    tlbi_va(VA_NOAF);
    CHECK("AF set: the page reads", load(VA_NOAF), 0x1111222233334444ull);
    l3_test[3] = (uint64_t)page_b | NORMAL | D_TABLE;
    tlbi_va(VA_UNMAP3);
    CHECK("unmapped page mapped: reads page_b", load(VA_UNMAP3), 0x5555666677778888ull);
    l3_test[4] = (uint64_t)xn_code | NORMAL | D_TABLE;
    tlbi_va(VA_XN);
    expect_exception((uint64_t)call_at_resume);
    r = call_at(VA_XN);
    CHECK("XN cleared: no exception", exception_taken(), 0);
    CHECK("XN cleared: the code runs through the alias", r, 42);
    /* And back to invalid: the access faults again. */
    l3_test[0] = 0;
    tlbi_va(VA_ALIAS);
    FAULT("ldr %1, [%2]", , "=r"(r) : "r"(VA_ALIAS));
    CHECK("descriptor cleared: translation fault level 3", exc_last.esr,
          ESR(0x25, FSC_TRANS(3)));
    group_end();
}

int main(void)
{
    test_enable_and_alias();
    test_faults();
    test_tlbi();
    mmu_off();
    return finish();
}
