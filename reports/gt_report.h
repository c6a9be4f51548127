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
    /* low-high ranges: sums of the runs' (gt_unc.h); 0 when no run has one */
    double energy_kwh_lo, energy_kwh_hi, co2e_g_lo, co2e_g_hi;
};

struct gt_report_tally {
    enum gt_key key;
    struct gt_report_bucket *b; /* owned */
    size_t n;
    long runs_undated; /* GT_KEY_MONTH tallies: runs without a start, not in any bucket */
};

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
    struct gt_report_tally months; /* CO2e per month, every month from the first to the last */
    struct gt_report_tally share;  /* CO2e share by project, or by host when one project */

    /* set when the report is of one `estimate` (its inputs and sources); NULL for logs */
    const struct gt_estimate_report *estimate;
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

#endif
