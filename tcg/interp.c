/*
 * The IR interpreter: turns a block's optimised ops into a compact form in the code
 * buffer and runs it. Same semantics as the JIT (tcg-eval.h), same TLB walk and slow
 * paths for guest memory, same chaining and state-restore contract. Not fast; exact.
 *
 * Form: a header (goto_tb targets, where the constant pool is), then ops as 64-bit
 * words: opcode | nargs << 16, then the args. A temp arg is a reference:
 * bits 0-31 a signed byte offset, bits 32-33 its base (env, frame, constant pool),
 * bit 34 set for a 32-bit temp. Branch targets are byte offsets from the block start.
 */
#include "qemu/osdep.h"
#include "qemu/bswap.h"
#include "tcg-internal.h"
#include "tcg-eval.h"

enum { BASE_ENV, BASE_FRAME, BASE_POOL };
#define REF_I32 (1ull << 34)

typedef struct InterpHeader {
    uint64_t pool_offset;
    const void *jmp_target[2];      /* at TCG_INTERP_JMP_SLOT(n) */
    uint64_t reserved;
} InterpHeader;

_Static_assert(offsetof(InterpHeader, jmp_target) == TCG_INTERP_JMP_SLOT(0), "slot 0");

/* ---- Generation -------------------------------------------------------------------- */

static uint64_t temp_ref(TCGContext *s, int idx, int *nb_consts)
{
    TCGTemp *ts = &s->temps[idx];
    uint64_t ref;

    switch (ts->kind) {
    case TEMP_FIXED:
        g_assert_not_reached();     /* env is handled by the caller */
    case TEMP_GLOBAL:
        ref = ((uint64_t)BASE_ENV << 32) | (uint32_t)ts->mem_offset;
        break;
    case TEMP_CONST:
        if (s->interp_map[idx] < 0) {
            s->interp_map[idx] = (*nb_consts)++;
        }
        ref = ((uint64_t)BASE_POOL << 32) | (uint32_t)(s->interp_map[idx] * 8);
        break;
    default:
        ref = ((uint64_t)BASE_FRAME << 32) | (uint32_t)((idx - s->nb_globals) * 8);
        break;
    }
    return ref | (ts->type == TCG_TYPE_I32 ? REF_I32 : 0);
}

/* env as an operand: a constant pool slot holding 0 marks it; see ENV_REF below. */
#define ENV_REF (3ull << 32)

