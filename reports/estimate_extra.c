#include "gt_estimate_extra.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "gt_duration.h"
#include "gt_format.h"
#include "gt_num.h"
#include "gt_out.h"
#include "gt_time.h"

static const char *num(double v, char *buf)
{
    return gt_num_fmt(v, buf, 40);
}

static const char *sig(double v, char *buf)
{
    return gt_format_sig(v, 4, buf, 40);
}

static void src(FILE *o, const char *s)
{
    if (s && *s)
        fprintf(o, "  %-10s   source: %s\n", "", s);
}

void gt_estimate_extra_table_work(FILE *o, const struct gt_estimate_extra *x)
{
    const struct gt_apriori_out *w = &x->apriori;
    char b1[40], b2[40], b3[40], b4[40];
    if (!w->given)
        return;
    fprintf(o, "Runtime from the work (a-priori)\n");
    fprintf(o, "  %-10s   %s FLOPs: %s\n", "work", sig(w->flops, b1), w->flops_what);
    src(o, w->flops_source);
    fprintf(o, "  %-10s   %s\n", "peak", w->peak.what);
    src(o, w->peak.source);
    fprintf(o, "  %-10s   %s\n", "MFU", w->mfu_src.what);
    src(o, w->mfu_src.source);
    double s = w->flops / (w->n_gpus * w->peak_tflops * 1e12 * w->mfu);
    char b5[40];
    char b6[40];
    fprintf(o, "  %-10s   %s FLOPs / (%s GPU%s x %s TFLOPS x %s) = %s s (%s)\n", "runtime",
            sig(w->flops, b1), num(w->n_gpus, b2), w->n_gpus == 1 ? "" : "s",
            num(w->peak_tflops, b3), num(w->mfu, b4), sig(s, b5),
            gt_duration_fmt(s, b6, sizeof b6));
    if (!isnan(w->mfu_low) && !isnan(w->mfu_high)) {
        /* the published spread of MFU: a lower MFU is a longer run */
        double lo = w->flops / (w->n_gpus * w->peak_tflops * 1e12 * w->mfu_high);
        double hi = w->flops / (w->n_gpus * w->peak_tflops * 1e12 * w->mfu_low);
        fprintf(o, "  %-10s   %s to %s at the published MFU %s to %s\n", "",
                gt_duration_fmt(lo, b1, sizeof b1), gt_duration_fmt(hi, b2, sizeof b2),
                num(w->mfu_high, b3), num(w->mfu_low, b4));
    }
    fputc('\n', o);
}

