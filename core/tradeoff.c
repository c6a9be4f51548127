#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gt_format.h"
#include "gt_num.h"
#include "gt_tradeoff.h"

/* --- the join ------------------------------------------------------------------ */

static const char *const join_names[] = {"run_id", "experiment", "project", "time"};

const char *gt_join_name(enum gt_join j)
{
    return (unsigned)j < 4 ? join_names[j] : "?";
}

int gt_join_parse(const char *s, enum gt_join *j)
{
    for (int i = 0; i < 4; i++)
        if (strcasecmp(s, join_names[i]) == 0) {
            *j = (enum gt_join)i;
            return 0;
        }
    return -1;
}

static const char *run_value(const struct gt_record *r, enum gt_join how)
{
    switch (how) {
    case GT_JOIN_RUN_ID:
        return r->run_id;
    case GT_JOIN_EXPERIMENT:
        return r->experiment;
    case GT_JOIN_PROJECT:
        return r->project;
    default:
        return "";
    }
}

static const char *row_value(const struct gt_mrow *m, enum gt_join how)
{
    switch (how) {
    case GT_JOIN_RUN_ID:
        return m->run_id;
    case GT_JOIN_EXPERIMENT:
        return m->experiment;
    case GT_JOIN_PROJECT:
        return m->project;
    default:
        return "";
    }
}

/* The short host name: up to the first '.', case-insensitive compare. */
static int same_host(const char *a, const char *b)
{
    size_t la = strcspn(a, "."), lb = strcspn(b, ".");
    return la == lb && strncasecmp(a, b, la) == 0;
}

/* A run's interval in UTC seconds; -1 with the reason when it has none. */
static int run_interval(const struct gt_record *r, const struct gt_join_opts *o, double *s,
                        double *e, char *why, size_t size)
{
    double st = r->start, en = r->end;
    if (isnan(en) && !isnan(st) && !isnan(r->duration_s))
        en = st + r->duration_s;
    if (isnan(st) && !isnan(en) && !isnan(r->duration_s))
        st = en - r->duration_s;
    if (isnan(st) || isnan(en)) {
        snprintf(why, size, "no start and end time in the log");
        return -1;
    }
    if (r->tz == GT_TZ_LOCAL) {
        if (!o->has_offset) {
            snprintf(why, size,
                     "logged local time without a zone; give --utc-offset to place it against "
                     "the metrics' UTC times");
            return -1;
        }
        st -= o->offset_s;
        en -= o->offset_s;
    }
    *s = st;
    *e = en;
    return 0;
}

static int row_interval(const struct gt_mrow *m, const struct gt_join_opts *o, double *s, double *e)
{
    if (isnan(m->start) || isnan(m->end))
        return -1;
    *s = m->start;
    *e = m->end;
    if (m->local_time) {
        if (!o->has_offset)
            return -1;
        *s -= o->offset_s;
        *e -= o->offset_s;
    }
    return 0;
}

struct span {
    double s, e;
    size_t k;
};

static int cmp_span(const void *a, const void *b)
{
    const struct span *x = a, *y = b;
    if (x->s != y->s)
        return x->s < y->s ? -1 : 1;
    return (x->k > y->k) - (x->k < y->k);
}

/* By time: the metric runs sorted by start, with the running maximum of
 * their ends, so the candidates of a log run [rs, re] are found from the
 * last start <= re backwards until every earlier run ended before rs. */
