/*
 * A64 integer data processing: results and NZCV of the arithmetic, logical,
 * shift, bitfield, conditional, multiply/divide, bit-manipulation and CRC32
 * instructions on edge values. Expected values are constants (worked out from
 * the Arm ARM pseudocode), never computed by the code under test.
 */
#include "runtime.h"

struct flag_vec {
    uint64_t a, b, cin, res, nzcv;
};

static const struct flag_vec adds64_vec[] = {
    { 0x0ull, 0x0ull, 0, 0x0ull, 0x4 },
    { 0x7fffffffffffffffull, 0x1ull, 0, 0x8000000000000000ull, 0x9 },
    { 0xffffffffffffffffull, 0x1ull, 0, 0x0ull, 0x6 },
    { 0x8000000000000000ull, 0x8000000000000000ull, 0, 0x0ull, 0x7 },
    { 0xffffffffffffffffull, 0xffffffffffffffffull, 0, 0xfffffffffffffffeull, 0xa },
    { 0x1ull, 0x2ull, 0, 0x3ull, 0x0 },
    { 0x123456789abcdef0ull, 0xfedcba987654321ull, 0, 0x2222222222222211ull, 0x0 },
};
static const struct flag_vec adds32_vec[] = {
    { 0x7fffffffull, 0x1ull, 0, 0x80000000ull, 0x9 },
    { 0xffffffffull, 0x1ull, 0, 0x0ull, 0x6 },
    { 0x80000000ull, 0x80000000ull, 0, 0x0ull, 0x7 },
    { 0x1234567800000001ull, 0xffffffff00000001ull, 0, 0x2ull, 0x0 },
    { 0x0ull, 0x0ull, 0, 0x0ull, 0x4 },
};
static const struct flag_vec subs64_vec[] = {
    { 0x5ull, 0x3ull, 0, 0x2ull, 0x2 },
    { 0x3ull, 0x5ull, 0, 0xfffffffffffffffeull, 0x8 },
    { 0x5ull, 0x5ull, 0, 0x0ull, 0x6 },
    { 0x8000000000000000ull, 0x1ull, 0, 0x7fffffffffffffffull, 0x3 },
    { 0x0ull, 0x8000000000000000ull, 0, 0x8000000000000000ull, 0x9 },
    { 0x7fffffffffffffffull, 0xffffffffffffffffull, 0, 0x8000000000000000ull, 0x9 },
    { 0x0ull, 0x0ull, 0, 0x0ull, 0x6 },
};
static const struct flag_vec subs32_vec[] = {
    { 0x0ull, 0x1ull, 0, 0xffffffffull, 0x8 },
    { 0x80000000ull, 0x1ull, 0, 0x7fffffffull, 0x3 },
    { 0x1ull, 0x1ull, 0, 0x0ull, 0x6 },
    { 0xffffffff00000005ull, 0x3ull, 0, 0x2ull, 0x2 },
    { 0x7fffffffull, 0xffffffffull, 0, 0x80000000ull, 0x9 },
};
static const struct flag_vec adcs64_vec[] = {
    { 0xffffffffffffffffull, 0x0ull, 1, 0x0ull, 0x6 },
    { 0x7fffffffffffffffull, 0x0ull, 1, 0x8000000000000000ull, 0x9 },
    { 0x1ull, 0x1ull, 0, 0x2ull, 0x0 },
    { 0xffffffffffffffffull, 0xffffffffffffffffull, 1, 0xffffffffffffffffull, 0xa },
    { 0xffffffffffffffffull, 0xffffffffffffffffull, 0, 0xfffffffffffffffeull, 0xa },
    { 0x0ull, 0x0ull, 1, 0x1ull, 0x0 },
};
static const struct flag_vec adcs32_vec[] = {
    { 0xffffffffull, 0x0ull, 1, 0x0ull, 0x6 },
    { 0x7fffffffull, 0x0ull, 1, 0x80000000ull, 0x9 },
    { 0x80000000ull, 0x7fffffffull, 1, 0x0ull, 0x6 },
    { 0xdeadbeef00000001ull, 0x1ull, 0, 0x2ull, 0x0 },
};
static const struct flag_vec sbcs64_vec[] = {
    { 0x5ull, 0x3ull, 1, 0x2ull, 0x2 },
    { 0x5ull, 0x3ull, 0, 0x1ull, 0x2 },
    { 0x0ull, 0x0ull, 0, 0xffffffffffffffffull, 0x8 },
    { 0x3ull, 0x3ull, 0, 0xffffffffffffffffull, 0x8 },
    { 0x8000000000000000ull, 0x1ull, 1, 0x7fffffffffffffffull, 0x3 },
    { 0x0ull, 0x0ull, 1, 0x0ull, 0x6 },
    { 0x8000000000000000ull, 0x0ull, 0, 0x7fffffffffffffffull, 0x3 },
};
static const struct flag_vec sbcs32_vec[] = {
    { 0x0ull, 0x0ull, 0, 0xffffffffull, 0x8 },
    { 0x80000000ull, 0x1ull, 1, 0x7fffffffull, 0x3 },
    { 0x80000000ull, 0x0ull, 0, 0x7fffffffull, 0x3 },
    { 0x5ull, 0x5ull, 1, 0x0ull, 0x6 },
    { 0x100000000ull, 0x0ull, 0, 0xffffffffull, 0x8 },
};

