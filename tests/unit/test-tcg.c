/*
 * Unit tests for TCG: IR programs over a fake CPU state run on the x86-64 JIT and on
 * the interpreter (each with and without the optimiser) and are compared with C
 * reference results: integer ops on edge values, conditions, helper calls, branches,
 * guest memory through a fake TLB, block exits, chaining, buffer flushes, spills.
 */
#include "qemu/osdep.h"
#include <check.h>
#include <setjmp.h>
#include "tcg/tcg-op.h"

/*
 * Assertions for hot loops: Check's own ck_assert records every passing check through
 * a system call, which would dominate the run time here.
 */
#define expect(c) do { \
        if (!(c)) { \
            ck_abort_msg("Assertion '%s' failed", #c); \
        } \
    } while (0)
#define expect_msg(c, ...) do { \
        if (!(c)) { \
            ck_abort_msg(__VA_ARGS__); \
        } \
    } while (0)
#define expect_eq(a, b) do { \
        uint64_t a_ = (uint64_t)(a), b_ = (uint64_t)(b); \
        if (a_ != b_) { \
            ck_abort_msg("%s == %s failed: 0x%" PRIx64 " != 0x%" PRIx64, #a, #b, a_, b_); \
        } \
    } while (0)

/* ---- The fake CPU and its memory ----------------------------------------------------- */

#define PAGE_BITS 12
#define RAM_BASE 0x10000u
#define RAM_PAGES 16
#define TLB_ENTRIES 256

typedef struct FakeEnv {
    uint64_t g64[8];
    uint32_t g32[4];
    uint64_t scratch[4];
    CPUTLBDescFast tlb[2];
} FakeEnv;

static uint8_t ram[RAM_PAGES << PAGE_BITS];
static CPUTLBEntry tlb_table[2][TLB_ENTRIES];

/* Slow-path observations. */
static int slow_calls;
static uintptr_t slow_retaddr;
static MemOpIdx slow_oi;
static sigjmp_buf fault_jmp;
static bool fault_taken;
static int fault_insn;
static uint64_t fault_data[TCG_MAX_INSN_WORDS];
static FakeEnv fault_env;
static const TCGTranslation *cur_tr;
static uint32_t cur_seed;            /* of the random program being run, for messages */

/* JIT_BASIC: the JIT without movbe/lzcnt/tzcnt/popcnt (their fallbacks). */
enum { JIT, INTERP, JIT_NOOPT, INTERP_NOOPT, JIT_BASIC, NB_CTX };
static const char *const ctx_names[NB_CTX] = {
    "jit", "interp", "jit-noopt", "interp-noopt", "jit-basic",
};
static TCGContext *ctxs[NB_CTX];
static TCGv_i64 G[8];
static TCGv_i32 W[4];

static void tlb_reset(FakeEnv *env)
{
    memset(tlb_table, 0xff, sizeof(tlb_table));
    for (unsigned p = 0; p < RAM_PAGES; p++) {
        uint64_t va = RAM_BASE + ((uint64_t)p << PAGE_BITS);
        CPUTLBEntry *e = &tlb_table[0][(va >> PAGE_BITS) % TLB_ENTRIES];
        e->addr_read = e->addr_write = e->addr_code = va;
        e->addend = (uintptr_t)ram + ((uintptr_t)p << PAGE_BITS) - va;
    }
    for (int i = 0; i < 2; i++) {
        env->tlb[i].mask = (TLB_ENTRIES - 1) << CPU_TLB_ENTRY_BITS;
        env->tlb[i].table = tlb_table[i];
    }
}

static uint8_t *ram_ptr(uint64_t addr, unsigned size)
{
    expect_msg(addr >= RAM_BASE && addr + size <= RAM_BASE + sizeof(ram),
               "slow path address 0x%" PRIx64 " outside RAM", addr);
    return ram + (addr - RAM_BASE);
}

/* Reference guest memory access, byte by byte. */
static uint64_t ref_load(uint64_t addr, MemOp mop)
{
    unsigned size = memop_size(mop);
    uint8_t *p = ram_ptr(addr, size);
    uint64_t v = 0;

    for (unsigned i = 0; i < size; i++) {
        unsigned shift = memop_big_endian(mop) ? 8 * (size - 1 - i) : 8 * i;
        v |= (uint64_t)p[i] << shift;
    }
    if ((mop & MO_SIGN) && size < 8) {
        unsigned bits = 8 * size;
        v = (uint64_t)((int64_t)(v << (64 - bits)) >> (64 - bits));
    }
    return v;
}

static void ref_store(uint64_t addr, uint64_t v, MemOp mop)
{
    unsigned size = memop_size(mop);
    uint8_t *p = ram_ptr(addr, size);

    for (unsigned i = 0; i < size; i++) {
        unsigned shift = memop_big_endian(mop) ? 8 * (size - 1 - i) : 8 * i;
        p[i] = v >> shift;
    }
}

static void check_fault(void *env, uint64_t addr, MemOpIdx oi, uintptr_t ra)
{
    MemOp mop = get_memop(oi);

    if (addr & (memop_alignment(mop) - 1)) {
        fault_taken = true;
        fault_env = *(FakeEnv *)env;
        fault_insn = cur_tr ? tcg_restore_state_from_retaddr(cur_tr, ra, fault_data) : -1;
        tcg_exec_unwound();
        siglongjmp(fault_jmp, 1);
    }
}

static uint64_t test_ld_slow(void *env, uint64_t addr, MemOpIdx oi, uintptr_t ra)
{
    slow_calls++;
    slow_retaddr = ra;
    slow_oi = oi;
    check_fault(env, addr, oi, ra);
    return ref_load(addr, get_memop(oi));
}

static void test_st_slow(void *env, uint64_t addr, uint64_t val, MemOpIdx oi, uintptr_t ra)
{
    slow_calls++;
    slow_retaddr = ra;
    slow_oi = oi;
    check_fault(env, addr, oi, ra);
    ref_store(addr, val, get_memop(oi));
}

static TCGContext *new_ctx(TCGBackend backend, size_t size, bool optimize)
{
    TCGContextConfig cfg = {
        .backend = backend, .code_buffer_size = size, .insn_start_words = 2,
        .page_bits = PAGE_BITS, .tlb_fast_offset = offsetof(FakeEnv, tlb),
        .nb_mmu_modes = 2, .ld_slow = test_ld_slow, .st_slow = test_st_slow,
    };
    TCGContext *s = tcg_context_new(&cfg, &error_fatal);
    static const char *const gnames[] = { "g0", "g1", "g2", "g3", "g4", "g5", "g6", "g7" };
    static const char *const wnames[] = { "w0", "w1", "w2", "w3" };

    tcg_set_optimize(s, optimize);
    tcg_context_make_current(s);
    for (int i = 0; i < 8; i++) {
        TCGv_i64 g = tcg_global_mem_new_i64(tcg_env, offsetof(FakeEnv, g64[i]), gnames[i]);
        g_assert(!G[i] || G[i] == g);
        G[i] = g;
    }
    for (int i = 0; i < 4; i++) {
        TCGv_i32 w = tcg_global_mem_new_i32(tcg_env, offsetof(FakeEnv, g32[i]), wnames[i]);
        g_assert(!W[i] || W[i] == w);
        W[i] = w;
    }
    return s;
}

typedef void (*BuildFn)(const void *arg);

static void translate(TCGContext *s, BuildFn build, const void *arg, TCGTranslation *tr)
{
    int rc;

    tcg_translate_begin(s);
    build(arg);
    rc = tcg_translate_end(s, tr);
    if (rc == TCG_TRANSLATE_BUFFER_FULL) {
        tcg_code_buffer_flush(s);
        tcg_translate_begin(s);
        build(arg);
        rc = tcg_translate_end(s, tr);
    }
    expect_eq(rc, TCG_TRANSLATE_OK);
}

static uintptr_t exec_tr(TCGContext *s, const TCGTranslation *tr, FakeEnv *env)
{
    cur_tr = tr;
    return tcg_tb_exec(s, env, tr->code);
}

