/*
 * The AdvSIMD load/store structure forms (Arm ARM C4.1.4 "Advanced SIMD load/store
 * multiple structures" and "single structure", with and without post-index):
 * LD1-LD4 / ST1-ST4 of whole registers or one lane, and LD1R-LD4R. The
 * ordinary SIMD&FP register loads and stores are in translate-a64-ldst.c.
 */
#include "qemu/osdep.h"
#include "target/arm/tcg/translate-a64-simd.h"

/* MemOp of one element access of 2^size bytes. */
static MemOp simd_ldst_memop(DisasContext *s, int size)
{
    return (MemOp)size | s->be_data | (s->align_check ? MO_ALIGN : 0);
}

/* Load (or store) lane idx of Vt from (to) addr. */
static void simd_ldst_elem(DisasContext *s, bool is_load, int rt, int idx, int size,
                           TCGv_i64 addr)
{
    TCGv_i64 t = tcg_temp_new_i64();

    if (is_load) {
        tcg_gen_qemu_ld_i64(t, addr, s->mmu_idx, simd_ldst_memop(s, size));
        simd_write_elem(t, rt, idx, size);
    } else {
        simd_read_elem(t, rt, idx, size);
        tcg_gen_qemu_st_i64(t, addr, s->mmu_idx, simd_ldst_memop(s, size));
    }
}

/*
 * The register-at-a-time form of LD1/ST1: with little-endian data every element
 * order is the register's byte order, so 8-byte accesses do.
 */
static void simd_ldst_whole(DisasContext *s, bool is_load, int rt, bool q, TCGv_i64 addr)
{
    for (int half = 0; half < (q ? 2 : 1); half++) {
        TCGv_i64 t = tcg_temp_new_i64(), a = tcg_temp_new_i64();

        tcg_gen_addi_i64(a, addr, half * 8);
        if (is_load) {
            tcg_gen_qemu_ld_i64(t, a, s->mmu_idx, MO_64 | MO_LE);
            tcg_gen_st_i64(t, tcg_env, vreg_half_offset(rt, half));
        } else {
            tcg_gen_ld_i64(t, tcg_env, vreg_half_offset(rt, half));
            tcg_gen_qemu_st_i64(t, a, s->mmu_idx, MO_64 | MO_LE);
        }
    }
}

/* Post-index writeback: Rn += Xm, or the bytes transferred when Rm is 31. */
static void simd_ldst_writeback(DisasContext *s, int rn, int rm, TCGv_i64 base, int bytes)
{
    if (rm == 31) {
        tcg_gen_addi_i64(cpu_reg_sp(s, rn), base, bytes);
    } else {
        tcg_gen_add_i64(cpu_reg_sp(s, rn), base, cpu_X[rm]);
    }
}

/* LD1-LD4, ST1-ST4 (multiple structures) */
static void disas_ldst_multiple(DisasContext *s, uint32_t insn)
{
    static const struct { int8_t rpt, selem; } forms[16] = {
        [0x0] = { 1, 4 }, [0x2] = { 4, 1 }, [0x4] = { 1, 3 }, [0x6] = { 3, 1 },
        [0x7] = { 1, 1 }, [0x8] = { 1, 2 }, [0xa] = { 2, 1 },
    };
    unsigned rt = field32(insn, 0, 5), rn = field32(insn, 5, 5), rm = field32(insn, 16, 5);
    unsigned size = field32(insn, 10, 2), opcode = field32(insn, 12, 4);
    bool is_load = field32(insn, 22, 1), q = field32(insn, 30, 1);
    bool post = field32(insn, 23, 1);
    int rpt = forms[opcode].rpt, selem = forms[opcode].selem;
    int ebytes = 1 << size, elements = (q ? 16 : 8) / ebytes;
    TCGv_i64 base, addr;

    if ((!post && rm != 0) || rpt == 0 || (size == 3 && !q && selem > 1)) {
        unallocated_encoding(s);
        return;
    }
    if (!fp_access_check(s)) {
        return;
    }
    base = read_cpu_reg_sp(s, rn, true);
    addr = tcg_temp_new_i64();
    gen_top_byte_ignore(s, addr, base);

    if (selem == 1 && s->be_data == MO_LE && (!s->align_check || size == 3)) {
        for (int r = 0; r < rpt; r++) {
            TCGv_i64 a = tcg_temp_new_i64();

            tcg_gen_addi_i64(a, addr, r * (q ? 16 : 8));
            simd_ldst_whole(s, is_load, (rt + r) % 32, q, a);
        }
    } else {
        int offs = 0;

        for (int r = 0; r < rpt; r++) {
            for (int e = 0; e < elements; e++) {
                for (int k = 0; k < selem; k++) {
                    TCGv_i64 a = tcg_temp_new_i64();

                    tcg_gen_addi_i64(a, addr, offs);
                    simd_ldst_elem(s, is_load, (rt + r + k) % 32, e, size, a);
                    offs += ebytes;
                }
            }
        }
    }
    if (is_load && !q) {
        for (int r = 0; r < rpt * selem; r++) {
            simd_clear_high((rt + r) % 32);
        }
    }
    if (post) {
        simd_ldst_writeback(s, rn, rm, base, rpt * selem * (q ? 16 : 8));
    }
}