/* One flag-setting instruction on (a, b) with C = cin first; returns result, *flags. */
#define FLAG_OP(insn, reg)                                                            \
    static uint64_t do_##insn##reg(uint64_t a, uint64_t b, uint64_t cin, uint64_t *flags) \
    {                                                                                 \
        uint64_t r, f;                                                                \
        __asm__ volatile("msr nzcv, %2\n\t" #insn " %" #reg "0, %" #reg "3, %" #reg "4\n\t" \
                         "mrs %1, nzcv"                                               \
                         : "=&r"(r), "=&r"(f) : "r"(cin << 29), "r"(a), "r"(b) : "cc"); \
        *flags = f >> 28;                                                             \
        return r;                                                                     \
    }

FLAG_OP(adds, x)
FLAG_OP(adds, w)
FLAG_OP(subs, x)
FLAG_OP(subs, w)
FLAG_OP(adcs, x)
FLAG_OP(adcs, w)
FLAG_OP(sbcs, x)
FLAG_OP(sbcs, w)

typedef uint64_t FlagFn(uint64_t, uint64_t, uint64_t, uint64_t *);

static void run_flag_vecs(const char *name, FlagFn *fn, const struct flag_vec *v, int n)
{
    group_begin(name);
    for (int i = 0; i < n; i++) {
        uint64_t flags;
        uint64_t r = fn(v[i].a, v[i].b, v[i].cin, &flags);
        CHECK("result", r, v[i].res);
        CHECK("nzcv", flags, v[i].nzcv);
    }
    group_end();
}

#define RUN_FLAGS(name, fn, vec) run_flag_vecs(name, fn, vec, sizeof(vec) / sizeof(vec[0]))

static void test_addsub_forms(void)
{
    uint64_t r, f, sp;

    group_begin("add/sub immediate, extended, shifted, SP");
    __asm__ volatile("add %0, %1, #0xfff" : "=r"(r) : "r"(1ull));
    CHECK("add imm12", r, 0x1000);
    __asm__ volatile("add %0, %1, #0x123, lsl #12" : "=r"(r) : "r"(1ull));
    CHECK("add imm12 lsl 12", r, 0x123001);
    __asm__ volatile("sub %w0, %w1, #1" : "=r"(r) : "r"(0x100000000ull));
    CHECK("sub w imm wraps, zero-extends", r, 0xffffffff);
    __asm__ volatile("cmp %1, #1\n\tmrs %0, nzcv" : "=r"(f) : "r"(1ull) : "cc");
    CHECK("cmp imm equal", f >> 28, 0x6);
    __asm__ volatile("cmn %w1, #1\n\tmrs %0, nzcv" : "=r"(f) : "r"(0xffffffffull) : "cc");
    CHECK("cmn w imm", f >> 28, 0x6);
    __asm__ volatile("add %0, %1, %w2, sxtw #2" : "=r"(r) : "r"(100ull), "r"(0xffffffffull));
    CHECK("add sxtw #2", r, 96);
    __asm__ volatile("add %0, %1, %w2, uxtw" : "=r"(r) : "r"(100ull), "r"(0xffffffffull));
    CHECK("add uxtw", r, 0x100000063ull);
    __asm__ volatile("sub %0, %1, %w2, uxtb #1" : "=r"(r) : "r"(0x1000ull), "r"(0x1ffull));
    CHECK("sub uxtb #1", r, 0xe02);
    __asm__ volatile("add %0, %1, %w2, sxth" : "=r"(r) : "r"(0ull), "r"(0x8000ull));
    CHECK("add sxth", r, 0xffffffffffff8000ull);
    __asm__ volatile("add %0, %1, %2, sxtx #4" : "=r"(r) : "r"(1ull), "r"(2ull));
    CHECK("add sxtx #4", r, 33);
    __asm__ volatile("adds %w0, %w2, %w3, sxtb\n\tmrs %1, nzcv"
                     : "=r"(r), "=r"(f) : "r"(0x80ull), "r"(0x80ull) : "cc");
    CHECK("adds w sxtb result", r, 0);
    CHECK("adds w sxtb flags", f >> 28, 0x6);
    __asm__ volatile("add %0, %1, %2, lsl #4" : "=r"(r) : "r"(1ull), "r"(1ull));
    CHECK("add lsl #4", r, 17);
    __asm__ volatile("sub %0, %1, %2, asr #60" : "=r"(r) : "r"(0ull), "r"(0x8000000000000000ull));
    CHECK("sub asr #60", r, 8);
    __asm__ volatile("add %w0, %w1, %w2, lsr #31" : "=r"(r) : "r"(1ull), "r"(0x80000000ull));
    CHECK("add w lsr #31", r, 2);
    __asm__ volatile("neg %0, %1" : "=r"(r) : "r"(5ull));
    CHECK("neg", r, (uint64_t)-5);
    /* SP as base and destination (ADD/SUB immediate and extended register). */
    __asm__ volatile("mov %0, sp\n\t"
                     "sub sp, sp, #32\n\t"
                     "add %1, sp, #16\n\t"
                     "add sp, sp, #32"
                     : "=&r"(sp), "=&r"(r));
    CHECK("add from sp", r, sp - 16);
    __asm__ volatile("mov %0, sp\n\t"
                     "add %1, sp, %2, uxtx #3"
                     : "=&r"(sp), "=&r"(r) : "r"(2ull));
    CHECK("add sp, extended", r, sp + 16);
    group_end();
}

