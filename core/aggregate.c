#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gt_agg.h"
#include "gt_num.h"
#include "gt_text.h"
#include "gt_time.h"

static const char *const key_names[GT_KEY__COUNT] = {
    "tool",    "project",   "experiment", "run", "host",  "user",  "cpu",
    "gpu",     "country",   "region",     "day", "week",  "month", "year",
    "account", "partition", "state",      "job", "array",
};

const char *gt_key_name(enum gt_key k)
{
    return (unsigned)k < GT_KEY__COUNT ? key_names[k] : "?";
}

int gt_key_parse_list(const char *s, enum gt_key *keys, size_t max, size_t *n, struct gt_error *err)
{
    *n = 0;
    const char *p = s;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        int found = -1;
        for (int k = 0; k < GT_KEY__COUNT; k++)
            if (strlen(key_names[k]) == len && strncasecmp(key_names[k], p, len) == 0)
                found = k;
        if (found < 0) {
            char name[48];
            snprintf(name, sizeof name, "%.*s", (int)(len > 40 ? 40 : len), p);
            const char *close = gt_closest(name, key_names, GT_KEY__COUNT);
            if (close)
                gt_error_set(err, GT_E_USAGE, "unknown grouping '%s'; did you mean '%s'?", name,
                             close);
            else
                gt_error_set(err, GT_E_USAGE,
                             "unknown grouping '%s' (use tool, project, experiment, run, host, "
                             "user, cpu, gpu, country, region, day, week, month, year, account, "
                             "partition, state, job, array)",
                             name);
            return -1;
        }
        if (*n == max) {
            gt_error_set(err, GT_E_USAGE, "at most %zu groupings", max);
            return -1;
        }
        keys[(*n)++] = (enum gt_key)found;
        p = e ? e + 1 : p + len;
    }
    return 0;
}

/* --- run table ---------------------------------------------------------------- */

struct run {
    char *key;                /* tool + run_key, or NULL for a run of its own */
    struct gt_record *best;   /* best row */
    struct gt_record *best_e; /* best row with energy (may equal best) */
    long rows;
    /* anonymous runs: bucket chaining */
    double anon_start;
    size_t next_anon;
};

struct gt_agg {
    struct gt_agg_opts opts;
    struct run *runs;
    size_t nruns, cap;
    /* open-addressing hash: key -> run index + 1 */
    size_t *slots;
    size_t nslots;
    /* anonymous runs: hash of "tool|project|bucket" -> first run index + 1 */
    size_t *aslots;
    char **akeys;
    size_t naslots, nakeys;
    struct gt_accounting acc;
};

static uint64_t hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

struct gt_agg *gt_agg_new(const struct gt_agg_opts *opts)
{
    struct gt_agg *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->opts = *opts;
    a->nslots = 1024;
    a->slots = calloc(a->nslots, sizeof *a->slots);
    a->naslots = 256;
    a->aslots = calloc(a->naslots, sizeof *a->aslots);
    a->akeys = calloc(a->naslots, sizeof *a->akeys);
    if (!a->slots || !a->aslots || !a->akeys) {
        free(a->slots);
        free(a->aslots);
        free(a->akeys);
        free(a);
        return NULL;
    }
    return a;
}

void gt_agg_count_superseded(struct gt_agg *a, long rows)
{
    a->acc.rows_read += rows;
    a->acc.rows_superseded += rows;
}

void gt_agg_count_rejected(struct gt_agg *a, long rows)
{
    a->acc.rows_read += rows;
    a->acc.rows_rejected += rows;
}

void gt_agg_count_excluded(struct gt_agg *a, long rows)
{
    a->acc.rows_read += rows;
    a->acc.rows_excluded += rows;
}

void gt_agg_count_file(struct gt_agg *a, int skipped)
{
    if (skipped)
        a->acc.files_skipped++;
    else
        a->acc.files_read++;
}

void gt_agg_count_file_rejected(struct gt_agg *a)
{
    a->acc.files_rejected++;
}

void gt_agg_count_file_duplicate(struct gt_agg *a)
{
    a->acc.files_duplicate++;
}

static int rank_kind(enum gt_kind k)
{
    return k == GT_KIND_PREDICTED ? 0 : 1;
}

static int cmp_nan_last(double a, double b)
{
    if (isnan(a) && isnan(b))
        return 0;
    if (isnan(a))
        return -1;
    if (isnan(b))
        return 1;
    return a < b ? -1 : a > b;
}

/* > 0 when n is a better row of its run than o (ties go to the newer row). */
static int better(const struct gt_record *n, const struct gt_record *o)
{
    int c = rank_kind(n->kind) - rank_kind(o->kind);
    if (c)
        return c;
    c = cmp_nan_last(n->end, o->end);
    if (c)
        return c;
    c = cmp_nan_last(n->duration_s, o->duration_s);
    if (c)
        return c;
    return 1;
}

