/* The range model (core/uncertainty.c) and its use in the aggregate: exact
 * values from a factor table of binary fractions, and the hwdb's own table. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gt_agg.h"
#include "gt_hwdb.h"
#include "gt_report.h"
#include "gt_unc.h"

#define EPS                1e-12
#define assert_close(a, b) assert_float_equal((a), (double)(b), EPS *(1 + fabs((double)(b))))

static struct gt_unc table(void)
{
    struct gt_unc u;
    u.f[GT_UNC_CPU_TDP] = (struct gt_range){0.5, 1.25};
    u.f[GT_UNC_GPU_TDP] = (struct gt_range){0.5, 1};
    u.f[GT_UNC_RAM] = (struct gt_range){0.75, 1.5};
    u.f[GT_UNC_RAPL] = (struct gt_range){0.875, 1.125};
    u.f[GT_UNC_NVML] = (struct gt_range){0.9375, 1.0625};
    u.f[GT_UNC_PLUG] = (struct gt_range){0.9375, 1.0625};
    u.f[GT_UNC_PUE_STATED] = (struct gt_range){0.9375, 1.125};
    u.f[GT_UNC_PUE_TYPICAL] = (struct gt_range){0.75, 1.25};
    u.f[GT_UNC_CI] = (struct gt_range){0.75, 1.5};
    return u;
}

static void test_names_and_check(void **state)
{
    (void)state;
    assert_string_equal(gt_unc_name(GT_UNC_CPU_TDP), "cpu_tdp");
    assert_string_equal(gt_unc_name(GT_UNC_RAM), "ram_w_per_gb");
    assert_string_equal(gt_unc_name(GT_UNC_PUE_TYPICAL), "pue_typical");
    assert_string_equal(gt_unc_name(GT_UNC_CI), "ci");
    struct gt_unc u = table();
    struct gt_error err = {0};
    assert_int_equal(gt_unc_check(&u, &err), GT_OK);
    u.f[GT_UNC_NVML].lo = 1.5;
    assert_int_equal(gt_unc_check(&u, &err), GT_E_DATA);
    assert_string_equal(err.msg, "uncertainty 'nvml' must have 0 < low <= 1 <= high, got 1.5 and "
                                 "1.0625");
    u = table();
    u.f[GT_UNC_CI].hi = 0.5;
    assert_int_equal(gt_unc_check(&u, &err), GT_E_DATA);
    assert_string_equal(err.msg, "uncertainty 'ci' must have 0 < low <= 1 <= high, got 0.75 and "
                                 "0.5");
}

static void test_basis(void **state)
{
    (void)state;
    struct gt_unc u = table();
    struct gt_record r;
    gt_record_init(&r);
    struct gt_unc_basis b;
    r.tool = GT_TOOL_CODECARBON; /* CPU: RAPL or a TDP model, not said: the model's range */
    gt_unc_basis_of(&u, &r, &b);
    assert_int_equal(b.cpu, GT_UNC_CPU_TDP);
    assert_int_equal(b.gpu, GT_UNC_NVML);
    assert_int_equal(b.ram, GT_UNC_RAM);
    assert_true(b.other.lo == 0.5 && b.other.hi == 1.5); /* envelope */
    r.tool = GT_TOOL_CARBONTRACKER;
    gt_unc_basis_of(&u, &r, &b);
    assert_int_equal(b.cpu, GT_UNC_RAPL);
    assert_int_equal(b.gpu, GT_UNC_NVML);
    assert_true(b.other.lo == 0.875 && b.other.hi == 1.125);
    r.tool = GT_TOOL_GREEN_ALGORITHMS;
    gt_unc_basis_of(&u, &r, &b);
    assert_int_equal(b.gpu, GT_UNC_GPU_TDP);
    r.tool = GT_TOOL_GREENTALLY; /* greentally run: cpu_method says which counted */
    struct gt_kv kv[] = {{"command", "x"}, {"cpu_method", "rapl"}};
    r.extras = kv;
    r.nextras = 2;
    gt_unc_basis_of(&u, &r, &b);
    assert_int_equal(b.cpu, GT_UNC_RAPL);
    kv[1].value = "model";
    gt_unc_basis_of(&u, &r, &b);
    assert_int_equal(b.cpu, GT_UNC_CPU_TDP);
    assert_int_equal(gt_unc_pue_kind(NAN, 0), GT_UNC_PUEK_NONE);
    assert_int_equal(gt_unc_pue_kind(1.0, 1), GT_UNC_PUEK_NONE);
    assert_int_equal(gt_unc_pue_kind(1.58, 0), GT_UNC_PUEK_TYPICAL);
    assert_int_equal(gt_unc_pue_kind(1.1, 1), GT_UNC_PUEK_STATED);
}

