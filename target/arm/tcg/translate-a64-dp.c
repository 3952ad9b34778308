/*
 * A64 integer data processing: the "Data processing -- immediate" and
 * "Data processing -- register" groups of the Arm ARM (C4.1.2, C4.1.5).
 * Flags are produced inline in the lazy NF/ZF/CF/VF form of cpu.h.
 */
#include "qemu/osdep.h"
#include "target/arm/tcg/translate.h"
#include "target/arm/tcg/helper-a64.h"

/* ---- flag-setting arithmetic ------------------------------------------------------ */

/* dest = t0 + t1, setting NZCV. dest may alias an input. */
static void gen_add_CC(bool sf, TCGv_i64 dest, TCGv_i64 t0, TCGv_i64 t1)
{
    if (sf) {
        TCGv_i64 result = tcg_temp_new_i64(), flag = tcg_temp_new_i64();
        TCGv_i64 tmp = tcg_temp_new_i64(), zero = tcg_constant_i64(0);

        tcg_gen_add2_i64(result, flag, t0, zero, t1, zero);
        tcg_gen_extrl_i64_i32(cpu_CF, flag);
        gen_set_NZ64(result);
        tcg_gen_xor_i64(flag, result, t0);
        tcg_gen_xor_i64(tmp, t0, t1);
        tcg_gen_andc_i64(flag, flag, tmp);
        tcg_gen_extrh_i64_i32(cpu_VF, flag);
        tcg_gen_mov_i64(dest, result);
    } else {
        TCGv_i32 a = tcg_temp_new_i32(), b = tcg_temp_new_i32(), tmp = tcg_temp_new_i32();
        TCGv_i32 zero = tcg_constant_i32(0);

        tcg_gen_extrl_i64_i32(a, t0);
        tcg_gen_extrl_i64_i32(b, t1);
        tcg_gen_add2_i32(cpu_NF, cpu_CF, a, zero, b, zero);
        tcg_gen_mov_i32(cpu_ZF, cpu_NF);
        tcg_gen_xor_i32(cpu_VF, cpu_NF, a);
        tcg_gen_xor_i32(tmp, a, b);
        tcg_gen_andc_i32(cpu_VF, cpu_VF, tmp);
        tcg_gen_extu_i32_i64(dest, cpu_NF);
    }
}

/* dest = t0 - t1, setting NZCV (C is "no borrow"). */
static void gen_sub_CC(bool sf, TCGv_i64 dest, TCGv_i64 t0, TCGv_i64 t1)
{
    if (sf) {
        TCGv_i64 result = tcg_temp_new_i64(), flag = tcg_temp_new_i64();
        TCGv_i64 tmp = tcg_temp_new_i64();

        tcg_gen_sub_i64(result, t0, t1);
        gen_set_NZ64(result);
        tcg_gen_setcond_i64(TCG_COND_GEU, flag, t0, t1);
        tcg_gen_extrl_i64_i32(cpu_CF, flag);
        tcg_gen_xor_i64(flag, result, t0);
        tcg_gen_xor_i64(tmp, t0, t1);
        tcg_gen_and_i64(flag, flag, tmp);
        tcg_gen_extrh_i64_i32(cpu_VF, flag);
        tcg_gen_mov_i64(dest, result);
    } else {
        TCGv_i32 a = tcg_temp_new_i32(), b = tcg_temp_new_i32(), tmp = tcg_temp_new_i32();

        tcg_gen_extrl_i64_i32(a, t0);
        tcg_gen_extrl_i64_i32(b, t1);
        tcg_gen_sub_i32(cpu_NF, a, b);
        tcg_gen_mov_i32(cpu_ZF, cpu_NF);
        tcg_gen_setcond_i32(TCG_COND_GEU, cpu_CF, a, b);
        tcg_gen_xor_i32(cpu_VF, cpu_NF, a);
        tcg_gen_xor_i32(tmp, a, b);
        tcg_gen_and_i32(cpu_VF, cpu_VF, tmp);
        tcg_gen_extu_i32_i64(dest, cpu_NF);
    }
}

/* dest = t0 + t1 + C, no flags (the caller truncates 32-bit results). */
static void gen_adc(TCGv_i64 dest, TCGv_i64 t0, TCGv_i64 t1)
{
    TCGv_i64 c = tcg_temp_new_i64();

    tcg_gen_extu_i32_i64(c, cpu_CF);
    tcg_gen_add_i64(dest, t0, t1);
    tcg_gen_add_i64(dest, dest, c);
}