static int has_energy(const struct gt_record *r)
{
    return !isnan(gt_record_energy(r));
}

static enum gt_status grow_runs(struct gt_agg *a)
{
    if (a->nruns < a->cap)
        return GT_OK;
    size_t nc = a->cap ? a->cap * 2 : 256;
    struct run *p = realloc(a->runs, nc * sizeof *p);
    if (!p)
        return GT_E_NOMEM;
    a->runs = p;
    a->cap = nc;
    return GT_OK;
}

static enum gt_status rehash(struct gt_agg *a)
{
    size_t ns = a->nslots * 2;
    size_t *s = calloc(ns, sizeof *s);
    if (!s)
        return GT_E_NOMEM;
    for (size_t i = 0; i < a->nruns; i++) {
        if (!a->runs[i].key)
            continue;
        size_t h = (size_t)hash_str(a->runs[i].key) & (ns - 1);
        while (s[h])
            h = (h + 1) & (ns - 1);
        s[h] = i + 1;
    }
    free(a->slots);
    a->slots = s;
    a->nslots = ns;
    return GT_OK;
}

static enum gt_status new_run(struct gt_agg *a, char *key, const struct gt_record *rec, size_t *idx)
{
    if (grow_runs(a) != GT_OK)
        return GT_E_NOMEM;
    struct gt_record *d = gt_record_dup(rec);
    if (!d)
        return GT_E_NOMEM;
    struct run *r = &a->runs[a->nruns];
    memset(r, 0, sizeof *r);
    r->key = key;
    r->best = d;
    r->best_e = has_energy(rec) ? d : NULL;
    r->rows = rec->nrows;
    r->anon_start = NAN;
    *idx = a->nruns++;
    return GT_OK;
}

static double add_nan(double a, double b)
{
    return isnan(a) ? b : isnan(b) ? a : a + b;
}

/* Delta rows (each its own interval) add up. */
static void sum_into(struct gt_record *d, const struct gt_record *s)
{
    d->energy_kwh = add_nan(d->energy_kwh, s->energy_kwh);
    d->cpu_kwh = add_nan(d->cpu_kwh, s->cpu_kwh);
    d->gpu_kwh = add_nan(d->gpu_kwh, s->gpu_kwh);
    d->ram_kwh = add_nan(d->ram_kwh, s->ram_kwh);
    d->co2e_g = add_nan(d->co2e_g, s->co2e_g);
    d->duration_s = add_nan(d->duration_s, s->duration_s);
    if (isnan(d->start) || s->start < d->start)
        d->start = s->start;
    if (isnan(d->end) || s->end > d->end)
        d->end = s->end;
    d->nrows += s->nrows;
    d->flags &= ~(unsigned)GT_REC_NO_ENERGY;
}

static enum gt_status update_run(struct run *r, const struct gt_record *rec)
{
    r->rows += rec->nrows;
    if ((rec->flags & GT_REC_DELTA) && (r->best->flags & GT_REC_DELTA)) {
        sum_into(r->best, rec);
        if (!r->best_e && has_energy(r->best))
            r->best_e = r->best;
        return GT_OK;
    }
    int b = better(rec, r->best) > 0;
    int be = has_energy(rec) && (!r->best_e || better(rec, r->best_e) > 0);
    if (!b && !be)
        return GT_OK;
    struct gt_record *d = gt_record_dup(rec);
    if (!d)
        return GT_E_NOMEM;
    struct gt_record *old_b = r->best, *old_e = r->best_e;
    if (b)
        r->best = d;
    if (be)
        r->best_e = d;
    if (old_b && old_b != r->best && old_b != r->best_e)
        free(old_b);
    if (old_e && old_e != old_b && old_e != r->best && old_e != r->best_e)
        free(old_e);
    return GT_OK;
}

/* "tool\x1fk2[\x1fk3]", malloc'ed. */
static char *make_key(const struct gt_record *rec, const char *k2, const char *k3)
{
    const char *tool = gt_tool_name(rec->tool);
    size_t lt = strlen(tool), l2 = strlen(k2), l3 = k3 ? strlen(k3) : 0;
    char *k = malloc(lt + l2 + l3 + 3);
    if (!k)
        return NULL;
    char *p = k;
    memcpy(p, tool, lt);
    p += lt;
    *p++ = '\x1f';
    memcpy(p, k2, l2);
    p += l2;
    if (k3) {
        *p++ = '\x1f';
        memcpy(p, k3, l3);
        p += l3;
    }
    *p = '\0';
    return k;
}

/* Anonymous rows: same tool and project, start within 2 s. Buckets of 4 s
 * keyed by tool|project|floor(start/4); neighbours are checked too. */
