/* gt_report: the figures charts and tables show (tallies, months with gaps,
 * share with "other", the component remainder) and the SOURCE_DATE_EPOCH
 * rule. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "gt_agg.h"
#include "gt_hwdb.h"
#include "gt_report.h"
#include "gt_time.h"

/* 2024-01-15 00:00 UTC */
static const double JAN = 1705276800.0;

static void add(struct gt_agg *a, const char *run, const char *project, double start, double kwh,
                double cpu, double g)
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
    r.start = start;
    r.duration_s = 60;
    r.end = start + 60;
    r.energy_kwh = kwh;
    r.cpu_kwh = cpu;
    r.co2e_g = g;
    assert_int_equal(gt_agg_add(a, &r), GT_OK);
}

static void test_tallies(void **state)
{
    (void)state;
    struct gt_agg_opts o = {0};
    struct gt_agg *a = gt_agg_new(&o);
    char name[10][8];
    /* ten projects p0..p9 with 10, 20, ... 100 g; p0 and p1 in January,
     * the rest in April 2024 (February and March empty) */
    for (int i = 0; i < 10; i++) {
        snprintf(name[i], sizeof name[i], "p%d", i);
        add(a, name[i], name[i], JAN + (i < 2 ? 0 : 90 * 86400.0), 1.0, i == 0 ? 0.25 : NAN,
            10.0 * (i + 1));
    }
    struct gt_agg_result *res = NULL;
    assert_int_equal(gt_agg_finish(a, &res), GT_OK);
    struct gt_hwdb db;
    struct gt_error err = {0};
    gt_hwdb_init(&db);
    assert_int_equal(gt_hwdb_load_embedded(&db, &err), GT_OK);
    struct gt_report r;
    memset(&r, 0, sizeof r);
    struct gt_summary_doc d = {.res = res, .tool_version = "0"};
    r.sum = d;
    assert_int_equal(gt_report_build(&r, &db, &err), GT_OK);

    /* components per tool: one bucket; CPU 0.25 of p0, the rest "other" */
    assert_int_equal(r.comp.n, 1);
    assert_string_equal(r.comp.b[0].label, "codecarbon");
    assert_int_equal(r.comp.b[0].runs, 10);
    assert_true(r.comp.b[0].cpu_kwh == 0.25);
    assert_true(r.comp.b[0].other_kwh == 9.75);
    assert_true(r.comp.b[0].energy_kwh == 10.0);

    /* months: January to April, February and March empty */
    assert_int_equal(r.months.n, 4);
    assert_string_equal(r.months.b[0].label, "2024-01");
    assert_string_equal(r.months.b[1].label, "2024-02");
    assert_string_equal(r.months.b[2].label, "2024-03");
    assert_string_equal(r.months.b[3].label, "2024-04");
    assert_true(r.months.b[0].co2e_g == 30.0);
    assert_int_equal(r.months.b[1].runs, 0);
    assert_true(r.months.b[3].co2e_g == 520.0);

    /* share by project: the largest seven, then "other (3)" = p2+p1+p0 */
    assert_int_equal(r.share.key, GT_KEY_PROJECT);
    assert_int_equal(r.share.n, GT_REPORT_MAX_SHARE);
    assert_string_equal(r.share.b[0].label, "p9");
    assert_true(r.share.b[0].co2e_g == 100.0);
    assert_string_equal(r.share.b[6].label, "p3");
    assert_string_equal(r.share.b[7].label, "other (3)");
    assert_true(r.share.b[7].co2e_g == 60.0);
    assert_int_equal(r.share.b[7].runs, 3);

    /* equivalents of 550 g: Green Algorithms tree-months 550 / 11000 x 12 */
    assert_true(fabs(r.eq.tree_months - 0.6) < 1e-12);
    assert_non_null(strstr(r.statement, "550.00 g of CO2e over 10 runs"));

    gt_report_release(&r);
    gt_agg_result_free(res);
    gt_hwdb_release(&db);
}

static void test_epoch(void **state)
{
    (void)state;
    assert_int_equal(gt_report_epoch(NULL, 123), 123);
    assert_int_equal(gt_report_epoch("1790000000", 123), 1790000000LL);
    assert_int_equal(gt_report_epoch("0", 123), 0);
    assert_int_equal(gt_report_epoch("", 123), -1);
    assert_int_equal(gt_report_epoch("12x", 123), -1);
    assert_int_equal(gt_report_epoch("-5", 123), -1);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tallies),
        cmocka_unit_test(test_epoch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