/* dest = t0 + t1 + C, setting NZCV. */
static void gen_adc_CC(bool sf, TCGv_i64 dest, TCGv_i64 t0, TCGv_i64 t1)
{
    if (sf) {
        TCGv_i64 result = tcg_temp_new_i64(), flag = tcg_temp_new_i64();
        TCGv_i64 tmp = tcg_temp_new_i64(), zero = tcg_constant_i64(0);

        tcg_gen_extu_i32_i64(tmp, cpu_CF);
        tcg_gen_add2_i64(result, flag, t0, zero, tmp, zero);
        tcg_gen_add2_i64(result, flag, result, flag, t1, zero);
        tcg_gen_extrl_i64_i32(cpu_CF, flag);
        gen_set_NZ64(result);
        tcg_gen_xor_i64(flag, result, t0);
        tcg_gen_xor_i64(tmp, t0, t1);
        tcg_gen_andc_i64(flag, flag, tmp);
        tcg_gen_extrh_i64_i32(cpu_VF, flag);
        tcg_gen_mov_i64(dest, result);
    } else {
        TCGv_i32 a = tcg_temp_new_i32(), b = tcg_temp_new_i32(), tmp = tcg_temp_new_i32();
        TCGv_i32 zero = tcg_constant_i32(0);

        tcg_gen_extrl_i64_i32(a, t0);
        tcg_gen_extrl_i64_i32(b, t1);
        tcg_gen_add2_i32(cpu_NF, cpu_CF, a, zero, cpu_CF, zero);
        tcg_gen_add2_i32(cpu_NF, cpu_CF, cpu_NF, cpu_CF, b, zero);
        tcg_gen_mov_i32(cpu_ZF, cpu_NF);
        tcg_gen_xor_i32(cpu_VF, cpu_NF, a);
        tcg_gen_xor_i32(tmp, a, b);
        tcg_gen_andc_i32(cpu_VF, cpu_VF, tmp);
        tcg_gen_extu_i32_i64(dest, cpu_NF);
    }
}

/* ---- operand shaping ----------------------------------------------------------------- */

/* Shift a register operand by an immediate (LSL, LSR, ASR, ROR); 32-bit operands
 * arrive zero-extended and the caller truncates the result. */
static void shift_reg_imm(TCGv_i64 dst, TCGv_i64 src, bool sf, int type, unsigned amount)
{
    if (amount == 0 && type != 2) {
        tcg_gen_mov_i64(dst, src);
        return;
    }
    switch (type) {
    case 0: /* LSL */
        tcg_gen_shli_i64(dst, src, amount);
        break;
    case 1: /* LSR */
        tcg_gen_shri_i64(dst, src, amount);
        break;
    case 2: /* ASR */
        if (!sf) {
            tcg_gen_ext32s_i64(dst, src);
            tcg_gen_sari_i64(dst, dst, amount);
        } else {
            tcg_gen_sari_i64(dst, src, amount);
        }
        break;
    case 3: /* ROR */
        if (sf) {
            tcg_gen_rotri_i64(dst, src, amount);
        } else {
            TCGv_i32 t = tcg_temp_new_i32();
            tcg_gen_extrl_i64_i32(t, src);
            tcg_gen_rotri_i32(t, t, amount);
            tcg_gen_extu_i32_i64(dst, t);
        }
        break;
    }
}

void gen_ext_and_shift_reg(TCGv_i64 dst, TCGv_i64 src, unsigned option, unsigned shift)
{
    switch (option) {
    case 0: tcg_gen_ext8u_i64(dst, src); break;
    case 1: tcg_gen_ext16u_i64(dst, src); break;
    case 2: tcg_gen_ext32u_i64(dst, src); break;
    case 4: tcg_gen_ext8s_i64(dst, src); break;
    case 5: tcg_gen_ext16s_i64(dst, src); break;
    case 6: tcg_gen_ext32s_i64(dst, src); break;
    default: tcg_gen_mov_i64(dst, src); break;
    }
    if (shift) {
        tcg_gen_shli_i64(dst, dst, shift);
    }
}

static void write_result(TCGv_i64 rd, TCGv_i64 value, bool sf)
{
    if (sf) {
        tcg_gen_mov_i64(rd, value);
    } else {
        tcg_gen_ext32u_i64(rd, value);
    }
}

/* ---- Data processing -- immediate -------------------------------------------------- */

/* ADR, ADRP */
static void disas_pc_rel_adr(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5);
    uint64_t offset = ((uint64_t)(int64_t)sfield32(insn, 5, 19) << 2) | field32(insn, 29, 2);
    uint64_t base = s->pc_curr;

    if (field32(insn, 31, 1)) {
        base &= ~0xfffull;
        offset <<= 12;
    }
    tcg_gen_movi_i64(cpu_reg(s, rd), base + offset);
}

/* ADD, ADDS, SUB, SUBS (immediate) */
static void disas_add_sub_imm(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    uint64_t imm = field32(insn, 10, 12);
    bool shift = field32(insn, 22, 1), setflags = field32(insn, 29, 1);
    bool sub = field32(insn, 30, 1), sf = field32(insn, 31, 1);
    TCGv_i64 tcg_rn = cpu_reg_sp(s, rn);
    TCGv_i64 result = tcg_temp_new_i64();

    if (shift) {
        imm <<= 12;
    }
    if (!setflags) {
        if (sub) {
            tcg_gen_subi_i64(result, tcg_rn, imm);
        } else {
            tcg_gen_addi_i64(result, tcg_rn, imm);
        }
        write_result(cpu_reg_sp(s, rd), result, sf);
        return;
    }
    if (sub) {
        gen_sub_CC(sf, result, tcg_rn, tcg_constant_i64(imm));
    } else {
        gen_add_CC(sf, result, tcg_rn, tcg_constant_i64(imm));
    }
    write_result(cpu_reg(s, rd), result, sf);
}

