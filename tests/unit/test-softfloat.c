/*
 * Unit tests for the soft-float library: known vectors for each operation,
 * rounding mode and target rule, and differential tests against the host FPU
 * (x86-64 SSE and libm's fma, which are IEEE 754 correct) in all four
 * directed and nearest rounding modes.
 */
#include "qemu/osdep.h"
#include <check.h>
#include <fenv.h>
#include <math.h>
#include "fpu/softfloat.h"

/* ---- Helpers ------------------------------------------------------------------------ */

#define F16_ONE 0x3c00
#define F16_INF 0x7c00
#define F16_MAX 0x7bff
#define F32_ONE 0x3f800000
#define F32_TWO 0x40000000
#define F32_THREE 0x40400000
#define F32_HALF 0x3f000000
#define F32_MAX 0x7f7fffff
#define F32_INF 0x7f800000
#define F32_MIN_NORMAL 0x00800000
#define F32_MIN_DENORMAL 0x00000001
#define F32_DEFAULT_NAN 0x7fc00000
#define F64_ONE 0x3ff0000000000000ULL
#define F64_MAX 0x7fefffffffffffffULL
#define F64_INF 0x7ff0000000000000ULL
#define F64_MIN_NORMAL 0x0010000000000000ULL
#define F64_DEFAULT_NAN 0x7ff8000000000000ULL

/* Float32 quiet NaNs with recognisable payloads, and signalling ones. */
#define QNAN_A 0x7fc0000a
#define QNAN_B 0x7fc0000b
#define QNAN_C 0x7fc0000c
#define SNAN_A 0x7f80000a
#define SNAN_B 0x7f80000b
#define SNAN_C 0x7f80000c
#define QUIETED(snan) ((snan) | 0x00400000)

#define CHECK_BITS(got, want)                                                       \
    do {                                                                            \
        uint64_t got_ = (got), want_ = (want);                                      \
        ck_assert_msg(got_ == want_, "%s = 0x%" PRIx64 ", want 0x%" PRIx64, #got,   \
                      got_, want_);                                                 \
    } while (0)

#define CHECK_FLAGS(status, want)                                                   \
    ck_assert_msg((status).float_exception_flags == (want),                         \
                  "line %d: flags 0x%x, want 0x%x", __LINE__,                       \
                  (status).float_exception_flags, (unsigned)(want))

static float_status status_for(FloatTarget target, FloatRoundMode mode)
{
    float_status s;

    float_status_init_for(&s, target);
    s.float_rounding_mode = mode;
    return s;
}

static float_status arm(void)
{
    return status_for(float_target_arm, float_round_nearest_even);
}

static float64 f64(double d)
{
    float64 r;
    memcpy(&r, &d, sizeof(r));
    return r;
}

static float32 f32(float f)
{
    float32 r;
    memcpy(&r, &f, sizeof(r));
    return r;
}

static const FloatRoundMode all_modes[] = {
    float_round_nearest_even, float_round_down, float_round_up, float_round_to_zero,
    float_round_ties_away,
};

/* ---- Rounding modes ----------------------------------------------------------------- */

START_TEST(test_one_third_rounds_per_mode)
{
    static const struct {
        FloatRoundMode mode;
        float16 h;
        float32 f;
        float64 d;
    } want[] = {
        { float_round_nearest_even, 0x3555, 0x3eaaaaab, 0x3fd5555555555555ULL },
        { float_round_down, 0x3555, 0x3eaaaaaa, 0x3fd5555555555555ULL },
        { float_round_up, 0x3556, 0x3eaaaaab, 0x3fd5555555555556ULL },
        { float_round_to_zero, 0x3555, 0x3eaaaaaa, 0x3fd5555555555555ULL },
        { float_round_ties_away, 0x3555, 0x3eaaaaab, 0x3fd5555555555555ULL },
    };

    for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
        float_status s = status_for(float_target_arm, want[i].mode);
        CHECK_BITS(float16_div(F16_ONE, 0x4200, &s), want[i].h);
        CHECK_BITS(float32_div(F32_ONE, F32_THREE, &s), want[i].f);
        CHECK_BITS(float64_div(F64_ONE, f64(3.0), &s), want[i].d);
        CHECK_FLAGS(s, float_flag_inexact);
    }
    /* Negative: down and up swap roles. */
    float_status s = status_for(float_target_arm, float_round_down);
    CHECK_BITS(float32_div(f32(-1.0f), F32_THREE, &s), 0xbeaaaaab);
    s.float_rounding_mode = float_round_up;
    CHECK_BITS(float32_div(f32(-1.0f), F32_THREE, &s), 0xbeaaaaaa);
}
END_TEST

START_TEST(test_point_one_plus_point_two)
{
    float_status s = arm();

    CHECK_BITS(float64_add(f64(0.1), f64(0.2), &s), 0x3fd3333333333334ULL);
    CHECK_FLAGS(s, float_flag_inexact);
    s = status_for(float_target_arm, float_round_to_zero);
    CHECK_BITS(float64_add(f64(0.1), f64(0.2), &s), 0x3fd3333333333333ULL);
    s = status_for(float_target_arm, float_round_down);
    CHECK_BITS(float64_add(f64(0.1), f64(0.2), &s), 0x3fd3333333333333ULL);
    s = status_for(float_target_arm, float_round_up);
    CHECK_BITS(float64_add(f64(0.1), f64(0.2), &s), 0x3fd3333333333334ULL);
}
END_TEST

START_TEST(test_overflow_gives_inf_or_max_finite_by_mode)
{
    static const struct {
        FloatRoundMode mode;
        float32 pos, neg;
        float64 dpos, dneg;
    } want[] = {
        { float_round_nearest_even, F32_INF, 0xff800000, F64_INF, 0xfff0000000000000ULL },
        { float_round_ties_away, F32_INF, 0xff800000, F64_INF, 0xfff0000000000000ULL },
        { float_round_to_zero, F32_MAX, 0xff7fffff, F64_MAX, 0xffefffffffffffffULL },
        { float_round_up, F32_INF, 0xff7fffff, F64_INF, 0xffefffffffffffffULL },
        { float_round_down, F32_MAX, 0xff800000, F64_MAX, 0xfff0000000000000ULL },
        { float_round_to_odd, F32_MAX, 0xff7fffff, F64_MAX, 0xffefffffffffffffULL },
    };

    for (size_t i = 0; i < ARRAY_SIZE(want); i++) {
        float_status s = status_for(float_target_ieee, want[i].mode);
        CHECK_BITS(float32_mul(F32_MAX, F32_TWO, &s), want[i].pos);
        CHECK_BITS(float32_mul(F32_MAX, f32(-2.0f), &s), want[i].neg);
        CHECK_BITS(float64_add(F64_MAX, F64_MAX, &s), want[i].dpos);
        CHECK_BITS(float64_sub(float64_chs(F64_MAX), F64_MAX, &s), want[i].dneg);
        CHECK_FLAGS(s, float_flag_overflow | float_flag_inexact);
    }
    /* Rounding up to the next binade past the largest finite number overflows too. */
    float_status s = arm();
    CHECK_BITS(float32_add(F32_MAX, 0x73000000, &s), F32_INF);     /* + 2^103 = half ulp */
    CHECK_FLAGS(s, float_flag_overflow | float_flag_inexact);
    s = arm();
    CHECK_BITS(float32_add(F32_MAX, 0x72ffffff, &s), F32_MAX);     /* just under half */
    CHECK_FLAGS(s, float_flag_inexact);
}
END_TEST

START_TEST(test_ties_to_even_versus_ties_away)
{
    float_status s = arm();

    /* 1 + 2^-24 is halfway between 1 and the next float. */
    CHECK_BITS(float32_add(F32_ONE, 0x33800000, &s), F32_ONE);
    CHECK_BITS(float32_add(0x3f800001, 0x33800000, &s), 0x3f800002);
    s.float_rounding_mode = float_round_ties_away;
    CHECK_BITS(float32_add(F32_ONE, 0x33800000, &s), 0x3f800001);
    CHECK_BITS(float32_sub(f32(-1.0f), 0x33800000, &s), 0xbf800001);
    s.float_rounding_mode = float_round_to_odd;
    CHECK_BITS(float32_add(F32_ONE, 0x33800000, &s), 0x3f800001);
    CHECK_BITS(float32_add(0x3f800001, 0x33800000, &s), 0x3f800001);
    CHECK_FLAGS(s, float_flag_inexact);
}
END_TEST

/* ---- Underflow and tininess -------------------------------------------------------- */

START_TEST(test_tininess_before_rounding_flags_underflow)
{
    /*
     * (1 - 2^-23) * 2^-126 * (1 + 2^-23) = 2^-126 * (1 - 2^-46): below the
     * smallest normal before rounding, exactly it after rounding.
     */
    float_status before = status_for(float_target_arm, float_round_nearest_even);
    float_status after = status_for(float_target_mips_2008, float_round_nearest_even);

    CHECK_BITS(float32_mul(0x3f7ffffe, 0x00800001, &before), F32_MIN_NORMAL);
    CHECK_FLAGS(before, float_flag_underflow | float_flag_inexact);
    CHECK_BITS(float32_mul(0x3f7ffffe, 0x00800001, &after), F32_MIN_NORMAL);
    CHECK_FLAGS(after, float_flag_inexact);

    before = status_for(float_target_ppc, float_round_nearest_even);
    after = status_for(float_target_mips_legacy, float_round_nearest_even);
    CHECK_BITS(float64_mul(0x3feffffffffffffeULL, 0x0010000000000001ULL, &before),
               F64_MIN_NORMAL);
    CHECK_FLAGS(before, float_flag_underflow | float_flag_inexact);
    CHECK_BITS(float64_mul(0x3feffffffffffffeULL, 0x0010000000000001ULL, &after),
               F64_MIN_NORMAL);
    CHECK_FLAGS(after, float_flag_inexact);

    /* Rounding down leaves it tiny either way. */
    after.float_rounding_mode = float_round_to_zero;
    after.float_exception_flags = 0;
    CHECK_BITS(float64_mul(0x3feffffffffffffeULL, 0x0010000000000001ULL, &after),
               0x000fffffffffffffULL);
    CHECK_FLAGS(after, float_flag_underflow | float_flag_inexact);
}
END_TEST

