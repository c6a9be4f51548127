#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gt_out.h"
#include "gt_slurm_out.h"

char *gt_slurm_method_text(const struct gt_cluster *c, char *buf, size_t size)
{
    char gran[160] = "";
    if (!isnan(c->granularity_gb) && c->granularity_gb > 0)
        snprintf(gran, sizeof gran,
                 " rounded up to the %g GB granularity (an exact multiple stays; GA4HPC adds a "
                 "granule)",
                 c->granularity_gb);
    char stat[160] = "";
    if (c->node_static_w > 0)
        snprintf(stat, sizeof stat,
                 "; node static power = Elapsed x %g W x nodes x the job's share of their cores",
                 c->node_static_w);
    snprintf(buf, size,
             "GA4HPC's method: CPU = TotalCPU core-hours x the partition's W per core (CPUTime, "
             "i.e. 100 %% usage, when TotalCPU is 0); GPU = Elapsed x GPUs x W per GPU x %g; "
             "memory = Elapsed x requested GB x %g W/GB%s; total x PUE %g; CO2e = energy x %g "
             "g/kWh. The MaxRSS variant counts the memory needed instead: the largest MaxRSS of "
             "the job's steps%s, capped at the request.",
             c->gpu_usage, c->mem_w_per_gb, stat, c->pue, c->ci_g_per_kwh, gran);
    return buf;
}

/* A user name safe for a terminal: control bytes as '?'. */
static const char *safe(const char *s, char *buf, size_t size)
{
    size_t i = 0;
    for (; s[i] && i + 1 < size; i++)
        buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
    buf[i] = '\0';
    return buf[0] ? buf : "(unknown)";
}

static long failed(const struct gt_slurm_user *u)
{
    return u->jobs - u->state[GT_SLURM_COMPLETED];
}

static void row(FILE *o, const char *name, const struct gt_slurm_user *u, int wu)
{
    double oa = u->overallocation_n ? u->overallocation_sum / (double)u->overallocation_n : NAN;
    char ob[32];
    if (isnan(oa))
        snprintf(ob, sizeof ob, "-");
    else
        snprintf(ob, sizeof ob, "%.2f", oa);
    fprintf(
        o, "%-*s  %5ld  %6ld  %10.6f  %10.3f  %10.3f  %8.3f  %9s  %10.6f  %10.3f  %10.6f  %10.3f\n",
        wu, name, u->jobs, failed(u), u->energy_kwh, u->co2e_g, u->cpu_core_h, u->gpu_h, ob,
        u->failed_kwh, u->failed_co2e_g, u->energy_maxrss_kwh, u->co2e_maxrss_g);
}

int gt_slurm_write_table(FILE *o, const struct gt_slurm_doc *d)
{
    const struct gt_slurm_headline *h = d->h;
    if (!h->total.jobs && !d->napart)
        return 0;
    char b[GT_SLURM_STR];
    int wu = 5;
    for (size_t i = 0; i < h->nusers; i++) {
        int l = (int)strlen(safe(h->users[i].user, b, sizeof b));
        if (l > wu)
            wu = l;
    }
    fprintf(o, "\nSLURM jobs by user, GA4HPC's figures (cluster '%s', %s):\n",
            safe(d->cluster->name[0] ? d->cluster->name : "unnamed", b, sizeof b),
            d->cluster->file);
    fprintf(o, "%-*s  %5s  %6s  %10s  %10s  %10s  %8s  %9s  %10s  %10s  %10s  %10s\n", wu, "user",
            "jobs", "failed", "energy kWh", "CO2e g", "CPU core-h", "GPU h", "mem alloc",
            "failed kWh", "failed g", "MaxRSS kWh", "MaxRSS g");
    for (size_t i = 0; i < h->nusers; i++)
        row(o, safe(h->users[i].user, b, sizeof b), &h->users[i], wu);
    row(o, "total", &h->total, wu);
    fprintf(o, "jobs by state:");
    for (int s = 0; s < GT_SLURM_RUNNING; s++)
        fprintf(o, "%s %ld %s", s ? "," : "", h->total.state[s],
                gt_slurm_state_name((enum gt_slurm_state)s));
    if (d->napart) {
        fprintf(o, "; counted apart (not in the totals):");
        for (size_t i = 0; i < d->napart; i++)
            fprintf(o, "%s %ld %s", i ? "," : "", d->apart_jobs[i], d->apart_what[i]);
    }
    fputc('\n', o);
    fprintf(o, "failed = every state but completed (as GA4HPC); mem alloc = mean of requested / "
               "needed memory; MaxRSS = the variant on memory needed\n");
    char m[1200];
    fprintf(o, "%s\n", gt_slurm_method_text(d->cluster, m, sizeof m));
    for (size_t i = 0; i < d->nnotes; i++)
        fprintf(o, "  %s\n", d->notes[i]);
    return ferror(o) ? -1 : 0;
}

