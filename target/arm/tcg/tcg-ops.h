/*
 * The A64 translator's part of the CPU's TCGCPUOps (include/accel/tcg-cpu-ops.h):
 * what target/arm/cpu.c plugs in. Everything else in target/arm/tcg/ is private.
 */
#ifndef TARGET_ARM_TCG_TCG_OPS_H
#define TARGET_ARM_TCG_TCG_OPS_H

#include "target/arm/cpu.h"

/*
 * insn_start data: one word, the pc of the instruction. Data-abort syndromes
 * taken to EL1 never carry instruction syndrome (ISV = 0 for ESR_EL1 in the
 * Arm ARM), so nothing else is needed to make faults precise.
 */
#define A64_INSN_START_WORDS 1

/*
 * Fill the translator's hooks of ops: initialize (the TCG globals), translate_code
 * and insn_start_words. get_tb_cpu_state, synchronize_from_tb and
 * restore_state_to_opc (pc = data[0]) are cpu.c's.
 */
void arm_tcg_ops_init_translate(struct TCGCPUOps *ops);

/* The hooks themselves, for a static TCGCPUOps initialiser in cpu.c. */
void arm_translate_init(void);
void arm_translate_code(CPUState *cpu, TranslationBlock *tb, int *max_insns, uint64_t pc,
                        void *host_pc);

#endif