START_TEST(test_underflow_to_denormal_and_zero)
{
    float_status s = arm();

    /* Exact denormal results raise nothing. */
    CHECK_BITS(float32_mul(F32_MIN_NORMAL, F32_HALF, &s), 0x00400000);
    CHECK_BITS(float32_mul(F32_MIN_NORMAL, f32(0.75f), &s), 0x00600000);
    CHECK_FLAGS(s, 0);

    /* Half the smallest denormal: a tie, to even is zero. */
    CHECK_BITS(float32_mul(F32_MIN_DENORMAL, F32_HALF, &s), 0);
    CHECK_FLAGS(s, float_flag_underflow | float_flag_inexact);
    s = arm();
    CHECK_BITS(float32_mul(F32_MIN_DENORMAL, f32(0.75f), &s), F32_MIN_DENORMAL);
    CHECK_FLAGS(s, float_flag_underflow | float_flag_inexact);
    s = status_for(float_target_arm, float_round_up);
    CHECK_BITS(float32_mul(F32_MIN_DENORMAL, f32(0.25f), &s), F32_MIN_DENORMAL);
    CHECK_BITS(float32_mul(0x80000001, f32(0.25f), &s), 0x80000000);
    s = status_for(float_target_arm, float_round_down);
    CHECK_BITS(float64_mul(0x8000000000000001ULL, f64(0.25), &s), 0x8000000000000001ULL);

    /* Denormal inputs are exact operands. */
    s = arm();
    CHECK_BITS(float32_add(0x00000003, 0x00000005, &s), 0x00000008);
    CHECK_BITS(float64_mul(0x0000000000000003ULL, f64(1024.0), &s), 0x0000000000000c00ULL);
    CHECK_BITS(float32_div(0x00400000, F32_MIN_NORMAL, &s), F32_HALF);
    CHECK_FLAGS(s, 0);
}
END_TEST

START_TEST(test_scalbn_scales_and_rounds)
{
    float_status s = arm();

    CHECK_BITS(float32_scalbn(F32_ONE, 127, &s), 0x7f000000);
    CHECK_BITS(float32_scalbn(F32_ONE, -149, &s), F32_MIN_DENORMAL);
    CHECK_BITS(float64_scalbn(F64_ONE, -1074, &s), 1);
    CHECK_FLAGS(s, 0);
    CHECK_BITS(float32_scalbn(f32(1.5f), -149, &s), 0x00000002);
    CHECK_FLAGS(s, float_flag_underflow | float_flag_inexact);
    s = arm();
    CHECK_BITS(float32_scalbn(F32_ONE, 128, &s), F32_INF);
    CHECK_BITS(float64_scalbn(F64_ONE, INT_MAX, &s), F64_INF);
    CHECK_FLAGS(s, float_flag_overflow | float_flag_inexact);
    s = arm();
    CHECK_BITS(float64_scalbn(F64_ONE, INT_MIN, &s), 0);
    CHECK_BITS(float32_scalbn(0x00000001, 200, &s), 0x59000000);
    CHECK_BITS(float16_scalbn(F16_ONE, -24, &s), 0x0001);
}
END_TEST

/* ---- Invalid operations and exact special cases ----------------------------------- */

START_TEST(test_invalid_operations_give_default_nan)
{
    float_status s = arm();

    CHECK_BITS(float32_sub(F32_INF, F32_INF, &s), F32_DEFAULT_NAN);
    CHECK_FLAGS(s, float_flag_invalid | float_flag_invalid_isi);
    s = arm();
    CHECK_BITS(float64_mul(0, F64_INF, &s), F64_DEFAULT_NAN);
    CHECK_FLAGS(s, float_flag_invalid | float_flag_invalid_imz);
    s = arm();
    CHECK_BITS(float32_div(0, 0x80000000, &s), F32_DEFAULT_NAN);
    CHECK_FLAGS(s, float_flag_invalid | float_flag_invalid_zdz);
    s = arm();
    CHECK_BITS(float64_div(F64_INF, F64_INF, &s), F64_DEFAULT_NAN);
    CHECK_FLAGS(s, float_flag_invalid | float_flag_invalid_idi);
    s = arm();
    CHECK_BITS(float32_sqrt(f32(-1.0f), &s), F32_DEFAULT_NAN);
    CHECK_FLAGS(s, float_flag_invalid | float_flag_invalid_sqrt);
    s = arm();
    CHECK_BITS(float16_sqrt(0xfc00, &s), 0x7e00);
    CHECK_FLAGS(s, float_flag_invalid | float_flag_invalid_sqrt);
    s = arm();
    CHECK_BITS(float32_rem(F32_INF, F32_ONE, &s), F32_DEFAULT_NAN);
    CHECK_BITS(float32_rem(F32_ONE, 0, &s), F32_DEFAULT_NAN);
    CHECK_FLAGS(s, float_flag_invalid);
}
END_TEST

START_TEST(test_exact_special_cases)
{
    float_status s = arm();

    CHECK_BITS(float32_sqrt(0x80000000, &s), 0x80000000);     /* sqrt(-0) = -0 */
    CHECK_BITS(float64_sqrt(F64_INF, &s), F64_INF);
    CHECK_BITS(float64_sqrt(f64(4.0), &s), f64(2.0));
    CHECK_BITS(float64_sqrt(f64(0x1p-1074), &s), f64(0x1p-537));
    CHECK_FLAGS(s, 0);
    CHECK_BITS(float32_sqrt(F32_MIN_DENORMAL, &s), 0x1a3504f3);      /* sqrt(2) * 2^-75 */
    CHECK_BITS(float64_sqrt(f64(0x1p-1073), &s), f64(0x1.6a09e667f3bcdp-537));
    CHECK_FLAGS(s, float_flag_inexact);
    s = arm();
    CHECK_BITS(float32_add(F32_ONE, f32(-1.0f), &s), 0);
    CHECK_BITS(float32_add(0x80000000, 0x80000000, &s), 0x80000000);
    CHECK_BITS(float32_add(0x80000000, 0, &s), 0);
    CHECK_BITS(float32_mul(0x80000000, F32_ONE, &s), 0x80000000);
    CHECK_BITS(float64_div(F64_ONE, F64_INF, &s), 0);
    CHECK_BITS(float32_add(F32_INF, F32_MAX, &s), F32_INF);
    CHECK_FLAGS(s, 0);
    s = status_for(float_target_arm, float_round_down);
    CHECK_BITS(float32_add(F32_ONE, f32(-1.0f), &s), 0x80000000);
    CHECK_BITS(float32_add(0x80000000, 0, &s), 0x80000000);
    CHECK_BITS(float64_sub(F64_ONE, F64_ONE, &s), 0x8000000000000000ULL);
    CHECK_FLAGS(s, 0);

    s = arm();
    CHECK_BITS(float32_div(F32_ONE, 0, &s), F32_INF);
    CHECK_BITS(float32_div(F32_ONE, 0x80000000, &s), 0xff800000);
    CHECK_BITS(float64_div(f64(-1.0), 0, &s), 0xfff0000000000000ULL);
    CHECK_FLAGS(s, float_flag_divbyzero);
    s = arm();
    CHECK_BITS(float64_div(F64_INF, 0, &s), F64_INF);      /* inf / 0 is exact */
    CHECK_FLAGS(s, 0);
}
END_TEST

/* ---- NaN propagation ---------------------------------------------------------------- */

START_TEST(test_arm_nan_rule_prefers_signalling_then_first)
{
    float_status s = arm();

    CHECK_BITS(float32_add(QNAN_A, SNAN_B, &s), QUIETED(SNAN_B));
    CHECK_FLAGS(s, float_flag_invalid | float_flag_invalid_snan);
    s = arm();
    CHECK_BITS(float32_mul(QNAN_A, QNAN_B, &s), QNAN_A);
    CHECK_BITS(float32_div(F32_ONE, QNAN_B, &s), QNAN_B);
    CHECK_BITS(float32_sub(QNAN_A, F32_ONE, &s), QNAN_A);     /* sub keeps a NaN's sign */
    CHECK_BITS(float32_sub(F32_ONE, QNAN_B, &s), QNAN_B);
    CHECK_FLAGS(s, 0);
    /* Sign and payload survive quietening. */
    CHECK_BITS(float32_add(0xff800123, F32_ONE, &s), 0xffc00123);
    CHECK_BITS(float64_mul(0xfff0000000000123ULL, F64_ONE, &s), 0xfff8000000000123ULL);
    CHECK_BITS(float16_add(0xfc01, F16_ONE, &s), 0xfe01);
}
END_TEST

START_TEST(test_ppc_nan_rule_takes_first_nan_operand)
{
    float_status s = status_for(float_target_ppc, float_round_nearest_even);

    CHECK_BITS(float32_add(QNAN_A, SNAN_B, &s), QNAN_A);
    CHECK_FLAGS(s, float_flag_invalid | float_flag_invalid_snan);
    CHECK_BITS(float32_add(SNAN_A, QNAN_B, &s), QUIETED(SNAN_A));
    CHECK_BITS(float64_div(F64_ONE, 0x7ff0000000000001ULL, &s), 0x7ff8000000000001ULL);
    CHECK_BITS(float64_sub(F64_INF, F64_INF, &s), F64_DEFAULT_NAN);
}
END_TEST

