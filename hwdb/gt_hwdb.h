/* gt_hwdb.h - the curated hardware and grid database: tables, loading,
 * lookup by the model strings tools log, validation. */
#ifndef GT_HWDB_H
#define GT_HWDB_H

#include <stddef.h>

#include "gt_error.h"

/* Where a row came from: "hwdb/data/cpus.csv:12" (embedded) or "FILE:LINE". */
struct gt_hw_origin {
    char *file;
    long line;
    int builtin; /* 1: embedded at build time (static strings, never freed) */
};

struct gt_hw_cpu {
    char *model, *vendor, *aliases, *source;
    double cores, threads, tdp_w; /* NaN when unknown */
    double tdp_per_core_w;        /* explicit value (GA rows) or tdp_w/cores; NaN if unknown */
    int tdp_per_core_given;       /* 1 when the row states it (GA's rounded value) */
    int year;                     /* 0 when unknown */
    struct gt_hw_origin origin;
    char *key, *alias_keys; /* match keys of model and aliases ('|'-separated) */
};

struct gt_hw_gpu {
    char *model, *vendor, *family, *variant, *aliases, *source;
    double tdp_w, memory_gb; /* NaN when unknown */
    int year;
    struct gt_hw_origin origin;
    char *key, *alias_keys; /* match keys of model and aliases ('|'-separated) */
};

struct gt_hw_location {
    char *code, *country, *region, *type, *dataset, *source;
    double ci_g_per_kwh;
    int year;
    struct gt_hw_origin origin;
};

struct gt_hw_iso {
    char *alpha2, *alpha3, *name, *source;
    struct gt_hw_origin origin;
};

struct gt_hw_provider {
    char *provider, *name, *source;
    double pue;
    int year;
    struct gt_hw_origin origin;
};

struct gt_hw_cloud {
    char *provider, *region, *location, *source, *pue_source;
    double pue; /* NaN when not published */
    struct gt_hw_origin origin;
};

struct gt_hw_constant {
    char *name, *unit, *source;
    double value;
    struct gt_hw_origin origin;
};

/* Emission factor of one production source (emission_factors.csv), for
 * production-mix carbon-intensity series. */
struct gt_hw_factor {
    char *fuel, *dataset, *aliases, *source;
    double g_per_kwh;
    struct gt_hw_origin origin;
};

/* One input's uncertainty (uncertainty.csv): the true value lies within
 * [low, high] x the central one (see gt_unc.h). */
struct gt_hw_uncertainty {
    char *name, *applies, *source;
    double low, high;
    struct gt_hw_origin origin;
};

/* Precisions of the dense peak throughputs (gpu_peaks.csv columns). */
enum gt_precision {
    GT_PREC_FP64 = 0,
    GT_PREC_FP32,
    GT_PREC_TF32,
    GT_PREC_BF16,
    GT_PREC_FP16,
    GT_PREC_FP8,
    GT_PREC_N
};

/* "fp64", "fp32", ... */
const char *gt_precision_name(enum gt_precision p);
/* 0 with *p set, -1 when the name is none of the above (case-insensitive). */
int gt_precision_parse(const char *s, enum gt_precision *p);

/* Dense peak throughput of a GPU family (and variant), gpu_peaks.csv. */
struct gt_hw_peak {
    char *family, *variant, *source; /* variant "" = every variant without a row of its own */
    double tflops[GT_PREC_N];        /* NaN where the part has no such unit */
    struct gt_hw_origin origin;
};

/* Embodied (manufacturing) emissions of one item of hardware, embodied.csv. */
struct gt_hw_embodied {
    char *kind; /* cpu, gpu, server, laptop, desktop */
    char *item; /* a GPU family, a CPU model, or "default" (the class default) */
    char *source;
    double kgco2e;
    struct gt_hw_origin origin;
};

/* A peer tool's own carbon intensity of a country or region (peer_ci.csv):
 * what eco2ai and carbontracker use offline, for `compare`. */
struct gt_hw_peer_ci {
    char *tool;             /* "eco2ai", "carbontracker" */
    char *code;             /* ISO 3166-1 alpha-2 */
    char *country, *region; /* region "" = the whole country */
    char *source;
    double ci_g_per_kwh;
    int year; /* 0 when the table gives none */
    struct gt_hw_origin origin;
};

#define GT_HWDB_ARRAY(type, name)                                                                  \
    struct {                                                                                       \
        type *v;                                                                                   \
        size_t n, cap;                                                                             \
    } name

