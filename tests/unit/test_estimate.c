/* test_estimate.c - the Green Algorithms model (core/estimate.c) and the
 * everyday equivalents (core/equiv.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "gt_equiv.h"
#include "gt_error.h"
#include "gt_estimate.h"

#define ASSERT_NEAR(label, got, want, tol)                                                         \
    assert_near_((label), #got, (got), (want), (tol), __FILE__, __LINE__)

static void assert_near_(const char *label, const char *expr, double got, double want, double tol,
                         const char *file, int line)
{
    if (!(fabs(got - want) <= tol)) {
        print_error("case '%s': %s = %.17g, expected %.17g (tolerance %g)\n", label, expr, got,
                    want, tol);
        _fail(file, line);
    }
}

/* 1e-9 relative (exact when the expected value is 0). */
#define ASSERT_REL(label, got, want) ASSERT_NEAR(label, got, want, 1e-9 * fabs((double)(want)))

/* ---- the model ---------------------------------------------------------- */

struct est_case {
    const char *name;
    struct gt_estimate_input in;
    /* expected power before PUE (W) */
    double p_cpu, p_gpu, p_mem, p;
    /* expected energy incl. PUE and PSF (kWh) */
    double e_cpu, e_gpu, e_mem, e;
    double c; /* expected total footprint (g CO2e) */
};

/* 2h50m = 10200 s = 17/6 h */
#define GA4HPC_RUNTIME_H (10200.0 / 3600.0)