int tcg_interp_gen_code(TCGContext *s, TCGTranslation *out)
{
    uint8_t *start = s->code_ptr;
    uint64_t *w = (uint64_t *)(start + sizeof(InterpHeader));
    uint64_t *pool;
    InterpHeader *hdr = (InterpHeader *)start;
    int nb_consts = 0;
    int nb_relocs = 0;

    if ((uint8_t *)w >= s->code_highwater) {
        return TCG_TRANSLATE_BUFFER_FULL;
    }
    for (int i = 0; i < s->nb_temps; i++) {
        s->interp_map[i] = -1;
    }
    memset(hdr, 0, sizeof(*hdr));
    s->nb_insns = 0;

    for (int oi = 0; oi < s->nb_ops; oi++) {
        TCGOp *op = &s->ops[oi];
        int nb_o, nb_i, nb_c, n;

        if ((uint8_t *)(w + 16) >= s->code_highwater) {
            return TCG_TRANSLATE_BUFFER_FULL;
        }
        switch (op->opc) {
        case INDEX_op_nop:
        case INDEX_op_discard:
            continue;
        case INDEX_op_insn_start:
            if (s->nb_insns == s->max_insns) {
                s->max_insns *= 2;
                s->insn_offsets = g_renew(uint32_t, s->insn_offsets, s->max_insns);
                s->insn_data = g_renew(uint64_t, s->insn_data,
                                       s->max_insns * TCG_MAX_INSN_WORDS);
            }
            s->insn_offsets[s->nb_insns] = (uint8_t *)w - start;
            memcpy(&s->insn_data[s->nb_insns * TCG_MAX_INSN_WORDS], op->args,
                   TCG_MAX_INSN_WORDS * sizeof(uint64_t));
            s->nb_insns++;
            continue;
        case INDEX_op_set_label:
            s->labels[op->args[0]].value = (uint8_t *)w - start;
            continue;
        default:
            break;
        }

        nb_o = op_nb_oargs(op);
        nb_i = op_nb_iargs(op);
        nb_c = op_nb_cargs(op);
        n = nb_o + nb_i + nb_c;
        *w++ = op->opc | ((uint64_t)n << 16) | ((uint64_t)nb_o << 24) |
               ((uint64_t)nb_i << 32);
        for (int i = 0; i < nb_o + nb_i; i++) {
            *w++ = op->args[i] == 1 ? ENV_REF : temp_ref(s, op->args[i], &nb_consts);
        }
        for (int i = nb_o + nb_i; i < n; i++) {
            *w = op->args[i];
            if ((op->opc == INDEX_op_br || tcg_op_defs[op->opc].flags & TCG_OPF_COND_BRANCH) &&
                i == n - 1) {
                /* Label: patched below once every label is placed. */
                if (nb_relocs == s->max_relocs) {
                    s->max_relocs *= 2;
                    s->relocs = g_renew(TCGReloc, s->relocs, s->max_relocs);
                }
                s->relocs[nb_relocs++] = (TCGReloc) {
                    .label = op->args[i], .offset = (uint8_t *)w - start,
                };
            }
            w++;
        }
        if (op->opc == INDEX_op_goto_tb) {
            s->jmp_insn_offset[op->args[0]] = TCG_INTERP_JMP_SLOT(op->args[0]);
            s->jmp_reset_offset[op->args[0]] = 0;
        }
    }

    pool = w;
    if ((uint8_t *)(pool + nb_consts) >= s->code_highwater) {
        return TCG_TRANSLATE_BUFFER_FULL;
    }
    for (int i = 0; i < s->nb_temps; i++) {
        if (s->interp_map[i] >= 0) {
            pool[s->interp_map[i]] = s->temps[i].val;
        }
    }
    for (int i = 0; i < nb_relocs; i++) {
        g_assert(s->labels[s->relocs[i].label].present);
        *(uint64_t *)(start + s->relocs[i].offset) = s->labels[s->relocs[i].label].value;
    }
    hdr->pool_offset = (uint8_t *)pool - start;
    s->code_ptr = (uint8_t *)(pool + nb_consts);
    return TCG_TRANSLATE_OK;
}

/* ---- Execution --------------------------------------------------------------------- */

typedef struct InterpRegs {
    char *base[4];
} InterpRegs;

static inline void *ref_ptr(InterpRegs *r, uint64_t ref)
{
    return r->base[(ref >> 32) & 3] + (int32_t)ref;
}

static inline uint64_t rd(InterpRegs *r, uint64_t ref)
{
    if ((ref & (3ull << 32)) == ENV_REF) {
        return (uintptr_t)r->base[BASE_ENV];
    }
    if (ref & REF_I32) {
        return *(uint32_t *)ref_ptr(r, ref);
    }
    return *(uint64_t *)ref_ptr(r, ref);
}

static inline void wr(InterpRegs *r, uint64_t ref, uint64_t v)
{
    if (ref & REF_I32) {
        *(uint32_t *)ref_ptr(r, ref) = (uint32_t)v;
    } else {
        *(uint64_t *)ref_ptr(r, ref) = v;
    }
}

/* The TLB entry for addr, and whether the access hits it. */
static void *tlb_lookup(TCGContext *s, void *env, uint64_t addr, bool addr32, MemOpIdx oi,
                        bool is_ld)
{
    MemOp mop = get_memop(oi);
    unsigned size = memop_size(mop), align = memop_alignment(mop);
    unsigned bits = s->cfg.page_bits;
    CPUTLBDescFast *fast = (CPUTLBDescFast *)((char *)env + s->cfg.tlb_fast_offset) +
                           get_mmuidx(oi);
    CPUTLBEntry *e = (CPUTLBEntry *)((char *)fast->table +
                                     ((addr >> (bits - CPU_TLB_ENTRY_BITS)) & fast->mask));
    uint64_t cmp = align >= size ? addr : addr + size - align;

    cmp &= ~(((uint64_t)1 << bits) - 1) | (align - 1);
    if (addr32) {
        cmp = (uint32_t)cmp;
    }
    if (cmp != (is_ld ? e->addr_read : e->addr_write)) {
        return NULL;
    }
    return (void *)(uintptr_t)(addr + e->addend);
}

