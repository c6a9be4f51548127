#include "gt_csv.h"

#include <csv.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct builder {
    struct gt_csv *t;
    long cur_line;  /* line of the chunk being fed */
    long row_line;  /* line where the row in progress started, 0 if none */
    long next_line; /* first line after the last complete row */
    size_t ncells, capcells;
    char **cells;
    int nomem;
};

static void on_field(void *s, size_t len, void *data)
{
    struct builder *b = data;
    if (b->nomem)
        return;
    if (b->ncells == 0 && b->row_line == 0) {
        /* the field ends on cur_line; a quoted one may span lines, and the
         * row starts where it does */
        long nl = 0;
        for (size_t i = 0; i < len; i++)
            nl += ((const char *)s)[i] == '\n';
        b->row_line = b->cur_line - nl;
    }
    if (b->ncells == b->capcells) {
        size_t nc = b->capcells ? b->capcells * 2 : 16;
        char **p = realloc(b->cells, nc * sizeof *p);
        if (!p) {
            b->nomem = 1;
            return;
        }
        b->cells = p;
        b->capcells = nc;
    }
    char *c = malloc(len + 1);
    if (!c) {
        b->nomem = 1;
        return;
    }
    if (len)
        memcpy(c, s, len);
    c[len] = '\0';
    b->cells[b->ncells++] = c;
}

static void drop_cells(struct builder *b)
{
    for (size_t i = 0; i < b->ncells; i++)
        free(b->cells[i]);
    b->ncells = 0;
}

static void on_row(int c, void *data)
{
    (void)c;
    struct builder *b = data;
    if (b->nomem) {
        drop_cells(b);
        return;
    }
    struct gt_csv *t = b->t;
    if (t->nrows == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 64;
        struct gt_csv_row *p = realloc(t->rows, nc * sizeof *p);
        if (!p) {
            b->nomem = 1;
            drop_cells(b);
            return;
        }
        t->rows = p;
        t->cap = nc;
    }
    struct gt_csv_row *r = &t->rows[t->nrows];
    r->line = b->row_line ? b->row_line : b->cur_line;
    r->n = b->ncells;
    r->cells = NULL;
    if (b->ncells) {
        r->cells = malloc(b->ncells * sizeof *r->cells);
        if (!r->cells) {
            b->nomem = 1;
            drop_cells(b);
            return;
        }
        memcpy(r->cells, b->cells, b->ncells * sizeof *r->cells);
    }
    b->ncells = 0;
    b->row_line = 0;
    b->next_line = b->cur_line + 1;
    t->nrows++;
}

enum gt_status gt_csv_parse(const char *data, size_t len, unsigned char delim, const char *name,
                            struct gt_csv *out, struct gt_error *err)
{
    memset(out, 0, sizeof *out);
    if (len >= 3 && (unsigned char)data[0] == 0xEF && (unsigned char)data[1] == 0xBB &&
        (unsigned char)data[2] == 0xBF) {
        data += 3;
        len -= 3;
    }
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0)
        return gt_error_set(err, GT_E_NOMEM, "out of memory reading '%s'", name);
    csv_set_delim(&p, delim);
    struct builder b = {.t = out, .cur_line = 1, .next_line = 1};
    size_t off = 0;
    enum gt_status st = GT_OK;
    while (off < len) {
        const char *nl = memchr(data + off, '\n', len - off);
        size_t chunk = nl ? (size_t)(nl - (data + off)) + 1 : len - off;
        if (csv_parse(&p, data + off, chunk, on_field, on_row, &b) != chunk) {
            int e = csv_error(&p);
            gt_error_set(err, GT_E_PARSE, "cannot parse CSV '%s' at line %ld: %s", name, b.cur_line,
                         e == CSV_EPARSE ? "malformed quoting" : csv_strerror(e));
            gt_error_at(err, name, b.cur_line, 0);
            st = GT_E_PARSE;
            break;
        }
        off += chunk;
        if (nl)
            b.cur_line++;
        if (b.nomem)
            break;
    }
    if (st == GT_OK && !b.nomem && csv_fini(&p, on_field, on_row, &b) != 0) {
        /* the open quote is on the first non-blank line after the last row */
        long l = b.row_line ? b.row_line : b.next_line;
        if (!b.row_line) {
            size_t off2 = 0;
            long ln = 1;
            while (off2 < len && ln < l)
                ln += data[off2++] == '\n';
            while (off2 < len && (data[off2] == '\n' || data[off2] == '\r' || data[off2] == ' ' ||
                                  data[off2] == '\t'))
                l += data[off2++] == '\n';
        }
        gt_error_set(err, GT_E_PARSE,
                     "cannot parse CSV '%s' at line %ld: unterminated quoted field", name, l);
        gt_error_at(err, name, l, 0);
        st = GT_E_PARSE;
    }
    csv_free(&p);
    drop_cells(&b);
    free(b.cells);
    if (st == GT_OK && b.nomem)
        st = gt_error_set(err, GT_E_NOMEM, "out of memory reading '%s'", name);
    if (st != GT_OK)
        gt_csv_release(out);
    return st;
}

void gt_csv_release(struct gt_csv *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->nrows; i++) {
        for (size_t j = 0; j < t->rows[i].n; j++)
            free(t->rows[i].cells[j]);
        free(t->rows[i].cells);
    }
    free(t->rows);
    memset(t, 0, sizeof *t);
}

int gt_csv_col(const struct gt_csv_row *h, const char *col)
{
    size_t cl = strlen(col);
    for (size_t i = 0; i < h->n; i++) {
        const char *c = h->cells[i];
        size_t n = strlen(c);
        while (n && (*c == ' ' || *c == '\t')) {
            c++;
            n--;
        }
        while (n && (c[n - 1] == ' ' || c[n - 1] == '\t' || c[n - 1] == '\r'))
            n--;
        if (n == cl && strncasecmp(c, col, n) == 0)
            return (int)i;
    }
    return -1;
}
