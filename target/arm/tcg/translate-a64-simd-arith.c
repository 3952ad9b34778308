/*
 * The AdvSIMD arithmetic groups, vector and scalar: three same, three
 * different, two-register miscellaneous, shift by immediate and by element.
 * Decode is data: tables map each opcode to its helper and the element
 * sizes it allows; the bitwise operations run inline, every other lane
 * operation in helper-simd.c / helper-simd-fp.c.
 */
#include "qemu/osdep.h"
#include "target/arm/tcg/translate-a64-simd.h"

/* An integer operation: its helper and the element sizes (bit i: size i) it accepts. */
typedef struct SimdIntOp {
    SimdHelper *fn;
    uint8_t vec_sizes;      /* size 3 also needs Q in the vector form */
    uint8_t scalar_sizes;
} SimdIntOp;

#define SZ_BHS 0x7
#define SZ_ALL 0xf
#define SZ_HS 0x6
#define SZ_D 0x8
#define SZ_B 0x1

/* An FP operation: the helper, its data (rounding mode) and where it exists. */
typedef struct SimdFpOp {
    SimdHelper *fn;
    uint8_t data;
    uint8_t forms;
} SimdFpOp;

#define F_VEC 1
#define F_SCALAR 2
#define F_BOTH 3

static void simd_undef(DisasContext *s)
{
    unallocated_encoding(s);
}

/* ---- three same ----------------------------------------------------------------------- */

/* [opcode][U] for the integer opcodes 0x00..0x17 (0x03 is the bitwise group). */
static const SimdIntOp three_same_int[0x18][2] = {
    [0x00] = { { helper_simd_shadd, SZ_BHS, 0 }, { helper_simd_uhadd, SZ_BHS, 0 } },
    [0x01] = { { helper_simd_sqadd, SZ_ALL, SZ_ALL }, { helper_simd_uqadd, SZ_ALL, SZ_ALL } },
    [0x02] = { { helper_simd_srhadd, SZ_BHS, 0 }, { helper_simd_urhadd, SZ_BHS, 0 } },
    [0x04] = { { helper_simd_shsub, SZ_BHS, 0 }, { helper_simd_uhsub, SZ_BHS, 0 } },
    [0x05] = { { helper_simd_sqsub, SZ_ALL, SZ_ALL }, { helper_simd_uqsub, SZ_ALL, SZ_ALL } },
    [0x06] = { { helper_simd_cmgt, SZ_ALL, SZ_D }, { helper_simd_cmhi, SZ_ALL, SZ_D } },
    [0x07] = { { helper_simd_cmge, SZ_ALL, SZ_D }, { helper_simd_cmhs, SZ_ALL, SZ_D } },
    [0x08] = { { helper_simd_sshl, SZ_ALL, SZ_D }, { helper_simd_ushl, SZ_ALL, SZ_D } },
    [0x09] = { { helper_simd_sqshl, SZ_ALL, SZ_ALL }, { helper_simd_uqshl, SZ_ALL, SZ_ALL } },
    [0x0a] = { { helper_simd_srshl, SZ_ALL, SZ_D }, { helper_simd_urshl, SZ_ALL, SZ_D } },
    [0x0b] = { { helper_simd_sqrshl, SZ_ALL, SZ_ALL },
               { helper_simd_uqrshl, SZ_ALL, SZ_ALL } },
    [0x0c] = { { helper_simd_smax, SZ_BHS, 0 }, { helper_simd_umax, SZ_BHS, 0 } },
    [0x0d] = { { helper_simd_smin, SZ_BHS, 0 }, { helper_simd_umin, SZ_BHS, 0 } },
    [0x0e] = { { helper_simd_sabd, SZ_BHS, 0 }, { helper_simd_uabd, SZ_BHS, 0 } },
    [0x0f] = { { helper_simd_saba, SZ_BHS, 0 }, { helper_simd_uaba, SZ_BHS, 0 } },
    [0x10] = { { helper_simd_add, SZ_ALL, SZ_D }, { helper_simd_sub, SZ_ALL, SZ_D } },
    [0x11] = { { helper_simd_cmtst, SZ_ALL, SZ_D }, { helper_simd_cmeq, SZ_ALL, SZ_D } },
    [0x12] = { { helper_simd_mla, SZ_BHS, 0 }, { helper_simd_mls, SZ_BHS, 0 } },
    [0x13] = { { helper_simd_mul, SZ_BHS, 0 }, { helper_simd_pmul, SZ_B, 0 } },
    [0x14] = { { helper_simd_smaxp, SZ_BHS, 0 }, { helper_simd_umaxp, SZ_BHS, 0 } },
    [0x15] = { { helper_simd_sminp, SZ_BHS, 0 }, { helper_simd_uminp, SZ_BHS, 0 } },
    [0x16] = { { helper_simd_sqdmulh, SZ_HS, SZ_HS }, { helper_simd_sqrdmulh, SZ_HS, SZ_HS } },
    [0x17] = { { helper_simd_addp, SZ_ALL, 0 }, { NULL, 0, 0 } },
};

