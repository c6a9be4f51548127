/* libFuzzer target: gt_ci_series_parse_csv (series CSV, Electricity Maps
 * export, production mix) over arbitrary bytes, then statistics and averages
 * over the parsed series. Aborts on a broken invariant: points sorted and
 * non-overlapping, coverage in [0, 1], a mean within [min, max]. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "gt_ci.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct gt_ci_factor factors[] = {
    {"nuclear", "nucleaire", 12}, {"wind", "eolien", 11}, {"gas", "natural_gas", 490}};
static const struct gt_ci_factors fs = {factors, 3, "fuzz"};

void gt_ci_fuzz_check(const struct gt_ci_series *s);
void gt_ci_fuzz_check(const struct gt_ci_series *s)
{
    for (size_t i = 0; i < s->n; i++) {
        if (!(s->p[i].end > s->p[i].t))
            abort();
        if (i && s->p[i].t < s->p[i - 1].end)
            abort();
    }
    for (int m = 0; m < 2; m++) {
        struct gt_ci_stats st;
        gt_ci_series_stats(s, (enum gt_ci_interp)m, &st);
        if (s->n && !isnan(st.mean) &&
            (st.mean < st.min - 1e-6 * fabs(st.min) - 1e-9 ||
             st.mean > st.max + 1e-6 * fabs(st.max) + 1e-9))
            abort();
        if (!s->n)
            continue;
        double a = s->p[0].t - 100, b = s->p[s->n - 1].end + 100;
        struct gt_ci_avg r;
        gt_ci_series_average(s, a, b, (enum gt_ci_interp)m, &r);
        if (r.coverage < 0 || r.coverage > 1)
            abort();
        gt_ci_series_average(s, s->p[0].t, s->p[0].t, (enum gt_ci_interp)m, &r);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct gt_ci_series s;
    struct gt_error err;
    gt_ci_series_init(&s);
    gt_error_clear(&err);
    if (gt_ci_series_parse_csv((const char *)data, size, "fuzz", &fs, &s, &err) == GT_OK)
        gt_ci_fuzz_check(&s);
    else if (!err.msg[0])
        abort();
    gt_ci_series_release(&s);
    return 0;
}
