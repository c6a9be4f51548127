/* gt_statement.h - the paper statement: what a methods section or appendix
 * says about the footprint of the work, in three styles (ours, the Lamarr
 * Energy Tracker's, carbontracker's) and three markups, with the BibTeX of
 * everything it cites. */
#ifndef GT_STATEMENT_H
#define GT_STATEMENT_H

#include "gt_agg.h"
#include "gt_record.h"

enum gt_stmt_style { GT_STMT_PLAIN, GT_STMT_LET, GT_STMT_CARBONTRACKER };
enum gt_stmt_markup { GT_STMT_TEXT, GT_STMT_LATEX, GT_STMT_MARKDOWN };

#define GT_STMT_MAX_HW  32
#define GT_STMT_LIST_HW 4 /* models named in a statement per kind; the rest counted */

struct gt_stmt_tool {
    enum gt_tool tool;
    char versions[160]; /* "2.4.1, 3.2.9" in first-seen order; "" when none logged */
    long runs;
};

/* What a statement says. Built from an aggregate (gt_stmt_from_agg) or given
 * (a custom statement: energy, methodology and hardware from the user). */
struct gt_stmt_facts {
    double energy_kwh; /* NAN unknown */
    double co2e_g;     /* NAN unknown */
    /* low-high ranges (gt_unc.h); NAN: not known, the statement says none */
    double energy_kwh_lo, energy_kwh_hi, co2e_g_lo, co2e_g_hi;
    double ci_g_per_kwh;   /* the one used (given) or co2e / energy of the runs having both */
    int ci_given;          /* 1: every run's CO2e uses ci_g_per_kwh (--ci) */
    const char *ci_source; /* where a given ci comes from; NULL */
    int ci_from_ga;        /* the given ci is a Green Algorithms table value (cite it) */
    double pue_given;      /* --pue, NAN when not given */
    char pues[96];         /* PUE values the tools applied, "1.58, 1" ("" none logged) */
    long runs, runs_no_energy;
    double duration_s; /* NAN unknown */
    struct gt_stmt_tool tools[GT_TOOL__COUNT];
    size_t ntools;
    /* distinct hardware models, first-seen order: lists split at ", ", a
     * leading "4 x " dropped */
    char cpus[GT_STMT_MAX_HW][96];
    size_t ncpus;
    char gpus[GT_STMT_MAX_HW][96];
    size_t ngpus;
    long more_cpus, more_gpus; /* beyond GT_STMT_MAX_HW */
    /* custom statement (NULL otherwise): replaces the tools and hardware */
    const char *methodology;
    const char *hardware;
    const char *greentally_version;
};

/* Facts of the runs of res (strings borrowed from res). */
void gt_stmt_from_agg(const struct gt_agg_result *res, struct gt_stmt_facts *f);

struct gt_stmt_opts {
    enum gt_stmt_style style;
    enum gt_stmt_markup markup;
    int comparison; /* let style: add the "How Bad Are Bananas" comparison */
    /* g CO2e per item of the comparisons, in LET's order (hwdb constants
     * let_cmp_*); NULL disables the comparison */
    const double *cmp_g;
    /* carbontracker style: g CO2e per km by car (hwdb carbontracker_car_km);
     * 0 leaves the equivalent out */
    double ct_car_g_per_km;
};

/* The statement as a malloc'ed string ending in a newline; NULL when out of
 * memory. Energy or CO2e unknown: the statement says so instead of a number. */
char *gt_statement_render(const struct gt_stmt_facts *f, const struct gt_stmt_opts *o);

/* The BibTeX entries of everything the statement cites (malloc'ed). */
char *gt_statement_bibtex(const struct gt_stmt_facts *f, const struct gt_stmt_opts *o);

/* The comparisons of LET (Berners-Lee 2011): hwdb constant names and LET's
 * wording, in LET's order. */
#define GT_STMT_NCMP 20
extern const char *const gt_stmt_cmp_const[GT_STMT_NCMP];
extern const char *const gt_stmt_cmp_words[GT_STMT_NCMP];

/* LET's deterministic comparison for g grams: the index of the item whose
 * ratio f = g / item is closest to 1 among 0.2 <= f <= 10 (first in LET's
 * order on a tie), -1 when none. */
int gt_stmt_comparison(double g, const double *cmp_g, double *factor);

#endif