/* [U][size<1>][opcode - 0x18] for the FP opcodes. */
static const SimdFpOp three_same_fp[2][2][8] = {
    { { { helper_simd_fmaxnm, 0, F_VEC }, { helper_simd_fmla, 0, F_VEC },
        { helper_simd_fadd, 0, F_VEC }, { helper_simd_fmulx, 0, F_BOTH },
        { helper_simd_fcmeq, 0, F_BOTH }, { NULL, 0, 0 },
        { helper_simd_fmax, 0, F_VEC }, { helper_simd_frecps, 0, F_BOTH } },
      { { helper_simd_fminnm, 0, F_VEC }, { helper_simd_fmls, 0, F_VEC },
        { helper_simd_fsub, 0, F_VEC }, { NULL, 0, 0 }, { NULL, 0, 0 }, { NULL, 0, 0 },
        { helper_simd_fmin, 0, F_VEC }, { helper_simd_frsqrts, 0, F_BOTH } } },
    { { { helper_simd_fmaxnmp, 0, F_VEC }, { NULL, 0, 0 },
        { helper_simd_faddp, 0, F_VEC }, { helper_simd_fmul, 0, F_VEC },
        { helper_simd_fcmge, 0, F_BOTH }, { helper_simd_facge, 0, F_BOTH },
        { helper_simd_fmaxp, 0, F_VEC }, { helper_simd_fdiv, 0, F_VEC } },
      { { helper_simd_fminnmp, 0, F_VEC }, { NULL, 0, 0 },
        { helper_simd_fabd, 0, F_BOTH }, { NULL, 0, 0 },
        { helper_simd_fcmgt, 0, F_BOTH }, { helper_simd_facgt, 0, F_BOTH },
        { helper_simd_fminp, 0, F_VEC }, { NULL, 0, 0 } } },
};

/* AND, BIC, ORR, ORN, EOR, BSL, BIT, BIF on both halves. */
static void gen_simd_logic(unsigned op, int rd, int rn, int rm, bool q)
{
    for (int half = 0; half < (q ? 2 : 1); half++) {
        TCGv_i64 n = tcg_temp_new_i64(), m = tcg_temp_new_i64(), d = tcg_temp_new_i64();
        TCGv_i64 t = tcg_temp_new_i64();

        tcg_gen_ld_i64(n, tcg_env, vreg_half_offset(rn, half));
        tcg_gen_ld_i64(m, tcg_env, vreg_half_offset(rm, half));
        switch (op) {
        case 0: tcg_gen_and_i64(d, n, m); break;
        case 1: tcg_gen_andc_i64(d, n, m); break;
        case 2: tcg_gen_or_i64(d, n, m); break;
        case 3: tcg_gen_orc_i64(d, n, m); break;
        case 4: tcg_gen_xor_i64(d, n, m); break;
        default:
            tcg_gen_ld_i64(d, tcg_env, vreg_half_offset(rd, half));
            tcg_gen_xor_i64(t, n, op == 5 ? m : d);
            if (op == 5) {          /* BSL: d ? n : m */
                tcg_gen_and_i64(t, t, d);
                tcg_gen_xor_i64(d, t, m);
            } else if (op == 6) {   /* BIT: m ? n : d */
                tcg_gen_and_i64(t, t, m);
                tcg_gen_xor_i64(d, d, t);
            } else {                /* BIF: m ? d : n */
                tcg_gen_andc_i64(t, t, m);
                tcg_gen_xor_i64(d, d, t);
            }
            break;
        }
        tcg_gen_st_i64(d, tcg_env, vreg_half_offset(rd, half));
    }
    if (!q) {
        simd_clear_high(rd);
    }
}

