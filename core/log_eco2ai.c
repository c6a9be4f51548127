/* log_eco2ai.c - eco2ai emission CSV (sb-ai-lab/Eco2AI 0.3.x, see
 * notes/carbontracker-eco2ai.md section 2).
 *
 * The file is rewritten whole on every flush. Start/stop mode keeps one row
 * per run, updated in place (epoch "N/A"): each such row is a record whose
 * run_key is the id, and the aggregate keeps the latest. Training mode inserts
 * one row per epoch ("epoch: 3, loss: 0.1, "), each covering that epoch only:
 * the rows of one id are summed into a single GT_KIND_EPOCHS record.
 *
 * Columns are mapped by header name; unknown ones go to extras. Since 0.3.13
 * the tool may add CPU_consumption(kWh), GPU_consumption(kWh) and
 * RAM_consumption(kWh) ("N/A" in rows written before the option was on), and
 * appends a power-method label after the CPU TDP and the GPU device count.
 * Older files name the components cpu_power_consumption(kWh) and
 * ram_power_consumption(kWh): read as the same columns. */
#include "gt_text.h"
#include "gt_csv.h"
#include "gt_logs.h"
#include "gt_num.h"
#include "gt_time.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
    C_ID,
    C_PROJECT,
    C_EXPERIMENT,
    C_EPOCH,
    C_START,
    C_DURATION,
    C_KWH,
    C_CO2,
    C_CPU,
    C_GPU,
    C_OS,
    C_REGION,
    C_COST,
    C_CPU_KWH,
    C_GPU_KWH,
    C_RAM_KWH,
    C__N
};

static const char *const col_names[C__N] = {
    "id",
    "project_name",
    "experiment_description",
    "epoch",
    "start_time",
    "duration(s)",
    "power_consumption(kWh)",
    "CO2_emissions(kg)",
    "CPU_name",
    "GPU_name",
    "OS",
    "region/country",
    "cost",
    "CPU_consumption(kWh)",
    "GPU_consumption(kWh)",
    "RAM_consumption(kWh)",
};

/* Older releases named the components cpu_power_consumption(kWh),
 * gpu_power_consumption(kWh) and ram_power_consumption(kWh). */
static const char *const old_names[C__N] = {
    [C_CPU_KWH] = "cpu_power_consumption(kWh)",
    [C_GPU_KWH] = "gpu_power_consumption(kWh)",
    [C_RAM_KWH] = "ram_power_consumption(kWh)",
};

/* longest cell text quoted in a message */
#define QUOTE_MAX 64

struct erow {
    const struct gt_csv_row *r;
    int ok;              /* parsed (else rejected) */
    int training;        /* epoch cell holds "epoch: N, ..." */
    long group;          /* index of the first row of its training run, -1 standalone */
    size_t gfirst, glen; /* the run's members in the sorted index (leader only) */
    enum gt_tz tz;
    double start, dur, kwh, kg, cpu, gpu, ram, cost;
};

struct byid {
    const char *id;
    size_t i;
};

static int is_na(const char *s, size_t n)
{
    return n == 0 || (n == 3 && strncasecmp(s, "N/A", 3) == 0);
}

/* A numeric cell: "N/A" reads as empty (see gt_parse_num). */
static int num_cell(const struct gt_parse_ctx *ctx, long line, const char *name, const char *s,
                    int required, double *out)
{
    size_t n = strlen(s);
    gt_trim(&s, &n);
    return gt_parse_num(ctx, line, name, s, is_na(s, n) ? 0 : n, required, out);
}

/* the column's name as the header spells it (an older name, maybe) */
static const char *col_at(const struct gt_csv_row *hdr, const int *col, int c)
{
    return col[c] >= 0 ? gt_row_cell(hdr, col[c]) : col_names[c];
}