static void test_run_components(void **state)
{
    (void)state;
    struct gt_unc u = table();
    struct gt_record r;
    gt_record_init(&r);
    r.tool = GT_TOOL_CODECARBON;
    struct gt_unc_basis b;
    gt_unc_basis_of(&u, &r, &b);
    struct gt_range e, c;
    /* 2 CPU (x 0.5..1.25) + 6 GPU (x 0.9375..1.0625) + 1 RAM (x 0.75..1.5) + 1
     * not split (x 0.5..1.5) = 10 kWh: 7.875 .. 11.875; CO2e x 0.75..1.5 */
    gt_unc_run(&u, &b, GT_UNC_PUEK_NONE, 10, 2, 6, 1, 4000, &e, &c);
    assert_close(e.lo, 7.875);
    assert_close(e.hi, 11.875);
    assert_close(c.lo, 2362.5);
    assert_close(c.hi, 7125);
    /* a stated PUE widens both by 0.9375..1.125 */
    gt_unc_run(&u, &b, GT_UNC_PUEK_STATED, 10, 2, 6, 1, 4000, &e, &c);
    assert_close(e.lo, 7.3828125);
    assert_close(e.hi, 13.359375);
    assert_close(c.lo, 2214.84375);
    assert_close(c.hi, 8015.625);
}

static void test_run_total_only(void **state)
{
    (void)state;
    struct gt_unc u = table();
    struct gt_record r;
    gt_record_init(&r);
    r.tool = GT_TOOL_CARBONTRACKER; /* RAPL + NVML: 0.875..1.125, PUE 1.58 typical */
    struct gt_unc_basis b;
    gt_unc_basis_of(&u, &r, &b);
    struct gt_range e, c;
    gt_unc_run(&u, &b, gt_unc_pue_kind(1.58, 0), 4, NAN, NAN, NAN, 1000, &e, &c);
    assert_close(e.lo, 2.625);
    assert_close(e.hi, 5.625);
    assert_close(c.lo, 492.1875);
    assert_close(c.hi, 2109.375);
    /* no energy, CO2e only (Green Algorithms: envelope 0.5..1.5) */
    r.tool = GT_TOOL_GREEN_ALGORITHMS;
    gt_unc_basis_of(&u, &r, &b);
    gt_unc_run(&u, &b, GT_UNC_PUEK_NONE, NAN, NAN, NAN, NAN, 100, &e, &c);
    assert_true(isnan(e.lo) && isnan(e.hi));
    assert_close(c.lo, 37.5);
    assert_close(c.hi, 225);
    /* nothing known */
    gt_unc_run(&u, &b, GT_UNC_PUEK_NONE, NAN, NAN, NAN, NAN, NAN, &e, &c);
    assert_true(isnan(c.lo) && isnan(c.hi));
    /* zero energy: a zero-wide range around 0 */
    gt_unc_run(&u, &b, GT_UNC_PUEK_NONE, 0, 0, 0, 0, 0, &e, &c);
    assert_true(e.lo == 0 && e.hi == 0 && c.lo == 0 && c.hi == 0);
}

