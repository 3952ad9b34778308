/*
 * Soft-float arithmetic: add, multiply, divide, square root, fused
 * multiply-add, remainder, comparison and min/max on the unpacked form, plus
 * the per-width entry points and the per-target float_status presets.
 * Conversions and rounding to integral values are in softfloat-convert.c.
 */
#include "qemu/osdep.h"
#include "softfloat-parts.h"

/* ---- float_status presets ------------------------------------------------------ */

static const float_status float_target_presets[] = {
    [float_target_ieee] = { .float_rounding_mode = float_round_nearest_even },
    [float_target_arm] = {
        .tininess_before_rounding = true,
        .float_2nan_prop_rule = float_2nan_prop_s_ab,
        .float_3nan_prop_rule = float_3nan_prop_s_cab,
        .float_infzeronan_rule = float_infzeronan_default,
        .float_to_int_rule = float_to_int_saturate,
    },
    [float_target_mips_legacy] = {
        .snan_bit_is_one = true,
        .float_2nan_prop_rule = float_2nan_prop_s_ab,
        .float_3nan_prop_rule = float_3nan_prop_s_abc,
        .float_infzeronan_rule = float_infzeronan_default,
        .float_to_int_rule = float_to_int_max_on_invalid,
    },
    [float_target_mips_2008] = {
        .float_2nan_prop_rule = float_2nan_prop_s_ab,
        .float_3nan_prop_rule = float_3nan_prop_s_cab,
        .float_infzeronan_rule = float_infzeronan_propagate,
        .float_to_int_rule = float_to_int_saturate,
    },
    [float_target_ppc] = {
        .tininess_before_rounding = true,
        .float_2nan_prop_rule = float_2nan_prop_ab,
        .float_3nan_prop_rule = float_3nan_prop_acb,
        .float_infzeronan_rule = float_infzeronan_propagate,
        .float_to_int_rule = float_to_int_saturate_nan_min,
    },
};

void float_status_init_for(float_status *s, FloatTarget target)
{
    g_assert((unsigned)target < ARRAY_SIZE(float_target_presets));
    *s = float_target_presets[target];
}

/* ---- Wide intermediate sums ------------------------------------------------------ */

/*
 * An exact addend for add and muladd: value = frac * 2^(exp - 126), with bit
 * 126 the top bit of frac (bit 127 stays free for the carry of a sum).  The
 * low bits of frac are zero for every exact operand, which is what makes the
 * single jammed bit of an alignment shift round correctly.
 */
typedef struct WideParts {
    bool sign;
    int exp;
    uint128 frac;
} WideParts;

static WideParts wide_from_parts(const FloatParts *p)
{
    return (WideParts){ .sign = p->sign, .exp = p->exp, .frac = (uint128)p->frac << 63 };
}

/* The exact product of two NORMAL values. */
static WideParts wide_product(const FloatParts *a, const FloatParts *b, bool sign)
{
    uint128 r = (uint128)a->frac * b->frac;     /* in [2^126, 2^128) */

    if (r >> 127) {
        return (WideParts){ .sign = sign, .exp = a->exp + b->exp + 1,
                            .frac = shift_right_jam128(r, 1) };
    }
    return (WideParts){ .sign = sign, .exp = a->exp + b->exp, .frac = r };
}

static FloatParts wide_to_parts(const WideParts *w)
{
    return parts_from_uint128(w->sign, w->exp + 1, w->frac);
}

/* x + y for non-zero operands; an exact zero sum takes the rounding mode's sign. */
static FloatParts wide_add(WideParts x, WideParts y, const float_status *s)
{
    uint128 sum;

    if (y.exp > x.exp || (y.exp == x.exp && y.frac > x.frac)) {
        WideParts t = x;
        x = y;
        y = t;
    }
    y.frac = shift_right_jam128(y.frac, x.exp - y.exp);
    sum = x.sign == y.sign ? x.frac + y.frac : x.frac - y.frac;
    if (sum == 0) {
        return parts_zero(s->float_rounding_mode == float_round_down);
    }
    x.frac = sum;
    return wide_to_parts(&x);
}

