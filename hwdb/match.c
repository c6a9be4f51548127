#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gt_hwdb.h"
#include "gt_text.h"
#include "hwdb_internal.h"

#define MAXTOK 24

/* words that say nothing about which part it is */
static const char *const stopwords[] = {
    "intel",      "amd",      "nvidia",   "tesla", "geforce",  "cpu",         "processor",
    "processors", "gpu",      "graphics", "with",  "radeon",   "design",      "vega",
    "apple",      "qualcomm", "ampere",   "aws",   "broadcom", "corporation", "inc",
    "x86_64",     "family",   "model",    "soc",
};

static int is_stop(const char *t)
{
    for (size_t i = 0; i < sizeof stopwords / sizeof stopwords[0]; i++)
        if (!strcmp(t, stopwords[i]))
            return 1;
    return 0;
}

/* Splits a lower-cased, cleaned name into tokens in tok[]. */
static int tokenize(char *s, char *tok[MAXTOK])
{
    int n = 0;
    char *p = s;
    while (*p && n < MAXTOK) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        char *start = p;
        while (*p && *p != ' ')
            p++;
        if (*p)
            *p++ = '\0';
        tok[n++] = start;
    }
    return n;
}

static int all_digits(const char *s)
{
    if (!*s)
        return 0;
    for (; *s; s++)
        if (!isdigit((unsigned char)*s))
            return 0;
    return 1;
}

/* "8x": a device count glued to its x (only in front of a name) */
static int tl_count_x(const char *t)
{
    size_t l = strlen(t);
    if (l < 2 || l > 4 || t[l - 1] != 'x')
        return 0;
    for (size_t k = 0; k + 1 < l; k++)
        if (!isdigit((unsigned char)t[k]))
            return 0;
    return 1;
}

void gt_hwdb_normalize(const char *in, char *out, size_t size)
{
    char buf[512];
    size_t n = 0;
    /* lower-case; map separators to spaces; drop (r) (tm) and non-ASCII marks */
    for (size_t i = 0; in[i] && n + 1 < sizeof buf; i++) {
        unsigned char c = (unsigned char)in[i];
        if (c == '(' && (!strncasecmp(in + i, "(r)", 3) || !strncasecmp(in + i, "(tm)", 4))) {
            i += in[i + 2] == ')' ? 2 : 3;
            buf[n++] = ' ';
            continue;
        }
        if (c == '@')
            break; /* "@ 2.50GHz" */
        if (c >= 0x80) {
            buf[n++] = ' ';
            continue;
        }
        if (c == '-' || c == '_' || c == '/' || c == '(' || c == ')' || c == ',' || c == '\t' ||
            c == '"' || c == '\'' || c == ';' || c == ':')
            c = ' ';
        buf[n++] = (char)tolower(c);
    }
    buf[n] = '\0';

    char *tok[MAXTOK];
    int nt = tokenize(buf, tok);
    char res[512];
    size_t rn = 0;
    res[0] = '\0';
    int skip_next = 0;
    for (int i = 0; i < nt; i++) {
        const char *t = tok[i];
        if (skip_next) {
            skip_next = 0;
            continue;
        }
        /* leading "N x" / "Nx" device count */
        if (i == 0 && all_digits(t) && i + 1 < nt && !strcmp(tok[1], "x")) {
            skip_next = 1;
            continue;
        }
        if (i == 0 && i + 1 < nt && tl_count_x(t))
            continue;
        /* "64 core" (from "64-Core Processor"), "12th gen" */
        if (all_digits(t) && i + 1 < nt &&
            (!strcmp(tok[i + 1], "core") || !strcmp(tok[i + 1], "cores"))) {
            skip_next = 1;
            continue;
        }
        size_t tl = strlen(t);
        if (tl > 2 && isdigit((unsigned char)t[0]) &&
            (!strcmp(t + tl - 2, "th") || !strcmp(t + tl - 2, "nd") || !strcmp(t + tl - 2, "rd") ||
             !strcmp(t + tl - 2, "st")) &&
            i + 1 < nt && !strcmp(tok[i + 1], "gen")) {
            skip_next = 1;
            continue;
        }
        /* "with Radeon Graphics", "with Radeon Vega Mobile Gfx", "w/ Radeon
         * 780M Graphics": an AMD CPU's integrated graphics, not its name */
        if ((!strcmp(t, "with") || !strcmp(t, "w")) && i + 1 < nt && !strcmp(tok[i + 1], "radeon"))
            break;
        if (is_stop(t))
            continue;
        if (!strcmp(t, "pci") && i + 1 < nt && !strcmp(tok[i + 1], "e")) {
            t = "pcie";
            skip_next = 1;
        }
        if (!strcmp(t, "max") && i + 1 < nt && !strcmp(tok[i + 1], "q")) {
            t = "maxq";
            skip_next = 1;
        }
        char joined[80];
        /* "32 gb" -> "32gb" */
        if (tl < 40 && all_digits(t) && i + 1 < nt &&
            (!strcmp(tok[i + 1], "gb") || !strcmp(tok[i + 1], "g"))) {
            snprintf(joined, sizeof joined, "%.40sgb", t);
            t = joined;
            skip_next = 1;
        }
        /* "32g" -> "32gb" */
        if (tl > 1 && tl < 40 && t[tl - 1] == 'g' && t != joined) {
            int digits = 1;
            for (size_t k = 0; k + 1 < tl; k++)
                if (!isdigit((unsigned char)t[k]))
                    digits = 0;
            if (digits) {
                snprintf(joined, sizeof joined, "%.40sb", t);
                t = joined;
            }
        }
        size_t l = strlen(t);
        if (rn + l + 2 >= sizeof res)
            break;
        if (rn)
            res[rn++] = ' ';
        memcpy(res + rn, t, l);
        rn += l;
        res[rn] = '\0';
    }
    size_t l = strlen(res);
    if (size == 0)
        return;
    if (l >= size)
        l = size - 1;
    memcpy(out, res, l);
    out[l] = '\0';
}

