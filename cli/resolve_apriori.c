/* resolve_apriori.c - the parts of `estimate` that look ahead: the runtime
 * from the work (FLOPs), embodied emissions, the same work in other
 * locations, and the best start in a carbon-intensity series. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "gt_embodied_run.h"
#include "gt_resolve.h"
#include "gt_num.h"

static const char *g(double v, char *buf)
{
    return gt_num_fmt(v, buf, 32);
}

/* large counts as 7e+09 rather than 7000000000 */
static const char *big(double v, char *buf)
{
    snprintf(buf, 32, "%.6g", v);
    return buf;
}

int gt_resolve_work_given(const struct gt_args *a)
{
    return gt_arg(a, "flops") || gt_arg(a, "macs") || gt_arg(a, "params") || gt_arg(a, "tokens") ||
           gt_arg_flag(a, "inference");
}

static int positive_opt(const struct gt_args *a, const char *name, double *v, int *given)
{
    int rc = gt_opt_number(a, name, v, given);
    if (rc)
        return rc;
    if (*given && !(isfinite(*v) && *v > 0))
        return gt_fail(GT_EXIT_DATA, "--%s must be a number > 0, got '%s'", name, gt_arg(a, name));
    return 0;
}

int gt_resolve_work(const struct gt_args *a, const struct gt_hwdb *db, struct gt_estimate_report *r,
                    struct gt_estimate_extra *x)
{
    struct gt_apriori_out *w = &x->apriori;
    double flops = 0, macs = 0, params = 0, tokens = 0, mfu = 0, peak = 0;
    int has_f, has_m, has_p, has_t, has_mfu, has_peak, rc;
    int inference = gt_arg_flag(a, "inference");
    char b1[32], b2[32], b3[32];
    if ((rc = positive_opt(a, "flops", &flops, &has_f)) ||
        (rc = positive_opt(a, "macs", &macs, &has_m)) ||
        (rc = positive_opt(a, "params", &params, &has_p)) ||
        (rc = positive_opt(a, "tokens", &tokens, &has_t)) ||
        (rc = positive_opt(a, "mfu", &mfu, &has_mfu)) ||
        (rc = positive_opt(a, "peak-tflops", &peak, &has_peak)))
        return rc;
    if (has_f + has_m + (has_p || has_t) > 1)
        return gt_fail(GT_EXIT_USAGE, "give one of --flops, --macs or --params with --tokens");
    if (has_p != has_t)
        return gt_fail(GT_EXIT_USAGE, "--params and --tokens go together (FLOPs = 6 x N x T)");
    if (inference && !has_p)
        return gt_fail(GT_EXIT_USAGE, "--inference needs --params and --tokens");
    if (has_mfu && mfu > 1)
        return gt_fail(GT_EXIT_DATA, "--mfu must be in (0, 1], got '%s'", gt_arg(a, "mfu"));
    const char *prec = gt_arg(a, "precision");
    if (!has_f && !has_m && !has_p) {
        if (has_mfu || prec || has_peak)
            return gt_fail(GT_EXIT_USAGE,
                           "--mfu, --precision and --peak-tflops need the work: --flops, --macs "
                           "or --params with --tokens");
        return 0;
    }
    if (gt_arg(a, "runtime"))
        return gt_fail(GT_EXIT_USAGE,
                       "give --runtime or the work (--flops, --macs, --params/--tokens), not both");
    if (!(r->in.n_gpus > 0))
        return gt_fail(GT_EXIT_USAGE, "the runtime from FLOPs needs a GPU: --gpu NAME [--gpus N]");
    w->given = 1;
    w->n_gpus = r->in.n_gpus;
    if (has_f) {
        w->flops = flops;
        snprintf(w->flops_what, sizeof w->flops_what, "--flops");
        w->flops_source = "user (--flops)";
    } else if (has_m) {
        w->flops = gt_apriori_macs_flops(macs);
        snprintf(w->flops_what, sizeof w->flops_what, "2 x %s MACs (--macs)", big(macs, b1));
        w->flops_source = "user (--macs); one multiply-accumulate is 2 FLOPs, as layer-counting "
                          "tools (keras-flops, torchstat, flops-counter) count it";
    } else {
        w->flops = gt_apriori_transformer_flops(params, tokens, inference);
        snprintf(w->flops_what, sizeof w->flops_what, "%d x %s parameters x %s tokens (%s)",
                 inference ? 2 : 6, big(params, b1), big(tokens, b2),
                 inference ? "inference, 2 N per token" : "training, 6 N T");
        w->flops_source = "Kaplan et al. 2020, Scaling Laws for Neural Language Models "
                          "(arXiv:2001.08361), section 2.1";
    }
    /* precision and peak */
    enum gt_precision p = GT_PREC_BF16;
    if (prec && gt_precision_parse(prec, &p) != 0)
        return gt_fail(GT_EXIT_USAGE, "unknown precision '%s' (fp64, fp32, tf32, bf16, fp16, fp8)",
                       prec);
    if (has_peak) {
        w->precision = p;
        w->peak_tflops = peak;
        gt_resolve_set(&w->peak, "user (--peak-tflops)", "%s TFLOPS per GPU (--peak-tflops)%s%s",
                       g(peak, b1), prec ? ", " : "", prec ? prec : "");
    } else {
        const struct gt_hw_peak *pk = gt_hwdb_find_peak(db, r->gpu);
        if (!pk)
            return gt_fail(GT_EXIT_DATA,
                           "no peak throughput for gpu '%s' in the hwdb; give --peak-tflops",
                           r->gpu ? r->gpu->model : "(none)");
        if (!prec) {
            static const enum gt_precision order[] = {GT_PREC_BF16, GT_PREC_FP16, GT_PREC_FP32};
            size_t k = 0;
            while (k < 3 && isnan(pk->tflops[order[k]]))
                k++;
            if (k == 3)
                return gt_fail(GT_EXIT_DATA,
                               "gpu '%s' has no bf16, fp16 or fp32 peak in the hwdb; give "
                               "--precision or --peak-tflops",
                               r->gpu->model);
            p = order[k];
            gt_resolve_note(r,
                            "no --precision: %s (bf16 where the GPU has it, else fp16, else "
                            "fp32)",
                            gt_precision_name(p));
        } else if (isnan(pk->tflops[p])) {
            char have[64] = "";
            for (int k = 0; k < GT_PREC_N; k++)
                if (!isnan(pk->tflops[k])) {
                    size_t n = strlen(have);
                    snprintf(have + n, sizeof have - n, "%s%s", n ? ", " : "",
                             gt_precision_name((enum gt_precision)k));
                }
            return gt_fail(GT_EXIT_DATA, "gpu '%s' has no %s peak in the hwdb (it has %s)",
                           r->gpu->model, gt_precision_name(p), have);
        }
        w->precision = p;
        w->peak_tflops = pk->tflops[p];
        gt_resolve_set(&w->peak, pk->source, "%s TFLOPS per GPU, %s dense: %s%s%s",
                       g(w->peak_tflops, b1), gt_precision_name(p), pk->family,
                       *pk->variant ? " " : "", pk->variant);
    }
    /* model FLOPs utilisation */
    w->mfu_low = w->mfu_high = NAN;
    if (has_mfu) {
        w->mfu = mfu;
        gt_resolve_set(&w->mfu_src, "user (--mfu)", "%s (--mfu)", g(mfu, b1));
    } else {
        const struct gt_hw_constant *c = gt_hwdb_constant(db, "apriori_mfu");
        const struct gt_hw_constant *lo = gt_hwdb_constant(db, "apriori_mfu_low");
        const struct gt_hw_constant *hi = gt_hwdb_constant(db, "apriori_mfu_high");
        if (!c || !lo || !hi)
            return gt_fail(GT_EXIT_DATA, "hwdb constant 'apriori_mfu' (or its _low/_high) is "
                                         "missing");
        w->mfu = c->value;
        w->mfu_low = lo->value;
        w->mfu_high = hi->value;
        gt_resolve_set(&w->mfu_src, c->source, "%s (default, typical of published runs: %s to %s)",
                       g(w->mfu, b1), g(w->mfu_low, b2), g(w->mfu_high, b3));
    }
    struct gt_error err = {0};
    if (gt_apriori_runtime(w->flops, w->n_gpus, w->peak_tflops, w->mfu, &r->runtime_s, &err) !=
        GT_OK)
        return gt_fail(GT_EXIT_DATA, "%s", err.msg);
    r->in.runtime_h = r->runtime_s / 3600.0;
    return 0;
}

