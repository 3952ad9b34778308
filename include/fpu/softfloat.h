/*
 * IEEE 754 arithmetic in software for half, bfloat16, single and double
 * precision, with the per-target details (NaN rules, flush-to-zero, tininess)
 * that guest FPUs differ in.  Pure integer code: the host FPU's mode and flags
 * are never used.  Target-specific instructions built on top (Arm FRECPE,
 * Power's FPSCR bookkeeping) live in the targets, not here.
 *
 * Every operation takes the guest's float_status, reads its rounding mode and
 * knobs, and ORs exception flags into it; nothing is allocated.  Operations
 * that flush denormal inputs (when flush_inputs_to_zero is set) do so before
 * anything else and raise float_flag_input_denormal; results that are tiny
 * (by the status's tininess rule) become zero under flush_to_zero and raise
 * float_flag_output_denormal instead of underflow/inexact.
 */
#ifndef FPU_SOFTFLOAT_H
#define FPU_SOFTFLOAT_H

#include "fpu/softfloat-types.h"

/* ---- float_status ---------------------------------------------------------- */

/*
 * Reset *s to the target's rules (NaN propagation, default NaN, tininess,
 * integer conversion results), round to nearest even, no flags, no flush.
 * Arm: sNaN first, then a before b; muladd addend first; inf*0+qNaN gives
 * the default NaN; default NaN 0x7fc00000; tininess before rounding.
 * MIPS legacy: snan_bit_is_one, default NaN 0x7fbfffff, sNaN first in a-b-c
 * order, inf*0+qNaN gives the default NaN, tininess after rounding, invalid
 * conversions give 2^31-1 / 2^63-1.
 * MIPS 2008: IEEE encoding, sNaN first, muladd order c-a-b, inf*0+qNaN
 * propagates the NaN, tininess after rounding, saturating conversions.
 * Power: first NaN in operand order (muladd(FRA, FRC, FRB) looks at FRA, FRB,
 * FRC), tininess before rounding, fcti* results (NaN gives 0x80000000).
 */
void float_status_init_for(float_status *s, FloatTarget target);

static inline void float_raise(int flags, float_status *s)
{
    s->float_exception_flags |= flags;
}

static inline int get_float_exception_flags(const float_status *s)
{
    return s->float_exception_flags;
}

static inline void set_float_exception_flags(int flags, float_status *s)
{
    s->float_exception_flags = flags;
}

static inline FloatRoundMode get_float_rounding_mode(const float_status *s)
{
    return s->float_rounding_mode;
}

static inline void set_float_rounding_mode(FloatRoundMode mode, float_status *s)
{
    s->float_rounding_mode = mode;
}

/* before_rounding: float_tininess_before_rounding or _after_rounding. */
static inline void set_float_detect_tininess(bool before_rounding, float_status *s)
{
    s->tininess_before_rounding = before_rounding;
}

static inline void set_flush_to_zero(bool on, float_status *s)
{
    s->flush_to_zero = on;
}

static inline void set_flush_inputs_to_zero(bool on, float_status *s)
{
    s->flush_inputs_to_zero = on;
}

static inline void set_default_nan_mode(bool on, float_status *s)
{
    s->default_nan_mode = on;
}

static inline void set_snan_bit_is_one(bool on, float_status *s)
{
    s->snan_bit_is_one = on;
}

static inline void set_float_2nan_prop_rule(Float2NaNPropRule rule, float_status *s)
{
    s->float_2nan_prop_rule = rule;
}

static inline void set_float_3nan_prop_rule(Float3NaNPropRule rule, float_status *s)
{
    s->float_3nan_prop_rule = rule;
}

static inline void set_float_infzeronan_rule(FloatInfZeroNaNRule rule, float_status *s)
{
    s->float_infzeronan_rule = rule;
}

static inline void set_float_to_int_rule(FloatToIntRule rule, float_status *s)
{
    s->float_to_int_rule = rule;
}

/* ---- Bit-level helpers: no flags, no status ----------------------------------- */

