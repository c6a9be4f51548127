/* pdf_text.c - the arithmetic of the PDF report: CP1252 text, widths,
 * fitting, wrapping, ticks and pagination (see gt_pdf.h). */
#include <math.h>
#include <string.h>

#include "gt_pdf.h"

/* ---- CP1252 --------------------------------------------------------------- */

/* CP1252 0x80..0x9F: the code points they stand for (0: unused). */
static const unsigned short cp1252_hi[32] = {
    0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0,      0x017D, 0,      0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178};

static unsigned char to_cp1252(unsigned long cp)
{
    if (cp == '\n')
        return '\n';
    if (cp < 0x20 || cp == 0x7F)
        return ' ';
    if (cp < 0x80 || (cp >= 0xA0 && cp <= 0xFF))
        return (unsigned char)cp;
    for (int i = 0; i < 32; i++)
        if (cp1252_hi[i] && cp1252_hi[i] == cp)
            return (unsigned char)(0x80 + i);
    if (cp == 0x2082) /* subscript two: the 2 of CO2 */
        return '2';
    return '?';
}

/* Decodes one UTF-8 sequence at s (n > 0 bytes left); returns its length,
 * or 0 when it is not valid UTF-8. */
static size_t utf8_seq(const unsigned char *s, size_t n, unsigned long *cp)
{
    unsigned char c = s[0];
    size_t len;
    unsigned long v, min;
    if (c < 0x80) {
        *cp = c;
        return 1;
    } else if (c >= 0xC2 && c <= 0xDF) {
        len = 2, v = c & 0x1F, min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        len = 3, v = c & 0x0F, min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4, v = c & 0x07, min = 0x10000;
    } else {
        return 0;
    }
    if (n < len)
        return 0;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return len;
}

size_t gt_pdf_cp1252(const char *s, char *buf, size_t size)
{
    if (!size)
        return 0;
    const unsigned char *u = (const unsigned char *)s;
    size_t n = strlen(s), o = 0;
    for (size_t i = 0; i < n && o + 1 < size;) {
        unsigned long cp;
        size_t l = utf8_seq(u + i, n - i, &cp);
        if (!l) { /* Latin-1 */
            cp = u[i];
            l = 1;
            if (cp >= 0x80 && cp < 0xA0)
                cp = 0xFFFD; /* C1 control: nothing printable */
        }
        buf[o++] = (char)to_cp1252(cp);
        i += l;
    }
    buf[o] = 0;
    return o;
}

/* ---- widths --------------------------------------------------------------- */

/* 1 when s[i] starts a "CO2" whose 2 is drawn as a subscript. */
static int co2_at(const char *s, size_t len, size_t i)
{
    return i + 3 <= len && s[i] == 'C' && s[i + 1] == 'O' && s[i + 2] == '2' &&
           (i + 3 == len || s[i + 3] < '0' || s[i + 3] > '9');
}

static double raw_width(HPDF_Font f, double sz, const char *s, size_t len)
{
    if (!len)
        return 0;
    HPDF_TextWidth w = gt_hpdf.Font_TextWidth(f, (const HPDF_BYTE *)s, (HPDF_UINT)len);
    return w.width * sz / 1000.0;
}

double gt_pdf_width(HPDF_Font f, double sz, const char *s, size_t len, int rich)
{
    if (!rich)
        return raw_width(f, sz, s, len);
    double w = 0;
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        if (!co2_at(s, len, i))
            continue;
        w += raw_width(f, sz, s + start, i + 2 - start);
        w += raw_width(f, sz * GT_PDF_SUB_SCALE, "2", 1);
        start = i + 3;
        i += 2;
    }
    return w + raw_width(f, sz, s + start, len - start);
}

int gt_pdf_fit(HPDF_Font f, double sz, const char *s, double maxw, int rich, char *out, size_t size)
{
    size_t n = strlen(s);
    if (gt_pdf_width(f, sz, s, n, rich) <= maxw && n < size) {
        memcpy(out, s, n + 1);
        return 0;
    }
    double ell = raw_width(f, sz, "\x85", 1);
    size_t k = n < size - 1 ? n : size - 2;
    while (k > 0 && gt_pdf_width(f, sz, s, k, rich) + ell > maxw)
        k--;
    while (k > 0 && s[k - 1] == ' ')
        k--;
    memcpy(out, s, k);
    out[k] = '\x85';
    out[k + 1] = 0;
    return 1;
}

