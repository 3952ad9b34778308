/*
 * The x86-64 JIT backend: prologue/epilogue, an on-the-fly register allocator driven
 * by the liveness pass (spilling to a fixed stack frame), instruction selection for
 * every IR op, the inline softmmu TLB hit path with out-of-line slow paths, and
 * goto_tb patch sites. Host ABI: SysV x86-64.
 *
 * Registers: rbp holds env; r10 and r11 are backend scratch; rsp the frame; the other
 * twelve are allocated. Spill slots are at [rsp + 8 * slot].
 */
#include "qemu/osdep.h"
#include <cpuid.h>
#include "emit.h"

#define R(x) (1u << X_##x)
#define REGS_ALL (R(RAX) | R(RCX) | R(RDX) | R(RBX) | R(RSI) | R(RDI) | R(R8) | R(R9) | \
                  R(R12) | R(R13) | R(R14) | R(R15))
#define REGS_CALL_CLOBBER (R(RAX) | R(RCX) | R(RDX) | R(RSI) | R(RDI) | R(R8) | R(R9) | \
                           R(R10) | R(R11))
#define TMP0 X_R10
#define TMP1 X_R11
#define ENV X_RBP

/* Callee-saved first, so values survive helper calls without moves. */
static const int8_t alloc_order[] = {
    X_RBX, X_R12, X_R13, X_R14, X_R15, X_R9, X_R8, X_RCX, X_RDX, X_RSI, X_RDI, X_RAX,
};
static const int8_t call_arg_regs[TCG_MAX_CALL_ARGS] = {
    X_RDI, X_RSI, X_RDX, X_RCX, X_R8, X_R9,
};
static const int8_t saved_regs[] = { X_RBP, X_RBX, X_R12, X_R13, X_R14, X_R15 };

/* Frame: the spill slots, plus 8 so rsp is 16-byte aligned inside translated code. */
#define FRAME_SIZE (TCG_FRAME_SLOTS * 8 + 8)

/* ---- Constraints --------------------------------------------------------------------- */

#define CT_IMM32   1    /* a constant that fits a sign-extended imm32 is accepted */
#define CT_IMM_ANY 2    /* any constant is accepted */
#define CT_NEWREG  4    /* output must not share a register with any input */

typedef struct ArgCt {
    uint16_t regs;
    int8_t alias;       /* outputs: the input whose register this output takes, or -1 */
    uint8_t flags;
} ArgCt;

typedef struct OpCt {
    ArgCt out[2];
    ArgCt in[4];
    uint16_t clobber;
} OpCt;

#define CT_R      { REGS_ALL, -1, 0 }
#define CT_RI     { REGS_ALL, -1, CT_IMM32 }
#define CT_ALIAS(i) { 0, (i), 0 }

static const OpCt ct_binop = { .out = { CT_ALIAS(0) }, .in = { CT_R, CT_RI } };
static const OpCt ct_shift = {
    .out = { CT_ALIAS(0) },
    .in = { { REGS_ALL & ~R(RCX), -1, 0 }, { R(RCX), -1, CT_IMM_ANY } },
};
static const OpCt ct_div = {
    .out = { CT_ALIAS(0) },
    .in = { { R(RAX), -1, 0 }, { REGS_ALL & ~(R(RAX) | R(RDX)), -1, 0 } },
    .clobber = R(RDX),
};
static const OpCt ct_mul2 = {
    .out = { CT_ALIAS(0), { R(RDX), -1, 0 } },
    .in = { { R(RAX), -1, 0 }, { REGS_ALL & ~(R(RAX) | R(RDX)), -1, 0 } },
    .clobber = R(RDX),
};
static const OpCt ct_unary_alias = { .out = { CT_ALIAS(0) }, .in = { CT_R } };
static const OpCt ct_unary = { .out = { CT_R }, .in = { CT_R } };
static const OpCt ct_bitcount = {
    .out = { { REGS_ALL, -1, CT_NEWREG } }, .in = { CT_R, { REGS_ALL, -1, CT_IMM_ANY } },
};
static const OpCt ct_setcond = { .out = { CT_R }, .in = { CT_R, CT_RI } };
static const OpCt ct_movcond = { .out = { CT_ALIAS(3) }, .in = { CT_R, CT_RI, CT_R, CT_R } };
static const OpCt ct_brcond = { .in = { CT_R, CT_RI } };
static const OpCt ct_dword = {
    .out = { CT_ALIAS(0), CT_ALIAS(1) }, .in = { CT_R, CT_R, CT_RI, CT_RI },
};
static const OpCt ct_host_ld = { .out = { CT_R }, .in = { { REGS_ALL | R(RBP), -1, 0 } } };
static const OpCt ct_host_st = { .in = { CT_R, { REGS_ALL | R(RBP), -1, 0 } } };
static const OpCt ct_qemu_ld = { .out = { CT_R }, .in = { CT_R } };
static const OpCt ct_qemu_st = { .in = { CT_R, CT_R } };
static const OpCt ct_goto_ptr = { .in = { CT_R } };

static const OpCt *op_constraints(TCGOpcode opc)
{
    switch (opc) {
#define BOTH(x) case INDEX_op_##x##_i32: case INDEX_op_##x##_i64:
    BOTH(add) BOTH(sub) BOTH(mul) BOTH(and) BOTH(or) BOTH(xor)
        return &ct_binop;
    BOTH(shl) BOTH(shr) BOTH(sar) BOTH(rotl) BOTH(rotr)
        return &ct_shift;
    BOTH(div) BOTH(divu) BOTH(rem) BOTH(remu)
        return &ct_div;
    BOTH(mulu2) BOTH(muls2)
        return &ct_mul2;
    BOTH(neg) BOTH(not) BOTH(bswap16) BOTH(bswap32)
    case INDEX_op_bswap64_i64:
    case INDEX_op_extrh_i64_i32:
        return &ct_unary_alias;
    BOTH(ext8s) BOTH(ext8u) BOTH(ext16s) BOTH(ext16u) BOTH(ctpop)
    case INDEX_op_ext32s_i64:
    case INDEX_op_ext32u_i64:
    case INDEX_op_extu_i32_i64:
    case INDEX_op_ext_i32_i64:
    case INDEX_op_extrl_i64_i32:
        return &ct_unary;
    BOTH(clz) BOTH(ctz)
        return &ct_bitcount;
    BOTH(setcond)
        return &ct_setcond;
    BOTH(movcond)
        return &ct_movcond;
    BOTH(brcond)
        return &ct_brcond;
    BOTH(add2) BOTH(sub2)
        return &ct_dword;
    BOTH(ld8u) BOTH(ld8s) BOTH(ld16u) BOTH(ld16s) BOTH(ld)
    case INDEX_op_ld32u_i64:
    case INDEX_op_ld32s_i64:
        return &ct_host_ld;
    BOTH(st8) BOTH(st16) BOTH(st)
    case INDEX_op_st32_i64:
        return &ct_host_st;
    BOTH(qemu_ld)
        return &ct_qemu_ld;
    BOTH(qemu_st)
        return &ct_qemu_st;
    case INDEX_op_goto_ptr:
        return &ct_goto_ptr;
#undef BOTH
    default:
        g_assert_not_reached();
    }
}

/* ---- Register allocator ---------------------------------------------------------------- */

