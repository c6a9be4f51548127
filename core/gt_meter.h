/* gt_meter.h - the arithmetic of `greentally run`: from what the sensors read
 * in each sampling interval (CPU seconds of the measured processes, host
 * RAPL energy, host busy CPU time, GPU energy) to energy per component.
 * Pure: the sensors live in cli/run_*.c. Units: seconds, joules, bytes. */
#ifndef GT_METER_H
#define GT_METER_H

#include <stddef.h>

#define GT_METER_MAX_GPUS 16

/* Energy between two readings of a counter that wraps at max_range (RAPL
 * energy_uj and max_energy_range_uj): cur - prev, or (max_range - prev) + cur
 * when the counter went back. NAN when it went back and max_range is not
 * above prev (a reset or an unknown range). */
double gt_meter_counter_delta(double prev, double cur, double max_range);

/* Cores used over an interval: dcpu_s / dt_s (0 when dt_s <= 0). */
double gt_meter_cores(double dcpu_s, double dt_s);

/* The share of the host's CPU energy that belongs to the measured processes:
 * their CPU seconds over the host's busy CPU seconds in the same interval
 * (PowerJoular's rule: static power is shared out by busy time), clamped to
 * [0, 1]; 0 when the host was idle or unknown. */
double gt_meter_share(double scope_cpu_s, double host_busy_s);

/* GPU energy above idle over an interval: max(0, e_j - idle_w x dt_s). */
double gt_meter_above_idle(double e_j, double idle_w, double dt_s);

enum gt_cpu_method {
    GT_CPU_MODEL = 0, /* Green Algorithms: cores used x TDP per core */
    GT_CPU_RAPL       /* RAPL package (and DRAM) energy x CPU-time share */
};
const char *gt_cpu_method_name(enum gt_cpu_method m); /* "model", "rapl" */

/* What the sensors read over one interval. NAN marks what was not read. */
struct gt_meter_sample {
    double dt_s;        /* length of the interval */
    double cpu_s;       /* CPU seconds of the measured processes */
    double mem_bytes;   /* their memory at the end of the interval */
    double host_busy_s; /* busy CPU seconds of the whole host */
    double rapl_pkg_j;  /* host package energy */
    double rapl_dram_j; /* host DRAM energy (NAN: no DRAM domain) */
    size_t ngpus;
    const double *gpu_j;   /* per GPU energy in the interval (NAN: not read) */
    const int *gpu_active; /* per GPU: runs a measured process */
};

/* What one interval adds, for the log and the status line. */
struct gt_meter_step {
    double cores;        /* cores used */
    double share;        /* CPU-time share of the host (NAN without host busy time) */
    double cpu_model_j;  /* cores x TDP per core x dt */
    double cpu_rapl_j;   /* package energy x share (NAN without RAPL) */
    double ram_model_j;  /* GB x W/GB x dt (0 without memory) */
    double ram_rapl_j;   /* DRAM energy x share (NAN without DRAM) */
    double gpu_j;        /* above idle, summed over active GPUs (NAN: not measured) */
    double cpu_j, ram_j; /* what the chosen method counts */
    double w;            /* (cpu_j + ram_j + gpu_j) / dt, before PUE */
};

struct gt_meter {
    enum gt_cpu_method method;
    double tdp_per_core_w; /* Green Algorithms TDP per core */
    double mem_w_per_gb;   /* memory power per GB (GT_METER_GB bytes) */
    size_t ngpus;
    double gpu_idle_w[GT_METER_MAX_GPUS];
    int gpu_measured; /* 1 when GPUs are read (NVML present) */
    /* sums over the intervals */
    long nsamples;
    double wall_s, cpu_s;
    double cpu_model_j, cpu_rapl_j, ram_model_j, ram_rapl_j, gpu_j, gpu_raw_j;
    double cpu_j, ram_j; /* the chosen method, interval by interval */
    double rapl_pkg_host_j, rapl_dram_host_j;
    long rapl_missing; /* intervals where RAPL (or the host busy time) was not read */
    long dram_missing; /* intervals without a DRAM reading */
    double mem_byte_s; /* integral of memory over time */
    double mem_peak;
    /* seed 000's node static power (set after gt_meter_init; 0 W: off): the
     * node's fixed draw x the processes' share of it, their CPU seconds over
     * node_cpus x wall time, i.e. static J = node_static_w x cpu_s / node_cpus */
    double node_static_w;
    double node_cpus;
};

/* Bytes per GB of the memory model: GiB, as seed 000 sums RSS. */
#define GT_METER_GB 1073741824.0

/* Sets up a meter; idle_w holds ngpus idle powers (W), ngpus <= GT_METER_MAX_GPUS.
 * gpu_measured 0 means GPUs were not read at all (their energy stays NAN). */
void gt_meter_init(struct gt_meter *m, enum gt_cpu_method method, double tdp_per_core_w,
                   double mem_w_per_gb, int gpu_measured, size_t ngpus, const double *idle_w);

/* Adds one interval; *step (may be NULL) receives what it adds. */
void gt_meter_add(struct gt_meter *m, const struct gt_meter_sample *s, struct gt_meter_step *step);

struct gt_meter_totals {
    /* before PUE, joules */
    double cpu_model_j, cpu_rapl_j, ram_model_j, ram_rapl_j, gpu_j;
    /* chosen method, PUE applied, kWh */
    double cpu_kwh, ram_kwh, gpu_kwh; /* gpu NAN when not measured */
    double static_j, static_kwh;      /* node static power (0 when off); kWh with PUE */
    double energy_kwh;                /* cpu + ram (+ gpu when measured) + static */
    double co2e_g;                    /* energy x CI */
    double mean_cores, mean_mem_gb, peak_mem_gb;
    const char *cpu_method, *ram_method; /* "model", "rapl" */
};

/* Totals of a meter: energy (J -> kWh, times pue) and CO2e (x ci g/kWh).
 * With GT_CPU_RAPL an interval counts the attributed package energy for the
 * CPU and the attributed DRAM energy for memory, each falling back to the
 * model in an interval where it was not read. */
void gt_meter_totals(const struct gt_meter *m, double pue, double ci_g_per_kwh,
                     struct gt_meter_totals *t);

#endif
