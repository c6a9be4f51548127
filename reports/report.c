#include <cJSON.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gt_duration.h"
#include "gt_estimate_extra.h"
#include "gt_format.h"
#include "gt_num.h"
#include "gt_out.h"
#include "gt_pdf.h"
#include "gt_report.h"
#include "gt_statement.h"
#include "gt_time.h"

long long gt_report_epoch(const char *sde, long long now)
{
    if (!sde)
        return now;
    char *end;
    errno = 0;
    long long v = strtoll(sde, &end, 10);
    if (!*sde || *end || errno || v < 0)
        return -1;
    return v;
}

/* ---- tallies ------------------------------------------------------------------ */

static const char *run_label(const struct gt_run *r, enum gt_key k)
{
    const char *v = r->key[k];
    return v && *v ? v : "(unknown)";
}

static void bucket_add(struct gt_report_bucket *b, const struct gt_run *r)
{
    b->runs++;
    double known = 0;
    if (!isnan(r->cpu_kwh))
        b->cpu_kwh += r->cpu_kwh, known += r->cpu_kwh;
    else
        b->no_cpu++;
    if (!isnan(r->gpu_kwh))
        b->gpu_kwh += r->gpu_kwh, known += r->gpu_kwh;
    else
        b->no_gpu++;
    if (!isnan(r->ram_kwh))
        b->ram_kwh += r->ram_kwh, known += r->ram_kwh;
    else
        b->no_ram++;
    if (!isnan(r->energy_kwh)) {
        b->energy_kwh += r->energy_kwh;
        /* what the components leave of the total (rounding noise is not "other") */
        if (r->energy_kwh - known > 1e-9 * r->energy_kwh)
            b->other_kwh += r->energy_kwh - known;
    }
    if (!isnan(r->co2e_g))
        b->co2e_g += r->co2e_g;
    if (!isnan(r->energy_kwh_lo))
        b->energy_kwh_lo += r->energy_kwh_lo, b->energy_kwh_hi += r->energy_kwh_hi;
    if (!isnan(r->co2e_g_lo))
        b->co2e_g_lo += r->co2e_g_lo, b->co2e_g_hi += r->co2e_g_hi;
}

void gt_report_bucket_add(struct gt_report_bucket *sum, const struct gt_report_bucket *b)
{
    sum->runs += b->runs;
    sum->energy_kwh += b->energy_kwh;
    sum->cpu_kwh += b->cpu_kwh;
    sum->gpu_kwh += b->gpu_kwh;
    sum->ram_kwh += b->ram_kwh;
    sum->other_kwh += b->other_kwh;
    sum->co2e_g += b->co2e_g;
    sum->no_cpu += b->no_cpu;
    sum->no_gpu += b->no_gpu;
    sum->no_ram += b->no_ram;
    sum->energy_kwh_lo += b->energy_kwh_lo;
    sum->energy_kwh_hi += b->energy_kwh_hi;
    sum->co2e_g_lo += b->co2e_g_lo;
    sum->co2e_g_hi += b->co2e_g_hi;
}

static void set_label(struct gt_report_bucket *b, const char *s)
{
    size_t n = strlen(s);
    if (n < sizeof b->label) {
        memcpy(b->label, s, n + 1);
        return;
    }
    /* cut at a UTF-8 boundary and mark it */
    n = sizeof b->label - 4;
    while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    memcpy(b->label, s, n);
    memcpy(b->label + n, "...", 4);
}

static uint64_t label_hash(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 0x100000001b3ull;
    return h;
}

static const char *const *sort_labels;

static int cmp_label_at(const void *a, const void *b)
{
    return strcmp(sort_labels[*(const uint32_t *)a], sort_labels[*(const uint32_t *)b]);
}

/* One bucket per distinct key value, in key order; each bucket adds its runs
 * in run order. Values are found by hashing them (a value repeats as the
 * same interned string: compared by pointer first), then only the distinct
 * values are sorted. */
static enum gt_status tally(const struct gt_agg_result *res, enum gt_key k, int skip_unknown,
                            struct gt_report_tally *t)
{
    memset(t, 0, sizeof *t);
    t->key = k;
    if (!res->nruns)
        return GT_OK;
    size_t nslots = 64;
    while (nslots < 2 * res->nruns && nslots < ((size_t)1 << 40))
        nslots *= 2;
    size_t cap = 64;
    uint32_t *slots = calloc(nslots, sizeof *slots);
    const char **labels = malloc(cap * sizeof *labels);
    struct gt_report_bucket *b = calloc(cap, sizeof *b);
    enum gt_status st = GT_E_NOMEM;
    uint32_t *order = NULL;
    if (!slots || !labels || !b || res->nruns >= UINT32_MAX)
        goto done;
    size_t n = 0;
    for (size_t i = 0; i < res->nruns; i++) {
        const struct gt_run *r = &res->runs[i];
        if (skip_unknown && !*r->key[k]) {
            t->runs_undated++;
            continue;
        }
        const char *l = run_label(r, k);
        size_t h = (size_t)label_hash(l) & (nslots - 1);
        while (slots[h] && labels[slots[h] - 1] != l && strcmp(labels[slots[h] - 1], l))
            h = (h + 1) & (nslots - 1);
        if (!slots[h]) {
            if (n == cap) {
                size_t nc = cap * 2;
                const char **nl = realloc(labels, nc * sizeof *nl);
                if (nl)
                    labels = nl;
                struct gt_report_bucket *nb = realloc(b, nc * sizeof *nb);
                if (!nl || !nb)
                    goto done;
                b = nb;
                memset(b + cap, 0, (nc - cap) * sizeof *b);
                cap = nc;
            }
            labels[n] = l;
            set_label(&b[n], l);
            slots[h] = (uint32_t)++n;
        }
        bucket_add(&b[slots[h] - 1], r);
    }
    order = malloc((n ? n : 1) * sizeof *order);
    t->b = calloc(n ? n : 1, sizeof *t->b);
    if (!order || !t->b) {
        free(t->b);
        t->b = NULL;
        goto done;
    }
    for (size_t j = 0; j < n; j++)
        order[j] = (uint32_t)j;
    sort_labels = labels;
    qsort(order, n, sizeof *order, cmp_label_at);
    for (size_t j = 0; j < n; j++)
        t->b[j] = b[order[j]];
    t->n = n;
    st = GT_OK;
done:
    free(order);
    free(slots);
    free(labels);
    free(b);
    return st;
}

enum gt_status gt_report_tally_key(const struct gt_agg_result *res, enum gt_key k,
                                   struct gt_report_tally *t)
{
    return tally(res, k, 0, t);
}

/* "2024-03", "2024-Q1" or "2024": months since year 0 of the period's first month. */
int gt_report_period_start(const char *l)
{
    int y, q, n = -1;
    if (sscanf(l, "%4d-Q%1d%n", &y, &q, &n) == 2 && n > 0 && !l[n] && y >= 0 && q >= 1 && q <= 4)
        return y * 12 + (q - 1) * 3;
    n = -1;
    if (sscanf(l, "%4d-%2d%n", &y, &q, &n) == 2 && n > 0 && !l[n] && y >= 0 && q >= 1 && q <= 12)
        return y * 12 + q - 1;
    n = -1;
    if (sscanf(l, "%4d%n", &y, &n) == 1 && n > 0 && !l[n] && y >= 0)
        return y * 12;
    return -1;
}

const char *gt_report_period_name(const struct gt_report_tally *t)
{
    return t->period == 12 ? "year" : t->period == 3 ? "quarter" : "month";
}

int gt_report_period_step(const struct gt_report_tally *t, double pitch, double label_w)
{
    int per = t->period > 1 ? t->period : 1;
    int every = gt_pdf_month_step(pitch / per, label_w);
    return (every + per - 1) / per * per;
}

int gt_report_period_tick(const struct gt_report_bucket *b, int every, char *out, size_t size)
{
    int s = gt_report_period_start(b->label);
    out[0] = 0;
    if (s < 0 || every < 1 || s % every)
        return 0;
    snprintf(out, size, "%.*s", every >= 12 ? 4 : 7, b->label);
    return 1;
}