/* Run build on every context from the same start state; all must agree. */
static uintptr_t run_all(BuildFn build, const void *arg, FakeEnv *env)
{
    FakeEnv start = *env, first = { 0 };
    uintptr_t ret0 = 0;

    static uint8_t ram_start[sizeof(ram)], ram_first[sizeof(ram)];

    memcpy(ram_start, ram, sizeof(ram));
    for (int c = 0; c < NB_CTX; c++) {
        TCGTranslation tr;
        FakeEnv e = start;
        uintptr_t ret;

        memcpy(ram, ram_start, sizeof(ram));
        tlb_reset(&e);
        translate(ctxs[c], build, arg, &tr);
        ret = exec_tr(ctxs[c], &tr, &e);
        e.tlb[0] = e.tlb[1] = (CPUTLBDescFast) { 0 };
        if (c == 0) {
            first = e;
            ret0 = ret;
            memcpy(ram_first, ram, sizeof(ram));
        } else {
            expect_msg(memcmp(ram, ram_first, sizeof(ram)) == 0,
                       "%s: guest memory differs (seed %u)", ctx_names[c], cur_seed);
            expect_msg(ret == ret0, "%s returned %" PRIxPTR ", jit %" PRIxPTR " (seed %u)",
                       ctx_names[c], ret, ret0, cur_seed);
            for (int i = 0; i < 8; i++) {
                expect_msg(e.g64[i] == first.g64[i],
                           "%s: g%d = 0x%" PRIx64 ", jit 0x%" PRIx64 " (seed %u)",
                           ctx_names[c], i, e.g64[i], first.g64[i], cur_seed);
            }
            for (int i = 0; i < 4; i++) {
                expect_msg(e.g32[i] == first.g32[i],
                           "%s: w%d = 0x%x, jit 0x%x", ctx_names[c], i, e.g32[i],
                           first.g32[i]);
            }
        }
    }
    *env = first;
    return ret0;
}

static const uint64_t edge[] = {
    0, 1, 2, 3, 7, 31, 32, 33, 63, 64, 0xff, 0x80, 0x8000, 0xffff,
    0x7fffffff, 0x80000000, 0xffffffff, 0x100000000ull, 0x123456789abcdef0ull,
    0xfedcba9876543210ull, 0x7fffffffffffffffull, 0x8000000000000000ull,
    0xfffffffffffffffeull, 0xffffffffffffffffull, 0xffffffff80000000ull,
};
#define NB_EDGE ARRAY_SIZE(edge)

/* ---- Reference semantics --------------------------------------------------------------- */

static uint64_t msk(int bits)
{
    return bits == 64 ? UINT64_MAX : UINT32_MAX;
}

static int64_t sx(uint64_t v, int bits)
{
    return bits == 64 ? (int64_t)v : (int64_t)(int32_t)v;
}

static uint64_t r_add(uint64_t a, uint64_t b, int n) { return (a + b) & msk(n); }
static uint64_t r_sub(uint64_t a, uint64_t b, int n) { return (a - b) & msk(n); }
static uint64_t r_mul(uint64_t a, uint64_t b, int n) { return (a * b) & msk(n); }
static uint64_t r_and(uint64_t a, uint64_t b, int n) { return a & b & msk(n); }
static uint64_t r_or(uint64_t a, uint64_t b, int n) { return (a | b) & msk(n); }
static uint64_t r_xor(uint64_t a, uint64_t b, int n) { return (a ^ b) & msk(n); }
static uint64_t r_andc(uint64_t a, uint64_t b, int n) { return a & ~b & msk(n); }
static uint64_t r_orc(uint64_t a, uint64_t b, int n) { return (a | ~b) & msk(n); }
static uint64_t r_eqv(uint64_t a, uint64_t b, int n) { return ~(a ^ b) & msk(n); }
static uint64_t r_nand(uint64_t a, uint64_t b, int n) { return ~(a & b) & msk(n); }
static uint64_t r_nor(uint64_t a, uint64_t b, int n) { return ~(a | b) & msk(n); }

static uint64_t r_div(uint64_t a, uint64_t b, int n)
{
    int64_t x = sx(a, n), y = sx(b, n);
    if (y == 0) {
        return 0;
    }
    if (y == -1) {
        return (0 - (uint64_t)x) & msk(n);
    }
    return (uint64_t)(x / y) & msk(n);
}

static uint64_t r_rem(uint64_t a, uint64_t b, int n)
{
    int64_t x = sx(a, n), y = sx(b, n);
    if (y == 0) {
        return a & msk(n);
    }
    if (y == -1) {
        return 0;
    }
    return (uint64_t)(x % y) & msk(n);
}

static uint64_t r_divu(uint64_t a, uint64_t b, int n)
{
    return (b & msk(n)) ? (a & msk(n)) / (b & msk(n)) : 0;
}

static uint64_t r_remu(uint64_t a, uint64_t b, int n)
{
    return (b & msk(n)) ? (a & msk(n)) % (b & msk(n)) : a & msk(n);
}

static uint64_t r_shl(uint64_t a, uint64_t b, int n) { return (a << (b % n)) & msk(n); }
static uint64_t r_shr(uint64_t a, uint64_t b, int n) { return (a & msk(n)) >> (b % n); }
static uint64_t r_sar(uint64_t a, uint64_t b, int n)
{
    return (uint64_t)(sx(a, n) >> (b % n)) & msk(n);
}

static uint64_t r_rotl(uint64_t a, uint64_t b, int n)
{
    uint64_t r = a & msk(n);
    for (unsigned i = 0; i < b % n; i++) {
        r = ((r << 1) | (r >> (n - 1))) & msk(n);
    }
    return r;
}

static uint64_t r_rotr(uint64_t a, uint64_t b, int n)
{
    uint64_t r = a & msk(n);
    for (unsigned i = 0; i < b % n; i++) {
        r = ((r >> 1) | (r << (n - 1))) & msk(n);
    }
    return r;
}

static uint64_t r_clz(uint64_t a, uint64_t b, int n)
{
    a &= msk(n);
    if (!a) {
        return b & msk(n);
    }
    int c = 0;
    while (!(a & (1ull << (n - 1 - c)))) {
        c++;
    }
    return c;
}

static uint64_t r_ctz(uint64_t a, uint64_t b, int n)
{
    a &= msk(n);
    if (!a) {
        return b & msk(n);
    }
    int c = 0;
    while (!(a & (1ull << c))) {
        c++;
    }
    return c;
}

typedef struct BinOp {
    const char *name;
    void (*g32)(TCGv_i32, TCGv_i32, TCGv_i32);
    void (*g64)(TCGv_i64, TCGv_i64, TCGv_i64);
    uint64_t (*ref)(uint64_t, uint64_t, int);
} BinOp;

#define B(x) { #x, tcg_gen_##x##_i32, tcg_gen_##x##_i64, r_##x }
static const BinOp binops[] = {
    B(add), B(sub), B(mul), B(and), B(or), B(xor), B(andc), B(orc), B(eqv), B(nand),
    B(nor), B(div), B(divu), B(rem), B(remu), B(shl), B(shr), B(sar), B(rotl), B(rotr),
    B(clz), B(ctz),
};
#undef B

typedef struct BinArg {
    const BinOp *op;
    int bits;
    int mode;           /* 0: both globals, 1: b constant, 2: both constant, 3: a op a */
    uint64_t a, b;
} BinArg;

static void build_binop(const void *p)
{
    const BinArg *x = p;

    if (x->bits == 64) {
        TCGv_i64 a = x->mode == 2 ? tcg_constant_i64(x->a) : G[0];
        TCGv_i64 b = x->mode >= 1 && x->mode <= 2 ? tcg_constant_i64(x->b)
                   : x->mode == 3 ? a : G[1];
        x->op->g64(G[2], a, b);
    } else {
        TCGv_i32 a = x->mode == 2 ? tcg_constant_i32(x->a) : W[0];
        TCGv_i32 b = x->mode >= 1 && x->mode <= 2 ? tcg_constant_i32(x->b)
                   : x->mode == 3 ? a : W[1];
        x->op->g32(W[2], a, b);
    }
    tcg_gen_exit_tb(0);
}

/* Translate once per context, run on every pair of edge values. */
static void check_binop_regs(const BinOp *op, int bits)
{
    BinArg arg = { op, bits, 0, 0, 0 };
    TCGTranslation tr[NB_CTX];

    for (int c = 0; c < NB_CTX; c++) {
        translate(ctxs[c], build_binop, &arg, &tr[c]);
    }
    for (unsigned i = 0; i < NB_EDGE; i++) {
        for (unsigned j = 0; j < NB_EDGE; j++) {
            uint64_t want = op->ref(edge[i], edge[j], bits);
            for (int c = 0; c < NB_CTX; c++) {
                FakeEnv e = { 0 };
                e.g64[0] = edge[i];
                e.g64[1] = edge[j];
                e.g32[0] = edge[i];
                e.g32[1] = edge[j];
                exec_tr(ctxs[c], &tr[c], &e);
                uint64_t got = bits == 64 ? e.g64[2] : e.g32[2];
                expect_msg(got == want, "%s: %s_i%d(0x%" PRIx64 ", 0x%" PRIx64 ") = 0x%"
                           PRIx64 ", want 0x%" PRIx64, ctx_names[c], op->name, bits,
                           edge[i], edge[j], got, want);
                expect(e.g64[0] == (bits == 64 ? edge[i] : 0) || bits == 32);
            }
        }
    }
}

