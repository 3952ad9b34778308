/*
 * The A64 "Data processing -- scalar FP and AdvSIMD" group (op0 = x111): the
 * scalar floating-point classes (op0 = x0x1 there) are decoded here, everything
 * else goes to a64_disas_simd() in translate-a64-simd.c.  Moves, FABS, FNEG,
 * FCSEL and FMOV (immediate) are inline IR; arithmetic, rounding, compares and
 * conversions call helper-fp.c.  The CPUs modelled are ARMv8.0 without FEAT_FP16:
 * half precision exists only as an FCVT source or destination.
 */
#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "target/arm/tcg/translate.h"
#include "target/arm/tcg/helper-fp.h"

/* ftype (bits [23:22]) values. */
enum { FTYPE_SINGLE = 0, FTYPE_DOUBLE = 1, FTYPE_RESERVED = 2, FTYPE_HALF = 3 };

#define SIGN32 0x80000000u
#define SIGN64 0x8000000000000000ull

/* ---- SIMD&FP register access ------------------------------------------------------ */

/* Dn: the low 64 bits of Vn. */
static TCGv_i64 read_fp_dreg(int n)
{
    TCGv_i64 v = tcg_temp_new_i64();

    tcg_gen_ld_i64(v, tcg_env, vreg_half_offset(n, 0));
    return v;
}

/* Sn (or Hn, with the upper 16 bits then ignored): the low 32 bits of Vn. */
static TCGv_i32 read_fp_sreg(int n)
{
    TCGv_i32 v = tcg_temp_new_i32();

    tcg_gen_ld_i32(v, tcg_env, vreg_half_offset(n, 0) + (HOST_BIG_ENDIAN ? 4 : 0));
    return v;
}

/* Scalar writes zero the rest of the 128-bit register. */
static void write_fp_dreg(int n, TCGv_i64 v)
{
    tcg_gen_st_i64(v, tcg_env, vreg_half_offset(n, 0));
    tcg_gen_st_i64(tcg_constant_i64(0), tcg_env, vreg_half_offset(n, 1));
}

static void write_fp_sreg(int n, TCGv_i32 v)
{
    TCGv_i64 t = tcg_temp_new_i64();

    tcg_gen_extu_i32_i64(t, v);
    write_fp_dreg(n, t);
}

static void write_fp_hreg(int n, TCGv_i32 v)
{
    TCGv_i64 t = tcg_temp_new_i64();

    tcg_gen_extu_i32_i64(t, v);
    tcg_gen_ext16u_i64(t, t);
    write_fp_dreg(n, t);
}

/* ---- helper calls --------------------------------------------------------------------- */

typedef uint32_t FpBinopS(CPUARMState *env, uint32_t a, uint32_t b);
typedef uint64_t FpBinopD(CPUARMState *env, uint64_t a, uint64_t b);

static TCGv_i32 gen_fp_call_s(void *fn, TCGv_i32 a, TCGv_i32 b)
{
    TCGv_i32 r = tcg_temp_new_i32();

    tcg_gen_call3(fn, TCG_CALL_NO_RWG, T32(r), TENV, T32(a), T32(b));
    return r;
}

static TCGv_i64 gen_fp_call_d(void *fn, TCGv_i64 a, TCGv_i64 b)
{
    TCGv_i64 r = tcg_temp_new_i64();

    tcg_gen_call3(fn, TCG_CALL_NO_RWG, T64(r), TENV, T64(a), T64(b));
    return r;
}

/* NZCV in bits [3:0] of nzcv into the lazy flag words (cpu.h). */
static void gen_set_nzcv(TCGv_i32 nzcv)
{
    tcg_gen_shli_i32(cpu_NF, nzcv, 28);
    tcg_gen_andi_i32(cpu_ZF, nzcv, 4);
    tcg_gen_xori_i32(cpu_ZF, cpu_ZF, 4);
    tcg_gen_extract_i32(cpu_CF, nzcv, 1, 1);
    tcg_gen_shli_i32(cpu_VF, nzcv, 31);
}

/* ---- FP data-processing (1 source) --------------------------------------------------- */

