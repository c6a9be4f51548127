/* report_xlsx.c - the XLSX report (libxlsxwriter): sheets Summary (with the
 * charts), Runs, one per --by key, Groups, Method and Chart data.
 *
 * Every sheet is written row by row, top to bottom, so the same code works in
 * libxlsxwriter's constant_memory mode, which large reports use (only the
 * current row of each sheet is kept in memory; strings are written inline
 * instead of in sharedStrings.xml). The zip entries carry libxlsxwriter's
 * fixed date (1980-01-01) and docProps/core.xml the report's "generated"
 * time, so with SOURCE_DATE_EPOCH the file is byte-for-byte reproducible. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gt_duration.h"
#include "gt_format.h"
#include "gt_lxw.h"
#include "gt_palette.h"
#include "gt_num.h"
#include "gt_out.h"
#include "gt_report.h"
#include "gt_text.h"
#include "gt_time.h"

/* More runs than this: constant_memory mode. */
#define XLSX_CONSTANT_MEMORY_RUNS 2000
/* Excel's limit on the characters of a cell. */
#define XLSX_STR_MAX 32767
/* Bars of the component chart; beyond, the smallest groups are one "other". */
#define XLSX_MAX_BARS 24

enum fmt {
    F_TITLE,
    F_SECTION,
    F_HEAD,
    F_BOLD,
    F_KWH,
    F_G,
    F_SECONDS,
    F_HOURS,
    F_DATE,
    F_INT,
    F_CI,
    F_PUE,
    F_PCT,
    F_NUM,
    F_WRAP,
    F_TOP, /* top-aligned, beside wrapped cells of the same row */
    F__COUNT
};

struct xw {
    lxw_workbook *wb;
    const struct gt_report *r;
    struct gt_error *err;
    int failed;        /* an error is in err; nothing more is written */
    const char *sheet; /* the sheet being written, for messages */
    lxw_format *f[F__COUNT];
    char *tmp;            /* the last string converted by text() (owned) */
    lxw_row_t charts_row; /* Summary: the row the next chart starts at, below every note */
    int page_rows;        /* Summary: rows of charts on the printed page so far */
    lxw_row_t breaks[8];  /* Summary: page breaks before charts (0-terminated) */
    int nbreaks;
};

/* ---- cells ----------------------------------------------------------------------- */

static void fail(struct xw *x, lxw_error e, const char *what)
{
    if (x->failed)
        return;
    x->failed = 1;
    gt_error_set(x->err, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? GT_E_NOMEM : GT_E_IO, "%s: %s", what,
                 gt_lxw.lxw_strerror(e));
}

static void fail_cell(struct xw *x, lxw_error e, lxw_row_t row, lxw_col_t col)
{
    char cell[16], what[128];
    gt_lxw.lxw_rowcol_to_cell(cell, row, col);
    snprintf(what, sizeof what, "sheet '%s', cell %s", x->sheet, cell);
    fail(x, e, what);
}

/* s as valid UTF-8 (bytes that are not UTF-8 read as Latin-1) without code
 * points XML cannot hold (controls and U+FFFE/U+FFFF escaped as text:
 * gt_text_escape), of at most XLSX_STR_MAX bytes (Excel's limit; each cut is
 * counted in r->truncated): s itself, or a copy owned by x (valid until the
 * next call). NULL when out of memory. */
static const char *text(struct xw *x, const char *s)
{
    size_t n = strlen(s);
    if (n <= XLSX_STR_MAX && gt_text_is_safe(s, GT_ESC_LATIN1 | GT_ESC_KEEP_WS))
        return s;
    free(x->tmp);
    x->tmp = gt_text_escape(s, GT_ESC_LATIN1 | GT_ESC_KEEP_WS);
    if (!x->tmp)
        return NULL;
    n = strlen(x->tmp);
    if (n > XLSX_STR_MAX) {
        n = XLSX_STR_MAX;
        while (n && ((unsigned char)x->tmp[n] & 0xC0) == 0x80)
            n--;
        x->tmp[n] = '\0';
        if (x->r->truncated)
            (*x->r->truncated)++;
    }
    return x->tmp;
}

/* A string cell; nothing for NULL or "". */
static void put_str(struct xw *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, const char *s,
                    enum fmt f)
{
    if (x->failed || !s || !*s)
        return;
    const char *t = text(x, s);
    lxw_error e = t ? gt_lxw.worksheet_write_string(ws, row, col, t, f == F__COUNT ? NULL : x->f[f])
                    : LXW_ERROR_MEMORY_MALLOC_FAILED;
    if (e)
        fail_cell(x, e, row, col);
}

/* A number cell; nothing for NAN or infinities (unknown is not zero). */
static void put_num(struct xw *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double v,
                    enum fmt f)
{
    if (x->failed || !isfinite(v))
        return;
    lxw_error e = gt_lxw.worksheet_write_number(ws, row, col, v, f == F__COUNT ? NULL : x->f[f]);
    if (e)
        fail_cell(x, e, row, col);
}

/* A date-time cell from seconds since 1970 (Excel's serial day number). */
static void put_time(struct xw *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, double t)
{
    if (!isnan(t))
        put_num(x, ws, row, col, t / 86400.0 + 25569.0, F_DATE);
}

static void put_bool(struct xw *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t col, int v)
{
    if (x->failed)
        return;
    lxw_error e = gt_lxw.worksheet_write_boolean(ws, row, col, v, NULL);
    if (e)
        fail_cell(x, e, row, col);
}

/* A label in column A and a text value in column B. */
static void put_pair(struct xw *x, lxw_worksheet *ws, lxw_row_t row, const char *label,
                     const char *value)
{
    put_str(x, ws, row, 0, label, F__COUNT);
    put_str(x, ws, row, 1, value, F__COUNT);
}

struct col {
    const char *title;
    double width;
};

/* The header row (row 0) of a table sheet: titles, widths, frozen. */
static void header_row(struct xw *x, lxw_worksheet *ws, const struct col *c, size_t n)
{
    lxw_error e = x->failed ? LXW_NO_ERROR : gt_lxw.worksheet_set_row(ws, 0, 30, NULL);
    if (e)
        fail_cell(x, e, 0, 0);
    for (size_t i = 0; i < n && !x->failed; i++) {
        e = gt_lxw.worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, c[i].width, NULL);
        if (e)
            fail_cell(x, e, 0, (lxw_col_t)i);
        put_str(x, ws, 0, (lxw_col_t)i, c[i].title, F_HEAD);
    }
    gt_lxw.worksheet_freeze_panes(ws, 1, 0);
}

/* Before the rows are written: in constant_memory mode a range above the
 * current row is refused. */
static void autofilter(struct xw *x, lxw_worksheet *ws, lxw_row_t last_row, lxw_col_t last_col)
{
    if (x->failed)
        return;
    lxw_error e = gt_lxw.worksheet_autofilter(ws, 0, 0, last_row, last_col);
    if (e)
        fail_cell(x, e, last_row, last_col);
}

static void set_width(struct xw *x, lxw_worksheet *ws, lxw_col_t first, lxw_col_t last,
                      double width)
{
    if (x->failed)
        return;
    lxw_error e = gt_lxw.worksheet_set_column(ws, first, last, width, NULL);
    if (e)
        fail_cell(x, e, 0, first);
}

/* Sets the height of a row whose wrapped cells hold a (in a column width_a
 * characters wide) and b (width_b): rows are not fitted to wrapped text
 * when the file is opened, so estimate the lines. */
static void wrap_row(struct xw *x, lxw_worksheet *ws, lxw_row_t row, const char *a, double width_a,
                     const char *b, double width_b)
{
    size_t la = a ? (size_t)((double)strlen(a) / width_a) + 1 : 1;
    size_t lb = b ? (size_t)((double)strlen(b) / width_b) + 1 : 1;
    size_t n = la > lb ? la : lb;
    if (x->failed || n < 2)
        return;
    lxw_error e = gt_lxw.worksheet_set_row(ws, row, 15.0 * (double)(n > 27 ? 27 : n), NULL);
    if (e)
        fail_cell(x, e, row, 0);
}

/* ---- formats and figures ------------------------------------------------------------ */

static int make_formats(struct xw *x)
{
    static const char *const num[F__COUNT] = {[F_KWH] = "0.000000",
                                              [F_G] = "#,##0.000",
                                              [F_SECONDS] = "#,##0.0",
                                              [F_HOURS] = "#,##0.00",
                                              [F_DATE] = "yyyy-mm-dd hh:mm:ss",
                                              [F_INT] = "#,##0",
                                              [F_CI] = "0.0",
                                              [F_PUE] = "0.00",
                                              [F_PCT] = "0.0%",
                                              [F_NUM] = "#,##0.00"};
    for (int i = 0; i < F__COUNT; i++) {
        x->f[i] = gt_lxw.workbook_add_format(x->wb);
        if (!x->f[i])
            return gt_error_set(x->err, GT_E_NOMEM, "out of memory"), -1;
        if (num[i]) { /* numbers sit at the top of a row grown by wrapped text */
            gt_lxw.format_set_num_format(x->f[i], num[i]);
            gt_lxw.format_set_align(x->f[i], LXW_ALIGN_VERTICAL_TOP);
        }
    }
    gt_lxw.format_set_bold(x->f[F_TITLE]);
    gt_lxw.format_set_font_size(x->f[F_TITLE], 16);
    gt_lxw.format_set_bold(x->f[F_SECTION]);
    gt_lxw.format_set_font_size(x->f[F_SECTION], 12);
    gt_lxw.format_set_bold(x->f[F_HEAD]);
    gt_lxw.format_set_bg_color(x->f[F_HEAD], GT_PAL_TOTAL);
    gt_lxw.format_set_bottom(x->f[F_HEAD], LXW_BORDER_THIN);
    gt_lxw.format_set_text_wrap(x->f[F_HEAD]);
    gt_lxw.format_set_align(x->f[F_HEAD], LXW_ALIGN_VERTICAL_TOP);
    gt_lxw.format_set_bold(x->f[F_BOLD]);
    gt_lxw.format_set_text_wrap(x->f[F_WRAP]);
    gt_lxw.format_set_align(x->f[F_WRAP], LXW_ALIGN_VERTICAL_TOP);
    gt_lxw.format_set_align(x->f[F_TOP], LXW_ALIGN_VERTICAL_TOP);
    return 0;
}

