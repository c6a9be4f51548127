#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "gt_cli.h"
#include "gt_metrics_read.h"
#include "gt_text.h"

#define MAX_DEPTH 16

struct ctxud {
    struct gt_metrics_read *mr;
    const char *file;
};

static void on_reject(void *ud, long line, const char *msg)
{
    struct ctxud *c = ud;
    c->mr->rejected++;
    if (!c->mr->quiet)
        gt_print_at(c->file, line, "", msg);
}

static void on_warn(void *ud, long line, const char *msg)
{
    struct ctxud *c = ud;
    c->mr->warned++;
    if (!c->mr->quiet)
        gt_print_at(c->file, line, "warning: ", msg);
}

static char *join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p) {
        int slash = dir[0] && dir[strlen(dir) - 1] == '/';
        snprintf(p, n, "%s%s%s", dir, slash ? "" : "/", name);
    }
    return p;
}

static int is_dir(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 && S_ISREG(st.st_mode);
}

/* Reads dir/name when it exists: 1 with *data, 0 when absent, -1 (printed)
 * when unreadable. */
static int read_opt(const char *dir, const char *name, char **data, size_t *len)
{
    char *p = join_path(dir, name);
    if (!p) {
        gt_fail(GT_EXIT_DATA, "out of memory");
        return -1;
    }
    if (!is_file(p)) {
        free(p);
        return 0;
    }
    struct gt_error err = {0};
    int rc = gt_read_file(p, data, len, &err) == GT_OK ? 1 : -1;
    if (rc < 0)
        gt_fail_err(&err);
    free(p);
    return rc;
}

/* The sorted entries of a directory (malloc'ed names), or NULL with *n 0. */
static char **list_dir(const char *dir, size_t *n)
{
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **v = NULL;
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.' && (!e->d_name[1] || (e->d_name[1] == '.' && !e->d_name[2])))
            continue;
        if (*n == cap) {
            size_t nc = cap ? cap * 2 : 16;
            char **p = realloc(v, nc * sizeof *p);
            if (!p)
                break;
            v = p;
            cap = nc;
        }
        if (!(v[*n] = strdup(e->d_name)))
            break;
        (*n)++;
    }
    closedir(d);
    for (size_t i = 1; i < *n; i++) /* insertion sort: folders are small */
        for (size_t j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
            char *t = v[j];
            v[j] = v[j - 1];
            v[j - 1] = t;
        }
    return v;
}

static void free_list(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

/* --- a table ---------------------------------------------------------------------- */

static int read_table(struct gt_metrics_read *mr, const char *path)
{
    char *data;
    size_t len;
    struct gt_error err = {0};
    if (gt_read_file(path, &data, &len, &err) != GT_OK)
        return gt_fail_err(&err);
    struct ctxud ud = {mr, path};
    struct gt_parse_ctx ctx = {.file = path, .ud = &ud, .reject = on_reject, .warn = on_warn};
    size_t before = mr->set.n;
    enum gt_status st = gt_metrics_table_parse(data, len, &ctx, &mr->set, &err);
    free(data);
    if (st != GT_OK)
        return gt_fail_err(&err);
    char **p = realloc(mr->table_paths, (size_t)(mr->tables + 2) * sizeof *p);
    if (!p)
        return gt_fail(GT_EXIT_DATA, "out of memory");
    mr->table_paths = p;
    if (!(p[mr->tables] = strdup(path)))
        return gt_fail(GT_EXIT_DATA, "out of memory");
    p[++mr->tables] = NULL;
    mr->table_rows += (long)(mr->set.n - before);
    return 0;
}

/* --- MLflow ------------------------------------------------------------------------ */

static const struct gt_axis *axis_of(const struct gt_metrics_read *mr, const char *name)
{
    for (size_t i = 0; i < mr->naxes; i++)
        if (mr->axes[i].kind == GT_AXIS_METRIC && strcmp(mr->axes[i].name, name) == 0)
            return &mr->axes[i];
    return NULL;
}

/* Metric files under dir (names prefixed with `prefix/` below the top). */
static int mlflow_metrics(struct gt_metrics_read *mr, struct gt_mrow *row, const char *dir,
                          const char *prefix, int depth, double *t_last)
{
    size_t n;
    char **names = list_dir(dir, &n);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        char *p = join_path(dir, names[i]);
        char name[512];
        snprintf(name, sizeof name, "%s%s%s", prefix, prefix[0] ? "/" : "", names[i]);
        if (!p) {
            rc = gt_fail(GT_EXIT_DATA, "out of memory");
        } else if (is_dir(p)) {
            if (depth < MAX_DEPTH)
                rc = mlflow_metrics(mr, row, p, name, depth + 1, t_last);
        } else {
            char *data;
            size_t len;
            struct gt_error err = {0};
            if (gt_read_file(p, &data, &len, &err) != GT_OK) {
                rc = gt_fail_err(&err);
            } else {
                struct ctxud ud = {mr, p};
                struct gt_parse_ctx ctx = {
                    .file = p, .ud = &ud, .reject = on_reject, .warn = on_warn};
                struct gt_mlflow_series s;
                if (gt_mlflow_metric_parse(data, len, &ctx, &s, &err) != GT_OK) {
                    on_warn(&ud, 0, "no value; the metric is left out");
                } else {
                    const struct gt_axis *ax = mr->step_best ? axis_of(mr, name) : NULL;
                    double v = !ax ? s.last : ax->dir == GT_DIR_MAX ? s.max : s.min;
                    if (gt_mrow_metric_set(row, name, strlen(name), v) != 0)
                        rc = gt_fail(GT_EXIT_DATA, "out of memory");
                    if (isnan(*t_last) || s.t_last_ms / 1000.0 > *t_last)
                        *t_last = s.t_last_ms / 1000.0;
                }
                free(data);
            }
        }
        free(p);
    }
    free_list(names, n);
    return rc;
}

