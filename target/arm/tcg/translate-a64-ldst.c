/*
 * The A64 "Loads and stores" group (Arm ARM C4.1.4): single registers in every
 * addressing mode (unsigned offset, unscaled, pre/post-index, register offset,
 * literal, unprivileged), pairs, exclusives, load-acquire/store-release, the
 * FEAT_LSE atomics, and the SIMD&FP register forms that move whole registers.
 * The AdvSIMD structure forms (LD1..LD4, ST1..ST4) belong to translate-a64-simd-ldst.c.
 */
#include "qemu/osdep.h"
#include "target/arm/tcg/translate.h"
#include "target/arm/tcg/helper-a64.h"

/* The MemOp of an ordinary access of 2^size bytes (size <= 3). */
static MemOp a64_memop(DisasContext *s, unsigned size, bool is_signed)
{
    MemOp mop = (MemOp)size | s->be_data;

    if (is_signed) {
        mop |= MO_SIGN;
    }
    if (s->align_check) {
        mop |= MO_ALIGN;
    }
    return mop;
}

/* The data address for a base (+ offset) value: tag bits dropped as TCR says. */
static TCGv_i64 clean_data_addr(DisasContext *s, TCGv_i64 addr)
{
    TCGv_i64 clean;

    if (!s->tbi0 && !s->tbi1) {
        return addr;
    }
    clean = tcg_temp_new_i64();
    gen_top_byte_ignore(s, clean, addr);
    return clean;
}

/* ---- general-purpose register accesses --------------------------------------------- */

/*
 * Load 2^size bytes into Xt/Wt: sign-extended to 64 bits (is_signed), or to 32 bits
 * and then zero-extended (is_signed && ext32).
 */
static void do_gpr_ld(DisasContext *s, unsigned rt, TCGv_i64 addr, unsigned size,
                      bool is_signed, bool ext32, int mmu_idx)
{
    TCGv_i64 dest = cpu_reg(s, rt);

    tcg_gen_qemu_ld_i64(dest, addr, mmu_idx, a64_memop(s, size, is_signed));
    if (is_signed && ext32) {
        tcg_gen_ext32u_i64(dest, dest);
    }
}

static void do_gpr_st(DisasContext *s, unsigned rt, TCGv_i64 addr, unsigned size, int mmu_idx)
{
    TCGv_i64 val = rt == 31 ? tcg_constant_i64(0) : cpu_X[rt];

    tcg_gen_qemu_st_i64(val, addr, mmu_idx, a64_memop(s, size, false));
}

/* ---- SIMD&FP register accesses (B, H, S, D, Q: size 0..4) ----------------------------- */

static void do_fp_st(DisasContext *s, unsigned rt, TCGv_i64 addr, unsigned size)
{
    TCGv_i64 lo = tcg_temp_new_i64();

    tcg_gen_ld_i64(lo, tcg_env, vreg_half_offset(rt, 0));
    if (size < 4) {
        tcg_gen_qemu_st_i64(lo, addr, s->mmu_idx, a64_memop(s, size, false));
    } else {
        TCGv_i64 hi = tcg_temp_new_i64(), addr8 = tcg_temp_new_i64();
        MemOp first = MO_64 | s->be_data | (s->align_check ? MO_ALIGN_16 : 0);
        bool be = s->be_data == MO_BE;

        tcg_gen_ld_i64(hi, tcg_env, vreg_half_offset(rt, 1));
        tcg_gen_addi_i64(addr8, addr, 8);
        tcg_gen_qemu_st_i64(be ? hi : lo, addr, s->mmu_idx, first);
        tcg_gen_qemu_st_i64(be ? lo : hi, addr8, s->mmu_idx, MO_64 | s->be_data);
    }
}

