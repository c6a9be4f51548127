/* gt_csv.h - CSV bytes -> rows of cells with line numbers (libcsv). Pure. */
#ifndef GT_CSV_H
#define GT_CSV_H

#include <stddef.h>

#include "gt_error.h"

struct gt_csv_row {
    long line;    /* 1-based line on which the row starts */
    size_t n;     /* number of cells */
    char **cells; /* NUL-terminated, never NULL (empty cell = "") */
};

struct gt_csv {
    size_t nrows;
    struct gt_csv_row *rows; /* rows[0] is the header when there is one */
    size_t cap;
};

/* Parses `len` bytes of CSV with the given delimiter (',' or ';'...). A UTF-8
 * BOM is skipped; a missing final newline is fine; empty lines are skipped.
 * `name` is used in error messages only. On success *out owns the rows
 * (release with gt_csv_release). Errors (unterminated quote, out of memory)
 * name the file and line. */
enum gt_status gt_csv_parse(const char *data, size_t len, unsigned char delim, const char *name,
                            struct gt_csv *out, struct gt_error *err);

/* Frees the rows of a table (the struct itself is the caller's). */
void gt_csv_release(struct gt_csv *t);

/* Index of the header cell equal to `col` (case-insensitive, trimmed), -1 if
 * absent. */
int gt_csv_col(const struct gt_csv_row *header, const char *col);

#endif