#define float16_zero ((float16)0x0000)
#define float16_one ((float16)0x3c00)
#define float16_infinity ((float16)0x7c00)
#define float32_zero ((float32)0x00000000)
#define float32_one ((float32)0x3f800000)
#define float32_infinity ((float32)0x7f800000)
#define float64_zero ((float64)0x0000000000000000ULL)
#define float64_one ((float64)0x3ff0000000000000ULL)
#define float64_infinity ((float64)0x7ff0000000000000ULL)

static inline float16 float16_abs(float16 a) { return a & 0x7fff; }
static inline float16 float16_chs(float16 a) { return a ^ 0x8000; }
static inline float16 float16_set_sign(float16 a, bool sign)
{
    return (a & 0x7fff) | ((float16)sign << 15);
}
static inline bool float16_is_neg(float16 a) { return a >> 15; }
static inline bool float16_is_any_nan(float16 a) { return (a & 0x7fff) > 0x7c00; }
static inline bool float16_is_infinity(float16 a) { return (a & 0x7fff) == 0x7c00; }
static inline bool float16_is_zero(float16 a) { return (a & 0x7fff) == 0; }
static inline bool float16_is_zero_or_denormal(float16 a) { return (a & 0x7c00) == 0; }
static inline bool float16_is_denormal(float16 a)
{
    return float16_is_zero_or_denormal(a) && !float16_is_zero(a);
}
static inline bool float16_is_normal(float16 a)
{
    return ((a >> 10) + 1) & 0x1e;  /* exponent neither 0 nor 31 */
}
/* Quiet/signalling depends on the status's NaN encoding (snan_bit_is_one). */
static inline bool float16_is_quiet_nan(float16 a, const float_status *s)
{
    return float16_is_any_nan(a) && (bool)(a & 0x0200) != s->snan_bit_is_one;
}
static inline bool float16_is_signaling_nan(float16 a, const float_status *s)
{
    return float16_is_any_nan(a) && (bool)(a & 0x0200) == s->snan_bit_is_one;
}

static inline float32 float32_abs(float32 a) { return a & 0x7fffffff; }
static inline float32 float32_chs(float32 a) { return a ^ 0x80000000; }
static inline float32 float32_set_sign(float32 a, bool sign)
{
    return (a & 0x7fffffff) | ((float32)sign << 31);
}
static inline bool float32_is_neg(float32 a) { return a >> 31; }
static inline bool float32_is_any_nan(float32 a) { return (a & 0x7fffffff) > 0x7f800000; }
static inline bool float32_is_infinity(float32 a) { return (a & 0x7fffffff) == 0x7f800000; }
static inline bool float32_is_zero(float32 a) { return (a & 0x7fffffff) == 0; }
static inline bool float32_is_zero_or_denormal(float32 a) { return (a & 0x7f800000) == 0; }
static inline bool float32_is_denormal(float32 a)
{
    return float32_is_zero_or_denormal(a) && !float32_is_zero(a);
}
static inline bool float32_is_normal(float32 a)
{
    return ((a >> 23) + 1) & 0xfe;
}
static inline bool float32_is_quiet_nan(float32 a, const float_status *s)
{
    return float32_is_any_nan(a) && (bool)(a & 0x00400000) != s->snan_bit_is_one;
}
static inline bool float32_is_signaling_nan(float32 a, const float_status *s)
{
    return float32_is_any_nan(a) && (bool)(a & 0x00400000) == s->snan_bit_is_one;
}