struct gt_hwdb {
    GT_HWDB_ARRAY(struct gt_hw_cpu, cpus);
    GT_HWDB_ARRAY(struct gt_hw_gpu, gpus);
    GT_HWDB_ARRAY(struct gt_hw_location, locations);
    GT_HWDB_ARRAY(struct gt_hw_iso, iso);
    GT_HWDB_ARRAY(struct gt_hw_provider, providers);
    GT_HWDB_ARRAY(struct gt_hw_cloud, clouds);
    GT_HWDB_ARRAY(struct gt_hw_constant, constants);
    GT_HWDB_ARRAY(struct gt_hw_factor, factors);
    GT_HWDB_ARRAY(struct gt_hw_uncertainty, uncertainty);
    GT_HWDB_ARRAY(struct gt_hw_peak, peaks);
    GT_HWDB_ARRAY(struct gt_hw_embodied, embodied);
    GT_HWDB_ARRAY(struct gt_hw_peer_ci, peer_ci);
    unsigned long digest; /* FNV-1a of every table's bytes: the data version */
    int user_files;       /* number of --hwdb-file tables added */
    size_t skipped;       /* rows of other tools' tables skipped as malformed */
    /* called for each skipped row with a message naming file and line */
    void (*warn)(void *ctx, const char *msg);
    void *warn_ctx;
};

/* Which table a CSV holds, detected from its header. */
enum gt_hw_table {
    GT_HW_UNKNOWN = 0,
    GT_HW_CPUS,
    GT_HW_GPUS,
    GT_HW_LOCATIONS,
    GT_HW_ISO,
    GT_HW_PROVIDERS,
    GT_HW_CLOUD,
    GT_HW_CONSTANTS,
    GT_HW_CODECARBON_CPU, /* CodeCarbon cpu_power.csv: Name,TDP */
    GT_HW_GA_CPU,         /* Green Algorithms TDP_cpu.csv (units row, then header) */
    GT_HW_GA_GPU,         /* Green Algorithms TDP_gpu.csv */
    GT_HW_FACTORS,        /* emission factors per production source */
    GT_HW_UNCERTAINTY,    /* the uncertainty of each input (uncertainty.csv) */
    GT_HW_PEAKS,          /* dense peak throughputs per GPU family (gpu_peaks.csv) */
    GT_HW_EMBODIED,       /* embodied emissions per hardware item or class (embodied.csv) */
    GT_HW_PEER_CI         /* a peer tool's own carbon intensities (peer_ci.csv) */
};

/* Initialises an empty database. */
void gt_hwdb_init(struct gt_hwdb *db);

/* Frees everything the database owns (the struct is the caller's). */
void gt_hwdb_release(struct gt_hwdb *db);

/* Loads the tables embedded at build time. */
enum gt_status gt_hwdb_load_embedded(struct gt_hwdb *db, struct gt_error *err);

/* Adds the rows of one CSV (any table of ours, CodeCarbon's cpu_power.csv,
 * Green Algorithms' TDP_cpu.csv / TDP_gpu.csv). A row whose normalised name
 * (or key) equals an existing one replaces it, keeping the old core count
 * and TDP where the new row leaves them empty; others are appended. In
 * other tools' formats a row with a malformed number is skipped (db->warn
 * is told, db->skipped counts it); in ours it is an error. `name` is
 * the file name for origins and messages. *kind (if not NULL) receives the
 * detected table. */
enum gt_status gt_hwdb_add_csv(struct gt_hwdb *db, const char *data, size_t len, const char *name,
                               enum gt_hw_table *kind, struct gt_error *err);

/* Human name of a table ("cpus", "CodeCarbon cpu_power.csv", ...). */
const char *gt_hwdb_table_name(enum gt_hw_table t);

/* The data version: "hwdb-XXXXXXXX" (+"+user" when user files are added). */
void gt_hwdb_version(const struct gt_hwdb *db, char *buf, size_t size);

/* ---- lookup (match.c) ---------------------------------------------------- */

/* Normalises a model string as tools log it into space-separated lower-case
 * tokens: drops (R)/(TM), "CPU", "@ 2.50GHz", "64-Core Processor", vendor
 * words (intel, amd, nvidia, tesla, geforce), a leading "1 x " count, "12th
 * Gen"; splits on - _ / ( ) ,; joins "32 GB" into "32gb". Writes into out
 * (always NUL-terminated). */
void gt_hwdb_normalize(const char *in, char *out, size_t size);

#define GT_HWDB_MAX_CANDIDATES 6

struct gt_hw_match {
    size_t index;                        /* of the row found (when GT_OK) */
    size_t ncand;                        /* candidates (ambiguous/not found) */
    size_t cand[GT_HWDB_MAX_CANDIDATES]; /* row indexes, best first */
    int how;                             /* 0 exact, 1 query more specific, 2 less */
};

/* Finds a CPU/GPU by the name a user or tool gives. GT_OK with m->index;
 * GT_E_AMBIGUOUS / GT_E_NOTFOUND with candidates in m and a message
 * ("unknown cpu 'X'; closest: 'A', 'B'") in err. Never guesses: a match is
 * exact on the token set, or the query adds only memory sizes to a row's
 * name, or the query is a unique subset of one row's name. */
enum gt_status gt_hwdb_find_cpu(const struct gt_hwdb *db, const char *name, struct gt_hw_match *m,
                                struct gt_error *err);
enum gt_status gt_hwdb_find_gpu(const struct gt_hwdb *db, const char *name, struct gt_hw_match *m,
                                struct gt_error *err);

/* ---- device strings as trackers log them (match.c) ---------------------- */

