/*
 * "info registers" for the AArch64 CPU, in the layout QEMU users know: pc and
 * X registers three to a line ending with SP, then PSTATE with its flags and
 * mode, and with CPU_DUMP_FPU the FP control registers and Q0-Q31.
 */
#include "qemu/osdep.h"
#include "target/arm/cpu.h"

void arm_cpu_dump_state(CPUState *cs, GString *out, int flags)
{
    CPUARMState *env = cpu_env(cs);
    uint32_t psr = pstate_read(env);

    g_string_append_printf(out, "PC=%016" PRIx64 " ", env->pc);
    for (int i = 0; i < 31; i++) {
        g_string_append_printf(out, "X%02d=%016" PRIx64 "%s", i, env->xregs[i],
                               (i + 2) % 3 == 0 ? "\n" : " ");
    }
    g_string_append_printf(out, "SP=%016" PRIx64 "\n", env->xregs[31]);
    g_string_append_printf(out, "PSTATE=%08x %c%c%c%c EL%d%c\n", psr,
                           psr & PSTATE_N ? 'N' : '-', psr & PSTATE_Z ? 'Z' : '-',
                           psr & PSTATE_C ? 'C' : '-', psr & PSTATE_V ? 'V' : '-',
                           arm_current_el(env), psr & PSTATE_SP ? 'h' : 't');
    if (!(flags & CPU_DUMP_FPU)) {
        return;
    }
    g_string_append_printf(out, "FPCR=%08x FPSR=%08x\n", vfp_get_fpcr(env),
                           vfp_get_fpsr(env));
    for (int i = 0; i < 32; i++) {
        g_string_append_printf(out, "Q%02d=%016" PRIx64 ":%016" PRIx64 "%s", i,
                               env->vregs[i].d[1], env->vregs[i].d[0],
                               (i & 1) ? "\n" : " ");
    }
}
