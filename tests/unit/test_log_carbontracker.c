/* test_log_carbontracker.c - gt_ct_parse, gt_ct_sniff_std, gt_ct_sniff_out
 * (core/log_carbontracker.c). Log texts follow
 * ../shared/notes/carbontracker-eco2ai.md section 1; the literal ones are
 * marked. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_logs.h"
#include "gt_time.h"
#include "log_fixture.h"

/* ---- helpers ---------------------------------------------------------------- */

/* Fails unless got == want within 1e-12 relative (NAN matches only NAN). */
#define ASSERT_NUM(label, got, want) assert_num_((label), (got), (want), __FILE__, __LINE__)

static void assert_num_(const char *label, double got, double want, const char *file, int line)
{
    if (isnan(want) ? !isnan(got) : !(fabs(got - want) <= 1e-12 * fabs(want))) {
        print_error("%s: got %.17g, expected %.17g\n", label, got, want);
        _fail(file, line);
    }
}

static double local(int y, int mo, int d, int h, int mi, double s)
{
    return gt_time_from_civil(y, mo, d, h, mi, s);
}

static const char *extra(const struct gt_record *r, const char *key)
{
    for (size_t i = 0; i < r->nextras; i++)
        if (strcmp(r->extras[i].key, key) == 0)
            return r->extras[i].value;
    return NULL;
}

/* Runs the parser; std/out may be NULL. */
static enum gt_status run(struct lf *f, const char *std, const char *out)
{
    lf_init(f, "logs/run1");
    struct gt_error err;
    gt_error_clear(&err);
    return gt_ct_parse(std, std ? strlen(std) : 0, out, out ? strlen(out) : 0, &f->ctx, &err);
}

/* ---- log texts ---------------------------------------------------------------- */

/* Literal SAMPLE_LOG of carbontracker's tests/test_report.py (notes 1.2). */
static const char SAMPLE_LOG[] =
    "2025-11-18 15:53:54 - carbontracker version 2.3.4.dev1+g61759d185.d20251107\n"
    "2025-11-18 15:53:54 - Only predicted and actual consumptions are multiplied by a PUE "
    "coefficient of 1.58 (Daniel Bizo, 2023, Uptime Institute Global Data Center Survey).\n"
    "2025-11-18 15:53:54 - The following components were found: GPU with device(s) GPU, ANE. CPU "
    "with device(s) CPU.\n"
    "2025-11-18 15:53:54 - Monitoring thread started.\n"
    "2025-11-18 15:54:28 - Epoch 1:\n"
    "2025-11-18 15:54:28 - Duration: 0:00:33.57\n"
    "2025-11-18 15:54:28 - Average power usage (W) for gpu: 0.019533333333333337\n"
    "2025-11-18 15:54:28 - Average power usage (W) for cpu: 6.785066666666666\n"
    "2025-11-18 15:54:28 - Carbon intensities (gCO2eq/kWh) fetched every 900 s at detected "
    "location: Copenhagen, Capital Region, DK: [143.3]\n"
    "2025-11-18 15:54:28 - Average carbon intensity during training was 143.30 gCO2eq/kWh. \n"
    "2025-11-18 15:54:28 - Monitoring thread ended.\n";
/* By hand: (0.019533333333333337 + 6.785066666666666) W = 6.8046 W over
 * 33.57 s = 228.430422 J; x PUE 1.58 / 3.6e6 = 1.0025557410e-4 kWh;
 * x 143.3 g/kWh = 0.014366623768530 g. gpu 0.6557340 J -> 2.877943667e-7 kWh,
 * cpu 227.774688 J -> 9.996777973e-5 kWh (both x 1.58). */
#define SAMPLE_KWH 1.0025557410e-4
#define SAMPLE_G   (1.0025557410e-4 * 143.3)

/* Literal output log of carbontracker's tests/test_parser.py (notes 1.3): the
 * heading on the timestamped line, no final newline. */
static const char TEST_PARSER_OUT[] =
    "2022-11-14 15:44:48 - CarbonTracker: Actual consumption for 1 epoch(s):\n"
    "\tTime:\t0:02:22\n"
    "\tEnergy:\t0.009417 kWh\n"
    "\tCO2eq:\t0.960490 g\n"
    "\tThis is equivalent to:\n"
    "\t0.007977 km travelled by car";

static const char TEST_PARSER_OUT_CRLF[] =
    "2022-11-14 15:44:48 - CarbonTracker: Actual consumption for 1 epoch(s):\r\n"
    "\tTime:\t0:02:22\r\n"
    "\tEnergy:\t0.009417 kWh\r\n"
    "\tCO2eq:\t0.960490 g\r\n"
    "\tThis is equivalent to:\r\n"
    "\t0.007977 km travelled by car\r\n";

/* Actual then predicted, as written by _output_energy (precision 6). */
static const char ACT_PRED_OUT[] =
    "2022-11-14 15:42:43 - CarbonTracker: The following components were found: GPU with "
    "device(s) NVIDIA GeForce RTX 3060. CPU with device(s) cpu:0.\n"
    "2022-11-14 15:43:37 - CarbonTracker: \n"
    "Actual consumption for 1 epoch(s):\n"
    "\tTime:\t0:00:53\n"
    "\tEnergy:\t0.003504 kWh\n"
    "\tCO2eq:\t0.357451 g\n"
    "\tThis is equivalent to:\n"
    "\t0.002969 km travelled by car\n"
    "2022-11-14 15:43:37 - CarbonTracker: \n"
    "Predicted consumption for 4 epoch(s):\n"
    "\tTime:\t0:03:33\n"
    "\tEnergy:\t0.014018 kWh\n"
    "\tCO2eq:\t1.429803 g\n"
    "\tThis is equivalent to:\n"
    "\t0.011875 km travelled by car\n"
    "2022-11-14 15:43:37 - CarbonTracker: Finished monitoring.\n";

/* The v1.1.6 standard log of test_parser.py (PUE 1.59, [None] powers, the
 * location without ':'), literal. */