static inline float64 float64_abs(float64 a) { return a & 0x7fffffffffffffffULL; }
static inline float64 float64_chs(float64 a) { return a ^ 0x8000000000000000ULL; }
static inline float64 float64_set_sign(float64 a, bool sign)
{
    return (a & 0x7fffffffffffffffULL) | ((float64)sign << 63);
}
static inline bool float64_is_neg(float64 a) { return a >> 63; }
static inline bool float64_is_any_nan(float64 a)
{
    return (a & 0x7fffffffffffffffULL) > 0x7ff0000000000000ULL;
}
static inline bool float64_is_infinity(float64 a)
{
    return (a & 0x7fffffffffffffffULL) == 0x7ff0000000000000ULL;
}
static inline bool float64_is_zero(float64 a) { return (a & 0x7fffffffffffffffULL) == 0; }
static inline bool float64_is_zero_or_denormal(float64 a)
{
    return (a & 0x7ff0000000000000ULL) == 0;
}
static inline bool float64_is_denormal(float64 a)
{
    return float64_is_zero_or_denormal(a) && !float64_is_zero(a);
}
static inline bool float64_is_normal(float64 a)
{
    return ((a >> 52) + 1) & 0x7fe;
}
static inline bool float64_is_quiet_nan(float64 a, const float_status *s)
{
    return float64_is_any_nan(a) && (bool)(a & 0x0008000000000000ULL) != s->snan_bit_is_one;
}
static inline bool float64_is_signaling_nan(float64 a, const float_status *s)
{
    return float64_is_any_nan(a) && (bool)(a & 0x0008000000000000ULL) == s->snan_bit_is_one;
}

static inline bool bfloat16_is_any_nan(bfloat16 a) { return (a & 0x7fff) > 0x7f80; }

/* ---- NaN and denormal helpers ------------------------------------------------ */

/* The target's default NaN (see float_status.snan_bit_is_one, default_nan_sign). */
float16 float16_default_nan(const float_status *s);
bfloat16 bfloat16_default_nan(const float_status *s);
float32 float32_default_nan(const float_status *s);
float64 float64_default_nan(const float_status *s);

/* The quiet form of a signalling NaN (the default NaN for MIPS legacy). */
float16 float16_silence_nan(float16 a, const float_status *s);
float32 float32_silence_nan(float32 a, const float_status *s);
float64 float64_silence_nan(float64 a, const float_status *s);

/*
 * a, or a zero of its sign if a is denormal and flush_inputs_to_zero is set
 * (raising float_flag_input_denormal).  For target helpers that look at bits.
 */
float16 float16_squash_input_denormal(float16 a, float_status *s);
float32 float32_squash_input_denormal(float32 a, float_status *s);
float64 float64_squash_input_denormal(float64 a, float_status *s);

/* ---- Arithmetic --------------------------------------------------------------- */

/*
 * Flags for *_muladd().  negate_product and negate_c change the signs of the
 * product and addend before the single rounding; negate_result negates the
 * rounded result (Power fnmadd: rounded, then negated).  None of them changes
 * the sign of a propagated NaN; a target whose ISA negates NaN operands too
 * (Arm FNMADD, FMSUB) flips them with *_chs() before the call.  halve_result
 * divides the exact result by two before rounding (Arm FRECPS/FRSQRTS-style
 * steps).
 */
enum {
    float_muladd_negate_c = 1,
    float_muladd_negate_product = 2,
    float_muladd_negate_result = 4,
    float_muladd_halve_result = 8,
};

float16 float16_add(float16 a, float16 b, float_status *s);
float16 float16_sub(float16 a, float16 b, float_status *s);
float16 float16_mul(float16 a, float16 b, float_status *s);
float16 float16_div(float16 a, float16 b, float_status *s);
float16 float16_sqrt(float16 a, float_status *s);
/* a * b + c with one rounding; flags are float_muladd_*. */
float16 float16_muladd(float16 a, float16 b, float16 c, int flags, float_status *s);
/* IEEE remainder: a - n * b with n = a / b rounded to nearest even. Exact. */
float16 float16_rem(float16 a, float16 b, float_status *s);
/* a * 2^n, rounded. */
float16 float16_scalbn(float16 a, int n, float_status *s);

bfloat16 bfloat16_add(bfloat16 a, bfloat16 b, float_status *s);
bfloat16 bfloat16_sub(bfloat16 a, bfloat16 b, float_status *s);
bfloat16 bfloat16_mul(bfloat16 a, bfloat16 b, float_status *s);
bfloat16 bfloat16_div(bfloat16 a, bfloat16 b, float_status *s);
bfloat16 bfloat16_sqrt(bfloat16 a, float_status *s);
bfloat16 bfloat16_muladd(bfloat16 a, bfloat16 b, bfloat16 c, int flags, float_status *s);

