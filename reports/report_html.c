/* report_html.c - the report as one self-contained HTML page: the same
 * report model as the PDF (headline, equivalents, charts, group tables,
 * statement, method, accounting), inline CSS, inline SVG charts
 * (reports/svg.c), and a few lines of JavaScript that make the tables
 * sortable. Nothing is loaded from the network (a Content-Security-Policy
 * forbids it); the page reads the same with JavaScript off, on a phone, and
 * printed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_estimate_extra.h"
#include "gt_palette.h"
#include "gt_pdf.h"
#include "gt_report.h"
#include "gt_svg.h"
#include "gt_time.h"

#define BAR_MAX      16   /* bars of the component chart; the rest is "the other N" */
#define MAX_GROUPS   5000 /* group rows listed; CSV, JSON and XLSX have them all */
#define MAX_WARNINGS 150
#define MAX_METHODS  40

static const char css[] =
    ":root{--ink:#1F3A5F;--gray:#555;--card:#EEF2F7;--shade:#F3F5F8;--total:#DDE4EE;"
    "--line:#C9D1DC}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:16px/1.5 system-ui,-apple-system,'Segoe UI',Roboto,Helvetica,Arial,"
    "sans-serif;color:#222;background:#fff}\n"
    "main{max-width:60rem;margin:0 auto;padding:1rem 1rem 3rem}\n"
    "h1{color:var(--ink);font-size:1.8rem;line-height:1.2;margin:.5rem 0}\n"
    "h2{color:var(--ink);font-size:1.3rem;border-bottom:2px solid var(--line);"
    "padding-bottom:.2rem;margin-top:2.2rem}\n"
    "h3{font-size:1.05rem;margin:1.2rem 0 .4rem}\n"
    ".meta,.note,figcaption{color:var(--gray);font-size:.875rem}\n"
    ".meta{margin:.1rem 0}\n"
    ".figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(14rem,1fr));gap:.5rem;"
    "margin:1rem 0;padding:0}\n"
    ".figures div{background:var(--card);border-radius:4px;padding:.5rem .75rem}\n"
    ".figures dt{color:var(--gray);font-size:.8rem}\n"
    ".figures dd{margin:0;color:var(--ink);font-weight:700;font-size:1.35rem}\n"
    ".figures dd.fnote{font-weight:400;font-size:.75rem;color:var(--gray)}\n"
    "figure.chart{margin:1rem 0 1.5rem}\n"
    ".plot{overflow-x:auto}\n"
    ".plot svg{display:block;width:100%;min-width:30rem;height:auto}\n"
    ".legend{list-style:none;padding:0;margin:.3rem 0;display:flex;flex-wrap:wrap;"
    "gap:.3rem 1rem;font-size:.875rem}\n"
    ".sw{display:inline-block;width:.8rem;height:.8rem;margin-right:.3rem;"
    "vertical-align:-.05rem;border-radius:2px}\n"
    ".scroll{overflow-x:auto;margin:.5rem 0}\n"
    "table{border-collapse:collapse;font-size:.875rem;min-width:100%}\n"
    "caption{text-align:left;font-weight:700;padding:.3rem 0}\n"
    "th,td{padding:.25rem .5rem;border-bottom:1px solid var(--line);vertical-align:top}\n"
    "thead th{background:var(--ink);color:#fff;text-align:left}\n"
    "th.num,td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "tbody tr:nth-child(even){background:var(--shade)}\n"
    "tfoot th,tfoot td{background:var(--total);font-weight:700}\n"
    "tbody th,tfoot th{text-align:left}tbody th{font-weight:400}\n"
    ".sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);"
    "white-space:nowrap}\n"
    "th button{all:inherit;cursor:pointer;padding:0}\n"
    "th button:focus-visible{outline:2px solid #fff;outline-offset:2px}\n"
    "th[aria-sort=ascending] button::after{content:' \\25B2'}\n"
    "th[aria-sort=descending] button::after{content:' \\25BC'}\n"
    ".statement{border-left:4px solid var(--line);margin:1rem 0;padding:.2rem 1rem;"
    "white-space:pre-wrap}\n"
    "code{font-size:.9rem}\n"
    "td.pre{white-space:pre-line}table.kv th{width:10rem}\n"
    "table.methods tbody th{white-space:nowrap}\n"
    "ul.formulas{list-style:none;padding-left:1rem}\n"
    ".warnings li{font-size:.85rem;overflow-wrap:anywhere}\n"
    "footer{margin-top:3rem;color:var(--gray);font-size:.8rem;border-top:1px solid var(--line);"
    "padding-top:.5rem}\n"
    "@media (max-width:40rem){body{font-size:15px}main{padding:.5rem}h1{font-size:1.4rem}}\n"
    "@media print{body{font-size:10pt}main{max-width:none;padding:0}"
    "h2{break-after:avoid}figure.chart,.figures div,tr{break-inside:avoid}"
    ".plot{overflow:visible}.plot svg{min-width:0;width:80%}.scroll{overflow:visible}"
    "th button::after{content:''!important}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

/* Sorting: a button in every header cell of a table.sortable; numbers by
 * their data-v, unknown values (data-v="") first ascending; text by its
 * words. Without JavaScript the tables stay as written. */