/* A total of t, or NAN when no run knew it. */
static double known(double sum, long missing, long runs)
{
    return runs && missing == runs ? NAN : sum;
}

/* The carbon intensity and PUE the figures rest on: a value (NAN when each
 * tool's own was used) and where it comes from. */
struct used {
    double ci, pue;
    const char *ci_source, *pue_source;
    double ci_mean; /* CO2e / energy over all runs, when every run knew both */
};

static void used_factors(const struct gt_report *r, struct used *u)
{
    const struct gt_agg_result *res = r->sum.res;
    const struct gt_totals *t = &res->totals;
    u->ci = u->pue = u->ci_mean = NAN;
    u->ci_source = gt_report_ci_as_logged;
    u->pue_source = gt_report_pue_as_logged;
    if (r->estimate) {
        u->ci = r->estimate->in.ci_g_per_kwh;
        u->ci_source = r->estimate->ci.what;
        u->pue = r->estimate->in.pue;
        u->pue_source = r->estimate->pue.what;
    }
    if (res->opts.set_ci) {
        u->ci = res->opts.ci_g_per_kwh;
        u->ci_source = r->sum.ci_label ? r->sum.ci_label : "given with --ci";
    }
    if (res->opts.set_pue) {
        u->pue = res->opts.pue;
        u->pue_source = "given with --pue; replaces the PUE a tool applied";
    }
    if (t->runs && !t->no_energy && !t->no_co2e && t->energy_kwh > 0)
        u->ci_mean = t->co2e_g / t->energy_kwh;
}

/* ---- Summary ------------------------------------------------------------------------ */

static lxw_row_t missing_rows(struct xw *x, lxw_worksheet *ws, lxw_row_t row,
                              const struct gt_totals *t)
{
    struct {
        long n;
        const char *what;
    } m[] = {{t->no_energy, "energy"},  {t->no_co2e, "CO2e"},      {t->no_cpu, "CPU energy"},
             {t->no_gpu, "GPU energy"}, {t->no_ram, "RAM energy"}, {t->no_duration, "duration"}};
    for (size_t i = 0; i < sizeof m / sizeof m[0]; i++) {
        if (!m[i].n)
            continue;
        char b[160];
        snprintf(b, sizeof b, "%ld of %ld runs without %s (not known, not counted as zero)", m[i].n,
                 t->runs, m[i].what);
        put_str(x, ws, row++, 0, b, F__COUNT);
    }
    return row;
}

static lxw_row_t equivalents(struct xw *x, lxw_worksheet *ws, lxw_row_t row)
{
    const struct gt_report *r = x->r;
    const struct gt_equivalents *q = &r->eq;
    put_str(x, ws, row++, 0, "Equivalents of the CO2e", F_SECTION);
    const struct gt_totals *t = &r->sum.res->totals;
    if (!t->runs || t->no_co2e == t->runs) {
        put_str(x, ws, row++, 0, "not known: no run has CO2e", F__COUNT);
        return row;
    }
    char flight[96];
    snprintf(flight, sizeof flight, "flights %s", gt_flight_name(q->flight));
    const struct {
        const char *what;
        double v;
        const char *unit, *source;
    } e[] = {
        {"tree-months", q->tree_months, "months",
         "months a mature tree needs to absorb it (Green Algorithms)"},
        {"car (EU average)", q->ga_car_km, "km", "Green Algorithms, passenger car EU"},
        {flight, q->flight_count, "flights", "Green Algorithms, economy passenger"},
        {"new car (2024)", q->ct_car_km, "km", "carbontracker"},
        {"US household", q->cc_household_pct, "% of a week", "CodeCarbon"},
        {"car (US)", q->cc_miles, "miles", "CodeCarbon"},
        {"32-inch LCD TV", q->cc_tv_minutes, "minutes", "CodeCarbon"},
    };
    for (size_t i = 0; i < sizeof e / sizeof e[0]; i++, row++) {
        put_str(x, ws, row, 0, e[i].what, F__COUNT);
        put_num(x, ws, row, 1, e[i].v, F_NUM);
        put_str(x, ws, row, 2, e[i].unit, F__COUNT);
        put_str(x, ws, row, 3, e[i].source, F__COUNT);
    }
    return row;
}

/* Appends "; between X and Y" (the low-high range) to buf, which holds
 * the figure formatted (size bytes). */
static char *with_range(char *buf, double lo, double hi, int mass, size_t size)
{
    if (isnan(lo) || isnan(hi))
        return buf;
    char a[48], b[48];
    size_t n = strlen(buf);
    snprintf(buf + n, size - n, "; between %s and %s",
             mass ? gt_format_mass(lo, a, sizeof a) : gt_format_energy(lo, a, sizeof a),
             mass ? gt_format_mass(hi, b, sizeof b) : gt_format_energy(hi, b, sizeof b));
    return buf;
}

static void write_summary(struct xw *x, lxw_worksheet *ws)
{
    const struct gt_report *r = x->r;
    const struct gt_agg_result *res = r->sum.res;
    const struct gt_totals *t = &res->totals;
    x->sheet = "Summary";
    set_width(x, ws, 0, 0, 30);
    set_width(x, ws, 1, 1, 18);
    set_width(x, ws, 2, 2, 12);
    set_width(x, ws, 3, 3, 48);
    char b[256], tb[40];
    lxw_row_t row = 0;
    put_str(x, ws, row++, 0, r->title, F_TITLE);
    put_pair(x, ws, row++, "generated", gt_time_fmt((double)r->generated, 1, tb, sizeof tb));
    snprintf(b, sizeof b, "greentally %s, hardware data %s",
             r->sum.tool_version ? r->sum.tool_version : "", r->hwdb_version);
    put_pair(x, ws, row++, "by", b);
    for (size_t i = 0; i < r->ninputs; i++)
        put_pair(x, ws, row++, i ? "" : "inputs", r->inputs[i]);
    if (res->opts.nby) {
        size_t n = 0;
        b[0] = '\0';
        for (size_t k = 0; k < res->opts.nby; k++)
            n += (size_t)snprintf(b + n, n < sizeof b ? sizeof b - n : 0, "%s%s", k ? ", " : "",
                                  gt_key_name(res->opts.by[k]));
        put_pair(x, ws, row++, "grouped by", b);
    }
    row++;

    put_str(x, ws, row++, 0, "Headline figures", F_SECTION);
    static const struct col head[] = {{"figure", 0}, {"value", 0}, {"unit", 0}, {"note", 0}};
    for (lxw_col_t c = 0; c < 4; c++)
        put_str(x, ws, row, c, head[c].title, F_HEAD);
    row++;
    int e_known = t->no_energy < t->runs || !t->runs, c_known = t->no_co2e < t->runs || !t->runs;
    double dur = known(t->duration_s, t->no_duration, t->runs);
    char nb[3][160];
    const struct {
        const char *what;
        double v;
        enum fmt f;
        const char *unit, *note;
    } fig[] = {
        {"energy", known(t->energy_kwh, t->no_energy, t->runs), F_KWH, "kWh",
         e_known ? with_range(gt_format_energy(t->energy_kwh, nb[0], sizeof nb[0]),
                              t->energy_kwh_lo, t->energy_kwh_hi, 0, sizeof nb[0])
                 : NULL},
        {"CO2e", known(t->co2e_g, t->no_co2e, t->runs), F_G, "g",
         c_known ? with_range(gt_format_mass(t->co2e_g, nb[1], sizeof nb[1]), t->co2e_g_lo,
                              t->co2e_g_hi, 1, sizeof nb[1])
                 : NULL},
        {"runs", (double)t->runs, F_INT, NULL, NULL},
        {"total duration", dur / 3600, F_HOURS, "h",
         isnan(dur) ? NULL : gt_duration_fmt(dur, nb[2], sizeof nb[2])},
    };
    for (size_t i = 0; i < sizeof fig / sizeof fig[0]; i++, row++) {
        put_str(x, ws, row, 0, fig[i].what, F__COUNT);
        put_num(x, ws, row, 1, fig[i].v, fig[i].f);
        put_str(x, ws, row, 2, fig[i].unit, F__COUNT);
        put_str(x, ws, row, 3, fig[i].note, F__COUNT);
    }
    struct used u;
    used_factors(r, &u);
    /* the long notes wrap in column D (48 wide), within the printed
     * width; the row's other cells sit at its top */
    put_str(x, ws, row, 0, "carbon intensity", F_TOP);
    if (!isnan(u.ci))
        put_num(x, ws, row, 1, u.ci, F_CI);
    else if (!isnan(u.ci_mean))
        put_num(x, ws, row, 1, u.ci_mean, F_CI);
    put_str(x, ws, row, 2, "gCO2e/kWh", F_TOP);
    if (isnan(u.ci) && !isnan(u.ci_mean))
        snprintf(b, sizeof b, "mean (CO2e / energy); each run: %s", u.ci_source);
    else
        snprintf(b, sizeof b, "%s", u.ci_source);
    wrap_row(x, ws, row, NULL, 1, b, 44);
    put_str(x, ws, row, 3, b, F_WRAP);
    row++;
    put_str(x, ws, row, 0, "PUE", F_TOP);
    if (isfinite(u.pue))
        put_num(x, ws, row, 1, u.pue, F_PUE);
    else /* each tool's own: say so rather than leave the value cell empty */
        put_str(x, ws, row, 1, "as logged", F_TOP);
    wrap_row(x, ws, row, NULL, 1, u.pue_source, 44);
    put_str(x, ws, row, 3, u.pue_source, F_WRAP);
    row++;
    row = missing_rows(x, ws, row, t);
    row++;
    row = equivalents(x, ws, row);
    row++;

    put_str(x, ws, row++, 0, "Statement", F_SECTION);
    if (r->statement && !x->failed) {
        /* merged A:D, wrapped; rows are not fitted to merged cells, so size it */
        size_t len = strlen(r->statement), lines = 1;
        for (const char *p = r->statement; *p; p++)
            lines += *p == '\n';
        lines += len / 100;
        lxw_error e = gt_lxw.worksheet_set_row(ws, row, 15.0 * (double)lines, NULL);
        const char *s = text(x, r->statement);
        if (!e)
            e = s ? gt_lxw.worksheet_merge_range(ws, row, 0, row, 3, s, x->f[F_WRAP])
                  : LXW_ERROR_MEMORY_MALLOC_FAILED;
        if (e)
            fail_cell(x, e, row, 0);
        row++;
    }
    /* the charts go below everything above, so they cover no note however
     * tall its rows grew (write_charts) */
    row++;
    x->charts_row = row;
    x->page_rows = -1; /* the first chart starts a page */
    x->nbreaks = 0;
}

