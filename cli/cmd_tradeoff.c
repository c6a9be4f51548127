#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gt_metrics_read.h"
#include "gt_num.h"
#include "gt_query.h"
#include "gt_report_cli.h"
#include "gt_sink.h"
#include "gt_tradeoff_out.h"

static const struct gt_option options[] = {
    {"metrics", 'm', GT_OPT_LIST, "FILE|DIR",
     "the runs' quality metrics: a CSV or JSON table, an MLflow file store (mlruns/) or W&B "
     "run folders (wandb/), or - for a table on standard input; repeatable, required"},
    {"metric", 0, GT_OPT_LIST, "NAME:max|min[:WEIGHT]",
     "an axis to compare on, higher (max) or lower (min) better, with its weight in the "
     "compound index (default 1); energy, co2e and duration come from the logs; energy:min is "
     "always an axis (repeatable, at least one metric)"},
    {"join", 0, GT_OPT_VALUE, "HOW",
     "join log runs to metric runs by run_id, experiment, project, or time (overlapping "
     "intervals on the same host) (default run_id)"},
    {"utc-offset", 0, GT_OPT_VALUE, "+HH:MM",
     "the UTC offset of log times written without a zone (CodeCarbon's), for --join time"},
    {"by", 0, GT_OPT_VALUE, "run|model",
     "one row per metric run (default), or per model: energy summed, metrics averaged"},
    {"reference", 0, GT_OPT_VALUE, "NAME",
     "index every axis against this run (default: the best run of each axis)"},
    {"boundaries", 0, GT_OPT_VALUE, "B1,B2,B3,B4|quantiles",
     "index boundaries of ratings A-D, below B4 is E (default STREP's 0.9,0.8,0.7,0.6); "
     "quantiles: from each axis's spread"},
    {"step", 0, GT_OPT_VALUE, "last|best",
     "MLflow metrics: the last value logged (default), or the best one by the axis's "
     "direction"},
    {"format", 'f', GT_OPT_VALUE, "FMT",
     "table, csv, json, pdf, xlsx or html (default: from -o FILE's extension, else table)"},
    {"output", 'o', GT_OPT_VALUE, "FILE", "write to FILE (atomically) instead of standard output"},
    {"title", 0, GT_OPT_VALUE, "TEXT", "the PDF's title (default \"Resource versus quality\")"},
    GT_QUERY_SELECT_OPTIONS,
    GT_OPT_END};

/* "+01:00", "-0530", "Z", "+1" -> seconds east of UTC. */
static int parse_offset(const char *s, double *out)
{
    if (!strcmp(s, "Z") || !strcmp(s, "0"))
        return (*out = 0), 0;
    if ((s[0] != '+' && s[0] != '-') || !s[1])
        return -1;
    long h = 0, m = 0;
    const char *c = strchr(s, ':');
    size_t n = strlen(s + 1);
    if (c) {
        if (gt_num_parse_long(s + 1, (size_t)(c - s - 1), &h) ||
            gt_num_parse_long(c + 1, strlen(c + 1), &m))
            return -1;
    } else if (n == 4) {
        if (gt_num_parse_long(s + 1, 2, &h) || gt_num_parse_long(s + 3, 2, &m))
            return -1;
    } else if (n <= 2) {
        if (gt_num_parse_long(s + 1, n, &h))
            return -1;
    } else {
        return -1;
    }
    if (h > 14 || m > 59)
        return -1;
    *out = (s[0] == '-' ? -1.0 : 1.0) * (double)(h * 3600 + m * 60);
    return 0;
}

struct state {
    struct gt_query q;
    struct gt_metrics_read mr;
    struct gt_join_result j;
    struct gt_axis axes[GT_MAX_LIST + 1];
    size_t naxes;
    struct gt_item *items;
    size_t nitems;
    double *vals;
    char *rats;
    char **labels;
    struct gt_tradeoff_loose *unjoined, *unused;
    size_t nunjoined, nunused;
    char (*labelbuf)[600]; /* labels of unused[] made from FILE:LINE */
    long *item_of;         /* per metric row: its item, -1 none */
    struct gt_tradeoff_src *src;
    size_t nsrc;
};

