/* gt_tradeoff.h - resource versus quality: joining log runs to metric rows,
 * the Pareto front, STREP's index scaling, A-E ratings and the compound
 * index (Fischer et al., "Towards more sustainable and trustworthy reporting
 * in machine learning", Data Mining and Knowledge Discovery, 2024; see
 * docs/method.md). Pure. */
#ifndef GT_TRADEOFF_H
#define GT_TRADEOFF_H

#include <stddef.h>

#include "gt_agg.h"
#include "gt_error.h"
#include "gt_metrics.h"

/* --- the join ------------------------------------------------------------------ */

enum gt_join { GT_JOIN_RUN_ID, GT_JOIN_EXPERIMENT, GT_JOIN_PROJECT, GT_JOIN_TIME };
const char *gt_join_name(enum gt_join j); /* "run_id", "experiment", "project", "time" */
/* -1 when s names no join. */
int gt_join_parse(const char *s, enum gt_join *j);

struct gt_join_opts {
    enum gt_join how;
    /* --utc-offset: the UTC offset of log times written without a zone
     * (CodeCarbon's), so they can be placed against MLflow's and W&B's UTC
     * times; has_offset 0 = not given */
    int has_offset;
    double offset_s;
};

/* Per log run (res->runs[i]): the metric row it joined (row[i] >= 0), or
 * -1 and why[i] the reason it did not. Per metric row: how many log runs
 * joined it (nruns[k]); a row with none has no energy. */
struct gt_join_result {
    long *row;
    char (*why)[200];
    size_t *nruns;
    size_t njoined, nunjoined;
};

/* Joins every kept run of res to at most one row of m. By run id,
 * experiment or project: the run's value equals the row's (exactly, both
 * non-empty), and a value shared by several rows joins none (ambiguous).
 * By time: the run's [start, end] overlaps the row's, on the same host when
 * both know the host; the largest overlap wins, a tie is ambiguous. Fills
 * out (free with gt_join_release). GT_E_NOMEM only. */
enum gt_status gt_tradeoff_join(const struct gt_agg_result *res, const struct gt_mset *m,
                                const struct gt_join_opts *o, struct gt_join_result *out,
                                struct gt_error *err);
void gt_join_release(struct gt_join_result *j);

/* --- scoring ------------------------------------------------------------------------ */

enum gt_dir { GT_DIR_MAX, GT_DIR_MIN };

/* Built-in axes (resources of the log runs); others are metrics by name. */
enum gt_axis_kind { GT_AXIS_METRIC = 0, GT_AXIS_ENERGY, GT_AXIS_CO2E, GT_AXIS_DURATION };

struct gt_axis {
    char name[64];
    enum gt_axis_kind kind;
    enum gt_dir dir;
    double weight; /* > 0 */
};

/* "accuracy:max", "latency_ms:min:2", "energy:min:0.5" -> axis (weight 1
 * when not given; energy, co2e and duration are the built-in axes and are
 * always min). -1 and a message in err when malformed. */
int gt_axis_parse(const char *s, struct gt_axis *a, struct gt_error *err);

#define GT_RATINGS 5 /* A..E */

/* Rating boundaries: an index >= b[0] rates A, >= b[1] B, >= b[2] C, >=
 * b[3] D, else E. STREP's defaults: 0.9, 0.8, 0.7, 0.6. With quantiles set,
 * each axis (and the compound) takes its own boundaries from the indices of
 * the items: the 80th, 60th, 40th and 20th percentiles (linear
 * interpolation between order statistics), so ratings spread over A-E. */
struct gt_bounds {
    int quantiles;
    double b[GT_RATINGS - 1];
};
extern const struct gt_bounds gt_strep_bounds;
/* "0.9,0.8,0.7,0.6" or "quantiles" -> b. -1 and a message in err when not
 * four decreasing numbers. */
int gt_bounds_parse(const char *s, struct gt_bounds *b, struct gt_error *err);

/* One row of the comparison: a metric row with its joined log runs (or,
 * with --by model, the rows of one model). Filled by the caller: label,
 * energy, co2e, duration and val[] for each axis (NAN unknown); by
 * gt_tradeoff_score: ref, index, rating, compound, pareto. */
struct gt_item {
    const char *label;
    size_t nrows; /* metric rows */
    size_t nruns; /* log runs summed */
    double energy_kwh, co2e_g, duration_s;
    /* low-high ranges of energy and CO2e: sums of the log runs' (NAN unknown) */
    double energy_kwh_lo, energy_kwh_hi, co2e_g_lo, co2e_g_hi;
    double *val;     /* [naxes] */
    double *index;   /* [naxes]; NAN when it cannot be computed */
    char *rating;    /* [naxes]; 'A'..'E', or '-' */
    double compound; /* weighted mean of the indices; NAN when one is unknown */
    char compound_rating;
    int pareto; /* 1 on the front; 0 dominated or with an unknown value */
};

struct gt_score_opts {
    const struct gt_axis *axes;
    size_t naxes;
    const char *reference; /* label of the reference item, NULL = best per axis */
    struct gt_bounds bounds;
};

/* What scoring found, per axis. */
struct gt_axis_score {
    double ref;               /* the reference value */
    double b[GT_RATINGS - 1]; /* the boundaries used */
};

/* Scores the items: per axis the reference value (the best value, or the
 * reference item's), index value/ref (max) or ref/value (min), the rating,
 * the compound index and its rating (boundaries of the compound, or its
 * quantiles) and the Pareto front over all axes. An index needs a positive
 * value and reference. ax[naxes + 1] (the last for the compound) receives
 * the references and boundaries. GT_E_NOTFOUND when the reference is not an
 * item's label, GT_E_DATA when it lacks a value of some axis. */
enum gt_status gt_tradeoff_score(struct gt_item *items, size_t n, const struct gt_score_opts *o,
                                 struct gt_axis_score *ax, struct gt_error *err);

/* 'A'..'E' for an index against boundaries b; '-' for NAN. */
char gt_tradeoff_rating(double index, const double *b);

/* The sentence comparing the item best on the first quality axis (A) with
 * the item on the front that uses the least energy (B), e.g. "'small'
 * reaches 0.2 lower accuracy than 'large' (0.71 against 0.91) with 4.1x
 * less energy (0.5 kWh against 2.05 kWh)." Written into buf; 0, or -1 when
 * no item has both values (buf ""). */
int gt_tradeoff_statement(const struct gt_item *items, size_t n, const struct gt_axis *axes,
                          size_t naxes, char *buf, size_t size);

#endif
