/*
 * TCG core: contexts and their code buffers, temporaries, labels, op emission, the
 * liveness pass, the translate entry point, running code, chaining and mapping host
 * return addresses back to guest instructions. Code generation lives in the
 * backends (x86_64/, interp.c); the tcg_gen_* emitters in tcg-op.c.
 */
#include "qemu/osdep.h"
#include <sys/mman.h>
#include "tcg-internal.h"

__thread TCGContext *tcg_ctx;
__thread uintptr_t tcg_interp_retaddr;

const TCGOpDef tcg_op_defs[NB_OPS] = {
#define DEF(n, o, i, c, f) [INDEX_op_##n] = { #n, o, i, c, f },
#include "tcg/tcg-opc.h"
#undef DEF
};

#define CONST_HASH_SIZE 8192
#define TEMP_ENV 1

TCGCond tcg_swap_cond(TCGCond c)
{
    switch (c) {
    case TCG_COND_LT: return TCG_COND_GT;
    case TCG_COND_GT: return TCG_COND_LT;
    case TCG_COND_LE: return TCG_COND_GE;
    case TCG_COND_GE: return TCG_COND_LE;
    case TCG_COND_LTU: return TCG_COND_GTU;
    case TCG_COND_GTU: return TCG_COND_LTU;
    case TCG_COND_LEU: return TCG_COND_GEU;
    case TCG_COND_GEU: return TCG_COND_LEU;
    default: return c;
    }
}

/* ---- Contexts ---------------------------------------------------------------- */

TCGContext *tcg_context_new(const TCGContextConfig *cfg, Error **errp)
{
    TCGContext *s;
    size_t size = cfg->code_buffer_size ? cfg->code_buffer_size : 32 * 1024 * 1024;
    void *buf;

    if (cfg->backend != TCG_BACKEND_JIT && cfg->backend != TCG_BACKEND_INTERP) {
        error_setg(errp, "tcg: unknown backend %d (want jit or interp)", cfg->backend);
        return NULL;
    }
    if (cfg->insn_start_words < 1 || cfg->insn_start_words > TCG_MAX_INSN_WORDS) {
        error_setg(errp, "tcg: insn_start_words %u out of range 1..%d",
                   cfg->insn_start_words, TCG_MAX_INSN_WORDS);
        return NULL;
    }
    if (cfg->page_bits < 10 || cfg->page_bits > 16) {
        error_setg(errp, "tcg: page_bits %u out of range 10..16", cfg->page_bits);
        return NULL;
    }
    if (cfg->nb_mmu_modes < 1 || cfg->nb_mmu_modes > TCG_MAX_MMU_MODES) {
        error_setg(errp, "tcg: nb_mmu_modes %u out of range 1..%d", cfg->nb_mmu_modes,
                   TCG_MAX_MMU_MODES);
        return NULL;
    }
    if (!cfg->ld_slow || !cfg->st_slow) {
        error_setg(errp, "tcg: the load and store slow-path helpers are required");
        return NULL;
    }
    if (size < 64 * 1024 || size > ((size_t)1 << 30)) {
        error_setg(errp, "tcg: code buffer size %zu out of range 64 KiB..1 GiB", size);
        return NULL;
    }
    buf = mmap(NULL, size, PROT_READ | PROT_WRITE | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS,
               -1, 0);
    if (buf == MAP_FAILED) {
        error_setg_errno(errp, errno, "tcg: cannot map a %zu-byte code buffer", size);
        return NULL;
    }

    s = g_new0(TCGContext, 1);
    s->cfg = *cfg;
    s->cfg.code_buffer_size = size;
    s->optimize = true;
    s->code_buf = buf;
    s->code_buf_size = size;
    s->code_ptr = buf;
    s->code_highwater = s->code_buf + size - 4096;
    s->temps = g_new0(TCGTemp, TCG_MAX_TEMPS + 1);
    s->const_hash_size = CONST_HASH_SIZE;
    s->const_hash = g_new0(uint16_t, CONST_HASH_SIZE);
    s->max_ops = 512;
    s->ops = g_new(TCGOp, s->max_ops);
    s->max_labels = 64;
    s->labels = g_new(TCGLabelInfo, s->max_labels);
    s->max_insns = 64;
    s->insn_offsets = g_new(uint32_t, s->max_insns);
    s->insn_data = g_new(uint64_t, s->max_insns * TCG_MAX_INSN_WORDS);
    s->max_relocs = 64;
    s->relocs = g_new(TCGReloc, s->max_relocs);
    s->max_stubs = 64;
    s->stubs = g_new(TCGLdstStub, s->max_stubs);
    s->interp_frame = g_new0(uint64_t, TCG_MAX_TEMPS + 1);
    s->interp_map = g_new0(int32_t, TCG_MAX_TEMPS + 1);

    /* Temp 0 is never used, so that a handle is never NULL. */
    s->temps[TEMP_ENV] = (TCGTemp) {
        .type = TCG_TYPE_I64, .kind = TEMP_FIXED, .val_type = TEMP_VAL_REG,
        .allocated = true, .name = "env",
    };
    s->nb_globals = s->nb_temps = 2;

    if (!tcg_jit_init(s, errp)) {
        tcg_context_free(s);
        return NULL;
    }
    s->code_gen_start = s->code_ptr;
    return s;
}

