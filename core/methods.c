/* methods.c - each peer's method on the same inputs (docs/formats.md,
 * "compare"). Rules from notes/codecarbon-let.md 1.4,
 * notes/carbontracker-eco2ai.md 1.5 and 2, notes/green-algorithms.md. */
#include "gt_methods.h"

#include <math.h>
#include <string.h>

#include "gt_estimate.h"

static const char *const ids[GT_M__COUNT] = {
    "ga-v3.0", "codecarbon-2", "codecarbon-3", "carbontracker", "eco2ai", "let", "greentally",
};
static const char *const titles[GT_M__COUNT] = {
    "Green Algorithms v3.0",
    "CodeCarbon <= 2.8.4 (no RAPL)",
    "CodeCarbon >= 3.0.3 (no RAPL)",
    "carbontracker",
    "eco2ai",
    "LET (CodeCarbon 3)",
    "greentally",
};

const char *gt_method_id(enum gt_method m)
{
    return (unsigned)m < GT_M__COUNT ? ids[m] : "?";
}

const char *gt_method_title(enum gt_method m)
{
    return (unsigned)m < GT_M__COUNT ? titles[m] : "?";
}

double gt_method_cc3_ram_w(double gb, double slot_w, double min_w)
{
    double dimms;
    if (isnan(gb) || gb <= 0)
        return 0;
    if (gb <= 2)
        dimms = 1;
    else if (gb <= 16)
        dimms = 2;
    else if (gb <= 64)
        dimms = 4;
    else if (gb <= 128)
        dimms = 8;
    else {
        /* the largest DIMM size in 4..128 that is <= GB/8, at most 32 DIMMs */
        double size = 4;
        for (double s = 8; s <= 128; s *= 2)
            if (s <= gb / 8)
                size = s;
        dimms = ceil(gb / size);
        if (dimms > 32)
            dimms = 32;
    }
    double w = 0;
    for (double d = 1; d <= dimms; d++)
        w += slot_w * (d <= 4 ? 1.0 : d <= 8 ? 0.9 : d <= 16 ? 0.8 : 0.7);
    return w < min_w ? min_w : w;
}

static double usage(double u, unsigned *flags)
{
    if (isnan(u)) {
        *flags |= GT_MR_USAGE_ASSUMED;
        return 1;
    }
    return u;
}

static double ci_or(double ci, double world, unsigned *flags)
{
    if (isnan(ci)) {
        *flags |= GT_MR_CI_WORLD;
        return world;
    }
    return ci;
}

static double ram(double gb, unsigned *flags)
{
    if (isnan(gb)) {
        *flags |= GT_MR_NO_RAM;
        return 0;
    }
    return gb;
}

/* GPUs a measuring tool counts: what was measured, else none */
static double gpu_measured(const struct gt_method_input *in, unsigned *flags)
{
    if (in->gpus <= 0)
        return 0;
    if (isnan(in->gpu_measured_w)) {
        *flags |= GT_MR_GPU_NONE;
        return NAN;
    }
    return in->gpu_measured_w;
}

static void cc3(const struct gt_method_input *in, const struct gt_method_consts *k,
                struct gt_method_result *o)
{
    double tdp = in->cpu_tdp_w;
    if (isnan(tdp)) {
        tdp = k->cc_unknown_cpu_w;
        o->flags |= GT_MR_CPU_DEFAULT;
    }
    double u = usage(in->cpu_usage, &o->flags);
    o->cpu_w = tdp * (0.1 + 0.9 * u * u * u);
    o->gpu_w = gpu_measured(in, &o->flags);
    o->ram_w = gt_method_cc3_ram_w(ram(in->ram_gb, &o->flags), k->cc3_ram_slot_w, k->cc3_ram_min_w);
    o->pue = k->cc_pue;
}

/* greentally's range: the estimate's interval arithmetic (gt_unc_estimate)
 * on the row's powers, PUE and intensity. A logged PUE is typical unless the
 * caller says it was stated; the intensity widens to the other dataset's
 * value of the same place (CodeCarbon's when Green Algorithms' was used). */
static void range(const struct gt_method_input *in, const struct gt_method_consts *k,
                  struct gt_method_result *o)
{
    struct gt_estimate_input ei;
    struct gt_estimate_result er;
    gt_estimate_input_init(&ei);
    memset(&er, 0, sizeof er);
    ei.runtime_h = in->runtime_h;
    ei.pue = o->pue;
    ei.ci_g_per_kwh = o->ci_g_per_kwh;
    ei.gpu_mode = GT_GPU_TDP;
    er.p_cpu_w = o->cpu_w;
    er.p_gpu_w = o->gpu_w;
    er.p_mem_w = o->ram_w;
    er.e_kwh = o->energy_kwh;
    er.c_g = o->co2e_g;
    int logged_ci = !isnan(in->ci_logged);
    double alt = logged_ci ? in->ci_alt : in->ci_ga == o->ci_g_per_kwh ? in->ci_cc : NAN;
    enum gt_unc_pue kind = gt_unc_pue_kind(o->pue, !isnan(in->pue_logged) && in->pue_stated);
    gt_unc_estimate(&k->unc, &ei, &er, kind, alt, &o->energy_range, &o->co2e_range);
}

