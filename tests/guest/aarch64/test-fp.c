/*
 * A64 scalar floating point: results and FPSR flags of every scalar FP class
 * (arithmetic, fused multiply-add, min/max, square root, FRINT*, FCVT between
 * half/single/double, conversions to and from integers and fixed point,
 * compares) under each FPCR rounding mode, FZ, DN and AHP, with NaN
 * propagation, plus FMOV, FCSEL, FCCMP, the condition codes FCMP leaves, the
 * zeroing of the upper vector bits and the encodings ARMv8.0 leaves unallocated.
 * The expected values in test-fp-vectors.h come from gen-fp-vectors.py, an
 * exact rational model of the Arm ARM pseudocode, never from the code under test.
 */
#include "runtime.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* FPSR cumulative flags. */
#define IOC 0x01u
#define DZC 0x02u
#define OFC 0x04u
#define UFC 0x08u
#define IXC 0x10u
#define IDC 0x80u

/* FPCR controls. */
#define RP (1u << 22)
#define RM (2u << 22)
#define RZ (3u << 22)
#define FZ (1u << 24)
#define DN (1u << 25)
#define AHP (1u << 26)

#define ESR_UNDEF 0x02000000ull     /* EC 0, IL */

static uint64_t last_fpsr;          /* FPSR after the last operation */
static uint64_t upper_bits;         /* OR of V2[127:64] after every scalar FP write */

static void set_fpcr(uint64_t v)
{
    __asm__ volatile("msr fpcr, %0" : : "r"(v));
}

/*
 * Every operation takes three 64-bit inputs (a in D0 or a general register, b in D1,
 * c in D3 or NZCV) and returns its result.  FP results come from D2, which holds
 * all-ones beforehand in both halves so that a missing zeroing of the upper bits
 * shows.
 */
typedef uint64_t FpFn(uint64_t a, uint64_t b, uint64_t c);

#define PRELOAD "mov x9, #-1\n\tfmov d2, x9\n\tfmov v2.d[1], x9\n\tmsr fpsr, xzr\n\t"

/* An FP result in D2; text may use D0, D1, D3, %3 (a), and %5 (c) as NZCV. */
#define FP_OP(name, text)                                                                  \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t c)                               \
    {                                                                                      \
        uint64_t r, f, h;                                                                  \
        __asm__ volatile("fmov d0, %3\n\tfmov d1, %4\n\tfmov d3, %5\n\t" PRELOAD text     \
                         "\n\tmrs %1, fpsr\n\tfmov %0, d2\n\tfmov %2, v2.d[1]"            \
                         : "=&r"(r), "=&r"(f), "=&r"(h) : "r"(a), "r"(b), "r"(c)           \
                         : "x9", "v0", "v1", "v2", "v3", "cc");                            \
        last_fpsr = f;                                                                     \
        upper_bits |= h;                                                                   \
        return r;                                                                          \
    }

/* A general-register result in %0 (preset to all-ones: W writes must clear the top). */
#define FP_TO_GP(name, text)                                                               \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t c)                               \
    {                                                                                      \
        uint64_t r, f;                                                                     \
        __asm__ volatile("fmov d0, %2\n\tmov %0, #-1\n\tmsr fpsr, xzr\n\t" text            \
                         "\n\tmrs %1, fpsr"                                                \
                         : "=&r"(r), "=&r"(f) : "r"(a) : "v0");                            \
        last_fpsr = f;                                                                     \
        return r;                                                                          \
    }

/* NZCV (bits [3:0]) after text, with NZCV = c beforehand. */
#define FP_CMP(name, text)                                                                 \
    static uint64_t name(uint64_t a, uint64_t b, uint64_t c)                               \
    {                                                                                      \
        uint64_t r, f;                                                                     \
        __asm__ volatile("fmov d0, %2\n\tfmov d1, %3\n\tmsr nzcv, %4\n\tmsr fpsr, xzr\n\t" \
                         text "\n\tmrs %1, fpsr\n\tmrs %0, nzcv"                           \
                         : "=&r"(r), "=&r"(f) : "r"(a), "r"(b), "r"(c << 28)               \
                         : "v0", "v1", "cc");                                              \
        last_fpsr = f;                                                                     \
        return r >> 28;                                                                    \
    }

