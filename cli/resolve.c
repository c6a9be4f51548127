#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "gt_ci_cli.h"
#include "gt_duration.h"
#include "gt_num.h"
#include "gt_record.h"
#include "gt_resolve.h"
#include "gt_unc.h"
#include "gt_time.h"

#define note gt_resolve_note

void gt_resolve_set(struct gt_resolved *x, const char *source, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(x->what, sizeof x->what, fmt, ap);
    va_end(ap);
    snprintf(x->source, sizeof x->source, "%s", source);
}

void gt_resolve_note(struct gt_estimate_report *r, const char *fmt, ...)
{
    if (r->nnotes >= GT_MAX_NOTES)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->notes[r->nnotes++], sizeof r->notes[0], fmt, ap);
    va_end(ap);
}

static const char *g(double v, char *buf)
{
    return gt_num_fmt(v, buf, 32);
}

static int data_err(const struct gt_error *e)
{
    return gt_fail_err(e);
}

static int resolve_cpu(const struct gt_args *a, const struct gt_hwdb *db,
                       struct gt_estimate_report *r)
{
    double cores = 0, per_core = 0, chip = 0, usage = 1;
    int has_cores, has_pc, has_chip, has_usage, rc;
    char b1[32], b2[32], b3[32];
    if ((rc = gt_opt_number(a, "cores", &cores, &has_cores)) ||
        (rc = gt_opt_number(a, "cpu-tdp-per-core", &per_core, &has_pc)) ||
        (rc = gt_opt_number(a, "cpu-tdp", &chip, &has_chip)) ||
        (rc = gt_opt_number(a, "cpu-usage", &usage, &has_usage)))
        return rc;
    if (has_pc && has_chip)
        return gt_fail(GT_EXIT_USAGE, "give --cpu-tdp-per-core or --cpu-tdp, not both");
    if (has_cores && !(cores > 0 && cores <= GT_MAX_COUNT))
        return gt_fail(GT_EXIT_DATA, "--cores must be between 0 and %g, got '%s'", GT_MAX_COUNT,
                       gt_arg(a, "cores"));
    r->cpu_query = gt_arg(a, "cpu");
    struct gt_error err = {0};
    double logged_tdp = NAN; /* eco2ai's TDP, when the hwdb lacks the CPU */
    if (r->cpu_query) {
        struct gt_hw_devices d;
        gt_hwdb_parse_devices(db, 0, r->cpu_query, &d);
        if (d.n == 0) {
            note(r, "--cpu '%s' names no CPU model", r->cpu_query);
            r->cpu_query = NULL;
        } else if (d.n > 1) {
            return gt_fail(GT_EXIT_DATA, "--cpu '%s' names %zu CPU models: give one", r->cpu_query,
                           d.n);
        } else {
            struct gt_hw_match m;
            if (gt_hwdb_find_cpu(db, d.dev[0].name, &m, &err) == GT_OK) {
                r->cpu = &db->cpus.v[m.index];
            } else if (!isnan(d.logged_tdp_w) && !has_pc && !has_chip) {
                double ndev = isnan(d.dev[0].count) ? 1 : d.dev[0].count;
                logged_tdp = d.logged_tdp_w * ndev;
                note(r, "cpu '%s' is not in the hwdb: using the TDP %s logged with it",
                     d.dev[0].name, d.format ? d.format : "the tracker");
            } else {
                return data_err(&err);
            }
        }
    }
    if (!isnan(logged_tdp)) {
        if (!has_cores)
            return gt_fail(GT_EXIT_USAGE,
                           "--cores is needed: how many CPU cores the job used (the hwdb does not "
                           "know this CPU)");
        per_core = logged_tdp / cores;
        gt_resolve_set(&r->cpu_tdp, "the TDP as logged with the CPU name (eco2ai)",
                       "%s W as logged / %s cores = %.4g W per core (the job used the whole chip)",
                       g(logged_tdp, b1), g(cores, b2), per_core);
        has_pc = 1;
    } else if (r->cpu_query) {
        /* found above */
    } else if (!has_pc && !has_chip && has_cores) {
        struct gt_hw_match m;
        if (gt_hwdb_find_cpu(db, "Any", &m, &err) != GT_OK)
            return data_err(&err);
        r->cpu = &db->cpus.v[m.index];
        note(r, "no --cpu: using Green Algorithms' 'Any' CPU (%s W per core)",
             g(r->cpu->tdp_per_core_w, b1));
    }
    if (!r->cpu && !has_pc && !has_chip) {
        if (has_usage)
            return gt_fail(GT_EXIT_USAGE, "--cpu-usage needs a CPU (--cpu, --cores)");
        note(r, "no CPU given: CPU power not counted");
        gt_resolve_set(&r->cpu_tdp, "", "none");
        return 0;
    }
    /* cores used */
    if (!has_cores) {
        if (r->cpu && !isnan(r->cpu->cores)) {
            cores = r->cpu->cores;
            note(r, "no --cores: assuming all %s cores of the %s", g(cores, b1), r->cpu->model);
        } else {
            return gt_fail(GT_EXIT_USAGE, "--cores is needed: how many CPU cores the job used");
        }
    }
    if (!isnan(logged_tdp)) {
        /* set above */
    } else if (has_pc) {
        gt_resolve_set(&r->cpu_tdp, "user (--cpu-tdp-per-core)",
                       "%s W per core (--cpu-tdp-per-core)", g(per_core, b1));
    } else if (has_chip) {
        double chip_cores = r->cpu && !isnan(r->cpu->cores) ? r->cpu->cores : cores;
        per_core = chip / chip_cores;
        if (!(r->cpu && !isnan(r->cpu->cores)))
            note(r,
                 "--cpu-tdp without a known core count: assuming the job used the whole chip "
                 "(%s cores)",
                 g(chip_cores, b1));
        gt_resolve_set(&r->cpu_tdp, "user (--cpu-tdp)",
                       "%s W / %s cores = %s W per core (--cpu-tdp)", g(chip, b1),
                       g(chip_cores, b2), g(per_core, b3));
    } else {
        const struct gt_hw_cpu *c = r->cpu;
        if (isnan(c->tdp_per_core_w))
            return gt_fail(GT_EXIT_DATA,
                           "cpu '%s' has no TDP per core in the hwdb (no TDP or no core count; row "
                           "source: %s); give --cpu-tdp "
                           "or --cpu-tdp-per-core",
                           c->model, c->source);
        per_core = c->tdp_per_core_w;
        if (c->tdp_per_core_given && !isnan(c->tdp_w) && !isnan(c->cores))
            gt_resolve_set(&r->cpu_tdp, c->source,
                           "%s: %s W / %s cores, %s W per core as Green Algorithms "
                           "rounds it",
                           c->model, g(c->tdp_w, b1), g(c->cores, b2), g(per_core, b3));
        else if (c->tdp_per_core_given)
            gt_resolve_set(&r->cpu_tdp, c->source, "%s: %s W per core", c->model, g(per_core, b3));
        else
            gt_resolve_set(&r->cpu_tdp, c->source, "%s: %s W / %s cores = %.4g W per core",
                           c->model, g(c->tdp_w, b1), g(c->cores, b2), per_core);
    }
    if (has_cores && r->cpu && !isnan(r->cpu->cores) && cores > r->cpu->cores)
        gt_warn("--cores %s is more than the %s cores of '%s' (several sockets?)", g(cores, b1),
                g(r->cpu->cores, b2), r->cpu->model);
    if (r->cpu && !isnan(r->cpu->cores) && cores > r->cpu->cores &&
        (!isnan(r->cpu->threads) ? cores > r->cpu->threads : 1))
        note(r, "%s cores used but one %s has %s cores: several sockets?", g(cores, b1),
             r->cpu->model, g(r->cpu->cores, b2));
    r->in.n_cores = cores;
    r->in.cpu_tdp_per_core_w = per_core;
    r->in.cpu_usage = usage;
    return 0;
}

