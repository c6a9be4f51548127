#include "gt_hwdb.h"
#include "gt_unc.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gt_csv.h"
#include "gt_equiv.h"
#include "gt_num.h"
#include "hwdb_internal.h"

#define GROW(arr)                                                                                  \
    ((arr).n < (arr).cap ? 0 : grow_array((void **)&(arr).v, &(arr).cap, sizeof *(arr).v))

static int grow_array(void **v, size_t *cap, size_t elem)
{
    size_t nc = *cap ? *cap * 2 : 64;
    void *p = realloc(*v, nc * elem);
    if (!p)
        return -1;
    *v = p;
    *cap = nc;
    return 0;
}

void gt_hwdb_init(struct gt_hwdb *db)
{
    memset(db, 0, sizeof *db);
}

static void free_origin(struct gt_hw_origin *o)
{
    free(o->file);
}

static void free_cpu(struct gt_hw_cpu *c)
{
    if (c->origin.builtin)
        return;
    free(c->model), free(c->vendor), free(c->aliases), free(c->source), free_origin(&c->origin);
    free(c->key), free(c->alias_keys);
}
static void free_gpu(struct gt_hw_gpu *g)
{
    if (g->origin.builtin)
        return;
    free(g->model), free(g->vendor), free(g->family), free(g->variant), free(g->aliases);
    free(g->source), free_origin(&g->origin);
    free(g->key), free(g->alias_keys);
}
static void free_loc(struct gt_hw_location *l)
{
    if (l->origin.builtin)
        return;
    free(l->code), free(l->country), free(l->region), free(l->type), free(l->dataset);
    free(l->source), free_origin(&l->origin);
}
static void free_iso(struct gt_hw_iso *i)
{
    if (i->origin.builtin)
        return;
    free(i->alpha2), free(i->alpha3), free(i->name), free(i->source), free_origin(&i->origin);
}
static void free_prov(struct gt_hw_provider *p)
{
    if (p->origin.builtin)
        return;
    free(p->provider), free(p->name), free(p->source), free_origin(&p->origin);
}
static void free_cloud(struct gt_hw_cloud *c)
{
    if (c->origin.builtin)
        return;
    free(c->provider), free(c->region), free(c->location), free(c->source), free(c->pue_source);
    free_origin(&c->origin);
}
static void free_const(struct gt_hw_constant *c)
{
    if (c->origin.builtin)
        return;
    free(c->name), free(c->unit), free(c->source), free_origin(&c->origin);
}

static void free_factor(struct gt_hw_factor *f)
{
    if (f->origin.builtin)
        return;
    free(f->fuel), free(f->dataset), free(f->aliases), free(f->source), free_origin(&f->origin);
}

static void free_unc(struct gt_hw_uncertainty *u)
{
    if (u->origin.builtin)
        return;
    free(u->name), free(u->applies), free(u->source), free_origin(&u->origin);
}

static void free_peak(struct gt_hw_peak *p)
{
    if (p->origin.builtin)
        return;
    free(p->family), free(p->variant), free(p->source), free_origin(&p->origin);
}

static void free_embodied(struct gt_hw_embodied *e)
{
    if (e->origin.builtin)
        return;
    free(e->kind), free(e->item), free(e->source), free_origin(&e->origin);
}

static void free_peer_ci(struct gt_hw_peer_ci *p)
{
    if (p->origin.builtin)
        return;
    free(p->tool), free(p->code), free(p->country), free(p->region), free(p->source);
    free_origin(&p->origin);
}

void gt_hwdb_release(struct gt_hwdb *db)
{
#define FREE_ALL(arr, fn)                                                                          \
    for (size_t i = 0; i < db->arr.n; i++)                                                         \
        fn(&db->arr.v[i]);                                                                         \
    free(db->arr.v)
    FREE_ALL(cpus, free_cpu);
    FREE_ALL(gpus, free_gpu);
    FREE_ALL(locations, free_loc);
    FREE_ALL(iso, free_iso);
    FREE_ALL(providers, free_prov);
    FREE_ALL(clouds, free_cloud);
    FREE_ALL(constants, free_const);
    FREE_ALL(factors, free_factor);
    FREE_ALL(uncertainty, free_unc);
    FREE_ALL(peaks, free_peak);
    FREE_ALL(embodied, free_embodied);
    FREE_ALL(peer_ci, free_peer_ci);
#undef FREE_ALL
    memset(db, 0, sizeof *db);
}

