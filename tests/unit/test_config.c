/* gt_config: the defaults file parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "gt_config.h"

static void test_parse(void **state)
{
    (void)state;
    const char *s = "# defaults\n\nlocation = FR\r\nci_dataset=codecarbon # a comment\n"
                    "cpu =  Xeon Gold 6248  ";
    struct gt_config c;
    struct gt_error err = {0};
    assert_int_equal(gt_config_parse(s, strlen(s), "cfg", &c, &err), GT_OK);
    assert_int_equal(c.n, 3);
    assert_string_equal(gt_config_get(&c, "location")->value, "FR");
    assert_int_equal(gt_config_get(&c, "location")->line, 3);
    assert_string_equal(gt_config_get(&c, "ci-dataset")->value, "codecarbon");
    assert_string_equal(gt_config_get(&c, "cpu")->value, "Xeon Gold 6248");
    assert_null(gt_config_get(&c, "pue"));
    gt_config_release(&c);
}

static void test_errors(void **state)
{
    (void)state;
    static const struct {
        const char *in, *msg;
        long line;
    } bad[] = {
        {"locaton = FR\n", "unknown key 'locaton' in 'cfg' at line 1; did you mean 'location'?", 1},
        {"colour = blue\n",
         "unknown key 'colour' in 'cfg' at line 1 (location, pue, provider, platform, ci-dataset, "
         "cpu, gpu, memory-power)",
         1},
        {"\npue\n", "expected 'key = value' in 'cfg' at line 2", 2},
        {"pue =   # nothing\n", "'pue' has no value in 'cfg' at line 1", 1},
        {"pue = 1.2\npue = 1.3\n", "'pue' is set twice in 'cfg' (lines 1 and 2)", 2},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct gt_config c;
        struct gt_error err = {0};
        assert_int_equal(gt_config_parse(bad[i].in, strlen(bad[i].in), "cfg", &c, &err),
                         GT_E_PARSE);
        assert_string_equal(err.msg, bad[i].msg);
        assert_int_equal(err.line, bad[i].line);
        assert_int_equal(c.n, 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_parse), cmocka_unit_test(test_errors)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