/* Mixed GPUs ("1 x RTX 4060" glued to "1 x RTX 3080 Ti", as CodeCarbon logs
 * them): the power is the sum over the models, given as the total count and
 * the count-weighted mean TDP, which multiply back to the same sum. */
static int resolve_mixed(const struct gt_hwdb *db, const struct gt_hw_devices *d, int has_n,
                         double *n, struct gt_estimate_report *r)
{
    char b1[32], b2[32], b3[32];
    double total = 0, watts = 0;
    char what[256] = "", source[768] = "";
    size_t wn = 0, sn = 0;
    for (size_t i = 0; i < d->n; i++) {
        struct gt_hw_match m;
        struct gt_error err = {0};
        if (gt_hwdb_find_gpu(db, d->dev[i].name, &m, &err) != GT_OK)
            return data_err(&err);
        const struct gt_hw_gpu *row = &db->gpus.v[m.index];
        if (isnan(row->tdp_w))
            return gt_fail(GT_EXIT_DATA, "gpu '%s' has no TDP in the hwdb", row->model);
        double c = isnan(d->dev[i].count) ? 1 : d->dev[i].count;
        total += c;
        watts += c * row->tdp_w;
        int w = snprintf(what + wn, sizeof what - wn, "%s%s x %s (%s W)", i ? " + " : "", g(c, b1),
                         row->model, g(row->tdp_w, b2));
        if (w > 0 && (size_t)w < sizeof what - wn)
            wn += (size_t)w;
        w = snprintf(source + sn, sizeof source - sn, "%s%s: %s", i ? "; " : "", row->model,
                     row->source);
        if (w > 0 && (size_t)w < sizeof source - sn)
            sn += (size_t)w;
    }
    if (has_n && *n != total)
        return gt_fail(GT_EXIT_USAGE, "--gpus %s disagrees with --gpu '%s', which counts %s GPUs",
                       g(*n, b1), r->gpu_query, g(total, b2));
    *n = total;
    r->in.gpu_tdp_w = watts / total;
    snprintf(r->gpu_tdp.source, sizeof r->gpu_tdp.source, "%s", source);
    snprintf(r->gpu_tdp.what, sizeof r->gpu_tdp.what,
             "mixed GPUs: %.180s = %s W over %s GPUs, %s W per GPU", what, g(watts, b1),
             g(total, b2), g(watts / total, b3));
    note(r, "--gpu names %zu GPU models: their TDPs are added up", d->n);
    return 0;
}