/* ---- embodied -------------------------------------------------------------- */

static int add_part(struct gt_embodied_out *e, const struct gt_hwdb *db, const char *kind,
                    const char *item, const char *label, double count)
{
    int is_default = 1;
    const struct gt_hw_embodied *row = gt_hwdb_find_embodied(db, kind, item, &is_default);
    if (!row)
        return gt_fail(GT_EXIT_DATA, "hwdb has no embodied figure for '%s' (nor a class default)",
                       kind);
    struct gt_embodied_part *p = &e->part[e->nparts++];
    char b1[32], b2[32];
    struct gt_error err = {0};
    snprintf(p->kind, sizeof p->kind, "%s", kind);
    p->count = count;
    p->kgco2e = row->kgco2e;
    p->class_default = is_default;
    snprintf(p->source, sizeof p->source, "%s", row->source);
    if (gt_embodied_share(row->kgco2e, count, e->hours, e->lifetime_years, e->utilization, &p->g,
                          &err) != GT_OK)
        return gt_fail(GT_EXIT_DATA, "%s", err.msg);
    if (is_default && item && *item)
        snprintf(p->what, sizeof p->what, "%s x %s kgCO2e (%s: class default, no figure for it)",
                 g(count, b1), g(row->kgco2e, b2), label);
    else
        snprintf(p->what, sizeof p->what, "%s x %s kgCO2e (%s)", g(count, b1), g(row->kgco2e, b2),
                 label);
    e->total_g += p->g;
    return 0;
}

