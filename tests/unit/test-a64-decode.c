/*
 * Unit tests for the A64 translator's decoding helpers that need no CPU: the
 * logical-immediate bitmask decoder (DecodeBitMasks of the Arm ARM) against an
 * independent enumeration of every encodable pattern.
 */
#include "qemu/osdep.h"
#include <check.h>
#include "target/arm/tcg/translate.h"

/* The immediate for `ones` set bits rotated right by `rot` in an esize-bit
 * element, replicated to 64 bits: built the slow, obvious way. */
static uint64_t pattern(unsigned esize, unsigned ones, unsigned rot)
{
    uint64_t elem = 0, v = 0;

    for (unsigned i = 0; i < ones; i++) {
        elem |= 1ull << ((i + esize - rot) % esize);
    }
    for (unsigned pos = 0; pos < 64; pos += esize) {
        v |= elem << pos;
    }
    return v;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

START_TEST(test_every_encodable_pattern_decodes)
{
    for (unsigned esize = 2; esize <= 64; esize *= 2) {
        for (unsigned ones = 1; ones < esize; ones++) {
            for (unsigned rot = 0; rot < esize; rot++) {
                unsigned n = esize == 64;
                unsigned imms = (((~(esize - 1)) << 1) & 0x3f) | (ones - 1);
                uint64_t got = 0;

                ck_assert_msg(a64_decode_bitmask_imm(&got, n, imms, rot, true),
                              "esize %u ones %u rot %u refused", esize, ones, rot);
                ck_assert_msg(got == pattern(esize, ones, rot),
                              "esize %u ones %u rot %u: got %016" PRIx64 " want %016" PRIx64,
                              esize, ones, rot, got, pattern(esize, ones, rot));
                if (esize <= 32) {
                    ck_assert(a64_decode_bitmask_imm(&got, 0, imms, rot, false));
                    ck_assert_uint_eq(got, pattern(esize, ones, rot) & 0xffffffffu);
                }
            }
        }
    }
}
END_TEST

/* Over all 2^13 encodings: 5334 distinct 64-bit immediates and 1302 32-bit ones
 * (the Arm ARM's counts), and the reserved encodings are refused. */
START_TEST(test_encoding_space_counts)
{
    static uint64_t seen[1 << 13];
    unsigned count64 = 0, distinct64 = 0, distinct32 = 0;
    uint64_t v;

    for (unsigned enc = 0; enc < (1 << 13); enc++) {
        unsigned n = enc >> 12, immr = (enc >> 6) & 0x3f, imms = enc & 0x3f;
        if (a64_decode_bitmask_imm(&v, n, imms, immr, true)) {
            seen[count64++] = v;
            ck_assert(v != 0 && v != ~0ull);
        }
    }
    qsort(seen, count64, sizeof(seen[0]), cmp_u64);
    for (unsigned i = 0; i < count64; i++) {
        distinct64 += i == 0 || seen[i] != seen[i - 1];
    }
    ck_assert_uint_eq(distinct64, 5334);

    count64 = 0;
    for (unsigned enc = 0; enc < (1 << 12); enc++) {
        unsigned immr = (enc >> 6) & 0x3f, imms = enc & 0x3f;
        if (a64_decode_bitmask_imm(&v, 0, imms, immr, false)) {
            seen[count64++] = v;
            ck_assert(v != 0 && v != 0xffffffffull && v <= 0xffffffffull);
        }
    }
    qsort(seen, count64, sizeof(seen[0]), cmp_u64);
    for (unsigned i = 0; i < count64; i++) {
        distinct32 += i == 0 || seen[i] != seen[i - 1];
    }
    ck_assert_uint_eq(distinct32, 1302);

    /* All-ones runs are reserved at every element size. */
    ck_assert(!a64_decode_bitmask_imm(&v, 1, 0x3f, 0, true));
    ck_assert(!a64_decode_bitmask_imm(&v, 0, 0x1f, 0, true));
    ck_assert(!a64_decode_bitmask_imm(&v, 0, 0x3d, 0, true));
    /* N:~imms with no bit set (N = 0, imms = 0b111111) is reserved. */
    ck_assert(!a64_decode_bitmask_imm(&v, 0, 0x3f, 0, true));
    /* A 64-bit element is not available to 32-bit operations. */
    ck_assert(!a64_decode_bitmask_imm(&v, 1, 0, 0, false));
}
END_TEST

static Suite *a64_decode_suite(void)
{
    Suite *s = suite_create("a64-decode");
    TCase *tc = tcase_create("bitmask");

    tcase_add_test(tc, test_every_encodable_pattern_decodes);
    tcase_add_test(tc, test_encoding_space_counts);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    SRunner *sr = srunner_create(a64_decode_suite());
    int failed;

    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed != 0;
}
