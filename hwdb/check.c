#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gt_hwdb.h"
#include "gt_unc.h"
#include "hwdb_internal.h"

struct checker {
    void (*report)(void *ctx, const struct gt_hw_origin *o, const char *msg);
    void *ctx;
    size_t n;
};

__attribute__((format(printf, 3, 4))) static void
problem(struct checker *c, const struct gt_hw_origin *o, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    c->report(c->ctx, o, msg);
    c->n++;
}

static int blank(const char *s)
{
    return !s || !*s;
}

static void check_range(struct checker *c, const struct gt_hw_origin *o, const char *what,
                        const char *name, const char *field, double v, double lo, double hi,
                        int required)
{
    if (isnan(v)) {
        if (required)
            problem(c, o, "%s '%s': missing %s", what, name, field);
        return;
    }
    if (v < lo || v > hi)
        problem(c, o, "%s '%s': impossible %s %g (expected %g to %g)", what, name, field, v, lo,
                hi);
}

/* what the duplicate check needs of a CPU or GPU row */
struct named {
    const char *model, *key;
    const struct gt_hw_origin *origin;
};

static void cpu_view(const void *row, struct named *v)
{
    const struct gt_hw_cpu *r = row;
    *v = (struct named){r->model, r->key, &r->origin};
}

static void gpu_view(const void *row, struct named *v)
{
    const struct gt_hw_gpu *r = row;
    *v = (struct named){r->model, r->key, &r->origin};
}

struct keyed {
    const char *key;
    size_t i;
};

static int cmp_keyed(const void *a, const void *b)
{
    const struct keyed *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Reports every row whose match key equals an earlier row's, naming each
 * earlier row in table order ("cpu 'X': duplicate of 'Y' (file:line)").
 * One sort: O(n log n) rather than comparing every pair. */
static void check_duplicates(struct checker *c, const char *what, const void *rows, size_t n,
                             size_t size, void (*view)(const void *, struct named *))
{
    if (n < 2)
        return;
    struct keyed *k = malloc(n * sizeof *k);
    size_t *prev = malloc(n * sizeof *prev); /* previous row with the same key, or n */
    if (!k || !prev) {
        free(k);
        free(prev);
        static const struct gt_hw_origin none = {"hwdb", 0, 1};
        problem(c, &none, "%s names: out of memory checking for duplicates", what);
        return;
    }
    struct named v, w;
    for (size_t i = 0; i < n; i++) {
        view((const char *)rows + i * size, &v);
        k[i] = (struct keyed){v.key, i};
        prev[i] = n;
    }
    qsort(k, n, sizeof *k, cmp_keyed);
    for (size_t s = 1; s < n; s++)
        if (!strcmp(k[s].key, k[s - 1].key))
            prev[k[s].i] = k[s - 1].i;
    for (size_t i = 0; i < n; i++) {
        size_t earlier[16], ne = 0;
        for (size_t j = prev[i]; j < n && ne < 16; j = prev[j])
            earlier[ne++] = j;
        view((const char *)rows + i * size, &v);
        while (ne--) {
            view((const char *)rows + earlier[ne] * size, &w);
            problem(c, v.origin, "%s '%s': duplicate of '%s' (%s:%ld)", what, v.model, w.model,
                    w.origin->file, w.origin->line);
        }
    }
    free(k);
    free(prev);
}

/* The carbon-intensity spread of uncertainty.csv must be what locations.csv
 * gives (the 75th percentile of |ln(codecarbon/ga)|, gt_unc_ci_spread). */
static double ci_spread(const struct gt_hwdb *db)
{
    size_t n = 0;
    double *a = malloc((db->locations.n ? db->locations.n : 1) * sizeof *a);
    double *b = malloc((db->locations.n ? db->locations.n : 1) * sizeof *b);
    if (!a || !b) {
        free(a);
        free(b);
        return NAN;
    }
    for (size_t i = 0; i < db->locations.n; i++) {
        const struct gt_hw_location *g = &db->locations.v[i];
        if (strcmp(g->dataset, "ga-v3.0") != 0)
            continue;
        for (size_t j = 0; j < db->locations.n; j++) {
            const struct gt_hw_location *x = &db->locations.v[j];
            if (!strcmp(x->dataset, "codecarbon") && !strcasecmp(x->code, g->code)) {
                a[n] = x->ci_g_per_kwh;
                b[n++] = g->ci_g_per_kwh;
                break;
            }
        }
    }
    double k = gt_unc_ci_spread(a, b, n, 75);
    free(a);
    free(b);
    return k;
}

static void check_uncertainty(const struct gt_hwdb *db, struct checker *c)
{
    for (size_t i = 0; i < db->uncertainty.n; i++) {
        const struct gt_hw_uncertainty *r = &db->uncertainty.v[i];
        if (blank(r->source))
            problem(c, &r->origin, "uncertainty '%s': missing source", r->name);
        if (!(r->low > 0 && r->low <= 1 && r->high >= 1 && isfinite(r->high)))
            problem(c, &r->origin, "uncertainty '%s': needs 0 < low <= 1 <= high", r->name);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(db->uncertainty.v[j].name, r->name))
                problem(c, &r->origin, "uncertainty '%s': duplicate", r->name);
        /* a row that says it is computed from locations.csv must be */
        if (!strcmp(r->name, "ci") &&
            !strncmp(r->source, "computed from hwdb/data/locations.csv", 37)) {
            double k = ci_spread(db);
            if (!isnan(k) && (fabs(r->high / k - 1) > 5e-4 || fabs(r->low * k - 1) > 5e-4))
                problem(c, &r->origin,
                        "uncertainty 'ci': locations.csv gives %.4g and %.4g (low, high), the "
                        "row says %g and %g",
                        1 / k, k, r->low, r->high);
        }
    }
    static const struct gt_hw_origin none = {"hwdb", 0, 1};
    for (int k = 0; k < GT_UNC__COUNT; k++) {
        const char *name = gt_unc_name((enum gt_unc_id)k);
        int found = 0;
        for (size_t i = 0; i < db->uncertainty.n; i++)
            found |= !strcmp(db->uncertainty.v[i].name, name);
        if (!found)
            problem(c, &none, "uncertainty '%s': missing", name);
    }
}

