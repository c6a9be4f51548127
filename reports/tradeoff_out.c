#include <cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gt_format.h"
#include "gt_num.h"
#include "gt_out.h"
#include "gt_tradeoff_out.h"

const char *gt_tradeoff_dir_name(enum gt_dir d)
{
    return d == GT_DIR_MAX ? "max" : "min";
}

static const char *kind_name(enum gt_axis_kind k)
{
    switch (k) {
    case GT_AXIS_ENERGY:
        return "energy";
    case GT_AXIS_CO2E:
        return "co2e";
    case GT_AXIS_DURATION:
        return "duration";
    default:
        return "metric";
    }
}

static const char *unit_of(const struct gt_axis *a)
{
    switch (a->kind) {
    case GT_AXIS_ENERGY:
        return " kWh";
    case GT_AXIS_CO2E:
        return " g";
    case GT_AXIS_DURATION:
        return " s";
    default:
        return "";
    }
}

char *gt_tradeoff_value(const struct gt_axis *a, double v, char *buf, size_t size)
{
    if (isnan(v))
        snprintf(buf, size, "-");
    else if (a->kind == GT_AXIS_ENERGY)
        snprintf(buf, size, "%.6f", v);
    else if (a->kind == GT_AXIS_CO2E)
        snprintf(buf, size, "%.3f", v);
    else if (a->kind == GT_AXIS_DURATION)
        snprintf(buf, size, "%.0f", v);
    else
        snprintf(buf, size, "%.6g", v);
    return buf;
}

static int strep_defaults(const struct gt_tradeoff_doc *d)
{
    return !d->quantiles && memcmp(d->ax[0].b, gt_strep_bounds.b, sizeof gt_strep_bounds.b) == 0;
}

static char *bounds_text(const double *b, char *buf, size_t size)
{
    snprintf(buf, size, "A >= %.4g, B >= %.4g, C >= %.4g, D >= %.4g, else E", b[0], b[1], b[2],
             b[3]);
    return buf;
}

char *gt_tradeoff_method(const struct gt_tradeoff_doc *d, char *buf, size_t size)
{
    char b[160], rt[240];
    if (d->quantiles)
        snprintf(rt, sizeof rt,
                 "from the quantiles of each axis's indices (A: the top 20%%, then B, C, D; E: "
                 "the bottom 20%%)");
    else
        snprintf(rt, sizeof rt, "%s%s", bounds_text(d->ax[0].b, b, sizeof b),
                 strep_defaults(d) ? " (STREP's defaults)" : "");
    snprintf(buf, size,
             "Index scaling and ratings after STREP (Fischer et al., \"Towards more sustainable "
             "and trustworthy reporting in machine learning\", Data Mining and Knowledge "
             "Discovery, 2024): on each axis a run's index is value / reference when higher is "
             "better and reference / value when lower is better; the reference is %s%s%s. "
             "Ratings: %s. The compound index is the mean of the axis indices weighted by "
             "--metric NAME:DIR:WEIGHT. The Pareto front holds the runs that no other run "
             "equals or beats on every axis while beating them on one.",
             d->reference ? "the run '" : "the best run of each axis",
             d->reference ? d->reference : "", d->reference ? "'" : "", rt);
    return buf;
}

int gt_tradeoff_ticks(double lo, double hi, int most, double *step, double *a0, double *a1)
{
    if (!(hi > lo)) {
        double m = fabs(lo) > 0 ? fabs(lo) * 0.1 : 1;
        lo -= m;
        hi += m;
    }
    double raw = (hi - lo) / most, p10 = pow(10, floor(log10(raw)));
    static const double mult[] = {1, 2, 2.5, 5, 10};
    double s = p10 * 10;
    for (int i = 0; i < 5; i++)
        if (p10 * mult[i] >= raw) {
            s = p10 * mult[i];
            break;
        }
    *step = s;
    *a0 = floor(lo / s) * s;
    *a1 = ceil(hi / s) * s;
    if (*a1 == *a0)
        *a1 = *a0 + s;
    int dec = s >= 1 ? 0 : (int)ceil(-log10(s) - 1e-9);
    if (fmod(s * pow(10, dec), 1) > 1e-9)
        dec++;
    return dec;
}