/* The sign of an exact zero sum of two zeros (IEEE 754 6.3). */
static bool zero_sum_sign(bool a_sign, bool b_sign, const float_status *s)
{
    if (a_sign == b_sign) {
        return a_sign;
    }
    return s->float_rounding_mode == float_round_down;
}

/* ---- Operations on unpacked values ------------------------------------------------ */

/*
 * a + b for NORMAL operands straight from parts_unpack().  They have at most
 * 53 significant bits, so after giving up one bit for the carry there are
 * still ten below the last place of any result: enough for the round bit and
 * a sticky bit, and for the jammed bit of a long alignment shift to land below
 * both (subtracting a shifted operand cancels at most one leading bit).
 */
static FloatParts parts_add_normals(FloatParts a, FloatParts b, const float_status *s)
{
    uint64_t fa, fb, sum;
    int n;

    if (b.exp > a.exp || (b.exp == a.exp && b.frac > a.frac)) {
        FloatParts t = a;
        a = b;
        b = t;
    }
    fa = a.frac >> 1;
    fb = shift_right_jam64(b.frac >> 1, a.exp - b.exp);
    sum = a.sign == b.sign ? fa + fb : fa - fb;
    if (sum == 0) {
        return parts_zero(s->float_rounding_mode == float_round_down);
    }
    n = __builtin_clzll(sum);
    return (FloatParts){ .cls = FLOAT_CLASS_NORMAL, .sign = a.sign, .exp = a.exp + 1 - n,
                         .frac = sum << n };
}

static FloatParts parts_addsub(FloatParts a, FloatParts b, bool subtract, float_status *s)
{
    if (parts_is_nan(&a) || parts_is_nan(&b)) {
        return parts_pick_nan2(a, b, s);
    }
    b.sign ^= subtract;
    if (a.cls == FLOAT_CLASS_INF) {
        if (b.cls == FLOAT_CLASS_INF && a.sign != b.sign) {
            return parts_invalid(float_flag_invalid_isi, s);
        }
        return a;
    }
    if (b.cls == FLOAT_CLASS_INF) {
        return b;
    }
    if (b.cls == FLOAT_CLASS_ZERO) {
        if (a.cls == FLOAT_CLASS_ZERO) {
            a.sign = zero_sum_sign(a.sign, b.sign, s);
        }
        return a;
    }
    if (a.cls == FLOAT_CLASS_ZERO) {
        return b;
    }
    return parts_add_normals(a, b, s);
}

static FloatParts parts_mul(FloatParts a, FloatParts b, float_status *s)
{
    bool sign = a.sign ^ b.sign;

    if (parts_is_nan(&a) || parts_is_nan(&b)) {
        return parts_pick_nan2(a, b, s);
    }
    if (a.cls == FLOAT_CLASS_INF || b.cls == FLOAT_CLASS_INF) {
        if (a.cls == FLOAT_CLASS_ZERO || b.cls == FLOAT_CLASS_ZERO) {
            return parts_invalid(float_flag_invalid_imz, s);
        }
        return parts_inf(sign);
    }
    if (a.cls == FLOAT_CLASS_ZERO || b.cls == FLOAT_CLASS_ZERO) {
        return parts_zero(sign);
    }
    WideParts p = wide_product(&a, &b, sign);
    return wide_to_parts(&p);
}

static FloatParts parts_div(FloatParts a, FloatParts b, float_status *s)
{
    bool sign = a.sign ^ b.sign;
    uint128 num, q;
    int exp;

    if (parts_is_nan(&a) || parts_is_nan(&b)) {
        return parts_pick_nan2(a, b, s);
    }
    if (a.cls == FLOAT_CLASS_INF) {
        if (b.cls == FLOAT_CLASS_INF) {
            return parts_invalid(float_flag_invalid_idi, s);
        }
        return parts_inf(sign);
    }
    if (b.cls == FLOAT_CLASS_INF) {
        return parts_zero(sign);
    }
    if (a.cls == FLOAT_CLASS_ZERO) {
        if (b.cls == FLOAT_CLASS_ZERO) {
            return parts_invalid(float_flag_invalid_zdz, s);
        }
        return parts_zero(sign);
    }
    if (b.cls == FLOAT_CLASS_ZERO) {
        float_raise(float_flag_divbyzero, s);
        return parts_inf(sign);
    }

    /* Scale the dividend so that the 64-bit quotient has its top bit set. */
    exp = a.exp - b.exp;
    if (a.frac >= b.frac) {
        num = (uint128)a.frac << 63;
    } else {
        num = (uint128)a.frac << 64;
        exp--;
    }
    q = num / b.frac;
    return (FloatParts){ .cls = FLOAT_CLASS_NORMAL, .sign = sign, .exp = exp,
                         .frac = (uint64_t)q | (num % b.frac != 0) };
}

