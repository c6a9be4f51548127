#include "gt_estimate_out.h"

#include <cjson/cJSON.h>
#include <csv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gt_duration.h"
#include "gt_format.h"
#include "gt_num.h"
#include "gt_out.h"
#include "gt_time.h"

static const char *pct(double part, double total, char *buf, size_t n)
{
    if (total > 0)
        snprintf(buf, n, "%5.1f %%", 100.0 * part / total);
    else
        snprintf(buf, n, "    - ");
    return buf;
}

static const char *kwh6(double v, char *buf, size_t n)
{
    snprintf(buf, n, "%.6g", v);
    return buf;
}

static const char *watts(double w, char *buf, size_t n)
{
    snprintf(buf, n, "%.2f", w);
    return buf;
}

static const struct gt_range *unc_row(const struct gt_estimate_report *r, enum gt_unc_id id,
                                      struct gt_range *buf)
{
    const char *name = gt_unc_name(id);
    for (int i = 0; i < r->nunc; i++)
        if (!strcmp(r->unc_rows[i]->name, name)) {
            buf->lo = r->unc_rows[i]->low;
            buf->hi = r->unc_rows[i]->high;
            return buf;
        }
    buf->lo = buf->hi = NAN;
    return buf;
}

static const char *factor(const struct gt_estimate_report *r, enum gt_unc_id id, char *buf,
                          size_t n)
{
    struct gt_range f;
    unc_row(r, id, &f);
    char a[32], b[32];
    snprintf(buf, n, "x %s to %s (%s)", gt_num_fmt(f.lo, a, sizeof a),
             gt_num_fmt(f.hi, b, sizeof b), gt_unc_name(id));
    return buf;
}

/* How sure: the factors each input's range rests on (hwdb uncertainty.csv). */
static void estimate_range_table(FILE *o, const struct gt_estimate_report *r)
{
    const struct gt_estimate_input *in = &r->in;
    char b[160];
    fprintf(o, "\nHow sure (interval arithmetic over each input's range; hwdb uncertainty.csv)\n");
    if (in->n_cores > 0)
        fprintf(o, "  %-10s   TDP x usage against real draw %s\n", "CPU",
                factor(r, GT_UNC_CPU_TDP, b, sizeof b));
    if (in->n_gpus > 0) {
        if (in->gpu_mode == GT_GPU_MEASURED)
            fprintf(o, "  %-10s   measured and idle power each %s\n", "GPU",
                    factor(r, GT_UNC_NVML, b, sizeof b));
        else
            fprintf(o, "  %-10s   TDP x usage against real draw %s\n", "GPU",
                    factor(r, GT_UNC_GPU_TDP, b, sizeof b));
    }
    if (in->memory_gb > 0)
        fprintf(o, "  %-10s   W per GB %s\n", "memory", factor(r, GT_UNC_RAM, b, sizeof b));
    if (r->pue_kind == GT_UNC_PUEK_NONE)
        fprintf(o, "  %-10s   1: no facility overhead, no range\n", "PUE");
    else
        fprintf(
            o, "  %-10s   %s %s\n", "PUE", r->pue_kind == GT_UNC_PUEK_STATED ? "stated" : "typical",
            factor(r, r->pue_kind == GT_UNC_PUEK_STATED ? GT_UNC_PUE_STATED : GT_UNC_PUE_TYPICAL, b,
                   sizeof b));
    fprintf(o, "  %-10s   %s\n", "intensity", factor(r, GT_UNC_CI, b, sizeof b));
    if (!isnan(r->ci_alt)) {
        struct gt_range f;
        unc_row(r, GT_UNC_CI, &f);
        int inside = r->ci_alt >= in->ci_g_per_kwh * f.lo && r->ci_alt <= in->ci_g_per_kwh * f.hi;
        fprintf(o, "  %-10s   %s the other dataset's %s\n", "",
                inside ? "already includes" : "widened to include", r->ci_alt_what);
    }
}