#define GT_HW_MAX_DEVICES 8

/* One model named in a logged device string, with its count when the string
 * gives one ("4 x NVIDIA L4": 4; "NVIDIA L4": NaN). */
struct gt_hw_device {
    char name[192];
    double count;
};

/* What a cpu_model / gpu_model / CPU_name / GPU_name cell says. */
struct gt_hw_devices {
    size_t n; /* models named; 0 = the string names no device ("", "0 device(s)") */
    struct gt_hw_device dev[GT_HW_MAX_DEVICES];
    double logged_tdp_w; /* eco2ai's ", TDP:45.0" (W per device), NaN when absent */
    const char *format;  /* "eco2ai", "CodeCarbon" or NULL (a plain name) */
};

/* Reads a device string the way the trackers write it:
 *  - CodeCarbon "1 x NVIDIA A100-SXM4-40GB", "4 x NVIDIA L4", and mixed GPUs
 *    glued with no separator ("1 x NVIDIA GeForce RTX 40601 x NVIDIA GeForce
 *    RTX 3080 Ti"): split into models and counts (where the digits before a
 *    glued " x " could be part of the name or of the count, the split whose
 *    name is in `db` wins; db may be NULL);
 *  - eco2ai "NAME/1 device(s), TDP:45.0" (CPU) and "NAME 1 device(s)" (GPU);
 *  - an empty string or "0 device(s)": no device (n = 0).
 * Pure; never fails: what it does not recognise is one plain name. */
void gt_hwdb_parse_devices(const struct gt_hwdb *db, int gpu, const char *logged,
                           struct gt_hw_devices *d);

/* A peer tool's own intensity (peer_ci.csv) for the country `code` (ISO
 * alpha-2) and `region` (a region name, "" or NULL none), by the tool's rule:
 * the region's row (name case-insensitive) when the tool has one, else the
 * whole country's; NULL when the tool's table has neither. */
const struct gt_hw_peer_ci *gt_hwdb_peer_ci(const struct gt_hwdb *db, const char *tool,
                                            const char *code, const char *region);

/* Finds a location by code (GB, US-CA, WORLD), ISO 3166 alpha-3 (GBR),
 * country name (France) or region name (California). `dataset` NULL prefers
 * "ga-v3.0", then any other. */
enum gt_status gt_hwdb_find_location(const struct gt_hwdb *db, const char *name,
                                     const char *dataset, size_t *index, struct gt_error *err);

/* Provider default PUE row by id (case-insensitive): gcp, aws, azure,
 * unknown, personal, ... */
enum gt_status gt_hwdb_find_provider(const struct gt_hwdb *db, const char *provider, size_t *index,
                                     struct gt_error *err);

/* Cloud region of a provider (case-insensitive). */
enum gt_status gt_hwdb_find_cloud(const struct gt_hwdb *db, const char *provider,
                                  const char *region, size_t *index, struct gt_error *err);

/* The dense peak throughputs of a GPU row: the row of its family and
 * variant, else of its family with an empty variant (matched
 * case-insensitively). NULL when none. */
const struct gt_hw_peak *gt_hwdb_find_peak(const struct gt_hwdb *db, const struct gt_hw_gpu *gpu);

/* The embodied emissions of an item of a kind (cpu: model, gpu: family),
 * else the kind's "default" row; *is_default tells which. NULL when the kind
 * has neither. item may be NULL or "". */
const struct gt_hw_embodied *gt_hwdb_find_embodied(const struct gt_hwdb *db, const char *kind,
                                                   const char *item, int *is_default);

/* A constant by name; NULL when absent. */
const struct gt_hw_constant *gt_hwdb_constant(const struct gt_hwdb *db, const char *name);

/* The equivalence factors (gt_equiv.h) from the constants table. Appends the
 * rows used to used[] (room for 9 more; *nused is advanced). GT_E_DATA naming
 * the constant when one is missing. */
struct gt_equiv_factors;
enum gt_status gt_hwdb_equiv_factors(const struct gt_hwdb *db, struct gt_equiv_factors *f,
                                     const struct gt_hw_constant **used, int *nused,
                                     struct gt_error *err);

/* The uncertainty factors (gt_unc.h) from the uncertainty table. Appends
 * the rows used to used[] (room for GT_UNC__COUNT more; *nused is advanced)
 * when used is not NULL. GT_E_DATA naming the factor when one is missing or
 * out of range. */
struct gt_unc;
enum gt_status gt_hwdb_unc(const struct gt_hwdb *db, struct gt_unc *u,
                           const struct gt_hw_uncertainty **used, int *nused, struct gt_error *err);

/* ---- validation (check.c) ------------------------------------------------ */

/* Reports one problem per call of `report` (e.g. "cpus.csv:12: duplicate
 * model 'X' (also line 9)"); returns the number of problems. */
size_t gt_hwdb_check(const struct gt_hwdb *db,
                     void (*report)(void *ctx, const struct gt_hw_origin *o, const char *msg),
                     void *ctx);

#endif
