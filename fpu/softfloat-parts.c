/*
 * Soft-float representation: unpacking interchange encodings, the one rounding
 * and packing routine every width shares, and the NaN rules of each target.
 * The operations themselves are in softfloat.c and softfloat-convert.c.
 */
#include "qemu/osdep.h"
#include "softfloat-parts.h"

const FloatFmt float16_fmt = { .exp_bits = 5, .frac_bits = 10 };
const FloatFmt float16_althp_fmt = { .exp_bits = 5, .frac_bits = 10, .arm_althp = true };
const FloatFmt bfloat16_fmt = { .exp_bits = 8, .frac_bits = 7 };
const FloatFmt float32_fmt = { .exp_bits = 8, .frac_bits = 23 };
const FloatFmt float64_fmt = { .exp_bits = 11, .frac_bits = 52 };

uint64_t round_shift(uint64_t frac, int shift, bool sign, FloatRoundMode mode,
                     bool *inexact)
{
    uint64_t kept, rest, half;
    bool up;

    if (shift <= 0) {
        *inexact = false;
        return frac;
    }
    if (shift < 64) {
        kept = frac >> shift;
        rest = frac & ((1ULL << shift) - 1);
        half = 1ULL << (shift - 1);
    } else if (shift == 64) {
        kept = 0;
        rest = frac;
        half = 1ULL << 63;
    } else {
        /* Everything is dropped and it is less than half of the last place. */
        kept = 0;
        rest = frac != 0;
        half = 2;
    }
    *inexact = rest != 0;

    switch (mode) {
    case float_round_nearest_even:
        up = rest > half || (rest == half && (kept & 1));
        break;
    case float_round_ties_away:
        up = rest >= half;
        break;
    case float_round_up:
        up = rest && !sign;
        break;
    case float_round_down:
        up = rest && sign;
        break;
    case float_round_to_odd:
        return kept | (rest != 0);
    case float_round_to_zero:
    default:
        up = false;
        break;
    }
    return kept + up;
}

FloatParts parts_unpack(const FloatFmt *f, uint64_t bits, float_status *s)
{
    int fb = f->frac_bits;
    int exp_all_ones = (1 << f->exp_bits) - 1;
    int e = (bits >> fb) & exp_all_ones;
    uint64_t raw = bits & ((1ULL << fb) - 1);
    FloatParts p = { .sign = (bits >> (fb + f->exp_bits)) & 1 };

    if (e == exp_all_ones && !f->arm_althp) {
        if (raw == 0) {
            p.cls = FLOAT_CLASS_INF;
            return p;
        }
        p.frac = raw << (63 - fb);
        bool quiet_bit = p.frac & PARTS_QUIET_BIT;
        p.cls = quiet_bit != s->snan_bit_is_one ? FLOAT_CLASS_QNAN : FLOAT_CLASS_SNAN;
        return p;
    }
    if (e == 0) {
        if (raw == 0) {
            p.cls = FLOAT_CLASS_ZERO;
            return p;
        }
        if (s->flush_inputs_to_zero) {
            float_raise(float_flag_input_denormal, s);
            p.cls = FLOAT_CLASS_ZERO;
            return p;
        }
        /* A denormal is raw * 2^(1 - bias - fb); normalise it. */
        FloatParts d = parts_from_uint(p.sign, raw, 1 - fmt_bias(f) - fb);
        return d;
    }
    p.cls = FLOAT_CLASS_NORMAL;
    p.exp = e - fmt_bias(f);
    p.frac = (raw | (1ULL << fb)) << (63 - fb);
    return p;
}

FloatParts parts_default_nan(const float_status *s)
{
    /*
     * IEEE encoding: only the quiet bit set (0x7fc00000).  MIPS legacy: the
     * quiet bit means signalling, so every other fraction bit is set instead
     * (0x7fbfffff).
     */
    return (FloatParts){
        .cls = FLOAT_CLASS_QNAN,
        .sign = s->default_nan_sign,
        .frac = s->snan_bit_is_one ? PARTS_QUIET_BIT - 1 : PARTS_QUIET_BIT,
    };
}

/* Make an sNaN quiet, keeping its sign and payload where the encoding allows. */
static FloatParts parts_silence_nan(FloatParts a, const float_status *s)
{
    if (a.cls != FLOAT_CLASS_SNAN) {
        return a;
    }
    if (s->snan_bit_is_one) {
        /* Clearing the bit could leave an infinity: MIPS gives the default NaN. */
        return parts_default_nan(s);
    }
    a.cls = FLOAT_CLASS_QNAN;
    a.frac |= PARTS_QUIET_BIT;
    return a;
}

