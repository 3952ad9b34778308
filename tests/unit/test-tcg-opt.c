/*
 * Unit tests for the TCG optimiser and liveness: constant folding, copy propagation,
 * identities and dead-code removal shrink the IR without changing results on either
 * backend, knowledge is dropped where it must be (labels, helpers that write globals),
 * and insn_start-based state restore stays exact after optimisation.
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

typedef struct Env {
    uint64_t g[6];
    CPUTLBDescFast tlb[1];
} Env;

static TCGv_i64 G[6];
static CPUTLBEntry tlb_table[16];
static uint8_t ram[4096];
static sigjmp_buf fault_jmp;
static const TCGTranslation *cur_tr;
static int fault_insn;
static uint64_t fault_data[TCG_MAX_INSN_WORDS];
static Env fault_env;
static int impure_calls, pure_calls;

/* Guest page 0x4000 maps ram; a misaligned MO_ALIGN access faults. */
static uint64_t opt_ld_slow(void *env, uint64_t addr, MemOpIdx oi, uintptr_t ra)
{
    if (addr & (memop_alignment(get_memop(oi)) - 1)) {
        fault_env = *(Env *)env;
        fault_insn = tcg_restore_state_from_retaddr(cur_tr, ra, fault_data);
        tcg_exec_unwound();
        siglongjmp(fault_jmp, 1);
    }
    return 0;
}

static void opt_st_slow(void *env, uint64_t addr, uint64_t val, MemOpIdx oi, uintptr_t ra)
{
    opt_ld_slow(env, addr, oi, ra);
}

static TCGContext *new_ctx(TCGBackend backend, bool optimize)
{
    TCGContextConfig cfg = {
        .backend = backend, .insn_start_words = 3, .page_bits = 12,
        .tlb_fast_offset = offsetof(Env, tlb), .nb_mmu_modes = 1,
        .ld_slow = opt_ld_slow, .st_slow = opt_st_slow,
    };
    static const char *const names[] = { "g0", "g1", "g2", "g3", "g4", "g5" };
    TCGContext *s = tcg_context_new(&cfg, &error_fatal);

    tcg_set_optimize(s, optimize);
    tcg_context_make_current(s);
    for (int i = 0; i < 6; i++) {
        G[i] = tcg_global_mem_new_i64(tcg_env, offsetof(Env, g[i]), names[i]);
    }
    return s;
}

static void env_init(Env *e)
{
    memset(e, 0, sizeof(*e));
    memset(tlb_table, 0xff, sizeof(tlb_table));
    tlb_table[4].addr_read = tlb_table[4].addr_write = 0x4000;
    tlb_table[4].addend = (uintptr_t)ram - 0x4000;
    e->tlb[0].mask = 15 << CPU_TLB_ENTRY_BITS;
    e->tlb[0].table = tlb_table;
}

typedef void (*BuildFn)(void);

/*
 * Translate build on both backends with the optimiser on, run from *e, check they
 * agree; also run unoptimised and check the same result. Returns the optimised
 * JIT context (its op list is the optimised IR, for counting).
 */
static TCGContext *ctx_opt[2], *ctx_plain[2];

static void run(BuildFn build, Env *e)
{
    Env start = *e, first = { { 0 } };

    for (int k = 0; k < 4; k++) {
        TCGContext *s = k < 2 ? ctx_plain[k] : ctx_opt[k - 2];
        TCGTranslation tr;
        Env x = start;

        tcg_translate_begin(s);
        build();
        expect_eq(tcg_translate_end(s, &tr), TCG_TRANSLATE_OK);
        cur_tr = &tr;
        tcg_tb_exec(s, &x, tr.code);
        if (k == 0) {
            first = x;
        } else {
            expect_msg(memcmp(x.g, first.g, sizeof(x.g)) == 0, "context %d differs", k);
        }
    }
    *e = first;
}

static unsigned count(TCGOpcode opc)
{
    return tcg_count_ops(ctx_opt[0], opc);
}

/* ---- Folding and propagation ---------------------------------------------------------------- */

