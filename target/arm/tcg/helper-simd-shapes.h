/*
 * The lane loops that helper-simd.c and helper-simd-fp.c instantiate: one per
 * shape of AdvSIMD instruction (same, pair, long, wide, narrow, pairlong; see
 * helper-simd.h), each inlined with a constant element size and operation so
 * the compiler produces a tight loop per helper. Private to those two files.
 */
#ifndef TARGET_ARM_TCG_HELPER_SIMD_SHAPES_H
#define TARGET_ARM_TCG_HELPER_SIMD_SHAPES_H

#include "target/arm/tcg/helper-simd.h"

#define SIMD_INLINE static inline __attribute__((always_inline))

/*
 * An operation on one lane: d is the destination's old lane (for accumulating
 * forms), a and b the source lanes, zero-extended; bits is the element width
 * the shape documents (the narrow one for long, wide and narrow shapes).
 */
typedef uint64_t SimdOpFn(CPUARMState *env, uint64_t d, uint64_t a, uint64_t b,
                          unsigned bits, uint32_t data);

/* Element i of 2^size bytes (element order is little-endian in ARMVectorReg). */
SIMD_INLINE uint64_t simd_get(const ARMVectorReg *v, unsigned i, unsigned size)
{
    uint16_t h;
    uint32_t w;
    uint64_t x;

    switch (size) {
    case 0:
        return v->b[i & 15];
    case 1:
        memcpy(&h, &v->b[(i & 7) * 2], 2);
        return h;
    case 2:
        memcpy(&w, &v->b[(i & 3) * 4], 4);
        return w;
    default:
        memcpy(&x, &v->b[(i & 1) * 8], 8);
        return x;
    }
}

SIMD_INLINE void simd_set(ARMVectorReg *v, unsigned i, unsigned size, uint64_t x)
{
    uint16_t h = x;
    uint32_t w = x;

    switch (size) {
    case 0:
        v->b[i & 15] = x;
        break;
    case 1:
        memcpy(&v->b[(i & 7) * 2], &h, 2);
        break;
    case 2:
        memcpy(&v->b[(i & 3) * 4], &w, 4);
        break;
    default:
        memcpy(&v->b[(i & 1) * 8], &x, 8);
        break;
    }
}

/* Lanes of 2^size bytes an instruction with this descriptor works on. */
SIMD_INLINE unsigned simd_nelem(uint32_t desc, unsigned size)
{
    if (SIMD_DESC_SCALAR(desc)) {
        return 1;
    }
    return (SIMD_DESC_Q(desc) ? 16 : 8) >> size;
}

SIMD_INLINE void simd_shape_same(CPUARMState *env, uint32_t desc, unsigned size, SimdOpFn *op)
{
    const ARMVectorReg *n = &env->vregs[SIMD_DESC_RN(desc)];
    const ARMVectorReg *m = &env->vregs[SIMD_DESC_RM(desc)];
    const ARMVectorReg *d = &env->vregs[SIMD_DESC_RD(desc)];
    unsigned nelem = simd_nelem(desc, size), idx = SIMD_DESC_IDX(desc);
    bool byelem = SIMD_DESC_BYELEM(desc);
    uint32_t data = SIMD_DESC_DATA(desc);
    ARMVectorReg r = { { 0, 0 } };

    for (unsigned i = 0; i < nelem; i++) {
        uint64_t b = simd_get(m, byelem ? idx : i, size);
        simd_set(&r, i, size, op(env, simd_get(d, i, size), simd_get(n, i, size), b,
                                 8u << size, data));
    }
    env->vregs[SIMD_DESC_RD(desc)] = r;
}