START_TEST(test_mips_legacy_nan_encoding)
{
    float_status s = status_for(float_target_mips_legacy, float_round_nearest_even);

    /* Legacy: the fraction msb set means signalling. */
    ck_assert(float32_is_signaling_nan(0x7fc00000, &s));
    ck_assert(float32_is_quiet_nan(0x7f800001, &s));
    ck_assert(float64_is_signaling_nan(0x7ff8000000000000ULL, &s));
    CHECK_BITS(float32_default_nan(&s), 0x7fbfffff);
    CHECK_BITS(float64_default_nan(&s), 0x7ff7ffffffffffffULL);
    CHECK_BITS(float16_default_nan(&s), 0x7dff);

    CHECK_BITS(float32_sub(F32_INF, F32_INF, &s), 0x7fbfffff);
    CHECK_BITS(float64_sqrt(f64(-2.0), &s), 0x7ff7ffffffffffffULL);
    s = status_for(float_target_mips_legacy, float_round_nearest_even);
    /* A quiet NaN propagates unchanged; a signalling one becomes the default NaN. */
    CHECK_BITS(float32_add(0x7f800001, F32_ONE, &s), 0x7f800001);
    CHECK_FLAGS(s, 0);
    CHECK_BITS(float32_add(0x7fc00001, F32_ONE, &s), 0x7fbfffff);
    CHECK_FLAGS(s, float_flag_invalid | float_flag_invalid_snan);
    /* Narrowing a quiet NaN whose payload is all in the low bits. */
    s = status_for(float_target_mips_legacy, float_round_nearest_even);
    CHECK_BITS(float64_to_float32(0x7ff0000000000001ULL, &s), 0x7fbfffff);
    CHECK_BITS(float64_to_float32(0x7ff4000000000000ULL, &s), 0x7fa00000);
    CHECK_FLAGS(s, 0);

    /* NaN2008 uses the IEEE encoding. */
    s = status_for(float_target_mips_2008, float_round_nearest_even);
    CHECK_BITS(float32_sub(F32_INF, F32_INF, &s), F32_DEFAULT_NAN);
    CHECK_BITS(float32_add(0x7f800001, F32_ONE, &s), 0x7fc00001);
}
END_TEST

START_TEST(test_default_nan_mode_replaces_every_nan)
{
    float_status s = arm();

    s.default_nan_mode = true;
    CHECK_BITS(float32_add(0xffc12345, F32_ONE, &s), F32_DEFAULT_NAN);
    CHECK_FLAGS(s, 0);
    CHECK_BITS(float64_mul(0x7ff0000000000001ULL, F64_ONE, &s), F64_DEFAULT_NAN);
    CHECK_FLAGS(s, float_flag_invalid | float_flag_invalid_snan);
    CHECK_BITS(float32_to_float16(0x7fc12345, true, &s), 0x7e00);
    CHECK_BITS(float32_muladd(QNAN_A, QNAN_B, QNAN_C, 0, &s), F32_DEFAULT_NAN);
    CHECK_BITS(float32_sqrt(QNAN_A, &s), F32_DEFAULT_NAN);
}
END_TEST

START_TEST(test_nan_conversion_keeps_high_payload_bits)
{
    float_status s = arm();

    CHECK_BITS(float64_to_float32(0x7ff8123456789abcULL, &s), 0x7fc091a2);
    CHECK_BITS(float32_to_float64(0xffc091a2, &s), 0xfff8123440000000ULL);
    CHECK_BITS(float32_to_float16(0x7fd00000, true, &s), 0x7e80);
    CHECK_FLAGS(s, 0);
    CHECK_BITS(float64_to_float32(0x7ff4000000000000ULL, &s), 0x7fe00000);
    CHECK_FLAGS(s, float_flag_invalid | float_flag_invalid_snan);
    s = arm();
    CHECK_BITS(float32_to_float64(0x7fa00000, &s), 0x7ffc000000000000ULL);
    CHECK_BITS(float16_to_float32(0x7d00, true, &s), 0x7fe00000);
    CHECK_BITS(float32_silence_nan(0x7fa00000, &s), 0x7fe00000);
    CHECK_BITS(float32_silence_nan(F32_ONE, &s), F32_ONE);
}
END_TEST

/* ---- Fused multiply-add --------------------------------------------------------------- */

START_TEST(test_fma_rounds_once)
{
    float_status s = arm();

    /* (1 + 2^-52)^2 - (1 + 2^-51) = 2^-104 exactly; separately it is 0. */
    CHECK_BITS(float64_muladd(0x3ff0000000000001ULL, 0x3ff0000000000001ULL,
                              0xbff0000000000002ULL, 0, &s), 0x3970000000000000ULL);
    CHECK_FLAGS(s, 0);
    float64 p = float64_mul(0x3ff0000000000001ULL, 0x3ff0000000000001ULL, &s);
    CHECK_BITS(float64_add(p, 0xbff0000000000002ULL, &s), 0);
    CHECK_FLAGS(s, float_flag_inexact);

    s = arm();
    CHECK_BITS(float32_muladd(0x3f800001, 0x3f800001, 0xbf800002, 0, &s), 0x28800000);
    CHECK_BITS(float16_muladd(0x3c01, 0x3c01, 0xbc02, 0, &s), 0x0010);  /* 2^-20 */
    CHECK_FLAGS(s, 0);
}
END_TEST

START_TEST(test_fma_negation_flags)
{
    float_status s = arm();
    float32 two = F32_TWO, three = F32_THREE, one = F32_ONE;

    CHECK_BITS(float32_muladd(two, three, one, 0, &s), f32(7.0f));
    CHECK_BITS(float32_muladd(two, three, one, float_muladd_negate_c, &s), f32(5.0f));
    CHECK_BITS(float32_muladd(two, three, one, float_muladd_negate_product, &s), f32(-5.0f));
    CHECK_BITS(float32_muladd(two, three, one, float_muladd_negate_result, &s), f32(-7.0f));
    CHECK_BITS(float32_muladd(two, three, one, float_muladd_halve_result, &s), f32(3.5f));
    CHECK_BITS(float64_muladd(f64(2.0), f64(3.0), f64(1.0),
                              float_muladd_negate_c | float_muladd_negate_product, &s),
               f64(-7.0));
    CHECK_FLAGS(s, 0);

    /* negate_result negates after rounding; negate_product before. */
    s = status_for(float_target_ppc, float_round_up);
    CHECK_BITS(float32_muladd(F32_ONE, F32_ONE, 0x33800000, float_muladd_negate_result, &s),
               0xbf800001);
    CHECK_BITS(float32_muladd(F32_ONE, F32_ONE, 0x33800000,
                              float_muladd_negate_product | float_muladd_negate_c, &s),
               0xbf800000);
    /* A propagated NaN keeps its sign (Power fnmadd). */
    CHECK_BITS(float32_muladd(QNAN_A, F32_ONE, F32_ONE, float_muladd_negate_result, &s),
               QNAN_A);

    /* Exact zero sums: +0 except when rounding down. */
    s = arm();
    CHECK_BITS(float32_muladd(F32_ONE, F32_ONE, f32(-1.0f), 0, &s), 0);
    CHECK_BITS(float32_muladd(0x80000000, F32_ONE, 0x80000000, 0, &s), 0x80000000);
    CHECK_BITS(float32_muladd(0x80000000, F32_ONE, 0, 0, &s), 0);
    s = status_for(float_target_arm, float_round_down);
    CHECK_BITS(float32_muladd(F32_ONE, F32_ONE, f32(-1.0f), 0, &s), 0x80000000);
    CHECK_BITS(float64_muladd(0, F64_ONE, 0x8000000000000000ULL, 0, &s),
               0x8000000000000000ULL);
    CHECK_FLAGS(s, 0);

    s = arm();
    CHECK_BITS(float32_muladd(F32_INF, F32_ONE, 0xff800000, 0, &s), F32_DEFAULT_NAN);
    CHECK_FLAGS(s, float_flag_invalid | float_flag_invalid_isi);
    s = arm();
    CHECK_BITS(float32_muladd(F32_INF, F32_ONE, F32_INF, 0, &s), F32_INF);
    CHECK_BITS(float32_muladd(F32_ONE, F32_ONE, 0xff800000, 0, &s), 0xff800000);
    CHECK_BITS(float32_muladd(F32_MAX, F32_TWO, 0xff7fffff, 0, &s), F32_MAX);
    CHECK_FLAGS(s, 0);
}
END_TEST

START_TEST(test_fma_nan_order_arm_versus_ppc)
{
    float_status a = arm();
    float_status p = status_for(float_target_ppc, float_round_nearest_even);

    /* Arm looks at the addend first; Power at FRA, FRB (= c), FRC (= b). */
    CHECK_BITS(float32_muladd(QNAN_A, QNAN_B, QNAN_C, 0, &a), QNAN_C);
    CHECK_BITS(float32_muladd(QNAN_A, QNAN_B, QNAN_C, 0, &p), QNAN_A);
    CHECK_BITS(float32_muladd(F32_ONE, QNAN_B, QNAN_C, 0, &a), QNAN_C);
    CHECK_BITS(float32_muladd(F32_ONE, QNAN_B, QNAN_C, 0, &p), QNAN_C);
    CHECK_BITS(float32_muladd(QNAN_A, QNAN_B, F32_ONE, 0, &a), QNAN_A);
    CHECK_BITS(float32_muladd(F32_ONE, QNAN_B, F32_ONE, 0, &p), QNAN_B);
    CHECK_FLAGS(a, 0);
    CHECK_FLAGS(p, 0);

    /* Arm takes a signalling NaN before any quiet one; Power does not care. */
    CHECK_BITS(float32_muladd(SNAN_A, QNAN_B, QNAN_C, 0, &a), QUIETED(SNAN_A));
    CHECK_BITS(float32_muladd(QNAN_A, SNAN_B, QNAN_C, 0, &p), QNAN_A);
    CHECK_FLAGS(a, float_flag_invalid | float_flag_invalid_snan);
    CHECK_FLAGS(p, float_flag_invalid | float_flag_invalid_snan);

    /* MIPS: legacy a, b, c; NaN2008 c, a, b (sNaNs first in both). */
    float_status ml = status_for(float_target_mips_2008, float_round_nearest_even);
    CHECK_BITS(float32_muladd(QNAN_A, QNAN_B, QNAN_C, 0, &ml), QNAN_C);
    CHECK_BITS(float32_muladd(QNAN_A, SNAN_B, QNAN_C, 0, &ml), QUIETED(SNAN_B));
    ml = status_for(float_target_mips_legacy, float_round_nearest_even);
    CHECK_BITS(float32_muladd(0x7f80000a, 0x7f80000b, 0x7f80000c, 0, &ml), 0x7f80000a);
}
END_TEST

