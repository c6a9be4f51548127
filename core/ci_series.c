#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gt_ci.h"
#include "gt_csv.h"
#include "gt_num.h"
#include "gt_text.h"
#include "gt_time.h"

const char *gt_ci_interp_name(enum gt_ci_interp m)
{
    return m == GT_CI_LINEAR ? "linear" : "step";
}

int gt_ci_interp_parse(const char *s, enum gt_ci_interp *m)
{
    if (!strcasecmp(s, "step"))
        *m = GT_CI_STEP;
    else if (!strcasecmp(s, "linear"))
        *m = GT_CI_LINEAR;
    else
        return -1;
    return 0;
}

void gt_ci_series_init(struct gt_ci_series *s)
{
    memset(s, 0, sizeof *s);
    s->format = "";
    s->interval_s = NAN;
}

void gt_ci_series_release(struct gt_ci_series *s)
{
    free(s->p);
    gt_ci_series_init(s);
}

enum gt_status gt_ci_series_add(struct gt_ci_series *s, double t, double end, double v)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 64;
        struct gt_ci_point *p = realloc(s->p, nc * sizeof *p);
        if (!p)
            return GT_E_NOMEM;
        s->p = p;
        s->cap = nc;
    }
    s->p[s->n++] = (struct gt_ci_point){t, end, v};
    return GT_OK;
}

static int cmp_point(const void *pa, const void *pb)
{
    const struct gt_ci_point *a = pa, *b = pb;
    return a->t < b->t ? -1 : a->t > b->t;
}

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return a < b ? -1 : a > b;
}

static void fmt_t(double t, char *buf, size_t size)
{
    gt_time_fmt(t, 1, buf, size);
}

enum gt_status gt_ci_series_finish(struct gt_ci_series *s, const char *name, struct gt_error *err)
{
    char b1[40], b2[40];
    if (!s->n)
        return gt_error_set(err, GT_E_DATA, "no carbon-intensity values in '%s'", name);
    qsort(s->p, s->n, sizeof *s->p, cmp_point);
    for (size_t i = 1; i < s->n; i++)
        if (s->p[i].t == s->p[i - 1].t) {
            fmt_t(s->p[i].t, b1, sizeof b1);
            return gt_error_set(err, GT_E_DATA, "duplicate timestamp %s in '%s'", b1, name);
        }
    /* nominal interval: the median spacing */
    s->interval_s = NAN;
    if (s->n > 1) {
        double *d = malloc((s->n - 1) * sizeof *d);
        if (!d)
            return gt_error_set(err, GT_E_NOMEM, "out of memory reading '%s'", name);
        for (size_t i = 1; i < s->n; i++)
            d[i - 1] = s->p[i].t - s->p[i - 1].t;
        qsort(d, s->n - 1, sizeof *d, cmp_double);
        s->interval_s = d[(s->n - 2) / 2];
        free(d);
    }
    for (size_t i = 0; i < s->n; i++) {
        struct gt_ci_point *p = &s->p[i];
        if (isnan(p->end)) {
            if (isnan(s->interval_s)) {
                fmt_t(p->t, b1, sizeof b1);
                return gt_error_set(err, GT_E_DATA,
                                    "one timestamp (%s) in '%s': cannot tell how long its value "
                                    "holds (give at least two)",
                                    b1, name);
            }
            p->end = p->t + s->interval_s;
            if (i + 1 < s->n && s->p[i + 1].t < p->end)
                p->end = s->p[i + 1].t;
        }
        if (!(p->end > p->t) || (i + 1 < s->n && p->end > s->p[i + 1].t)) {
            fmt_t(p->t, b1, sizeof b1);
            fmt_t(p->end, b2, sizeof b2);
            return gt_error_set(err, GT_E_DATA,
                                "interval %s to %s in '%s' is empty or overlaps the next one", b1,
                                b2, name);
        }
    }
    if (isnan(s->interval_s))
        s->interval_s = s->p[0].end - s->p[0].t;
    return GT_OK;
}

/* ---- averages ---------------------------------------------------------------- */

/* Point i is linked to i+1 for linear interpolation. */
static int linked(const struct gt_ci_series *s, size_t i)
{
    return i + 1 < s->n && s->p[i].end == s->p[i + 1].t && !isnan(s->p[i].v) &&
           !isnan(s->p[i + 1].v);
}

static double value_at(const struct gt_ci_series *s, size_t i, double t, enum gt_ci_interp m)
{
    const struct gt_ci_point *p = &s->p[i];
    if (m == GT_CI_STEP || !linked(s, i))
        return p->v;
    const struct gt_ci_point *q = &s->p[i + 1];
    return p->v + (q->v - p->v) * (t - p->t) / (q->t - p->t);
}

