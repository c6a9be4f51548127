/* gt_unc.h - how sure: a low-high range beside every central figure. Pure.
 *
 * Method (docs/method.md, "How sure is this"): interval arithmetic on
 * multiplicative factors. Each input that a figure rests on has a documented
 * factor range [lo, hi] around 1 (hwdb/data/uncertainty.csv, with sources):
 * power from TDP against real draw, memory W/GB, measured power (RAPL, NVML,
 * a smart plug), PUE (stated or typical), carbon intensity. A run's energy
 * range is the sum over its components of component x factor, times the PUE
 * factor; its CO2e range is its energy range times the carbon-intensity
 * factor. The errors are systematic (the same hardware model, the same grid
 * dataset for every run), so totals add the runs' lows and highs: nothing is
 * assumed to average out. The central value is never changed: lo <= central
 * <= hi always holds. */
#ifndef GT_UNC_H
#define GT_UNC_H

#include <stddef.h>

#include "gt_error.h"
#include "gt_estimate.h"
#include "gt_record.h"

enum gt_unc_id {
    GT_UNC_CPU_TDP = 0, /* CPU power as TDP x usage against its real draw */
    GT_UNC_GPU_TDP,     /* GPU power as TDP x usage against its real draw */
    GT_UNC_RAM,         /* memory power as W per GB */
    GT_UNC_RAPL,        /* CPU (and DRAM) energy read from Intel/AMD RAPL counters */
    GT_UNC_NVML,        /* GPU power or energy read through NVML */
    GT_UNC_PLUG,        /* energy at the wall read from a smart plug */
    GT_UNC_PUE_STATED,  /* a PUE the provider publishes or the user states */
    GT_UNC_PUE_TYPICAL, /* a typical PUE for a data centre not known */
    GT_UNC_CI,          /* carbon intensity: dataset-to-dataset and year-to-year spread */
    GT_UNC__COUNT
};

/* Row names of hwdb/data/uncertainty.csv: "cpu_tdp", "gpu_tdp",
 * "ram_w_per_gb", "rapl", "nvml", "plug", "pue_stated", "pue_typical",
 * "ci". */
const char *gt_unc_name(enum gt_unc_id id);

/* A factor range or a value range. */
struct gt_range {
    double lo, hi;
};

struct gt_unc {
    struct gt_range f[GT_UNC__COUNT]; /* multipliers of the central value, lo <= 1 <= hi */
};

/* How the PUE in a figure is known. */
enum gt_unc_pue {
    GT_UNC_PUEK_NONE = 0, /* PUE 1 or unknown: no facility overhead in the figure, no factor */
    GT_UNC_PUEK_STATED,   /* stated by the provider or the user (--pue) */
    GT_UNC_PUEK_TYPICAL   /* a typical value (a tool's default, the unknown-DC default) */
};

/* Which factor applies to each component of a tool's figures, and to energy
 * the tool did not split (the envelope of its components' factors). */
struct gt_unc_basis {
    enum gt_unc_id cpu, gpu, ram;
    struct gt_range other;
};

/* The bases of a record, from the tool that logged it (what it measured and
 * what it modelled; docs/method.md has the table). */
void gt_unc_basis_of(const struct gt_unc *u, const struct gt_record *r, struct gt_unc_basis *b);

/* The PUE kind of a figure whose applied PUE is `pue` (NAN unknown): NONE for
 * unknown or 1, else STATED when `stated`, else TYPICAL. */
enum gt_unc_pue gt_unc_pue_kind(double pue, int stated);

/* Energy and CO2e ranges of one run: e, cpu, gpu, ram (kWh, NAN unknown) and
 * co2e (g, NAN unknown) are the run's central figures. Unknown central ->
 * NAN range. */
void gt_unc_run(const struct gt_unc *u, const struct gt_unc_basis *b, enum gt_unc_pue pue, double e,
                double cpu, double gpu, double ram, double co2e, struct gt_range *er,
                struct gt_range *cr);

/* Energy and CO2e ranges of a Green Algorithms estimate: CPU and GPU power
 * from TDP (or, in measured mode, the measured and idle powers each within
 * the NVML range), memory W/GB, the PUE as `pue` says, the carbon intensity
 * widened to include ci_alt (another dataset's value for the same location;
 * NAN none). */
void gt_unc_estimate(const struct gt_unc *u, const struct gt_estimate_input *in,
                     const struct gt_estimate_result *res, enum gt_unc_pue pue, double ci_alt,
                     struct gt_range *er, struct gt_range *cr);

/* The dataset-to-dataset spread of carbon intensity: for the n locations with
 * values a[i] and b[i] (both > 0), the p-th percentile (nearest rank,
 * 0 < p <= 100) of |ln(a/b)|, returned as the factor exp(that) >= 1. NAN
 * when no pair is usable. */
double gt_unc_ci_spread(const double *a, const double *b, size_t n, double p);

/* Checks a factor table: every range finite, 0 < lo <= 1 <= hi. GT_E_DATA
 * naming the factor otherwise. */
enum gt_status gt_unc_check(const struct gt_unc *u, struct gt_error *err);

#endif
