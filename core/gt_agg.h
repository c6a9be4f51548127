/* gt_agg.h - from run records to runs, groups, totals and accounting. Pure.
 *
 * Rows of one run (same tool and run_key, or anonymous rows of one project
 * starting within 2 s of each other) count once: the best row wins (actual
 * over predicted, then the latest end, then the longest duration, then the
 * later row); earlier rows are "superseded", never summed. A run whose best
 * row has no energy keeps its latest row that has energy. Records sharing a
 * group_key are one run measured several ways: one method counts, the others
 * are kept beside it. Memory grows with the number of runs, not rows. */
#ifndef GT_AGG_H
#define GT_AGG_H

#include <stddef.h>

#include "gt_ci.h"
#include "gt_error.h"
#include "gt_record.h"
#include "gt_unc.h"

enum gt_key {
    GT_KEY_TOOL,
    GT_KEY_PROJECT,
    GT_KEY_EXPERIMENT,
    GT_KEY_RUN,
    GT_KEY_HOST,
    GT_KEY_USER,
    GT_KEY_CPU,
    GT_KEY_GPU,
    GT_KEY_COUNTRY,
    GT_KEY_REGION,
    GT_KEY_DAY,
    GT_KEY_WEEK,
    GT_KEY_MONTH,
    GT_KEY_YEAR,
    /* SLURM accounting (other records: "") */
    GT_KEY_ACCOUNT,
    GT_KEY_PARTITION,
    GT_KEY_STATE,
    GT_KEY_JOB,
    GT_KEY_ARRAY,
    GT_KEY__COUNT
};
const char *gt_key_name(enum gt_key k);
/* Parses "project,month" into keys; -1 and a message in err on an unknown
 * name. */
int gt_key_parse_list(const char *s, enum gt_key *keys, size_t max, size_t *n,
                      struct gt_error *err);

#define GT_AGG_MAX_KEYS   8
#define GT_AGG_MAX_FILTER 16

struct gt_agg_opts {
    enum gt_key by[GT_AGG_MAX_KEYS];
    size_t nby;
    /* filters (a run is kept when it passes all given ones) */
    int has_since, has_until;
    double since, until; /* seconds since 1970; compared with the run's start */
    const char *projects[GT_AGG_MAX_FILTER];
    size_t nprojects;
    const char *hosts[GT_AGG_MAX_FILTER];
    size_t nhosts;
    enum gt_tool tools[GT_AGG_MAX_FILTER];
    size_t ntools;
    int include_predicted;
    /* harmonisation: recompute CO2e with one carbon intensity and/or energy
     * with one PUE (removing the PUE the tool applied, where known) */
    int set_ci;
    double ci_g_per_kwh;
    int set_pue;
    double pue;
    /* a carbon intensity that changes over time: each run's CO2e = energy x
     * the series' time-weighted mean over [start, end] (energy assumed spread
     * evenly over the run). A run the series covers only in part takes the
     * static value for the rest; a run it does not cover at all, or cannot be
     * placed on it (no start, local time without a zone), falls back to the
     * static value: ci_g_per_kwh when set_ci, else the run's own intensity.
     * Each such run says so in its note and is counted in the result. */
    const struct gt_ci_series *ci_series; /* NULL: none (not owned) */
    enum gt_ci_interp ci_interp;
    /* 1: the result's runs[] holds only the runs with something to report
     * (an energy gap, other methods, a partial or fallen-back ci series use),
     * as records without extras or series; groups and totals still count every
     * run. The aggregate then keeps a fixed-size record per run (about 112
     * bytes) and each distinct string once, instead of the whole best row. */
    int notable_runs_only;
    /* 1: SLURM jobs' per-user figures are not wanted (result.slurm stays
     * NULL), so the aggregate keeps 48 bytes less per job: for outputs that
     * do not print them (summary's CSV) */
    int no_slurm_figures;
    /* the uncertainty factors behind every run's low-high range (gt_unc.h);
     * NULL: ranges are NAN (not owned) */
    const struct gt_unc *unc;
};

