/* gt_ci: carbon-intensity series parsing, step/linear time-weighted averages
 * (partial coverage, gaps, DST and UTC offsets, runs shorter than one
 * interval), provider bodies, and the aggregate's use of a series. Every
 * expected value is worked out by hand in the comment beside it. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "gt_agg.h"
#include "gt_ci.h"
#include "gt_time.h"

/* The record of a listed run (gt_agg_run_record), valid until 8 more calls. */
static const struct gt_record *REC(const struct gt_run *r)
{
    static struct gt_run_rec b[8];
    static unsigned k;
    return gt_agg_run_record(r, &b[k++ & 7u]);
}

/* equal to 1e-9 relative (the values are exact up to rounding) */
#define EQ(a, b) eq_((a), (b), __FILE__, __LINE__)
static void eq_(double got, double want, const char *file, int line)
{
    double tol = 1e-9 * (fabs(want) > 1 ? fabs(want) : 1);
    if (!(fabs(got - want) <= tol))
        fail_msg("%s:%d: got %.17g, want %.17g", file, line, got, want);
}

/* 2024-01-01T00:00:00Z */
static const double T0 = 1704067200.0;
static const double H = 3600.0;

/* hourly: 100, 200, 400, (gap), 300 */
static const char HOURLY[] = "timestamp,carbon_intensity_g_per_kwh\n"
                             "2024-01-01T00:00Z,100\n"
                             "2024-01-01T01:00Z,200\n"
                             "2024-01-01T02:00Z,400\n"
                             "2024-01-01T03:00Z,\n"
                             "2024-01-01T04:00:00+00:00,300\n";

static void load(const char *csv, struct gt_ci_series *s)
{
    struct gt_error err = {0};
    gt_ci_series_init(s);
    enum gt_status st = gt_ci_series_parse_csv(csv, strlen(csv), "t.csv", NULL, s, &err);
    if (st != GT_OK)
        fail_msg("%s", err.msg);
}

static void avg(const struct gt_ci_series *s, double a, double b, enum gt_ci_interp m,
                double want_mean, double want_cov)
{
    struct gt_ci_avg r;
    gt_ci_series_average(s, a, b, m, &r);
    if (isnan(want_mean))
        assert_true(isnan(r.mean));
    else
        EQ(r.mean, want_mean);
    EQ(r.coverage, want_cov);
}

static void test_parse_and_stats(void **state)
{
    (void)state;
    struct gt_ci_series s;
    load(HOURLY, &s);
    assert_string_equal(s.format, "series-csv");
    assert_int_equal(s.n, 5);
    assert_int_equal(s.rows_empty, 1);
    EQ(s.interval_s, H);
    EQ(s.p[4].t, T0 + 4 * H);
    EQ(s.p[4].end, T0 + 5 * H);
    struct gt_ci_stats st;
    gt_ci_series_stats(&s, GT_CI_STEP, &st);
    assert_int_equal(st.points, 5);
    assert_int_equal(st.values, 4);
    assert_int_equal(st.gaps, 1);
    EQ(st.first, T0);
    EQ(st.last, T0 + 5 * H);
    EQ(st.covered_s, 4 * H);
    EQ(st.min, 100);
    EQ(st.max, 400);
    EQ(st.mean, 250); /* (100 + 200 + 400 + 300) h / 4 h covered */
    gt_ci_series_stats(&s, GT_CI_LINEAR, &st);
    /* 100->200 (150) + 200->400 (300) + 400 held + 300 held = 1150 / 4 */
    EQ(st.mean, 287.5);
    gt_ci_series_release(&s);
}

static void test_step_and_linear(void **state)
{
    (void)state;
    struct gt_ci_series s;
    load(HOURLY, &s);
    /* 00:30-02:30 step: 0.5 h x 100 + 1 h x 200 + 0.5 h x 400 = 450 / 2 h */
    avg(&s, T0 + 0.5 * H, T0 + 2.5 * H, GT_CI_STEP, 225, 1);
    /* linear: 0.5 h x mean(150, 200) + 1 h x mean(200, 400) + 0.5 h x 400 (the
     * next hour has no value, so 400 holds) = 87.5 + 300 + 200 = 587.5 / 2 */
    avg(&s, T0 + 0.5 * H, T0 + 2.5 * H, GT_CI_LINEAR, 293.75, 1);
    /* a whole interval exactly */
    avg(&s, T0 + H, T0 + 2 * H, GT_CI_STEP, 200, 1);
    avg(&s, T0 + H, T0 + 2 * H, GT_CI_LINEAR, 300, 1);
    gt_ci_series_release(&s);
}

