/*
 * Soft-float conversions: between widths, to and from integers (with the
 * per-target results of invalid conversions), and rounding to integral values.
 */
#include "qemu/osdep.h"
#include "softfloat-parts.h"

/* Scale factors beyond this over- or underflow every format and integer type. */
#define SCALE_LIMIT 0x10000

/* ---- Rounding to an integral value ------------------------------------------------- */

static FloatParts parts_round_to_int(FloatParts a, FloatRoundMode mode, bool signal_inexact,
                                     float_status *s)
{
    bool inexact;
    uint64_t m;

    if (parts_is_nan(&a)) {
        return parts_return_nan(a, s);
    }
    if (a.cls != FLOAT_CLASS_NORMAL || a.exp >= 63) {
        return a;       /* zero, infinity, or no fraction bits below the units */
    }
    m = round_shift(a.frac, 63 - a.exp, a.sign, mode, &inexact);
    if (inexact && signal_inexact) {
        float_raise(float_flag_inexact, s);
    }
    if (m == 0) {
        return parts_zero(a.sign);
    }
    return parts_from_uint(a.sign, m, 0);
}

static uint64_t fp_round_to_int(const FloatFmt *f, uint64_t a, FloatRoundMode mode,
                                bool signal_inexact, float_status *s)
{
    FloatParts r = parts_round_to_int(parts_unpack(f, a, s), mode, signal_inexact, s);
    return parts_round_pack(f, &r, s);
}

float16 float16_round_to_int(float16 a, float_status *s)
{
    return fp_round_to_int(&float16_fmt, a, s->float_rounding_mode, true, s);
}

float32 float32_round_to_int(float32 a, float_status *s)
{
    return fp_round_to_int(&float32_fmt, a, s->float_rounding_mode, true, s);
}

float64 float64_round_to_int(float64 a, float_status *s)
{
    return fp_round_to_int(&float64_fmt, a, s->float_rounding_mode, true, s);
}

float16 float16_round_to_int_mode(float16 a, FloatRoundMode mode, bool signal_inexact,
                                  float_status *s)
{
    return fp_round_to_int(&float16_fmt, a, mode, signal_inexact, s);
}

float32 float32_round_to_int_mode(float32 a, FloatRoundMode mode, bool signal_inexact,
                                  float_status *s)
{
    return fp_round_to_int(&float32_fmt, a, mode, signal_inexact, s);
}

float64 float64_round_to_int_mode(float64 a, FloatRoundMode mode, bool signal_inexact,
                                  float_status *s)
{
    return fp_round_to_int(&float64_fmt, a, mode, signal_inexact, s);
}

/* ---- Between formats ---------------------------------------------------------------- */

static uint64_t fp_convert(const FloatFmt *from, const FloatFmt *to, uint64_t a,
                           float_status *s)
{
    FloatParts p = parts_unpack(from, a, s);

    if (parts_is_nan(&p)) {
        if (to->arm_althp) {
            /* Packing raises invalid and gives a zero of the NaN's sign. */
            return parts_round_pack(to, &p, s);
        }
        p = parts_return_nan(p, s);
    }
    return parts_round_pack(to, &p, s);
}

static const FloatFmt *half_fmt(bool ieee)
{
    return ieee ? &float16_fmt : &float16_althp_fmt;
}

float32 float16_to_float32(float16 a, bool ieee, float_status *s)
{
    return fp_convert(half_fmt(ieee), &float32_fmt, a, s);
}

float64 float16_to_float64(float16 a, bool ieee, float_status *s)
{
    return fp_convert(half_fmt(ieee), &float64_fmt, a, s);
}

float16 float32_to_float16(float32 a, bool ieee, float_status *s)
{
    return fp_convert(&float32_fmt, half_fmt(ieee), a, s);
}

float16 float64_to_float16(float64 a, bool ieee, float_status *s)
{
    return fp_convert(&float64_fmt, half_fmt(ieee), a, s);
}

