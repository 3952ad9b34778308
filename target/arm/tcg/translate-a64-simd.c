/*
 * The A64 AdvSIMD groups: vector and scalar-SIMD data processing, the
 * crypto extensions, and the AdvSIMD load/store structure forms.  Not yet
 * implemented: every encoding here is UNDEFINED with a -d unimp message.
 */
#include "qemu/osdep.h"
#include "target/arm/tcg/translate.h"

void a64_disas_simd(DisasContext *s, uint32_t insn)
{
    unimplemented_encoding(s, "AdvSIMD");
}

void a64_disas_ldst_simd_struct(DisasContext *s, uint32_t insn)
{
    if (!fp_access_check(s)) {
        return;
    }
    unimplemented_encoding(s, "AdvSIMD load/store structure");
}
