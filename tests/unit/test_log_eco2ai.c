/* test_log_eco2ai.c - the eco2ai CSV parser (core/log_eco2ai.c): start/stop
 * and training mode, malformed rows, the sniffer, the real reference row. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_csv.h"
#include "gt_logs.h"
#include "gt_time.h"
#include "log_fixture.h"

#define HDR                                                                                        \
    "id,project_name,experiment_description,epoch,start_time,duration(s),power_consumption(kWh),"  \
    "CO2_emissions(kg),CPU_name,GPU_name,OS,region/country,cost\n"

/* the real row kept in shared/reference/eco2ai/sample_output (from the
 * nathanlemmers/EnergyTracker repository) */
#define REF_ROW                                                                                    \
    "0120fffe-861f-4ef6-b65f-5f2a31bf5070,My_default_project_name,We trained...,N/A,2023-07-04 "   \
    "10:05:52,562.6173508167267,0.004280940368055225,0.00028909190305476936,\"Intel(R) Xeon(R) "   \
    "CPU E5-2680 v4 @ 2.40GHz/2 device(s), TDP:120.0\",Tesla P100-PCIE-12GB 1 "                    \
    "device(s),Linux,FR/Auvergne-Rh\xc3\xb4ne-Alpes,0\n"

#define CPU "\"Xeon/1 device(s), TDP:100.0\""

/* ---- helpers ------------------------------------------------------------ */

/* Data rows of text as the CSV reader sees them (header excluded), 0 when it
 * does not parse. */
static long csv_data_rows(const char *s, size_t n, char delim)
{
    struct gt_csv t;
    struct gt_error err;
    if (gt_csv_parse(s, n, (unsigned char)delim, "t", &t, &err) != GT_OK)
        return 0;
    long rows = t.nrows ? (long)t.nrows - 1 : 0;
    gt_csv_release(&t);
    return rows;
}

static enum gt_status parse_n(struct lf *f, const char *s, size_t n)
{
    struct gt_error err;
    gt_error_clear(&err);
    lf_init(f, "e.csv");
    enum gt_status st = gt_eco2ai_parse(s, n, &f->ctx, &err);
    /* rows read = rows used + rows rejected, whatever the input */
    if (st == GT_OK)
        assert_int_equal(f->rows_emitted + (long)f->nrejects, csv_data_rows(s, n, ','));
    return st;
}

static enum gt_status parse(struct lf *f, const char *s)
{
    return parse_n(f, s, strlen(s));
}

static const char *extra(const struct gt_record *r, const char *key)
{
    for (size_t i = 0; i < r->nextras; i++)
        if (strcmp(r->extras[i].key, key) == 0)
            return r->extras[i].value;
    return NULL;
}

static void assert_nan(double v)
{
    assert_true(isnan(v));
}

/* ---- start/stop mode ---------------------------------------------------- */

static void check_reference_record(const struct gt_record *r, long line)
{
    assert_string_equal(r->file, "e.csv");
    assert_int_equal(r->line, line);
    assert_int_equal(r->nrows, 1);
    assert_string_equal(r->format, "eco2ai-csv");
    assert_int_equal(r->tool, GT_TOOL_ECO2AI);
    assert_string_equal(r->tool_version, "");
    assert_int_equal(r->flags, 0);
    assert_int_equal(r->kind, GT_KIND_ACTUAL);
    assert_int_equal(r->epochs, -1);
    assert_string_equal(r->run_key, "0120fffe-861f-4ef6-b65f-5f2a31bf5070");
    assert_string_equal(r->run_id, "0120fffe-861f-4ef6-b65f-5f2a31bf5070");
    assert_int_equal(r->anon_run, 0);
    assert_string_equal(r->project, "My_default_project_name");
    assert_string_equal(r->experiment, "We trained...");
    assert_int_equal(r->tz, GT_TZ_LOCAL);
    double start = gt_time_from_civil(2023, 7, 4, 10, 5, 52);
    assert_true(r->start == start);
    assert_true(r->duration_s == 562.6173508167267);
    assert_true(r->end == start + 562.6173508167267);
    assert_true(r->energy_kwh == 0.004280940368055225);
    assert_nan(r->cpu_kwh);
    assert_nan(r->gpu_kwh);
    assert_nan(r->ram_kwh);
    assert_nan(r->pue);
    assert_true(r->co2e_g == 0.00028909190305476936 * 1000.0);
    assert_nan(r->ci_g_per_kwh);
    assert_string_equal(r->cpu_model, "Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz");
    assert_nan(r->cpu_count);
    assert_string_equal(r->gpu_model, "Tesla P100-PCIE-12GB");
    assert_true(r->gpu_count == 1);
    assert_nan(r->ram_gb);
    assert_string_equal(r->os, "Linux");
    assert_string_equal(r->country_iso, "FR");
    assert_string_equal(r->country, "");
    assert_string_equal(r->region, "Auvergne-Rh\xc3\xb4ne-Alpes");
    assert_int_equal(r->nextras, 3);
    assert_string_equal(r->extras[0].key, "cpu_sockets");
    assert_string_equal(r->extras[0].value, "2");
    assert_string_equal(r->extras[1].key, "cpu_tdp_w");
    assert_string_equal(r->extras[1].value, "120.0");
    assert_string_equal(r->extras[2].key, "cost");
    assert_string_equal(r->extras[2].value, "0");
}