static const char js[] =
    "(function(){\n"
    "function key(c){var v=c.getAttribute('data-v');return v===null?null:"
    "(v===''?-Infinity:+v);}\n"
    "document.querySelectorAll('table.sortable').forEach(function(t){\n"
    " var hs=t.tHead.rows[0].cells;\n"
    " Array.prototype.forEach.call(hs,function(th,ci){\n"
    "  var b=document.createElement('button');b.type='button';\n"
    "  b.textContent=th.textContent;th.textContent='';th.appendChild(b);\n"
    "  b.addEventListener('click',function(){\n"
    "   var body=t.tBodies[0],rows=Array.prototype.slice.call(body.rows);\n"
    "   var dir=th.getAttribute('aria-sort')==='ascending'?-1:1;\n"
    "   Array.prototype.forEach.call(hs,function(h){h.removeAttribute('aria-sort');});\n"
    "   th.setAttribute('aria-sort',dir>0?'ascending':'descending');\n"
    "   rows.sort(function(a,b){var x=a.cells[ci],y=b.cells[ci],p=key(x),q=key(y);\n"
    "    if(p!==null&&q!==null)return p===q?0:(p<q?-dir:dir);\n"
    "    return x.textContent.localeCompare(y.textContent)*dir;});\n"
    "   rows.forEach(function(r){body.appendChild(r);});\n"
    "  });\n"
    " });\n"
    "});\n"
    "})();\n";

static void esc(FILE *o, const char *s)
{
    gt_html_esc(o, s);
}

/* tag text /tag, text escaped */
static void el(FILE *o, const char *open, const char *s, const char *close)
{
    fputs(open, o);
    esc(o, s);
    fputs(close, o);
}

static char *sig(double v, int n, char *b, size_t size)
{
    return gt_report_sig(v, n, b, size);
}

/* A numeric cell: shown with 3 significant digits, the full value in
 * data-v (for sorting) and title; "-" and data-v="" when not known. */
static void td_num(FILE *o, double v, int unknown, const char *tag)
{
    char b[64];
    if (unknown || isnan(v)) {
        fprintf(o, "<%s class=\"num\" data-v=\"\">-</%s>", tag, tag);
        return;
    }
    fprintf(o, "<%s class=\"num\" data-v=\"%.17g\" title=\"%.17g\">%s</%s>", tag, v, v,
            sig(v, 3, b, sizeof b), tag);
}

/* ---- head ------------------------------------------------------------------------ */

void gt_html_page_head(FILE *o, const char *title, const char *version)
{
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
          "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n",
          o);
    fprintf(o, "<meta name=\"generator\" content=\"greentally %s\">\n", version);
    el(o, "<title>", title, "</title>\n");
    fprintf(o, "<style>\n%s</style>\n</head>\n<body>\n<main>\n", css);
}

void gt_html_page_foot(FILE *o, const char *title, const char *version)
{
    fputs("<footer>", o);
    esc(o, title);
    fprintf(o,
            " &#8212; greentally %s</footer>\n</main>\n<script>\n%s</script>\n</body>\n</html>\n",
            version, js);
}

static void header(FILE *o, const struct gt_report *r)
{
    char b[512], t[40];
    fputs("<header>\n", o);
    el(o, "<h1>", r->title, "</h1>\n");
    snprintf(b, sizeof b, "generated %s UTC by greentally %s, hardware data %s",
             gt_time_fmt((double)r->generated, 0, t, sizeof t), r->sum.tool_version,
             r->hwdb_version);
    el(o, "<p class=\"meta\">", b, "</p>\n");
    fputs("<p class=\"meta\">", o);
    if (r->estimate) {
        fputs("an estimate", o);
    } else {
        fputs("inputs: ", o);
        for (size_t i = 0; i < r->ninputs; i++) {
            if (i)
                fputs(", ", o);
            el(o, "<code>", r->inputs[i], "</code>");
        }
    }
    fputs("</p>\n", o);
    if (*gt_report_grouping(r, b, sizeof b))
        el(o, "<p class=\"meta\">", b, "</p>\n");
    if (*gt_report_filters(r, b, sizeof b))
        el(o, "<p class=\"meta\">", b, "</p>\n");
    fputs("</header>\n", o);
}

static void headline(FILE *o, const struct gt_report *r)
{
    struct gt_report_figure f[GT_REPORT_FIGURES];
    gt_report_headline(r, f);
    fputs("<section aria-labelledby=\"s-figures\">\n<h2 id=\"s-figures\">Figures</h2>\n"
          "<dl class=\"figures\">\n",
          o);
    for (int i = 0; i < GT_REPORT_FIGURES; i++) {
        fputs("<div>", o);
        el(o, "<dt>", f[i].label, "</dt>");
        el(o, "<dd>", f[i].value, "</dd>");
        el(o, "<dd class=\"fnote\">", f[i].note, "</dd>");
        fputs("</div>\n", o);
    }
    fputs("</dl>\n", o);
    char l[GT_REPORT_MAX_EQUIV][200];
    int n = gt_report_equivalents(r, l);
    if (r->equivalents != GT_REPORT_EQUIV_NONE)
        fputs("<h3>Equivalents</h3>\n", o);
    if (r->equivalents == GT_REPORT_EQUIV_NONE)
        ;
    else if (!n)
        fputs("<p>No run logged CO2e, so there are no equivalents.</p>\n", o);
    else {
        fputs("<ul class=\"equivalents\">\n", o);
        for (int i = 0; i < n; i++)
            el(o, "<li>", l[i], "</li>\n");
        fputs("</ul>\n", o);
    }
    fputs("</section>\n", o);
}

static void kv_table(FILE *o, const char *id, const char *title, const struct gt_report_kv *kv,
                     int n)
{
    fprintf(o, "<h3 id=\"%s\">", id);
    esc(o, title);
    fprintf(o,
            "</h3>\n<div class=\"scroll\"><table class=\"kv\" aria-labelledby=\"%s\">\n"
            "<caption class=\"sr-only\">",
            id);
    esc(o, title);
    fputs("</caption>\n<tbody>\n", o);
    for (int i = 0; i < n; i++) {
        el(o, "<tr><th scope=\"row\">", kv[i].key, "</th>");
        el(o, "<td class=\"pre\">", kv[i].text, "</td></tr>\n");
    }
    fputs("</tbody></table></div>\n", o);
}

