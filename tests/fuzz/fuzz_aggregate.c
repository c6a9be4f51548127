/* fuzz_aggregate.c - records in, totals out: finite and consistent
 * (fuzz_agg_common.h says what is checked). */
#include "fuzz_agg_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f = {data, size};
    struct gt_agg_opts o;
    struct gt_agg_result *res = fz_aggregate(&f, &o);
    if (res)
        check_result(res);
    gt_agg_result_free(res);
    return 0;
}