/*
 * ADD, SUB and CMEQ inline, the commonest integer forms (string functions use
 * CMEQ all the time): 64-bit halves, with lanes of 2^size bytes kept apart by
 * SWAR arithmetic (H = the lanes' top bits, so no carry crosses a lane).
 */
enum { INLINE_ADD, INLINE_SUB, INLINE_CMEQ };

static void gen_swar_half(int op, TCGv_i64 d, TCGv_i64 a, TCGv_i64 b, int size)
{
    static const uint64_t tops[3] = {
        0x8080808080808080ULL, 0x8000800080008000ULL, 0x8000000080000000ULL,
    };
    uint64_t h = tops[size];
    TCGv_i64 t = tcg_temp_new_i64(), u = tcg_temp_new_i64();

    switch (op) {
    case INLINE_ADD:    /* ((a & ~H) + (b & ~H)) ^ ((a ^ b) & H) */
        tcg_gen_andi_i64(t, a, (int64_t)~h);
        tcg_gen_andi_i64(u, b, (int64_t)~h);
        tcg_gen_add_i64(t, t, u);
        tcg_gen_xor_i64(u, a, b);
        break;
    case INLINE_SUB:    /* ((a | H) - (b & ~H)) ^ ((a ^ ~b) & H) */
        tcg_gen_ori_i64(t, a, (int64_t)h);
        tcg_gen_andi_i64(u, b, (int64_t)~h);
        tcg_gen_sub_i64(t, t, u);
        tcg_gen_eqv_i64(u, a, b);
        break;
    default:            /* a lane of a ^ b is zero iff its top bit and its low bits are */
        tcg_gen_xor_i64(u, a, b);
        tcg_gen_andi_i64(t, u, (int64_t)~h);
        tcg_gen_addi_i64(t, t, (int64_t)~h);
        tcg_gen_or_i64(t, t, u);
        tcg_gen_andc_i64(t, tcg_constant_i64((int64_t)h), t);
        tcg_gen_shri_i64(t, t, (8u << size) - 1);
        tcg_gen_muli_i64(d, t, (int64_t)((1ULL << (8u << size)) - 1));
        return;
    }
    tcg_gen_andi_i64(u, u, (int64_t)h);
    tcg_gen_xor_i64(d, t, u);
}

static void gen_simd_inline(int op, int rd, int rn, int rm, int size, int halves)
{
    TCGv_i64 res[2];

    /* Both halves are computed before either is written: Rd may be a source. */
    for (int half = 0; half < halves; half++) {
        TCGv_i64 n = tcg_temp_new_i64(), m = tcg_temp_new_i64();

        res[half] = tcg_temp_new_i64();
        tcg_gen_ld_i64(n, tcg_env, vreg_half_offset(rn, half));
        if (rm < 0) {
            tcg_gen_movi_i64(m, 0);
        } else {
            tcg_gen_ld_i64(m, tcg_env, vreg_half_offset(rm, half));
        }
        if (size < 3) {
            gen_swar_half(op, res[half], n, m, size);
        } else if (op == INLINE_ADD) {
            tcg_gen_add_i64(res[half], n, m);
        } else if (op == INLINE_SUB) {
            tcg_gen_sub_i64(res[half], n, m);
        } else {
            tcg_gen_setcond_i64(TCG_COND_EQ, res[half], n, m);
            tcg_gen_neg_i64(res[half], res[half]);
        }
    }
    simd_write_halves(rd, res[0], halves == 2 ? res[1] : tcg_constant_i64(0));
}

void a64_simd_three_same(DisasContext *s, uint32_t insn, bool scalar)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5), rm = field32(insn, 16, 5);
    unsigned opcode = field32(insn, 11, 5), size = field32(insn, 22, 2);
    bool q = field32(insn, 30, 1), u = field32(insn, 29, 1);
    const SimdIntOp *op;

    if (opcode >= 0x18) {
        const SimdFpOp *f = &three_same_fp[u][size >> 1][opcode - 0x18];

        if (!f->fn || !(f->forms & (scalar ? F_SCALAR : F_VEC)) ||
            (!scalar && (size & 1) && !q)) {
            simd_undef(s);
            return;
        }
        gen_simd_helper(f->fn, SIMD_DESC(rd, rn, rm, 2 + (size & 1), q, scalar, 0, 0, f->data));
        return;
    }
    if (opcode == 0x03) {
        if (scalar) {
            simd_undef(s);
            return;
        }
        gen_simd_logic(size + (u ? 4 : 0), rd, rn, rm, q);
        return;
    }
    op = &three_same_int[opcode][u];
    if (!op->fn || !((scalar ? op->scalar_sizes : op->vec_sizes) & (1u << size)) ||
        (!scalar && size == 3 && !q)) {
        simd_undef(s);
        return;
    }
    if (opcode == 0x10 || (opcode == 0x11 && u)) {
        gen_simd_inline(opcode == 0x11 ? INLINE_CMEQ : u ? INLINE_SUB : INLINE_ADD, rd, rn, rm,
                        size, (q && !scalar) ? 2 : 1);
        return;
    }
    gen_simd_helper(op->fn, SIMD_DESC(rd, rn, rm, size, q, scalar, 0, 0, 0));
}

