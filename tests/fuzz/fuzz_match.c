/* libFuzzer target: normalising and matching arbitrary model strings against
 * the embedded hwdb, and reading them as logged device strings. A match must
 * be a valid row index; a device list stays within its bounds. */
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
    for (int gpu = 0; gpu < 2; gpu++) {
        struct gt_hw_devices d;
        gt_hwdb_parse_devices(&db, gpu, name, &d);
        if (d.n > GT_HW_MAX_DEVICES)
            abort();
        for (size_t k = 0; k < d.n; k++)
            if (!d.dev[k].name[0] || strlen(d.dev[k].name) >= sizeof d.dev[k].name)
                abort();
    }
    size_t i;
    if (gt_hwdb_find_location(&db, name, NULL, &i, &err) == GT_OK && i >= db.locations.n)
        abort();
    return 0;
}
