/*
 * Byte order helpers: swaps, host <-> little/big-endian conversions, and loads and
 * stores of 8..64-bit values at any (possibly unaligned) address in a given byte order.
 */
#ifndef QEMU_BSWAP_H
#define QEMU_BSWAP_H

#include "qemu/osdep.h"

#if G_BYTE_ORDER == G_BIG_ENDIAN
#define HOST_BIG_ENDIAN 1
#else
#define HOST_BIG_ENDIAN 0
#endif

static inline uint16_t bswap16(uint16_t x)
{
    return __builtin_bswap16(x);
}

static inline uint32_t bswap32(uint32_t x)
{
    return __builtin_bswap32(x);
}

static inline uint64_t bswap64(uint64_t x)
{
    return __builtin_bswap64(x);
}

/* Swap only on hosts whose byte order differs from the wanted one. */
#if HOST_BIG_ENDIAN
#define BSWAP_IF_LE_(bits, x) bswap##bits(x)
#define BSWAP_IF_BE_(bits, x) (x)
#else
#define BSWAP_IF_LE_(bits, x) (x)
#define BSWAP_IF_BE_(bits, x) bswap##bits(x)
#endif

static inline uint16_t cpu_to_le16(uint16_t v) { return BSWAP_IF_LE_(16, v); }
static inline uint32_t cpu_to_le32(uint32_t v) { return BSWAP_IF_LE_(32, v); }
static inline uint64_t cpu_to_le64(uint64_t v) { return BSWAP_IF_LE_(64, v); }
static inline uint16_t le16_to_cpu(uint16_t v) { return BSWAP_IF_LE_(16, v); }
static inline uint32_t le32_to_cpu(uint32_t v) { return BSWAP_IF_LE_(32, v); }
static inline uint64_t le64_to_cpu(uint64_t v) { return BSWAP_IF_LE_(64, v); }
static inline uint16_t cpu_to_be16(uint16_t v) { return BSWAP_IF_BE_(16, v); }
static inline uint32_t cpu_to_be32(uint32_t v) { return BSWAP_IF_BE_(32, v); }
static inline uint64_t cpu_to_be64(uint64_t v) { return BSWAP_IF_BE_(64, v); }
static inline uint16_t be16_to_cpu(uint16_t v) { return BSWAP_IF_BE_(16, v); }
static inline uint32_t be32_to_cpu(uint32_t v) { return BSWAP_IF_BE_(32, v); }
static inline uint64_t be64_to_cpu(uint64_t v) { return BSWAP_IF_BE_(64, v); }

#undef BSWAP_IF_LE_
#undef BSWAP_IF_BE_

/*
 * Loads and stores through a void pointer. memcpy keeps them safe for unaligned
 * addresses and free of aliasing problems; compilers turn it into one move.
 */
static inline uint8_t ldub_p(const void *ptr)
{
    return *(const uint8_t *)ptr;
}

static inline int8_t ldsb_p(const void *ptr)
{
    return *(const int8_t *)ptr;
}

static inline void stb_p(void *ptr, uint8_t v)
{
    *(uint8_t *)ptr = v;
}

static inline uint16_t lduw_he_p(const void *ptr)
{
    uint16_t v;
    memcpy(&v, ptr, sizeof(v));
    return v;
}

static inline uint32_t ldl_he_p(const void *ptr)
{
    uint32_t v;
    memcpy(&v, ptr, sizeof(v));
    return v;
}

static inline uint64_t ldq_he_p(const void *ptr)
{
    uint64_t v;
    memcpy(&v, ptr, sizeof(v));
    return v;
}

static inline void stw_he_p(void *ptr, uint16_t v)
{
    memcpy(ptr, &v, sizeof(v));
}

static inline void stl_he_p(void *ptr, uint32_t v)
{
    memcpy(ptr, &v, sizeof(v));
}

static inline void stq_he_p(void *ptr, uint64_t v)
{
    memcpy(ptr, &v, sizeof(v));
}

static inline uint16_t lduw_le_p(const void *ptr) { return le16_to_cpu(lduw_he_p(ptr)); }
static inline int16_t ldsw_le_p(const void *ptr) { return (int16_t)lduw_le_p(ptr); }
static inline uint32_t ldl_le_p(const void *ptr) { return le32_to_cpu(ldl_he_p(ptr)); }
static inline uint64_t ldq_le_p(const void *ptr) { return le64_to_cpu(ldq_he_p(ptr)); }
static inline uint16_t lduw_be_p(const void *ptr) { return be16_to_cpu(lduw_he_p(ptr)); }
static inline int16_t ldsw_be_p(const void *ptr) { return (int16_t)lduw_be_p(ptr); }
static inline uint32_t ldl_be_p(const void *ptr) { return be32_to_cpu(ldl_he_p(ptr)); }
static inline uint64_t ldq_be_p(const void *ptr) { return be64_to_cpu(ldq_he_p(ptr)); }

static inline void stw_le_p(void *ptr, uint16_t v) { stw_he_p(ptr, cpu_to_le16(v)); }
static inline void stl_le_p(void *ptr, uint32_t v) { stl_he_p(ptr, cpu_to_le32(v)); }
static inline void stq_le_p(void *ptr, uint64_t v) { stq_he_p(ptr, cpu_to_le64(v)); }
static inline void stw_be_p(void *ptr, uint16_t v) { stw_he_p(ptr, cpu_to_be16(v)); }
static inline void stl_be_p(void *ptr, uint32_t v) { stl_he_p(ptr, cpu_to_be32(v)); }
static inline void stq_be_p(void *ptr, uint64_t v) { stq_he_p(ptr, cpu_to_be64(v)); }

/* Variable-size forms for size 1, 2, 4 or 8 bytes; other sizes load 0 / store nothing. */
static inline uint64_t ldn_le_p(const void *ptr, unsigned size)
{
    switch (size) {
    case 1: return ldub_p(ptr);
    case 2: return lduw_le_p(ptr);
    case 4: return ldl_le_p(ptr);
    case 8: return ldq_le_p(ptr);
    default: return 0;
    }
}

static inline uint64_t ldn_be_p(const void *ptr, unsigned size)
{
    switch (size) {
    case 1: return ldub_p(ptr);
    case 2: return lduw_be_p(ptr);
    case 4: return ldl_be_p(ptr);
    case 8: return ldq_be_p(ptr);
    default: return 0;
    }
}

static inline void stn_le_p(void *ptr, unsigned size, uint64_t v)
{
    switch (size) {
    case 1: stb_p(ptr, (uint8_t)v); break;
    case 2: stw_le_p(ptr, (uint16_t)v); break;
    case 4: stl_le_p(ptr, (uint32_t)v); break;
    case 8: stq_le_p(ptr, v); break;
    default: break;
    }
}

static inline void stn_be_p(void *ptr, unsigned size, uint64_t v)
{
    switch (size) {
    case 1: stb_p(ptr, (uint8_t)v); break;
    case 2: stw_be_p(ptr, (uint16_t)v); break;
    case 4: stl_be_p(ptr, (uint32_t)v); break;
    case 8: stq_be_p(ptr, v); break;
    default: break;
    }
}

#endif
