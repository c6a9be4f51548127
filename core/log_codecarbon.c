/* log_codecarbon.c - CodeCarbon emissions.csv, every schema generation, read
 * as a stream (memory bounded by one row). See docs/formats.md. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gt_text.h"
#include "gt_csv.h"
#include "gt_logs.h"
#include "gt_num.h"
#include "gt_time.h"

/* The columns we map. Anything else is kept as an extra. */
enum cc_col {
    C_TIMESTAMP,
    C_PROJECT,
    C_EXPERIMENT_NAME,
    C_RUN_ID,
    C_EXPERIMENT_ID,
    C_TASK,
    C_DURATION,
    C_EMISSIONS,
    C_RATE,
    C_CPU_POWER,
    C_GPU_POWER,
    C_RAM_POWER,
    C_CPU_ENERGY,
    C_GPU_ENERGY,
    C_RAM_ENERGY,
    C_ENERGY,
    C_COUNTRY,
    C_ISO,
    C_REGION,
    C_CLOUD_PROVIDER,
    C_CLOUD_REGION,
    C_OS,
    C_PYTHON,
    C_VERSION,
    C_CPU_COUNT,
    C_CPU_MODEL,
    C_GPU_COUNT,
    C_GPU_MODEL,
    C_LONGITUDE,
    C_LATITUDE,
    C_RAM_TOTAL,
    C_TRACKING_MODE,
    C_ON_CLOUD,
    C_PUE,
    C__COUNT
};

/* Cell types, used to realign short rows. */
enum cc_type {
    T_ANY,   /* free text, may be empty */
    T_NUM,   /* a finite number (empty when allowed) */
    T_TIME,  /* an ISO timestamp */
    T_ID,    /* a non-empty token without blanks */
    T_VER,   /* d+.d+... */
    T_ISO3,  /* three letters, or empty */
    T_YN,    /* Y/N/True/False */
    T_MODE,  /* machine/process */
    T_OSSTR, /* text that is not a number */
};

struct cc_colinfo {
    const char *name;
    size_t len; /* strlen(name) */
    enum cc_col col;
    enum cc_type type;
    int nullable; /* may be None in CodeCarbon, so 3.2.9+ may drop it from a row */
};

/* Every header name we know, with aliases. Columns not listed here (e.g.
 * water_consumed, cpu_utilization_percent, PR-only columns) become extras
 * but still have a type for realignment (see extra_types). */
static const struct cc_colinfo known[] = {
    {"timestamp", 9, C_TIMESTAMP, T_TIME, 0},
    {"project_name", 12, C_PROJECT, T_ANY, 0},
    {"experiment_name", 15, C_EXPERIMENT_NAME, T_ANY, 0},
    {"run_id", 6, C_RUN_ID, T_ANY, 0},
    {"experiment_id", 13, C_EXPERIMENT_ID, T_ANY, 0},
    {"task_name", 9, C_TASK, T_ANY, 0},
    {"duration", 8, C_DURATION, T_NUM, 0},
    {"emissions", 9, C_EMISSIONS, T_NUM, 0},
    {"emissions_sum", 13, C_EMISSIONS, T_NUM, 0},
    {"emissions_rate", 14, C_RATE, T_NUM, 0},
    {"cpu_power", 9, C_CPU_POWER, T_NUM, 0},
    {"gpu_power", 9, C_GPU_POWER, T_NUM, 0},
    {"ram_power", 9, C_RAM_POWER, T_NUM, 0},
    {"cpu_energy", 10, C_CPU_ENERGY, T_NUM, 0},
    {"gpu_energy", 10, C_GPU_ENERGY, T_NUM, 0},
    {"ram_energy", 10, C_RAM_ENERGY, T_NUM, 0},
    {"energy_consumed", 15, C_ENERGY, T_NUM, 0},
    {"country_name", 12, C_COUNTRY, T_OSSTR, 0},
    {"country", 7, C_COUNTRY, T_OSSTR, 0},
    {"country_iso_code", 16, C_ISO, T_ISO3, 0},
    {"region", 6, C_REGION, T_OSSTR, 1},
    {"cloud_provider", 14, C_CLOUD_PROVIDER, T_ANY, 1},
    {"cloud_region", 12, C_CLOUD_REGION, T_ANY, 1},
    {"os", 2, C_OS, T_OSSTR, 0},
    {"python_version", 14, C_PYTHON, T_VER, 0},
    {"codecarbon_version", 18, C_VERSION, T_VER, 0},
    {"cpu_count", 9, C_CPU_COUNT, T_NUM, 0},
    {"cpu_model", 9, C_CPU_MODEL, T_OSSTR, 1},
    {"gpu_count", 9, C_GPU_COUNT, T_NUM, 1},
    {"gpu_model", 9, C_GPU_MODEL, T_OSSTR, 1},
    {"longitude", 9, C_LONGITUDE, T_NUM, 1},
    {"latitude", 8, C_LATITUDE, T_NUM, 1},
    {"ram_total_size", 14, C_RAM_TOTAL, T_NUM, 0},
    {"tracking_mode", 13, C_TRACKING_MODE, T_MODE, 0},
    {"on_cloud", 8, C_ON_CLOUD, T_YN, 0},
    {"pue", 3, C_PUE, T_NUM, 0},
};