float64 float32_to_float64(float32 a, float_status *s)
{
    return fp_convert(&float32_fmt, &float64_fmt, a, s);
}

float32 float64_to_float32(float64 a, float_status *s)
{
    return fp_convert(&float64_fmt, &float32_fmt, a, s);
}

float32 bfloat16_to_float32(bfloat16 a, float_status *s)
{
    return fp_convert(&bfloat16_fmt, &float32_fmt, a, s);
}

bfloat16 float32_to_bfloat16(float32 a, float_status *s)
{
    return fp_convert(&float32_fmt, &bfloat16_fmt, a, s);
}

bfloat16 float64_to_bfloat16(float64 a, float_status *s)
{
    return fp_convert(&float64_fmt, &bfloat16_fmt, a, s);
}

/* ---- To integers ---------------------------------------------------------------------- */

/*
 * Round |a| * 2^scale to an integer magnitude.  Returns false if it does not
 * fit in 64 bits.  *inexact says whether rounding changed the value.
 */
static bool parts_to_magnitude(const FloatParts *a, FloatRoundMode mode, int scale,
                               uint64_t *m, bool *inexact)
{
    int exp;

    *inexact = false;
    if (a->cls == FLOAT_CLASS_ZERO) {
        *m = 0;
        return true;
    }
    exp = a->exp + MIN(MAX(scale, -SCALE_LIMIT), SCALE_LIMIT);
    if (exp > 63) {
        return false;
    }
    *m = round_shift(a->frac, 63 - exp, a->sign, mode, inexact);
    return true;
}

static int64_t sint_invalid(const FloatParts *a, int64_t min, int64_t max, float_status *s)
{
    bool nan = parts_is_nan(a);

    float_raise(float_flag_invalid | float_flag_invalid_cvti |
                (a->cls == FLOAT_CLASS_SNAN ? float_flag_invalid_snan : 0), s);
    switch (s->float_to_int_rule) {
    case float_to_int_saturate_nan_min:
        return nan || a->sign ? min : max;
    case float_to_int_max_on_invalid:
        return max;
    case float_to_int_saturate:
    default:
        return nan ? 0 : a->sign ? min : max;
    }
}

static uint64_t uint_invalid(const FloatParts *a, uint64_t max, float_status *s)
{
    bool nan = parts_is_nan(a);

    float_raise(float_flag_invalid | float_flag_invalid_cvti |
                (a->cls == FLOAT_CLASS_SNAN ? float_flag_invalid_snan : 0), s);
    if (s->float_to_int_rule == float_to_int_max_on_invalid) {
        return max;
    }
    return nan || a->sign ? 0 : max;
}

static int64_t fp_to_sint(const FloatFmt *f, uint64_t a, FloatRoundMode mode, int scale,
                          int64_t min, int64_t max, float_status *s)
{
    FloatParts p = parts_unpack(f, a, s);
    bool inexact;
    uint64_t m;

    if (parts_is_nan(&p) || p.cls == FLOAT_CLASS_INF ||
        !parts_to_magnitude(&p, mode, scale, &m, &inexact)) {
        return sint_invalid(&p, min, max, s);
    }
    if (p.sign ? m > -(uint64_t)min : m > (uint64_t)max) {
        return sint_invalid(&p, min, max, s);
    }
    if (inexact) {
        float_raise(float_flag_inexact, s);
    }
    return p.sign ? (int64_t)(0 - m) : (int64_t)m;
}

static uint64_t fp_to_uint(const FloatFmt *f, uint64_t a, FloatRoundMode mode, int scale,
                           uint64_t max, float_status *s)
{
    FloatParts p = parts_unpack(f, a, s);
    bool inexact;
    uint64_t m;

    if (parts_is_nan(&p) || p.cls == FLOAT_CLASS_INF ||
        !parts_to_magnitude(&p, mode, scale, &m, &inexact)) {
        return uint_invalid(&p, max, s);
    }
    if (m > max || (p.sign && m != 0)) {
        return uint_invalid(&p, max, s);
    }
    if (inexact) {
        float_raise(float_flag_inexact, s);
    }
    return m;
}

