/* gt_text.h - small text helpers shared by the parsers (bounded slices). */
#ifndef GT_TEXT_H
#define GT_TEXT_H

#include <stddef.h>

#include "gt_csv.h"

/* Space, tab, CR or LF. */
int gt_is_blank(char c);

/* Narrows the slice (s, n) to drop leading and trailing blanks. */
void gt_trim(const char **s, size_t *n);
/* The next line of data[*off..len) that has text once a '#' comment and
 * surrounding blanks are cut: *s and *n point at that text, *line is its 1-based
 * number, *off moves past it. 0 at the end of data. For key = value files. */
int gt_text_next_line(const char *data, size_t len, size_t *off, long *line, const char **s,
                      size_t *n);

/* Trims a mutable NUL-terminated string in place; returns its new start. */
char *gt_trim_mut(char *s);

/* The cell at idx of a parsed CSV row, or "" (a static that is never
 * written) when idx is negative or past the row's end. */
char *gt_row_cell(const struct gt_csv_row *r, int idx);

/* Text from logs made safe to show on a terminal, in a CSV or in XML (one
 * rule for every output): C0 controls (tab and newline included) and DEL
 * become \xNN; C1 controls (U+0080-U+009F) and the non-characters U+FFFE and
 * U+FFFF become \uNNNN; a byte that is not UTF-8 becomes \xNN, or with
 * GT_ESC_LATIN1 is read as Latin-1 (then a C1 one becomes \u00NN). */
enum {
    GT_ESC_LATIN1 = 1u << 0, /* bytes that are not UTF-8 read as Latin-1 */
    GT_ESC_KEEP_WS = 1u << 1 /* tab, LF and CR kept (valid in XML text; XLSX cells) */
};

/* 1 when gt_text_escape would return s unchanged. */
int gt_text_is_safe(const char *s, unsigned flags);

/* The escaped copy of s (caller frees), NULL when out of memory. */
char *gt_text_escape(const char *s, unsigned flags);

/* 1 when a spreadsheet would read a CSV cell holding s as a formula: it
 * starts with = + - @ tab or CR and is not a plain number (OWASP CSV
 * injection). Such a cell is written with a leading '. */
int gt_text_is_formula(const char *s);
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