/* floor(sqrt(x)) for a 64-bit x, one result bit per step. */
static uint64_t isqrt64(uint64_t x)
{
    uint64_t root = 0, rem = 0;

    for (int i = 0; i < 32; i++) {
        uint64_t trial;

        rem = (rem << 2) | (x >> 62);
        x <<= 2;
        trial = (root << 2) | 1;
        root <<= 1;
        if (rem >= trial) {
            rem -= trial;
            root |= 1;
        }
    }
    return root;
}

/*
 * floor(sqrt(m)) for m in [2^126, 2^128); *inexact if m is not a square.
 * The root of the high half is good to 32 bits; one Newton step from there
 * lands at most a couple of units above the root, which the final loop fixes.
 */
static uint64_t isqrt128(uint128 m, bool *inexact)
{
    uint128 r = (uint128)isqrt64((uint64_t)(m >> 64)) << 32;

    r = (r + m / r) >> 1;
    if (r > UINT64_MAX) {
        r = UINT64_MAX;
    }
    while (r * r > m) {
        r--;
    }
    *inexact = r * r != m;
    return (uint64_t)r;
}

static FloatParts parts_sqrt(FloatParts a, float_status *s)
{
    bool inexact;
    uint64_t root;
    int odd;

    if (parts_is_nan(&a)) {
        return parts_return_nan(a, s);
    }
    if (a.cls == FLOAT_CLASS_ZERO) {
        return a;       /* sqrt(-0) = -0 */
    }
    if (a.sign) {
        return parts_invalid(float_flag_invalid_sqrt, s);
    }
    if (a.cls == FLOAT_CLASS_INF) {
        return a;
    }
    /*
     * value = frac * 2^(exp - 63).  With an even exponent take the root of
     * frac * 2^63, with an odd one of frac * 2^64: either way the root has
     * its top bit at 63 and the exponent halves exactly.
     */
    odd = a.exp & 1;
    root = isqrt128((uint128)a.frac << (63 + odd), &inexact);
    return (FloatParts){ .cls = FLOAT_CLASS_NORMAL, .exp = (a.exp - odd) / 2,
                         .frac = root | inexact };
}

static FloatParts parts_muladd(FloatParts a, FloatParts b, FloatParts c, int flags,
                               float_status *s)
{
    bool infzero = (a.cls == FLOAT_CLASS_INF && b.cls == FLOAT_CLASS_ZERO) ||
                   (a.cls == FLOAT_CLASS_ZERO && b.cls == FLOAT_CLASS_INF);
    bool psign;
    FloatParts r;

    if (parts_is_nan(&a) || parts_is_nan(&b) || parts_is_nan(&c)) {
        return parts_pick_nan3(a, b, c, infzero, s);
    }
    if (infzero) {
        return parts_invalid(float_flag_invalid_imz, s);
    }
    psign = a.sign ^ b.sign ^ !!(flags & float_muladd_negate_product);
    c.sign ^= !!(flags & float_muladd_negate_c);

    if (a.cls == FLOAT_CLASS_INF || b.cls == FLOAT_CLASS_INF) {
        if (c.cls == FLOAT_CLASS_INF && c.sign != psign) {
            return parts_invalid(float_flag_invalid_isi, s);
        }
        return parts_inf(psign);
    }
    if (c.cls == FLOAT_CLASS_INF) {
        return c;
    }
    if (a.cls == FLOAT_CLASS_ZERO || b.cls == FLOAT_CLASS_ZERO) {
        r = c;
        if (c.cls == FLOAT_CLASS_ZERO) {
            r.sign = zero_sum_sign(psign, c.sign, s);
        }
    } else {
        WideParts p = wide_product(&a, &b, psign);
        if (c.cls == FLOAT_CLASS_ZERO) {
            r = wide_to_parts(&p);
        } else {
            r = wide_add(p, wide_from_parts(&c), s);
        }
    }
    if ((flags & float_muladd_halve_result) && r.cls == FLOAT_CLASS_NORMAL) {
        r.exp--;
    }
    return r;
}

