/*
 * Run-time helpers of the A64 translator (declared in helper-a64.h): raising
 * exceptions, bit operations too rare to inline, CRC32, system register access
 * through the sysreg table, PSTATE writes, WFI/WFE, ERET, and the atomic
 * accesses (exclusives and FEAT_LSE) done on host memory with host atomics.
 */
#include "qemu/osdep.h"
#include "target/arm/tcg/helper-a64.h"
#include "target/arm/internals.h"
#include "target/arm/sysreg.h"
#include "target/arm/syndrome.h"
#include "target/arm/ptw.h"
#include "tcg/tcg.h"

/* SCTLR_EL1 bits only this file needs. */
#define SCTLR_nTWI (1ULL << 16)
#define SCTLR_nTWE (1ULL << 18)

void helper_a64_exception(CPUARMState *env, uint32_t excp, uint32_t syndrome)
{
    arm_raise_exception(env, excp, syndrome, 1);
}

void helper_a64_pc_alignment(CPUARMState *env, uint64_t pc)
{
    arm_raise_abort_ra(env, EXCP_PREFETCH_ABORT, syn_pcalignment(), pc, 0);
}

void helper_a64_debug(CPUARMState *env)
{
    cpu_raise_exception_ra(env_cpu(env), EXCP_DEBUG, 0);
}

/* ---- bit operations ----------------------------------------------------------------- */

uint64_t helper_a64_rbit64(uint64_t x)
{
    x = ((x & 0x5555555555555555ull) << 1) | ((x >> 1) & 0x5555555555555555ull);
    x = ((x & 0x3333333333333333ull) << 2) | ((x >> 2) & 0x3333333333333333ull);
    x = ((x & 0x0f0f0f0f0f0f0f0full) << 4) | ((x >> 4) & 0x0f0f0f0f0f0f0f0full);
    return __builtin_bswap64(x);
}

/*
 * CRC32 (polynomial 0x04C11DB7) and CRC32C (0x1EDC6F41), bit-reflected as the
 * instructions define them, with no initial or final inversion.
 */
static uint32_t crc_tables[2][256];

static void crc_tables_init(void)
{
    static const uint32_t poly[2] = { 0xedb88320u, 0x82f63b78u };

    for (int t = 0; t < 2; t++) {
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++) {
                c = (c >> 1) ^ (poly[t] & -(c & 1));
            }
            crc_tables[t][i] = c;
        }
    }
}

static uint64_t crc_update(int t, uint32_t crc, uint64_t val, uint32_t bytes)
{
    static gsize once;

    if (g_once_init_enter(&once)) {
        crc_tables_init();
        g_once_init_leave(&once, 1);
    }
    for (uint32_t i = 0; i < bytes; i++) {
        crc = (crc >> 8) ^ crc_tables[t][(crc ^ (val >> (8 * i))) & 0xff];
    }
    return crc;
}

uint64_t helper_a64_crc32(uint64_t acc, uint64_t val, uint32_t bytes)
{
    return crc_update(0, (uint32_t)acc, val, bytes);
}

uint64_t helper_a64_crc32c(uint64_t acc, uint64_t val, uint32_t bytes)
{
    return crc_update(1, (uint32_t)acc, val, bytes);
}

/* ---- system registers and PSTATE ------------------------------------------------------- */

void helper_a64_sysreg_check(CPUARMState *env, uint64_t r, uint32_t rt, uint32_t isread)
{
    arm_sysreg_check_or_raise(env, (const ARMSysReg *)(uintptr_t)r, rt, isread, TCG_GETPC());
}

uint64_t helper_a64_sysreg_read(CPUARMState *env, uint64_t r)
{
    return arm_sysreg_read(env, (const ARMSysReg *)(uintptr_t)r);
}

void helper_a64_sysreg_write(CPUARMState *env, uint64_t r, uint64_t value)
{
    arm_sysreg_write(env, (const ARMSysReg *)(uintptr_t)r, value);
}

void helper_a64_dc_zva(CPUARMState *env, uint64_t vaddr)
{
    arm_dc_zva(env, vaddr, TCG_GETPC());
}

void helper_a64_msr_pstate(CPUARMState *env, uint32_t op, uint32_t imm)
{
    switch (op) {
    case A64_PSTATE_SPSEL:
        arm_msr_spsel(env, imm & 1);
        break;
    case A64_PSTATE_DAIFSET:
    case A64_PSTATE_DAIFCLR:
        /* EL0 may touch DAIF only with SCTLR_EL1.UMA; else a trap (EC 0x18) to EL1.
         * The translator set the pc to this instruction. */
        if (arm_current_el(env) == 0 && !(env->sctlr_el1 & SCTLR_UMA)) {
            arm_raise_exception(env, EXCP_UDEF,
                                syn_aa64_sysregtrap(0, 3, op == A64_PSTATE_DAIFSET ? 6 : 7,
                                                    4, imm, 31, false), 1);
        }
        if (op == A64_PSTATE_DAIFSET) {
            arm_msr_daifset(env, imm);
        } else {
            arm_msr_daifclr(env, imm);
        }
        break;
    case A64_PSTATE_PAN:
        arm_msr_pan(env, imm & 1);
        break;
    }
}