static void disas_fp_fcvt(DisasContext *s, unsigned ftype, unsigned dst, int rd, int rn)
{
    TCGv_i32 r32;
    TCGv_i64 r64;

    if (ftype == dst || ftype == FTYPE_RESERVED || dst == FTYPE_RESERVED) {
        unallocated_encoding(s);    /* (dst 2 is BFCVT, FEAT_BF16) */
        return;
    }
    switch (ftype << 2 | dst) {
    case FTYPE_SINGLE << 2 | FTYPE_DOUBLE:
        r64 = tcg_temp_new_i64();
        tcg_gen_call2((void *)helper_fp_cvt_s_to_d, TCG_CALL_NO_RWG, T64(r64), TENV,
                      T32(read_fp_sreg(rn)));
        write_fp_dreg(rd, r64);
        break;
    case FTYPE_SINGLE << 2 | FTYPE_HALF:
        r32 = tcg_temp_new_i32();
        tcg_gen_call2((void *)helper_fp_cvt_s_to_h, TCG_CALL_NO_RWG, T32(r32), TENV,
                      T32(read_fp_sreg(rn)));
        write_fp_hreg(rd, r32);
        break;
    case FTYPE_DOUBLE << 2 | FTYPE_SINGLE:
        r32 = tcg_temp_new_i32();
        tcg_gen_call2((void *)helper_fp_cvt_d_to_s, TCG_CALL_NO_RWG, T32(r32), TENV,
                      T64(read_fp_dreg(rn)));
        write_fp_sreg(rd, r32);
        break;
    case FTYPE_DOUBLE << 2 | FTYPE_HALF:
        r32 = tcg_temp_new_i32();
        tcg_gen_call2((void *)helper_fp_cvt_d_to_h, TCG_CALL_NO_RWG, T32(r32), TENV,
                      T64(read_fp_dreg(rn)));
        write_fp_hreg(rd, r32);
        break;
    case FTYPE_HALF << 2 | FTYPE_SINGLE:
        r32 = read_fp_sreg(rn);
        tcg_gen_ext16u_i32(r32, r32);
        tcg_gen_call2((void *)helper_fp_cvt_h_to_s, TCG_CALL_NO_RWG, T32(r32), TENV, T32(r32));
        write_fp_sreg(rd, r32);
        break;
    case FTYPE_HALF << 2 | FTYPE_DOUBLE:
        r32 = read_fp_sreg(rn);
        tcg_gen_ext16u_i32(r32, r32);
        r64 = tcg_temp_new_i64();
        tcg_gen_call2((void *)helper_fp_cvt_h_to_d, TCG_CALL_NO_RWG, T64(r64), TENV, T32(r32));
        write_fp_dreg(rd, r64);
        break;
    }
}

/* FRINTN, FRINTP, FRINTM, FRINTZ, FRINTA, (reserved), FRINTX, FRINTI: opcode 8..15. */
static const uint8_t frint_mode[8] = {
    float_round_nearest_even, float_round_up, float_round_down, float_round_to_zero,
    float_round_ties_away, 0xff, FP_RMODE_FPCR, FP_RMODE_FPCR,
};

