/* fuzz_agg_common.h - an aggregate built from fuzz bytes, for the targets of
 * the aggregate and of every writer (issue 13). The bytes choose the options
 * (--by keys, --ci, --pue) and up to 64 records whose strings are raw bytes
 * (controls, invalid UTF-8, formula starts, XML-invalid code points) and whose
 * numbers range over NaN, infinities, 1e308, negatives and plausible values.
 * check_result() aborts unless the totals are finite and the accounting holds:
 * rows read = used + superseded + rejected + excluded, runs = kept runs, and
 * the groups' runs add up to the total. */
#ifndef FUZZ_AGG_COMMON_H
#define FUZZ_AGG_COMMON_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_agg.h"
#include "gt_record.h"

struct fz {
    const uint8_t *p;
    size_t n;
};

static unsigned u8(struct fz *f)
{
    if (!f->n)
        return 0;
    f->n--;
    return *f->p++;
}

static double dbl(struct fz *f)
{
    static const double special[] = {NAN, INFINITY, -INFINITY, 1e308, -1, 0, 1e-320, 4e9};
    unsigned s = u8(f);
    if (s < 8)
        return special[s];
    if (s == 255 && f->n >= 8) {
        double v;
        memcpy(&v, f->p, 8);
        f->p += 8;
        f->n -= 8;
        return v;
    }
    return (double)(u8(f) << 8 | u8(f)) / (double)(s + 1);
}

/* A string of raw bytes (NUL-terminated; may be empty) in buf. */
static const char *str(struct fz *f, char *buf, size_t cap)
{
    static const char *const picks[] = {
        "",    "proj-a", "=HYPERLINK(\"x\")", "\x1b]0;t\x07", "caf\xe9", "\xef\xbf\xbe", "@SUM(A1)",
        "-42", "a\nb"};
    unsigned s = u8(f);
    if (s < 2 * (sizeof picks / sizeof picks[0]))
        return picks[s / 2];
    size_t len = u8(f) % 24;
    if (len >= cap)
        len = cap - 1;
    size_t i = 0;
    for (; i < len && f->n; i++)
        buf[i] = (char)u8(f);
    buf[i] = '\0';
    return buf;
}

#define FZ_MAX_RECORDS 64
#define FZ_STR         24

/* The options and records of the bytes, added to a new aggregate and
 * finished. NULL when out of memory. Flag bits of the first byte: 32 the
 * compact records (notable_runs_only); 64 run keys written as UUIDs (stored
 * in 16 bytes; some in upper case, kept as written) and lines past 2^32; 128
 * the records split in two aggregates, the second merged into the first as
 * parallel reading does (when it is not order-sensitive). */
