/* tradeoff_xlsx.c - `greentally tradeoff -o FILE.xlsx`: sheet Tradeoff (the
 * runs, their indices and ratings, and a native scatter chart of energy
 * against each metric: one series per compound rating, coloured A-E and
 * labelled, and the front of energy and the metric as a line), Method, and
 * the charts' points on "Chart data". */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "gt_lxw.h"

#include "gt_format.h"
#include "gt_out.h"
#include "gt_summary_out.h"
#include "gt_tradeoff_out.h"

#define STR_MAX 32767 /* Excel's limit on a cell's text */

struct tx {
    lxw_workbook *wb;
    struct gt_error *err;
    int failed;
    char *tmp;
    lxw_format *bold, *head, *num3, *num6, *wrap;
};

static void fail(struct tx *x, lxw_error e, const char *what)
{
    if (x->failed)
        return;
    x->failed = 1;
    gt_error_set(x->err, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? GT_E_NOMEM : GT_E_IO, "%s: %s", what,
                 gt_lxw.lxw_strerror(e));
}

/* Text from logs as valid UTF-8 within Excel's limit (a copy owned by x,
 * valid until the next call); written as a string cell, never a formula. */
static const char *text(struct tx *x, const char *s)
{
    free(x->tmp);
    x->tmp = gt_out_utf8_cut(s, STR_MAX);
    return x->tmp;
}

static void str(struct tx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, const char *s,
                lxw_format *f)
{
    if (x->failed || !s || !*s)
        return;
    const char *t = text(x, s);
    lxw_error e =
        t ? gt_lxw.worksheet_write_string(ws, r, c, t, f) : LXW_ERROR_MEMORY_MALLOC_FAILED;
    if (e)
        fail(x, e, "writing a cell");
}

static void num(struct tx *x, lxw_worksheet *ws, lxw_row_t r, lxw_col_t c, double v, lxw_format *f)
{
    if (x->failed || !isfinite(v))
        return;
    lxw_error e = gt_lxw.worksheet_write_number(ws, r, c, v, f);
    if (e)
        fail(x, e, "writing a cell");
}

static const lxw_color_t rating_rgb[5] = {0x00A651, 0x8DC63F, 0xE8C800, 0xF7941D, 0xED1C24};

#define TABLE_ROW 4 /* header row of the table on Tradeoff */

/* The Tradeoff table; returns the row after it. Columns: A run, B metric
 * rows, C log runs, D energy kWh, E CO2e g, then the metrics, front, the
 * index and rating of each axis, compound and its rating. */