/* The look-ahead charts of an estimate: the same work elsewhere and the
 * best start, CO2e with its low-high range. */
static void estimate_extra_charts(FILE *o, const struct gt_estimate_extra *x)
{
    static const struct gt_svg_series s[1] = {{"CO2e", GT_PAL_CPU}};
    if (x->ncmp) {
        double max = 0, scale = 1;
        for (int i = 0; i < x->ncmp; i++)
            max = fmax(max, fmax(x->cmp[i].co2e_g, x->cmp[i].co2e_range.hi));
        const char *unit = gt_pdf_mass_unit(max, &scale);
        double v[GT_MAX_COMPARE], lo[GT_MAX_COMPARE], hi[GT_MAX_COMPARE];
        char lb[GT_MAX_COMPARE][80], nt[GT_MAX_COMPARE][64], axis[48];
        const char *labels[GT_MAX_COMPARE], *note[GT_MAX_COMPARE];
        for (int i = 0; i < x->ncmp; i++) {
            char b[32];
            const struct gt_location_cmp *c = &x->cmp[i];
            snprintf(lb[i], sizeof lb[i], "%s%s", c->label, c->own ? " (yours)" : "");
            v[i] = c->co2e_g * scale;
            lo[i] = c->co2e_range.lo * scale;
            hi[i] = c->co2e_range.hi * scale;
            snprintf(nt[i], sizeof nt[i], "%s %s", sig(v[i], 3, b, sizeof b), unit);
            labels[i] = lb[i];
            note[i] = nt[i];
        }
        snprintf(axis, sizeof axis, "CO2e (%s)", unit);
        struct gt_svg_bars c = {.id = "chart-estimate-places",
                                .title = "The same work elsewhere",
                                .desc = "Horizontal bars: the estimate's CO2e under each place's "
                                        "carbon intensity and PUE, with its low-high range.",
                                .axis = axis,
                                .caption = "energy before PUE x each place's PUE x its intensity",
                                .n = (size_t)x->ncmp,
                                .labels = labels,
                                .nseries = 1,
                                .series = s,
                                .v = v,
                                .lo = lo,
                                .hi = hi,
                                .tip = note,
                                .note = note};
        gt_svg_bars(o, &c);
    }
    const struct gt_best_out *b = &x->best;
    if (b->given) {
        double max = fmax(fmax(b->co2e_ref_g, b->ref_range.hi), b->best_range.hi), scale = 1;
        const char *unit = gt_pdf_mass_unit(max, &scale);
        char ta[40], tb[40], l0[64], l1[64], n0[96], n1[96], axis[48], x0[32], x1[32];
        gt_time_fmt(b->b.ref_start, 1, ta, sizeof ta);
        gt_time_fmt(b->b.start, 1, tb, sizeof tb);
        snprintf(l0, sizeof l0, "reference");
        snprintf(l1, sizeof l1, "best start");
        double v[2] = {b->co2e_ref_g * scale, b->co2e_best_g * scale};
        double lo[2] = {b->ref_range.lo * scale, b->best_range.lo * scale};
        double hi[2] = {b->ref_range.hi * scale, b->best_range.hi * scale};
        snprintf(n0, sizeof n0, "%s %s from %.16s", sig(v[0], 3, x0, sizeof x0), unit, ta);
        snprintf(n1, sizeof n1, "%s %s from %.16s", sig(v[1], 3, x1, sizeof x1), unit, tb);
        const char *labels[2] = {l0, l1}, *note[2] = {n0, n1};
        snprintf(axis, sizeof axis, "CO2e (%s)", unit);
        struct gt_svg_bars c = {.id = "chart-estimate-best-start",
                                .title = "Best start",
                                .desc = "Horizontal bars: the estimate's CO2e from the reference "
                                        "start and from the start of least CO2e in the series.",
                                .axis = axis,
                                .caption = "the series' mean intensity over each run",
                                .n = 2,
                                .labels = labels,
                                .nseries = 1,
                                .series = s,
                                .v = v,
                                .lo = lo,
                                .hi = hi,
                                .tip = note,
                                .note = note};
        gt_svg_bars(o, &c);
    }
}

static void estimate_inputs(FILE *o, const struct gt_estimate_report *e)
{
    struct gt_report_kv kv[GT_REPORT_MAX_KV];
    fputs("<section aria-labelledby=\"s-estimate\">\n<h2 id=\"s-estimate\">The estimate</h2>\n", o);
    kv_table(o, "s-inputs", "Inputs of the estimate and their sources", kv,
             gt_report_estimate_inputs(e, kv));
    kv_table(o, "s-components", "Energy and CO2e by component", kv,
             gt_report_estimate_components(e, kv));
    const struct gt_estimate_result *res = &e->res;
    double kwh[3] = {res->e_cpu_kwh, res->e_gpu_kwh, res->e_mem_kwh};
    double max = fmax(kwh[0], fmax(kwh[1], kwh[2])), scale;
    if (max > 0) {
        const char *unit = gt_pdf_energy_unit(max, &scale);
        static const char *const labels[3] = {"CPU", "GPU", "memory"};
        static const struct gt_svg_series s[1] = {{"energy", GT_PAL_CPU}};
        double v[3];
        char notes[3][64], axis[48];
        const char *note[3];
        for (int i = 0; i < 3; i++) {
            char x[32];
            v[i] = kwh[i] * scale;
            snprintf(notes[i], sizeof notes[i], "%s %s (%.1f %%)", sig(v[i], 3, x, sizeof x), unit,
                     res->e_kwh > 0 ? 100 * kwh[i] / res->e_kwh : 0.0);
            note[i] = notes[i];
        }
        snprintf(axis, sizeof axis, "energy (%s)", unit);
        struct gt_svg_bars c = {.id = "chart-estimate-components",
                                .title = "Energy by component",
                                .desc = "Horizontal bars: the estimated energy of the CPU, the GPU "
                                        "and the memory, and each one's share of the total.",
                                .axis = axis,
                                .caption = "PUE and PSF included, as in the total",
                                .n = 3,
                                .labels = (const char *const *)labels,
                                .nseries = 1,
                                .series = s,
                                .v = v,
                                .tip = note,
                                .note = note};
        gt_svg_bars(o, &c);
    }
    if (e->extra)
        estimate_extra_charts(o, e->extra);
    fputs("</section>\n", o);
}