static const char V116_STD[] =
    "2022-11-14 15:42:43 - carbontracker version 1.1.6\n"
    "2022-11-14 15:42:43 - Only predicted and actual consumptions are multiplied by a PUE "
    "coefficient of 1.59 (Rhonda Ascierto, 2019, Uptime Institute Global Data Center Survey).\n"
    "2022-11-14 15:42:43 - The following components were found: GPU with device(s) NVIDIA "
    "GeForce RTX 3060. CPU with device(s) cpu:0.\n"
    "2022-11-14 15:42:43 - Monitoring thread started.\n"
    "2022-11-14 15:43:37 - Epoch 1:\n"
    "2022-11-14 15:43:37 - Duration: 0:00:53.25\n"
    "2022-11-14 15:43:37 - Average power usage (W) for gpu: [None]\n"
    "2022-11-14 15:43:37 - Average power usage (W) for cpu: [None]\n"
    "2022-11-14 15:43:37 - Carbon intensities (gCO2/kWh) fetched every 900 s at detected "
    "location Copenhagen, Capital Region, DK: [102.0]\n"
    "2022-11-14 15:43:37 - Average carbon intensity during training was 102.00 gCO2/kWh at "
    "detected location: Copenhagen, Capital Region, DK.\n"
    "2022-11-14 15:43:37 - Carbon intensity for the next 0:03:33 is predicted to be 102.00 "
    "gCO2/kWh at detected location: Copenhagen, Capital Region, DK.\n"
    "2022-11-14 15:43:37 - Monitoring thread ended.\n";

/* CLI mode: the bare heading (epochs_before_pred == 0), precision 12. */
static const char CLI_STD[] = "2025-06-03 09:10:02 - carbontracker version 2.2.0\n"
                              "2025-06-03 09:10:02 - Monitoring thread started.\n"
                              "2025-06-03 09:15:02 - Epoch 1:\n"
                              "2025-06-03 09:15:02 - Duration: 0:05:00.00\n"
                              "2025-06-03 09:15:02 - Average power usage (W) for cpu: [62.5]\n"
                              "2025-06-03 09:20:02 - Epoch 2:\n"
                              "2025-06-03 09:20:02 - Duration: 0:05:00.00\n"
                              "2025-06-03 09:20:02 - Average power usage (W) for cpu: [61.5]\n";
static const char CLI_OUT[] = "2025-06-03 09:20:02 - CarbonTracker: \n"
                              "Actual consumption:\n"
                              "\tTime:\t0:10:00\n"
                              "\tEnergy:\t0.016326666667 kWh\n"
                              "\tCO2eq:\t0.914293333333 g\n"
                              "\tThis is equivalent to:\n"
                              "\t0.008560799001 km travelled by car\n";

/* Early stop (stop() after 3 of 10 epochs). */
static const char EARLY_STD[] =
    "2024-03-26 10:59:26 - carbontracker version 1.5.2\n"
    "2024-03-26 11:01:50 - Epoch 1:\n"
    "2024-03-26 11:01:50 - Duration: 0:02:21.90\n"
    "2024-03-26 11:01:50 - Average power usage (W) for gpu: [136.86084615]\n"
    "2024-03-26 11:07:51 - Training was interrupted before all 10 epochs were monitored.\n";
static const char EARLY_OUT[] = "2024-03-26 11:07:51 - CarbonTracker: \n"
                                "Actual consumption for 3 epoch(s):\n"
                                "\tTime:\t0:07:05\n"
                                "\tEnergy:\t0.019604521687 kWh\n"
                                "\tCO2eq:\t1.999661212083 g\n";

/* Two GPUs per array (numpy pads to align the points and prints "239." for
 * a whole float), RAPL cpu:0 + dram:0, no output log. */
static const char MULTI_STD[] =
    "2025-11-18 15:53:54 - Only predicted and actual consumptions are multiplied by a PUE "
    "coefficient of 1.58 (Daniel Bizo, 2023, Uptime Institute Global Data Center Survey).\n"
    "2025-11-18 15:53:55 - The following components were found: GPU with device(s) NVIDIA "
    "A100-SXM4-40GB, NVIDIA A100-SXM4-40GB. CPU with device(s) cpu:0, dram:0.\n"
    "2025-11-18 16:03:56 - Epoch 1:\n"
    "2025-11-18 16:03:56 - Duration: 0:10:00.00\n"
    "2025-11-18 16:03:56 - Average power usage (W) for gpu: [136.86084615 120.5       ]\n"
    "2025-11-18 16:03:56 - Average power usage (W) for cpu: [95.5  12.25]\n"
    "2025-11-18 16:13:56 - Epoch 2:\n"
    "2025-11-18 16:13:56 - Duration: 0:10:00.00\n"
    "2025-11-18 16:13:56 - Average power usage (W) for gpu: [140.  239.]\n"
    "2025-11-18 16:13:56 - Average power usage (W) for cpu: [96.  12.5]\n"
    "2025-11-18 16:13:57 - Average carbon intensity during training was 200.00 gCO2eq/kWh. \n";
/* By hand, 600 s per epoch, x 1.58 / 3.6e6:
 * gpu (136.86084615 + 120.5 + 140 + 239) W x 600 s = 381816.507690 J -> 0.16757113170
 * cpu:0 (95.5 + 96) x 600 = 114900 J -> 0.050428333333
 * dram:0 (12.25 + 12.5) x 600 = 14850 J -> 0.0065175 kWh */
#define MULTI_GPU  (636.36084615 * 600 * 1.58 / 3.6e6)
#define MULTI_CPU  (191.5 * 600 * 1.58 / 3.6e6)
#define MULTI_DRAM (24.75 * 600 * 1.58 / 3.6e6)