static void build_constants(void)
{
    TCGv_i64 t = tcg_temp_new_i64(), u = tcg_temp_new_i64();
    TCGv_i32 w = tcg_temp_new_i32();

    tcg_gen_movi_i64(t, 3);
    tcg_gen_addi_i64(t, t, 4);
    tcg_gen_muli_i64(t, t, 5);
    tcg_gen_shli_i64(u, t, 60);
    tcg_gen_sari_i64(u, u, 3);
    tcg_gen_mov_i64(G[0], u);
    tcg_gen_movi_i32(w, 0x80000000);
    tcg_gen_divu_i32(w, w, tcg_constant_i32(0));
    tcg_gen_ext_i32_i64(G[1], w);
    tcg_gen_setcondi_i64(TCG_COND_LTU, G[2], t, 36);
    tcg_gen_bswap32_i64(G[3], t);
    tcg_gen_movcond_i64(TCG_COND_EQ, G[4], t, tcg_constant_i64(35), G[5],
                        tcg_constant_i64(-1));
    tcg_gen_exit_tb(0);
}

START_TEST(test_constant_folding_leaves_only_moves)
{
    Env e;
    env_init(&e);
    e.g[5] = 77;
    run(build_constants, &e);
    expect_eq(e.g[0], (uint64_t)((int64_t)(35ull << 60) >> 3));
    expect_eq(e.g[1], 0);
    expect_eq(e.g[2], 1);
    expect_eq(e.g[3], 0x23000000);
    expect_eq(e.g[4], 77);
    expect_eq(count(INDEX_op_add_i64) + count(INDEX_op_mul_i64) +
              count(INDEX_op_shl_i64) + count(INDEX_op_sar_i64) +
              count(INDEX_op_divu_i32) + count(INDEX_op_setcond_i64) +
              count(INDEX_op_bswap32_i64) + count(INDEX_op_movcond_i64) +
              count(INDEX_op_ext_i32_i64), 0);
}
END_TEST

static void build_identities(void)
{
    TCGv_i64 t = tcg_temp_new_i64();

    tcg_gen_muli_i64(t, G[0], 1);
    tcg_gen_addi_i64(t, t, 0);
    tcg_gen_andi_i64(t, t, -1);
    tcg_gen_ori_i64(t, t, 0);
    tcg_gen_shli_i64(t, t, 0);
    tcg_gen_mov_i64(G[1], t);
    tcg_gen_xor_i64(G[2], G[0], G[0]);
    tcg_gen_sub_i64(G[3], t, G[0]);           /* t is a copy of g0 */
    tcg_gen_andi_i64(G[4], G[0], 0);
    tcg_gen_ori_i64(G[5], G[0], -1);
    tcg_gen_exit_tb(0);
}

START_TEST(test_algebraic_identities_are_removed)
{
    Env e;
    env_init(&e);
    e.g[0] = 0x1234567890abcdefull;
    run(build_identities, &e);
    expect_eq(e.g[1], 0x1234567890abcdefull);
    expect_eq(e.g[2], 0);
    expect_eq(e.g[3], 0);
    expect_eq(e.g[4], 0);
    expect_eq(e.g[5], UINT64_MAX);
    expect_eq(count(INDEX_op_mul_i64) + count(INDEX_op_add_i64) +
              count(INDEX_op_and_i64) + count(INDEX_op_or_i64) +
              count(INDEX_op_shl_i64) + count(INDEX_op_xor_i64) +
              count(INDEX_op_sub_i64), 0);
}
END_TEST

static void build_copies(void)
{
    TCGv_i64 a = tcg_temp_new_i64(), b = tcg_temp_new_i64(), c = tcg_temp_new_i64();

    tcg_gen_mov_i64(a, G[0]);
    tcg_gen_mov_i64(b, a);
    tcg_gen_mov_i64(c, b);
    tcg_gen_add_i64(G[1], c, b);
    /* Writing g0 must not change what the copies hold. */
    tcg_gen_movi_i64(G[0], 9);
    tcg_gen_add_i64(G[2], c, G[0]);
    tcg_gen_exit_tb(0);
}

START_TEST(test_copy_propagation_survives_overwriting_the_source)
{
    Env e;
    env_init(&e);
    e.g[0] = 100;
    run(build_copies, &e);
    expect_eq(e.g[0], 9);
    expect_eq(e.g[1], 200);
    expect_eq(e.g[2], 109);
    /* Three temp copies are gone; what is left reads g0 directly. */
    ck_assert_uint_le(count(INDEX_op_mov_i64), 2);
}
END_TEST

static uint64_t helper_pure(uint64_t x)
{
    pure_calls++;
    return x * 2;
}

static void helper_impure(void *env)
{
    impure_calls++;
}