FloatParts parts_invalid(int cause_flag, float_status *s)
{
    float_raise(float_flag_invalid | cause_flag, s);
    return parts_default_nan(s);
}

FloatParts parts_return_nan(FloatParts a, float_status *s)
{
    if (a.cls == FLOAT_CLASS_SNAN) {
        float_raise(float_flag_invalid | float_flag_invalid_snan, s);
    }
    if (s->default_nan_mode) {
        return parts_default_nan(s);
    }
    return parts_silence_nan(a, s);
}

/*
 * Choose among n operands (some of them NaNs) by an order and, for the "s_"
 * rules, a first pass that only accepts signalling NaNs.
 */
static FloatParts pick_nan(const FloatParts *const ops[], const uint8_t *order, int n,
                           bool snan_first, float_status *s)
{
    bool any_snan = false;

    for (int i = 0; i < n; i++) {
        any_snan |= ops[i]->cls == FLOAT_CLASS_SNAN;
    }
    if (any_snan) {
        float_raise(float_flag_invalid | float_flag_invalid_snan, s);
    }
    if (s->default_nan_mode) {
        return parts_default_nan(s);
    }
    if (snan_first && any_snan) {
        for (int i = 0; i < n; i++) {
            if (ops[order[i]]->cls == FLOAT_CLASS_SNAN) {
                return parts_silence_nan(*ops[order[i]], s);
            }
        }
    }
    for (int i = 0; i < n; i++) {
        if (parts_is_nan(ops[order[i]])) {
            return parts_silence_nan(*ops[order[i]], s);
        }
    }
    g_assert_not_reached();
}

static const struct {
    bool snan_first;
    uint8_t order[2];
} nan2_rules[] = {
    [float_2nan_prop_s_ab] = { true, { 0, 1 } },
    [float_2nan_prop_s_ba] = { true, { 1, 0 } },
    [float_2nan_prop_ab] = { false, { 0, 1 } },
    [float_2nan_prop_ba] = { false, { 1, 0 } },
};

static const struct {
    bool snan_first;
    uint8_t order[3];
} nan3_rules[] = {
    [float_3nan_prop_s_abc] = { true, { 0, 1, 2 } },
    [float_3nan_prop_s_acb] = { true, { 0, 2, 1 } },
    [float_3nan_prop_s_bac] = { true, { 1, 0, 2 } },
    [float_3nan_prop_s_bca] = { true, { 1, 2, 0 } },
    [float_3nan_prop_s_cab] = { true, { 2, 0, 1 } },
    [float_3nan_prop_s_cba] = { true, { 2, 1, 0 } },
    [float_3nan_prop_abc] = { false, { 0, 1, 2 } },
    [float_3nan_prop_acb] = { false, { 0, 2, 1 } },
    [float_3nan_prop_bac] = { false, { 1, 0, 2 } },
    [float_3nan_prop_bca] = { false, { 1, 2, 0 } },
    [float_3nan_prop_cab] = { false, { 2, 0, 1 } },
    [float_3nan_prop_cba] = { false, { 2, 1, 0 } },
};

FloatParts parts_pick_nan2(FloatParts a, FloatParts b, float_status *s)
{
    const FloatParts *ops[] = { &a, &b };
    unsigned rule = s->float_2nan_prop_rule;

    g_assert(rule < ARRAY_SIZE(nan2_rules));
    return pick_nan(ops, nan2_rules[rule].order, 2, nan2_rules[rule].snan_first, s);
}

FloatParts parts_pick_nan3(FloatParts a, FloatParts b, FloatParts c, bool infzero,
                           float_status *s)
{
    const FloatParts *ops[] = { &a, &b, &c };
    unsigned rule = s->float_3nan_prop_rule;

    g_assert(rule < ARRAY_SIZE(nan3_rules));
    if (infzero) {
        /* Only c can be the NaN here; the product alone is invalid. */
        float_raise(float_flag_invalid | float_flag_invalid_imz, s);
        if (s->float_infzeronan_rule == float_infzeronan_default) {
            if (c.cls == FLOAT_CLASS_SNAN) {
                float_raise(float_flag_invalid_snan, s);
            }
            return parts_default_nan(s);
        }
    }
    return pick_nan(ops, nan3_rules[rule].order, 3, nan3_rules[rule].snan_first, s);
}