/* First point whose end is after t. */
static size_t first_after(const struct gt_ci_series *s, double t)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->p[mid].end <= t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

void gt_ci_series_average(const struct gt_ci_series *s, double a, double b, enum gt_ci_interp m,
                          struct gt_ci_avg *out)
{
    out->mean = NAN;
    out->covered_s = 0;
    out->coverage = 0;
    if (!s->n || isnan(a) || isnan(b) || b < a)
        return;
    size_t i = first_after(s, a);
    if (a == b) {
        if (i < s->n && s->p[i].t <= a && !isnan(s->p[i].v)) {
            out->mean = value_at(s, i, a, m);
            out->coverage = 1;
        }
        return;
    }
    double integral = 0, covered = 0;
    for (; i < s->n && s->p[i].t < b; i++) {
        const struct gt_ci_point *p = &s->p[i];
        if (isnan(p->v))
            continue;
        double x = a > p->t ? a : p->t, y = b < p->end ? b : p->end;
        if (!(y > x))
            continue;
        covered += y - x;
        if (m == GT_CI_LINEAR && linked(s, i))
            integral += (y - x) * (value_at(s, i, x, m) + value_at(s, i, y, m)) / 2;
        else
            integral += (y - x) * p->v;
    }
    out->covered_s = covered;
    out->coverage = covered / (b - a);
    if (out->coverage > 1)
        out->coverage = 1;
    if (covered > 0)
        out->mean = integral / covered;
}

void gt_ci_series_stats(const struct gt_ci_series *s, enum gt_ci_interp m, struct gt_ci_stats *st)
{
    memset(st, 0, sizeof *st);
    st->first = st->last = st->min = st->max = st->mean = NAN;
    st->interval_s = s->interval_s;
    st->points = s->n;
    if (!s->n)
        return;
    st->first = s->p[0].t;
    st->last = s->p[s->n - 1].end;
    int in_gap = 0;
    for (size_t i = 0; i < s->n; i++) {
        const struct gt_ci_point *p = &s->p[i];
        int hole = i > 0 && p->t > s->p[i - 1].end;
        if (isnan(p->v)) {
            if (!in_gap)
                st->gaps++;
            in_gap = 1;
            continue;
        }
        if (hole && !in_gap)
            st->gaps++;
        in_gap = 0;
        st->values++;
        st->covered_s += p->end - p->t;
        if (isnan(st->min) || p->v < st->min)
            st->min = p->v;
        if (isnan(st->max) || p->v > st->max)
            st->max = p->v;
    }
    struct gt_ci_avg avg;
    gt_ci_series_average(s, st->first, st->last, m, &avg);
    st->mean = avg.mean;
}

/* ---- CSV ------------------------------------------------------------------------- */

static int col_any(const struct gt_csv_row *h, const char *const *names)
{
    for (; *names; names++) {
        int c = gt_csv_col(h, *names);
        if (c >= 0)
            return c;
    }
    return -1;
}

/* Case-insensitive: does s contain w? */
static int contains(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (; *s; s++)
        if (!strncasecmp(s, w, n))
            return 1;
    return 0;
}

/* Electricity Maps' intensity column: "Carbon Intensity gCO₂eq/kWh (LCA)",
 * "Carbon intensity gCO₂eq/kWh (Life cycle)", "... (direct)". */
static int em_ci_col(const struct gt_csv_row *h, int *lifecycle)
{
    int direct = -1, lca = -1;
    for (size_t i = 0; i < h->n; i++) {
        const char *c = h->cells[i];
        if (strncasecmp(c, "carbon intensity", 16) != 0)
            continue;
        if (contains(c, "(lca)") || contains(c, "life cycle") || contains(c, "lifecycle"))
            lca = (int)i;
        else if (contains(c, "direct"))
            direct = (int)i;
    }
    *lifecycle = lca >= 0;
    return lca >= 0 ? lca : direct;
}

/* Matches a production-mix column name against the factors: the fuel or an
 * alias, case-insensitive, an optional "_mw" / " (MW)" suffix dropped. */
