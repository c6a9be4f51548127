/* tradeoff_pdf.c - `greentally tradeoff -o FILE.pdf`: the table, the
 * statement, one scatter chart of energy against each metric (the front
 * drawn, each point coloured and labelled by its compound rating) and the
 * method. Drawing primitives from pdf_draw.c. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_out.h"
#include "gt_pdf.h"
#include "gt_summary_out.h"
#include "gt_time.h"
#include "gt_tradeoff_out.h"

#define BODY     9.0
#define LEAD     12.0
#define SMALL    7.5
#define SLEAD    9.6
#define ROW_H    11.0
#define GRAY     0x555555
#define GRID     0xDDDDDD
#define FRONT    0x1F3A5F
#define CHART_H  250.0
#define LABEL_SZ 6.5
#define MAX_LIST 200 /* unjoined runs listed; the JSON has them all */

/* EU energy-label colours, A (best) to E */
static const unsigned rating_rgb[5] = {0x00A651, 0x8DC63F, 0xE8C800, 0xF7941D, 0xED1C24};

static unsigned rating_color(char r)
{
    return r >= 'A' && r <= 'E' ? rating_rgb[r - 'A'] : 0x999999;
}

static void small(struct gt_pdf *p, const char *utf8)
{
    gt_pdf_rgb(p, GRAY);
    gt_pdf_para(p, GT_PDF_LEFT, GT_PDF_WIDTH, p->f, SMALL, SLEAD, utf8, 1);
    gt_pdf_rgb(p, 0);
}

static void body(struct gt_pdf *p, const char *utf8)
{
    gt_pdf_para(p, GT_PDF_LEFT, GT_PDF_WIDTH, p->f, BODY, LEAD, utf8, 1);
}

static void header(struct gt_pdf *p, const struct gt_tradeoff_doc *d)
{
    gt_pdf_page(p);
    gt_pdf_rgb(p, FRONT);
    gt_pdf_para(p, GT_PDF_LEFT, GT_PDF_WIDTH, p->fb, 20, 24, d->title, 1);
    gt_pdf_rgb(p, 0);
    p->y -= 2;
    char b[700], t[40];
    snprintf(b, sizeof b, "generated %s UTC by greentally %s",
             gt_time_fmt((double)d->generated, 0, t, sizeof t), d->logs.tool_version);
    small(p, b);
    snprintf(b, sizeof b, "%zu runs compared: %s joined by %s to %zu of %zu log runs%s%s",
             d->nitems, d->metrics_read, d->join, (size_t)d->logs.res->nruns - d->nunjoined,
             (size_t)d->logs.res->nruns, d->utc_offset ? "; log times without a zone at UTC" : "",
             d->utc_offset ? d->utc_offset : "");
    small(p, b);
    p->y -= 6;
}

/* --- the table ------------------------------------------------------------------------ */

struct tcol {
    const char *title;
    double w;
    int right;
};

static void table_head(struct gt_pdf *p, const struct tcol *c, size_t n)
{
    gt_pdf_need(p, 2 * ROW_H + 4);
    double x = GT_PDF_LEFT;
    gt_pdf_rgb(p, 0xE8EDF3);
    gt_pdf_rect(p, GT_PDF_LEFT, p->y - ROW_H - 2, GT_PDF_WIDTH, ROW_H + 2);
    gt_pdf_rgb(p, 0);
    for (size_t i = 0; i < n; i++) {
        gt_pdf_put(p, c[i].right ? x + c[i].w - 3 : x + 2, p->y - ROW_H + 1, p->fb, SMALL,
                   c[i].title, c[i].w - 4, c[i].right ? GT_PDF_R : GT_PDF_L, 1);
        x += c[i].w;
    }
    p->y -= ROW_H + 4;
}

