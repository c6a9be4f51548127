#include <cjson/cJSON.h>
#include <csv.h>
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gt_cli.h"
#include "gt_num.h"
#include "gt_sink.h"

static const struct gt_option options[] = {
    {"kind", 'k', GT_OPT_VALUE, "KIND",
     "for show/search: cpu, gpu, location, provider, cloud, constant or uncertainty"},
    {"format", 'f', GT_OPT_VALUE, "FMT", "table, json or csv (default table)"},
    {"hwdb-file", 0, GT_OPT_LIST, "FILE", "add or override rows from FILE (repeatable)"},
    GT_OPT_END};

enum kind { K_ALL, K_CPU, K_GPU, K_LOC, K_PROV, K_CLOUD, K_CONST, K_UNC };

static int parse_kind(const char *s, enum kind *k)
{
    static const struct {
        const char *name;
        enum kind k;
    } names[] = {{"cpu", K_CPU},        {"cpus", K_CPU},        {"gpu", K_GPU},
                 {"gpus", K_GPU},       {"location", K_LOC},    {"locations", K_LOC},
                 {"provider", K_PROV},  {"providers", K_PROV},  {"cloud", K_CLOUD},
                 {"constant", K_CONST}, {"constants", K_CONST}, {"uncertainty", K_UNC}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcmp(s, names[i].name)) {
            *k = names[i].k;
            return 0;
        }
    return gt_fail(GT_EXIT_USAGE,
                   "unknown kind '%s' (cpu, gpu, location, provider, cloud, constant or "
                   "uncertainty)",
                   s);
}

/* ---- generic row output: table / csv / json ------------------------------- */

#define MAXCOL 10
/* when set, JSON rows of every section go into this one array */
static cJSON *json_shared;
/* when set, a JSON table of exactly one row prints that row's object (show) */
static int json_single;

struct table {
    enum gt_format fmt;
    int ncol;
    const char *cols[MAXCOL];
    int numeric[MAXCOL];
    int width[MAXCOL];
    cJSON *json;
    /* table mode buffers rows to size the columns */
    char ***rows;
    size_t nrows, cap;
};

static void t_begin(struct table *t, enum gt_format fmt, int ncol, const char *const *cols,
                    const int *numeric)
{
    memset(t, 0, sizeof *t);
    t->fmt = fmt;
    t->ncol = ncol;
    for (int i = 0; i < ncol; i++) {
        t->cols[i] = cols[i];
        t->numeric[i] = numeric[i];
        t->width[i] = (int)strlen(cols[i]);
    }
    if (fmt == GT_FMT_JSON)
        t->json = json_shared ? json_shared : cJSON_CreateArray();
    if (fmt == GT_FMT_CSV) {
        for (int i = 0; i < ncol; i++) {
            if (i)
                putchar(',');
            csv_fwrite(stdout, cols[i], strlen(cols[i]));
        }
        putchar('\n');
    }
}

static void t_row(struct table *t, char *const *cells)
{
    if (t->fmt == GT_FMT_CSV) {
        for (int i = 0; i < t->ncol; i++) {
            if (i)
                putchar(',');
            csv_fwrite(stdout, cells[i], strlen(cells[i]));
        }
        putchar('\n');
        return;
    }
    if (t->fmt == GT_FMT_JSON) {
        cJSON *o = cJSON_CreateObject();
        for (int i = 0; i < t->ncol; i++) {
            double v;
            if (t->numeric[i] && gt_num_parse(cells[i], strlen(cells[i]), &v) == 0)
                cJSON_AddNumberToObject(o, t->cols[i], v);
            else if (t->numeric[i])
                cJSON_AddNullToObject(o, t->cols[i]);
            else
                cJSON_AddStringToObject(o, t->cols[i], cells[i]);
        }
        cJSON_AddItemToArray(t->json, o);
        return;
    }
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 256;
        t->rows = realloc(t->rows, t->cap * sizeof *t->rows);
        if (!t->rows)
            abort();
    }
    char **r = malloc((size_t)t->ncol * sizeof *r);
    if (!r)
        abort();
    for (int i = 0; i < t->ncol; i++) {
        r[i] = strdup(cells[i]);
        if (!r[i])
            abort();
        int w = (int)strlen(cells[i]);
        if (w > t->width[i])
            t->width[i] = w;
    }
    t->rows[t->nrows++] = r;
}