static void release(struct state *s)
{
    for (size_t i = 0; i < s->nitems; i++)
        free(s->labels ? s->labels[i] : NULL);
    free(s->labels);
    free(s->items);
    free(s->vals);
    free(s->rats);
    free(s->unjoined);
    free(s->unused);
    free(s->labelbuf);
    free(s->item_of);
    free(s->src);
    gt_join_release(&s->j);
    gt_metrics_read_release(&s->mr);
    gt_query_release(&s->q);
}

/* A metric run's name: its name, else the value it joined by, its run id,
 * model, experiment or project, else FILE:LINE. */
static const char *row_label(const struct gt_mrow *r, enum gt_join how, char *buf, size_t size)
{
    const char *by = how == GT_JOIN_EXPERIMENT ? r->experiment
                     : how == GT_JOIN_PROJECT  ? r->project
                                               : r->run_id;
    const char *c[] = {r->name, by, r->run_id, r->model, r->experiment, r->project};
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++)
        if (c[i][0])
            return c[i];
    snprintf(buf, size, "%s:%ld", r->file, r->line);
    return buf;
}

struct lab {
    const char *s;
    size_t k;
};

static int cmp_lab(const void *a, const void *b)
{
    const struct lab *x = a, *y = b;
    int c = strcmp(x->s, y->s);
    return c ? c : (x->k > y->k) - (x->k < y->k);
}

/* Builds the items: one per metric row that some log run joined (or one per
 * model). */
