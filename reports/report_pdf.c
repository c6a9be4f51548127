/* report_pdf.c - the PDF report (libharu, A4 portrait, base-14 Helvetica so
 * the binary needs no font file): headline figures and equivalents, charts,
 * group tables, the paper statement, the method and the accounting. The
 * drawing primitives are in pdf_draw.c, the charts in pdf_chart.c, the
 * arithmetic in pdf_text.c. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_duration.h"
#include "gt_format.h"
#include "gt_num.h"
#include "gt_pdf.h"
#include "gt_report.h"
#include "gt_time.h"

#define BODY         9.0
#define LEAD         12.0
#define SMALL        7.5
#define SMALL_LEAD   9.6
#define ROW_H        11.0
#define HEAD_H       14.0
#define MAX_GROUPS   1000 /* group rows listed; the CSV and XLSX reports have them all */
#define MAX_WARNINGS 150  /* warnings listed on the accounting page */
#define MAX_METHODS  40   /* runs measured several ways, listed */
#define GRAY         0x555555

static void on_error(HPDF_STATUS st, HPDF_STATUS detail, void *user)
{
    struct gt_pdf *p = user;
    if (!p->failed) {
        p->hpdf_st = st;
        p->hpdf_detail = detail;
    }
    p->failed = 1;
}

static double right(void)
{
    return GT_PDF_LEFT + GT_PDF_WIDTH;
}

static void small_para(struct gt_pdf *p, const char *utf8)
{
    gt_pdf_rgb(p, GRAY);
    gt_pdf_para(p, GT_PDF_LEFT, GT_PDF_WIDTH, p->f, SMALL, SMALL_LEAD, utf8, 1);
    gt_pdf_rgb(p, 0);
}

static void body_para(struct gt_pdf *p, const char *utf8)
{
    gt_pdf_para(p, GT_PDF_LEFT, GT_PDF_WIDTH, p->f, BODY, LEAD, utf8, 1);
}

static const char *known(double sum, long missing, long runs, int dec, char *buf, size_t size)
{
    if (isnan(sum) || (runs && missing == runs))
        return "-";
    snprintf(buf, size, "%.*f", dec, sum);
    return buf;
}

/* ---- page 1 ------------------------------------------------------------------ */

static void header(struct gt_pdf *p, const struct gt_report *r)
{
    gt_pdf_page(p);
    gt_pdf_rgb(p, 0x1F3A5F);
    gt_pdf_para(p, GT_PDF_LEFT, GT_PDF_WIDTH, p->fb, 20, 24, r->title, 1);
    gt_pdf_rgb(p, 0);
    p->y -= 2;
    char b[512], t[40];
    snprintf(b, sizeof b, "generated %s UTC by greentally %s, hardware data %s",
             gt_time_fmt((double)r->generated, 0, t, sizeof t), r->sum.tool_version,
             r->hwdb_version);
    small_para(p, b);
    size_t n = strlen("an estimate") + 1;
    for (size_t i = 0; i < r->ninputs; i++)
        n += strlen(r->inputs[i]) + 2;
    char *in = malloc(n);
    if (!in) {
        p->failed = 1;
        return;
    }
    size_t o = (size_t)snprintf(in, n, "%s", r->estimate ? "an estimate" : "inputs: ");
    for (size_t i = 0; i < r->ninputs && !r->estimate; i++)
        o += (size_t)snprintf(in + o, n - o, "%s%s", i ? ", " : "", r->inputs[i]);
    small_para(p, in);
    free(in);
    const struct gt_agg_opts *op = &r->sum.res->opts;
    if (op->nby) {
        o = (size_t)snprintf(b, sizeof b, "grouped by ");
        for (size_t k = 0; k < op->nby && o < sizeof b; k++)
            o += (size_t)snprintf(b + o, sizeof b - o, "%s%s", k ? ", " : "",
                                  gt_key_name(op->by[k]));
        small_para(p, b);
    }
    if (op->has_since || op->has_until || op->nprojects || op->nhosts || op->ntools) {
        o = (size_t)snprintf(b, sizeof b, "filters:");
        char t2[40];
        if (op->has_since)
            o += (size_t)snprintf(b + o, sizeof b - o, " since %s",
                                  gt_time_fmt(op->since, 0, t2, sizeof t2));
        if (op->has_until && o < sizeof b)
            o += (size_t)snprintf(b + o, sizeof b - o, " until %s",
                                  gt_time_fmt(op->until, 0, t2, sizeof t2));
        for (size_t i = 0; i < op->nprojects && o < sizeof b; i++)
            o += (size_t)snprintf(b + o, sizeof b - o, " project %s", op->projects[i]);
        for (size_t i = 0; i < op->nhosts && o < sizeof b; i++)
            o += (size_t)snprintf(b + o, sizeof b - o, " host %s", op->hosts[i]);
        for (size_t i = 0; i < op->ntools && o < sizeof b; i++)
            o += (size_t)snprintf(b + o, sizeof b - o, " tool %s", gt_tool_name(op->tools[i]));
        small_para(p, b);
    }
    p->y -= 6;
}

struct figure {
    const char *label;
    char value[64];
    char note[300];
};

/* "3 of 43 runs without energy" when some lack it, else `otherwise`. */
static void figure_note(struct figure *f, long missing, long runs, const char *what,
                        const char *otherwise)
{
    if (missing)
        snprintf(f->note, sizeof f->note, "%ld of %ld runs without %s", missing, runs, what);
    else
        snprintf(f->note, sizeof f->note, "%s", otherwise);
}

/* The low-high range as the figure's note ("between X and Y"), after the
 * runs it lacks when some do. */
