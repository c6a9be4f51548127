/* pdf_draw.c - pages, text and paragraphs of the PDF report (see gt_pdf.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_error.h"
#include "gt_pdf.h"
#include "gt_time.h"

void gt_pdf_page(struct gt_pdf *p)
{
    if (p->failed)
        return;
    if (p->npages == p->cap) {
        size_t cap = p->cap ? 2 * p->cap : 16;
        HPDF_Page *np = realloc(p->pages, cap * sizeof *np);
        if (!np) {
            p->failed = 1;
            return;
        }
        p->pages = np;
        p->cap = cap;
    }
    HPDF_Page pg = gt_hpdf.AddPage(p->doc);
    if (!pg) {
        p->failed = 1;
        return;
    }
    gt_hpdf.Page_SetSize(pg, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
    p->pages[p->npages++] = pg;
    p->page = pg;
    p->y = GT_PDF_TOP;
}

void gt_pdf_need(struct gt_pdf *p, double h)
{
    if (!p->page || p->y - h < GT_PDF_BOTTOM)
        gt_pdf_page(p);
}

void gt_pdf_rgb(struct gt_pdf *p, unsigned rgb)
{
    if (p->failed)
        return;
    gt_hpdf.Page_SetRGBFill(p->page, (float)((rgb >> 16) & 0xFF) / 255.0f,
                            (float)((rgb >> 8) & 0xFF) / 255.0f, (float)(rgb & 0xFF) / 255.0f);
}

void gt_pdf_stroke_rgb(struct gt_pdf *p, unsigned rgb, double width)
{
    if (p->failed)
        return;
    gt_hpdf.Page_SetRGBStroke(p->page, (float)((rgb >> 16) & 0xFF) / 255.0f,
                              (float)((rgb >> 8) & 0xFF) / 255.0f, (float)(rgb & 0xFF) / 255.0f);
    gt_hpdf.Page_SetLineWidth(p->page, (float)width);
}

void gt_pdf_rect(struct gt_pdf *p, double x, double y, double w, double h)
{
    if (p->failed || w <= 0 || h <= 0)
        return;
    gt_hpdf.Page_Rectangle(p->page, (float)x, (float)y, (float)w, (float)h);
    gt_hpdf.Page_Fill(p->page);
}

void gt_pdf_line(struct gt_pdf *p, double x0, double y0, double x1, double y1)
{
    if (p->failed)
        return;
    gt_hpdf.Page_MoveTo(p->page, (float)x0, (float)y0);
    gt_hpdf.Page_LineTo(p->page, (float)x1, (float)y1);
    gt_hpdf.Page_Stroke(p->page);
}

static void show(struct gt_pdf *p, HPDF_Font f, double sz, double x, double y, const char *s,
                 size_t len)
{
    char buf[512];
    while (len) {
        size_t k = len < sizeof buf - 1 ? len : sizeof buf - 1;
        memcpy(buf, s, k);
        buf[k] = 0;
        gt_hpdf.Page_SetFontAndSize(p->page, f, (float)sz);
        gt_hpdf.Page_TextOut(p->page, (float)x, (float)y, buf);
        x += gt_pdf_width(f, sz, s, k, 0);
        s += k;
        len -= k;
    }
}

void gt_pdf_text(struct gt_pdf *p, double x, double y, HPDF_Font f, double sz, const char *s,
                 size_t len, int rich)
{
    if (p->failed || !len)
        return;
    gt_hpdf.Page_BeginText(p->page);
    size_t start = 0;
    for (size_t i = 0; rich && i + 3 <= len; i++) {
        if (!(s[i] == 'C' && s[i + 1] == 'O' && s[i + 2] == '2' &&
              (i + 3 == len || s[i + 3] < '0' || s[i + 3] > '9')))
            continue;
        show(p, f, sz, x, y, s + start, i + 2 - start);
        x += gt_pdf_width(f, sz, s + start, i + 2 - start, 0);
        show(p, f, sz * GT_PDF_SUB_SCALE, x, y - sz * 0.22, "2", 1);
        x += gt_pdf_width(f, sz * GT_PDF_SUB_SCALE, "2", 1, 0);
        start = i + 3;
        i += 2;
    }
    show(p, f, sz, x, y, s + start, len - start);
    gt_hpdf.Page_EndText(p->page);
}

char *gt_pdf_conv(struct gt_pdf *p, const char *utf8)
{
    size_t n = strlen(utf8) + 1;
    char *s = malloc(n);
    if (!s) {
        p->failed = 1;
        return NULL;
    }
    gt_pdf_cp1252(utf8, s, n);
    return s;
}

void gt_pdf_put(struct gt_pdf *p, double x, double y, HPDF_Font f, double sz, const char *utf8,
                double maxw, enum gt_pdf_align a, int rich)
{
    if (p->failed)
        return;
    char *s = gt_pdf_conv(p, utf8);
    if (!s)
        return;
    size_t n = strlen(s);
    for (size_t i = 0; i < n; i++)
        if (s[i] == '\n')
            s[i] = ' ';
    if (maxw > 0) {
        char *fit = malloc(n + 4);
        if (!fit) {
            free(s);
            p->failed = 1;
            return;
        }
        gt_pdf_fit(f, sz, s, maxw, rich, fit, n + 4);
        free(s);
        s = fit;
        n = strlen(s);
    }
    double w = gt_pdf_width(f, sz, s, n, rich);
    if (a == GT_PDF_R)
        x -= w;
    else if (a == GT_PDF_C)
        x -= w / 2;
    gt_pdf_text(p, x, y, f, sz, s, n, rich);
    free(s);
}

struct gt_pdf_line *gt_pdf_lines(struct gt_pdf *p, HPDF_Font f, double sz, const char *s, double w,
                                 int rich, size_t *n)
{
    *n = gt_pdf_wrap(f, sz, s, w, rich, NULL, 0);
    struct gt_pdf_line *ln = malloc((*n ? *n : 1) * sizeof *ln);
    if (!ln) {
        p->failed = 1;
        return NULL;
    }
    gt_pdf_wrap(f, sz, s, w, rich, ln, *n);
    return ln;
}

void gt_pdf_para(struct gt_pdf *p, double x, double w, HPDF_Font f, double sz, double leading,
                 const char *utf8, int rich)
{
    if (p->failed)
        return;
    char *s = gt_pdf_conv(p, utf8);
    if (!s)
        return;
    size_t n = strlen(s);
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\n'))
        s[--n] = 0;
    size_t nl;
    struct gt_pdf_line *ln = gt_pdf_lines(p, f, sz, s, w, rich, &nl);
    if (!ln) {
        free(s);
        return;
    }
    for (size_t i = 0; i < nl; i++) {
        gt_pdf_need(p, leading);
        gt_pdf_text(p, x, p->y - sz, f, sz, s + ln[i].off, ln[i].len, rich);
        p->y -= leading;
    }
    free(ln);
    free(s);
}

void gt_pdf_heading(struct gt_pdf *p, const char *utf8, double keep)
{
    gt_pdf_need(p, 34 + keep); /* the heading takes 24 points, 10 more below other text */
    if (p->y < GT_PDF_TOP)
        p->y -= 10;
    gt_pdf_rgb(p, 0x1F3A5F);
    gt_pdf_put(p, GT_PDF_LEFT, p->y - 12, p->fb, 12.5, utf8, GT_PDF_WIDTH, GT_PDF_L, 1);
    gt_pdf_stroke_rgb(p, 0x1F3A5F, 0.6);
    gt_pdf_line(p, GT_PDF_LEFT, p->y - 16, GT_PDF_LEFT + GT_PDF_WIDTH, p->y - 16);
    gt_pdf_rgb(p, 0);
    p->y -= 24;
}

