/* check.c - the budget gate (see gt_check.h). */
#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gt_check.h"
#include "gt_num.h"
#include "gt_text.h"

static const struct {
    const char *unit;
    enum gt_amount_kind kind;
    double factor; /* to g or kWh */
} units[] = {
    {"mg", GT_AMOUNT_MASS, 1e-3},   {"g", GT_AMOUNT_MASS, 1},       {"kg", GT_AMOUNT_MASS, 1e3},
    {"t", GT_AMOUNT_MASS, 1e6},     {"wh", GT_AMOUNT_ENERGY, 1e-3}, {"kwh", GT_AMOUNT_ENERGY, 1},
    {"mwh", GT_AMOUNT_ENERGY, 1e3}, {"gwh", GT_AMOUNT_ENERGY, 1e6},
};

enum gt_status gt_amount_parse(const char *s, size_t n, struct gt_amount *a, struct gt_error *err)
{
    gt_trim(&s, &n);
    size_t u = n;
    while (u && ((s[u - 1] >= 'a' && s[u - 1] <= 'z') || (s[u - 1] >= 'A' && s[u - 1] <= 'Z')))
        u--;
    const char *unit = s + u;
    size_t ulen = n - u;
    double v;
    if (!ulen || gt_num_parse(s, u, &v) != 0 || v < 0)
        return gt_error_set(err, GT_E_PARSE,
                            "cannot read the budget '%.*s' (a number and a unit: g, kg, t for "
                            "CO2e, or Wh, kWh, MWh for energy; e.g. 5kg)",
                            (int)(n > 200 ? 200 : n), s);
    for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
        if (strlen(units[i].unit) == ulen && !strncasecmp(unit, units[i].unit, ulen)) {
            a->value = v * units[i].factor;
            a->kind = units[i].kind;
            return GT_OK;
        }
    return gt_error_set(err, GT_E_PARSE,
                        "unknown unit '%.*s' in the budget '%.*s' (g, kg, t for CO2e, or Wh, kWh, "
                        "MWh for energy)",
                        (int)(ulen > 40 ? 40 : ulen), unit, (int)(n > 200 ? 200 : n), s);
}

void gt_budget_file_release(struct gt_budget_file *bf)
{
    for (size_t i = 0; i < bf->n; i++)
        free(bf->b[i].key);
    free(bf->b);
    bf->b = NULL;
    bf->n = 0;
}

enum gt_status gt_budget_parse(const char *data, size_t len, const char *name,
                               struct gt_budget_file *bf, struct gt_error *err)
{
    bf->b = NULL;
    bf->n = 0;
    size_t cap = 0;
    long line = 0;
    const char *s;
    size_t n;
    for (size_t off = 0; gt_text_next_line(data, len, &off, &line, &s, &n);) {
        const char *eq = NULL;
        for (size_t i = n; i-- > 0;)
            if (s[i] == '=') {
                eq = s + i;
                break;
            }
        enum gt_status st = GT_OK;
        const char *k = s;
        size_t kn = eq ? (size_t)(eq - s) : 0;
        if (eq)
            gt_trim(&k, &kn);
        if (!eq || !kn || memchr(k, '\0', kn)) {
            st = gt_error_set(err, GT_E_PARSE, "expected 'KEY = AMOUNT' in '%s' at line %ld", name,
                              line);
        } else {
            struct gt_amount a;
            st = gt_amount_parse(eq + 1, (size_t)(s + n - eq - 1), &a, err);
            for (size_t i = 0; st == GT_OK && i < bf->n; i++)
                if (strlen(bf->b[i].key) == kn && !memcmp(bf->b[i].key, k, kn))
                    st = gt_error_set(err, GT_E_DATA,
                                      "'%.*s' has two budgets in '%s' (lines %ld and %ld)",
                                      (int)(kn > 100 ? 100 : kn), k, name, bf->b[i].line, line);
            if (st == GT_OK && bf->n == cap) {
                size_t nc = cap ? cap * 2 : 16;
                struct gt_budget *nb = realloc(bf->b, nc * sizeof *nb);
                if (!nb)
                    st = gt_error_set(err, GT_E_NOMEM, "out of memory");
                else
                    bf->b = nb, cap = nc;
            }
            char *key = st == GT_OK ? malloc(kn + 1) : NULL;
            if (st == GT_OK && !key)
                st = gt_error_set(err, GT_E_NOMEM, "out of memory");
            if (st == GT_OK) {
                memcpy(key, k, kn);
                key[kn] = 0;
                bf->b[bf->n++] = (struct gt_budget){key, a, line};
            } else if (st == GT_E_PARSE && err && !strstr(err->msg, " at line ")) {
                char m[sizeof err->msg];
                memcpy(m, err->msg, sizeof m);
                gt_error_set(err, GT_E_PARSE, "%.400s in '%.200s' at line %ld", m, name, line);
            }
        }
        if (st != GT_OK) {
            gt_error_at(err, name, line, 0);
            gt_budget_file_release(bf);
            return st;
        }
    }
    return GT_OK;
}