/* FMOV, FABS, FNEG, FSQRT, FCVT, FRINT* */
static void disas_fp_1src(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned opcode = field32(insn, 15, 6), ftype = field32(insn, 22, 2);
    bool dbl = ftype == FTYPE_DOUBLE;
    uint32_t desc = 0;

    if (field32(insn, 31, 1) || field32(insn, 29, 1)) {
        unallocated_encoding(s);
        return;
    }
    if (opcode >= 4 && opcode <= 7) {
        disas_fp_fcvt(s, ftype, opcode & 3, rd, rn);
        return;
    }
    /* Everything else needs FEAT_FP16 for half precision. */
    if (ftype != FTYPE_SINGLE && ftype != FTYPE_DOUBLE) {
        unallocated_encoding(s);
        return;
    }
    if (opcode >= 8 && opcode <= 15) {
        if (frint_mode[opcode - 8] == 0xff) {
            unallocated_encoding(s);
            return;
        }
        desc = FP_RINT_DESC(frint_mode[opcode - 8], opcode == 14);
    } else if (opcode > 3) {
        unallocated_encoding(s);    /* FRINT32/64 (FEAT_FRINTTS), BFCVT */
        return;
    }
    if (dbl) {
        TCGv_i64 v = read_fp_dreg(rn);

        switch (opcode) {
        case 0: /* FMOV */
            break;
        case 1: /* FABS: sign only, no flags, no flush (FPCR.AH = 0) */
            tcg_gen_andi_i64(v, v, ~SIGN64);
            break;
        case 2: /* FNEG */
            tcg_gen_xori_i64(v, v, SIGN64);
            break;
        case 3:
            tcg_gen_call2((void *)helper_fp_sqrt_d, TCG_CALL_NO_RWG, T64(v), TENV, T64(v));
            break;
        default:
            tcg_gen_call3((void *)helper_fp_rint_d, TCG_CALL_NO_RWG, T64(v), TENV, T64(v),
                          T32(tcg_constant_i32(desc)));
            break;
        }
        write_fp_dreg(rd, v);
    } else {
        TCGv_i32 v = read_fp_sreg(rn);

        switch (opcode) {
        case 0:
            break;
        case 1:
            tcg_gen_andi_i32(v, v, ~SIGN32);
            break;
        case 2:
            tcg_gen_xori_i32(v, v, SIGN32);
            break;
        case 3:
            tcg_gen_call2((void *)helper_fp_sqrt_s, TCG_CALL_NO_RWG, T32(v), TENV, T32(v));
            break;
        default:
            tcg_gen_call3((void *)helper_fp_rint_s, TCG_CALL_NO_RWG, T32(v), TENV, T32(v),
                          T32(tcg_constant_i32(desc)));
            break;
        }
        write_fp_sreg(rd, v);
    }
}

/* ---- FP data-processing (2 source) --------------------------------------------------- */

/* By opcode: FMUL, FDIV, FADD, FSUB, FMAX, FMIN, FMAXNM, FMINNM; FNMUL is FMUL negated. */
static FpBinopS *const fp_binop_s[8] = {
    helper_fp_mul_s, helper_fp_div_s, helper_fp_add_s, helper_fp_sub_s,
    helper_fp_max_s, helper_fp_min_s, helper_fp_maxnm_s, helper_fp_minnm_s,
};
static FpBinopD *const fp_binop_d[8] = {
    helper_fp_mul_d, helper_fp_div_d, helper_fp_add_d, helper_fp_sub_d,
    helper_fp_max_d, helper_fp_min_d, helper_fp_maxnm_d, helper_fp_minnm_d,
};

static void disas_fp_2src(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned opcode = field32(insn, 12, 4), rm = field32(insn, 16, 5);
    unsigned ftype = field32(insn, 22, 2);
    unsigned op = opcode & 7;
    bool fnmul = opcode == 8;

    if (field32(insn, 31, 1) || field32(insn, 29, 1) || opcode > 8 ||
        (ftype != FTYPE_SINGLE && ftype != FTYPE_DOUBLE)) {
        unallocated_encoding(s);
        return;
    }
    if (ftype == FTYPE_DOUBLE) {
        TCGv_i64 r = gen_fp_call_d((void *)fp_binop_d[op], read_fp_dreg(rn), read_fp_dreg(rm));

        if (fnmul) {
            tcg_gen_xori_i64(r, r, SIGN64);     /* FPNeg of the product, NaN included */
        }
        write_fp_dreg(rd, r);
    } else {
        TCGv_i32 r = gen_fp_call_s((void *)fp_binop_s[op], read_fp_sreg(rn), read_fp_sreg(rm));

        if (fnmul) {
            tcg_gen_xori_i32(r, r, SIGN32);
        }
        write_fp_sreg(rd, r);
    }
}

/* ---- FP data-processing (3 source) --------------------------------------------------- */

/*
 * FMADD a + n*m, FMSUB a - n*m, FNMADD -a - n*m, FNMSUB -a + n*m: the Arm ARM
 * negates the operands (NaNs too) and does one fused multiply-add.
 */