/* numpy wraps an array longer than 75 characters: 8 GPUs on two lines. */
static const char WRAP_STD[] =
    "2025-01-02 10:00:00 - The following components were found: GPU with device(s) g0, g1, g2, "
    "g3, g4, g5, g6, g7.\n"
    "2025-01-02 10:00:10 - Epoch 1:\n"
    "2025-01-02 10:00:10 - Duration: 0:00:10.00\n"
    "2025-01-02 10:00:10 - Average power usage (W) for gpu: [250.12345678 251.5        252.25     "
    "  253.         254.\n"
    " 255.         256.         257.5       ]\n"
    "2025-01-02 10:00:10 - Monitoring thread ended.\n";

/* None in several shapes; one epoch without power at all. */
static const char NONE_STD[] = "2024-01-01 00:00:00 - Epoch 1:\n"
                               "2024-01-01 00:00:00 - Duration: 0:01:00\n"
                               "2024-01-01 00:00:00 - Average power usage (W) for gpu: None\n"
                               "2024-01-01 00:00:00 - Average power usage (W) for cpu: [10.]\n"
                               "2024-01-01 00:01:00 - Epoch 2:\n"
                               "2024-01-01 00:01:00 - Duration: 0:01:00\n"
                               "2024-01-01 00:01:00 - Average power usage (W) for gpu: [50.]\n"
                               "2024-01-01 00:01:00 - Average power usage (W) for cpu: [None]\n";

/* 2020 logs: "asctime - thread - level - message", timedelta strings. */
static const char Y2020_STD[] =
    "2020-07-01 09:15:00,500 - MainThread - INFO - carbontracker version 1.1.6\n"
    "2020-07-01 09:15:00,500 - CarbonTrackerThread - INFO - The following components were "
    "found: GPU with device(s) Quadro RTX 8000. CPU with device(s) cpu:0.\n"
    "2020-07-01 09:40:00,500 - MainThread - INFO - Epoch 1:\n"
    "2020-07-01 09:40:00,500 - MainThread - INFO - Duration: 0:01:35.500000\n";
static const char Y2020_OUT[] = "2020-07-01 09:40:00,500 - MainThread - INFO - CarbonTracker: \n"
                                "Actual consumption for 1 epoch(s):\n"
                                "\tTime:\t0:01:35.500000\n"
                                "\tEnergy:\t0.433275 kWh\n"
                                "\tCO2eq:\t129.982500 g\n"
                                "2020-07-01 09:40:00,500 - MainThread - INFO - CarbonTracker: \n"
                                "Predicted consumption for 80 epoch(s):\n"
                                "\tTime:\t1 day, 9:20:00\n"
                                "\tEnergy:\t34.662000 kWh\n"
                                "\tCO2eq:\t10398.600000 g\n";

/* A block cut short at the end of the file. */
static const char TRUNC_OUT[] = "2025-01-01 12:00:00 - CarbonTracker: \n"
                                "Actual consumption for 2 epoch(s):\n"
                                "\tTime:\t0:01:00\n";

/* Malformed values, one block each (lines 2, 7, 12, 17, 22). */
static const char BAD_OUT[] = "2025-01-01 12:00:00 - CarbonTracker: \n"
                              "Actual consumption for 1 epoch(s):\n"
                              "\tTime:\t0:01:00\n"
                              "\tEnergy:\tabc kWh\n"
                              "\tCO2eq:\t1.0 g\n"
                              "2025-01-01 12:00:00 - CarbonTracker: \n"
                              "Actual consumption for 1 epoch(s):\n"
                              "\tTime:\t0:01:00\n"
                              "\tEnergy:\tnan kWh\n"
                              "\tCO2eq:\tnan g\n"
                              "2025-01-01 12:00:00 - CarbonTracker: \n"
                              "Actual consumption for 1 epoch(s):\n"
                              "\tTime:\t0:01:00\n"
                              "\tEnergy:\t0.5 kWh\n"
                              "\tCO2eq:\t-1.0 g\n"
                              "2025-01-01 12:00:00 - CarbonTracker: \n"
                              "Predicted consumption for 2 epoch(s):\n"
                              "\tTime:\tsoon\n"
                              "\tEnergy:\t0.5 kWh\n"
                              "\tCO2eq:\t1.0 g\n"
                              "2025-01-01 12:00:00 - CarbonTracker: \n"
                              "Actual consumption for 1 epoch(s):\n"
                              "\tTime:\t0:01:00\n"
                              "\tCO2eq:\t1.0 g\n"
                              "2025-01-01 12:00:01 - CarbonTracker: Finished monitoring.\n";

/* ---- the table ---------------------------------------------------------------- */

struct want_rec {
    enum gt_kind kind;
    long line;
    long epochs;
    double kwh, g, dur, pue, ci;
    int early;
    double end; /* NAN: not checked */
};

struct ct_case {
    const char *name;
    const char *std, *out;
    size_t blocks; /* source rows: blocks of the output log, or 1 computed */
    size_t nrecs;
    struct want_rec rec[3];
    const char *rejects[6]; /* NULL-terminated, "LINE: reason" */
    const char *warns[4];   /* NULL-terminated; every warning must be listed */
};

#define COMPUTED_WARN                                                                              \
    "0: no consumption block in the output log; energy computed from the per-epoch power in the "  \
    "standard log"