static int resolve_gpu(const struct gt_args *a, const struct gt_hwdb *db,
                       struct gt_estimate_report *r)
{
    double n = 0, tdp = 0, usage = 1, power = 0, idle = 0;
    int has_n, has_tdp, has_usage, has_power, has_idle, rc;
    char b1[32], b2[32];
    if ((rc = gt_opt_number(a, "gpus", &n, &has_n)) ||
        (rc = gt_opt_number(a, "gpu-tdp", &tdp, &has_tdp)) ||
        (rc = gt_opt_number(a, "gpu-usage", &usage, &has_usage)) ||
        (rc = gt_opt_number(a, "gpu-power", &power, &has_power)) ||
        (rc = gt_opt_number(a, "gpu-idle", &idle, &has_idle)))
        return rc;
    if (has_idle && !has_power)
        return gt_fail(GT_EXIT_USAGE, "--gpu-idle needs --gpu-power (measured mode)");
    if (has_power && (has_tdp || has_usage))
        return gt_fail(GT_EXIT_USAGE,
                       "--gpu-power (measured mode) replaces --gpu-tdp and --gpu-usage");
    if (has_n && !(n >= 0 && n <= GT_MAX_COUNT))
        return gt_fail(GT_EXIT_DATA, "--gpus must be between 0 and %g, got '%s'", GT_MAX_COUNT,
                       gt_arg(a, "gpus"));
    r->gpu_query = gt_arg(a, "gpu");
    struct gt_error err = {0};
    int mixed = 0;
    if (r->gpu_query) {
        struct gt_hw_devices d;
        gt_hwdb_parse_devices(db, 1, r->gpu_query, &d);
        if (d.n == 0) {
            if (has_n && n > 0)
                return gt_fail(GT_EXIT_USAGE, "--gpu '%s' names no GPU, but --gpus is %s",
                               r->gpu_query, g(n, b1));
            note(r, "--gpu '%s' names no GPU: GPU power not counted", r->gpu_query);
            r->gpu_query = NULL;
        } else if (d.n == 1) {
            struct gt_hw_match m;
            if (gt_hwdb_find_gpu(db, d.dev[0].name, &m, &err) != GT_OK)
                return data_err(&err);
            r->gpu = &db->gpus.v[m.index];
            if (!isnan(d.dev[0].count) && !has_n) {
                n = d.dev[0].count;
                has_n = 1;
                note(r, "%s GPU%s, as --gpu says", g(n, b1), n == 1 ? "" : "s");
            }
        } else {
            if ((rc = resolve_mixed(db, &d, has_n, &n, r)))
                return rc;
            if (has_tdp || has_power)
                return gt_fail(GT_EXIT_USAGE,
                               "--gpu '%s' names several models: --gpu-tdp and --gpu-power "
                               "apply to one",
                               r->gpu_query);
            mixed = 1;
            has_n = 1;
            tdp = r->in.gpu_tdp_w;
        }
    }
    int any = r->gpu || mixed || has_tdp || has_power || (has_n && n > 0);
    if (!any) {
        if (has_usage)
            return gt_fail(GT_EXIT_USAGE, "--gpu-usage needs a GPU (--gpu, --gpus)");
        gt_resolve_set(&r->gpu_tdp, "", "none");
        return 0;
    }
    if (!has_n) {
        n = 1;
        note(r, "no --gpus: assuming 1 GPU");
    }
    if (has_power) {
        r->in.gpu_mode = GT_GPU_MEASURED;
        r->in.gpu_power_w = power;
        r->in.gpu_idle_w = idle;
        if (!has_idle)
            note(r, "no --gpu-idle: nothing subtracted from the measured GPU power");
        if (power < idle)
            note(r, "measured GPU power %s W is below its idle power %s W: GPU counted as 0 W",
                 g(power, b1), g(idle, b2));
        gt_resolve_set(
            &r->gpu_tdp,
            "user (--gpu-power, --gpu-idle); method: Lemmers & Lefevre, energy tracker for shared "
            "servers",
            "%s%smeasured %s W - idle %s W per GPU", r->gpu ? r->gpu->model : "",
            r->gpu ? ": " : "", g(power, b1), g(idle, b2));
    } else if (mixed) {
        /* set by resolve_mixed */
    } else if (has_tdp) {
        gt_resolve_set(&r->gpu_tdp, "user (--gpu-tdp)", "%s W per GPU (--gpu-tdp)", g(tdp, b1));
    } else {
        if (!r->gpu) {
            struct gt_hw_match m;
            if (gt_hwdb_find_gpu(db, "Any", &m, &err) != GT_OK)
                return data_err(&err);
            r->gpu = &db->gpus.v[m.index];
            note(r, "no --gpu: using Green Algorithms' 'Any' GPU (%s W)", g(r->gpu->tdp_w, b1));
        }
        if (isnan(r->gpu->tdp_w))
            return gt_fail(GT_EXIT_DATA, "gpu '%s' has no TDP in the hwdb; give --gpu-tdp",
                           r->gpu->model);
        tdp = r->gpu->tdp_w;
        gt_resolve_set(&r->gpu_tdp, r->gpu->source, "%s: %s W", r->gpu->model, g(tdp, b1));
    }
    r->in.n_gpus = n;
    r->in.gpu_tdp_w = tdp;
    r->in.gpu_usage = usage;
    return 0;
}