static void t_end(struct table *t)
{
    if (t->fmt == GT_FMT_JSON) {
        if (t->json == json_shared)
            return;
        cJSON *what = t->json;
        if (json_single && cJSON_GetArraySize(t->json) == 1)
            what = cJSON_GetArrayItem(t->json, 0);
        char *s = cJSON_Print(what);
        if (s)
            puts(s);
        free(s);
        cJSON_Delete(t->json);
        return;
    }
    if (t->fmt != GT_FMT_TABLE)
        return;
    for (int i = 0; i < t->ncol; i++) {
        if (i == t->ncol - 1)
            printf("%s", t->cols[i]);
        else
            printf(t->numeric[i] ? "%*s  " : "%-*s  ", t->width[i], t->cols[i]);
    }
    putchar('\n');
    for (size_t r = 0; r < t->nrows; r++) {
        for (int i = 0; i < t->ncol; i++) {
            if (i == t->ncol - 1)
                printf("%s", t->rows[r][i]);
            else
                printf(t->numeric[i] ? "%*s  " : "%-*s  ", t->width[i], t->rows[r][i]);
            free(t->rows[r][i]);
        }
        putchar('\n');
        free(t->rows[r]);
    }
    free(t->rows);
}

static char *num(double v, char *buf)
{
    if (isnan(v)) {
        buf[0] = '\0';
        return buf;
    }
    return gt_num_fmt(v, buf, 32);
}

static char *inum(int v, char *buf)
{
    if (!v)
        buf[0] = '\0';
    else
        snprintf(buf, 32, "%d", v);
    return buf;
}

static char *origin_str(const struct gt_hw_origin *o, char *buf)
{
    snprintf(buf, 300, "%s:%ld", o->file, o->line);
    return buf;
}

static void out_cpus(const struct gt_hwdb *db, enum gt_format fmt, const size_t *idx, size_t n)
{
    static const char *const cols[] = {"model", "kind",           "vendor", "cores",  "threads",
                                       "tdp_w", "tdp_per_core_w", "year",   "source", "row"};
    static const int numeric[] = {0, 0, 0, 1, 1, 1, 1, 1, 0, 0};
    int ncol = fmt == GT_FMT_TABLE ? 8 : 10;
    static const char *const tcols[] = {"model",   "kind",  "vendor",     "cores",
                                        "threads", "tdp_w", "w_per_core", "year"};
    struct table t;
    t_begin(&t, fmt, ncol, fmt == GT_FMT_TABLE ? tcols : cols, numeric);
    for (size_t k = 0; k < n; k++) {
        const struct gt_hw_cpu *c = &db->cpus.v[idx ? idx[k] : k];
        char b[6][32], o[300];
        char pc[32];
        if (fmt == GT_FMT_TABLE && !isnan(c->tdp_per_core_w))
            snprintf(pc, sizeof pc, "%.4g", c->tdp_per_core_w);
        else
            num(c->tdp_per_core_w, pc);
        char *cells[] = {c->model,
                         "cpu",
                         c->vendor,
                         num(c->cores, b[0]),
                         num(c->threads, b[1]),
                         num(c->tdp_w, b[2]),
                         pc,
                         inum(c->year, b[4]),
                         c->source,
                         origin_str(&c->origin, o)};
        t_row(&t, cells);
    }
    t_end(&t);
}

static void out_gpus(const struct gt_hwdb *db, enum gt_format fmt, const size_t *idx, size_t n)
{
    static const char *const cols[] = {"model",     "kind", "vendor", "variant", "tdp_w",
                                       "memory_gb", "year", "source", "row"};
    static const int numeric[] = {0, 0, 0, 0, 1, 1, 1, 0, 0};
    int ncol = fmt == GT_FMT_TABLE ? 7 : 9;
    struct table t;
    t_begin(&t, fmt, ncol, cols, numeric);
    for (size_t k = 0; k < n; k++) {
        const struct gt_hw_gpu *g = &db->gpus.v[idx ? idx[k] : k];
        char b[4][32], o[300];
        char *cells[] = {g->model,
                         "gpu",
                         g->vendor,
                         g->variant,
                         num(g->tdp_w, b[0]),
                         num(g->memory_gb, b[1]),
                         inum(g->year, b[2]),
                         g->source,
                         origin_str(&g->origin, o)};
        t_row(&t, cells);
    }
    t_end(&t);
}