static size_t *abucket(struct gt_agg *a, const char *key, int create)
{
    size_t h = (size_t)hash_str(key) & (a->naslots - 1);
    while (a->akeys[h]) {
        if (strcmp(a->akeys[h], key) == 0)
            return &a->aslots[h];
        h = (h + 1) & (a->naslots - 1);
    }
    if (!create)
        return NULL;
    if ((a->nakeys + 1) * 2 > a->naslots) {
        size_t ns = a->naslots * 2;
        size_t *s = calloc(ns, sizeof *s);
        char **k = calloc(ns, sizeof *k);
        if (!s || !k) {
            free(s);
            free(k);
            return NULL;
        }
        for (size_t i = 0; i < a->naslots; i++) {
            if (!a->akeys[i])
                continue;
            size_t j = (size_t)hash_str(a->akeys[i]) & (ns - 1);
            while (k[j])
                j = (j + 1) & (ns - 1);
            k[j] = a->akeys[i];
            s[j] = a->aslots[i];
        }
        free(a->aslots);
        free(a->akeys);
        a->aslots = s;
        a->akeys = k;
        a->naslots = ns;
        return abucket(a, key, create);
    }
    a->akeys[h] = strdup(key);
    if (!a->akeys[h])
        return NULL;
    a->nakeys++;
    return &a->aslots[h];
}

static enum gt_status add_anon(struct gt_agg *a, const struct gt_record *rec)
{
    double st = rec->start;
    long b = (long)floor(st / 4.0);
    char bk[32];
    for (long d = -1; d <= 1; d++) {
        snprintf(bk, sizeof bk, "%ld", b + d);
        char *key = make_key(rec, rec->project, bk);
        if (!key)
            return GT_E_NOMEM;
        size_t *slot = abucket(a, key, 0);
        free(key);
        for (size_t i = slot ? *slot : 0; i; i = a->runs[i - 1].next_anon)
            if (fabs(a->runs[i - 1].anon_start - st) <= 2.0)
                return update_run(&a->runs[i - 1], rec);
    }
    snprintf(bk, sizeof bk, "%ld", b);
    char *key = make_key(rec, rec->project, bk);
    if (!key)
        return GT_E_NOMEM;
    size_t *slot = abucket(a, key, 1);
    free(key);
    if (!slot)
        return GT_E_NOMEM;
    size_t idx;
    if (new_run(a, NULL, rec, &idx) != GT_OK)
        return GT_E_NOMEM;
    a->runs[idx].anon_start = st;
    a->runs[idx].next_anon = *slot;
    *slot = idx + 1;
    return GT_OK;
}

enum gt_status gt_agg_add(struct gt_agg *a, const struct gt_record *rec)
{
    a->acc.rows_read += rec->nrows;
    char why[128];
    if (gt_record_check(rec, why, sizeof why) != 0) {
        a->acc.rows_rejected += rec->nrows; /* beyond the bounds: never a figure */
        return GT_OK;
    }
    size_t idx;
    if (rec->anon_run && !isnan(rec->start))
        return add_anon(a, rec);
    if (!rec->run_key[0])
        return new_run(a, NULL, rec, &idx);
    char *key = make_key(rec, rec->run_key, NULL);
    if (!key)
        return GT_E_NOMEM;
    size_t h = (size_t)hash_str(key) & (a->nslots - 1);
    while (a->slots[h]) {
        struct run *r = &a->runs[a->slots[h] - 1];
        if (strcmp(r->key, key) == 0) {
            free(key);
            return update_run(r, rec);
        }
        h = (h + 1) & (a->nslots - 1);
    }
    if (new_run(a, key, rec, &idx) != GT_OK) {
        free(key);
        return GT_E_NOMEM;
    }
    a->slots[h] = idx + 1;
    if (a->nruns * 2 > a->nslots)
        return rehash(a);
    return GT_OK;
}

/* --- keys --------------------------------------------------------------------- */

