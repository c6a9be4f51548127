#include <cJSON.h>
#include <csv.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gt_duration.h"
#include "gt_embodied_sum.h"
#include "gt_format.h"
#include "gt_num.h"
#include "gt_out.h"
#include "gt_summary_out.h"
#include "gt_text.h"
#include "gt_time.h"

char *gt_summary_accounting(const struct gt_accounting *a, char *buf, size_t size)
{
    char extra[96] = "";
    int e = 0;
    if (a->files_rejected)
        e = snprintf(extra, sizeof extra, ", %ld rejected", a->files_rejected);
    if (a->files_duplicate && e >= 0 && (size_t)e < sizeof extra)
        snprintf(extra + e, sizeof extra - (size_t)e, ", %ld duplicate", a->files_duplicate);
    int n = snprintf(buf, size,
                     "files: %ld read, %ld skipped%s; rows read %ld = %ld used + %ld superseded + "
                     "%ld rejected",
                     a->files_read, a->files_skipped, extra, a->rows_read, a->rows_used,
                     a->rows_superseded, a->rows_rejected);
    if (a->rows_excluded && n > 0 && (size_t)n < size)
        snprintf(buf + n, size - (size_t)n, " + %ld excluded", a->rows_excluded);
    return buf;
}

const char *gt_warning_kind_name(int kind)
{
    static const char *const kinds[] = {"warning", "rejected", "skipped", "file_rejected",
                                        "duplicate"};
    return kind >= 0 && kind < (int)(sizeof kinds / sizeof kinds[0]) ? kinds[kind] : "warning";
}

const char gt_summary_range_note[] =
    "ranges: low - high from the uncertainty of each input (TDP-based power, memory W/GB, "
    "measured power, PUE, carbon intensity; hwdb uncertainty.csv), added run by run; the central "
    "figure is unchanged (docs/method.md, How sure is this)";

/* ---- table ---------------------------------------------------------------- */

static const char *fixed(double v, int dec, char *buf, size_t size)
{
    if (isnan(v))
        return "-";
    snprintf(buf, size, "%.*f", dec, v);
    return buf;
}

/* s as shown on a terminal (gt_text_escape): s itself, or an escaped copy
 * kept in *tmp (freed by the next call and by the caller). */
#define shown gt_out_term

/* A key cut to 45 bytes at a character boundary, then "...". */
static const char *cut_key(const char *v, char *kb, size_t size)
{
    size_t n = 45;
    while (n && ((unsigned char)v[n] & 0xC0) == 0x80)
        n--;
    snprintf(kb, size, "%.*s...", (int)n, v);
    return kb;
}

struct col {
    const char *title;
    int width;
    int right;
};

static void cell(FILE *o, const char *s, int width, int right, int last)
{
    if (right)
        fprintf(o, "%*s", width, s);
    else if (last)
        fputs(s, o);
    else
        fprintf(o, "%-*s", width, s);
    if (!last)
        fputs("  ", o);
}

/* A component total: "-" when no run knew it, else the sum (runs lacking it
 * are reported below the table). */
static const char *comp(double sum, long missing, long runs, char *buf, size_t size)
{
    if (runs && missing == runs)
        return "-";
    return fixed(sum, 6, buf, size);
}

static void totals_cells(FILE *o, const struct gt_totals *t, const int *w)
{
    char b[7][64];
    char runs[32];
    snprintf(runs, sizeof runs, "%ld", t->runs);
    cell(o, runs, w[0], 1, 0);
    cell(o, t->runs == t->no_duration ? "-" : gt_duration_fmt(t->duration_s, b[0], sizeof b[0]),
         w[1], 1, 0);
    cell(o, comp(t->energy_kwh, t->no_energy, t->runs, b[1], sizeof b[1]), w[2], 1, 0);
    cell(o, comp(t->cpu_kwh, t->no_cpu, t->runs, b[2], sizeof b[2]), w[3], 1, 0);
    cell(o, comp(t->gpu_kwh, t->no_gpu, t->runs, b[3], sizeof b[3]), w[4], 1, 0);
    cell(o, comp(t->ram_kwh, t->no_ram, t->runs, b[4], sizeof b[4]), w[5], 1, 0);
    cell(o, t->runs && t->no_co2e == t->runs ? "-" : fixed(t->co2e_g, 3, b[5], sizeof b[5]), w[6],
         1, 0);
    cell(o, gt_out_range_fixed(t->energy_kwh_lo, t->energy_kwh_hi, 6, b[6], sizeof b[6]), w[7], 1,
         0);
    char rb[80];
    cell(o, gt_out_range_fixed(t->co2e_g_lo, t->co2e_g_hi, 3, rb, sizeof rb), w[8], 1, 1);
    fputc('\n', o);
}

