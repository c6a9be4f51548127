/* gt_embodied_sum.h - the embodied (manufacturing) emissions of the
 * hardware the runs of a summary or report used, their share over the
 * hardware's lifetime. Shown apart from the operational CO2e, never added
 * to it. */
#ifndef GT_EMBODIED_SUM_H
#define GT_EMBODIED_SUM_H

#include <stddef.h>

struct gt_embodied_sum {
    int given;
    double lifetime_years;
    const char *lifetime_source;
    double utilization;
    double g;              /* total share, g CO2e */
    double gpu_g, cpu_g;   /* of which GPUs, CPUs */
    double hours;          /* run hours counted */
    long runs;             /* runs counted */
    long runs_no_hw;       /* runs naming neither a CPU nor a GPU: nothing counted */
    long runs_no_duration; /* runs without a duration: nothing counted */
    long class_defaults;   /* parts counted at their class default (no figure for the model) */
    const char *cpu_source, *gpu_source; /* the class defaults' sources */
};

#endif
