/*
 * The Armv8 Cryptographic Extension against published vectors: the FIPS-197
 * Appendix B AES-128 example (one round step by step, then the whole
 * cipher with a key schedule built from AESE), SHA-1 and SHA-256 of "abc"
 * (FIPS 180-2 examples) computed with the SHA instructions, and PMULL
 * products. The SHA-256 round constants come from integer cube roots here,
 * not from the code under test.
 */
#include "runtime.h"

typedef uint64_t v2d __attribute__((vector_size(16)));

#define V(lo, hi) ((v2d){ (uint64_t)(lo), (uint64_t)(hi) })

static void check_v(const char *what, v2d got, uint64_t lo, uint64_t hi)
{
    check_u64(what, got[0], lo);
    check_u64(what, got[1], hi);
}

/* A register from 16 bytes in memory order (byte 0 = lane 0). */
static v2d from_bytes(const uint8_t *b)
{
    v2d v;
    memcpy(&v, b, 16);
    return v;
}

static uint32_t lane32(v2d v, int i)
{
    return (uint32_t)(v[i / 2] >> (32 * (i % 2)));
}

/* ---- AES ---------------------------------------------------------------------------- */

static const uint8_t aes_in[16] = {
    0x32, 0x43, 0xf6, 0xa8, 0x88, 0x5a, 0x30, 0x8d, 0x31, 0x31, 0x98, 0xa2, 0xe0, 0x37, 0x07, 0x34,
};
static const uint8_t aes_key[16] = {
    0x2b, 0x7e, 0x15, 0x16, 0x28, 0xae, 0xd2, 0xa6, 0xab, 0xf7, 0x15, 0x88, 0x09, 0xcf, 0x4f, 0x3c,
};
/* FIPS-197 Appendix B, round 1: after ShiftRows, and after MixColumns. */
static const uint8_t aes_r1_shift[16] = {
    0xd4, 0xbf, 0x5d, 0x30, 0xe0, 0xb4, 0x52, 0xae, 0xb8, 0x41, 0x11, 0xf1, 0x1e, 0x27, 0x98, 0xe5,
};
static const uint8_t aes_r1_mix[16] = {
    0x04, 0x66, 0x81, 0xe5, 0xe0, 0xcb, 0x19, 0x9a, 0x48, 0xf8, 0xd3, 0x7a, 0x28, 0x06, 0x26, 0x4c,
};
static const uint8_t aes_out[16] = {
    0x39, 0x25, 0x84, 0x1d, 0x02, 0xdc, 0x09, 0xfb, 0xdc, 0x11, 0x85, 0x97, 0x19, 0x6a, 0x0b, 0x32,
};

static v2d aese(v2d state, v2d key)
{
    __asm__("aese %0.16b, %1.16b" : "+w"(state) : "w"(key));
    return state;
}

static v2d aesd(v2d state, v2d key)
{
    __asm__("aesd %0.16b, %1.16b" : "+w"(state) : "w"(key));
    return state;
}

static v2d aesmc(v2d x)
{
    v2d r;
    __asm__("aesmc %0.16b, %1.16b" : "=w"(r) : "w"(x));
    return r;
}

static v2d aesimc(v2d x)
{
    v2d r;
    __asm__("aesimc %0.16b, %1.16b" : "=w"(r) : "w"(x));
    return r;
}

/* SubWord(w) from AESE: with w in every column ShiftRows changes nothing. */
static uint32_t aes_subword(uint32_t w)
{
    uint64_t w2 = (uint64_t)w << 32 | w;
    return lane32(aese(V(w2, w2), V(0, 0)), 0);
}