static void test_estimate(void **state)
{
    (void)state;
    struct gt_unc u = table();
    struct gt_estimate_input in;
    gt_estimate_input_init(&in);
    in.runtime_h = 2;
    in.n_cores = 10;
    in.cpu_tdp_per_core_w = 10; /* 100 W */
    in.n_gpus = 1;
    in.gpu_tdp_w = 300;
    in.memory_gb = 20;
    in.memory_power_w_per_gb = 0.5; /* 10 W */
    in.pue = 1.5;
    in.ci_g_per_kwh = 400;
    struct gt_estimate_result res;
    struct gt_error err = {0};
    assert_int_equal(gt_estimate_compute(&in, &res, &err), GT_OK);
    assert_close(res.e_kwh, 1.23);
    struct gt_range e, c;
    /* (50 + 150 + 7.5) W x 2 h x 1.5 x 0.75; (125 + 300 + 15) W x 2 h x 1.5 x 1.25 */
    gt_unc_estimate(&u, &in, &res, GT_UNC_PUEK_TYPICAL, NAN, &e, &c);
    assert_close(e.lo, 0.466875);
    assert_close(e.hi, 1.65);
    assert_close(c.lo, 140.0625);
    assert_close(c.hi, 990);
    assert_true(e.lo <= res.e_kwh && res.e_kwh <= e.hi && c.lo <= res.c_g && res.c_g <= c.hi);
    /* the other dataset's 250 g/kWh for the place lies below 400 x 0.75 */
    gt_unc_estimate(&u, &in, &res, GT_UNC_PUEK_TYPICAL, 250, &e, &c);
    assert_close(c.lo, 116.71875);
    assert_close(c.hi, 990);
    /* and 700 above 400 x 1.5 */
    gt_unc_estimate(&u, &in, &res, GT_UNC_PUEK_TYPICAL, 700, &e, &c);
    assert_close(c.hi, 1155);
    /* measured GPU: 2 x (250 W x 0.9375..1.0625 - 50 W idle x 1.0625..0.9375) */
    in.n_cores = 0;
    in.memory_gb = 0;
    in.n_gpus = 2;
    in.gpu_mode = GT_GPU_MEASURED;
    in.gpu_power_w = 250;
    in.gpu_idle_w = 50;
    in.pue = 1;
    assert_int_equal(gt_estimate_compute(&in, &res, &err), GT_OK);
    assert_close(res.e_kwh, 0.8);
    gt_unc_estimate(&u, &in, &res, GT_UNC_PUEK_NONE, NAN, &e, &c);
    assert_close(e.lo, 0.725);
    assert_close(e.hi, 0.875);
    assert_close(c.lo, 0.725 * 300);
    assert_close(c.hi, 0.875 * 600);
}

static void test_ci_spread(void **state)
{
    (void)state;
    const double a[] = {100, 200, 50, 400, 0, NAN};
    const double b[] = {100, 100, 100, 100, 100, 100};
    /* |ln(a/b)| of the 4 usable pairs: 0, ln 2, ln 2, ln 4 */
    assert_close(gt_unc_ci_spread(a, b, 6, 75), 2);
    assert_close(gt_unc_ci_spread(a, b, 6, 50), 2);
    assert_close(gt_unc_ci_spread(a, b, 6, 25), 1);
    assert_close(gt_unc_ci_spread(a, b, 6, 100), 4);
    assert_true(isnan(gt_unc_ci_spread(a, b, 0, 75)));
    assert_true(isnan(gt_unc_ci_spread(a, b, 6, 0)));
}

/* The hwdb's table: every factor present, the documented values, and the
 * intensity spread is what locations.csv gives. */