static void table(struct gt_pdf *p, const struct gt_tradeoff_doc *d)
{
    size_t na = d->naxes, nm = 0;
    for (size_t a = 0; a < na; a++)
        nm += d->axes[a].kind == GT_AXIS_METRIC;
    size_t nc = 5 + nm + na + 1;
    struct tcol *c = calloc(nc, sizeof *c);
    char(*titles)[80] = calloc(nc, sizeof *titles);
    if (!c || !titles) {
        free(c);
        free(titles);
        p->failed = 1;
        return;
    }
    size_t k = 0;
    c[k++] = (struct tcol){"run", 0, 0};
    c[k++] = (struct tcol){"energy kWh", 52, 1};
    c[k++] = (struct tcol){"CO2e g", 44, 1};
    c[k++] = (struct tcol){"CO2e range", 62, 1};
    for (size_t a = 0; a < na; a++)
        if (d->axes[a].kind == GT_AXIS_METRIC)
            c[k++] = (struct tcol){d->axes[a].name, 44, 1};
    c[k++] = (struct tcol){"front", 26, 0};
    for (size_t a = 0; a < na; a++) {
        snprintf(titles[k], sizeof titles[k], "%s", d->axes[a].name);
        c[k] = (struct tcol){titles[k], 40, 1};
        k++;
    }
    c[k++] = (struct tcol){"compound", 44, 1};
    double used = 0;
    for (size_t i = 1; i < nc; i++)
        used += c[i].w;
    c[0].w = GT_PDF_WIDTH - used;
    if (c[0].w < 60) { /* many axes: shrink the index columns */
        double f = (GT_PDF_WIDTH - 60) / used;
        for (size_t i = 1; i < nc; i++)
            c[i].w *= f;
        c[0].w = 60;
    }
    gt_pdf_heading(p, "Runs compared", 3 * ROW_H);
    table_head(p, c, nc);
    char b[64];
    for (size_t i = 0; i < d->nitems && !p->failed; i++) {
        const struct gt_item *it = &d->items[i];
        if (p->y - ROW_H < GT_PDF_BOTTOM) {
            gt_pdf_page(p);
            table_head(p, c, nc);
        }
        double x = GT_PDF_LEFT, y = p->y - ROW_H + 2;
        if (i % 2) {
            gt_pdf_rgb(p, 0xF6F7F9);
            gt_pdf_rect(p, GT_PDF_LEFT, p->y - ROW_H, GT_PDF_WIDTH, ROW_H);
            gt_pdf_rgb(p, 0);
        }
        k = 0;
        gt_pdf_put(p, x + 2, y, p->f, SMALL, it->label, c[k].w - 4, GT_PDF_L, 0);
        x += c[k++].w;
        struct gt_axis en = {"energy", GT_AXIS_ENERGY, GT_DIR_MIN, 1};
        struct gt_axis co = {"co2e", GT_AXIS_CO2E, GT_DIR_MIN, 1};
        gt_pdf_put(p, x + c[k].w - 3, y, p->f, SMALL,
                   gt_tradeoff_value(&en, it->energy_kwh, b, sizeof b), 0, GT_PDF_R, 0);
        x += c[k++].w;
        gt_pdf_put(p, x + c[k].w - 3, y, p->f, SMALL,
                   gt_tradeoff_value(&co, it->co2e_g, b, sizeof b), 0, GT_PDF_R, 0);
        x += c[k++].w;
        gt_pdf_rgb(p, GRAY);
        gt_pdf_put(p, x + c[k].w - 3, y, p->f, SMALL - 0.5,
                   gt_out_range_fixed(it->co2e_g_lo, it->co2e_g_hi, 2, b, sizeof b), c[k].w - 4,
                   GT_PDF_R, 0);
        gt_pdf_rgb(p, 0);
        x += c[k++].w;
        for (size_t a = 0; a < na; a++)
            if (d->axes[a].kind == GT_AXIS_METRIC) {
                gt_pdf_put(p, x + c[k].w - 3, y, p->f, SMALL,
                           gt_tradeoff_value(&d->axes[a], it->val[a], b, sizeof b), 0, GT_PDF_R, 0);
                x += c[k++].w;
            }
        if (it->pareto) {
            gt_pdf_rgb(p, FRONT);
            gt_pdf_put(p, x + 2, y, p->fb, SMALL, "front", 0, GT_PDF_L, 0);
            gt_pdf_rgb(p, 0);
        }
        x += c[k++].w;
        for (size_t a = 0; a <= na; a++) {
            double v = a < na ? it->index[a] : it->compound;
            char r = a < na ? it->rating[a] : it->compound_rating;
            if (isnan(v)) {
                snprintf(b, sizeof b, "-");
            } else {
                snprintf(b, sizeof b, "%.3f", v);
                gt_pdf_rgb(p, rating_color(r));
                gt_pdf_rect(p, x + c[k].w - 11, y - 2, 9, 9);
                gt_pdf_rgb(p, 0xFFFFFF);
                char rs[2] = {r, 0};
                gt_pdf_put(p, x + c[k].w - 6.5, y, p->fb, SMALL - 0.5, rs, 0, GT_PDF_C, 0);
                gt_pdf_rgb(p, 0);
            }
            gt_pdf_put(p, x + c[k].w - 13, y, p->f, SMALL, b, 0, GT_PDF_R, 0);
            x += c[k++].w;
        }
        p->y -= ROW_H;
    }
    p->y -= 4;
    free(c);
    free(titles);
}

