/* log_energytracker.c - seed-000 EnergyTracker (nathanlemmers/EnergyTracker,
 * Monitor/monitor.py; notes/carbontracker-eco2ai.md section 3) outputs:
 *
 * co2/total.csv: one data row, "total emissions (kg),total energy (kWh),
 *   last_run emissions (kg),last_run energy (kWh)". A run measured through the
 *   Green-Algorithm path adds kWh/1000 to the "kWh" columns, which then hold
 *   MWh; we recognise that from the implied carbon intensity and convert.
 * co2/<start>/GreenAlgorithm_emissions.txt: "Stats :\n{g} g de co2.\n{kWh}
 *   kWh" when the CPU is in data_GA.csv, else a description of the run
 *   (runtime, cores, GPUs, memory, usage factors) without energy. */
#include "gt_text.h"
#include "gt_csv.h"
#include "gt_logs.h"
#include "gt_num.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define QUOTE_MAX 64

/* A "kWh" column holds MWh when the implied intensity is above this
 * (gCO2e/kWh; no grid is above ~1100) and the value read as MWh gives a
 * plausible one, in [MWH_CI_MIN, MWH_CI_MAX]. */
#define MWH_CI_ABOVE 2000.0
#define MWH_CI_MIN   1.0
#define MWH_CI_MAX   2000.0

static const char *skip_bom(const char *s, size_t *len)
{
    if (*len >= 3 && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
        (unsigned char)s[2] == 0xBF) {
        *len -= 3;
        return s + 3;
    }
    return s;
}

/* Case-insensitive search of needle in s[0..n). */
static unsigned char lower_c(unsigned char c)
{
    return c >= 'A' && c <= 'Z' ? (unsigned char)(c + 32) : c;
}

/* Case-insensitive search of needle in s[0..n) (sniffs run it on every
 * file's first line: the first byte is compared before the rest). */
static const char *find_ci(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    if (!k)
        return s;
    unsigned char c0 = lower_c((unsigned char)needle[0]);
    for (size_t i = 0; k <= n && i <= n - k; i++)
        if (lower_c((unsigned char)s[i]) == c0 && strncasecmp(s + i, needle, k) == 0)
            return s + i;
    return NULL;
}

/* ---- co2/total.csv ------------------------------------------------------ */

enum { T_KG, T_KWH, T_LAST_KG, T_LAST_KWH, T__N };
static const char *const tot_names[T__N] = {
    "total emissions (kg)",
    "total energy (kWh)",
    "last_run emissions (kg)",
    "last_run energy (kWh)",
};

/* 1 when kwh (read from a "kWh" column next to kg) is really MWh. */
static int holds_mwh(double kg, double kwh)
{
    if (!(kwh > 0) || !(kg > 0))
        return 0;
    double ci = kg * 1000.0 / kwh;
    double ci_mwh = ci / 1000.0;
    return ci > MWH_CI_ABOVE && ci_mwh >= MWH_CI_MIN && ci_mwh <= MWH_CI_MAX;
}

/* Converts *kwh when it holds MWh, warning with the numbers; returns 1 then. */
static int fix_mwh(const struct gt_parse_ctx *ctx, long line, const char *name, double kg,
                   double *kwh)
{
    if (!holds_mwh(kg, *kwh))
        return 0;
    double ci = kg * 1000.0 / *kwh;
    *kwh *= 1000.0;
    gt_parse_warn(ctx, line,
                  "'%s' holds MWh (implies %.0f gCO2e/kWh; read as %.7g kWh, %.1f gCO2e/kWh)", name,
                  ci, *kwh, ci / 1000.0);
    return 1;
}

static int total_row(const struct gt_parse_ctx *ctx, const int *col, const struct gt_csv_row *hdr,
                     const struct gt_csv_row *r, double *v)
{
    if (gt_parse_check_width(ctx, hdr, r))
        return -1;
    static const int order[T__N] = {T_KWH, T_KG, T_LAST_KWH, T_LAST_KG};
    for (int k = 0; k < T__N; k++) {
        int c = order[k];
        const char *s = gt_row_cell(r, col[c]);
        if (gt_parse_num(ctx, r->line, tot_names[c], s, strlen(s), c == T_KWH, &v[c]))
            return -1;
    }
    return 0;
}

/* Parses co2/total.csv; emits one GT_KIND_TOTAL record per data row (the tool
 * writes one). Strings in the record are static or borrowed for the emit
 * call; nothing allocated here outlives the call. */
