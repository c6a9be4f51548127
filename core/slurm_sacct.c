/* slurm_sacct.c - `sacct -P` output -> jobs. A line splitter of our own
 * (sacct -P neither quotes nor escapes: a cell is what lies between two '|'),
 * memory bounded by one line, steps folded into the job they follow.
 *
 * Formats written from SLURM's sacct(1) and the logs GA4HPC's users posted
 * (notes/green-algorithms.md section 6): Elapsed/TotalCPU/CPUTime as
 * [D-]HH:MM:SS[.mmm] or MM:SS.mmm; ReqMem 16G, 4000Mc, 2Gn, 0n; MaxRSS with
 * K/M/G/T or a bare number; JobID 123, 123_4, 123_[1-5], 123.batch, 123.0,
 * 123+1, 123+1.0. */
#include "gt_slurm.h"
#include "gt_num.h"
#include "gt_text.h"
#include "gt_time.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* --- fields ----------------------------------------------------------------- */

static int digits(const char *s, size_t n, double *v)
{
    if (n == 0 || n > 12)
        return -1;
    double x = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        x = x * 10 + (s[i] - '0');
    }
    *v = x;
    return 0;
}

int gt_slurm_parse_duration(const char *s, size_t n, double *secs)
{
    gt_trim(&s, &n);
    if (n == 0)
        return -1;
    double days = 0, frac = 0;
    const char *dash = memchr(s, '-', n);
    if (dash) {
        if (digits(s, (size_t)(dash - s), &days) != 0)
            return -1;
        n -= (size_t)(dash - s) + 1;
        s = dash + 1;
    }
    const char *dot = memchr(s, '.', n);
    if (dot) {
        size_t fl = n - (size_t)(dot - s) - 1;
        double f;
        if (digits(dot + 1, fl, &f) != 0)
            return -1;
        frac = f / pow(10, (double)fl);
        n = (size_t)(dot - s);
    }
    double part[3];
    int np = 0;
    size_t i = 0;
    while (i <= n) {
        size_t j = i;
        while (j < n && s[j] != ':')
            j++;
        if (np == 3 || digits(s + i, j - i, &part[np]) != 0)
            return -1;
        np++;
        i = j + 1;
        if (j == n)
            break;
    }
    double t;
    if (np == 3)
        t = part[0] * 3600 + part[1] * 60 + part[2];
    else if (np == 2)
        t = part[0] * 60 + part[1];
    else
        t = part[0];
    if (dash && np != 3)
        return -1; /* D-HH:MM:SS only */
    if (np > 1 && part[np - 1] >= 60)
        return -1;
    if (np == 3 && part[1] >= 60)
        return -1;
    *secs = days * 86400 + t + frac;
    return 0;
}

int gt_slurm_parse_mem(const char *s, size_t n, char def_unit, double *gb, char *per)
{
    gt_trim(&s, &n);
    *per = 0;
    if (n == 0)
        return -1;
    char last = s[n - 1];
    if (last == 'n' || last == 'c') {
        *per = last;
        n--;
    }
    if (n == 0)
        return -1;
    char unit = def_unit;
    char u = (char)(s[n - 1] & ~0x20);
    if (u == 'K' || u == 'M' || u == 'G' || u == 'T') {
        unit = u;
        n--;
    }
    double v;
    if (n == 0 || gt_num_parse(s, n, &v) != 0 || v < 0)
        return -1;
    switch (unit) {
    case 'K':
        *gb = v / 1e6;
        break;
    case 'M':
        *gb = v / 1e3;
        break;
    case 'G':
        *gb = v;
        break;
    case 'T':
        *gb = v * 1e3;
        break;
    default: /* bytes */
        *gb = v / 1e9;
        break;
    }
    return 0;
}

double gt_slurm_tres_gpus(const char *s, size_t n, char *type, size_t type_size)
{
    double plain = NAN, typed = 0;
    if (type_size)
        type[0] = '\0';
    size_t i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ',')
            j++;
        const char *e = s + i;
        size_t l = j - i;
        if (l > 8 && strncasecmp(e, "gres/gpu", 8) == 0) {
            const char *eq = memchr(e, '=', l);
            double v;
            if (eq && gt_num_parse(eq + 1, (size_t)(e + l - eq - 1), &v) == 0 && v >= 0) {
                if (e[8] == '=')
                    plain = v;
                else if (e[8] == ':') {
                    typed += v;
                    size_t tl = (size_t)(eq - e) - 9;
                    if (type_size && !type[0] && tl > 0) {
                        if (tl >= type_size)
                            tl = type_size - 1;
                        memcpy(type, e + 9, tl);
                        type[tl] = '\0';
                    }
                }
            }
        }
        i = j + 1;
    }
    return !isnan(plain) ? plain : typed;
}