static const struct est_case est_cases[] = {
    /* GreenAlgorithms4HPC: 8 cores x 9.4 W/core, usage 1, 2h50m, 16 GB x 0.3725 W/GB,
     * PUE 1.15, PSF 1, CI 231.12 g/kWh.
     *   P_cpu = 75.2 W, P_mem = 5.96 W, P = 81.16 W
     *   E_cpu = 17/6 x 75.2 x 1.15 / 1000 = 0.245026666... kWh
     *   E_mem = 17/6 x 5.96 x 1.15 / 1000 = 0.019419666... kWh
     *   E     = 17/6 x 81.16 x 1.15 / 1000 = 0.264446333... kWh
     *   C     = E x 231.12 = 61.11883656 g */
    {"ga4hpc",
     {.runtime_h = GA4HPC_RUNTIME_H,
      .n_cores = 8,
      .cpu_tdp_per_core_w = 9.4,
      .cpu_usage = 1,
      .gpu_usage = 1,
      .memory_gb = 16,
      .memory_power_w_per_gb = 0.3725,
      .pue = 1.15,
      .psf = 1,
      .ci_g_per_kwh = 231.12},
     75.2,
     0,
     5.96,
     81.16,
     0.24502666666666667,
     0,
     0.019419666666666665,
     0.26444633333333334,
     61.11883656},
    /* Green Algorithms calculator form default: 12 h, 12 cores x 7.5 W/core, 64 GB x
     * 0.3725 W/GB, PUE 1.56, PSF 1, CI 475 g/kWh.
     *   P = 12 x 7.5 + 64 x 0.3725 = 90 + 23.84 = 113.84 W
     *   E = 12 x 113.84 x 1.56 / 1000 = 2.1310848 kWh
     *     (CPU 12 x 90 x 1.56 / 1000 = 1.6848, memory 12 x 23.84 x 1.56 / 1000 = 0.4462848)
     *   C = 2.1310848 x 475 = 1012.26528 g */
    {"ga-calculator-default",
     {.runtime_h = 12,
      .n_cores = 12,
      .cpu_tdp_per_core_w = 7.5,
      .cpu_usage = 1,
      .gpu_usage = 1,
      .memory_gb = 64,
      .memory_power_w_per_gb = 0.3725,
      .pue = 1.56,
      .psf = 1,
      .ci_g_per_kwh = 475},
     90,
     0,
     23.84,
     113.84,
     1.6848,
     0,
     0.4462848,
     2.1310848,
     1012.26528},
    /* PSF 3 triples energy and carbon (and leaves power alone) */
    {"ga4hpc-psf3",
     {.runtime_h = GA4HPC_RUNTIME_H,
      .n_cores = 8,
      .cpu_tdp_per_core_w = 9.4,
      .cpu_usage = 1,
      .gpu_usage = 1,
      .memory_gb = 16,
      .memory_power_w_per_gb = 0.3725,
      .pue = 1.15,
      .psf = 3,
      .ci_g_per_kwh = 231.12},
     75.2,
     0,
     5.96,
     81.16,
     0.73508,
     0,
     0.058259,
     0.793339,
     183.35650968},
    /* GPU TDP mode: 4 x 300 W x 0.9 = 1080 W; 1 h, PUE 1 -> 1.08 kWh; CI 100 -> 108 g */
    {"gpu-tdp",
     {.runtime_h = 1,
      .cpu_usage = 1,
      .n_gpus = 4,
      .gpu_mode = GT_GPU_TDP,
      .gpu_tdp_w = 300,
      .gpu_usage = 0.9,
      .gpu_power_w = 999,
      .gpu_idle_w = 1,
      .pue = 1,
      .psf = 1,
      .ci_g_per_kwh = 100},
     0,
     1080,
     0,
     1080,
     0,
     1.08,
     0,
     1.08,
     108},
    /* measured mode: 2 x max(0, 250 - 42) = 416 W (TDP and usage ignored);
     * 2 h, PUE 1.5 -> 1.248 kWh; CI 200 -> 249.6 g */
    {"gpu-measured",
     {.runtime_h = 2,
      .cpu_usage = 1,
      .n_gpus = 2,
      .gpu_mode = GT_GPU_MEASURED,
      .gpu_tdp_w = 300,
      .gpu_usage = 0.5,
      .gpu_power_w = 250,
      .gpu_idle_w = 42,
      .pue = 1.5,
      .psf = 1,
      .ci_g_per_kwh = 200},
     0,
     416,
     0,
     416,
     0,
     1.248,
     0,
     1.248,
     249.6},
    /* measured below idle: 0 W, never negative; the CPU still counts
     * (4 x 10 W, 1 h -> 0.04 kWh, CI 100 -> 4 g) */
    {"gpu-measured-below-idle",
     {.runtime_h = 1,
      .n_cores = 4,
      .cpu_tdp_per_core_w = 10,
      .cpu_usage = 1,
      .n_gpus = 2,
      .gpu_mode = GT_GPU_MEASURED,
      .gpu_usage = 1,
      .gpu_power_w = 30,
      .gpu_idle_w = 42,
      .pue = 1,
      .psf = 1,
      .ci_g_per_kwh = 100},
     40,
     0,
     0,
     40,
     0.04,
     0,
     0,
     0.04,
     4},
    /* partial CPU usage: 16 x 12.5 W x 0.5 = 100 W; 10 h, PUE 1.2 -> 1.2 kWh; CI 50 -> 60 g */
    {"cpu-usage-half",
     {.runtime_h = 10,
      .n_cores = 16,
      .cpu_tdp_per_core_w = 12.5,
      .cpu_usage = 0.5,
      .gpu_usage = 1,
      .pue = 1.2,
      .psf = 1,
      .ci_g_per_kwh = 50},
     100,
     0,
     0,
     100,
     1.2,
     0,
     0,
     1.2,
     60},
    /* zero runtime: power but no energy */
    {"zero-runtime",
     {.runtime_h = 0,
      .n_cores = 8,
      .cpu_tdp_per_core_w = 9.4,
      .cpu_usage = 1,
      .gpu_usage = 1,
      .pue = 1.15,
      .psf = 1,
      .ci_g_per_kwh = 231.12},
     75.2,
     0,
     0,
     75.2,
     0,
     0,
     0,
     0,
     0},
    /* zero carbon intensity: energy but no carbon */
    {"zero-ci",
     {.runtime_h = 1,
      .n_cores = 1,
      .cpu_tdp_per_core_w = 100,
      .cpu_usage = 1,
      .gpu_usage = 1,
      .pue = 1,
      .psf = 1,
      .ci_g_per_kwh = 0},
     100,
     0,
     0,
     100,
     0.1,
     0,
     0,
     0.1,
     0},
};