/* --- the charts ----------------------------------------------------------------------- */

static void circle(struct gt_pdf *p, double x, double y, double r, int fill)
{
    if (p->failed)
        return;
    gt_hpdf.Page_Circle(p->page, (float)x, (float)y, (float)r);
    if (fill)
        gt_hpdf.Page_Fill(p->page);
    else
        gt_hpdf.Page_Stroke(p->page);
}

struct pt {
    double e, v;
    size_t i;
};

static int cmp_pt(const void *a, const void *b)
{
    const struct pt *x = a, *y = b;
    if (x->e != y->e)
        return x->e < y->e ? -1 : 1;
    return (x->v > y->v) - (x->v < y->v);
}

static void chart(struct gt_pdf *p, const struct gt_tradeoff_doc *d, size_t a)
{
    const struct gt_axis *ax = &d->axes[a];
    struct pt *pts = malloc((d->nitems ? d->nitems : 1) * sizeof *pts);
    if (!pts) {
        p->failed = 1;
        return;
    }
    size_t n = 0;
    double emax = 0, vlo = INFINITY, vhi = -INFINITY;
    for (size_t i = 0; i < d->nitems; i++) {
        double e = d->items[i].energy_kwh, v = d->items[i].val[a];
        if (isnan(e) || isnan(v))
            continue;
        pts[n++] = (struct pt){e, v, i};
        emax = e > emax ? e : emax;
        vlo = v < vlo ? v : vlo;
        vhi = v > vhi ? v : vhi;
    }
    if (n == 0) {
        free(pts);
        return;
    }
    double h = 20 + 14 + 12 + CHART_H + 34;
    gt_pdf_need(p, h);
    char t[200];
    snprintf(t, sizeof t, "Energy against %s (%s is better)", ax->name,
             ax->dir == GT_DIR_MAX ? "higher" : "lower");
    gt_pdf_rgb(p, 0);
    gt_pdf_put(p, GT_PDF_LEFT, p->y - 10, p->fb, 10, t, GT_PDF_WIDTH, GT_PDF_L, 1);
    p->y -= 20;
    /* legend */
    double lx = GT_PDF_LEFT;
    gt_pdf_stroke_rgb(p, FRONT, 1.2);
    gt_pdf_line(p, lx, p->y - 4, lx + 16, p->y - 4);
    gt_pdf_rgb(p, GRAY);
    gt_pdf_put(p, lx + 20, p->y - 6.5, p->f, SMALL, "front of energy and this metric", 0, GT_PDF_L,
               0);
    lx += 150;
    gt_pdf_stroke_rgb(p, FRONT, 1.0);
    circle(p, lx + 4, p->y - 4, 4.5, 0);
    gt_pdf_put(p, lx + 12, p->y - 6.5, p->f, SMALL, "ring: on the front of all axes", 0, GT_PDF_L,
               0);
    lx += 130;
    gt_pdf_put(p, lx, p->y - 6.5, p->f, SMALL, "colour, letter: compound rating", 0, GT_PDF_L, 0);
    p->y -= 14;
    gt_pdf_rgb(p, GRAY);
    gt_pdf_put(p, GT_PDF_LEFT, p->y - 8, p->f, SMALL + 0.5, ax->name, 0, GT_PDF_L, 0);
    p->y -= 12;
    double x0 = GT_PDF_LEFT + 44, x1 = GT_PDF_LEFT + GT_PDF_WIDTH - 10;
    double ytop = p->y - 6, y0 = p->y - CHART_H;
    /* x: energy from 0 */
    double scale, xstep, xmax;
    const char *unit = gt_pdf_energy_unit(emax, &scale);
    int xdec = gt_pdf_ticks(emax * scale * 1.08, 6, &xstep, &xmax);
    double ystep, ya0, ya1;
    double pad = (vhi - vlo) * 0.08;
    int ydec = gt_tradeoff_ticks(vlo - pad, vhi + pad, 6, &ystep, &ya0, &ya1);
    char b[48];
    int nx = (int)lround(xmax / xstep), ny = (int)lround((ya1 - ya0) / ystep);
    for (int i = 0; i <= nx; i++) {
        double x = x0 + (x1 - x0) * i / nx;
        gt_pdf_stroke_rgb(p, i ? GRID : GRAY, 0.5);
        gt_pdf_line(p, x, y0, x, ytop);
        snprintf(b, sizeof b, "%.*f", xdec, xstep * i);
        gt_pdf_rgb(p, GRAY);
        gt_pdf_put(p, x, y0 - 10, p->f, SMALL, b, 0, GT_PDF_C, 0);
    }
    for (int i = 0; i <= ny; i++) {
        double y = y0 + (ytop - y0) * i / ny;
        gt_pdf_stroke_rgb(p, i ? GRID : GRAY, 0.5);
        gt_pdf_line(p, x0, y, x1, y);
        snprintf(b, sizeof b, "%.*f", ydec, ya0 + ystep * i);
        gt_pdf_rgb(p, GRAY);
        gt_pdf_put(p, x0 - 4, y - 2.5, p->f, SMALL, b, 0, GT_PDF_R, 0);
    }
    snprintf(t, sizeof t, "energy (%s)", unit);
    gt_pdf_put(p, (x0 + x1) / 2, y0 - 22, p->f, SMALL + 0.5, t, 0, GT_PDF_C, 0);
#define PX(e) (x0 + (x1 - x0) * ((e)*scale) / xmax)
#define PY(v) (y0 + (ytop - y0) * ((v)-ya0) / (ya1 - ya0))
    /* the 2-D front: by energy, each point better on the metric than all
     * before it, joined as a staircase */
    qsort(pts, n, sizeof *pts, cmp_pt);
    gt_pdf_stroke_rgb(p, FRONT, 1.2);
    double best = NAN, px = 0, py = 0;
    int first = 1;
    for (size_t i = 0; i < n; i++) {
        double v = pts[i].v;
        int on = isnan(best) || (ax->dir == GT_DIR_MAX ? v > best : v < best);
        if (!on)
            continue;
        double x = PX(pts[i].e), y = PY(v);
        if (!first) {
            gt_pdf_line(p, px, py, x, py);
            gt_pdf_line(p, x, py, x, y);
        }
        first = 0;
        px = x;
        py = y;
        best = v;
    }
    /* points, labels */
    for (size_t i = 0; i < n; i++) {
        const struct gt_item *it = &d->items[pts[i].i];
        double x = PX(pts[i].e), y = PY(pts[i].v);
        gt_pdf_rgb(p, rating_color(it->compound_rating));
        circle(p, x, y, 3.2, 1);
        if (it->pareto) {
            gt_pdf_stroke_rgb(p, FRONT, 1.0);
            circle(p, x, y, 5.2, 0);
        }
        char lab[160];
        snprintf(lab, sizeof lab, "%s (%c)", it->label, it->compound_rating);
        gt_pdf_rgb(p, 0x222222);
        int right_side = x < (x0 + x1) / 2;
        gt_pdf_put(p, right_side ? x + 7 : x - 7, y + 2, p->f, LABEL_SZ, lab, 140,
                   right_side ? GT_PDF_L : GT_PDF_R, 0);
    }
#undef PX
#undef PY
    gt_pdf_rgb(p, 0);
    p->y = y0 - 34;
    free(pts);
}

