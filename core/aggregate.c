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

/* --- interned strings ------------------------------------------------------------ */

/* Strings stored once (file names, projects, hosts, models, run ids) and
 * referred to by a 32-bit id; id 0 is "". The strings live in blocks that
 * never move, so the result can take the pool over and hand out pointers. */
struct pool {
    char **blocks;
    size_t nblocks, capblocks;
    char *cur;
    size_t left;
    const char **strs; /* id -> string */
    uint32_t n, cap;
    uint64_t *slots; /* open addressing: hash's high half << 32 | id + 1; 0 empty */
    size_t nslots;
};

#define POOL_BLOCK ((size_t)1 << 16)

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ (uint64_t)n;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
        s += 8;
        n -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 29);
}

static int pool_init(struct pool *p)
{
    memset(p, 0, sizeof *p);
    p->nslots = 1024;
    p->slots = calloc(p->nslots, sizeof *p->slots);
    p->cap = 1024;
    p->strs = malloc(p->cap * sizeof *p->strs);
    if (!p->slots || !p->strs)
        return -1;
    p->strs[0] = "";
    p->n = 1;
    return 0;
}

static void pool_free(struct pool *p)
{
    for (size_t i = 0; i < p->nblocks; i++)
        free(p->blocks[i]);
    free(p->blocks);
    free(p->strs);
    free(p->slots);
    memset(p, 0, sizeof *p);
}

/* A copy of s[0..len) in the pool's blocks; NULL when out of memory. */
static const char *pool_copy(struct pool *p, const char *s, size_t len)
{
    if (len + 1 > p->left) {
        size_t sz = len + 1 > POOL_BLOCK / 4 ? len + 1 : POOL_BLOCK;
        if (p->nblocks == p->capblocks) {
            size_t nc = p->capblocks ? p->capblocks * 2 : 16;
            char **b = realloc(p->blocks, nc * sizeof *b);
            if (!b)
                return NULL;
            p->blocks = b;
            p->capblocks = nc;
        }
        char *b = malloc(sz);
        if (!b)
            return NULL;
        p->blocks[p->nblocks++] = b;
        if (sz != POOL_BLOCK) { /* a long string has a block of its own */
            memcpy(b, s, len);
            b[len] = '\0';
            return b;
        }
        p->cur = b;
        p->left = sz;
    }
    char *d = p->cur;
    memcpy(d, s, len);
    d[len] = '\0';
    p->cur += len + 1;
    p->left -= len + 1;
    return d;
}

static int pool_grow(struct pool *p)
{
    size_t ns = p->nslots * 2;
    uint64_t *s = calloc(ns, sizeof *s);
    if (!s)
        return -1;
    for (uint32_t id = 1; id < p->n; id++) {
        uint64_t h = hash_bytes(p->strs[id], strlen(p->strs[id]));
        size_t i = (size_t)h & (ns - 1);
        while (s[i])
            i = (i + 1) & (ns - 1);
        s[i] = (h & 0xffffffff00000000ull) | (id + 1);
    }
    free(p->slots);
    p->slots = s;
    p->nslots = ns;
    return 0;
}

/* The id of s (added when new); -1 when out of memory. */
static int pool_id(struct pool *p, const char *s, uint32_t *id)
{
    size_t len = strlen(s);
    if (!len) {
        *id = 0;
        return 0;
    }
    if ((size_t)(p->n + 1) * 2 > p->nslots && pool_grow(p))
        return -1;
    uint64_t h = hash_bytes(s, len), tag = h & 0xffffffff00000000ull;
    size_t m = p->nslots - 1, i = (size_t)h & m;
    while (p->slots[i]) {
        if ((p->slots[i] & 0xffffffff00000000ull) == tag) {
            uint32_t cand = (uint32_t)p->slots[i] - 1;
            const char *t = p->strs[cand];
            if (memcmp(t, s, len) == 0 && t[len] == '\0') {
                *id = cand;
                return 0;
            }
        }
        i = (i + 1) & m;
    }
    if (p->n == UINT32_MAX)
        return -1;
    if (p->n == p->cap) {
        uint32_t nc = p->cap > UINT32_MAX / 2 ? UINT32_MAX : p->cap * 2;
        const char **n = realloc(p->strs, (size_t)nc * sizeof *n);
        if (!n)
            return -1;
        p->strs = n;
        p->cap = nc;
    }
    const char *c = pool_copy(p, s, len);
    if (!c)
        return -1;
    p->strs[p->n] = c;
    p->slots[i] = tag | (p->n + 1);
    *id = p->n++;
    return 0;
}

/* --- run table ------------------------------------------------------------------ */

/* The strings of a compact record. */
enum {
    S_FILE,
    S_FORMAT,
    S_RUN_KEY,
    S_RUN_ID,
    S_PROJECT,
    S_EXPERIMENT,
    S_USER,
    S_HOST,
    S_GROUP,
    S_COUNTRY,
    S_ISO,
    S_REGION,
    S_CPU,
    S_GPU,
    S__COUNT
};

/* What the aggregate needs of a row, in a fixed size: the figures, and the
 * strings as pool ids. The row itself (extras, series, the other strings) is
 * kept only when the caller wants every run (gt_agg_opts.notable_runs_only
 * unset). */
struct crec {
    double start, end, duration_s, energy_kwh, cpu_kwh, gpu_kwh, ram_kwh, co2e_g;
    long line;
    uint32_t nrows;
    uint32_t run_key, run_id; /* pool ids */
    uint32_t prof;            /* index into gt_agg.prof */
    uint8_t tool, kind, tz, flags;
};

/* What rows of many runs share (file, project, host, hardware, place, the
 * PUE and carbon intensity as logged), stored once: a row refers to it by
 * index. s[S_RUN_KEY] and s[S_RUN_ID] are unused (0). */
struct prof {
    uint32_t s[S__COUNT];
    double pue, ci_g_per_kwh;
};

/* crec.flags: the record's GT_REC_* flags (bits 0-6) and this one: a
 * greentally run log whose CPU figure is RAPL's (its extra cpu_method, which
 * the uncertainty basis reads; gt_unc_basis_of). */
#define CREC_CPU_RAPL 0x80u

/* Which row counts when the best row has no energy (best_e in the rules). */
enum { E_NONE, E_SAME, E_SIDE };

struct run {
    struct crec best; /* best row */
    long rows;
    uint32_t side;  /* 0, or index + 1 of the run's slot in gt_agg.side */
    uint8_t estate; /* E_*: the best row with energy is none, best, or side */
};

/* Anonymous runs: (tool, project, 4 s bucket) -> chain of runs. */
struct abucket {
    long bucket;
    uint32_t project, head; /* head: index + 1 into gt_agg.anon, 0 none */
    uint8_t tool, used;
};
struct anon {
    double start;
    uint32_t run, next; /* next: index + 1, 0 end */
};

