#include "gt_estimate.h"

#include <math.h>
#include <string.h>

void gt_estimate_input_init(struct gt_estimate_input *in)
{
    memset(in, 0, sizeof *in);
    in->cpu_usage = 1.0;
    in->gpu_usage = 1.0;
    in->pue = 1.0;
    in->psf = 1.0;
    in->node_share = 1.0;
}

static enum gt_status check(struct gt_error *err, const char *name, double v, double lo, double hi)
{
    if (!isfinite(v) || v < lo || v > hi) {
        if (isinf(hi))
            return gt_error_set(err, GT_E_RANGE, "'%s' must be a number >= %g, got %g", name, lo,
                                v);
        return gt_error_set(err, GT_E_RANGE, "'%s' must be between %g and %g, got %g", name, lo, hi,
                            v);
    }
    return GT_OK;
}

enum gt_status gt_estimate_compute(const struct gt_estimate_input *in,
                                   struct gt_estimate_result *out, struct gt_error *err)
{
    const double inf = INFINITY;
    enum gt_status st;
    if ((st = check(err, "runtime", in->runtime_h, 0, inf)) ||
        (st = check(err, "cores", in->n_cores, 0, inf)) ||
        (st = check(err, "cpu tdp per core", in->cpu_tdp_per_core_w, 0, inf)) ||
        (st = check(err, "cpu usage", in->cpu_usage, 0, 1)) ||
        (st = check(err, "gpus", in->n_gpus, 0, inf)) ||
        (st = check(err, "memory", in->memory_gb, 0, inf)) ||
        (st = check(err, "memory power", in->memory_power_w_per_gb, 0, inf)) ||
        (st = check(err, "pue", in->pue, 1, inf)) || (st = check(err, "psf", in->psf, 1, inf)) ||
        (st = check(err, "carbon intensity", in->ci_g_per_kwh, 0, inf)) ||
        (st = check(err, "node static power", in->node_static_w, 0, inf)) ||
        (st = check(err, "node share", in->node_share, 0, 1)))
        return st;

    memset(out, 0, sizeof *out);
    out->p_cpu_w = in->n_cores * in->cpu_tdp_per_core_w * in->cpu_usage;
    if (in->gpu_mode == GT_GPU_MEASURED) {
        if ((st = check(err, "gpu power", in->gpu_power_w, 0, inf)) ||
            (st = check(err, "gpu idle power", in->gpu_idle_w, 0, inf)))
            return st;
        double net = in->gpu_power_w - in->gpu_idle_w;
        out->p_gpu_w = in->n_gpus * (net > 0 ? net : 0);
    } else {
        if ((st = check(err, "gpu tdp", in->gpu_tdp_w, 0, inf)) ||
            (st = check(err, "gpu usage", in->gpu_usage, 0, 1)))
            return st;
        out->p_gpu_w = in->n_gpus * in->gpu_tdp_w * in->gpu_usage;
    }
    out->p_mem_w = in->memory_gb * in->memory_power_w_per_gb;
    out->p_static_w = in->node_static_w * in->node_share;
    out->p_w = out->p_cpu_w + out->p_gpu_w + out->p_mem_w + out->p_static_w;

    /* Same order of operations as the calculator: runtime x (PUE x P) x PSF / 1000 */
    double k = in->runtime_h * in->pue * in->psf / 1000.0;
    out->e_cpu_kwh = out->p_cpu_w * k;
    out->e_gpu_kwh = out->p_gpu_w * k;
    out->e_mem_kwh = out->p_mem_w * k;
    out->e_static_kwh = out->p_static_w * k;
    out->e_kwh = out->p_w * k;
    out->c_cpu_g = out->e_cpu_kwh * in->ci_g_per_kwh;
    out->c_gpu_g = out->e_gpu_kwh * in->ci_g_per_kwh;
    out->c_mem_g = out->e_mem_kwh * in->ci_g_per_kwh;
    out->c_static_g = out->e_static_kwh * in->ci_g_per_kwh;
    out->c_g = out->e_kwh * in->ci_g_per_kwh;
    return GT_OK;
}
