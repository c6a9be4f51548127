#include "gt_csv.h"

#include <csv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>
#include <strings.h>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

struct gt_csv_stream {
    struct csv_parser p;
    unsigned char delim;
    const char *name;
    gt_csv_row_fn row_fn;
    gt_csv_bad_fn bad_fn;
    void *ud;
    long cur_line;     /* line of the bytes being fed */
    long row_line;     /* line where the row in progress started, 0 if none */
    long pending_line; /* first non-blank line since the last row, 0 if none */
    int at_start;      /* nothing fed yet (BOM check) */
    size_t bom_seen;   /* BOM bytes matched so far */
    int skip_line;     /* after malformed quoting: drop bytes up to the next newline */
    int prev_cr;       /* the last feed ended with a CR (maybe half of a CRLF) */
    size_t row_bytes;  /* bytes of the row in progress fed so far (GT_CSV_ROW_MAX) */
    size_t nul_col;    /* > 0: a cell of the row in progress holds a NUL (1-based) */
    int fast;          /* 3: quote-free lines found and split in one 16-byte scan, 2: line
                        * ends by memchr, then split 16 bytes at a time, 1: by memchr,
                        * 0: every line through libcsv (tests) */
    int clean;         /* during a row callback: no cell began or ended with a byte <= ' ' */
    /* the row in progress: NUL-separated cells in one buffer */
    char *buf;
    size_t buflen, bufcap;
    size_t *offs, *lens;
    char **cells;
    size_t ncells, capcells;
    int cells_ready;   /* the fast path set cells[] itself */
    enum gt_status st; /* first failure inside a callback */
};

/* Room for ncells cells (offsets, lengths and pointers grow together,
 * doubling from 64). 0 when out of memory. */
static int cells_room(struct gt_csv_stream *c, size_t ncells)
{
    if (ncells <= c->capcells)
        return 1;
    size_t nc = c->capcells ? c->capcells : 64;
    while (nc < ncells)
        nc *= 2;
    size_t *o = realloc(c->offs, nc * sizeof *o);
    if (o)
        c->offs = o;
    size_t *l = o ? realloc(c->lens, nc * sizeof *l) : NULL;
    if (l)
        c->lens = l;
    char **cc = l ? realloc(c->cells, nc * sizeof *cc) : NULL;
    if (!cc)
        return 0;
    c->cells = cc;
    c->capcells = nc;
    return 1;
}

static void on_field(void *s, size_t len, void *data)
{
    struct gt_csv_stream *c = data;
    if (c->st != GT_OK)
        return;
    if (c->ncells == 0 && c->row_line == 0) {
        /* the field ends on cur_line; a quoted one may span lines */
        long nl = 0;
        for (size_t i = 0; i < len; i++)
            nl += ((const char *)s)[i] == '\n';
        c->row_line = c->cur_line - nl;
    }
    if (!cells_room(c, c->ncells + 1)) {
        c->st = GT_E_NOMEM;
        return;
    }
    if (c->buflen + len + 1 > c->bufcap) {
        size_t nc = c->bufcap ? c->bufcap : 4096;
        while (nc < c->buflen + len + 1)
            nc *= 2;
        char *b = realloc(c->buf, nc);
        if (!b) {
            c->st = GT_E_NOMEM;
            return;
        }
        c->buf = b;
        c->bufcap = nc;
    }
    if (!c->nul_col && len && memchr(s, '\0', len))
        c->nul_col = c->ncells + 1;
    c->offs[c->ncells] = c->buflen;
    c->lens[c->ncells] = len;
    if (len)
        memcpy(c->buf + c->buflen, s, len);
    c->buf[c->buflen + len] = '\0';
    c->buflen += len + 1;
    c->ncells++;
}

static void reset_row(struct gt_csv_stream *c)
{
    c->ncells = 0;
    c->cells_ready = 0;
    c->row_bytes = 0;
    c->nul_col = 0;
    c->buflen = 0;
    c->row_line = 0;
    c->pending_line = 0;
}

static void on_row(int term, void *data)
{
    (void)term;
    struct gt_csv_stream *c = data;
    if (c->st == GT_OK) {
        for (size_t i = 0; !c->cells_ready && i < c->ncells; i++)
            c->cells[i] = c->buf + c->offs[i];
        long line = c->row_line ? c->row_line : c->cur_line;
        if (c->nul_col && c->bad_fn) {
            /* "abc\0X" would read as "abc": the row is rejected, not merged */
            char why[64];
            snprintf(why, sizeof why, "a NUL byte inside a cell (column %zu)", c->nul_col);
            c->bad_fn(c->ud, line, why);
        } else {
            c->st = c->row_fn(c->ud, line, c->ncells, c->cells, c->lens);
        }
    }
    reset_row(c);
}

