/*
 * Runtime of the A64 guest tests: see runtime.h. Everything here uses plain
 * loads, stores and branches so that it works before the instructions under
 * test are trusted.
 */
#include <stdarg.h>
#include "runtime.h"

#define UART_BASE 0x09000000ul
#define UART_DR   0x00
#define UART_FR   0x18
#define UART_CR   0x30
#define UART_FR_TXFF (1u << 5)

static void uart_putc(char c)
{
    volatile uint32_t *base = (volatile uint32_t *)UART_BASE;

    while (base[UART_FR / 4] & UART_FR_TXFF) {
    }
    base[UART_DR / 4] = (uint8_t)c;
}

static void put_str(const char *s)
{
    while (*s) {
        if (*s == '\n') {
            uart_putc('\r');
        }
        uart_putc(*s++);
    }
}

static void put_num(uint64_t v, unsigned base, int width, char pad, int neg)
{
    char buf[24];
    int n = 0;

    do {
        unsigned d = v % base;
        buf[n++] = d < 10 ? '0' + d : 'a' + d - 10;
        v /= base;
    } while (v);
    if (neg) {
        buf[n++] = '-';
    }
    while (n < width) {
        buf[n++] = pad;
    }
    while (n) {
        uart_putc(buf[--n]);
    }
}

void print(const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    for (; *fmt; fmt++) {
        int width = 0, longs = 0;
        char pad = ' ';

        if (*fmt != '%') {
            char s[2] = { *fmt, 0 };
            put_str(s);
            continue;
        }
        fmt++;
        if (*fmt == '0') {
            pad = '0';
            fmt++;
        }
        while (*fmt >= '0' && *fmt <= '9') {
            width = width * 10 + (*fmt++ - '0');
        }
        while (*fmt == 'l') {
            longs++;
            fmt++;
        }
        switch (*fmt) {
        case 's':
            put_str(va_arg(ap, const char *));
            break;
        case 'c':
            uart_putc((char)va_arg(ap, int));
            break;
        case 'd': {
            int64_t v = longs ? va_arg(ap, int64_t) : va_arg(ap, int);
            put_num(v < 0 ? -(uint64_t)v : (uint64_t)v, 10, width, pad, v < 0);
            break;
        }
        case 'u':
            put_num(longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 10, width, pad, 0);
            break;
        case 'x':
            put_num(longs ? va_arg(ap, uint64_t) : va_arg(ap, unsigned), 16, width, pad, 0);
            break;
        default:
            uart_putc('%');
            uart_putc(*fmt);
            break;
        }
    }
    va_end(ap);
}

void psci_system_off(void)
{
    register uint64_t x0 __asm__("x0") = 0x84000008;    /* PSCI SYSTEM_OFF */

    __asm__ volatile("hvc #0" : "+r"(x0) : : "memory");
    for (;;) {
        __asm__ volatile("wfi");
    }
}

void *memset(void *d, int c, size_t n)
{
    volatile uint8_t *p = d;
    while (n--) {
        *p++ = (uint8_t)c;
    }
    return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
    volatile uint8_t *p = d;
    const volatile uint8_t *q = s;
    while (n--) {
        *p++ = *q++;
    }
    return d;
}

/* ---- checks ---- */

static const char *group_name = "";
static unsigned group_checks, group_failures, total_failures, total_groups;

void group_begin(const char *name)
{
    group_name = name;
    group_checks = 0;
    group_failures = 0;
}

void group_end(void)
{
    total_groups++;
    if (group_failures == 0) {
        print("PASS %s (%u checks)\n", group_name, group_checks);
    }
    total_failures += group_failures;
}

void check_u64(const char *what, uint64_t got, uint64_t want)
{
    group_checks++;
    if (got != want) {
        group_failures++;
        print("FAIL %s: %s: got 0x%016lx, want 0x%016lx\n", group_name, what, got, want);
    }
}

int finish(void)
{
    if (total_failures) {
        print("VERDICT: FAIL (%u failed checks in %u groups)\n", total_failures, total_groups);
    } else {
        print("VERDICT: PASS (%u groups)\n", total_groups);
    }
    return total_failures != 0;
}

/* ---- exceptions ---- */

volatile struct exc_record exc_last;
static volatile int exc_armed;
static volatile uint64_t exc_resume;

void expect_exception(uint64_t resume)
{
    exc_last.taken = 0;
    exc_resume = resume;
    exc_armed = 1;
}

int exception_taken(void)
{
    exc_armed = 0;
    return exc_last.taken;
}

void exc_handler(struct exc_frame *f);

void exc_handler(struct exc_frame *f)
{
    if (!exc_armed) {
        print("FAIL unexpected exception: vector %lu ESR 0x%08lx ELR 0x%016lx FAR 0x%016lx\n",
              f->kind, f->esr, f->elr, f->far);
        print("VERDICT: FAIL (unexpected exception)\n");
        psci_system_off();
    }
    exc_armed = 0;
    exc_last.esr = f->esr;
    exc_last.far = f->far;
    exc_last.elr = f->elr;
    exc_last.kind = f->kind;
    exc_last.spsr = f->spsr;
    exc_last.taken = 1;
    if (exc_resume) {
        f->elr = exc_resume;
        f->spsr = 0x3c5;    /* EL1h, DAIF masked */
    } else {
        f->elr += 4;
    }
}
