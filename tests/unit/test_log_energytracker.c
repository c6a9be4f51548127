/* test_log_energytracker.c - the seed-000 EnergyTracker parsers (co2/total.csv
 * with its MWh bug, GreenAlgorithm_emissions.txt in both variants;
 * core/log_energytracker.c) and the Green Algorithms calculator CSV export
 * (core/log_ga_export.c). */
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
#include "log_fixture.h"

typedef enum gt_status (*parse_fn)(const char *, size_t, const struct gt_parse_ctx *,
                                   struct gt_error *);

#define TOTAL_HDR                                                                                  \
    "total emissions (kg),total energy (kWh),last_run emissions (kg),last_run energy (kWh)\n"
/* the real total.csv (nathanlemmers/EnergyTracker @ 4d11d9f) */
#define TOTAL_REF                                                                                  \
    TOTAL_HDR                                                                                      \
    "0.0004707319853634508,1.756735119847999e-05,0.0004707319853634508,1.756735119847999e-"        \
    "05\n"

#define GA_V2                                                                                      \
    "If you want more precise and efficient stats, enter your data in the csv file.Stats for "     \
    "GreenAlgorithm: http://calculator.green-algorithms.org/\n"                                    \
    "Run time: 10.05 minutes\n"                                                                    \
    "Type of cores: Both\n"                                                                        \
    "CPUs:\n"                                                                                      \
    "Number of cores: 40\n"                                                                        \
    "Model: Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz\n"                                            \
    "GPUs:\n"                                                                                      \
    "Number of GPUs: 2\n"                                                                          \
    "GPU 0: Tesla V100-SXM2-32GB\n"                                                                \
    "GPU 1: Tesla V100-SXM2-32GB\n"                                                                \
    "M\xc3\xa9moire RAM moyenne utilis\xc3\xa9"                                                    \
    "e: 6.41 Go\n"                                                                                 \
    "The CPU usage factor is: 0.0247\n"                                                            \
    "The GPU usage factor is: 87\n"

#define GA_EXPORT_HDR                                                                              \
    "coreType;CPUmodel;numberCPUs;tdpCPU;usageCPUradio;usageCPU;GPUmodel;numberGPUs;tdpGPU;"       \
    "usageGPUradio;usageGPU;memory;runTime_hour;runTime_min;platformType;locationContinent;"       \
    "locationCountry;locationRegion;provider;serverContinent;server;location;carbonIntensity;PUE;" \
    "PUEradio;mult_factor;mult_factor_radio;appVersion;energy_needed;carbonEmissions;runTime;"     \
    "power_needed;CE_CPU;CE_GPU;CE_core;CE_memory\n"
/* samples/green-algorithms (12 h, 12 cores of Xeon E5-2683 v4, 64 GB, PUE
 * 1.67, France; see its README for the arithmetic) */
#define GA_EXPORT_ROW                                                                              \
    "CPU;Xeon E5-2683 v4;12;7.5;No;1.0;NVIDIA Tesla "                                              \
    "V100;1;0;No;0;64;12;0;localServer;Europe;France;FR;gcp;Europe;gcp--europe-west1;FR;51.28;1."  \
    "67;Yes;1;No;v3.0;2.2813536;116.98781260800001;12.0;190.1128;92.488608;0.0;92.488608;24."      \
    "499204608\n"

#define CC_HDR "timestamp,project_name,run_id,duration,emissions,emissions_rate,energy_consumed\n"
#define ECO_HDR                                                                                    \
    "id,project_name,experiment_description,epoch,start_time,duration(s),power_consumption(kWh),"  \
    "CO2_emissions(kg),CPU_name,GPU_name,OS,region/country,cost\n"

/* ---- helpers ------------------------------------------------------------ */

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

/* Parses with fn; rows is the number of source rows the input holds (-1:
 * count CSV data rows with delim). Checks rows = used + rejected. */
