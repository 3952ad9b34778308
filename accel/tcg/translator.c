/*
 * The generic translator loop (see include/exec/translator.h): block start
 * and end bookkeeping, instruction and page limits, and code fetch.
 */
#include "qemu/osdep.h"
#include "internal.h"
#include "exec/translator.h"
#include "tcg/tcg-op.h"
#include "qemu/bswap.h"

bool translator_use_goto_tb(DisasContextBase *db, uint64_t dest)
{
    /* A chained jump must stay on the block's page: a remapping of another
     * page would not be seen by the chained block. */
    if (db->tb->cflags & CF_NO_GOTO_TB) {
        return false;
    }
    return ((db->pc_first ^ dest) & TCG_PAGE_MASK) == 0;
}

void translator_loop(CPUState *cpu, TranslationBlock *tb, int *max_insns, uint64_t pc,
                     void *host_pc, const TranslatorOps *ops, DisasContextBase *db)
{
    TCGLabel *exit_label;
    TCGv_i32 flag;

    db->tb = tb;
    db->pc_first = pc;
    db->pc_next = pc;
    db->is_jmp = DISAS_NEXT;
    db->num_insns = 0;
    db->max_insns = *max_insns;
    db->singlestep_enabled = (tb->cflags & CF_SINGLE_STEP) != 0;
    db->host_addr[0] = host_pc ? (uint8_t *)host_pc - (pc & ~TCG_PAGE_MASK) : NULL;
    db->host_addr[1] = NULL;

    ops->init_disas_context(db, cpu);

    /* Leave before the first instruction when the CPU was asked to exit. */
    flag = tcg_temp_new_i32();
    exit_label = gen_new_label();
    tcg_gen_ld_i32(flag, tcg_env, offsetof(CPUArchStateCommon, exit_request));
    tcg_gen_brcondi_i32(TCG_COND_NE, flag, 0, exit_label);
    tcg_temp_free_i32(flag);

    ops->tb_start(db, cpu);
    for (;;) {
        ops->insn_start(db, cpu);
        db->num_insns++;
        ops->translate_insn(db, cpu);
        if (db->is_jmp != DISAS_NEXT) {
            break;
        }
        if (db->num_insns >= db->max_insns) {
            db->is_jmp = DISAS_TOO_MANY;
            break;
        }
        /* Blocks never cross a guest page, so one page's mapping covers them. */
        if (((db->pc_next ^ db->pc_first) & TCG_PAGE_MASK) != 0) {
            db->is_jmp = DISAS_TOO_MANY;
            break;
        }
    }
    ops->tb_stop(db, cpu);

    tcg_gen_set_label(exit_label);
    tcg_gen_exit_tb((uintptr_t)tb | TB_EXIT_REQUESTED);

    tb->size = db->pc_next - db->pc_first;
    tb->icount = db->num_insns;
    *max_insns = db->num_insns;
}

static const uint8_t *code_ptr(DisasContextBase *db, uint64_t pc, unsigned size)
{
    if (db->host_addr[0] && ((pc ^ db->pc_first) & TCG_PAGE_MASK) == 0 &&
        (((pc + size - 1) ^ db->pc_first) & TCG_PAGE_MASK) == 0) {
        return (const uint8_t *)db->host_addr[0] + (pc & ~TCG_PAGE_MASK);
    }
    return NULL;
}

uint8_t translator_ldub(CPUArchState *env, DisasContextBase *db, uint64_t pc)
{
    const uint8_t *p = code_ptr(db, pc, 1);
    return p ? *p : cpu_ldub_code(env, pc);
}

uint16_t translator_lduw(CPUArchState *env, DisasContextBase *db, uint64_t pc)
{
    const uint8_t *p = code_ptr(db, pc, 2);
    return p ? lduw_le_p(p) : cpu_lduw_code(env, pc);
}

uint32_t translator_ldl(CPUArchState *env, DisasContextBase *db, uint64_t pc)
{
    const uint8_t *p = code_ptr(db, pc, 4);
    return p ? ldl_le_p(p) : cpu_ldl_code(env, pc);
}

uint64_t translator_ldq(CPUArchState *env, DisasContextBase *db, uint64_t pc)
{
    const uint8_t *p = code_ptr(db, pc, 8);
    if (p) {
        return ldq_le_p(p);
    }
    return (uint64_t)cpu_ldl_code(env, pc) | ((uint64_t)cpu_ldl_code(env, pc + 4) << 32);
}
