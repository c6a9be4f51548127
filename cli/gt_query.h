/* gt_query.h - what summary, report and statement share: the options that
 * select and harmonise runs, and reading PATH... into an aggregate. */
#ifndef GT_QUERY_H
#define GT_QUERY_H

#include "gt_agg.h"
#include "gt_ci_cli.h"
#include "gt_cli.h"
#include "gt_logread.h"
#include "gt_slurm_cli.h"
#include "gt_slurm_out.h"
#include "gt_summary_out.h"

/* The shared entries of an option table, to be listed inside a command's
 * `struct gt_option[]` before its own options. */
#define GT_QUERY_OPTIONS                                                                           \
    {"by", 'b', GT_OPT_VALUE, "KEYS",                                                              \
     "group by a comma-separated list of tool, project, experiment, run, host, user, cpu, gpu, "   \
     "country, region, day, week, month, year; SLURM accounting: account, partition, state, job, " \
     "array"},                                                                                     \
        GT_QUERY_SELECT_OPTIONS

/* The shared entries without --by (for a command whose --by means something
 * else; it reads runs with gt_query_run_ungrouped). */
#define GT_QUERY_SELECT_OPTIONS                                                                    \
    {"since", 0, GT_OPT_VALUE, "DATE",                                                             \
     "only runs that started on or after DATE (YYYY-MM-DD, or a date-time; UTC)"},                 \
        {"until", 0, GT_OPT_VALUE, "DATE",                                                         \
         "only runs that started on or before DATE (a whole day; a date-time is an exclusive "     \
         "bound)"},                                                                                \
        {"project", 0, GT_OPT_LIST, "NAME", "only runs of this project (repeatable)"},             \
        {"host", 0, GT_OPT_LIST, "NAME", "only runs on this host (repeatable)"},                   \
        {"tool", 0, GT_OPT_LIST, "NAME",                                                           \
         "only runs measured by this tool: codecarbon, carbontracker, eco2ai, energytracker, "     \
         "green-algorithms, greentally, slurm (repeatable)"},                                      \
        {"include-predicted", 0, GT_OPT_FLAG, NULL,                                                \
         "count carbontracker runs that only have a prediction (marked as predicted)"},            \
        {"ci", 0, GT_OPT_VALUE, "G_PER_KWH|LOCATION",                                              \
         "recompute every run's CO2e with this carbon intensity (a number, or a location such as " \
         "FR)"},                                                                                   \
        GT_CI_SERIES_OPTIONS,                                                                      \
        {"cluster", 0, GT_OPT_VALUE, "FILE",                                                       \
         "SLURM accounting: the cluster description (partitions, TDPs, PUE, CI; ours or "          \
         "GA4HPC's cluster_info.yaml)"},                                                           \
        {"node-static-w", 0, GT_OPT_VALUE, "W",                                                    \
         "SLURM accounting: a node's fixed draw while a job holds it, shared by the job's share "  \
         "of the node (default 0: off)"},                                                          \
        {"pue", 0, GT_OPT_VALUE, "X",                                                              \
         "recompute every run's energy with this PUE, removing the PUE the tool applied where "    \
         "known"},                                                                                 \
        {"follow", 'L', GT_OPT_FLAG, NULL,                                                         \
         "follow symbolic links to directories inside PATH (not followed by default)"},            \
        {"strict", 0, GT_OPT_FLAG, NULL, "exit 2 when any row or file is rejected"},               \
        {"quiet", 'q', GT_OPT_FLAG, NULL,                                                          \
         "do not print per-row warnings (JSON still lists them)"},                                 \
        {"jobs", 'j', GT_OPT_VALUE, "N",                                                           \
         "read with N threads: files, and parts of large CodeCarbon files, at once; the output "   \
         "is the same as with 1 (default: the number of cores)"},                                  \
    {                                                                                              \
        "hwdb-file", 0, GT_OPT_LIST, "FILE", "add or override hwdb rows (for --ci LOCATION)"       \
    }

struct gt_query {
    struct gt_agg_opts opts;
    char ci_label[600];        /* where --ci came from; "" when not given */
    struct gt_ci_opt ci;       /* --ci-series */
    struct gt_slurm_cli slurm; /* --cluster, --node-static-w */
    struct gt_logread lr;
    struct gt_agg_result *res; /* owned */
    struct gt_unc unc;         /* the uncertainty factors (opts.unc points here) */
};

/* Parses the shared options, reads every PATH of a into an aggregate and
 * finishes it. `what` names the command in messages. Returns 0, or an exit
 * code after printing why (q is released then). */
int gt_query_run(struct gt_args *a, const char *what, struct gt_query *q);
/* As gt_query_run, for a command with GT_QUERY_SELECT_OPTIONS: no groups. */
int gt_query_run_ungrouped(struct gt_args *a, const char *what, struct gt_query *q);

/* The summary document over q (borrows q's strings). */
struct gt_summary_doc gt_query_doc(const struct gt_query *q, const char *version);

/* After the output is written: the --strict exit code (0 when not strict or
 * nothing was rejected). */
int gt_query_strict(const struct gt_args *a, const struct gt_query *q);

void gt_query_release(struct gt_query *q);

/* GA4HPC's headline figures of the SLURM jobs of q, and the document that
 * prints them (borrows h and q). 0, or an exit code (out of memory). Release
 * h with gt_slurm_headline_release. d->h->total.jobs and d->napart are 0 when
 * q read no SLURM accounting. */
int gt_query_slurm(const struct gt_query *q, struct gt_slurm_headline *h, struct gt_slurm_doc *d);

/* --ci as a number or an hwdb location: *given, *ci and where it comes from
 * (label). 0 or an exit code (printed). */
int gt_query_ci(const struct gt_args *a, double *ci, char *label, size_t size, int *given);

#endif
