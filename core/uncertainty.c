#include "gt_unc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const names[GT_UNC__COUNT] = {
    "cpu_tdp", "gpu_tdp", "ram_w_per_gb", "rapl", "nvml", "plug", "pue_stated", "pue_typical", "ci",
};

const char *gt_unc_name(enum gt_unc_id id)
{
    return (unsigned)id < GT_UNC__COUNT ? names[id] : "?";
}

enum gt_status gt_unc_check(const struct gt_unc *u, struct gt_error *err)
{
    for (int i = 0; i < GT_UNC__COUNT; i++) {
        const struct gt_range *f = &u->f[i];
        if (!isfinite(f->lo) || !isfinite(f->hi) || !(f->lo > 0) || f->lo > 1 || f->hi < 1)
            return gt_error_set(err, GT_E_DATA,
                                "uncertainty '%s' must have 0 < low <= 1 <= high, got %g and %g",
                                names[i], f->lo, f->hi);
    }
    return GT_OK;
}

static struct gt_range envelope(const struct gt_unc *u, enum gt_unc_id a, enum gt_unc_id b,
                                enum gt_unc_id c)
{
    struct gt_range r = u->f[a];
    const struct gt_range *x[2] = {&u->f[b], &u->f[c]};
    for (int i = 0; i < 2; i++) {
        if (x[i]->lo < r.lo)
            r.lo = x[i]->lo;
        if (x[i]->hi > r.hi)
            r.hi = x[i]->hi;
    }
    return r;
}

static const char *extra(const struct gt_record *r, const char *key)
{
    for (size_t i = 0; i < r->nextras; i++)
        if (!strcmp(r->extras[i].key, key))
            return r->extras[i].value;
    return "";
}

void gt_unc_basis_of(const struct gt_unc *u, const struct gt_record *r, struct gt_unc_basis *b)
{
    switch (r->tool) {
    case GT_TOOL_CARBONTRACKER: /* RAPL and NVML only; no model */
        b->cpu = GT_UNC_RAPL;
        b->gpu = GT_UNC_NVML;
        b->ram = GT_UNC_RAPL;
        break;
    case GT_TOOL_GREENTALLY: /* cpu_method says which counted; GPUs through NVML */
        b->cpu = !strcmp(extra(r, "cpu_method"), "rapl") ? GT_UNC_RAPL : GT_UNC_CPU_TDP;
        b->gpu = GT_UNC_NVML;
        b->ram = GT_UNC_RAM;
        break;
    case GT_TOOL_CODECARBON:    /* CPU: RAPL or a TDP model, the log does not say which */
    case GT_TOOL_ECO2AI:        /* CPU: TDP x utilisation */
    case GT_TOOL_ENERGYTRACKER: /* seed 000: GPU measured, CPU from TDP */
        b->cpu = GT_UNC_CPU_TDP;
        b->gpu = GT_UNC_NVML;
        b->ram = GT_UNC_RAM;
        break;
    case GT_TOOL_SLURM: /* GA4HPC: TDP per core, GPU TDP, W per GB */
    default:            /* Green Algorithms calculator, unknown: everything modelled */
        b->cpu = GT_UNC_CPU_TDP;
        b->gpu = GT_UNC_GPU_TDP;
        b->ram = GT_UNC_RAM;
        break;
    }
    b->other = envelope(u, b->cpu, b->gpu, b->ram);
}

enum gt_unc_pue gt_unc_pue_kind(double pue, int stated)
{
    if (isnan(pue) || pue == 1.0)
        return GT_UNC_PUEK_NONE;
    return stated ? GT_UNC_PUEK_STATED : GT_UNC_PUEK_TYPICAL;
}

static struct gt_range pue_factor(const struct gt_unc *u, enum gt_unc_pue pue)
{
    static const struct gt_range one = {1, 1};
    return pue == GT_UNC_PUEK_STATED    ? u->f[GT_UNC_PUE_STATED]
           : pue == GT_UNC_PUEK_TYPICAL ? u->f[GT_UNC_PUE_TYPICAL]
                                        : one;
}

/* lo <= central <= hi, whatever rounding did. */
static struct gt_range around(double central, double lo, double hi)
{
    struct gt_range r = {lo < central ? lo : central, hi > central ? hi : central};
    return r;
}

static double known(double v)
{
    return isnan(v) ? 0 : v;
}