void tcg_context_free(TCGContext *s)
{
    if (!s) {
        return;
    }
    if (tcg_ctx == s) {
        tcg_ctx = NULL;
    }
    munmap(s->code_buf, s->code_buf_size);
    g_free(s->temps);
    g_free(s->const_hash);
    g_free(s->ops);
    g_free(s->labels);
    g_free(s->insn_offsets);
    g_free(s->insn_data);
    g_free(s->relocs);
    g_free(s->stubs);
    g_free(s->interp_frame);
    g_free(s->opt_info);
    g_free(s->interp_map);
    g_free(s);
}

void tcg_context_make_current(TCGContext *s)
{
    tcg_ctx = s;
}

TCGBackend tcg_context_backend(const TCGContext *s)
{
    return s->cfg.backend;
}

void tcg_set_optimize(TCGContext *s, bool on)
{
    s->optimize = on;
}

void tcg_code_buffer_flush(TCGContext *s)
{
    s->code_ptr = s->code_gen_start;
}

size_t tcg_code_buffer_used(const TCGContext *s)
{
    return s->code_ptr - s->code_gen_start;
}

/* ---- Temporaries ------------------------------------------------------------- */

static inline int handle_index(const void *h)
{
    return (int)(uintptr_t)h;
}

TCGv_ptr tcg_env_of(TCGContext *s)
{
    return (TCGv_ptr)(uintptr_t)TEMP_ENV;
}

TCGTemp *tcgv_i32_temp(TCGv_i32 v)
{
    return &tcg_ctx->temps[handle_index(v)];
}

TCGTemp *tcgv_i64_temp(TCGv_i64 v)
{
    return &tcg_ctx->temps[handle_index(v)];
}

static int global_new(TCGType type, TCGv_ptr base, intptr_t offset, const char *name)
{
    TCGContext *s = tcg_ctx;
    TCGTemp *ts;

    g_assert(s && handle_index(base) == TEMP_ENV);
    g_assert(s->nb_temps == s->nb_globals);   /* before any block is translated */
    g_assert(s->nb_globals < TCG_MAX_TEMPS / 2);
    g_assert(offset >= INT32_MIN && offset <= INT32_MAX);
    ts = &s->temps[s->nb_globals];
    *ts = (TCGTemp) {
        .type = type, .kind = TEMP_GLOBAL, .val_type = TEMP_VAL_MEM,
        .mem_coherent = true, .mem_allocated = true, .allocated = true,
        .mem_offset = (int32_t)offset, .name = name,
    };
    s->nb_temps = ++s->nb_globals;
    return s->nb_globals - 1;
}

TCGv_i32 tcg_global_mem_new_i32(TCGv_ptr base, intptr_t offset, const char *name)
{
    return (TCGv_i32)(uintptr_t)global_new(TCG_TYPE_I32, base, offset, name);
}

TCGv_i64 tcg_global_mem_new_i64(TCGv_ptr base, intptr_t offset, const char *name)
{
    return (TCGv_i64)(uintptr_t)global_new(TCG_TYPE_I64, base, offset, name);
}