struct extra_type {
    const char *name;
    enum cc_type type;
    int nullable;
};
static const struct extra_type extra_types[] = {
    {"water_consumed", T_NUM, 0},
    {"wue", T_NUM, 0},
    {"cpu_utilization_percent", T_NUM, 1},
    {"gpu_utilization_percent", T_NUM, 1},
    {"ram_utilization_percent", T_NUM, 1},
    {"ram_used_gb", T_NUM, 1},
    {"cpu_temperature", T_NUM, 1},
    {"gpu_temperature", T_NUM, 1},
    {"neuron_power", T_NUM, 1},
    {"neuron_energy", T_NUM, 1},
    {"neuron_utilization_pct", T_NUM, 1},
};

#define CC_MAX_COLS 256

struct cc_header {
    size_t n;             /* columns in the header */
    int map[CC_MAX_COLS]; /* header column -> enum cc_col, -1 extra, -2 ignored */
    enum cc_type type[CC_MAX_COLS];
    unsigned char nullable[CC_MAX_COLS];
    char *names; /* NUL-separated trimmed header names */
    const char *name[CC_MAX_COLS];
    int pos[C__COUNT]; /* enum cc_col -> header column, -1 absent */
    int index_col;     /* a leading unnamed pandas index column */
    /* the column's cell is kept as an extra of the record: an unknown
     * column, or one the record has no field for */
    unsigned char extra[CC_MAX_COLS];
};

struct gt_stream {
    struct gt_parse_ctx ctx;
    struct gt_csv_stream *csv;
    struct cc_header h;
    int have_header;
    struct gt_error *err; /* of the feed in progress */
    /* the row's cells by header column (NULL: a column the row dropped),
     * trimmed, ends cut: the CSV reader's own arrays, or cellbuf and lenbuf
     * when they were realigned or trimmed here */
    const char *const *cell;
    const size_t *celllen;
    const char *cellbuf[CC_MAX_COLS];
    size_t lenbuf[CC_MAX_COLS];
    struct gt_kv extras[CC_MAX_COLS];
    /* the columns kept as extras under the header in force (built on its
     * first row; xl_plain: no unnamed columns, so the keys are set once) */
    int xl_ready, xl_plain;
    size_t nxl;
    unsigned short xl[CC_MAX_COLS];
    char *keybuf; /* LET splits */
    size_t keycap;
    char *taskkey; /* run_id + task_name */
    size_t taskcap;
    struct gt_time_memo day; /* the last timestamp's day */
    int delta;               /* an `id` column: CodeCarbon API rows, one interval each */
    int negative;            /* negative components in the row being read */
};

static unsigned char lower(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* A known column by name, ASCII case ignored (as strncasecmp in the C
 * locale): the length first, then the bytes. */
static const struct cc_colinfo *find_known(const char *s, size_t n)
{
    if (!n)
        return NULL;
    unsigned char c0 = lower((unsigned char)s[0]);
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++) {
        if (known[i].len != n || (unsigned char)known[i].name[0] != c0)
            continue;
        size_t j = 1;
        while (j < n && (unsigned char)known[i].name[j] == lower((unsigned char)s[j]))
            j++;
        if (j == n)
            return &known[i];
    }
    return NULL;
}

/* --- sniffing ---------------------------------------------------------------- */

/* Walks the comma-separated cells of the first line of head; returns a bitmask
 * of the known columns seen (1 << enum cc_col). */
static unsigned long long first_line_cols(const char *head, size_t len, size_t *ncells)
{
    if (len >= 3 && (unsigned char)head[0] == 0xEF && (unsigned char)head[1] == 0xBB &&
        (unsigned char)head[2] == 0xBF) {
        head += 3;
        len -= 3;
    }
    const char *nl = memchr(head, '\n', len);
    size_t end = nl ? (size_t)(nl - head) : len;
    unsigned long long seen = 0;
    size_t start = 0, cells = 0;
    for (size_t i = 0; i <= end; i++) {
        if (i == end || head[i] == ',') {
            const char *c = head + start;
            size_t n = i - start;
            gt_trim(&c, &n);
            if (n >= 2 && c[0] == '"' && c[n - 1] == '"') {
                c++;
                n -= 2;
            }
            const struct cc_colinfo *k = find_known(c, n);
            if (k)
                seen |= 1ull << k->col;
            cells++;
            start = i + 1;
        }
    }
    *ncells = cells;
    return seen;
}

int gt_cc_sniff(const char *head, size_t len)
{
    size_t n;
    unsigned long long s = first_line_cols(head, len, &n);
#define HAS(c) ((s >> (c)) & 1ull)
    return HAS(C_DURATION) && HAS(C_EMISSIONS) && HAS(C_ENERGY) &&
           (HAS(C_TIMESTAMP) || HAS(C_RUN_ID) || HAS(C_EXPERIMENT_ID));
#undef HAS
}

/* --- header -------------------------------------------------------------------- */

static int is_header_row(size_t n, char **cells, const size_t *lens)
{
    /* fast exit for data rows: they start with a timestamp or a pandas index
     * (header names never start with a digit) */
    if (n && lens[0] && cells[0][0] >= '0' && cells[0][0] <= '9')
        return 0; /* the usual row: no blank to trim before the digit */
    for (size_t i = 0; i < n; i++) {
        const char *c = cells[i];
        size_t l = lens[i];
        gt_trim(&c, &l);
        if (!l)
            continue;
        if (c[0] >= '0' && c[0] <= '9')
            return 0;
        break;
    }
    /* a row naming duration, emissions and energy_consumed is a header (files
     * glued together carry theirs in the middle) */
    int hits = 0;
    for (size_t i = 0; i < n; i++) {
        const char *c = cells[i];
        size_t l = lens[i];
        gt_trim(&c, &l);
        const struct cc_colinfo *k = find_known(c, l);
        if (k && (k->col == C_DURATION || k->col == C_EMISSIONS || k->col == C_ENERGY) &&
            ++hits >= 3)
            return 1;
    }
    return 0;
}

