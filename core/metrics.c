#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gt_csv.h"
#include "gt_metrics.h"
#include "gt_num.h"
#include "gt_text.h"
#include "gt_time.h"

#define QUOTE_MAX 48

/* --- rows ------------------------------------------------------------------ */

static char *dup_n(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

int gt_mrow_set(char **field, const char *s, size_t n)
{
    gt_trim(&s, &n);
    char *p = dup_n(s, n);
    if (!p)
        return -1;
    free(*field);
    *field = p;
    return 0;
}

struct gt_mrow *gt_mset_add(struct gt_mset *s, const char *file, long line, const char *source)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 16;
        struct gt_mrow *p = realloc(s->r, nc * sizeof *p);
        if (!p)
            return NULL;
        s->r = p;
        s->cap = nc;
    }
    struct gt_mrow *r = &s->r[s->n];
    memset(r, 0, sizeof *r);
    r->line = line;
    r->source = source;
    r->start = r->end = NAN;
    char **f[] = {&r->file, &r->run_id, &r->name, &r->experiment, &r->project, &r->model, &r->host};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
        *f[i] = dup_n("", 0);
        if (!*f[i]) {
            for (size_t j = 0; j < i; j++)
                free(*f[j]);
            return NULL;
        }
    }
    if (gt_mrow_set(&r->file, file, strlen(file)) != 0) {
        for (size_t j = 0; j < sizeof f / sizeof f[0]; j++)
            free(*f[j]);
        return NULL;
    }
    s->n++;
    return r;
}

static void mrow_free(struct gt_mrow *r)
{
    free(r->file);
    free(r->run_id);
    free(r->name);
    free(r->experiment);
    free(r->project);
    free(r->model);
    free(r->host);
    for (size_t i = 0; i < r->nv; i++)
        free(r->vname[i]);
    free(r->vname);
    free(r->v);
}

void gt_mset_release(struct gt_mset *s)
{
    for (size_t i = 0; i < s->n; i++)
        mrow_free(&s->r[i]);
    free(s->r);
    memset(s, 0, sizeof *s);
}

int gt_mrow_metric_set(struct gt_mrow *r, const char *name, size_t nlen, double v)
{
    gt_trim(&name, &nlen);
    if (nlen == 0)
        return 0; /* a metric needs a name */
    for (size_t i = 0; i < r->nv; i++)
        if (strlen(r->vname[i]) == nlen && memcmp(r->vname[i], name, nlen) == 0) {
            r->v[i] = v;
            return 0;
        }
    if (r->nv == r->capv) {
        size_t nc = r->capv ? r->capv * 2 : 8;
        char **pn = realloc(r->vname, nc * sizeof *pn);
        if (!pn)
            return -1;
        r->vname = pn;
        double *pv = realloc(r->v, nc * sizeof *pv);
        if (!pv)
            return -1;
        r->v = pv;
        r->capv = nc;
    }
    r->vname[r->nv] = dup_n(name, nlen);
    if (!r->vname[r->nv])
        return -1;
    r->v[r->nv++] = v;
    return 0;
}

double gt_mrow_metric(const struct gt_mrow *r, const char *name)
{
    for (size_t i = 0; i < r->nv; i++)
        if (strcmp(r->vname[i], name) == 0)
            return r->v[i];
    return NAN;
}

/* --- the user's table --------------------------------------------------------- */

enum col {
    COL_METRIC = 0,
    COL_RUN_ID,
    COL_NAME,
    COL_MODEL,
    COL_EXPERIMENT,
    COL_PROJECT,
    COL_HOST,
    COL_START,
    COL_END,
    COL_TEXT /* neither an identity nor numbers */
};

