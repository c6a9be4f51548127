/* cmd_predict.c - `greentally predict PATH --epochs N | --steps N |
 * --duration D`: a run in progress (or a short trial) extrapolated to its
 * full length by carbontracker's method. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gt_apriori.h"
#include "gt_cli.h"
#include "gt_duration.h"
#include "gt_predict_out.h"
#include "gt_sink.h"

static const struct gt_option options[] = {
    {"epochs", 'e', GT_OPT_VALUE, "N",
     "the full run's epochs (carbontracker, eco2ai; default: the epochs carbontracker says are "
     "planned)"},
    {"steps", 0, GT_OPT_VALUE, "N",
     "the full run's length in the log's own steps: CodeCarbon flushes, greentally run samples"},
    {"duration", 'd', GT_OPT_VALUE, "DURATION", "the full run's duration, e.g. 48h (any log)"},
    {"format", 'f', GT_OPT_VALUE, "FMT", "table, json or csv (default table)"},
    {"output", 'o', GT_OPT_VALUE, "FILE", "write to FILE (atomically) instead of standard output"},
    GT_OPT_END};

/* The other log of a carbontracker pair ("X_carbontracker.log" <->
 * "X_carbontracker_output.log"), malloc'ed; NULL when path is neither. */
static char *ct_partner(const char *path)
{
    static const char out_sfx[] = "_carbontracker_output.log", std_sfx[] = "_carbontracker.log";
    size_t n = strlen(path), lo = sizeof out_sfx - 1, ls = sizeof std_sfx - 1;
    char *p = NULL;
    if (n >= lo && !strcmp(path + n - lo, out_sfx)) {
        p = malloc(n - lo + ls + 1);
        if (p) {
            memcpy(p, path, n - lo);
            memcpy(p + n - lo, std_sfx, ls + 1);
        }
    } else if (n >= ls && !strcmp(path + n - ls, std_sfx)) {
        p = malloc(n - ls + lo + 1);
        if (p) {
            memcpy(p, path, n - ls);
            memcpy(p + n - ls, out_sfx, lo + 1);
        }
    }
    return p;
}

