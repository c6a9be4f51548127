/* Our hwdb against the peers' own tables in ../shared/reference: every Green
 * Algorithms v3.0 CPU, GPU, location, PUE, cloud region and constant, and
 * every CodeCarbon country, every eco2ai and carbontracker intensity
 * (peer_ci.csv) must carry the same number (so our estimates equal theirs).
 * Skips cleanly when the reference data is absent. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gt_cli.h"
#include "gt_csv.h"
#include "gt_hwdb.h"
#include "gt_num.h"

#include "hwdb_fixture.h"

/* loads a reference CSV or skips the test when the reference data is absent */
static int load(const char *rel, struct gt_csv *t, char **buf)
{
    char path[1024];
    snprintf(path, sizeof path, "%s/%s", GT_REFERENCE_DIR, rel);
    size_t len;
    struct gt_error err = {0};
    if (gt_read_file(path, buf, &len, &err) != GT_OK)
        return -1;
    if (!t)
        return 0;
    assert_int_equal(gt_csv_parse(*buf, len, ',', path, t, &err), GT_OK);
    return 0;
}

static const char *cellv(const struct gt_csv *t, size_t hdr, size_t row, const char *col)
{
    int i = gt_csv_col(&t->rows[hdr], col);
    assert_true(i >= 0);
    return (size_t)i < t->rows[row].n ? t->rows[row].cells[i] : "";
}

static double numv(const struct gt_csv *t, size_t hdr, size_t row, const char *col)
{
    const char *s = cellv(t, hdr, row, col);
    double v;
    if (gt_num_parse(s, strlen(s), &v) != 0)
        return NAN;
    return v;
}

static void trim(char *s)
{
    size_t n = strlen(s);
    while (n && s[n - 1] == ' ')
        s[--n] = '\0';
}

static void test_ga_cpus(void **state)
{
    (void)state;
    struct gt_csv t;
    char *buf;
    if (load("green-algorithms/TDP_cpu.csv", &t, &buf) != 0)
        skip();
    size_t checked = 0;
    for (size_t r = 2; r < t.nrows; r++) {
        char model[256];
        snprintf(model, sizeof model, "%s", cellv(&t, 1, r, "model"));
        trim(model);
        struct gt_hw_match m;
        struct gt_error err = {0};
        if (gt_hwdb_find_cpu(&db, model, &m, &err) != GT_OK)
            fail_msg("GA cpu '%s': %s", model, err.msg);
        double want = numv(&t, 1, r, "TDP_per_core");
        if (fabs(db.cpus.v[m.index].tdp_per_core_w - want) > 1e-9)
            fail_msg("GA cpu '%s': GA %g W/core, ours %g ('%s')", model, want,
                     db.cpus.v[m.index].tdp_per_core_w, db.cpus.v[m.index].model);
        checked++;
    }
    assert_int_equal(checked, 95);
    gt_csv_release(&t);
    free(buf);
}

static void test_ga_gpus(void **state)
{
    (void)state;
    struct gt_csv t;
    char *buf;
    if (load("green-algorithms/TDP_gpu.csv", &t, &buf) != 0)
        skip();
    size_t checked = 0;
    for (size_t r = 2; r < t.nrows; r++) {
        const char *model = cellv(&t, 1, r, "model");
        struct gt_hw_match m;
        struct gt_error err = {0};
        if (gt_hwdb_find_gpu(&db, model, &m, &err) != GT_OK)
            fail_msg("GA gpu '%s': %s", model, err.msg);
        assert_string_equal(db.gpus.v[m.index].model, model);
        double want = numv(&t, 1, r, "TDP_per_core");
        if (fabs(db.gpus.v[m.index].tdp_w - want) > 1e-9)
            fail_msg("GA gpu '%s': GA %g W, ours %g", model, want, db.gpus.v[m.index].tdp_w);
        checked++;
    }
    assert_int_equal(checked, 22);
    gt_csv_release(&t);
    free(buf);
}

static void test_ga_locations(void **state)
{
    (void)state;
    struct gt_csv t;
    char *buf;
    if (load("green-algorithms/CI_aggregated.csv", &t, &buf) != 0)
        skip();
    size_t checked = 0;
    for (size_t r = 2; r < t.nrows; r++) {
        const char *code = cellv(&t, 1, r, "location");
        size_t i;
        struct gt_error err = {0};
        if (gt_hwdb_find_location(&db, code, "ga-v3.0", &i, &err) != GT_OK)
            fail_msg("GA location '%s': %s", code, err.msg);
        assert_string_equal(db.locations.v[i].code, code);
        double want = numv(&t, 1, r, "carbonIntensity");
        if (fabs(db.locations.v[i].ci_g_per_kwh - want) > 1e-9)
            fail_msg("GA location '%s': GA %g, ours %g", code, want,
                     db.locations.v[i].ci_g_per_kwh);
        checked++;
    }
    assert_int_equal(checked, 131);
    gt_csv_release(&t);
    free(buf);
}

