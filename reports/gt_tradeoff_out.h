/* gt_tradeoff_out.h - `greentally tradeoff` output: table, CSV, JSON, and
 * the scatter charts of energy against each metric in PDF and XLSX. */
#ifndef GT_TRADEOFF_OUT_H
#define GT_TRADEOFF_OUT_H

#include <stdio.h>

#include "gt_error.h"
#include "gt_summary_out.h"
#include "gt_tradeoff.h"

/* A log run that joined no metric row, or a metric row that no log run
 * joined. */
struct gt_tradeoff_loose {
    const char *label; /* run id, or the row's name */
    const char *file;
    long line; /* 0: a folder (an MLflow or W&B run) */
    const char *why;
    double energy_kwh; /* NAN for metric rows */
};

/* Where an item's figures come from: a metric run, or a log run whose
 * energy it sums. */
struct gt_tradeoff_src {
    size_t item;
    int log;         /* 1: a log run, 0: a metric run */
    const char *run; /* run id (or the metric run's label) */
    const char *file;
    long line;         /* 0: a folder (an MLflow or W&B run) */
    double energy_kwh; /* log runs; NAN for metric runs */
};

struct gt_tradeoff_doc {
    const struct gt_item *items;
    size_t nitems;
    const struct gt_axis *axes;
    size_t naxes;
    const struct gt_axis_score *ax; /* naxes + 1 (the last: compound) */
    const char *join;               /* "run_id", "experiment", "project", "time" */
    const char *utc_offset;         /* --utc-offset as given, NULL */
    const char *reference;          /* NULL: the best run of each axis */
    int quantiles;
    const char *step;                         /* "last" or "best" */
    const char *group;                        /* "run" or "model" */
    const char *metrics_read;                 /* "3 rows of 1 table, 2 MLflow runs, ..." */
    const struct gt_tradeoff_loose *unjoined; /* log runs */
    size_t nunjoined;
    const struct gt_tradeoff_loose *unused; /* metric rows without energy */
    size_t nunused;
    const char *statement;                 /* "" when none */
    const struct gt_tradeoff_src *sources; /* ordered by item: metric runs, then log runs */
    size_t nsources;
    struct gt_summary_doc logs;
    const char *title;
    long long generated; /* seconds since 1970 (SOURCE_DATE_EPOCH) */
};

/* Each returns 0, or -1 on a write error. */
int gt_tradeoff_write_table(FILE *out, const struct gt_tradeoff_doc *d);
int gt_tradeoff_write_csv(FILE *out, const struct gt_tradeoff_doc *d);
int gt_tradeoff_write_json(FILE *out, const struct gt_tradeoff_doc *d);
/* PDF (libharu): the table, the statement, one scatter chart of energy
 * against each metric axis with the front drawn and the compound rating on
 * each point, the method. 0, or -1 with err. */
int gt_tradeoff_write_pdf(FILE *out, const struct gt_tradeoff_doc *d, struct gt_error *err);
/* XLSX (libxlsxwriter) written to `path`: sheets Tradeoff (the table and a
 * native scatter chart per metric axis, the front as its own series) and
 * Method. 0, or -1 with err. */
int gt_tradeoff_write_xlsx(const char *path, const struct gt_tradeoff_doc *d, struct gt_error *err);

/* HTML: one self-contained page in the HTML report's style (the table,
 * sortable; an SVG scatter of energy against each metric with the front of
 * energy and that metric marked, each point's tooltip with its compound
 * rating; the method and what did not join). 0, or -1 with err. */
int gt_tradeoff_write_html(FILE *out, const struct gt_tradeoff_doc *d, struct gt_error *err);

/* Text shared by the writers. */
const char *gt_tradeoff_dir_name(enum gt_dir d); /* "max" / "min" */
/* The method paragraph (STREP citation, scaling, boundaries), into buf. */
char *gt_tradeoff_method(const struct gt_tradeoff_doc *d, char *buf, size_t size);
/* The value of axis a for display (kWh, g, s or the metric), into buf. */
char *gt_tradeoff_value(const struct gt_axis *a, double v, char *buf, size_t size);

/* Axis ticks for values lo..hi (not from 0): a step of 1, 2, 2.5 or 5 x
 * 10^k giving at most `most` steps, *a0 and *a1 the axis ends (lo == hi is
 * widened by 10%). Returns the decimals a tick label needs. */
int gt_tradeoff_ticks(double lo, double hi, int most, double *step, double *a0, double *a1);

#endif
