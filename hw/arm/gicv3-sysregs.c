/*
 * The GICv3 CPU interface as system registers: the board gives each Arm CPU
 * the ICC_*_EL1 registers, forwarding accesses to the GIC model.  Glue
 * between target/arm's register table and hw/intc's GICv3 API.
 */
#include "qemu/osdep.h"
#include "hw/arm/gicv3-sysregs.h"
#include "hw/intc/arm_gicv3.h"
#include "target/arm/sysreg.h"

/* (op0 op1 CRn CRm op2) of every register the GIC's API knows, with access. */
static const struct {
    uint32_t enc;
    uint16_t access;
    const char *name;
} icc_regs[] = {
    { ARM_SYSREG_ENC(3, 0, 4, 6, 0), ARM_SR_PL1_RW, "ICC_PMR_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 8, 0), ARM_SR_PL1_R, "ICC_IAR0_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 8, 1), ARM_SR_PL1_W, "ICC_EOIR0_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 8, 2), ARM_SR_PL1_R, "ICC_HPPIR0_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 8, 3), ARM_SR_PL1_RW, "ICC_BPR0_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 8, 4), ARM_SR_PL1_RW, "ICC_AP0R0_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 8, 5), ARM_SR_PL1_RW, "ICC_AP0R1_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 8, 6), ARM_SR_PL1_RW, "ICC_AP0R2_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 8, 7), ARM_SR_PL1_RW, "ICC_AP0R3_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 9, 0), ARM_SR_PL1_RW, "ICC_AP1R0_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 9, 1), ARM_SR_PL1_RW, "ICC_AP1R1_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 9, 2), ARM_SR_PL1_RW, "ICC_AP1R2_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 9, 3), ARM_SR_PL1_RW, "ICC_AP1R3_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 11, 1), ARM_SR_PL1_W, "ICC_DIR_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 11, 3), ARM_SR_PL1_R, "ICC_RPR_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 11, 5), ARM_SR_PL1_W, "ICC_SGI1R_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 11, 6), ARM_SR_PL1_W, "ICC_ASGI1R_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 11, 7), ARM_SR_PL1_W, "ICC_SGI0R_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 12, 0), ARM_SR_PL1_R, "ICC_IAR1_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 12, 1), ARM_SR_PL1_W, "ICC_EOIR1_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 12, 2), ARM_SR_PL1_R, "ICC_HPPIR1_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 12, 3), ARM_SR_PL1_RW, "ICC_BPR1_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 12, 4), ARM_SR_PL1_RW, "ICC_CTLR_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 12, 5), ARM_SR_PL1_RW, "ICC_SRE_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 12, 6), ARM_SR_PL1_RW, "ICC_IGRPEN0_EL1" },
    { ARM_SYSREG_ENC(3, 0, 12, 12, 7), ARM_SR_PL1_RW, "ICC_IGRPEN1_EL1" },
};

static int icc_decode(uint32_t enc)
{
    return gicv3_cpuif_reg_decode(ARM_SYSREG_OP0(enc), ARM_SYSREG_OP1(enc),
                                  ARM_SYSREG_CRN(enc), ARM_SYSREG_CRM(enc),
                                  ARM_SYSREG_OP2(enc));
}

static uint64_t icc_read(CPUARMState *env, const ARMSysReg *r)
{
    ARMCPU *cpu = env_archcpu(env);
    return gicv3_cpuif_read(cpu->gicv3_cpuif, CPU(cpu)->cpu_index, icc_decode(r->encoding));
}

static void icc_write(CPUARMState *env, const ARMSysReg *r, uint64_t value)
{
    ARMCPU *cpu = env_archcpu(env);
    gicv3_cpuif_write(cpu->gicv3_cpuif, CPU(cpu)->cpu_index, icc_decode(r->encoding), value);
}

void arm_cpu_attach_gicv3(ARMCPU *cpu, GICv3State *gic)
{
    /* One table for every CPU: the CPU is found from env at access time. */
    static ARMSysReg *table;
    static int n;

    if (!table) {
        table = g_new0(ARMSysReg, ARRAY_SIZE(icc_regs));
        for (size_t i = 0; i < ARRAY_SIZE(icc_regs); i++) {
            if (icc_decode(icc_regs[i].enc) < 0) {
                continue;   /* a register this GIC model does not provide */
            }
            table[n++] = (ARMSysReg) {
                .name = icc_regs[i].name,
                .encoding = icc_regs[i].enc,
                .access = icc_regs[i].access,
                /* Acknowledging and EOI change interrupt state: treat as I/O. */
                .type = ARM_SR_IO | ARM_SR_ENDTB | ARM_SR_NO_MIGRATE,
                .readfn = icc_read,
                .writefn = icc_write,
            };
        }
    }
    cpu->gicv3_cpuif = gic;
    arm_cpu_register_sysregs(cpu, table, n);
}