const char *gt_agg_key_value(const struct gt_record *r, enum gt_key k, char *buf, size_t size)
{
    double t = !isnan(r->start) ? r->start : r->end;
    int y, mo, d, h, mi;
    double s;
    buf[0] = '\0';
    switch (k) {
    case GT_KEY_TOOL:
        return gt_tool_name(r->tool);
    case GT_KEY_PROJECT:
        return r->project;
    case GT_KEY_EXPERIMENT:
        return r->experiment;
    case GT_KEY_RUN:
        if (r->run_id[0])
            return r->run_id;
        if (r->run_key[0])
            return r->run_key;
        snprintf(buf, size, "%s:%ld", r->file, r->line);
        return buf;
    case GT_KEY_HOST:
        return r->host;
    case GT_KEY_USER:
        return r->user;
    case GT_KEY_CPU:
        return r->cpu_model;
    case GT_KEY_GPU:
        return r->gpu_model;
    case GT_KEY_COUNTRY:
        return r->country_iso[0] ? r->country_iso : r->country;
    case GT_KEY_REGION:
        return r->region;
    case GT_KEY_DAY:
    case GT_KEY_WEEK:
    case GT_KEY_MONTH:
    case GT_KEY_YEAR:
        if (isnan(t))
            return "";
        gt_time_to_civil(t, &y, &mo, &d, &h, &mi, &s);
        if (k == GT_KEY_DAY)
            snprintf(buf, size, "%04d-%02d-%02d", y, mo, d);
        else if (k == GT_KEY_MONTH)
            snprintf(buf, size, "%04d-%02d", y, mo);
        else if (k == GT_KEY_YEAR)
            snprintf(buf, size, "%04d", y);
        else {
            int iy, w;
            gt_time_iso_week(t, &iy, &w);
            snprintf(buf, size, "%04d-W%02d", iy, w);
        }
        return buf;
    case GT_KEY_ACCOUNT:
    case GT_KEY_PARTITION:
    case GT_KEY_STATE:
    case GT_KEY_JOB:
    case GT_KEY_ARRAY:
        if (r->tool != GT_TOOL_SLURM)
            return "";
        return gt_record_extra(r, k == GT_KEY_ACCOUNT     ? "account"
                                  : k == GT_KEY_PARTITION ? "partition"
                                  : k == GT_KEY_STATE     ? "state"
                                  : k == GT_KEY_JOB       ? "job"
                                                          : "array");
    case GT_KEY__COUNT:
        break;
    }
    return "";
}

/* --- finish ---------------------------------------------------------------------- */

struct priv {
    struct gt_record **recs; /* every record the result owns */
    size_t nrecs, cap;
    char *keybuf; /* key strings of runs */
    const struct gt_record **methods;
};

static int own(struct priv *p, struct gt_record *r)
{
    if (!r)
        return 0;
    if (p->nrecs == p->cap) {
        size_t nc = p->cap ? p->cap * 2 : 256;
        struct gt_record **n = realloc(p->recs, nc * sizeof *n);
        if (!n)
            return -1;
        p->recs = n;
        p->cap = nc;
    }
    p->recs[p->nrecs++] = r;
    return 0;
}

static int str_in(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return 1;
    return 0;
}

static int cmp_strp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The distinct strings of v[0..n) (v is sorted in place), copied: *out
 * and its strings malloc'ed. 0, or -1 when out of memory. */
static int distinct(const char **v, size_t n, char ***out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    if (!n)
        return 0;
    qsort(v, n, sizeof *v, cmp_strp);
    if (!(*out = malloc(n * sizeof **out)))
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (i && !strcmp(v[i], v[i - 1]))
            continue;
        if (!((*out)[*nout] = strdup(v[i])))
            return -1;
        (*nout)++;
    }
    return 0;
}

static int cmp_run(const void *pa, const void *pb)
{
    const struct gt_run *a = pa, *b = pb;
    int c = cmp_nan_last(a->rec->start, b->rec->start);
    if (c)
        return c;
    c = (int)a->rec->tool - (int)b->rec->tool;
    if (c)
        return c;
    c = strcmp(a->rec->file, b->rec->file);
    if (c)
        return c;
    return a->rec->line < b->rec->line ? -1 : a->rec->line > b->rec->line;
}

static const struct gt_agg_opts *sort_opts;

static int cmp_by_keys(const void *pa, const void *pb)
{
    const struct gt_run *a = pa, *b = pb;
    for (size_t i = 0; i < sort_opts->nby; i++) {
        int c = strcmp(a->key[sort_opts->by[i]], b->key[sort_opts->by[i]]);
        if (c)
            return c;
    }
    return cmp_run(pa, pb);
}

/* Neumaier summation, so a total and the sum of its groups agree to the last
 * digit whatever the order. */
static void add_known(double v, double *sum, double *comp, long *missing)
{
    if (isnan(v)) {
        (*missing)++;
        return;
    }
    double t = *sum + v;
    if (fabs(*sum) >= fabs(v))
        *comp += (*sum - t) + v;
    else
        *comp += (v - t) + *sum;
    *sum = t;
}

