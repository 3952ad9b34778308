/*
 * A64 exclusives and ordering: LDXR/STXR (all sizes), LDAXR/STLXR, LDXP/STXP
 * passing and failing (CLREX, another address), LDAR/STLR, and on CPUs with
 * FEAT_LSE (ID_AA64ISAR0_EL1.Atomic >= 2) the LD<op>, ST<op>, SWP, CAS and
 * CASP families; without it, an LSE instruction must be UNDEFINED.
 */
#include "runtime.h"

static uint64_t mem[8] __attribute__((aligned(64)));

static void test_exclusive(void)
{
    uint64_t r, status, lo, hi, a = (uint64_t)mem;

    group_begin("exclusives");
    mem[0] = 41;
    __asm__ volatile("ldxr %0, [%2]\n\tadd %0, %0, #1\n\tstxr %w1, %0, [%2]"
                     : "=&r"(r), "=&r"(status) : "r"(a) : "memory");
    CHECK("ldxr/stxr status", status, 0);
    CHECK("ldxr/stxr stored", mem[0], 42);
    __asm__ volatile("ldxr %0, [%2]\n\tclrex\n\tstxr %w1, %3, [%2]"
                     : "=&r"(r), "=&r"(status) : "r"(a), "r"(7ull) : "memory");
    CHECK("stxr after clrex fails", status, 1);
    CHECK("failed stxr stores nothing", mem[0], 42);
    __asm__ volatile("stxr %w0, %2, [%1]" : "=&r"(status) : "r"(a), "r"(8ull) : "memory");
    CHECK("stxr without ldxr fails", status, 1);
    __asm__ volatile("ldxr %0, [%2]\n\tstxr %w1, %3, [%4]"
                     : "=&r"(r), "=&r"(status) : "r"(a), "r"(9ull), "r"(a + 8) : "memory");
    CHECK("stxr to another address fails", status, 1);
    CHECK("other address untouched", mem[1], 0);
    mem[2] = 0x1122334455667788ull;
    __asm__ volatile("ldxrb %w0, [%2]\n\tstxrb %w1, %w3, [%2]"
                     : "=&r"(r), "=&r"(status) : "r"(a + 16), "r"(0xaaull) : "memory");
    CHECK("ldxrb value", r, 0x88);
    CHECK("stxrb status", status, 0);
    CHECK("stxrb stored one byte", mem[2], 0x11223344556677aaull);
    __asm__ volatile("ldaxrh %w0, [%2]\n\tstlxrh %w1, %w3, [%2]"
                     : "=&r"(r), "=&r"(status) : "r"(a + 16), "r"(0xbbbbull) : "memory");
    CHECK("ldaxrh value", r, 0x77aa);
    CHECK("stlxrh status", status, 0);
    CHECK("stlxrh stored", mem[2], 0x112233445566bbbbull);
    __asm__ volatile("ldaxr %w0, [%2]\n\tstlxr %w1, %w3, [%2]"
                     : "=&r"(r), "=&r"(status) : "r"(a + 16), "r"(0xccccddddull) : "memory");
    CHECK("ldaxr w value", r, 0x5566bbbb);
    CHECK("stlxr w status", status, 0);
    CHECK("stlxr w stored", mem[2], 0x11223344ccccddddull);
    mem[4] = 1;
    mem[5] = 2;
    __asm__ volatile("ldxp %0, %1, [%3]\n\tstxp %w2, %4, %5, [%3]"
                     : "=&r"(lo), "=&r"(hi), "=&r"(status)
                     : "r"(a + 32), "r"(0x10ull), "r"(0x20ull) : "memory");
    CHECK("ldxp first", lo, 1);
    CHECK("ldxp second", hi, 2);
    CHECK("stxp status", status, 0);
    CHECK("stxp first", mem[4], 0x10);
    CHECK("stxp second", mem[5], 0x20);
    __asm__ volatile("ldaxp %w0, %w1, [%3]\n\tstlxp %w2, %w4, %w5, [%3]"
                     : "=&r"(lo), "=&r"(hi), "=&r"(status)
                     : "r"(a + 32), "r"(0x3ull), "r"(0x4ull) : "memory");
    CHECK("ldaxp w first", lo, 0x10);
    CHECK("ldaxp w second", hi, 0);
    CHECK("stlxp w status", status, 0);
    CHECK("stlxp w stored", mem[4], 0x0000000400000003ull);
    __asm__ volatile("ldxp %0, %1, [%3]\n\tclrex\n\tstxp %w2, %4, %4, [%3]"
                     : "=&r"(lo), "=&r"(hi), "=&r"(status) : "r"(a + 32), "r"(0ull) : "memory");
    CHECK("stxp after clrex fails", status, 1);
    CHECK("failed stxp stores nothing", mem[4], 0x0000000400000003ull);
    group_end();

    group_begin("load-acquire, store-release");
    __asm__ volatile("stlr %1, [%0]" : : "r"(a + 48), "r"(0x5555ull) : "memory");
    __asm__ volatile("ldar %0, [%1]" : "=r"(r) : "r"(a + 48) : "memory");
    CHECK("stlr/ldar x", r, 0x5555);
    __asm__ volatile("stlrb %w1, [%0]" : : "r"(a + 48), "r"(0xffull) : "memory");
    __asm__ volatile("ldarh %w0, [%1]" : "=r"(r) : "r"(a + 48) : "memory");
    CHECK("stlrb/ldarh", r, 0x55ff);
    __asm__ volatile("ldar %w0, [%1]" : "=r"(r) : "r"(a + 48) : "memory");
    CHECK("ldar w", r, 0x55ff);
    __asm__ volatile("dmb ish\n\tdmb ishld\n\tdmb ishst\n\tdsb sy\n\tisb" ::: "memory");
    group_end();
}