static void test_reference_row(void **state)
{
    (void)state;
    struct lf f;
    assert_int_equal(parse(&f, HDR REF_ROW), GT_OK);
    assert_int_equal(f.nrecs, 1);
    assert_int_equal(f.nrejects, 0);
    assert_int_equal(f.nwarns, 0);
    check_reference_record(f.recs[0], 2);
    lf_release(&f);
}

/* BOM, CRLF line ends and no final newline change nothing */
static void test_reference_row_crlf_bom(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "\xef\xbb\xbf" HDR REF_ROW,
        "id,project_name,experiment_description,epoch,start_time,duration(s),power_consumption("
        "kWh),CO2_emissions(kg),CPU_name,GPU_name,OS,region/country,cost\r\n"
        "0120fffe-861f-4ef6-b65f-5f2a31bf5070,My_default_project_name,We "
        "trained...,N/A,2023-07-04 "
        "10:05:52,562.6173508167267,0.004280940368055225,0.00028909190305476936,\"Intel(R) "
        "Xeon(R) CPU E5-2680 v4 @ 2.40GHz/2 device(s), TDP:120.0\",Tesla P100-PCIE-12GB 1 "
        "device(s),Linux,FR/Auvergne-Rh\xc3\xb4ne-Alpes,0\r\n",
        "id,project_name,experiment_description,epoch,start_time,duration(s),power_consumption("
        "kWh),CO2_emissions(kg),CPU_name,GPU_name,OS,region/country,cost\r\n"
        "0120fffe-861f-4ef6-b65f-5f2a31bf5070,My_default_project_name,We "
        "trained...,N/A,2023-07-04 "
        "10:05:52,562.6173508167267,0.004280940368055225,0.00028909190305476936,\"Intel(R) "
        "Xeon(R) CPU E5-2680 v4 @ 2.40GHz/2 device(s), TDP:120.0\",Tesla P100-PCIE-12GB 1 "
        "device(s),Linux,FR/Auvergne-Rh\xc3\xb4ne-Alpes,0",
    };
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        struct lf f;
        assert_int_equal(parse(&f, texts[i]), GT_OK);
        assert_int_equal(f.nrecs, 1);
        assert_int_equal(f.nrejects, 0);
        check_reference_record(f.recs[0], 2);
        lf_release(&f);
    }
}

/* The same run written twice (two files concatenated, or a copy): each row is
 * a record of the same run_key, the aggregate keeps the latest. */