/* --ci-series with --start: the series' time-weighted mean over the run
 * replaces the static intensity where the series covers the run. */
static int resolve_series(const struct gt_args *a, struct gt_estimate_report *r,
                          struct gt_estimate_extra *x)
{
    const char *st = gt_arg(a, "start");
    int best = gt_arg_flag(a, "best-start");
    struct gt_ci_opt ci;
    int rc = gt_ci_opt_load(a, &ci);
    if (rc)
        return rc;
    if (!ci.given) {
        if (best)
            return gt_fail(GT_EXIT_USAGE, "--best-start needs --ci-series FILE");
        if (st)
            return gt_fail(GT_EXIT_USAGE, "--start is only used with --ci-series");
        return 0;
    }
    enum gt_tz tz = GT_TZ_NONE;
    double t0 = 0;
    if (!st && best && x) {
        t0 = (double)time(NULL);
        x->best.ref_is_now = 1;
    } else if (!st) {
        gt_ci_opt_release(&ci);
        return gt_fail(GT_EXIT_USAGE,
                       "--ci-series needs --start: when the run started (ISO 8601 with Z or an "
                       "offset, e.g. 2024-03-31T08:00:00+02:00)");
    }
    if (st && (gt_time_parse(st, strlen(st), &t0, &tz) != 0 || tz != GT_TZ_UTC)) {
        gt_ci_opt_release(&ci);
        return gt_fail(GT_EXIT_USAGE,
                       tz == GT_TZ_LOCAL
                           ? "--start '%s' has no zone: add Z (UTC) or an offset such as +02:00"
                           : "cannot parse --start '%s' (ISO 8601 with Z or an offset, e.g. "
                             "2024-03-31T08:00:00+02:00)",
                       st);
    }
    char b1[32], b2[32], b3[32], ta[40], tb[40];
    const struct gt_ci_series *s = &ci.series;
    struct gt_ci_avg avg;
    double t1 = t0 + r->runtime_s;
    gt_ci_series_average(s, t0, t1, ci.interp, &avg);
    r->ci_series_file = ci.file;
    r->ci_interp = gt_ci_interp_name(ci.interp);
    r->start = t0;
    r->ci_static = r->in.ci_g_per_kwh;
    r->ci_series_coverage = avg.coverage;
    r->ci_series_mean = avg.mean;
    gt_ci_span(s, r->ci_series_span, sizeof r->ci_series_span);
    char source[700];
    snprintf(source, sizeof source, "--ci-series %s (%s%s%s%s%s)", ci.file, s->format,
             s->zone[0] ? ", zone " : "", s->zone, s->detail[0] ? "; " : "", s->detail);
    gt_time_fmt(t0, 1, ta, sizeof ta);
    gt_time_fmt(t1, 1, tb, sizeof tb);
    double fixed = r->in.ci_g_per_kwh;
    if (isnan(avg.mean)) {
        note(r, "the run (%s to %s) is outside --ci-series (%s): the static intensity is used", ta,
             tb, r->ci_series_span);
    } else if (avg.coverage < 1) {
        double v = avg.coverage * avg.mean + (1 - avg.coverage) * fixed;
        gt_resolve_set(
            &r->ci, source,
            "%.6g gCO2e/kWh: the series covers %.4g %% of %s to %s (mean %.6g, %s), the rest at %s "
            "(static)",
            v, avg.coverage * 100, ta, tb, avg.mean, r->ci_interp, g(fixed, b2));
        note(r, "--ci-series covers only %.4g %% of the run (series: %s)", avg.coverage * 100,
             r->ci_series_span);
        r->in.ci_g_per_kwh = v;
    } else {
        gt_resolve_set(&r->ci, source, "%s gCO2e/kWh: time-weighted mean from %s to %s (%s)",
                       g(avg.mean, b1), ta, tb, r->ci_interp);
        note(r, "--ci-series replaces the static intensity (%s gCO2e/kWh)", g(fixed, b3));
        r->in.ci_g_per_kwh = avg.mean;
    }
    if (best && x) {
        struct gt_error err = {0};
        x->best.given = 1;
        x->best.file = ci.file;
        if (gt_ci_best_start(s, t0, r->runtime_s, ci.interp, &x->best.b, &err) != GT_OK) {
            gt_ci_opt_release(&ci);
            return gt_fail(GT_EXIT_DATA, "--best-start: %s (series: %s)", err.msg,
                           r->ci_series_span);
        }
    }
    gt_ci_opt_release(&ci);
    return 0;
}