/*
 * IEEE remainder of two NORMAL values: a - n * b with n the nearest integer
 * to a / b (ties to even).  Long division works on the significands as
 * integers, at most 62 quotient bits per step.
 */
static FloatParts parts_rem_normal(FloatParts a, FloatParts b)
{
    int d = a.exp - b.exp;
    int unit_exp = b.exp - 63;      /* the exponent of one unit of 'divisor' */
    uint128 divisor = b.frac;
    uint128 r = a.frac;
    uint128 q;

    if (d < -1) {
        return a;                   /* |a| < |b| / 2 */
    }
    if (d == -1) {
        divisor <<= 1;              /* count in units of a instead */
        unit_exp--;
        d = 0;
    }
    q = r >= divisor;
    r -= q ? divisor : 0;
    while (d > 0) {
        int step = d < 62 ? d : 62;
        r <<= step;
        q = r / divisor;
        r %= divisor;
        d -= step;
    }
    /* Now a = n * b + r with 0 <= r < b and n odd iff q is. */
    if ((r << 1) > divisor || ((r << 1) == divisor && (q & 1))) {
        r = divisor - r;
        a.sign = !a.sign;
    }
    if (r == 0) {
        return parts_zero(a.sign);
    }
    return parts_from_uint128(a.sign, unit_exp + 127, r);
}

static FloatParts parts_rem(FloatParts a, FloatParts b, float_status *s)
{
    if (parts_is_nan(&a) || parts_is_nan(&b)) {
        return parts_pick_nan2(a, b, s);
    }
    if (a.cls == FLOAT_CLASS_INF || b.cls == FLOAT_CLASS_ZERO) {
        return parts_invalid(0, s);
    }
    if (a.cls == FLOAT_CLASS_ZERO || b.cls == FLOAT_CLASS_INF) {
        return a;
    }
    FloatParts r = parts_rem_normal(a, b);
    if (r.cls == FLOAT_CLASS_ZERO) {
        r.sign = a.sign;            /* a zero remainder has the sign of a */
    }
    return r;
}

static FloatParts parts_scalbn(FloatParts a, int n, float_status *s)
{
    if (parts_is_nan(&a)) {
        return parts_return_nan(a, s);
    }
    if (a.cls == FLOAT_CLASS_NORMAL) {
        /* Beyond this every format over- or underflows anyway. */
        n = MIN(MAX(n, -0x10000), 0x10000);
        a.exp += n;
    }
    return a;
}

/* Compare magnitudes of non-NaN values: -1, 0 or 1. */
static int parts_compare_magnitude(const FloatParts *a, const FloatParts *b)
{
    if (a->cls != b->cls) {
        /* ZERO < NORMAL < INF */
        int rank_a = a->cls == FLOAT_CLASS_ZERO ? 0 : a->cls == FLOAT_CLASS_NORMAL ? 1 : 2;
        int rank_b = b->cls == FLOAT_CLASS_ZERO ? 0 : b->cls == FLOAT_CLASS_NORMAL ? 1 : 2;
        return rank_a < rank_b ? -1 : 1;
    }
    if (a->cls != FLOAT_CLASS_NORMAL) {
        return 0;
    }
    if (a->exp != b->exp) {
        return a->exp < b->exp ? -1 : 1;
    }
    if (a->frac != b->frac) {
        return a->frac < b->frac ? -1 : 1;
    }
    return 0;
}

/* Total order of non-NaN values with -0 < +0: -1, 0 or 1. */
static int parts_compare_signed_zeros(const FloatParts *a, const FloatParts *b)
{
    int mag;

    if (a->sign != b->sign) {
        return a->sign ? -1 : 1;
    }
    mag = parts_compare_magnitude(a, b);
    return a->sign ? -mag : mag;
}

