/* gt_apriori.h - the footprint before the run and after part of it: FLOPs
 * to runtime, embodied emissions shared by a run, the best start time in a
 * carbon-intensity series, and the extrapolation of a partial run. Pure
 * arithmetic (no I/O). */
#ifndef GT_APRIORI_H
#define GT_APRIORI_H

#include <stddef.h>

#include "gt_ci.h"
#include "gt_error.h"

/* ---- FLOPs ------------------------------------------------------------------ */

/* Transformer FLOPs (Kaplan et al. 2020, "Scaling Laws for Neural Language
 * Models", section 2.1): training 6 x N x T, inference 2 x N per token. */
double gt_apriori_transformer_flops(double params, double tokens, int inference);

/* FLOPs of M multiply-accumulates, as layer-counting tools print them: 2 x M. */
double gt_apriori_macs_flops(double macs);

/* Seconds to compute `flops` on n_gpus at peak_tflops (dense, 1e12 FLOP/s
 * each) with model FLOPs utilisation mfu in (0, 1]:
 *   runtime = flops / (n_gpus x peak x mfu)
 * GT_E_RANGE naming the input that is out of range. */
enum gt_status gt_apriori_runtime(double flops, double n_gpus, double peak_tflops, double mfu,
                                  double *runtime_s, struct gt_error *err);

/* ---- embodied emissions ----------------------------------------------------- */

/* The share of `count` items of `kgco2e` embodied emissions each that a run
 * of runtime_h uses, amortised over lifetime_years at utilisation u (the
 * fraction of its life the hardware is busy; 1 = always):
 *   g = count x kgco2e x 1000 x runtime_h / (lifetime_years x 8760 x u)
 * (Luccioni et al. 2022, BLOOM, section 4.1). GT_E_RANGE naming the input. */
enum gt_status gt_embodied_share(double kgco2e, double count, double runtime_h,
                                 double lifetime_years, double utilization, double *g,
                                 struct gt_error *err);

/* ---- best start in a carbon-intensity series ------------------------------- */

struct gt_best_start {
    double start;     /* best start found */
    double mean;      /* the series' mean over [start, start + runtime] */
    double ref_start; /* the reference start ("now" or --start) */
    double ref_mean;  /* the mean from ref_start; NAN when the series does not cover it */
    size_t candidates;
};

/* Among the starts t >= ref_start at which a series value begins (and
 * ref_start itself) whose whole run [t, t + runtime_s] the series covers,
 * the one of the lowest time-weighted mean intensity (the earliest of equal
 * means). GT_E_DATA when no such start exists. */
enum gt_status gt_ci_best_start(const struct gt_ci_series *s, double ref_start, double runtime_s,
                                enum gt_ci_interp m, struct gt_best_start *out,
                                struct gt_error *err);

/* ---- prediction from a partial run ------------------------------------------ */

/* One measured part of a run: an epoch, a logger flush or a sample. */
struct gt_predict_seg {
    double duration_s;
    double energy_kwh; /* as the log has it, its PUE applied */
};

enum gt_predict_mode {
    GT_PREDICT_UNITS = 0, /* target = total number of segments (epochs or steps) */
    GT_PREDICT_DURATION   /* target = total duration in seconds */
};

struct gt_predict_result {
    size_t based_on;        /* segments measured */
    double measured_kwh;    /* their energy */
    double measured_s;      /* their duration */
    double remaining;       /* segments (UNITS) or seconds (DURATION) still to run */
    double energy_kwh;      /* measured + remaining x mean */
    double energy_low_kwh;  /* measured + remaining x the least per segment (per second) */
    double energy_high_kwh; /* measured + remaining x the most */
    double duration_s, duration_low_s, duration_high_s;
};

/* carbontracker's method: the mean energy per epoch (or per second for
 * GT_PREDICT_DURATION, time-weighted) times what remains, added to what
 * was measured; the low and high ends use the least and the most energy
 * of one epoch (per second) measured. GT_E_RANGE when there is no
 * segment, a segment is not a number >= 0, or the target is not beyond
 * what was measured. */
enum gt_status gt_predict(const struct gt_predict_seg *segs, size_t n, enum gt_predict_mode mode,
                          double target, struct gt_predict_result *out, struct gt_error *err);

/* ---- the measured parts of a log, for gt_predict ------------------------- */

struct gt_predict_log {
    const char *format; /* "carbontracker", "eco2ai", "greentally-run", "codecarbon-csv" */
    const char *unit;   /* "epoch", "flush" (CodeCarbon), "sample" (greentally run) */
    const char *units;  /* its plural: "epochs", "flushes", "samples" */
    struct gt_predict_seg *seg;
    size_t n, cap;
    double ci_g_per_kwh; /* the log's intensity: its CO2e / its energy; NAN unknown */
    double pue;          /* the PUE the log applied; NAN unknown */
    char run[160];       /* the run the segments belong to */
    size_t runs;         /* runs in the file (the last one is used) */
    long planned;        /* epochs the log says are planned (carbontracker), -1 unknown */
    int epochs_equal;    /* carbontracker without per-epoch detail: equal shares */
    long rejected;       /* rows (lines, samples) that could not be used */
    long first_rejected; /* the line of the first of them, 0 none */
};

/* Reads the measured parts of one run from a log's bytes (its pair, for a
 * carbontracker log, in pair/pair_len, may be NULL):
 *  - carbontracker: one segment per measured epoch; its energy is the run's
 *    measured energy shared by the epoch's duration x its mean power over
 *    all devices (equal shares when the log has no per-epoch detail);
 *  - eco2ai: the rows "epoch: N, ..." of the last run id;
 *  - greentally run log: one segment per sample, its e_j (cpu + ram + gpu,
 *    J) x the header's PUE;
 *  - CodeCarbon emissions.csv: the increments between the cumulative rows
 *    of the last run id (ordered by duration).
 * GT_E_DATA when the log is of another kind or holds nothing to use. The
 * caller releases out with gt_predict_log_release. */
enum gt_status gt_predict_log_read(const char *data, size_t len, const char *pair, size_t pair_len,
                                   const char *name, struct gt_predict_log *out,
                                   struct gt_error *err);
void gt_predict_log_release(struct gt_predict_log *l);

#endif