static void do_fp_ld(DisasContext *s, unsigned rt, TCGv_i64 addr, unsigned size)
{
    TCGv_i64 lo = tcg_temp_new_i64(), hi;

    if (size < 4) {
        tcg_gen_qemu_ld_i64(lo, addr, s->mmu_idx, a64_memop(s, size, false));
        hi = tcg_constant_i64(0);
    } else {
        TCGv_i64 addr8 = tcg_temp_new_i64(), t0 = tcg_temp_new_i64();
        TCGv_i64 t1 = tcg_temp_new_i64();
        MemOp first = MO_64 | s->be_data | (s->align_check ? MO_ALIGN_16 : 0);
        bool be = s->be_data == MO_BE;

        tcg_gen_addi_i64(addr8, addr, 8);
        tcg_gen_qemu_ld_i64(t0, addr, s->mmu_idx, first);
        tcg_gen_qemu_ld_i64(t1, addr8, s->mmu_idx, MO_64 | s->be_data);
        lo = be ? t1 : t0;
        hi = be ? t0 : t1;
    }
    /* Writing a scalar register zeroes the rest of the vector. */
    tcg_gen_st_i64(lo, tcg_env, vreg_half_offset(rt, 0));
    tcg_gen_st_i64(hi, tcg_env, vreg_half_offset(rt, 1));
}

/* ---- load register (literal) -------------------------------------------------------- */

/* LDR (literal), LDRSW (literal), PRFM (literal), LDR St/Dt/Qt (literal) */
static void disas_ld_lit(DisasContext *s, uint32_t insn)
{
    unsigned rt = field32(insn, 0, 5), opc = field32(insn, 30, 2);
    bool is_vector = field32(insn, 26, 1);
    uint64_t addr = s->pc_curr + ((int64_t)sfield32(insn, 5, 19) * 4);
    TCGv_i64 tcg_addr;

    if (is_vector) {
        if (opc == 3) {
            unallocated_encoding(s);
            return;
        }
        if (!fp_access_check(s)) {
            return;
        }
        tcg_addr = tcg_constant_i64(addr);
        do_fp_ld(s, rt, tcg_addr, 2 + opc);
        return;
    }
    if (opc == 3) {
        return;     /* PRFM: a hint */
    }
    tcg_addr = tcg_constant_i64(addr);
    do_gpr_ld(s, rt, tcg_addr, opc == 1 ? 3 : 2, opc == 2, false, s->mmu_idx);
}

/* ---- pairs ------------------------------------------------------------------------------ */

/* LDP, STP, LDPSW, LDNP, STNP (general and SIMD&FP registers) */
static void disas_ldst_pair(DisasContext *s, uint32_t insn)
{
    unsigned rt = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned rt2 = field32(insn, 10, 5), idx = field32(insn, 23, 2);
    unsigned opc = field32(insn, 30, 2);
    bool is_load = field32(insn, 22, 1), is_vector = field32(insn, 26, 1);
    bool is_signed = false, postindex = idx == 1, wback = idx == 1 || idx == 3;
    int64_t offset = sfield32(insn, 15, 7);
    unsigned size;
    TCGv_i64 dirty_addr, addr, addr2;

    if (opc == 3) {
        unallocated_encoding(s);
        return;
    }
    if (is_vector) {
        size = 2 + opc;
    } else {
        size = 2 + (opc >> 1);
        is_signed = opc & 1;
        /* opc 01: LDPSW; STGP (store) and LDNPSW do not exist here. */
        if (is_signed && (!is_load || idx == 0)) {
            unallocated_encoding(s);
            return;
        }
    }
    if (is_vector && !fp_access_check(s)) {
        return;
    }
    offset *= (int64_t)1 << size;

    dirty_addr = read_cpu_reg_sp(s, rn, true);
    if (!postindex) {
        tcg_gen_addi_i64(dirty_addr, dirty_addr, offset);
    }
    addr = clean_data_addr(s, dirty_addr);
    addr2 = tcg_temp_new_i64();
    tcg_gen_addi_i64(addr2, addr, (int64_t)1 << size);

    if (is_vector) {
        if (is_load) {
            do_fp_ld(s, rt, addr, size);
            do_fp_ld(s, rt2, addr2, size);
        } else {
            do_fp_st(s, rt, addr, size);
            do_fp_st(s, rt2, addr2, size);
        }
    } else if (is_load) {
        /* Both loads before either register changes: a fault on the second leaves
         * Rt intact, and Rt may be the base. */
        TCGv_i64 v1 = tcg_temp_new_i64(), v2 = tcg_temp_new_i64();
        MemOp mop = a64_memop(s, size, is_signed);

        tcg_gen_qemu_ld_i64(v1, addr, s->mmu_idx, mop);
        tcg_gen_qemu_ld_i64(v2, addr2, s->mmu_idx, mop);
        tcg_gen_mov_i64(cpu_reg(s, rt), v1);
        tcg_gen_mov_i64(cpu_reg(s, rt2), v2);
    } else {
        do_gpr_st(s, rt, addr, size, s->mmu_idx);
        do_gpr_st(s, rt2, addr2, size, s->mmu_idx);
    }

    if (wback) {
        if (postindex) {
            tcg_gen_addi_i64(dirty_addr, dirty_addr, offset);
        }
        tcg_gen_mov_i64(cpu_reg_sp(s, rn), dirty_addr);
    }
}