static int build_items(struct state *s, int by_model, enum gt_join how)
{
    const struct gt_mset *m = &s->mr.set;
    size_t na = s->naxes;
    long *item_of = malloc((m->n ? m->n : 1) * sizeof *item_of);
    s->items = calloc(m->n ? m->n : 1, sizeof *s->items);
    s->labels = calloc(m->n ? m->n : 1, sizeof *s->labels);
    s->vals = calloc((m->n ? m->n : 1) * na * 2, sizeof *s->vals);
    s->rats = calloc((m->n ? m->n : 1) * na, 1);
    double *cnt = calloc((m->n ? m->n : 1) * na, sizeof *cnt);
    if (!item_of || !s->items || !s->labels || !s->vals || !s->rats || !cnt) {
        free(item_of);
        free(cnt);
        return gt_fail(GT_EXIT_DATA, "out of memory");
    }
    /* the rows' labels, sorted: equal labels are one model (--by model) or
     * get the run id (or line) after the first */
    struct lab *lab = malloc((m->n ? m->n : 1) * sizeof *lab);
    long *leader = malloc((m->n ? m->n : 1) * sizeof *leader);
    char(*lbuf)[600] = malloc((m->n ? m->n : 1) * sizeof *lbuf);
    if (!lab || !leader || !lbuf) {
        free(lab);
        free(leader);
        free(lbuf);
        free(item_of);
        free(cnt);
        return gt_fail(GT_EXIT_DATA, "out of memory");
    }
    size_t nl = 0;
    for (size_t k = 0; k < m->n; k++) {
        item_of[k] = -1;
        leader[k] = -1;
        if (!s->j.nruns[k])
            continue;
        const struct gt_mrow *r = &m->r[k];
        lab[nl].s = by_model && r->model[0] ? r->model : row_label(r, how, lbuf[k], sizeof lbuf[k]);
        lab[nl++].k = k;
    }
    qsort(lab, nl, sizeof *lab, cmp_lab);
    for (size_t i = 0; i < nl; i++)
        leader[lab[i].k] =
            i && !strcmp(lab[i].s, lab[i - 1].s) ? leader[lab[i - 1].k] : (long)lab[i].k;
    const char **label_of = malloc((m->n ? m->n : 1) * sizeof *label_of);
    for (size_t i = 0; i < nl && label_of; i++)
        label_of[lab[i].k] = lab[i].s;
    int rc = label_of ? 0 : gt_fail(GT_EXIT_DATA, "out of memory");
    for (size_t k = 0; k < m->n && !rc; k++) {
        if (leader[k] < 0)
            continue;
        const struct gt_mrow *r = &m->r[k];
        const char *label = label_of[k];
        long it = by_model && leader[k] != (long)k ? item_of[leader[k]] : -1;
        if (it < 0) {
            it = (long)s->nitems++;
            struct gt_item *x = &s->items[it];
            char buf[700];
            if (leader[k] != (long)k) { /* a label shared with an earlier metric run */
                if (r->run_id[0] && strcmp(r->run_id, label))
                    snprintf(buf, sizeof buf, "%s (%s)", label, r->run_id);
                else
                    snprintf(buf, sizeof buf, "%s (%s:%ld)", label, r->file, r->line);
                label = buf;
            }
            s->labels[it] = strdup(label);
            if (!s->labels[it]) {
                rc = gt_fail(GT_EXIT_DATA, "out of memory");
                break;
            }
            x->label = s->labels[it];
            x->val = s->vals + (size_t)it * na * 2;
            x->index = x->val + na;
            x->rating = s->rats + (size_t)it * na;
            for (size_t a = 0; a < na; a++)
                x->val[a] = 0;
        }
        item_of[k] = it;
        struct gt_item *x = &s->items[it];
        x->nrows++;
        for (size_t a = 0; a < na; a++) {
            if (s->axes[a].kind != GT_AXIS_METRIC)
                continue;
            double v = gt_mrow_metric(r, s->axes[a].name);
            if (!isnan(v)) {
                x->val[a] += v;
                cnt[(size_t)it * na + a] += 1;
            }
        }
    }
    free(label_of);
    free(lab);
    free(leader);
    free(lbuf);
    if (rc) {
        free(item_of);
        free(cnt);
        return rc;
    }
    const struct gt_agg_result *res = s->q.res;
    for (size_t i = 0; i < res->nruns; i++) {
        if (s->j.row[i] < 0)
            continue;
        struct gt_item *x = &s->items[item_of[s->j.row[i]]];
        const struct gt_run *run = &res->runs[i];
        x->nruns++;
        x->energy_kwh += run->energy_kwh; /* NAN stays NAN: unknown, not zero */
        x->co2e_g += run->co2e_g;
        x->energy_kwh_lo += run->energy_kwh_lo;
        x->energy_kwh_hi += run->energy_kwh_hi;
        x->co2e_g_lo += run->co2e_g_lo;
        x->co2e_g_hi += run->co2e_g_hi;
        struct gt_run_rec rb;
        x->duration_s += gt_agg_run_record(run, &rb)->duration_s;
    }
    for (size_t i = 0; i < s->nitems; i++) {
        struct gt_item *x = &s->items[i];
        for (size_t a = 0; a < na; a++) {
            switch (s->axes[a].kind) {
            case GT_AXIS_ENERGY:
                x->val[a] = x->energy_kwh;
                break;
            case GT_AXIS_CO2E:
                x->val[a] = x->co2e_g;
                break;
            case GT_AXIS_DURATION:
                x->val[a] = x->duration_s;
                break;
            default: {
                double c = cnt[i * na + a];
                x->val[a] = c > 0 ? x->val[a] / c : NAN;
            }
            }
        }
    }
    s->item_of = item_of;
    free(cnt);
    return 0;
}

