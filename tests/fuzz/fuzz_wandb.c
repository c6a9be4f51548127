/* libFuzzer target: the W&B offline-run parsers over arbitrary bytes:
 * wandb-summary.json and wandb-metadata.json into one row, and the run id
 * of a folder name. Aborts on a broken invariant: a non-finite metric, a
 * metric name that is empty or starts with '_', an error without a
 * message. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gt_metrics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *d = (const char *)data;
    struct gt_mset m = {0};
    struct gt_mrow *r = gt_mset_add(&m, "wandb/run-x", 0, "wandb");
    if (!r)
        abort();
    struct gt_error err = {0};
    double rt, end;
    if (gt_wandb_summary_parse(d, size, "wandb-summary.json", r, &rt, &end, &err) == GT_OK) {
        for (size_t i = 0; i < r->nv; i++)
            if (!isfinite(r->v[i]) || !r->vname[i][0] || r->vname[i][0] == '_')
                abort();
    } else if (!err.msg[0]) {
        abort();
    }
    gt_error_clear(&err);
    if (gt_wandb_metadata_parse(d, size, "wandb-metadata.json", r, &err) != GT_OK && !err.msg[0])
        abort();
    (void)strlen(r->host);
    /* the bytes as a folder name */
    char name[256];
    size_t n = size < sizeof name - 1 ? size : sizeof name - 1;
    memcpy(name, d, n);
    name[n] = '\0';
    size_t idn;
    const char *id = gt_wandb_folder_id(name, &idn);
    if (id && (idn == 0 || id + idn != name + strlen(name)))
        abort();
    gt_mset_release(&m);
    return 0;
}