const char *gt_hwdb_table_name(enum gt_hw_table t)
{
    switch (t) {
    case GT_HW_CPUS:
        return "cpus";
    case GT_HW_GPUS:
        return "gpus";
    case GT_HW_LOCATIONS:
        return "locations";
    case GT_HW_ISO:
        return "iso3";
    case GT_HW_PROVIDERS:
        return "providers";
    case GT_HW_CLOUD:
        return "cloud_regions";
    case GT_HW_CONSTANTS:
        return "constants";
    case GT_HW_CODECARBON_CPU:
        return "CodeCarbon cpu_power.csv";
    case GT_HW_GA_CPU:
        return "Green Algorithms TDP_cpu.csv";
    case GT_HW_GA_GPU:
        return "Green Algorithms TDP_gpu.csv";
    case GT_HW_FACTORS:
        return "emission_factors";
    case GT_HW_UNCERTAINTY:
        return "uncertainty";
    case GT_HW_PEAKS:
        return "gpu_peaks";
    case GT_HW_EMBODIED:
        return "embodied";
    case GT_HW_PEER_CI:
        return "peer_ci";
    case GT_HW_UNKNOWN:
        break;
    }
    return "unknown";
}

/* ---- cell access --------------------------------------------------------- */

#define CTX_COLS 24
struct ctx {
    const char *name;
    const char *colname[CTX_COLS]; /* cache: column name literal -> index */
    int colidx[CTX_COLS];
    int ncols;
    const struct gt_csv_row *hdr;
    const struct gt_csv_row *row;
    struct gt_error *err;
    int failed;
};

static const char *cell(struct ctx *c, const char *col)
{
    int i = -1, k;
    for (k = 0; k < c->ncols; k++)
        if (c->colname[k] == col) {
            i = c->colidx[k];
            break;
        }
    if (k == c->ncols) {
        i = gt_csv_col(c->hdr, col);
        if (c->ncols < CTX_COLS) {
            c->colname[c->ncols] = col;
            c->colidx[c->ncols++] = i;
        }
    }
    if (i < 0 || (size_t)i >= c->row->n)
        return "";
    return c->row->cells[i];
}