/* float16 */

int16_t float16_to_int16_scalbn(float16 a, FloatRoundMode mode, int scale, float_status *s)
{
    return fp_to_sint(&float16_fmt, a, mode, scale, INT16_MIN, INT16_MAX, s);
}

int32_t float16_to_int32_scalbn(float16 a, FloatRoundMode mode, int scale, float_status *s)
{
    return fp_to_sint(&float16_fmt, a, mode, scale, INT32_MIN, INT32_MAX, s);
}

int64_t float16_to_int64_scalbn(float16 a, FloatRoundMode mode, int scale, float_status *s)
{
    return fp_to_sint(&float16_fmt, a, mode, scale, INT64_MIN, INT64_MAX, s);
}

uint16_t float16_to_uint16_scalbn(float16 a, FloatRoundMode mode, int scale,
                                  float_status *s)
{
    return fp_to_uint(&float16_fmt, a, mode, scale, UINT16_MAX, s);
}

uint32_t float16_to_uint32_scalbn(float16 a, FloatRoundMode mode, int scale,
                                  float_status *s)
{
    return fp_to_uint(&float16_fmt, a, mode, scale, UINT32_MAX, s);
}

uint64_t float16_to_uint64_scalbn(float16 a, FloatRoundMode mode, int scale,
                                  float_status *s)
{
    return fp_to_uint(&float16_fmt, a, mode, scale, UINT64_MAX, s);
}

int16_t float16_to_int16(float16 a, float_status *s)
{
    return float16_to_int16_scalbn(a, s->float_rounding_mode, 0, s);
}

int32_t float16_to_int32(float16 a, float_status *s)
{
    return float16_to_int32_scalbn(a, s->float_rounding_mode, 0, s);
}

int64_t float16_to_int64(float16 a, float_status *s)
{
    return float16_to_int64_scalbn(a, s->float_rounding_mode, 0, s);
}

uint16_t float16_to_uint16(float16 a, float_status *s)
{
    return float16_to_uint16_scalbn(a, s->float_rounding_mode, 0, s);
}

uint32_t float16_to_uint32(float16 a, float_status *s)
{
    return float16_to_uint32_scalbn(a, s->float_rounding_mode, 0, s);
}

uint64_t float16_to_uint64(float16 a, float_status *s)
{
    return float16_to_uint64_scalbn(a, s->float_rounding_mode, 0, s);
}

int16_t float16_to_int16_round_to_zero(float16 a, float_status *s)
{
    return float16_to_int16_scalbn(a, float_round_to_zero, 0, s);
}

int32_t float16_to_int32_round_to_zero(float16 a, float_status *s)
{
    return float16_to_int32_scalbn(a, float_round_to_zero, 0, s);
}

int64_t float16_to_int64_round_to_zero(float16 a, float_status *s)
{
    return float16_to_int64_scalbn(a, float_round_to_zero, 0, s);
}

uint16_t float16_to_uint16_round_to_zero(float16 a, float_status *s)
{
    return float16_to_uint16_scalbn(a, float_round_to_zero, 0, s);
}

uint32_t float16_to_uint32_round_to_zero(float16 a, float_status *s)
{
    return float16_to_uint32_scalbn(a, float_round_to_zero, 0, s);
}

uint64_t float16_to_uint64_round_to_zero(float16 a, float_status *s)
{
    return float16_to_uint64_scalbn(a, float_round_to_zero, 0, s);
}

/* float32 */

int16_t float32_to_int16_scalbn(float32 a, FloatRoundMode mode, int scale, float_status *s)
{
    return fp_to_sint(&float32_fmt, a, mode, scale, INT16_MIN, INT16_MAX, s);
}

