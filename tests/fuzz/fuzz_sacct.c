/* libFuzzer target: the SLURM accounting format (gt_slurm_sniff, the sacct
 * stream parser and GA4HPC's method through gt_sacct_*) over arbitrary bytes,
 * fed whole and in chunks whose size comes from the first byte: both must
 * give the same jobs, energy and rejections, and every non-blank line after
 * the header must be a job row, a step, a rejected row or a job counted
 * apart (rows read = used + rejected + apart). Each job's figures as numbers
 * equal its extras, and the jobs kept compact by the aggregate give the same
 * per-user figures and groups as their whole rows, to the bit. The same
 * bytes also go through the cluster-description reader, the skip hints and
 * the AllocGRES reader. */
#include <math.h>
#include <stdio.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gt_agg.h"
#include "gt_slurm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct acc {
    long rows, rejects, apart;
    double energy;
    struct gt_agg *full, *cmp; /* every job in full, and compact */
};

static int same(double a, double b)
{
    return a == b || (isnan(a) && isnan(b));
}

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
    struct gt_record *d = gt_record_dup(r);
    if (d && r->slurm) {
        struct gt_slurm_fig f;
        d->slurm = NULL;
        gt_slurm_fig_of(d, &f);
        const struct gt_slurm_fig *g = r->slurm;
        if (f.state != g->state || !same(f.energy_maxrss_kwh, g->energy_maxrss_kwh) ||
            !same(f.co2e_maxrss_g, g->co2e_maxrss_g) || !same(f.cpu_core_h, g->cpu_core_h) ||
            !same(f.cpu_core_h_charged, g->cpu_core_h_charged) || !same(f.gpu_h, g->gpu_h) ||
            !same(f.mem_overallocation, g->mem_overallocation))
            abort();
    }
    free(d);
    if (a->full && (gt_agg_add(a->full, r) != GT_OK || gt_agg_add(a->cmp, r) != GT_OK))
        return GT_E_NOMEM;
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

static int same_user(const struct gt_slurm_user *a, const struct gt_slurm_user *b)
{
    return strcmp(a->user, b->user) == 0 && a->jobs == b->jobs &&
           memcmp(a->state, b->state, sizeof a->state) == 0 && same(a->energy_kwh, b->energy_kwh) &&
           same(a->co2e_g, b->co2e_g) && same(a->energy_maxrss_kwh, b->energy_maxrss_kwh) &&
           same(a->co2e_maxrss_g, b->co2e_maxrss_g) && same(a->cpu_core_h, b->cpu_core_h) &&
           same(a->cpu_core_h_charged, b->cpu_core_h_charged) && same(a->gpu_h, b->gpu_h) &&
           same(a->overallocation_sum, b->overallocation_sum) &&
           a->overallocation_n == b->overallocation_n && same(a->failed_kwh, b->failed_kwh) &&
           same(a->failed_co2e_g, b->failed_co2e_g);
}

/* The full and the compact aggregate (both freed) agree to the bit. */
static void compare(struct gt_agg *full, struct gt_agg *cmp)
{
    struct gt_agg_result *a = NULL, *b = NULL;
    struct gt_slurm_headline ha = {0}, hb = {0};
    enum gt_status sa = gt_agg_finish(full, &a), sb = gt_agg_finish(cmp, &b);
    if (sa != GT_OK || sb != GT_OK || gt_slurm_headline_build(a, &ha) != GT_OK ||
        gt_slurm_headline_build(b, &hb) != GT_OK)
        goto done; /* out of memory: nothing to compare */
    if (ha.nusers != hb.nusers || !same_user(&ha.total, &hb.total) || a->ngroups != b->ngroups ||
        memcmp(&a->acc, &b->acc, sizeof a->acc) != 0)
        abort();
    for (size_t u = 0; u < ha.nusers; u++)
        if (!same_user(&ha.users[u], &hb.users[u]))
            abort();
    for (size_t g = 0; g < a->ngroups; g++) {
        for (size_t k = 0; k < a->opts.nby; k++)
            if (strcmp(a->groups[g].key[k], b->groups[g].key[k]) != 0)
                abort();
        const struct gt_totals *x = &a->groups[g].t, *y = &b->groups[g].t;
        if (x->runs != y->runs || !same(x->energy_kwh, y->energy_kwh) ||
            !same(x->co2e_g, y->co2e_g) || !same(x->duration_s, y->duration_s))
            abort();
    }
done:
    gt_slurm_headline_release(&ha);
    gt_slurm_headline_release(&hb);
    gt_agg_result_free(a);
    gt_agg_result_free(b);
}

static struct gt_cluster cl;

static enum gt_status run(const char *d, size_t n, size_t chunk, struct acc *a)
{
    struct gt_slurm_opts o = {&cl, 200};
    struct gt_parse_ctx ctx = {"fuzz.txt", a, emit, reject, warn, skip, &o, NULL, NULL};
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
    if (gt_cluster_parse(d, n, "fuzz.yaml", &cl, cl_warn, NULL, &err) == GT_OK) {
        /* node ranges: the first line of the bytes as a job's NodeList, on every
         * partition; the hardware is a partition or one of the file's profiles */
        char nodes[GT_SLURM_STR];
        size_t at = 0, ln = 0;
        while (at < n && (d[at] == '#' || d[at] == ' '))
            at++; /* "# NODES" on the first line: a comment to the reader */
        while (at + ln < n && d[at + ln] != '\n' && ln < sizeof nodes - 1)
            ln++;
        memcpy(nodes, d + at, ln);
        nodes[ln] = '\0';
        for (size_t i = 0; i < cl.nparts; i++) {
            int how;
            long r;
            const struct gt_cluster_part *p =
                gt_cluster_node_part(&cl, &cl.parts[i], nodes, (double)(i % 2), &how, &r);
            if (how < -1 || how > 1 || p < cl.parts || p >= cl.parts + cl.nparts ||
                (how > 0 && !p->profile) || (how != 0) != (r >= 0) || r >= (long)cl.nranges)
                abort();
        }
        for (size_t i = 0; i < cl.nranges; i++)
            if (cl.ranges[i].lo > cl.ranges[i].hi || cl.ranges[i].profile >= cl.nparts ||
                !cl.parts[cl.ranges[i].profile].profile)
                abort();
    }
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
    struct gt_agg_opts o = {0};
    o.by[0] = GT_KEY_USER;
    o.by[1] = GT_KEY_PARTITION;
    o.by[2] = GT_KEY_STATE;
    o.by[3] = GT_KEY_ARRAY;
    o.nby = 4;
    whole.full = gt_agg_new(&o);
    o.notable_runs_only = 1;
    whole.cmp = gt_agg_new(&o);
    if (!whole.full || !whole.cmp) {
        gt_agg_free(whole.full);
        gt_agg_free(whole.cmp);
        return 0;
    }
    enum gt_status s1 = run(d, n, n ? n : 1, &whole);
    compare(whole.full, whole.cmp);
    enum gt_status s2 = run(d, n, chunk, &parts);
    if (s1 != s2 || whole.rows != parts.rows || whole.rejects != parts.rejects ||
        whole.apart != parts.apart || whole.energy != parts.energy)
        abort();
    if (s1 == GT_OK && whole.rows + whole.rejects + whole.apart != data_lines(d, n))
        abort();
    return 0;
}