int gt_resolve_place(const struct gt_args *a, const struct gt_hwdb *db,
                     struct gt_estimate_report *r)
{
    r->ci_alt = NAN;
    char b1[32];
    struct gt_error err = {0};
    const char *platform = gt_arg(a, "platform");
    const char *provider = gt_arg(a, "provider");
    const char *region = gt_arg(a, "region");
    const char *dataset = gt_arg(a, "ci-dataset");
    double pue = 0, ci = 0;
    int has_pue, has_ci, rc;
    if ((rc = gt_opt_number(a, "pue", &pue, &has_pue)) ||
        (rc = gt_opt_number(a, "ci", &ci, &has_ci)))
        return rc;
    if (platform && strcmp(platform, "personal") && strcmp(platform, "local") &&
        strcmp(platform, "cloud"))
        return gt_fail(GT_EXIT_USAGE, "unknown platform '%s' (personal, local or cloud)", platform);
    /* the PUE rows 'personal' and 'unknown' that `hwdb list provider` shows
     * are platforms, not cloud providers: --provider personal is --platform
     * personal, --provider unknown --platform local */
    if (provider && (!strcasecmp(provider, "personal") || !strcasecmp(provider, "unknown"))) {
        const char *as = !strcasecmp(provider, "personal") ? "personal" : "local";
        if (platform && strcmp(platform, as))
            return gt_fail(GT_EXIT_USAGE, "--provider %s is --platform %s, not --platform %s",
                           provider, as, platform);
        if (region)
            return gt_fail(GT_EXIT_USAGE, "--region needs a cloud provider, not '%s'", provider);
        platform = as;
        provider = NULL;
    }
    if (!platform)
        platform = provider ? "cloud" : "local";
    if (provider && strcmp(platform, "cloud"))
        return gt_fail(GT_EXIT_USAGE, "--provider needs --platform cloud");
    if (region && !provider)
        return gt_fail(GT_EXIT_USAGE, "--region needs --provider");
    if (dataset) {
        int known = 0;
        for (size_t k = 0; k < db->locations.n && !known; k++)
            known = !strcasecmp(db->locations.v[k].dataset, dataset);
        if (!known)
            return gt_fail(GT_EXIT_USAGE,
                           "unknown carbon-intensity dataset '%s' (ga-v3.0 or codecarbon)",
                           dataset);
    }
    r->platform = platform;

