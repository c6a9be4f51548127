#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_num.h"
#include "gt_query.h"
#include "gt_sink.h"
#include "gt_text.h"
#include "gt_statement.h"

static const struct gt_option options[] = {
    GT_QUERY_OPTIONS,
    {"style", 's', GT_OPT_VALUE, "STYLE",
     "plain (default: ours), let (the Lamarr Energy Tracker's words) or carbontracker "
     "(its print_aggregate sentence)"},
    {"latex", 0, GT_OPT_FLAG, NULL, "LaTeX: \\cite{} keys, CO$_2$e (the default of --style let)"},
    {"markdown", 0, GT_OPT_FLAG, NULL,
     "Markdown: pandoc citations [@key], CO\xe2\x82\x82"
     "e"},
    {"text", 0, GT_OPT_FLAG, NULL, "plain text: (Author Year) citations (the default)"},
    {"bibtex", 0, GT_OPT_FLAG, NULL,
     "print the BibTeX entries of everything the statement cites, instead of the statement"},
    {"comparison", 0, GT_OPT_FLAG, NULL,
     "--style let: add LET's \"How Bad Are Bananas\" comparison (deterministic: the item "
     "closest to 1x)"},
    {"energy", 0, GT_OPT_VALUE, "KWH",
     "a custom statement for this energy, without logs (needs --hardware and --methodology)"},
    {"hardware", 0, GT_OPT_VALUE, "TEXT", "custom statement: the hardware, e.g. 'NVIDIA A100'"},
    {"methodology", 0, GT_OPT_VALUE, "TEXT",
     "custom statement: how the energy was measured, e.g. 'CodeCarbon 3.2.3'"},
    {"output", 'o', GT_OPT_VALUE, "FILE", "write to FILE (atomically) instead of standard output"},
    GT_OPT_END};

static int parse_style(const struct gt_args *a, struct gt_stmt_opts *o)
{
    const char *s = gt_arg(a, "style");
    o->style = GT_STMT_PLAIN;
    if (!s || !strcmp(s, "plain"))
        ;
    else if (!strcmp(s, "let"))
        o->style = GT_STMT_LET;
    else if (!strcmp(s, "carbontracker"))
        o->style = GT_STMT_CARBONTRACKER;
    else
        return gt_fail(GT_EXIT_USAGE, "unknown style '%s' (plain, let or carbontracker)", s);
    int nl = gt_arg_flag(a, "latex"), nm = gt_arg_flag(a, "markdown"), nt = gt_arg_flag(a, "text");
    if (nl + nm + nt > 1)
        return gt_fail(GT_EXIT_USAGE, "give one of --latex, --markdown and --text");
    o->markup = nl   ? GT_STMT_LATEX
                : nm ? GT_STMT_MARKDOWN
                : nt ? GT_STMT_TEXT
                     : (o->style == GT_STMT_LET ? GT_STMT_LATEX : GT_STMT_TEXT);
    o->comparison = gt_arg_flag(a, "comparison");
    if (o->comparison && o->style != GT_STMT_LET)
        return gt_fail(GT_EXIT_USAGE, "--comparison is part of --style let");
    return 0;
}

/* The hwdb constants a style needs: the comparison items' grams (--comparison)
 * and carbontracker's car factor (--style carbontracker). */
static int load_consts(const struct gt_args *a, double *cmp, struct gt_stmt_opts *so)
{
    if (!so->comparison && so->style != GT_STMT_CARBONTRACKER)
        return 0;
    struct gt_hwdb db;
    struct gt_error err = {0};
    if (gt_load_hwdb(&db, a, &err) != GT_OK) {
        gt_hwdb_release(&db);
        return gt_fail_err(&err);
    }
    /* the items, then the car factor */
    for (int i = 0; i <= GT_STMT_NCMP; i++) {
        const char *name = i < GT_STMT_NCMP ? gt_stmt_cmp_const[i] : "carbontracker_car_km";
        const struct gt_hw_constant *c = gt_hwdb_constant(&db, name);
        if (!c || !(c->value > 0)) {
            gt_hwdb_release(&db);
            return gt_fail(GT_EXIT_DATA, "hwdb constant '%s' is missing", name);
        }
        if (i < GT_STMT_NCMP)
            cmp[i] = c->value;
        else
            so->ct_car_g_per_km = c->value;
    }
    gt_hwdb_release(&db);
    if (so->comparison)
        so->cmp_g = cmp;
    return 0;
}