/* trimmed copy; NULL only on out of memory */
static char *dup_cell(struct ctx *c, const char *col)
{
    const char *s = cell(c, col);
    size_t n = strlen(s);
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        n--;
    char *p = malloc(n + 1);
    if (!p) {
        if (!c->failed)
            gt_error_set(c->err, GT_E_NOMEM, "out of memory reading '%s'", c->name);
        c->failed = 1;
        return NULL;
    }
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

static double num_cell(struct ctx *c, const char *col)
{
    const char *s = cell(c, col);
    size_t n = strlen(s);
    int blank = 1;
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r')
            blank = 0;
    if (blank)
        return NAN;
    double v;
    if (gt_num_parse(s, n, &v) != 0) {
        if (!c->failed) {
            gt_error_set(c->err, GT_E_PARSE, "cannot parse '%s' in '%s' at line %ld: '%.40s'", col,
                         c->name, c->row->line, s);
            gt_error_at(c->err, c->name, c->row->line, 0);
        }
        c->failed = 1;
        return NAN;
    }
    return v;
}

static int int_cell(struct ctx *c, const char *col)
{
    double v = num_cell(c, col);
    if (isnan(v))
        return 0;
    return (int)v;
}

static struct gt_hw_origin make_origin(struct ctx *c)
{
    struct gt_hw_origin o = {strdup(c->name), c->row->line, 0};
    if (!o.file)
        c->failed = 1;
    return o;
}

/* a source cell, or a description of the user file when it has none */
static char *source_or_file(struct ctx *c, const char *col, const char *fmt)
{
    char *s = dup_cell(c, col);
    if (s && !*s) {
        free(s);
        size_t n = strlen(fmt) + strlen(c->name) + 32;
        s = malloc(n);
        if (s)
            snprintf(s, n, fmt, c->name, c->row->line);
        else
            c->failed = 1;
    }
    return s;
}

static int has(const struct gt_csv_row *h, const char *col)
{
    return gt_csv_col(h, col) >= 0;
}

static enum gt_hw_table detect(const struct gt_csv *t, size_t *hdr_index)
{
    *hdr_index = 0;
    if (t->nrows == 0)
        return GT_HW_UNKNOWN;
    const struct gt_csv_row *h = &t->rows[0];
    if (h->n && strcasecmp(h->cells[0], "index") == 0 && t->nrows > 1) {
        /* Green Algorithms: a units row, then the header */
        *hdr_index = 1;
        h = &t->rows[1];
        if (has(h, "model") && has(h, "TDP_per_core"))
            return has(h, "memory") ? GT_HW_GA_GPU : GT_HW_GA_CPU;
        return GT_HW_UNKNOWN;
    }
    if (has(h, "model") && has(h, "TDP_per_core"))
        return has(h, "memory") ? GT_HW_GA_GPU : GT_HW_GA_CPU;
    if (has(h, "model") && has(h, "tdp_w") && has(h, "cores"))
        return GT_HW_CPUS;
    if (has(h, "model") && has(h, "tdp_w") && has(h, "family"))
        return GT_HW_GPUS;
    if (has(h, "name") && has(h, "low") && has(h, "high"))
        return GT_HW_UNCERTAINTY;
    if (has(h, "family") && has(h, "fp32_tflops"))
        return GT_HW_PEAKS;
    if (has(h, "kind") && has(h, "item") && has(h, "kgco2e"))
        return GT_HW_EMBODIED;
    if (has(h, "tool") && has(h, "code") && has(h, "ci_g_per_kwh"))
        return GT_HW_PEER_CI;
    if (has(h, "fuel") && has(h, "g_per_kwh"))
        return GT_HW_FACTORS;
    if (has(h, "code") && has(h, "ci_g_per_kwh"))
        return GT_HW_LOCATIONS;
    if (has(h, "alpha2") && has(h, "alpha3"))
        return GT_HW_ISO;
    if (has(h, "provider") && has(h, "region") && has(h, "location"))
        return GT_HW_CLOUD;
    if (has(h, "provider") && has(h, "pue"))
        return GT_HW_PROVIDERS;
    if (has(h, "name") && has(h, "value") && has(h, "unit"))
        return GT_HW_CONSTANTS;
    if (has(h, "Name") && has(h, "TDP"))
        return GT_HW_CODECARBON_CPU;
    return GT_HW_UNKNOWN;
}

/* ---- replacement by key -------------------------------------------------- */

static long find_cpu_key(const struct gt_hwdb *db, const char *key)
{
    for (size_t i = 0; i < db->cpus.n; i++)
        if (strcmp(key, db->cpus.v[i].key) == 0)
            return (long)i;
    return -1;
}

static long find_gpu_key(const struct gt_hwdb *db, const char *key)
{
    for (size_t i = 0; i < db->gpus.n; i++)
        if (strcmp(key, db->gpus.v[i].key) == 0)
            return (long)i;
    return -1;
}

static void finish_cpu(struct gt_hw_cpu *c, double per_core);

static int add_cpu(struct gt_hwdb *db, struct gt_hw_cpu *c, int replace)
{
    if (gt_hwdb_make_keys(c->model, c->aliases, &c->key, &c->alias_keys))
        return -1;
    long at = replace ? find_cpu_key(db, c->key) : -1;
    if (at >= 0) {
        const struct gt_hw_cpu *o = &db->cpus.v[at];
        int merged = 0;
        if (isnan(c->cores) && !isnan(o->cores))
            c->cores = o->cores, merged = 1;
        if (isnan(c->threads) && !isnan(o->threads))
            c->threads = o->threads;
        if (!c->year)
            c->year = o->year;
        if (isnan(c->tdp_w) && !isnan(o->tdp_w) && !c->tdp_per_core_given)
            c->tdp_w = o->tdp_w, merged = 1;
        if (merged) {
            /* say where each number comes from */
            size_t n = strlen(c->source) + strlen(o->source) + 64;
            char *src = malloc(n);
            if (!src)
                return -1;
            snprintf(src, n, "%s; cores/TDP not given there, kept from: %s", c->source, o->source);
            free(c->source);
            c->source = src;
            /* same TDP as the built-in row: keep Green Algorithms' rounded per-core value */
            if (!c->tdp_per_core_given && o->tdp_per_core_given && c->tdp_w == o->tdp_w &&
                c->cores == o->cores)
                finish_cpu(c, o->tdp_per_core_w);
            else
                finish_cpu(c, c->tdp_per_core_given ? c->tdp_per_core_w : NAN);
        }
        free_cpu(&db->cpus.v[at]);
        db->cpus.v[at] = *c;
        return 0;
    }
    if (GROW(db->cpus))
        return -1;
    db->cpus.v[db->cpus.n++] = *c;
    return 0;
}

static int add_gpu(struct gt_hwdb *db, struct gt_hw_gpu *g, int replace)
{
    if (gt_hwdb_make_keys(g->model, g->aliases, &g->key, &g->alias_keys))
        return -1;
    long at = replace ? find_gpu_key(db, g->key) : -1;
    if (at >= 0) {
        free_gpu(&db->gpus.v[at]);
        db->gpus.v[at] = *g;
        return 0;
    }
    if (GROW(db->gpus))
        return -1;
    db->gpus.v[db->gpus.n++] = *g;
    return 0;
}

static void finish_cpu(struct gt_hw_cpu *c, double per_core)
{
    c->tdp_per_core_given = !isnan(per_core);
    if (c->tdp_per_core_given)
        c->tdp_per_core_w = per_core;
    else if (!isnan(c->tdp_w) && !isnan(c->cores) && c->cores > 0)
        c->tdp_per_core_w = c->tdp_w / c->cores;
    else
        c->tdp_per_core_w = NAN;
}

static void ctx_free_partial(struct ctx *c, enum gt_hw_table kind, void *row)
{
    (void)c;
    switch (kind) {
    case GT_HW_CPUS:
    case GT_HW_CODECARBON_CPU:
    case GT_HW_GA_CPU:
        free_cpu(row);
        break;
    case GT_HW_GPUS:
    case GT_HW_GA_GPU:
        free_gpu(row);
        break;
    case GT_HW_LOCATIONS:
        free_loc(row);
        break;
    case GT_HW_ISO:
        free_iso(row);
        break;
    case GT_HW_PROVIDERS:
        free_prov(row);
        break;
    case GT_HW_CLOUD:
        free_cloud(row);
        break;
    case GT_HW_CONSTANTS:
        free_const(row);
        break;
    case GT_HW_FACTORS:
        free_factor(row);
        break;
    case GT_HW_UNCERTAINTY:
        free_unc(row);
        break;
    case GT_HW_PEAKS:
        free_peak(row);
        break;
    case GT_HW_EMBODIED:
        free_embodied(row);
        break;
    case GT_HW_PEER_CI:
        free_peer_ci(row);
        break;
    case GT_HW_UNKNOWN:
        break;
    }
}

static int add_row(struct gt_hwdb *db, struct ctx *c, enum gt_hw_table kind, int replace)
{
    switch (kind) {
    case GT_HW_CPUS:
    case GT_HW_CODECARBON_CPU:
    case GT_HW_GA_CPU: {
        struct gt_hw_cpu r = {0};
        double per_core = NAN;
        if (kind == GT_HW_CPUS) {
            r.model = dup_cell(c, "model");
            r.vendor = dup_cell(c, "vendor");
            r.aliases = dup_cell(c, "aliases");
            r.source = dup_cell(c, "source");
            r.cores = num_cell(c, "cores");
            r.threads = num_cell(c, "threads");
            r.tdp_w = num_cell(c, "tdp_w");
            per_core = num_cell(c, "tdp_per_core_w");
            r.year = int_cell(c, "year");
        } else if (kind == GT_HW_CODECARBON_CPU) {
            r.model = dup_cell(c, "Name");
            r.vendor = strdup("");
            r.aliases = strdup("");
            r.source = source_or_file(c, "source",
                                      "user file '%s' line %ld (CodeCarbon cpu_power.csv format)");
            r.cores = NAN;
            r.threads = NAN;
            r.tdp_w = num_cell(c, "TDP");
        } else {
            r.model = dup_cell(c, "model");
            r.vendor = strdup("");
            r.aliases = strdup("");
            r.source = source_or_file(
                c, "source", "user file '%s' line %ld (Green Algorithms TDP_cpu.csv format)");
            r.cores = num_cell(c, "n_cores");
            r.threads = NAN;
            r.tdp_w = num_cell(c, "TDP");
            per_core = num_cell(c, "TDP_per_core");
            r.year = int_cell(c, "Release_year");
        }
        r.origin = make_origin(c);
        finish_cpu(&r, per_core);
        if (c->failed || !r.vendor || !r.aliases || !r.model || !*r.model ||
            add_cpu(db, &r, replace)) {
            int blank = r.model && !*r.model && !c->failed;
            ctx_free_partial(c, kind, &r);
            return blank ? 1 : -1;
        }
        return 0;
    }
    case GT_HW_GPUS:
    case GT_HW_GA_GPU: {
        struct gt_hw_gpu r = {0};
        if (kind == GT_HW_GPUS) {
            r.model = dup_cell(c, "model");
            r.vendor = dup_cell(c, "vendor");
            r.family = dup_cell(c, "family");
            r.variant = dup_cell(c, "variant");
            r.aliases = dup_cell(c, "aliases");
            r.source = dup_cell(c, "source");
            r.tdp_w = num_cell(c, "tdp_w");
            r.memory_gb = num_cell(c, "memory_gb");
            r.year = int_cell(c, "year");
        } else {
            r.model = dup_cell(c, "model");
            r.vendor = strdup("");
            r.family = strdup("");
            r.variant = strdup("");
            r.aliases = strdup("");
            r.source = source_or_file(
                c, "source", "user file '%s' line %ld (Green Algorithms TDP_gpu.csv format)");
            r.tdp_w = num_cell(c, "TDP_per_core");
            if (isnan(r.tdp_w))
                r.tdp_w = num_cell(c, "TDP");
            r.memory_gb = num_cell(c, "memory");
            r.year = int_cell(c, "Release_year");
        }
        r.origin = make_origin(c);
        if (c->failed || !r.vendor || !r.family || !r.variant || !r.aliases || !r.model ||
            !*r.model || add_gpu(db, &r, replace)) {
            int blank = r.model && !*r.model && !c->failed;
            ctx_free_partial(c, kind, &r);
            return blank ? 1 : -1;
        }
        return 0;
    }
    case GT_HW_LOCATIONS: {
        struct gt_hw_location r = {0};
        r.code = dup_cell(c, "code");
        r.country = dup_cell(c, "country");
        r.region = dup_cell(c, "region");
        r.type = dup_cell(c, "type");
        r.dataset = dup_cell(c, "dataset");
        r.source = dup_cell(c, "source");
        r.ci_g_per_kwh = num_cell(c, "ci_g_per_kwh");
        r.year = int_cell(c, "year");
        r.origin = make_origin(c);
        if (!c->failed && r.dataset && !*r.dataset) {
            free(r.dataset);
            r.dataset = strdup("user");
        }
        if (c->failed || !r.dataset || !*r.code) {
            int blank = r.code && !*r.code && !c->failed;
            free_loc(&r);
            return blank ? 1 : -1;
        }
        if (replace) {
            for (size_t i = 0; i < db->locations.n; i++) {
                struct gt_hw_location *o = &db->locations.v[i];
                if (!strcasecmp(o->code, r.code) && !strcasecmp(o->dataset, r.dataset)) {
                    free_loc(o);
                    *o = r;
                    return 0;
                }
            }
        }
        if (GROW(db->locations)) {
            free_loc(&r);
            return -1;
        }
        db->locations.v[db->locations.n++] = r;
        return 0;
    }
    case GT_HW_ISO: {
        struct gt_hw_iso r = {0};
        r.alpha2 = dup_cell(c, "alpha2");
        r.alpha3 = dup_cell(c, "alpha3");
        r.name = dup_cell(c, "name");
        r.source = dup_cell(c, "source");
        r.origin = make_origin(c);
        if (c->failed || GROW(db->iso)) {
            free_iso(&r);
            return -1;
        }
        db->iso.v[db->iso.n++] = r;
        return 0;
    }
    case GT_HW_PROVIDERS: {
        struct gt_hw_provider r = {0};
        r.provider = dup_cell(c, "provider");
        r.name = dup_cell(c, "name");
        r.source = dup_cell(c, "source");
        r.pue = num_cell(c, "pue");
        r.year = int_cell(c, "year");
        r.origin = make_origin(c);
        if (c->failed) {
            free_prov(&r);
            return -1;
        }
        if (replace) {
            for (size_t i = 0; i < db->providers.n; i++) {
                if (!strcasecmp(db->providers.v[i].provider, r.provider)) {
                    free_prov(&db->providers.v[i]);
                    db->providers.v[i] = r;
                    return 0;
                }
            }
        }
        if (GROW(db->providers)) {
            free_prov(&r);
            return -1;
        }
        db->providers.v[db->providers.n++] = r;
        return 0;
    }
    case GT_HW_CLOUD: {
        struct gt_hw_cloud r = {0};
        r.provider = dup_cell(c, "provider");
        r.region = dup_cell(c, "region");
        r.location = dup_cell(c, "location");
        r.source = dup_cell(c, "source");
        r.pue_source = dup_cell(c, "pue_source");
        r.pue = num_cell(c, "pue");
        r.origin = make_origin(c);
        if (c->failed) {
            free_cloud(&r);
            return -1;
        }
        if (replace) {
            for (size_t i = 0; i < db->clouds.n; i++) {
                struct gt_hw_cloud *o = &db->clouds.v[i];
                if (!strcasecmp(o->provider, r.provider) && !strcasecmp(o->region, r.region)) {
                    free_cloud(o);
                    *o = r;
                    return 0;
                }
            }
        }
        if (GROW(db->clouds)) {
            free_cloud(&r);
            return -1;
        }
        db->clouds.v[db->clouds.n++] = r;
        return 0;
    }
    case GT_HW_CONSTANTS: {
        struct gt_hw_constant r = {0};
        r.name = dup_cell(c, "name");
        r.unit = dup_cell(c, "unit");
        r.source = dup_cell(c, "source");
        r.value = num_cell(c, "value");
        r.origin = make_origin(c);
        if (c->failed) {
            free_const(&r);
            return -1;
        }
        if (replace) {
            for (size_t i = 0; i < db->constants.n; i++) {
                if (!strcmp(db->constants.v[i].name, r.name)) {
                    free_const(&db->constants.v[i]);
                    db->constants.v[i] = r;
                    return 0;
                }
            }
        }
        if (GROW(db->constants)) {
            free_const(&r);
            return -1;
        }
        db->constants.v[db->constants.n++] = r;
        return 0;
    }
    case GT_HW_FACTORS: {
        struct gt_hw_factor r = {0};
        r.fuel = dup_cell(c, "fuel");
        r.dataset = dup_cell(c, "dataset");
        r.aliases = dup_cell(c, "aliases");
        r.source = dup_cell(c, "source");
        r.g_per_kwh = num_cell(c, "g_per_kwh");
        r.origin = make_origin(c);
        if (!c->failed && r.dataset && !*r.dataset) {
            free(r.dataset);
            r.dataset = strdup("user");
        }
        if (c->failed || !r.dataset || !*r.fuel) {
            int blank = r.fuel && !*r.fuel && !c->failed;
            free_factor(&r);
            return blank ? 1 : -1;
        }
        if (replace) {
            for (size_t i = 0; i < db->factors.n; i++) {
                struct gt_hw_factor *o = &db->factors.v[i];
                if (!strcasecmp(o->fuel, r.fuel) && !strcasecmp(o->dataset, r.dataset)) {
                    free_factor(o);
                    *o = r;
                    return 0;
                }
            }
        }
        if (GROW(db->factors)) {
            free_factor(&r);
            return -1;
        }
        db->factors.v[db->factors.n++] = r;
        return 0;
    }
    case GT_HW_UNCERTAINTY: {
        struct gt_hw_uncertainty r = {0};
        r.name = dup_cell(c, "name");
        r.applies = dup_cell(c, "applies_to");
        r.source = dup_cell(c, "source");
        r.low = num_cell(c, "low");
        r.high = num_cell(c, "high");
        r.origin = make_origin(c);
        if (c->failed) {
            free_unc(&r);
            return -1;
        }
        if (replace) {
            for (size_t i = 0; i < db->uncertainty.n; i++) {
                if (!strcmp(db->uncertainty.v[i].name, r.name)) {
                    free_unc(&db->uncertainty.v[i]);
                    db->uncertainty.v[i] = r;
                    return 0;
                }
            }
        }
        if (GROW(db->uncertainty)) {
            free_unc(&r);
            return -1;
        }
        db->uncertainty.v[db->uncertainty.n++] = r;
        return 0;
    }
    case GT_HW_PEAKS: {
        static const char *const cols[GT_PREC_N] = {"fp64_tflops", "fp32_tflops", "tf32_tflops",
                                                    "bf16_tflops", "fp16_tflops", "fp8_tflops"};
        struct gt_hw_peak r = {0};
        r.family = dup_cell(c, "family");
        r.variant = dup_cell(c, "variant");
        r.source = source_or_file(c, "source", "user file '%s' line %ld");
        for (int k = 0; k < GT_PREC_N; k++)
            r.tflops[k] = num_cell(c, cols[k]);
        r.origin = make_origin(c);
        if (c->failed || !r.family || !*r.family || !r.variant || !r.source) {
            int blank = r.family && !*r.family && !c->failed;
            free_peak(&r);
            return blank ? 1 : -1;
        }
        if (replace) {
            for (size_t i = 0; i < db->peaks.n; i++) {
                struct gt_hw_peak *o = &db->peaks.v[i];
                if (!strcasecmp(o->family, r.family) && !strcasecmp(o->variant, r.variant)) {
                    free_peak(o);
                    *o = r;
                    return 0;
                }
            }
        }
        if (GROW(db->peaks)) {
            free_peak(&r);
            return -1;
        }
        db->peaks.v[db->peaks.n++] = r;
        return 0;
    }
    case GT_HW_EMBODIED: {
        struct gt_hw_embodied r = {0};
        r.kind = dup_cell(c, "kind");
        r.item = dup_cell(c, "item");
        r.source = source_or_file(c, "source", "user file '%s' line %ld");
        r.kgco2e = num_cell(c, "kgco2e");
        r.origin = make_origin(c);
        if (c->failed || !r.kind || !*r.kind || !r.item || !*r.item || !r.source) {
            int blank = r.kind && !*r.kind && !c->failed;
            free_embodied(&r);
            return blank ? 1 : -1;
        }
        if (replace) {
            for (size_t i = 0; i < db->embodied.n; i++) {
                struct gt_hw_embodied *o = &db->embodied.v[i];
                if (!strcasecmp(o->kind, r.kind) && !strcasecmp(o->item, r.item)) {
                    free_embodied(o);
                    *o = r;
                    return 0;
                }
            }
        }
        if (GROW(db->embodied)) {
            free_embodied(&r);
            return -1;
        }
        db->embodied.v[db->embodied.n++] = r;
        return 0;
    }
    case GT_HW_PEER_CI: {
        struct gt_hw_peer_ci r = {0};
        r.tool = dup_cell(c, "tool");
        r.code = dup_cell(c, "code");
        r.country = dup_cell(c, "country");
        r.region = dup_cell(c, "region");
        r.source = source_or_file(c, "source", "user file '%s' line %ld");
        r.ci_g_per_kwh = num_cell(c, "ci_g_per_kwh");
        r.year = int_cell(c, "year");
        r.origin = make_origin(c);
        if (c->failed || !r.tool || !*r.tool || !r.code || !*r.code || !r.region || !r.source) {
            int blank = r.tool && !*r.tool && !c->failed;
            free_peer_ci(&r);
            return blank ? 1 : -1;
        }
        if (replace) {
            for (size_t i = 0; i < db->peer_ci.n; i++) {
                struct gt_hw_peer_ci *o = &db->peer_ci.v[i];
                if (!strcasecmp(o->tool, r.tool) && !strcasecmp(o->code, r.code) &&
                    !strcasecmp(o->region, r.region)) {
                    free_peer_ci(o);
                    *o = r;
                    return 0;
                }
            }
        }
        if (GROW(db->peer_ci)) {
            free_peer_ci(&r);
            return -1;
        }
        db->peer_ci.v[db->peer_ci.n++] = r;
        return 0;
    }
    case GT_HW_UNKNOWN:
        break;
    }
    return -1;
}

static const char *const precision_names[GT_PREC_N] = {"fp64", "fp32", "tf32",
                                                       "bf16", "fp16", "fp8"};

const char *gt_precision_name(enum gt_precision p)
{
    return p >= 0 && p < GT_PREC_N ? precision_names[p] : "?";
}

int gt_precision_parse(const char *s, enum gt_precision *p)
{
    for (int k = 0; k < GT_PREC_N; k++)
        if (!strcasecmp(s, precision_names[k])) {
            *p = (enum gt_precision)k;
            return 0;
        }
    return -1;
}

const struct gt_hw_peak *gt_hwdb_find_peak(const struct gt_hwdb *db, const struct gt_hw_gpu *gpu)
{
    const struct gt_hw_peak *fam = NULL;
    if (!gpu || !gpu->family || !*gpu->family)
        return NULL;
    for (size_t i = 0; i < db->peaks.n; i++) {
        const struct gt_hw_peak *p = &db->peaks.v[i];
        if (strcasecmp(p->family, gpu->family))
            continue;
        if (gpu->variant && *p->variant && !strcasecmp(p->variant, gpu->variant))
            return p;
        if (!*p->variant)
            fam = p;
    }
    return fam;
}

const struct gt_hw_embodied *gt_hwdb_find_embodied(const struct gt_hwdb *db, const char *kind,
                                                   const char *item, int *is_default)
{
    const struct gt_hw_embodied *def = NULL;
    for (size_t i = 0; i < db->embodied.n; i++) {
        const struct gt_hw_embodied *e = &db->embodied.v[i];
        if (strcasecmp(e->kind, kind))
            continue;
        if (item && *item && !strcasecmp(e->item, item)) {
            if (is_default)
                *is_default = 0;
            return e;
        }
        if (!strcasecmp(e->item, "default"))
            def = e;
    }
    if (is_default)
        *is_default = 1;
    return def;
}

static unsigned long fnv1a(unsigned long h, const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 16777619UL;
        h &= 0xffffffffUL;
    }
    return h;
}

