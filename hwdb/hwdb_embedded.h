/* hwdb_embedded.h - the hwdb/data tables, parsed at build time by
 * hwdb/gen_embedded.c into static rows (keys precomputed).
 *
 * The rows hold no pointers: each string field holds the offset of its
 * string in one pool (GT_EMB_STR), and gt_hwdb_load_embedded turns offsets
 * into pointers in its copy of the rows. Pointers would need one dynamic
 * relocation each (about 14 000) in a position-independent binary, applied
 * at every start of every command, --help included. */
#ifndef GT_HWDB_EMBEDDED_H
#define GT_HWDB_EMBEDDED_H

#include <stddef.h>
#include <stdint.h>

#include "gt_hwdb.h"

/* A string field of an embedded row: the offset of the string in the pool,
 * cast to the field's type (an integer constant cast to a pointer needs no
 * relocation); never dereferenced as it is. */
#define GT_EMB_STR(off) ((char *)(uintptr_t)(off))

/* The string fields of each table's rows: every char * of the struct. The
 * generated file checks that each list has as many fields as the generator
 * writes strings per row. */
#define GT_EMB_CPU_STRINGS(X)                                                                      \
    X(model) X(vendor) X(aliases) X(source) X(origin.file) X(key) X(alias_keys)
#define GT_EMB_GPU_STRINGS(X)                                                                      \
    X(model) X(vendor) X(family) X(variant) X(aliases) X(source) X(origin.file) X(key) X(alias_keys)
#define GT_EMB_LOCATION_STRINGS(X)                                                                 \
    X(code) X(country) X(region) X(type) X(dataset) X(source) X(origin.file)
#define GT_EMB_ISO_STRINGS(X)      X(alpha2) X(alpha3) X(name) X(source) X(origin.file)
#define GT_EMB_PROVIDER_STRINGS(X) X(provider) X(name) X(source) X(origin.file)
#define GT_EMB_CLOUD_STRINGS(X)                                                                    \
    X(provider) X(region) X(location) X(source) X(pue_source) X(origin.file)
#define GT_EMB_CONSTANT_STRINGS(X)    X(name) X(unit) X(source) X(origin.file)
#define GT_EMB_FACTOR_STRINGS(X)      X(fuel) X(dataset) X(aliases) X(source) X(origin.file)
#define GT_EMB_UNCERTAINTY_STRINGS(X) X(name) X(applies) X(source) X(origin.file)
#define GT_EMB_PEAK_STRINGS(X)        X(family) X(variant) X(source) X(origin.file)
#define GT_EMB_EMBODIED_STRINGS(X)    X(kind) X(item) X(source) X(origin.file)
#define GT_EMB_PEER_CI_STRINGS(X)     X(tool) X(code) X(country) X(region) X(source) X(origin.file)
#define GT_EMB_ONE(f)                 +1

struct gt_embedded {
    const struct gt_hw_cpu *cpus;
    size_t ncpus;
    const struct gt_hw_gpu *gpus;
    size_t ngpus;
    const struct gt_hw_location *locations;
    size_t nlocations;
    const struct gt_hw_iso *iso;
    size_t niso;
    const struct gt_hw_provider *providers;
    size_t nproviders;
    const struct gt_hw_cloud *clouds;
    size_t nclouds;
    const struct gt_hw_constant *constants;
    size_t nconstants;
    const struct gt_hw_factor *factors;
    size_t nfactors;
    const struct gt_hw_peak *peaks;
    size_t npeaks;
    const struct gt_hw_embodied *embodied;
    size_t nembodied;
    const struct gt_hw_uncertainty *uncertainty;
    size_t nuncertainty;
    const struct gt_hw_peer_ci *peer_ci;
    size_t npeer_ci;
    unsigned long digest;
    const char *pool; /* the strings of every row, each NUL-terminated */
};

extern const struct gt_embedded gt_embedded_db;

#endif
