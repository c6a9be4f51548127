/* Every CodeCarbon emissions.csv in ../shared/reference (the 21 historical
 * fixtures, the current examples and test data, and the two EnergyTracker
 * repositories' outputs) parsed with gt_cc_* into an aggregate, whole and in
 * 13-byte chunks: exact row accounting, runs, energy and CO2e.
 *
 * The expected figures were computed independently with python3's csv module
 * (not with greentally): header mapped by name (BOM, blanks around cells and
 * a pandas index column ignored; `country`, `experiment_name`, `emissions_sum`
 * read as their modern names); the last row per run_id (latest timestamp,
 * then longest duration) where the file has a run_id column, each row a run
 * where it has none; rows with an empty run_id merged by project and start
 * (timestamp - duration) within 2 s; a counted row without energy replaced by
 * the run's latest row that has energy (energy_consumed, else cpu+gpu+ram);
 * CO2e = emissions (kg) x 1000. Skips cleanly when the reference data is
 * absent. */
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
#include "gt_logs.h"
#include "log_fixture.h"

/* The record of a listed run (gt_agg_run_record), valid until 8 more calls. */
static const struct gt_record *REC(const struct gt_run *r)
{
    static struct gt_run_rec b[8];
    static unsigned k;
    return gt_agg_run_record(r, &b[k++ & 7u]);
}

struct ref_case {
    const char *rel; /* below GT_REFERENCE_DIR */
    long rows_read, rows_used, rows_superseded, rows_rejected;
    long runs;
    double energy_kwh, co2e_g;
    long runs_without_date; /* counted runs whose timestamp cannot be read */
    long gap_runs;          /* counted runs whose latest row had no energy */
};

