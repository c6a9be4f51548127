/* report_pdf.c - the PDF report (libharu, A4 portrait, base-14 Helvetica so
 * the binary needs no font file): headline figures and equivalents, charts,
 * group tables, the paper statement, the method and the accounting. The
 * drawing primitives are in pdf_draw.c, the charts in pdf_chart.c, the
 * arithmetic in pdf_text.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_duration.h"
#include "gt_estimate_extra.h"
#include "gt_format.h"
#include "gt_num.h"
#include "gt_out.h"
#include "gt_palette.h"
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
#define MAX_WARNINGS 60   /* warnings listed in the accounting */
#define MAX_METHODS  40   /* runs measured several ways, listed */
#define GRAY         GT_PAL_GRAY

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

/* 3 significant digits (a reader's precision; CSV, JSON and XLSX keep
 * full precision), "-" when no run has the value */
static const char *known(double sum, long missing, long runs, char *buf, size_t size)
{
    if (isnan(sum) || (runs && missing == runs))
        return "-";
    return gt_report_sig(sum, 3, buf, size);
}

/* ---- page 1 ------------------------------------------------------------------ */

static void header(struct gt_pdf *p, const struct gt_report *r)
{
    gt_pdf_page(p);
    gt_pdf_rgb(p, GT_PAL_INK);
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
    if (*gt_report_grouping(r, b, sizeof b))
        small_para(p, b);
    if (*gt_report_filters(r, b, sizeof b))
        small_para(p, b);
    p->y -= 6;
}

static void headline(struct gt_pdf *p, const struct gt_report *r)
{
    struct gt_report_figure f[GT_REPORT_FIGURES];
    gt_report_headline(r, f);
    double cw = GT_PDF_WIDTH / 3, ch = 48, gap = 4;
    gt_pdf_need(p, 2 * ch + gap);
    for (int i = 0; i < 6; i++) {
        double x = GT_PDF_LEFT + (i % 3) * cw, y = p->y - (i / 3 + 1) * ch - (i / 3) * gap;
        gt_pdf_rgb(p, GT_PAL_CARD);
        gt_pdf_rect(p, x + 1, y, cw - 2 - gap, ch);
        gt_pdf_rgb(p, GRAY);
        gt_pdf_put(p, x + 8, y + ch - 12, p->f, SMALL, f[i].label, cw - 16 - gap, GT_PDF_L, 1);
        gt_pdf_rgb(p, GT_PAL_INK);
        gt_pdf_put(p, x + 8, y + ch - 29, p->fb, 14, f[i].value, cw - 16 - gap, GT_PDF_L, 1);
        gt_pdf_rgb(p, GRAY);
        gt_pdf_put(p, x + 8, y + 7, p->f, 6.5, f[i].note, cw - 16 - gap, GT_PDF_L, 1);
    }
    gt_pdf_rgb(p, 0);
    p->y -= 2 * ch + gap + 10;
}

