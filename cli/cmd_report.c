#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "gt_embodied_run.h"
#include "gt_query.h"
#include "gt_report_cli.h"
#include "gt_sink.h"

static const struct gt_option options[] = {
    GT_QUERY_OPTIONS,
    GT_EMBODIED_OPTIONS,
    {"output", 'o', GT_OPT_VALUE, "FILE",
     "the report: FILE.pdf, FILE.html, FILE.xlsx, FILE.csv or FILE.json (required; written "
     "atomically)"},
    {"format", 'f', GT_OPT_VALUE, "FMT",
     "pdf, html, xlsx, csv or json (default: from FILE's extension)"},
    {"title", 0, GT_OPT_VALUE, "TEXT", "the report's title (default \"Carbon footprint report\")"},
    {"equivalents", 0, GT_OPT_VALUE, "LIST",
     "equivalents shown: all, none, or of tree, car, flight, ct-car, household, miles, tv "
     "(default tree,car,flight)"},
    {"methods", 0, GT_OPT_VALUE, "all",
     "PDF, XLSX, HTML and JSON: add every peer's method on the first 20 runs (as greentally "
     "compare)"},
    GT_OPT_END};

int gt_report_set_equivalents(struct gt_report *r, const char *s)
{
    if (s && gt_report_equiv_parse(s, &r->equivalents) != 0)
        return gt_fail(GT_EXIT_USAGE,
                       "--equivalents takes all, none or a list of tree, car, flight, ct-car, "
                       "household, miles, tv; got '%s'",
                       s);
    return 0;
}

int gt_report_set_time(struct gt_report *r)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    r->generated = gt_report_epoch(sde, (long long)time(NULL));
    if (r->generated < 0)
        return gt_fail(GT_EXIT_USAGE, "SOURCE_DATE_EPOCH must be seconds since 1970, got '%s'",
                       sde);
    return 0;
}

int gt_write_sink(const char *path, int named, gt_write_fn write, const void *doc)
{
    struct gt_sink sink;
    struct gt_error err = {0};
    enum gt_status st =
        named ? gt_sink_open_named(&sink, path, &err) : gt_sink_open(&sink, path, &err);
    if (st != GT_OK)
        return gt_fail_err(&err);
    int w = write(&sink, doc, &err);
    const char *p = path && strcmp(path, "-") ? path : "standard output";
    if (w != 0) {
        gt_sink_abort(&sink);
        if (err.code == GT_E_IO || !err.msg[0])
            return gt_fail(GT_EXIT_DATA, "cannot write '%s'%s%s", p, err.msg[0] ? ": " : "",
                           err.msg);
        return gt_fail_err(&err);
    }
    if (gt_sink_commit(&sink, &err) != GT_OK)
        return gt_fail_err(&err);
    return 0;
}

struct report_job {
    const struct gt_report *r;
    enum gt_format f;
    int groups;
};

static int write_report(struct gt_sink *sink, const void *doc, struct gt_error *err)
{
    const struct report_job *j = doc;
    switch (j->f) {
    case GT_FMT_XLSX:
        return gt_report_write_xlsx(sink->lib, j->r, err);
    case GT_FMT_PDF:
        return gt_report_write_pdf(sink->f, j->r, err);
    case GT_FMT_HTML:
        return gt_report_write_html(sink->f, j->r, err);
    case GT_FMT_JSON:
        return gt_report_write_json(sink->f, j->r, err);
    default:
        return j->groups ? gt_report_write_groups_csv(sink->f, j->r, err)
                         : gt_report_write_csv(sink->f, j->r, err);
    }
}

static int write_one(const char *path, enum gt_format f, const struct gt_report *r, int groups)
{
    struct report_job j = {r, f, groups};
    return gt_write_sink(path, f == GT_FMT_XLSX, write_report, &j);
}

int gt_report_emit(const char *path, enum gt_format f, const struct gt_report *r, int quiet)
{
    /* as curl does: no binary file onto a terminal unless asked with -o - */
    if (!path && (f == GT_FMT_PDF || f == GT_FMT_XLSX) && isatty(STDOUT_FILENO))
        return gt_fail(GT_EXIT_USAGE,
                       "not writing %s to a terminal: give -o FILE (or -o - to write it anyway)",
                       f == GT_FMT_PDF ? "a PDF" : "an XLSX workbook");
    int rc = write_one(path, f, r, 0);
    if (rc)
        return rc;
    if (r->truncated && *r->truncated)
        gt_warn("%ld cells cut at %d characters, the most a spreadsheet cell holds", *r->truncated,
                32767);
    int to_stdout = !path || !strcmp(path, "-");
    if (!quiet && !to_stdout)
        gt_say("greentally: wrote '%s'", path);
    if (f != GT_FMT_CSV || !r->sum.res->opts.nby)
        return 0;
    if (to_stdout) {
        gt_warn("the group table of --by is not written to standard output (use -o FILE.csv)");
        return 0;
    }
    size_t n = strlen(path);
    char *gp = malloc(n + 16);
    if (!gp)
        return gt_fail(GT_EXIT_DATA, "out of memory");
    size_t stem = n >= 4 && !strcasecmp(path + n - 4, ".csv") ? n - 4 : n;
    snprintf(gp, n + 16, "%.*s.groups.csv", (int)stem, path);
    rc = write_one(gp, f, r, 1);
    if (!rc && !quiet)
        gt_say("greentally: wrote '%s'", gp);
    free(gp);
    return rc;
}