    const struct gt_hw_cloud *cloud = NULL;
    const struct gt_hw_provider *prov = NULL;
    size_t i;
    if (provider) {
        if (gt_hwdb_find_provider(db, provider, &i, &err) != GT_OK)
            return data_err(&err);
        prov = &db->providers.v[i];
        r->provider = prov->provider;
        if (region) {
            if (gt_hwdb_find_cloud(db, prov->provider, region, &i, &err) != GT_OK)
                return data_err(&err);
            cloud = &db->clouds.v[i];
            r->region = cloud->region;
        }
    }
    /* PUE: stated (--pue, a provider's or a region's), or the unknown data
     * centre's typical value (gt_unc.h) */
    int stated = 1;
    if (has_pue) {
        gt_resolve_set(&r->pue, "user (--pue)", "%s (--pue)", g(pue, b1));
    } else if (cloud && !isnan(cloud->pue)) {
        pue = cloud->pue;
        gt_resolve_set(&r->pue, cloud->pue_source, "%s (%s %s data centre)", g(pue, b1), prov->name,
                       cloud->region);
    } else {
        const char *id = !strcmp(platform, "personal") ? "personal"
                         : prov                        ? prov->provider
                                                       : "unknown";
        if (gt_hwdb_find_provider(db, id, &i, &err) != GT_OK)
            return data_err(&err);
        const struct gt_hw_provider *p = &db->providers.v[i];
        pue = p->pue;
        stated = strcmp(p->provider, "unknown") != 0;
        if (!strcmp(platform, "cloud") && !prov)
            note(r, "cloud without --provider: using the PUE of an unknown data centre");
        if (cloud)
            note(r, "%s publishes no PUE for %s: using its default", prov->name, cloud->region);
        gt_resolve_set(&r->pue, p->source, "%s (%s%s)", g(pue, b1), p->name,
                       !strcmp(p->provider, "unknown") ? ", default for a local server" : "");
    }
    r->in.pue = pue;
    r->pue_kind = gt_unc_pue_kind(pue, stated);

