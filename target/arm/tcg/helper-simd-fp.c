/*
 * Floating-point AdvSIMD helpers (helper-simd.h): vector and scalar-SIMD
 * arithmetic, compares, conversions, rounding and the reciprocal (square
 * root) estimates and steps, on single and double lanes with the soft-float
 * in env->fp_status (FPCR rounding, flush-to-zero, default NaN; its flags
 * are FPSR's). The Arm-specific operations follow the Arm ARM pseudocode.
 * Scalar FP instructions have their own helpers (helper-fp.c).
 */
#include "qemu/osdep.h"
#include "fpu/softfloat.h"
#include "target/arm/tcg/helper-simd-shapes.h"

#define OP(name) \
    SIMD_INLINE uint64_t op_##name(CPUARMState *env, uint64_t d, uint64_t a, uint64_t b, \
                                   unsigned bits, uint32_t data)

#define FST (&env->fp_status)
#define F64 (bits == 64)
#define ONES(c) ((c) ? simd_mask(bits) : 0)
#define FPCR_AHP (1u << 26)

/* Two operands through a float32 or float64 soft-float function. */
#define FP2(fn) (F64 ? float64_##fn(a, b, FST) : float32_##fn((float32)a, (float32)b, FST))
#define FP1(fn) (F64 ? float64_##fn(a, FST) : float32_##fn((float32)a, FST))

SIMD_INLINE uint64_t simd_fp_sign(uint64_t a, unsigned bits)
{
    return (a >> (bits - 1)) & 1;
}

SIMD_INLINE uint64_t simd_fp_chs(uint64_t a, unsigned bits)
{
    return a ^ (1ULL << (bits - 1));
}

SIMD_INLINE uint64_t simd_fp_abs(uint64_t a, unsigned bits)
{
    return a & (simd_mask(bits) >> 1);
}

SIMD_INLINE bool simd_fp_is_nan(uint64_t a, unsigned bits)
{
    return F64 ? float64_is_any_nan(a) : float32_is_any_nan((float32)a);
}

SIMD_INLINE bool simd_fp_is_inf(uint64_t a, unsigned bits)
{
    return F64 ? float64_is_infinity(a) : float32_is_infinity((float32)a);
}

SIMD_INLINE bool simd_fp_is_zero(uint64_t a, unsigned bits)
{
    return F64 ? float64_is_zero(a) : float32_is_zero((float32)a);
}

SIMD_INLINE uint64_t simd_fp_squash(CPUARMState *env, uint64_t a, unsigned bits)
{
    return F64 ? float64_squash_input_denormal(a, FST)
               : float32_squash_input_denormal((float32)a, FST);
}

/* A constant: 2.0, 3.0 or 1.5 as single or double. */
SIMD_INLINE uint64_t simd_fp_const(unsigned bits, unsigned which)
{
    static const uint64_t d[3] = { 0x4000000000000000ULL, 0x4008000000000000ULL,
                                   0x3ff8000000000000ULL };
    static const uint32_t s[3] = { 0x40000000u, 0x40400000u, 0x3fc00000u };

    return F64 ? d[which] : s[which];
}

/* FPProcessNaN: a signalling NaN raises Invalid and becomes quiet; DN gives the default. */
static uint64_t simd_fp_process_nan(CPUARMState *env, uint64_t a, unsigned bits)
{
    bool snan = F64 ? float64_is_signaling_nan(a, FST)
                    : float32_is_signaling_nan((float32)a, FST);

    if (snan) {
        float_raise(float_flag_invalid | float_flag_invalid_snan, FST);
        a = F64 ? float64_silence_nan(a, FST) : float32_silence_nan((float32)a, FST);
    }
    if (FST->default_nan_mode) {
        a = F64 ? float64_default_nan(FST) : float32_default_nan(FST);
    }
    return a;
}

/* ---- arithmetic ------------------------------------------------------------------------ */