void gt_estimate_extra_table(FILE *o, const struct gt_estimate_extra *x)
{
    char b1[40], b2[40], b3[40], b4[40];
    const struct gt_embodied_out *e = &x->embodied;
    if (e->given) {
        fprintf(o, "\nEmbodied emissions (manufacturing; shown apart, not added to the total "
                   "above)\n");
        fprintf(o, "  %-10s   %s years, %s h of use (runtime x PSF), utilisation %s\n", "lifetime",
                num(e->lifetime_years, b1), num(e->hours, b2), num(e->utilization, b3));
        src(o, e->lifetime.source);
        for (int i = 0; i < e->nparts; i++) {
            const struct gt_embodied_part *p = &e->part[i];
            fprintf(o, "  %-10s %14s CO2e  %s\n", p->kind, gt_format_mass(p->g, b1, sizeof b1),
                    p->what);
            src(o, p->source);
        }
        if (!e->nparts)
            fprintf(o, "  %-10s   nothing to count (no CPU, GPU or machine given)\n", "");
        fprintf(o,
                "  %-10s %14s CO2e  = sum of count x kgCO2e x hours / (lifetime x 8760 h x "
                "utilisation)\n",
                "total", gt_format_mass(e->total_g, b1, sizeof b1));
    }
    if (x->ncmp) {
        fprintf(o, "\nThe same work elsewhere (energy before PUE x each PUE x each intensity)\n");
        fprintf(o, "  %-20s %12s %6s %14s %14s  %s\n", "location", "gCO2e/kWh", "PUE", "energy",
                "CO2e", "range");
        double lo = INFINITY;
        for (int i = 0; i < x->ncmp; i++)
            lo = fmin(lo, x->cmp[i].co2e_g);
        for (int i = 0; i < x->ncmp; i++) {
            const struct gt_location_cmp *c = &x->cmp[i];
            char label[80];
            snprintf(label, sizeof label, "%s%s", c->label, c->own ? " (yours)" : "");
            char r1[40], r2[40];
            fprintf(o, "  %-20s %12s %6s %14s %14s  %s to %s%s\n", label, num(c->ci_g_per_kwh, b1),
                    num(c->pue, b2), gt_format_energy(c->energy_kwh, b3, sizeof b3),
                    gt_format_mass(c->co2e_g, b4, sizeof b4),
                    gt_format_mass(c->co2e_range.lo, r1, sizeof r1),
                    gt_format_mass(c->co2e_range.hi, r2, sizeof r2),
                    c->co2e_g == lo ? "  lowest" : "");
        }
        for (int i = 0; i < x->ncmp; i++)
            fprintf(o, "  %-20s %s\n", i ? "" : "places", x->cmp[i].place);
    }
    const struct gt_best_out *b = &x->best;
    if (b->given) {
        char ta[40], tb[40];
        fprintf(o, "\nBest start (--ci-series %s, %s)\n", b->file,
                b->ref_is_now ? "from now" : "from --start");
        gt_time_fmt(b->b.ref_start, 1, ta, sizeof ta);
        gt_time_fmt(b->b.start, 1, tb, sizeof tb);
        fprintf(o, "  %-10s   %s: %s gCO2e/kWh%s -> %s CO2e\n", "reference", ta, sig(b->ref_ci, b1),
                b->ref_static ? " (the estimate's; the series does not cover the whole run)"
                              : " (series mean)",
                gt_format_mass(b->co2e_ref_g, b2, sizeof b2));
        fprintf(o, "  %-10s   %s: %s gCO2e/kWh -> %s CO2e (between %s and %s)%s\n", "best", tb,
                sig(b->b.mean, b1), gt_format_mass(b->co2e_best_g, b2, sizeof b2),
                gt_format_mass(b->best_range.lo, b3, sizeof b3),
                gt_format_mass(b->best_range.hi, b4, sizeof b4),
                b->b.start == b->b.ref_start ? " (no later start is better)" : "");
        fprintf(o, "  %-10s   %s CO2e (%s %%) by starting %s later\n", "saving",
                gt_format_mass(b->saving_g, b1, sizeof b1), gt_format_sig(b->saving_pct, 3, b2, 40),
                gt_duration_fmt(b->b.start - b->b.ref_start, b3, sizeof b3));
        fprintf(o,
                "  %-10s   %zu candidate start%s (the reference, and each series value's start "
                "after it whose run the series covers)\n",
                "searched", b->b.candidates, b->b.candidates == 1 ? "" : "s");
    }
}