/* ---- single registers: decode of size:opc ------------------------------------------------ */

typedef struct LdstShape {
    unsigned size;      /* log2 bytes; 4 for Q */
    bool is_store;
    bool is_signed;
    bool ext32;         /* signed load into a W register */
    bool is_prefetch;
} LdstShape;

/* The shape of a single-register access from size, opc and V; false if unallocated. */
static bool ldst_shape(unsigned size, unsigned opc, bool is_vector, LdstShape *sh)
{
    memset(sh, 0, sizeof(*sh));
    if (is_vector) {
        sh->size = size | ((opc & 2) << 1);
        sh->is_store = !(opc & 1);
        return sh->size <= 4;
    }
    sh->size = size;
    if (size == 3 && opc == 2) {
        sh->is_prefetch = true;
        return true;
    }
    if (opc == 3 && size > 1) {
        return false;
    }
    sh->is_store = opc == 0;
    sh->is_signed = opc >= 2;
    sh->ext32 = opc == 3;
    return true;
}

static void do_single(DisasContext *s, const LdstShape *sh, bool is_vector, unsigned rt,
                      TCGv_i64 addr, int mmu_idx)
{
    if (is_vector) {
        if (sh->is_store) {
            do_fp_st(s, rt, addr, sh->size);
        } else {
            do_fp_ld(s, rt, addr, sh->size);
        }
    } else if (sh->is_store) {
        do_gpr_st(s, rt, addr, sh->size, mmu_idx);
    } else {
        do_gpr_ld(s, rt, addr, sh->size, sh->is_signed, sh->ext32, mmu_idx);
    }
}

/* LDUR/STUR, LDR/STR pre- and post-indexed, LDTR/STTR, PRFUM (imm9 forms) */
static void disas_ldst_reg_imm9(DisasContext *s, uint32_t insn, const LdstShape *sh,
                                bool is_vector)
{
    unsigned rt = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned idx = field32(insn, 10, 2);
    int64_t imm9 = sfield32(insn, 12, 9);
    bool unpriv = idx == 2, postindex = idx == 1, wback = idx & 1;
    TCGv_i64 dirty_addr, addr;

    if (sh->is_prefetch) {
        if (idx != 0) {
            unallocated_encoding(s);
        }
        return;     /* PRFUM */
    }
    if (is_vector && unpriv) {
        unallocated_encoding(s);
        return;
    }
    if (is_vector && !fp_access_check(s)) {
        return;
    }
    dirty_addr = read_cpu_reg_sp(s, rn, true);
    if (!postindex) {
        tcg_gen_addi_i64(dirty_addr, dirty_addr, imm9);
    }
    addr = clean_data_addr(s, dirty_addr);
    do_single(s, sh, is_vector, rt, addr, unpriv ? s->unpriv_mmu_idx : s->mmu_idx);
    if (wback) {
        if (postindex) {
            tcg_gen_addi_i64(dirty_addr, dirty_addr, imm9);
        }
        tcg_gen_mov_i64(cpu_reg_sp(s, rn), dirty_addr);
    }
}

/* LDR/STR (register offset), PRFM (register) */
static void disas_ldst_reg_roffset(DisasContext *s, uint32_t insn, const LdstShape *sh,
                                   bool is_vector)
{
    unsigned rt = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    bool shift = field32(insn, 12, 1);
    unsigned opt = field32(insn, 13, 3), rm = field32(insn, 16, 5);
    TCGv_i64 addr, offset;

    if (!(opt & 2)) {
        unallocated_encoding(s);
        return;
    }
    if (sh->is_prefetch) {
        return;
    }
    if (is_vector && !fp_access_check(s)) {
        return;
    }
    addr = read_cpu_reg_sp(s, rn, true);
    offset = read_cpu_reg(s, rm, true);
    gen_ext_and_shift_reg(offset, offset, opt, shift ? sh->size : 0);
    tcg_gen_add_i64(addr, addr, offset);
    do_single(s, sh, is_vector, rt, clean_data_addr(s, addr), s->mmu_idx);
}