static int custom_facts(struct gt_args *a, struct gt_stmt_facts *f, char *label, size_t size)
{
    if (a->npos)
        return gt_fail(GT_EXIT_USAGE, "a custom statement (--energy) takes no PATH, got '%s'",
                       a->pos[0]);
    const char *hw = gt_arg(a, "hardware"), *me = gt_arg(a, "methodology");
    if (!hw || !me)
        return gt_fail(GT_EXIT_USAGE, "a custom statement needs --energy, --hardware and "
                                      "--methodology");
    memset(f, 0, sizeof *f);
    int given, rc = gt_opt_number(a, "energy", &f->energy_kwh, &given);
    if (rc)
        return rc;
    if (!(f->energy_kwh >= 0))
        return gt_fail(GT_EXIT_USAGE, "--energy must be >= 0 kWh, got '%s'", gt_arg(a, "energy"));
    if ((rc = gt_query_ci(a, &f->ci_g_per_kwh, label, size, &given)))
        return rc;
    if (!given) {
        /* LET's default carbon intensity (hwdb let_default_ci) */
        struct gt_hwdb db;
        struct gt_error err = {0};
        if (gt_load_hwdb(&db, a, &err) != GT_OK) {
            gt_hwdb_release(&db);
            return gt_fail_err(&err);
        }
        const struct gt_hw_constant *c = gt_hwdb_constant(&db, "let_default_ci");
        if (c)
            f->ci_g_per_kwh = c->value;
        gt_hwdb_release(&db);
        if (!c)
            return gt_fail(GT_EXIT_DATA, "hwdb constant 'let_default_ci' is missing");
        snprintf(label, size, "the Lamarr Energy Tracker's default, Germany");
    }
    f->ci_source = label;
    f->ci_from_ga = strstr(label, "Green Algorithms") != NULL;
    f->ci_given = 1;
    f->co2e_g = f->energy_kwh * f->ci_g_per_kwh;
    f->duration_s = NAN;
    f->pue_given = NAN;
    /* a custom statement's energy is the user's: no range is claimed */
    f->energy_kwh_lo = f->energy_kwh_hi = f->co2e_g_lo = f->co2e_g_hi = NAN;
    f->hardware = hw;
    f->methodology = me;
    f->greentally_version = GT_VERSION;
    return 0;
}

static int run(struct gt_args *a)
{
    struct gt_stmt_opts so = {0};
    int rc = parse_style(a, &so);
    if (rc)
        return rc;
    double cmp[GT_STMT_NCMP];
    if ((rc = load_consts(a, cmp, &so)))
        return rc;
    struct gt_stmt_facts f;
    struct gt_query q;
    memset(&q, 0, sizeof q);
    char label[600] = "";
    if (gt_arg(a, "energy")) {
        rc = custom_facts(a, &f, label, sizeof label);
    } else {
        if (gt_arg(a, "hardware") || gt_arg(a, "methodology"))
            return gt_fail(GT_EXIT_USAGE, "--hardware and --methodology are for a custom "
                                          "statement (with --energy)");
        rc = gt_query_run(a, "statement", &q);
        if (!rc) {
            gt_stmt_from_agg(q.res, &f);
            if (so.style == GT_STMT_PLAIN) { /* the hwdb's names of the models */
                struct gt_hwdb db;
                struct gt_error err = {0};
                if (gt_load_hwdb(&db, a, &err) == GT_OK)
                    gt_stmt_name_hw(&f, &db);
                else
                    rc = gt_fail_err(&err);
                gt_hwdb_release(&db);
            }
            f.ci_source = q.opts.set_ci ? q.ci_label : NULL;
            f.ci_from_ga = q.opts.set_ci && strstr(q.ci_label, "Green Algorithms") != NULL;
            f.greentally_version = GT_VERSION;
            if (!q.res->totals.runs)
                rc = gt_fail(GT_EXIT_DATA, "no runs to make a statement of");
        }
    }
    if (rc) {
        gt_query_release(&q);
        return rc;
    }
    char *text =
        gt_arg_flag(a, "bibtex") ? gt_statement_bibtex(&f, &so) : gt_statement_render(&f, &so);
    if (!text) {
        gt_query_release(&q);
        return gt_fail(GT_EXIT_DATA, "out of memory");
    }
    struct gt_sink sink;
    struct gt_error err = {0};
    if (gt_sink_open(&sink, gt_arg(a, "output"), &err) != GT_OK) {
        free(text);
        gt_query_release(&q);
        return gt_fail_err(&err);
    }
    /* model names and projects come from logs: no control sequence in the
     * text (newlines and tabs of the layout kept) */
    if (!gt_text_is_safe(text, GT_ESC_LATIN1 | GT_ESC_KEEP_WS)) {
        char *e = gt_text_escape(text, GT_ESC_LATIN1 | GT_ESC_KEEP_WS);
        free(text);
        text = e;
        if (!text) {
            gt_sink_abort(&sink);
            gt_query_release(&q);
            return gt_fail(GT_EXIT_DATA, "out of memory");
        }
    }
    fputs(text, sink.f);
    free(text);
    rc = gt_sink_commit(&sink, &err) != GT_OK ? gt_fail_err(&err) : 0;
    if (!rc && q.res)
        rc = gt_query_strict(a, &q);
    gt_query_release(&q);
    return rc;
}

const struct cmd_entry gt_cmd_statement = {
    "statement",
    "PATH... [--style plain|let|carbontracker] [--latex|--markdown|--text] [--bibtex] [filters]\n"
    "       greentally statement --energy KWH --hardware TEXT --methodology TEXT [--ci X] "
    "[--style S]",
    "Print the paper statement of the runs in the logs under PATH, with citations and BibTeX "
    "(our style, LET's or carbontracker's).",
    "Runs are read, counted once and filtered as `greentally summary` does (same options). "
    "--style let prints the Lamarr Energy Tracker's statement for the same runs byte for byte "
    "(Wh at or below 0.1 kWh; the carbon intensity truncated to an integer and multiplied by "
    "the printed energy, as LET does; g below 10 g else kg; a single GPU model as logged); its "
    "default markup is LaTeX, as LET prints it. --style carbontracker prints the sentence of "
    "print_aggregate in carbontracker 2.4.3 (16 decimals). A custom statement "
    "(--energy) uses --ci, or LET's default of 380 gCO2/kWh.\n"
    "Exit status: 0 ok, 1 usage error, 2 data error (unreadable input, no runs; any rejected "
    "row with --strict).",
    options,
    run,
};