static void check_binop_consts(const BinOp *op, int bits, int mode)
{
    for (unsigned i = 0; i < NB_EDGE; i++) {
        for (unsigned j = 0; j < NB_EDGE; j++) {
            BinArg arg = { op, bits, mode, edge[i], edge[j] };
            uint64_t a = edge[i], b = mode == 3 ? edge[i] : edge[j];
            uint64_t want = op->ref(a, b, bits);
            FakeEnv e = { 0 };
            e.g64[0] = edge[i];
            e.g32[0] = edge[i];
            if (mode == 3 && j > 0) {
                break;
            }
            run_all(build_binop, &arg, &e);
            uint64_t got = bits == 64 ? e.g64[2] : e.g32[2];
            expect_msg(got == want, "mode %d: %s_i%d(0x%" PRIx64 ", 0x%" PRIx64 ") = 0x%"
                       PRIx64 ", want 0x%" PRIx64, mode, op->name, bits, a, b, got, want);
        }
    }
}

START_TEST(test_binops_match_reference_in_registers)
{
    for (unsigned k = 0; k < ARRAY_SIZE(binops); k++) {
        check_binop_regs(&binops[k], 32);
        check_binop_regs(&binops[k], 64);
    }
}
END_TEST

START_TEST(test_binops_match_reference_with_constants)
{
    for (unsigned k = 0; k < ARRAY_SIZE(binops); k++) {
        for (int mode = 1; mode <= 3; mode++) {
            check_binop_consts(&binops[k], 32, mode);
            check_binop_consts(&binops[k], 64, mode);
        }
    }
}
END_TEST

/* ---- Unary and width-changing ops ----------------------------------------------------- */

typedef struct UnOp {
    const char *name;
    void (*g32)(TCGv_i32, TCGv_i32);
    void (*g64)(TCGv_i64, TCGv_i64);
    uint64_t (*ref)(uint64_t, int);
} UnOp;

static uint64_t u_neg(uint64_t a, int n) { return (0 - a) & msk(n); }
static uint64_t u_not(uint64_t a, int n) { return ~a & msk(n); }
static uint64_t u_ext8s(uint64_t a, int n) { return (uint64_t)(int64_t)(int8_t)a & msk(n); }
static uint64_t u_ext8u(uint64_t a, int n) { return a & 0xff; }
static uint64_t u_ext16s(uint64_t a, int n) { return (uint64_t)(int64_t)(int16_t)a & msk(n); }
static uint64_t u_ext16u(uint64_t a, int n) { return a & 0xffff; }
static uint64_t u_ext32s(uint64_t a, int n) { return (uint64_t)(int64_t)(int32_t)a; }
static uint64_t u_ext32u(uint64_t a, int n) { return a & 0xffffffff; }
static uint64_t u_bswap16(uint64_t a, int n) { return ((a & 0xff) << 8) | ((a >> 8) & 0xff); }
static uint64_t u_bswap32(uint64_t a, int n)
{
    return ((a & 0xff) << 24) | ((a & 0xff00) << 8) | ((a >> 8) & 0xff00) | ((a >> 24) & 0xff);
}
static uint64_t u_bswap64(uint64_t a, int n)
{
    return (u_bswap32(a, 32) << 32) | u_bswap32(a >> 32, 32);
}
static uint64_t u_ctpop(uint64_t a, int n)
{
    uint64_t c = 0;
    for (a &= msk(n); a; a >>= 1) {
        c += a & 1;
    }
    return c;
}

static void g_ext32s_dummy(TCGv_i32 r, TCGv_i32 a)
{
    tcg_gen_mov_i32(r, a);
}

#define U(x) { #x, tcg_gen_##x##_i32, tcg_gen_##x##_i64, u_##x }
static const UnOp unops[] = {
    U(neg), U(not), U(ext8s), U(ext8u), U(ext16s), U(ext16u), U(bswap16), U(bswap32),
    U(ctpop),
    { "ext32s", g_ext32s_dummy, tcg_gen_ext32s_i64, u_ext32s },
    { "ext32u", g_ext32s_dummy, tcg_gen_ext32u_i64, u_ext32u },
    { "bswap64", g_ext32s_dummy, tcg_gen_bswap64_i64, u_bswap64 },
};
#undef U

typedef struct UnArg {
    const UnOp *op;
    int bits;
    bool konst;
    uint64_t a;
} UnArg;

static void build_unop(const void *p)
{
    const UnArg *x = p;

    if (x->bits == 64) {
        x->op->g64(G[2], x->konst ? tcg_constant_i64(x->a) : G[0]);
        /* The same op in place, to exercise aliasing of input and output. */
        tcg_gen_mov_i64(G[3], G[0]);
        x->op->g64(G[3], G[3]);
    } else {
        x->op->g32(W[2], x->konst ? tcg_constant_i32(x->a) : W[0]);
        tcg_gen_mov_i32(W[3], W[0]);
        x->op->g32(W[3], W[3]);
    }
    tcg_gen_exit_tb(0);
}

START_TEST(test_unops_match_reference)
{
    for (unsigned k = 0; k < ARRAY_SIZE(unops); k++) {
        for (int bits = 32; bits <= 64; bits += 32) {
            if (bits == 32 && unops[k].g32 == g_ext32s_dummy) {
                continue;
            }
            for (unsigned i = 0; i < NB_EDGE; i++) {
                for (int konst = 0; konst < 2; konst++) {
                    UnArg arg = { &unops[k], bits, konst, edge[i] };
                    FakeEnv e = { 0 };
                    uint64_t want = unops[k].ref(edge[i] & msk(bits), bits);
                    e.g64[0] = edge[i];
                    e.g32[0] = edge[i];
                    run_all(build_unop, &arg, &e);
                    uint64_t got = bits == 64 ? e.g64[2] : e.g32[2];
                    uint64_t got2 = bits == 64 ? e.g64[3] : e.g32[3];
                    expect_msg(got == want && got2 == want,
                               "%s_i%d(0x%" PRIx64 ") = 0x%" PRIx64 "/0x%" PRIx64
                               ", want 0x%" PRIx64, unops[k].name, bits, edge[i], got,
                               got2, want);
                }
            }
        }
    }
}
END_TEST

static void build_widths(const void *p)
{
    TCGv_i32 t = tcg_temp_new_i32();
    TCGv_i64 u = tcg_temp_new_i64();

    tcg_gen_extrl_i64_i32(W[0], G[0]);
    tcg_gen_extrh_i64_i32(W[1], G[0]);
    tcg_gen_extu_i32_i64(G[2], W[2]);
    tcg_gen_ext_i32_i64(G[3], W[2]);
    tcg_gen_concat_i32_i64(G[4], W[2], W[3]);
    /* Round trip through an i32 temp, and sign-extend of an i32 result. */
    tcg_gen_extrl_i64_i32(t, G[1]);
    tcg_gen_addi_i32(t, t, 1);
    tcg_gen_ext_i32_i64(u, t);
    tcg_gen_mov_i64(G[5], u);
    tcg_gen_extu_i32_i64(G[6], t);
    tcg_gen_exit_tb(0);
}

START_TEST(test_width_changes)
{
    for (unsigned i = 0; i < NB_EDGE; i++) {
        FakeEnv e = { 0 };
        uint64_t v = edge[i], x = edge[NB_EDGE - 1 - i];
        e.g64[0] = v;
        e.g64[1] = x;
        e.g32[2] = (uint32_t)x;
        e.g32[3] = (uint32_t)v;
        run_all(build_widths, NULL, &e);
        expect_eq(e.g32[0], (uint32_t)v);
        expect_eq(e.g32[1], (uint32_t)(v >> 32));
        expect_eq(e.g64[2], (uint32_t)x);
        expect_eq(e.g64[3], (uint64_t)(int64_t)(int32_t)x);
        expect_eq(e.g64[4], ((uint64_t)(uint32_t)v << 32) | (uint32_t)x);
        expect_eq(e.g64[5], (uint64_t)(int64_t)(int32_t)((uint32_t)x + 1));
        expect_eq(e.g64[6], (uint32_t)((uint32_t)x + 1));
    }
}
END_TEST

/* ---- Conditions ------------------------------------------------------------------------- */

static bool r_cond(TCGCond c, uint64_t a, uint64_t b, int n)
{
    int64_t x = sx(a, n), y = sx(b, n);
    a &= msk(n);
    b &= msk(n);
    switch (c) {
    case TCG_COND_NEVER: return false;
    case TCG_COND_ALWAYS: return true;
    case TCG_COND_EQ: return a == b;
    case TCG_COND_NE: return a != b;
    case TCG_COND_LT: return x < y;
    case TCG_COND_GE: return x >= y;
    case TCG_COND_LE: return x <= y;
    case TCG_COND_GT: return x > y;
    case TCG_COND_LTU: return a < b;
    case TCG_COND_GEU: return a >= b;
    case TCG_COND_LEU: return a <= b;
    case TCG_COND_GTU: return a > b;
    case TCG_COND_TSTEQ: return (a & b) == 0;
    case TCG_COND_TSTNE: return (a & b) != 0;
    }
    return false;
}

