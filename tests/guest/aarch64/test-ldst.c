/*
 * A64 loads and stores: every size and sign, every addressing mode (unsigned
 * offset, unscaled, pre/post-index with writeback, register offset with each
 * extend and shift, literal), pairs (LDP/STP/LDPSW/LDNP/STNP), unprivileged
 * forms, unaligned accesses with SCTLR_EL1.A clear, and DC ZVA.
 */
#include "runtime.h"

static uint8_t buf[256] __attribute__((aligned(64)));

static void fill(void)
{
    for (int i = 0; i < 256; i++) {
        buf[i] = (uint8_t)(0x80 + i);
    }
}

/* Little-endian value of n bytes of buf at off. */
static uint64_t le(int off, int n)
{
    uint64_t v = 0;
    for (int i = n - 1; i >= 0; i--) {
        v = (v << 8) | buf[off + i];
    }
    return v;
}

static void test_sizes(void)
{
    uint64_t r, base = (uint64_t)buf;

    fill();
    group_begin("load sizes and sign extension");
    __asm__ volatile("ldrb %w0, [%1]" : "=r"(r) : "r"(base));
    CHECK("ldrb", r, 0x80);
    __asm__ volatile("ldrsb %0, [%1]" : "=r"(r) : "r"(base));
    CHECK("ldrsb x", r, 0xffffffffffffff80ull);
    __asm__ volatile("ldrsb %w0, [%1]" : "=r"(r) : "r"(base));
    CHECK("ldrsb w zero-extends", r, 0xffffff80ull);
    __asm__ volatile("ldrh %w0, [%1, #2]" : "=r"(r) : "r"(base));
    CHECK("ldrh", r, 0x8382);
    __asm__ volatile("ldrsh %0, [%1, #2]" : "=r"(r) : "r"(base));
    CHECK("ldrsh x", r, 0xffffffffffff8382ull);
    __asm__ volatile("ldrsh %w0, [%1, #2]" : "=r"(r) : "r"(base));
    CHECK("ldrsh w", r, 0xffff8382ull);
    __asm__ volatile("ldr %w0, [%1, #4]" : "=r"(r) : "r"(base));
    CHECK("ldr w", r, le(4, 4));
    __asm__ volatile("ldrsw %0, [%1, #4]" : "=r"(r) : "r"(base));
    CHECK("ldrsw", r, 0xffffffff00000000ull | le(4, 4));
    __asm__ volatile("ldr %0, [%1, #8]" : "=r"(r) : "r"(base));
    CHECK("ldr x", r, le(8, 8));
    __asm__ volatile("ldrb %w0, [%1, #4095]" : "=r"(r) : "r"(base - 4095 + 0x7f));
    CHECK("ldrb max imm12", r, 0xff);
    __asm__ volatile("ldr %0, [%1, #32760]" : "=r"(r) : "r"(base + 16 - 32760));
    CHECK("ldr x max scaled imm12", r, le(16, 8));
    group_end();

    group_begin("store sizes");
    fill();
    __asm__ volatile("strb %w0, [%1]" : : "r"(0x1234ull), "r"(base) : "memory");
    CHECK("strb", buf[0], 0x34);
    CHECK("strb leaves next byte", buf[1], 0x81);
    __asm__ volatile("strh %w0, [%1, #2]" : : "r"(0xabcdef12ull), "r"(base) : "memory");
    CHECK("strh", le(2, 2), 0xef12);
    __asm__ volatile("str %w0, [%1, #4]" : : "r"(0x1122334455667788ull), "r"(base) : "memory");
    CHECK("str w", le(4, 4), 0x55667788);
    __asm__ volatile("str %0, [%1, #8]" : : "r"(0x1122334455667788ull), "r"(base) : "memory");
    CHECK("str x", le(8, 8), 0x1122334455667788ull);
    __asm__ volatile("str xzr, [%0, #16]" : : "r"(base) : "memory");
    CHECK("str xzr", le(16, 8), 0);
    __asm__ volatile("strb wzr, [%0, #24]" : : "r"(base) : "memory");
    CHECK("strb wzr", buf[24], 0);
    group_end();
}