void gt_hwdb_key(const char *name, char *out, size_t size)
{
    char norm[512];
    gt_hwdb_normalize(name, norm, sizeof norm);
    char *tok[MAXTOK];
    int nt = tokenize(norm, tok);
    /* insertion sort: names have a handful of tokens */
    for (int i = 1; i < nt; i++) {
        char *t = tok[i];
        int j = i - 1;
        while (j >= 0 && strcmp(tok[j], t) > 0) {
            tok[j + 1] = tok[j];
            j--;
        }
        tok[j + 1] = t;
    }
    size_t n = 0;
    out[0] = '\0';
    for (int i = 0; i < nt; i++) {
        if (i && !strcmp(tok[i], tok[i - 1]))
            continue;
        size_t l = strlen(tok[i]);
        if (n + l + 2 > size)
            break;
        if (n)
            out[n++] = ' ';
        memcpy(out + n, tok[i], l);
        n += l;
        out[n] = '\0';
    }
}

int gt_hwdb_make_keys(const char *model, const char *aliases, char **key, char **alias_keys)
{
    char k[GT_KEY_MAX];
    gt_hwdb_key(model, k, sizeof k);
    *key = strdup(k);
    size_t cap = 1, n = 0;
    const char *p = aliases ? aliases : "";
    for (const char *q = p; *q; q++)
        cap += *q == '|';
    cap = cap * GT_KEY_MAX;
    *alias_keys = malloc(cap);
    if (!*key || !*alias_keys) {
        free(*key);
        free(*alias_keys);
        *key = *alias_keys = NULL;
        return -1;
    }
    (*alias_keys)[0] = '\0';
    while (*p) {
        const char *e = strchr(p, '|');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        char one[GT_KEY_MAX];
        snprintf(one, sizeof one, "%.*s", (int)l, p);
        gt_hwdb_key(one, k, sizeof k);
        n += (size_t)snprintf(*alias_keys + n, cap - n, "%s%s", n ? "|" : "", k);
        if (!e)
            break;
        p = e + 1;
    }
    return 0;
}

/* ---- token-set matching --------------------------------------------------- */

struct tokset {
    char buf[GT_KEY_MAX];
    char *t[MAXTOK];
    int n;
};

/* the first len bytes of key (cut to fit) as a token set; no snprintf: this
 * runs for every key of every row a lookup scans */