/* The text after "name=" in a TRES list; NULL when there is none. */
static const char *tres_entry(const char *s, size_t n, const char *name, size_t *len)
{
    size_t nl = strlen(name), i = 0;
    while (i < n) {
        size_t j = i;
        while (j < n && s[j] != ',')
            j++;
        const char *e = s + i;
        size_t l = j - i;
        if (l > nl + 1 && e[nl] == '=' && strncasecmp(e, name, nl) == 0) {
            *len = l - nl - 1;
            return e + nl + 1;
        }
        i = j + 1;
    }
    return NULL;
}

double gt_slurm_tres_value(const char *s, size_t n, const char *name)
{
    size_t l;
    const char *v = tres_entry(s, n, name, &l);
    double x;
    if (v && gt_num_parse(v, l, &x) == 0 && isfinite(x) && x >= 0)
        return x;
    return NAN;
}

double gt_slurm_gres_gpus(const char *s, size_t n, char *type, size_t type_size)
{
    double total = 0;
    if (type_size)
        type[0] = '\0';
    size_t i = 0;
    while (i < n) {
        /* an entry ends at a ',' outside "(IDX:0,2)" */
        size_t j = i;
        int depth = 0;
        while (j < n && (s[j] != ',' || depth > 0)) {
            depth += s[j] == '(' ? 1 : s[j] == ')' ? -1 : 0;
            j++;
        }
        const char *e = s + i;
        size_t l = j - i;
        const char *par = memchr(e, '(', l);
        if (par)
            l = (size_t)(par - e);
        gt_trim(&e, &l);
        if (l >= 3 && strncasecmp(e, "gpu", 3) == 0 && (l == 3 || e[3] == ':')) {
            /* gpu[:type][:count] */
            const char *r = l > 3 ? e + 4 : e + l;
            size_t rl = l > 3 ? l - 4 : 0;
            const char *colon = NULL;
            for (size_t k = 0; k < rl; k++)
                if (r[k] == ':')
                    colon = r + k;
            const char *cnt = colon ? colon + 1 : r;
            size_t cl = (size_t)(r + rl - cnt);
            double v;
            size_t tl;
            if (cl > 0 && gt_num_parse(cnt, cl, &v) == 0 && isfinite(v) && v >= 0)
                tl = colon ? (size_t)(colon - r) : 0;
            else {
                v = 1; /* no count: one */
                tl = rl;
            }
            total += v;
            if (type_size && !type[0] && tl > 0) {
                if (tl >= type_size)
                    tl = type_size - 1;
                memcpy(type, r, tl);
                type[tl] = '\0';
            }
        }
        i = j + 1;
    }
    return total;
}

static const char *const state_names[GT_SLURM_STATE__COUNT] = {
    "completed", "failed", "timeout", "cancelled", "running", "pending",
};

const char *gt_slurm_state_name(enum gt_slurm_state s)
{
    return (unsigned)s < GT_SLURM_STATE__COUNT ? state_names[s] : "?";
}

enum gt_slurm_state gt_slurm_state_parse(const char *s, size_t n)
{
    gt_trim(&s, &n);
    size_t w = 0;
    while (w < n && s[w] != ' ' && s[w] != '+')
        w++;
    static const struct {
        const char *word;
        enum gt_slurm_state st;
    } map[] = {
        {"COMPLETED", GT_SLURM_COMPLETED}, {"CD", GT_SLURM_COMPLETED},
        {"TIMEOUT", GT_SLURM_TIMEOUT},     {"TO", GT_SLURM_TIMEOUT},
        {"CANCELLED", GT_SLURM_CANCELLED}, {"CA", GT_SLURM_CANCELLED},
        {"PREEMPTED", GT_SLURM_CANCELLED}, {"PR", GT_SLURM_CANCELLED},
        {"REVOKED", GT_SLURM_CANCELLED},   {"RV", GT_SLURM_CANCELLED},
        {"RUNNING", GT_SLURM_RUNNING},     {"R", GT_SLURM_RUNNING},
        {"REQUEUED", GT_SLURM_RUNNING},    {"RQ", GT_SLURM_RUNNING},
        {"SUSPENDED", GT_SLURM_RUNNING},   {"S", GT_SLURM_RUNNING},
        {"COMPLETING", GT_SLURM_RUNNING},  {"CG", GT_SLURM_RUNNING},
        {"RESIZING", GT_SLURM_RUNNING},    {"PENDING", GT_SLURM_PENDING},
        {"PD", GT_SLURM_PENDING},
    };
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strlen(map[i].word) == w && strncasecmp(map[i].word, s, w) == 0)
            return map[i].st;
    return GT_SLURM_FAILED;
}