static void disas_fp_3src(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned ra = field32(insn, 10, 5), rm = field32(insn, 16, 5);
    unsigned ftype = field32(insn, 22, 2);
    bool o0 = field32(insn, 15, 1), o1 = field32(insn, 21, 1);
    bool neg_n = o0 != o1, neg_a = o1;

    if (field32(insn, 31, 1) || field32(insn, 29, 1) ||
        (ftype != FTYPE_SINGLE && ftype != FTYPE_DOUBLE)) {
        unallocated_encoding(s);
        return;
    }
    if (ftype == FTYPE_DOUBLE) {
        TCGv_i64 n = read_fp_dreg(rn), m = read_fp_dreg(rm), a = read_fp_dreg(ra);

        if (neg_n) {
            tcg_gen_xori_i64(n, n, SIGN64);
        }
        if (neg_a) {
            tcg_gen_xori_i64(a, a, SIGN64);
        }
        tcg_gen_call4((void *)helper_fp_muladd_d, TCG_CALL_NO_RWG, T64(a), TENV, T64(n),
                      T64(m), T64(a));
        write_fp_dreg(rd, a);
    } else {
        TCGv_i32 n = read_fp_sreg(rn), m = read_fp_sreg(rm), a = read_fp_sreg(ra);

        if (neg_n) {
            tcg_gen_xori_i32(n, n, SIGN32);
        }
        if (neg_a) {
            tcg_gen_xori_i32(a, a, SIGN32);
        }
        tcg_gen_call4((void *)helper_fp_muladd_s, TCG_CALL_NO_RWG, T32(a), TENV, T32(n),
                      T32(m), T32(a));
        write_fp_sreg(rd, a);
    }
}

/* ---- FP compare, conditional compare, conditional select -------------------------------- */

/*
 * Compare Vn with Vm (or +0.0) and set NZCV.  pass is NULL for FCMP; for FCCMP
 * it holds the condition, and when it is 0 NZCV becomes nzcv_imm instead.
 */
static void gen_fp_compare(bool dbl, int rn, int rm, bool with_zero, bool signal,
                           TCGv_i32 pass, unsigned nzcv_imm)
{
    TCGv_i32 nzcv = tcg_temp_new_i32();
    TCGTemp *args[5];

    args[0] = TENV;
    if (dbl) {
        args[1] = T64(read_fp_dreg(rn));
        args[2] = T64(with_zero ? tcg_constant_i64(0) : read_fp_dreg(rm));
    } else {
        args[1] = T32(read_fp_sreg(rn));
        args[2] = T32(with_zero ? tcg_constant_i32(0) : read_fp_sreg(rm));
    }
    args[3] = T32(pass ? pass : tcg_constant_i32(1));
    args[4] = T32(tcg_constant_i32(FP_CMP_DESC(signal, nzcv_imm)));
    tcg_gen_callN(dbl ? (void *)helper_fp_cmp_d : (void *)helper_fp_cmp_s, TCG_CALL_NO_RWG,
                  T32(nzcv), 5, args);
    gen_set_nzcv(nzcv);
}

/* FCMP, FCMPE (register or #0.0) */
static void disas_fp_compare(DisasContext *s, uint32_t insn)
{
    unsigned rn = field32(insn, 5, 5), rm = field32(insn, 16, 5);
    unsigned opcode2 = field32(insn, 0, 5), ftype = field32(insn, 22, 2);

    if (field32(insn, 31, 1) || field32(insn, 29, 1) || field32(insn, 14, 2) ||
        (opcode2 & 7) || (ftype != FTYPE_SINGLE && ftype != FTYPE_DOUBLE)) {
        unallocated_encoding(s);
        return;
    }
    gen_fp_compare(ftype == FTYPE_DOUBLE, rn, rm, opcode2 & 8, opcode2 & 16, NULL, 0);
}

