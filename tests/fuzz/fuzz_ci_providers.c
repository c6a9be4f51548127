/* libFuzzer target: the provider bodies (UK Carbon Intensity API, Electricity
 * Maps, Energi Data Service) -> series, finished and averaged. The first byte
 * picks the parser. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "gt_ci.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    struct gt_ci_series s;
    struct gt_error err;
    gt_ci_series_init(&s);
    gt_error_clear(&err);
    const char *body = (const char *)data + 1;
    size_t len = size - 1;
    long fc = 0;
    enum gt_status st = data[0] % 3 == 0 ? gt_ci_parse_uk(body, len, &s, &fc, &err)
                        : data[0] % 3 == 1
                            ? gt_ci_parse_electricitymaps(body, len, &s, &err)
                            : gt_ci_parse_energidataservice(body, len, "DK1", &s, &err);
    if (st == GT_OK && gt_ci_series_finish(&s, "fuzz", &err) == GT_OK) {
        for (size_t i = 0; i < s.n; i++)
            if (!(s.p[i].end > s.p[i].t) || (!isnan(s.p[i].v) && s.p[i].v < 0))
                abort();
        struct gt_ci_stats stt;
        gt_ci_series_stats(&s, GT_CI_LINEAR, &stt);
        struct gt_ci_avg r;
        gt_ci_series_average(&s, stt.first, stt.last, GT_CI_STEP, &r);
        if (r.coverage < 0 || r.coverage > 1)
            abort();
    } else if (!err.msg[0]) {
        abort();
    }
    gt_ci_series_release(&s);
    return 0;
}