static long factor_of(const struct gt_ci_factors *f, const char *col)
{
    char name[128];
    snprintf(name, sizeof name, "%s", col);
    char *n = gt_trim_mut(name);
    size_t l = strlen(n);
    if (l > 5 && !strcasecmp(n + l - 5, " (mw)"))
        n[l -= 5] = '\0';
    if (l > 3 && !strcasecmp(n + l - 3, "_mw"))
        n[l -= 3] = '\0';
    for (size_t i = 0; f && i < f->n; i++) {
        if (!strcasecmp(f->v[i].fuel, n))
            return (long)i;
        const char *a = f->v[i].aliases;
        while (a && *a) {
            const char *e = strchr(a, '|');
            size_t al = e ? (size_t)(e - a) : strlen(a);
            if (al == l && !strncasecmp(a, n, l))
                return (long)i;
            a = e ? e + 1 : a + al;
        }
    }
    return -1;
}

enum fmt { F_SERIES, F_EM, F_MIX };

struct csvp {
    const char *name;
    enum fmt fmt;
    int tcol, vcol, zcol;
    long *mixfac; /* per column: factor index, -1 not a source column */
    const struct gt_ci_factors *f;
    struct gt_ci_series *out;
    struct gt_error *err;
};

static enum gt_status set_zone(struct csvp *c, const char *z, long line)
{
    char buf[64];
    snprintf(buf, sizeof buf, "%s", z);
    char *v = gt_trim_mut(buf);
    if (!*v)
        return GT_OK;
    if (!c->out->zone[0]) {
        snprintf(c->out->zone, sizeof c->out->zone, "%s", v);
        return GT_OK;
    }
    if (strcasecmp(c->out->zone, v) != 0) {
        gt_error_set(c->err, GT_E_DATA,
                     "'%s' holds several zones ('%s' and '%s' at line %ld): one zone per file",
                     c->name, c->out->zone, v, line);
        gt_error_at(c->err, c->name, line, 0);
        return GT_E_DATA;
    }
    return GT_OK;
}

static enum gt_status bad_cell(struct csvp *c, const char *what, long line, const char *cellv)
{
    gt_error_set(c->err, GT_E_PARSE, "cannot parse '%s' in '%s' at line %ld: '%.40s'", what,
                 c->name, line, cellv);
    gt_error_at(c->err, c->name, line, 0);
    return GT_E_PARSE;
}

static int blank(const char *s)
{
    for (; *s; s++)
        if (!gt_is_blank(*s))
            return 0;
    return 1;
}

static enum gt_status csv_row(struct csvp *c, const struct gt_csv_row *hdr,
                              const struct gt_csv_row *r)
{
    const char *ts = gt_row_cell(r, c->tcol);
    double t;
    enum gt_tz tz;
    if (gt_time_parse(ts, strlen(ts), &t, &tz) != 0)
        return bad_cell(c, hdr->cells[c->tcol], r->line, ts);
    if (tz != GT_TZ_UTC && c->fmt != F_EM) {
        gt_error_set(c->err, GT_E_DATA,
                     "timestamp '%.40s' in '%s' at line %ld has no zone: add Z (UTC) or an offset "
                     "such as +01:00",
                     ts, c->name, r->line);
        gt_error_at(c->err, c->name, r->line, 0);
        return GT_E_DATA;
    }
    if (c->zcol >= 0 && set_zone(c, gt_row_cell(r, c->zcol), r->line) != GT_OK)
        return GT_E_DATA;
    double v = NAN;
    if (c->fmt != F_MIX) {
        const char *vs = gt_row_cell(r, c->vcol);
        if (!blank(vs)) {
            if (gt_num_parse(vs, strlen(vs), &v) != 0)
                return bad_cell(c, hdr->cells[c->vcol], r->line, vs);
            if (v < 0) {
                gt_error_set(c->err, GT_E_RANGE,
                             "negative carbon intensity %.40s in '%s' at line %ld", vs, c->name,
                             r->line);
                gt_error_at(c->err, c->name, r->line, 0);
                return GT_E_RANGE;
            }
        }
    } else {
        double num = 0, den = 0;
        int any = 0;
        for (size_t k = 0; k < hdr->n; k++) {
            if (c->mixfac[k] < 0)
                continue;
            const char *vs = gt_row_cell(r, (int)k);
            if (blank(vs))
                continue;
            double mw;
            if (gt_num_parse(vs, strlen(vs), &mw) != 0)
                return bad_cell(c, hdr->cells[k], r->line, vs);
            any = 1;
            if (mw < 0) { /* pumped storage or exports: not production */
                c->out->rows_negative++;
                continue;
            }
            num += mw * c->f->v[c->mixfac[k]].g_per_kwh;
            den += mw;
        }
        if (any && den > 0)
            v = num / den;
    }
    if (isnan(v))
        c->out->rows_empty++;
    if (gt_ci_series_add(c->out, t, NAN, v) != GT_OK)
        return gt_error_set(c->err, GT_E_NOMEM, "out of memory reading '%s'", c->name);
    return GT_OK;
}