static enum gt_status run(parse_fn fn, struct lf *f, const char *file, const char *s, size_t n,
                          long rows, char delim)
{
    struct gt_error err;
    gt_error_clear(&err);
    lf_init(f, file);
    enum gt_status st = fn(s, n, &f->ctx, &err);
    if (st == GT_OK) {
        if (rows < 0)
            rows = csv_data_rows(s, n, delim);
        assert_int_equal(f->rows_emitted + (long)f->nrejects, rows);
    }
    return st;
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

/* A table case: input, records, rejects and warnings ("LINE: text"). */
struct tcase {
    const char *text;
    size_t nrecs;
    const char *rejects[3];
    const char *warns[3];
};

static void run_cases(parse_fn fn, const char *file, const struct tcase *cases, size_t n, long rows,
                      char delim)
{
    for (size_t i = 0; i < n; i++) {
        const struct tcase *c = &cases[i];
        struct lf f;
        assert_int_equal(run(fn, &f, file, c->text, strlen(c->text), rows, delim), GT_OK);
        size_t nrej = 0, nw = 0;
        while (nrej < 3 && c->rejects[nrej])
            nrej++;
        while (nw < 3 && c->warns[nw])
            nw++;
        if (f.nrecs != c->nrecs || f.nrejects != nrej || f.nwarns != nw)
            print_error("%s case %zu: %zu records, %zu rejects ('%s'), %zu warnings ('%s')\n", file,
                        i, f.nrecs, f.nrejects, f.nrejects ? f.rejects[0] : "", f.nwarns,
                        f.nwarns ? f.warns[0] : "");
        assert_int_equal(f.nrecs, c->nrecs);
        assert_int_equal(f.nrejects, nrej);
        assert_int_equal(f.nwarns, nw);
        for (size_t k = 0; k < nrej; k++)
            assert_string_equal(f.rejects[k], c->rejects[k]);
        for (size_t k = 0; k < nw; k++)
            assert_string_equal(f.warns[k], c->warns[k]);
        for (size_t k = 0; k < f.nrecs; k++)
            assert_true(f.recs[k]->nrows >= 1);
        lf_release(&f);
    }
}

/* ---- total.csv ------------------------------------------------------------ */

static void test_total_reference_is_mwh(void **state)
{
    (void)state;
    struct lf f;
    assert_int_equal(run(gt_et_total_parse, &f, "total.csv", TOTAL_REF, strlen(TOTAL_REF), -1, ','),
                     GT_OK);
    assert_int_equal(f.nrecs, 1);
    assert_int_equal(f.nrejects, 0);
    const struct gt_record *r = f.recs[0];
    assert_string_equal(r->file, "total.csv");
    assert_int_equal(r->line, 2);
    assert_int_equal(r->nrows, 1);
    assert_string_equal(r->format, "energytracker-total");
    assert_int_equal(r->tool, GT_TOOL_ENERGYTRACKER);
    assert_int_equal(r->kind, GT_KIND_TOTAL);
    assert_string_equal(r->run_key, "");
    assert_int_equal(r->flags, GT_REC_MWH_FIXED);
    assert_true(r->energy_kwh == 1.756735119847999e-05 * 1000.0);
    assert_true(r->co2e_g == 0.0004707319853634508 * 1000.0);
    assert_nan(r->start);
    assert_nan(r->duration_s);
    assert_nan(r->pue);
    assert_int_equal(r->nextras, 2);
    assert_string_equal(r->extras[0].key, "last_run_energy_kwh");
    assert_string_equal(r->extras[0].value, "0.017567351198479988");
    assert_string_equal(r->extras[1].key, "last_run_co2e_g");
    assert_string_equal(r->extras[1].value, "0.4707319853634508");
    assert_int_equal(f.nwarns, 2);
    assert_string_equal(f.warns[0], "2: 'total energy (kWh)' holds MWh (implies 26796 gCO2e/kWh; "
                                    "read as 0.01756735 kWh, 26.8 gCO2e/kWh)");
    assert_string_equal(f.warns[1], "2: 'last_run energy (kWh)' holds MWh (implies 26796 "
                                    "gCO2e/kWh; read as 0.01756735 kWh, 26.8 gCO2e/kWh)");
    lf_release(&f);
}

/* a total kept through the eco2ai path: real kWh, nothing to fix */
static void test_total_kwh(void **state)
{
    (void)state;
    struct lf f;
    const char *s = TOTAL_HDR "0.00028909190305476936,0.004280940368055225,0.00028909190305476936,"
                              "0.004280940368055225\r\n";
    assert_int_equal(run(gt_et_total_parse, &f, "total.csv", s, strlen(s), 1, ','), GT_OK);
    assert_int_equal(f.nrecs, 1);
    assert_int_equal(f.nwarns, 0);
    assert_int_equal(f.recs[0]->flags, 0);
    assert_true(f.recs[0]->energy_kwh == 0.004280940368055225);
    assert_true(f.recs[0]->co2e_g == 0.00028909190305476936 * 1000.0);
    assert_string_equal(extra(f.recs[0], "last_run_energy_kwh"), "0.004280940368055225");
    assert_string_equal(extra(f.recs[0], "last_run_co2e_g"), "0.28909190305476934");
    lf_release(&f);
}

static const struct tcase total_cases[] = {
    /* samples/energytracker: a kWh run then a MWh run; only last_run is fixed */
    {TOTAL_HDR "0.0029931161033983243,0.029207277655195332,0.0010220946271606935,1."
               "9931642495333333e-05\n",
     1,
     {NULL},
     {"2: 'last_run energy (kWh)' holds MWh (implies 51280 gCO2e/kWh; read as 0.01993164 kWh, "
      "51.3 gCO2e/kWh)",
      "2: 'total energy (kWh)' may mix kWh and MWh: 'last_run energy (kWh)' holds MWh but the "
      "total does not look like it; kept as logged"}},
    /* 2500 g/kWh is no grid: MWh, 2.5 g/kWh */
    {TOTAL_HDR "0.0025,0.001,,\n",
     1,
     {NULL},
     {"2: 'total energy (kWh)' holds MWh (implies 2500 gCO2e/kWh; read as 1 kWh, 2.5 gCO2e/kWh)"}},
    /* 1500 g/kWh could be a grid; 5e6 g/kWh is not MWh either (5000 g/kWh) */
    {TOTAL_HDR "1.5,1,1.5,1\n", 1, {NULL}, {NULL}},
    {TOTAL_HDR "5,0.001,5,0.001\n", 1, {NULL}, {NULL}},
    {TOTAL_HDR "0,0,0,0\n", 1, {NULL}, {NULL}},
    {"total emissions (kg),total energy (kWh)\n0.001,0.01\n", 1, {NULL}, {NULL}},
    {TOTAL_HDR "0.001,,0.001,0.01\n", 0, {"2: missing 'total energy (kWh)'"}, {NULL}},
    {TOTAL_HDR "0.001,-0.01,0.001,0.01\n", 0, {"2: negative 'total energy (kWh)': -0.01"}, {NULL}},
    {TOTAL_HDR "nan,0.01,0.001,0.01\n",
     0,
     {"2: cannot parse 'total emissions (kg)': 'nan'"},
     {NULL}},
    {TOTAL_HDR "0.001,0.01,0.001,inf\n",
     0,
     {"2: cannot parse 'last_run energy (kWh)': 'inf'"},
     {NULL}},
    {TOTAL_HDR "0.001,0.01\n", 0, {"2: truncated row: 2 of 4 cells"}, {NULL}},
    {TOTAL_HDR "1,2,3,4,5\n", 0, {"2: row has 5 cells, header has 4"}, {NULL}},
    {TOTAL_HDR "0.001,0.01,0.001,0.01\n0.002,0.02,0.001,0.01\n",
     2,
     {NULL},
     {"3: more than one data row (EnergyTracker writes one)"}},
    {"total emissions (kg);total energy (kWh)\n0.001;0.01\n",
     0,
     {"2: missing 'total energy (kWh)'"},
     {NULL}},
    {TOTAL_HDR, 0, {NULL}, {NULL}},
    {"", 0, {NULL}, {NULL}},
};

static void test_total_cases(void **state)
{
    (void)state;
    run_cases(gt_et_total_parse, "total.csv", total_cases,
              sizeof total_cases / sizeof total_cases[0], -1, ',');
}

/* ---- GreenAlgorithm_emissions.txt ---------------------------------------- */

static void test_ga_stats(void **state)
{
    (void)state;
    static const char *const texts[] = {
        "Stats :\n0.4707319853634508 g de co2.\n0.01756735119847999 kWh\n",
        "\xef\xbb\xbfStats :\r\n0.4707319853634508 g de co2.\r\n0.01756735119847999 kWh",
    };
    for (size_t i = 0; i < 2; i++) {
        struct lf f;
        assert_int_equal(run(gt_et_ga_parse, &f, "GreenAlgorithm_emissions.txt", texts[i],
                             strlen(texts[i]), 1, 0),
                         GT_OK);
        assert_int_equal(f.nrecs, 1);
        assert_int_equal(f.nwarns, 0);
        const struct gt_record *r = f.recs[0];
        assert_string_equal(r->file, "GreenAlgorithm_emissions.txt");
        assert_int_equal(r->line, 1);
        assert_int_equal(r->nrows, 1);
        assert_string_equal(r->format, "energytracker-ga");
        assert_int_equal(r->tool, GT_TOOL_ENERGYTRACKER);
        assert_int_equal(r->kind, GT_KIND_ACTUAL);
        assert_int_equal(r->flags, 0);
        assert_string_equal(r->run_key, "");
        assert_true(r->energy_kwh == 0.01756735119847999);
        assert_true(r->co2e_g == 0.4707319853634508);
        assert_nan(r->duration_s);
        assert_nan(r->ci_g_per_kwh);
        assert_int_equal(r->nextras, 0);
        lf_release(&f);
    }
}

static void check_describe(const struct gt_record *r)
{
    assert_int_equal(r->line, 1);
    assert_int_equal(r->nrows, 1);
    assert_string_equal(r->format, "energytracker-ga");
    assert_int_equal(r->flags, GT_REC_NO_ENERGY);
    assert_nan(r->energy_kwh);
    assert_nan(r->co2e_g);
    assert_true(r->duration_s == 10.05 * 60.0);
    assert_true(r->cpu_count == 40);
    assert_string_equal(r->cpu_model, "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz");
    assert_true(r->gpu_count == 2);
    assert_string_equal(r->gpu_model, "Tesla V100-SXM2-32GB, Tesla V100-SXM2-32GB");
    assert_true(r->ram_gb == 6.41);
    assert_int_equal(r->nextras, 3);
    assert_string_equal(r->extras[0].key, "core_type");
    assert_string_equal(r->extras[0].value, "Both");
    assert_string_equal(r->extras[1].key, "cpu_usage");
    assert_string_equal(r->extras[1].value, "0.0247");
    assert_string_equal(r->extras[2].key, "gpu_usage");
    assert_string_equal(r->extras[2].value, "87");
}

static void test_ga_describe(void **state)
{
    (void)state;
    struct lf f;
    assert_int_equal(run(gt_et_ga_parse, &f, "g.txt", GA_V2, strlen(GA_V2), 1, 0), GT_OK);
    assert_int_equal(f.nrecs, 1);
    assert_int_equal(f.nwarns, 0);
    check_describe(f.recs[0]);
    lf_release(&f);

    /* the same with CRLF line ends and no final newline */
    char crlf[2048];
    size_t n = 0;
    for (const char *p = GA_V2; *p; p++) {
        if (*p == '\n')
            crlf[n++] = '\r';
        crlf[n++] = *p;
    }
    n -= 2;
    assert_int_equal(run(gt_et_ga_parse, &f, "g.txt", crlf, n, 1, 0), GT_OK);
    assert_int_equal(f.nrecs, 1);
    assert_int_equal(f.nwarns, 0);
    check_describe(f.recs[0]);
    lf_release(&f);
}

static const struct tcase ga_cases[] = {
    {"", 0, {"1: empty file"}, {NULL}},
    {"\n \r\n", 0, {"1: empty file"}, {NULL}},
    {"hello\nworld\n",
     0,
     {"1: not a GreenAlgorithm_emissions.txt: expected 'Stats :' or 'Stats for GreenAlgorithm' on "
      "the first line"},
     {NULL}},
    {"Stats :\n1.5 g de co2.\n", 0, {"1: missing the '{kWh} kWh' line after 'Stats :'"}, {NULL}},
    {"Stats :\n", 0, {"1: missing the '{g} g de co2.' line after 'Stats :'"}, {NULL}},
    {"Stats :\nabc g de co2.\n1 kWh\n", 0, {"2: cannot parse 'g de co2': 'abc'"}, {NULL}},
    {"Stats :\n1 g de co2.\n-1 kWh\n", 0, {"3: negative 'kWh': -1"}, {NULL}},
    {"Stats :\n1 g de co2.\nnan kWh\n", 0, {"3: cannot parse 'kWh': 'nan'"}, {NULL}},
    {"\nStats :\n2 g de co2.\nhello\n0.5 kWh\n", 1, {NULL}, {"4: unrecognised line: 'hello'"}},
    {"If you want more precise and efficient stats, enter your data in the csv file.\nNumber of "
     "cores: 4\n",
     0,
     {"1: missing 'Run time'"},
     {NULL}},
    {"Stats for GreenAlgorithm: http://calculator.green-algorithms.org/\nRun time: ten minutes\n",
     0,
     {"2: cannot parse 'Run time': 'ten'"},
     {NULL}},
    {"Stats for GreenAlgorithm: x\nRun time: 1 minutes\nNumber of cores: -4\n",
     0,
     {"3: negative 'Number of cores': -4"},
     {NULL}},
    {"Stats for GreenAlgorithm: x\nRun time: 1.5 minutes\nM\xc3\xa9moire RAM moyenne "
     "utilis\xc3\xa9"
     "e: lots Go\n",
     0,
     {"3: cannot parse 'M\xc3\xa9moire RAM moyenne utilis\xc3\xa9"
      "e': 'lots'"},
     {NULL}},
    {"Stats for GreenAlgorithm: x\nRun time: 2 minutes\nsomething else\n",
     1,
     {NULL},
     {"3: unrecognised line: 'something else'"}},
};

static void test_ga_cases(void **state)
{
    (void)state;
    run_cases(gt_et_ga_parse, "g.txt", ga_cases, sizeof ga_cases / sizeof ga_cases[0], 1, 0);
}

/* a GreenAlgorithm_emissions.txt is one row: used or rejected, never lost */
static void test_ga_garbage(void **state)
{
    (void)state;
    char buf[1024];
    uint32_t x = 88172645u;
    for (int round = 0; round < 60; round++) {
        size_t n = (size_t)(round * 17 % (int)sizeof buf);
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            buf[i] = (x >> 8) % 9 == 0 ? '\n' : (char)x;
        }
        if (round % 3 == 0 && n > 10)
            memcpy(buf, "Stats :\n", 8);
        if (round % 3 == 1 && n > 30)
            memcpy(buf, "Stats for GreenAlgorithm\nGPU 1:", 31);
        struct lf f;
        assert_int_equal(run(gt_et_ga_parse, &f, "g.txt", buf, n, 1, 0), GT_OK);
        lf_release(&f);
    }
}