/* ---- Runs --------------------------------------------------------------------------- */

/* The columns of Runs; a column no run has a value for is left out. */
enum run_col {
    RC_START,
    RC_END,
    RC_TZ,
    RC_TOOL,
    RC_VERSION,
    RC_PROJECT,
    RC_EXPERIMENT,
    RC_RUN,
    RC_USER,
    RC_HOST,
    RC_KIND,
    RC_DURATION,
    RC_ENERGY,
    RC_CPU,
    RC_GPU,
    RC_RAM,
    RC_CO2E,
    RC_ENERGY_LO,
    RC_ENERGY_HI,
    RC_CO2E_LO,
    RC_CO2E_HI,
    RC_CI,
    RC_PUE,
    RC_COUNTRY,
    RC_REGION,
    RC_CLOUD,
    RC_CLOUD_REGION,
    RC_CPU_MODEL,
    RC_CPUS,
    RC_GPU_MODEL,
    RC_GPUS,
    RC_RAM_GB,
    RC_FORMAT,
    RC_FILE,
    RC_LINE,
    RC_ROWS,
    RC_RECOMPUTED,
    RC_NOTE,
    RC__COUNT
};

static const struct {
    struct col c;
    enum fmt f;
} run_cols[RC__COUNT] = {
    [RC_START] = {{"start", 20}, F_DATE},
    [RC_END] = {{"end", 20}, F_DATE},
    [RC_TZ] = {{"time zone", 10}, F__COUNT},
    [RC_TOOL] = {{"tool", 14}, F__COUNT},
    [RC_VERSION] = {{"tool version", 10}, F__COUNT},
    [RC_PROJECT] = {{"project", 22}, F__COUNT},
    [RC_EXPERIMENT] = {{"experiment", 14}, F__COUNT},
    [RC_RUN] = {{"run", 38}, F__COUNT},
    [RC_USER] = {{"user", 10}, F__COUNT},
    [RC_HOST] = {{"host", 12}, F__COUNT},
    [RC_KIND] = {{"kind", 9}, F__COUNT},
    [RC_DURATION] = {{"duration (s)", 12}, F_SECONDS},
    [RC_ENERGY] = {{"energy (kWh)", 13}, F_KWH},
    [RC_CPU] = {{"CPU energy (kWh)", 13}, F_KWH},
    [RC_GPU] = {{"GPU energy (kWh)", 13}, F_KWH},
    [RC_RAM] = {{"RAM energy (kWh)", 13}, F_KWH},
    [RC_CO2E] = {{"CO2e (g)", 12}, F_G},
    [RC_ENERGY_LO] = {{"energy low (kWh)", 13}, F_KWH},
    [RC_ENERGY_HI] = {{"energy high (kWh)", 13}, F_KWH},
    [RC_CO2E_LO] = {{"CO2e low (g)", 12}, F_G},
    [RC_CO2E_HI] = {{"CO2e high (g)", 12}, F_G},
    [RC_CI] = {{"carbon intensity (gCO2e/kWh)", 14}, F_CI},
    [RC_PUE] = {{"PUE", 6}, F_PUE},
    [RC_COUNTRY] = {{"country", 12}, F__COUNT},
    [RC_REGION] = {{"region", 12}, F__COUNT},
    [RC_CLOUD] = {{"cloud provider", 10}, F__COUNT},
    [RC_CLOUD_REGION] = {{"cloud region", 12}, F__COUNT},
    [RC_CPU_MODEL] = {{"CPU model", 28}, F__COUNT},
    [RC_CPUS] = {{"CPUs", 6}, F__COUNT},
    [RC_GPU_MODEL] = {{"GPU model", 28}, F__COUNT},
    [RC_GPUS] = {{"GPUs", 6}, F__COUNT},
    [RC_RAM_GB] = {{"RAM (GB)", 9}, F__COUNT},
    [RC_FORMAT] = {{"format", 18}, F__COUNT},
    [RC_FILE] = {{"source file", 50}, F__COUNT},
    [RC_LINE] = {{"line", 7}, F__COUNT},
    [RC_ROWS] = {{"rows seen", 7}, F__COUNT},
    [RC_RECOMPUTED] = {{"recomputed", 11}, F__COUNT},
    [RC_NOTE] = {{"recompute note", 40}, F__COUNT},
};

/* The value of column k for run u: a string (s) or a number (v, NAN when
 * unknown). */
struct cell {
    const char *s;
    double v;
};

static struct cell run_cell(const struct gt_agg_result *res, const struct gt_run *u,
                            const struct gt_record *c, enum run_col k)
{
    struct cell v = {NULL, NAN};
    switch (k) {
    case RC_START:
        v.v = c->start;
        break;
    case RC_END:
        v.v = c->end;
        break;
    case RC_TZ:
        v.s = c->tz == GT_TZ_UTC ? "UTC" : c->tz == GT_TZ_LOCAL ? "local" : "";
        break;
    case RC_TOOL:
        v.s = gt_tool_name(c->tool);
        break;
    case RC_VERSION:
        v.s = c->tool_version;
        break;
    case RC_PROJECT:
        v.s = c->project;
        break;
    case RC_EXPERIMENT:
        v.s = c->experiment;
        break;
    case RC_RUN:
        v.s = u->key[GT_KEY_RUN];
        break;
    case RC_USER:
        v.s = c->user;
        break;
    case RC_HOST:
        v.s = c->host;
        break;
    case RC_KIND:
        v.s = gt_kind_name(c->kind);
        break;
    case RC_DURATION:
        v.v = c->duration_s;
        break;
    case RC_ENERGY:
        v.v = u->energy_kwh;
        break;
    case RC_CPU:
        v.v = u->cpu_kwh;
        break;
    case RC_GPU:
        v.v = u->gpu_kwh;
        break;
    case RC_RAM:
        v.v = u->ram_kwh;
        break;
    case RC_CO2E:
        v.v = u->co2e_g;
        break;
    case RC_ENERGY_LO:
        v.v = u->energy_kwh_lo;
        break;
    case RC_ENERGY_HI:
        v.v = u->energy_kwh_hi;
        break;
    case RC_CO2E_LO:
        v.v = u->co2e_g_lo;
        break;
    case RC_CO2E_HI:
        v.v = u->co2e_g_hi;
        break;
    case RC_CI:
        v.v = u->ci_g_per_kwh;
        break;
    case RC_PUE:
        v.v = (u->recomputed_what & GT_RECOMPUTED_ENERGY) ? res->opts.pue : c->pue;
        break;
    case RC_COUNTRY:
        v.s = *c->country ? c->country : c->country_iso;
        break;
    case RC_REGION:
        v.s = c->region;
        break;
    case RC_CLOUD:
        v.s = c->cloud_provider;
        break;
    case RC_CLOUD_REGION:
        v.s = c->cloud_region;
        break;
    case RC_CPU_MODEL:
        v.s = c->cpu_model;
        break;
    case RC_CPUS:
        v.v = c->cpu_count;
        break;
    case RC_GPU_MODEL:
        v.s = c->gpu_model;
        break;
    case RC_GPUS:
        v.v = c->gpu_count;
        break;
    case RC_RAM_GB:
        v.v = c->ram_gb;
        break;
    case RC_FORMAT:
        v.s = c->format;
        break;
    case RC_FILE:
        v.s = c->file;
        break;
    case RC_LINE:
        v.v = (double)c->line;
        break;
    case RC_ROWS:
        v.v = (double)u->rows;
        break;
    case RC_RECOMPUTED:
        v.v = u->recomputed;
        break;
    case RC_NOTE:
        v.s = u->recompute_note;
        break;
    case RC__COUNT:
        break;
    }
    return v;
}

/* Which columns Runs shows: those some run has a value for, the time zone
 * only when runs differ in it (else the start's title says it), the kind
 * only when some run is not "actual", the end only when some run has an end
 * but no start. Fills cols with the titles; returns how many. */