struct gt_totals {
    long runs;
    double duration_s, energy_kwh, cpu_kwh, gpu_kwh, ram_kwh, co2e_g;
    /* runs that lacked a value (not counted as zero) */
    long no_duration, no_energy, no_cpu, no_gpu, no_ram, no_co2e;
    long predicted, recomputed, local_time;
    /* what was recomputed: CO2e (--ci, --ci-series), energy (--pue); runs
     * whose energy stays as logged under --pue (the tool's PUE is unknown) */
    long recomputed_co2e, recomputed_energy, pue_kept;
    long ci_series, ci_partial, ci_fallback; /* with a ci_series: runs by gt_run.ci_use */
    /* low-high ranges: the sums of the runs' lows and highs (gt_unc.h); NAN
     * without opts.unc */
    double energy_kwh_lo, energy_kwh_hi, co2e_g_lo, co2e_g_hi;
    double comp_[10]; /* internal: compensated-summation terms, folded in at the end */
};

enum {
    GT_RECOMPUTED_CO2E = 1,    /* CO2e = energy x the intensity asked for */
    GT_RECOMPUTED_ENERGY = 2,  /* energy with the PUE asked for */
    GT_RECOMPUTED_PUE_KEPT = 4 /* --pue asked, but the tool's PUE is unknown */
};

struct gt_run {
    /* the row that counts (owned by the result), or NULL when the result
     * makes it again from its compact rows: read it with gt_agg_run_record */
    const struct gt_record *rec;
    /* figures after harmonisation */
    double energy_kwh, cpu_kwh, gpu_kwh, ram_kwh, co2e_g;
    double ci_g_per_kwh; /* used or derived; NAN unknown */
    /* low-high ranges of energy_kwh and co2e_g (gt_unc_run); NAN unknown */
    double energy_kwh_lo, energy_kwh_hi, co2e_g_lo, co2e_g_hi;
    int recomputed;             /* 1 when --ci/--pue/--ci-series changed a figure */
    unsigned recomputed_what;   /* GT_RECOMPUTED_* */
    const char *recompute_note; /* what was recomputed, or "" (owned by the result) */
    /* with a ci_series: how it applied, and the share of the run it covers */
    enum gt_ci_use {
        GT_CI_USE_NONE = 0, /* no series */
        GT_CI_USE_SERIES,   /* covered from start to end */
        GT_CI_USE_PARTIAL,  /* partly covered: the rest at the static value */
        GT_CI_USE_FALLBACK  /* not covered or not placeable: static value */
    } ci_use;
    double ci_coverage;              /* 0..1; NAN when the run could not be placed */
    long rows;                       /* source rows seen for this run */
    long gap_line;                   /* > 0: the latest row (this line) had no energy */
    const struct gt_record *gap_rec; /* that row, when gap_line > 0 */
    /* other methods of a run measured several ways */
    size_t nmethods;
    const struct gt_record **methods;
    const char *key[GT_KEY__COUNT]; /* group key values ("" unknown) */
    /* internal: where gt_agg_run_record finds the row when rec is NULL */
    const void *row_store_;
    size_t row_at_;
};

/* A record gt_agg_run_record writes, with room for its run key and extras
 * (about 1.2 KB: one on the stack per run being read, not an array). */
struct gt_run_rec {
    struct gt_record rec;
    char key[40];
    struct gt_kv kv_[16]; /* internal: room for the record's extras */
    char xbuf_[512];
};

/* The row that counts for run r (of a result not yet freed): r->rec, else
 * the row as it was read (its extras too, with every run listed), written
 * into *tmp. Listed runs are kept this way (about 150 bytes a run instead of
 * the whole row); a run with a note (an energy gap, other methods, a partial
 * or fallen-back series), SLURM jobs and rows with series or epochs have rec
 * set. The strings point into the result, but for the run key and the
 * extras, which may be in tmp. Only reads the result: threads may call it at
 * once, each with its own tmp. */
const struct gt_record *gt_agg_run_record(const struct gt_run *r, struct gt_run_rec *tmp);

struct gt_group {
    const char *key[GT_AGG_MAX_KEYS]; /* values of opts.by */
    struct gt_totals t;
};

struct gt_accounting {
    long files_read, files_skipped;
    long files_rejected;  /* unreadable or unparsable: named, not counted */
    long files_duplicate; /* the same file (or a byte-identical copy) again: counted once */
    long rows_read, rows_used, rows_superseded, rows_rejected, rows_excluded;
};

struct gt_slurm_headline;