/* ---- Green Algorithms CSV export ----------------------------------------- */

static void test_ga_export_sample_row(void **state)
{
    (void)state;
    struct lf f;
    const char *s = GA_EXPORT_HDR GA_EXPORT_ROW;
    assert_int_equal(run(gt_ga_export_parse, &f, "ga.csv", s, strlen(s), 1, ';'), GT_OK);
    assert_int_equal(f.nrecs, 1);
    assert_int_equal(f.nrejects, 0);
    assert_int_equal(f.nwarns, 0);
    const struct gt_record *r = f.recs[0];
    assert_string_equal(r->file, "ga.csv");
    assert_int_equal(r->line, 2);
    assert_int_equal(r->nrows, 1);
    assert_string_equal(r->format, "green-algorithms-csv");
    assert_int_equal(r->tool, GT_TOOL_GREEN_ALGORITHMS);
    assert_string_equal(r->tool_version, "v3.0");
    assert_int_equal(r->kind, GT_KIND_ACTUAL);
    assert_int_equal(r->flags, 0);
    assert_string_equal(r->run_key, "");
    assert_true(r->energy_kwh == 2.2813536);
    assert_true(r->co2e_g == 116.98781260800001);
    assert_true(r->duration_s == 43200);
    assert_true(r->ci_g_per_kwh == 51.28);
    assert_true(r->pue == 1.67);
    assert_string_equal(r->cpu_model, "Xeon E5-2683 v4");
    assert_true(r->cpu_count == 12);
    /* coreType CPU: the prefilled GPU was not used */
    assert_string_equal(r->gpu_model, "");
    assert_true(r->gpu_count == 0);
    assert_true(r->ram_gb == 64);
    assert_string_equal(r->country, "France");
    assert_string_equal(r->region, "FR");
    assert_nan(r->start);
    assert_int_equal(r->nextras, 23);
    assert_string_equal(r->extras[0].key, "coreType");
    assert_string_equal(r->extras[0].value, "CPU");
    assert_string_equal(r->extras[1].key, "tdpCPU");
    assert_string_equal(r->extras[1].value, "7.5");
    assert_string_equal(extra(r, "GPUmodel"), "NVIDIA Tesla V100");
    assert_string_equal(extra(r, "numberGPUs"), "1");
    assert_string_equal(extra(r, "power_needed"), "190.1128");
    assert_string_equal(extra(r, "CE_memory"), "24.499204608");
    assert_string_equal(r->extras[22].key, "CE_memory");
    assert_null(extra(r, "energy_needed"));
    assert_null(extra(r, "CPUmodel"));
    lf_release(&f);
}