static const struct {
    const char *name;
    enum col c;
} col_names[] = {
    {"run_id", COL_RUN_ID},
    {"run", COL_RUN_ID},
    {"id", COL_RUN_ID},
    {"run_uuid", COL_RUN_ID},
    {"name", COL_NAME},
    {"run_name", COL_NAME},
    {"label", COL_NAME},
    {"model", COL_MODEL},
    {"experiment", COL_EXPERIMENT},
    {"experiment_name", COL_EXPERIMENT},
    {"experiment_id", COL_EXPERIMENT},
    {"project", COL_PROJECT},
    {"project_name", COL_PROJECT},
    {"host", COL_HOST},
    {"hostname", COL_HOST},
    {"start", COL_START},
    {"start_time", COL_START},
    {"started_at", COL_START},
    {"end", COL_END},
    {"end_time", COL_END},
};

static enum col col_of(const char *name, size_t n)
{
    gt_trim(&name, &n);
    for (size_t i = 0; i < sizeof col_names / sizeof col_names[0]; i++)
        if (strlen(col_names[i].name) == n && strncasecmp(col_names[i].name, name, n) == 0)
            return col_names[i].c;
    return COL_METRIC;
}

static char **ident_field(struct gt_mrow *r, enum col c)
{
    switch (c) {
    case COL_RUN_ID:
        return &r->run_id;
    case COL_NAME:
        return &r->name;
    case COL_MODEL:
        return &r->model;
    case COL_EXPERIMENT:
        return &r->experiment;
    case COL_PROJECT:
        return &r->project;
    case COL_HOST:
        return &r->host;
    default:
        return NULL;
    }
}

/* A time cell: ISO 8601 (UTC with a zone, else wall-clock) or a number of
 * seconds (or milliseconds, when above 1e11) since 1970. 0, or -1. */
static int parse_time(const char *s, size_t n, double *t, int *local)
{
    gt_trim(&s, &n);
    enum gt_tz tz;
    if (gt_time_parse(s, n, t, &tz) == 0) {
        *local = tz == GT_TZ_LOCAL;
        return 0;
    }
    double v;
    if (gt_num_parse(s, n, &v) == 0 && v >= 0) {
        *t = v > 1e11 ? v / 1000.0 : v;
        *local = 0;
        return 0;
    }
    return -1;
}

static int blank(const char *s)
{
    size_t n = strlen(s);
    gt_trim(&s, &n);
    return n == 0;
}

static unsigned char sniff_delim(const char *data, size_t len)
{
    const char *nl = memchr(data, '\n', len);
    size_t l = nl ? (size_t)(nl - data) : len;
    size_t c = 0, sc = 0, tab = 0;
    for (size_t i = 0; i < l; i++) {
        c += data[i] == ',';
        sc += data[i] == ';';
        tab += data[i] == '\t';
    }
    if (tab > c && tab > sc)
        return '\t';
    return sc > c ? ';' : ',';
}

/* Fills the row's identity or time from one cell; -1 after rejecting. */
static int set_ident(const struct gt_parse_ctx *ctx, long line, struct gt_mrow *r, enum col c,
                     const char *colname, const char *s, size_t n, struct gt_error *err, int *nomem)
{
    if (c == COL_START || c == COL_END) {
        size_t tn = n;
        const char *ts = s;
        gt_trim(&ts, &tn);
        if (!tn)
            return 0;
        double t;
        int local;
        if (parse_time(ts, tn, &t, &local) != 0) {
            gt_parse_reject(ctx, line, "cannot parse '%s': '%.*s'", colname,
                            (int)(tn > QUOTE_MAX ? QUOTE_MAX : tn), ts);
            return -1;
        }
        *(c == COL_START ? &r->start : &r->end) = t;
        r->local_time |= local;
        return 0;
    }
    char **f = ident_field(r, c);
    if (f && gt_mrow_set(f, s, n) != 0) {
        *nomem = 1;
        gt_error_set(err, GT_E_NOMEM, "out of memory");
        return -1;
    }
    return 0;
}

