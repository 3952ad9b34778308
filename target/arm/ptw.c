/*
 * VMSAv8-64 stage-1 translation for the EL1&0 regime (Arm ARM D5.2-D5.5):
 * TTBR0/TTBR1 selection, 4K/16K/64K granules, table/block/page descriptors,
 * hierarchical and leaf permissions, the access flag, output address size
 * checks and fault codes.  No hardware AF/dirty update (FEAT_HAFDBS is not
 * advertised) and no stage 2.  Also the tlb_fill, AT and debug wrappers.
 */
#include "qemu/osdep.h"
#include "qemu/log.h"
#include "target/arm/ptw.h"
#include "target/arm/internals.h"
#include "target/arm/syndrome.h"

/* Guest page size of our softmmu TLB (TCGCPUOps.page_bits). */
#define ARM_TLB_PAGE_BITS 12

int arm_pamax_bits(unsigned parange)
{
    static const int bits[] = { 32, 36, 40, 42, 44, 48, 52 };

    return bits[parange < ARRAY_SIZE(bits) ? parange : 5];
}

/* Output address size: TCR_EL1.IPS limited by what the CPU implements (48 bits max,
 * as FEAT_LPA is not implemented). */
static int output_size_bits(CPUARMState *env)
{
    unsigned pa = arm_extract64(env->id.id_aa64mmfr0, 0, 4);
    unsigned ips = arm_extract64(env->tcr_el1, TCR_IPS_SHIFT, 3);
    int bits = arm_pamax_bits(ips < pa ? ips : pa);

    return bits > 48 ? 48 : bits;
}

/* Granule size in bits for TG0 (ttbr1 = false) or TG1 encodings; an unsupported
 * or reserved encoding is treated as 4 KiB. */
static int granule_bits(CPUARMState *env, bool ttbr1)
{
    unsigned tg = arm_extract64(env->tcr_el1, ttbr1 ? TCR_TG1_SHIFT : TCR_TG0_SHIFT, 2);
    int bits;

    if (ttbr1) {
        bits = tg == 1 ? 14 : tg == 3 ? 16 : 12;
    } else {
        bits = tg == 2 ? 14 : tg == 1 ? 16 : 12;
    }
    if (bits == 14 && !arm_feature(env, ARM_FEATURE_TGRAN16)) {
        bits = 12;
    }
    return bits;
}

uint32_t arm_fault_to_fsc(const ARMMMUFault *fault)
{
    switch (fault->type) {
    case ARM_FAULT_TRANSLATION:
        return ARM_FSC_TRANSLATION(fault->level);
    case ARM_FAULT_ADDRESS_SIZE:
        return ARM_FSC_ADDRESS_SIZE(fault->level);
    case ARM_FAULT_ACCESS_FLAG:
        return ARM_FSC_ACCESS_FLAG(fault->level);
    case ARM_FAULT_PERMISSION:
        return ARM_FSC_PERMISSION(fault->level);
    case ARM_FAULT_SYNC_EXTERNAL_ON_WALK:
        return ARM_FSC_SYNC_EXTERNAL_WALK(fault->level);
    default:
        return 0;
    }
}

static bool fail(ARMMMUFault *fault, ARMFaultType type, int level)
{
    fault->type = type;
    fault->level = level;
    fault->s1ptw = false;
    return false;
}

/* Translation with SCTLR_EL1.M == 0: a flat map with Device (data) or Normal
 * (instruction) attributes, checked against the physical address size. */
static bool translate_mmu_off(CPUARMState *env, uint64_t va, MMUAccessType access_type,
                              ARMTranslateResult *res, ARMMMUFault *fault)
{
    int pabits = arm_pamax_bits(arm_extract64(env->id.id_aa64mmfr0, 0, 4));

    if (pabits < 64 && (va >> pabits) != 0) {
        return fail(fault, ARM_FAULT_ADDRESS_SIZE, 0);
    }
    res->phys = va;
    res->page_size = 1ULL << ARM_TLB_PAGE_BITS;
    res->prot = PAGE_READ | PAGE_WRITE | PAGE_EXEC;
    if (access_type == MMU_INST_FETCH) {
        /* Normal, Inner/Outer Write-Through when SCTLR.I is set, else Non-cacheable. */
        res->attrs = (env->sctlr_el1 & SCTLR_I) ? 0xaa : 0x44;
        res->shareability = 2;
    } else {
        res->attrs = 0x00;                      /* Device-nGnRnE */
        res->shareability = 2;
    }
    res->global = true;
    res->asid = 0;
    res->level = -1;
    return true;
}