static void build_dead(void)
{
    TCGv_i64 t = tcg_temp_new_i64(), u = tcg_temp_new_i64();

    tcg_gen_mul_i64(t, G[0], G[1]);          /* never used */
    tcg_gen_xori_i64(t, t, 5);
    tcg_gen_call1(helper_pure, TCG_CALL_PURE, tcgv_i64_temp(u), tcgv_i64_temp(G[0]));
    tcg_gen_call1(helper_impure, TCG_CALL_NO_RWG, NULL, tcgv_i64_temp(tcg_env));
    tcg_gen_movi_i64(G[2], 1);               /* overwritten before anyone reads it */
    tcg_gen_movi_i64(G[2], 2);
    tcg_gen_exit_tb(0);
}

START_TEST(test_dead_code_and_unused_pure_calls_are_removed)
{
    Env e;
    env_init(&e);
    impure_calls = pure_calls = 0;
    run(build_dead, &e);
    expect_eq(e.g[2], 2);
    expect_eq(count(INDEX_op_mul_i64) + count(INDEX_op_xor_i64), 0);
    expect_eq(count(INDEX_op_call), 1);
    expect_eq(count(INDEX_op_mov_i64), 1);
    /* Four runs: the pure helper never ran, the impure one every time. */
    expect_eq(pure_calls, 0);
    expect_eq(impure_calls, 4);
}
END_TEST

/* ---- Where knowledge must be dropped --------------------------------------------------------- */

static void helper_set_g0(void *env)
{
    ((Env *)env)->g[0] = 9;
}

static void build_call_writes_global(void)
{
    tcg_gen_movi_i64(G[0], 5);
    tcg_gen_call1(helper_set_g0, 0, NULL, tcgv_i64_temp(tcg_env));
    tcg_gen_addi_i64(G[1], G[0], 1);
    tcg_gen_movi_i64(G[2], 5);
    tcg_gen_call1(helper_set_g0, TCG_CALL_NO_WG, NULL, tcgv_i64_temp(tcg_env));
    tcg_gen_addi_i64(G[3], G[2], 1);        /* g2 is still known to be 5 */
    tcg_gen_exit_tb(0);
}

START_TEST(test_helper_that_writes_globals_is_not_folded_across)
{
    Env e;
    env_init(&e);
    run(build_call_writes_global, &e);
    expect_eq(e.g[1], 10);
    expect_eq(e.g[3], 6);
}
END_TEST

static void build_label_merge(void)
{
    TCGLabel *l = gen_new_label();

    tcg_gen_movi_i64(G[0], 1);
    tcg_gen_brcondi_i64(TCG_COND_EQ, G[3], 0, l);
    tcg_gen_movi_i64(G[0], 2);
    tcg_gen_set_label(l);
    tcg_gen_addi_i64(G[1], G[0], 10);
    tcg_gen_exit_tb(0);
}

START_TEST(test_knowledge_is_dropped_at_labels)
{
    Env e;
    env_init(&e);
    run(build_label_merge, &e);
    expect_eq(e.g[1], 11);
    env_init(&e);
    e.g[3] = 1;
    run(build_label_merge, &e);
    expect_eq(e.g[1], 12);
}
END_TEST

static void build_const_branch(void)
{
    TCGLabel *l = gen_new_label();
    TCGv_i64 t = tcg_temp_local_new_i64();

    tcg_gen_movi_i64(t, 7);
    tcg_gen_brcondi_i64(TCG_COND_GTU, t, 3, l);
    tcg_gen_movi_i64(G[0], 111);             /* unreachable */
    tcg_gen_mul_i64(G[1], G[0], G[0]);
    tcg_gen_set_label(l);
    tcg_gen_movi_i64(G[2], 222);
    /* t is unknown after the label; a branch on constants that is never taken vanishes. */
    tcg_gen_brcondi_i64(TCG_COND_LTU, tcg_constant_i64(7), 3, l);
    tcg_gen_exit_tb(0);
}

START_TEST(test_constant_branches_become_jumps_and_drop_dead_code)
{
    Env e;
    env_init(&e);
    run(build_const_branch, &e);
    expect_eq(e.g[0], 0);
    expect_eq(e.g[2], 222);
    expect_eq(count(INDEX_op_brcond_i64), 0);
    expect_eq(count(INDEX_op_mul_i64), 0);
    expect_eq(count(INDEX_op_br), 1);
}
END_TEST

/* ---- State restore after optimisation -------------------------------------------------------- */