static void test_modes(void)
{
    uint64_t r, b, base = (uint64_t)buf;

    fill();
    group_begin("addressing modes");
    b = base;
    __asm__ volatile("ldr %0, [%1, #8]!" : "=r"(r), "+r"(b));
    CHECK("pre-index value", r, le(8, 8));
    CHECK("pre-index writeback", b, base + 8);
    b = base + 16;
    __asm__ volatile("ldr %0, [%1], #-8" : "=r"(r), "+r"(b));
    CHECK("post-index value", r, le(16, 8));
    CHECK("post-index writeback", b, base + 8);
    b = base + 32;
    __asm__ volatile("ldrb %w0, [%1, #-1]!" : "=r"(r), "+r"(b));
    CHECK("ldrb pre-index negative", r, buf[31]);
    CHECK("ldrb pre-index writeback", b, base + 31);
    b = base + 8;
    __asm__ volatile("strh %w2, [%1], #2" : "+m"(buf), "+r"(b) : "r"(0xbeefull));
    CHECK("strh post-index value", le(8, 2), 0xbeef);
    CHECK("strh post-index writeback", b, base + 10);
    fill();
    __asm__ volatile("ldur %0, [%1, #-3]" : "=r"(r) : "r"(base + 16));
    CHECK("ldur negative, unaligned", r, le(13, 8));
    __asm__ volatile("ldursh %w0, [%1, #1]" : "=r"(r) : "r"(base));
    CHECK("ldursh w", r, 0xffff0000ull | le(1, 2));
    __asm__ volatile("ldr %0, [%1, %2, lsl #3]" : "=r"(r) : "r"(base), "r"(2ull));
    CHECK("ldr reg lsl #3", r, le(16, 8));
    __asm__ volatile("ldr %0, [%1, %2]" : "=r"(r) : "r"(base), "r"(3ull));
    CHECK("ldr reg unscaled", r, le(3, 8));
    __asm__ volatile("ldr %w0, [%1, %w2, sxtw #2]" : "=r"(r) : "r"(base + 16), "r"(0xffffffffull));
    CHECK("ldr w reg sxtw #2 negative", r, le(12, 4));
    __asm__ volatile("ldrb %w0, [%1, %w2, uxtw]" : "=r"(r) : "r"(base), "r"(0xffffffff00000005ull));
    CHECK("ldrb reg uxtw", r, buf[5]);
    __asm__ volatile("ldrh %w0, [%1, %2, lsl #1]" : "=r"(r) : "r"(base), "r"(3ull));
    CHECK("ldrh reg lsl #1", r, le(6, 2));
    __asm__ volatile("ldrsw %0, [%1, %2, sxtx #2]" : "=r"(r) : "r"(base + 8), "r"(~0ull));
    CHECK("ldrsw reg sxtx #2", r, 0xffffffff00000000ull | le(4, 4));
    __asm__ volatile("str %w2, [%1, %w3, uxtw #2]" : "+m"(buf) : "r"(base), "r"(0x600dull),
                     "r"(7ull));
    CHECK("str w reg uxtw #2", le(28, 4), 0x600d);
    __asm__ volatile("prfm pldl1keep, [%0, #64]\n\tprfm pstl2strm, [%0, %1]\n\t"
                     "prfum pldl1keep, [%0, #-1]" : : "r"(base), "r"(8ull));
    CHECK("prfm is a hint", 1, 1);
    group_end();

    group_begin("literal loads");
    __asm__ volatile("ldr %0, 1f\n\tb 2f\n\t.balign 8\n1:\t.quad 0x0123456789abcdef\n2:"
                     : "=r"(r));
    CHECK("ldr x literal", r, 0x0123456789abcdefull);
    __asm__ volatile("ldr %w0, 1f\n\tb 2f\n1:\t.word 0x89abcdef\n2:" : "=r"(r));
    CHECK("ldr w literal", r, 0x89abcdefull);
    __asm__ volatile("ldrsw %0, 1f\n\tb 2f\n1:\t.word 0x89abcdef\n2:" : "=r"(r));
    CHECK("ldrsw literal", r, 0xffffffff89abcdefull);
    __asm__ volatile("prfm pldl1keep, 1f\n1:");
    group_end();
}