static void test_partial_gaps_outside(void **state)
{
    (void)state;
    struct gt_ci_series s;
    load(HOURLY, &s);
    /* 04:30-05:30: the series ends at 05:00: half covered at 300 */
    avg(&s, T0 + 4.5 * H, T0 + 5.5 * H, GT_CI_STEP, 300, 0.5);
    /* 02:30-04:30 across the 03:00-04:00 gap: 0.5 h x 400 + 0.5 h x 300 */
    avg(&s, T0 + 2.5 * H, T0 + 4.5 * H, GT_CI_STEP, 350, 0.5);
    avg(&s, T0 + 2.5 * H, T0 + 4.5 * H, GT_CI_LINEAR, 350, 0.5);
    /* before and after the series; inside the gap */
    avg(&s, T0 - H, T0 - 0.5 * H, GT_CI_STEP, NAN, 0);
    avg(&s, T0 + 5 * H, T0 + 6 * H, GT_CI_STEP, NAN, 0);
    avg(&s, T0 + 3.25 * H, T0 + 3.75 * H, GT_CI_LINEAR, NAN, 0);
    /* starting before the series: 23:00-01:00 is half covered, at 100 */
    avg(&s, T0 - H, T0 + H, GT_CI_STEP, 100, 0.5);
    gt_ci_series_release(&s);
}

static void test_shorter_than_interval(void **state)
{
    (void)state;
    struct gt_ci_series s;
    load(HOURLY, &s);
    /* 01:10-01:20 inside one hour: step 200; linear from 233.33 to 266.67 */
    avg(&s, T0 + H + 600, T0 + H + 1200, GT_CI_STEP, 200, 1);
    avg(&s, T0 + H + 600, T0 + H + 1200, GT_CI_LINEAR, 250, 1);
    /* 00:50-01:10 across a boundary: step 10 min x 100 + 10 min x 200 */
    avg(&s, T0 + H - 600, T0 + H + 600, GT_CI_STEP, 150, 1);
    /* linear: 10 min mean(183.33, 200) + 10 min mean(200, 233.33) = 204.1666 */
    avg(&s, T0 + H - 600, T0 + H + 600, GT_CI_LINEAR, (191.0 + 2.0 / 3 + 216.0 + 2.0 / 3) / 2, 1);
    /* zero length: the value at that instant */
    avg(&s, T0 + 1.5 * H, T0 + 1.5 * H, GT_CI_STEP, 200, 1);
    avg(&s, T0 + 1.5 * H, T0 + 1.5 * H, GT_CI_LINEAR, 300, 1);
    avg(&s, T0 + 3.5 * H, T0 + 3.5 * H, GT_CI_STEP, NAN, 0);
    gt_ci_series_release(&s);
}

/* Spring forward in Paris: 02:00 local does not exist; the four rows are
 * consecutive UTC hours 23:00Z..02:00Z. Autumn back: 02:00+02:00 and
 * 02:00+01:00 are two different hours. */
static void test_dst_offsets(void **state)
{
    (void)state;
    struct gt_ci_series s;
    load("timestamp,carbon_intensity_g_per_kwh,zone\n"
         "2024-03-31T00:00:00+01:00,50,FR\n"
         "2024-03-31T01:00:00+01:00,60,FR\n"
         "2024-03-31T03:00:00+02:00,70,FR\n"
         "2024-03-31T04:00:00+02:00,80,FR\n",
         &s);
    assert_string_equal(s.zone, "FR");
    EQ(s.interval_s, H);
    double t = gt_time_from_civil(2024, 3, 31, 0, 0, 0); /* 00:00Z = 01:00+01:00 */
    EQ(s.p[1].t, t);
    /* 00:00Z-02:00Z: 60 then 70, no gap at the change */
    avg(&s, t, t + 2 * H, GT_CI_STEP, 65, 1);
    /* a run logged 01:30+02:00 (= 23:30Z) to 03:30+02:00 (= 01:30Z) */
    double a, b;
    enum gt_tz tz;
    assert_int_equal(gt_time_parse("2024-03-31T01:30+02:00", 22, &a, &tz), 0);
    assert_int_equal(gt_time_parse("2024-03-31T03:30+02:00", 22, &b, &tz), 0);
    /* 0.5 h x 50 + 1 h x 60 + 0.5 h x 70 = 120 / 2 */
    avg(&s, a, b, GT_CI_STEP, 60, 1);
    gt_ci_series_release(&s);

    load("timestamp,carbon_intensity_g_per_kwh\n"
         "2024-10-27T01:00+02:00,10\n"
         "2024-10-27T02:00+02:00,20\n"
         "2024-10-27T02:00+01:00,30\n"
         "2024-10-27T03:00+01:00,40\n",
         &s);
    assert_int_equal(s.n, 4);
    t = gt_time_from_civil(2024, 10, 26, 23, 0, 0);
    EQ(s.p[0].t, t);
    EQ(s.p[3].t, t + 3 * H);
    avg(&s, t, t + 4 * H, GT_CI_STEP, 25, 1);
    gt_ci_series_release(&s);
}

