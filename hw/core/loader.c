/*
 * Guest image loaders: ELF segments and raw files into guest memory.
 * Every offset and size from the file is checked before use: a corrupt
 * image gives an error, never a wild write.
 */
#include "qemu/osdep.h"
#include "hw/loader.h"
#include "qemu/bswap.h"

#define EI_NIDENT 16
#define ELFCLASS32 1
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define ELFDATA2MSB 2
#define PT_LOAD 1
#define ET_EXEC 2
#define ET_DYN 3

bool rom_write(AddressSpace *as, hwaddr addr, const void *buf, uint64_t len)
{
    /* Refuse writes to holes: a kernel loaded into nothing would fail silently. */
    for (uint64_t done = 0; done < len;) {
        hwaddr xlat, plen = len - done;
        MemoryRegion *mr = address_space_translate(as, addr + done, &xlat, &plen, true,
                                                   MEMTXATTRS_UNSPECIFIED);
        if (!mr || !memory_region_is_ram(mr) || plen == 0) {
            return false;
        }
        done += plen;
    }
    return address_space_write_rom(as, addr, MEMTXATTRS_UNSPECIFIED, buf, len) == MEMTX_OK;
}

bool loader_is_elf(const char *filename)
{
    FILE *f = fopen(filename, "rb");
    unsigned char magic[4];
    bool elf;

    if (!f) {
        return false;
    }
    elf = fread(magic, 1, 4, f) == 4 && !memcmp(magic, "\177ELF", 4);
    fclose(f);
    return elf;
}

typedef struct ElfReader {
    const uint8_t *data;
    size_t size;
    bool be;
    bool is64;
} ElfReader;

static uint64_t rd(const ElfReader *r, size_t off, unsigned width)
{
    const uint8_t *p = r->data + off;
    switch (width) {
    case 2:
        return r->be ? lduw_be_p(p) : lduw_le_p(p);
    case 4:
        return r->be ? (uint32_t)ldl_be_p(p) : (uint32_t)ldl_le_p(p);
    default:
        return r->be ? ldq_be_p(p) : ldq_le_p(p);
    }
}

static bool in_file(const ElfReader *r, uint64_t off, uint64_t len)
{
    return off <= r->size && len <= r->size - off;
}

bool load_elf(AddressSpace *as, const char *filename, uint16_t expected_machine,
              int64_t addr_offset, ElfLoadInfo *info, Error **errp)
{
    g_autofree gchar *contents = NULL;
    gsize size = 0;
    GError *gerr = NULL;
    ElfReader r;
    uint64_t phoff, phentsize, phnum;
    unsigned aw;

    if (!g_file_get_contents(filename, &contents, &size, &gerr)) {
        error_setg(errp, "could not load '%s': %s", filename, gerr->message);
        g_error_free(gerr);
        return false;
    }
    r.data = (const uint8_t *)contents;
    r.size = size;
    if (size < EI_NIDENT + 36 || memcmp(contents, "\177ELF", 4)) {
        error_setg(errp, "'%s' is not an ELF file", filename);
        return false;
    }
    if ((r.data[4] != ELFCLASS32 && r.data[4] != ELFCLASS64) ||
        (r.data[5] != ELFDATA2LSB && r.data[5] != ELFDATA2MSB)) {
        error_setg(errp, "'%s': unsupported ELF class or byte order", filename);
        return false;
    }
    r.is64 = r.data[4] == ELFCLASS64;
    r.be = r.data[5] == ELFDATA2MSB;
    aw = r.is64 ? 8 : 4;
    if (!in_file(&r, 0, r.is64 ? 64 : 52)) {
        error_setg(errp, "'%s': truncated ELF header", filename);
        return false;
    }
    info->is_64bit = r.is64;
    info->big_endian = r.be;
    info->machine = rd(&r, 18, 2);
    if (expected_machine && info->machine != expected_machine) {
        error_setg(errp, "'%s' is an ELF file for machine %u, not for this CPU (%u)",
                   filename, info->machine, expected_machine);
        return false;
    }
    if (rd(&r, 16, 2) != ET_EXEC && rd(&r, 16, 2) != ET_DYN) {
        error_setg(errp, "'%s' is not an executable ELF file", filename);
        return false;
    }
    info->entry = rd(&r, 24, aw) + addr_offset;
    phoff = rd(&r, r.is64 ? 32 : 28, aw);
    phentsize = rd(&r, r.is64 ? 54 : 42, 2);
    phnum = rd(&r, r.is64 ? 56 : 44, 2);
    if (phentsize < (r.is64 ? 56u : 32u) || !in_file(&r, phoff, phentsize * phnum)) {
        error_setg(errp, "'%s': bad program header table", filename);
        return false;
    }
    info->lowaddr = UINT64_MAX;
    info->highaddr = 0;
    for (uint64_t i = 0; i < phnum; i++) {
        size_t ph = phoff + i * phentsize;
        uint64_t type = rd(&r, ph, 4);
        uint64_t offset, paddr, filesz, memsz;

        if (type != PT_LOAD) {
            continue;
        }
        if (r.is64) {
            offset = rd(&r, ph + 8, 8);
            paddr = rd(&r, ph + 24, 8);
            filesz = rd(&r, ph + 32, 8);
            memsz = rd(&r, ph + 40, 8);
        } else {
            offset = rd(&r, ph + 4, 4);
            paddr = rd(&r, ph + 12, 4);
            filesz = rd(&r, ph + 16, 4);
            memsz = rd(&r, ph + 20, 4);
        }
        paddr += addr_offset;
        if (filesz > memsz || !in_file(&r, offset, filesz) || paddr + memsz < paddr) {
            error_setg(errp, "'%s': segment %" PRIu64 " is malformed", filename, i);
            return false;
        }
        if (memsz == 0) {
            continue;
        }
        if (!rom_write(as, paddr, r.data + offset, filesz)) {
            error_setg(errp, "'%s': segment %" PRIu64 " at 0x%" PRIx64 " (size 0x%" PRIx64
                       ") is not in guest memory", filename, i, paddr, memsz);
            return false;
        }
        if (memsz > filesz) {
            g_autofree uint8_t *zeros = g_malloc0(memsz - filesz);
            if (!rom_write(as, paddr + filesz, zeros, memsz - filesz)) {
                error_setg(errp, "'%s': bss of segment %" PRIu64 " is not in guest memory",
                           filename, i);
                return false;
            }
        }
        info->lowaddr = MIN(info->lowaddr, paddr);
        info->highaddr = MAX(info->highaddr, paddr + memsz);
    }
    if (info->lowaddr == UINT64_MAX) {
        error_setg(errp, "'%s' has no loadable segment", filename);
        return false;
    }
    return true;
}

int64_t load_image_targphys(AddressSpace *as, const char *filename, hwaddr addr,
                            uint64_t max_size, Error **errp)
{
    g_autofree gchar *contents = NULL;
    gsize size = 0;
    GError *gerr = NULL;

    if (!g_file_get_contents(filename, &contents, &size, &gerr)) {
        error_setg(errp, "could not load '%s': %s", filename, gerr->message);
        g_error_free(gerr);
        return -1;
    }
    if (size > max_size) {
        error_setg(errp, "'%s' is too large (%zu bytes; at most %" PRIu64 " fit)", filename,
                   (size_t)size, max_size);
        return -1;
    }
    if (!rom_write(as, addr, contents, size)) {
        error_setg(errp, "'%s' does not fit in guest memory at 0x%" PRIx64, filename, addr);
        return -1;
    }
    return size;
}
