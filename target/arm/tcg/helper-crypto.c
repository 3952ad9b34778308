/*
 * The Armv8 Cryptographic Extension helpers (helper-simd.h): AES rounds
 * (FIPS-197 SubBytes, ShiftRows, MixColumns and their inverses), the SHA-1
 * and SHA-256 hash and schedule updates, and 64x64 polynomial multiply, as
 * the Arm ARM pseudocode defines them. The S-boxes are computed once from
 * their definition (inverse in GF(2^8), then the affine map).
 */
#include "qemu/osdep.h"
#include "target/arm/tcg/helper-simd.h"

typedef struct CryptoVec {
    uint32_t w[4];      /* the register as four 32-bit words, word 0 = bits [31:0] */
} CryptoVec;

static CryptoVec crypto_get(CPUARMState *env, unsigned r)
{
    CryptoVec v;

    memcpy(v.w, env->vregs[r].b, 16);
    return v;
}

static void crypto_put(CPUARMState *env, unsigned r, const CryptoVec *v)
{
    memcpy(env->vregs[r].b, v->w, 16);
}

/* ---- AES ------------------------------------------------------------------------------- */

static uint8_t aes_sbox[256], aes_inv_sbox[256];

/* Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1. */
static uint8_t gf_mul(uint8_t a, uint8_t b)
{
    uint8_t r = 0;

    while (b) {
        if (b & 1) {
            r ^= a;
        }
        a = (uint8_t)((a << 1) ^ ((a & 0x80) ? 0x1b : 0));
        b >>= 1;
    }
    return r;
}

static uint8_t rotl8(uint8_t x, unsigned n)
{
    return (uint8_t)((x << n) | (x >> (8 - n)));
}

static void aes_sbox_init(void)
{
    for (unsigned x = 0; x < 256; x++) {
        uint8_t inv = 0, s;

        for (unsigned y = 1; x && y < 256; y++) {
            if (gf_mul((uint8_t)x, (uint8_t)y) == 1) {
                inv = (uint8_t)y;
                break;
            }
        }
        s = inv ^ rotl8(inv, 1) ^ rotl8(inv, 2) ^ rotl8(inv, 3) ^ rotl8(inv, 4) ^ 0x63;
        aes_sbox[x] = s;
        aes_inv_sbox[s] = (uint8_t)x;
    }
}

static void aes_tables(void)
{
    static gsize once;

    if (g_once_init_enter(&once)) {
        aes_sbox_init();
        g_once_init_leave(&once, 1);
    }
}

/*
 * The state is column-major: byte i is row i % 4 of column i / 4. ShiftRows
 * moves row r left by r columns; its inverse right.
 */
static void aes_round(CPUARMState *env, uint32_t desc, bool decrypt)
{
    ARMVectorReg *d = &env->vregs[SIMD_DESC_RD(desc)];
    const ARMVectorReg *n = &env->vregs[SIMD_DESC_RN(desc)];
    const uint8_t *box = decrypt ? aes_inv_sbox : aes_sbox;
    uint8_t st[16], out[16];

    aes_tables();
    for (int i = 0; i < 16; i++) {
        st[i] = d->b[i] ^ n->b[i];
    }
    for (int c = 0; c < 4; c++) {
        for (int r = 0; r < 4; r++) {
            int src = decrypt ? (c - r + 4) % 4 : (c + r) % 4;
            out[r + 4 * c] = box[st[r + 4 * src]];
        }
    }
    memcpy(d->b, out, 16);
}

void helper_crypto_aese(CPUARMState *env, uint32_t desc)
{
    aes_round(env, desc, false);
}

void helper_crypto_aesd(CPUARMState *env, uint32_t desc)
{
    aes_round(env, desc, true);
}

/* MixColumns with the matrix rows {2,3,1,1} rotated, or {14,11,13,9} for the inverse. */
static void aes_mix(CPUARMState *env, uint32_t desc, bool inverse)
{
    static const uint8_t fwd[4] = { 2, 3, 1, 1 }, inv[4] = { 14, 11, 13, 9 };
    const uint8_t *k = inverse ? inv : fwd;
    const ARMVectorReg *n = &env->vregs[SIMD_DESC_RN(desc)];
    uint8_t out[16];

    for (int c = 0; c < 4; c++) {
        const uint8_t *col = &n->b[4 * c];
        for (int r = 0; r < 4; r++) {
            out[4 * c + r] = gf_mul(k[0], col[r]) ^ gf_mul(k[1], col[(r + 1) % 4]) ^
                             gf_mul(k[2], col[(r + 2) % 4]) ^ gf_mul(k[3], col[(r + 3) % 4]);
        }
    }
    memcpy(env->vregs[SIMD_DESC_RD(desc)].b, out, 16);
}