/* The content of a tag or param file, trimmed (into the row field), when
 * it exists. */
static int mlflow_value(const char *run, const char *sub, const char *key, char **field)
{
    char rel[300];
    snprintf(rel, sizeof rel, "%s/%s", sub, key);
    char *data;
    size_t len;
    int r = read_opt(run, rel, &data, &len);
    if (r <= 0)
        return r;
    int rc = gt_mrow_set(field, data, len) != 0 ? -1 : 1;
    free(data);
    return rc;
}

static int read_mlflow_run(struct gt_metrics_read *mr, const char *run)
{
    char *data;
    size_t len;
    struct gt_error err = {0};
    if (read_opt(run, "meta.yaml", &data, &len) < 0)
        return GT_EXIT_DATA;
    char *metap = join_path(run, "meta.yaml");
    struct gt_mlflow_meta m;
    enum gt_status st = gt_mlflow_meta_parse(data, len, metap ? metap : run, &m, &err);
    free(data);
    free(metap);
    if (st != GT_OK)
        return gt_fail_err(&err);
    struct ctxud ud = {mr, run};
    if (strcmp(m.lifecycle, "deleted") == 0) {
        mr->skipped_runs++;
        on_warn(&ud, 0, "MLflow run deleted (lifecycle_stage: deleted); not read");
        return 0;
    }
    /* the experiment's name from the parent folder's meta.yaml */
    char exp_name[256] = "";
    char *parent = strdup(run);
    if (!parent)
        return gt_fail(GT_EXIT_DATA, "out of memory");
    char *sl = strrchr(parent, '/');
    if (sl) {
        *sl = '\0';
        struct gt_mlflow_meta em;
        if (read_opt(parent, "meta.yaml", &data, &len) > 0) {
            if (gt_mlflow_meta_parse(data, len, parent, &em, &err) == GT_OK)
                snprintf(exp_name, sizeof exp_name, "%s", em.name);
            free(data);
        }
    }
    free(parent);
    struct gt_mrow *row = gt_mset_add(&mr->set, run, 0, "mlflow");
    if (!row)
        return gt_fail(GT_EXIT_DATA, "out of memory");
    size_t idx = mr->set.n - 1;
    const char *id = m.run_id[0] ? m.run_id : (sl = strrchr(run, '/')) ? sl + 1 : run;
    const char *exp = exp_name[0] ? exp_name : m.experiment_id;
    if (gt_mrow_set(&row->run_id, id, strlen(id)) ||
        gt_mrow_set(&row->name, m.run_name, strlen(m.run_name)) ||
        gt_mrow_set(&row->experiment, exp, strlen(exp)))
        return gt_fail(GT_EXIT_DATA, "out of memory");
    if (mlflow_value(run, "tags", "mlflow.runName", &row->name) < 0 ||
        mlflow_value(run, "tags", "host", &row->host) < 0 ||
        mlflow_value(run, "tags", "project", &row->project) < 0 ||
        mlflow_value(run, "tags", "model", &row->model) < 0 ||
        mlflow_value(run, "params", "model", &row->model) < 0)
        return GT_EXIT_DATA;
    row->start = m.start_ms / 1000.0;
    row->end = m.end_ms / 1000.0;
    char *mdir = join_path(run, "metrics");
    if (!mdir)
        return gt_fail(GT_EXIT_DATA, "out of memory");
    double t_last = NAN;
    int rc = mlflow_metrics(mr, row, mdir, "", 0, &t_last);
    free(mdir);
    row = &mr->set.r[idx]; /* (no rows were added since) */
    if (!rc && isnan(row->end) && !isnan(row->start) && !isnan(t_last)) {
        row->end = t_last;
        char msg[200];
        const char *stn = gt_mlflow_status_name(m.status);
        snprintf(msg, sizeof msg,
                 "MLflow run has no end_time (status %s); its end is its last metric's time",
                 stn[0] ? stn : "unknown");
        on_warn(&ud, 0, msg);
    }
    mr->mlflow_runs++;
    return rc;
}