char *gt_report_months_note(const struct gt_report_tally *t, char *b, size_t size)
{
    size_t n = 0;
    b[0] = 0;
    if (t->runs_undated)
        n = (size_t)snprintf(b, size, "%ld run%s without a date", t->runs_undated,
                             t->runs_undated == 1 ? "" : "s");
    if (t->runs_cut && n < size)
        n += (size_t)snprintf(
            b + n, size - n, "%s%ld run%s without CO2e before or after the %ss shown",
            n ? " and " : "", t->runs_cut, t->runs_cut == 1 ? "" : "s", gt_report_period_name(t));
    if (n && n < size)
        snprintf(b + n, size - n, " %s not shown",
                 t->runs_undated + t->runs_cut == 1 ? "is" : "are");
    return b;
}

static int bucket_blank(const struct gt_report_bucket *b)
{
    return b->co2e_g == 0 && b->co2e_g_hi == 0;
}

/* Months: runs without CO2e at either end are cut (nothing to draw); then
 * every period from the first to the last, empty ones included, in months
 * up to GT_REPORT_MONTHS_MAX months, else in quarters up to as many quarters,
 * else in years. */
static enum gt_status fill_months(struct gt_report_tally *t)
{
    t->period = 1;
    size_t a = 0, z = t->n;
    while (a < z && bucket_blank(&t->b[a]))
        t->runs_cut += t->b[a++].runs;
    while (z > a && bucket_blank(&t->b[z - 1]))
        t->runs_cut += t->b[--z].runs;
    if (a)
        memmove(t->b, t->b + a, (z - a) * sizeof *t->b);
    t->n = z - a;
    if (t->n < 2)
        return GT_OK;
    int s0 = gt_report_period_start(t->b[0].label);
    int s1 = gt_report_period_start(t->b[t->n - 1].label);
    if (s0 < 0 || s1 < s0)
        return GT_OK;
    long months = (long)s1 - s0 + 1;
    int per = months <= GT_REPORT_MONTHS_MAX ? 1 : months <= 3 * GT_REPORT_MONTHS_MAX ? 3 : 12;
    long p0 = s0 / per, span = s1 / per - p0 + 1;
    if (span > 1200)
        return GT_OK;
    struct gt_report_bucket *b = calloc((size_t)span, sizeof *b);
    if (!b)
        return GT_E_NOMEM;
    for (long i = 0; i < span; i++) {
        long s = (p0 + i) * per;
        int y = (int)(s / 12), m = (int)(s % 12) + 1;
        if (per == 12)
            snprintf(b[i].label, sizeof b[i].label, "%04d", y);
        else if (per == 3)
            snprintf(b[i].label, sizeof b[i].label, "%04d-Q%d", y, (m - 1) / 3 + 1);
        else
            snprintf(b[i].label, sizeof b[i].label, "%04d-%02d", y, m);
    }
    for (size_t j = 0; j < t->n; j++) {
        int s = gt_report_period_start(t->b[j].label);
        if (s < 0) /* a label that is not a month: keep the tally as it is */
            return free(b), GT_OK;
        struct gt_report_bucket *d = &b[s / per - p0];
        gt_report_bucket_add(d, &t->b[j]);
    }
    free(t->b);
    t->b = b;
    t->n = (size_t)span;
    t->period = per;
    return GT_OK;
}

static int cmp_co2e_desc(const void *a, const void *b)
{
    const struct gt_report_bucket *x = a, *y = b;
    if (x->co2e_g != y->co2e_g)
        return x->co2e_g < y->co2e_g ? 1 : -1;
    return strcmp(x->label, y->label);
}

/* Largest first; beyond GT_REPORT_MAX_SHARE - 1 slices the rest is "other". */
static void share_top(struct gt_report_tally *t)
{
    if (t->n < 2)
        return;
    qsort(t->b, t->n, sizeof *t->b, cmp_co2e_desc);
    if (t->n <= GT_REPORT_MAX_SHARE)
        return;
    struct gt_report_bucket *o = &t->b[GT_REPORT_MAX_SHARE - 1];
    for (size_t i = GT_REPORT_MAX_SHARE; i < t->n; i++)
        gt_report_bucket_add(o, &t->b[i]);
    snprintf(o->label, sizeof o->label, "other (%zu)", t->n - (GT_REPORT_MAX_SHARE - 1));
    t->n = GT_REPORT_MAX_SHARE;
}

/* ---- build ---------------------------------------------------------------------- */

static void add_const(struct gt_report *r, const char *name, double v, const char *unit,
                      const char *source)
{
    if (r->nconsts >= GT_REPORT_MAX_CONSTS)
        return;
    struct gt_report_const *c = &r->consts[r->nconsts++];
    c->name = name;
    c->value = v;
    c->unit = unit;
    c->source = source && *source ? source : "(no source)";
}

static enum gt_status build_methods(struct gt_report *r, const struct gt_hwdb *db,
                                    struct gt_error *err);

/* "20 cores of Xeon Gold 6248 with 4 x Tesla V100 SXM2 32GB": what an
 * estimate ran on, counts included. */
static void estimate_hardware(const struct gt_estimate_report *e, char *buf, size_t size)
{
    char n1[32], n2[32];
    size_t n = 0;
    buf[0] = '\0';
    const char *cpu = e->cpu ? e->cpu->model : e->cpu_query;
    if (e->in.n_cores > 0) {
        int w = snprintf(buf, size, "%s core%s%s%s", gt_num_fmt(e->in.n_cores, n1, sizeof n1),
                         e->in.n_cores == 1 ? "" : "s", cpu ? " of " : "", cpu ? cpu : "");
        n = w > 0 && (size_t)w < size ? (size_t)w : 0;
    }
    if (e->in.n_gpus > 0) {
        const char *gpu = e->gpu ? e->gpu->model : e->gpu_query;
        if (e->gpu)
            snprintf(buf + n, size - n, "%s%s x %s", n ? " with " : "",
                     gt_num_fmt(e->in.n_gpus, n2, sizeof n2), e->gpu->model);
        else {
            /* mixed models, as CodeCarbon glues them: one by one */
            struct gt_hw_devices d;
            gt_hwdb_parse_devices(NULL, 1, gpu ? gpu : "", &d);
            int w = snprintf(buf + n, size - n, "%s%s GPU%s", n ? " with " : "",
                             gt_num_fmt(e->in.n_gpus, n2, sizeof n2), e->in.n_gpus == 1 ? "" : "s");
            n += w > 0 && (size_t)w < size - n ? (size_t)w : 0;
            for (size_t i = 0; i < d.n && n < size; i++) {
                w = snprintf(buf + n, size - n, "%s%s%s%s", i ? " and " : " (",
                             isnan(d.dev[i].count) ? "" : gt_num_fmt(d.dev[i].count, n1, sizeof n1),
                             isnan(d.dev[i].count) ? "" : " x ", d.dev[i].name);
                n += w > 0 && (size_t)w < size - n ? (size_t)w : 0;
            }
            if (d.n && n + 1 < size)
                snprintf(buf + n, size - n, ")");
        }
    }
}

enum gt_status gt_report_build(struct gt_report *r, const struct gt_hwdb *db, struct gt_error *err)
{
    const struct gt_agg_result *res = r->sum.res;
    if (!r->title)
        r->title = "Carbon footprint report";
    gt_hwdb_version(db, r->hwdb_version, sizeof r->hwdb_version);
    const struct gt_agg_opts *op = &res->opts;
    if (op->set_ci)
        add_const(r, "carbon intensity (--ci)", op->ci_g_per_kwh, "gCO2e/kWh", r->sum.ci_label);
    else if (!r->estimate)
        add_const(r, "carbon intensity", NAN, "gCO2e/kWh", gt_report_ci_as_logged);
    if (op->set_pue)
        add_const(r, "PUE (--pue)", op->pue, "",
                  "given with --pue; replaces the PUE a tool applied");
    else if (!r->estimate)
        add_const(r, "PUE", NAN, "", gt_report_pue_as_logged);
    const struct gt_hw_constant *used[16];
    int nused = 0;
    if (gt_hwdb_equiv_factors(db, &r->factors, used, &nused, err) != GT_OK)
        return err->code;
    for (int i = 0; i < nused; i++)
        add_const(r, used[i]->name, used[i]->value, used[i]->unit, used[i]->source);
    struct gt_unc u;
    r->nunc = 0;
    if (gt_hwdb_unc(db, &u, r->unc, &r->nunc, err) != GT_OK)
        return err->code;
    double g =
        res->totals.runs && res->totals.no_co2e == res->totals.runs ? NAN : res->totals.co2e_g;
    if (!isnan(g))
        gt_equiv_compute(g, &r->factors, &r->eq);

