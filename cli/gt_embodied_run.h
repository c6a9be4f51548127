/* gt_embodied_run.h - --embodied, --lifetime and --hw-utilization for the
 * commands that read logs (summary, report). */
#ifndef GT_EMBODIED_RUN_H
#define GT_EMBODIED_RUN_H

#include "gt_agg.h"
#include "gt_cli.h"
#include "gt_embodied_sum.h"
#include "gt_hwdb.h"

#define GT_EMBODIED_OPTIONS                                                                        \
    {"embodied", 0, GT_OPT_FLAG, NULL,                                                             \
     "also the embodied (manufacturing) emissions of the runs' GPUs and CPUs, shown apart, never " \
     "added"},                                                                                     \
        {"lifetime", 0, GT_OPT_VALUE, "YEARS",                                                     \
         "hardware lifetime for --embodied (default 6, Luccioni et al. 2022)"},                    \
    {                                                                                              \
        "hw-utilization", 0, GT_OPT_VALUE, "U",                                                    \
            "share of its lifetime the hardware is busy, in (0,1] (default 1)"                     \
    }

/* --lifetime and --hw-utilization: *given 1 with --embodied, then *life
 * (years, the option or hwdb constant embodied_lifetime) with its source and
 * *util (default 1) checked. Without --embodied neither may be given, nor
 * (others != 0) the command's other embodied options: "NAMES need
 * --embodied". Returns 0 or an exit code (printed). */
int gt_embodied_opts(const struct gt_args *a, const struct gt_hwdb *db, int others,
                     const char *names, int *given, double *life, const char **life_source,
                     double *util);

/* Each kept run of res: its GPUs (gpu_count, else 1 when a GPU is named) and
 * one CPU package when a CPU is named, for its duration, amortised over the
 * lifetime (gt_embodied_share). out->given is 0 without --embodied. Returns
 * 0 or an exit code (printed). */
int gt_embodied_runs(const struct gt_args *a, const struct gt_hwdb *db,
                     const struct gt_agg_result *res, struct gt_embodied_sum *out);

#endif