static inline int temp_idx(TCGContext *s, TCGTemp *ts)
{
    return ts - s->temps;
}

static void reg_assign(TCGContext *s, int reg, TCGTemp *ts)
{
    s->reg_to_temp[reg] = temp_idx(s, ts);
    ts->reg = reg;
    ts->val_type = TEMP_VAL_REG;
}

static void reg_unassign(TCGContext *s, int reg)
{
    s->reg_to_temp[reg] = -1;
}

static int temp_base(TCGTemp *ts)
{
    return ts->kind == TEMP_GLOBAL ? ENV : X_RSP;
}

static void temp_alloc_frame(TCGContext *s, TCGTemp *ts)
{
    if (s->frame_slots_used >= TCG_FRAME_SLOTS) {
        s->temps_overflow = true;   /* reported as TOO_BIG */
        ts->mem_offset = 0;
    } else {
        ts->mem_offset = 8 * s->frame_slots_used++;
    }
    ts->mem_allocated = true;
}

/* Store a register-held value to its memory home. */
static void temp_sync(TCGContext *s, TCGTemp *ts)
{
    if (ts->val_type != TEMP_VAL_REG || ts->mem_coherent ||
        ts->kind == TEMP_CONST || ts->kind == TEMP_FIXED) {
        return;
    }
    if (!ts->mem_allocated) {
        temp_alloc_frame(s, ts);
    }
    /* Long runs of stores (block ends) must not run past the buffer. */
    if (s->code_ptr > s->code_highwater) {
        s->code_full = true;
        return;
    }
    emit_st(s, ts->type == TCG_TYPE_I64, ts->reg, temp_base(ts), ts->mem_offset);
    ts->mem_coherent = true;
}

/* Sync and drop the register copy. */
static void temp_save(TCGContext *s, TCGTemp *ts)
{
    if (ts->kind == TEMP_FIXED) {
        return;
    }
    temp_sync(s, ts);
    if (ts->val_type == TEMP_VAL_REG) {
        reg_unassign(s, ts->reg);
        ts->val_type = ts->kind == TEMP_CONST ? TEMP_VAL_CONST : TEMP_VAL_MEM;
    }
}

/* The value is not needed any more. Globals keep their memory copy up to date. */
static void temp_dead(TCGContext *s, TCGTemp *ts)
{
    switch (ts->kind) {
    case TEMP_FIXED:
        return;
    case TEMP_GLOBAL:
        temp_save(s, ts);
        return;
    case TEMP_CONST:
        if (ts->val_type == TEMP_VAL_REG) {
            reg_unassign(s, ts->reg);
        }
        ts->val_type = TEMP_VAL_CONST;
        return;
    default:
        if (ts->val_type == TEMP_VAL_REG) {
            reg_unassign(s, ts->reg);
        }
        ts->val_type = TEMP_VAL_DEAD;
        ts->mem_coherent = false;
        return;
    }
}

static uint16_t free_regs(TCGContext *s)
{
    uint16_t m = 0;
    for (unsigned i = 0; i < ARRAY_SIZE(alloc_order); i++) {
        if (s->reg_to_temp[alloc_order[i]] < 0) {
            m |= 1u << alloc_order[i];
        }
    }
    return m;
}

static int first_in_order(uint16_t mask)
{
    for (unsigned i = 0; i < ARRAY_SIZE(alloc_order); i++) {
        if (mask & (1u << alloc_order[i])) {
            return alloc_order[i];
        }
    }
    return -1;
}

/* Empty reg: move its value to a free register outside avoid, or spill it. */
static void reg_evict(TCGContext *s, int reg, uint16_t avoid)
{
    int idx = s->reg_to_temp[reg];
    TCGTemp *ts;
    int to;

    if (idx < 0) {
        return;
    }
    ts = &s->temps[idx];
    if (ts->kind == TEMP_CONST) {
        temp_dead(s, ts);
        return;
    }
    to = first_in_order(free_regs(s) & ~s->locked_regs & ~avoid & ~(1u << reg));
    if (to >= 0) {
        emit_mov_rr(s, true, to, reg);
        reg_unassign(s, reg);
        reg_assign(s, to, ts);
        return;
    }
    temp_save(s, ts);
}

/* A register from allowed, not locked, emptied if needed. Not assigned or locked. */
static int reg_alloc(TCGContext *s, uint16_t allowed)
{
    int reg;

    allowed &= ~s->locked_regs;
    reg = first_in_order(allowed & free_regs(s));
    if (reg >= 0) {
        return reg;
    }
    /* Prefer evicting a value whose memory copy is current: no store needed. */
    for (unsigned i = 0; i < ARRAY_SIZE(alloc_order); i++) {
        int r = alloc_order[i];
        TCGTemp *ts;
        if (!(allowed & (1u << r))) {
            continue;
        }
        ts = &s->temps[s->reg_to_temp[r]];
        if (ts->kind == TEMP_CONST || ts->mem_coherent) {
            reg_evict(s, r, allowed);
            return r;
        }
    }
    reg = first_in_order(allowed);
    g_assert(reg >= 0);
    reg_evict(s, reg, allowed);
    return reg;
}

static void load_value(TCGContext *s, TCGTemp *ts, int reg)
{
    bool is64 = ts->type == TCG_TYPE_I64;

    switch (ts->val_type) {
    case TEMP_VAL_REG:
        emit_mov_rr(s, true, reg, ts->reg);
        break;
    case TEMP_VAL_MEM:
        emit_ld(s, is64, reg, temp_base(ts), ts->mem_offset);
        break;
    case TEMP_VAL_CONST:
        emit_movi(s, is64, reg, ts->val);
        break;
    default:
        break;      /* reading a dead temp: any value will do */
    }
}

/* Bring ts into a register of allowed, making that its home (except env). */
static int temp_load(TCGContext *s, TCGTemp *ts, uint16_t allowed)
{
    int reg;

    if (ts->kind == TEMP_FIXED) {
        if (allowed & R(RBP)) {
            return ENV;
        }
        reg = reg_alloc(s, allowed);
        emit_mov_rr(s, true, reg, ENV);
        return reg;
    }
    if (ts->val_type == TEMP_VAL_REG && (allowed & (1u << ts->reg))) {
        return ts->reg;
    }
    reg = reg_alloc(s, allowed);
    load_value(s, ts, reg);
    if (ts->val_type == TEMP_VAL_REG) {
        reg_unassign(s, ts->reg);
    } else {
        ts->mem_coherent = ts->val_type == TEMP_VAL_MEM;
    }
    reg_assign(s, reg, ts);
    return reg;
}

static void sync_globals(TCGContext *s, bool and_locals)
{
    int end = and_locals ? s->nb_temps : s->nb_globals;

    for (int i = 2; i < end; i++) {
        TCGTemp *ts = &s->temps[i];
        if (ts->kind == TEMP_GLOBAL || ts->kind == TEMP_TB) {
            temp_sync(s, ts);
        }
    }
}

static void save_globals(TCGContext *s)
{
    for (int i = 2; i < s->nb_globals; i++) {
        temp_save(s, &s->temps[i]);
    }
}

/* End of a basic block: globals and locals to memory, all registers free. */
static void bb_end(TCGContext *s)
{
    for (int i = 2; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];
        switch (ts->kind) {
        case TEMP_GLOBAL:
            temp_save(s, ts);
            break;
        case TEMP_TB:
            temp_save(s, ts);
            ts->val_type = ts->mem_allocated ? TEMP_VAL_MEM : TEMP_VAL_DEAD;
            break;
        default:
            temp_dead(s, ts);
            break;
        }
    }
}