static size_t run_columns(const struct gt_agg_result *res, enum run_col *id, struct col *cols)
{
    int has[RC__COUNT] = {0};
    long tz[3] = {0};
    for (size_t i = 0; i < res->nruns; i++) {
        const struct gt_run *u = &res->runs[i];
        struct gt_run_rec cb;
        const struct gt_record *c = gt_agg_run_record(u, &cb);
        for (int k = 0; k < RC__COUNT; k++) {
            if (has[k])
                continue;
            struct cell v = run_cell(res, u, c, (enum run_col)k);
            has[k] = v.s ? *v.s != '\0' : !isnan(v.v);
        }
        if (!isnan(c->start))
            tz[c->tz]++;
        has[RC_KIND] |= 2 * (c->kind != GT_KIND_ACTUAL);
        has[RC_END] |= 2 * (isnan(c->start) && !isnan(c->end));
    }
    int mixed = (tz[GT_TZ_UTC] > 0) + (tz[GT_TZ_LOCAL] > 0) + (tz[GT_TZ_NONE] > 0) > 1;
    has[RC_TZ] = mixed;
    has[RC_KIND] &= 2;
    has[RC_END] &= 2;
    has[RC_RECOMPUTED] = 1;
    size_t n = 0;
    for (int k = 0; k < RC__COUNT; k++) {
        if (!has[k] && !(k == RC_START && res->nruns == 0))
            continue;
        id[n] = (enum run_col)k;
        cols[n] = run_cols[k].c;
        if (k == RC_START && !mixed)
            cols[n].title = tz[GT_TZ_LOCAL] ? "start (local time, as logged)" : "start (UTC)";
        n++;
    }
    return n;
}

static void write_runs(struct xw *x, lxw_worksheet *ws)
{
    const struct gt_agg_result *res = x->r->sum.res;
    enum run_col id[RC__COUNT];
    struct col cols[RC__COUNT];
    size_t ncols = run_columns(res, id, cols);
    x->sheet = "Runs";
    header_row(x, ws, cols, ncols);
    autofilter(x, ws, (lxw_row_t)res->nruns, (lxw_col_t)(ncols - 1));
    for (size_t i = 0; i < res->nruns && !x->failed; i++) {
        const struct gt_run *u = &res->runs[i];
        struct gt_run_rec cb;
        const struct gt_record *c = gt_agg_run_record(u, &cb);
        lxw_row_t row = (lxw_row_t)(i + 1);
        for (size_t k = 0; k < ncols && id[k] < RC__COUNT; k++) { /* (bound for gcc -O3) */
            struct cell v = run_cell(res, u, c, id[k]);
            enum fmt f = run_cols[id[k]].f;
            if (id[k] == RC_RECOMPUTED)
                put_bool(x, ws, row, (lxw_col_t)k, u->recomputed);
            else if (v.s)
                put_str(x, ws, row, (lxw_col_t)k, v.s, f);
            else if (f == F_DATE)
                put_time(x, ws, row, (lxw_col_t)k, v.v);
            else
                put_num(x, ws, row, (lxw_col_t)k, v.v, f);
        }
    }
}

/* SLURM accounting: GA4HPC's figures per user, then the method. */
static void write_slurm(struct xw *x, lxw_worksheet *ws)
{
    const struct gt_slurm_doc *d = x->r->slurm;
    const struct gt_slurm_headline *h = d->h;
    static const struct col cols[] = {{"user", 20},
                                      {"jobs", 8},
                                      {"completed", 10},
                                      {"failed", 8},
                                      {"timeout", 8},
                                      {"cancelled", 10},
                                      {"energy kWh", 14},
                                      {"CO2e g", 14},
                                      {"CPU core-hours", 14},
                                      {"CPU core-hours charged", 14},
                                      {"GPU hours", 12},
                                      {"memory over-allocation (mean)", 14},
                                      {"failed jobs kWh", 14},
                                      {"failed jobs CO2e g", 14},
                                      {"MaxRSS variant kWh", 14},
                                      {"MaxRSS variant CO2e g", 14}};
    size_t nc = sizeof cols / sizeof cols[0];
    x->sheet = "SLURM users";
    header_row(x, ws, cols, nc);
    lxw_row_t row = 1;
    for (size_t i = 0; i <= h->nusers && !x->failed; i++, row++) {
        const struct gt_slurm_user *u = i < h->nusers ? &h->users[i] : &h->total;
        put_str(x, ws, row, 0, i < h->nusers ? u->user : "total",
                i < h->nusers ? F__COUNT : F_BOLD);
        put_num(x, ws, row, 1, (double)u->jobs, F_INT);
        put_num(x, ws, row, 2, (double)u->state[GT_SLURM_COMPLETED], F_INT);
        put_num(x, ws, row, 3, (double)u->state[GT_SLURM_FAILED], F_INT);
        put_num(x, ws, row, 4, (double)u->state[GT_SLURM_TIMEOUT], F_INT);
        put_num(x, ws, row, 5, (double)u->state[GT_SLURM_CANCELLED], F_INT);
        put_num(x, ws, row, 6, u->energy_kwh, F_KWH);
        put_num(x, ws, row, 7, u->co2e_g, F_G);
        put_num(x, ws, row, 8, u->cpu_core_h, F_NUM);
        put_num(x, ws, row, 9, u->cpu_core_h_charged, F_NUM);
        put_num(x, ws, row, 10, u->gpu_h, F_NUM);
        put_num(x, ws, row, 11,
                u->overallocation_n ? u->overallocation_sum / (double)u->overallocation_n : NAN,
                F_NUM);
        put_num(x, ws, row, 12, u->failed_kwh, F_KWH);
        put_num(x, ws, row, 13, u->failed_co2e_g, F_G);
        put_num(x, ws, row, 14, u->energy_maxrss_kwh, F_KWH);
        put_num(x, ws, row, 15, u->co2e_maxrss_g, F_G);
    }
    row++;
    for (size_t i = 0; i < d->napart && !x->failed; i++, row++) {
        char b[96];
        snprintf(b, sizeof b, "%ld %s jobs counted apart (not in the totals)", d->apart_jobs[i],
                 d->apart_what[i]);
        put_str(x, ws, row, 0, b, F__COUNT);
    }
    char m[1400];
    put_str(x, ws, row++, 0, gt_slurm_method_text(d->cluster, m, sizeof m), F__COUNT);
    for (size_t i = 0; i < d->nnotes && !x->failed; i++, row++)
        put_str(x, ws, row, 0, d->notes[i], F__COUNT);
}

/* `--methods all`: one row per run and peer method, then the constants. */
static void write_methods(struct xw *x, lxw_worksheet *ws)
{
    const struct gt_report_methods *m = x->r->methods;
    static const struct col cols[] = {
        {"run", 30},        {"tool", 14},           {"method", 30},
        {"CPU W", 10},      {"GPU W", 10},          {"RAM W", 10},
        {"PUE", 8},         {"energy kWh", 14},     {"CI gCO2e/kWh", 12},
        {"CO2e g", 14},     {"energy low kWh", 14}, {"energy high kWh", 14},
        {"CO2e low g", 14}, {"CO2e high g", 14},    {"logged kWh", 14},
        {"x logged", 10},   {"notes", 40},          {"inputs", 80}};
    size_t nc = sizeof cols / sizeof cols[0];
    x->sheet = "Methods";
    header_row(x, ws, cols, nc);
    lxw_row_t row = 1;
    char fl[200];
    for (size_t i = 0; i < m->n && !x->failed; i++) {
        const struct gt_report_method_run *v = &m->v[i];
        for (int j = 0; j < GT_M__COUNT && !x->failed; j++, row++) {
            const struct gt_method_result *mr = &v->m[j];
            put_str(x, ws, row, 0, v->run->key[GT_KEY_RUN], F__COUNT);
            struct gt_run_rec cb;
            put_str(x, ws, row, 1, gt_tool_name(gt_agg_run_record(v->run, &cb)->tool), F__COUNT);
            put_str(x, ws, row, 2, gt_method_title((enum gt_method)j), F__COUNT);
            put_num(x, ws, row, 3, mr->cpu_w, F_NUM);
            put_num(x, ws, row, 4, mr->gpu_w, F_NUM);
            put_num(x, ws, row, 5, mr->ram_w, F_NUM);
            put_num(x, ws, row, 6, mr->pue, F_PUE);
            put_num(x, ws, row, 7, mr->energy_kwh, F_KWH);
            put_num(x, ws, row, 8, mr->ci_g_per_kwh, F_CI);
            put_num(x, ws, row, 9, mr->co2e_g, F_G);
            /* greentally's low - high (blank for the peers, which give none) */
            put_num(x, ws, row, 10, mr->energy_range.lo, F_KWH);
            put_num(x, ws, row, 11, mr->energy_range.hi, F_KWH);
            put_num(x, ws, row, 12, mr->co2e_range.lo, F_G);
            put_num(x, ws, row, 13, mr->co2e_range.hi, F_G);
            put_num(x, ws, row, 14, v->logged_kwh, F_KWH);
            put_num(x, ws, row, 15, v->logged_kwh > 0 ? mr->energy_kwh / v->logged_kwh : NAN,
                    F_NUM);
            put_str(x, ws, row, 16, gt_methods_flag_text(mr->flags, fl, sizeof fl), F__COUNT);
            put_str(x, ws, row, 17, v->inputs, F__COUNT);
        }
    }
    row++;
    if (m->more) {
        char b[120];
        snprintf(b, sizeof b, "%ld more runs not shown (greentally compare lists them all)",
                 m->more);
        put_str(x, ws, row++, 0, b, F__COUNT);
    }
    put_str(x, ws, row++, 0, "constants", F_BOLD);
    for (size_t i = 0; i < GT_METHODS_NCONST && !x->failed; i++, row++) {
        put_str(x, ws, row, 0, m->used[i]->name, F__COUNT);
        put_num(x, ws, row, 1, m->used[i]->value, F__COUNT);
        put_str(x, ws, row, 2, m->used[i]->unit, F__COUNT);
        put_str(x, ws, row, 3, m->used[i]->source, F__COUNT);
    }
    put_str(x, ws, row++, 0, GT_METHODS_PEER_CI_NOTE, F__COUNT);
    put_str(x, ws, row++, 0, GT_METHODS_RANGE_NOTE, F__COUNT);
}

/* ---- one sheet per --by key, Groups -------------------------------------------------- */

