/* gt_estimate_out.h - an estimate with everything it was computed from, and
 * its writers (table, JSON, CSV). */
#ifndef GT_ESTIMATE_OUT_H
#define GT_ESTIMATE_OUT_H

#include <stdio.h>

#include "gt_equiv.h"
#include "gt_estimate.h"
#include "gt_hwdb.h"
#include "gt_unc.h"

#define GT_MAX_NOTES 12

struct gt_resolved {
    char what[256];   /* human description: "Xeon E5-2683 v4 (16 cores, 120 W)" */
    char source[768]; /* where the number comes from */
};

struct gt_estimate_report {
    const char *tool_version;
    char hwdb_version[64];
    struct gt_estimate_input in;
    struct gt_estimate_result res;
    struct gt_equiv_factors factors;
    struct gt_equivalents eq;
    double runtime_s;

    const char *cpu_query;       /* --cpu as given, NULL when none */
    const struct gt_hw_cpu *cpu; /* hwdb row, NULL when none */
    struct gt_resolved cpu_tdp;  /* where TDP per core comes from */
    const char *gpu_query;
    const struct gt_hw_gpu *gpu;
    struct gt_resolved gpu_tdp;
    struct gt_resolved memory_power;
    const struct gt_hw_location *location; /* NULL when --ci without --location */
    struct gt_resolved ci;
    struct gt_resolved pue;
    const char *platform;          /* personal, local, cloud */
    const char *provider, *region; /* NULL when not cloud */
    struct gt_resolved psf;
    struct gt_resolved node_static;             /* --node-static-w (what = "" when off) */
    const struct gt_hw_constant *constants[16]; /* equivalence factors used */
    int nconstants;
    /* --ci-series: the file, the run's span on it, how much of the run it
     * covers and its mean there (NAN when it covers none: the static value
     * is used); ci_series_file NULL when not given */
    const char *ci_series_file;
    const char *ci_interp;
    double start, ci_series_coverage, ci_series_mean, ci_static;
    char ci_series_span[96]; /* what the series covers */
    char notes[GT_MAX_NOTES][256];
    int nnotes;
    /* how sure (gt_unc.h): the PUE's kind, another dataset's intensity for
     * the location (NAN none), the ranges, the factor rows they rest on */
    enum gt_unc_pue pue_kind;
    double ci_alt;
    char ci_alt_what[128];
    struct gt_range e_range, c_range;
    const struct gt_hw_uncertainty *unc_rows[GT_UNC__COUNT];
    int nunc;
};

/* Human-readable report (what `greentally estimate` prints by default). */
int gt_estimate_write_table(FILE *out, const struct gt_estimate_report *r);

/* One JSON object (cJSON), see docs/greentally.1. Returns 0, -1 on error. */
int gt_estimate_write_json(FILE *out, const struct gt_estimate_report *r);

/* The object gt_estimate_write_json prints, to extend (caller deletes);
 * NULL when out of memory. */
struct cJSON;
struct cJSON *gt_estimate_json(const struct gt_estimate_report *r);

/* A header row and one data row (libcsv quoting). Returns 0, -1 on error. */
int gt_estimate_write_csv(FILE *out, const struct gt_estimate_report *r);

#endif