/* After an unconditional exit: everything is in memory or dead; just forget regs. */
static void forget_regs(TCGContext *s)
{
    for (int r = 0; r < TCG_NB_HOST_REGS; r++) {
        int idx = s->reg_to_temp[r];
        if (idx >= 0) {
            TCGTemp *ts = &s->temps[idx];
            ts->val_type = ts->kind == TEMP_CONST ? TEMP_VAL_CONST
                : (ts->kind == TEMP_GLOBAL || ts->mem_coherent) ? TEMP_VAL_MEM : TEMP_VAL_DEAD;
            s->reg_to_temp[r] = -1;
        }
    }
}

/* ---- Labels and jumps -------------------------------------------------------------------- */

static void emit_label_ref(TCGContext *s, int label)
{
    TCGLabelInfo *l = &s->labels[label];

    if (l->value != UINT32_MAX) {
        emit_rel32_to(s, s->tb_start + l->value);
        return;
    }
    if (s->nb_relocs == s->max_relocs) {
        s->max_relocs *= 2;
        s->relocs = g_renew(TCGReloc, s->relocs, s->max_relocs);
    }
    s->relocs[s->nb_relocs++] = (TCGReloc) {
        .label = label, .offset = s->code_ptr - s->tb_start,
    };
    emit32(s, 0);
}

static void emit_jcc_label(TCGContext *s, int cc, int label)
{
    emit_opc(s, OP_JCC_REL + cc, 0, 0, 0);
    emit_label_ref(s, label);
}

static void emit_jmp_label(TCGContext *s, int label)
{
    emit8(s, OP_JMP_REL);
    emit_label_ref(s, label);
}

static void emit_call(TCGContext *s, const void *func)
{
    intptr_t disp = (const uint8_t *)func - (s->code_ptr + 5);

    if (disp == (int32_t)disp) {
        emit8(s, OP_CALL_REL);
        emit32(s, (uint32_t)disp);
    } else {
        emit_movi_noflags(s, true, TMP1, (uintptr_t)func);
        emit_rr(s, OP_GRP5, 2, TMP1);
    }
}

/* A short forward jump, patched by patch_rel8(). */
static uint8_t *emit_jcc8(TCGContext *s, int opc)
{
    emit8(s, opc);
    emit8(s, 0);
    return s->code_ptr;
}

static void patch_rel8(TCGContext *s, uint8_t *after)
{
    after[-1] = (uint8_t)(s->code_ptr - after);
}

/* ---- Instruction selection ------------------------------------------------------------ */

static const uint8_t cond_cc[] = {
    [TCG_COND_EQ] = CC_E, [TCG_COND_NE] = CC_NE,
    [TCG_COND_LT] = CC_L, [TCG_COND_GE] = CC_GE, [TCG_COND_LE] = CC_LE, [TCG_COND_GT] = CC_G,
    [TCG_COND_LTU] = CC_B, [TCG_COND_GEU] = CC_AE, [TCG_COND_LEU] = CC_BE,
    [TCG_COND_GTU] = CC_A, [TCG_COND_TSTEQ] = CC_E, [TCG_COND_TSTNE] = CC_NE,
};

static void emit_cmp(TCGContext *s, int w, TCGCond c, int a, TCGArg b, bool b_const)
{
    if (c == TCG_COND_TSTEQ || c == TCG_COND_TSTNE) {
        if (b_const) {
            emit_rr(s, OP_GRP3 | w, G3_TEST, a);
            emit32(s, (uint32_t)b);
        } else {
            emit_rr(s, OP_TEST | w, b, a);
        }
    } else if (b_const) {
        if ((w ? b : (uint32_t)b) == 0) {
            emit_rr(s, OP_TEST | w, a, a);
        } else {
            emit_alu_imm(s, w, ALU_CMP, a, (int32_t)b);
        }
    } else {
        emit_alu_rr(s, w, ALU_CMP, a, b);
    }
}

static void emit_div(TCGContext *s, int w, int d, bool is_signed, bool is_rem)
{
    uint8_t *l1, *done1 = NULL, *done2;

    if (is_signed) {
        emit_alu_imm(s, w, ALU_CMP, d, -1);
        l1 = emit_jcc8(s, OP_JCC_REL8 + CC_NE);
        if (is_rem) {
            emit_rr(s, OP_XOR_GvEv, X_RAX, X_RAX);
        } else {
            emit_rr(s, OP_GRP3 | w, G3_NEG, X_RAX);
        }
        done1 = emit_jcc8(s, OP_JMP_REL8);
        patch_rel8(s, l1);
    }
    emit_rr(s, OP_TEST | w, d, d);
    l1 = emit_jcc8(s, OP_JCC_REL8 + CC_NE);
    if (!is_rem) {
        emit_rr(s, OP_XOR_GvEv, X_RAX, X_RAX);
    }
    done2 = emit_jcc8(s, OP_JMP_REL8);
    patch_rel8(s, l1);
    if (is_signed) {
        emit_opc(s, OP_CDQ | w, 0, 0, 0);
    } else {
        emit_rr(s, OP_XOR_GvEv, X_RDX, X_RDX);
    }
    emit_rr(s, OP_GRP3 | w, is_signed ? G3_IDIV : G3_DIV, d);
    if (is_rem) {
        emit_mov_rr(s, w != 0, X_RAX, X_RDX);
    }
    if (done1) {
        patch_rel8(s, done1);
    }
    patch_rel8(s, done2);
}

/* Where a TLB compare reads its entry fields. */
#define TLB_ADDR_READ offsetof(CPUTLBEntry, addr_read)
#define TLB_ADDR_WRITE offsetof(CPUTLBEntry, addr_write)
#define TLB_ADDEND offsetof(CPUTLBEntry, addend)