static void out_locs(const struct gt_hwdb *db, enum gt_format fmt, const size_t *idx, size_t n)
{
    static const char *const cols[] = {"code", "kind",    "country", "region", "ci_g_per_kwh",
                                       "year", "dataset", "source",  "row"};
    static const int numeric[] = {0, 0, 0, 0, 1, 1, 0, 0, 0};
    static const char *const tcols[] = {"code",      "kind", "country", "region",
                                        "g_per_kwh", "year", "dataset"};
    int ncol = fmt == GT_FMT_TABLE ? 7 : 9;
    struct table t;
    t_begin(&t, fmt, ncol, fmt == GT_FMT_TABLE ? tcols : cols, numeric);
    for (size_t k = 0; k < n; k++) {
        const struct gt_hw_location *l = &db->locations.v[idx ? idx[k] : k];
        char b[3][32], o[300];
        char *cells[] = {l->code,
                         "location",
                         l->country,
                         l->region,
                         num(l->ci_g_per_kwh, b[0]),
                         inum(l->year, b[1]),
                         l->dataset,
                         l->source,
                         origin_str(&l->origin, o)};
        t_row(&t, cells);
    }
    t_end(&t);
}

static void out_provs(const struct gt_hwdb *db, enum gt_format fmt, const size_t *idx, size_t n)
{
    static const char *const cols[] = {"provider", "kind", "name", "pue", "year", "source", "row"};
    static const int numeric[] = {0, 0, 0, 1, 1, 0, 0};
    struct table t;
    t_begin(&t, fmt, fmt == GT_FMT_TABLE ? 6 : 7, cols, numeric);
    for (size_t k = 0; k < n; k++) {
        const struct gt_hw_provider *p = &db->providers.v[idx ? idx[k] : k];
        char b[2][32], o[300];
        char *cells[] = {p->provider,
                         "provider",
                         p->name,
                         num(p->pue, b[0]),
                         inum(p->year, b[1]),
                         p->source,
                         origin_str(&p->origin, o)};
        t_row(&t, cells);
    }
    t_end(&t);
}

static void out_clouds(const struct gt_hwdb *db, enum gt_format fmt, const size_t *idx, size_t n)
{
    static const char *const cols[] = {"provider", "region", "kind",       "location",
                                       "pue",      "source", "pue_source", "row"};
    static const int numeric[] = {0, 0, 0, 0, 1, 0, 0, 0};
    struct table t;
    t_begin(&t, fmt, fmt == GT_FMT_TABLE ? 5 : 8, cols, numeric);
    for (size_t k = 0; k < n; k++) {
        const struct gt_hw_cloud *c = &db->clouds.v[idx ? idx[k] : k];
        char b[32], o[300];
        char *cells[] = {c->provider,    c->region, "cloud",       c->location,
                         num(c->pue, b), c->source, c->pue_source, origin_str(&c->origin, o)};
        t_row(&t, cells);
    }
    t_end(&t);
}

static void out_consts(const struct gt_hwdb *db, enum gt_format fmt, const size_t *idx, size_t n)
{
    static const char *const cols[] = {"name", "kind", "value", "unit", "source", "row"};
    static const int numeric[] = {0, 0, 1, 0, 0, 0};
    struct table t;
    t_begin(&t, fmt, fmt == GT_FMT_TABLE ? 4 : 6, cols, numeric);
    for (size_t k = 0; k < n; k++) {
        const struct gt_hw_constant *c = &db->constants.v[idx ? idx[k] : k];
        char b[32], o[300];
        char *cells[] = {c->name, "constant", num(c->value, b),
                         c->unit, c->source,  origin_str(&c->origin, o)};
        t_row(&t, cells);
    }
    t_end(&t);
}

