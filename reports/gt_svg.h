/* gt_svg.h - charts as inline SVG for HTML pages (the HTML report, and any
 * other writer that wants a chart: estimate breakdowns, trade-off scatters).
 * Each chart is one <figure> holding an <svg role="img"> with a <title> and
 * a <desc> (for screen readers), a native tooltip (<title>) on every bar or
 * point with its exact values (hover works without JavaScript), a legend
 * as HTML, and a <figcaption>. The SVG has a viewBox and scales to the
 * width of the page. Colours come from gt_palette.h.
 *
 * DOM contract (tests/report_html checks it): the <figure> has
 * class="chart" and data-chart=ID; each bar is a <g class="bar"> (each
 * point a <g class="point">), each range a <line class="range">. */
#ifndef GT_SVG_H
#define GT_SVG_H

#include <stddef.h>
#include <stdio.h>

/* Writes s as HTML text or attribute value: & < > " ' escaped, control
 * characters other than tab and newline dropped, and bytes that are not
 * valid UTF-8 read as Latin-1 (so the page is always valid UTF-8). NULL
 * writes nothing. */
void gt_html_esc(FILE *o, const char *s);

/* The colour as "#RRGGBB" into buf (size >= 8). */
const char *gt_svg_color(unsigned rgb, char *buf, size_t size);

struct gt_svg_series {
    const char *name; /* legend text */
    unsigned rgb;
};

/* A bar chart: one bar per category, each stacked from nseries segments.
 * Horizontal bars (categories down the left) unless `columns` (categories
 * along the bottom, e.g. months). */
struct gt_svg_bars {
    const char *id;      /* data-chart and element ids; unique in the page */
    const char *title;   /* shown above the chart and as <title> */
    const char *desc;    /* <desc>: what the chart shows, in words */
    const char *axis;    /* value axis label, e.g. "energy (kWh)" */
    const char *caption; /* <figcaption> under the chart, NULL for none */
    size_t n;
    const char *const *labels; /* n category labels */
    size_t nseries;
    const struct gt_svg_series *series; /* nseries (a legend when > 1) */
    const double *v;         /* n x nseries values in axis units, row by row; NAN counts 0 */
    const double *lo, *hi;   /* NULL, or a range per bar (axis units): drawn as an error bar */
    const char *const *tip;  /* NULL, or a tooltip per bar (else label: value) */
    const char *const *note; /* NULL, or text drawn after each horizontal bar */
    int columns;
    const char *const *ticks; /* columns: NULL, or per category the axis label ("" none) */
};
/* Returns 0, or -1 when there is nothing to draw (n == 0). */
int gt_svg_bars(FILE *o, const struct gt_svg_bars *c);

/* A scatter of n points (x[i], y[i]); points with mark[i] set are drawn
 * filled and joined by a line in x order (e.g. a Pareto front). */
struct gt_svg_scatter {
    const char *id, *title, *desc, *caption;
    const char *xaxis, *yaxis; /* axis labels with units */
    size_t n;
    const double *x, *y;       /* NAN: the point is left out */
    const double *xlo, *xhi;   /* NULL, or ranges: horizontal error bars */
    const double *ylo, *yhi;   /* NULL, or ranges: vertical error bars */
    const char *const *labels; /* NULL, or a tooltip name per point */
    const int *mark;           /* NULL, or 1 for a highlighted point */
    const char *mark_name;     /* legend text for marked points, e.g. "Pareto front" */
};
int gt_svg_scatter(FILE *o, const struct gt_svg_scatter *c);

#endif
