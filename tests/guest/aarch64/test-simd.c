/*
 * A64 AdvSIMD: every instruction class on edge lanes (wrap-around, saturation
 * with FPSR.QC, rounding shifts, signed against unsigned, narrowing and
 * widening, across-lanes reductions, permutes and table lookups, load/store
 * structures with post-index) and the vector floating-point forms with NaN,
 * infinity and rounding corners. Expected values are worked out from the Arm
 * ARM pseudocode by hand, never computed by the code under test.
 */
#include "runtime.h"

typedef uint64_t v2d __attribute__((vector_size(16)));

#define V(lo, hi) ((v2d){ (uint64_t)(lo), (uint64_t)(hi) })
#define FPSR_QC (1u << 27)

static void check_v(const char *what, v2d got, uint64_t lo, uint64_t hi)
{
    check_u64(what, got[0], lo);
    check_u64(what, got[1], hi);
}

static uint64_t read_fpsr(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, fpsr" : "=r"(v));
    return v;
}

static void write_fpsr(uint64_t v)
{
    __asm__ volatile("msr fpsr, %0" : : "r"(v));
}

static void write_fpcr(uint64_t v)
{
    __asm__ volatile("msr fpcr, %0" : : "r"(v));
}

/* r = insn(a, b); and the accumulate form r = insn(d, a, b). */
#define T2(insn, a, b, lo, hi) do { \
        v2d r_, a_ = (a), b_ = (b); \
        __asm__ volatile(insn : "=w"(r_) : "w"(a_), "w"(b_)); \
        check_v(insn, r_, (lo), (hi)); \
    } while (0)
#define T1(insn, a, lo, hi) do { \
        v2d r_, a_ = (a); \
        __asm__ volatile(insn : "=w"(r_) : "w"(a_)); \
        check_v(insn, r_, (lo), (hi)); \
    } while (0)
#define TA2(insn, d, a, b, lo, hi) do { \
        v2d r_ = (d), a_ = (a), b_ = (b); \
        __asm__ volatile(insn : "+w"(r_) : "w"(a_), "w"(b_)); \
        check_v(insn, r_, (lo), (hi)); \
    } while (0)
#define TA1(insn, d, a, lo, hi) do { \
        v2d r_ = (d), a_ = (a); \
        __asm__ volatile(insn : "+w"(r_) : "w"(a_)); \
        check_v(insn, r_, (lo), (hi)); \
    } while (0)
/* By-element forms of 16-bit lanes: Rm must be V0-V15. */
#define T2X(insn, a, b, lo, hi) do { \
        v2d r_, a_ = (a), b_ = (b); \
        __asm__ volatile(insn : "=w"(r_) : "w"(a_), "x"(b_)); \
        check_v(insn, r_, (lo), (hi)); \
    } while (0)
/* The same, and whether FPSR.QC ended up set. */
#define TQ2(insn, a, b, lo, hi, qc) do { \
        write_fpsr(0); \
        T2(insn, a, b, lo, hi); \
        CHECK(insn " QC", (read_fpsr() & FPSR_QC) != 0, (qc)); \
    } while (0)
#define TQ1(insn, a, lo, hi, qc) do { \
        write_fpsr(0); \
        T1(insn, a, lo, hi); \
        CHECK(insn " QC", (read_fpsr() & FPSR_QC) != 0, (qc)); \
    } while (0)

static const v2d junk = { 0xdeadbeefcafef00dull, 0x0123456789abcdefull };

static void test_moves(void)
{
    uint64_t x;

    group_begin("movi/dup/ins/umov/smov");
    TA1("movi %0.16b, #0xab", junk, junk, 0xababababababababull, 0xababababababababull);
    TA1("movi %0.8b, #0x01", junk, junk, 0x0101010101010101ull, 0);
    TA1("movi %0.2d, #0xff00ff0000ff00ff", junk, junk, 0xff00ff0000ff00ffull,
        0xff00ff0000ff00ffull);
    TA1("movi %d0, #0xffff0000000000ff", junk, junk, 0xffff0000000000ffull, 0);
    TA1("movi %0.4s, #0x12, lsl #8", junk, junk, 0x0000120000001200ull, 0x0000120000001200ull);
    TA1("mvni %0.4s, #0x12, lsl #8", junk, junk, 0xffffedffffffedffull, 0xffffedffffffedffull);
    TA1("movi %0.4s, #0x12, msl #16", junk, junk, 0x0012ffff0012ffffull, 0x0012ffff0012ffffull);
    TA1("movi %0.4h, #0x34, lsl #8", junk, junk, 0x3400340034003400ull, 0);
    TA1("orr %0.4s, #0x80, lsl #24", V(1, 2), V(1, 2), 0x8000000080000001ull,
        0x8000000080000002ull);
    TA1("bic %0.8h, #0xff", V(0x1234567890abcdefull, 0xffffffffffffffffull), junk,
        0x120056009000cd00ull, 0xff00ff00ff00ff00ull);
    TA1("bic %0.2s, #0x1, lsl #0", V(0xffffffffffffffffull, 0x1234), junk,
        0xfffffffefffffffeull, 0);
    TA1("fmov %0.4s, #1.0", junk, junk, 0x3f8000003f800000ull, 0x3f8000003f800000ull);
    TA1("fmov %0.2d, #-2.5", junk, junk, 0xc004000000000000ull, 0xc004000000000000ull);
    TA1("fmov %0.2s, #0.125", junk, junk, 0x3e0000003e000000ull, 0);

    TA1("dup %0.8h, %1.h[5]", junk, V(0, 0x00000000beef0000ull), 0xbeefbeefbeefbeefull,
        0xbeefbeefbeefbeefull);
    TA1("dup %0.2s, %1.s[3]", junk, V(0, 0x8765432100000000ull), 0x8765432187654321ull, 0);
    TA1("dup %0.2d, %1.d[1]", junk, V(1, 2), 2, 2);
    TA1("mov %0.s[1], %1.s[2]", V(0x1111111122222222ull, 0x3333333344444444ull),
        V(0, 0x55555555aaaaaaaaull), 0xaaaaaaaa22222222ull, 0x3333333344444444ull);
    TA1("mov %0.b[15], %1.b[0]", V(0, 0), V(0x99, 0), 0, 0x9900000000000000ull);
    TA1("mov %b0, %1.b[9]", junk, V(0, 0xee00), 0xee, 0);
    TA1("mov %d0, %1.d[1]", junk, V(1, 0x5555), 0x5555, 0);
    {
        v2d r = junk;
        __asm__ volatile("dup %0.16b, %w1" : "=w"(r) : "r"(0x1234567u));
        check_v("dup 16b, w", r, 0x6767676767676767ull, 0x6767676767676767ull);
        __asm__ volatile("dup %0.4h, %w1" : "=w"(r) : "r"(0xabcd1234u));
        check_v("dup 4h, w", r, 0x1234123412341234ull, 0);
        __asm__ volatile("dup %0.2d, %1" : "=w"(r) : "r"(0x8000000000000001ull));
        check_v("dup 2d, x", r, 0x8000000000000001ull, 0x8000000000000001ull);
        r = V(0, 0);
        __asm__ volatile("mov %0.h[6], %w1" : "+w"(r) : "r"(0xfffff00du));
        check_v("ins h[6], w", r, 0, 0x0000f00d00000000ull);
        __asm__ volatile("mov %0.d[0], %1" : "+w"(r) : "r"(0x1122334455667788ull));
        check_v("ins d[0], x", r, 0x1122334455667788ull, 0x0000f00d00000000ull);
    }
    {
        v2d a = V(0x80ff7f0123456789ull, 0xfedcba9876543210ull);
        __asm__ volatile("umov %w0, %1.b[6]" : "=r"(x) : "w"(a));
        CHECK("umov w, b[6]", x, 0xff);
        __asm__ volatile("umov %w0, %1.h[3]" : "=r"(x) : "w"(a));
        CHECK("umov w, h[3]", x, 0x80ff);
        __asm__ volatile("mov %0, %1.d[1]" : "=r"(x) : "w"(a));
        CHECK("umov x, d[1]", x, 0xfedcba9876543210ull);
        __asm__ volatile("smov %0, %1.b[7]" : "=r"(x) : "w"(a));
        CHECK("smov x, b[7]", x, 0xffffffffffffff80ull);
        __asm__ volatile("smov %w0, %1.h[3]" : "=r"(x) : "w"(a));
        CHECK("smov w, h[3]", x, 0xffff80ffull);
        __asm__ volatile("smov %0, %1.s[3]" : "=r"(x) : "w"(a));
        CHECK("smov x, s[3]", x, 0xfffffffffedcba98ull);
        __asm__ volatile("smov %0, %1.h[2]" : "=r"(x) : "w"(a));
        CHECK("smov x, h[2]", x, 0x7f01);
    }
    group_end();
}

