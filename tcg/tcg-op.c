/*
 * The tcg_gen_* emitters of tcg/tcg-op.h: each appends ops to the current block.
 * Composite operations (andc, deposit, extract, ...) expand here into basic ops so
 * that the optimiser and every backend see a small op set.
 */
#include "qemu/osdep.h"
#include "tcg/tcg-op.h"
#include "tcg-internal.h"

static inline TCGArg tv(const void *h)
{
    return (TCGArg)(uintptr_t)h;
}

#define EMIT(opc, ...) do { \
        const TCGArg args_[] = { __VA_ARGS__ }; \
        tcg_emit_op(tcg_ctx, (opc), ARRAY_SIZE(args_), args_); \
    } while (0)

#define C32(v) tcg_constant_i32(v)
#define C64(v) tcg_constant_i64(v)

/* ---- Plain ops in both widths ----------------------------------------------------- */

#define UNARY(name) \
    void tcg_gen_##name##_i32(TCGv_i32 r, TCGv_i32 a) \
    { EMIT(INDEX_op_##name##_i32, tv(r), tv(a)); } \
    void tcg_gen_##name##_i64(TCGv_i64 r, TCGv_i64 a) \
    { EMIT(INDEX_op_##name##_i64, tv(r), tv(a)); }

#define BINARY(name) \
    void tcg_gen_##name##_i32(TCGv_i32 r, TCGv_i32 a, TCGv_i32 b) \
    { EMIT(INDEX_op_##name##_i32, tv(r), tv(a), tv(b)); } \
    void tcg_gen_##name##_i64(TCGv_i64 r, TCGv_i64 a, TCGv_i64 b) \
    { EMIT(INDEX_op_##name##_i64, tv(r), tv(a), tv(b)); }

UNARY(mov)
UNARY(neg)
UNARY(not)
UNARY(ext8s)
UNARY(ext8u)
UNARY(ext16s)
UNARY(ext16u)
UNARY(bswap16)
UNARY(bswap32)
BINARY(add)
BINARY(sub)
BINARY(mul)
BINARY(div)
BINARY(divu)
BINARY(rem)
BINARY(remu)
BINARY(and)
BINARY(or)
BINARY(xor)
BINARY(shl)
BINARY(shr)
BINARY(sar)
BINARY(rotl)
BINARY(rotr)

void tcg_gen_ext32s_i64(TCGv_i64 r, TCGv_i64 a)
{
    EMIT(INDEX_op_ext32s_i64, tv(r), tv(a));
}

void tcg_gen_ext32u_i64(TCGv_i64 r, TCGv_i64 a)
{
    EMIT(INDEX_op_ext32u_i64, tv(r), tv(a));
}

void tcg_gen_bswap64_i64(TCGv_i64 r, TCGv_i64 a)
{
    EMIT(INDEX_op_bswap64_i64, tv(r), tv(a));
}

void tcg_gen_movi_i32(TCGv_i32 r, int32_t v)
{
    tcg_gen_mov_i32(r, C32(v));
}

void tcg_gen_movi_i64(TCGv_i64 r, int64_t v)
{
    tcg_gen_mov_i64(r, C64(v));
}

/* ---- Immediate forms ------------------------------------------------------------------ */

#define IMM_BOTH(name, ctype32, ctype64) \
    void tcg_gen_##name##i_i32(TCGv_i32 r, TCGv_i32 a, ctype32 b) \
    { tcg_gen_##name##_i32(r, a, C32((int32_t)b)); } \
    void tcg_gen_##name##i_i64(TCGv_i64 r, TCGv_i64 a, ctype64 b) \
    { tcg_gen_##name##_i64(r, a, C64((int64_t)b)); }

IMM_BOTH(add, int32_t, int64_t)
IMM_BOTH(sub, int32_t, int64_t)
IMM_BOTH(mul, int32_t, int64_t)
IMM_BOTH(and, int32_t, int64_t)
IMM_BOTH(or, int32_t, int64_t)
IMM_BOTH(xor, int32_t, int64_t)

#define SHIFT_IMM(name) \
    void tcg_gen_##name##i_i32(TCGv_i32 r, TCGv_i32 a, unsigned b) \
    { g_assert(b < 32); tcg_gen_##name##_i32(r, a, C32(b)); } \
    void tcg_gen_##name##i_i64(TCGv_i64 r, TCGv_i64 a, unsigned b) \
    { g_assert(b < 64); tcg_gen_##name##_i64(r, a, C64(b)); }

SHIFT_IMM(shl)
SHIFT_IMM(shr)
SHIFT_IMM(sar)
SHIFT_IMM(rotl)
SHIFT_IMM(rotr)

/* ---- Logic expansions ------------------------------------------------------------- */

#define LOGIC_BOTH(W, TV) \
    void tcg_gen_andc_##W(TV r, TV a, TV b) \
    { TV t = tcg_temp_new_##W(); tcg_gen_not_##W(t, b); tcg_gen_and_##W(r, a, t); \
      tcg_temp_free_##W(t); } \
    void tcg_gen_orc_##W(TV r, TV a, TV b) \
    { TV t = tcg_temp_new_##W(); tcg_gen_not_##W(t, b); tcg_gen_or_##W(r, a, t); \
      tcg_temp_free_##W(t); } \
    void tcg_gen_eqv_##W(TV r, TV a, TV b) \
    { tcg_gen_xor_##W(r, a, b); tcg_gen_not_##W(r, r); } \
    void tcg_gen_nand_##W(TV r, TV a, TV b) \
    { tcg_gen_and_##W(r, a, b); tcg_gen_not_##W(r, r); } \
    void tcg_gen_nor_##W(TV r, TV a, TV b) \
    { tcg_gen_or_##W(r, a, b); tcg_gen_not_##W(r, r); }

LOGIC_BOTH(i32, TCGv_i32)
LOGIC_BOTH(i64, TCGv_i64)

/* ---- Bit counting (through helpers when the JIT host lacks the instructions) ---- */

static uint64_t helper_clz32(uint64_t a, uint64_t b)
{
    return (uint32_t)a ? (uint64_t)__builtin_clz((uint32_t)a) : (uint32_t)b;
}

static uint64_t helper_clz64(uint64_t a, uint64_t b)
{
    return a ? (uint64_t)__builtin_clzll(a) : b;
}

static uint64_t helper_ctz32(uint64_t a, uint64_t b)
{
    return (uint32_t)a ? (uint64_t)__builtin_ctz((uint32_t)a) : (uint32_t)b;
}

static uint64_t helper_ctz64(uint64_t a, uint64_t b)
{
    return a ? (uint64_t)__builtin_ctzll(a) : b;
}

static uint64_t helper_ctpop(uint64_t a)
{
    return (uint64_t)__builtin_popcountll(a);
}

static bool need_helper(uint32_t cap)
{
    return tcg_ctx->cfg.backend == TCG_BACKEND_JIT && !(tcg_ctx->caps & cap);
}

void tcg_gen_clz_i32(TCGv_i32 r, TCGv_i32 a, TCGv_i32 z)
{
    if (need_helper(TCG_CAP_LZCNT)) {
        tcg_gen_call2(helper_clz32, TCG_CALL_PURE, tcgv_i32_temp(r), tcgv_i32_temp(a),
                      tcgv_i32_temp(z));
    } else {
        EMIT(INDEX_op_clz_i32, tv(r), tv(a), tv(z));
    }
}

void tcg_gen_clz_i64(TCGv_i64 r, TCGv_i64 a, TCGv_i64 z)
{
    if (need_helper(TCG_CAP_LZCNT)) {
        tcg_gen_call2(helper_clz64, TCG_CALL_PURE, tcgv_i64_temp(r), tcgv_i64_temp(a),
                      tcgv_i64_temp(z));
    } else {
        EMIT(INDEX_op_clz_i64, tv(r), tv(a), tv(z));
    }
}

void tcg_gen_ctz_i32(TCGv_i32 r, TCGv_i32 a, TCGv_i32 z)
{
    if (need_helper(TCG_CAP_BMI1)) {
        tcg_gen_call2(helper_ctz32, TCG_CALL_PURE, tcgv_i32_temp(r), tcgv_i32_temp(a),
                      tcgv_i32_temp(z));
    } else {
        EMIT(INDEX_op_ctz_i32, tv(r), tv(a), tv(z));
    }
}

void tcg_gen_ctz_i64(TCGv_i64 r, TCGv_i64 a, TCGv_i64 z)
{
    if (need_helper(TCG_CAP_BMI1)) {
        tcg_gen_call2(helper_ctz64, TCG_CALL_PURE, tcgv_i64_temp(r), tcgv_i64_temp(a),
                      tcgv_i64_temp(z));
    } else {
        EMIT(INDEX_op_ctz_i64, tv(r), tv(a), tv(z));
    }
}

void tcg_gen_clzi_i32(TCGv_i32 r, TCGv_i32 a, uint32_t z)
{
    tcg_gen_clz_i32(r, a, C32((int32_t)z));
}

void tcg_gen_clzi_i64(TCGv_i64 r, TCGv_i64 a, uint64_t z)
{
    tcg_gen_clz_i64(r, a, C64((int64_t)z));
}

void tcg_gen_ctzi_i32(TCGv_i32 r, TCGv_i32 a, uint32_t z)
{
    tcg_gen_ctz_i32(r, a, C32((int32_t)z));
}

void tcg_gen_ctzi_i64(TCGv_i64 r, TCGv_i64 a, uint64_t z)
{
    tcg_gen_ctz_i64(r, a, C64((int64_t)z));
}

void tcg_gen_ctpop_i32(TCGv_i32 r, TCGv_i32 a)
{
    if (need_helper(TCG_CAP_POPCNT)) {
        TCGv_i64 t = tcg_temp_new_i64();
        tcg_gen_extu_i32_i64(t, a);
        tcg_gen_call1(helper_ctpop, TCG_CALL_PURE, tcgv_i32_temp(r), tcgv_i64_temp(t));
        tcg_temp_free_i64(t);
    } else {
        EMIT(INDEX_op_ctpop_i32, tv(r), tv(a));
    }
}

void tcg_gen_ctpop_i64(TCGv_i64 r, TCGv_i64 a)
{
    if (need_helper(TCG_CAP_POPCNT)) {
        tcg_gen_call1(helper_ctpop, TCG_CALL_PURE, tcgv_i64_temp(r), tcgv_i64_temp(a));
    } else {
        EMIT(INDEX_op_ctpop_i64, tv(r), tv(a));
    }
}

/* ---- Bit fields ---------------------------------------------------------------------- */

#define FIELD_BOTH(W, TV, BITS, UT, CW) \
    void tcg_gen_deposit_##W(TV r, TV a, TV b, unsigned pos, unsigned len) \
    { \
        UT mask; \
        TV t1, t2; \
        g_assert(len > 0 && pos + len <= BITS); \
        if (len == BITS) { \
            tcg_gen_mov_##W(r, b); \
            return; \
        } \
        mask = ((UT)1 << len) - 1; \
        t1 = tcg_temp_new_##W(); \
        t2 = tcg_temp_new_##W(); \
        if (pos + len == BITS) { \
            tcg_gen_shli_##W(t1, b, pos); \
        } else { \
            tcg_gen_andi_##W(t1, b, (CW)mask); \
            if (pos) { \
                tcg_gen_shli_##W(t1, t1, pos); \
            } \
        } \
        tcg_gen_andi_##W(t2, a, (CW)~(mask << pos)); \
        tcg_gen_or_##W(r, t2, t1); \
        tcg_temp_free_##W(t1); \
        tcg_temp_free_##W(t2); \
    } \
    void tcg_gen_extract_##W(TV r, TV a, unsigned pos, unsigned len) \
    { \
        g_assert(len > 0 && pos + len <= BITS); \
        if (pos + len == BITS) { \
            if (pos) { \
                tcg_gen_shri_##W(r, a, pos); \
            } else { \
                tcg_gen_mov_##W(r, a); \
            } \
        } else if (pos == 0 && len == 8) { \
            tcg_gen_ext8u_##W(r, a); \
        } else if (pos == 0 && len == 16) { \
            tcg_gen_ext16u_##W(r, a); \
        } else { \
            TV t = tcg_temp_new_##W(); \
            if (pos) { \
                tcg_gen_shri_##W(t, a, pos); \
            } else { \
                tcg_gen_mov_##W(t, a); \
            } \
            tcg_gen_andi_##W(r, t, (CW)(((UT)1 << len) - 1)); \
            tcg_temp_free_##W(t); \
        } \
    } \
    void tcg_gen_sextract_##W(TV r, TV a, unsigned pos, unsigned len) \
    { \
        g_assert(len > 0 && pos + len <= BITS); \
        if (pos + len == BITS) { \
            if (pos) { \
                tcg_gen_sari_##W(r, a, pos); \
            } else { \
                tcg_gen_mov_##W(r, a); \
            } \
        } else if (pos == 0 && len == 8) { \
            tcg_gen_ext8s_##W(r, a); \
        } else if (pos == 0 && len == 16) { \
            tcg_gen_ext16s_##W(r, a); \
        } else { \
            TV t = tcg_temp_new_##W(); \
            tcg_gen_shli_##W(t, a, BITS - len - pos); \
            tcg_gen_sari_##W(r, t, BITS - len); \
            tcg_temp_free_##W(t); \
        } \
    }

FIELD_BOTH(i32, TCGv_i32, 32, uint32_t, int32_t)
FIELD_BOTH(i64, TCGv_i64, 64, uint64_t, int64_t)

/* ---- Conditions --------------------------------------------------------------------- */

void tcg_gen_setcond_i32(TCGCond c, TCGv_i32 r, TCGv_i32 a, TCGv_i32 b)
{
    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER) {
        tcg_gen_movi_i32(r, c == TCG_COND_ALWAYS);
        return;
    }
    EMIT(INDEX_op_setcond_i32, tv(r), tv(a), tv(b), c);
}

void tcg_gen_setcond_i64(TCGCond c, TCGv_i64 r, TCGv_i64 a, TCGv_i64 b)
{
    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER) {
        tcg_gen_movi_i64(r, c == TCG_COND_ALWAYS);
        return;
    }
    EMIT(INDEX_op_setcond_i64, tv(r), tv(a), tv(b), c);
}

void tcg_gen_setcondi_i32(TCGCond c, TCGv_i32 r, TCGv_i32 a, int32_t b)
{
    tcg_gen_setcond_i32(c, r, a, C32(b));
}

void tcg_gen_setcondi_i64(TCGCond c, TCGv_i64 r, TCGv_i64 a, int64_t b)
{
    tcg_gen_setcond_i64(c, r, a, C64(b));
}

void tcg_gen_movcond_i32(TCGCond c, TCGv_i32 r, TCGv_i32 c1, TCGv_i32 c2,
                         TCGv_i32 v1, TCGv_i32 v2)
{
    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER) {
        tcg_gen_mov_i32(r, c == TCG_COND_ALWAYS ? v1 : v2);
        return;
    }
    EMIT(INDEX_op_movcond_i32, tv(r), tv(c1), tv(c2), tv(v1), tv(v2), c);
}

void tcg_gen_movcond_i64(TCGCond c, TCGv_i64 r, TCGv_i64 c1, TCGv_i64 c2,
                         TCGv_i64 v1, TCGv_i64 v2)
{
    if (c == TCG_COND_ALWAYS || c == TCG_COND_NEVER) {
        tcg_gen_mov_i64(r, c == TCG_COND_ALWAYS ? v1 : v2);
        return;
    }
    EMIT(INDEX_op_movcond_i64, tv(r), tv(c1), tv(c2), tv(v1), tv(v2), c);
}

static TCGArg label_arg(TCGLabel *l)
{
    g_assert(l && (uintptr_t)l <= (uintptr_t)tcg_ctx->nb_labels);
    return (uintptr_t)l - 1;
}

void tcg_gen_brcond_i32(TCGCond c, TCGv_i32 a, TCGv_i32 b, TCGLabel *l)
{
    if (c == TCG_COND_ALWAYS) {
        tcg_gen_br(l);
    } else if (c != TCG_COND_NEVER) {
        EMIT(INDEX_op_brcond_i32, tv(a), tv(b), c, label_arg(l));
    }
}

void tcg_gen_brcond_i64(TCGCond c, TCGv_i64 a, TCGv_i64 b, TCGLabel *l)
{
    if (c == TCG_COND_ALWAYS) {
        tcg_gen_br(l);
    } else if (c != TCG_COND_NEVER) {
        EMIT(INDEX_op_brcond_i64, tv(a), tv(b), c, label_arg(l));
    }
}

void tcg_gen_brcondi_i32(TCGCond c, TCGv_i32 a, int32_t b, TCGLabel *l)
{
    tcg_gen_brcond_i32(c, a, C32(b), l);
}

void tcg_gen_brcondi_i64(TCGCond c, TCGv_i64 a, int64_t b, TCGLabel *l)
{
    tcg_gen_brcond_i64(c, a, C64(b), l);
}

/* ---- Double-word arithmetic ----------------------------------------------------------- */

/* The two halves must go to different temps. */
#define DWORD_BOTH(W, TV) \
    void tcg_gen_add2_##W(TV rl, TV rh, TV al, TV ah, TV bl, TV bh) \
    { g_assert(rl != rh); \
      EMIT(INDEX_op_add2_##W, tv(rl), tv(rh), tv(al), tv(ah), tv(bl), tv(bh)); } \
    void tcg_gen_sub2_##W(TV rl, TV rh, TV al, TV ah, TV bl, TV bh) \
    { g_assert(rl != rh); \
      EMIT(INDEX_op_sub2_##W, tv(rl), tv(rh), tv(al), tv(ah), tv(bl), tv(bh)); } \
    void tcg_gen_mulu2_##W(TV rl, TV rh, TV a, TV b) \
    { g_assert(rl != rh); EMIT(INDEX_op_mulu2_##W, tv(rl), tv(rh), tv(a), tv(b)); } \
    void tcg_gen_muls2_##W(TV rl, TV rh, TV a, TV b) \
    { g_assert(rl != rh); EMIT(INDEX_op_muls2_##W, tv(rl), tv(rh), tv(a), tv(b)); }

DWORD_BOTH(i32, TCGv_i32)
DWORD_BOTH(i64, TCGv_i64)

/* ---- Host memory --------------------------------------------------------------------- */

#define LDST(name, W, TV) \
    void tcg_gen_##name##_##W(TV v, TCGv_ptr base, intptr_t ofs) \
    { g_assert(ofs >= INT32_MIN && ofs <= INT32_MAX); \
      EMIT(INDEX_op_##name##_##W, tv(v), tv(base), (TCGArg)ofs); }

LDST(ld8u, i32, TCGv_i32)
LDST(ld8s, i32, TCGv_i32)
LDST(ld16u, i32, TCGv_i32)
LDST(ld16s, i32, TCGv_i32)
LDST(ld, i32, TCGv_i32)
LDST(st8, i32, TCGv_i32)
LDST(st16, i32, TCGv_i32)
LDST(st, i32, TCGv_i32)
LDST(ld8u, i64, TCGv_i64)
LDST(ld8s, i64, TCGv_i64)
LDST(ld16u, i64, TCGv_i64)
LDST(ld16s, i64, TCGv_i64)
LDST(ld32u, i64, TCGv_i64)
LDST(ld32s, i64, TCGv_i64)
LDST(ld, i64, TCGv_i64)
LDST(st8, i64, TCGv_i64)
LDST(st16, i64, TCGv_i64)
LDST(st32, i64, TCGv_i64)
LDST(st, i64, TCGv_i64)

void tcg_gen_discard_i32(TCGv_i32 v)
{
    EMIT(INDEX_op_discard, tv(v));
}

void tcg_gen_discard_i64(TCGv_i64 v)
{
    EMIT(INDEX_op_discard, tv(v));
}

/* ---- Width changes ------------------------------------------------------------------- */

void tcg_gen_extrl_i64_i32(TCGv_i32 r, TCGv_i64 a)
{
    EMIT(INDEX_op_extrl_i64_i32, tv(r), tv(a));
}

void tcg_gen_extrh_i64_i32(TCGv_i32 r, TCGv_i64 a)
{
    EMIT(INDEX_op_extrh_i64_i32, tv(r), tv(a));
}

void tcg_gen_extu_i32_i64(TCGv_i64 r, TCGv_i32 a)
{
    EMIT(INDEX_op_extu_i32_i64, tv(r), tv(a));
}

void tcg_gen_ext_i32_i64(TCGv_i64 r, TCGv_i32 a)
{
    EMIT(INDEX_op_ext_i32_i64, tv(r), tv(a));
}

void tcg_gen_concat_i32_i64(TCGv_i64 r, TCGv_i32 lo, TCGv_i32 hi)
{
    TCGv_i64 t1 = tcg_temp_new_i64(), t2 = tcg_temp_new_i64();

    tcg_gen_extu_i32_i64(t1, lo);
    tcg_gen_extu_i32_i64(t2, hi);
    tcg_gen_shli_i64(t2, t2, 32);
    tcg_gen_or_i64(r, t1, t2);
    tcg_temp_free_i64(t1);
    tcg_temp_free_i64(t2);
}

/* ---- Guest memory -------------------------------------------------------------------- */

static void gen_ldst(TCGOpcode opc, TCGArg val, TCGArg addr, unsigned mmu_idx, MemOp memop,
                     bool is64, bool is_ld)
{
    unsigned size = memop & MO_SIZE;

    g_assert(mmu_idx < tcg_ctx->cfg.nb_mmu_modes);
    g_assert(size <= (is64 ? MO_64 : MO_32));
    /* A sign bit means nothing for stores or for loads filling the whole temp. */
    if (!is_ld || size == (is64 ? MO_64 : MO_32)) {
        memop &= ~MO_SIGN;
    }
    if (size == MO_8) {
        memop &= ~MO_BSWAP;
    }
    EMIT(opc, val, addr, make_memop_idx(memop, mmu_idx));
}

void tcg_gen_qemu_ld_i32(TCGv_i32 v, TCGv_i64 addr, unsigned idx, MemOp mop)
{
    gen_ldst(INDEX_op_qemu_ld_i32, tv(v), tv(addr), idx, mop, false, true);
}

void tcg_gen_qemu_ld_i64(TCGv_i64 v, TCGv_i64 addr, unsigned idx, MemOp mop)
{
    gen_ldst(INDEX_op_qemu_ld_i64, tv(v), tv(addr), idx, mop, true, true);
}

void tcg_gen_qemu_st_i32(TCGv_i32 v, TCGv_i64 addr, unsigned idx, MemOp mop)
{
    gen_ldst(INDEX_op_qemu_st_i32, tv(v), tv(addr), idx, mop, false, false);
}

void tcg_gen_qemu_st_i64(TCGv_i64 v, TCGv_i64 addr, unsigned idx, MemOp mop)
{
    gen_ldst(INDEX_op_qemu_st_i64, tv(v), tv(addr), idx, mop, true, false);
}

void tcg_gen_qemu_ld_i32_a32(TCGv_i32 v, TCGv_i32 addr, unsigned idx, MemOp mop)
{
    gen_ldst(INDEX_op_qemu_ld_i32, tv(v), tv(addr), idx, mop, false, true);
}

void tcg_gen_qemu_ld_i64_a32(TCGv_i64 v, TCGv_i32 addr, unsigned idx, MemOp mop)
{
    gen_ldst(INDEX_op_qemu_ld_i64, tv(v), tv(addr), idx, mop, true, true);
}

void tcg_gen_qemu_st_i32_a32(TCGv_i32 v, TCGv_i32 addr, unsigned idx, MemOp mop)
{
    gen_ldst(INDEX_op_qemu_st_i32, tv(v), tv(addr), idx, mop, false, false);
}

void tcg_gen_qemu_st_i64_a32(TCGv_i64 v, TCGv_i32 addr, unsigned idx, MemOp mop)
{
    gen_ldst(INDEX_op_qemu_st_i64, tv(v), tv(addr), idx, mop, true, false);
}

/* ---- Control flow -------------------------------------------------------------------- */

void tcg_gen_br(TCGLabel *l)
{
    EMIT(INDEX_op_br, label_arg(l));
}

void tcg_gen_set_label(TCGLabel *l)
{
    TCGArg a = label_arg(l);

    g_assert(!tcg_ctx->labels[a].present);
    tcg_ctx->labels[a].present = true;
    EMIT(INDEX_op_set_label, a);
}

void tcg_gen_insn_start(uint64_t w0, uint64_t w1, uint64_t w2)
{
    EMIT(INDEX_op_insn_start, w0, w1, w2);
}

void tcg_gen_exit_tb(uintptr_t val)
{
    EMIT(INDEX_op_exit_tb, val);
}

void tcg_gen_goto_tb(unsigned n)
{
    g_assert(n < 2 && tcg_ctx->goto_tb_count[n] == 0);
    tcg_ctx->goto_tb_count[n]++;
    EMIT(INDEX_op_goto_tb, n);
}

void tcg_gen_goto_ptr(TCGv_ptr ptr)
{
    EMIT(INDEX_op_goto_ptr, tv(ptr));
}

void tcg_gen_mb(unsigned type)
{
    EMIT(INDEX_op_mb, type & TCG_MO_ALL);
}

void tcg_gen_callN(void *func, unsigned flags, TCGTemp *ret, int nargs, TCGTemp *args[])
{
    TCGContext *s = tcg_ctx;
    TCGArg a[TCG_MAX_OP_ARGS];
    int n = 0;
    TCGOp *op;

    g_assert(nargs >= 0 && nargs <= TCG_MAX_CALL_ARGS);
    if (ret) {
        a[n++] = ret - s->temps;
    }
    for (int i = 0; i < nargs; i++) {
        a[n++] = args[i] - s->temps;
    }
    a[n++] = (uintptr_t)func;
    a[n++] = flags;
    op = tcg_emit_op(s, INDEX_op_call, n, a);
    op->call_o = ret ? 1 : 0;
    op->call_i = nargs;
}

void tcg_gen_call0(void *func, unsigned flags, TCGTemp *ret)
{
    tcg_gen_callN(func, flags, ret, 0, NULL);
}

void tcg_gen_call1(void *func, unsigned flags, TCGTemp *ret, TCGTemp *a1)
{
    TCGTemp *args[] = { a1 };
    tcg_gen_callN(func, flags, ret, 1, args);
}

void tcg_gen_call2(void *func, unsigned flags, TCGTemp *ret, TCGTemp *a1, TCGTemp *a2)
{
    TCGTemp *args[] = { a1, a2 };
    tcg_gen_callN(func, flags, ret, 2, args);
}

void tcg_gen_call3(void *func, unsigned flags, TCGTemp *ret, TCGTemp *a1, TCGTemp *a2,
                   TCGTemp *a3)
{
    TCGTemp *args[] = { a1, a2, a3 };
    tcg_gen_callN(func, flags, ret, 3, args);
}

void tcg_gen_call4(void *func, unsigned flags, TCGTemp *ret, TCGTemp *a1, TCGTemp *a2,
                   TCGTemp *a3, TCGTemp *a4)
{
    TCGTemp *args[] = { a1, a2, a3, a4 };
    tcg_gen_callN(func, flags, ret, 4, args);
}
