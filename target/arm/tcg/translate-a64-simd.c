/*
 * The A64 AdvSIMD data-processing groups (Arm ARM C4.1.6, everything in
 * "Data Processing -- Scalar FP and Advanced SIMD" that is not scalar FP):
 * the decode into groups, element access shared by the AdvSIMD files, and
 * the data-movement groups (copy, modified immediate, permute, table lookup,
 * extract) plus across-lanes and scalar pairwise. Arithmetic groups are in
 * translate-a64-simd-arith.c, load/store structures in
 * translate-a64-simd-ldst.c, the crypto extension in translate-a64-crypto.c.
 */
#include "qemu/osdep.h"
#include "target/arm/tcg/translate-a64-simd.h"

/* ---- element access ------------------------------------------------------------------- */

void simd_read_elem(TCGv_i64 dst, int n, int idx, MemOp memop)
{
    intptr_t off = vreg_elem_offset(n, idx, memop & MO_SIZE);

    switch (memop & (MO_SIZE | MO_SIGN)) {
    case MO_8:
        tcg_gen_ld8u_i64(dst, tcg_env, off);
        break;
    case MO_8 | MO_SIGN:
        tcg_gen_ld8s_i64(dst, tcg_env, off);
        break;
    case MO_16:
        tcg_gen_ld16u_i64(dst, tcg_env, off);
        break;
    case MO_16 | MO_SIGN:
        tcg_gen_ld16s_i64(dst, tcg_env, off);
        break;
    case MO_32:
        tcg_gen_ld32u_i64(dst, tcg_env, off);
        break;
    case MO_32 | MO_SIGN:
        tcg_gen_ld32s_i64(dst, tcg_env, off);
        break;
    default:
        tcg_gen_ld_i64(dst, tcg_env, off);
        break;
    }
}

void simd_write_elem(TCGv_i64 src, int n, int idx, int size)
{
    intptr_t off = vreg_elem_offset(n, idx, size);

    switch (size) {
    case 0:
        tcg_gen_st8_i64(src, tcg_env, off);
        break;
    case 1:
        tcg_gen_st16_i64(src, tcg_env, off);
        break;
    case 2:
        tcg_gen_st32_i64(src, tcg_env, off);
        break;
    default:
        tcg_gen_st_i64(src, tcg_env, off);
        break;
    }
}

void simd_clear_high(int n)
{
    tcg_gen_st_i64(tcg_constant_i64(0), tcg_env, vreg_half_offset(n, 1));
}

void simd_write_halves(int n, TCGv_i64 lo, TCGv_i64 hi)
{
    tcg_gen_st_i64(lo, tcg_env, vreg_half_offset(n, 0));
    tcg_gen_st_i64(hi, tcg_env, vreg_half_offset(n, 1));
}

void gen_simd_helper(SimdHelper *fn, uint32_t desc)
{
    /* The helpers touch only env->vregs, fp_status and fpsr: never TCG globals. */
    tcg_gen_call2((void *)fn, TCG_CALL_NO_RWG, NULL, TENV, T32(tcg_constant_i32(desc)));
}

void gen_dup_i64(TCGv_i64 dst, TCGv_i64 v, int size)
{
    static const uint64_t ones[3] = {
        0x0101010101010101ULL, 0x0001000100010001ULL, 0x0000000100000001ULL,
    };

    switch (size) {
    case 0:
        tcg_gen_ext8u_i64(dst, v);
        break;
    case 1:
        tcg_gen_ext16u_i64(dst, v);
        break;
    case 2:
        tcg_gen_ext32u_i64(dst, v);
        break;
    default:
        tcg_gen_mov_i64(dst, v);
        return;
    }
    tcg_gen_muli_i64(dst, dst, (int64_t)ones[size]);
}

/* ---- copy: DUP, INS, SMOV, UMOV ------------------------------------------------------------ */