START_TEST(test_fma_inf_times_zero_plus_qnan)
{
    float_status s = arm();

    CHECK_BITS(float32_muladd(F32_INF, 0, QNAN_C, 0, &s), F32_DEFAULT_NAN);
    CHECK_FLAGS(s, float_flag_invalid | float_flag_invalid_imz);
    s = status_for(float_target_ppc, float_round_nearest_even);
    CHECK_BITS(float32_muladd(0, F32_INF, QNAN_C, 0, &s), QNAN_C);
    CHECK_FLAGS(s, float_flag_invalid | float_flag_invalid_imz);
    s = status_for(float_target_mips_2008, float_round_nearest_even);
    CHECK_BITS(float64_muladd(F64_INF, 0, 0x7ff8000000000123ULL, 0, &s),
               0x7ff8000000000123ULL);
    s = status_for(float_target_mips_legacy, float_round_nearest_even);
    CHECK_BITS(float32_muladd(F32_INF, 0, 0x7f800123, 0, &s), 0x7fbfffff);
    CHECK_FLAGS(s, float_flag_invalid | float_flag_invalid_imz);
}
END_TEST

/* ---- Flush to zero ------------------------------------------------------------------- */

START_TEST(test_flush_to_zero_outputs)
{
    float_status s = arm();

    s.flush_to_zero = true;
    CHECK_BITS(float32_mul(F32_MIN_NORMAL, F32_HALF, &s), 0);
    CHECK_FLAGS(s, float_flag_output_denormal);
    CHECK_BITS(float64_mul(0x8010000000000000ULL, f64(0.5), &s), 0x8000000000000000ULL);
    /* Arm decides before rounding: this rounds to the smallest normal but is flushed. */
    CHECK_BITS(float32_mul(0x3f7ffffe, 0x00800001, &s), 0);
    CHECK_FLAGS(s, float_flag_output_denormal);
    /* Normal results and denormal inputs pass through when only outputs flush. */
    CHECK_BITS(float32_add(0x00000001, F32_MIN_NORMAL, &s), 0x00800001);
    CHECK_FLAGS(s, float_flag_output_denormal);

    /* With tininess after rounding that value is not tiny. */
    s = status_for(float_target_mips_2008, float_round_nearest_even);
    s.flush_to_zero = true;
    CHECK_BITS(float32_mul(0x3f7ffffe, 0x00800001, &s), F32_MIN_NORMAL);
    CHECK_FLAGS(s, float_flag_inexact);
}
END_TEST

START_TEST(test_flush_inputs_to_zero)
{
    float_status s = arm();

    s.flush_inputs_to_zero = true;
    CHECK_BITS(float32_add(0x00000001, 0, &s), 0);
    CHECK_FLAGS(s, float_flag_input_denormal);
    s.float_exception_flags = 0;
    CHECK_BITS(float64_mul(0x8000000000000001ULL, F64_ONE, &s), 0x8000000000000000ULL);
    CHECK_BITS(float32_add(0x007fffff, F32_MIN_NORMAL, &s), F32_MIN_NORMAL);
    ck_assert_int_eq(float32_compare(0x00000001, 0x80000000, &s), float_relation_equal);
    CHECK_BITS(float32_div(F32_ONE, 0x00000001, &s), F32_INF);
    CHECK_FLAGS(s, float_flag_input_denormal | float_flag_divbyzero);

    s.float_exception_flags = 0;
    CHECK_BITS(float32_squash_input_denormal(0x80000005, &s), 0x80000000);
    CHECK_BITS(float32_squash_input_denormal(F32_MIN_NORMAL, &s), F32_MIN_NORMAL);
    CHECK_BITS(float64_squash_input_denormal(1, &s), 0);
    CHECK_BITS(float16_squash_input_denormal(0x83ff, &s), 0x8000);
    CHECK_FLAGS(s, float_flag_input_denormal);
    s = arm();
    CHECK_BITS(float32_squash_input_denormal(0x80000005, &s), 0x80000005);
    CHECK_FLAGS(s, 0);
}
END_TEST

/* ---- Comparison, min and max --------------------------------------------------------- */

START_TEST(test_compare_orders_and_nan_signalling)
{
    float_status s = arm();

    ck_assert_int_eq(float32_compare(F32_ONE, F32_TWO, &s), float_relation_less);
    ck_assert_int_eq(float32_compare(F32_TWO, F32_ONE, &s), float_relation_greater);
    ck_assert_int_eq(float32_compare(0, 0x80000000, &s), float_relation_equal);
    ck_assert_int_eq(float32_compare(0xff800000, 0x80000001, &s), float_relation_less);
    ck_assert_int_eq(float64_compare(f64(-2.0), f64(-1.0), &s), float_relation_less);
    ck_assert_int_eq(float64_compare(0x8000000000000001ULL, 0, &s), float_relation_less);
    ck_assert_int_eq(float16_compare(F16_INF, F16_MAX, &s), float_relation_greater);
    ck_assert(float64_le(f64(1.0), f64(1.0), &s));
    ck_assert(!float64_lt(f64(1.0), f64(1.0), &s));
    ck_assert(float32_eq(0, 0x80000000, &s));
    CHECK_FLAGS(s, 0);

    ck_assert_int_eq(float32_compare_quiet(QNAN_A, F32_ONE, &s), float_relation_unordered);
    ck_assert(!float32_eq(QNAN_A, QNAN_A, &s));
    ck_assert(float64_unordered_quiet(F64_DEFAULT_NAN, 0, &s));
    CHECK_FLAGS(s, 0);
    ck_assert_int_eq(float32_compare(QNAN_A, F32_ONE, &s), float_relation_unordered);
    CHECK_FLAGS(s, float_flag_invalid);
    s = arm();
    ck_assert(!float32_lt(F32_ONE, QNAN_A, &s));
    CHECK_FLAGS(s, float_flag_invalid);
    s = arm();
    ck_assert(!float32_le_quiet(SNAN_A, F32_ONE, &s));
    CHECK_FLAGS(s, float_flag_invalid | float_flag_invalid_snan);
}
END_TEST

START_TEST(test_min_max_zero_ordering_and_nans)
{
    float_status s = arm();

    CHECK_BITS(float32_min(0, 0x80000000, &s), 0x80000000);
    CHECK_BITS(float32_min(0x80000000, 0, &s), 0x80000000);
    CHECK_BITS(float32_max(0x80000000, 0, &s), 0);
    CHECK_BITS(float32_max(0, 0x80000000, &s), 0);
    CHECK_BITS(float64_minnum(0, 0x8000000000000000ULL, &s), 0x8000000000000000ULL);
    CHECK_BITS(float64_maxnum(0x8000000000000000ULL, 0, &s), 0);
    CHECK_BITS(float32_min(f32(-3.0f), F32_TWO, &s), f32(-3.0f));
    CHECK_BITS(float32_max(0xff800000, F32_MAX, &s), F32_MAX);
    CHECK_BITS(float16_max(0xbc00, 0x3c00, &s), 0x3c00);
    CHECK_FLAGS(s, 0);

    /* FMIN propagates a quiet NaN; FMINNM drops it. */
    CHECK_BITS(float32_min(QNAN_A, F32_ONE, &s), QNAN_A);
    CHECK_BITS(float32_max(F32_ONE, QNAN_B, &s), QNAN_B);
    CHECK_BITS(float32_minnum(QNAN_A, F32_ONE, &s), F32_ONE);
    CHECK_BITS(float32_maxnum(F32_ONE, QNAN_B, &s), F32_ONE);
    CHECK_BITS(float32_minnum(QNAN_A, QNAN_B, &s), QNAN_A);
    CHECK_FLAGS(s, 0);
    /* A signalling NaN is never dropped. */
    CHECK_BITS(float32_minnum(SNAN_A, F32_ONE, &s), QUIETED(SNAN_A));
    CHECK_FLAGS(s, float_flag_invalid | float_flag_invalid_snan);
    s = arm();
    CHECK_BITS(float64_maxnum(0x7ff8000000000001ULL, 0x7ff0000000000002ULL, &s),
               0x7ff8000000000002ULL);
    CHECK_FLAGS(s, float_flag_invalid | float_flag_invalid_snan);

    s = arm();
    CHECK_BITS(float32_minnummag(f32(-3.0f), F32_TWO, &s), F32_TWO);
    CHECK_BITS(float32_maxnummag(f32(-3.0f), F32_TWO, &s), f32(-3.0f));
    CHECK_BITS(float32_minnummag(f32(-2.0f), F32_TWO, &s), f32(-2.0f));
    CHECK_BITS(float32_maxnummag(f32(-2.0f), F32_TWO, &s), F32_TWO);
    CHECK_BITS(float64_maxnummag(F64_DEFAULT_NAN, f64(-5.0), &s), f64(-5.0));
    CHECK_FLAGS(s, 0);
}
END_TEST

/* ---- Rounding to integral values --------------------------------------------------- */

START_TEST(test_round_to_int_ties)
{
    static const struct {
        double in;
        FloatRoundMode mode;
        double out;
    } v[] = {
        { 2.5, float_round_nearest_even, 2.0 }, { 3.5, float_round_nearest_even, 4.0 },
        { -2.5, float_round_nearest_even, -2.0 }, { 0.5, float_round_nearest_even, 0.0 },
        { -0.5, float_round_nearest_even, -0.0 }, { 2.5, float_round_ties_away, 3.0 },
        { -2.5, float_round_ties_away, -3.0 }, { 0.5, float_round_ties_away, 1.0 },
        { 2.1, float_round_up, 3.0 }, { -2.1, float_round_up, -2.0 },
        { -0.3, float_round_up, -0.0 }, { -2.1, float_round_down, -3.0 },
        { 0.3, float_round_down, 0.0 }, { -2.9, float_round_to_zero, -2.0 },
        { 0x1.fffffffffffffp51, float_round_nearest_even, 0x1p52 },
        { 4503599627370495.5, float_round_to_zero, 4503599627370495.0 },
        { 2.5, float_round_to_odd, 3.0 }, { 4.25, float_round_to_odd, 5.0 },
    };

    for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
        float_status s = status_for(float_target_arm, v[i].mode);
        CHECK_BITS(float64_round_to_int(f64(v[i].in), &s), f64(v[i].out));
        CHECK_FLAGS(s, float_flag_inexact);
        s = arm();
        CHECK_BITS(float64_round_to_int_mode(f64(v[i].in), v[i].mode, false, &s),
                   f64(v[i].out));
        CHECK_BITS(float32_round_to_int_mode(f32(v[i].in), v[i].mode, false, &s),
                   f32(v[i].out));
        CHECK_FLAGS(s, 0);
    }

    float_status s = arm();
    CHECK_BITS(float64_round_to_int(f64(1e300), &s), f64(1e300));
    CHECK_BITS(float32_round_to_int(f32(-7.0f), &s), f32(-7.0f));
    CHECK_BITS(float32_round_to_int(F32_INF, &s), F32_INF);
    CHECK_BITS(float16_round_to_int(0x4100, &s), 0x4000);       /* 2.5 -> 2 */
    CHECK_FLAGS(s, float_flag_inexact);
    s = arm();
    CHECK_BITS(float32_round_to_int(SNAN_A, &s), QUIETED(SNAN_A));
    CHECK_FLAGS(s, float_flag_invalid | float_flag_invalid_snan);
}
END_TEST