typedef struct CondArg {
    TCGCond cond;
    int bits;
    int mode;           /* 0: registers, 1: b constant, 2: both constant */
    uint64_t a, b;
} CondArg;

static void build_cond(const void *p)
{
    const CondArg *x = p;
    TCGLabel *l = gen_new_label();

    if (x->bits == 64) {
        TCGv_i64 a = x->mode == 2 ? tcg_constant_i64(x->a) : G[0];
        TCGv_i64 b = x->mode ? tcg_constant_i64(x->b) : G[1];
        tcg_gen_setcond_i64(x->cond, G[2], a, b);
        tcg_gen_movcond_i64(x->cond, G[3], a, b, G[4], G[5]);
        tcg_gen_movi_i64(G[6], 0);
        tcg_gen_brcond_i64(x->cond, a, b, l);
        tcg_gen_movi_i64(G[6], 1);
    } else {
        TCGv_i32 a = x->mode == 2 ? tcg_constant_i32(x->a) : W[0];
        TCGv_i32 b = x->mode ? tcg_constant_i32(x->b) : W[1];
        TCGv_i32 t = tcg_temp_new_i32();
        tcg_gen_setcond_i32(x->cond, W[2], a, b);
        tcg_gen_movcond_i32(x->cond, t, a, b, tcg_constant_i32(11), tcg_constant_i32(22));
        tcg_gen_extu_i32_i64(G[3], t);
        tcg_gen_movi_i64(G[6], 0);
        tcg_gen_brcond_i32(x->cond, a, b, l);
        tcg_gen_movi_i64(G[6], 1);
    }
    tcg_gen_set_label(l);
    tcg_gen_exit_tb(0);
}

START_TEST(test_every_condition_in_setcond_movcond_brcond)
{
    static const uint64_t vals[] = {
        0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff, 0x7fffffffffffffffull,
        0x8000000000000000ull, 0xffffffffffffffffull, 0x100000001ull,
    };
    for (int cond = TCG_COND_NEVER; cond <= TCG_COND_TSTNE; cond++) {
        for (int bits = 32; bits <= 64; bits += 32) {
            for (int mode = 0; mode < 3; mode++) {
                for (unsigned i = 0; i < ARRAY_SIZE(vals); i++) {
                    for (unsigned j = 0; j < ARRAY_SIZE(vals); j++) {
                        CondArg arg = { cond, bits, mode, vals[i], vals[j] };
                        FakeEnv e = { 0 };
                        bool want = r_cond(cond, vals[i], vals[j], bits);
                        e.g64[0] = vals[i];
                        e.g32[0] = vals[i];
                        e.g64[1] = vals[j];
                        e.g32[1] = vals[j];
                        e.g64[4] = 0x444;
                        e.g64[5] = 0x555;
                        run_all(build_cond, &arg, &e);
                        expect_msg((bits == 64 ? e.g64[2] : e.g32[2]) == want,
                                   "setcond %d i%d 0x%" PRIx64 " 0x%" PRIx64, cond, bits,
                                   vals[i], vals[j]);
                        expect_eq(e.g64[3], bits == 64 ? (want ? 0x444 : 0x555)
                                                               : (want ? 11 : 22));
                        expect_eq(e.g64[6], !want);
                    }
                }
            }
        }
    }
}
END_TEST

/* ---- Double-word arithmetic and bit fields --------------------------------------------- */

static void build_dword(const void *p)
{
    const int *bits = p;

    if (*bits == 64) {
        tcg_gen_add2_i64(G[2], G[3], G[0], G[1], G[1], G[0]);
        tcg_gen_sub2_i64(G[4], G[5], G[0], G[1], G[1], G[0]);
        tcg_gen_mulu2_i64(G[6], G[7], G[0], G[1]);
        tcg_gen_muls2_i64(G[0], G[1], G[0], G[1]);
    } else {
        TCGv_i32 lo = tcg_temp_new_i32(), hi = tcg_temp_new_i32();
        tcg_gen_add2_i32(lo, hi, W[0], W[1], W[1], W[0]);
        tcg_gen_concat_i32_i64(G[2], lo, hi);
        tcg_gen_sub2_i32(lo, hi, W[0], W[1], W[1], W[0]);
        tcg_gen_concat_i32_i64(G[4], lo, hi);
        tcg_gen_mulu2_i32(lo, hi, W[0], W[1]);
        tcg_gen_concat_i32_i64(G[6], lo, hi);
        tcg_gen_muls2_i32(lo, hi, W[0], W[1]);
        tcg_gen_concat_i32_i64(G[7], lo, hi);
    }
    tcg_gen_exit_tb(0);
}

START_TEST(test_double_word_carry_and_full_products)
{
    for (unsigned i = 0; i < NB_EDGE; i++) {
        for (unsigned j = 0; j < NB_EDGE; j++) {
            uint64_t a = edge[i], b = edge[j];
            int bits = 64;
            FakeEnv e = { 0 };
            unsigned __int128 x = ((unsigned __int128)b << 64) | a;
            unsigned __int128 y = ((unsigned __int128)a << 64) | b;
            unsigned __int128 pu = (unsigned __int128)a * b;
            __int128 ps = (__int128)(int64_t)a * (int64_t)b;

            e.g64[0] = a;
            e.g64[1] = b;
            run_all(build_dword, &bits, &e);
            expect(e.g64[2] == (uint64_t)(x + y) && e.g64[3] == (uint64_t)((x + y) >> 64));
            expect(e.g64[4] == (uint64_t)(x - y) && e.g64[5] == (uint64_t)((x - y) >> 64));
            expect(e.g64[6] == (uint64_t)pu && e.g64[7] == (uint64_t)(pu >> 64));
            expect(e.g64[0] == (uint64_t)ps &&
                   e.g64[1] == (uint64_t)((unsigned __int128)ps >> 64));

            bits = 32;
            memset(&e, 0, sizeof(e));
            e.g32[0] = a;
            e.g32[1] = b;
            run_all(build_dword, &bits, &e);
            uint64_t x32 = ((uint64_t)(uint32_t)b << 32) | (uint32_t)a;
            uint64_t y32 = ((uint64_t)(uint32_t)a << 32) | (uint32_t)b;
            expect_eq(e.g64[2], x32 + y32);
            expect_eq(e.g64[4], x32 - y32);
            expect_eq(e.g64[6], (uint64_t)(uint32_t)a * (uint32_t)b);
            expect_eq(e.g64[7], (uint64_t)((int64_t)(int32_t)a * (int32_t)b));
        }
    }
}
END_TEST

typedef struct FieldArg {
    int bits;
    unsigned pos, len;
} FieldArg;

static void build_fields(const void *p)
{
    const FieldArg *f = p;

    if (f->bits == 64) {
        tcg_gen_deposit_i64(G[2], G[0], G[1], f->pos, f->len);
        tcg_gen_extract_i64(G[3], G[0], f->pos, f->len);
        tcg_gen_sextract_i64(G[4], G[0], f->pos, f->len);
    } else {
        tcg_gen_deposit_i32(W[2], W[0], W[1], f->pos, f->len);
        tcg_gen_extract_i32(W[3], W[0], f->pos, f->len);
        tcg_gen_sextract_i32(W[1], W[0], f->pos, f->len);
    }
    tcg_gen_exit_tb(0);
}

START_TEST(test_deposit_extract_at_edge_positions)
{
    static const unsigned pos_len[][2] = {
        { 0, 1 }, { 0, 8 }, { 0, 16 }, { 0, 31 }, { 0, 32 }, { 1, 31 }, { 31, 1 }, { 8, 8 },
        { 4, 12 }, { 16, 16 }, { 0, 63 }, { 0, 64 }, { 63, 1 }, { 32, 32 }, { 1, 62 },
        { 24, 40 }, { 40, 8 },
    };
    for (int bits = 32; bits <= 64; bits += 32) {
        for (unsigned k = 0; k < ARRAY_SIZE(pos_len); k++) {
            FieldArg f = { bits, pos_len[k][0], pos_len[k][1] };
            if (f.pos + f.len > (unsigned)bits) {
                continue;
            }
            for (unsigned i = 0; i < NB_EDGE; i += 3) {
                uint64_t a = edge[i] & msk(bits), b = edge[NB_EDGE - 1 - i] & msk(bits);
                uint64_t m = f.len == 64 ? UINT64_MAX : ((1ull << f.len) - 1);
                uint64_t dep = ((a & ~(m << f.pos)) | ((b & m) << f.pos)) & msk(bits);
                uint64_t ext = (a >> f.pos) & m;
                uint64_t sext = (ext & (1ull << (f.len - 1))) ? (ext | ~m) & msk(bits) : ext;
                FakeEnv e = { 0 };
                e.g64[0] = a;
                e.g32[0] = a;
                e.g64[1] = b;
                e.g32[1] = b;
                run_all(build_fields, &f, &e);
                expect_eq(bits == 64 ? e.g64[2] : e.g32[2], dep);
                expect_eq(bits == 64 ? e.g64[3] : e.g32[3], ext);
                expect_eq(bits == 64 ? e.g64[4] : e.g32[1], sext);
            }
        }
    }
}
END_TEST