enum gt_status gt_hwdb_add_table(struct gt_hwdb *db, const char *data, size_t len, const char *name,
                                 int replace, enum gt_hw_table *kind_out, struct gt_error *err)
{
    struct gt_csv t;
    enum gt_status st = gt_csv_parse(data, len, ',', name, &t, err);
    if (st != GT_OK)
        return st;
    size_t hi;
    enum gt_hw_table kind = detect(&t, &hi);
    if (kind_out)
        *kind_out = kind;
    if (kind == GT_HW_UNKNOWN) {
        gt_csv_release(&t);
        gt_error_set(err, GT_E_DATA,
                     "cannot tell which hwdb table '%s' holds from its header (expected one of "
                     "greentally's hwdb tables, CodeCarbon's cpu_power.csv 'Name,TDP', or Green "
                     "Algorithms' TDP_cpu.csv/TDP_gpu.csv)",
                     name);
        gt_error_at(err, name, t.nrows ? t.rows[0].line : 1, 0);
        return GT_E_DATA;
    }
    struct ctx c = {.name = name, .hdr = &t.rows[hi], .err = err};
    int foreign = kind == GT_HW_CODECARBON_CPU || kind == GT_HW_GA_CPU || kind == GT_HW_GA_GPU;
    for (size_t i = hi + 1; i < t.nrows; i++) {
        c.row = &t.rows[i];
        int r = add_row(db, &c, kind, replace);
        if (r < 0 && foreign && c.failed && err && err->code == GT_E_PARSE) {
            /* other tools' tables hold typos (CodeCarbon: "27.29.5"): skip the row, say so */
            db->skipped++;
            if (db->warn)
                db->warn(db->warn_ctx, err->msg);
            gt_error_clear(err);
            c.failed = 0;
            continue;
        }
        if (r < 0) {
            if (!c.failed || err->code == GT_OK)
                gt_error_set(err, GT_E_NOMEM, "out of memory reading '%s'", name);
            gt_csv_release(&t);
            return err ? err->code : GT_E_DATA;
        }
        if (r > 0 && kind != GT_HW_GA_CPU && kind != GT_HW_GA_GPU) {
            st = gt_error_set(err, GT_E_DATA, "empty name in '%s' at line %ld", name,
                              t.rows[i].line);
            gt_error_at(err, name, t.rows[i].line, 0);
            gt_csv_release(&t);
            return st;
        }
    }
    gt_csv_release(&t);
    db->digest = fnv1a(db->digest ? db->digest : 2166136261UL, data, len);
    return GT_OK;
}