static void test_logic(void)
{
    uint64_t r, f;

    group_begin("logical immediate and shifted register");
    __asm__ volatile("and %0, %1, #0x5555555555555555" : "=r"(r) : "r"(~0ull));
    CHECK("and imm 0x55..", r, 0x5555555555555555ull);
    __asm__ volatile("orr %w0, %w1, #0xff00ff00" : "=r"(r) : "r"(0xffffffff00000011ull));
    CHECK("orr w imm, zero-extends", r, 0xff00ff11);
    __asm__ volatile("eor %0, %1, #0xfffffffffffffffe" : "=r"(r) : "r"(1ull));
    CHECK("eor imm", r, ~0ull);
    __asm__ volatile("mov %0, #0x00ff00ff00ff00ff" : "=r"(r));
    CHECK("mov bitmask imm", r, 0x00ff00ff00ff00ffull);
    __asm__ volatile("and %0, %1, #0x7ffffffffffffff8" : "=r"(r) : "r"(~0ull));
    CHECK("and imm run of 60", r, 0x7ffffffffffffff8ull);
    __asm__ volatile("orr %0, xzr, #0x8000000000000001" : "=r"(r));
    CHECK("orr imm rotated run", r, 0x8000000000000001ull);
    __asm__ volatile("and %w0, %w1, #0x3c" : "=r"(r) : "r"(0xffull));
    CHECK("and w imm", r, 0x3c);
    __asm__ volatile("ands %0, %2, #0x8000000000000000\n\tmrs %1, nzcv"
                     : "=r"(r), "=r"(f) : "r"(~0ull) : "cc");
    CHECK("ands imm N", f >> 28, 0x8);
    __asm__ volatile("msr nzcv, %1\n\ttst %w2, #1\n\tmrs %0, nzcv"
                     : "=r"(f) : "r"(0xf0000000ull), "r"(2ull) : "cc");
    CHECK("tst w imm clears C V, sets Z", f >> 28, 0x4);
    __asm__ volatile("bic %0, %1, %2" : "=r"(r) : "r"(0xffull), "r"(0x0full));
    CHECK("bic", r, 0xf0);
    __asm__ volatile("orn %w0, %w1, %w2" : "=r"(r) : "r"(0ull), "r"(0xffff0000ull));
    CHECK("orn w", r, 0xffff);
    __asm__ volatile("eon %0, %1, %2" : "=r"(r) : "r"(0xf0ull), "r"(0xffull));
    CHECK("eon", r, ~0x0full);
    __asm__ volatile("eor %0, %1, %2, ror #4" : "=r"(r) : "r"(0ull), "r"(0x1ull));
    CHECK("eor ror #4", r, 0x1000000000000000ull);
    __asm__ volatile("orr %w0, %w1, %w2, ror #4" : "=r"(r) : "r"(0ull), "r"(0x1ull));
    CHECK("orr w ror #4", r, 0x10000000);
    __asm__ volatile("and %0, %1, %2, asr #63" : "=r"(r) : "r"(0x1234ull),
                     "r"(0x8000000000000000ull));
    CHECK("and asr #63", r, 0x1234);
    __asm__ volatile("bics %w0, %w2, %w3\n\tmrs %1, nzcv"
                     : "=r"(r), "=r"(f) : "r"(0x80000000ull), "r"(0ull) : "cc");
    CHECK("bics w N", f >> 28, 0x8);
    CHECK("bics w result", r, 0x80000000ull);
    __asm__ volatile("mov %w0, %w1" : "=r"(r) : "r"(0x123456789ull));
    CHECK("mov w zero-extends", r, 0x23456789);
    __asm__ volatile("mvn %0, %1" : "=r"(r) : "r"(0ull));
    CHECK("mvn", r, ~0ull);
    group_end();
}

