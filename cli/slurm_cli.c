/* slurm_cli.c - the cluster description for SLURM accounting input:
 * `--cluster FILE`, or the built-in one, with every number the file leaves
 * out (a CPU or GPU named by model, PUE, carbon intensity from a location,
 * memory power) resolved in the hwdb. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_slurm_cli.h"

static void on_warn(void *ud, long line, const char *msg)
{
    const char *file = ud;
    fprintf(stderr, "%s:%ld: warning: %s\n", file, line, msg);
}

/* where a model comes from, for messages: "partition 'cpu' of 'c.yaml' (line 4)" */
static char where[GT_SLURM_STR + 256 + 64];

static int cpu_w(const struct gt_hwdb *db, const char *model, double *w, char *src, size_t n)
{
    struct gt_hw_match m;
    struct gt_error err = {0};
    if (gt_hwdb_find_cpu(db, model, &m, &err) != GT_OK)
        return gt_fail(GT_EXIT_DATA, "%s: %s", where, err.msg);
    const struct gt_hw_cpu *c = &db->cpus.v[m.index];
    *w = c->tdp_per_core_w;
    if (isnan(*w) && !isnan(c->tdp_w) && !isnan(c->cores) && c->cores > 0)
        *w = c->tdp_w / c->cores;
    if (isnan(*w))
        return gt_fail(GT_EXIT_DATA, "no TDP for cpu '%s' in the hwdb", model);
    snprintf(src, n, "%s: %s", c->model, c->source);
    return 0;
}

static int gpu_w(const struct gt_hwdb *db, const char *model, double *w, char *src, size_t n)
{
    struct gt_hw_match m;
    struct gt_error err = {0};
    if (gt_hwdb_find_gpu(db, model, &m, &err) != GT_OK)
        return gt_fail(GT_EXIT_DATA, "%s: %s", where, err.msg);
    const struct gt_hw_gpu *g = &db->gpus.v[m.index];
    if (isnan(g->tdp_w))
        return gt_fail(GT_EXIT_DATA, "no TDP for gpu '%s' in the hwdb", model);
    *w = g->tdp_w;
    snprintf(src, n, "%s: %s", g->model, g->source);
    return 0;
}

static void note(struct gt_slurm_cli *s, const char *fmt, const char *a, double v, const char *src)
{
    if (s->nnotes >= GT_SLURM_CLI_NOTES)
        return;
    snprintf(s->notes[s->nnotes++], sizeof s->notes[0], fmt, a, v, src);
}