static void emit_qemu_ldst(TCGContext *s, TCGOp *op, const TCGArg *a, bool is_ld)
{
    MemOpIdx oi = op->args[2];
    MemOp mop = get_memop(oi);
    unsigned size = memop_size(mop), align = memop_alignment(mop), sz = mop & MO_SIZE;
    unsigned bits = s->cfg.page_bits;
    bool addr32 = arg_temp(s, op->args[1])->type == TCG_TYPE_I32;
    bool data64 = tcg_op_defs[op->opc].flags & TCG_OPF_64BIT;
    int data = a[0], addr = a[1];
    int aw = addr32 ? 0 : X_W;
    int32_t fast_ofs = s->cfg.tlb_fast_offset + get_mmuidx(oi) * sizeof(CPUTLBDescFast);
    bool swap = mop & MO_BSWAP;
    bool movbe = s->caps & TCG_CAP_MOVBE;
    TCGLdstStub *stub;

    /* TMP0 = &table[(addr >> (bits - 5)) & mask] */
    emit_mov_rr(s, !addr32, TMP0, addr);
    emit_rr(s, OP_SHIFT_IMM | X_W, SH_SHR, TMP0);
    emit8(s, bits - CPU_TLB_ENTRY_BITS);
    emit_rm(s, ((ALU_AND << 3) | 3) | X_W, TMP0, ENV, -1, 0,
            fast_ofs + offsetof(CPUTLBDescFast, mask));
    emit_rm(s, ((ALU_ADD << 3) | 3) | X_W, TMP0, ENV, -1, 0,
            fast_ofs + offsetof(CPUTLBDescFast, table));
    /* TMP1 = the address to compare: page, alignment bits, and page crossing. */
    if (align >= size) {
        emit_mov_rr(s, !addr32, TMP1, addr);
    } else {
        emit_rm(s, OP_LEA | aw, TMP1, addr, -1, 0, size - align);
    }
    emit_alu_imm(s, aw, ALU_AND, TMP1, (int32_t)(~((1u << bits) - 1) | (align - 1)));
    emit_rm(s, ((ALU_CMP << 3) | 3) | X_W, TMP1, TMP0, -1, 0,
            is_ld ? TLB_ADDR_READ : TLB_ADDR_WRITE);

    if (s->nb_stubs == s->max_stubs) {
        s->max_stubs *= 2;
        s->stubs = g_renew(TCGLdstStub, s->stubs, s->max_stubs);
    }
    stub = &s->stubs[s->nb_stubs++];
    emit_opc(s, OP_JCC_REL + CC_NE, 0, 0, 0);
    stub->jcc_offset = s->code_ptr - s->tb_start;
    emit32(s, 0);

    /* Hit: TMP0 = host address. */
    emit_ld(s, true, TMP0, TMP0, TLB_ADDEND);
    if (addr32) {
        emit_mov_rr(s, false, TMP1, addr);
        emit_alu_rr(s, X_W, ALU_ADD, TMP0, TMP1);
    } else {
        emit_alu_rr(s, X_W, ALU_ADD, TMP0, addr);
    }

    if (is_ld) {
        int dw = data64 ? X_W : 0;
        bool sign = mop & MO_SIGN;
        switch (sz) {
        case MO_8:
            emit_rm(s, (sign ? OP_MOVSBL | dw : OP_MOVZBL), data, TMP0, -1, 0, 0);
            break;
        case MO_16:
            if (swap) {
                if (movbe) {
                    emit_rm(s, OP_MOVBE_LD | X_66, data, TMP0, -1, 0, 0);
                } else {
                    emit_rm(s, OP_MOVZWL, data, TMP0, -1, 0, 0);
                    emit_rr(s, OP_SHIFT_IMM | X_66, SH_ROL, data);
                    emit8(s, 8);
                }
                emit_rr(s, sign ? OP_MOVSWL | dw : OP_MOVZWL, data, data);
            } else {
                emit_rm(s, sign ? OP_MOVSWL | dw : OP_MOVZWL, data, TMP0, -1, 0, 0);
            }
            break;
        case MO_32:
            if (swap) {
                if (movbe) {
                    emit_rm(s, OP_MOVBE_LD, data, TMP0, -1, 0, 0);
                } else {
                    emit_ld(s, false, data, TMP0, 0);
                    emit_oreg(s, OP_BSWAP, data);
                }
                if (sign && data64) {
                    emit_rr(s, OP_MOVSXD, data, data);
                }
            } else if (sign && data64) {
                emit_rm(s, OP_MOVSXD, data, TMP0, -1, 0, 0);
            } else {
                emit_ld(s, false, data, TMP0, 0);
            }
            break;
        default:
            if (swap && movbe) {
                emit_rm(s, OP_MOVBE_LD | X_W, data, TMP0, -1, 0, 0);
            } else {
                emit_ld(s, true, data, TMP0, 0);
                if (swap) {
                    emit_oreg(s, OP_BSWAP | X_W, data);
                }
            }
            break;
        }
    } else {
        int v = data;
        switch (sz) {
        case MO_8:
            emit_rm(s, OP_MOV_STB, v, TMP0, -1, 0, 0);
            break;
        case MO_16:
            if (swap && movbe) {
                emit_rm(s, OP_MOVBE_ST | X_66, v, TMP0, -1, 0, 0);
                break;
            }
            if (swap) {
                emit_mov_rr(s, false, TMP1, v);
                emit_rr(s, OP_SHIFT_IMM | X_66, SH_ROL, TMP1);
                emit8(s, 8);
                v = TMP1;
            }
            emit_rm(s, OP_MOV_ST | X_66, v, TMP0, -1, 0, 0);
            break;
        case MO_32:
        default: {
            int w = sz == MO_64 ? X_W : 0;
            if (swap && movbe) {
                emit_rm(s, OP_MOVBE_ST | w, v, TMP0, -1, 0, 0);
                break;
            }
            if (swap) {
                emit_mov_rr(s, w != 0, TMP1, v);
                emit_oreg(s, OP_BSWAP | w, TMP1);
                v = TMP1;
            }
            emit_rm(s, OP_MOV_ST | w, v, TMP0, -1, 0, 0);
            break;
        }
        }
    }

    stub->resume_offset = s->code_ptr - s->tb_start;
    stub->oi = oi;
    stub->is_ld = is_ld;
    stub->addr32 = addr32;
    stub->data32 = !data64;
    stub->addr_reg = addr;
    stub->data_reg = data;
    /* Caller-saved registers holding values the block still needs. */
    stub->save_regs = 0;
    for (int r = 0; r < TCG_NB_HOST_REGS; r++) {
        if (s->reg_to_temp[r] >= 0 && (REGS_CALL_CLOBBER & (1u << r)) &&
            !(is_ld && r == data)) {
            stub->save_regs |= 1u << r;
        }
    }
}

static void emit_ldst_stub(TCGContext *s, const TCGLdstStub *st)
{
    uint8_t *resume = s->tb_start + st->resume_offset;
    int n = 0;
    int32_t disp;

    /* Point the fast path's jne here. */
    disp = (int32_t)(s->code_ptr - (s->tb_start + st->jcc_offset + 4));
    memcpy(s->tb_start + st->jcc_offset, &disp, 4);

    for (int r = 0; r < TCG_NB_HOST_REGS; r++) {
        if (st->save_regs & (1u << r)) {
            emit_oreg(s, OP_PUSH, r);
            n++;
        }
    }
    if (n & 1) {
        emit_alu_imm(s, X_W, ALU_SUB, X_RSP, 8);
    }
    if (st->is_ld) {
        emit_mov_rr(s, !st->addr32, X_RSI, st->addr_reg);
        emit_mov_rr(s, true, X_RDI, ENV);
        emit_movi_noflags(s, false, X_RDX, st->oi);
        emit_opc(s, OP_LEA | X_W, X_RCX, 0, 0);
        emit8(s, 0x05 | ((X_RCX & 7) << 3));                    /* mod 00, rm 101: [rip+d] */
        emit_rel32_to(s, resume);
        emit_call(s, (const void *)s->cfg.ld_slow);
        emit_mov_rr(s, !st->data32, st->data_reg, X_RAX);
    } else {
        emit_mov_rr(s, !st->data32, TMP0, st->data_reg);
        emit_mov_rr(s, !st->addr32, X_RSI, st->addr_reg);
        emit_mov_rr(s, true, X_RDX, TMP0);
        emit_mov_rr(s, true, X_RDI, ENV);
        emit_movi_noflags(s, false, X_RCX, st->oi);
        emit_opc(s, OP_LEA | X_W, X_R8, 0, 0);
        emit8(s, 0x05 | ((X_R8 & 7) << 3));
        emit_rel32_to(s, resume);
        emit_call(s, (const void *)s->cfg.st_slow);
    }
    if (n & 1) {
        emit_alu_imm(s, X_W, ALU_ADD, X_RSP, 8);
    }
    for (int r = TCG_NB_HOST_REGS - 1; r >= 0; r--) {
        if (st->save_regs & (1u << r)) {
            emit_oreg(s, OP_POP, r);
        }
    }
    emit8(s, OP_JMP_REL);
    emit_rel32_to(s, resume);
}