/* The syndrome of a trapped WFI (ti 0) or WFE (ti 1): CV = 1, COND = 0b1110. */
static uint32_t syn_wfx(uint32_t ti)
{
    return syn_make(EC_WFX_TRAP, (1u << 24) | (0xeu << 20) | ti);
}

void helper_a64_wfi(CPUARMState *env)
{
    CPUState *cs = env_cpu(env);

    if (arm_current_el(env) == 0 && !(env->sctlr_el1 & SCTLR_nTWI)) {
        env->pc -= 4;   /* the trap returns to the WFI itself */
        arm_raise_exception(env, EXCP_UDEF, syn_wfx(0), 1);
    }
    if (arm_wfi_should_halt(env)) {
        cs->halted = 1;
        cs->exception_index = EXCP_HLT;
        cpu_loop_exit(cs);
    }
}

void helper_a64_yield(CPUARMState *env)
{
    CPUState *cs = env_cpu(env);

    cs->exception_index = EXCP_YIELD;
    cpu_loop_exit(cs);
}

void helper_a64_wfe(CPUARMState *env)
{
    if (arm_current_el(env) == 0 && !(env->sctlr_el1 & SCTLR_nTWE)) {
        env->pc -= 4;
        arm_raise_exception(env, EXCP_UDEF, syn_wfx(1), 1);
    }
    helper_a64_yield(env);
}

void helper_a64_eret(CPUARMState *env)
{
    arm_exception_return(env);
}

/* ---- atomic accesses ------------------------------------------------------------------------ */

static MemOp desc_memop(uint32_t desc)
{
    return (MemOp)((desc >> 4) & 0xff);
}

static int desc_mmu_idx(uint32_t desc)
{
    return desc & 0xf;
}

static uint64_t xreg(CPUARMState *env, unsigned n)
{
    return n >= 31 ? 0 : env->xregs[n];
}

static void set_xreg(CPUARMState *env, unsigned n, uint64_t v)
{
    if (n < 31) {
        env->xregs[n] = v;
    }
}

static uint64_t size_mask(unsigned size)
{
    return size >= 8 ? ~0ull : (1ull << (size * 8)) - 1;
}

/* A guest value as the bytes in memory (a little-endian host's load of them). */
static uint64_t to_mem(uint64_t v, unsigned size, MemOp mop)
{
    if (!(mop & MO_BSWAP)) {
        return v;
    }
    switch (size) {
    case 2: return __builtin_bswap16(v);
    case 4: return __builtin_bswap32(v);
    case 8: return __builtin_bswap64(v);
    default: return v;
    }
}

#define from_mem to_mem

/*
 * Host address of an aligned atomic access of size bytes, after the alignment,
 * translation and write-permission checks; NULL for MMIO.
 */
static void *atomic_host(CPUARMState *env, uint64_t addr, unsigned size, int mmu_idx,
                         uintptr_t ra)
{
    if (addr & (size - 1)) {
        arm_cpu_do_unaligned_access(env_cpu(env), addr, MMU_DATA_STORE, mmu_idx, ra);
    }
    return probe_access(env, addr, size, MMU_DATA_STORE, mmu_idx, ra);
}

static uint64_t host_load(void *p, unsigned size)
{
    switch (size) {
    case 1: return __atomic_load_n((uint8_t *)p, __ATOMIC_RELAXED);
    case 2: return __atomic_load_n((uint16_t *)p, __ATOMIC_RELAXED);
    case 4: return __atomic_load_n((uint32_t *)p, __ATOMIC_RELAXED);
    default: return __atomic_load_n((uint64_t *)p, __ATOMIC_RELAXED);
    }
}

