/*
 * Integer AdvSIMD helpers (helper-simd.h): per-lane arithmetic, saturation
 * (FPSR.QC), shifts, widening and narrowing, reductions and the permutes, as
 * the Arm ARM's pseudocode defines them. Floating point is in helper-simd-fp.c.
 */
#include "qemu/osdep.h"
#include "target/arm/tcg/helper-simd-shapes.h"

typedef __int128 i128;
typedef unsigned __int128 u128;

#define OP(name) \
    SIMD_INLINE uint64_t op_##name(CPUARMState *env, uint64_t d, uint64_t a, uint64_t b, \
                                   unsigned bits, uint32_t data)

#define SX(v) simd_sext((v), bits)
#define MASK(v) ((uint64_t)(v) & simd_mask(bits))
#define ONES(c) ((c) ? simd_mask(bits) : 0)

/* ---- halving, saturating, compare ------------------------------------------------ */

OP(shadd) { return MASK(((i128)SX(a) + SX(b)) >> 1); }
OP(uhadd) { return MASK(((u128)a + b) >> 1); }
OP(srhadd) { return MASK(((i128)SX(a) + SX(b) + 1) >> 1); }
OP(urhadd) { return MASK(((u128)a + b + 1) >> 1); }
OP(shsub) { return MASK(((i128)SX(a) - SX(b)) >> 1); }
OP(uhsub) { return MASK(((i128)a - (i128)b) >> 1); }
OP(sqadd) { return simd_sat_s(env, (i128)SX(a) + SX(b), bits); }
OP(uqadd) { return simd_sat_u(env, (i128)a + (i128)b, bits); }
OP(sqsub) { return simd_sat_s(env, (i128)SX(a) - SX(b), bits); }
OP(uqsub) { return simd_sat_u(env, (i128)a - (i128)b, bits); }
OP(cmgt) { return ONES(SX(a) > SX(b)); }
OP(cmge) { return ONES(SX(a) >= SX(b)); }
OP(cmhi) { return ONES(a > b); }
OP(cmhs) { return ONES(a >= b); }
OP(cmtst) { return ONES((a & b) != 0); }
OP(cmeq) { return ONES(a == b); }
OP(cmgt0) { return ONES(SX(a) > 0); }
OP(cmge0) { return ONES(SX(a) >= 0); }
OP(cmeq0) { return ONES(a == 0); }
OP(cmle0) { return ONES(SX(a) <= 0); }
OP(cmlt0) { return ONES(SX(a) < 0); }

/* ---- shifts by a register: the shift is the signed low byte of b ------------------ */

/* Shift x left (sh > 0) or right (sh < 0, arithmetic on i128), rounding right shifts. */
SIMD_INLINE i128 simd_shift_s(int64_t x, int sh, bool round)
{
    if (sh >= 0) {
        /* Exact: |x| < 2^63, so x * 2^64 still fits (shifted as unsigned, no UB). */
        return (i128)((u128)(i128)x << (sh > 64 ? 64 : sh));
    }
    sh = -sh > 65 ? 65 : -sh;
    return round ? ((i128)x + ((i128)1 << (sh - 1))) >> sh : (i128)x >> sh;
}

SIMD_INLINE u128 simd_shift_u(uint64_t x, int sh, bool round)
{
    if (sh >= 0) {
        return sh >= 64 ? (x ? ~(u128)0 : 0) : (u128)x << sh;
    }
    sh = -sh > 65 ? 65 : -sh;
    return round ? ((u128)x + ((u128)1 << (sh - 1))) >> sh : (u128)x >> sh;
}

SIMD_INLINE uint64_t simd_sat_u128(CPUARMState *env, u128 v, unsigned bits)
{
    if (v > simd_mask(bits)) {
        simd_set_qc(env);
        return simd_mask(bits);
    }
    return (uint64_t)v;
}

#define SHIFT (int)(int8_t)b
OP(sshl) { return MASK(simd_shift_s(SX(a), SHIFT, false)); }
OP(ushl) { return MASK(SHIFT >= (int)bits ? 0 : simd_shift_u(a, SHIFT, false)); }
OP(srshl) { return MASK(simd_shift_s(SX(a), SHIFT, true)); }
OP(urshl) { return MASK(SHIFT >= (int)bits ? 0 : simd_shift_u(a, SHIFT, true)); }
OP(sqshl) { return simd_sat_s(env, simd_shift_s(SX(a), SHIFT, false), bits); }
OP(sqrshl) { return simd_sat_s(env, simd_shift_s(SX(a), SHIFT, true), bits); }
OP(uqshl) { return simd_sat_u128(env, simd_shift_u(a, SHIFT, false), bits); }
OP(uqrshl) { return simd_sat_u128(env, simd_shift_u(a, SHIFT, true), bits); }

