/* gt_check: amounts with units, budget files, baselines and verdicts. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "gt_check.h"

static void test_amount(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        double v;
        enum gt_amount_kind k;
    } ok[] = {{"5kg", 5000, GT_AMOUNT_MASS},      {" 5 kg ", 5000, GT_AMOUNT_MASS},
              {"500g", 500, GT_AMOUNT_MASS},      {"1.5t", 1.5e6, GT_AMOUNT_MASS},
              {"250mg", 0.25, GT_AMOUNT_MASS},    {"0KG", 0, GT_AMOUNT_MASS},
              {"2kWh", 2, GT_AMOUNT_ENERGY},      {"300 Wh", 0.3, GT_AMOUNT_ENERGY},
              {"1.2MWh", 1200, GT_AMOUNT_ENERGY}, {"1e-3kwh", 0.001, GT_AMOUNT_ENERGY}};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        struct gt_amount a;
        struct gt_error err = {0};
        assert_int_equal(gt_amount_parse(ok[i].s, strlen(ok[i].s), &a, &err), GT_OK);
        assert_float_equal(a.value, ok[i].v, 1e-9);
        assert_int_equal(a.kind, ok[i].k);
    }
    static const char *bad[] = {"5", "kg", "", "-5kg", "5 lb", "5kgs", "nankg", "5k g", "inf g"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct gt_amount a;
        struct gt_error err = {0};
        assert_int_equal(gt_amount_parse(bad[i], strlen(bad[i]), &a, &err), GT_E_PARSE);
        assert_true(err.msg[0] != 0);
    }
    struct gt_amount a;
    struct gt_error err = {0};
    gt_amount_parse("5lb", 3, &a, &err);
    assert_string_equal(err.msg, "unknown unit 'lb' in the budget '5lb' (g, kg, t for CO2e, or "
                                 "Wh, kWh, MWh for energy)");
}

static void test_budget_file(void **state)
{
    (void)state;
    const char *s = "# budgets\n\nalpha = 1kg\nmy project = 500 g # comment\n* = 2kWh\r\n"
                    "a=b = 3g";
    struct gt_budget_file bf;
    struct gt_error err = {0};
    assert_int_equal(gt_budget_parse(s, strlen(s), "b.txt", &bf, &err), GT_OK);
    assert_int_equal(bf.n, 4);
    assert_string_equal(bf.b[1].key, "my project");
    assert_float_equal(bf.b[1].amount.value, 500, 0);
    assert_int_equal(bf.b[1].line, 4);
    assert_string_equal(bf.b[3].key, "a=b"); /* split at the last '=' */
    assert_ptr_equal(gt_budget_find(&bf, "alpha"), &bf.b[0]);
    assert_ptr_equal(gt_budget_find(&bf, "beta"), &bf.b[2]); /* '*' */
    assert_int_equal(gt_budget_find(&bf, "beta")->amount.kind, GT_AMOUNT_ENERGY);
    gt_budget_file_release(&bf);

    const char *bad = "alpha = 1kg\nbeta 2kg\n";
    assert_int_equal(gt_budget_parse(bad, strlen(bad), "b.txt", &bf, &err), GT_E_PARSE);
    assert_string_equal(err.msg, "expected 'KEY = AMOUNT' in 'b.txt' at line 2");
    assert_string_equal(err.file, "b.txt");
    assert_int_equal(err.line, 2);
    assert_int_equal(bf.n, 0);
    const char *unit = "alpha = 1 parsec\n";
    assert_int_equal(gt_budget_parse(unit, strlen(unit), "b.txt", &bf, &err), GT_E_PARSE);
    assert_string_equal(err.msg, "unknown unit 'parsec' in the budget '1 parsec' (g, kg, t for "
                                 "CO2e, or Wh, kWh, MWh for energy) in 'b.txt' at line 1");
    const char *dup = "a = 1g\nb = 2g\na = 3g\n";
    assert_int_equal(gt_budget_parse(dup, strlen(dup), "b.txt", &bf, &err), GT_E_DATA);
    assert_string_equal(err.msg, "'a' has two budgets in 'b.txt' (lines 1 and 3)");
    const char *empty = " = 3g\n";
    assert_int_equal(gt_budget_parse(empty, strlen(empty), "b.txt", &bf, &err), GT_E_PARSE);
}

static void test_baseline(void **state)
{
    (void)state;
    const char *j = "{\"by\":[\"project\",\"month\"],\"totals\":{\"runs\":4,\"co2e_g\":10.5,"
                    "\"energy_kwh\":null},\"groups\":[{\"co2e_g\":3,\"energy_kwh\":1,\"key\":"
                    "{\"project\":\"a\"}},{\"co2e_g\":7.5,\"key\":{}}]}";
    struct gt_baseline b;
    struct gt_error err = {0};
    assert_int_equal(gt_baseline_parse(j, strlen(j), "b.json", &b, &err), GT_OK);
    assert_float_equal(b.co2e_g, 10.5, 0);
    assert_true(isnan(b.energy_kwh));
    assert_int_equal(b.runs, 4);
    assert_string_equal(b.by, "project");
    assert_int_equal(b.n, 2);
    assert_float_equal(gt_baseline_find(&b, "a")->energy_kwh, 1, 0);
    assert_float_equal(gt_baseline_find(&b, "")->co2e_g, 7.5, 0);
    assert_null(gt_baseline_find(&b, "z"));
    gt_baseline_release(&b);
    assert_int_equal(gt_baseline_parse("[1]", 3, "b.json", &b, &err), GT_E_PARSE);
    assert_string_equal(err.msg, "'b.json' is not the JSON of 'greentally summary --format json' "
                                 "(no \"totals\")");
    assert_int_equal(gt_baseline_parse("{\"tot", 5, "b.json", &b, &err), GT_E_PARSE);
}