static void tokset_from_key(struct tokset *s, const char *key, size_t len)
{
    if (len > sizeof s->buf - 1)
        len = sizeof s->buf - 1;
    memcpy(s->buf, key, len);
    s->buf[len] = '\0';
    s->n = tokenize(s->buf, s->t);
}

static int tokset_has(const struct tokset *s, const char *t)
{
    for (int i = 0; i < s->n; i++) /* the first byte first: most tokens differ there */
        if (s->t[i][0] == t[0] && !strcmp(s->t[i], t))
            return 1;
    return 0;
}

/* count of a's tokens found in b */
static int tokset_common(const struct tokset *a, const struct tokset *b)
{
    int c = 0;
    for (int i = 0; i < a->n; i++)
        c += tokset_has(b, a->t[i]);
    return c;
}

/* a memory size such as "32gb": the only thing a query may add to a name */
static int is_noise(const char *t)
{
    size_t l = strlen(t);
    if (l < 3 || strcmp(t + l - 2, "gb"))
        return 0;
    for (size_t i = 0; i + 2 < l; i++)
        if (!isdigit((unsigned char)t[i]))
            return 0;
    return 1;
}

/* similarity for suggestions: shared tokens, then near-identical tokens */
static double similarity(const struct tokset *q, const struct tokset *r)
{
    double s = 0;
    for (int i = 0; i < q->n; i++) {
        double best = 0;
        for (int j = 0; j < r->n; j++) {
            if (!strcmp(q->t[i], r->t[j])) {
                best = 1;
                break;
            }
            size_t la = strlen(q->t[i]), lb = strlen(r->t[j]);
            size_t ml = la > lb ? la : lb;
            size_t ed = gt_edit_distance(q->t[i], strlen(q->t[i]), r->t[j], strlen(r->t[j]));
            double v = ml ? 1.0 - (double)ed / (double)ml : 0;
            if (v > 0.5 && v * 0.8 > best)
                best = v * 0.8;
        }
        s += best;
    }
    int u = q->n + r->n;
    return u ? 2.0 * s / u : 0;
}

/* Splits a model-number token such as "h200", "mi300x", "m2", "i7" into its
 * letter prefix and its digit run; 0 when it has no digits. */
static int model_number(const char *t, size_t *prefix, size_t *digits)
{
    size_t p = 0;
    while (t[p] && isalpha((unsigned char)t[p]))
        p++;
    size_t d = 0;
    while (isdigit((unsigned char)t[p + d]))
        d++;
    *prefix = p;
    *digits = d;
    return d > 0;
}

/* Suggestions never cross families: every model number of the query
 * ("h20", "m2", "3090", "9999") needs one in the row with the same letters
 * and as many digits ("h200" is another family than "h20", "sxm2" than
 * "m2"; "5115" is a sibling of "9999"). Memory sizes do not count. */
static int same_family(const struct tokset *q, const struct tokset *r)
{
    for (int i = 0; i < q->n; i++) {
        size_t qp, qd;
        if (is_noise(q->t[i]) || !model_number(q->t[i], &qp, &qd))
            continue;
        int found = 0;
        for (int j = 0; j < r->n && !found; j++) {
            size_t rp, rd;
            if (model_number(r->t[j], &rp, &rd) && rp == qp && rd == qd &&
                !strncmp(q->t[i], r->t[j], qp))
                found = 1;
        }
        if (!found)
            return 0;
    }
    return 1;
}

/* what matching needs of a CPU or GPU row */
struct row_view {
    const char *model;      /* for messages */
    const char *key;        /* match key of the model */
    const char *alias_keys; /* match keys of the aliases, '|'-separated */
    int builtin;
};

typedef void (*view_fn)(const void *rows, size_t i, struct row_view *v);

static void cpu_view(const void *rows, size_t i, struct row_view *v)
{
    const struct gt_hw_cpu *c = (const struct gt_hw_cpu *)rows + i;
    *v = (struct row_view){c->model, c->key, c->alias_keys, c->origin.builtin};
}

static void gpu_view(const void *rows, size_t i, struct row_view *v)
{
    const struct gt_hw_gpu *g = (const struct gt_hw_gpu *)rows + i;
    *v = (struct row_view){g->model, g->key, g->alias_keys, g->origin.builtin};
}