/* --- columns ---------------------------------------------------------------- */

enum {
    C_JOBID,
    C_ELAPSED,
    C_NCPUS,
    C_TOTALCPU,
    C_CPUTIME,
    C_PARTITION,
    C_STATE,
    C_USER,
    C_ACCOUNT,
    C_REQMEM,
    C_MAXRSS,
    C_ALLOCTRES,
    C_NNODES,
    C_NODELIST,
    C_SUBMIT,
    C_START,
    C_END,
    C_JOBNAME,
    C_ALLOCGRES,
    C_CLUSTER,
    C__N
};

static const char *const col_names[C__N] = {
    "JobID",  "Elapsed", "NCPUS",  "TotalCPU", "CPUTime",   "Partition", "State",
    "User",   "Account", "ReqMem", "MaxRSS",   "AllocTRES", "NNodes",    "NodeList",
    "Submit", "Start",   "End",    "JobName",  "AllocGRES", "Cluster",
};
/* Other fields that stand in for one when it is missing (a column's own name
 * wins over them, whatever the order): JobIDRaw (an array task's raw id),
 * ElapsedRaw and CPUTimeRAW (seconds, which the duration rule reads),
 * AllocCPUS, ReqTRES (the request: GPUs of a job that ran were allocated as
 * requested), AllocNodes. */
static const char *const col_alias[C__N] = {
    "JobIDRaw", "ElapsedRaw", "AllocCPUS",  NULL, "CPUTimeRAW", NULL, NULL, NULL, NULL, NULL,
    NULL,       "ReqTRES",    "AllocNodes", NULL, NULL,         NULL, NULL, NULL, NULL, NULL,
};

struct gt_slurm_stream {
    struct gt_parse_ctx ctx;
    gt_slurm_job_fn fn;
    void *ud;
    char rss_unit;
    char *line; /* the line being assembled */
    size_t len;
    int overflow; /* the current line is longer than GT_SLURM_LINE_MAX */
    long lineno;
    int have_header;
    int col[C__N];
    size_t ncols;
    char cluster[GT_SLURM_STR]; /* the last Cluster cell that was not empty */
    double attempt_start;       /* Start of the pending job's last job line */
    int pending;                /* job holds a job not yet emitted */
    struct gt_slurm_job job;
    enum gt_status st; /* first non-OK status from the callback */
    struct gt_error *err;
};

struct gt_slurm_stream *gt_slurm_open(const struct gt_parse_ctx *ctx, char max_rss_unit,
                                      gt_slurm_job_fn fn, void *ud)
{
    struct gt_slurm_stream *s = calloc(1, sizeof *s);
    if (!s)
        return NULL;
    s->line = malloc(GT_SLURM_LINE_MAX + 1);
    if (!s->line) {
        free(s);
        return NULL;
    }
    s->ctx = *ctx;
    s->fn = fn;
    s->ud = ud;
    s->rss_unit = max_rss_unit;
    return s;
}

static void copy_str(char *dst, const char *s, size_t n)
{
    gt_trim(&s, &n);
    if (n >= GT_SLURM_STR)
        n = GT_SLURM_STR - 1;
    memcpy(dst, s, n);
    dst[n] = '\0';
}

const char *gt_slurm_array_of(const char *id, char *buf, size_t size)
{
    const char *cl = strrchr(id, ':'); /* CLUSTER:JOBID (a job id has no ':') */
    const char *us = strchr(cl ? cl + 1 : id, '_');
    size_t n = us ? (size_t)(us - id) : 0;
    gt_trim(&id, &n);
    if (n >= size)
        n = size - 1;
    memcpy(buf, id, n);
    buf[n] = '\0';
    return buf;
}