static void test_shifts(void)
{
    uint64_t r;

    group_begin("shifts and rotates");
    __asm__ volatile("lsl %0, %1, #63" : "=r"(r) : "r"(3ull));
    CHECK("lsl #63", r, 0x8000000000000000ull);
    __asm__ volatile("lsr %0, %1, #4" : "=r"(r) : "r"(0xf0ull));
    CHECK("lsr #4", r, 0xf);
    __asm__ volatile("asr %0, %1, #4" : "=r"(r) : "r"(0x8000000000000000ull));
    CHECK("asr #4", r, 0xf800000000000000ull);
    __asm__ volatile("ror %0, %1, #8" : "=r"(r) : "r"(0x0123456789abcdefull));
    CHECK("ror #8", r, 0xef0123456789abcdull);
    __asm__ volatile("asr %w0, %w1, #31" : "=r"(r) : "r"(0x80000000ull));
    CHECK("asr w #31", r, 0xffffffff);
    __asm__ volatile("ror %w0, %w1, #4" : "=r"(r) : "r"(0x12345678ull));
    CHECK("ror w #4", r, 0x81234567);
    __asm__ volatile("lsl %w0, %w1, #1" : "=r"(r) : "r"(0x80000001ull));
    CHECK("lsl w #1", r, 2);
    __asm__ volatile("lsl %0, %1, %2" : "=r"(r) : "r"(1ull), "r"(65ull));
    CHECK("lslv mod 64", r, 2);
    __asm__ volatile("lsr %w0, %w1, %w2" : "=r"(r) : "r"(0x80000000ull), "r"(33ull));
    CHECK("lsrv w mod 32", r, 0x40000000);
    __asm__ volatile("asr %0, %1, %2" : "=r"(r) : "r"((uint64_t)-16), "r"(2ull));
    CHECK("asrv", r, (uint64_t)-4);
    __asm__ volatile("asr %w0, %w1, %w2" : "=r"(r) : "r"(0x80000000ull), "r"(63ull));
    CHECK("asrv w by 63 = 31", r, 0xffffffff);
    __asm__ volatile("ror %0, %1, %2" : "=r"(r) : "r"(0x0123456789abcdefull), "r"(4ull));
    CHECK("rorv", r, 0xf0123456789abcdeull);
    __asm__ volatile("ror %w0, %w1, %w2" : "=r"(r) : "r"(0x12345678ull), "r"(36ull));
    CHECK("rorv w mod 32", r, 0x81234567);
    __asm__ volatile("lsr %0, %1, %2" : "=r"(r) : "r"(~0ull), "r"(0ull));
    CHECK("lsrv by 0", r, ~0ull);
    __asm__ volatile("lsl %w0, %w1, %w2" : "=r"(r) : "r"(0xffffffffull), "r"(0x20ull));
    CHECK("lslv w by 32 is by 0", r, 0xffffffff);
    group_end();
}

static void test_bitfield(void)
{
    uint64_t r;

    group_begin("bitfield (UBFM/SBFM/BFM) and EXTR");
    __asm__ volatile("ubfx %0, %1, #8, #16" : "=r"(r) : "r"(0x123456789abcdef0ull));
    CHECK("ubfx", r, 0xbcde);
    __asm__ volatile("sbfx %0, %1, #4, #8" : "=r"(r) : "r"(0xf80ull));
    CHECK("sbfx", r, 0xfffffffffffffff8ull);
    __asm__ volatile("ubfiz %0, %1, #4, #8" : "=r"(r) : "r"(0x1ffull));
    CHECK("ubfiz", r, 0xff0);
    __asm__ volatile("sbfiz %w0, %w1, #8, #4" : "=r"(r) : "r"(0xfull));
    CHECK("sbfiz w", r, 0xffffff00);
    r = ~0ull;
    __asm__ volatile("bfi %0, %1, #8, #8" : "+r"(r) : "r"(0x12ull));
    CHECK("bfi", r, 0xffffffffffff12ffull);
    r = 0;
    __asm__ volatile("bfxil %w0, %w1, #4, #8" : "+r"(r) : "r"(0xabcull));
    CHECK("bfxil w", r, 0xab);
    r = 0xffffffff00001234ull;
    __asm__ volatile("bfi %w0, %w1, #28, #4" : "+r"(r) : "r"(5ull));
    CHECK("bfi w zero-extends", r, 0x50001234);
    __asm__ volatile("sxtb %0, %w1" : "=r"(r) : "r"(0x80ull));
    CHECK("sxtb", r, 0xffffffffffffff80ull);
    __asm__ volatile("sxth %w0, %w1" : "=r"(r) : "r"(0x8000ull));
    CHECK("sxth w", r, 0xffff8000);
    __asm__ volatile("sxtw %0, %w1" : "=r"(r) : "r"(0x80000000ull));
    CHECK("sxtw", r, 0xffffffff80000000ull);
    __asm__ volatile("uxtb %w0, %w1" : "=r"(r) : "r"(0x1ffull));
    CHECK("uxtb", r, 0xff);
    __asm__ volatile("uxth %w0, %w1" : "=r"(r) : "r"(0x12345ull));
    CHECK("uxth", r, 0x2345);
    __asm__ volatile("sbfx %0, %1, #0, #64" : "=r"(r) : "r"(0x8000000000000001ull));
    CHECK("sbfm full width", r, 0x8000000000000001ull);
    __asm__ volatile("extr %0, %1, %2, #16" : "=r"(r)
                     : "r"(0x1111222233334444ull), "r"(0x5555666677778888ull));
    CHECK("extr", r, 0x4444555566667777ull);
    __asm__ volatile("extr %w0, %w1, %w2, #8" : "=r"(r)
                     : "r"(0x11223344ull), "r"(0x55667788ull));
    CHECK("extr w", r, 0x44556677);
    __asm__ volatile("extr %0, %1, %2, #0" : "=r"(r) : "r"(1ull), "r"(2ull));
    CHECK("extr #0", r, 2);
    group_end();
}