static void test_duplicate_start_stop_rows(void **state)
{
    (void)state;
    struct lf f;
    assert_int_equal(
        parse(&f, HDR
              "r1,p,e,N/A,2024-01-02 03:04:05,10,0.5,0.25," CPU ",G 1 device(s),Linux,FR,0\n"
              "r1,p,e,N/A,2024-01-02 03:04:05,20,0.75,0.375," CPU ",G 1 device(s),Linux,FR,0\n"
              "r2,p,e,N/A,2024-01-02 04:00:00,5,0.125,0.0625," CPU ",G 1 device(s),Linux,FR,0\n"),
        GT_OK);
    assert_int_equal(f.nrecs, 3);
    assert_int_equal(f.nrejects, 0);
    assert_string_equal(f.recs[0]->run_key, "r1");
    assert_string_equal(f.recs[1]->run_key, "r1");
    assert_string_equal(f.recs[2]->run_key, "r2");
    assert_int_equal(f.recs[0]->line, 2);
    assert_int_equal(f.recs[1]->line, 3);
    assert_int_equal(f.recs[2]->line, 4);
    assert_true(f.recs[0]->energy_kwh == 0.5);
    assert_true(f.recs[1]->energy_kwh == 0.75);
    assert_true(f.recs[1]->duration_s == 20);
    assert_true(f.recs[1]->co2e_g == 375);
    assert_true(f.recs[2]->end == gt_time_from_civil(2024, 1, 2, 4, 0, 5));
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(f.recs[i]->nrows, 1);
        assert_int_equal(f.recs[i]->kind, GT_KIND_ACTUAL);
        assert_string_equal(f.recs[i]->cpu_model, "Xeon");
        assert_string_equal(extra(f.recs[i], "cpu_sockets"), "1");
        assert_string_equal(extra(f.recs[i], "cpu_tdp_w"), "100.0");
        assert_string_equal(f.recs[i]->gpu_model, "G");
        assert_string_equal(f.recs[i]->country_iso, "FR");
        assert_string_equal(f.recs[i]->region, "");
    }
    lf_release(&f);
}

/* ---- training mode -------------------------------------------------------- */

static void test_training_sums_epochs(void **state)
{
    (void)state;
    struct lf f;
    /* two runs, their rows interleaved; A's epochs at lines 2, 4, 5 */
    assert_int_equal(
        parse(&f, HDR
              "A,proj,desc,\"epoch: 1, loss: 0.5, acc: 0.8, \",2024-04-02 "
              "10:00:03,60.5,0.002,0.000135," CPU ",Tesla T4 1 device(s),Linux,FR/Bretagne,0.5\n"
              "B,proj,other,\"epoch: 1, loss: 0.9, lr: [0.1, 0.01], \",2024-04-02 "
              "10:00:00,30.25,0.001,0.0000675," CPU ",Tesla T4 1 device(s),Linux,FR,0.25\n"
              "A,proj,desc,\"epoch: 2, loss: 0.25, acc: 0.9, \",2024-04-02 "
              "10:01:04,61.25,0.003,0.0002," CPU ",Tesla T4 1 device(s),Linux,FR/Bretagne,0.25\n"
              "A,proj,desc,\"epoch: 3, loss: 0.125, acc: 0.95, \",2024-04-02 "
              "10:02:05,59.75,0.0025,0.00017," CPU
              ",Tesla T4 1 device(s),Linux,FR/Bretagne,0.125\n"),
        GT_OK);
    assert_int_equal(f.nrecs, 2);
    assert_int_equal(f.nrejects, 0);
    assert_int_equal(f.nwarns, 0);

    const struct gt_record *a = f.recs[0];
    assert_string_equal(a->run_key, "A");
    assert_int_equal(a->kind, GT_KIND_EPOCHS);
    assert_int_equal(a->line, 2);
    assert_int_equal(a->nrows, 3);
    assert_int_equal(a->epochs, 3);
    double start = gt_time_from_civil(2024, 4, 2, 10, 0, 3);
    assert_true(a->start == start);
    assert_int_equal(a->tz, GT_TZ_LOCAL);
    assert_true(a->duration_s == 181.5);
    assert_true(a->end == start + 181.5);
    assert_true(a->energy_kwh == 0.002 + 0.003 + 0.0025);
    assert_true(a->co2e_g == (0.000135 + 0.0002 + 0.00017) * 1000.0);
    assert_string_equal(a->project, "proj");
    assert_string_equal(a->experiment, "desc");
    assert_string_equal(a->gpu_model, "Tesla T4");
    assert_true(a->gpu_count == 1);
    assert_string_equal(a->region, "Bretagne");
    /* extras in header order: CPU parts, epoch pairs of the last epoch, cost */
    assert_int_equal(a->nextras, 6);
    assert_string_equal(a->extras[0].key, "epoch.epoch");
    assert_string_equal(a->extras[0].value, "3");
    assert_string_equal(a->extras[1].key, "epoch.loss");
    assert_string_equal(a->extras[1].value, "0.125");
    assert_string_equal(a->extras[2].key, "epoch.acc");
    assert_string_equal(a->extras[2].value, "0.95");
    assert_string_equal(a->extras[3].key, "cpu_sockets");
    assert_string_equal(a->extras[4].key, "cpu_tdp_w");
    assert_string_equal(a->extras[5].key, "cost");
    assert_string_equal(a->extras[5].value, "0.875");

    const struct gt_record *b = f.recs[1];
    assert_string_equal(b->run_key, "B");
    assert_int_equal(b->kind, GT_KIND_EPOCHS);
    assert_int_equal(b->line, 3);
    assert_int_equal(b->nrows, 1);
    assert_int_equal(b->epochs, 1);
    assert_true(b->duration_s == 30.25);
    assert_true(b->energy_kwh == 0.001);
    assert_true(b->start == gt_time_from_civil(2024, 4, 2, 10, 0, 0));
    assert_string_equal(extra(b, "epoch.loss"), "0.9");
    /* a value holding ", " stays whole */
    assert_string_equal(extra(b, "epoch.lr"), "[0.1, 0.01]");
    assert_string_equal(extra(b, "cost"), "0.25");
    assert_string_equal(b->country_iso, "FR");
    lf_release(&f);
}