float32 float32_add(float32 a, float32 b, float_status *s);
float32 float32_sub(float32 a, float32 b, float_status *s);
float32 float32_mul(float32 a, float32 b, float_status *s);
float32 float32_div(float32 a, float32 b, float_status *s);
float32 float32_sqrt(float32 a, float_status *s);
float32 float32_muladd(float32 a, float32 b, float32 c, int flags, float_status *s);
float32 float32_rem(float32 a, float32 b, float_status *s);
float32 float32_scalbn(float32 a, int n, float_status *s);

float64 float64_add(float64 a, float64 b, float_status *s);
float64 float64_sub(float64 a, float64 b, float_status *s);
float64 float64_mul(float64 a, float64 b, float_status *s);
float64 float64_div(float64 a, float64 b, float_status *s);
float64 float64_sqrt(float64 a, float_status *s);
float64 float64_muladd(float64 a, float64 b, float64 c, int flags, float_status *s);
float64 float64_rem(float64 a, float64 b, float_status *s);
float64 float64_scalbn(float64 a, int n, float_status *s);

/* ---- Rounding to an integral value ----------------------------------------- */

/* Round to an integer in the status's rounding mode; raises inexact (FRINTX). */
float16 float16_round_to_int(float16 a, float_status *s);
float32 float32_round_to_int(float32 a, float_status *s);
float64 float64_round_to_int(float64 a, float_status *s);

/*
 * Round to an integer in an explicit mode, raising inexact only if
 * signal_inexact (Arm FRINTA/N/P/M/Z/I do not; FRINTX does).
 */
float16 float16_round_to_int_mode(float16 a, FloatRoundMode mode, bool signal_inexact,
                                  float_status *s);
float32 float32_round_to_int_mode(float32 a, FloatRoundMode mode, bool signal_inexact,
                                  float_status *s);
float64 float64_round_to_int_mode(float64 a, FloatRoundMode mode, bool signal_inexact,
                                  float_status *s);

/* ---- Comparison ----------------------------------------------------------------- */

/*
 * compare raises invalid for any NaN operand (signalling comparison);
 * compare_quiet only for signalling NaNs.  -0 equals +0.
 */
FloatRelation float16_compare(float16 a, float16 b, float_status *s);
FloatRelation float16_compare_quiet(float16 a, float16 b, float_status *s);
FloatRelation float32_compare(float32 a, float32 b, float_status *s);
FloatRelation float32_compare_quiet(float32 a, float32 b, float_status *s);
FloatRelation float64_compare(float64 a, float64 b, float_status *s);
FloatRelation float64_compare_quiet(float64 a, float64 b, float_status *s);

/* Predicates: eq is quiet, le/lt signalling; the _quiet/_signaling forms say so. */
static inline bool float32_eq(float32 a, float32 b, float_status *s)
{
    return float32_compare_quiet(a, b, s) == float_relation_equal;
}
static inline bool float32_eq_signaling(float32 a, float32 b, float_status *s)
{
    return float32_compare(a, b, s) == float_relation_equal;
}
static inline bool float32_le(float32 a, float32 b, float_status *s)
{
    FloatRelation r = float32_compare(a, b, s);
    return r == float_relation_less || r == float_relation_equal;
}
static inline bool float32_lt(float32 a, float32 b, float_status *s)
{
    return float32_compare(a, b, s) == float_relation_less;
}
static inline bool float32_le_quiet(float32 a, float32 b, float_status *s)
{
    FloatRelation r = float32_compare_quiet(a, b, s);
    return r == float_relation_less || r == float_relation_equal;
}
static inline bool float32_lt_quiet(float32 a, float32 b, float_status *s)
{
    return float32_compare_quiet(a, b, s) == float_relation_less;
}
static inline bool float32_unordered(float32 a, float32 b, float_status *s)
{
    return float32_compare(a, b, s) == float_relation_unordered;
}
static inline bool float32_unordered_quiet(float32 a, float32 b, float_status *s)
{
    return float32_compare_quiet(a, b, s) == float_relation_unordered;
}