/* The condition cc (0..15) as 0 or 1 in a new temp. */
static TCGv_i32 gen_cond_value(int cc)
{
    TCGv_i32 v;
    DisasCompare c;

    if (cc >= 14) {
        return tcg_constant_i32(1);
    }
    a64_test_cc(&c, cc);
    v = tcg_temp_new_i32();
    tcg_gen_setcondi_i32(c.cond, v, c.value, 0);
    return v;
}

/* FCCMP, FCCMPE */
static void disas_fp_ccmp(DisasContext *s, uint32_t insn)
{
    unsigned nzcv = field32(insn, 0, 4), rn = field32(insn, 5, 5);
    unsigned cond = field32(insn, 12, 4), rm = field32(insn, 16, 5);
    unsigned ftype = field32(insn, 22, 2);
    bool signal = field32(insn, 4, 1);

    if (field32(insn, 31, 1) || field32(insn, 29, 1) ||
        (ftype != FTYPE_SINGLE && ftype != FTYPE_DOUBLE)) {
        unallocated_encoding(s);
        return;
    }
    gen_fp_compare(ftype == FTYPE_DOUBLE, rn, rm, false, signal, gen_cond_value(cond), nzcv);
}

/* FCSEL */
static void disas_fp_csel(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned cond = field32(insn, 12, 4), rm = field32(insn, 16, 5);
    unsigned ftype = field32(insn, 22, 2);
    TCGv_i64 n, m, cv;
    DisasCompare c;

    if (field32(insn, 31, 1) || field32(insn, 29, 1) ||
        (ftype != FTYPE_SINGLE && ftype != FTYPE_DOUBLE)) {
        unallocated_encoding(s);
        return;
    }
    /* Select whole D registers; a single-precision result keeps its low 32 bits. */
    n = read_fp_dreg(rn);
    if (cond < 14) {
        m = read_fp_dreg(rm);
        a64_test_cc(&c, cond);
        cv = tcg_temp_new_i64();
        tcg_gen_ext_i32_i64(cv, c.value);   /* sign and zero-ness survive */
        tcg_gen_movcond_i64(c.cond, n, cv, tcg_constant_i64(0), n, m);
    }
    if (ftype == FTYPE_SINGLE) {
        tcg_gen_ext32u_i64(n, n);
    }
    write_fp_dreg(rd, n);
}

/* ---- FP immediate ------------------------------------------------------------------------ */

/* VFPExpandImm: the 8-bit FMOV immediate as a single or double. */
static uint64_t vfp_expand_imm(unsigned imm8, bool dbl)
{
    uint64_t sign = imm8 >> 7, b6 = (imm8 >> 6) & 1, exp_lo = (imm8 >> 4) & 3;
    uint64_t frac = imm8 & 0xf;

    if (dbl) {
        uint64_t exp = ((b6 ^ 1) << 10) | ((b6 ? 0xffull : 0) << 2) | exp_lo;
        return sign << 63 | exp << 52 | frac << 48;
    }
    return sign << 31 | (((b6 ^ 1) << 7) | ((b6 ? 0x1full : 0) << 2) | exp_lo) << 23 |
           frac << 19;
}

/* FMOV (scalar, immediate) */
static void disas_fp_imm(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), imm8 = field32(insn, 13, 8);
    unsigned ftype = field32(insn, 22, 2);

    if (field32(insn, 31, 1) || field32(insn, 29, 1) || field32(insn, 5, 5) ||
        (ftype != FTYPE_SINGLE && ftype != FTYPE_DOUBLE)) {
        unallocated_encoding(s);
        return;
    }
    write_fp_dreg(rd, tcg_constant_i64(vfp_expand_imm(imm8, ftype == FTYPE_DOUBLE)));
}

/* ---- conversions with integer and fixed-point registers ---------------------------------- */

/* Xn or Wn (31 = XZR) widened to 64 bits for SCVTF (signed) or UCVTF. */
static TCGv_i64 read_int_source(DisasContext *s, int rn, bool sf, bool is_signed)
{
    TCGv_i64 v = read_cpu_reg(s, rn, true);

    if (!sf) {
        if (is_signed) {
            tcg_gen_ext32s_i64(v, v);
        } else {
            tcg_gen_ext32u_i64(v, v);
        }
    }
    return v;
}