static void test_pairs(void)
{
    uint64_t r1, r2, b, base = (uint64_t)buf;

    fill();
    group_begin("pairs");
    __asm__ volatile("ldp %0, %1, [%2]" : "=&r"(r1), "=&r"(r2) : "r"(base));
    CHECK("ldp x first", r1, le(0, 8));
    CHECK("ldp x second", r2, le(8, 8));
    __asm__ volatile("ldp %w0, %w1, [%2, #8]" : "=&r"(r1), "=&r"(r2) : "r"(base));
    CHECK("ldp w first", r1, le(8, 4));
    CHECK("ldp w second", r2, le(12, 4));
    __asm__ volatile("ldpsw %0, %1, [%2, #-8]" : "=&r"(r1), "=&r"(r2) : "r"(base + 8));
    CHECK("ldpsw first", r1, 0xffffffff00000000ull | le(0, 4));
    CHECK("ldpsw second", r2, 0xffffffff00000000ull | le(4, 4));
    b = base + 64;
    __asm__ volatile("stp %2, %3, [%1, #-16]!" : "+m"(buf), "+r"(b)
                     : "r"(0x1111ull), "r"(0x2222ull));
    CHECK("stp pre-index writeback", b, base + 48);
    CHECK("stp first", le(48, 8), 0x1111);
    CHECK("stp second", le(56, 8), 0x2222);
    __asm__ volatile("ldp %0, %1, [%2], #16" : "=&r"(r1), "=&r"(r2), "+r"(b));
    CHECK("ldp post-index first", r1, 0x1111);
    CHECK("ldp post-index second", r2, 0x2222);
    CHECK("ldp post-index writeback", b, base + 64);
    __asm__ volatile("stp %w1, %w2, [%0, #128]" : : "r"(base), "r"(0xaaaaull), "r"(0xbbbbull)
                     : "memory");
    CHECK("stp w", le(128, 8), 0x0000bbbb0000aaaaull);
    __asm__ volatile("stnp %1, %2, [%0, #64]" : : "r"(base), "r"(5ull), "r"(6ull) : "memory");
    __asm__ volatile("ldnp %0, %1, [%2, #64]" : "=&r"(r1), "=&r"(r2) : "r"(base));
    CHECK("stnp/ldnp", r1 * 16 + r2, 5 * 16 + 6);
    __asm__ volatile("stp xzr, xzr, [%0, #96]" : : "r"(base) : "memory");
    CHECK("stp xzr", le(96, 8) | le(104, 8), 0);
    /* The base register as Rt2 of a load without writeback: loads, no fault. */
    b = base;
    __asm__ volatile("ldp %0, %1, [%1]" : "=&r"(r1), "+r"(b));
    CHECK("ldp into base register", b, le(8, 8));
    group_end();
}

static void test_unaligned_unpriv(void)
{
    uint64_t r1, r2, base = (uint64_t)buf;

    fill();
    group_begin("unaligned accesses (SCTLR_EL1.A = 0)");
    __asm__ volatile("ldr %0, [%1, #1]" : "=r"(r1) : "r"(base) : "memory");
    CHECK("ldr x at +1", r1, le(1, 8));
    __asm__ volatile("ldr %w0, [%1]" : "=r"(r1) : "r"(base + 3));
    CHECK("ldr w at +3", r1, le(3, 4));
    __asm__ volatile("ldrh %w0, [%1]" : "=r"(r1) : "r"(base + 1));
    CHECK("ldrh at +1", r1, le(1, 2));
    __asm__ volatile("ldp %0, %1, [%2]" : "=&r"(r1), "=&r"(r2) : "r"(base + 4));
    CHECK("ldp x at +4 first", r1, le(4, 8));
    CHECK("ldp x at +4 second", r2, le(12, 8));
    __asm__ volatile("str %0, [%1]" : : "r"(0x0102030405060708ull), "r"(base + 37) : "memory");
    CHECK("str x at +5", le(37, 8), 0x0102030405060708ull);
    __asm__ volatile("strh %w0, [%1]" : : "r"(0xa1b2ull), "r"(base + 63) : "memory");
    CHECK("strh at +63", le(63, 2), 0xa1b2);
    group_end();

    group_begin("unprivileged loads and stores (MMU off)");
    fill();
    __asm__ volatile("ldtr %0, [%1, #8]" : "=r"(r1) : "r"(base));
    CHECK("ldtr", r1, le(8, 8));
    __asm__ volatile("ldtrsb %w0, [%1, #1]" : "=r"(r1) : "r"(base));
    CHECK("ldtrsb w", r1, 0xffffff81ull);
    __asm__ volatile("sttrh %w0, [%1, #-2]" : : "r"(0x5a5aull), "r"(base + 4) : "memory");
    CHECK("sttrh", le(2, 2), 0x5a5a);
    group_end();
}

static uint8_t zva_buf[4096] __attribute__((aligned(2048)));

static void test_dc_zva(void)
{
    uint64_t dczid = READ_SYSREG(dczid_el0);
    unsigned bytes = 4u << (dczid & 0xf);
    int ok_inside = 1, ok_outside = 1;

    if (dczid & 0x10) {
        print("SKIP dc zva: DCZID_EL0.DZP is set\n");
        return;
    }
    group_begin("DC ZVA");
    memset(zva_buf, 0xa5, sizeof(zva_buf));
    /* Any address inside the block zeroes the whole aligned block. */
    __asm__ volatile("dc zva, %0" : : "r"((uint64_t)zva_buf + bytes + 8) : "memory");
    for (unsigned i = 0; i < sizeof(zva_buf); i++) {
        int inside = i >= bytes && i < 2 * bytes;
        if (inside && zva_buf[i] != 0) {
            ok_inside = 0;
        }
        if (!inside && zva_buf[i] != 0xa5) {
            ok_outside = 0;
        }
    }
    CHECK("block zeroed", ok_inside, 1);
    CHECK("rest untouched", ok_outside, 1);
    group_end();
}

int main(void)
{
    test_sizes();
    test_modes();
    test_pairs();
    test_unaligned_unpriv();
    test_dc_zva();
    return finish();
}