static const struct ct_case cases[] = {
    {"SAMPLE_LOG alone: one computed record",
     SAMPLE_LOG,
     NULL,
     1,
     1,
     {{GT_KIND_ACTUAL, 5, 1, SAMPLE_KWH, SAMPLE_G, 33.57, 1.58, 143.3, 0,
       1763481268.0 /* 2025-11-18 15:54:28 */}},
     {NULL},
     {COMPUTED_WARN, NULL}},
    {"test_parser.py output block",
     NULL,
     TEST_PARSER_OUT,
     1,
     1,
     {{GT_KIND_ACTUAL, 1, 1, 0.009417, 0.960490, 142, NAN, NAN, 0, 1668440688.0}},
     {NULL},
     {NULL}},
    {"the same with CRLF",
     NULL,
     TEST_PARSER_OUT_CRLF,
     1,
     1,
     {{GT_KIND_ACTUAL, 1, 1, 0.009417, 0.960490, 142, NAN, NAN, 0, 1668440688.0}},
     {NULL},
     {NULL}},
    {"actual + predicted: two records, real epoch counts",
     NULL,
     ACT_PRED_OUT,
     2,
     2,
     {{GT_KIND_ACTUAL, 3, 1, 0.003504, 0.357451, 53, NAN, NAN, 0, 1668440617.0},
      {GT_KIND_PREDICTED, 10, 4, 0.014018, 1.429803, 213, NAN, NAN, 0, NAN}},
     {NULL},
     {NULL}},
    {"v1.1.6 std (PUE 1.59, predicted CI) + actual and predicted",
     V116_STD,
     ACT_PRED_OUT,
     2,
     2,
     {{GT_KIND_ACTUAL, 3, 1, 0.003504, 0.357451, 53, 1.59, 102, 0, NAN},
      {GT_KIND_PREDICTED, 10, 4, 0.014018, 1.429803, 213, 1.59, 102, 0, NAN}},
     {NULL},
     {NULL}},
    {"v1.1.6 std alone: powers all None, nothing usable",
     V116_STD,
     NULL,
     0,
     0,
     {{0}},
     {NULL},
     {"0: no consumption recorded", NULL}},
    {"bare 'Actual consumption:' counts the std epochs",
     CLI_STD,
     CLI_OUT,
     1,
     1,
     {{GT_KIND_ACTUAL, 2, 2, 0.016326666667, 0.914293333333, 600, NAN, NAN, 0,
       1748942402.0 /* 2025-06-03 09:20:02 */}},
     {NULL},
     {NULL}},
    {"bare 'Actual consumption:' without std: epochs unknown",
     NULL,
     CLI_OUT,
     1,
     1,
     {{GT_KIND_ACTUAL, 2, -1, 0.016326666667, 0.914293333333, 600, NAN, NAN, 0, NAN}},
     {NULL},
     {NULL}},
    {"early stop",
     EARLY_STD,
     EARLY_OUT,
     1,
     1,
     {{GT_KIND_ACTUAL, 2, 3, 0.019604521687, 1.999661212083, 425, NAN, NAN, 1, NAN}},
     {NULL},
     {NULL}},
    {"multi-device arrays, no output log: computed, no CI",
     MULTI_STD,
     "",
     1,
     1,
     {{GT_KIND_ACTUAL, 3, 2, MULTI_GPU + MULTI_CPU + MULTI_DRAM,
       (MULTI_GPU + MULTI_CPU + MULTI_DRAM) * 200, 1200, 1.58, 200, 0, NAN}},
     {NULL},
     {COMPUTED_WARN, NULL}},
    {"None values count as 0 W, no PUE logged",
     NONE_STD,
     NULL,
     1,
     1,
     /* (10 W + 50 W) x 60 s = 3600 J = 0.001 kWh, no PUE */
     {{GT_KIND_ACTUAL, 1, 2, 0.001, NAN, 120, NAN, NAN, 0, NAN}},
     {NULL},
     {COMPUTED_WARN " (no 'PUE coefficient' line: none applied)",
      "0: 2 per-epoch power value(s) unknown ('None' or unreadable) count as 0 W", NULL}},
    {"2020 line format, timedelta times, '1 day, 9:20:00'",
     Y2020_STD,
     Y2020_OUT,
     2,
     2,
     {{GT_KIND_ACTUAL, 2, 1, 0.433275, 129.9825, 95.5, NAN, NAN, 0,
       1593596400.5 /* 2020-07-01 09:40:00,500 */},
      {GT_KIND_PREDICTED, 7, 80, 34.662, 10398.6, 120000, NAN, NAN, 0,
       /* a prediction spans from the first timestamp of the run */
       1593594900.5 + 120000}},
     {NULL},
     {NULL}},
    {"truncated block",
     NULL,
     TRUNC_OUT,
     1,
     0,
     {{0}},
     {"2: incomplete carbontracker block: no 'Energy' line", NULL},
     {NULL}},
    {"malformed blocks are rejected, one per block",
     NULL,
     BAD_OUT,
     5,
     0,
     {{0}},
     {"2: cannot parse 'Energy' in carbontracker block: 'abc'",
      "7: cannot parse 'Energy' in carbontracker block: 'nan'",
      "12: negative 'CO2eq' in carbontracker block: '-1.0'",
      "17: cannot parse 'Time' in carbontracker block: 'soon'",
      "22: incomplete carbontracker block: no 'Energy' line", NULL},
     {NULL}},
    {"nothing at all", NULL, NULL, 0, 0, {{0}}, {NULL}, {"0: no consumption recorded", NULL}},
    {"a CodeCarbon CSV given as a pair",
     "timestamp,project_name,run_id,duration,emissions,energy_consumed\n"
     "2024-01-01T00:00:00,p,r,10,0.1,0.2\n",
     "timestamp,project_name,run_id,duration,emissions,energy_consumed\n",
     0,
     0,
     {{0}},
     {NULL},
     {"0: no consumption recorded", NULL}},
};

static size_t count(const char *const *list)
{
    size_t n = 0;
    while (list[n])
        n++;
    return n;
}