static int have_lse(void)
{
    return ((READ_SYSREG(id_aa64isar0_el1) >> 20) & 0xf) >= 2;
}

#define LSE ".arch_extension lse\n\t"

static void test_lse(void)
{
    uint64_t r, a = (uint64_t)mem, c, lo, hi;

    group_begin("LSE atomics");
    mem[0] = 10;
    __asm__ volatile(LSE "ldadd %1, %0, [%2]" : "=r"(r) : "r"(5ull), "r"(a) : "memory");
    CHECK("ldadd old", r, 10);
    CHECK("ldadd new", mem[0], 15);
    __asm__ volatile(LSE "staddl %0, [%1]" : : "r"(1ull), "r"(a) : "memory");
    CHECK("staddl", mem[0], 16);
    mem[0] = 0xff;
    __asm__ volatile(LSE "ldclral %1, %0, [%2]" : "=r"(r) : "r"(0x0full), "r"(a) : "memory");
    CHECK("ldclral old", r, 0xff);
    CHECK("ldclral new", mem[0], 0xf0);
    __asm__ volatile(LSE "ldeora %1, %0, [%2]" : "=r"(r) : "r"(0xffull), "r"(a) : "memory");
    CHECK("ldeora new", mem[0], 0x0f);
    __asm__ volatile(LSE "ldset %1, %0, [%2]" : "=r"(r) : "r"(0x100ull), "r"(a) : "memory");
    CHECK("ldset new", mem[0], 0x10f);
    mem[1] = 0x00000000000000f0ull;
    __asm__ volatile(LSE "ldaddb %w1, %w0, [%2]" : "=r"(r) : "r"(0x20ull), "r"(a + 8)
                     : "memory");
    CHECK("ldaddb old", r, 0xf0);
    CHECK("ldaddb wraps in the byte", mem[1], 0x10);
    mem[1] = 0x8000;
    __asm__ volatile(LSE "ldsmaxh %w1, %w0, [%2]" : "=r"(r) : "r"(1ull), "r"(a + 8)
                     : "memory");
    CHECK("ldsmaxh: 1 > -32768", mem[1], 1);
    mem[1] = 0x8000;
    __asm__ volatile(LSE "ldumaxh %w1, %w0, [%2]" : "=r"(r) : "r"(1ull), "r"(a + 8)
                     : "memory");
    CHECK("ldumaxh: 0x8000 > 1", mem[1], 0x8000);
    mem[1] = 0xfffffffffffffff0ull;
    __asm__ volatile(LSE "ldsmin %1, %0, [%2]" : "=r"(r) : "r"(3ull), "r"(a + 8) : "memory");
    CHECK("ldsmin", mem[1], 0xfffffffffffffff0ull);
    __asm__ volatile(LSE "ldumin %1, %0, [%2]" : "=r"(r) : "r"(3ull), "r"(a + 8) : "memory");
    CHECK("ldumin", mem[1], 3);
    mem[2] = 0xaaaaaaaabbbbbbbbull;
    __asm__ volatile(LSE "swp %w1, %w0, [%2]" : "=r"(r) : "r"(0x12345678ull), "r"(a + 16)
                     : "memory");
    CHECK("swp w old", r, 0xbbbbbbbb);
    CHECK("swp w new", mem[2], 0xaaaaaaaa12345678ull);
    mem[3] = 100;
    c = 100;
    __asm__ volatile(LSE "casal %0, %1, [%2]" : "+r"(c) : "r"(200ull), "r"(a + 24) : "memory");
    CHECK("cas success returns old", c, 100);
    CHECK("cas success stores", mem[3], 200);
    c = 100;
    __asm__ volatile(LSE "cas %0, %1, [%2]" : "+r"(c) : "r"(300ull), "r"(a + 24) : "memory");
    CHECK("cas failure returns current", c, 200);
    CHECK("cas failure stores nothing", mem[3], 200);
    mem[4] = 0x1234;
    c = 0xffff0000 | 0x1234;
    __asm__ volatile(LSE "cash %w0, %w1, [%2]" : "+r"(c) : "r"(0x4321ull), "r"(a + 32)
                     : "memory");
    CHECK("cash compares 16 bits", mem[4], 0x4321);
    CHECK("cash returns zero-extended", c, 0x1234);
    mem[6] = 1;
    mem[7] = 2;
    {
        register uint64_t x0 __asm__("x0") = 1, x1 __asm__("x1") = 2;
        register uint64_t x2 __asm__("x2") = 3, x3 __asm__("x3") = 4;
        __asm__ volatile(LSE "caspal x0, x1, x2, x3, [%4]"
                         : "+r"(x0), "+r"(x1) : "r"(x2), "r"(x3), "r"(a + 48) : "memory");
        lo = x0;
        hi = x1;
    }
    CHECK("casp success old first", lo, 1);
    CHECK("casp success old second", hi, 2);
    CHECK("casp stored first", mem[6], 3);
    CHECK("casp stored second", mem[7], 4);
    {
        register uint64_t x4 __asm__("x4") = 3, x5 __asm__("x5") = 5;
        register uint64_t x6 __asm__("x6") = 7, x7 __asm__("x7") = 8;
        __asm__ volatile(LSE "casp x4, x5, x6, x7, [%4]"
                         : "+r"(x4), "+r"(x5) : "r"(x6), "r"(x7), "r"(a + 48) : "memory");
        lo = x4;
        hi = x5;
    }
    CHECK("casp failure returns current first", lo, 3);
    CHECK("casp failure returns current second", hi, 4);
    CHECK("casp failure stores nothing", mem[6] + mem[7], 7);
    mem[0] = 0x0000000200000001ull;
    {
        register uint64_t x8 __asm__("x8") = 1, x9 __asm__("x9") = 2;
        register uint64_t x10 __asm__("x10") = 0xa, x11 __asm__("x11") = 0xb;
        __asm__ volatile(LSE "casp w8, w9, w10, w11, [%4]"
                         : "+r"(x8), "+r"(x9) : "r"(x10), "r"(x11), "r"(a) : "memory");
    }
    CHECK("casp w stored", mem[0], 0x0000000b0000000aull);
    group_end();
}

static void test_no_lse(void)
{
    uint64_t r;

    group_begin("LSE absent: UNDEFINED");
    expect_exception(0);
    __asm__ volatile(LSE "ldadd %1, %0, [%2]" : "=r"(r) : "r"(1ull), "r"((uint64_t)mem)
                     : "memory");
    CHECK("ldadd raised an exception", exception_taken(), 1);
    CHECK("ldadd ESR is EC 0 with IL", exc_last.esr, 0x02000000);
    group_end();
}

int main(void)
{
    test_exclusive();
    if (have_lse()) {
        test_lse();
    } else {
        test_no_lse();
    }
    return finish();
}