/* Rows out of order are sorted; a longer spacing than the usual one is a gap,
 * not a value held for hours. */
static void test_irregular(void **state)
{
    (void)state;
    struct gt_ci_series s;
    load("timestamp,carbon_intensity_g_per_kwh\n"
         "2024-01-01T05:00Z,500\n"
         "2024-01-01T00:00Z,100\n"
         "2024-01-01T01:00Z,200\n"
         "2024-01-01T02:00Z,300\n",
         &s);
    EQ(s.interval_s, H); /* spacings 1, 1, 3 h: median 1 h */
    EQ(s.p[2].end, T0 + 3 * H);
    EQ(s.p[3].end, T0 + 6 * H);
    avg(&s, T0 + 2 * H, T0 + 6 * H, GT_CI_STEP, 400, 0.5);
    struct gt_ci_stats st;
    gt_ci_series_stats(&s, GT_CI_STEP, &st);
    assert_int_equal(st.gaps, 1);
    gt_ci_series_release(&s);
}

static void parse_fails(const char *csv, const struct gt_ci_factors *f, enum gt_status want,
                        const char *msg)
{
    struct gt_ci_series s;
    struct gt_error err = {0};
    gt_ci_series_init(&s);
    assert_int_equal(gt_ci_series_parse_csv(csv, strlen(csv), "t.csv", f, &s, &err), want);
    assert_string_equal(err.msg, msg);
    gt_ci_series_release(&s);
}

static void test_errors(void **state)
{
    (void)state;
    parse_fails("timestamp,carbon_intensity_g_per_kwh\n2024-01-01T00:00,5\n2024-01-01T01:00,6\n",
                NULL, GT_E_DATA,
                "timestamp '2024-01-01T00:00' in 't.csv' at line 2 has no zone: add Z (UTC) or an "
                "offset such as +01:00");
    parse_fails("timestamp,carbon_intensity_g_per_kwh\n2024-01-01T01:00+01:00,5\n"
                "2024-01-01T00:00Z,6\n",
                NULL, GT_E_DATA, "duplicate timestamp 2024-01-01T00:00:00Z in 't.csv'");
    parse_fails("timestamp,carbon_intensity_g_per_kwh\n2024-01-01T00:00Z,abc\n", NULL, GT_E_PARSE,
                "cannot parse 'carbon_intensity_g_per_kwh' in 't.csv' at line 2: 'abc'");
    parse_fails("timestamp,carbon_intensity_g_per_kwh\n2024-01-01T00:00Z,-3\n", NULL, GT_E_RANGE,
                "negative carbon intensity -3 in 't.csv' at line 2");
    parse_fails("timestamp,carbon_intensity_g_per_kwh\n2024-01-01T00:00Z,3\n", NULL, GT_E_DATA,
                "one timestamp (2024-01-01T00:00:00Z) in 't.csv': cannot tell how long its value "
                "holds (give at least two)");
    parse_fails("timestamp,carbon_intensity_g_per_kwh,zone\n2024-01-01T00:00Z,3,FR\n"
                "2024-01-01T01:00Z,3,DE\n",
                NULL, GT_E_DATA,
                "'t.csv' holds several zones ('FR' and 'DE' at line 3): one zone per file");
    parse_fails("when,value\n1,2\n", NULL, GT_E_DATA,
                "cannot tell what 't.csv' holds from its header: expected "
                "'timestamp,carbon_intensity_g_per_kwh', an Electricity Maps export ('Datetime "
                "(UTC)', 'Carbon Intensity gCO2eq/kWh (LCA)') or a production mix ('timestamp' "
                "and MW per source)");
    parse_fails("timestamp,carbon_intensity_g_per_kwh\n", NULL, GT_E_DATA,
                "no carbon-intensity values in 't.csv'");
}