static void test_ga_export_variants(void **state)
{
    (void)state;
    struct lf f;
    /* no runTime: hours + minutes; coreType GPU; None; case-tolerant names;
     * a decimal comma; two rows */
    const char *s = "CORETYPE;cpuModel;numberCPUs;GPUmodel;numberGPUs;memory;runTime_hour;"
                    "runtime_min;locationCountry;locationRegion;PUE;carbonIntensity;"
                    "Energy_Needed;carbonEmissions;appVersion\n"
                    "GPU;Xeon Gold 6248;20;NVIDIA A100 SXM4 40 GB;4;None;2;30;Germany;DE;1,12;"
                    "338.66;3,5;1185.31;v2.2\n"
                    "Both;Any;8;T4;1;16;0;45;None;None;None;None;0.25;None;None\n";
    assert_int_equal(run(gt_ga_export_parse, &f, "ga.csv", s, strlen(s), 2, ';'), GT_OK);
    assert_int_equal(f.nrecs, 2);
    assert_int_equal(f.nrejects, 0);
    const struct gt_record *r = f.recs[0];
    assert_true(r->duration_s == 9000);
    assert_true(r->energy_kwh == 3.5);
    assert_true(r->pue == 1.12);
    assert_true(r->co2e_g == 1185.31);
    assert_string_equal(r->cpu_model, "");
    assert_true(r->cpu_count == 0);
    assert_string_equal(extra(r, "cpuModel"), "Xeon Gold 6248");
    assert_string_equal(extra(r, "numberCPUs"), "20");
    assert_string_equal(r->gpu_model, "NVIDIA A100 SXM4 40 GB");
    assert_true(r->gpu_count == 4);
    assert_nan(r->ram_gb);
    assert_string_equal(r->tool_version, "v2.2");
    r = f.recs[1];
    assert_int_equal(r->line, 3);
    assert_true(r->duration_s == 2700);
    assert_string_equal(r->cpu_model, "Any");
    assert_true(r->cpu_count == 8);
    assert_string_equal(r->gpu_model, "T4");
    assert_true(r->gpu_count == 1);
    assert_true(r->ram_gb == 16);
    assert_nan(r->co2e_g);
    assert_nan(r->pue);
    assert_string_equal(r->country, "");
    assert_string_equal(r->tool_version, "");
    assert_int_equal(r->nextras, 1);
    lf_release(&f);
}