static uint64_t interp_qemu_ld(TCGContext *s, void *env, uint64_t addr, bool addr32,
                               MemOpIdx oi, uintptr_t ra)
{
    MemOp mop = get_memop(oi);
    void *host = tlb_lookup(s, env, addr, addr32, oi, true);
    uint64_t v;

    if (!host) {
        tcg_interp_retaddr = ra;
        v = s->cfg.ld_slow(env, addr, oi, ra);
        tcg_interp_retaddr = 0;
        return v;
    }
    switch (mop & MO_SIZE) {
    case MO_8: {
        uint8_t x;
        memcpy(&x, host, 1);
        return mop & MO_SIGN ? (uint64_t)(int8_t)x : x;
    }
    case MO_16: {
        uint16_t x;
        memcpy(&x, host, 2);
        if (mop & MO_BSWAP) {
            x = __builtin_bswap16(x);
        }
        return mop & MO_SIGN ? (uint64_t)(int16_t)x : x;
    }
    case MO_32: {
        uint32_t x;
        memcpy(&x, host, 4);
        if (mop & MO_BSWAP) {
            x = __builtin_bswap32(x);
        }
        return mop & MO_SIGN ? (uint64_t)(int32_t)x : x;
    }
    default:
        memcpy(&v, host, 8);
        return mop & MO_BSWAP ? __builtin_bswap64(v) : v;
    }
}

static void interp_qemu_st(TCGContext *s, void *env, uint64_t addr, bool addr32,
                           uint64_t v, MemOpIdx oi, uintptr_t ra)
{
    MemOp mop = get_memop(oi);
    void *host = tlb_lookup(s, env, addr, addr32, oi, false);

    if (!host) {
        tcg_interp_retaddr = ra;
        s->cfg.st_slow(env, addr, v, oi, ra);
        tcg_interp_retaddr = 0;
        return;
    }
    switch (mop & MO_SIZE) {
    case MO_8: {
        uint8_t x = v;
        memcpy(host, &x, 1);
        break;
    }
    case MO_16: {
        uint16_t x = v;
        if (mop & MO_BSWAP) {
            x = __builtin_bswap16(x);
        }
        memcpy(host, &x, 2);
        break;
    }
    case MO_32: {
        uint32_t x = v;
        if (mop & MO_BSWAP) {
            x = __builtin_bswap32(x);
        }
        memcpy(host, &x, 4);
        break;
    }
    default:
        if (mop & MO_BSWAP) {
            v = __builtin_bswap64(v);
        }
        memcpy(host, &v, 8);
        break;
    }
}

typedef uint64_t (*InterpHelper)(uint64_t, uint64_t, uint64_t, uint64_t, uint64_t, uint64_t);

