/*
 * aarch64 guest boot: kernel formats (arm64 Image per Documentation/arm64/
 * booting.rst, gzip-compressed Image, ELF, raw), initrd and device tree
 * placement in RAM, and the primary CPU's entry state.
 */
#include "qemu/osdep.h"
#include <zlib.h>
#include "hw/arm/boot.h"
#include "hw/loader.h"
#include "qemu/bswap.h"
#include "system/reset.h"
#include "target/arm/cpu.h"

#define ARM64_IMAGE_MAGIC 0x644d5241u        /* "ARM\x64" at offset 56 */
#define ARM64_IMAGE_HEADER_SIZE 64
#define ARM64_TEXT_OFFSET_DEFAULT 0x80000    /* kernels older than 3.17 */
#define ARM64_RAW_LOAD_OFFSET 0x80000
#define GUNZIP_MAX ((uint64_t)512 << 20)
#define MiB ((uint64_t)1 << 20)

static uint8_t *gunzip(const uint8_t *src, size_t len, size_t *outlen, Error **errp)
{
    z_stream zs = { 0 };
    size_t cap = len * 4 + MiB;
    uint8_t *out = g_malloc(cap);
    int ret;

    if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
        g_free(out);
        error_setg(errp, "cannot start gzip decompression");
        return NULL;
    }
    zs.next_in = (uint8_t *)src;
    zs.avail_in = len;
    do {
        if (zs.total_out == cap) {
            if (cap >= GUNZIP_MAX) {
                break;
            }
            cap = MIN(cap * 2, GUNZIP_MAX);
            out = g_realloc(out, cap);
        }
        zs.next_out = out + zs.total_out;
        zs.avail_out = cap - zs.total_out;
        ret = inflate(&zs, Z_NO_FLUSH);
    } while (ret == Z_OK);
    inflateEnd(&zs);
    if (ret != Z_STREAM_END) {
        g_free(out);
        error_setg(errp, "kernel image: gzip data is corrupt or larger than %" PRIu64 " MiB",
                   GUNZIP_MAX / MiB);
        return NULL;
    }
    *outlen = zs.total_out;
    return out;
}

static bool load_blob(MachineState *ms, ArmBootInfo *bi, hwaddr addr, const void *data,
                      uint64_t len, const char *what, Error **errp)
{
    if (addr < bi->ram_base || len > bi->ram_size ||
        addr - bi->ram_base > bi->ram_size - len) {
        error_setg(errp, "%s (%" PRIu64 " bytes at 0x%" PRIx64 ") does not fit in RAM "
                   "(%" PRIu64 " MiB): use a larger -m", what, len, addr,
                   bi->ram_size / MiB);
        return false;
    }
    if (!rom_write(&address_space_memory, addr, data, len)) {
        error_setg(errp, "%s: cannot write guest memory at 0x%" PRIx64, what, addr);
        return false;
    }
    return true;
}