int32_t float32_to_int32_scalbn(float32 a, FloatRoundMode mode, int scale, float_status *s)
{
    return fp_to_sint(&float32_fmt, a, mode, scale, INT32_MIN, INT32_MAX, s);
}

int64_t float32_to_int64_scalbn(float32 a, FloatRoundMode mode, int scale, float_status *s)
{
    return fp_to_sint(&float32_fmt, a, mode, scale, INT64_MIN, INT64_MAX, s);
}

uint16_t float32_to_uint16_scalbn(float32 a, FloatRoundMode mode, int scale,
                                  float_status *s)
{
    return fp_to_uint(&float32_fmt, a, mode, scale, UINT16_MAX, s);
}

uint32_t float32_to_uint32_scalbn(float32 a, FloatRoundMode mode, int scale,
                                  float_status *s)
{
    return fp_to_uint(&float32_fmt, a, mode, scale, UINT32_MAX, s);
}

uint64_t float32_to_uint64_scalbn(float32 a, FloatRoundMode mode, int scale,
                                  float_status *s)
{
    return fp_to_uint(&float32_fmt, a, mode, scale, UINT64_MAX, s);
}

int16_t float32_to_int16(float32 a, float_status *s)
{
    return float32_to_int16_scalbn(a, s->float_rounding_mode, 0, s);
}

int32_t float32_to_int32(float32 a, float_status *s)
{
    return float32_to_int32_scalbn(a, s->float_rounding_mode, 0, s);
}

int64_t float32_to_int64(float32 a, float_status *s)
{
    return float32_to_int64_scalbn(a, s->float_rounding_mode, 0, s);
}

uint16_t float32_to_uint16(float32 a, float_status *s)
{
    return float32_to_uint16_scalbn(a, s->float_rounding_mode, 0, s);
}

uint32_t float32_to_uint32(float32 a, float_status *s)
{
    return float32_to_uint32_scalbn(a, s->float_rounding_mode, 0, s);
}

uint64_t float32_to_uint64(float32 a, float_status *s)
{
    return float32_to_uint64_scalbn(a, s->float_rounding_mode, 0, s);
}

int16_t float32_to_int16_round_to_zero(float32 a, float_status *s)
{
    return float32_to_int16_scalbn(a, float_round_to_zero, 0, s);
}

int32_t float32_to_int32_round_to_zero(float32 a, float_status *s)
{
    return float32_to_int32_scalbn(a, float_round_to_zero, 0, s);
}

int64_t float32_to_int64_round_to_zero(float32 a, float_status *s)
{
    return float32_to_int64_scalbn(a, float_round_to_zero, 0, s);
}

uint16_t float32_to_uint16_round_to_zero(float32 a, float_status *s)
{
    return float32_to_uint16_scalbn(a, float_round_to_zero, 0, s);
}

uint32_t float32_to_uint32_round_to_zero(float32 a, float_status *s)
{
    return float32_to_uint32_scalbn(a, float_round_to_zero, 0, s);
}

uint64_t float32_to_uint64_round_to_zero(float32 a, float_status *s)
{
    return float32_to_uint64_scalbn(a, float_round_to_zero, 0, s);
}

/* float64 */

int16_t float64_to_int16_scalbn(float64 a, FloatRoundMode mode, int scale, float_status *s)
{
    return fp_to_sint(&float64_fmt, a, mode, scale, INT16_MIN, INT16_MAX, s);
}

int32_t float64_to_int32_scalbn(float64 a, FloatRoundMode mode, int scale, float_status *s)
{
    return fp_to_sint(&float64_fmt, a, mode, scale, INT32_MIN, INT32_MAX, s);
}

int64_t float64_to_int64_scalbn(float64 a, FloatRoundMode mode, int scale, float_status *s)
{
    return fp_to_sint(&float64_fmt, a, mode, scale, INT64_MIN, INT64_MAX, s);
}

