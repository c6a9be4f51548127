/* test_apriori.c - FLOPs to runtime, embodied shares, the best start in a
 * carbon-intensity series and the prediction from a partial run
 * (core/apriori.c), checked on published cases with exact arithmetic. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "gt_apriori.h"
#include "gt_error.h"
#include "gt_estimate.h"

#define ASSERT_NEAR(got, want, tol) assert_near_(#got, (got), (want), (tol), __FILE__, __LINE__)

static void assert_near_(const char *expr, double got, double want, double tol, const char *file,
                         int line)
{
    if (!(fabs(got - want) <= tol)) {
        print_error("%s = %.17g, expected %.17g (tolerance %g)\n", expr, got, want, tol);
        _fail(file, line);
    }
}

/* 1e-12 relative */
#define ASSERT_REL(got, want) ASSERT_NEAR(got, want, 1e-12 * fabs((double)(want)))

/* Patterson et al. 2021, "Carbon Emissions and Large Neural Network
 * Training" (arXiv:2104.10350), Table 4, GPT-3: 175e9 parameters x 300e9
 * tokens; the paper gives 3.14e23 FLOPs, 6 N T gives 3.15e23. */
static void test_gpt3_flops(void **state)
{
    (void)state;
    ASSERT_REL(gt_apriori_transformer_flops(175e9, 300e9, 0), 3.15e23);
    ASSERT_REL(gt_apriori_transformer_flops(175e9, 1, 1), 3.5e11); /* inference, per token */
    ASSERT_REL(gt_apriori_macs_flops(4.1e9), 8.2e9);
    /* the runtime of 3.15e23 FLOPs on 10 000 V100 at 125 TFLOPS (FP16 tensor)
     * and MFU 0.2: 1.26e6 s = 14.58 days (the paper: 14.8 days) */
    struct gt_error err = {0};
    double s = 0;
    assert_int_equal(gt_apriori_runtime(3.15e23, 10000, 125, 0.2, &s, &err), GT_OK);
    ASSERT_REL(s, 1.26e6);
    assert_true(fabs(s / 86400 - 14.8) / 14.8 < 0.015);
}

/* Patterson et al. 2021, Table 4, GPT-3: 10 000 V100 for 14.8 days at 330 W
 * average, PUE 1.10, 429 gCO2e/kWh: the paper 1 287 MWh and 552 tCO2e; the
 * exact product is 1 289.376 MWh and 553.142 t. */
static void test_patterson_gpt3_energy(void **state)
{
    (void)state;
    struct gt_estimate_input in;
    gt_estimate_input_init(&in);
    in.runtime_h = 14.8 * 24;
    in.n_gpus = 10000;
    in.gpu_tdp_w = 330;
    in.pue = 1.10;
    in.ci_g_per_kwh = 429;
    struct gt_estimate_result r;
    struct gt_error err = {0};
    assert_int_equal(gt_estimate_compute(&in, &r, &err), GT_OK);
    ASSERT_REL(r.e_kwh, 1289376.0);
    ASSERT_REL(r.c_g, 553142304.0);
    assert_true(fabs(r.e_kwh / 1e3 - 1287) / 1287 < 0.002);
    assert_true(fabs(r.c_g / 1e6 - 552) / 552 < 0.003);
}

/* Strubell, Ganesh & McCallum 2019, "Energy and Policy Considerations for
 * Deep Learning in NLP" (ACL), Table 3: p_t = 1.58 t p / 1000 kWh and
 * CO2e = 0.954 lbs/kWh x p_t. BERT base on 64 V100: 12 041.51 W, 79.2 h,
 * 1 507 kWh, 1 438 lbs; Transformer big on 8 P100: 1 515.43 W, 84 h, 201 kWh,
 * 192 lbs. The whole machine's power is one "GPU" of that many watts. */
static void test_strubell_2019(void **state)
{
    (void)state;
    static const struct {
        double watts, hours, kwh_paper, lbs_paper, kwh;
    } cases[] = {
        {12041.51, 79.2, 1507, 1438, 1.58 * 79.2 * 12041.51 / 1000},
        {1515.43, 84, 201, 192, 1.58 * 84 * 1515.43 / 1000},
    };
    const double lb_g = 453.59237;
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        struct gt_estimate_input in;
        gt_estimate_input_init(&in);
        in.runtime_h = cases[i].hours;
        in.n_gpus = 1;
        in.gpu_tdp_w = cases[i].watts;
        in.pue = 1.58;
        in.ci_g_per_kwh = 0.954 * lb_g;
        struct gt_estimate_result r;
        struct gt_error err = {0};
        assert_int_equal(gt_estimate_compute(&in, &r, &err), GT_OK);
        ASSERT_REL(r.e_kwh, cases[i].kwh);
        ASSERT_NEAR(r.e_kwh, cases[i].kwh_paper, 0.5);
        ASSERT_NEAR(r.c_g / lb_g, cases[i].lbs_paper, 0.5);
    }
}