static void missing_note(FILE *o, const struct gt_totals *t)
{
    struct {
        long n;
        const char *what;
    } m[] = {{t->no_energy, "energy"},  {t->no_co2e, "CO2e"},      {t->no_cpu, "CPU energy"},
             {t->no_gpu, "GPU energy"}, {t->no_ram, "RAM energy"}, {t->no_duration, "duration"}};
    int any = 0;
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
        if (!m[i].n)
            continue;
        fprintf(o, "%s%ld of %ld runs without %s",
                any ? "; " : "not known (not counted as zero): ", m[i].n, t->runs, m[i].what);
        any = 1;
    }
    if (any)
        fputc('\n', o);
}

/* What the --ci-series was and how the runs used it. */
static void ci_series_line(FILE *o, const struct gt_summary_doc *d)
{
    const struct gt_agg_result *r = d->res;
    const struct gt_ci_series *s = r->opts.ci_series;
    char a[40], b[40];
    fprintf(o, "ci series: %s (%s%s%s): %s to %s, %s interpolation\n",
            d->ci_series_file ? d->ci_series_file : "-", s->format, s->zone[0] ? ", zone " : "",
            s->zone, s->n ? gt_time_fmt(s->p[0].t, 1, a, sizeof a) : "-",
            s->n ? gt_time_fmt(s->p[s->n - 1].end, 1, b, sizeof b) : "-",
            gt_ci_interp_name(r->opts.ci_interp));
    long outside = r->ci_fallback_runs - r->ci_fallback_local - r->ci_fallback_notime;
    fprintf(o,
            "ci series: %ld runs covered, %ld partly (the rest at the static intensity), %ld "
            "not covered (%ld outside the series, %ld local time without a zone, %ld without a "
            "time): %s\n",
            r->ci_series_runs, r->ci_partial_runs, r->ci_fallback_runs, outside,
            r->ci_fallback_local, r->ci_fallback_notime,
            r->opts.set_ci ? "CO2e at the --ci value" : "CO2e as logged");
}