static FloatRelation parts_compare(FloatParts a, FloatParts b, bool quiet, float_status *s)
{
    if (parts_is_nan(&a) || parts_is_nan(&b)) {
        bool snan = a.cls == FLOAT_CLASS_SNAN || b.cls == FLOAT_CLASS_SNAN;
        if (snan) {
            float_raise(float_flag_invalid | float_flag_invalid_snan, s);
        } else if (!quiet) {
            float_raise(float_flag_invalid, s);
        }
        return float_relation_unordered;
    }
    if (a.cls == FLOAT_CLASS_ZERO && b.cls == FLOAT_CLASS_ZERO) {
        return float_relation_equal;
    }
    return (FloatRelation)parts_compare_signed_zeros(&a, &b);
}

enum {
    MINMAX_MIN = 1,         /* else max */
    MINMAX_NUMBER = 2,      /* a quiet NaN loses against a number */
    MINMAX_MAGNITUDE = 4,   /* compare absolute values first */
};

static FloatParts parts_minmax(FloatParts a, FloatParts b, int flags, float_status *s)
{
    int cmp = 0;

    if (parts_is_nan(&a) || parts_is_nan(&b)) {
        if (flags & MINMAX_NUMBER) {
            if (a.cls == FLOAT_CLASS_QNAN && !parts_is_nan(&b)) {
                return b;
            }
            if (b.cls == FLOAT_CLASS_QNAN && !parts_is_nan(&a)) {
                return a;
            }
        }
        return parts_pick_nan2(a, b, s);
    }
    if (flags & MINMAX_MAGNITUDE) {
        cmp = parts_compare_magnitude(&a, &b);
    }
    if (cmp == 0) {
        cmp = parts_compare_signed_zeros(&a, &b);
    }
    if (flags & MINMAX_MIN) {
        return cmp < 0 ? a : b;
    }
    return cmp > 0 ? a : b;
}

/* ---- Width-generic entry points ---------------------------------------------------- */

static uint64_t fp_addsub(const FloatFmt *f, uint64_t a, uint64_t b, bool subtract,
                          float_status *s)
{
    FloatParts pa = parts_unpack(f, a, s);
    FloatParts pb = parts_unpack(f, b, s);
    FloatParts r = parts_addsub(pa, pb, subtract, s);
    return parts_round_pack(f, &r, s);
}

static uint64_t fp_mul(const FloatFmt *f, uint64_t a, uint64_t b, float_status *s)
{
    FloatParts pa = parts_unpack(f, a, s);
    FloatParts pb = parts_unpack(f, b, s);
    FloatParts r = parts_mul(pa, pb, s);
    return parts_round_pack(f, &r, s);
}

static uint64_t fp_div(const FloatFmt *f, uint64_t a, uint64_t b, float_status *s)
{
    FloatParts pa = parts_unpack(f, a, s);
    FloatParts pb = parts_unpack(f, b, s);
    FloatParts r = parts_div(pa, pb, s);
    return parts_round_pack(f, &r, s);
}

static uint64_t fp_sqrt(const FloatFmt *f, uint64_t a, float_status *s)
{
    FloatParts r = parts_sqrt(parts_unpack(f, a, s), s);
    return parts_round_pack(f, &r, s);
}

static uint64_t fp_muladd(const FloatFmt *f, uint64_t a, uint64_t b, uint64_t c, int flags,
                          float_status *s)
{
    FloatParts pa = parts_unpack(f, a, s);
    FloatParts pb = parts_unpack(f, b, s);
    FloatParts pc = parts_unpack(f, c, s);
    FloatParts r = parts_muladd(pa, pb, pc, flags, s);
    uint64_t bits = parts_round_pack(f, &r, s);

    if ((flags & float_muladd_negate_result) && !parts_is_nan(&r)) {
        bits ^= 1ULL << (f->exp_bits + f->frac_bits);
    }
    return bits;
}

static uint64_t fp_rem(const FloatFmt *f, uint64_t a, uint64_t b, float_status *s)
{
    FloatParts pa = parts_unpack(f, a, s);
    FloatParts pb = parts_unpack(f, b, s);
    FloatParts r = parts_rem(pa, pb, s);
    return parts_round_pack(f, &r, s);
}