static void line_src(FILE *o, const struct gt_resolved *x)
{
    if (x->source[0])
        fprintf(o, "  %-10s   source: %s\n", "", x->source);
}

int gt_estimate_write_table(FILE *o, const struct gt_estimate_report *r)
{
    const struct gt_estimate_input *in = &r->in;
    const struct gt_estimate_result *res = &r->res;
    char b1[64], b2[64], b3[64];

    fprintf(o, "greentally %s estimate, Green Algorithms v3.0 model (%s)\n\n", r->tool_version,
            r->hwdb_version);
    fprintf(o, "Inputs\n");
    fprintf(o, "  %-10s   %s (%s h)\n", "runtime", gt_duration_fmt(r->runtime_s, b1, sizeof b1),
            gt_num_fmt(in->runtime_h, b2, sizeof b2));
    if (in->n_cores > 0 || r->cpu_query) {
        fprintf(o, "  %-10s   %s cores x %s W/core x usage %s\n", "CPU",
                gt_num_fmt(in->n_cores, b1, sizeof b1),
                gt_format_sig(in->cpu_tdp_per_core_w, 4, b2, sizeof b2),
                gt_num_fmt(in->cpu_usage, b3, sizeof b3));
        fprintf(o, "  %-10s   %s\n", "", r->cpu_tdp.what);
        line_src(o, &r->cpu_tdp);
    } else {
        fprintf(o, "  %-10s   none\n", "CPU");
    }
    if (in->n_gpus > 0) {
        if (in->gpu_mode == GT_GPU_MEASURED)
            fprintf(o, "  %-10s   %s GPU%s x (measured %s W - idle %s W)\n", "GPU",
                    gt_num_fmt(in->n_gpus, b1, sizeof b1), in->n_gpus == 1 ? "" : "s",
                    gt_num_fmt(in->gpu_power_w, b2, 32), gt_num_fmt(in->gpu_idle_w, b3, 32));
        else
            fprintf(o, "  %-10s   %s GPU%s x %s W x usage %s\n", "GPU",
                    gt_num_fmt(in->n_gpus, b1, sizeof b1), in->n_gpus == 1 ? "" : "s",
                    gt_num_fmt(in->gpu_tdp_w, b2, 32), gt_num_fmt(in->gpu_usage, b3, 32));
        fprintf(o, "  %-10s   %s\n", "", r->gpu_tdp.what);
        line_src(o, &r->gpu_tdp);
    } else {
        fprintf(o, "  %-10s   none\n", "GPU");
    }
    fprintf(o, "  %-10s   %s GB x %s\n", "memory", gt_num_fmt(in->memory_gb, b1, sizeof b1),
            r->memory_power.what);
    line_src(o, &r->memory_power);
    fprintf(o, "  %-10s   %s\n", "intensity", r->ci.what);
    line_src(o, &r->ci);
    fprintf(o, "  %-10s   %s, platform %s%s%s%s%s\n", "PUE", r->pue.what, r->platform,
            r->provider ? ", provider " : "", r->provider ? r->provider : "",
            r->region ? ", region " : "", r->region ? r->region : "");
    line_src(o, &r->pue);
    fprintf(o, "  %-10s   %s\n", "PSF", r->psf.what);
    if (in->node_static_w > 0)
        fprintf(o, "  %-10s   %s\n", "node", r->node_static.what);

    fprintf(o, "\nPower draw (hardware, before PUE)\n");
    fprintf(o, "  %-10s %12s W\n", "CPU", watts(res->p_cpu_w, b1, sizeof b1));
    fprintf(o, "  %-10s %12s W\n", "GPU", watts(res->p_gpu_w, b1, sizeof b1));
    fprintf(o, "  %-10s %12s W\n", "memory", watts(res->p_mem_w, b1, sizeof b1));
    if (in->node_static_w > 0)
        fprintf(o, "  %-10s %12s W\n", "static", watts(res->p_static_w, b1, sizeof b1));
    fprintf(o, "  %-10s %12s W\n", "total", watts(res->p_w, b1, sizeof b1));

    fprintf(o, "\nEnergy (x PUE %s x PSF %s)\n", gt_num_fmt(in->pue, b1, 32),
            gt_num_fmt(in->psf, b2, 32));
    fprintf(o, "  %-10s %14s  %s\n", "CPU", gt_format_energy(res->e_cpu_kwh, b1, sizeof b1),
            pct(res->e_cpu_kwh, res->e_kwh, b2, sizeof b2));
    fprintf(o, "  %-10s %14s  %s\n", "GPU", gt_format_energy(res->e_gpu_kwh, b1, sizeof b1),
            pct(res->e_gpu_kwh, res->e_kwh, b2, sizeof b2));
    fprintf(o, "  %-10s %14s  %s\n", "memory", gt_format_energy(res->e_mem_kwh, b1, sizeof b1),
            pct(res->e_mem_kwh, res->e_kwh, b2, sizeof b2));
    if (in->node_static_w > 0)
        fprintf(o, "  %-10s %14s  %s\n", "static",
                gt_format_energy(res->e_static_kwh, b1, sizeof b1),
                pct(res->e_static_kwh, res->e_kwh, b2, sizeof b2));
    fprintf(o, "  %-10s %14s\n", "total", gt_format_energy(res->e_kwh, b1, sizeof b1));
    fprintf(o, "  %-10s   between %s and %s\n", "range",
            gt_format_energy(r->e_range.lo, b1, sizeof b1),
            gt_format_energy(r->e_range.hi, b2, sizeof b2));

    fprintf(o, "\nCarbon footprint\n");
    fprintf(o, "  %-10s %14s CO2e  (%s kWh x %s gCO2e/kWh)\n", "total",
            gt_format_mass(res->c_g, b1, sizeof b1), kwh6(res->e_kwh, b2, sizeof b2),
            gt_num_fmt(in->ci_g_per_kwh, b3, 32));

    fprintf(o, "  %-10s   between %s and %s\n", "range",
            gt_format_mass(r->c_range.lo, b1, sizeof b1),
            gt_format_mass(r->c_range.hi, b2, sizeof b2));

    estimate_range_table(o, r);

    const struct gt_equivalents *e = &r->eq;
    fprintf(o, "\nEquivalences\n");
    if (e->tree_as_years)
        fprintf(o, "  %s tree-years of carbon sequestration (Green Algorithms)\n",
                gt_format_sig(e->tree_months / 12.0, 3, b1, sizeof b1));
    else
        fprintf(o, "  %s tree-months of carbon sequestration (Green Algorithms)\n",
                gt_format_sig(e->tree_months, 3, b1, sizeof b1));
    fprintf(o, "  %s km in a passenger car, EU average (Green Algorithms)\n",
            gt_format_sig(e->ga_car_km, 3, b1, sizeof b1));
    if (e->flight == GT_FLIGHT_NYC_MEL || e->flight_count >= 1)
        fprintf(o, "  %s flights %s (Green Algorithms)\n",
                gt_format_sig(e->flight_count, 3, b1, sizeof b1), gt_flight_name(e->flight));
    else
        fprintf(o, "  %s %% of a flight %s (Green Algorithms)\n",
                gt_format_sig(e->flight_count * 100.0, 3, b1, sizeof b1),
                gt_flight_name(e->flight));
    fprintf(o, "  %s km travelled by car (carbontracker)\n",
            gt_format_sig(e->ct_car_km, 3, b1, sizeof b1));
    fprintf(o, "  %s %% of a US household's weekly emissions (CodeCarbon)\n",
            gt_format_sig(e->cc_household_pct, 3, b1, sizeof b1));
    fprintf(o, "  %s miles driven (CodeCarbon)\n", gt_format_sig(e->cc_miles, 3, b1, sizeof b1));
    fprintf(o, "  %s minutes of 32-inch LCD TV (CodeCarbon)\n",
            gt_format_sig(e->cc_tv_minutes, 3, b1, sizeof b1));

    if (r->nnotes) {
        fprintf(o, "\nNotes\n");
        for (int i = 0; i < r->nnotes; i++)
            fprintf(o, "  - %s\n", r->notes[i]);
    }
    if (in->node_static_w > 0)
        fprintf(o, "\nNot counted: embodied (manufacturing) emissions, network and storage.\n");
    else
        fprintf(o, "\nNot counted: embodied (manufacturing) emissions, idle and static power of "
                   "the node, network and storage.\n");
    return ferror(o) ? -1 : 0;
}

