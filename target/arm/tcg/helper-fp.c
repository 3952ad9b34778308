/*
 * Run-time helpers of the A64 scalar floating-point translator (declared in
 * helper-fp.h): thin wrappers that give the soft-float library env->fp_status
 * and add what the Arm pseudocode does differently (half precision ignoring
 * FPCR.FZ, FCMP's NZCV, fixed-point scaling).  No translation logic here.
 */
#include "qemu/osdep.h"
#include "fpu/softfloat.h"
#include "target/arm/tcg/helper-fp.h"

#define FPCR_AHP (1u << 26)

/* ---- 2 source ---------------------------------------------------------------- */

#define FP_BINOP(name, op)                                                             \
    uint32_t helper_fp_##name##_s(CPUARMState *env, uint32_t a, uint32_t b)           \
    {                                                                                  \
        return float32_##op(a, b, &env->fp_status);                                    \
    }                                                                                  \
    uint64_t helper_fp_##name##_d(CPUARMState *env, uint64_t a, uint64_t b)           \
    {                                                                                  \
        return float64_##op(a, b, &env->fp_status);                                    \
    }

FP_BINOP(add, add)
FP_BINOP(sub, sub)
FP_BINOP(mul, mul)
FP_BINOP(div, div)
FP_BINOP(max, max)
FP_BINOP(min, min)
FP_BINOP(maxnm, maxnum)
FP_BINOP(minnm, minnum)

/* ---- 3 source and 1 source -------------------------------------------------------- */

uint32_t helper_fp_muladd_s(CPUARMState *env, uint32_t a, uint32_t b, uint32_t c)
{
    return float32_muladd(a, b, c, 0, &env->fp_status);
}

uint64_t helper_fp_muladd_d(CPUARMState *env, uint64_t a, uint64_t b, uint64_t c)
{
    return float64_muladd(a, b, c, 0, &env->fp_status);
}

uint32_t helper_fp_sqrt_s(CPUARMState *env, uint32_t a)
{
    return float32_sqrt(a, &env->fp_status);
}

uint64_t helper_fp_sqrt_d(CPUARMState *env, uint64_t a)
{
    return float64_sqrt(a, &env->fp_status);
}

static FloatRoundMode rint_mode(CPUARMState *env, uint32_t desc)
{
    unsigned mode = desc & 7;

    return mode == FP_RMODE_FPCR ? env->fp_status.float_rounding_mode : (FloatRoundMode)mode;
}

uint32_t helper_fp_rint_s(CPUARMState *env, uint32_t a, uint32_t desc)
{
    return float32_round_to_int_mode(a, rint_mode(env, desc), (desc >> 3) & 1,
                                     &env->fp_status);
}

uint64_t helper_fp_rint_d(CPUARMState *env, uint64_t a, uint32_t desc)
{
    return float64_round_to_int_mode(a, rint_mode(env, desc), (desc >> 3) & 1,
                                     &env->fp_status);
}

/* ---- conversions between precisions ------------------------------------------------ */

uint64_t helper_fp_cvt_s_to_d(CPUARMState *env, uint32_t a)
{
    return float32_to_float64(a, &env->fp_status);
}

uint32_t helper_fp_cvt_d_to_s(CPUARMState *env, uint64_t a)
{
    return float64_to_float32(a, &env->fp_status);
}

/*
 * FPUnpackCV/FPRoundCV: the half-precision side of a conversion is flushed
 * only under FPCR.FZ16, which ARMv8.0 does not have.  Work on a copy of the
 * status with flushing off on that side, then keep the flags it raised.
 */
static bool half_ieee(CPUARMState *env)
{
    return !(env->fpcr & FPCR_AHP);
}

uint32_t helper_fp_cvt_h_to_s(CPUARMState *env, uint32_t a)
{
    float_status st = env->fp_status;
    uint32_t r;

    st.flush_inputs_to_zero = false;
    r = float16_to_float32((float16)a, half_ieee(env), &st);
    env->fp_status.float_exception_flags = st.float_exception_flags;
    return r;
}

uint64_t helper_fp_cvt_h_to_d(CPUARMState *env, uint32_t a)
{
    float_status st = env->fp_status;
    uint64_t r;

    st.flush_inputs_to_zero = false;
    r = float16_to_float64((float16)a, half_ieee(env), &st);
    env->fp_status.float_exception_flags = st.float_exception_flags;
    return r;
}