static void out_unc(const struct gt_hwdb *db, enum gt_format fmt, const size_t *idx, size_t n)
{
    static const char *const cols[] = {"name",       "kind",   "low", "high",
                                       "applies_to", "source", "row"};
    static const int numeric[] = {0, 0, 1, 1, 0, 0, 0};
    struct table t;
    /* the table leaves out the long sources, except for one row (show) */
    t_begin(&t, fmt, fmt != GT_FMT_TABLE ? 7 : idx && n == 1 ? 6 : 5, cols, numeric);
    for (size_t k = 0; k < n; k++) {
        const struct gt_hw_uncertainty *u = &db->uncertainty.v[idx ? idx[k] : k];
        char b1[32], b2[32], o[300];
        char *cells[] = {u->name,    "uncertainty", num(u->low, b1),          num(u->high, b2),
                         u->applies, u->source,     origin_str(&u->origin, o)};
        t_row(&t, cells);
    }
    t_end(&t);
}

/* ---- subcommands ---------------------------------------------------------- */

static int do_list(const struct gt_hwdb *db, enum kind k, enum gt_format fmt)
{
    switch (k) {
    case K_ALL:
        printf("hwdb %s: %zu cpus, %zu gpus, %zu locations, %zu providers, %zu cloud regions, "
               "%zu constants, %zu uncertainties, %zu gpu peaks, %zu embodied\n",
               "tables", db->cpus.n, db->gpus.n, db->locations.n, db->providers.n, db->clouds.n,
               db->constants.n, db->uncertainty.n, db->peaks.n, db->embodied.n);
        printf("list one with: greentally hwdb list "
               "cpu|gpu|location|provider|cloud|constant|uncertainty\n");
        return 0;
    case K_CPU:
        out_cpus(db, fmt, NULL, db->cpus.n);
        break;
    case K_GPU:
        out_gpus(db, fmt, NULL, db->gpus.n);
        break;
    case K_LOC:
        out_locs(db, fmt, NULL, db->locations.n);
        break;
    case K_PROV:
        out_provs(db, fmt, NULL, db->providers.n);
        break;
    case K_CLOUD:
        out_clouds(db, fmt, NULL, db->clouds.n);
        break;
    case K_CONST:
        out_consts(db, fmt, NULL, db->constants.n);
        break;
    case K_UNC:
        out_unc(db, fmt, NULL, db->uncertainty.n);
        break;
    }
    return 0;
}

static int contains_ci(const char *hay, const char *needle)
{
    size_t n = strlen(needle);
    if (!n)
        return 0;
    for (const char *p = hay; *p; p++)
        if (!strncasecmp(p, needle, n))
            return 1;
    return 0;
}

/* a row matches a search when every normalised token of the text occurs in
 * its normalised name (or the raw text occurs in it) */
static int name_matches(const char *name, const char *aliases, const char *text, const char *ntext)
{
    if (contains_ci(name, text) || (aliases && contains_ci(aliases, text)))
        return 1;
    char nn[512];
    gt_hwdb_normalize(name, nn, sizeof nn);
    if (!*ntext)
        return 0;
    /* every space-separated token of ntext must occur in nn */
    for (const char *p = ntext; *p;) {
        size_t l = strcspn(p, " ");
        char tok[128];
        snprintf(tok, sizeof tok, "%.*s", (int)(l < sizeof tok ? l : sizeof tok - 1), p);
        if (!contains_ci(nn, tok))
            return 0;
        p += l;
        p += *p == ' ';
    }
    return 1;
}

static size_t *alloc_idx(size_t n)
{
    size_t *p = malloc((n ? n : 1) * sizeof *p);
    if (!p)
        abort();
    return p;
}