OP(fadd) { return FP2(add); }
OP(fsub) { return FP2(sub); }
OP(fmul) { return FP2(mul); }
OP(fdiv) { return FP2(div); }
OP(fmax) { return FP2(max); }
OP(fmin) { return FP2(min); }
OP(fmaxnm) { return FP2(maxnum); }
OP(fminnm) { return FP2(minnum); }
OP(fabd) { return simd_fp_abs(FP2(sub), bits); }

/* a * b + c in one rounding (NaN order: c first, as Arm FPMulAdd wants). */
SIMD_INLINE uint64_t simd_fp_muladd(CPUARMState *env, uint64_t a, uint64_t b, uint64_t c,
                                    int flags, unsigned bits)
{
    return F64 ? float64_muladd(a, b, c, flags, FST)
               : float32_muladd((float32)a, (float32)b, (float32)c, flags, FST);
}

OP(fmla) { return simd_fp_muladd(env, a, b, d, 0, bits); }
/* FMLS negates the first operand itself, NaNs included. */
OP(fmls) { return simd_fp_muladd(env, simd_fp_chs(a, bits), b, d, 0, bits); }

/* Whether a * b is infinity times zero (either way round), after input flushing. */
SIMD_INLINE bool simd_fp_inf_times_zero(uint64_t a, uint64_t b, unsigned bits)
{
    return (simd_fp_is_inf(a, bits) && simd_fp_is_zero(b, bits)) ||
           (simd_fp_is_zero(a, bits) && simd_fp_is_inf(b, bits));
}

/* FMULX: as FMUL, but infinity times zero is 2.0 with the product's sign. */
OP(fmulx)
{
    a = simd_fp_squash(env, a, bits);
    b = simd_fp_squash(env, b, bits);
    if (simd_fp_inf_times_zero(a, b, bits)) {
        return simd_fp_const(bits, 0) |
               (simd_fp_sign(a ^ b, bits) << (bits - 1));
    }
    return FP2(mul);
}

/* FRECPS: 2.0 - a * b, fused; infinity times zero gives 2.0. */
OP(frecps)
{
    a = simd_fp_squash(env, a, bits);
    b = simd_fp_squash(env, b, bits);
    if (simd_fp_inf_times_zero(a, b, bits)) {
        return simd_fp_const(bits, 0);
    }
    return simd_fp_muladd(env, simd_fp_chs(a, bits), b, simd_fp_const(bits, 0), 0, bits);
}

/* FRSQRTS: (3.0 - a * b) / 2, fused; infinity times zero gives 1.5. */
OP(frsqrts)
{
    a = simd_fp_squash(env, a, bits);
    b = simd_fp_squash(env, b, bits);
    if (simd_fp_inf_times_zero(a, b, bits)) {
        return simd_fp_const(bits, 2);
    }
    return simd_fp_muladd(env, simd_fp_chs(a, bits), b, simd_fp_const(bits, 1),
                          float_muladd_halve_result, bits);
}

OP(fabs) { return simd_fp_abs(a, bits); }
OP(fneg) { return simd_fp_chs(a, bits); }
OP(fsqrt) { return FP1(sqrt); }

/* ---- compares: all ones or zero ------------------------------------------------------------ */

SIMD_INLINE bool simd_fp_eq(CPUARMState *env, uint64_t a, uint64_t b, unsigned bits)
{
    return F64 ? float64_eq(a, b, FST) : float32_eq((float32)a, (float32)b, FST);
}

SIMD_INLINE bool simd_fp_le(CPUARMState *env, uint64_t a, uint64_t b, unsigned bits)
{
    return F64 ? float64_le(a, b, FST) : float32_le((float32)a, (float32)b, FST);
}

SIMD_INLINE bool simd_fp_lt(CPUARMState *env, uint64_t a, uint64_t b, unsigned bits)
{
    return F64 ? float64_lt(a, b, FST) : float32_lt((float32)a, (float32)b, FST);
}