static void gen_int_to_fp(DisasContext *s, bool dbl, bool sf, bool is_signed, int fbits,
                          int rd, int rn)
{
    TCGv_i64 src = read_int_source(s, rn, sf, is_signed);
    TCGv_i32 desc = tcg_constant_i32(FP_FROM_INT_DESC(fbits, is_signed));

    if (dbl) {
        TCGv_i64 r = tcg_temp_new_i64();

        tcg_gen_call3((void *)helper_fp_from_int_d, TCG_CALL_NO_RWG, T64(r), TENV, T64(src),
                      T32(desc));
        write_fp_dreg(rd, r);
    } else {
        TCGv_i32 r = tcg_temp_new_i32();

        tcg_gen_call3((void *)helper_fp_from_int_s, TCG_CALL_NO_RWG, T32(r), TENV, T64(src),
                      T32(desc));
        write_fp_sreg(rd, r);
    }
}

static void gen_fp_to_int(DisasContext *s, bool dbl, bool sf, bool is_signed, int fbits,
                          FloatRoundMode mode, int rd, int rn)
{
    TCGv_i32 desc = tcg_constant_i32(FP_TO_INT_DESC(mode, fbits, is_signed, sf));
    TCGv_i64 r = cpu_reg(s, rd);

    /* The helper returns a 32-bit result zero-extended, as a W write wants. */
    if (dbl) {
        tcg_gen_call3((void *)helper_fp_to_int_d, TCG_CALL_NO_RWG, T64(r), TENV,
                      T64(read_fp_dreg(rn)), T32(desc));
    } else {
        tcg_gen_call3((void *)helper_fp_to_int_s, TCG_CALL_NO_RWG, T64(r), TENV,
                      T32(read_fp_sreg(rn)), T32(desc));
    }
}

/* SCVTF, UCVTF, FCVTZS, FCVTZU with #fbits */
static void disas_fp_fixed_conv(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned scale = field32(insn, 10, 6), opcode = field32(insn, 16, 3);
    unsigned rmode = field32(insn, 19, 2), ftype = field32(insn, 22, 2);
    bool sf = field32(insn, 31, 1);
    bool dbl = ftype == FTYPE_DOUBLE;
    int fbits = 64 - scale;

    if (field32(insn, 29, 1) || (!sf && scale < 32) ||
        (ftype != FTYPE_SINGLE && ftype != FTYPE_DOUBLE)) {
        unallocated_encoding(s);
        return;
    }
    switch (rmode << 3 | opcode) {
    case 0 << 3 | 2: /* SCVTF */
    case 0 << 3 | 3: /* UCVTF */
        gen_int_to_fp(s, dbl, sf, opcode == 2, fbits, rd, rn);
        break;
    case 3 << 3 | 0: /* FCVTZS */
    case 3 << 3 | 1: /* FCVTZU */
        gen_fp_to_int(s, dbl, sf, opcode == 0, fbits, float_round_to_zero, rd, rn);
        break;
    default:
        unallocated_encoding(s);
        break;
    }
}

/* FMOV between a general register and Sn, Dn or Vn.D[1] (to_fp: general to FP). */
static void gen_fmov_general(DisasContext *s, bool sf, unsigned ftype, bool to_fp, int rd,
                             int rn)
{
    if (to_fp) {
        TCGv_i64 v = read_cpu_reg(s, rn, sf);

        if (ftype == FTYPE_RESERVED) {
            /* FMOV Vd.D[1], Xn: only the top half changes. */
            tcg_gen_st_i64(v, tcg_env, vreg_half_offset(rd, 1));
        } else {
            write_fp_dreg(rd, v);
        }
        return;
    }
    if (ftype == FTYPE_RESERVED) {
        tcg_gen_ld_i64(cpu_reg(s, rd), tcg_env, vreg_half_offset(rn, 1));
    } else if (sf) {
        tcg_gen_ld_i64(cpu_reg(s, rd), tcg_env, vreg_half_offset(rn, 0));
    } else {
        tcg_gen_ld32u_i64(cpu_reg(s, rd), tcg_env,
                          vreg_half_offset(rn, 0) + (HOST_BIG_ENDIAN ? 4 : 0));
    }
}