/* LD1-LD4, ST1-ST4 (single structure), LD1R-LD4R */
static void disas_ldst_single(DisasContext *s, uint32_t insn)
{
    unsigned rt = field32(insn, 0, 5), rn = field32(insn, 5, 5), rm = field32(insn, 16, 5);
    unsigned size = field32(insn, 10, 2), sbit = field32(insn, 12, 1);
    unsigned opcode = field32(insn, 13, 3);
    bool is_load = field32(insn, 22, 1), q = field32(insn, 30, 1), post = field32(insn, 23, 1);
    int selem = ((opcode & 1) << 1 | field32(insn, 21, 1)) + 1;
    int scale = opcode >> 1, idx = 0;
    bool replicate = false;
    TCGv_i64 base, addr;

    if (!post && rm != 0) {
        unallocated_encoding(s);
        return;
    }
    switch (scale) {
    case 3:
        if (!is_load || sbit) {
            unallocated_encoding(s);
            return;
        }
        scale = size;
        replicate = true;
        break;
    case 0:
        idx = q << 3 | sbit << 2 | size;
        break;
    case 1:
        if (size & 1) {
            unallocated_encoding(s);
            return;
        }
        idx = q << 2 | sbit << 1 | size >> 1;
        break;
    default:
        if (size & 2) {
            unallocated_encoding(s);
            return;
        }
        if (size & 1) {
            if (sbit) {
                unallocated_encoding(s);
                return;
            }
            idx = q;
            scale = 3;
        } else {
            idx = q << 1 | sbit;
        }
        break;
    }
    if (!fp_access_check(s)) {
        return;
    }
    base = read_cpu_reg_sp(s, rn, true);
    addr = tcg_temp_new_i64();
    gen_top_byte_ignore(s, addr, base);

    for (int k = 0; k < selem; k++) {
        TCGv_i64 a = tcg_temp_new_i64();
        int reg = (rt + k) % 32;

        tcg_gen_addi_i64(a, addr, k << scale);
        if (replicate) {
            TCGv_i64 t = tcg_temp_new_i64();

            tcg_gen_qemu_ld_i64(t, a, s->mmu_idx, simd_ldst_memop(s, scale));
            gen_dup_i64(t, t, scale);
            simd_write_halves(reg, t, q ? t : tcg_constant_i64(0));
        } else {
            simd_ldst_elem(s, is_load, reg, idx, scale, a);
        }
    }
    if (post) {
        simd_ldst_writeback(s, rn, rm, base, selem << scale);
    }
}

void a64_disas_ldst_simd_struct(DisasContext *s, uint32_t insn)
{
    /* 0 Q 0011 0 0 p L ...: bit 24 picks single structure, bit 23 post-index. */
    if (field32(insn, 24, 1)) {
        disas_ldst_single(s, insn);
    } else if (field32(insn, 21, 1)) {
        unallocated_encoding(s);
    } else {
        disas_ldst_multiple(s, insn);
    }
}