/* A header's mapping as the cache keeps it: struct cc_header without
 * pointers (names as offsets into the names after it), the columns named
 * twice (warned about again), and the header's own cell count. */
struct cc_hval {
    size_t n_in, n, names_len;
    int index_col, delta;
    int pos[C__COUNT];
    int map[CC_MAX_COLS];
    enum cc_type type[CC_MAX_COLS];
    unsigned char nullable[CC_MAX_COLS], extra[CC_MAX_COLS], dup[CC_MAX_COLS];
    unsigned name_off[CC_MAX_COLS];
    char names[]; /* names_len bytes */
};

static void header_done(struct gt_stream *s, long line)
{
    s->have_header = 1;
    if (s->ctx.header)
        s->ctx.header(s->ctx.ud, line);
}

/* The header from a mapping met before: the same fields and warnings. */
static enum gt_status header_from(struct gt_stream *s, long line, const struct cc_hval *v)
{
    struct cc_header *h = &s->h;
    if (v->n_in > CC_MAX_COLS)
        gt_parse_warn(&s->ctx, line, "header has %zu columns; only the first %d are read", v->n_in,
                      CC_MAX_COLS);
    char *names = malloc(v->names_len ? v->names_len : 1);
    if (!names)
        return GT_E_NOMEM;
    memcpy(names, v->names, v->names_len);
    free(h->names);
    h->names = names;
    h->n = v->n;
    h->index_col = v->index_col;
    memcpy(h->pos, v->pos, sizeof h->pos);
    memcpy(h->map, v->map, v->n * sizeof h->map[0]);
    memcpy(h->type, v->type, v->n * sizeof h->type[0]);
    memcpy(h->nullable, v->nullable, v->n);
    memcpy(h->extra, v->extra, v->n);
    for (size_t i = 0; i < v->n; i++) {
        h->name[i] = names + v->name_off[i];
        if (v->dup[i])
            gt_parse_warn(&s->ctx, line, "column '%s' appears twice; the first one is read",
                          h->name[i]);
    }
    s->delta = v->delta;
    header_done(s, line);
    return GT_OK;
}

/* Keeps the header just matched for the next file that has it. */
static void header_keep(struct gt_stream *s, size_t n_in, const unsigned char *dup)
{
    const struct cc_header *h = &s->h;
    size_t names_len =
        h->n ? (size_t)(h->name[h->n - 1] - h->names) + strlen(h->name[h->n - 1]) + 1 : 0;
    struct cc_hval *v = calloc(1, sizeof *v + names_len);
    if (!v)
        return; /* not kept: matched again next time */
    v->n_in = n_in;
    v->n = h->n;
    v->names_len = names_len;
    v->index_col = h->index_col;
    v->delta = s->delta;
    memcpy(v->pos, h->pos, sizeof v->pos);
    memcpy(v->map, h->map, h->n * sizeof v->map[0]);
    memcpy(v->type, h->type, h->n * sizeof v->type[0]);
    memcpy(v->nullable, h->nullable, h->n);
    memcpy(v->extra, h->extra, h->n);
    memcpy(v->dup, dup, h->n);
    for (size_t i = 0; i < h->n; i++)
        v->name_off[i] = (unsigned)(h->name[i] - h->names);
    memcpy(v->names, h->names, names_len);
    gt_hdr_cache_store(s->ctx.hdr_cache, v, sizeof *v + names_len);
    free(v);
}

static enum gt_status set_header(struct gt_stream *s, long line, size_t n, char **cells,
                                 const size_t *lens)
{
    struct gt_hdr_cache *hc = s->ctx.hdr_cache;
    const struct cc_hval *seen =
        hc ? gt_hdr_cache_find(hc, GT_HDR_CODECARBON, n, cells, lens) : NULL;
    if (seen)
        return header_from(s, line, seen);
    size_t n_in = n;
    unsigned char dup[CC_MAX_COLS];
    struct cc_header *h = &s->h;
    if (n > CC_MAX_COLS) {
        gt_parse_warn(&s->ctx, line, "header has %zu columns; only the first %d are read", n,
                      CC_MAX_COLS);
        n = CC_MAX_COLS;
    }
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += lens[i] + 1;
    char *names = malloc(total ? total : 1);
    if (!names)
        return GT_E_NOMEM;
    free(h->names);
    h->names = names;
    h->n = n;
    h->index_col = 0;
    for (int c = 0; c < C__COUNT; c++)
        h->pos[c] = -1;
    char *p = names;
    for (size_t i = 0; i < n; i++) {
        const char *c = cells[i];
        size_t l = lens[i];
        gt_trim(&c, &l);
        memcpy(p, c, l);
        p[l] = '\0';
        h->name[i] = p;
        p += l + 1;
        h->map[i] = -1;
        h->type[i] = T_ANY;
        h->nullable[i] = 1;
        dup[i] = 0;
        if (l == 0) {
            h->map[i] = -2; /* pandas index (first) or trailing empty names */
            if (i == 0)
                h->index_col = 1;
            continue;
        }
        const struct cc_colinfo *k = find_known(c, l);
        if (k) {
            h->type[i] = k->type;
            h->nullable[i] = (unsigned char)k->nullable;
            if (h->pos[k->col] >= 0) {
                gt_parse_warn(&s->ctx, line, "column '%s' appears twice; the first one is read",
                              h->name[i]);
                dup[i] = 1;
                continue;
            }
            h->map[i] = (int)k->col;
            h->pos[k->col] = (int)i;
            continue;
        }
        for (size_t e = 0; e < sizeof(extra_types) / sizeof(extra_types[0]); e++)
            if (strcasecmp(extra_types[e].name, h->name[i]) == 0) {
                h->type[i] = extra_types[e].type;
                h->nullable[i] = (unsigned char)extra_types[e].nullable;
            }
    }
    for (size_t i = 0; i < n; i++)
        h->extra[i] = h->map[i] == -1 || h->map[i] == C_PYTHON || h->map[i] == C_LONGITUDE ||
                      h->map[i] == C_LATITUDE || h->map[i] == C_TRACKING_MODE ||
                      h->map[i] == C_ON_CLOUD;
    /* an emission `id` next to run_id: rows exported from the CodeCarbon API,
     * each the delta of one flush interval */
    s->delta = 0;
    for (size_t i = 0; i < n; i++)
        if (strcasecmp(h->name[i], "id") == 0 && h->pos[C_RUN_ID] >= 0)
            s->delta = 1;
    if (hc)
        header_keep(s, n_in, dup);
    header_done(s, line);
    return GT_OK;
}