/* key k of a row (0 = the model's, 1.. = the aliases') as a token set;
 * returns 0 past the last key */
static int key_tokens(const struct row_view *v, int k, struct tokset *out)
{
    if (k == 0) {
        tokset_from_key(out, v->key, strlen(v->key));
        return 1;
    }
    const char *p = v->alias_keys;
    for (int a = 1; *p; a++) {
        const char *e = strchr(p, '|');
        size_t l = e ? (size_t)(e - p) : strlen(p);
        if (a == k) {
            tokset_from_key(out, p, l);
            return 1;
        }
        if (!e)
            break;
        p = e + 1;
    }
    return 0;
}

static void add_cand(struct gt_hw_match *m, size_t i)
{
    for (size_t k = 0; k < m->ncand; k++)
        if (m->cand[k] == i)
            return;
    if (m->ncand < GT_HWDB_MAX_CANDIDATES)
        m->cand[m->ncand++] = i;
}

static void list_cands(char *buf, size_t size, const void *rows, const struct gt_hw_match *m,
                       view_fn view)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t k = 0; k < m->ncand; k++) {
        struct row_view v;
        view(rows, m->cand[k], &v);
        int w = snprintf(buf + n, size - n, "%s'%s'", k ? ", " : "", v.model);
        if (w < 0 || (size_t)w >= size - n)
            break;
        n += (size_t)w;
    }
}

/* The rows whose model key or an alias key is qkey, as find() counts exact
 * matches (the first GT_HWDB_MAX_CANDIDATES in exact[], their count capped
 * there): keys are sorted, de-duplicated tokens joined by single spaces, so
 * two keys hold the same tokens when they are the same string. Comparing
 * strings skips tokenising every key. Returns -1 when that cannot be relied
 * on (a key long enough to have been cut into a token set), else the count. */
static int exact_keys(const void *rows, size_t nrows, view_fn view, const char *qkey,
                      size_t exact[GT_HWDB_MAX_CANDIDATES])
{
    size_t ql = strlen(qkey);
    int n = 0;
    struct row_view v;
    for (size_t i = 0; i < nrows; i++) {
        view(rows, i, &v);
        size_t kl = strlen(v.key);
        int hit = kl == ql && !memcmp(v.key, qkey, ql);
        if (kl >= GT_KEY_MAX - 1)
            return -1;
        for (const char *p = v.alias_keys; *p;) {
            const char *e = strchr(p, '|');
            size_t l = e ? (size_t)(e - p) : strlen(p);
            if (l >= GT_KEY_MAX - 1)
                return -1;
            hit |= l == ql && !memcmp(p, qkey, ql);
            if (!e)
                break;
            p = e + 1;
        }
        if (hit && n < GT_HWDB_MAX_CANDIDATES)
            exact[n++] = i;
    }
    return n;
}

/* fast: first look for exact matches by comparing keys (exact_keys); an
 * exact match settles the search the same way the token sets would */