static int parse_row(const struct gt_parse_ctx *ctx, const int *col, const struct gt_csv_row *hdr,
                     struct erow *e)
{
    const struct gt_csv_row *r = e->r;
    long line = r->line;
    if (gt_parse_check_width(ctx, hdr, r))
        return -1;
    if (num_cell(ctx, line, col_names[C_KWH], gt_row_cell(r, col[C_KWH]), 1, &e->kwh) ||
        num_cell(ctx, line, col_names[C_DURATION], gt_row_cell(r, col[C_DURATION]), 0, &e->dur) ||
        num_cell(ctx, line, col_names[C_CO2], gt_row_cell(r, col[C_CO2]), 0, &e->kg) ||
        num_cell(ctx, line, col_at(hdr, col, C_CPU_KWH), gt_row_cell(r, col[C_CPU_KWH]), 0,
                 &e->cpu) ||
        num_cell(ctx, line, col_at(hdr, col, C_GPU_KWH), gt_row_cell(r, col[C_GPU_KWH]), 0,
                 &e->gpu) ||
        num_cell(ctx, line, col_at(hdr, col, C_RAM_KWH), gt_row_cell(r, col[C_RAM_KWH]), 0,
                 &e->ram))
        return -1;

    const char *s = gt_row_cell(r, col[C_START]);
    size_t n = strlen(s);
    gt_trim(&s, &n);
    e->start = NAN;
    e->tz = GT_TZ_NONE;
    if (!is_na(s, n) && gt_time_parse(s, n, &e->start, &e->tz) != 0) {
        gt_parse_reject(ctx, line, "cannot parse '%s': '%.*s'", col_names[C_START],
                        (int)(n > QUOTE_MAX ? QUOTE_MAX : n), s);
        return -1;
    }

    /* cost is kept as text; a number is summed over the epochs of a run */
    s = gt_row_cell(r, col[C_COST]);
    n = strlen(s);
    gt_trim(&s, &n);
    e->cost = NAN;
    if (gt_num_parse(s, n, &e->cost) != 0)
        e->cost = NAN;

    s = gt_row_cell(r, col[C_EPOCH]);
    n = strlen(s);
    gt_trim(&s, &n);
    e->training = !is_na(s, n);
    return 0;
}