    struct gt_stmt_facts f;
    gt_stmt_from_agg(res, &f);
    gt_stmt_name_hw(&f, db);
    f.ci_source = r->sum.ci_label;
    f.ci_from_ga = r->sum.ci_label && strstr(r->sum.ci_label, "Green Algorithms") != NULL;
    f.greentally_version = r->sum.tool_version;
    if (r->sum.embodied && r->sum.embodied->given) {
        f.embodied_given = 1;
        f.embodied_g = r->sum.embodied->g;
        f.embodied_lifetime_years = r->sum.embodied->lifetime_years;
    }
    if (r->estimate && r->estimate->extra && r->estimate->extra->embodied.given) {
        f.embodied_given = 1;
        f.embodied_g = r->estimate->extra->embodied.total_g;
        f.embodied_lifetime_years = r->estimate->extra->embodied.lifetime_years;
    }
    char hw[600];
    if (r->estimate) {
        const struct gt_estimate_report *e = r->estimate;
        /* the PSF counts the runs: 3 runs of 10 h are 30 h; a fraction is said */
        double psf = e->in.psf;
        if (psf >= 1 && psf == floor(psf) && psf < 1e6) {
            f.runs = (long)psf;
            f.duration_s = e->runtime_s * psf;
        } else {
            f.psf = psf;
        }
        estimate_hardware(e, hw, sizeof hw);
        if (hw[0])
            f.hardware = hw;
        f.energy_kwh_lo = r->estimate->e_range.lo;
        f.energy_kwh_hi = r->estimate->e_range.hi;
        f.co2e_g_lo = r->estimate->c_range.lo;
        f.co2e_g_hi = r->estimate->c_range.hi;
        f.methodology = "the Green Algorithms model";
        f.ci_given = 1;
        f.ci_g_per_kwh = r->estimate->in.ci_g_per_kwh;
        f.ci_source = r->estimate->ci.what;
        f.ci_from_ga = 1;
        f.pue_given = r->estimate->in.pue;
    }
    struct gt_stmt_opts so = {.style = GT_STMT_PLAIN, .markup = GT_STMT_TEXT};
    r->statement = gt_statement_render(&f, &so);
    if (!r->statement)
        return gt_error_set(err, GT_E_NOMEM, "out of memory");

    enum gt_key ck = op->nby ? op->by[0] : GT_KEY_TOOL;
    int distinct_projects = 0;
    for (size_t i = 1; i < res->nruns && !distinct_projects; i++)
        distinct_projects =
            strcmp(res->runs[i].key[GT_KEY_PROJECT], res->runs[0].key[GT_KEY_PROJECT]);
    if (tally(res, ck, 0, &r->comp) != GT_OK || tally(res, GT_KEY_MONTH, 1, &r->months) != GT_OK ||
        fill_months(&r->months) != GT_OK ||
        tally(res, distinct_projects ? GT_KEY_PROJECT : GT_KEY_HOST, 0, &r->share) != GT_OK)
        return gt_error_set(err, GT_E_NOMEM, "out of memory");
    share_top(&r->share);
    if (r->with_methods)
        return build_methods(r, db, err);
    return GT_OK;
}

static enum gt_status build_methods(struct gt_report *r, const struct gt_hwdb *db,
                                    struct gt_error *err)
{
    const struct gt_agg_result *res = r->sum.res;
    struct gt_report_methods *m = calloc(1, sizeof *m);
    if (!m)
        return gt_error_set(err, GT_E_NOMEM, "out of memory");
    r->methods = m;
    struct gt_method_consts k;
    enum gt_status st = gt_methods_load(db, &k, m->used, err);
    if (st != GT_OK)
        return st;
    char b[2][48];
    for (size_t i = 0; i < res->nruns; i++) {
        if (m->n == GT_REPORT_METHOD_RUNS) {
            m->more++;
            continue;
        }
        struct gt_report_method_run *v = &m->v[m->n++];
        struct gt_methods_run ri;
        v->run = &res->runs[i];
        gt_methods_resolve(db, v->run, &ri);
        snprintf(v->inputs, sizeof v->inputs, "%s; %s x %g cores%s; %s; memory %s GB; %s",
                 gt_duration_fmt(ri.in.runtime_h * 3600, b[0], sizeof b[0]), ri.cpu, ri.in.cores,
                 ri.cores_logged ? "" : " (not logged)", ri.gpu,
                 gt_methods_num(ri.in.ram_gb, "%g", b[1], sizeof b[1]), ri.place);
        v->logged_kwh = v->run->energy_kwh;
        v->logged_g = v->run->co2e_g;
        for (int j = 0; j < GT_M__COUNT; j++)
            gt_method_run((enum gt_method)j, &ri.in, &k, &v->m[j]);
    }
    return GT_OK;
}

void gt_report_release(struct gt_report *r)
{
    free(r->methods);
    r->methods = NULL;
    free(r->statement);
    free(r->comp.b);
    free(r->months.b);
    free(r->share.b);
    r->statement = NULL;
    r->comp.b = r->months.b = r->share.b = NULL;
}

/* ---- CSV ------------------------------------------------------------------------- */

/* kg where CodeCarbon writes kg */
static double kg(double g)
{
    return isnan(g) ? NAN : g / 1000;
}

/* The runs are formatted CSV_BLOCK at a time into buffers, each written in
 * one go; with r->jobs > 1 by as many threads (at most CSV_RING - 1 more
 * than the one writing), blocks written in order. */
#define CSV_BLOCK 1024
#define CSV_RING  8
#define CSV_STRS  24
#define CSV_NUMS  24

/* A column's last cells as formatted: a string by its pointer (the result's
 * strings do not change while it is written), a number by its bits in one
 * of 4 places. */
struct csv_scell {
    const char *s;
    unsigned char n;
    char b[64];
};
struct csv_ncell {
    uint64_t bits;
    unsigned char n, used;
    char b[32];
};

/* A cached cell's n bytes: the whole buffer copied (a fixed size copies
 * faster than a short variable one), n counted. */
static void c_put(struct gt_obuf *o, const char *b, size_t size, size_t n)
{
    if (gt_obuf_room(o, size) == 0) {
        memcpy(o->p + o->n, b, size);
        o->n += n;
    }
}
struct csv_cache {
    struct csv_scell s[CSV_STRS];
    struct csv_ncell v[CSV_NUMS][4];
    int ns, nv; /* the columns of the row being written */
};

static void c_str(struct gt_obuf *o, struct csv_cache *cc, const char *s)
{
    struct csv_scell *c = &cc->s[cc->ns++ % CSV_STRS];
    if (c->s == s) {
        c_put(o, c->b, sizeof c->b, c->n);
        return;
    }
    size_t at = o->n;
    gt_obuf_csv_str(o, s, 0);
    size_t n = o->n - at;
    c->s = NULL;
    if (!o->oom && n <= sizeof c->b) {
        memcpy(c->b, o->p + at, n);
        c->n = (unsigned char)n;
        c->s = s;
    }
}

static void c_num(struct gt_obuf *o, struct csv_cache *cc, double v)
{
    uint64_t bits;
    memcpy(&bits, &v, sizeof bits);
    struct csv_ncell *c = &cc->v[cc->nv++ % CSV_NUMS][(bits * 0x9e3779b97f4a7c15ull) >> 62];
    if (c->used && c->bits == bits) {
        c_put(o, c->b, sizeof c->b, c->n);
        return;
    }
    size_t at = o->n;
    gt_obuf_csv_num(o, v);
    size_t n = o->n - at;
    c->used = 0;
    if (!o->oom && n <= sizeof c->b) {
        memcpy(c->b, o->p + at, n);
        c->n = (unsigned char)n;
        c->bits = bits;
        c->used = 1;
    }
}

