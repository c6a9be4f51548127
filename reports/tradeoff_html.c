/* tradeoff_html.c - `greentally tradeoff -o FILE.html`: one self-contained
 * page in the HTML report's style (reports/report_html.c: the same head,
 * CSS and sortable tables): the sentence, the table of runs with their
 * indices and ratings, an SVG scatter of energy against each metric (the
 * front of energy and that metric marked and joined, every point's tooltip
 * with its values and compound rating), the method and what did not join. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_svg.h"
#include "gt_time.h"
#include "gt_tradeoff_out.h"

#define MAX_LIST 2000 /* rows of the lists of what did not join; JSON has them all */

static void el(FILE *o, const char *open, const char *s, const char *close)
{
    fputs(open, o);
    gt_html_esc(o, s);
    fputs(close, o);
}

static void td_num(FILE *o, const struct gt_axis *a, double v)
{
    char b[64];
    if (isnan(v))
        fputs("<td class=\"num\" data-v=\"\">-</td>", o);
    else
        fprintf(o, "<td class=\"num\" data-v=\"%.17g\">%s</td>", v,
                gt_tradeoff_value(a, v, b, sizeof b));
}

static void table(FILE *o, const struct gt_tradeoff_doc *d)
{
    static const struct gt_axis en = {"energy", GT_AXIS_ENERGY, GT_DIR_MIN, 1};
    static const struct gt_axis co = {"co2e", GT_AXIS_CO2E, GT_DIR_MIN, 1};
    fputs("<section aria-labelledby=\"s-runs\">\n<h2 id=\"s-runs\">Runs compared</h2>\n"
          "<div class=\"scroll\"><table class=\"sortable\">\n<caption class=\"sr-only\">Runs "
          "compared: energy, CO2e, metrics, the front, index and rating per axis, "
          "compound</caption>\n<thead><tr><th scope=\"col\">",
          o);
    gt_html_esc(o, d->group);
    fputs("</th><th scope=\"col\" class=\"num\">log runs</th><th scope=\"col\" "
          "class=\"num\">energy kWh</th><th scope=\"col\" class=\"num\">CO2e g</th>",
          o);
    for (size_t a = 0; a < d->naxes; a++)
        if (d->axes[a].kind == GT_AXIS_METRIC)
            el(o, "<th scope=\"col\" class=\"num\">", d->axes[a].name, "</th>");
    fputs("<th scope=\"col\">front</th>", o);
    for (size_t a = 0; a <= d->naxes; a++) {
        fputs("<th scope=\"col\" class=\"num\">", o);
        gt_html_esc(o, a < d->naxes ? d->axes[a].name : "compound");
        fputs(" index</th>", o);
    }
    fputs("</tr></thead>\n<tbody>\n", o);
    for (size_t i = 0; i < d->nitems; i++) {
        const struct gt_item *it = &d->items[i];
        el(o, "<tr><th scope=\"row\">", it->label, "</th>");
        fprintf(o, "<td class=\"num\" data-v=\"%zu\">%zu</td>", it->nruns, it->nruns);
        td_num(o, &en, it->energy_kwh);
        td_num(o, &co, it->co2e_g);
        for (size_t a = 0; a < d->naxes; a++)
            if (d->axes[a].kind == GT_AXIS_METRIC)
                td_num(o, &d->axes[a], it->val[a]);
        fprintf(o, "<td>%s</td>", it->pareto ? "front" : "");
        for (size_t a = 0; a <= d->naxes; a++) {
            double x = a < d->naxes ? it->index[a] : it->compound;
            char r = a < d->naxes ? it->rating[a] : it->compound_rating;
            if (isnan(x))
                fputs("<td class=\"num\" data-v=\"\">-</td>", o);
            else
                fprintf(o, "<td class=\"num\" data-v=\"%.17g\">%.3f <b>%c</b></td>", x, x, r);
        }
        fputs("</tr>\n", o);
    }
    fputs("</tbody></table></div>\n</section>\n", o);
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

/* One scatter: energy (kWh) against axis a; the front of energy and that
 * axis marked. -1 when out of memory. */
static int chart(FILE *o, const struct gt_tradeoff_doc *d, size_t a)
{
    const struct gt_axis *ax = &d->axes[a];
    size_t n = d->nitems;
    double *x = malloc((n ? n : 1) * sizeof *x), *y = malloc((n ? n : 1) * sizeof *y);
    int *mark = calloc(n ? n : 1, sizeof *mark);
    char(*lab)[240] = malloc((n ? n : 1) * sizeof *lab);
    const char **labels = malloc((n ? n : 1) * sizeof *labels);
    struct pt *p = malloc((n ? n : 1) * sizeof *p);
    int rc = -1;
    if (!x || !y || !mark || !lab || !labels || !p)
        goto out;
    size_t np = 0;
    for (size_t i = 0; i < n; i++) {
        const struct gt_item *it = &d->items[i];
        x[i] = it->energy_kwh;
        y[i] = it->val[a];
        char e[64], v[64];
        snprintf(lab[i], sizeof lab[i], "%s: compound %c; %s kWh, %s %s", it->label,
                 it->compound_rating, gt_tradeoff_value(&d->axes[0], it->energy_kwh, e, sizeof e),
                 ax->name, gt_tradeoff_value(ax, it->val[a], v, sizeof v));
        labels[i] = lab[i];
        if (!isnan(x[i]) && !isnan(y[i]))
            p[np++] = (struct pt){x[i], y[i], i};
    }
    qsort(p, np, sizeof *p, cmp_pt);
    double best = NAN;
    for (size_t k = 0; k < np; k++)
        if (isnan(best) || (ax->dir == GT_DIR_MAX ? p[k].v > best : p[k].v < best)) {
            best = p[k].v;
            mark[p[k].i] = 1;
        }
    char id[32], title[200], desc[400], yaxis[100];
    snprintf(id, sizeof id, "tradeoff-%zu", a);
    snprintf(title, sizeof title, "Energy against %s (%s is better)", ax->name,
             ax->dir == GT_DIR_MAX ? "higher" : "lower");
    snprintf(desc, sizeof desc,
             "A scatter of the %zu runs compared: energy in kWh across, %s up; the runs on the "
             "front of energy and %s are marked and joined.",
             np, ax->name, ax->name);
    snprintf(yaxis, sizeof yaxis, "%s", ax->name);
    struct gt_svg_scatter c = {id,
                               title,
                               desc,
                               "Each point's tooltip gives its compound "
                               "rating (A best, E worst).",
                               "energy (kWh)",
                               yaxis,
                               n,
                               x,
                               y,
                               NULL,
                               NULL,
                               NULL,
                               NULL,
                               labels,
                               mark,
                               "front of energy and this metric"};
    gt_svg_scatter(o, &c);
    rc = 0;
out:
    free(x);
    free(y);
    free(mark);
    free(lab);
    free(labels);
    free(p);
    return rc;
}

static void loose(FILE *o, const char *title, const struct gt_tradeoff_loose *v, size_t n)
{
    if (!n)
        return;
    el(o, "<h3>", title, "</h3>\n<ul class=\"warnings\">\n");
    for (size_t i = 0; i < n && i < MAX_LIST; i++) {
        el(o, "<li><code>", v[i].file, "");
        if (v[i].line > 0)
            fprintf(o, ":%ld", v[i].line);
        el(o, "</code> '", v[i].label, "': ");
        el(o, "", v[i].why, "</li>\n");
    }
    fputs("</ul>\n", o);
    if (n > MAX_LIST)
        fprintf(o, "<p class=\"note\">and %zu more (the JSON output lists them all)</p>\n",
                n - MAX_LIST);
}

static void method(FILE *o, const struct gt_tradeoff_doc *d)
{
    char b[1600];
    fputs("<section aria-labelledby=\"s-method\">\n<h2 id=\"s-method\">Method</h2>\n", o);
    el(o, "<p>", gt_tradeoff_method(d, b, sizeof b), "</p>\n");
    fputs("<div class=\"scroll\"><table>\n<caption>Axes</caption>\n<thead><tr><th "
          "scope=\"col\">axis</th><th scope=\"col\">better</th><th scope=\"col\" "
          "class=\"num\">weight</th><th scope=\"col\" class=\"num\">reference</th><th "
          "scope=\"col\">A / B / C / D from</th></tr></thead>\n<tbody>\n",
          o);
    for (size_t a = 0; a <= d->naxes; a++) {
        el(o, "<tr><th scope=\"row\">", a < d->naxes ? d->axes[a].name : "compound", "</th>");
        if (a < d->naxes) {
            char v[64];
            fprintf(o, "<td>%s</td><td class=\"num\">%g</td>",
                    d->axes[a].dir == GT_DIR_MAX ? "higher" : "lower", d->axes[a].weight);
            el(o, "<td class=\"num\">", gt_tradeoff_value(&d->axes[a], d->ax[a].ref, v, sizeof v),
               "</td>");
        } else {
            fputs("<td></td><td></td><td></td>", o);
        }
        fprintf(o, "<td>%.3f / %.3f / %.3f / %.3f</td></tr>\n", d->ax[a].b[0], d->ax[a].b[1],
                d->ax[a].b[2], d->ax[a].b[3]);
    }
    fputs("</tbody></table></div>\n", o);
    char acc[256];
    snprintf(b, sizeof b, "Logs: %s.", gt_summary_accounting(&d->logs.res->acc, acc, sizeof acc));
    el(o, "<p class=\"note\">", b, "</p>\n");
    loose(o, "Log runs not joined", d->unjoined, d->nunjoined);
    loose(o, "Metric runs without energy", d->unused, d->nunused);
    fputs("</section>\n", o);
}

int gt_tradeoff_write_html(FILE *o, const struct gt_tradeoff_doc *d, struct gt_error *err)
{
    gt_html_page_head(o, d->title, d->logs.tool_version);
    char b[700], t[40];
    fputs("<header>\n", o);
    el(o, "<h1>", d->title, "</h1>\n");
    snprintf(b, sizeof b, "generated %s UTC by greentally %s",
             gt_time_fmt((double)d->generated, 0, t, sizeof t), d->logs.tool_version);
    el(o, "<p class=\"meta\">", b, "</p>\n");
    snprintf(b, sizeof b, "%zu runs compared: %s joined by %s to %zu of %zu log runs", d->nitems,
             d->metrics_read, d->join, (size_t)d->logs.res->nruns - d->nunjoined,
             (size_t)d->logs.res->nruns);
    el(o, "<p class=\"meta\">", b, "</p>\n</header>\n");
    if (d->statement[0]) {
        fputs("<section aria-labelledby=\"s-worth\">\n<h2 id=\"s-worth\">Which run was worth "
              "it</h2>\n",
              o);
        el(o, "<blockquote class=\"statement\">", d->statement, "</blockquote>\n</section>\n");
    }
    table(o, d);
    fputs("<section aria-labelledby=\"s-charts\">\n<h2 id=\"s-charts\">Charts</h2>\n", o);
    for (size_t a = 0; a < d->naxes; a++)
        if (d->axes[a].kind != GT_AXIS_ENERGY && chart(o, d, a) != 0)
            return gt_error_set(err, GT_E_NOMEM, "out of memory"), -1;
    fputs("</section>\n", o);
    method(o, d);
    gt_html_page_foot(o, d->title, d->logs.tool_version);
    if (ferror(o))
        return gt_error_set(err, GT_E_IO, "write error"), -1;
    return 0;
}