enum gt_status gt_et_total_parse(const char *data, size_t len, const struct gt_parse_ctx *ctx,
                                 struct gt_error *err)
{
    struct gt_csv t;
    const char *name = ctx->file ? ctx->file : "";
    enum gt_status st = gt_csv_parse(data, len, ',', name, &t, err);
    if (st != GT_OK)
        return st;
    if (t.nrows < 2) {
        gt_csv_release(&t);
        return GT_OK;
    }
    const struct gt_csv_row *hdr = &t.rows[0];
    int col[T__N];
    for (int c = 0; c < T__N; c++)
        col[c] = gt_csv_col(hdr, tot_names[c]);
    size_t emitted = 0;
    for (size_t i = 1; i < t.nrows && st == GT_OK; i++) {
        const struct gt_csv_row *r = &t.rows[i];
        double v[T__N];
        if (total_row(ctx, col, hdr, r, v))
            continue;
        if (emitted++ == 1)
            gt_parse_warn(ctx, r->line, "more than one data row (EnergyTracker writes one)");
        struct gt_record rec;
        gt_record_init(&rec);
        rec.file = name;
        rec.line = r->line;
        rec.format = "energytracker-total";
        rec.tool = GT_TOOL_ENERGYTRACKER;
        rec.kind = GT_KIND_TOTAL;
        int fixed = fix_mwh(ctx, r->line, tot_names[T_KWH], v[T_KG], &v[T_KWH]);
        int last_fixed = fix_mwh(ctx, r->line, tot_names[T_LAST_KWH], v[T_LAST_KG], &v[T_LAST_KWH]);
        if (last_fixed && !fixed)
            gt_parse_warn(ctx, r->line,
                          "'%s' may mix kWh and MWh: '%s' holds MWh but the total does not look "
                          "like it; kept as logged",
                          tot_names[T_KWH], tot_names[T_LAST_KWH]);
        if (fixed || last_fixed)
            rec.flags |= GT_REC_MWH_FIXED;
        rec.energy_kwh = v[T_KWH];
        rec.co2e_g = v[T_KG] * 1000.0;
        char ebuf[40], gbuf[40];
        struct gt_kv kv[2];
        size_t nkv = 0;
        if (!isnan(v[T_LAST_KWH])) {
            kv[nkv].key = "last_run_energy_kwh";
            kv[nkv++].value = gt_num_fmt(v[T_LAST_KWH], ebuf, sizeof ebuf);
        }
        if (!isnan(v[T_LAST_KG])) {
            kv[nkv].key = "last_run_co2e_g";
            kv[nkv++].value = gt_num_fmt(v[T_LAST_KG] * 1000.0, gbuf, sizeof gbuf);
        }
        rec.extras = kv;
        rec.nextras = nkv;
        st = ctx->emit(ctx->ud, &rec);
    }
    gt_csv_release(&t);
    return st;
}

/* 1 when the first line of head holds the total.csv columns "total emissions
 * (kg)" and "total energy (kWh)". Pure; keeps nothing. */
int gt_et_total_sniff(const char *head, size_t len)
{
    head = skip_bom(head, &len);
    const char *nl = memchr(head, '\n', len);
    size_t ll = nl ? (size_t)(nl - head) : len;
    return find_ci(head, ll, "total emissions (kg)") && find_ci(head, ll, "total energy (kWh)");
}

/* ---- GreenAlgorithm_emissions.txt --------------------------------------- */

struct line {
    char *s; /* NUL-terminated, trimmed */
    size_t n;
    long no;
};

/* Splits buf (NUL-terminated, mutable) into trimmed lines. Returns the count. */
static size_t split_lines(char *buf, size_t len, struct line *out)
{
    size_t nl = 0, i = 0;
    long no = 1;
    while (i <= len) {
        size_t a = i;
        while (i < len && buf[i] != '\n')
            i++;
        size_t b = i;
        buf[b] = '\0';
        while (a < b && gt_is_blank(buf[a]))
            a++;
        while (b > a && gt_is_blank(buf[b - 1]))
            buf[--b] = '\0';
        out[nl].s = buf + a;
        out[nl].n = b - a;
        out[nl].no = no++;
        nl++;
        i++;
    }
    return nl;
}

static int starts(const struct line *l, const char *p)
{
    size_t k = strlen(p);
    return l->n >= k && strncasecmp(l->s, p, k) == 0;
}

static int ends(const struct line *l, const char *p)
{
    size_t k = strlen(p);
    return l->n >= k && strncasecmp(l->s + l->n - k, p, k) == 0;
}