static int temp_new(TCGContext *s, TCGType type, bool local)
{
    int idx = s->free_heads[local][type];
    TCGTemp *ts;

    if (idx) {
        ts = &s->temps[idx];
        s->free_heads[local][type] = ts->next_free;
        ts->allocated = true;
        return idx;
    }
    if (s->nb_temps >= TCG_MAX_TEMPS) {
        s->temps_overflow = true;
        idx = TCG_MAX_TEMPS;        /* a sink nobody reads meaningfully */
    } else {
        idx = s->nb_temps++;
    }
    ts = &s->temps[idx];
    *ts = (TCGTemp) { .type = type, .kind = local ? TEMP_TB : TEMP_EBB, .allocated = true };
    return idx;
}

static void temp_free(TCGContext *s, int idx)
{
    TCGTemp *ts = &s->temps[idx];
    bool local;

    if (idx >= TCG_MAX_TEMPS || !ts->allocated ||
        (ts->kind != TEMP_EBB && ts->kind != TEMP_TB)) {
        return;
    }
    local = ts->kind == TEMP_TB;
    ts->allocated = false;
    ts->next_free = s->free_heads[local][ts->type];
    s->free_heads[local][ts->type] = idx;
}

TCGv_i32 tcg_temp_new_i32(void)
{
    return (TCGv_i32)(uintptr_t)temp_new(tcg_ctx, TCG_TYPE_I32, false);
}

TCGv_i64 tcg_temp_new_i64(void)
{
    return (TCGv_i64)(uintptr_t)temp_new(tcg_ctx, TCG_TYPE_I64, false);
}

TCGv_i32 tcg_temp_local_new_i32(void)
{
    return (TCGv_i32)(uintptr_t)temp_new(tcg_ctx, TCG_TYPE_I32, true);
}

TCGv_i64 tcg_temp_local_new_i64(void)
{
    return (TCGv_i64)(uintptr_t)temp_new(tcg_ctx, TCG_TYPE_I64, true);
}

void tcg_temp_free_i32(TCGv_i32 v)
{
    temp_free(tcg_ctx, handle_index(v));
}

void tcg_temp_free_i64(TCGv_i64 v)
{
    temp_free(tcg_ctx, handle_index(v));
}

int tcg_const_temp(TCGContext *s, TCGType type, uint64_t val)
{
    unsigned mask = s->const_hash_size - 1;
    unsigned h;
    TCGTemp *ts;
    int idx;

    if (type == TCG_TYPE_I32) {
        val = (uint32_t)val;
    }
    h = (unsigned)(((val ^ (val >> 29)) * 0x9e3779b97f4a7c15ull + type) >> 40) & mask;
    for (;; h = (h + 1) & mask) {
        idx = s->const_hash[h];
        if (!idx) {
            break;
        }
        ts = &s->temps[idx];
        if (ts->val == val && ts->type == type) {
            return idx;
        }
    }
    if (s->nb_temps >= TCG_MAX_TEMPS) {
        s->temps_overflow = true;
        return TCG_MAX_TEMPS;
    }
    idx = s->nb_temps++;
    s->const_hash[h] = idx;
    s->temps[idx] = (TCGTemp) {
        .type = type, .kind = TEMP_CONST, .val_type = TEMP_VAL_CONST,
        .allocated = true, .val = val,
    };
    return idx;
}

TCGv_i32 tcg_constant_i32(int32_t val)
{
    return (TCGv_i32)(uintptr_t)tcg_const_temp(tcg_ctx, TCG_TYPE_I32, (uint32_t)val);
}

TCGv_i64 tcg_constant_i64(int64_t val)
{
    return (TCGv_i64)(uintptr_t)tcg_const_temp(tcg_ctx, TCG_TYPE_I64, (uint64_t)val);
}

/* ---- Labels and ops ----------------------------------------------------------- */

TCGLabel *gen_new_label(void)
{
    TCGContext *s = tcg_ctx;

    if (s->nb_labels == s->max_labels) {
        s->max_labels *= 2;
        s->labels = g_renew(TCGLabelInfo, s->labels, s->max_labels);
    }
    s->labels[s->nb_labels] = (TCGLabelInfo) { .present = false };
    return (TCGLabel *)(uintptr_t)++s->nb_labels;
}

TCGOp *tcg_emit_op(TCGContext *s, TCGOpcode opc, int nargs, const TCGArg *args)
{
    TCGOp *op;

    if (s->nb_ops == s->max_ops) {
        s->max_ops *= 2;
        s->ops = g_renew(TCGOp, s->ops, s->max_ops);
    }
    op = &s->ops[s->nb_ops++];
    op->opc = opc;
    op->call_o = op->call_i = 0;
    op->life = 0;
    memcpy(op->args, args, nargs * sizeof(TCGArg));
    return op;
}