static uint64_t read_descriptor(CPUARMState *env, hwaddr addr, MemTxResult *txres)
{
    AddressSpace *as = env_cpu(env) && env_cpu(env)->as ? env_cpu(env)->as
                                                         : &address_space_memory;

    if (env->sctlr_el1 & SCTLR_EE) {
        return address_space_ldq_be(as, addr, MEMTXATTRS_UNSPECIFIED, txres);
    }
    return address_space_ldq_le(as, addr, MEMTXATTRS_UNSPECIFIED, txres);
}

bool arm_translate_address(CPUARMState *env, uint64_t va, MMUAccessType access_type,
                           int mmu_idx, ARMTranslateResult *res, ARMMMUFault *fault)
{
    bool ttbr1 = (va >> 55) & 1;
    uint64_t tcr = env->tcr_el1;
    bool tbi = access_type != MMU_INST_FETCH && arm_tbi_enabled(env, va);
    int tsz, inputsize, gbits, stride, level, start_level, oabits;
    uint64_t ttbr, table, desc = 0, outmask, check;
    bool ap_table_ro = false, ap_table_no_el0 = false, uxn_table = false, pxn_table = false;
    bool user = mmu_idx == ARM_MMU_IDX_E10_0;

    memset(res, 0, sizeof(*res));
    memset(fault, 0, sizeof(*fault));
    if (!(env->sctlr_el1 & SCTLR_M)) {
        return translate_mmu_off(env, va, access_type, res, fault);
    }

    /* Region selection and the input range check (top byte ignored with TBI). */
    tsz = arm_extract64(tcr, ttbr1 ? TCR_T1SZ_SHIFT : TCR_T0SZ_SHIFT, 6);
    tsz = tsz < 16 ? 16 : tsz > 39 ? 39 : tsz;
    inputsize = 64 - tsz;
    check = tbi ? (uint64_t)arm_sextract64(va, 0, 56) : va;
    if (arm_sextract64(check, inputsize, 64 - inputsize) != (ttbr1 ? -1 : 0)) {
        return fail(fault, ARM_FAULT_TRANSLATION, 0);
    }
    if (tcr & (ttbr1 ? TCR_EPD1 : TCR_EPD0)) {
        return fail(fault, ARM_FAULT_TRANSLATION, 0);
    }
    ttbr = ttbr1 ? env->ttbr1_el1 : env->ttbr0_el1;

    gbits = granule_bits(env, ttbr1);
    stride = gbits - 3;
    /* Number of levels needed to resolve inputsize - gbits bits, stride at a time. */
    level = 4 - (inputsize - gbits + stride - 1) / stride;
    start_level = level;
    oabits = output_size_bits(env);
    outmask = ((1ULL << oabits) - 1);

    /* The initial table: its size is 8 bytes per entry of the first level. */
    {
        int first_bits = inputsize - gbits - (3 - level) * stride;
        uint64_t align = MAX(1ULL << (first_bits + 3), 64);
        uint64_t baddr = arm_extract64(ttbr, 0, 48);

        if (baddr & ~outmask) {
            return fail(fault, ARM_FAULT_ADDRESS_SIZE, 0);
        }
        table = baddr & ~(align - 1);
    }

    for (;;) {
        int shift = gbits + (3 - level) * stride;
        int nbits = level == start_level ? inputsize - shift : stride;
        uint64_t index = arm_extract64(va, shift, nbits);
        MemTxResult txres = MEMTX_OK;
        uint64_t addr_field;

        desc = read_descriptor(env, table + index * 8, &txres);
        if (txres != MEMTX_OK) {
            return fail(fault, ARM_FAULT_SYNC_EXTERNAL_ON_WALK, level);
        }
        if (!(desc & 1)) {
            return fail(fault, ARM_FAULT_TRANSLATION, level);
        }
        addr_field = desc & 0x0000fffffffff000ULL & ~((1ULL << gbits) - 1);
        if (level < 3 && (desc & 2)) {
            /* Table descriptor: accumulate hierarchical attributes. */
            if (addr_field & ~outmask) {
                return fail(fault, ARM_FAULT_ADDRESS_SIZE, level);
            }
            ap_table_no_el0 |= (desc >> 61) & 1;
            ap_table_ro |= (desc >> 62) & 1;
            uxn_table |= (desc >> 60) & 1;
            pxn_table |= (desc >> 59) & 1;
            table = addr_field;
            level++;
            continue;
        }
        if (level == 3 && !(desc & 2)) {
            return fail(fault, ARM_FAULT_TRANSLATION, level);      /* reserved at L3 */
        }
        if (level < 3) {
            /* Block descriptor: 4K allows level 1 and 2; 16K and 64K level 2 only. */
            if (level == 0 || (level == 1 && gbits != 12)) {
                return fail(fault, ARM_FAULT_TRANSLATION, level);
            }
        }
        {
            uint64_t block_mask = (1ULL << shift) - 1;
            uint64_t oa = desc & 0x0000ffffffffffffULL & ~block_mask;

            if (oa & ~outmask) {
                return fail(fault, ARM_FAULT_ADDRESS_SIZE, level);
            }
            res->phys = oa | (va & block_mask);
            res->page_size = 1ULL << shift;
        }
        break;
    }

    /* Leaf attributes. */
    if (!(desc & (1ULL << 10))) {
        return fail(fault, ARM_FAULT_ACCESS_FLAG, level);
    }
    {
        unsigned ap = (desc >> 6) & 3;
        bool el0_ok = (ap & 1) && !ap_table_no_el0;     /* AP[1] */
        bool ro = (ap & 2) || ap_table_ro;              /* AP[2] */
        bool uxn = ((desc >> 54) & 1) || uxn_table;
        bool pxn = ((desc >> 53) & 1) || pxn_table;
        bool el0_writable = el0_ok && !ro;
        int prot = 0;

        if (user) {
            if (el0_ok) {
                prot = PAGE_READ | (ro ? 0 : PAGE_WRITE);
                if (!uxn) {
                    prot |= PAGE_EXEC;
                }
            }
        } else {
            prot = PAGE_READ | (ro ? 0 : PAGE_WRITE);
            /* EL0-writable memory is never executable at EL1. */
            if (!pxn && !el0_writable) {
                prot |= PAGE_EXEC;
            }
            /* PAN: privileged data accesses to EL0-accessible memory fault. */
            if (mmu_idx == ARM_MMU_IDX_E10_1_PAN && el0_ok) {
                prot &= PAGE_EXEC;
            }
        }
        if ((env->sctlr_el1 & SCTLR_WXN) && (prot & PAGE_WRITE)) {
            prot &= ~PAGE_EXEC;
        }
        res->prot = prot;
    }
    {
        unsigned attrindx = (desc >> 2) & 7;
        uint8_t attr = (uint8_t)(env->mair_el1 >> (attrindx * 8));

        res->attrs = attr;
        res->shareability = (desc >> 8) & 3;
        res->global = !((desc >> 11) & 1);
        {
            uint64_t asid_ttbr = (tcr & TCR_A1) ? env->ttbr1_el1 : env->ttbr0_el1;

            res->asid = (uint16_t)(asid_ttbr >> 48) & ((tcr & TCR_AS) ? 0xffff : 0xff);
        }
        res->level = level;
    }
    {
        int need = access_type == MMU_INST_FETCH ? PAGE_EXEC
                 : access_type == MMU_DATA_STORE ? PAGE_WRITE : PAGE_READ;

        if (!(res->prot & need)) {
            return fail(fault, ARM_FAULT_PERMISSION, level);
        }
    }
    return true;
}