/* The header: map every column by name. */
static enum gt_status header(struct gt_slurm_stream *s, char **cells, size_t *lens, size_t n)
{
    /* a header met before (in another file): its columns from the cache */
    struct gt_hdr_cache *hc = s->ctx.hdr_cache;
    const int *seen = hc ? gt_hdr_cache_find(hc, GT_HDR_SACCT, n, cells, lens) : NULL;
    if (seen) {
        memcpy(s->col, seen, sizeof s->col);
    } else {
        for (int c = 0; c < C__N; c++)
            s->col[c] = -1;
        /* names first, then the stand-ins for the columns still missing */
        for (int pass = 0; pass < 2; pass++)
            for (size_t i = 0; i < n; i++) {
                const char *t = cells[i];
                size_t l = lens[i];
                gt_trim(&t, &l);
                for (int c = 0; c < C__N; c++) {
                    const char *name = pass ? col_alias[c] : col_names[c];
                    if (s->col[c] < 0 && name && strlen(name) == l &&
                        strncasecmp(name, t, l) == 0) {
                        s->col[c] = (int)i;
                        break;
                    }
                }
            }
        if (hc)
            gt_hdr_cache_store(hc, s->col, sizeof s->col);
    }
    s->ncols = n;
    static const int need[] = {C_JOBID, C_ELAPSED, C_STATE};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++)
        if (s->col[need[i]] < 0) {
            gt_error_set(s->err, GT_E_PARSE, "sacct output in '%s' has no '%s' column", s->ctx.file,
                         col_names[need[i]]);
            gt_error_at(s->err, s->ctx.file, s->lineno, 0);
            return GT_E_PARSE;
        }
    /* NCPUS is the TRES's cpu=N when the column is missing */
    if (s->col[C_NCPUS] < 0) {
        if (s->col[C_ALLOCTRES] < 0) {
            gt_error_set(s->err, GT_E_PARSE,
                         "sacct output in '%s' has no 'NCPUS' column (nor 'AllocTRES' to take "
                         "cpu=N from)",
                         s->ctx.file);
            gt_error_at(s->err, s->ctx.file, s->lineno, 0);
            return GT_E_PARSE;
        }
        gt_parse_warn(&s->ctx, s->lineno, "no 'NCPUS' column; CPUs are cpu=N of '%s'",
                      col_names[C_ALLOCTRES]);
    }
    if (s->col[C_PARTITION] < 0)
        gt_parse_warn(&s->ctx, s->lineno,
                      "no 'Partition' column; every job is on the default partition");
    /* sacct --long has neither: CPUTime is Elapsed x NCPUS by definition */
    if (s->col[C_TOTALCPU] < 0 && s->col[C_CPUTIME] < 0)
        gt_parse_warn(&s->ctx, s->lineno,
                      "no 'TotalCPU' nor 'CPUTime' column; CPU time is Elapsed x NCPUS "
                      "(100 %% usage)");
    s->have_header = 1;
    return GT_OK;
}

static enum gt_status flush(struct gt_slurm_stream *s)
{
    if (!s->pending)
        return GT_OK;
    s->pending = 0;
    if (!s->job.has_job_line)
        gt_parse_warn(&s->ctx, s->job.line,
                      "steps of job '%s' without its job line (not next to them?); its "
                      "partition and state are the steps'",
                      s->job.id);
    enum gt_status st = s->fn(s->ud, &s->job);
    if (st != GT_OK)
        s->st = st;
    return st;
}

#define QMAX 48

static const char *cell(char **cells, size_t *lens, const int *col, int c, size_t *n)
{
    if (col[c] < 0) {
        *n = 0;
        return "";
    }
    *n = lens[col[c]];
    return cells[col[c]];
}

static double add_nan(double a, double b)
{
    if (isnan(a))
        return b;
    if (isnan(b))
        return a;
    return a + b;
}

static double max_nan(double a, double b)
{
    if (isnan(a))
        return b;
    if (isnan(b))
        return a;
    return a > b ? a : b;
}

/* A duration cell: NAN when empty or N/A-like; -1 after rejecting. */
static int dur_cell(struct gt_slurm_stream *s, const char *name, const char *t, size_t n,
                    double *out)
{
    gt_trim(&t, &n);
    *out = NAN;
    if (n == 0 || (n == 3 && strncasecmp(t, "N/A", 3) == 0) ||
        (n == 7 && strncasecmp(t, "INVALID", 7) == 0) ||
        (n == 7 && strncasecmp(t, "Unknown", 7) == 0))
        return 0;
    if (gt_slurm_parse_duration(t, n, out) != 0) {
        gt_parse_reject(&s->ctx, s->lineno, "cannot parse '%s': '%.*s'", name,
                        (int)(n > QMAX ? QMAX : n), t);
        return -1;
    }
    return 0;
}

static int num_cell(struct gt_slurm_stream *s, const char *name, const char *t, size_t n,
                    double *out)
{
    return gt_parse_num(&s->ctx, s->lineno, name, t, n, 0, out);
}

static double time_cell(const char *t, size_t n)
{
    double v;
    enum gt_tz tz;
    gt_trim(&t, &n);
    if (n == 0 || gt_time_parse(t, n, &v, &tz) != 0)
        return NAN;
    return v;
}