/* ---- three different --------------------------------------------------------------------- */

static const SimdIntOp three_diff[16][2] = {
    [0x0] = { { helper_simd_saddl, SZ_BHS, 0 }, { helper_simd_uaddl, SZ_BHS, 0 } },
    [0x1] = { { helper_simd_saddw, SZ_BHS, 0 }, { helper_simd_uaddw, SZ_BHS, 0 } },
    [0x2] = { { helper_simd_ssubl, SZ_BHS, 0 }, { helper_simd_usubl, SZ_BHS, 0 } },
    [0x3] = { { helper_simd_ssubw, SZ_BHS, 0 }, { helper_simd_usubw, SZ_BHS, 0 } },
    [0x4] = { { helper_simd_addhn, SZ_BHS, 0 }, { helper_simd_raddhn, SZ_BHS, 0 } },
    [0x5] = { { helper_simd_sabal, SZ_BHS, 0 }, { helper_simd_uabal, SZ_BHS, 0 } },
    [0x6] = { { helper_simd_subhn, SZ_BHS, 0 }, { helper_simd_rsubhn, SZ_BHS, 0 } },
    [0x7] = { { helper_simd_sabdl, SZ_BHS, 0 }, { helper_simd_uabdl, SZ_BHS, 0 } },
    [0x8] = { { helper_simd_smlal, SZ_BHS, 0 }, { helper_simd_umlal, SZ_BHS, 0 } },
    [0x9] = { { helper_simd_sqdmlal, SZ_HS, SZ_HS }, { NULL, 0, 0 } },
    [0xa] = { { helper_simd_smlsl, SZ_BHS, 0 }, { helper_simd_umlsl, SZ_BHS, 0 } },
    [0xb] = { { helper_simd_sqdmlsl, SZ_HS, SZ_HS }, { NULL, 0, 0 } },
    [0xc] = { { helper_simd_smull, SZ_BHS, 0 }, { helper_simd_umull, SZ_BHS, 0 } },
    [0xd] = { { helper_simd_sqdmull, SZ_HS, SZ_HS }, { NULL, 0, 0 } },
    [0xe] = { { helper_simd_pmull8, SZ_B, 0 }, { NULL, 0, 0 } },
};

void a64_simd_three_diff(DisasContext *s, uint32_t insn, bool scalar)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5), rm = field32(insn, 16, 5);
    unsigned opcode = field32(insn, 12, 4), size = field32(insn, 22, 2);
    bool q = field32(insn, 30, 1), u = field32(insn, 29, 1);
    const SimdIntOp *op = &three_diff[opcode][u];

    if (!scalar && opcode == 0xe && !u && size == 3) {
        /* PMULL/PMULL2 (1Q <- 1D x 1D), part of the AES extension */
        if (!dc_feature(s, ARM_FEATURE_AES)) {
            simd_undef(s);
            return;
        }
        gen_simd_helper(helper_crypto_pmull64, SIMD_DESC(rd, rn, rm, 3, q, 0, 0, 0, 0));
        return;
    }
    if (!op->fn || !((scalar ? op->scalar_sizes : op->vec_sizes) & (1u << size))) {
        simd_undef(s);
        return;
    }
    gen_simd_helper(op->fn, SIMD_DESC(rd, rn, rm, size, q, scalar, 0, 0, 0));
}

/* ---- two-register miscellaneous ------------------------------------------------------------ */

