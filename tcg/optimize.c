/*
 * The IR optimiser: one forward pass doing constant folding, constant and copy
 * propagation, simple algebraic identities and removal of unreachable ops. Knowledge
 * is dropped at labels, and for globals at helper calls that may write them. Dead
 * code is removed afterwards by the liveness pass (tcg.c).
 */
#include "qemu/osdep.h"
#include "tcg-internal.h"
#include "tcg-eval.h"

typedef struct TempOptInfo {
    bool is_const;
    uint64_t val;
    int32_t next_copy, prev_copy;   /* circular list of temps holding the same value */
} TempOptInfo;

static void info_init(TCGContext *s, int idx)
{
    TempOptInfo *ti = &s->opt_info[idx];
    TCGTemp *ts = &s->temps[idx];

    ti->is_const = ts->kind == TEMP_CONST;
    ti->val = ts->val;
    ti->next_copy = ti->prev_copy = idx;
}

/* Forget what is known about idx (it is being written). */
static void reset_temp(TCGContext *s, int idx)
{
    TempOptInfo *ti = &s->opt_info[idx];

    s->opt_info[ti->prev_copy].next_copy = ti->next_copy;
    s->opt_info[ti->next_copy].prev_copy = ti->prev_copy;
    ti->next_copy = ti->prev_copy = idx;
    ti->is_const = s->temps[idx].kind == TEMP_CONST;
}

static void reset_all(TCGContext *s, bool globals_only)
{
    int end = globals_only ? s->nb_globals : s->nb_temps;

    for (int i = 2; i < end; i++) {
        if (s->temps[i].kind != TEMP_CONST) {
            reset_temp(s, i);
        }
    }
}

static int const_temp(TCGContext *s, TCGType type, uint64_t val)
{
    int before = s->nb_temps;
    int idx = tcg_const_temp(s, type, val);

    for (int i = before; i < s->nb_temps; i++) {
        info_init(s, i);
    }
    return idx;
}

/* Preference for a copy's representative: constants, then globals, locals, EBB temps. */
static int kind_rank(const TCGTemp *ts)
{
    switch (ts->kind) {
    case TEMP_CONST: return 4;
    case TEMP_FIXED:
    case TEMP_GLOBAL: return 3;
    case TEMP_TB: return 2;
    default: return 1;
    }
}

static int best_copy(TCGContext *s, int idx)
{
    TempOptInfo *ti = &s->opt_info[idx];
    int best = idx;

    if (ti->is_const && s->temps[idx].kind != TEMP_CONST) {
        return const_temp(s, s->temps[idx].type, ti->val);
    }
    for (int i = ti->next_copy; i != idx; i = s->opt_info[i].next_copy) {
        if (kind_rank(&s->temps[i]) > kind_rank(&s->temps[best])) {
            best = i;
        }
    }
    return best;
}

static bool arg_const(TCGContext *s, TCGArg a, uint64_t *val)
{
    TempOptInfo *ti = &s->opt_info[a];

    if (ti->is_const) {
        *val = ti->val;
        return true;
    }
    return false;
}

static bool is_mov(TCGOpcode opc)
{
    return opc == INDEX_op_mov_i32 || opc == INDEX_op_mov_i64;
}

/* Record "dst = src" after a mov (which may become a nop). */
static void finish_mov(TCGContext *s, TCGOp *op)
{
    int dst = op->args[0], src = op->args[1];
    TempOptInfo *di, *si;

    if (dst == src) {
        op->opc = INDEX_op_nop;
        return;
    }
    for (int i = s->opt_info[src].next_copy; i != src; i = s->opt_info[i].next_copy) {
        if (i == dst) {
            op->opc = INDEX_op_nop;     /* already holds that value */
            return;
        }
    }
    reset_temp(s, dst);
    di = &s->opt_info[dst];
    si = &s->opt_info[src];
    di->is_const = si->is_const;
    di->val = si->val;
    di->next_copy = si->next_copy;
    di->prev_copy = src;
    s->opt_info[si->next_copy].prev_copy = dst;
    si->next_copy = dst;
}