struct gt_csv_stream *gt_csv_stream_open(unsigned char delim, const char *name, gt_csv_row_fn row,
                                         gt_csv_bad_fn bad, void *ud)
{
    struct gt_csv_stream *c = calloc(1, sizeof *c);
    if (!c)
        return NULL;
    if (csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        free(c);
        return NULL;
    }
    csv_set_delim(&c->p, delim);
    c->delim = delim;
    c->name = name;
    c->row_fn = row;
    c->bad_fn = bad;
    c->ud = ud;
    c->cur_line = 1;
    c->at_start = 1;
#if defined(__SSE2__)
    c->fast = 3;
#else
    c->fast = 2;
#endif
    return c;
}

static int blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n')
            return 0;
    return 1;
}

/* The line an unterminated or malformed row is reported at. */
static long bad_line(const struct gt_csv_stream *c)
{
    if (c->row_line)
        return c->row_line;
    return c->pending_line ? c->pending_line : c->cur_line;
}

static enum gt_status malformed(struct gt_csv_stream *c, const char *what, struct gt_error *err)
{
    long l = bad_line(c);
    if (c->bad_fn) {
        c->bad_fn(c->ud, l, what);
        /* restart on the next line */
        c->skip_line = 1;
        csv_free(&c->p);
        reset_row(c);
        if (csv_init(&c->p, CSV_STRICT | CSV_STRICT_FINI) != 0)
            return gt_error_set(err, GT_E_NOMEM, "out of memory reading '%s'", c->name);
        csv_set_delim(&c->p, c->delim);
        return GT_OK;
    }
    gt_error_set(err, GT_E_PARSE, "cannot parse CSV '%s' at line %ld: %s", c->name, l, what);
    gt_error_at(err, c->name, l, 0);
    return GT_E_PARSE;
}

/* libcsv's default: spaces and tabs around an unquoted field are dropped
 * (unless the tab is the delimiter). */
static int csv_space(const struct gt_csv_stream *c, char ch)
{
    return (unsigned char)ch <= ' ' && (ch == ' ' || ch == '\t') && (unsigned char)ch != c->delim;
}

/* Room for ncells cells and a line of n bytes plus 16 (the wide scan below
 * reads whole 16-byte blocks). 0 when out of memory. */
static int fast_room(struct gt_csv_stream *c, size_t ncells, size_t n)
{
    if (!cells_room(c, ncells))
        return 0;
    if (n + 16 > c->bufcap) {
        size_t nc = c->bufcap ? c->bufcap : 4096;
        while (nc < n + 16)
            nc *= 2;
        char *b = realloc(c->buf, nc);
        if (!b)
            return 0;
        c->buf = b;
        c->bufcap = nc;
    }
    return 1;
}

/* The split of one line, in locals (a cell's NUL store could alias the
 * stream's fields and force them to be reloaded for every cell). */
struct fast_split {
    char *buf;
    size_t *offs, *lens;
    char **cells;
    size_t n, cap;   /* cells so far, room for */
    char sp_a, sp_b; /* the blanks libcsv trims: space and tab, not the delimiter */
};

/* One cell of the line: the bytes b..e (e at the delimiter or the line
 * end), trimmed as libcsv trims, cut by a NUL in place. The caller made
 * room. */
static inline void fast_cell(struct fast_split *f, size_t b, size_t e)
{
    char *p = f->buf;
    if (b < e && ((unsigned char)p[b] <= ' ' || (unsigned char)p[e - 1] <= ' ')) {
        while (b < e && (p[b] == f->sp_a || p[b] == f->sp_b))
            b++;
        while (e > b && (p[e - 1] == f->sp_a || p[e - 1] == f->sp_b))
            e--;
    }
    f->offs[f->n] = b;
    f->cells[f->n] = p + b; /* the buffer does not move any more */
    f->lens[f->n] = e - b;
    p[e] = '\0';
    f->n++;
}

/* Room for `more` cells beyond f->n; 0 when out of memory. The line fits
 * already, so the buffer does not move. */