OP(fcmeq) { return ONES(simd_fp_eq(env, a, b, bits)); }
OP(fcmge) { return ONES(simd_fp_le(env, b, a, bits)); }
OP(fcmgt) { return ONES(simd_fp_lt(env, b, a, bits)); }
OP(facge) { return ONES(simd_fp_le(env, simd_fp_abs(b, bits), simd_fp_abs(a, bits), bits)); }
OP(facgt) { return ONES(simd_fp_lt(env, simd_fp_abs(b, bits), simd_fp_abs(a, bits), bits)); }
OP(fcmeq0) { return ONES(simd_fp_eq(env, a, 0, bits)); }
OP(fcmge0) { return ONES(simd_fp_le(env, 0, a, bits)); }
OP(fcmgt0) { return ONES(simd_fp_lt(env, 0, a, bits)); }
OP(fcmle0) { return ONES(simd_fp_le(env, a, 0, bits)); }
OP(fcmlt0) { return ONES(simd_fp_lt(env, a, 0, bits)); }

/* ---- rounding and conversions (data = rounding mode or fraction bits) ------------------- */

SIMD_INLINE FloatRoundMode simd_rmode(CPUARMState *env, uint32_t data)
{
    return data >= SIMD_RMODE_EXACT ? FST->float_rounding_mode : (FloatRoundMode)data;
}

OP(frint)
{
    if (data == SIMD_RMODE_EXACT) {
        return FP1(round_to_int);
    }
    return F64 ? float64_round_to_int_mode(a, simd_rmode(env, data), false, FST)
               : float32_round_to_int_mode((float32)a, simd_rmode(env, data), false, FST);
}

OP(fcvts)
{
    return F64 ? (uint64_t)float64_to_int64_scalbn(a, simd_rmode(env, data), 0, FST)
               : (uint32_t)float32_to_int32_scalbn((float32)a, simd_rmode(env, data), 0, FST);
}

OP(fcvtu)
{
    return F64 ? float64_to_uint64_scalbn(a, simd_rmode(env, data), 0, FST)
               : float32_to_uint32_scalbn((float32)a, simd_rmode(env, data), 0, FST);
}

OP(fcvtzs_fix)
{
    return F64 ? (uint64_t)float64_to_int64_scalbn(a, float_round_to_zero, data, FST)
               : (uint32_t)float32_to_int32_scalbn((float32)a, float_round_to_zero, data, FST);
}

OP(fcvtzu_fix)
{
    return F64 ? float64_to_uint64_scalbn(a, float_round_to_zero, data, FST)
               : float32_to_uint32_scalbn((float32)a, float_round_to_zero, data, FST);
}

OP(scvtf)
{
    return F64 ? int64_to_float64((int64_t)a, FST) : int32_to_float32((int32_t)a, FST);
}

OP(ucvtf) { return F64 ? uint64_to_float64(a, FST) : uint32_to_float32((uint32_t)a, FST); }

OP(scvtf_fix)
{
    return F64 ? int64_to_float64_scalbn((int64_t)a, -(int)data, FST)
               : int32_to_float32_scalbn((int32_t)a, -(int)data, FST);
}

OP(ucvtf_fix)
{
    return F64 ? uint64_to_float64_scalbn(a, -(int)data, FST)
               : uint32_to_float32_scalbn((uint32_t)a, -(int)data, FST);
}

/* FCVTL: bits is the narrow width (16: half to single, 32: single to double). */
OP(fcvtl)
{
    if (bits == 32) {
        return float32_to_float64((float32)a, FST);
    }
    return float16_to_float32((float16)a, !(env->fpcr & FPCR_AHP), FST);
}

/* FCVTN: bits is the narrow width. */
OP(fcvtn)
{
    if (bits == 32) {
        return float64_to_float32(a, FST);
    }
    return float32_to_float16((float32)a, !(env->fpcr & FPCR_AHP), FST);
}

/* FCVTXN: double to single rounding to odd (no double rounding when narrowed again). */
OP(fcvtxn)
{
    float_status tmp = *FST;
    uint64_t r;

    tmp.float_rounding_mode = float_round_to_odd;
    r = float64_to_float32(a, &tmp);
    FST->float_exception_flags = tmp.float_exception_flags;
    return r;
}

