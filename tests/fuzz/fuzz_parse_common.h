/* fuzz_parse_common.h - callbacks and the row-accounting check shared by the
 * fuzz targets of the whole-buffer log parsers. The callbacks read every
 * string of every record and abort on a broken invariant: nrows >= 1, line
 * >= 1, no negative energy, NaN energy only with GT_REC_NO_ENERGY, rows read
 * = rows used + rows rejected. */
#ifndef FUZZ_PARSE_COMMON_H
#define FUZZ_PARSE_COMMON_H

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gt_csv.h"
#include "gt_logs.h"

/* what the callbacks saw */
struct seen {
    long rows;
};

static void check_str(const char *s)
{
    if (!s)
        abort();
    (void)strlen(s);
}

static enum gt_status on_emit(void *ud, const struct gt_record *r)
{
    struct seen *sn = ud;
    const char *strs[] = {r->file,      r->format,         r->tool_version, r->run_key,
                          r->run_id,    r->project,        r->experiment,   r->user,
                          r->host,      r->group_key,      r->country,      r->country_iso,
                          r->region,    r->cloud_provider, r->cloud_region, r->os,
                          r->cpu_model, r->gpu_model};
    for (size_t i = 0; i < sizeof strs / sizeof strs[0]; i++)
        check_str(strs[i]);
    for (size_t i = 0; i < r->nextras; i++) {
        check_str(r->extras[i].key);
        check_str(r->extras[i].value);
    }
    if (r->nrows < 1 || r->line < 1)
        abort();
    if (!(r->flags & GT_REC_NO_ENERGY) && (isnan(r->energy_kwh) || r->energy_kwh < 0))
        abort();
    if (r->co2e_g < 0 || r->duration_s < 0 || r->cpu_kwh < 0 || r->gpu_kwh < 0 || r->ram_kwh < 0)
        abort();
    sn->rows += r->nrows;
    return GT_OK;
}

static void on_reject(void *ud, long line, const char *reason)
{
    struct seen *sn = ud;
    if (line < 1)
        abort();
    check_str(reason);
    sn->rows++;
}

static void on_warn(void *ud, long line, const char *msg)
{
    (void)ud;
    if (line < 0)
        abort();
    check_str(msg);
}

/* Data rows as the CSV reader sees them, -1 when it fails. */
static long csv_rows(const uint8_t *data, size_t size, unsigned char delim)
{
    struct gt_csv t;
    struct gt_error err;
    if (gt_csv_parse((const char *)data, size, delim, "fuzz", &t, &err) != GT_OK)
        return -1;
    long n = t.nrows ? (long)t.nrows - 1 : 0;
    gt_csv_release(&t);
    return n;
}

static void run_parser(enum gt_status (*parse)(const char *, size_t, const struct gt_parse_ctx *,
                                               struct gt_error *),
                       const uint8_t *data, size_t size, long want_rows)
{
    struct seen sn = {0};
    struct gt_parse_ctx ctx = {
        .file = "fuzz", .ud = &sn, .emit = on_emit, .reject = on_reject, .warn = on_warn};
    struct gt_error err;
    gt_error_clear(&err);
    enum gt_status st = parse((const char *)data, size, &ctx, &err);
    if (st == GT_OK) {
        /* rows read = rows used + rows rejected */
        if (want_rows >= 0 && sn.rows != want_rows)
            abort();
    } else {
        check_str(err.msg);
        if (st != GT_E_PARSE && st != GT_E_NOMEM)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