static enum gt_status find(const void *rows, size_t nrows, view_fn view, const char *what,
                           const char *name, int fast, struct gt_hw_match *m, struct gt_error *err)
{
    memset(m, 0, sizeof *m);
    char qkey[GT_KEY_MAX];
    gt_hwdb_key(name, qkey, sizeof qkey);
    struct tokset q;
    tokset_from_key(&q, qkey, strlen(qkey));
    if (q.n == 0)
        return gt_error_set(err, GT_E_NOTFOUND, "empty %s name '%s'", what, name);

    size_t exact[GT_HWDB_MAX_CANDIDATES], nexact = 0;
    int nfast = fast && q.n < MAXTOK ? exact_keys(rows, nrows, view, qkey, exact) : -1;
    if (nfast > 0) {
        struct row_view last;
        view(rows, exact[nfast - 1], &last);
        if (nfast == 1 || !last.builtin) {
            m->index = exact[nfast - 1];
            m->how = 0;
            return GT_OK;
        }
    }

    size_t best_sub = 0, nbest_sub = 0;
    int best_sub_n = -1;
    size_t qsub[GT_HWDB_MAX_CANDIDATES + 1], nqsub = 0;
    struct row_view v;
    struct tokset r;
    for (size_t i = 0; i < nrows; i++) {
        int hit_exact = 0, hit_sub = -1, hit_qsub = 0;
        view(rows, i, &v);
        for (int k = 0; key_tokens(&v, k, &r); k++) {
            if (r.n == 0)
                continue;
            int common = tokset_common(&r, &q);
            if (common == r.n && r.n == q.n) {
                hit_exact = 1;
            } else if (common == r.n) {
                /* row name inside the query: only memory sizes may be extra */
                int ok = 1;
                for (int t = 0; t < q.n; t++)
                    if (!tokset_has(&r, q.t[t]) && !is_noise(q.t[t]))
                        ok = 0;
                if (ok && r.n > hit_sub)
                    hit_sub = r.n;
            } else if (common == q.n) {
                hit_qsub = 1;
            }
        }
        if (hit_exact) {
            if (nexact < GT_HWDB_MAX_CANDIDATES)
                exact[nexact++] = i;
        } else if (hit_sub >= 0) {
            if (hit_sub > best_sub_n) {
                best_sub_n = hit_sub;
                best_sub = i;
                nbest_sub = 1;
            } else if (hit_sub == best_sub_n) {
                nbest_sub++;
            }
        } else if (hit_qsub) {
            if (nqsub <= GT_HWDB_MAX_CANDIDATES)
                qsub[nqsub++] = i;
        }
    }

    if (nexact > 1)
        view(rows, exact[nexact - 1], &v);
    if (nexact == 1 || (nexact > 1 && !v.builtin)) {
        /* one exact match, or a user row that overrides an embedded alias */
        m->index = exact[nexact - 1];
        m->how = 0;
        return GT_OK;
    }
    if (nexact > 1) {
        for (size_t k = 0; k < nexact; k++)
            add_cand(m, exact[k]);
    } else if (nbest_sub == 1) {
        m->index = best_sub;
        m->how = 1;
        return GT_OK;
    } else if (nqsub == 1) {
        m->index = qsub[0];
        m->how = 2;
        return GT_OK;
    } else if (nqsub > 1) {
        for (size_t k = 0; k < nqsub; k++)
            add_cand(m, qsub[k]);
    }
    char list[600];
    if (m->ncand) {
        list_cands(list, sizeof list, rows, m, view);
        return gt_error_set(err, GT_E_AMBIGUOUS,
                            "ambiguous %s '%s': it matches %s%s; be more specific", what, name,
                            list, nqsub > GT_HWDB_MAX_CANDIDATES ? " and more" : "");
    }
    /* suggestions: best similarity */
    double sc[GT_HWDB_MAX_CANDIDATES] = {0};
    for (size_t i = 0; i < nrows; i++) {
        double best = 0;
        view(rows, i, &v);
        for (int k = 0; key_tokens(&v, k, &r); k++) {
            if (!same_family(&q, &r))
                continue;
            double sim = similarity(&q, &r);
            if (sim > best)
                best = sim;
        }
        if (best < 0.3)
            continue;
        /* insertion into the top list (stable: earlier rows win ties) */
        size_t pos = m->ncand;
        while (pos > 0 && sc[pos - 1] < best)
            pos--;
        if (pos >= GT_HWDB_MAX_CANDIDATES)
            continue;
        size_t last = m->ncand < GT_HWDB_MAX_CANDIDATES ? m->ncand : GT_HWDB_MAX_CANDIDATES - 1;
        for (size_t k = last; k > pos; k--) {
            m->cand[k] = m->cand[k - 1];
            sc[k] = sc[k - 1];
        }
        m->cand[pos] = i;
        sc[pos] = best;
        if (m->ncand < GT_HWDB_MAX_CANDIDATES)
            m->ncand++;
    }
    if (m->ncand) {
        list_cands(list, sizeof list, rows, m, view);
        return gt_error_set(err, GT_E_NOTFOUND, "unknown %s '%s'; closest: %s", what, name, list);
    }
    return gt_error_set(err, GT_E_NOTFOUND, "unknown %s '%s'", what, name);
}

enum gt_status gt_hwdb_find_cpu(const struct gt_hwdb *db, const char *name, struct gt_hw_match *m,
                                struct gt_error *err)
{
    return find(db->cpus.v, db->cpus.n, cpu_view, "cpu", name, 1, m, err);
}

