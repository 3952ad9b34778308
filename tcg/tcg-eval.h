/*
 * The meaning of each arithmetic IR op, as C. Both the optimiser (constant folding)
 * and the interpreter use these, so folding never changes a result; the JIT backend
 * is tested against them. Internal to tcg/.
 */
#ifndef TCG_EVAL_H
#define TCG_EVAL_H

#include "tcg/tcg.h"

static inline int64_t tcg_eval_sdiv(int64_t a, int64_t b)
{
    if (b == 0) {
        return 0;
    }
    if (b == -1) {
        return (int64_t)(0 - (uint64_t)a);
    }
    return a / b;
}

static inline int64_t tcg_eval_srem(int64_t a, int64_t b)
{
    if (b == 0) {
        return a;
    }
    if (b == -1) {
        return 0;
    }
    return a % b;
}

static inline int32_t tcg_eval_sdiv32(int32_t a, int32_t b)
{
    if (b == 0) {
        return 0;
    }
    if (b == -1) {
        return (int32_t)(0 - (uint32_t)a);
    }
    return a / b;
}

static inline int32_t tcg_eval_srem32(int32_t a, int32_t b)
{
    if (b == 0) {
        return a;
    }
    if (b == -1) {
        return 0;
    }
    return a % b;
}

static inline uint64_t tcg_eval_bswap16(uint64_t a)
{
    return ((a >> 8) & 0xff) | ((a & 0xff) << 8);
}

static inline bool tcg_eval_cond(TCGCond c, uint64_t a, uint64_t b, bool is64)
{
    if (!is64) {
        a = (uint32_t)a;
        b = (uint32_t)b;
        switch (c) {
        case TCG_COND_LT: return (int32_t)a < (int32_t)b;
        case TCG_COND_GE: return (int32_t)a >= (int32_t)b;
        case TCG_COND_LE: return (int32_t)a <= (int32_t)b;
        case TCG_COND_GT: return (int32_t)a > (int32_t)b;
        default: break;
        }
    }
    switch (c) {
    case TCG_COND_NEVER: return false;
    case TCG_COND_ALWAYS: return true;
    case TCG_COND_EQ: return a == b;
    case TCG_COND_NE: return a != b;
    case TCG_COND_LT: return (int64_t)a < (int64_t)b;
    case TCG_COND_GE: return (int64_t)a >= (int64_t)b;
    case TCG_COND_LE: return (int64_t)a <= (int64_t)b;
    case TCG_COND_GT: return (int64_t)a > (int64_t)b;
    case TCG_COND_LTU: return a < b;
    case TCG_COND_GEU: return a >= b;
    case TCG_COND_LEU: return a <= b;
    case TCG_COND_GTU: return a > b;
    case TCG_COND_TSTEQ: return (a & b) == 0;
    case TCG_COND_TSTNE: return (a & b) != 0;
    }
    return false;
}

/* True when tcg_eval_op() knows opc (one output, one or two plain inputs). */
static inline bool tcg_eval_supported(TCGOpcode opc)
{
    switch (opc) {
#define E(x) case INDEX_op_##x##_i32: case INDEX_op_##x##_i64:
    E(mov) E(add) E(sub) E(mul) E(div) E(divu) E(rem) E(remu) E(and) E(or) E(xor)
    E(shl) E(shr) E(sar) E(rotl) E(rotr) E(clz) E(ctz) E(neg) E(not) E(ctpop)
    E(ext8s) E(ext8u) E(ext16s) E(ext16u) E(bswap16) E(bswap32)
#undef E
    case INDEX_op_ext32s_i64:
    case INDEX_op_ext32u_i64:
    case INDEX_op_bswap64_i64:
    case INDEX_op_extrl_i64_i32:
    case INDEX_op_extrh_i64_i32:
    case INDEX_op_extu_i32_i64:
    case INDEX_op_ext_i32_i64:
        return true;
    default:
        return false;
    }
}

/*
 * Result of a one-output op on inputs a (and b). 32-bit results come back
 * zero-extended; 32-bit inputs are taken from the low halves.
 */