static void test_logic(void)
{
    v2d a = V(0xff00ff00f0f0f0f0ull, 0x123456789abcdef0ull);
    v2d b = V(0x0ff00ff0ccccccccull, 0xffff0000ffff0000ull);
    v2d d = V(0xaaaaaaaaaaaaaaaaull, 0x5555555555555555ull);

    group_begin("bitwise");
    T2("and %0.16b, %1.16b, %2.16b", a, b, 0x0f000f00c0c0c0c0ull, 0x123400009abc0000ull);
    T2("bic %0.16b, %1.16b, %2.16b", a, b, 0xf000f00030303030ull, 0x000056780000def0ull);
    T2("orr %0.16b, %1.16b, %2.16b", a, b, 0xfff0fff0fcfcfcfcull, 0xffff5678ffffdef0ull);
    T2("orn %0.8b, %1.8b, %2.8b", a, b, 0xff0fff0ff3f3f3f3ull, 0);
    T2("eor %0.16b, %1.16b, %2.16b", a, b, 0xf0f0f0f03c3c3c3cull, 0xedcb56786543def0ull);
    TA2("bsl %0.16b, %1.16b, %2.16b", d, a, b, 0xaf50af50e4e4e4e4ull, 0xbabe5450babe5450ull);
    TA2("bit %0.16b, %1.16b, %2.16b", d, a, b, 0xaf0aaf0ae2e2e2e2ull, 0x123455559abc5555ull);
    TA2("bif %0.8b, %1.8b, %2.8b", d, a, b, 0xfaa0faa0b8b8b8b8ull, 0);
    T1("not %0.16b, %1.16b", a, 0x00ff00ff0f0f0f0full, 0xedcba9876543210full);
    T1("mvn %0.8b, %1.8b", a, 0x00ff00ff0f0f0f0full, 0);
    T1("mov %0.16b, %1.16b", a, 0xff00ff00f0f0f0f0ull, 0x123456789abcdef0ull);
    group_end();
}

static void test_arith(void)
{
    group_begin("add/sub/saturate");
    T2("add %0.16b, %1.16b, %2.16b", V(0xff7f800102030405ull, 0x10), V(0x0101010101010101ull, 0xf0),
       0x0080810203040506ull, 0);
    T2("add %0.2d, %1.2d, %2.2d", V(-1, 5), V(1, 6), 0, 11);
    T2("sub %0.4h, %1.4h, %2.4h", V(0x0000800000050001ull, 7), V(0x0001000100060001ull, 1),
       0xffff7fffffff0000ull, 0);
    T2("add %d0, %d1, %d2", V(0x7fffffffffffffffull, 9), V(1, 9), 0x8000000000000000ull, 0);
    T2("sub %d0, %d1, %d2", V(0, 9), V(1, 9), 0xffffffffffffffffull, 0);
    TQ2("sqadd %0.8h, %1.8h, %2.8h", V(0x7fff80007ffe0001ull, 0x8001000000000000ull),
        V(0x00018000000100ffull, 0xfffe000000000000ull),
        0x7fff80007fff0100ull, 0x8000000000000000ull, 1);
    TQ2("sqadd %0.4s, %1.4s, %2.4s", V(0x0000000100000002ull, 3), V(0x0000000100000002ull, 4),
        0x0000000200000004ull, 7, 0);
    TQ2("uqadd %0.16b, %1.16b, %2.16b", V(0xff80017full, 0), V(0x0180ff01ull, 0),
        0xffffff80ull, 0, 1);
    TQ2("sqsub %0.4s, %1.4s, %2.4s", V(0x8000000000000000ull, 0x7fffffff),
        V(0x0000000100000001ull, 0xffffffff),
        0x80000000ffffffffull, 0x7fffffff, 1);
    TQ2("uqsub %0.8h, %1.8h, %2.8h", V(0x0005000500000010ull, 0), V(0x0006000400010008ull, 0),
        0x0000000100000008ull, 0, 1);
    TQ2("sqadd %b0, %b1, %b2", V(0x7f, 0), V(0x7f, 0), 0x7f, 0, 1);
    TQ2("uqsub %s0, %s1, %s2", V(3, 0), V(4, 0), 0, 0, 1);
    TQ2("sqsub %d0, %d1, %d2", V(0x8000000000000000ull, 0), V(1, 0), 0x8000000000000000ull, 0, 1);
    T2("shadd %0.8b, %1.8b, %2.8b", V(0x807f0103ull, 0), V(0x807f01ffull, 0), 0x807f0101ull, 0);
    T2("uhadd %0.8b, %1.8b, %2.8b", V(0xff800103ull, 0), V(0xff8001ffull, 0), 0xff800181ull, 0);
    T2("srhadd %0.4h, %1.4h, %2.4h", V(0x0001fffe00007fffull, 0), V(0x0002ffff00017fffull, 0),
       0x0002ffff00017fffull, 0);
    T2("urhadd %0.16b, %1.16b, %2.16b", V(0xff0001ull, 0), V(0xff0102ull, 0), 0xff0102ull, 0);
    T2("shsub %0.4s, %1.4s, %2.4s", V(0x8000000000000005ull, 0), V(0x7fffffff00000002ull, 0),
       0x8000000000000001ull, 0);
    T2("uhsub %0.8b, %1.8b, %2.8b", V(0x0100ull, 0), V(0x0002ull, 0), 0xffull, 0);
    group_end();

    group_begin("mul/minmax/abd");
    T2("mul %0.8h, %1.8h, %2.8h", V(0x0100fffe00030002ull, 0x8000), V(0x01000003fffd0005ull, 2),
       0x0000fffafff7000aull, 0);
    TA2("mla %0.4s, %1.4s, %2.4s", V(0x0000000a00000001ull, 5), V(0x0000000300000002ull, 7),
        V(0x0000000400000003ull, 0xffffffff), 0x0000001600000007ull, 0xfffffffe);
    TA2("mls %0.2s, %1.2s, %2.2s", V(0x0000000a00000001ull, 5), V(0x0000000300000002ull, 7),
        V(0x0000000400000003ull, 0xffffffff), 0xfffffffefffffffbull, 0);
    T2("pmul %0.8b, %1.8b, %2.8b", V(0xff0305ull, 0), V(0x030307ull, 0), 0x01051bull, 0);
    T2("smax %0.16b, %1.16b, %2.16b", V(0x80ff017full, 0), V(0x7f00ff80ull, 0), 0x7f00017full, 0);
    T2("umin %0.16b, %1.16b, %2.16b", V(0x80ff017full, 0), V(0x7f00ff80ull, 0), 0x7f00017full, 0);
    T2("umax %0.4h, %1.4h, %2.4h", V(0x8000000100020003ull, 0), V(0x7fff000300010003ull, 0),
       0x8000000300020003ull, 0);
    T2("smin %0.4s, %1.4s, %2.4s", V(0x8000000000000001ull, 5), V(0x7fffffffffffffffull, 6),
       0x80000000ffffffffull, 5);
    T2("sabd %0.8b, %1.8b, %2.8b", V(0x807f05ull, 0), V(0x7f8003ull, 0), 0xffff02ull, 0);
    T2("uabd %0.8b, %1.8b, %2.8b", V(0x807f05ull, 0), V(0x7f8003ull, 0), 0x010102ull, 0);
    TA2("uaba %0.8b, %1.8b, %2.8b", V(0x010101ull, 0), V(0x807f05ull, 0), V(0x7f8003ull, 0),
        0x020203ull, 0);
    TA2("saba %0.4h, %1.4h, %2.4h", V(0xfff0, 0), V(0x8000, 0), V(0x7fff, 0), 0xffef, 0);
    TQ2("sqdmulh %0.8h, %1.8h, %2.8h", V(0x800040004000ffffull, 0), V(0x800040000002ffffull, 0),
        0x7fff200000010000ull, 0, 1);
    TQ2("sqrdmulh %0.4s, %1.4s, %2.4s", V(0x4000000000000001ull, 0), V(0x0000000140000000ull, 0),
        0x0000000100000001ull, 0, 0);
    TQ2("sqdmulh %s0, %s1, %s2", V(0x80000000ull, 0), V(0x80000000ull, 0), 0x7fffffff, 0, 1);
    group_end();
}

static void test_compare(void)
{
    v2d a = V(0x80ff007f01020304ull, 0x0000000000000000ull);
    v2d b = V(0x7f01007f01030204ull, 0xffffffffffffffffull);

    group_begin("compare");
    T2("cmeq %0.16b, %1.16b, %2.16b", a, b, 0x0000ffffff0000ffull, 0);
    T2("cmgt %0.16b, %1.16b, %2.16b", a, b, 0x000000000000ff00ull, 0xffffffffffffffffull);
    T2("cmhi %0.16b, %1.16b, %2.16b", a, b, 0xffff00000000ff00ull, 0);
    T2("cmge %0.8h, %1.8h, %2.8h", a, b, 0x0000ffff0000ffffull, 0xffffffffffffffffull);
    T2("cmhs %0.4s, %1.4s, %2.4s", a, b, 0xffffffff00000000ull, 0);
    T2("cmtst %0.16b, %1.16b, %2.16b", a, b, 0x00ff00ffffffffffull, 0);
    T2("cmgt %d0, %d1, %d2", V(1, 0), V(0xffffffffffffffffull, 0), 0xffffffffffffffffull, 0);
    T2("cmhi %d0, %d1, %d2", V(1, 0), V(0xffffffffffffffffull, 0), 0, 0);
    T1("cmeq %0.8h, %1.8h, #0", V(0x0000000100000000ull, 0xffff), 0xffff0000ffffffffull,
       0xffffffffffff0000ull);
    T1("cmgt %0.4s, %1.4s, #0", V(0x8000000000000001ull, 0), 0xffffffff, 0);
    T1("cmge %0.8b, %1.8b, #0", V(0x80ff007f01ull, 0), 0xffffff0000ffffffull, 0);
    T1("cmle %0.16b, %1.16b, #0", V(0x80ff007f01ull, 0), 0xffffffffffff0000ull,
       0xffffffffffffffffull);
    T1("cmlt %0.2d, %1.2d, #0", V(0x8000000000000000ull, 0x7fffffffffffffffull),
       0xffffffffffffffffull, 0);
    T1("abs %0.16b, %1.16b", V(0x80ff7f01ull, 0), 0x80017f01ull, 0);
    T1("neg %0.4h, %1.4h", V(0x8000ffff00000001ull, 0), 0x800000010000ffffull, 0);
    T1("abs %d0, %d1", V(0x8000000000000001ull, 5), 0x7fffffffffffffffull, 0);
    TQ1("sqabs %0.16b, %1.16b", V(0x80ff7f01ull, 0), 0x7f017f01ull, 0, 1);
    TQ1("sqneg %0.4s, %1.4s", V(0x80000000ffffffffull, 5), 0x7fffffff00000001ull, 0xfffffffb, 1);
    TQ1("sqneg %h0, %h1", V(0x7fff, 0), 0x8001, 0, 0);
    group_end();
}