void tcg_translate_begin(TCGContext *s)
{
    tcg_ctx = s;
    s->temps_overflow = false;
    s->nb_temps = s->nb_globals;
    memset(s->free_heads, 0, sizeof(s->free_heads));
    memset(s->const_hash, 0, s->const_hash_size * sizeof(s->const_hash[0]));
    s->nb_ops = 0;
    s->nb_labels = 0;
    s->nb_insns = 0;
    s->goto_tb_count[0] = s->goto_tb_count[1] = 0;
}

/* ---- Liveness: one backward pass ---------------------------------------------- */

static void la_globals(TCGContext *s, uint8_t state, bool or_in)
{
    for (int i = TEMP_ENV + 1; i < s->nb_globals; i++) {
        s->temps[i].state = or_in ? s->temps[i].state | state : state;
    }
}

/* Non-global temps at a block boundary: locals need memory when kept, EBBs die. */
static void la_block_end(TCGContext *s, bool keep_locals)
{
    for (int i = s->nb_globals; i < s->nb_temps; i++) {
        TCGTemp *ts = &s->temps[i];
        ts->state = (ts->kind == TEMP_TB && keep_locals) ? (TS_DEAD | TS_MEM) : TS_DEAD;
    }
}

void tcg_liveness(TCGContext *s)
{
    la_globals(s, TS_DEAD | TS_MEM, false);
    la_block_end(s, false);
    s->temps[TEMP_ENV].state = 0;

    for (int oi = s->nb_ops - 1; oi >= 0; oi--) {
        TCGOp *op = &s->ops[oi];
        const TCGOpDef *def = &tcg_op_defs[op->opc];
        int nb_o, nb_i, i;
        uint32_t life = 0;
        bool all_dead = true;

        switch (op->opc) {
        case INDEX_op_nop:
        case INDEX_op_insn_start:
            continue;
        case INDEX_op_set_label:
            la_globals(s, TS_DEAD | TS_MEM, false);
            la_block_end(s, true);
            continue;
        case INDEX_op_discard:
            arg_temp(s, op->args[0])->state = TS_DEAD;
            continue;
        default:
            break;
        }

        nb_o = op_nb_oargs(op);
        nb_i = op_nb_iargs(op);
        for (i = 0; i < nb_o; i++) {
            /* Needed later, or its memory copy must be updated. */
            if (arg_temp(s, op->args[i])->state != TS_DEAD) {
                all_dead = false;
            }
        }
        if (nb_o > 0 && all_dead) {
            bool removable = op->opc == INDEX_op_call
                ? (op->args[nb_o + nb_i + 1] & TCG_CALL_NO_SIDE_EFFECTS) != 0
                : !(def->flags & (TCG_OPF_SIDE_EFFECTS | TCG_OPF_BB_END | TCG_OPF_BB_EXIT));
            if (removable) {
                op->opc = INDEX_op_nop;
                continue;
            }
        }

        for (i = 0; i < nb_o; i++) {
            TCGTemp *ts = arg_temp(s, op->args[i]);
            if (ts->state & TS_DEAD) {
                life |= DEAD_ARG(i);
            }
            if (ts->state & TS_MEM) {
                life |= SYNC_ARG(i);
            }
            ts->state = TS_DEAD;
        }

        if (op->opc == INDEX_op_call) {
            unsigned flags = op->args[nb_o + nb_i + 1];
            if (!(flags & TCG_CALL_NO_WRITE_GLOBALS)) {
                la_globals(s, TS_DEAD | TS_MEM, false);
            } else if (!(flags & TCG_CALL_NO_READ_GLOBALS)) {
                la_globals(s, TS_MEM, true);
            }
        } else if (def->flags & TCG_OPF_BB_END) {
            if (def->flags & TCG_OPF_COND_BRANCH) {
                la_globals(s, TS_MEM, true);
                for (i = s->nb_globals; i < s->nb_temps; i++) {
                    if (s->temps[i].kind == TEMP_TB) {
                        s->temps[i].state |= TS_MEM;
                    }
                }
            } else {
                /* br keeps locals (its label needs them); exits drop them. */
                la_globals(s, TS_DEAD | TS_MEM, false);
                la_block_end(s, op->opc == INDEX_op_br);
            }
        } else if (def->flags & (TCG_OPF_BB_EXIT | TCG_OPF_GUEST_MEM)) {
            la_globals(s, TS_MEM, true);
        }

        for (i = nb_o; i < nb_o + nb_i; i++) {
            TCGTemp *ts = arg_temp(s, op->args[i]);
            if (ts->state & TS_DEAD) {
                life |= DEAD_ARG(i);
                ts->state &= ~TS_DEAD;
            }
        }
        op->life = life;
    }
}

