/* pdf_chart.c - the report's charts drawn as vectors (see gt_pdf.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_palette.h"
#include "gt_pdf.h"
#include "gt_estimate.h"
#include "gt_report.h"

#define BAR_MAX     16 /* bars of a group chart; the rest is "other" */
#define LABEL_W     128.0
#define TITLE_SZ    10.0
#define SMALL       7.0
#define COLOR_GRID  GT_PAL_GRID
#define COLOR_AXIS  GT_PAL_AXIS
#define COLOR_LABEL GT_PAL_LABEL

static const unsigned comp_colors[4] = GT_PAL_COMPONENTS;
static const char *const comp_names[4] = {"CPU", "GPU", "RAM", "other"};

static double stack(const struct gt_report_bucket *b)
{
    return b->cpu_kwh + b->gpu_kwh + b->ram_kwh + b->other_kwh;
}

#define COLOR_ERR 0x222222

/* An error bar from a to b (points along the value axis) at c across it,
 * with caps `cap` long; horizontal when `across_y`. */
static void error_bar(struct gt_pdf *p, double a, double b, double c, double cap, int across_y)
{
    if (!(b > a))
        return;
    gt_pdf_stroke_rgb(p, COLOR_ERR, 0.8);
    if (across_y) {
        gt_pdf_line(p, a, c, b, c);
        gt_pdf_line(p, a, c - cap / 2, a, c + cap / 2);
        gt_pdf_line(p, b, c - cap / 2, b, c + cap / 2);
    } else {
        gt_pdf_line(p, c, a, c, b);
        gt_pdf_line(p, c - cap / 2, a, c + cap / 2, a);
        gt_pdf_line(p, c - cap / 2, b, c + cap / 2, b);
    }
}

static void title(struct gt_pdf *p, const char *utf8)
{
    gt_pdf_rgb(p, 0);
    gt_pdf_put(p, GT_PDF_LEFT, p->y - TITLE_SZ, p->fb, TITLE_SZ, utf8, GT_PDF_WIDTH, GT_PDF_L, 1);
    p->y -= TITLE_SZ + 8;
}

static void fmt_tick(double v, int dec, char *buf, size_t size)
{
    snprintf(buf, size, "%.*f", dec, v);
}

/* A horizontal value axis under bars from x0 to x1 at y, gridlines up to
 * top; values 0..axis_max (already in the unit), the unit's label below. */
static void x_axis(struct gt_pdf *p, double x0, double x1, double y, double top, double step,
                   double axis_max, int dec, const char *label)
{
    char b[32];
    int n = (int)lround(axis_max / step);
    for (int i = 0; i <= n; i++) {
        double x = x0 + (x1 - x0) * i / n;
        gt_pdf_stroke_rgb(p, i ? COLOR_GRID : COLOR_AXIS, 0.5);
        gt_pdf_line(p, x, y, x, top);
        gt_pdf_stroke_rgb(p, COLOR_AXIS, 0.5);
        gt_pdf_line(p, x, y, x, y - 3);
        fmt_tick(step * i, dec, b, sizeof b);
        gt_pdf_rgb(p, COLOR_LABEL);
        gt_pdf_put(p, x, y - 11, p->f, SMALL, b, 0, GT_PDF_C, 0);
    }
    gt_pdf_stroke_rgb(p, COLOR_AXIS, 0.5);
    gt_pdf_line(p, x0, y, x1, y);
    gt_pdf_put(p, (x0 + x1) / 2, y - 21, p->f, SMALL + 0.5, label, 0, GT_PDF_C, 1);
    gt_pdf_rgb(p, 0);
}