static void test_movewide_adr(void)
{
    uint64_t r, a, b;

    group_begin("move wide, ADR, ADRP");
    __asm__ volatile("movz %0, #0x1234, lsl #48" : "=r"(r));
    CHECK("movz lsl 48", r, 0x1234000000000000ull);
    __asm__ volatile("movn %w0, #0" : "=r"(r));
    CHECK("movn w", r, 0xffffffff);
    __asm__ volatile("movn %0, #0x1234, lsl #16" : "=r"(r));
    CHECK("movn lsl 16", r, 0xffffffffedcbffffull);
    r = 0x1111111111111111ull;
    __asm__ volatile("movk %0, #0xbeef, lsl #32" : "+r"(r));
    CHECK("movk", r, 0x1111beef11111111ull);
    r = 0xffffffffffffffffull;
    __asm__ volatile("movk %w0, #0x0, lsl #16" : "+r"(r));
    CHECK("movk w zero-extends", r, 0xffff);
    __asm__ volatile("adr %0, 1f\n\tldr %1, =1f\n\tb 2f\n\t.ltorg\n1:\n2:" : "=r"(a), "=r"(b));
    CHECK("adr", a, b);
    __asm__ volatile("adrp %0, main\n\tldr %1, =main"
                     : "=r"(a), "=r"(b));
    CHECK("adrp", a, b & ~0xfffull);
    group_end();
}

/* The Arm ARM's ConditionHolds() over a 4-bit NZCV. */
static int cond_holds(unsigned cond, unsigned nzcv)
{
    int n = (nzcv >> 3) & 1, z = (nzcv >> 2) & 1, c = (nzcv >> 1) & 1, v = nzcv & 1;
    int r;

    switch (cond >> 1) {
    case 0: r = z; break;
    case 1: r = c; break;
    case 2: r = n; break;
    case 3: r = v; break;
    case 4: r = c && !z; break;
    case 5: r = n == v; break;
    case 6: r = n == v && !z; break;
    default: r = 1; break;
    }
    if ((cond & 1) && cond != 15) {
        r = !r;
    }
    return r;
}

#define CSET_FOR(n, c) \
    case n: __asm__ volatile("msr nzcv, %1\n\tcsinc %0, xzr, xzr, " #c : "=r"(r) \
                             : "r"((uint64_t)nzcv << 28)); break

static const char *const cond_names[16] = {
    "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc",
    "hi", "ls", "ge", "lt", "gt", "le", "al", "nv",
};

static void test_csel(void)
{
    uint64_t r = 2;

    group_begin("conditional select");
    for (unsigned nzcv = 0; nzcv < 16; nzcv++) {
        for (unsigned cond = 0; cond < 16; cond++) {
            /* CSINC Xd, XZR, XZR, cond: 0 when cond holds, else 1. */
            switch (cond) {
            CSET_FOR(0, eq); CSET_FOR(1, ne); CSET_FOR(2, cs); CSET_FOR(3, cc);
            CSET_FOR(4, mi); CSET_FOR(5, pl); CSET_FOR(6, vs); CSET_FOR(7, vc);
            CSET_FOR(8, hi); CSET_FOR(9, ls); CSET_FOR(10, ge); CSET_FOR(11, lt);
            CSET_FOR(12, gt); CSET_FOR(13, le); CSET_FOR(14, al); CSET_FOR(15, nv);
            }
            if (r != (uint64_t)!cond_holds(cond, nzcv)) {
                print("FAIL csel: csinc %s with nzcv=%x gave %lu\n", cond_names[cond], nzcv,
                      r);
                CHECK("csinc condition", r, !cond_holds(cond, nzcv));
            }
        }
    }
    __asm__ volatile("cmp %1, %2\n\tcsel %0, %3, %4, gt" : "=r"(r)
                     : "r"(5ull), "r"(3ull), "r"(0xaull), "r"(0xbull) : "cc");
    CHECK("csel gt", r, 0xa);
    __asm__ volatile("cmp %1, %2\n\tcsinc %0, %3, %4, lt" : "=r"(r)
                     : "r"(5ull), "r"(3ull), "r"(0xaull), "r"(0xbull) : "cc");
    CHECK("csinc lt false", r, 0xc);
    __asm__ volatile("cmp %1, %2\n\tcsinv %0, %3, %4, eq" : "=r"(r)
                     : "r"(5ull), "r"(3ull), "r"(0xaull), "r"(0xbull) : "cc");
    CHECK("csinv eq false", r, ~0xbull);
    __asm__ volatile("cmp %1, %2\n\tcsneg %0, %3, %4, eq" : "=r"(r)
                     : "r"(5ull), "r"(3ull), "r"(0xaull), "r"(0xbull) : "cc");
    CHECK("csneg eq false", r, (uint64_t)-0xb);
    __asm__ volatile("cmp %1, %2\n\tcsneg %0, %3, %4, ne" : "=r"(r)
                     : "r"(5ull), "r"(3ull), "r"(0xaull), "r"(0xbull) : "cc");
    CHECK("csneg ne true", r, 0xa);
    __asm__ volatile("cmp %1, %2\n\tcset %w0, hi" : "=r"(r) : "r"(5ull), "r"(3ull) : "cc");
    CHECK("cset hi", r, 1);
    __asm__ volatile("cmp %1, %2\n\tcsetm %0, lo" : "=r"(r) : "r"(3ull), "r"(5ull) : "cc");
    CHECK("csetm lo", r, ~0ull);
    __asm__ volatile("cmp %1, %1\n\tcsinc %w0, %w2, %w3, ne" : "=r"(r)
                     : "r"(0ull), "r"(1ull), "r"(0xffffffffull) : "cc");
    CHECK("csinc w wraps", r, 0);
    __asm__ volatile("cmp %1, %1\n\tcsel %w0, %w2, %w3, eq" : "=r"(r)
                     : "r"(0ull), "r"(0x1ffffffffull), "r"(0ull) : "cc");
    CHECK("csel w zero-extends", r, 0xffffffff);
    group_end();
}