#define MINI_HDR "energy_needed;carbonEmissions;runTime;PUE\n"

static const struct tcase export_cases[] = {
    {MINI_HDR "1;2;3;1.5\n", 1, {NULL}, {NULL}},
    {MINI_HDR ";2;3;1.5\n", 0, {"2: missing 'energy_needed'"}, {NULL}},
    {MINI_HDR "None;2;3;1.5\n", 0, {"2: missing 'energy_needed'"}, {NULL}},
    {"carbonEmissions;runTime\n2;3\n", 0, {"2: missing 'energy_needed'"}, {NULL}},
    {MINI_HDR "abc;2;3;1.5\n", 0, {"2: cannot parse 'energy_needed': 'abc'"}, {NULL}},
    {MINI_HDR "nan;2;3;1.5\n", 0, {"2: cannot parse 'energy_needed': 'nan'"}, {NULL}},
    {MINI_HDR "1;inf;3;1.5\n", 0, {"2: cannot parse 'carbonEmissions': 'inf'"}, {NULL}},
    {MINI_HDR "1;2;-3;1.5\n", 0, {"2: negative 'runTime': -3"}, {NULL}},
    {MINI_HDR "1;2;3\n", 0, {"2: truncated row: 3 of 4 cells"}, {NULL}},
    {MINI_HDR "1;2;3;4;5\n", 0, {"2: row has 5 cells, header has 4"}, {NULL}},
    {MINI_HDR "1,5,0;2;3;4\n", 0, {"2: cannot parse 'energy_needed': '1,5,0'"}, {NULL}},
    {MINI_HDR "1;2;3;4\nx;2;3;4\r\n5;6;7;8", 2, {"3: cannot parse 'energy_needed': 'x'"}, {NULL}},
    /* ',' instead of ';': one column, no energy_needed */
    {"energy_needed,carbonEmissions\n1,2\n", 0, {"2: missing 'energy_needed'"}, {NULL}},
    /* a spreadsheet re-save: trailing separators */
    {"energy_needed;carbonEmissions;runTime;PUE;\n1;2;3;1.5\n1;2;3;1.5;;\n", 2, {NULL}, {NULL}},
    {MINI_HDR, 0, {NULL}, {NULL}},
    {"", 0, {NULL}, {NULL}},
};

