#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_cli.h"
#include "gt_logread.h"
#include "gt_num.h"
#include "gt_sink.h"
#include "gt_summary_out.h"
#include "gt_time.h"

static const struct gt_option options[] = {
    {"by", 'b', GT_OPT_VALUE, "KEYS",
     "group by a comma-separated list of tool, project, experiment, run, host, user, cpu, gpu, "
     "country, region, day, week, month, year"},
    {"since", 0, GT_OPT_VALUE, "DATE",
     "only runs that started on or after DATE (YYYY-MM-DD, or a date-time; UTC)"},
    {"until", 0, GT_OPT_VALUE, "DATE",
     "only runs that started on or before DATE (a whole day; a date-time is an exclusive bound)"},
    {"project", 0, GT_OPT_LIST, "NAME", "only runs of this project (repeatable)"},
    {"host", 0, GT_OPT_LIST, "NAME", "only runs on this host (repeatable)"},
    {"tool", 0, GT_OPT_LIST, "NAME",
     "only runs measured by this tool: codecarbon, carbontracker, eco2ai, energytracker, "
     "green-algorithms (repeatable)"},
    {"include-predicted", 0, GT_OPT_FLAG, NULL,
     "count carbontracker runs that only have a prediction (marked as predicted)"},
    {"ci", 0, GT_OPT_VALUE, "G_PER_KWH|LOCATION",
     "recompute every run's CO2e with this carbon intensity (a number, or a location such as FR)"},
    {"pue", 0, GT_OPT_VALUE, "X",
     "recompute every run's energy with this PUE, removing the PUE the tool applied where known"},
    {"strict", 0, GT_OPT_FLAG, NULL, "exit 2 when any row is rejected"},
    {"quiet", 'q', GT_OPT_FLAG, NULL, "do not print per-row warnings (JSON still lists them)"},
    {"format", 'f', GT_OPT_VALUE, "FMT", "table, csv or json (default table)"},
    {"output", 'o', GT_OPT_VALUE, "FILE", "write to FILE (atomically) instead of standard output"},
    {"hwdb-file", 0, GT_OPT_LIST, "FILE", "add or override hwdb rows (for --ci LOCATION)"},
    GT_OPT_END};

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

static int set_ci(struct gt_args *a, struct gt_agg_opts *o, char *label, size_t size)
{
    const char *s = gt_arg(a, "ci");
    if (!s)
        return 0;
    double v;
    if (gt_num_parse(s, strlen(s), &v) == 0) {
        if (v < 0)
            return gt_fail(GT_EXIT_USAGE, "--ci must be >= 0, got '%s'", s);
        o->set_ci = 1;
        o->ci_g_per_kwh = v;
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
    o->set_ci = 1;
    o->ci_g_per_kwh = l->ci_g_per_kwh;
    snprintf(label, size, "%s, %d, %s", l->code, l->year, l->source);
    gt_hwdb_release(&db);
    return 0;
}

static int build_opts(struct gt_args *a, struct gt_agg_opts *o, char *ci_label, size_t size)
{
    memset(o, 0, sizeof *o);
    struct gt_error err = {0};
    const char *by = gt_arg(a, "by");
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
        if (t == GT_TOOL_UNKNOWN)
            return gt_fail(GT_EXIT_USAGE,
                           "unknown tool '%s' (codecarbon, carbontracker, eco2ai, energytracker, "
                           "green-algorithms)",
                           v->list[i]);
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
    return set_ci(a, o, ci_label, size);
}

static int run(struct gt_args *a)
{
    if (!a->npos)
        return gt_fail(GT_EXIT_USAGE, "summary needs at least one PATH (file, directory or -)");
    enum gt_format fmt;
    if (gt_opt_format(a, &fmt))
        return GT_EXIT_USAGE;
    struct gt_agg_opts opts;
    char ci_label[600] = "";
    int rc = build_opts(a, &opts, ci_label, sizeof ci_label);
    if (rc)
        return rc;
    struct gt_logread lr = {0};
    lr.quiet = gt_arg_flag(a, "quiet");
    lr.agg = gt_agg_new(&opts);
    if (!lr.agg)
        return gt_fail(GT_EXIT_DATA, "out of memory");
    rc = gt_logread_paths(&lr, a->pos, a->npos);
    struct gt_agg_result *res = NULL;
    if (gt_agg_finish(lr.agg, &res) != GT_OK && !rc)
        rc = gt_fail(GT_EXIT_DATA, "out of memory");
    if (rc) {
        gt_agg_result_free(res);
        gt_logread_release(&lr);
        return rc;
    }
    gt_logread_run_notes(&lr, res);
    struct gt_summary_doc doc = {res,       lr.w, lr.nw, lr.dropped, opts.set_ci ? ci_label : NULL,
                                 GT_VERSION};
    struct gt_sink sink;
    struct gt_error err = {0};
    if (gt_sink_open(&sink, gt_arg(a, "output"), &err) != GT_OK) {
        gt_agg_result_free(res);
        gt_logread_release(&lr);
        return gt_fail_err(&err);
    }
    int w = fmt == GT_FMT_JSON  ? gt_summary_write_json(sink.f, &doc)
            : fmt == GT_FMT_CSV ? gt_summary_write_csv(sink.f, &doc)
                                : gt_summary_write_table(sink.f, &doc);
    long rejected = lr.rejected;
    gt_agg_result_free(res);
    gt_logread_release(&lr);
    if (w != 0) {
        const char *p = gt_arg(a, "output");
        gt_sink_abort(&sink);
        return gt_fail(GT_EXIT_DATA, "cannot write '%s'", p ? p : "standard output");
    }
    if (gt_sink_commit(&sink, &err) != GT_OK)
        return gt_fail_err(&err);
    if (rejected && gt_arg_flag(a, "strict"))
        return gt_fail(GT_EXIT_DATA, "%ld rows rejected (--strict)", rejected);
    return GT_EXIT_OK;
}

const struct cmd_entry gt_cmd_summary = {
    "summary",
    "PATH... [--by KEYS] [--since DATE] [--until DATE] [--project NAME] [--ci X] [--pue X] "
    "[options]",
    "Total the logs of CodeCarbon, carbontracker, eco2ai, EnergyTracker and Green Algorithms, "
    "each run once. Files are recognised by their content, in every version the tools wrote.",
    "A run counts once: CodeCarbon writes the running total of a run on every flush, so the last "
    "row per run_id counts (across emissions.csv and its .bak files) and earlier rows are "
    "superseded, never summed. Rows that cannot be used are rejected and named FILE:LINE on "
    "standard error; the last line accounts for every row: rows read = used + superseded + "
    "rejected (+ excluded by filters). Energy or components a tool did not log are unknown, not "
    "zero.\n"
    "Exit status: 0 ok, 1 usage error, 2 data error (unreadable input; any rejected row with "
    "--strict).",
    options,
    run,
};
