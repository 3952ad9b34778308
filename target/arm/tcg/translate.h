/*
 * What the files of the A64 translator share: the per-block decoder context,
 * the TCG globals for the architectural registers, and the small code
 * generators every instruction group uses. Not a public interface: only
 * target/arm/tcg/ includes it.
 */
#ifndef TARGET_ARM_TCG_TRANSLATE_H
#define TARGET_ARM_TCG_TRANSLATE_H

#include "target/arm/cpu.h"
#include "target/arm/syndrome.h"
#include "exec/translator.h"
#include "tcg/tcg-op.h"

/* Bits [pos, pos+len) of an instruction word, zero- or sign-extended. */
static inline uint32_t field32(uint32_t insn, unsigned pos, unsigned len)
{
    return (insn >> pos) & ((len >= 32) ? ~0u : ((1u << len) - 1));
}

static inline int32_t sfield32(uint32_t insn, unsigned pos, unsigned len)
{
    return (int32_t)(insn << (32 - pos - len)) >> (32 - len);
}

/* Block endings of our own (see include/exec/translator.h for the shared ones). */
#define DISAS_JUMP        DISAS_TARGET_0  /* cpu_pc is set: look the next block up */
#define DISAS_UPDATE_EXIT DISAS_TARGET_1  /* state changed: pc = next insn, back to the loop */
#define DISAS_EXIT        DISAS_TARGET_2  /* cpu_pc is set: back to the loop */

typedef struct DisasContext {
    DisasContextBase base;
    CPUARMState *env;
    uint64_t pc_curr;       /* address of the instruction being translated */
    uint32_t insn;
    /* From the TB flags: constant for the whole block. */
    int el;
    int mmu_idx;            /* data accesses */
    int unpriv_mmu_idx;     /* LDTR/STTR family */
    MemOp be_data;          /* MO_LE or MO_BE */
    bool align_check;       /* SCTLR_EL1.A */
    bool fp_enabled;        /* CPACR_EL1.FPEN allows FP/SIMD at this EL */
    bool tbi0, tbi1;
    bool il;                /* PSTATE.IL: the first instruction is illegal */
    uint64_t features;      /* env->features (ARM_FEATURE_*) */
} DisasContext;

static inline bool dc_feature(const DisasContext *s, int feature)
{
    return (s->features >> feature) & 1;
}

/* TCG globals, created once by arm_translate_init(). cpu_X[31] is the current SP. */
extern TCGv_i64 cpu_X[32];
extern TCGv_i64 cpu_pc;
extern TCGv_i32 cpu_NF, cpu_ZF, cpu_CF, cpu_VF;
extern TCGv_i64 cpu_exclusive_addr, cpu_exclusive_val, cpu_exclusive_high;

#define T32(v) tcgv_i32_temp(v)
#define T64(v) tcgv_i64_temp(v)
#define TENV tcgv_i64_temp(tcg_env)

/* ---- registers ---- */

/* Register n as a destination: the global, or a scratch temp for XZR (n = 31). */
TCGv_i64 cpu_reg(DisasContext *s, int n);
/* Register n where 31 means SP. */
TCGv_i64 cpu_reg_sp(DisasContext *s, int n);
/* A new temp holding register n (31 = XZR), zero-extended from 32 bits unless sf. */
TCGv_i64 read_cpu_reg(DisasContext *s, int n, bool sf);
/* Same with 31 = SP. */
TCGv_i64 read_cpu_reg_sp(DisasContext *s, int n, bool sf);

/*
 * dst = src extended as option says (UXTB, UXTH, UXTW, UXTX, SXTB, SXTH, SXTW, SXTX:
 * 0..7) then shifted left by shift: the operand of extended-register forms.
 */
void gen_ext_and_shift_reg(TCGv_i64 dst, TCGv_i64 src, unsigned option, unsigned shift);

/* ---- flags ---- */

/* A condition on the lazy NZCV words: holds when cond(value, 0). */
typedef struct DisasCompare {
    TCGCond cond;
    TCGv_i32 value;
} DisasCompare;

/* The test for A64 condition code cc (0..15). value is a new temp (or a global). */
void a64_test_cc(DisasCompare *c, int cc);
/* N and Z from a 64-bit or 32-bit result (C and V untouched). */
void gen_set_NZ64(TCGv_i64 result);
/* Flags for a logical result: N, Z from it, C = V = 0. */
void gen_logic_CC(bool sf, TCGv_i64 result);

/* ---- exceptions and block ends ---- */

/* Raise excp with syndrome syn, with the guest pc set to pc first. Ends the block. */
void gen_exception_insn(DisasContext *s, uint64_t pc, int excp, uint32_t syn);
/* UNDEFINED (EC 0x00) for the current instruction. */
void unallocated_encoding(DisasContext *s);
/* UNDEFINED, logging under -d unimp that we do not implement what it encodes. */
void unimplemented_encoding(DisasContext *s, const char *what);
/* Direct jump to dest through chaining slot n (0 or 1), or a lookup when not allowed. */
void gen_goto_tb(DisasContext *s, int n, uint64_t dest);
/* Jump to the block at cpu_pc through the lookup helper. */
void gen_lookup_and_goto_ptr(DisasContext *s);
/* Strip a tagged address (TCR_EL1.TBI0/TBI1) for use as a data address or pc. */
void gen_top_byte_ignore(DisasContext *s, TCGv_i64 dst, TCGv_i64 src);

/* ---- the instruction groups (one file each) ---- */

void a64_disas_dp_imm(DisasContext *s, uint32_t insn);      /* translate-a64-dp.c */
void a64_disas_dp_reg(DisasContext *s, uint32_t insn);      /* translate-a64-dp.c */
void a64_disas_ldst(DisasContext *s, uint32_t insn);        /* translate-a64-ldst.c */
void a64_disas_b_exc_sys(DisasContext *s, uint32_t insn);   /* translate-a64-sys.c */
/*
 * The FP/AdvSIMD groups (scalar FP in translate-a64-fp.c, AdvSIMD in translate-a64-simd*.c): data processing, and the AdvSIMD
 * load/store structure forms the load/store decoder hands over.
 */
void a64_disas_fp_simd(DisasContext *s, uint32_t insn);
void a64_disas_ldst_simd_struct(DisasContext *s, uint32_t insn);
/*
 * AdvSIMD (vector, scalar-SIMD and crypto) encodings of the FP/AdvSIMD group,
 * in translate-a64-simd.c; a64_disas_fp_simd() calls it for everything that is
 * not scalar floating point.  The FP access check has been done.
 */
void a64_disas_simd(DisasContext *s, uint32_t insn);

/*
 * Check that FP/SIMD is enabled (CPACR_EL1.FPEN); if not, raise the access trap
 * (EC 0x07) and return false. Call before generating any FP/SIMD access.
 */
bool fp_access_check(DisasContext *s);

/* Offset in CPUARMState of the 64-bit half (0 = low) of SIMD&FP register n. */
static inline intptr_t vreg_half_offset(int n, int half)
{
    return offsetof(CPUARMState, vregs[n].d[half]);
}

/*
 * Decode the bitmask immediate of a logical-immediate instruction (Arm ARM
 * DecodeBitMasks with immediate = TRUE): false for a reserved encoding.
 * For 32-bit operations the result is the 32-bit pattern, zero-extended.
 */
bool a64_decode_bitmask_imm(uint64_t *result, unsigned n, unsigned imms, unsigned immr,
                            bool sf);

#endif