static void c_time(struct gt_obuf *o, double t, int utc, int first)
{
    char b[40];
    gt_obuf_csv_str(o, isnan(t) ? "" : gt_time_fmt(t, utc, b, sizeof b), first);
}

/* ',' and v in decimal. */
static void c_long(struct gt_obuf *o, long v)
{
    char b[24];
    size_t n = sizeof b;
    unsigned long u = v < 0 ? 0UL - (unsigned long)v : (unsigned long)v;
    do
        b[--n] = (char)('0' + u % 10);
    while (u /= 10);
    if (v < 0)
        b[--n] = '-';
    b[--n] = ',';
    gt_obuf_put(o, b + n, sizeof b - n);
}

static void csv_row(struct gt_obuf *o, const struct gt_agg_result *res, const struct gt_run *x,
                    struct csv_cache *cc)
{
    struct gt_run_rec cb;
    const struct gt_record *c = gt_agg_run_record(x, &cb);
    int utc = c->tz == GT_TZ_UTC;
    cc->ns = cc->nv = 0;
    c_time(o, c->end, utc, 1);
    c_str(o, cc, c->project);
    gt_obuf_csv_str(o, x->key[GT_KEY_RUN], 0);
    c_str(o, cc, c->experiment);
    c_num(o, cc, c->duration_s);
    c_num(o, cc, kg(x->co2e_g));
    double rate = !isnan(x->co2e_g) && c->duration_s > 0 ? x->co2e_g / 1000 / c->duration_s : NAN;
    c_num(o, cc, rate);
    c_num(o, cc, c->cpu_power_w);
    c_num(o, cc, c->gpu_power_w);
    c_num(o, cc, c->ram_power_w);
    c_num(o, cc, x->cpu_kwh);
    c_num(o, cc, x->gpu_kwh);
    c_num(o, cc, x->ram_kwh);
    c_num(o, cc, x->energy_kwh);
    c_str(o, cc, c->country);
    c_str(o, cc, c->country_iso);
    c_str(o, cc, c->region);
    c_str(o, cc, c->cloud_provider);
    c_str(o, cc, c->cloud_region);
    c_str(o, cc, c->os);
    c_num(o, cc, c->cpu_count);
    c_str(o, cc, c->cpu_model);
    c_num(o, cc, c->gpu_count);
    c_str(o, cc, c->gpu_model);
    c_num(o, cc, c->ram_gb);
    c_num(o, cc, (x->recomputed_what & GT_RECOMPUTED_ENERGY) ? res->opts.pue : c->pue);
    c_time(o, c->start, utc, 0);
    if (c->tz == GT_TZ_LOCAL)
        gt_obuf_put(o, ",true", 5);
    else
        gt_obuf_put(o, ",false", 6);
    c_str(o, cc, c->user);
    c_str(o, cc, c->host);
    c_str(o, cc, gt_kind_name(c->kind));
    c_num(o, cc, x->ci_g_per_kwh);
    c_str(o, cc, gt_tool_name(c->tool));
    c_str(o, cc, c->tool_version);
    c_str(o, cc, c->format);
    c_str(o, cc, c->file);
    c_long(o, c->line);
    c_long(o, x->rows);
    if (x->recomputed)
        gt_obuf_put(o, ",true", 5);
    else
        gt_obuf_put(o, ",false", 6);
    c_str(o, cc, x->recompute_note);
    c_num(o, cc, x->energy_kwh_lo);
    c_num(o, cc, x->energy_kwh_hi);
    c_num(o, cc, x->co2e_g_lo);
    c_num(o, cc, x->co2e_g_hi);
    gt_obuf_putc(o, '\n');
}

/* The blocks and who formats which: blocks next.. are free to take while
 * fewer than CSV_RING are formatted or being formatted ahead of the one to
 * write next (written). */
struct csv_par {
    const struct gt_agg_result *res;
    size_t nblocks, next, written;
    int failed; /* out of memory: everyone stops */
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct {
        struct gt_obuf b;
        int ready;
    } ring[CSV_RING];
};

/* Takes the next block (mu held): 1 and its number, or 0. */
static int csv_take(struct csv_par *c, size_t *blk)
{
    if (c->failed || c->next >= c->nblocks || c->next >= c->written + CSV_RING)
        return 0;
    *blk = c->next++;
    return 1;
}

/* Formats block blk into its ring slot (mu not held), then marks it ready. */
static void csv_fill(struct csv_par *c, size_t blk, struct csv_cache *cc)
{
    struct gt_obuf *b = &c->ring[blk % CSV_RING].b;
    b->n = 0;
    size_t from = blk * CSV_BLOCK, to = from + CSV_BLOCK;
    if (to > c->res->nruns)
        to = c->res->nruns;
    for (size_t i = from; i < to && !b->oom; i++)
        csv_row(b, c->res, &c->res->runs[i], cc);
    pthread_mutex_lock(&c->mu);
    c->ring[blk % CSV_RING].ready = 1;
    if (b->oom)
        c->failed = 1;
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
}

static void *csv_worker(void *arg)
{
    struct csv_par *c = arg;
    struct csv_cache *cc = calloc(1, sizeof *cc);
    pthread_mutex_lock(&c->mu);
    if (!cc)
        c->failed = 1;
    while (!c->failed && c->next < c->nblocks) {
        size_t blk;
        if (!csv_take(c, &blk)) {
            pthread_cond_wait(&c->cv, &c->mu);
            continue;
        }
        pthread_mutex_unlock(&c->mu);
        csv_fill(c, blk, cc);
        pthread_mutex_lock(&c->mu);
    }
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
    free(cc);
    return NULL;
}

int gt_report_write_csv(FILE *o, const struct gt_report *r, struct gt_error *err)
{
    const struct gt_agg_result *res = r->sum.res;
    fputs("timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,"
          "cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,"
          "country_name,country_iso_code,region,cloud_provider,cloud_region,os,cpu_count,"
          "cpu_model,gpu_count,gpu_model,ram_total_size,pue,"
          "start,local_time,user,host,kind,carbon_intensity_g_per_kwh,tool,tool_version,format,"
          "source_file,source_line,rows_seen,recomputed,recompute_note,"
          "energy_kwh_low,energy_kwh_high,co2e_g_low,co2e_g_high\n",
          o);
    struct csv_par *c = calloc(1, sizeof *c);
    struct csv_cache *cc = calloc(1, sizeof *cc);
    if (!c || !cc) {
        free(c);
        free(cc);
        return gt_error_set(err, GT_E_NOMEM, "out of memory"), -1;
    }
    c->res = res;
    c->nblocks = (res->nruns + CSV_BLOCK - 1) / CSV_BLOCK;
    pthread_mutex_init(&c->mu, NULL);
    pthread_cond_init(&c->cv, NULL);
    pthread_t th[CSV_RING - 1];
    int nth = 0, want = r->jobs > CSV_RING ? CSV_RING - 1 : r->jobs - 1;
    if (want > (int)c->nblocks - 1)
        want = (int)c->nblocks - 1;
    for (; nth < want; nth++)
        if (pthread_create(&th[nth], NULL, csv_worker, c))
            break; /* fewer threads: the blocks are formatted all the same */
    pthread_mutex_lock(&c->mu);
    while (!c->failed && c->written < c->nblocks) {
        size_t w = c->written % CSV_RING, blk;
        if (c->ring[w].ready) {
            pthread_mutex_unlock(&c->mu);
            fwrite(c->ring[w].b.p, 1, c->ring[w].b.n, o);
            pthread_mutex_lock(&c->mu);
            c->ring[w].ready = 0;
            c->written++;
            pthread_cond_broadcast(&c->cv);
        } else if (csv_take(c, &blk)) {
            pthread_mutex_unlock(&c->mu);
            csv_fill(c, blk, cc);
            pthread_mutex_lock(&c->mu);
        } else
            pthread_cond_wait(&c->cv, &c->mu);
    }
    int failed = c->failed;
    c->failed = 1; /* the workers stop */
    pthread_cond_broadcast(&c->cv);
    pthread_mutex_unlock(&c->mu);
    for (int i = 0; i < nth; i++)
        pthread_join(th[i], NULL);
    for (int i = 0; i < CSV_RING; i++)
        gt_obuf_free(&c->ring[i].b);
    pthread_cond_destroy(&c->cv);
    pthread_mutex_destroy(&c->mu);
    free(c);
    free(cc);
    if (failed)
        return gt_error_set(err, GT_E_NOMEM, "out of memory"), -1;
    if (ferror(o))
        return gt_error_set(err, GT_E_IO, "write error"), -1;
    return 0;
}

