/* gt_estimate_extra.h - what `estimate` adds before a run: the runtime from
 * FLOPs (a-priori), embodied emissions (shown apart, never added to the
 * operational CO2e), the same work in other locations, and the best start
 * time in a carbon-intensity series. Each part is absent (given 0) unless
 * asked for; the writers print nothing for an absent part. Every figure
 * here is a central value: a low-high range attaches beside it the same
 * way as for the operational figures. */
#ifndef GT_ESTIMATE_EXTRA_H
#define GT_ESTIMATE_EXTRA_H

#include <stdio.h>

#include "gt_apriori.h"
#include "gt_estimate_out.h"
#include "gt_unc.h"

struct cJSON;

struct gt_apriori_out {
    int given;
    double flops;
    char flops_what[200]; /* how the FLOPs were counted */
    const char *flops_source;
    enum gt_precision precision;
    double peak_tflops;
    struct gt_resolved peak; /* what and where the peak comes from */
    double mfu;
    struct gt_resolved mfu_src;
    double mfu_low, mfu_high; /* the published spread of MFU (NAN when --mfu is given) */
    double n_gpus;
};

#define GT_EMBODIED_PARTS 4

struct gt_embodied_part {
    char what[200];    /* "4 x A100 GPU (150 kgCO2e each)" */
    char kind[16];     /* cpu, gpu, server, laptop, desktop */
    double count;      /* items (fractions: the share of a CPU's cores) */
    double kgco2e;     /* per item */
    int class_default; /* 1: no figure for the model, the class default is used */
    char source[768];
    double g; /* the run's share, g CO2e */
};

struct gt_embodied_out {
    int given;
    double lifetime_years;
    struct gt_resolved lifetime;
    double utilization;
    double hours; /* runtime x PSF */
    int nparts;
    struct gt_embodied_part part[GT_EMBODIED_PARTS];
    double total_g;
};

#define GT_MAX_COMPARE 24

struct gt_location_cmp {
    char label[64];  /* "FR", "gcp:europe-west1" */
    char place[320]; /* "FR: France (2020, ga-v3.0)" */
    int own;         /* the estimate's own location */
    double ci_g_per_kwh, pue, energy_kwh, co2e_g;
    struct gt_range co2e_range; /* the estimate's range model at this place */
};

struct gt_best_out {
    int given;
    const char *file;
    int ref_is_now; /* no --start: the reference is the time of the run */
    struct gt_best_start b;
    double energy_kwh; /* the estimate's energy */
    double ref_ci;     /* intensity of the reference start (the static one when uncovered) */
    int ref_static;    /* 1 when the series does not cover the reference run */
    double co2e_ref_g, co2e_best_g, saving_g, saving_pct;
    struct gt_range best_range; /* the estimate's range model at the best start's intensity */
    struct gt_range ref_range;  /* the estimate's own range */
};

struct gt_estimate_extra {
    struct gt_apriori_out apriori;
    struct gt_embodied_out embodied;
    int ncmp;
    struct gt_location_cmp cmp[GT_MAX_COMPARE];
    struct gt_best_out best;
};

/* Sections for the table writer (after the carbon footprint). */
/* The a-priori section, before the inputs. */
void gt_estimate_extra_table_work(FILE *o, const struct gt_estimate_extra *x);
void gt_estimate_extra_table(FILE *o, const struct gt_estimate_extra *x);
/* Members for the JSON writer's object. */
void gt_estimate_extra_json(struct cJSON *o, const struct gt_estimate_extra *x);
/* Extra CSV header cells / data cells (each preceded by a comma). */
void gt_estimate_extra_csv_header(FILE *o, const struct gt_estimate_extra *x);
void gt_estimate_extra_csv_row(FILE *o, const struct gt_estimate_extra *x);

/* The PDF estimate report's sections (reports/pdf_estimate_extra.c). */
struct gt_pdf;
void gt_pdf_estimate_extra(struct gt_pdf *p, const struct gt_estimate_extra *x);

#endif