/* ---- Translation ------------------------------------------------------------- */

int tcg_translate_end(TCGContext *s, TCGTranslation *out)
{
    uint8_t *start, *table, *end;
    size_t words = s->cfg.insn_start_words, table_size;
    int rc;

    g_assert(tcg_ctx == s);
    if (s->temps_overflow) {
        return TCG_TRANSLATE_TOO_BIG;
    }
    if (s->optimize) {
        tcg_optimize(s);
    }
    tcg_liveness(s);

    start = (uint8_t *)TCG_ALIGN_PTR_UP(s->code_ptr, 64);
    if (start >= s->code_highwater) {
        return TCG_TRANSLATE_BUFFER_FULL;
    }
    memset(out, 0, sizeof(*out));
    out->backend = s->cfg.backend;
    s->tb_start = s->code_ptr = start;
    s->jmp_insn_offset[0] = s->jmp_insn_offset[1] = UINT32_MAX;
    s->jmp_reset_offset[0] = s->jmp_reset_offset[1] = UINT32_MAX;
    if (s->cfg.backend == TCG_BACKEND_JIT) {
        rc = tcg_jit_gen_code(s, out);
    } else {
        rc = tcg_interp_gen_code(s, out);
    }
    if (rc != TCG_TRANSLATE_OK) {
        s->code_ptr = start;
        return rc;
    }
    out->code = start;
    out->code_size = s->code_ptr - start;

    /* The instruction table: start offsets, then the data words. */
    table = (uint8_t *)TCG_ALIGN_PTR_UP(s->code_ptr, 8);
    table_size = TCG_ALIGN_UP(s->nb_insns * sizeof(uint32_t), 8) +
                 s->nb_insns * words * sizeof(uint64_t);
    end = table + table_size;
    if (end > s->code_buf + s->code_buf_size) {
        s->code_ptr = start;
        return TCG_TRANSLATE_BUFFER_FULL;
    }
    memcpy(table, s->insn_offsets, s->nb_insns * sizeof(uint32_t));
    for (int i = 0; i < s->nb_insns; i++) {
        memcpy(table + TCG_ALIGN_UP(s->nb_insns * sizeof(uint32_t), 8) +
               i * words * sizeof(uint64_t),
               &s->insn_data[i * TCG_MAX_INSN_WORDS], words * sizeof(uint64_t));
    }
    out->insn_table = table;
    out->nb_insns = s->nb_insns;
    out->insn_start_words = words;
    out->total_size = end - start;
    for (int n = 0; n < 2; n++) {
        out->jmp_insn_offset[n] = s->jmp_insn_offset[n];
        out->jmp_reset_offset[n] = s->jmp_reset_offset[n];
    }
    s->code_ptr = end;
    return TCG_TRANSLATE_OK;
}

uintptr_t tcg_tb_exec(TCGContext *s, void *env, const void *code)
{
    tcg_interp_retaddr = 0;
    if (s->cfg.backend == TCG_BACKEND_INTERP) {
        return tcg_interp_exec(s, env, code);
    }
    return s->jit_enter(env, code);
}

bool tcg_tb_set_jmp_target(const TCGTranslation *tr, int n, const void *target)
{
    uint8_t *code = tr->code;

    if (n < 0 || n > 1 || tr->jmp_insn_offset[n] == UINT32_MAX) {
        return false;
    }
    if (tr->backend == TCG_BACKEND_INTERP) {
        __atomic_store_n((const void **)(code + tr->jmp_insn_offset[n]), target,
                         __ATOMIC_RELEASE);
    } else {
        uint8_t *next = code + tr->jmp_insn_offset[n] + 4;
        const uint8_t *dest = target ? target : code + tr->jmp_reset_offset[n];
        int32_t disp = (int32_t)(dest - next);
        __atomic_store_n((int32_t *)(code + tr->jmp_insn_offset[n]), disp,
                         __ATOMIC_RELEASE);
    }
    return true;
}