/* A row of a training run with epoch "N/A" (written between start_training
 * and the first new_epoch) is summed, with a warning; a rejected row is not. */
static void test_training_with_na_and_bad_rows(void **state)
{
    (void)state;
    struct lf f;
    assert_int_equal(parse(&f, HDR "A,p,d,N/A,2024-04-02 10:00:00,1.5,0.5,0.125," CPU
                                   ",G 1 device(s),Linux,FR,0\n"
                                   "A,p,d,\"epoch: 1, \",2024-04-02 10:00:02,2,0.25,0.0625," CPU
                                   ",G 1 device(s),Linux,FR,0\n"
                                   "A,p,d,\"epoch: 2, \",2024-04-02 10:00:04,2,-0.25,0.0625," CPU
                                   ",G 1 device(s),Linux,FR,0\n"
                                   "A,p,d,\"epoch: 3, \",2024-04-02 10:00:06,4,0.125,0.03125," CPU
                                   ",G 1 device(s),Linux,FR,x\n"),
                     GT_OK);
    assert_int_equal(f.nrecs, 1);
    assert_int_equal(f.nrejects, 1);
    assert_string_equal(f.rejects[0], "4: negative 'power_consumption(kWh)': -0.25");
    assert_int_equal(f.nwarns, 1);
    assert_string_equal(f.warns[0],
                        "2: 'epoch' is 'N/A' in training run 'A': summed with its epochs");
    const struct gt_record *a = f.recs[0];
    assert_int_equal(a->line, 2);
    assert_int_equal(a->nrows, 3);
    assert_int_equal(a->epochs, 2);
    assert_true(a->duration_s == 7.5);
    assert_true(a->energy_kwh == 0.875);
    assert_true(a->co2e_g == 218.75);
    assert_true(a->start == gt_time_from_civil(2024, 4, 2, 10, 0, 0));
    assert_string_equal(extra(a, "epoch.epoch"), "3");
    /* a cost that is not a number is not summed: the last row's text */
    assert_string_equal(extra(a, "cost"), "x");
    lf_release(&f);
}

/* ---- columns -------------------------------------------------------------- */

/* eco2ai 0.3.13: per-device columns, power-method labels; unknown columns go
 * to extras in file order; old "{region}/{CC}" order; no GPU. */
