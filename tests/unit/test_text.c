/* gt_text: edit distance (with transpositions) and "did you mean". */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gt_text.h"

static size_t ed(const char *a, const char *b)
{
    return gt_edit_distance(a, strlen(a), b, strlen(b));
}

static void test_distance(void **state)
{
    (void)state;
    assert_int_equal(ed("", ""), 0);
    assert_int_equal(ed("abc", ""), 3);
    assert_int_equal(ed("kitten", "sitting"), 3);
    assert_int_equal(ed("yaer", "year"), 1); /* a transposition */
    assert_int_equal(ed("Project", "project"), 0);
    assert_int_equal(ed("estimat", "estimate"), 1);
    char big[80];
    memset(big, 'a', sizeof big - 1);
    big[sizeof big - 1] = 0;
    assert_int_equal(ed(big, "a"), 79); /* too long: the longer length */
}

static void test_closest(void **state)
{
    (void)state;
    const char *cmds[] = {"check",  "ci",  "estimate",  "hwdb",
                          "report", "run", "statement", "summary"};
    size_t n = sizeof cmds / sizeof cmds[0];
    assert_string_equal(gt_closest("estimat", cmds, n), "estimate");
    assert_string_equal(gt_closest("sumamry", cmds, n), "summary");
    assert_string_equal(gt_closest("REPORT", cmds, n), "report");
    assert_string_equal(gt_closest("stat", cmds, n), "statement"); /* a unique prefix */
    assert_null(gt_closest("xyz", cmds, n));
    assert_null(gt_closest("cx", cmds, n)); /* 2 characters: case only */
    assert_null(gt_closest("deploy", cmds, n));
    const char *codes[] = {"FR", NULL, "DE", "MX"};
    assert_null(gt_closest("XX", codes, 4));
    assert_string_equal(gt_closest("fr", codes, 4), "FR");
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_distance),
                                       cmocka_unit_test(test_closest)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