int gt_report_write_groups_csv(FILE *o, const struct gt_report *r, struct gt_error *err)
{
    if (gt_summary_write_csv(o, &r->sum) != 0)
        return gt_error_set(err, GT_E_IO, "write error"), -1;
    return 0;
}

/* ---- JSON ------------------------------------------------------------------------ */

static cJSON *tally_json(const struct gt_report_tally *t)
{
    cJSON *o = cJSON_CreateObject();
    gt_out_json_str(o, "key", gt_key_name(t->key));
    cJSON *a = cJSON_AddArrayToObject(o, "buckets");
    for (size_t i = 0; i < t->n; i++) {
        const struct gt_report_bucket *b = &t->b[i];
        cJSON *x = cJSON_CreateObject();
        gt_out_json_str(x, "label", b->label);
        cJSON_AddNumberToObject(x, "runs", (double)b->runs);
        gt_out_json_num(x, "energy_kwh", b->energy_kwh);
        gt_out_json_num(x, "cpu_kwh", b->cpu_kwh);
        gt_out_json_num(x, "gpu_kwh", b->gpu_kwh);
        gt_out_json_num(x, "ram_kwh", b->ram_kwh);
        gt_out_json_num(x, "other_kwh", b->other_kwh);
        gt_out_json_num(x, "co2e_g", b->co2e_g);
        gt_out_json_range(x, "energy_kwh_range", b->energy_kwh_lo, b->energy_kwh_hi);
        gt_out_json_range(x, "co2e_g_range", b->co2e_g_lo, b->co2e_g_hi);
        cJSON_AddItemToArray(a, x);
    }
    if (t->key == GT_KEY_MONTH) {
        cJSON_AddNumberToObject(o, "runs_undated", (double)t->runs_undated);
        if (t->runs_cut)
            cJSON_AddNumberToObject(o, "runs_cut", (double)t->runs_cut);
        if (t->period > 1)
            cJSON_AddStringToObject(o, "period", gt_report_period_name(t));
    }
    return o;
}

const char gt_report_ci_as_logged[] = "as each tool logged it (emissions / energy of each run)";
const char gt_report_pue_as_logged[] = "as each tool applied it to its energy (CodeCarbon and "
                                       "eco2AI: 1 unless configured; carbontracker: 1.58 since "
                                       "2023)";

const char gt_report_range_method[] =
    "Every energy and CO2e figure has a low-high range beside it. Each input has a documented "
    "range, a factor around 1 (hwdb uncertainty.csv, listed below with sources): power taken from "
    "TDP against the real draw, memory W/GB, measured power (RAPL, NVML, smart plug), the PUE "
    "(stated or typical) and the carbon intensity (the spread between datasets and years). A "
    "run's range is its components times their factors (by what the tool measured and what it "
    "modelled), times the PUE factor, times the intensity factor for CO2e: interval arithmetic. "
    "The errors are systematic, so totals add the runs' lows and highs. The central figure is "
    "the tool's or the Green Algorithms figure, unchanged.";

const char *const gt_report_not_counted[] = {
    "embodied emissions of the hardware (manufacture, transport, disposal)",
    "idle and static power of shared machines outside the measured processes",
    "networking, storage and data transfer", NULL};

int gt_report_write_json(FILE *out, const struct gt_report *r, struct gt_error *err)
{
    cJSON *root = gt_summary_json(&r->sum);
    if (!root)
        return gt_error_set(err, GT_E_NOMEM, "out of memory"), -1;
    cJSON *rep = cJSON_CreateObject();
    gt_out_json_str(rep, "title", r->title);
    char tb[40];
    gt_out_json_str(rep, "generated", gt_time_fmt((double)r->generated, 1, tb, sizeof tb));
    cJSON *in = cJSON_AddArrayToObject(rep, "inputs");
    for (size_t i = 0; i < r->ninputs; i++)
        cJSON_AddItemToArray(in, gt_out_json_string(r->inputs[i]));
    cJSON_AddItemToObject(root, "report", rep);
    if (r->slurm)
        cJSON_AddItemToObject(root, "slurm", gt_slurm_json(r->slurm));
    cJSON *m = cJSON_AddObjectToObject(root, "method");
    gt_out_json_str(m, "hwdb_version", r->hwdb_version);
    cJSON *cs = cJSON_AddArrayToObject(m, "constants");
    for (int i = 0; i < r->nconsts; i++) {
        cJSON *c = cJSON_CreateObject();
        gt_out_json_str(c, "name", r->consts[i].name);
        gt_out_json_num(c, "value", r->consts[i].value);
        gt_out_json_str(c, "unit", r->consts[i].unit);
        gt_out_json_str(c, "source", r->consts[i].source);
        cJSON_AddItemToArray(cs, c);
    }
    cJSON *un = cJSON_AddObjectToObject(m, "uncertainty");
    gt_out_json_str(un, "method", gt_report_range_method);
    cJSON *uf = cJSON_AddArrayToObject(un, "factors");
    for (int i = 0; i < r->nunc; i++) {
        cJSON *c = cJSON_CreateObject();
        gt_out_json_str(c, "name", r->unc[i]->name);
        gt_out_json_num(c, "low", r->unc[i]->low);
        gt_out_json_num(c, "high", r->unc[i]->high);
        gt_out_json_str(c, "applies_to", r->unc[i]->applies);
        gt_out_json_str(c, "source", r->unc[i]->source);
        cJSON_AddItemToArray(uf, c);
    }
    cJSON *nc = cJSON_AddArrayToObject(m, "not_counted");
    for (int i = 0; gt_report_not_counted[i]; i++)
        cJSON_AddItemToArray(nc, cJSON_CreateString(gt_report_not_counted[i]));
    cJSON *eq = cJSON_AddObjectToObject(root, "equivalents");
    gt_out_json_num(eq, "tree_months", r->eq.tree_months);
    gt_out_json_num(eq, "car_km_ga_eu", r->eq.ga_car_km);
    gt_out_json_str(eq, "flight", gt_flight_name(r->eq.flight));
    gt_out_json_num(eq, "flights", r->eq.flight_count);
    gt_out_json_num(eq, "car_km_carbontracker", r->eq.ct_car_km);
    gt_out_json_num(eq, "us_household_week_pct", r->eq.cc_household_pct);
    gt_out_json_num(eq, "miles_driven", r->eq.cc_miles);
    gt_out_json_num(eq, "tv_minutes", r->eq.cc_tv_minutes);
    gt_out_json_str(root, "statement", r->statement);
    if (r->methods) {
        /* --methods all: as greentally compare -f json, for the runs the report shows */
        const struct gt_report_methods *rm = r->methods;
        cJSON *mo = cJSON_AddObjectToObject(root, "methods");
        cJSON *ra = cJSON_AddArrayToObject(mo, "runs");
        for (size_t i = 0; ra && i < rm->n; i++) {
            const struct gt_report_method_run *v = &rm->v[i];
            cJSON *x = cJSON_CreateObject();
            gt_out_json_str(x, "run", v->run->key[GT_KEY_RUN]);
            struct gt_run_rec cb;
            gt_out_json_str(x, "tool", gt_tool_name(gt_agg_run_record(v->run, &cb)->tool));
            gt_out_json_str(x, "inputs", v->inputs);
            gt_out_json_num(x, "logged_energy_kwh", v->logged_kwh);
            gt_out_json_num(x, "logged_co2e_g", v->logged_g);
            cJSON_AddItemToObject(x, "methods", gt_methods_json_results(v->m, v->logged_kwh));
            cJSON_AddItemToArray(ra, x);
        }
        cJSON_AddNumberToObject(mo, "runs_not_shown", (double)rm->more);
        cJSON_AddItemToObject(mo, "constants", gt_methods_json_constants(rm->used));
        gt_out_json_str(mo, "peer_intensities", GT_METHODS_PEER_CI_NOTE);
        gt_out_json_str(mo, "range", GT_METHODS_RANGE_NOTE);
    }
    cJSON *ch = cJSON_AddObjectToObject(root, "charts");
    cJSON_AddItemToObject(ch, "energy_by_component", tally_json(&r->comp));
    cJSON_AddItemToObject(ch, "co2e_by_month", tally_json(&r->months));
    cJSON_AddItemToObject(ch, "co2e_share", tally_json(&r->share));
    if (gt_out_json_print(out, root))
        return ferror(out) ? (gt_error_set(err, GT_E_IO, "write error"), -1)
                           : (gt_error_set(err, GT_E_NOMEM, "out of memory"), -1);
    return 0;
}