enum gt_status gt_hwdb_find_gpu(const struct gt_hwdb *db, const char *name, struct gt_hw_match *m,
                                struct gt_error *err)
{
    return find(db->gpus.v, db->gpus.n, gpu_view, "gpu", name, 1, m, err);
}

enum gt_status gt_hwdb_find_tokens(const struct gt_hwdb *db, int gpu, const char *name,
                                   struct gt_hw_match *m, struct gt_error *err)
{
    return gpu ? find(db->gpus.v, db->gpus.n, gpu_view, "gpu", name, 0, m, err)
               : find(db->cpus.v, db->cpus.n, cpu_view, "cpu", name, 0, m, err);
}

/* ---- locations, providers, cloud ------------------------------------------ */

static int better_dataset(const char *cand, const char *cur, const char *want)
{
    if (want)
        return !strcasecmp(cand, want) && (!cur || strcasecmp(cur, want));
    if (!cur)
        return 1;
    return !strcasecmp(cand, "ga-v3.0") && strcasecmp(cur, "ga-v3.0");
}

static int name_eq(const char *a, const char *b)
{
    char na[256], nb[256];
    /* compare ignoring case, punctuation and repeated blanks */
    size_t i = 0, j = 0;
    for (const char *p = a; *p && i + 1 < sizeof na; p++)
        if (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80)
            na[i++] = (char)tolower((unsigned char)*p);
    for (const char *p = b; *p && j + 1 < sizeof nb; p++)
        if (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80)
            nb[j++] = (char)tolower((unsigned char)*p);
    na[i] = nb[j] = '\0';
    return i && !strcmp(na, nb);
}

enum gt_status gt_hwdb_find_location(const struct gt_hwdb *db, const char *name,
                                     const char *dataset, size_t *index, struct gt_error *err)
{
    const char *code = name;
    /* ISO alpha-3 -> alpha-2 */
    if (strlen(name) == 3) {
        for (size_t i = 0; i < db->iso.n; i++)
            if (!strcasecmp(db->iso.v[i].alpha3, name))
                code = db->iso.v[i].alpha2;
    }
    long found = -1;
    for (int pass = 0; pass < 3 && found < 0; pass++) {
        long nfound_distinct = 0;
        const char *first_code = NULL;
        for (size_t i = 0; i < db->locations.n; i++) {
            const struct gt_hw_location *l = &db->locations.v[i];
            int hit;
            if (pass == 0)
                hit = !strcasecmp(l->code, code);
            else if (pass == 1) /* country name: the country-level row */
                hit = name_eq(l->country, name) && (!*l->region || !strcasecmp(l->type, "country"));
            else
                hit = *l->region && name_eq(l->region, name);
            if (!hit)
                continue;
            if (dataset && strcasecmp(l->dataset, dataset))
                continue;
            if (!first_code || strcasecmp(first_code, l->code)) {
                if (first_code)
                    nfound_distinct++;
                else
                    nfound_distinct = 1;
                first_code = first_code ? first_code : l->code;
            }
            if (found < 0 || (!strcasecmp(db->locations.v[found].code, l->code) &&
                              better_dataset(l->dataset, db->locations.v[found].dataset, dataset)))
                found = (long)i;
        }
        if (pass == 2 && nfound_distinct > 1) {
            return gt_error_set(err, GT_E_AMBIGUOUS,
                                "ambiguous location '%s': several regions have that name; use "
                                "a code (see 'greentally hwdb list location')",
                                name);
        }
    }
    if (found < 0) {
        if (dataset)
            return gt_error_set(err, GT_E_NOTFOUND,
                                "unknown location '%s' in dataset '%s' (see 'greentally hwdb "
                                "list location')",
                                name, dataset);
        {
            /* did you mean: the closest code, or country or region name */
            const char *close = NULL, *close_code = NULL;
            size_t bestd = (size_t)-1;
            for (size_t i = 0; i < db->locations.n; i++) {
                const struct gt_hw_location *l = &db->locations.v[i];
                const char *c3[3] = {l->code, l->country, l->region};
                for (int k = 0; k < 3; k++) {
                    if (!c3[k] || !c3[k][0] || !gt_closest(name, &c3[k], 1))
                        continue;
                    size_t d = gt_edit_distance(name, strlen(name), c3[k], strlen(c3[k]));
                    if (d < bestd) {
                        bestd = d;
                        close = c3[k];
                        close_code = l->code;
                    }
                }
            }
            if (close && strcasecmp(close, close_code))
                return gt_error_set(
                    err, GT_E_NOTFOUND,
                    "unknown location '%s'; did you mean '%s' (%s)? (see 'greentally "
                    "hwdb list location')",
                    name, close_code, close);
            if (close)
                return gt_error_set(
                    err, GT_E_NOTFOUND,
                    "unknown location '%s'; did you mean '%s'? (see 'greentally hwdb "
                    "list location')",
                    name, close_code);
            return gt_error_set(err, GT_E_NOTFOUND,
                                "unknown location '%s': give a code such as GB, US-CA or WORLD, an "
                                "ISO alpha-3 code or a country name (see 'greentally hwdb list "
                                "location')",
                                name);
        }
    }
    *index = (size_t)found;
    return GT_OK;
}