/* Electricity Maps' export: the life-cycle column, UTC by its name. */
static void test_electricitymaps_export(void **state)
{
    (void)state;
    static const char csv[] =
        "Datetime (UTC),Country,Zone Name,Zone Id,Carbon Intensity gCO\xe2\x82\x82"
        "eq/kWh (direct),Carbon Intensity gCO\xe2\x82\x82"
        "eq/kWh (LCA),Low Carbon Percentage,Renewable Percentage,Data Source,Data "
        "Estimated,Data Estimation Method\n"
        "2023-01-01 00:00:00,France,France,FR,20.5,52.1,95.2,40.1,rte-france.com,false,\n"
        "2023-01-01 01:00:00,France,France,FR,21.5,54.1,95.0,40.0,rte-france.com,false,\n";
    struct gt_ci_series s;
    load(csv, &s);
    assert_string_equal(s.format, "electricitymaps-csv");
    assert_string_equal(s.zone, "FR");
    double t = gt_time_from_civil(2023, 1, 1, 0, 0, 0);
    EQ(s.p[0].t, t);
    EQ(s.p[0].v, 52.1);
    EQ(s.p[1].v, 54.1);
    EQ(s.p[1].end, t + 2 * H);
    assert_non_null(strstr(s.detail, "(LCA)"));
    gt_ci_series_release(&s);
}

static const struct gt_ci_factor FACTORS[] = {
    {"nuclear", "nucleaire", 12}, {"wind", "eolien", 11}, {"gas", "natural_gas|gaz", 490}};
static const struct gt_ci_factors FS = {FACTORS, 3, "test"};

/* Seed 000 (section 3.2.1): intensity = sum(c_i v_i) / V_total. */
static void test_production_mix(void **state)
{
    (void)state;
    static const char csv[] = "timestamp,nuclear,Wind_MW,natural_gas\n"
                              "2024-01-01T00:00Z,40000,5000,5000\n"
                              "2024-01-01T01:00Z,45000,5000,-200\n"
                              "2024-01-01T02:00Z,,,\n";
    struct gt_ci_series s;
    struct gt_error err = {0};
    gt_ci_series_init(&s);
    assert_int_equal(gt_ci_series_parse_csv(csv, strlen(csv), "mix.csv", &FS, &s, &err), GT_OK);
    assert_string_equal(s.format, "production-mix");
    /* (40000 x 12 + 5000 x 11 + 5000 x 490) / 50000 = 2985000 / 50000 */
    EQ(s.p[0].v, 59.7);
    /* negative MW (storage pumping) is not production: (540000 + 55000) / 50000 */
    EQ(s.p[1].v, 11.9);
    assert_int_equal(s.rows_negative, 1);
    assert_true(isnan(s.p[2].v));
    assert_int_equal(s.rows_empty, 1);
    gt_ci_series_release(&s);
    parse_fails("timestamp,nuclear,fusion\n2024-01-01T00:00Z,1,2\n", &FS, GT_E_DATA,
                "unknown production source 'fusion' in 't.csv' (a production mix has timestamp "
                "and MW per source: nuclear, wind, gas)");
    parse_fails("timestamp,nuclear\n2024-01-01T00:00Z,1\n", NULL, GT_E_DATA,
                "'t.csv' looks like a production mix but no emission factors were given");
}