static void test_ga_export_cases(void **state)
{
    (void)state;
    run_cases(gt_ga_export_parse, "ga.csv", export_cases,
              sizeof export_cases / sizeof export_cases[0], -1, ';');
}

static void test_ga_export_garbage(void **state)
{
    (void)state;
    char buf[1024];
    uint32_t x = 1234567u;
    for (int round = 0; round < 60; round++) {
        size_t n = (size_t)(round * 17 % (int)sizeof buf);
        for (size_t i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            buf[i] = (x >> 8) % 5 == 0 ? ';' : (x >> 8) % 7 == 0 ? '\n' : (char)x;
        }
        if (round % 2 && n > 30)
            memcpy(buf, "energy_needed;carbonEmissions\n", 30);
        struct lf f;
        enum gt_status st = run(gt_ga_export_parse, &f, "ga.csv", buf, n, -1, ';');
        assert_true(st == GT_OK || st == GT_E_PARSE);
        lf_release(&f);
    }
}

/* ---- sniffers -------------------------------------------------------------- */

enum { S_TOTAL, S_GA, S_EXPORT, S_ECO2AI };

struct sniff_case {
    const char *head;
    int want[4];        /* total, ga txt, export, eco2ai */
    const char *format; /* gt_log_detect, NULL = none of ours */
};