struct gt_agg_result {
    struct gt_agg_opts opts;
    struct gt_run *runs; /* kept runs, ordered by start, tool, file, line */
    size_t nruns;
    struct gt_group *groups; /* ordered by key values */
    size_t ngroups;
    struct gt_totals totals;
    struct gt_accounting acc;
    long excluded_predicted, excluded_filter, gap_runs, multi_method_runs;
    /* with opts.ci_series: runs covered, partly covered, fallen back (of
     * those: not placeable because of local time or no time) */
    long ci_series_runs, ci_partial_runs, ci_fallback_runs, ci_fallback_local, ci_fallback_notime;
    /* with a --project (--host) filter: the distinct projects (hosts) of the
     * runs it was applied to, sorted, owned; so a filter that matches
     * nothing can say what there was */
    char **seen_projects, **seen_hosts;
    size_t nseen_projects, nseen_hosts;
    /* SLURM jobs counted (in totals and groups): GA4HPC's figures per user
     * and in total (gt_slurm.h; gt_slurm_headline_build copies them). Summed
     * at the finish from what the aggregate keeps of every job, also with
     * notable_runs_only; NULL when no SLURM job was counted. */
    struct gt_slurm_headline *slurm;
    void *priv;
};

struct gt_agg;

/* NULL when out of memory. opts is copied (its strings must outlive the agg
 * and the result). */
struct gt_agg *gt_agg_new(const struct gt_agg_opts *opts);
/* Adds one record (copied as needed). A record outside the plausibility
 * bounds (gt_record_check) is counted as rejected, not added: callers that
 * name rejections check it first. */
enum gt_status gt_agg_add(struct gt_agg *a, const struct gt_record *rec);
/* gt_agg_add of a record that has passed gt_record_check (not checked again). */
enum gt_status gt_agg_add_checked(struct gt_agg *a, const struct gt_record *rec);
/* Counts rows that are read but replaced by something else, e.g. a tool's own
 * total beside the per-run records it sums. */
void gt_agg_count_superseded(struct gt_agg *a, long rows);
void gt_agg_count_rejected(struct gt_agg *a, long rows);
/* Counts rows read that are not runs (a SLURM job still running or pending). */
void gt_agg_count_excluded(struct gt_agg *a, long rows);
void gt_agg_count_file(struct gt_agg *a, int skipped);
void gt_agg_count_file_rejected(struct gt_agg *a);
void gt_agg_count_file_duplicate(struct gt_agg *a);
/* Parallel reading: an aggregate per part of the input, merged in input
 * order. gt_agg_merge adds src's runs to dst as if src's rows had been added
 * to dst one by one after dst's, with src's line numbers moved by
 * line_offset, and frees src. That holds for runs identified by a run key;
 * rows that add up (delta rows) or are matched by time (anonymous rows) make
 * an aggregate order-sensitive: such a part must be added to dst row by row
 * instead. */
enum gt_status gt_agg_merge(struct gt_agg *dst, struct gt_agg *src, long line_offset);
int gt_agg_order_sensitive(const struct gt_agg *a);
/* A new aggregate with a's options. */
struct gt_agg *gt_agg_new_like(const struct gt_agg *a);
/* Frees an aggregate without a result. */
void gt_agg_free(struct gt_agg *a);
/* Builds the result and frees a. *out is freed with gt_agg_result_free. */
enum gt_status gt_agg_finish(struct gt_agg *a, struct gt_agg_result **out);
void gt_agg_result_free(struct gt_agg_result *r);

/* Adds run r to totals t as the aggregate sums its groups (compensated, with
 * the ranges); gt_agg_totals_fold finishes t once every run is in (ranges:
 * whether the result has ranges, i.e. opts.unc was given). For callers that
 * total the runs by another key, e.g. the reports' runs by tool. */
void gt_agg_totals_add(struct gt_totals *t, const struct gt_run *r);
void gt_agg_totals_fold(struct gt_totals *t, int ranges);

/* The value of a key for a record ("" when unknown), written into buf. */
const char *gt_agg_key_value(const struct gt_record *r, enum gt_key k, char *buf, size_t size);

/* What the harmonisation did, counted honestly: "48 of 48 runs recomputed
 * (CO2e of 48, energy of 30); 18 keep the tool's energy: the PUE it applied
 * is unknown". Writes into buf (always NUL-terminated). */
void gt_agg_recompute_text(const struct gt_totals *t, char *buf, size_t size);

#endif
