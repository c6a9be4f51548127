/* gt_csv.h - CSV bytes -> rows of cells with line numbers (libcsv). Pure. */
#ifndef GT_CSV_H
#define GT_CSV_H

#include <stddef.h>

#include "gt_error.h"

/* The longest row read; a longer one is malformed ("row longer than 4 MiB
 * (the limit)"), so memory stays bounded whatever the input. */
#define GT_CSV_ROW_MAX ((size_t)4 << 20)

struct gt_csv_row {
    long line;      /* 1-based line on which the row starts */
    size_t n;       /* number of cells */
    char **cells;   /* NUL-terminated, never NULL (empty cell = "") */
    size_t nul_col; /* > 0: this cell (1-based) held a NUL byte; reject the row */
};

struct gt_csv {
    size_t nrows;
    struct gt_csv_row *rows; /* rows[0] is the header when there is one */
    size_t cap;
};

/* Parses `len` bytes of CSV with the given delimiter (',' or ';'...). UTF-8
 * BOMs at the start are skipped; a missing final newline is fine; empty lines are skipped.
 * `name` is used in error messages only. On success *out owns the rows
 * (release with gt_csv_release). Errors (unterminated quote, out of memory)
 * name the file and line. */
enum gt_status gt_csv_parse(const char *data, size_t len, unsigned char delim, const char *name,
                            struct gt_csv *out, struct gt_error *err);

/* Streaming reader: rows are handed to a callback as they complete, so memory
 * is bounded by the longest row. cells[i] is NUL-terminated with length
 * lens[i]; both arrays and the strings are valid during the call only. A
 * non-GT_OK return from the callback stops the stream (feed returns it). */
typedef enum gt_status (*gt_csv_row_fn)(void *ud, long line, size_t n, char **cells,
                                        const size_t *lens);
/* Called instead of failing when `bad` is given to gt_csv_stream_open: a row
 * with malformed quoting, longer than GT_CSV_ROW_MAX or with a NUL byte in a
 * cell, starting at `line`, is dropped and reading resumes on the next line. In that mode a row is
 * one line: a quote left open at the end of a line is malformed (log files never quote newlines),
 * so one bad cell cannot swallow the rest of a file. */
typedef void (*gt_csv_bad_fn)(void *ud, long line, const char *reason);
struct gt_csv_stream;

/* NULL when out of memory. `name` is used in messages (not copied). */
struct gt_csv_stream *gt_csv_stream_open(unsigned char delim, const char *name, gt_csv_row_fn row,
                                         gt_csv_bad_fn bad, void *ud);
/* Feeds the next bytes (any split; a BOM at the very start is skipped). */
enum gt_status gt_csv_stream_feed(struct gt_csv_stream *s, const char *buf, size_t len,
                                  struct gt_error *err);
/* Lines without a quote character are split by a fast path that gives the
 * same cells and line numbers as libcsv (tests/fuzz/fuzz_csv_fast.c checks
 * it). level 3 (the default where SSE2 is there) finds each line's end and
 * its delimiters in one scan of 16 bytes at a time, copying the line once;
 * 2 finds line ends with memchr, then delimiters 16 bytes at a time (the
 * default without SSE2, where it is 1); 1 uses memchr for both; 0 sends
 * every line through libcsv (the levels exist for that comparison). */
void gt_csv_stream_set_fast(struct gt_csv_stream *s, int level);
/* During a row callback: 1 when the row came from the level-3 scan and no
 * cell began or ended with a byte <= ' ' (a blank or a control character),
 * so the cells need no trimming of any kind; 0 when unknown. */
int gt_csv_stream_clean(const struct gt_csv_stream *s);
/* Ends the input (a last row without newline is delivered) and frees s. */
enum gt_status gt_csv_stream_finish(struct gt_csv_stream *s, struct gt_error *err);

/* Frees the rows of a table (the struct itself is the caller's). */
void gt_csv_release(struct gt_csv *t);

/* Index of the header cell equal to `col` (case-insensitive, trimmed), -1 if
 * absent. */
int gt_csv_col(const struct gt_csv_row *header, const char *col);

#endif
