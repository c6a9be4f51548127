/* libFuzzer target: gt_duration_parse must never crash, and accepted values are finite >= 0. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "gt_duration.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    double v;
    struct gt_error err;
    if (gt_duration_parse((const char *)data, size, &v, &err) == GT_OK) {
        if (!isfinite(v) || v < 0)
            abort();
        char buf[64];
        gt_duration_fmt(v, buf, sizeof buf);
    }
    return 0;
}