/* --- method and lists ------------------------------------------------------------------ */

/* What did not join: FILE[:LINE] 'run': why. */
static void loose(struct gt_pdf *p, const char *title, const struct gt_tradeoff_loose *v, size_t n)
{
    if (!n)
        return;
    char b[1200];
    gt_pdf_heading(p, title, 2 * LEAD);
    for (size_t i = 0; i < n && i < MAX_LIST; i++) {
        if (v[i].line > 0)
            snprintf(b, sizeof b, "%s:%ld '%s': %s", v[i].file, v[i].line, v[i].label, v[i].why);
        else
            snprintf(b, sizeof b, "%s '%s': %s", v[i].file, v[i].label, v[i].why);
        small(p, b);
    }
    if (n > MAX_LIST) {
        snprintf(b, sizeof b, "and %zu more (the JSON output lists them all)", n - MAX_LIST);
        small(p, b);
    }
}

static void method(struct gt_pdf *p, const struct gt_tradeoff_doc *d)
{
    char b[1600];
    gt_pdf_heading(p, "Method", 4 * LEAD);
    body(p, gt_tradeoff_method(d, b, sizeof b));
    p->y -= 4;
    for (size_t a = 0; a < d->naxes; a++) {
        const struct gt_axis *x = &d->axes[a];
        char v[64], w[32];
        snprintf(w, sizeof w, "%g", x->weight);
        snprintf(b, sizeof b, "%s: %s is better, weight %s, reference %s%s", x->name,
                 x->dir == GT_DIR_MAX ? "higher" : "lower", w,
                 gt_tradeoff_value(x, d->ax[a].ref, v, sizeof v),
                 x->kind == GT_AXIS_ENERGY ? " kWh"
                 : x->kind == GT_AXIS_CO2E ? " g"
                                           : "");
        if (d->quantiles) {
            size_t l = strlen(b);
            snprintf(b + l, sizeof b - l, "; boundaries %.3f, %.3f, %.3f, %.3f", d->ax[a].b[0],
                     d->ax[a].b[1], d->ax[a].b[2], d->ax[a].b[3]);
        }
        small(p, b);
    }
    snprintf(b, sizeof b,
             "Energy and CO2e are the logs' (%s), each log run counted once as greentally "
             "summary counts it; several log runs joined to one metric run are summed. Metric "
             "values: %s value of each MLflow metric%s.",
             gt_summary_accounting(&d->logs.res->acc, (char[256]){0}, 256),
             strcmp(d->step, "best") == 0 ? "the best" : "the last",
             strcmp(d->group, "model") == 0 ? "; rows of one model averaged" : "");
    small(p, b);
    small(p, gt_summary_range_note);
    loose(p, "Log runs not joined", d->unjoined, d->nunjoined);
    loose(p, "Metric runs without energy", d->unused, d->nunused);
}

int gt_tradeoff_write_pdf(FILE *out, const struct gt_tradeoff_doc *d, struct gt_error *err)
{
    struct gt_pdf p;
    if (gt_pdf_open(&p, d->title, d->generated, d->logs.tool_version, err) != 0)
        return -1;
    header(&p, d);
    if (d->statement[0]) {
        gt_pdf_heading(&p, "Which run was worth it", 3 * LEAD);
        body(&p, d->statement);
        p.y -= 4;
    }
    table(&p, d);
    gt_pdf_heading(&p, "Charts", CHART_H + 40);
    for (size_t a = 0; a < d->naxes; a++)
        if (d->axes[a].kind == GT_AXIS_METRIC || d->axes[a].kind == GT_AXIS_DURATION ||
            d->axes[a].kind == GT_AXIS_CO2E)
            chart(&p, d, a);
    method(&p, d);
    gt_pdf_footers(&p, d->title, d->logs.tool_version);
    return gt_pdf_close(&p, out, err);
}