void gt_method_run(enum gt_method m, const struct gt_method_input *in,
                   const struct gt_method_consts *k, struct gt_method_result *o)
{
    memset(o, 0, sizeof *o);
    o->cpu_w = o->gpu_w = o->ram_w = NAN;
    double per_core, gpu_w;
    switch (m) {
    case GT_M_GA3:
    case GT_M_GREENTALLY:
        per_core = in->cpu_tdp_per_core_w;
        if (isnan(per_core)) {
            per_core = k->ga_any_cpu_w_per_core;
            o->flags |= GT_MR_CPU_DEFAULT;
        }
        o->cpu_w = in->cores * per_core * usage(in->cpu_usage, &o->flags);
        gpu_w = in->gpu_tdp_w;
        if (in->gpus > 0 && isnan(gpu_w)) {
            gpu_w = k->ga_any_gpu_w;
            o->flags |= GT_MR_GPU_DEFAULT;
        }
        o->gpu_w = in->gpus > 0 ? in->gpus * gpu_w * usage(in->gpu_usage, &o->flags) : 0;
        o->ram_w = ram(in->ram_gb, &o->flags) * k->ga_mem_w_per_gb;
        if (m == GT_M_GREENTALLY && !isnan(in->pue_logged))
            o->pue = in->pue_logged;
        else
            o->pue = isnan(in->pue_ga) ? k->ga_pue_unknown : in->pue_ga;
        o->ci_g_per_kwh = m == GT_M_GREENTALLY && !isnan(in->ci_logged)
                              ? in->ci_logged
                              : ci_or(in->ci_ga, k->ga_world_ci, &o->flags);
        break;
    case GT_M_CC2:
        if (isnan(in->cpu_tdp_w)) {
            o->cpu_w = k->cc_unknown_cpu_w * k->cc2_cpu_fraction;
            o->flags |= GT_MR_CPU_DEFAULT;
        } else
            o->cpu_w = in->cpu_tdp_w * k->cc2_cpu_fraction;
        o->gpu_w = gpu_measured(in, &o->flags);
        o->ram_w = ram(in->ram_gb, &o->flags) * k->cc_ram_w_per_gb;
        o->pue = k->cc_pue;
        o->ci_g_per_kwh = ci_or(in->ci_cc, k->cc_world_ci, &o->flags);
        break;
    case GT_M_CC3:
    case GT_M_LET:
        cc3(in, k, o);
        o->ci_g_per_kwh =
            m == GT_M_LET ? k->let_default_ci : ci_or(in->ci_cc, k->cc_world_ci, &o->flags);
        break;
    case GT_M_CT:
        if (isnan(in->cpu_measured_w))
            o->flags |= GT_MR_CPU_NONE;
        o->cpu_w = in->cpu_measured_w;
        o->gpu_w = gpu_measured(in, &o->flags);
        if (in->gpus <= 0 && isnan(o->cpu_w))
            o->gpu_w = NAN;
        o->ram_w = NAN; /* carbontracker has no memory model */
        o->pue = k->ct_pue;
        /* offline (no live API): its country table, else its world value */
        o->ci_g_per_kwh = ci_or(in->ci_ct, k->ct_world_ci, &o->flags);
        break;
    case GT_M_ECO2AI:
        if (isnan(in->cpu_tdp_w)) {
            o->cpu_w = k->eco2ai_default_tdp;
            o->flags |= GT_MR_CPU_DEFAULT;
        } else
            o->cpu_w = in->cpu_tdp_w;
        o->cpu_w *= usage(in->cpu_usage, &o->flags);
        o->gpu_w = gpu_measured(in, &o->flags);
        o->ram_w = ram(in->ram_gb, &o->flags) * k->eco2ai_ram_w_per_gb;
        o->pue = k->eco2ai_pue;
        o->ci_g_per_kwh = ci_or(in->ci_eco2ai, k->eco2ai_world_ci, &o->flags);
        break;
    }
    double p = 0;
    int any = 0;
    const double c[3] = {o->cpu_w, o->gpu_w, o->ram_w};
    for (int i = 0; i < 3; i++)
        if (!isnan(c[i])) {
            p += c[i];
            any = 1;
        }
    o->energy_kwh = any ? in->runtime_h * p * o->pue / 1000.0 : NAN;
    o->co2e_g = o->energy_kwh * o->ci_g_per_kwh;
    o->energy_range.lo = o->energy_range.hi = o->co2e_range.lo = o->co2e_range.hi = NAN;
    if (m == GT_M_GREENTALLY)
        range(in, k, o);
}