/* --- cell typing and short-row realignment ---------------------------------- */

static int type_ok(enum cc_type t, const char *c, size_t n, int empty_num)
{
    double d;
    enum gt_tz tz;
    switch (t) {
    case T_ANY:
        return 1;
    case T_NUM: /* empty only before 3.2.4 (NaN written as nothing) */
        return n == 0 ? empty_num : gt_num_parse(c, n, &d) == 0;
    case T_TIME:
        return gt_time_parse(c, n, &d, &tz) == 0;
    case T_ID:
        if (!n)
            return 0;
        for (size_t i = 0; i < n; i++)
            if (gt_is_blank(c[i]))
                return 0;
        return 1;
    case T_VER: {
        size_t i = 0, dots = 0;
        if (!n || c[0] < '0' || c[0] > '9')
            return 0;
        for (; i < n && ((c[i] >= '0' && c[i] <= '9') || c[i] == '.'); i++)
            dots += c[i] == '.';
        return dots >= 1;
    }
    case T_ISO3:
        if (n == 0)
            return 1;
        if (n != 3)
            return 0;
        for (size_t i = 0; i < 3; i++)
            if (!((c[i] >= 'A' && c[i] <= 'Z') || (c[i] >= 'a' && c[i] <= 'z')))
                return 0;
        return 1;
    case T_YN:
        return (n == 1 && (c[0] == 'Y' || c[0] == 'N')) || (n == 4 && !strncasecmp(c, "true", 4)) ||
               (n == 5 && !strncasecmp(c, "false", 5));
    case T_MODE:
        return (n == 7 && !strncmp(c, "machine", 7)) || (n == 7 && !strncmp(c, "process", 7));
    case T_OSSTR:
        return n == 0 || gt_num_parse(c, n, &d) != 0;
    }
    return 1;
}

#define REALIGN_MAX_PATHS 64

struct realign {
    const struct cc_header *h;
    size_t m; /* cells in the row */
    const char **cell;
    const size_t *len;
    unsigned char *feasible; /* (n+1) x (m+1): can cells[j..] fill columns[i..] */
    int path[CC_MAX_COLS];   /* column -> cell index, -1 dropped */
    int first[CC_MAX_COLS];
    int found, differs;
    int empty_num; /* second pass: numbers may be empty */
};

static int ok_at(const struct realign *r, size_t i, size_t j)
{
    const char *c = r->cell[j];
    size_t n = r->len[j];
    gt_trim(&c, &n);
    if (r->h->map[i] == -2) /* empty-named columns hold empty cells */
        return n == 0;
    return type_ok(r->h->type[i], c, n, r->empty_num);
}

/* Same value for column i under two alignments (a dropped column reads as
 * empty). */
static int same_value(const struct realign *r, int a, int b)
{
    if (a == b)
        return 1;
    const char *ca = a >= 0 ? r->cell[a] : "";
    size_t na = a >= 0 ? r->len[a] : 0;
    const char *cb = b >= 0 ? r->cell[b] : "";
    size_t nb = b >= 0 ? r->len[b] : 0;
    gt_trim(&ca, &na);
    gt_trim(&cb, &nb);
    return na == nb && memcmp(ca, cb, na) == 0;
}

static void walk(struct realign *r, size_t i, size_t j)
{
    size_t n = r->h->n, m = r->m;
    if (r->found >= REALIGN_MAX_PATHS || r->differs)
        return;
    if (i == n) {
        if (r->found == 0)
            memcpy(r->first, r->path, n * sizeof(int));
        else
            for (size_t k = 0; k < n && !r->differs; k++)
                if (!same_value(r, r->first[k], r->path[k]))
                    r->differs = 1;
        r->found++;
        return;
    }
    /* drop column i (tried first, so the first alignment found, which the
     * warning names, drops the earliest columns) */
    if ((r->h->nullable[i] || r->h->map[i] == -2) && r->feasible[(i + 1) * (m + 1) + j]) {
        r->path[i] = -1;
        walk(r, i + 1, j);
    }
    /* place cell j in column i */
    if (j < m && ok_at(r, i, j) && r->feasible[(i + 1) * (m + 1) + j + 1]) {
        r->path[i] = (int)j;
        walk(r, i + 1, j + 1);
    }
}

/* Finds the one way to spread m < n cells over the header's columns, dropping
 * only columns CodeCarbon may leave out, with every cell of the right type.
 * Returns 1 and fills colcell (column -> cell, -1) when there is exactly one
 * (or all candidates give the same values), 0 when none, -1 when ambiguous,
 * -2 out of memory. */