/* ---- shifts by an immediate (data = the amount) ------------------------------------ */

OP(sshr) { return MASK(SX(a) >> (data > 63 ? 63 : data)); }
OP(ushr) { return data >= bits ? 0 : a >> data; }
OP(ssra) { return MASK(d + op_sshr(env, 0, a, 0, bits, data)); }
OP(usra) { return MASK(d + op_ushr(env, 0, a, 0, bits, data)); }
OP(srshr) { return MASK(simd_shift_s(SX(a), -(int)data, true)); }
OP(urshr) { return MASK(simd_shift_u(a, -(int)data, true)); }
OP(srsra) { return MASK(d + op_srshr(env, 0, a, 0, bits, data)); }
OP(ursra) { return MASK(d + op_urshr(env, 0, a, 0, bits, data)); }
OP(sri)
{
    if (data >= bits) {
        return d;
    }
    return MASK((d & ~(simd_mask(bits) >> data)) | (a >> data));
}
OP(shl) { return MASK(a << data); }
OP(sli)
{
    uint64_t ins = (simd_mask(bits) << data) & simd_mask(bits);

    return (d & ~ins) | ((a << data) & ins);
}
OP(sqshl_imm) { return simd_sat_s(env, simd_shift_s(SX(a), data, false), bits); }
OP(uqshl_imm) { return simd_sat_u128(env, (u128)a << data, bits); }
OP(sqshlu_imm) { return simd_sat_u(env, simd_shift_s(SX(a), data, false), bits); }

/* Narrowing right shifts: a is 2 * bits wide. */
#define WSX(v) simd_sext((v), 2 * bits)
OP(shrn) { return MASK(a >> data); }
OP(rshrn) { return MASK(((u128)a + ((u128)1 << (data - 1))) >> data); }
OP(sqshrn) { return simd_sat_s(env, (i128)WSX(a) >> data, bits); }
OP(sqrshrn) { return simd_sat_s(env, simd_shift_s(WSX(a), -(int)data, true), bits); }
OP(uqshrn) { return simd_sat_u128(env, (u128)a >> data, bits); }
OP(uqrshrn) { return simd_sat_u128(env, simd_shift_u(a, -(int)data, true), bits); }
OP(sqshrun) { return simd_sat_u(env, (i128)WSX(a) >> data, bits); }
OP(sqrshrun) { return simd_sat_u(env, simd_shift_s(WSX(a), -(int)data, true), bits); }
OP(xtn) { return MASK(a); }
OP(sqxtn) { return simd_sat_s(env, WSX(a), bits); }
OP(uqxtn) { return simd_sat_u128(env, a, bits); }
OP(sqxtun) { return simd_sat_u(env, WSX(a), bits); }

/* Widening shifts: the result is 2 * bits wide. */
#define WMASK(v) ((uint64_t)(v) & simd_mask(2 * bits))
OP(sshll) { return WMASK((uint64_t)SX(a) << data); }
OP(ushll) { return WMASK(a << data); }
OP(shll) { return WMASK(a << bits); }

/* ---- min, max, absolute difference, arithmetic -------------------------------------- */

OP(smax) { return SX(a) > SX(b) ? a : b; }
OP(smin) { return SX(a) < SX(b) ? a : b; }
OP(umax) { return a > b ? a : b; }
OP(umin) { return a < b ? a : b; }
OP(sabd) { return MASK(SX(a) > SX(b) ? (uint64_t)SX(a) - SX(b) : (uint64_t)SX(b) - SX(a)); }
OP(uabd) { return a > b ? a - b : b - a; }
OP(saba) { return MASK(d + op_sabd(env, 0, a, b, bits, 0)); }
OP(uaba) { return MASK(d + op_uabd(env, 0, a, b, bits, 0)); }
OP(add) { return MASK(a + b); }
OP(sub) { return MASK(a - b); }
OP(mla) { return MASK(d + a * b); }
OP(mls) { return MASK(d - a * b); }
OP(mul) { return MASK(a * b); }

/* Carry-less product of two bits-wide polynomials (up to 2 * bits - 1 bits). */
SIMD_INLINE uint64_t simd_clmul(uint64_t a, uint64_t b, unsigned bits)
{
    uint64_t r = 0;

    for (unsigned i = 0; i < bits; i++) {
        if ((b >> i) & 1) {
            r ^= a << i;
        }
    }
    return r;
}

OP(pmul) { return MASK(simd_clmul(a, b, bits)); }
OP(pmull8) { return simd_clmul(a, b, bits); }
OP(sqdmulh) { return simd_sat_s(env, ((i128)2 * SX(a) * SX(b)) >> bits, bits); }
OP(sqrdmulh)
{
    return simd_sat_s(env, ((i128)2 * SX(a) * SX(b) + ((i128)1 << (bits - 1))) >> bits, bits);
}

