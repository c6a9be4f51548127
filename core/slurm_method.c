/* slurm_method.c - GA4HPC's method (notes/green-algorithms.md section 6) on
 * one job, and the "slurm-sacct" format of the detection table: jobs from the
 * parser -> run records, with the cluster description of ctx->opts.
 *
 * Where greentally differs from GA4HPC (docs/formats.md lists them):
 * - the memory actually needed is MaxRSS rounded up to the granularity;
 *   GA4HPC adds a whole extra granule when MaxRSS is an exact multiple;
 * - TotalCPU above Elapsed x NCPUS is capped there with a warning (GA4HPC
 *   asserts TotalCPU <= CPUTime and stops);
 * - ReqMem "0n" (the whole node) is the partition's memory_per_node_gb when
 *   the cluster file gives it, else 0 with a warning (GA4HPC crashes);
 * - an unknown partition is a warning and the cluster's default partition
 *   (GA4HPC asserts "Unknown partition");
 * - a job's state is its job line's (GA4HPC takes the lowest state code
 *   of its steps).
 */
#include "gt_agg.h"
#include "gt_num.h"
#include "gt_slurm.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gt_slurm_job_energy(const struct gt_slurm_job *job, const struct gt_cluster *c,
                         const struct gt_cluster_part *p, double default_gpu_w,
                         struct gt_slurm_energy *e)
{
    memset(e, 0, sizeof *e);
    double el = isnan(job->elapsed_s) ? 0 : job->elapsed_s;
    double eh = el / 3600.0;
    double ncpus = isnan(job->ncpus) ? 0 : job->ncpus;
    double nnodes = isnan(job->nnodes) || job->nnodes < 1 ? 1 : job->nnodes;
    double alloc = el * ncpus;
    double charged = !isnan(job->cputime_s) ? job->cputime_s : alloc;
    double used = job->totalcpu_s;
    if (isnan(used) || used == 0) {
        used = charged;
        e->flags |= GT_SLURM_E_CPUTIME_USED;
    }
    double limit = alloc > 0 ? alloc : charged;
    if (used > limit) {
        used = limit;
        e->flags |= GT_SLURM_E_CPU_CAPPED;
    }
    e->cpu_core_h = used / 3600.0;
    e->cpu_core_h_charged = charged / 3600.0;
    e->cpu_kwh = e->cpu_core_h * p->cpu_w_per_core / 1000.0;

    double ngpus = isnan(job->ngpus) ? 0 : job->ngpus;
    e->gpu_h = eh * ngpus;
    double gw = p->gpu_w;
    if (ngpus > 0 && isnan(gw)) {
        gw = default_gpu_w;
        e->flags |= GT_SLURM_E_NO_GPU_W;
    }
    e->gpu_kwh = ngpus > 0 ? e->gpu_h * gw * c->gpu_usage / 1000.0 : 0;

    double req = isnan(job->reqmem_gb) ? 0 : job->reqmem_gb;
    if (job->reqmem_zero && !isnan(p->mem_per_node_gb)) {
        req = p->mem_per_node_gb * nnodes;
        e->flags |= GT_SLURM_E_MEM_NODE;
    }
    e->mem_kwh = eh * req * c->mem_w_per_gb / 1000.0;
    double need;
    if (isnan(job->maxrss_gb)) {
        need = req; /* GA4HPC: "assume all memory was used" */
        e->flags |= GT_SLURM_E_NO_MAXRSS;
    } else {
        need = job->maxrss_gb;
        double g = c->granularity_gb;
        if (!isnan(g) && g > 0)
            need = ceil(need / g - 1e-9) * g; /* up to the granule; exact multiples stay */
        if (need > req)
            need = req;
    }
    e->mem_needed_gb = need;
    e->mem_needed_kwh = eh * need * c->mem_w_per_gb / 1000.0;
    e->overallocation = need > 0 ? req / need : NAN;

    if (c->node_static_w > 0) {
        double share = 1;
        if (!isnan(p->cores_per_node) && p->cores_per_node > 0 && ncpus > 0) {
            share = ncpus / (nnodes * p->cores_per_node);
            if (share > 1)
                share = 1;
        }
        e->static_kwh = c->node_static_w * nnodes * share * eh / 1000.0;
    }
    e->energy_kwh = (e->cpu_kwh + e->gpu_kwh + e->mem_kwh + e->static_kwh) * c->pue;
    e->energy_maxrss_kwh = (e->cpu_kwh + e->gpu_kwh + e->mem_needed_kwh + e->static_kwh) * c->pue;
    e->co2e_g = e->energy_kwh * c->ci_g_per_kwh;
    e->co2e_maxrss_g = e->energy_maxrss_kwh * c->ci_g_per_kwh;
}

