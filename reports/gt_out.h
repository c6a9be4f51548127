/* gt_out.h - cell and value helpers shared by the writers in reports/. */
#ifndef GT_OUT_H
#define GT_OUT_H

#include <cJSON.h>
#include <stddef.h>
#include <stdio.h>

/* A quoted CSV cell (libcsv) in UTF-8 (bytes that are not UTF-8 read as
 * Latin-1, controls escaped: gt_text_escape), preceded by ',' unless it is
 * the first. A cell a spreadsheet would read as a formula (= + - @ first, not
 * a number) gets a leading '. */
void gt_out_csv_str(FILE *o, const char *s, int first);
/* ',' then the shortest round-trip number, or nothing for NAN. */
void gt_out_csv_num(FILE *o, double v);
/* Prints o (then deletes it) followed by a newline; 0, or -1 on error. */
int gt_out_json_print(FILE *out, cJSON *o);
/* k: v, or k: null for NAN. */
void gt_out_json_num(cJSON *o, const char *k, double v);

/* k: [lo, hi], or k: null when either is NAN (a low-high range, gt_unc.h). */
void gt_out_json_range(cJSON *o, const char *k, double lo, double hi);
/* "lo - hi" with `dec` decimals, or "-" when either is NAN, into buf. */
const char *gt_out_range_fixed(double lo, double hi, int dec, char *buf, size_t size);

/* A JSON string of v as valid UTF-8 (bytes that are not UTF-8 read as
 * Latin-1); the caller owns it. */
cJSON *gt_out_json_string(const char *v);
/* A malloc'ed copy of s as valid UTF-8 (bytes that are not UTF-8 read as
 * Latin-1) of at most max bytes, cut at a character boundary (a
 * spreadsheet cell's limit). NULL when out of memory. */
char *gt_out_utf8_cut(const char *s, size_t max);

/* s as it may reach a terminal: s itself when it is safe, else its escaped
 * copy (gt_text_escape) kept in *tmp, which replaces and frees what *tmp held
 * (free *tmp when done). "(out of memory)" when the copy cannot be made. */
const char *gt_out_term(const char *s, char **tmp);

/* k: v as valid UTF-8 (bytes that are not UTF-8 read as Latin-1). */
void gt_out_json_str(cJSON *o, const char *k, const char *v);

#endif
