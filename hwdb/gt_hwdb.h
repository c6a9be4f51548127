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
    GT_HW_UNCERTAINTY     /* the uncertainty of each input (uncertainty.csv) */
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
