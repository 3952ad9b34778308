/*
 * The A64 translator's core: TCG globals for the registers, the translator
 * loop hooks and TCGCPUOps glue, the top-level decode by instruction group
 * (Arm ARM C4.1, op0 = bits [28:25]) and the helpers every group shares.
 * The groups themselves live in translate-a64-{dp,ldst,sys,fp}.c.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "target/arm/tcg/translate.h"
#include "target/arm/tcg/tcg-ops.h"
#include "target/arm/tcg/helper-a64.h"
#include "target/arm/internals.h"

TCGv_i64 cpu_X[32];
TCGv_i64 cpu_pc;
TCGv_i32 cpu_NF, cpu_ZF, cpu_CF, cpu_VF;
TCGv_i64 cpu_exclusive_addr, cpu_exclusive_val, cpu_exclusive_high;

static const char *const regnames[32] = {
    "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7",
    "x8", "x9", "x10", "x11", "x12", "x13", "x14", "x15",
    "x16", "x17", "x18", "x19", "x20", "x21", "x22", "x23",
    "x24", "x25", "x26", "x27", "x28", "x29", "lr", "sp",
};

void arm_translate_init(void)
{
    for (int i = 0; i < 32; i++) {
        cpu_X[i] = tcg_global_mem_new_i64(tcg_env, offsetof(CPUARMState, xregs[i]),
                                          regnames[i]);
    }
    cpu_pc = tcg_global_mem_new_i64(tcg_env, offsetof(CPUARMState, pc), "pc");
    cpu_NF = tcg_global_mem_new_i32(tcg_env, offsetof(CPUARMState, NF), "NF");
    cpu_ZF = tcg_global_mem_new_i32(tcg_env, offsetof(CPUARMState, ZF), "ZF");
    cpu_CF = tcg_global_mem_new_i32(tcg_env, offsetof(CPUARMState, CF), "CF");
    cpu_VF = tcg_global_mem_new_i32(tcg_env, offsetof(CPUARMState, VF), "VF");
    cpu_exclusive_addr = tcg_global_mem_new_i64(
        tcg_env, offsetof(CPUARMState, exclusive_addr), "exclusive_addr");
    cpu_exclusive_val = tcg_global_mem_new_i64(
        tcg_env, offsetof(CPUARMState, exclusive_val), "exclusive_val");
    cpu_exclusive_high = tcg_global_mem_new_i64(
        tcg_env, offsetof(CPUARMState, exclusive_high), "exclusive_high");
}

/* ---- registers ---------------------------------------------------------------- */

TCGv_i64 cpu_reg(DisasContext *s, int n)
{
    /* Writes to XZR go to a scratch temp that liveness analysis then drops. */
    return n == 31 ? tcg_temp_new_i64() : cpu_X[n];
}

TCGv_i64 cpu_reg_sp(DisasContext *s, int n)
{
    return cpu_X[n];
}

TCGv_i64 read_cpu_reg(DisasContext *s, int n, bool sf)
{
    TCGv_i64 v = tcg_temp_new_i64();

    if (n == 31) {
        tcg_gen_movi_i64(v, 0);
    } else if (sf) {
        tcg_gen_mov_i64(v, cpu_X[n]);
    } else {
        tcg_gen_ext32u_i64(v, cpu_X[n]);
    }
    return v;
}

TCGv_i64 read_cpu_reg_sp(DisasContext *s, int n, bool sf)
{
    TCGv_i64 v = tcg_temp_new_i64();

    if (sf) {
        tcg_gen_mov_i64(v, cpu_X[n]);
    } else {
        tcg_gen_ext32u_i64(v, cpu_X[n]);
    }
    return v;
}

/* ---- flags ------------------------------------------------------------------- */

void gen_set_NZ64(TCGv_i64 result)
{
    /* N is bit 31 of NF: the high half. Z: the two halves or'ed are zero. */
    tcg_gen_extrh_i64_i32(cpu_NF, result);
    tcg_gen_extrl_i64_i32(cpu_ZF, result);
    tcg_gen_or_i32(cpu_ZF, cpu_ZF, cpu_NF);
}

void gen_logic_CC(bool sf, TCGv_i64 result)
{
    if (sf) {
        gen_set_NZ64(result);
    } else {
        tcg_gen_extrl_i64_i32(cpu_ZF, result);
        tcg_gen_mov_i32(cpu_NF, cpu_ZF);
    }
    tcg_gen_movi_i32(cpu_CF, 0);
    tcg_gen_movi_i32(cpu_VF, 0);
}