static enum gt_status row(struct gt_slurm_stream *s, char **cells, size_t *lens, size_t n)
{
    if (n != s->ncols) {
        gt_parse_reject(&s->ctx, s->lineno, "row has %zu cells, header has %zu", n, s->ncols);
        return GT_OK;
    }
    size_t l;
    const char *id = cell(cells, lens, s->col, C_JOBID, &l);
    gt_trim(&id, &l);
    if (l == 0) {
        gt_parse_reject(&s->ctx, s->lineno, "missing 'JobID'");
        return GT_OK;
    }
    /* the job: up to the first '.', without a heterogeneous "+N" */
    size_t jl = 0;
    while (jl < l && id[jl] != '.' && id[jl] != '+')
        jl++;
    /* "123+1": a component of a heterogeneous job (its own allocation, summed
     * into the job); "123.batch", "123+1.0": a step (MaxRSS folded in) */
    int is_step = memchr(id + jl, '.', l - jl) != NULL;
    int is_het = !is_step && jl < l;
    if (jl == 0 || (id[0] < '0' || id[0] > '9')) {
        /* the header again (sacct outputs put together): the job before it
         * ends there, whatever comes after */
        if (((l == 5 && strncasecmp(id, "JobID", 5) == 0) ||
             (l == 8 && strncasecmp(id, "JobIDRaw", 8) == 0)) &&
            flush(s) != GT_OK)
            return s->st;
        gt_parse_reject(&s->ctx, s->lineno, "cannot parse 'JobID': '%.*s'",
                        (int)(l > QMAX ? QMAX : l), id);
        return GT_OK;
    }
    if (jl >= GT_SLURM_STR) {
        gt_parse_reject(&s->ctx, s->lineno, "'JobID' longer than %d bytes", GT_SLURM_STR - 1);
        return GT_OK;
    }
    /* a Cluster column (sacct -M, -L, --federation): job ids repeat across
     * clusters, so a job is CLUSTER:JOBID (a row without a Cluster cell, as
     * a step may be, is on the last cluster named) */
    char jid[GT_SLURM_STR];
    size_t off = 0;
    if (s->col[C_CLUSTER] >= 0) {
        size_t cl;
        const char *cn = cell(cells, lens, s->col, C_CLUSTER, &cl);
        gt_trim(&cn, &cl);
        if (cl)
            copy_str(s->cluster, cn, cl);
        off = strlen(s->cluster);
        if (off && off + 1 + jl >= GT_SLURM_STR) {
            gt_parse_reject(&s->ctx, s->lineno, "'Cluster:JobID' longer than %d bytes",
                            GT_SLURM_STR - 1);
            return GT_OK;
        }
        if (off) {
            memcpy(jid, s->cluster, off);
            jid[off++] = ':';
        }
    }
    memcpy(jid + off, id, jl);
    jl += off;
    jid[jl] = '\0';

    /* numbers of this row */
    double elapsed, totalcpu = NAN, cputime = NAN, ncpus, nnodes = NAN, reqmem = NAN, maxrss = NAN,
                    ngpus = 0;
    char per = 0, rper = 0;
    const char *t;
    t = cell(cells, lens, s->col, C_ELAPSED, &l);
    if (dur_cell(s, "Elapsed", t, l, &elapsed))
        return GT_OK;
    t = cell(cells, lens, s->col, C_TOTALCPU, &l);
    if (dur_cell(s, "TotalCPU", t, l, &totalcpu))
        return GT_OK;
    t = cell(cells, lens, s->col, C_CPUTIME, &l);
    if (dur_cell(s, "CPUTime", t, l, &cputime))
        return GT_OK;
    if (s->col[C_NCPUS] >= 0) {
        t = cell(cells, lens, s->col, C_NCPUS, &l);
        if (num_cell(s, "NCPUS", t, l, &ncpus))
            return GT_OK;
    } else {
        t = cell(cells, lens, s->col, C_ALLOCTRES, &l);
        ncpus = gt_slurm_tres_value(t, l, "cpu");
    }
    t = cell(cells, lens, s->col, C_NNODES, &l);
    if (num_cell(s, "NNodes", t, l, &nnodes))
        return GT_OK;
    if (s->col[C_REQMEM] >= 0)
        t = cell(cells, lens, s->col, C_REQMEM, &l);
    else { /* no ReqMem column: the TRES's mem=16G (the job's whole allocation) */
        t = cell(cells, lens, s->col, C_ALLOCTRES, &l);
        t = tres_entry(t, l, "mem", &l);
        if (!t) {
            t = "";
            l = 0;
        }
    }
    gt_trim(&t, &l);
    if (l && gt_slurm_parse_mem(t, l, 'M', &reqmem, &per) != 0) {
        gt_parse_reject(&s->ctx, s->lineno, "cannot parse 'ReqMem': '%.*s'",
                        (int)(l > QMAX ? QMAX : l), t);
        return GT_OK;
    }
    t = cell(cells, lens, s->col, C_MAXRSS, &l);
    gt_trim(&t, &l);
    if (l && gt_slurm_parse_mem(t, l, s->rss_unit, &maxrss, &rper) != 0) {
        gt_parse_reject(&s->ctx, s->lineno, "cannot parse 'MaxRSS': '%.*s'",
                        (int)(l > QMAX ? QMAX : l), t);
        return GT_OK;
    }
    char gtype[GT_SLURM_STR];
    t = cell(cells, lens, s->col, C_ALLOCTRES, &l);
    ngpus = gt_slurm_tres_gpus(t, l, gtype, sizeof gtype);
    if (ngpus == 0) { /* SLURM before 19.05 logs GPUs in AllocGRES only: "gpu:tesla:2" */
        t = cell(cells, lens, s->col, C_ALLOCGRES, &l);
        ngpus = gt_slurm_gres_gpus(t, l, gtype, sizeof gtype);
    }
    if (!isnan(reqmem)) {
        if (per == 'n')
            reqmem *= isnan(nnodes) ? 1 : nnodes;
        else if (per == 'c')
            reqmem *= isnan(ncpus) ? 1 : ncpus;
    }