/* --- W&B ------------------------------------------------------------------------------- */

static int read_wandb_run(struct gt_metrics_read *mr, const char *run, const char *id, size_t idn)
{
    char *data;
    size_t len;
    int r = read_opt(run, "files/wandb-summary.json", &data, &len);
    if (r < 0)
        return GT_EXIT_DATA;
    struct gt_mrow *row = gt_mset_add(&mr->set, run, 0, "wandb");
    if (!row) {
        free(data);
        return gt_fail(GT_EXIT_DATA, "out of memory");
    }
    if (gt_mrow_set(&row->run_id, id, idn) || gt_mrow_set(&row->name, id, idn)) {
        free(data);
        return gt_fail(GT_EXIT_DATA, "out of memory");
    }
    struct gt_error err = {0};
    double runtime, end;
    char *sp = join_path(run, "files/wandb-summary.json");
    enum gt_status st = gt_wandb_summary_parse(data, len, sp ? sp : run, row, &runtime, &end, &err);
    free(data);
    free(sp);
    if (st != GT_OK)
        return gt_fail_err(&err);
    r = read_opt(run, "files/wandb-metadata.json", &data, &len);
    if (r < 0)
        return GT_EXIT_DATA;
    struct ctxud ud = {mr, run};
    if (r > 0) {
        char *mp = join_path(run, "files/wandb-metadata.json");
        st = gt_wandb_metadata_parse(data, len, mp ? mp : run, row, &err);
        free(data);
        free(mp);
        if (st != GT_OK)
            return gt_fail_err(&err);
    } else {
        on_warn(&ud, 0, "no files/wandb-metadata.json: start time and host unknown");
    }
    if (!isnan(row->start) && !isnan(runtime))
        row->end = row->start + runtime;
    else if (!isnan(end))
        row->end = end;
    mr->wandb_runs++;
    return 0;
}

enum gt_metrics_dir gt_metrics_dir_kind(const char *path)
{
    const char *base = strrchr(path, '/');
    base = base && base[1] ? base + 1 : path;
    size_t idn;
    enum gt_metrics_dir k = GT_MDIR_NONE;
    if (gt_wandb_folder_id(base, &idn)) {
        char *probe = join_path(path, "files/wandb-summary.json");
        if (probe && is_file(probe))
            k = GT_MDIR_WANDB;
        free(probe);
        if (k)
            return k;
    }
    char *meta = join_path(path, "meta.yaml"), *metrics = join_path(path, "metrics");
    if (meta && metrics && is_file(meta) && is_dir(metrics))
        k = GT_MDIR_MLFLOW;
    free(meta);
    free(metrics);
    return k;
}

const char *gt_metrics_dir_name(enum gt_metrics_dir k)
{
    return k == GT_MDIR_MLFLOW ? "an MLflow run" : k == GT_MDIR_WANDB ? "a W&B run" : "";
}

/* --- walking ------------------------------------------------------------------------------ */

static int has_ext(const char *p, const char *ext)
{
    size_t n = strlen(p), e = strlen(ext);
    return n > e && strcasecmp(p + n - e, ext) == 0;
}