static void test_compute_table(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof est_cases / sizeof est_cases[0]; i++) {
        const struct est_case *c = &est_cases[i];
        struct gt_estimate_result r;
        struct gt_error err;
        gt_error_clear(&err);
        enum gt_status st = gt_estimate_compute(&c->in, &r, &err);
        if (st != GT_OK)
            print_error("case '%s': unexpected error: %s\n", c->name, err.msg);
        assert_int_equal(st, GT_OK);
        ASSERT_REL(c->name, r.p_cpu_w, c->p_cpu);
        ASSERT_REL(c->name, r.p_gpu_w, c->p_gpu);
        ASSERT_REL(c->name, r.p_mem_w, c->p_mem);
        ASSERT_REL(c->name, r.p_w, c->p);
        ASSERT_REL(c->name, r.e_cpu_kwh, c->e_cpu);
        ASSERT_REL(c->name, r.e_gpu_kwh, c->e_gpu);
        ASSERT_REL(c->name, r.e_mem_kwh, c->e_mem);
        ASSERT_REL(c->name, r.e_kwh, c->e);
        ASSERT_REL(c->name, r.c_g, c->c);
        /* carbon per component = energy per component x CI */
        double ci = c->in.ci_g_per_kwh;
        ASSERT_REL(c->name, r.c_cpu_g, c->e_cpu * ci);
        ASSERT_REL(c->name, r.c_gpu_g, c->e_gpu * ci);
        ASSERT_REL(c->name, r.c_mem_g, c->e_mem * ci);
        /* never negative */
        assert_true(r.p_gpu_w >= 0 && r.e_gpu_kwh >= 0 && r.c_gpu_g >= 0);
    }
}

/* The published GreenAlgorithms4HPC figures, at their own precision. */
static void test_ga4hpc_published(void **state)
{
    (void)state;
    const struct est_case *c = &est_cases[0];
    struct gt_estimate_result r;
    assert_int_equal(gt_estimate_compute(&c->in, &r, NULL), GT_OK);
    ASSERT_NEAR("ga4hpc energy", r.e_kwh, 0.26444633, 5e-9);
    ASSERT_NEAR("ga4hpc carbon", r.c_g, 61.11884, 5e-6);
    ASSERT_NEAR("ga4hpc cpu power", r.p_cpu_w, 75.2, 1e-12);
    ASSERT_NEAR("ga4hpc memory power", r.p_mem_w, 5.96, 1e-12);
    /* per-component carbon: 56.6305632 g CPU, 4.48827336 g memory */
    ASSERT_REL("ga4hpc cpu carbon", r.c_cpu_g, 56.6305632);
    ASSERT_REL("ga4hpc memory carbon", r.c_mem_g, 4.48827336);
}

/* The calculator default (see the table) at its displayed precision. */
static void test_ga_calculator_default(void **state)
{
    (void)state;
    struct gt_estimate_input in;
    gt_estimate_input_init(&in);
    in.runtime_h = 12;
    in.n_cores = 12;
    in.cpu_tdp_per_core_w = 7.5;
    in.memory_gb = 64;
    in.memory_power_w_per_gb = 0.3725;
    in.pue = 1.56;
    in.ci_g_per_kwh = 475;
    struct gt_estimate_result r;
    assert_int_equal(gt_estimate_compute(&in, &r, NULL), GT_OK);
    ASSERT_NEAR("calc power", r.p_w, 113.84, 1e-12);
    ASSERT_NEAR("calc energy", r.e_kwh, 2.1310848, 1e-12);
    ASSERT_NEAR("calc carbon", r.c_g, 1012.26528, 1e-9);
}