/* ---- Remainder ---------------------------------------------------------------------- */

START_TEST(test_ieee_remainder)
{
    float_status s = arm();

    CHECK_BITS(float64_rem(f64(5.0), f64(3.0), &s), f64(-1.0));
    CHECK_BITS(float64_rem(f64(7.0), f64(2.0), &s), f64(-1.0));     /* 3.5 -> 4 */
    CHECK_BITS(float64_rem(f64(5.0), f64(2.0), &s), f64(1.0));      /* 2.5 -> 2 */
    CHECK_BITS(float64_rem(f64(-7.0), f64(2.0), &s), f64(1.0));
    CHECK_BITS(float32_rem(f32(6.0f), F32_THREE, &s), 0);
    CHECK_BITS(float32_rem(f32(-6.0f), F32_THREE, &s), 0x80000000);
    CHECK_BITS(float32_rem(F32_ONE, F32_INF, &s), F32_ONE);
    CHECK_BITS(float32_rem(F32_ONE, f32(3.0f), &s), F32_ONE);
    CHECK_BITS(float64_rem(f64(1e300), f64(3.0), &s), f64(remainder(1e300, 3.0)));
    CHECK_BITS(float64_rem(f64(0x1p1023), 1, &s), 0);
    CHECK_BITS(float16_rem(0x4500, 0x4000, &s), 0x3c00);           /* 5 rem 2 = 1 */
    CHECK_FLAGS(s, 0);
}
END_TEST

/* ---- Integer conversions ------------------------------------------------------------ */

START_TEST(test_float_to_int_saturates_with_invalid)
{
    float_status s = arm();

    ck_assert_int_eq(float64_to_int32(f64(3e9), &s), INT32_MAX);
    CHECK_FLAGS(s, float_flag_invalid | float_flag_invalid_cvti);
    ck_assert_int_eq(float64_to_int32(f64(-3e9), &s), INT32_MIN);
    ck_assert_int_eq(float64_to_int32(F64_DEFAULT_NAN, &s), 0);
    ck_assert_int_eq(float32_to_int64(0xff800000, &s), INT64_MIN);
    ck_assert_uint_eq(float64_to_uint32(f64(-1.0), &s), 0);
    ck_assert_uint_eq(float64_to_uint64(f64(0x1p64), &s), UINT64_MAX);
    ck_assert_int_eq(float64_to_int16(f64(32768.0), &s), INT16_MAX);
    CHECK_FLAGS(s, float_flag_invalid | float_flag_invalid_cvti);

    /* 2^63 does not fit an int64; -2^63 does, exactly. */
    s = arm();
    ck_assert_int_eq(float64_to_int64(f64(0x1p63), &s), INT64_MAX);
    CHECK_FLAGS(s, float_flag_invalid | float_flag_invalid_cvti);
    s = arm();
    ck_assert_int_eq(float64_to_int64(f64(-0x1p63), &s), INT64_MIN);
    ck_assert_uint_eq(float64_to_uint64(f64(0x1p63), &s), 1ULL << 63);
    ck_assert_uint_eq(float64_to_uint64(0x43efffffffffffffULL, &s), 0xfffffffffffff800ULL);
    ck_assert_int_eq(float64_to_int32(f64(-0.0), &s), 0);
    ck_assert_uint_eq(float64_to_uint32(f64(-0.0), &s), 0);
    ck_assert_int_eq(float64_to_int32(f64(-2147483648.0), &s), INT32_MIN);
    CHECK_FLAGS(s, 0);

    /* A negative value that rounds to zero is not invalid for unsigned results. */
    ck_assert_uint_eq(float64_to_uint32_round_to_zero(f64(-0.4), &s), 0);
    CHECK_FLAGS(s, float_flag_inexact);
    s = arm();
    ck_assert_int_eq(float64_to_int32_round_to_zero(f64(2147483647.5), &s), INT32_MAX);
    CHECK_FLAGS(s, float_flag_inexact);
    s = arm();
    ck_assert_int_eq(float64_to_int32(f64(2147483647.5), &s), INT32_MAX);
    CHECK_FLAGS(s, float_flag_invalid | float_flag_invalid_cvti);
}
END_TEST

START_TEST(test_float_to_int_target_results)
{
    float_status ppc = status_for(float_target_ppc, float_round_nearest_even);
    float_status ml = status_for(float_target_mips_legacy, float_round_nearest_even);
    float_status m8 = status_for(float_target_mips_2008, float_round_nearest_even);

    /* Power fctiw/fctid: NaN gives the most negative value; fctiwu NaN gives 0. */
    ck_assert_int_eq(float64_to_int32(F64_DEFAULT_NAN, &ppc), INT32_MIN);
    ck_assert_int_eq(float64_to_int64(F64_DEFAULT_NAN, &ppc), INT64_MIN);
    ck_assert_uint_eq(float64_to_uint32(F64_DEFAULT_NAN, &ppc), 0);
    ck_assert_int_eq(float64_to_int32(f64(1e10), &ppc), INT32_MAX);
    ck_assert_int_eq(float64_to_int32(f64(-1e10), &ppc), INT32_MIN);
    ck_assert_uint_eq(float64_to_uint64(f64(-5.0), &ppc), 0);
    CHECK_FLAGS(ppc, float_flag_invalid | float_flag_invalid_cvti);
    ck_assert_int_eq(float64_to_int32(0x7ff0000000000001ULL, &ppc), INT32_MIN);
    CHECK_FLAGS(ppc, float_flag_invalid | float_flag_invalid_cvti | float_flag_invalid_snan);

    /* MIPS legacy: 2^31 - 1 / 2^63 - 1 for every invalid conversion. */
    ck_assert_int_eq(float64_to_int32(f64(-1e10), &ml), INT32_MAX);
    ck_assert_int_eq(float32_to_int32(0x7f800001, &ml), INT32_MAX);
    ck_assert_int_eq(float64_to_int64(0xfff0000000000000ULL, &ml), INT64_MAX);
    CHECK_FLAGS(ml, float_flag_invalid | float_flag_invalid_cvti);

    /* MIPS NaN2008: saturate, NaN gives 0. */
    ck_assert_int_eq(float64_to_int32(f64(-1e10), &m8), INT32_MIN);
    ck_assert_int_eq(float32_to_int32(F32_DEFAULT_NAN, &m8), 0);
    ck_assert_int_eq(float64_to_int64(F64_INF, &m8), INT64_MAX);
}
END_TEST

START_TEST(test_float_to_int_rounding)
{
    float_status s = arm();

    ck_assert_int_eq(float64_to_int32(f64(2.5), &s), 2);
    ck_assert_int_eq(float64_to_int32(f64(-2.5), &s), -2);
    ck_assert_int_eq(float64_to_int32(f64(3.5), &s), 4);
    ck_assert_int_eq(float64_to_int32_round_to_zero(f64(-2.9), &s), -2);
    ck_assert_int_eq(float32_to_int32_scalbn(f32(2.5f), float_round_ties_away, 0, &s), 3);
    ck_assert_int_eq(float32_to_int32_scalbn(f32(-2.5f), float_round_ties_away, 0, &s), -3);
    ck_assert_int_eq(float32_to_int32_scalbn(f32(-2.1f), float_round_down, 0, &s), -3);
    ck_assert_int_eq(float32_to_int32_scalbn(f32(2.1f), float_round_up, 0, &s), 3);
    CHECK_FLAGS(s, float_flag_inexact);
    s = arm();
    /* Fixed point: 1.5 with 4 fraction bits is 24. */
    ck_assert_int_eq(float32_to_int32_scalbn(f32(1.5f), float_round_to_zero, 4, &s), 24);
    ck_assert_int_eq(float64_to_int64_scalbn(f64(-0.25), float_round_to_zero, 62, &s),
                     -(1LL << 60));
    ck_assert_uint_eq(float16_to_uint16(0x7bff, &s), 65504);
    ck_assert_int_eq(float16_to_int16(0xc000, &s), -2);
    ck_assert_int_eq(float64_to_int64(f64(-0x1.fffffffffffffp62), &s),
                     -0x7ffffffffffffc00LL);
    CHECK_FLAGS(s, 0);
    ck_assert_int_eq(float32_to_int32_scalbn(F32_ONE, float_round_to_zero, 40, &s), INT32_MAX);
    CHECK_FLAGS(s, float_flag_invalid | float_flag_invalid_cvti);
}
END_TEST

START_TEST(test_int_to_float_rounds_in_mode)
{
    float_status s = arm();

    CHECK_BITS(int32_to_float32(16777217, &s), 0x4b800000);        /* tie to even */
    CHECK_BITS(int64_to_float32(INT64_MAX, &s), 0x5f000000);
    CHECK_BITS(uint64_to_float64(UINT64_MAX, &s), 0x43f0000000000000ULL);
    CHECK_FLAGS(s, float_flag_inexact);
    s = status_for(float_target_arm, float_round_to_zero);
    CHECK_BITS(int64_to_float32(INT64_MAX, &s), 0x5effffff);
    s.float_rounding_mode = float_round_up;
    CHECK_BITS(int32_to_float32(16777217, &s), 0x4b800001);
    CHECK_BITS(int32_to_float16(65520, &s), F16_INF);
    CHECK_FLAGS(s, float_flag_inexact | float_flag_overflow);

    s = arm();
    CHECK_BITS(int64_to_float64(INT64_MIN, &s), 0xc3e0000000000000ULL);
    CHECK_BITS(int32_to_float64(-1, &s), f64(-1.0));
    CHECK_BITS(uint32_to_float32(0, &s), 0);
    CHECK_BITS(int16_to_float16(-2048, &s), 0xe800);
    CHECK_BITS(int32_to_float32_scalbn(3, -1, &s), f32(1.5f));
    CHECK_BITS(uint64_to_float64_scalbn(1, -1074, &s), 1);
    CHECK_BITS(int64_to_float64_scalbn(-1, INT_MAX, &s), 0xfff0000000000000ULL);
    CHECK_FLAGS(s, float_flag_overflow | float_flag_inexact);
}
END_TEST