static void to_mov(TCGContext *s, TCGOp *op, int src)
{
    TCGTemp *dst = arg_temp(s, op->args[0]);

    op->opc = dst->type == TCG_TYPE_I64 ? INDEX_op_mov_i64 : INDEX_op_mov_i32;
    op->args[1] = src;
    finish_mov(s, op);
}

static void to_movi(TCGContext *s, TCGOp *op, uint64_t val)
{
    TCGTemp *dst = arg_temp(s, op->args[0]);
    to_mov(s, op, const_temp(s, dst->type, val));
}

/* Turn ops after an unconditional transfer into nops, up to the next label. */
static int skip_unreachable(TCGContext *s, int oi)
{
    while (oi + 1 < s->nb_ops && s->ops[oi + 1].opc != INDEX_op_set_label) {
        oi++;
        if (s->ops[oi].opc != INDEX_op_insn_start) {
            s->ops[oi].opc = INDEX_op_nop;
        }
    }
    return oi;
}

/* Algebraic identities with one constant operand; true when op was rewritten. */
static bool fold_identity(TCGContext *s, TCGOp *op, bool is64)
{
    uint64_t ones = is64 ? UINT64_MAX : UINT32_MAX;
    uint64_t a = 0, b = 0;
    bool ac = arg_const(s, op->args[1], &a);
    bool bc = arg_const(s, op->args[2], &b);
    int ta = op->args[1], tb = op->args[2];

    switch (op->opc) {
    case INDEX_op_add_i32: case INDEX_op_add_i64:
    case INDEX_op_or_i32: case INDEX_op_or_i64:
    case INDEX_op_xor_i32: case INDEX_op_xor_i64:
        if (ac && a == 0) {
            to_mov(s, op, tb);
            return true;
        }
        if (bc && b == 0) {
            to_mov(s, op, ta);
            return true;
        }
        if (ta == tb && (op->opc == INDEX_op_xor_i32 || op->opc == INDEX_op_xor_i64)) {
            to_movi(s, op, 0);
            return true;
        }
        if (ta == tb && (op->opc == INDEX_op_or_i32 || op->opc == INDEX_op_or_i64)) {
            to_mov(s, op, ta);
            return true;
        }
        if ((ac && a == ones) || (bc && b == ones)) {
            if (op->opc == INDEX_op_or_i32 || op->opc == INDEX_op_or_i64) {
                to_movi(s, op, ones);
                return true;
            }
        }
        return false;
    case INDEX_op_sub_i32: case INDEX_op_sub_i64:
        if (bc && b == 0) {
            to_mov(s, op, ta);
            return true;
        }
        if (ta == tb) {
            to_movi(s, op, 0);
            return true;
        }
        return false;
    case INDEX_op_shl_i32: case INDEX_op_shl_i64:
    case INDEX_op_shr_i32: case INDEX_op_shr_i64:
    case INDEX_op_sar_i32: case INDEX_op_sar_i64:
    case INDEX_op_rotl_i32: case INDEX_op_rotl_i64:
    case INDEX_op_rotr_i32: case INDEX_op_rotr_i64:
        if (bc && (b & (is64 ? 63 : 31)) == 0) {
            to_mov(s, op, ta);
            return true;
        }
        if (ac && a == 0) {
            to_movi(s, op, 0);
            return true;
        }
        return false;
    case INDEX_op_and_i32: case INDEX_op_and_i64:
        if ((ac && a == 0) || (bc && b == 0)) {
            to_movi(s, op, 0);
            return true;
        }
        if (ac && a == ones) {
            to_mov(s, op, tb);
            return true;
        }
        if ((bc && b == ones) || ta == tb) {
            to_mov(s, op, ta);
            return true;
        }
        return false;
    case INDEX_op_mul_i32: case INDEX_op_mul_i64:
        if ((ac && a == 0) || (bc && b == 0)) {
            to_movi(s, op, 0);
            return true;
        }
        if (bc && b == 1) {
            to_mov(s, op, ta);
            return true;
        }
        if (ac && a == 1) {
            to_mov(s, op, tb);
            return true;
        }
        return false;
    case INDEX_op_div_i32: case INDEX_op_div_i64:
    case INDEX_op_divu_i32: case INDEX_op_divu_i64:
        if (bc && b == 1) {
            to_mov(s, op, ta);
            return true;
        }
        return false;
    default:
        return false;
    }
}