bool a64_decode_bitmask_imm(uint64_t *result, unsigned n, unsigned imms, unsigned immr,
                            bool sf)
{
    unsigned combined = (n << 6) | (~imms & 0x3f);
    unsigned len, levels, esize, s_, r;
    uint64_t welem, mask;

    if (combined == 0) {
        return false;
    }
    len = 31 - __builtin_clz(combined);
    if (len < 1 || (!sf && len > 5)) {
        return false;
    }
    levels = (1u << len) - 1;
    if ((imms & levels) == levels) {
        return false;   /* a run of all ones is reserved */
    }
    s_ = imms & levels;
    r = immr & levels;
    esize = 1u << len;
    welem = (s_ + 1 >= 64) ? ~0ull : ((1ull << (s_ + 1)) - 1);
    /* Rotate right by r within esize bits. */
    mask = esize == 64 ? ~0ull : ((1ull << esize) - 1);
    if (r) {
        welem = ((welem >> r) | (welem << (esize - r))) & mask;
    }
    /* Replicate to 64 bits. */
    for (unsigned e = esize; e < 64; e *= 2) {
        welem |= welem << e;
    }
    *result = sf ? welem : (welem & 0xffffffffull);
    return true;
}

/* AND, ORR, EOR, ANDS (immediate) */
static void disas_logic_imm(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned imms = field32(insn, 10, 6), immr = field32(insn, 16, 6);
    unsigned n = field32(insn, 22, 1), opc = field32(insn, 29, 2);
    bool sf = field32(insn, 31, 1);
    uint64_t wmask;
    TCGv_i64 tcg_rd, tcg_rn;

    if ((!sf && n) || !a64_decode_bitmask_imm(&wmask, n, imms, immr, sf)) {
        unallocated_encoding(s);
        return;
    }
    /* ANDS writes XZR at 31 (TST); the others write SP. */
    tcg_rd = opc == 3 ? cpu_reg(s, rd) : cpu_reg_sp(s, rd);
    tcg_rn = read_cpu_reg(s, rn, true);

    switch (opc) {
    case 0:
    case 3:
        tcg_gen_andi_i64(tcg_rd, tcg_rn, wmask);
        break;
    case 1:
        tcg_gen_ori_i64(tcg_rd, tcg_rn, wmask);
        break;
    case 2:
        tcg_gen_xori_i64(tcg_rd, tcg_rn, wmask);
        break;
    }
    if (!sf && (opc == 1 || opc == 2)) {
        tcg_gen_ext32u_i64(tcg_rd, tcg_rd);
    }
    if (opc == 3) {
        gen_logic_CC(sf, tcg_rd);
    }
}

/* MOVN, MOVZ, MOVK */
static void disas_movw_imm(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), hw = field32(insn, 21, 2);
    unsigned opc = field32(insn, 29, 2);
    bool sf = field32(insn, 31, 1);
    uint64_t imm = (uint64_t)field32(insn, 5, 16) << (hw * 16);
    TCGv_i64 tcg_rd;

    if ((!sf && hw >= 2) || opc == 1) {
        unallocated_encoding(s);
        return;
    }
    tcg_rd = cpu_reg(s, rd);
    switch (opc) {
    case 0: /* MOVN */
        imm = ~imm;
        if (!sf) {
            imm &= 0xffffffffull;
        }
        tcg_gen_movi_i64(tcg_rd, imm);
        break;
    case 2: /* MOVZ */
        tcg_gen_movi_i64(tcg_rd, imm);
        break;
    case 3: /* MOVK */
        if (rd == 31) {
            break;
        }
        tcg_gen_deposit_i64(tcg_rd, tcg_rd, tcg_constant_i64(imm >> (hw * 16)), hw * 16, 16);
        if (!sf) {
            tcg_gen_ext32u_i64(tcg_rd, tcg_rd);
        }
        break;
    }
}