static void test_shifts(void)
{
    group_begin("shift by register");
    /* shift bytes: 1, -1, -8, 8 (signed low byte) */
    T2("sshl %0.4h, %1.4h, %2.4h", V(0x8001800180018001ull, 0), V(0x000100ff00f80008ull, 0),
       0x0002c000ff800100ull, 0);
    T2("ushl %0.4h, %1.4h, %2.4h", V(0x8001800180018001ull, 0), V(0x000100ff00f80010ull, 0),
       0x0002400000800000ull, 0);
    T2("srshl %0.4s, %1.4s, %2.4s", V(0xfffffffd00000005ull, 0x7fffffff),
       V(0x000000ff000000ffull, 0xe1),
       0xffffffff00000003ull, 1);
    T2("urshl %0.2d, %1.2d, %2.2d", V(3, 0xffffffffffffffffull), V(0xff, 0xc0),
       2, 1);
    TQ2("sqshl %0.8b, %1.8b, %2.8b", V(0x4080ff0140ull, 0), V(0x0101010101ull, 0),
        0x7f80fe027full, 0, 1);
    TQ2("uqshl %0.4h, %1.4h, %2.4h", V(0x0001800000010003ull, 0), V(0x000f000100400000ull, 0),
        0x8000ffffffff0003ull, 0, 1);
    TQ2("sqrshl %0.4s, %1.4s, %2.4s", V(0x0000000300000001ull, 0), V(0x000000ff0000001full, 0),
        0x000000027fffffffull, 0, 1);
    TQ2("uqrshl %d0, %d1, %d2", V(5, 0), V(0xfe, 0), 1, 0, 0);
    T2("sshl %d0, %d1, %d2", V(0x8000000000000000ull, 0), V(0xc1, 0), 0xffffffffffffffffull, 0);
    group_end();

    group_begin("shift by immediate");
    T1("sshr %0.16b, %1.16b, #8", V(0x807f01ffull, 0), 0xff0000ffull, 0);
    T1("ushr %0.8h, %1.8h, #16", V(0xffff8000ull, 0), 0, 0);
    T1("sshr %0.4s, %1.4s, #1", V(0x80000001ull, 3), 0xc0000000ull, 1);
    T1("srshr %0.4s, %1.4s, #2", V(0xfffffffa00000006ull, 0x7fffffff), 0xffffffff00000002ull,
       0x20000000);
    T1("urshr %0.2d, %1.2d, #64", V(0x8000000000000000ull, 0x7fffffffffffffffull), 1, 0);
    T1("sshr %d0, %d1, #64", V(0x8000000000000000ull, 7), 0xffffffffffffffffull, 0);
    TA1("usra %0.8b, %1.8b, #4", V(0x01010101ull, 5), V(0xf0f01000ull, 0), 0x10100201ull, 0);
    TA1("ssra %0.4h, %1.4h, #1", V(0x0001000100010001ull, 0), V(0x8000fffe00040000ull, 0),
        0xc001000000030001ull, 0);
    TA1("srsra %d0, %d1, #1", V(10, 3), V(3, 0), 12, 0);
    TA1("ursra %0.4s, %1.4s, #32", V(1, 0), V(0x80000000ull, 0), 2, 0);
    T1("shl %0.16b, %1.16b, #7", V(0x0301ull, 0), 0x8080ull, 0);
    T1("shl %d0, %d1, #63", V(3, 3), 0x8000000000000000ull, 0);
    TA1("sli %0.8b, %1.8b, #4", V(0x0f0f0f0fffull, 0), V(0x0102030405ull, 0), 0x1f2f3f4f5full, 0);
    TA1("sri %0.4h, %1.4h, #4", V(0xf000f000f000ffffull, 0), V(0x1234567890abcdefull, 0),
        0xf123f567f90afcdeull, 0);
    TA1("sri %0.2d, %1.2d, #64", V(5, 6), V(7, 8), 5, 6);
    TQ1("sqshlu %0.8b, %1.8b, #1", V(0x807f4001ull, 0), 0x00fe8002ull, 0, 1);
    TQ1("sqshl %0.4s, %1.4s, #4", V(0x0800000000000001ull, 0xf8000000), 0x7fffffff00000010ull,
        0x80000000, 1);
    TQ1("uqshl %0.8h, %1.8h, #15", V(0x0002000100000000ull, 0), 0xffff800000000000ull, 0, 1);
    TQ1("sqshl %s0, %s1, #1", V(0x40000000, 0), 0x7fffffff, 0, 1);
    group_end();

    group_begin("narrowing and widening shifts");
    T1("shrn %0.8b, %1.8h, #4", V(0x1234567890abcdefull, 0xfff00000000f0ff0ull),
       0xff0000ff23670ade, 0);
    TA1("shrn2 %0.16b, %1.8h, #8", V(0x1111111111111111ull, 9), V(0x1234567890abcdefull, 0),
        0x1111111111111111ull, 0x00000000125690cdull);
    T1("rshrn %0.4h, %1.4s, #16", V(0x0001800000017fffull, 0xffff8000ffff7fffull),
       0x0000ffff00020001ull, 0);
    TQ1("sqshrn %0.8b, %1.8h, #1", V(0x8000ff0000fe0100ull, 0), 0x80807f7full, 0, 1);
    TQ1("uqshrn %0.4h, %1.4s, #1", V(0x0003000000000002ull, 0xffffffff00020000ull),
        0xffffffffffff0001ull, 0, 1);
    TQ1("sqrshrn %0.2s, %1.2d, #32", V(0x00000000ffffffffull, 0x7fffffff80000000ull),
        0x7fffffff00000001ull, 0, 1);
    TQ1("uqrshrn %0.8b, %1.8h, #8", V(0x00ff0080007f0000ull, 0), 0x01010000ull, 0, 0);
    TQ1("sqshrun %0.8b, %1.8h, #0x4", V(0x8000010000100ff0ull, 0), 0x001001ffull, 0, 1);
    TQ1("sqrshrun %0.4h, %1.4s, #16", V(0x7fffffff80000000ull, 0), 0x80000000ull, 0, 1);
    TQ1("sqshrn %b0, %h1, #8", V(0x7fff, 0), 0x7f, 0, 0);
    TQ1("uqrshrn %h0, %s1, #1", V(0x0001ffff, 0), 0xffff, 0, 1);
    T1("sshll %0.8h, %1.8b, #3", V(0x0102ff80ull, 0), 0x00080010fff8fc00ull, 0);
    T1("ushll2 %0.4s, %1.8h, #0", V(0, 0x00020001ffff8000ull), 0x0000ffff00008000ull,
       0x0000000200000001ull);
    T1("sxtl %0.2d, %1.2s", V(0x80000000000000ffull, 0), 0xff, 0xffffffff80000000ull);
    T1("uxtl2 %0.8h, %1.16b", V(0, 0x0102030405060708ull), 0x0005000600070008ull,
       0x0001000200030004ull);
    T1("shll %0.8h, %1.8b, #8", V(0x01ff, 0), 0x0100ff00ull, 0);
    T1("shll2 %0.2d, %1.4s, #32", V(0, 0x00000002ffffffffull), 0xffffffff00000000ull,
       0x0000000200000000ull);
    group_end();
}

