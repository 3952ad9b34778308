/*
 * TCG internals shared by the core (tcg.c), the op emitters, the optimiser, the
 * interpreter and the x86-64 backend: the context, temporaries and ops.
 * Not for frontends or the accel layer (they use include/tcg/).
 */
#ifndef TCG_INTERNAL_H
#define TCG_INTERNAL_H

#include "tcg/tcg.h"

typedef uint64_t TCGArg;

#define TCG_ALIGN_UP(n, a) (((n) + (a) - 1) & ~((size_t)(a) - 1))
#define TCG_ALIGN_PTR_UP(p, a) ((void *)TCG_ALIGN_UP((uintptr_t)(p), (a)))

typedef enum TCGTempKind {
    TEMP_EBB,       /* dies at the next label */
    TEMP_TB,        /* lives across labels within the block */
    TEMP_GLOBAL,    /* a CPU-state field at env + mem_offset */
    TEMP_FIXED,     /* env itself, pinned in a host register */
    TEMP_CONST,     /* read-only constant */
} TCGTempKind;

typedef enum TCGTempVal {
    TEMP_VAL_DEAD,
    TEMP_VAL_REG,
    TEMP_VAL_MEM,
    TEMP_VAL_CONST,
} TCGTempVal;

/* Liveness state bits (TCGTemp.state). */
#define TS_DEAD 1   /* value not needed any more */
#define TS_MEM  2   /* memory copy must be up to date */

struct TCGTemp {
    uint8_t type;           /* TCGType */
    uint8_t kind;           /* TCGTempKind */
    uint8_t val_type;       /* TCGTempVal, for the register allocator */
    int8_t reg;
    bool mem_coherent;      /* memory holds the current value */
    bool mem_allocated;     /* has a spill slot (non-globals) */
    bool allocated;         /* in use (not on a free list) */
    uint8_t state;          /* liveness */
    int32_t mem_offset;     /* globals: from env; others: spill slot from frame base */
    int32_t next_free;      /* free-list link */
    uint64_t val;           /* constants; 32-bit values zero-extended */
    const char *name;
};

#define TCG_MAX_OP_ARGS 10

/*
 * One op. args[]: outputs, then inputs (temp indexes), then constant arguments.
 * Calls: call_o outputs, call_i inputs, then the function pointer and the flags.
 * life: DEAD_ARG(i) when arg i's temp dies here, SYNC_ARG(i) when output i must be
 * stored to memory after the op; computed by the liveness pass.
 */
typedef struct TCGOp {
    uint8_t opc;
    uint8_t call_o;
    uint8_t call_i;
    uint8_t pad;
    uint32_t life;
    TCGArg args[TCG_MAX_OP_ARGS];
} TCGOp;

#define DEAD_ARG(i) (1u << (i))
#define SYNC_ARG(i) (1u << (16 + (i)))

/* Op flags. */
#define TCG_OPF_BB_END       0x01   /* ends a basic block */
#define TCG_OPF_BB_EXIT      0x02   /* leaves the translation block */
#define TCG_OPF_COND_BRANCH  0x04
#define TCG_OPF_SIDE_EFFECTS 0x08   /* never removed */
#define TCG_OPF_64BIT        0x10
#define TCG_OPF_NOT_PRESENT  0x20   /* generates no code itself */
#define TCG_OPF_GUEST_MEM    0x40   /* guest load/store: may fault, syncs globals */

typedef struct TCGOpDef {
    const char *name;
    uint8_t nb_oargs, nb_iargs, nb_cargs;
    uint8_t flags;
} TCGOpDef;

extern const TCGOpDef tcg_op_defs[NB_OPS];

typedef struct TCGLabelInfo {
    bool present;
    uint32_t value;         /* code offset (JIT) or op offset (interpreter) */
} TCGLabelInfo;

typedef struct TCGReloc {
    uint32_t label;
    uint32_t offset;        /* of the rel32 field to patch */
} TCGReloc;

/* Host features the JIT may use. */
#define TCG_CAP_LZCNT  0x01
#define TCG_CAP_BMI1   0x02
#define TCG_CAP_POPCNT 0x04
#define TCG_CAP_MOVBE  0x08

#define TCG_NB_HOST_REGS 16
/* Spill slots in the JIT frame. */
#define TCG_FRAME_SLOTS 1024

