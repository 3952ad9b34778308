/*
 * The TCG IR opcode list, as an X-macro: DEF(name, nb_oargs, nb_iargs, nb_cargs, flags).
 * Included by tcg.h to build the opcode enum and by tcg.c to build the op definitions.
 * Calls have a variable number of arguments (see TCGOp); their counts here are zero.
 */

/* Control and bookkeeping. */
DEF(nop, 0, 0, 0, TCG_OPF_NOT_PRESENT)
DEF(discard, 1, 0, 0, TCG_OPF_NOT_PRESENT)
DEF(set_label, 0, 0, 1, TCG_OPF_BB_END | TCG_OPF_NOT_PRESENT)
DEF(br, 0, 0, 1, TCG_OPF_BB_END)
DEF(call, 0, 0, 0, TCG_OPF_SIDE_EFFECTS)
DEF(mb, 0, 0, 1, TCG_OPF_SIDE_EFFECTS)
DEF(insn_start, 0, 0, TCG_MAX_INSN_WORDS, TCG_OPF_NOT_PRESENT)
DEF(exit_tb, 0, 0, 1, TCG_OPF_BB_EXIT | TCG_OPF_BB_END)
DEF(goto_tb, 0, 0, 1, TCG_OPF_BB_EXIT | TCG_OPF_SIDE_EFFECTS)
DEF(goto_ptr, 0, 1, 0, TCG_OPF_BB_EXIT | TCG_OPF_BB_END)

/* Operations present in both widths. */
#define DEF_BOTH(x, o, i, c, f) \
    DEF(x##_i32, o, i, c, f) \
    DEF(x##_i64, o, i, c, (f) | TCG_OPF_64BIT)

DEF_BOTH(mov, 1, 1, 0, 0)
DEF_BOTH(setcond, 1, 2, 1, 0)
DEF_BOTH(movcond, 1, 4, 1, 0)
DEF_BOTH(brcond, 0, 2, 2, TCG_OPF_BB_END | TCG_OPF_COND_BRANCH)

/* Host memory relative to a pointer temp: args (value, base, offset). */
DEF_BOTH(ld8u, 1, 1, 1, 0)
DEF_BOTH(ld8s, 1, 1, 1, 0)
DEF_BOTH(ld16u, 1, 1, 1, 0)
DEF_BOTH(ld16s, 1, 1, 1, 0)
DEF(ld32u_i64, 1, 1, 1, TCG_OPF_64BIT)
DEF(ld32s_i64, 1, 1, 1, TCG_OPF_64BIT)
DEF_BOTH(ld, 1, 1, 1, 0)
DEF_BOTH(st8, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)
DEF_BOTH(st16, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)
DEF(st32_i64, 0, 2, 1, TCG_OPF_SIDE_EFFECTS | TCG_OPF_64BIT)
DEF_BOTH(st, 0, 2, 1, TCG_OPF_SIDE_EFFECTS)

/* Arithmetic and logic. */
DEF_BOTH(add, 1, 2, 0, 0)
DEF_BOTH(sub, 1, 2, 0, 0)
DEF_BOTH(mul, 1, 2, 0, 0)
DEF_BOTH(div, 1, 2, 0, 0)
DEF_BOTH(divu, 1, 2, 0, 0)
DEF_BOTH(rem, 1, 2, 0, 0)
DEF_BOTH(remu, 1, 2, 0, 0)
DEF_BOTH(and, 1, 2, 0, 0)
DEF_BOTH(or, 1, 2, 0, 0)
DEF_BOTH(xor, 1, 2, 0, 0)
DEF_BOTH(shl, 1, 2, 0, 0)
DEF_BOTH(shr, 1, 2, 0, 0)
DEF_BOTH(sar, 1, 2, 0, 0)
DEF_BOTH(rotl, 1, 2, 0, 0)
DEF_BOTH(rotr, 1, 2, 0, 0)
DEF_BOTH(clz, 1, 2, 0, 0)
DEF_BOTH(ctz, 1, 2, 0, 0)
DEF_BOTH(neg, 1, 1, 0, 0)
DEF_BOTH(not, 1, 1, 0, 0)
DEF_BOTH(ctpop, 1, 1, 0, 0)
DEF_BOTH(ext8s, 1, 1, 0, 0)
DEF_BOTH(ext8u, 1, 1, 0, 0)
DEF_BOTH(ext16s, 1, 1, 0, 0)
DEF_BOTH(ext16u, 1, 1, 0, 0)
DEF(ext32s_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF(ext32u_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF_BOTH(bswap16, 1, 1, 0, 0)
DEF_BOTH(bswap32, 1, 1, 0, 0)
DEF(bswap64_i64, 1, 1, 0, TCG_OPF_64BIT)

/* Double-word arithmetic: (lo, hi) outputs. */
DEF_BOTH(add2, 2, 4, 0, 0)
DEF_BOTH(sub2, 2, 4, 0, 0)
DEF_BOTH(mulu2, 2, 2, 0, 0)
DEF_BOTH(muls2, 2, 2, 0, 0)

/* Width changes. */
DEF(extrl_i64_i32, 1, 1, 0, 0)
DEF(extrh_i64_i32, 1, 1, 0, 0)
DEF(extu_i32_i64, 1, 1, 0, TCG_OPF_64BIT)
DEF(ext_i32_i64, 1, 1, 0, TCG_OPF_64BIT)

/* Guest memory: (value, address, MemOpIdx); the address temp may be i32 or i64. */
DEF_BOTH(qemu_ld, 1, 1, 1, TCG_OPF_SIDE_EFFECTS | TCG_OPF_GUEST_MEM)
DEF_BOTH(qemu_st, 0, 2, 1, TCG_OPF_SIDE_EFFECTS | TCG_OPF_GUEST_MEM)

#undef DEF_BOTH