/* ---- what every writer shows the same way ---------------------------------------- */

/* "3 of 43 runs without energy" when some lack it, else `otherwise`. */
static void figure_note(struct gt_report_figure *f, long missing, long runs, const char *what,
                        const char *otherwise)
{
    if (missing)
        snprintf(f->note, sizeof f->note, "%ld of %ld runs without %s", missing, runs, what);
    else
        snprintf(f->note, sizeof f->note, "%s", otherwise);
}

/* The low-high range as the figure's note ("between X and Y"), after the
 * runs it lacks when some do. */
static void range_note(struct gt_report_figure *f, double lo, double hi, int mass, long missing)
{
    if (isnan(lo) || isnan(hi))
        return;
    char a[48], b[48];
    size_t n = missing ? strlen(f->note) : 0;
    snprintf(f->note + n, sizeof f->note - n, "%sbetween %s and %s", n ? "; " : "",
             mass ? gt_format_mass(lo, a, sizeof a) : gt_format_energy(lo, a, sizeof a),
             mass ? gt_format_mass(hi, b, sizeof b) : gt_format_energy(hi, b, sizeof b));
}

void gt_report_headline(const struct gt_report *r, struct gt_report_figure f[GT_REPORT_FIGURES])
{
    const struct gt_totals *t = &r->sum.res->totals;
    const struct gt_agg_opts *op = &r->sum.res->opts;
    const struct gt_estimate_report *e = r->estimate;
    memset(f, 0, GT_REPORT_FIGURES * sizeof *f);
    double kwh = t->runs && t->no_energy == t->runs ? NAN : t->energy_kwh;
    double g = t->runs && t->no_co2e == t->runs ? NAN : t->co2e_g;
    double dur = t->runs && t->no_duration == t->runs ? NAN : t->duration_s;
    if (e && !t->runs) {
        kwh = e->res.e_kwh;
        g = e->res.c_g;
        dur = e->runtime_s;
    }
    /* a whole PSF is the number of runs of --runtime each */
    int psf_runs = e && e->in.psf > 1 && e->in.psf == floor(e->in.psf) && e->in.psf < 1e6;
    if (psf_runs && !isnan(dur))
        dur *= e->in.psf;
    char b[64];
    f[0].label = "energy";
    snprintf(f[0].value, sizeof f[0].value, "%s",
             isnan(kwh) ? "-" : gt_format_energy(kwh, b, sizeof b));
    figure_note(&f[0], t->no_energy, t->runs, "energy",
                e ? "Green Algorithms model" : "sum over runs");
    f[1].label = "carbon footprint";
    snprintf(f[1].value, sizeof f[1].value, "%s CO2e",
             isnan(g) ? "-" : gt_format_mass(g, b, sizeof b));
    figure_note(&f[1], t->no_co2e, t->runs, "CO2e", "energy x carbon intensity");
    range_note(&f[0], t->energy_kwh_lo, t->energy_kwh_hi, 0, t->no_energy);
    range_note(&f[1], t->co2e_g_lo, t->co2e_g_hi, 1, t->no_co2e);
    f[2].label = "runs";
    snprintf(f[2].value, sizeof f[2].value, "%ld", e && !t->runs ? 1L : t->runs);
    snprintf(f[2].note, sizeof f[2].note, "from %ld rows in %ld files", r->sum.res->acc.rows_read,
             r->sum.res->acc.files_read);
    if (psf_runs) {
        snprintf(f[2].value, sizeof f[2].value, "%.0f", e->in.psf);
        snprintf(f[2].note, sizeof f[2].note, "--psf: runs of the same estimate");
    } else if (e && e->in.psf == 1) {
        snprintf(f[2].note, sizeof f[2].note, "one estimate");
    } else if (e) {
        snprintf(f[2].note, sizeof f[2].note, "one estimate, times a PSF of %s",
                 gt_num_fmt(e->in.psf, b, sizeof b));
    }
    f[3].label = "total duration";
    snprintf(f[3].value, sizeof f[3].value, "%s", gt_report_duration(dur, b, sizeof b));
    figure_note(&f[3], t->no_duration, t->runs, "duration",
                psf_runs ? "runtime x runs"
                : e      ? "runtime"
                         : "sum over runs");
    f[4].label = "carbon intensity";
    if (e) {
        snprintf(f[4].value, sizeof f[4].value, "%s gCO2e/kWh",
                 gt_num_fmt(e->in.ci_g_per_kwh, b, sizeof b));
        snprintf(f[4].note, sizeof f[4].note, "%s", e->ci.what);
    } else if (op->set_ci) {
        snprintf(f[4].value, sizeof f[4].value, "%s gCO2e/kWh",
                 gt_num_fmt(op->ci_g_per_kwh, b, sizeof b));
        snprintf(f[4].note, sizeof f[4].note, "%s",
                 r->sum.ci_label ? r->sum.ci_label : "given with --ci");
    } else if (!isnan(kwh) && kwh > 0 && !isnan(g) && !t->no_energy && !t->no_co2e) {
        snprintf(f[4].value, sizeof f[4].value, "%.1f gCO2e/kWh", g / kwh);
        snprintf(f[4].note, sizeof f[4].note, "mean (CO2e / energy); each tool's own");
    } else {
        snprintf(f[4].value, sizeof f[4].value, "as logged");
        snprintf(f[4].note, sizeof f[4].note, "each tool's own");
    }
    f[5].label = "PUE";
    if (e) {
        snprintf(f[5].value, sizeof f[5].value, "%s", gt_num_fmt(e->in.pue, b, sizeof b));
        snprintf(f[5].note, sizeof f[5].note, "%s", e->pue.what);
    } else if (op->set_pue) {
        snprintf(f[5].value, sizeof f[5].value, "%s", gt_num_fmt(op->pue, b, sizeof b));
        snprintf(f[5].note, sizeof f[5].note, "given with --pue");
    } else {
        snprintf(f[5].value, sizeof f[5].value, "as logged");
        snprintf(f[5].note, sizeof f[5].note, "each tool's own (see the method)");
    }
}

const char *const gt_report_equiv_ids[GT_REPORT_MAX_EQUIV] = {
    "tree", "car", "flight", "ct-car", "household", "miles", "tv", NULL};

int gt_report_equiv_parse(const char *s, unsigned *mask)
{
    *mask = 0;
    if (!strcmp(s, "all")) {
        *mask = GT_REPORT_EQUIV_ALL;
        return 0;
    }
    if (!strcmp(s, "none")) {
        *mask = GT_REPORT_EQUIV_NONE;
        return 0;
    }
    while (*s) {
        size_t n = strcspn(s, ",");
        int found = 0;
        for (int i = 0; gt_report_equiv_ids[i]; i++)
            if (strlen(gt_report_equiv_ids[i]) == n && !strncmp(gt_report_equiv_ids[i], s, n)) {
                *mask |= 1u << i;
                found = 1;
            }
        if (!found)
            return -1;
        s += n + (s[n] == ',');
    }
    return *mask ? 0 : -1;
}