static int run(struct gt_args *a)
{
    if (a->npos == 0)
        return gt_fail(GT_EXIT_USAGE, "predict needs the log of a run: PATH");
    if (a->npos > 1)
        return gt_fail(GT_EXIT_USAGE, "predict reads one log, got %zu paths", a->npos);
    enum gt_format fmt;
    if (gt_opt_format(a, &fmt))
        return GT_EXIT_USAGE;
    double epochs = 0, steps = 0, dur = 0;
    int has_e, has_s, rc;
    if ((rc = gt_opt_number(a, "epochs", &epochs, &has_e)) ||
        (rc = gt_opt_number(a, "steps", &steps, &has_s)))
        return rc;
    const char *ds = gt_arg(a, "duration");
    struct gt_error err = {0};
    if (has_e + has_s + (ds != NULL) > 1)
        return gt_fail(GT_EXIT_USAGE, "give one of --epochs, --steps or --duration");
    if (ds && gt_duration_parse(ds, strlen(ds), &dur, &err) != GT_OK)
        return gt_fail(GT_EXIT_DATA, "--duration: %s", err.msg);
    if ((has_e && !(epochs >= 1 && epochs == floor(epochs))) ||
        (has_s && !(steps >= 1 && steps == floor(steps))))
        return gt_fail(GT_EXIT_DATA, "--%s must be a whole number >= 1, got '%s'",
                       has_e ? "epochs" : "steps", gt_arg(a, has_e ? "epochs" : "steps"));

    const char *path = a->pos[0];
    char *data = NULL, *pdata = NULL, *pair = ct_partner(path);
    size_t len = 0, plen = 0;
    if (gt_read_file(path, &data, &len, &err) != GT_OK) {
        free(pair);
        return gt_fail_err(&err);
    }
    if (pair) {
        struct gt_error perr = {0};
        if (gt_read_file(pair, &pdata, &plen, &perr) != GT_OK) {
            free(pair);
            pair = NULL;
        }
    }
    struct gt_predict_log log;
    enum gt_status st = gt_predict_log_read(data, len, pdata, plen, path, &log, &err);
    free(data);
    free(pdata);
    if (st != GT_OK) {
        free(pair);
        gt_predict_log_release(&log);
        return gt_fail_err(&err);
    }
    struct gt_predict_doc d;
    memset(&d, 0, sizeof d);
    d.tool_version = GT_VERSION;
    d.path = path;
    d.pair = pair;
    d.log = &log;
    int is_epochs = !strcmp(log.unit, "epoch");
    rc = 0;
    if (ds) {
        d.mode = GT_PREDICT_DURATION;
        d.target = dur;
        d.target_from = "--duration";
    } else if (has_e || has_s) {
        if (has_e && !is_epochs)
            rc = gt_fail(GT_EXIT_USAGE,
                         "'%s' (%s) has no epochs: give --steps N (its %s) or --duration", path,
                         log.format, log.units);
        else if (has_s && is_epochs)
            rc = gt_fail(GT_EXIT_USAGE, "'%s' (%s) counts epochs: give --epochs N or --duration",
                         path, log.format);
        d.mode = GT_PREDICT_UNITS;
        d.target = has_e ? epochs : steps;
        d.target_from = has_e ? "--epochs" : "--steps";
    } else if (log.planned > 0) {
        d.mode = GT_PREDICT_UNITS;
        d.target = (double)log.planned;
        d.target_from = "the epochs the log says are planned";
    } else {
        rc = gt_fail(GT_EXIT_USAGE, "give the full run's length: --epochs N, --steps N or "
                                    "--duration D");
    }
    if (!rc && gt_predict(log.seg, log.n, d.mode, d.target, &d.res, &err) != GT_OK)
        rc = gt_fail(GT_EXIT_DATA, "'%s': %s", path, err.msg);
    if (!rc) {
        d.ci_g_per_kwh = log.ci_g_per_kwh;
        d.co2e_g = d.res.energy_kwh * d.ci_g_per_kwh;
        d.co2e_low_g = d.res.energy_low_kwh * d.ci_g_per_kwh;
        d.co2e_high_g = d.res.energy_high_kwh * d.ci_g_per_kwh;
        struct gt_sink sink;
        if (gt_sink_open(&sink, gt_arg(a, "output"), &err) != GT_OK) {
            rc = gt_fail_err(&err);
        } else {
            int w = fmt == GT_FMT_JSON  ? gt_predict_write_json(sink.f, &d)
                    : fmt == GT_FMT_CSV ? gt_predict_write_csv(sink.f, &d)
                                        : gt_predict_write_table(sink.f, &d);
            if (w != 0) {
                const char *p = gt_arg(a, "output");
                gt_sink_abort(&sink);
                rc = gt_fail(GT_EXIT_DATA, "cannot write '%s'", p ? p : "standard output");
            } else if (gt_sink_commit(&sink, &err) != GT_OK) {
                rc = gt_fail_err(&err);
            }
        }
    }
    free(pair);
    gt_predict_log_release(&log);
    return rc;
}

const struct cmd_entry gt_cmd_predict = {
    "predict",
    "PATH --epochs N | --steps N | --duration DURATION [--format table|json|csv]",
    "Extrapolate a run in progress, or a short trial run, to its full length: carbontracker "
    "logs, eco2ai epoch rows, greentally run logs and CodeCarbon's cumulative flushes.",
    "Method (carbontracker's): the mean energy per epoch (or per second with --duration) times "
    "what remains, added to what was measured, with the PUE the log applied. The low and high "
    "ends use the least and the most energy of one measured epoch (flush, sample); the output "
    "says how many the prediction rests on. CO2e uses the log's own intensity (its CO2e / its "
    "energy).\n"
    "Exit status: 0 ok, 1 usage error, 2 data error (unreadable log, nothing measured).",
    options,
    run,
};
