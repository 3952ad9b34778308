/*
 * The CPU base type: the CPU list, interrupt requests, reset and kicks.
 */
#include "qemu/osdep.h"
#include "hw/core/cpu.h"

CPUState *first_cpu;
CPUAccelHooks cpu_accel_hooks;

CPUState *qemu_get_cpu(int index)
{
    CPUState *cpu;
    CPU_FOREACH(cpu) {
        if (cpu->cpu_index == index) {
            return cpu;
        }
    }
    return NULL;
}

int cpu_count(void)
{
    CPUState *cpu;
    int n = 0;
    CPU_FOREACH(cpu) {
        n++;
    }
    return n;
}

void cpu_exit(CPUState *cpu)
{
    __atomic_store_n(&cpu->exit_request, true, __ATOMIC_SEQ_CST);
    if (cpu_accel_hooks.kick) {
        cpu_accel_hooks.kick(cpu);
    }
}

void cpu_interrupt(CPUState *cpu, int mask)
{
    g_atomic_int_or(&cpu->interrupt_request, (unsigned)mask);
    if (cpu_accel_hooks.kick) {
        cpu_accel_hooks.kick(cpu);
    }
}

void cpu_reset_interrupt(CPUState *cpu, int mask)
{
    g_atomic_int_and(&cpu->interrupt_request, ~(unsigned)mask);
}

bool cpu_has_work(CPUState *cpu)
{
    CPUClass *cc = CPU_GET_CLASS(cpu);
    return cc->has_work ? cc->has_work(cpu) : false;
}

void cpu_reset(CPUState *cpu)
{
    CPUClass *cc = CPU_GET_CLASS(cpu);

    cpu->interrupt_request = 0;
    cpu->halted = 0;
    cpu->exception_index = -1;
    cpu->crash_occurred = false;
    if (cc->reset) {
        cc->reset(cpu);
    }
}

static void cpu_device_reset(DeviceState *dev)
{
    cpu_reset(CPU(dev));
}

static void cpu_common_realize(DeviceState *dev, Error **errp)
{
    CPUState *cpu = CPU(dev);
    CPUState **tail = &first_cpu;
    int index = 0;

    /* Indexes are dense and stable: the first free one. */
    while (qemu_get_cpu(index)) {
        index++;
    }
    cpu->cpu_index = index;
    while (*tail) {
        tail = &(*tail)->next_cpu;
    }
    *tail = cpu;
    if (!cpu->as) {
        cpu->as = &address_space_memory;
    }
    cpu->created = true;
    if (cpu_accel_hooks.cpu_realized) {
        cpu_accel_hooks.cpu_realized(cpu);
    }
}

static void cpu_common_unrealize(DeviceState *dev)
{
    CPUState *cpu = CPU(dev);

    if (cpu_accel_hooks.cpu_unrealized) {
        cpu_accel_hooks.cpu_unrealized(cpu);
    }
    for (CPUState **p = &first_cpu; *p; p = &(*p)->next_cpu) {
        if (*p == cpu) {
            *p = cpu->next_cpu;
            break;
        }
    }
    cpu->next_cpu = NULL;
    cpu->created = false;
}

static void cpu_common_initfn(Object *obj)
{
    CPUState *cpu = CPU(obj);
    cpu->cpu_index = -1;
    cpu->exception_index = -1;
}

static void cpu_class_init(ObjectClass *oc, void *data)
{
    DeviceClass *dc = DEVICE_CLASS(oc);

    dc->realize = cpu_common_realize;
    dc->unrealize = cpu_common_unrealize;
    dc->reset = cpu_device_reset;
    /* CPUs are created by the board from -cpu and -smp. */
    dc->user_creatable = false;
    device_class_set_category(dc, DEVICE_CATEGORY_CPU);
}

static const TypeInfo cpu_type_info = {
    .name = TYPE_CPU,
    .parent = TYPE_DEVICE,
    .instance_size = sizeof(CPUState),
    .instance_init = cpu_common_initfn,
    .abstract = true,
    .class_size = sizeof(CPUClass),
    .class_init = cpu_class_init,
};

static void cpu_register_types(void)
{
    type_register_static(&cpu_type_info);
}

type_init(cpu_register_types)
