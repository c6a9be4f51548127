#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gt_ci_cli.h"
#include "gt_time.h"

int gt_ci_load_file(const struct gt_args *a, const char *path, struct gt_ci_series *s)
{
    struct gt_error err = {0};
    struct gt_hwdb db;
    const char *dataset = gt_arg(a, "ci-factors");
    if (!dataset)
        dataset = "ipcc-ar5";
    if (gt_load_hwdb(&db, a, &err) != GT_OK) {
        gt_hwdb_release(&db);
        return gt_fail_err(&err);
    }
    size_t n = 0;
    struct gt_ci_factor *fv = malloc((db.factors.n ? db.factors.n : 1) * sizeof *fv);
    if (!fv) {
        gt_hwdb_release(&db);
        return gt_fail(GT_EXIT_DATA, "out of memory");
    }
    for (size_t i = 0; i < db.factors.n; i++)
        if (!strcasecmp(db.factors.v[i].dataset, dataset))
            fv[n++] = (struct gt_ci_factor){db.factors.v[i].fuel, db.factors.v[i].aliases,
                                            db.factors.v[i].g_per_kwh};
    if (!n) {
        free(fv);
        gt_hwdb_release(&db);
        return gt_fail(GT_EXIT_USAGE,
                       "unknown emission-factor dataset '%s' (ipcc-ar5 or codecarbon)", dataset);
    }
    struct gt_ci_factors f = {fv, n, dataset};
    char *data;
    size_t len;
    int rc = 0;
    gt_ci_series_init(s);
    if (gt_read_file(path, &data, &len, &err) != GT_OK)
        rc = gt_fail_err(&err);
    else {
        if (gt_ci_series_parse_csv(data, len, path, &f, s, &err) != GT_OK)
            rc = gt_fail_err(&err);
        free(data);
    }
    free(fv);
    gt_hwdb_release(&db);
    if (rc)
        gt_ci_series_release(s);
    return rc;
}

int gt_ci_opt_load(const struct gt_args *a, struct gt_ci_opt *o)
{
    memset(o, 0, sizeof *o);
    gt_ci_series_init(&o->series);
    const char *m = gt_arg(a, "ci-interp");
    if (m && gt_ci_interp_parse(m, &o->interp) != 0)
        return gt_fail(GT_EXIT_USAGE, "unknown --ci-interp '%s' (step or linear)", m);
    o->file = gt_arg(a, "ci-series");
    if (!o->file) {
        if (m)
            return gt_fail(GT_EXIT_USAGE, "--ci-interp needs --ci-series");
        if (gt_arg(a, "ci-factors"))
            return gt_fail(GT_EXIT_USAGE, "--ci-factors needs --ci-series");
        return 0;
    }
    int rc = gt_ci_load_file(a, o->file, &o->series);
    if (rc)
        return rc;
    o->given = 1;
    return 0;
}

void gt_ci_opt_release(struct gt_ci_opt *o)
{
    gt_ci_series_release(&o->series);
    o->given = 0;
}

char *gt_ci_span(const struct gt_ci_series *s, char *buf, size_t size)
{
    char a[40], b[40];
    if (!s->n) {
        snprintf(buf, size, "empty");
        return buf;
    }
    snprintf(buf, size, "%s to %s", gt_time_fmt(s->p[0].t, 1, a, sizeof a),
             gt_time_fmt(s->p[s->n - 1].end, 1, b, sizeof b));
    return buf;
}