static void test_long_narrow(void)
{
    group_begin("three different");
    T2("saddl %0.8h, %1.8b, %2.8b", V(0x80ff7f01ull, 0), V(0x80ff7f01ull, 0),
       0xff00fffe00fe0002ull, 0);
    T2("uaddl2 %0.4s, %1.8h, %2.8h", V(0, 0xffff0001ull), V(0, 0xffff0002ull),
       0x0001fffe00000003ull, 0);
    T2("ssubl %0.2d, %1.2s, %2.2s", V(0x7fffffff80000000ull, 0), V(0x8000000000000001ull, 0),
       0xffffffff7fffffffull, 0x00000000ffffffffull);
    T2("usubw %0.8h, %1.8h, %2.8b", V(0x0000000100020003ull, 0), V(0x0304ull, 0),
       0x00000001ffffffffull, 0);
    T2("saddw2 %0.4s, %1.4s, %2.8h", V(0x0000000500000005ull, 0), V(0, 0x7fff8000ull),
       0x00008004ffff8005ull, 0);
    T2("addhn %0.8b, %1.8h, %2.8h", V(0x00ff80017fff0001ull, 0), V(0x0001800000010001ull, 0),
       0x01008000ull, 0);
    T2("raddhn %0.4h, %1.4s, %2.4s", V(0x0000800000007fffull, 0), V(0x0000000000000000ull, 0),
       0x00010000ull, 0);
    T2("subhn %0.2s, %1.2d, %2.2d", V(0, 1), V(1, 0), 0x00000000ffffffffull, 0);
    TA2("rsubhn2 %0.16b, %1.8h, %2.8h", V(0x77, 0x55), V(0x0180, 0x0080), V(0, 0),
        0x77, 0x0000000100000002ull);
    T2("smull %0.8h, %1.8b, %2.8b", V(0x7f80ff02ull, 0), V(0x8080ff03ull, 0),
       0xc080400000010006ull, 0);
    T2("umull2 %0.2d, %1.4s, %2.4s", V(0, 0xffffffff00000002ull), V(0, 0xffffffff00000003ull),
       6, 0xfffffffe00000001ull);
    TA2("umlal %0.4s, %1.4h, %2.4h", V(0xffffffff00000001ull, 0), V(0x0001ffffull, 0),
        V(0x0001ffffull, 0), 0x00000000fffe0002ull, 0);
    TA2("smlsl %0.4s, %1.4h, %2.4h", V(0x0000000000000000ull, 0), V(0x0001ffffull, 0),
        V(0x8000ffffull, 0), 0x00008000ffffffffull, 0);
    TA2("sabal %0.8h, %1.8b, %2.8b", V(1, 0), V(0x7f80ull, 0), V(0x807full, 0),
        0x00ff0100ull, 0);
    T2("uabdl %0.4s, %1.4h, %2.4h", V(0x0000ffffull, 0), V(0xffff0000ull, 0),
       0x0000ffff0000ffffull, 0);
    TQ2("sqdmull %0.4s, %1.4h, %2.4h", V(0x80000003ull, 0), V(0x8000fffeull, 0),
        0x7ffffffffffffff4ull, 0, 1);
    write_fpsr(0);
    TA2("sqdmlal %0.2d, %1.2s, %2.2s", V(0x7ffffffffffffff0ull, 0x8000000000000000ull),
        V(0x0000000100000004ull, 0), V(0xffffffff00000004ull, 0),
        0x7fffffffffffffffull, 0x8000000000000000ull);
    CHECK("sqdmlal QC", (read_fpsr() & FPSR_QC) != 0, 1);
    TA2("sqdmlsl %s0, %h1, %h2", V(5, 7), V(3, 0), V(2, 0), 0xfffffff9ull, 0);
    T2("pmull %0.8h, %1.8b, %2.8b", V(0xff05ull, 0), V(0xff07ull, 0), 0x5555001bull, 0);
    group_end();

    group_begin("extract narrow");
    T1("xtn %0.8b, %1.8h", V(0x1234567890abcdefull, 0xffff0100ull), 0x0000ff003478abefull, 0);
    TA1("xtn2 %0.4s, %1.2d", V(1, 2), V(0x1111111122222222ull, 0x3333333344444444ull),
        1, 0x4444444422222222ull);
    TQ1("sqxtn %0.8b, %1.8h", V(0xff800080007fff7full, 0), 0x807f7f80ull, 0, 1);
    TQ1("uqxtn %0.4h, %1.4s", V(0x0001000000000fffull, 0xffffffff0000ffffull),
        0xffffffffffff0fffull, 0, 1);
    TQ1("sqxtun %0.2s, %1.2d", V(0xffffffffffffffffull, 0x00000000ffffffffull),
        0xffffffff00000000ull, 0, 1);
    TQ1("sqxtn %s0, %d1", V(0xffffffff80000000ull, 0), 0x80000000, 0, 0);
    TQ1("sqxtun %b0, %h1", V(0x0100, 0), 0xff, 0, 1);
    group_end();
}

static void test_across_pairwise(void)
{
    v2d bytes = V(0x0807060504030201ull, 0x100ff00d0c0b0a09ull);
    v2d words = V(0x800000007fffffffull, 0xffffffff00000005ull);

    group_begin("across lanes");
    T1("addv %b0, %1.16b", V(0x0807060504030201ull, 0x100f0e0d0c0b0a09ull), 0x88, 0);
    T1("addv %h0, %1.4h", V(0xffff000100020003ull, 0x1111), 0x0005, 0);
    T1("uaddlv %h0, %1.16b", V(-1, -1), 0x0ff0, 0);
    T1("saddlv %s0, %1.8h", V(-1, -1), 0xfffffff8, 0);
    T1("uaddlv %d0, %1.4s", V(-1, -1), 0x3fffffffcull, 0);
    T1("umaxv %b0, %1.16b", bytes, 0xf0, 0);
    T1("smaxv %b0, %1.16b", bytes, 0x10, 0);
    T1("sminv %b0, %1.16b", bytes, 0xf0, 0);
    T1("uminv %b0, %1.16b", bytes, 0x01, 0);
    T1("uminv %b0, %1.8b", V(0x0807060504030209ull, 0), 0x02, 0);
    T1("smaxv %s0, %1.4s", words, 0x7fffffff, 0);
    T1("sminv %s0, %1.4s", words, 0x80000000, 0);
    T1("umaxv %s0, %1.4s", words, 0xffffffff, 0);
    T1("uminv %s0, %1.4s", words, 5, 0);
    T1("fmaxv %s0, %1.4s", V(0xc00000003f800000ull, 0x3f00000040400000ull), 0x40400000, 0);
    T1("fmaxv %s0, %1.4s", V(0xc00000003f800000ull, 0x7fc0123440400000ull), 0x7fc01234, 0);
    T1("fminnmv %s0, %1.4s", V(0x7fc000003f800000ull, 0x3f000000c0000000ull), 0xc0000000, 0);
    T1("fminv %s0, %1.4s", V(0xc00000003f800000ull, 0x3f00000040400000ull), 0xc0000000, 0);
    T1("fmaxnmv %s0, %1.4s", V(0x7fc000003f800000ull, 0x3f000000c0000000ull), 0x3f800000, 0);
    group_end();

    group_begin("pairwise");
    T2("addp %0.4s, %1.4s, %2.4s", V(0x0000000200000001ull, 0x0000000400000003ull),
       V(0x000000140000000aull, 0x000000280000001eull), 0x0000000700000003ull,
       0x000000460000001eull);
    T1("addp %d0, %1.2d", V(5, 7), 12, 0);
    T2("umaxp %0.8b, %1.8b, %2.8b", V(0x00ff0901ull, 0), V(0x0203ull, 0), 0x000000030000ff09ull, 0);
    T2("sminp %0.4h, %1.4h, %2.4h", V(0xffff7fff00018000ull, 0), V(0x0008000700060005ull, 0),
       0x00070005ffff8000ull, 0);
    T1("saddlp %0.4h, %1.8b", V(0x00007f018080ffffull, 0), 0x00000080ff00fffeull, 0);
    TA1("uadalp %0.2s, %1.4h", V(1, 0x99), V(0x00020001ffffffffull, 0), 0x000000030001ffffull, 0);
    T2("faddp %0.4s, %1.4s, %2.4s", V(0x400000003f800000ull, 0x4080000040400000ull),
       V(0x3e8000003f000000ull, 0xc120000041200000ull), 0x40e0000040400000ull,
       0x000000003f400000ull);
    T1("faddp %s0, %1.2s", V(0x400000003f800000ull, 0), 0x40400000, 0);
    T1("fmaxnmp %d0, %1.2d", V(0x7ff8000000000000ull, 0x3ff0000000000000ull),
       0x3ff0000000000000ull, 0);
    T2("fminnmp %0.2d, %1.2d, %2.2d", V(0x3ff0000000000000ull, 0x7ff8000000000000ull),
       V(0x4008000000000000ull, 0x4000000000000000ull), 0x3ff0000000000000ull,
       0x4000000000000000ull);
    T2("fmaxp %0.2s, %1.2s, %2.2s", V(0x400000003f800000ull, 0), V(0xc0000000bf800000ull, 0),
       0xbf80000040000000ull, 0);
    group_end();
}

static void test_misc(void)
{
    group_begin("count, reverse");
    T1("cls %0.8b, %1.8b", V(0x203fc0408001ff00ull, 0), 0x0101010000060707ull, 0);
    T1("clz %0.4s, %1.4s", V(0x0000000100000000ull, 0x0001000080000000ull),
       0x0000001f00000020ull, 0x0000000f00000000ull);
    T1("cls %0.4h, %1.4h", V(0x8000ffff00010000ull, 0), 0x0000000f000e000full, 0);
    T1("cnt %0.16b, %1.16b", V(0x0355f08000010fffull, -1), 0x0204040100010408ull,
       0x0808080808080808ull);
    T1("rbit %0.8b, %1.8b", V(0x120f8001ull, 0), 0x48f00180ull, 0);
    T1("rev16 %0.16b, %1.16b", V(0x0807060504030201ull, 0x1122), 0x0708050603040102ull, 0x2211);
    T1("rev32 %0.8h, %1.8h", V(0x4444333322221111ull, 0), 0x3333444411112222ull, 0);
    T1("rev64 %0.4s, %1.4s", V(0x2222222211111111ull, 0x4444444433333333ull),
       0x1111111122222222ull, 0x3333333344444444ull);
    T1("rev64 %0.8b, %1.8b", V(0x0807060504030201ull, 5), 0x0102030405060708ull, 0);
    group_end();
}

