/*
 * What the AdvSIMD translator files share (translate-a64-simd*.c,
 * translate-a64-crypto.c): access to vector register elements from generated
 * code, helper calls with a descriptor, and the group decoders each file
 * provides. Private to target/arm/tcg/.
 */
#ifndef TARGET_ARM_TCG_TRANSLATE_A64_SIMD_H
#define TARGET_ARM_TCG_TRANSLATE_A64_SIMD_H

#include "target/arm/tcg/translate.h"
#include "target/arm/tcg/helper-simd.h"

/* Offset in CPUARMState of element idx (of 2^size bytes) of vector register n. */
static inline intptr_t vreg_elem_offset(int n, int idx, int size)
{
    return offsetof(CPUARMState, vregs[n]) + ((intptr_t)idx << size);
}

/* dst = element idx of Vn; memop is the size (MO_8..MO_64), with MO_SIGN to sign-extend. */
void simd_read_elem(TCGv_i64 dst, int n, int idx, MemOp memop);
/* Element idx of Vn = the low 2^size bytes of src; other lanes unchanged. */
void simd_write_elem(TCGv_i64 src, int n, int idx, int size);
/* Zero bits [127:64] of Vn (after a 64-bit vector or scalar write of the low half). */
void simd_clear_high(int n);
/* Vn = hi:lo. */
void simd_write_halves(int n, TCGv_i64 lo, TCGv_i64 hi);
/* Call fn(env, desc): the helper does every lane (helper-simd.h). */
void gen_simd_helper(SimdHelper *fn, uint32_t desc);
/* lo (and hi when q) replicated from the low 2^size bytes of v. */
void gen_dup_i64(TCGv_i64 dst, TCGv_i64 v, int size);

/* ---- groups (insn already known to be in the group) ---- */

/* translate-a64-simd-arith.c */
void a64_simd_three_same(DisasContext *s, uint32_t insn, bool scalar);
void a64_simd_three_diff(DisasContext *s, uint32_t insn, bool scalar);
void a64_simd_two_misc(DisasContext *s, uint32_t insn, bool scalar);
void a64_simd_shift_imm(DisasContext *s, uint32_t insn, bool scalar);
void a64_simd_by_elem(DisasContext *s, uint32_t insn, bool scalar);

/* translate-a64-crypto.c */
void a64_crypto_aes(DisasContext *s, uint32_t insn);
void a64_crypto_sha_three(DisasContext *s, uint32_t insn);
void a64_crypto_sha_two(DisasContext *s, uint32_t insn);

#endif