static void build_faulting_block(void)
{
    tcg_gen_insn_start(0x1000, 1, 0);
    tcg_gen_movi_i64(G[0], 5);
    tcg_gen_addi_i64(G[1], G[0], 3);
    tcg_gen_insn_start(0x1004, 2, 0);
    tcg_gen_muli_i64(G[2], G[1], 2);
    tcg_gen_insn_start(0x1008, 3, 0);
    tcg_gen_addi_i64(G[5], G[5], 1);
    tcg_gen_qemu_ld_i64(G[3], G[4], 0, MO_LEUL | MO_ALIGN);
    tcg_gen_insn_start(0x100c, 4, 0);
    tcg_gen_movi_i64(G[5], 1000);
    tcg_gen_exit_tb(0);
}

START_TEST(test_fault_restores_the_right_instruction_after_optimisation)
{
    for (volatile int k = 0; k < 4; k++) {
        TCGContext *s = k < 2 ? ctx_plain[k] : ctx_opt[k - 2];
        static TCGTranslation tr;
        static Env e;

        env_init(&e);
        e.g[4] = 0x4002;                     /* misaligned for a 4-byte MO_ALIGN load */
        e.g[5] = 40;
        tcg_translate_begin(s);
        build_faulting_block();
        expect_eq(tcg_translate_end(s, &tr), TCG_TRANSLATE_OK);
        expect_eq(tr.nb_insns, 4);
        cur_tr = &tr;
        fault_insn = -2;
        if (sigsetjmp(fault_jmp, 1) == 0) {
            tcg_tb_exec(s, &e, tr.code);
            ck_abort_msg("context %d: the misaligned load did not fault", k);
        }
        expect_eq(fault_insn, 2);
        expect_eq(fault_data[0], 0x1008);
        expect_eq(fault_data[1], 3);
        /* Everything before the faulting access is in the CPU state. */
        expect_eq(fault_env.g[0], 5);
        expect_eq(fault_env.g[1], 8);
        expect_eq(fault_env.g[2], 16);
        expect_eq(fault_env.g[5], 41);
        /* Aligned: no fault, and the later instruction ran. */
        e.g[4] = 0x4008;
        e.g[5] = 40;
        memcpy(ram + 8, "\x11\x22\x33\x44", 4);
        tcg_tb_exec(s, &e, tr.code);
        expect_eq(e.g[3], 0x44332211);
        expect_eq(e.g[5], 1000);
    }
}
END_TEST

START_TEST(test_retaddr_outside_block_is_rejected)
{
    TCGTranslation tr;
    uint64_t data[TCG_MAX_INSN_WORDS];

    tcg_translate_begin(ctx_opt[0]);
    build_faulting_block();
    expect_eq(tcg_translate_end(ctx_opt[0], &tr), TCG_TRANSLATE_OK);
    expect_eq(tcg_restore_state_from_retaddr(&tr, (uintptr_t)tr.code, data), -1);
    expect_eq(tcg_restore_state_from_retaddr(&tr,
              (uintptr_t)tr.code + tr.code_size + 1, data), -1);
    expect_eq(tcg_restore_state_from_retaddr(&tr, (uintptr_t)tr.code + 1, data), 0);
    expect_eq(data[0], 0x1000);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("tcg-opt");
    TCase *tc = tcase_create("core");
    SRunner *sr;
    int failed;

    ctx_plain[0] = new_ctx(TCG_BACKEND_JIT, false);
    ctx_plain[1] = new_ctx(TCG_BACKEND_INTERP, false);
    ctx_opt[0] = new_ctx(TCG_BACKEND_JIT, true);
    ctx_opt[1] = new_ctx(TCG_BACKEND_INTERP, true);

    tcase_add_test(tc, test_constant_folding_leaves_only_moves);
    tcase_add_test(tc, test_algebraic_identities_are_removed);
    tcase_add_test(tc, test_copy_propagation_survives_overwriting_the_source);
    tcase_add_test(tc, test_dead_code_and_unused_pure_calls_are_removed);
    tcase_add_test(tc, test_helper_that_writes_globals_is_not_folded_across);
    tcase_add_test(tc, test_knowledge_is_dropped_at_labels);
    tcase_add_test(tc, test_constant_branches_become_jumps_and_drop_dead_code);
    tcase_add_test(tc, test_fault_restores_the_right_instruction_after_optimisation);
    tcase_add_test(tc, test_retaddr_outside_block_is_rejected);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    for (int i = 0; i < 2; i++) {
        tcg_context_free(ctx_plain[i]);
        tcg_context_free(ctx_opt[i]);
    }
    return failed ? 1 : 0;
}