/* SBFM, BFM, UBFM (and their aliases: ASR, LSL, LSR, SXTB..., UBFX, BFI, BFXIL...) */
static void disas_bitfield(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned imms = field32(insn, 10, 6), immr = field32(insn, 16, 6);
    unsigned n = field32(insn, 22, 1), opc = field32(insn, 29, 2);
    bool sf = field32(insn, 31, 1);
    unsigned bits = sf ? 64 : 32;
    TCGv_i64 tcg_rd, tcg_rn, t;
    unsigned len, pos;

    if (opc == 3 || sf != n || (!sf && (immr >= 32 || imms >= 32))) {
        unallocated_encoding(s);
        return;
    }
    tcg_rd = cpu_reg(s, rd);
    tcg_rn = read_cpu_reg(s, rn, true);
    if (imms >= immr) {
        len = imms - immr + 1;
        pos = immr;
    } else {
        len = imms + 1;
        pos = bits - immr;
    }

    switch (opc) {
    case 0: /* SBFM */
        if (imms >= immr) {
            tcg_gen_sextract_i64(tcg_rd, tcg_rn, pos, len);
        } else {
            t = tcg_temp_new_i64();
            tcg_gen_sextract_i64(t, tcg_rn, 0, len);
            tcg_gen_shli_i64(tcg_rd, t, pos);
        }
        if (!sf) {
            tcg_gen_ext32u_i64(tcg_rd, tcg_rd);
        }
        break;
    case 2: /* UBFM */
        if (imms >= immr) {
            tcg_gen_extract_i64(tcg_rd, tcg_rn, pos, len);
        } else {
            t = tcg_temp_new_i64();
            tcg_gen_extract_i64(t, tcg_rn, 0, len);
            tcg_gen_shli_i64(tcg_rd, t, pos);
        }
        break;
    case 1: /* BFM: insert into the old value of Rd */
        t = read_cpu_reg(s, rd, sf);
        if (imms >= immr) {
            TCGv_i64 f = tcg_temp_new_i64();
            tcg_gen_extract_i64(f, tcg_rn, pos, len);
            tcg_gen_deposit_i64(t, t, f, 0, len);
        } else {
            tcg_gen_deposit_i64(t, t, tcg_rn, pos, len);
        }
        tcg_gen_mov_i64(tcg_rd, t);
        break;
    }
}

/* EXTR (and ROR immediate) */
static void disas_extract(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned imms = field32(insn, 10, 6), rm = field32(insn, 16, 5);
    unsigned o0 = field32(insn, 21, 1), n = field32(insn, 22, 1);
    unsigned op21 = field32(insn, 29, 2);
    bool sf = field32(insn, 31, 1);
    TCGv_i64 tcg_rd, tcg_rm, tcg_rn;

    if (sf != n || op21 || o0 || (!sf && imms >= 32)) {
        unallocated_encoding(s);
        return;
    }
    tcg_rd = cpu_reg(s, rd);
    if (sf) {
        tcg_rm = read_cpu_reg(s, rm, true);
        if (imms == 0) {
            tcg_gen_mov_i64(tcg_rd, tcg_rm);
        } else if (rn == rm) {
            tcg_gen_rotri_i64(tcg_rd, tcg_rm, imms);
        } else {
            tcg_rn = read_cpu_reg(s, rn, true);
            tcg_gen_shri_i64(tcg_rm, tcg_rm, imms);
            tcg_gen_shli_i64(tcg_rn, tcg_rn, 64 - imms);
            tcg_gen_or_i64(tcg_rd, tcg_rm, tcg_rn);
        }
    } else {
        tcg_rm = read_cpu_reg(s, rm, false);
        if (imms == 0) {
            tcg_gen_mov_i64(tcg_rd, tcg_rm);
        } else if (rn == rm) {
            TCGv_i32 lo = tcg_temp_new_i32();
            tcg_gen_extrl_i64_i32(lo, tcg_rm);
            tcg_gen_rotri_i32(lo, lo, imms);
            tcg_gen_extu_i32_i64(tcg_rd, lo);
        } else {
            /* Rn:Rm as one 64-bit value, shifted right. */
            tcg_rn = read_cpu_reg(s, rn, false);
            tcg_gen_deposit_i64(tcg_rm, tcg_rm, tcg_rn, 32, 32);
            tcg_gen_shri_i64(tcg_rm, tcg_rm, imms);
            tcg_gen_ext32u_i64(tcg_rd, tcg_rm);
        }
    }
}

void a64_disas_dp_imm(DisasContext *s, uint32_t insn)
{
    switch (field32(insn, 23, 3)) {
    case 0:
    case 1:
        disas_pc_rel_adr(s, insn);
        break;
    case 2:
        disas_add_sub_imm(s, insn);
        break;
    case 4:
        disas_logic_imm(s, insn);
        break;
    case 5:
        disas_movw_imm(s, insn);
        break;
    case 6:
        disas_bitfield(s, insn);
        break;
    case 7:
        disas_extract(s, insn);
        break;
    default: /* 3: add/subtract with tags (FEAT_MTE) */
        unallocated_encoding(s);
        break;
    }
}

/* ---- Data processing -- register ---------------------------------------------------- */

