/*
 * A64 branches: B.cond under every condition for all 16 NZCV values, CBZ/CBNZ
 * and TBZ/TBNZ (32- and 64-bit, low and high bits), B/BL, BR/BLR/RET
 * (including BLR X30), and a branch to a misaligned address (PC alignment
 * fault).
 */
#include "runtime.h"

static int cond_holds(unsigned cond, unsigned nzcv)
{
    int n = (nzcv >> 3) & 1, z = (nzcv >> 2) & 1, c = (nzcv >> 1) & 1, v = nzcv & 1;
    int r;

    switch (cond >> 1) {
    case 0: r = z; break;
    case 1: r = c; break;
    case 2: r = n; break;
    case 3: r = v; break;
    case 4: r = c && !z; break;
    case 5: r = n == v; break;
    case 6: r = n == v && !z; break;
    default: r = 1; break;
    }
    if ((cond & 1) && cond != 15) {
        r = !r;
    }
    return r;
}

/* Taken (1) or not (0) for B.<c> with the flags set to nzcv. */
#define BCOND(num, c)                                                                   \
    case num:                                                                           \
        __asm__ volatile("msr nzcv, %1\n\tmov %0, #1\n\tb." #c " 1f\n\tmov %0, #0\n1:"  \
                         : "=&r"(taken) : "r"((uint64_t)nzcv << 28) : "cc");            \
        break

static void test_bcond(void)
{
    group_begin("B.cond, all conditions and flags");
    for (unsigned nzcv = 0; nzcv < 16; nzcv++) {
        for (unsigned cond = 0; cond < 16; cond++) {
            uint64_t taken = 2;
            switch (cond) {
            BCOND(0, eq); BCOND(1, ne); BCOND(2, cs); BCOND(3, cc);
            BCOND(4, mi); BCOND(5, pl); BCOND(6, vs); BCOND(7, vc);
            BCOND(8, hi); BCOND(9, ls); BCOND(10, ge); BCOND(11, lt);
            BCOND(12, gt); BCOND(13, le); BCOND(14, al); BCOND(15, nv);
            }
            if (taken != (uint64_t)cond_holds(cond, nzcv)) {
                print("FAIL b.cond: cond %u nzcv %x taken %lu\n", cond, nzcv, taken);
                CHECK("b.cond", taken, cond_holds(cond, nzcv));
            } else {
                CHECK("b.cond", 1, 1);
            }
        }
    }
    group_end();
}

#define BR_TEST(insn, val)                                                               \
    ({                                                                                  \
        uint64_t t_;                                                                    \
        __asm__ volatile("mov %0, #1\n\t" insn ", 1f\n\tmov %0, #0\n1:"                 \
                         : "=&r"(t_) : "r"((uint64_t)(val)));                           \
        t_;                                                                             \
    })

static void test_cb_tb(void)
{
    group_begin("CBZ, CBNZ, TBZ, TBNZ");
    CHECK("cbz x 0", BR_TEST("cbz %1", 0), 1);
    CHECK("cbz x 1<<63", BR_TEST("cbz %1", 1ull << 63), 0);
    CHECK("cbz w ignores high", BR_TEST("cbz %w1", 0x100000000ull), 1);
    CHECK("cbnz w ignores high", BR_TEST("cbnz %w1", 0x100000000ull), 0);
    CHECK("cbnz x", BR_TEST("cbnz %1", 0x100000000ull), 1);
    CHECK("tbz bit 0 clear", BR_TEST("tbz %1, #0", 2), 1);
    CHECK("tbnz bit 0 set", BR_TEST("tbnz %1, #0", 1), 1);
    CHECK("tbz bit 31 set", BR_TEST("tbz %w1, #31", 0x80000000ull), 0);
    CHECK("tbnz bit 32", BR_TEST("tbnz %1, #32", 1ull << 32), 1);
    CHECK("tbnz bit 63 clear", BR_TEST("tbnz %1, #63", ~0ull >> 1), 0);
    CHECK("tbz bit 63 set", BR_TEST("tbz %1, #63", 1ull << 63), 0);
    group_end();
}

uint64_t leaf_ret_lr(void);
uint64_t call_blr_x30(void);
__asm__(
    ".text\n"
    ".global leaf_ret_lr\n"
    "leaf_ret_lr:\n"
    "   mov x0, x30\n"
    "   ret\n"
    ".global call_blr_x30\n"
    /* BLR X30 jumps to the old X30 and then sets X30 to the return address. */
    "call_blr_x30:\n"
    "   mov x9, x30\n"
    "   adr x30, 1f\n"
    "   blr x30\n"
    "   mov x0, #0\n"
    "   mov x30, x9\n"
    "   ret\n"
    "1: mov x0, x30\n"
    "   mov x30, x9\n"
    "   ret\n");

static void test_calls(void)
{
    uint64_t lr, expect, r;

    group_begin("B, BL, BR, BLR, RET");
    __asm__ volatile("bl leaf_ret_lr\n\tadr %1, .\n\tmov %0, x0"
                     : "=r"(lr), "=r"(expect) : : "x0", "x30");
    CHECK("bl sets lr to the next insn", lr, expect);
    __asm__ volatile("adr x1, leaf_ret_lr\n\tblr x1\n\tadr %1, .\n\tmov %0, x0"
                     : "=r"(lr), "=r"(expect) : : "x0", "x1", "x30");
    CHECK("blr sets lr", lr, expect);
    r = call_blr_x30();
    CHECK("blr x30 uses the old x30", r != 0, 1);
    __asm__ volatile("adr x2, 1f\n\tmov %0, #0\n\tbr x2\n\tmov %0, #2\n1:\tadd %0, %0, #1"
                     : "=&r"(r) : : "x2");
    CHECK("br", r, 1);
    __asm__ volatile("mov %0, #0\n\tb 1f\n\tmov %0, #2\n1:\tadd %0, %0, #1" : "=&r"(r));
    CHECK("b", r, 1);
    __asm__ volatile("adr x3, 1f\n\tmov %0, #5\n\tret x3\n\tmov %0, #0\n1:" : "=&r"(r) : : "x3");
    CHECK("ret xN", r, 5);
    /* A loop long enough to chain blocks to themselves. */
    __asm__ volatile("mov %0, #0\n\tmov x4, #1000\n1:\tadd %0, %0, #3\n\tsubs x4, x4, #1\n\t"
                     "b.ne 1b" : "=&r"(r) : : "x4", "cc");
    CHECK("counted loop", r, 3000);
    group_end();
}

static void test_pc_alignment(void)
{
    uint64_t resume, target;

    group_begin("branch to a misaligned address");
    __asm__ volatile("adr %0, 1f" : "=r"(resume));
    target = resume + 2;
    expect_exception(resume);
    __asm__ volatile("br %0\n\tnop\n1:" : : "r"(target));
    CHECK("exception taken", exception_taken(), 1);
    CHECK("ESR: PC alignment fault (EC 0x22)", exc_last.esr, 0x8a000000);
    CHECK("FAR is the branch target", exc_last.far, target);
    CHECK("ELR is the branch target", exc_last.elr, target);
    group_end();
}

int main(void)
{
    test_bcond();
    test_cb_tb();
    test_calls();
    test_pc_alignment();
    return finish();
}
