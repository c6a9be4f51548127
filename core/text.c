#include "gt_text.h"

#include <string.h>
#include <strings.h>

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