static int cmp_byid(const void *a, const void *b)
{
    const struct byid *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    if (c)
        return c;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* "Intel(R) Xeon(R) CPU E5-2680 v4 @ 2.40GHz/2 device(s), TDP:120.0 [label]"
 * -> model, sockets, tdp, label (in place; absent parts point at ""). */
static void split_cpu(char *s, const char **model, const char **sockets, const char **tdp,
                      const char **label)
{
    static char empty[1];
    *sockets = *tdp = *label = empty;
    char *t = NULL;
    for (char *p = strstr(s, ", TDP:"); p; p = strstr(p + 1, ", TDP:"))
        t = p;
    if (t) {
        *t = '\0';
        char *v = gt_trim_mut(t + 6);
        char *sp = v;
        while (*sp && !gt_is_blank(*sp))
            sp++;
        if (*sp) {
            *sp = '\0';
            *label = gt_trim_mut(sp + 1);
        }
        *tdp = v;
    }
    s = gt_trim_mut(s);
    size_t n = strlen(s);
    static const char dev[] = "device(s)";
    size_t dl = sizeof dev - 1;
    char *slash = strrchr(s, '/');
    if (slash && n >= dl && strcmp(s + n - dl, dev) == 0) {
        char *d = slash + 1;
        while (*d == ' ')
            d++;
        char *e = d;
        while (*e >= '0' && *e <= '9')
            e++;
        char *after = e;
        while (*after == ' ')
            after++;
        if (e > d && after == s + n - dl) {
            *e = '\0';
            *slash = '\0';
            *sockets = d;
            s = gt_trim_mut(s);
        }
    }
    *model = s;
}

/* "Tesla P100-PCIE-12GB 1 device(s)[ label]" -> model, count, label. */
static void split_gpu(char *s, const char **model, double *count, const char **label)
{
    static char empty[1];
    *label = empty;
    *count = NAN;
    s = gt_trim_mut(s);
    char *dev = NULL;
    for (char *p = strstr(s, "device(s)"); p; p = strstr(p + 1, "device(s)"))
        dev = p;
    if (!dev || is_na(s, strlen(s))) {
        *model = is_na(s, strlen(s)) ? empty : s;
        return;
    }
    char *rest = dev + 9;
    char *e = dev;
    while (e > s && e[-1] == ' ')
        e--;
    char *d = e;
    while (d > s && d[-1] >= '0' && d[-1] <= '9')
        d--;
    if (d == e || (d > s && d[-1] != ' ')) {
        *model = s;
        return;
    }
    long k = 0;
    if (gt_num_parse_long(d, (size_t)(e - d), &k) != 0) {
        *model = s;
        return;
    }
    *count = (double)k;
    if (*rest)
        *label = gt_trim_mut(rest);
    *d = '\0';
    *model = gt_trim_mut(s);
}

static int is_iso2(const char *s)
{
    return strlen(s) == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

/* "FR/Auvergne-Rhône-Alpes", "FR", or the old "{region}/{CC}" order. */
static void split_region(char *s, struct gt_record *rec)
{
    s = gt_trim_mut(s);
    if (is_na(s, strlen(s)))
        return;
    char *slash = strchr(s, '/');
    if (!slash) {
        if (is_iso2(s))
            rec->country_iso = s;
        else
            rec->country = s;
        return;
    }
    *slash = '\0';
    char *a = gt_trim_mut(s), *b = gt_trim_mut(slash + 1);
    if (!is_iso2(a) && is_iso2(b)) {
        rec->country_iso = b;
        rec->region = a;
        return;
    }
    if (is_iso2(a))
        rec->country_iso = a;
    else
        rec->country = a;
    rec->region = b;
}

/* Splits "epoch: 3, loss: 0.1, acc: 0.9, " in place into "epoch.<key>"
 * extras (keys written into keybuf, which holds strlen(s) + 7 per pair).
 * A segment without ':' continues the previous value (a value holding ", ").
 * vend has room for max offsets. */
static size_t split_epoch(char *s, char *keybuf, size_t *vend, struct gt_kv *kv, size_t max)
{
    size_t n = strlen(s), np = 0;
    size_t i = 0;
    while (i <= n && np <= max) {
        size_t a = i, b = i;
        while (b < n && !(s[b] == ',' && (b + 1 == n || s[b + 1] == ' ')))
            b++;
        /* segment [a, b) */
        size_t sa = a, sb = b;
        while (sa < sb && gt_is_blank(s[sa]))
            sa++;
        while (sb > sa && gt_is_blank(s[sb - 1]))
            sb--;
        if (sb > sa) {
            char *colon = memchr(s + sa, ':', sb - sa);
            if (colon && colon > s + sa) {
                if (np == max)
                    break;
                size_t ke = (size_t)(colon - s);
                while (ke > sa && gt_is_blank(s[ke - 1]))
                    ke--;
                memcpy(keybuf, "epoch.", 6);
                memcpy(keybuf + 6, s + sa, ke - sa);
                keybuf[6 + ke - sa] = '\0';
                size_t vs = (size_t)(colon - s) + 1;
                while (vs < sb && gt_is_blank(s[vs]))
                    vs++;
                kv[np].key = keybuf;
                kv[np].value = s + vs;
                vend[np] = sb;
                keybuf += 6 + ke - sa + 1;
                np++;
            } else if (np > 0) {
                vend[np - 1] = sb;
            } else {
                if (np == max)
                    break;
                memcpy(keybuf, "epoch", 6);
                kv[np].key = keybuf;
                kv[np].value = s + sa;
                vend[np] = sb;
                keybuf += 6;
                np++;
            }
        }
        i = b + 1;
        if (b >= n)
            break;
    }
    for (size_t k = 0; k < np; k++)
        s[vend[k]] = '\0';
    return np;
}

/* Scratch memory of one record. */
struct scratch {
    struct gt_kv *kv;
    char *keys;
    size_t *vend;
};

static enum gt_status build_and_emit(const struct gt_parse_ctx *ctx, const int *col,
                                     const struct gt_csv_row *hdr, const int *known,
                                     struct gt_record *rec, const struct gt_csv_row *last,
                                     const struct gt_csv_row *epoch_src, const char *cost_text)
{
    size_t epoch_len = epoch_src ? strlen(gt_row_cell(epoch_src, col[C_EPOCH])) : 0;
    size_t max_pairs = epoch_len / 2 + 1;
    struct scratch sc;
    sc.kv = malloc((hdr->n + 8 + max_pairs) * sizeof *sc.kv);
    sc.keys = malloc(epoch_len + 7 * max_pairs + 1);
    sc.vend = malloc(max_pairs * sizeof *sc.vend);
    if (!sc.kv || !sc.keys || !sc.vend) {
        free(sc.kv);
        free(sc.keys);
        free(sc.vend);
        return GT_E_NOMEM;
    }
    size_t nkv = 0;

    rec->run_id = rec->run_key = gt_trim_mut(gt_row_cell(last, col[C_ID]));
    rec->project = gt_trim_mut(gt_row_cell(last, col[C_PROJECT]));
    rec->experiment = gt_trim_mut(gt_row_cell(last, col[C_EXPERIMENT]));
    rec->os = gt_trim_mut(gt_row_cell(last, col[C_OS]));
    split_region(gt_row_cell(last, col[C_REGION]), rec);

    for (size_t j = 0; j < hdr->n; j++) {
        int c = known[j];
        if (c < 0) {
            sc.kv[nkv].key = hdr->cells[j];
            sc.kv[nkv].value = gt_row_cell(last, (int)j);
            nkv++;
        } else if (c == C_CPU) {
            const char *sockets, *tdp, *label;
            split_cpu(gt_row_cell(last, (int)j), &rec->cpu_model, &sockets, &tdp, &label);
            if (*sockets) {
                sc.kv[nkv].key = "cpu_sockets";
                sc.kv[nkv++].value = sockets;
            }
            if (*tdp) {
                sc.kv[nkv].key = "cpu_tdp_w";
                sc.kv[nkv++].value = tdp;
            }
            if (*label) {
                sc.kv[nkv].key = "cpu_power_method";
                sc.kv[nkv++].value = label;
            }
        } else if (c == C_GPU) {
            const char *label;
            split_gpu(gt_row_cell(last, (int)j), &rec->gpu_model, &rec->gpu_count, &label);
            if (*label) {
                sc.kv[nkv].key = "gpu_power_method";
                sc.kv[nkv++].value = label;
            }
        } else if (c == C_COST) {
            sc.kv[nkv].key = "cost";
            sc.kv[nkv++].value = cost_text ? cost_text : gt_trim_mut(gt_row_cell(last, (int)j));
        } else if (c == C_EPOCH && epoch_src) {
            nkv += split_epoch(gt_row_cell(epoch_src, (int)j), sc.keys, sc.vend, sc.kv + nkv,
                               max_pairs);
        }
    }
    rec->nextras = nkv;
    rec->extras = sc.kv;
    enum gt_status st = ctx->emit(ctx->ud, rec);
    free(sc.kv);
    free(sc.keys);
    free(sc.vend);
    return st;
}

static void init_rec(struct gt_record *rec, const struct gt_parse_ctx *ctx)
{
    gt_record_init(rec);
    rec->file = ctx->file ? ctx->file : "";
    rec->format = "eco2ai-csv";
    rec->tool = GT_TOOL_ECO2AI;
}

static enum gt_status emit_single(const struct gt_parse_ctx *ctx, const int *col,
                                  const struct gt_csv_row *hdr, const int *known,
                                  const struct erow *e)
{
    struct gt_record rec;
    init_rec(&rec, ctx);
    rec.line = e->r->line;
    rec.tz = e->tz;
    rec.start = e->start;
    rec.duration_s = e->dur;
    rec.end = e->start + e->dur;
    rec.energy_kwh = e->kwh;
    rec.cpu_kwh = e->cpu;
    rec.gpu_kwh = e->gpu;
    rec.ram_kwh = e->ram;
    rec.co2e_g = e->kg * 1000.0;
    return build_and_emit(ctx, col, hdr, known, &rec, e->r, NULL, NULL);
}

static enum gt_status emit_training(const struct gt_parse_ctx *ctx, const int *col,
                                    const struct gt_csv_row *hdr, const int *known,
                                    const struct erow *rows, const struct byid *order,
                                    const struct erow *lead)
{
    struct gt_record rec;
    init_rec(&rec, ctx);
    rec.kind = GT_KIND_EPOCHS;
    rec.line = lead->r->line;
    rec.nrows = (long)lead->glen;
    rec.epochs = 0;
    rec.energy_kwh = rec.duration_s = rec.co2e_g = 0;
    rec.cpu_kwh = rec.gpu_kwh = rec.ram_kwh = 0;
    double kg = 0, cost = 0;
    int cost_ok = 1;
    const struct erow *last = NULL, *last_epoch = NULL;
    for (size_t k = 0; k < lead->glen; k++) {
        const struct erow *m = &rows[order[lead->gfirst + k].i];
        if (!isnan(m->start) && (isnan(rec.start) || m->start < rec.start)) {
            rec.start = m->start;
            rec.tz = m->tz;
        }
        rec.duration_s += m->dur;
        rec.energy_kwh += m->kwh;
        kg += m->kg;
        rec.cpu_kwh += m->cpu;
        rec.gpu_kwh += m->gpu;
        rec.ram_kwh += m->ram;
        if (isnan(m->cost))
            cost_ok = 0;
        cost += m->cost;
        if (m->training) {
            rec.epochs++;
            last_epoch = m;
        } else {
            gt_parse_warn(ctx, m->r->line,
                          "'epoch' is 'N/A' in training run '%.*s': summed with its epochs",
                          QUOTE_MAX, gt_row_cell(m->r, col[C_ID]));
        }
        last = m;
    }
    rec.co2e_g = kg * 1000.0;
    rec.end = rec.start + rec.duration_s;
    char costbuf[40];
    const char *cost_text = NULL;
    if (cost_ok && col[C_COST] >= 0)
        cost_text = gt_num_fmt(cost, costbuf, sizeof costbuf);
    /* strings from the last epoch row (same for every row of a run) */
    return build_and_emit(ctx, col, hdr, known, &rec, last_epoch ? last_epoch->r : last->r,
                          last_epoch ? last_epoch->r : NULL, cost_text);
}

/* Parses an eco2ai CSV held in data[0..len). Records are emitted through ctx
 * with strings borrowed from a private copy, valid during the emit call only;
 * nothing allocated here outlives the call. */
/* The header's columns: col (field -> column, -1 absent) and known (column
 * -> field, -1 an extra), from the cache when the same header was met
 * before (c may be NULL). */
static void map_header(struct gt_hdr_cache *c, const struct gt_csv_row *hdr, int *col, int *known)
{
    size_t *lens = c ? malloc((hdr->n + 1) * sizeof *lens) : NULL;
    const int *seen = NULL;
    if (lens) {
        for (size_t j = 0; j < hdr->n; j++)
            lens[j] = strlen(hdr->cells[j]); /* names end at a NUL, as gt_csv_col reads them */
        seen = gt_hdr_cache_find(c, GT_HDR_ECO2AI, hdr->n, hdr->cells, lens);
    }
    if (seen) {
        memcpy(col, seen, C__N * sizeof *col);
        memcpy(known, seen + C__N, hdr->n * sizeof *known);
        free(lens);
        return;
    }
    for (size_t j = 0; j < hdr->n; j++)
        known[j] = -1;
    for (int k = 0; k < C__N; k++) {
        col[k] = gt_csv_col(hdr, col_names[k]);
        if (col[k] < 0 && old_names[k])
            col[k] = gt_csv_col(hdr, old_names[k]);
        if (col[k] >= 0)
            known[col[k]] = k;
    }
    int *v = lens ? malloc((C__N + hdr->n) * sizeof *v) : NULL;
    if (v) {
        memcpy(v, col, C__N * sizeof *col);
        memcpy(v + C__N, known, hdr->n * sizeof *known);
        gt_hdr_cache_store(c, v, (C__N + hdr->n) * sizeof *v);
    }
    free(v);
    free(lens);
}

enum gt_status gt_eco2ai_parse(const char *data, size_t len, const struct gt_parse_ctx *ctx,
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
    size_t n = t.nrows - 1;
    int col[C__N];
    int *known = malloc(hdr->n * sizeof *known);
    struct erow *rows = calloc(n, sizeof *rows);
    struct byid *order = malloc(n * sizeof *order);
    if (!known || !rows || !order) {
        st = gt_error_set(err, GT_E_NOMEM, "out of memory reading '%s'", name);
        goto out;
    }
    map_header(ctx->hdr_cache, hdr, col, known);

    size_t nok = 0;
    for (size_t i = 0; i < n; i++) {
        struct erow *e = &rows[i];
        e->r = &t.rows[i + 1];
        e->group = -1;
        e->ok = parse_row(ctx, col, hdr, e) == 0;
        if (e->ok) {
            order[nok].id = gt_row_cell(e->r, col[C_ID]);
            order[nok].i = i;
            nok++;
        }
    }

    /* runs: rows sharing an id; one with an epoch row is a training run */
    qsort(order, nok, sizeof *order, cmp_byid);
    for (size_t a = 0; a < nok;) {
        size_t b = a + 1;
        int training = rows[order[a].i].training;
        while (b < nok && strcmp(order[b].id, order[a].id) == 0)
            training |= rows[order[b++].i].training;
        if (training) {
            struct erow *lead = &rows[order[a].i];
            lead->gfirst = a;
            lead->glen = b - a;
            for (size_t k = a; k < b; k++)
                rows[order[k].i].group = (long)order[a].i;
        }
        a = b;
    }

    for (size_t i = 0; i < n && st == GT_OK; i++) {
        const struct erow *e = &rows[i];
        if (!e->ok)
            continue;
        if (e->group < 0)
            st = emit_single(ctx, col, hdr, known, e);
        else if ((size_t)e->group == i)
            st = emit_training(ctx, col, hdr, known, rows, order, e);
    }
    if (st == GT_E_NOMEM && err && err->msg[0] == '\0')
        gt_error_set(err, GT_E_NOMEM, "out of memory reading '%s'", name);
out:
    free(known);
    free(rows);
    free(order);
    gt_csv_release(&t);
    return st;
}

/* 1 when the first line of head names the eco2ai columns id, start_time and
 * power_consumption(kWh), in any order. Pure; keeps nothing. */
int gt_eco2ai_sniff(const char *head, size_t len)
{
    if (len >= 3 && (unsigned char)head[0] == 0xEF && (unsigned char)head[1] == 0xBB &&
        (unsigned char)head[2] == 0xBF) {
        head += 3;
        len -= 3;
    }
    const char *nl = memchr(head, '\n', len);
    size_t ll = nl ? (size_t)(nl - head) : len;
    static const char *const need[] = {"id", "start_time", "power_consumption(kWh)"};
    int found = 0;
    size_t i = 0;
    while (i <= ll) {
        size_t a = i;
        while (i < ll && head[i] != ',')
            i++;
        const char *s = head + a;
        size_t n = i - a;
        gt_trim(&s, &n);
        if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
            s++;
            n -= 2;
        }
        for (int k = 0; k < 3; k++)
            if (strlen(need[k]) == n && strncasecmp(s, need[k], n) == 0)
                found |= 1 << k;
        i++;
    }
    return found == 7;
}