static void test_ga_pue_cloud(void **state)
{
    (void)state;
    struct gt_csv t;
    char *buf;
    if (load("green-algorithms/defaults_PUE.csv", &t, &buf) != 0)
        skip();
    for (size_t r = 2; r < t.nrows; r++) {
        const char *p = cellv(&t, 1, r, "provider");
        size_t i;
        struct gt_error err = {0};
        if (gt_hwdb_find_provider(&db, p, &i, &err) != GT_OK)
            fail_msg("GA provider '%s': %s", p, err.msg);
        assert_true(fabs(db.providers.v[i].pue - numv(&t, 1, r, "PUE")) < 1e-12);
    }
    gt_csv_release(&t);
    free(buf);
    if (load("green-algorithms/cloudProviders_datacenters.csv", &t, &buf) != 0)
        skip();
    size_t checked = 0;
    for (size_t r = 2; r < t.nrows; r++) {
        const char *loc = cellv(&t, 1, r, "location");
        if (!*loc)
            continue; /* Qatar Central: GA drops it too */
        const char *prov = cellv(&t, 1, r, "provider");
        const char *name = cellv(&t, 1, r, "Name");
        size_t i;
        struct gt_error err = {0};
        if (gt_hwdb_find_cloud(&db, prov, name, &i, &err) != GT_OK)
            fail_msg("GA cloud '%s' '%s': %s", prov, name, err.msg);
        assert_string_equal(db.clouds.v[i].location, loc);
        double pue = numv(&t, 1, r, "PUE");
        if (isnan(pue))
            assert_true(isnan(db.clouds.v[i].pue));
        else
            assert_true(fabs(db.clouds.v[i].pue - pue) < 1e-12);
        checked++;
    }
    assert_int_equal(checked, 77);
    gt_csv_release(&t);
    free(buf);
}

static void test_ga_constants(void **state)
{
    (void)state;
    struct gt_csv t;
    char *buf;
    if (load("green-algorithms/referenceValues.csv", &t, &buf) != 0)
        skip();
    static const struct {
        const char *ga, *ours;
    } map[] = {{"memoryPower", "memory_power"},           {"passengerCar_EU_perkm", "ga_car_eu_km"},
               {"passengerCar_US_perkm", "ga_car_us_km"}, {"treeYear", "ga_tree_year"},
               {"flight_NY-SF", "ga_flight_ny_sf"},       {"flight_PAR-LON", "ga_flight_par_lon"},
               {"flight_PAR-DUB", "ga_flight_par_dub"},   {"flight_NYC-MEL", "ga_flight_nyc_mel"}};
    for (size_t k = 0; k < sizeof map / sizeof map[0]; k++) {
        int found = 0;
        for (size_t r = 2; r < t.nrows; r++) {
            if (strcmp(cellv(&t, 1, r, "variable"), map[k].ga))
                continue;
            const struct gt_hw_constant *c = gt_hwdb_constant(&db, map[k].ours);
            assert_non_null(c);
            assert_true(fabs(c->value - numv(&t, 1, r, "value")) < 1e-12);
            found = 1;
        }
        assert_true(found);
    }
    gt_csv_release(&t);
    free(buf);
}

static void test_codecarbon_countries(void **state)
{
    (void)state;
    char *buf;
    if (load("codecarbon/codecarbon__data__private_infra__global_energy_mix.json", NULL, &buf) != 0)
        skip();
    cJSON *j = cJSON_Parse(buf);
    assert_non_null(j);
    size_t checked = 0;
    cJSON *c;
    cJSON_ArrayForEach(c, j)
    {
        cJSON *ci = cJSON_GetObjectItemCaseSensitive(c, "carbon_intensity");
        if (!cJSON_IsNumber(ci) || ci->valuedouble <= 0)
            continue; /* CAF has 0.0: no data */
        size_t i;
        struct gt_error err = {0};
        if (gt_hwdb_find_location(&db, c->string, "codecarbon", &i, &err) != GT_OK)
            fail_msg("CodeCarbon country '%s': %s", c->string, err.msg);
        if (fabs(db.locations.v[i].ci_g_per_kwh - ci->valuedouble) > 1e-9)
            fail_msg("CodeCarbon '%s': %g vs ours %g", c->string, ci->valuedouble,
                     db.locations.v[i].ci_g_per_kwh);
        checked++;
    }
    assert_true(checked >= 200);
    cJSON_Delete(j);
    free(buf);
}

/* eco2ai's carbon_index.csv: every country and region it can pick (a code,
 * not its World row) is in peer_ci.csv with the same value, found by its rule;
 * 'World' is eco2ai_world_ci */
