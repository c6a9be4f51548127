/* fuzz_write_common.h - a report (summary document, tallies, statement) built
 * from fuzz bytes over fuzz_agg_common.h's aggregate, with warnings naming
 * hostile files, for the writer targets; and output captured in memory. */
#ifndef FUZZ_WRITE_COMMON_H
#define FUZZ_WRITE_COMMON_H

#include <stdio.h>

#include "fuzz_agg_common.h"
#include "gt_format.h"
#include "gt_hwdb.h"
#include "gt_report.h"
#include "gt_summary_out.h"
#include "gt_text.h"

struct fz_doc {
    struct gt_agg_opts opts;
    struct gt_agg_result *res;
    struct gt_warning w[3];
    char wfile[3][FZ_STR], wmsg[3][FZ_STR];
    struct gt_report r;
};

static const struct gt_hwdb *fz_hwdb(void)
{
    static struct gt_hwdb db;
    static int loaded;
    if (!loaded) {
        struct gt_error err = {0};
        gt_hwdb_init(&db);
        if (gt_hwdb_load_embedded(&db, &err) != GT_OK)
            abort();
        loaded = 1;
    }
    return &db;
}

/* 0, or -1 when out of memory (nothing to release then). */
static int fz_doc_build(struct fz *f, struct fz_doc *d)
{
    memset(d, 0, sizeof *d);
    d->res = fz_aggregate(f, &d->opts);
    if (!d->res)
        return -1;
    check_result(d->res);
    size_t nw = u8(f) % 4;
    for (size_t i = 0; i < nw; i++) {
        d->w[i].file = str(f, d->wfile[i], FZ_STR);
        d->w[i].line = (long)(u8(f) % 3);
        d->w[i].kind = (int)(u8(f) % 5);
        d->w[i].msg = str(f, d->wmsg[i], FZ_STR);
    }
    d->r.sum = (struct gt_summary_doc){d->res, d->w, nw, 0, NULL, "0.1.0", NULL, NULL};
    d->r.title = u8(f) & 1 ? d->wmsg[0] : NULL;
    d->r.generated = 1700000000;
    struct gt_error err = {0};
    if (gt_report_build(&d->r, fz_hwdb(), &err) != GT_OK) {
        gt_report_release(&d->r);
        gt_agg_result_free(d->res);
        return -1;
    }
    return 0;
}

static void fz_doc_release(struct fz_doc *d)
{
    gt_report_release(&d->r);
    gt_agg_result_free(d->res);
}

/* What a writer wrote into a memory stream. */
struct fz_out {
    FILE *f;
    char *buf;
    size_t len;
};

static inline FILE *fz_open(struct fz_out *o)
{
    o->buf = NULL;
    o->len = 0;
    o->f = open_memstream(&o->buf, &o->len);
    if (!o->f)
        abort();
    return o->f;
}

static inline void fz_close(struct fz_out *o)
{
    if (fclose(o->f) != 0)
        abort();
}

#endif
