/* test_methods.c - each peer's method (core/methods.c) on fixed inputs, by
 * hand: 2 h on 8 of a 150 W 20-core CPU (7.5 W per core) at 50 % usage, 2
 * GPUs of 300 W at 100 % (measured 250 W in all), 64 GB, carbon intensity
 * 51.28 (GA table) and 56 (CodeCarbon table), the constants of
 * hwdb/data/methods.csv, the range factors of hwdb/data/uncertainty.csv. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "gt_methods.h"

static const struct gt_method_consts K = {.ga_mem_w_per_gb = 0.3725,
                                          .ga_pue_unknown = 1.56,
                                          .ga_any_cpu_w_per_core = 12,
                                          .ga_any_gpu_w = 200,
                                          .ga_world_ci = 475,
                                          .cc2_cpu_fraction = 0.5,
                                          .cc_unknown_cpu_w = 85,
                                          .cc_ram_w_per_gb = 0.375,
                                          .cc3_ram_slot_w = 5,
                                          .cc3_ram_min_w = 10,
                                          .cc_pue = 1,
                                          .cc_world_ci = 475,
                                          .ct_pue = 1.58,
                                          .ct_world_ci = 445,
                                          .eco2ai_default_tdp = 100.1,
                                          .eco2ai_ram_w_per_gb = 0.375,
                                          .eco2ai_pue = 1,
                                          .eco2ai_world_ci = 436.529,
                                          .let_default_ci = 380,
                                          .unc = {.f = {[GT_UNC_CPU_TDP] = {0.5, 1.25},
                                                        [GT_UNC_GPU_TDP] = {0.5, 1},
                                                        [GT_UNC_RAM] = {0.797, 1.678},
                                                        [GT_UNC_RAPL] = {0.95, 1.05},
                                                        [GT_UNC_NVML] = {0.95, 1.05},
                                                        [GT_UNC_PLUG] = {0.95, 1.05},
                                                        [GT_UNC_PUE_STATED] = {0.95, 1.1},
                                                        [GT_UNC_PUE_TYPICAL] = {0.7179, 1.282},
                                                        [GT_UNC_CI] = {0.7447, 1.343}}}};

static struct gt_method_input base(void)
{
    struct gt_method_input in = {.runtime_h = 2,
                                 .cpu_tdp_w = 150,
                                 .cpu_tdp_per_core_w = 7.5,
                                 .cores = 8,
                                 .cpu_usage = 0.5,
                                 .gpus = 2,
                                 .gpu_tdp_w = 300,
                                 .gpu_usage = 1,
                                 .cpu_measured_w = NAN,
                                 .gpu_measured_w = 250,
                                 .ram_gb = 64,
                                 .pue_logged = NAN,
                                 .pue_ga = NAN,
                                 .ci_logged = NAN,
                                 .ci_ga = 51.28,
                                 .ci_cc = 56,
                                 .ci_eco2ai = NAN,
                                 .ci_ct = NAN,
                                 .ci_alt = NAN};
    return in;
}

#define NEAR(a, b) assert_true(fabs((double)(a) - (double)(b)) <= 1e-9 * fabs((double)(b)) + 1e-12)

static void test_ga_and_greentally(void **state)
{
    (void)state;
    struct gt_method_input in = base();
    struct gt_method_result r;
    gt_method_run(GT_M_GA3, &in, &K, &r);
    NEAR(r.cpu_w, 8 * 7.5 * 0.5); /* 30 */
    NEAR(r.gpu_w, 600);
    NEAR(r.ram_w, 64 * 0.3725); /* 23.84 */
    NEAR(r.pue, 1.56);
    NEAR(r.energy_kwh, 2 * (30 + 600 + 23.84) * 1.56 / 1000); /* 2.0399808 */
    NEAR(r.ci_g_per_kwh, 51.28);
    NEAR(r.co2e_g, 2.0399808 * 51.28);
    assert_int_equal(r.flags, 0);
    /* greentally: the run's own PUE and intensity where it logged them */
    in.pue_logged = 1.2;
    in.ci_logged = 60;
    gt_method_run(GT_M_GREENTALLY, &in, &K, &r);
    NEAR(r.energy_kwh, 2 * 653.84 * 1.2 / 1000);
    NEAR(r.ci_g_per_kwh, 60);
    /* a cloud run: Green Algorithms' PUE of its provider or region, for both rows
     * (greentally's only when the run logged none) */
    in = base();
    in.pue_ga = 1.12;
    gt_method_run(GT_M_GA3, &in, &K, &r);
    NEAR(r.pue, 1.12);
    NEAR(r.energy_kwh, 2 * 653.84 * 1.12 / 1000);
    gt_method_run(GT_M_GREENTALLY, &in, &K, &r);
    NEAR(r.pue, 1.12);
    in.pue_logged = 1;
    gt_method_run(GT_M_GREENTALLY, &in, &K, &r);
    NEAR(r.pue, 1);
    /* unknown hardware, usage and place: GA's defaults, said so */
    in = base();
    in.cpu_tdp_per_core_w = in.gpu_tdp_w = in.cpu_usage = in.ci_ga = in.ram_gb = NAN;
    gt_method_run(GT_M_GA3, &in, &K, &r);
    NEAR(r.cpu_w, 8 * 12);
    NEAR(r.gpu_w, 400);
    NEAR(r.ram_w, 0);
    NEAR(r.ci_g_per_kwh, 475);
    assert_int_equal(r.flags, GT_MR_CPU_DEFAULT | GT_MR_GPU_DEFAULT | GT_MR_USAGE_ASSUMED |
                                  GT_MR_CI_WORLD | GT_MR_NO_RAM);
}

