#include <cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gt_format.h"
#include "gt_out.h"
#include "gt_report.h"
#include "gt_statement.h"
#include "gt_time.h"

long long gt_report_epoch(const char *sde, long long now)
{
    if (!sde)
        return now;
    char *end;
    errno = 0;
    long long v = strtoll(sde, &end, 10);
    if (!*sde || *end || errno || v < 0)
        return -1;
    return v;
}

/* ---- tallies ------------------------------------------------------------------ */

static const char *run_label(const struct gt_run *r, enum gt_key k)
{
    const char *v = r->key[k];
    return v && *v ? v : "(unknown)";
}

static void bucket_add(struct gt_report_bucket *b, const struct gt_run *r)
{
    b->runs++;
    double known = 0;
    if (!isnan(r->cpu_kwh))
        b->cpu_kwh += r->cpu_kwh, known += r->cpu_kwh;
    if (!isnan(r->gpu_kwh))
        b->gpu_kwh += r->gpu_kwh, known += r->gpu_kwh;
    if (!isnan(r->ram_kwh))
        b->ram_kwh += r->ram_kwh, known += r->ram_kwh;
    if (!isnan(r->energy_kwh)) {
        b->energy_kwh += r->energy_kwh;
        /* what the components leave of the total (rounding noise is not "other") */
        if (r->energy_kwh - known > 1e-9 * r->energy_kwh)
            b->other_kwh += r->energy_kwh - known;
    }
    if (!isnan(r->co2e_g))
        b->co2e_g += r->co2e_g;
    if (!isnan(r->energy_kwh_lo))
        b->energy_kwh_lo += r->energy_kwh_lo, b->energy_kwh_hi += r->energy_kwh_hi;
    if (!isnan(r->co2e_g_lo))
        b->co2e_g_lo += r->co2e_g_lo, b->co2e_g_hi += r->co2e_g_hi;
}

void gt_report_bucket_add(struct gt_report_bucket *sum, const struct gt_report_bucket *b)
{
    sum->runs += b->runs;
    sum->energy_kwh += b->energy_kwh;
    sum->cpu_kwh += b->cpu_kwh;
    sum->gpu_kwh += b->gpu_kwh;
    sum->ram_kwh += b->ram_kwh;
    sum->other_kwh += b->other_kwh;
    sum->co2e_g += b->co2e_g;
    sum->energy_kwh_lo += b->energy_kwh_lo;
    sum->energy_kwh_hi += b->energy_kwh_hi;
    sum->co2e_g_lo += b->co2e_g_lo;
    sum->co2e_g_hi += b->co2e_g_hi;
}

static void set_label(struct gt_report_bucket *b, const char *s)
{
    size_t n = strlen(s);
    if (n < sizeof b->label) {
        memcpy(b->label, s, n + 1);
        return;
    }
    /* cut at a UTF-8 boundary and mark it */
    n = sizeof b->label - 4;
    while (n && ((unsigned char)s[n] & 0xC0) == 0x80)
        n--;
    memcpy(b->label, s, n);
    memcpy(b->label + n, "...", 4);
}

/* a run's label for sorting, and its index (ties keep run order) */
struct lab {
    const char *label;
    size_t i;
};