static int join_time(const struct gt_agg_result *res, const struct gt_mset *m,
                     const struct gt_join_opts *o, struct gt_join_result *out)
{
    struct span *sp = malloc((m->n ? m->n : 1) * sizeof *sp);
    double *pmax = malloc((m->n ? m->n : 1) * sizeof *pmax);
    if (!sp || !pmax) {
        free(sp);
        free(pmax);
        return -1;
    }
    size_t n = 0;
    for (size_t k = 0; k < m->n; k++)
        if (row_interval(&m->r[k], o, &sp[n].s, &sp[n].e) == 0)
            sp[n++].k = k;
    qsort(sp, n, sizeof *sp, cmp_span);
    for (size_t i = 0; i < n; i++)
        pmax[i] = i && pmax[i - 1] > sp[i].e ? pmax[i - 1] : sp[i].e;
    for (size_t i = 0; i < res->nruns; i++) {
        struct gt_run_rec rb;
        const struct gt_record *r = gt_agg_run_record(&res->runs[i], &rb);
        double rs, re;
        if (run_interval(r, o, &rs, &re, out->why[i], sizeof out->why[i]) != 0)
            continue;
        size_t lo = 0, hi = n; /* the first span starting after re */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (sp[mid].s <= re)
                lo = mid + 1;
            else
                hi = mid;
        }
        double best = -1;
        long bk = -1, ties = 0;
        int host_mismatch = 0;
        for (size_t q = lo; q-- > 0 && pmax[q] >= rs;) {
            const struct gt_mrow *mr = &m->r[sp[q].k];
            double ov = fmin(re, sp[q].e) - fmax(rs, sp[q].s);
            if (ov < 0 || (ov == 0 && !(rs == re || sp[q].s == sp[q].e)))
                continue;
            if (r->host[0] && mr->host[0] && !same_host(r->host, mr->host)) {
                host_mismatch = 1;
                continue;
            }
            if (ov > best) {
                best = ov;
                bk = (long)sp[q].k;
                ties = 0;
            } else if (ov == best) {
                ties++;
            }
        }
        if (bk < 0)
            snprintf(out->why[i], sizeof out->why[i], "%s",
                     host_mismatch ? "overlaps metric runs only on another host"
                                   : "overlaps no metric run in time");
        else if (ties)
            snprintf(out->why[i], sizeof out->why[i],
                     "overlaps %ld metric runs equally; cannot tell which", ties + 1);
        else
            out->row[i] = bk;
    }
    free(sp);
    free(pmax);
    return 0;
}

struct keyed {
    const char *v;
    size_t k;
};

static int cmp_keyed(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    int c = strcmp(x->v, y->v);
    return c ? c : (x->k > y->k) - (x->k < y->k);
}

/* By run id, experiment or project: metric rows sorted by their value, each
 * log run's value looked up (the equal range counts the matches). */
static int join_key(const struct gt_agg_result *res, const struct gt_mset *m,
                    const struct gt_join_opts *o, struct gt_join_result *out)
{
    const char *what = gt_join_name(o->how);
    struct keyed *ix = malloc((m->n ? m->n : 1) * sizeof *ix);
    if (!ix)
        return -1;
    size_t n = 0;
    for (size_t k = 0; k < m->n; k++)
        if (row_value(&m->r[k], o->how)[0])
            ix[n++] = (struct keyed){row_value(&m->r[k], o->how), k};
    qsort(ix, n, sizeof *ix, cmp_keyed);
    for (size_t i = 0; i < res->nruns; i++) {
        struct gt_run_rec rb;
        const char *v = run_value(gt_agg_run_record(&res->runs[i], &rb), o->how);
        if (!v[0]) {
            snprintf(out->why[i], sizeof out->why[i], "no %s in the log", what);
            continue;
        }
        size_t lo = 0, hi = n; /* first index with ix[].v >= v */
        while (lo < hi) {
            size_t mid = lo + (hi - lo) / 2;
            if (strcmp(ix[mid].v, v) < 0)
                lo = mid + 1;
            else
                hi = mid;
        }
        size_t e = lo;
        while (e < n && strcmp(ix[e].v, v) == 0)
            e++;
        long nmatch = (long)(e - lo);
        if (nmatch == 0)
            snprintf(out->why[i], sizeof out->why[i], "%s '%.120s' is in no metric row", what, v);
        else if (nmatch > 1)
            snprintf(out->why[i], sizeof out->why[i],
                     "%s '%.100s' is in %ld metric rows; cannot tell which", what, v, nmatch);
        else
            out->row[i] = (long)ix[lo].k;
    }
    free(ix);
    return 0;
}

