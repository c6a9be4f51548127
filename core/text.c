#include "gt_text.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gt_num.h"

int gt_is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

void gt_trim(const char **s, size_t *n)
{
    while (*n && gt_is_blank(**s)) {
        (*s)++;
        (*n)--;
    }
    while (*n && gt_is_blank((*s)[*n - 1]))
        (*n)--;
}

int gt_text_next_line(const char *data, size_t len, size_t *off, long *line, const char **s,
                      size_t *n)
{
    while (*off < len) {
        const char *p = data + *off;
        const char *nl = memchr(p, '\n', len - *off);
        size_t k = nl ? (size_t)(nl - p) : len - *off;
        *off += k + (nl != NULL);
        (*line)++;
        const char *hash = memchr(p, '#', k);
        if (hash)
            k = (size_t)(hash - p);
        gt_trim(&p, &k);
        if (k) {
            *s = p;
            *n = k;
            return 1;
        }
    }
    return 0;
}

char *gt_trim_mut(char *s)
{
    while (gt_is_blank(*s))
        s++;
    size_t n = strlen(s);
    while (n && gt_is_blank(s[n - 1]))
        s[--n] = '\0';
    return s;
}

char *gt_row_cell(const struct gt_csv_row *r, int idx)
{
    static char empty[1];
    return idx >= 0 && (size_t)idx < r->n ? r->cells[idx] : empty;
}

/* The code point of a valid UTF-8 sequence at s (n bytes left): its length,
 * or 0 when the bytes are not valid UTF-8 (overlong, surrogate, > U+10FFFF,
 * cut short). */
static size_t utf8_next(const unsigned char *s, size_t n, unsigned long *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (!len || len > n || s[0] > 0xF4)
        return 0;
    unsigned long c = s[0] & (0x7F >> len);
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        c = (c << 6) | (s[i] & 0x3F);
    }
    static const unsigned long min[5] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < min[len] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        return 0;
    *cp = c;
    return len;
}

static int cp_unsafe(unsigned long c, unsigned flags)
{
    if ((flags & GT_ESC_KEEP_WS) && (c == '\t' || c == '\n' || c == '\r'))
        return 0;
    return c < 0x20 || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0xFFFE || c == 0xFFFF;
}

/* Appends the escaped form of s to out (when out is not NULL); returns the
 * escaped length. */
static size_t escape_into(const char *s, unsigned flags, char *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), o = 0;
    char b[12];
    for (size_t i = 0; i < n;) {
        unsigned long c;
        size_t l = utf8_next(p + i, n - i, &c);
        size_t bl;
        if (l && !cp_unsafe(c, flags)) {
            if (out)
                memcpy(out + o, p + i, l);
            o += l;
            i += l;
            continue;
        }
        if (!l && !(flags & GT_ESC_LATIN1)) {
            bl = (size_t)snprintf(b, sizeof b, "\\x%02X", p[i]);
            l = 1;
        } else if (!l && p[i] >= 0xA0) { /* Latin-1 letter: its UTF-8 */
            b[0] = (char)(0xC0 | (p[i] >> 6));
            b[1] = (char)(0x80 | (p[i] & 0x3F));
            bl = 2;
            l = 1;
        } else {
            if (!l) {
                c = p[i];
                l = 1;
            }
            bl = (size_t)snprintf(b, sizeof b, c < 0x20 || c == 0x7F ? "\\x%02lX" : "\\u%04lX", c);
        }
        if (out)
            memcpy(out + o, b, bl);
        o += bl;
        i += l;
    }
    if (out)
        out[o] = '\0';
    return o;
}

int gt_text_is_safe(const char *s, unsigned flags)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    for (size_t i = 0; i < n;) {
        if (p[i] >= 0x20 && p[i] < 0x7F) {
            i++;
            continue;
        }
        unsigned long c;
        size_t l = utf8_next(p + i, n - i, &c);
        if (!l || cp_unsafe(c, flags))
            return 0;
        i += l;
    }
    return 1;
}

char *gt_text_escape(const char *s, unsigned flags)
{
    char *out = malloc(escape_into(s, flags, NULL) + 1);
    if (out)
        escape_into(s, flags, out);
    return out;
}

int gt_text_is_formula(const char *s)
{
    if (!strchr("=+-@\t\r", s[0]) || !s[0])
        return 0;
    double v;
    size_t n = strlen(s);
    return s[strspn(s, "0123456789.eE+-")] != '\0' || gt_num_parse(s, n, &v) != 0;
}

static char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

size_t gt_edit_distance(const char *a, size_t la, const char *b, size_t lb)
{
    if (la > 64 || lb > 64)
        return la > lb ? la : lb;
    /* rows i-2, i-1 and i of the optimal-string-alignment matrix */
    size_t r0[65], r1[65], r2[65];
    size_t *pp = r0, *p = r1, *c = r2;
    for (size_t j = 0; j <= lb; j++)
        p[j] = j;
    for (size_t i = 1; i <= la; i++) {
        c[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t sub = p[j - 1] + (lower(a[i - 1]) != lower(b[j - 1]));
            size_t del = p[j] + 1, ins = c[j - 1] + 1;
            size_t v = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
                lower(a[i - 2]) == lower(b[j - 1]) && pp[j - 2] + 1 < v)
                v = pp[j - 2] + 1; /* a transposition */
            c[j] = v;
        }
        size_t *t = pp;
        pp = p;
        p = c;
        c = t;
    }
    return p[lb];
}

const char *gt_closest(const char *s, const char *const *cands, size_t n)
{
    size_t ls = strlen(s);
    size_t limit = ls <= 2 ? 0 : ls <= 4 ? 1 : ls <= 8 ? 2 : 3;
    const char *best = NULL, *prefix = NULL;
    size_t bestd = limit + 1, nprefix = 0;
    for (size_t i = 0; i < n; i++) {
        if (!cands[i] || !cands[i][0])
            continue;
        size_t lc = strlen(cands[i]);
        size_t d = gt_edit_distance(s, ls, cands[i], lc);
        if (d < bestd) {
            bestd = d;
            best = cands[i];
        }
        if (ls >= 3 && lc > ls && !strncasecmp(cands[i], s, ls)) {
            nprefix++;
            prefix = cands[i];
        }
    }
    if (best)
        return best;
    return nprefix == 1 ? prefix : NULL;
}