/* ---- charts ---------------------------------------------------------------------- */

static int chart_components(FILE *o, const struct gt_report_tally *t)
{
    if (t->n < 2)
        return 0;
    size_t n;
    struct gt_report_bucket *b = gt_report_tally_top(t, BAR_MAX, &n);
    double *v = malloc(n * 4 * sizeof *v);
    double *lo = malloc(n * 2 * sizeof *lo), *hi = lo ? lo + n : NULL;
    const char **labels = malloc(n * sizeof *labels);
    char(*tips)[200] = malloc(n * sizeof *tips);
    const char **tip = malloc(n * sizeof *tip);
    int rc = -1;
    if (!b || !v || !lo || !labels || !tips || !tip)
        goto out;
    double max = 0;
    for (size_t i = 0; i < n; i++) {
        double s = b[i].cpu_kwh + b[i].gpu_kwh + b[i].ram_kwh + b[i].other_kwh;
        max = s > max ? s : max;
        max = b[i].energy_kwh_hi > max ? b[i].energy_kwh_hi : max;
    }
    rc = 0;
    if (!(max > 0))
        goto out;
    double scale;
    const char *unit = gt_pdf_energy_unit(max, &scale);
    for (size_t i = 0; i < n; i++) {
        double c[4] = {b[i].cpu_kwh, b[i].gpu_kwh, b[i].ram_kwh, b[i].other_kwh};
        for (int k = 0; k < 4; k++)
            v[i * 4 + k] = c[k] * scale;
        /* the low-high range of the bar's energy, when its runs have one */
        int range = b[i].energy_kwh_hi > 0;
        lo[i] = range ? b[i].energy_kwh_lo * scale : NAN;
        hi[i] = range ? b[i].energy_kwh_hi * scale : NAN;
        labels[i] = b[i].label;
        char x[4][32];
        snprintf(tips[i], sizeof tips[i], "CPU %s, GPU %s, RAM %s, other %s %s (%ld run%s)",
                 sig(v[i * 4], 3, x[0], 32), sig(v[i * 4 + 1], 3, x[1], 32),
                 sig(v[i * 4 + 2], 3, x[2], 32), sig(v[i * 4 + 3], 3, x[3], 32), unit, b[i].runs,
                 b[i].runs == 1 ? "" : "s");
        tip[i] = tips[i];
    }
    static const struct gt_svg_series s[4] = {
        {"CPU", GT_PAL_CPU}, {"GPU", GT_PAL_GPU}, {"RAM", GT_PAL_RAM}, {"other", GT_PAL_OTHER}};
    char title[160], axis[48], desc[300];
    snprintf(title, sizeof title, "Energy by component per %s (%swhiskers: low-high range)",
             gt_key_name(t->key), t->n > BAR_MAX ? "largest first; " : "");
    snprintf(axis, sizeof axis, "energy (%s)", unit);
    snprintf(desc, sizeof desc,
             "Stacked horizontal bars, one per %s (%zu): energy of CPU, GPU, RAM and other, in "
             "%s.",
             gt_key_name(t->key), n, unit);
    struct gt_svg_bars c = {.id = "chart-components",
                            .title = title,
                            .desc = desc,
                            .axis = axis,
                            .caption = "other: energy a tool did not split into CPU, GPU and RAM "
                                       "(PUE overhead, or a total only)",
                            .n = n,
                            .labels = labels,
                            .nseries = 4,
                            .series = s,
                            .v = v,
                            .lo = lo,
                            .hi = hi,
                            .tip = tip};
    rc = gt_svg_bars(o, &c) == 0;
out:
    free(b);
    free(v);
    free(lo);
    free(labels);
    free(tips);
    free(tip);
    return rc;
}

