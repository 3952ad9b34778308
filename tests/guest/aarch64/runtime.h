/*
 * The tiny runtime of the A64 guest tests: PL011 output, a printf subset,
 * check helpers that print "PASS <group>" / "FAIL <group>: ..." lines and the
 * final "VERDICT: PASS|FAIL" line, PSCI power-off, and expected exceptions.
 */
#ifndef GUEST_AARCH64_RUNTIME_H
#define GUEST_AARCH64_RUNTIME_H

#include <stdint.h>
#include <stddef.h>

/* The frame start.S saves on every exception; exc_handler may edit elr/spsr. */
struct exc_frame {
    uint64_t x[31];
    uint64_t elr, spsr, esr, far, kind;
};

void print(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void psci_system_off(void) __attribute__((noreturn));

/* Groups of checks: one PASS or FAIL line per group. */
void group_begin(const char *name);
void group_end(void);
void check_u64(const char *what, uint64_t got, uint64_t want);
#define CHECK(what, got, want) check_u64((what), (uint64_t)(got), (uint64_t)(want))
/* Prints the verdict; the return value is main's. */
int finish(void);

/*
 * Expect one synchronous exception: the handler records it and resumes at
 * 'resume' (0: the instruction after the faulting one), at EL1h with
 * interrupts masked.
 */
struct exc_record {
    uint64_t esr, far, elr, kind, spsr;
    int taken;
};
extern volatile struct exc_record exc_last;
void expect_exception(uint64_t resume);
/* Whether the expected exception happened (and disarm). */
int exception_taken(void);

static inline uint64_t read_nzcv(void)
{
    uint64_t v;
    __asm__ volatile("mrs %0, nzcv" : "=r"(v));
    return v >> 28;
}

static inline void write_nzcv(uint64_t flags)
{
    __asm__ volatile("msr nzcv, %0" : : "r"(flags << 28) : "cc");
}

#define READ_SYSREG(name) ({ uint64_t v_; __asm__ volatile("mrs %0, " #name : "=r"(v_)); v_; })
#define WRITE_SYSREG(name, v) __asm__ volatile("msr " #name ", %0\n\tisb" : : "r"((uint64_t)(v)))

void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);

#endif
