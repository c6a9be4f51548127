/* predict_logs.c - the measured parts (epochs, flushes, samples) of a run,
 * from the logs gt_predict extrapolates. Pure: bytes in, segments out. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gt_apriori.h"
#include "gt_csv.h"
#include "gt_logs.h"
#include "gt_num.h"

static int push(struct gt_predict_log *l, double d, double e)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        struct gt_predict_seg *v = realloc(l->seg, cap * sizeof *v);
        if (!v)
            return -1;
        l->seg = v;
        l->cap = cap;
    }
    l->seg[l->n++] = (struct gt_predict_seg){d, e};
    return 0;
}

static void reject(struct gt_predict_log *l, long line)
{
    l->rejected++;
    if (!l->first_rejected)
        l->first_rejected = line;
}

void gt_predict_log_release(struct gt_predict_log *l)
{
    free(l->seg);
    memset(l, 0, sizeof *l);
}

/* ---- carbontracker ---------------------------------------------------------- */

struct ct_ud {
    struct gt_predict_log *l;
    enum gt_status st;
    int have_actual;
};

static enum gt_status ct_emit(void *ud, const struct gt_record *r)
{
    struct ct_ud *u = ud;
    struct gt_predict_log *l = u->l;
    if (r->kind == GT_KIND_PREDICTED) {
        if (r->epochs > 0)
            l->planned = r->epochs;
        return GT_OK;
    }
    if (r->kind != GT_KIND_ACTUAL || u->have_actual)
        return GT_OK;
    u->have_actual = 1;
    l->pue = r->pue;
    double e = gt_record_energy(r);
    l->ci_g_per_kwh = e > 0 && !isnan(r->co2e_g) ? r->co2e_g / e : r->ci_g_per_kwh;
    snprintf(l->run, sizeof l->run, "%s", r->run_id && *r->run_id ? r->run_id : r->file);
    long ep = r->epochs;
    if (isnan(e) || ep <= 0)
        return GT_OK;
    size_t n = (size_t)ep;
    if (r->nepochs_s >= n) {
        double *w = calloc(n, sizeof *w);
        if (!w)
            return GT_E_NOMEM;
        double sum = 0;
        for (size_t i = 0; i < n; i++) {
            /* a device's power the log did not read (None) in an epoch counts
             * at its mean over the epochs where it did */
            double p = 0;
            int known = 0;
            for (size_t s = 0; s < r->nseries; s++) {
                const struct gt_series *x = &r->series[s];
                double v = i < x->n ? x->v[i] : NAN;
                if (isnan(v)) {
                    double m = 0;
                    size_t k = 0;
                    for (size_t j = 0; j < x->n && j < n; j++)
                        if (!isnan(x->v[j]))
                            m += x->v[j], k++;
                    v = k ? m / (double)k : NAN;
                }
                if (!isnan(v)) {
                    p += v;
                    known = 1;
                }
            }
            w[i] = (known ? p : 1) * r->epoch_s[i];
            if (isnan(w[i]) || w[i] < 0)
                w[i] = 0;
            sum += w[i];
        }
        for (size_t i = 0; i < n && sum > 0; i++)
            if (push(l, r->epoch_s[i], e * w[i] / sum)) {
                free(w);
                return GT_E_NOMEM;
            }
        free(w);
        if (sum > 0)
            return GT_OK;
    }
    l->epochs_equal = 1;
    for (size_t i = 0; i < n; i++)
        if (push(l, r->duration_s / (double)n, e / (double)n))
            return GT_E_NOMEM;
    return GT_OK;
}

/* The parsers' ud structs start with the log (ct_ud, cc_ud). */
static void count_reject(void *ud, long line, const char *reason)
{
    (void)reason;
    reject(*(struct gt_predict_log **)ud, line);
}

static void quiet_warn(void *ud, long line, const char *msg)
{
    (void)ud, (void)line, (void)msg;
}

static enum gt_status read_ct(const char *std, size_t std_len, const char *out, size_t out_len,
                              const char *name, struct gt_predict_log *l, struct gt_error *err)
{
    struct ct_ud u = {l, GT_OK, 0};
    struct gt_parse_ctx ctx = {
        .file = name, .ud = &u, .emit = ct_emit, .reject = count_reject, .warn = quiet_warn};
    l->format = "carbontracker";
    l->unit = "epoch";
    l->units = "epochs";
    enum gt_status st = gt_ct_parse(std, std_len, out, out_len, &ctx, err);
    if (st != GT_OK)
        return st;
    l->runs = u.have_actual;
    return GT_OK;
}

/* ---- eco2ai ---------------------------------------------------------------- */

