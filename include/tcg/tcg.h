/*
 * TCG core: translation contexts, temporaries, labels, translating a block of IR into
 * host code (x86-64 JIT) or into a compact form for the IR interpreter, running it,
 * chaining blocks, and mapping a host return address back to a guest instruction.
 * Ops are emitted with the tcg_gen_* functions of tcg/tcg-op.h. Target-neutral.
 */
#ifndef TCG_TCG_H
#define TCG_TCG_H

#include "qemu/osdep.h"
#include "qapi/error.h"
#include "tcg/tcg-tlb.h"

/* Data words an insn_start marker carries (e.g. pc, condition bits). */
#define TCG_MAX_INSN_WORDS 3
/* Maximum temporaries (globals included) in one context. */
#define TCG_MAX_TEMPS 4096
/* Maximum helper-call arguments. */
#define TCG_MAX_CALL_ARGS 6

typedef enum TCGType {
    TCG_TYPE_I32,
    TCG_TYPE_I64,
} TCGType;

/*
 * Conditions; the unsigned ones end in U. TSTEQ/TSTNE compare (a & b) with zero.
 * Numbering: invert a condition with tcg_invert_cond().
 */
typedef enum TCGCond {
    TCG_COND_NEVER = 0,
    TCG_COND_ALWAYS = 1,
    TCG_COND_EQ = 2,
    TCG_COND_NE = 3,
    TCG_COND_LT = 4,
    TCG_COND_GE = 5,
    TCG_COND_LE = 6,
    TCG_COND_GT = 7,
    TCG_COND_LTU = 8,
    TCG_COND_GEU = 9,
    TCG_COND_LEU = 10,
    TCG_COND_GTU = 11,
    TCG_COND_TSTEQ = 12,
    TCG_COND_TSTNE = 13,
} TCGCond;

static inline TCGCond tcg_invert_cond(TCGCond c)
{
    return (TCGCond)(c ^ 1);
}

/* The condition that holds for (b, a) exactly when c holds for (a, b). */
TCGCond tcg_swap_cond(TCGCond c);

typedef enum TCGOpcode {
#define DEF(name, oargs, iargs, cargs, flags) INDEX_op_##name,
#include "tcg/tcg-opc.h"
#undef DEF
    NB_OPS,
} TCGOpcode;

/*
 * Handles. A handle is an index into its context's temporaries: globals created in
 * the same order in two contexts have the same handles. TCGv_ptr is a host pointer
 * (64 bits on the supported hosts).
 */
typedef struct TCGv_i32_d *TCGv_i32;
typedef struct TCGv_i64_d *TCGv_i64;
typedef TCGv_i64 TCGv_ptr;
typedef struct TCGTemp TCGTemp;
typedef struct TCGLabel TCGLabel;
typedef struct TCGContext TCGContext;

/* Helper-call flags: what a helper may do, so globals are synced only as needed. */
#define TCG_CALL_NO_READ_GLOBALS  0x01  /* does not read globals (nor raise exceptions) */
#define TCG_CALL_NO_WRITE_GLOBALS 0x02  /* does not write globals */
#define TCG_CALL_NO_SIDE_EFFECTS  0x04  /* pure: removed when its result is unused */
#define TCG_CALL_NO_RWG (TCG_CALL_NO_READ_GLOBALS | TCG_CALL_NO_WRITE_GLOBALS)
#define TCG_CALL_NO_WG TCG_CALL_NO_WRITE_GLOBALS
/* A pure function of its arguments: no globals, no side effects, no exceptions. */
#define TCG_CALL_PURE (TCG_CALL_NO_RWG | TCG_CALL_NO_SIDE_EFFECTS)

/* Memory barrier types for tcg_gen_mb(): which earlier accesses order which later. */
#define TCG_MO_LD_LD 0x01
#define TCG_MO_ST_LD 0x02
#define TCG_MO_LD_ST 0x04
#define TCG_MO_ST_ST 0x08
#define TCG_MO_ALL   0x0f

typedef enum TCGBackend {
    TCG_BACKEND_JIT,     /* x86-64 host code */
    TCG_BACKEND_INTERP,  /* the IR interpreter */
} TCGBackend;