static void range_note(struct figure *f, double lo, double hi, int mass, long missing)
{
    if (isnan(lo) || isnan(hi))
        return;
    char a[48], b[48];
    size_t n = missing ? strlen(f->note) : 0;
    snprintf(f->note + n, sizeof f->note - n, "%sbetween %s and %s", n ? "; " : "",
             mass ? gt_format_mass(lo, a, sizeof a) : gt_format_energy(lo, a, sizeof a),
             mass ? gt_format_mass(hi, b, sizeof b) : gt_format_energy(hi, b, sizeof b));
}

static void headline(struct gt_pdf *p, const struct gt_report *r)
{
    const struct gt_totals *t = &r->sum.res->totals;
    const struct gt_agg_opts *op = &r->sum.res->opts;
    const struct gt_estimate_report *e = r->estimate;
    struct figure f[6];
    memset(f, 0, sizeof f);
    double kwh = t->runs && t->no_energy == t->runs ? NAN : t->energy_kwh;
    double g = t->runs && t->no_co2e == t->runs ? NAN : t->co2e_g;
    double dur = t->runs && t->no_duration == t->runs ? NAN : t->duration_s;
    if (e && !t->runs) {
        kwh = e->res.e_kwh;
        g = e->res.c_g;
        dur = e->runtime_s;
    }
    char b[64];
    f[0].label = "energy";
    snprintf(f[0].value, sizeof f[0].value, "%s",
             isnan(kwh) ? "-" : gt_format_energy(kwh, b, sizeof b));
    figure_note(&f[0], t->no_energy, t->runs, "energy",
                e ? "Green Algorithms model" : "sum over runs");
    f[1].label = "carbon footprint";
    snprintf(f[1].value, sizeof f[1].value, "%s CO2e",
             isnan(g) ? "-" : gt_format_mass(g, b, sizeof b));
    figure_note(&f[1], t->no_co2e, t->runs, "CO2e", "energy x carbon intensity");
    range_note(&f[0], t->energy_kwh_lo, t->energy_kwh_hi, 0, t->no_energy);
    range_note(&f[1], t->co2e_g_lo, t->co2e_g_hi, 1, t->no_co2e);
    f[2].label = "runs";
    snprintf(f[2].value, sizeof f[2].value, "%ld", e && !t->runs ? 1L : t->runs);
    snprintf(f[2].note, sizeof f[2].note, "from %ld rows in %ld files", r->sum.res->acc.rows_read,
             r->sum.res->acc.files_read);
    if (e)
        snprintf(f[2].note, sizeof f[2].note, "one estimate");
    f[3].label = "total duration";
    snprintf(f[3].value, sizeof f[3].value, "%s",
             isnan(dur) ? "-" : gt_duration_fmt(dur, b, sizeof b));
    figure_note(&f[3], t->no_duration, t->runs, "duration", e ? "runtime" : "sum over runs");
    f[4].label = "carbon intensity";
    if (e) {
        snprintf(f[4].value, sizeof f[4].value, "%s gCO2e/kWh",
                 gt_num_fmt(e->in.ci_g_per_kwh, b, sizeof b));
        snprintf(f[4].note, sizeof f[4].note, "%s", e->ci.what);
    } else if (op->set_ci) {
        snprintf(f[4].value, sizeof f[4].value, "%s gCO2e/kWh",
                 gt_num_fmt(op->ci_g_per_kwh, b, sizeof b));
        snprintf(f[4].note, sizeof f[4].note, "%s",
                 r->sum.ci_label ? r->sum.ci_label : "given with --ci");
    } else if (!isnan(kwh) && kwh > 0 && !isnan(g) && !t->no_energy && !t->no_co2e) {
        snprintf(f[4].value, sizeof f[4].value, "%.1f gCO2e/kWh", g / kwh);
        snprintf(f[4].note, sizeof f[4].note, "mean (CO2e / energy); each tool's own");
    } else {
        snprintf(f[4].value, sizeof f[4].value, "as logged");
        snprintf(f[4].note, sizeof f[4].note, "each tool's own");
    }
    f[5].label = "PUE";
    if (e) {
        snprintf(f[5].value, sizeof f[5].value, "%s", gt_num_fmt(e->in.pue, b, sizeof b));
        snprintf(f[5].note, sizeof f[5].note, "%s", e->pue.what);
    } else if (op->set_pue) {
        snprintf(f[5].value, sizeof f[5].value, "%s", gt_num_fmt(op->pue, b, sizeof b));
        snprintf(f[5].note, sizeof f[5].note, "given with --pue");
    } else {
        snprintf(f[5].value, sizeof f[5].value, "as logged");
        snprintf(f[5].note, sizeof f[5].note, "each tool's own (see the method)");
    }
    double cw = GT_PDF_WIDTH / 3, ch = 48, gap = 4;
    gt_pdf_need(p, 2 * ch + gap);
    for (int i = 0; i < 6; i++) {
        double x = GT_PDF_LEFT + (i % 3) * cw, y = p->y - (i / 3 + 1) * ch - (i / 3) * gap;
        gt_pdf_rgb(p, 0xEEF2F7);
        gt_pdf_rect(p, x + 1, y, cw - 2 - gap, ch);
        gt_pdf_rgb(p, GRAY);
        gt_pdf_put(p, x + 8, y + ch - 12, p->f, SMALL, f[i].label, cw - 16 - gap, GT_PDF_L, 1);
        gt_pdf_rgb(p, 0x1F3A5F);
        gt_pdf_put(p, x + 8, y + ch - 29, p->fb, 14, f[i].value, cw - 16 - gap, GT_PDF_L, 1);
        gt_pdf_rgb(p, GRAY);
        gt_pdf_put(p, x + 8, y + 7, p->f, 6.5, f[i].note, cw - 16 - gap, GT_PDF_L, 1);
    }
    gt_pdf_rgb(p, 0);
    p->y -= 2 * ch + gap + 10;
}