static const struct sniff_case sniff_cases[] = {
    {TOTAL_REF, {1, 0, 0, 0}, "energytracker-total"},
    {"\xef\xbb\xbf" TOTAL_HDR, {1, 0, 0, 0}, "energytracker-total"},
    {"Stats :\n1 g de co2.\n2 kWh\n", {0, 1, 0, 0}, "energytracker-ga"},
    {"Stats :\r\n1 g de co2.", {0, 1, 0, 0}, "energytracker-ga"},
    {"Stats :\nsomething\n", {0, 0, 0, 0}, NULL},
    {GA_V2, {0, 1, 0, 0}, "energytracker-ga"},
    {"If you want more precise and efficient stats", {0, 1, 0, 0}, "energytracker-ga"},
    {GA_EXPORT_HDR GA_EXPORT_ROW, {0, 0, 1, 0}, "green-algorithms-csv"},
    {"energy_needed;carbonemissions", {0, 0, 1, 0}, "green-algorithms-csv"},
    {"energy_needed,carbonEmissions\n", {0, 0, 0, 0}, NULL},
    {"energy_needed;x\ncarbonEmissions\n", {0, 0, 0, 0}, NULL},
    {ECO_HDR, {0, 0, 0, 1}, "eco2ai-csv"},
    {CC_HDR "2024-01-01T00:00:00,p,r,1,2,3,4\n", {0, 0, 0, 0}, NULL},
    {"", {0, 0, 0, 0}, NULL},
    {"\x00\x01\x02", {0, 0, 0, 0}, NULL},
};

static void test_sniffers(void **state)
{
    (void)state;
    int (*const fns[4])(const char *, size_t) = {gt_et_total_sniff, gt_et_ga_sniff,
                                                 gt_ga_export_sniff, gt_eco2ai_sniff};
    for (size_t i = 0; i < sizeof sniff_cases / sizeof sniff_cases[0]; i++) {
        const struct sniff_case *c = &sniff_cases[i];
        size_t n = strlen(c->head);
        for (int k = 0; k < 4; k++) {
            if (fns[k](c->head, n) != c->want[k])
                print_error("sniff case %zu, sniffer %d\n", i, k);
            assert_int_equal(fns[k](c->head, n), c->want[k]);
        }
        const struct gt_log_format *fmt = gt_log_detect(c->head, n);
        if (c->format) {
            assert_non_null(fmt);
            assert_string_equal(fmt->name, c->format);
        } else if (fmt) {
            /* another team's format (CodeCarbon), never one of these */
            assert_true(strcmp(fmt->name, "energytracker-total") != 0 &&
                        strcmp(fmt->name, "energytracker-ga") != 0 &&
                        strcmp(fmt->name, "green-algorithms-csv") != 0 &&
                        strcmp(fmt->name, "eco2ai-csv") != 0);
        }
    }
}

/* ---- files ---------------------------------------------------------------- */