static const struct ref_case cases[] = {
    /* CodeCarbon API export (2021): id,timestamp,duration,emissions,energy_consumed,run_id;
     * ids in tripled quotes ("""..."""), timestamps with a space and microseconds, no
     * final newline. 1000 rows of 9 run_ids. Each row has its own emission id, lasts
     * 26-35 s and the rows are 30 s apart: the API's per-interval deltas (PR #301), so a
     * file with an `id` column next to run_id is summed per run (python3 csv: 1000 rows,
     * 9 run_ids, 1.0854869799563316 kWh, 460.8803270601858 g). */
    {"/codecarbon/history/dash__api_extract__dbfeedf6.csv", 1000, 1000, 0, 0, 9, 1.0854869799563316,
     460.8803270601858, 0, 0},
    /* Dashboard dataframe (2021): pandas index column, emissions_sum, both
     * experiment_name and project_name, timestamps with microseconds. 1387 rows of 233
     * run_ids (157 single-row). Same caveat: 56 of the 76 multi-row runs have
     * durations that do not grow (deltas?), 20 grow by 300 s a row like running totals;
     * the last-row rule is asserted. */
    {"/codecarbon/history/dashboard__new_emissions_df__81545709.csv", 1387, 233, 1154, 0, 233,
     10.7274371675774, 4552.86886408161, 0, 0},
    /* The 2020 example: 0.1-1.2 order (timestamp,experiment_id,...), BOM, 100 made-up
     * rows, no run_id (each row a run). Lines 33 (2020-04-31) and 82 (2020-06-31) are
     * impossible dates: kept, without a date. */
    {"/codecarbon/history/examples__emissions__023f9b45.csv", 100, 100, 0, 0, 100, 496.0, 527000.0,
     2, 0},
    /* Pandas index column, `country` (no ISO code), and every timestamp mangled by a
     * spreadsheet into "26:11.7": all 100 rows kept without a date. No final newline. */
    {"/codecarbon/history/examples__emissions__1af0333b.csv", 100, 100, 0, 0, 100, 496.0, 527000.0,
     100, 0},
    /* BOM + pandas index column; the same 100 rows and two impossible dates. */
    {"/codecarbon/history/examples__emissions__27655e1a.csv", 100, 100, 0, 0, 100, 496.0, 527000.0,
     2, 0},
    /* experiment_name instead of project_name, header ending in 14 empty names (rows
     * carry 14 empty cells). */
    {"/codecarbon/history/examples__emissions__3201bbdf.csv", 100, 100, 0, 0, 100, 496.0, 527000.0,
     2, 0},
    /* project_name + the 14 empty trailing names; no final newline. */
    {"/codecarbon/history/examples__emissions__32d4fcb9.csv", 100, 100, 0, 0, 100, 496.0, 527000.0,
     2, 0},
    /* 14 columns with cpu_power/gpu_power but no component energies; no final newline. */
    {"/codecarbon/history/examples__emissions__3fa53381.csv", 100, 100, 0, 0, 100, 496.0, 527000.0,
     2, 0},
    /* 17 columns. Line 101 is two rows glued together (issue #43: the file had no final
     * newline and the next append went onto the same line): 33 cells for a 17-column
     * header, the last cloud_region running into the next timestamp
     * ("brazilsouth2021-07-14T10:59:36"). One split gives a whole timestamp, so both
     * rows are read: 101 runs, the 2021 one (0.035045362545623404 kWh, 27.399 g) too. */
    {"/codecarbon/history/examples__emissions__833ca82a.csv", 101, 101, 0, 0, 101,
     496.03504536254565, 527027.3990956973, 2, 0},
    /* 13 columns, two real 2021 runs (cpu_power holds what looks like energy). */
    {"/codecarbon/history/examples__emissions__d4cee5da.csv", 2, 2, 0, 0, 2, 0.0021725626955387844,
     1.6985486489404895, 0, 0},
    /* 32 columns (14 empty trailing names); line 2 has empty cloud cells. */
    {"/codecarbon/history/examples__emissions__ef967f52.csv", 100, 100, 0, 0, 100, 496.0, 527000.0,
     2, 0},
    /* BOM, pandas index, `country`; valid dates (2020-07-xx); no final newline. */
    {"/codecarbon/history/examples__emissions__efd6479b.csv", 100, 100, 0, 0, 100, 496.0, 527000.0,
     0, 0},
    /* One-row test fixtures, one per header generation: 34 columns (3.0.8)... */
    {"/codecarbon/history/tests__test_data__emissions_valid_headers__0fd0e610.csv", 1, 1, 0, 0, 1,
     0.00057442898176, 0.4490989249167, 0, 0},
    /* ...31 (2.2.3-2.6)... */
    {"/codecarbon/history/tests__test_data__emissions_valid_headers__1bb79493.csv", 1, 1, 0, 0, 1,
     0.00057442898176, 0.4490989249167, 0, 0},
    /* ...43 (PR 1191 neuron_* columns, unmerged)... */
    {"/codecarbon/history/"
     "tests__test_data__emissions_valid_headers__1dd67541_PR1191-unmerged.csv",
     1, 1, 0, 0, 1, 0.00057442898176, 0.4490989249167, 0, 0},
    /* ...18 (2021, no run_id)... */
    {"/codecarbon/history/tests__test_data__emissions_valid_headers__32d4fcb9.csv", 1, 1, 0, 0, 1,
     0.00169759, 1.327206, 0, 0},
    /* ...40 (PR 1165: + cpu_temperature,gpu_temperature) whose row was not updated: 38
     * cells, the two new trailing columns missing. Realigned (the temperatures are the
     * only columns that can be left out) and used, with a warning. */
    {"/codecarbon/history/"
     "tests__test_data__emissions_valid_headers__5e637639_PR1165-unmerged.csv",
     1, 1, 0, 0, 1, 0.00057442898176, 0.4490989249167, 0, 0},
    /* ...19 (run_id, no os/python)... */
    {"/codecarbon/history/tests__test_data__emissions_valid_headers__80c0e9e0.csv", 1, 1, 0, 0, 1,
     0.00169759, 1.327206, 0, 0},
    /* ...17... */
    {"/codecarbon/history/tests__test_data__emissions_valid_headers__833ca82a.csv", 1, 1, 0, 0, 1,
     0.0016975899513562193, 1.3272064020301975, 0, 0},
    /* ...29 (2.0-2.1, emissions_rate in g/s)... */
    {"/codecarbon/history/tests__test_data__emissions_valid_headers__a668d4b0.csv", 1, 1, 0, 0, 1,
     0.00057442898176, 0.4490989249167, 0, 0},
    /* ...32 (2.7-3.0.7)... */
    {"/codecarbon/history/tests__test_data__emissions_valid_headers__c7866777.csv", 1, 1, 0, 0, 1,
     0.00057442898176, 0.4490989249167, 0, 0},
    /* ...13 (mid-2021)... */
    {"/codecarbon/history/tests__test_data__emissions_valid_headers__d4cee5da.csv", 1, 1, 0, 0, 1,
     0.0013086187720680142, 1.0231017276686953, 0, 0},
    /* ...30 (2.2.0-2.2.2). */
    {"/codecarbon/history/tests__test_data__emissions_valid_headers__fcfd3514.csv", 1, 1, 0, 0, 1,
     0.00057442898176, 0.4490989249167, 0, 0},
    /* The current example (2.4.3rc1, 31 columns, 28 rows). Lines 3-7 have an empty run_id:
     * line 3 starts at 10:42:50 (a run alone); lines 4-7 start at 10:44:44.58, .30, .61,
     * 45.17 (within 2 s: one run). Lines 6 and 7, its latest, have no emissions, no
     * energy_consumed and no cpu_energy, so the run keeps line 5 (an energy gap).
     * 8a1d9822 has 6 flush rows, b9e7def2 and 67e9ec7b 2 each: 18 runs, 10 superseded. */
    {"/codecarbon/examples__emissions.csv", 28, 18, 10, 0, 18, 0.00804458649583742,
     0.19149304769623798, 0, 1},
    /* Today's test data: 38 columns (3.2.1+). */
    {"/codecarbon/tests__test_data__emissions_valid_headers.csv", 1, 1, 0, 0, 1, 0.00057442898176,
     0.4490989249167, 0, 0},
    /* "Invalid" only for CodeCarbon's own header check (an 11-column 2021 header): a
     * readable row, no run_id. */
    {"/codecarbon/tests__test_data__emissions_invalid_headers.csv", 1, 1, 0, 0, 1,
     0.001308618772068, 1.0231017276686953, 0, 0},
    /* Ambroise012/EnergyTracker: a real 2.4.2 file whose header and cells are padded
     * with blanks into aligned columns (e.g. "  106.18328142166138    "). 46 distinct
     * run_ids, one row each. */
    {"/energytracker-ambroise/emissions.csv", 46, 46, 0, 0, 46, 0.07900129771669556,
     0.18780335784812802, 0, 0},
    /* nathanlemmers/EnergyTracker monitor_test: one 2.2.4 row, 31 columns. */
    {"/energytracker-lemmers/monitor_test/emissions.csv", 1, 1, 0, 0, 1, 0.006677873524874685,
     0.3875437121425775, 0, 0},
};

