/* libFuzzer target: the CodeCarbon stream parser over arbitrary bytes, fed
 * whole and in chunks whose size comes from the first byte; both must give
 * the same records and rejections. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gt_logs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct acc {
    long rows, rejects;
    double energy;
};

static void touch(const char *s)
{
    if (!s || strlen(s) > (1u << 24))
        abort();
}

static enum gt_status emit(void *ud, const struct gt_record *r)
{
    struct acc *a = ud;
    if (r->nrows < 1 || r->line < 1)
        abort();
    touch(r->run_key);
    touch(r->project);
    touch(r->experiment);
    touch(r->user);
    touch(r->host);
    touch(r->cpu_model);
    touch(r->gpu_model);
    touch(r->country);
    touch(r->region);
    touch(r->tool_version);
    for (size_t i = 0; i < r->nextras; i++) {
        touch(r->extras[i].key);
        touch(r->extras[i].value);
    }
    double e = gt_record_energy(r);
    if (!isnan(e) && (e < 0 || isinf(e)))
        abort();
    if (!isnan(e))
        a->energy += e;
    a->rows += r->nrows;
    struct gt_record *d = gt_record_dup(r);
    free(d);
    return GT_OK;
}

static void reject(void *ud, long line, const char *reason)
{
    struct acc *a = ud;
    if (line < 1 || !reason[0])
        abort();
    a->rejects++;
}

static void warn(void *ud, long line, const char *msg)
{
    (void)ud;
    if (line < 0 || !msg[0])
        abort();
}

static void run(const char *d, size_t n, size_t chunk, struct acc *a)
{
    struct gt_parse_ctx ctx = {"fuzz.csv", a, emit, reject, warn, NULL, NULL, NULL, NULL};
    struct gt_stream *s = gt_cc_open(&ctx);
    if (!s)
        return;
    struct gt_error err;
    enum gt_status st = GT_OK;
    for (size_t off = 0; off < n && st == GT_OK; off += chunk)
        st = gt_cc_feed(s, d + off, off + chunk > n ? n - off : chunk, &err);
    gt_cc_finish(s, st == GT_OK ? &err : NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t chunk = 1 + data[0] % 17;
    const char *d = (const char *)data + 1;
    size_t n = size - 1;
    (void)gt_cc_sniff(d, n);
    struct acc whole = {0}, parts = {0};
    run(d, n, n ? n : 1, &whole);
    run(d, n, chunk, &parts);
    if (whole.rows != parts.rows || whole.rejects != parts.rejects)
        abort();
    return 0;
}