struct gt_agg {
    struct gt_agg_opts opts;
    struct pool pool;
    uint32_t last[S__COUNT]; /* the id each string field had in the previous row */
    struct prof *prof;       /* distinct profiles */
    size_t nprof, capprof;
    uint32_t *pslots; /* profile hash: index + 1 */
    size_t npslots;
    uint32_t last_prof;
    struct run *runs;
    size_t nruns, cap;
    struct gt_record **full; /* every run's best row in full, or NULL (notable only) */
    struct crec *side;       /* best rows with energy that are not the best row */
    struct gt_record **side_full;
    size_t nside, capside;
    uint32_t *slots; /* (tool, run_key) -> run index + 1 */
    size_t nslots;
    struct abucket *ab;
    size_t nab, capab;
    struct anon *anon;
    size_t nanon, capanon;
    struct gt_accounting acc;
    unsigned need;       /* the string fields kept (1 << S_*) */
    int full_given;      /* the result owns the full rows */
    int order_sensitive; /* delta or anonymous rows were added (see gt_agg_merge) */
};

struct gt_agg *gt_agg_new(const struct gt_agg_opts *opts)
{
    struct gt_agg *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->opts = *opts;
    a->need = ~0u;
    if (opts->notable_runs_only) {
        /* only what groups, filters and the notes on runs use */
        a->need = 1u << S_FILE | 1u << S_FORMAT | 1u << S_RUN_KEY | 1u << S_RUN_ID |
                  1u << S_PROJECT | 1u << S_GROUP;
        static const int field_of[GT_KEY__COUNT] = {[GT_KEY_TOOL] = -1,
                                                    [GT_KEY_PROJECT] = S_PROJECT,
                                                    [GT_KEY_EXPERIMENT] = S_EXPERIMENT,
                                                    [GT_KEY_RUN] = -1,
                                                    [GT_KEY_HOST] = S_HOST,
                                                    [GT_KEY_USER] = S_USER,
                                                    [GT_KEY_CPU] = S_CPU,
                                                    [GT_KEY_GPU] = S_GPU,
                                                    [GT_KEY_COUNTRY] = S_COUNTRY,
                                                    [GT_KEY_REGION] = S_REGION,
                                                    [GT_KEY_DAY] = -1,
                                                    [GT_KEY_WEEK] = -1,
                                                    [GT_KEY_MONTH] = -1,
                                                    [GT_KEY_YEAR] = -1};
        for (size_t k = 0; k < opts->nby; k++)
            if ((unsigned)opts->by[k] < GT_KEY__COUNT && field_of[opts->by[k]] >= 0)
                a->need |= 1u << field_of[opts->by[k]];
        if (a->need & (1u << S_COUNTRY))
            a->need |= 1u << S_ISO;
        if (opts->nhosts)
            a->need |= 1u << S_HOST;
    }
    a->nslots = 1024;
    a->slots = calloc(a->nslots, sizeof *a->slots);
    a->capab = 256;
    a->ab = calloc(a->capab, sizeof *a->ab);
    if (pool_init(&a->pool) || !a->slots || !a->ab) {
        pool_free(&a->pool);
        free(a->slots);
        free(a->ab);
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

static int rank_kind(int k)
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

/* > 0 when a row (kind, end, duration) is better than o (ties go to the newer
 * row). */
static int better(int kind, double end, double dur, const struct crec *o)
{
    int c = rank_kind(kind) - rank_kind(o->kind);
    if (c)
        return c;
    c = cmp_nan_last(end, o->end);
    if (c)
        return c;
    c = cmp_nan_last(dur, o->duration_s);
    if (c)
        return c;
    return 1;
}

static int has_energy(const struct gt_record *r)
{
    return !isnan(gt_record_energy(r));
}

static int crec_energy_known(const struct crec *c)
{
    return !isnan(c->energy_kwh) ||
           (!isnan(c->cpu_kwh) && !isnan(c->gpu_kwh) && !isnan(c->ram_kwh));
}

/* Interns a string field, trying the previous row's value first (id 0 for a
 * field that is not kept). */
static int field(struct gt_agg *a, int f, const char *s, uint32_t *out)
{
    if (!(a->need >> f & 1u)) {
        *out = 0;
        return 0;
    }
    const char *l = a->pool.strs[a->last[f]];
    if (l[0] == s[0] && strcmp(l, s) == 0) {
        *out = a->last[f];
        return 0;
    }
    if (pool_id(&a->pool, s, out))
        return -1;
    a->last[f] = *out;
    return 0;
}

/* The index of profile x (added when new); -1 when out of memory. */
static int prof_id(struct gt_agg *a, const struct prof *x, uint32_t *out)
{
    if (a->nprof && memcmp(&a->prof[a->last_prof], x, sizeof *x) == 0) {
        *out = a->last_prof;
        return 0;
    }
    if ((a->nprof + 1) * 2 > a->npslots) {
        size_t ns = a->npslots ? a->npslots * 2 : 64;
        uint32_t *sl = calloc(ns, sizeof *sl);
        if (!sl)
            return -1;
        for (size_t i = 0; i < a->nprof; i++) {
            size_t h = (size_t)hash_bytes((const char *)&a->prof[i], sizeof *x) & (ns - 1);
            while (sl[h])
                h = (h + 1) & (ns - 1);
            sl[h] = (uint32_t)i + 1;
        }
        free(a->pslots);
        a->pslots = sl;
        a->npslots = ns;
    }
    size_t m = a->npslots - 1, h = (size_t)hash_bytes((const char *)x, sizeof *x) & m;
    while (a->pslots[h]) {
        if (memcmp(&a->prof[a->pslots[h] - 1], x, sizeof *x) == 0) {
            *out = a->last_prof = a->pslots[h] - 1;
            return 0;
        }
        h = (h + 1) & m;
    }
    if (a->nprof == a->capprof) {
        size_t nc = a->capprof ? a->capprof * 2 : 64;
        struct prof *n = realloc(a->prof, nc * sizeof *n);
        if (!n)
            return -1;
        a->prof = n;
        a->capprof = nc;
    }
    a->prof[a->nprof] = *x;
    a->pslots[h] = (uint32_t)++a->nprof;
    *out = a->last_prof = (uint32_t)(a->nprof - 1);
    return 0;
}

static const struct prof *P(const struct gt_agg *a, const struct crec *c)
{
    return &a->prof[c->prof];
}

static enum gt_status crec_fill(struct gt_agg *a, struct crec *c, const struct gt_record *r,
                                uint32_t run_key)
{
    c->start = r->start;
    c->end = r->end;
    c->duration_s = r->duration_s;
    c->energy_kwh = r->energy_kwh;
    c->cpu_kwh = r->cpu_kwh;
    c->gpu_kwh = r->gpu_kwh;
    c->ram_kwh = r->ram_kwh;
    c->co2e_g = r->co2e_g;
    c->line = r->line;
    c->nrows = r->nrows > 0 && r->nrows < (long)UINT32_MAX ? (uint32_t)r->nrows : 1;
    c->tool = (uint8_t)r->tool;
    c->kind = (uint8_t)r->kind;
    c->tz = (uint8_t)r->tz;
    c->flags = (uint8_t)(r->flags & 0x7fu);
    if (r->tool == GT_TOOL_GREENTALLY)
        for (size_t i = 0; i < r->nextras; i++)
            if (!strcmp(r->extras[i].key, "cpu_method") && !strcmp(r->extras[i].value, "rapl"))
                c->flags |= CREC_CPU_RAPL;
    c->run_key = run_key;
    if (run_key && strcmp(r->run_id, r->run_key) == 0)
        c->run_id = run_key;
    else if (field(a, S_RUN_ID, r->run_id, &c->run_id))
        return GT_E_NOMEM;
    struct prof x;
    memset(&x, 0, sizeof x);
    x.pue = r->pue;
    x.ci_g_per_kwh = r->ci_g_per_kwh;
    if (field(a, S_FILE, r->file, &x.s[S_FILE]) || field(a, S_FORMAT, r->format, &x.s[S_FORMAT]) ||
        field(a, S_PROJECT, r->project, &x.s[S_PROJECT]) ||
        field(a, S_EXPERIMENT, r->experiment, &x.s[S_EXPERIMENT]) ||
        field(a, S_USER, r->user, &x.s[S_USER]) || field(a, S_HOST, r->host, &x.s[S_HOST]) ||
        field(a, S_GROUP, r->group_key, &x.s[S_GROUP]) ||
        field(a, S_COUNTRY, r->country, &x.s[S_COUNTRY]) ||
        field(a, S_ISO, r->country_iso, &x.s[S_ISO]) ||
        field(a, S_REGION, r->region, &x.s[S_REGION]) ||
        field(a, S_CPU, r->cpu_model, &x.s[S_CPU]) || field(a, S_GPU, r->gpu_model, &x.s[S_GPU]) ||
        prof_id(a, &x, &c->prof))
        return GT_E_NOMEM;
    return GT_OK;
}

static int want_full(const struct gt_agg *a)
{
    return !a->opts.notable_runs_only;
}

/* Replaces *slot by a copy of r (keeping the block when the copy fits is not
 * worth it: one malloc per better row). */
static enum gt_status keep_full(struct gt_record **slot, const struct gt_record *r)
{
    struct gt_record *d = gt_record_dup(r);
    if (!d)
        return GT_E_NOMEM;
    free(*slot);
    *slot = d;
    return GT_OK;
}

static enum gt_status new_run(struct gt_agg *a, uint32_t run_key, const struct gt_record *rec,
                              size_t *idx)
{
    if (a->nruns == a->cap) {
        size_t nc = a->cap ? a->cap * 2 : 256;
        struct run *p = realloc(a->runs, nc * sizeof *p);
        if (!p)
            return GT_E_NOMEM;
        a->runs = p;
        if (want_full(a)) {
            struct gt_record **f = realloc(a->full, nc * sizeof *f);
            if (!f)
                return GT_E_NOMEM;
            a->full = f;
        }
        a->cap = nc;
    }
    struct run *r = &a->runs[a->nruns];
    memset(r, 0, sizeof *r);
    if (crec_fill(a, &r->best, rec, run_key) != GT_OK)
        return GT_E_NOMEM;
    if (want_full(a)) {
        a->full[a->nruns] = NULL;
        if (keep_full(&a->full[a->nruns], rec) != GT_OK)
            return GT_E_NOMEM;
    }
    r->estate = has_energy(rec) ? E_SAME : E_NONE;
    r->rows = rec->nrows;
    *idx = a->nruns++;
    return GT_OK;
}

static double add_nan(double a, double b)
{
    return isnan(a) ? b : isnan(b) ? a : a + b;
}

/* Delta rows (each its own interval) add up. */
static void sum_into(struct crec *d, const struct gt_record *s)
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
    d->nrows += (uint32_t)s->nrows;
    d->flags &= (uint8_t)~GT_REC_NO_ENERGY;
}

/* The run's side slot (created when it has none). */
static enum gt_status side_slot(struct gt_agg *a, struct run *r, size_t *out)
{
    if (!r->side) {
        if (a->nside == a->capside) {
            size_t nc = a->capside ? a->capside * 2 : 16;
            struct crec *s = realloc(a->side, nc * sizeof *s);
            if (!s)
                return GT_E_NOMEM;
            a->side = s;
            if (want_full(a)) {
                struct gt_record **f = realloc(a->side_full, nc * sizeof *f);
                if (!f)
                    return GT_E_NOMEM;
                a->side_full = f;
            }
            a->capside = nc;
        }
        if (want_full(a))
            a->side_full[a->nside] = NULL;
        r->side = (uint32_t)++a->nside;
    }
    *out = r->side - 1;
    return GT_OK;
}

static enum gt_status update_run(struct gt_agg *a, size_t idx, const struct gt_record *rec)
{
    struct run *r = &a->runs[idx];
    r->rows += rec->nrows;
    if ((rec->flags & GT_REC_DELTA) && (r->best.flags & GT_REC_DELTA)) {
        sum_into(&r->best, rec);
        if (r->estate == E_NONE && crec_energy_known(&r->best))
            r->estate = E_SAME;
        return GT_OK;
    }
    int b = better(rec->kind, rec->end, rec->duration_s, &r->best) > 0;
    int be =
        has_energy(rec) &&
        (r->estate == E_NONE || better(rec->kind, rec->end, rec->duration_s,
                                       r->estate == E_SAME ? &r->best : &a->side[r->side - 1]) > 0);
    if (!b && !be)
        return GT_OK;
    uint32_t key = r->best.run_key;
    size_t s;
    if (b && !be && r->estate == E_SAME) { /* the old best keeps counting: move it aside */
        if (side_slot(a, r, &s) != GT_OK)
            return GT_E_NOMEM;
        r = &a->runs[idx];
        a->side[s] = r->best;
        if (want_full(a)) {
            free(a->side_full[s]);
            a->side_full[s] = a->full[idx];
            a->full[idx] = NULL;
        }
        r->estate = E_SIDE;
    }
    if (b) {
        if (crec_fill(a, &r->best, rec, key) != GT_OK ||
            (want_full(a) && keep_full(&a->full[idx], rec) != GT_OK))
            return GT_E_NOMEM;
        if (be)
            r->estate = E_SAME;
        return GT_OK;
    }
    /* a better row with energy that is not the best row */
    if (side_slot(a, r, &s) != GT_OK)
        return GT_E_NOMEM;
    r = &a->runs[idx];
    if (crec_fill(a, &a->side[s], rec, key) != GT_OK ||
        (want_full(a) && keep_full(&a->side_full[s], rec) != GT_OK))
        return GT_E_NOMEM;
    r->estate = E_SIDE;
    return GT_OK;
}

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    return x ^ (x >> 33);
}