/* ---- Conversions between widths ------------------------------------------------------ */

START_TEST(test_double_to_half_rounding_and_overflow)
{
    float_status s = arm();

    CHECK_BITS(float64_to_float16(f64(65504.0), true, &s), F16_MAX);
    CHECK_BITS(float64_to_float16(f64(0x1p-24), true, &s), 0x0001);
    CHECK_BITS(float64_to_float16(f64(-0.0), true, &s), 0x8000);
    CHECK_FLAGS(s, 0);
    CHECK_BITS(float64_to_float16(f64(65519.99), true, &s), F16_MAX);
    CHECK_BITS(float64_to_float16(f64(1.0 / 3.0), true, &s), 0x3555);
    CHECK_FLAGS(s, float_flag_inexact);
    CHECK_BITS(float64_to_float16(f64(65520.0), true, &s), F16_INF);
    CHECK_FLAGS(s, float_flag_inexact | float_flag_overflow);
    s = arm();
    CHECK_BITS(float64_to_float16(f64(0x1p-25), true, &s), 0);
    CHECK_FLAGS(s, float_flag_inexact | float_flag_underflow);

    s = status_for(float_target_arm, float_round_to_zero);
    CHECK_BITS(float64_to_float16(f64(1e6), true, &s), F16_MAX);
    CHECK_BITS(float64_to_float16(f64(-1e6), true, &s), 0xfbff);
    s.float_rounding_mode = float_round_up;
    CHECK_BITS(float64_to_float16(f64(1e-10), true, &s), 0x0001);
    CHECK_BITS(float32_to_float16(0x3f800001, true, &s), 0x3c01);

    s = arm();
    CHECK_BITS(float16_to_float32(F16_MAX, true, &s), 0x477fe000);
    CHECK_BITS(float16_to_float64(0x0001, true, &s), f64(0x1p-24));
    CHECK_BITS(float16_to_float32(0xfc00, true, &s), 0xff800000);
    CHECK_BITS(float32_to_float64(0x00000001, &s), f64(0x1p-149));
    CHECK_BITS(float64_to_float32(f64(0x1p-149), &s), 0x00000001);
    CHECK_FLAGS(s, 0);
    CHECK_BITS(float64_to_float32(0x3ff0000010000000ULL, &s), F32_ONE);     /* tie */
    s.float_rounding_mode = float_round_ties_away;
    CHECK_BITS(float64_to_float32(0x3ff0000010000000ULL, &s), 0x3f800001);
}
END_TEST

START_TEST(test_arm_alternative_half_precision)
{
    float_status s = arm();

    /* Exponent 31 is an ordinary binade: 0x7c00 is 65536, 0x7fff is 131008. */
    CHECK_BITS(float32_to_float16(f32(65536.0f), false, &s), 0x7c00);
    CHECK_BITS(float64_to_float16(f64(131008.0), false, &s), 0x7fff);
    CHECK_BITS(float16_to_float32(0x7c00, false, &s), f32(65536.0f));
    CHECK_BITS(float16_to_float64(0xffff, false, &s), f64(-131008.0));
    CHECK_FLAGS(s, 0);
    /* No infinities or NaNs: saturate or give zero, and call it invalid. */
    CHECK_BITS(float32_to_float16(f32(1e6f), false, &s), 0x7fff);
    CHECK_FLAGS(s, float_flag_invalid);
    s = arm();
    CHECK_BITS(float32_to_float16(0xff800000, false, &s), 0xffff);
    CHECK_BITS(float32_to_float16(0xffc00000, false, &s), 0x8000);
    CHECK_BITS(float64_to_float16(0x7ff0000000000001ULL, false, &s), 0);
    CHECK_FLAGS(s, float_flag_invalid);
}
END_TEST

START_TEST(test_bfloat16_conversions_and_arithmetic)
{
    float_status s = arm();

    CHECK_BITS(float32_to_bfloat16(0x3f808000, &s), 0x3f80);     /* tie to even */
    CHECK_BITS(float32_to_bfloat16(0x3f818000, &s), 0x3f82);
    CHECK_BITS(float32_to_bfloat16(0x7f7fffff, &s), 0x7f80);
    CHECK_BITS(bfloat16_to_float32(0xc049, &s), 0xc0490000);
    CHECK_BITS(bfloat16_add(0x3f80, 0x3f80, &s), 0x4000);
    CHECK_BITS(bfloat16_mul(0x4040, 0x4040, &s), 0x4110);
    CHECK_BITS(bfloat16_muladd(0x3f80, 0x3f80, 0x3f80, 0, &s), 0x4000);
    CHECK_BITS(bfloat16_sqrt(0x4080, &s), 0x4000);
    CHECK_BITS(bfloat16_default_nan(&s), 0x7fc0);
}
END_TEST

START_TEST(test_status_presets)
{
    float_status s;

    float_status_init_for(&s, float_target_arm);
    ck_assert(s.tininess_before_rounding);
    ck_assert_int_eq(s.float_rounding_mode, float_round_nearest_even);
    CHECK_BITS(float32_default_nan(&s), F32_DEFAULT_NAN);
    CHECK_BITS(float64_default_nan(&s), F64_DEFAULT_NAN);
    float_status_init_for(&s, float_target_ppc);
    ck_assert(s.tininess_before_rounding);
    CHECK_BITS(float64_default_nan(&s), F64_DEFAULT_NAN);
    float_status_init_for(&s, float_target_mips_2008);
    ck_assert(!s.tininess_before_rounding);
    ck_assert(!s.snan_bit_is_one);
    float_status_init_for(&s, float_target_mips_legacy);
    ck_assert(s.snan_bit_is_one);

    set_float_rounding_mode(float_round_up, &s);
    float_raise(float_flag_inexact, &s);
    ck_assert_int_eq(get_float_rounding_mode(&s), float_round_up);
    ck_assert_int_eq(get_float_exception_flags(&s), float_flag_inexact);
    set_float_exception_flags(0, &s);
    ck_assert_int_eq(get_float_exception_flags(&s), 0);
}
END_TEST

START_TEST(test_bit_helpers)
{
    float_status s = arm();

    ck_assert(float32_is_denormal(0x80000001));
    ck_assert(!float32_is_denormal(0x80000000));
    ck_assert(float32_is_zero_or_denormal(0x80000000));
    ck_assert(float32_is_normal(F32_MIN_NORMAL));
    ck_assert(!float32_is_normal(F32_INF));
    ck_assert(!float64_is_normal(0));
    ck_assert(float16_is_normal(0xfbff));
    ck_assert(float64_is_infinity(0xfff0000000000000ULL));
    ck_assert(float16_is_any_nan(0xfe00));
    ck_assert(float32_is_signaling_nan(SNAN_A, &s));
    ck_assert(!float32_is_signaling_nan(QNAN_A, &s));
    ck_assert(float64_is_quiet_nan(F64_DEFAULT_NAN, &s));
    ck_assert(!float32_is_any_nan(F32_INF));
    CHECK_BITS(float32_abs(0xbf800000), F32_ONE);
    CHECK_BITS(float64_chs(F64_ONE), 0xbff0000000000000ULL);
    CHECK_BITS(float16_set_sign(F16_ONE, true), 0xbc00);
    CHECK_BITS(float32_chs(QNAN_A), QNAN_A | 0x80000000);
    CHECK_FLAGS(s, 0);
}
END_TEST

/* ---- Differential tests against the host FPU --------------------------------------- */

static uint64_t rng_state;

static uint64_t rng_next(void)
{
    /* xorshift64: deterministic so failures reproduce. */
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

/*
 * The host comparisons assume x86-64's SSE and libm: IEEE results, tininess
 * after rounding, no invalid for inf * 0 + qNaN.
 */
#if defined(__x86_64__)

static const uint64_t f64_edges[] = {
    0, 0x8000000000000000ULL, F64_ONE, 0xbff0000000000000ULL, F64_INF,
    0xfff0000000000000ULL, F64_DEFAULT_NAN, F64_MAX, F64_MIN_NORMAL, 1,
    0x000fffffffffffffULL, 0x3ff0000000000001ULL, 0x3fefffffffffffffULL,
    0x4340000000000000ULL, 0x7fe0000000000000ULL, 0x0010000000000001ULL,
};

/* Random bits biased towards interesting exponents: denormals, near 1, extremes. */
static uint64_t random_f64(void)
{
    uint64_t x = rng_next();

    switch (rng_next() % 10) {
    case 0:
        return x & 0x800fffffffffffffULL;
    case 1:
    case 2:
        return (x & 0x800fffffffffffffULL) | ((0x3fdULL + rng_next() % 5) << 52);
    case 3:
        return (x & 0x800fffffffffffffULL) | ((rng_next() % 2 ? 0x7fdULL : 0x001ULL) +
                                               rng_next() % 3) << 52;
    case 4:
        return f64_edges[rng_next() % ARRAY_SIZE(f64_edges)] ^ (x & (1ULL << 63));
    case 5:
        /* Few significant bits: exact results and ties. */
        return (x & 0x800f000000000000ULL) | ((0x3f0ULL + rng_next() % 32) << 52);
    default:
        return x;
    }
}

static uint32_t random_f32(void)
{
    uint32_t x = rng_next();

    switch (rng_next() % 10) {
    case 0:
        return x & 0x807fffff;
    case 1:
    case 2:
        return (x & 0x807fffff) | (uint32_t)(125 + rng_next() % 5) << 23;
    case 3:
        return (x & 0x807fffff) |
               (uint32_t)((rng_next() % 2 ? 253 : 1) + rng_next() % 3) << 23;
    case 4:
        return (uint32_t)(f64_edges[rng_next() % ARRAY_SIZE(f64_edges)] >> 32) ^
               (x & 0x80000000);
    case 5:
        return (x & 0x80780000) | (uint32_t)(120 + rng_next() % 16) << 23;
    default:
        return x;
    }
}

static int flags_from_host(int excepts)
{
    return (excepts & FE_INVALID ? float_flag_invalid : 0) |
           (excepts & FE_DIVBYZERO ? float_flag_divbyzero : 0) |
           (excepts & FE_OVERFLOW ? float_flag_overflow : 0) |
           (excepts & FE_UNDERFLOW ? float_flag_underflow : 0) |
           (excepts & FE_INEXACT ? float_flag_inexact : 0);
}

#define IEEE_FLAGS (float_flag_invalid | float_flag_divbyzero | float_flag_overflow | \
                    float_flag_underflow | float_flag_inexact)

