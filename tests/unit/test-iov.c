/*
 * Scatter/gather helpers (util/iov.c).
 */
#include "qemu/osdep.h"
#include "qemu/iov.h"
#include <check.h>

START_TEST(test_copy_across_pieces)
{
    char a[3], b[5], out[8] = { 0 };
    struct iovec iov[2] = { { a, sizeof(a) }, { b, sizeof(b) } };

    ck_assert_uint_eq(iov_size(iov, 2), 8);
    ck_assert_uint_eq(iov_from_buf(iov, 2, 1, "ABCDEFGHIJ", 10), 7);
    ck_assert_uint_eq(iov_to_buf(iov, 2, 1, out, 7), 7);
    ck_assert_mem_eq(out, "ABCDEFG", 7);
    ck_assert_uint_eq(iov_memset(iov, 2, 6, 'z', 100), 2);
    ck_assert_int_eq(b[3], 'z');
    ck_assert_int_eq(b[4], 'z');
}
END_TEST

START_TEST(test_offset_past_end_copies_nothing)
{
    char a[4];
    struct iovec iov[1] = { { a, sizeof(a) } };

    ck_assert_uint_eq(iov_from_buf(iov, 1, 4, "x", 1), 0);
    ck_assert_uint_eq(iov_to_buf(iov, 1, 10, a, 1), 0);
}
END_TEST

START_TEST(test_iov_copy_and_qiov_concat)
{
    char a[4], b[4];
    struct iovec src[2] = { { a, 4 }, { b, 4 } };
    struct iovec dst[2];
    size_t copied;
    QEMUIOVector q;

    ck_assert_uint_eq(iov_copy(dst, 2, src, 2, 2, 4, &copied), 2);
    ck_assert_uint_eq(copied, 4);
    ck_assert_ptr_eq(dst[0].iov_base, a + 2);
    ck_assert_uint_eq(dst[1].iov_len, 2);

    qemu_iovec_init(&q, 1);
    qemu_iovec_concat_iov(&q, src, 2, 3, 100);
    ck_assert_int_eq(q.niov, 2);
    ck_assert_uint_eq(q.size, 5);
    qemu_iovec_add(&q, a, 1);
    ck_assert_uint_eq(q.size, 6);
    qemu_iovec_destroy(&q);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("iov");
    TCase *tc = tcase_create("iov");
    SRunner *sr;
    int failed;

    tcase_add_test(tc, test_copy_across_pieces);
    tcase_add_test(tc, test_offset_past_end_copies_nothing);
    tcase_add_test(tc, test_iov_copy_and_qiov_concat);
    suite_add_tcase(s, tc);
    sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
