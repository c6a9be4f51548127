#include "gt_text.h"

#include <string.h>

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