static cJSON *user_json(const struct gt_slurm_user *u)
{
    cJSON *j = cJSON_CreateObject();
    if (!j)
        return NULL;
    cJSON_AddItemToObject(j, "user", gt_out_json_string(u->user));
    cJSON_AddNumberToObject(j, "jobs", (double)u->jobs);
    cJSON *st = cJSON_AddObjectToObject(j, "jobs_by_state");
    for (int s = 0; st && s < GT_SLURM_RUNNING; s++)
        cJSON_AddNumberToObject(st, gt_slurm_state_name((enum gt_slurm_state)s),
                                (double)u->state[s]);
    cJSON_AddNumberToObject(j, "jobs_failed", (double)failed(u));
    gt_out_json_num(j, "energy_kwh", u->energy_kwh);
    gt_out_json_num(j, "co2e_g", u->co2e_g);
    gt_out_json_num(j, "cpu_core_h", u->cpu_core_h);
    gt_out_json_num(j, "cpu_core_h_charged", u->cpu_core_h_charged);
    gt_out_json_num(j, "gpu_h", u->gpu_h);
    gt_out_json_num(j, "memory_overallocation_mean",
                    u->overallocation_n ? u->overallocation_sum / (double)u->overallocation_n
                                        : NAN);
    gt_out_json_num(j, "failed_energy_kwh", u->failed_kwh);
    gt_out_json_num(j, "failed_co2e_g", u->failed_co2e_g);
    gt_out_json_num(j, "energy_kwh_maxrss", u->energy_maxrss_kwh);
    gt_out_json_num(j, "co2e_g_maxrss", u->co2e_maxrss_g);
    return j;
}

cJSON *gt_slurm_json(const struct gt_slurm_doc *d)
{
    const struct gt_slurm_headline *h = d->h;
    const struct gt_cluster *c = d->cluster;
    cJSON *j = cJSON_CreateObject();
    if (!j)
        return NULL;
    cJSON *cl = cJSON_AddObjectToObject(j, "cluster");
    if (cl) {
        cJSON_AddItemToObject(cl, "name", gt_out_json_string(c->name));
        cJSON_AddItemToObject(cl, "file", gt_out_json_string(c->file));
        gt_out_json_num(cl, "pue", c->pue);
        gt_out_json_num(cl, "ci_g_per_kwh", c->ci_g_per_kwh);
        gt_out_json_num(cl, "memory_w_per_gb", c->mem_w_per_gb);
        gt_out_json_num(cl, "memory_granularity_gb", c->granularity_gb);
        gt_out_json_num(cl, "node_static_w", c->node_static_w);
        cJSON *ps = cJSON_AddArrayToObject(cl, "partitions");
        for (size_t i = 0; ps && i < c->nparts; i++) {
            const struct gt_cluster_part *p = &c->parts[i];
            cJSON *pj = cJSON_CreateObject();
            if (!pj)
                break;
            cJSON_AddItemToObject(pj, "name", gt_out_json_string(p->name));
            cJSON_AddItemToObject(pj, "cpu_model", gt_out_json_string(p->cpu_model));
            gt_out_json_num(pj, "cpu_w_per_core", p->cpu_w_per_core);
            cJSON_AddItemToObject(pj, "gpu_model", gt_out_json_string(p->gpu_model));
            gt_out_json_num(pj, "gpu_w", p->gpu_w);
            cJSON_AddItemToArray(ps, pj);
        }
    }
    char m[1200];
    cJSON_AddStringToObject(j, "method", gt_slurm_method_text(c, m, sizeof m));
    cJSON *notes = cJSON_AddArrayToObject(j, "constants");
    for (size_t i = 0; notes && i < d->nnotes; i++)
        cJSON_AddItemToArray(notes, cJSON_CreateString(d->notes[i]));
    cJSON *us = cJSON_AddArrayToObject(j, "users");
    for (size_t i = 0; us && i < h->nusers; i++)
        cJSON_AddItemToArray(us, user_json(&h->users[i]));
    cJSON_AddItemToObject(j, "total", user_json(&h->total));
    cJSON *ap = cJSON_AddObjectToObject(j, "jobs_counted_apart");
    for (size_t i = 0; ap && i < d->napart; i++)
        cJSON_AddNumberToObject(ap, d->apart_what[i], (double)d->apart_jobs[i]);
    return j;
}
