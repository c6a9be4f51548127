#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_cli.h"
#include "gt_out.h"
#include "gt_query.h"
#include "gt_sink.h"
#include "gt_summary_out.h"

static const struct gt_option options[] = {
    GT_QUERY_OPTIONS,
    {"format", 'f', GT_OPT_VALUE, "FMT", "table, csv or json (default table)"},
    {"output", 'o', GT_OPT_VALUE, "FILE", "write to FILE (atomically) instead of standard output"},
    GT_OPT_END};

static int run(struct gt_args *a)
{
    enum gt_format fmt;
    if (a->npos && gt_opt_format(a, &fmt))
        return GT_EXIT_USAGE;
    struct gt_query q;
    int rc = gt_query_run(a, "summary", &q);
    if (rc)
        return rc;
    struct gt_summary_doc doc = gt_query_doc(&q, GT_VERSION);
    struct gt_sink sink;
    struct gt_error err = {0};
    if (gt_sink_open(&sink, gt_arg(a, "output"), &err) != GT_OK) {
        gt_query_release(&q);
        return gt_fail_err(&err);
    }
    struct gt_slurm_headline h;
    struct gt_slurm_doc sd;
    if ((rc = gt_query_slurm(&q, &h, &sd)) != 0) {
        gt_sink_abort(&sink);
        gt_query_release(&q);
        return rc;
    }
    int slurm = h.total.jobs || sd.napart;
    int w;
    if (fmt == GT_FMT_JSON) {
        cJSON *root = gt_summary_json(&doc);
        if (root && slurm)
            cJSON_AddItemToObject(root, "slurm", gt_slurm_json(&sd));
        w = root ? gt_out_json_print(sink.f, root) : -1;
    } else if (fmt == GT_FMT_CSV)
        w = gt_summary_write_csv(sink.f, &doc);
    else {
        w = gt_summary_write_table(sink.f, &doc);
        if (!w && slurm)
            w = gt_slurm_write_table(sink.f, &sd);
    }
    gt_slurm_headline_release(&h);
    if (w != 0) {
        const char *p = gt_arg(a, "output");
        gt_sink_abort(&sink);
        gt_query_release(&q);
        return gt_fail(GT_EXIT_DATA, "cannot write '%s'", p ? p : "standard output");
    }
    rc = gt_sink_commit(&sink, &err) != GT_OK ? gt_fail_err(&err) : gt_query_strict(a, &q);
    gt_query_release(&q);
    return rc;
}

const struct cmd_entry gt_cmd_summary = {
    "summary",
    "PATH... [--by KEYS] [--since DATE] [--until DATE] [--project NAME] [--ci X] [--pue X] "
    "[options]",
    "Total the logs of CodeCarbon, carbontracker, eco2ai, EnergyTracker, Green Algorithms, "
    "greentally run and SLURM accounting (sacct -P, with --cluster), "
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