int gt_report_equivalents(const struct gt_report *r, char l[GT_REPORT_MAX_EQUIV][200])
{
    unsigned mask = r->equivalents ? r->equivalents : GT_REPORT_EQUIV_DEFAULT;
    const struct gt_totals *t = &r->sum.res->totals;
    double g = t->runs && t->no_co2e == t->runs ? NAN : t->co2e_g;
    if (r->estimate && !t->runs)
        g = r->estimate->res.c_g;
    const struct gt_equivalents *e = r->estimate && !t->runs ? &r->estimate->eq : &r->eq;
    if (isnan(g))
        return 0;
    char b[64];
    int n = 0;
    if (mask & 1u) {
        if (e->tree_as_years)
            snprintf(l[n++], 200, "%s tree-years of carbon sequestration (Green Algorithms)",
                     gt_format_sig(e->tree_months / 12.0, 3, b, sizeof b));
        else
            snprintf(l[n++], 200, "%s tree-months of carbon sequestration (Green Algorithms)",
                     gt_format_sig(e->tree_months, 3, b, sizeof b));
    }
    if (mask & 2u)
        snprintf(l[n++], 200, "%s km in a passenger car, EU average (Green Algorithms)",
                 gt_format_sig(e->ga_car_km, 3, b, sizeof b));
    if ((mask & 4u) && (e->flight == GT_FLIGHT_NYC_MEL || e->flight_count >= 1))
        snprintf(l[n++], 200, "%s flights %s (Green Algorithms)",
                 gt_format_sig(e->flight_count, 3, b, sizeof b), gt_flight_name(e->flight));
    else if (mask & 4u)
        snprintf(l[n++], 200, "%s %% of a flight %s (Green Algorithms)",
                 gt_format_sig(e->flight_count * 100.0, 3, b, sizeof b), gt_flight_name(e->flight));
    if (mask & 8u)
        snprintf(l[n++], 200, "%s km travelled by car (carbontracker)",
                 gt_format_sig(e->ct_car_km, 3, b, sizeof b));
    if (mask & 16u)
        snprintf(l[n++], 200, "%s %% of a US household's weekly emissions (CodeCarbon)",
                 gt_format_sig(e->cc_household_pct, 3, b, sizeof b));
    if (mask & 32u)
        snprintf(l[n++], 200, "%s miles driven (CodeCarbon)",
                 gt_format_sig(e->cc_miles, 3, b, sizeof b));
    if (mask & 64u)
        snprintf(l[n++], 200, "%s minutes of 32-inch LCD TV (CodeCarbon)",
                 gt_format_sig(e->cc_tv_minutes, 3, b, sizeof b));
    return n;
}

void gt_report_tool_totals(const struct gt_agg_result *res,
                           struct gt_totals by_tool[GT_TOOL__COUNT])
{
    memset(by_tool, 0, GT_TOOL__COUNT * sizeof *by_tool);
    for (size_t i = 0; i < res->nruns; i++) {
        struct gt_run_rec cb;
        gt_agg_totals_add(&by_tool[gt_agg_run_record(&res->runs[i], &cb)->tool], &res->runs[i]);
    }
    for (int k = 0; k < GT_TOOL__COUNT; k++)
        gt_agg_totals_fold(&by_tool[k], res->opts.unc != NULL);
}

char *gt_report_missing_note(const struct gt_report *r, char *b, size_t size)
{
    const struct gt_agg_result *res = r->sum.res;
    const struct gt_totals *t = &res->totals;
    size_t o = 0;
    b[0] = 0;
    struct {
        long n;
        const char *what;
    } m[] = {{t->no_energy, "energy"},  {t->no_co2e, "CO2e"},      {t->no_cpu, "CPU energy"},
             {t->no_gpu, "GPU energy"}, {t->no_ram, "RAM energy"}, {t->no_duration, "duration"}};
    for (size_t i = 0; i < sizeof m / sizeof m[0] && o < size; i++)
        if (m[i].n)
            o +=
                (size_t)snprintf(b + o, size - o, "%s%ld of %ld runs without %s",
                                 o ? "; " : "Not known (not counted as zero, shown as -): ", m[i].n,
                                 t->runs, m[i].what);
    if (o && o < size)
        o += (size_t)snprintf(b + o, size - o, ". ");
    if (t->local_time && o < size)
        o += (size_t)snprintf(b + o, size - o,
                              "%ld of %ld runs logged local time without a zone; dates are as "
                              "logged. ",
                              t->local_time, t->runs);
    if ((t->recomputed || res->opts.set_ci || res->opts.set_pue) && o < size) {
        char what[256];
        gt_agg_recompute_text(t, what, sizeof what);
        o += (size_t)snprintf(b + o, size - o, "Harmonised: %s. ", what);
    }
    if (t->predicted && o < size)
        o += (size_t)snprintf(b + o, size - o, "%ld run%s counted from carbontracker predictions. ",
                              t->predicted, t->predicted == 1 ? "" : "s");
    if ((res->excluded_predicted || res->excluded_filter) && o < size)
        snprintf(b + o, size - o,
                 "%ld run%s not counted (predictions only, or outside the "
                 "filters; see the accounting). ",
                 res->excluded_predicted + res->excluded_filter,
                 res->excluded_predicted + res->excluded_filter == 1 ? " is" : "s are");
    return b;
}

const char gt_report_method_logs[] =
    "Every figure comes from the logs of the tools that measured the runs "
    "(CodeCarbon, carbontracker, eco2ai, EnergyTracker, Green Algorithms "
    "exports). Each run counts once: of several rows of one run the best "
    "counts (actual over predicted, then the latest end, then the longest "
    "duration) and the others are superseded, never summed; a run measured "
    "several ways counts one method.";
const char *const gt_report_method_logs_formulas[] = {
    "E = E_CPU + E_GPU + E_RAM (x the PUE the tool applied)   as the tool logged it (kWh)",
    "with --pue: E' = E / PUE of the tool x PUE given",
    "CO2e = E x carbon intensity   (g CO2e; the tool's intensity, or the one given with "
    "--ci)",
    "totals are sums over runs; a value a run lacks is not counted as zero", NULL};
const char gt_report_method_estimate[] =
    "The estimate follows the Green Algorithms model (Lannelongue et al. 2021, v3.0):";
const char *const gt_report_method_estimate_formulas[] = {
    "P_CPU = cores x TDP per core x CPU usage",
    "P_GPU = GPUs x TDP of a GPU x GPU usage",
    "P_memory = memory (GB) x memory power (W/GB)",
    "E = runtime (h) x (P_CPU + P_GPU + P_memory) x PUE x PSF / 1000   (kWh)",
    "CO2e = E x carbon intensity   (g CO2e)",
    NULL};
const char gt_report_method_gpu_measured[] = "P_GPU = GPUs x max(0, measured power - idle power)";
const char gt_report_method_equivalents[] =
    "Equivalents divide the CO2e by a factor each: tree-months = CO2e / tree-year "
    "x 12; km = CO2e / g per km; flights = CO2e / g per flight; % of a household's "
    "week = 100 x CO2e / g per week; TV minutes = CO2e / g per hour x 60.";

char *gt_report_grouping(const struct gt_report *r, char *b, size_t size)
{
    const struct gt_agg_opts *op = &r->sum.res->opts;
    b[0] = 0;
    if (!op->nby)
        return b;
    size_t o = (size_t)snprintf(b, size, "grouped by ");
    for (size_t k = 0; k < op->nby && o < size; k++)
        o += (size_t)snprintf(b + o, size - o, "%s%s", k ? ", " : "", gt_key_name(op->by[k]));
    return b;
}