static void test_table(void **state)
{
    (void)state;
    for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
        const struct ct_case *k = &cases[c];
        struct lf f;
        print_message("case: %s\n", k->name);
        assert_int_equal(run(&f, k->std, k->out), GT_OK);
        assert_int_equal(f.nrecs, k->nrecs);
        /* rows read = rows used + rows rejected */
        assert_int_equal((size_t)f.rows_emitted + f.nrejects, k->blocks);
        assert_int_equal(f.nrejects, count(k->rejects));
        for (size_t i = 0; i < f.nrejects; i++)
            assert_string_equal(f.rejects[i], k->rejects[i]);
        assert_int_equal(f.nwarns, count(k->warns));
        for (size_t i = 0; i < f.nwarns; i++)
            assert_string_equal(f.warns[i], k->warns[i]);
        for (size_t i = 0; i < f.nrecs; i++) {
            const struct gt_record *r = f.recs[i];
            const struct want_rec *w = &k->rec[i];
            assert_string_equal(r->file, "logs/run1");
            assert_string_equal(r->run_key, "logs/run1");
            assert_string_equal(r->format, "carbontracker-log");
            assert_int_equal(r->tool, GT_TOOL_CARBONTRACKER);
            assert_int_equal(r->nrows, 1);
            assert_int_equal(r->kind, w->kind);
            assert_int_equal(r->line, w->line);
            assert_int_equal(r->epochs, w->epochs);
            assert_int_equal(r->early_stop, w->early);
            ASSERT_NUM("energy_kwh", r->energy_kwh, w->kwh);
            ASSERT_NUM("co2e_g", r->co2e_g, w->g);
            ASSERT_NUM("duration_s", r->duration_s, w->dur);
            ASSERT_NUM("pue", r->pue, w->pue);
            ASSERT_NUM("ci_g_per_kwh", r->ci_g_per_kwh, w->ci);
            if (!isnan(w->end)) {
                assert_int_equal(r->tz, GT_TZ_LOCAL);
                ASSERT_NUM("end", r->end, w->end);
                ASSERT_NUM("start", r->start, w->end - w->dur);
            }
        }
        lf_release(&f);
    }
}

/* ---- details ------------------------------------------------------------------- */

static void test_sample_log_details(void **state)
{
    (void)state;
    struct lf f;
    assert_int_equal(run(&f, SAMPLE_LOG, NULL), GT_OK);
    assert_int_equal(f.nrecs, 1);
    const struct gt_record *r = f.recs[0];
    assert_string_equal(r->tool_version, "2.3.4.dev1+g61759d185.d20251107");
    assert_string_equal(r->gpu_model, "GPU, ANE");
    ASSERT_NUM("gpu_count", r->gpu_count, 2);
    assert_string_equal(r->cpu_model, "CPU");
    assert_string_equal(r->country_iso, "DK");
    assert_string_equal(extra(r, "location"), "Copenhagen, Capital Region, DK");
    assert_string_equal(extra(r, "components"),
                        "GPU with device(s) GPU, ANE. CPU with device(s) CPU.");
    assert_null(extra(r, "monitor_epochs"));
    ASSERT_NUM("gpu_kwh", r->gpu_kwh, 0.019533333333333337 * 33.57 * 1.58 / 3.6e6);
    ASSERT_NUM("cpu_kwh", r->cpu_kwh, 6.785066666666666 * 33.57 * 1.58 / 3.6e6);
    ASSERT_NUM("ram_kwh", r->ram_kwh, NAN);
    ASSERT_NUM("start", r->start, local(2025, 11, 18, 15, 54, 28) - 33.57);
    assert_int_equal(r->nepochs_s, 1);
    ASSERT_NUM("epoch 1", r->epoch_s[0], 33.57);
    /* a bare float per component; the gpu line has 1 value for 2 names */
    assert_int_equal(r->nseries, 2);
    assert_string_equal(r->series[0].component, "gpu");
    assert_string_equal(r->series[0].device, "");
    assert_int_equal(r->series[0].n, 1);
    ASSERT_NUM("gpu W", r->series[0].v[0], 0.019533333333333337);
    assert_string_equal(r->series[1].component, "cpu");
    assert_string_equal(r->series[1].device, "CPU");
    ASSERT_NUM("cpu W", r->series[1].v[0], 6.785066666666666);
    lf_release(&f);
}

static void test_block_extras(void **state)
{
    (void)state;
    struct lf f;
    assert_int_equal(run(&f, V116_STD, ACT_PRED_OUT), GT_OK);
    assert_int_equal(f.nrecs, 2);
    for (size_t i = 0; i < 2; i++) {
        const struct gt_record *r = f.recs[i];
        assert_string_equal(r->tool_version, "1.1.6");
        assert_string_equal(r->gpu_model, "NVIDIA GeForce RTX 3060");
        ASSERT_NUM("gpu_count", r->gpu_count, 1);
        assert_string_equal(r->cpu_model, ""); /* cpu:0 is a RAPL name */
        assert_string_equal(r->country_iso, "DK");
        assert_string_equal(extra(r, "location"), "Copenhagen, Capital Region, DK");
        /* blocks only have a total */
        ASSERT_NUM("cpu_kwh", r->cpu_kwh, NAN);
        ASSERT_NUM("gpu_kwh", r->gpu_kwh, NAN);
        ASSERT_NUM("ram_kwh", r->ram_kwh, NAN);
        /* [None] kept as unknown, per device named from the components line */
        assert_int_equal(r->nepochs_s, 1);
        ASSERT_NUM("epoch 1", r->epoch_s[0], 53.25);
        assert_int_equal(r->nseries, 2);
        assert_string_equal(r->series[0].device, "NVIDIA GeForce RTX 3060");
        assert_true(isnan(r->series[0].v[0]));
        assert_string_equal(r->series[1].device, "cpu:0");
        assert_true(isnan(r->series[1].v[0]));
    }
    assert_string_equal(extra(f.recs[0], "km_travelled_by_car"), "0.002969");
    assert_string_equal(extra(f.recs[1], "km_travelled_by_car"), "0.011875");
    lf_release(&f);

    assert_int_equal(run(&f, NULL, TEST_PARSER_OUT), GT_OK);
    assert_int_equal(f.nrecs, 1);
    assert_int_equal(f.recs[0]->nextras, 1);
    assert_string_equal(extra(f.recs[0], "km_travelled_by_car"), "0.007977");
    assert_string_equal(f.recs[0]->tool_version, "");
    assert_int_equal(f.recs[0]->nepochs_s, 0);
    assert_int_equal(f.recs[0]->nseries, 0);
    lf_release(&f);
}

static void test_early_stop_details(void **state)
{
    (void)state;
    struct lf f;
    assert_int_equal(run(&f, EARLY_STD, EARLY_OUT), GT_OK);
    assert_int_equal(f.nrecs, 1);
    assert_string_equal(extra(f.recs[0], "monitor_epochs"), "10");
    ASSERT_NUM("end", f.recs[0]->end, local(2024, 3, 26, 11, 7, 51));
    lf_release(&f);
}