static void test_aes(void)
{
    v2d in = from_bytes(aes_in), key = from_bytes(aes_key);
    v2d shifted = from_bytes(aes_r1_shift), mixed = from_bytes(aes_r1_mix);
    v2d rk[11], st;
    uint32_t w[44];
    uint8_t rcon = 1;

    group_begin("aes");
    st = aese(in, key);
    check_v("aese round 1", st, shifted[0], shifted[1]);
    st = aesmc(st);
    check_v("aesmc round 1", st, mixed[0], mixed[1]);
    st = aesimc(mixed);
    check_v("aesimc", st, shifted[0], shifted[1]);
    st = aesd(shifted, V(0, 0));
    check_v("aesd", st, in[0] ^ key[0], in[1] ^ key[1]);

    /* The key schedule (FIPS-197 5.2), words little-endian as the state holds them. */
    memcpy(w, aes_key, 16);
    for (int i = 4; i < 44; i++) {
        uint32_t t = w[i - 1];
        if (i % 4 == 0) {
            t = aes_subword((t >> 8) | (t << 24)) ^ rcon;
            rcon = (uint8_t)((rcon << 1) ^ ((rcon & 0x80) ? 0x1b : 0));
        }
        w[i] = w[i - 4] ^ t;
    }
    for (int r = 0; r < 11; r++) {
        rk[r] = from_bytes((const uint8_t *)&w[4 * r]);
    }
    CHECK("round 10 key word 0", w[40], 0xa8f914d0u);
    st = in;
    for (int r = 0; r < 9; r++) {
        st = aesmc(aese(st, rk[r]));
    }
    st = aese(st, rk[9]);
    st[0] ^= rk[10][0];
    st[1] ^= rk[10][1];
    check_v("aes-128 encrypt", st, from_bytes(aes_out)[0], from_bytes(aes_out)[1]);

    /* Decrypt with the equivalent inverse cipher: AESD + AESIMC, keys reversed. */
    st = from_bytes(aes_out);
    st = aesd(st, rk[10]);
    for (int r = 9; r > 0; r--) {
        st = aesd(aesimc(st), aesimc(rk[r]));
    }
    st[0] ^= rk[0][0];
    st[1] ^= rk[0][1];
    check_v("aes-128 decrypt", st, in[0], in[1]);
    group_end();
}

/* ---- SHA-1 and SHA-256 of "abc" ------------------------------------------------------ */

/* The padded one-block message "abc" as big-endian words. */
static const uint32_t abc_block[16] = { 0x61626380, 0, 0, 0, 0, 0, 0, 0,
                                        0, 0, 0, 0, 0, 0, 0, 0x18 };

static v2d words4(const uint32_t *w)
{
    return V((uint64_t)w[1] << 32 | w[0], (uint64_t)w[3] << 32 | w[2]);
}

static v2d add4(v2d a, v2d b)
{
    v2d r;
    __asm__("add %0.4s, %1.4s, %2.4s" : "=w"(r) : "w"(a), "w"(b));
    return r;
}

static void test_sha1(void)
{
    static const uint32_t k[4] = { 0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6 };
    static const uint32_t h0[5] = { 0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0 };
    v2d abcd = words4(h0), w[4];
    v2d e = V(h0[4], 0);

    group_begin("sha1");
    for (int i = 0; i < 4; i++) {
        w[i] = words4(&abc_block[4 * i]);
    }
    for (int g = 0; g < 20; g++) {
        uint32_t kk = k[g / 5];
        v2d wk = add4(w[g % 4], V((uint64_t)kk << 32 | kk, (uint64_t)kk << 32 | kk));
        v2d e1;

        __asm__("sha1h %s0, %s1" : "=w"(e1) : "w"(abcd));
        if (g < 5) {
            __asm__("sha1c %q0, %s1, %2.4s" : "+w"(abcd) : "w"(e), "w"(wk));
        } else if (g < 10 || g >= 15) {
            __asm__("sha1p %q0, %s1, %2.4s" : "+w"(abcd) : "w"(e), "w"(wk));
        } else {
            __asm__("sha1m %q0, %s1, %2.4s" : "+w"(abcd) : "w"(e), "w"(wk));
        }
        e = e1;
        if (g < 16) {
            v2d t = w[g % 4];
            __asm__("sha1su0 %0.4s, %1.4s, %2.4s" : "+w"(t) : "w"(w[(g + 1) % 4]),
                    "w"(w[(g + 2) % 4]));
            __asm__("sha1su1 %0.4s, %1.4s" : "+w"(t) : "w"(w[(g + 3) % 4]));
            w[g % 4] = t;
        }
    }
    CHECK("sha1 h0", lane32(abcd, 0) + h0[0], 0xa9993e36u);
    CHECK("sha1 h1", lane32(abcd, 1) + h0[1], 0x4706816au);
    CHECK("sha1 h2", lane32(abcd, 2) + h0[2], 0xba3e2571u);
    CHECK("sha1 h3", lane32(abcd, 3) + h0[3], 0x7850c26cu);
    CHECK("sha1 h4", lane32(e, 0) + h0[4], 0x9cd0d89du);
    group_end();
}

