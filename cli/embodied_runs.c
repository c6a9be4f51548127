/* embodied_runs.c - --embodied for summary and report: each kept run's
 * share of the embodied emissions of the hardware it names (its GPUs, one
 * CPU package), over the hardware's lifetime. */
#include <math.h>
#include <string.h>

#include "gt_apriori.h"
#include "gt_embodied_run.h"

int gt_embodied_opts(const struct gt_args *a, const struct gt_hwdb *db, int others,
                     const char *names, int *given, double *life, const char **life_source,
                     double *util)
{
    int has_life, has_util, rc;
    *given = 0;
    *util = 1;
    if ((rc = gt_opt_number(a, "lifetime", life, &has_life)) ||
        (rc = gt_opt_number(a, "hw-utilization", util, &has_util)))
        return rc;
    if (!gt_arg_flag(a, "embodied")) {
        if (has_life || has_util || others)
            return gt_fail(GT_EXIT_USAGE, "%s need --embodied", names);
        return 0;
    }
    if (has_util && !(*util > 0 && *util <= 1))
        return gt_fail(GT_EXIT_DATA, "--hw-utilization must be in (0, 1], got '%s'",
                       gt_arg(a, "hw-utilization"));
    if (has_life && !(*life > 0))
        return gt_fail(GT_EXIT_DATA, "--lifetime must be a number of years > 0, got '%s'",
                       gt_arg(a, "lifetime"));
    *given = 1;
    if (has_life) {
        *life_source = "user (--lifetime)";
    } else {
        const struct gt_hw_constant *c = gt_hwdb_constant(db, "embodied_lifetime");
        if (!c)
            return gt_fail(GT_EXIT_DATA, "hwdb constant 'embodied_lifetime' is missing");
        *life = c->value;
        *life_source = c->source;
    }
    return 0;
}

int gt_embodied_runs(const struct gt_args *a, const struct gt_hwdb *db,
                     const struct gt_agg_result *res, struct gt_embodied_sum *out)
{
    memset(out, 0, sizeof *out);
    double life = 0, util = 1;
    int rc = gt_embodied_opts(a, db, 0, "--lifetime and --hw-utilization", &out->given, &life,
                              &out->lifetime_source, &util);
    if (rc || !out->given)
        return rc;
    out->lifetime_years = life;
    out->utilization = util;
    for (size_t i = 0; i < res->nruns; i++) {
        struct gt_run_rec rb;
        const struct gt_record *r = gt_agg_run_record(&res->runs[i], &rb);
        int gpu = (r->gpu_model && *r->gpu_model) || (!isnan(r->gpu_count) && r->gpu_count > 0);
        int cpu = r->cpu_model && *r->cpu_model;
        if (!gpu && !cpu) {
            out->runs_no_hw++;
            continue;
        }
        if (isnan(r->duration_s) || r->duration_s < 0) {
            out->runs_no_duration++;
            continue;
        }
        double h = r->duration_s / 3600.0, g = 0;
        struct gt_error err = {0};
        struct gt_hw_match m;
        int def = 1;
        out->runs++;
        out->hours += h;
        if (gpu) {
            double n = !isnan(r->gpu_count) && r->gpu_count > 0 ? r->gpu_count : 1;
            const char *fam = NULL;
            if (r->gpu_model && *r->gpu_model &&
                gt_hwdb_find_gpu(db, r->gpu_model, &m, &err) == GT_OK)
                fam = db->gpus.v[m.index].family;
            const struct gt_hw_embodied *e = gt_hwdb_find_embodied(db, "gpu", fam, &def);
            if (!e)
                return gt_fail(GT_EXIT_DATA, "hwdb has no embodied figure for 'gpu'");
            if (gt_embodied_share(e->kgco2e, n, h, life, util, &g, &err) != GT_OK)
                return gt_fail(GT_EXIT_DATA, "%s", err.msg);
            out->gpu_g += g;
            out->class_defaults += def;
            out->gpu_source = e->source;
        }
        if (cpu) {
            const char *model = NULL;
            if (gt_hwdb_find_cpu(db, r->cpu_model, &m, &err) == GT_OK)
                model = db->cpus.v[m.index].model;
            const struct gt_hw_embodied *e = gt_hwdb_find_embodied(db, "cpu", model, &def);
            if (!e)
                return gt_fail(GT_EXIT_DATA, "hwdb has no embodied figure for 'cpu'");
            if (gt_embodied_share(e->kgco2e, 1, h, life, util, &g, &err) != GT_OK)
                return gt_fail(GT_EXIT_DATA, "%s", err.msg);
            out->cpu_g += g;
            out->class_defaults += def;
            out->cpu_source = e->source;
        }
    }
    out->g = out->gpu_g + out->cpu_g;
    return 0;
}