enum gt_status gt_hwdb_find_provider(const struct gt_hwdb *db, const char *provider, size_t *index,
                                     struct gt_error *err)
{
    for (size_t i = 0; i < db->providers.n; i++) {
        if (!strcasecmp(db->providers.v[i].provider, provider) ||
            name_eq(db->providers.v[i].name, provider)) {
            *index = i;
            return GT_OK;
        }
    }
    char list[400];
    size_t n = 0;
    list[0] = '\0';
    for (size_t i = 0; i < db->providers.n; i++) {
        int w =
            snprintf(list + n, sizeof list - n, "%s%s", i ? ", " : "", db->providers.v[i].provider);
        if (w < 0 || (size_t)w >= sizeof list - n)
            break;
        n += (size_t)w;
    }
    return gt_error_set(err, GT_E_NOTFOUND, "unknown provider '%s' (known: %s)", provider, list);
}

enum gt_status gt_hwdb_find_cloud(const struct gt_hwdb *db, const char *provider,
                                  const char *region, size_t *index, struct gt_error *err)
{
    for (size_t i = 0; i < db->clouds.n; i++) {
        const struct gt_hw_cloud *c = &db->clouds.v[i];
        if (!strcasecmp(c->provider, provider) &&
            (!strcasecmp(c->region, region) || name_eq(c->region, region))) {
            *index = i;
            return GT_OK;
        }
    }
    return gt_error_set(err, GT_E_NOTFOUND,
                        "unknown region '%s' for provider '%s' (see 'greentally hwdb list cloud')",
                        region, provider);
}

/* ---- device strings as trackers log them ----------------------------------- */

static const char *skip_space(const char *p)
{
    while (*p == ' ' || *p == '\t')
        p++;
    return p;
}

/* copies [b, e) trimmed into out */
static void copy_trim(char *out, size_t size, const char *b, const char *e)
{
    while (b < e && (*b == ' ' || *b == '\t'))
        b++;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    size_t l = (size_t)(e - b);
    if (l >= size)
        l = size - 1;
    memcpy(out, b, l);
    out[l] = '\0';
}

/* "N device(s)" ending at e (exclusive)? Sets *start to where N begins. */
static int devices_suffix(const char *b, const char *e, const char **start, double *n)
{
    static const char suf[] = "device(s)";
    size_t sl = sizeof suf - 1;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    if ((size_t)(e - b) < sl + 2 || strncmp(e - sl, suf, sl))
        return 0;
    const char *p = e - sl;
    while (p > b && p[-1] == ' ')
        p--;
    const char *d = p;
    while (d > b && isdigit((unsigned char)d[-1]))
        d--;
    if (d == p || p - d > 4)
        return 0;
    double v = 0;
    for (const char *k = d; k < p; k++)
        v = v * 10 + (*k - '0');
    *start = d;
    *n = v;
    return 1;
}

static int resolves(const struct gt_hwdb *db, int gpu, const char *name)
{
    struct gt_hw_match m;
    struct gt_error err = {0};
    if (!db)
        return 0;
    return (gpu ? gt_hwdb_find_gpu(db, name, &m, &err) : gt_hwdb_find_cpu(db, name, &m, &err)) ==
           GT_OK;
}