    struct gt_slurm_job *j = &s->job;
    if (s->pending && strcmp(j->id, jid) != 0) {
        enum gt_status st = flush(s);
        if (st != GT_OK)
            return st;
    }
    if (!s->pending) {
        memset(j, 0, sizeof *j);
        j->line = s->lineno;
        copy_str(j->id, jid, jl);
        gt_slurm_array_of(j->id, j->array, sizeof j->array);
        j->submit = j->start = j->end = NAN;
        j->elapsed_s = j->totalcpu_s = j->cputime_s = NAN;
        j->ncpus = j->nnodes = j->reqmem_gb = j->maxrss_gb = NAN;
        j->ngpus = 0;
        j->state = GT_SLURM_FAILED;
        s->pending = 1;
    }
    j->nrows++;
    j->maxrss_gb = max_nan(j->maxrss_gb, maxrss);
    if (is_het && j->has_job_line) {
        /* a further component: its allocation adds to the job's */
        j->elapsed_s = max_nan(j->elapsed_s, elapsed);
        j->totalcpu_s = add_nan(j->totalcpu_s, totalcpu);
        j->cputime_s = add_nan(j->cputime_s, cputime);
        j->ncpus = add_nan(j->ncpus, ncpus);
        j->nnodes = add_nan(j->nnodes, nnodes);
        j->reqmem_gb = add_nan(j->reqmem_gb, reqmem);
        j->ngpus = add_nan(j->ngpus, ngpus);
    } else if (!is_step && !is_het && j->has_job_line) {
        /* the job line again: another attempt of a requeued job (sacct -D lists
         * each). Every attempt held its allocation: the times add up, the
         * request is the largest, the state and the end are the last one's.
         * The same job line with the same Start is a duplicate (overlapping
         * sacct outputs put together): counted as read, nothing added. */
        t = cell(cells, lens, s->col, C_START, &l);
        double start = time_cell(t, l);
        if (isnan(start) || start != s->attempt_start) {
            s->attempt_start = start;
            j->elapsed_s = add_nan(j->elapsed_s, elapsed);
            j->totalcpu_s = add_nan(j->totalcpu_s, totalcpu);
            j->cputime_s = add_nan(j->cputime_s, cputime);
            j->ncpus = max_nan(j->ncpus, ncpus);
            j->nnodes = max_nan(j->nnodes, nnodes);
            j->reqmem_gb = max_nan(j->reqmem_gb, reqmem);
            j->ngpus = max_nan(j->ngpus, ngpus);
            t = cell(cells, lens, s->col, C_STATE, &l);
            copy_str(j->state_text, t, l);
            j->state = gt_slurm_state_parse(t, l);
            t = cell(cells, lens, s->col, C_NODELIST, &l);
            copy_str(j->nodelist, t, l);
            t = cell(cells, lens, s->col, C_END, &l);
            j->end = time_cell(t, l);
            j->attempts++;
        }
    } else if (!is_step || (!j->has_job_line && j->nrows == 1)) {
        /* the job line, or the first step standing in for it until it comes */
        j->elapsed_s = elapsed;
        j->totalcpu_s = totalcpu;
        j->cputime_s = cputime;
        j->ncpus = ncpus;
        j->nnodes = nnodes;
        j->reqmem_gb = reqmem;
        j->reqmem_zero = !isnan(reqmem) && reqmem == 0;
        j->ngpus = ngpus;
        copy_str(j->gpu_type, gtype, strlen(gtype));
        static const int strs[] = {C_USER, C_ACCOUNT, C_PARTITION, C_JOBNAME, C_NODELIST, C_STATE};
        char *dst[] = {j->user, j->account, j->partition, j->name, j->nodelist, j->state_text};
        for (size_t k = 0; k < sizeof strs / sizeof strs[0]; k++) {
            t = cell(cells, lens, s->col, strs[k], &l);
            copy_str(dst[k], t, l);
        }
        t = cell(cells, lens, s->col, C_STATE, &l);
        j->state = gt_slurm_state_parse(t, l);
        t = cell(cells, lens, s->col, C_SUBMIT, &l);
        j->submit = time_cell(t, l);
        t = cell(cells, lens, s->col, C_START, &l);
        j->start = time_cell(t, l);
        s->attempt_start = j->start;
        t = cell(cells, lens, s->col, C_END, &l);
        j->end = time_cell(t, l);
        if (!is_step)
            j->has_job_line = 1;
    } else if (!j->has_job_line) {
        /* more steps before any job line: their largest figures */
        j->elapsed_s = max_nan(j->elapsed_s, elapsed);
        j->totalcpu_s = max_nan(j->totalcpu_s, totalcpu);
        j->cputime_s = max_nan(j->cputime_s, cputime);
        j->ncpus = max_nan(j->ncpus, ncpus);
        j->ngpus = max_nan(j->ngpus, ngpus);
    } else if (isnan(j->totalcpu_s) || j->totalcpu_s == 0) {
        /* a job line without TotalCPU (N/A while running): its steps' */
        j->totalcpu_s = max_nan(j->totalcpu_s, totalcpu);
    }
    return GT_OK;
}