static int chart_months(FILE *o, const struct gt_report_tally *t)
{
    if (t->n < 2)
        return 0;
    double max = 0;
    for (size_t i = 0; i < t->n; i++) {
        max = t->b[i].co2e_g > max ? t->b[i].co2e_g : max;
        max = t->b[i].co2e_g_hi > max ? t->b[i].co2e_g_hi : max;
    }
    if (!(max > 0))
        return 0;
    size_t n = t->n;
    double *v = malloc(n * sizeof *v);
    double *lo = malloc(n * 2 * sizeof *lo), *hi = lo ? lo + n : NULL;
    const char **labels = malloc(n * sizeof *labels);
    const char **ticks = malloc(n * sizeof *ticks);
    char(*tk)[8] = malloc(n * sizeof *tk);
    char(*tips)[96] = malloc(n * sizeof *tips);
    const char **tip = malloc(n * sizeof *tip);
    int rc = -1;
    if (v && lo && labels && ticks && tk && tips && tip) {
        double scale;
        const char *unit = gt_pdf_mass_unit(max, &scale);
        /* labels about 52 units wide on a 656-unit axis */
        int every = gt_report_period_step(t, 656.0 / (double)n, 52);
        for (size_t i = 0; i < n; i++) {
            const struct gt_report_bucket *k = &t->b[i];
            v[i] = k->co2e_g * scale;
            lo[i] = k->co2e_g_hi > 0 ? k->co2e_g_lo * scale : NAN;
            hi[i] = k->co2e_g_hi > 0 ? k->co2e_g_hi * scale : NAN;
            labels[i] = k->label;
            gt_report_period_tick(k, every, tk[i], sizeof tk[i]);
            ticks[i] = tk[i];
            char x[32];
            snprintf(tips[i], sizeof tips[i], "%s %s CO2e (%ld run%s)", sig(v[i], 3, x, 32), unit,
                     k->runs, k->runs == 1 ? "" : "s");
            tip[i] = tips[i];
        }
        static const struct gt_svg_series s[1] = {{"CO2e", GT_PAL_MONTH}};
        const char *per = gt_report_period_name(t);
        char axis[48], desc[400], cap[300], note[200], tl[80];
        snprintf(axis, sizeof axis, "CO2e (%s)", unit);
        snprintf(desc, sizeof desc,
                 "Columns, one per %s from %s to %s (%zu): CO2e of the runs that started in "
                 "that %s, in %s.",
                 per, t->b[0].label, t->b[n - 1].label, n, per, unit);
        gt_report_months_note(t, note, sizeof note);
        snprintf(cap, sizeof cap, "%s of the run's start%s%s", per, *note ? "; " : "", note);
        snprintf(tl, sizeof tl, "CO2e by %s (whiskers: low-high range)", per);
        struct gt_svg_bars c = {.id = "chart-months",
                                .title = tl,
                                .desc = desc,
                                .axis = axis,
                                .caption = cap,
                                .n = n,
                                .labels = labels,
                                .nseries = 1,
                                .series = s,
                                .v = v,
                                .lo = lo,
                                .hi = hi,
                                .tip = tip,
                                .columns = 1,
                                .ticks = ticks};
        rc = gt_svg_bars(o, &c) == 0;
    }
    free(v);
    free(lo);
    free(labels);
    free(ticks);
    free(tk);
    free(tips);
    free(tip);
    return rc;
}

static int chart_share(FILE *o, const struct gt_report_tally *t)
{
    if (t->n < 2)
        return 0;
    double sum = 0, max = 0;
    for (size_t i = 0; i < t->n; i++) {
        sum += t->b[i].co2e_g;
        max = t->b[i].co2e_g > max ? t->b[i].co2e_g : max;
    }
    if (!(sum > 0))
        return 0;
    size_t n = t->n;
    double *v = malloc(n * sizeof *v);
    const char **labels = malloc(n * sizeof *labels);
    char(*notes)[64] = malloc(n * sizeof *notes);
    const char **note = malloc(n * sizeof *note);
    int rc = -1;
    if (v && labels && notes && note) {
        double scale;
        const char *unit = gt_pdf_mass_unit(max, &scale);
        for (size_t i = 0; i < n; i++) {
            const struct gt_report_bucket *k = &t->b[i];
            v[i] = k->co2e_g * scale;
            labels[i] = k->label;
            char x[32];
            snprintf(notes[i], sizeof notes[i], "%.1f %% (%s %s)", 100 * k->co2e_g / sum,
                     sig(v[i], 3, x, 32), unit);
            note[i] = notes[i];
        }
        static const struct gt_svg_series s[1] = {{"CO2e", GT_PAL_SHARE}};
        char title[120], axis[48], desc[200];
        snprintf(title, sizeof title, "Share of CO2e by %s", gt_key_name(t->key));
        snprintf(axis, sizeof axis, "CO2e (%s)", unit);
        snprintf(desc, sizeof desc,
                 "Horizontal bars, one per %s (%zu), largest first: CO2e in %s and its share "
                 "of the total.",
                 gt_key_name(t->key), n, unit);
        struct gt_svg_bars c = {.id = "chart-share",
                                .title = title,
                                .desc = desc,
                                .axis = axis,
                                .n = n,
                                .labels = labels,
                                .nseries = 1,
                                .series = s,
                                .v = v,
                                .tip = note,
                                .note = note};
        rc = gt_svg_bars(o, &c) == 0;
    }
    free(v);
    free(labels);
    free(notes);
    free(note);
    return rc;
}

static int charts(FILE *o, const struct gt_report *r)
{
    /* the section exists only when one chart has something to show */
    int any = (r->comp.n >= 2) || (r->months.n >= 2) || (r->share.n >= 2);
    if (!any)
        return 0;
    fputs("<section aria-labelledby=\"s-charts\">\n<h2 id=\"s-charts\">Charts</h2>\n", o);
    if (chart_components(o, &r->comp) < 0 || chart_months(o, &r->months) < 0 ||
        chart_share(o, &r->share) < 0)
        return -1;
    fputs("</section>\n", o);
    return 0;
}

/* ---- tables ---------------------------------------------------------------------- */

static void totals_cells(FILE *o, const struct gt_totals *t, const char *tag)
{
    fprintf(o, "<%s class=\"num\" data-v=\"%ld\">%ld</%s>", tag, t->runs, t->runs, tag);
    td_num(o, t->duration_s / 3600, t->runs == t->no_duration, tag);
    td_num(o, t->energy_kwh, t->runs && t->no_energy == t->runs, tag);
    td_num(o, t->cpu_kwh, t->runs && t->no_cpu == t->runs, tag);
    td_num(o, t->gpu_kwh, t->runs && t->no_gpu == t->runs, tag);
    td_num(o, t->ram_kwh, t->runs && t->no_ram == t->runs, tag);
    td_num(o, t->co2e_g, t->runs && t->no_co2e == t->runs, tag);
    /* the low-high range of CO2e (sortable by its low end) */
    char a[40], b[40];
    if (isnan(t->co2e_g_lo) || isnan(t->co2e_g_hi) || (t->runs && t->no_co2e == t->runs))
        fprintf(o, "<%s class=\"num\" data-v=\"\">-</%s>", tag, tag);
    else
        fprintf(o, "<%s class=\"num\" data-v=\"%.17g\">%s - %s</%s>", tag, t->co2e_g_lo,
                gt_report_sig(t->co2e_g_lo, 3, a, sizeof a),
                gt_report_sig(t->co2e_g_hi, 3, b, sizeof b), tag);
}