/* LDR/STR (unsigned offset), PRFM (immediate) */
static void disas_ldst_reg_unsigned_imm(DisasContext *s, uint32_t insn, const LdstShape *sh,
                                        bool is_vector)
{
    unsigned rt = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    uint64_t offset = (uint64_t)field32(insn, 10, 12) << sh->size;
    TCGv_i64 addr;

    if (sh->is_prefetch) {
        return;
    }
    if (is_vector && !fp_access_check(s)) {
        return;
    }
    addr = read_cpu_reg_sp(s, rn, true);
    tcg_gen_addi_i64(addr, addr, offset);
    do_single(s, sh, is_vector, rt, clean_data_addr(s, addr), s->mmu_idx);
}

/* ---- FEAT_LSE atomics ---------------------------------------------------------------------- */

/* LDADD, LDCLR, LDEOR, LDSET, LD{S,U}{MAX,MIN}, SWP (and the ST* aliases) */
static void disas_ldst_atomic(DisasContext *s, uint32_t insn)
{
    unsigned rt = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned opc = field32(insn, 12, 3), rs = field32(insn, 16, 5);
    unsigned size = field32(insn, 30, 2);
    bool o3 = field32(insn, 15, 1), acquire = field32(insn, 23, 1);
    bool release = field32(insn, 22, 1), is_vector = field32(insn, 26, 1);
    TCGv_i64 addr, val, old;
    int op;

    if (is_vector || !dc_feature(s, ARM_FEATURE_LSE)) {
        unallocated_encoding(s);
        return;
    }
    if (!o3) {
        op = A64_ATOM_ADD + opc;
    } else if (opc == 0) {
        op = A64_ATOM_SWP;
    } else {
        unallocated_encoding(s);    /* LDAPR (FEAT_LRCPC) and unallocated */
        return;
    }
    addr = clean_data_addr(s, read_cpu_reg_sp(s, rn, true));
    val = read_cpu_reg(s, rs, true);
    old = cpu_reg(s, rt);
    if (release) {
        tcg_gen_mb(TCG_MO_ALL);
    }
    tcg_gen_call4((void *)helper_a64_atomic_rmw, TCG_CALL_NO_WG, T64(old), TENV, T64(addr),
                  T64(val),
                  T32(tcg_constant_i32(A64_ATOM_DESC(size | s->be_data | MO_ALIGN,
                                                     s->mmu_idx, op, 0, 0, 0))));
    if (acquire) {
        tcg_gen_mb(TCG_MO_LD_LD | TCG_MO_LD_ST);
    }
}

/* Load/store register: the xx11 op0 space. */
static void disas_ldst_reg(DisasContext *s, uint32_t insn)
{
    unsigned size = field32(insn, 30, 2), opc = field32(insn, 22, 2);
    bool is_vector = field32(insn, 26, 1);
    LdstShape sh;

    if (field32(insn, 24, 1)) {
        if (!ldst_shape(size, opc, is_vector, &sh)) {
            unallocated_encoding(s);
            return;
        }
        disas_ldst_reg_unsigned_imm(s, insn, &sh, is_vector);
        return;
    }
    if (!field32(insn, 21, 1)) {
        if (!ldst_shape(size, opc, is_vector, &sh)) {
            unallocated_encoding(s);
            return;
        }
        disas_ldst_reg_imm9(s, insn, &sh, is_vector);
        return;
    }
    switch (field32(insn, 10, 2)) {
    case 0:
        disas_ldst_atomic(s, insn);
        break;
    case 2:
        if (!ldst_shape(size, opc, is_vector, &sh)) {
            unallocated_encoding(s);
            return;
        }
        disas_ldst_reg_roffset(s, insn, &sh, is_vector);
        break;
    default:    /* LDRAA, LDRAB (pointer authentication) */
        unallocated_encoding(s);
        break;
    }
}

/* ---- exclusives, acquire/release, compare and swap ----------------------------------------- */