/* ---- Helper calls ------------------------------------------------------------------------- */

static uint64_t helper_mix6(uint64_t a, uint32_t b, uint64_t c, uint32_t d, uint64_t e,
                            uint64_t f)
{
    return a * 3 + (uint64_t)b * 5 + c * 7 + (uint64_t)d * 11 + e * 13 + f * 17;
}

static uint64_t helper_mix2(uint64_t a, uint64_t b)
{
    return a * 3 + (b ^ (a >> 7)) * 5;
}

static uint32_t helper_sum32(uint32_t a, uint32_t b)
{
    return a + b;
}

/* Reads g0 and writes g1 behind the translated code's back. */
static void helper_touch_env(void *env)
{
    FakeEnv *e = env;
    e->g64[1] = e->g64[0] * 2;
}

static uint64_t helper_read_g0(void *env)
{
    return ((FakeEnv *)env)->g64[0];
}

static void build_calls(const void *p)
{
    TCGv_i32 t = tcg_temp_new_i32();
    TCGTemp *args[6] = {
        tcgv_i64_temp(G[0]), tcgv_i32_temp(W[0]), tcgv_i64_temp(tcg_constant_i64(-5)),
        tcgv_i32_temp(W[1]), tcgv_i64_temp(G[3]), tcgv_i64_temp(G[4]),
    };

    tcg_gen_callN(helper_mix6, TCG_CALL_NO_RWG, tcgv_i64_temp(G[2]), 6, args);
    tcg_gen_call2(helper_sum32, TCG_CALL_PURE, tcgv_i32_temp(t), tcgv_i32_temp(W[0]),
                  tcgv_i32_temp(tcg_constant_i32(-1)));
    tcg_gen_mov_i32(W[2], t);
    /* g0 changes in a register, then a helper reads it from env and writes g1. */
    tcg_gen_addi_i64(G[0], G[0], 100);
    tcg_gen_call1(helper_touch_env, 0, NULL, tcgv_i64_temp(tcg_env));
    tcg_gen_addi_i64(G[5], G[1], 1);
    /* A helper that only reads globals sees the latest value too. */
    tcg_gen_addi_i64(G[0], G[0], 1);
    tcg_gen_call1(helper_read_g0, TCG_CALL_NO_WG, tcgv_i64_temp(G[6]), tcgv_i64_temp(tcg_env));
    tcg_gen_exit_tb(0);
}

START_TEST(test_helper_calls_pass_six_args_and_sync_globals)
{
    for (unsigned i = 0; i < NB_EDGE; i += 2) {
        FakeEnv e = { 0 };
        uint64_t a = edge[i];
        e.g64[0] = a;
        e.g32[0] = (uint32_t)(a >> 3);
        e.g32[1] = (uint32_t)a ^ 0x5a5a5a5a;
        e.g64[3] = a + 9;
        e.g64[4] = ~a;
        run_all(build_calls, NULL, &e);
        expect_eq(e.g64[2], helper_mix6(a, (uint32_t)(a >> 3), -5,
                                                (uint32_t)a ^ 0x5a5a5a5a, a + 9, ~a));
        expect_eq(e.g32[2], (uint32_t)(a >> 3) - 1);
        expect_eq(e.g64[1], (a + 100) * 2);
        expect_eq(e.g64[5], (a + 100) * 2 + 1);
        expect_eq(e.g64[6], a + 101);
        expect_eq(e.g64[0], a + 101);
    }
}
END_TEST

/* ---- Branches, loops, locals ------------------------------------------------------------ */

static void build_loop(const void *p)
{
    TCGv_i64 i = tcg_temp_local_new_i64(), sum = tcg_temp_local_new_i64();
    TCGLabel *top = gen_new_label(), *done = gen_new_label();

    tcg_gen_movi_i64(i, 0);
    tcg_gen_movi_i64(sum, 0);
    tcg_gen_set_label(top);
    tcg_gen_brcond_i64(TCG_COND_GEU, i, G[0], done);
    tcg_gen_addi_i64(i, i, 1);
    tcg_gen_mul_i64(G[3], i, i);
    tcg_gen_add_i64(sum, sum, G[3]);
    tcg_gen_br(top);
    tcg_gen_set_label(done);
    tcg_gen_mov_i64(G[1], sum);
    tcg_gen_mov_i64(G[2], i);
    tcg_gen_exit_tb(0x1234);
}

START_TEST(test_loop_with_labels_and_local_temps)
{
    for (uint64_t n = 0; n < 40; n += 7) {
        FakeEnv e = { 0 };
        e.g64[0] = n;
        expect_eq(run_all(build_loop, NULL, &e), 0x1234);
        expect_eq(e.g64[1], n * (n + 1) * (2 * n + 1) / 6);
        expect_eq(e.g64[2], n);
        expect_eq(e.g64[3], n * n);
    }
}
END_TEST

/* ---- Register pressure ---------------------------------------------------------------------- */

#define NB_PRESSURE 40

static uint64_t helper_identity(uint64_t x)
{
    return x;
}

static void build_pressure(const void *p)
{
    TCGv_i64 t[NB_PRESSURE];
    TCGv_i32 w[8];

    for (int i = 0; i < NB_PRESSURE; i++) {
        t[i] = tcg_temp_new_i64();
        tcg_gen_muli_i64(t[i], G[0], i + 1);
        tcg_gen_xori_i64(t[i], t[i], (int64_t)i << 40);
    }
    for (int i = 0; i < 8; i++) {
        w[i] = tcg_temp_new_i32();
        tcg_gen_addi_i32(w[i], W[0], i * 3);
    }
    /* All of them live across a helper call that clobbers the caller-saved registers. */
    tcg_gen_call1(helper_identity, TCG_CALL_PURE, tcgv_i64_temp(G[2]), tcgv_i64_temp(t[7]));
    tcg_gen_movi_i64(G[1], 0);
    for (int i = 0; i < NB_PRESSURE; i++) {
        tcg_gen_add_i64(G[1], G[1], t[i]);
    }
    tcg_gen_movi_i32(W[1], 0);
    for (int i = 0; i < 8; i++) {
        tcg_gen_xor_i32(W[1], W[1], w[i]);
        tcg_gen_shli_i32(W[1], W[1], 1);
    }
    tcg_gen_exit_tb(0);
}

START_TEST(test_more_live_temps_than_registers_spill)
{
    for (unsigned k = 0; k < NB_EDGE; k += 4) {
        FakeEnv e = { 0 };
        uint64_t want = 0;
        uint32_t want32 = 0;
        e.g64[0] = edge[k];
        e.g32[0] = (uint32_t)edge[k] * 7;
        run_all(build_pressure, NULL, &e);
        for (int i = 0; i < NB_PRESSURE; i++) {
            want += (edge[k] * (i + 1)) ^ ((uint64_t)i << 40);
        }
        for (int i = 0; i < 8; i++) {
            want32 = (want32 ^ ((uint32_t)edge[k] * 7 + i * 3)) << 1;
        }
        expect_eq(e.g64[1], want);
        expect_eq(e.g32[1], want32);
        expect_eq(e.g64[2], (edge[k] * 8) ^ (7ull << 40));
    }
}
END_TEST

/* ---- Host memory ops ------------------------------------------------------------------------ */

static void build_host_ldst(const void *p)
{
    TCGv_i32 t = tcg_temp_new_i32();

    tcg_gen_ld8s_i64(G[0], tcg_env, offsetof(FakeEnv, scratch[0]));
    tcg_gen_ld16u_i64(G[1], tcg_env, offsetof(FakeEnv, scratch[0]) + 1);
    tcg_gen_ld32s_i64(G[2], tcg_env, offsetof(FakeEnv, scratch[0]) + 4);
    tcg_gen_ld16s_i32(t, tcg_env, offsetof(FakeEnv, scratch[1]) + 6);
    tcg_gen_ext_i32_i64(G[3], t);
    tcg_gen_ld_i64(G[4], tcg_env, offsetof(FakeEnv, scratch[1]));
    tcg_gen_st8_i64(G[4], tcg_env, offsetof(FakeEnv, scratch[2]));
    tcg_gen_st16_i32(t, tcg_env, offsetof(FakeEnv, scratch[2]) + 2);
    tcg_gen_st32_i64(G[0], tcg_env, offsetof(FakeEnv, scratch[2]) + 4);
    tcg_gen_ld_i64(G[5], tcg_env, offsetof(FakeEnv, scratch[2]));
    tcg_gen_exit_tb(0);
}