static const struct {
    int host;
    FloatRoundMode soft;
} host_modes[] = {
    { FE_TONEAREST, float_round_nearest_even },
    { FE_DOWNWARD, float_round_down },
    { FE_UPWARD, float_round_up },
    { FE_TOWARDZERO, float_round_to_zero },
};

enum { OP_ADD, OP_SUB, OP_MUL, OP_DIV, OP_SQRT, OP_FMA, OP_COUNT };
static const char *const op_names[] = { "add", "sub", "mul", "div", "sqrt", "fma" };

static bool f64_inf_times_zero(float64 a, float64 b)
{
    return (float64_is_infinity(a) && float64_is_zero(b)) ||
           (float64_is_zero(a) && float64_is_infinity(b));
}

static bool f32_inf_times_zero(float32 a, float32 b)
{
    return (float32_is_infinity(a) && float32_is_zero(b)) ||
           (float32_is_zero(a) && float32_is_infinity(b));
}

/*
 * The host computes with volatile operands and result, out of line, so that
 * nothing is folded or moved across the fenv calls around it.
 */
static __attribute__((noinline)) double host_f64(int op, double a, double b, double c, int *flags)
{
    volatile double va = a, vb = b, vc = c, r;

    feclearexcept(FE_ALL_EXCEPT);
    switch (op) {
    case OP_ADD: r = va + vb; break;
    case OP_SUB: r = va - vb; break;
    case OP_MUL: r = va * vb; break;
    case OP_DIV: r = va / vb; break;
    case OP_SQRT: r = sqrt(va); break;
    default: r = fma(va, vb, vc); break;
    }
    *flags = flags_from_host(fetestexcept(FE_ALL_EXCEPT));
    return r;
}

static __attribute__((noinline)) float host_f32(int op, float a, float b, float c, int *flags)
{
    volatile float va = a, vb = b, vc = c, r;

    feclearexcept(FE_ALL_EXCEPT);
    switch (op) {
    case OP_ADD: r = va + vb; break;
    case OP_SUB: r = va - vb; break;
    case OP_MUL: r = va * vb; break;
    case OP_DIV: r = va / vb; break;
    case OP_SQRT: r = sqrtf(va); break;
    default: r = fmaf(va, vb, vc); break;
    }
    *flags = flags_from_host(fetestexcept(FE_ALL_EXCEPT));
    return r;
}

static float64 soft_f64(int op, float64 a, float64 b, float64 c, float_status *s)
{
    switch (op) {
    case OP_ADD: return float64_add(a, b, s);
    case OP_SUB: return float64_sub(a, b, s);
    case OP_MUL: return float64_mul(a, b, s);
    case OP_DIV: return float64_div(a, b, s);
    case OP_SQRT: return float64_sqrt(a, s);
    default: return float64_muladd(a, b, c, 0, s);
    }
}

static float32 soft_f32(int op, float32 a, float32 b, float32 c, float_status *s)
{
    switch (op) {
    case OP_ADD: return float32_add(a, b, s);
    case OP_SUB: return float32_sub(a, b, s);
    case OP_MUL: return float32_mul(a, b, s);
    case OP_DIV: return float32_div(a, b, s);
    case OP_SQRT: return float32_sqrt(a, s);
    default: return float32_muladd(a, b, c, 0, s);
    }
}

#define DIFF_CASES 10000    /* per operation, rounding mode and format */

/* x86 detects tininess after rounding; the soft status must match. */
static float_status host_like_status(FloatRoundMode mode)
{
    return status_for(float_target_mips_2008, mode);
}

START_TEST(test_float64_matches_host)
{
    int failures = 0;

    rng_state = 0x9e3779b97f4a7c15ULL;
    for (size_t m = 0; m < ARRAY_SIZE(host_modes); m++) {
        fesetround(host_modes[m].host);
        for (int op = 0; op < OP_COUNT; op++) {
            for (int i = 0; i < DIFF_CASES; i++) {
                float64 a = random_f64(), b = random_f64(), c = random_f64();
                double da, db, dc, hr;
                int hflags;

                if (op == OP_FMA && i % 4 == 0) {
                    /* c close to -(a * b): massive cancellation. */
                    float_status t = host_like_status(float_round_nearest_even);
                    c = float64_chs(float64_mul(a, b, &t)) + (int64_t)(rng_next() % 5) - 2;
                }
                memcpy(&da, &a, 8);
                memcpy(&db, &b, 8);
                memcpy(&dc, &c, 8);
                hr = host_f64(op, da, db, dc, &hflags);

                float_status s = host_like_status(host_modes[m].soft);
                float64 r = soft_f64(op, a, b, c, &s);
                bool both_nan = isnan(hr) && float64_is_any_nan(r);
                if (op == OP_FMA && float64_is_any_nan(c) && f64_inf_times_zero(a, b)) {
                    /* IEEE leaves invalid to the implementation; x86 does not raise it,
                     * every emulated target does. */
                    hflags |= float_flag_invalid;
                }
                if ((!both_nan && r != f64(hr)) ||
                    (s.float_exception_flags & IEEE_FLAGS) != hflags) {
                    if (failures++ < 10) {
                        fprintf(stderr, "float64 %s mode %zu: %016" PRIx64 " %016" PRIx64
                                " %016" PRIx64 ": soft %016" PRIx64 "/%x host %016" PRIx64
                                "/%x\n", op_names[op], m, a, b, c, r,
                                s.float_exception_flags, f64(hr), hflags);
                    }
                }
            }
        }
    }
    fesetround(FE_TONEAREST);
    ck_assert_int_eq(failures, 0);
}
END_TEST

START_TEST(test_float32_matches_host)
{
    int failures = 0;

    rng_state = 0x2545f4914f6cdd1dULL;
    for (size_t m = 0; m < ARRAY_SIZE(host_modes); m++) {
        fesetround(host_modes[m].host);
        for (int op = 0; op < OP_COUNT; op++) {
            for (int i = 0; i < DIFF_CASES; i++) {
                float32 a = random_f32(), b = random_f32(), c = random_f32();
                float fa, fb, fc, hr;
                int hflags;

                if (op == OP_FMA && i % 4 == 0) {
                    float_status t = host_like_status(float_round_nearest_even);
                    c = float32_chs(float32_mul(a, b, &t)) + (int32_t)(rng_next() % 5) - 2;
                }
                memcpy(&fa, &a, 4);
                memcpy(&fb, &b, 4);
                memcpy(&fc, &c, 4);
                hr = host_f32(op, fa, fb, fc, &hflags);

                float_status s = host_like_status(host_modes[m].soft);
                float32 r = soft_f32(op, a, b, c, &s);
                bool both_nan = isnan(hr) && float32_is_any_nan(r);
                if (op == OP_FMA && float32_is_any_nan(c) && f32_inf_times_zero(a, b)) {
                    hflags |= float_flag_invalid;   /* inf * 0 + qNaN, as above */
                }
                if ((!both_nan && r != f32(hr)) ||
                    (s.float_exception_flags & IEEE_FLAGS) != hflags) {
                    if (failures++ < 10) {
                        fprintf(stderr, "float32 %s mode %zu: %08x %08x %08x: soft %08x/%x"
                                " host %08x/%x\n", op_names[op], m, a, b, c, r,
                                s.float_exception_flags, f32(hr), hflags);
                    }
                }
            }
        }
    }
    fesetround(FE_TONEAREST);
    ck_assert_int_eq(failures, 0);
}
END_TEST

/*
 * Conversions and remainder against the host's cvtsd2ss, cvtsi2sd, llrint,
 * remainder and (through libgcc) the conversion to _Float16.
 */