enum gt_status gt_tradeoff_join(const struct gt_agg_result *res, const struct gt_mset *m,
                                const struct gt_join_opts *o, struct gt_join_result *out,
                                struct gt_error *err)
{
    memset(out, 0, sizeof *out);
    size_t n = res->nruns ? res->nruns : 1;
    out->row = malloc(n * sizeof *out->row);
    out->why = calloc(n, sizeof *out->why);
    out->nruns = calloc(m->n ? m->n : 1, sizeof *out->nruns);
    if (!out->row || !out->why || !out->nruns) {
        gt_join_release(out);
        return gt_error_set(err, GT_E_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < res->nruns; i++)
        out->row[i] = -1;
    if ((o->how == GT_JOIN_TIME ? join_time(res, m, o, out) : join_key(res, m, o, out)) != 0) {
        gt_join_release(out);
        return gt_error_set(err, GT_E_NOMEM, "out of memory");
    }
    for (size_t i = 0; i < res->nruns; i++) {
        if (out->row[i] >= 0) {
            out->why[i][0] = '\0';
            out->nruns[out->row[i]]++;
            out->njoined++;
        } else {
            out->nunjoined++;
        }
    }
    return GT_OK;
}

void gt_join_release(struct gt_join_result *j)
{
    free(j->row);
    free(j->why);
    free(j->nruns);
    memset(j, 0, sizeof *j);
}

/* --- axes and boundaries ------------------------------------------------------------ */

const struct gt_bounds gt_strep_bounds = {0, {0.9, 0.8, 0.7, 0.6}};

int gt_axis_parse(const char *s, struct gt_axis *a, struct gt_error *err)
{
    memset(a, 0, sizeof *a);
    a->weight = 1;
    const char *c1 = strchr(s, ':');
    size_t nl = c1 ? (size_t)(c1 - s) : strlen(s);
    if (nl == 0 || nl >= sizeof a->name) {
        gt_error_set(err, GT_E_USAGE, "--metric '%s': expected NAME:max or NAME:min[:WEIGHT]", s);
        return -1;
    }
    memcpy(a->name, s, nl);
    a->name[nl] = '\0';
    static const struct {
        const char *n;
        enum gt_axis_kind k;
    } builtin[] = {
        {"energy", GT_AXIS_ENERGY}, {"co2e", GT_AXIS_CO2E}, {"duration", GT_AXIS_DURATION}};
    for (size_t i = 0; i < 3; i++)
        if (strcmp(a->name, builtin[i].n) == 0) {
            a->kind = builtin[i].k;
            a->dir = GT_DIR_MIN;
        }
    if (!c1) {
        if (a->kind != GT_AXIS_METRIC)
            return 0;
        gt_error_set(err, GT_E_USAGE,
                     "--metric '%s': say whether higher or lower is better (%s:max or %s:min)", s,
                     a->name, a->name);
        return -1;
    }
    const char *d = c1 + 1, *c2 = strchr(d, ':');
    size_t dl = c2 ? (size_t)(c2 - d) : strlen(d);
    if (dl == 3 && strncmp(d, "max", 3) == 0)
        a->dir = GT_DIR_MAX;
    else if (dl == 3 && strncmp(d, "min", 3) == 0)
        a->dir = GT_DIR_MIN;
    else {
        gt_error_set(err, GT_E_USAGE, "--metric '%s': expected max or min after '%s:'", s, a->name);
        return -1;
    }
    if (a->kind != GT_AXIS_METRIC && a->dir != GT_DIR_MIN) {
        gt_error_set(err, GT_E_USAGE, "--metric '%s': less %s is better (%s:min)", s, a->name,
                     a->name);
        return -1;
    }
    if (c2 && (gt_num_parse(c2 + 1, strlen(c2 + 1), &a->weight) != 0 || !(a->weight > 0))) {
        gt_error_set(err, GT_E_USAGE, "--metric '%s': the weight must be a number > 0", s);
        return -1;
    }
    return 0;
}

int gt_bounds_parse(const char *s, struct gt_bounds *b, struct gt_error *err)
{
    memset(b, 0, sizeof *b);
    if (strcmp(s, "quantiles") == 0) {
        b->quantiles = 1;
        return 0;
    }
    const char *p = s;
    for (int i = 0; i < GT_RATINGS - 1; i++) {
        const char *c = strchr(p, ',');
        size_t l = c ? (size_t)(c - p) : strlen(p);
        if ((i < GT_RATINGS - 2) != (c != NULL) || gt_num_parse(p, l, &b->b[i]) != 0 ||
            (i > 0 && !(b->b[i] < b->b[i - 1]))) {
            gt_error_set(err, GT_E_USAGE,
                         "--boundaries '%s': expected four decreasing numbers (e.g. "
                         "0.9,0.8,0.7,0.6) or 'quantiles'",
                         s);
            return -1;
        }
        p = c ? c + 1 : p + l;
    }
    return 0;
}

char gt_tradeoff_rating(double index, const double *b)
{
    if (isnan(index))
        return '-';
    for (int i = 0; i < GT_RATINGS - 1; i++)
        if (index >= b[i])
            return (char)('A' + i);
    return 'E';
}

/* --- scoring ------------------------------------------------------------------------ */

static int cmp_dbl(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Quantile q of the sorted v[0..n) (linear between order statistics). */
static double quantile(const double *v, size_t n, double q)
{
    double h = (double)(n - 1) * q;
    size_t lo = (size_t)floor(h);
    size_t hi = lo + 1 < n ? lo + 1 : lo;
    return v[lo] + (h - (double)lo) * (v[hi] - v[lo]);
}

/* Boundaries from the known values of x[0..n) (stride stride). */
static void quantile_bounds(const double *x, size_t n, size_t stride, double *tmp, double *b)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i * stride]))
            tmp[k++] = x[i * stride];
    if (k == 0) {
        for (int j = 0; j < GT_RATINGS - 1; j++)
            b[j] = NAN;
        return;
    }
    qsort(tmp, k, sizeof *tmp, cmp_dbl);
    for (int j = 0; j < GT_RATINGS - 1; j++)
        b[j] = quantile(tmp, k, 0.8 - 0.2 * j);
}

