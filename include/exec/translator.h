/*
 * The generic translator loop every frontend plugs into: the accelerator
 * calls the target's translate_code(), which runs translator_loop() with
 * its TranslatorOps; the loop fetches instructions, stops at page ends and
 * instruction limits, and emits the block's start/end bookkeeping.
 * Frontends emit IR with include/tcg/ (tcg_gen_*).
 */
#ifndef EXEC_TRANSLATOR_H
#define EXEC_TRANSLATOR_H

#include "exec/translation-block.h"
#include "hw/core/cpu.h"

typedef enum DisasJumpType {
    DISAS_NEXT,         /* keep translating */
    DISAS_TOO_MANY,     /* instruction or page limit: end with a jump to pc_next */
    DISAS_NORETURN,     /* the last instruction already ended the block (exception, exit) */
    DISAS_TARGET_0,     /* values from here on are the target's own */
    DISAS_TARGET_1,
    DISAS_TARGET_2,
    DISAS_TARGET_3,
    DISAS_TARGET_4,
    DISAS_TARGET_5,
} DisasJumpType;

typedef struct DisasContextBase {
    TranslationBlock *tb;
    uint64_t pc_first;
    uint64_t pc_next;
    DisasJumpType is_jmp;
    int num_insns;
    int max_insns;
    bool singlestep_enabled;
    void *host_addr[2];     /* host pointers of the code pages, for fast fetch */
} DisasContextBase;

typedef struct TranslatorOps {
    void (*init_disas_context)(DisasContextBase *db, CPUState *cpu);
    void (*tb_start)(DisasContextBase *db, CPUState *cpu);
    /* Emit the insn_start marker with the data restore_state_to_opc gets back. */
    void (*insn_start)(DisasContextBase *db, CPUState *cpu);
    /* Translate one instruction at db->pc_next and advance pc_next. */
    void (*translate_insn)(DisasContextBase *db, CPUState *cpu);
    /* End the block according to db->is_jmp. */
    void (*tb_stop)(DisasContextBase *db, CPUState *cpu);
} TranslatorOps;

void translator_loop(CPUState *cpu, TranslationBlock *tb, int *max_insns, uint64_t pc,
                     void *host_pc, const TranslatorOps *ops, DisasContextBase *db);

/* Whether a direct (chained) jump to dest is allowed from this block. */
bool translator_use_goto_tb(DisasContextBase *db, uint64_t dest);

/*
 * Fetch instruction bytes for translation, as little-endian values (a
 * big-endian target byte-swaps).  A fetch that faults (unmapped, no execute
 * permission) raises the guest's instruction abort through the target's
 * tlb_fill and does not return.
 */
uint8_t translator_ldub(CPUArchState *env, DisasContextBase *db, uint64_t pc);
uint16_t translator_lduw(CPUArchState *env, DisasContextBase *db, uint64_t pc);
uint32_t translator_ldl(CPUArchState *env, DisasContextBase *db, uint64_t pc);
uint64_t translator_ldq(CPUArchState *env, DisasContextBase *db, uint64_t pc);

#endif
