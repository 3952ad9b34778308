/*
 * Run-time helpers of the A64 scalar floating-point translator (helper-fp.c):
 * arithmetic, rounding, comparisons and conversions through the soft-float
 * library with env->fp_status, which carries FPCR's RMode, FZ and DN and
 * accumulates FPSR's cumulative flags.  Values travel as their IEEE bit
 * patterns (single and half in a uint32_t, double in a uint64_t).
 *
 * None of them reads or writes a TCG global or raises a guest exception (FP
 * traps are not implemented): call them with TCG_CALL_NO_RWG.  They are not
 * pure, since they accumulate FPSR flags.
 */
#ifndef TARGET_ARM_TCG_HELPER_FP_H
#define TARGET_ARM_TCG_HELPER_FP_H

#include "target/arm/cpu.h"

/* FP data-processing (2 source): FADD, FSUB, FMUL, FDIV, FMAX, FMIN, FMAXNM, FMINNM. */
uint32_t helper_fp_add_s(CPUARMState *env, uint32_t a, uint32_t b);
uint32_t helper_fp_sub_s(CPUARMState *env, uint32_t a, uint32_t b);
uint32_t helper_fp_mul_s(CPUARMState *env, uint32_t a, uint32_t b);
uint32_t helper_fp_div_s(CPUARMState *env, uint32_t a, uint32_t b);
uint32_t helper_fp_max_s(CPUARMState *env, uint32_t a, uint32_t b);
uint32_t helper_fp_min_s(CPUARMState *env, uint32_t a, uint32_t b);
uint32_t helper_fp_maxnm_s(CPUARMState *env, uint32_t a, uint32_t b);
uint32_t helper_fp_minnm_s(CPUARMState *env, uint32_t a, uint32_t b);
uint64_t helper_fp_add_d(CPUARMState *env, uint64_t a, uint64_t b);
uint64_t helper_fp_sub_d(CPUARMState *env, uint64_t a, uint64_t b);
uint64_t helper_fp_mul_d(CPUARMState *env, uint64_t a, uint64_t b);
uint64_t helper_fp_div_d(CPUARMState *env, uint64_t a, uint64_t b);
uint64_t helper_fp_max_d(CPUARMState *env, uint64_t a, uint64_t b);
uint64_t helper_fp_min_d(CPUARMState *env, uint64_t a, uint64_t b);
uint64_t helper_fp_maxnm_d(CPUARMState *env, uint64_t a, uint64_t b);
uint64_t helper_fp_minnm_d(CPUARMState *env, uint64_t a, uint64_t b);

/*
 * a * b + c with a single rounding (FPMulAdd).  FMSUB, FNMADD and FNMSUB
 * negate a and/or c (NaNs included, as FPNeg does) before the call.
 */
uint32_t helper_fp_muladd_s(CPUARMState *env, uint32_t a, uint32_t b, uint32_t c);
uint64_t helper_fp_muladd_d(CPUARMState *env, uint64_t a, uint64_t b, uint64_t c);

/* FSQRT. */
uint32_t helper_fp_sqrt_s(CPUARMState *env, uint32_t a);
uint64_t helper_fp_sqrt_d(CPUARMState *env, uint64_t a);

/*
 * FRINT*: round to an integral value.  desc is FP_RINT_DESC(mode, exact): mode a
 * FloatRoundMode, or FP_RMODE_FPCR for FPCR.RMode (FRINTI, FRINTX); exact raises
 * inexact when the value changes (FRINTX only).
 */
#define FP_RMODE_FPCR 7
#define FP_RINT_DESC(mode, exact) ((uint32_t)(mode) | ((uint32_t)(exact) << 3))
uint32_t helper_fp_rint_s(CPUARMState *env, uint32_t a, uint32_t desc);
uint64_t helper_fp_rint_d(CPUARMState *env, uint64_t a, uint32_t desc);

/*
 * FCVT between precisions.  Half precision follows FPCR.AHP (alternative
 * format) and is never flushed to zero (FPCR.FZ16 governs it and is 0 on
 * ARMv8.0); single and double inputs and outputs follow FPCR.FZ.
 */
uint64_t helper_fp_cvt_s_to_d(CPUARMState *env, uint32_t a);
uint32_t helper_fp_cvt_d_to_s(CPUARMState *env, uint64_t a);
uint32_t helper_fp_cvt_h_to_s(CPUARMState *env, uint32_t a);
uint64_t helper_fp_cvt_h_to_d(CPUARMState *env, uint32_t a);
uint32_t helper_fp_cvt_s_to_h(CPUARMState *env, uint32_t a);
uint32_t helper_fp_cvt_d_to_h(CPUARMState *env, uint64_t a);

/*
 * FCMP, FCMPE, FCCMP, FCCMPE: returns NZCV in bits [3:0] (equal 0110, less 1000,
 * greater 0010, unordered 0011).  desc is FP_CMP_DESC(signal, nzcv): signal
 * makes a quiet NaN operand raise Invalid too (the E forms).  When pass is 0
 * (an FCCMP whose condition failed) nothing is compared and the immediate nzcv
 * is returned.
 */
#define FP_CMP_DESC(signal, nzcv) ((uint32_t)(signal) | ((uint32_t)(nzcv) << 4))
uint32_t helper_fp_cmp_s(CPUARMState *env, uint32_t a, uint32_t b, uint32_t pass,
                         uint32_t desc);
uint32_t helper_fp_cmp_d(CPUARMState *env, uint64_t a, uint64_t b, uint32_t pass,
                         uint32_t desc);

/*
 * FP to integer or fixed point (FCVT[NPMZA][SU], FCVTZ[SU] #fbits): desc is
 * FP_TO_INT_DESC(mode, fbits, is_signed, is64) with mode a FloatRoundMode.  Out of
 * range values and NaNs saturate (NaN to 0) with Invalid.  A 32-bit result is
 * returned zero-extended.
 */
#define FP_TO_INT_DESC(mode, fbits, is_signed, is64) \
    ((uint32_t)(mode) | ((uint32_t)(fbits) << 4) | ((uint32_t)(is_signed) << 12) | \
     ((uint32_t)(is64) << 13))
uint64_t helper_fp_to_int_s(CPUARMState *env, uint32_t a, uint32_t desc);
uint64_t helper_fp_to_int_d(CPUARMState *env, uint64_t a, uint32_t desc);

/*
 * Integer or fixed point to FP (SCVTF, UCVTF, with or without #fbits), rounded
 * per FPCR.RMode: desc is FP_FROM_INT_DESC(fbits, is_signed).  a is the source
 * register already sign- or zero-extended to 64 bits.
 */
#define FP_FROM_INT_DESC(fbits, is_signed) ((uint32_t)(fbits) | ((uint32_t)(is_signed) << 8))
uint32_t helper_fp_from_int_s(CPUARMState *env, uint64_t a, uint32_t desc);
uint64_t helper_fp_from_int_d(CPUARMState *env, uint64_t a, uint32_t desc);

#endif
