/* Loads the tables compiled into the binary (see gen_embedded.c and
 * hwdb_embedded.h): copies the rows and turns their string offsets into
 * pointers into the pool. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gt_hwdb.h"
#include "hwdb_embedded.h"

/* one string field of row r: pool offset to pointer */
#define FIX(f) r->f = (char *)pool + (uintptr_t)r->f;

#define COPY(dst, src, count, strings)                                                             \
    do {                                                                                           \
        if ((count) > 0) {                                                                         \
            (dst).v = malloc((count) * sizeof *(dst).v);                                           \
            if (!(dst).v)                                                                          \
                return gt_error_set(err, GT_E_NOMEM, "out of memory loading the hwdb");            \
            memcpy((dst).v, (src), (count) * sizeof *(dst).v);                                     \
            (dst).n = (dst).cap = (count);                                                         \
            for (size_t i = 0; i < (count); i++) {                                                 \
                __typeof__((dst).v) r = &(dst).v[i];                                               \
                strings(FIX)                                                                       \
            }                                                                                      \
        }                                                                                          \
    } while (0)

enum gt_status gt_hwdb_load_embedded(struct gt_hwdb *db, struct gt_error *err)
{
    const struct gt_embedded *e = &gt_embedded_db;
    const char *pool = e->pool;
    if (db->cpus.n || db->gpus.n || db->locations.n)
        return gt_error_set(err, GT_E_DATA, "the embedded hwdb must be loaded first");
    COPY(db->cpus, e->cpus, e->ncpus, GT_EMB_CPU_STRINGS);
    COPY(db->gpus, e->gpus, e->ngpus, GT_EMB_GPU_STRINGS);
    COPY(db->locations, e->locations, e->nlocations, GT_EMB_LOCATION_STRINGS);
    COPY(db->iso, e->iso, e->niso, GT_EMB_ISO_STRINGS);
    COPY(db->providers, e->providers, e->nproviders, GT_EMB_PROVIDER_STRINGS);
    COPY(db->clouds, e->clouds, e->nclouds, GT_EMB_CLOUD_STRINGS);
    COPY(db->constants, e->constants, e->nconstants, GT_EMB_CONSTANT_STRINGS);
    COPY(db->factors, e->factors, e->nfactors, GT_EMB_FACTOR_STRINGS);
    COPY(db->peaks, e->peaks, e->npeaks, GT_EMB_PEAK_STRINGS);
    COPY(db->embodied, e->embodied, e->nembodied, GT_EMB_EMBODIED_STRINGS);
    COPY(db->uncertainty, e->uncertainty, e->nuncertainty, GT_EMB_UNCERTAINTY_STRINGS);
    COPY(db->peer_ci, e->peer_ci, e->npeer_ci, GT_EMB_PEER_CI_STRINGS);
    db->digest = e->digest;
    return GT_OK;
}