#define NCASES (sizeof cases / sizeof cases[0])

struct sink {
    struct gt_agg *agg;
    long warnings;
};

static enum gt_status on_emit(void *ud, const struct gt_record *rec)
{
    return gt_agg_add(((struct sink *)ud)->agg, rec);
}

static void on_reject(void *ud, long line, const char *reason)
{
    (void)line;
    (void)reason;
    gt_agg_count_rejected(((struct sink *)ud)->agg, 1);
}

static void on_warn(void *ud, long line, const char *msg)
{
    (void)line;
    (void)msg;
    ((struct sink *)ud)->warnings++;
}

/* Parses data in chunks of `chunk` bytes (0 = whole) into a fresh aggregate. */
static struct gt_agg_result *parse(const char *path, const char *data, size_t len, size_t chunk)
{
    struct gt_agg_opts opts;
    memset(&opts, 0, sizeof opts);
    struct sink s = {gt_agg_new(&opts), 0};
    assert_non_null(s.agg);
    struct gt_parse_ctx ctx = {path, &s, on_emit, on_reject, on_warn, NULL, NULL, NULL, NULL};
    struct gt_stream *st = gt_cc_open(&ctx);
    assert_non_null(st);
    struct gt_error err = {0};
    size_t step = chunk ? chunk : (len ? len : 1);
    for (size_t off = 0; off < len; off += step)
        assert_int_equal(gt_cc_feed(st, data + off, off + step > len ? len - off : step, &err),
                         GT_OK);
    assert_int_equal(gt_cc_finish(st, &err), GT_OK);
    gt_agg_count_file(s.agg, 0);
    struct gt_agg_result *res = NULL;
    assert_int_equal(gt_agg_finish(s.agg, &res), GT_OK);
    return res;
}

static void assert_close(double got, double want)
{
    double tol = 1e-12 * (fabs(want) > 1.0 ? fabs(want) : 1.0);
    assert_float_equal(got, want, tol);
}

static void check(const struct ref_case *c, const struct gt_agg_result *r)
{
    assert_int_equal(r->acc.rows_read, c->rows_read);
    assert_int_equal(r->acc.rows_used, c->rows_used);
    assert_int_equal(r->acc.rows_superseded, c->rows_superseded);
    assert_int_equal(r->acc.rows_rejected, c->rows_rejected);
    assert_int_equal(r->acc.rows_excluded, 0);
    assert_int_equal(r->acc.rows_read,
                     r->acc.rows_used + r->acc.rows_superseded + r->acc.rows_rejected);
    assert_int_equal(r->totals.runs, c->runs);
    assert_int_equal((long)r->nruns, c->runs);
    assert_int_equal(r->totals.no_energy, 0);
    assert_int_equal(r->totals.no_co2e, 0);
    assert_close(r->totals.energy_kwh, c->energy_kwh);
    assert_close(r->totals.co2e_g, c->co2e_g);
    long nodate = 0;
    for (size_t i = 0; i < r->nruns; i++)
        nodate += isnan(REC(&r->runs[i])->start) && isnan(REC(&r->runs[i])->end);
    assert_int_equal(nodate, c->runs_without_date);
    assert_int_equal(r->gap_runs, c->gap_runs);
}

static void test_reference_file(void **state)
{
    const struct ref_case *c = *state;
    char path[1024];
    snprintf(path, sizeof path, "%s%s", GT_REFERENCE_DIR, c->rel);
    size_t len;
    char *data = lf_slurp(path, &len);
    if (!data)
        skip();
    /* whole, then in 13-byte chunks (rows, quotes and the BOM split across feeds) */
    static const size_t chunks[] = {0, 13};
    for (size_t k = 0; k < sizeof chunks / sizeof chunks[0]; k++) {
        struct gt_agg_result *r = parse(path, data, len, chunks[k]);
        check(c, r);
        gt_agg_result_free(r);
    }
    free(data);
}

int main(void)
{
    struct CMUnitTest tests[NCASES];
    for (size_t i = 0; i < NCASES; i++) {
        memset(&tests[i], 0, sizeof tests[i]);
        tests[i].name = cases[i].rel;
        tests[i].test_func = test_reference_file;
        tests[i].initial_state = (void *)&cases[i];
    }
    return _cmocka_run_group_tests("reference_logs", tests, NCASES, NULL, NULL);
}
