/*
 * Machines: machine classes (name, alias, defaults, init, compat props),
 * versioned machine families, and the machine instance at /machine.
 */
#ifndef HW_BOARDS_H
#define HW_BOARDS_H

#include "hw/qdev-core.h"
#include "system/memory.h"

#define TYPE_MACHINE "machine"
#define TYPE_MACHINE_SUFFIX "-machine"
#define MACHINE_TYPE_NAME(machinename) (machinename TYPE_MACHINE_SUFFIX)
OBJECT_DECLARE_TYPE(MachineState, MachineClass, MACHINE)

typedef struct CpuTopology {
    unsigned int cpus;
    unsigned int sockets;
    unsigned int dies;
    unsigned int clusters;
    unsigned int cores;
    unsigned int threads;
    unsigned int max_cpus;
} CpuTopology;

struct MachineClass {
    ObjectClass parent_class;

    const char *family;            /* versioned family ("virt"), NULL if none */
    char *name;                    /* type name without "-machine" */
    const char *alias;             /* e.g. "virt" for the newest version */
    const char *desc;
    const char *deprecation_reason;

    void (*init)(MachineState *ms);
    void (*reset)(MachineState *ms);

    int max_cpus;
    int min_cpus;
    int default_cpus;
    bool is_default;
    bool no_serial;
    const char *default_cpu_type;
    const char *const *valid_cpu_types;    /* NULL-terminated, or NULL: any */
    const char *default_ram_id;            /* NULL: the machine has no main RAM */
    uint64_t default_ram_size;
    const char *default_display;

    /* GlobalProperty *, applied to every device this machine creates. */
    GPtrArray *compat_props;
};

struct MachineState {
    Object parent_obj;

    char *kernel_filename;
    char *initrd_filename;
    char *kernel_cmdline;
    char *dtb;
    char *dumpdtb;
    char *firmware;
    bool dump_guest_core;
    bool mem_merge;
    bool graphics;
    bool usb;

    uint64_t ram_size;
    uint64_t maxram_size;
    CpuTopology smp;
    char *cpu_type;
    MemoryRegion *ram;             /* main RAM, created before init when default_ram_id */
    void *fdt;                     /* flattened device tree the board generated */
    int fdt_size;
};

/* The machine instance, or NULL before it is created (process singleton). */
extern MachineState *current_machine;

/* Append a GlobalProperty array to a compat prop list. */
void compat_props_add(GPtrArray *arr, GlobalProperty props[], size_t nelem);

/*
 * Check that every compat prop naming a device type that exists names a
 * property the type has (a bug otherwise), for a whole machine class.
 */
bool machine_class_check_compat_props(MachineClass *mc, Error **errp);

/* Find by name or alias; NULL if unknown. */
MachineClass *machine_find_class(const char *name);
/* Machine classes in "-machine help" order. */
GSList *machine_class_get_list(void);
/* The default machine, or NULL (qemu-system-aarch64 has none). */
MachineClass *machine_find_default(void);
/* "-machine help" text. */
void machine_help(GString *out);

/*
 * Create /machine of class mc: install its compat props, apply options
 * (QemuOpt list minus the keys the caller handles), set RAM size and
 * topology.  Does not run init.
 */
MachineState *machine_create(MachineClass *mc, Error **errp);
/* Allocate main RAM and run the board's init. */
bool machine_run_board_init(MachineState *ms, Error **errp);

/* Parse "-smp" and "-m" strings into the machine (before init). */
bool machine_parse_smp(MachineState *ms, const char *str, Error **errp);
bool machine_parse_memory(MachineState *ms, const char *str, Error **errp);

/* Compat arrays shared by every versioned family (QEMU's hw_compat_X_Y). */
#define HW_COMPAT(ver) \
    extern GlobalProperty hw_compat_##ver[]; \
    extern const size_t hw_compat_##ver##_len;
HW_COMPAT(7_1)
HW_COMPAT(7_0)
HW_COMPAT(6_2)
HW_COMPAT(6_1)
HW_COMPAT(6_0)
HW_COMPAT(5_2)
HW_COMPAT(5_1)
HW_COMPAT(5_0)
HW_COMPAT(4_2)
HW_COMPAT(4_1)
HW_COMPAT(4_0)
HW_COMPAT(3_1)
HW_COMPAT(3_0)
HW_COMPAT(2_12)
HW_COMPAT(2_11)
HW_COMPAT(2_10)
HW_COMPAT(2_9)
HW_COMPAT(2_8)
HW_COMPAT(2_7)
HW_COMPAT(2_6)
#undef HW_COMPAT

#endif
