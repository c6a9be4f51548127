/* libFuzzer target: the budget file, baseline JSON and amount parsers of
 * `greentally check` must never crash; accepted amounts are finite >= 0 and
 * every budget has a non-empty key. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gt_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *s = (const char *)data;
    struct gt_error err;
    struct gt_amount a;
    if (gt_amount_parse(s, size, &a, &err) == GT_OK && (!isfinite(a.value) || a.value < 0))
        abort();
    struct gt_budget_file bf;
    if (gt_budget_parse(s, size, "fuzz", &bf, &err) == GT_OK) {
        for (size_t i = 0; i < bf.n; i++)
            if (!bf.b[i].key[0] || !isfinite(bf.b[i].amount.value) || bf.b[i].amount.value < 0)
                abort();
        gt_budget_find(&bf, "x");
        gt_budget_file_release(&bf);
    }
    struct gt_baseline b;
    if (gt_baseline_parse(s, size, "fuzz", &b, &err) == GT_OK) {
        gt_baseline_find(&b, "x");
        gt_baseline_release(&b);
    }
    return 0;
}