/* ---- reciprocal and reciprocal square root estimates (Arm ARM pseudocode) ---------------- */

/* RecipEstimate: a in [256, 512) is 0.5 <= x < 1.0 in 9 bits; result in [256, 512). */
static unsigned simd_recip_estimate(unsigned a)
{
    unsigned b;

    a = a * 2 + 1;
    b = (1u << 19) / a;
    return (b + 1) / 2;
}

/* RecipSqrtEstimate: a in [128, 512) is 0.25 <= x < 1.0; result in [256, 512). */
static unsigned simd_rsqrt_estimate(unsigned a)
{
    uint64_t b = 512;

    if (a < 256) {
        a = a * 2 + 1;
    } else {
        a = (a >> 1) << 1;
        a = (a + 1) * 2;
    }
    while ((uint64_t)a * (b + 1) * (b + 1) < (1ULL << 28)) {
        b++;
    }
    return (unsigned)((b + 1) / 2);
}

/* Exponent and fraction widths of the two formats. */
#define EBITS (F64 ? 11 : 8)
#define FBITS (F64 ? 52 : 23)

SIMD_INLINE uint64_t simd_fp_pack(uint64_t sign, uint64_t exp, uint64_t frac52, unsigned bits)
{
    return (sign << (bits - 1)) | ((exp & simd_mask(EBITS)) << FBITS) | (frac52 >> (52 - FBITS));
}