enum gt_status gt_hwdb_add_csv(struct gt_hwdb *db, const char *data, size_t len, const char *name,
                               enum gt_hw_table *kind, struct gt_error *err)
{
    enum gt_status st = gt_hwdb_add_table(db, data, len, name, 1, kind, err);
    if (st == GT_OK)
        db->user_files++;
    return st;
}

void gt_hwdb_version(const struct gt_hwdb *db, char *buf, size_t size)
{
    snprintf(buf, size, "hwdb-%08lx%s", db->digest & 0xffffffffUL, db->user_files ? "+user" : "");
}

enum gt_status gt_hwdb_unc(const struct gt_hwdb *db, struct gt_unc *u,
                           const struct gt_hw_uncertainty **used, int *nused, struct gt_error *err)
{
    for (int k = 0; k < GT_UNC__COUNT; k++) {
        const char *name = gt_unc_name((enum gt_unc_id)k);
        const struct gt_hw_uncertainty *row = NULL;
        for (size_t i = 0; i < db->uncertainty.n && !row; i++)
            if (!strcmp(db->uncertainty.v[i].name, name))
                row = &db->uncertainty.v[i];
        if (!row)
            return gt_error_set(err, GT_E_DATA, "hwdb uncertainty '%s' is missing", name);
        u->f[k].lo = row->low;
        u->f[k].hi = row->high;
        if (used)
            used[(*nused)++] = row;
    }
    return gt_unc_check(u, err);
}

