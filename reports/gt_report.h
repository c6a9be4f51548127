/* gt_report.h - a report: the aggregate, how it was computed, and the figures
 * its charts and tables show, computed once for every writer (CSV, JSON, XLSX,
 * PDF). Writers take a struct gt_report; they never parse logs. */
#ifndef GT_REPORT_H
#define GT_REPORT_H

#include <stdio.h>

#include "gt_equiv.h"
#include "gt_error.h"
#include "gt_estimate_out.h"
#include "gt_hwdb.h"
#include "gt_methods_out.h"
#include "gt_slurm_out.h"
#include "gt_summary_out.h"
#include "gt_unc.h"

/* One bar, slice or point of a chart: the runs whose key has this value. */
struct gt_report_bucket {
    char label[96]; /* key value ("(unknown)" when the runs did not say), or "other" */
    long runs;
    double energy_kwh; /* runs with energy */
    double cpu_kwh, gpu_kwh, ram_kwh;
    double other_kwh; /* energy not split into CPU, GPU, RAM by the tool (PUE overhead, or
                         runs that logged only a total) */
    double co2e_g;    /* runs with CO2e */
    long no_cpu, no_gpu, no_ram; /* runs that did not log that component (unknown, not 0) */
    /* low-high ranges: sums of the runs' (gt_unc.h); 0 when no run has one */
    double energy_kwh_lo, energy_kwh_hi, co2e_g_lo, co2e_g_hi;
};

struct gt_report_tally {
    enum gt_key key;
    struct gt_report_bucket *b; /* owned */
    size_t n;
    long runs_undated; /* GT_KEY_MONTH tallies: runs without a start, not in any bucket */
    /* the report's month tally (gt_report_build): runs in months without CO2e
     * before the first or after the last month with CO2e, cut; and the months
     * per bucket: 1, 3 (labels "2024-Q1") or 12 ("2024") */
    long runs_cut;
    int period;
};

/* Months a month chart shows as months; a longer span is shown in quarters,
 * and one over 3 x as many months in years. */
#define GT_REPORT_MONTHS_MAX 36

/* Months since year 0 of the first month of a period label ("2024-03",
 * "2024-Q1", "2024"); -1 for anything else. */
int gt_report_period_start(const char *label);
/* "month", "quarter" or "year": what one bucket of a month tally is. */
const char *gt_report_period_name(const struct gt_report_tally *t);
/* Months between labelled ticks of a month chart whose buckets are `pitch`
 * wide and labels `label_w` wide: a multiple of the period. */
int gt_report_period_step(const struct gt_report_tally *t, double pitch, double label_w);
/* The tick label of bucket b ("2024-03", "2024-Q1", or the year when ticks
 * are a year or more apart) into out and 1, or "" and 0 when b has no tick. */
int gt_report_period_tick(const struct gt_report_bucket *b, int every, char *out, size_t size);
/* "3 runs without a date are not shown" and the cut runs, or "". */
char *gt_report_months_note(const struct gt_report_tally *t, char *b, size_t size);

/* A constant the figures depend on, with its source. */
struct gt_report_const {
    const char *name; /* e.g. "carbon intensity", "ga_tree_year" */
    double value;     /* NAN: see text */
    const char *unit;
    const char *source; /* never empty */
};

#define GT_REPORT_MAX_CONSTS 24
#define GT_REPORT_MAX_SHARE  8 /* slices in a share chart; the rest is "other" */

struct gt_report {
    struct gt_summary_doc sum; /* aggregate, warnings, --ci label, greentally version */
    const char *title;         /* "Carbon footprint report" unless given */
    int jobs;            /* threads the CSV writer formats runs with (<= 1: the caller's only) */
    long *truncated;     /* when not NULL, the XLSX writer adds 1 per text cut at Excel's limit */
    char *const *inputs; /* paths as given */
    size_t ninputs;
    long long generated; /* seconds since 1970: SOURCE_DATE_EPOCH, else the time now */
    char hwdb_version[64];

    /* equivalents of the total CO2e (zeros when it is unknown) */
    struct gt_equiv_factors factors;
    struct gt_equivalents eq;
    struct gt_report_const consts[GT_REPORT_MAX_CONSTS];
    int nconsts;
    /* the uncertainty factors behind the ranges, with sources (hwdb) */
    const struct gt_hw_uncertainty *unc[GT_UNC__COUNT];
    int nunc;