/* ---- JSON ----------------------------------------------------------------- */

static cJSON *resolved(const struct gt_resolved *x)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "what", x->what);
    cJSON_AddStringToObject(o, "source", x->source);
    return o;
}

static cJSON *origin(const struct gt_hw_origin * or)
{
    char buf[300];
    snprintf(buf, sizeof buf, "%s:%ld", or->file, or->line);
    return cJSON_CreateString(buf);
}

int gt_estimate_write_json(FILE *out, const struct gt_estimate_report *r)
{
    cJSON *o = gt_estimate_json(r);
    return o ? gt_out_json_print(out, o) : -1;
}

cJSON *gt_estimate_json(const struct gt_estimate_report *r)
{
    const struct gt_estimate_input *in = &r->in;
    const struct gt_estimate_result *res = &r->res;
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "tool", "greentally");
    cJSON_AddStringToObject(o, "tool_version", r->tool_version);
    cJSON_AddStringToObject(o, "method",
                            in->gpu_mode == GT_GPU_MEASURED ? "Green Algorithms v3.0, measured GPU"
                                                            : "Green Algorithms v3.0");
    cJSON_AddStringToObject(o, "hwdb_version", r->hwdb_version);
    gt_out_json_num(o, "runtime_h", in->runtime_h);
    gt_out_json_num(o, "energy_kwh", res->e_kwh);
    gt_out_json_num(o, "co2e_g", res->c_g);
    gt_out_json_range(o, "energy_kwh_range", r->e_range.lo, r->e_range.hi);
    gt_out_json_range(o, "co2e_g_range", r->c_range.lo, r->c_range.hi);
    cJSON *c = cJSON_AddObjectToObject(o, "components");
    gt_out_json_num(c, "cpu_kwh", res->e_cpu_kwh);
    gt_out_json_num(c, "gpu_kwh", res->e_gpu_kwh);
    gt_out_json_num(c, "memory_kwh", res->e_mem_kwh);
    if (in->node_static_w > 0)
        gt_out_json_num(c, "static_kwh", res->e_static_kwh);
    c = cJSON_AddObjectToObject(o, "co2e_components");
    gt_out_json_num(c, "cpu_g", res->c_cpu_g);
    gt_out_json_num(c, "gpu_g", res->c_gpu_g);
    gt_out_json_num(c, "memory_g", res->c_mem_g);
    if (in->node_static_w > 0)
        gt_out_json_num(c, "static_g", res->c_static_g);
    c = cJSON_AddObjectToObject(o, "power_w");
    gt_out_json_num(c, "cpu", res->p_cpu_w);
    gt_out_json_num(c, "gpu", res->p_gpu_w);
    gt_out_json_num(c, "memory", res->p_mem_w);
    if (in->node_static_w > 0) {
        gt_out_json_num(c, "static", res->p_static_w);
        cJSON *ns = cJSON_AddObjectToObject(o, "node_static");
        gt_out_json_num(ns, "node_w", in->node_static_w);
        gt_out_json_num(ns, "share", in->node_share);
        cJSON_AddItemToObject(ns, "resolved", resolved(&r->node_static));
    }
    gt_out_json_num(c, "total", res->p_w);
    gt_out_json_num(o, "ci_g_per_kwh", in->ci_g_per_kwh);
    gt_out_json_num(o, "pue", in->pue);
    gt_out_json_num(o, "psf", in->psf);

    cJSON *inputs = cJSON_AddObjectToObject(o, "inputs");
    cJSON *x = cJSON_AddObjectToObject(inputs, "runtime");
    gt_out_json_num(x, "seconds", r->runtime_s);
    gt_out_json_num(x, "hours", in->runtime_h);

    x = cJSON_AddObjectToObject(inputs, "cpu");
    if (r->cpu_query)
        cJSON_AddStringToObject(x, "query", r->cpu_query);
    else
        cJSON_AddNullToObject(x, "query");
    if (r->cpu) {
        cJSON_AddStringToObject(x, "model", r->cpu->model);
        gt_out_json_num(x, "chip_cores", r->cpu->cores);
        gt_out_json_num(x, "chip_tdp_w", r->cpu->tdp_w);
        cJSON_AddItemToObject(x, "hwdb_row", origin(&r->cpu->origin));
    } else {
        cJSON_AddNullToObject(x, "model");
    }
    gt_out_json_num(x, "cores", in->n_cores);
    gt_out_json_num(x, "tdp_per_core_w", in->cpu_tdp_per_core_w);
    gt_out_json_num(x, "usage", in->cpu_usage);
    cJSON_AddItemToObject(x, "tdp", resolved(&r->cpu_tdp));

    x = cJSON_AddObjectToObject(inputs, "gpu");
    if (r->gpu_query)
        cJSON_AddStringToObject(x, "query", r->gpu_query);
    else
        cJSON_AddNullToObject(x, "query");
    if (r->gpu) {
        cJSON_AddStringToObject(x, "model", r->gpu->model);
        cJSON_AddItemToObject(x, "hwdb_row", origin(&r->gpu->origin));
    } else {
        cJSON_AddNullToObject(x, "model");
    }
    gt_out_json_num(x, "count", in->n_gpus);
    cJSON_AddStringToObject(x, "mode", in->gpu_mode == GT_GPU_MEASURED ? "measured" : "tdp");
    if (in->gpu_mode == GT_GPU_MEASURED) {
        gt_out_json_num(x, "power_w", in->gpu_power_w);
        gt_out_json_num(x, "idle_w", in->gpu_idle_w);
    } else {
        gt_out_json_num(x, "tdp_w", in->gpu_tdp_w);
        gt_out_json_num(x, "usage", in->gpu_usage);
    }
    cJSON_AddItemToObject(x, "tdp", resolved(&r->gpu_tdp));

    x = cJSON_AddObjectToObject(inputs, "memory");
    gt_out_json_num(x, "gb", in->memory_gb);
    gt_out_json_num(x, "w_per_gb", in->memory_power_w_per_gb);
    cJSON_AddStringToObject(x, "source", r->memory_power.source);

    x = cJSON_AddObjectToObject(inputs, "location");
    if (r->location) {
        cJSON_AddStringToObject(x, "code", r->location->code);
        cJSON_AddStringToObject(x, "country", r->location->country);
        cJSON_AddStringToObject(x, "region", r->location->region);
        cJSON_AddStringToObject(x, "dataset", r->location->dataset);
        if (r->location->year)
            cJSON_AddNumberToObject(x, "year", r->location->year);
        else
            cJSON_AddNullToObject(x, "year");
    } else {
        cJSON_AddNullToObject(x, "code");
    }
    gt_out_json_num(x, "ci_g_per_kwh", in->ci_g_per_kwh);
    cJSON_AddStringToObject(x, "source", r->ci.source);
    if (r->ci_series_file) {
        char tb[40];
        cJSON *cs = cJSON_AddObjectToObject(x, "ci_series");
        cJSON_AddStringToObject(cs, "file", r->ci_series_file);
        cJSON_AddStringToObject(cs, "covers", r->ci_series_span);
        cJSON_AddStringToObject(cs, "interpolation", r->ci_interp);
        cJSON_AddStringToObject(cs, "start", gt_time_fmt(r->start, 1, tb, sizeof tb));
        gt_out_json_num(cs, "coverage", r->ci_series_coverage);
        gt_out_json_num(cs, "series_mean_g_per_kwh", r->ci_series_mean);
        gt_out_json_num(cs, "static_g_per_kwh", r->ci_static);
        cJSON_AddBoolToObject(cs, "fallback", isnan(r->ci_series_mean));
    }

    x = cJSON_AddObjectToObject(inputs, "pue");
    gt_out_json_num(x, "value", in->pue);
    cJSON_AddStringToObject(x, "platform", r->platform);
    if (r->provider)
        cJSON_AddStringToObject(x, "provider", r->provider);
    else
        cJSON_AddNullToObject(x, "provider");
    if (r->region)
        cJSON_AddStringToObject(x, "region", r->region);
    else
        cJSON_AddNullToObject(x, "region");
    cJSON_AddStringToObject(x, "source", r->pue.source);

    x = cJSON_AddObjectToObject(inputs, "psf");
    gt_out_json_num(x, "value", in->psf);
    cJSON_AddStringToObject(x, "source", r->psf.source);

    const struct gt_equivalents *e = &r->eq;
    x = cJSON_AddObjectToObject(o, "equivalents");
    gt_out_json_num(x, "tree_months", e->tree_months);
    gt_out_json_num(x, "car_km_eu", e->ga_car_km);
    cJSON *fl = cJSON_AddObjectToObject(x, "flight");
    cJSON_AddStringToObject(fl, "route", gt_flight_name(e->flight));
    gt_out_json_num(fl, "count", e->flight_count);
    gt_out_json_num(x, "carbontracker_car_km", e->ct_car_km);
    gt_out_json_num(x, "codecarbon_household_week_pct", e->cc_household_pct);
    gt_out_json_num(x, "codecarbon_miles", e->cc_miles);
    gt_out_json_num(x, "codecarbon_tv_minutes", e->cc_tv_minutes);

    cJSON *consts = cJSON_AddArrayToObject(o, "constants");
    for (int i = 0; i < r->nconstants; i++) {
        cJSON *k = cJSON_CreateObject();
        cJSON_AddStringToObject(k, "name", r->constants[i]->name);
        gt_out_json_num(k, "value", r->constants[i]->value);
        cJSON_AddStringToObject(k, "unit", r->constants[i]->unit);
        cJSON_AddStringToObject(k, "source", r->constants[i]->source);
        cJSON_AddItemToArray(consts, k);
    }
    cJSON *unc = cJSON_AddObjectToObject(o, "uncertainty");
    cJSON_AddStringToObject(unc, "method",
                            "interval arithmetic over each input's documented range; the central "
                            "value is unchanged (docs/method.md)");
    static const char *const pue_kinds[] = {"none", "stated", "typical"};
    cJSON_AddStringToObject(unc, "pue", pue_kinds[r->pue_kind]);
    gt_out_json_num(unc, "ci_other_dataset_g_per_kwh", r->ci_alt);
    cJSON *fs = cJSON_AddArrayToObject(unc, "factors");
    for (int i = 0; i < r->nunc; i++) {
        cJSON *k = cJSON_CreateObject();
        cJSON_AddStringToObject(k, "name", r->unc_rows[i]->name);
        gt_out_json_num(k, "low", r->unc_rows[i]->low);
        gt_out_json_num(k, "high", r->unc_rows[i]->high);
        cJSON_AddStringToObject(k, "applies_to", r->unc_rows[i]->applies);
        cJSON_AddStringToObject(k, "source", r->unc_rows[i]->source);
        cJSON_AddItemToArray(fs, k);
    }
    cJSON *notes = cJSON_AddArrayToObject(o, "notes");
    for (int i = 0; i < r->nnotes; i++)
        cJSON_AddItemToArray(notes, cJSON_CreateString(r->notes[i]));
    cJSON_AddStringToObject(o, "not_counted",
                            "embodied emissions, idle/static power, network and storage");

    return o;
}