static void test_codecarbon(void **state)
{
    (void)state;
    struct gt_method_input in = base();
    struct gt_method_result r;
    gt_method_run(GT_M_CC2, &in, &K, &r);
    NEAR(r.cpu_w, 75);  /* TDP x 0.5, whatever the usage */
    NEAR(r.gpu_w, 250); /* NVML, as measured */
    NEAR(r.ram_w, 24);  /* 64 x 3/8 */
    NEAR(r.pue, 1);
    NEAR(r.energy_kwh, 2 * 349 / 1000.0);
    NEAR(r.ci_g_per_kwh, 56);
    gt_method_run(GT_M_CC3, &in, &K, &r);
    NEAR(r.cpu_w, 150 * (0.1 + 0.9 * 0.125)); /* 31.875 */
    NEAR(r.ram_w, 20);                        /* 64 GB: 4 DIMMs x 5 W */
    NEAR(r.energy_kwh, 2 * (31.875 + 250 + 20) / 1000);
    /* unknown CPU: 85 W; no GPU measurement: none */
    in.cpu_tdp_w = NAN;
    in.gpu_measured_w = NAN;
    gt_method_run(GT_M_CC2, &in, &K, &r);
    NEAR(r.cpu_w, 42.5);
    assert_true(isnan(r.gpu_w));
    NEAR(r.energy_kwh, 2 * (42.5 + 24) / 1000);
    assert_int_equal(r.flags, GT_MR_CPU_DEFAULT | GT_MR_GPU_NONE);
    /* LET: CodeCarbon 3 with its default intensity */
    gt_method_run(GT_M_LET, &in, &K, &r);
    NEAR(r.ci_g_per_kwh, 380);
    NEAR(r.co2e_g, r.energy_kwh * 380);
}

static void test_cc3_ram(void **state)
{
    (void)state;
    NEAR(gt_method_cc3_ram_w(1, 5, 10), 10);                         /* 1 DIMM, at least 10 W */
    NEAR(gt_method_cc3_ram_w(16, 5, 10), 10);                        /* 2 DIMMs */
    NEAR(gt_method_cc3_ram_w(32, 5, 10), 20);                        /* 4 */
    NEAR(gt_method_cc3_ram_w(128, 5, 10), 4 * 5 + 4 * 4.5);          /* 8: 38 */
    NEAR(gt_method_cc3_ram_w(512, 5, 10), 38);                       /* 64 GB DIMMs (<= 512/8): 8 */
    NEAR(gt_method_cc3_ram_w(4096, 5, 10), 20 + 18 + 32 + 16 * 3.5); /* 128 GB x 32: 126 */
    NEAR(gt_method_cc3_ram_w(0, 5, 10), 0);
}

static void test_carbontracker_eco2ai(void **state)
{
    (void)state;
    struct gt_method_input in = base();
    struct gt_method_result r;
    gt_method_run(GT_M_CT, &in, &K, &r);
    assert_true(isnan(r.cpu_w) && isnan(r.ram_w));
    NEAR(r.gpu_w, 250);
    NEAR(r.pue, 1.58);
    NEAR(r.energy_kwh, 2 * 250 * 1.58 / 1000);
    NEAR(r.ci_g_per_kwh, 445); /* no intensity logged: its world value */
    assert_int_equal(r.flags, GT_MR_CPU_NONE | GT_MR_CI_WORLD);
    in.cpu_measured_w = 40;
    /* its country table (carbon-intensities.csv, FR 2024), whatever the run logged */
    in.ci_logged = 100;
    in.ci_ct = 44.179085;
    gt_method_run(GT_M_CT, &in, &K, &r);
    NEAR(r.energy_kwh, 2 * 290 * 1.58 / 1000);
    NEAR(r.ci_g_per_kwh, 44.179085);
    NEAR(r.co2e_g, 0.9164 * 44.179085);
    assert_int_equal(r.flags, 0);
    assert_true(isnan(r.energy_range.lo) && isnan(r.co2e_range.hi)); /* no range: greentally's */
    /* nothing measured: no figure */
    in = base();
    in.gpus = 0;
    gt_method_run(GT_M_CT, &in, &K, &r);
    assert_true(isnan(r.energy_kwh) && isnan(r.co2e_g));
    in = base();
    gt_method_run(GT_M_ECO2AI, &in, &K, &r);
    NEAR(r.cpu_w, 75); /* TDP x usage */
    NEAR(r.gpu_w, 250);
    NEAR(r.ram_w, 24);
    NEAR(r.energy_kwh, 2 * 349 / 1000.0);
    NEAR(r.ci_g_per_kwh, 436.529); /* country unknown to it: its 'World' row */
    assert_int_equal(r.flags, GT_MR_CI_WORLD);
    in.ci_logged = 100;
    in.ci_eco2ai = 67.53; /* carbon_index.csv France */
    gt_method_run(GT_M_ECO2AI, &in, &K, &r);
    NEAR(r.ci_g_per_kwh, 67.53);
    NEAR(r.co2e_g, 0.698 * 67.53);
    assert_int_equal(r.flags, 0);
    in.cpu_tdp_w = NAN;
    in.cpu_usage = NAN;
    gt_method_run(GT_M_ECO2AI, &in, &K, &r);
    NEAR(r.cpu_w, 100.1);
}