static void totals_add(struct gt_totals *t, const struct gt_run *r)
{
    t->runs++;
    add_known(r->rec->duration_s, &t->duration_s, &t->comp_[0], &t->no_duration);
    add_known(r->energy_kwh, &t->energy_kwh, &t->comp_[1], &t->no_energy);
    add_known(r->cpu_kwh, &t->cpu_kwh, &t->comp_[2], &t->no_cpu);
    add_known(r->gpu_kwh, &t->gpu_kwh, &t->comp_[3], &t->no_gpu);
    add_known(r->ram_kwh, &t->ram_kwh, &t->comp_[4], &t->no_ram);
    add_known(r->co2e_g, &t->co2e_g, &t->comp_[5], &t->no_co2e);
    long unused = 0; /* runs without a range are the runs without the value */
    add_known(r->energy_kwh_lo, &t->energy_kwh_lo, &t->comp_[6], &unused);
    add_known(r->energy_kwh_hi, &t->energy_kwh_hi, &t->comp_[7], &unused);
    add_known(r->co2e_g_lo, &t->co2e_g_lo, &t->comp_[8], &unused);
    add_known(r->co2e_g_hi, &t->co2e_g_hi, &t->comp_[9], &unused);
    t->predicted += r->rec->kind == GT_KIND_PREDICTED;
    t->recomputed += r->recomputed;
    t->local_time += r->rec->tz == GT_TZ_LOCAL;
    t->ci_series += r->ci_use == GT_CI_USE_SERIES;
    t->ci_partial += r->ci_use == GT_CI_USE_PARTIAL;
    t->ci_fallback += r->ci_use == GT_CI_USE_FALLBACK;
}

/* Folds the compensation terms in; a range no run had is NAN. */
static void totals_fold(struct gt_totals *t, int ranges)
{
    double *v[10] = {&t->duration_s, &t->energy_kwh, &t->cpu_kwh,       &t->gpu_kwh,
                     &t->ram_kwh,    &t->co2e_g,     &t->energy_kwh_lo, &t->energy_kwh_hi,
                     &t->co2e_g_lo,  &t->co2e_g_hi};
    for (int i = 0; i < 10; i++) {
        *v[i] += t->comp_[i];
        t->comp_[i] = 0;
    }
    if (!ranges || (t->runs && t->no_energy == t->runs))
        t->energy_kwh_lo = t->energy_kwh_hi = NAN;
    if (!ranges || (t->runs && t->no_co2e == t->runs))
        t->co2e_g_lo = t->co2e_g_hi = NAN;
}

/* Method preference for a run measured several ways: the tool's own figure
 * (EnergyTracker's Green Algorithm file), then eco2ai, then CodeCarbon. */
static int method_rank(const struct gt_record *r)
{
    if (!has_energy(r))
        return 0;
    switch (r->tool) {
    case GT_TOOL_ENERGYTRACKER:
        return 4;
    case GT_TOOL_ECO2AI:
        return 3;
    case GT_TOOL_CODECARBON:
        return 2;
    default:
        return 1;
    }
}

/* CO2e from the series over the run (see gt_agg_opts.ci_series); nl is the
 * length of the note so far. */
static void series_ci(const struct gt_agg_opts *o, struct gt_run *r, size_t nl)
{
    const struct gt_record *rec = r->rec;
    char *note = r->recompute_note + nl;
    size_t room = sizeof(r->recompute_note) - nl;
    const char *sep = nl ? "; " : "";
    double fixed = o->set_ci ? o->ci_g_per_kwh : r->ci_g_per_kwh;
    double a = rec->start, b = rec->end;
    if (isnan(b) && !isnan(a) && !isnan(rec->duration_s))
        b = a + rec->duration_s;
    if (isnan(a) && !isnan(b) && !isnan(rec->duration_s))
        a = b - rec->duration_s;
    const char *why = NULL;
    struct gt_ci_avg avg = {NAN, 0, 0};
    r->ci_coverage = NAN;
    if (rec->tz == GT_TZ_LOCAL)
        why = "local time without a zone cannot be placed on the series";
    else if (isnan(a) || isnan(b) || b < a)
        why = "the run has no time to place it on the series";
    else {
        gt_ci_series_average(o->ci_series, a, b, o->ci_interp, &avg);
        r->ci_coverage = avg.coverage;
        if (isnan(avg.mean))
            why = "the run is outside the series";
        else if (avg.coverage < 1 && isnan(fixed))
            why = "the series covers part of the run and no static intensity is known";
    }
    if (why) {
        r->ci_use = GT_CI_USE_FALLBACK;
        if (o->set_ci && !isnan(r->energy_kwh)) {
            r->co2e_g = r->energy_kwh * o->ci_g_per_kwh;
            r->ci_g_per_kwh = o->ci_g_per_kwh;
            r->recomputed = 1;
            snprintf(note, room, "%sCO2e: %s; static %g gCO2e/kWh", sep, why, o->ci_g_per_kwh);
        } else {
            snprintf(note, room, "%sCO2e as logged: %s", sep, why);
        }
        return;
    }
    if (isnan(r->energy_kwh)) {
        r->ci_use = avg.coverage < 1 ? GT_CI_USE_PARTIAL : GT_CI_USE_SERIES;
        return;
    }
    char b1[40], b2[40];
    r->recomputed = 1;
    if (avg.coverage < 1) {
        r->ci_use = GT_CI_USE_PARTIAL;
        r->ci_g_per_kwh = avg.coverage * avg.mean + (1 - avg.coverage) * fixed;
        snprintf(note, room,
                 "%sCO2e: the series covers %.4g %% of the run (mean %s gCO2e/kWh, %s), the rest "
                 "at %s gCO2e/kWh (static)",
                 sep, avg.coverage * 100, gt_num_fmt(avg.mean, b1, sizeof b1),
                 gt_ci_interp_name(o->ci_interp), gt_num_fmt(fixed, b2, sizeof b2));
    } else {
        r->ci_use = GT_CI_USE_SERIES;
        r->ci_g_per_kwh = avg.mean;
        snprintf(note, room, "%sCO2e: series mean %s gCO2e/kWh over the run (%s)", sep,
                 gt_num_fmt(avg.mean, b1, sizeof b1), gt_ci_interp_name(o->ci_interp));
    }
    r->co2e_g = r->energy_kwh * r->ci_g_per_kwh;
}