/* Each item's metric runs, then its log runs, in item order. */
static int build_sources(struct state *s, enum gt_join how)
{
    const struct gt_mset *m = &s->mr.set;
    const struct gt_agg_result *res = s->q.res;
    size_t n = m->n + res->nruns;
    s->src = malloc((n ? n : 1) * sizeof *s->src);
    size_t *start = calloc(s->nitems + 1, sizeof *start);
    if (!s->src || !start) {
        free(start);
        return gt_fail(GT_EXIT_DATA, "out of memory");
    }
    /* counting sort by item: metric runs first within an item */
    for (size_t k = 0; k < m->n; k++)
        if (s->item_of[k] >= 0)
            start[s->item_of[k] + 1]++;
    for (size_t i = 0; i < res->nruns; i++)
        if (s->j.row[i] >= 0)
            start[s->item_of[s->j.row[i]] + 1]++;
    for (size_t i = 0; i < s->nitems; i++)
        start[i + 1] += start[i];
    for (size_t k = 0; k < m->n; k++) {
        long it = s->item_of[k];
        if (it < 0)
            continue;
        const struct gt_mrow *r = &m->r[k];
        s->src[start[it]++] = (struct gt_tradeoff_src){
            (size_t)it,
            0,
            r->run_id[0] ? r->run_id : row_label(r, how, s->labelbuf[k], sizeof s->labelbuf[k]),
            r->file,
            r->line,
            NAN};
    }
    for (size_t i = 0; i < res->nruns; i++) {
        if (s->j.row[i] < 0)
            continue;
        long it = s->item_of[s->j.row[i]];
        const struct gt_run *r = &res->runs[i];
        struct gt_run_rec rb;
        const struct gt_record *rr = gt_agg_run_record(r, &rb);
        s->src[start[it]++] = (struct gt_tradeoff_src){
            (size_t)it, 1,        r->key[GT_KEY_RUN][0] ? r->key[GT_KEY_RUN] : "(no run id)",
            rr->file,   rr->line, r->energy_kwh};
    }
    s->nsrc = start[s->nitems > 0 ? s->nitems - 1 : 0];
    free(start);
    return 0;
}

static int build_loose(struct state *s, enum gt_join how)
{
    const struct gt_agg_result *res = s->q.res;
    const struct gt_mset *m = &s->mr.set;
    s->unjoined = calloc(s->j.nunjoined ? s->j.nunjoined : 1, sizeof *s->unjoined);
    s->unused = calloc(m->n ? m->n : 1, sizeof *s->unused);
    s->labelbuf = calloc(m->n ? m->n : 1, sizeof *s->labelbuf);
    if (!s->unjoined || !s->unused || !s->labelbuf)
        return gt_fail(GT_EXIT_DATA, "out of memory");
    for (size_t i = 0; i < res->nruns; i++) {
        if (s->j.row[i] >= 0)
            continue;
        const struct gt_run *r = &res->runs[i];
        struct gt_run_rec rb;
        const struct gt_record *rr = gt_agg_run_record(r, &rb);
        s->unjoined[s->nunjoined++] =
            (struct gt_tradeoff_loose){r->key[GT_KEY_RUN][0] ? r->key[GT_KEY_RUN] : "(no run id)",
                                       rr->file, rr->line, s->j.why[i], r->energy_kwh};
    }
    for (size_t k = 0; k < m->n; k++) {
        if (s->j.nruns[k])
            continue;
        const struct gt_mrow *r = &m->r[k];
        s->unused[s->nunused++] =
            (struct gt_tradeoff_loose){row_label(r, how, s->labelbuf[k], sizeof s->labelbuf[0]),
                                       r->file, r->line, "no log run joined it", NAN};
    }
    return 0;
}