static int realign_pass(const struct cc_header *h, size_t m, const char **cell, const size_t *len,
                        int *colcell, int empty_num)
{
    size_t n = h->n;
    struct realign r = {.h = h, .m = m, .cell = cell, .len = len, .empty_num = empty_num};
    r.feasible = calloc((n + 1) * (m + 1), 1);
    if (!r.feasible)
        return -2;
    r.feasible[n * (m + 1) + m] = 1;
    for (size_t i = n; i-- > 0;)
        for (size_t j = m + 1; j-- > 0;) {
            unsigned char f = 0;
            if (j < m && ok_at(&r, i, j) && r.feasible[(i + 1) * (m + 1) + j + 1])
                f = 1;
            if (!f && (h->nullable[i] || h->map[i] == -2) && r.feasible[(i + 1) * (m + 1) + j])
                f = 1;
            r.feasible[i * (m + 1) + j] = f;
        }
    int res = 0;
    if (r.feasible[0]) {
        walk(&r, 0, 0);
        if (r.found && !r.differs) {
            memcpy(colcell, r.first, n * sizeof(int));
            res = 1;
        } else
            res = r.found ? -1 : 0;
    }
    free(r.feasible);
    return res;
}

/* CodeCarbon 3.2.9+ drops None numbers from a row, so its cells are never
 * empty numbers: try that first; older-style rows under a newer header (e.g.
 * PR fixtures) may hold empty numbers, tried second. */
static int realign_row(const struct cc_header *h, size_t m, const char **cell, const size_t *len,
                       int *colcell)
{
    int res = realign_pass(h, m, cell, len, colcell, 0);
    return res == 0 ? realign_pass(h, m, cell, len, colcell, 1) : res;
}

/* --- rows -> records --------------------------------------------------------------- */

static const char *cell_of(const struct gt_stream *s, int col, size_t *n)
{
    int i = s->h.pos[col];
    if (i < 0 || !s->cell[i]) {
        *n = 0;
        return "";
    }
    *n = s->celllen[i];
    return s->cell[i];
}

/* Per-component energies and powers: one bad component does not lose the
 * run when its total is there. */
static int is_component(int col)
{
    return col == C_CPU_ENERGY || col == C_GPU_ENERGY || col == C_RAM_ENERGY ||
           col == C_CPU_POWER || col == C_GPU_POWER || col == C_RAM_POWER;
}

/* Reads a numeric column: 0 ok (NAN when absent/empty or a negative
 * component), -1 rejected. */
static int num_of(struct gt_stream *s, long line, int col, double *out)
{
    size_t n;
    const char *c = cell_of(s, col, &n);
    *out = NAN;
    if (n == 0)
        return 0;
    double v;
    if (gt_num_parse(c, n, &v) != 0) {
        gt_parse_reject(&s->ctx, line, "cannot parse '%s' as a number: '%.*s'",
                        s->h.name[s->h.pos[col]], (int)(n > 40 ? 40 : n), c);
        return -1;
    }
    if (v < 0 && is_component(col)) {
        /* a real 3.0.7 file logs gpu_energy -0.211 beside a plausible total:
         * the component is unknown, the run keeps its energy_consumed */
        gt_parse_warn(&s->ctx, line, "negative '%s' %.*s: taken as unknown",
                      s->h.name[s->h.pos[col]], (int)(n > 40 ? 40 : n), c);
        s->negative++;
        return 0;
    }
    if (v < 0 && col != C_LONGITUDE && col != C_LATITUDE) {
        gt_parse_reject(&s->ctx, line, "negative '%s': %.*s", s->h.name[s->h.pos[col]],
                        (int)(n > 40 ? 40 : n), c);
        return -1;
    }
    *out = v;
    return 0;
}

/* A cell as a NUL-terminated string: cells come NUL-terminated from the CSV
 * reader and their trimmed ends are cut; ids in CodeCarbon API exports are
 * wrapped in extra quotes, which are cut here. */
static inline const char *str_of(struct gt_stream *s, int col)
{
    int i = s->h.pos[col];
    if (i < 0 || !s->cell[i])
        return "";
    char *c = (char *)s->cell[i];
    size_t n = s->celllen[i];
    if (n >= 2 && c[0] == '"' && c[n - 1] == '"') {
        c[n - 1] = '\0';
        return c + 1;
    }
    return c;
}

/* 2.0.0-2.1.4 wrote emissions_rate in g/s, 2.2.0 and later in kg/s. The data
 * decide when they can (rate vs emissions/duration), else the version. */
static int rate_in_g(const char *version, double rate, double kg, double dur)
{
    if (!isnan(rate) && !isnan(kg) && !isnan(dur) && dur > 0 && kg > 0 && rate > 0) {
        double ratio = rate / (kg / dur);
        if (ratio > 500 && ratio < 2000)
            return 1;
        if (ratio > 0.5 && ratio < 2)
            return 0;
    }
    if (!version[0])
        return 1; /* codecarbon_version arrived in 2.2.0 */
    long maj = 0, min = 0;
    const char *p = version;
    while (*p >= '0' && *p <= '9')
        maj = maj * 10 + (*p++ - '0');
    if (*p == '.')
        p++;
    while (*p >= '0' && *p <= '9')
        min = min * 10 + (*p++ - '0');
    return maj < 2 || (maj == 2 && min < 2);
}

/* The extras' columns under the header in force; when it has no unnamed
 * columns but a leading pandas index, their keys are set here once. */