static enum gt_status read_eco2ai(const char *data, size_t len, const char *name,
                                  struct gt_predict_log *l, struct gt_error *err)
{
    struct gt_csv t;
    enum gt_status st = gt_csv_parse(data, len, ',', name, &t, err);
    if (st != GT_OK)
        return st;
    l->format = "eco2ai";
    l->unit = "epoch";
    l->units = "epochs";
    if (t.nrows < 2) {
        gt_csv_release(&t);
        return GT_OK;
    }
    const struct gt_csv_row *h = &t.rows[0];
    int cid = gt_csv_col(h, "id"), cep = gt_csv_col(h, "epoch"), cd = gt_csv_col(h, "duration(s)"),
        ce = gt_csv_col(h, "power_consumption(kWh)"), cc = gt_csv_col(h, "CO2_emissions(kg)");
    if (cid < 0 || cep < 0 || cd < 0 || ce < 0) {
        gt_csv_release(&t);
        return gt_error_set(err, GT_E_DATA, "'%s' has no id, epoch, duration or energy column",
                            name);
    }
    /* the last run id with epoch rows */
    const char *last = NULL;
    for (size_t i = 1; i < t.nrows; i++) {
        const struct gt_csv_row *r = &t.rows[i];
        if ((size_t)cep < r->n && (size_t)cid < r->n && !strncmp(r->cells[cep], "epoch", 5)) {
            if (!last || strcmp(last, r->cells[cid]))
                l->runs++;
            last = r->cells[cid];
        }
    }
    double e = 0, g = 0;
    for (size_t i = 1; last && i < t.nrows; i++) {
        const struct gt_csv_row *r = &t.rows[i];
        if ((size_t)cep >= r->n || (size_t)cid >= r->n || (size_t)cd >= r->n ||
            (size_t)ce >= r->n || strncmp(r->cells[cep], "epoch", 5) || strcmp(r->cells[cid], last))
            continue;
        double d, k, c = NAN;
        if (gt_num_parse(r->cells[cd], strlen(r->cells[cd]), &d) ||
            gt_num_parse(r->cells[ce], strlen(r->cells[ce]), &k)) {
            reject(l, r->line);
            continue;
        }
        if (cc >= 0 && (size_t)cc < r->n &&
            gt_num_parse(r->cells[cc], strlen(r->cells[cc]), &c) == 0) {
            g += c * 1000;
            e += k;
        }
        if (push(l, d, k)) {
            gt_csv_release(&t);
            return GT_E_NOMEM;
        }
    }
    if (last)
        snprintf(l->run, sizeof l->run, "%s", last);
    l->ci_g_per_kwh = e > 0 ? g / e : NAN;
    gt_csv_release(&t);
    return GT_OK;
}

/* ---- greentally run log ----------------------------------------------------- */

static double jnum(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

static enum gt_status read_run(const char *data, size_t len, struct gt_predict_log *l)
{
    l->format = "greentally-run";
    l->unit = "sample";
    l->units = "samples";
    l->runs = 1;
    double pue = NAN;
    const char *p = data, *end = data + len;
    long line = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
        cJSON *o = cJSON_ParseWithLength(p, n);
        p = nl ? nl + 1 : end;
        line++;
        if (!o) {
            if (n)
                reject(l, line);
            continue;
        }
        const cJSON *type = cJSON_GetObjectItemCaseSensitive(o, "type");
        const char *ty = cJSON_IsString(type) ? type->valuestring : "";
        if (!strcmp(ty, "header")) {
            pue = jnum(o, "pue");
            l->ci_g_per_kwh = jnum(o, "ci_g_per_kwh");
            const cJSON *id = cJSON_GetObjectItemCaseSensitive(o, "run_id");
            if (cJSON_IsString(id))
                snprintf(l->run, sizeof l->run, "%s", id->valuestring);
        } else if (!strcmp(ty, "sample")) {
            const cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "e_j");
            double dt = jnum(o, "dt"), c = jnum(e, "cpu"), r = jnum(e, "ram"), gj = jnum(e, "gpu");
            if (isnan(dt) || isnan(c) || isnan(r))
                reject(l, line);
            else {
                double j = c + r + (isnan(gj) ? 0 : gj);
                if (push(l, dt, j / 3.6e6 * (isnan(pue) ? 1 : pue))) {
                    cJSON_Delete(o);
                    return GT_E_NOMEM;
                }
            }
        } else if (!strcmp(ty, "footer")) {
            double e = jnum(o, "energy_kwh"), g = jnum(o, "co2e_g");
            if (e > 0 && !isnan(g))
                l->ci_g_per_kwh = g / e;
        }
        cJSON_Delete(o);
    }
    l->pue = pue;
    return GT_OK;
}

/* ---- CodeCarbon --------------------------------------------------------------- */

struct cc_row {
    char run[160];
    double d, e, g, pue;
};

struct cc_ud {
    struct gt_predict_log *l; /* first: count_reject */
    struct cc_row *v;
    size_t n, cap;
};