static int parse_args(struct gt_args *a, struct state *s, struct gt_join_opts *jo,
                      struct gt_score_opts *so, int *by_model)
{
    struct gt_error err = {0};
    const struct gt_optval *mv = gt_arg_val(a, "metric");
    int energy_given = 0, metric_given = 0;
    for (size_t i = 0; i < mv->nlist; i++) {
        struct gt_axis ax;
        if (gt_axis_parse(mv->list[i], &ax, &err) != 0)
            return gt_fail(GT_EXIT_USAGE, "%s", err.msg);
        for (size_t k = 0; k < s->naxes; k++)
            if (strcmp(s->axes[k].name, ax.name) == 0)
                return gt_fail(GT_EXIT_USAGE, "--metric '%s' is given twice", ax.name);
        energy_given |= ax.kind == GT_AXIS_ENERGY;
        metric_given |= ax.kind == GT_AXIS_METRIC;
        s->axes[s->naxes++] = ax;
    }
    if (!metric_given)
        return gt_fail(GT_EXIT_USAGE,
                       "tradeoff needs at least one --metric NAME:max|min (e.g. --metric "
                       "accuracy:max)");
    if (!energy_given) {
        memmove(&s->axes[1], &s->axes[0], s->naxes * sizeof s->axes[0]);
        gt_axis_parse("energy", &s->axes[0], &err);
        s->naxes++;
    }
    if (!gt_arg_val(a, "metrics")->nlist)
        return gt_fail(GT_EXIT_USAGE,
                       "tradeoff needs --metrics FILE|DIR (a CSV or JSON table, mlruns/ or "
                       "wandb/)");
    const char *v = gt_arg(a, "join");
    if (v && gt_join_parse(v, &jo->how) != 0)
        return gt_fail(GT_EXIT_USAGE, "unknown --join '%s' (run_id, experiment, project or time)",
                       v);
    v = gt_arg(a, "utc-offset");
    if (v) {
        if (parse_offset(v, &jo->offset_s) != 0)
            return gt_fail(GT_EXIT_USAGE, "cannot parse --utc-offset '%s' (e.g. +01:00 or -0500)",
                           v);
        jo->has_offset = 1;
        if (jo->how != GT_JOIN_TIME)
            return gt_fail(GT_EXIT_USAGE, "--utc-offset places log times for --join time");
    }
    v = gt_arg(a, "by");
    if (v && strcmp(v, "run") && strcmp(v, "model"))
        return gt_fail(GT_EXIT_USAGE, "unknown --by '%s' (run or model)", v);
    *by_model = v && !strcmp(v, "model");
    so->bounds = gt_strep_bounds;
    v = gt_arg(a, "boundaries");
    if (v && gt_bounds_parse(v, &so->bounds, &err) != 0)
        return gt_fail(GT_EXIT_USAGE, "%s", err.msg);
    v = gt_arg(a, "step");
    if (v && strcmp(v, "last") && strcmp(v, "best"))
        return gt_fail(GT_EXIT_USAGE, "unknown --step '%s' (last or best)", v);
    s->mr.step_best = v && !strcmp(v, "best");
    so->reference = gt_arg(a, "reference");
    so->axes = s->axes;
    so->naxes = s->naxes;
    return 0;
}

static int output_format(const struct gt_args *a, enum gt_format *f)
{
    const char *v = gt_arg(a, "format");
    if (v && !strcmp(v, "table")) {
        *f = GT_FMT_TABLE;
        return 0;
    }
    int ext_unknown;
    if (v && strcmp(v, "csv") && strcmp(v, "json") && strcmp(v, "pdf") && strcmp(v, "xlsx") &&
        strcmp(v, "html"))
        return gt_fail(GT_EXIT_USAGE, "unknown format '%s' (table, csv, json, pdf, xlsx or html)",
                       v);
    return gt_opt_report_format(a, f, &ext_unknown);
}

struct doc_job {
    const struct gt_tradeoff_doc *d;
    enum gt_format f;
};