/* Pairs of adjacent lanes of m:n (n's pairs in the low half); scalar: n[0], n[1]. */
SIMD_INLINE void simd_shape_pair(CPUARMState *env, uint32_t desc, unsigned size, SimdOpFn *op)
{
    const ARMVectorReg *n = &env->vregs[SIMD_DESC_RN(desc)];
    const ARMVectorReg *m = &env->vregs[SIMD_DESC_RM(desc)];
    unsigned nelem = simd_nelem(desc, size), half = nelem / 2;
    uint32_t data = SIMD_DESC_DATA(desc);
    ARMVectorReg r = { { 0, 0 } };

    if (SIMD_DESC_SCALAR(desc)) {
        simd_set(&r, 0, size, op(env, 0, simd_get(n, 0, size), simd_get(n, 1, size),
                                 8u << size, data));
    } else {
        for (unsigned i = 0; i < nelem; i++) {
            const ARMVectorReg *src = i < half ? n : m;
            unsigned j = (i < half ? i : i - half) * 2;
            simd_set(&r, i, size, op(env, 0, simd_get(src, j, size), simd_get(src, j + 1, size),
                                     8u << size, data));
        }
    }
    env->vregs[SIMD_DESC_RD(desc)] = r;
}

/* D[i] = op(D[i], n[i + part], m[i + part]); size is the narrow size (0..2). */
SIMD_INLINE void simd_shape_long(CPUARMState *env, uint32_t desc, unsigned size, SimdOpFn *op)
{
    const ARMVectorReg *n = &env->vregs[SIMD_DESC_RN(desc)];
    const ARMVectorReg *m = &env->vregs[SIMD_DESC_RM(desc)];
    const ARMVectorReg *d = &env->vregs[SIMD_DESC_RD(desc)];
    bool scalar = SIMD_DESC_SCALAR(desc), byelem = SIMD_DESC_BYELEM(desc);
    unsigned nelem = scalar ? 1 : 8 >> size;
    unsigned part = (!scalar && SIMD_DESC_Q(desc)) ? nelem : 0, idx = SIMD_DESC_IDX(desc);
    uint32_t data = SIMD_DESC_DATA(desc);
    ARMVectorReg r = { { 0, 0 } };

    for (unsigned i = 0; i < nelem; i++) {
        uint64_t b = simd_get(m, byelem ? idx : i + part, size);
        simd_set(&r, i, size + 1, op(env, simd_get(d, i, size + 1), simd_get(n, i + part, size),
                                     b, 8u << size, data));
    }
    env->vregs[SIMD_DESC_RD(desc)] = r;
}

/* D[i] = op(D[i], N[i], m[i + part]). */
SIMD_INLINE void simd_shape_wide(CPUARMState *env, uint32_t desc, unsigned size, SimdOpFn *op)
{
    const ARMVectorReg *n = &env->vregs[SIMD_DESC_RN(desc)];
    const ARMVectorReg *m = &env->vregs[SIMD_DESC_RM(desc)];
    const ARMVectorReg *d = &env->vregs[SIMD_DESC_RD(desc)];
    unsigned nelem = 8 >> size, part = SIMD_DESC_Q(desc) ? nelem : 0;
    uint32_t data = SIMD_DESC_DATA(desc);
    ARMVectorReg r = { { 0, 0 } };

    for (unsigned i = 0; i < nelem; i++) {
        simd_set(&r, i, size + 1, op(env, simd_get(d, i, size + 1), simd_get(n, i, size + 1),
                                     simd_get(m, i + part, size), 8u << size, data));
    }
    env->vregs[SIMD_DESC_RD(desc)] = r;
}

/*
 * d[i + part] = op(N[i], M[i]); the "2" form (Q) keeps the low half of Rd and
 * fills the upper one, the others zero the upper half. Scalar: one lane.
 */