static bool load_kernel(MachineState *ms, ArmBootInfo *bi, Error **errp)
{
    g_autofree gchar *file = NULL;
    g_autofree uint8_t *unzipped = NULL;
    const uint8_t *data;
    gsize len;
    size_t ulen;
    GError *gerr = NULL;

    if (loader_is_elf(ms->kernel_filename)) {
        ElfLoadInfo info;
        if (!load_elf(&address_space_memory, ms->kernel_filename, EM_AARCH64, 0, &info,
                      errp)) {
            return false;
        }
        bi->entry = info.entry;
        bi->kernel_end = info.highaddr;
        bi->is_linux = false;
        return true;
    }
    if (!g_file_get_contents(ms->kernel_filename, &file, &len, &gerr)) {
        error_setg(errp, "could not load kernel '%s': %s", ms->kernel_filename,
                   gerr->message);
        g_error_free(gerr);
        return false;
    }
    data = (const uint8_t *)file;
    if (len >= 2 && data[0] == 0x1f && data[1] == 0x8b) {
        unzipped = gunzip(data, len, &ulen, errp);
        if (!unzipped) {
            error_prepend(errp, "'%s': ", ms->kernel_filename);
            return false;
        }
        data = unzipped;
        len = ulen;
    }
    if (len >= ARM64_IMAGE_HEADER_SIZE && ldl_le_p(data + 56) == ARM64_IMAGE_MAGIC) {
        uint64_t text_offset = ldq_le_p(data + 8);
        uint64_t image_size = ldq_le_p(data + 16);
        uint64_t flags = ldq_le_p(data + 24);
        hwaddr base = QEMU_ALIGN_UP(bi->ram_base, 2 * MiB);

        if (image_size == 0) {
            /* Before 3.17 the header had no size: the protocol says 0x80000. */
            text_offset = ARM64_TEXT_OFFSET_DEFAULT;
            image_size = len;
        }
        if ((flags & 1) != 0) {
            error_setg(errp, "'%s' is a big-endian arm64 kernel; this CPU boots "
                       "little-endian kernels only", ms->kernel_filename);
            return false;
        }
        bi->entry = base + text_offset;
        /* The kernel needs image_size bytes from its base (bss included). */
        if (!load_blob(ms, bi, bi->entry, data, len, "kernel", errp)) {
            return false;
        }
        bi->kernel_end = bi->entry + MAX(image_size, (uint64_t)len);
        bi->is_linux = true;
        return true;
    }
    bi->entry = bi->ram_base + ARM64_RAW_LOAD_OFFSET;
    if (!load_blob(ms, bi, bi->entry, data, len, "kernel", errp)) {
        return false;
    }
    bi->kernel_end = bi->entry + len;
    bi->is_linux = false;
    return true;
}

bool arm_boot_load_images(MachineState *ms, ArmBootInfo *bi, Error **errp)
{
    if (!ms->kernel_filename) {
        if (ms->initrd_filename) {
            error_setg(errp, "-initrd needs a -kernel to boot");
            return false;
        }
        return true;
    }
    bi->have_kernel = true;
    if (!load_kernel(ms, bi, errp)) {
        return false;
    }
    if (ms->initrd_filename) {
        g_autofree gchar *data = NULL;
        gsize len;
        GError *gerr = NULL;
        /* Above the kernel, half-way into RAM (at most 128 MiB in), as QEMU does. */
        hwaddr start = bi->ram_base + MIN(bi->ram_size / 2, 128 * MiB);

        start = MAX(start, QEMU_ALIGN_UP(bi->kernel_end, 4096));
        if (!g_file_get_contents(ms->initrd_filename, &data, &len, &gerr)) {
            error_setg(errp, "could not load initrd '%s': %s", ms->initrd_filename,
                       gerr->message);
            g_error_free(gerr);
            return false;
        }
        if (!load_blob(ms, bi, start, data, len, "initrd", errp)) {
            return false;
        }
        bi->initrd_start = start;
        bi->initrd_size = len;
    }
    return true;
}

bool arm_boot_place_fdt(MachineState *ms, ArmBootInfo *bi, Error **errp)
{
    hwaddr end = MAX(bi->kernel_end, bi->initrd_start + bi->initrd_size);
    hwaddr addr;

    if (!bi->have_kernel || !ms->fdt) {
        return true;
    }
    /* 2 MiB aligned after everything else, as booting.rst asks of the DTB. */
    addr = QEMU_ALIGN_UP(MAX(end, bi->ram_base), 2 * MiB);
    if (!load_blob(ms, bi, addr, ms->fdt, ms->fdt_size, "device tree", errp)) {
        return false;
    }
    bi->dtb_addr = addr;
    return true;
}

typedef struct ArmBootReset {
    CPUState *cpu;
    ArmBootInfo *bi;
} ArmBootReset;

static void arm_boot_reset(void *opaque)
{
    ArmBootReset *r = opaque;
    CPUARMState *env = cpu_env(r->cpu);

    env->pc = r->bi->entry;
    if (r->bi->is_linux) {
        /* x0 = device tree, x1..x3 = 0 (booting.rst). */
        env->xregs[0] = r->bi->dtb_addr;
        env->xregs[1] = env->xregs[2] = env->xregs[3] = 0;
    }
}

void arm_boot_register_reset(CPUState *cpu, ArmBootInfo *bi)
{
    ArmBootReset *r;

    if (!bi->have_kernel) {
        return;
    }
    r = g_new0(ArmBootReset, 1);
    r->cpu = cpu;
    r->bi = bi;
    qemu_register_reset(arm_boot_reset, r);
}