static lxw_row_t write_table(struct tx *x, lxw_worksheet *ws, const struct gt_tradeoff_doc *d)
{
    str(x, ws, 0, 0, d->title, x->bold);
    str(x, ws, 1, 0, d->statement, NULL);
    char b[600];
    snprintf(b, sizeof b, "%zu runs compared: %s joined by %s to %zu of %zu log runs", d->nitems,
             d->metrics_read, d->join, (size_t)d->logs.res->nruns - d->nunjoined,
             (size_t)d->logs.res->nruns);
    str(x, ws, 2, 0, b, NULL);
    lxw_col_t c = 0;
    static const char *const fixed[] = {"run",    "metric rows", "log runs",   "energy kWh",
                                        "CO2e g", "CO2e low g",  "CO2e high g"};
    for (size_t k = 0; k < sizeof fixed / sizeof fixed[0]; k++)
        str(x, ws, TABLE_ROW, c++, fixed[k], x->head);
    for (size_t a = 0; a < d->naxes; a++)
        if (d->axes[a].kind == GT_AXIS_METRIC)
            str(x, ws, TABLE_ROW, c++, d->axes[a].name, x->head);
    str(x, ws, TABLE_ROW, c++, "front", x->head);
    for (size_t a = 0; a <= d->naxes; a++) {
        snprintf(b, sizeof b, "%s index", a < d->naxes ? d->axes[a].name : "compound");
        str(x, ws, TABLE_ROW, c++, b, x->head);
        snprintf(b, sizeof b, "%s rating", a < d->naxes ? d->axes[a].name : "compound");
        str(x, ws, TABLE_ROW, c++, b, x->head);
    }
    for (size_t i = 0; i < d->nitems; i++) {
        const struct gt_item *it = &d->items[i];
        lxw_row_t r = (lxw_row_t)(TABLE_ROW + 1 + i);
        c = 0;
        str(x, ws, r, c++, it->label, NULL);
        num(x, ws, r, c++, (double)it->nrows, NULL);
        num(x, ws, r, c++, (double)it->nruns, NULL);
        num(x, ws, r, c++, it->energy_kwh, x->num6);
        num(x, ws, r, c++, it->co2e_g, x->num3);
        num(x, ws, r, c++, it->co2e_g_lo, x->num3);
        num(x, ws, r, c++, it->co2e_g_hi, x->num3);
        for (size_t a = 0; a < d->naxes; a++)
            if (d->axes[a].kind == GT_AXIS_METRIC)
                num(x, ws, r, c++, it->val[a], NULL);
        if (!x->failed && gt_lxw.worksheet_write_boolean(ws, r, c, it->pareto, NULL))
            fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "writing a cell");
        c++;
        for (size_t a = 0; a <= d->naxes; a++) {
            char rs[2] = {a < d->naxes ? it->rating[a] : it->compound_rating, 0};
            num(x, ws, r, c++, a < d->naxes ? it->index[a] : it->compound, x->num3);
            if (rs[0] != '-')
                str(x, ws, r, c, rs, NULL);
            c++;
        }
    }
    gt_lxw.worksheet_set_column(ws, 0, 0, 28, NULL);
    gt_lxw.worksheet_set_column(ws, 1, c, 12, NULL);
    return (lxw_row_t)(TABLE_ROW + 2 + d->nitems);
}

struct pt {
    double e, v;
    size_t i;
    char r;
};

