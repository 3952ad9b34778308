/*
 * Run-time helpers of the AdvSIMD translator (helper-simd.c, helper-simd-fp.c,
 * helper-crypto.c). Each one works on whole 128-bit registers in env->vregs:
 * the translator passes a descriptor (SIMD_DESC) naming the registers, the
 * element size and the form, so one call does every lane of an instruction.
 * Not for scalar floating point (helper-fp.c) or general-purpose registers.
 */
#ifndef TARGET_ARM_TCG_HELPER_SIMD_H
#define TARGET_ARM_TCG_HELPER_SIMD_H

#include "target/arm/cpu.h"

/*
 * The descriptor: destination, first and second source registers, the
 * element size (log2 bytes; for long and narrow forms the narrow size), Q
 * (128-bit form, or the "2" upper-half form of long/narrow instructions),
 * scalar (one element, the Arm ARM's scalar-SIMD forms), by-element (the
 * second operand is element idx of Rm for every lane), and 8 bits of
 * operation data (a shift amount, a rounding mode, a table length...).
 * Every helper writes the whole destination register: lanes past the
 * operation's width become zero, as the architecture wants.
 */
#define SIMD_DESC(rd, rn, rm, size, q, scalar, byelem, idx, data) \
    ((uint32_t)(rd) | (uint32_t)(rn) << 5 | (uint32_t)(rm) << 10 | (uint32_t)(size) << 15 | \
     (uint32_t)(q) << 17 | (uint32_t)(scalar) << 18 | (uint32_t)(byelem) << 19 | \
     (uint32_t)(idx) << 20 | (uint32_t)(data) << 24)
#define SIMD_DESC_RD(d)     ((d) & 31)
#define SIMD_DESC_RN(d)     (((d) >> 5) & 31)
#define SIMD_DESC_RM(d)     (((d) >> 10) & 31)
#define SIMD_DESC_SIZE(d)   (((d) >> 15) & 3)
#define SIMD_DESC_Q(d)      (((d) >> 17) & 1)
#define SIMD_DESC_SCALAR(d) (((d) >> 18) & 1)
#define SIMD_DESC_BYELEM(d) (((d) >> 19) & 1)
#define SIMD_DESC_IDX(d)    (((d) >> 20) & 15)
#define SIMD_DESC_DATA(d)   ((d) >> 24)

/* FPSR.QC: a saturating operation saturated. */
#define SIMD_FPSR_QC (1u << 27)

/* Rounding-mode data of the FP helpers: FloatRoundMode 0..4, or one of these. */
#define SIMD_RMODE_FPCR  7      /* FPCR.RMode (FRINTI, SCVTF, ...) */
#define SIMD_RMODE_EXACT 6      /* FPCR.RMode, signalling inexact (FRINTX) */

typedef void SimdHelper(CPUARMState *env, uint32_t desc);

/*
 * The element-wise helpers, as X(shape, name, op): helper_simd_<name> applies
 * op to every lane with the given shape (helper-simd-shapes.h):
 *   same      d[i] = op(d[i], n[i], m[i])            all four sizes
 *   pair      d[i] = op(pairs of the concatenation m:n)
 *   long      D[i] = op(D[i], n[i], m[i])  D twice the size; Q takes the upper halves
 *   wide      D[i] = op(D[i], N[i], m[i])
 *   narrow    d[i] = op(N[i], M[i])        the "2" forms (Q) fill the upper half
 *   pairlong  D[i] = op(D[i], n[2i], n[2i+1])
 */