char *gt_report_filters(const struct gt_report *r, char *b, size_t size)
{
    const struct gt_agg_opts *op = &r->sum.res->opts;
    b[0] = 0;
    if (!(op->has_since || op->has_until || op->nprojects || op->nhosts || op->ntools))
        return b;
    size_t o = (size_t)snprintf(b, size, "filters:");
    char t2[40];
    if (op->has_since)
        o += (size_t)snprintf(b + o, size - o, " since %s",
                              gt_time_fmt(op->since, 0, t2, sizeof t2));
    if (op->has_until && o < size)
        o += (size_t)snprintf(b + o, size - o, " until %s",
                              gt_time_fmt(op->until, 0, t2, sizeof t2));
    for (size_t i = 0; i < op->nprojects && o < size; i++)
        o += (size_t)snprintf(b + o, size - o, " project %s", op->projects[i]);
    for (size_t i = 0; i < op->nhosts && o < size; i++)
        o += (size_t)snprintf(b + o, size - o, " host %s", op->hosts[i]);
    for (size_t i = 0; i < op->ntools && o < size; i++)
        o += (size_t)snprintf(b + o, size - o, " tool %s", gt_tool_name(op->tools[i]));
    return b;
}

static double stack(const struct gt_report_bucket *b)
{
    return b->cpu_kwh + b->gpu_kwh + b->ram_kwh + b->other_kwh;
}

static int cmp_stack_desc(const void *a, const void *b)
{
    double x = stack(a), y = stack(b);
    if (x != y)
        return x < y ? 1 : -1;
    return strcmp(((const struct gt_report_bucket *)a)->label,
                  ((const struct gt_report_bucket *)b)->label);
}

struct gt_report_bucket *gt_report_tally_top(const struct gt_report_tally *t, size_t max, size_t *n)
{
    *n = t->n;
    struct gt_report_bucket *b = malloc((t->n ? t->n : 1) * sizeof *b);
    if (!b)
        return NULL;
    if (t->n)
        memcpy(b, t->b, t->n * sizeof *b);
    if (max >= 2 && t->n > max) { /* the largest, then the rest as one bar */
        qsort(b, t->n, sizeof *b, cmp_stack_desc);
        struct gt_report_bucket *o = &b[max - 1];
        for (size_t i = max; i < t->n; i++)
            gt_report_bucket_add(o, &b[i]);
        snprintf(o->label, sizeof o->label, "the other %zu", t->n - (max - 1));
        *n = max;
    }
    return b;
}

/* appends (key, text) to kv[n] */
#define KV(k, t) (kv[n].key = (k), snprintf(kv[n].text, sizeof kv[n].text, "%s", (t)), n++)

int gt_report_estimate_inputs(const struct gt_estimate_report *e,
                              struct gt_report_kv kv[GT_REPORT_MAX_KV])
{
    int n = 0;

    const struct gt_estimate_input *in = &e->in;
    char b[1200], n1[32], n2[32], n3[32], d[32];
    snprintf(b, sizeof b, "%s (%s h)", gt_duration_fmt(e->runtime_s, d, sizeof d),
             gt_num_fmt(in->runtime_h, n1, sizeof n1));
    KV("runtime", b);
    if (in->n_cores > 0 || e->cpu_query) {
        snprintf(b, sizeof b, "%s cores x %s W/core x usage %s; %s%s%s",
                 gt_num_fmt(in->n_cores, n1, sizeof n1),
                 gt_format_sig(in->cpu_tdp_per_core_w, 4, n2, sizeof n2),
                 gt_num_fmt(in->cpu_usage, n3, sizeof n3), e->cpu_tdp.what,
                 e->cpu_tdp.source[0] ? "\nsource: " : "", e->cpu_tdp.source);
        KV("CPU", b);
    } else {
        KV("CPU", "none");
    }
    if (in->n_gpus > 0) {
        if (in->gpu_mode == GT_GPU_MEASURED)
            snprintf(b, sizeof b, "%s GPU%s x (measured %s W - idle %s W); %s%s%s",
                     gt_num_fmt(in->n_gpus, n1, sizeof n1), in->n_gpus == 1 ? "" : "s",
                     gt_num_fmt(in->gpu_power_w, n2, sizeof n2),
                     gt_num_fmt(in->gpu_idle_w, n3, sizeof n3), e->gpu_tdp.what,
                     e->gpu_tdp.source[0] ? "\nsource: " : "", e->gpu_tdp.source);
        else
            snprintf(b, sizeof b, "%s GPU%s x %s W x usage %s; %s%s%s",
                     gt_num_fmt(in->n_gpus, n1, sizeof n1), in->n_gpus == 1 ? "" : "s",
                     gt_num_fmt(in->gpu_tdp_w, n2, sizeof n2),
                     gt_num_fmt(in->gpu_usage, n3, sizeof n3), e->gpu_tdp.what,
                     e->gpu_tdp.source[0] ? "\nsource: " : "", e->gpu_tdp.source);
        KV("GPU", b);
    } else {
        KV("GPU", "none");
    }
    snprintf(b, sizeof b, "%s GB x %s%s%s", gt_num_fmt(in->memory_gb, n1, sizeof n1),
             e->memory_power.what, e->memory_power.source[0] ? "\nsource: " : "",
             e->memory_power.source);
    KV("memory", b);
    snprintf(b, sizeof b, "%s%s%s", e->ci.what, e->ci.source[0] ? "\nsource: " : "", e->ci.source);
    KV("carbon intensity", b);
    snprintf(b, sizeof b, "%s, platform %s%s%s%s%s%s%s", e->pue.what, e->platform,
             e->provider ? ", provider " : "", e->provider ? e->provider : "",
             e->region ? ", region " : "", e->region ? e->region : "",
             e->pue.source[0] ? "\nsource: " : "", e->pue.source);
    KV("PUE", b);
    KV("PSF", e->psf.what);
    return n;
}

int gt_report_estimate_components(const struct gt_estimate_report *e,
                                  struct gt_report_kv kv[GT_REPORT_MAX_KV])
{
    int n = 0;
    char b[1200], n1[32];
    const struct gt_estimate_result *res = &e->res;
    const char *names[3] = {"CPU", "GPU", "memory"};
    double kwh[3] = {res->e_cpu_kwh, res->e_gpu_kwh, res->e_mem_kwh};
    double g[3] = {res->c_cpu_g, res->c_gpu_g, res->c_mem_g};
    double pw[3] = {res->p_cpu_w, res->p_gpu_w, res->p_mem_w};
    for (int i = 0; i < 3; i++) {
        char eb[64], gb[64];
        snprintf(b, sizeof b, "%s W drawn; %s (%.1f %%), %s CO2e", gt_format_sig(pw[i], 4, n1, 32),
                 gt_format_energy(kwh[i], eb, sizeof eb),
                 res->e_kwh > 0 ? 100 * kwh[i] / res->e_kwh : 0.0,
                 gt_format_mass(g[i], gb, sizeof gb));
        KV(names[i], b);
    }
    for (int i = 0; i < e->nnotes && n < GT_REPORT_MAX_KV; i++)
        KV(i ? "" : "notes", e->notes[i]);
    return n;
}
#undef KV

char *gt_report_sig(double v, int sig, char *b, size_t size)
{
    double a = fabs(v);
    if (a == 0 || !isfinite(v)) {
        snprintf(b, size, "%s", isfinite(v) ? "0" : "-");
        return b;
    }
    char e[64];
    snprintf(e, sizeof e, "%.*e", sig - 1, a);
    const char *ep = strchr(e, 'e');
    int mag = ep ? (int)strtol(ep + 1, NULL, 10) : 0;
    int dec = sig - 1 - mag;
    if (dec < 0)
        dec = 0;
    if (dec > 12)
        dec = 12;
    snprintf(b, size, "%.*f", dec, v);
    return b;
}

char *gt_report_duration(double s, char *b, size_t size)
{
    char x[48];
    if (isnan(s))
        snprintf(b, size, "-");
    else if (s >= 3600)
        snprintf(b, size, "%s h", gt_report_sig(s / 3600, 3, x, sizeof x));
    else if (s >= 60)
        snprintf(b, size, "%s min", gt_report_sig(s / 60, 3, x, sizeof x));
    else
        snprintf(b, size, "%s s", gt_report_sig(s, 3, x, sizeof x));
    return b;
}