/* Emit one op whose operands are allocated: a[i] is a register or, if c[i], a constant. */
static void emit_op(TCGContext *s, TCGOp *op, const TCGArg *a, const bool *c)
{
    TCGOpcode opc = op->opc;
    bool is64 = tcg_op_defs[opc].flags & TCG_OPF_64BIT;
    int w = is64 ? X_W : 0;

    switch (opc) {
#define BOTH(x) case INDEX_op_##x##_i32: case INDEX_op_##x##_i64:
    BOTH(add) BOTH(sub) BOTH(and) BOTH(or) BOTH(xor) {
        int op_alu;
        switch (opc) {
        case INDEX_op_add_i32: case INDEX_op_add_i64: op_alu = ALU_ADD; break;
        case INDEX_op_sub_i32: case INDEX_op_sub_i64: op_alu = ALU_SUB; break;
        case INDEX_op_and_i32: case INDEX_op_and_i64: op_alu = ALU_AND; break;
        case INDEX_op_or_i32: case INDEX_op_or_i64: op_alu = ALU_OR; break;
        default: op_alu = ALU_XOR; break;
        }
        if (c[2]) {
            emit_alu_imm(s, w, op_alu, a[0], (int32_t)a[2]);
        } else {
            emit_alu_rr(s, w, op_alu, a[0], a[2]);
        }
        break;
    }
    BOTH(mul)
        if (c[2]) {
            int32_t imm = (int32_t)a[2];
            if (imm == (int8_t)imm) {
                emit_rr(s, OP_IMUL_IMM8 | w, a[0], a[0]);
                emit8(s, (uint8_t)imm);
            } else {
                emit_rr(s, OP_IMUL_IMM32 | w, a[0], a[0]);
                emit32(s, (uint32_t)imm);
            }
        } else {
            emit_rr(s, OP_IMUL_GvEv | w, a[0], a[2]);
        }
        break;
    BOTH(div)
        emit_div(s, w, a[2], true, false);
        break;
    BOTH(rem)
        emit_div(s, w, a[2], true, true);
        break;
    BOTH(divu)
        emit_div(s, w, a[2], false, false);
        break;
    BOTH(remu)
        emit_div(s, w, a[2], false, true);
        break;
    BOTH(shl) BOTH(shr) BOTH(sar) BOTH(rotl) BOTH(rotr) {
        int ext;
        switch (opc) {
        case INDEX_op_shl_i32: case INDEX_op_shl_i64: ext = SH_SHL; break;
        case INDEX_op_shr_i32: case INDEX_op_shr_i64: ext = SH_SHR; break;
        case INDEX_op_sar_i32: case INDEX_op_sar_i64: ext = SH_SAR; break;
        case INDEX_op_rotl_i32: case INDEX_op_rotl_i64: ext = SH_ROL; break;
        default: ext = SH_ROR; break;
        }
        if (c[2]) {
            unsigned n = a[2] & (is64 ? 63 : 31);
            if (n) {
                emit_rr(s, OP_SHIFT_IMM | w, ext, a[0]);
                emit8(s, n);
            }
        } else {
            emit_rr(s, OP_SHIFT_CL | w, ext, a[0]);
        }
        break;
    }
    BOTH(neg)
        emit_rr(s, OP_GRP3 | w, G3_NEG, a[0]);
        break;
    BOTH(not)
        emit_rr(s, OP_GRP3 | w, G3_NOT, a[0]);
        break;
    BOTH(ext8s)
        emit_rr(s, OP_MOVSBL | w, a[0], a[1]);
        break;
    BOTH(ext8u)
        emit_rr(s, OP_MOVZBL, a[0], a[1]);
        break;
    BOTH(ext16s)
        emit_rr(s, OP_MOVSWL | w, a[0], a[1]);
        break;
    BOTH(ext16u)
        emit_rr(s, OP_MOVZWL, a[0], a[1]);
        break;
    case INDEX_op_ext32s_i64:
    case INDEX_op_ext_i32_i64:
        emit_rr(s, OP_MOVSXD, a[0], a[1]);
        break;
    case INDEX_op_ext32u_i64:
    case INDEX_op_extu_i32_i64:
        emit_rr(s, OP_MOV_LD, a[0], a[1]);
        break;
    case INDEX_op_extrl_i64_i32:
        if (a[0] != a[1]) {
            emit_rr(s, OP_MOV_LD, a[0], a[1]);
        }
        break;
    case INDEX_op_extrh_i64_i32:
        emit_rr(s, OP_SHIFT_IMM | X_W, SH_SHR, a[0]);
        emit8(s, 32);
        break;
    BOTH(bswap16)
        emit_rr(s, OP_SHIFT_IMM | X_66, SH_ROL, a[0]);
        emit8(s, 8);
        emit_rr(s, OP_MOVZWL, a[0], a[0]);
        break;
    BOTH(bswap32)
        emit_oreg(s, OP_BSWAP, a[0]);
        break;
    case INDEX_op_bswap64_i64:
        emit_oreg(s, OP_BSWAP | X_W, a[0]);
        break;
    BOTH(clz) BOTH(ctz) {
        bool is_clz = opc == INDEX_op_clz_i32 || opc == INDEX_op_clz_i64;
        emit_rr(s, (is_clz ? OP_LZCNT : OP_TZCNT) | w, a[0], a[1]);
        /* CF is set when the source was zero: then the result is the if_zero operand. */
        if (c[2]) {
            if ((is64 ? a[2] : (uint32_t)a[2]) != (is64 ? 64u : 32u)) {
                emit_movi_noflags(s, is64, TMP1, a[2]);
                emit_rr(s, (OP_CMOV + CC_B) | w, a[0], TMP1);
            }
        } else {
            emit_rr(s, (OP_CMOV + CC_B) | w, a[0], a[2]);
        }
        break;
    }
    BOTH(ctpop)
        emit_rr(s, OP_POPCNT | w, a[0], a[1]);
        break;
    BOTH(setcond) {
        TCGCond cond = op->args[3];
        emit_cmp(s, w, cond, a[1], a[2], c[2]);
        emit_rr(s, OP_SETCC + cond_cc[cond], 0, a[0]);
        emit_rr(s, OP_MOVZBL, a[0], a[0]);
        break;
    }
    BOTH(movcond) {
        TCGCond cond = op->args[5];
        emit_cmp(s, w, cond, a[1], a[2], c[2]);
        emit_rr(s, (OP_CMOV + cond_cc[cond]) | w, a[0], a[3]);
        break;
    }
    BOTH(add2) BOTH(sub2) {
        bool add = opc == INDEX_op_add2_i32 || opc == INDEX_op_add2_i64;
        if (c[4]) {
            emit_alu_imm(s, w, add ? ALU_ADD : ALU_SUB, a[0], (int32_t)a[4]);
        } else {
            emit_alu_rr(s, w, add ? ALU_ADD : ALU_SUB, a[0], a[4]);
        }
        if (c[5]) {
            emit_alu_imm(s, w, add ? ALU_ADC : ALU_SBB, a[1], (int32_t)a[5]);
        } else {
            emit_alu_rr(s, w, add ? ALU_ADC : ALU_SBB, a[1], a[5]);
        }
        break;
    }
    BOTH(mulu2)
        emit_rr(s, OP_GRP3 | w, G3_MUL, a[3]);
        break;
    BOTH(muls2)
        emit_rr(s, OP_GRP3 | w, G3_IMUL, a[3]);
        break;
    BOTH(ld8u)
        emit_rm(s, OP_MOVZBL, a[0], a[1], -1, 0, (int32_t)op->args[2]);
        break;
    BOTH(ld8s)
        emit_rm(s, OP_MOVSBL | w, a[0], a[1], -1, 0, (int32_t)op->args[2]);
        break;
    BOTH(ld16u)
        emit_rm(s, OP_MOVZWL, a[0], a[1], -1, 0, (int32_t)op->args[2]);
        break;
    BOTH(ld16s)
        emit_rm(s, OP_MOVSWL | w, a[0], a[1], -1, 0, (int32_t)op->args[2]);
        break;
    case INDEX_op_ld_i32:
    case INDEX_op_ld32u_i64:
        emit_ld(s, false, a[0], a[1], (int32_t)op->args[2]);
        break;
    case INDEX_op_ld32s_i64:
        emit_rm(s, OP_MOVSXD, a[0], a[1], -1, 0, (int32_t)op->args[2]);
        break;
    case INDEX_op_ld_i64:
        emit_ld(s, true, a[0], a[1], (int32_t)op->args[2]);
        break;
    BOTH(st8)
        emit_rm(s, OP_MOV_STB, a[0], a[1], -1, 0, (int32_t)op->args[2]);
        break;
    BOTH(st16)
        emit_rm(s, OP_MOV_ST | X_66, a[0], a[1], -1, 0, (int32_t)op->args[2]);
        break;
    case INDEX_op_st_i32:
    case INDEX_op_st32_i64:
        emit_st(s, false, a[0], a[1], (int32_t)op->args[2]);
        break;
    case INDEX_op_st_i64:
        emit_st(s, true, a[0], a[1], (int32_t)op->args[2]);
        break;
    BOTH(qemu_ld)
        emit_qemu_ldst(s, op, a, true);
        break;
    BOTH(qemu_st)
        emit_qemu_ldst(s, op, a, false);
        break;
    case INDEX_op_goto_ptr:
        emit_rr(s, OP_TEST | X_W, a[0], a[0]);
        emit_opc(s, OP_JCC_REL + CC_E, 0, 0, 0);
        emit_rel32_to(s, s->epilogue_ret0);
        emit_rr(s, OP_GRP5, 4, a[0]);
        break;
#undef BOTH
    default:
        g_assert_not_reached();
    }
}