uint16_t float64_to_uint16_scalbn(float64 a, FloatRoundMode mode, int scale,
                                  float_status *s)
{
    return fp_to_uint(&float64_fmt, a, mode, scale, UINT16_MAX, s);
}

uint32_t float64_to_uint32_scalbn(float64 a, FloatRoundMode mode, int scale,
                                  float_status *s)
{
    return fp_to_uint(&float64_fmt, a, mode, scale, UINT32_MAX, s);
}

uint64_t float64_to_uint64_scalbn(float64 a, FloatRoundMode mode, int scale,
                                  float_status *s)
{
    return fp_to_uint(&float64_fmt, a, mode, scale, UINT64_MAX, s);
}

int16_t float64_to_int16(float64 a, float_status *s)
{
    return float64_to_int16_scalbn(a, s->float_rounding_mode, 0, s);
}

int32_t float64_to_int32(float64 a, float_status *s)
{
    return float64_to_int32_scalbn(a, s->float_rounding_mode, 0, s);
}

int64_t float64_to_int64(float64 a, float_status *s)
{
    return float64_to_int64_scalbn(a, s->float_rounding_mode, 0, s);
}

uint16_t float64_to_uint16(float64 a, float_status *s)
{
    return float64_to_uint16_scalbn(a, s->float_rounding_mode, 0, s);
}

uint32_t float64_to_uint32(float64 a, float_status *s)
{
    return float64_to_uint32_scalbn(a, s->float_rounding_mode, 0, s);
}

uint64_t float64_to_uint64(float64 a, float_status *s)
{
    return float64_to_uint64_scalbn(a, s->float_rounding_mode, 0, s);
}

int16_t float64_to_int16_round_to_zero(float64 a, float_status *s)
{
    return float64_to_int16_scalbn(a, float_round_to_zero, 0, s);
}

int32_t float64_to_int32_round_to_zero(float64 a, float_status *s)
{
    return float64_to_int32_scalbn(a, float_round_to_zero, 0, s);
}

int64_t float64_to_int64_round_to_zero(float64 a, float_status *s)
{
    return float64_to_int64_scalbn(a, float_round_to_zero, 0, s);
}

uint16_t float64_to_uint16_round_to_zero(float64 a, float_status *s)
{
    return float64_to_uint16_scalbn(a, float_round_to_zero, 0, s);
}

uint32_t float64_to_uint32_round_to_zero(float64 a, float_status *s)
{
    return float64_to_uint32_scalbn(a, float_round_to_zero, 0, s);
}

uint64_t float64_to_uint64_round_to_zero(float64 a, float_status *s)
{
    return float64_to_uint64_scalbn(a, float_round_to_zero, 0, s);
}

/* ---- From integers ------------------------------------------------------------------ */

static uint64_t fp_from_uint(const FloatFmt *f, bool sign, uint64_t m, int scale,
                             float_status *s)
{
    FloatParts p = parts_zero(sign);

    if (m != 0) {
        p = parts_from_uint(sign, m, MIN(MAX(scale, -SCALE_LIMIT), SCALE_LIMIT));
    }
    return parts_round_pack(f, &p, s);
}

/* The magnitude of a signed value, correct for INT64_MIN too. */
static uint64_t magnitude(int64_t a)
{
    return a < 0 ? 0 - (uint64_t)a : (uint64_t)a;
}

float16 int64_to_float16_scalbn(int64_t a, int scale, float_status *s)
{
    return fp_from_uint(&float16_fmt, a < 0, magnitude(a), scale, s);
}

float16 uint64_to_float16_scalbn(uint64_t a, int scale, float_status *s)
{
    return fp_from_uint(&float16_fmt, false, a, scale, s);
}

float16 int32_to_float16_scalbn(int32_t a, int scale, float_status *s)
{
    return int64_to_float16_scalbn(a, scale, s);
}