static inline bool float64_eq(float64 a, float64 b, float_status *s)
{
    return float64_compare_quiet(a, b, s) == float_relation_equal;
}
static inline bool float64_eq_signaling(float64 a, float64 b, float_status *s)
{
    return float64_compare(a, b, s) == float_relation_equal;
}
static inline bool float64_le(float64 a, float64 b, float_status *s)
{
    FloatRelation r = float64_compare(a, b, s);
    return r == float_relation_less || r == float_relation_equal;
}
static inline bool float64_lt(float64 a, float64 b, float_status *s)
{
    return float64_compare(a, b, s) == float_relation_less;
}
static inline bool float64_le_quiet(float64 a, float64 b, float_status *s)
{
    FloatRelation r = float64_compare_quiet(a, b, s);
    return r == float_relation_less || r == float_relation_equal;
}
static inline bool float64_lt_quiet(float64 a, float64 b, float_status *s)
{
    return float64_compare_quiet(a, b, s) == float_relation_less;
}
static inline bool float64_unordered(float64 a, float64 b, float_status *s)
{
    return float64_compare(a, b, s) == float_relation_unordered;
}
static inline bool float64_unordered_quiet(float64 a, float64 b, float_status *s)
{
    return float64_compare_quiet(a, b, s) == float_relation_unordered;
}

static inline bool float16_eq(float16 a, float16 b, float_status *s)
{
    return float16_compare_quiet(a, b, s) == float_relation_equal;
}
static inline bool float16_le(float16 a, float16 b, float_status *s)
{
    FloatRelation r = float16_compare(a, b, s);
    return r == float_relation_less || r == float_relation_equal;
}
static inline bool float16_lt(float16 a, float16 b, float_status *s)
{
    return float16_compare(a, b, s) == float_relation_less;
}

/* ---- Minimum and maximum ------------------------------------------------------- */

/*
 * min/max: IEEE 754-2019 minimum/maximum, Arm FMIN/FMAX: any NaN operand gives
 * a NaN (by the 2-NaN rule).  minnum/maxnum: IEEE 754-2008 minNum/maxNum, Arm
 * FMINNM/FMAXNM, MIPS R6 MIN/MAX: a quiet NaN loses against a number; a
 * signalling NaN still gives a quiet NaN and invalid.  minnummag/maxnummag
 * compare magnitudes first (MIPS MINA/MAXA).  In all of them -0 < +0.
 */
float16 float16_min(float16 a, float16 b, float_status *s);
float16 float16_max(float16 a, float16 b, float_status *s);
float16 float16_minnum(float16 a, float16 b, float_status *s);
float16 float16_maxnum(float16 a, float16 b, float_status *s);
float16 float16_minnummag(float16 a, float16 b, float_status *s);
float16 float16_maxnummag(float16 a, float16 b, float_status *s);
float32 float32_min(float32 a, float32 b, float_status *s);
float32 float32_max(float32 a, float32 b, float_status *s);
float32 float32_minnum(float32 a, float32 b, float_status *s);
float32 float32_maxnum(float32 a, float32 b, float_status *s);
float32 float32_minnummag(float32 a, float32 b, float_status *s);
float32 float32_maxnummag(float32 a, float32 b, float_status *s);
float64 float64_min(float64 a, float64 b, float_status *s);
float64 float64_max(float64 a, float64 b, float_status *s);
float64 float64_minnum(float64 a, float64 b, float_status *s);
float64 float64_maxnum(float64 a, float64 b, float_status *s);
float64 float64_minnummag(float64 a, float64 b, float_status *s);
float64 float64_maxnummag(float64 a, float64 b, float_status *s);

/* ---- Conversions between formats ------------------------------------------------ */

/*
 * Correctly rounded; a NaN keeps its sign and high payload bits and comes
 * out quiet (an sNaN raises invalid).  ieee = false selects Arm's
 * alternative half-precision format (no infinities or NaNs: a NaN converts
 * to zero, an infinity or overflow to the largest value, all with invalid).
 */
