/* test_meter.c - the arithmetic of `greentally run` (core/meter.c), exact
 * values. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>

#include "gt_meter.h"

static void test_counter_delta(void **state)
{
    (void)state;
    assert_true(gt_meter_counter_delta(100, 350, 1000) == 250);
    assert_true(gt_meter_counter_delta(5, 5, 1000) == 0);
    /* wrap-around: 900 -> max 1000 -> 0 -> 40 */
    assert_true(gt_meter_counter_delta(900, 40, 1000) == 140);
    /* the real RAPL range: 262143328850 uJ */
    assert_true(gt_meter_counter_delta(262143328850.0 - 5e6, 3e6, 262143328850.0) == 8e6);
    /* went back without a usable range: unknown */
    assert_true(isnan(gt_meter_counter_delta(900, 40, NAN)));
    assert_true(isnan(gt_meter_counter_delta(900, 40, 800)));
    assert_true(isnan(gt_meter_counter_delta(NAN, 40, 1000)));
}

static void test_cores_share_idle(void **state)
{
    (void)state;
    assert_true(gt_meter_cores(3, 2) == 1.5);
    assert_true(gt_meter_cores(3, 0) == 0);
    assert_true(gt_meter_share(1, 4) == 0.25);
    assert_true(gt_meter_share(5, 4) == 1); /* clamped */
    assert_true(gt_meter_share(1, 0) == 0); /* idle host */
    assert_true(gt_meter_share(1, NAN) == 0);
    assert_true(gt_meter_above_idle(300, 50, 2) == 200);
    assert_true(gt_meter_above_idle(80, 50, 2) == 0); /* below idle: 0, never negative */
    assert_true(gt_meter_above_idle(80, NAN, 2) == 80);
    assert_string_equal(gt_cpu_method_name(GT_CPU_RAPL), "rapl");
    assert_string_equal(gt_cpu_method_name(GT_CPU_MODEL), "model");
}

static void test_meter_model(void **state)
{
    (void)state;
    struct gt_meter m;
    gt_meter_init(&m, GT_CPU_MODEL, 10, 0.5, 0, 0, NULL);
    struct gt_meter_step st;
    struct gt_meter_sample s = {2, 3, 2 * GT_METER_GB, 4, NAN, NAN, 0, NULL, NULL};
    gt_meter_add(&m, &s, &st);
    assert_true(st.cores == 1.5);
    assert_true(st.cpu_model_j == 30); /* 3 CPU s x 10 W */
    assert_true(st.ram_model_j == 2);  /* 2 GB x 0.5 W/GB x 2 s */
    assert_true(st.share == 0.75);
    assert_true(isnan(st.cpu_rapl_j));
    assert_true(isnan(st.gpu_j)); /* GPUs not measured */
    assert_true(st.cpu_j == 30 && st.ram_j == 2);
    assert_true(st.w == 16);
    struct gt_meter_sample s2 = {1, 1, 0, NAN, NAN, NAN, 0, NULL, NULL};
    gt_meter_add(&m, &s2, NULL);
    struct gt_meter_totals t;
    gt_meter_totals(&m, 1.5, 100, &t);
    assert_true(t.cpu_model_j == 40);
    assert_true(t.ram_model_j == 2);
    assert_true(t.cpu_kwh == 40 * 1.5 / 3.6e6);
    assert_true(t.ram_kwh == 2 * 1.5 / 3.6e6);
    assert_true(isnan(t.gpu_kwh));
    assert_true(t.energy_kwh == t.cpu_kwh + t.ram_kwh);
    assert_true(t.co2e_g == t.energy_kwh * 100);
    assert_true(t.mean_cores == 4.0 / 3.0);
    assert_true(t.mean_mem_gb == 4.0 / 3.0); /* 2 GB for 2 s, 0 for 1 s */
    assert_true(t.peak_mem_gb == 2);
    assert_true(isnan(t.cpu_rapl_j));
    assert_string_equal(t.cpu_method, "model");
    assert_string_equal(t.ram_method, "model");
}