    /* the paper statement (plain style, plain text), for the PDF and the Summary sheet */
    char *statement; /* owned */

    /* chart data */
    struct gt_report_tally comp;   /* energy by component per group: first --by key, else tool */
    struct gt_report_tally months; /* CO2e per month (or quarter, year), first to last */
    struct gt_report_tally share;  /* CO2e share by project, or by host when one project */

    /* the equivalents shown (PDF, HTML, XLSX): GT_REPORT_EQUIV_* bits of
     * gt_report_equiv_ids; 0 = GT_REPORT_EQUIV_DEFAULT. JSON has them all. */
    unsigned equivalents;

    /* set when the report is of one `estimate` (its inputs and sources); NULL for logs */
    const struct gt_estimate_report *estimate;

    /* `--methods all`: every peer's method on the first runs (set by the
     * caller; built by gt_report_build, NULL otherwise; owned) */
    int with_methods;
    struct gt_report_methods *methods;

    /* SLURM accounting read: GA4HPC's figures per user (the caller's; NULL
     * when no sacct output was read) */
    const struct gt_slurm_doc *slurm;
};

#define GT_REPORT_METHOD_RUNS 20 /* runs the comparison shows; the rest are counted */

struct gt_report_method_run {
    const struct gt_run *run;
    char inputs[700]; /* what the methods were given */
    double logged_kwh, logged_g;
    struct gt_method_result m[GT_M__COUNT];
};

struct gt_report_methods {
    size_t n;
    long more; /* runs beyond GT_REPORT_METHOD_RUNS */
    struct gt_report_method_run v[GT_REPORT_METHOD_RUNS];
    const struct gt_hw_constant *used[GT_METHODS_NCONST];
};

/* Where carbon intensity and PUE come from when no --ci/--pue replaced the
 * tools' own (the method sections of every writer). */
extern const char gt_report_ci_as_logged[];
extern const char gt_report_pue_as_logged[];

/* How the ranges are made, one paragraph for the method sections of every
 * report (docs/method.md has the whole). */
extern const char gt_report_range_method[];

/* What no tool counts, for the method sections of every report
 * (NULL-terminated). */
extern const char *const gt_report_not_counted[];

/* Fills the derived parts of r (tallies, equivalents, constants) from
 * r->sum.res and db; title, inputs, generated, estimate and sum are the
 * caller's. GT_E_NOMEM, or GT_E_DATA when a constant is missing from db. */
enum gt_status gt_report_build(struct gt_report *r, const struct gt_hwdb *db, struct gt_error *err);
void gt_report_release(struct gt_report *r);

/* Adds the figures of b (not its label) to sum: how a chart folds the
 * groups beyond the ones it shows into one "other" bar or slice. */
void gt_report_bucket_add(struct gt_report_bucket *sum, const struct gt_report_bucket *b);

/* One bucket per value of key k over the runs of res, in key order (e.g. for
 * a sheet per --by key). t->b is malloc'ed: free(t->b). */
enum gt_status gt_report_tally_key(const struct gt_agg_result *res, enum gt_key k,
                                   struct gt_report_tally *t);

/* Seconds since 1970 for "generated": SOURCE_DATE_EPOCH when it is a valid
 * integer (s), else now. -1 when s is set but not a valid epoch. */
long long gt_report_epoch(const char *source_date_epoch, long long now);

/* ---- what every writer shows the same way ------------------------------- */

/* A headline figure: "energy", "2.13 kWh", "sum over runs". */
struct gt_report_figure {
    const char *label;
    char value[64];
    char note[300];
};
#define GT_REPORT_FIGURES 6
/* energy, carbon footprint, runs, total duration, carbon intensity, PUE */
void gt_report_headline(const struct gt_report *r, struct gt_report_figure f[GT_REPORT_FIGURES]);

/* The equivalents of the total CO2e that r->equivalents selects, as lines
 * with their source, into l; returns how many (0 when no run logged CO2e,
 * or none are selected). */
#define GT_REPORT_MAX_EQUIV 8
int gt_report_equivalents(const struct gt_report *r, char l[GT_REPORT_MAX_EQUIV][200]);
/* The ids of the equivalents, in the order they are listed (NULL-terminated):
 * tree, car, flight (Green Algorithms: metric, one unit system), ct-car
 * (carbontracker), household, miles, tv (CodeCarbon). */
