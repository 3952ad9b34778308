/*
 * The guest-neutral CPU base type: what boards, monitors, migration and the
 * accelerator know about a CPU.  Architecture state lives in the target's
 * subclass (target/<arch>/cpu.h); execution lives in the accelerator.
 */
#ifndef HW_CORE_CPU_H
#define HW_CORE_CPU_H

#include "hw/qdev-core.h"
#include "system/memory.h"

#define TYPE_CPU "cpu"
OBJECT_DECLARE_TYPE(CPUState, CPUClass, CPU)

/* interrupt_request bits shared by every target (QEMU's values). */
#define CPU_INTERRUPT_HARD      0x0002   /* the main interrupt line (IRQ) */
#define CPU_INTERRUPT_EXITTB    0x0004   /* leave the current translation block */
#define CPU_INTERRUPT_HALT      0x0020
#define CPU_INTERRUPT_DEBUG     0x0080
#define CPU_INTERRUPT_RESET     0x0400
/* Left to each target. */
#define CPU_INTERRUPT_TGT_EXT_0 0x0008
#define CPU_INTERRUPT_TGT_EXT_1 0x0010
#define CPU_INTERRUPT_TGT_EXT_2 0x0040
#define CPU_INTERRUPT_TGT_EXT_3 0x0200
#define CPU_INTERRUPT_TGT_EXT_4 0x1000
#define CPU_INTERRUPT_TGT_INT_0 0x0100
#define CPU_INTERRUPT_TGT_INT_1 0x0800
#define CPU_INTERRUPT_TGT_INT_2 0x2000

/* Flags for dump_state ("info registers"). */
#define CPU_DUMP_CODE 0x00010000
#define CPU_DUMP_FPU  0x00020000

struct TCGCPUOps;

struct CPUClass {
    DeviceClass parent_class;

    /* Whether a halted CPU has something to do (a pending, unmasked interrupt). */
    bool (*has_work)(CPUState *cpu);
    /* "info registers" text. */
    void (*dump_state)(CPUState *cpu, GString *out, int flags);
    int64_t (*get_arch_id)(CPUState *cpu);
    void (*set_pc)(CPUState *cpu, uint64_t pc);
    uint64_t (*get_pc)(CPUState *cpu);
    /* Translate a virtual address for debuggers and monitors, without side
     * effects; false when unmapped. */
    bool (*get_phys_page_debug)(CPUState *cpu, uint64_t addr, hwaddr *phys);
    /* Put the architecture state into its reset values (called by cpu_reset). */
    void (*reset)(CPUState *cpu);
    /* Execution hooks for the TCG accelerator. */
    const struct TCGCPUOps *tcg_ops;
};

struct CPUState {
    DeviceState parent_obj;

    int cpu_index;
    uint32_t halted;
    uint32_t interrupt_request;
    int exception_index;
    bool exit_request;          /* leave guest code at the next block boundary */
    bool stop;                  /* park (VM stopped): set by pause_all_vcpus */
    bool stopped;
    bool created;
    bool running;
    bool crash_occurred;
    int64_t thread_id;
    void *env_ptr;              /* the target's CPUArchState */
    AddressSpace *as;           /* what this CPU sees (address_space_memory by default) */
    void *accel;                /* the accelerator's per-CPU state (TLB, TB jump cache) */
    CPUState *next_cpu;
};

/* The list of realized CPUs, in creation order (a process singleton). */
extern CPUState *first_cpu;
#define CPU_FOREACH(cpu) for ((cpu) = first_cpu; (cpu); (cpu) = (cpu)->next_cpu)

/* The CPU with this index, or NULL. */
CPUState *qemu_get_cpu(int index);
int cpu_count(void);

/* Raise/clear interrupt_request bits; raising kicks the CPU out of guest code. */
void cpu_interrupt(CPUState *cpu, int mask);
void cpu_reset_interrupt(CPUState *cpu, int mask);
/* Ask the CPU to leave guest code soon (it re-checks requests). */
void cpu_exit(CPUState *cpu);
void cpu_reset(CPUState *cpu);
bool cpu_has_work(CPUState *cpu);

/* How the accelerator wants to be told about a kicked CPU (set by accel). */
typedef struct CPUAccelHooks {
    void (*kick)(CPUState *cpu);
    void (*cpu_realized)(CPUState *cpu);
    void (*cpu_unrealized)(CPUState *cpu);
} CPUAccelHooks;
extern CPUAccelHooks cpu_accel_hooks;

#endif
