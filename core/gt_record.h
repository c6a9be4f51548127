/* gt_record.h - the run record: one normalised row per run, whatever the tool.
 *
 * Parsers fill a record whose strings and arrays point into their own buffers
 * (borrowed, valid only during the emit callback); the aggregate keeps the
 * records it needs with gt_record_dup. Unknown numbers are NAN, unknown
 * strings "" (never NULL after gt_record_init). */
#ifndef GT_RECORD_H
#define GT_RECORD_H

#include <stddef.h>

enum gt_tool {
    GT_TOOL_UNKNOWN = 0,
    GT_TOOL_CODECARBON,
    GT_TOOL_CARBONTRACKER,
    GT_TOOL_ECO2AI,
    GT_TOOL_ENERGYTRACKER,    /* seed 000 (nathanlemmers/EnergyTracker) */
    GT_TOOL_GREEN_ALGORITHMS, /* the calculator's CSV export */
    GT_TOOL_GREENTALLY,
    GT_TOOL_SLURM, /* SLURM accounting (sacct), estimated with GA4HPC's method */
    GT_TOOL__COUNT
};

/* "codecarbon", "carbontracker", "eco2ai", "energytracker",
 * "green-algorithms", "greentally", "slurm", "unknown". */
const char *gt_tool_name(enum gt_tool t);
/* Inverse of gt_tool_name (case-insensitive); GT_TOOL_UNKNOWN when unknown. */
enum gt_tool gt_tool_from_name(const char *name);

enum gt_kind {
    GT_KIND_ACTUAL = 0, /* measured over the run (or the run so far) */
    GT_KIND_PREDICTED,  /* carbontracker's prediction for the planned epochs */
    GT_KIND_EPOCHS,     /* sum of per-epoch rows (eco2ai training mode) */
    GT_KIND_TOTAL       /* a tool's running total over several runs (EnergyTracker total.csv) */
};
const char *gt_kind_name(enum gt_kind k); /* "actual", "predicted", "epochs", "total" */

/* How a timestamp was logged. */
enum gt_tz {
    GT_TZ_NONE = 0, /* no timestamp */
    GT_TZ_LOCAL,    /* wall-clock time of the logging machine, zone unknown */
    GT_TZ_UTC       /* converted to UTC from a Z or +hh:mm suffix */
};

/* record flags */
enum {
    GT_REC_REALIGNED = 1u << 0,       /* short CodeCarbon 3.2.9+ row realigned by column types */
    GT_REC_RATE_G_PER_S = 1u << 1,    /* emissions_rate was logged in g/s (2.0.0-2.1.4) */
    GT_REC_MWH_FIXED = 1u << 2,       /* EnergyTracker total.csv "kWh" held MWh; converted */
    GT_REC_NO_ENERGY = 1u << 3,       /* energy cell empty in this row */
    GT_REC_ENERGY_FROM_GAP = 1u << 4, /* aggregate: energy taken from an earlier row of the run */
    GT_REC_DELTA = 1u << 5,  /* the row covers its own interval, not the run so far (CodeCarbon
                                API exports): rows of a run are summed, not superseded */
    GT_REC_PARTIAL = 1u << 6 /* a part of the run only (SLURM steps apart from their job
                                line): any whole row of the run is better, whatever the order */
};

struct gt_kv {
    const char *key;
    const char *value;
};

/* A per-device series, e.g. carbontracker's average power per epoch. */
struct gt_series {
    const char *component; /* "gpu", "cpu" */
    const char *device;    /* device name, "" when the log does not say */
    size_t n;
    const double *v; /* n values; NAN where the log said None */
};

/* SLURM accounting (tool GT_TOOL_SLURM): GA4HPC's figures of the job as
 * numbers, the same values the extras hold as text; the aggregate keeps
 * these per job instead of the whole row. */
struct gt_slurm_fig {
    double energy_maxrss_kwh, co2e_maxrss_g; /* the MaxRSS variant */
    double cpu_core_h, cpu_core_h_charged, gpu_h;
    double mem_overallocation; /* requested / needed; NAN unknown */
    int state;                 /* enum gt_slurm_state (gt_slurm.h) */
};

