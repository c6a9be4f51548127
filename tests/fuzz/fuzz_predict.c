/* libFuzzer target: gt_predict_log_read (the measured parts of a run for
 * `predict`) over arbitrary bytes, the first half as the log and the rest
 * as its carbontracker pair, then gt_predict on what it read. */
#include <stddef.h>
#include <stdint.h>

#include "gt_apriori.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t half = size / 2;
    const char *d = (const char *)data;
    for (int pass = 0; pass < 2; pass++) {
        struct gt_predict_log l;
        struct gt_error err = {0};
        enum gt_status st =
            pass ? gt_predict_log_read(d, size, NULL, 0, "fuzz", &l, &err)
                 : gt_predict_log_read(d, half, d + half, size - half, "fuzz", &l, &err);
        if (st == GT_OK) {
            struct gt_predict_result r;
            (void)gt_predict(l.seg, l.n, GT_PREDICT_UNITS, (double)l.n + 3, &r, &err);
            (void)gt_predict(l.seg, l.n, GT_PREDICT_DURATION, 1e7, &r, &err);
        }
        gt_predict_log_release(&l);
    }
    return 0;
}
