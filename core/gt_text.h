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

/* Levenshtein distance between a[0..la) and b[0..lb), ASCII letters
 * compared case-insensitively; slices longer than 64 bytes give the longer
 * length. */
size_t gt_edit_distance(const char *a, size_t la, const char *b, size_t lb);

/* The candidate closest to s for a "did you mean" (NULL when none is close:
 * an edit distance, a transposition counting 1, of 0 (case only) for up to
 * 2 characters, 1 up to 4, 2 up to 8, else 3;
 * or s a prefix of exactly one candidate, of 3 characters or more). Ties
 * go to the first. cands has n entries (NULL entries skipped). */
const char *gt_closest(const char *s, const char *const *cands, size_t n);

#endif