int gt_summary_write_table(FILE *o, const struct gt_summary_doc *d)
{
    const struct gt_agg_result *r = d->res;
    const struct gt_agg_opts *op = &r->opts;
    static const char *const num_titles[] = {"runs",    "duration",         "energy kWh",
                                             "cpu kWh", "gpu kWh",          "ram kWh",
                                             "CO2e g",  "energy range kWh", "CO2e range g"};
    int w[9] = {4, 8, 10, 10, 10, 10, 10, 10, 10};
    char b[80];
    /* widths from the data */
    for (size_t i = 0; i < 9; i++)
        if ((int)strlen(num_titles[i]) > w[i])
            w[i] = (int)strlen(num_titles[i]);
    size_t ng = op->nby ? r->ngroups : 0;
    for (size_t g = 0; g <= ng; g++) {
        const struct gt_totals *t = g < ng ? &r->groups[g].t : &r->totals;
        int l;
        l = snprintf(b, sizeof b, "%ld", t->runs);
        w[0] = l > w[0] ? l : w[0];
        l = (int)strlen(gt_duration_fmt(t->duration_s, b, sizeof b));
        w[1] = l > w[1] ? l : w[1];
        double v[5] = {t->energy_kwh, t->cpu_kwh, t->gpu_kwh, t->ram_kwh, t->co2e_g};
        for (int k = 0; k < 5; k++) {
            l = (int)strlen(fixed(v[k], k == 4 ? 3 : 6, b, sizeof b));
            w[2 + k] = l > w[2 + k] ? l : w[2 + k];
        }
        l = (int)strlen(gt_out_range_fixed(t->energy_kwh_lo, t->energy_kwh_hi, 6, b, sizeof b));
        w[7] = l > w[7] ? l : w[7];
        l = (int)strlen(gt_out_range_fixed(t->co2e_g_lo, t->co2e_g_hi, 3, b, sizeof b));
        w[8] = l > w[8] ? l : w[8];
    }
    int kw[GT_AGG_MAX_KEYS];
    char *tmp = NULL;
    for (size_t k = 0; k < op->nby; k++) {
        kw[k] = (int)strlen(gt_key_name(op->by[k]));
        for (size_t g = 0; g < ng; g++) {
            const char *v = r->groups[g].key[k][0] ? shown(r->groups[g].key[k], &tmp) : "(unknown)";
            int l = (int)strlen(v);
            if (l > 48)
                l = 48;
            kw[k] = l > kw[k] ? l : kw[k];
        }
    }
    for (size_t k = 0; k < op->nby; k++)
        cell(o, gt_key_name(op->by[k]), kw[k], 0, 0);
    for (int i = 0; i < 9; i++)
        cell(o, num_titles[i], w[i], 1, i == 8);
    fputc('\n', o);
    for (size_t g = 0; g < ng; g++) {
        for (size_t k = 0; k < op->nby; k++) {
            const char *v = r->groups[g].key[k][0] ? shown(r->groups[g].key[k], &tmp) : "(unknown)";
            char kb[64];
            if (strlen(v) > 48)
                v = cut_key(v, kb, sizeof kb);
            cell(o, v, kw[k], 0, 0);
        }
        totals_cells(o, &r->groups[g].t, w);
    }
    if (op->nby) {
        int kwsum = 0;
        for (size_t k = 0; k < op->nby; k++)
            kwsum += kw[k] + 2;
        fprintf(o, "%-*s", kwsum, "total");
    }
    totals_cells(o, &r->totals, w);
    missing_note(o, &r->totals);
    gt_summary_embodied_line(o, d);
    if (r->totals.local_time)
        fprintf(o, "times: %ld of %ld runs logged local time without a zone; dates are as logged\n",
                r->totals.local_time, r->totals.runs);
    if (r->totals.recomputed || d->ci_label || op->set_pue) {
        char what[256];
        gt_agg_recompute_text(&r->totals, what, sizeof what);
        fprintf(o, "harmonised: %s", what);
        if (op->ci_series)
            fprintf(o, "; CO2e = energy x the series' mean over each run");
        if (op->set_ci)
            fprintf(o, "%s%s gCO2e/kWh", op->ci_series ? "; outside it: " : "; CO2e = energy x ",
                    gt_num_fmt(op->ci_g_per_kwh, b, sizeof b));
        if (d->ci_label && op->set_ci)
            fprintf(o, " (%s)", d->ci_label);
        if (op->set_pue)
            fprintf(o, "; energy with PUE %s instead of the tool's",
                    gt_num_fmt(op->pue, b, sizeof b));
        fputc('\n', o);
    }
    if (op->ci_series)
        ci_series_line(o, d);
    if (r->totals.predicted)
        fprintf(o, "predicted: %ld runs counted from carbontracker predictions\n",
                r->totals.predicted);
    if (r->excluded_predicted)
        fprintf(o,
                "not counted: %ld carbontracker runs with only a prediction "
                "(--include-predicted counts them)\n",
                r->excluded_predicted);
    if (r->excluded_filter)
        fprintf(o, "not counted: %ld runs outside the filters\n", r->excluded_filter);
    if (r->multi_method_runs) {
        fprintf(o, "runs measured several ways (one method counts):\n");
        for (size_t i = 0; i < r->nruns; i++) {
            const struct gt_run *run = &r->runs[i];
            if (!run->nmethods)
                continue;
            char e[64], c[64];
            fprintf(o, "  %s\n", shown(run->rec->group_key, &tmp));
            fprintf(o, "    counted  %-20s %s kWh  %s g  (%s:%ld)\n", run->rec->format,
                    fixed(run->energy_kwh, 6, e, sizeof e), fixed(run->co2e_g, 3, c, sizeof c),
                    shown(run->rec->file, &tmp), run->rec->line);
            for (size_t m = 0; m < run->nmethods; m++) {
                const struct gt_record *x = run->methods[m];
                fprintf(o, "    also     %-20s %s kWh  %s g  (%s:%ld)\n", x->format,
                        fixed(gt_record_energy(x), 6, e, sizeof e),
                        fixed(x->co2e_g, 3, c, sizeof c), shown(x->file, &tmp), x->line);
            }
        }
    }
    free(tmp);
    if (!isnan(r->totals.energy_kwh_lo) || !isnan(r->totals.co2e_g_lo))
        fprintf(o, "%s\n", gt_summary_range_note);
    char acc[256];
    fprintf(o, "%s\n", gt_summary_accounting(&r->acc, acc, sizeof acc));
    return ferror(o) ? -1 : 0;
}