/* --- the format -------------------------------------------------------------- */

#define UNKNOWN_PARTS 64
#define NEXTRA        19

struct sacct {
    struct gt_parse_ctx ctx;
    const struct gt_slurm_opts *o;
    struct gt_slurm_stream *s;
    /* partitions already warned about: [0] not in the file, [1] GPUs without power,
     * [2] jobs in none of its node ranges */
    char warned[3][UNKNOWN_PARTS][GT_SLURM_STR];
    size_t nwarned[3];
    char nums[NEXTRA][32];
    struct gt_kv extras[NEXTRA];
    struct gt_slurm_fig fig;
};

/* 1 when partition `name` was warned about for `what` before, else records it
 * (past UNKNOWN_PARTS names, every job is warned about). */
static int warned_part(struct sacct *a, int what, const char *name)
{
    for (size_t i = 0; i < a->nwarned[what]; i++)
        if (strcmp(a->warned[what][i], name) == 0)
            return 1;
    if (a->nwarned[what] < UNKNOWN_PARTS)
        snprintf(a->warned[what][a->nwarned[what]++], GT_SLURM_STR, "%s", name);
    return 0;
}

static const char *fmt_num(char *buf, double v)
{
    if (isnan(v))
        return "";
    return gt_num_fmt(v, buf, 32);
}

/* "first", or "first GPU" when the default range is not the partition's first */
static const char *default_what(const struct gt_cluster *c, const struct gt_cluster_range *r)
{
    for (size_t k = 0; k < c->nranges; k++)
        if (c->ranges[k].part == r->part)
            return &c->ranges[k] == r ? "first" : "first GPU";
    return "first";
}

static enum gt_status on_job(void *ud, const struct gt_slurm_job *j)
{
    struct sacct *a = ud;
    const struct gt_parse_ctx *ctx = &a->ctx;
    if (j->state == GT_SLURM_RUNNING || j->state == GT_SLURM_PENDING) {
        if (ctx->skip)
            ctx->skip(ctx->ud, j->line, j->nrows, gt_slurm_state_name(j->state));
        return GT_OK;
    }
    double elapsed = j->elapsed_s;
    if (isnan(elapsed) && !isnan(j->start) && !isnan(j->end) && j->end >= j->start)
        elapsed = j->end - j->start;
    if (isnan(elapsed)) {
        for (long k = 0; k < j->nrows; k++)
            gt_parse_reject(ctx, j->line, "job '%s' has no 'Elapsed' (nor 'Start' and 'End')",
                            j->id);
        return GT_OK;
    }
    const struct gt_cluster *c = a->o->cluster;
    const struct gt_cluster_part *p = gt_cluster_find(c, j->partition);
    if (!p) {
        p = gt_cluster_default(c);
        if (c->any_partition || warned_part(a, 0, j->partition))
            ;
        else if (!j->partition[0])
            gt_parse_warn(ctx, j->line,
                          "job '%s' has no 'Partition'; it and further jobs without one use the "
                          "default partition '%s'",
                          j->id, p->name);
        else
            gt_parse_warn(ctx, j->line,
                          "partition '%s' is not in '%s'; its jobs use the default partition "
                          "'%s' (further jobs on it are not listed)",
                          j->partition, c->file, p->name);
    }
    /* ga-core's node ranges: the hardware of the range of the job's first node */
    int how;
    long ri;
    const struct gt_cluster_part *part = p;
    p = gt_cluster_node_part(c, part, j->nodelist, j->ngpus, &how, &ri);
    const struct gt_cluster_range *r0 = ri >= 0 ? &c->ranges[ri] : NULL; /* the range used */
    const char *profile = r0 ? r0->profile_ref : part->profile_ref;
    char wkey[GT_SLURM_STR]; /* once per partition and default range */
    snprintf(wkey, sizeof wkey, "%.60s/%.60s", part->name, profile);
    if (how < 0 && elapsed > 0 && !warned_part(a, 2, wkey)) {
        if (!j->nodelist[0] || !strcmp(j->nodelist, "None assigned"))
            gt_parse_warn(ctx, j->line,
                          "job '%s' on partition '%s' has no 'NodeList' to pick its node range; "
                          "it and further such jobs use the %s range's hardware ('%s', %s "
                          "line %ld)",
                          j->id, part->name, default_what(c, r0), r0->profile_ref, c->file,
                          r0->line);
        else
            gt_parse_warn(ctx, j->line,
                          "job '%s': no node of '%s' is in a node range of partition '%s'; it "
                          "and further such jobs use the %s range's hardware ('%s', %s line "
                          "%ld)",
                          j->id, j->nodelist, part->name, default_what(c, r0), r0->profile_ref,
                          c->file, r0->line);
    }
    struct gt_slurm_job jj = *j;
    jj.elapsed_s = elapsed;
    struct gt_slurm_energy e;
    gt_slurm_job_energy(&jj, c, p, a->o->default_gpu_w, &e);
    if (e.flags & GT_SLURM_E_CPU_CAPPED)
        gt_parse_warn(ctx, j->line,
                      "job '%s': 'TotalCPU' is more than Elapsed x NCPUS; capped at %.4g "
                      "core-hours",
                      j->id, e.cpu_core_h);
    if ((e.flags & GT_SLURM_E_NO_GPU_W) && !warned_part(a, 1, p->name))
        gt_parse_warn(ctx, j->line,
                      "job '%s' has GPUs but partition '%s' has no GPU power; %g W per GPU "
                      "(further jobs on it are not listed)",
                      j->id, p->name, a->o->default_gpu_w);
    if (j->reqmem_zero && !(e.flags & GT_SLURM_E_MEM_NODE))
        gt_parse_warn(ctx, j->line,
                      "job '%s' requested 'ReqMem' 0 (the whole node) and partition '%s' has no "
                      "memory_per_node_gb; memory counted as 0",
                      j->id, p->name);