static void test_permute(void)
{
    v2d a = V(0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull);
    v2d b = V(0x1716151413121110ull, 0x1f1e1d1c1b1a1918ull);
    v2d idx = V(0x03200105ff100f00ull, 0);
    v2d r;

    group_begin("permute, table, extract");
    T2("zip1 %0.16b, %1.16b, %2.16b", a, b, 0x1303120211011000ull, 0x1707160615051404ull);
    T2("zip2 %0.4s, %1.4s, %2.4s", a, b, 0x1b1a19180b0a0908ull, 0x1f1e1d1c0f0e0d0cull);
    T2("uzp1 %0.8h, %1.8h, %2.8h", a, b, 0x0d0c090805040100ull, 0x1d1c191815141110ull);
    T2("uzp2 %0.16b, %1.16b, %2.16b", a, b, 0x0f0d0b0907050301ull, 0x1f1d1b1917151311ull);
    T2("trn1 %0.8b, %1.8b, %2.8b", a, b, 0x1606140412021000ull, 0);
    T2("trn2 %0.2d, %1.2d, %2.2d", a, b, 0x0f0e0d0c0b0a0908ull, 0x1f1e1d1c1b1a1918ull);
    T2("zip1 %0.2s, %1.2s, %2.2s", a, b, 0x1312111003020100ull, 0);
    T2("ext %0.16b, %1.16b, %2.16b, #3", a, b, 0x0a09080706050403ull, 0x1211100f0e0d0c0bull);
    T2("ext %0.8b, %1.8b, %2.8b, #7", a, b, 0x1615141312111007ull, 0);
    T2("tbl %0.16b, {%1.16b}, %2.16b", b, idx, 0x1300111500001f10ull, 0x1010101010101010ull);
    TA2("tbx %0.8b, {%1.16b}, %2.8b", V(0xaaaaaaaaaaaaaaaaull, 0x5555), b, idx,
        0x13aa1115aaaa1f10ull, 0);
    __asm__ volatile("mov v20.16b, %1.16b\n\tmov v21.16b, %2.16b\n\t"
                     "tbl %0.16b, {v20.16b, v21.16b}, %3.16b"
                     : "=w"(r) : "w"(b), "w"(a), "w"(V(0x000000051000201full, 0))
                     : "v20", "v21");
    check_v("tbl 2 regs", r, 0x101010150010000full, 0x1010101010101010ull);
    r = V(-1, -1);
    __asm__ volatile("mov v28.16b, %1.16b\n\tmov v29.16b, %1.16b\n\tmov v30.16b, %1.16b\n\t"
                     "mov v31.16b, %2.16b\n\t"
                     "tbx %0.16b, {v28.16b, v29.16b, v30.16b, v31.16b}, %3.16b"
                     : "+w"(r) : "w"(b), "w"(a), "w"(V(0x403f302f201f1000ull, 0x41))
                     : "v28", "v29", "v30", "v31");
    check_v("tbx 4 regs", r, 0xff0f001f101f1010ull, 0x10101010101010ffull);
    group_end();
}

static void test_by_element(void)
{
    v2d r;

    group_begin("by element");
    T2X("mul %0.8h, %1.8h, %2.h[7]", V(0x0004000300020001ull, 0xffff000700060005ull),
       V(0, 0x0003000000000000ull), 0x000c000900060003ull, 0xfffd00150012000full);
    TA2("mla %0.4s, %1.4s, %2.s[1]", V(0x0000000100000001ull, 0x0000000100000001ull),
        V(0x0000000200000001ull, 0xffffffff00000003ull), V(0x0000000a00000000ull, 0),
        0x000000150000000bull, 0xfffffff70000001full);
    T2X("smull2 %0.4s, %1.8h, %2.h[0]", V(0, 0x7fff80000002ffffull), V(0xfffe, 0),
       0xfffffffc00000002ull, 0xffff000200010000ull);
    write_fpsr(0);
    __asm__ volatile("sqdmulh %0.4h, %1.4h, %2.h[3]" : "=w"(r)
                     : "w"(V(0x7fff000180004000ull, 0)), "x"(V(0x8000000000000000ull, 0)));
    check_v("sqdmulh by h[3]", r, 0x8001ffff7fffc000ull, 0);
    CHECK("sqdmulh by h[3] QC", (read_fpsr() & FPSR_QC) != 0, 1);
    __asm__ volatile("sqrdmulh %h0, %h1, %2.h[1]" : "=w"(r)
                     : "w"(V(0x4000, 0)), "x"(V(0x00030000, 0)));
    check_v("sqrdmulh scalar by h[1]", r, 2, 0);
    TA2("fmla %0.4s, %1.4s, %2.s[2]", V(0x3f8000003f800000ull, 0x3f8000003f800000ull),
        V(0x400000003f800000ull, 0x4080000040400000ull), V(0, 0x3f000000),
        0x400000003fc00000ull, 0x4040000040200000ull);
    TA2("fmls %0.2s, %1.2s, %2.s[0]", V(0x3f8000003f800000ull, 5),
        V(0x4040000040000000ull, 0), V(0x3f800000, 0), 0xc0000000bf800000ull, 0);
    T2("fmul %0.2d, %1.2d, %2.d[1]", V(0x4008000000000000ull, 0xbff8000000000000ull),
       V(0, 0x4000000000000000ull), 0x4018000000000000ull, 0xc008000000000000ull);
    T2("fmulx %s0, %s1, %2.s[1]", V(0x7f800000, 0), V(0x8000000000000000ull, 0), 0xc0000000, 0);
    group_end();
}

#define FPSR_IOC 1u
#define FPSR_DZC 2u
#define FPSR_IXC 16u