static const char *const num_titles[] = {"runs",    "duration h", "energy kWh", "CPU kWh",
                                         "GPU kWh", "RAM kWh",    "CO2e g",     "CO2e range g"};

static void table_open(FILE *o, const char *caption, const char *const *keys, size_t nkeys)
{
    fputs("<div class=\"scroll\"><table class=\"sortable groups\">\n", o);
    el(o, "<caption class=\"sr-only\">", caption, "</caption>\n<thead><tr>");
    for (size_t k = 0; k < nkeys; k++)
        el(o, "<th scope=\"col\">", keys[k], "</th>");
    for (size_t c = 0; c < sizeof num_titles / sizeof *num_titles; c++)
        el(o, "<th scope=\"col\" class=\"num\">", num_titles[c], "</th>");
    fputs("</tr></thead>\n<tbody>\n", o);
}

static void table_close(FILE *o, size_t nkeys, const struct gt_totals *total)
{
    fputs("</tbody>\n<tfoot><tr>", o);
    fputs("<th scope=\"row\">total</th>", o);
    for (size_t k = 1; k < nkeys; k++)
        fputs("<td></td>", o);
    totals_cells(o, total, "td");
    fputs("</tr></tfoot>\n</table></div>\n", o);
}

static void groups(FILE *o, const struct gt_report *r)
{
    const struct gt_agg_result *res = r->sum.res;
    const struct gt_agg_opts *op = &res->opts;
    fputs("<section aria-labelledby=\"s-groups\">\n", o);
    char h[160];
    if (op->nby) {
        size_t w = (size_t)snprintf(h, sizeof h, "Runs by ");
        const char *keys[GT_AGG_MAX_KEYS];
        for (size_t k = 0; k < op->nby && w < sizeof h; k++) {
            w += (size_t)snprintf(h + w, sizeof h - w, "%s%s", k ? ", " : "",
                                  gt_key_name(op->by[k]));
            keys[k] = gt_key_name(op->by[k]);
        }
        el(o, "<h2 id=\"s-groups\">", h, "</h2>\n");
        table_open(o, h, keys, op->nby);
        size_t n = res->ngroups < MAX_GROUPS ? res->ngroups : MAX_GROUPS;
        for (size_t g = 0; g < n; g++) {
            fputs("<tr>", o);
            for (size_t k = 0; k < op->nby; k++) {
                const char *v = res->groups[g].key[k];
                el(o, k ? "<td>" : "<th scope=\"row\">", v && *v ? v : "(unknown)",
                   k ? "</td>" : "</th>");
            }
            totals_cells(o, &res->groups[g].t, "td");
            fputs("</tr>\n", o);
        }
        table_close(o, op->nby, &res->totals);
        if (res->ngroups > n)
            fprintf(o,
                    "<p class=\"note\">The first %zu of %zu groups are listed (the totals are of "
                    "all); the CSV, JSON and XLSX reports list every group.</p>\n",
                    n, res->ngroups);
    } else {
        snprintf(h, sizeof h, "Runs by tool");
        el(o, "<h2 id=\"s-groups\">", h, "</h2>\n");
        struct gt_totals by_tool[GT_TOOL__COUNT];
        gt_report_tool_totals(res, by_tool);
        const char *key = "tool";
        table_open(o, h, &key, 1);
        for (int k = 0; k < GT_TOOL__COUNT; k++) {
            if (!by_tool[k].runs)
                continue;
            el(o, "<tr><th scope=\"row\">", gt_tool_name((enum gt_tool)k), "</th>");
            totals_cells(o, &by_tool[k], "td");
            fputs("</tr>\n", o);
        }
        table_close(o, 1, &res->totals);
    }
    char b[1024];
    if (*gt_report_missing_note(r, b, sizeof b))
        el(o, "<p class=\"note\">", b, "</p>\n");
    fputs("<p class=\"note\">Figures to 3 significant digits; hover a cell for its full value. "
          "The CSV, JSON and XLSX reports keep full precision.</p>\n</section>\n",
          o);
}

/* ---- statement, method, accounting ----------------------------------------------- */

static void statement(FILE *o, const struct gt_report *r)
{
    fputs("<section aria-labelledby=\"s-statement\">\n<h2 id=\"s-statement\">Statement for a "
          "paper</h2>\n",
          o);
    el(o, "<blockquote class=\"statement\">", r->statement ? r->statement : "",
       "</blockquote>\n</section>\n");
}

static void method(FILE *o, const struct gt_report *r)
{
    fputs("<section aria-labelledby=\"s-method\">\n<h2 id=\"s-method\">Method</h2>\n", o);
    el(o, "<p>", r->estimate ? gt_report_method_estimate : gt_report_method_logs, "</p>\n");
    const char *const *f =
        r->estimate ? gt_report_method_estimate_formulas : gt_report_method_logs_formulas;
    fputs("<ul class=\"formulas\">\n", o);
    for (size_t i = 0; f[i]; i++)
        el(o, "<li><code>",
           i == 1 && r->estimate && r->estimate->in.gpu_mode == GT_GPU_MEASURED
               ? gt_report_method_gpu_measured
               : f[i],
           "</code></li>\n");
    fputs("</ul>\n", o);
    el(o, "<p>", gt_report_method_equivalents, "</p>\n");
    fputs("<div class=\"scroll\"><table class=\"consts\">\n<caption>Constants, with their "
          "sources</caption>\n<thead><tr><th scope=\"col\">constant</th><th scope=\"col\" "
          "class=\"num\">value</th><th scope=\"col\">unit</th><th "
          "scope=\"col\">source</th></tr></thead>\n<tbody>\n",
          o);
    for (int i = 0; i < r->nconsts; i++) {
        const struct gt_report_const *c = &r->consts[i];
        el(o, "<tr><th scope=\"row\">", c->name, "</th>");
        if (isnan(c->value))
            fputs("<td class=\"num\">as logged</td>", o);
        else
            fprintf(o, "<td class=\"num\">%.10g</td>", c->value);
        el(o, "<td>", c->unit, "</td>");
        el(o, "<td>", c->source, "</td></tr>\n");
    }
    fputs("</tbody></table></div>\n<h3>Data versions</h3>\n", o);
    char b[256];
    snprintf(b, sizeof b, "greentally %s; hardware and constants data %s", r->sum.tool_version,
             r->hwdb_version);
    el(o, "<p>", b, "</p>\n");
    fputs("<h3>Not counted</h3>\n<ul>\n", o);
    for (int i = 0; gt_report_not_counted[i]; i++)
        el(o, "<li>", gt_report_not_counted[i], "</li>\n");
    fputs("</ul>\n</section>\n", o);
}

