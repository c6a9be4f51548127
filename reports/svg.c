/* svg.c - inline SVG charts and HTML escaping (see gt_svg.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_palette.h"
#include "gt_pdf.h"
#include "gt_svg.h"

#define W        720.0 /* viewBox width */
#define FONT     12.0
#define LABEL_W  176.0 /* category labels of horizontal bars */
#define LABEL_CH 27    /* characters of a category label before it is cut */
#define PITCH    22.0
#define BAR_H    15.0

/* Length of the valid UTF-8 sequence at s, or 0 when s[0] does not start
 * one (overlongs, surrogates and code points above U+10FFFF are invalid). */
static size_t utf8_len(const unsigned char *s)
{
    unsigned c = s[0];
    if (c < 0x80)
        return 1;
    size_t n;
    unsigned min, cp;
    if ((c & 0xE0) == 0xC0)
        n = 2, min = 0x80, cp = c & 0x1F;
    else if ((c & 0xF0) == 0xE0)
        n = 3, min = 0x800, cp = c & 0x0F;
    else if ((c & 0xF8) == 0xF0)
        n = 4, min = 0x10000, cp = c & 0x07;
    else
        return 0;
    for (size_t i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        cp = cp << 6 | (s[i] & 0x3F);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return 0;
    return n;
}

/* Writes at most `max` characters of s escaped, then "..." when cut. */
static void esc_n(FILE *o, const char *s, size_t max)
{
    if (!s)
        return;
    const unsigned char *p = (const unsigned char *)s;
    for (size_t chars = 0; *p; chars++) {
        if (chars == max) {
            fputs("\xE2\x80\xA6", o); /* U+2026 ellipsis */
            return;
        }
        unsigned c = *p;
        size_t n = utf8_len(p);
        if (!n) { /* a byte that is not UTF-8: Latin-1 */
            fputc(0xC0 | c >> 6, o);
            fputc(0x80 | (c & 0x3F), o);
            p++;
            continue;
        }
        if (n > 1) {
            fwrite(p, 1, n, o);
            p += n;
            continue;
        }
        p++;
        switch (c) {
        case '&':
            fputs("&amp;", o);
            break;
        case '<':
            fputs("&lt;", o);
            break;
        case '>':
            fputs("&gt;", o);
            break;
        case '"':
            fputs("&quot;", o);
            break;
        case '\'':
            fputs("&#39;", o);
            break;
        default:
            if (c >= 0x20 && c != 0x7F)
                fputc((int)c, o);
            else if (c == '\t' || c == '\n')
                fputc((int)c, o);
        }
    }
}

void gt_html_esc(FILE *o, const char *s)
{
    esc_n(o, s, (size_t)-1);
}

const char *gt_svg_color(unsigned rgb, char *buf, size_t size)
{
    snprintf(buf, size, "#%06X", rgb & 0xFFFFFFu);
    return buf;
}

static double val(double v)
{
    return isnan(v) || v < 0 ? 0 : v;
}

static void figure_open(FILE *o, const char *id, const char *title, const char *desc, double h)
{
    fputs("<figure class=\"chart\" data-chart=\"", o);
    gt_html_esc(o, id);
    fputs("\">\n<h3 class=\"chart-title\">", o);
    gt_html_esc(o, title);
    fprintf(o,
            "</h3>\n<div class=\"plot\"><svg xmlns=\"http://www.w3.org/2000/svg\" "
            "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-labelledby=\"",
            W, h);
    gt_html_esc(o, id);
    fputs("-t ", o);
    gt_html_esc(o, id);
    fprintf(o, "-d\" font-family=\"system-ui, sans-serif\" font-size=\"%.0f\" fill=\"#%06X\">\n",
            FONT, GT_PAL_LABEL);
    fputs("<title id=\"", o);
    gt_html_esc(o, id);
    fputs("-t\">", o);
    gt_html_esc(o, title);
    fputs("</title>\n<desc id=\"", o);
    gt_html_esc(o, id);
    fputs("-d\">", o);
    gt_html_esc(o, desc);
    fputs("</desc>\n", o);
}

static void legend(FILE *o, const struct gt_svg_series *s, size_t n)
{
    fputs("<ul class=\"legend\">", o);
    for (size_t i = 0; i < n; i++) {
        fprintf(o, "<li><span class=\"sw\" style=\"background:#%06X\"></span>", s[i].rgb);
        gt_html_esc(o, s[i].name);
        fputs("</li>", o);
    }
    fputs("</ul>\n", o);
}

static void figure_close(FILE *o, const char *caption, const struct gt_svg_series *s, size_t ns)
{
    fputs("</svg></div>\n", o);
    if (ns > 1)
        legend(o, s, ns);
    if (caption) {
        fputs("<figcaption>", o);
        gt_html_esc(o, caption);
        fputs("</figcaption>\n", o);
    }
    fputs("</figure>\n", o);
}

static void text(FILE *o, double x, double y, const char *anchor, const char *s, size_t max)
{
    fprintf(o, "<text x=\"%.1f\" y=\"%.1f\"%s%s%s>", x, y, anchor ? " text-anchor=\"" : "",
            anchor ? anchor : "", anchor ? "\"" : "");
    esc_n(o, s, max);
    fputs("</text>\n", o);
}

/* A label up the left edge, centred at y. */
static void vtext(FILE *o, double y, const char *s)
{
    fprintf(o,
            "<text x=\"14\" y=\"%.1f\" text-anchor=\"middle\" transform=\"rotate(-90 14 %.1f)\">",
            y, y);
    esc_n(o, s, 60);
    fputs("</text>\n", o);
}

static void tick_label(FILE *o, double x, double y, const char *anchor, double v, int dec)
{
    char b[48];
    snprintf(b, sizeof b, "%.*f", dec, v);
    text(o, x, y, anchor, b, 40);
}

static void line(FILE *o, const char *cls, double x0, double y0, double x1, double y1, unsigned rgb,
                 double w)
{
    fprintf(o,
            "<line%s%s%s x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#%06X\" "
            "stroke-width=\"%.1f\"/>\n",
            cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "", x0, y0, x1, y1, rgb, w);
}

static void tooltip(FILE *o, const struct gt_svg_bars *c, size_t i, double total)
{
    fputs("<title>", o);
    gt_html_esc(o, c->labels[i]);
    fputs(": ", o);
    if (c->tip && c->tip[i]) {
        gt_html_esc(o, c->tip[i]);
    } else {
        char b[48];
        snprintf(b, sizeof b, "%.4g", total);
        gt_html_esc(o, b);
        if (c->axis) {
            fputc(' ', o);
            gt_html_esc(o, c->axis);
        }
    }
    fputs("</title>", o);
}

static void range_h(FILE *o, double x0, double x1, double y)
{
    line(o, "range", x0, y, x1, y, 0x222222, 1.2);
    line(o, NULL, x0, y - 4, x0, y + 4, 0x222222, 1.2);
    line(o, NULL, x1, y - 4, x1, y + 4, 0x222222, 1.2);
}

static void range_v(FILE *o, double x, double y0, double y1)
{
    line(o, "range", x, y0, x, y1, 0x222222, 1.2);
    line(o, NULL, x - 4, y0, x + 4, y0, 0x222222, 1.2);
    line(o, NULL, x - 4, y1, x + 4, y1, 0x222222, 1.2);
}

static double bar_total(const struct gt_svg_bars *c, size_t i)
{
    double t = 0;
    for (size_t s = 0; s < c->nseries; s++)
        t += val(c->v[i * c->nseries + s]);
    return t;
}

static double bars_max(const struct gt_svg_bars *c)
{
    double max = 0;
    for (size_t i = 0; i < c->n; i++) {
        double t = bar_total(c, i);
        if (c->hi && !isnan(c->hi[i]) && c->hi[i] > t)
            t = c->hi[i];
        max = t > max ? t : max;
    }
    return max;
}

static void hbars(FILE *o, const struct gt_svg_bars *c)
{
    double notes_w = c->note ? 150 : 0;
    double x0 = LABEL_W, x1 = W - 12 - notes_w, top = 8;
    double h = top + c->n * PITCH + 44;
    double step, amax;
    int dec = gt_pdf_ticks(bars_max(c), 6, &step, &amax);
    double ybase = top + c->n * PITCH + 4;
    figure_open(o, c->id, c->title, c->desc, h);
    int nt = (int)lround(amax / step);
    fputs("<g class=\"axis\">\n", o);
    for (int i = 0; i <= nt; i++) {
        double x = x0 + (x1 - x0) * i / nt;
        line(o, NULL, x, top, x, ybase, i ? GT_PAL_GRID : GT_PAL_AXIS, 1);
        tick_label(o, x, ybase + 15, "middle", step * i, dec);
    }
    line(o, NULL, x0, ybase, x1, ybase, GT_PAL_AXIS, 1);
    if (c->axis)
        text(o, (x0 + x1) / 2, ybase + 34, "middle", c->axis, 80);
    fputs("</g>\n", o);
    for (size_t i = 0; i < c->n; i++) {
        double y = top + i * PITCH;
        fputs("<g class=\"bar\">", o);
        tooltip(o, c, i, bar_total(c, i));
        fputc('\n', o);
        text(o, x0 - 6, y + BAR_H - 3, "end", c->labels[i], LABEL_CH);
        double x = x0;
        for (size_t s = 0; s < c->nseries; s++) {
            double w = val(c->v[i * c->nseries + s]) / amax * (x1 - x0);
            if (w <= 0)
                continue;
            fprintf(o,
                    "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#%06X\"/>\n",
                    x, y + 2, w, BAR_H, c->series[s].rgb);
            x += w;
        }
        if (c->lo && c->hi && !isnan(c->lo[i]) && !isnan(c->hi[i]))
            range_h(o, x0 + val(c->lo[i]) / amax * (x1 - x0), x0 + val(c->hi[i]) / amax * (x1 - x0),
                    y + 2 + BAR_H / 2);
        if (c->note && c->note[i])
            text(o, x + 5, y + BAR_H - 3, NULL, c->note[i], 40);
        fputs("</g>\n", o);
    }
    figure_close(o, c->caption, c->series, c->nseries);
}

static void columns(FILE *o, const struct gt_svg_bars *c)
{
    double x0 = 64, x1 = W - 8, top = 10, plot_h = 220;
    double y0 = top + plot_h, h = y0 + 44;
    double step, amax;
    int dec = gt_pdf_ticks(bars_max(c), 5, &step, &amax);
    figure_open(o, c->id, c->title, c->desc, h);
    int nt = (int)lround(amax / step);
    fputs("<g class=\"axis\">\n", o);
    for (int i = 0; i <= nt; i++) {
        double y = y0 - plot_h * i / nt;
        line(o, NULL, x0, y, x1, y, i ? GT_PAL_GRID : GT_PAL_AXIS, 1);
        tick_label(o, x0 - 6, y + 4, "end", step * i, dec);
    }
    if (c->axis)
        vtext(o, top + plot_h / 2, c->axis);
    fputs("</g>\n", o);
    double pitch = (x1 - x0) / (double)c->n;
    for (size_t i = 0; i < c->n; i++) {
        double x = x0 + i * pitch;
        fputs("<g class=\"bar\">", o);
        tooltip(o, c, i, bar_total(c, i));
        fputc('\n', o);
        double y = y0;
        for (size_t s = 0; s < c->nseries; s++) {
            double bh = val(c->v[i * c->nseries + s]) / amax * plot_h;
            if (bh <= 0)
                continue;
            y -= bh;
            fprintf(o,
                    "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"#%06X\"/>\n",
                    x + pitch * 0.12, y, pitch * 0.76, bh, c->series[s].rgb);
        }
        /* an invisible full-height target so small bars still show their tooltip */
        fprintf(
            o,
            "<rect x=\"%.2f\" y=\"%.1f\" width=\"%.2f\" height=\"%.1f\" fill=\"transparent\"/>\n",
            x, top, pitch, plot_h);
        if (c->lo && c->hi && !isnan(c->lo[i]) && !isnan(c->hi[i]))
            range_v(o, x + pitch / 2, y0 - val(c->lo[i]) / amax * plot_h,
                    y0 - val(c->hi[i]) / amax * plot_h);
        if (c->ticks && c->ticks[i] && c->ticks[i][0]) {
            line(o, NULL, x + pitch / 2, y0, x + pitch / 2, y0 + 4, GT_PAL_AXIS, 1);
            text(o, x + pitch / 2, y0 + 17, "middle", c->ticks[i], 12);
        }
        fputs("</g>\n", o);
    }
    figure_close(o, c->caption, c->series, c->nseries);
}

int gt_svg_bars(FILE *o, const struct gt_svg_bars *c)
{
    if (!c->n || !c->nseries)
        return -1;
    if (c->columns)
        columns(o, c);
    else
        hbars(o, c);
    return 0;
}

/* ---- scatter --------------------------------------------------------------------- */

/* A nice axis over [lo, hi]: ticks from *start in steps of *step to *end. */
static int range_axis(double lo, double hi, double *start, double *step, double *end)
{
    if (!(hi > lo)) {
        double d = fabs(lo) > 0 ? fabs(lo) * 0.1 : 1;
        lo -= d;
        hi += d;
    }
    double amax;
    int dec = gt_pdf_ticks(hi - lo, 5, step, &amax);
    *start = floor(lo / *step + 1e-9) * *step;
    *end = ceil(hi / *step - 1e-9) * *step;
    if (*end <= *start)
        *end = *start + *step;
    return dec;
}

/* The extent of v and its ranges over the points that are drawn. */
static void minmax(const struct gt_svg_scatter *c, const double *v, const double *lo,
                   const double *hi, double *mn, double *mx)
{
    *mn = INFINITY;
    *mx = -INFINITY;
    for (size_t i = 0; i < c->n; i++) {
        if (!isfinite(c->x[i]) || !isfinite(c->y[i]))
            continue;
        double a[3] = {v[i], lo ? lo[i] : NAN, hi ? hi[i] : NAN};
        for (int k = 0; k < 3; k++)
            if (isfinite(a[k])) {
                *mn = a[k] < *mn ? a[k] : *mn;
                *mx = a[k] > *mx ? a[k] : *mx;
            }
    }
}

struct mpt {
    double x, y;
};

static int cmp_mpt(const void *a, const void *b)
{
    const struct mpt *p = a, *q = b;
    return (p->x > q->x) - (p->x < q->x);
}

int gt_svg_scatter(FILE *o, const struct gt_svg_scatter *c)
{
    double xmn, xmx, ymn, ymx;
    minmax(c, c->x, c->xlo, c->xhi, &xmn, &xmx);
    minmax(c, c->y, c->ylo, c->yhi, &ymn, &ymx);
    if (!isfinite(xmn) || !isfinite(ymn))
        return -1;
    double xs, xst, xe, ys, yst, ye;
    int xd = range_axis(xmn, xmx, &xs, &xst, &xe);
    int yd = range_axis(ymn, ymx, &ys, &yst, &ye);
    double px0 = 72, px1 = W - 16, top = 12, plot_h = 300, py0 = top + plot_h;
    figure_open(o, c->id, c->title, c->desc, py0 + 48);
#define SX(v) (px0 + ((v)-xs) / (xe - xs) * (px1 - px0))
#define SY(v) (py0 - ((v)-ys) / (ye - ys) * plot_h)
    fputs("<g class=\"axis\">\n", o);
    int nx = (int)lround((xe - xs) / xst), ny = (int)lround((ye - ys) / yst);
    for (int i = 0; i <= nx; i++) {
        double v = xs + i * xst, x = SX(v);
        line(o, NULL, x, top, x, py0, i ? GT_PAL_GRID : GT_PAL_AXIS, 1);
        tick_label(o, x, py0 + 15, "middle", v, xd);
    }
    for (int i = 0; i <= ny; i++) {
        double v = ys + i * yst, y = SY(v);
        line(o, NULL, px0, y, px1, y, i ? GT_PAL_GRID : GT_PAL_AXIS, 1);
        tick_label(o, px0 - 6, y + 4, "end", v, yd);
    }
    if (c->xaxis)
        text(o, (px0 + px1) / 2, py0 + 36, "middle", c->xaxis, 80);
    if (c->yaxis)
        vtext(o, top + plot_h / 2, c->yaxis);
    fputs("</g>\n", o);
    if (c->mark) { /* the marked points joined in x order */
        struct mpt *m = malloc((c->n ? c->n : 1) * sizeof *m);
        size_t nm = 0;
        for (size_t i = 0; m && i < c->n; i++)
            if (c->mark[i] && isfinite(c->x[i]) && isfinite(c->y[i]))
                m[nm++] = (struct mpt){c->x[i], c->y[i]};
        if (nm > 1) {
            qsort(m, nm, sizeof *m, cmp_mpt);
            fprintf(o,
                    "<polyline class=\"front\" fill=\"none\" stroke=\"#%06X\" stroke-width=\"1.5\" "
                    "points=\"",
                    GT_PAL_GPU);
            for (size_t i = 0; i < nm; i++)
                fprintf(o, "%s%.1f,%.1f", i ? " " : "", SX(m[i].x), SY(m[i].y));
            fputs("\"/>\n", o);
        }
        free(m);
    }
    for (size_t i = 0; i < c->n; i++) {
        if (!isfinite(c->x[i]) || !isfinite(c->y[i]))
            continue;
        double x = SX(c->x[i]), y = SY(c->y[i]);
        int mk = c->mark && c->mark[i];
        fputs("<g class=\"point\"><title>", o);
        if (c->labels && c->labels[i]) {
            gt_html_esc(o, c->labels[i]);
            fputs(": ", o);
        }
        char b[96];
        snprintf(b, sizeof b, "%.4g, %.4g", c->x[i], c->y[i]);
        gt_html_esc(o, b);
        fputs("</title>\n", o);
        if (c->xlo && c->xhi && isfinite(c->xlo[i]) && isfinite(c->xhi[i]))
            range_h(o, SX(c->xlo[i]), SX(c->xhi[i]), y);
        if (c->ylo && c->yhi && isfinite(c->ylo[i]) && isfinite(c->yhi[i]))
            range_v(o, x, SY(c->ylo[i]), SY(c->yhi[i]));
        fprintf(o,
                "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"5\" fill=\"%s\" stroke=\"#%06X\" "
                "stroke-width=\"1.5\"/></g>\n",
                x, y, mk ? "#F28E2B" : "#FFFFFF", mk ? GT_PAL_GPU : GT_PAL_CPU);
    }
#undef SX
#undef SY
    struct gt_svg_series lg[2] = {{"runs", GT_PAL_CPU}, {c->mark_name, GT_PAL_GPU}};
    figure_close(o, c->caption, lg, c->mark && c->mark_name ? 2 : 0);
    return 0;
}