static void test_columns_and_extras(void **state)
{
    (void)state;
    struct lf f;
    assert_int_equal(
        parse(&f, "ID,project_name,experiment_description,epoch,start_time,duration(s),"
                  "power_consumption(kWh),CO2_emissions(kg),CPU_name,GPU_name,OS,user,region/"
                  "country,cost,CPU_consumption(kWh),GPU_consumption(kWh),RAM_consumption(kWh)\n"
                  "r,p,e,N/A,2024-01-02 03:04:05,10,1,0.5,\"CPU/1 device(s), TDP:45 "
                  "method:tdp\",device 1 device(s) method:nvml_energy,Linux,alice,"
                  "\xc3\x8ele-de-France/FR,0,0.25,0.5,N/A\n"
                  "s,p,e,N/A,2024-01-02 03:04:05,,2,,\"weird cpu\", 0 device(s),Linux,bob,World,"
                  "N/A,N/A,N/A,N/A\n"),
        GT_OK);
    assert_int_equal(f.nrecs, 2);
    assert_int_equal(f.nrejects, 0);
    const struct gt_record *r = f.recs[0];
    assert_string_equal(r->run_key, "r");
    assert_true(r->cpu_kwh == 0.25);
    assert_true(r->gpu_kwh == 0.5);
    assert_nan(r->ram_kwh);
    assert_string_equal(r->cpu_model, "CPU");
    assert_string_equal(r->gpu_model, "device");
    assert_true(r->gpu_count == 1);
    assert_string_equal(r->country_iso, "FR");
    assert_string_equal(r->region, "\xc3\x8ele-de-France");
    assert_int_equal(r->nextras, 6);
    static const char *const want[6][2] = {
        {"cpu_sockets", "1"},
        {"cpu_tdp_w", "45"},
        {"cpu_power_method", "method:tdp"},
        {"gpu_power_method", "method:nvml_energy"},
        {"user", "alice"},
        {"cost", "0"},
    };
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(r->extras[i].key, want[i][0]);
        assert_string_equal(r->extras[i].value, want[i][1]);
    }

    r = f.recs[1];
    assert_true(r->energy_kwh == 2);
    assert_nan(r->duration_s);
    assert_nan(r->end);
    assert_nan(r->co2e_g);
    assert_nan(r->cpu_kwh);
    assert_string_equal(r->cpu_model, "weird cpu");
    assert_null(extra(r, "cpu_sockets"));
    assert_string_equal(r->gpu_model, "");
    assert_true(r->gpu_count == 0);
    assert_string_equal(r->country, "World");
    assert_string_equal(r->country_iso, "");
    assert_string_equal(extra(r, "cost"), "N/A");
    lf_release(&f);
}

/* ---- malformed input ------------------------------------------------------ */

struct bad_case {
    const char *text;
    long rows; /* data rows read */
    size_t nrecs;
    const char *rejects[3];
};

#define GOOD "g,p,e,N/A,2024-01-02 03:04:05,10,0.5,0.25," CPU ",G 1 device(s),Linux,FR,0\n"