/* ---- CSV: one row per group (or the total when there is no --by) ----------- */

static void csv_totals(FILE *o, const struct gt_totals *t, int ci)
{
    fprintf(o, ",%ld", t->runs);
    gt_out_csv_num(o, t->duration_s);
    gt_out_csv_num(o, t->runs && t->no_energy == t->runs ? NAN : t->energy_kwh);
    gt_out_csv_num(o, t->runs && t->no_cpu == t->runs ? NAN : t->cpu_kwh);
    gt_out_csv_num(o, t->runs && t->no_gpu == t->runs ? NAN : t->gpu_kwh);
    gt_out_csv_num(o, t->runs && t->no_ram == t->runs ? NAN : t->ram_kwh);
    gt_out_csv_num(o, t->runs && t->no_co2e == t->runs ? NAN : t->co2e_g);
    fprintf(o, ",%ld,%ld,%ld,%ld,%ld", t->no_energy, t->no_cpu, t->no_gpu, t->no_ram, t->no_co2e);
    if (ci)
        fprintf(o, ",%ld,%ld,%ld", t->ci_series, t->ci_partial, t->ci_fallback);
    gt_out_csv_num(o, t->energy_kwh_lo);
    gt_out_csv_num(o, t->energy_kwh_hi);
    gt_out_csv_num(o, t->co2e_g_lo);
    gt_out_csv_num(o, t->co2e_g_hi);
    fputc('\n', o);
}

int gt_summary_write_csv(FILE *o, const struct gt_summary_doc *d)
{
    const struct gt_agg_result *r = d->res;
    const struct gt_agg_opts *op = &r->opts;
    int first = 1;
    for (size_t k = 0; k < op->nby; k++) {
        gt_out_csv_str(o, gt_key_name(op->by[k]), first);
        first = 0;
    }
    if (!op->nby) {
        gt_out_csv_str(o, "group", 1);
    }
    fputs(",runs,duration_s,energy_kwh,cpu_kwh,gpu_kwh,ram_kwh,co2e_g,runs_without_energy,"
          "runs_without_cpu,runs_without_gpu,runs_without_ram,runs_without_co2e",
          o);
    if (op->ci_series)
        fputs(",runs_ci_series,runs_ci_partial,runs_ci_fallback", o);
    fputs(",energy_kwh_low,energy_kwh_high,co2e_g_low,co2e_g_high\n", o);
    for (size_t g = 0; g < (op->nby ? r->ngroups : 0); g++) {
        for (size_t k = 0; k < op->nby; k++)
            gt_out_csv_str(o, r->groups[g].key[k], k == 0);
        csv_totals(o, &r->groups[g].t, op->ci_series != NULL);
    }
    gt_out_csv_str(o, "total", 1);
    for (size_t k = 1; k < op->nby; k++)
        fputc(',', o);
    csv_totals(o, &r->totals, op->ci_series != NULL);
    return ferror(o) ? -1 : 0;
}

/* ---- JSON ------------------------------------------------------------------- */