/* ---- Allocation per op ----------------------------------------------------------------- */

static bool imm_ok(const ArgCt *ct, TCGTemp *ts, bool is64)
{
    if (ts->kind != TEMP_CONST || ts->val_type != TEMP_VAL_CONST) {
        return false;
    }
    if (ct->flags & CT_IMM_ANY) {
        return true;
    }
    if (ct->flags & CT_IMM32) {
        return !is64 || (int64_t)ts->val == (int32_t)ts->val;
    }
    return false;
}

static void reg_alloc_op(TCGContext *s, TCGOp *op)
{
    const OpCt *ct = op_constraints(op->opc);
    const TCGOpDef *def = &tcg_op_defs[op->opc];
    int nb_o = def->nb_oargs, nb_i = def->nb_iargs;
    bool is64 = def->flags & TCG_OPF_64BIT;
    TCGArg a[TCG_MAX_OP_ARGS];
    bool c[TCG_MAX_OP_ARGS] = { false };
    uint16_t in_regs = 0, out_regs = 0, alias_regs = 0;
    int aliased_by[4] = { -1, -1, -1, -1 };

    for (int j = 0; j < nb_o; j++) {
        if (ct->out[j].alias >= 0) {
            aliased_by[ct->out[j].alias] = j;
        }
    }
    for (int k = nb_o + nb_i; k < nb_o + nb_i + def->nb_cargs; k++) {
        a[k] = op->args[k];
    }

    /* Clobbered registers: emptied first, then kept away from inputs. */
    s->locked_regs = 0;
    for (int r = 0; r < TCG_NB_HOST_REGS; r++) {
        if (ct->clobber & (1u << r)) {
            reg_evict(s, r, ct->clobber);
        }
    }
    s->locked_regs = ct->clobber;

    for (int k = 0; k < nb_i; k++) {
        int i = nb_o + k;
        TCGTemp *ts = arg_temp(s, op->args[i]);
        const ArgCt *act = &ct->in[k];
        int reg;

        if (aliased_by[k] < 0 && imm_ok(act, ts, is64)) {
            a[i] = ts->val;
            c[i] = true;
            continue;
        }
        reg = temp_load(s, ts, act->regs);
        s->locked_regs |= 1u << reg;
        if (aliased_by[k] >= 0 && s->reg_to_temp[reg] == temp_idx(s, ts)) {
            bool shared = !(op->life & DEAD_ARG(i));
            for (int k2 = 0; k2 < nb_i; k2++) {
                if (k2 != k && op->args[nb_o + k2] == op->args[i]) {
                    shared = true;
                }
            }
            if (shared) {
                /*
                 * The output overwrites this register but the value is still needed:
                 * move its home elsewhere and keep this copy as the output's.
                 */
                reg_evict(s, reg, 0);
            }
        }
        if (aliased_by[k] >= 0) {
            alias_regs |= 1u << reg;
        }
        in_regs |= 1u << reg;
        a[i] = reg;
    }

    /* Sync points must see values before dead inputs are dropped. */
    if (def->flags & TCG_OPF_COND_BRANCH) {
        sync_globals(s, true);
    } else if (def->flags & (TCG_OPF_GUEST_MEM | TCG_OPF_BB_EXIT)) {
        sync_globals(s, false);
    }
    for (int i = nb_o; i < nb_o + nb_i; i++) {
        if (op->life & DEAD_ARG(i)) {
            temp_dead(s, arg_temp(s, op->args[i]));
        }
    }

    s->locked_regs &= ~ct->clobber;
    for (int j = 0; j < nb_o; j++) {
        TCGTemp *ts = arg_temp(s, op->args[j]);
        const ArgCt *act = &ct->out[j];
        int reg;

        if (act->alias >= 0) {
            reg = a[nb_o + act->alias];
        } else {
            uint16_t forbid = out_regs | alias_regs;
            uint16_t owned = REGS_ALL & ~free_regs(s);
            uint16_t allowed;
            if (act->flags & CT_NEWREG) {
                forbid |= in_regs;
            }
            if (ts->val_type == TEMP_VAL_REG) {
                owned &= ~(1u << ts->reg);  /* its old value is being replaced */
            }
            allowed = act->regs & ~forbid;
            reg = first_in_order(allowed & ~owned);
            if (reg < 0) {
                uint16_t saved = s->locked_regs;
                s->locked_regs |= forbid;
                reg = reg_alloc(s, allowed);
                s->locked_regs = saved;
            }
        }
        if (ts->val_type == TEMP_VAL_REG && ts->reg != reg) {
            reg_unassign(s, ts->reg);
        }
        if (s->reg_to_temp[reg] >= 0 && s->reg_to_temp[reg] != temp_idx(s, ts)) {
            reg_evict(s, reg, 0);
        }
        reg_assign(s, reg, ts);
        ts->mem_coherent = false;
        s->locked_regs |= 1u << reg;
        out_regs |= 1u << reg;
        a[j] = reg;
    }

    emit_op(s, op, a, c);

    for (int j = 0; j < nb_o; j++) {
        TCGTemp *ts = arg_temp(s, op->args[j]);
        if (op->life & SYNC_ARG(j)) {
            temp_sync(s, ts);
        }
        if (op->life & DEAD_ARG(j)) {
            temp_dead(s, ts);
        }
    }
    s->locked_regs = 0;
}

