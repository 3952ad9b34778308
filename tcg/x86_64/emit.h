/*
 * x86-64 instruction encoders for the JIT backend, written from the Intel SDM
 * (volume 2: REX prefixes, ModRM/SIB addressing, opcode maps). Only what the
 * backend uses. Internal to tcg/x86_64/.
 */
#ifndef TCG_X86_64_EMIT_H
#define TCG_X86_64_EMIT_H

#include "../tcg-internal.h"

enum {
    X_RAX, X_RCX, X_RDX, X_RBX, X_RSP, X_RBP, X_RSI, X_RDI,
    X_R8, X_R9, X_R10, X_R11, X_R12, X_R13, X_R14, X_R15,
};

/* Opcode word: low byte the opcode, the rest prefixes and escape bytes. */
#define X_0F      0x100     /* two-byte opcode map */
#define X_0F38    0x200     /* three-byte map 0F 38 */
#define X_66      0x400     /* operand-size prefix: 16-bit operand */
#define X_F3      0x800     /* mandatory F3 prefix */
#define X_W       0x1000    /* REX.W: 64-bit operand */
#define X_BYTE_R  0x2000    /* ModRM.reg names a byte register: REX for spl..dil */
#define X_BYTE_RM 0x4000    /* ModRM.rm names a byte register */

/* Group-1 ALU operation numbers (the ModRM.reg extension). */
enum { ALU_ADD = 0, ALU_OR = 1, ALU_ADC = 2, ALU_SBB = 3, ALU_AND = 4, ALU_SUB = 5,
       ALU_XOR = 6, ALU_CMP = 7 };
/* Group-2 shift extensions. */
enum { SH_ROL = 0, SH_ROR = 1, SH_SHL = 4, SH_SHR = 5, SH_SAR = 7 };
/* Group-3 extensions (opcode F7). */
enum { G3_TEST = 0, G3_NOT = 2, G3_NEG = 3, G3_MUL = 4, G3_IMUL = 5, G3_DIV = 6,
       G3_IDIV = 7 };

#define OP_ALU_IMM32   0x81
#define OP_ALU_IMM8    0x83
#define OP_TEST        0x85
#define OP_MOV_STB     (0x88 | X_BYTE_R)   /* mov r/m8, r8 */
#define OP_MOV_ST      0x89                /* mov r/m, r */
#define OP_MOV_LD      0x8b                /* mov r, r/m */
#define OP_LEA         0x8d
#define OP_MOVSXD      (0x63 | X_W)
#define OP_CDQ         0x99
#define OP_MOV_IMM     0xb8                /* + reg */
#define OP_SHIFT_IMM   0xc1
#define OP_MOV_RM_IMM  0xc7
#define OP_SHIFT_CL    0xd3
#define OP_CALL_REL    0xe8
#define OP_JMP_REL     0xe9
#define OP_JMP_REL8    0xeb
#define OP_JCC_REL8    0x70                /* + cc */
#define OP_GRP3        0xf7
#define OP_GRP5        0xff                /* /2 call, /4 jmp */
#define OP_PUSH        0x50                /* + reg */
#define OP_POP         0x58                /* + reg */
#define OP_RET         0xc3
#define OP_XOR_GvEv    0x33
#define OP_CMOV        (0x40 | X_0F)       /* + cc */
#define OP_JCC_REL     (0x80 | X_0F)       /* + cc */
#define OP_SETCC       (0x90 | X_0F | X_BYTE_RM)
#define OP_IMUL_GvEv   (0xaf | X_0F)
#define OP_IMUL_IMM32  0x69
#define OP_IMUL_IMM8   0x6b
#define OP_MOVZBL      (0xb6 | X_0F | X_BYTE_RM)
#define OP_MOVZWL      (0xb7 | X_0F)
#define OP_MOVSBL      (0xbe | X_0F | X_BYTE_RM)
#define OP_MOVSWL      (0xbf | X_0F)
#define OP_BSWAP       (0xc8 | X_0F)       /* + reg */
#define OP_POPCNT      (0xb8 | X_0F | X_F3)
#define OP_TZCNT       (0xbc | X_0F | X_F3)
#define OP_LZCNT       (0xbd | X_0F | X_F3)
#define OP_MOVBE_LD    (0xf0 | X_0F38)
#define OP_MOVBE_ST    (0xf1 | X_0F38)

/* Condition codes (the low nibble of Jcc/SETcc/CMOVcc). */
enum { CC_B = 2, CC_AE = 3, CC_E = 4, CC_NE = 5, CC_BE = 6, CC_A = 7,
       CC_L = 0xc, CC_GE = 0xd, CC_LE = 0xe, CC_G = 0xf };

static inline void emit8(TCGContext *s, uint8_t v)
{
    *s->code_ptr++ = v;
}

static inline void emit32(TCGContext *s, uint32_t v)
{
    memcpy(s->code_ptr, &v, 4);
    s->code_ptr += 4;
}

static inline void emit64(TCGContext *s, uint64_t v)
{
    memcpy(s->code_ptr, &v, 8);
    s->code_ptr += 8;
}