static void harmonise(const struct gt_agg_opts *o, struct gt_run *r)
{
    const struct gt_record *rec = r->rec;
    r->energy_kwh = gt_record_energy(rec);
    r->cpu_kwh = rec->cpu_kwh;
    r->gpu_kwh = rec->gpu_kwh;
    r->ram_kwh = rec->ram_kwh;
    r->co2e_g = rec->co2e_g;
    r->ci_g_per_kwh = rec->ci_g_per_kwh;
    if (isnan(r->ci_g_per_kwh) && !isnan(r->co2e_g) && r->energy_kwh > 0)
        r->ci_g_per_kwh = r->co2e_g / r->energy_kwh;
    size_t nl = 0;
    if (o->set_pue && !isnan(r->energy_kwh)) {
        if (!isnan(rec->pue) && rec->pue > 0) {
            double f = o->pue / rec->pue;
            r->energy_kwh *= f;
            r->cpu_kwh *= f;
            r->gpu_kwh *= f;
            r->ram_kwh *= f;
            if (!o->set_ci && !isnan(r->ci_g_per_kwh))
                r->co2e_g = r->energy_kwh * r->ci_g_per_kwh;
            r->recomputed = 1;
            nl += (size_t)snprintf(r->recompute_note + nl, sizeof(r->recompute_note) - nl,
                                   "energy: PUE %g replaced by %g", rec->pue, o->pue);
        } else {
            nl += (size_t)snprintf(r->recompute_note + nl, sizeof(r->recompute_note) - nl,
                                   "energy kept: the PUE the tool applied is unknown");
        }
    }
    if (o->ci_series) {
        series_ci(o, r, nl);
        return;
    }
    if (o->set_ci && !isnan(r->energy_kwh) && nl < sizeof(r->recompute_note)) {
        r->co2e_g = r->energy_kwh * o->ci_g_per_kwh;
        r->ci_g_per_kwh = o->ci_g_per_kwh;
        r->recomputed = 1;
        snprintf(r->recompute_note + nl, sizeof(r->recompute_note) - nl, "%sCO2e: %g gCO2e/kWh",
                 nl ? "; " : "", o->ci_g_per_kwh);
    }
}

/* The run's low-high ranges (gt_unc.h) around its harmonised figures. */
static void run_range(const struct gt_agg_opts *o, struct gt_run *r)
{
    r->energy_kwh_lo = r->energy_kwh_hi = r->co2e_g_lo = r->co2e_g_hi = NAN;
    if (!o->unc)
        return;
    const struct gt_record *rec = r->rec;
    struct gt_unc_basis b;
    gt_unc_basis_of(o->unc, rec, &b);
    int replaced = o->set_pue && !isnan(rec->pue) && rec->pue > 0;
    enum gt_unc_pue pk = gt_unc_pue_kind(replaced ? o->pue : rec->pue, replaced);
    struct gt_range er, cr;
    gt_unc_run(o->unc, &b, pk, r->energy_kwh, r->cpu_kwh, r->gpu_kwh, r->ram_kwh, r->co2e_g, &er,
               &cr);
    r->energy_kwh_lo = er.lo;
    r->energy_kwh_hi = er.hi;
    r->co2e_g_lo = cr.lo;
    r->co2e_g_hi = cr.hi;
}

static int cmp_group_key(const void *pa, const void *pb)
{
    const struct gt_record *const *a = pa, *const *b = pb;
    int c = strcmp((*a)->group_key, (*b)->group_key);
    if (c)
        return c;
    return method_rank(*b) - method_rank(*a);
}

