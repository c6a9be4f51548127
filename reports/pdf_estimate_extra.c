/* pdf_estimate_extra.c - the estimate report's look-ahead sections: the
 * runtime from the work, embodied emissions (shown apart), the same work
 * elsewhere and the best start, the last two as small bar charts. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gt_duration.h"
#include "gt_estimate_extra.h"
#include "gt_format.h"
#include "gt_num.h"
#include "gt_pdf.h"
#include "gt_time.h"

#define SZ      8.5
#define LEAD    11.0
#define ROW_H   13.0
#define LABEL_W 130.0
#define BAR_C   0x4E79A7 /* a place */
#define BAR_OWN 0xF28E2B /* the estimate's own place, the reference start */
#define BAR_LOW 0x59A14F /* the lowest, the best start */

static void para(struct gt_pdf *p, const char *utf8)
{
    gt_pdf_rgb(p, 0);
    gt_pdf_para(p, GT_PDF_LEFT, GT_PDF_WIDTH, p->f, SZ, LEAD, utf8, 1);
}

/* Horizontal bars of CO2e (g), one per row, with a low-high whisker when
 * r is given, the value at the bar's (or whisker's) end. */
static void bars(struct gt_pdf *p, const char *const *labels, const double *g,
                 const struct gt_range *r, const unsigned *colors, int n)
{
    double max = 0, scale = 1;
    for (int i = 0; i < n; i++)
        max = fmax(max, r ? fmax(g[i], r[i].hi) : g[i]);
    const char *unit = gt_pdf_mass_unit(max, &scale);
    double x0 = GT_PDF_LEFT + LABEL_W, w = GT_PDF_WIDTH - LABEL_W - 70;
    gt_pdf_need(p, n * ROW_H + 8);
    for (int i = 0; i < n; i++) {
        double y = p->y - ROW_H * (i + 1);
        gt_pdf_rgb(p, 0x333333);
        gt_pdf_put(p, GT_PDF_LEFT, y + 3, p->f, SZ, labels[i], LABEL_W - 6, GT_PDF_L, 1);
        double bw = max > 0 ? w * g[i] / max : 0;
        gt_pdf_rgb(p, colors[i]);
        gt_pdf_rect(p, x0, y + 1, bw, ROW_H - 4);
        double end = x0 + bw;
        if (r && max > 0 && isfinite(r[i].lo) && isfinite(r[i].hi)) {
            double xl = x0 + w * r[i].lo / max, xh = x0 + w * r[i].hi / max, ym = y + ROW_H / 2 - 1;
            gt_pdf_stroke_rgb(p, 0x333333, 0.7);
            gt_pdf_line(p, xl, ym, xh, ym);
            gt_pdf_line(p, xl, ym - 3, xl, ym + 3);
            gt_pdf_line(p, xh, ym - 3, xh, ym + 3);
            end = fmax(end, xh);
        }
        char b[64];
        snprintf(b, sizeof b, "%s %s", gt_format_sig(g[i] * scale, 3, (char[40]){0}, 40), unit);
        gt_pdf_rgb(p, 0);
        gt_pdf_put(p, end + 4, y + 3, p->f, SZ, b, 66, GT_PDF_L, 1);
    }
    p->y -= n * ROW_H + 6;
}