static void test_ccmp(void)
{
    uint64_t f;

    group_begin("conditional compare");
    __asm__ volatile("msr nzcv, xzr\n\tccmp %1, %2, #0xf, eq\n\tmrs %0, nzcv"
                     : "=r"(f) : "r"(1ull), "r"(1ull) : "cc");
    CHECK("ccmp cond false -> #nzcv", f >> 28, 0xf);
    __asm__ volatile("msr nzcv, %1\n\tccmp %2, %3, #0, eq\n\tmrs %0, nzcv"
                     : "=r"(f) : "r"(0x40000000ull), "r"(1ull), "r"(2ull) : "cc");
    CHECK("ccmp cond true -> compare", f >> 28, 0x8);
    __asm__ volatile("msr nzcv, xzr\n\tccmn %1, #1, #2, al\n\tmrs %0, nzcv"
                     : "=r"(f) : "r"(~0ull) : "cc");
    CHECK("ccmn imm al", f >> 28, 0x6);
    __asm__ volatile("msr nzcv, xzr\n\tccmp %w1, #1, #0, al\n\tmrs %0, nzcv"
                     : "=r"(f) : "r"(0x80000000ull) : "cc");
    CHECK("ccmp w overflow", f >> 28, 0x3);
    __asm__ volatile("msr nzcv, xzr\n\tccmp %1, #3, #5, ne\n\tmrs %0, nzcv"
                     : "=r"(f) : "r"(3ull) : "cc");
    CHECK("ccmp imm ne true equal", f >> 28, 0x6);
    __asm__ volatile("msr nzcv, %1\n\tccmp %2, %3, #5, ne\n\tmrs %0, nzcv"
                     : "=r"(f) : "r"(0x40000000ull), "r"(3ull), "r"(4ull) : "cc");
    CHECK("ccmp ne false", f >> 28, 0x5);
    group_end();
}