static void disas_simd_copy(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned imm4 = field32(insn, 11, 4), imm5 = field32(insn, 16, 5);
    bool q = field32(insn, 30, 1), op = field32(insn, 29, 1);
    int size = __builtin_ctz(imm5 | 0x20);
    unsigned idx = imm5 >> (size + 1);
    TCGv_i64 t;

    if (size > 3) {
        unallocated_encoding(s);
        return;
    }
    t = tcg_temp_new_i64();
    if (op) {
        /* INS (element): Vd.T[idx] = Vn.T[imm4 >> size] */
        if (!q) {
            unallocated_encoding(s);
            return;
        }
        simd_read_elem(t, rn, imm4 >> size, size);
        simd_write_elem(t, rd, idx, size);
        return;
    }
    switch (imm4) {
    case 0: /* DUP (element) */
    case 1: /* DUP (general) */
        if (size == 3 && !q) {
            break;
        }
        if (imm4 == 0) {
            simd_read_elem(t, rn, idx, size);
        } else {
            tcg_gen_mov_i64(t, rn == 31 ? tcg_constant_i64(0) : cpu_X[rn]);
        }
        gen_dup_i64(t, t, size);
        simd_write_halves(rd, t, q ? t : tcg_constant_i64(0));
        return;
    case 3: /* INS (general) */
        if (!q) {
            break;
        }
        simd_write_elem(rn == 31 ? tcg_constant_i64(0) : cpu_X[rn], rd, idx, size);
        return;
    case 5: /* SMOV */
        if (size == 3 || (!q && size == 2)) {
            break;
        }
        simd_read_elem(t, rn, idx, size | MO_SIGN);
        if (!q) {
            tcg_gen_ext32u_i64(t, t);
        }
        tcg_gen_mov_i64(cpu_reg(s, rd), t);
        return;
    case 7: /* UMOV */
        if (q != (size == 3)) {
            break;
        }
        simd_read_elem(t, rn, idx, size);
        tcg_gen_mov_i64(cpu_reg(s, rd), t);
        return;
    }
    unallocated_encoding(s);
}

/* DUP (element), scalar: Vd = Vn.T[idx], zero-extended to the register. */
static void disas_simd_scalar_copy(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned imm4 = field32(insn, 11, 4), imm5 = field32(insn, 16, 5);
    int size = __builtin_ctz(imm5 | 0x20);
    TCGv_i64 t;

    if (field32(insn, 29, 1) || imm4 != 0 || size > 3) {
        unallocated_encoding(s);
        return;
    }
    t = tcg_temp_new_i64();
    simd_read_elem(t, rn, imm5 >> (size + 1), size);
    simd_write_halves(rd, t, tcg_constant_i64(0));
}

/* ---- modified immediate: MOVI, MVNI, ORR, BIC, FMOV (vector, immediate) -------------------- */

/* AdvSIMDExpandImm (Arm ARM): the 64-bit pattern of op:cmode:imm8. */
static uint64_t simd_expand_imm(unsigned op, unsigned cmode, uint64_t imm8)
{
    uint64_t imm = 0;

    switch (cmode >> 1) {
    case 0: case 1: case 2: case 3: /* 32-bit, shifted by 0/8/16/24 */
        imm = imm8 << (8 * (cmode >> 1));
        return imm | imm << 32;
    case 4: case 5: /* 16-bit, shifted by 0/8 */
        imm = imm8 << (8 * ((cmode >> 1) & 1));
        return imm * 0x0001000100010001ULL;
    case 6: /* 32-bit, shifting ones in */
        imm = (cmode & 1) ? (imm8 << 16) | 0xffff : (imm8 << 8) | 0xff;
        return imm | imm << 32;
    }
    if (cmode == 0xe) {
        if (!op) {
            return imm8 * 0x0101010101010101ULL;
        }
        for (int i = 0; i < 8; i++) {
            if ((imm8 >> i) & 1) {
                imm |= 0xffULL << (8 * i);
            }
        }
        return imm;
    }
    /* cmode 0xf: FMOV, single (op 0) or double (op 1) */
    if (!op) {
        uint64_t b = (imm8 >> 6) & 1;
        imm = ((imm8 >> 7) << 31) | ((b ^ 1) << 30) | ((b ? 0x1fULL : 0) << 25) |
              ((imm8 & 0x3f) << 19);
        return imm | imm << 32;
    } else {
        uint64_t b = (imm8 >> 6) & 1;
        return ((imm8 >> 7) << 63) | ((b ^ 1) << 62) | ((b ? 0xffULL : 0) << 54) |
               ((imm8 & 0x3f) << 48);
    }
}