static enum gt_status table_csv(const char *data, size_t len, const struct gt_parse_ctx *ctx,
                                struct gt_mset *out, struct gt_error *err)
{
    struct gt_csv t = {0};
    enum gt_status st = gt_csv_parse(data, len, sniff_delim(data, len), ctx->file, &t, err);
    if (st != GT_OK)
        return st;
    if (t.nrows == 0) {
        gt_csv_release(&t);
        gt_error_set(err, GT_E_PARSE, "'%s' has no header line", ctx->file);
        return GT_E_PARSE;
    }
    const struct gt_csv_row *h = &t.rows[0];
    enum col *cols = calloc(h->n ? h->n : 1, sizeof *cols);
    if (!cols) {
        gt_csv_release(&t);
        return gt_error_set(err, GT_E_NOMEM, "out of memory");
    }
    for (size_t j = 0; j < h->n; j++) {
        cols[j] = blank(h->cells[j]) ? COL_TEXT : col_of(h->cells[j], strlen(h->cells[j]));
        if (cols[j] != COL_METRIC)
            continue;
        for (size_t i = 1; i < t.nrows; i++) {
            const char *c = gt_row_cell(&t.rows[i], (int)j);
            double v;
            if (!blank(c) && gt_num_parse(c, strlen(c), &v) != 0) {
                cols[j] = COL_TEXT;
                break;
            }
        }
    }
    st = GT_OK;
    for (size_t i = 1; i < t.nrows && st == GT_OK; i++) {
        const struct gt_csv_row *row = &t.rows[i];
        if (gt_parse_check_width(ctx, h, row) != 0)
            continue;
        struct gt_mrow *r = gt_mset_add(out, ctx->file, row->line, "csv");
        if (!r) {
            st = gt_error_set(err, GT_E_NOMEM, "out of memory");
            break;
        }
        int bad = 0, nomem = 0;
        for (size_t j = 0; j < h->n && !bad; j++) {
            const char *c = gt_row_cell(row, (int)j);
            if (cols[j] == COL_TEXT)
                continue;
            if (cols[j] == COL_METRIC) {
                double v;
                if (blank(c) || gt_num_parse(c, strlen(c), &v) != 0)
                    continue;
                if (gt_mrow_metric_set(r, h->cells[j], strlen(h->cells[j]), v) != 0) {
                    nomem = bad = 1;
                    gt_error_set(err, GT_E_NOMEM, "out of memory");
                }
                continue;
            }
            bad = set_ident(ctx, row->line, r, cols[j], gt_trim_mut(h->cells[j]), c, strlen(c), err,
                            &nomem) != 0;
        }
        if (bad) {
            mrow_free(r);
            out->n--;
            if (nomem)
                st = GT_E_NOMEM;
        }
    }
    free(cols);
    gt_csv_release(&t);
    return st;
}

/* 1-based line of byte offset off. */
static long line_at(const char *data, size_t len, size_t off)
{
    long l = 1;
    for (size_t i = 0; i < off && i < len; i++)
        l += data[i] == '\n';
    return l;
}

/* The line of each element of the table's array (the top-level array, or
 * the "runs" member of the top-level object) into lines[0..cap), by a
 * scan that knows strings and nesting. */
static void element_lines(const char *d, size_t n, long *lines, size_t cap)
{
    long line = 1;
    int depth = 0, in_str = 0, esc = 0, expect = 0, key_runs = 0, table_depth = -1;
    size_t k = 0, key_start = 0;
    for (size_t i = 0; i < n; i++) {
        char c = d[i];
        if (in_str) {
            if (esc)
                esc = 0;
            else if (c == '\\')
                esc = 1;
            else if (c == '"') {
                in_str = 0;
                if (depth == 1 && table_depth < 0)
                    key_runs = i - key_start == 4 && memcmp(d + key_start, "runs", 4) == 0;
            }
            if (c == '\n')
                line++;
            continue;
        }
        if (c == '\n')
            line++;
        if (gt_is_blank(c))
            continue;
        if (expect && c != ']') {
            if (k < cap)
                lines[k] = line;
            k++;
        }
        expect = 0;
        if (c == '"') {
            in_str = 1;
            key_start = i + 1;
        } else if (c == '[' || c == '{') {
            depth++;
            if (c == '[' && table_depth < 0 && (depth == 1 || (depth == 2 && key_runs))) {
                table_depth = depth;
                expect = 1;
            }
        } else if (c == ']' || c == '}') {
            depth--;
        } else if (c == ',' && depth == table_depth) {
            expect = 1;
        }
    }
}

