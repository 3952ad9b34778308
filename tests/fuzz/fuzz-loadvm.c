/*
 * libFuzzer target for the incoming migration stream: every input is fed to
 * qemu_loadvm_state() against a small machine (RAM plus devices using most
 * field kinds).  Any crash, sanitizer report or leak is a bug; errors are
 * the expected outcome.  Built only by tests/fuzz/run-fuzz.sh (clang).
 */
#include "qemu/osdep.h"
#include <fcntl.h>
#include "hw/boards.h"
#include "migration/vmstate.h"
#include "migration/misc.h"
#include "system/memory.h"

typedef struct FuzzInner {
    uint16_t a;
    int8_t b;
} FuzzInner;

typedef struct FuzzDev {
    bool flag;
    uint8_t n8;
    uint32_t n32;
    int32_t ni32;
    uint64_t u64;
    uint16_t var[6];
    FuzzInner svar[3];
    FuzzInner ins[2];
    int32_t *parr;
    uint32_t vlen;
    uint8_t *vbuf;
    uint32_t le32;
    uint32_t extra;
    uint8_t buf[8];
} FuzzDev;

static const VMStateDescription vmstate_fuzz_inner = {
    .name = "fuzz-inner",
    .version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT16(a, FuzzInner),
        VMSTATE_INT8(b, FuzzInner),
        VMSTATE_END_OF_LIST()
    },
};

static bool extra_needed(void *opaque)
{
    return true;
}

static const VMStateDescription vmstate_fuzz_extra = {
    .name = "fuzz-dev/extra",
    .version_id = 1,
    .needed = extra_needed,
    .fields = (const VMStateField[]) {
        VMSTATE_UINT32(extra, FuzzDev),
        VMSTATE_END_OF_LIST()
    },
};

static bool ni32_valid(void *opaque, int version_id)
{
    FuzzDev *d = opaque;
    return d->ni32 >= 0 && d->ni32 <= 4;
}

static const VMStateDescription vmstate_fuzz_dev = {
    .name = "fuzz-dev",
    .version_id = 3,
    .minimum_version_id = 1,
    .fields = (const VMStateField[]) {
        VMSTATE_BOOL(flag, FuzzDev),
        VMSTATE_UINT8(n8, FuzzDev),
        VMSTATE_UINT32(n32, FuzzDev),
        VMSTATE_INT32(ni32, FuzzDev),
        VMSTATE_VALIDATE("ni32 range", ni32_valid),
        VMSTATE_UINT64_V(u64, FuzzDev, 2),
        VMSTATE_VARRAY_UINT8_IN_STRUCT(var, FuzzDev, n8, 0, vmstate_info_uint16, uint16_t),
        VMSTATE_STRUCT_VARRAY_UINT32(svar, FuzzDev, n32, 0, vmstate_fuzz_inner, FuzzInner),
        VMSTATE_STRUCT_ARRAY(ins, FuzzDev, 2, 0, vmstate_fuzz_inner, FuzzInner),
        VMSTATE_VARRAY_INT32(parr, FuzzDev, ni32, 0, vmstate_info_int32, int32_t),
        VMSTATE_UINT32(vlen, FuzzDev),
        VMSTATE_VBUFFER_ALLOC_UINT32(vbuf, FuzzDev, 0, NULL, vlen),
        VMSTATE_UINT32_LE(le32, FuzzDev),
        VMSTATE_BUFFER(buf, FuzzDev),
        VMSTATE_UNUSED(3),
        VMSTATE_END_OF_LIST()
    },
    .subsections = (const VMStateDescription *const[]) { &vmstate_fuzz_extra, NULL },
};

static FuzzDev devs[2];
static int32_t parr_storage[2][4];
static MemoryRegion fuzz_ram;

static void fill_devices(void)
{
    for (int i = 0; i < 2; i++) {
        FuzzDev *d = &devs[i];
        g_free(d->vbuf);
        memset(d, 0, sizeof(*d));
        d->parr = parr_storage[i];
        d->flag = true;
        d->n8 = 3;
        d->n32 = 2;
        d->ni32 = 4;
        d->u64 = 0x1122334455667788ull + i;
        d->vlen = 5;
        d->vbuf = (uint8_t *)g_strdup("seed");
        d->extra = 7;
    }
}

static void write_seed(const char *dir)
{
    g_autofree char *path = g_build_filename(dir, "seed-stream", NULL);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    QEMUFile *f;

    if (fd < 0) {
        return;
    }
    memset(memory_region_get_ram_ptr(&fuzz_ram), 0x5a, 8192);
    f = qemu_file_new_fd_output(fd, path);
    qemu_savevm_state(f, NULL);
    qemu_fclose(f);
    memset(memory_region_get_ram_ptr(&fuzz_ram), 0, 64 * 1024);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    MachineState *ms;
    const char *seed_dir = getenv("FUZZ_LOADVM_SEED_DIR");

    memory_init();
    ms = machine_create(machine_find_class("none"), &error_fatal);
    machine_run_board_init(ms, &error_fatal);
    memory_region_init_ram(&fuzz_ram, NULL, "fuzz.ram", 64 * 1024, &error_fatal);
    memory_region_add_subregion(get_system_memory(), 0, &fuzz_ram);
    fill_devices();
    vmstate_register_with_alias_id(NULL, 0, &vmstate_fuzz_dev, &devs[0], 0x80000000, 2,
                                   &error_fatal);
    vmstate_register(NULL, 1, &vmstate_fuzz_dev, &devs[1]);
    if (seed_dir) {
        write_seed(seed_dir);
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    QEMUFile *f = qemu_file_new_mem_input(data, size);
    Error *err = NULL;

    qemu_loadvm_state(f, &err);
    error_free(err);
    qemu_fclose(f);
    fill_devices();
    return 0;
}