/* Compare-and-swap in memory representation; *expected gets the old value. */
static bool host_cas(void *p, unsigned size, uint64_t *expected, uint64_t desired)
{
    bool ok;

    switch (size) {
    case 1: {
        uint8_t e = *expected;
        ok = __atomic_compare_exchange_n((uint8_t *)p, &e, (uint8_t)desired, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        *expected = e;
        break;
    }
    case 2: {
        uint16_t e = *expected;
        ok = __atomic_compare_exchange_n((uint16_t *)p, &e, (uint16_t)desired, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        *expected = e;
        break;
    }
    case 4: {
        uint32_t e = *expected;
        ok = __atomic_compare_exchange_n((uint32_t *)p, &e, (uint32_t)desired, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        *expected = e;
        break;
    }
    default:
        ok = __atomic_compare_exchange_n((uint64_t *)p, expected, desired, false,
                                         __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
        break;
    }
    return ok;
}

static int64_t sext(uint64_t v, unsigned size)
{
    unsigned shift = 64 - size * 8;
    return (int64_t)(v << shift) >> shift;
}

static uint64_t atomic_op(int op, uint64_t old, uint64_t val, unsigned size)
{
    uint64_t r;

    switch (op) {
    case A64_ATOM_ADD: r = old + val; break;
    case A64_ATOM_CLR: r = old & ~val; break;
    case A64_ATOM_EOR: r = old ^ val; break;
    case A64_ATOM_SET: r = old | val; break;
    case A64_ATOM_SMAX: r = sext(old, size) > sext(val, size) ? old : val; break;
    case A64_ATOM_SMIN: r = sext(old, size) < sext(val, size) ? old : val; break;
    case A64_ATOM_UMAX: r = old > val ? old : val; break;
    case A64_ATOM_UMIN: r = old < val ? old : val; break;
    default: r = val; break;    /* SWP */
    }
    return r & size_mask(size);
}

uint64_t helper_a64_atomic_rmw(CPUARMState *env, uint64_t addr, uint64_t val, uint32_t desc)
{
    uintptr_t ra = TCG_GETPC();
    MemOp mop = desc_memop(desc);
    unsigned size = memop_size(mop);
    int mmu_idx = desc_mmu_idx(desc), op = (desc >> 12) & 0xf;
    void *host = atomic_host(env, addr, size, mmu_idx, ra);
    uint64_t old, mem;

    val &= size_mask(size);
    if (!host) {
        /* Device memory: not atomic against other agents, as with real buses. */
        old = cpu_ld_mmu(env, addr, mop & ~MO_AMASK, mmu_idx, ra);
        cpu_st_mmu(env, addr, atomic_op(op, old, val, size), mop & ~MO_AMASK, mmu_idx, ra);
        return old;
    }
    mem = host_load(host, size);
    for (;;) {
        old = from_mem(mem, size, mop);
        if (host_cas(host, size, &mem, to_mem(atomic_op(op, old, val, size), size, mop))) {
            return old;
        }
    }
}

uint64_t helper_a64_cas(CPUARMState *env, uint64_t addr, uint64_t cmpv, uint64_t newv,
                        uint32_t desc)
{
    uintptr_t ra = TCG_GETPC();
    MemOp mop = desc_memop(desc);
    unsigned size = memop_size(mop);
    int mmu_idx = desc_mmu_idx(desc);
    void *host = atomic_host(env, addr, size, mmu_idx, ra);
    uint64_t mem;

    cmpv &= size_mask(size);
    newv &= size_mask(size);
    if (!host) {
        uint64_t old = cpu_ld_mmu(env, addr, mop & ~MO_AMASK, mmu_idx, ra);
        if (old == cmpv) {
            cpu_st_mmu(env, addr, newv, mop & ~MO_AMASK, mmu_idx, ra);
        }
        return old;
    }
    mem = to_mem(cmpv, size, mop);
    host_cas(host, size, &mem, to_mem(newv, size, mop));
    return from_mem(mem, size, mop);
}

/*
 * Compare-and-swap of 16 bytes as two doublewords (CASP X, STXP X). The vCPUs
 * run in one round-robin thread, so nothing runs between the compare and the
 * stores; a multi-threaded TCG needs a 16-byte host CAS here.
 */
static bool cas128(CPUARMState *env, uint64_t addr, uint64_t *old0, uint64_t *old1,
                   uint64_t new0, uint64_t new1, MemOp mop, int mmu_idx, uintptr_t ra)
{
    uint64_t *host = atomic_host(env, addr, 16, mmu_idx, ra);
    uint64_t m0, m1;

    if (!host) {
        m0 = cpu_ld_mmu(env, addr, MO_64 | (mop & MO_BSWAP), mmu_idx, ra);
        m1 = cpu_ld_mmu(env, addr + 8, MO_64 | (mop & MO_BSWAP), mmu_idx, ra);
        if (m0 != *old0 || m1 != *old1) {
            *old0 = m0;
            *old1 = m1;
            return false;
        }
        cpu_st_mmu(env, addr, new0, MO_64 | (mop & MO_BSWAP), mmu_idx, ra);
        cpu_st_mmu(env, addr + 8, new1, MO_64 | (mop & MO_BSWAP), mmu_idx, ra);
        return true;
    }
    m0 = from_mem(__atomic_load_n(&host[0], __ATOMIC_ACQUIRE), 8, mop);
    m1 = from_mem(__atomic_load_n(&host[1], __ATOMIC_ACQUIRE), 8, mop);
    if (m0 != *old0 || m1 != *old1) {
        *old0 = m0;
        *old1 = m1;
        return false;
    }
    __atomic_store_n(&host[0], to_mem(new0, 8, mop), __ATOMIC_RELEASE);
    __atomic_store_n(&host[1], to_mem(new1, 8, mop), __ATOMIC_RELEASE);
    return true;
}

void helper_a64_casp(CPUARMState *env, uint64_t addr, uint32_t desc)
{
    uintptr_t ra = TCG_GETPC();
    MemOp mop = desc_memop(desc);
    int mmu_idx = desc_mmu_idx(desc);
    unsigned rs = (desc >> 16) & 31, rt = (desc >> 21) & 31;

    if ((mop & MO_SIZE) == MO_32) {
        /* Two words, Rs at the lower address: one doubleword CAS. */
        void *host = atomic_host(env, addr, 8, mmu_idx, ra);
        uint64_t cmp = to_mem(xreg(env, rs) & 0xffffffffu, 4, mop) |
                       to_mem(xreg(env, rs + 1) & 0xffffffffu, 4, mop) << 32;
        uint64_t newv = to_mem(xreg(env, rt) & 0xffffffffu, 4, mop) |
                        to_mem(xreg(env, rt + 1) & 0xffffffffu, 4, mop) << 32;
        uint64_t mem = cmp;

        if (host) {
            host_cas(host, 8, &mem, newv);
        } else {
            /* cpu_ld_mmu of the raw little-endian image keeps the element order. */
            mem = cpu_ld_mmu(env, addr, MO_64 | MO_LE, mmu_idx, ra);
            if (mem == cmp) {
                cpu_st_mmu(env, addr, newv, MO_64 | MO_LE, mmu_idx, ra);
            }
        }
        set_xreg(env, rs, from_mem(mem & 0xffffffffu, 4, mop));
        set_xreg(env, rs + 1, from_mem(mem >> 32, 4, mop));
    } else {
        uint64_t old0 = xreg(env, rs), old1 = xreg(env, rs + 1);
        cas128(env, addr, &old0, &old1, xreg(env, rt), xreg(env, rt + 1), mop, mmu_idx, ra);
        set_xreg(env, rs, old0);
        set_xreg(env, rs + 1, old1);
    }
}

uint64_t helper_a64_stxr(CPUARMState *env, uint64_t addr, uint64_t val, uint32_t desc)
{
    uintptr_t ra = TCG_GETPC();
    MemOp mop = desc_memop(desc);
    unsigned size = memop_size(mop);
    int mmu_idx = desc_mmu_idx(desc);
    uint64_t status = 1;

    if (addr & (size - 1)) {
        arm_cpu_do_unaligned_access(env_cpu(env), addr, MMU_DATA_STORE, mmu_idx, ra);
    }
    if (env->exclusive_addr == addr) {
        void *host = atomic_host(env, addr, size, mmu_idx, ra);
        uint64_t expect = env->exclusive_val & size_mask(size);

        val &= size_mask(size);
        if (host) {
            uint64_t mem = to_mem(expect, size, mop);
            status = !host_cas(host, size, &mem, to_mem(val, size, mop));
        } else if (cpu_ld_mmu(env, addr, mop & ~MO_AMASK, mmu_idx, ra) == expect) {
            cpu_st_mmu(env, addr, val, mop & ~MO_AMASK, mmu_idx, ra);
            status = 0;
        }
    }
    env->exclusive_addr = -1;
    return status;
}

uint64_t helper_a64_stxp128(CPUARMState *env, uint64_t addr, uint32_t desc)
{
    uintptr_t ra = TCG_GETPC();
    MemOp mop = desc_memop(desc);
    int mmu_idx = desc_mmu_idx(desc);
    unsigned rt = (desc >> 21) & 31, rt2 = (desc >> 26) & 31;
    uint64_t status = 1;

    if (addr & 15) {
        arm_cpu_do_unaligned_access(env_cpu(env), addr, MMU_DATA_STORE, mmu_idx, ra);
    }
    if (env->exclusive_addr == addr) {
        uint64_t old0 = env->exclusive_val, old1 = env->exclusive_high;
        status = !cas128(env, addr, &old0, &old1, xreg(env, rt), xreg(env, rt2), mop,
                         mmu_idx, ra);
    }
    env->exclusive_addr = -1;
    return status;
}