static uint64_t pack_nan(const FloatFmt *f, const FloatParts *p, float_status *s)
{
    int fb = f->frac_bits;
    uint64_t sign_bit = (uint64_t)p->sign << (f->exp_bits + fb);
    uint64_t exp_field = (uint64_t)((1 << f->exp_bits) - 1) << fb;
    uint64_t raw = p->frac >> (63 - fb);

    if (f->arm_althp) {
        /* No NaN encoding: Arm converts a NaN to a zero of its sign. */
        float_raise(float_flag_invalid, s);
        return sign_bit;
    }
    if (raw == 0) {
        /* Narrowing a MIPS legacy quiet NaN lost the whole payload. */
        FloatParts dnan = parts_default_nan(s);
        sign_bit = (uint64_t)dnan.sign << (f->exp_bits + fb);
        raw = dnan.frac >> (63 - fb);
    }
    return sign_bit | exp_field | raw;
}

static uint64_t pack_overflow(const FloatFmt *f, bool sign, float_status *s)
{
    int fb = f->frac_bits;
    uint64_t sign_bit = (uint64_t)sign << (f->exp_bits + fb);
    uint64_t exp_all_ones = (1 << f->exp_bits) - 1;
    uint64_t inf = sign_bit | (exp_all_ones << fb);
    uint64_t max_finite = inf - 1;
    bool to_inf;

    if (f->arm_althp) {
        /* Arm saturates to the largest value and calls it invalid. */
        float_raise(float_flag_invalid, s);
        return inf | ((1ULL << fb) - 1);
    }
    float_raise(float_flag_overflow | float_flag_inexact, s);
    switch (s->float_rounding_mode) {
    case float_round_nearest_even:
    case float_round_ties_away:
        to_inf = true;
        break;
    case float_round_up:
        to_inf = !sign;
        break;
    case float_round_down:
        to_inf = sign;
        break;
    default:
        to_inf = false;
        break;
    }
    return to_inf ? inf : max_finite;
}

uint64_t parts_round_pack(const FloatFmt *f, const FloatParts *p, float_status *s)
{
    int fb = f->frac_bits;
    uint64_t sign_bit = (uint64_t)p->sign << (f->exp_bits + fb);
    int exp_all_ones = (1 << f->exp_bits) - 1;
    int max_exp = f->arm_althp ? exp_all_ones : exp_all_ones - 1;
    int shift = 63 - fb;    /* bits of frac below the result's last place */
    FloatRoundMode mode = s->float_rounding_mode;
    bool inexact, tiny;
    uint64_t sig;

    switch (p->cls) {
    case FLOAT_CLASS_ZERO:
        return sign_bit;
    case FLOAT_CLASS_INF:
        if (f->arm_althp) {
            float_raise(float_flag_invalid, s);
            return sign_bit | ((uint64_t)max_exp << fb) | ((1ULL << fb) - 1);
        }
        return sign_bit | ((uint64_t)exp_all_ones << fb);
    case FLOAT_CLASS_QNAN:
    case FLOAT_CLASS_SNAN:
        return pack_nan(f, p, s);
    case FLOAT_CLASS_NORMAL:
        break;
    }

    int e = p->exp + fmt_bias(f);
    if (e >= 1) {
        sig = round_shift(p->frac, shift, p->sign, mode, &inexact);
        if (sig >> (fb + 1)) {
            /* Rounded up to the next power of two. */
            sig >>= 1;
            e++;
        }
        if (e > max_exp) {
            return pack_overflow(f, p->sign, s);
        }
        if (inexact) {
            float_raise(float_flag_inexact, s);
        }
        return sign_bit | ((uint64_t)e << fb) | (sig & ((1ULL << fb) - 1));
    }

    /*
     * Below the normal range before rounding.  After rounding it is still tiny
     * unless rounding to full precision at exponent emin - 1 carries up to
     * 2^emin (only possible for e == 0).
     */
    tiny = true;
    if (!s->tininess_before_rounding && e == 0) {
        bool unused;
        tiny = !(round_shift(p->frac, shift, p->sign, mode, &unused) >> (fb + 1));
    }
    if (tiny && s->flush_to_zero) {
        float_raise(float_flag_output_denormal, s);
        return sign_bit;
    }
    sig = round_shift(p->frac, shift + 1 - e, p->sign, mode, &inexact);
    if (inexact) {
        float_raise(float_flag_inexact | (tiny ? float_flag_underflow : 0), s);
    }
    /* A carry out of the fraction lands in the exponent: the smallest normal. */
    return sign_bit | sig;
}