static void test_fp(void)
{
    group_begin("fp arithmetic");
    write_fpsr(0);
    T2("fadd %0.4s, %1.4s, %2.4s", V(0x402000003f800000ull, 0x7149f2ca7f800000ull),
       V(0xc020000040000000ull, 0x7149f2caff800000ull), 0x0000000040400000ull,
       0x71c9f2ca7fc00000ull);
    CHECK("fadd inf-inf IOC", read_fpsr() & FPSR_IOC, FPSR_IOC);
    T2("fsub %0.2d, %1.2d, %2.2d", V(0x3ff0000000000000ull, 0x3fb999999999999aull),
       V(0x3fe0000000000000ull, 0x3fb999999999999aull), 0x3fe0000000000000ull, 0);
    write_fpsr(0);
    T2("fmul %0.4s, %1.4s, %2.4s", V(0x400000007fc01234ull, 0x404000007f800001ull),
       V(0x7fc056783f800000ull, 0x400000003f800000ull), 0x7fc056787fc01234ull,
       0x40c000007fc00001ull);
    CHECK("fmul sNaN IOC", read_fpsr() & FPSR_IOC, FPSR_IOC);
    write_fpsr(0);
    T2("fdiv %0.2d, %1.2d, %2.2d", V(0x3ff0000000000000ull, 0x3ff0000000000000ull),
       V(0, 0x8000000000000000ull), 0x7ff0000000000000ull, 0xfff0000000000000ull);
    CHECK("fdiv by zero DZC", read_fpsr() & FPSR_DZC, FPSR_DZC);
    T2("fmax %0.4s, %1.4s, %2.4s", V(0x800000003f800000ull, 0x400000007fc00000ull),
       V(0x0000000040000000ull, 0x3f8000003f800000ull), 0x0000000040000000ull,
       0x400000007fc00000ull);
    T2("fminnm %0.4s, %1.4s, %2.4s", V(0x800000003f800000ull, 0x7f8000017fc00000ull),
       V(0x0000000040000000ull, 0x3f8000003f800000ull), 0x800000003f800000ull,
       0x7fc000013f800000ull);
    T2("fabd %0.2s, %1.2s, %2.2s", V(0xc04000003f800000ull, 0), V(0x3f80000040400000ull, 0),
       0x4080000040000000ull, 0);
    T1("fabs %0.2d, %1.2d", V(0x8000000000000000ull, 0xfff0000000000000ull), 0,
       0x7ff0000000000000ull);
    T1("fneg %0.2d, %1.2d", V(0x3ff0000000000000ull, 0x7ff8000000000000ull),
       0xbff0000000000000ull, 0xfff8000000000000ull);
    T1("fsqrt %0.4s, %1.4s", V(0x4000000040800000ull, 0x00000000bf800000ull),
       0x3fb504f340000000ull, 0x000000007fc00000ull);
    TA2("fmla %0.4s, %1.4s, %2.4s", V(0x3f800000, 0), V(0x40000000, 0), V(0x40400000, 0),
        0x40e00000, 0);
    TA2("fmls %0.2d, %1.2d, %2.2d", V(0x3ff0000000000000ull, 0x7ff8000000000000ull),
        V(0x4000000000000000ull, 0x3ff0000000000000ull),
        V(0x4008000000000000ull, 0x3ff0000000000000ull), 0xc014000000000000ull,
        0x7ff8000000000000ull);
    T2("fmulx %0.4s, %1.4s, %2.4s", V(0x000000007f800000ull, 0xff80000040000000ull),
       V(0xff80000000000000ull, 0x8000000040400000ull), 0xc000000040000000ull,
       0x4000000040c00000ull);
    T2("frecps %0.4s, %1.4s, %2.4s", V(0x7f80000040000000ull, 0x000000003f800000ull),
       V(0x000000003f000000ull, 0x7f8000003f800000ull), 0x400000003f800000ull,
       0x400000003f800000ull);
    T2("frsqrts %0.2d, %1.2d, %2.2d", V(0x4000000000000000ull, 0x7ff0000000000000ull),
       V(0x3fe0000000000000ull, 0), 0x3ff0000000000000ull, 0x3ff8000000000000ull);
    group_end();

    group_begin("fp compare");
    T2("fcmeq %0.4s, %1.4s, %2.4s", V(0x7fc000003f800000ull, 0x4000000080000000ull),
       V(0x7fc000003f800000ull, 0x4040000000000000ull), 0x00000000ffffffffull, 0xffffffff);
    T2("fcmge %0.2d, %1.2d, %2.2d", V(0x3ff0000000000000ull, 0x4000000000000000ull),
       V(0x3ff0000000000000ull, 0x4008000000000000ull), -1, 0);
    T2("fcmgt %0.4s, %1.4s, %2.4s", V(0x3f80000040000000ull, 0xbf8000007fc00000ull),
       V(0x3f8000003f800000ull, 0xc00000003f800000ull), 0xffffffff, 0xffffffff00000000ull);
    T2("facgt %0.4s, %1.4s, %2.4s", V(0x3f800000c0400000ull, 0xc000000040000000ull),
       V(0xbf80000040000000ull, 0x40000000c0400000ull), 0xffffffff, 0);
    T2("facge %0.4s, %1.4s, %2.4s", V(0x3f800000c0400000ull, 0xc000000040000000ull),
       V(0xbf80000040000000ull, 0x40000000c0400000ull), -1, 0xffffffff00000000ull);
    T1("fcmlt %0.4s, %1.4s, #0.0", V(0x00000000bf800000ull, 0x3f80000080000000ull),
       0xffffffff, 0);
    T1("fcmle %0.4s, %1.4s, #0.0", V(0x00000000bf800000ull, 0x3f80000080000000ull),
       -1, 0xffffffff);
    T1("fcmgt %0.4s, %1.4s, #0.0", V(0x00000000bf800000ull, 0x3f80000080000000ull),
       0, 0xffffffff00000000ull);
    T1("fcmeq %0.2d, %1.2d, #0.0", V(0x8000000000000000ull, 1), -1, 0);
    T2("fcmeq %s0, %s1, %s2", V(0x3f800000, 0), V(0x3f800000, 0), 0xffffffff, 0);
    T2("facge %d0, %d1, %d2", V(0xc000000000000000ull, 0), V(0x4000000000000000ull, 0), -1, 0);
    T2("fabd %s0, %s1, %s2", V(0x3f800000, 9), V(0x40400000, 9), 0x40000000, 0);
    group_end();

    group_begin("fp convert and round");
    write_fpsr(0);
    T1("fcvtzs %0.4s, %1.4s", V(0xbfc000003fc00000ull, 0x7fc000004f32d05eull),
       0xffffffff00000001ull, 0x000000007fffffffull);
    CHECK("fcvtzs IOC", read_fpsr() & FPSR_IOC, FPSR_IOC);
    T1("fcvtzu %0.4s, %1.4s", V(0xbfc000003fc00000ull, 0x4f9502f94f32d05eull),
       0x0000000000000001ull, 0xffffffffb2d05e00ull);
    T1("fcvtns %0.4s, %1.4s", V(0x4060000040200000ull, 0x3f000000c0200000ull),
       0x0000000400000002ull, 0x00000000fffffffeull);
    T1("fcvtas %0.4s, %1.4s", V(0x4060000040200000ull, 0x3f000000c0200000ull),
       0x0000000400000003ull, 0x00000001fffffffdull);
    T1("fcvtms %0.4s, %1.4s", V(0x4060000040200000ull, 0x3f000000c0200000ull),
       0x0000000300000002ull, 0x00000000fffffffdull);
    T1("fcvtps %0.4s, %1.4s", V(0x4060000040200000ull, 0x3f000000c0200000ull),
       0x0000000400000003ull, 0x00000001fffffffeull);
    T1("fcvtzs %0.2d, %1.2d, #8", V(0x3ff8000000000000ull, 0xbfd0000000000000ull), 0x180,
       0xffffffffffffffc0ull);
    T1("fcvtzs %d0, %d1", V(0xc004000000000000ull, 0), 0xfffffffffffffffeull, 0);
    T1("scvtf %0.4s, %1.4s", V(0xffffffff00000001ull, 0x010000017fffffffull),
       0xbf8000003f800000ull, 0x4b8000004f000000ull);
    T1("ucvtf %0.2d, %1.2d", V(-1, 1), 0x43f0000000000000ull, 0x3ff0000000000000ull);
    T1("scvtf %0.2s, %1.2s, #16", V(0xffff800000010000ull, 0), 0xbf0000003f800000ull, 0);
    T1("ucvtf %s0, %s1", V(0x80000000ull, 0), 0x4f000000, 0);
    T1("frintn %0.4s, %1.4s", V(0x4060000040200000ull, 0x3ecccccdc0200000ull),
       0x4080000040000000ull, 0x00000000c0000000ull);
    T1("frinta %0.4s, %1.4s", V(0x4060000040200000ull, 0x3ecccccdc0200000ull),
       0x4080000040400000ull, 0x00000000c0400000ull);
    T1("frintm %0.4s, %1.4s", V(0x4060000040200000ull, 0x3ecccccdc0200000ull),
       0x4040000040000000ull, 0x00000000c0400000ull);
    T1("frintp %0.4s, %1.4s", V(0x4060000040200000ull, 0x3ecccccdc0200000ull),
       0x4080000040400000ull, 0x3f800000c0000000ull);
    T1("frintz %0.4s, %1.4s", V(0x4060000040200000ull, 0x3ecccccdc0200000ull),
       0x4040000040000000ull, 0x00000000c0000000ull);
    write_fpsr(0);
    T1("frintx %0.4s, %1.4s", V(0x4060000040200000ull, 0x3ecccccdc0200000ull),
       0x4080000040000000ull, 0x00000000c0000000ull);
    CHECK("frintx IXC", read_fpsr() & FPSR_IXC, FPSR_IXC);
    write_fpcr(1u << 22);   /* RMode = RP */
    T1("frinti %0.4s, %1.4s", V(0x4060000040200000ull, 0x3ecccccdc0200000ull),
       0x4080000040400000ull, 0x3f800000c0000000ull);
    T2("fadd %0.2s, %1.2s, %2.2s // RP", V(0x3f800000, 0), V(0x33800000, 0), 0x3f800001, 0);
    write_fpcr(0);
    T2("fadd %0.2s, %1.2s, %2.2s // RN", V(0x3f800000, 0), V(0x33800000, 0), 0x3f800000, 0);
    write_fpcr(1u << 25);   /* DN */
    T2("fadd %0.2s, %1.2s, %2.2s // DN", V(0x7fc01234, 0), V(0x3f800000, 0), 0x7fc00000, 0);
    write_fpcr(1u << 24);   /* FZ */
    T2("fmul %0.2s, %1.2s, %2.2s // FZ", V(0x00000001, 0), V(0x3f800000, 0), 0, 0);
    write_fpcr(0);
    T1("fcvtl %0.2d, %1.2s", V(0xc02000003f800000ull, 7), 0x3ff0000000000000ull,
       0xc004000000000000ull);
    T1("fcvtl2 %0.4s, %1.8h", V(0, 0x00017c00c0003c00ull), 0xc00000003f800000ull,
       0x338000007f800000ull);
    T1("fcvtn %0.2s, %1.2d", V(0x3fb999999999999aull, 0x7e37e43c8800759cull),
       0x7f8000003dcccccdull, 0);
    TA1("fcvtn2 %0.8h, %1.4s", V(0x1234, 5), V(0x477fe0003f800000ull, 0x33000000477ff000ull),
        0x1234, 0x00007c007bff3c00ull);
    T1("fcvtxn %0.2s, %1.2d", V(0x3ff0000004000000ull, 0x4000000000000000ull),
       0x400000003f800001ull, 0);
    T1("fcvtxn %s0, %d1", V(0x3ff0000004000000ull, 0), 0x3f800001, 0);
    group_end();

    group_begin("fp estimates");
    T1("frecpe %0.4s, %1.4s", V(0x3f80000040000000ull, 0x7f80000000000000ull),
       0x3f7f80003eff8000ull, 0x000000007f800000ull);
    T1("frsqrte %0.4s, %1.4s", V(0x3f80000040800000ull, 0x7f800000bf800000ull),
       0x3f7f80003eff8000ull, 0x000000007fc00000ull);
    T1("frecpe %d0, %d1", V(0x3ff0000000000000ull, 0), 0x3feff00000000000ull, 0);
    T1("frecpx %s0, %s1", V(0x40400000, 0), 0x3f800000, 0);
    T1("frecpx %d0, %d1", V(0, 0), 0x7fe0000000000000ull, 0);
    T1("urecpe %0.4s, %1.4s", V(0x7fffffff80000000ull, 0xc0000000ffffffffull),
       0xffffffffff800000ull, 0xaa80000080000000ull);
    T1("ursqrte %0.2s, %1.2s", V(0x3fffffff40000000ull, 0), 0xffffffffff800000ull, 0);
    group_end();
}