static cJSON *totals_json(const struct gt_totals *t, int ci)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "runs", (double)t->runs);
    gt_out_json_num(o, "duration_s", t->duration_s);
    gt_out_json_num(o, "energy_kwh", t->runs && t->no_energy == t->runs ? NAN : t->energy_kwh);
    gt_out_json_num(o, "cpu_kwh", t->runs && t->no_cpu == t->runs ? NAN : t->cpu_kwh);
    gt_out_json_num(o, "gpu_kwh", t->runs && t->no_gpu == t->runs ? NAN : t->gpu_kwh);
    gt_out_json_num(o, "ram_kwh", t->runs && t->no_ram == t->runs ? NAN : t->ram_kwh);
    gt_out_json_num(o, "co2e_g", t->runs && t->no_co2e == t->runs ? NAN : t->co2e_g);
    gt_out_json_range(o, "energy_kwh_range", t->energy_kwh_lo, t->energy_kwh_hi);
    gt_out_json_range(o, "co2e_g_range", t->co2e_g_lo, t->co2e_g_hi);
    cJSON *m = cJSON_AddObjectToObject(o, "runs_without");
    cJSON_AddNumberToObject(m, "duration", (double)t->no_duration);
    cJSON_AddNumberToObject(m, "energy", (double)t->no_energy);
    cJSON_AddNumberToObject(m, "cpu", (double)t->no_cpu);
    cJSON_AddNumberToObject(m, "gpu", (double)t->no_gpu);
    cJSON_AddNumberToObject(m, "ram", (double)t->no_ram);
    cJSON_AddNumberToObject(m, "co2e", (double)t->no_co2e);
    cJSON_AddNumberToObject(o, "runs_predicted", (double)t->predicted);
    cJSON_AddNumberToObject(o, "runs_recomputed", (double)t->recomputed);
    cJSON_AddNumberToObject(o, "runs_local_time", (double)t->local_time);
    if (ci) {
        cJSON_AddNumberToObject(o, "runs_ci_series", (double)t->ci_series);
        cJSON_AddNumberToObject(o, "runs_ci_partial", (double)t->ci_partial);
        cJSON_AddNumberToObject(o, "runs_ci_fallback", (double)t->ci_fallback);
    }
    return o;
}

static cJSON *record_json(const struct gt_record *x)
{
    cJSON *o = cJSON_CreateObject();
    gt_out_json_str(o, "tool", gt_tool_name(x->tool));
    gt_out_json_str(o, "tool_version", x->tool_version);
    gt_out_json_str(o, "format", x->format);
    gt_out_json_str(o, "file", x->file);
    cJSON_AddNumberToObject(o, "line", (double)x->line);
    cJSON_AddNumberToObject(o, "rows", (double)x->nrows);
    return o;
}

char *gt_summary_embodied_text(const struct gt_embodied_sum *e, char *buf, size_t size)
{
    char b1[40], b2[40], b3[40], b4[40], b5[40], b6[40];
    snprintf(buf, size,
             "%s CO2e (GPUs %s, CPUs %s) over %ld runs, %s h; lifetime %s years, utilisation %s; "
             "shown apart, not in the totals",
             gt_format_mass(e->g, b1, sizeof b1), gt_format_mass(e->gpu_g, b2, sizeof b2),
             gt_format_mass(e->cpu_g, b3, sizeof b3), e->runs, gt_format_sig(e->hours, 4, b4, 40),
             gt_num_fmt(e->lifetime_years, b5, sizeof b5), gt_num_fmt(e->utilization, b6, 40));
    return buf;
}

void gt_summary_embodied_line(FILE *o, const struct gt_summary_doc *d)
{
    const struct gt_embodied_sum *e = d->embodied;
    char b[400];
    if (!e || !e->given)
        return;
    fprintf(o, "embodied: %s\n", gt_summary_embodied_text(e, b, sizeof b));
    if (e->runs_no_hw || e->runs_no_duration)
        fprintf(o, "embodied: not counted: %ld runs naming no CPU or GPU, %ld without a duration\n",
                e->runs_no_hw, e->runs_no_duration);
    if (e->class_defaults)
        fprintf(o,
                "embodied: %ld parts at their class default (no figure for the model): see "
                "greentally hwdb and docs/method.md\n",
                e->class_defaults);
}

static void embodied_json(cJSON *root, const struct gt_embodied_sum *e)
{
    if (!e || !e->given)
        return;
    cJSON *o = cJSON_AddObjectToObject(root, "embodied");
    gt_out_json_num(o, "co2e_g", e->g);
    cJSON_AddBoolToObject(o, "included_in_totals", 0);
    gt_out_json_num(o, "gpu_g", e->gpu_g);
    gt_out_json_num(o, "cpu_g", e->cpu_g);
    cJSON_AddNumberToObject(o, "runs", (double)e->runs);
    gt_out_json_num(o, "hours", e->hours);
    cJSON_AddNumberToObject(o, "runs_no_hardware", (double)e->runs_no_hw);
    cJSON_AddNumberToObject(o, "runs_no_duration", (double)e->runs_no_duration);
    cJSON_AddNumberToObject(o, "class_defaults", (double)e->class_defaults);
    gt_out_json_num(o, "lifetime_years", e->lifetime_years);
    gt_out_json_str(o, "lifetime_source", e->lifetime_source ? e->lifetime_source : "");
    gt_out_json_num(o, "utilization", e->utilization);
}