static void reg_alloc_mov(TCGContext *s, TCGOp *op)
{
    TCGTemp *ots = arg_temp(s, op->args[0]);
    TCGTemp *ts = arg_temp(s, op->args[1]);
    bool is64 = ots->type == TCG_TYPE_I64;
    bool in_dead = op->life & DEAD_ARG(1);
    int reg;

    if (ots == ts) {
        if (op->life & SYNC_ARG(0)) {
            temp_sync(s, ots);
        }
        return;
    }
    if (ots->val_type == TEMP_VAL_REG) {
        reg_unassign(s, ots->reg);
        ots->val_type = TEMP_VAL_DEAD;
    }
    /* Stored and then dead: write straight to the output's memory. */
    if ((op->life & SYNC_ARG(0)) && (op->life & DEAD_ARG(0))) {
        if (!ots->mem_allocated) {
            temp_alloc_frame(s, ots);
        }
        if (ts->val_type == TEMP_VAL_CONST &&
            (int64_t)ts->val == (int32_t)ts->val) {
            emit_rm(s, OP_MOV_RM_IMM | (is64 ? X_W : 0), 0, temp_base(ots), -1, 0,
                    ots->mem_offset);
            emit32(s, (uint32_t)ts->val);
        } else {
            reg = temp_load(s, ts, REGS_ALL | R(RBP));
            emit_st(s, is64, reg, temp_base(ots), ots->mem_offset);
        }
        ots->val_type = TEMP_VAL_MEM;
        ots->mem_coherent = true;
        if (in_dead) {
            temp_dead(s, ts);
        }
        if (ots->kind != TEMP_GLOBAL) {
            temp_dead(s, ots);
        }
        return;
    }
    if (ts->val_type == TEMP_VAL_REG && in_dead &&
        (ts->kind == TEMP_EBB || ts->kind == TEMP_TB)) {
        /* Hand the register over. */
        reg = ts->reg;
        reg_unassign(s, reg);
        ts->val_type = TEMP_VAL_DEAD;
    } else {
        int src = -1;
        if (ts->kind == TEMP_FIXED) {
            src = ENV;
        } else if (ts->val_type == TEMP_VAL_REG) {
            src = ts->reg;
            s->locked_regs = 1u << src;
        }
        reg = reg_alloc(s, REGS_ALL);
        s->locked_regs = 0;
        if (src >= 0) {
            emit_mov_rr(s, true, reg, src);
        } else if (ts->val_type == TEMP_VAL_CONST) {
            emit_movi(s, is64, reg, ts->val);
        } else if (ts->val_type == TEMP_VAL_MEM) {
            emit_ld(s, is64, reg, temp_base(ts), ts->mem_offset);
        }
        if (in_dead) {
            temp_dead(s, ts);
        }
    }
    reg_assign(s, reg, ots);
    ots->mem_coherent = false;
    if (op->life & SYNC_ARG(0)) {
        temp_sync(s, ots);
    }
    if (op->life & DEAD_ARG(0)) {
        temp_dead(s, ots);
    }
}

static void reg_alloc_call(TCGContext *s, TCGOp *op)
{
    int nb_o = op->call_o, nb_i = op->call_i;
    void *func = (void *)(uintptr_t)op->args[nb_o + nb_i];
    unsigned flags = op->args[nb_o + nb_i + 1];
    uint16_t arg_mask = 0;

    for (int i = 0; i < nb_i; i++) {
        arg_mask |= 1u << call_arg_regs[i];
    }
    s->locked_regs = 0;
    for (int i = 0; i < nb_i; i++) {
        TCGTemp *ts = arg_temp(s, op->args[nb_o + i]);
        int reg = call_arg_regs[i];

        if (s->reg_to_temp[reg] != temp_idx(s, ts)) {
            reg_evict(s, reg, arg_mask);
            if (ts->kind == TEMP_FIXED) {
                emit_mov_rr(s, true, reg, ENV);
            } else {
                load_value(s, ts, reg);
            }
        }
        s->locked_regs |= 1u << reg;
    }
    for (int i = nb_o; i < nb_o + nb_i; i++) {
        if (op->life & DEAD_ARG(i)) {
            temp_dead(s, arg_temp(s, op->args[i]));
        }
    }
    if (!(flags & TCG_CALL_NO_WRITE_GLOBALS)) {
        save_globals(s);
    } else if (!(flags & TCG_CALL_NO_READ_GLOBALS)) {
        sync_globals(s, false);
    }
    for (int r = 0; r < TCG_NB_HOST_REGS; r++) {
        if (REGS_CALL_CLOBBER & (1u << r)) {
            reg_evict(s, r, REGS_CALL_CLOBBER);
        }
    }
    s->locked_regs = 0;
    emit_call(s, func);

    if (nb_o) {
        TCGTemp *ts = arg_temp(s, op->args[0]);
        if (ts->val_type == TEMP_VAL_REG) {
            reg_unassign(s, ts->reg);
        }
        reg_assign(s, X_RAX, ts);
        ts->mem_coherent = false;
        if (op->life & SYNC_ARG(0)) {
            temp_sync(s, ts);
        }
        if (op->life & DEAD_ARG(0)) {
            temp_dead(s, ts);
        }
    }
}

/* ---- Block generation -------------------------------------------------------------------- */

static void record_insn(TCGContext *s, TCGOp *op)
{
    if (s->nb_insns == s->max_insns) {
        s->max_insns *= 2;
        s->insn_offsets = g_renew(uint32_t, s->insn_offsets, s->max_insns);
        s->insn_data = g_renew(uint64_t, s->insn_data, s->max_insns * TCG_MAX_INSN_WORDS);
    }
    s->insn_offsets[s->nb_insns] = s->code_ptr - s->tb_start;
    memcpy(&s->insn_data[s->nb_insns * TCG_MAX_INSN_WORDS], op->args,
           TCG_MAX_INSN_WORDS * sizeof(uint64_t));
    s->nb_insns++;
}