static void extras_list(struct gt_stream *s)
{
    s->nxl = 0;
    s->xl_plain = 1;
    for (size_t i = 0; i < s->h.n; i++) {
        if (s->h.map[i] == -2 && !(s->h.index_col && i == 0))
            s->xl_plain = 0;
        if (s->h.map[i] != -2 && s->h.extra[i]) {
            s->extras[s->nxl].key = s->h.name[i];
            s->xl[s->nxl++] = (unsigned short)i;
        }
    }
    s->xl_ready = 1;
}

static enum gt_status row_to_record(struct gt_stream *s, long line)
{
    struct gt_record r;
    gt_record_init(&r);
    r.file = s->ctx.file;
    r.line = line;
    r.format = "codecarbon-csv";
    r.tool = GT_TOOL_CODECARBON;

    /* the numeric columns, read in this order (the first bad one rejects
     * the row; negative components are named in order) */
    static const unsigned char numcol[] = {
        C_DURATION,  C_EMISSIONS, C_RATE,      C_ENERGY, C_CPU_ENERGY, C_GPU_ENERGY, C_RAM_ENERGY,
        C_CPU_POWER, C_GPU_POWER, C_RAM_POWER, C_PUE,    C_CPU_COUNT,  C_GPU_COUNT,  C_RAM_TOTAL};
    double v[sizeof numcol];
    s->negative = 0;
    for (size_t k = 0; k < sizeof numcol; k++) {
        int i = s->h.pos[numcol[k]];
        size_t n;
        if (i < 0 || !s->cell[i] || (n = s->celllen[i]) == 0)
            v[k] = NAN;
        else if ((gt_num_parse(s->cell[i], n, &v[k]) != 0 || v[k] < 0) &&
                 num_of(s, line, numcol[k], &v[k]))
            return GT_OK;
    }
    double dur = v[0], kg = v[1], rate = v[2], e = v[3], ce = v[4], ge = v[5], re = v[6];
    r.cpu_power_w = v[7];
    r.gpu_power_w = v[8];
    r.ram_power_w = v[9];
    r.pue = v[10];
    r.cpu_count = v[11];
    r.gpu_count = v[12];
    r.ram_gb = v[13];
    if (isnan(dur)) {
        gt_parse_reject(&s->ctx, line, "empty 'duration'");
        return GT_OK;
    }
    if (s->negative && isnan(e)) {
        gt_parse_reject(&s->ctx, line,
                        "no usable energy: a component is negative and 'energy_consumed' is empty");
        return GT_OK;
    }
    r.duration_s = dur;
    r.energy_kwh = e;
    r.cpu_kwh = ce;
    r.gpu_kwh = ge;
    r.ram_kwh = re;
    r.co2e_g = isnan(kg) ? NAN : kg * 1000.0;
    if (isnan(e) && isnan(ce) && isnan(ge) && isnan(re))
        r.flags |= GT_REC_NO_ENERGY;
    if (s->h.pos[C_PUE] < 0)
        r.pue = 1.0; /* before 2.2.3 CodeCarbon applied no PUE */

    r.tool_version = str_of(s, C_VERSION);
    if (!isnan(rate)) {
        if (rate_in_g(r.tool_version, rate, kg, dur)) {
            r.flags |= GT_REC_RATE_G_PER_S;
            r.co2e_rate_g_per_s = rate;
        } else
            r.co2e_rate_g_per_s = rate * 1000.0;
    }

    size_t tn;
    const char *tc = cell_of(s, C_TIMESTAMP, &tn);
    if (tn) {
        double t;
        enum gt_tz tz;
        if (gt_time_parse_memo(&s->day, tc, tn, &t, &tz) == 0) {
            r.tz = tz;
            r.end = t;
            r.start = t - dur;
        } else
            gt_parse_warn(&s->ctx, line, "cannot parse 'timestamp' '%.*s'; the run has no date",
                          (int)(tn > 40 ? 40 : tn), tc);
    }

    /* identity */
    const char *project = str_of(s, C_PROJECT);
    const char *exp_name = str_of(s, C_EXPERIMENT_NAME);
    r.experiment = str_of(s, C_EXPERIMENT_ID);
    if (s->h.pos[C_PROJECT] < 0)
        project = exp_name;
    else if (exp_name[0])
        r.experiment = exp_name;
    r.project = project;
    if (s->h.pos[C_TASK] >= 0 && !r.experiment[0])
        r.experiment = str_of(s, C_TASK);
    r.run_id = str_of(s, C_RUN_ID);
    if (s->h.pos[C_RUN_ID] >= 0) {
        if (r.run_id[0])
            r.run_key = r.run_id;
        else
            r.anon_run = 1;
    }
    if (s->delta)
        r.flags |= GT_REC_DELTA;
    /* per-task files: each row is one task's own total, so a task is a run */
    if (s->h.pos[C_TASK] >= 0 && r.run_id[0]) {
        const char *task = str_of(s, C_TASK);
        size_t need = strlen(r.run_id) + strlen(task) + 2;
        if (need > s->taskcap) {
            char *k = realloc(s->taskkey, need);
            if (!k)
                return GT_E_NOMEM;
            s->taskkey = k;
            s->taskcap = need;
        }
        snprintf(s->taskkey, need, "%s/%s", r.run_id, task);
        r.run_key = s->taskkey;
    }
    /* Lamarr Energy Tracker: experiment_id = project___user___host */
    const char *x = r.experiment;
    const char *a = strchr(x, '_') ? strstr(x, "___") : NULL;
    const char *b = a ? strstr(a + 3, "___") : NULL;
    if (a && b && !strstr(b + 3, "___")) {
        size_t need = strlen(x) + 3;
        if (need > s->keycap) {
            char *k = realloc(s->keybuf, need);
            if (!k)
                return GT_E_NOMEM;
            s->keybuf = k;
            s->keycap = need;
        }
        char *k = s->keybuf;
        size_t la = (size_t)(a - x), lb = (size_t)(b - (a + 3));
        memcpy(k, x, la);
        k[la] = '\0';
        memcpy(k + la + 1, a + 3, lb);
        k[la + 1 + lb] = '\0';
        memcpy(k + la + lb + 2, b + 3, strlen(b + 3) + 1); /* fits: need counted it all */
        if (!project[0] || strcmp(project, "codecarbon") == 0)
            r.project = k;
        r.user = k + la + 1;
        r.host = k + la + lb + 2;
    }

