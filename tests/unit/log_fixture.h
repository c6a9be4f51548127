/* log_fixture.h - collects what a log parser reports, for unit tests. */
#ifndef LOG_FIXTURE_H
#define LOG_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_logs.h"

#define LF_MAX 256

struct lf {
    struct gt_parse_ctx ctx;
    struct gt_record *recs[LF_MAX];
    size_t nrecs;
    long rows_emitted;         /* sum of nrows */
    char rejects[LF_MAX][600]; /* "LINE: reason" */
    size_t nrejects;
    char warns[LF_MAX][600]; /* "LINE: msg" */
    size_t nwarns;
};

static enum gt_status lf_emit(void *ud, const struct gt_record *r)
{
    struct lf *f = ud;
    if (f->nrecs < LF_MAX) {
        f->recs[f->nrecs] = gt_record_dup(r);
        if (!f->recs[f->nrecs])
            return GT_E_NOMEM;
        f->nrecs++;
    }
    f->rows_emitted += r->nrows;
    return GT_OK;
}

static void lf_reject(void *ud, long line, const char *reason)
{
    struct lf *f = ud;
    if (f->nrejects < LF_MAX)
        snprintf(f->rejects[f->nrejects++], sizeof(f->rejects[0]), "%ld: %s", line, reason);
}

static void lf_warn(void *ud, long line, const char *msg)
{
    struct lf *f = ud;
    if (f->nwarns < LF_MAX)
        snprintf(f->warns[f->nwarns++], sizeof(f->warns[0]), "%ld: %s", line, msg);
}

static inline void lf_init(struct lf *f, const char *file)
{
    memset(f, 0, sizeof(*f));
    f->ctx.file = file;
    f->ctx.ud = f;
    f->ctx.emit = lf_emit;
    f->ctx.reject = lf_reject;
    f->ctx.warn = lf_warn;
}

static inline void lf_release(struct lf *f)
{
    for (size_t i = 0; i < f->nrecs; i++)
        free(f->recs[i]);
    f->nrecs = 0;
}

/* Reads a whole file (for reference-data tests); NULL when absent. */
static inline char *lf_slurp(const char *path, size_t *len)
{
    *len = 0;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, fp)) > 0) {
        n += got;
        if (n == cap) {
            char *nb = realloc(buf, cap * 2 + 1);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(fp);
    if (buf)
        buf[n] = '\0';
    *len = n;
    return buf;
}

#endif