/* [opcode][U] for the integer opcodes 0x00..0x14 (0x05 NOT/RBIT/CNT is decoded apart). */
static const SimdIntOp two_misc_int[0x15][2] = {
    [0x02] = { { helper_simd_saddlp, SZ_BHS, 0 }, { helper_simd_uaddlp, SZ_BHS, 0 } },
    [0x03] = { { helper_simd_suqadd, SZ_ALL, SZ_ALL }, { helper_simd_usqadd, SZ_ALL, SZ_ALL } },
    [0x04] = { { helper_simd_cls, SZ_BHS, 0 }, { helper_simd_clz, SZ_BHS, 0 } },
    [0x06] = { { helper_simd_sadalp, SZ_BHS, 0 }, { helper_simd_uadalp, SZ_BHS, 0 } },
    [0x07] = { { helper_simd_sqabs, SZ_ALL, SZ_ALL }, { helper_simd_sqneg, SZ_ALL, SZ_ALL } },
    [0x08] = { { helper_simd_cmgt0, SZ_ALL, SZ_D }, { helper_simd_cmge0, SZ_ALL, SZ_D } },
    [0x09] = { { helper_simd_cmeq0, SZ_ALL, SZ_D }, { helper_simd_cmle0, SZ_ALL, SZ_D } },
    [0x0a] = { { helper_simd_cmlt0, SZ_ALL, SZ_D }, { NULL, 0, 0 } },
    [0x0b] = { { helper_simd_abs, SZ_ALL, SZ_D }, { helper_simd_neg, SZ_ALL, SZ_D } },
    [0x12] = { { helper_simd_xtn, SZ_BHS, 0 }, { helper_simd_sqxtun, SZ_BHS, SZ_BHS } },
    [0x13] = { { NULL, 0, 0 }, { helper_simd_shll, SZ_BHS, 0 } },
    [0x14] = { { helper_simd_sqxtn, SZ_BHS, SZ_BHS }, { helper_simd_uqxtn, SZ_BHS, SZ_BHS } },
};

#define RM_N float_round_nearest_even
#define RM_M float_round_down
#define RM_P float_round_up
#define RM_Z float_round_to_zero
#define RM_A float_round_ties_away
#define RM_X SIMD_RMODE_EXACT
#define RM_I SIMD_RMODE_FPCR

/* [U][size<1>][opcode - 0x0c] for the FP opcodes 0x0c..0x1f. */
static const SimdFpOp two_misc_fp[2][2][20] = {
    { { [0x0a] = { helper_simd_fcvtn, 0, F_VEC }, [0x0b] = { helper_simd_fcvtl, 0, F_VEC },
        [0x0c] = { helper_simd_frint, RM_N, F_VEC }, [0x0d] = { helper_simd_frint, RM_M, F_VEC },
        [0x0e] = { helper_simd_fcvts, RM_N, F_BOTH }, [0x0f] = { helper_simd_fcvts, RM_M, F_BOTH },
        [0x10] = { helper_simd_fcvts, RM_A, F_BOTH }, [0x11] = { helper_simd_scvtf, 0, F_BOTH } },
      { [0x00] = { helper_simd_fcmgt0, 0, F_BOTH }, [0x01] = { helper_simd_fcmeq0, 0, F_BOTH },
        [0x02] = { helper_simd_fcmlt0, 0, F_BOTH }, [0x03] = { helper_simd_fabs, 0, F_VEC },
        [0x0c] = { helper_simd_frint, RM_P, F_VEC }, [0x0d] = { helper_simd_frint, RM_Z, F_VEC },
        [0x0e] = { helper_simd_fcvts, RM_P, F_BOTH }, [0x0f] = { helper_simd_fcvts, RM_Z, F_BOTH },
        [0x10] = { helper_simd_urecpe, 0, F_VEC }, [0x11] = { helper_simd_frecpe, 0, F_BOTH },
        [0x13] = { helper_simd_frecpx, 0, F_SCALAR } } },
    { { [0x0a] = { helper_simd_fcvtxn, 0, F_BOTH },
        [0x0c] = { helper_simd_frint, RM_A, F_VEC }, [0x0d] = { helper_simd_frint, RM_X, F_VEC },
        [0x0e] = { helper_simd_fcvtu, RM_N, F_BOTH }, [0x0f] = { helper_simd_fcvtu, RM_M, F_BOTH },
        [0x10] = { helper_simd_fcvtu, RM_A, F_BOTH }, [0x11] = { helper_simd_ucvtf, 0, F_BOTH } },
      { [0x00] = { helper_simd_fcmge0, 0, F_BOTH }, [0x01] = { helper_simd_fcmle0, 0, F_BOTH },
        [0x03] = { helper_simd_fneg, 0, F_VEC },
        [0x0d] = { helper_simd_frint, RM_I, F_VEC },
        [0x0e] = { helper_simd_fcvtu, RM_P, F_BOTH }, [0x0f] = { helper_simd_fcvtu, RM_Z, F_BOTH },
        [0x10] = { helper_simd_ursqrte, 0, F_VEC }, [0x11] = { helper_simd_frsqrte, 0, F_BOTH },
        [0x13] = { helper_simd_fsqrt, 0, F_VEC } } },
};