static const struct bad_case bad_cases[] = {
    {HDR "r,p,e,N/A,2024-01-02 03:04:05,10,nan,0.1," CPU ",G 1 device(s),Linux,FR,0\n",
     1,
     0,
     {"2: cannot parse 'power_consumption(kWh)': 'nan'"}},
    {HDR "r,p,e,N/A,2024-01-02 03:04:05,10,inf,0.1," CPU ",G 1 device(s),Linux,FR,0\n",
     1,
     0,
     {"2: cannot parse 'power_consumption(kWh)': 'inf'"}},
    {HDR "r,p,e,N/A,2024-01-02 03:04:05,-inf,1,0.1," CPU ",G 1 device(s),Linux,FR,0\n",
     1,
     0,
     {"2: cannot parse 'duration(s)': '-inf'"}},
    {HDR "r,p,e,N/A,2024-01-02 03:04:05,10,1e999,0.1," CPU ",G 1 device(s),Linux,FR,0\n",
     1,
     0,
     {"2: cannot parse 'power_consumption(kWh)': '1e999'"}},
    {HDR "r,p,e,N/A,2024-01-02 03:04:05,10,-1,0.1," CPU ",G 1 device(s),Linux,FR,0\n",
     1,
     0,
     {"2: negative 'power_consumption(kWh)': -1"}},
    {HDR "r,p,e,N/A,2024-01-02 03:04:05,10,1,-0.5," CPU ",G 1 device(s),Linux,FR,0\n",
     1,
     0,
     {"2: negative 'CO2_emissions(kg)': -0.5"}},
    {HDR "r,p,e,N/A,2024-01-02 03:04:05,abc,1,0.5," CPU ",G 1 device(s),Linux,FR,0\n",
     1,
     0,
     {"2: cannot parse 'duration(s)': 'abc'"}},
    {HDR "r,p,e,N/A,2024-01-02 03:04:05,10,,0.5," CPU ",G 1 device(s),Linux,FR,0\n",
     1,
     0,
     {"2: missing 'power_consumption(kWh)'"}},
    {HDR "r,p,e,N/A,2024-01-02 03:04:05,10,N/A,0.5," CPU ",G 1 device(s),Linux,FR,0\n",
     1,
     0,
     {"2: missing 'power_consumption(kWh)'"}},
    {HDR "r,p,e,N/A,yesterday,10,1,0.5," CPU ",G 1 device(s),Linux,FR,0\n",
     1,
     0,
     {"2: cannot parse 'start_time': 'yesterday'"}},
    /* truncated row (a file cut while being rewritten), then a good one */
    {HDR "r,p,e,N/A,2024-01-02 03:04:05\n" GOOD, 2, 1, {"2: truncated row: 5 of 13 cells"}},
    {HDR GOOD "r,p,e,N/A,2024-01-02 03:04:05,10,1,0.5," CPU ",G 1 device(s),Linux,FR,0,extra\n",
     2,
     1,
     {"3: row has 14 cells, header has 13"}},
    /* a quoted cell over two lines: the next rows keep their line numbers */
    {HDR "m,p,\"two\nlines\",N/A,2024-01-02 03:04:05,10,1,0.5," CPU ",G 1 device(s),Linux,FR,0\n"
         "r,p,e,N/A,2024-01-02 03:04:05,10,x,0.5," CPU ",G 1 device(s),Linux,FR,0\n" GOOD,
     3,
     2,
     {"4: cannot parse 'power_consumption(kWh)': 'x'"}},
    /* a header without the energy column: every row is missing it */
    {"id,project_name,start_time,duration(s)\nr,p,2024-01-02 03:04:05,10\nq,p,,\n",
     2,
     0,
     {"2: missing 'power_consumption(kWh)'", "3: missing 'power_consumption(kWh)'"}},
    /* ';' instead of ',': one cell per line, no energy column */
    {"id;project_name;epoch;start_time;duration(s);power_consumption(kWh)\nr;p;N/A;2024-01-02 "
     "03:04:05;10;1\n",
     1,
     0,
     {"2: missing 'power_consumption(kWh)'"}},
    /* a long unparseable value is quoted up to 64 bytes */
    {HDR "r,p,e,N/A,2024-01-02 03:04:05,10,"
         "0123456789012345678901234567890123456789012345678901234567890123456789,0.5," CPU
         ",G 1 device(s),Linux,FR,0\n",
     1,
     0,
     {"2: cannot parse 'power_consumption(kWh)': "
      "'0123456789012345678901234567890123456789012345678901234567890123'"}},
    /* a spreadsheet re-save: an empty trailing header name, empty trailing cells */
    {"id,project_name,experiment_description,epoch,start_time,duration(s),power_consumption(kWh),"
     "CO2_emissions(kg),CPU_name,GPU_name,OS,region/country,cost,\n" GOOD,
     1,
     1,
     {NULL}},
    {HDR "g,p,e,N/A,2024-01-02 03:04:05,10,0.5,0.25," CPU ",G 1 device(s),Linux,FR,0,, \n",
     1,
     1,
     {NULL}},
    {"", 0, 0, {NULL}},
    {HDR, 0, 0, {NULL}},
    {"id,project_name,epoch,start_time,power_consumption(kWh)", 0, 0, {NULL}},
    {"\n\n\r\n", 0, 0, {NULL}},
};