/* The text after the first ':' of l, trimmed (NUL-terminated). */
static char *after_colon(const struct line *l, size_t *n)
{
    char *c = memchr(l->s, ':', l->n);
    if (!c) {
        *n = 0;
        return l->s + l->n;
    }
    c++;
    while (*c == ' ' || *c == '\t')
        c++;
    *n = (size_t)(l->s + l->n - c);
    return c;
}

/* Drops a unit word ("minutes", "Go", "kWh") that ends s[0..*n). */
static void drop_unit(const char *s, size_t *n, const char *unit)
{
    size_t k = strlen(unit);
    if (*n >= k && strncasecmp(s + *n - k, unit, k) == 0)
        *n -= k;
}

static void init_ga(struct gt_record *rec, const struct gt_parse_ctx *ctx, long line)
{
    gt_record_init(rec);
    rec->file = ctx->file ? ctx->file : "";
    rec->line = line;
    rec->format = "energytracker-ga";
    rec->tool = GT_TOOL_ENERGYTRACKER;
}

static enum gt_status ga_stats(const struct gt_parse_ctx *ctx, struct line *ln, size_t nl,
                               size_t at)
{
    double g = NAN, kwh = NAN;
    int have_g = 0, have_kwh = 0;
    for (size_t i = at + 1; i < nl; i++) {
        struct line *l = &ln[i];
        if (l->n == 0)
            continue;
        size_t n = l->n;
        if (!have_g && (ends(l, "g de co2.") || ends(l, "g de co2"))) {
            n -= ends(l, "g de co2.") ? 9 : 8;
            if (gt_parse_num(ctx, l->no, "g de co2", l->s, n, 1, &g))
                return GT_OK;
            have_g = 1;
        } else if (!have_kwh && ends(l, "kWh")) {
            n -= 3;
            if (gt_parse_num(ctx, l->no, "kWh", l->s, n, 1, &kwh))
                return GT_OK;
            have_kwh = 1;
        } else {
            gt_parse_warn(ctx, l->no, "unrecognised line: '%.*s'",
                          (int)(l->n > QUOTE_MAX ? QUOTE_MAX : l->n), l->s);
        }
    }
    if (!have_g || !have_kwh) {
        gt_parse_reject(ctx, ln[at].no, "missing the '%s' line after 'Stats :'",
                        have_g ? "{kWh} kWh" : "{g} g de co2.");
        return GT_OK;
    }
    struct gt_record rec;
    init_ga(&rec, ctx, ln[at].no);
    rec.energy_kwh = kwh;
    rec.co2e_g = g;
    return ctx->emit(ctx->ud, &rec);
}

static enum gt_status ga_describe(const struct gt_parse_ctx *ctx, struct line *ln, size_t nl,
                                  size_t at, char *gpubuf)
{
    struct gt_record rec;
    init_ga(&rec, ctx, ln[at].no);
    rec.flags |= GT_REC_NO_ENERGY;
    struct gt_kv kv[3];
    size_t nkv = 0;
    size_t gl = 0;
    double minutes = NAN;
    for (size_t i = at + 1; i < nl; i++) {
        struct line *l = &ln[i];
        size_t n;
        char *v;
        if (l->n == 0 || starts(l, "CPUs:") || starts(l, "GPUs:"))
            continue;
        v = after_colon(l, &n);
        if (starts(l, "Run time:")) {
            drop_unit(v, &n, "minutes");
            if (gt_parse_num(ctx, l->no, "Run time", v, n, 1, &minutes))
                return GT_OK;
        } else if (starts(l, "Type of cores:")) {
            if (nkv < 3) {
                kv[nkv].key = "core_type";
                kv[nkv++].value = v;
            }
        } else if (starts(l, "Number of cores:")) {
            if (gt_parse_num(ctx, l->no, "Number of cores", v, n, 1, &rec.cpu_count))
                return GT_OK;
        } else if (starts(l, "Model:")) {
            rec.cpu_model = v;
        } else if (starts(l, "Number of GPUs:")) {
            if (gt_parse_num(ctx, l->no, "Number of GPUs", v, n, 1, &rec.gpu_count))
                return GT_OK;
        } else if (starts(l, "GPU ") && l->n > 4 && l->s[4] >= '0' && l->s[4] <= '9' &&
                   memchr(l->s, ':', l->n)) {
            if (gl) {
                memcpy(gpubuf + gl, ", ", 2);
                gl += 2;
            }
            memcpy(gpubuf + gl, v, n);
            gl += n;
            gpubuf[gl] = '\0';
            rec.gpu_model = gpubuf;
        } else if (find_ci(l->s, l->n, "RAM moyenne utilis") && memchr(l->s, ':', l->n)) {
            drop_unit(v, &n, "Go");
            if (gt_parse_num(ctx, l->no,
                             "M\xc3\xa9"
                             "moire RAM moyenne utilis\xc3\xa9"
                             "e",
                             v, n, 1, &rec.ram_gb))
                return GT_OK;
        } else if (starts(l, "The CPU usage factor is:")) {
            if (nkv < 3) {
                kv[nkv].key = "cpu_usage";
                kv[nkv++].value = v;
            }
        } else if (starts(l, "The GPU usage factor is:")) {
            if (nkv < 3) {
                kv[nkv].key = "gpu_usage";
                kv[nkv++].value = v;
            }
        } else {
            gt_parse_warn(ctx, l->no, "unrecognised line: '%.*s'",
                          (int)(l->n > QUOTE_MAX ? QUOTE_MAX : l->n), l->s);
        }
    }
    if (isnan(minutes)) {
        gt_parse_reject(ctx, ln[at].no, "missing 'Run time'");
        return GT_OK;
    }
    rec.duration_s = minutes * 60.0;
    rec.extras = kv;
    rec.nextras = nkv;
    return ctx->emit(ctx->ud, &rec);
}

