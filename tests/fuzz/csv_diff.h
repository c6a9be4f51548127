/* csv_diff.h - runs the CSV stream over the same bytes with the quote-free
 * fast path off (libcsv), by memchr, 16 bytes at a time after memchr, and
 * in one 16-byte scan (level 3), and compares everything it reports:
 * each row's line, cells and cell lengths, each malformed row's line and reason, the status and the
 * error text. Shared by fuzz_csv_fast.c and the unit tests. */
#ifndef GT_CSV_DIFF_H
#define GT_CSV_DIFF_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_csv.h"

struct csv_log {
    char *s;
    size_t n, cap;
};

static void csv_log_put(struct csv_log *l, const void *p, size_t n)
{
    if (l->n + n > l->cap) {
        size_t nc = l->cap ? l->cap : 256;
        while (nc < l->n + n)
            nc *= 2;
        char *s = realloc(l->s, nc);
        if (!s)
            abort();
        l->s = s;
        l->cap = nc;
    }
    memcpy(l->s + l->n, p, n);
    l->n += n;
}

static enum gt_status csv_log_row(void *ud, long line, size_t n, char **cells, const size_t *lens)
{
    char h[64];
    int k = snprintf(h, sizeof h, "R%ld:%zu", line, n);
    csv_log_put(ud, h, (size_t)k);
    for (size_t i = 0; i < n; i++) {
        k = snprintf(h, sizeof h, "|%zu:", lens[i]);
        csv_log_put(ud, h, (size_t)k);
        csv_log_put(ud, cells[i], lens[i] + 1); /* the NUL terminator too */
    }
    return GT_OK;
}

static void csv_log_bad(void *ud, long line, const char *reason)
{
    char h[64];
    int k = snprintf(h, sizeof h, "B%ld:", line);
    csv_log_put(ud, h, (size_t)k);
    csv_log_put(ud, reason, strlen(reason) + 1);
}

/* Feeds data in pieces of `step` bytes (0: at once); logs into l. */
static void csv_run(const char *data, size_t len, unsigned char delim, int recover, int fast,
                    size_t step, struct csv_log *l)
{
    struct gt_csv_stream *s =
        gt_csv_stream_open(delim, "in", csv_log_row, recover ? csv_log_bad : NULL, l);
    if (!s)
        abort();
    gt_csv_stream_set_fast(s, fast);
    struct gt_error err = {0};
    enum gt_status st = GT_OK;
    size_t off = 0;
    while (st == GT_OK && off < len) {
        size_t n = step && len - off > step ? step : len - off;
        st = gt_csv_stream_feed(s, data + off, n, &err);
        off += n;
    }
    enum gt_status st2 = gt_csv_stream_finish(s, st == GT_OK ? &err : NULL);
    if (st == GT_OK)
        st = st2;
    char h[600];
    int k = snprintf(h, sizeof h, "S%d:%s", (int)st, st == GT_OK ? "" : err.msg);
    csv_log_put(l, h, (size_t)k);
}

/* 0 when the four paths agree for every delimiter, mode and feed size tried. */
static int csv_diff(const char *data, size_t len, size_t step)
{
    static const unsigned char delims[] = {',', ';', '\t'};
    for (size_t d = 0; d < sizeof delims; d++)
        for (int recover = 0; recover < 2; recover++) {
            struct csv_log a = {0}, b = {0}, w = {0}, x = {0};
            csv_run(data, len, delims[d], recover, 1, step, &a);
            csv_run(data, len, delims[d], recover, 0, step, &b);
            csv_run(data, len, delims[d], recover, 2, step, &w);
            csv_run(data, len, delims[d], recover, 3, step, &x);
            int same = a.n == b.n && memcmp(a.s, b.s, a.n) == 0 && w.n == b.n &&
                       memcmp(w.s, b.s, w.n) == 0 && x.n == b.n && memcmp(x.s, b.s, x.n) == 0;
            if (!same)
                fprintf(stderr, "csv fast path differs (delim %d, recover %d, step %zu)\n",
                        delims[d], recover, step);
            free(a.s);
            free(b.s);
            free(w.s);
            free(x.s);
            if (!same)
                return -1;
        }
    return 0;
}

#endif