void helper_crypto_aesmc(CPUARMState *env, uint32_t desc)
{
    aes_mix(env, desc, false);
}

void helper_crypto_aesimc(CPUARMState *env, uint32_t desc)
{
    aes_mix(env, desc, true);
}

/* ---- SHA-1 ---------------------------------------------------------------------------- */

static uint32_t rol32(uint32_t x, unsigned n)
{
    return (x << n) | (x >> ((32 - n) & 31));
}

static uint32_t ror32(uint32_t x, unsigned n)
{
    return (x >> n) | (x << ((32 - n) & 31));
}

static uint32_t sha_choose(uint32_t x, uint32_t y, uint32_t z)
{
    return ((y ^ z) & x) ^ z;
}

static uint32_t sha_parity(uint32_t x, uint32_t y, uint32_t z)
{
    return x ^ y ^ z;
}

static uint32_t sha_majority(uint32_t x, uint32_t y, uint32_t z)
{
    return (x & y) | ((x | y) & z);
}

/*
 * Four SHA-1 rounds: X (Qd) holds a..d, Y (Sn) e, W (Vm) the schedule words
 * plus constant. After each round (Y:X) rotates left by 32 bits.
 */
static void sha1_rounds(CPUARMState *env, uint32_t desc,
                        uint32_t (*f)(uint32_t, uint32_t, uint32_t))
{
    CryptoVec x = crypto_get(env, SIMD_DESC_RD(desc));
    CryptoVec w = crypto_get(env, SIMD_DESC_RM(desc));
    uint32_t y = env->vregs[SIMD_DESC_RN(desc)].d[0] & 0xffffffffu;

    for (int e = 0; e < 4; e++) {
        uint32_t t = f(x.w[1], x.w[2], x.w[3]);
        uint32_t top;

        y = y + rol32(x.w[0], 5) + t + w.w[e];
        x.w[1] = rol32(x.w[1], 30);
        top = x.w[3];
        x.w[3] = x.w[2];
        x.w[2] = x.w[1];
        x.w[1] = x.w[0];
        x.w[0] = y;
        y = top;
    }
    crypto_put(env, SIMD_DESC_RD(desc), &x);
}

void helper_crypto_sha1c(CPUARMState *env, uint32_t desc)
{
    sha1_rounds(env, desc, sha_choose);
}

void helper_crypto_sha1p(CPUARMState *env, uint32_t desc)
{
    sha1_rounds(env, desc, sha_parity);
}

void helper_crypto_sha1m(CPUARMState *env, uint32_t desc)
{
    sha1_rounds(env, desc, sha_majority);
}

void helper_crypto_sha1su0(CPUARMState *env, uint32_t desc)
{
    CryptoVec d = crypto_get(env, SIMD_DESC_RD(desc));
    CryptoVec n = crypto_get(env, SIMD_DESC_RN(desc));
    CryptoVec m = crypto_get(env, SIMD_DESC_RM(desc));
    CryptoVec r = { { d.w[2], d.w[3], n.w[0], n.w[1] } };

    for (int i = 0; i < 4; i++) {
        r.w[i] ^= d.w[i] ^ m.w[i];
    }
    crypto_put(env, SIMD_DESC_RD(desc), &r);
}

void helper_crypto_sha1h(CPUARMState *env, uint32_t desc)
{
    CryptoVec r = { { rol32((uint32_t)env->vregs[SIMD_DESC_RN(desc)].d[0], 30), 0, 0, 0 } };

    crypto_put(env, SIMD_DESC_RD(desc), &r);
}

void helper_crypto_sha1su1(CPUARMState *env, uint32_t desc)
{
    CryptoVec d = crypto_get(env, SIMD_DESC_RD(desc));
    CryptoVec n = crypto_get(env, SIMD_DESC_RN(desc));
    CryptoVec t = { { d.w[0] ^ n.w[1], d.w[1] ^ n.w[2], d.w[2] ^ n.w[3], d.w[3] } };
    CryptoVec r;

    r.w[0] = rol32(t.w[0], 1);
    r.w[1] = rol32(t.w[1], 1);
    r.w[2] = rol32(t.w[2], 1);
    r.w[3] = rol32(t.w[3], 1) ^ rol32(t.w[0], 2);
    crypto_put(env, SIMD_DESC_RD(desc), &r);
}

/* ---- SHA-256 -------------------------------------------------------------------------- */

static uint32_t sha256_sigma0(uint32_t x)
{
    return ror32(x, 2) ^ ror32(x, 13) ^ ror32(x, 22);
}

