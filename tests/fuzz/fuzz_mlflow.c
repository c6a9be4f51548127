/* libFuzzer target: the MLflow file-store parsers over arbitrary bytes: a
 * metric file ("timestamp value step" lines) and a meta.yaml. Aborts on a
 * broken invariant: a series with values whose last is outside [min, max]
 * or whose first timestamp is after its last, an error without a message,
 * strings not terminated. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gt_metrics.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_note(void *ud, long line, const char *msg)
{
    (void)ud;
    if (line < 0 || !msg || !msg[0])
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *d = (const char *)data;
    struct gt_parse_ctx ctx = {
        .file = "metrics/accuracy", .ud = NULL, .reject = on_note, .warn = on_note};
    struct gt_mlflow_series s;
    struct gt_error err = {0};
    if (gt_mlflow_metric_parse(d, size, &ctx, &s, &err) == GT_OK) {
        if (s.n < 1 || !(s.min <= s.last && s.last <= s.max) || !(s.t_first_ms <= s.t_last_ms) ||
            !isfinite(s.last))
            abort();
    } else if (!err.msg[0]) {
        abort();
    }
    struct gt_mlflow_meta m;
    gt_error_clear(&err);
    if (gt_mlflow_meta_parse(d, size, "meta.yaml", &m, &err) == GT_OK) {
        const char *f[] = {m.run_id, m.run_name, m.experiment_id, m.name,
                           m.user,   m.status,   m.lifecycle};
        for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
            (void)strlen(f[i]);
        (void)gt_mlflow_status_name(m.status);
    } else if (!err.msg[0] || err.line < 1) {
        abort();
    }
    return 0;
}