enum gt_status gt_ci_series_parse_csv(const char *data, size_t len, const char *name,
                                      const struct gt_ci_factors *f, struct gt_ci_series *out,
                                      struct gt_error *err)
{
    struct gt_csv t;
    enum gt_status st = gt_csv_parse(data, len, ',', name, &t, err);
    if (st != GT_OK)
        return st;
    static const char *const tnames[] = {"timestamp", "datetime", "time", NULL};
    static const char *const zone_names[] = {"zone", NULL};
    static const char *const em_zone[] = {"zone id", NULL};
    struct csvp c = {.name = name, .f = f, .out = out, .err = err, .zcol = -1};
    if (!t.nrows) {
        gt_csv_release(&t);
        return gt_error_set(err, GT_E_DATA, "no carbon-intensity values in '%s'", name);
    }
    const struct gt_csv_row *h = &t.rows[0];
    int lifecycle = 0;
    if ((c.tcol = gt_csv_col(h, "datetime (utc)")) >= 0 &&
        (c.vcol = em_ci_col(h, &lifecycle)) >= 0) {
        c.fmt = F_EM;
        c.zcol = col_any(h, em_zone);
        out->format = "electricitymaps-csv";
        snprintf(out->detail, sizeof out->detail, "Electricity Maps export, column '%s'",
                 h->cells[c.vcol]);
    } else if ((c.tcol = col_any(h, tnames)) >= 0 &&
               (c.vcol = gt_csv_col(h, "carbon_intensity_g_per_kwh")) >= 0) {
        c.fmt = F_SERIES;
        c.zcol = col_any(h, zone_names);
        out->format = "series-csv";
    } else if (c.tcol >= 0 && h->n > 1) {
        c.fmt = F_MIX;
        c.zcol = col_any(h, zone_names);
        c.mixfac = malloc(h->n * sizeof *c.mixfac);
        if (!c.mixfac) {
            gt_csv_release(&t);
            return gt_error_set(err, GT_E_NOMEM, "out of memory reading '%s'", name);
        }
        size_t nsrc = 0;
        for (size_t k = 0; k < h->n; k++) {
            c.mixfac[k] = -1;
            if ((int)k == c.tcol || (int)k == c.zcol)
                continue;
            if (!f) {
                free(c.mixfac);
                gt_csv_release(&t);
                gt_error_set(err, GT_E_DATA,
                             "'%s' looks like a production mix but no emission factors were "
                             "given",
                             name);
                return GT_E_DATA;
            }
            c.mixfac[k] = factor_of(f, h->cells[k]);
            if (c.mixfac[k] < 0) {
                char known[300] = "";
                size_t kl = 0;
                for (size_t i = 0; i < f->n && kl < sizeof known; i++)
                    kl += (size_t)snprintf(known + kl, sizeof known - kl, "%s%s", i ? ", " : "",
                                           f->v[i].fuel);
                gt_error_set(err, GT_E_DATA,
                             "unknown production source '%.60s' in '%s' (a production mix has "
                             "timestamp and MW per source: %s)",
                             h->cells[k], name, known);
                gt_error_at(err, name, h->line, (long)k + 1);
                free(c.mixfac);
                gt_csv_release(&t);
                return GT_E_DATA;
            }
            nsrc++;
        }
        out->format = "production-mix";
        snprintf(out->detail, sizeof out->detail,
                 "%zu sources x emission factors (%s); intensity = sum(factor x MW) / sum(MW)",
                 nsrc, f && f->dataset ? f->dataset : "given");
    } else {
        long hline = h->line;
        gt_csv_release(&t);
        gt_error_set(err, GT_E_DATA,
                     "cannot tell what '%s' holds from its header: expected "
                     "'timestamp,carbon_intensity_g_per_kwh', an Electricity Maps export "
                     "('Datetime (UTC)', 'Carbon Intensity gCO2eq/kWh (LCA)') or a production "
                     "mix ('timestamp' and MW per source)",
                     name);
        gt_error_at(err, name, hline, 0);
        return GT_E_DATA;
    }
    if (c.fmt == F_EM && !lifecycle)
        snprintf(out->detail + strlen(out->detail), sizeof out->detail - strlen(out->detail),
                 " (direct emissions only: no life-cycle column)");
    st = GT_OK;
    for (size_t i = 1; i < t.nrows && st == GT_OK; i++)
        st = csv_row(&c, h, &t.rows[i]);
    free(c.mixfac);
    gt_csv_release(&t);
    if (st != GT_OK)
        return st;
    return gt_ci_series_finish(out, name, err);
}
