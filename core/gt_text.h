/* gt_text.h - small text helpers shared by the parsers (bounded slices). */
#ifndef GT_TEXT_H
#define GT_TEXT_H

#include <stddef.h>

#include "gt_csv.h"

/* Space, tab, CR or LF. */
int gt_is_blank(char c);

/* Narrows the slice (s, n) to drop leading and trailing blanks. */
void gt_trim(const char **s, size_t *n);

/* Trims a mutable NUL-terminated string in place; returns its new start. */
char *gt_trim_mut(char *s);

/* The cell at idx of a parsed CSV row, or "" (a static that is never
 * written) when idx is negative or past the row's end. */
char *gt_row_cell(const struct gt_csv_row *r, int idx);

#endif