static void bucket_row(struct xw *x, lxw_worksheet *ws, lxw_row_t row,
                       const struct gt_report_bucket *b, double co2e_total, enum fmt label)
{
    put_str(x, ws, row, 0, b->label, label);
    put_num(x, ws, row, 1, (double)b->runs, F_INT);
    put_num(x, ws, row, 2, b->energy_kwh, F_KWH);
    put_num(x, ws, row, 3, b->cpu_kwh, F_KWH);
    put_num(x, ws, row, 4, b->gpu_kwh, F_KWH);
    put_num(x, ws, row, 5, b->ram_kwh, F_KWH);
    put_num(x, ws, row, 6, b->other_kwh, F_KWH);
    put_num(x, ws, row, 7, b->co2e_g, F_G);
    put_num(x, ws, row, 8, co2e_total > 0 ? b->co2e_g / co2e_total : NAN, F_PCT);
    put_num(x, ws, row, 9, b->runs ? b->energy_kwh_lo : NAN, F_KWH);
    put_num(x, ws, row, 10, b->runs ? b->energy_kwh_hi : NAN, F_KWH);
    put_num(x, ws, row, 11, b->runs ? b->co2e_g_lo : NAN, F_G);
    put_num(x, ws, row, 12, b->runs ? b->co2e_g_hi : NAN, F_G);
}

static void write_by_key(struct xw *x, lxw_worksheet *ws, enum gt_key k, const char *name)
{
    const struct gt_agg_result *res = x->r->sum.res;
    x->sheet = name;
    struct gt_report_tally t;
    if (gt_report_tally_key(res, k, &t) != GT_OK) {
        fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED, name);
        return;
    }
    struct col cols[] = {
        {gt_key_name(k), 30},       {"runs", 8},
        {"energy (kWh)", 14},       {"CPU energy (kWh)", 14},
        {"GPU energy (kWh)", 14},   {"RAM energy (kWh)", 14},
        {"other energy (kWh)", 14}, {"CO2e (g)", 14},
        {"share of CO2e", 10},      {"energy low (kWh)", 14},
        {"energy high (kWh)", 14},  {"CO2e low (g)", 14},
        {"CO2e high (g)", 14},
    };
    header_row(x, ws, cols, sizeof cols / sizeof cols[0]);
    autofilter(x, ws, (lxw_row_t)t.n, 12);
    struct gt_report_bucket total;
    memset(&total, 0, sizeof total);
    snprintf(total.label, sizeof total.label, "total");
    for (size_t i = 0; i < t.n; i++)
        gt_report_bucket_add(&total, &t.b[i]);
    for (size_t i = 0; i < t.n && !x->failed; i++)
        bucket_row(x, ws, (lxw_row_t)(i + 1), &t.b[i], total.co2e_g, F__COUNT);
    bucket_row(x, ws, (lxw_row_t)(t.n + 1), &total, total.co2e_g, F_BOLD);
    free(t.b);
}

static void totals_cells(struct xw *x, lxw_worksheet *ws, lxw_row_t row, lxw_col_t c,
                         const struct gt_totals *t)
{
    put_num(x, ws, row, c, (double)t->runs, F_INT);
    put_num(x, ws, row, c + 1, known(t->duration_s, t->no_duration, t->runs), F_SECONDS);
    put_num(x, ws, row, c + 2, known(t->energy_kwh, t->no_energy, t->runs), F_KWH);
    put_num(x, ws, row, c + 3, known(t->cpu_kwh, t->no_cpu, t->runs), F_KWH);
    put_num(x, ws, row, c + 4, known(t->gpu_kwh, t->no_gpu, t->runs), F_KWH);
    put_num(x, ws, row, c + 5, known(t->ram_kwh, t->no_ram, t->runs), F_KWH);
    put_num(x, ws, row, c + 6, known(t->co2e_g, t->no_co2e, t->runs), F_G);
    put_num(x, ws, row, c + 7, (double)t->no_energy, F_INT);
    put_num(x, ws, row, c + 8, (double)t->no_co2e, F_INT);
    put_num(x, ws, row, c + 9, t->energy_kwh_lo, F_KWH);
    put_num(x, ws, row, c + 10, t->energy_kwh_hi, F_KWH);
    put_num(x, ws, row, c + 11, t->co2e_g_lo, F_G);
    put_num(x, ws, row, c + 12, t->co2e_g_hi, F_G);
}

/* The groups of all --by keys combined (when there are several). */
static void write_groups(struct xw *x, lxw_worksheet *ws)
{
    const struct gt_agg_result *res = x->r->sum.res;
    const struct gt_agg_opts *op = &res->opts;
    static const struct col num[] = {
        {"runs", 8},
        {"duration (s)", 14},
        {"energy (kWh)", 14},
        {"CPU energy (kWh)", 14},
        {"GPU energy (kWh)", 14},
        {"RAM energy (kWh)", 14},
        {"CO2e (g)", 14},
        {"runs without energy", 10},
        {"runs without CO2e", 10},
        {"energy low (kWh)", 14},
        {"energy high (kWh)", 14},
        {"CO2e low (g)", 14},
        {"CO2e high (g)", 14},
    };
    const size_t nnum = sizeof num / sizeof num[0];
    struct col cols[GT_AGG_MAX_KEYS + sizeof num / sizeof num[0]];
    size_t n = 0;
    for (size_t k = 0; k < op->nby; k++)
        cols[n++] = (struct col){gt_key_name(op->by[k]), 22};
    for (size_t i = 0; i < nnum; i++)
        cols[n++] = num[i];
    x->sheet = "Groups";
    header_row(x, ws, cols, n);
    autofilter(x, ws, (lxw_row_t)res->ngroups, (lxw_col_t)(n - 1));
    lxw_col_t c0 = (lxw_col_t)op->nby;
    for (size_t g = 0; g < res->ngroups && !x->failed; g++) {
        lxw_row_t row = (lxw_row_t)(g + 1);
        for (size_t k = 0; k < op->nby; k++)
            put_str(x, ws, row, (lxw_col_t)k,
                    *res->groups[g].key[k] ? res->groups[g].key[k] : "(unknown)", F__COUNT);
        totals_cells(x, ws, row, c0, &res->groups[g].t);
    }
    lxw_row_t last = (lxw_row_t)(res->ngroups + 1);
    put_str(x, ws, last, 0, "total", F_BOLD);
    totals_cells(x, ws, last, c0, &res->totals);
}

/* ---- Method --------------------------------------------------------------------------- */

/* widths of the Method sheet's first and last columns */
#define METHOD_A 40
#define METHOD_D 90

static lxw_row_t lines(struct xw *x, lxw_worksheet *ws, lxw_row_t row, const char *const *s)
{
    for (; *s; s++)
        put_str(x, ws, row++, 0, *s, F__COUNT);
    return row;
}

static lxw_row_t formulas(struct xw *x, lxw_worksheet *ws, lxw_row_t row)
{
    const struct gt_report *r = x->r;
    const struct gt_agg_opts *op = &r->sum.res->opts;
    char b[256], nb[64];
    put_str(x, ws, row++, 0, "Formulas", F_SECTION);
    if (r->estimate) {
        static const char *const ga[] = {
            "Green Algorithms v3.0 model:",
            "P_cpu (W) = cores x TDP per core (W) x CPU usage",
            "P_gpu (W) = GPUs x TDP (W) x GPU usage, or GPUs x (measured W - idle W)",
            "P_mem (W) = memory (GB) x memory power (W/GB)",
            "energy (kWh) = runtime (h) x (P_cpu + P_gpu + P_mem) x PUE x PSF / 1000",
            "CO2e (g) = energy (kWh) x carbon intensity (gCO2e/kWh)",
            NULL};
        row = lines(x, ws, row, ga);
    } else {
        static const char *const logs[] = {
            "energy (kWh) = CPU + GPU + RAM energy as each tool measured it, including the PUE "
            "the tool applied",
            "CO2e (g) = energy (kWh) x carbon intensity (gCO2e/kWh), as each tool logged it",
            "each run counts once: its best row (actual over predicted, then the latest); "
            "earlier rows of a run are superseded, never summed",
            NULL};
        row = lines(x, ws, row, logs);
    }
    if (op->set_ci) {
        snprintf(b, sizeof b, "--ci: CO2e (g) = energy (kWh) x %s gCO2e/kWh for every run",
                 gt_num_fmt(op->ci_g_per_kwh, nb, sizeof nb));
        put_str(x, ws, row++, 0, b, F__COUNT);
    }
    if (op->set_pue) {
        snprintf(b, sizeof b,
                 "--pue: energy (kWh) = logged energy / PUE the tool applied x %s for every run",
                 gt_num_fmt(op->pue, nb, sizeof nb));
        put_str(x, ws, row++, 0, b, F__COUNT);
    }
    static const char *const eq[] = {
        "tree-months = CO2e / ga_tree_year x 12",
        "car km (EU) = CO2e / ga_car_eu_km; flights = CO2e / the flight's ga_flight_* "
        "(Paris-Dublin below half a New York-San Francisco flight, that below half "
        "New York-Melbourne)",
        "new car km = CO2e / carbontracker_car_km; US household % of a week = CO2e / "
        "codecarbon_household_week x 100",
        "miles = CO2e / codecarbon_miles_driven; TV minutes = CO2e / codecarbon_tv_hour x 60",
        NULL};
    return lines(x, ws, row, eq);
}

static lxw_row_t estimate_inputs(struct xw *x, lxw_worksheet *ws, lxw_row_t row)
{
    const struct gt_estimate_report *e = x->r->estimate;
    if (!e)
        return row;
    row++;
    put_str(x, ws, row++, 0, "Estimate inputs", F_SECTION);
    const struct {
        const char *what;
        const struct gt_resolved *v;
    } in[] = {
        {"CPU", &e->cpu_tdp},         {"GPU", &e->gpu_tdp}, {"memory power", &e->memory_power},
        {"carbon intensity", &e->ci}, {"PUE", &e->pue},     {"PSF", &e->psf}};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        if (!in[i].v->what[0])
            continue;
        wrap_row(x, ws, row, NULL, 1, in[i].v->source, METHOD_D);
        put_str(x, ws, row, 0, in[i].what, F_TOP);
        put_str(x, ws, row, 1, in[i].v->what, F_TOP);
        put_str(x, ws, row, 3, in[i].v->source, F_WRAP);
        row++;
    }
    for (int i = 0; i < e->nnotes; i++)
        put_pair(x, ws, row++, i ? "" : "notes", e->notes[i]);
    return row;
}