static void test_hwdb_table(void **state)
{
    (void)state;
    struct gt_hwdb db;
    gt_hwdb_init(&db);
    struct gt_error err = {0};
    assert_int_equal(gt_hwdb_load_embedded(&db, &err), GT_OK);
    struct gt_unc u;
    const struct gt_hw_uncertainty *rows[GT_UNC__COUNT];
    int n = 0;
    assert_int_equal(gt_hwdb_unc(&db, &u, rows, &n, &err), GT_OK);
    assert_int_equal(n, GT_UNC__COUNT);
    assert_true(u.f[GT_UNC_CPU_TDP].lo == 0.5 && u.f[GT_UNC_CPU_TDP].hi == 1.25);
    assert_true(u.f[GT_UNC_CI].lo == 0.7447 && u.f[GT_UNC_CI].hi == 1.343);
    for (int i = 0; i < n; i++)
        assert_true(rows[i]->source[0] != '\0');
    double ga[400], cc[400];
    size_t m = 0;
    for (size_t i = 0; i < db.locations.n; i++) {
        const struct gt_hw_location *g = &db.locations.v[i];
        if (strcmp(g->dataset, "ga-v3.0"))
            continue;
        for (size_t j = 0; j < db.locations.n && m < 400; j++)
            if (!strcmp(db.locations.v[j].dataset, "codecarbon") &&
                !strcmp(db.locations.v[j].code, g->code)) {
                cc[m] = db.locations.v[j].ci_g_per_kwh;
                ga[m++] = g->ci_g_per_kwh;
            }
    }
    assert_int_equal(m, 55);
    double k = gt_unc_ci_spread(cc, ga, m, 75);
    assert_float_equal(k, 1.343, 5e-4);
    /* a missing factor is named */
    db.uncertainty.n = 0;
    assert_int_equal(gt_hwdb_unc(&db, &u, NULL, NULL, &err), GT_E_DATA);
    assert_string_equal(err.msg, "hwdb uncertainty 'cpu_tdp' is missing");
    gt_hwdb_release(&db);
}

static void add(struct gt_agg *a, const char *run, const char *project, double e, double co2e)
{
    struct gt_record r;
    gt_record_init(&r);
    r.file = "x.csv";
    r.tool = GT_TOOL_GREEN_ALGORITHMS;
    r.run_key = r.run_id = run;
    r.project = project;
    r.energy_kwh = e;
    r.co2e_g = co2e;
    r.pue = 1;
    assert_int_equal(gt_agg_add(a, &r), GT_OK);
}

/* Totals and groups add the runs' lows and highs; central figures are
 * untouched; without factors the ranges are NAN. */
static void test_agg_sums(void **state)
{
    (void)state;
    struct gt_unc u = table();
    struct gt_agg_opts o;
    memset(&o, 0, sizeof o);
    o.by[0] = GT_KEY_PROJECT;
    o.nby = 1;
    o.unc = &u;
    struct gt_agg *a = gt_agg_new(&o);
    add(a, "r1", "p", 2, 100);
    add(a, "r2", "p", 4, 200);
    add(a, "r3", "q", NAN, 50); /* CO2e only */
    struct gt_agg_result *res = NULL;
    assert_int_equal(gt_agg_finish(a, &res), GT_OK);
    const struct gt_totals *t = &res->totals;
    assert_close(t->energy_kwh, 6);
    assert_close(t->co2e_g, 350);
    /* envelope 0.5..1.5, CO2e x 0.75..1.5 */
    assert_close(t->energy_kwh_lo, 3);
    assert_close(t->energy_kwh_hi, 9);
    assert_close(t->co2e_g_lo, 350 * 0.5 * 0.75);
    assert_close(t->co2e_g_hi, 350 * 1.5 * 1.5);
    assert_int_equal(res->ngroups, 2);
    assert_close(res->groups[0].t.energy_kwh_lo, 3);
    assert_close(res->groups[0].t.co2e_g_hi, 300 * 2.25);
    assert_true(isnan(res->groups[1].t.energy_kwh_lo)); /* q: no run with energy */
    assert_close(res->groups[1].t.co2e_g_lo, 18.75);
    gt_agg_result_free(res);

    o.unc = NULL;
    a = gt_agg_new(&o);
    add(a, "r1", "p", 2, 100);
    assert_int_equal(gt_agg_finish(a, &res), GT_OK);
    assert_close(res->totals.energy_kwh, 2);
    assert_true(isnan(res->totals.energy_kwh_lo) && isnan(res->totals.co2e_g_hi));
    assert_true(isnan(res->runs[0].energy_kwh_lo));
    gt_agg_result_free(res);
}