/* AND, BIC, ORR, ORN, EOR, EON, ANDS, BICS (shifted register) */
static void disas_logic_reg(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned imm6 = field32(insn, 10, 6), rm = field32(insn, 16, 5);
    bool invert = field32(insn, 21, 1);
    unsigned shift = field32(insn, 22, 2), opc = field32(insn, 29, 2);
    bool sf = field32(insn, 31, 1);
    TCGv_i64 tcg_rd, tcg_rn, tcg_rm;

    if (!sf && imm6 >= 32) {
        unallocated_encoding(s);
        return;
    }
    tcg_rd = cpu_reg(s, rd);

    /* MOV (register) is ORR Rd, ZR, Rm: the most common of all. */
    if (opc == 1 && !invert && imm6 == 0 && shift == 0 && rn == 31) {
        if (rm == 31) {
            tcg_gen_movi_i64(tcg_rd, 0);
        } else {
            write_result(tcg_rd, cpu_X[rm], sf);
        }
        return;
    }

    tcg_rm = read_cpu_reg(s, rm, sf);
    shift_reg_imm(tcg_rm, tcg_rm, sf, shift, imm6);
    tcg_rn = read_cpu_reg(s, rn, sf);

    switch (opc | (invert << 2)) {
    case 0: case 3: tcg_gen_and_i64(tcg_rd, tcg_rn, tcg_rm); break;
    case 1: tcg_gen_or_i64(tcg_rd, tcg_rn, tcg_rm); break;
    case 2: tcg_gen_xor_i64(tcg_rd, tcg_rn, tcg_rm); break;
    case 4: case 7: tcg_gen_andc_i64(tcg_rd, tcg_rn, tcg_rm); break;
    case 5: tcg_gen_orc_i64(tcg_rd, tcg_rn, tcg_rm); break;
    case 6: tcg_gen_eqv_i64(tcg_rd, tcg_rn, tcg_rm); break;
    }
    if (!sf) {
        tcg_gen_ext32u_i64(tcg_rd, tcg_rd);
    }
    if (opc == 3) {
        gen_logic_CC(sf, tcg_rd);
    }
}

/* ADD, ADDS, SUB, SUBS (shifted register) */
static void disas_add_sub_reg(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned imm6 = field32(insn, 10, 6), rm = field32(insn, 16, 5);
    unsigned shift = field32(insn, 22, 2);
    bool setflags = field32(insn, 29, 1), sub = field32(insn, 30, 1);
    bool sf = field32(insn, 31, 1);
    TCGv_i64 tcg_rn, tcg_rm, result;

    if (shift == 3 || (!sf && imm6 >= 32)) {
        unallocated_encoding(s);
        return;
    }
    tcg_rn = read_cpu_reg(s, rn, sf);
    tcg_rm = read_cpu_reg(s, rm, sf);
    shift_reg_imm(tcg_rm, tcg_rm, sf, shift, imm6);
    result = tcg_temp_new_i64();
    if (setflags) {
        (sub ? gen_sub_CC : gen_add_CC)(sf, result, tcg_rn, tcg_rm);
    } else if (sub) {
        tcg_gen_sub_i64(result, tcg_rn, tcg_rm);
    } else {
        tcg_gen_add_i64(result, tcg_rn, tcg_rm);
    }
    write_result(cpu_reg(s, rd), result, sf);
}

/* ADD, ADDS, SUB, SUBS (extended register) */
static void disas_add_sub_ext_reg(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned imm3 = field32(insn, 10, 3), option = field32(insn, 13, 3);
    unsigned rm = field32(insn, 16, 5), opt = field32(insn, 22, 2);
    bool setflags = field32(insn, 29, 1), sub = field32(insn, 30, 1);
    bool sf = field32(insn, 31, 1);
    TCGv_i64 tcg_rn, tcg_rm, result;

    if (imm3 > 4 || opt != 0) {
        unallocated_encoding(s);
        return;
    }
    tcg_rn = read_cpu_reg_sp(s, rn, true);
    tcg_rm = read_cpu_reg(s, rm, true);
    gen_ext_and_shift_reg(tcg_rm, tcg_rm, option, imm3);
    result = tcg_temp_new_i64();
    if (setflags) {
        (sub ? gen_sub_CC : gen_add_CC)(sf, result, tcg_rn, tcg_rm);
        write_result(cpu_reg(s, rd), result, sf);
        return;
    }
    if (sub) {
        tcg_gen_sub_i64(result, tcg_rn, tcg_rm);
    } else {
        tcg_gen_add_i64(result, tcg_rn, tcg_rm);
    }
    write_result(cpu_reg_sp(s, rd), result, sf);
}

/* ADC, ADCS, SBC, SBCS */
static void disas_adc_sbc(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5), rm = field32(insn, 16, 5);
    bool setflags = field32(insn, 29, 1), sub = field32(insn, 30, 1);
    bool sf = field32(insn, 31, 1);
    TCGv_i64 tcg_rn = read_cpu_reg(s, rn, sf), tcg_rm = read_cpu_reg(s, rm, sf);
    TCGv_i64 result = tcg_temp_new_i64();

    if (sub) {
        /* x - y - !C == x + ~y + C */
        tcg_gen_not_i64(tcg_rm, tcg_rm);
    }
    if (setflags) {
        gen_adc_CC(sf, result, tcg_rn, tcg_rm);
    } else {
        gen_adc(result, tcg_rn, tcg_rm);
    }
    write_result(cpu_reg(s, rd), result, sf);
}