    r.country = str_of(s, C_COUNTRY);
    r.country_iso = str_of(s, C_ISO);
    r.region = str_of(s, C_REGION);
    r.cloud_provider = str_of(s, C_CLOUD_PROVIDER);
    r.cloud_region = str_of(s, C_CLOUD_REGION);
    r.os = str_of(s, C_OS);
    r.cpu_model = str_of(s, C_CPU_MODEL);
    r.gpu_model = str_of(s, C_GPU_MODEL);

    if (!s->xl_ready)
        extras_list(s);
    if (s->xl_plain) {
        for (size_t j = 0; j < s->nxl; j++) {
            const char *cv = s->cell[s->xl[j]];
            s->extras[j].value = cv ? cv : "";
        }
        r.nextras = s->nxl;
        r.extras = s->extras;
        return s->ctx.emit(s->ctx.ud, &r);
    }
    size_t ne = 0;
    for (size_t i = 0; i < s->h.n; i++) {
        if (s->h.map[i] == -2) {
            /* unnamed columns: the pandas index, or trailing empty names */
            if (s->cell[i] && s->celllen[i] && !(s->h.index_col && i == 0)) {
                s->extras[ne].key = "";
                s->extras[ne++].value = s->cell[i];
            }
            continue;
        }
        if (s->h.extra[i]) {
            s->extras[ne].key = s->h.name[i];
            s->extras[ne++].value = s->cell[i] ? s->cell[i] : "";
        }
    }
    r.nextras = ne;
    r.extras = s->extras;
    return s->ctx.emit(s->ctx.ud, &r);
}

/* Takes hn cells as the row's cells (trimmed, ends cut) and reads it. An
 * empty row ("0,,,,," or ".0,,,,,": nothing but a number in the first
 * cell, as a real 2024 file holds between its rows) is said to be one.
 * clean: the CSV reader found no cell to trim (gt_csv_stream_clean). */
static enum gt_status take_row(struct gt_stream *s, long line, char **cells, const size_t *lens,
                               int clean)
{
    size_t hn = s->h.n, filled = 0, last = 0;
    if (clean && hn >= 3 && lens[1] && lens[2]) {
        /* the common row: nothing to trim, and two cells past the first
         * (which may be a pandas index) are filled, so it is not empty */
        s->cell = (const char *const *)cells;
        s->celllen = lens;
        return row_to_record(s, line);
    }
    s->cell = s->cellbuf;
    s->celllen = s->lenbuf;
    int trimmed = 0;
    for (size_t i = 0; i < hn; i++) {
        const char *c = cells[i];
        size_t l = lens[i];
        /* rare: CSV cells come trimmed of spaces and tabs */
        if (l && ((unsigned char)c[0] <= ' ' || (unsigned char)c[l - 1] <= ' ')) {
            gt_trim(&c, &l);
            trimmed = 1;
        }
        s->cellbuf[i] = c;
        s->lenbuf[i] = l;
        if (l) {
            filled++;
            last = i;
        }
    }
    if (s->h.index_col && s->celllen[0]) /* the pandas index does not count */
        filled--;
    int index_only = filled == 1 && last == 0 && s->h.map[0] != C_TIMESTAMP;
    if (filled == 1 && last == 0 && !index_only) {
        index_only = 1;
        /* "0", "1.0", ".0": a number alone, as real files hold it */
        for (size_t k = 0; k < s->celllen[0]; k++)
            if (!isdigit((unsigned char)s->cell[0][k]) && s->cell[0][k] != '.')
                index_only = 0;
    }
    if (filled == 0 || index_only) {
        gt_parse_reject(&s->ctx, line, "empty row");
        return GT_OK;
    }
    for (size_t i = 0; trimmed && i < hn; i++) /* cut trimmed ends (cells are writable) */
        ((char *)s->cell[i])[s->celllen[i]] = '\0';
    return row_to_record(s, line);
}

/* Two rows glued into one line: the file lacked its final newline when the
 * tracker appended the next run, so the last cell of one row runs into the
 * timestamp of the next ("brazilsouth2021-07-14T10:59:36"). The offset where
 * the timestamp starts when exactly one split gives a whole timestamp, else
 * 0. Only for files whose first column is the timestamp. */
static size_t glued_split(const struct gt_stream *s, const char *c, size_t l)
{
    if (s->h.map[0] != C_TIMESTAMP || s->h.index_col)
        return 0;
    size_t found = 0, nfound = 0;
    for (size_t k = 1; k + 10 <= l; k++) {
        const char *t = c + k;
        if (!(isdigit((unsigned char)t[0]) && isdigit((unsigned char)t[1]) &&
              isdigit((unsigned char)t[2]) && isdigit((unsigned char)t[3]) && t[4] == '-'))
            continue;
        double v;
        enum gt_tz tz;
        if (gt_time_parse(t, l - k, &v, &tz) == 0) {
            found = k;
            nfound++;
        }
    }
    return nfound == 1 ? found : 0;
}

