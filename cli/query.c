#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "gt_num.h"
#include "gt_query.h"
#include "gt_text.h"
#include "gt_time.h"

/* DATE -> seconds; `end_of_day` turns a plain date into the next midnight. */
static int parse_date(const char *s, int end_of_day, double *t)
{
    enum gt_tz tz;
    if (gt_time_parse(s, strlen(s), t, &tz) != 0)
        return -1;
    if (end_of_day && strlen(s) == 10)
        *t += 86400.0;
    return 0;
}

int gt_query_ci(const struct gt_args *a, double *ci, char *label, size_t size, int *given)
{
    const char *s = gt_arg(a, "ci");
    *given = 0;
    if (!s)
        return 0;
    double v;
    if (gt_num_parse(s, strlen(s), &v) == 0) {
        if (v < 0)
            return gt_fail(GT_EXIT_USAGE, "--ci must be >= 0, got '%s'", s);
        *given = 1;
        *ci = v;
        snprintf(label, size, "given with --ci");
        return 0;
    }
    struct gt_hwdb db;
    struct gt_error err = {0};
    size_t idx;
    if (gt_load_hwdb(&db, a, &err) != GT_OK ||
        gt_hwdb_find_location(&db, s, NULL, &idx, &err) != GT_OK) {
        gt_hwdb_release(&db);
        return gt_fail_err(&err);
    }
    const struct gt_hw_location *l = &db.locations.v[idx];
    *given = 1;
    *ci = l->ci_g_per_kwh;
    snprintf(label, size, "%s, %d, %s", l->code, l->year, l->source);
    gt_hwdb_release(&db);
    return 0;
}

static int build_opts(struct gt_args *a, int grouped, struct gt_agg_opts *o, char *ci_label,
                      size_t size)
{
    memset(o, 0, sizeof *o);
    struct gt_error err = {0};
    const char *by = grouped ? gt_arg(a, "by") : NULL;
    if (by && gt_key_parse_list(by, o->by, GT_AGG_MAX_KEYS, &o->nby, &err) != 0)
        return gt_fail(GT_EXIT_USAGE, "%s", err.msg);
    const char *s = gt_arg(a, "since");
    if (s && parse_date(s, 0, &o->since) != 0)
        return gt_fail(GT_EXIT_USAGE, "cannot parse --since '%s' (use YYYY-MM-DD)", s);
    o->has_since = s != NULL;
    s = gt_arg(a, "until");
    if (s && parse_date(s, 1, &o->until) != 0)
        return gt_fail(GT_EXIT_USAGE, "cannot parse --until '%s' (use YYYY-MM-DD)", s);
    o->has_until = s != NULL;
    const struct gt_optval *v = gt_arg_val(a, "project");
    for (size_t i = 0; i < v->nlist; i++)
        o->projects[o->nprojects++] = v->list[i];
    v = gt_arg_val(a, "host");
    for (size_t i = 0; i < v->nlist; i++)
        o->hosts[o->nhosts++] = v->list[i];
    v = gt_arg_val(a, "tool");
    for (size_t i = 0; i < v->nlist; i++) {
        enum gt_tool t = gt_tool_from_name(v->list[i]);
        if (t == GT_TOOL_UNKNOWN) {
            const char *names[GT_TOOL__COUNT];
            for (int k = 0; k < GT_TOOL__COUNT; k++)
                names[k] = gt_tool_name((enum gt_tool)k);
            const char *close = gt_closest(v->list[i], names, GT_TOOL__COUNT);
            if (close && strcmp(close, "unknown"))
                return gt_fail(GT_EXIT_USAGE, "unknown tool '%s'; did you mean '%s'?", v->list[i],
                               close);
            return gt_fail(GT_EXIT_USAGE,
                           "unknown tool '%s' (codecarbon, carbontracker, eco2ai, energytracker, "
                           "green-algorithms, greentally, slurm)",
                           v->list[i]);
        }
        o->tools[o->ntools++] = t;
    }
    o->include_predicted = gt_arg_flag(a, "include-predicted");
    int given;
    int rc = gt_opt_number(a, "pue", &o->pue, &given);
    if (rc)
        return rc;
    if (given && o->pue < 1)
        return gt_fail(GT_EXIT_USAGE, "--pue must be >= 1, got '%s'", gt_arg(a, "pue"));
    o->set_pue = given;
    return gt_query_ci(a, &o->ci_g_per_kwh, ci_label, size, &o->set_ci);
}