static enum gt_status cc_emit(void *ud, const struct gt_record *r)
{
    struct cc_ud *u = ud;
    if (u->n == u->cap) {
        size_t cap = u->cap ? 2 * u->cap : 16;
        struct cc_row *v = realloc(u->v, cap * sizeof *v);
        if (!v)
            return GT_E_NOMEM;
        u->v = v;
        u->cap = cap;
    }
    struct cc_row *c = &u->v[u->n++];
    snprintf(c->run, sizeof c->run, "%s", r->run_key && *r->run_key ? r->run_key : r->run_id);
    c->d = r->duration_s;
    c->e = gt_record_energy(r);
    c->g = r->co2e_g;
    c->pue = r->pue;
    return GT_OK;
}

static int by_duration(const void *a, const void *b)
{
    double x = ((const struct cc_row *)a)->d, y = ((const struct cc_row *)b)->d;
    return (x > y) - (x < y);
}

static enum gt_status read_cc(const char *data, size_t len, const char *name,
                              struct gt_predict_log *l, struct gt_error *err)
{
    struct cc_ud u = {l, NULL, 0, 0};
    struct gt_parse_ctx ctx = {
        .file = name, .ud = &u, .emit = cc_emit, .reject = count_reject, .warn = quiet_warn};
    l->format = "codecarbon-csv";
    l->unit = "flush";
    l->units = "flushes";
    struct gt_stream *s = gt_cc_open(&ctx);
    if (!s)
        return GT_E_NOMEM;
    enum gt_status st = gt_cc_feed(s, data, len, err);
    enum gt_status st2 = gt_cc_finish(s, err);
    if (st == GT_OK)
        st = st2;
    if (st != GT_OK || u.n == 0) {
        free(u.v);
        return st;
    }
    const char *last = u.v[u.n - 1].run;
    if (!*last) {
        free(u.v);
        return gt_error_set(err, GT_E_DATA,
                            "'%s' has no run_id: the cumulative flushes of one run cannot be told "
                            "apart",
                            name);
    }
    struct cc_row *rows = malloc(u.n * sizeof *rows);
    size_t m = 0;
    if (!rows) {
        free(u.v);
        return GT_E_NOMEM;
    }
    for (size_t i = 0; i < u.n; i++) {
        if (i == 0 || strcmp(u.v[i].run, u.v[i - 1].run))
            l->runs++;
        if (!strcmp(u.v[i].run, last) && !isnan(u.v[i].d) && !isnan(u.v[i].e))
            rows[m++] = u.v[i];
    }
    snprintf(l->run, sizeof l->run, "%s", last);
    qsort(rows, m, sizeof *rows, by_duration);
    double pd = 0, pe = 0;
    for (size_t i = 0; i < m; i++) {
        if (rows[i].d <= pd)
            continue; /* the same flush written twice */
        if (push(l, rows[i].d - pd, fmax(0, rows[i].e - pe))) {
            st = GT_E_NOMEM;
            break;
        }
        pd = rows[i].d;
        pe = rows[i].e;
    }
    if (m) {
        const struct cc_row *z = &rows[m - 1];
        l->ci_g_per_kwh = z->e > 0 && !isnan(z->g) ? z->g / z->e : NAN;
        l->pue = z->pue;
    }
    free(rows);
    free(u.v);
    return st;
}

enum gt_status gt_predict_log_read(const char *data, size_t len, const char *pair, size_t pair_len,
                                   const char *name, struct gt_predict_log *out,
                                   struct gt_error *err)
{
    memset(out, 0, sizeof *out);
    out->ci_g_per_kwh = NAN;
    out->pue = NAN;
    out->planned = -1;
    size_t head = len < 8192 ? len : 8192;
    enum gt_status st;
    if (gt_ct_sniff_std(data, head) || gt_ct_sniff_out(data, head)) {
        int is_std = gt_ct_sniff_std(data, head);
        const char *std = is_std ? data : pair, *o = is_std ? pair : data;
        size_t sl = is_std ? len : pair_len, ol = is_std ? pair_len : len;
        st = read_ct(std, std ? sl : 0, o, o ? ol : 0, name, out, err);
    } else if (gt_eco2ai_sniff(data, head)) {
        st = read_eco2ai(data, len, name, out, err);
    } else if (gt_greentally_sniff(data, head)) {
        st = read_run(data, len, out);
    } else if (gt_cc_sniff(data, head)) {
        st = read_cc(data, len, name, out, err);
    } else {
        return gt_error_set(err, GT_E_DATA,
                            "'%s' is not a log predict reads (carbontracker, eco2ai, greentally "
                            "run, CodeCarbon emissions.csv)",
                            name);
    }
    if (st != GT_OK)
        return st;
    if (out->n == 0)
        return gt_error_set(
            err, GT_E_DATA, "'%s' (%s) has no measured %s to predict from%s", name, out->format,
            out->unit,
            !strcmp(out->format, "eco2ai") ? " (eco2ai writes epochs only in training mode)" : "");
    return GT_OK;
}