static void test_reference_total_file(void **state)
{
    (void)state;
    size_t len = 0;
    char *s = lf_slurp(GT_REFERENCE_DIR "/energytracker-lemmers/monitor_test/co2/total.csv", &len);
    if (!s)
        skip();
    assert_int_equal(gt_et_total_sniff(s, len), 1);
    struct lf f;
    assert_int_equal(run(gt_et_total_parse, &f, "total.csv", s, len, 1, ','), GT_OK);
    free(s);
    assert_int_equal(f.nrecs, 1);
    assert_int_equal(f.recs[0]->flags, GT_REC_MWH_FIXED);
    assert_true(f.recs[0]->energy_kwh == 1.756735119847999e-05 * 1000.0);
    assert_int_equal(f.nwarns, 2);
    lf_release(&f);
}

/* samples/energytracker and samples/green-algorithms: what their READMEs say */
static void test_samples(void **state)
{
    (void)state;
    size_t len = 0;
    struct lf f;
    char *s = lf_slurp(GT_SOURCE_DIR "/samples/energytracker/co2/total.csv", &len);
    if (!s)
        skip();
    assert_int_equal(run(gt_et_total_parse, &f, "total.csv", s, len, 1, ','), GT_OK);
    free(s);
    assert_int_equal(f.nrecs, 1);
    assert_true(f.recs[0]->energy_kwh == 0.029207277655195332);
    assert_string_equal(extra(f.recs[0], "last_run_energy_kwh"), "0.019931642495333333");
    assert_int_equal(f.nwarns, 2);
    lf_release(&f);

    s = lf_slurp(GT_SOURCE_DIR "/samples/energytracker/co2/2024.02.05_14:40:12/"
                               "GreenAlgorithm_emissions.txt",
                 &len);
    assert_non_null(s);
    assert_int_equal(gt_et_ga_sniff(s, len), 1);
    assert_int_equal(run(gt_et_ga_parse, &f, "g.txt", s, len, 1, 0), GT_OK);
    free(s);
    assert_int_equal(f.nrecs, 1);
    assert_true(f.recs[0]->energy_kwh == 0.019931642495333333);
    assert_true(f.recs[0]->co2e_g == 1.0220946271606934);
    lf_release(&f);

    s = lf_slurp(GT_SOURCE_DIR "/samples/energytracker/co2/2024.02.05_10:15:00/"
                               "GreenAlgorithm_emissions.txt",
                 &len);
    assert_non_null(s);
    assert_int_equal(gt_et_ga_sniff(s, len), 1);
    assert_int_equal(run(gt_et_ga_parse, &f, "g.txt", s, len, 1, 0), GT_OK);
    free(s);
    assert_int_equal(f.nrecs, 1);
    assert_int_equal(f.nwarns, 0);
    assert_int_equal(f.recs[0]->flags, GT_REC_NO_ENERGY);
    assert_true(f.recs[0]->duration_s == 10.05 * 60.0);
    assert_true(f.recs[0]->gpu_count == 1);
    lf_release(&f);

    s = lf_slurp(GT_SOURCE_DIR "/samples/green-algorithms/"
                               "GreenAlgorithms_results_2025-03-01_10-00-00.csv",
                 &len);
    assert_non_null(s);
    assert_int_equal(gt_ga_export_sniff(s, len), 1);
    assert_int_equal(run(gt_ga_export_parse, &f, "ga.csv", s, len, 1, ';'), GT_OK);
    free(s);
    assert_int_equal(f.nrecs, 1);
    /* 12 h x 1.67 x (12 x 7.5 W + 64 GB x 0.3725 W/GB) / 1000; x 51.28 g/kWh */
    assert_float_equal(f.recs[0]->energy_kwh, 2.2813536, 1e-12);
    assert_float_equal(f.recs[0]->co2e_g, 2.2813536 * 51.28, 1e-12);
    lf_release(&f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_total_reference_is_mwh),
        cmocka_unit_test(test_total_kwh),
        cmocka_unit_test(test_total_cases),
        cmocka_unit_test(test_ga_stats),
        cmocka_unit_test(test_ga_describe),
        cmocka_unit_test(test_ga_cases),
        cmocka_unit_test(test_ga_garbage),
        cmocka_unit_test(test_ga_export_sample_row),
        cmocka_unit_test(test_ga_export_variants),
        cmocka_unit_test(test_ga_export_cases),
        cmocka_unit_test(test_ga_export_garbage),
        cmocka_unit_test(test_sniffers),
        cmocka_unit_test(test_reference_total_file),
        cmocka_unit_test(test_samples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