enum gt_status gt_agg_finish(struct gt_agg *a, struct gt_agg_result **out)
{
    enum gt_status st = GT_E_NOMEM;
    struct gt_agg_result *res = calloc(1, sizeof *res);
    struct priv *p = calloc(1, sizeof *p);
    const struct gt_record **chosen = NULL, **gap_recs = NULL;
    long *rows = NULL;
    if (!res || !p)
        goto fail;
    res->priv = p;
    res->opts = a->opts;
    res->acc = a->acc;
    /* 1. one record per run; count superseded rows */
    chosen = calloc(a->nruns ? a->nruns : 1, sizeof *chosen);
    rows = calloc(a->nruns ? a->nruns : 1, sizeof *rows);
    long *gaps = calloc(a->nruns ? a->nruns : 1, sizeof *gaps);
    gap_recs = calloc(a->nruns ? a->nruns : 1, sizeof *gap_recs);
    if (!chosen || !rows || !gaps || !gap_recs) {
        free(gaps);
        goto fail;
    }
    for (size_t i = 0; i < a->nruns; i++) {
        struct run *r = &a->runs[i];
        struct gt_record *c = r->best_e ? r->best_e : r->best;
        if (c != r->best) {
            gaps[i] = r->best->line;
            if (own(p, r->best)) {
                free(r->best);
                free(c);
                free(gaps);
                goto fail;
            }
            gap_recs[i] = r->best;
        }
        r->best = r->best_e = NULL;
        if (own(p, c)) {
            free(c);
            free(gaps);
            goto fail;
        }
        chosen[i] = c;
        rows[i] = r->rows;
        res->acc.rows_superseded += r->rows - c->nrows;
    }
    /* 2. runs measured several ways (same group_key): best method counts */
    size_t n = a->nruns;
    const struct gt_record **byg = malloc((n ? n : 1) * sizeof *byg);
    res->runs = calloc(n ? n : 1, sizeof *res->runs);
    p->methods = malloc((n ? n : 1) * sizeof *p->methods);
    if (!byg || !res->runs || !p->methods) {
        free(byg);
        free(gaps);
        goto fail;
    }
    size_t ng = 0;
    for (size_t i = 0; i < n; i++)
        if (chosen[i]->group_key[0])
            byg[ng++] = chosen[i];
    qsort(byg, ng, sizeof *byg, cmp_group_key);
    size_t nm = 0;
    const char **seen_p = NULL, **seen_h = NULL;
    size_t nsp = 0, nsh = 0;
    if ((a->opts.nprojects && !(seen_p = malloc((n ? n : 1) * sizeof *seen_p))) ||
        (a->opts.nhosts && !(seen_h = malloc((n ? n : 1) * sizeof *seen_h)))) {
        free(seen_p);
        free(byg);
        free(gaps);
        goto fail;
    }
    for (size_t i = 0; i < n; i++) {
        const struct gt_record *c = chosen[i];
        struct gt_run run;
        memset(&run, 0, sizeof run);
        run.rec = c;
        run.rows = rows[i];
        run.gap_line = gaps[i];
        run.gap_rec = gap_recs[i];
        if (c->group_key[0]) {
            /* find the group in byg; only its first (best) member is a run */
            size_t lo = 0;
            while (lo < ng && strcmp(byg[lo]->group_key, c->group_key) != 0)
                lo++;
            if (byg[lo] != c)
                continue; /* another method of a run that is counted elsewhere */
            size_t hi = lo + 1;
            while (hi < ng && strcmp(byg[hi]->group_key, c->group_key) == 0)
                hi++;
            run.methods = &p->methods[nm];
            for (size_t k = lo + 1; k < hi; k++) {
                p->methods[nm++] = byg[k];
                run.nmethods++;
                res->acc.rows_superseded += byg[k]->nrows;
            }
            if (run.nmethods)
                res->multi_method_runs++;
            /* the counted method may not log time (EnergyTracker's Green
             * Algorithm file): the run's time comes from another method */
            struct gt_record *cw = (struct gt_record *)c; /* owned by the result */
            for (size_t k = 0; k < run.nmethods && isnan(cw->start); k++) {
                const struct gt_record *m = run.methods[k];
                if (isnan(m->start))
                    continue;
                cw->start = m->start;
                cw->end = m->end;
                cw->tz = m->tz;
                if (isnan(cw->duration_s))
                    cw->duration_s = m->duration_s;
            }
        }
        /* 3. filters */
        const struct gt_agg_opts *o = &a->opts;
        int keep = 1;
        if (o->nprojects)
            seen_p[nsp++] = c->project ? c->project : "";
        if (o->nhosts)
            seen_h[nsh++] = c->host ? c->host : "";
        if (c->kind == GT_KIND_PREDICTED && !o->include_predicted) {
            keep = 0;
            res->excluded_predicted++;
        } else {
            double t = !isnan(c->start) ? c->start : c->end;
            if ((o->has_since && (isnan(t) || t < o->since)) ||
                (o->has_until && (isnan(t) || t >= o->until)) ||
                (o->nprojects && !str_in(c->project, o->projects, o->nprojects)) ||
                (o->nhosts && !str_in(c->host, o->hosts, o->nhosts))) {
                keep = 0;
            }
            if (keep && o->ntools) {
                keep = 0;
                for (size_t k = 0; k < o->ntools; k++)
                    keep |= o->tools[k] == c->tool;
            }
            if (!keep)
                res->excluded_filter++;
        }
        if (!keep) {
            res->acc.rows_excluded += c->nrows;
            continue;
        }
        res->acc.rows_used += c->nrows;
        if (run.gap_line)
            res->gap_runs++;
        harmonise(o, &run);
        run_range(o, &run);
        res->ci_series_runs += run.ci_use == GT_CI_USE_SERIES;
        res->ci_partial_runs += run.ci_use == GT_CI_USE_PARTIAL;
        if (run.ci_use == GT_CI_USE_FALLBACK) {
            res->ci_fallback_runs++;
            res->ci_fallback_local += c->tz == GT_TZ_LOCAL;
            res->ci_fallback_notime += c->tz != GT_TZ_LOCAL && isnan(run.ci_coverage);
        }
        res->runs[res->nruns++] = run;
    }
    free(byg);
    free(gaps);
    int seen_ok = distinct(seen_p, nsp, &res->seen_projects, &res->nseen_projects) == 0 &&
                  distinct(seen_h, nsh, &res->seen_hosts, &res->nseen_hosts) == 0;
    free(seen_p);
    free(seen_h);
    if (!seen_ok)
        goto fail;
    /* 4. keys, order, groups, totals */
    size_t klen = 0;
    char kb[512];
    for (size_t i = 0; i < res->nruns; i++)
        for (int k = 0; k < GT_KEY__COUNT; k++)
            klen += strlen(gt_agg_key_value(res->runs[i].rec, (enum gt_key)k, kb, sizeof kb)) + 1;
    p->keybuf = malloc(klen ? klen : 1);
    if (!p->keybuf)
        goto fail;
    char *kp = p->keybuf;
    for (size_t i = 0; i < res->nruns; i++)
        for (int k = 0; k < GT_KEY__COUNT; k++) {
            const char *v = gt_agg_key_value(res->runs[i].rec, (enum gt_key)k, kb, sizeof kb);
            size_t l = strlen(v) + 1;
            memcpy(kp, v, l);
            res->runs[i].key[k] = kp;
            kp += l;
        }
    for (size_t i = 0; i < res->nruns; i++)
        totals_add(&res->totals, &res->runs[i]);
    if (a->opts.nby) {
        sort_opts = &a->opts;
        qsort(res->runs, res->nruns, sizeof *res->runs, cmp_by_keys);
        res->groups = calloc(res->nruns ? res->nruns : 1, sizeof *res->groups);
        if (!res->groups)
            goto fail;
        for (size_t i = 0; i < res->nruns; i++) {
            struct gt_run *r = &res->runs[i];
            struct gt_group *g = res->ngroups ? &res->groups[res->ngroups - 1] : NULL;
            int same = g != NULL;
            for (size_t k = 0; same && k < a->opts.nby; k++)
                same = strcmp(g->key[k], r->key[a->opts.by[k]]) == 0;
            if (!same) {
                g = &res->groups[res->ngroups++];
                for (size_t k = 0; k < a->opts.nby; k++)
                    g->key[k] = r->key[a->opts.by[k]];
            }
            totals_add(&g->t, r);
        }
    }
    totals_fold(&res->totals, a->opts.unc != NULL);
    for (size_t g = 0; g < res->ngroups; g++)
        totals_fold(&res->groups[g].t, a->opts.unc != NULL);
    qsort(res->runs, res->nruns, sizeof *res->runs, cmp_run);
    st = GT_OK;
fail:
    free(chosen);
    free(gap_recs);
    free(rows);
    for (size_t i = 0; i < a->nruns; i++) {
        free(a->runs[i].key);
        if (a->runs[i].best_e && a->runs[i].best_e != a->runs[i].best)
            free(a->runs[i].best_e);
        free(a->runs[i].best);
    }
    for (size_t i = 0; i < a->naslots; i++)
        free(a->akeys[i]);
    free(a->akeys);
    free(a->aslots);
    free(a->runs);
    free(a->slots);
    free(a);
    if (st != GT_OK) {
        gt_agg_result_free(res);
        res = NULL;
    }
    *out = res;
    return st;
}

void gt_agg_result_free(struct gt_agg_result *r)
{
    if (!r)
        return;
    struct priv *p = r->priv;
    if (p) {
        for (size_t i = 0; i < p->nrecs; i++)
            free(p->recs[i]);
        free(p->recs);
        free(p->keybuf);
        free(p->methods);
        free(p);
    }
    for (size_t i = 0; i < r->nseen_projects; i++)
        free(r->seen_projects[i]);
    for (size_t i = 0; i < r->nseen_hosts; i++)
        free(r->seen_hosts[i]);
    free(r->seen_projects);
    free(r->seen_hosts);
    free(r->runs);
    free(r->groups);
    free(r);
}