static int fast_more(struct gt_csv_stream *c, struct fast_split *f, size_t more, size_t n)
{
    if (f->n + more <= f->cap)
        return 1;
    if (!fast_room(c, f->n + more, n))
        return 0;
    f->offs = c->offs;
    f->lens = c->lens;
    f->cells = c->cells;
    f->cap = c->capcells;
    return 1;
}

/* The quote-free fast path: a whole line with no quote character, at a row
 * boundary, split at the delimiter the way libcsv would split it (fields
 * trimmed of spaces and tabs, a line of only spaces skipped, the line end
 * LF, CRLF or CR). Lines with a quote, or a row libcsv has begun, take the
 * libcsv path. 1 when the line was handled.
 *
 * The line is copied into the row buffer once and split there in one pass:
 * each cell ends in place with a NUL over its delimiter (or its trimmed
 * spaces). The delimiters are found 16 bytes at a time with SSE2 where the
 * compiler has it (fast level 2), else (level 1) with memchr per cell. */
static int fast_line(struct gt_csv_stream *c, const char *p, size_t n)
{
    if (c->fast == 0 || c->ncells || c->row_line || c->p.pstate != 0 || c->p.entry_pos ||
        memchr(p, '"', n))
        return 0;
    while (n && (p[n - 1] == '\n' || p[n - 1] == '\r'))
        n--;
    size_t i = 0;
    while (i < n && csv_space(c, p[i]))
        i++;
    if (i == n)
        return 1; /* a blank line: no row */
    if (!fast_room(c, 1, n)) {
        c->st = GT_E_NOMEM;
        return 1;
    }
    struct fast_split f = {c->buf,
                           c->offs,
                           c->lens,
                           c->cells,
                           0,
                           c->capcells,
                           c->delim == ' ' ? '\t' : ' ',
                           c->delim == '\t' ? ' ' : '\t'};
    memcpy(f.buf, p, n);
    memset(f.buf + n, 0, 16);
    size_t b = 0;
#if defined(__SSE2__)
    if (c->fast >= 2) {
        const __m128i d = _mm_set1_epi8((char)c->delim);
        for (size_t k = 0; k < n; k += 16) {
            /* room for the up to 16 cells this block ends, and the last */
            if (!fast_more(c, &f, 17, n)) {
                c->st = GT_E_NOMEM;
                return 1;
            }
            __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(f.buf + k));
            unsigned m = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, d));
            if (n - k < 16)
                m &= (1u << (n - k)) - 1;
            while (m) {
                size_t e = k + (size_t)__builtin_ctz(m);
                m &= m - 1;
                fast_cell(&f, b, e);
                b = e + 1;
            }
        }
        fast_cell(&f, b, n); /* the last cell: n > 0, so its block made room */
    } else
#endif
    {
        const char *dp;
        do {
            if (!fast_more(c, &f, 1, n)) {
                c->st = GT_E_NOMEM;
                return 1;
            }
            dp = memchr(f.buf + b, c->delim, n - b);
            size_t e = dp ? (size_t)(dp - f.buf) : n;
            fast_cell(&f, b, e);
            b = e + 1;
        } while (dp);
    }
    c->ncells = f.n;
    c->cells_ready = 1;
    const char *z = memchr(p, '\0', n);
    if (z) { /* the first cell holding a NUL (never a trimmed space) */
        size_t at = (size_t)(z - p), k = 0;
        while (k + 1 < c->ncells && c->offs[k] + c->lens[k] <= at)
            k++;
        c->nul_col = k + 1;
    }
    on_row('\n', c);
    return 1;
}

#if defined(__SSE2__)
/* The bits of 16 bytes at p equal to any of the four bytes that end the
 * level-3 scan of a line (LF, CR, a quote, a NUL) and, in *dm, to the
 * delimiter; the 16 bytes are stored at o with the delimiters made NULs. */
static inline unsigned scan16(const char *p, char *o, __m128i vd, unsigned *dm)
{
    const __m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
    const __m128i isd = _mm_cmpeq_epi8(v, vd);
    _mm_storeu_si128((__m128i *)(void *)o, _mm_andnot_si128(isd, v));
    *dm = (unsigned)_mm_movemask_epi8(isd);
    __m128i sp = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
                              _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')));
    sp = _mm_or_si128(sp, _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('"')),
                                       _mm_cmpeq_epi8(v, _mm_setzero_si128())));
    return (unsigned)_mm_movemask_epi8(sp);
}