    /* carbon intensity */
    const char *loc = gt_arg(a, "location");
    if (loc && cloud)
        note(r, "--location %s replaces the location of %s %s (%s)", loc, prov->name, cloud->region,
             cloud->location);
    if (!loc && cloud)
        loc = cloud->location;
    if (!loc && !has_ci) {
        loc = "WORLD";
        note(r, "no --location: using the world average (WORLD)");
    }
    if (loc) {
        if (gt_hwdb_find_location(db, loc, dataset, &i, &err) != GT_OK)
            return data_err(&err);
        r->location = &db->locations.v[i];
    }
    if (has_ci) {
        gt_resolve_set(&r->ci, "user (--ci)", "%s gCO2e/kWh (--ci)", g(ci, b1));
        if (r->location)
            note(r, "--ci replaces the carbon intensity of %s (%s gCO2e/kWh)", r->location->code,
                 g(r->location->ci_g_per_kwh, b1));
    } else {
        const struct gt_hw_location *l = r->location;
        ci = l->ci_g_per_kwh;
        char place[200];
        if (*l->region)
            snprintf(place, sizeof place, "%s, %s", l->region, l->country);
        else
            snprintf(place, sizeof place, "%s", *l->country ? l->country : "World");
        char year[16] = "";
        if (l->year)
            snprintf(year, sizeof year, "%d, ", l->year);
        gt_resolve_set(&r->ci, l->source, "%s gCO2e/kWh: %s (%s) %s%s", g(ci, b1), l->code, place,
                       year, l->dataset);
        /* the other dataset's value for the same place widens the range */
        for (size_t k = 0; k < db->locations.n; k++) {
            const struct gt_hw_location *o = &db->locations.v[k];
            if (o != l && !strcasecmp(o->code, l->code) && strcasecmp(o->dataset, l->dataset)) {
                r->ci_alt = o->ci_g_per_kwh;
                snprintf(r->ci_alt_what, sizeof r->ci_alt_what, "%s gCO2e/kWh: %s %s",
                         g(r->ci_alt, b1), o->code, o->dataset);
                break;
            }
        }
    }
    r->in.ci_g_per_kwh = ci;
    return 0;
}

int gt_resolve_estimate(const struct gt_args *a, const struct gt_hwdb *db,
                        struct gt_estimate_report *r, struct gt_estimate_extra *x)
{
    memset(r, 0, sizeof *r);
    if (x) {
        memset(x, 0, sizeof *x);
        r->extra = x;
    }
    gt_estimate_input_init(&r->in);
    gt_hwdb_version(db, r->hwdb_version, sizeof r->hwdb_version);
    for (int i = 0; a->opts[i].name && i < GT_MAX_OPTS; i++)
        if (a->val[i].set && a->origin[i][0])
            note(r, "--%s %s from %s", a->opts[i].name, a->val[i].value, a->origin[i]);
    char b1[32], b2[32], b3[32], b4[32];
    const char *rt = gt_arg(a, "runtime");
    int work = x && gt_resolve_work_given(a);
    if (!rt && !work)
        return gt_fail(GT_EXIT_USAGE, "missing --runtime (e.g. --runtime 12h30m)");
    struct gt_error err = {0};
    if (rt && gt_duration_parse(rt, strlen(rt), &r->runtime_s, &err) != GT_OK)
        return gt_fail(GT_EXIT_DATA, "--runtime: %s", err.msg);
    if (rt && !(r->runtime_s <= GT_MAX_DURATION_S))
        return gt_fail(GT_EXIT_DATA, "--runtime must be at most 100 years, got '%s'", rt);
    if (rt) {
        /* "1:30" is SLURM's MM:SS, 90 s: say so, as 1 h 30 min is a likely intent */
        size_t d1 = strspn(rt, "0123456789");
        if (d1 && rt[d1] == ':' && rt[d1 + 1 + strspn(rt + d1 + 1, "0123456789")] == '\0' &&
            strspn(rt + d1 + 1, "0123456789") > 0)
            note(r,
                 "--runtime %s is read as minutes:seconds (%g s, as SLURM writes it); for hours "
                 "and minutes write %s:00",
                 rt, r->runtime_s, rt);
    }
    r->in.runtime_h = r->runtime_s / 3600.0;

    int rc;
    if ((rc = resolve_cpu(a, db, r)) || (rc = resolve_gpu(a, db, r)))
        return rc;
    if (x && (rc = gt_resolve_work(a, db, r, x)))
        return rc;
    if (r->cpu && r->gpu && !strcmp(r->cpu->vendor, "Apple") && !strcmp(r->gpu->vendor, "Apple"))
        note(r, "Apple publishes no CPU or GPU power: both rows carry the whole chip's figure, so "
                "the chip is counted twice; give it once, as --cpu or as --gpu");

