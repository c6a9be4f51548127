/* hwdb_embedded.h - the hwdb/data tables, parsed at build time by
 * hwdb/gen_embedded.c into static rows (keys precomputed). */
#ifndef GT_HWDB_EMBEDDED_H
#define GT_HWDB_EMBEDDED_H

#include <stddef.h>

#include "gt_hwdb.h"

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
};

extern const struct gt_embedded gt_embedded_db;

#endif
