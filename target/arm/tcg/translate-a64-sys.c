/*
 * The A64 "Branches, exception generating and system instructions" group
 * (Arm ARM C4.1.3): immediate, conditional and register branches, SVC/HVC/
 * SMC/BRK, hints, barriers, MSR (immediate) and the system register space
 * (MRS, MSR, SYS) through the table of target/arm/sysreg.h.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "target/arm/tcg/translate.h"
#include "target/arm/tcg/helper-a64.h"
#include "target/arm/sysreg.h"

/* ---- branches ---------------------------------------------------------------------- */

/* B, BL */
static void disas_uncond_b_imm(DisasContext *s, uint32_t insn)
{
    uint64_t dest = s->pc_curr + ((int64_t)sfield32(insn, 0, 26) * 4);

    if (field32(insn, 31, 1)) {
        tcg_gen_movi_i64(cpu_X[30], s->pc_curr + 4);
    }
    gen_goto_tb(s, 0, dest);
    s->base.is_jmp = DISAS_NORETURN;
}

/* Two-way end of block: to dest when cond(value, 0) holds, else to the next insn. */
static void gen_cond_branch_i64(DisasContext *s, TCGCond cond, TCGv_i64 value, uint64_t dest)
{
    TCGLabel *match = gen_new_label();

    tcg_gen_brcondi_i64(cond, value, 0, match);
    gen_goto_tb(s, 0, s->pc_curr + 4);
    tcg_gen_set_label(match);
    gen_goto_tb(s, 1, dest);
    s->base.is_jmp = DISAS_NORETURN;
}

/* CBZ, CBNZ */
static void disas_comp_b_imm(DisasContext *s, uint32_t insn)
{
    unsigned rt = field32(insn, 0, 5);
    bool sf = field32(insn, 31, 1), nonzero = field32(insn, 24, 1);
    uint64_t dest = s->pc_curr + ((int64_t)sfield32(insn, 5, 19) * 4);

    gen_cond_branch_i64(s, nonzero ? TCG_COND_NE : TCG_COND_EQ, read_cpu_reg(s, rt, sf), dest);
}

/* TBZ, TBNZ */
static void disas_test_b_imm(DisasContext *s, uint32_t insn)
{
    unsigned rt = field32(insn, 0, 5);
    unsigned bit = (field32(insn, 31, 1) << 5) | field32(insn, 19, 5);
    bool nonzero = field32(insn, 24, 1);
    uint64_t dest = s->pc_curr + ((int64_t)sfield32(insn, 5, 14) * 4);
    TCGv_i64 t = read_cpu_reg(s, rt, true);

    tcg_gen_andi_i64(t, t, 1ull << bit);
    gen_cond_branch_i64(s, nonzero ? TCG_COND_NE : TCG_COND_EQ, t, dest);
}

/* B.cond */
static void disas_cond_b_imm(DisasContext *s, uint32_t insn)
{
    unsigned cond = field32(insn, 0, 4);
    uint64_t dest = s->pc_curr + ((int64_t)sfield32(insn, 5, 19) * 4);
    TCGLabel *match;
    DisasCompare c;

    if (field32(insn, 4, 1) || field32(insn, 24, 1)) {
        unallocated_encoding(s);    /* BC.cond (FEAT_HBC) */
        return;
    }
    s->base.is_jmp = DISAS_NORETURN;
    if (cond >= 14) {
        gen_goto_tb(s, 0, dest);
        return;
    }
    a64_test_cc(&c, cond);
    match = gen_new_label();
    tcg_gen_brcondi_i32(c.cond, c.value, 0, match);
    gen_goto_tb(s, 0, s->pc_curr + 4);
    tcg_gen_set_label(match);
    gen_goto_tb(s, 1, dest);
}

/* BR, BLR, RET, ERET */
static void disas_uncond_b_reg(DisasContext *s, uint32_t insn)
{
    unsigned op4 = field32(insn, 0, 5), rn = field32(insn, 5, 5);
    unsigned op3 = field32(insn, 10, 6), op2 = field32(insn, 16, 5);
    unsigned opc = field32(insn, 21, 4);
    TCGv_i64 target;

    if (op2 != 0x1f || op3 != 0 || op4 != 0) {
        unallocated_encoding(s);    /* pointer-authenticated forms */
        return;
    }
    switch (opc) {
    case 0: /* BR */
    case 1: /* BLR */
    case 2: /* RET */
        /* Read Rn first: BLR X30 branches to the old X30. */
        target = read_cpu_reg(s, rn, true);
        if (opc == 1) {
            tcg_gen_movi_i64(cpu_X[30], s->pc_curr + 4);
        }
        gen_top_byte_ignore(s, cpu_pc, target);
        s->base.is_jmp = DISAS_JUMP;
        break;
    case 4: /* ERET */
        if (rn != 31 || s->el == 0) {
            unallocated_encoding(s);
            return;
        }
        tcg_gen_movi_i64(cpu_pc, s->pc_curr);
        tcg_gen_call1((void *)helper_a64_eret, 0, NULL, TENV);
        s->base.is_jmp = DISAS_EXIT;
        break;
    default: /* DRPS (only in Debug state) and the rest */
        unallocated_encoding(s);
        break;
    }
}