static void test_multi_device(void **state)
{
    (void)state;
    struct lf f;
    assert_int_equal(run(&f, MULTI_STD, NULL), GT_OK);
    assert_int_equal(f.nrecs, 1);
    const struct gt_record *r = f.recs[0];
    ASSERT_NUM("gpu_kwh", r->gpu_kwh, MULTI_GPU);
    ASSERT_NUM("cpu_kwh", r->cpu_kwh, MULTI_CPU);
    ASSERT_NUM("ram_kwh", r->ram_kwh, MULTI_DRAM);
    assert_string_equal(r->gpu_model, "NVIDIA A100-SXM4-40GB, NVIDIA A100-SXM4-40GB");
    ASSERT_NUM("gpu_count", r->gpu_count, 2);
    ASSERT_NUM("end", r->end, local(2025, 11, 18, 16, 13, 56));
    ASSERT_NUM("start", r->start, local(2025, 11, 18, 15, 53, 56));
    static const struct {
        const char *comp, *dev;
        double e1, e2;
    } want[] = {
        {"gpu", "NVIDIA A100-SXM4-40GB", 136.86084615, 140},
        {"gpu", "NVIDIA A100-SXM4-40GB", 120.5, 239},
        {"cpu", "cpu:0", 95.5, 96},
        {"cpu", "dram:0", 12.25, 12.5},
    };
    assert_int_equal(r->nseries, 4);
    for (size_t i = 0; i < 4; i++) {
        assert_string_equal(r->series[i].component, want[i].comp);
        assert_string_equal(r->series[i].device, want[i].dev);
        assert_int_equal(r->series[i].n, 2);
        ASSERT_NUM("epoch 1", r->series[i].v[0], want[i].e1);
        ASSERT_NUM("epoch 2", r->series[i].v[1], want[i].e2);
    }
    lf_release(&f);
}

static void test_wrapped_array(void **state)
{
    (void)state;
    struct lf f;
    assert_int_equal(run(&f, WRAP_STD, NULL), GT_OK);
    assert_int_equal(f.nrecs, 1);
    const struct gt_record *r = f.recs[0];
    static const double w[8] = {250.12345678, 251.5, 252.25, 253, 254, 255, 256, 257.5};
    static const char *const dev[8] = {"g0", "g1", "g2", "g3", "g4", "g5", "g6", "g7"};
    assert_int_equal(r->nseries, 8);
    double sum = 0;
    for (size_t i = 0; i < 8; i++) {
        assert_string_equal(r->series[i].device, dev[i]);
        ASSERT_NUM("power", r->series[i].v[0], w[i]);
        sum += w[i];
    }
    ASSERT_NUM("gpu_count", r->gpu_count, 8);
    /* no PUE logged: 2029.87345678 W x 10 s / 3.6e6 */
    ASSERT_NUM("energy", r->energy_kwh, sum * 10 / 3.6e6);
    ASSERT_NUM("gpu", r->gpu_kwh, sum * 10 / 3.6e6);
    ASSERT_NUM("cpu", r->cpu_kwh, NAN);
    lf_release(&f);
}

static void test_none_series(void **state)
{
    (void)state;
    struct lf f;
    assert_int_equal(run(&f, NONE_STD, NULL), GT_OK);
    assert_int_equal(f.nrecs, 1);
    const struct gt_record *r = f.recs[0];
    assert_int_equal(r->nseries, 2);
    assert_true(isnan(r->series[0].v[0]));
    ASSERT_NUM("gpu e2", r->series[0].v[1], 50);
    ASSERT_NUM("cpu e1", r->series[1].v[0], 10);
    assert_true(isnan(r->series[1].v[1]));
    ASSERT_NUM("gpu_kwh", r->gpu_kwh, 50 * 60 / 3.6e6);
    ASSERT_NUM("cpu_kwh", r->cpu_kwh, 10 * 60 / 3.6e6);
    lf_release(&f);
}

static void test_precision(void **state)
{
    (void)state;
    static const struct {
        const char *energy, *co2;
        double kwh, g;
    } p[] = {
        {"0.000118", "0.016909", 0.000118, 0.016909},                         /* 6 */
        {"0.000118000367", "0.016909452558", 0.000118000367, 0.016909452558}, /* 12 */
        {"1.5e-05", "2.0E-3", 1.5e-05, 2.0e-3},                               /* tolerated */
    };
    for (size_t i = 0; i < sizeof(p) / sizeof(p[0]); i++) {
        char out[512];
        snprintf(out, sizeof out,
                 "2025-01-01 12:00:00 - CarbonTracker: \nActual consumption for 1 epoch(s):\n"
                 "\tTime:\t0:00:30\n\tEnergy:\t%s kWh\n\tCO2eq:\t%s g\n",
                 p[i].energy, p[i].co2);
        struct lf f;
        assert_int_equal(run(&f, NULL, out), GT_OK);
        assert_int_equal(f.nrecs, 1);
        assert_true(f.recs[0]->energy_kwh == p[i].kwh);
        assert_true(f.recs[0]->co2e_g == p[i].g);
        lf_release(&f);
    }
}