void gt_estimate_extra_json(cJSON *o, const struct gt_estimate_extra *x)
{
    const struct gt_apriori_out *w = &x->apriori;
    if (w->given) {
        cJSON *a = cJSON_AddObjectToObject(o, "apriori");
        gt_out_json_num(a, "flops", w->flops);
        cJSON_AddStringToObject(a, "flops_from", w->flops_what);
        cJSON_AddStringToObject(a, "precision", gt_precision_name(w->precision));
        gt_out_json_num(a, "peak_tflops", w->peak_tflops);
        cJSON_AddStringToObject(a, "peak_source", w->peak.source);
        gt_out_json_num(a, "mfu", w->mfu);
        cJSON_AddStringToObject(a, "mfu_source", w->mfu_src.source);
        gt_out_json_num(a, "gpus", w->n_gpus);
        double k = w->flops / (w->n_gpus * w->peak_tflops * 1e12);
        gt_out_json_num(a, "runtime_s", k / w->mfu);
        if (!isnan(w->mfu_low) && !isnan(w->mfu_high)) {
            cJSON *rg = cJSON_AddArrayToObject(a, "runtime_s_at_published_mfu");
            cJSON_AddItemToArray(rg, cJSON_CreateNumber(k / w->mfu_high));
            cJSON_AddItemToArray(rg, cJSON_CreateNumber(k / w->mfu_low));
        }
    }
    const struct gt_embodied_out *e = &x->embodied;
    if (e->given) {
        cJSON *m = cJSON_AddObjectToObject(o, "embodied");
        gt_out_json_num(m, "co2e_g", e->total_g);
        cJSON_AddBoolToObject(m, "included_in_co2e_g", 0);
        gt_out_json_num(m, "lifetime_years", e->lifetime_years);
        cJSON_AddStringToObject(m, "lifetime_source", e->lifetime.source);
        gt_out_json_num(m, "utilization", e->utilization);
        gt_out_json_num(m, "hours", e->hours);
        cJSON *parts = cJSON_AddArrayToObject(m, "parts");
        for (int i = 0; i < e->nparts; i++) {
            const struct gt_embodied_part *p = &e->part[i];
            cJSON *j = cJSON_CreateObject();
            cJSON_AddStringToObject(j, "kind", p->kind);
            gt_out_json_num(j, "count", p->count);
            gt_out_json_num(j, "kgco2e_each", p->kgco2e);
            cJSON_AddBoolToObject(j, "class_default", p->class_default);
            gt_out_json_num(j, "co2e_g", p->g);
            cJSON_AddStringToObject(j, "what", p->what);
            cJSON_AddStringToObject(j, "source", p->source);
            cJSON_AddItemToArray(parts, j);
        }
    }
    if (x->ncmp) {
        cJSON *arr = cJSON_AddArrayToObject(o, "locations");
        for (int i = 0; i < x->ncmp; i++) {
            const struct gt_location_cmp *c = &x->cmp[i];
            cJSON *j = cJSON_CreateObject();
            cJSON_AddStringToObject(j, "location", c->label);
            cJSON_AddStringToObject(j, "place", c->place);
            cJSON_AddBoolToObject(j, "own", c->own);
            gt_out_json_num(j, "ci_g_per_kwh", c->ci_g_per_kwh);
            gt_out_json_num(j, "pue", c->pue);
            gt_out_json_num(j, "energy_kwh", c->energy_kwh);
            gt_out_json_num(j, "co2e_g", c->co2e_g);
            gt_out_json_range(j, "co2e_g_range", c->co2e_range.lo, c->co2e_range.hi);
            cJSON_AddItemToArray(arr, j);
        }
    }
    const struct gt_best_out *b = &x->best;
    if (b->given) {
        char t[40];
        cJSON *j = cJSON_AddObjectToObject(o, "best_start");
        cJSON_AddStringToObject(j, "series", b->file);
        cJSON_AddStringToObject(j, "reference", gt_time_fmt(b->b.ref_start, 1, t, sizeof t));
        cJSON_AddBoolToObject(j, "reference_is_now", b->ref_is_now);
        gt_out_json_num(j, "reference_ci_g_per_kwh", b->ref_ci);
        cJSON_AddBoolToObject(j, "reference_static", b->ref_static);
        gt_out_json_num(j, "reference_co2e_g", b->co2e_ref_g);
        cJSON_AddStringToObject(j, "start", gt_time_fmt(b->b.start, 1, t, sizeof t));
        gt_out_json_num(j, "ci_g_per_kwh", b->b.mean);
        gt_out_json_num(j, "co2e_g", b->co2e_best_g);
        gt_out_json_range(j, "co2e_g_range", b->best_range.lo, b->best_range.hi);
        gt_out_json_num(j, "saving_g", b->saving_g);
        gt_out_json_num(j, "saving_pct", b->saving_pct);
        gt_out_json_num(j, "delay_s", b->b.start - b->b.ref_start);
        gt_out_json_num(j, "candidates", (double)b->b.candidates);
    }
}

void gt_estimate_extra_csv_header(FILE *o, const struct gt_estimate_extra *x)
{
    static const char *const work[] = {"flops", "precision", "peak_tflops", "mfu", NULL};
    static const char *const emb[] = {"embodied_co2e_g", "embodied_lifetime_years", NULL};
    static const char *const best[] = {"best_start", "best_start_co2e_g", "best_start_saving_g",
                                       NULL};
    const char *const *cols[] = {x->apriori.given ? work : NULL, x->embodied.given ? emb : NULL,
                                 x->best.given ? best : NULL};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
        for (const char *const *c = cols[i]; c && *c; c++)
            gt_out_csv_str(o, *c, 0);
}

void gt_estimate_extra_csv_row(FILE *o, const struct gt_estimate_extra *x)
{
    if (x->apriori.given) {
        gt_out_csv_num(o, x->apriori.flops);
        gt_out_csv_str(o, gt_precision_name(x->apriori.precision), 0);
        gt_out_csv_num(o, x->apriori.peak_tflops);
        gt_out_csv_num(o, x->apriori.mfu);
    }
    if (x->embodied.given) {
        gt_out_csv_num(o, x->embodied.total_g);
        gt_out_csv_num(o, x->embodied.lifetime_years);
    }
    if (x->best.given) {
        char t[40];
        gt_out_csv_str(o, gt_time_fmt(x->best.b.start, 1, t, sizeof t), 0);
        gt_out_csv_num(o, x->best.co2e_best_g);
        gt_out_csv_num(o, x->best.saving_g);
    }
}