static uint8_t src_buf[128] __attribute__((aligned(16)));
static uint8_t dst_buf[128] __attribute__((aligned(16)));

static uint64_t load64(const uint8_t *p)
{
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/*
 * Structure loads and stores on v16..v19: the registers start as lpre[] and end
 * up in lv[], all in one asm statement so the compiler never sees them in between.
 */
static v2d lpre[4], lv[4];

#define LDST(insn, off, post_reg) ({ \
        uint64_t base_ = (uint64_t)(src_buf + (off)); \
        __asm__ volatile("ldp q16, q17, [%2]\n\tldp q18, q19, [%2, #32]\n\t" \
                         insn "\n\t" \
                         "stp q16, q17, [%3]\n\tstp q18, q19, [%3, #32]" \
                         : "+r"(base_) : "r"((uint64_t)(post_reg)), "r"(lpre), "r"(lv) \
                         : "v16", "v17", "v18", "v19", "memory"); \
        base_ - (uint64_t)src_buf; \
    })
#define GETV(n) (lv[(n) - 16])
#define SETV(n, val) (lpre[(n) - 16] = (val))

static void test_ldst(void)
{
    uint64_t off;

    for (int i = 0; i < 128; i++) {
        src_buf[i] = i;
    }
    group_begin("load/store structures");
    off = LDST("ld1 {v16.16b}, [%0], #16", 0, 0);
    CHECK("ld1 post-index imm", off, 16);
    check_v("ld1 16b", GETV(16), 0x0706050403020100ull, 0x0f0e0d0c0b0a0908ull);
    off = LDST("ld1 {v16.4s, v17.4s, v18.4s, v19.4s}, [%0], %1", 8, 100);
    CHECK("ld1 x4 post-index reg", off, 108);
    check_v("ld1 x4 v16", GETV(16), load64(src_buf + 8), load64(src_buf + 16));
    check_v("ld1 x4 v19", GETV(19), load64(src_buf + 56), load64(src_buf + 64));
    SETV(17, junk);
    off = LDST("ld1 {v16.8b, v17.8b}, [%0]", 0, 0);
    CHECK("ld1 no writeback", off, 0);
    check_v("ld1 8b zero upper", GETV(17), 0x0f0e0d0c0b0a0908ull, 0);
    LDST("ld2 {v16.8h, v17.8h}, [%0]", 0, 0);
    check_v("ld2 8h A", GETV(16), 0x0d0c090805040100ull, 0x1d1c191815141110ull);
    check_v("ld2 8h B", GETV(17), 0x0f0e0b0a07060302ull, 0x1f1e1b1a17161312ull);
    off = LDST("ld3 {v16.4s, v17.4s, v18.4s}, [%0], #48", 0, 0);
    CHECK("ld3 post-index", off, 48);
    check_v("ld3 4s A", GETV(16), 0x0f0e0d0c03020100ull, 0x272625241b1a1918ull);
    check_v("ld3 4s B", GETV(17), 0x1312111007060504ull, 0x2b2a29281f1e1d1cull);
    check_v("ld3 4s C", GETV(18), 0x171615140b0a0908ull, 0x2f2e2d2c23222120ull);
    off = LDST("ld4 {v16.8b, v17.8b, v18.8b, v19.8b}, [%0], #32", 0, 0);
    CHECK("ld4 post-index", off, 32);
    check_v("ld4 8b A", GETV(16), 0x1c1814100c080400ull, 0);
    check_v("ld4 8b D", GETV(19), 0x1f1b17130f0b0703ull, 0);
    LDST("ld4 {v16.16b, v17.16b, v18.16b, v19.16b}, [%0]", 0, 0);
    check_v("ld4 16b B", GETV(17), 0x1d1915110d090501ull, 0x3d3935312d292521ull);

    SETV(16, junk);
    off = LDST("ld1 {v16.s}[2], [%0], #4", 8, 0);
    CHECK("ld1 lane post-index", off, 12);
    check_v("ld1 lane", GETV(16), 0xdeadbeefcafef00dull, 0x012345670b0a0908ull);
    SETV(16, V(0, 0));
    SETV(17, V(0, 0));
    off = LDST("ld2 {v16.h, v17.h}[5], [%0], %1", 4, 3);
    CHECK("ld2 lane post-index reg", off, 7);
    check_v("ld2 lane A", GETV(16), 0, 0x0000000005040000ull);
    check_v("ld2 lane B", GETV(17), 0, 0x0000000007060000ull);
    LDST("ld1r {v16.8h}, [%0]", 6, 0);
    check_v("ld1r 8h", GETV(16), 0x0706070607060706ull, 0x0706070607060706ull);
    off = LDST("ld4r {v16.8b, v17.8b, v18.8b, v19.8b}, [%0], #4", 1, 0);
    CHECK("ld4r post-index", off, 5);
    check_v("ld4r A", GETV(16), 0x0101010101010101ull, 0);
    check_v("ld4r D", GETV(19), 0x0404040404040404ull, 0);
    LDST("ld2r {v16.4s, v17.4s}, [%0]", 16, 0);
    check_v("ld2r B", GETV(17), 0x1716151417161514ull, 0x1716151417161514ull);
    LDST("ld3 {v16.d, v17.d, v18.d}[1], [%0]", 0, 0);
    check_v("ld3 lane d C", GETV(18), 0, load64(src_buf + 16));

    /* Stores: the layout in memory (the base register points into dst_buf). */
    memset(dst_buf, 0, sizeof(dst_buf));
    SETV(16, V(0x1111111100000000ull, 0x3333333322222222ull));
    SETV(17, V(0x5555555544444444ull, 0x7777777766666666ull));
    SETV(18, V(0x0706050403020100ull, 0));
    SETV(19, V(0x1716151413121110ull, 0));
    off = LDST("st2 {v16.4s, v17.4s}, [%0], #32", dst_buf - src_buf, 0);
    CHECK("st2 post-index", off, (uint64_t)(dst_buf - src_buf) + 32);
    CHECK("st2 word 0,1", load64(dst_buf), 0x4444444400000000ull);
    CHECK("st2 word 6,7", load64(dst_buf + 24), 0x7777777733333333ull);
    LDST("st3 {v17.8b, v18.8b, v19.8b}, [%0]", dst_buf - src_buf, 0);
    CHECK("st3 bytes 0-7", load64(dst_buf), 0x0244110144100044ull);
    CHECK("st3 bytes 16-23", load64(dst_buf + 16), 0x1707551606551505ull);
    LDST("st4 {v16.h, v17.h, v18.h, v19.h}[3], [%0]", dst_buf + 64 - src_buf, 0);
    LDST("st1 {v17.d}[1], [%0]", dst_buf + 72 - src_buf, 0);
    LDST("st1 {v16.16b, v17.16b}, [%0]", dst_buf + 80 - src_buf, 0);
    CHECK("st4 lane", load64(dst_buf + 64), 0x1716070655551111ull);
    CHECK("st1 lane d", load64(dst_buf + 72), 0x7777777766666666ull);
    CHECK("st1 x2 first", load64(dst_buf + 80), 0x1111111100000000ull);
    CHECK("st1 x2 last", load64(dst_buf + 104), 0x7777777766666666ull);
    group_end();
}

static void test_scalar_misc(void)
{
    group_begin("scalar forms");
    T1("ushr %d0, %d1, #4", V(0xf0, 5), 0xf, 0);
    TA1("usra %d0, %d1, #60", V(1, 5), V(0xf000000000000000ull, 0), 0x10, 0);
    T2("cmtst %d0, %d1, %d2", V(6, 0), V(1, 0), 0, 0);
    T2("cmeq %d0, %d1, %d2", V(6, 0), V(6, 1), -1, 0);
    T2("ushl %d0, %d1, %d2", V(1, 0), V(63, 0), 0x8000000000000000ull, 0);
    TQ1("sqshlu %b0, %b1, #2", V(0x40, 0), 0xff, 0, 1);
    TQ1("uqxtn %s0, %d1", V(0x100000000ull, 0), 0xffffffff, 0, 1);
    TQ1("sqrshrun %h0, %s1, #4", V(0x00000018, 0), 2, 0, 0);
    T1("neg %d0, %d1", V(1, 1), 0xffffffffffffffffull, 0);
    T1("cmlt %d0, %d1, #0", V(0x8000000000000000ull, 0), -1, 0);
    TA1("suqadd %b0, %b1", V(0x7e, 0), V(0xff, 0), 0x7f, 0);
    TA1("usqadd %h0, %h1", V(0x0001, 0), V(0xfffe, 0), 0, 0);
    TA1("suqadd %0.4s, %1.4s", V(0xfffffffe00000001ull, 0), V(0x0000000300000002ull, 0),
        0x0000000100000003ull, 0);
    T1("scvtf %s0, %s1", V(0xfffffffe, 0), 0xc0000000, 0);
    T1("fcvtzu %d0, %d1, #1", V(0x4004000000000000ull, 0), 5, 0);
    T1("fcmgt %s0, %s1, #0.0", V(0x3f800000, 0), 0xffffffff, 0);
    T1("frsqrte %d0, %d1", V(0x4010000000000000ull, 0), 0x3fdff00000000000ull, 0);
    group_end();
}