static int better(double a, double b, enum gt_dir d)
{
    return d == GT_DIR_MAX ? a > b : a < b;
}

/* An item in lexicographic order: its values turned so that smaller is
 * better on every axis (k[0..naxes)), then its index. */
struct lex {
    const double *k;
    size_t naxes, i;
};

static int cmp_lex(const void *pa, const void *pb)
{
    const struct lex *x = pa, *y = pb;
    for (size_t a = 0; a < x->naxes; a++)
        if (x->k[a] != y->k[a])
            return x->k[a] < y->k[a] ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

enum gt_status gt_tradeoff_score(struct gt_item *items, size_t n, const struct gt_score_opts *o,
                                 struct gt_axis_score *ax, struct gt_error *err)
{
    long ref = -1;
    if (o->reference) {
        for (size_t i = 0; i < n; i++)
            if (strcmp(items[i].label, o->reference) == 0) {
                ref = (long)i;
                break;
            }
        if (ref < 0)
            return gt_error_set(err, GT_E_NOTFOUND, "--reference '%s' is not a run in the table",
                                o->reference);
    }
    for (size_t a = 0; a < o->naxes; a++) {
        enum gt_dir d = o->axes[a].dir;
        double r = NAN;
        if (ref >= 0) {
            r = items[ref].val[a];
            if (isnan(r))
                return gt_error_set(err, GT_E_DATA, "--reference '%s' has no '%s'", o->reference,
                                    o->axes[a].name);
        } else {
            for (size_t i = 0; i < n; i++)
                if (!isnan(items[i].val[a]) && (isnan(r) || better(items[i].val[a], r, d)))
                    r = items[i].val[a];
        }
        ax[a].ref = r;
        for (size_t i = 0; i < n; i++) {
            double v = items[i].val[a];
            double x = NAN;
            if (!isnan(v) && v > 0 && r > 0)
                x = d == GT_DIR_MAX ? v / r : r / v;
            items[i].index[a] = x;
        }
    }
    /* compound: the weighted mean of the axis indices */
    double wsum = 0;
    for (size_t a = 0; a < o->naxes; a++)
        wsum += o->axes[a].weight;
    for (size_t i = 0; i < n; i++) {
        double s = 0;
        for (size_t a = 0; a < o->naxes && !isnan(s); a++)
            s += o->axes[a].weight * items[i].index[a];
        items[i].compound = o->naxes ? s / wsum : NAN;
    }
    ax[o->naxes].ref = NAN;
    /* ratings */
    double *tmp = malloc((n ? n : 1) * sizeof *tmp);
    double *col = malloc((n ? n : 1) * sizeof *col);
    if (!tmp || !col) {
        free(tmp);
        free(col);
        return gt_error_set(err, GT_E_NOMEM, "out of memory");
    }
    for (size_t a = 0; a <= o->naxes; a++) {
        for (size_t i = 0; i < n; i++)
            col[i] = a < o->naxes ? items[i].index[a] : items[i].compound;
        if (o->bounds.quantiles)
            quantile_bounds(col, n, 1, tmp, ax[a].b);
        else
            memcpy(ax[a].b, o->bounds.b, sizeof ax[a].b);
        for (size_t i = 0; i < n; i++) {
            char c = gt_tradeoff_rating(col[i], ax[a].b);
            if (a < o->naxes)
                items[i].rating[a] = c;
            else
                items[i].compound_rating = c;
        }
    }
    free(tmp);
    free(col);
    /* the Pareto front: no other item at least as good on every axis and
     * better on one. In lexicographic best-first order every item comes
     * after all that dominate it, and an item dominated by anything is
     * dominated by an item on the front (dominance is transitive), so each
     * item is checked against the front found so far. Items with an unknown
     * value are neither on the front nor dominate. */
    struct lex *ord = malloc((n ? n : 1) * sizeof *ord);
    double *keys = malloc((n ? n : 1) * (o->naxes ? o->naxes : 1) * sizeof *keys);
    size_t *front = malloc((n ? n : 1) * sizeof *front);
    if (!ord || !keys || !front) {
        free(ord);
        free(keys);
        free(front);
        return gt_error_set(err, GT_E_NOMEM, "out of memory");
    }
    size_t nk = 0, nf = 0;
    for (size_t i = 0; i < n; i++) {
        int known = 1;
        for (size_t a = 0; a < o->naxes; a++) {
            known &= !isnan(items[i].val[a]);
            keys[i * o->naxes + a] =
                o->axes[a].dir == GT_DIR_MAX ? -items[i].val[a] : items[i].val[a];
        }
        items[i].pareto = 0;
        if (known)
            ord[nk++] = (struct lex){keys + i * o->naxes, o->naxes, i};
    }
    qsort(ord, nk, sizeof *ord, cmp_lex);
    for (size_t q = 0; q < nk; q++) {
        const struct gt_item *x = &items[ord[q].i];
        int dominated = 0;
        for (size_t f = 0; f < nf && !dominated; f++) {
            const struct gt_item *y = &items[front[f]];
            int ge = 1, gt = 0;
            for (size_t a = 0; a < o->naxes && ge; a++) {
                if (better(x->val[a], y->val[a], o->axes[a].dir))
                    ge = 0;
                else if (better(y->val[a], x->val[a], o->axes[a].dir))
                    gt = 1;
            }
            dominated = ge && gt;
        }
        if (!dominated) {
            items[ord[q].i].pareto = 1;
            front[nf++] = ord[q].i;
        }
    }
    free(ord);
    free(keys);
    free(front);
    return GT_OK;
}

/* --- the sentence ------------------------------------------------------------------- */

static char *fmt_num(double v, char *buf, size_t size)
{
    return gt_format_sig(v, 4, buf, size);
}

/* Significant digits: strips trailing zeros after a decimal point. */
static char *trim_zeros(char *s)
{
    if (!strchr(s, '.') || strchr(s, 'e'))
        return s;
    size_t n = strlen(s);
    while (n > 0 && s[n - 1] == '0')
        s[--n] = '\0';
    if (n > 0 && s[n - 1] == '.')
        s[--n] = '\0';
    return s;
}

int gt_tradeoff_statement(const struct gt_item *items, size_t n, const struct gt_axis *axes,
                          size_t naxes, char *buf, size_t size)
{
    buf[0] = '\0';
    size_t q = naxes;
    for (size_t a = 0; a < naxes; a++)
        if (axes[a].kind == GT_AXIS_METRIC) {
            q = a;
            break;
        }
    if (q == naxes)
        return -1;
    enum gt_dir d = axes[q].dir;
    long A = -1, B = -1;
    for (size_t i = 0; i < n; i++) {
        if (isnan(items[i].val[q]) || isnan(items[i].energy_kwh))
            continue;
        if (A < 0 || better(items[i].val[q], items[A].val[q], d) ||
            (items[i].val[q] == items[A].val[q] && items[i].energy_kwh < items[A].energy_kwh))
            A = (long)i;
    }
    if (A < 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (!items[i].pareto || isnan(items[i].val[q]) || isnan(items[i].energy_kwh))
            continue;
        if (B < 0 || items[i].energy_kwh < items[B].energy_kwh)
            B = (long)i;
    }
    const struct gt_item *a = &items[A];
    char va[32], vb[32], ea[32], eb[32], diff[32], ratio[32];
    fmt_num(a->val[q], va, sizeof va);
    gt_format_energy(a->energy_kwh, ea, sizeof ea);
    if (B < 0 || B == A || !(items[B].energy_kwh < a->energy_kwh)) {
        int least = 1;
        for (size_t i = 0; i < n; i++)
            if (!isnan(items[i].energy_kwh) && items[i].energy_kwh < a->energy_kwh)
                least = 0;
        if (least)
            snprintf(buf, size,
                     "'%s' reaches the best %s (%s) and uses the least energy (%s) of the %zu "
                     "compared.",
                     a->label, axes[q].name, trim_zeros(va), ea, n);
        else
            snprintf(buf, size, "'%s' reaches the best %s (%s) with %s.", a->label, axes[q].name,
                     trim_zeros(va), ea);
        return 0;
    }
    const struct gt_item *b = &items[B];
    fmt_num(b->val[q], vb, sizeof vb);
    gt_format_energy(b->energy_kwh, eb, sizeof eb);
    double dv = fabs(a->val[q] - b->val[q]);
    gt_format_sig(dv, 3, diff, sizeof diff);
    snprintf(ratio, sizeof ratio, "%.1f", a->energy_kwh / b->energy_kwh);
    const char *worse = d == GT_DIR_MAX ? "lower" : "higher";
    if (dv == 0)
        snprintf(buf, size,
                 "'%s' reaches the same %s as '%s' (%s) with %sx less energy (%s "
                 "against %s).",
                 b->label, axes[q].name, a->label, trim_zeros(va), ratio, eb, ea);
    else
        snprintf(buf, size,
                 "'%s' reaches %s %s %s than '%s' (%s against %s) with %sx less "
                 "energy (%s against %s).",
                 b->label, trim_zeros(diff), worse, axes[q].name, a->label, trim_zeros(vb),
                 trim_zeros(va), ratio, eb, ea);
    return 0;
}