static void test_eco2ai_intensities(void **state)
{
    (void)state;
    struct gt_csv t;
    char *buf;
    if (load("eco2ai/carbon_index.csv", &t, &buf) != 0)
        skip();
    size_t checked = 0;
    for (size_t r = 1; r < t.nrows; r++) {
        const char *code = cellv(&t, 0, r, "alpha_2_code");
        const char *region = cellv(&t, 0, r, "region");
        double v = numv(&t, 0, r, "Emission intensity, kg/MWh");
        if (!strcmp(code, "WORLD")) {
            const struct gt_hw_constant *c = gt_hwdb_constant(&db, "eco2ai_world_ci");
            assert_non_null(c);
            assert_true(fabs(c->value - v) < 1e-9);
            continue;
        }
        if (!code[0])
            continue; /* Namibia's empty code: eco2ai can never pick it */
        const struct gt_hw_peer_ci *p =
            gt_hwdb_peer_ci(&db, "eco2ai", code, strcmp(region, "Whole country") ? region : "");
        if (!p || fabs(p->ci_g_per_kwh - v) > 1e-9)
            fail_msg("eco2ai %s '%s': %g vs ours %g", code, region, v, p ? p->ci_g_per_kwh : NAN);
        checked++;
    }
    assert_int_equal(checked, 364 - 1); /* 365 rows less World and Namibia */
    gt_csv_release(&t);
    free(buf);
}

/* carbontracker's carbon-intensities.csv: every country in peer_ci.csv with
 * its value and year */
static void test_carbontracker_intensities(void **state)
{
    (void)state;
    struct gt_csv t;
    char *buf;
    if (load("carbontracker/carbon-intensities.csv", &t, &buf) != 0)
        skip();
    size_t checked = 0;
    for (size_t r = 1; r < t.nrows; r++) {
        const char *code = cellv(&t, 0, r, "alpha-2");
        double v = numv(&t, 0, r, "Carbon intensity of electricity (gCO2eq/kWh)");
        const struct gt_hw_peer_ci *p = gt_hwdb_peer_ci(&db, "carbontracker", code, NULL);
        if (!p || fabs(p->ci_g_per_kwh - v) > 1e-6 || p->year != (int)numv(&t, 0, r, "Year"))
            fail_msg("carbontracker %s: %g vs ours %g", code, v, p ? p->ci_g_per_kwh : NAN);
        checked++;
    }
    assert_int_equal(checked, 212);
    gt_csv_release(&t);
    free(buf);
}

/* every CPU and GPU named in the peers' sample logs resolves */
static void test_logged_hardware(void **state)
{
    (void)state;
    char *buf;
    if (load("codecarbon/examples__emissions.csv", NULL, &buf) != 0)
        skip();
    free(buf);
    static const char *const cpus[] = {
        "Intel(R) Xeon(R) Gold 6136 CPU @ 3.00GHz",     "Intel(R) Core(TM) i7-4790 CPU @ 3.60GHz",
        "Intel(R) Core(TM) i7-8850H CPU @ 2.60GHz",     "Intel(R) Xeon(R) CPU E5-2698 v4 @ 2.20GHz",
        "Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz",    "Intel(R) Xeon(R) CPU E5-2680 v3 @ 2.50GHz",
        "Intel(R) Xeon(R) Platinum 8280 CPU @ 2.70GHz", "Intel(R) Xeon(R) Gold 6142 CPU @ 2.60GHz",
        "Intel(R) Xeon(R) Gold 6130 CPU @ 2.10GHz",     "Intel(R) Xeon(R) Gold 5218 CPU @ 2.30GHz",
        "Intel(R) Xeon(R) Gold 5118 CPU @ 2.30GHz",     "Apple M1"};
    static const char *const gpus[] = {"Tesla V100-PCIE-32GB",
                                       "Tesla V100-SXM2-32GB",
                                       "Tesla P100-PCIE-12GB",
                                       "NVIDIA GeForce RTX 2070",
                                       "Quadro RTX 8000",
                                       "Tesla T4",
                                       "Tesla K80",
                                       "NVIDIA GeForce GTX 1660 Ti with Max-Q Design",
                                       "GTX 1080ti"};
    for (size_t i = 0; i < sizeof cpus / sizeof cpus[0]; i++) {
        struct gt_hw_match m;
        struct gt_error err = {0};
        if (gt_hwdb_find_cpu(&db, cpus[i], &m, &err) != GT_OK)
            fail_msg("%s", err.msg);
    }
    for (size_t i = 0; i < sizeof gpus / sizeof gpus[0]; i++) {
        struct gt_hw_match m;
        struct gt_error err = {0};
        if (gt_hwdb_find_gpu(&db, gpus[i], &m, &err) != GT_OK)
            fail_msg("%s", err.msg);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ga_cpus),
        cmocka_unit_test(test_ga_gpus),
        cmocka_unit_test(test_ga_locations),
        cmocka_unit_test(test_ga_pue_cloud),
        cmocka_unit_test(test_ga_constants),
        cmocka_unit_test(test_codecarbon_countries),
        cmocka_unit_test(test_logged_hardware),
        cmocka_unit_test(test_eco2ai_intensities),
        cmocka_unit_test(test_carbontracker_intensities),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