START_TEST(test_host_loads_and_stores_relative_to_env)
{
    FakeEnv e = { 0 };
    e.scratch[0] = 0x8899aabbccddeeffull;
    e.scratch[1] = 0x8001020304050607ull;
    run_all(build_host_ldst, NULL, &e);
    expect_eq(e.g64[0], 0xffffffffffffffffull);
    expect_eq(e.g64[1], 0xddee);
    expect_eq(e.g64[2], 0xffffffff8899aabbull);
    expect_eq(e.g64[3], 0xffffffffffff8001ull);
    expect_eq(e.g64[5], 0xffffffff80010007ull);
}
END_TEST

/* ---- Guest memory ------------------------------------------------------------------------- */

typedef struct MemArg {
    MemOp mop;
    bool data64, addr32;
    unsigned mmu_idx;
} MemArg;

static void build_mem(const void *p)
{
    const MemArg *m = p;

    tcg_gen_insn_start(0x100, 0, 0);
    if (m->addr32) {
        if (m->data64) {
            tcg_gen_qemu_ld_i64_a32(G[2], W[0], m->mmu_idx, m->mop);
        } else {
            tcg_gen_qemu_ld_i32_a32(W[2], W[0], m->mmu_idx, m->mop);
        }
    } else if (m->data64) {
        tcg_gen_qemu_ld_i64(G[2], G[0], m->mmu_idx, m->mop);
    } else {
        tcg_gen_qemu_ld_i32(W[2], G[0], m->mmu_idx, m->mop);
    }
    tcg_gen_insn_start(0x104, 0, 0);
    tcg_gen_addi_i64(G[5], G[5], 1);
    if (m->addr32) {
        if (m->data64) {
            tcg_gen_qemu_st_i64_a32(G[3], W[1], m->mmu_idx, m->mop);
        } else {
            tcg_gen_qemu_st_i32_a32(W[3], W[1], m->mmu_idx, m->mop);
        }
    } else if (m->data64) {
        tcg_gen_qemu_st_i64(G[3], G[1], m->mmu_idx, m->mop);
    } else {
        tcg_gen_qemu_st_i32(W[3], G[1], m->mmu_idx, m->mop);
    }
    tcg_gen_insn_start(0x108, 0, 0);
    tcg_gen_addi_i64(G[5], G[5], 1);
    tcg_gen_exit_tb(7);
}

/*
 * One load and one store on every context; returns how many went to the slow path
 * per context, or -1 when an alignment fault was raised (fault_* say where).
 */
static int run_mem(const MemArg *m, uint64_t ld_addr, uint64_t st_addr, uint64_t st_val,
                   uint64_t *loaded)
{
    uint8_t ram0[sizeof(ram)];
    uint8_t ram_after[sizeof(ram)];
    volatile int slow0 = -2;
    volatile uint64_t val0 = 0;

    memcpy(ram0, ram, sizeof(ram));
    for (volatile int c = 0; c < NB_CTX; c++) {
        static TCGTranslation tr;
        static FakeEnv e;

        memcpy(ram, ram0, sizeof(ram));
        memset(&e, 0, sizeof(e));
        tlb_reset(&e);
        e.g64[0] = ld_addr;
        e.g64[1] = st_addr;
        e.g32[0] = ld_addr;
        e.g32[1] = st_addr;
        e.g64[3] = st_val;
        e.g32[3] = st_val;
        translate(ctxs[c], build_mem, m, &tr);
        slow_calls = 0;
        fault_taken = false;
        if (sigsetjmp(fault_jmp, 1) == 0) {
            expect_eq(exec_tr(ctxs[c], &tr, &e), 7);
            expect_eq(e.g64[5], 2);
        } else {
            expect_msg(fault_insn == 0 || fault_insn == 1, "fault in insn %d", fault_insn);
            expect_eq(fault_data[0], fault_insn == 0 ? 0x100 : 0x104);
            expect_eq(fault_env.g64[5], fault_insn);    /* precise state */
            if (c == 0) {
                slow0 = -1;
            } else {
                expect_eq(slow0, -1);
            }
            continue;
        }
        uint64_t v = m->data64 ? e.g64[2] : e.g32[2];
        if (c == 0) {
            slow0 = slow_calls;
            val0 = v;
            memcpy(ram_after, ram, sizeof(ram));
        } else {
            expect_msg(slow_calls == slow0, "%s: %d slow calls, jit %d", ctx_names[c],
                       slow_calls, slow0);
            expect_msg(v == val0, "%s: loaded 0x%" PRIx64 ", jit 0x%" PRIx64,
                       ctx_names[c], v, val0);
            expect_msg(memcmp(ram, ram_after, sizeof(ram)) == 0, "%s: store differs",
                       ctx_names[c]);
        }
        if (slow_calls) {
            expect(tcg_translation_contains(&tr, slow_retaddr));
            uint64_t data[TCG_MAX_INSN_WORDS];
            int insn = tcg_restore_state_from_retaddr(&tr, slow_retaddr, data);
            expect(insn == 0 || insn == 1);
            expect_eq(data[0], 0x100 + 4 * insn);
        }
    }
    *loaded = val0;
    return slow0;
}

START_TEST(test_guest_memory_every_size_sign_and_byte_order)
{
    static const MemOp sizes[] = { MO_8, MO_16, MO_32, MO_64 };

    for (unsigned i = 0; i < sizeof(ram); i++) {
        ram[i] = (uint8_t)(i * 37 + 11) | ((i & 1) << 7);
    }
    for (unsigned k = 0; k < ARRAY_SIZE(sizes); k++) {
        for (int sign = 0; sign < 2; sign++) {
            for (int be = 0; be < 2; be++) {
                for (int d64 = 0; d64 < 2; d64++) {
                    for (int a32 = 0; a32 < 2; a32++) {
                        MemOp mop = sizes[k] | (sign ? MO_SIGN : 0) | (be ? MO_BE : MO_LE);
                        MemArg m = { mop, d64, a32, 0 };
                        unsigned size = memop_size(mop);
                        uint64_t ld = RAM_BASE + 0x1230, st = RAM_BASE + 0x2340, got;
                        uint64_t val = 0x8182838485868788ull;
                        MemOp ref_mop = mop;

                        if (!d64 && sizes[k] == MO_64) {
                            continue;
                        }
                        if (!d64 && sizes[k] == MO_32) {
                            ref_mop &= ~MO_SIGN;
                        }
                        expect_eq(run_mem(&m, ld, st, val, &got), 0);
                        uint64_t want = ref_load(ld, ref_mop);
                        expect_msg(got == (d64 ? want : (uint32_t)want),
                                   "mop 0x%x d64 %d a32 %d: 0x%" PRIx64 " want 0x%" PRIx64,
                                   mop, d64, a32, got, want);
                        expect_eq(ref_load(st, mop & ~MO_SIGN),
                                  val & (size == 8 ? UINT64_MAX
                                                           : (1ull << (8 * size)) - 1));
                        /* Unaligned but within a page: still the fast path. */
                        if (size > 1) {
                            expect_eq(run_mem(&m, ld + 1, st + 1, val, &got), 0);
                            expect_eq(got, d64 ? ref_load(ld + 1, ref_mop)
                                                       : (uint32_t)ref_load(ld + 1, ref_mop));
                            /* Crossing a page: slow path for both accesses. */
                            expect_eq(run_mem(&m, RAM_BASE + 0x1000 - 1,
                                                     RAM_BASE + 0x3000 - 1, val, &got), 2);
                            expect_eq(ref_load(RAM_BASE + 0x3000 - 1, mop & ~MO_SIGN),
                                      val & (size == 8 ? UINT64_MAX
                                                               : (1ull << (8 * size)) - 1));
                        }
                        /* An MMU index whose TLB is empty: slow path, same results. */
                        m.mmu_idx = 1;
                        expect_eq(run_mem(&m, ld, st, val ^ 0xffff, &got), 2);
                        expect_eq(got, d64 ? ref_load(ld, ref_mop)
                                                   : (uint32_t)ref_load(ld, ref_mop));
                    }
                }
            }
        }
    }
}
END_TEST

START_TEST(test_misaligned_access_with_mo_align_faults_precisely)
{
    static const MemOp sizes[] = { MO_16, MO_32, MO_64 };

    for (unsigned k = 0; k < ARRAY_SIZE(sizes); k++) {
        MemArg m = { sizes[k] | MO_LE | MO_ALIGN, true, false, 0 };
        uint64_t got;
        /* Aligned: fast path. */
        expect_eq(run_mem(&m, RAM_BASE + 0x100, RAM_BASE + 0x200, 1, &got), 0);
        /* Misaligned load: the slow path raises the fault in the first insn. */
        expect_eq(run_mem(&m, RAM_BASE + 0x101, RAM_BASE + 0x200, 1, &got), -1);
        expect_eq(fault_insn, 0);
        /* Misaligned store: fault in the second insn, after the first one's effects. */
        expect_eq(run_mem(&m, RAM_BASE + 0x100, RAM_BASE + 0x202 + (k == 0), 1, &got),
                  -1);
        expect_eq(fault_insn, 1);
    }
    /* A stricter alignment than the size. */
    MemArg m16 = { MO_32 | MO_ALIGN_16, true, false, 0 };
    uint64_t got;
    expect_eq(run_mem(&m16, RAM_BASE + 0x110, RAM_BASE + 0x220, 1, &got), 0);
    expect_eq(run_mem(&m16, RAM_BASE + 0x108, RAM_BASE + 0x220, 1, &got), -1);
}
END_TEST