static inline unsigned popcount64(uint64_t x)
{
    x = x - ((x >> 1) & 0x5555555555555555ull);
    x = (x & 0x3333333333333333ull) + ((x >> 2) & 0x3333333333333333ull);
    x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0full;
    return (unsigned)((x * 0x0101010101010101ull) >> 56);
}

/* A cell of scan_lines that begins or ends with a byte <= ' ': trimmed of
 * the blanks libcsv trims, cut by a NUL in place. */
static void scan_trim(const struct gt_csv_stream *c, char **cell, size_t *len)
{
    char *p = *cell;
    size_t n = *len;
    while (n && csv_space(c, *p)) {
        p++;
        n--;
    }
    while (n && csv_space(c, p[n - 1]))
        n--;
    p[n] = '\0';
    *cell = p;
    *len = n;
}

/* Level 3: whole quote-free lines at a row boundary, each found and split
 * in one pass over its bytes. Every 64 bytes are compared at once with the
 * delimiter and with the four bytes that end the fast path (LF, CR, a quote,
 * a NUL), and copied into the row buffer with the delimiters made NULs; the
 * delimiters' offsets are written to c->offs eight at a time whatever their
 * number (so no branch depends on it), and the cells are cut from them once
 * the line end is found, trimmed as libcsv trims them. A line with a quote
 * or a NUL, one not ended within data, or one over the row limit is left to
 * the general path. The line end is LF, CRLF or a bare CR, as the general
 * path finds it (a CR ending data may be half of a CRLF: prev_cr). Returns
 * the bytes of the lines taken. */
static size_t scan_lines(struct gt_csv_stream *c, const char *data, size_t len)
{
    const __m128i vd = _mm_set1_epi8((char)c->delim);
    size_t off = 0;
    while (off < len) {
        const char *p = data + off;
        size_t avail = len - off, k = 0, ni = 0, e;
        for (;;) {
            if (k + 80 > c->bufcap || ni + 65 > c->capcells) {
                if (k > GT_CSV_ROW_MAX)
                    return off; /* the general path rejects it */
                if (!fast_room(c, ni + 65, k + 64)) {
                    c->st = GT_E_NOMEM;
                    return off;
                }
            }
            if (k >= avail)
                return off; /* the line goes on in the next feed */
            const char *q = p + k;
            char t[64];
            uint64_t valid = ~0ull;
            if (avail - k < 64) { /* the end of data: a zeroed copy */
                memset(t, 0, sizeof t);
                memcpy(t, q, avail - k);
                q = t;
                valid = (1ull << (avail - k)) - 1;
            }
            char *o = c->buf + k;
            unsigned d0, d1, d2, d3;
            uint64_t sm = (uint64_t)scan16(q, o, vd, &d0) |
                          (uint64_t)scan16(q + 16, o + 16, vd, &d1) << 16 |
                          (uint64_t)scan16(q + 32, o + 32, vd, &d2) << 32 |
                          (uint64_t)scan16(q + 48, o + 48, vd, &d3) << 48;
            uint64_t dm =
                ((uint64_t)d0 | (uint64_t)d1 << 16 | (uint64_t)d2 << 32 | (uint64_t)d3 << 48) &
                valid;
            sm &= valid;
            if (sm)
                dm &= (1ull << __builtin_ctzll(sm)) - 1;
            size_t *ends = c->offs + ni;
            unsigned cnt = popcount64(dm);
            for (unsigned j = 0; j < cnt; j += 8)
                for (unsigned u = 0; u < 8; u++) {
                    ends[j + u] = k + (size_t)__builtin_ctzll(dm | 1ull << 63);
                    dm &= dm - 1;
                }
            ni += cnt;
            if (sm) {
                e = k + (size_t)__builtin_ctzll(sm);
                break;
            }
            k += 64;
        }
        char ch = p[e];
        if (ch == '"' || ch == '\0')
            return off; /* libcsv's line, or a NUL the general path names */
        size_t chunk = e + 1;
        int cr_end = 0;
        if (ch == '\r') {
            if (e + 1 < avail && p[e + 1] == '\n')
                chunk = e + 2;
            else
                cr_end = e + 1 == avail; /* maybe half of a CRLF */
        }
        if (chunk > GT_CSV_ROW_MAX)
            return off;
        c->prev_cr = cr_end;
        off += chunk;
        if (ni == 0) { /* one cell: a line of only blanks is no row */
            size_t i = 0;
            while (i < e && csv_space(c, p[i]))
                i++;
            if (i == e) {
                c->cur_line++;
                continue;
            }
        }
        char *buf = c->buf, **cells = c->cells;
        size_t *lens = c->lens, *ends = c->offs, b = 0;
        int clean = 1;
        buf[e] = '\0';
        ends[ni] = e;
        for (size_t i = 0; i <= ni; i++) {
            size_t ee = ends[i];
            cells[i] = buf + b;
            lens[i] = ee - b;
            if (b < ee && ((unsigned char)buf[b] <= ' ' || (unsigned char)buf[ee - 1] <= ' ')) {
                clean = 0;
                scan_trim(c, &cells[i], &lens[i]);
            }
            b = ee + 1;
        }
        c->clean = clean;
        c->st = c->row_fn(c->ud, c->cur_line, ni + 1, cells, lens);
        c->clean = 0;
        reset_row(c);
        c->cur_line++;
        if (c->st != GT_OK)
            return off;
    }
    return off;
}
#endif

