/*
 * A translation block: one run of guest instructions translated together,
 * keyed by (physical pc, pc, cs_base, flags).  Owned by accel/tcg; targets
 * read pc/cs_base/flags and fill size/icount through the translator loop.
 */
#ifndef EXEC_TRANSLATION_BLOCK_H
#define EXEC_TRANSLATION_BLOCK_H

#include "qemu/osdep.h"

/* cflags bits */
#define CF_COUNT_MASK  0x000001ff   /* max guest instructions, 0 = no limit */
#define CF_NO_GOTO_TB  0x00000200   /* do not chain direct jumps */
#define CF_NO_GOTO_PTR 0x00000400   /* do not chain indirect jumps */
#define CF_SINGLE_STEP 0x00000800
#define CF_LAST_IO     0x00008000   /* the last instruction may do I/O */
#define CF_PARALLEL    0x00080000   /* other vCPUs run concurrently: atomics needed */

typedef struct TranslationBlock TranslationBlock;

struct TranslationBlock {
    uint64_t pc;            /* guest virtual pc of the first instruction */
    uint64_t cs_base;       /* target-defined extra key (0 on Arm) */
    uint32_t flags;         /* target-defined translation-relevant CPU state */
    uint32_t cflags;
    uint16_t size;          /* guest bytes covered */
    uint16_t icount;        /* guest instructions */
    uint64_t page_addr[2];  /* guest physical pages covered (second = -1 if one) */
    void *tc_ptr;           /* host code (JIT) or IR handle (interpreter) */
    size_t tc_size;
    void *accel;            /* accel/tcg's bookkeeping (jump lists, hash links) */
};

#endif