static enum gt_status do_line(struct gt_slurm_stream *s)
{
    char *p = s->line;
    size_t n = s->len;
    if (n && p[n - 1] == '\r')
        n--;
    p[n] = '\0';
    if (s->lineno == 1 && n >= 3 && (unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB &&
        (unsigned char)p[2] == 0xBF) {
        p += 3;
        n -= 3;
    }
    const char *tp = p;
    size_t tn = n;
    gt_trim(&tp, &tn);
    if (tn == 0)
        return GT_OK;
    /* cells: split on '|' in place (at most 256) */
    enum { MAXC = 256 };
    char *cells[MAXC];
    size_t lens[MAXC];
    size_t nc = 0;
    size_t i = 0;
    for (;;) {
        size_t j = i;
        while (j < n && p[j] != '|')
            j++;
        if (nc == MAXC) {
            if (s->have_header) {
                gt_parse_reject(&s->ctx, s->lineno, "row has more than %d cells", MAXC);
                return GT_OK;
            }
            gt_error_set(s->err, GT_E_PARSE, "sacct header in '%s' has more than %d cells",
                         s->ctx.file, MAXC);
            gt_error_at(s->err, s->ctx.file, s->lineno, 0);
            return GT_E_PARSE;
        }
        cells[nc] = p + i;
        lens[nc] = j - i;
        nc++;
        if (j >= n)
            break;
        i = j + 1;
    }
    /* sacct -P ends no row with '|', but --parsable (without 2) does */
    if (nc > 1 && lens[nc - 1] == 0 && s->have_header && nc == s->ncols + 1)
        nc--;
    if (!s->have_header) {
        if (nc > 1 && lens[nc - 1] == 0)
            nc--;
        return header(s, cells, lens, nc);
    }
    return row(s, cells, lens, nc);
}

enum gt_status gt_slurm_feed(struct gt_slurm_stream *s, const char *buf, size_t len,
                             struct gt_error *err)
{
    s->err = err;
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(buf + i, '\n', len - i);
        size_t take = nl ? (size_t)(nl - (buf + i)) : len - i;
        if (!s->overflow) {
            if (s->len + take > GT_SLURM_LINE_MAX)
                s->overflow = 1;
            else {
                memcpy(s->line + s->len, buf + i, take);
                s->len += take;
            }
        }
        i += take;
        if (!nl)
            break;
        i++; /* the newline */
        s->lineno++;
        enum gt_status st = GT_OK;
        if (s->overflow) {
            if (s->have_header)
                gt_parse_reject(&s->ctx, s->lineno, "line longer than %d bytes", GT_SLURM_LINE_MAX);
            else {
                gt_error_set(err, GT_E_PARSE, "sacct header in '%s' longer than %d bytes",
                             s->ctx.file, GT_SLURM_LINE_MAX);
                gt_error_at(err, s->ctx.file, s->lineno, 0);
                st = GT_E_PARSE;
            }
        } else
            st = do_line(s);
        s->len = 0;
        s->overflow = 0;
        if (st != GT_OK)
            return st;
    }
    return GT_OK;
}