#define SIMD_INT_OPS(X) \
    X(same, shadd, shadd) X(same, uhadd, uhadd) X(same, srhadd, srhadd) \
    X(same, urhadd, urhadd) X(same, shsub, shsub) X(same, uhsub, uhsub) \
    X(same, sqadd, sqadd) X(same, uqadd, uqadd) X(same, sqsub, sqsub) X(same, uqsub, uqsub) \
    X(same, cmgt, cmgt) X(same, cmge, cmge) X(same, cmhi, cmhi) X(same, cmhs, cmhs) \
    X(same, cmtst, cmtst) X(same, cmeq, cmeq) \
    X(same, sshl, sshl) X(same, ushl, ushl) X(same, sqshl, sqshl) X(same, uqshl, uqshl) \
    X(same, srshl, srshl) X(same, urshl, urshl) X(same, sqrshl, sqrshl) \
    X(same, uqrshl, uqrshl) \
    X(same, smax, smax) X(same, smin, smin) X(same, umax, umax) X(same, umin, umin) \
    X(same, sabd, sabd) X(same, uabd, uabd) X(same, saba, saba) X(same, uaba, uaba) \
    X(same, add, add) X(same, sub, sub) X(same, mla, mla) X(same, mls, mls) \
    X(same, mul, mul) X(same, pmul, pmul) X(same, sqdmulh, sqdmulh) \
    X(same, sqrdmulh, sqrdmulh) \
    X(pair, smaxp, smax) X(pair, sminp, smin) X(pair, umaxp, umax) X(pair, uminp, umin) \
    X(pair, addp, add) \
    X(same, sshr, sshr) X(same, ushr, ushr) X(same, ssra, ssra) X(same, usra, usra) \
    X(same, srshr, srshr) X(same, urshr, urshr) X(same, srsra, srsra) X(same, ursra, ursra) \
    X(same, sri, sri) X(same, shl, shl) X(same, sli, sli) X(same, sqshlu_imm, sqshlu_imm) \
    X(same, sqshl_imm, sqshl_imm) X(same, uqshl_imm, uqshl_imm) \
    X(narrow, shrn, shrn) X(narrow, rshrn, rshrn) X(narrow, sqshrn, sqshrn) \
    X(narrow, uqshrn, uqshrn) X(narrow, sqrshrn, sqrshrn) X(narrow, uqrshrn, uqrshrn) \
    X(narrow, sqshrun, sqshrun) X(narrow, sqrshrun, sqrshrun) \
    X(long, sshll, sshll) X(long, ushll, ushll) X(long, shll, shll) \
    X(same, suqadd, suqadd) X(same, usqadd, usqadd) X(same, cls, cls) X(same, clz, clz) \
    X(same, cnt, cnt) X(same, rbit, rbit) X(same, sqabs, sqabs) X(same, sqneg, sqneg) \
    X(same, abs, abs) X(same, neg, neg) X(same, cmgt0, cmgt0) X(same, cmge0, cmge0) \
    X(same, cmeq0, cmeq0) X(same, cmle0, cmle0) X(same, cmlt0, cmlt0) \
    X(pairlong, saddlp, saddlp) X(pairlong, uaddlp, uaddlp) X(pairlong, sadalp, sadalp) \
    X(pairlong, uadalp, uadalp) \
    X(narrow, xtn, xtn) X(narrow, sqxtn, sqxtn) X(narrow, uqxtn, uqxtn) \
    X(narrow, sqxtun, sqxtun) \
    X(long, saddl, saddl) X(long, uaddl, uaddl) X(long, ssubl, ssubl) X(long, usubl, usubl) \
    X(long, sabal, sabal) X(long, uabal, uabal) X(long, sabdl, sabdl) X(long, uabdl, uabdl) \
    X(long, smlal, smlal) X(long, umlal, umlal) X(long, smlsl, smlsl) X(long, umlsl, umlsl) \
    X(long, smull, smull) X(long, umull, umull) X(long, sqdmlal, sqdmlal) \
    X(long, sqdmlsl, sqdmlsl) X(long, sqdmull, sqdmull) X(long, pmull8, pmull8) \
    X(wide, saddw, saddw) X(wide, uaddw, uaddw) X(wide, ssubw, ssubw) X(wide, usubw, usubw) \
    X(narrow, addhn, addhn) X(narrow, raddhn, raddhn) X(narrow, subhn, subhn) \
    X(narrow, rsubhn, rsubhn)