void gt_csv_stream_set_fast(struct gt_csv_stream *c, int level)
{
    c->fast = level < 0 ? 0 : level > 3 ? 3 : level;
}

int gt_csv_stream_clean(const struct gt_csv_stream *c)
{
    return c->clean;
}

static enum gt_status fail_cb(struct gt_csv_stream *c, struct gt_error *err)
{
    if (c->st == GT_E_NOMEM)
        return gt_error_set(err, GT_E_NOMEM, "out of memory reading '%s'", c->name);
    return c->st; /* the callback's own error record was filled by it */
}

enum gt_status gt_csv_stream_feed(struct gt_csv_stream *c, const char *data, size_t len,
                                  struct gt_error *err)
{
    static const unsigned char bom[3] = {0xEF, 0xBB, 0xBF};
    while (c->at_start && len) {
        if ((unsigned char)data[0] != bom[c->bom_seen]) {
            c->at_start = 0;
            if (c->bom_seen) { /* a partial BOM was real data */
                size_t n = c->bom_seen;
                c->bom_seen = 0;
                enum gt_status st = gt_csv_stream_feed(c, (const char *)bom, n, err);
                if (st != GT_OK)
                    return st;
            }
            break;
        }
        data++;
        len--;
        if (++c->bom_seen == 3)
            c->bom_seen = 0; /* and another BOM may follow (a file saved twice) */
    }
    size_t off = 0;
    if (c->prev_cr && len && data[0] == '\n') {
        /* the LF of a CRLF split between two feeds: the line was counted */
        c->prev_cr = 0;
        if (!c->skip_line) /* an LF after a row end is a blank line to libcsv */
            (void)csv_parse(&c->p, data, 1, on_field, on_row, c);
        if (c->st != GT_OK)
            return fail_cb(c, err);
        off = 1;
    }
    c->prev_cr = 0;
    while (off < len) {
#if defined(__SSE2__)
        if (c->fast >= 3 && !c->skip_line && !c->ncells && !c->row_line && !c->row_bytes &&
            c->p.pstate == 0 && !c->p.entry_pos) {
            off += scan_lines(c, data + off, len - off);
            if (c->st != GT_OK)
                return fail_cb(c, err);
            if (off >= len)
                break;
        }
#endif
        /* one line per csv_parse call, so line numbers are exact; a line ends
         * at LF, CRLF or a bare CR (libcsv ends rows at all three) */
        const char *p = data + off;
        const char *nl = memchr(p, '\n', len - off);
        const char *cr = memchr(p, '\r', nl ? (size_t)(nl - p) : len - off);
        const char *eol = nl;
        if (cr && cr + 1 != nl) {
            eol = cr; /* a bare CR, or a CR ending this buffer */
            c->prev_cr = cr + 1 == data + len;
        }
        size_t chunk = eol ? (size_t)(eol - p) + 1 : len - off;
        if (c->skip_line) { /* the rest of a line whose row was dropped */
            off += chunk;
            if (eol) {
                c->cur_line++;
                c->skip_line = 0;
            }
            continue;
        }
        if (c->row_bytes + chunk > GT_CSV_ROW_MAX) {
            /* the rest of the row is not kept: memory stays bounded */
            enum gt_status st = malformed(c, "row longer than 4 MiB (the limit)", err);
            if (st != GT_OK)
                return st;
            c->skip_line = !eol;
            off += chunk;
            if (eol)
                c->cur_line++;
            continue;
        }
        c->row_bytes += chunk;
        if (eol && fast_line(c, p, chunk)) {
            if (c->st != GT_OK)
                return fail_cb(c, err);
            off += chunk;
            c->cur_line++;
            c->row_bytes = 0; /* the line ended a row or was blank */
            continue;
        }
        if (!c->pending_line && c->ncells == 0 && !c->row_line && !blank(p, chunk))
            c->pending_line = c->cur_line;
        if (csv_parse(&c->p, p, chunk, on_field, on_row, c) != chunk) {
            int e = csv_error(&c->p);
            enum gt_status st =
                malformed(c, e == CSV_EPARSE ? "malformed quoting" : csv_strerror(e), err);
            if (st != GT_OK)
                return st;
            c->skip_line = !eol; /* the line goes on in the next feed */
        } else if (eol && c->bad_fn && c->p.quoted && c->p.pstate == 2) {
            /* With recovery, a row is one line: a quote still open at the end
             * of the line (libcsv: FIELD_BEGUN in a quoted field) would
             * swallow the rest of the file. */
            enum gt_status st = malformed(c, "unterminated quoted field", err);
            if (st != GT_OK)
                return st;
            c->skip_line = 0; /* the line is over: read the next one */
        }
        if (c->st != GT_OK)
            return fail_cb(c, err);
        off += chunk;
        if (eol)
            c->cur_line++;
        if (eol && c->ncells == 0 && c->p.pstate == 0)
            c->row_bytes = 0; /* blank lines do not add up to a row */
    }
    return GT_OK;
}