/* A low - high cell, 3 significant digits as the figures beside it; "-" for none. */
static void range_cell(FILE *o, struct gt_range r)
{
    char a[32], b[32];
    if (isnan(r.lo) || isnan(r.hi)) {
        fputs("<td class=\"num\">-</td>", o);
        return;
    }
    fprintf(o, "<td class=\"num\" title=\"%.17g - %.17g\">%s - %s</td>", r.lo, r.hi,
            sig(r.lo, 3, a, sizeof a), sig(r.hi, 3, b, sizeof b));
}

/* `--methods all`: each run under every peer's method, beside what it logged
 * (greentally compare); greentally's row with its low - high range. */
static void methods(FILE *o, const struct gt_report *r)
{
    const struct gt_report_methods *m = r->methods;
    static const char *const cols[] = {"method", "CPU W",      "GPU W",      "RAM W",
                                       "PUE",    "energy kWh", "low - high", "CI g/kWh",
                                       "CO2e g", "low - high", "x logged",   "notes"};
    char b[64], fl[200], cap[1000];
    fputs(
        "<section aria-labelledby=\"s-methods\">\n<h2 id=\"s-methods\">Every peer's method on "
        "the same runs</h2>\n<p>Each run re-estimated from what it logged with each tool's own "
        "rules and constants (greentally compare). CodeCarbon and eco2ai count a GPU only when it "
        "was measured; carbontracker counts only what was measured; x logged is the method's "
        "energy over the run's logged energy.</p>\n",
        o);
    for (size_t i = 0; i < m->n; i++) {
        const struct gt_report_method_run *v = &m->v[i];
        struct gt_run_rec rb;
        const struct gt_record *rec = gt_agg_run_record(v->run, &rb);
        snprintf(cap, sizeof cap, "run %s (%s%s%s): logged %s kWh, %s g CO2e",
                 v->run->key[GT_KEY_RUN], gt_tool_name(rec->tool), rec->tool_version[0] ? " " : "",
                 rec->tool_version, gt_methods_num(v->logged_kwh, "%.6f", b, 32),
                 gt_methods_num(v->logged_g, "%.3f", b + 32, 32));
        fputs("<div class=\"scroll\"><table class=\"methods\">\n", o);
        el(o, "<caption>", cap, "</caption>\n<thead><tr>");
        for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++)
            el(o, c && c < 11 ? "<th scope=\"col\" class=\"num\">" : "<th scope=\"col\">", cols[c],
               "</th>");
        fputs("</tr></thead>\n<tbody>\n", o);
        for (int j = 0; j < GT_M__COUNT; j++) {
            const struct gt_method_result *mr = &v->m[j];
            el(o, "<tr><th scope=\"row\">", gt_method_title((enum gt_method)j), "</th>");
            td_num(o, mr->cpu_w, 0, "td");
            td_num(o, mr->gpu_w, 0, "td");
            td_num(o, mr->ram_w, 0, "td");
            td_num(o, mr->pue, 0, "td");
            td_num(o, mr->energy_kwh, 0, "td");
            range_cell(o, mr->energy_range);
            td_num(o, mr->ci_g_per_kwh, 0, "td");
            td_num(o, mr->co2e_g, 0, "td");
            range_cell(o, mr->co2e_range);
            td_num(o, v->logged_kwh > 0 ? mr->energy_kwh / v->logged_kwh : NAN, 0, "td");
            el(o, "<td>", gt_methods_flag_text(mr->flags, fl, sizeof fl), "</td></tr>\n");
        }
        fputs("</tbody></table></div>\n", o);
        el(o, "<p class=\"note\">", v->inputs, "</p>\n");
    }
    if (m->more)
        fprintf(o,
                "<p class=\"note\">%ld more runs not shown (greentally compare lists them "
                "all).</p>\n",
                m->more);
    fputs("<div class=\"scroll\"><table class=\"consts\">\n<caption>The methods' constants, "
          "with their sources</caption>\n<thead><tr><th scope=\"col\">constant</th><th "
          "scope=\"col\" class=\"num\">value</th><th scope=\"col\">unit</th><th "
          "scope=\"col\">source</th></tr></thead>\n<tbody>\n",
          o);
    for (size_t i = 0; i < GT_METHODS_NCONST; i++) {
        el(o, "<tr><th scope=\"row\">", m->used[i]->name, "</th>");
        fprintf(o, "<td class=\"num\">%.10g</td>", m->used[i]->value);
        el(o, "<td>", m->used[i]->unit, "</td>");
        el(o, "<td>", m->used[i]->source, "</td></tr>\n");
    }
    fputs("</tbody></table></div>\n", o);
    el(o, "<p class=\"note\">", GT_METHODS_PEER_CI_NOTE, ".</p>\n");
    el(o, "<p class=\"note\">", GT_METHODS_RANGE_NOTE, ".</p>\n</section>\n");
}