/* Parses a GreenAlgorithm_emissions.txt: one record (or one reject) per file.
 * Strings in the record point into a private copy of data, valid during the
 * emit call only; the copy is freed before returning. */
enum gt_status gt_et_ga_parse(const char *data, size_t len, const struct gt_parse_ctx *ctx,
                              struct gt_error *err)
{
    const char *name = ctx->file ? ctx->file : "";
    data = skip_bom(data, &len);
    size_t nlines = 1;
    for (size_t i = 0; i < len; i++)
        nlines += data[i] == '\n';
    /* the copy, then room for the GPU names joined with ", " (each "GPU i: "
     * line is longer than its name plus the separator) */
    char *buf = malloc(2 * (len + 1));
    struct line *ln = malloc(nlines * sizeof *ln);
    if (!buf || !ln) {
        free(buf);
        free(ln);
        return gt_error_set(err, GT_E_NOMEM, "out of memory reading '%s'", name);
    }
    if (len)
        memcpy(buf, data, len);
    buf[len] = '\0';
    char *gpubuf = buf + len + 1;
    gpubuf[0] = '\0';
    size_t nl = split_lines(buf, len, ln);

    enum gt_status st = GT_OK;
    size_t first = 0;
    while (first < nl && ln[first].n == 0)
        first++;
    if (first == nl) {
        gt_parse_reject(ctx, 1, "empty file");
    } else if (strcasecmp(ln[first].s, "Stats :") == 0 || strcasecmp(ln[first].s, "Stats:") == 0) {
        st = ga_stats(ctx, ln, nl, first);
    } else if (starts(&ln[first], "If you want more precise") ||
               find_ci(ln[first].s, ln[first].n, "Stats for GreenAlgorithm")) {
        st = ga_describe(ctx, ln, nl, first, gpubuf);
    } else {
        gt_parse_reject(ctx, 1,
                        "not a GreenAlgorithm_emissions.txt: expected 'Stats :' or 'Stats for "
                        "GreenAlgorithm' on the first line");
    }
    free(buf);
    free(ln);
    return st;
}

/* 1 when head starts like one of the two GreenAlgorithm_emissions.txt texts.
 * Pure; keeps nothing. */
int gt_et_ga_sniff(const char *head, size_t len)
{
    head = skip_bom(head, &len);
    while (len && gt_is_blank(*head)) {
        head++;
        len--;
    }
    const char *nl = memchr(head, '\n', len);
    size_t ll = nl ? (size_t)(nl - head) : len;
    const char *s = head;
    size_t n = ll;
    gt_trim(&s, &n);
    if ((n == 7 && strncasecmp(s, "Stats :", 7) == 0) ||
        (n == 6 && strncasecmp(s, "Stats:", 6) == 0))
        return nl != NULL && find_ci(head, len, "g de co2") != NULL;
    return find_ci(s, n, "Stats for GreenAlgorithm") != NULL ||
           (n >= 24 && strncasecmp(s, "If you want more precise", 24) == 0);
}