/* floor(cbrt(p) * 2^32) mod 2^32: the fractional part's first 32 bits. */
static uint32_t cbrt_frac32(uint32_t p)
{
    unsigned __int128 target = (unsigned __int128)p << 96;
    uint64_t lo = 0, hi = 1ull << 36;

    while (hi - lo > 1) {
        uint64_t mid = lo + (hi - lo) / 2;
        unsigned __int128 m = mid;
        if (m * m * m <= target) {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    return (uint32_t)lo;
}

static void test_sha256(void)
{
    static const uint32_t h0[8] = { 0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                    0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19 };
    static const uint32_t want[8] = { 0xba7816bf, 0x8f01cfea, 0x414140de, 0x5dae2223,
                                      0xb00361a3, 0x96177a9c, 0xb410ff61, 0xf20015ad };
    uint32_t k[64];
    v2d s0 = words4(h0), s1 = words4(h0 + 4), w[4];
    int n = 0;

    group_begin("sha256");
    for (uint32_t p = 2; n < 64; p++) {
        int prime = 1;
        for (uint32_t d = 2; d * d <= p; d++) {
            if (p % d == 0) {
                prime = 0;
                break;
            }
        }
        if (prime) {
            k[n++] = cbrt_frac32(p);
        }
    }
    CHECK("K[0] from cbrt(2)", k[0], 0x428a2f98u);
    CHECK("K[63] from cbrt(311)", k[63], 0xc67178f2u);
    for (int i = 0; i < 4; i++) {
        w[i] = words4(&abc_block[4 * i]);
    }
    for (int g = 0; g < 16; g++) {
        v2d wk = add4(w[g % 4], words4(&k[4 * g]));
        v2d t = s0;

        __asm__("sha256h %q0, %q1, %2.4s" : "+w"(s0) : "w"(s1), "w"(wk));
        __asm__("sha256h2 %q0, %q1, %2.4s" : "+w"(s1) : "w"(t), "w"(wk));
        if (g < 12) {
            v2d m = w[g % 4];
            __asm__("sha256su0 %0.4s, %1.4s" : "+w"(m) : "w"(w[(g + 1) % 4]));
            __asm__("sha256su1 %0.4s, %1.4s, %2.4s" : "+w"(m) : "w"(w[(g + 2) % 4]),
                    "w"(w[(g + 3) % 4]));
            w[g % 4] = m;
        }
    }
    for (int i = 0; i < 4; i++) {
        CHECK("sha256 abcd", lane32(s0, i) + h0[i], want[i]);
        CHECK("sha256 efgh", lane32(s1, i) + h0[4 + i], want[4 + i]);
    }
    group_end();
}

/* ---- PMULL ----------------------------------------------------------------------------- */

static void test_pmull(void)
{
    v2d r;

    group_begin("pmull");
    __asm__("pmull %0.1q, %1.1d, %2.1d" : "=w"(r)
            : "w"(V(0x8000000000000001ull, 0)), "w"(V(0x8000000000000001ull, 0)));
    check_v("pmull x^63+1 squared", r, 1, 0x4000000000000000ull);
    __asm__("pmull2 %0.1q, %1.2d, %2.2d" : "=w"(r)
            : "w"(V(0, 0xffffffffffffffffull)), "w"(V(5, 3)));
    check_v("pmull2 ones times x+1", r, 1, 1);
    __asm__("pmull %0.1q, %1.1d, %2.1d" : "=w"(r)
            : "w"(V(0x1234567890abcdefull, 0)), "w"(V(1, 0)));
    check_v("pmull by one", r, 0x1234567890abcdefull, 0);
    __asm__("pmull %0.8h, %1.8b, %2.8b" : "=w"(r)
            : "w"(V(0x80ff, 0)), "w"(V(0x80ff, 0)));
    check_v("pmull 8b", r, 0x40005555ull, 0);
    __asm__("pmull2 %0.8h, %1.16b, %2.16b" : "=w"(r)
            : "w"(V(0, 0x03)), "w"(V(0, 0x03)));
    check_v("pmull2 16b", r, 0x5, 0);
    group_end();
}

int main(void)
{
    /* FP/SIMD is trapped after reset: CPACR_EL1.FPEN = 0b11 first of all. */
    WRITE_SYSREG(cpacr_el1, 3u << 20);
    test_aes();
    test_sha1();
    test_sha256();
    test_pmull();
    return finish();
}