void gt_pdf_pending(struct gt_pdf *p, double keep)
{
    if (!p->pending)
        return;
    const char *h = p->pending;
    p->pending = NULL;
    gt_pdf_heading(p, h, keep);
}

/* ---- the document ------------------------------------------------------------ */

static void on_error(HPDF_STATUS st, HPDF_STATUS detail, void *user)
{
    struct gt_pdf *p = user;
    if (!p->failed) {
        p->hpdf_st = st;
        p->hpdf_detail = detail;
    }
    p->failed = 1;
}

int gt_pdf_open(struct gt_pdf *p, const char *title, long long generated, const char *version,
                struct gt_error *err)
{
    memset(p, 0, sizeof *p);
    if (gt_hpdf_load(err) != GT_OK)
        return -1;
    p->doc = gt_hpdf.New(on_error, p);
    if (!p->doc) {
        gt_error_set(err, GT_E_NOMEM, "out of memory");
        return -1;
    }
    gt_hpdf.SetCompressionMode(p->doc, HPDF_COMP_ALL);
    p->f = gt_hpdf.GetFont(p->doc, "Helvetica", "WinAnsiEncoding");
    p->fb = gt_hpdf.GetFont(p->doc, "Helvetica-Bold", "WinAnsiEncoding");
    int y, mo, d, h, mi;
    double s;
    gt_time_to_civil((double)generated, &y, &mo, &d, &h, &mi, &s);
    HPDF_Date date = {y, mo, d, h, mi, (int)s, 'Z', 0, 0};
    gt_hpdf.SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE, date);
    gt_hpdf.SetInfoDateAttr(p->doc, HPDF_INFO_MOD_DATE, date);
    char t[256], c[64];
    gt_pdf_cp1252(title, t, sizeof t);
    gt_hpdf.SetInfoAttr(p->doc, HPDF_INFO_TITLE, t);
    snprintf(c, sizeof c, "greentally %s", version);
    gt_hpdf.SetInfoAttr(p->doc, HPDF_INFO_CREATOR, c);
    return 0;
}