/* peer_ci.csv: a known tool, an alpha-2 code, a plausible intensity, a
 * source, each (tool, code, region) once. */
static void check_peer_ci(const struct gt_hwdb *db, struct checker *c)
{
    for (size_t i = 0; i < db->peer_ci.n; i++) {
        const struct gt_hw_peer_ci *r = &db->peer_ci.v[i];
        if (blank(r->source))
            problem(c, &r->origin, "peer intensity '%s %s': missing source", r->tool, r->code);
        if (strcasecmp(r->tool, "eco2ai") && strcasecmp(r->tool, "carbontracker"))
            problem(c, &r->origin, "peer intensity '%s %s': tool is not eco2ai or carbontracker",
                    r->tool, r->code);
        if (strlen(r->code) != 2)
            problem(c, &r->origin, "peer intensity '%s %s': code is not ISO 3166 alpha-2", r->tool,
                    r->code);
        check_range(c, &r->origin, "peer intensity", r->code, "ci_g_per_kwh", r->ci_g_per_kwh, 0,
                    2000, 1);
        for (size_t j = 0; j < i; j++) {
            const struct gt_hw_peer_ci *o = &db->peer_ci.v[j];
            if (!strcasecmp(o->tool, r->tool) && !strcasecmp(o->code, r->code) &&
                !strcasecmp(o->region, r->region))
                problem(c, &r->origin, "peer intensity '%s %s%s%s': duplicate (%s:%ld)", r->tool,
                        r->code, *r->region ? " " : "", r->region, o->origin.file, o->origin.line);
        }
    }
}