uint32_t helper_fp_cvt_s_to_h(CPUARMState *env, uint32_t a)
{
    float_status st = env->fp_status;
    uint32_t r;

    st.flush_to_zero = false;
    r = float32_to_float16(a, half_ieee(env), &st);
    env->fp_status.float_exception_flags = st.float_exception_flags;
    return r;
}

uint32_t helper_fp_cvt_d_to_h(CPUARMState *env, uint64_t a)
{
    float_status st = env->fp_status;
    uint32_t r;

    st.flush_to_zero = false;
    r = float64_to_float16(a, half_ieee(env), &st);
    env->fp_status.float_exception_flags = st.float_exception_flags;
    return r;
}

/* ---- compare ------------------------------------------------------------------------ */

static uint32_t relation_nzcv(FloatRelation rel)
{
    switch (rel) {
    case float_relation_equal:
        return 0x6;
    case float_relation_less:
        return 0x8;
    case float_relation_greater:
        return 0x2;
    case float_relation_unordered:
    default:
        return 0x3;
    }
}

uint32_t helper_fp_cmp_s(CPUARMState *env, uint32_t a, uint32_t b, uint32_t pass,
                         uint32_t desc)
{
    if (!pass) {
        return (desc >> 4) & 0xf;
    }
    return relation_nzcv((desc & 1) ? float32_compare(a, b, &env->fp_status)
                                    : float32_compare_quiet(a, b, &env->fp_status));
}

uint32_t helper_fp_cmp_d(CPUARMState *env, uint64_t a, uint64_t b, uint32_t pass,
                         uint32_t desc)
{
    if (!pass) {
        return (desc >> 4) & 0xf;
    }
    return relation_nzcv((desc & 1) ? float64_compare(a, b, &env->fp_status)
                                    : float64_compare_quiet(a, b, &env->fp_status));
}

/* ---- to and from integers ----------------------------------------------------------- */

uint64_t helper_fp_to_int_s(CPUARMState *env, uint32_t a, uint32_t desc)
{
    FloatRoundMode mode = (FloatRoundMode)(desc & 0xf);
    int fbits = (desc >> 4) & 0xff;
    bool is_signed = (desc >> 12) & 1, is64 = (desc >> 13) & 1;
    float_status *st = &env->fp_status;

    if (is_signed) {
        return is64 ? (uint64_t)float32_to_int64_scalbn(a, mode, fbits, st)
                    : (uint32_t)float32_to_int32_scalbn(a, mode, fbits, st);
    }
    return is64 ? float32_to_uint64_scalbn(a, mode, fbits, st)
                : float32_to_uint32_scalbn(a, mode, fbits, st);
}

uint64_t helper_fp_to_int_d(CPUARMState *env, uint64_t a, uint32_t desc)
{
    FloatRoundMode mode = (FloatRoundMode)(desc & 0xf);
    int fbits = (desc >> 4) & 0xff;
    bool is_signed = (desc >> 12) & 1, is64 = (desc >> 13) & 1;
    float_status *st = &env->fp_status;

    if (is_signed) {
        return is64 ? (uint64_t)float64_to_int64_scalbn(a, mode, fbits, st)
                    : (uint32_t)float64_to_int32_scalbn(a, mode, fbits, st);
    }
    return is64 ? float64_to_uint64_scalbn(a, mode, fbits, st)
                : float64_to_uint32_scalbn(a, mode, fbits, st);
}

uint32_t helper_fp_from_int_s(CPUARMState *env, uint64_t a, uint32_t desc)
{
    int fbits = desc & 0xff;

    if ((desc >> 8) & 1) {
        return int64_to_float32_scalbn((int64_t)a, -fbits, &env->fp_status);
    }
    return uint64_to_float32_scalbn(a, -fbits, &env->fp_status);
}

uint64_t helper_fp_from_int_d(CPUARMState *env, uint64_t a, uint32_t desc)
{
    int fbits = desc & 0xff;

    if ((desc >> 8) & 1) {
        return int64_to_float64_scalbn((int64_t)a, -fbits, &env->fp_status);
    }
    return uint64_to_float64_scalbn(a, -fbits, &env->fp_status);
}