void gt_pdf_estimate_extra(struct gt_pdf *p, const struct gt_estimate_extra *x)
{
    char b[2600], n1[40], n2[40], n3[40], n4[40];
    const struct gt_apriori_out *w = &x->apriori;
    if (w->given) {
        gt_pdf_heading(p, "Runtime from the work (before the run)", 4 * LEAD);
        snprintf(b, sizeof b,
                 "%s FLOPs (%s) / (%s GPUs x %s TFLOPS %s dense x MFU %s) = %s s.\nPeak: %s\n"
                 "MFU: %s\nFLOPs: %s",
                 gt_format_sig(w->flops, 4, n1, 40), w->flops_what, gt_num_fmt(w->n_gpus, n2, 40),
                 gt_num_fmt(w->peak_tflops, n3, 40), gt_precision_name(w->precision),
                 gt_num_fmt(w->mfu, n4, 40),
                 gt_format_sig(w->flops / (w->n_gpus * w->peak_tflops * 1e12 * w->mfu), 4,
                               (char[40]){0}, 40),
                 w->peak.source, w->mfu_src.source, w->flops_source);
        para(p, b);
    }
    const struct gt_embodied_out *e = &x->embodied;
    if (e->given) {
        gt_pdf_heading(p, "Embodied emissions (shown apart, not in the CO2e above)", 4 * LEAD);
        for (int i = 0; i < e->nparts; i++) {
            snprintf(b, sizeof b, "%s: %s CO2e, %s. Source: %s", e->part[i].kind,
                     gt_format_mass(e->part[i].g, n1, 40), e->part[i].what, e->part[i].source);
            para(p, b);
        }
        snprintf(b, sizeof b,
                 "Total %s CO2e = count x kgCO2e x %s h / (%s years x 8760 h x utilisation %s). "
                 "Lifetime: %s",
                 gt_format_mass(e->total_g, n1, 40), gt_format_sig(e->hours, 4, n2, 40),
                 gt_num_fmt(e->lifetime_years, n3, 40), gt_num_fmt(e->utilization, n4, 40),
                 e->lifetime.source);
        para(p, b);
    }
    if (x->ncmp) {
        const char *labels[GT_MAX_COMPARE];
        double g[GT_MAX_COMPARE];
        struct gt_range rg[GT_MAX_COMPARE];
        unsigned c[GT_MAX_COMPARE];
        char lb[GT_MAX_COMPARE][96];
        double lo = INFINITY;
        for (int i = 0; i < x->ncmp; i++)
            lo = fmin(lo, x->cmp[i].co2e_g);
        for (int i = 0; i < x->ncmp; i++) {
            snprintf(lb[i], sizeof lb[i], "%s%s", x->cmp[i].label, x->cmp[i].own ? " (yours)" : "");
            labels[i] = lb[i];
            g[i] = x->cmp[i].co2e_g;
            rg[i] = x->cmp[i].co2e_range;
            c[i] = x->cmp[i].own ? BAR_OWN : g[i] == lo ? BAR_LOW : BAR_C;
        }
        gt_pdf_heading(p, "The same work elsewhere (CO2e)", x->ncmp * ROW_H + 3 * LEAD);
        bars(p, labels, g, rg, c, x->ncmp);
        para(p, "Energy before PUE x each place's PUE (the estimate's, or a cloud region's) x "
                "each place's carbon intensity (hwdb locations); whiskers: the low-high range.");
    }
    const struct gt_best_out *s = &x->best;
    if (s->given) {
        char ta[40], tb[40], l0[80], l1[80];
        gt_time_fmt(s->b.ref_start, 1, ta, sizeof ta);
        gt_time_fmt(s->b.start, 1, tb, sizeof tb);
        snprintf(l0, sizeof l0, "reference %.16s", ta);
        snprintf(l1, sizeof l1, "best %.16s", tb);
        const char *labels[2] = {l0, l1};
        double g[2] = {s->co2e_ref_g, s->co2e_best_g};
        struct gt_range rg[2] = {s->ref_range, s->best_range};
        unsigned c[2] = {BAR_OWN, BAR_LOW};
        gt_pdf_heading(p, "Best start (CO2e)", 2 * ROW_H + 3 * LEAD);
        bars(p, labels, g, rg, c, 2);
        snprintf(b, sizeof b,
                 "Starting at %s instead of %s (%s) saves %s CO2e (%s %%): %s gCO2e/kWh against "
                 "%s%s, over %zu candidate starts in %s.",
                 tb, ta, s->ref_is_now ? "now" : "--start", gt_format_mass(s->saving_g, n1, 40),
                 gt_format_sig(s->saving_pct, 3, n2, 40), gt_format_sig(s->b.mean, 4, n3, 40),
                 gt_format_sig(s->ref_ci, 4, n4, 40),
                 s->ref_static ? " (the estimate's, partly static)" : "", s->b.candidates, s->file);
        para(p, b);
    }
}
