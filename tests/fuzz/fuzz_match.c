/* libFuzzer target: normalising and matching arbitrary model strings against
 * the embedded hwdb. A match must be a valid row index. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gt_hwdb.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct gt_hwdb db;
    static int loaded;
    struct gt_error err;
    if (!loaded) {
        gt_hwdb_init(&db);
        if (gt_hwdb_load_embedded(&db, &err) != GT_OK)
            abort();
        loaded = 1;
    }
    char name[300];
    size_t n = size < sizeof name - 1 ? size : sizeof name - 1;
    memcpy(name, data, n);
    name[n] = '\0';
    char norm[512];
    gt_hwdb_normalize(name, norm, sizeof norm);
    struct gt_hw_match m;
    if (gt_hwdb_find_cpu(&db, name, &m, &err) == GT_OK && m.index >= db.cpus.n)
        abort();
    if (gt_hwdb_find_gpu(&db, name, &m, &err) == GT_OK && m.index >= db.gpus.n)
        abort();
    size_t i;
    if (gt_hwdb_find_location(&db, name, NULL, &i, &err) == GT_OK && i >= db.locations.n)
        abort();
    return 0;
}