/* --pue replaces a known PUE: the stated factor applies to the new figure. */
static void test_agg_pue_stated(void **state)
{
    (void)state;
    struct gt_unc u = table();
    struct gt_agg_opts o;
    memset(&o, 0, sizeof o);
    o.unc = &u;
    o.set_pue = 1;
    o.pue = 1.5;
    struct gt_agg *a = gt_agg_new(&o);
    struct gt_record r;
    gt_record_init(&r);
    r.file = "x.csv";
    r.tool = GT_TOOL_CARBONTRACKER;
    r.energy_kwh = 2;
    r.pue = 1; /* logged without overhead: becomes 3 kWh at PUE 1.5 */
    assert_int_equal(gt_agg_add(a, &r), GT_OK);
    struct gt_agg_result *res = NULL;
    assert_int_equal(gt_agg_finish(a, &res), GT_OK);
    assert_close(res->runs[0].energy_kwh, 3);
    assert_close(res->runs[0].energy_kwh_lo, 3 * 0.875 * 0.9375);
    assert_close(res->runs[0].energy_kwh_hi, 3 * 1.125 * 1.125);
    gt_agg_result_free(res);
}

/* The report's chart buckets carry the sums of their runs' ranges, and
 * folding buckets into "other" adds them. */
static void test_report_buckets(void **state)
{
    (void)state;
    struct gt_unc u = table();
    struct gt_agg_opts o;
    memset(&o, 0, sizeof o);
    o.unc = &u;
    struct gt_agg *a = gt_agg_new(&o);
    add(a, "r1", "p", 2, 100);
    add(a, "r2", "p", 4, 200);
    add(a, "r3", "q", 1, 10);
    struct gt_agg_result *res = NULL;
    assert_int_equal(gt_agg_finish(a, &res), GT_OK);
    struct gt_report_tally t;
    assert_int_equal(gt_report_tally_key(res, GT_KEY_PROJECT, &t), GT_OK);
    assert_int_equal(t.n, 2);
    assert_string_equal(t.b[0].label, "p");
    assert_close(t.b[0].energy_kwh_lo, 3);
    assert_close(t.b[0].energy_kwh_hi, 9);
    assert_close(t.b[0].co2e_g_lo, 112.5);
    assert_close(t.b[0].co2e_g_hi, 675);
    struct gt_report_bucket sum;
    memset(&sum, 0, sizeof sum);
    gt_report_bucket_add(&sum, &t.b[0]);
    gt_report_bucket_add(&sum, &t.b[1]);
    assert_close(sum.energy_kwh_lo, res->totals.energy_kwh_lo);
    assert_close(sum.energy_kwh_hi, 10.5);
    assert_close(sum.co2e_g_lo, res->totals.co2e_g_lo);
    assert_close(sum.co2e_g_hi, 697.5);
    free(t.b);
    gt_agg_result_free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names_and_check), cmocka_unit_test(test_basis),
        cmocka_unit_test(test_run_components),  cmocka_unit_test(test_run_total_only),
        cmocka_unit_test(test_estimate),        cmocka_unit_test(test_ci_spread),
        cmocka_unit_test(test_hwdb_table),      cmocka_unit_test(test_agg_sums),
        cmocka_unit_test(test_agg_pue_stated),  cmocka_unit_test(test_report_buckets),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
