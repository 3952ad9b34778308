/*
 * Loading guest images into guest memory: ELF (32/64-bit, either byte
 * order), raw binaries, and whole files; used by boards for -kernel,
 * -initrd and firmware.  Writes go through the memory API (ROM included).
 */
#ifndef HW_LOADER_H
#define HW_LOADER_H

#include "system/memory.h"

typedef struct ElfLoadInfo {
    uint64_t entry;
    uint64_t lowaddr;       /* lowest loaded physical address */
    uint64_t highaddr;      /* end of the highest loaded segment */
    bool big_endian;
    bool is_64bit;
    uint16_t machine;       /* e_machine */
} ElfLoadInfo;

/* EM_* values the boards use. */
#define EM_MIPS 8
#define EM_PPC64 21
#define EM_AARCH64 183

/* Whether the file starts with the ELF magic (false on read errors too). */
bool loader_is_elf(const char *filename);

/*
 * Load the PT_LOAD segments of an ELF file at their physical addresses
 * (p_paddr) plus addr_offset, zero-filling bss.  expected_machine 0 accepts
 * any.  Segments must lie in guest RAM/ROM that exists: anything else is an
 * error naming the segment, as is a malformed header.
 */
bool load_elf(AddressSpace *as, const char *filename, uint16_t expected_machine,
              int64_t addr_offset, ElfLoadInfo *info, Error **errp);

/* Copy a whole file to addr (at most max_size bytes); returns its size or -1. */
int64_t load_image_targphys(AddressSpace *as, const char *filename, hwaddr addr,
                            uint64_t max_size, Error **errp);

/* Write bytes into guest memory (ROM included); false if any byte misses memory. */
bool rom_write(AddressSpace *as, hwaddr addr, const void *buf, uint64_t len);

#endif