static void test_input_init(void **state)
{
    (void)state;
    struct gt_estimate_input in;
    memset(&in, 0x55, sizeof in);
    gt_estimate_input_init(&in);
    ASSERT_NEAR("init", in.cpu_usage, 1, 0);
    ASSERT_NEAR("init", in.gpu_usage, 1, 0);
    ASSERT_NEAR("init", in.pue, 1, 0);
    ASSERT_NEAR("init", in.psf, 1, 0);
    ASSERT_NEAR("init", in.memory_power_w_per_gb, 0, 0);
    ASSERT_NEAR("init", in.runtime_h, 0, 0);
    ASSERT_NEAR("init", in.n_cores, 0, 0);
    ASSERT_NEAR("init", in.n_gpus, 0, 0);
    ASSERT_NEAR("init", in.ci_g_per_kwh, 0, 0);
    assert_int_equal(in.gpu_mode, GT_GPU_TDP);
    /* the defaults alone are a valid (all-zero) estimate */
    struct gt_estimate_result r;
    assert_int_equal(gt_estimate_compute(&in, &r, NULL), GT_OK);
    ASSERT_NEAR("init", r.c_g, 0, 0);
}

/* ---- range errors ------------------------------------------------------- */

struct est_bad {
    size_t field; /* offsetof the double to set in a valid input */
    double value;
    enum gt_gpu_mode mode;
    const char *msg;
};

#define F(m) offsetof(struct gt_estimate_input, m)

static const struct est_bad bad_cases[] = {
    {F(cpu_usage), 1.5, GT_GPU_TDP, "'cpu usage' must be between 0 and 1, got 1.5"},
    {F(cpu_usage), -0.1, GT_GPU_TDP, "'cpu usage' must be between 0 and 1, got -0.1"},
    {F(psf), 0.5, GT_GPU_TDP, "'psf' must be a number >= 1, got 0.5"},
    {F(pue), 0.9, GT_GPU_TDP, "'pue' must be a number >= 1, got 0.9"},
    {F(runtime_h), -1, GT_GPU_TDP, "'runtime' must be a number >= 0, got -1"},
    {F(runtime_h), INFINITY, GT_GPU_TDP, "'runtime' must be a number >= 0, got inf"},
    {F(ci_g_per_kwh), NAN, GT_GPU_TDP, "'carbon intensity' must be a number >= 0, got nan"},
    {F(ci_g_per_kwh), -5, GT_GPU_TDP, "'carbon intensity' must be a number >= 0, got -5"},
    {F(n_cores), -8, GT_GPU_TDP, "'cores' must be a number >= 0, got -8"},
    {F(cpu_tdp_per_core_w), -9.4, GT_GPU_TDP, "'cpu tdp per core' must be a number >= 0, got -9.4"},
    {F(n_gpus), -1, GT_GPU_TDP, "'gpus' must be a number >= 0, got -1"},
    {F(memory_gb), -16, GT_GPU_TDP, "'memory' must be a number >= 0, got -16"},
    {F(memory_power_w_per_gb), NAN, GT_GPU_TDP, "'memory power' must be a number >= 0, got nan"},
    {F(gpu_tdp_w), -300, GT_GPU_TDP, "'gpu tdp' must be a number >= 0, got -300"},
    {F(gpu_usage), 2, GT_GPU_TDP, "'gpu usage' must be between 0 and 1, got 2"},
    {F(gpu_power_w), -250, GT_GPU_MEASURED, "'gpu power' must be a number >= 0, got -250"},
    {F(gpu_idle_w), NAN, GT_GPU_MEASURED, "'gpu idle power' must be a number >= 0, got nan"},
};

static void test_range_errors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct est_bad *c = &bad_cases[i];
        struct gt_estimate_input in = est_cases[0].in; /* valid */
        in.gpu_mode = c->mode;
        in.n_gpus = 1;
        in.gpu_tdp_w = 300;
        in.gpu_power_w = 250;
        in.gpu_idle_w = 42;
        double v = c->value;
        memcpy((char *)&in + c->field, &v, sizeof v);
        struct gt_estimate_result r;
        struct gt_error err;
        gt_error_clear(&err);
        assert_int_equal(gt_estimate_compute(&in, &r, &err), GT_E_RANGE);
        assert_int_equal(err.code, GT_E_RANGE);
        assert_string_equal(err.msg, c->msg);
        /* and without an error record */
        assert_int_equal(gt_estimate_compute(&in, &r, NULL), GT_E_RANGE);
    }
}