/* ---- exception generation ------------------------------------------------------------ */

/* SVC, HVC, SMC, BRK, HLT, DCPS* */
static void disas_exc(DisasContext *s, uint32_t insn)
{
    unsigned ll = field32(insn, 0, 2), op2 = field32(insn, 2, 3);
    unsigned imm16 = field32(insn, 5, 16), opc = field32(insn, 21, 3);

    if (op2 != 0) {
        unallocated_encoding(s);
        return;
    }
    switch (opc << 2 | ll) {
    case 0x01: /* SVC: the preferred return address is the next instruction */
        gen_exception_insn(s, s->pc_curr + 4, EXCP_SWI, syn_aa64_svc(imm16));
        break;
    case 0x02: /* HVC: UNDEFINED at EL0; EL1 ones go to PSCI or become UNDEFINED */
        if (s->el == 0) {
            unallocated_encoding(s);
            break;
        }
        gen_exception_insn(s, s->pc_curr + 4, EXCP_HVC, syn_aa64_hvc(imm16));
        break;
    case 0x03: /* SMC */
        if (s->el == 0) {
            unallocated_encoding(s);
            break;
        }
        gen_exception_insn(s, s->pc_curr + 4, EXCP_SMC, syn_aa64_smc(imm16));
        break;
    case 0x04: /* BRK */
        gen_exception_insn(s, s->pc_curr, EXCP_BKPT, syn_aa64_bkpt(imm16));
        break;
    default:
        /* HLT (halting debug is never enabled), DCPS1-3 (not in Debug state). */
        unallocated_encoding(s);
        break;
    }
}

/* ---- hints, barriers, PSTATE ---------------------------------------------------------- */

static void handle_hint(DisasContext *s, unsigned selector)
{
    switch (selector) {
    case 1: /* YIELD */
    case 2: /* WFE: no event stream is modelled; let other vCPUs run instead */
        tcg_gen_movi_i64(cpu_pc, s->pc_curr + 4);
        tcg_gen_call1(selector == 1 ? (void *)helper_a64_yield : (void *)helper_a64_wfe, 0,
                      NULL, TENV);
        s->base.is_jmp = DISAS_NORETURN;
        break;
    case 3: /* WFI */
        tcg_gen_movi_i64(cpu_pc, s->pc_curr + 4);
        tcg_gen_call1((void *)helper_a64_wfi, 0, NULL, TENV);
        s->base.is_jmp = DISAS_EXIT;
        break;
    default:
        /* NOP, SEV, SEVL and every unallocated hint (they execute as NOP). */
        break;
    }
}

static void handle_barrier(DisasContext *s, unsigned crm, unsigned op2)
{
    unsigned types;

    switch (op2) {
    case 2: /* CLREX */
        tcg_gen_movi_i64(cpu_exclusive_addr, -1);
        break;
    case 4: /* DSB */
    case 5: /* DMB */
        switch (crm & 3) {
        case 1: types = TCG_MO_LD_LD | TCG_MO_LD_ST; break;
        case 2: types = TCG_MO_ST_ST; break;
        default: types = TCG_MO_ALL; break;
        }
        tcg_gen_mb(types);
        break;
    case 6: /* ISB: later instructions are fetched anew, in a new block */
        s->base.is_jmp = DISAS_TOO_MANY;
        break;
    default: /* SB, DSB nXS ... (later extensions) */
        unallocated_encoding(s);
        break;
    }
}

/* MSR (immediate): SPSel, DAIFSet, DAIFClr, PAN */
static void handle_msr_i(DisasContext *s, unsigned op1, unsigned crm, unsigned op2)
{
    int op;

    switch (op1 << 3 | op2) {
    case 0x05:
        op = A64_PSTATE_SPSEL;
        break;
    case 0x1e:
        op = A64_PSTATE_DAIFSET;
        break;
    case 0x1f:
        op = A64_PSTATE_DAIFCLR;
        break;
    case 0x04:
        if (!dc_feature(s, ARM_FEATURE_PAN)) {
            unallocated_encoding(s);
            return;
        }
        op = A64_PSTATE_PAN;
        break;
    default:
        unallocated_encoding(s);
        return;
    }
    /* DAIF at EL0 depends on SCTLR_EL1.UMA: the helper checks. */
    if (s->el == 0 && op != A64_PSTATE_DAIFSET && op != A64_PSTATE_DAIFCLR) {
        unallocated_encoding(s);
        return;
    }
    tcg_gen_movi_i64(cpu_pc, s->pc_curr);
    tcg_gen_call3((void *)helper_a64_msr_pstate, 0, NULL, TENV, T32(tcg_constant_i32(op)),
                  T32(tcg_constant_i32(crm)));
    /* Interrupt masks or the stack pointer changed: back to the loop. */
    s->base.is_jmp = DISAS_UPDATE_EXIT;
}