struct gt_record {
    /* provenance */
    const char *file;         /* path as given to the parser */
    long line;                /* 1-based line of the row or block */
    long nrows;               /* source rows this record stands for (>= 1) */
    const char *format;       /* format name, e.g. "codecarbon-csv" */
    enum gt_tool tool;        /* the tool that measured */
    const char *tool_version; /* "" when unknown */
    unsigned flags;           /* GT_REC_* */

    /* identity: records with the same non-empty run_key (and tool) are rows of
     * one run; the aggregate keeps the best one (see gt_agg). anon_run marks a
     * row whose run id cell was empty in a file that has the column: it is
     * matched to a run by project + start time (within 2 s). Rows with an empty
     * run_key and anon_run == 0 are runs of their own. */
    const char *run_key;
    int anon_run;
    const char *run_id;
    const char *project;
    const char *experiment;
    const char *user;
    const char *host;
    /* measurement group: records with the same non-empty group_key are one run
     * measured several ways (a seed-000 EnergyTracker per-run folder). Set by
     * the caller, not by parsers. */
    const char *group_key;

    /* time: seconds since 1970-01-01 00:00 of the clock named by tz (a local
     * wall-clock time is kept as if it were UTC, and tz says so) */
    enum gt_tz tz;
    double start;      /* NAN unknown */
    double end;        /* NAN unknown */
    double duration_s; /* NAN unknown */

    /* energy (kWh, PUE included when the tool applied one) and emissions */
    double energy_kwh;
    double cpu_kwh, gpu_kwh, ram_kwh;
    double pue;          /* PUE the tool applied to energy_kwh; NAN unknown */
    double co2e_g;       /* as logged */
    double ci_g_per_kwh; /* as logged; NAN: derive from co2e/energy */
    double cpu_power_w, gpu_power_w, ram_power_w;
    double co2e_rate_g_per_s; /* emissions rate as logged, converted to g/s */

    /* place and hardware */
    const char *country;
    const char *country_iso;
    const char *region;
    const char *cloud_provider;
    const char *cloud_region;
    const char *os;
    const char *cpu_model;
    double cpu_count;
    const char *gpu_model;
    double gpu_count;
    double ram_gb;

    enum gt_kind kind;
    long epochs;    /* -1 unknown */
    int early_stop; /* carbontracker: training interrupted before all epochs */

    /* columns the parser did not map, in file order */
    size_t nextras;
    const struct gt_kv *extras;
    /* per-epoch details (carbontracker) */
    size_t nepochs_s;
    const double *epoch_s; /* duration of each epoch (s) */
    size_t nseries;
    const struct gt_series *series;
    /* SLURM jobs: the figures as numbers (NULL: none; then the aggregate
     * reads the extras) */
    const struct gt_slurm_fig *slurm;
};

/* Sets every number to NAN (epochs -1, nrows 1), every string to "", arrays
 * empty. */
void gt_record_init(struct gt_record *r);

/* Deep copy of r in one malloc'ed block (strings and arrays included); the
 * caller frees it with free(). NULL when out of memory. */
struct gt_record *gt_record_dup(const struct gt_record *r);

/* Energy to use for r: energy_kwh, else the sum of known components when all
 * three are known, else NAN. */
double gt_record_energy(const struct gt_record *r);

/* Plausibility bounds of a record (docs/security.md): beyond them a row is
 * an error, never a figure, so every sum stays finite. */
#define GT_MAX_DURATION_S 3155760000.0   /* 100 years of 365.25 days */
#define GT_MIN_TIME       0.0            /* 1970-01-01 */
#define GT_MAX_TIME       253402300800.0 /* 10000-01-01: years up to 9999 */
#define GT_MAX_ENERGY_KWH 1e9            /* per run and per component */
#define GT_MAX_POWER_W    1e9            /* per component */
#define GT_MAX_CO2E_G     1e15
#define GT_MAX_CI         1e5 /* g CO2e per kWh */
#define GT_MAX_COUNT      1e8 /* CPUs, cores, GPUs */
#define GT_MAX_RAM_GB     1e9

/* 0 when every number of r is unknown (NAN) or finite and within the bounds
 * above; else -1 and why (e.g. "'duration' 1e+308 s is beyond 100 years"). */
int gt_record_check(const struct gt_record *r, char *why, size_t size);
/* The value of the first extra named key (exact), "" when absent. */
const char *gt_record_extra(const struct gt_record *r, const char *key);

#endif