    struct gt_record r;
    gt_record_init(&r);
    r.file = ctx->file;
    r.line = j->line;
    r.nrows = j->nrows;
    r.format = "slurm-sacct";
    r.tool = GT_TOOL_SLURM;
    if (!j->has_job_line)
        r.flags |= GT_REC_PARTIAL;
    r.run_key = j->id;
    r.run_id = j->id;
    r.project = j->account;
    r.experiment = j->name;
    r.user = j->user;
    r.host = j->nodelist;
    r.start = !isnan(j->start) ? j->start : j->submit;
    r.end = j->end;
    r.tz = isnan(r.start) && isnan(r.end) ? GT_TZ_NONE : GT_TZ_LOCAL;
    r.duration_s = elapsed;
    r.energy_kwh = e.energy_kwh;
    r.cpu_kwh = e.cpu_kwh * c->pue;
    r.gpu_kwh = e.gpu_kwh * c->pue;
    r.ram_kwh = e.mem_kwh * c->pue;
    r.pue = c->pue;
    r.co2e_g = e.co2e_g;
    r.ci_g_per_kwh = c->ci_g_per_kwh;
    r.cpu_model = p->cpu_model;
    r.cpu_count = j->ncpus;
    r.gpu_model = p->gpu_model[0] ? p->gpu_model : j->gpu_type;
    r.gpu_count = j->ngpus;
    r.ram_gb = j->reqmem_gb;
    size_t n = 0;
#define KV(k, v) a->extras[n++] = (struct gt_kv){k, v}
#define KN(k, v) (a->extras[n] = (struct gt_kv){k, fmt_num(a->nums[n], v)}, n++)
    KV("job", j->id);
    KV("array", j->array);
    KV("account", j->account);
    KV("partition", j->partition);
    KV("partition_used", part->name);
    if (profile[0])
        KV("hardware_profile", profile);
    KV("state", gt_slurm_state_name(j->state));
    KV("state_logged", j->state_text);
    KN("nodes", j->nnodes);
    KN("cpu_core_h", e.cpu_core_h);
    KN("cpu_core_h_charged", e.cpu_core_h_charged);
    KN("gpu_h", e.gpu_h);
    KN("mem_requested_gb", isnan(j->reqmem_gb) ? 0 : j->reqmem_gb);
    KN("mem_needed_gb", e.mem_needed_gb);
    KN("mem_overallocation", e.overallocation);
    KN("static_kwh", e.static_kwh * c->pue);
    KN("energy_kwh_maxrss", e.energy_maxrss_kwh);
    KN("co2e_g_maxrss", e.co2e_maxrss_g);
#undef KV
#undef KN
    r.nextras = n;
    r.extras = a->extras;
    a->fig = (struct gt_slurm_fig){e.energy_maxrss_kwh,  e.co2e_maxrss_g, e.cpu_core_h,
                                   e.cpu_core_h_charged, e.gpu_h,         e.overallocation,
                                   (int)j->state};
    r.slurm = &a->fig;
    return ctx->emit(ctx->ud, &r);
}

