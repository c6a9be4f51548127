#include "gt_logs.h"
#include "gt_slurm.h"
#include "gt_num.h"
#include "gt_text.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void gt_parse_reject(const struct gt_parse_ctx *ctx, long line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (ctx->reject)
        ctx->reject(ctx->ud, line, msg);
}

void gt_parse_warn(const struct gt_parse_ctx *ctx, long line, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (ctx->warn)
        ctx->warn(ctx->ud, line, msg);
}

#define QUOTE_MAX 64

int gt_parse_num(const struct gt_parse_ctx *ctx, long line, const char *name, const char *s,
                 size_t n, int required, double *out)
{
    gt_trim(&s, &n);
    *out = NAN;
    if (n == 0) {
        if (!required)
            return 0;
        gt_parse_reject(ctx, line, "missing '%s'", name);
        return -1;
    }
    if (gt_num_parse(s, n, out) != 0) {
        gt_parse_reject(ctx, line, "cannot parse '%s': '%.*s'", name,
                        (int)(n > QUOTE_MAX ? QUOTE_MAX : n), s);
        return -1;
    }
    if (*out < 0) {
        gt_parse_reject(ctx, line, "negative '%s': %.*s", name,
                        (int)(n > QUOTE_MAX ? QUOTE_MAX : n), s);
        return -1;
    }
    return 0;
}

static int blank_str(const char *s)
{
    while (gt_is_blank(*s))
        s++;
    return *s == '\0';
}

int gt_parse_check_width(const struct gt_parse_ctx *ctx, const struct gt_csv_row *hdr,
                         const struct gt_csv_row *r)
{
    if (r->nul_col) {
        gt_parse_reject(ctx, r->line, "a NUL byte inside a cell (column %zu)", r->nul_col);
        return -1;
    }
    size_t need = hdr->n;
    while (need > 1 && blank_str(hdr->cells[need - 1]))
        need--;
    if (r->n < need) {
        gt_parse_reject(ctx, r->line, "truncated row: %zu of %zu cells", r->n, hdr->n);
        return -1;
    }
    for (size_t j = hdr->n; j < r->n; j++) {
        if (!blank_str(r->cells[j])) {
            gt_parse_reject(ctx, r->line, "row has %zu cells, header has %zu", r->n, hdr->n);
            return -1;
        }
    }
    return 0;
}

static const struct gt_log_format fmt_codecarbon = {
    .name = "codecarbon-csv",
    .title = "CodeCarbon emissions.csv",
    .tool = GT_TOOL_CODECARBON,
    .sniff = gt_cc_sniff,
    .open = gt_cc_open,
    .feed = gt_cc_feed,
    .finish = gt_cc_finish,
    .sniff_line1 = 1,
};
static const struct gt_log_format fmt_ct_std = {
    .name = "carbontracker-log",
    .title = "carbontracker standard log",
    .tool = GT_TOOL_CARBONTRACKER,
    .sniff = gt_ct_sniff_std,
    .pair = GT_PAIR_CT_STD,
};
static const struct gt_log_format fmt_ct_out = {
    .name = "carbontracker-output",
    .title = "carbontracker output log",
    .tool = GT_TOOL_CARBONTRACKER,
    .sniff = gt_ct_sniff_out,
    .pair = GT_PAIR_CT_OUT,
};
static const struct gt_log_format fmt_eco2ai = {
    .name = "eco2ai-csv",
    .title = "eco2ai emission csv",
    .tool = GT_TOOL_ECO2AI,
    .sniff = gt_eco2ai_sniff,
    .parse = gt_eco2ai_parse,
    .sniff_line1 = 1,
};
static const struct gt_log_format fmt_et_total = {
    .name = "energytracker-total",
    .title = "EnergyTracker co2/total.csv",
    .tool = GT_TOOL_ENERGYTRACKER,
    .sniff = gt_et_total_sniff,
    .parse = gt_et_total_parse,
    .sniff_line1 = 1,
};
static const struct gt_log_format fmt_et_ga = {
    .name = "energytracker-ga",
    .title = "EnergyTracker GreenAlgorithm_emissions.txt",
    .tool = GT_TOOL_ENERGYTRACKER,
    .sniff = gt_et_ga_sniff,
    .parse = gt_et_ga_parse,
};
static const struct gt_log_format fmt_ga_export = {
    .name = "green-algorithms-csv",
    .title = "Green Algorithms calculator CSV export",
    .tool = GT_TOOL_GREEN_ALGORITHMS,
    .sniff = gt_ga_export_sniff,
    .parse = gt_ga_export_parse,
    .sniff_line1 = 1,
};
static const struct gt_log_format fmt_sacct = {
    .name = "slurm-sacct",
    .title = "SLURM accounting (sacct -P)",
    .tool = GT_TOOL_SLURM,
    .sniff = gt_slurm_sniff,
    .open = gt_sacct_open,
    .feed = gt_sacct_feed,
    .finish = gt_sacct_finish,
    .sniff_line1 = 1,
};
static const struct gt_log_format fmt_greentally = {
    .name = "greentally-run",
    .title = "greentally run log (JSON Lines)",
    .tool = GT_TOOL_GREENTALLY,
    .sniff = gt_greentally_sniff,
    .parse = gt_greentally_parse,
    .sniff_line1 = 1,
};

/* Detection order: most specific first. Adding a format is one entry here. */
const struct gt_log_format *const gt_log_formats[] = {
    &fmt_ct_out, &fmt_ct_std,     &fmt_et_total,   &fmt_et_ga, &fmt_ga_export,
    &fmt_eco2ai, &fmt_codecarbon, &fmt_greentally, &fmt_sacct, NULL,
};

