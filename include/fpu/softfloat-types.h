/*
 * Soft-float types: the bit containers for each format and float_status, the
 * per-target knobs (rounding, sticky flags, flush-to-zero, NaN rules).
 * Operations are declared in fpu/softfloat.h.
 */
#ifndef FPU_SOFTFLOAT_TYPES_H
#define FPU_SOFTFLOAT_TYPES_H

#include <stdbool.h>
#include <stdint.h>

/*
 * Values are plain integers holding the IEEE 754 interchange encoding
 * (sign, biased exponent, fraction), so guest registers can be moved in and out
 * without conversion.
 */
typedef uint16_t float16;   /* binary16: 1 + 5 + 10 bits */
typedef uint16_t bfloat16;  /* bfloat16: 1 + 8 + 7 bits */
typedef uint32_t float32;   /* binary32: 1 + 8 + 23 bits */
typedef uint64_t float64;   /* binary64: 1 + 11 + 52 bits */

typedef enum FloatRoundMode {
    float_round_nearest_even = 0,
    float_round_down = 1,        /* towards -infinity */
    float_round_up = 2,          /* towards +infinity */
    float_round_to_zero = 3,
    float_round_ties_away = 4,   /* nearest, ties away from zero (Arm FRINTA, FCVTA*) */
    float_round_to_odd = 5,      /* truncate, then set the lsb if inexact (Power xs*qpo) */
} FloatRoundMode;

/*
 * Sticky exception flags.  The first five are IEEE 754's.  The invalid_*
 * bits say why an invalid operation happened (Power's FPSCR[VX*] needs this);
 * each is always raised together with float_flag_invalid.
 */
enum {
    float_flag_invalid = 0x0001,
    float_flag_divbyzero = 0x0002,
    float_flag_overflow = 0x0004,
    float_flag_underflow = 0x0008,
    float_flag_inexact = 0x0010,
    float_flag_input_denormal = 0x0020,  /* a denormal input was flushed to zero */
    float_flag_output_denormal = 0x0040, /* a tiny result was flushed to zero */
    float_flag_invalid_isi = 0x0080,     /* inf - inf */
    float_flag_invalid_imz = 0x0100,     /* inf * 0 */
    float_flag_invalid_idi = 0x0200,     /* inf / inf */
    float_flag_invalid_zdz = 0x0400,     /* 0 / 0 */
    float_flag_invalid_sqrt = 0x0800,    /* sqrt of a negative number */
    float_flag_invalid_cvti = 0x1000,    /* float to integer: NaN, inf or out of range */
    float_flag_invalid_snan = 0x2000,    /* a signalling NaN operand */
};

/* Result of a comparison. */
typedef enum FloatRelation {
    float_relation_less = -1,
    float_relation_equal = 0,
    float_relation_greater = 1,
    float_relation_unordered = 2,
} FloatRelation;

/* Values for set_float_detect_tininess(). */
enum {
    float_tininess_after_rounding = false,
    float_tininess_before_rounding = true,
};

/*
 * Which NaN a two-operand operation returns when both inputs are NaNs.
 * The "s_" rules prefer a signalling NaN over a quiet one, then go by operand
 * order; the others take the first NaN in operand order whatever its kind.
 * The chosen NaN is always returned quiet (see snan_bit_is_one).
 */
typedef enum Float2NaNPropRule {
    float_2nan_prop_s_ab = 0,   /* Arm FPProcessNaNs, MIPS */
    float_2nan_prop_s_ba,
    float_2nan_prop_ab,         /* Power: FRA, then FRB (FRC for multiplies) */
    float_2nan_prop_ba,
} Float2NaNPropRule;

/*
 * The same for muladd(a, b, c) = a * b + c, naming the operands as
 * float*_muladd() receives them.
 */
typedef enum Float3NaNPropRule {
    float_3nan_prop_s_abc = 0,  /* MIPS with legacy NaNs */
    float_3nan_prop_s_acb,
    float_3nan_prop_s_bac,
    float_3nan_prop_s_bca,
    float_3nan_prop_s_cab,      /* Arm FPProcessNaNs3 (addend first), MIPS NaN2008 */
    float_3nan_prop_s_cba,
    float_3nan_prop_abc,
    float_3nan_prop_acb,        /* Power: muladd(FRA, FRC, FRB), NaN order FRA, FRB, FRC */
    float_3nan_prop_bac,
    float_3nan_prop_bca,
    float_3nan_prop_cab,
    float_3nan_prop_cba,
} Float3NaNPropRule;

/*
 * muladd(inf, 0, qNaN) and muladd(0, inf, qNaN): invalid is always raised
 * (with invalid_imz); this says which NaN comes back.
 */
typedef enum FloatInfZeroNaNRule {
    float_infzeronan_propagate = 0,  /* the quiet NaN addend (Power, MIPS NaN2008) */
    float_infzeronan_default,        /* the default NaN (Arm, MIPS legacy) */
} FloatInfZeroNaNRule;

/*
 * What a float-to-integer conversion returns when the result does not fit
 * (NaN, infinity, out of range).  Invalid is raised in every case.
 */
typedef enum FloatToIntRule {
    /* Clamp to the integer type's range; NaN gives 0.  IEEE 754's usual
     * choice; Arm FCVT*, MIPS with FCSR.NAN2008 = 1. */
    float_to_int_saturate = 0,
    /* Clamp; NaN gives the most negative value for signed results and 0 for
     * unsigned ones (Power fcti*, xscv*). */
    float_to_int_saturate_nan_min,
    /* Every invalid conversion gives the largest positive value of the type
     * (MIPS with FCSR.NAN2008 = 0: 2^31 - 1 and 2^63 - 1). */
    float_to_int_max_on_invalid,
} FloatToIntRule;

/*
 * Floating-point environment for one guest FPU context.  Zero-initialised, it
 * is IEEE 754 default behaviour: round to nearest even, no flush to zero, NaNs
 * propagated with the sNaN-first a-then-b rule, IEEE NaN encoding with a
 * positive default NaN, tininess after rounding.  Targets set the rest with
 * float_status_init_for() or the setters in fpu/softfloat.h.
 */
typedef struct float_status {
    uint16_t float_exception_flags;       /* sticky float_flag_* bits */
    FloatRoundMode float_rounding_mode;
    bool tininess_before_rounding;
    bool flush_to_zero;                   /* tiny results become zero */
    bool flush_inputs_to_zero;            /* denormal inputs read as zero */
    bool default_nan_mode;                /* every NaN result is the default NaN */
    /* MIPS legacy encoding: fraction msb set means signalling.  The default
     * NaN is then 0x7fbfffff and quietening an sNaN yields the default NaN. */
    bool snan_bit_is_one;
    bool default_nan_sign;                /* sign of the default NaN */
    Float2NaNPropRule float_2nan_prop_rule;
    Float3NaNPropRule float_3nan_prop_rule;
    FloatInfZeroNaNRule float_infzeronan_rule;
    FloatToIntRule float_to_int_rule;
} float_status;

/* Targets with a preset in float_status_init_for(). */
typedef enum FloatTarget {
    float_target_ieee = 0,      /* the zero-initialised defaults above */
    float_target_arm,           /* AArch64 with FPCR.AH = 0 */
    float_target_mips_legacy,   /* FCSR.NAN2008 = 0 */
    float_target_mips_2008,     /* FCSR.NAN2008 = 1 */
    float_target_ppc,
} FloatTarget;

#endif /* FPU_SOFTFLOAT_TYPES_H */