int gt_pdf_chart_components(struct gt_pdf *p, const struct gt_report_tally *t)
{
    if (t->n < 2 || p->failed)
        return 0;
    size_t n;
    struct gt_report_bucket *b = gt_report_tally_top(t, BAR_MAX, &n);
    if (!b) {
        p->failed = 1;
        return 0;
    }
    double max = 0;
    for (size_t i = 0; i < n; i++) {
        max = stack(&b[i]) > max ? stack(&b[i]) : max;
        max = b[i].energy_kwh_hi > max ? b[i].energy_kwh_hi : max;
    }
    if (!(max > 0)) {
        free(b);
        return 0;
    }
    double pitch = 15, h = TITLE_SZ + 8 + 16 + n * pitch + 36;
    gt_pdf_pending(p, h);
    gt_pdf_need(p, h);
    char tl[160];
    snprintf(tl, sizeof tl, "Energy by component per %s (%swhiskers: low-high range)",
             gt_key_name(t->key), t->n > BAR_MAX ? "largest first; " : "");
    title(p, tl);
    /* legend */
    double lx = GT_PDF_LEFT + LABEL_W;
    for (int c = 0; c < 4; c++) {
        gt_pdf_rgb(p, comp_colors[c]);
        gt_pdf_rect(p, lx, p->y - 8, 8, 8);
        gt_pdf_rgb(p, COLOR_LABEL);
        gt_pdf_put(p, lx + 11, p->y - 7.5, p->f, SMALL + 0.5, comp_names[c], 0, GT_PDF_L, 0);
        lx += 60;
    }
    gt_pdf_put(p, lx, p->y - 7.5, p->f, SMALL, "other: PUE overhead, or a total only",
               GT_PDF_LEFT + GT_PDF_WIDTH - lx, GT_PDF_L, 0);
    p->y -= 16;
    double scale, step, amax;
    const char *unit = gt_pdf_energy_unit(max, &scale);
    int dec = gt_pdf_ticks(max * scale, 6, &step, &amax);
    double x0 = GT_PDF_LEFT + LABEL_W, x1 = GT_PDF_LEFT + GT_PDF_WIDTH - 8;
    double top = p->y, ybase = p->y - n * pitch - 4;
    char ul[48];
    snprintf(ul, sizeof ul, "energy (%s)", unit);
    x_axis(p, x0, x1, ybase, top, step, amax, dec, ul);
    for (size_t i = 0; i < n; i++) {
        double y = top - (i + 1) * pitch;
        gt_pdf_rgb(p, COLOR_LABEL);
        gt_pdf_put(p, x0 - 5, y + 3.5, p->f, SMALL + 0.5, b[i].label, LABEL_W - 8, GT_PDF_R, 0);
        double v[4] = {b[i].cpu_kwh, b[i].gpu_kwh, b[i].ram_kwh, b[i].other_kwh};
        double x = x0;
        for (int c = 0; c < 4; c++) {
            double w = v[c] * scale / amax * (x1 - x0);
            gt_pdf_rgb(p, comp_colors[c]);
            gt_pdf_rect(p, x, y + 1, w, pitch - 4);
            x += w;
        }
        double k = scale / amax * (x1 - x0);
        error_bar(p, x0 + b[i].energy_kwh_lo * k, x0 + b[i].energy_kwh_hi * k,
                  y + 1 + (pitch - 4) / 2, pitch - 8, 1);
    }
    gt_pdf_rgb(p, 0);
    p->y = ybase - 30;
    free(b);
    return 1;
}

