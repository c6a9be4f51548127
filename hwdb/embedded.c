/* Loads the tables compiled into the binary (see gen_embedded.c). */
#include <stdlib.h>
#include <string.h>

#include "gt_hwdb.h"
#include "hwdb_embedded.h"

#define COPY(dst, src, count)                                                                      \
    do {                                                                                           \
        if ((count) > 0) {                                                                         \
            (dst).v = malloc((count) * sizeof *(dst).v);                                           \
            if (!(dst).v)                                                                          \
                return gt_error_set(err, GT_E_NOMEM, "out of memory loading the hwdb");            \
            memcpy((dst).v, (src), (count) * sizeof *(dst).v);                                     \
            (dst).n = (dst).cap = (count);                                                         \
        }                                                                                          \
    } while (0)

enum gt_status gt_hwdb_load_embedded(struct gt_hwdb *db, struct gt_error *err)
{
    const struct gt_embedded *e = &gt_embedded_db;
    if (db->cpus.n || db->gpus.n || db->locations.n)
        return gt_error_set(err, GT_E_DATA, "the embedded hwdb must be loaded first");
    COPY(db->cpus, e->cpus, e->ncpus);
    COPY(db->gpus, e->gpus, e->ngpus);
    COPY(db->locations, e->locations, e->nlocations);
    COPY(db->iso, e->iso, e->niso);
    COPY(db->providers, e->providers, e->nproviders);
    COPY(db->clouds, e->clouds, e->nclouds);
    COPY(db->constants, e->constants, e->nconstants);
    COPY(db->factors, e->factors, e->nfactors);
    COPY(db->peaks, e->peaks, e->npeaks);
    COPY(db->embodied, e->embodied, e->nembodied);
    COPY(db->uncertainty, e->uncertainty, e->nuncertainty);
    COPY(db->peer_ci, e->peer_ci, e->npeer_ci);
    db->digest = e->digest;
    return GT_OK;
}