#define SIMD_FP_OPS(X) \
    X(same, fadd, fadd) X(same, fsub, fsub) X(same, fmul, fmul) X(same, fdiv, fdiv) \
    X(same, fmulx, fmulx) X(same, fmla, fmla) X(same, fmls, fmls) X(same, fabd, fabd) \
    X(same, fmax, fmax) X(same, fmin, fmin) X(same, fmaxnm, fmaxnm) X(same, fminnm, fminnm) \
    X(same, fcmeq, fcmeq) X(same, fcmge, fcmge) X(same, fcmgt, fcmgt) \
    X(same, facge, facge) X(same, facgt, facgt) X(same, frecps, frecps) \
    X(same, frsqrts, frsqrts) \
    X(pair, faddp, fadd) X(pair, fmaxp, fmax) X(pair, fminp, fmin) \
    X(pair, fmaxnmp, fmaxnm) X(pair, fminnmp, fminnm) \
    X(same, fabs, fabs) X(same, fneg, fneg) X(same, fsqrt, fsqrt) X(same, frint, frint) \
    X(same, fcvts, fcvts) X(same, fcvtu, fcvtu) X(same, scvtf, scvtf) X(same, ucvtf, ucvtf) \
    X(same, fcvtzs_fix, fcvtzs_fix) X(same, fcvtzu_fix, fcvtzu_fix) \
    X(same, scvtf_fix, scvtf_fix) X(same, ucvtf_fix, ucvtf_fix) \
    X(same, fcmgt0, fcmgt0) X(same, fcmge0, fcmge0) X(same, fcmeq0, fcmeq0) \
    X(same, fcmle0, fcmle0) X(same, fcmlt0, fcmlt0) \
    X(same, frecpe, frecpe) X(same, frsqrte, frsqrte) X(same, frecpx, frecpx) \
    X(same, urecpe, urecpe) X(same, ursqrte, ursqrte) \
    X(long, fcvtl, fcvtl) X(narrow, fcvtn, fcvtn) X(narrow, fcvtxn, fcvtxn)

#define SIMD_DECLARE(shape, name, op) void helper_simd_##name(CPUARMState *env, uint32_t desc);
SIMD_INT_OPS(SIMD_DECLARE)
SIMD_FP_OPS(SIMD_DECLARE)
#undef SIMD_DECLARE

/*
 * Across lanes (desc data = the operation): the result is a scalar of the
 * element size (twice it for the long sums) in Rd, the rest zeroed.
 */
enum {
    SIMD_ACROSS_ADDV, SIMD_ACROSS_SADDLV, SIMD_ACROSS_UADDLV, SIMD_ACROSS_SMAXV,
    SIMD_ACROSS_UMAXV, SIMD_ACROSS_SMINV, SIMD_ACROSS_UMINV,
};
void helper_simd_across(CPUARMState *env, uint32_t desc);
enum { SIMD_ACROSS_FMAXNMV, SIMD_ACROSS_FMINNMV, SIMD_ACROSS_FMAXV, SIMD_ACROSS_FMINV };
void helper_simd_fp_across(CPUARMState *env, uint32_t desc);

/* REV16/REV32/REV64: reverse the elements within containers of 2^data bytes. */
void helper_simd_rev(CPUARMState *env, uint32_t desc);
/* TBL (data = number of table registers - 1) and TBX (data bit 2 set too). */
void helper_simd_tbl(CPUARMState *env, uint32_t desc);
/* ZIP/UZP/TRN: data = the opcode field of the permute group (1..7 but 4). */
void helper_simd_permute(CPUARMState *env, uint32_t desc);
/* EXT: data = the byte position. */
void helper_simd_ext(CPUARMState *env, uint32_t desc);

/* Crypto (helper-crypto.c): registers from the descriptor, no element size. */
void helper_crypto_aese(CPUARMState *env, uint32_t desc);
void helper_crypto_aesd(CPUARMState *env, uint32_t desc);
void helper_crypto_aesmc(CPUARMState *env, uint32_t desc);
void helper_crypto_aesimc(CPUARMState *env, uint32_t desc);
void helper_crypto_sha1c(CPUARMState *env, uint32_t desc);
void helper_crypto_sha1p(CPUARMState *env, uint32_t desc);
void helper_crypto_sha1m(CPUARMState *env, uint32_t desc);
void helper_crypto_sha1su0(CPUARMState *env, uint32_t desc);
void helper_crypto_sha1h(CPUARMState *env, uint32_t desc);
void helper_crypto_sha1su1(CPUARMState *env, uint32_t desc);
void helper_crypto_sha256h(CPUARMState *env, uint32_t desc);
void helper_crypto_sha256h2(CPUARMState *env, uint32_t desc);
void helper_crypto_sha256su0(CPUARMState *env, uint32_t desc);
void helper_crypto_sha256su1(CPUARMState *env, uint32_t desc);
/* PMULL/PMULL2 of 64-bit elements: the 128-bit carry-less product (Q: upper halves). */
void helper_crypto_pmull64(CPUARMState *env, uint32_t desc);

#endif