/* Luccioni, Viguier & Ligozat 2022, "Estimating the Carbon Footprint of
 * BLOOM" (arXiv:2211.02001), sections 4.1-4.2: 1 082 990 A100 hours at
 * 400 W (TDP), 57 gCO2e/kWh: 433 196 kWh and 24.7 tCO2e dynamic; embodied:
 * 2 500 kg per server (8 GPUs each), 150 kg per GPU, replaced every 6 years,
 * used 85 % of the time: 7.57 t for the servers, 3.64 t for the GPUs,
 * 11.2 t in all. */
static void test_bloom(void **state)
{
    (void)state;
    const double gpu_h = 1082990;
    struct gt_estimate_input in;
    gt_estimate_input_init(&in);
    in.runtime_h = gpu_h;
    in.n_gpus = 1;
    in.gpu_tdp_w = 400;
    in.pue = 1;
    in.ci_g_per_kwh = 57;
    struct gt_estimate_result r;
    struct gt_error err = {0};
    assert_int_equal(gt_estimate_compute(&in, &r, &err), GT_OK);
    ASSERT_REL(r.e_kwh, 433196.0);
    ASSERT_REL(r.c_g, 24692172.0);
    ASSERT_NEAR(r.c_g / 1e6, 24.7, 0.05);

    /* 384 GPUs (48 servers) for gpu_h / 384 hours */
    double hours = gpu_h / 384, servers = 0, gpus = 0;
    assert_int_equal(gt_embodied_share(2500, 48, hours, 6, 0.85, &servers, &err), GT_OK);
    assert_int_equal(gt_embodied_share(150, 384, hours, 6, 0.85, &gpus, &err), GT_OK);
    ASSERT_REL(servers, 2500e3 * 48 * hours / (6 * 8760 * 0.85));
    ASSERT_REL(gpus, 150e3 * gpu_h / (6 * 8760 * 0.85));
    ASSERT_NEAR(servers / 1e6, 7.57, 0.01);
    ASSERT_NEAR(gpus / 1e6, 3.64, 0.01);
    ASSERT_NEAR((servers + gpus) / 1e6, 11.2, 0.05);
}

static void test_range_errors(void **state)
{
    (void)state;
    struct gt_error err = {0};
    double v = 0;
    assert_int_equal(gt_apriori_runtime(1e20, 8, 312, 0, &v, &err), GT_E_RANGE);
    assert_string_equal(err.msg, "'mfu' must be in (0, 1], got 0");
    assert_int_equal(gt_apriori_runtime(1e20, 8, 312, 1.5, &v, &err), GT_E_RANGE);
    assert_int_equal(gt_apriori_runtime(1e20, 0, 312, 0.3, &v, &err), GT_E_RANGE);
    assert_string_equal(err.msg, "'gpus' must be a number > 0, got 0");
    assert_int_equal(gt_apriori_runtime(1e20, 8, NAN, 0.3, &v, &err), GT_E_RANGE);
    assert_string_equal(err.msg, "'peak' must be a number > 0, got nan");
    assert_int_equal(gt_apriori_runtime(-1, 8, 312, 0.3, &v, &err), GT_E_RANGE);
    assert_int_equal(gt_embodied_share(150, 1, 1, 0, 1, &v, &err), GT_E_RANGE);
    assert_string_equal(err.msg, "'lifetime' must be a number > 0, got 0");
    assert_int_equal(gt_embodied_share(150, 1, 1, 6, 1.2, &v, &err), GT_E_RANGE);
    assert_string_equal(err.msg, "'utilization' must be in (0, 1], got 1.2");
    assert_int_equal(gt_embodied_share(-1, 1, 1, 6, 1, &v, &err), GT_E_RANGE);
    assert_int_equal(gt_embodied_share(150, 1, 0, 6, 1, &v, &err), GT_OK);
    assert_true(v == 0);
}