int gt_slurm_cli_load(const struct gt_args *a, struct gt_slurm_cli *s)
{
    memset(s, 0, sizeof *s);
    s->cluster = malloc(sizeof *s->cluster);
    if (!s->cluster)
        return gt_fail(GT_EXIT_DATA, "out of memory");
    struct gt_cluster *c = s->cluster;
    gt_cluster_init(c);
    const char *path = gt_arg(a, "cluster");
    struct gt_error err = {0};
    if (path) {
        char *data;
        size_t len;
        if (gt_read_file(path, &data, &len, &err) != GT_OK)
            return gt_fail_err(&err);
        enum gt_status st = gt_cluster_parse(data, len, path, c, on_warn, (void *)path, &err);
        free(data);
        if (st != GT_OK)
            return gt_fail_err(&err);
    } else {
        /* the built-in cluster: Green Algorithms' defaults for unknown hardware */
        snprintf(c->file, sizeof c->file, "the built-in cluster (no --cluster)");
        snprintf(c->name, sizeof c->name, "default");
        c->nparts = 1;
        c->any_partition = 1;
        struct gt_cluster_part *p = &c->parts[0];
        memset(p, 0, sizeof *p);
        snprintf(p->name, sizeof p->name, "default");
        snprintf(p->cpu_model, sizeof p->cpu_model, "Any");
        p->cpu_w_per_core = p->gpu_w = p->cores_per_node = p->mem_per_node_gb = NAN;
    }
    int given;
    double w;
    int rc = gt_opt_number(a, "node-static-w", &w, &given);
    if (rc)
        return rc;
    if (given) {
        if (w < 0)
            return gt_fail(GT_EXIT_USAGE, "--node-static-w must be >= 0, got '%s'",
                           gt_arg(a, "node-static-w"));
        c->node_static_w = w;
    }
    struct gt_hwdb db;
    if (gt_load_hwdb(&db, a, &err) != GT_OK) {
        gt_hwdb_release(&db);
        return gt_fail_err(&err);
    }
    char src[600];
    rc = 0;
    for (size_t i = 0; i < c->nparts && !rc; i++) {
        struct gt_cluster_part *p = &c->parts[i];
        if (p->line > 0)
            snprintf(where, sizeof where, "partition '%s' of '%s' (line %ld)", p->name, c->file,
                     p->line);
        else
            snprintf(where, sizeof where, "partition '%s' of %s", p->name, c->file);
        if (isnan(p->cpu_w_per_core) && !p->cpu_model[0] && p->gpu_type) {
            /* GA4HPC's own template has GPU partitions without TDP_CPU */
            char msg[GT_SLURM_STR + 200];
            snprintf(msg, sizeof msg,
                     "GPU partition '%s' has neither TDP_CPU nor model_CPU; its CPU cores "
                     "count as Green Algorithms' unknown CPU ('Any')",
                     p->name);
            on_warn(c->file, p->line, msg);
            snprintf(p->cpu_model, sizeof p->cpu_model, "Any");
        }
        if (isnan(p->cpu_w_per_core)) {
            if (!p->cpu_model[0]) {
                rc = gt_fail(GT_EXIT_DATA,
                             "partition '%s' in '%s' (line %ld) has neither cpu_w_per_core nor "
                             "cpu_model",
                             p->name, c->file, p->line);
                break;
            }
            if ((rc = cpu_w(&db, p->cpu_model, &p->cpu_w_per_core, src, sizeof src)) != 0)
                break;
            note(s, "partition '%s': %.4g W per core from the hwdb (%s)", p->name,
                 p->cpu_w_per_core, src);
        }
        if (isnan(p->gpu_w) && p->gpu_model[0]) {
            if ((rc = gpu_w(&db, p->gpu_model, &p->gpu_w, src, sizeof src)) != 0)
                break;
            note(s, "partition '%s': %.4g W per GPU from the hwdb (%s)", p->name, p->gpu_w, src);
        }
    }
    snprintf(where, sizeof where, "the default GPU");
    if (!rc && (rc = gpu_w(&db, "Any", &s->opts.default_gpu_w, src, sizeof src)) == 0)
        note(s, "GPUs on a partition without GPU power: %s%.4g W (%s)", "", s->opts.default_gpu_w,
             src);
    if (!rc && isnan(c->mem_w_per_gb)) {
        const struct gt_hw_constant *k = gt_hwdb_constant(&db, "memory_power");
        if (!k)
            rc = gt_fail(GT_EXIT_DATA, "the hwdb has no constant 'memory_power'");
        else {
            c->mem_w_per_gb = k->value;
            note(s, "memory: %s%.4g W/GB (%s)", "", k->value, k->source);
        }
    }
    if (!rc && isnan(c->pue)) {
        size_t idx;
        if (gt_hwdb_find_provider(&db, "unknown", &idx, &err) != GT_OK)
            rc = gt_fail_err(&err);
        else {
            c->pue = db.providers.v[idx].pue;
            note(s, "PUE: %s%.4g, unknown data centre (%s)", "", c->pue,
                 db.providers.v[idx].source);
        }
    }
    if (!rc && isnan(c->ci_g_per_kwh)) {
        size_t idx;
        const char *loc = c->location[0] ? c->location : "WORLD";
        if (gt_hwdb_find_location(&db, loc, NULL, &idx, &err) != GT_OK)
            rc = gt_fail_err(&err);
        else {
            const struct gt_hw_location *l = &db.locations.v[idx];
            c->ci_g_per_kwh = l->ci_g_per_kwh;
            note(s, "carbon intensity: %s %.4g g/kWh (%s)", l->code, l->ci_g_per_kwh, l->source);
        }
    }
    gt_hwdb_release(&db);
    s->opts.cluster = c;
    return rc;
}

void gt_slurm_cli_release(struct gt_slurm_cli *s)
{
    free(s->cluster);
    memset(s, 0, sizeof *s);
}