static enum gt_status rehash(struct gt_agg *a)
{
    size_t ns = a->nslots * 2;
    uint32_t *s = calloc(ns, sizeof *s);
    if (!s)
        return GT_E_NOMEM;
    for (size_t i = 0; i < a->nruns; i++) {
        const struct crec *c = &a->runs[i].best;
        if (!c->run_key)
            continue;
        size_t h = (size_t)mix((uint64_t)c->run_key << 8 | c->tool) & (ns - 1);
        while (s[h])
            h = (h + 1) & (ns - 1);
        s[h] = (uint32_t)i + 1;
    }
    free(a->slots);
    a->slots = s;
    a->nslots = ns;
    return GT_OK;
}

/* Anonymous rows: same tool and project, start within 2 s. Buckets of 4 s
 * keyed by (tool, project, floor(start / 4)); neighbours are checked too. */
static struct abucket *abucket(struct gt_agg *a, uint8_t tool, uint32_t project, long bucket,
                               int create)
{
    size_t m = a->capab - 1;
    size_t h =
        (size_t)mix((uint64_t)bucket * 0x9e3779b97f4a7c15ull ^ (uint64_t)project << 8 ^ tool) & m;
    while (a->ab[h].used) {
        struct abucket *b = &a->ab[h];
        if (b->bucket == bucket && b->project == project && b->tool == tool)
            return b;
        h = (h + 1) & m;
    }
    if (!create)
        return NULL;
    if ((a->nab + 1) * 2 > a->capab) {
        size_t nc = a->capab * 2;
        struct abucket *n = calloc(nc, sizeof *n);
        if (!n)
            return NULL;
        struct abucket *o = a->ab;
        size_t oc = a->capab;
        a->ab = n;
        a->capab = nc;
        a->nab = 0;
        for (size_t i = 0; i < oc; i++)
            if (o[i].used)
                *abucket(a, o[i].tool, o[i].project, o[i].bucket, 1) = o[i];
        free(o);
        return abucket(a, tool, project, bucket, create);
    }
    a->nab++;
    a->ab[h] = (struct abucket){bucket, project, 0, tool, 1};
    return &a->ab[h];
}

