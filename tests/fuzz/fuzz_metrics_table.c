/* libFuzzer target: gt_metrics_table_parse (a user's CSV or JSON table of
 * metrics) over arbitrary bytes, then the join and scoring over the rows it
 * gave. Aborts on a broken invariant: a row without its file or with a
 * non-finite metric, an error without a message, rows read != rows kept +
 * rows rejected for CSV, an index or compound that is negative or a rating
 * outside A-E. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_metrics.h"
#include "gt_tradeoff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void on_note(void *ud, long line, const char *msg)
{
    (void)line;
    if (!msg || !msg[0])
        abort();
    ++*(long *)ud;
}

static void check_rows(const struct gt_mset *m)
{
    for (size_t i = 0; i < m->n; i++) {
        const struct gt_mrow *r = &m->r[i];
        const char *s[] = {r->file,    r->run_id, r->name, r->experiment,
                           r->project, r->model,  r->host};
        for (size_t k = 0; k < sizeof s / sizeof s[0]; k++)
            if (!s[k])
                abort();
        for (size_t k = 0; k < r->nv; k++)
            if (!r->vname[k] || !isfinite(r->v[k]))
                abort();
    }
}

/* Scores the rows as items on their first metric: indices >= 0, ratings
 * A-E or '-'. */
static void score(const struct gt_mset *m)
{
    if (!m->n || !m->r[0].nv)
        return;
    struct gt_axis ax[2];
    struct gt_error err = {0};
    gt_axis_parse("energy", &ax[0], &err);
    memset(&ax[1], 0, sizeof ax[1]);
    snprintf(ax[1].name, sizeof ax[1].name, "%s", m->r[0].vname[0]);
    ax[1].dir = GT_DIR_MAX;
    ax[1].weight = 1;
    size_t n = m->n;
    struct gt_item *it = calloc(n, sizeof *it);
    double *v = calloc(n * 4, sizeof *v);
    char *rt = calloc(n * 2, 1);
    if (!it || !v || !rt)
        abort();
    for (size_t i = 0; i < n; i++) {
        it[i].label = m->r[i].file;
        it[i].val = v + 4 * i;
        it[i].index = v + 4 * i + 2;
        it[i].rating = rt + 2 * i;
        it[i].energy_kwh = it[i].val[0] = (double)(i % 7) + 0.5;
        it[i].val[1] = gt_mrow_metric(&m->r[i], ax[1].name);
    }
    struct gt_score_opts o = {ax, 2, NULL, gt_strep_bounds};
    struct gt_axis_score as[3];
    if (gt_tradeoff_score(it, n, &o, as, &err) != GT_OK)
        abort();
    for (size_t i = 0; i < n; i++) {
        for (int a = 0; a < 2; a++) {
            if (it[i].index[a] < 0 || !strchr("ABCDE-", it[i].rating[a]) || !it[i].rating[a])
                abort();
        }
        if (it[i].compound < 0)
            abort();
    }
    char buf[400];
    gt_tradeoff_statement(it, n, ax, 2, buf, sizeof buf);
    free(it);
    free(v);
    free(rt);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    long notes = 0;
    struct gt_parse_ctx ctx = {
        .file = "fuzz.csv", .ud = &notes, .reject = on_note, .warn = on_note};
    struct gt_mset m = {0};
    struct gt_error err = {0};
    if (gt_metrics_table_parse((const char *)data, size, &ctx, &m, &err) == GT_OK) {
        check_rows(&m);
        score(&m);
    } else if (!err.msg[0]) {
        abort();
    }
    gt_mset_release(&m);
    return 0;
}
