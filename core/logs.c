#include "gt_logs.h"
#include "gt_slurm.h"
#include "gt_num.h"
#include "gt_text.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
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
};
static const struct gt_log_format fmt_et_total = {
    .name = "energytracker-total",
    .title = "EnergyTracker co2/total.csv",
    .tool = GT_TOOL_ENERGYTRACKER,
    .sniff = gt_et_total_sniff,
    .parse = gt_et_total_parse,
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
};
static const struct gt_log_format fmt_sacct = {
    .name = "slurm-sacct",
    .title = "SLURM accounting (sacct -P)",
    .tool = GT_TOOL_SLURM,
    .sniff = gt_slurm_sniff,
    .open = gt_sacct_open,
    .feed = gt_sacct_feed,
    .finish = gt_sacct_finish,
};
static const struct gt_log_format fmt_greentally = {
    .name = "greentally-run",
    .title = "greentally run log (JSON Lines)",
    .tool = GT_TOOL_GREENTALLY,
    .sniff = gt_greentally_sniff,
    .parse = gt_greentally_parse,
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

const struct gt_log_format *gt_log_format_find(const char *name)
{
    for (size_t i = 0; gt_log_formats[i]; i++)
        if (strcmp(gt_log_formats[i]->name, name) == 0)
            return gt_log_formats[i];
    return NULL;
}