static void equivalents(struct gt_pdf *p, const struct gt_report *r)
{
    if (r->equivalents == GT_REPORT_EQUIV_NONE)
        return;
    gt_pdf_heading(p, "Equivalents", 4 * LEAD);
    char l[GT_REPORT_MAX_EQUIV][200];
    int n = gt_report_equivalents(r, l);
    if (!n) {
        body_para(p, "No run logged CO2e, so there are no equivalents.");
        return;
    }
    for (int i = 0; i < n; i++) {
        gt_pdf_need(p, LEAD);
        gt_pdf_rgb(p, GT_PAL_ACCENT);
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
    struct gt_report_kv kv[GT_REPORT_MAX_KV];
    gt_pdf_heading(p, "Inputs of the estimate and their sources", 3 * LEAD);
    int n = gt_report_estimate_inputs(e, kv);
    for (int i = 0; i < n; i++)
        kv_row(p, kv[i].key, kv[i].text, 110, BODY - 0.5, LEAD - 1);
    gt_pdf_heading(p, "Energy and CO2e by component", 5 * LEAD);
    n = gt_report_estimate_components(e, kv);
    for (int i = 0; i < n; i++)
        kv_row(p, kv[i].key, kv[i].text, 110, BODY - 0.5, LEAD - 1);
}

/* ---- group tables ------------------------------------------------------------ */

#define NUM_COLS 7
static const char *const num_titles[NUM_COLS] = {"runs",    "duration h", "energy kWh", "CPU kWh",
                                                 "GPU kWh", "RAM kWh",    "CO2e g"};
static const double num_w[NUM_COLS] = {34, 66, 54, 50, 50, 50, 54};

struct table {
    size_t nkeys;
    const char *key_titles[GT_AGG_MAX_KEYS];
    double key_w;
};

static void table_header(struct gt_pdf *p, const struct table *tb)
{
    double y = p->y - HEAD_H;
    gt_pdf_rgb(p, GT_PAL_INK);
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
        gt_pdf_rgb(p, total ? GT_PAL_TOTAL : GT_PAL_SHADE);
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
        gt_report_sig(t->duration_s / 3600, 3, b[1], sizeof b[1]);
    const char *v[NUM_COLS] = {
        b[0],
        b[1],
        known(t->energy_kwh, t->no_energy, t->runs, b[2], sizeof b[2]),
        known(t->cpu_kwh, t->no_cpu, t->runs, b[3], sizeof b[3]),
        known(t->gpu_kwh, t->no_gpu, t->runs, b[4], sizeof b[4]),
        known(t->ram_kwh, t->no_ram, t->runs, b[5], sizeof b[5]),
        known(t->co2e_g, t->no_co2e, t->runs, b[6], sizeof b[6]),
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

static void missing_note(struct gt_pdf *p, const struct gt_report *r)
{
    char b[1024];
    if (*gt_report_missing_note(r, b, sizeof b))
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
        gt_report_tool_totals(res, by_tool);
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
    gt_pdf_heading(p, "Method", 6 * LEAD);
    const char *const *f = gt_report_method_logs_formulas;
    body_para(p, r->estimate ? gt_report_method_estimate : gt_report_method_logs);
    if (r->estimate)
        f = gt_report_method_estimate_formulas;
    for (size_t i = 0; f[i]; i++)
        gt_pdf_para(p, GT_PDF_LEFT + 16, GT_PDF_WIDTH - 16, p->f, BODY, LEAD,
                    i == 1 && r->estimate && r->estimate->in.gpu_mode == GT_GPU_MEASURED
                        ? gt_report_method_gpu_measured
                        : f[i],
                    1);
    p->y -= 4;
    body_para(p, gt_report_method_equivalents);

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
    if (r->sum.embodied && r->sum.embodied->given) {
        gt_pdf_heading(p, "Embodied emissions (shown apart)", 3 * LEAD);
        char e[400];
        snprintf(b, sizeof b,
                 "%s. Each run's GPUs and one CPU package for its duration: count x kgCO2e x "
                 "hours / (lifetime x 8760 h x utilisation). Lifetime: %s.",
                 gt_summary_embodied_text(r->sum.embodied, e, sizeof e),
                 r->sum.embodied->lifetime_source);
        body_para(p, b);
    }
    gt_pdf_heading(p, "Not counted", 3 * LEAD);
    for (int i = 0; gt_report_not_counted[i]; i++) {
        snprintf(b, sizeof b, "- %s", gt_report_not_counted[i]);
        body_para(p, b);
    }
}

/* ---- accounting --------------------------------------------------------------- */

/* SLURM accounting: GA4HPC's figures per user, and the method. */
static void slurm_users(struct gt_pdf *p, const struct gt_report *r)
{
    const struct gt_slurm_doc *d = r->slurm;
    const struct gt_slurm_headline *h = d->h;
    static const char *const titles[] = {"user",       "jobs",       "failed", "energy kWh",
                                         "CO2e g",     "CPU core-h", "GPU h",  "mem alloc",
                                         "failed kWh", "MaxRSS kWh"};
    static const double w[] = {66, 26, 30, 52, 50, 50, 38, 46, 52, 62};
    gt_pdf_heading(p, "SLURM jobs by user (GA4HPC's figures)", HEAD_H + 4 * ROW_H);
    double x = GT_PDF_LEFT;
    for (size_t c = 0; c < 10; c++) {
        gt_pdf_put(p, c ? x + w[c] - 3 : x, p->y - SMALL - 2, p->fb, SMALL, titles[c], w[c] - 4,
                   c ? GT_PDF_R : GT_PDF_L, 1);
        x += w[c];
    }
    p->y -= HEAD_H;
    for (size_t i = 0; i <= h->nusers; i++) {
        const struct gt_slurm_user *u = i < h->nusers ? &h->users[i] : &h->total;
        char cb[10][48];
        double oa = u->overallocation_n ? u->overallocation_sum / (double)u->overallocation_n : NAN;
        snprintf(cb[1], 48, "%ld", u->jobs);
        snprintf(cb[2], 48, "%ld", u->jobs - u->state[GT_SLURM_COMPLETED]);
        const char *cells[10] = {i < h->nusers ? (u->user[0] ? u->user : "(unknown)") : "total",
                                 cb[1],
                                 cb[2],
                                 gt_methods_num(u->energy_kwh, "%.6f", cb[3], 48),
                                 gt_methods_num(u->co2e_g, "%.3f", cb[4], 48),
                                 gt_methods_num(u->cpu_core_h, "%.3f", cb[5], 48),
                                 gt_methods_num(u->gpu_h, "%.3f", cb[6], 48),
                                 gt_methods_num(oa, "%.2f", cb[7], 48),
                                 gt_methods_num(u->failed_kwh, "%.6f", cb[8], 48),
                                 gt_methods_num(u->energy_maxrss_kwh, "%.6f", cb[9], 48)};
        gt_pdf_need(p, ROW_H);
        x = GT_PDF_LEFT;
        for (size_t c = 0; c < 10; c++) {
            gt_pdf_put(p, c ? x + w[c] - 3 : x, p->y - SMALL - 1.5, i < h->nusers ? p->f : p->fb,
                       SMALL, cells[c], w[c] - 4, c ? GT_PDF_R : GT_PDF_L, 0);
            x += w[c];
        }
        p->y -= ROW_H;
    }
    char line[1400];
    size_t n = (size_t)snprintf(line, sizeof line, "Jobs by state:");
    for (int s = 0; s < GT_SLURM_RUNNING && n < sizeof line; s++)
        n += (size_t)snprintf(line + n, sizeof line - n, "%s %ld %s", s ? "," : "",
                              h->total.state[s], gt_slurm_state_name((enum gt_slurm_state)s));
    for (size_t i = 0; i < d->napart && n < sizeof line; i++)
        n += (size_t)snprintf(line + n, sizeof line - n, "%s %ld %s",
                              i ? "," : "; counted apart:", d->apart_jobs[i], d->apart_what[i]);
    if (n < sizeof line)
        snprintf(
            line + n, sizeof line - n,
            ". Failed = every state but completed; mem alloc = mean requested / needed memory; "
            "MaxRSS = the variant on memory needed.");
    small_para(p, line);
    small_para(p, gt_slurm_method_text(d->cluster, line, sizeof line));
}

/* `--methods all`: each run under every peer's method, beside what it logged. */
static void methods(struct gt_pdf *p, const struct gt_report *r)
{
    const struct gt_report_methods *m = r->methods;
    static const char *const titles[] = {"method", "CPU W",      "GPU W",  "RAM W",
                                         "PUE",    "energy kWh", "CO2e g", "x logged"};
    static const double w[] = {150, 44, 44, 44, 34, 58, 56, 46};
    gt_pdf_heading(p, "Every peer's method on the same runs", 6 * LEAD);
    small_para(p, "Each run re-estimated from what it logged with each tool's own rules and "
                  "constants (greentally compare). CodeCarbon and eco2ai count a GPU only when it "
                  "was measured; carbontracker counts only what was measured; x logged is the "
                  "method's energy over the run's logged energy.");
    char b[64], line[900];
    for (size_t i = 0; i < m->n; i++) {
        const struct gt_report_method_run *v = &m->v[i];
        struct gt_run_rec rb;
        const struct gt_record *rec = gt_agg_run_record(v->run, &rb);
        gt_pdf_need(p, 4 * LEAD + HEAD_H + (GT_M__COUNT + 1) * ROW_H);
        snprintf(line, sizeof line, "run %s (%s%s%s): logged %s kWh, %s g CO2e",
                 v->run->key[GT_KEY_RUN], gt_tool_name(rec->tool), rec->tool_version[0] ? " " : "",
                 rec->tool_version, gt_methods_num(v->logged_kwh, "%.6f", b, 32),
                 gt_methods_num(v->logged_g, "%.3f", b + 32, 32));
        p->y -= 4;
        gt_pdf_put(p, GT_PDF_LEFT, p->y - BODY, p->fb, BODY, line, GT_PDF_WIDTH, GT_PDF_L, 1);
        p->y -= LEAD;
        small_para(p, v->inputs);
        double x = GT_PDF_LEFT;
        for (size_t c = 0; c < 8; c++) {
            gt_pdf_put(p, c ? x + w[c] - 3 : x, p->y - SMALL - 2, p->fb, SMALL, titles[c], w[c] - 4,
                       c ? GT_PDF_R : GT_PDF_L, 1);
            x += w[c];
        }
        p->y -= HEAD_H;
        for (int j = 0; j < GT_M__COUNT; j++) {
            const struct gt_method_result *mr = &v->m[j];
            gt_pdf_need(p, ROW_H);
            char cb[8][48];
            const char *cells[8] = {
                gt_method_title((enum gt_method)j),
                gt_methods_num(mr->cpu_w, "%.2f", cb[1], 48),
                gt_methods_num(mr->gpu_w, "%.2f", cb[2], 48),
                gt_methods_num(mr->ram_w, "%.2f", cb[3], 48),
                gt_methods_num(mr->pue, "%.2f", cb[4], 48),
                gt_methods_num(mr->energy_kwh, "%.6f", cb[5], 48),
                gt_methods_num(mr->co2e_g, "%.3f", cb[6], 48),
                gt_methods_num(v->logged_kwh > 0 ? mr->energy_kwh / v->logged_kwh : NAN, "%.2f",
                               cb[7], 48)};
            x = GT_PDF_LEFT;
            for (size_t c = 0; c < 8; c++) {
                gt_pdf_put(p, c ? x + w[c] - 3 : x, p->y - SMALL - 1.5, p->f, SMALL, cells[c],
                           w[c] - 4, c ? GT_PDF_R : GT_PDF_L, 0);
                x += w[c];
            }
            p->y -= ROW_H;
            if (isnan(mr->energy_range.lo) && isnan(mr->co2e_range.lo))
                continue;
            /* greentally's range, under its row */
            gt_pdf_need(p, ROW_H);
            snprintf(line, sizeof line, "low - high: energy %s kWh, CO2e %s g",
                     gt_out_range_fixed(mr->energy_range.lo, mr->energy_range.hi, 6, cb[0], 48),
                     gt_out_range_fixed(mr->co2e_range.lo, mr->co2e_range.hi, 3, cb[1], 48));
            gt_pdf_put(p, GT_PDF_LEFT + 10, p->y - SMALL - 1.5, p->f, SMALL, line,
                       GT_PDF_WIDTH - 10, GT_PDF_L, 0);
            p->y -= ROW_H;
        }
    }
    if (m->more) {
        snprintf(line, sizeof line, "%ld more runs not shown (greentally compare lists them all).",
                 m->more);
        small_para(p, line);
    }
    p->y -= 4;
    for (size_t i = 0; i < GT_METHODS_NCONST; i++) {
        snprintf(line, sizeof line, "%s = %g %s: %s", m->used[i]->name, m->used[i]->value,
                 m->used[i]->unit, m->used[i]->source);
        small_para(p, line);
    }
    small_para(p, GT_METHODS_PEER_CI_NOTE ".");
    small_para(p, GT_METHODS_RANGE_NOTE ".");
}

static void accounting(struct gt_pdf *p, const struct gt_report *r)
{
    const struct gt_agg_result *res = r->sum.res;
    const struct gt_accounting *a = &res->acc;
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
                                 run->rec->format, known(run->energy_kwh, 0, 0, e, sizeof e),
                                 known(run->co2e_g, 0, 0, c, sizeof c), run->rec->file,
                                 run->rec->line);
            for (size_t m = 0; m < run->nmethods && o < sizeof b; m++) {
                const struct gt_record *x = run->methods[m];
                if (isnan(gt_record_energy(x)) && isnan(x->co2e_g))
                    o += (size_t)snprintf(b + o, sizeof b - o,
                                          "\nalso: %s, no energy or CO2e logged (%s:%ld)",
                                          x->format, x->file, x->line);
                else
                    o += (size_t)snprintf(b + o, sizeof b - o, "\nalso: %s, %s kWh, %s g (%s:%ld)",
                                          x->format, known(gt_record_energy(x), 0, 0, e, sizeof e),
                                          known(x->co2e_g, 0, 0, c, sizeof c), x->file, x->line);
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

    /* files skipped as not logs are the count line above, not warnings */
    const struct gt_summary_doc *d = &r->sum;
    long skipped = 0;
    for (size_t i = 0; i < d->nwarnings; i++)
        skipped += d->warnings[i].kind == GT_WARN_SKIPPED;
    long total = (long)d->nwarnings + d->warnings_dropped - skipped;
    snprintf(b, sizeof b, "Warnings (%ld)", total);
    gt_pdf_heading(p, b, 2 * LEAD);
    if (!total)
        body_para(p, "None.");
    size_t shown = 0;
    for (size_t i = 0; i < d->nwarnings && shown < MAX_WARNINGS; i++) {
        const struct gt_warning *w = &d->warnings[i];
        if (w->kind == GT_WARN_SKIPPED)
            continue;
        shown++;
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

int gt_report_write_pdf(FILE *out, const struct gt_report *r, struct gt_error *err)
{
    struct gt_pdf p;
    if (gt_pdf_open(&p, r->title, r->generated, r->sum.tool_version, err) != 0)
        return -1;
    header(&p, r);
    headline(&p, r);
    equivalents(&p, r);
    if (r->estimate)
        estimate_inputs(&p, r->estimate);
    if (r->estimate && r->estimate->extra)
        gt_pdf_estimate_extra(&p, r->estimate->extra);
    p.pending = "Charts";
    if (r->estimate)
        gt_pdf_chart_estimate(&p, &r->estimate->res);
    gt_pdf_chart_components(&p, &r->comp);
    gt_pdf_chart_months(&p, &r->months);
    gt_pdf_chart_share(&p, &r->share);
    p.pending = NULL;
    if (!r->estimate)
        groups(&p, r);
    if (r->slurm && r->slurm->h->total.jobs)
        slurm_users(&p, r);
    gt_pdf_heading(&p, "Statement for a paper", 4 * LEAD);
    body_para(&p, r->statement ? r->statement : "");
    method(&p, r);
    if (r->methods)
        methods(&p, r);
    if (!r->estimate) /* an estimate reads no logs: nothing to account for */
        accounting(&p, r);
    gt_pdf_footers(&p, r->title, r->sum.tool_version);
    return gt_pdf_close(&p, out, err);
}