const struct gt_budget *gt_budget_find(const struct gt_budget_file *bf, const char *key)
{
    const struct gt_budget *star = NULL;
    for (size_t i = 0; bf && i < bf->n; i++) {
        if (!strcmp(bf->b[i].key, key))
            return &bf->b[i];
        if (!strcmp(bf->b[i].key, "*"))
            star = &bf->b[i];
    }
    return star;
}

/* ---- baseline -------------------------------------------------------------------- */

static double jnum(const cJSON *o, const char *k)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, k);
    return cJSON_IsNumber(v) && isfinite(v->valuedouble) ? v->valuedouble : NAN;
}

void gt_baseline_release(struct gt_baseline *b)
{
    for (size_t i = 0; i < b->n; i++)
        free(b->g[i].key);
    free(b->g);
    b->g = NULL;
    b->n = 0;
}

enum gt_status gt_baseline_parse(const char *data, size_t len, const char *name,
                                 struct gt_baseline *b, struct gt_error *err)
{
    memset(b, 0, sizeof *b);
    b->co2e_g = b->energy_kwh = NAN;
    cJSON *root = cJSON_ParseWithLength(data, len);
    const cJSON *t = root ? cJSON_GetObjectItemCaseSensitive(root, "totals") : NULL;
    if (!cJSON_IsObject(t)) {
        cJSON_Delete(root);
        return gt_error_set(err, GT_E_PARSE,
                            "'%s' is not the JSON of 'greentally summary --format json' (no "
                            "\"totals\")",
                            name);
    }
    b->co2e_g = jnum(t, "co2e_g");
    b->energy_kwh = jnum(t, "energy_kwh");
    double r = jnum(t, "runs");
    b->runs = isnan(r) ? 0 : (long)r;
    const cJSON *by = cJSON_GetObjectItemCaseSensitive(root, "by");
    const cJSON *k0 = cJSON_IsArray(by) ? cJSON_GetArrayItem(by, 0) : NULL;
    const cJSON *groups = cJSON_GetObjectItemCaseSensitive(root, "groups");
    enum gt_status st = GT_OK;
    if (cJSON_IsString(k0) && cJSON_IsArray(groups)) {
        snprintf(b->by, sizeof b->by, "%s", k0->valuestring);
        int n = cJSON_GetArraySize(groups);
        b->g = calloc(n > 0 ? (size_t)n : 1, sizeof *b->g);
        if (!b->g)
            st = gt_error_set(err, GT_E_NOMEM, "out of memory");
        const cJSON *g;
        cJSON_ArrayForEach(g, groups)
        {
            if (st != GT_OK)
                break;
            const cJSON *key = cJSON_GetObjectItemCaseSensitive(g, "key");
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(key, b->by);
            const char *s = cJSON_IsString(v) ? v->valuestring : "";
            struct gt_baseline_group *x = &b->g[b->n];
            x->key = strdup(s);
            if (!x->key) {
                st = gt_error_set(err, GT_E_NOMEM, "out of memory");
                break;
            }
            x->co2e_g = jnum(g, "co2e_g");
            x->energy_kwh = jnum(g, "energy_kwh");
            b->n++;
        }
    }
    cJSON_Delete(root);
    if (st != GT_OK)
        gt_baseline_release(b);
    return st;
}