/* rows of one kind matching a search; idx (may be NULL) receives indexes */
static size_t match_rows(const struct gt_hwdb *db, enum kind k, const char *text, size_t *idx)
{
    char ntext[512];
    gt_hwdb_normalize(text, ntext, sizeof ntext);
    size_t n = 0;
#define HIT(i) (idx ? (void)(idx[n] = (i)) : (void)0, n++)
    switch (k) {
    case K_CPU:
        for (size_t i = 0; i < db->cpus.n; i++)
            if (name_matches(db->cpus.v[i].model, db->cpus.v[i].aliases, text, ntext))
                HIT(i);
        break;
    case K_GPU:
        for (size_t i = 0; i < db->gpus.n; i++)
            if (name_matches(db->gpus.v[i].model, db->gpus.v[i].aliases, text, ntext))
                HIT(i);
        break;
    case K_LOC:
        for (size_t i = 0; i < db->locations.n; i++) {
            const struct gt_hw_location *l = &db->locations.v[i];
            if (!strcasecmp(l->code, text) || contains_ci(l->country, text) ||
                contains_ci(l->region, text))
                HIT(i);
        }
        break;
    case K_PROV:
        for (size_t i = 0; i < db->providers.n; i++)
            if (contains_ci(db->providers.v[i].provider, text) ||
                contains_ci(db->providers.v[i].name, text))
                HIT(i);
        break;
    case K_CLOUD:
        for (size_t i = 0; i < db->clouds.n; i++)
            if (contains_ci(db->clouds.v[i].region, text) ||
                !strcasecmp(db->clouds.v[i].provider, text))
                HIT(i);
        break;
    case K_CONST:
        for (size_t i = 0; i < db->constants.n; i++)
            if (contains_ci(db->constants.v[i].name, text))
                HIT(i);
        break;
    case K_UNC:
        for (size_t i = 0; i < db->uncertainty.n; i++)
            if (contains_ci(db->uncertainty.v[i].name, text) ||
                contains_ci(db->uncertainty.v[i].applies, text))
                HIT(i);
        break;
    case K_ALL:
        break;
    }
#undef HIT
    return n;
}

static size_t kind_rows(const struct gt_hwdb *db, enum kind k)
{
    switch (k) {
    case K_CPU:
        return db->cpus.n;
    case K_GPU:
        return db->gpus.n;
    case K_LOC:
        return db->locations.n;
    case K_PROV:
        return db->providers.n;
    case K_CLOUD:
        return db->clouds.n;
    case K_CONST:
        return db->constants.n;
    case K_UNC:
        return db->uncertainty.n;
    case K_ALL:
        break;
    }
    return 0;
}

static int do_search(const struct gt_hwdb *db, enum kind k, const char *text, enum gt_format fmt)
{
    int kinds = 0;
    size_t total = 0;
    for (int kk = K_CPU; kk <= K_UNC; kk++)
        if (k == K_ALL || k == (enum kind)kk) {
            size_t n = match_rows(db, (enum kind)kk, text, NULL);
            kinds += n > 0;
            total += n;
        }
    if (!total)
        return gt_fail(GT_EXIT_DATA, "nothing in the hwdb matches '%s'", text);
    if (fmt == GT_FMT_CSV && kinds > 1)
        return gt_fail(GT_EXIT_USAGE,
                       "'%s' matches several kinds of row; add --kind for CSV output", text);
    if (fmt == GT_FMT_JSON)
        json_shared = cJSON_CreateArray();
    int sections = 0;
    for (int kk = K_CPU; kk <= K_UNC; kk++) {
        if (k != K_ALL && k != (enum kind)kk)
            continue;
        size_t *idx = alloc_idx(kind_rows(db, (enum kind)kk));
        size_t n = match_rows(db, (enum kind)kk, text, idx);
        if (n) {
            if (sections++ && fmt == GT_FMT_TABLE)
                putchar('\n');
            switch ((enum kind)kk) {
            case K_CPU:
                out_cpus(db, fmt, idx, n);
                break;
            case K_GPU:
                out_gpus(db, fmt, idx, n);
                break;
            case K_LOC:
                out_locs(db, fmt, idx, n);
                break;
            case K_PROV:
                out_provs(db, fmt, idx, n);
                break;
            case K_CLOUD:
                out_clouds(db, fmt, idx, n);
                break;
            case K_CONST:
                out_consts(db, fmt, idx, n);
                break;
            case K_UNC:
                out_unc(db, fmt, idx, n);
                break;
            case K_ALL:
                break;
            }
        }
        free(idx);
    }
    if (json_shared) {
        char *out = cJSON_Print(json_shared);
        if (out)
            puts(out);
        free(out);
        cJSON_Delete(json_shared);
        json_shared = NULL;
    }
    return 0;
}