static uint32_t sha256_sigma1(uint32_t x)
{
    return ror32(x, 6) ^ ror32(x, 11) ^ ror32(x, 25);
}

/* Four SHA-256 rounds on X = a..d and Y = e..h; returns X (part 1) or Y. */
static CryptoVec sha256_hash(CryptoVec x, CryptoVec y, const CryptoVec *w, bool part1)
{
    for (int e = 0; e < 4; e++) {
        uint32_t chs = sha_choose(y.w[0], y.w[1], y.w[2]);
        uint32_t maj = sha_majority(x.w[0], x.w[1], x.w[2]);
        uint32_t t = y.w[3] + sha256_sigma1(y.w[0]) + chs + w->w[e];
        uint32_t xtop, ytop;

        x.w[3] = t + x.w[3];
        y.w[3] = t + sha256_sigma0(x.w[0]) + maj;
        /* (Y:X) rotates left by 32 bits. */
        xtop = x.w[3];
        ytop = y.w[3];
        x.w[3] = x.w[2];
        x.w[2] = x.w[1];
        x.w[1] = x.w[0];
        x.w[0] = ytop;
        y.w[3] = y.w[2];
        y.w[2] = y.w[1];
        y.w[1] = y.w[0];
        y.w[0] = xtop;
    }
    return part1 ? x : y;
}

void helper_crypto_sha256h(CPUARMState *env, uint32_t desc)
{
    CryptoVec w = crypto_get(env, SIMD_DESC_RM(desc));
    CryptoVec r = sha256_hash(crypto_get(env, SIMD_DESC_RD(desc)),
                              crypto_get(env, SIMD_DESC_RN(desc)), &w, true);

    crypto_put(env, SIMD_DESC_RD(desc), &r);
}

void helper_crypto_sha256h2(CPUARMState *env, uint32_t desc)
{
    CryptoVec w = crypto_get(env, SIMD_DESC_RM(desc));
    CryptoVec r = sha256_hash(crypto_get(env, SIMD_DESC_RN(desc)),
                              crypto_get(env, SIMD_DESC_RD(desc)), &w, false);

    crypto_put(env, SIMD_DESC_RD(desc), &r);
}

void helper_crypto_sha256su0(CPUARMState *env, uint32_t desc)
{
    CryptoVec d = crypto_get(env, SIMD_DESC_RD(desc));
    CryptoVec n = crypto_get(env, SIMD_DESC_RN(desc));
    uint32_t t[4] = { d.w[1], d.w[2], d.w[3], n.w[0] };
    CryptoVec r;

    for (int e = 0; e < 4; e++) {
        r.w[e] = (ror32(t[e], 7) ^ ror32(t[e], 18) ^ (t[e] >> 3)) + d.w[e];
    }
    crypto_put(env, SIMD_DESC_RD(desc), &r);
}

void helper_crypto_sha256su1(CPUARMState *env, uint32_t desc)
{
    CryptoVec d = crypto_get(env, SIMD_DESC_RD(desc));
    CryptoVec n = crypto_get(env, SIMD_DESC_RN(desc));
    CryptoVec m = crypto_get(env, SIMD_DESC_RM(desc));
    uint32_t t0[4] = { n.w[1], n.w[2], n.w[3], m.w[0] };
    uint32_t t1[2] = { m.w[2], m.w[3] };
    CryptoVec r = { { 0, 0, 0, 0 } };

    for (int e = 0; e < 4; e++) {
        uint32_t elt = e < 2 ? t1[e] : r.w[e - 2];

        elt = ror32(elt, 17) ^ ror32(elt, 19) ^ (elt >> 10);
        r.w[e] = elt + d.w[e] + t0[e];
    }
    crypto_put(env, SIMD_DESC_RD(desc), &r);
}

/* ---- PMULL (64 x 64 -> 128) ------------------------------------------------------------- */

void helper_crypto_pmull64(CPUARMState *env, uint32_t desc)
{
    unsigned part = SIMD_DESC_Q(desc);
    uint64_t a = env->vregs[SIMD_DESC_RN(desc)].d[part];
    uint64_t b = env->vregs[SIMD_DESC_RM(desc)].d[part];
    uint64_t lo = 0, hi = 0;

    for (int i = 0; i < 64; i++) {
        if ((b >> i) & 1) {
            lo ^= a << i;
            hi ^= i ? a >> (64 - i) : 0;
        }
    }
    env->vregs[SIMD_DESC_RD(desc)].d[0] = lo;
    env->vregs[SIMD_DESC_RD(desc)].d[1] = hi;
}
