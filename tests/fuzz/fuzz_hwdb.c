/* libFuzzer target: gt_hwdb_add_csv (user --hwdb-file tables of any format) on
 * top of the embedded tables, then a check, lookups and the uncertainty
 * factors. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "gt_hwdb.h"
#include "gt_unc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void ignore(void *ctx, const struct gt_hw_origin *o, const char *msg)
{
    (void)ctx, (void)o, (void)msg;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct gt_hwdb base;
    static int loaded;
    struct gt_error err;
    struct gt_hwdb db;
    gt_hwdb_init(&db);
    if (!loaded) {
        gt_hwdb_init(&base);
        loaded = gt_hwdb_load_embedded(&base, &err) == GT_OK;
    }
    /* small copy of the world: a few rows are enough to exercise overrides */
    const char *mini = "model,vendor,cores,threads,tdp_w,tdp_per_core_w,year,aliases,source\n"
                       "Xeon Gold 6248,Intel,20,40,150,,2019,,x\n";
    gt_hwdb_add_csv(&db, mini, strlen(mini), "mini", NULL, &err);
    gt_hwdb_add_csv(&db, (const char *)data, size, "fuzz.csv", NULL, &err);
    gt_hwdb_check(&db, ignore, NULL);
    struct gt_hw_match m;
    gt_hwdb_find_cpu(&db, "Xeon Gold 6248", &m, &err);
    gt_hwdb_find_gpu(&db, "A100", &m, &err);
    size_t i;
    gt_hwdb_find_location(&db, "GB", NULL, &i, &err);
    struct gt_unc u;
    gt_hwdb_unc(&db, &u, NULL, NULL, &err); /* an uncertainty table (uncertainty.csv) */
    gt_hwdb_release(&db);
    return 0;
}