#define BINOP(op, t) FP_OP(op##_##t, #op " " #t "2, " #t "0, " #t "1")
#define TERNOP(op, t) FP_OP(op##_##t, #op " " #t "2, " #t "0, " #t "1, " #t "3")
#define UNOP(op, t) FP_OP(op##_##t, #op " " #t "2, " #t "0")
#define FCVT(to, from) FP_OP(fcvt_##to##from, "fcvt " #to "2, " #from "0")
#define TO_INT(op, r, t) FP_TO_GP(op##_##r##t, #op " %" #r "0, " #t "0")
#define TO_FIXED(op, r, t, fb) FP_TO_GP(op##_##r##t##_##fb, #op " %" #r "0, " #t "0, #" #fb)
#define FROM_INT(op, t, r) FP_OP(op##_##t##r, #op " " #t "2, %" #r "3")
#define FROM_FIXED(op, t, r, fb) FP_OP(op##_##t##r##_##fb, #op " " #t "2, %" #r "3, #" #fb)
#define CMP(op, t) FP_CMP(op##_##t, #op " " #t "0, " #t "1")
#define CMPZ(op, t) FP_CMP(op##z_##t, #op " " #t "0, #0.0")

#define BOTH(m, op) m(op, s) m(op, d)
BOTH(BINOP, fadd) BOTH(BINOP, fsub) BOTH(BINOP, fmul) BOTH(BINOP, fdiv) BOTH(BINOP, fnmul)
BOTH(BINOP, fmax) BOTH(BINOP, fmin) BOTH(BINOP, fmaxnm) BOTH(BINOP, fminnm)
BOTH(TERNOP, fmadd) BOTH(TERNOP, fmsub) BOTH(TERNOP, fnmadd) BOTH(TERNOP, fnmsub)
BOTH(UNOP, fmov) BOTH(UNOP, fabs) BOTH(UNOP, fneg) BOTH(UNOP, fsqrt)
BOTH(UNOP, frintn) BOTH(UNOP, frintp) BOTH(UNOP, frintm) BOTH(UNOP, frintz)
BOTH(UNOP, frinta) BOTH(UNOP, frintx) BOTH(UNOP, frinti)
FCVT(s, d) FCVT(d, s) FCVT(h, s) FCVT(s, h) FCVT(h, d) FCVT(d, h)
BOTH(CMP, fcmp) BOTH(CMP, fcmpe) BOTH(CMPZ, fcmp) BOTH(CMPZ, fcmpe)

#define TO_INT4(op) TO_INT(op, w, s) TO_INT(op, w, d) TO_INT(op, x, s) TO_INT(op, x, d)
TO_INT4(fcvtns) TO_INT4(fcvtnu) TO_INT4(fcvtps) TO_INT4(fcvtpu) TO_INT4(fcvtms)
TO_INT4(fcvtmu) TO_INT4(fcvtzs) TO_INT4(fcvtzu) TO_INT4(fcvtas) TO_INT4(fcvtau)

#define FIXED(op, fb32a, fb32b, fb64) \
    TO_FIXED(op, w, s, fb32a) TO_FIXED(op, w, d, fb32a) TO_FIXED(op, w, s, fb32b) \
    TO_FIXED(op, w, d, fb32b) TO_FIXED(op, x, s, fb64) TO_FIXED(op, x, d, fb64)
FIXED(fcvtzs, 1, 16, 64) FIXED(fcvtzu, 1, 16, 64)
TO_FIXED(fcvtzs, w, s, 32) TO_FIXED(fcvtzs, w, d, 32) TO_FIXED(fcvtzu, w, s, 32)
TO_FIXED(fcvtzu, w, d, 32) TO_FIXED(fcvtzs, x, s, 1) TO_FIXED(fcvtzs, x, d, 1)
TO_FIXED(fcvtzu, x, s, 1) TO_FIXED(fcvtzu, x, d, 1) TO_FIXED(fcvtzs, x, s, 32)
TO_FIXED(fcvtzs, x, d, 32) TO_FIXED(fcvtzu, x, s, 32) TO_FIXED(fcvtzu, x, d, 32)