/* FCVT[NPMZ][SU] by rmode, FCVTA[SU]. */
static const FloatRoundMode fcvt_rmode[4] = {
    float_round_nearest_even, float_round_up, float_round_down, float_round_to_zero,
};

/* FCVT*, SCVTF, UCVTF, FMOV (general) */
static void disas_fp_int_conv(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned opcode = field32(insn, 16, 3), rmode = field32(insn, 19, 2);
    unsigned ftype = field32(insn, 22, 2);
    bool sf = field32(insn, 31, 1);
    bool dbl = ftype == FTYPE_DOUBLE;

    if (field32(insn, 29, 1)) {
        unallocated_encoding(s);
        return;
    }
    if (opcode >= 6) {
        /* FMOV: W<->S, X<->D, X<->V.D[1]; W/X<->H needs FEAT_FP16. */
        bool ok = (rmode == 0 && ((!sf && ftype == FTYPE_SINGLE) ||
                                  (sf && ftype == FTYPE_DOUBLE))) ||
                  (rmode == 1 && sf && ftype == FTYPE_RESERVED);
        if (!ok) {
            unallocated_encoding(s);    /* incl. FJCVTZS (FEAT_JSCVT) */
            return;
        }
        gen_fmov_general(s, sf, ftype, opcode == 7, rd, rn);
        return;
    }
    if ((ftype != FTYPE_SINGLE && ftype != FTYPE_DOUBLE) || (opcode >= 2 && rmode != 0)) {
        unallocated_encoding(s);
        return;
    }
    switch (opcode) {
    case 0: /* FCVT[NPMZ]S */
    case 1: /* FCVT[NPMZ]U */
        gen_fp_to_int(s, dbl, sf, opcode == 0, 0, fcvt_rmode[rmode], rd, rn);
        break;
    case 2: /* SCVTF */
    case 3: /* UCVTF */
        gen_int_to_fp(s, dbl, sf, opcode == 2, 0, rd, rn);
        break;
    case 4: /* FCVTAS */
    case 5: /* FCVTAU */
        gen_fp_to_int(s, dbl, sf, opcode == 4, 0, float_round_ties_away, rd, rn);
        break;
    }
}

/* ---- decode ---------------------------------------------------------------------------------- */

/* Scalar floating point: op0 = x0x1 of the group (Arm ARM C4.1.6). */
static void disas_fp_scalar(DisasContext *s, uint32_t insn)
{
    if (field32(insn, 24, 1)) {
        disas_fp_3src(s, insn);
        return;
    }
    if (!field32(insn, 21, 1)) {
        disas_fp_fixed_conv(s, insn);
        return;
    }
    switch (field32(insn, 10, 2)) {
    case 1:
        disas_fp_ccmp(s, insn);
        return;
    case 2:
        disas_fp_2src(s, insn);
        return;
    case 3:
        disas_fp_csel(s, insn);
        return;
    }
    if (field32(insn, 12, 1)) {
        disas_fp_imm(s, insn);              /* op3 = xxx100 */
    } else if (field32(insn, 13, 1)) {
        disas_fp_compare(s, insn);          /* xx1000 */
    } else if (field32(insn, 14, 1)) {
        disas_fp_1src(s, insn);             /* x10000 */
    } else if (!field32(insn, 15, 1)) {
        disas_fp_int_conv(s, insn);         /* 000000 */
    } else {
        unallocated_encoding(s);
    }
}

void a64_disas_fp_simd(DisasContext *s, uint32_t insn)
{
    /*
     * With FP disabled every encoding of the group traps (EC 0x07), allocated or
     * not: tests/guest/aarch64/test-exc.c relies on it.
     */
    if (!fp_access_check(s)) {
        return;
    }
    /* Scalar floating point: op0 = x0x1 (bit 30 clear, bit 28 set). */
    if ((insn & 0x50000000) == 0x10000000) {
        disas_fp_scalar(s, insn);
        return;
    }
    a64_disas_simd(s, insn);
}