void a64_test_cc(DisasCompare *c, int cc)
{
    TCGv_i32 v;

    switch (cc >> 1) {
    case 0: /* EQ / NE: Z set is ZF == 0 */
        c->cond = TCG_COND_EQ;
        c->value = cpu_ZF;
        break;
    case 1: /* CS / CC */
        c->cond = TCG_COND_NE;
        c->value = cpu_CF;
        break;
    case 2: /* MI / PL */
        c->cond = TCG_COND_LT;
        c->value = cpu_NF;
        break;
    case 3: /* VS / VC */
        c->cond = TCG_COND_LT;
        c->value = cpu_VF;
        break;
    case 4: /* HI: C && !Z, as (-C) & ZF != 0 */
        v = tcg_temp_new_i32();
        tcg_gen_neg_i32(v, cpu_CF);
        tcg_gen_and_i32(v, v, cpu_ZF);
        c->cond = TCG_COND_NE;
        c->value = v;
        break;
    case 5: /* GE: N == V */
        v = tcg_temp_new_i32();
        tcg_gen_xor_i32(v, cpu_VF, cpu_NF);
        c->cond = TCG_COND_GE;
        c->value = v;
        break;
    case 6: /* GT: !Z && N == V, as ZF & ~((N ^ V) >> 31) != 0 */
        v = tcg_temp_new_i32();
        tcg_gen_xor_i32(v, cpu_VF, cpu_NF);
        tcg_gen_sari_i32(v, v, 31);
        tcg_gen_andc_i32(v, cpu_ZF, v);
        c->cond = TCG_COND_NE;
        c->value = v;
        break;
    default: /* AL, NV: always */
        c->cond = TCG_COND_ALWAYS;
        c->value = cpu_ZF;
        break;
    }
    /* Odd codes are the inverse, except NV which is "always" too. */
    if ((cc & 1) && cc != 15) {
        c->cond = tcg_invert_cond(c->cond);
    }
}

/* ---- exceptions and block ends -------------------------------------------------- */

void gen_exception_insn(DisasContext *s, uint64_t pc, int excp, uint32_t syn)
{
    tcg_gen_movi_i64(cpu_pc, pc);
    tcg_gen_call3((void *)helper_a64_exception, 0, NULL, TENV,
                  T32(tcg_constant_i32(excp)), T32(tcg_constant_i32(syn)));
    s->base.is_jmp = DISAS_NORETURN;
}

void unallocated_encoding(DisasContext *s)
{
    gen_exception_insn(s, s->pc_curr, EXCP_UDEF, syn_uncategorized());
}

void unimplemented_encoding(DisasContext *s, const char *what)
{
    qemu_log_mask(LOG_UNIMP, "aarch64: unimplemented %s instruction %08x at pc %016" PRIx64
                  "\n", what, s->insn, s->pc_curr);
    unallocated_encoding(s);
}

bool fp_access_check(DisasContext *s)
{
    if (s->fp_enabled) {
        return true;
    }
    gen_exception_insn(s, s->pc_curr, EXCP_UDEF, syn_fp_access_trap());
    return false;
}

void gen_lookup_and_goto_ptr(DisasContext *s)
{
    TCGv_ptr ptr;

    if (s->base.singlestep_enabled) {
        tcg_gen_call1((void *)helper_a64_debug, 0, NULL, TENV);
        return;
    }
    if (s->base.tb->cflags & CF_NO_GOTO_PTR) {
        tcg_gen_exit_tb(0);
        return;
    }
    ptr = tcg_temp_new_ptr();
    tcg_gen_call1((void *)tcg_accel_lookup_tb_ptr, TCG_CALL_NO_WG, T64(ptr), TENV);
    tcg_gen_goto_ptr(ptr);
}

void gen_goto_tb(DisasContext *s, int n, uint64_t dest)
{
    if (!s->base.singlestep_enabled && translator_use_goto_tb(&s->base, dest)) {
        tcg_gen_goto_tb(n);
        tcg_gen_movi_i64(cpu_pc, dest);
        tcg_gen_exit_tb((uintptr_t)s->base.tb | n);
    } else {
        tcg_gen_movi_i64(cpu_pc, dest);
        gen_lookup_and_goto_ptr(s);
    }
}

void gen_top_byte_ignore(DisasContext *s, TCGv_i64 dst, TCGv_i64 src)
{
    TCGv_i64 t;

    if (!s->tbi0 && !s->tbi1) {
        tcg_gen_mov_i64(dst, src);
        return;
    }
    if (s->tbi0 && s->tbi1) {
        /* The top byte becomes a copy of bit 55. */
        tcg_gen_sextract_i64(dst, src, 0, 56);
        return;
    }
    /* Only one half of the address space has TBI: bit 55 picks the half. */
    t = tcg_temp_new_i64();
    tcg_gen_sextract_i64(t, src, 0, 56);
    tcg_gen_movcond_i64(s->tbi0 ? TCG_COND_GE : TCG_COND_LT, dst, t,
                        tcg_constant_i64(0), t, src);
}

/* ---- top-level decode (Arm ARM C4.1: op0 = bits [28:25]) ------------------------- */

static void disas_reserved(DisasContext *s, uint32_t insn)
{
    /* UDF #imm16 (bits [31:16] zero) is permanently undefined; so is the rest here
     * (SME, unallocated). */
    unallocated_encoding(s);
}

static void disas_sve(DisasContext *s, uint32_t insn)
{
    unimplemented_encoding(s, "SVE");
}

typedef void A64GroupFn(DisasContext *s, uint32_t insn);