static int cmp_rating(const void *a, const void *b)
{
    const struct pt *x = a, *y = b;
    if (x->r != y->r)
        return x->r < y->r ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

static int cmp_energy(const void *a, const void *b)
{
    const struct pt *x = a, *y = b;
    if (x->e != y->e)
        return x->e < y->e ? -1 : 1;
    return (x->v > y->v) - (x->v < y->v);
}

/* One chart: its points on `data` from column col (energy, value, by
 * rating; then the front, by energy), the chart on ws at row. */
static void chart(struct tx *x, lxw_worksheet *ws, lxw_worksheet *data, lxw_row_t row,
                  lxw_col_t col, const struct gt_tradeoff_doc *d, size_t a)
{
    const struct gt_axis *ax = &d->axes[a];
    struct pt *p = malloc((d->nitems ? d->nitems : 1) * sizeof *p);
    lxw_chart_data_label *lab = calloc(d->nitems + 1, sizeof *lab);
    lxw_chart_data_label **labp = calloc(d->nitems + 6, sizeof *labp);
    char(*labtxt)[200] = calloc(d->nitems + 1, sizeof *labtxt);
    if (!p || !lab || !labp || !labtxt) {
        free(p);
        free(lab);
        free(labp);
        free(labtxt);
        fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "chart");
        return;
    }
    size_t n = 0;
    for (size_t i = 0; i < d->nitems; i++)
        if (!isnan(d->items[i].energy_kwh) && !isnan(d->items[i].val[a]))
            p[n++] = (struct pt){d->items[i].energy_kwh, d->items[i].val[a], i,
                                 d->items[i].compound_rating};
    char b[200];
    snprintf(b, sizeof b, "energy kWh (%s)", ax->name);
    str(x, data, 0, col, b, x->head);
    str(x, data, 0, col + 1, ax->name, x->head);
    str(x, data, 0, col + 2, "run (compound rating)", x->head);
    qsort(p, n, sizeof *p, cmp_rating);
    for (size_t k = 0; k < n; k++) {
        num(x, data, (lxw_row_t)(1 + k), col, p[k].e, NULL);
        num(x, data, (lxw_row_t)(1 + k), col + 1, p[k].v, NULL);
        snprintf(labtxt[k], sizeof labtxt[k], "%s (%c)", d->items[p[k].i].label, p[k].r);
        str(x, data, (lxw_row_t)(1 + k), col + 2, labtxt[k], NULL);
    }
    lxw_chart *ch = x->failed ? NULL : gt_lxw.workbook_add_chart(x->wb, LXW_CHART_SCATTER_STRAIGHT);
    if (!ch) {
        fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "chart");
        goto out;
    }
    snprintf(b, sizeof b, "Energy against %s (%s is better)", ax->name,
             ax->dir == GT_DIR_MAX ? "higher" : "lower");
    gt_lxw.chart_title_set_name(ch, b);
    gt_lxw.chart_axis_set_name(ch->x_axis, "energy (kWh)");
    gt_lxw.chart_axis_set_name(ch->y_axis, ax->name);
    gt_lxw.chart_legend_set_position(ch, LXW_CHART_LEGEND_BOTTOM);
    double vlo = INFINITY, vhi = -INFINITY, step, a0, a1;
    for (size_t k = 0; k < n; k++) {
        vlo = p[k].v < vlo ? p[k].v : vlo;
        vhi = p[k].v > vhi ? p[k].v : vhi;
    }
    if (n) {
        double pad = (vhi - vlo) * 0.08;
        gt_tradeoff_ticks(vlo - pad, vhi + pad, 6, &step, &a0, &a1);
        gt_lxw.chart_axis_set_min(ch->y_axis, a0);
        gt_lxw.chart_axis_set_max(ch->y_axis, a1);
        gt_lxw.chart_axis_set_major_unit(ch->y_axis, step);
        gt_lxw.chart_axis_set_min(ch->x_axis, 0);
    }
    /* one series per compound rating */
    for (size_t k = 0; k < n;) {
        size_t e = k;
        while (e < n && p[e].r == p[k].r)
            e++;
        lxw_chart_series *s = gt_lxw.chart_add_series(ch, NULL, NULL);
        if (!s) {
            fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "chart series");
            goto out;
        }
        char nm[32];
        if (p[k].r == '-')
            snprintf(nm, sizeof nm, "not rated");
        else
            snprintf(nm, sizeof nm, "compound %c", p[k].r);
        gt_lxw.chart_series_set_name(s, nm);
        gt_lxw.chart_series_set_categories(s, "Chart data", (lxw_row_t)(1 + k), col, (lxw_row_t)e,
                                           col);
        gt_lxw.chart_series_set_values(s, "Chart data", (lxw_row_t)(1 + k), col + 1, (lxw_row_t)e,
                                       col + 1);
        lxw_chart_line none = {.none = LXW_TRUE};
        gt_lxw.chart_series_set_line(s, &none);
        gt_lxw.chart_series_set_marker_type(s, LXW_CHART_MARKER_CIRCLE);
        gt_lxw.chart_series_set_marker_size(s, 8);
        lxw_chart_fill fill = {.color = p[k].r >= 'A' && p[k].r <= 'E' ? rating_rgb[p[k].r - 'A']
                                                                       : 0x999999};
        lxw_chart_line edge = {.color = 0x1F3A5F, .width = 0.75};
        gt_lxw.chart_series_set_marker_fill(s, &fill);
        gt_lxw.chart_series_set_marker_line(s, &edge);
        for (size_t j = k; j < e; j++) {
            lab[j].value = labtxt[j];
            labp[j - k] = &lab[j];
        }
        labp[e - k] = NULL;
        lxw_error er = gt_lxw.chart_series_set_labels_custom(s, labp);
        if (er)
            fail(x, er, "chart labels");
        gt_lxw.chart_series_set_labels_position(s, LXW_CHART_LABEL_POSITION_RIGHT);
        k = e;
    }
    /* the front of energy and this metric, by energy */
    qsort(p, n, sizeof *p, cmp_energy);
    str(x, data, 0, col + 3, "front: energy kWh", x->head);
    str(x, data, 0, col + 4, ax->name, x->head);
    size_t nf = 0;
    double best = NAN;
    for (size_t k = 0; k < n; k++)
        if (isnan(best) || (ax->dir == GT_DIR_MAX ? p[k].v > best : p[k].v < best)) {
            if (!isnan(best)) { /* the corner of the staircase */
                num(x, data, (lxw_row_t)(1 + nf), col + 3, p[k].e, NULL);
                num(x, data, (lxw_row_t)(1 + nf), col + 4, best, NULL);
                nf++;
            }
            best = p[k].v;
            num(x, data, (lxw_row_t)(1 + nf), col + 3, p[k].e, NULL);
            num(x, data, (lxw_row_t)(1 + nf), col + 4, p[k].v, NULL);
            nf++;
        }
    lxw_chart_series *s = gt_lxw.chart_add_series(ch, NULL, NULL);
    if (!s) {
        fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "chart series");
        goto out;
    }
    gt_lxw.chart_series_set_name(s, "front (energy and this metric)");
    gt_lxw.chart_series_set_categories(s, "Chart data", 1, col + 3, (lxw_row_t)nf, col + 3);
    gt_lxw.chart_series_set_values(s, "Chart data", 1, col + 4, (lxw_row_t)nf, col + 4);
    lxw_chart_line fl = {.color = 0x1F3A5F, .width = 1.5};
    gt_lxw.chart_series_set_line(s, &fl);
    gt_lxw.chart_series_set_marker_type(s, LXW_CHART_MARKER_NONE);
    lxw_chart_options o = {.x_scale = 1.6, .y_scale = 1.4};
    lxw_error er = gt_lxw.worksheet_insert_chart_opt(ws, row, 0, ch, &o);
    if (er)
        fail(x, er, "inserting a chart");