static void equivalents(struct gt_pdf *p, const struct gt_report *r)
{
    const struct gt_totals *t = &r->sum.res->totals;
    double g = t->runs && t->no_co2e == t->runs ? NAN : t->co2e_g;
    if (r->estimate && !t->runs)
        g = r->estimate->res.c_g;
    const struct gt_equivalents *e = r->estimate && !t->runs ? &r->estimate->eq : &r->eq;
    gt_pdf_heading(p, "Equivalents", 4 * LEAD);
    if (isnan(g)) {
        body_para(p, "No run logged CO2e, so there are no equivalents.");
        return;
    }
    char l[8][200], b[64];
    int n = 0;
    if (e->tree_as_years)
        snprintf(l[n++], sizeof l[0], "%s tree-years of carbon sequestration (Green Algorithms)",
                 gt_format_sig(e->tree_months / 12.0, 3, b, sizeof b));
    else
        snprintf(l[n++], sizeof l[0], "%s tree-months of carbon sequestration (Green Algorithms)",
                 gt_format_sig(e->tree_months, 3, b, sizeof b));
    snprintf(l[n++], sizeof l[0], "%s km in a passenger car, EU average (Green Algorithms)",
             gt_format_sig(e->ga_car_km, 3, b, sizeof b));
    if (e->flight == GT_FLIGHT_NYC_MEL || e->flight_count >= 1)
        snprintf(l[n++], sizeof l[0], "%s flights %s (Green Algorithms)",
                 gt_format_sig(e->flight_count, 3, b, sizeof b), gt_flight_name(e->flight));
    else
        snprintf(l[n++], sizeof l[0], "%s %% of a flight %s (Green Algorithms)",
                 gt_format_sig(e->flight_count * 100.0, 3, b, sizeof b), gt_flight_name(e->flight));
    snprintf(l[n++], sizeof l[0], "%s km travelled by car (carbontracker)",
             gt_format_sig(e->ct_car_km, 3, b, sizeof b));
    snprintf(l[n++], sizeof l[0], "%s %% of a US household's weekly emissions (CodeCarbon)",
             gt_format_sig(e->cc_household_pct, 3, b, sizeof b));
    snprintf(l[n++], sizeof l[0], "%s miles driven (CodeCarbon)",
             gt_format_sig(e->cc_miles, 3, b, sizeof b));
    snprintf(l[n++], sizeof l[0], "%s minutes of 32-inch LCD TV (CodeCarbon)",
             gt_format_sig(e->cc_tv_minutes, 3, b, sizeof b));
    for (int i = 0; i < n; i++) {
        gt_pdf_need(p, LEAD);
        gt_pdf_rgb(p, 0x4E79A7);
        gt_pdf_rect(p, GT_PDF_LEFT + 2, p->y - BODY + 1.5, 3, 3);
        gt_pdf_rgb(p, 0);
        gt_pdf_put(p, GT_PDF_LEFT + 12, p->y - BODY, p->f, BODY, l[i], GT_PDF_WIDTH - 12, GT_PDF_L,
                   1);
        p->y -= LEAD;
    }
}

/* A label column and a text column that wraps; the row is never split. */
static void kv_row(struct gt_pdf *p, const char *key, const char *utf8, double key_w, double sz,
                   double lead)
{
    char *s = gt_pdf_conv(p, utf8);
    if (!s)
        return;
    size_t nl;
    struct gt_pdf_line *ln = gt_pdf_lines(p, p->f, sz, s, GT_PDF_WIDTH - key_w, 1, &nl);
    if (!ln) {
        free(s);
        return;
    }
    size_t fit = (size_t)((GT_PDF_TOP - GT_PDF_BOTTOM) / lead) - 1;
    gt_pdf_need(p, lead * (double)(nl < fit ? nl : fit));
    gt_pdf_put(p, GT_PDF_LEFT, p->y - sz, p->fb, sz, key, key_w - 6, GT_PDF_L, 1);
    for (size_t i = 0; i < nl; i++) {
        gt_pdf_need(p, lead);
        gt_pdf_text(p, GT_PDF_LEFT + key_w, p->y - sz, p->f, sz, s + ln[i].off, ln[i].len, 1);
        p->y -= lead;
    }
    p->y -= 2;
    free(ln);
    free(s);
}