uintptr_t tcg_interp_exec(TCGContext *s, void *env, const void *code)
{
    InterpRegs r;
    const uint8_t *blob = code;
    const uint64_t *p;

    r.base[BASE_ENV] = env;
    r.base[BASE_FRAME] = (char *)s->interp_frame;
    r.base[3] = NULL;

next_tb:
    r.base[BASE_POOL] = (char *)blob + ((const InterpHeader *)blob)->pool_offset;
    p = (const uint64_t *)(blob + sizeof(InterpHeader));
    for (;;) {
        const uint64_t *op = p;
        const uint64_t *a = p + 1;
        TCGOpcode opc = (TCGOpcode)(*p & 0xffff);

        p += 1 + ((*p >> 16) & 0xff);
        switch (opc) {
#define UN(x) case INDEX_op_##x: \
            wr(&r, a[0], tcg_eval_op(INDEX_op_##x, rd(&r, a[1]), 0)); break;
#define BIN(x) case INDEX_op_##x: \
            wr(&r, a[0], tcg_eval_op(INDEX_op_##x, rd(&r, a[1]), rd(&r, a[2]))); break;
#define BOTH_UN(x) UN(x##_i32) UN(x##_i64)
#define BOTH_BIN(x) BIN(x##_i32) BIN(x##_i64)
        BOTH_UN(mov) BOTH_UN(neg) BOTH_UN(not) BOTH_UN(ctpop)
        BOTH_UN(ext8s) BOTH_UN(ext8u) BOTH_UN(ext16s) BOTH_UN(ext16u)
        BOTH_UN(bswap16) BOTH_UN(bswap32)
        UN(ext32s_i64) UN(ext32u_i64) UN(bswap64_i64)
        UN(extrl_i64_i32) UN(extrh_i64_i32) UN(extu_i32_i64) UN(ext_i32_i64)
        BOTH_BIN(add) BOTH_BIN(sub) BOTH_BIN(mul) BOTH_BIN(div) BOTH_BIN(divu)
        BOTH_BIN(rem) BOTH_BIN(remu) BOTH_BIN(and) BOTH_BIN(or) BOTH_BIN(xor)
        BOTH_BIN(shl) BOTH_BIN(shr) BOTH_BIN(sar) BOTH_BIN(rotl) BOTH_BIN(rotr)
        BOTH_BIN(clz) BOTH_BIN(ctz)
#undef UN
#undef BIN
#undef BOTH_UN
#undef BOTH_BIN

        case INDEX_op_setcond_i32:
        case INDEX_op_setcond_i64:
            wr(&r, a[0], tcg_eval_cond(a[3], rd(&r, a[1]), rd(&r, a[2]),
                                       opc == INDEX_op_setcond_i64));
            break;
        case INDEX_op_movcond_i32:
        case INDEX_op_movcond_i64:
            wr(&r, a[0], tcg_eval_cond(a[5], rd(&r, a[1]), rd(&r, a[2]),
                                       opc == INDEX_op_movcond_i64)
                         ? rd(&r, a[3]) : rd(&r, a[4]));
            break;
        case INDEX_op_brcond_i32:
        case INDEX_op_brcond_i64:
            if (tcg_eval_cond(a[2], rd(&r, a[0]), rd(&r, a[1]), opc == INDEX_op_brcond_i64)) {
                p = (const uint64_t *)(blob + a[3]);
            }
            break;
        case INDEX_op_br:
            p = (const uint64_t *)(blob + a[0]);
            break;

        case INDEX_op_add2_i32:
        case INDEX_op_sub2_i32: {
            uint64_t x = rd(&r, a[2]) | (rd(&r, a[3]) << 32);
            uint64_t y = rd(&r, a[4]) | (rd(&r, a[5]) << 32);
            uint64_t z = opc == INDEX_op_add2_i32 ? x + y : x - y;
            wr(&r, a[0], z);
            wr(&r, a[1], z >> 32);
            break;
        }
        case INDEX_op_add2_i64:
        case INDEX_op_sub2_i64: {
            unsigned __int128 x = rd(&r, a[2]) | ((unsigned __int128)rd(&r, a[3]) << 64);
            unsigned __int128 y = rd(&r, a[4]) | ((unsigned __int128)rd(&r, a[5]) << 64);
            unsigned __int128 z = opc == INDEX_op_add2_i64 ? x + y : x - y;
            wr(&r, a[0], (uint64_t)z);
            wr(&r, a[1], (uint64_t)(z >> 64));
            break;
        }
        case INDEX_op_mulu2_i32: {
            uint64_t z = rd(&r, a[2]) * rd(&r, a[3]);
            wr(&r, a[0], z);
            wr(&r, a[1], z >> 32);
            break;
        }
        case INDEX_op_muls2_i32: {
            int64_t z = (int64_t)(int32_t)rd(&r, a[2]) * (int32_t)rd(&r, a[3]);
            wr(&r, a[0], (uint64_t)z);
            wr(&r, a[1], (uint64_t)z >> 32);
            break;
        }
        case INDEX_op_mulu2_i64: {
            unsigned __int128 z = (unsigned __int128)rd(&r, a[2]) * rd(&r, a[3]);
            wr(&r, a[0], (uint64_t)z);
            wr(&r, a[1], (uint64_t)(z >> 64));
            break;
        }
        case INDEX_op_muls2_i64: {
            __int128 z = (__int128)(int64_t)rd(&r, a[2]) * (int64_t)rd(&r, a[3]);
            wr(&r, a[0], (uint64_t)z);
            wr(&r, a[1], (uint64_t)((unsigned __int128)z >> 64));
            break;
        }

#define HOST_LD(x, T, X) case INDEX_op_##x: { \
            T v_; memcpy(&v_, (char *)(uintptr_t)rd(&r, a[1]) + (intptr_t)a[2], sizeof(v_)); \
            wr(&r, a[0], (X)); break; }
        HOST_LD(ld8u_i32, uint8_t, v_) HOST_LD(ld8u_i64, uint8_t, v_)
        HOST_LD(ld8s_i32, int8_t, (uint64_t)(int64_t)v_)
        HOST_LD(ld8s_i64, int8_t, (uint64_t)(int64_t)v_)
        HOST_LD(ld16u_i32, uint16_t, v_) HOST_LD(ld16u_i64, uint16_t, v_)
        HOST_LD(ld16s_i32, int16_t, (uint64_t)(int64_t)v_)
        HOST_LD(ld16s_i64, int16_t, (uint64_t)(int64_t)v_)
        HOST_LD(ld32u_i64, uint32_t, v_)
        HOST_LD(ld32s_i64, int32_t, (uint64_t)(int64_t)v_)
        HOST_LD(ld_i32, uint32_t, v_) HOST_LD(ld_i64, uint64_t, v_)
#undef HOST_LD
#define HOST_ST(x, T) case INDEX_op_##x: { \
            T v_ = (T)rd(&r, a[0]); \
            memcpy((char *)(uintptr_t)rd(&r, a[1]) + (intptr_t)a[2], &v_, sizeof(v_)); break; }
        HOST_ST(st8_i32, uint8_t) HOST_ST(st8_i64, uint8_t)
        HOST_ST(st16_i32, uint16_t) HOST_ST(st16_i64, uint16_t)
        HOST_ST(st32_i64, uint32_t) HOST_ST(st_i32, uint32_t) HOST_ST(st_i64, uint64_t)
#undef HOST_ST

        case INDEX_op_qemu_ld_i32:
        case INDEX_op_qemu_ld_i64:
            wr(&r, a[0], interp_qemu_ld(s, env, rd(&r, a[1]), a[1] & REF_I32, a[2],
                                        (uintptr_t)op + 1));
            break;
        case INDEX_op_qemu_st_i32:
        case INDEX_op_qemu_st_i64:
            interp_qemu_st(s, env, rd(&r, a[1]), a[1] & REF_I32, rd(&r, a[0]), a[2],
                           (uintptr_t)op + 1);
            break;

        case INDEX_op_call: {
            int nb_o = (*op >> 24) & 0xff, nb_i = (*op >> 32) & 0xff;
            uint64_t x[TCG_MAX_CALL_ARGS] = { 0 };
            InterpHelper fn = (InterpHelper)(uintptr_t)a[nb_o + nb_i];
            uint64_t ret;

            for (int i = 0; i < nb_i; i++) {
                x[i] = rd(&r, a[nb_o + i]);
            }
            tcg_interp_retaddr = (uintptr_t)op + 1;
            ret = fn(x[0], x[1], x[2], x[3], x[4], x[5]);
            tcg_interp_retaddr = 0;
            if (nb_o) {
                wr(&r, a[0], ret);
            }
            break;
        }
        case INDEX_op_mb:
            __atomic_thread_fence(__ATOMIC_SEQ_CST);
            break;
        case INDEX_op_exit_tb:
            return a[0];
        case INDEX_op_goto_tb: {
            const void *t = __atomic_load_n(
                (const void **)(blob + TCG_INTERP_JMP_SLOT(a[0])), __ATOMIC_ACQUIRE);
            if (t) {
                blob = t;
                goto next_tb;
            }
            break;
        }
        case INDEX_op_goto_ptr: {
            uintptr_t t = rd(&r, a[0]);
            if (!t) {
                return 0;
            }
            blob = (const uint8_t *)t;
            goto next_tb;
        }
        default:
            g_assert_not_reached();
        }
    }
}