out:
    free(p);
    free(lab);
    free(labp);
    free(labtxt);
}

static void write_method(struct tx *x, lxw_worksheet *ws, const struct gt_tradeoff_doc *d)
{
    char b[1600];
    lxw_row_t r = 0;
    str(x, ws, r++, 0, "Method", x->bold);
    const char *t = x->failed ? NULL : text(x, gt_tradeoff_method(d, b, sizeof b));
    if (!x->failed && (!t || gt_lxw.worksheet_merge_range(ws, r, 0, r, 8, t, x->wrap)))
        fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "writing a cell");
    gt_lxw.worksheet_set_row(ws, r++, 84, NULL);
    r++;
    str(x, ws, r, 0, "axis", x->head);
    str(x, ws, r, 1, "better", x->head);
    str(x, ws, r, 2, "weight", x->head);
    str(x, ws, r, 3, "reference", x->head);
    for (int k = 0; k < GT_RATINGS - 1; k++) {
        snprintf(b, sizeof b, "%c from", 'A' + k);
        str(x, ws, r, (lxw_col_t)(4 + k), b, x->head);
    }
    r++;
    for (size_t a = 0; a <= d->naxes; a++, r++) {
        str(x, ws, r, 0, a < d->naxes ? d->axes[a].name : "compound", NULL);
        if (a < d->naxes) {
            str(x, ws, r, 1, d->axes[a].dir == GT_DIR_MAX ? "higher" : "lower", NULL);
            num(x, ws, r, 2, d->axes[a].weight, NULL);
            num(x, ws, r, 3, d->ax[a].ref, NULL);
        }
        for (int k = 0; k < GT_RATINGS - 1; k++)
            num(x, ws, r, (lxw_col_t)(4 + k), d->ax[a].b[k], NULL);
    }
    r++;
    char acc[256];
    snprintf(b, sizeof b, "logs: %s", gt_summary_accounting(&d->logs.res->acc, acc, sizeof acc));
    str(x, ws, r++, 0, b, NULL);
    if (d->nunjoined) {
        r++;
        str(x, ws, r++, 0, "log runs not joined", x->bold);
        for (size_t i = 0; i < d->nunjoined; i++, r++) {
            str(x, ws, r, 0, d->unjoined[i].label, NULL);
            str(x, ws, r, 1, d->unjoined[i].file, NULL);
            num(x, ws, r, 2, (double)d->unjoined[i].line, NULL);
            num(x, ws, r, 3, d->unjoined[i].energy_kwh, x->num6);
            str(x, ws, r, 4, d->unjoined[i].why, NULL);
        }
    }
    if (d->nunused) {
        r++;
        str(x, ws, r++, 0, "metric runs without energy", x->bold);
        for (size_t i = 0; i < d->nunused; i++, r++) {
            str(x, ws, r, 0, d->unused[i].label, NULL);
            str(x, ws, r, 1, d->unused[i].file, NULL);
            if (d->unused[i].line > 0)
                num(x, ws, r, 2, (double)d->unused[i].line, NULL);
            str(x, ws, r, 4, d->unused[i].why, NULL);
        }
    }
    gt_lxw.worksheet_set_column(ws, 0, 0, 36, NULL);
    gt_lxw.worksheet_set_column(ws, 1, 8, 14, NULL);
    gt_lxw.worksheet_set_landscape(ws);
    gt_lxw.worksheet_fit_to_pages(ws, 1, 0);
}