static struct gt_agg_result *fz_aggregate(struct fz *f, struct gt_agg_opts *o)
{
    static const enum gt_key keys[] = {GT_KEY_PROJECT, GT_KEY_HOST, GT_KEY_MONTH, GT_KEY_TOOL,
                                       GT_KEY_RUN,     GT_KEY_USER, GT_KEY_DAY};
    memset(o, 0, sizeof *o);
    unsigned flags = u8(f);
    o->nby = flags % 3;
    for (size_t i = 0; i < o->nby; i++)
        o->by[i] = keys[u8(f) % (sizeof keys / sizeof keys[0])];
    if (flags & 4) {
        o->set_ci = 1;
        o->ci_g_per_kwh = fabs(dbl(f));
        if (!isfinite(o->ci_g_per_kwh) || o->ci_g_per_kwh > GT_MAX_CI)
            o->ci_g_per_kwh = 100; /* the CLI bounds --ci the same way */
    }
    if (flags & 8) {
        o->set_pue = 1;
        o->pue = 1 + (u8(f) % 100) / 50.0;
    }
    o->include_predicted = (flags & 16) != 0;
    o->notable_runs_only = (flags & 32) != 0;
    static char s[12][FZ_MAX_RECORDS][FZ_STR];
    static char uuid[FZ_MAX_RECORDS][40];
    static struct gt_record recs[FZ_MAX_RECORDS];
    size_t nrec = u8(f) % (FZ_MAX_RECORDS + 1), n = 0;
    size_t split = u8(f) % (nrec + 1);
    for (size_t i = 0; i < nrec && f->n; i++) {
        struct gt_record r;
        gt_record_init(&r);
        r.file = i & 1 ? "b.csv" : "a.csv";
        r.line = (long)i + 2 + (flags & 64 ? 4294967285L : 0);
        r.nrows = 1 + (long)(u8(f) % 3);
        r.format = "fuzz";
        r.tool = (enum gt_tool)(1 + u8(f) % (GT_TOOL__COUNT - 1));
        r.run_key = str(f, s[0][i], FZ_STR);
        if (flags & 64) {
            unsigned k = u8(f);
            snprintf(uuid[i], sizeof uuid[i],
                     k & 8 ? "%08X-0000-4000-8000-%012X" : "%08x-0000-4000-8000-%012x",
                     (k & 7) * 2654435761u, k & 7);
            r.run_key = uuid[i];
        }
        r.anon_run = u8(f) & 1;
        r.run_id = r.run_key;
        r.project = str(f, s[1][i], FZ_STR);
        r.host = str(f, s[2][i], FZ_STR);
        r.user = str(f, s[3][i], FZ_STR);
        r.cpu_model = str(f, s[4][i], FZ_STR);
        r.gpu_model = str(f, s[5][i], FZ_STR);
        r.country_iso = str(f, s[6][i], FZ_STR);
        r.tz = (enum gt_tz)(u8(f) % 3);
        unsigned t = u8(f);
        r.start = t < 200 ? 1.6e9 + t * 86400.0 * 7 + (u8(f) << 8 | u8(f)) : dbl(f);
        r.duration_s = dbl(f);
        r.end = u8(f) & 1 ? r.start + r.duration_s : NAN;
        r.energy_kwh = dbl(f);
        r.cpu_kwh = dbl(f);
        r.gpu_kwh = dbl(f);
        r.ram_kwh = dbl(f);
        r.co2e_g = dbl(f);
        r.ci_g_per_kwh = dbl(f);
        r.pue = u8(f) & 1 ? 1.5 : NAN;
        r.cpu_count = dbl(f);
        r.kind = (enum gt_kind)(u8(f) % 4);
        if (isnan(r.energy_kwh))
            r.flags |= GT_REC_NO_ENERGY;
        recs[n++] = r;
    }
    if (!(flags & 128) || split > n)
        split = n;
    struct gt_agg *a = gt_agg_new(o), *b = NULL;
    enum gt_status st = a ? GT_OK : GT_E_NOMEM;
    for (size_t i = 0; i < split && st == GT_OK; i++)
        st = gt_agg_add(a, &recs[i]);
    if (st == GT_OK && split < n && !(b = gt_agg_new_like(a)))
        st = GT_E_NOMEM;
    for (size_t i = split; i < n && st == GT_OK; i++)
        st = gt_agg_add(b, &recs[i]);
    if (b && st == GT_OK && gt_agg_order_sensitive(b)) { /* row by row instead */
        gt_agg_free(b);
        b = NULL;
        for (size_t i = split; i < n && st == GT_OK; i++)
            st = gt_agg_add(a, &recs[i]);
    }
    if (b && st == GT_OK) {
        st = gt_agg_merge(a, b, 0); /* frees b */
        b = NULL;
    }
    gt_agg_free(b);
    if (st != GT_OK) {
        struct gt_agg_result *res = NULL;
        if (a)
            gt_agg_finish(a, &res);
        gt_agg_result_free(res);
        return NULL;
    }
    struct gt_agg_result *res = NULL;
    if (gt_agg_finish(a, &res) != GT_OK)
        return NULL;
    return res;
}

static void check_totals(const struct gt_totals *t)
{
    const double v[] = {t->duration_s, t->energy_kwh, t->cpu_kwh,
                        t->gpu_kwh,    t->ram_kwh,    t->co2e_g};
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if (!isfinite(v[i]) || v[i] < 0)
            abort();
    if (t->runs < 0 || t->no_energy > t->runs || t->no_co2e > t->runs)
        abort();
}

static void check_result(const struct gt_agg_result *r)
{
    const struct gt_accounting *a = &r->acc;
    if (a->rows_read != a->rows_used + a->rows_superseded + a->rows_rejected + a->rows_excluded)
        abort();
    check_totals(&r->totals);
    /* the compact records list only the runs with a note */
    if (r->opts.notable_runs_only ? (size_t)r->totals.runs < r->nruns
                                  : (size_t)r->totals.runs != r->nruns)
        abort();
    long sum = 0;
    for (size_t g = 0; g < r->ngroups; g++) {
        check_totals(&r->groups[g].t);
        sum += r->groups[g].t.runs;
    }
    if (r->opts.nby && sum != r->totals.runs)
        abort();
    for (size_t i = 0; i < r->nruns; i++) {
        const struct gt_run *u = &r->runs[i];
        if (!(isnan(u->energy_kwh) || (isfinite(u->energy_kwh) && u->energy_kwh >= 0)))
            abort();
        if (!(isnan(u->co2e_g) || (isfinite(u->co2e_g) && u->co2e_g >= 0)))
            abort();
    }
}

#endif
