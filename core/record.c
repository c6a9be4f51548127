#include "gt_record.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <strings.h>

static const char *const tool_names[GT_TOOL__COUNT] = {
    "unknown",       "codecarbon",       "carbontracker", "eco2ai",
    "energytracker", "green-algorithms", "greentally",    "slurm",
};

const char *gt_tool_name(enum gt_tool t)
{
    return (unsigned)t < GT_TOOL__COUNT ? tool_names[t] : "unknown";
}

enum gt_tool gt_tool_from_name(const char *name)
{
    for (int i = 1; i < GT_TOOL__COUNT; i++)
        if (strcasecmp(name, tool_names[i]) == 0)
            return (enum gt_tool)i;
    return GT_TOOL_UNKNOWN;
}

const char *gt_kind_name(enum gt_kind k)
{
    switch (k) {
    case GT_KIND_ACTUAL:
        return "actual";
    case GT_KIND_PREDICTED:
        return "predicted";
    case GT_KIND_EPOCHS:
        return "epochs";
    case GT_KIND_TOTAL:
        return "total";
    }
    return "actual";
}

/* Every member is set one by one (a memset of the whole record compiles to
 * `rep stos`, slow to start for the one record a row fills); the size check
 * makes a new member come here too. */
_Static_assert(sizeof(struct gt_record) == 408, "gt_record_init sets every member of gt_record");

void gt_record_init(struct gt_record *r)
{
    r->file = r->format = r->tool_version = r->run_key = r->run_id = r->project = "";
    r->experiment = r->user = r->host = r->group_key = "";
    r->country = r->country_iso = r->region = r->cloud_provider = r->cloud_region = "";
    r->os = r->cpu_model = r->gpu_model = "";
    r->line = 0;
    r->nrows = 1;
    r->tool = GT_TOOL_UNKNOWN;
    r->flags = 0;
    r->anon_run = 0;
    r->tz = GT_TZ_NONE;
    r->start = r->end = r->duration_s = NAN;
    r->energy_kwh = r->cpu_kwh = r->gpu_kwh = r->ram_kwh = NAN;
    r->pue = r->co2e_g = r->ci_g_per_kwh = NAN;
    r->cpu_power_w = r->gpu_power_w = r->ram_power_w = r->co2e_rate_g_per_s = NAN;
    r->cpu_count = r->gpu_count = r->ram_gb = NAN;
    r->kind = GT_KIND_ACTUAL;
    r->epochs = -1;
    r->early_stop = 0;
    r->nextras = 0;
    r->extras = NULL;
    r->nepochs_s = 0;
    r->epoch_s = NULL;
    r->nseries = 0;
    r->series = NULL;
    r->slurm = NULL;
}

double gt_record_energy(const struct gt_record *r)
{
    if (!isnan(r->energy_kwh))
        return r->energy_kwh;
    if (!isnan(r->cpu_kwh) && !isnan(r->gpu_kwh) && !isnan(r->ram_kwh))
        return r->cpu_kwh + r->gpu_kwh + r->ram_kwh;
    return NAN;
}

/* The string members, so copying is one loop. */
/* clang-format off */
#define STR_FIELDS(X)                                                                              \
    X(file) X(format) X(tool_version) X(run_key) X(run_id) X(project) X(experiment) X(user)       \
    X(host) X(group_key) X(country) X(country_iso) X(region) X(cloud_provider) X(cloud_region)    \
    X(os) X(cpu_model) X(gpu_model)
/* clang-format on */

static size_t slen(const char *s)
{
    return s ? strlen(s) + 1 : 1;
}

/* Copies s into *p (advancing it) and returns the copy. */
static const char *put(char **p, const char *s)
{
    char *d = *p;
    size_t n = slen(s);
    if (s)
        memcpy(d, s, n);
    else
        d[0] = '\0';
    *p += n;
    return d;
}

#define ALIGN8(n) (((n) + 7u) & ~(size_t)7u)

struct gt_record *gt_record_dup(const struct gt_record *r)
{
    size_t strs = 0;
#define COUNT(f) strs += slen(r->f);
    STR_FIELDS(COUNT)
#undef COUNT
    for (size_t i = 0; i < r->nextras; i++)
        strs += slen(r->extras[i].key) + slen(r->extras[i].value);
    size_t nvals = r->nepochs_s;
    for (size_t i = 0; i < r->nseries; i++) {
        strs += slen(r->series[i].component) + slen(r->series[i].device);
        nvals += r->series[i].n;
    }
    size_t off_kv = ALIGN8(sizeof(struct gt_record));
    size_t off_series = off_kv + ALIGN8(r->nextras * sizeof(struct gt_kv));
    size_t off_vals = off_series + ALIGN8(r->nseries * sizeof(struct gt_series));
    size_t off_fig = off_vals + nvals * sizeof(double);
    size_t off_strs = off_fig + (r->slurm ? sizeof(struct gt_slurm_fig) : 0);
    char *block = malloc(off_strs + strs);
    if (!block)
        return NULL;
    struct gt_record *d = (struct gt_record *)(void *)block;
    *d = *r;
    char *p = block + off_strs;
#define COPY(f) d->f = put(&p, r->f);
    STR_FIELDS(COPY)
#undef COPY
    struct gt_kv *kv = (struct gt_kv *)(void *)(block + off_kv);
    for (size_t i = 0; i < r->nextras; i++) {
        kv[i].key = put(&p, r->extras[i].key);
        kv[i].value = put(&p, r->extras[i].value);
    }
    d->extras = r->nextras ? kv : NULL;
    double *vals = (double *)(void *)(block + off_vals);
    if (r->nepochs_s)
        memcpy(vals, r->epoch_s, r->nepochs_s * sizeof(double));
    d->epoch_s = r->nepochs_s ? vals : NULL;
    vals += r->nepochs_s;
    struct gt_series *se = (struct gt_series *)(void *)(block + off_series);
    for (size_t i = 0; i < r->nseries; i++) {
        se[i] = r->series[i];
        se[i].component = put(&p, r->series[i].component);
        se[i].device = put(&p, r->series[i].device);
        if (r->series[i].n)
            memcpy(vals, r->series[i].v, r->series[i].n * sizeof(double));
        se[i].v = vals;
        vals += r->series[i].n;
    }
    d->series = r->nseries ? se : NULL;
    if (r->slurm) {
        struct gt_slurm_fig *f = (struct gt_slurm_fig *)(void *)(block + off_fig);
        *f = *r->slurm;
        d->slurm = f;
    }
    return d;
}