float16 uint32_to_float16_scalbn(uint32_t a, int scale, float_status *s)
{
    return uint64_to_float16_scalbn(a, scale, s);
}

float16 int16_to_float16(int16_t a, float_status *s)
{
    return int64_to_float16_scalbn(a, 0, s);
}

float16 int32_to_float16(int32_t a, float_status *s)
{
    return int64_to_float16_scalbn(a, 0, s);
}

float16 int64_to_float16(int64_t a, float_status *s)
{
    return int64_to_float16_scalbn(a, 0, s);
}

float16 uint16_to_float16(uint16_t a, float_status *s)
{
    return uint64_to_float16_scalbn(a, 0, s);
}

float16 uint32_to_float16(uint32_t a, float_status *s)
{
    return uint64_to_float16_scalbn(a, 0, s);
}

float16 uint64_to_float16(uint64_t a, float_status *s)
{
    return uint64_to_float16_scalbn(a, 0, s);
}

float32 int64_to_float32_scalbn(int64_t a, int scale, float_status *s)
{
    return fp_from_uint(&float32_fmt, a < 0, magnitude(a), scale, s);
}

float32 uint64_to_float32_scalbn(uint64_t a, int scale, float_status *s)
{
    return fp_from_uint(&float32_fmt, false, a, scale, s);
}

float32 int32_to_float32_scalbn(int32_t a, int scale, float_status *s)
{
    return int64_to_float32_scalbn(a, scale, s);
}

float32 uint32_to_float32_scalbn(uint32_t a, int scale, float_status *s)
{
    return uint64_to_float32_scalbn(a, scale, s);
}

float32 int16_to_float32(int16_t a, float_status *s)
{
    return int64_to_float32_scalbn(a, 0, s);
}

float32 int32_to_float32(int32_t a, float_status *s)
{
    return int64_to_float32_scalbn(a, 0, s);
}

float32 int64_to_float32(int64_t a, float_status *s)
{
    return int64_to_float32_scalbn(a, 0, s);
}

float32 uint16_to_float32(uint16_t a, float_status *s)
{
    return uint64_to_float32_scalbn(a, 0, s);
}

float32 uint32_to_float32(uint32_t a, float_status *s)
{
    return uint64_to_float32_scalbn(a, 0, s);
}

float32 uint64_to_float32(uint64_t a, float_status *s)
{
    return uint64_to_float32_scalbn(a, 0, s);
}

float64 int64_to_float64_scalbn(int64_t a, int scale, float_status *s)
{
    return fp_from_uint(&float64_fmt, a < 0, magnitude(a), scale, s);
}

float64 uint64_to_float64_scalbn(uint64_t a, int scale, float_status *s)
{
    return fp_from_uint(&float64_fmt, false, a, scale, s);
}

float64 int32_to_float64_scalbn(int32_t a, int scale, float_status *s)
{
    return int64_to_float64_scalbn(a, scale, s);
}

float64 uint32_to_float64_scalbn(uint32_t a, int scale, float_status *s)
{
    return uint64_to_float64_scalbn(a, scale, s);
}

float64 int16_to_float64(int16_t a, float_status *s)
{
    return int64_to_float64_scalbn(a, 0, s);
}

float64 int32_to_float64(int32_t a, float_status *s)
{
    return int64_to_float64_scalbn(a, 0, s);
}

float64 int64_to_float64(int64_t a, float_status *s)
{
    return int64_to_float64_scalbn(a, 0, s);
}

float64 uint16_to_float64(uint16_t a, float_status *s)
{
    return uint64_to_float64_scalbn(a, 0, s);
}

float64 uint32_to_float64(uint32_t a, float_status *s)
{
    return uint64_to_float64_scalbn(a, 0, s);
}

float64 uint64_to_float64(uint64_t a, float_status *s)
{
    return uint64_to_float64_scalbn(a, 0, s);
}
