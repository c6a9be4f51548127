/* gt_metrics_read.h - reading quality metrics from files and folders: a
 * CSV or JSON table, an MLflow file store (mlruns/), W&B run folders
 * (wandb/run-*, wandb/offline-run-*). Walks the folders and hands each
 * file's bytes to the parsers of core/gt_metrics.h. */
#ifndef GT_METRICS_READ_H
#define GT_METRICS_READ_H

#include <stddef.h>

#include "gt_metrics.h"
#include "gt_tradeoff.h"

struct gt_metrics_read {
    /* in */
    const struct gt_axis *axes; /* for --step best: max or min per metric */
    size_t naxes;
    int step_best;
    int quiet;
    /* out */
    struct gt_mset set;
    long tables, table_rows, mlflow_runs, wandb_runs; /* what was read */
    long rejected, warned, skipped_runs;
    char **table_paths; /* the tables read (owned) */
};

/* Reads every path (a table file, or a folder searched for MLflow runs, W&B
 * runs and *.csv / *.json tables) into mr->set. Rejected rows and notes go
 * to stderr as FILE[:LINE]: ... unless quiet. Returns 0, or an exit code
 * after printing why. */
int gt_metrics_read_paths(struct gt_metrics_read *mr, const char *const *paths, size_t n);

/* 0 when some row has metric `name`; else prints why (a text column of a
 * table, or the metrics that were found) and returns an exit code. */
int gt_metrics_read_check(const struct gt_metrics_read *mr, const char *name);

void gt_metrics_read_release(struct gt_metrics_read *mr);

/* What a folder is to the metrics reader: an MLflow run (meta.yaml and
 * metrics/), a W&B run (run-*|offline-run-* with files/wandb-summary.json),
 * or neither. The log reader skips such folders as one unit. */
enum gt_metrics_dir { GT_MDIR_NONE = 0, GT_MDIR_MLFLOW, GT_MDIR_WANDB };
enum gt_metrics_dir gt_metrics_dir_kind(const char *path);
/* "an MLflow run" / "a W&B run" */
const char *gt_metrics_dir_name(enum gt_metrics_dir k);

#endif