static enum gt_status table_json(const char *data, size_t len, const struct gt_parse_ctx *ctx,
                                 struct gt_mset *out, struct gt_error *err)
{
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(data, len, &end, 0);
    if (!root) {
        size_t off = end && end >= data ? (size_t)(end - data) : 0;
        gt_error_set(err, GT_E_PARSE, "'%s' is not valid JSON", ctx->file);
        gt_error_at(err, ctx->file, line_at(data, len, off), 0);
        return GT_E_PARSE;
    }
    const cJSON *arr = root;
    if (cJSON_IsObject(root))
        arr = cJSON_GetObjectItemCaseSensitive(root, "runs");
    if (!cJSON_IsArray(arr)) {
        cJSON_Delete(root);
        return gt_error_set(err, GT_E_PARSE,
                            "'%s' is not a table: expected an array of objects, or an object "
                            "with a \"runs\" array",
                            ctx->file);
    }
    size_t nel = (size_t)cJSON_GetArraySize(arr);
    long *lines = calloc(nel ? nel : 1, sizeof *lines);
    if (!lines) {
        cJSON_Delete(root);
        return gt_error_set(err, GT_E_NOMEM, "out of memory");
    }
    element_lines(data, len, lines, nel);
    enum gt_status st = GT_OK;
    long k = 0;
    const cJSON *o;
    cJSON_ArrayForEach(o, arr)
    {
        long line = lines[k++];
        if (!cJSON_IsObject(o)) {
            gt_parse_reject(ctx, line, "run %ld of the array is not an object", k);
            continue;
        }
        struct gt_mrow *r = gt_mset_add(out, ctx->file, line, "json");
        if (!r) {
            st = gt_error_set(err, GT_E_NOMEM, "out of memory");
            break;
        }
        int bad = 0, nomem = 0;
        const cJSON *m;
        cJSON_ArrayForEach(m, o)
        {
            if (bad)
                break;
            if (!m->string || !m->string[0])
                continue;
            enum col c = col_of(m->string, strlen(m->string));
            if (c == COL_METRIC) {
                if (cJSON_IsNumber(m) && isfinite(m->valuedouble) &&
                    gt_mrow_metric_set(r, m->string, strlen(m->string), m->valuedouble) != 0) {
                    nomem = bad = 1;
                    gt_error_set(err, GT_E_NOMEM, "out of memory");
                }
                continue;
            }
            char num[64];
            const char *s = NULL;
            if (cJSON_IsString(m))
                s = m->valuestring;
            else if (cJSON_IsNumber(m))
                s = gt_num_fmt(m->valuedouble, num, sizeof num);
            if (!s)
                continue;
            bad = set_ident(ctx, line, r, c, m->string, s, strlen(s), err, &nomem) != 0;
        }
        if (bad) {
            mrow_free(r);
            out->n--;
            if (nomem) {
                st = GT_E_NOMEM;
                break;
            }
        }
    }
    free(lines);
    cJSON_Delete(root);
    return st;
}

enum gt_status gt_metrics_table_parse(const char *data, size_t len, const struct gt_parse_ctx *ctx,
                                      struct gt_mset *out, struct gt_error *err)
{
    size_t bom = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0, i = bom;
    while (i < len && gt_is_blank(data[i]))
        i++;
    if (i < len && (data[i] == '[' || data[i] == '{'))
        return table_json(data + bom, len - bom, ctx, out, err);
    return table_csv(data, len, ctx, out, err);
}