static void show_field(const char *k, const char *v)
{
    if (v && *v)
        printf("%-16s %s\n", k, v);
}

static int do_show(const struct gt_hwdb *db, enum kind k, const char *name, enum gt_format fmt)
{
    struct gt_hw_match mc = {0}, mg = {0};
    struct gt_error ec = {0}, eg = {0}, el = {0};
    enum gt_status sc = GT_E_NOTFOUND, sg = GT_E_NOTFOUND, sl = GT_E_NOTFOUND;
    size_t li = 0;
    if (k == K_ALL || k == K_CPU)
        sc = gt_hwdb_find_cpu(db, name, &mc, &ec);
    if (k == K_ALL || k == K_GPU)
        sg = gt_hwdb_find_gpu(db, name, &mg, &eg);
    if (k == K_ALL || k == K_LOC)
        sl = gt_hwdb_find_location(db, name, NULL, &li, &el);
    size_t pi;
    struct gt_error ep = {0};
    if (k == K_PROV || k == K_ALL) {
        enum gt_status sp = gt_hwdb_find_provider(db, name, &pi, &ep);
        if (sp == GT_OK) {
            out_provs(db, fmt, &pi, 1);
            return 0;
        }
        if (k == K_PROV)
            return gt_fail_err(&ep);
    }
    if (k == K_UNC) {
        for (size_t i = 0; i < db->uncertainty.n; i++)
            if (!strcmp(db->uncertainty.v[i].name, name)) {
                out_unc(db, fmt, &i, 1);
                return 0;
            }
        return gt_fail(GT_EXIT_DATA,
                       "no uncertainty '%s' in the hwdb (see 'greentally hwdb list uncertainty')",
                       name);
    }
    if (k == K_CLOUD || k == K_CONST) {
        size_t *idx = alloc_idx(k == K_CLOUD ? db->clouds.n : db->constants.n), n = 0;
        if (k == K_CLOUD) {
            for (size_t i = 0; i < db->clouds.n; i++)
                if (!strcasecmp(db->clouds.v[i].region, name))
                    idx[n++] = i;
            if (n)
                out_clouds(db, fmt, idx, n);
        } else {
            for (size_t i = 0; i < db->constants.n; i++)
                if (!strcmp(db->constants.v[i].name, name))
                    idx[n++] = i;
            if (n)
                out_consts(db, fmt, idx, n);
        }
        free(idx);
        if (!n)
            return gt_fail(GT_EXIT_DATA, "no %s '%s' in the hwdb (see 'greentally hwdb list %s')",
                           k == K_CLOUD ? "cloud region" : "constant", name,
                           k == K_CLOUD ? "cloud" : "constant");
        return 0;
    }
    int hits = (sc == GT_OK) + (sg == GT_OK) + (sl == GT_OK);
    if (hits > 1)
        return gt_fail(GT_EXIT_DATA,
                       "'%s' names more than one kind of row; add --kind cpu, gpu or location",
                       name);
    char b[80], o[300];
    if (sc == GT_OK) {
        const struct gt_hw_cpu *c = &db->cpus.v[mc.index];
        if (fmt != GT_FMT_TABLE) {
            out_cpus(db, fmt, &mc.index, 1);
            return 0;
        }
        show_field("kind", "cpu");
        show_field("model", c->model);
        show_field("vendor", c->vendor);
        show_field("cores", num(c->cores, b));
        show_field("threads", num(c->threads, b));
        show_field("tdp_w", num(c->tdp_w, b));
        if (!isnan(c->tdp_per_core_w)) {
            snprintf(b, sizeof b, "%.6g%s", c->tdp_per_core_w,
                     c->tdp_per_core_given ? " (as Green Algorithms rounds it)" : "");
            show_field("tdp_per_core_w", b);
        }
        show_field("year", inum(c->year, b));
        show_field("aliases", c->aliases);
        show_field("source", c->source);
        show_field("row", origin_str(&c->origin, o));
        return 0;
    }
    if (sg == GT_OK) {
        const struct gt_hw_gpu *g = &db->gpus.v[mg.index];
        if (fmt != GT_FMT_TABLE) {
            out_gpus(db, fmt, &mg.index, 1);
            return 0;
        }
        show_field("kind", "gpu");
        show_field("model", g->model);
        show_field("vendor", g->vendor);
        show_field("family", g->family);
        show_field("variant", g->variant);
        show_field("tdp_w", num(g->tdp_w, b));
        show_field("memory_gb", num(g->memory_gb, b));
        show_field("year", inum(g->year, b));
        show_field("aliases", g->aliases);
        show_field("source", g->source);
        show_field("row", origin_str(&g->origin, o));
        /* what estimate --flops and --embodied use for it */
        const struct gt_hw_peak *pk = gt_hwdb_find_peak(db, g);
        if (pk) {
            char peaks[160] = "";
            for (int i = 0; i < GT_PREC_N; i++) {
                size_t n = strlen(peaks);
                if (!isnan(pk->tflops[i]))
                    snprintf(peaks + n, sizeof peaks - n, "%s%s %s", n ? ", " : "",
                             gt_precision_name((enum gt_precision)i), num(pk->tflops[i], b));
            }
            show_field("peak_tflops", peaks);
            show_field("peak_source", pk->source);
            show_field("peak_row", origin_str(&pk->origin, o));
        }
        int def = 1;
        const struct gt_hw_embodied *em = gt_hwdb_find_embodied(db, "gpu", g->family, &def);
        if (em) {
            char what[64];
            snprintf(what, sizeof what, "%s%s", num(em->kgco2e, b), def ? " (class default)" : "");
            show_field("embodied_kg", what);
            show_field("embodied_source", em->source);
        }
        return 0;
    }
    if (sl == GT_OK) {
        /* every dataset's row for that code */
        const char *code = db->locations.v[li].code;
        size_t *idx = alloc_idx(db->locations.n), n = 0;
        for (size_t i = 0; i < db->locations.n; i++)
            if (!strcasecmp(db->locations.v[i].code, code))
                idx[n++] = i;
        if (fmt != GT_FMT_TABLE) {
            out_locs(db, fmt, idx, n);
            free(idx);
            return 0;
        }
        for (size_t k2 = 0; k2 < n; k2++) {
            const struct gt_hw_location *l = &db->locations.v[idx[k2]];
            if (k2)
                putchar('\n');
            show_field("kind", "location");
            show_field("code", l->code);
            show_field("country", l->country);
            show_field("region", l->region);
            show_field("type", l->type);
            show_field("ci_g_per_kwh", num(l->ci_g_per_kwh, b));
            show_field("year", inum(l->year, b));
            show_field("dataset", l->dataset);
            show_field("source", l->source);
            show_field("row", origin_str(&l->origin, o));
        }
        free(idx);
        return 0;
    }
    /* nothing: report the most useful error */
    if (sc == GT_E_AMBIGUOUS)
        return gt_fail_err(&ec);
    if (sg == GT_E_AMBIGUOUS)
        return gt_fail_err(&eg);
    if (k == K_CPU)
        return gt_fail_err(&ec);
    if (k == K_GPU)
        return gt_fail_err(&eg);
    if (k == K_LOC)
        return gt_fail_err(&el);
    gt_fail(GT_EXIT_DATA, "'%s' is not in the hwdb", name);
    if (mc.ncand)
        fprintf(stderr, "  %s\n", ec.msg);
    if (mg.ncand)
        fprintf(stderr, "  %s\n", eg.msg);
    return GT_EXIT_DATA;
}