/* A --project or --host value no run has: say so, with the closest value
 * and the values there are. */
static void filter_note(const char *what, const char *v, char *const *seen, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(seen[i], v))
            return;
    const char *close = gt_closest(v, (const char *const *)seen, n);
    char list[400];
    size_t o = 0;
    list[0] = 0;
    for (size_t i = 0; i < n && o < sizeof list; i++)
        o += (size_t)snprintf(list + o, sizeof list - o, "%s'%s'", i ? ", " : "",
                              seen[i][0] ? seen[i] : "(none)");
    if (o >= sizeof list)
        memcpy(list + sizeof list - 5, ", ...", 5);
    if (close)
        gt_warn("no run has %s '%s'; did you mean '%s'?", what, v, close);
    else if (n)
        gt_warn("no run has %s '%s' (the logs have %zu: %s)", what, v, n, list);
    else
        gt_warn("no run has %s '%s' (the logs have no runs)", what, v);
}

static void filter_notes(const struct gt_agg_result *res)
{
    const struct gt_agg_opts *o = &res->opts;
    for (size_t i = 0; i < o->nprojects; i++)
        filter_note("project", o->projects[i], res->seen_projects, res->nseen_projects);
    for (size_t i = 0; i < o->nhosts; i++)
        filter_note("host", o->hosts[i], res->seen_hosts, res->nseen_hosts);
    if (!res->totals.runs && res->excluded_filter)
        gt_warn("no run matches the filters (%ld run%s outside them)", res->excluded_filter,
                res->excluded_filter == 1 ? " is" : "s are");
}

static int query_run(struct gt_args *a, const char *what, int grouped, struct gt_query *q)
{
    memset(q, 0, sizeof *q);
    if (!a->npos)
        return gt_fail(GT_EXIT_USAGE, "%s needs at least one PATH (file, directory or -)", what);
    int rc = build_opts(a, grouped, &q->opts, q->ci_label, sizeof q->ci_label);
    if (rc)
        return rc;
    double jobs;
    int jgiven;
    if ((rc = gt_opt_number(a, "jobs", &jobs, &jgiven)) != 0)
        return rc;
    if (jgiven && (jobs < 1 || jobs > 64 || jobs != floor(jobs)))
        return gt_fail(GT_EXIT_USAGE, "--jobs must be a whole number from 1 to 64, got '%s'",
                       gt_arg(a, "jobs"));
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    q->lr.jobs = jgiven ? (int)jobs : cores < 1 ? 1 : cores > 64 ? 64 : (int)cores;
    if ((rc = gt_ci_opt_load(a, &q->ci)) != 0)
        return rc;
    if (q->ci.given) {
        q->opts.ci_series = &q->ci.series;
        q->opts.ci_interp = q->ci.interp;
    }
    if ((rc = gt_load_unc(a, &q->unc)) != 0) {
        gt_ci_opt_release(&q->ci);
        return rc;
    }
    q->opts.unc = &q->unc;
    if ((rc = gt_slurm_cli_load(a, &q->slurm)) != 0) {
        gt_query_release(q);
        return rc;
    }
    q->lr.fmt_opts = &q->slurm.opts;
    /* summary's table and CSV print groups and totals: the aggregate keeps
     * compact runs, and only the runs with a note to print */
    enum gt_format fmt;
    /* --embodied needs every run's hardware and duration */
    const struct gt_optval *emb = gt_arg_find(a, "embodied");
    q->opts.notable_runs_only = strcmp(what, "summary") == 0 && gt_opt_format(a, &fmt) == 0 &&
                                fmt != GT_FMT_JSON && !(emb && emb->set);
    /* summary's CSV has no SLURM per-user table */
    q->opts.no_slurm_figures = q->opts.notable_runs_only && fmt == GT_FMT_CSV;
    q->lr.quiet = gt_arg_flag(a, "quiet");
    q->lr.follow = gt_arg_flag(a, "follow");
    /* a progress line when standard error is a terminal (GREENTALLY_PROGRESS_MS:
     * how long a scan runs before it shows, default 500) */
    q->lr.progress = !q->lr.quiet && isatty(STDERR_FILENO);
    const char *pm = getenv("GREENTALLY_PROGRESS_MS");
    long ms = 500;
    if (pm && gt_num_parse_long(pm, strlen(pm), &ms) != 0)
        ms = 500;
    q->lr.progress_delay_ms = ms;
    q->lr.agg = gt_agg_new(&q->opts);
    if (!q->lr.agg)
        return gt_fail(GT_EXIT_DATA, "out of memory");
    rc = gt_logread_paths(&q->lr, a->pos, a->npos);
    if (gt_agg_finish(q->lr.agg, &q->res) != GT_OK && !rc)
        rc = gt_fail(GT_EXIT_DATA, "out of memory");
    q->lr.agg = NULL;
    if (rc) {
        gt_query_release(q);
        return rc;
    }
    gt_logread_run_notes(&q->lr, q->res);
    filter_notes(q->res);
    return 0;
}