static void test_time_forms(void **state)
{
    (void)state;
    static const struct {
        const char *t;
        double s;
    } ok[] = {
        {"0:02:22", 142},          {"0:02:21.90", 141.9},           {"12:00:00", 43200},
        {"1 day, 2:03:04", 93784}, {"3 days, 0:00:01.5", 259201.5}, {"123:59:59", 446399},
    };
    static const char *const bad[] = {"-0:00:05",        "2:3:4",    "0:60:00", "0:00:60",
                                      "1 week, 0:00:00", "0:00:00.", "",        "0:00"};
    for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
        char out[256];
        snprintf(out, sizeof out,
                 "2025-01-01 12:00:00 - CarbonTracker: \nActual consumption:\n"
                 "\tTime:\t%s\n\tEnergy:\t1 kWh\n\tCO2eq:\t1 g\n",
                 ok[i].t);
        struct lf f;
        assert_int_equal(run(&f, NULL, out), GT_OK);
        assert_int_equal(f.nrecs, 1);
        ASSERT_NUM(ok[i].t, f.recs[0]->duration_s, ok[i].s);
        lf_release(&f);
    }
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char out[256], want[128];
        snprintf(out, sizeof out,
                 "2025-01-01 12:00:00 - CarbonTracker: \nActual consumption:\n"
                 "\tTime:\t%s\n\tEnergy:\t1 kWh\n\tCO2eq:\t1 g\n",
                 bad[i]);
        snprintf(want, sizeof want, "2: %s 'Time' in carbontracker block: '%s'",
                 bad[i][0] == '-' ? "negative" : "cannot parse", bad[i]);
        struct lf f;
        assert_int_equal(run(&f, NULL, out), GT_OK);
        assert_int_equal(f.nrecs, 0);
        assert_int_equal(f.nrejects, 1);
        assert_string_equal(f.rejects[0], want);
        lf_release(&f);
    }
}

/* Whatever the bytes, no crash and the row balance holds. */
static void test_garbage(void **state)
{
    (void)state;
    unsigned char bin[4096];
    unsigned x = 12345;
    for (size_t i = 0; i < sizeof bin; i++) {
        x = x * 1103515245u + 12345u;
        bin[i] = (unsigned char)(x >> 16);
    }
    struct lf f;
    lf_init(&f, "garbage");
    assert_int_equal(
        gt_ct_parse((const char *)bin, sizeof bin, (const char *)bin, sizeof bin, &f.ctx, NULL),
        GT_OK);
    assert_int_equal(f.nrecs, 0);
    assert_int_equal(f.nrejects, 0);
    assert_int_equal(f.nwarns, 1);
    assert_string_equal(f.warns[0], "0: no consumption recorded");
    lf_release(&f);

    /* a bad value and a negative one are warned about and kept as unknown */
    lf_init(&f, "bad");
    const char *bad = "2024-01-01 00:00:00 - Epoch 1:\n"
                      "2024-01-01 00:00:00 - Duration: 0:01:00\n"
                      "2024-01-01 00:00:00 - Average power usage (W) for gpu: [abc -5. 7.]\n";
    assert_int_equal(gt_ct_parse(bad, strlen(bad), NULL, 0, &f.ctx, NULL), GT_OK);
    assert_int_equal(f.nrecs, 1);
    assert_int_equal(f.recs[0]->nseries, 3);
    assert_true(isnan(f.recs[0]->series[0].v[0]) && isnan(f.recs[0]->series[1].v[0]));
    ASSERT_NUM("energy", f.recs[0]->energy_kwh, 7 * 60 / 3.6e6);
    assert_int_equal(f.nwarns, 3);
    assert_string_equal(f.warns[0],
                        "3: 2 power value(s) that are not numbers (or negative) read as unknown");
    assert_string_equal(f.warns[1], COMPUTED_WARN " (no 'PUE coefficient' line: none applied)");
    assert_string_equal(
        f.warns[2], "0: 2 per-epoch power value(s) unknown ('None' or unreadable) count as 0 W");
    lf_release(&f);

    /* a 1 MB line in both logs, then a real block */
    size_t big = 1u << 20;
    const char *tail = "\n2025-01-01 12:00:00 - CarbonTracker: \nActual consumption for 1 "
                       "epoch(s):\n\tTime:\t0:00:01\n\tEnergy:\t0.5 kWh\n\tCO2eq:\t2 g";
    char *buf = malloc(big + strlen(tail) + 1);
    assert_non_null(buf);
    memset(buf, 'x', big);
    memcpy(buf, "2025-01-01 12:00:00 - Average power usage (W) for gpu: [", 56);
    for (size_t i = 56; i + 2 < big; i += 2)
        memcpy(buf + i, "1 ", 2);
    memcpy(buf + big, tail, strlen(tail) + 1);
    lf_init(&f, "big");
    assert_int_equal(gt_ct_parse(buf, big, buf, strlen(buf), &f.ctx, NULL), GT_OK);
    assert_int_equal(f.nrecs, 1);
    assert_int_equal(f.recs[0]->line, 3);
    assert_true(f.recs[0]->energy_kwh == 0.5);
    /* 64 values per line at most; the rest is counted in a warning */
    assert_int_equal(f.recs[0]->nseries, 64);
    assert_int_equal(f.nrejects, 0);
    /* (2^20 - 56 - 2) / 2 = 524260 tokens ("1 " pairs and a last "1xx") */
    assert_int_equal(f.nwarns, 1);
    assert_string_equal(f.warns[0], "1: more than 64 power values on one line; 524196 ignored");
    lf_release(&f);
    free(buf);
}

static enum gt_status emit_fail(void *ud, const struct gt_record *r)
{
    (void)r;
    (*(int *)ud)++;
    return GT_E_DATA;
}

static void test_emit_failure_stops(void **state)
{
    (void)state;
    int calls = 0;
    struct gt_parse_ctx ctx = {.file = "x", .ud = &calls, .emit = emit_fail};
    struct gt_error err;
    gt_error_clear(&err);
    assert_int_equal(gt_ct_parse(NULL, 0, ACT_PRED_OUT, strlen(ACT_PRED_OUT), &ctx, &err),
                     GT_E_DATA);
    assert_int_equal(calls, 1);
    assert_string_equal(err.msg, "reading 'x': data error");
}

/* ---- sniffers ------------------------------------------------------------------- */