/* ---- MRS, MSR (register), SYS, SYSL ------------------------------------------------------- */

static void handle_sys(DisasContext *s, bool isread, unsigned op0, unsigned op1, unsigned crn,
                       unsigned crm, unsigned op2, unsigned rt)
{
    uint32_t enc = ARM_SYSREG_ENC(op0, op1, crn, crm, op2);
    const ARMSysReg *r = arm_sysreg_lookup(s->env, enc);
    TCGv_i64 ptr, tcg_rt;

    if (!r) {
        qemu_log_mask(LOG_UNIMP, "aarch64: %s of unknown system register "
                      "op0=%u op1=%u CRn=%u CRm=%u op2=%u at pc %016" PRIx64 "\n",
                      isread ? "read" : "write", op0, op1, crn, crm, op2, s->pc_curr);
        unallocated_encoding(s);
        return;
    }
    if (!arm_sysreg_el_allows(r, s->el, isread)) {
        unallocated_encoding(s);
        return;
    }
    ptr = tcg_constant_i64((intptr_t)r);
    if (r->accessfn) {
        tcg_gen_call4((void *)helper_a64_sysreg_check, TCG_CALL_NO_WG, NULL, TENV, T64(ptr),
                      T32(tcg_constant_i32(rt)), T32(tcg_constant_i32(isread)));
    }
    if (r->type & ARM_SR_NOP) {
        return;
    }
    if (r->type & ARM_SR_DC_ZVA) {
        TCGv_i64 addr = read_cpu_reg(s, rt, true);
        gen_top_byte_ignore(s, addr, addr);
        tcg_gen_call2((void *)helper_a64_dc_zva, TCG_CALL_NO_WG, NULL, TENV, T64(addr));
        return;
    }
    if (isread) {
        tcg_rt = cpu_reg(s, rt);
        if (r->type & ARM_SR_CONST) {
            tcg_gen_movi_i64(tcg_rt, r->resetvalue);
        } else if (!r->readfn && r->fieldoffset >= 0) {
            tcg_gen_ld_i64(tcg_rt, tcg_env, r->fieldoffset);
        } else {
            tcg_gen_call2((void *)helper_a64_sysreg_read, TCG_CALL_NO_WG, T64(tcg_rt), TENV,
                          T64(ptr));
        }
        return;
    }
    if (r->type & ARM_SR_CONST) {
        return;     /* writes ignored */
    }
    tcg_rt = read_cpu_reg(s, rt, true);
    if (!r->writefn && r->fieldoffset >= 0) {
        tcg_gen_st_i64(tcg_rt, tcg_env, r->fieldoffset);
    } else {
        tcg_gen_call3((void *)helper_a64_sysreg_write, 0, NULL, TENV, T64(ptr), T64(tcg_rt));
    }
    if (r->type & (ARM_SR_ENDTB | ARM_SR_IO)) {
        /* TB flags, the MMU, interrupt masks or a timer changed. */
        s->base.is_jmp = DISAS_UPDATE_EXIT;
    }
}

static void disas_system(DisasContext *s, uint32_t insn)
{
    unsigned rt = field32(insn, 0, 5), op2 = field32(insn, 5, 3);
    unsigned crm = field32(insn, 8, 4), crn = field32(insn, 12, 4);
    unsigned op1 = field32(insn, 16, 3), op0 = field32(insn, 19, 2);
    bool l = field32(insn, 21, 1);

    if (op0 != 0) {
        handle_sys(s, l, op0, op1, crn, crm, op2, rt);
        return;
    }
    if (l || rt != 31) {
        unallocated_encoding(s);
        return;
    }
    switch (crn) {
    case 2:
        if (op1 == 3) {
            handle_hint(s, crm << 3 | op2);
            return;
        }
        break;
    case 3:
        if (op1 == 3) {
            handle_barrier(s, crm, op2);
            return;
        }
        break;
    case 4:
        handle_msr_i(s, op1, crm, op2);
        return;
    }
    unallocated_encoding(s);
}

void a64_disas_b_exc_sys(DisasContext *s, uint32_t insn)
{
    switch (field32(insn, 29, 3)) {
    case 0:
    case 4:
        disas_uncond_b_imm(s, insn);
        break;
    case 1:
    case 5:
        if (field32(insn, 25, 1)) {
            disas_test_b_imm(s, insn);
        } else {
            disas_comp_b_imm(s, insn);
        }
        break;
    case 2:
        if (!field32(insn, 25, 1)) {
            disas_cond_b_imm(s, insn);
        } else {
            unallocated_encoding(s);
        }
        break;
    case 6:
        if (field32(insn, 25, 1)) {
            disas_uncond_b_reg(s, insn);
        } else if (field32(insn, 24, 1)) {
            if (field32(insn, 22, 2) == 0) {
                disas_system(s, insn);
            } else {
                unallocated_encoding(s);
            }
        } else {
            disas_exc(s, insn);
        }
        break;
    default:
        unallocated_encoding(s);
        break;
    }
}