static inline uint64_t tcg_eval_op(TCGOpcode opc, uint64_t a, uint64_t b)
{
    uint32_t a32 = (uint32_t)a, b32 = (uint32_t)b;

    switch (opc) {
    case INDEX_op_mov_i32: return a32;
    case INDEX_op_mov_i64: return a;
    case INDEX_op_add_i32: return (uint32_t)(a32 + b32);
    case INDEX_op_add_i64: return a + b;
    case INDEX_op_sub_i32: return (uint32_t)(a32 - b32);
    case INDEX_op_sub_i64: return a - b;
    case INDEX_op_mul_i32: return (uint32_t)(a32 * b32);
    case INDEX_op_mul_i64: return a * b;
    case INDEX_op_div_i32: return (uint32_t)tcg_eval_sdiv32((int32_t)a32, (int32_t)b32);
    case INDEX_op_div_i64: return (uint64_t)tcg_eval_sdiv((int64_t)a, (int64_t)b);
    case INDEX_op_rem_i32: return (uint32_t)tcg_eval_srem32((int32_t)a32, (int32_t)b32);
    case INDEX_op_rem_i64: return (uint64_t)tcg_eval_srem((int64_t)a, (int64_t)b);
    case INDEX_op_divu_i32: return b32 ? a32 / b32 : 0;
    case INDEX_op_divu_i64: return b ? a / b : 0;
    case INDEX_op_remu_i32: return b32 ? a32 % b32 : a32;
    case INDEX_op_remu_i64: return b ? a % b : a;
    case INDEX_op_and_i32: return a32 & b32;
    case INDEX_op_and_i64: return a & b;
    case INDEX_op_or_i32: return a32 | b32;
    case INDEX_op_or_i64: return a | b;
    case INDEX_op_xor_i32: return a32 ^ b32;
    case INDEX_op_xor_i64: return a ^ b;
    case INDEX_op_shl_i32: return (uint32_t)(a32 << (b & 31));
    case INDEX_op_shl_i64: return a << (b & 63);
    case INDEX_op_shr_i32: return a32 >> (b & 31);
    case INDEX_op_shr_i64: return a >> (b & 63);
    case INDEX_op_sar_i32: return (uint32_t)((int32_t)a32 >> (b & 31));
    case INDEX_op_sar_i64: return (uint64_t)((int64_t)a >> (b & 63));
    case INDEX_op_rotl_i32: {
        unsigned n = b & 31;
        return n ? (uint32_t)((a32 << n) | (a32 >> (32 - n))) : a32;
    }
    case INDEX_op_rotl_i64: {
        unsigned n = b & 63;
        return n ? (a << n) | (a >> (64 - n)) : a;
    }
    case INDEX_op_rotr_i32: {
        unsigned n = b & 31;
        return n ? (uint32_t)((a32 >> n) | (a32 << (32 - n))) : a32;
    }
    case INDEX_op_rotr_i64: {
        unsigned n = b & 63;
        return n ? (a >> n) | (a << (64 - n)) : a;
    }
    case INDEX_op_clz_i32: return a32 ? (uint64_t)__builtin_clz(a32) : b32;
    case INDEX_op_clz_i64: return a ? (uint64_t)__builtin_clzll(a) : b;
    case INDEX_op_ctz_i32: return a32 ? (uint64_t)__builtin_ctz(a32) : b32;
    case INDEX_op_ctz_i64: return a ? (uint64_t)__builtin_ctzll(a) : b;
    case INDEX_op_neg_i32: return (uint32_t)(0 - a32);
    case INDEX_op_neg_i64: return 0 - a;
    case INDEX_op_not_i32: return (uint32_t)~a32;
    case INDEX_op_not_i64: return ~a;
    case INDEX_op_ctpop_i32: return (uint64_t)__builtin_popcount(a32);
    case INDEX_op_ctpop_i64: return (uint64_t)__builtin_popcountll(a);
    case INDEX_op_ext8s_i32: return (uint32_t)(int32_t)(int8_t)a;
    case INDEX_op_ext8s_i64: return (uint64_t)(int64_t)(int8_t)a;
    case INDEX_op_ext8u_i32:
    case INDEX_op_ext8u_i64: return (uint8_t)a;
    case INDEX_op_ext16s_i32: return (uint32_t)(int32_t)(int16_t)a;
    case INDEX_op_ext16s_i64: return (uint64_t)(int64_t)(int16_t)a;
    case INDEX_op_ext16u_i32:
    case INDEX_op_ext16u_i64: return (uint16_t)a;
    case INDEX_op_ext32s_i64:
    case INDEX_op_ext_i32_i64: return (uint64_t)(int64_t)(int32_t)a;
    case INDEX_op_ext32u_i64:
    case INDEX_op_extu_i32_i64:
    case INDEX_op_extrl_i64_i32: return a32;
    case INDEX_op_extrh_i64_i32: return a >> 32;
    case INDEX_op_bswap16_i32:
    case INDEX_op_bswap16_i64: return tcg_eval_bswap16(a);
    case INDEX_op_bswap32_i32:
    case INDEX_op_bswap32_i64: return __builtin_bswap32(a32);
    case INDEX_op_bswap64_i64: return __builtin_bswap64(a);
    default:
        g_assert_not_reached();
    }
}

#endif