static enum gt_status add_anon(struct gt_agg *a, const struct gt_record *rec)
{
    double st = rec->start;
    long b = (long)floor(st / 4.0);
    uint32_t project;
    if (field(a, S_PROJECT, rec->project, &project))
        return GT_E_NOMEM;
    uint8_t tool = (uint8_t)rec->tool;
    for (long d = -1; d <= 1; d++) {
        struct abucket *bk = abucket(a, tool, project, b + d, 0);
        for (uint32_t i = bk ? bk->head : 0; i; i = a->anon[i - 1].next)
            if (fabs(a->anon[i - 1].start - st) <= 2.0)
                return update_run(a, a->anon[i - 1].run, rec);
    }
    if (a->nanon == a->capanon) {
        size_t nc = a->capanon ? a->capanon * 2 : 64;
        struct anon *n = realloc(a->anon, nc * sizeof *n);
        if (!n)
            return GT_E_NOMEM;
        a->anon = n;
        a->capanon = nc;
    }
    size_t idx;
    if (new_run(a, 0, rec, &idx) != GT_OK)
        return GT_E_NOMEM;
    struct abucket *bk = abucket(a, tool, project, b, 1);
    if (!bk)
        return GT_E_NOMEM;
    a->anon[a->nanon] = (struct anon){st, (uint32_t)idx, bk->head};
    bk->head = (uint32_t)++a->nanon;
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
    if (rec->anon_run || (rec->flags & GT_REC_DELTA))
        a->order_sensitive = 1;
    if (a->nruns >= UINT32_MAX - 1)
        return GT_E_NOMEM;
    if (rec->anon_run && !isnan(rec->start))
        return add_anon(a, rec);
    if (!rec->run_key[0])
        return new_run(a, 0, rec, &idx);
    uint32_t key;
    if (field(a, S_RUN_KEY, rec->run_key, &key))
        return GT_E_NOMEM;
    size_t m = a->nslots - 1;
    size_t h = (size_t)mix((uint64_t)key << 8 | (uint8_t)rec->tool) & m;
    while (a->slots[h]) {
        const struct crec *c = &a->runs[a->slots[h] - 1].best;
        if (c->run_key == key && c->tool == (uint8_t)rec->tool)
            return update_run(a, a->slots[h] - 1, rec);
        h = (h + 1) & m;
    }
    if (new_run(a, key, rec, &idx) != GT_OK)
        return GT_E_NOMEM;
    a->slots[h] = (uint32_t)idx + 1;
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
    struct pool strings;     /* the compact records' strings (taken from the agg) */
    struct pool keys;        /* key values of runs and groups */
    struct gt_record **recs; /* every record the result owns */
    size_t nrecs, cap;
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
    t->recomputed_co2e += (r->recomputed_what & GT_RECOMPUTED_CO2E) != 0;
    t->recomputed_energy += (r->recomputed_what & GT_RECOMPUTED_ENERGY) != 0;
    t->pue_kept += (r->recomputed_what & GT_RECOMPUTED_PUE_KEPT) != 0;
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

void gt_agg_totals_add(struct gt_totals *t, const struct gt_run *r)
{
    totals_add(t, r);
}

void gt_agg_totals_fold(struct gt_totals *t, int ranges)
{
    totals_fold(t, ranges);
}

/* Method preference for a run measured several ways: the tool's own figure
 * (EnergyTracker's Green Algorithm file), then eco2ai, then CodeCarbon. */
static int method_rank(const struct crec *r)
{
    if (!crec_energy_known(r))
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
            r->recomputed_what |= GT_RECOMPUTED_CO2E;
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
    r->recomputed_what |= GT_RECOMPUTED_CO2E;
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
    /* derived only when finite: a tiny energy beside a plausible CO2e would
     * give an infinite intensity (and an infinite CO2e after --pue) */
    if (isnan(r->ci_g_per_kwh) && !isnan(r->co2e_g) && r->energy_kwh > 0 &&
        isfinite(r->co2e_g / r->energy_kwh))
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
            r->recomputed_what |= GT_RECOMPUTED_ENERGY;
            nl += (size_t)snprintf(r->recompute_note + nl, sizeof(r->recompute_note) - nl,
                                   "energy: PUE %g replaced by %g", rec->pue, o->pue);
        } else {
            r->recomputed_what |= GT_RECOMPUTED_PUE_KEPT;
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
        r->recomputed_what |= GT_RECOMPUTED_CO2E;
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

/* The chosen row of run i: the best row with energy, else the best row. */
static const struct crec *chosen(const struct gt_agg *a, size_t i, struct gt_record **full)
{
    const struct run *r = &a->runs[i];
    int side = r->estate == E_SIDE;
    if (full)
        *full = !want_full(a) ? NULL : side ? a->side_full[r->side - 1] : a->full[i];
    return side ? &a->side[r->side - 1] : &r->best;
}

/* Writes the figures of c into r (rows of a run that add up change them). */
static void crec_patch(const struct crec *c, struct gt_record *r)
{
    r->start = c->start;
    r->end = c->end;
    r->duration_s = c->duration_s;
    r->energy_kwh = c->energy_kwh;
    r->cpu_kwh = c->cpu_kwh;
    r->gpu_kwh = c->gpu_kwh;
    r->ram_kwh = c->ram_kwh;
    r->co2e_g = c->co2e_g;
    r->nrows = c->nrows;
    r->flags = (r->flags & ~0x7fu) | (c->flags & 0x7fu);
}

/* c as a record: its strings from the pool, no extras or series. */
static void crec_record(const struct gt_agg *a, const struct pool *p, const struct crec *c,
                        struct gt_record *r)
{
    const struct prof *x = P(a, c);
    gt_record_init(r);
    crec_patch(c, r);
    r->line = c->line;
    r->pue = x->pue;
    r->ci_g_per_kwh = x->ci_g_per_kwh;
    static const struct gt_kv rapl = {"cpu_method", "rapl"};
    if (c->flags & CREC_CPU_RAPL) {
        r->nextras = 1;
        r->extras = &rapl;
    }
    r->tool = (enum gt_tool)c->tool;
    r->kind = (enum gt_kind)c->kind;
    r->tz = (enum gt_tz)c->tz;
    r->file = p->strs[x->s[S_FILE]];
    r->format = p->strs[x->s[S_FORMAT]];
    r->run_key = p->strs[c->run_key];
    r->run_id = p->strs[c->run_id];
    r->project = p->strs[x->s[S_PROJECT]];
    r->experiment = p->strs[x->s[S_EXPERIMENT]];
    r->user = p->strs[x->s[S_USER]];
    r->host = p->strs[x->s[S_HOST]];
    r->group_key = p->strs[x->s[S_GROUP]];
    r->country = p->strs[x->s[S_COUNTRY]];
    r->country_iso = p->strs[x->s[S_ISO]];
    r->region = p->strs[x->s[S_REGION]];
    r->cpu_model = p->strs[x->s[S_CPU]];
    r->gpu_model = p->strs[x->s[S_GPU]];
}

/* A record the result owns for row c: the full row when kept (patched), else
 * a copy of its compact form. NULL when out of memory. */
static struct gt_record *owned_record(const struct gt_agg *a, struct priv *p, const struct crec *c,
                                      struct gt_record *full)
{
    if (full) {
        crec_patch(c, full);
        return full;
    }
    struct gt_record *r = malloc(sizeof *r);
    if (!r || own(p, r)) {
        free(r);
        return NULL;
    }
    crec_record(a, &p->strings, c, r);
    return r;
}

static const struct gt_agg *gsort_agg;

/* Runs of one group_key together, the preferred method first, then in the
 * order they were read. */
static int cmp_group_member(const void *pa, const void *pb)
{
    uint32_t ia = *(const uint32_t *)pa, ib = *(const uint32_t *)pb;
    const struct crec *a = chosen(gsort_agg, ia, NULL), *b = chosen(gsort_agg, ib, NULL);
    uint32_t ga = P(gsort_agg, a)->s[S_GROUP], gb = P(gsort_agg, b)->s[S_GROUP];
    if (ga != gb)
        return ga < gb ? -1 : 1;
    int c = method_rank(b) - method_rank(a);
    if (c)
        return c;
    return ia < ib ? -1 : ia > ib;
}

static const struct gt_agg_opts *sort_opts;

static int cmp_group(const void *pa, const void *pb)
{
    const struct gt_group *a = pa, *b = pb;
    for (size_t i = 0; i < sort_opts->nby; i++) {
        int c = strcmp(a->key[i], b->key[i]);
        if (c)
            return c;
    }
    return 0;
}

/* Groups found by their key values' ids. */
struct gtab {
    uint32_t *ids; /* nby per group */
    size_t cap;
    uint32_t *slots; /* group index + 1 */
    size_t nslots;
};

static uint64_t ids_hash(const uint32_t *ids, size_t n)
{
    uint64_t h = 0x2545f4914f6cdd1dull;
    for (size_t i = 0; i < n; i++)
        h = mix(h ^ ids[i]);
    return h;
}

static int group_of(struct gt_agg_result *res, struct priv *p, struct gtab *t, const uint32_t *ids,
                    size_t *out)
{
    size_t nby = res->opts.nby;
    if ((res->ngroups + 1) * 2 > t->nslots) {
        size_t ns = t->nslots ? t->nslots * 2 : 64;
        uint32_t *s = calloc(ns, sizeof *s);
        if (!s)
            return -1;
        for (size_t g = 0; g < res->ngroups; g++) {
            size_t h = (size_t)ids_hash(&t->ids[g * nby], nby) & (ns - 1);
            while (s[h])
                h = (h + 1) & (ns - 1);
            s[h] = (uint32_t)g + 1;
        }
        free(t->slots);
        t->slots = s;
        t->nslots = ns;
    }
    size_t h = (size_t)ids_hash(ids, nby) & (t->nslots - 1);
    while (t->slots[h]) {
        size_t g = t->slots[h] - 1;
        if (memcmp(&t->ids[g * nby], ids, nby * sizeof *ids) == 0) {
            *out = g;
            return 0;
        }
        h = (h + 1) & (t->nslots - 1);
    }
    if (res->ngroups == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 64;
        uint32_t *ni = realloc(t->ids, nc * nby * sizeof *ni);
        if (!ni)
            return -1;
        t->ids = ni;
        struct gt_group *ng = realloc(res->groups, nc * sizeof *ng);
        if (!ng)
            return -1;
        res->groups = ng;
        t->cap = nc;
    }
    size_t g = res->ngroups++;
    memcpy(&t->ids[g * nby], ids, nby * sizeof *ids);
    memset(&res->groups[g], 0, sizeof res->groups[g]);
    for (size_t k = 0; k < nby; k++)
        res->groups[g].key[k] = p->keys.strs[ids[k]];
    t->slots[h] = (uint32_t)g + 1;
    *out = g;
    return 0;
}

static int key_id(struct priv *p, const struct gt_record *r, enum gt_key k, uint32_t *id)
{
    char kb[512];
    return pool_id(&p->keys, gt_agg_key_value(r, k, kb, sizeof kb), id);
}

/* Frees what the agg still holds. */
static void agg_free(struct gt_agg *a)
{
    if (a->full && !a->full_given)
        for (size_t i = 0; i < a->nruns; i++)
            free(a->full[i]);
    if (a->side_full && !a->full_given)
        for (size_t i = 0; i < a->nside; i++)
            free(a->side_full[i]);
    free(a->full);
    free(a->side_full);
    free(a->side);
    free(a->runs);
    free(a->slots);
    free(a->ab);
    free(a->anon);
    free(a->prof);
    free(a->pslots);
    pool_free(&a->pool);
    free(a);
}

enum gt_status gt_agg_finish(struct gt_agg *a, struct gt_agg_result **out)
{
    enum gt_status st = GT_E_NOMEM;
    struct gt_agg_result *res = calloc(1, sizeof *res);
    struct priv *p = calloc(1, sizeof *p);
    uint32_t *byg = NULL, *pos = NULL, *gstart = NULL;
    const char **seen_p = NULL, **seen_h = NULL;
    struct gtab gt = {0};
    size_t capruns = 0;
    if (!res || !p) {
        free(p);
        goto fail;
    }
    res->priv = p;
    p->strings = a->pool;
    memset(&a->pool, 0, sizeof a->pool);
    if (pool_init(&p->keys))
        goto fail;
    res->opts = a->opts;
    res->acc = a->acc;
    const struct gt_agg_opts *o = &a->opts;
    int full = want_full(a);
    size_t n = a->nruns;
    /* the result owns every full row */
    for (size_t i = 0; full && i < n + a->nside; i++) {
        struct gt_record **f = i < n ? &a->full[i] : &a->side_full[i - n];
        if (own(p, *f)) {
            for (size_t k = 0; k < i; k++) /* the rest is freed with the agg */
                *(k < n ? &a->full[k] : &a->side_full[k - n]) = NULL;
            goto fail;
        }
    }
    a->full_given = full;
    struct gt_record **fbest = a->full, **fside = a->side_full;
    /* 1. runs measured several ways (same group_key): best method counts */
    size_t ng = 0;
    for (size_t i = 0; i < n; i++)
        ng += P(a, chosen(a, i, NULL))->s[S_GROUP] != 0;
    byg = malloc((ng ? ng : 1) * sizeof *byg);
    gstart = malloc((ng ? ng : 1) * sizeof *gstart);
    pos = ng ? malloc(n * sizeof *pos) : NULL;
    p->methods = malloc((ng ? ng : 1) * sizeof *p->methods);
    capruns = full ? n : 16;
    res->runs = malloc((capruns ? capruns : 1) * sizeof *res->runs);
    if (!byg || !gstart || (ng && !pos) || !p->methods || !res->runs) {
        goto fail;
    }
    ng = 0;
    for (size_t i = 0; i < n; i++)
        if (P(a, chosen(a, i, NULL))->s[S_GROUP])
            byg[ng++] = (uint32_t)i;
    gsort_agg = a;
    qsort(byg, ng, sizeof *byg, cmp_group_member);
    for (size_t k = 0; k < ng; k++) {
        gstart[k] = k && P(a, chosen(a, byg[k], NULL))->s[S_GROUP] ==
                                P(a, chosen(a, byg[k - 1], NULL))->s[S_GROUP]
                        ? gstart[k - 1]
                        : (uint32_t)k;
        pos[byg[k]] = (uint32_t)k;
    }
    size_t nm = 0;
    size_t nsp = 0, nsh = 0;
    if ((a->opts.nprojects && !(seen_p = malloc((n ? n : 1) * sizeof *seen_p))) ||
        (a->opts.nhosts && !(seen_h = malloc((n ? n : 1) * sizeof *seen_h))))
        goto fail;
    for (size_t i = 0; i < n; i++) {
        const struct run *ru = &a->runs[i];
        const struct crec *c = chosen(a, i, NULL);
        struct gt_record *cfull = !full                  ? NULL
                                  : ru->estate == E_SIDE ? fside[ru->side - 1]
                                                         : fbest[i];
        res->acc.rows_superseded += ru->rows - (long)c->nrows;
        struct gt_run run;
        memset(&run, 0, sizeof run);
        struct gt_record tmp;
        if (cfull)
            crec_patch(c, cfull);
        else
            crec_record(a, &p->strings, c, &tmp);
        struct gt_record *rec = cfull ? cfull : &tmp;
        run.rec = rec;
        run.rows = ru->rows;
        if (ru->estate == E_SIDE)
            run.gap_line = ru->best.line;
        if (P(a, c)->s[S_GROUP]) {
            /* only the group's first (best) member is a run */
            size_t k = pos[i];
            if (gstart[k] != k)
                continue; /* another method of a run that is counted elsewhere */
            run.methods = &p->methods[nm];
            for (size_t j = k + 1; j < ng && gstart[j] == k; j++) {
                struct gt_record *mf;
                const struct crec *mc = chosen(a, byg[j], &mf);
                const struct gt_record *m = owned_record(a, p, mc, mf);
                if (!m) {
                    goto fail;
                }
                p->methods[nm++] = m;
                run.nmethods++;
                res->acc.rows_superseded += m->nrows;
            }
            /* the counted method may not log time (EnergyTracker's Green
             * Algorithm file): the run's time comes from another method */
            for (size_t k2 = 0; k2 < run.nmethods && isnan(rec->start); k2++) {
                const struct gt_record *m = run.methods[k2];
                if (isnan(m->start))
                    continue;
                rec->start = m->start;
                rec->end = m->end;
                rec->tz = m->tz;
                if (isnan(rec->duration_s))
                    rec->duration_s = m->duration_s;
            }
        }
        /* 2. filters */
        int keep = 1;
        if (o->nprojects)
            seen_p[nsp++] = rec->project ? rec->project : "";
        if (o->nhosts)
            seen_h[nsh++] = rec->host ? rec->host : "";
        if (rec->kind == GT_KIND_PREDICTED && !o->include_predicted) {
            keep = 0;
            res->excluded_predicted++;
        } else {
            double t = !isnan(rec->start) ? rec->start : rec->end;
            if ((o->has_since && (isnan(t) || t < o->since)) ||
                (o->has_until && (isnan(t) || t >= o->until)) ||
                (o->nprojects && !str_in(rec->project, o->projects, o->nprojects)) ||
                (o->nhosts && !str_in(rec->host, o->hosts, o->nhosts))) {
                keep = 0;
            }
            if (keep && o->ntools) {
                keep = 0;
                for (size_t k = 0; k < o->ntools; k++)
                    keep |= o->tools[k] == rec->tool;
            }
            if (!keep)
                res->excluded_filter++;
        }
        if (!keep) {
            res->acc.rows_excluded += rec->nrows;
            continue;
        }
        res->acc.rows_used += rec->nrows;
        if (run.nmethods) /* counted only when kept: a filtered run is not listed */
            res->multi_method_runs++;
        if (run.gap_line)
            res->gap_runs++;
        harmonise(o, &run);
        run_range(o, &run);
        res->ci_series_runs += run.ci_use == GT_CI_USE_SERIES;
        res->ci_partial_runs += run.ci_use == GT_CI_USE_PARTIAL;
        if (run.ci_use == GT_CI_USE_FALLBACK) {
            res->ci_fallback_runs++;
            res->ci_fallback_local += rec->tz == GT_TZ_LOCAL;
            res->ci_fallback_notime += rec->tz != GT_TZ_LOCAL && isnan(run.ci_coverage);
        }
        /* 3. groups and totals, in the order the runs were read */
        totals_add(&res->totals, &run);
        if (o->nby) {
            uint32_t ids[GT_AGG_MAX_KEYS];
            size_t g;
            for (size_t k = 0; k < o->nby; k++)
                if (key_id(p, rec, o->by[k], &ids[k])) {
                    goto fail;
                }
            if (group_of(res, p, &gt, ids, &g)) {
                goto fail;
            }
            totals_add(&res->groups[g].t, &run);
        }
        /* 4. the run itself, when the caller wants it */
        int notable = full || run.gap_line || run.nmethods || run.ci_use == GT_CI_USE_PARTIAL ||
                      run.ci_use == GT_CI_USE_FALLBACK;
        if (!notable)
            continue;
        if (!cfull) {
            struct gt_record *copy = malloc(sizeof *copy);
            if (!copy || own(p, copy)) {
                free(copy);
                goto fail;
            }
            *copy = tmp;
            run.rec = rec = copy;
        }
        if (run.gap_line &&
            !(run.gap_rec = owned_record(a, p, &ru->best, full ? fbest[i] : NULL))) {
            goto fail;
        }
        for (int k = 0; k < GT_KEY__COUNT; k++) {
            uint32_t id;
            if (key_id(p, rec, (enum gt_key)k, &id)) {
                goto fail;
            }
            run.key[k] = p->keys.strs[id];
        }
        if (res->nruns == capruns) {
            size_t nc = capruns * 2;
            struct gt_run *nr = realloc(res->runs, nc * sizeof *nr);
            if (!nr) {
                goto fail;
            }
            res->runs = nr;
            capruns = nc;
        }
        res->runs[res->nruns++] = run;
    }
    int seen_ok = distinct(seen_p, nsp, &res->seen_projects, &res->nseen_projects) == 0 &&
                  distinct(seen_h, nsh, &res->seen_hosts, &res->nseen_hosts) == 0;
    free(seen_p);
    free(seen_h);
    seen_p = seen_h = NULL;
    if (!seen_ok)
        goto fail;
    /* 5. order: groups by key values, runs by start, tool, file, line */
    sort_opts = o;
    if (res->ngroups)
        qsort(res->groups, res->ngroups, sizeof *res->groups, cmp_group);
    totals_fold(&res->totals, a->opts.unc != NULL);
    for (size_t g = 0; g < res->ngroups; g++)
        totals_fold(&res->groups[g].t, a->opts.unc != NULL);
    qsort(res->runs, res->nruns, sizeof *res->runs, cmp_run);
    st = GT_OK;
fail:
    free(byg);
    free(pos);
    free(gstart);
    free(seen_p);
    free(seen_h);
    free(gt.ids);
    free(gt.slots);
    agg_free(a);
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
        free(p->methods);
        pool_free(&p->strings);
        pool_free(&p->keys);
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

void gt_agg_recompute_text(const struct gt_totals *t, char *buf, size_t size)
{
    size_t n = 0;
    int w = snprintf(buf, size, "%ld of %ld runs recomputed", t->recomputed, t->runs);
    if (w < 0 || (size_t)w >= size)
        return;
    n = (size_t)w;
    if (t->recomputed_co2e || t->recomputed_energy) {
        w = snprintf(buf + n, size - n, " (");
        n += w > 0 && (size_t)w < size - n ? (size_t)w : 0;
        if (t->recomputed_co2e) {
            w = snprintf(buf + n, size - n, "CO2e of %ld", t->recomputed_co2e);
            n += w > 0 && (size_t)w < size - n ? (size_t)w : 0;
        }
        if (t->recomputed_energy) {
            w = snprintf(buf + n, size - n, "%senergy of %ld", t->recomputed_co2e ? ", " : "",
                         t->recomputed_energy);
            n += w > 0 && (size_t)w < size - n ? (size_t)w : 0;
        }
        w = snprintf(buf + n, size - n, ")");
        n += w > 0 && (size_t)w < size - n ? (size_t)w : 0;
    }
    if (t->pue_kept)
        snprintf(buf + n, size - n, "; %ld keep%s the tool's energy: the PUE it applied is unknown",
                 t->pue_kept, t->pue_kept == 1 ? "s" : "");
}

/* --- merging (parallel reading) --------------------------------------------------- */

int gt_agg_order_sensitive(const struct gt_agg *a)
{
    return a->order_sensitive;
}

/* src's string id as an id of dst's pool. */
static int remap(struct gt_agg *dst, const struct gt_agg *src, uint32_t *map, int f, uint32_t *id)
{
    if (!*id)
        return 0;
    if (map[*id] == UINT32_MAX && field(dst, f, src->pool.strs[*id], &map[*id]))
        return -1;
    *id = map[*id];
    return 0;
}

/* src's profile i as a profile of dst (pmap caches the answers). */
static int remap_prof(struct gt_agg *dst, const struct gt_agg *src, uint32_t *map, uint32_t *pmap,
                      uint32_t *id)
{
    if (pmap[*id] == UINT32_MAX) {
        struct prof x = src->prof[*id];
        for (int f = 0; f < S__COUNT; f++)
            if (remap(dst, src, map, f, &x.s[f]))
                return -1;
        if (prof_id(dst, &x, &pmap[*id]))
            return -1;
    }
    *id = pmap[*id];
    return 0;
}

static int remap_crec(struct gt_agg *dst, const struct gt_agg *src, uint32_t *map, uint32_t *pmap,
                      struct crec *c, long line_offset)
{
    c->line += line_offset;
    return remap(dst, src, map, S_RUN_KEY, &c->run_key) ||
                   remap(dst, src, map, S_RUN_ID, &c->run_id) ||
                   remap_prof(dst, src, map, pmap, &c->prof)
               ? -1
               : 0;
}

/* Run j of dst then the rows of src's run r, as if they had been added one by
 * one: the best row is the later of the two bests when it is at least as
 * good, and so is the best row with energy. */
static enum gt_status merge_run(struct gt_agg *dst, size_t j, struct gt_agg *src, size_t r)
{
    struct run *d = &dst->runs[j];
    struct run *s = &src->runs[r];
    int full = want_full(dst);
    d->rows += s->rows;
    /* the candidates: (record, full row) */
    const struct crec *db = &d->best, *sb = &s->best;
    const struct crec *de = d->estate == E_SAME   ? db
                            : d->estate == E_SIDE ? &dst->side[d->side - 1]
                                                  : NULL;
    const struct crec *se = s->estate == E_SAME   ? sb
                            : s->estate == E_SIDE ? &src->side[s->side - 1]
                                                  : NULL;
    int take_b = better(sb->kind, sb->end, sb->duration_s, db) > 0;
    int take_e = se && (!de || better(se->kind, se->end, se->duration_s, de) > 0);
    struct crec nb = take_b ? *sb : *db;
    struct crec ne = take_e && se ? *se : de ? *de : nb;
    int has_e = (take_e && se) || de;
    int same = has_e && ((take_e && se) ? (se == sb && take_b) : (de == db && !take_b));
    struct gt_record *fb = NULL, *fe = NULL;
    if (full) {
        struct gt_record **sbf = &src->full[r];
        struct gt_record **sef = s->estate == E_SIDE ? &src->side_full[s->side - 1] : sbf;
        struct gt_record **dbf = &dst->full[j];
        struct gt_record **def = d->estate == E_SIDE ? &dst->side_full[d->side - 1] : dbf;
        struct gt_record **pb = take_b ? sbf : dbf;
        struct gt_record **pe = !has_e || same ? NULL : take_e ? sef : def;
        fb = *pb;
        *pb = NULL;
        if (pe) {
            fe = *pe;
            *pe = NULL;
        }
        /* what is left of both runs' rows is not needed */
        struct gt_record **left[4] = {sbf, sef, dbf, def};
        for (int k = 0; k < 4; k++)
            if (*left[k]) {
                struct gt_record *x = *left[k];
                for (int m = 0; m < 4; m++)
                    if (*left[m] == x)
                        *left[m] = NULL;
                free(x);
            }
    }
    d->best = nb;
    if (full)
        dst->full[j] = fb;
    if (!has_e) {
        d->estate = E_NONE;
    } else if (same) {
        d->estate = E_SAME;
    } else {
        size_t slot;
        if (side_slot(dst, d, &slot) != GT_OK) {
            free(fe);
            return GT_E_NOMEM;
        }
        d = &dst->runs[j];
        dst->side[slot] = ne;
        if (full) {
            free(dst->side_full[slot]);
            dst->side_full[slot] = fe;
        }
        d->estate = E_SIDE;
    }
    return GT_OK;
}

enum gt_status gt_agg_merge(struct gt_agg *dst, struct gt_agg *src, long line_offset)
{
    enum gt_status st = GT_E_NOMEM;
    uint32_t *map = malloc((size_t)src->pool.n * sizeof *map);
    uint32_t *pmap = malloc((src->nprof ? src->nprof : 1) * sizeof *pmap);
    if (!map || !pmap)
        goto done;
    memset(map, 0xff, (size_t)src->pool.n * sizeof *map);
    memset(pmap, 0xff, (src->nprof ? src->nprof : 1) * sizeof *pmap);
    map[0] = 0;
    for (size_t i = 0; i < src->nside; i++)
        if (remap_crec(dst, src, map, pmap, &src->side[i], line_offset))
            goto done;
    for (size_t i = 0; i < src->nruns; i++) {
        struct run *s = &src->runs[i];
        if (remap_crec(dst, src, map, pmap, &s->best, line_offset))
            goto done;
        if (want_full(src)) {
            if (src->full[i])
                src->full[i]->line += line_offset;
            if (s->estate == E_SIDE && src->side_full[s->side - 1])
                src->side_full[s->side - 1]->line += line_offset;
        }
        uint32_t key = s->best.run_key;
        size_t m = dst->nslots - 1, h = 0;
        if (key) {
            h = (size_t)mix((uint64_t)key << 8 | s->best.tool) & m;
            while (dst->slots[h]) {
                const struct crec *c = &dst->runs[dst->slots[h] - 1].best;
                if (c->run_key == key && c->tool == s->best.tool)
                    break;
                h = (h + 1) & m;
            }
            if (dst->slots[h]) {
                if (merge_run(dst, dst->slots[h] - 1, src, i) != GT_OK)
                    goto done;
                continue;
            }
        }
        /* a run dst has not seen: appended, so runs keep the order of their
         * first rows */
        if (dst->nruns == dst->cap) {
            size_t nc = dst->cap ? dst->cap * 2 : 256;
            struct run *p = realloc(dst->runs, nc * sizeof *p);
            if (!p)
                goto done;
            dst->runs = p;
            if (want_full(dst)) {
                struct gt_record **f = realloc(dst->full, nc * sizeof *f);
                if (!f)
                    goto done;
                dst->full = f;
            }
            dst->cap = nc;
        }
        size_t j = dst->nruns++;
        struct run *d = &dst->runs[j];
        *d = *s;
        d->side = 0;
        if (want_full(dst)) {
            dst->full[j] = src->full[i];
            src->full[i] = NULL;
        }
        if (s->estate == E_SIDE) {
            size_t slot;
            if (side_slot(dst, d, &slot) != GT_OK)
                goto done;
            dst->side[slot] = src->side[s->side - 1];
            if (want_full(dst)) {
                dst->side_full[slot] = src->side_full[s->side - 1];
                src->side_full[s->side - 1] = NULL;
            }
        }
        if (key) {
            dst->slots[h] = (uint32_t)j + 1;
            if (dst->nruns * 2 > dst->nslots && rehash(dst) != GT_OK)
                goto done;
        }
    }
    struct gt_accounting *a = &dst->acc, *b = &src->acc;
    a->files_read += b->files_read;
    a->files_skipped += b->files_skipped;
    a->files_rejected += b->files_rejected;
    a->files_duplicate += b->files_duplicate;
    a->rows_read += b->rows_read;
    a->rows_used += b->rows_used;
    a->rows_superseded += b->rows_superseded;
    a->rows_rejected += b->rows_rejected;
    a->rows_excluded += b->rows_excluded;
    dst->order_sensitive |= src->order_sensitive;
    st = GT_OK;
done:
    free(map);
    free(pmap);
    agg_free(src);
    return st;
}

enum gt_status gt_agg_keep_all_runs(struct gt_agg *a)
{
    if (!a->opts.notable_runs_only)
        return GT_OK;
    if (a->nruns || a->nside || a->cap)
        return GT_E_DATA;
    a->opts.notable_runs_only = 0;
    a->need = ~0u;
    return GT_OK;
}

struct gt_agg *gt_agg_new_like(const struct gt_agg *a)
{
    return gt_agg_new(&a->opts);
}

void gt_agg_free(struct gt_agg *a)
{
    if (a)
        agg_free(a);
}