static void estimate_inputs(struct gt_pdf *p, const struct gt_estimate_report *e)
{
    const struct gt_estimate_input *in = &e->in;
    char b[1200], n1[32], n2[32], n3[32], d[32];
    gt_pdf_heading(p, "Inputs of the estimate and their sources", 3 * LEAD);
    snprintf(b, sizeof b, "%s (%s h)", gt_duration_fmt(e->runtime_s, d, sizeof d),
             gt_num_fmt(in->runtime_h, n1, sizeof n1));
    kv_row(p, "runtime", b, 110, BODY - 0.5, LEAD - 1);
    if (in->n_cores > 0 || e->cpu_query) {
        snprintf(b, sizeof b, "%s cores x %s W/core x usage %s; %s%s%s",
                 gt_num_fmt(in->n_cores, n1, sizeof n1),
                 gt_format_sig(in->cpu_tdp_per_core_w, 4, n2, sizeof n2),
                 gt_num_fmt(in->cpu_usage, n3, sizeof n3), e->cpu_tdp.what,
                 e->cpu_tdp.source[0] ? "\nsource: " : "", e->cpu_tdp.source);
        kv_row(p, "CPU", b, 110, BODY - 0.5, LEAD - 1);
    } else {
        kv_row(p, "CPU", "none", 110, BODY - 0.5, LEAD - 1);
    }
    if (in->n_gpus > 0) {
        if (in->gpu_mode == GT_GPU_MEASURED)
            snprintf(b, sizeof b, "%s GPU%s x (measured %s W - idle %s W); %s%s%s",
                     gt_num_fmt(in->n_gpus, n1, sizeof n1), in->n_gpus == 1 ? "" : "s",
                     gt_num_fmt(in->gpu_power_w, n2, sizeof n2),
                     gt_num_fmt(in->gpu_idle_w, n3, sizeof n3), e->gpu_tdp.what,
                     e->gpu_tdp.source[0] ? "\nsource: " : "", e->gpu_tdp.source);
        else
            snprintf(b, sizeof b, "%s GPU%s x %s W x usage %s; %s%s%s",
                     gt_num_fmt(in->n_gpus, n1, sizeof n1), in->n_gpus == 1 ? "" : "s",
                     gt_num_fmt(in->gpu_tdp_w, n2, sizeof n2),
                     gt_num_fmt(in->gpu_usage, n3, sizeof n3), e->gpu_tdp.what,
                     e->gpu_tdp.source[0] ? "\nsource: " : "", e->gpu_tdp.source);
        kv_row(p, "GPU", b, 110, BODY - 0.5, LEAD - 1);
    } else {
        kv_row(p, "GPU", "none", 110, BODY - 0.5, LEAD - 1);
    }
    snprintf(b, sizeof b, "%s GB x %s%s%s", gt_num_fmt(in->memory_gb, n1, sizeof n1),
             e->memory_power.what, e->memory_power.source[0] ? "\nsource: " : "",
             e->memory_power.source);
    kv_row(p, "memory", b, 110, BODY - 0.5, LEAD - 1);
    snprintf(b, sizeof b, "%s%s%s", e->ci.what, e->ci.source[0] ? "\nsource: " : "", e->ci.source);
    kv_row(p, "carbon intensity", b, 110, BODY - 0.5, LEAD - 1);
    snprintf(b, sizeof b, "%s, platform %s%s%s%s%s%s%s", e->pue.what, e->platform,
             e->provider ? ", provider " : "", e->provider ? e->provider : "",
             e->region ? ", region " : "", e->region ? e->region : "",
             e->pue.source[0] ? "\nsource: " : "", e->pue.source);
    kv_row(p, "PUE", b, 110, BODY - 0.5, LEAD - 1);
    kv_row(p, "PSF", e->psf.what, 110, BODY - 0.5, LEAD - 1);

    const struct gt_estimate_result *res = &e->res;
    gt_pdf_heading(p, "Energy and CO2e by component", 5 * LEAD);
    const char *names[3] = {"CPU", "GPU", "memory"};
    double kwh[3] = {res->e_cpu_kwh, res->e_gpu_kwh, res->e_mem_kwh};
    double g[3] = {res->c_cpu_g, res->c_gpu_g, res->c_mem_g};
    double pw[3] = {res->p_cpu_w, res->p_gpu_w, res->p_mem_w};
    for (int i = 0; i < 3; i++) {
        char eb[64], gb[64];
        snprintf(b, sizeof b, "%s W drawn; %s (%.1f %%), %s CO2e", gt_format_sig(pw[i], 4, n1, 32),
                 gt_format_energy(kwh[i], eb, sizeof eb),
                 res->e_kwh > 0 ? 100 * kwh[i] / res->e_kwh : 0.0,
                 gt_format_mass(g[i], gb, sizeof gb));
        kv_row(p, names[i], b, 110, BODY - 0.5, LEAD - 1);
    }
    for (int i = 0; i < e->nnotes; i++)
        kv_row(p, i ? "" : "notes", e->notes[i], 110, BODY - 0.5, LEAD - 1);
}

/* ---- group tables ------------------------------------------------------------ */

#define NUM_COLS 7
static const char *const num_titles[NUM_COLS] = {"runs",    "duration", "energy kWh", "CPU kWh",
                                                 "GPU kWh", "RAM kWh",  "CO2e g"};
static const double num_w[NUM_COLS] = {34, 66, 54, 50, 50, 50, 54};

struct table {
    size_t nkeys;
    const char *key_titles[GT_AGG_MAX_KEYS];
    double key_w;
};

static void table_header(struct gt_pdf *p, const struct table *tb)
{
    double y = p->y - HEAD_H;
    gt_pdf_rgb(p, 0x1F3A5F);
    gt_pdf_rect(p, GT_PDF_LEFT, y, GT_PDF_WIDTH, HEAD_H);
    gt_pdf_rgb(p, 0xFFFFFF);
    double x = GT_PDF_LEFT + 3;
    for (size_t k = 0; k < tb->nkeys; k++, x += tb->key_w)
        gt_pdf_put(p, x, y + 4.5, p->fb, SMALL, tb->key_titles[k], tb->key_w - 6, GT_PDF_L, 0);
    x = GT_PDF_LEFT + tb->nkeys * tb->key_w;
    for (int c = 0; c < NUM_COLS; c++) {
        x += num_w[c];
        gt_pdf_put(p, x - 3, y + 4.5, p->fb, SMALL, num_titles[c], num_w[c] - 4, GT_PDF_R, 1);
    }
    gt_pdf_rgb(p, 0);
    p->y = y;
}