SIMD_INLINE void simd_shape_narrow(CPUARMState *env, uint32_t desc, unsigned size, SimdOpFn *op)
{
    const ARMVectorReg *n = &env->vregs[SIMD_DESC_RN(desc)];
    const ARMVectorReg *m = &env->vregs[SIMD_DESC_RM(desc)];
    bool scalar = SIMD_DESC_SCALAR(desc);
    unsigned nelem = scalar ? 1 : 8 >> size;
    unsigned part = (!scalar && SIMD_DESC_Q(desc)) ? nelem : 0;
    uint32_t data = SIMD_DESC_DATA(desc);
    ARMVectorReg r = { { 0, 0 } };

    if (part) {
        r.d[0] = env->vregs[SIMD_DESC_RD(desc)].d[0];
    }
    for (unsigned i = 0; i < nelem; i++) {
        simd_set(&r, i + part, size, op(env, 0, simd_get(n, i, size + 1),
                                        simd_get(m, i, size + 1), 8u << size, data));
    }
    env->vregs[SIMD_DESC_RD(desc)] = r;
}

/* D[i] = op(D[i], n[2i], n[2i + 1]). */
SIMD_INLINE void simd_shape_pairlong(CPUARMState *env, uint32_t desc, unsigned size,
                                     SimdOpFn *op)
{
    const ARMVectorReg *n = &env->vregs[SIMD_DESC_RN(desc)];
    const ARMVectorReg *d = &env->vregs[SIMD_DESC_RD(desc)];
    unsigned nelem = (SIMD_DESC_Q(desc) ? 16 : 8) >> (size + 1);
    uint32_t data = SIMD_DESC_DATA(desc);
    ARMVectorReg r = { { 0, 0 } };

    for (unsigned i = 0; i < nelem; i++) {
        simd_set(&r, i, size + 1, op(env, simd_get(d, i, size + 1), simd_get(n, 2 * i, size),
                                     simd_get(n, 2 * i + 1, size), 8u << size, data));
    }
    env->vregs[SIMD_DESC_RD(desc)] = r;
}

/* helper_simd_<name>: a switch on the element size around the shape's loop. */
#define SIMD_SIZES_same 4
#define SIMD_SIZES_pair 4
#define SIMD_SIZES_long 3
#define SIMD_SIZES_wide 3
#define SIMD_SIZES_narrow 3
#define SIMD_SIZES_pairlong 3

#define SIMD_DEFINE(shape, name, op) \
    void helper_simd_##name(CPUARMState *env, uint32_t desc) \
    { \
        switch (SIMD_DESC_SIZE(desc)) { \
        case 0: \
            simd_shape_##shape(env, desc, 0, op_##op); \
            break; \
        case 1: \
            simd_shape_##shape(env, desc, 1, op_##op); \
            break; \
        case 2: \
            simd_shape_##shape(env, desc, 2, op_##op); \
            break; \
        default: \
            simd_shape_##shape(env, desc, SIMD_SIZES_##shape - 1, op_##op); \
            break; \
        } \
    }

/* Integer helpers for the operations. */
SIMD_INLINE uint64_t simd_mask(unsigned bits)
{
    return bits >= 64 ? ~0ULL : (1ULL << bits) - 1;
}

SIMD_INLINE int64_t simd_sext(uint64_t v, unsigned bits)
{
    return bits >= 64 ? (int64_t)v : (int64_t)(v << (64 - bits)) >> (64 - bits);
}

SIMD_INLINE void simd_set_qc(CPUARMState *env)
{
    env->fpsr |= SIMD_FPSR_QC;
}

/* v clamped to the signed / unsigned range of bits, setting QC when it had to be. */
SIMD_INLINE uint64_t simd_sat_s(CPUARMState *env, __int128 v, unsigned bits)
{
    __int128 max = (__int128)(simd_mask(bits) >> 1), min = -max - 1;

    if (v > max) {
        simd_set_qc(env);
        return (uint64_t)max & simd_mask(bits);
    }
    if (v < min) {
        simd_set_qc(env);
        return (uint64_t)min & simd_mask(bits);
    }
    return (uint64_t)v & simd_mask(bits);
}

SIMD_INLINE uint64_t simd_sat_u(CPUARMState *env, __int128 v, unsigned bits)
{
    if (v < 0) {
        simd_set_qc(env);
        return 0;
    }
    if (v > (__int128)simd_mask(bits)) {
        simd_set_qc(env);
        return simd_mask(bits);
    }
    return (uint64_t)v;
}

#endif