static void accounting(FILE *o, const struct gt_report *r)
{
    const struct gt_agg_result *res = r->sum.res;
    const struct gt_accounting *a = &res->acc;
    fputs("<section aria-labelledby=\"s-accounting\">\n<h2 id=\"s-accounting\">Accounting</h2>\n",
          o);
    fprintf(o, "<p>%ld files read, %ld skipped (not logs of a known tool).</p>\n", a->files_read,
            a->files_skipped);
    fprintf(o, "<p>Rows read %ld = %ld used + %ld superseded + %ld rejected", a->rows_read,
            a->rows_used, a->rows_superseded, a->rows_rejected);
    if (a->rows_excluded)
        fprintf(o, " + %ld excluded", a->rows_excluded);
    fputs(".</p>\n<p class=\"note\">Used: the row that counts for its run. Superseded: earlier "
          "rows of a run, or a tool's own totals of runs counted from their rows. Rejected: rows "
          "that cannot be read (see the warnings). Excluded: rows of runs left out by a filter or "
          "as predictions only.</p>\n",
          o);
    fprintf(o, "<p>%ld run%s counted", res->totals.runs, res->totals.runs == 1 ? "" : "s");
    if (res->excluded_predicted)
        fprintf(o, "; %ld carbontracker run%s with only a prediction not counted",
                res->excluded_predicted, res->excluded_predicted == 1 ? "" : "s");
    if (res->excluded_filter)
        fprintf(o, "; %ld run%s outside the filters", res->excluded_filter,
                res->excluded_filter == 1 ? "" : "s");
    if (res->gap_runs)
        fprintf(o, "; %ld run%s whose latest row had no energy count%s the last row with energy",
                res->gap_runs, res->gap_runs == 1 ? "" : "s", res->gap_runs == 1 ? "s" : "");
    fputs(".</p>\n", o);
    if (res->multi_method_runs) {
        fprintf(o, "<h3>Runs measured several ways (%ld; one method counts)</h3>\n<ul>\n",
                res->multi_method_runs);
        long listed = 0;
        for (size_t i = 0; i < res->nruns && listed < MAX_METHODS; i++) {
            const struct gt_run *run = &res->runs[i];
            if (!run->nmethods)
                continue;
            listed++;
            char e[32], c[32];
            el(o, "<li><code>", run->rec->group_key, "</code>: counted ");
            esc(o, run->rec->format);
            fprintf(o, ", %s kWh, %s g (", sig(run->energy_kwh, 3, e, sizeof e),
                    sig(run->co2e_g, 3, c, sizeof c));
            esc(o, run->rec->file);
            fprintf(o, ":%ld)", run->rec->line);
            for (size_t m = 0; m < run->nmethods; m++) {
                const struct gt_record *x = run->methods[m];
                fputs("; also ", o);
                esc(o, x->format);
                if (isnan(gt_record_energy(x)) && isnan(x->co2e_g))
                    fputs(", no energy or CO2e logged (", o);
                else
                    fprintf(o, ", %s kWh, %s g (", sig(gt_record_energy(x), 3, e, sizeof e),
                            sig(x->co2e_g, 3, c, sizeof c));
                esc(o, x->file);
                fprintf(o, ":%ld)", x->line);
            }
            fputs("</li>\n", o);
        }
        fputs("</ul>\n", o);
        if (res->multi_method_runs > listed)
            fprintf(o, "<p class=\"note\">and %ld more</p>\n", res->multi_method_runs - listed);
    }
    /* files skipped as not logs are the count line above, not warnings */
    const struct gt_summary_doc *d = &r->sum;
    long skipped = 0;
    for (size_t i = 0; i < d->nwarnings; i++)
        skipped += d->warnings[i].kind == GT_WARN_SKIPPED;
    long total = (long)d->nwarnings + d->warnings_dropped - skipped;
    fprintf(o, "<h3>Warnings (%ld)</h3>\n", total);
    if (!total)
        fputs("<p>None.</p>\n", o);
    size_t shown = 0;
    if (total) {
        fputs("<ul class=\"warnings\">\n", o);
        for (size_t i = 0; i < d->nwarnings && shown < MAX_WARNINGS; i++) {
            const struct gt_warning *w = &d->warnings[i];
            if (w->kind == GT_WARN_SKIPPED)
                continue;
            shown++;
            fputs("<li><code>", o);
            esc(o, w->file ? w->file : "");
            if (w->line > 0)
                fprintf(o, ":%ld", w->line);
            fputs("</code>: ", o);
            if (w->kind == GT_WARN_REJECTED)
                fputs("rejected: ", o);
            esc(o, w->msg);
            fputs("</li>\n", o);
        }
        fputs("</ul>\n", o);
    }
    if (total > (long)shown)
        fprintf(o,
                "<p class=\"note\">and %ld more warnings, not listed (<code>greentally "
                "summary</code> prints them all)</p>\n",
                total - (long)shown);
    fputs("</section>\n", o);
}

int gt_report_write_html(FILE *o, const struct gt_report *r, struct gt_error *err)
{
    gt_html_page_head(o, r->title, r->sum.tool_version);
    header(o, r);
    headline(o, r);
    if (r->estimate)
        estimate_inputs(o, r->estimate);
    if (charts(o, r) < 0)
        return gt_error_set(err, GT_E_NOMEM, "out of memory"), -1;
    if (!r->estimate)
        groups(o, r);
    statement(o, r);
    method(o, r);
    if (r->methods)
        methods(o, r);
    if (!r->estimate)
        accounting(o, r);
    gt_html_page_foot(o, r->title, r->sum.tool_version);
    if (ferror(o))
        return gt_error_set(err, GT_E_IO, "write error"), -1;
    return 0;
}
