/* gt_methods.h - every peer tool's method on the same run (`greentally
 * compare`): from what a run logged (runtime, CPU and its TDP, cores, usage,
 * GPUs, memory, what was measured, the location's carbon intensities) to
 * each method's power by component, PUE, energy and CO2e. Pure arithmetic:
 * the caller resolves hardware and intensities; constants arrive as data
 * (hwdb/data/methods.csv, each with the peer's version and source). */
#ifndef GT_METHODS_H
#define GT_METHODS_H

#include "gt_unc.h"

enum gt_method {
    GT_M_GA3 = 0,   /* Green Algorithms v3.0 */
    GT_M_CC2,       /* CodeCarbon <= 2.8.4 without RAPL (constant mode) */
    GT_M_CC3,       /* CodeCarbon >= 3.0.3 without RAPL (cpu_load, RAM by DIMMs) */
    GT_M_CT,        /* carbontracker (measures only) */
    GT_M_ECO2AI,    /* eco2ai */
    GT_M_LET,       /* Lamarr Energy Tracker: CodeCarbon 3 + its default intensity */
    GT_M_GREENTALLY /* greentally: Green Algorithms with the run's own PUE and intensity */
};
#define GT_M__COUNT 7

/* "ga-v3.0", "codecarbon-2", "codecarbon-3", "carbontracker", "eco2ai", "let",
 * "greentally"; and a title for humans. */
const char *gt_method_id(enum gt_method m);
const char *gt_method_title(enum gt_method m);

struct gt_method_input {
    double runtime_h;
    double cpu_tdp_w;          /* whole chip; NAN: model unknown */
    double cpu_tdp_per_core_w; /* Green Algorithms' per core; NAN: unknown */
    double cores;              /* cores of the run (>= 0) */
    double cpu_usage;          /* 0..1; NAN: not logged */
    double gpus;               /* >= 0 */
    double gpu_tdp_w;          /* per GPU; NAN: unknown */
    double gpu_usage;          /* 0..1; NAN: not logged */
    double cpu_measured_w;     /* mean CPU power measured (RAPL); NAN: not measured */
    double gpu_measured_w;     /* mean GPU power measured (NVML), all GPUs; NAN: not measured */
    double ram_gb;             /* memory; NAN: not logged */
    double pue_logged;         /* the PUE the run logged; NAN */
    int pue_stated;            /* 1: pue_logged was stated (estimate --pue, a provider's) */
    double pue_ga;    /* Green Algorithms' PUE of the run's data centre (its cloud region's or
                       * provider's, hwdb cloud_regions/providers); NAN: unknown, its 1.56 */
    double ci_logged; /* the carbon intensity the run logged or implied; NAN */
    double ci_ga;     /* the location in Green Algorithms' table; NAN: unknown */
    double ci_cc;     /* the location in CodeCarbon's table; NAN: unknown */
    double ci_eco2ai; /* the location in eco2ai's table (peer_ci.csv); NAN: unknown */
    double ci_ct;     /* the country in carbontracker's table (peer_ci.csv); NAN */
    double ci_alt;    /* another dataset's value for the place of ci_logged (widens greentally's
                       * CO2e range; NAN none) */
};

/* The constants, by the names of hwdb/data/methods.csv and constants.csv. */
struct gt_method_consts {
    double ga_mem_w_per_gb, ga_pue_unknown, ga_any_cpu_w_per_core, ga_any_gpu_w, ga_world_ci;
    double cc2_cpu_fraction, cc_unknown_cpu_w, cc_ram_w_per_gb, cc3_ram_slot_w, cc3_ram_min_w;
    double cc_pue, cc_world_ci;
    double ct_pue, ct_world_ci;
    double eco2ai_default_tdp, eco2ai_ram_w_per_gb, eco2ai_pue, eco2ai_world_ci;
    double let_default_ci;
    struct gt_unc unc; /* the factors of greentally's range (hwdb uncertainty.csv) */
};

enum {
    GT_MR_CPU_DEFAULT = 1u << 0,   /* the method's default CPU power (model unknown) */
    GT_MR_GPU_DEFAULT = 1u << 1,   /* the method's default GPU power */
    GT_MR_GPU_NONE = 1u << 2,      /* GPUs the method cannot count (it only measures) */
    GT_MR_CPU_NONE = 1u << 3,      /* CPU the method cannot count (it only measures) */
    GT_MR_USAGE_ASSUMED = 1u << 4, /* usage not logged: 100 % */
    GT_MR_CI_WORLD = 1u << 5,      /* location unknown to the method: its world value */
    GT_MR_NO_RAM = 1u << 6         /* memory not logged: 0 */
};

struct gt_method_result {
    double cpu_w, gpu_w, ram_w; /* power before PUE; NAN: the method has none */
    double pue;
    double energy_kwh; /* runtime x (known powers) x PUE; NAN when it has none at all */
    double ci_g_per_kwh;
    double co2e_g;
    /* greentally's low-high range (gt_unc_estimate over the same inputs); NAN for the
     * peers, which give none */
    struct gt_range energy_range, co2e_range;
    unsigned flags; /* GT_MR_* */
};

/* CodeCarbon 3's RAM power for a machine of gb GB: DIMMs by size, 5 W each
 * in tiers (100 % for 1-4, 90 % 5-8, 80 % 9-16, 70 % beyond), at least 10 W. */
double gt_method_cc3_ram_w(double gb, double slot_w, double min_w);

/* One method on one run. */
void gt_method_run(enum gt_method m, const struct gt_method_input *in,
                   const struct gt_method_consts *k, struct gt_method_result *out);

#endif