/* Text from logs for a terminal: control characters become '?'. */
static const char *term(const char *s, char *buf, size_t size)
{
    size_t i = 0;
    for (; s[i] && i + 1 < size; i++)
        buf[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
    buf[i] = '\0';
    return buf;
}

/* --- table ------------------------------------------------------------------------ */

static void pad(FILE *o, const char *s, int w, int right)
{
    if (right)
        fprintf(o, "%*s", w, s);
    else
        fprintf(o, "%-*s", w, s);
}

static char *idx_cell(double x, char r, char *buf, size_t size)
{
    if (isnan(x))
        snprintf(buf, size, "-");
    else
        snprintf(buf, size, "%.3f %c", x, r);
    return buf;
}

#define LABEL_MAX 40

static void loose_list(FILE *o, const struct gt_tradeoff_loose *v, size_t n, int energy)
{
    char lb[256], fb[600], e[64];
    for (size_t i = 0; i < n; i++) {
        term(v[i].file, fb, sizeof fb);
        if (v[i].line > 0)
            fprintf(o, "  %s:%ld", fb, v[i].line);
        else
            fprintf(o, "  %s", fb);
        char wb[400];
        fprintf(o, " '%s': %s", term(v[i].label, lb, sizeof lb), term(v[i].why, wb, sizeof wb));
        if (energy)
            fprintf(o, " (%s kWh)",
                    isnan(v[i].energy_kwh) ? "-"
                                           : (snprintf(e, sizeof e, "%.6f", v[i].energy_kwh), e));
        fputc('\n', o);
    }
}

int gt_tradeoff_write_table(FILE *o, const struct gt_tradeoff_doc *d)
{
    size_t na = d->naxes, n = d->nitems;
    /* columns: label, runs, energy, CO2e, each metric axis value, front,
     * each axis index, compound */
    char b[128], lb[LABEL_MAX + 8];
    int wl = (int)strlen(d->group), wr = 4, we = 10, wc = 8, wcr = 12;
    int *wv = calloc(na + 1, sizeof *wv), *wi = calloc(na + 1, sizeof *wi);
    if (!wv || !wi) {
        free(wv);
        free(wi);
        return -1;
    }
    for (size_t a = 0; a < na; a++) {
        wv[a] = (int)strlen(d->axes[a].name);
        wi[a] = (int)strlen(d->axes[a].name);
        if (wi[a] < 7)
            wi[a] = 7;
    }
    wi[na] = 8; /* "compound" */
    for (size_t i = 0; i < n; i++) {
        int l = (int)strlen(term(d->items[i].label, lb, sizeof lb));
        if (l > LABEL_MAX)
            l = LABEL_MAX;
        wl = l > wl ? l : wl;
        snprintf(b, sizeof b, "%zu", d->items[i].nruns);
        wr = (int)strlen(b) > wr ? (int)strlen(b) : wr;
        snprintf(b, sizeof b, "%.6f", d->items[i].energy_kwh);
        we = (int)strlen(b) > we ? (int)strlen(b) : we;
        snprintf(b, sizeof b, "%.3f", d->items[i].co2e_g);
        wc = (int)strlen(b) > wc ? (int)strlen(b) : wc;
        gt_out_range_fixed(d->items[i].co2e_g_lo, d->items[i].co2e_g_hi, 3, b, sizeof b);
        wcr = (int)strlen(b) > wcr ? (int)strlen(b) : wcr;
        for (size_t a = 0; a < na; a++) {
            l = (int)strlen(gt_tradeoff_value(&d->axes[a], d->items[i].val[a], b, sizeof b));
            wv[a] = l > wv[a] ? l : wv[a];
        }
    }
    fprintf(o, "%-*s  %*s  %*s  %*s  %*s", wl, d->group, wr, "runs", we, "energy kWh", wc, "CO2e g",
            wcr, "CO2e range g");
    for (size_t a = 0; a < na; a++)
        if (d->axes[a].kind == GT_AXIS_METRIC)
            fprintf(o, "  %*s", wv[a], d->axes[a].name);
    fprintf(o, "  front");
    for (size_t a = 0; a <= na; a++)
        fprintf(o, "  %*s", wi[a], a < na ? d->axes[a].name : "compound");
    fputc('\n', o);
    for (size_t i = 0; i < n; i++) {
        const struct gt_item *it = &d->items[i];
        term(it->label, lb, sizeof lb);
        if (strlen(it->label) > LABEL_MAX)
            memcpy(lb + LABEL_MAX - 3, "...", 4);
        fprintf(o, "%-*s  %*zu", wl, lb, wr, it->nruns);
        fprintf(o, "  %*s", we,
                isnan(it->energy_kwh) ? "-" : (snprintf(b, sizeof b, "%.6f", it->energy_kwh), b));
        fprintf(o, "  %*s", wc,
                isnan(it->co2e_g) ? "-" : (snprintf(b, sizeof b, "%.3f", it->co2e_g), b));
        fprintf(o, "  %*s", wcr, gt_out_range_fixed(it->co2e_g_lo, it->co2e_g_hi, 3, b, sizeof b));
        for (size_t a = 0; a < na; a++)
            if (d->axes[a].kind == GT_AXIS_METRIC)
                fprintf(o, "  %*s", wv[a], gt_tradeoff_value(&d->axes[a], it->val[a], b, sizeof b));
        fprintf(o, "  %-5s", it->pareto ? "*" : "");
        for (size_t a = 0; a <= na; a++) {
            double x = a < na ? it->index[a] : it->compound;
            char r = a < na ? it->rating[a] : it->compound_rating;
            pad(o, idx_cell(x, r, b, sizeof b), wi[a] + 2, 1);
        }
        fputc('\n', o);
    }
    free(wv);
    free(wi);
    fprintf(o, "joined by %s%s%s: %zu of %zu log runs to %zu metric runs (metrics: %s)\n", d->join,
            d->utc_offset ? ", log times without a zone at UTC" : "",
            d->utc_offset ? d->utc_offset : "", (size_t)d->logs.res->nruns - d->nunjoined,
            (size_t)d->logs.res->nruns, n, d->metrics_read);
    if (strcmp(d->group, "model") == 0)
        fprintf(o, "grouped by model: energy summed over the rows of a model, metrics averaged\n");
    fprintf(o, "axes:");
    for (size_t a = 0; a < na; a++) {
        const struct gt_axis *x = &d->axes[a];
        char v[64];
        fprintf(o, "%s %s %s weight %s, reference %s%s", a ? ";" : "", x->name,
                gt_tradeoff_dir_name(x->dir), gt_num_fmt(x->weight, b, sizeof b),
                gt_tradeoff_value(x, d->ax[a].ref, v, sizeof v), unit_of(x));
    }
    fprintf(o, " (%s%s%s)\n", d->reference ? "run '" : "the best of each axis",
            d->reference ? d->reference : "", d->reference ? "'" : "");
    if (d->quantiles) {
        fprintf(o, "ratings from quantiles of each axis's indices:");
        for (size_t a = 0; a <= na; a++)
            fprintf(o, "%s %s %.3f/%.3f/%.3f/%.3f", a ? ";" : "",
                    a < na ? d->axes[a].name : "compound", d->ax[a].b[0], d->ax[a].b[1],
                    d->ax[a].b[2], d->ax[a].b[3]);
        fputc('\n', o);
    } else {
        fprintf(o, "ratings: %s%s\n", bounds_text(d->ax[0].b, b, sizeof b),
                strep_defaults(d) ? " (STREP's defaults)" : "");
    }
    fprintf(o, "%s\n", gt_summary_range_note);
    fprintf(o, "front: * marks the runs no other run beats on every axis; index: value against "
               "the reference (1 = as good), compound: weighted mean\n");
    if (d->statement[0]) {
        char sb[1200];
        fprintf(o, "%s\n", term(d->statement, sb, sizeof sb));
    }
    if (d->nunjoined) {
        fprintf(o, "not joined: %zu log run%s (not in the table):\n", d->nunjoined,
                d->nunjoined == 1 ? "" : "s");
        loose_list(o, d->unjoined, d->nunjoined, 1);
    }
    if (d->nunused) {
        fprintf(o, "metric rows without energy: %zu (no log run joined them):\n", d->nunused);
        loose_list(o, d->unused, d->nunused, 0);
    }
    char acc[256];
    fprintf(o, "logs: %s\n", gt_summary_accounting(&d->logs.res->acc, acc, sizeof acc));
    return ferror(o) ? -1 : 0;
}

/* --- CSV ----------------------------------------------------------------------------- */

int gt_tradeoff_write_csv(FILE *o, const struct gt_tradeoff_doc *d)
{
    size_t na = d->naxes;
    char h[160];
    gt_out_csv_str(o, "run", 1);
    static const char *const fixed_cols[] = {"metric_rows",     "log_runs",   "energy_kwh",
                                             "co2e_g",          "duration_s", "energy_kwh_low",
                                             "energy_kwh_high", "co2e_g_low", "co2e_g_high"};
    for (size_t k = 0; k < sizeof fixed_cols / sizeof fixed_cols[0]; k++)
        gt_out_csv_str(o, fixed_cols[k], 0);
    for (size_t a = 0; a < na; a++)
        if (d->axes[a].kind == GT_AXIS_METRIC)
            gt_out_csv_str(o, d->axes[a].name, 0);
    gt_out_csv_str(o, "pareto", 0);
    for (size_t a = 0; a < na; a++) {
        snprintf(h, sizeof h, "%s_index", d->axes[a].name);
        gt_out_csv_str(o, h, 0);
        snprintf(h, sizeof h, "%s_rating", d->axes[a].name);
        gt_out_csv_str(o, h, 0);
    }
    gt_out_csv_str(o, "compound", 0);
    gt_out_csv_str(o, "compound_rating", 0);
    fputc('\n', o);
    for (size_t i = 0; i < d->nitems; i++) {
        const struct gt_item *it = &d->items[i];
        gt_out_csv_str(o, it->label, 1);
        fprintf(o, ",%zu,%zu", it->nrows, it->nruns);
        gt_out_csv_num(o, it->energy_kwh);
        gt_out_csv_num(o, it->co2e_g);
        gt_out_csv_num(o, it->duration_s);
        gt_out_csv_num(o, it->energy_kwh_lo);
        gt_out_csv_num(o, it->energy_kwh_hi);
        gt_out_csv_num(o, it->co2e_g_lo);
        gt_out_csv_num(o, it->co2e_g_hi);
        for (size_t a = 0; a < na; a++)
            if (d->axes[a].kind == GT_AXIS_METRIC)
                gt_out_csv_num(o, it->val[a]);
        fprintf(o, ",%s", it->pareto ? "true" : "false");
        for (size_t a = 0; a < na; a++) {
            gt_out_csv_num(o, it->index[a]);
            fprintf(o, ",%c", it->rating[a] == '-' ? ' ' : it->rating[a]);
        }
        gt_out_csv_num(o, it->compound);
        fprintf(o, ",%c\n", it->compound_rating == '-' ? ' ' : it->compound_rating);
    }
    return ferror(o) ? -1 : 0;
}

/* --- JSON ---------------------------------------------------------------------------- */

static cJSON *bounds_json(const double *b)
{
    cJSON *a = cJSON_CreateArray();
    for (int k = 0; k < GT_RATINGS - 1; k++)
        cJSON_AddItemToArray(a, isnan(b[k]) ? cJSON_CreateNull() : cJSON_CreateNumber(b[k]));
    return a;
}

static cJSON *rating_json(char r)
{
    char s[2] = {r, 0};
    return r == '-' ? cJSON_CreateNull() : cJSON_CreateString(s);
}

static cJSON *loose_json(const struct gt_tradeoff_loose *v, size_t n, int energy)
{
    cJSON *arr = cJSON_CreateArray();
    for (size_t i = 0; i < n; i++) {
        cJSON *x = cJSON_CreateObject();
        gt_out_json_str(x, "run", v[i].label);
        gt_out_json_str(x, "file", v[i].file);
        if (v[i].line > 0)
            cJSON_AddNumberToObject(x, "line", (double)v[i].line);
        else
            cJSON_AddNullToObject(x, "line");
        if (energy)
            gt_out_json_num(x, "energy_kwh", v[i].energy_kwh);
        cJSON_AddStringToObject(x, "why", v[i].why);
        cJSON_AddItemToArray(arr, x);
    }
    return arr;
}

int gt_tradeoff_write_json(FILE *out, const struct gt_tradeoff_doc *d)
{
    size_t na = d->naxes;
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "join", d->join);
    if (d->utc_offset)
        cJSON_AddStringToObject(o, "utc_offset", d->utc_offset);
    else
        cJSON_AddNullToObject(o, "utc_offset");
    cJSON_AddStringToObject(o, "group", d->group);
    cJSON_AddStringToObject(o, "step", d->step);
    if (d->reference)
        gt_out_json_str(o, "reference", d->reference);
    else
        cJSON_AddNullToObject(o, "reference");
    cJSON_AddStringToObject(o, "boundaries",
                            d->quantiles        ? "quantiles"
                            : strep_defaults(d) ? "strep"
                                                : "given");
    cJSON_AddStringToObject(o, "metrics_read", d->metrics_read);
    cJSON *axes = cJSON_AddArrayToObject(o, "axes");
    for (size_t a = 0; a <= na; a++) {
        cJSON *x = cJSON_CreateObject();
        if (a < na) {
            gt_out_json_str(x, "name", d->axes[a].name);
            cJSON_AddStringToObject(x, "kind", kind_name(d->axes[a].kind));
            cJSON_AddStringToObject(x, "direction", gt_tradeoff_dir_name(d->axes[a].dir));
            cJSON_AddNumberToObject(x, "weight", d->axes[a].weight);
            gt_out_json_num(x, "reference", d->ax[a].ref);
            cJSON_AddItemToObject(x, "boundaries", bounds_json(d->ax[a].b));
            cJSON_AddItemToArray(axes, x);
        } else {
            cJSON_AddItemToObject(x, "boundaries", bounds_json(d->ax[a].b));
            cJSON_AddItemToObject(o, "compound", x);
        }
    }
    cJSON *runs = cJSON_AddArrayToObject(o, "runs");
    size_t si = 0;
    for (size_t i = 0; i < d->nitems; i++) {
        const struct gt_item *it = &d->items[i];
        cJSON *x = cJSON_CreateObject();
        gt_out_json_str(x, "run", it->label);
        cJSON_AddNumberToObject(x, "metric_rows", (double)it->nrows);
        cJSON_AddNumberToObject(x, "log_runs", (double)it->nruns);
        gt_out_json_num(x, "energy_kwh", it->energy_kwh);
        gt_out_json_num(x, "co2e_g", it->co2e_g);
        gt_out_json_range(x, "energy_kwh_range", it->energy_kwh_lo, it->energy_kwh_hi);
        gt_out_json_range(x, "co2e_g_range", it->co2e_g_lo, it->co2e_g_hi);
        gt_out_json_num(x, "duration_s", it->duration_s);
        cJSON *vals = cJSON_AddObjectToObject(x, "values");
        cJSON *idx = cJSON_AddObjectToObject(x, "index");
        cJSON *rat = cJSON_AddObjectToObject(x, "rating");
        for (size_t a = 0; a < na; a++) {
            gt_out_json_num(vals, d->axes[a].name, it->val[a]);
            gt_out_json_num(idx, d->axes[a].name, it->index[a]);
            cJSON_AddItemToObject(rat, d->axes[a].name, rating_json(it->rating[a]));
        }
        cJSON_AddBoolToObject(x, "pareto", it->pareto);
        gt_out_json_num(x, "compound", it->compound);
        cJSON_AddItemToObject(x, "compound_rating", rating_json(it->compound_rating));
        cJSON *src = cJSON_AddArrayToObject(x, "sources");
        for (; si < d->nsources && d->sources[si].item == i; si++) {
            const struct gt_tradeoff_src *sr = &d->sources[si];
            cJSON *y = cJSON_CreateObject();
            cJSON_AddStringToObject(y, "kind", sr->log ? "log run" : "metric run");
            gt_out_json_str(y, "run", sr->run);
            gt_out_json_str(y, "file", sr->file);
            if (sr->line > 0)
                cJSON_AddNumberToObject(y, "line", (double)sr->line);
            else
                cJSON_AddNullToObject(y, "line");
            if (sr->log)
                gt_out_json_num(y, "energy_kwh", sr->energy_kwh);
            cJSON_AddItemToArray(src, y);
        }
        cJSON_AddItemToArray(runs, x);
    }
    if (d->statement[0])
        gt_out_json_str(o, "statement", d->statement);
    else
        cJSON_AddNullToObject(o, "statement");
    cJSON_AddItemToObject(o, "unjoined_log_runs", loose_json(d->unjoined, d->nunjoined, 1));
    cJSON_AddItemToObject(o, "metric_rows_without_energy", loose_json(d->unused, d->nunused, 0));
    char acc[256];
    cJSON_AddStringToObject(o, "logs_accounting",
                            gt_summary_accounting(&d->logs.res->acc, acc, sizeof acc));
    char m[1200];
    cJSON_AddStringToObject(o, "method", gt_tradeoff_method(d, m, sizeof m));
    return gt_out_json_print(out, o);
}