static void test_more_forms(void)
{
    v2d r;

    group_begin("more integer forms");
    T2("ssubw2 %0.4s, %1.4s, %2.8h", V(0x000000140000000aull, 0x000000280000001eull),
       V(0, 0x00028000ffff0001ull), 0x0000001500000009ull, 0x000000260000801eull);
    T2("usubl %0.8h, %1.8b, %2.8b", V(0x0001, 0), V(0xff02, 0), 0xff01ffffull, 0);
    T2("uaddw %0.8h, %1.8h, %2.8b", V(0x0001ffffull, 0), V(0xff01, 0), 0x01000000ull, 0);
    TA2("umlsl2 %0.2d, %1.4s, %2.4s", V(100, 0), V(0, 0x000000010000000aull),
        V(0, 0xffffffff00000005ull), 50, 0xffffffff00000001ull);
    T2("sabdl2 %0.2d, %1.4s, %2.4s", V(0, 0x0000000580000000ull), V(0, 0x000000077fffffffull),
       0xffffffffull, 2);
    TA2("uabal %0.4s, %1.4h, %2.4h", V(1, 0), V(0, 0), V(0xffff, 0), 0x10000, 0);
    write_fpsr(0);
    TA2("sqdmlsl %0.4s, %1.4h, %2.4h", V(0x0000000580000000ull, 0), V(0x00010001ull, 0),
        V(0x00020001ull, 0), 0x0000000180000000ull, 0);
    CHECK("sqdmlsl QC", (read_fpsr() & FPSR_QC) != 0, 1);
    TA2("sqdmlal %d0, %s1, %s2", V(1, 0), V(3, 0), V(0xfffffffe, 0), 0xfffffffffffffff5ull, 0);
    r = V(0x0000000100000001ull, 0x0000000100000001ull);
    __asm__ volatile("smlal %0.4s, %1.4h, %2.h[2]" : "+w"(r)
                     : "w"(V(0x7fff0002ffff0001ull, 0)), "x"(V(0x0000000300000000ull, 0)));
    check_v("smlal by h[2]", r, 0xfffffffe00000004ull, 0x00017ffe00000007ull);
    T2("umull2 %0.2d, %1.4s, %2.s[3]", V(0, 0xffffffff00000002ull), V(0, 0x0000001000000000ull),
       0x20, 0xffffffff0ull);
    write_fpsr(0);
    __asm__ volatile("sqdmull %s0, %h1, %2.h[1]" : "=w"(r)
                     : "w"(V(0x8000, 0)), "x"(V(0x80000000ull, 0)));
    check_v("sqdmull scalar by h[1]", r, 0x7fffffff, 0);
    CHECK("sqdmull scalar QC", (read_fpsr() & FPSR_QC) != 0, 1);
    TA1("srsra %0.8h, %1.8h, #4", V(0x0001000100010001ull, 0x0001000100010001ull),
        V(0x7ffffff7fff80008ull, 0), 0x0801000000010002ull, 0x0001000100010001ull);
    TQ2("uqrshl %0.16b, %1.16b, %2.16b", V(0x0180ff, 0), V(0x0701ff, 0), 0x80ff80, 0, 1);
    TA1("sadalp %0.8h, %1.16b", V(0x0001000100010001ull, 0x0001000100010001ull),
        V(0x80807f7full, 0), 0x00010001ff0100ffull, 0x0001000100010001ull);
    T2("cmge %0.4s, %1.4s, %2.4s", V(0xffffffff00000001ull, 0x8000000000000005ull),
       V(0x0000000000000001ull, 0x7fffffff00000006ull), 0x00000000ffffffffull, 0);
    write_fpsr(0);
    TA1("sqxtn2 %0.8h, %1.4s", V(0x77, 0x66), V(0xfffedcbb00012345ull, 0xfffffffb00000005ull),
        0x77, 0xfffb000580007fffull);
    CHECK("sqxtn2 QC", (read_fpsr() & FPSR_QC) != 0, 1);
    T1("rev32 %0.16b, %1.16b", V(0x0706050403020100ull, 0), 0x0405060700010203ull, 0);
    T1("clz %0.8b, %1.8b", V(0x10800100ull, 0), 0x0808080803000708ull, 0);
    T2("uzp1 %0.2d, %1.2d, %2.2d", V(1, 2), V(3, 4), 1, 3);
    T2("sub %0.16b, %1.16b, %2.16b", V(0xff7f8000ull, 0), V(0x7fff0101ull, 0), 0x80807fffull, 0);
    T2("add %0.4s, %1.4s, %2.4s", V(0x7fffffffffffffffull, 0), V(0x0000000100000001ull, 0),
       0x8000000000000000ull, 0);
    T2("cmeq %0.16b, %1.16b, %2.16b", V(0xff000180ull, 0), V(0xff000000ull, 0),
       0xffffffffffff0000ull, -1);
    T1("cmeq %0.4h, %1.4h, #0", V(0x0100000000018000ull, 5), 0x0000ffff00000000ull, 0);
    T2("cmeq %0.4s, %1.4s, %2.4s", V(0x0000000580000000ull, 1), V(0x0000000500000000ull, 2),
       0xffffffff00000000ull, 0xffffffff00000000ull);
    T1("mov %h0, %1.h[3]", V(0xabcd000000000000ull, 1), 0xabcd, 0);
    group_end();

    group_begin("more fp forms");
    T1("fcvtnu %0.2s, %1.2s", V(0xbf00000040200000ull, 0), 2, 0);
    T1("fcvtau %0.2s, %1.2s", V(0xbf00000040200000ull, 0), 3, 0);
    T1("fcvtmu %0.2s, %1.2s", V(0xbf00000040200000ull, 0), 2, 0);
    T1("fcvtpu %0.2s, %1.2s", V(0xbf00000040200000ull, 0), 3, 0);
    T1("ucvtf %0.4s, %1.4s, #1", V(0xffffffff00000003ull, 0), 0x4f0000003fc00000ull, 0);
    T1("fcvtzu %0.2s, %1.2s, #4", V(0xbf8000003fc00000ull, 0), 0x18, 0);
    T2("frecps %s0, %s1, %s2", V(0x3fc00000, 0), V(0x3f800000, 0), 0x3f000000, 0);
    T2("frsqrts %d0, %d1, %d2", V(0x3ff0000000000000ull, 0), V(0x3ff0000000000000ull, 0),
       0x3ff0000000000000ull, 0);
    T2("fmaxnm %0.2d, %1.2d, %2.2d", V(0x7ff8000000000000ull, 0x3ff0000000000000ull),
       V(0x4000000000000000ull, 0xfff0000000000000ull), 0x4000000000000000ull,
       0x3ff0000000000000ull);
    T2("fminp %0.4s, %1.4s, %2.4s", V(0x400000003f800000ull, 0x3f000000bf800000ull),
       V(0x7fc0000040400000ull, 0x40a0000040800000ull), 0xbf8000003f800000ull,
       0x408000007fc00000ull);
    TA2("fmla %d0, %d1, %2.d[1]", V(0x3ff0000000000000ull, 0), V(0x4000000000000000ull, 0),
        V(0, 0x4008000000000000ull), 0x401c000000000000ull, 0);
    group_end();

    group_begin("reserved AdvSIMD encodings");
    expect_exception(0);
    __asm__ volatile(".inst 0x0ee18400");   /* add v0.1d, v0.1d, v1.1d: size 3 needs Q */
    CHECK("ADD .1D is UNDEFINED", exception_taken(), 1);
    CHECK("ADD .1D ESR", exc_last.esr, 0x02000000u);
    expect_exception(0);
    __asm__ volatile(".inst 0x0ce0c000");   /* ld1r, post-index form bits on a store */
    CHECK("ST1R is UNDEFINED", exception_taken(), 1);
    expect_exception(0);
    __asm__ volatile(".inst 0x0e401400");   /* fadd v0.4h: FEAT_FP16, not implemented */
    CHECK("FP16 FADD is UNDEFINED", exception_taken(), 1);
    group_end();
}

int main(void)
{
    /* FP/SIMD is trapped after reset: CPACR_EL1.FPEN = 0b11 first of all. */
    WRITE_SYSREG(cpacr_el1, 3u << 20);
    test_moves();
    test_logic();
    test_arith();
    test_compare();
    test_shifts();
    test_long_narrow();
    test_across_pairwise();
    test_misc();
    test_permute();
    test_by_element();
    test_fp();
    test_ldst();
    test_scalar_misc();
    test_more_forms();
    return finish();
}