/* Prefixes, REX and opcode bytes. r: ModRM.reg, rm: ModRM.rm or base, x: SIB index. */
static inline void emit_opc(TCGContext *s, int opc, int r, int rm, int x)
{
    int rex = 0;
    bool need_rex = false;

    if (opc & X_66) {
        emit8(s, 0x66);
    }
    if (opc & X_F3) {
        emit8(s, 0xf3);
    }
    if (opc & X_W) {
        rex |= 8;
    }
    rex |= (r & 8) >> 1;
    rex |= (x & 8) >> 2;
    rex |= (rm & 8) >> 3;
    if ((opc & X_BYTE_R) && r >= 4 && r < 8) {
        need_rex = true;
    }
    if ((opc & X_BYTE_RM) && rm >= 4 && rm < 8) {
        need_rex = true;
    }
    if (rex || need_rex) {
        emit8(s, 0x40 | rex);
    }
    if (opc & X_0F38) {
        emit8(s, 0x0f);
        emit8(s, 0x38);
    } else if (opc & X_0F) {
        emit8(s, 0x0f);
    }
    emit8(s, opc & 0xff);
}

/* Register-direct ModRM: reg field r, rm register rm. */
static inline void emit_rr(TCGContext *s, int opc, int r, int rm)
{
    emit_opc(s, opc, r, rm, 0);
    emit8(s, 0xc0 | ((r & 7) << 3) | (rm & 7));
}

/* Memory ModRM: [base + index << shift + disp]; index < 0 for none. */
static inline void emit_rm(TCGContext *s, int opc, int r, int base, int index, int shift,
                           int32_t disp)
{
    int mod;

    emit_opc(s, opc & ~X_BYTE_RM, r, base, index < 0 ? 0 : index);
    if (disp == 0 && (base & 7) != X_RBP) {
        mod = 0x00;
    } else if (disp == (int8_t)disp) {
        mod = 0x40;
    } else {
        mod = 0x80;
    }
    if (index < 0 && (base & 7) != X_RSP) {
        emit8(s, mod | ((r & 7) << 3) | (base & 7));
    } else {
        int idx = index < 0 ? X_RSP : index;    /* 100b: no index */
        emit8(s, mod | ((r & 7) << 3) | 4);
        emit8(s, (shift << 6) | ((idx & 7) << 3) | (base & 7));
    }
    if (mod == 0x40) {
        emit8(s, (uint8_t)disp);
    } else if (mod == 0x80) {
        emit32(s, (uint32_t)disp);
    }
}

/* Opcode with the register in its low three bits (mov imm, push, pop, bswap). */
static inline void emit_oreg(TCGContext *s, int opc, int reg)
{
    emit_opc(s, opc, 0, reg, 0);
    s->code_ptr[-1] += reg & 7;
}

static inline void emit_alu_imm(TCGContext *s, int wflag, int alu, int reg, int32_t imm)
{
    if (imm == (int8_t)imm) {
        emit_rr(s, OP_ALU_IMM8 | wflag, alu, reg);
        emit8(s, (uint8_t)imm);
    } else {
        emit_rr(s, OP_ALU_IMM32 | wflag, alu, reg);
        emit32(s, (uint32_t)imm);
    }
}

/* ALU reg, reg: dst = dst op src (the "Gv, Ev" form, opcode alu*8 + 3). */
static inline void emit_alu_rr(TCGContext *s, int wflag, int alu, int dst, int src)
{
    emit_rr(s, ((alu << 3) | 3) | wflag, dst, src);
}

static inline void emit_mov_rr(TCGContext *s, bool is64, int dst, int src)
{
    if (dst != src || !is64) {
        emit_rr(s, OP_MOV_LD | (is64 ? X_W : 0), dst, src);
    }
}

/* Load a constant without touching the flags. */
static inline void emit_movi_noflags(TCGContext *s, bool is64, int reg, uint64_t val)
{
    if (!is64 || val == (uint32_t)val) {
        emit_oreg(s, OP_MOV_IMM, reg);
        emit32(s, (uint32_t)val);
    } else if ((int64_t)val == (int32_t)val) {
        emit_rr(s, OP_MOV_RM_IMM | X_W, 0, reg);
        emit32(s, (uint32_t)val);
    } else {
        emit_oreg(s, OP_MOV_IMM | X_W, reg);
        emit64(s, val);
    }
}

static inline void emit_movi(TCGContext *s, bool is64, int reg, uint64_t val)
{
    if ((is64 ? val : (uint32_t)val) == 0) {
        emit_rr(s, OP_XOR_GvEv, reg, reg);
    } else {
        emit_movi_noflags(s, is64, reg, val);
    }
}

static inline void emit_ld(TCGContext *s, bool is64, int reg, int base, int32_t ofs)
{
    emit_rm(s, OP_MOV_LD | (is64 ? X_W : 0), reg, base, -1, 0, ofs);
}

static inline void emit_st(TCGContext *s, bool is64, int reg, int base, int32_t ofs)
{
    emit_rm(s, OP_MOV_ST | (is64 ? X_W : 0), reg, base, -1, 0, ofs);
}

/* A rel32 jump or call to an absolute address within reach. */
static inline void emit_rel32_to(TCGContext *s, const uint8_t *target)
{
    emit32(s, (uint32_t)(int32_t)(target - (s->code_ptr + 4)));
}

#endif