static void disas_two_misc_fp(DisasContext *s, uint32_t insn, bool scalar)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned opcode = field32(insn, 12, 5), size = field32(insn, 22, 2);
    bool q = field32(insn, 30, 1), u = field32(insn, 29, 1), sz = size & 1;
    const SimdFpOp *f = &two_misc_fp[u][size >> 1][opcode - 0x0c];
    unsigned esize = 2 + sz;

    if (!f->fn || !(f->forms & (scalar ? F_SCALAR : F_VEC))) {
        simd_undef(s);
        return;
    }
    if (f->fn == helper_simd_fcvtn || f->fn == helper_simd_fcvtl) {
        esize = 1 + sz;     /* the narrow size: half <-> single, single <-> double */
    } else if (f->fn == helper_simd_fcvtxn) {
        if (!sz) {
            simd_undef(s);
            return;
        }
        esize = 2;
    } else if (f->fn == helper_simd_urecpe || f->fn == helper_simd_ursqrte) {
        if (sz) {
            simd_undef(s);
            return;
        }
    } else if (!scalar && sz && !q) {
        simd_undef(s);
        return;
    }
    gen_simd_helper(f->fn, SIMD_DESC(rd, rn, 0, esize, q, scalar, 0, 0, f->data));
}

/* NOT of both halves inline. */
static void gen_simd_not(int rd, int rn, bool q)
{
    for (int half = 0; half < (q ? 2 : 1); half++) {
        TCGv_i64 t = tcg_temp_new_i64();

        tcg_gen_ld_i64(t, tcg_env, vreg_half_offset(rn, half));
        tcg_gen_not_i64(t, t);
        tcg_gen_st_i64(t, tcg_env, vreg_half_offset(rd, half));
    }
    if (!q) {
        simd_clear_high(rd);
    }
}

void a64_simd_two_misc(DisasContext *s, uint32_t insn, bool scalar)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned opcode = field32(insn, 12, 5), size = field32(insn, 22, 2);
    bool q = field32(insn, 30, 1), u = field32(insn, 29, 1);
    const SimdIntOp *op;
    bool narrow_or_long = opcode >= 0x12 && opcode <= 0x14;

    if (opcode >= 0x0c && opcode != 0x12 && opcode != 0x13 && opcode != 0x14) {
        disas_two_misc_fp(s, insn, scalar);
        return;
    }
    if (!scalar && opcode <= 0x01) {
        /* REV64 (U 0), REV32 (U 1), REV16 (opcode 1, U 0): elements smaller than the container */
        unsigned container = opcode == 1 ? 1 : (u ? 2 : 3);

        if (opcode == 1 && u) {
            simd_undef(s);
            return;
        }
        if (size >= container) {
            simd_undef(s);
            return;
        }
        gen_simd_helper(helper_simd_rev, SIMD_DESC(rd, rn, 0, size, q, 0, 0, 0, container));
        return;
    }
    if (!scalar && opcode == 0x05) {
        if (!u && size == 0) {
            gen_simd_helper(helper_simd_cnt, SIMD_DESC(rd, rn, 0, 0, q, 0, 0, 0, 0));
        } else if (u && size == 0) {
            gen_simd_not(rd, rn, q);
        } else if (u && size == 1) {
            gen_simd_helper(helper_simd_rbit, SIMD_DESC(rd, rn, 0, 0, q, 0, 0, 0, 0));
        } else {
            simd_undef(s);
        }
        return;
    }
    if (opcode > 0x14) {
        simd_undef(s);
        return;
    }
    op = &two_misc_int[opcode][u];
    if (!op->fn || !((scalar ? op->scalar_sizes : op->vec_sizes) & (1u << size)) ||
        (!scalar && !narrow_or_long && size == 3 && !q)) {
        simd_undef(s);
        return;
    }
    if (opcode == 0x09 && !u) {
        gen_simd_inline(INLINE_CMEQ, rd, rn, -1, size, (q && !scalar) ? 2 : 1);   /* CMEQ #0 */
        return;
    }
    gen_simd_helper(op->fn, SIMD_DESC(rd, rn, 0, size, q, scalar, 0, 0, 0));
}