/* What the accel layer tells a context when creating it. */
typedef struct TCGContextConfig {
    TCGBackend backend;
    size_t code_buffer_size;      /* bytes; 0 for a default of 32 MiB */
    unsigned insn_start_words;    /* data words per insn_start, 1..TCG_MAX_INSN_WORDS */
    /* Softmmu: see tcg/tcg-tlb.h. */
    unsigned page_bits;           /* log2 of the guest page size, 10..16 */
    intptr_t tlb_fast_offset;     /* offset from env of CPUTLBDescFast[nb_mmu_modes] */
    unsigned nb_mmu_modes;        /* 1..TCG_MAX_MMU_MODES */
    TCGLoadSlowFn ld_slow;
    TCGStoreSlowFn st_slow;
} TCGContextConfig;

/*
 * The result of translating one block. It points into the context's code buffer and
 * stays valid until that buffer is flushed. The caller (the TB cache) copies it into
 * its own translation-block structure.
 */
typedef struct TCGTranslation {
    TCGBackend backend;
    void *code;                   /* entry point: pass to tcg_tb_exec or as a jump target */
    size_t code_size;             /* bytes of code (JIT) or of interpreter form */
    size_t total_size;            /* code plus the instruction table that follows it */
    uint32_t jmp_insn_offset[2];  /* per goto_tb slot: patch site, or UINT32_MAX */
    uint32_t jmp_reset_offset[2]; /* per goto_tb slot: where the unchained jump lands */
    uint32_t nb_insns;            /* insn_start markers in the block */
    uint32_t insn_start_words;
    const uint8_t *insn_table;    /* internal: host end offsets and data words */
} TCGTranslation;

/* tcg_translate_end() results. */
#define TCG_TRANSLATE_OK 0
#define TCG_TRANSLATE_BUFFER_FULL (-1)  /* flush the code buffer and translate again */
#define TCG_TRANSLATE_TOO_BIG (-2)      /* block too large: translate fewer instructions */

/*
 * The current context of this thread, used by all tcg_gen_* functions. Set by
 * tcg_translate_begin(). One context must not be used by two threads at once;
 * different contexts are independent and may be used concurrently.
 */
extern __thread TCGContext *tcg_ctx;

/*
 * Host return address to give the slow paths and tcg_restore_state_from_retaddr()
 * from a helper called by translated code: the real return address under the JIT,
 * the interpreter's current position under the interpreter. Use in the helper itself
 * (not in a function it calls). tcg_tb_exec() clears the interpreter's value on
 * entry; after unwinding out of generated code, call tcg_exec_unwound().
 */
extern __thread uintptr_t tcg_interp_retaddr;
#define TCG_GETPC() \
    (tcg_interp_retaddr ? tcg_interp_retaddr : (uintptr_t)__builtin_return_address(0))

static inline void tcg_exec_unwound(void)
{
    tcg_interp_retaddr = 0;
}

/*
 * Create a context with its code buffer. Fails (errp set, NULL returned) on a bad
 * configuration or when the buffer cannot be mapped. The context creates the fixed
 * global tcg_env (the env pointer) itself.
 */
TCGContext *tcg_context_new(const TCGContextConfig *cfg, Error **errp);
void tcg_context_free(TCGContext *s);
/* Make s this thread's tcg_ctx, e.g. to create its globals before translating. */
void tcg_context_make_current(TCGContext *s);
TCGBackend tcg_context_backend(const TCGContext *s);

/* The env pointer (first argument of tcg_tb_exec), as a temp for helper calls. */
TCGv_ptr tcg_env_of(TCGContext *s);
#define tcg_env (tcg_env_of(tcg_ctx))

/*
 * Globals: CPU-state fields at offset from env, created once per context before
 * translating. base must be tcg_env. name is kept (not copied): use a literal.
 */
TCGv_i32 tcg_global_mem_new_i32(TCGv_ptr base, intptr_t offset, const char *name);
TCGv_i64 tcg_global_mem_new_i64(TCGv_ptr base, intptr_t offset, const char *name);