static lxw_row_t accounting(struct xw *x, lxw_worksheet *ws, lxw_row_t row)
{
    const struct gt_agg_result *res = x->r->sum.res;
    const struct gt_accounting *a = &res->acc;
    char b[320];
    put_str(x, ws, row++, 0, "Accounting", F_SECTION);
    put_str(x, ws, row++, 0, gt_summary_accounting(a, b, sizeof b), F__COUNT);
    const struct {
        const char *what;
        long v;
    } n[] = {{"files read", a->files_read},
             {"files skipped", a->files_skipped},
             {"files rejected (unreadable or unparsable)", a->files_rejected},
             {"files read before (same file or a copy)", a->files_duplicate},
             {"rows read", a->rows_read},
             {"rows used", a->rows_used},
             {"rows superseded", a->rows_superseded},
             {"rows rejected", a->rows_rejected},
             {"rows excluded", a->rows_excluded},
             {"runs not counted: only a prediction", res->excluded_predicted},
             {"runs not counted: outside the filters", res->excluded_filter},
             {"runs whose latest row had no energy", res->gap_runs},
             {"runs measured several ways (one counts)", res->multi_method_runs}};
    for (size_t i = 0; i < sizeof n / sizeof n[0]; i++, row++) {
        if (i >= 2 && i <= 3 && !n[i].v) { /* the file rejections only when there are some */
            row--;
            continue;
        }
        put_str(x, ws, row, 0, n[i].what, F__COUNT);
        put_num(x, ws, row, 1, (double)n[i].v, F_INT);
    }
    return row;
}

static lxw_row_t warnings(struct xw *x, lxw_worksheet *ws, lxw_row_t row)
{
    const struct gt_summary_doc *d = &x->r->sum;
    put_str(x, ws, row++, 0, "Warnings", F_SECTION);
    if (!d->nwarnings) {
        put_str(x, ws, row++, 0, "none", F__COUNT);
        return row;
    }
    static const char *const head[] = {"where", "kind", "", "message"};
    for (lxw_col_t c = 0; c < 4; c++)
        put_str(x, ws, row, c, head[c], F_HEAD);
    row++;
    for (size_t i = 0; i < d->nwarnings && !x->failed; i++, row++) {
        const struct gt_warning *w = &d->warnings[i];
        wrap_row(x, ws, row, w->file, METHOD_A - 6, w->msg, METHOD_D);
        if (w->line) {
            size_t n = strlen(w->file) + 24;
            char *where = malloc(n);
            if (!where) {
                fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "Method");
                break;
            }
            snprintf(where, n, "%s:%ld", w->file, w->line);
            put_str(x, ws, row, 0, where, F_WRAP);
            free(where);
        } else {
            put_str(x, ws, row, 0, w->file, F_WRAP);
        }
        put_str(x, ws, row, 1, gt_warning_kind_name(w->kind), F_TOP);
        put_str(x, ws, row, 3, w->msg, F_WRAP);
    }
    if (d->warnings_dropped) {
        char b[96];
        snprintf(b, sizeof b, "%ld more warnings not listed", d->warnings_dropped);
        put_str(x, ws, row++, 0, b, F__COUNT);
    }
    return row;
}

static void write_method(struct xw *x, lxw_worksheet *ws)
{
    const struct gt_report *r = x->r;
    x->sheet = "Method";
    set_width(x, ws, 0, 0, METHOD_A);
    set_width(x, ws, 1, 1, 16);
    set_width(x, ws, 2, 2, 16);
    set_width(x, ws, 3, 3, METHOD_D);
    lxw_row_t row = 0;
    put_str(x, ws, row++, 0, "Method", F_TITLE);
    row = formulas(x, ws, row);
    row++;

    put_str(x, ws, row++, 0, "Constants", F_SECTION);
    static const char *const head[] = {"name", "value", "unit", "source"};
    for (lxw_col_t c = 0; c < 4; c++)
        put_str(x, ws, row, c, head[c], F_HEAD);
    row++;
    for (int i = 0; i < r->nconsts; i++, row++) {
        const struct gt_report_const *c = &r->consts[i];
        wrap_row(x, ws, row, NULL, 1, c->source, METHOD_D);
        put_str(x, ws, row, 0, c->name, F_TOP);
        if (isnan(c->value))
            put_str(x, ws, row, 1, "see source", F_TOP);
        else
            put_num(x, ws, row, 1, c->value, F_TOP);
        put_str(x, ws, row, 2, c->unit, F_TOP);
        put_str(x, ws, row, 3, c->source, F_WRAP);
    }
    row++;

    put_str(x, ws, row++, 0, "How sure: the ranges", F_SECTION);
    wrap_row(x, ws, row, NULL, 1, gt_report_range_method, METHOD_D);
    put_str(x, ws, row, 3, gt_report_range_method, F_WRAP);
    row++;
    static const char *const uhead[] = {"input", "low", "high", "applies to; source"};
    for (lxw_col_t c = 0; c < 4; c++)
        put_str(x, ws, row, c, uhead[c], F_HEAD);
    row++;
    for (int i = 0; i < r->nunc && !x->failed; i++, row++) {
        const struct gt_hw_uncertainty *f = r->unc[i];
        size_t n = strlen(f->applies) + strlen(f->source) + 8;
        char *t = malloc(n);
        if (!t) {
            fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "Method");
            break;
        }
        snprintf(t, n, "%s; %s", f->applies, f->source);
        wrap_row(x, ws, row, NULL, 1, t, METHOD_D);
        put_str(x, ws, row, 0, f->name, F_TOP);
        put_num(x, ws, row, 1, f->low, F_TOP);
        put_num(x, ws, row, 2, f->high, F_TOP);
        put_str(x, ws, row, 3, t, F_WRAP);
        free(t);
    }
    row++;

    struct used u;
    used_factors(r, &u);
    put_str(x, ws, row++, 0, "Carbon intensity and PUE used", F_SECTION);
    put_str(x, ws, row, 0, "carbon intensity", F__COUNT);
    put_num(x, ws, row, 1, u.ci, F_CI);
    put_str(x, ws, row, 2, "gCO2e/kWh", F__COUNT);
    put_str(x, ws, row, 3, u.ci_source, F__COUNT);
    row++;
    if (isnan(u.ci) && !isnan(u.ci_mean)) {
        put_str(x, ws, row, 0, "carbon intensity, mean of the runs", F__COUNT);
        put_num(x, ws, row, 1, u.ci_mean, F_CI);
        put_str(x, ws, row, 2, "gCO2e/kWh", F__COUNT);
        put_str(x, ws, row, 3, "total CO2e / total energy", F__COUNT);
        row++;
    }
    put_str(x, ws, row, 0, "PUE", F__COUNT);
    put_num(x, ws, row, 1, u.pue, F_PUE);
    put_str(x, ws, row, 3, u.pue_source, F__COUNT);
    row++;
    row = estimate_inputs(x, ws, row);
    row++;

    put_str(x, ws, row++, 0, "Data", F_SECTION);
    put_pair(x, ws, row++, "greentally", r->sum.tool_version);
    put_pair(x, ws, row++, "hardware data (hwdb)", r->hwdb_version);
    row++;
    if (r->sum.embodied && r->sum.embodied->given) {
        char e[400];
        put_str(x, ws, row++, 0, "Embodied emissions (shown apart)", F_SECTION);
        put_pair(x, ws, row++, "embodied", gt_summary_embodied_text(r->sum.embodied, e, sizeof e));
        put_pair(x, ws, row++, "lifetime source", r->sum.embodied->lifetime_source);
        row++;
    }
    put_str(x, ws, row++, 0, "Not counted", F_SECTION);
    row = lines(x, ws, row, gt_report_not_counted);
    row++;
    row = accounting(x, ws, row);
    row++;
    warnings(x, ws, row);
}

/* ---- chart data and charts ------------------------------------------------------------- */

/* Unit for CO2e in the charts, so their axes read well. */
struct unit {
    const char *name;
    double div;
};

static struct unit co2e_unit(const struct gt_report *r)
{
    double max = 0;
    for (size_t i = 0; i < r->months.n; i++)
        max = fmax(max, r->months.b[i].co2e_g);
    for (size_t i = 0; i < r->share.n; i++)
        max = fmax(max, r->share.b[i].co2e_g);
    if (max >= 1e7)
        return (struct unit){"t", 1e6};
    if (max >= 1e4)
        return (struct unit){"kg", 1e3};
    return (struct unit){"g", 1};
}

static int cmp_energy_desc(const void *a, const void *b)
{
    const struct gt_report_bucket *x = *(const struct gt_report_bucket *const *)a;
    const struct gt_report_bucket *y = *(const struct gt_report_bucket *const *)b;
    if (x->energy_kwh != y->energy_kwh)
        return x->energy_kwh < y->energy_kwh ? 1 : -1;
    return (x > y) - (x < y);
}

/* The bars of the component chart: r->comp, or when it has more than
 * XLSX_MAX_BARS groups, the XLSX_MAX_BARS - 1 with the most energy (in key
 * order) and one "other (N)" for the rest (computed here: the model keeps
 * every group). *out is malloc'ed (NULL when there is nothing); -1 when out
 * of memory. */
