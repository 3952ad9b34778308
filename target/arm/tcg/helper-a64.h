/*
 * Run-time helpers that A64 translated code calls (helper-a64.c). Each is
 * called through tcg_gen_call*, so every argument and result is an integer
 * of 32 or 64 bits (pointers travel as uint64_t).
 */
#ifndef TARGET_ARM_TCG_HELPER_A64_H
#define TARGET_ARM_TCG_HELPER_A64_H

#include "target/arm/cpu.h"

/* Raise a synchronous exception; the guest pc is already set. */
void QEMU_NORETURN helper_a64_exception(CPUARMState *env, uint32_t excp, uint32_t syndrome);
/* PC alignment fault (EC 0x22) for a fetch from the misaligned pc (FAR = pc). */
void QEMU_NORETURN helper_a64_pc_alignment(CPUARMState *env, uint64_t pc);
/* Single-step under a debugger: stop after the instruction (EXCP_DEBUG). */
void QEMU_NORETURN helper_a64_debug(CPUARMState *env);

/* Bit reversal of a 64-bit value. */
uint64_t helper_a64_rbit64(uint64_t x);
/* CRC32 / CRC32C of the low 'bytes' bytes of val, accumulated into acc. */
uint64_t helper_a64_crc32(uint64_t acc, uint64_t val, uint32_t bytes);
uint64_t helper_a64_crc32c(uint64_t acc, uint64_t val, uint32_t bytes);

/* System registers: r is a const ARMSysReg *. */
void helper_a64_sysreg_check(CPUARMState *env, uint64_t r, uint32_t rt, uint32_t isread);
uint64_t helper_a64_sysreg_read(CPUARMState *env, uint64_t r);
void helper_a64_sysreg_write(CPUARMState *env, uint64_t r, uint64_t value);
void helper_a64_dc_zva(CPUARMState *env, uint64_t vaddr);

/* MSR (immediate) to PSTATE fields; op is A64_PSTATE_*. */
enum { A64_PSTATE_SPSEL, A64_PSTATE_DAIFSET, A64_PSTATE_DAIFCLR, A64_PSTATE_PAN };
void helper_a64_msr_pstate(CPUARMState *env, uint32_t op, uint32_t imm);

/* WFI (pc already at the next instruction): halts unless work is pending. */
void helper_a64_wfi(CPUARMState *env);
/* YIELD: give other vCPUs a turn (EXCP_YIELD); pc is at the next instruction. */
void QEMU_NORETURN helper_a64_yield(CPUARMState *env);
/* WFE: as YIELD (no event stream is modelled), after the EL0 trap check. */
void QEMU_NORETURN helper_a64_wfe(CPUARMState *env);
/* ERET. */
void helper_a64_eret(CPUARMState *env);

/*
 * Atomic accesses. desc packs what the translator knows (A64_ATOM_DESC): the
 * MemOp (size, byte order), the mmu index, the operation and register numbers.
 * All of them raise the guest's alignment, translation and permission faults.
 */
enum {
    A64_ATOM_ADD, A64_ATOM_CLR, A64_ATOM_EOR, A64_ATOM_SET,
    A64_ATOM_SMAX, A64_ATOM_SMIN, A64_ATOM_UMAX, A64_ATOM_UMIN,
    A64_ATOM_SWP,
};
#define A64_ATOM_DESC(memop, mmu_idx, op, rs, rt, rt2) \
    ((uint32_t)(mmu_idx) | ((uint32_t)(memop) & 0xff) << 4 | (uint32_t)(op) << 12 | \
     (uint32_t)(rs) << 16 | (uint32_t)(rt) << 21 | (uint32_t)(rt2) << 26)

/* LD<op>/SWP: returns the old value (zero-extended). */
uint64_t helper_a64_atomic_rmw(CPUARMState *env, uint64_t addr, uint64_t val, uint32_t desc);
/* CAS: stores newv if memory equals cmpv; returns the old value (zero-extended). */
uint64_t helper_a64_cas(CPUARMState *env, uint64_t addr, uint64_t cmpv, uint64_t newv,
                        uint32_t desc);
/* CASP (registers from desc: Rs, Rs+1 compare and receive, Rt, Rt+1 new). */
void helper_a64_casp(CPUARMState *env, uint64_t addr, uint32_t desc);
/*
 * STXR/STLXR (and STXP of two 32-bit registers as one 64-bit value): store val if the
 * monitor holds addr and memory still has the value LDXR saw; clears the monitor.
 * Returns the status (0 = stored, 1 = failed).
 */
uint64_t helper_a64_stxr(CPUARMState *env, uint64_t addr, uint64_t val, uint32_t desc);
/* STXP/STLXP of two 64-bit registers (Rt, Rt2 from desc): as helper_a64_stxr. */
uint64_t helper_a64_stxp128(CPUARMState *env, uint64_t addr, uint32_t desc);

#endif
