/*
 * The cpu loop: find or translate the next block, chain it to the previous
 * one, run it, and handle what made it stop (exceptions, interrupts, exit
 * requests, halts).  Guest exceptions raised in helpers unwind here with
 * siglongjmp.
 */
#include "qemu/osdep.h"
#include "internal.h"
#include "system/cpus.h"

void cpu_loop_exit(CPUState *cpu)
{
    TCGCPUState *s = tcg_cpu_state(cpu);
    s->current_tb = NULL;
    siglongjmp(s->jmp_env, 1);
}

bool cpu_restore_state(CPUState *cpu, uintptr_t retaddr)
{
    TranslationBlock *tb;
    uint64_t data[TCG_MAX_INSN_WORDS] = { 0 };

    if (!retaddr) {
        return false;
    }
    tb = tb_find_by_retaddr(retaddr);
    if (!tb) {
        return false;
    }
    if (tcg_restore_state_from_retaddr(&((TBAccel *)tb->accel)->tr, retaddr, data) < 0) {
        return false;
    }
    cpu_tcg_ops(cpu)->restore_state_to_opc(cpu, tb, data);
    return true;
}

void cpu_loop_exit_restore(CPUState *cpu, uintptr_t retaddr)
{
    cpu_restore_state(cpu, retaddr);
    cpu_loop_exit(cpu);
}

void cpu_raise_exception_ra(CPUState *cpu, int excp, uintptr_t retaddr)
{
    cpu->exception_index = excp;
    cpu_loop_exit_restore(cpu, retaddr);
}

/* Returns true when the CPU stays halted. */
static bool cpu_handle_halt(CPUState *cpu)
{
    if (cpu->halted) {
        if (!cpu_has_work(cpu)) {
            return true;
        }
        cpu->halted = 0;
    }
    return false;
}

/* Returns true when cpu_exec must return (*ret set). */
static bool cpu_handle_exception(CPUState *cpu, int *ret)
{
    if (cpu->exception_index < 0) {
        return false;
    }
    if (cpu->exception_index >= EXCP_INTERRUPT) {
        *ret = cpu->exception_index;
        cpu->exception_index = -1;
        return true;
    }
    /* A guest exception: enter its handler and keep going. */
    cpu_tcg_ops(cpu)->do_interrupt(cpu);
    cpu->exception_index = -1;
    return false;
}

/* Returns true when the loop must go back to cpu_handle_exception. */
static bool cpu_handle_interrupt(CPUState *cpu, TranslationBlock **last_tb)
{
    CPUArchStateCommon *c = cpu_env_common(cpu);
    uint32_t req = __atomic_load_n(&cpu->interrupt_request, __ATOMIC_RELAXED);

    /* Clear the request flag before looking at what was requested. */
    __atomic_store_n(&c->exit_request, 0, __ATOMIC_SEQ_CST);

    if (req) {
        if (req & CPU_INTERRUPT_HALT) {
            cpu_reset_interrupt(cpu, CPU_INTERRUPT_HALT);
            cpu->halted = 1;
            cpu->exception_index = EXCP_HLT;
            return true;
        }
        if (cpu_tcg_ops(cpu)->cpu_exec_interrupt(cpu, req)) {
            /*
             * The interrupt has been taken: the guest is at its vector now.
             * exception_index must not keep naming it, or a stop or kick
             * seen below would send cpu_handle_exception round to take it
             * a second time (ELR pointing at the vector itself).
             */
            cpu->exception_index = -1;
            /* State changed (an exception was entered): no chaining into it. */
            *last_tb = NULL;
        }
        if (__atomic_load_n(&cpu->interrupt_request, __ATOMIC_RELAXED) &
            CPU_INTERRUPT_EXITTB) {
            cpu_reset_interrupt(cpu, CPU_INTERRUPT_EXITTB);
            *last_tb = NULL;
        }
    }
    if (__atomic_exchange_n(&cpu->exit_request, false, __ATOMIC_SEQ_CST) || cpu->stop) {
        if (cpu->exception_index == -1) {
            cpu->exception_index = EXCP_INTERRUPT;
        }
        return true;
    }
    return false;
}

static void cpu_exec_loop(CPUState *cpu, int *ret)
{
    TCGCPUState *s = tcg_cpu_state(cpu);
    const struct TCGCPUOps *ops = cpu_tcg_ops(cpu);

    while (!cpu_handle_exception(cpu, ret)) {
        TranslationBlock *last_tb = NULL;
        int tb_exit = 0;

        while (!cpu_handle_interrupt(cpu, &last_tb)) {
            uint64_t pc, cs_base;
            uint32_t flags, cflags, gen;
            TranslationBlock *tb;
            uintptr_t r;

            ops->get_tb_cpu_state(cpu, &pc, &cs_base, &flags);
            cflags = s->cflags_next_tb;
            if (cflags == UINT32_MAX) {
                cflags = 0;
            } else {
                s->cflags_next_tb = UINT32_MAX;
                /* A one-off block (after self-modifying code): never chained. */
                cflags |= CF_NO_GOTO_TB;
            }
            gen = tb_code_generation();
            tb = tb_lookup(cpu, pc, cs_base, flags, cflags);
            if (!tb) {
                tb = tb_gen_code(cpu, pc, cs_base, flags, cflags);
            }
            if (gen != tb_code_generation()) {
                last_tb = NULL;     /* the buffer was flushed: last_tb is gone */
            }
            if (last_tb && !(cflags & CF_NO_GOTO_TB) && tb_exit <= TB_EXIT_IDX1) {
                tb_add_jump(last_tb, tb_exit, tb);
            }
            s->current_tb = tb;
            r = tcg_tb_exec(tcg_accel_ctx, cpu_env(cpu), tb->tc_ptr);
            s->current_tb = NULL;
            last_tb = (TranslationBlock *)(r & ~(uintptr_t)TB_EXIT_MASK);
            tb_exit = r & TB_EXIT_MASK;
            if (!last_tb) {
                /* goto_ptr found nothing: the state is already up to date. */
                tb_exit = 0;
            } else if (tb_exit == TB_EXIT_REQUESTED) {
                /* Left at a block start: the pc may not have been stored yet. */
                ops->synchronize_from_tb(cpu, last_tb);
                last_tb = NULL;
            }
            /* A block not in the cache (code outside RAM) runs once. */
            if (tb->accel && ((TBAccel *)tb->accel)->invalid) {
                last_tb = NULL;
            }
        }
    }
}

int cpu_exec(CPUState *cpu)
{
    TCGCPUState *s = tcg_cpu_state(cpu);
    int ret = EXCP_HALTED;

    if (cpu_handle_halt(cpu)) {
        return EXCP_HALTED;
    }
    current_cpu_set(cpu);
    cpu->running = true;
    if (sigsetjmp(s->jmp_env, 0) != 0) {
        /* Unwound from a helper: generated code is gone from the stack. */
        tcg_exec_unwound();
        s->current_tb = NULL;
        if (bql_locked()) {
            bql_unlock();
        }
    }
    cpu_exec_loop(cpu, &ret);
    cpu->running = false;
    return ret;
}