OP(frecpe)
{
    uint64_t sign, frac;
    int exp, rexp;
    unsigned est;
    bool to_inf;

    a = simd_fp_squash(env, a, bits);
    sign = simd_fp_sign(a, bits);
    if (simd_fp_is_nan(a, bits)) {
        return simd_fp_process_nan(env, a, bits);
    }
    if (simd_fp_is_inf(a, bits)) {
        return sign << (bits - 1);
    }
    if (simd_fp_is_zero(a, bits)) {
        float_raise(float_flag_divbyzero, FST);
        return simd_fp_pack(sign, ~0ULL, 0, bits);
    }
    exp = (a >> FBITS) & simd_mask(EBITS);
    frac = (a & simd_mask(FBITS)) << (52 - FBITS);
    if (exp == 0 && !(frac >> 50)) {
        /* So small that the reciprocal overflows. */
        switch (FST->float_rounding_mode) {
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
        float_raise(float_flag_overflow | float_flag_inexact, FST);
        if (to_inf) {
            return simd_fp_pack(sign, ~0ULL, 0, bits);
        }
        return simd_fp_pack(sign, simd_mask(EBITS) - 1, simd_mask(52), bits);
    }
    if (FST->flush_to_zero && exp >= (F64 ? 2045 : 253)) {
        float_raise(float_flag_underflow, FST);
        return sign << (bits - 1);
    }
    if (exp == 0) {
        if (!((frac >> 51) & 1)) {
            exp = -1;
            frac = (frac << 2) & simd_mask(52);
        } else {
            frac = (frac << 1) & simd_mask(52);
        }
    }
    rexp = (F64 ? 2045 : 253) - exp;
    est = simd_recip_estimate(256 | (unsigned)(frac >> 44));
    frac = (uint64_t)(est & 0xff) << 44;
    if (rexp == 0) {
        frac = (1ULL << 51) | (frac >> 1);
    } else if (rexp == -1) {
        frac = (1ULL << 50) | (frac >> 2);
        rexp = 0;
    }
    return simd_fp_pack(sign, (uint64_t)rexp, frac, bits);
}

OP(frsqrte)
{
    uint64_t sign, frac;
    int exp, rexp;
    unsigned scaled, est;

    a = simd_fp_squash(env, a, bits);
    sign = simd_fp_sign(a, bits);
    if (simd_fp_is_nan(a, bits)) {
        return simd_fp_process_nan(env, a, bits);
    }
    if (simd_fp_is_zero(a, bits)) {
        float_raise(float_flag_divbyzero, FST);
        return simd_fp_pack(sign, ~0ULL, 0, bits);
    }
    if (sign) {
        float_raise(float_flag_invalid, FST);
        return F64 ? float64_default_nan(FST) : float32_default_nan(FST);
    }
    if (simd_fp_is_inf(a, bits)) {
        return 0;
    }
    exp = (a >> FBITS) & simd_mask(EBITS);
    frac = (a & simd_mask(FBITS)) << (52 - FBITS);
    if (exp == 0) {
        while (!((frac >> 51) & 1)) {
            frac = (frac << 1) & simd_mask(52);
            exp--;
        }
        frac = (frac << 1) & simd_mask(52);
    }
    if (!(exp & 1)) {
        scaled = 256 | (unsigned)(frac >> 44);
    } else {
        scaled = 128 | (unsigned)(frac >> 45);
    }
    rexp = ((F64 ? 3068 : 380) - exp) / 2;
    est = simd_rsqrt_estimate(scaled);
    return simd_fp_pack(0, (uint64_t)rexp, (uint64_t)(est & 0xff) << 44, bits);
}

/* FRECPX: the exponent inverted, fraction zero (a scale factor for reciprocals). */
OP(frecpx)
{
    uint64_t sign, exp;

    a = simd_fp_squash(env, a, bits);
    if (simd_fp_is_nan(a, bits)) {
        return simd_fp_process_nan(env, a, bits);
    }
    sign = simd_fp_sign(a, bits);
    exp = (a >> FBITS) & simd_mask(EBITS);
    if (exp == 0) {
        return simd_fp_pack(sign, simd_mask(EBITS) - 1, 0, bits);
    }
    return simd_fp_pack(sign, ~exp, 0, bits);
}

/* URECPE / URSQRTE on 32-bit fixed-point fractions. */
OP(urecpe)
{
    if (!(a >> 31)) {
        return 0xffffffffu;
    }
    return (uint64_t)(simd_recip_estimate((unsigned)(a >> 23) & 0x1ff) & 0x1ff) << 23;
}

OP(ursqrte)
{
    if (!(a >> 30)) {
        return 0xffffffffu;
    }
    return (uint64_t)(simd_rsqrt_estimate((unsigned)(a >> 23) & 0x1ff) & 0x1ff) << 23;
}

SIMD_FP_OPS(SIMD_DEFINE)

/* ---- across lanes (4S only): a pairwise tree, as the Arm ARM's Reduce() ------------------ */

void helper_simd_fp_across(CPUARMState *env, uint32_t desc)
{
    const ARMVectorReg *n = &env->vregs[SIMD_DESC_RN(desc)];
    uint64_t e[4], r01, r23;
    const unsigned bits = 32;
    ARMVectorReg r = { { 0, 0 } };

    for (int i = 0; i < 4; i++) {
        e[i] = simd_get(n, i, 2);
    }
    switch (SIMD_DESC_DATA(desc)) {
    case SIMD_ACROSS_FMAXNMV:
        r01 = op_fmaxnm(env, 0, e[0], e[1], bits, 0);
        r23 = op_fmaxnm(env, 0, e[2], e[3], bits, 0);
        r.d[0] = op_fmaxnm(env, 0, r01, r23, bits, 0);
        break;
    case SIMD_ACROSS_FMINNMV:
        r01 = op_fminnm(env, 0, e[0], e[1], bits, 0);
        r23 = op_fminnm(env, 0, e[2], e[3], bits, 0);
        r.d[0] = op_fminnm(env, 0, r01, r23, bits, 0);
        break;
    case SIMD_ACROSS_FMAXV:
        r01 = op_fmax(env, 0, e[0], e[1], bits, 0);
        r23 = op_fmax(env, 0, e[2], e[3], bits, 0);
        r.d[0] = op_fmax(env, 0, r01, r23, bits, 0);
        break;
    default:
        r01 = op_fmin(env, 0, e[0], e[1], bits, 0);
        r23 = op_fmin(env, 0, e[2], e[3], bits, 0);
        r.d[0] = op_fmin(env, 0, r01, r23, bits, 0);
        break;
    }
    env->vregs[SIMD_DESC_RD(desc)] = r;
}
