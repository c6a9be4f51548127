/* gt_pdf.h - the parts of the PDF report (reports/report_pdf.c) that are
 * arithmetic rather than drawing: text in the base-14 fonts' WinAnsi
 * encoding, fitting and wrapping text to a width, chart ticks and units,
 * table pagination. Internal to the PDF writer; declared for the unit tests
 * (tests/unit/test_report_pdf.c). */
#ifndef GT_PDF_H
#define GT_PDF_H

#include "gt_hpdf.h"
#include <stddef.h>
#include <stdio.h>

/* Converts s (UTF-8; bytes that are not part of valid UTF-8 are read as
 * Latin-1) to CP1252 (WinAnsiEncoding) into buf: a code point CP1252 lacks
 * becomes '?', a control character other than a newline (kept) a space. Stops at a
 * character boundary when buf is full. Returns the length written
 * (buf is always NUL-terminated when size > 0). */
size_t gt_pdf_cp1252(const char *s, char *buf, size_t size);

/* Width in points of the CP1252 text s[0..len) in font f at size sz. With
 * rich set, every "CO2" not followed by a digit is measured with its 2 as
 * a subscript (GT_PDF_SUB_SCALE of the size), as it is drawn. */
#define GT_PDF_SUB_SCALE 0.7
double gt_pdf_width(HPDF_Font f, double sz, const char *s, size_t len, int rich);

/* Copies the CP1252 text s into out (size >= 4), cut so that it is at most
 * maxw points wide, ending in an ellipsis (CP1252 0x85) when cut. Returns 1
 * when it was cut, 0 when it fits as it is. */
int gt_pdf_fit(HPDF_Font f, double sz, const char *s, double maxw, int rich, char *out,
               size_t size);

/* A line of wrapped text: s[off .. off+len). */
struct gt_pdf_line {
    size_t off, len;
};

/* Breaks the CP1252 text s into lines at most maxw points wide: at spaces
 * (which are dropped at line ends), else after '/', ',' or '-' within a word
 * too long for a line, else between characters. '\n' forces a break.
 * Fills up to cap lines and returns how many there are. */
size_t gt_pdf_wrap(HPDF_Font f, double sz, const char *s, double maxw, int rich,
                   struct gt_pdf_line *lines, size_t cap);

/* A value axis from 0 to *axis_max covering max with ticks every *step
 * (1, 2, 2.5 or 5 times a power of ten), at most `most` steps. Returns the
 * decimals a tick label needs. max <= 0 gives an axis 0..1 in steps of 1. */
int gt_pdf_ticks(double max, int most, double *step, double *axis_max);

/* Unit for an axis whose largest value is v: for energy (kWh in) mWh, Wh,
 * kWh, MWh or GWh; for mass (g in) mg, g, kg or t. *scale multiplies a value
 * into that unit. Returns a static string. */
const char *gt_pdf_energy_unit(double kwh, double *scale);
const char *gt_pdf_mass_unit(double g, double *scale);

/* Months between labels on a time axis with bars `pitch` points apart and
 * labels `label_w` points wide: 1, 2, 3, 4, 6 or 12, then multiples of 12,
 * so labelled months fall on the same calendar months every year. */
int gt_pdf_month_step(double pitch, double label_w);

/* Rows of height row_h that fit below a header row of height header_h in
 * avail points (0 when not even one does). */
size_t gt_pdf_rows_fit(double avail, double header_h, double row_h);

/* Of `remaining` rows still to place (the last one the totals row), how
 * many go on a page with room for `fit`: all when they fit, else `fit`, or
 * one fewer when that would leave the totals row alone on the next page. */
size_t gt_pdf_rows_on_page(size_t remaining, size_t fit);

/* Pages a table of nrows rows (plus a totals row kept with at least one
 * other row) takes when its first page has first_avail points and every
 * further page page_avail, with the header repeated on each page. A first
 * page with room for no data row is skipped (the table starts on the next). */
size_t gt_pdf_table_pages(size_t nrows, double first_avail, double page_avail, double header_h,
                          double row_h);

/* ---- drawing (reports/pdf_draw.c, pdf_chart.c) ------------------------------ */

#define GT_PDF_PAGE_W 595.276 /* A4 portrait, points */
#define GT_PDF_PAGE_H 841.89
#define GT_PDF_LEFT   56.0
#define GT_PDF_WIDTH  (GT_PDF_PAGE_W - 2 * GT_PDF_LEFT)
#define GT_PDF_TOP    (GT_PDF_PAGE_H - 50.0)
#define GT_PDF_BOTTOM 58.0 /* the footer is below */