size_t gt_hwdb_check(const struct gt_hwdb *db,
                     void (*report)(void *ctx, const struct gt_hw_origin *o, const char *msg),
                     void *ctx)
{
    struct checker c = {report, ctx, 0};

    for (size_t i = 0; i < db->cpus.n; i++) {
        const struct gt_hw_cpu *r = &db->cpus.v[i];
        if (blank(r->source))
            problem(&c, &r->origin, "cpu '%s': missing source", r->model);
        check_range(&c, &r->origin, "cpu", r->model, "cores", r->cores, 1, 1024, 0);
        check_range(&c, &r->origin, "cpu", r->model, "tdp_w", r->tdp_w, 0.1, 1000, 0);
        check_range(&c, &r->origin, "cpu", r->model, "tdp per core", r->tdp_per_core_w, 0.05, 200,
                    0);
        if (!isnan(r->threads) && !isnan(r->cores) && r->threads < r->cores)
            problem(&c, &r->origin, "cpu '%s': fewer threads (%g) than cores (%g)", r->model,
                    r->threads, r->cores);
        if (r->year && (r->year < 1990 || r->year > 2030))
            problem(&c, &r->origin, "cpu '%s': impossible year %d", r->model, r->year);
        if (r->tdp_per_core_given && !isnan(r->tdp_w) && !isnan(r->cores) && r->cores > 0 &&
            fabs(r->tdp_per_core_w - r->tdp_w / r->cores) > 0.051)
            problem(&c, &r->origin, "cpu '%s': tdp per core %g W disagrees with %g W / %g cores",
                    r->model, r->tdp_per_core_w, r->tdp_w, r->cores);
        if (!*r->key)
            problem(&c, &r->origin, "cpu '%s': name has no distinguishing word", r->model);
    }
    check_duplicates(&c, "cpu", db->cpus.v, db->cpus.n, sizeof *db->cpus.v, cpu_view);
    for (size_t i = 0; i < db->gpus.n; i++) {
        const struct gt_hw_gpu *r = &db->gpus.v[i];
        if (blank(r->source))
            problem(&c, &r->origin, "gpu '%s': missing source", r->model);
        check_range(&c, &r->origin, "gpu", r->model, "tdp_w", r->tdp_w, 1, 2000, 1);
        check_range(&c, &r->origin, "gpu", r->model, "memory_gb", r->memory_gb, 0.5, 1024, 0);
        if (r->year && (r->year < 1990 || r->year > 2030))
            problem(&c, &r->origin, "gpu '%s': impossible year %d", r->model, r->year);
        if (!*r->key)
            problem(&c, &r->origin, "gpu '%s': name has no distinguishing word", r->model);
    }
    check_duplicates(&c, "gpu", db->gpus.v, db->gpus.n, sizeof *db->gpus.v, gpu_view);
    for (size_t i = 0; i < db->locations.n; i++) {
        const struct gt_hw_location *r = &db->locations.v[i];
        if (blank(r->source))
            problem(&c, &r->origin, "location '%s': missing source", r->code);
        check_range(&c, &r->origin, "location", r->code, "ci_g_per_kwh", r->ci_g_per_kwh, 0, 2000,
                    1);
        if (strcasecmp(r->type, "world") && strcasecmp(r->type, "country") &&
            strcasecmp(r->type, "region"))
            problem(&c, &r->origin, "location '%s': type '%s' is not world, country or region",
                    r->code, r->type);
        for (size_t j = 0; j < i; j++) {
            const struct gt_hw_location *o = &db->locations.v[j];
            if (!strcasecmp(o->code, r->code) && !strcasecmp(o->dataset, r->dataset))
                problem(&c, &r->origin, "location '%s': duplicate in dataset '%s' (%s:%ld)",
                        r->code, r->dataset, o->origin.file, o->origin.line);
        }
    }
    for (size_t i = 0; i < db->providers.n; i++) {
        const struct gt_hw_provider *r = &db->providers.v[i];
        if (blank(r->source))
            problem(&c, &r->origin, "provider '%s': missing source", r->provider);
        check_range(&c, &r->origin, "provider", r->provider, "pue", r->pue, 1, 3, 1);
        for (size_t j = 0; j < i; j++)
            if (!strcasecmp(db->providers.v[j].provider, r->provider))
                problem(&c, &r->origin, "provider '%s': duplicate", r->provider);
    }
    for (size_t i = 0; i < db->clouds.n; i++) {
        const struct gt_hw_cloud *r = &db->clouds.v[i];
        if (blank(r->source))
            problem(&c, &r->origin, "cloud region '%s': missing source", r->region);
        check_range(&c, &r->origin, "cloud region", r->region, "pue", r->pue, 1, 3, 0);
        if (!isnan(r->pue) && blank(r->pue_source))
            problem(&c, &r->origin, "cloud region '%s': PUE without a source", r->region);
        int prov = 0, loc = 0;
        for (size_t j = 0; j < db->providers.n; j++)
            prov |= !strcasecmp(db->providers.v[j].provider, r->provider);
        for (size_t j = 0; j < db->locations.n; j++)
            loc |= !strcasecmp(db->locations.v[j].code, r->location);
        if (!prov)
            problem(&c, &r->origin, "cloud region '%s': unknown provider '%s'", r->region,
                    r->provider);
        if (!loc)
            problem(&c, &r->origin, "cloud region '%s': unknown location '%s'", r->region,
                    r->location);
        for (size_t j = 0; j < i; j++) {
            const struct gt_hw_cloud *o = &db->clouds.v[j];
            if (!strcasecmp(o->provider, r->provider) && !strcasecmp(o->region, r->region))
                problem(&c, &r->origin, "cloud region '%s' of '%s': duplicate", r->region,
                        r->provider);
        }
    }
    for (size_t i = 0; i < db->iso.n; i++) {
        const struct gt_hw_iso *r = &db->iso.v[i];
        if (blank(r->source))
            problem(&c, &r->origin, "iso code '%s': missing source", r->alpha2);
        if (strlen(r->alpha2) != 2 || strlen(r->alpha3) != 3)
            problem(&c, &r->origin, "iso code '%s'/'%s': malformed", r->alpha2, r->alpha3);
    }
    for (size_t i = 0; i < db->constants.n; i++) {
        const struct gt_hw_constant *r = &db->constants.v[i];
        if (blank(r->source))
            problem(&c, &r->origin, "constant '%s': missing source", r->name);
        if (isnan(r->value) || r->value <= 0)
            problem(&c, &r->origin, "constant '%s': impossible value", r->name);
        for (size_t j = 0; j < i; j++)
            if (!strcmp(db->constants.v[j].name, r->name))
                problem(&c, &r->origin, "constant '%s': duplicate", r->name);
    }
    for (size_t i = 0; i < db->factors.n; i++) {
        const struct gt_hw_factor *r = &db->factors.v[i];
        if (blank(r->source))
            problem(&c, &r->origin, "emission factor '%s': missing source", r->fuel);
        check_range(&c, &r->origin, "emission factor", r->fuel, "g_per_kwh", r->g_per_kwh, 0, 2000,
                    1);
        for (size_t j = 0; j < i; j++)
            if (!strcasecmp(db->factors.v[j].fuel, r->fuel) &&
                !strcasecmp(db->factors.v[j].dataset, r->dataset))
                problem(&c, &r->origin, "emission factor '%s' (%s): duplicate", r->fuel,
                        r->dataset);
    }
    for (size_t i = 0; i < db->peaks.n; i++) {
        const struct gt_hw_peak *r = &db->peaks.v[i];
        int any = 0;
        if (blank(r->source))
            problem(&c, &r->origin, "gpu peak '%s %s': missing source", r->family, r->variant);
        for (int k = 0; k < GT_PREC_N; k++) {
            if (isnan(r->tflops[k]))
                continue;
            any = 1;
            check_range(&c, &r->origin, "gpu peak", r->family, gt_precision_name(k), r->tflops[k],
                        0.1, 20000, 1);
        }
        if (!any)
            problem(&c, &r->origin, "gpu peak '%s %s': no throughput", r->family, r->variant);
        for (size_t j = 0; j < i; j++)
            if (!strcasecmp(db->peaks.v[j].family, r->family) &&
                !strcasecmp(db->peaks.v[j].variant, r->variant))
                problem(&c, &r->origin, "gpu peak '%s %s': duplicate", r->family, r->variant);
    }
    static const char *const kinds[] = {"cpu", "gpu", "server", "laptop", "desktop"};
    for (size_t i = 0; i < db->embodied.n; i++) {
        const struct gt_hw_embodied *r = &db->embodied.v[i];
        int known = 0;
        if (blank(r->source))
            problem(&c, &r->origin, "embodied '%s %s': missing source", r->kind, r->item);
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
            known |= !strcasecmp(kinds[k], r->kind);
        if (!known)
            problem(&c, &r->origin,
                    "embodied '%s %s': unknown kind (cpu, gpu, server, laptop or desktop)", r->kind,
                    r->item);
        check_range(&c, &r->origin, "embodied", r->item, "kgco2e", r->kgco2e, 0.1, 100000, 1);
        for (size_t j = 0; j < i; j++)
            if (!strcasecmp(db->embodied.v[j].kind, r->kind) &&
                !strcasecmp(db->embodied.v[j].item, r->item))
                problem(&c, &r->origin, "embodied '%s %s': duplicate", r->kind, r->item);
    }
    check_peer_ci(db, &c);
    check_uncertainty(db, &c);
    static const struct gt_hw_origin none = {"hwdb", 0, 1};
    for (size_t i = 0; i <= GT_HWDB_NEQUIV; i++) {
        const char *name = i ? gt_hwdb_equiv_names[i - 1] : "memory_power";
        if (!gt_hwdb_constant(db, name))
            problem(&c, &none, "constant '%s': missing", name);
    }
    static const char *const apriori[] = {"apriori_mfu", "apriori_mfu_low", "apriori_mfu_high",
                                          "embodied_lifetime"};
    for (size_t i = 0; i < sizeof apriori / sizeof apriori[0]; i++)
        if (!gt_hwdb_constant(db, apriori[i]))
            problem(&c, &none, "constant '%s': missing", apriori[i]);
    return c.n;
}