static enum gt_status on_row(void *ud, long line, size_t n, char **cells, const size_t *lens)
{
    struct gt_stream *s = ud;
    int header = is_header_row(n, cells, lens);
    if (!s->have_header || header) {
        if (s->have_header)
            gt_parse_warn(&s->ctx, line, "a new header starts here; the rows below follow it");
        if (!header) {
            gt_parse_reject(&s->ctx, line, "no CodeCarbon header before this row");
            return GT_OK;
        }
        s->xl_ready = 0; /* the extras' columns change with the header */
        return set_header(s, line, n, cells, lens);
    }
    size_t hn = s->h.n;
    /* cells are NUL-terminated by the CSV reader; trim in place */
    size_t used = n;
    while (used > hn && lens[used - 1] == 0) /* trailing empty cells past the header */
        used--;
    size_t k;
    if (used == hn || (n > hn && hn == CC_MAX_COLS)) {
        return take_row(s, line, cells, lens, gt_csv_stream_clean(s->csv));
    } else if (hn > 1 && (used == 2 * hn - 1 || n == 2 * hn - 1) && lens[hn - 1] < 256 &&
               (k = glued_split(s, cells[hn - 1], lens[hn - 1])) > 0) {
        char ts[256];
        size_t tl = lens[hn - 1] - k;
        memcpy(ts, cells[hn - 1] + k, tl);
        ts[tl] = '\0';
        gt_parse_warn(&s->ctx, line,
                      "two rows glued into one line (the file lacked its final newline when the "
                      "next run was appended): split before '%s', both read",
                      ts);
        cells[hn - 1][k] = '\0';
        size_t lens_a[CC_MAX_COLS];
        memcpy(lens_a, lens, hn * sizeof *lens);
        lens_a[hn - 1] = k;
        enum gt_status st = take_row(s, line, cells, lens_a, 0);
        if (st != GT_OK)
            return st;
        char *cells_b[CC_MAX_COLS];
        size_t lens_b[CC_MAX_COLS];
        cells_b[0] = ts;
        lens_b[0] = tl;
        for (size_t i = 1; i < hn; i++) {
            cells_b[i] = cells[hn - 1 + i];
            lens_b[i] = lens[hn - 1 + i];
        }
        return take_row(s, line, cells_b, lens_b, 0);
    } else if (used < hn) {
        n = used;
        s->cell = s->cellbuf;
        s->celllen = s->lenbuf;
        for (size_t i = 0; i < hn; i++) /* a dropped column has no cell */
            s->cellbuf[i] = NULL;
        int colcell[CC_MAX_COLS];
        int res = realign_row(&s->h, n, (const char **)cells, lens, colcell);
        if (res == -2)
            return GT_E_NOMEM;
        if (res != 1) {
            gt_parse_reject(&s->ctx, line, "row has %zu fields, the header %zu; %s", n, hn,
                            res == 0 ? "no way to realign them by column type"
                                     : "realigning them by column type is ambiguous");
            return GT_OK;
        }
        char dropped[256];
        size_t dl = 0;
        dropped[0] = '\0';
        for (size_t i = 0; i < hn; i++) {
            if (colcell[i] >= 0) {
                const char *c = cells[colcell[i]];
                size_t l = lens[colcell[i]];
                gt_trim(&c, &l);
                s->cellbuf[i] = c;
                s->lenbuf[i] = l;
            } else if (s->h.name[i][0] && dl + strlen(s->h.name[i]) + 3 < sizeof(dropped)) {
                dl += (size_t)snprintf(dropped + dl, sizeof(dropped) - dl, "%s'%s'", dl ? ", " : "",
                                       s->h.name[i]);
            }
        }
        gt_parse_warn(&s->ctx, line,
                      "row has %zu fields, the header %zu (CodeCarbon 3.2.9+ drops empty "
                      "fields); realigned by column type, empty: %s",
                      n, hn, dropped[0] ? dropped : "(unnamed columns)");
    } else {
        gt_parse_reject(&s->ctx, line, "row has %zu fields, the header %zu", n, hn);
        return GT_OK;
    }
    for (size_t i = 0; i < hn; i++) /* cut trimmed ends (cells are writable) */
        if (s->cell[i])
            ((char *)s->cell[i])[s->celllen[i]] = '\0';
    return row_to_record(s, line);
}

static void on_bad(void *ud, long line, const char *reason)
{
    struct gt_stream *s = ud;
    gt_parse_reject(&s->ctx, line, "%s", reason);
}

struct gt_stream *gt_cc_open(const struct gt_parse_ctx *ctx)
{
    struct gt_stream *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->ctx = *ctx;
    s->csv = gt_csv_stream_open(',', ctx->file, on_row, on_bad, s);
    if (!s->csv) {
        free(s);
        return NULL;
    }
    return s;
}

enum gt_status gt_cc_feed(struct gt_stream *s, const char *buf, size_t len, struct gt_error *err)
{
    enum gt_status st = gt_csv_stream_feed(s->csv, buf, len, err);
    if (st != GT_OK && err && !err->msg[0])
        gt_error_set(err, st, "reading '%s': %s", s->ctx.file, gt_strerror(st));
    return st;
}

enum gt_status gt_cc_finish(struct gt_stream *s, struct gt_error *err)
{
    enum gt_status st = gt_csv_stream_finish(s->csv, err);
    if (st == GT_OK && !s->have_header)
        gt_parse_warn(&s->ctx, 0, "no CodeCarbon header found");
    free(s->h.names);
    free(s->keybuf);
    free(s->taskkey);
    free(s);
    return st;
}