/*
 * Temporaries of the block being translated; they vanish at tcg_translate_end().
 * tcg_temp_new_*: valid until the next label (an extended basic block: they survive
 * conditional branches on the fall-through path only).
 * tcg_temp_local_new_*: valid across labels and branches within the block.
 * Freeing is optional; freed temporaries are reused.
 */
TCGv_i32 tcg_temp_new_i32(void);
TCGv_i64 tcg_temp_new_i64(void);
TCGv_i32 tcg_temp_local_new_i32(void);
TCGv_i64 tcg_temp_local_new_i64(void);
void tcg_temp_free_i32(TCGv_i32 v);
void tcg_temp_free_i64(TCGv_i64 v);
#define tcg_temp_new_ptr tcg_temp_new_i64
#define tcg_temp_free_ptr tcg_temp_free_i64

/* Read-only constants (interned per block); never write to them, never free them. */
TCGv_i32 tcg_constant_i32(int32_t val);
TCGv_i64 tcg_constant_i64(int64_t val);
#define tcg_constant_ptr(p) tcg_constant_i64((intptr_t)(p))

/* Temp views of handles, for tcg_gen_callN(). */
TCGTemp *tcgv_i32_temp(TCGv_i32 v);
TCGTemp *tcgv_i64_temp(TCGv_i64 v);

/* Labels: new, then referenced by branches, then placed once with tcg_gen_set_label. */
TCGLabel *gen_new_label(void);

/*
 * Start translating a block in s (and make s this thread's tcg_ctx). Emit ops with
 * tcg_gen_*, then call tcg_translate_end().
 */
void tcg_translate_begin(TCGContext *s);

/*
 * Optimise the block's IR and generate code (JIT) or the interpreter form into the
 * code buffer; fill *out. Returns TCG_TRANSLATE_OK, or TCG_TRANSLATE_BUFFER_FULL
 * (nothing was emitted; flush with tcg_code_buffer_flush() and translate the block
 * again), or TCG_TRANSLATE_TOO_BIG.
 */
int tcg_translate_end(TCGContext *s, TCGTranslation *out);

/*
 * Throw away every translation in the code buffer. The caller must first forget all
 * TCGTranslations of s (their code and jump targets become invalid).
 */
void tcg_code_buffer_flush(TCGContext *s);
size_t tcg_code_buffer_used(const TCGContext *s);

/*
 * Run translated code: enter at code (a TCGTranslation's code, or a chained target)
 * with env, until an exit_tb (its value is returned) or a goto_ptr to NULL (0 is
 * returned). Generated code may unwind out through a helper's siglongjmp.
 */
uintptr_t tcg_tb_exec(TCGContext *s, void *env, const void *code);

/*
 * Chaining: make goto_tb slot n (0 or 1) of tr jump straight to target (another
 * translation's code in the same context), or back to its fall-through when target is
 * NULL. The patch is a single aligned 4- or 8-byte store, safe while other threads run
 * the code. Returns false if tr has no goto_tb n.
 */
bool tcg_tb_set_jmp_target(const TCGTranslation *tr, int n, const void *target);

/* True when host address retaddr (as from TCG_GETPC()) lies inside tr's code. */
bool tcg_translation_contains(const TCGTranslation *tr, uintptr_t retaddr);

/*
 * Map a host return address inside tr back to the guest instruction it belongs to:
 * fills data[0..insn_start_words-1] with that instruction's insn_start words and
 * returns its index in the block, or -1 when retaddr is not inside tr's instructions.
 */
int tcg_restore_state_from_retaddr(const TCGTranslation *tr, uintptr_t retaddr,
                                   uint64_t data[]);

/* Debugging: print the current block's IR (after translation: optimised) to f. */
void tcg_dump_ops(TCGContext *s, FILE *f);
/* Number of live (not removed) ops with opcode opc in the current block; for tests. */
unsigned tcg_count_ops(TCGContext *s, TCGOpcode opc);
/* Disable the optimiser (liveness still runs); for tests and debugging. */
void tcg_set_optimize(TCGContext *s, bool on);

#endif