static void series(struct gt_ci_series *s, const double *v, size_t n)
{
    gt_ci_series_init(s);
    for (size_t i = 0; i < n; i++)
        assert_int_equal(gt_ci_series_add(s, 3600.0 * (double)i, 3600.0 * (double)(i + 1), v[i]),
                         GT_OK);
    struct gt_error err = {0};
    assert_int_equal(gt_ci_series_finish(s, "test", &err), GT_OK);
}

static void test_best_start(void **state)
{
    (void)state;
    static const double v[] = {300, 200, 100, 100, 400};
    struct gt_ci_series s;
    series(&s, v, 5);
    struct gt_best_start b;
    struct gt_error err = {0};
    assert_int_equal(gt_ci_best_start(&s, 0, 7200, GT_CI_STEP, &b, &err), GT_OK);
    ASSERT_REL(b.start, 7200);
    ASSERT_REL(b.mean, 100);
    ASSERT_REL(b.ref_mean, 250);
    assert_int_equal(b.candidates, 4);
    /* from 30 min in: the reference run is 0:30-2:30 */
    assert_int_equal(gt_ci_best_start(&s, 1800, 7200, GT_CI_STEP, &b, &err), GT_OK);
    ASSERT_REL(b.ref_mean, (150 + 200 + 50) / 2.0);
    ASSERT_REL(b.start, 7200);
    assert_int_equal(b.candidates, 4);
    /* a run longer than the series */
    assert_int_equal(gt_ci_best_start(&s, 0, 6 * 3600, GT_CI_STEP, &b, &err), GT_E_DATA);
    assert_string_equal(err.msg, "no start from the reference time on lets the series cover the "
                                 "whole run of 21600 s");
    /* equal means: the earliest wins */
    static const double flat[] = {100, 100, 100};
    gt_ci_series_release(&s);
    series(&s, flat, 3);
    assert_int_equal(gt_ci_best_start(&s, 0, 3600, GT_CI_STEP, &b, &err), GT_OK);
    ASSERT_REL(b.start, 0);
    gt_ci_series_release(&s);
}

static void test_predict_epochs(void **state)
{
    (void)state;
    static const struct gt_predict_seg seg[] = {{60, 0.002}, {62, 0.0022}, {58, 0.0018}};
    struct gt_predict_result r;
    struct gt_error err = {0};
    assert_int_equal(gt_predict(seg, 3, GT_PREDICT_UNITS, 10, &r, &err), GT_OK);
    assert_int_equal(r.based_on, 3);
    ASSERT_REL(r.measured_kwh, 0.006);
    ASSERT_REL(r.remaining, 7);
    ASSERT_REL(r.energy_kwh, 0.02);
    ASSERT_REL(r.energy_low_kwh, 0.006 + 7 * 0.0018);
    ASSERT_REL(r.energy_high_kwh, 0.006 + 7 * 0.0022);
    ASSERT_REL(r.duration_s, 600);
    ASSERT_REL(r.duration_low_s, 180 + 7 * 58);
    ASSERT_REL(r.duration_high_s, 180 + 7 * 62);

    assert_int_equal(gt_predict(seg, 3, GT_PREDICT_DURATION, 600, &r, &err), GT_OK);
    ASSERT_REL(r.remaining, 420);
    ASSERT_REL(r.energy_kwh, 0.006 + 420 * 0.006 / 180);
    ASSERT_REL(r.energy_low_kwh, 0.006 + 420 * (0.0018 / 58));
    ASSERT_REL(r.energy_high_kwh, 0.006 + 420 * (0.0022 / 62));
    ASSERT_REL(r.duration_s, 600);

    assert_int_equal(gt_predict(seg, 3, GT_PREDICT_UNITS, 3, &r, &err), GT_E_RANGE);
    assert_string_equal(err.msg, "the run's length (3) must be more than the 3 measured");
    assert_int_equal(gt_predict(seg, 3, GT_PREDICT_DURATION, 100, &r, &err), GT_E_RANGE);
    assert_string_equal(err.msg, "the run's duration (100 s) must be more than the 180 s measured");
    assert_int_equal(gt_predict(seg, 0, GT_PREDICT_UNITS, 10, &r, &err), GT_E_RANGE);
    assert_string_equal(err.msg, "nothing measured to predict from");
    static const struct gt_predict_seg bad[] = {{60, NAN}};
    assert_int_equal(gt_predict(bad, 1, GT_PREDICT_UNITS, 10, &r, &err), GT_E_RANGE);
    assert_string_equal(err.msg, "segment 1 has no energy or duration >= 0 (nan kWh, 60 s)");
}