static A64GroupFn *const a64_groups[16] = {
    [0x0] = disas_reserved,
    [0x1] = disas_reserved,
    [0x2] = disas_sve,
    [0x3] = disas_reserved,
    [0x4] = a64_disas_ldst,      /* x1x0 */
    [0x5] = a64_disas_dp_reg,    /* x101 */
    [0x6] = a64_disas_ldst,
    [0x7] = a64_disas_fp_simd,   /* x111 */
    [0x8] = a64_disas_dp_imm,    /* 100x */
    [0x9] = a64_disas_dp_imm,
    [0xa] = a64_disas_b_exc_sys, /* 101x */
    [0xb] = a64_disas_b_exc_sys,
    [0xc] = a64_disas_ldst,
    [0xd] = a64_disas_dp_reg,
    [0xe] = a64_disas_ldst,
    [0xf] = a64_disas_fp_simd,
};

/* ---- translator loop hooks ----------------------------------------------------- */

static void a64_init_disas_context(DisasContextBase *db, CPUState *cpu)
{
    DisasContext *s = container_of(db, DisasContext, base);
    CPUARMState *env = cpu_env(cpu);
    uint32_t flags = db->tb->flags;

    s->env = env;
    s->el = (flags & ARM_TBFLAG_EL_MASK) >> ARM_TBFLAG_EL_SHIFT;
    s->mmu_idx = (flags & ARM_TBFLAG_MMUIDX_MASK) >> ARM_TBFLAG_MMUIDX_SHIFT;
    s->unpriv_mmu_idx = s->el == 0 ? s->mmu_idx : ARM_MMU_IDX_E10_0;
    s->be_data = (flags & ARM_TBFLAG_BE_DATA) ? MO_BE : MO_LE;
    s->align_check = (flags & ARM_TBFLAG_ALIGN) != 0;
    s->fp_enabled = (flags & ARM_TBFLAG_FPEN) != 0;
    s->tbi0 = (flags & ARM_TBFLAG_TBI0) != 0;
    s->tbi1 = (flags & ARM_TBFLAG_TBI1) != 0;
    s->il = (flags & ARM_TBFLAG_IL) != 0;
    s->features = env->features;
}

static void a64_tb_start(DisasContextBase *db, CPUState *cpu)
{
}

static void a64_insn_start(DisasContextBase *db, CPUState *cpu)
{
    tcg_gen_insn_start(db->pc_next, 0, 0);
}

static void a64_translate_insn(DisasContextBase *db, CPUState *cpu)
{
    DisasContext *s = container_of(db, DisasContext, base);
    uint64_t pc = db->pc_next;

    s->pc_curr = pc;
    if (pc & 3) {
        /* A branch left the pc misaligned: the fetch takes a PC alignment fault. */
        tcg_gen_movi_i64(cpu_pc, pc);
        tcg_gen_call2((void *)helper_a64_pc_alignment, 0, NULL, TENV,
                      T64(tcg_constant_i64(pc)));
        db->is_jmp = DISAS_NORETURN;
        db->pc_next = pc + 4;
        return;
    }
    s->insn = translator_ldl(s->env, db, pc);
    db->pc_next = pc + 4;

    if (s->il) {
        /* PSTATE.IL after an illegal exception return: every insn is illegal. */
        gen_exception_insn(s, pc, EXCP_UDEF, syn_illegalstate());
        return;
    }
    a64_groups[field32(s->insn, 25, 4)](s, s->insn);
}

static void a64_tb_stop(DisasContextBase *db, CPUState *cpu)
{
    DisasContext *s = container_of(db, DisasContext, base);

    switch (db->is_jmp) {
    case DISAS_NEXT:
    case DISAS_TOO_MANY:
        gen_goto_tb(s, 0, db->pc_next);
        break;
    case DISAS_JUMP:
        gen_lookup_and_goto_ptr(s);
        break;
    case DISAS_UPDATE_EXIT:
        tcg_gen_movi_i64(cpu_pc, db->pc_next);
        /* fall through */
    case DISAS_EXIT:
        if (db->singlestep_enabled) {
            tcg_gen_call1((void *)helper_a64_debug, 0, NULL, TENV);
        } else {
            tcg_gen_exit_tb(0);
        }
        break;
    case DISAS_NORETURN:
    default:
        break;
    }
}

static const TranslatorOps a64_translator_ops = {
    .init_disas_context = a64_init_disas_context,
    .tb_start = a64_tb_start,
    .insn_start = a64_insn_start,
    .translate_insn = a64_translate_insn,
    .tb_stop = a64_tb_stop,
};

/* ---- TCGCPUOps glue ------------------------------------------------------------- */

void arm_translate_code(CPUState *cpu, TranslationBlock *tb, int *max_insns, uint64_t pc,
                        void *host_pc)
{
    DisasContext s = { 0 };

    translator_loop(cpu, tb, max_insns, pc, host_pc, &a64_translator_ops, &s.base);
}

void arm_tcg_ops_init_translate(struct TCGCPUOps *ops)
{
    ops->initialize = arm_translate_init;
    ops->translate_code = arm_translate_code;
    ops->insn_start_words = A64_INSN_START_WORDS;
}