static void disas_simd_mod_imm(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), cmode = field32(insn, 12, 4);
    unsigned op = field32(insn, 29, 1), o2 = field32(insn, 11, 1);
    bool q = field32(insn, 30, 1);
    uint64_t imm8 = (field32(insn, 16, 3) << 5) | field32(insn, 5, 5);
    uint64_t imm;
    bool is_orr_bic = (cmode & 1) && cmode < 12;

    if (o2 || (cmode == 0xf && op && !q)) {
        /* o2: FMOV (vector, half-precision) needs FEAT_FP16. */
        unallocated_encoding(s);
        return;
    }
    imm = simd_expand_imm(op, cmode, imm8);
    if (is_orr_bic) {
        TCGv_i64 lo = tcg_temp_new_i64(), hi = tcg_temp_new_i64();

        tcg_gen_ld_i64(lo, tcg_env, vreg_half_offset(rd, 0));
        tcg_gen_ld_i64(hi, tcg_env, vreg_half_offset(rd, 1));
        if (op) {
            tcg_gen_andi_i64(lo, lo, (int64_t)~imm);
            tcg_gen_andi_i64(hi, hi, (int64_t)~imm);
        } else {
            tcg_gen_ori_i64(lo, lo, (int64_t)imm);
            tcg_gen_ori_i64(hi, hi, (int64_t)imm);
        }
        simd_write_halves(rd, lo, q ? hi : tcg_constant_i64(0));
        return;
    }
    if (op && cmode < 0xe) {
        imm = ~imm;     /* MVNI */
    }
    simd_write_halves(rd, tcg_constant_i64((int64_t)imm),
                      tcg_constant_i64(q ? (int64_t)imm : 0));
}

/* ---- permutes, table lookup, extract ---------------------------------------------------- */

/* UZP1/2, TRN1/2, ZIP1/2 */
static void disas_simd_permute(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5), rm = field32(insn, 16, 5);
    unsigned opcode = field32(insn, 12, 3), size = field32(insn, 22, 2);
    bool q = field32(insn, 30, 1);

    if (opcode == 0 || opcode == 4 || (size == 3 && !q)) {
        unallocated_encoding(s);
        return;
    }
    gen_simd_helper(helper_simd_permute, SIMD_DESC(rd, rn, rm, size, q, 0, 0, 0, opcode));
}

/* TBL, TBX */
static void disas_simd_tbl(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5), rm = field32(insn, 16, 5);
    unsigned len = field32(insn, 13, 2), tbx = field32(insn, 12, 1);

    gen_simd_helper(helper_simd_tbl, SIMD_DESC(rd, rn, rm, 0, field32(insn, 30, 1), 0, 0, 0,
                                               len | tbx << 2));
}

/* EXT */
static void disas_simd_ext(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5), rm = field32(insn, 16, 5);
    unsigned imm4 = field32(insn, 11, 4);
    bool q = field32(insn, 30, 1);

    if (!q && imm4 >= 8) {
        unallocated_encoding(s);
        return;
    }
    gen_simd_helper(helper_simd_ext, SIMD_DESC(rd, rn, rm, 0, q, 0, 0, 0, imm4));
}

/* ---- across lanes and scalar pairwise ------------------------------------------------------ */

static void disas_simd_across(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned opcode = field32(insn, 12, 5), size = field32(insn, 22, 2);
    bool q = field32(insn, 30, 1), u = field32(insn, 29, 1);
    int op = -1;

    if (opcode == 0x0c || opcode == 0x0f) {
        /* FMAXNMV, FMINNMV, FMAXV, FMINV: 4S only (U = 0 is half precision) */
        if (!u || (size & 1) || !q) {
            unallocated_encoding(s);
            return;
        }
        op = opcode == 0x0c ? (size & 2 ? SIMD_ACROSS_FMINNMV : SIMD_ACROSS_FMAXNMV)
                            : (size & 2 ? SIMD_ACROSS_FMINV : SIMD_ACROSS_FMAXV);
        gen_simd_helper(helper_simd_fp_across, SIMD_DESC(rd, rn, 0, 2, 1, 0, 0, 0, op));
        return;
    }
    switch (opcode) {
    case 0x03:
        op = u ? SIMD_ACROSS_UADDLV : SIMD_ACROSS_SADDLV;
        break;
    case 0x0a:
        op = u ? SIMD_ACROSS_UMAXV : SIMD_ACROSS_SMAXV;
        break;
    case 0x1a:
        op = u ? SIMD_ACROSS_UMINV : SIMD_ACROSS_SMINV;
        break;
    case 0x1b:
        op = u ? -1 : SIMD_ACROSS_ADDV;
        break;
    }
    if (op < 0 || size == 3 || (size == 2 && !q)) {
        unallocated_encoding(s);
        return;
    }
    gen_simd_helper(helper_simd_across, SIMD_DESC(rd, rn, 0, size, q, 0, 0, 0, op));
}