static int write_tradeoff(struct gt_sink *sink, const void *doc, struct gt_error *err)
{
    const struct doc_job *j = doc;
    switch (j->f) {
    case GT_FMT_XLSX:
        return gt_tradeoff_write_xlsx(sink->lib, j->d, err);
    case GT_FMT_PDF:
        return gt_tradeoff_write_pdf(sink->f, j->d, err);
    case GT_FMT_HTML:
        return gt_tradeoff_write_html(sink->f, j->d, err);
    case GT_FMT_JSON:
        return gt_tradeoff_write_json(sink->f, j->d);
    case GT_FMT_CSV:
        return gt_tradeoff_write_csv(sink->f, j->d);
    default:
        return gt_tradeoff_write_table(sink->f, j->d);
    }
}

static int write_doc(const char *path, enum gt_format f, const struct gt_tradeoff_doc *d, int quiet)
{
    /* as report does (curl's rule): no binary file onto a terminal unless -o - */
    if (!path && (f == GT_FMT_PDF || f == GT_FMT_XLSX) && isatty(STDOUT_FILENO))
        return gt_fail(GT_EXIT_USAGE,
                       "not writing %s to a terminal: give -o FILE (or -o - to write it anyway)",
                       f == GT_FMT_PDF ? "a PDF" : "an XLSX workbook");
    struct doc_job j = {d, f};
    int rc = gt_write_sink(path, f == GT_FMT_XLSX, write_tradeoff, &j);
    if (!rc && !quiet && path && strcmp(path, "-") && f != GT_FMT_TABLE)
        fprintf(stderr, "greentally: wrote '%s'\n", path);
    return rc;
}

static int run(struct gt_args *a)
{
    struct state s;
    memset(&s, 0, sizeof s);
    struct gt_join_opts jo = {GT_JOIN_RUN_ID, 0, 0};
    struct gt_score_opts so;
    memset(&so, 0, sizeof so);
    int by_model = 0;
    enum gt_format fmt;
    int rc = parse_args(a, &s, &jo, &so, &by_model);
    if (!rc)
        rc = output_format(a, &fmt);
    if (rc)
        return rc;
    struct gt_report rep = {0};
    if ((fmt == GT_FMT_PDF || fmt == GT_FMT_XLSX || fmt == GT_FMT_HTML) &&
        (rc = gt_report_set_time(&rep)) != 0)
        return rc;
    if ((rc = gt_query_run_ungrouped(a, "tradeoff", &s.q)) != 0)
        return rc;
    s.mr.axes = s.axes;
    s.mr.naxes = s.naxes;
    s.mr.quiet = gt_arg_flag(a, "quiet");
    const struct gt_optval *mp = gt_arg_val(a, "metrics");
    rc = gt_metrics_read_paths(&s.mr, mp->list, mp->nlist);
    for (size_t i = 0; i < s.naxes && !rc; i++)
        if (s.axes[i].kind == GT_AXIS_METRIC)
            rc = gt_metrics_read_check(&s.mr, s.axes[i].name);
    struct gt_error err = {0};
    if (!rc && gt_tradeoff_join(s.q.res, &s.mr.set, &jo, &s.j, &err) != GT_OK)
        rc = gt_fail_err(&err);
    if (!rc)
        rc = build_items(&s, by_model, jo.how);
    if (!rc)
        rc = build_loose(&s, jo.how);
    if (!rc)
        rc = build_sources(&s, jo.how);
    if (!rc && s.nitems == 0) {
        rc = gt_fail(GT_EXIT_DATA,
                     "no log run joined a metric run by %s (%zu log runs, %zu metric "
                     "runs)",
                     gt_join_name(jo.how), s.q.res->nruns, s.mr.set.n);
        if (s.nunjoined)
            fprintf(stderr, "greentally: the first log run, '%s' (%s:%ld): %s\n",
                    s.unjoined[0].label, s.unjoined[0].file, s.unjoined[0].line, s.unjoined[0].why);
    }
    struct gt_axis_score ax[GT_MAX_LIST + 2];
    if (!rc && gt_tradeoff_score(s.items, s.nitems, &so, ax, &err) != GT_OK)
        rc = gt_fail(err.code == GT_E_NOMEM ? GT_EXIT_DATA : GT_EXIT_USAGE, "%s", err.msg);
    if (rc) {
        release(&s);
        return rc;
    }
    char statement[600];
    gt_tradeoff_statement(s.items, s.nitems, s.axes, s.naxes, statement, sizeof statement);
    char read[300];
    int n = 0;
    read[0] = '\0';
    if (s.mr.tables)
        n +=
            snprintf(read + n, sizeof read - (size_t)n, "%ld row%s of %ld table%s", s.mr.table_rows,
                     s.mr.table_rows == 1 ? "" : "s", s.mr.tables, s.mr.tables == 1 ? "" : "s");
    if (s.mr.mlflow_runs)
        n += snprintf(read + n, sizeof read - (size_t)n, "%s%ld MLflow run%s", n ? ", " : "",
                      s.mr.mlflow_runs, s.mr.mlflow_runs == 1 ? "" : "s");
    if (s.mr.wandb_runs)
        snprintf(read + n, sizeof read - (size_t)n, "%s%ld W&B run%s", n ? ", " : "",
                 s.mr.wandb_runs, s.mr.wandb_runs == 1 ? "" : "s");
    const char *title = gt_arg(a, "title");
    struct gt_tradeoff_doc d = {s.items,
                                s.nitems,
                                s.axes,
                                s.naxes,
                                ax,
                                gt_join_name(jo.how),
                                jo.has_offset ? gt_arg(a, "utc-offset") : NULL,
                                so.reference,
                                so.bounds.quantiles,
                                s.mr.step_best ? "best" : "last",
                                by_model ? "model" : "run",
                                read,
                                s.unjoined,
                                s.nunjoined,
                                s.unused,
                                s.nunused,
                                statement,
                                s.src,
                                s.nsrc,
                                gt_query_doc(&s.q, GT_VERSION),
                                title ? title : "Resource versus quality",
                                rep.generated};
    rc = write_doc(gt_arg(a, "output"), fmt, &d, gt_arg_flag(a, "quiet"));
    if (!rc)
        rc = gt_query_strict(a, &s.q);
    release(&s);
    return rc;
}