/* ---- wrapping ------------------------------------------------------------- */

size_t gt_pdf_wrap(HPDF_Font f, double sz, const char *s, double maxw, int rich,
                   struct gt_pdf_line *lines, size_t cap)
{
    size_t n = strlen(s), count = 0, i = 0;
    for (;;) {
        size_t start = i, end = i, last_space = start, last_soft = start;
        /* grow the line one character at a time */
        while (end < n && s[end] != '\n') {
            if (end > start && gt_pdf_width(f, sz, s + start, end + 1 - start, rich) > maxw)
                break;
            if (s[end] == ' ')
                last_space = end;
            else if (s[end] == '/' || s[end] == ',' || s[end] == '-')
                last_soft = end + 1;
            end++;
        }
        size_t len = end - start, next = end;
        if (end >= n || s[end] == '\n' || s[end] == ' ') {
            next = end + (end < n); /* drop the newline or the space */
        } else if (last_space > start) {
            len = last_space - start;
            next = last_space + 1;
        } else if (last_soft > start) {
            len = next = last_soft;
            len -= start;
        }
        while (len && s[start + len - 1] == ' ')
            len--;
        if (count < cap) {
            lines[count].off = start;
            lines[count].len = len;
        }
        count++;
        if (end >= n)
            return count;
        i = next;
        if (s[end] != '\n')
            while (i < n && s[i] == ' ')
                i++;
        if (i >= n && s[end] != '\n')
            return count;
    }
}

/* ---- axes ------------------------------------------------------------------ */

int gt_pdf_ticks(double max, int most, double *step, double *axis_max)
{
    if (!(max > 0) || !isfinite(max) || most < 1) {
        *step = 1;
        *axis_max = 1;
        return 0;
    }
    static const double mant[] = {1, 2, 2.5, 5};
    int k = (int)floor(log10(max / most));
    for (;; k++) {
        double p = pow(10, k);
        for (int m = 0; m < 4; m++) {
            double st = mant[m] * p;
            double steps = ceil(max / st - 1e-9);
            if (steps <= most) {
                *step = st;
                *axis_max = steps * st;
                int dec = k < 0 ? -k : 0;
                if (m == 2)
                    dec += 1;
                return dec;
            }
        }
    }
}

const char *gt_pdf_energy_unit(double kwh, double *scale)
{
    if (kwh >= 1e6)
        return *scale = 1e-6, "GWh";
    if (kwh >= 1e3)
        return *scale = 1e-3, "MWh";
    if (kwh >= 1)
        return *scale = 1, "kWh";
    if (kwh >= 1e-3)
        return *scale = 1e3, "Wh";
    return *scale = 1e6, "mWh";
}

const char *gt_pdf_mass_unit(double g, double *scale)
{
    if (g >= 1e6)
        return *scale = 1e-6, "t";
    if (g >= 1e3)
        return *scale = 1e-3, "kg";
    if (g >= 1)
        return *scale = 1, "g";
    return *scale = 1e3, "mg";
}

int gt_pdf_month_step(double pitch, double label_w)
{
    static const int steps[] = {1, 2, 3, 4, 6, 12};
    if (!(pitch > 0))
        return 12;
    for (int i = 0; i < 6; i++)
        if (steps[i] * pitch >= label_w)
            return steps[i];
    int y = (int)ceil(label_w / (12 * pitch));
    return 12 * y;
}

/* ---- tables ---------------------------------------------------------------- */

size_t gt_pdf_rows_fit(double avail, double header_h, double row_h)
{
    if (avail < header_h + row_h || row_h <= 0)
        return 0;
    return (size_t)floor((avail - header_h) / row_h + 1e-9);
}

size_t gt_pdf_rows_on_page(size_t remaining, size_t fit)
{
    if (remaining <= fit)
        return remaining;
    if (fit >= 2 && remaining == fit + 1)
        return fit - 1;
    return fit;
}

size_t gt_pdf_table_pages(size_t nrows, double first_avail, double page_avail, double header_h,
                          double row_h)
{
    size_t left = nrows + 1, pages = 0;
    size_t fit = gt_pdf_rows_fit(first_avail, header_h, row_h);
    size_t full = gt_pdf_rows_fit(page_avail, header_h, row_h);
    if (!full)
        return 0;
    if (!fit) /* starts on the next page */
        fit = full;
    while (left) {
        left -= gt_pdf_rows_on_page(left, fit);
        pages++;
        fit = full;
    }
    return pages;
}