/* CodeCarbon: the increments between cumulative flushes of the last run_id,
 * ordered by duration, a flush written twice once */
static void test_predict_log_codecarbon(void **state)
{
    (void)state;
    static const char csv[] = "timestamp,project_name,run_id,duration,emissions,energy_consumed\n"
                              "2024-01-01T00:10:00,p,a,600,0.001,0.01\n"
                              "2024-01-01T00:00:10,p,b,10,0.0001,0.002\n"
                              "2024-01-01T00:20:00,p,b,1200,0.004,0.04\n"
                              "2024-01-01T00:10:00,p,b,600,0.0015,0.015\n"
                              "2024-01-01T00:10:00,p,b,600,0.0015,0.015\n";
    struct gt_predict_log l;
    struct gt_error err = {0};
    assert_int_equal(gt_predict_log_read(csv, sizeof csv - 1, NULL, 0, "e.csv", &l, &err), GT_OK);
    assert_string_equal(l.format, "codecarbon-csv");
    assert_string_equal(l.units, "flushes");
    assert_int_equal(l.runs, 2);
    assert_int_equal(l.n, 3);
    ASSERT_REL(l.seg[0].duration_s, 10);
    ASSERT_REL(l.seg[0].energy_kwh, 0.002);
    ASSERT_REL(l.seg[1].duration_s, 590);
    ASSERT_REL(l.seg[1].energy_kwh, 0.013);
    ASSERT_REL(l.seg[2].duration_s, 600);
    ASSERT_REL(l.seg[2].energy_kwh, 0.025);
    ASSERT_REL(l.ci_g_per_kwh, 4.0 / 0.04);
    gt_predict_log_release(&l);
}

/* eco2ai training mode: the epoch rows of the last id; CO2e/energy as its
 * intensity */
static void test_predict_log_eco2ai(void **state)
{
    (void)state;
    static const char csv[] =
        "id,project_name,experiment_description,epoch,start_time,duration(s),"
        "power_consumption(kWh),CO2_emissions(kg),CPU_name,GPU_name,OS,region/country,cost\n"
        "x,p,d,\"epoch: 1, loss: 1, \",2024-01-01 00:00:00,60,0.002,0.0002,c,g,Linux,FR,0\n"
        "y,p,d,\"epoch: 1, loss: 1, \",2024-01-01 01:00:00,30,0.001,0.0001,c,g,Linux,FR,0\n"
        "y,p,d,\"epoch: 2, loss: 1, \",2024-01-01 01:00:30,40,0.003,0.0003,c,g,Linux,FR,0\n"
        "z,p,d,N/A,2024-01-01 02:00:00,100,0.1,0.01,c,g,Linux,FR,0\n";
    struct gt_predict_log l;
    struct gt_error err = {0};
    assert_int_equal(gt_predict_log_read(csv, sizeof csv - 1, NULL, 0, "e.csv", &l, &err), GT_OK);
    assert_string_equal(l.format, "eco2ai");
    assert_string_equal(l.run, "y");
    assert_int_equal(l.runs, 2);
    assert_int_equal(l.n, 2);
    ASSERT_REL(l.seg[1].duration_s, 40);
    ASSERT_REL(l.seg[1].energy_kwh, 0.003);
    ASSERT_REL(l.ci_g_per_kwh, 100);
    gt_predict_log_release(&l);
    static const char other[] = "timestamp,zone\n";
    assert_int_equal(gt_predict_log_read(other, sizeof other - 1, NULL, 0, "x.csv", &l, &err),
                     GT_E_DATA);
    assert_string_equal(err.msg, "'x.csv' is not a log predict reads (carbontracker, eco2ai, "
                                 "greentally run, CodeCarbon emissions.csv)");
    gt_predict_log_release(&l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gpt3_flops),         cmocka_unit_test(test_patterson_gpt3_energy),
        cmocka_unit_test(test_strubell_2019),      cmocka_unit_test(test_bloom),
        cmocka_unit_test(test_range_errors),       cmocka_unit_test(test_best_start),
        cmocka_unit_test(test_predict_epochs),     cmocka_unit_test(test_predict_log_codecarbon),
        cmocka_unit_test(test_predict_log_eco2ai),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