static void gen_load_exclusive(DisasContext *s, unsigned rt, unsigned rt2, TCGv_i64 addr,
                               unsigned size, bool is_pair)
{
    TCGv_i64 v1 = tcg_temp_new_i64();

    if (!is_pair) {
        tcg_gen_qemu_ld_i64(v1, addr, s->mmu_idx, (MemOp)size | s->be_data | MO_ALIGN);
        tcg_gen_mov_i64(cpu_exclusive_val, v1);
        tcg_gen_mov_i64(cpu_reg(s, rt), v1);
    } else if (size == 2) {
        /* Two words as one aligned doubleword; the first is at the lower address. */
        TCGv_i64 lo = tcg_temp_new_i64(), hi = tcg_temp_new_i64();

        tcg_gen_qemu_ld_i64(v1, addr, s->mmu_idx, MO_64 | s->be_data | MO_ALIGN);
        tcg_gen_mov_i64(cpu_exclusive_val, v1);
        tcg_gen_ext32u_i64(lo, v1);
        tcg_gen_shri_i64(hi, v1, 32);
        if (s->be_data == MO_BE) {
            tcg_gen_mov_i64(cpu_reg(s, rt), hi);
            tcg_gen_mov_i64(cpu_reg(s, rt2), lo);
        } else {
            tcg_gen_mov_i64(cpu_reg(s, rt), lo);
            tcg_gen_mov_i64(cpu_reg(s, rt2), hi);
        }
    } else {
        TCGv_i64 v2 = tcg_temp_new_i64(), addr8 = tcg_temp_new_i64();

        tcg_gen_addi_i64(addr8, addr, 8);
        tcg_gen_qemu_ld_i64(v1, addr, s->mmu_idx, MO_64 | s->be_data | MO_ALIGN_16);
        tcg_gen_qemu_ld_i64(v2, addr8, s->mmu_idx, MO_64 | s->be_data);
        tcg_gen_mov_i64(cpu_exclusive_val, v1);
        tcg_gen_mov_i64(cpu_exclusive_high, v2);
        tcg_gen_mov_i64(cpu_reg(s, rt), v1);
        tcg_gen_mov_i64(cpu_reg(s, rt2), v2);
    }
    tcg_gen_mov_i64(cpu_exclusive_addr, addr);
}

static void gen_store_exclusive(DisasContext *s, unsigned rs, unsigned rt, unsigned rt2,
                                TCGv_i64 addr, unsigned size, bool is_pair)
{
    TCGv_i64 status = cpu_reg(s, rs);

    if (is_pair && size == 3) {
        tcg_gen_call3((void *)helper_a64_stxp128, 0, T64(status), TENV, T64(addr),
                      T32(tcg_constant_i32(A64_ATOM_DESC(MO_64 | s->be_data, s->mmu_idx,
                                                         0, rs, rt, rt2))));
        return;
    }
    TCGv_i64 val = read_cpu_reg(s, rt, true);
    MemOp mop = (MemOp)size | s->be_data;

    if (is_pair) {
        /* Two words as one doubleword, Rt at the lower address. */
        TCGv_i64 second = read_cpu_reg(s, rt2, false);
        if (s->be_data == MO_BE) {
            tcg_gen_deposit_i64(val, second, val, 32, 32);
        } else {
            tcg_gen_deposit_i64(val, val, second, 32, 32);
        }
        mop = MO_64 | s->be_data;
    }
    tcg_gen_call4((void *)helper_a64_stxr, 0, T64(status), TENV, T64(addr), T64(val),
                  T32(tcg_constant_i32(A64_ATOM_DESC(mop, s->mmu_idx, 0, rs, rt, rt2))));
}

/* CAS, CASA, CASL, CASAL (all sizes) */
static void gen_cas(DisasContext *s, unsigned rs, unsigned rt, TCGv_i64 addr, unsigned size)
{
    TCGv_i64 cmpv = read_cpu_reg(s, rs, true), newv = read_cpu_reg(s, rt, true);

    TCGTemp *args[] = {
        TENV, T64(addr), T64(cmpv), T64(newv),
        T32(tcg_constant_i32(A64_ATOM_DESC((MemOp)size | s->be_data | MO_ALIGN,
                                           s->mmu_idx, 0, rs, rt, 0))),
    };

    tcg_gen_callN((void *)helper_a64_cas, TCG_CALL_NO_WG, T64(cpu_reg(s, rs)), 5, args);
}

/* CASP, CASPA, CASPL, CASPAL: size 2 (W pairs) or 3 (X pairs) */
static void gen_casp(DisasContext *s, unsigned rs, unsigned rt, TCGv_i64 addr, unsigned size)
{
    tcg_gen_call3((void *)helper_a64_casp, 0, NULL, TENV, T64(addr),
                  T32(tcg_constant_i32(A64_ATOM_DESC((MemOp)size | s->be_data,
                                                     s->mmu_idx, 0, rs, rt, 0))));
}