bool tcg_translation_contains(const TCGTranslation *tr, uintptr_t retaddr)
{
    uintptr_t code = (uintptr_t)tr->code;
    return retaddr > code && retaddr <= code + tr->code_size;
}

int tcg_restore_state_from_retaddr(const TCGTranslation *tr, uintptr_t retaddr,
                                   uint64_t data[])
{
    const uint32_t *starts = (const uint32_t *)tr->insn_table;
    const uint64_t *words;
    uint32_t off;
    int lo = 0, hi = (int)tr->nb_insns - 1, found = -1;

    if (!tcg_translation_contains(tr, retaddr) || tr->nb_insns == 0) {
        return -1;
    }
    off = (uint32_t)(retaddr - 1 - (uintptr_t)tr->code);
    while (lo <= hi) {
        int mid = (lo + hi) / 2;
        if (starts[mid] <= off) {
            found = mid;
            lo = mid + 1;
        } else {
            hi = mid - 1;
        }
    }
    if (found < 0) {
        return -1;
    }
    words = (const uint64_t *)(tr->insn_table +
                               TCG_ALIGN_UP(tr->nb_insns * sizeof(uint32_t), 8));
    memcpy(data, &words[found * tr->insn_start_words],
           tr->insn_start_words * sizeof(uint64_t));
    return found;
}

/* ---- Debugging ----------------------------------------------------------------- */

static const char *const cond_names[] = {
    "never", "always", "eq", "ne", "lt", "ge", "le", "gt",
    "ltu", "geu", "leu", "gtu", "tsteq", "tstne",
};

static void dump_temp(TCGContext *s, FILE *f, TCGArg a)
{
    TCGTemp *ts = arg_temp(s, a);

    switch (ts->kind) {
    case TEMP_CONST:
        fprintf(f, "$0x%" PRIx64, ts->val);
        break;
    case TEMP_GLOBAL:
    case TEMP_FIXED:
        fprintf(f, "%s", ts->name);
        break;
    default:
        fprintf(f, "%s%d", ts->kind == TEMP_TB ? "loc" : "tmp", (int)a);
        break;
    }
}

void tcg_dump_ops(TCGContext *s, FILE *f)
{
    for (int oi = 0; oi < s->nb_ops; oi++) {
        TCGOp *op = &s->ops[oi];
        int nb_o = op_nb_oargs(op), nb_i = op_nb_iargs(op), nb_c = op_nb_cargs(op);
        int i;

        if (op->opc == INDEX_op_nop) {
            continue;
        }
        fprintf(f, " %s", tcg_op_defs[op->opc].name);
        for (i = 0; i < nb_o + nb_i; i++) {
            fputs(i ? "," : " ", f);
            dump_temp(s, f, op->args[i]);
        }
        for (; i < nb_o + nb_i + nb_c; i++) {
            TCGArg c = op->args[i];
            fputs(i ? "," : " ", f);
            if ((op->opc == INDEX_op_br || op->opc == INDEX_op_set_label ||
                 tcg_op_defs[op->opc].flags & TCG_OPF_COND_BRANCH) && i == nb_o + nb_i + nb_c - 1) {
                fprintf(f, "$L%d", (int)c);
            } else if ((tcg_op_defs[op->opc].flags & TCG_OPF_COND_BRANCH ||
                        op->opc == INDEX_op_setcond_i32 || op->opc == INDEX_op_setcond_i64 ||
                        op->opc == INDEX_op_movcond_i32 || op->opc == INDEX_op_movcond_i64) &&
                       i == nb_o + nb_i && c < ARRAY_SIZE(cond_names)) {
                fprintf(f, "%s", cond_names[c]);
            } else {
                fprintf(f, "$0x%" PRIx64, (uint64_t)c);
            }
        }
        fputc('\n', f);
    }
}

unsigned tcg_count_ops(TCGContext *s, TCGOpcode opc)
{
    unsigned n = 0;
    for (int oi = 0; oi < s->nb_ops; oi++) {
        n += s->ops[oi].opc == opc;
    }
    return n;
}