/* ---- CSV ------------------------------------------------------------------ */

int gt_estimate_write_csv(FILE *o, const struct gt_estimate_report *r)
{
    const struct gt_estimate_input *in = &r->in;
    const struct gt_estimate_result *res = &r->res;
    static const char *const cols[] = {
        "runtime_h",  "energy_kwh", "co2e_g",    "cpu_kwh",     "gpu_kwh",
        "memory_kwh", "cpu_w",      "gpu_w",     "memory_w",    "ci_g_per_kwh",
        "pue",        "psf",        "cpu_model", "cores",       "cpu_tdp_per_core_w",
        "cpu_usage",  "gpu_model",  "gpus",      "gpu_w_each",  "gpu_usage",
        "memory_gb",  "location",   "method",    "hwdb_version"};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
        gt_out_csv_str(o, cols[i], i == 0);
    if (r->ci_series_file)
        fputs(",ci_series,ci_series_coverage,ci_interp", o);
    fputs(",energy_kwh_low,energy_kwh_high,co2e_g_low,co2e_g_high", o);
    if (in->node_static_w > 0)
        fputs(",node_static_w,node_share,static_w,static_kwh", o);
    fputc('\n', o);
    char b[40];
    fputs(gt_num_fmt(in->runtime_h, b, sizeof b), o);
    gt_out_csv_num(o, res->e_kwh);
    gt_out_csv_num(o, res->c_g);
    gt_out_csv_num(o, res->e_cpu_kwh);
    gt_out_csv_num(o, res->e_gpu_kwh);
    gt_out_csv_num(o, res->e_mem_kwh);
    gt_out_csv_num(o, res->p_cpu_w);
    gt_out_csv_num(o, res->p_gpu_w);
    gt_out_csv_num(o, res->p_mem_w);
    gt_out_csv_num(o, in->ci_g_per_kwh);
    gt_out_csv_num(o, in->pue);
    gt_out_csv_num(o, in->psf);
    gt_out_csv_str(o, r->cpu ? r->cpu->model : "", 0);
    gt_out_csv_num(o, in->n_cores);
    gt_out_csv_num(o, in->cpu_tdp_per_core_w);
    gt_out_csv_num(o, in->cpu_usage);
    gt_out_csv_str(o, r->gpu ? r->gpu->model : "", 0);
    gt_out_csv_num(o, in->n_gpus);
    gt_out_csv_num(o, in->gpu_mode == GT_GPU_MEASURED
                          ? (in->n_gpus > 0 ? res->p_gpu_w / in->n_gpus : 0)
                          : in->gpu_tdp_w);
    gt_out_csv_num(o, in->gpu_mode == GT_GPU_MEASURED ? NAN : in->gpu_usage);
    gt_out_csv_num(o, in->memory_gb);
    gt_out_csv_str(o, r->location ? r->location->code : "", 0);
    gt_out_csv_str(o,
                   in->gpu_mode == GT_GPU_MEASURED ? "Green Algorithms v3.0, measured GPU"
                                                   : "Green Algorithms v3.0",
                   0);
    gt_out_csv_str(o, r->hwdb_version, 0);
    if (r->ci_series_file) {
        gt_out_csv_str(o, r->ci_series_file, 0);
        gt_out_csv_num(o, r->ci_series_coverage);
        gt_out_csv_str(o, r->ci_interp, 0);
    }
    gt_out_csv_num(o, r->e_range.lo);
    gt_out_csv_num(o, r->e_range.hi);
    gt_out_csv_num(o, r->c_range.lo);
    gt_out_csv_num(o, r->c_range.hi);
    if (in->node_static_w > 0) {
        gt_out_csv_num(o, in->node_static_w);
        gt_out_csv_num(o, in->node_share);
        gt_out_csv_num(o, res->p_static_w);
        gt_out_csv_num(o, res->e_static_kwh);
    }
    fputc('\n', o);
    return ferror(o) ? -1 : 0;
}