#define FROM_INT4(op) FROM_INT(op, s, w) FROM_INT(op, d, w) FROM_INT(op, s, x) FROM_INT(op, d, x)
FROM_INT4(scvtf) FROM_INT4(ucvtf)
#define FROM_FIXED_ALL(op) \
    FROM_FIXED(op, s, w, 1) FROM_FIXED(op, d, w, 1) FROM_FIXED(op, s, w, 16) \
    FROM_FIXED(op, d, w, 16) FROM_FIXED(op, s, w, 32) FROM_FIXED(op, d, w, 32) \
    FROM_FIXED(op, s, x, 1) FROM_FIXED(op, d, x, 1) FROM_FIXED(op, s, x, 32) \
    FROM_FIXED(op, d, x, 32) FROM_FIXED(op, s, x, 64) FROM_FIXED(op, d, x, 64)
FROM_FIXED_ALL(scvtf) FROM_FIXED_ALL(ucvtf)

struct fp_op {
    const char *name;
    FpFn *fn;
};
#define OP(n) { #n, n }

struct fp_vec {
    struct fp_op op;
    uint32_t fpcr;
    uint64_t a, b, c, result;
    uint32_t fpsr;
};

struct fp_group {
    const char *name;
    const struct fp_vec *vec;
    unsigned n;
};

#include "test-fp-vectors.h"

/* ---- reporting ---- */

static char msg[160];
static unsigned msg_len;

static void msg_str(const char *s)
{
    while (*s && msg_len < sizeof(msg) - 1) {
        msg[msg_len++] = *s++;
    }
    msg[msg_len] = 0;
}

static void msg_hex(uint64_t v)
{
    char buf[17];
    int n = 0;

    do {
        buf[n++] = "0123456789abcdef"[v & 15];
        v >>= 4;
    } while (v);
    msg_str("0x");
    while (n) {
        char s[2] = { buf[--n], 0 };
        msg_str(s);
    }
}

/* "op(a, b, c) fpcr=x <what>" for the failure line. */
static const char *describe(const struct fp_vec *v, const char *what)
{
    msg_len = 0;
    msg_str(v->op.name);
    msg_str("(");
    msg_hex(v->a);
    msg_str(", ");
    msg_hex(v->b);
    msg_str(", ");
    msg_hex(v->c);
    msg_str(") fpcr=");
    msg_hex(v->fpcr);
    msg_str(" ");
    msg_str(what);
    return msg;
}

static void run_group(const struct fp_group *g)
{
    group_begin(g->name);
    upper_bits = 0;
    for (unsigned i = 0; i < g->n; i++) {
        const struct fp_vec *v = &g->vec[i];
        uint64_t r;

        set_fpcr(v->fpcr);
        r = v->op.fn(v->a, v->b, v->c);
        set_fpcr(0);
        CHECK(describe(v, "result"), r, v->result);
        CHECK(describe(v, "FPSR"), last_fpsr, v->fpsr);
    }
    CHECK("scalar writes zero bits [127:64]", upper_bits, 0);
    group_end();
}

/* ---- FMOV ---- */