static int cmp_lab(const void *a, const void *b)
{
    const struct lab *x = a, *y = b;
    int c = strcmp(x->label, y->label);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* One bucket per distinct key value, in key order. */
static enum gt_status tally(const struct gt_agg_result *res, enum gt_key k, int skip_unknown,
                            struct gt_report_tally *t)
{
    memset(t, 0, sizeof *t);
    t->key = k;
    if (!res->nruns)
        return GT_OK;
    struct lab *idx = malloc(res->nruns * sizeof *idx);
    t->b = calloc(res->nruns, sizeof *t->b);
    if (!idx || !t->b) {
        free(idx);
        free(t->b);
        t->b = NULL;
        return GT_E_NOMEM;
    }
    for (size_t i = 0; i < res->nruns; i++) {
        idx[i].label = run_label(&res->runs[i], k);
        idx[i].i = i;
    }
    qsort(idx, res->nruns, sizeof *idx, cmp_lab);
    const char *prev = NULL;
    for (size_t i = 0; i < res->nruns; i++) {
        const struct gt_run *r = &res->runs[idx[i].i];
        if (skip_unknown && !*r->key[k]) {
            t->runs_undated++;
            continue;
        }
        const char *l = run_label(r, k);
        if (!prev || strcmp(prev, l)) {
            set_label(&t->b[t->n++], l);
            prev = l;
        }
        bucket_add(&t->b[t->n - 1], r);
    }
    free(idx);
    return GT_OK;
}

enum gt_status gt_report_tally_key(const struct gt_agg_result *res, enum gt_key k,
                                   struct gt_report_tally *t)
{
    return tally(res, k, 0, t);
}

/* Months: every month from the first to the last, empty ones included. */
static enum gt_status fill_months(struct gt_report_tally *t)
{
    if (t->n < 2)
        return GT_OK;
    int y0, m0, y1, m1;
    if (sscanf(t->b[0].label, "%4d-%2d", &y0, &m0) != 2 ||
        sscanf(t->b[t->n - 1].label, "%4d-%2d", &y1, &m1) != 2)
        return GT_OK;
    long span = (long)(y1 - y0) * 12 + (m1 - m0) + 1;
    if (span <= (long)t->n || span > 1200)
        return GT_OK;
    struct gt_report_bucket *b = calloc((size_t)span, sizeof *b);
    if (!b)
        return GT_E_NOMEM;
    size_t j = 0;
    for (long i = 0; i < span; i++) {
        int y = y0 + (int)((m0 - 1 + i) / 12), m = (int)((m0 - 1 + i) % 12) + 1;
        snprintf(b[i].label, sizeof b[i].label, "%04d-%02d", y, m);
        if (j < t->n && !strcmp(t->b[j].label, b[i].label))
            b[i] = t->b[j++];
    }
    free(t->b);
    t->b = b;
    t->n = (size_t)span;
    return GT_OK;
}

static int cmp_co2e_desc(const void *a, const void *b)
{
    const struct gt_report_bucket *x = a, *y = b;
    if (x->co2e_g != y->co2e_g)
        return x->co2e_g < y->co2e_g ? 1 : -1;
    return strcmp(x->label, y->label);
}

/* Largest first; beyond GT_REPORT_MAX_SHARE - 1 slices the rest is "other". */
static void share_top(struct gt_report_tally *t)
{
    if (t->n < 2)
        return;
    qsort(t->b, t->n, sizeof *t->b, cmp_co2e_desc);
    if (t->n <= GT_REPORT_MAX_SHARE)
        return;
    struct gt_report_bucket *o = &t->b[GT_REPORT_MAX_SHARE - 1];
    for (size_t i = GT_REPORT_MAX_SHARE; i < t->n; i++)
        gt_report_bucket_add(o, &t->b[i]);
    snprintf(o->label, sizeof o->label, "other (%zu)", t->n - (GT_REPORT_MAX_SHARE - 1));
    t->n = GT_REPORT_MAX_SHARE;
}

/* ---- build ---------------------------------------------------------------------- */

static void add_const(struct gt_report *r, const char *name, double v, const char *unit,
                      const char *source)
{
    if (r->nconsts >= GT_REPORT_MAX_CONSTS)
        return;
    struct gt_report_const *c = &r->consts[r->nconsts++];
    c->name = name;
    c->value = v;
    c->unit = unit;
    c->source = source && *source ? source : "(no source)";
}

enum gt_status gt_report_build(struct gt_report *r, const struct gt_hwdb *db, struct gt_error *err)
{
    const struct gt_agg_result *res = r->sum.res;
    if (!r->title)
        r->title = "Carbon footprint report";
    gt_hwdb_version(db, r->hwdb_version, sizeof r->hwdb_version);
    const struct gt_agg_opts *op = &res->opts;
    if (op->set_ci)
        add_const(r, "carbon intensity (--ci)", op->ci_g_per_kwh, "gCO2e/kWh", r->sum.ci_label);
    else if (!r->estimate)
        add_const(r, "carbon intensity", NAN, "gCO2e/kWh", gt_report_ci_as_logged);
    if (op->set_pue)
        add_const(r, "PUE (--pue)", op->pue, "",
                  "given with --pue; replaces the PUE a tool applied");
    else if (!r->estimate)
        add_const(r, "PUE", NAN, "", gt_report_pue_as_logged);
    const struct gt_hw_constant *used[16];
    int nused = 0;
    if (gt_hwdb_equiv_factors(db, &r->factors, used, &nused, err) != GT_OK)
        return err->code;
    for (int i = 0; i < nused; i++)
        add_const(r, used[i]->name, used[i]->value, used[i]->unit, used[i]->source);
    struct gt_unc u;
    r->nunc = 0;
    if (gt_hwdb_unc(db, &u, r->unc, &r->nunc, err) != GT_OK)
        return err->code;
    double g =
        res->totals.runs && res->totals.no_co2e == res->totals.runs ? NAN : res->totals.co2e_g;
    if (!isnan(g))
        gt_equiv_compute(g, &r->factors, &r->eq);

    struct gt_stmt_facts f;
    gt_stmt_from_agg(res, &f);
    f.ci_source = r->sum.ci_label;
    f.ci_from_ga = r->sum.ci_label && strstr(r->sum.ci_label, "Green Algorithms") != NULL;
    f.greentally_version = r->sum.tool_version;
    if (r->estimate) {
        f.energy_kwh_lo = r->estimate->e_range.lo;
        f.energy_kwh_hi = r->estimate->e_range.hi;
        f.co2e_g_lo = r->estimate->c_range.lo;
        f.co2e_g_hi = r->estimate->c_range.hi;
        f.methodology = "the Green Algorithms model";
        f.ci_given = 1;
        f.ci_g_per_kwh = r->estimate->in.ci_g_per_kwh;
        f.ci_source = r->estimate->ci.what;
        f.ci_from_ga = 1;
        f.pue_given = r->estimate->in.pue;
    }
    struct gt_stmt_opts so = {.style = GT_STMT_PLAIN, .markup = GT_STMT_TEXT};
    r->statement = gt_statement_render(&f, &so);
    if (!r->statement)
        return gt_error_set(err, GT_E_NOMEM, "out of memory");

    enum gt_key ck = op->nby ? op->by[0] : GT_KEY_TOOL;
    int distinct_projects = 0;
    for (size_t i = 1; i < res->nruns && !distinct_projects; i++)
        distinct_projects =
            strcmp(res->runs[i].key[GT_KEY_PROJECT], res->runs[0].key[GT_KEY_PROJECT]);
    if (tally(res, ck, 0, &r->comp) != GT_OK || tally(res, GT_KEY_MONTH, 1, &r->months) != GT_OK ||
        fill_months(&r->months) != GT_OK ||
        tally(res, distinct_projects ? GT_KEY_PROJECT : GT_KEY_HOST, 0, &r->share) != GT_OK)
        return gt_error_set(err, GT_E_NOMEM, "out of memory");
    share_top(&r->share);
    return GT_OK;
}

void gt_report_release(struct gt_report *r)
{
    free(r->statement);
    free(r->comp.b);
    free(r->months.b);
    free(r->share.b);
    r->statement = NULL;
    r->comp.b = r->months.b = r->share.b = NULL;
}

/* ---- CSV ------------------------------------------------------------------------- */

static void csv_time(FILE *o, double t, int utc)
{
    char b[40];
    gt_out_csv_str(o, isnan(t) ? "" : gt_time_fmt(t, utc, b, sizeof b), 0);
}

/* kg where CodeCarbon writes kg */
static double kg(double g)
{
    return isnan(g) ? NAN : g / 1000;
}

int gt_report_write_csv(FILE *o, const struct gt_report *r, struct gt_error *err)
{
    const struct gt_agg_result *res = r->sum.res;
    fputs("timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,"
          "cpu_power,gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,"
          "country_name,country_iso_code,region,cloud_provider,cloud_region,os,cpu_count,"
          "cpu_model,gpu_count,gpu_model,ram_total_size,pue,"
          "start,local_time,user,host,kind,carbon_intensity_g_per_kwh,tool,tool_version,format,"
          "source_file,source_line,rows_seen,recomputed,recompute_note,"
          "energy_kwh_low,energy_kwh_high,co2e_g_low,co2e_g_high\n",
          o);
    for (size_t i = 0; i < res->nruns; i++) {
        const struct gt_run *x = &res->runs[i];
        const struct gt_record *c = x->rec;
        int utc = c->tz == GT_TZ_UTC;
        char tb[40];
        gt_out_csv_str(o, isnan(c->end) ? "" : gt_time_fmt(c->end, utc, tb, sizeof tb), 1);
        gt_out_csv_str(o, c->project, 0);
        gt_out_csv_str(o, x->key[GT_KEY_RUN], 0);
        gt_out_csv_str(o, c->experiment, 0);
        gt_out_csv_num(o, c->duration_s);
        gt_out_csv_num(o, kg(x->co2e_g));
        double rate =
            !isnan(x->co2e_g) && c->duration_s > 0 ? x->co2e_g / 1000 / c->duration_s : NAN;
        gt_out_csv_num(o, rate);
        gt_out_csv_num(o, c->cpu_power_w);
        gt_out_csv_num(o, c->gpu_power_w);
        gt_out_csv_num(o, c->ram_power_w);
        gt_out_csv_num(o, x->cpu_kwh);
        gt_out_csv_num(o, x->gpu_kwh);
        gt_out_csv_num(o, x->ram_kwh);
        gt_out_csv_num(o, x->energy_kwh);
        gt_out_csv_str(o, c->country, 0);
        gt_out_csv_str(o, c->country_iso, 0);
        gt_out_csv_str(o, c->region, 0);
        gt_out_csv_str(o, c->cloud_provider, 0);
        gt_out_csv_str(o, c->cloud_region, 0);
        gt_out_csv_str(o, c->os, 0);
        gt_out_csv_num(o, c->cpu_count);
        gt_out_csv_str(o, c->cpu_model, 0);
        gt_out_csv_num(o, c->gpu_count);
        gt_out_csv_str(o, c->gpu_model, 0);
        gt_out_csv_num(o, c->ram_gb);
        gt_out_csv_num(o, x->recomputed && res->opts.set_pue ? res->opts.pue : c->pue);
        csv_time(o, c->start, utc);
        fputs(c->tz == GT_TZ_LOCAL ? ",true" : ",false", o);
        gt_out_csv_str(o, c->user, 0);
        gt_out_csv_str(o, c->host, 0);
        gt_out_csv_str(o, gt_kind_name(c->kind), 0);
        gt_out_csv_num(o, x->ci_g_per_kwh);
        gt_out_csv_str(o, gt_tool_name(c->tool), 0);
        gt_out_csv_str(o, c->tool_version, 0);
        gt_out_csv_str(o, c->format, 0);
        gt_out_csv_str(o, c->file, 0);
        fprintf(o, ",%ld,%ld", c->line, x->rows);
        fputs(x->recomputed ? ",true" : ",false", o);
        gt_out_csv_str(o, x->recompute_note, 0);
        gt_out_csv_num(o, x->energy_kwh_lo);
        gt_out_csv_num(o, x->energy_kwh_hi);
        gt_out_csv_num(o, x->co2e_g_lo);
        gt_out_csv_num(o, x->co2e_g_hi);
        fputc('\n', o);
    }
    if (ferror(o))
        return gt_error_set(err, GT_E_IO, "write error"), -1;
    return 0;
}

int gt_report_write_groups_csv(FILE *o, const struct gt_report *r, struct gt_error *err)
{
    if (gt_summary_write_csv(o, &r->sum) != 0)
        return gt_error_set(err, GT_E_IO, "write error"), -1;
    return 0;
}

/* ---- JSON ------------------------------------------------------------------------ */

static cJSON *tally_json(const struct gt_report_tally *t)
{
    cJSON *o = cJSON_CreateObject();
    gt_out_json_str(o, "key", gt_key_name(t->key));
    cJSON *a = cJSON_AddArrayToObject(o, "buckets");
    for (size_t i = 0; i < t->n; i++) {
        const struct gt_report_bucket *b = &t->b[i];
        cJSON *x = cJSON_CreateObject();
        gt_out_json_str(x, "label", b->label);
        cJSON_AddNumberToObject(x, "runs", (double)b->runs);
        gt_out_json_num(x, "energy_kwh", b->energy_kwh);
        gt_out_json_num(x, "cpu_kwh", b->cpu_kwh);
        gt_out_json_num(x, "gpu_kwh", b->gpu_kwh);
        gt_out_json_num(x, "ram_kwh", b->ram_kwh);
        gt_out_json_num(x, "other_kwh", b->other_kwh);
        gt_out_json_num(x, "co2e_g", b->co2e_g);
        gt_out_json_range(x, "energy_kwh_range", b->energy_kwh_lo, b->energy_kwh_hi);
        gt_out_json_range(x, "co2e_g_range", b->co2e_g_lo, b->co2e_g_hi);
        cJSON_AddItemToArray(a, x);
    }
    if (t->key == GT_KEY_MONTH)
        cJSON_AddNumberToObject(o, "runs_undated", (double)t->runs_undated);
    return o;
}

const char gt_report_ci_as_logged[] = "as each tool logged it (emissions / energy of each run)";
const char gt_report_pue_as_logged[] = "as each tool applied it to its energy (CodeCarbon and "
                                       "eco2AI: 1 unless configured; carbontracker: 1.58 since "
                                       "2023)";

const char gt_report_range_method[] =
    "Every energy and CO2e figure has a low-high range beside it. Each input has a documented "
    "range, a factor around 1 (hwdb uncertainty.csv, listed below with sources): power taken from "
    "TDP against the real draw, memory W/GB, measured power (RAPL, NVML, smart plug), the PUE "
    "(stated or typical) and the carbon intensity (the spread between datasets and years). A "
    "run's range is its components times their factors (by what the tool measured and what it "
    "modelled), times the PUE factor, times the intensity factor for CO2e: interval arithmetic. "
    "The errors are systematic, so totals add the runs' lows and highs. The central figure is "
    "the tool's or the Green Algorithms figure, unchanged.";

const char *const gt_report_not_counted[] = {
    "embodied emissions of the hardware (manufacture, transport, disposal)",
    "idle and static power of shared machines outside the measured processes",
    "networking, storage and data transfer", NULL};

int gt_report_write_json(FILE *out, const struct gt_report *r, struct gt_error *err)
{
    cJSON *root = gt_summary_json(&r->sum);
    if (!root)
        return gt_error_set(err, GT_E_NOMEM, "out of memory"), -1;
    cJSON *rep = cJSON_CreateObject();
    gt_out_json_str(rep, "title", r->title);
    char tb[40];
    gt_out_json_str(rep, "generated", gt_time_fmt((double)r->generated, 1, tb, sizeof tb));
    cJSON *in = cJSON_AddArrayToObject(rep, "inputs");
    for (size_t i = 0; i < r->ninputs; i++)
        cJSON_AddItemToArray(in, gt_out_json_string(r->inputs[i]));
    cJSON_AddItemToObject(root, "report", rep);
    cJSON *m = cJSON_AddObjectToObject(root, "method");
    gt_out_json_str(m, "hwdb_version", r->hwdb_version);
    cJSON *cs = cJSON_AddArrayToObject(m, "constants");
    for (int i = 0; i < r->nconsts; i++) {
        cJSON *c = cJSON_CreateObject();
        gt_out_json_str(c, "name", r->consts[i].name);
        gt_out_json_num(c, "value", r->consts[i].value);
        gt_out_json_str(c, "unit", r->consts[i].unit);
        gt_out_json_str(c, "source", r->consts[i].source);
        cJSON_AddItemToArray(cs, c);
    }
    cJSON *un = cJSON_AddObjectToObject(m, "uncertainty");
    gt_out_json_str(un, "method", gt_report_range_method);
    cJSON *uf = cJSON_AddArrayToObject(un, "factors");
    for (int i = 0; i < r->nunc; i++) {
        cJSON *c = cJSON_CreateObject();
        gt_out_json_str(c, "name", r->unc[i]->name);
        gt_out_json_num(c, "low", r->unc[i]->low);
        gt_out_json_num(c, "high", r->unc[i]->high);
        gt_out_json_str(c, "applies_to", r->unc[i]->applies);
        gt_out_json_str(c, "source", r->unc[i]->source);
        cJSON_AddItemToArray(uf, c);
    }
    cJSON *nc = cJSON_AddArrayToObject(m, "not_counted");
    for (int i = 0; gt_report_not_counted[i]; i++)
        cJSON_AddItemToArray(nc, cJSON_CreateString(gt_report_not_counted[i]));
    cJSON *eq = cJSON_AddObjectToObject(root, "equivalents");
    gt_out_json_num(eq, "tree_months", r->eq.tree_months);
    gt_out_json_num(eq, "car_km_ga_eu", r->eq.ga_car_km);
    gt_out_json_str(eq, "flight", gt_flight_name(r->eq.flight));
    gt_out_json_num(eq, "flights", r->eq.flight_count);
    gt_out_json_num(eq, "car_km_carbontracker", r->eq.ct_car_km);
    gt_out_json_num(eq, "us_household_week_pct", r->eq.cc_household_pct);
    gt_out_json_num(eq, "miles_driven", r->eq.cc_miles);
    gt_out_json_num(eq, "tv_minutes", r->eq.cc_tv_minutes);
    gt_out_json_str(root, "statement", r->statement);
    cJSON *ch = cJSON_AddObjectToObject(root, "charts");
    cJSON_AddItemToObject(ch, "energy_by_component", tally_json(&r->comp));
    cJSON_AddItemToObject(ch, "co2e_by_month", tally_json(&r->months));
    cJSON_AddItemToObject(ch, "co2e_share", tally_json(&r->share));
    char *s = cJSON_Print(root);
    cJSON_Delete(root);
    if (!s)
        return gt_error_set(err, GT_E_NOMEM, "out of memory"), -1;
    fputs(s, out);
    fputc('\n', out);
    free(s);
    if (ferror(out))
        return gt_error_set(err, GT_E_IO, "write error"), -1;
    return 0;
}