static void test_providers(void **state)
{
    (void)state;
    struct gt_ci_series s;
    struct gt_error err = {0};
    long fc = 0;
    /* national: actual when known, else forecast */
    static const char uk[] =
        "{\"data\":[{\"from\":\"2024-01-01T00:00Z\",\"to\":\"2024-01-01T00:30Z\","
        "\"intensity\":{\"forecast\":120,\"actual\":110,\"index\":\"moderate\"}},"
        "{\"from\":\"2024-01-01T00:30Z\",\"to\":\"2024-01-01T01:00Z\","
        "\"intensity\":{\"forecast\":130,\"actual\":null,\"index\":\"moderate\"}}]}";
    gt_ci_series_init(&s);
    assert_int_equal(gt_ci_parse_uk(uk, strlen(uk), &s, &fc, &err), GT_OK);
    assert_int_equal(gt_ci_series_finish(&s, "uk", &err), GT_OK);
    assert_int_equal(s.n, 2);
    assert_int_equal(fc, 1);
    assert_string_equal(s.zone, "GB");
    avg(&s, T0, T0 + H, GT_CI_STEP, 120, 1);
    gt_ci_series_release(&s);
    /* regional (postcode) */
    static const char ukr[] =
        "{\"data\":[{\"regionid\":13,\"dnoregion\":\"UKPN London\",\"shortname\":\"London\","
        "\"postcode\":\"SW1\",\"data\":[{\"from\":\"2024-01-01T00:00Z\",\"to\":"
        "\"2024-01-01T00:30Z\",\"intensity\":{\"forecast\":90,\"index\":\"low\"},"
        "\"generationmix\":[]}]}]}";
    gt_ci_series_init(&s);
    assert_int_equal(gt_ci_parse_uk(ukr, strlen(ukr), &s, NULL, &err), GT_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.zone, "GB London");
    EQ(s.p[0].v, 90);
    gt_ci_series_release(&s);
    /* Electricity Maps history */
    static const char em[] =
        "{\"zone\":\"DE\",\"history\":[{\"zone\":\"DE\",\"carbonIntensity\":302,\"datetime\":"
        "\"2024-01-01T00:00:00.000Z\",\"emissionFactorType\":\"lifecycle\"},{\"zone\":\"DE\","
        "\"carbonIntensity\":310,\"datetime\":\"2024-01-01T01:00:00.000Z\"}]}";
    gt_ci_series_init(&s);
    assert_int_equal(gt_ci_parse_electricitymaps(em, strlen(em), &s, &err), GT_OK);
    assert_int_equal(gt_ci_series_finish(&s, "em", &err), GT_OK);
    assert_string_equal(s.zone, "DE");
    avg(&s, T0 + 0.5 * H, T0 + 1.5 * H, GT_CI_STEP, 306, 1);
    gt_ci_series_release(&s);
    /* Energi Data Service: only DK1 records */
    static const char eds[] =
        "{\"total\":3,\"dataset\":\"CO2Emis\",\"records\":["
        "{\"Minutes5UTC\":\"2024-01-01T00:00:00\",\"Minutes5DK\":\"2024-01-01T01:00:00\","
        "\"PriceArea\":\"DK1\",\"CO2Emission\":100.0},"
        "{\"Minutes5UTC\":\"2024-01-01T00:00:00\",\"Minutes5DK\":\"2024-01-01T01:00:00\","
        "\"PriceArea\":\"DK2\",\"CO2Emission\":50.0},"
        "{\"Minutes5UTC\":\"2024-01-01T00:05:00\",\"Minutes5DK\":\"2024-01-01T01:05:00\","
        "\"PriceArea\":\"DK1\",\"CO2Emission\":110.0}]}";
    gt_ci_series_init(&s);
    assert_int_equal(gt_ci_parse_energidataservice(eds, strlen(eds), "DK1", &s, &err), GT_OK);
    assert_int_equal(gt_ci_series_finish(&s, "eds", &err), GT_OK);
    assert_int_equal(s.n, 2);
    avg(&s, T0, T0 + 600, GT_CI_STEP, 105, 1);
    gt_ci_series_release(&s);
    /* malformed and wrong shapes */
    gt_ci_series_init(&s);
    assert_int_equal(gt_ci_parse_uk("{\"data\":[", 9, &s, NULL, &err), GT_E_PARSE);
    assert_string_equal(err.msg, "unexpected Carbon Intensity API response: not JSON");
    assert_int_equal(gt_ci_parse_electricitymaps("{\"foo\":1}", 9, &s, &err), GT_E_PARSE);
    assert_string_equal(err.msg, "unexpected Electricity Maps response: neither history, data nor "
                                 "carbonIntensity");
    static const char neg[] = "{\"records\":[{\"Minutes5UTC\":\"2024-01-01T00:00:00\","
                              "\"PriceArea\":\"DK1\",\"CO2Emission\":-1}]}";
    assert_int_equal(gt_ci_parse_energidataservice(neg, strlen(neg), "DK1", &s, &err), GT_E_PARSE);
    assert_string_equal(err.msg, "unexpected Energi Data Service response: a record without "
                                 "Minutes5UTC and CO2Emission");
    assert_int_equal(s.n, 0);
    gt_ci_series_release(&s);
}

/* ---- the aggregate with a series ------------------------------------------ */