void gt_unc_run(const struct gt_unc *u, const struct gt_unc_basis *b, enum gt_unc_pue pue, double e,
                double cpu, double gpu, double ram, double co2e, struct gt_range *er,
                struct gt_range *cr)
{
    struct gt_range p = pue_factor(u, pue), ci = u->f[GT_UNC_CI];
    /* relative energy range: components with their factors, the rest with
     * the envelope; a run without energy but with CO2e takes the envelope */
    double rlo = b->other.lo, rhi = b->other.hi;
    if (!isnan(e) && e > 0) {
        double c = known(cpu), g = known(gpu), m = known(ram);
        double other = e - c - g - m;
        if (other < 0)
            other = 0;
        double lo =
            c * u->f[b->cpu].lo + g * u->f[b->gpu].lo + m * u->f[b->ram].lo + other * b->other.lo;
        double hi =
            c * u->f[b->cpu].hi + g * u->f[b->gpu].hi + m * u->f[b->ram].hi + other * b->other.hi;
        double sum = c + g + m + other; /* = e unless the components exceed it */
        rlo = lo / sum;
        rhi = hi / sum;
    }
    if (isnan(e)) {
        er->lo = er->hi = NAN;
    } else {
        *er = around(e, e * rlo * p.lo, e * rhi * p.hi);
    }
    if (isnan(co2e)) {
        cr->lo = cr->hi = NAN;
    } else {
        *cr = around(co2e, co2e * rlo * p.lo * ci.lo, co2e * rhi * p.hi * ci.hi);
    }
}

void gt_unc_estimate(const struct gt_unc *u, const struct gt_estimate_input *in,
                     const struct gt_estimate_result *res, enum gt_unc_pue pue, double ci_alt,
                     struct gt_range *er, struct gt_range *cr)
{
    const struct gt_range *fc = &u->f[GT_UNC_CPU_TDP], *fm = &u->f[GT_UNC_RAM];
    struct gt_range p = pue_factor(u, pue), ci = u->f[GT_UNC_CI];
    double g_lo, g_hi;
    if (in->gpu_mode == GT_GPU_MEASURED) {
        const struct gt_range *fn = &u->f[GT_UNC_NVML];
        double lo = in->gpu_power_w * fn->lo - in->gpu_idle_w * fn->hi;
        double hi = in->gpu_power_w * fn->hi - in->gpu_idle_w * fn->lo;
        g_lo = in->n_gpus * (lo > 0 ? lo : 0);
        g_hi = in->n_gpus * (hi > 0 ? hi : 0);
    } else {
        g_lo = res->p_gpu_w * u->f[GT_UNC_GPU_TDP].lo;
        g_hi = res->p_gpu_w * u->f[GT_UNC_GPU_TDP].hi;
    }
    /* node static power (--node-static-w) is the user's figure: no factor */
    double pw_lo = res->p_cpu_w * fc->lo + g_lo + res->p_mem_w * fm->lo + res->p_static_w;
    double pw_hi = res->p_cpu_w * fc->hi + g_hi + res->p_mem_w * fm->hi + res->p_static_w;
    /* the central value's order of operations: runtime x PUE x PSF / 1000 */
    double k = in->runtime_h * in->pue * in->psf / 1000.0;
    *er = around(res->e_kwh, pw_lo * k * p.lo, pw_hi * k * p.hi);
    double ci_lo = in->ci_g_per_kwh * ci.lo, ci_hi = in->ci_g_per_kwh * ci.hi;
    if (!isnan(ci_alt) && ci_alt >= 0) {
        if (ci_alt < ci_lo)
            ci_lo = ci_alt;
        if (ci_alt > ci_hi)
            ci_hi = ci_alt;
    }
    *cr = around(res->c_g, er->lo * ci_lo, er->hi * ci_hi);
}

static int cmp_double(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return a < b ? -1 : a > b;
}

double gt_unc_ci_spread(const double *a, const double *b, size_t n, double p)
{
    if (!(p > 0 && p <= 100))
        return NAN;
    double *d = malloc((n ? n : 1) * sizeof *d);
    if (!d)
        return NAN;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (a[i] > 0 && b[i] > 0 && isfinite(a[i]) && isfinite(b[i]))
            d[m++] = fabs(log(a[i] / b[i]));
    double r = NAN;
    if (m) {
        qsort(d, m, sizeof *d, cmp_double);
        size_t rank = (size_t)ceil(p / 100.0 * (double)m); /* 1-based nearest rank */
        if (rank < 1)
            rank = 1;
        r = exp(d[rank - 1]);
    }
    free(d);
    return r;
}