static int comp_bars(const struct gt_report_tally *t, struct gt_report_bucket **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!t->n)
        return 0;
    size_t m = t->n <= XLSX_MAX_BARS ? t->n : XLSX_MAX_BARS;
    struct gt_report_bucket *b = calloc(m, sizeof *b);
    const struct gt_report_bucket **p = malloc(t->n * sizeof *p);
    char *top = calloc(t->n, 1);
    if (!b || !p || !top) {
        free(b);
        free(p);
        free(top);
        return -1;
    }
    if (t->n <= XLSX_MAX_BARS) {
        memcpy(b, t->b, t->n * sizeof *b);
    } else {
        for (size_t i = 0; i < t->n; i++)
            p[i] = &t->b[i];
        qsort(p, t->n, sizeof *p, cmp_energy_desc);
        for (size_t i = 0; i < m - 1; i++)
            top[p[i] - t->b] = 1;
        struct gt_report_bucket *o = &b[m - 1];
        size_t k = 0;
        for (size_t i = 0; i < t->n; i++) {
            const struct gt_report_bucket *x = &t->b[i];
            if (top[i]) {
                b[k++] = *x;
                continue;
            }
            gt_report_bucket_add(o, x);
        }
        snprintf(o->label, sizeof o->label, "other (%zu)", t->n - (m - 1));
    }
    free(p);
    free(top);
    *out = b;
    *n = m;
    return 0;
}

static lxw_chart *new_chart(struct xw *x, uint8_t type, const char *title)
{
    if (x->failed)
        return NULL;
    lxw_chart *c = gt_lxw.workbook_add_chart(x->wb, type);
    if (!c) {
        fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "chart");
        return NULL;
    }
    gt_lxw.chart_title_set_name(c, title);
    return c;
}

static lxw_chart_series *series(struct xw *x, lxw_chart *c, const char *name, lxw_row_t n,
                                lxw_col_t cat, lxw_col_t val)
{
    lxw_chart_series *s = gt_lxw.chart_add_series(c, NULL, NULL);
    if (!s) {
        fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "chart series");
        return NULL;
    }
    if (name)
        gt_lxw.chart_series_set_name(s, name);
    gt_lxw.chart_series_set_categories(s, "Chart data", 1, cat, n, cat);
    gt_lxw.chart_series_set_values(s, "Chart data", 1, val, n, val);
    return s;
}

/* The series' colour from the one palette of every report (gt_palette.h);
 * returns s. */
static lxw_chart_series *fill(lxw_chart_series *s, unsigned rgb)
{
    if (s) {
        lxw_chart_fill f = {.color = rgb};
        gt_lxw.chart_series_set_fill(s, &f);
    }
    return s;
}

/* A range-bar chart: libxlsxwriter (1.1) has neither custom (per point,
 * asymmetric) error bars nor combined charts, so a stacked column of the
 * low value (not drawn), central - low and high - central (two shades)
 * floats a bar from low to high on every category, the shades meeting at
 * the central value. Columns lo, lo + 1, lo + 2 of "Chart data" hold the
 * three. */
static lxw_chart *range_chart(struct xw *x, uint8_t type, const char *title, lxw_row_t n,
                              lxw_col_t cat, lxw_col_t lo)
{
    lxw_chart *c = new_chart(x, type, title);
    if (!c)
        return NULL;
    lxw_chart_line none = {.none = LXW_TRUE};
    lxw_chart_fill fill[3] = {
        {.none = LXW_TRUE}, {.color = GT_PAL_RANGE_LOW}, {.color = GT_PAL_RANGE_HIGH}};
    const char *name[3] = {"low", "central - low", "high - central"};
    for (int k = 0; k < 3; k++) {
        lxw_chart_series *s = series(x, c, name[k], n, cat, (lxw_col_t)(lo + k));
        if (!s)
            return NULL;
        gt_lxw.chart_series_set_fill(s, &fill[k]);
        if (!k)
            gt_lxw.chart_series_set_line(s, &none);
        if (k == 2)
            gt_lxw.chart_set_series_gap(c, 300);
    }
    return c;
}

/* Summary's columns A:D in pixels (30, 18, 12 and 48 characters wide). */
#define CHART_W 776.0

/* The rows under the charts: 15.75 points (21 pixels), a custom height
 * (left at the default, LibreOffice sizes empty rows to its font and
 * squashes the charts); a printed Summary page (landscape, one page wide:
 * columns A:D print at about full size) holds some 32 of them. */
#define ROW_PT    15.75
#define ROW_PX    21.0
#define PAGE_ROWS 32

/* A chart on ws below the notes and the charts placed before it, w x h
 * pixels, on rows of ROW_PT. A chart that would not fit on the printed
 * page starts the next one (the breaks are set by write_charts). */
static void insert(struct xw *x, lxw_worksheet *ws, lxw_chart *c, double w, double h)
{
    if (x->failed)
        return;
    int rows = (int)ceil((h + 16) / ROW_PX);
    if ((x->page_rows < 0 || x->page_rows + rows > PAGE_ROWS) &&
        x->nbreaks < (int)(sizeof x->breaks / sizeof x->breaks[0]) - 1) {
        x->breaks[x->nbreaks++] = x->charts_row;
        x->breaks[x->nbreaks] = 0;
        x->page_rows = 0;
    }
    lxw_chart_options o = {.x_scale = w / 480, .y_scale = h / 288};
    lxw_error e = gt_lxw.worksheet_insert_chart_opt(ws, x->charts_row, 0, c, &o);
    for (int i = 0; i < rows && !e; i++)
        e = gt_lxw.worksheet_set_row(ws, x->charts_row + (lxw_row_t)i, ROW_PT, NULL);
    if (e)
        fail_cell(x, e, x->charts_row, 0);
    x->charts_row += (lxw_row_t)rows;
    x->page_rows += rows;
}

/* Pixels tall for a horizontal bar chart of n bars: room for every label. */
static double bars_h(size_t n)
{
    double h = 110 + 22.0 * (double)n;
    return h < 260 ? 260 : h;
}

/* A horizontal bar chart reads top to bottom in the sheet's order, its
 * value axis at the bottom. */
static void top_down(lxw_chart *c, const char *unit)
{
    lxw_chart_font f = {.size = 8};
    gt_lxw.chart_axis_set_num_font(c->y_axis, &f);
    gt_lxw.chart_axis_set_reverse(c->y_axis);
    gt_lxw.chart_axis_set_crossing_max(c->y_axis);
    if (unit)
        gt_lxw.chart_axis_set_name(c->x_axis, unit);
}

/* The figures of the charts on "Chart data" (side by side, so each row is
 * written once) and the charts on Summary, one below the other under the
 * notes, as wide as columns A:D: energy by component, its range, CO2e by
 * month (quarter, year) and CO2e by project or host. */