static void test_sniff(void **state)
{
    (void)state;
    static const struct {
        const char *name, *head;
        int std, out;
    } s[] = {
        {"SAMPLE_LOG", SAMPLE_LOG, 1, 0},
        {"v1.1.6 std", V116_STD, 1, 0},
        {"2020 std", Y2020_STD, 1, 0},
        {"output log", ACT_PRED_OUT, 0, 1},
        {"test_parser output", TEST_PARSER_OUT, 0, 1},
        {"2020 output", Y2020_OUT, 0, 1},
        {"std cut mid-line", "2025-11-18 15:53:54 - carbontracker version 2.4.3\n2025-11-18 15:5",
         1, 0},
        {"output cut mid-line", "2025-11-18 15:53:55 - CarbonTracker: The following comp", 0, 1},
        {"codecarbon csv",
         "timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,gpu_power,"
         "ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed\n",
         0, 0},
        {"eco2ai csv",
         "id,project_name,experiment_description,epoch,start_time,duration(s),"
         "power_consumption(kWh)\n",
         0, 0},
        {"err log", "2025-11-18 15:53:54,123 - MainThread - WARNING - Failed to retrieve\n", 0, 0},
        {"text before the log", "hello\n2025-11-18 15:53:54 - carbontracker version 2.4.3\n", 0, 0},
        {"bad date", "2025-13-45 15:53:54 - carbontracker version 2.4.3\n", 0, 0},
        {"empty", "", 0, 0},
    };
    for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
        print_message("sniff: %s\n", s[i].name);
        size_t n = strlen(s[i].head);
        assert_int_equal(gt_ct_sniff_std(s[i].head, n), s[i].std);
        assert_int_equal(gt_ct_sniff_out(s[i].head, n), s[i].out);
    }
}

/* ---- the samples ------------------------------------------------------------------ */

static char *sample(const char *name, const char *suffix, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/samples/carbontracker/%s_carbontracker%s.log", GT_SOURCE_DIR,
             name, suffix);
    return lf_slurp(path, len);
}

/* samples/carbontracker/README.md lists these figures. */
static void test_samples(void **state)
{
    (void)state;
    static const struct {
        const char *name;
        size_t nrecs;
        struct {
            enum gt_kind kind;
            long epochs;
            double kwh, g;
        } r[2];
        int early;
    } s[] = {
        {"train_12345.678901_2025-11-18T155354Z",
         2,
         {{GT_KIND_PREDICTED, 3, 0.473218773707, 67.812250272194},
          {GT_KIND_ACTUAL, 3, 0.473141138805, 67.801125190766}},
         0},
        {"48213.402117_2025-06-03T091002Z",
         1,
         {{GT_KIND_ACTUAL, 1, 0.033864666667, 1.896421333333}},
         0},
        {"mac_77001.5521_2025-11-18T160210Z",
         2,
         {{GT_KIND_ACTUAL, 2, 0.000210058703, 0.030101412119},
          {GT_KIND_PREDICTED, 2, 0.000210058703, 0.030101412119}},
         0},
        {"10151_2024-03-26T105926Z",
         2,
         {{GT_KIND_PREDICTED, 10, 0.093573164788, 9.544462808334},
          {GT_KIND_ACTUAL, 3, 0.019604521687, 1.999661212083}},
         1},
        /* output log missing: (180 + 40 + 6) W x 300 s + (185.5 + 42 + 6.5) W x
         * 310.5 s = 67800 + 72657 J = 140457 J x 1.58 / 3.6e6 kWh, x 376 g/kWh */
        {"32487_2024-06-26T141608Z",
         1,
         {{GT_KIND_ACTUAL, 2, 140457 * 1.58 / 3.6e6, 140457 * 1.58 / 3.6e6 * 376}},
         0},
        {"2020-05-12T10:30Z", 1, {{GT_KIND_PREDICTED, 20, 0.653163, 117.895982}}, 0},
        {"2020-06-01T14-05Z",
         2,
         {{GT_KIND_ACTUAL, 1, 0.022555, 5.638827}, {GT_KIND_PREDICTED, 5, 0.112777, 28.194137}},
         0},
        {"2020-07-01T091500Z",
         2,
         {{GT_KIND_ACTUAL, 1, 0.433275, 129.9825}, {GT_KIND_PREDICTED, 80, 34.662, 10398.6}},
         0},
    };
    for (size_t i = 0; i < sizeof(s) / sizeof(s[0]); i++) {
        size_t sl = 0, ol = 0;
        char *std = sample(s[i].name, "", &sl);
        char *out = sample(s[i].name, "_output", &ol);
        print_message("sample: %s\n", s[i].name);
        assert_non_null(std);
        assert_int_equal(gt_ct_sniff_std(std, sl), 1);
        if (out)
            assert_int_equal(gt_ct_sniff_out(out, ol), 1);
        struct lf f;
        lf_init(&f, s[i].name);
        assert_int_equal(gt_ct_parse(std, sl, out, ol, &f.ctx, NULL), GT_OK);
        assert_int_equal(f.nrecs, s[i].nrecs);
        assert_int_equal(f.nrejects, 0);
        for (size_t k = 0; k < f.nrecs; k++) {
            assert_int_equal(f.recs[k]->kind, s[i].r[k].kind);
            assert_int_equal(f.recs[k]->epochs, s[i].r[k].epochs);
            assert_int_equal(f.recs[k]->early_stop, s[i].early);
            ASSERT_NUM("energy", f.recs[k]->energy_kwh, s[i].r[k].kwh);
            ASSERT_NUM("co2", f.recs[k]->co2e_g, s[i].r[k].g);
            assert_true(f.recs[k]->nepochs_s >= 1);
            assert_true(f.recs[k]->nseries >= 1);
        }
        lf_release(&f);
        free(std);
        free(out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_table),
        cmocka_unit_test(test_sample_log_details),
        cmocka_unit_test(test_block_extras),
        cmocka_unit_test(test_early_stop_details),
        cmocka_unit_test(test_multi_device),
        cmocka_unit_test(test_wrapped_array),
        cmocka_unit_test(test_none_series),
        cmocka_unit_test(test_precision),
        cmocka_unit_test(test_time_forms),
        cmocka_unit_test(test_garbage),
        cmocka_unit_test(test_emit_failure_stops),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_samples),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