const struct gt_log_format *gt_log_detect(const char *head, size_t len)
{
    for (size_t i = 0; gt_log_formats[i]; i++)
        if (gt_log_formats[i]->sniff(head, len))
            return gt_log_formats[i];
    return NULL;
}

const struct gt_log_format *gt_log_detect_cached(const char *head, size_t len,
                                                 struct gt_hdr_cache *c)
{
    if (!c)
        return gt_log_detect(head, len);
    /* the first first-line format that takes this line (-1: none) */
    const char *nl = memchr(head, '\n', len);
    size_t ll = nl ? (size_t)(nl - head) : len;
    char *line = (char *)head;
    const int *seen = gt_hdr_cache_find(c, GT_HDR_DETECT, 1, &line, &ll);
    int first = -1;
    if (seen) {
        first = *seen;
    } else {
        for (int i = 0; gt_log_formats[i] && first < 0; i++)
            if (gt_log_formats[i]->sniff_line1 && gt_log_formats[i]->sniff(head, len))
                first = i;
        gt_hdr_cache_store(c, &first, sizeof first);
    }
    for (int i = 0; gt_log_formats[i]; i++) {
        if (gt_log_formats[i]->sniff_line1) {
            if (i == first)
                return gt_log_formats[i];
        } else if (gt_log_formats[i]->sniff(head, len)) {
            return gt_log_formats[i];
        }
    }
    return NULL;
}

const struct gt_log_format *gt_log_format_find(const char *name)
{
    for (size_t i = 0; gt_log_formats[i]; i++)
        if (strcmp(gt_log_formats[i]->name, name) == 0)
            return gt_log_formats[i];
    return NULL;
}

/* --- header mappings seen before ---------------------------------------------- */

struct hc_ent {
    uint64_t h;
    char *key; /* tag, then the encoded cells */
    size_t klen;
    void *val;
};

struct gt_hdr_cache {
    struct hc_ent *e;
    size_t n, cap; /* cap: a power of two, 0 when empty */
    char *kbuf;    /* the key of the last look-up */
    size_t klen, kcap;
    uint64_t kh;
    long hits, misses;
};

struct gt_hdr_cache *gt_hdr_cache_new(void)
{
    return calloc(1, sizeof(struct gt_hdr_cache));
}

void gt_hdr_cache_free(struct gt_hdr_cache *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->cap; i++) {
        free(c->e[i].key);
        free(c->e[i].val);
    }
    free(c->e);
    free(c->kbuf);
    free(c);
}

void gt_hdr_cache_stats(const struct gt_hdr_cache *c, long *hits, long *misses)
{
    *hits = c ? c->hits : 0;
    *misses = c ? c->misses : 0;
}

static int kput(struct gt_hdr_cache *c, const void *p, size_t n)
{
    if (c->klen + n > c->kcap) {
        size_t nc = c->kcap ? c->kcap : 1024;
        while (nc < c->klen + n)
            nc *= 2;
        char *b = realloc(c->kbuf, nc);
        if (!b)
            return -1;
        c->kbuf = b;
        c->kcap = nc;
    }
    memcpy(c->kbuf + c->klen, p, n);
    c->klen += n;
    return 0;
}

static uint64_t hc_hash(const char *p, size_t n)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) { /* 8 bytes a step, then FNV-1a's tail */
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0x100000001b3ULL;
        h ^= h >> 29;
    }
    for (; i < n; i++)
        h = (h ^ (unsigned char)p[i]) * 0x100000001b3ULL;
    return h | 1; /* 0 marks a free slot */
}

const void *gt_hdr_cache_find(struct gt_hdr_cache *c, int tag, size_t n, char *const *cells,
                              const size_t *lens)
{
    c->klen = 0;
    unsigned char t = (unsigned char)tag;
    if (kput(c, &t, 1) != 0)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        uint32_t l = (uint32_t)lens[i];
        if (kput(c, &l, sizeof l) != 0 || kput(c, cells[i], lens[i]) != 0) {
            c->klen = 0;
            return NULL;
        }
    }
    c->kh = hc_hash(c->kbuf, c->klen);
    for (size_t j = c->cap ? c->kh & (c->cap - 1) : 0; c->cap && c->e[j].h;
         j = (j + 1) & (c->cap - 1))
        if (c->e[j].h == c->kh && c->e[j].klen == c->klen &&
            memcmp(c->e[j].key, c->kbuf, c->klen) == 0) {
            c->hits++;
            return c->e[j].val;
        }
    c->misses++;
    return NULL;
}

static int hc_grow(struct gt_hdr_cache *c)
{
    size_t nc = c->cap ? c->cap * 2 : 16;
    struct hc_ent *e = calloc(nc, sizeof *e);
    if (!e)
        return -1;
    for (size_t i = 0; i < c->cap; i++) {
        if (!c->e[i].h)
            continue;
        size_t j = c->e[i].h & (nc - 1);
        while (e[j].h)
            j = (j + 1) & (nc - 1);
        e[j] = c->e[i];
    }
    free(c->e);
    c->e = e;
    c->cap = nc;
    return 0;
}

const void *gt_hdr_cache_store(struct gt_hdr_cache *c, const void *val, size_t vlen)
{
    if (!c->klen || ((c->n + 1) * 2 > c->cap && hc_grow(c) != 0))
        return NULL;
    char *k = malloc(c->klen);
    void *v = malloc(vlen ? vlen : 1);
    if (!k || !v) {
        free(k);
        free(v);
        return NULL;
    }
    memcpy(k, c->kbuf, c->klen);
    memcpy(v, val, vlen);
    size_t j = c->kh & (c->cap - 1);
    while (c->e[j].h)
        j = (j + 1) & (c->cap - 1);
    c->e[j] = (struct hc_ent){c->kh, k, c->klen, v};
    c->n++;
    c->klen = 0; /* stored once */
    return v;
}
