/*
 * The A64 floating-point and AdvSIMD groups: "Data processing -- scalar FP and
 * AdvSIMD" (op0 = x111) and the AdvSIMD load/store structure forms. Not yet
 * implemented: every encoding here traps when FP is disabled (CPACR_EL1.FPEN, as
 * the architecture wants) and is otherwise UNDEFINED with a -d unimp message.
 * The FP/SIMD translator replaces the bodies of these two functions.
 */
#include "qemu/osdep.h"
#include "target/arm/tcg/translate.h"

void a64_disas_fp_simd(DisasContext *s, uint32_t insn)
{
    if (!fp_access_check(s)) {
        return;
    }
    /* Scalar floating point: op0 = x0x1 (bit 30 clear, bit 28 set). */
    if ((insn & 0x50000000) == 0x10000000) {
        unimplemented_encoding(s, "scalar FP");
        return;
    }
    a64_disas_simd(s, insn);
}