/* In measured mode the TDP-mode fields are not checked, and vice versa. */
static void test_mode_specific_checks(void **state)
{
    (void)state;
    struct gt_estimate_input in;
    gt_estimate_input_init(&in);
    in.runtime_h = 1;
    in.n_gpus = 1;
    in.gpu_mode = GT_GPU_MEASURED;
    in.gpu_usage = 7; /* ignored in measured mode */
    in.gpu_tdp_w = -1;
    in.gpu_power_w = 100;
    in.gpu_idle_w = 0;
    struct gt_estimate_result r;
    assert_int_equal(gt_estimate_compute(&in, &r, NULL), GT_OK);
    ASSERT_NEAR("measured", r.p_gpu_w, 100, 0);

    gt_estimate_input_init(&in);
    in.runtime_h = 1;
    in.n_gpus = 1;
    in.gpu_tdp_w = 100;
    in.gpu_power_w = -1; /* ignored in TDP mode */
    in.gpu_idle_w = NAN;
    assert_int_equal(gt_estimate_compute(&in, &r, NULL), GT_OK);
    ASSERT_NEAR("tdp", r.p_gpu_w, 100, 0);
}

/* ---- equivalents -------------------------------------------------------- */

static const struct gt_equiv_factors ga_factors = {
    .ga_tree_year_g = 11000,
    .ga_car_eu_g_per_km = 175,
    .ga_flight_par_dub_g = 110000,
    .ga_flight_ny_sf_g = 570000,
    .ga_flight_nyc_mel_g = 2310000,
    .ct_car_g_per_km = 106.8,
    .cc_household_week_g = 160580,
    .cc_mile_g = 409,
    .cc_tv_hour_g = 97,
};

static void test_equiv_1000g(void **state)
{
    (void)state;
    struct gt_equivalents q;
    gt_equiv_compute(1000, &ga_factors, &q);
    ASSERT_REL("1000 g", q.tree_months, 1.0909090909090908); /* 1000/11000 x 12 */
    assert_int_equal(q.tree_as_years, 0);
    ASSERT_REL("1000 g", q.ga_car_km, 5.714285714285714); /* 1000/175 */
    assert_int_equal(q.flight, GT_FLIGHT_PAR_DUB);
    ASSERT_REL("1000 g", q.flight_count, 0.00909090909090909);    /* 1000/110000 */
    ASSERT_REL("1000 g", q.ct_car_km, 9.363295880149813);         /* 1000/106.8 */
    ASSERT_REL("1000 g", q.cc_household_pct, 0.6227425582264292); /* 1000/160580 x 100 */
    ASSERT_REL("1000 g", q.cc_miles, 2.444987775061125);          /* 1000/409 */
    ASSERT_REL("1000 g", q.cc_tv_minutes, 618.5567010309279);     /* 1000/97 x 60 */
}

struct flight_case {
    double g;
    enum gt_flight flight;
    double count;
};

static void test_equiv_flight_ladder(void **state)
{
    (void)state;
    const double half_ny_sf = 0.5 * 570000;    /* 285000 */
    const double half_nyc_mel = 0.5 * 2310000; /* 1155000 */
    const struct flight_case cases[] = {
        {0, GT_FLIGHT_PAR_DUB, 0},
        {1000, GT_FLIGHT_PAR_DUB, 1000.0 / 110000},
        {nextafter(half_ny_sf, 0), GT_FLIGHT_PAR_DUB, 285000.0 / 110000}, /* just below */
        {284999, GT_FLIGHT_PAR_DUB, 284999.0 / 110000},
        {half_ny_sf, GT_FLIGHT_NY_SF, 0.5}, /* exactly at */
        {570000, GT_FLIGHT_NY_SF, 1},
        {nextafter(half_nyc_mel, 0), GT_FLIGHT_NY_SF, 1155000.0 / 570000},
        {half_nyc_mel, GT_FLIGHT_NYC_MEL, 0.5},
        {1e7, GT_FLIGHT_NYC_MEL, 1e7 / 2310000},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gt_equivalents q;
        gt_equiv_compute(cases[i].g, &ga_factors, &q);
        if (q.flight != cases[i].flight)
            print_error("at %.17g g: flight %d, expected %d\n", cases[i].g, (int)q.flight,
                        (int)cases[i].flight);
        assert_int_equal(q.flight, cases[i].flight);
        ASSERT_REL(gt_flight_name(q.flight), q.flight_count, cases[i].count);
    }
}

