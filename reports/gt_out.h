/* gt_out.h - cell and value helpers shared by the writers in reports/. */
#ifndef GT_OUT_H
#define GT_OUT_H

#include <cJSON.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* A quoted CSV cell (libcsv) in UTF-8 (bytes that are not UTF-8 read as
 * Latin-1, controls escaped: gt_text_escape), preceded by ',' unless it is
 * the first. A cell a spreadsheet would read as a formula (= + - @ first, not
 * a number) gets a leading '. */
void gt_out_csv_str(FILE *o, const char *s, int first);
/* ',' then the shortest round-trip number, or nothing for NAN. */
void gt_out_csv_num(FILE *o, double v);

/* A growing byte buffer that rows are formatted into, to be written in one
 * go: p holds n bytes of cap; heap 0 while p is the caller's (e.g. on the
 * stack: {buf, 0, sizeof buf, 0, 0}), 1 once it is malloc'ed. After a failed
 * growth oom is 1 and nothing more is added. */
struct gt_obuf {
    char *p;
    size_t n, cap;
    int heap, oom;
};
/* Room for need more bytes: 0, or -1 (oom set). */
int gt_obuf_grow(struct gt_obuf *b, size_t need);
static inline int gt_obuf_room(struct gt_obuf *b, size_t need)
{
    return b->cap - b->n >= need && !b->oom ? 0 : gt_obuf_grow(b, need);
}
static inline void gt_obuf_putc(struct gt_obuf *b, char c)
{
    if (gt_obuf_room(b, 1) == 0)
        b->p[b->n++] = c;
}
static inline void gt_obuf_put(struct gt_obuf *b, const void *s, size_t n)
{
    if (gt_obuf_room(b, n) == 0) {
        memcpy(b->p + b->n, s, n);
        b->n += n;
    }
}
void gt_obuf_free(struct gt_obuf *b);
/* gt_out_csv_str and gt_out_csv_num into b. */
void gt_obuf_csv_str(struct gt_obuf *b, const char *s, int first);
void gt_obuf_csv_num(struct gt_obuf *b, double v);
/* Prints o (then deletes it) followed by a newline, the elements of its
 * lazy arrays made as they are printed; 0, or -1 on error. */
int gt_out_json_print(FILE *out, cJSON *o);
/* Adds to object parent an array of n elements that gt_out_json_print makes
 * one at a time with make(ctx, i) (each deleted once printed: an array of
 * 100 000 runs never held whole); ctx must outlive the print. Of the arrays
 * made, the last 8 can be printed. NULL when out of memory. */
cJSON *gt_out_json_lazy_array(cJSON *parent, const char *key, size_t n,
                              cJSON *(*make)(const void *ctx, size_t i), const void *ctx);
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