static void table_row(struct gt_pdf *p, const struct table *tb, const char *const *keys,
                      const struct gt_totals *t, int shade, int total)
{
    double y = p->y - ROW_H;
    if (shade || total) {
        gt_pdf_rgb(p, total ? 0xDDE4EE : 0xF3F5F8);
        gt_pdf_rect(p, GT_PDF_LEFT, y, GT_PDF_WIDTH, ROW_H);
        gt_pdf_rgb(p, 0);
    }
    HPDF_Font f = total ? p->fb : p->f;
    double x = GT_PDF_LEFT + 3;
    for (size_t k = 0; k < tb->nkeys; k++, x += tb->key_w)
        if (keys[k])
            gt_pdf_put(p, x, y + 3.2, f, SMALL, keys[k][0] ? keys[k] : "(unknown)", tb->key_w - 6,
                       GT_PDF_L, 0);
    char b[NUM_COLS][48];
    snprintf(b[0], sizeof b[0], "%ld", t->runs);
    if (t->runs == t->no_duration)
        snprintf(b[1], sizeof b[1], "-");
    else
        gt_duration_fmt(t->duration_s, b[1], sizeof b[1]);
    const char *v[NUM_COLS] = {
        b[0],
        b[1],
        known(t->energy_kwh, t->no_energy, t->runs, 6, b[2], sizeof b[2]),
        known(t->cpu_kwh, t->no_cpu, t->runs, 6, b[3], sizeof b[3]),
        known(t->gpu_kwh, t->no_gpu, t->runs, 6, b[4], sizeof b[4]),
        known(t->ram_kwh, t->no_ram, t->runs, 6, b[5], sizeof b[5]),
        known(t->co2e_g, t->no_co2e, t->runs, 3, b[6], sizeof b[6]),
    };
    x = GT_PDF_LEFT + tb->nkeys * tb->key_w;
    for (int c = 0; c < NUM_COLS; c++) {
        x += num_w[c];
        gt_pdf_put(p, x - 3, y + 3.2, f, SMALL, v[c], num_w[c] - 4, GT_PDF_R, 0);
    }
    p->y = y;
}

/* The rows (keys[i], t[i]) for i < n, then the totals row, paginated with
 * the header on every page and no row split. */
static void table(struct gt_pdf *p, struct table *tb, const char *const *keys, size_t stride,
                  const struct gt_totals *const *t, size_t n, const struct gt_totals *total)
{
    double numw = 0;
    for (int c = 0; c < NUM_COLS; c++)
        numw += num_w[c];
    tb->key_w = (GT_PDF_WIDTH - numw) / (double)(tb->nkeys ? tb->nkeys : 1);
    size_t left = n + 1, i = 0;
    const char *tot_keys[GT_AGG_MAX_KEYS] = {"total"};
    while (left && !p->failed) {
        size_t fit = gt_pdf_rows_fit(p->y - GT_PDF_BOTTOM, HEAD_H, ROW_H);
        if (!fit) {
            gt_pdf_page(p);
            continue;
        }
        size_t k = gt_pdf_rows_on_page(left, fit);
        table_header(p, tb);
        for (size_t j = 0; j < k; j++, i++) {
            if (i < n)
                table_row(p, tb, keys + i * stride, t[i], i % 2, 0);
            else
                table_row(p, tb, tot_keys, total, 0, 1);
        }
        left -= k;
        if (left)
            gt_pdf_page(p);
    }
    p->y -= 8;
}

static void add_run(struct gt_totals *t, const struct gt_run *r)
{
    t->runs++;
    double d = r->rec->duration_s;
    if (isnan(d))
        t->no_duration++;
    else
        t->duration_s += d;
    double v[5] = {r->energy_kwh, r->cpu_kwh, r->gpu_kwh, r->ram_kwh, r->co2e_g};
    double *sum[5] = {&t->energy_kwh, &t->cpu_kwh, &t->gpu_kwh, &t->ram_kwh, &t->co2e_g};
    long *miss[5] = {&t->no_energy, &t->no_cpu, &t->no_gpu, &t->no_ram, &t->no_co2e};
    for (int i = 0; i < 5; i++) {
        if (isnan(v[i]))
            (*miss[i])++;
        else
            *sum[i] += v[i];
    }
}

static void missing_note(struct gt_pdf *p, const struct gt_report *r)
{
    const struct gt_agg_result *res = r->sum.res;
    const struct gt_totals *t = &res->totals;
    char b[1024];
    size_t o = 0;
    struct {
        long n;
        const char *what;
    } m[] = {{t->no_energy, "energy"},  {t->no_co2e, "CO2e"},      {t->no_cpu, "CPU energy"},
             {t->no_gpu, "GPU energy"}, {t->no_ram, "RAM energy"}, {t->no_duration, "duration"}};
    for (size_t i = 0; i < sizeof m / sizeof m[0] && o < sizeof b; i++)
        if (m[i].n)
            o +=
                (size_t)snprintf(b + o, sizeof b - o, "%s%ld of %ld runs without %s",
                                 o ? "; " : "Not known (not counted as zero, shown as -): ", m[i].n,
                                 t->runs, m[i].what);
    if (o && o < sizeof b)
        o += (size_t)snprintf(b + o, sizeof b - o, ". ");
    if (t->local_time && o < sizeof b)
        o += (size_t)snprintf(b + o, sizeof b - o,
                              "%ld of %ld runs logged local time without a zone; dates are as "
                              "logged. ",
                              t->local_time, t->runs);
    if ((t->recomputed || res->opts.set_ci || res->opts.set_pue) && o < sizeof b)
        o += (size_t)snprintf(b + o, sizeof b - o, "Harmonised: %ld of %ld runs recomputed. ",
                              t->recomputed, t->runs);
    if (t->predicted && o < sizeof b)
        o += (size_t)snprintf(b + o, sizeof b - o,
                              "%ld run%s counted from carbontracker predictions. ", t->predicted,
                              t->predicted == 1 ? "" : "s");
    if ((res->excluded_predicted || res->excluded_filter) && o < sizeof b)
        o +=
            (size_t)snprintf(b + o, sizeof b - o,
                             "%ld run%s not counted (predictions only, or outside the "
                             "filters; see the accounting). ",
                             res->excluded_predicted + res->excluded_filter,
                             res->excluded_predicted + res->excluded_filter == 1 ? " is" : "s are");
    if (o)
        small_para(p, b);
}