extern const char *const gt_report_equiv_ids[GT_REPORT_MAX_EQUIV];
#define GT_REPORT_EQUIV_DEFAULT 7u /* tree, car, flight */
#define GT_REPORT_EQUIV_ALL     127u
#define GT_REPORT_EQUIV_NONE    0x80u /* a bit no equivalent has */
/* "all", "none" or a comma-separated list of ids into *mask; 0, or -1 for
 * an unknown id or an empty list. */
int gt_report_equiv_parse(const char *s, unsigned *mask);

/* v with `sig` significant digits and no exponent ("0.00123", "1235"). */
char *gt_report_sig(double v, int sig, char *b, size_t size);
/* A duration for a reader: "43.3 h", "12.5 min", "40.0 s" (3 significant
 * digits), "-" for NAN. */
char *gt_report_duration(double s, char *b, size_t size);

/* Totals of the runs of res per tool (by_tool[tool]). */
void gt_report_tool_totals(const struct gt_agg_result *res,
                           struct gt_totals by_tool[GT_TOOL__COUNT]);

/* The note under the group tables (what is not known, harmonised, not
 * counted), into b; "" when there is nothing to say. Returns b. */
char *gt_report_missing_note(const struct gt_report *r, char *b, size_t size);

/* A labelled text: the rows of the estimate's inputs and components. */
struct gt_report_kv {
    const char *key;
    char text[1200];
};
#define GT_REPORT_MAX_KV 16
/* The inputs of an estimate with their sources (runtime, CPU, GPU, memory,
 * carbon intensity, PUE, PSF), and its power, energy and CO2e by component
 * (then its notes); each returns how many rows it filled. */
int gt_report_estimate_inputs(const struct gt_estimate_report *e,
                              struct gt_report_kv kv[GT_REPORT_MAX_KV]);
int gt_report_estimate_components(const struct gt_estimate_report *e,
                                  struct gt_report_kv kv[GT_REPORT_MAX_KV]);

/* "grouped by project, month" / "filters: since ... project x", or "" when
 * there is no --by / no filter; into b, returned. */
char *gt_report_grouping(const struct gt_report *r, char *b, size_t size);
char *gt_report_filters(const struct gt_report *r, char *b, size_t size);

/* A copy of t's buckets (malloc'ed, the caller frees; *n of them): all in
 * t's order when there are at most max, else the max - 1 with the most
 * energy, largest first, and "the other N" summed. NULL when out of memory. */
struct gt_report_bucket *gt_report_tally_top(const struct gt_report_tally *t, size_t max,
                                             size_t *n);

/* The method sections' texts: the introduction and the formulas (NULL-
 * terminated) for logs and for an estimate (formula 1 is
 * gt_report_method_gpu_measured with measured GPU power), and how the
 * equivalents are computed. */
extern const char gt_report_method_logs[];
extern const char *const gt_report_method_logs_formulas[];
extern const char gt_report_method_estimate[];
extern const char *const gt_report_method_estimate_formulas[];
extern const char gt_report_method_gpu_measured[];
extern const char gt_report_method_equivalents[];

/* ---- writers: each returns 0, or -1 with err set ----------------------- */

/* One row per run: CodeCarbon's column names where CodeCarbon has the
 * column, then provenance. */
int gt_report_write_csv(FILE *out, const struct gt_report *r, struct gt_error *err);
/* One row per group of --by (nothing to write without --by). */
int gt_report_write_groups_csv(FILE *out, const struct gt_report *r, struct gt_error *err);
/* The summary JSON plus "report" (title, generated, inputs), "method"
 * (constants with sources, data versions, not counted), "equivalents",
 * "statement" and "charts". */
int gt_report_write_json(FILE *out, const struct gt_report *r, struct gt_error *err);
/* XLSX (libxlsxwriter) written to the file `path`. */
int gt_report_write_xlsx(const char *path, const struct gt_report *r, struct gt_error *err);
/* PDF (libharu), A4. */
int gt_report_write_pdf(FILE *out, const struct gt_report *r, struct gt_error *err);
/* One self-contained HTML page (inline CSS and SVG, a little JS to sort the
 * tables; nothing is loaded from the network). */
int gt_report_write_html(FILE *out, const struct gt_report *r, struct gt_error *err);

#endif