/* CCMN, CCMP (register and immediate) */
static void disas_cond_compare(DisasContext *s, uint32_t insn)
{
    unsigned nzcv = field32(insn, 0, 4), rn = field32(insn, 5, 5);
    unsigned cond = field32(insn, 12, 4), y = field32(insn, 16, 5);
    bool is_imm = field32(insn, 11, 1), sub = field32(insn, 30, 1);
    bool sf = field32(insn, 31, 1);
    TCGv_i64 tcg_rn, tcg_y, scratch;
    TCGv_i32 holds = NULL, zero;
    DisasCompare c;

    if (!field32(insn, 29, 1) || field32(insn, 10, 1) || field32(insn, 4, 1)) {
        unallocated_encoding(s);
        return;
    }
    /* Evaluate the condition before the comparison overwrites the flags. */
    a64_test_cc(&c, cond);
    if (c.cond != TCG_COND_ALWAYS) {
        holds = tcg_temp_new_i32();
        tcg_gen_setcondi_i32(c.cond, holds, c.value, 0);
    }
    tcg_rn = read_cpu_reg(s, rn, sf);
    tcg_y = is_imm ? tcg_constant_i64(y) : read_cpu_reg(s, y, sf);
    scratch = tcg_temp_new_i64();
    (sub ? gen_sub_CC : gen_add_CC)(sf, scratch, tcg_rn, tcg_y);
    if (!holds) {
        return;
    }
    /* Where the condition fails, the flags become #nzcv. */
    zero = tcg_constant_i32(0);
    tcg_gen_movcond_i32(TCG_COND_EQ, cpu_NF, holds, zero,
                        tcg_constant_i32((nzcv & 8) ? INT32_MIN : 0), cpu_NF);
    tcg_gen_movcond_i32(TCG_COND_EQ, cpu_ZF, holds, zero,
                        tcg_constant_i32((nzcv & 4) ? 0 : 1), cpu_ZF);
    tcg_gen_movcond_i32(TCG_COND_EQ, cpu_CF, holds, zero,
                        tcg_constant_i32((nzcv & 2) ? 1 : 0), cpu_CF);
    tcg_gen_movcond_i32(TCG_COND_EQ, cpu_VF, holds, zero,
                        tcg_constant_i32((nzcv & 1) ? INT32_MIN : 0), cpu_VF);
}

/* CSEL, CSINC, CSINV, CSNEG */
static void disas_cond_select(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned cond = field32(insn, 12, 4), rm = field32(insn, 16, 5);
    bool else_inc = field32(insn, 10, 1), else_inv = field32(insn, 30, 1);
    bool sf = field32(insn, 31, 1);
    TCGv_i64 tcg_rd, t_true, t_false, value;
    DisasCompare c;

    if (field32(insn, 29, 1) || field32(insn, 11, 1)) {
        unallocated_encoding(s);
        return;
    }
    a64_test_cc(&c, cond);
    tcg_rd = cpu_reg(s, rd);
    if (c.cond == TCG_COND_ALWAYS) {
        write_result(tcg_rd, read_cpu_reg(s, rn, sf), sf);
        return;
    }
    value = tcg_temp_new_i64();
    tcg_gen_ext_i32_i64(value, c.value);

    if (rn == 31 && rm == 31 && (else_inc || else_inv)) {
        /* CSET (inc) and CSETM (inv): the inverted condition as 1 or -1. */
        tcg_gen_setcondi_i64(tcg_invert_cond(c.cond), tcg_rd, value, 0);
        if (else_inv) {
            tcg_gen_neg_i64(tcg_rd, tcg_rd);
        }
        if (!sf) {
            tcg_gen_ext32u_i64(tcg_rd, tcg_rd);
        }
        return;
    }
    t_true = read_cpu_reg(s, rn, true);
    t_false = read_cpu_reg(s, rm, true);
    if (else_inv && else_inc) {
        tcg_gen_neg_i64(t_false, t_false);
    } else if (else_inv) {
        tcg_gen_not_i64(t_false, t_false);
    } else if (else_inc) {
        tcg_gen_addi_i64(t_false, t_false, 1);
    }
    tcg_gen_movcond_i64(c.cond, tcg_rd, value, tcg_constant_i64(0), t_true, t_false);
    if (!sf) {
        tcg_gen_ext32u_i64(tcg_rd, tcg_rd);
    }
}

/* LSLV, LSRV, ASRV, RORV */
static void gen_shift_reg(TCGv_i64 rd, TCGv_i64 rn, TCGv_i64 rm, bool sf, int type)
{
    TCGv_i64 amount = tcg_temp_new_i64();

    tcg_gen_andi_i64(amount, rm, sf ? 63 : 31);
    switch (type) {
    case 0:
        tcg_gen_shl_i64(rd, rn, amount);
        break;
    case 1:
        tcg_gen_shr_i64(rd, rn, amount);
        break;
    case 2:
        if (!sf) {
            tcg_gen_ext32s_i64(rn, rn);
        }
        tcg_gen_sar_i64(rd, rn, amount);
        break;
    case 3:
        if (sf) {
            tcg_gen_rotr_i64(rd, rn, amount);
        } else {
            TCGv_i32 a = tcg_temp_new_i32(), b = tcg_temp_new_i32();
            tcg_gen_extrl_i64_i32(a, rn);
            tcg_gen_extrl_i64_i32(b, amount);
            tcg_gen_rotr_i32(a, a, b);
            tcg_gen_extu_i32_i64(rd, a);
        }
        break;
    }
    if (!sf) {
        tcg_gen_ext32u_i64(rd, rd);
    }
}