/* ---- two-register miscellaneous ------------------------------------------------------ */

OP(suqadd) { return simd_sat_s(env, (i128)SX(d) + (i128)a, bits); }
OP(usqadd) { return simd_sat_u(env, (i128)d + SX(a), bits); }
OP(clz) { return a ? (uint64_t)__builtin_clzll(a) - (64 - bits) : bits; }
OP(cls)
{
    uint64_t n = op_clz(env, 0, MASK(a ^ (a << 1)), 0, bits, 0);

    return n > bits - 1 ? bits - 1 : n;
}
OP(cnt) { return (uint64_t)__builtin_popcountll(a); }
OP(rbit)
{
    uint64_t r = 0;

    for (unsigned i = 0; i < bits; i++) {
        r |= ((a >> i) & 1) << (bits - 1 - i);
    }
    return r;
}
OP(sqabs) { return simd_sat_s(env, SX(a) < 0 ? -(i128)SX(a) : (i128)SX(a), bits); }
OP(sqneg) { return simd_sat_s(env, -(i128)SX(a), bits); }
OP(abs) { return MASK(SX(a) < 0 ? -(uint64_t)a : a); }
OP(neg) { return MASK(-a); }

/* ---- long and wide (results 2 * bits wide) ------------------------------------------- */

OP(saddlp) { return WMASK(SX(a) + SX(b)); }
OP(uaddlp) { return a + b; }
OP(sadalp) { return WMASK(d + SX(a) + SX(b)); }
OP(uadalp) { return WMASK(d + a + b); }
OP(saddl) { return WMASK(SX(a) + SX(b)); }
OP(uaddl) { return WMASK(a + b); }
OP(ssubl) { return WMASK(SX(a) - SX(b)); }
OP(usubl) { return WMASK(a - b); }
OP(sabdl) { return op_sabd(env, 0, a, b, bits, 0); }
OP(uabdl) { return op_uabd(env, 0, a, b, bits, 0); }
OP(sabal) { return WMASK(d + op_sabd(env, 0, a, b, bits, 0)); }
OP(uabal) { return WMASK(d + op_uabd(env, 0, a, b, bits, 0)); }
OP(smull) { return WMASK(SX(a) * SX(b)); }
OP(umull) { return WMASK(a * b); }
OP(smlal) { return WMASK(d + SX(a) * SX(b)); }
OP(umlal) { return WMASK(d + a * b); }
OP(smlsl) { return WMASK(d - SX(a) * SX(b)); }
OP(umlsl) { return WMASK(d - a * b); }
OP(sqdmull) { return simd_sat_s(env, (i128)2 * SX(a) * SX(b), 2 * bits); }
OP(sqdmlal)
{
    uint64_t p = op_sqdmull(env, 0, a, b, bits, 0);

    return simd_sat_s(env, (i128)WSX(d) + WSX(p), 2 * bits);
}
OP(sqdmlsl)
{
    uint64_t p = op_sqdmull(env, 0, a, b, bits, 0);

    return simd_sat_s(env, (i128)WSX(d) - WSX(p), 2 * bits);
}
OP(saddw) { return WMASK(a + SX(b)); }
OP(uaddw) { return WMASK(a + b); }
OP(ssubw) { return WMASK(a - SX(b)); }
OP(usubw) { return WMASK(a - b); }

/* High halves of wide sums and differences (narrow shape). */
OP(addhn) { return MASK(((u128)a + b) >> bits); }
OP(raddhn) { return MASK(((u128)a + b + ((u128)1 << (bits - 1))) >> bits); }
OP(subhn) { return MASK((a - b) >> bits); }
OP(rsubhn) { return MASK(((a - b) + (1ULL << (bits - 1))) >> bits); }

SIMD_INT_OPS(SIMD_DEFINE)

/* ---- across lanes ----------------------------------------------------------------------- */