/* ---- Block exits and chaining --------------------------------------------------------------- */

static void build_exit_value(const void *p)
{
    tcg_gen_exit_tb(*(const uintptr_t *)p);
}

START_TEST(test_exit_tb_returns_its_value)
{
    static const uintptr_t vals[] = { 0, 1, 0x7fffffff, 0x80000000, UINTPTR_MAX,
                                      0x123456789abcull };
    for (unsigned i = 0; i < ARRAY_SIZE(vals); i++) {
        FakeEnv e = { 0 };
        expect_eq(run_all(build_exit_value, &vals[i], &e), vals[i]);
    }
}
END_TEST

static void build_chain_a(const void *p)
{
    TCGLabel *out = gen_new_label();

    tcg_gen_insn_start(0xa0, 0, 0);
    tcg_gen_addi_i64(G[0], G[0], 1);
    tcg_gen_brcondi_i64(TCG_COND_GEU, G[0], 10, out);
    tcg_gen_goto_tb(0);
    tcg_gen_exit_tb(0xa0);
    tcg_gen_set_label(out);
    tcg_gen_goto_tb(1);
    tcg_gen_exit_tb(0xa1);
}

static void build_chain_b(const void *p)
{
    tcg_gen_insn_start(0xb0, 0, 0);
    tcg_gen_movi_i64(G[1], 42);
    tcg_gen_addi_i64(G[2], G[0], 1000);
    tcg_gen_exit_tb(0xb0);
}

START_TEST(test_goto_tb_chains_after_patching)
{
    for (int c = 0; c < NB_CTX; c++) {
        TCGContext *s = ctxs[c];
        TCGTranslation a, b;
        FakeEnv e = { 0 };

        tcg_code_buffer_flush(s);
        translate(s, build_chain_a, NULL, &a);
        translate(s, build_chain_b, NULL, &b);
        expect_eq(tcg_tb_exec(s, &e, a.code), 0xa0);
        expect_eq(e.g64[0], 1);
        expect_eq(e.g64[1], 0);

        /* Patch sites are naturally aligned, so patching is one atomic store. */
        expect(a.jmp_insn_offset[0] != UINT32_MAX && a.jmp_insn_offset[1] != UINT32_MAX);
        expect((uintptr_t)((uint8_t *)a.code + a.jmp_insn_offset[0]) %
               (tcg_context_backend(s) == TCG_BACKEND_JIT ? 4 : 8) == 0);
        /* Slot 0 to B. */
        expect(tcg_tb_set_jmp_target(&a, 0, b.code));
        expect_eq(tcg_tb_exec(s, &e, a.code), 0xb0);
        expect_eq(e.g64[0], 2);
        expect_eq(e.g64[1], 42);
        expect_eq(e.g64[2], 1002);

        /* Slot 0 to A itself: a loop of chained blocks until g0 reaches 10. */
        expect(tcg_tb_set_jmp_target(&a, 0, a.code));
        expect(tcg_tb_set_jmp_target(&a, 1, b.code));
        expect_eq(tcg_tb_exec(s, &e, a.code), 0xb0);
        expect_eq(e.g64[0], 10);
        expect_eq(e.g64[2], 1010);

        /* Unchained again. */
        expect(tcg_tb_set_jmp_target(&a, 0, NULL));
        expect(tcg_tb_set_jmp_target(&a, 1, NULL));
        e.g64[0] = 0;
        expect_eq(tcg_tb_exec(s, &e, a.code), 0xa0);
        e.g64[0] = 20;
        expect_eq(tcg_tb_exec(s, &e, a.code), 0xa1);
        expect(!tcg_tb_set_jmp_target(&b, 0, a.code));
    }
}
END_TEST

static const void *lookup_target;

static uintptr_t helper_lookup(void *env)
{
    return (uintptr_t)lookup_target;
}

static void build_goto_ptr(const void *p)
{
    TCGv_ptr t = tcg_temp_new_ptr();

    tcg_gen_addi_i64(G[0], G[0], 5);
    tcg_gen_call1(helper_lookup, 0, tcgv_i64_temp(t), tcgv_i64_temp(tcg_env));
    tcg_gen_goto_ptr(t);
}

START_TEST(test_goto_ptr_jumps_to_looked_up_code_or_returns_zero)
{
    for (int c = 0; c < NB_CTX; c++) {
        TCGContext *s = ctxs[c];
        TCGTranslation a, b;
        FakeEnv e = { 0 };

        translate(s, build_chain_b, NULL, &b);
        translate(s, build_goto_ptr, NULL, &a);
        lookup_target = b.code;
        expect_eq(tcg_tb_exec(s, &e, a.code), 0xb0);
        expect_eq(e.g64[2], 1005);
        lookup_target = NULL;
        expect_eq(tcg_tb_exec(s, &e, a.code), 0);
        expect_eq(e.g64[0], 10);
    }
}
END_TEST

static void build_big(const void *p)
{
    for (int i = 0; i < 200; i++) {
        tcg_gen_insn_start(i, 0, 0);
        tcg_gen_muli_i64(G[i % 8], G[(i + 3) % 8], i + 1);
        tcg_gen_xor_i64(G[(i + 1) % 8], G[(i + 1) % 8], G[i % 8]);
    }
    tcg_gen_exit_tb(99);
}

START_TEST(test_full_code_buffer_is_flushed_and_translation_retried)
{
    for (int backend = 0; backend < 2; backend++) {
        TCGContext *s = new_ctx(backend, 64 * 1024, true);
        TCGTranslation tr, first;
        FakeEnv e0 = { 0 }, e;
        int n = 0, rc;

        for (int i = 0; i < 8; i++) {
            e0.g64[i] = i * 0x1111;
        }
        tcg_translate_begin(s);
        build_big(NULL);
        expect_eq(tcg_translate_end(s, &first), 0);
        e = e0;
        expect_eq(tcg_tb_exec(s, &e, first.code), 99);
        FakeEnv want = e;
        for (;;) {
            tcg_translate_begin(s);
            build_big(NULL);
            rc = tcg_translate_end(s, &tr);
            if (rc != TCG_TRANSLATE_OK) {
                break;
            }
            n++;
            ck_assert_int_lt(n, 10000);
        }
        expect_eq(rc, TCG_TRANSLATE_BUFFER_FULL);
        ck_assert_int_gt(n, 2);
        tcg_code_buffer_flush(s);
        expect_eq(tcg_code_buffer_used(s), 0);
        tcg_translate_begin(s);
        build_big(NULL);
        expect_eq(tcg_translate_end(s, &tr), TCG_TRANSLATE_OK);
        e = e0;
        expect_eq(tcg_tb_exec(s, &e, tr.code), 99);
        expect(memcmp(e.g64, want.g64, sizeof(e.g64)) == 0);
        tcg_context_free(s);
    }
}
END_TEST

START_TEST(test_bad_configuration_is_refused)
{
    TCGContextConfig cfg = {
        .backend = TCG_BACKEND_JIT, .insn_start_words = 1, .page_bits = 12,
        .nb_mmu_modes = 1, .ld_slow = test_ld_slow, .st_slow = test_st_slow,
    };
    Error *err = NULL;

    cfg.page_bits = 40;
    ck_assert_ptr_null(tcg_context_new(&cfg, &err));
    ck_assert_ptr_nonnull(strstr(error_get_pretty(err), "page_bits 40"));
    error_free(err);
    err = NULL;
    cfg.page_bits = 12;
    cfg.insn_start_words = 0;
    ck_assert_ptr_null(tcg_context_new(&cfg, &err));
    error_free(err);
    err = NULL;
    cfg.insn_start_words = 1;
    cfg.ld_slow = NULL;
    ck_assert_ptr_null(tcg_context_new(&cfg, &err));
    error_free(err);
}
END_TEST

/* ---- Random programs: every context must agree ------------------------------------------ */

typedef struct RandProg {
    uint32_t seed;
    int nb_ops;
} RandProg;