const struct cmd_entry gt_cmd_tradeoff = {
    "tradeoff",
    "LOGS... --metrics FILE|DIR --metric NAME:max|min[:WEIGHT]... [--join HOW] [--by model] "
    "[--reference NAME] [options]",
    "Join the runs of the logs with their quality metrics (a CSV or JSON table, MLflow's "
    "mlruns/, W&B run folders), flag the Pareto front of energy against the metrics, and rate "
    "every run A-E on STREP's index scale (which model was worth it).",
    "Log runs are read and counted as by summary (the same filters, --ci and --pue). A log run "
    "joins the metric run with the same run id, experiment or project (--join), or, with "
    "--join time, the metric run whose start-end interval overlaps it most on the same host "
    "(how CodeCarbon runs started inside an MLflow or W&B run are found). Several log runs of "
    "one metric run (the epochs of a training) sum their energy. Log runs that join nothing "
    "and metric runs without energy are listed, never dropped silently.\n"
    "On each axis a run's index is value/reference when higher is better and reference/value "
    "when lower is better; the reference is the best run, or --reference. Ratings A-E come "
    "from index boundaries (STREP's 0.9/0.8/0.7/0.6 unless --boundaries), and the compound "
    "index is the mean of the indices weighted by --metric's WEIGHT (Fischer et al., Data "
    "Mining and Knowledge Discovery, 2024; docs/method.md). -o FILE.pdf, FILE.xlsx or FILE.html "
    "draws "
    "energy against each metric with the front and the ratings.\n"
    "Exit status: 0 ok, 1 usage error (an unknown metric), 2 data error (nothing joined, "
    "unreadable input).",
    options,
    run,
};