int gt_metrics_table_why_text(const char *data, size_t len, const char *name, char *buf,
                              size_t size)
{
    struct gt_csv t = {0};
    struct gt_error err = {0};
    if (gt_csv_parse(data, len, sniff_delim(data, len), "", &t, &err) != GT_OK)
        return -1;
    int rc = -1;
    int j = t.nrows ? gt_csv_col(&t.rows[0], name) : -1;
    for (size_t i = 1; j >= 0 && i < t.nrows && rc; i++) {
        const char *c = gt_row_cell(&t.rows[i], j);
        double v;
        if (!blank(c) && gt_num_parse(c, strlen(c), &v) != 0) {
            snprintf(buf, size, "'%s' at line %ld: '%.*s'", name, t.rows[i].line, QUOTE_MAX, c);
            rc = 0;
        }
    }
    gt_csv_release(&t);
    return rc;
}

/* --- MLflow ------------------------------------------------------------------ */

/* Next blank-separated field of [*p, e); 0 when none. */
static size_t field(const char **p, const char *e, const char **f)
{
    while (*p < e && gt_is_blank(**p))
        (*p)++;
    *f = *p;
    while (*p < e && !gt_is_blank(**p))
        (*p)++;
    return (size_t)(*p - *f);
}

enum gt_status gt_mlflow_metric_parse(const char *data, size_t len, const struct gt_parse_ctx *ctx,
                                      struct gt_mlflow_series *out, struct gt_error *err)
{
    memset(out, 0, sizeof *out);
    out->last = out->max = out->min = NAN;
    out->t_first_ms = out->t_last_ms = out->last_t_ms = NAN;
    long line = 0;
    const char *p = data, *e = data + len;
    while (p < e) {
        const char *nl = memchr(p, '\n', (size_t)(e - p));
        const char *le = nl ? nl : e;
        line++;
        const char *q = p, *l = p, *f[4];
        size_t n[4];
        int nf = 0;
        while (nf < 4 && (n[nf] = field(&q, le, &f[nf])) > 0)
            nf++;
        p = nl ? nl + 1 : e;
        size_t ll = (size_t)(le - l);
        if (ll && l[ll - 1] == '\r')
            ll--;
        if (nf == 0)
            continue;
        double t, v, step = 0;
        if (nf < 2 || nf > 3 || gt_num_parse(f[0], n[0], &t) != 0 ||
            (nf == 3 && gt_num_parse(f[2], n[2], &step) != 0)) {
            gt_parse_warn(ctx, line, "not a 'timestamp value step' line: '%.*s'",
                          (int)(ll > QUOTE_MAX ? QUOTE_MAX : ll), l);
            continue;
        }
        if (gt_num_parse(f[1], n[1], &v) != 0) {
            gt_parse_warn(ctx, line, "value '%.*s' is not a finite number; skipped",
                          (int)(n[1] > QUOTE_MAX ? QUOTE_MAX : n[1]), f[1]);
            continue;
        }
        if (out->n == 0 || step > out->last_step ||
            (step == out->last_step && t >= out->last_t_ms)) {
            out->last = v;
            out->last_step = step;
            out->last_t_ms = t;
        }
        if (out->n == 0 || v > out->max)
            out->max = v;
        if (out->n == 0 || v < out->min)
            out->min = v;
        if (out->n == 0 || t < out->t_first_ms)
            out->t_first_ms = t;
        if (out->n == 0 || t > out->t_last_ms)
            out->t_last_ms = t;
        out->n++;
    }
    if (out->n == 0) {
        gt_error_set(err, GT_E_DATA, "no value in MLflow metric file '%s'", ctx->file);
        return GT_E_DATA;
    }
    return GT_OK;
}