static struct gt_record run(const char *key, double start, double dur, double kwh, enum gt_tz tz)
{
    struct gt_record r;
    gt_record_init(&r);
    r.file = "e.csv";
    r.line = 2;
    r.tool = GT_TOOL_CODECARBON;
    r.format = "codecarbon-csv";
    r.run_key = key;
    r.run_id = key;
    r.project = "p";
    r.tz = tz;
    r.start = start;
    r.duration_s = dur;
    r.end = start + dur;
    r.energy_kwh = kwh;
    r.co2e_g = kwh * 50; /* logged at 50 g/kWh */
    return r;
}

static void test_aggregate(void **state)
{
    (void)state;
    struct gt_ci_series s;
    load(HOURLY, &s);
    struct gt_agg_opts o = {0};
    o.ci_series = &s;
    o.ci_interp = GT_CI_STEP;
    struct gt_agg *a = gt_agg_new(&o);
    struct gt_record r;
    r = run("full", T0 + 0.5 * H, 2 * H, 2.0, GT_TZ_UTC); /* 225 g/kWh -> 450 g */
    gt_agg_add(a, &r);
    r = run("partial", T0 + 4.5 * H, H, 1.0, GT_TZ_UTC); /* 0.5 x 300 + 0.5 x 50 = 175 g */
    gt_agg_add(a, &r);
    r = run("outside", T0 + 10 * H, H, 1.0, GT_TZ_UTC); /* as logged: 50 g */
    gt_agg_add(a, &r);
    r = run("local", T0 + H, H, 1.0, GT_TZ_LOCAL); /* as logged: 50 g */
    gt_agg_add(a, &r);
    struct gt_agg_result *res = NULL;
    assert_int_equal(gt_agg_finish(a, &res), GT_OK);
    assert_int_equal(res->nruns, 4);
    assert_int_equal(res->ci_series_runs, 1);
    assert_int_equal(res->ci_partial_runs, 1);
    assert_int_equal(res->ci_fallback_runs, 2);
    assert_int_equal(res->ci_fallback_local, 1);
    EQ(res->totals.co2e_g, 450 + 175 + 50 + 50);
    for (size_t i = 0; i < res->nruns; i++) {
        const struct gt_run *x = &res->runs[i];
        if (!strcmp(REC(x)->run_key, "full")) {
            EQ(x->co2e_g, 450);
            assert_int_equal(x->ci_use, GT_CI_USE_SERIES);
            assert_string_equal(x->recompute_note,
                                "CO2e: series mean 225 gCO2e/kWh over the run (step)");
        } else if (!strcmp(REC(x)->run_key, "partial")) {
            EQ(x->co2e_g, 175);
            EQ(x->ci_coverage, 0.5);
            assert_string_equal(x->recompute_note,
                                "CO2e: the series covers 50 % of the run (mean 300 gCO2e/kWh, "
                                "step), the rest at 50 gCO2e/kWh (static)");
        } else if (!strcmp(REC(x)->run_key, "outside")) {
            EQ(x->co2e_g, 50);
            assert_int_equal(x->ci_use, GT_CI_USE_FALLBACK);
            assert_string_equal(x->recompute_note, "CO2e as logged: the run is outside the series");
        } else {
            assert_string_equal(x->recompute_note, "CO2e as logged: local time without a zone "
                                                   "cannot be placed on the series");
        }
    }
    gt_agg_result_free(res);

    /* with --ci as the static value, fallback runs take it */
    o.set_ci = 1;
    o.ci_g_per_kwh = 100;
    a = gt_agg_new(&o);
    r = run("partial", T0 + 4.5 * H, H, 1.0, GT_TZ_UTC); /* 0.5 x 300 + 0.5 x 100 */
    gt_agg_add(a, &r);
    r = run("outside", T0 + 10 * H, H, 1.0, GT_TZ_UTC); /* 100 */
    gt_agg_add(a, &r);
    assert_int_equal(gt_agg_finish(a, &res), GT_OK);
    EQ(res->totals.co2e_g, 200 + 100);
    assert_int_equal(res->totals.recomputed, 2);
    gt_agg_result_free(res);
    gt_ci_series_release(&s);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_and_stats),
        cmocka_unit_test(test_step_and_linear),
        cmocka_unit_test(test_partial_gaps_outside),
        cmocka_unit_test(test_shorter_than_interval),
        cmocka_unit_test(test_dst_offsets),
        cmocka_unit_test(test_irregular),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_electricitymaps_export),
        cmocka_unit_test(test_production_mix),
        cmocka_unit_test(test_providers),
        cmocka_unit_test(test_aggregate),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