float32 float16_to_float32(float16 a, bool ieee, float_status *s);
float64 float16_to_float64(float16 a, bool ieee, float_status *s);
float16 float32_to_float16(float32 a, bool ieee, float_status *s);
float16 float64_to_float16(float64 a, bool ieee, float_status *s);
float64 float32_to_float64(float32 a, float_status *s);
float32 float64_to_float32(float64 a, float_status *s);
float32 bfloat16_to_float32(bfloat16 a, float_status *s);
bfloat16 float32_to_bfloat16(float32 a, float_status *s);
bfloat16 float64_to_bfloat16(float64 a, float_status *s);

/* ---- Conversions to integers ------------------------------------------------------ */

/*
 * Round in the status's mode (plain), towards zero (_round_to_zero), or in
 * an explicit mode after multiplying by 2^scale (_scalbn: fixed-point
 * results, Arm FCVTZS #fbits).  Results that do not fit raise invalid and
 * float_flag_invalid_cvti and return what float_status.float_to_int_rule
 * says; otherwise inexact is raised if rounding changed the value.
 */
int16_t float16_to_int16(float16 a, float_status *s);
int32_t float16_to_int32(float16 a, float_status *s);
int64_t float16_to_int64(float16 a, float_status *s);
uint16_t float16_to_uint16(float16 a, float_status *s);
uint32_t float16_to_uint32(float16 a, float_status *s);
uint64_t float16_to_uint64(float16 a, float_status *s);
int16_t float16_to_int16_round_to_zero(float16 a, float_status *s);
int32_t float16_to_int32_round_to_zero(float16 a, float_status *s);
int64_t float16_to_int64_round_to_zero(float16 a, float_status *s);
uint16_t float16_to_uint16_round_to_zero(float16 a, float_status *s);
uint32_t float16_to_uint32_round_to_zero(float16 a, float_status *s);
uint64_t float16_to_uint64_round_to_zero(float16 a, float_status *s);
int16_t float16_to_int16_scalbn(float16 a, FloatRoundMode mode, int scale, float_status *s);
int32_t float16_to_int32_scalbn(float16 a, FloatRoundMode mode, int scale, float_status *s);
int64_t float16_to_int64_scalbn(float16 a, FloatRoundMode mode, int scale, float_status *s);
uint16_t float16_to_uint16_scalbn(float16 a, FloatRoundMode mode, int scale,
                                  float_status *s);
uint32_t float16_to_uint32_scalbn(float16 a, FloatRoundMode mode, int scale,
                                  float_status *s);
uint64_t float16_to_uint64_scalbn(float16 a, FloatRoundMode mode, int scale,
                                  float_status *s);

int16_t float32_to_int16(float32 a, float_status *s);
int32_t float32_to_int32(float32 a, float_status *s);
int64_t float32_to_int64(float32 a, float_status *s);
uint16_t float32_to_uint16(float32 a, float_status *s);
uint32_t float32_to_uint32(float32 a, float_status *s);
uint64_t float32_to_uint64(float32 a, float_status *s);
int16_t float32_to_int16_round_to_zero(float32 a, float_status *s);
int32_t float32_to_int32_round_to_zero(float32 a, float_status *s);
int64_t float32_to_int64_round_to_zero(float32 a, float_status *s);
uint16_t float32_to_uint16_round_to_zero(float32 a, float_status *s);
uint32_t float32_to_uint32_round_to_zero(float32 a, float_status *s);
uint64_t float32_to_uint64_round_to_zero(float32 a, float_status *s);
int16_t float32_to_int16_scalbn(float32 a, FloatRoundMode mode, int scale, float_status *s);
int32_t float32_to_int32_scalbn(float32 a, FloatRoundMode mode, int scale, float_status *s);
int64_t float32_to_int64_scalbn(float32 a, FloatRoundMode mode, int scale, float_status *s);
uint16_t float32_to_uint16_scalbn(float32 a, FloatRoundMode mode, int scale,
                                  float_status *s);
uint32_t float32_to_uint32_scalbn(float32 a, FloatRoundMode mode, int scale,
                                  float_status *s);