static void test_malformed(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct bad_case *c = &bad_cases[i];
        struct lf f;
        assert_int_equal(parse(&f, c->text), GT_OK);
        size_t nrej = 0;
        while (nrej < 3 && c->rejects[nrej])
            nrej++;
        if (f.nrecs != c->nrecs || f.nrejects != nrej)
            print_error("malformed case %zu: %zu records, %zu rejects (first: '%s')\n", i, f.nrecs,
                        f.nrejects, f.nrejects ? f.rejects[0] : "");
        assert_int_equal(f.rows_emitted + (long)f.nrejects, c->rows);
        assert_int_equal(f.nrecs, c->nrecs);
        assert_int_equal(f.nrejects, nrej);
        for (size_t k = 0; k < nrej; k++)
            assert_string_equal(f.rejects[k], c->rejects[k]);
        lf_release(&f);
    }
}

/* An unterminated quote is a CSV error with file and line; nothing is read. */
static void test_unterminated_quote(void **state)
{
    (void)state;
    struct lf f;
    struct gt_error err;
    gt_error_clear(&err);
    lf_init(&f, "e.csv");
    const char *s = HDR GOOD "r,p,\"open,N/A\n";
    assert_int_equal(gt_eco2ai_parse(s, strlen(s), &f.ctx, &err), GT_E_PARSE);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.file, "e.csv");
    assert_int_equal(f.nrecs, 0);
    assert_int_equal(f.nrejects, 0);
}

static void test_binary_garbage(void **state)
{
    (void)state;
    unsigned char buf[2048];
    uint32_t x = 2463534242u;
    for (int round = 0; round < 50; round++) {
        size_t n = (size_t)(round * 41 % (int)sizeof buf);
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            unsigned char c = (unsigned char)x;
            /* keep some structure: commas and newlines */
            buf[i] = (x >> 8) % 7 == 0 ? ',' : (x >> 8) % 11 == 0 ? '\n' : c;
        }
        struct lf f;
        enum gt_status st = parse_n(&f, (const char *)buf, n);
        assert_true(st == GT_OK || st == GT_E_PARSE);
        for (size_t k = 0; k < f.nrecs; k++) {
            assert_true(f.recs[k]->nrows >= 1);
            assert_false(f.recs[k]->energy_kwh < 0 || isnan(f.recs[k]->energy_kwh));
        }
        lf_release(&f);
    }
}

/* A failing emit stops the parser and its status is returned. */
static enum gt_status emit_fail(void *ud, const struct gt_record *r)
{
    (void)r;
    (*(int *)ud)++;
    return GT_E_NOMEM;
}

static void test_emit_failure_stops(void **state)
{
    (void)state;
    int calls = 0;
    struct gt_parse_ctx ctx = {.file = "e.csv", .ud = &calls, .emit = emit_fail};
    struct gt_error err;
    gt_error_clear(&err);
    const char *s = HDR GOOD GOOD GOOD;
    assert_int_equal(gt_eco2ai_parse(s, strlen(s), &ctx, &err), GT_E_NOMEM);
    assert_int_equal(calls, 1);
}

/* ---- sniffer -------------------------------------------------------------- */

struct sniff_case {
    const char *head;
    int want;
};

static const struct sniff_case sniff_cases[] = {
    {HDR REF_ROW, 1},
    {"\xef\xbb\xbf" HDR, 1},
    {"start_time,power_consumption(kWh),id\n", 1},
    {"\"id\",\"start_time\",\"power_consumption(kWh)\"\r\n", 1},
    /* cut mid-header: only what is there counts */
    {"id,project_name,experiment_description,epoch,start_time,duration(s),power_consumption(kWh)",
     1},
    {"id,project_name,experiment_description,epoch,start_time,duration(s),power_", 0},
    {"timestamp,project_name,run_id,duration,emissions,energy_consumed\n", 0},
    {"total emissions (kg),total energy (kWh),last_run emissions (kg),last_run energy (kWh)\n", 0},
    {"coreType;CPUmodel;energy_needed;carbonEmissions\n", 0},
    {"Stats :\n1 g de co2.\n2 kWh\n", 0},
    /* encode_file=True: every header cell ciphered */
    {"nj,upt{jiy_sfrj,jc{jwnrjsy_ijxhwnuynts,jutho,xyfwy_ynrj\n", 0},
    /* the columns on a later line do not count */
    {"x\nid,start_time,power_consumption(kWh)\n", 0},
    {"", 0},
};