static int resolve_embodied(const struct gt_args *a, const struct gt_hwdb *db,
                            struct gt_estimate_report *r, struct gt_embodied_out *e)
{
    double life = 0, util = 1, machines = 0;
    int has_machines, rc;
    char b1[32], b2[32];
    if ((rc = gt_opt_number(a, "machines", &machines, &has_machines)))
        return rc;
    const char *cls = gt_arg(a, "machine-class"), *life_source = "";
    if ((rc = gt_embodied_opts(a, db, has_machines || cls,
                               "--lifetime, --hw-utilization, --machines and --machine-class",
                               &e->given, &life, &life_source, &util)) ||
        !e->given)
        return rc;
    if (has_machines && !(machines >= 0))
        return gt_fail(GT_EXIT_DATA, "--machines must be a number >= 0, got '%s'",
                       gt_arg(a, "machines"));
    if (!cls)
        cls = "server";
    if (strcmp(cls, "server") && strcmp(cls, "laptop") && strcmp(cls, "desktop"))
        return gt_fail(GT_EXIT_USAGE, "unknown machine class '%s' (server, laptop or desktop)",
                       cls);
    gt_resolve_set(&e->lifetime, life_source, "%s years%s", g(life, b1),
                   gt_arg(a, "lifetime") ? " (--lifetime)" : "");
    e->lifetime_years = life;
    e->utilization = util;
    e->hours = r->in.runtime_h * r->in.psf;
    int whole = has_machines && machines > 0 && strcmp(cls, "server");
    if (has_machines && machines > 0) {
        char label[64];
        snprintf(label, sizeof label, "%s%s", cls,
                 !strcmp(cls, "server") ? ": chassis, board, CPUs, memory, storage; GPUs apart"
                                        : ": the whole device");
        if ((rc = add_part(e, db, cls, NULL, label, machines)))
            return rc;
    }
    if (r->in.n_gpus > 0 && !whole) {
        const char *fam = r->gpu ? r->gpu->family : NULL;
        char label[96];
        snprintf(label, sizeof label, "%s GPU", fam && *fam ? fam : "unknown");
        if ((rc = add_part(e, db, "gpu", fam, label, r->in.n_gpus)))
            return rc;
    }
    if (r->in.n_cores > 0 && !has_machines) {
        double chip = r->cpu && !isnan(r->cpu->cores) ? r->cpu->cores : NAN;
        double share = isnan(chip) ? 1 : r->in.n_cores / chip;
        char label[160];
        if (isnan(chip))
            snprintf(label, sizeof label, "%s CPU, chip of unknown core count counted whole",
                     r->cpu ? r->cpu->model : "unknown");
        else
            snprintf(label, sizeof label, "%s: %s of %s cores", r->cpu->model, g(r->in.n_cores, b1),
                     g(chip, b2));
        if ((rc = add_part(e, db, "cpu", r->cpu ? r->cpu->model : NULL, label, share)))
            return rc;
    }
    if (!has_machines)
        gt_resolve_note(r, "embodied: the machine around the CPU and GPUs (board, memory, "
                           "storage, chassis) is not counted; give --machines N");
    return 0;
}