/* ---- shift by immediate ------------------------------------------------------------------- */

enum { SH_RIGHT, SH_LEFT, SH_NARROW, SH_LONG, SH_FIX };

typedef struct SimdShiftOp {
    SimdHelper *fn;
    uint8_t kind;           /* SH_*: how the amount is encoded and the shape */
    uint8_t forms;          /* F_VEC / F_SCALAR */
    bool scalar_any_size;   /* else the scalar form is 64-bit only */
} SimdShiftOp;

/* [opcode][U] */
static const SimdShiftOp shift_imm[0x20][2] = {
    [0x00] = { { helper_simd_sshr, SH_RIGHT, F_BOTH, false },
               { helper_simd_ushr, SH_RIGHT, F_BOTH, false } },
    [0x02] = { { helper_simd_ssra, SH_RIGHT, F_BOTH, false },
               { helper_simd_usra, SH_RIGHT, F_BOTH, false } },
    [0x04] = { { helper_simd_srshr, SH_RIGHT, F_BOTH, false },
               { helper_simd_urshr, SH_RIGHT, F_BOTH, false } },
    [0x06] = { { helper_simd_srsra, SH_RIGHT, F_BOTH, false },
               { helper_simd_ursra, SH_RIGHT, F_BOTH, false } },
    [0x08] = { { NULL, 0, 0, false }, { helper_simd_sri, SH_RIGHT, F_BOTH, false } },
    [0x0a] = { { helper_simd_shl, SH_LEFT, F_BOTH, false },
               { helper_simd_sli, SH_LEFT, F_BOTH, false } },
    [0x0c] = { { NULL, 0, 0, false }, { helper_simd_sqshlu_imm, SH_LEFT, F_BOTH, true } },
    [0x0e] = { { helper_simd_sqshl_imm, SH_LEFT, F_BOTH, true },
               { helper_simd_uqshl_imm, SH_LEFT, F_BOTH, true } },
    [0x10] = { { helper_simd_shrn, SH_NARROW, F_VEC, true },
               { helper_simd_sqshrun, SH_NARROW, F_BOTH, true } },
    [0x11] = { { helper_simd_rshrn, SH_NARROW, F_VEC, true },
               { helper_simd_sqrshrun, SH_NARROW, F_BOTH, true } },
    [0x12] = { { helper_simd_sqshrn, SH_NARROW, F_BOTH, true },
               { helper_simd_uqshrn, SH_NARROW, F_BOTH, true } },
    [0x13] = { { helper_simd_sqrshrn, SH_NARROW, F_BOTH, true },
               { helper_simd_uqrshrn, SH_NARROW, F_BOTH, true } },
    [0x14] = { { helper_simd_sshll, SH_LONG, F_VEC, false },
               { helper_simd_ushll, SH_LONG, F_VEC, false } },
    [0x1c] = { { helper_simd_scvtf_fix, SH_FIX, F_BOTH, true },
               { helper_simd_ucvtf_fix, SH_FIX, F_BOTH, true } },
    [0x1f] = { { helper_simd_fcvtzs_fix, SH_FIX, F_BOTH, true },
               { helper_simd_fcvtzu_fix, SH_FIX, F_BOTH, true } },
};