static void add_device(struct gt_hw_devices *d, const char *b, const char *e, double count)
{
    if (d->n >= GT_HW_MAX_DEVICES)
        return;
    struct gt_hw_device *v = &d->dev[d->n];
    copy_trim(v->name, sizeof v->name, b, e);
    if (!v->name[0])
        return;
    v->count = count;
    d->n++;
}

/* CodeCarbon's "N x NAME" list, its entries glued or separated by ", " */
static int parse_counted(const struct gt_hwdb *db, int gpu, const char *s, struct gt_hw_devices *d)
{
    const char *p = s;
    const char *num = p;
    while (isdigit((unsigned char)*p))
        p++;
    if (p == num || p - num > 4)
        return 0;
    /* "1 x ", "1 X ", "8x " */
    if (*p == ' ')
        p++;
    if ((*p != 'x' && *p != 'X') || p[1] != ' ')
        return 0;
    double count = strtod(num, NULL);
    const char *name = p + 2;
    for (;;) {
        /* the next " x " preceded by digits starts the next entry */
        const char *x = strstr(name, " x ");
        while (x && !(x > name && isdigit((unsigned char)x[-1])))
            x = strstr(x + 1, " x ");
        if (!x) {
            add_device(d, name, name + strlen(name), count);
            return 1;
        }
        const char *digits = x;
        while (digits > name && isdigit((unsigned char)digits[-1]))
            digits--;
        /* split: count = the last k digits (no leading zero, > 0) */
        const char *best = NULL;
        for (int k = 1; k <= 3 && x - k >= digits; k++) {
            const char *c = x - k;
            if (*c == '0')
                continue;
            const char *end = c;
            /* ", " or ";" between entries */
            while (end > name && (end[-1] == ' ' || end[-1] == ',' || end[-1] == ';'))
                end--;
            if (end == name)
                continue;
            char one[192];
            copy_trim(one, sizeof one, name, end);
            if (!best)
                best = c; /* the shortest count by default */
            if (resolves(db, gpu, one)) {
                best = c;
                break;
            }
        }
        if (!best) {
            add_device(d, name, name + strlen(name), count);
            return 1;
        }
        const char *end = best;
        while (end > name && (end[-1] == ' ' || end[-1] == ',' || end[-1] == ';'))
            end--;
        add_device(d, name, end, count);
        count = strtod(best, NULL);
        name = x + 3;
    }
}

void gt_hwdb_parse_devices(const struct gt_hwdb *db, int gpu, const char *logged,
                           struct gt_hw_devices *d)
{
    memset(d, 0, sizeof *d);
    d->logged_tdp_w = NAN;
    const char *s = skip_space(logged ? logged : "");
    const char *e = s + strlen(s);
    while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' || e[-1] == '\n'))
        e--;
    if (e == s)
        return;
    /* eco2ai CPU: "NAME/N device(s), TDP:45.0" */
    const char *tdp = NULL;
    for (const char *k = s; k + 5 <= e; k++)
        if (!strncmp(k, ", TDP:", 6) || !strncmp(k, ",TDP:", 5))
            tdp = k;
    const char *body_end = e;
    if (tdp) {
        const char *v = strchr(tdp, ':') + 1;
        char *end;
        double w = strtod(v, &end);
        if (end != v && isfinite(w) && w > 0)
            d->logged_tdp_w = w;
        body_end = tdp;
    }
    const char *start;
    double n;
    if (devices_suffix(s, body_end, &start, &n)) {
        d->format = "eco2ai";
        const char *name_end = start;
        while (name_end > s && (name_end[-1] == ' ' || name_end[-1] == '/'))
            name_end--;
        if (n == 0 || name_end == s)
            return; /* "0 device(s)": no device */
        add_device(d, s, name_end, n);
        return;
    }
    char buf[512];
    copy_trim(buf, sizeof buf, s, e);
    if (parse_counted(db, gpu, buf, d)) {
        d->format = "CodeCarbon";
        return;
    }
    add_device(d, buf, buf + strlen(buf), NAN);
}