static void test_sniff(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof sniff_cases / sizeof sniff_cases[0]; i++) {
        const struct sniff_case *c = &sniff_cases[i];
        if (gt_eco2ai_sniff(c->head, strlen(c->head)) != c->want)
            print_error("sniff case %zu: '%s'\n", i, c->head);
        assert_int_equal(gt_eco2ai_sniff(c->head, strlen(c->head)), c->want);
    }
    /* the detection table picks eco2ai for an eco2ai file */
    const struct gt_log_format *fmt = gt_log_detect(HDR REF_ROW, strlen(HDR REF_ROW));
    assert_non_null(fmt);
    assert_string_equal(fmt->name, "eco2ai-csv");
}

/* ---- files ---------------------------------------------------------------- */

static void test_reference_file(void **state)
{
    (void)state;
    size_t len = 0;
    char *s = lf_slurp(GT_REFERENCE_DIR "/eco2ai/sample_output/my_emission_file.csv", &len);
    if (!s)
        skip();
    struct lf f;
    assert_int_equal(parse_n(&f, s, len), GT_OK);
    assert_int_equal(f.nrecs, 1);
    assert_int_equal(f.nrejects, 0);
    check_reference_record(f.recs[0], 2);
    lf_release(&f);
    free(s);
}

/* samples/eco2ai: the totals its README states */
static void test_samples(void **state)
{
    (void)state;
    size_t len = 0;
    char *s = lf_slurp(GT_SOURCE_DIR "/samples/eco2ai/emission.csv", &len);
    if (!s)
        skip();
    struct lf f;
    assert_int_equal(parse_n(&f, s, len), GT_OK);
    free(s);
    assert_int_equal(f.nrecs, 3);
    assert_int_equal(f.nrejects, 0);
    double kwh = 0, g = 0;
    for (size_t i = 0; i < f.nrecs; i++) {
        kwh += f.recs[i]->energy_kwh;
        g += f.recs[i]->co2e_g;
    }
    assert_float_equal(kwh, 0.9888767365, 1e-12);
    assert_float_equal(g, 298.75737175082907, 1e-9);
    assert_string_equal(f.recs[1]->experiment, "squad v2, 3 epochs");
    assert_string_equal(f.recs[1]->country_iso, "DE");
    assert_string_equal(f.recs[2]->gpu_model, "");
    assert_true(f.recs[2]->gpu_count == 0);
    lf_release(&f);

    s = lf_slurp(GT_SOURCE_DIR "/samples/eco2ai/training_emission.csv", &len);
    assert_non_null(s);
    assert_int_equal(parse_n(&f, s, len), GT_OK);
    free(s);
    assert_int_equal(f.nrecs, 2);
    assert_int_equal(f.nrejects, 0);
    assert_int_equal(f.rows_emitted, 8);
    assert_int_equal(f.recs[0]->epochs, 4);
    assert_int_equal(f.recs[0]->line, 2);
    assert_int_equal(f.recs[1]->line, 6);
    assert_float_equal(f.recs[0]->energy_kwh, 0.0083657, 1e-12);
    assert_float_equal(f.recs[0]->co2e_g, 0.5649357210000001, 1e-12);
    assert_float_equal(f.recs[0]->duration_s, 244.49050866821665, 1e-9);
    assert_float_equal(f.recs[1]->energy_kwh, 0.0055368, 1e-12);
    assert_float_equal(f.recs[1]->co2e_g, 0.37390010400000007, 1e-12);
    assert_string_equal(extra(f.recs[1], "epoch.accuracy"), "0.9738");
    lf_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_row),
        cmocka_unit_test(test_reference_row_crlf_bom),
        cmocka_unit_test(test_duplicate_start_stop_rows),
        cmocka_unit_test(test_training_sums_epochs),
        cmocka_unit_test(test_training_with_na_and_bad_rows),
        cmocka_unit_test(test_columns_and_extras),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_unterminated_quote),
        cmocka_unit_test(test_binary_garbage),
        cmocka_unit_test(test_emit_failure_stops),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_reference_file),
        cmocka_unit_test(test_samples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