const struct gt_hw_peer_ci *gt_hwdb_peer_ci(const struct gt_hwdb *db, const char *tool,
                                            const char *code, const char *region)
{
    const struct gt_hw_peer_ci *whole = NULL;
    if (!code || !*code)
        return NULL;
    for (size_t i = 0; i < db->peer_ci.n; i++) {
        const struct gt_hw_peer_ci *p = &db->peer_ci.v[i];
        if (strcasecmp(p->tool, tool) != 0 || strcasecmp(p->code, code) != 0)
            continue;
        if (!*p->region)
            whole = p;
        else if (region && *region && !strcasecmp(p->region, region))
            return p;
    }
    return whole;
}

const struct gt_hw_constant *gt_hwdb_constant(const struct gt_hwdb *db, const char *name)
{
    for (size_t i = 0; i < db->constants.n; i++)
        if (!strcmp(db->constants.v[i].name, name))
            return &db->constants.v[i];
    return NULL;
}

const char *const gt_hwdb_equiv_names[GT_HWDB_NEQUIV] = {"ga_tree_year",
                                                         "ga_car_eu_km",
                                                         "ga_flight_par_dub",
                                                         "ga_flight_ny_sf",
                                                         "ga_flight_nyc_mel",
                                                         "carbontracker_car_km",
                                                         "codecarbon_household_week",
                                                         "codecarbon_miles_driven",
                                                         "codecarbon_tv_hour"};

enum gt_status gt_hwdb_equiv_factors(const struct gt_hwdb *db, struct gt_equiv_factors *f,
                                     const struct gt_hw_constant **used, int *nused,
                                     struct gt_error *err)
{
    double *dst[GT_HWDB_NEQUIV] = {
        &f->ga_tree_year_g,      &f->ga_car_eu_g_per_km,  &f->ga_flight_par_dub_g,
        &f->ga_flight_ny_sf_g,   &f->ga_flight_nyc_mel_g, &f->ct_car_g_per_km,
        &f->cc_household_week_g, &f->cc_mile_g,           &f->cc_tv_hour_g};
    for (size_t i = 0; i < GT_HWDB_NEQUIV; i++) {
        const struct gt_hw_constant *c = gt_hwdb_constant(db, gt_hwdb_equiv_names[i]);
        if (!c)
            return gt_error_set(err, GT_E_DATA, "hwdb constant '%s' is missing",
                                gt_hwdb_equiv_names[i]);
        *dst[i] = c->value;
        used[(*nused)++] = c;
    }
    return GT_OK;
}