int gt_query_run(struct gt_args *a, const char *what, struct gt_query *q)
{
    return query_run(a, what, 1, q);
}

int gt_query_run_ungrouped(struct gt_args *a, const char *what, struct gt_query *q)
{
    return query_run(a, what, 0, q);
}

struct gt_summary_doc gt_query_doc(const struct gt_query *q, const char *version)
{
    struct gt_summary_doc d = {q->res,
                               q->lr.w,
                               q->lr.nw,
                               q->lr.dropped,
                               q->opts.set_ci ? q->ci_label : NULL,
                               version,
                               q->ci.given ? q->ci.file : NULL,
                               NULL};
    return d;
}

int gt_query_strict(const struct gt_args *a, const struct gt_query *q)
{
    if (!gt_arg_flag(a, "strict"))
        return 0;
    if (q->lr.files_rejected && q->lr.rejected)
        return gt_fail(GT_EXIT_DATA, "%ld files and %ld rows rejected (--strict)",
                       q->lr.files_rejected, q->lr.rejected);
    if (q->lr.files_rejected)
        return gt_fail(GT_EXIT_DATA, "%ld files rejected (--strict)", q->lr.files_rejected);
    if (q->lr.rejected)
        return gt_fail(GT_EXIT_DATA, "%ld rows rejected (--strict)", q->lr.rejected);
    return 0;
}

void gt_query_release(struct gt_query *q)
{
    gt_agg_result_free(q->res);
    gt_logread_release(&q->lr);
    gt_ci_opt_release(&q->ci);
    gt_slurm_cli_release(&q->slurm);
    memset(q, 0, sizeof *q);
}

int gt_query_slurm(const struct gt_query *q, struct gt_slurm_headline *h, struct gt_slurm_doc *d)
{
    memset(d, 0, sizeof *d);
    if (gt_slurm_headline_build(q->res, h) != GT_OK)
        return gt_fail(GT_EXIT_DATA, "out of memory");
    d->h = h;
    d->cluster = q->slurm.cluster;
    d->notes = (const char(*)[700])q->slurm.notes;
    d->nnotes = q->slurm.nnotes;
    for (size_t i = 0; i < q->lr.napart && i < GT_SLURM_OUT_APART; i++) {
        d->apart_what[i] = q->lr.apart[i].what;
        d->apart_jobs[i] = q->lr.apart[i].jobs;
        d->napart++;
    }
    return 0;
}