/* Run i of the summary doc ctx, for the runs array (made as it is printed). */
static cJSON *run_json(const void *ctx, size_t i)
{
    const struct gt_summary_doc *d = ctx;
    const struct gt_agg_result *r = d->res;
    const struct gt_agg_opts *op = &r->opts;
    const struct gt_run *x = &r->runs[i];
    struct gt_run_rec xb;
    const struct gt_record *xr = gt_agg_run_record(x, &xb);
    cJSON *o = record_json(xr);
    gt_out_json_str(o, "run", x->key[GT_KEY_RUN]);
    gt_out_json_str(o, "project", xr->project);
    gt_out_json_str(o, "kind", gt_kind_name(xr->kind));
    char tb[40];
    if (!isnan(xr->start)) {
        gt_out_json_str(o, "start", gt_time_fmt(xr->start, xr->tz == GT_TZ_UTC, tb, sizeof tb));
    } else
        cJSON_AddNullToObject(o, "start");
    cJSON_AddBoolToObject(o, "local_time", xr->tz == GT_TZ_LOCAL);
    gt_out_json_num(o, "duration_s", xr->duration_s);
    gt_out_json_num(o, "energy_kwh", x->energy_kwh);
    gt_out_json_num(o, "cpu_kwh", x->cpu_kwh);
    gt_out_json_num(o, "gpu_kwh", x->gpu_kwh);
    gt_out_json_num(o, "ram_kwh", x->ram_kwh);
    gt_out_json_num(o, "co2e_g", x->co2e_g);
    gt_out_json_range(o, "energy_kwh_range", x->energy_kwh_lo, x->energy_kwh_hi);
    gt_out_json_range(o, "co2e_g_range", x->co2e_g_lo, x->co2e_g_hi);
    gt_out_json_num(o, "ci_g_per_kwh", x->ci_g_per_kwh);
    gt_out_json_num(o, "pue_logged", xr->pue);
    cJSON_AddBoolToObject(o, "recomputed", x->recomputed);
    if (op->ci_series) {
        static const char *const uses[] = {"none", "series", "partial", "fallback"};
        gt_out_json_str(o, "ci_series_use", uses[x->ci_use]);
        gt_out_json_num(o, "ci_series_coverage", x->ci_coverage);
    }
    if (x->recompute_note[0])
        gt_out_json_str(o, "recompute_note", x->recompute_note);
    cJSON_AddNumberToObject(o, "rows_seen", (double)x->rows);
    if (x->nmethods) {
        cJSON *m = cJSON_AddArrayToObject(o, "other_methods");
        for (size_t k = 0; k < x->nmethods; k++) {
            cJSON *mo = record_json(x->methods[k]);
            gt_out_json_num(mo, "energy_kwh", gt_record_energy(x->methods[k]));
            gt_out_json_num(mo, "co2e_g", x->methods[k]->co2e_g);
            cJSON_AddItemToArray(m, mo);
        }
    }
    return o;
}