void gt_pdf_footers(struct gt_pdf *p, const char *title, const char *version)
{
    char b[64], t[300];
    double right = GT_PDF_LEFT + GT_PDF_WIDTH;
    snprintf(t, sizeof t, "%s - greentally %s", title, version);
    for (size_t i = 0; i < p->npages && !p->failed; i++) {
        p->page = p->pages[i];
        gt_pdf_stroke_rgb(p, 0xBBBBBB, 0.4);
        gt_pdf_line(p, GT_PDF_LEFT, GT_PDF_BOTTOM - 18, right, GT_PDF_BOTTOM - 18);
        gt_pdf_rgb(p, 0x555555);
        snprintf(b, sizeof b, "page %zu of %zu", i + 1, p->npages);
        gt_pdf_put(p, right, GT_PDF_BOTTOM - 28, p->f, 7.5, b, 0, GT_PDF_R, 0);
        gt_pdf_put(p, GT_PDF_LEFT, GT_PDF_BOTTOM - 28, p->f, 7.5, t, GT_PDF_WIDTH - 80, GT_PDF_L,
                   1);
    }
}

static int copy_out(HPDF_Doc doc, FILE *out)
{
    if (gt_hpdf.SaveToStream(doc) != HPDF_OK)
        return -1;
    gt_hpdf.ResetStream(doc);
    HPDF_BYTE buf[65536];
    for (;;) {
        HPDF_UINT32 n = sizeof buf;
        HPDF_STATUS st = gt_hpdf.ReadFromStream(doc, buf, &n);
        if (n && fwrite(buf, 1, n, out) != n)
            return -2;
        if (st == HPDF_STREAM_EOF)
            return 0;
        if (st != HPDF_OK)
            return -1;
    }
}

int gt_pdf_close(struct gt_pdf *p, FILE *out, struct gt_error *err)
{
    int rc = p->failed ? -1 : copy_out(p->doc, out);
    if (p->failed || rc == -1) {
        if (p->hpdf_st)
            gt_error_set(err, GT_E_DATA, "cannot make the PDF: libharu error 0x%04lX (detail %lu)",
                         p->hpdf_st, p->hpdf_detail);
        else
            gt_error_set(err, GT_E_NOMEM, "out of memory");
        rc = -1;
    } else if (rc == -2 || ferror(out)) {
        int e = errno;
        gt_error_set(err, GT_E_IO, "%s", e ? strerror(e) : "write error");
        rc = -1;
    }
    gt_hpdf.Free(p->doc);
    free(p->pages);
    p->doc = NULL;
    p->pages = NULL;
    return rc;
}