static void test_muldiv(void)
{
    uint64_t r;

    group_begin("multiply and divide");
    __asm__ volatile("madd %0, %1, %2, %3" : "=r"(r) : "r"(3ull), "r"(4ull), "r"(5ull));
    CHECK("madd", r, 17);
    __asm__ volatile("msub %0, %1, %2, %3" : "=r"(r) : "r"(3ull), "r"(4ull), "r"(5ull));
    CHECK("msub", r, (uint64_t)-7);
    __asm__ volatile("madd %w0, %w1, %w2, %w3" : "=r"(r)
                     : "r"(0x10000ull), "r"(0x10000ull), "r"(1ull));
    CHECK("madd w wraps", r, 1);
    __asm__ volatile("mul %0, %1, %2" : "=r"(r) : "r"(0xffffffffffffffffull), "r"(3ull));
    CHECK("mul", r, (uint64_t)-3);
    __asm__ volatile("mneg %w0, %w1, %w2" : "=r"(r) : "r"(2ull), "r"(3ull));
    CHECK("mneg w", r, 0xfffffffa);
    __asm__ volatile("smaddl %0, %w1, %w2, %3" : "=r"(r)
                     : "r"(0xfffffffeull), "r"(3ull), "r"(10ull));
    CHECK("smaddl", r, 4);
    __asm__ volatile("smsubl %0, %w1, %w2, %3" : "=r"(r)
                     : "r"(0xfffffffeull), "r"(3ull), "r"(10ull));
    CHECK("smsubl", r, 16);
    __asm__ volatile("umaddl %0, %w1, %w2, %3" : "=r"(r)
                     : "r"(0xffffffffull), "r"(2ull), "r"(0ull));
    CHECK("umaddl", r, 0x1fffffffeull);
    __asm__ volatile("umsubl %0, %w1, %w2, %3" : "=r"(r) : "r"(1ull), "r"(1ull), "r"(0ull));
    CHECK("umsubl", r, ~0ull);
    __asm__ volatile("smull %0, %w1, %w2" : "=r"(r) : "r"(0x80000000ull), "r"(0x80000000ull));
    CHECK("smull", r, 0x4000000000000000ull);
    __asm__ volatile("smulh %0, %1, %2" : "=r"(r) : "r"(~0ull), "r"(~0ull));
    CHECK("smulh -1*-1", r, 0);
    __asm__ volatile("smulh %0, %1, %2" : "=r"(r) : "r"(0x8000000000000000ull), "r"(2ull));
    CHECK("smulh min*2", r, ~0ull);
    __asm__ volatile("smulh %0, %1, %2" : "=r"(r)
                     : "r"(0x7fffffffffffffffull), "r"(0x7fffffffffffffffull));
    CHECK("smulh max*max", r, 0x3fffffffffffffffull);
    __asm__ volatile("umulh %0, %1, %2" : "=r"(r) : "r"(~0ull), "r"(~0ull));
    CHECK("umulh max*max", r, 0xfffffffffffffffeull);
    __asm__ volatile("umulh %0, %1, %2" : "=r"(r) : "r"(1ull << 32), "r"(1ull << 32));
    CHECK("umulh 2^64", r, 1);
    __asm__ volatile("udiv %0, %1, %2" : "=r"(r) : "r"(100ull), "r"(7ull));
    CHECK("udiv", r, 14);
    __asm__ volatile("udiv %0, %1, %2" : "=r"(r) : "r"(100ull), "r"(0ull));
    CHECK("udiv by 0", r, 0);
    __asm__ volatile("udiv %w0, %w1, %w2" : "=r"(r) : "r"(0x1ffffffffull), "r"(2ull));
    CHECK("udiv w ignores high bits", r, 0x7fffffff);
    __asm__ volatile("sdiv %0, %1, %2" : "=r"(r) : "r"((uint64_t)-100), "r"(7ull));
    CHECK("sdiv truncates", r, (uint64_t)-14);
    __asm__ volatile("sdiv %0, %1, %2" : "=r"(r) : "r"(0x8000000000000000ull), "r"(~0ull));
    CHECK("sdiv INT64_MIN / -1", r, 0x8000000000000000ull);
    __asm__ volatile("sdiv %0, %1, %2" : "=r"(r) : "r"(5ull), "r"(0ull));
    CHECK("sdiv by 0", r, 0);
    __asm__ volatile("sdiv %w0, %w1, %w2" : "=r"(r) : "r"(0x80000000ull), "r"(0xffffffffull));
    CHECK("sdiv w INT32_MIN / -1", r, 0x80000000ull);
    __asm__ volatile("sdiv %w0, %w1, %w2" : "=r"(r) : "r"(0xfffffff9ull), "r"(2ull));
    CHECK("sdiv w -7/2", r, 0xfffffffd);
    __asm__ volatile("sdiv %w0, %w1, %w2" : "=r"(r) : "r"(0xfffffff9ull), "r"(0ull));
    CHECK("sdiv w by 0", r, 0);
    group_end();
}