void a64_simd_shift_imm(DisasContext *s, uint32_t insn, bool scalar)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned opcode = field32(insn, 11, 5), immh = field32(insn, 19, 4);
    unsigned immhb = field32(insn, 16, 7);
    bool q = field32(insn, 30, 1), u = field32(insn, 29, 1);
    const SimdShiftOp *op = &shift_imm[opcode][u];
    unsigned size, esize, amount;

    if (immh == 0 || !op->fn || !(op->forms & (scalar ? F_SCALAR : F_VEC))) {
        simd_undef(s);
        return;
    }
    size = 31 - __builtin_clz(immh);
    esize = 8u << size;
    switch (op->kind) {
    case SH_RIGHT:
    case SH_LEFT:
        if ((scalar && !op->scalar_any_size && size != 3) || (!scalar && size == 3 && !q)) {
            simd_undef(s);
            return;
        }
        amount = op->kind == SH_RIGHT ? 2 * esize - immhb : immhb - esize;
        break;
    case SH_NARROW:
        if (size == 3) {
            simd_undef(s);
            return;
        }
        amount = 2 * esize - immhb;
        break;
    case SH_LONG:
        if (size == 3) {
            simd_undef(s);
            return;
        }
        amount = immhb - esize;
        break;
    default: /* SH_FIX: single or double lanes; the amount is the fraction bits */
        if (size < 2 || (!scalar && size == 3 && !q)) {
            simd_undef(s);
            return;
        }
        amount = 2 * esize - immhb;
        break;
    }
    gen_simd_helper(op->fn, SIMD_DESC(rd, rn, 0, size, q, scalar, 0, 0, amount));
}

/* ---- by element ----------------------------------------------------------------------------- */

/* [opcode][U]: integer operations (sizes H and S), FP ones marked with vec_sizes 0. */
static const SimdIntOp by_elem[16][2] = {
    [0x0] = { { NULL, 0, 0 }, { helper_simd_mla, SZ_HS, 0 } },
    [0x1] = { { helper_simd_fmla, 0, 1 }, { NULL, 0, 0 } },
    [0x2] = { { helper_simd_smlal, SZ_HS, 0 }, { helper_simd_umlal, SZ_HS, 0 } },
    [0x3] = { { helper_simd_sqdmlal, SZ_HS, SZ_HS }, { NULL, 0, 0 } },
    [0x4] = { { NULL, 0, 0 }, { helper_simd_mls, SZ_HS, 0 } },
    [0x5] = { { helper_simd_fmls, 0, 1 }, { NULL, 0, 0 } },
    [0x6] = { { helper_simd_smlsl, SZ_HS, 0 }, { helper_simd_umlsl, SZ_HS, 0 } },
    [0x7] = { { helper_simd_sqdmlsl, SZ_HS, SZ_HS }, { NULL, 0, 0 } },
    [0x8] = { { helper_simd_mul, SZ_HS, 0 }, { NULL, 0, 0 } },
    [0x9] = { { helper_simd_fmul, 0, 1 }, { helper_simd_fmulx, 0, 1 } },
    [0xa] = { { helper_simd_smull, SZ_HS, 0 }, { helper_simd_umull, SZ_HS, 0 } },
    [0xb] = { { helper_simd_sqdmull, SZ_HS, SZ_HS }, { NULL, 0, 0 } },
    [0xc] = { { helper_simd_sqdmulh, SZ_HS, SZ_HS }, { NULL, 0, 0 } },
    [0xd] = { { helper_simd_sqrdmulh, SZ_HS, SZ_HS }, { NULL, 0, 0 } },
};

void a64_simd_by_elem(DisasContext *s, uint32_t insn, bool scalar)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5), rm = field32(insn, 16, 4);
    unsigned opcode = field32(insn, 12, 4), size = field32(insn, 22, 2);
    unsigned h = field32(insn, 11, 1), l = field32(insn, 21, 1), m = field32(insn, 20, 1);
    bool q = field32(insn, 30, 1), u = field32(insn, 29, 1);
    const SimdIntOp *op = &by_elem[opcode][u];
    unsigned idx;

    if (!op->fn) {
        simd_undef(s);
        return;
    }
    if (op->vec_sizes == 0) {
        /* FMLA, FMLS, FMUL, FMULX: single (index H:L) or double (index H) */
        if (size == 2) {
            idx = h << 1 | l;
        } else if (size == 3 && !l && (scalar || q)) {
            idx = h;
        } else {
            simd_undef(s);     /* half precision needs FEAT_FP16 */
            return;
        }
        gen_simd_helper(op->fn, SIMD_DESC(rd, rn, rm | m << 4, size, q, scalar, 1, idx, 0));
        return;
    }
    if (!((scalar ? op->scalar_sizes : op->vec_sizes) & (1u << size))) {
        simd_undef(s);
        return;
    }
    if (size == 1) {
        idx = h << 2 | l << 1 | m;
    } else {
        idx = h << 1 | l;
        rm |= m << 4;
    }
    gen_simd_helper(op->fn, SIMD_DESC(rd, rn, rm, size, q, scalar, 1, idx, 0));
}