static void report_problem(void *ctx, const struct gt_hw_origin *o, const char *msg)
{
    (void)ctx;
    if (o->line)
        fprintf(stdout, "%s:%ld: %s\n", o->file, o->line, msg);
    else
        fprintf(stdout, "%s: %s\n", o->file, msg);
}

static int do_check(const struct gt_hwdb *db)
{
    size_t n = gt_hwdb_check(db, report_problem, NULL);
    char v[64];
    gt_hwdb_version(db, v, sizeof v);
    printf("%s: %zu cpus, %zu gpus, %zu locations, %zu iso codes, %zu providers, %zu cloud "
           "regions, %zu constants, %zu uncertainties, %zu gpu peaks, %zu embodied, %zu peer "
           "intensities: %zu problem%s\n",
           v, db->cpus.n, db->gpus.n, db->locations.n, db->iso.n, db->providers.n, db->clouds.n,
           db->constants.n, db->uncertainty.n, db->peaks.n, db->embodied.n, db->peer_ci.n, n,
           n == 1 ? "" : "s");
    return n ? GT_EXIT_DATA : GT_EXIT_OK;
}

static int run(struct gt_args *a)
{
    if (a->npos == 0)
        return gt_fail(GT_EXIT_USAGE, "hwdb needs a subcommand: list, search, show or check");
    const char *sub = a->pos[0];
    enum gt_format fmt;
    if (gt_opt_format(a, &fmt))
        return GT_EXIT_USAGE;
    enum kind k = K_ALL;
    if (gt_arg(a, "kind") && parse_kind(gt_arg(a, "kind"), &k))
        return GT_EXIT_USAGE;
    int rc;
    if (!strcmp(sub, "list")) {
        if (a->npos > 2)
            return gt_fail(
                GT_EXIT_USAGE,
                "usage: greentally hwdb list [cpu|gpu|location|provider|cloud|constant]");
        if (a->npos == 2 && parse_kind(a->pos[1], &k))
            return GT_EXIT_USAGE;
    } else if (!strcmp(sub, "search") || !strcmp(sub, "show")) {
        if (a->npos != 2)
            return gt_fail(GT_EXIT_USAGE, "usage: greentally hwdb %s [--kind KIND] TEXT", sub);
    } else if (!strcmp(sub, "check")) {
        if (a->npos != 1)
            return gt_fail(GT_EXIT_USAGE, "usage: greentally hwdb check [--hwdb-file FILE]");
    } else {
        return gt_fail(GT_EXIT_USAGE, "unknown hwdb subcommand '%s' (list, search, show or check)",
                       sub);
    }
    struct gt_hwdb db;
    struct gt_error err = {0};
    if (gt_load_hwdb(&db, a, &err) != GT_OK) {
        gt_hwdb_release(&db);
        return gt_fail_err(&err);
    }
    if (!strcmp(sub, "list"))
        rc = do_list(&db, k, fmt);
    else if (!strcmp(sub, "search"))
        rc = do_search(&db, k, a->pos[1], fmt);
    else if (!strcmp(sub, "show")) {
        json_single = 1;
        rc = do_show(&db, k, a->pos[1], fmt);
    } else
        rc = do_check(&db);
    gt_hwdb_release(&db);
    if (fflush(stdout) != 0)
        return gt_fail(GT_EXIT_DATA, "cannot write to standard output");
    return rc;
}

const struct cmd_entry gt_cmd_hwdb = {
    "hwdb",
    "list [KIND] | search TEXT | show NAME | check  [options]",
    "Browse and validate the hardware and grid database: CPUs and GPUs with TDP, locations with "
    "carbon intensity, providers' PUE, cloud regions, reference constants. Every row has a source.",
    "KIND is cpu, gpu, location, provider, cloud or constant. 'show' finds a row the way "
    "'estimate' does (model strings as tools log them) and prints it with its source; 'check' "
    "validates the tables (duplicates, missing sources, impossible values) and exits 2 when it "
    "finds a problem. --hwdb-file adds or overrides rows: greentally's own tables, CodeCarbon's "
    "cpu_power.csv (Name,TDP) or Green Algorithms' TDP_cpu.csv/TDP_gpu.csv.\n"
    "The provider rows 'personal' and 'unknown' are the PUEs of --platform personal and local "
    "(estimate takes them as --provider too).\n"
    "Exit status: 0 ok, 1 usage error, 2 data error (no row matching search or show, an "
    "unreadable or malformed --hwdb-file, a problem found by check).",
    options,
    run,
};
