/*
 * Internal to fpu/: the unpacked form every operation works on, the format
 * descriptors, and the single round-and-pack routine shared by all widths.
 * Nothing outside fpu/ includes this.
 */
#ifndef FPU_SOFTFLOAT_PARTS_H
#define FPU_SOFTFLOAT_PARTS_H

#include "fpu/softfloat.h"

__extension__ typedef unsigned __int128 uint128;

/* Shape of an interchange format. */
typedef struct FloatFmt {
    int exp_bits;
    int frac_bits;      /* stored fraction bits, without the implicit bit */
    bool arm_althp;     /* Arm alternative half precision: exponent 31 is normal */
} FloatFmt;

extern const FloatFmt float16_fmt;
extern const FloatFmt float16_althp_fmt;
extern const FloatFmt bfloat16_fmt;
extern const FloatFmt float32_fmt;
extern const FloatFmt float64_fmt;

typedef enum FloatClass {
    FLOAT_CLASS_ZERO,
    FLOAT_CLASS_NORMAL,     /* finite and non-zero; denormal inputs are normalised */
    FLOAT_CLASS_INF,
    FLOAT_CLASS_QNAN,
    FLOAT_CLASS_SNAN,
} FloatClass;

/*
 * An unpacked value.  NORMAL: value = frac * 2^(exp - 63) with bit 63 of frac
 * set; bits below the target precision may be non-zero (bit 0 then stands for
 * "something non-zero below here").  NaN: frac holds the stored fraction
 * left-aligned so that its msb (the quiet bit) is bit 62; converting between
 * widths keeps the high payload bits.
 */
typedef struct FloatParts {
    FloatClass cls;
    bool sign;
    int32_t exp;
    uint64_t frac;
} FloatParts;

#define PARTS_QUIET_BIT (1ULL << 62)

static inline bool parts_is_nan(const FloatParts *p)
{
    return p->cls == FLOAT_CLASS_QNAN || p->cls == FLOAT_CLASS_SNAN;
}

static inline int fmt_bias(const FloatFmt *f)
{
    return (1 << (f->exp_bits - 1)) - 1;
}

/* Unpack, flushing a denormal input to zero if the status asks for it. */
FloatParts parts_unpack(const FloatFmt *f, uint64_t bits, float_status *s);

/* Round to the format's precision and range, raising flags; any class. */
uint64_t parts_round_pack(const FloatFmt *f, const FloatParts *p, float_status *s);

FloatParts parts_default_nan(const float_status *s);

/* The NaN result for a single NaN operand: raises invalid for an sNaN. */
FloatParts parts_return_nan(FloatParts a, float_status *s);

/* The NaN result for two operands, at least one of them a NaN. */
FloatParts parts_pick_nan2(FloatParts a, FloatParts b, float_status *s);

/*
 * The NaN result of muladd(a, b, c), at least one operand a NaN; infzero says
 * that a * b is inf * 0 (then c is the NaN).
 */
FloatParts parts_pick_nan3(FloatParts a, FloatParts b, FloatParts c, bool infzero,
                           float_status *s);

/* The invalid-operation result: raises invalid plus the given cause. */
FloatParts parts_invalid(int cause_flag, float_status *s);

static inline FloatParts parts_zero(bool sign)
{
    return (FloatParts){ .cls = FLOAT_CLASS_ZERO, .sign = sign };
}

static inline FloatParts parts_inf(bool sign)
{
    return (FloatParts){ .cls = FLOAT_CLASS_INF, .sign = sign };
}

/* A non-zero magnitude m * 2^scale as a NORMAL value. */
static inline FloatParts parts_from_uint(bool sign, uint64_t m, int scale)
{
    int n = __builtin_clzll(m);
    return (FloatParts){ .cls = FLOAT_CLASS_NORMAL, .sign = sign,
                         .exp = 63 - n + scale, .frac = m << n };
}

/* A non-zero 128-bit magnitude r * 2^(exp127 - 127) as a NORMAL value. */
static inline FloatParts parts_from_uint128(bool sign, int exp127, uint128 r)
{
    uint64_t hi = (uint64_t)(r >> 64);
    int n = hi ? __builtin_clzll(hi) : 64 + __builtin_clzll((uint64_t)r);

    r <<= n;
    return (FloatParts){ .cls = FLOAT_CLASS_NORMAL, .sign = sign, .exp = exp127 - n,
                         .frac = (uint64_t)(r >> 64) | ((uint64_t)r != 0) };
}

static inline uint64_t shift_right_jam64(uint64_t x, int n)
{
    if (n <= 0) {
        return x;
    }
    if (n >= 64) {
        return x != 0;
    }
    return (x >> n) | ((x << (64 - n)) != 0);
}

static inline uint128 shift_right_jam128(uint128 x, int n)
{
    if (n <= 0) {
        return x;
    }
    if (n >= 128) {
        return x != 0;
    }
    return (x >> n) | ((x << (128 - n)) != 0);
}

/*
 * Drop the low 'shift' bits of frac (shift >= 0, may exceed 64), rounding the
 * rest as a magnitude of the given sign.  Sets *inexact if anything non-zero
 * was dropped.  The result may be one more than frac >> shift.
 */
uint64_t round_shift(uint64_t frac, int shift, bool sign, FloatRoundMode mode,
                     bool *inexact);

#endif /* FPU_SOFTFLOAT_PARTS_H */
