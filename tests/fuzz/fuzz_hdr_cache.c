/* libFuzzer target: header mappings kept across files (gt_hdr_cache). Over
 * arbitrary bytes read as CodeCarbon, eco2ai or sacct output (the first byte
 * picks the format and the chunk size), a parse without the cache, and two
 * with one cache (the first stores the headers, the second finds them), must
 * report the same records, rejections, warnings and headers in the same
 * order; detection through the cache gives gt_log_detect's answer. */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_logs.h"
#include "gt_slurm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What a parse reported, folded into a hash as it came. */
struct acc {
    uint64_t h;
    long n;
};

static void fold(struct acc *a, const char *s)
{
    for (; *s; s++)
        a->h = (a->h ^ (unsigned char)*s) * 0x100000001b3ULL;
    a->h = (a->h ^ 0xff) * 0x100000001b3ULL;
    a->n++;
}

#define S(x) ((x) ? (x) : "")

static enum gt_status on_emit(void *ud, const struct gt_record *r)
{
    char b[2048];
    snprintf(b, sizeof b, "rec %ld %ld %s %s %s %s %a %a %a %a %a %zu", r->line, r->nrows,
             S(r->run_key), S(r->project), S(r->cpu_model), S(r->country), r->start, r->duration_s,
             r->energy_kwh, r->co2e_g, r->cpu_kwh, r->nextras);
    fold(ud, b);
    for (size_t i = 0; i < r->nextras; i++) {
        fold(ud, S(r->extras[i].key));
        fold(ud, S(r->extras[i].value));
    }
    return GT_OK;
}

static void on_note(struct acc *a, const char *what, long line, const char *msg)
{
    char b[700];
    snprintf(b, sizeof b, "%s %ld %s", what, line, msg);
    fold(a, b);
}

static void on_reject(void *ud, long line, const char *msg)
{
    on_note(ud, "reject", line, msg);
}

static void on_warn(void *ud, long line, const char *msg)
{
    on_note(ud, "warn", line, msg);
}

static void on_header(void *ud, long line)
{
    on_note(ud, "header", line, "");
}

static enum gt_status on_job(void *ud, const struct gt_slurm_job *j)
{
    char b[2048];
    snprintf(b, sizeof b, "job %ld %ld %s %s %s %s %a %a %a %a", j->line, j->nrows, j->id,
             j->account, j->partition, j->state_text, j->elapsed_s, j->ncpus, j->totalcpu_s,
             j->reqmem_gb);
    fold(ud, b);
    return GT_OK;
}

static struct acc parse(int which, const char *d, size_t n, size_t chunk, struct gt_hdr_cache *c)
{
    struct acc a = {0xcbf29ce484222325ULL, 0};
    struct gt_parse_ctx ctx = {"fuzz", &a, on_emit, on_reject, on_warn, NULL, NULL, on_header, c};
    struct gt_error err;
    gt_error_clear(&err);
    enum gt_status st = GT_OK;
    if (which == 1) {
        char *z = malloc(n + 1); /* the whole-buffer parser reads a NUL-terminated copy */
        if (!z)
            return a;
        memcpy(z, d, n);
        z[n] = '\0';
        st = gt_eco2ai_parse(z, n, &ctx, &err);
        free(z);
    } else if (which == 2) {
        struct gt_slurm_stream *s = gt_slurm_open(&ctx, 'K', on_job, &a);
        if (!s)
            return a;
        for (size_t off = 0; off < n && st == GT_OK; off += chunk)
            st = gt_slurm_feed(s, d + off, off + chunk > n ? n - off : chunk, &err);
        enum gt_status st2 = gt_slurm_finish(s, st == GT_OK ? &err : NULL);
        if (st == GT_OK)
            st = st2;
    } else {
        struct gt_stream *s = gt_cc_open(&ctx);
        if (!s)
            return a;
        for (size_t off = 0; off < n && st == GT_OK; off += chunk)
            st = gt_cc_feed(s, d + off, off + chunk > n ? n - off : chunk, &err);
        enum gt_status st2 = gt_cc_finish(s, st == GT_OK ? &err : NULL);
        if (st == GT_OK)
            st = st2;
    }
    char b[700];
    snprintf(b, sizeof b, "status %d %s", (int)st, st == GT_OK ? "" : err.msg);
    fold(&a, b);
    return a;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    int which = data[0] % 3;
    size_t chunk = 1 + data[0] / 3 % 29;
    const char *d = (const char *)data + 1;
    size_t n = size - 1;
    struct gt_hdr_cache *c = gt_hdr_cache_new();
    if (!c)
        return 0;
    size_t hl = n < 8192 ? n : 8192;
    const struct gt_log_format *want = gt_log_detect(d, hl);
    if (gt_log_detect_cached(d, hl, c) != want || gt_log_detect_cached(d, hl, c) != want)
        abort();
    struct acc plain = parse(which, d, n, chunk, NULL);
    for (int k = 0; k < 2; k++) {
        struct acc cached = parse(which, d, n, k ? 1 << 20 : chunk, c);
        if (cached.h != plain.h || cached.n != plain.n)
            abort();
    }
    gt_hdr_cache_free(c);
    return 0;
}