static void groups(struct gt_pdf *p, const struct gt_report *r)
{
    const struct gt_agg_result *res = r->sum.res;
    const struct gt_agg_opts *op = &res->opts;
    struct table tb;
    memset(&tb, 0, sizeof tb);
    if (op->nby) {
        char h[160];
        size_t o = (size_t)snprintf(h, sizeof h, "Runs by ");
        for (size_t k = 0; k < op->nby && o < sizeof h; k++) {
            o += (size_t)snprintf(h + o, sizeof h - o, "%s%s", k ? ", " : "",
                                  gt_key_name(op->by[k]));
            tb.key_titles[k] = gt_key_name(op->by[k]);
        }
        gt_pdf_heading(p, h, HEAD_H + 3 * ROW_H);
        tb.nkeys = op->nby;
        size_t n = res->ngroups < MAX_GROUPS ? res->ngroups : MAX_GROUPS;
        const char **keys = malloc((n ? n : 1) * op->nby * sizeof *keys);
        const struct gt_totals **t = malloc((n ? n : 1) * sizeof *t);
        if (!keys || !t) {
            free(keys);
            free(t);
            p->failed = 1;
            return;
        }
        for (size_t g = 0; g < n; g++) {
            for (size_t k = 0; k < op->nby; k++)
                keys[g * op->nby + k] = res->groups[g].key[k];
            t[g] = &res->groups[g].t;
        }
        table(p, &tb, keys, op->nby, t, n, &res->totals);
        free(keys);
        free(t);
        if (res->ngroups > n) {
            char b[200];
            snprintf(b, sizeof b,
                     "The first %zu of %zu groups are listed (the totals are of all); the CSV, "
                     "JSON and XLSX reports list every group.",
                     n, res->ngroups);
            small_para(p, b);
        }
    } else {
        gt_pdf_heading(p, "Runs by tool", HEAD_H + 3 * ROW_H);
        struct gt_totals by_tool[GT_TOOL__COUNT];
        memset(by_tool, 0, sizeof by_tool);
        for (size_t i = 0; i < res->nruns; i++)
            add_run(&by_tool[res->runs[i].rec->tool], &res->runs[i]);
        const char *keys[GT_TOOL__COUNT];
        const struct gt_totals *t[GT_TOOL__COUNT];
        size_t n = 0;
        for (int k = 0; k < GT_TOOL__COUNT; k++) {
            if (!by_tool[k].runs)
                continue;
            keys[n] = gt_tool_name((enum gt_tool)k);
            t[n++] = &by_tool[k];
        }
        tb.nkeys = 1;
        tb.key_titles[0] = "tool";
        table(p, &tb, keys, 1, t, n, &res->totals);
    }
    missing_note(p, r);
}

/* ---- method ------------------------------------------------------------------ */

static void method(struct gt_pdf *p, const struct gt_report *r)
{
    gt_pdf_page(p);
    gt_pdf_heading(p, "Method", 4 * LEAD);
    if (r->estimate) {
        body_para(p, "The estimate follows the Green Algorithms model (Lannelongue et al. 2021, "
                     "v3.0):");
        const char *const f[] = {
            "P_CPU = cores x TDP per core x CPU usage",
            r->estimate->in.gpu_mode == GT_GPU_MEASURED
                ? "P_GPU = GPUs x max(0, measured power - idle power)"
                : "P_GPU = GPUs x TDP of a GPU x GPU usage",
            "P_memory = memory (GB) x memory power (W/GB)",
            "E = runtime (h) x (P_CPU + P_GPU + P_memory) x PUE x PSF / 1000   (kWh)",
            "CO2e = E x carbon intensity   (g CO2e)"};
        for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
            gt_pdf_para(p, GT_PDF_LEFT + 16, GT_PDF_WIDTH - 16, p->f, BODY, LEAD, f[i], 1);
    } else {
        body_para(p, "Every figure comes from the logs of the tools that measured the runs "
                     "(CodeCarbon, carbontracker, eco2ai, EnergyTracker, Green Algorithms "
                     "exports). Each run counts once: of several rows of one run the best "
                     "counts (actual over predicted, then the latest end, then the longest "
                     "duration) and the others are superseded, never summed; a run measured "
                     "several ways counts one method.");
        const char *const f[] = {
            "E = E_CPU + E_GPU + E_RAM (x the PUE the tool applied)   as the tool logged it (kWh)",
            "with --pue: E' = E / PUE of the tool x PUE given",
            "CO2e = E x carbon intensity   (g CO2e; the tool's intensity, or the one given with "
            "--ci)",
            "totals are sums over runs; a value a run lacks is not counted as zero"};
        for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
            gt_pdf_para(p, GT_PDF_LEFT + 16, GT_PDF_WIDTH - 16, p->f, BODY, LEAD, f[i], 1);
    }
    p->y -= 4;
    body_para(p, "Equivalents divide the CO2e by a factor each: tree-months = CO2e / tree-year "
                 "x 12; km = CO2e / g per km; flights = CO2e / g per flight; % of a household's "
                 "week = 100 x CO2e / g per week; TV minutes = CO2e / g per hour x 60.");

    gt_pdf_heading(p, "Constants, with their sources", 3 * LEAD);
    char b[1024], v[48];
    for (int i = 0; i < r->nconsts; i++) {
        const struct gt_report_const *c = &r->consts[i];
        if (isnan(c->value))
            snprintf(b, sizeof b, "as logged - %s", c->source);
        else
            snprintf(b, sizeof b, "%s %s - %s", gt_num_fmt(c->value, v, sizeof v), c->unit,
                     c->source);
        kv_row(p, c->name, b, 150, SMALL + 0.5, SMALL_LEAD + 0.4);
    }
    gt_pdf_heading(p, "How sure: the ranges", 4 * LEAD);
    body_para(p, gt_report_range_method);
    for (int i = 0; i < r->nunc; i++) {
        const struct gt_hw_uncertainty *u = r->unc[i];
        char lo[32], hi[32];
        snprintf(b, sizeof b, "x %s to %s: %s - %s", gt_num_fmt(u->low, lo, sizeof lo),
                 gt_num_fmt(u->high, hi, sizeof hi), u->applies, u->source);
        kv_row(p, u->name, b, 150, SMALL + 0.5, SMALL_LEAD + 0.4);
    }
    gt_pdf_heading(p, "Data versions", 2 * LEAD);
    snprintf(b, sizeof b, "greentally %s; hardware and constants data %s", r->sum.tool_version,
             r->hwdb_version);
    body_para(p, b);
    gt_pdf_heading(p, "Not counted", 3 * LEAD);
    for (int i = 0; gt_report_not_counted[i]; i++) {
        snprintf(b, sizeof b, "- %s", gt_report_not_counted[i]);
        body_para(p, b);
    }
}