static void add(struct gt_agg *a, const char *run, const char *project, double kwh, double g)
{
    struct gt_record r;
    gt_record_init(&r);
    r.file = "t.csv";
    r.line = 2;
    r.tool = GT_TOOL_CODECARBON;
    r.format = "codecarbon-csv";
    r.run_key = run;
    r.run_id = run;
    r.project = project;
    r.tz = GT_TZ_UTC;
    r.start = 1705276800.0;
    r.duration_s = 60;
    r.end = r.start + 60;
    r.energy_kwh = kwh;
    r.co2e_g = g;
    assert_int_equal(gt_agg_add(a, &r), GT_OK);
}

static struct gt_agg_result *agg(int by_project)
{
    struct gt_agg_opts o = {0};
    if (by_project) {
        o.by[0] = GT_KEY_PROJECT;
        o.nby = 1;
    }
    struct gt_agg *a = gt_agg_new(&o);
    assert_non_null(a);
    add(a, "r1", "alpha", 1.0, 400);
    add(a, "r2", "alpha", 0.5, 200);
    add(a, "r3", "beta", 2.0, NAN);
    struct gt_agg_result *res = NULL;
    assert_int_equal(gt_agg_finish(a, &res), GT_OK);
    return res;
}

static void test_check_total(void **state)
{
    (void)state;
    struct gt_agg_result *res = agg(0);
    struct gt_check c;
    struct gt_error err = {0};
    struct gt_amount t = {500, GT_AMOUNT_MASS};
    assert_int_equal(gt_check_run(res, &t, NULL, NULL, &c, &err), GT_OK);
    assert_int_equal(c.n, 1);
    assert_float_equal(c.lines[0].used, 600, 1e-9);
    assert_int_equal(c.lines[0].missing, 1); /* r3 has no CO2e */
    assert_int_equal(c.over, 1);
    gt_check_release(&c);
    t.value = 600; /* at the budget is within it */
    assert_int_equal(gt_check_run(res, &t, NULL, NULL, &c, &err), GT_OK);
    assert_int_equal(c.over, 0);
    gt_check_release(&c);
    t = (struct gt_amount){3.5, GT_AMOUNT_ENERGY};
    struct gt_baseline b = {.co2e_g = 100, .energy_kwh = 3};
    assert_int_equal(gt_check_run(res, &t, NULL, &b, &c, &err), GT_OK);
    assert_float_equal(c.lines[0].used, 3.5, 1e-12);
    assert_float_equal(c.lines[0].baseline, 3, 0);
    assert_int_equal(c.over, 0);
    gt_check_release(&c);
    gt_agg_result_free(res);
}

static void test_check_groups(void **state)
{
    (void)state;
    struct gt_agg_result *res = agg(1);
    const char *s = "alpha = 500g\nbeta = 1kg\n";
    struct gt_budget_file bf;
    struct gt_error err = {0};
    assert_int_equal(gt_budget_parse(s, strlen(s), "b", &bf, &err), GT_OK);
    struct gt_check c;
    /* beta has a CO2e budget and no run with CO2e */
    assert_int_equal(gt_check_run(res, NULL, &bf, NULL, &c, &err), GT_E_DATA);
    assert_string_equal(err.msg, "no run of 'beta' logged CO2e, so its budget cannot be checked");
    gt_budget_file_release(&bf);
    s = "alpha = 500g\nbeta = 1.5kWh\n";
    assert_int_equal(gt_budget_parse(s, strlen(s), "b", &bf, &err), GT_OK);
    assert_int_equal(gt_check_run(res, NULL, &bf, NULL, &c, &err), GT_OK);
    assert_int_equal(c.n, 3);
    assert_true(isnan(c.lines[0].budget));
    assert_string_equal(c.lines[1].label, "alpha");
    assert_int_equal(c.lines[1].over, 1);
    assert_string_equal(c.lines[2].label, "beta");
    assert_int_equal(c.lines[2].kind, GT_AMOUNT_ENERGY);
    assert_int_equal(c.lines[2].over, 1);
    assert_int_equal(c.over, 2);
    assert_int_equal(c.budgets, 2);
    gt_check_release(&c);
    gt_budget_file_release(&bf);
    gt_agg_result_free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_amount),       cmocka_unit_test(test_budget_file),
        cmocka_unit_test(test_baseline),     cmocka_unit_test(test_check_total),
        cmocka_unit_test(test_check_groups),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