/* greentally's low-high range: the estimate's interval arithmetic on the
 * row's powers (30 W CPU, 600 W GPU, 23.84 W memory over 2 h) */
static void test_greentally_range(void **state)
{
    (void)state;
    struct gt_method_input in = base();
    struct gt_method_result r;
    gt_method_run(GT_M_GREENTALLY, &in, &K, &r);
    /* PUE 1.56 (Green Algorithms' unknown): typical; intensity 51.28 widened to
     * CodeCarbon's 56 (inside 51.28 x 0.7447 .. 51.28 x 1.343 already) */
    double lo_w = 30 * 0.5 + 600 * 0.5 + 23.84 * 0.797;       /* 334.00048 */
    double hi_w = 30 * 1.25 + 600 * 1.0 + 23.84 * 1.678;      /* 677.50352 */
    NEAR(r.energy_range.lo, lo_w * 2 * 1.56 / 1000 * 0.7179); /* 0.748096... */
    NEAR(r.energy_range.hi, hi_w * 2 * 1.56 / 1000 * 1.282);  /* 2.709844... */
    NEAR(r.co2e_range.lo, r.energy_range.lo * 51.28 * 0.7447);
    NEAR(r.co2e_range.hi, r.energy_range.hi * 51.28 * 1.343);
    assert_true(r.energy_range.lo <= r.energy_kwh && r.energy_kwh <= r.energy_range.hi);
    /* a stated PUE and a logged intensity with another dataset's value above its range */
    in.pue_logged = 1.2;
    in.pue_stated = 1;
    in.ci_logged = 60;
    in.ci_alt = 90;
    gt_method_run(GT_M_GREENTALLY, &in, &K, &r);
    NEAR(r.energy_range.lo, lo_w * 2 * 1.2 / 1000 * 0.95);
    NEAR(r.energy_range.hi, hi_w * 2 * 1.2 / 1000 * 1.1);
    NEAR(r.co2e_range.lo, r.energy_range.lo * 60 * 0.7447);
    NEAR(r.co2e_range.hi, r.energy_range.hi * 90);
    /* the same PUE logged by a tool: typical */
    in.pue_stated = 0;
    gt_method_run(GT_M_GREENTALLY, &in, &K, &r);
    NEAR(r.energy_range.hi, hi_w * 2 * 1.2 / 1000 * 1.282);
    /* PUE 1: no facility factor */
    in.pue_logged = 1;
    gt_method_run(GT_M_GREENTALLY, &in, &K, &r);
    NEAR(r.energy_range.lo, lo_w * 2 / 1000);
    /* the peers give none */
    for (int m = 0; m < GT_M__COUNT; m++) {
        if (m == GT_M_GREENTALLY)
            continue;
        gt_method_run((enum gt_method)m, &in, &K, &r);
        assert_true(isnan(r.energy_range.lo) && isnan(r.energy_range.hi));
        assert_true(isnan(r.co2e_range.lo) && isnan(r.co2e_range.hi));
    }
}

static void test_names(void **state)
{
    (void)state;
    assert_string_equal(gt_method_id(GT_M_CC3), "codecarbon-3");
    assert_string_equal(gt_method_title(GT_M_GA3), "Green Algorithms v3.0");
    assert_string_equal(gt_method_id((enum gt_method)99), "?");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ga_and_greentally), cmocka_unit_test(test_codecarbon),
        cmocka_unit_test(test_cc3_ram),           cmocka_unit_test(test_carbontracker_eco2ai),
        cmocka_unit_test(test_greentally_range),  cmocka_unit_test(test_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