static uint64_t fp_scalbn(const FloatFmt *f, uint64_t a, int n, float_status *s)
{
    FloatParts r = parts_scalbn(parts_unpack(f, a, s), n, s);
    return parts_round_pack(f, &r, s);
}

static FloatRelation fp_compare(const FloatFmt *f, uint64_t a, uint64_t b, bool quiet,
                                float_status *s)
{
    FloatParts pa = parts_unpack(f, a, s);
    FloatParts pb = parts_unpack(f, b, s);
    return parts_compare(pa, pb, quiet, s);
}

static uint64_t fp_minmax(const FloatFmt *f, uint64_t a, uint64_t b, int flags,
                          float_status *s)
{
    FloatParts pa = parts_unpack(f, a, s);
    FloatParts pb = parts_unpack(f, b, s);
    FloatParts r = parts_minmax(pa, pb, flags, s);
    return parts_round_pack(f, &r, s);
}

static uint64_t fp_default_nan(const FloatFmt *f, const float_status *s)
{
    FloatParts p = parts_default_nan(s);
    float_status scratch = *s;
    return parts_round_pack(f, &p, &scratch);
}

static uint64_t fp_silence_nan(const FloatFmt *f, uint64_t a, const float_status *s)
{
    float_status scratch = *s;
    FloatParts p = parts_unpack(f, a, &scratch);

    if (p.cls != FLOAT_CLASS_SNAN) {
        return a;
    }
    scratch.default_nan_mode = false;
    p = parts_return_nan(p, &scratch);
    return parts_round_pack(f, &p, &scratch);
}

static uint64_t fp_squash_input_denormal(const FloatFmt *f, uint64_t a, float_status *s)
{
    uint64_t sign_bit = 1ULL << (f->exp_bits + f->frac_bits);
    uint64_t exp_mask = ((1ULL << f->exp_bits) - 1) << f->frac_bits;

    if (s->flush_inputs_to_zero && (a & exp_mask) == 0 && (a & ~sign_bit) != 0) {
        float_raise(float_flag_input_denormal, s);
        return a & sign_bit;
    }
    return a;
}

/* ---- float16 ------------------------------------------------------------------------ */

float16 float16_add(float16 a, float16 b, float_status *s)
{
    return fp_addsub(&float16_fmt, a, b, false, s);
}

float16 float16_sub(float16 a, float16 b, float_status *s)
{
    return fp_addsub(&float16_fmt, a, b, true, s);
}

float16 float16_mul(float16 a, float16 b, float_status *s)
{
    return fp_mul(&float16_fmt, a, b, s);
}

float16 float16_div(float16 a, float16 b, float_status *s)
{
    return fp_div(&float16_fmt, a, b, s);
}

float16 float16_sqrt(float16 a, float_status *s)
{
    return fp_sqrt(&float16_fmt, a, s);
}

float16 float16_muladd(float16 a, float16 b, float16 c, int flags, float_status *s)
{
    return fp_muladd(&float16_fmt, a, b, c, flags, s);
}

float16 float16_rem(float16 a, float16 b, float_status *s)
{
    return fp_rem(&float16_fmt, a, b, s);
}

float16 float16_scalbn(float16 a, int n, float_status *s)
{
    return fp_scalbn(&float16_fmt, a, n, s);
}

FloatRelation float16_compare(float16 a, float16 b, float_status *s)
{
    return fp_compare(&float16_fmt, a, b, false, s);
}

FloatRelation float16_compare_quiet(float16 a, float16 b, float_status *s)
{
    return fp_compare(&float16_fmt, a, b, true, s);
}

float16 float16_min(float16 a, float16 b, float_status *s)
{
    return fp_minmax(&float16_fmt, a, b, MINMAX_MIN, s);
}

float16 float16_max(float16 a, float16 b, float_status *s)
{
    return fp_minmax(&float16_fmt, a, b, 0, s);
}

float16 float16_minnum(float16 a, float16 b, float_status *s)
{
    return fp_minmax(&float16_fmt, a, b, MINMAX_MIN | MINMAX_NUMBER, s);
}