/* ADDP (scalar), FADDP, FMAXP, FMINP, FMAXNMP, FMINNMP (scalar) */
static void disas_simd_scalar_pairwise(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned opcode = field32(insn, 12, 5), size = field32(insn, 22, 2);
    bool u = field32(insn, 29, 1);
    SimdHelper *fn = NULL;

    if (!u) {
        if (opcode == 0x1b && size == 3) {
            gen_simd_helper(helper_simd_addp, SIMD_DESC(rd, rn, 0, 3, 0, 1, 0, 0, 0));
            return;
        }
        unallocated_encoding(s);    /* the half-precision forms need FEAT_FP16 */
        return;
    }
    switch (opcode) {
    case 0x0c:
        fn = size & 2 ? helper_simd_fminnmp : helper_simd_fmaxnmp;
        break;
    case 0x0d:
        fn = size & 2 ? NULL : helper_simd_faddp;
        break;
    case 0x0f:
        fn = size & 2 ? helper_simd_fminp : helper_simd_fmaxp;
        break;
    }
    if (!fn) {
        unallocated_encoding(s);
        return;
    }
    gen_simd_helper(fn, SIMD_DESC(rd, rn, 0, 2 + (size & 1), 0, 1, 0, 0, 0));
}

/* ---- decode ------------------------------------------------------------------------------ */

static void disas_three_same_vec(DisasContext *s, uint32_t insn)
{
    a64_simd_three_same(s, insn, false);
}

static void disas_three_same_scalar(DisasContext *s, uint32_t insn)
{
    a64_simd_three_same(s, insn, true);
}

static void disas_three_diff_vec(DisasContext *s, uint32_t insn)
{
    a64_simd_three_diff(s, insn, false);
}

static void disas_three_diff_scalar(DisasContext *s, uint32_t insn)
{
    a64_simd_three_diff(s, insn, true);
}

static void disas_two_misc_vec(DisasContext *s, uint32_t insn)
{
    a64_simd_two_misc(s, insn, false);
}

static void disas_two_misc_scalar(DisasContext *s, uint32_t insn)
{
    a64_simd_two_misc(s, insn, true);
}

static void disas_shift_imm_vec(DisasContext *s, uint32_t insn)
{
    a64_simd_shift_imm(s, insn, false);
}

static void disas_shift_imm_scalar(DisasContext *s, uint32_t insn)
{
    a64_simd_shift_imm(s, insn, true);
}

static void disas_by_elem_vec(DisasContext *s, uint32_t insn)
{
    a64_simd_by_elem(s, insn, false);
}

static void disas_by_elem_scalar(DisasContext *s, uint32_t insn)
{
    a64_simd_by_elem(s, insn, true);
}

typedef struct SimdGroup {
    uint32_t mask, value;
    void (*fn)(DisasContext *s, uint32_t insn);
} SimdGroup;

/* First match wins (Arm ARM C4.1.6's table; the order resolves the overlaps). */
static const SimdGroup simd_groups[] = {
    { 0xff3e0c00, 0x4e280800, a64_crypto_aes },
    { 0xff208c00, 0x5e000000, a64_crypto_sha_three },
    { 0xff3e0c00, 0x5e280800, a64_crypto_sha_two },
    { 0xbfe08c00, 0x0e000000, disas_simd_tbl },
    { 0xbf208c00, 0x0e000800, disas_simd_permute },
    { 0xbfe08400, 0x2e000000, disas_simd_ext },
    { 0x9fe08400, 0x0e000400, disas_simd_copy },
    { 0xdfe08400, 0x5e000400, disas_simd_scalar_copy },
    { 0x9f3e0c00, 0x0e200800, disas_two_misc_vec },
    { 0xdf3e0c00, 0x5e200800, disas_two_misc_scalar },
    { 0x9f3e0c00, 0x0e300800, disas_simd_across },
    { 0xdf3e0c00, 0x5e300800, disas_simd_scalar_pairwise },
    { 0x9f200c00, 0x0e200000, disas_three_diff_vec },
    { 0xdf200c00, 0x5e200000, disas_three_diff_scalar },
    { 0x9f200400, 0x0e200400, disas_three_same_vec },
    { 0xdf200400, 0x5e200400, disas_three_same_scalar },
    { 0x9ff80400, 0x0f000400, disas_simd_mod_imm },
    { 0x9f800400, 0x0f000400, disas_shift_imm_vec },
    { 0xdf800400, 0x5f000400, disas_shift_imm_scalar },
    { 0x9f000400, 0x0f000000, disas_by_elem_vec },
    { 0xdf000400, 0x5f000000, disas_by_elem_scalar },
};

void a64_disas_simd(DisasContext *s, uint32_t insn)
{
    for (size_t i = 0; i < ARRAY_SIZE(simd_groups); i++) {
        if ((insn & simd_groups[i].mask) == simd_groups[i].value) {
            simd_groups[i].fn(s, insn);
            return;
        }
    }
    unallocated_encoding(s);
}