int tcg_jit_gen_code(TCGContext *s, TCGTranslation *out)
{
    for (int r = 0; r < TCG_NB_HOST_REGS; r++) {
        s->reg_to_temp[r] = -1;
    }
    s->locked_regs = 0;
    s->code_full = false;
    s->frame_slots_used = 0;
    s->nb_relocs = 0;
    s->nb_stubs = 0;
    s->nb_insns = 0;
    for (int i = 2; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];
        switch (ts->kind) {
        case TEMP_GLOBAL:
            ts->val_type = TEMP_VAL_MEM;
            ts->mem_coherent = true;
            break;
        case TEMP_CONST:
            ts->val_type = TEMP_VAL_CONST;
            break;
        default:
            ts->val_type = TEMP_VAL_DEAD;
            ts->mem_allocated = false;
            ts->mem_coherent = false;
            break;
        }
    }
    for (int l = 0; l < s->nb_labels; l++) {
        s->labels[l].value = UINT32_MAX;
    }

    for (int oi = 0; oi < s->nb_ops; oi++) {
        TCGOp *op = &s->ops[oi];

        if (s->code_ptr > s->code_highwater || s->code_full) {
            return TCG_TRANSLATE_BUFFER_FULL;
        }
        switch (op->opc) {
        case INDEX_op_nop:
            break;
        case INDEX_op_insn_start:
            record_insn(s, op);
            break;
        case INDEX_op_discard:
            temp_dead(s, arg_temp(s, op->args[0]));
            break;
        case INDEX_op_set_label:
            bb_end(s);
            s->labels[op->args[0]].value = s->code_ptr - s->tb_start;
            break;
        case INDEX_op_br:
            bb_end(s);
            emit_jmp_label(s, op->args[0]);
            break;
        case INDEX_op_mov_i32:
        case INDEX_op_mov_i64:
            reg_alloc_mov(s, op);
            break;
        case INDEX_op_call:
            reg_alloc_call(s, op);
            break;
        case INDEX_op_mb:
            if (op->args[0] & TCG_MO_ST_LD) {
                emit8(s, 0x0f);     /* mfence */
                emit8(s, 0xae);
                emit8(s, 0xf0);
            }
            break;
        case INDEX_op_exit_tb:
            save_globals(s);
            if (op->args[0] == 0) {
                emit8(s, OP_JMP_REL);
                emit_rel32_to(s, s->epilogue_ret0);
            } else {
                emit_movi_noflags(s, true, X_RAX, op->args[0]);
                emit8(s, OP_JMP_REL);
                emit_rel32_to(s, s->epilogue);
            }
            forget_regs(s);
            break;
        case INDEX_op_goto_tb: {
            int n = op->args[0];
            sync_globals(s, false);
            /* The rel32 must be 4-byte aligned so patching it is one atomic store. */
            while (((uintptr_t)s->code_ptr + 1) & 3) {
                emit8(s, 0x90);
            }
            emit8(s, OP_JMP_REL);
            s->jmp_insn_offset[n] = s->code_ptr - s->tb_start;
            emit32(s, 0);
            s->jmp_reset_offset[n] = s->code_ptr - s->tb_start;
            break;
        }
        case INDEX_op_brcond_i32:
        case INDEX_op_brcond_i64: {
            /* Allocate like any op, then compare and jump. */
            const OpCt *ct = &ct_brcond;
            bool is64 = op->opc == INDEX_op_brcond_i64;
            TCGTemp *ta = arg_temp(s, op->args[0]), *tb = arg_temp(s, op->args[1]);
            TCGArg ra, rb;
            bool bc = false;

            s->locked_regs = 0;
            ra = temp_load(s, ta, ct->in[0].regs);
            s->locked_regs |= 1u << ra;
            if (imm_ok(&ct->in[1], tb, is64)) {
                rb = tb->val;
                bc = true;
            } else {
                rb = temp_load(s, tb, ct->in[1].regs);
            }
            sync_globals(s, true);
            if (op->life & DEAD_ARG(0)) {
                temp_dead(s, ta);
            }
            if (op->life & DEAD_ARG(1)) {
                temp_dead(s, tb);
            }
            s->locked_regs = 0;
            emit_cmp(s, is64 ? X_W : 0, op->args[2], ra, rb, bc);
            emit_jcc_label(s, cond_cc[op->args[2]], op->args[3]);
            break;
        }
        case INDEX_op_goto_ptr:
            reg_alloc_op(s, op);
            forget_regs(s);
            break;
        default:
            reg_alloc_op(s, op);
            break;
        }
    }

    for (int i = 0; i < s->nb_stubs; i++) {
        if (s->code_ptr > s->code_highwater || s->code_full) {
            return TCG_TRANSLATE_BUFFER_FULL;
        }
        emit_ldst_stub(s, &s->stubs[i]);
    }
    for (int i = 0; i < s->nb_relocs; i++) {
        TCGReloc *r = &s->relocs[i];
        int32_t disp;
        g_assert(s->labels[r->label].value != UINT32_MAX);
        disp = (int32_t)s->labels[r->label].value - (int32_t)(r->offset + 4);
        memcpy(s->tb_start + r->offset, &disp, 4);
    }
    if (s->temps_overflow) {
        return TCG_TRANSLATE_TOO_BIG;
    }
    return TCG_TRANSLATE_OK;
}

/* ---- Prologue and host features ------------------------------------------------------ */

static uint32_t detect_caps(void)
{
    unsigned a, b, c, d;
    uint32_t caps = 0;

    if (__get_cpuid(1, &a, &b, &c, &d)) {
        if (c & (1u << 23)) {
            caps |= TCG_CAP_POPCNT;
        }
        if (c & (1u << 22)) {
            caps |= TCG_CAP_MOVBE;
        }
    }
    if (__get_cpuid_count(7, 0, &a, &b, &c, &d) && (b & (1u << 3))) {
        caps |= TCG_CAP_BMI1;
    }
    if (__get_cpuid(0x80000001, &a, &b, &c, &d) && (c & (1u << 5))) {
        caps |= TCG_CAP_LZCNT;
    }
    return caps;
}

bool tcg_jit_init(TCGContext *s, Error **errp)
{
    const char *env_caps = getenv("EMU_TCG_HOST_CAPS");
    uint8_t *start = s->code_ptr;

    s->caps = detect_caps();
    /* Tests may turn host features off to exercise the fallbacks. */
    if (env_caps) {
        s->caps &= (uint32_t)strtoul(env_caps, NULL, 0);
    }

    /* uintptr_t enter(env, code): save callee-saved registers, set up the frame. */
    for (unsigned i = 0; i < ARRAY_SIZE(saved_regs); i++) {
        emit_oreg(s, OP_PUSH, saved_regs[i]);
    }
    emit_mov_rr(s, true, ENV, X_RDI);
    emit_rr(s, OP_ALU_IMM32 | X_W, ALU_SUB, X_RSP);
    emit32(s, FRAME_SIZE);
    emit_rr(s, OP_GRP5, 4, X_RSI);          /* jmp *%rsi */

    s->epilogue_ret0 = s->code_ptr;
    emit_rr(s, OP_XOR_GvEv, X_RAX, X_RAX);
    s->epilogue = s->code_ptr;
    emit_rr(s, OP_ALU_IMM32 | X_W, ALU_ADD, X_RSP);
    emit32(s, FRAME_SIZE);
    for (int i = ARRAY_SIZE(saved_regs) - 1; i >= 0; i--) {
        emit_oreg(s, OP_POP, saved_regs[i]);
    }
    emit8(s, OP_RET);

    s->jit_enter = (uintptr_t (*)(void *, const void *))(void *)start;
    s->code_ptr = (uint8_t *)TCG_ALIGN_PTR_UP(s->code_ptr, 64);
    return true;
}