/* ---- ranges of the look-ahead figures ------------------------------------- */

/* The CO2e range of the estimate's work under another intensity and PUE
 * (the estimate's range model, gt_unc_estimate; no other dataset's value). */
static int range_at(const struct gt_hwdb *db, const struct gt_estimate_report *r, double ci,
                    double pue, enum gt_unc_pue kind, struct gt_range *out)
{
    struct gt_unc u;
    const struct gt_hw_uncertainty *rows[GT_UNC__COUNT];
    int nrows = 0;
    struct gt_error err = {0};
    if (gt_hwdb_unc(db, &u, rows, &nrows, &err) != GT_OK)
        return gt_fail_err(&err);
    struct gt_estimate_input in = r->in;
    struct gt_estimate_result res;
    struct gt_range er;
    in.ci_g_per_kwh = ci;
    in.pue = pue;
    if (gt_estimate_compute(&in, &res, &err) != GT_OK)
        return gt_fail(GT_EXIT_DATA, "%s", err.msg);
    gt_unc_estimate(&u, &in, &res, kind, NAN, &er, out);
    return 0;
}

/* ---- other locations ------------------------------------------------------- */

static const char *const default_places = "WORLD,US,CN,IN,DE,GB,FR,SE";

static int add_cmp(struct gt_estimate_extra *x, const struct gt_hwdb *db,
                   const struct gt_estimate_report *r, const char *item, int own)
{
    if (x->ncmp >= GT_MAX_COMPARE)
        return gt_fail(GT_EXIT_USAGE, "--compare-locations takes at most %d places",
                       GT_MAX_COMPARE - 1);
    struct gt_location_cmp *c = &x->cmp[x->ncmp];
    struct gt_error err = {0};
    double pue = r->in.pue, ci;
    size_t i;
    const char *colon = strchr(item, ':');
    const struct gt_hw_location *l = NULL;
    char pue_what[96] = "";
    if (colon) {
        char prov[64];
        snprintf(prov, sizeof prov, "%.*s", (int)(colon - item), item);
        size_t pi;
        if (gt_hwdb_find_provider(db, prov, &pi, &err) != GT_OK ||
            gt_hwdb_find_cloud(db, db->providers.v[pi].provider, colon + 1, &i, &err) != GT_OK)
            return gt_fail_err(&err);
        const struct gt_hw_cloud *cl = &db->clouds.v[i];
        pue = !isnan(cl->pue) ? cl->pue : db->providers.v[pi].pue;
        snprintf(pue_what, sizeof pue_what, ", PUE of %s %s", db->providers.v[pi].name, cl->region);
        if (gt_hwdb_find_location(db, cl->location, NULL, &i, &err) != GT_OK)
            return gt_fail_err(&err);
        l = &db->locations.v[i];
    } else {
        if (gt_hwdb_find_location(db, item, r->location ? r->location->dataset : NULL, &i, &err) !=
            GT_OK)
            return gt_fail_err(&err);
        l = &db->locations.v[i];
    }
    ci = l->ci_g_per_kwh;
    snprintf(c->label, sizeof c->label, "%s", item);
    char year[16] = "";
    if (l->year)
        snprintf(year, sizeof year, "%d, ", l->year);
    snprintf(c->place, sizeof c->place, "%s: %s%s%s (%s%s)%s", item, *l->region ? l->region : "",
             *l->region ? ", " : "", *l->country ? l->country : "World", year, l->dataset,
             pue_what);
    c->own = own;
    c->ci_g_per_kwh = ci;
    c->pue = pue;
    c->energy_kwh = r->in.pue > 0 ? r->res.e_kwh / r->in.pue * pue : 0;
    c->co2e_g = c->energy_kwh * ci;
    int rc = range_at(db, r, ci, pue, colon ? GT_UNC_PUEK_STATED : r->pue_kind, &c->co2e_range);
    if (rc)
        return rc;
    x->ncmp++;
    return 0;
}

