/*
 * Running vCPUs with TCG: one round-robin thread executes every vCPU in
 * turn (a time slice each, so SMP guests are fair), parks while the VM is
 * stopped or every CPU is halted, and creates the translation context.
 */
#include "qemu/osdep.h"
#include "accel/tcg.h"
#include "internal.h"
#include "system/cpus.h"
#include "system/runstate.h"

#define RR_TIMESLICE_MS 10

static TCGBackend tcg_backend = TCG_BACKEND_JIT;
static GThread *rr_thread;
static CPUState *rr_current;     /* the vCPU the round-robin thread runs now */
static GThread *kick_thread;

bool tcg_accel_set_backend(const char *name, Error **errp)
{
    if (!strcmp(name, "jit")) {
        tcg_backend = TCG_BACKEND_JIT;
    } else if (!strcmp(name, "interp")) {
        tcg_backend = TCG_BACKEND_INTERP;
    } else {
        error_setg(errp, "Parameter 'backend' does not accept value '%s' "
                   "(accepted: 'jit', 'interp')", name);
        return false;
    }
    return true;
}

static void tcg_kick(CPUState *cpu)
{
    if (cpu->env_ptr) {
        __atomic_store_n(&cpu_env_common(cpu)->exit_request, 1, __ATOMIC_SEQ_CST);
    }
}

static void rr_kick_vcpu_thread(CPUState *cpu)
{
    /* Whichever vCPU the shared thread runs must leave so the kicked one is seen. */
    CPUState *cur = __atomic_load_n(&rr_current, __ATOMIC_SEQ_CST);
    tcg_kick(cpu);
    if (cur && cur != cpu) {
        tcg_kick(cur);
    }
}

/* Time slices: with several vCPUs, make the running one yield regularly. */
static gpointer rr_kick_thread_fn(gpointer data)
{
    for (;;) {
        CPUState *cur;
        g_usleep(RR_TIMESLICE_MS * 1000);
        cur = __atomic_load_n(&rr_current, __ATOMIC_SEQ_CST);
        if (cur && cur->next_cpu != first_cpu) {
            tcg_kick(cur);
        }
    }
    return NULL;
}

static void tcg_context_setup(CPUState *cpu)
{
    const struct TCGCPUOps *ops = cpu_tcg_ops(cpu);
    TCGContextConfig cfg = {
        .backend = tcg_backend,
        .insn_start_words = ops->insn_start_words ? ops->insn_start_words : 1,
        .page_bits = ops->page_bits,
        .tlb_fast_offset = offsetof(CPUArchStateCommon, tlb_fast),
        .nb_mmu_modes = ops->nb_mmu_modes,
        .ld_slow = helper_ld_slow,
        .st_slow = helper_st_slow,
    };

    tcg_page_bits = ops->page_bits;
    tcg_accel_ctx = tcg_context_new(&cfg, &error_fatal);
    /* Globals belong to the context; create them in the thread that translates. */
    tcg_context_make_current(tcg_accel_ctx);
    if (ops->initialize) {
        ops->initialize();
    }
}

static bool any_cpu_can_run(void)
{
    CPUState *cpu;
    CPU_FOREACH(cpu) {
        if (cpu_can_run(cpu)) {
            return true;
        }
    }
    return false;
}

static gpointer rr_cpu_thread_fn(gpointer data)
{
    CPUState *cpu;

    bql_lock();
    tcg_context_setup(first_cpu);
    CPU_FOREACH(cpu) {
        cpu->thread_id = (int64_t)gettid();
    }
    for (;;) {
        /* Parks, telling pause_all_vcpus() we are out of guest code. */
        qemu_wait_io_event_until(any_cpu_can_run);
        CPU_FOREACH(cpu) {
            int r;
            if (!cpu_can_run(cpu)) {
                continue;
            }
            __atomic_store_n(&rr_current, cpu, __ATOMIC_SEQ_CST);
            bql_unlock();
            r = cpu_exec(cpu);
            bql_lock();
            __atomic_store_n(&rr_current, NULL, __ATOMIC_SEQ_CST);
            if (r == EXCP_ATOMIC) {
                /* Only one thread runs guest code: just run it again. */
                continue;
            }
        }
    }
    return NULL;
}

static void rr_start_vcpu_thread(CPUState *cpu)
{
    tlb_init(cpu);
    if (!rr_thread) {
        rr_thread = g_thread_new("CPU 0/TCG", rr_cpu_thread_fn, NULL);
    }
}

static void rr_machine_ready(void)
{
    if (first_cpu && first_cpu->next_cpu && !kick_thread) {
        kick_thread = g_thread_new("TCG kick", rr_kick_thread_fn, NULL);
    }
}

static const AccelOpsClass tcg_rr_ops = {
    .start_vcpu_thread = rr_start_vcpu_thread,
    .kick_vcpu_thread = rr_kick_vcpu_thread,
    .machine_ready = rr_machine_ready,
};

void tcg_accel_init(void)
{
    tb_init();
    tlb_listeners_init();
    cpus_register_accel(&tcg_rr_ops);
}
