/* gt_report: the figures charts and tables show (tallies, months with gaps,
 * share with "other", the component remainder) and the SOURCE_DATE_EPOCH
 * rule. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gt_agg.h"
#include "gt_hwdb.h"
#include "gt_report.h"
#include "gt_statement.h"
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

/* seconds since 1970 of the 10th of month m (1-12) of year y, UTC */
static double day10(int y, int m)
{
    long days = 0;
    for (int i = 1970; i < y; i++)
        days += (i % 4 == 0 && (i % 100 != 0 || i % 400 == 0)) ? 366 : 365;
    static const int ml[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    for (int i = 1; i < m; i++)
        days += ml[i - 1] + (i == 2 && y % 4 == 0 && (y % 100 != 0 || y % 400 == 0));
    return (days + 9) * 86400.0;
}

struct mrun {
    int y, m;
    double g;
};

/* the month tally of a report over runs */
static void build_months(const struct mrun *v, int n, struct gt_hwdb *db, struct gt_report *r,
                         struct gt_agg_result **res)
{
    struct gt_agg_opts o = {0};
    struct gt_agg *a = gt_agg_new(&o);
    static char name[16][16];
    for (int i = 0; i < n; i++) {
        snprintf(name[i], sizeof name[i], "r%d", i);
        add(a, name[i], "p", day10(v[i].y, v[i].m), 1.0, NAN, v[i].g);
    }
    assert_int_equal(gt_agg_finish(a, res), GT_OK);
    struct gt_error err = {0};
    memset(r, 0, sizeof *r);
    struct gt_summary_doc d = {.res = *res, .tool_version = "0"};
    r->sum = d;
    assert_int_equal(gt_report_build(r, db, &err), GT_OK);
}

static void test_months_span(void **state)
{
    (void)state;
    struct gt_hwdb db;
    struct gt_error err = {0};
    gt_hwdb_init(&db);
    assert_int_equal(gt_hwdb_load_embedded(&db, &err), GT_OK);
    struct gt_report r;
    struct gt_agg_result *res = NULL;
    char b[200];

    /* 2018-06 and 2024-09 logged no CO2e: cut; 2019-02 to 2024-06 is 65
     * months, over 36: quarters 2019-Q1 .. 2024-Q2 (22), 2024-05 and 2024-06
     * in one */
    const struct mrun q[] = {
        {2018, 6, NAN}, {2019, 2, 10}, {2024, 5, 20}, {2024, 6, 5}, {2024, 9, NAN}};
    build_months(q, 5, &db, &r, &res);
    assert_int_equal(r.months.period, 3);
    assert_string_equal(gt_report_period_name(&r.months), "quarter");
    assert_int_equal(r.months.runs_cut, 2);
    assert_int_equal(r.months.n, 22);
    assert_string_equal(r.months.b[0].label, "2019-Q1");
    assert_true(r.months.b[0].co2e_g == 10.0);
    assert_int_equal(r.months.b[0].runs, 1);
    assert_string_equal(r.months.b[1].label, "2019-Q2");
    assert_int_equal(r.months.b[1].runs, 0);
    assert_string_equal(r.months.b[21].label, "2024-Q2");
    assert_true(r.months.b[21].co2e_g == 25.0);
    assert_int_equal(r.months.b[21].runs, 2);
    assert_string_equal(gt_report_months_note(&r.months, b, sizeof b),
                        "2 runs without CO2e before or after the quarters shown are not shown");
    /* ticks: 22 buckets 30 wide, labels 40 wide: every second quarter is 6
     * months; years once buckets are 8 wide */
    assert_int_equal(gt_report_period_step(&r.months, 30, 40), 6);
    assert_int_equal(gt_report_period_step(&r.months, 8, 40), 24);
    assert_int_equal(gt_report_period_tick(&r.months.b[0], 6, b, sizeof b), 1);
    assert_string_equal(b, "2019-Q1");
    assert_int_equal(gt_report_period_tick(&r.months.b[1], 6, b, sizeof b), 0);
    assert_string_equal(b, "");
    assert_int_equal(gt_report_period_tick(&r.months.b[4], 12, b, sizeof b), 1);
    assert_string_equal(b, "2020");
    gt_report_release(&r);
    gt_agg_result_free(res);

    /* 2010-01 to 2024-01: 169 months, over 108: years 2010 .. 2024 */
    const struct mrun y[] = {{2010, 1, 1}, {2010, 12, 2}, {2024, 1, 4}};
    build_months(y, 3, &db, &r, &res);
    assert_int_equal(r.months.period, 12);
    assert_int_equal(r.months.runs_cut, 0);
    assert_int_equal(r.months.n, 15);
    assert_string_equal(r.months.b[0].label, "2010");
    assert_true(r.months.b[0].co2e_g == 3.0);
    assert_string_equal(r.months.b[14].label, "2024");
    assert_true(r.months.b[14].co2e_g == 4.0);
    assert_string_equal(gt_report_months_note(&r.months, b, sizeof b), "");
    assert_int_equal(gt_report_period_step(&r.months, 50, 40), 12);
    assert_int_equal(gt_report_period_step(&r.months, 30, 40), 24); /* 30 < 40: every 2nd */
    gt_report_release(&r);
    gt_agg_result_free(res);

    /* 36 months stay months: 2022-01 .. 2024-12 */
    const struct mrun m[] = {{2022, 1, 1}, {2024, 12, 2}};
    build_months(m, 2, &db, &r, &res);
    assert_int_equal(r.months.period, 1);
    assert_int_equal(r.months.n, 36);
    assert_string_equal(r.months.b[35].label, "2024-12");
    gt_report_release(&r);
    gt_agg_result_free(res);

    /* one run without CO2e in the only month: nothing left to chart */
    const struct mrun one[] = {{2024, 3, NAN}};
    build_months(one, 1, &db, &r, &res);
    assert_int_equal(r.months.n, 0);
    assert_int_equal(r.months.runs_cut, 1);
    assert_string_equal(gt_report_months_note(&r.months, b, sizeof b),
                        "1 run without CO2e before or after the months shown is not shown");
    gt_report_release(&r);
    gt_agg_result_free(res);

    assert_int_equal(gt_report_period_start("2024-03"), 2024 * 12 + 2);
    assert_int_equal(gt_report_period_start("2024-Q4"), 2024 * 12 + 9);
    assert_int_equal(gt_report_period_start("2024"), 2024 * 12);
    assert_int_equal(gt_report_period_start("2024-13"), -1);
    assert_int_equal(gt_report_period_start("2024-Q5"), -1);
    assert_int_equal(gt_report_period_start("(unknown)"), -1);
    assert_int_equal(gt_report_period_start("2024-03x"), -1);
    gt_hwdb_release(&db);
}

/* The plain statement: hours, and the hwdb's names of the logged models
 * (each once; a model the matcher does not resolve keeps its string); LET's
 * style keeps the logged strings. */
static void test_statement_names(void **state)
{
    (void)state;
    struct gt_hwdb db;
    struct gt_error err = {0};
    gt_hwdb_init(&db);
    assert_int_equal(gt_hwdb_load_embedded(&db, &err), GT_OK);
    struct gt_stmt_facts f;
    memset(&f, 0, sizeof f);
    f.energy_kwh = 1.5;
    f.co2e_g = f.energy_kwh_lo = f.energy_kwh_hi = f.co2e_g_lo = f.co2e_g_hi = NAN;
    f.ci_g_per_kwh = f.pue_given = NAN;
    f.runs = 3;
    f.duration_s = 155860; /* 43.294 h */
    static const char *const cpus[] = {"Intel(R) Xeon(R) Gold 6230 CPU @ 2.10GHz", "Xeon Gold 6230",
                                       "Frobnicator 9000 CPU"};
    for (size_t i = 0; i < 3; i++)
        snprintf(f.cpus[i], sizeof f.cpus[i], "%s", cpus[i]);
    f.ncpus = 3;
    snprintf(f.gpus[0], sizeof f.gpus[0], "%s", "NVIDIA A40");
    f.ngpus = 1;
    gt_stmt_name_hw(&f, &db);
    assert_int_equal(f.ncpu_names, 2);
    assert_string_equal(f.cpu_names[0], "Xeon Gold 6230");
    assert_string_equal(f.cpu_names[1], "Frobnicator 9000 CPU");
    assert_int_equal(f.ngpu_names, 1);
    assert_string_equal(f.gpu_names[0], "A40");
    struct gt_stmt_opts o = {.style = GT_STMT_PLAIN, .markup = GT_STMT_TEXT};
    char *t = gt_statement_render(&f, &o);
    assert_non_null(t);
    assert_non_null(strstr(t, "The experiments in this work used 1.50 kWh of electricity over 3 "
                              "runs (43.3 h in total) on Xeon Gold 6230 and Frobnicator 9000 "
                              "CPU with A40."));
    free(t);
    o.style = GT_STMT_LET;
    t = gt_statement_render(&f, &o);
    assert_non_null(t);
    assert_non_null(strstr(t, "Intel(R) Xeon(R) Gold 6230 CPU"));
    assert_null(strstr(t, "43.3 h"));
    free(t);
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
        cmocka_unit_test(test_months_span),
        cmocka_unit_test(test_statement_names),
        cmocka_unit_test(test_epoch),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