struct tree_case {
    double g;
    double months;
    int as_years;
};

static void test_equiv_tree_years(void **state)
{
    (void)state;
    const struct tree_case cases[] = {
        {0, 0, 0},        {1000, 12000.0 / 11000, 0},
        {11000, 12, 0},   {21999, 21999.0 * 12 / 11000, 0},
        {22000, 24, 1}, /* 24 months: shown as tree-years */
        {110000, 120, 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gt_equivalents q;
        gt_equiv_compute(cases[i].g, &ga_factors, &q);
        ASSERT_REL("tree", q.tree_months, cases[i].months);
        assert_int_equal(q.tree_as_years, cases[i].as_years);
    }
}

/* seed 000's node static power: W x share, through PUE and PSF like the rest */
static void test_node_static(void **state)
{
    (void)state;
    struct gt_estimate_input in;
    gt_estimate_input_init(&in);
    assert_true(in.node_static_w == 0 && in.node_share == 1);
    in.runtime_h = 10;
    in.n_cores = 10;
    in.cpu_tdp_per_core_w = 7.5;
    in.pue = 1.5;
    in.psf = 2;
    in.ci_g_per_kwh = 100;
    struct gt_estimate_result r;
    struct gt_error err = {0};
    assert_int_equal(gt_estimate_compute(&in, &r, &err), GT_OK);
    assert_true(r.p_static_w == 0 && r.e_static_kwh == 0 && r.c_static_g == 0);
    assert_true(r.e_kwh == 75 * 10 * 1.5 * 2 / 1000.0);
    in.node_static_w = 120;
    in.node_share = 0.25;
    assert_int_equal(gt_estimate_compute(&in, &r, &err), GT_OK);
    assert_true(r.p_static_w == 30);
    assert_true(r.p_w == 105);
    assert_true(fabs(r.e_static_kwh - 30 * 10 * 1.5 * 2 / 1000.0) < 1e-12);
    assert_true(fabs(r.e_kwh - 105 * 10 * 1.5 * 2 / 1000.0) < 1e-12);
    assert_true(fabs(r.c_static_g - r.e_static_kwh * 100) < 1e-9);
    in.node_share = 1.5;
    assert_int_equal(gt_estimate_compute(&in, &r, &err), GT_E_RANGE);
    assert_string_equal(err.msg, "'node share' must be between 0 and 1, got 1.5");
    in.node_share = 1;
    in.node_static_w = -1;
    assert_int_equal(gt_estimate_compute(&in, &r, &err), GT_E_RANGE);
    assert_string_equal(err.msg, "'node static power' must be a number >= 0, got -1");
}

static void test_flight_names(void **state)
{
    (void)state;
    assert_string_equal(gt_flight_name(GT_FLIGHT_PAR_DUB), "Paris-Dublin");
    assert_string_equal(gt_flight_name(GT_FLIGHT_NY_SF), "New York-San Francisco");
    assert_string_equal(gt_flight_name(GT_FLIGHT_NYC_MEL), "New York-Melbourne");
    assert_string_equal(gt_flight_name((enum gt_flight)42), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_compute_table),         cmocka_unit_test(test_ga4hpc_published),
        cmocka_unit_test(test_ga_calculator_default), cmocka_unit_test(test_input_init),
        cmocka_unit_test(test_range_errors),          cmocka_unit_test(test_mode_specific_checks),
        cmocka_unit_test(test_equiv_1000g),           cmocka_unit_test(test_equiv_flight_ladder),
        cmocka_unit_test(test_equiv_tree_years),      cmocka_unit_test(test_flight_names),
        cmocka_unit_test(test_node_static),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