static void copy_val(char *dst, size_t size, const char *s, size_t n)
{
    gt_trim(&s, &n);
    if (n >= 2 && ((s[0] == '\'' && s[n - 1] == '\'') || (s[0] == '"' && s[n - 1] == '"'))) {
        s++;
        n -= 2;
    }
    if (n >= size)
        n = size - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

static int key_is(const char *k, size_t kn, const char *name)
{
    return strlen(name) == kn && memcmp(k, name, kn) == 0;
}

enum gt_status gt_mlflow_meta_parse(const char *data, size_t len, const char *file,
                                    struct gt_mlflow_meta *out, struct gt_error *err)
{
    memset(out, 0, sizeof *out);
    out->start_ms = out->end_ms = NAN;
    long line = 0;
    const char *p = data, *e = data + len;
    while (p < e) {
        const char *nl = memchr(p, '\n', (size_t)(e - p));
        const char *le = nl ? nl : e;
        line++;
        const char *l = p;
        p = nl ? nl + 1 : e;
        if (l == le || gt_is_blank(*l) || *l == '-' || *l == '#')
            continue; /* nested, list item, comment or empty */
        const char *colon = memchr(l, ':', (size_t)(le - l));
        if (!colon)
            continue;
        size_t kn = (size_t)(colon - l);
        const char *v = colon + 1;
        size_t vn = (size_t)(le - v);
        const struct {
            const char *key;
            char *dst;
            size_t size;
        } keys[] = {{"run_id", out->run_id, sizeof out->run_id},
                    {"run_name", out->run_name, sizeof out->run_name},
                    {"experiment_id", out->experiment_id, sizeof out->experiment_id},
                    {"name", out->name, sizeof out->name},
                    {"user_id", out->user, sizeof out->user},
                    {"status", out->status, sizeof out->status},
                    {"lifecycle_stage", out->lifecycle, sizeof out->lifecycle}};
        int done = 0;
        for (size_t k = 0; k < sizeof keys / sizeof keys[0] && !done; k++)
            if (key_is(l, kn, keys[k].key)) {
                copy_val(keys[k].dst, keys[k].size, v, vn);
                done = 1;
            }
        if (done)
            continue;
        if (key_is(l, kn, "run_uuid") && !out->run_id[0])
            copy_val(out->run_id, sizeof out->run_id, v, vn);
        else if (key_is(l, kn, "start_time") || key_is(l, kn, "end_time")) {
            char buf[64];
            copy_val(buf, sizeof buf, v, vn);
            double t = NAN;
            if (buf[0] && strcmp(buf, "null") != 0 && strcmp(buf, "~") != 0 &&
                gt_num_parse(buf, strlen(buf), &t) != 0) {
                gt_error_set(err, GT_E_PARSE, "cannot parse '%.*s' in '%s': '%s'", (int)kn, l, file,
                             buf);
                gt_error_at(err, file, line, 0);
                return GT_E_PARSE;
            }
            *(key_is(l, kn, "start_time") ? &out->start_ms : &out->end_ms) = t;
        }
    }
    return GT_OK;
}

const char *gt_mlflow_status_name(const char *s)
{
    static const char *const names[] = {"RUNNING", "SCHEDULED", "FINISHED", "FAILED", "KILLED"};
    long v;
    if (gt_num_parse_long(s, strlen(s), &v) == 0)
        return v >= 1 && v <= 5 ? names[v - 1] : "";
    for (size_t i = 0; i < 5; i++)
        if (strcasecmp(s, names[i]) == 0)
            return names[i];
    return "";
}

/* --- W&B ------------------------------------------------------------------------ */

static cJSON *parse_object(const char *data, size_t len, const char *file, const char *what,
                           struct gt_error *err)
{
    cJSON *root = cJSON_ParseWithLength(data, len);
    if (!cJSON_IsObject(root)) {
        cJSON_Delete(root);
        gt_error_set(err, GT_E_PARSE, "'%s' is not a JSON object (%s)", file, what);
        return NULL;
    }
    return root;
}

#define WANDB_DEPTH 8

static int flatten(struct gt_mrow *row, const cJSON *o, char *prefix, size_t plen, size_t cap,
                   int depth)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, o)
    {
        const char *key = m->string ? m->string : "";
        while (gt_is_blank(*key))
            key++;
        if (!key[0] || (depth == 0 && key[0] == '_'))
            continue;
        size_t kl = strlen(key);
        if (plen + kl + 2 > cap)
            continue; /* a name too long to keep */
        size_t nl = plen;
        if (plen)
            prefix[nl++] = '/';
        memcpy(prefix + nl, key, kl);
        nl += kl;
        prefix[nl] = '\0';
        if (cJSON_IsNumber(m) && isfinite(m->valuedouble)) {
            if (gt_mrow_metric_set(row, prefix, nl, m->valuedouble) != 0)
                return -1;
        } else if (cJSON_IsObject(m) && depth < WANDB_DEPTH &&
                   !cJSON_GetObjectItemCaseSensitive(m, "_type")) {
            /* objects with a _type are W&B media (tables, images, histograms) */
            if (flatten(row, m, prefix, nl, cap, depth + 1) != 0)
                return -1;
        }
        prefix[plen] = '\0';
    }
    return 0;
}