/* -1 with why when v is known but negative, not finite or above max. The
 * limit is named by limit, or else written as max and its unit; it is
 * formatted only for a value out of bounds (this check runs on every row). */
static int bounded(double v, double max, const char *name, const char *unit, const char *limit,
                   char *why, size_t size)
{
    if (isnan(v) || (v >= 0 && v <= max))
        return 0;
    const char *sp = *unit ? " " : "";
    if (!isfinite(v) || v > max) {
        char lim[32];
        if (!limit) {
            snprintf(lim, sizeof lim, "%g%s%s", max, sp, unit);
            limit = lim;
        }
        snprintf(why, size, "'%s' %g%s%s is beyond %s", name, v, sp, unit, limit);
    } else
        snprintf(why, size, "'%s' %g%s%s is negative", name, v, sp, unit);
    return -1;
}

/* The message of the first figure out of bounds (-1), 0 when none is. */
static int out_of_bounds(const struct gt_record *r, char *why, size_t size)
{
    const struct {
        double v;
        const char *name;
    } kwh[] = {{r->energy_kwh, "energy"},
               {r->cpu_kwh, "cpu_energy"},
               {r->gpu_kwh, "gpu_energy"},
               {r->ram_kwh, "ram_energy"}},
      watts[] = {{r->cpu_power_w, "cpu_power"},
                 {r->gpu_power_w, "gpu_power"},
                 {r->ram_power_w, "ram_power"}};
    if (bounded(r->duration_s, GT_MAX_DURATION_S, "duration", "s", "100 years", why, size))
        return -1;
    for (size_t i = 0; i < sizeof kwh / sizeof kwh[0]; i++)
        if (bounded(kwh[i].v, GT_MAX_ENERGY_KWH, kwh[i].name, "kWh", NULL, why, size))
            return -1;
    for (size_t i = 0; i < sizeof watts / sizeof watts[0]; i++)
        if (bounded(watts[i].v, GT_MAX_POWER_W, watts[i].name, "W", NULL, why, size))
            return -1;
    if (bounded(r->co2e_g, GT_MAX_CO2E_G, "emissions", "g", NULL, why, size))
        return -1;
    if (bounded(r->ci_g_per_kwh, GT_MAX_CI, "carbon intensity", "g/kWh", NULL, why, size))
        return -1;
    if (bounded(r->cpu_count, GT_MAX_COUNT, "cpu_count", "", NULL, why, size) ||
        bounded(r->gpu_count, GT_MAX_COUNT, "gpu_count", "", NULL, why, size))
        return -1;
    if (bounded(r->ram_gb, GT_MAX_RAM_GB, "ram", "GB", NULL, why, size))
        return -1;
    return 0;
}

/* bounded()'s test without its message: NaN, or 0 <= v <= max. */
static int in_bounds(double v, double max)
{
    return !(v < 0) & !(v > max);
}

int gt_record_check(const struct gt_record *r, char *why, size_t size)
{
    /* every row is checked: all figures in bounds is the case to make cheap */
    int fine =
        in_bounds(r->duration_s, GT_MAX_DURATION_S) & in_bounds(r->energy_kwh, GT_MAX_ENERGY_KWH) &
        in_bounds(r->cpu_kwh, GT_MAX_ENERGY_KWH) & in_bounds(r->gpu_kwh, GT_MAX_ENERGY_KWH) &
        in_bounds(r->ram_kwh, GT_MAX_ENERGY_KWH) & in_bounds(r->cpu_power_w, GT_MAX_POWER_W) &
        in_bounds(r->gpu_power_w, GT_MAX_POWER_W) & in_bounds(r->ram_power_w, GT_MAX_POWER_W) &
        in_bounds(r->co2e_g, GT_MAX_CO2E_G) & in_bounds(r->ci_g_per_kwh, GT_MAX_CI) &
        in_bounds(r->cpu_count, GT_MAX_COUNT) & in_bounds(r->gpu_count, GT_MAX_COUNT) &
        in_bounds(r->ram_gb, GT_MAX_RAM_GB);
    if (!fine && out_of_bounds(r, why, size))
        return -1;
    const double t[] = {r->start, r->end};
    for (int i = 0; i < 2; i++)
        if (!isnan(t[i]) && !(t[i] >= GT_MIN_TIME && t[i] < GT_MAX_TIME)) {
            snprintf(why, size, "'%s' is outside the years 1970-9999", i ? "end" : "start");
            return -1;
        }
    if (!isnan(r->start) && !isnan(r->duration_s) && !(r->start + r->duration_s < GT_MAX_TIME)) {
        snprintf(why, size, "'start' + 'duration' ends after the year 9999");
        return -1;
    }
    return 0;
}

const char *gt_record_extra(const struct gt_record *r, const char *key)
{
    for (size_t i = 0; i < r->nextras; i++)
        if (strcmp(r->extras[i].key, key) == 0)
            return r->extras[i].value;
    return "";
}
