/* gt_metrics.h - quality metrics of runs, from the files people already
 * have: a CSV or JSON table, MLflow's file store, W&B offline run folders.
 * Pure: the parsers take bytes; cli/ walks the folders and reads the files.
 *
 * A metric row is one run of a metric source: what identifies it (run id,
 * name, experiment, project, model, host, start and end time) and its
 * numeric metrics by name. Strings are owned by the row (never NULL after
 * gt_mrow_init; "" unknown); numbers NAN when unknown. */
#ifndef GT_METRICS_H
#define GT_METRICS_H

#include <stddef.h>

#include "gt_error.h"
#include "gt_logs.h"

struct gt_mrow {
    char *file;         /* the file the row came from (or the run folder) */
    long line;          /* 1-based line (table rows), 0 for a folder */
    const char *source; /* static: "csv", "json", "mlflow" or "wandb" */
    char *run_id, *name, *experiment, *project, *model, *host;
    double start, end; /* seconds since 1970; NAN unknown */
    int local_time;    /* start/end were logged without a zone (wall clock) */
    size_t nv, capv;
    char **vname; /* metric names, in the order first seen */
    double *v;    /* their values (finite) */
};

struct gt_mset {
    struct gt_mrow *r;
    size_t n, cap;
};

/* A new row appended to s (initialised, file copied), or NULL when out of
 * memory. The pointer is valid until the next append. */
struct gt_mrow *gt_mset_add(struct gt_mset *s, const char *file, long line, const char *source);
/* Frees every row and the array (s itself is the caller's). */
void gt_mset_release(struct gt_mset *s);

/* Replaces *field (one of the row's strings) with a copy of s[0..n), blanks
 * trimmed. -1 when out of memory. */
int gt_mrow_set(char **field, const char *s, size_t n);
/* Sets metric `name` (blanks trimmed; replacing an earlier value of that
 * name; a blank name is ignored). -1 when out of memory. */
int gt_mrow_metric_set(struct gt_mrow *r, const char *name, size_t nlen, double v);
/* The value of metric `name`, NAN when the row does not have it. */
double gt_mrow_metric(const struct gt_mrow *r, const char *name);

/* --- a table the user writes --------------------------------------------- */

/* A CSV (',', ';' or tab, from the header line) or JSON table (an array of
 * objects, or an object whose "runs" member is one): one row per run.
 * Columns (case-insensitive) run_id|run|id|run_uuid, name|run_name|label,
 * model, experiment|experiment_name|experiment_id, project|project_name,
 * host|hostname, start|start_time|started_at, end|end_time identify a run;
 * every other column whose non-empty cells are all numbers is a metric. A
 * metric cell left empty means the row lacks that metric. A row that cannot
 * be used (wrong width, an unparseable time) is rejected through ctx with
 * its line; every other row is appended to out. Errors (GT_E_PARSE: no
 * header, JSON that is not a table; GT_E_NOMEM) name the file. */
enum gt_status gt_metrics_table_parse(const char *data, size_t len, const struct gt_parse_ctx *ctx,
                                      struct gt_mset *out, struct gt_error *err);

/* The text columns of a CSV table (not metrics because a cell is not a
 * number): for a message when --metric names one. Writes "NAME at line N:
 * 'TEXT'" of the first non-number cell of column `name` into buf; 0 when
 * found, -1 when the table has no such text column. */
int gt_metrics_table_why_text(const char *data, size_t len, const char *name, char *buf,
                              size_t size);

/* --- MLflow file store ---------------------------------------------------- */

/* One metric file mlruns/<exp>/<run>/metrics/<name>: lines "timestamp_ms
 * value step" (older MLflow: "timestamp_ms value"). */
struct gt_mlflow_series {
    long n;            /* values read */
    double last;       /* the latest value: highest step, then timestamp, then line */
    double max, min;   /* over all values */
    double t_first_ms; /* smallest timestamp */
    double t_last_ms;  /* largest timestamp */
    double last_step;  /* step of `last` (0 without steps) */
    double last_t_ms;  /* timestamp of `last` */
};
/* A line that does not parse, or whose value is not finite (MLflow writes
 * nan and inf), is skipped with a warning through ctx naming its line.
 * GT_E_DATA when no line has a value. */
enum gt_status gt_mlflow_metric_parse(const char *data, size_t len, const struct gt_parse_ctx *ctx,
                                      struct gt_mlflow_series *out, struct gt_error *err);

/* meta.yaml of a run or of an experiment: top-level "key: value" lines. */
struct gt_mlflow_meta {
    char run_id[128], run_name[256], experiment_id[128], name[256], user[128], status[32],
        lifecycle[32];
    double start_ms, end_ms; /* NAN when absent or null */
};
/* Keys run_id (or run_uuid), run_name, experiment_id, name, user_id,
 * status, lifecycle_stage, start_time, end_time; quotes around a value are
 * removed, values too long are cut. GT_E_PARSE naming the line when
 * start_time or end_time is not a number (or null). */
enum gt_status gt_mlflow_meta_parse(const char *data, size_t len, const char *file,
                                    struct gt_mlflow_meta *out, struct gt_error *err);

/* MLflow's run status codes in meta.yaml (RunStatus: 1 RUNNING, 2
 * SCHEDULED, 3 FINISHED, 4 FAILED, 5 KILLED) or a name; "" otherwise. */
const char *gt_mlflow_status_name(const char *status);

/* --- Weights & Biases offline runs ---------------------------------------- */

/* files/wandb-summary.json: every finite number becomes a metric (nested
 * objects flattened with '/'), except keys starting with '_'; *runtime_s
 * from _runtime (or _wandb.runtime) and *end_s from _timestamp (NAN when
 * absent). GT_E_PARSE when it is not a JSON object. */
enum gt_status gt_wandb_summary_parse(const char *data, size_t len, const char *file,
                                      struct gt_mrow *row, double *runtime_s, double *end_s,
                                      struct gt_error *err);

/* files/wandb-metadata.json: startedAt (UTC; older versions wrote it
 * without the Z) into row->start, host into row->host. GT_E_PARSE when it is
 * not a JSON object or startedAt is not a time. */
enum gt_status gt_wandb_metadata_parse(const char *data, size_t len, const char *file,
                                       struct gt_mrow *row, struct gt_error *err);

/* The run id of a W&B run folder name: "run-20240301_101500-3kx9qw1z" or
 * "offline-run-..." -> "3kx9qw1z" (len into *n); NULL when the name is not
 * a run folder. */
const char *gt_wandb_folder_id(const char *dirname, size_t *n);

#endif