int gt_pdf_chart_months(struct gt_pdf *p, const struct gt_report_tally *t)
{
    if (t->n < 2 || p->failed)
        return 0;
    double max = 0;
    for (size_t i = 0; i < t->n; i++) {
        max = t->b[i].co2e_g > max ? t->b[i].co2e_g : max;
        max = t->b[i].co2e_g_hi > max ? t->b[i].co2e_g_hi : max;
    }
    if (!(max > 0))
        return 0;
    double plot_h = 130, h = TITLE_SZ + 8 + 14 + plot_h + 40 + (t->runs_undated ? 10 : 0);
    gt_pdf_pending(p, h);
    gt_pdf_need(p, h);
    title(p, "CO2e by month (whiskers: low-high range)");
    double scale, step, amax;
    const char *unit = gt_pdf_mass_unit(max, &scale);
    int dec = gt_pdf_ticks(max * scale, 5, &step, &amax);
    double x0 = GT_PDF_LEFT + 42, x1 = GT_PDF_LEFT + GT_PDF_WIDTH - 4;
    double top = p->y - 14, y0 = top - plot_h;
    /* value axis with gridlines */
    int nt = (int)lround(amax / step);
    char b[48];
    for (int i = 0; i <= nt; i++) {
        double y = y0 + plot_h * i / nt;
        gt_pdf_stroke_rgb(p, i ? COLOR_GRID : COLOR_AXIS, 0.5);
        gt_pdf_line(p, x0, y, x1, y);
        fmt_tick(step * i, dec, b, sizeof b);
        gt_pdf_rgb(p, COLOR_LABEL);
        gt_pdf_put(p, x0 - 4, y - 2.5, p->f, SMALL, b, 0, GT_PDF_R, 0);
    }
    snprintf(b, sizeof b, "CO2e (%s)", unit);
    gt_pdf_put(p, GT_PDF_LEFT, top + 7, p->f, SMALL + 0.5, b, 0, GT_PDF_L, 1);
    double pitch = (x1 - x0) / t->n;
    double lw = gt_pdf_width(p->f, SMALL, "2024-03", 7, 0) + 6;
    int every = gt_pdf_month_step(pitch, lw);
    for (size_t i = 0; i < t->n; i++) {
        const struct gt_report_bucket *k = &t->b[i];
        double x = x0 + i * pitch;
        double bh = k->co2e_g * scale / amax * plot_h;
        gt_pdf_rgb(p, GT_PAL_MONTH);
        gt_pdf_rect(p, x + pitch * 0.12, y0, pitch * 0.76, bh);
        double k2 = scale / amax * plot_h;
        error_bar(p, y0 + k->co2e_g_lo * k2, y0 + k->co2e_g_hi * k2, x + pitch / 2,
                  pitch * 0.76 < 8 ? pitch * 0.76 : 8, 0);
        int yy, mm;
        if (sscanf(k->label, "%4d-%2d", &yy, &mm) != 2)
            continue;
        if ((yy * 12 + mm - 1) % every)
            continue;
        gt_pdf_stroke_rgb(p, COLOR_AXIS, 0.5);
        gt_pdf_line(p, x + pitch / 2, y0, x + pitch / 2, y0 - 3);
        gt_pdf_rgb(p, COLOR_LABEL);
        char ml[8];
        snprintf(ml, sizeof ml, "%.*s", every >= 12 ? 4 : 7, k->label);
        gt_pdf_put(p, x + pitch / 2, y0 - 11, p->f, SMALL, ml, 0, GT_PDF_C, 0);
    }
    gt_pdf_rgb(p, COLOR_LABEL);
    gt_pdf_put(p, (x0 + x1) / 2, y0 - 22, p->f, SMALL + 0.5, "month of the run's start", 0,
               GT_PDF_C, 0);
    p->y = y0 - 30;
    if (t->runs_undated) {
        snprintf(b, sizeof b, "%ld run%s without a date %s not shown", t->runs_undated,
                 t->runs_undated == 1 ? "" : "s", t->runs_undated == 1 ? "is" : "are");
        gt_pdf_put(p, GT_PDF_LEFT, p->y - SMALL, p->f, SMALL, b, 0, GT_PDF_L, 0);
        p->y -= 12;
    }
    gt_pdf_rgb(p, 0);
    p->y -= 8;
    return 1;
}