START_TEST(test_conversions_match_host)
{
    int failures = 0;

    rng_state = 0x123456789abcdefULL;
    for (size_t m = 0; m < ARRAY_SIZE(host_modes); m++) {
        fesetround(host_modes[m].host);
        for (int i = 0; i < DIFF_CASES * 2; i++) {
            float64 a = random_f64();
            volatile double da;
            volatile float hf;
            volatile _Float16 hh;
            volatile double hd;
            int hflags;
            float_status s = host_like_status(host_modes[m].soft);
            uint16_t hbits;

            memcpy((void *)&da, &a, 8);

            feclearexcept(FE_ALL_EXCEPT);
            hf = (float)da;
            hflags = flags_from_host(fetestexcept(FE_ALL_EXCEPT));
            float32 r32 = float64_to_float32(a, &s);
            if ((!(isnan(hf) && float32_is_any_nan(r32)) && r32 != f32(hf)) ||
                (s.float_exception_flags & IEEE_FLAGS) != hflags) {
                if (failures++ < 10) {
                    fprintf(stderr, "f64->f32 %016" PRIx64 ": %08x/%x host %08x/%x\n", a,
                            r32, s.float_exception_flags, f32(hf), hflags);
                }
            }

            s = host_like_status(host_modes[m].soft);
            feclearexcept(FE_ALL_EXCEPT);
            hh = (_Float16)da;
            hflags = flags_from_host(fetestexcept(FE_ALL_EXCEPT));
            memcpy(&hbits, (void *)&hh, 2);
            float16 r16 = float64_to_float16(a, true, &s);
            if ((!(float16_is_any_nan(hbits) && float16_is_any_nan(r16)) && r16 != hbits) ||
                (s.float_exception_flags & IEEE_FLAGS) != hflags) {
                if (failures++ < 10) {
                    fprintf(stderr, "f64->f16 %016" PRIx64 ": %04x/%x host %04x/%x\n", a,
                            r16, s.float_exception_flags, hbits, hflags);
                }
            }

            if (fabs(da) < 0x1p62) {
                s = host_like_status(host_modes[m].soft);
                feclearexcept(FE_ALL_EXCEPT);
                long long hl = llrint(da);
                hflags = flags_from_host(fetestexcept(FE_ALL_EXCEPT));
                int64_t sl = float64_to_int64(a, &s);
                if (sl != hl || (s.float_exception_flags & IEEE_FLAGS) != hflags) {
                    if (failures++ < 10) {
                        fprintf(stderr, "llrint %016" PRIx64 ": %" PRId64 " host %lld\n", a,
                                sl, hl);
                    }
                }
            }

            int64_t n = (int64_t)rng_next() >> (rng_next() % 64);
            s = host_like_status(host_modes[m].soft);
            volatile int64_t vn = n;
            feclearexcept(FE_ALL_EXCEPT);
            hd = (double)vn;
            hflags = flags_from_host(fetestexcept(FE_ALL_EXCEPT));
            float64 rn = int64_to_float64(n, &s);
            if (rn != f64(hd) || (s.float_exception_flags & IEEE_FLAGS) != hflags) {
                if (failures++ < 10) {
                    fprintf(stderr, "i64->f64 %" PRId64 ": %016" PRIx64 " host %016" PRIx64
                            "\n", n, rn, f64(hd));
                }
            }

            float64 b = random_f64();
            volatile double db;
            memcpy((void *)&db, &b, 8);
            s = host_like_status(host_modes[m].soft);
            feclearexcept(FE_ALL_EXCEPT);
            hd = remainder(da, db);
            hflags = flags_from_host(fetestexcept(FE_ALL_EXCEPT));
            float64 rr = float64_rem(a, b, &s);
            float64 want = f64(hd);
            if (float64_is_zero(want)) {
                /* IEEE 754: a zero remainder has the sign of a (glibc gives +0). */
                want = a & 0x8000000000000000ULL;
            }
            if ((!(isnan(hd) && float64_is_any_nan(rr)) && rr != want) ||
                ((s.float_exception_flags & IEEE_FLAGS) & ~float_flag_underflow) !=
                (hflags & ~float_flag_underflow)) {
                if (failures++ < 10) {
                    fprintf(stderr, "rem %016" PRIx64 " %016" PRIx64 ": %016" PRIx64
                            "/%x host %016" PRIx64 "/%x\n", a, b, rr,
                            s.float_exception_flags, f64(hd), hflags);
                }
            }
        }
    }
    fesetround(FE_TONEAREST);
    ck_assert_int_eq(failures, 0);
}
END_TEST

/*
 * Rounding to integral values in each explicit mode against libm's floor,
 * ceil, trunc, roundeven and round (their results only: C lets them leave
 * inexact alone).
 */
START_TEST(test_round_to_int_matches_libm)
{
    static const struct {
        FloatRoundMode mode;
        double (*ref)(double);
    } refs[] = {
        { float_round_down, floor }, { float_round_up, ceil }, { float_round_to_zero, trunc },
        { float_round_nearest_even, roundeven }, { float_round_ties_away, round },
    };
    int failures = 0;

    rng_state = 0x0ddba11cafebabeULL;
    for (size_t m = 0; m < ARRAY_SIZE(refs); m++) {
        for (int i = 0; i < DIFF_CASES * 2; i++) {
            float64 a = random_f64();
            double da;
            float_status s = host_like_status(float_round_nearest_even);

            memcpy(&da, &a, 8);
            if (isnan(da)) {
                continue;
            }
            float64 want = f64(refs[m].ref(da));
            float64 r = float64_round_to_int_mode(a, refs[m].mode, true, &s);
            int want_flags = r != a ? float_flag_inexact : 0;
            if (r != want || s.float_exception_flags != want_flags) {
                if (failures++ < 10) {
                    fprintf(stderr, "round_to_int mode %d %016" PRIx64 ": %016" PRIx64
                            "/%x want %016" PRIx64 "\n", refs[m].mode, a, r,
                            s.float_exception_flags, want);
                }
            }
        }
    }
    ck_assert_int_eq(failures, 0);
}
END_TEST

/*
 * Half precision against double arithmetic rounded once to half: exact for
 * add, sub and mul; for div and sqrt double has more than 2p + 2 bits, so
 * rounding twice gives the correctly rounded half result too.
 */
START_TEST(test_float16_matches_double_reference)
{
    int failures = 0;

    rng_state = 0xfeedfacecafef00dULL;
    for (size_t m = 0; m < ARRAY_SIZE(host_modes); m++) {
        fesetround(host_modes[m].host);
        for (int op = 0; op <= OP_SQRT; op++) {
            for (int i = 0; i < DIFF_CASES; i++) {
                float16 a = rng_next(), b = rng_next();
                float_status conv = host_like_status(float_round_nearest_even);
                volatile double da = 0, db = 0, dr;
                volatile _Float16 hr;
                uint16_t want;
                float64 t;

                t = float16_to_float64(a, true, &conv);
                memcpy((void *)&da, &t, 8);
                t = float16_to_float64(b, true, &conv);
                memcpy((void *)&db, &t, 8);
                switch (op) {
                case OP_ADD: dr = da + db; break;
                case OP_SUB: dr = da - db; break;
                case OP_MUL: dr = da * db; break;
                case OP_DIV: dr = da / db; break;
                default: dr = sqrt(da); break;
                }
                hr = (_Float16)dr;
                memcpy(&want, (void *)&hr, 2);

                float_status s = host_like_status(host_modes[m].soft);
                float16 r;
                switch (op) {
                case OP_ADD: r = float16_add(a, b, &s); break;
                case OP_SUB: r = float16_sub(a, b, &s); break;
                case OP_MUL: r = float16_mul(a, b, &s); break;
                case OP_DIV: r = float16_div(a, b, &s); break;
                default: r = float16_sqrt(a, &s); break;
                }
                if (r != want && !(float16_is_any_nan(r) && float16_is_any_nan(want))) {
                    if (failures++ < 10) {
                        fprintf(stderr, "float16 %s mode %zu: %04x %04x: %04x want %04x\n",
                                op_names[op], m, a, b, r, want);
                    }
                }
            }
        }
    }
    fesetround(FE_TONEAREST);
    ck_assert_int_eq(failures, 0);
}
END_TEST

#endif /* __x86_64__ */

/* Every rounding mode on a spread of values: round_to_int agrees with to_int. */
START_TEST(test_round_to_int_agrees_with_integer_conversion)
{
    rng_state = 42;
    for (size_t m = 0; m < ARRAY_SIZE(all_modes); m++) {
        for (int i = 0; i < 2000; i++) {
            float_status s = status_for(float_target_arm, all_modes[m]);
            float64 a = (rng_next() & 0x800fffffffffffffULL) |
                        ((0x3f0ULL + rng_next() % 0x4e) << 52);
            float64 r = float64_round_to_int(a, &s);
            int64_t n = float64_to_int64(a, &s);
            CHECK_BITS(int64_to_float64(n, &s), float64_is_zero(r) ? 0 : r);
        }
    }
}
END_TEST

static Suite *softfloat_suite(void)
{
    Suite *suite = suite_create("softfloat");
    TCase *vectors = tcase_create("vectors");
    TCase *host = tcase_create("host");

    tcase_add_test(vectors, test_one_third_rounds_per_mode);
    tcase_add_test(vectors, test_point_one_plus_point_two);
    tcase_add_test(vectors, test_overflow_gives_inf_or_max_finite_by_mode);
    tcase_add_test(vectors, test_ties_to_even_versus_ties_away);
    tcase_add_test(vectors, test_tininess_before_rounding_flags_underflow);
    tcase_add_test(vectors, test_underflow_to_denormal_and_zero);
    tcase_add_test(vectors, test_scalbn_scales_and_rounds);
    tcase_add_test(vectors, test_invalid_operations_give_default_nan);
    tcase_add_test(vectors, test_exact_special_cases);
    tcase_add_test(vectors, test_arm_nan_rule_prefers_signalling_then_first);
    tcase_add_test(vectors, test_ppc_nan_rule_takes_first_nan_operand);
    tcase_add_test(vectors, test_mips_legacy_nan_encoding);
    tcase_add_test(vectors, test_default_nan_mode_replaces_every_nan);
    tcase_add_test(vectors, test_nan_conversion_keeps_high_payload_bits);
    tcase_add_test(vectors, test_fma_rounds_once);
    tcase_add_test(vectors, test_fma_negation_flags);
    tcase_add_test(vectors, test_fma_nan_order_arm_versus_ppc);
    tcase_add_test(vectors, test_fma_inf_times_zero_plus_qnan);
    tcase_add_test(vectors, test_flush_to_zero_outputs);
    tcase_add_test(vectors, test_flush_inputs_to_zero);
    tcase_add_test(vectors, test_compare_orders_and_nan_signalling);
    tcase_add_test(vectors, test_min_max_zero_ordering_and_nans);
    tcase_add_test(vectors, test_round_to_int_ties);
    tcase_add_test(vectors, test_ieee_remainder);
    tcase_add_test(vectors, test_float_to_int_saturates_with_invalid);
    tcase_add_test(vectors, test_float_to_int_target_results);
    tcase_add_test(vectors, test_float_to_int_rounding);
    tcase_add_test(vectors, test_int_to_float_rounds_in_mode);
    tcase_add_test(vectors, test_double_to_half_rounding_and_overflow);
    tcase_add_test(vectors, test_arm_alternative_half_precision);
    tcase_add_test(vectors, test_bfloat16_conversions_and_arithmetic);
    tcase_add_test(vectors, test_status_presets);
    tcase_add_test(vectors, test_bit_helpers);
    suite_add_tcase(suite, vectors);

#if defined(__x86_64__)
    tcase_add_test(host, test_float64_matches_host);
    tcase_add_test(host, test_float32_matches_host);
    tcase_add_test(host, test_conversions_match_host);
    tcase_add_test(host, test_round_to_int_matches_libm);
    tcase_add_test(host, test_float16_matches_double_reference);
#endif
    tcase_add_test(host, test_round_to_int_agrees_with_integer_conversion);
    tcase_set_timeout(host, 120);
    suite_add_tcase(suite, host);
    return suite;
}

int main(void)
{
    SRunner *runner = srunner_create(softfloat_suite());
    int failed;

    srunner_run_all(runner, CK_NORMAL);
    failed = srunner_ntests_failed(runner);
    srunner_free(runner);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