static void write_charts(struct xw *x, lxw_worksheet *data, lxw_worksheet *summary)
{
    const struct gt_report *r = x->r;
    struct gt_report_bucket *bars;
    size_t nbars;
    x->sheet = "Chart data";
    if (comp_bars(&r->comp, &bars, &nbars)) {
        fail(x, LXW_ERROR_MEMORY_MALLOC_FAILED, "Chart data");
        return;
    }
    struct unit u = co2e_unit(r);
    char co2e_head[32], lo_head[40], hi_head[40];
    snprintf(co2e_head, sizeof co2e_head, "CO2e (%s)", u.name);
    snprintf(lo_head, sizeof lo_head, "CO2e low (%s)", u.name);
    snprintf(hi_head, sizeof hi_head, "CO2e high (%s)", u.name);
    const char *share_key = gt_key_name(r->share.key);
    struct col cols[] = {{gt_key_name(r->comp.key), 24},
                         {"CPU (kWh)", 12},
                         {"GPU (kWh)", 12},
                         {"RAM (kWh)", 12},
                         {"other (kWh)", 12},
                         {"", 3},
                         {gt_report_period_name(&r->months), 10},
                         {co2e_head, 12},
                         {"", 3},
                         {share_key, 24},
                         {co2e_head, 12},
                         {"", 3},
                         {"energy low (kWh)", 12},
                         {"energy: central - low", 12},
                         {"energy: high - central", 12},
                         {"", 3},
                         {lo_head, 12},
                         {"CO2e: central - low", 12},
                         {"CO2e: high - central", 12}};
    header_row(x, data, cols, sizeof cols / sizeof cols[0]);
    size_t rows = nbars;
    rows = r->months.n > rows ? r->months.n : rows;
    rows = r->share.n > rows ? r->share.n : rows;
    double comp_sum[4] = {0};
    double co2e_sum = 0;
    int has_range = 0, has_mrange = 0;
    for (size_t i = 0; i < rows && !x->failed; i++) {
        lxw_row_t row = (lxw_row_t)(i + 1);
        if (i < nbars) {
            const struct gt_report_bucket *b = &bars[i];
            /* a component no run of the bar logged is unknown: an empty cell */
            double v[4] = {b->no_cpu == b->runs ? NAN : b->cpu_kwh,
                           b->no_gpu == b->runs ? NAN : b->gpu_kwh,
                           b->no_ram == b->runs ? NAN : b->ram_kwh, b->other_kwh};
            put_str(x, data, row, 0, b->label, F__COUNT);
            for (int k = 0; k < 4; k++) {
                put_num(x, data, row, (lxw_col_t)(1 + k), v[k], F_KWH);
                comp_sum[k] += isnan(v[k]) ? 0 : v[k];
            }
            put_num(x, data, row, 12, b->energy_kwh_lo, F_KWH);
            put_num(x, data, row, 13, b->energy_kwh - b->energy_kwh_lo, F_KWH);
            put_num(x, data, row, 14, b->energy_kwh_hi - b->energy_kwh, F_KWH);
            has_range |= b->energy_kwh_hi > 0;
        }
        if (i < r->months.n) {
            put_str(x, data, row, 6, r->months.b[i].label, F__COUNT);
            put_num(x, data, row, 7, r->months.b[i].co2e_g / u.div, F_NUM);
            /* a month without runs has no range (and no marker) */
            const struct gt_report_bucket *m = &r->months.b[i];
            int none = !m->runs;
            put_num(x, data, row, 16, none ? NAN : m->co2e_g_lo / u.div, F_NUM);
            put_num(x, data, row, 17, none ? NAN : (m->co2e_g - m->co2e_g_lo) / u.div, F_NUM);
            put_num(x, data, row, 18, none ? NAN : (m->co2e_g_hi - m->co2e_g) / u.div, F_NUM);
            has_mrange |= r->months.b[i].co2e_g_hi > 0;
        }
        if (i < r->share.n) {
            put_str(x, data, row, 9, r->share.b[i].label, F__COUNT);
            put_num(x, data, row, 10, r->share.b[i].co2e_g / u.div, F_NUM);
            co2e_sum += r->share.b[i].co2e_g;
        }
    }
    free(bars);

    char title[160];
    static const char *const comp_names[] = {"CPU", "GPU", "RAM", "other"};
    if (nbars && comp_sum[0] + comp_sum[1] + comp_sum[2] + comp_sum[3] > 0) {
        snprintf(title, sizeof title, "Energy by component per %s (kWh)", gt_key_name(r->comp.key));
        /* horizontal bars, as in the PDF: the labels read level and leave
         * the plot its room however many groups there are */
        lxw_chart *c = new_chart(x, LXW_CHART_BAR_STACKED, title);
        static const unsigned colors[4] = GT_PAL_COMPONENTS;
        for (int k = 0; k < 4 && c; k++)
            if (comp_sum[k] > 0)
                fill(series(x, c, comp_names[k], (lxw_row_t)nbars, 0, (lxw_col_t)(1 + k)),
                     colors[k]);
        if (c) {
            top_down(c, "kWh");
            gt_lxw.chart_legend_set_position(c, LXW_CHART_LEGEND_BOTTOM);
            insert(x, summary, c, CHART_W, bars_h(nbars));
        }
        if (has_range) {
            snprintf(title, sizeof title,
                     "Energy per %s (kWh): low-high range, shades meet at the figure",
                     gt_key_name(r->comp.key));
            c = range_chart(x, LXW_CHART_BAR_STACKED, title, (lxw_row_t)nbars, 0, 12);
            if (c) {
                top_down(c, "kWh");
                gt_lxw.chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
                insert(x, summary, c, CHART_W, bars_h(nbars));
            }
        }
    }
    if (r->months.n && has_mrange) {
        snprintf(title, sizeof title, "CO2e by %s (%s): low-high range, shades meet at the figure",
                 gt_report_period_name(&r->months), u.name);
        lxw_chart *c =
            range_chart(x, LXW_CHART_COLUMN_STACKED, title, (lxw_row_t)r->months.n, 6, 16);
        if (c) {
            gt_lxw.chart_axis_set_name(c->y_axis, u.name);
            gt_lxw.chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
            insert(x, summary, c, CHART_W, 330);
        }
    } else if (r->months.n) {
        snprintf(title, sizeof title, "CO2e by %s (%s)", gt_report_period_name(&r->months), u.name);
        lxw_chart *c = new_chart(x, LXW_CHART_COLUMN, title);
        if (c && fill(series(x, c, co2e_head, (lxw_row_t)r->months.n, 6, 7), GT_PAL_MONTH)) {
            gt_lxw.chart_axis_set_name(c->y_axis, u.name);
            gt_lxw.chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
            insert(x, summary, c, CHART_W, 330);
        }
    }
    if (r->share.n && co2e_sum > 0) {
        /* bars in the share colour with their values, as in the PDF and
         * HTML (a pie would need a colour per slice) */
        snprintf(title, sizeof title, "CO2e by %s (%s), largest first", share_key, u.name);
        lxw_chart *c = new_chart(x, LXW_CHART_BAR, title);
        lxw_chart_series *s =
            c ? fill(series(x, c, co2e_head, (lxw_row_t)r->share.n, 9, 10), GT_PAL_SHARE) : NULL;
        if (s) {
            gt_lxw.chart_series_set_labels(s);
            top_down(c, u.name);
            gt_lxw.chart_legend_set_position(c, LXW_CHART_LEGEND_NONE);
            insert(x, summary, c, CHART_W, bars_h(r->share.n));
        }
    }
    if (x->nbreaks && !x->failed) {
        lxw_error e = gt_lxw.worksheet_set_h_pagebreaks(summary, x->breaks);
        if (e)
            fail_cell(x, e, x->breaks[0], 0);
    }
}

/* ---- the workbook ----------------------------------------------------------------------- */

/* A valid sheet name from s: at most 31 characters, none of []:*?/\ . */
static void sheet_name(char *out, size_t size, const char *s)
{
    size_t n = 0, chars = 0;
    for (const char *p = s; *p && n + 4 < size; p++) {
        unsigned char ch = (unsigned char)*p;
        if ((ch & 0xC0) != 0x80 && ++chars > LXW_SHEETNAME_MAX)
            break;
        out[n++] = strchr("[]:*?/\\", ch) ? '_' : (char)ch;
    }
    out[n] = '\0';
}

int gt_report_write_xlsx(const char *path, const struct gt_report *r, struct gt_error *err)
{
    const struct gt_agg_result *res = r->sum.res;
    struct xw x = {.r = r, .err = err};
    lxw_workbook_options opt = {.constant_memory = res->nruns > XLSX_CONSTANT_MEMORY_RUNS};
    if (gt_lxw_load(err) != GT_OK)
        return -1;
    x.wb = gt_lxw.workbook_new_opt(path, &opt);
    if (!x.wb)
        return gt_error_set(err, GT_E_IO, "cannot create the XLSX file"), -1;

    char comments[96];
    snprintf(comments, sizeof comments, "written by greentally %s",
             r->sum.tool_version ? r->sum.tool_version : "");
    lxw_doc_properties props = {0};
    props.title = (char *)text(&x, r->title ? r->title : "");
    props.comments = comments;
    /* libxlsxwriter takes 0 as "now": SOURCE_DATE_EPOCH=0 is stamped a second later */
    props.created = r->generated > 0 ? (time_t)r->generated : 1;
    lxw_error e =
        props.title ? gt_lxw.workbook_set_properties(x.wb, &props) : LXW_ERROR_MEMORY_MALLOC_FAILED;
    if (e)
        fail(&x, e, "document properties");

    /* the sheets, in tab order */
    enum gt_key keys[GT_AGG_MAX_KEYS];
    lxw_worksheet *by[GT_AGG_MAX_KEYS];
    char names[GT_AGG_MAX_KEYS][LXW_MAX_SHEETNAME_LENGTH];
    size_t nkeys = 0;
    for (size_t i = 0; i < res->opts.nby; i++) {
        int dup = 0;
        for (size_t j = 0; j < nkeys; j++)
            dup |= keys[j] == res->opts.by[i];
        if (!dup)
            keys[nkeys++] = res->opts.by[i];
    }
    lxw_worksheet *summary = NULL, *runs = NULL, *groups = NULL, *method = NULL, *data = NULL,
                  *meth = NULL, *slurm = NULL;
    if (!x.failed && make_formats(&x))
        x.failed = 1;
    if (!x.failed) {
        summary = gt_lxw.workbook_add_worksheet(x.wb, "Summary");
        runs = gt_lxw.workbook_add_worksheet(x.wb, "Runs");
        int ok = summary && runs;
        for (size_t i = 0; i < nkeys && ok; i++) {
            char n[64];
            snprintf(n, sizeof n, "By %s", gt_key_name(keys[i]));
            sheet_name(names[i], sizeof names[i], n);
            ok = (by[i] = gt_lxw.workbook_add_worksheet(x.wb, names[i])) != NULL;
        }
        if (ok && res->opts.nby > 1)
            ok = (groups = gt_lxw.workbook_add_worksheet(x.wb, "Groups")) != NULL;
        if (ok && r->slurm && r->slurm->h->total.jobs)
            ok = (slurm = gt_lxw.workbook_add_worksheet(x.wb, "SLURM users")) != NULL;
        if (ok && r->methods)
            ok = (meth = gt_lxw.workbook_add_worksheet(x.wb, "Methods")) != NULL;
        if (ok) {
            method = gt_lxw.workbook_add_worksheet(x.wb, "Method");
            data = gt_lxw.workbook_add_worksheet(x.wb, "Chart data");
            ok = method && data;
        }
        if (!ok)
            fail(&x, LXW_ERROR_MEMORY_MALLOC_FAILED, "adding a sheet");
    }
    if (!x.failed) {
        /* printed: landscape, one page wide */
        lxw_worksheet *print[] = {summary, method};
        for (size_t i = 0; i < 2; i++) {
            gt_lxw.worksheet_set_landscape(print[i]);
            gt_lxw.worksheet_fit_to_pages(print[i], 1, 0);
        }
        gt_lxw.worksheet_set_landscape(runs);
        gt_lxw.worksheet_repeat_rows(runs, 0, 0);
        write_summary(&x, summary);
        write_runs(&x, runs);
        for (size_t i = 0; i < nkeys && !x.failed; i++)
            write_by_key(&x, by[i], keys[i], names[i]);
        if (groups)
            write_groups(&x, groups);
        if (slurm) {
            gt_lxw.worksheet_set_landscape(slurm);
            gt_lxw.worksheet_fit_to_pages(slurm, 1, 0);
            write_slurm(&x, slurm);
        }
        if (meth) {
            gt_lxw.worksheet_set_landscape(meth);
            gt_lxw.worksheet_fit_to_pages(meth, 1, 0);
            write_methods(&x, meth);
        }
        write_method(&x, method);
        write_charts(&x, data, summary);
    }
    /* workbook_close also frees the workbook; its errors are about the file */
    e = gt_lxw.workbook_close(x.wb);
    free(x.tmp);
    if (!x.failed && e) {
        x.failed = 1;
        gt_error_set(err, e == LXW_ERROR_MEMORY_MALLOC_FAILED ? GT_E_NOMEM : GT_E_IO, "%s",
                     gt_lxw.lxw_strerror(e));
    }
    return x.failed ? -1 : 0;
}