enum gt_status gt_slurm_finish(struct gt_slurm_stream *s, struct gt_error *err)
{
    enum gt_status st = GT_OK;
    if (s->len || s->overflow) {
        s->lineno++;
        s->err = err;
        if (s->overflow) {
            if (s->have_header)
                gt_parse_reject(&s->ctx, s->lineno, "line longer than %d bytes", GT_SLURM_LINE_MAX);
        } else
            st = do_line(s);
    }
    if (st == GT_OK && s->st == GT_OK)
        st = flush(s);
    free(s->line);
    free(s);
    return st;
}

int gt_slurm_sniff(const char *head, size_t len)
{
    size_t n = 0;
    if (len >= 3 && (unsigned char)head[0] == 0xEF && (unsigned char)head[1] == 0xBB &&
        (unsigned char)head[2] == 0xBF) {
        head += 3;
        len -= 3;
    }
    while (n < len && head[n] != '\n')
        n++;
    if (!memchr(head, '|', n))
        return 0;
    /* JobID (or JobIDRaw) and State as whole cells */
    int jobid = 0, state = 0;
    size_t i = 0;
    while (i <= n) {
        size_t j = i;
        while (j < n && head[j] != '|')
            j++;
        const char *c = head + i;
        size_t l = j - i;
        gt_trim(&c, &l);
        if ((l == 5 && strncasecmp(c, "JobID", 5) == 0) ||
            (l == 8 && strncasecmp(c, "JobIDRaw", 8) == 0))
            jobid = 1;
        if (l == 5 && strncasecmp(c, "State", 5) == 0)
            state = 1;
        i = j + 1;
    }
    return jobid && state;
}

/* Is [c, c + l) one of sacct's job states (the first word)? */
static int is_state_word(const char *c, size_t l)
{
    gt_trim(&c, &l);
    size_t w = 0;
    while (w < l && c[w] != ' ' && c[w] != '+')
        w++;
    static const char *const words[] = {"COMPLETED", "FAILED",        "CANCELLED", "TIMEOUT",
                                        "RUNNING",   "PENDING",       "NODE_FAIL", "PREEMPTED",
                                        "REQUEUED",  "OUT_OF_MEMORY", "BOOT_FAIL", "DEADLINE"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
        if (strlen(words[i]) == w && strncmp(words[i], c, w) == 0)
            return 1;
    return 0;
}

const char *gt_slurm_skip_hint(const char *head, size_t len)
{
    if (len >= 3 && (unsigned char)head[0] == 0xEF && (unsigned char)head[1] == 0xBB &&
        (unsigned char)head[2] == 0xBF) {
        head += 3;
        len -= 3;
    }
    const char *nl = memchr(head, '\n', len);
    size_t l = nl ? (size_t)(nl - head) : len;
    const char *t = head;
    size_t tl = l;
    gt_trim(&t, &tl);
    /* sacct without -P: a header of names, then a line of dashes */
    if (tl >= 5 && strncasecmp(t, "JobID", 5) == 0 && nl) {
        const char *d = nl + 1;
        size_t dl = len - (size_t)(d - head), k = 0, dashes = 0;
        while (k < dl && d[k] != '\n' && (d[k] == '-' || d[k] == ' ' || d[k] == '\r'))
            dashes += d[k++] == '-';
        if (dashes >= 5 && (k == dl || d[k] == '\n'))
            return "sacct output in fixed-width columns (values cut to their width); run sacct "
                   "with -P (--parsable2) for greentally";
    }
    /* --delimiter: the header's first cell is JobID, then another separator */
    if (tl > 6 && strncasecmp(t, "JobID", 5) == 0 && !memchr(t, '|', tl)) {
        size_t k = 5;
        if (tl > 8 && strncasecmp(t, "JobIDRaw", 8) == 0)
            k = 8;
        unsigned char sep = (unsigned char)t[k];
        if (sep != ' ' && sep != '\r' && !(sep >= 'A' && sep <= 'Z') && !(sep >= 'a' && sep <= 'z'))
            return "sacct output with another --delimiter than '|'; run sacct -P (--parsable2) "
                   "without --delimiter for greentally";
    }
    /* -n/--noheader: a row first (a job id, a state among its cells) */
    if (tl && t[0] >= '0' && t[0] <= '9' && memchr(t, '|', tl)) {
        size_t i = 0;
        while (i <= tl) {
            size_t j = i;
            while (j < tl && t[j] != '|')
                j++;
            if (is_state_word(t + i, j - i))
                return "sacct output without its header line (-n, --noheader); run sacct "
                       "without -n so greentally knows the columns";
            i = j + 1;
        }
    }
    return NULL;
}