static void disas_crc32(DisasContext *s, unsigned rd, unsigned rn, unsigned rm, bool sf,
                        unsigned sz, bool crc32c)
{
    TCGv_i64 acc, val, res;
    uint64_t mask = sz == 3 ? ~0ull : (1ull << (8 << sz)) - 1;

    if (!dc_feature(s, ARM_FEATURE_CRC32) || sf != (sz == 3)) {
        unallocated_encoding(s);
        return;
    }
    acc = read_cpu_reg(s, rn, false);
    val = read_cpu_reg(s, rm, true);
    tcg_gen_andi_i64(val, val, mask);
    res = cpu_reg(s, rd);
    tcg_gen_call3(crc32c ? (void *)helper_a64_crc32c : (void *)helper_a64_crc32,
                  TCG_CALL_PURE, T64(res), T64(acc), T64(val),
                  T32(tcg_constant_i32(1 << sz)));
}

/* UDIV, SDIV, shifts by register, CRC32* */
static void disas_dp_2src(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned opcode = field32(insn, 10, 6), rm = field32(insn, 16, 5);
    bool sf = field32(insn, 31, 1);
    TCGv_i64 tcg_rd, tcg_rn, tcg_rm;

    if (field32(insn, 29, 1)) {
        unallocated_encoding(s);
        return;
    }
    switch (opcode) {
    case 2: /* UDIV: x / 0 = 0, as TCG's divu */
        tcg_rn = read_cpu_reg(s, rn, sf);
        tcg_rm = read_cpu_reg(s, rm, sf);
        tcg_gen_divu_i64(cpu_reg(s, rd), tcg_rn, tcg_rm);
        break;
    case 3: /* SDIV: x / 0 = 0 and INT_MIN / -1 = INT_MIN, as TCG's div */
        tcg_rn = read_cpu_reg(s, rn, true);
        tcg_rm = read_cpu_reg(s, rm, true);
        tcg_rd = cpu_reg(s, rd);
        if (sf) {
            tcg_gen_div_i64(tcg_rd, tcg_rn, tcg_rm);
        } else {
            tcg_gen_ext32s_i64(tcg_rn, tcg_rn);
            tcg_gen_ext32s_i64(tcg_rm, tcg_rm);
            tcg_gen_div_i64(tcg_rd, tcg_rn, tcg_rm);
            tcg_gen_ext32u_i64(tcg_rd, tcg_rd);
        }
        break;
    case 8: case 9: case 10: case 11:
        tcg_rn = read_cpu_reg(s, rn, sf);
        tcg_rm = read_cpu_reg(s, rm, true);
        gen_shift_reg(cpu_reg(s, rd), tcg_rn, tcg_rm, sf, opcode & 3);
        break;
    case 16: case 17: case 18: case 19: case 20: case 21: case 22: case 23:
        disas_crc32(s, rd, rn, rm, sf, opcode & 3, opcode & 4);
        break;
    default: /* PACGA, SUBP, IRG, GMI... (later extensions) */
        unallocated_encoding(s);
        break;
    }
}

/* RBIT, REV16, REV32, REV, CLZ, CLS */
static void disas_dp_1src(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned opcode = field32(insn, 10, 6), opcode2 = field32(insn, 16, 5);
    bool sf = field32(insn, 31, 1);
    TCGv_i64 tcg_rd, tcg_rn, t;

    if (field32(insn, 29, 1) || opcode2 != 0 || opcode > 5 || (!sf && opcode == 3)) {
        /* opcode2 != 0: pointer authentication (not implemented: UNDEFINED). */
        unallocated_encoding(s);
        return;
    }
    tcg_rn = read_cpu_reg(s, rn, sf);
    tcg_rd = cpu_reg(s, rd);
    switch (opcode) {
    case 0: /* RBIT */
        tcg_gen_call1((void *)helper_a64_rbit64, TCG_CALL_PURE, T64(tcg_rd), T64(tcg_rn));
        if (!sf) {
            tcg_gen_shri_i64(tcg_rd, tcg_rd, 32);
        }
        break;
    case 1: { /* REV16: swap the bytes of each halfword */
        uint64_t m = sf ? 0x00ff00ff00ff00ffull : 0x00ff00ffull;
        t = tcg_temp_new_i64();
        tcg_gen_shri_i64(t, tcg_rn, 8);
        tcg_gen_andi_i64(t, t, m);
        tcg_gen_andi_i64(tcg_rn, tcg_rn, m);
        tcg_gen_shli_i64(tcg_rn, tcg_rn, 8);
        tcg_gen_or_i64(tcg_rd, tcg_rn, t);
        break;
    }
    case 2: /* REV32 (64-bit), REV (32-bit) */
        if (sf) {
            tcg_gen_bswap64_i64(tcg_rd, tcg_rn);
            tcg_gen_rotri_i64(tcg_rd, tcg_rd, 32);
        } else {
            tcg_gen_bswap32_i64(tcg_rd, tcg_rn);
        }
        break;
    case 3: /* REV (64-bit) */
        tcg_gen_bswap64_i64(tcg_rd, tcg_rn);
        break;
    case 4: /* CLZ */
        if (sf) {
            tcg_gen_clzi_i64(tcg_rd, tcg_rn, 64);
        } else {
            TCGv_i32 v = tcg_temp_new_i32();
            tcg_gen_extrl_i64_i32(v, tcg_rn);
            tcg_gen_clzi_i32(v, v, 32);
            tcg_gen_extu_i32_i64(tcg_rd, v);
        }
        break;
    case 5: /* CLS: leading bits equal to the sign bit, less the sign bit */
        if (sf) {
            t = tcg_temp_new_i64();
            tcg_gen_sari_i64(t, tcg_rn, 63);
            tcg_gen_xor_i64(t, t, tcg_rn);
            tcg_gen_clzi_i64(t, t, 64);
            tcg_gen_subi_i64(tcg_rd, t, 1);
        } else {
            TCGv_i32 v = tcg_temp_new_i32(), w = tcg_temp_new_i32();
            tcg_gen_extrl_i64_i32(v, tcg_rn);
            tcg_gen_sari_i32(w, v, 31);
            tcg_gen_xor_i32(w, w, v);
            tcg_gen_clzi_i32(w, w, 32);
            tcg_gen_subi_i32(w, w, 1);
            tcg_gen_extu_i32_i64(tcg_rd, w);
        }
        break;
    }
}