int gt_pdf_chart_share(struct gt_pdf *p, const struct gt_report_tally *t)
{
    if (t->n < 2 || p->failed)
        return 0;
    double sum = 0, max = 0;
    for (size_t i = 0; i < t->n; i++) {
        sum += t->b[i].co2e_g;
        max = t->b[i].co2e_g > max ? t->b[i].co2e_g : max;
    }
    if (!(sum > 0))
        return 0;
    double pitch = 15, h = TITLE_SZ + 8 + t->n * pitch + 14;
    gt_pdf_pending(p, h);
    gt_pdf_need(p, h);
    char b[160];
    snprintf(b, sizeof b, "Share of CO2e by %s", gt_key_name(t->key));
    title(p, b);
    double x0 = GT_PDF_LEFT + LABEL_W, x1 = GT_PDF_LEFT + GT_PDF_WIDTH - 96;
    double top = p->y;
    for (size_t i = 0; i < t->n; i++) {
        const struct gt_report_bucket *k = &t->b[i];
        double y = top - (i + 1) * pitch;
        gt_pdf_rgb(p, COLOR_LABEL);
        gt_pdf_put(p, x0 - 5, y + 3.5, p->f, SMALL + 0.5, k->label, LABEL_W - 8, GT_PDF_R, 0);
        double w = k->co2e_g > 0 ? k->co2e_g / max * (x1 - x0) : 0;
        gt_pdf_rgb(p, GT_PAL_SHARE);
        gt_pdf_rect(p, x0, y + 1, w, pitch - 4);
        double scale;
        const char *u = gt_pdf_mass_unit(k->co2e_g, &scale);
        snprintf(b, sizeof b, "%.1f %%  (%.3g %s)", 100 * k->co2e_g / sum, k->co2e_g * scale, u);
        gt_pdf_rgb(p, COLOR_LABEL);
        gt_pdf_put(p, x0 + w + 4, y + 3.5, p->f, SMALL + 0.5, b, 0, GT_PDF_L, 0);
    }
    gt_pdf_stroke_rgb(p, COLOR_AXIS, 0.5);
    gt_pdf_line(p, x0, top, x0, top - t->n * pitch);
    gt_pdf_rgb(p, 0);
    p->y = top - t->n * pitch - 14;
    return 1;
}

int gt_pdf_chart_estimate(struct gt_pdf *p, const struct gt_estimate_result *e)
{
    double kwh[3] = {e->e_cpu_kwh, e->e_gpu_kwh, e->e_mem_kwh};
    static const char *const names[3] = {"CPU", "GPU", "memory"};
    double max = 0;
    for (int i = 0; i < 3; i++)
        max = kwh[i] > max ? kwh[i] : max;
    if (!(max > 0) || p->failed)
        return 0;
    double pitch = 16, h = TITLE_SZ + 8 + 3 * pitch + 40;
    gt_pdf_pending(p, h);
    gt_pdf_need(p, h);
    title(p, "Energy by component");
    double scale, step, amax;
    const char *unit = gt_pdf_energy_unit(max, &scale);
    int dec = gt_pdf_ticks(max * scale, 6, &step, &amax);
    double x0 = GT_PDF_LEFT + 70, x1 = GT_PDF_LEFT + GT_PDF_WIDTH - 110;
    double top = p->y, ybase = p->y - 3 * pitch - 4;
    char ul[48], b[96];
    snprintf(ul, sizeof ul, "energy (%s), PUE and PSF included", unit);
    x_axis(p, x0, x1, ybase, top, step, amax, dec, ul);
    static const unsigned colors[3] = {GT_PAL_CPU, GT_PAL_GPU, GT_PAL_RAM};
    for (int i = 0; i < 3; i++) {
        double y = top - (i + 1) * pitch;
        gt_pdf_rgb(p, COLOR_LABEL);
        gt_pdf_put(p, x0 - 5, y + 3.5, p->f, SMALL + 0.5, names[i], 60, GT_PDF_R, 0);
        double w = kwh[i] > 0 ? kwh[i] * scale / amax * (x1 - x0) : 0;
        gt_pdf_rgb(p, colors[i]);
        gt_pdf_rect(p, x0, y + 1, w, pitch - 4);
        snprintf(b, sizeof b, "%.3g %s (%.1f %%)", kwh[i] * scale, unit,
                 e->e_kwh > 0 ? 100 * kwh[i] / e->e_kwh : 0.0);
        gt_pdf_rgb(p, COLOR_LABEL);
        gt_pdf_put(p, x0 + w + 4, y + 3.5, p->f, SMALL + 0.5, b, 0, GT_PDF_L, 0);
    }
    gt_pdf_rgb(p, 0);
    p->y = ybase - 30;
    return 1;
}