float16 float16_maxnum(float16 a, float16 b, float_status *s)
{
    return fp_minmax(&float16_fmt, a, b, MINMAX_NUMBER, s);
}

float16 float16_minnummag(float16 a, float16 b, float_status *s)
{
    return fp_minmax(&float16_fmt, a, b, MINMAX_MIN | MINMAX_NUMBER | MINMAX_MAGNITUDE, s);
}

float16 float16_maxnummag(float16 a, float16 b, float_status *s)
{
    return fp_minmax(&float16_fmt, a, b, MINMAX_NUMBER | MINMAX_MAGNITUDE, s);
}

float16 float16_default_nan(const float_status *s)
{
    return fp_default_nan(&float16_fmt, s);
}

float16 float16_silence_nan(float16 a, const float_status *s)
{
    return fp_silence_nan(&float16_fmt, a, s);
}

float16 float16_squash_input_denormal(float16 a, float_status *s)
{
    return fp_squash_input_denormal(&float16_fmt, a, s);
}

/* ---- bfloat16 ----------------------------------------------------------------------- */

bfloat16 bfloat16_add(bfloat16 a, bfloat16 b, float_status *s)
{
    return fp_addsub(&bfloat16_fmt, a, b, false, s);
}

bfloat16 bfloat16_sub(bfloat16 a, bfloat16 b, float_status *s)
{
    return fp_addsub(&bfloat16_fmt, a, b, true, s);
}

bfloat16 bfloat16_mul(bfloat16 a, bfloat16 b, float_status *s)
{
    return fp_mul(&bfloat16_fmt, a, b, s);
}

bfloat16 bfloat16_div(bfloat16 a, bfloat16 b, float_status *s)
{
    return fp_div(&bfloat16_fmt, a, b, s);
}

bfloat16 bfloat16_sqrt(bfloat16 a, float_status *s)
{
    return fp_sqrt(&bfloat16_fmt, a, s);
}

bfloat16 bfloat16_muladd(bfloat16 a, bfloat16 b, bfloat16 c, int flags, float_status *s)
{
    return fp_muladd(&bfloat16_fmt, a, b, c, flags, s);
}

bfloat16 bfloat16_default_nan(const float_status *s)
{
    return fp_default_nan(&bfloat16_fmt, s);
}

/* ---- float32 ------------------------------------------------------------------------ */

float32 float32_add(float32 a, float32 b, float_status *s)
{
    return fp_addsub(&float32_fmt, a, b, false, s);
}

float32 float32_sub(float32 a, float32 b, float_status *s)
{
    return fp_addsub(&float32_fmt, a, b, true, s);
}

float32 float32_mul(float32 a, float32 b, float_status *s)
{
    return fp_mul(&float32_fmt, a, b, s);
}

float32 float32_div(float32 a, float32 b, float_status *s)
{
    return fp_div(&float32_fmt, a, b, s);
}

float32 float32_sqrt(float32 a, float_status *s)
{
    return fp_sqrt(&float32_fmt, a, s);
}

float32 float32_muladd(float32 a, float32 b, float32 c, int flags, float_status *s)
{
    return fp_muladd(&float32_fmt, a, b, c, flags, s);
}

float32 float32_rem(float32 a, float32 b, float_status *s)
{
    return fp_rem(&float32_fmt, a, b, s);
}

float32 float32_scalbn(float32 a, int n, float_status *s)
{
    return fp_scalbn(&float32_fmt, a, n, s);
}

FloatRelation float32_compare(float32 a, float32 b, float_status *s)
{
    return fp_compare(&float32_fmt, a, b, false, s);
}

FloatRelation float32_compare_quiet(float32 a, float32 b, float_status *s)
{
    return fp_compare(&float32_fmt, a, b, true, s);
}

float32 float32_min(float32 a, float32 b, float_status *s)
{
    return fp_minmax(&float32_fmt, a, b, MINMAX_MIN, s);
}

float32 float32_max(float32 a, float32 b, float_status *s)
{
    return fp_minmax(&float32_fmt, a, b, 0, s);
}