static void disas_ldst_excl(DisasContext *s, uint32_t insn)
{
    unsigned rt = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned rt2 = field32(insn, 10, 5), rs = field32(insn, 16, 5);
    unsigned size = field32(insn, 30, 2);
    bool o0 = field32(insn, 15, 1), o1 = field32(insn, 21, 1);
    bool l = field32(insn, 22, 1), o2 = field32(insn, 23, 1);
    bool lse = dc_feature(s, ARM_FEATURE_LSE);
    TCGv_i64 addr;

    if (field32(insn, 26, 1)) {
        unallocated_encoding(s);
        return;
    }
    addr = clean_data_addr(s, read_cpu_reg_sp(s, rn, true));

    switch (o2 << 3 | l << 2 | o1 << 1 | o0) {
    case 0x0: case 0x1: /* STXR, STLXR */
        if (o0) {
            tcg_gen_mb(TCG_MO_ALL);
        }
        gen_store_exclusive(s, rs, rt, rt2, addr, size, false);
        return;
    case 0x4: case 0x5: /* LDXR, LDAXR */
        gen_load_exclusive(s, rt, rt2, addr, size, false);
        if (o0) {
            tcg_gen_mb(TCG_MO_LD_LD | TCG_MO_LD_ST);
        }
        return;
    case 0x2: case 0x3: /* STXP, STLXP; CASP, CASPL */
    case 0x6: case 0x7: /* LDXP, LDAXP; CASPA, CASPAL */
        if (size & 2) {
            if (l) {
                gen_load_exclusive(s, rt, rt2, addr, size, true);
                if (o0) {
                    tcg_gen_mb(TCG_MO_LD_LD | TCG_MO_LD_ST);
                }
            } else {
                if (o0) {
                    tcg_gen_mb(TCG_MO_ALL);
                }
                gen_store_exclusive(s, rs, rt, rt2, addr, size, true);
            }
            return;
        }
        if (!lse || (rs & 1) || (rt & 1) || rt2 != 31) {
            break;
        }
        gen_casp(s, rs, rt, addr, size + 2);
        return;
    case 0x8: case 0x9: /* STLLR (FEAT_LOR), STLR */
        if (!o0 && !lse) {
            break;
        }
        tcg_gen_mb(TCG_MO_ALL);
        tcg_gen_qemu_st_i64(rt == 31 ? tcg_constant_i64(0) : cpu_X[rt], addr, s->mmu_idx,
                            (MemOp)size | s->be_data | MO_ALIGN);
        return;
    case 0xc: case 0xd: /* LDLAR (FEAT_LOR), LDAR */
        if (!o0 && !lse) {
            break;
        }
        tcg_gen_qemu_ld_i64(cpu_reg(s, rt), addr, s->mmu_idx,
                            (MemOp)size | s->be_data | MO_ALIGN);
        tcg_gen_mb(TCG_MO_LD_LD | TCG_MO_LD_ST);
        return;
    case 0xa: case 0xb: case 0xe: case 0xf: /* CAS, CASL, CASA, CASAL */
        if (!lse || rt2 != 31) {
            break;
        }
        gen_cas(s, rs, rt, addr, size);
        return;
    }
    unallocated_encoding(s);
}

void a64_disas_ldst(DisasContext *s, uint32_t insn)
{
    bool is_vector = field32(insn, 26, 1);

    switch (field32(insn, 28, 2)) {
    case 0:
        if (is_vector) {
            if (!field32(insn, 31, 1)) {
                a64_disas_ldst_simd_struct(s, insn);
            } else {
                unallocated_encoding(s);
            }
        } else if (!field32(insn, 24, 1)) {
            disas_ldst_excl(s, insn);
        } else {
            unallocated_encoding(s);
        }
        break;
    case 1:
        if (!field32(insn, 24, 1)) {
            disas_ld_lit(s, insn);
        } else {
            unallocated_encoding(s);    /* LDAPR/STLR unscaled (FEAT_LRCPC2), MOPS */
        }
        break;
    case 2:
        disas_ldst_pair(s, insn);
        break;
    case 3:
        disas_ldst_reg(s, insn);
        break;
    }
}