enum gt_status gt_csv_stream_finish(struct gt_csv_stream *c, struct gt_error *err)
{
    enum gt_status st = GT_OK;
    if (c->at_start && c->bom_seen) { /* input was a lone partial BOM */
        c->at_start = 0;
        size_t n = c->bom_seen;
        c->bom_seen = 0;
        st = gt_csv_stream_feed(c, "\xEF\xBB\xBF", n, err);
    }
    if (st == GT_OK && csv_fini(&c->p, on_field, on_row, c) != 0)
        st = malformed(c, "unterminated quoted field", err);
    if (st == GT_OK && c->st != GT_OK)
        st = fail_cb(c, err);
    csv_free(&c->p);
    free(c->buf);
    free(c->offs);
    free(c->lens);
    free(c->cells);
    free(c);
    return st;
}

/* --- whole-buffer reader on top of the stream ------------------------------ */

static enum gt_status collect_row(void *ud, long line, size_t n, char **cells, const size_t *lens)
{
    struct gt_csv *t = ud;
    if (t->nrows == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 64;
        struct gt_csv_row *p = realloc(t->rows, nc * sizeof *p);
        if (!p)
            return GT_E_NOMEM;
        t->rows = p;
        t->cap = nc;
    }
    struct gt_csv_row *r = &t->rows[t->nrows];
    r->line = line;
    r->n = 0;
    r->cells = NULL;
    r->nul_col = 0;
    for (size_t i = 0; i < n && !r->nul_col; i++)
        if (strlen(cells[i]) != lens[i])
            r->nul_col = i + 1;
    if (n) {
        r->cells = malloc(n * sizeof *r->cells);
        if (!r->cells)
            return GT_E_NOMEM;
        for (size_t i = 0; i < n; i++) {
            r->cells[i] = malloc(lens[i] + 1);
            if (!r->cells[i]) {
                r->n = i;
                t->nrows++;
                return GT_E_NOMEM;
            }
            memcpy(r->cells[i], cells[i], lens[i] + 1);
        }
    }
    r->n = n;
    t->nrows++;
    return GT_OK;
}

enum gt_status gt_csv_parse(const char *data, size_t len, unsigned char delim, const char *name,
                            struct gt_csv *out, struct gt_error *err)
{
    memset(out, 0, sizeof *out);
    struct gt_csv_stream *s = gt_csv_stream_open(delim, name, collect_row, NULL, out);
    if (!s)
        return gt_error_set(err, GT_E_NOMEM, "out of memory reading '%s'", name);
    enum gt_status st = gt_csv_stream_feed(s, data, len, err);
    enum gt_status st2 = gt_csv_stream_finish(s, st == GT_OK ? err : NULL);
    if (st == GT_OK)
        st = st2;
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