float32 float32_minnum(float32 a, float32 b, float_status *s)
{
    return fp_minmax(&float32_fmt, a, b, MINMAX_MIN | MINMAX_NUMBER, s);
}

float32 float32_maxnum(float32 a, float32 b, float_status *s)
{
    return fp_minmax(&float32_fmt, a, b, MINMAX_NUMBER, s);
}

float32 float32_minnummag(float32 a, float32 b, float_status *s)
{
    return fp_minmax(&float32_fmt, a, b, MINMAX_MIN | MINMAX_NUMBER | MINMAX_MAGNITUDE, s);
}

float32 float32_maxnummag(float32 a, float32 b, float_status *s)
{
    return fp_minmax(&float32_fmt, a, b, MINMAX_NUMBER | MINMAX_MAGNITUDE, s);
}

float32 float32_default_nan(const float_status *s)
{
    return fp_default_nan(&float32_fmt, s);
}

float32 float32_silence_nan(float32 a, const float_status *s)
{
    return fp_silence_nan(&float32_fmt, a, s);
}

float32 float32_squash_input_denormal(float32 a, float_status *s)
{
    return fp_squash_input_denormal(&float32_fmt, a, s);
}

/* ---- float64 ------------------------------------------------------------------------ */

float64 float64_add(float64 a, float64 b, float_status *s)
{
    return fp_addsub(&float64_fmt, a, b, false, s);
}

float64 float64_sub(float64 a, float64 b, float_status *s)
{
    return fp_addsub(&float64_fmt, a, b, true, s);
}

float64 float64_mul(float64 a, float64 b, float_status *s)
{
    return fp_mul(&float64_fmt, a, b, s);
}

float64 float64_div(float64 a, float64 b, float_status *s)
{
    return fp_div(&float64_fmt, a, b, s);
}

float64 float64_sqrt(float64 a, float_status *s)
{
    return fp_sqrt(&float64_fmt, a, s);
}

float64 float64_muladd(float64 a, float64 b, float64 c, int flags, float_status *s)
{
    return fp_muladd(&float64_fmt, a, b, c, flags, s);
}

float64 float64_rem(float64 a, float64 b, float_status *s)
{
    return fp_rem(&float64_fmt, a, b, s);
}

float64 float64_scalbn(float64 a, int n, float_status *s)
{
    return fp_scalbn(&float64_fmt, a, n, s);
}

FloatRelation float64_compare(float64 a, float64 b, float_status *s)
{
    return fp_compare(&float64_fmt, a, b, false, s);
}

FloatRelation float64_compare_quiet(float64 a, float64 b, float_status *s)
{
    return fp_compare(&float64_fmt, a, b, true, s);
}

float64 float64_min(float64 a, float64 b, float_status *s)
{
    return fp_minmax(&float64_fmt, a, b, MINMAX_MIN, s);
}

float64 float64_max(float64 a, float64 b, float_status *s)
{
    return fp_minmax(&float64_fmt, a, b, 0, s);
}

float64 float64_minnum(float64 a, float64 b, float_status *s)
{
    return fp_minmax(&float64_fmt, a, b, MINMAX_MIN | MINMAX_NUMBER, s);
}

float64 float64_maxnum(float64 a, float64 b, float_status *s)
{
    return fp_minmax(&float64_fmt, a, b, MINMAX_NUMBER, s);
}

float64 float64_minnummag(float64 a, float64 b, float_status *s)
{
    return fp_minmax(&float64_fmt, a, b, MINMAX_MIN | MINMAX_NUMBER | MINMAX_MAGNITUDE, s);
}

float64 float64_maxnummag(float64 a, float64 b, float_status *s)
{
    return fp_minmax(&float64_fmt, a, b, MINMAX_NUMBER | MINMAX_MAGNITUDE, s);
}

float64 float64_default_nan(const float_status *s)
{
    return fp_default_nan(&float64_fmt, s);
}

float64 float64_silence_nan(float64 a, const float_status *s)
{
    return fp_silence_nan(&float64_fmt, a, s);
}

float64 float64_squash_input_denormal(float64 a, float_status *s)
{
    return fp_squash_input_denormal(&float64_fmt, a, s);
}