static int resolve_compare(const struct gt_args *a, const struct gt_hwdb *db,
                           const struct gt_estimate_report *r, struct gt_estimate_extra *x)
{
    if (!gt_arg_flag(a, "compare-locations"))
        return 0;
    const char *list = gt_arg(a, "compare-locations");
    if (!list || !*list)
        list = default_places;
    /* the estimate's own place first, as computed */
    struct gt_location_cmp *own = &x->cmp[x->ncmp++];
    const char *code = r->location ? r->location->code : "(--ci)";
    snprintf(own->label, sizeof own->label, "%s", code);
    snprintf(own->place, sizeof own->place, "%.60s: %.250s", code, r->ci.what);
    own->own = 1;
    own->ci_g_per_kwh = r->in.ci_g_per_kwh;
    own->pue = r->in.pue;
    own->energy_kwh = r->res.e_kwh;
    own->co2e_g = r->res.c_g;
    own->co2e_range = r->c_range;
    const char *p = list;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char item[64];
        while (n && *p == ' ')
            p++, n--;
        while (n && p[n - 1] == ' ')
            n--;
        if (n == 0 || n >= sizeof item)
            return gt_fail(GT_EXIT_USAGE, "--compare-locations: empty or too long place in '%s'",
                           list);
        memcpy(item, p, n);
        item[n] = '\0';
        int rc = strcasecmp(item, code) ? add_cmp(x, db, r, item, 0) : 0;
        if (rc)
            return rc;
        p = e ? e + 1 : p + n;
    }
    return 0;
}

int gt_resolve_extra(const struct gt_args *a, const struct gt_hwdb *db,
                     struct gt_estimate_report *r, struct gt_estimate_extra *x)
{
    int rc;
    if ((rc = resolve_embodied(a, db, r, &x->embodied)) || (rc = resolve_compare(a, db, r, x)))
        return rc;
    struct gt_best_out *b = &x->best;
    if (b->given) {
        b->energy_kwh = r->res.e_kwh;
        /* the reference is the estimate itself: its intensity from the
         * reference start (the series' mean, or partly or wholly the static
         * value where the series does not cover that run) */
        b->ref_static = isnan(b->b.ref_mean);
        b->ref_ci = r->in.ci_g_per_kwh;
        if (b->ref_ci <= b->b.mean) {
            b->b.start = b->b.ref_start; /* nothing better: start as planned */
            b->b.mean = b->ref_ci;
        }
        b->co2e_ref_g = b->energy_kwh * b->ref_ci;
        b->ref_range = r->c_range;
        b->co2e_best_g = b->energy_kwh * b->b.mean;
        b->saving_g = b->co2e_ref_g - b->co2e_best_g;
        b->saving_pct = b->co2e_ref_g > 0 ? 100.0 * b->saving_g / b->co2e_ref_g : 0;
        if ((rc = range_at(db, r, b->b.mean, r->in.pue, r->pue_kind, &b->best_range)))
            return rc;
    }
    return 0;
}