const struct gt_baseline_group *gt_baseline_find(const struct gt_baseline *b, const char *key)
{
    for (size_t i = 0; i < b->n; i++)
        if (!strcmp(b->g[i].key, key))
            return &b->g[i];
    return NULL;
}

/* ---- the check ------------------------------------------------------------------- */

void gt_check_release(struct gt_check *c)
{
    free(c->lines);
    c->lines = NULL;
    c->n = 0;
}

static void fill(struct gt_check_line *l, const struct gt_totals *t, enum gt_amount_kind kind,
                 double budget)
{
    l->kind = kind;
    l->runs = t->runs;
    l->used = kind == GT_AMOUNT_MASS ? t->co2e_g : t->energy_kwh;
    l->missing = kind == GT_AMOUNT_MASS ? t->no_co2e : t->no_energy;
    l->budget = budget;
    l->over = !isnan(budget) && l->used > budget;
    l->baseline = NAN;
}

enum gt_status gt_check_run(const struct gt_agg_result *res, const struct gt_amount *total,
                            const struct gt_budget_file *bf, const struct gt_baseline *base,
                            struct gt_check *c, struct gt_error *err)
{
    memset(c, 0, sizeof *c);
    int grouped = bf && res->opts.nby == 1;
    size_t n = 1 + (grouped ? res->ngroups : 0);
    c->lines = calloc(n, sizeof *c->lines);
    if (!c->lines)
        return gt_error_set(err, GT_E_NOMEM, "out of memory");
    enum gt_amount_kind dflt = total         ? total->kind
                               : bf && bf->n ? bf->b[0].amount.kind
                                             : GT_AMOUNT_MASS;
    c->n = n;
    c->lines[0].label = "total";
    fill(&c->lines[0], &res->totals, dflt, total ? total->value : NAN);
    if (base)
        c->lines[0].baseline = dflt == GT_AMOUNT_MASS ? base->co2e_g : base->energy_kwh;
    int base_groups = base && grouped && !strcmp(base->by, gt_key_name(res->opts.by[0]));
    for (size_t i = 1; i < n; i++) {
        const struct gt_group *g = &res->groups[i - 1];
        const char *key = g->key[0] ? g->key[0] : "";
        const struct gt_budget *b = gt_budget_find(bf, key);
        struct gt_check_line *l = &c->lines[i];
        l->label = key;
        fill(l, &g->t, b ? b->amount.kind : dflt, b ? b->amount.value : NAN);
        const struct gt_baseline_group *bg = base_groups ? gt_baseline_find(base, key) : NULL;
        if (bg)
            l->baseline = l->kind == GT_AMOUNT_MASS ? bg->co2e_g : bg->energy_kwh;
    }
    for (size_t i = 0; i < n; i++) {
        struct gt_check_line *l = &c->lines[i];
        if (isnan(l->budget))
            continue;
        c->budgets++;
        c->over += l->over;
        if (l->runs && l->missing == l->runs) {
            const char *what = l->kind == GT_AMOUNT_MASS ? "CO2e" : "energy";
            enum gt_status st =
                i ? gt_error_set(err, GT_E_DATA,
                                 "no run of '%.200s' logged %s, so its budget cannot be checked",
                                 l->label[0] ? l->label : "(unknown)", what)
                  : gt_error_set(err, GT_E_DATA,
                                 "no run logged %s, so the budget cannot be checked", what);
            gt_check_release(c);
            return st;
        }
    }
    return GT_OK;
}