/* ---- accounting --------------------------------------------------------------- */

static void accounting(struct gt_pdf *p, const struct gt_report *r)
{
    const struct gt_agg_result *res = r->sum.res;
    const struct gt_accounting *a = &res->acc;
    gt_pdf_page(p);
    gt_pdf_heading(p, "Accounting", 6 * LEAD);
    char b[1200];
    int fo = snprintf(b, sizeof b, "%ld files read, %ld skipped (not logs of a known tool)",
                      a->files_read, a->files_skipped);
    if (a->files_rejected && fo > 0 && (size_t)fo < sizeof b)
        fo += snprintf(b + fo, sizeof b - (size_t)fo,
                       ", %ld rejected (unreadable or unparsable, named in the warnings)",
                       a->files_rejected);
    if (a->files_duplicate && fo > 0 && (size_t)fo < sizeof b)
        fo += snprintf(b + fo, sizeof b - (size_t)fo,
                       ", %ld read once already (the same file, or a byte-identical copy)",
                       a->files_duplicate);
    if (fo > 0 && (size_t)fo < sizeof b)
        snprintf(b + fo, sizeof b - (size_t)fo, ".");
    body_para(p, b);
    size_t o =
        (size_t)snprintf(b, sizeof b, "Rows read %ld = %ld used + %ld superseded + %ld rejected",
                         a->rows_read, a->rows_used, a->rows_superseded, a->rows_rejected);
    if (a->rows_excluded)
        o += (size_t)snprintf(b + o, sizeof b - o, " + %ld excluded", a->rows_excluded);
    snprintf(b + o, sizeof b - o, ".");
    body_para(p, b);
    small_para(p, "Used: the row that counts for its run. Superseded: earlier rows of a run, or "
                  "a tool's own totals of runs counted from their rows. Rejected: rows that "
                  "cannot be read (see the warnings). Excluded: rows of runs left out by a "
                  "filter or as predictions only.");
    p->y -= 4;
    snprintf(b, sizeof b, "%ld run%s counted", res->totals.runs, res->totals.runs == 1 ? "" : "s");
    o = strlen(b);
    if (res->excluded_predicted)
        o += (size_t)snprintf(b + o, sizeof b - o,
                              "; %ld carbontracker run%s with only a prediction not counted",
                              res->excluded_predicted, res->excluded_predicted == 1 ? "" : "s");
    if (res->excluded_filter && o < sizeof b)
        o += (size_t)snprintf(b + o, sizeof b - o, "; %ld run%s outside the filters",
                              res->excluded_filter, res->excluded_filter == 1 ? "" : "s");
    if (res->gap_runs && o < sizeof b)
        o += (size_t)snprintf(b + o, sizeof b - o,
                              "; %ld run%s whose latest row had no energy count%s the last row "
                              "with energy",
                              res->gap_runs, res->gap_runs == 1 ? "" : "s",
                              res->gap_runs == 1 ? "s" : "");
    if (o < sizeof b)
        snprintf(b + o, sizeof b - o, ".");
    body_para(p, b);

    if (res->multi_method_runs) {
        snprintf(b, sizeof b, "Runs measured several ways (%ld; one method counts)",
                 res->multi_method_runs);
        gt_pdf_heading(p, b, 3 * LEAD);
        long listed = 0;
        for (size_t i = 0; i < res->nruns && listed < MAX_METHODS; i++) {
            const struct gt_run *run = &res->runs[i];
            if (!run->nmethods)
                continue;
            listed++;
            char e[64], c[64];
            o = (size_t)snprintf(b, sizeof b, "counted: %s, %s kWh, %s g (%s:%ld)",
                                 run->rec->format, known(run->energy_kwh, 0, 0, 6, e, sizeof e),
                                 known(run->co2e_g, 0, 0, 3, c, sizeof c), run->rec->file,
                                 run->rec->line);
            for (size_t m = 0; m < run->nmethods && o < sizeof b; m++) {
                const struct gt_record *x = run->methods[m];
                o += (size_t)snprintf(b + o, sizeof b - o, "\nalso: %s, %s kWh, %s g (%s:%ld)",
                                      x->format, known(gt_record_energy(x), 0, 0, 6, e, sizeof e),
                                      known(x->co2e_g, 0, 0, 3, c, sizeof c), x->file, x->line);
            }
            gt_pdf_need(p, 3 * SMALL_LEAD);
            gt_pdf_para(p, GT_PDF_LEFT, GT_PDF_WIDTH, p->fb, SMALL, SMALL_LEAD, run->rec->group_key,
                        0);
            gt_pdf_para(p, GT_PDF_LEFT + 10, GT_PDF_WIDTH - 10, p->f, SMALL, SMALL_LEAD, b, 0);
            p->y -= 3;
        }
        if (res->multi_method_runs > listed) {
            snprintf(b, sizeof b, "and %ld more", res->multi_method_runs - listed);
            small_para(p, b);
        }
    }

    const struct gt_summary_doc *d = &r->sum;
    long total = (long)d->nwarnings + d->warnings_dropped;
    snprintf(b, sizeof b, "Warnings (%ld)", total);
    gt_pdf_heading(p, b, 2 * LEAD);
    if (!total)
        body_para(p, "None.");
    size_t shown = d->nwarnings < MAX_WARNINGS ? d->nwarnings : MAX_WARNINGS;
    for (size_t i = 0; i < shown; i++) {
        const struct gt_warning *w = &d->warnings[i];
        const char *kind = w->kind == GT_WARN_REJECTED ? "rejected: " : "";
        char at[32] = "";
        if (w->line > 0)
            snprintf(at, sizeof at, ":%ld", w->line);
        snprintf(b, sizeof b, "%s%s: %s%s", w->file ? w->file : "", at, kind, w->msg);
        gt_pdf_para(p, GT_PDF_LEFT, GT_PDF_WIDTH, p->f, SMALL, SMALL_LEAD, b, 0);
        p->y -= 2;
    }
    if (total > (long)shown) {
        snprintf(b, sizeof b,
                 "and %ld more warnings, not listed (`greentally summary` prints them all)",
                 total - (long)shown);
        small_para(p, b);
    }
}