enum gt_pdf_align { GT_PDF_L, GT_PDF_R, GT_PDF_C };

/* A document being drawn: the current page and a cursor moving down it. */
struct gt_pdf {
    HPDF_Doc doc;
    HPDF_Font f, fb; /* Helvetica, Helvetica-Bold, WinAnsiEncoding */
    HPDF_Page page;  /* current page */
    HPDF_Page *pages;
    size_t npages, cap;
    double y;   /* top of the free space on the current page */
    int failed; /* a libharu error (hpdf_st, hpdf_detail) or out of memory */
    unsigned long hpdf_st, hpdf_detail;
    const char *pending; /* a heading drawn before what comes next, if anything does */
};

/* Starts a document: fonts, the dates (generated, seconds since 1970) and
 * title in its info. 0, or -1 with err (out of memory). */
struct gt_error;
int gt_pdf_open(struct gt_pdf *p, const char *title, long long generated, const char *version,
                struct gt_error *err);
/* Draws "TITLE - greentally VERSION" and "page i of n" at the foot of every
 * page. */
void gt_pdf_footers(struct gt_pdf *p, const char *title, const char *version);
/* Writes the document to out and frees it (always). 0, or -1 with err: a
 * libharu error, out of memory, or GT_E_IO on a write error. */
int gt_pdf_close(struct gt_pdf *p, FILE *out, struct gt_error *err);

/* Starts a page (cursor at the top). */
void gt_pdf_page(struct gt_pdf *p);
/* Starts a page unless h points are free below the cursor. */
void gt_pdf_need(struct gt_pdf *p, double h);
void gt_pdf_rgb(struct gt_pdf *p, unsigned rgb); /* fill colour 0xRRGGBB */
void gt_pdf_stroke_rgb(struct gt_pdf *p, unsigned rgb, double width);
void gt_pdf_rect(struct gt_pdf *p, double x, double y, double w, double h);
void gt_pdf_line(struct gt_pdf *p, double x0, double y0, double x1, double y1);
/* A CP1252 copy of utf8 (malloc'ed, the caller frees), or NULL with
 * p->failed set. */
char *gt_pdf_conv(struct gt_pdf *p, const char *utf8);
/* The lines of the CP1252 text s wrapped to w points (malloc'ed, the caller
 * frees; *n of them), or NULL with p->failed set. */
struct gt_pdf_line *gt_pdf_lines(struct gt_pdf *p, HPDF_Font f, double sz, const char *s, double w,
                                 int rich, size_t *n);
/* Draws CP1252 text with its baseline at y in the current fill colour. */
void gt_pdf_text(struct gt_pdf *p, double x, double y, HPDF_Font f, double sz, const char *s,
                 size_t len, int rich);
/* Draws UTF-8 text, cut with an ellipsis to maxw points (maxw <= 0: no
 * limit), aligned at x (left, right edge or centre). */
void gt_pdf_put(struct gt_pdf *p, double x, double y, HPDF_Font f, double sz, const char *utf8,
                double maxw, enum gt_pdf_align a, int rich);
/* Wraps UTF-8 text to w points from x at the cursor, line by line across
 * pages; moves the cursor below it. */
void gt_pdf_para(struct gt_pdf *p, double x, double w, HPDF_Font f, double sz, double leading,
                 const char *utf8, int rich);
/* A section heading (kept with `keep` points of what follows). */
void gt_pdf_heading(struct gt_pdf *p, const char *utf8, double keep);

/* Draws p->pending, if set, as a heading kept with `keep` points, and
 * clears it. */
void gt_pdf_pending(struct gt_pdf *p, double keep);

/* Charts of the report's tallies; each draws nothing (and returns 0) when
 * it would show fewer than two bars or no data, else returns 1. */
struct gt_report_tally;
int gt_pdf_chart_components(struct gt_pdf *p, const struct gt_report_tally *t);
int gt_pdf_chart_months(struct gt_pdf *p, const struct gt_report_tally *t);
int gt_pdf_chart_share(struct gt_pdf *p, const struct gt_report_tally *t);
/* An estimate's energy by component: one bar each for CPU, GPU and memory
 * (kWh), with its share of the total. */
struct gt_estimate_result;
int gt_pdf_chart_estimate(struct gt_pdf *p, const struct gt_estimate_result *e);

#endif
