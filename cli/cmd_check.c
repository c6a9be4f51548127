/* cmd_check.c - greentally check: a CO2e or energy budget gate for CI. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_check.h"
#include "gt_check_out.h"
#include "gt_num.h"
#include "gt_query.h"

static const struct gt_option options[] = {
    GT_QUERY_OPTIONS,
    {"budget", 0, GT_OPT_VALUE, "AMOUNT",
     "the total's budget: CO2e with a unit (500g, 5kg, 1.2t) or energy (300Wh, 5kWh)"},
    {"budget-kwh", 0, GT_OPT_VALUE, "KWH", "the total's budget in kWh of energy"},
    {"budget-file", 0, GT_OPT_VALUE, "FILE",
     "a budget per group of --by KEY: lines 'VALUE = AMOUNT', '* = AMOUNT' for the others"},
    {"baseline", 0, GT_OPT_VALUE, "FILE.json",
     "a previous 'greentally summary --format json': report the change against it"},
    {"format", 'f', GT_OPT_VALUE, "FMT", "text or markdown (default text)"},
    GT_OPT_END};

/* Reads and parses --budget-file / --baseline; 0 or an exit code. */
static int load(const char *path, int budget, struct gt_budget_file *bf, struct gt_baseline *bl)
{
    char *data;
    size_t len;
    struct gt_error err = {0};
    if (gt_read_file(path, &data, &len, &err) != GT_OK)
        return gt_fail(GT_EXIT_DATA, "%s", err.msg);
    enum gt_status st = budget ? gt_budget_parse(data, len, path, bf, &err)
                               : gt_baseline_parse(data, len, path, bl, &err);
    free(data);
    return st == GT_OK ? 0 : gt_fail(GT_EXIT_DATA, "%s", err.msg);
}

static int check(struct gt_args *a)
{
    const char *fs = gt_arg(a, "format");
    int markdown = fs && !strcmp(fs, "markdown");
    if (fs && !markdown && strcmp(fs, "text"))
        return gt_fail(GT_EXIT_DATA, "unknown format '%s' (text or markdown)", fs);
    const char *bs = gt_arg(a, "budget"), *bk = gt_arg(a, "budget-kwh");
    const char *bfile = gt_arg(a, "budget-file"), *base = gt_arg(a, "baseline");
    if (!bs && !bk && !bfile)
        return gt_fail(GT_EXIT_DATA, "check needs a budget: --budget AMOUNT (e.g. 5kg), "
                                     "--budget-kwh KWH or --budget-file FILE with --by KEY");
    if (bs && bk)
        return gt_fail(GT_EXIT_DATA, "give --budget or --budget-kwh, not both");
    struct gt_amount total;
    struct gt_error err = {0};
    if (bs && gt_amount_parse(bs, strlen(bs), &total, &err) != GT_OK)
        return gt_fail(GT_EXIT_DATA, "%s", err.msg);
    if (bk) {
        if (gt_num_parse(bk, strlen(bk), &total.value) != 0 || total.value < 0)
            return gt_fail(GT_EXIT_DATA, "--budget-kwh must be a number of kWh >= 0, got '%s'", bk);
        total.kind = GT_AMOUNT_ENERGY;
    }
    const char *by = gt_arg(a, "by");
    if (bfile && (!by || strchr(by, ',')))
        return gt_fail(GT_EXIT_DATA, "--budget-file needs --by with one key (e.g. --by project)");
    struct gt_budget_file bf = {0};
    struct gt_baseline bl;
    memset(&bl, 0, sizeof bl);
    int rc = 0;
    if (bfile && (rc = load(bfile, 1, &bf, NULL)))
        return rc;
    if (base && (rc = load(base, 0, NULL, &bl))) {
        gt_budget_file_release(&bf);
        return rc;
    }
    struct gt_query q;
    rc = gt_query_run(a, "check", &q);
    if (!rc) {
        struct gt_check c;
        if (gt_check_run(q.res, bs || bk ? &total : NULL, bfile ? &bf : NULL, base ? &bl : NULL, &c,
                         &err) != GT_OK) {
            rc = gt_fail(GT_EXIT_DATA, "%s", err.msg);
        } else {
            struct gt_check_doc d = {&c, q.res,
                                     q.res->opts.nby ? gt_key_name(q.res->opts.by[0]) : NULL, base,
                                     GT_VERSION};
            int w =
                markdown ? gt_check_write_markdown(stdout, &d) : gt_check_write_text(stdout, &d);
            if (w != 0 || fflush(stdout) != 0)
                rc = gt_fail(GT_EXIT_DATA, "cannot write standard output");
            else if (!(rc = gt_query_strict(a, &q)))
                rc = c.over ? 1 : 0;
            gt_check_release(&c);
        }
        gt_query_release(&q);
    }
    gt_budget_file_release(&bf);
    gt_baseline_release(&bl);
    return rc;
}

const struct cmd_entry gt_cmd_check = {
    "check",
    "PATH... --budget AMOUNT | --budget-kwh KWH | --by KEY --budget-file FILE [--baseline "
    "FILE.json] [--format text|markdown] [filters] [options]",
    "Check the runs in the logs under PATH against a CO2e or energy budget: exit 0 within it, 1 "
    "over it (a gate for CI).",
    "The runs are read, counted once and filtered exactly as `greentally summary` does (same "
    "options). The first line is the verdict (\"within budget: 3.64 kg CO2e of 5.00 kg (72.8 %); "
    "48 runs\"); with --budget-file, a line per group over its budget follows; with --baseline, "
    "the change against it (total and groups of the same --by key). --format markdown prints a "
    "table for a CI job's step summary (e.g. "
    ">> \"$GITHUB_STEP_SUMMARY\"). Runs without the figure are not counted (and said so); a "
    "budget no run has the figure for is a data error.\n"
    "Budget file: one 'VALUE = AMOUNT' per line (VALUE a value of the --by key, AMOUNT as for "
    "--budget), '* = AMOUNT' for every other group, '#' comments.\n"
    "Exit status: 0 within every budget, 1 over a budget, 2 anything else (a usage error, "
    "unreadable input, a bad budget or baseline file; any rejected row with --strict).",
    options,
    check,
};