struct gt_stream *gt_sacct_open(const struct gt_parse_ctx *ctx)
{
    struct sacct *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->ctx = *ctx;
    a->o = ctx->opts;
    if (!a->o || !a->o->cluster) {
        free(a);
        return NULL;
    }
    a->s = gt_slurm_open(ctx, a->o->cluster->max_rss_unit, on_job, a);
    if (!a->s) {
        free(a);
        return NULL;
    }
    return (struct gt_stream *)a;
}

enum gt_status gt_sacct_feed(struct gt_stream *s, const char *buf, size_t len, struct gt_error *err)
{
    struct sacct *a = (struct sacct *)s;
    return gt_slurm_feed(a->s, buf, len, err);
}

enum gt_status gt_sacct_finish(struct gt_stream *s, struct gt_error *err)
{
    struct sacct *a = (struct sacct *)s;
    enum gt_status st = gt_slurm_finish(a->s, err);
    free(a);
    return st;
}

/* --- GA4HPC's headline figures ------------------------------------------------ */

static double extra_num(const struct gt_record *r, const char *k)
{
    const char *v = gt_record_extra(r, k);
    double x;
    return v[0] && gt_num_parse(v, strlen(v), &x) == 0 ? x : NAN;
}

void gt_slurm_fig_of(const struct gt_record *r, struct gt_slurm_fig *f)
{
    if (r->slurm) {
        *f = *r->slurm;
        return;
    }
    const char *st = gt_record_extra(r, "state");
    f->state = (int)gt_slurm_state_parse(st, strlen(st));
    f->energy_maxrss_kwh = extra_num(r, "energy_kwh_maxrss");
    f->co2e_maxrss_g = extra_num(r, "co2e_g_maxrss");
    f->cpu_core_h = extra_num(r, "cpu_core_h");
    f->cpu_core_h_charged = extra_num(r, "cpu_core_h_charged");
    f->gpu_h = extra_num(r, "gpu_h");
    f->mem_overallocation = extra_num(r, "mem_overallocation");
}

static void add0(double *acc, double v)
{
    if (!isnan(v))
        *acc += v;
}

void gt_slurm_user_add(struct gt_slurm_user *u, const struct gt_slurm_fig *f, double energy_kwh,
                       double co2e_g)
{
    enum gt_slurm_state s = (unsigned)f->state < GT_SLURM_STATE__COUNT
                                ? (enum gt_slurm_state)f->state
                                : GT_SLURM_FAILED;
    u->jobs++;
    u->state[s]++;
    add0(&u->energy_kwh, energy_kwh);
    add0(&u->co2e_g, co2e_g);
    add0(&u->energy_maxrss_kwh, f->energy_maxrss_kwh);
    add0(&u->co2e_maxrss_g, f->co2e_maxrss_g);
    add0(&u->cpu_core_h, f->cpu_core_h);
    add0(&u->cpu_core_h_charged, f->cpu_core_h_charged);
    add0(&u->gpu_h, f->gpu_h);
    double o = f->mem_overallocation;
    if (!isnan(o)) {
        u->overallocation_sum += o;
        u->overallocation_n++;
    }
    if (s != GT_SLURM_COMPLETED) {
        add0(&u->failed_kwh, energy_kwh);
        add0(&u->failed_co2e_g, co2e_g);
    }
}

enum gt_status gt_slurm_headline_build(const struct gt_agg_result *res, struct gt_slurm_headline *h)
{
    memset(h, 0, sizeof *h);
    h->total.user = "";
    const struct gt_slurm_headline *r = res->slurm;
    if (!r || !r->total.jobs)
        return GT_OK;
    h->users = malloc(r->nusers * sizeof *h->users);
    if (!h->users)
        return GT_E_NOMEM;
    memcpy(h->users, r->users, r->nusers * sizeof *h->users);
    h->nusers = r->nusers;
    h->total = r->total;
    return GT_OK;
}
void gt_slurm_headline_release(struct gt_slurm_headline *h)
{
    free(h->users);
    memset(h, 0, sizeof *h);
}