    double mem = 0, mem_power = 0;
    int has_mem, has_mp;
    if ((rc = gt_opt_number(a, "memory", &mem, &has_mem)) ||
        (rc = gt_opt_number(a, "memory-power", &mem_power, &has_mp)))
        return rc;
    if (!has_mem)
        note(r, "no --memory: memory power not counted");
    if (has_mp) {
        gt_resolve_set(&r->memory_power, "user (--memory-power)", "%s W/GB (--memory-power)",
                       g(mem_power, b1));
    } else {
        const struct gt_hw_constant *c = gt_hwdb_constant(db, "memory_power");
        if (!c)
            return gt_fail(GT_EXIT_DATA, "hwdb constant 'memory_power' is missing");
        mem_power = c->value;
        gt_resolve_set(&r->memory_power, c->source, "%s W/GB", g(mem_power, b1));
    }
    if (has_mem && !(mem >= 0 && mem <= GT_MAX_RAM_GB))
        return gt_fail(GT_EXIT_DATA, "--memory must be between 0 and %g GB, got '%s'",
                       GT_MAX_RAM_GB, gt_arg(a, "memory"));
    r->in.memory_gb = mem;
    r->in.memory_power_w_per_gb = mem_power;

    if ((rc = gt_resolve_place(a, db, r)) || (rc = resolve_series(a, r, x)))
        return rc;

    double psf = 1;
    int has_psf;
    if ((rc = gt_opt_number(a, "psf", &psf, &has_psf)))
        return rc;
    if (has_psf)
        gt_resolve_set(&r->psf, "user (--psf)", "%s (--psf)", g(psf, b1));
    else
        gt_resolve_set(&r->psf, "Green Algorithms default multiplicative factor", "1 (default)");
    r->in.psf = psf;

    double nw = 0, ncores = NAN;
    int has_nw, has_nc;
    if ((rc = gt_opt_number(a, "node-static-w", &nw, &has_nw)) ||
        (rc = gt_opt_number(a, "node-cores", &ncores, &has_nc)))
        return rc;
    if (has_nc && !has_nw)
        return gt_fail(GT_EXIT_USAGE, "--node-cores needs --node-static-w");
    if (has_nc && (ncores <= 0 || r->in.n_cores > ncores))
        return gt_fail(GT_EXIT_USAGE, "--node-cores must be > 0 and >= --cores, got '%s'",
                       gt_arg(a, "node-cores"));
    r->in.node_static_w = nw;
    r->in.node_share = has_nc ? r->in.n_cores / ncores : 1;
    if (has_nw && has_nc)
        gt_resolve_set(&r->node_static, "user (--node-static-w, --node-cores)",
                       "%s W x share %s (%s of %s cores)", g(nw, b1), g(r->in.node_share, b2),
                       g(r->in.n_cores, b3), g(ncores, b4));
    else if (has_nw)
        gt_resolve_set(&r->node_static, "user (--node-static-w)", "%s W x share 1 (the whole node)",
                       g(nw, b1));

    if (gt_hwdb_equiv_factors(db, &r->factors, r->constants, &r->nconstants, &err) != GT_OK)
        return gt_fail_err(&err);

    if (gt_estimate_compute(&r->in, &r->res, &err) != GT_OK)
        return gt_fail(GT_EXIT_DATA, "%s", err.msg);
    /* the range; a --ci-series mean replaces the location's value and its
     * other dataset */
    if (r->ci_series_file && !isnan(r->ci_series_mean))
        r->ci_alt = NAN;
    struct gt_unc u;
    r->nunc = 0;
    if (gt_hwdb_unc(db, &u, r->unc_rows, &r->nunc, &err) != GT_OK)
        return gt_fail_err(&err);
    gt_unc_estimate(&u, &r->in, &r->res, r->pue_kind, r->ci_alt, &r->e_range, &r->c_range);
    gt_equiv_compute(r->res.c_g, &r->factors, &r->eq);
    if (x)
        return gt_resolve_extra(a, db, r, x);
    return 0;
}