/* MADD, MSUB, SMADDL, SMSUBL, UMADDL, UMSUBL, SMULH, UMULH */
static void disas_dp_3src(DisasContext *s, uint32_t insn)
{
    unsigned rd = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned ra = field32(insn, 10, 5), rm = field32(insn, 16, 5);
    unsigned op = (field32(insn, 21, 3) << 1) | field32(insn, 15, 1);
    bool sf = field32(insn, 31, 1);
    TCGv_i64 tcg_rn, tcg_rm, tcg_ra, prod, tcg_rd;
    bool is_sub = op & 1;

    if (field32(insn, 29, 2) != 0 || (op > 1 && !sf)) {
        unallocated_encoding(s);
        return;
    }
    switch (op) {
    case 0: case 1: /* MADD, MSUB */
        tcg_rn = read_cpu_reg(s, rn, true);
        tcg_rm = read_cpu_reg(s, rm, true);
        break;
    case 2: case 3: /* SMADDL, SMSUBL */
        tcg_rn = read_cpu_reg(s, rn, true);
        tcg_rm = read_cpu_reg(s, rm, true);
        tcg_gen_ext32s_i64(tcg_rn, tcg_rn);
        tcg_gen_ext32s_i64(tcg_rm, tcg_rm);
        break;
    case 10: case 11: /* UMADDL, UMSUBL */
        tcg_rn = read_cpu_reg(s, rn, false);
        tcg_rm = read_cpu_reg(s, rm, false);
        break;
    case 4: case 12: { /* SMULH, UMULH */
        TCGv_i64 lo = tcg_temp_new_i64();
        tcg_rn = read_cpu_reg(s, rn, true);
        tcg_rm = read_cpu_reg(s, rm, true);
        tcg_rd = cpu_reg(s, rd);
        if (op == 4) {
            tcg_gen_muls2_i64(lo, tcg_rd, tcg_rn, tcg_rm);
        } else {
            tcg_gen_mulu2_i64(lo, tcg_rd, tcg_rn, tcg_rm);
        }
        return;
    }
    default:
        unallocated_encoding(s);
        return;
    }
    prod = tcg_temp_new_i64();
    tcg_gen_mul_i64(prod, tcg_rn, tcg_rm);
    tcg_rd = cpu_reg(s, rd);
    if (ra == 31) {
        if (is_sub) {
            tcg_gen_neg_i64(prod, prod);
        }
    } else {
        tcg_ra = cpu_X[ra];
        if (is_sub) {
            tcg_gen_sub_i64(prod, tcg_ra, prod);
        } else {
            tcg_gen_add_i64(prod, tcg_ra, prod);
        }
    }
    write_result(tcg_rd, prod, sf);
}

void a64_disas_dp_reg(DisasContext *s, uint32_t insn)
{
    unsigned op2 = field32(insn, 21, 4);

    if (!field32(insn, 28, 1)) {
        if (!(op2 & 8)) {
            disas_logic_reg(s, insn);
        } else if (!(op2 & 1)) {
            disas_add_sub_reg(s, insn);
        } else {
            disas_add_sub_ext_reg(s, insn);
        }
        return;
    }
    switch (op2) {
    case 0x0:
        if (field32(insn, 10, 6) == 0) {
            disas_adc_sbc(s, insn);
        } else {
            unallocated_encoding(s);    /* RMIF, SETF8/16 (FEAT_FlagM) */
        }
        break;
    case 0x2:
        disas_cond_compare(s, insn);
        break;
    case 0x4:
        disas_cond_select(s, insn);
        break;
    case 0x6:
        if (field32(insn, 30, 1)) {
            disas_dp_1src(s, insn);
        } else {
            disas_dp_2src(s, insn);
        }
        break;
    case 0x8: case 0x9: case 0xa: case 0xb: case 0xc: case 0xd: case 0xe: case 0xf:
        disas_dp_3src(s, insn);
        break;
    default:
        unallocated_encoding(s);
        break;
    }
}