/* ---- the document --------------------------------------------------------------- */

static void footers(struct gt_pdf *p, const struct gt_report *r)
{
    char b[64], t[300];
    snprintf(t, sizeof t, "%s - greentally %s", r->title, r->sum.tool_version);
    for (size_t i = 0; i < p->npages && !p->failed; i++) {
        p->page = p->pages[i];
        gt_pdf_stroke_rgb(p, 0xBBBBBB, 0.4);
        gt_pdf_line(p, GT_PDF_LEFT, GT_PDF_BOTTOM - 18, right(), GT_PDF_BOTTOM - 18);
        gt_pdf_rgb(p, GRAY);
        snprintf(b, sizeof b, "page %zu of %zu", i + 1, p->npages);
        gt_pdf_put(p, right(), GT_PDF_BOTTOM - 28, p->f, SMALL, b, 0, GT_PDF_R, 0);
        gt_pdf_put(p, GT_PDF_LEFT, GT_PDF_BOTTOM - 28, p->f, SMALL, t, GT_PDF_WIDTH - 80, GT_PDF_L,
                   1);
    }
}

static int copy_out(HPDF_Doc doc, FILE *out)
{
    if (HPDF_SaveToStream(doc) != HPDF_OK)
        return -1;
    HPDF_ResetStream(doc);
    HPDF_BYTE buf[65536];
    for (;;) {
        HPDF_UINT32 n = sizeof buf;
        HPDF_STATUS st = HPDF_ReadFromStream(doc, buf, &n);
        if (n && fwrite(buf, 1, n, out) != n)
            return -2;
        if (st == HPDF_STREAM_EOF)
            return 0;
        if (st != HPDF_OK)
            return -1;
    }
}

int gt_report_write_pdf(FILE *out, const struct gt_report *r, struct gt_error *err)
{
    struct gt_pdf p;
    memset(&p, 0, sizeof p);
    p.doc = HPDF_New(on_error, &p);
    if (!p.doc)
        return gt_error_set(err, GT_E_NOMEM, "out of memory"), -1;
    HPDF_SetCompressionMode(p.doc, HPDF_COMP_ALL);
    p.f = HPDF_GetFont(p.doc, "Helvetica", "WinAnsiEncoding");
    p.fb = HPDF_GetFont(p.doc, "Helvetica-Bold", "WinAnsiEncoding");
    int y, mo, d, h, mi;
    double s;
    gt_time_to_civil((double)r->generated, &y, &mo, &d, &h, &mi, &s);
    HPDF_Date date = {y, mo, d, h, mi, (int)s, 'Z', 0, 0};
    HPDF_SetInfoDateAttr(p.doc, HPDF_INFO_CREATION_DATE, date);
    HPDF_SetInfoDateAttr(p.doc, HPDF_INFO_MOD_DATE, date);
    char t[256], c[64];
    gt_pdf_cp1252(r->title, t, sizeof t);
    HPDF_SetInfoAttr(p.doc, HPDF_INFO_TITLE, t);
    snprintf(c, sizeof c, "greentally %s", r->sum.tool_version);
    HPDF_SetInfoAttr(p.doc, HPDF_INFO_CREATOR, c);

    header(&p, r);
    headline(&p, r);
    equivalents(&p, r);
    if (r->estimate)
        estimate_inputs(&p, r->estimate);
    p.pending = "Charts";
    gt_pdf_chart_components(&p, &r->comp);
    gt_pdf_chart_months(&p, &r->months);
    gt_pdf_chart_share(&p, &r->share);
    p.pending = NULL;
    if (!r->estimate)
        groups(&p, r);
    gt_pdf_heading(&p, "Statement for a paper", 4 * LEAD);
    body_para(&p, r->statement ? r->statement : "");
    method(&p, r);
    accounting(&p, r);
    footers(&p, r);

    int rc = p.failed ? -1 : copy_out(p.doc, out);
    if (p.failed || rc == -1) {
        if (p.hpdf_st)
            gt_error_set(err, GT_E_DATA, "cannot make the PDF: libharu error 0x%04lX (detail %lu)",
                         p.hpdf_st, p.hpdf_detail);
        else
            gt_error_set(err, GT_E_NOMEM, "out of memory");
        rc = -1;
    } else if (rc == -2 || ferror(out)) {
        int e = errno;
        gt_error_set(err, GT_E_IO, "%s", e ? strerror(e) : "write error");
        rc = -1;
    }
    HPDF_Free(p.doc);
    free(p.pages);
    return rc;
}
