/* libFuzzer target: the SLURM accounting format (gt_slurm_sniff, the sacct
 * stream parser and GA4HPC's method through gt_sacct_*) over arbitrary bytes,
 * fed whole and in chunks whose size comes from the first byte: both must
 * give the same jobs, energy and rejections, and every non-blank line after
 * the header must be a job row, a step, a rejected row or a job counted
 * apart (rows read = used + rejected + apart). The same bytes also go through
 * the cluster-description reader, the skip hints and the AllocGRES reader. */
#include <math.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gt_slurm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct acc {
    long rows, rejects, apart;
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
    const char *strs[] = {r->run_key, r->project,   r->experiment, r->user,
                          r->host,    r->cpu_model, r->gpu_model};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        touch(strs[i]);
    for (size_t i = 0; i < r->nextras; i++) {
        touch(r->extras[i].key);
        touch(r->extras[i].value);
    }
    if (isnan(r->energy_kwh) || r->energy_kwh < 0 || r->cpu_kwh < 0 || r->gpu_kwh < 0 ||
        r->ram_kwh < 0 || r->duration_s < 0)
        abort();
    a->energy += r->energy_kwh;
    a->rows += r->nrows;
    free(gt_record_dup(r));
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

static void skip(void *ud, long line, long nrows, const char *what)
{
    struct acc *a = ud;
    if (line < 1 || nrows < 1 || !what[0])
        abort();
    a->apart += nrows;
}

static void cl_warn(void *ud, long line, const char *msg)
{
    (void)ud;
    if (line < 1 || !msg[0])
        abort();
}

static int blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* non-blank lines after the first non-blank one */
static long data_lines(const char *d, size_t n)
{
    long lines = 0, seen_header = 0;
    size_t i = 0;
    while (i < n) {
        const char *nl = memchr(d + i, '\n', n - i);
        size_t e = nl ? (size_t)(nl - d) : n;
        int nonblank = 0;
        for (size_t k = i; k < e; k++)
            nonblank |= !blank(d[k]);
        if (nonblank) {
            if (seen_header)
                lines++;
            seen_header = 1;
        }
        i = e + 1;
    }
    return lines;
}

static struct gt_cluster cl;

static enum gt_status run(const char *d, size_t n, size_t chunk, struct acc *a)
{
    struct gt_slurm_opts o = {&cl, 200};
    struct gt_parse_ctx ctx = {"fuzz.txt", a, emit, reject, warn, skip, &o, NULL};
    struct gt_stream *s = gt_sacct_open(&ctx);
    if (!s)
        return GT_E_NOMEM;
    struct gt_error err;
    enum gt_status st = GT_OK;
    for (size_t off = 0; off < n && st == GT_OK; off += chunk)
        st = gt_sacct_feed(s, d + off, off + chunk > n ? n - off : chunk, &err);
    enum gt_status st2 = gt_sacct_finish(s, st == GT_OK ? &err : NULL);
    return st != GT_OK ? st : st2;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    size_t chunk = 1 + data[0] % 17;
    const char *d = (const char *)data + 1;
    size_t n = size - 1;
    (void)gt_slurm_sniff(d, n);
    const char *hint = gt_slurm_skip_hint(d, n);
    if (hint && !hint[0])
        abort();
    /* the legacy AllocGRES reader on the same bytes */
    char type[8];
    double g = gt_slurm_gres_gpus(d, n, type, sizeof type);
    if (g < 0 || isnan(g) || strlen(type) >= sizeof type)
        abort();
    /* the cluster reader on the same bytes */
    struct gt_error err;
    gt_cluster_init(&cl);
    (void)gt_cluster_parse(d, n, "fuzz.yaml", &cl, cl_warn, NULL, &err);
    /* then a fixed cluster for the method */
    gt_cluster_init(&cl);
    cl.pue = 1.5;
    cl.ci_g_per_kwh = 300;
    cl.mem_w_per_gb = 0.3725;
    cl.granularity_gb = 4;
    cl.node_static_w = 50;
    cl.nparts = 2;
    memset(cl.parts, 0, 2 * sizeof cl.parts[0]);
    snprintf(cl.parts[0].name, sizeof cl.parts[0].name, "cpu");
    cl.parts[0].cpu_w_per_core = 10;
    cl.parts[0].gpu_w = cl.parts[0].mem_per_node_gb = NAN;
    cl.parts[0].cores_per_node = 32;
    snprintf(cl.parts[1].name, sizeof cl.parts[1].name, "gpu");
    cl.parts[1].cpu_w_per_core = 4;
    cl.parts[1].gpu_w = 300;
    cl.parts[1].mem_per_node_gb = 256;
    cl.parts[1].cores_per_node = NAN;
    struct acc whole = {0}, parts = {0};
    enum gt_status s1 = run(d, n, n ? n : 1, &whole);
    enum gt_status s2 = run(d, n, chunk, &parts);
    if (s1 != s2 || whole.rows != parts.rows || whole.rejects != parts.rejects ||
        whole.apart != parts.apart || whole.energy != parts.energy)
        abort();
    if (s1 == GT_OK && whole.rows + whole.rejects + whole.apart != data_lines(d, n))
        abort();
    return 0;
}