cJSON *gt_summary_json(const struct gt_summary_doc *d)
{
    const struct gt_agg_result *r = d->res;
    const struct gt_agg_opts *op = &r->opts;
    cJSON *root = cJSON_CreateObject();
    gt_out_json_str(root, "tool", "greentally");
    gt_out_json_str(root, "tool_version", d->tool_version ? d->tool_version : "");
    cJSON *by = cJSON_AddArrayToObject(root, "by");
    for (size_t k = 0; k < op->nby; k++)
        cJSON_AddItemToArray(by, cJSON_CreateString(gt_key_name(op->by[k])));
    cJSON_AddItemToObject(root, "totals", totals_json(&r->totals, op->ci_series != NULL));
    cJSON *groups = cJSON_AddArrayToObject(root, "groups");
    for (size_t g = 0; g < (op->nby ? r->ngroups : 0); g++) {
        cJSON *go = totals_json(&r->groups[g].t, op->ci_series != NULL);
        cJSON *key = cJSON_CreateObject();
        for (size_t k = 0; k < op->nby; k++)
            gt_out_json_str(key, gt_key_name(op->by[k]), r->groups[g].key[k]);
        cJSON_AddItemToObject(go, "key", key);
        cJSON_AddItemToArray(groups, go);
    }
    cJSON *acc = cJSON_AddObjectToObject(root, "accounting");
    cJSON_AddNumberToObject(acc, "files_read", (double)r->acc.files_read);
    cJSON_AddNumberToObject(acc, "files_skipped", (double)r->acc.files_skipped);
    cJSON_AddNumberToObject(acc, "files_rejected", (double)r->acc.files_rejected);
    cJSON_AddNumberToObject(acc, "files_duplicate", (double)r->acc.files_duplicate);
    cJSON_AddNumberToObject(acc, "rows_read", (double)r->acc.rows_read);
    cJSON_AddNumberToObject(acc, "rows_used", (double)r->acc.rows_used);
    cJSON_AddNumberToObject(acc, "rows_superseded", (double)r->acc.rows_superseded);
    cJSON_AddNumberToObject(acc, "rows_rejected", (double)r->acc.rows_rejected);
    cJSON_AddNumberToObject(acc, "rows_excluded", (double)r->acc.rows_excluded);
    cJSON_AddNumberToObject(acc, "runs_excluded_predicted", (double)r->excluded_predicted);
    cJSON_AddNumberToObject(acc, "runs_excluded_by_filters", (double)r->excluded_filter);
    cJSON_AddNumberToObject(acc, "runs_with_energy_gap", (double)r->gap_runs);
    cJSON *h = cJSON_AddObjectToObject(root, "harmonisation");
    if (op->set_ci)
        cJSON_AddNumberToObject(h, "ci_g_per_kwh", op->ci_g_per_kwh);
    else
        cJSON_AddNullToObject(h, "ci_g_per_kwh");
    if (d->ci_label)
        gt_out_json_str(h, "ci_source", d->ci_label);
    if (op->set_pue)
        cJSON_AddNumberToObject(h, "pue", op->pue);
    else
        cJSON_AddNullToObject(h, "pue");
    if (op->ci_series) {
        const struct gt_ci_series *cs = op->ci_series;
        char tb[40];
        cJSON *cj = cJSON_AddObjectToObject(h, "ci_series");
        gt_out_json_str(cj, "file", d->ci_series_file ? d->ci_series_file : "");
        gt_out_json_str(cj, "format", cs->format);
        gt_out_json_str(cj, "detail", cs->detail);
        gt_out_json_str(cj, "zone", cs->zone);
        gt_out_json_str(cj, "from", cs->n ? gt_time_fmt(cs->p[0].t, 1, tb, sizeof tb) : "");
        gt_out_json_str(cj, "to", cs->n ? gt_time_fmt(cs->p[cs->n - 1].end, 1, tb, sizeof tb) : "");
        gt_out_json_str(cj, "interpolation", gt_ci_interp_name(op->ci_interp));
        cJSON_AddNumberToObject(cj, "runs_covered", (double)r->ci_series_runs);
        cJSON_AddNumberToObject(cj, "runs_partly_covered", (double)r->ci_partial_runs);
        cJSON_AddNumberToObject(cj, "runs_fallback", (double)r->ci_fallback_runs);
        cJSON_AddNumberToObject(cj, "runs_fallback_local_time", (double)r->ci_fallback_local);
        cJSON_AddNumberToObject(cj, "runs_fallback_no_time", (double)r->ci_fallback_notime);
    }
    if (!gt_out_json_lazy_array(root, "runs", r->nruns, run_json, d)) {
        cJSON_Delete(root);
        return NULL;
    }
    cJSON *w = cJSON_AddArrayToObject(root, "warnings");
    for (size_t i = 0; i < d->nwarnings; i++) {
        cJSON *o = cJSON_CreateObject();
        gt_out_json_str(o, "file", d->warnings[i].file);
        if (d->warnings[i].line)
            cJSON_AddNumberToObject(o, "line", (double)d->warnings[i].line);
        else
            cJSON_AddNullToObject(o, "line");
        gt_out_json_str(o, "kind", gt_warning_kind_name(d->warnings[i].kind));
        gt_out_json_str(o, "message", d->warnings[i].msg);
        cJSON_AddItemToArray(w, o);
    }
    embodied_json(root, d->embodied);
    cJSON_AddNumberToObject(root, "warnings_not_listed", (double)d->warnings_dropped);
    return root;
}

int gt_summary_write_json(FILE *out, const struct gt_summary_doc *d)
{
    cJSON *root = gt_summary_json(d);
    if (!root)
        return -1;
    return gt_out_json_print(out, root);
}