/* ---- AT ---------------------------------------------------------------------- */

uint64_t arm_at_s1e1(CPUARMState *env, uint64_t va, MMUAccessType access_type, int mmu_idx)
{
    ARMTranslateResult res;
    ARMMMUFault fault;
    uint64_t par;

    if (!arm_translate_address(env, va, access_type, mmu_idx, &res, &fault)) {
        /* F=1, FST [6:1], PTW [8], S [9] (stage 1 = 0), bit 11 RES1. */
        return 1 | (arm_fault_to_fsc(&fault) << 1) | (fault.s1ptw ? 1u << 8 : 0) |
               (1u << 11);
    }
    par = (uint64_t)res.attrs << 56;
    par |= res.phys & 0x0000fffffffff000ULL;
    par |= 1u << 11;
    /* Device and Normal non-cacheable memory are reported Outer Shareable. */
    if ((res.attrs & 0xf0) == 0 || res.attrs == 0x44) {
        par |= 2u << 7;
    } else {
        par |= (uint64_t)res.shareability << 7;
    }
    return par;
}

/* ---- TCG hooks -------------------------------------------------------------------- */

static void QEMU_NORETURN raise_mmu_fault(CPUARMState *env, uint64_t addr, MMUAccessType access_type,
                            uint32_t fsc, bool ea, uintptr_t retaddr)
{
    bool same_el = arm_current_el(env) == 1;
    uint32_t syn;
    int excp;

    if (access_type == MMU_INST_FETCH) {
        syn = syn_insn_abort(same_el, ea, false, fsc);
        excp = EXCP_PREFETCH_ABORT;
    } else {
        syn = syn_data_abort(same_el, ea, false, false, access_type == MMU_DATA_STORE, fsc);
        excp = EXCP_DATA_ABORT;
    }
    arm_raise_abort_ra(env, excp, syn, addr, retaddr);
}