static void test_meter_rapl(void **state)
{
    (void)state;
    struct gt_meter m;
    gt_meter_init(&m, GT_CPU_RAPL, 10, 0.5, 0, 0, NULL);
    struct gt_meter_step st;
    /* 1 CPU s of 4 busy: a quarter of 100 J package and 20 J DRAM */
    struct gt_meter_sample s = {1, 1, GT_METER_GB, 4, 100, 20, 0, NULL, NULL};
    gt_meter_add(&m, &s, &st);
    assert_true(st.cpu_rapl_j == 25);
    assert_true(st.ram_rapl_j == 5);
    assert_true(st.cpu_j == 25 && st.ram_j == 5);
    assert_true(st.cpu_model_j == 10);
    /* an interval without RAPL counts the model */
    struct gt_meter_sample s2 = {1, 1, GT_METER_GB, 4, NAN, NAN, 0, NULL, NULL};
    gt_meter_add(&m, &s2, &st);
    assert_true(st.cpu_j == 10 && st.ram_j == 0.5);
    struct gt_meter_totals t;
    gt_meter_totals(&m, 1, 0, &t);
    assert_true(t.cpu_rapl_j == 25);
    assert_true(t.ram_rapl_j == 5);
    assert_true(m.rapl_pkg_host_j == 100 && m.rapl_dram_host_j == 20);
    assert_true(t.cpu_kwh == 35 / 3.6e6);
    assert_true(t.ram_kwh == 5.5 / 3.6e6);
    assert_string_equal(t.cpu_method, "rapl");
    /* package but no DRAM domain: memory from the model */
    gt_meter_init(&m, GT_CPU_RAPL, 10, 0.5, 0, 0, NULL);
    struct gt_meter_sample s3 = {1, 2, GT_METER_GB, 4, 100, NAN, 0, NULL, NULL};
    gt_meter_add(&m, &s3, &st);
    gt_meter_totals(&m, 1, 0, &t);
    assert_true(t.cpu_kwh == 50 / 3.6e6);
    assert_true(t.ram_kwh == 0.5 / 3.6e6);
    assert_string_equal(t.ram_method, "model");
    assert_true(isnan(t.ram_rapl_j));
}

static void test_meter_gpu(void **state)
{
    (void)state;
    struct gt_meter m;
    double idle[2] = {50, 30};
    gt_meter_init(&m, GT_CPU_MODEL, 10, 0, 1, 2, idle);
    struct gt_meter_step st;
    /* GPU 0 runs our process: 500 J over 2 s minus 2 x 50 W idle; GPU 1 does
     * not (someone else's job): not counted */
    double j[2] = {500, 900};
    int act[2] = {1, 0};
    struct gt_meter_sample s = {2, 0, 0, NAN, NAN, NAN, 2, j, act};
    gt_meter_add(&m, &s, &st);
    assert_true(st.gpu_j == 400);
    /* an unreadable GPU adds nothing */
    double j2[2] = {NAN, 100};
    int act2[2] = {1, 1};
    struct gt_meter_sample s2 = {1, 0, 0, NAN, NAN, NAN, 2, j2, act2};
    gt_meter_add(&m, &s2, &st);
    assert_true(st.gpu_j == 70);
    struct gt_meter_totals t;
    gt_meter_totals(&m, 2, 10, &t);
    assert_true(t.gpu_j == 470);
    assert_true(m.gpu_raw_j == 1500);
    assert_true(t.gpu_kwh == 470 * 2 / 3.6e6);
    assert_true(t.energy_kwh == t.gpu_kwh);
    /* measured, no GPU at all: 0, not unknown */
    gt_meter_init(&m, GT_CPU_MODEL, 10, 0, 1, 0, NULL);
    struct gt_meter_sample s3 = {1, 0, 0, NAN, NAN, NAN, 0, NULL, NULL};
    gt_meter_add(&m, &s3, &st);
    assert_true(st.gpu_j == 0);
}

/* seed 000's node static power: W x CPU s / node CPUs (the processes' share
 * of the node over the wall time), capped at the whole node, times the PUE */
static void test_meter_node_static(void **state)
{
    (void)state;
    struct gt_meter m;
    gt_meter_init(&m, GT_CPU_MODEL, 10, 0, 0, 0, NULL);
    struct gt_meter_sample s = {.dt_s = 10,
                                .cpu_s = 20,
                                .mem_bytes = 0,
                                .host_busy_s = NAN,
                                .rapl_pkg_j = NAN,
                                .rapl_dram_j = NAN};
    gt_meter_add(&m, &s, NULL);
    struct gt_meter_totals t;
    gt_meter_totals(&m, 1.5, 100, &t);
    assert_true(t.static_j == 0 && t.static_kwh == 0);
    double base = t.energy_kwh;
    m.node_static_w = 80;
    m.node_cpus = 8;
    gt_meter_totals(&m, 1.5, 100, &t);
    assert_true(t.static_j == 80.0 * 20 / 8); /* share 20 / (8 x 10) = 0.25 of 10 s */
    assert_true(fabs(t.static_kwh - 200 * 1.5 / 3.6e6) < 1e-18);
    assert_true(fabs(t.energy_kwh - base - t.static_kwh) < 1e-18);
    m.node_cpus = 1; /* 2 cores used on a 1-CPU node: the whole node */
    gt_meter_totals(&m, 1.5, 100, &t);
    assert_true(t.static_j == 800);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_counter_delta), cmocka_unit_test(test_cores_share_idle),
        cmocka_unit_test(test_meter_model),   cmocka_unit_test(test_meter_rapl),
        cmocka_unit_test(test_meter_gpu),     cmocka_unit_test(test_meter_node_static),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