static void test_bits(void)
{
    uint64_t r;

    group_begin("CLZ, CLS, RBIT, REV");
    __asm__ volatile("clz %0, %1" : "=r"(r) : "r"(0ull));
    CHECK("clz 0", r, 64);
    __asm__ volatile("clz %0, %1" : "=r"(r) : "r"(1ull));
    CHECK("clz 1", r, 63);
    __asm__ volatile("clz %0, %1" : "=r"(r) : "r"(0x8000000000000000ull));
    CHECK("clz msb", r, 0);
    __asm__ volatile("clz %w0, %w1" : "=r"(r) : "r"(0ull));
    CHECK("clz w 0", r, 32);
    __asm__ volatile("clz %w0, %w1" : "=r"(r) : "r"(0xffffffff00000001ull));
    CHECK("clz w ignores high", r, 31);
    __asm__ volatile("cls %0, %1" : "=r"(r) : "r"(0ull));
    CHECK("cls 0", r, 63);
    __asm__ volatile("cls %0, %1" : "=r"(r) : "r"(~0ull));
    CHECK("cls -1", r, 63);
    __asm__ volatile("cls %0, %1" : "=r"(r) : "r"(1ull));
    CHECK("cls 1", r, 62);
    __asm__ volatile("cls %0, %1" : "=r"(r) : "r"(0x8000000000000000ull));
    CHECK("cls min", r, 0);
    __asm__ volatile("cls %0, %1" : "=r"(r) : "r"(0xc000000000000000ull));
    CHECK("cls 0xc0..", r, 1);
    __asm__ volatile("cls %w0, %w1" : "=r"(r) : "r"(0xffffffffull));
    CHECK("cls w -1", r, 31);
    __asm__ volatile("cls %w0, %w1" : "=r"(r) : "r"(0x40000000ull));
    CHECK("cls w", r, 0);
    __asm__ volatile("rbit %0, %1" : "=r"(r) : "r"(1ull));
    CHECK("rbit 1", r, 0x8000000000000000ull);
    __asm__ volatile("rbit %0, %1" : "=r"(r) : "r"(0x0123456789abcdefull));
    CHECK("rbit", r, 0xf7b3d591e6a2c480ull);
    __asm__ volatile("rbit %w0, %w1" : "=r"(r) : "r"(0xf00000001ull));
    CHECK("rbit w", r, 0x80000000);
    __asm__ volatile("rev %0, %1" : "=r"(r) : "r"(0x0123456789abcdefull));
    CHECK("rev", r, 0xefcdab8967452301ull);
    __asm__ volatile("rev %w0, %w1" : "=r"(r) : "r"(0xff12345678ull));
    CHECK("rev w", r, 0x78563412);
    __asm__ volatile("rev16 %0, %1" : "=r"(r) : "r"(0x0123456789abcdefull));
    CHECK("rev16", r, 0x23016745ab89efcdull);
    __asm__ volatile("rev16 %w0, %w1" : "=r"(r) : "r"(0xff12345678ull));
    CHECK("rev16 w", r, 0x34127856);
    __asm__ volatile("rev32 %0, %1" : "=r"(r) : "r"(0x0123456789abcdefull));
    CHECK("rev32", r, 0x67452301efcdab89ull);
    group_end();
}

static void test_crc32(void)
{
    static const char data[] = "123456789";
    uint64_t isar0 = READ_SYSREG(id_aa64isar0_el1);
    uint32_t crc = 0xffffffff, crcc = 0xffffffff, crc2 = 0xffffffff;
    uint64_t first8 = 0, w;

    if (((isar0 >> 16) & 0xf) == 0) {
        print("SKIP crc32: ID_AA64ISAR0_EL1.CRC32 is 0\n");
        return;
    }
    group_begin("CRC32 and CRC32C");
    for (int i = 0; i < 9; i++) {
        __asm__ volatile("crc32b %w0, %w0, %w1" : "+r"(crc) : "r"((uint64_t)data[i]));
        __asm__ volatile("crc32cb %w0, %w0, %w1" : "+r"(crcc) : "r"((uint64_t)data[i]));
    }
    CHECK("crc32b check value", ~crc, 0xcbf43926u);
    CHECK("crc32cb check value", ~crcc, 0xe3069283u);
    for (int i = 7; i >= 0; i--) {
        first8 = (first8 << 8) | (uint8_t)data[i];
    }
    __asm__ volatile("crc32x %w0, %w0, %1" : "+r"(crc2) : "r"(first8));
    __asm__ volatile("crc32b %w0, %w0, %w1" : "+r"(crc2) : "r"((uint64_t)data[8]));
    CHECK("crc32x + crc32b", ~crc2, 0xcbf43926u);
    crc2 = 0xffffffff;
    w = first8 & 0xffffffff;
    __asm__ volatile("crc32cw %w0, %w0, %w1" : "+r"(crc2) : "r"(w));
    w = (first8 >> 32) & 0xffff;
    __asm__ volatile("crc32ch %w0, %w0, %w1" : "+r"(crc2) : "r"(w | 0xffff0000ull));
    w = (first8 >> 48) & 0xffff;
    __asm__ volatile("crc32ch %w0, %w0, %w1" : "+r"(crc2) : "r"(w));
    __asm__ volatile("crc32cb %w0, %w0, %w1" : "+r"(crc2) : "r"((uint64_t)data[8] | 0x100));
    CHECK("crc32cw/ch/cb ignore high bits", ~crc2, 0xe3069283u);
    group_end();
}

int main(void)
{
    RUN_FLAGS("adds x", do_addsx, adds64_vec);
    RUN_FLAGS("adds w", do_addsw, adds32_vec);
    RUN_FLAGS("subs x", do_subsx, subs64_vec);
    RUN_FLAGS("subs w", do_subsw, subs32_vec);
    RUN_FLAGS("adcs x", do_adcsx, adcs64_vec);
    RUN_FLAGS("adcs w", do_adcsw, adcs32_vec);
    RUN_FLAGS("sbcs x", do_sbcsx, sbcs64_vec);
    RUN_FLAGS("sbcs w", do_sbcsw, sbcs32_vec);
    test_addsub_forms();
    test_logic();
    test_shifts();
    test_bitfield();
    test_movewide_adr();
    test_csel();
    test_ccmp();
    test_muldiv();
    test_bits();
    test_crc32();
    return finish();
}