uint64_t float32_to_uint64_scalbn(float32 a, FloatRoundMode mode, int scale,
                                  float_status *s);

int16_t float64_to_int16(float64 a, float_status *s);
int32_t float64_to_int32(float64 a, float_status *s);
int64_t float64_to_int64(float64 a, float_status *s);
uint16_t float64_to_uint16(float64 a, float_status *s);
uint32_t float64_to_uint32(float64 a, float_status *s);
uint64_t float64_to_uint64(float64 a, float_status *s);
int16_t float64_to_int16_round_to_zero(float64 a, float_status *s);
int32_t float64_to_int32_round_to_zero(float64 a, float_status *s);
int64_t float64_to_int64_round_to_zero(float64 a, float_status *s);
uint16_t float64_to_uint16_round_to_zero(float64 a, float_status *s);
uint32_t float64_to_uint32_round_to_zero(float64 a, float_status *s);
uint64_t float64_to_uint64_round_to_zero(float64 a, float_status *s);
int16_t float64_to_int16_scalbn(float64 a, FloatRoundMode mode, int scale, float_status *s);
int32_t float64_to_int32_scalbn(float64 a, FloatRoundMode mode, int scale, float_status *s);
int64_t float64_to_int64_scalbn(float64 a, FloatRoundMode mode, int scale, float_status *s);
uint16_t float64_to_uint16_scalbn(float64 a, FloatRoundMode mode, int scale,
                                  float_status *s);
uint32_t float64_to_uint32_scalbn(float64 a, FloatRoundMode mode, int scale,
                                  float_status *s);
uint64_t float64_to_uint64_scalbn(float64 a, FloatRoundMode mode, int scale,
                                  float_status *s);

/* ---- Conversions from integers ---------------------------------------------------- */

/* Rounded in the status's mode; _scalbn multiplies by 2^scale first (fixed point). */
float16 int16_to_float16(int16_t a, float_status *s);
float16 int32_to_float16(int32_t a, float_status *s);
float16 int64_to_float16(int64_t a, float_status *s);
float16 uint16_to_float16(uint16_t a, float_status *s);
float16 uint32_to_float16(uint32_t a, float_status *s);
float16 uint64_to_float16(uint64_t a, float_status *s);
float16 int32_to_float16_scalbn(int32_t a, int scale, float_status *s);
float16 int64_to_float16_scalbn(int64_t a, int scale, float_status *s);
float16 uint32_to_float16_scalbn(uint32_t a, int scale, float_status *s);
float16 uint64_to_float16_scalbn(uint64_t a, int scale, float_status *s);

float32 int16_to_float32(int16_t a, float_status *s);
float32 int32_to_float32(int32_t a, float_status *s);
float32 int64_to_float32(int64_t a, float_status *s);
float32 uint16_to_float32(uint16_t a, float_status *s);
float32 uint32_to_float32(uint32_t a, float_status *s);
float32 uint64_to_float32(uint64_t a, float_status *s);
float32 int32_to_float32_scalbn(int32_t a, int scale, float_status *s);
float32 int64_to_float32_scalbn(int64_t a, int scale, float_status *s);
float32 uint32_to_float32_scalbn(uint32_t a, int scale, float_status *s);
float32 uint64_to_float32_scalbn(uint64_t a, int scale, float_status *s);

float64 int16_to_float64(int16_t a, float_status *s);
float64 int32_to_float64(int32_t a, float_status *s);
float64 int64_to_float64(int64_t a, float_status *s);
float64 uint16_to_float64(uint16_t a, float_status *s);
float64 uint32_to_float64(uint32_t a, float_status *s);
float64 uint64_to_float64(uint64_t a, float_status *s);
float64 int32_to_float64_scalbn(int32_t a, int scale, float_status *s);
float64 int64_to_float64_scalbn(int64_t a, int scale, float_status *s);
float64 uint32_to_float64_scalbn(uint32_t a, int scale, float_status *s);
float64 uint64_to_float64_scalbn(uint64_t a, int scale, float_status *s);

#endif /* FPU_SOFTFLOAT_H */