static int walk(struct gt_metrics_read *mr, const char *path, int explicit_arg, int depth)
{
    if (explicit_arg && strcmp(path, "-") == 0)
        return read_table(mr, path); /* a table on standard input */
    struct stat st;
    if (stat(path, &st) != 0) {
        if (explicit_arg)
            return gt_fail(GT_EXIT_DATA, "cannot read '%s': %s", path, strerror(errno));
        return 0;
    }
    if (S_ISREG(st.st_mode)) {
        if (explicit_arg || has_ext(path, ".csv") || has_ext(path, ".json") ||
            has_ext(path, ".tsv"))
            return read_table(mr, path);
        return 0;
    }
    if (!S_ISDIR(st.st_mode) || depth > MAX_DEPTH)
        return 0;
    const char *base = strrchr(path, '/');
    base = base && base[1] ? base + 1 : path;
    switch (gt_metrics_dir_kind(path)) {
    case GT_MDIR_WANDB: {
        size_t idn;
        const char *id = gt_wandb_folder_id(base, &idn);
        return read_wandb_run(mr, path, id, idn);
    }
    case GT_MDIR_MLFLOW:
        return read_mlflow_run(mr, path);
    default:
        break;
    }
    /* W&B's latest-run points at a run folder read under its own name;
     * MLflow's .trash holds deleted runs */
    if (!explicit_arg && (strcmp(base, "latest-run") == 0 || strcmp(base, ".trash") == 0))
        return 0;
    size_t n;
    char **names = list_dir(path, &n);
    int rc = 0;
    for (size_t i = 0; i < n && !rc; i++) {
        char *p = join_path(path, names[i]);
        rc = p ? walk(mr, p, 0, depth + 1) : gt_fail(GT_EXIT_DATA, "out of memory");
        free(p);
    }
    free_list(names, n);
    return rc;
}

/* MLflow and W&B runs of one folder come in the order of their ids: put
 * them in the order they started (tables keep their rows' order). */
static void order_runs(struct gt_mset *s)
{
    for (size_t i = 1; i < s->n; i++)
        for (size_t j = i; j > 0; j--) {
            struct gt_mrow *a = &s->r[j - 1], *b = &s->r[j];
            if (a->line || b->line || strcmp(a->source, b->source) ||
                !(b->start < a->start || (isnan(a->start) && !isnan(b->start))))
                break;
            struct gt_mrow t = *a;
            *a = *b;
            *b = t;
        }
}

int gt_metrics_read_paths(struct gt_metrics_read *mr, const char *const *paths, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int rc = walk(mr, paths[i], 1, 0);
        if (rc)
            return rc;
    }
    order_runs(&mr->set);
    if (mr->set.n == 0)
        return gt_fail(GT_EXIT_DATA,
                       "no metric runs in '%s'%s (a CSV or JSON table, an MLflow mlruns/ folder "
                       "or W&B run folders)",
                       paths[0], n > 1 ? " or the other --metrics paths" : "");
    return 0;
}

int gt_metrics_read_check(const struct gt_metrics_read *mr, const char *name)
{
    for (size_t i = 0; i < mr->set.n; i++)
        if (!isnan(gt_mrow_metric(&mr->set.r[i], name)))
            return 0;
    for (long t = 0; t < mr->tables; t++) {
        char *data;
        size_t len;
        struct gt_error err = {0};
        if (gt_read_file(mr->table_paths[t], &data, &len, &err) != GT_OK)
            continue;
        char why[300];
        int found = gt_metrics_table_why_text(data, len, name, why, sizeof why);
        free(data);
        if (found == 0)
            return gt_fail(GT_EXIT_DATA, "metric '%s' in '%s' is not a number: %s", name,
                           mr->table_paths[t], why);
    }
    /* the metrics that are there */
    char list[600] = "";
    size_t used = 0, shown = 0, more = 0;
    for (size_t i = 0; i < mr->set.n; i++)
        for (size_t k = 0; k < mr->set.r[i].nv; k++) {
            const char *v = mr->set.r[i].vname[k];
            int dup = 0;
            for (size_t j = 0; j <= i && !dup; j++)
                for (size_t l = 0; l < (j == i ? k : mr->set.r[j].nv) && !dup; l++)
                    dup = strcmp(mr->set.r[j].vname[l], v) == 0;
            if (dup)
                continue;
            if (shown < 20 && used + strlen(v) + 3 < sizeof list) {
                used +=
                    (size_t)snprintf(list + used, sizeof list - used, "%s%s", shown ? ", " : "", v);
                shown++;
            } else {
                more++;
            }
        }
    if (more)
        snprintf(list + used, sizeof list - used, " and %zu more", more);
    return gt_fail(GT_EXIT_USAGE, "no metric '%s' in the metrics read (found: %s)", name,
                   shown ? list : "none");
}

void gt_metrics_read_release(struct gt_metrics_read *mr)
{
    gt_mset_release(&mr->set);
    for (long t = 0; t < mr->tables; t++)
        free(mr->table_paths[t]);
    free(mr->table_paths);
    mr->table_paths = NULL;
    mr->tables = 0;
}