int gt_tradeoff_write_xlsx(const char *path, const struct gt_tradeoff_doc *d, struct gt_error *err)
{
    struct tx x = {.err = err};
    if (gt_lxw_load(err) != GT_OK)
        return -1;
    x.wb = gt_lxw.workbook_new(path);
    if (!x.wb)
        return gt_error_set(err, GT_E_IO, "cannot create the XLSX file"), -1;
    char comments[96];
    snprintf(comments, sizeof comments, "written by greentally %s", d->logs.tool_version);
    lxw_doc_properties props = {0};
    props.title = (char *)d->title;
    props.comments = comments;
    props.created = d->generated > 0 ? (time_t)d->generated : 1; /* 0 would be "now" */
    if (gt_lxw.workbook_set_properties(x.wb, &props))
        fail(&x, LXW_ERROR_MEMORY_MALLOC_FAILED, "document properties");
    x.bold = gt_lxw.workbook_add_format(x.wb);
    x.head = gt_lxw.workbook_add_format(x.wb);
    x.num3 = gt_lxw.workbook_add_format(x.wb);
    x.num6 = gt_lxw.workbook_add_format(x.wb);
    x.wrap = gt_lxw.workbook_add_format(x.wb);
    lxw_worksheet *ws = gt_lxw.workbook_add_worksheet(x.wb, "Tradeoff");
    lxw_worksheet *method = gt_lxw.workbook_add_worksheet(x.wb, "Method");
    lxw_worksheet *data = gt_lxw.workbook_add_worksheet(x.wb, "Chart data");
    if (!x.bold || !x.head || !x.num3 || !x.num6 || !x.wrap || !ws || !method || !data)
        fail(&x, LXW_ERROR_MEMORY_MALLOC_FAILED, "workbook");
    if (!x.failed) {
        gt_lxw.format_set_bold(x.bold);
        gt_lxw.format_set_bold(x.head);
        gt_lxw.format_set_bg_color(x.head, 0xE8EDF3);
        gt_lxw.format_set_num_format(x.num3, "0.000");
        gt_lxw.format_set_num_format(x.num6, "0.000000");
        gt_lxw.format_set_text_wrap(x.wrap);
        gt_lxw.format_set_align(x.wrap, LXW_ALIGN_VERTICAL_TOP);
        gt_lxw.worksheet_set_landscape(ws);
        gt_lxw.worksheet_fit_to_pages(ws, 1, 0);
        lxw_row_t row = write_table(&x, ws, d);
        lxw_col_t col = 0;
        for (size_t a = 0; a < d->naxes && !x.failed; a++) {
            if (d->axes[a].kind == GT_AXIS_ENERGY)
                continue;
            chart(&x, ws, data, row, col, d, a);
            row += 22;
            col += 6;
        }
        write_method(&x, method, d);
    }
    lxw_error e = gt_lxw.workbook_close(x.wb);
    free(x.tmp);
    if (!x.failed && e) {
        x.failed = 1;
        gt_error_set(err, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? GT_E_NOMEM : GT_E_IO, "%s",
                     gt_lxw.lxw_strerror(e));
    }
    return x.failed ? -1 : 0;
}
