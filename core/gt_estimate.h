/* gt_estimate.h - the Green Algorithms v3.0 model (Lannelongue et al. 2021)
 * and seed 000's measured-GPU variant. Pure arithmetic: inputs arrive
 * resolved (numbers), the caller looks hardware up. */
#ifndef GT_ESTIMATE_H
#define GT_ESTIMATE_H

#include "gt_error.h"

enum gt_gpu_mode {
    GT_GPU_TDP = 0,     /* P_gpu = n_gpus x TDP x usage */
    GT_GPU_MEASURED = 1 /* P_gpu = n_gpus x max(0, measured - idle) (seed 000) */
};

struct gt_estimate_input {
    double runtime_h;
    double n_cores; /* cores used */
    double cpu_tdp_per_core_w;
    double cpu_usage; /* [0,1] */
    double n_gpus;
    enum gt_gpu_mode gpu_mode;
    double gpu_tdp_w;   /* GT_GPU_TDP */
    double gpu_usage;   /* [0,1], GT_GPU_TDP */
    double gpu_power_w; /* mean measured power per GPU, GT_GPU_MEASURED */
    double gpu_idle_w;  /* idle power per GPU, GT_GPU_MEASURED */
    double memory_gb;
    double memory_power_w_per_gb;
    double pue;          /* >= 1 */
    double psf;          /* >= 1: "multiplicative factor" */
    double ci_g_per_kwh; /* >= 0 */
    /* seed 000's node static power: a node's fixed draw while the job holds
     * it, times the job's share of the node (0 W: off) */
    double node_static_w; /* >= 0 */
    double node_share;    /* (0,1] */
};

struct gt_estimate_result {
    /* power drawn by the hardware, before PUE (W) */
    double p_cpu_w, p_gpu_w, p_mem_w, p_static_w, p_w;
    /* energy incl. PUE and PSF (kWh), per component and total */
    double e_cpu_kwh, e_gpu_kwh, e_mem_kwh, e_static_kwh, e_kwh;
    /* carbon footprint (g CO2e), per component and total */
    double c_cpu_g, c_gpu_g, c_mem_g, c_static_g, c_g;
};

/* Sets the Green Algorithms defaults that are not hardware facts: usage 1,
 * PSF 1, PUE 1, memory power 0, no node static power (share 1); the caller
 * fills in data-backed values. */
void gt_estimate_input_init(struct gt_estimate_input *in);

/* Validates the inputs and computes the result:
 *   P_cpu = n_cores x TDP_per_core x usage_cpu
 *   P_gpu = n_gpus x TDP_gpu x usage_gpu  |  n_gpus x max(0, measured - idle)
 *   P_mem = memory_GB x memory_power
 *   P_static = node_static_w x node_share               (0 unless given)
 *   E     = runtime_h x (P_cpu + P_gpu + P_mem + P_static) x PUE x PSF / 1000   (kWh)
 *   C     = E x CI                                                 (g CO2e)
 * Returns GT_E_RANGE naming the offending input when one is out of range. */
enum gt_status gt_estimate_compute(const struct gt_estimate_input *in,
                                   struct gt_estimate_result *out, struct gt_error *err);

#endif