static double num_member(const cJSON *o, const char *k)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(m) && isfinite(m->valuedouble) ? m->valuedouble : NAN;
}

enum gt_status gt_wandb_summary_parse(const char *data, size_t len, const char *file,
                                      struct gt_mrow *row, double *runtime_s, double *end_s,
                                      struct gt_error *err)
{
    *runtime_s = *end_s = NAN;
    cJSON *root = parse_object(data, len, file, "wandb-summary.json", err);
    if (!root)
        return GT_E_PARSE;
    char prefix[512];
    prefix[0] = '\0';
    if (flatten(row, root, prefix, 0, sizeof prefix, 0) != 0) {
        cJSON_Delete(root);
        return gt_error_set(err, GT_E_NOMEM, "out of memory");
    }
    *runtime_s = num_member(root, "_runtime");
    if (isnan(*runtime_s)) {
        const cJSON *w = cJSON_GetObjectItemCaseSensitive(root, "_wandb");
        if (cJSON_IsObject(w))
            *runtime_s = num_member(w, "runtime");
    }
    *end_s = num_member(root, "_timestamp");
    cJSON_Delete(root);
    return GT_OK;
}

enum gt_status gt_wandb_metadata_parse(const char *data, size_t len, const char *file,
                                       struct gt_mrow *row, struct gt_error *err)
{
    cJSON *root = parse_object(data, len, file, "wandb-metadata.json", err);
    if (!root)
        return GT_E_PARSE;
    enum gt_status st = GT_OK;
    const cJSON *s = cJSON_GetObjectItemCaseSensitive(root, "startedAt");
    if (cJSON_IsString(s)) {
        double t;
        enum gt_tz tz;
        if (gt_time_parse(s->valuestring, strlen(s->valuestring), &t, &tz) != 0) {
            st = gt_error_set(err, GT_E_PARSE, "cannot parse 'startedAt' in '%s': '%.*s'", file,
                              QUOTE_MAX, s->valuestring);
        } else {
            row->start = t; /* W&B writes UTC, with or without the Z */
        }
    }
    const cJSON *h = cJSON_GetObjectItemCaseSensitive(root, "host");
    if (st == GT_OK && cJSON_IsString(h) &&
        gt_mrow_set(&row->host, h->valuestring, strlen(h->valuestring)) != 0)
        st = gt_error_set(err, GT_E_NOMEM, "out of memory");
    cJSON_Delete(root);
    return st;
}

const char *gt_wandb_folder_id(const char *d, size_t *n)
{
    if (strncmp(d, "offline-", 8) == 0)
        d += 8;
    if (strncmp(d, "run-", 4) != 0)
        return NULL;
    const char *dash = strrchr(d + 4, '-');
    if (!dash || dash == d + 4 || !dash[1])
        return NULL;
    *n = strlen(dash + 1);
    return dash + 1;
}