static int run(struct gt_args *a)
{
    enum gt_format fmt;
    int unknown;
    int rc = gt_opt_report_format(a, &fmt, &unknown);
    if (rc)
        return rc;
    const char *out = gt_arg(a, "output");
    if (!out)
        return gt_fail(GT_EXIT_USAGE, "report needs -o FILE (.pdf, .html, .xlsx, .csv or .json)");
    if (fmt == GT_FMT_TABLE)
        return gt_fail(GT_EXIT_USAGE,
                       unknown ? "cannot tell the format of '%s' from its extension (.pdf, .html, "
                                 ".xlsx, .csv or .json; or give --format)"
                               : "writing '%s' needs --format (pdf, html, xlsx, csv or json)",
                       out);
    struct gt_report r;
    memset(&r, 0, sizeof r);
    if ((rc = gt_report_set_time(&r)) ||
        (rc = gt_report_set_equivalents(&r, gt_arg(a, "equivalents"))))
        return rc;
    const char *methods = gt_arg(a, "methods");
    if (methods && strcmp(methods, "all") != 0)
        return gt_fail(GT_EXIT_USAGE, "--methods takes 'all', got '%s'", methods);
    if (methods && fmt == GT_FMT_CSV)
        return gt_fail(GT_EXIT_USAGE, "--methods all goes in PDF, XLSX, HTML and JSON reports "
                                      "(greentally compare -f csv for CSV)");
    r.with_methods = methods != NULL;
    struct gt_hwdb db;
    struct gt_error err = {0};
    if (gt_load_hwdb(&db, a, &err) != GT_OK) {
        gt_hwdb_release(&db);
        return gt_fail_err(&err);
    }
    struct gt_query q;
    rc = gt_query_run(a, "report", &q);
    if (rc) {
        gt_hwdb_release(&db);
        return rc;
    }
    r.sum = gt_query_doc(&q, GT_VERSION);
    struct gt_embodied_sum emb;
    if ((rc = gt_embodied_runs(a, &db, q.res, &emb))) {
        gt_query_release(&q);
        gt_hwdb_release(&db);
        return rc;
    }
    struct gt_slurm_headline h;
    struct gt_slurm_doc sd;
    if ((rc = gt_query_slurm(&q, &h, &sd)) != 0) {
        gt_query_release(&q);
        gt_hwdb_release(&db);
        return rc;
    }
    if (emb.given)
        r.sum.embodied = &emb;
    if (h.total.jobs || sd.napart)
        r.slurm = &sd;
    r.title = gt_arg(a, "title");
    r.jobs = q.lr.jobs;
    long truncated = 0;
    r.truncated = &truncated;
    r.inputs = a->pos;
    r.ninputs = a->npos;
    /* the CSV report is its runs (and the groups of --by): none of the
     * charts, equivalents, constants or statement gt_report_build derives */
    if (fmt != GT_FMT_CSV && gt_report_build(&r, &db, &err) != GT_OK)
        rc = gt_fail_err(&err);
    else
        rc = gt_report_emit(out, fmt, &r, gt_arg_flag(a, "quiet"));
    if (!rc)
        rc = gt_query_strict(a, &q);
    gt_report_release(&r);
    gt_slurm_headline_release(&h);
    gt_query_release(&q);
    gt_hwdb_release(&db);
    return rc;
}

const struct cmd_entry gt_cmd_report = {
    "report",
    "PATH... -o FILE.pdf|FILE.html|FILE.xlsx|FILE.csv|FILE.json [--by KEYS] [filters] [options]",
    "Write a PDF, HTML, XLSX, CSV or JSON report of the runs in the logs under PATH, with charts "
    "and "
    "the method.",
    "The runs are read, counted once and filtered exactly as `greentally summary` does (same "
    "options). PDF (A4): headline figures and equivalents, charts (energy by component per group, "
    "CO2e by month, share by project or host), group tables, the paper statement, the method "
    "(formulas, constants with their sources, data versions, what is not counted) and the "
    "accounting of every row. HTML: the same in one self-contained page (inline CSS and SVG "
    "charts, nothing loaded from the network; readable on a phone, printable, and complete with "
    "JavaScript off, which only makes the tables sortable). XLSX: sheets Summary, Runs, one per "
    "--by key, Method, with charts. "
    "CSV: one row per run with CodeCarbon's column names where CodeCarbon has the column, then "
    "provenance; with --by the group table goes to FILE.groups.csv. JSON: everything.\n"
    "With SOURCE_DATE_EPOCH set, the output is byte-for-byte reproducible (dates, PDF and XLSX "
    "metadata, HTML).\n"
    "Exit status: 0 ok, 1 usage error, 2 data error (unreadable input, unwritable output; any "
    "rejected row with --strict).",
    options,
    run,
};