void tcg_optimize(TCGContext *s)
{
    if (!s->opt_info) {
        s->opt_info = g_new(TempOptInfo, TCG_MAX_TEMPS + 1);
    }
    for (int i = 0; i < s->nb_temps; i++) {
        info_init(s, i);
    }

    for (int oi = 0; oi < s->nb_ops; oi++) {
        TCGOp *op = &s->ops[oi];
        TCGOpcode opc = op->opc;
        const TCGOpDef *def = &tcg_op_defs[opc];
        int nb_o, nb_i, i;
        bool is64 = def->flags & TCG_OPF_64BIT;

        switch (opc) {
        case INDEX_op_nop:
        case INDEX_op_insn_start:
        case INDEX_op_mb:
            continue;
        case INDEX_op_set_label:
            reset_all(s, false);
            continue;
        case INDEX_op_discard:
            reset_temp(s, op->args[0]);
            continue;
        default:
            break;
        }

        nb_o = op_nb_oargs(op);
        nb_i = op_nb_iargs(op);
        for (i = nb_o; i < nb_o + nb_i; i++) {
            op->args[i] = best_copy(s, op->args[i]);
        }

        if (is_mov(opc)) {
            finish_mov(s, op);
            continue;
        }
        if (tcg_eval_supported(opc)) {
            uint64_t a, b = 0;
            if (arg_const(s, op->args[1], &a) &&
                (nb_i == 1 || arg_const(s, op->args[2], &b))) {
                to_movi(s, op, tcg_eval_op(opc, a, b));
                continue;
            }
            if (nb_i == 2 && fold_identity(s, op, is64)) {
                continue;
            }
        }

        switch (opc) {
        case INDEX_op_setcond_i32:
        case INDEX_op_setcond_i64: {
            uint64_t a = 0, b = 0;
            TCGCond c = op->args[3];
            if (arg_const(s, op->args[1], &a) && arg_const(s, op->args[2], &b)) {
                to_movi(s, op, tcg_eval_cond(c, a, b, is64));
                continue;
            }
            break;
        }
        case INDEX_op_movcond_i32:
        case INDEX_op_movcond_i64: {
            uint64_t a = 0, b = 0;
            TCGCond c = op->args[5];
            if (op->args[3] == op->args[4]) {
                to_mov(s, op, op->args[3]);
                continue;
            }
            if (arg_const(s, op->args[1], &a) && arg_const(s, op->args[2], &b)) {
                to_mov(s, op, tcg_eval_cond(c, a, b, is64) ? op->args[3] : op->args[4]);
                continue;
            }
            break;
        }
        case INDEX_op_brcond_i32:
        case INDEX_op_brcond_i64: {
            uint64_t a = 0, b = 0;
            TCGCond c = op->args[2];
            if (arg_const(s, op->args[0], &a) && arg_const(s, op->args[1], &b)) {
                if (tcg_eval_cond(c, a, b, is64)) {
                    op->opc = INDEX_op_br;
                    op->args[0] = op->args[3];
                    oi = skip_unreachable(s, oi);
                } else {
                    op->opc = INDEX_op_nop;
                }
            }
            continue;
        }
        case INDEX_op_br:
        case INDEX_op_exit_tb:
        case INDEX_op_goto_ptr:
            oi = skip_unreachable(s, oi);
            continue;
        case INDEX_op_call:
            if (!(op->args[nb_o + nb_i + 1] & TCG_CALL_NO_WRITE_GLOBALS)) {
                reset_all(s, true);
            }
            break;
        default:
            break;
        }
        for (i = 0; i < nb_o; i++) {
            reset_temp(s, op->args[i]);
        }
    }
}