static uint32_t rng_next(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

static void build_random(const void *p)
{
    uint32_t r = ((const RandProg *)p)->seed;
    TCGv_i64 loc[3], tmp[4];
    TCGv_i64 vals[8 + 3 + 4];
    int nvals = 0;
    TCGLabel *pending = NULL;
    int pending_at = 0;

    for (int i = 0; i < 8; i++) {
        vals[nvals++] = G[i];
    }
    for (int i = 0; i < 3; i++) {
        loc[i] = tcg_temp_local_new_i64();
        tcg_gen_movi_i64(loc[i], rng_next(&r));
        vals[nvals++] = loc[i];
    }
    for (int i = 0; i < 4; i++) {
        tmp[i] = tcg_temp_new_i64();
        vals[nvals++] = tmp[i];
    }
    /* EBB temps die at labels: reload them at the start of every block. */
#define RELOAD_TMPS() do { \
        for (int i_ = 0; i_ < 4; i_++) { \
            tcg_gen_mov_i64(tmp[i_], G[(i_ * 3 + r) % 8]); \
        } \
    } while (0)
    RELOAD_TMPS();

    for (int n = 0; n < ((const RandProg *)p)->nb_ops; n++) {
        TCGv_i64 d = vals[rng_next(&r) % nvals];
        TCGv_i64 a = vals[rng_next(&r) % nvals];
        TCGv_i64 b = rng_next(&r) % 4 ? vals[rng_next(&r) % nvals]
                                      : tcg_constant_i64(edge[rng_next(&r) % NB_EDGE]);
        unsigned what = rng_next(&r) % 20;

        if (what < 8) {
            const BinOp *op = &binops[rng_next(&r) % ARRAY_SIZE(binops)];
            op->g64(d, a, b);
        } else if (what == 8) {
            tcg_gen_setcond_i64(rng_next(&r) % 12 + 2, d, a, b);
        } else if (what == 9) {
            tcg_gen_movcond_i64(rng_next(&r) % 12 + 2, d, a, b, vals[rng_next(&r) % nvals],
                                vals[rng_next(&r) % nvals]);
        } else if (what == 10) {
            TCGv_i32 t = tcg_temp_new_i32();
            tcg_gen_extrl_i64_i32(t, a);
            tcg_gen_mul_i32(t, t, W[rng_next(&r) % 4]);
            tcg_gen_xor_i32(W[rng_next(&r) % 4], W[rng_next(&r) % 4], t);
            tcg_gen_ext_i32_i64(d, t);
            tcg_temp_free_i32(t);
        } else if (what == 11) {
            tcg_gen_call2(helper_mix2, TCG_CALL_NO_RWG, tcgv_i64_temp(d), tcgv_i64_temp(a),
                          tcgv_i64_temp(b));
        } else if (what == 12) {
            tcg_gen_call1(helper_touch_env, 0, NULL, tcgv_i64_temp(tcg_env));
        } else if (what == 13 && !pending) {
            pending = gen_new_label();
            pending_at = n + 1 + rng_next(&r) % 6;
            tcg_gen_brcond_i64(rng_next(&r) % 12 + 2, a, b, pending);
        } else if (what == 14) {
            TCGv_i64 lo = vals[rng_next(&r) % nvals];
            if (lo != d) {
                tcg_gen_add2_i64(lo, d, a, b, vals[rng_next(&r) % nvals], a);
            }
        } else if (what == 15) {
            tcg_gen_deposit_i64(d, a, b, rng_next(&r) % 32, 1 + rng_next(&r) % 32);
        } else if (what == 16) {
            TCGv_i64 lo = vals[rng_next(&r) % nvals];
            if (lo != d) {
                (rng_next(&r) & 1 ? tcg_gen_mulu2_i64 : tcg_gen_muls2_i64)(lo, d, a, b);
            }
        } else if (what == 17) {
            /* Guest memory inside the fake RAM, on the fast or the slow path. */
            TCGv_i64 addr = tcg_temp_new_i64();
            MemOp mop = (rng_next(&r) % 4) | (rng_next(&r) & 1 ? MO_BE : MO_LE) |
                        (rng_next(&r) & 1 ? MO_SIGN : 0);
            tcg_gen_andi_i64(addr, a, 0x3ff7);
            tcg_gen_addi_i64(addr, addr, RAM_BASE);
            if (rng_next(&r) & 1) {
                tcg_gen_qemu_st_i64(b, addr, rng_next(&r) % 2, mop);
            } else {
                tcg_gen_qemu_ld_i64(d, addr, rng_next(&r) % 2, mop);
            }
            tcg_temp_free_i64(addr);
        } else if (what == 18) {
            TCGTemp *args[6];
            TCGv_i32 t = tcg_temp_new_i32();
            tcg_gen_extrh_i64_i32(t, b);
            for (int i = 0; i < 6; i++) {
                args[i] = i == 1 || i == 3 ? tcgv_i32_temp(i == 1 ? t : W[rng_next(&r) % 4])
                                           : tcgv_i64_temp(vals[rng_next(&r) % nvals]);
            }
            tcg_gen_callN(helper_mix6, rng_next(&r) & 1 ? 0 : TCG_CALL_PURE,
                          tcgv_i64_temp(d), 6, args);
        } else {
            const UnOp *op = &unops[rng_next(&r) % ARRAY_SIZE(unops)];
            if (op->g32 != g_ext32s_dummy && rng_next(&r) & 1) {
                TCGv_i32 t = tcg_temp_new_i32();
                tcg_gen_extrl_i64_i32(t, a);
                op->g32(t, t);
                tcg_gen_shl_i32(W[rng_next(&r) % 4], t, W[rng_next(&r) % 4]);
                tcg_gen_extu_i32_i64(d, t);
            } else {
                op->g64(d, a);
            }
        }
        if (pending && n >= pending_at) {
            tcg_gen_set_label(pending);
            pending = NULL;
            RELOAD_TMPS();
        }
    }
    if (pending) {
        tcg_gen_set_label(pending);
    }
    for (int i = 0; i < 3; i++) {
        tcg_gen_add_i64(G[i], G[i], loc[i]);
    }
    tcg_gen_exit_tb(5);
#undef RELOAD_TMPS
}

START_TEST(test_random_programs_agree_on_every_backend)
{
    for (uint32_t seed = 1; seed <= 2000; seed++) {
        RandProg p = { seed * 2654435761u, 60 };
        cur_seed = seed;
        FakeEnv e = { 0 };
        for (int i = 0; i < 8; i++) {
            e.g64[i] = edge[(seed + i * 5) % NB_EDGE] ^ (seed * 0x9e3779b97f4a7c15ull);
        }
        for (int i = 0; i < 4; i++) {
            e.g32[i] = seed * (i + 3);
        }
        expect_eq(run_all(build_random, &p, &e), 5);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tcg");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    ctxs[JIT] = new_ctx(TCG_BACKEND_JIT, 4 << 20, true);
    ctxs[INTERP] = new_ctx(TCG_BACKEND_INTERP, 4 << 20, true);
    ctxs[JIT_NOOPT] = new_ctx(TCG_BACKEND_JIT, 4 << 20, false);
    ctxs[INTERP_NOOPT] = new_ctx(TCG_BACKEND_INTERP, 4 << 20, false);
    setenv("EMU_TCG_HOST_CAPS", "0", 1);
    ctxs[JIT_BASIC] = new_ctx(TCG_BACKEND_JIT, 4 << 20, true);
    unsetenv("EMU_TCG_HOST_CAPS");

    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_binops_match_reference_in_registers);
    tcase_add_test(tc, test_binops_match_reference_with_constants);
    tcase_add_test(tc, test_unops_match_reference);
    tcase_add_test(tc, test_width_changes);
    tcase_add_test(tc, test_every_condition_in_setcond_movcond_brcond);
    tcase_add_test(tc, test_double_word_carry_and_full_products);
    tcase_add_test(tc, test_deposit_extract_at_edge_positions);
    tcase_add_test(tc, test_helper_calls_pass_six_args_and_sync_globals);
    tcase_add_test(tc, test_loop_with_labels_and_local_temps);
    tcase_add_test(tc, test_more_live_temps_than_registers_spill);
    tcase_add_test(tc, test_host_loads_and_stores_relative_to_env);
    tcase_add_test(tc, test_guest_memory_every_size_sign_and_byte_order);
    tcase_add_test(tc, test_misaligned_access_with_mo_align_faults_precisely);
    tcase_add_test(tc, test_exit_tb_returns_its_value);
    tcase_add_test(tc, test_goto_tb_chains_after_patching);
    tcase_add_test(tc, test_goto_ptr_jumps_to_looked_up_code_or_returns_zero);
    tcase_add_test(tc, test_full_code_buffer_is_flushed_and_translation_retried);
    tcase_add_test(tc, test_bad_configuration_is_refused);
    tcase_add_test(tc, test_random_programs_agree_on_every_backend);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    for (int c = 0; c < NB_CTX; c++) {
        tcg_context_free(ctxs[c]);
    }
    return failed ? 1 : 0;
}