/* An out-of-line guest-memory slow path, emitted after the block's code. */
typedef struct TCGLdstStub {
    uint32_t jcc_offset;    /* rel32 of the jump to the stub */
    uint32_t resume_offset; /* where the fast path continues */
    uint32_t oi;
    uint16_t save_regs;     /* caller-saved registers holding live values */
    int8_t addr_reg, data_reg;
    bool is_ld, addr32, data32;
} TCGLdstStub;

struct TCGContext {
    TCGContextConfig cfg;
    uint32_t caps;
    bool optimize;
    bool temps_overflow;                /* too many temps: the block is TOO_BIG */

    /* Temporaries: [0] unused, [1] env, then globals, then the block's temps. */
    TCGTemp *temps;
    int nb_globals;
    int nb_temps;
    int free_heads[2][2];               /* [local?][type] */
    uint16_t *const_hash;               /* open addressing, 0 = empty */
    unsigned const_hash_size;

    /* The block's ops. */
    TCGOp *ops;
    int nb_ops;
    int max_ops;
    TCGLabelInfo *labels;
    int nb_labels;
    int max_labels;
    int nb_insns;
    uint32_t *insn_offsets;             /* code offset of each insn_start */
    uint64_t *insn_data;
    int max_insns;
    int goto_tb_count[2];

    /* Code buffer. */
    uint8_t *code_buf;
    size_t code_buf_size;
    uint8_t *code_gen_start;            /* first byte after the prologue */
    uint8_t *code_ptr;                  /* next free byte */
    uint8_t *code_highwater;            /* stop emitting beyond this */
    uint8_t *tb_start;                  /* block being generated */

    /* JIT state. */
    uintptr_t (*jit_enter)(void *env, const void *code);
    uint8_t *epilogue_ret0;             /* returns 0 */
    uint8_t *epilogue;                  /* returns rax */
    int16_t reg_to_temp[TCG_NB_HOST_REGS];
    uint16_t locked_regs;               /* in use by the op being generated */
    bool code_full;                     /* ran into the high-water mark mid-op */
    int frame_slots_used;
    TCGReloc *relocs;
    int nb_relocs, max_relocs;
    TCGLdstStub *stubs;
    int nb_stubs, max_stubs;
    uint32_t jmp_insn_offset[2];
    uint32_t jmp_reset_offset[2];

    /* Optimiser state, one entry per temp (allocated on first use). */
    struct TempOptInfo *opt_info;

    /* Interpreter state. */
    uint64_t *interp_frame;
    int32_t *interp_map;                /* temp -> constant pool index while generating */
};

static inline TCGTemp *arg_temp(TCGContext *s, TCGArg a)
{
    return &s->temps[a];
}

static inline int op_nb_oargs(const TCGOp *op)
{
    return op->opc == INDEX_op_call ? op->call_o : tcg_op_defs[op->opc].nb_oargs;
}

static inline int op_nb_iargs(const TCGOp *op)
{
    return op->opc == INDEX_op_call ? op->call_i : tcg_op_defs[op->opc].nb_iargs;
}

static inline int op_nb_cargs(const TCGOp *op)
{
    return op->opc == INDEX_op_call ? 2 : tcg_op_defs[op->opc].nb_cargs;
}

/* Emit an op with its args; returns it (valid until the next emission). */
TCGOp *tcg_emit_op(TCGContext *s, TCGOpcode opc, int nargs, const TCGArg *args);
/* The constant temp of (type, val), created if needed. */
int tcg_const_temp(TCGContext *s, TCGType type, uint64_t val);

void tcg_optimize(TCGContext *s);
void tcg_liveness(TCGContext *s);

/* Backends. They write at s->code_ptr and must stop at s->code_highwater. */
bool tcg_jit_init(TCGContext *s, Error **errp);
int tcg_jit_gen_code(TCGContext *s, TCGTranslation *out);
int tcg_interp_gen_code(TCGContext *s, TCGTranslation *out);
uintptr_t tcg_interp_exec(TCGContext *s, void *env, const void *code);
/* Interpreter form: where goto_tb slot n is stored, for chaining. */
#define TCG_INTERP_JMP_SLOT(n) (8 + 8 * (n))

#endif