void helper_simd_across(CPUARMState *env, uint32_t desc)
{
    const ARMVectorReg *n = &env->vregs[SIMD_DESC_RN(desc)];
    unsigned size = SIMD_DESC_SIZE(desc), bits = 8u << size;
    unsigned nelem = simd_nelem(desc, size), op = SIMD_DESC_DATA(desc);
    uint64_t acc = simd_get(n, 0, size);
    unsigned rsize = size;
    ARMVectorReg r = { { 0, 0 } };

    switch (op) {
    case SIMD_ACROSS_SADDLV:
        acc = (uint64_t)SX(acc);
        /* fall through */
    case SIMD_ACROSS_UADDLV:
    case SIMD_ACROSS_ADDV:
        for (unsigned i = 1; i < nelem; i++) {
            uint64_t x = simd_get(n, i, size);
            acc += op == SIMD_ACROSS_SADDLV ? (uint64_t)SX(x) : x;
        }
        if (op != SIMD_ACROSS_ADDV) {
            rsize = size + 1;
        }
        break;
    default:
        for (unsigned i = 1; i < nelem; i++) {
            uint64_t x = simd_get(n, i, size);
            switch (op) {
            case SIMD_ACROSS_SMAXV:
                acc = SX(x) > SX(acc) ? x : acc;
                break;
            case SIMD_ACROSS_SMINV:
                acc = SX(x) < SX(acc) ? x : acc;
                break;
            case SIMD_ACROSS_UMAXV:
                acc = x > acc ? x : acc;
                break;
            default:
                acc = x < acc ? x : acc;
                break;
            }
        }
        break;
    }
    simd_set(&r, 0, rsize, acc);
    env->vregs[SIMD_DESC_RD(desc)] = r;
}

/* ---- permutes ------------------------------------------------------------------------------ */

void helper_simd_rev(CPUARMState *env, uint32_t desc)
{
    const ARMVectorReg *n = &env->vregs[SIMD_DESC_RN(desc)];
    unsigned size = SIMD_DESC_SIZE(desc), nelem = simd_nelem(desc, size);
    unsigned flip = (1u << (SIMD_DESC_DATA(desc) - size)) - 1;
    ARMVectorReg r = { { 0, 0 } };

    for (unsigned i = 0; i < nelem; i++) {
        simd_set(&r, i, size, simd_get(n, i ^ flip, size));
    }
    env->vregs[SIMD_DESC_RD(desc)] = r;
}

void helper_simd_tbl(CPUARMState *env, uint32_t desc)
{
    unsigned rn = SIMD_DESC_RN(desc), nregs = (SIMD_DESC_DATA(desc) & 3) + 1;
    unsigned nbytes = SIMD_DESC_Q(desc) ? 16 : 8;
    bool tbx = SIMD_DESC_DATA(desc) & 4;
    const ARMVectorReg *m = &env->vregs[SIMD_DESC_RM(desc)];
    ARMVectorReg r = { { 0, 0 } };

    for (unsigned i = 0; i < nbytes; i++) {
        unsigned idx = m->b[i];
        if (idx < nregs * 16) {
            r.b[i] = env->vregs[(rn + idx / 16) % 32].b[idx % 16];
        } else if (tbx) {
            r.b[i] = env->vregs[SIMD_DESC_RD(desc)].b[i];
        }
    }
    env->vregs[SIMD_DESC_RD(desc)] = r;
}

void helper_simd_permute(CPUARMState *env, uint32_t desc)
{
    const ARMVectorReg *n = &env->vregs[SIMD_DESC_RN(desc)];
    const ARMVectorReg *m = &env->vregs[SIMD_DESC_RM(desc)];
    unsigned size = SIMD_DESC_SIZE(desc), nelem = simd_nelem(desc, size);
    unsigned op = SIMD_DESC_DATA(desc) & 3, part = SIMD_DESC_DATA(desc) >> 2;
    unsigned half = nelem / 2;
    ARMVectorReg r = { { 0, 0 } };

    for (unsigned i = 0; i < nelem; i++) {
        unsigned j;
        const ARMVectorReg *src;

        switch (op) {
        case 1: /* UZP: even (part 0) or odd lanes of m:n */
            j = 2 * i + part;
            src = j < nelem ? n : m;
            j = j < nelem ? j : j - nelem;
            break;
        case 2: /* TRN */
            j = (i & ~1u) + part;
            src = (i & 1) ? m : n;
            break;
        default: /* ZIP: interleave the low (part 0) or high halves */
            j = part * half + i / 2;
            src = (i & 1) ? m : n;
            break;
        }
        simd_set(&r, i, size, simd_get(src, j, size));
    }
    env->vregs[SIMD_DESC_RD(desc)] = r;
}

void helper_simd_ext(CPUARMState *env, uint32_t desc)
{
    const ARMVectorReg *n = &env->vregs[SIMD_DESC_RN(desc)];
    const ARMVectorReg *m = &env->vregs[SIMD_DESC_RM(desc)];
    unsigned nbytes = SIMD_DESC_Q(desc) ? 16 : 8, pos = SIMD_DESC_DATA(desc);
    ARMVectorReg r = { { 0, 0 } };

    for (unsigned i = 0; i < nbytes; i++) {
        unsigned j = i + pos;
        r.b[i] = j < nbytes ? n->b[j] : m->b[j - nbytes];
    }
    env->vregs[SIMD_DESC_RD(desc)] = r;
}
