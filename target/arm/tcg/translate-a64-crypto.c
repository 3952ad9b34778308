/*
 * The A64 Cryptographic Extension groups: AES (AESE, AESD, AESMC, AESIMC),
 * SHA three-register (SHA1C/P/M, SHA1SU0, SHA256H/H2, SHA256SU1) and SHA
 * two-register (SHA1H, SHA1SU1, SHA256SU0). Each is UNDEFINED unless the CPU
 * has the feature (ID_AA64ISAR0). PMULL of 64-bit lanes is decoded with the
 * other three-different forms (translate-a64-simd-arith.c).
 */
#include "qemu/osdep.h"
#include "target/arm/tcg/translate-a64-simd.h"

static uint32_t crypto_desc(uint32_t insn)
{
    return SIMD_DESC(field32(insn, 0, 5), field32(insn, 5, 5), field32(insn, 16, 5), 0, 1,
                     0, 0, 0, 0);
}

void a64_crypto_aes(DisasContext *s, uint32_t insn)
{
    static SimdHelper *const fns[4] = {
        helper_crypto_aese, helper_crypto_aesd, helper_crypto_aesmc, helper_crypto_aesimc,
    };
    unsigned opcode = field32(insn, 12, 5);

    if (field32(insn, 22, 2) != 0 || opcode < 4 || opcode > 7 ||
        !dc_feature(s, ARM_FEATURE_AES)) {
        unallocated_encoding(s);
        return;
    }
    gen_simd_helper(fns[opcode - 4], crypto_desc(insn));
}

void a64_crypto_sha_three(DisasContext *s, uint32_t insn)
{
    static SimdHelper *const fns[7] = {
        helper_crypto_sha1c, helper_crypto_sha1p, helper_crypto_sha1m, helper_crypto_sha1su0,
        helper_crypto_sha256h, helper_crypto_sha256h2, helper_crypto_sha256su1,
    };
    unsigned opcode = field32(insn, 12, 3);
    int feature = opcode < 4 ? ARM_FEATURE_SHA1 : ARM_FEATURE_SHA256;

    if (field32(insn, 22, 2) != 0 || opcode == 7 || !dc_feature(s, feature)) {
        unallocated_encoding(s);
        return;
    }
    gen_simd_helper(fns[opcode], crypto_desc(insn));
}

void a64_crypto_sha_two(DisasContext *s, uint32_t insn)
{
    static SimdHelper *const fns[3] = {
        helper_crypto_sha1h, helper_crypto_sha1su1, helper_crypto_sha256su0,
    };
    unsigned opcode = field32(insn, 12, 5);
    int feature = opcode < 2 ? ARM_FEATURE_SHA1 : ARM_FEATURE_SHA256;

    if (field32(insn, 22, 2) != 0 || opcode > 2 || !dc_feature(s, feature)) {
        unallocated_encoding(s);
        return;
    }
    gen_simd_helper(fns[opcode], crypto_desc(insn));
}