bool arm_cpu_tlb_fill(CPUState *cs, uint64_t addr, int size, MMUAccessType access_type,
                      int mmu_idx, bool probe, uintptr_t retaddr)
{
    CPUARMState *env = cpu_env(cs);
    ARMTranslateResult res;
    ARMMMUFault fault;

    if (arm_translate_address(env, addr, access_type, mmu_idx, &res, &fault)) {
        uint64_t page_mask = ~((1ULL << ARM_TLB_PAGE_BITS) - 1);
        /* The requester id tells banked devices (a GICv2) which CPU this is. */
        MemTxAttrs attrs = { .user = mmu_idx == ARM_MMU_IDX_E10_0,
                             .requester_id = cs->cpu_index };

        tlb_set_page_with_attrs(cs, addr & page_mask, res.phys & page_mask, attrs,
                                res.prot, mmu_idx, MAX(res.page_size,
                                                       1ULL << ARM_TLB_PAGE_BITS));
        return true;
    }
    if (probe) {
        return false;
    }
    qemu_log_mask(CPU_LOG_MMU, "arm: %s fault at 0x%016" PRIx64 " level %d type %d\n",
                  access_type == MMU_INST_FETCH ? "instruction" : "data", addr, fault.level,
                  fault.type);
    raise_mmu_fault(env, addr, access_type, arm_fault_to_fsc(&fault),
                    fault.type == ARM_FAULT_SYNC_EXTERNAL_ON_WALK, retaddr);
}

bool arm_cpu_get_phys_page_debug(CPUState *cs, uint64_t addr, hwaddr *phys)
{
    CPUARMState *env = cpu_env(cs);
    ARMTranslateResult res;
    ARMMMUFault fault;

    /* The debugger sees what EL1 sees, whatever the current EL or PAN. */
    if (!arm_translate_address(env, addr, MMU_DATA_LOAD, ARM_MMU_IDX_E10_1, &res, &fault) &&
        !arm_translate_address(env, addr, MMU_INST_FETCH, ARM_MMU_IDX_E10_1, &res, &fault)) {
        return false;
    }
    *phys = res.phys;
    return true;
}

void arm_cpu_do_unaligned_access(CPUState *cs, uint64_t addr, MMUAccessType access_type,
                                 int mmu_idx, uintptr_t retaddr)
{
    raise_mmu_fault(cpu_env(cs), addr, access_type, ARM_FSC_ALIGNMENT, false, retaddr);
}

void arm_cpu_do_transaction_failed(CPUState *cs, hwaddr physaddr, uint64_t addr,
                                   unsigned size, MMUAccessType access_type, int mmu_idx,
                                   uintptr_t retaddr)
{
    /* A synchronous external abort, not on a translation table walk. */
    raise_mmu_fault(cpu_env(cs), addr, access_type, ARM_FSC_SYNC_EXTERNAL, true, retaddr);
}