static void test_fmov(void)
{
    uint64_t lo, hi, x;

    group_begin("FMOV general, top half and immediate");
    __asm__ volatile("mov x9, #-1\n\tfmov d4, x9\n\tfmov v4.d[1], x9\n\t"
                     "fmov s4, %w2\n\tfmov %0, d4\n\tfmov %1, v4.d[1]"
                     : "=&r"(lo), "=&r"(hi) : "r"(0xdeadbeef12345678ull) : "x9", "v4");
    CHECK("fmov s4, w: zero-extended", lo, 0x12345678);
    CHECK("fmov s4, w: top half zero", hi, 0);
    __asm__ volatile("mov x9, #-1\n\tfmov v4.d[1], x9\n\t"
                     "fmov d4, %2\n\tfmov %0, d4\n\tfmov %1, v4.d[1]"
                     : "=&r"(lo), "=&r"(hi) : "r"(0x0123456789abcdefull) : "x9", "v4");
    CHECK("fmov d4, x", lo, 0x0123456789abcdefull);
    CHECK("fmov d4, x: top half zero", hi, 0);
    __asm__ volatile("fmov d4, %2\n\tfmov v4.d[1], %3\n\tfmov %0, d4\n\tfmov %1, v4.d[1]"
                     : "=&r"(lo), "=&r"(hi) : "r"(0x1111ull), "r"(0xfedcba9876543210ull)
                     : "v4");
    CHECK("fmov v4.d[1], x keeps the low half", lo, 0x1111);
    CHECK("fmov v4.d[1], x", hi, 0xfedcba9876543210ull);
    __asm__ volatile("fmov d4, %1\n\tfmov v4.d[1], %2\n\tmov %0, #-1\n\tfmov %w0, s4"
                     : "=&r"(x) : "r"(0xaaaaaaaa87654321ull), "r"(5ull) : "v4");
    CHECK("fmov w, s4 zero-extends", x, 0x87654321);
    __asm__ volatile("fmov d4, %1\n\tfmov v4.d[1], %2\n\tfmov %0, d4"
                     : "=&r"(x) : "r"(0xaaaaaaaa87654321ull), "r"(5ull) : "v4");
    CHECK("fmov x, d4", x, 0xaaaaaaaa87654321ull);
    __asm__ volatile("fmov d4, %1\n\tfmov v4.d[1], %2\n\tfmov %0, v4.d[1]"
                     : "=&r"(x) : "r"(1ull), "r"(0x5555666677778888ull) : "v4");
    CHECK("fmov x, v4.d[1]", x, 0x5555666677778888ull);
    __asm__ volatile("fmov d4, xzr\n\tfmov %0, d4" : "=&r"(x) : : "v4");
    CHECK("fmov d4, xzr", x, 0);

#define FMOV_IMM(t, imm, want)                                                             \
    __asm__ volatile("mov x9, #-1\n\tfmov d4, x9\n\tfmov v4.d[1], x9\n\t"                  \
                     "fmov " #t "4, #" #imm "\n\tfmov %0, d4\n\tfmov %1, v4.d[1]"          \
                     : "=&r"(lo), "=&r"(hi) : : "x9", "v4");                               \
    CHECK("fmov " #t "4, #" #imm, lo, want);                                               \
    CHECK("fmov " #t "4, #" #imm ": top half zero", hi, 0)
    FMOV_IMM(d, 1.0, 0x3ff0000000000000ull);
    FMOV_IMM(d, -2.5, 0xc004000000000000ull);
    FMOV_IMM(d, 0.125, 0x3fc0000000000000ull);
    FMOV_IMM(d, 31.0, 0x403f000000000000ull);
    FMOV_IMM(d, -1.9375, 0xbfff000000000000ull);
    FMOV_IMM(d, 0.1328125, 0x3fc1000000000000ull);
    FMOV_IMM(s, 1.0, 0x3f800000);
    FMOV_IMM(s, -2.5, 0xc0200000);
    FMOV_IMM(s, 0.125, 0x3e000000);
    FMOV_IMM(s, 31.0, 0x41f80000);
    FMOV_IMM(s, -1.9375, 0xbff80000);
    FMOV_IMM(s, 0.1328125, 0x3e080000);
    FMOV_IMM(s, 16.0, 0x41800000);
    group_end();
}

/* ---- FCSEL, FCCMP and the conditions FCMP sets ---- */

FP_OP(fcsel_eq_d, "msr nzcv, %5\n\tfcsel d2, d0, d1, eq")
FP_OP(fcsel_gt_d, "msr nzcv, %5\n\tfcsel d2, d0, d1, gt")
FP_OP(fcsel_vs_s, "msr nzcv, %5\n\tfcsel s2, s0, s1, vs")
FP_OP(fcsel_hi_s, "msr nzcv, %5\n\tfcsel s2, s0, s1, hi")
FP_OP(fcsel_al_d, "msr nzcv, %5\n\tfcsel d2, d0, d1, al")
FP_OP(fcsel_nv_s, "msr nzcv, %5\n\tfcsel s2, s0, s1, nv")
FP_CMP(fccmp_eq_d, "fccmp d0, d1, #0x5, eq")
FP_CMP(fccmp_ge_s, "fccmp s0, s1, #0xf, ge")
FP_CMP(fccmpe_ne_d, "fccmpe d0, d1, #0x2, ne")
FP_CMP(fccmpe_al_s, "fccmpe s0, s1, #0x0, al")
FP_CMP(fccmp_nv_d, "fccmp d0, d1, #0x1, nv")

#define N_ 8ull
#define Z_ 4ull
#define C_ 2ull
#define V_ 1ull
#define F1 0x3ff0000000000000ull    /* 1.0 */
#define F2 0x4000000000000000ull    /* 2.0 */
#define S1 0x3f800000ull
#define S2 0x40000000ull
#define QN 0x7ff8000000000000ull
#define SQN 0x7fc00000ull

static const struct fp_vec vec_select[] = {
    { OP(fcsel_eq_d), 0, F1, F2, Z_ << 28, F1, 0 },
    { OP(fcsel_eq_d), 0, F1, F2, 0, F2, 0 },
    { OP(fcsel_gt_d), 0, F1, F2, 0, F1, 0 },                  /* Z=0, N=V */
    { OP(fcsel_gt_d), 0, F1, F2, (N_ | V_) << 28, F1, 0 },
    { OP(fcsel_gt_d), 0, F1, F2, N_ << 28, F2, 0 },
    { OP(fcsel_gt_d), 0, F1, F2, Z_ << 28, F2, 0 },
    { OP(fcsel_vs_s), 0, S1, S2, V_ << 28, S1, 0 },
    { OP(fcsel_vs_s), 0, S1, S2, (N_ | Z_ | C_) << 28, S2, 0 },
    { OP(fcsel_hi_s), 0, S1, S2, C_ << 28, S1, 0 },
    { OP(fcsel_hi_s), 0, S1, S2, (C_ | Z_) << 28, S2, 0 },
    { OP(fcsel_al_d), 0, F1, F2, 0, F1, 0 },
    { OP(fcsel_nv_s), 0, S1 | 0xabcd00000000ull, S2, 0, S1, 0 },  /* only S0 is read */
    { OP(fcsel_hi_s), 0, 0x7f800001, S2, C_ << 28, 0x7f800001, 0 },  /* sNaN: no flags */
    /* FCCMP: compare when the condition holds, else NZCV = #imm. */
    { OP(fccmp_eq_d), 0, F1, F2, Z_, N_, 0 },
    { OP(fccmp_eq_d), 0, F1, F2, 0, 0x5, 0 },
    { OP(fccmp_eq_d), 0, F2, F2, Z_ | N_, Z_ | C_, 0 },
    { OP(fccmp_eq_d), 0, QN, F2, Z_, C_ | V_, 0 },            /* quiet: no IOC */
    { OP(fccmp_eq_d), 0, 0x7ff0000000000001ull, F2, Z_, C_ | V_, IOC },
    { OP(fccmp_eq_d), 0, 0x7ff0000000000001ull, F2, 0, 0x5, 0 },  /* not compared */
    { OP(fccmp_ge_s), 0, S2, S1, 0, C_, 0 },
    { OP(fccmp_ge_s), 0, S2, S1, N_, 0xf, 0 },
    { OP(fccmpe_ne_d), 0, QN, F1, 0, C_ | V_, IOC },
    { OP(fccmpe_ne_d), 0, QN, F1, Z_, 0x2, 0 },
    { OP(fccmpe_al_s), 0, S1, SQN, 0, C_ | V_, IOC },
    { OP(fccmpe_al_s), 0, S1, S1, N_ | V_, Z_ | C_, 0 },
    { OP(fccmp_nv_d), 0, F1, F2, 0, N_, 0 },                  /* NV is "always" too */
    { OP(fccmp_nv_d), 0, 0, 0x8000000000000000ull, 0, Z_ | C_, 0 },
};

/* Bit i set when condition i (EQ, NE, CS, ... LE) holds after fcmp d0, d1. */
static uint64_t fcmp_conditions(uint64_t a, uint64_t b)
{
    uint64_t m;

#define COND(cc, i) "cset x10, " #cc "\n\torr %0, %0, x10, lsl #" #i "\n\t"
    __asm__ volatile("fmov d0, %1\n\tfmov d1, %2\n\tmov %0, #0\n\tfcmp d0, d1\n\t"
                     COND(eq, 0) COND(ne, 1) COND(cs, 2) COND(cc, 3) COND(mi, 4) COND(pl, 5)
                     COND(vs, 6) COND(vc, 7) COND(hi, 8) COND(ls, 9) COND(ge, 10) COND(lt, 11)
                     COND(gt, 12) COND(le, 13)
                     : "=&r"(m) : "r"(a), "r"(b) : "x10", "v0", "v1", "cc");
    return m;
}

static void test_select_and_conditions(void)
{
    static const struct fp_group g = { "FCSEL and FCCMP", vec_select, ARRAY_LEN(vec_select) };

    run_group(&g);
    group_begin("conditions after FCMP");
    /* EQ NE CS CC MI PL VS VC HI LS GE LT GT LE as bits 0..13. */
    CHECK("1.0 < 2.0: NE CC MI VC LS LT LE", fcmp_conditions(F1, F2), 0x2a9a);
    CHECK("2.0 > 1.0: NE CS PL VC HI GE GT", fcmp_conditions(F2, F1), 0x15a6);
    CHECK("2.0 == 2.0: EQ CS PL VC LS GE LE", fcmp_conditions(F2, F2), 0x26a5);
    CHECK("unordered: NE CS PL VS HI LT LE", fcmp_conditions(QN, F1), 0x2966);
    CHECK("-0.0 == +0.0", fcmp_conditions(0x8000000000000000ull, 0), 0x26a5);
    group_end();
}

/* ---- encodings ARMv8.0 without FEAT_FP16 leaves unallocated ---- */

#define UNDEF_INSN(word)                                                                   \
    do {                                                                                   \
        expect_exception(0);                                                               \
        __asm__ volatile(".inst " #word : : : "v0", "memory");                             \
        CHECK(#word " is UNDEFINED", exception_taken(), 1);                                \
        CHECK(#word " ESR", exc_last.esr, ESR_UNDEF);                                      \
    } while (0)

static void test_unallocated(void)
{
    group_begin("unallocated scalar FP encodings");
    UNDEF_INSN(0x1ee22820);     /* fadd h0, h1, h2 (FEAT_FP16) */
    UNDEF_INSN(0x1ea22820);     /* fadd with ftype 10 */
    UNDEF_INSN(0x1fc20c20);     /* fmadd h0, h1, h2, h3 */
    UNDEF_INSN(0x1ee0c020);     /* fabs h0, h1 */
    UNDEF_INSN(0x1ee22020);     /* fcmp h1, h2 */
    UNDEF_INSN(0x1eee1000);     /* fmov h0, #1.0 */
    UNDEF_INSN(0x1ee70020);     /* fmov h0, w1 */
    UNDEF_INSN(0x1e26c020);     /* FRINT opcode 001101 */
    UNDEF_INSN(0x1e224020);     /* fcvt s0, s1 */
    UNDEF_INSN(0x1e7e0020);     /* fjcvtzs w0, d1 (FEAT_JSCVT) */
    UNDEF_INSN(0x1eae0020);     /* fmov w0, v1.d[1] (sf = 0) */
    UNDEF_INSN(0x9e670020 | (1u << 19));    /* fmov d0, x1 with rmode 01 */
    UNDEF_INSN(0x1e202021);     /* fcmp with opcode2<2:0> != 0 */
    UNDEF_INSN(0x1e201020 | 1); /* fmov s1, #imm with imm5 != 0 */
    UNDEF_INSN(0x1e209820);     /* opcode 1001 of the 2-source group */
    UNDEF_INSN(0x1e020020);     /* scvtf s0, w1, #fbits with scale < 32 */
    UNDEF_INSN(0x9e08fc20);     /* fixed-point group, rmode 01 */
    UNDEF_INSN(0x3e220020);     /* scvtf s0, w1 with S = 1 */
    UNDEF_INSN(0x1e208020);     /* op3 = 100000 of the FP<->integer group */
    group_end();
}

int main(void)
{
    WRITE_SYSREG(cpacr_el1, 3ull << 20);    /* FPEN: no FP/SIMD traps at EL1 and EL0 */
    set_fpcr(0);
    for (unsigned i = 0; i < ARRAY_LEN(vec_groups); i++) {
        run_group(&vec_groups[i]);
    }
    test_fmov();
    test_select_and_conditions();
    test_unallocated();
    return finish();
}
