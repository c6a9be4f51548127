/* libFuzzer target: gt_ct_parse over a standard log and an output log cut
 * from the input, and both sniffers. The first two bytes (big-endian) give
 * where the rest splits: rest[0..k) is the standard log, rest[k..) the output
 * log, k = value % (rest length + 1). Each part gets its own heap buffer of
 * exactly its size, so ASan sees a read past either one. abort() when a
 * record breaks an invariant. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gt_logs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct seen {
    long emitted, rejected;
};

static void touch(const char *s)
{
    if (!s)
        abort();
    (void)strlen(s);
}

static int negative(double v)
{
    return !isnan(v) && v < 0; /* NAN means unknown */
}

static enum gt_status on_emit(void *ud, const struct gt_record *r)
{
    struct seen *s = ud;
    if (r->nrows < 1 || r->line < 1 || r->tool != GT_TOOL_CARBONTRACKER ||
        (r->kind != GT_KIND_ACTUAL && r->kind != GT_KIND_PREDICTED))
        abort();
    if (negative(r->energy_kwh) || negative(r->cpu_kwh) || negative(r->gpu_kwh) ||
        negative(r->ram_kwh) || negative(r->co2e_g) || negative(r->duration_s) ||
        isinf(r->energy_kwh) || isinf(r->co2e_g) || isinf(r->duration_s))
        abort();
    if (r->epochs < -1 || (r->nepochs_s && !r->epoch_s) || (r->nseries && !r->series) ||
        (r->nextras && !r->extras))
        abort();
    touch(r->file);
    touch(r->format);
    touch(r->tool_version);
    touch(r->run_key);
    touch(r->run_id);
    touch(r->project);
    touch(r->experiment);
    touch(r->user);
    touch(r->host);
    touch(r->group_key);
    touch(r->country);
    touch(r->country_iso);
    touch(r->region);
    touch(r->cloud_provider);
    touch(r->cloud_region);
    touch(r->os);
    touch(r->cpu_model);
    touch(r->gpu_model);
    if (strcmp(r->run_key, r->file) != 0)
        abort();
    volatile double sink = 0;
    for (size_t i = 0; i < r->nextras; i++) {
        touch(r->extras[i].key);
        touch(r->extras[i].value);
    }
    for (size_t i = 0; i < r->nepochs_s; i++)
        sink += r->epoch_s[i];
    for (size_t i = 0; i < r->nseries; i++) {
        touch(r->series[i].component);
        touch(r->series[i].device);
        if (r->series[i].n != r->nepochs_s || (r->series[i].n && !r->series[i].v))
            abort();
        for (size_t k = 0; k < r->series[i].n; k++)
            sink += r->series[i].v[k];
    }
    (void)sink;
    /* what the aggregate will do with it */
    struct gt_record *d = gt_record_dup(r);
    if (!d)
        return GT_E_NOMEM;
    free(d);
    s->emitted += r->nrows;
    return GT_OK;
}

static void on_reject(void *ud, long line, const char *reason)
{
    struct seen *s = ud;
    if (line < 1 || !reason[0])
        abort();
    touch(reason);
    s->rejected++;
}

static void on_warn(void *ud, long line, const char *msg)
{
    (void)ud;
    if (line < 0 || !msg[0])
        abort();
    touch(msg);
}

static char *copy(const uint8_t *p, size_t n)
{
    char *b = malloc(n ? n : 1);
    if (b && n)
        memcpy(b, p, n);
    return b;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 2)
        return 0;
    size_t rest = size - 2;
    size_t k = (((size_t)data[0] << 8) | data[1]) % (rest + 1);
    char *std = copy(data + 2, k);
    char *out = copy(data + 2 + k, rest - k);
    if (!std || !out) {
        free(std);
        free(out);
        return 0;
    }
    size_t hs = k < 8192 ? k : 8192, ho = rest - k < 8192 ? rest - k : 8192;
    int ss = gt_ct_sniff_std(std, hs), so = gt_ct_sniff_out(std, hs);
    (void)gt_ct_sniff_std(out, ho);
    (void)gt_ct_sniff_out(out, ho);
    if (ss && so) /* the two sniffers never both claim a file */
        abort();

    struct seen s = {0, 0};
    struct gt_parse_ctx ctx = {
        .file = "fuzz", .ud = &s, .emit = on_emit, .reject = on_reject, .warn = on_warn};
    struct gt_error err;
    gt_error_clear(&err);
    enum gt_status st = gt_ct_parse(k ? std : NULL, k, out, rest - k, &ctx, &err);
    if (st != GT_OK && st != GT_E_NOMEM)
        abort();
    free(std);
    free(out);
    return 0;
}
