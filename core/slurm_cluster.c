/* slurm_cluster.c - the cluster description of `--cluster FILE`: a small
 * indentation-based "key: value" format (a subset of YAML) whose keys are
 * ours or GA4HPC's cluster_info.yaml's, so one reader serves both
 * (docs/formats.md, "Cluster description"). */
#include "gt_slurm.h"
#include "gt_num.h"
#include "gt_text.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

void gt_cluster_init(struct gt_cluster *c)
{
    memset(c, 0, sizeof *c);
    c->pue = c->ci_g_per_kwh = c->mem_w_per_gb = c->granularity_gb = NAN;
    c->node_static_w = 0;
    c->gpu_usage = 1;
    c->max_rss_unit = 'K';
}

static void part_init(struct gt_cluster_part *p, const char *name, size_t n, long line)
{
    memset(p, 0, sizeof *p);
    if (n >= sizeof p->name)
        n = sizeof p->name - 1;
    memcpy(p->name, name, n);
    p->name[n] = '\0';
    p->line = line;
    p->cpu_w_per_core = p->gpu_w = p->cores_per_node = p->mem_per_node_gb = NAN;
}

struct ga_raw { /* GA4HPC's type-dependent keys, resolved at the partition's end */
    double tdp;
    char model[GT_SLURM_STR];
    int have_tdp, have_model;
};

static void part_end(struct gt_cluster_part *p, struct ga_raw *g)
{
    if (g->have_tdp) {
        if (p->gpu_type && isnan(p->gpu_w))
            p->gpu_w = g->tdp;
        else if (!p->gpu_type && isnan(p->cpu_w_per_core))
            p->cpu_w_per_core = g->tdp;
    }
    if (g->have_model) {
        char *dst = p->gpu_type ? p->gpu_model : p->cpu_model;
        if (!dst[0])
            snprintf(dst, GT_SLURM_STR, "%s", g->model);
    }
    memset(g, 0, sizeof *g);
}

static int key_is(const char *k, size_t kn, const char *a, const char *b)
{
    return (strlen(a) == kn && strncasecmp(a, k, kn) == 0) ||
           (b && strlen(b) == kn && strncasecmp(b, k, kn) == 0);
}

/* A value: quotes and GA4HPC's template brackets removed. */
static void value(const char **v, size_t *n, int *placeholder)
{
    gt_trim(v, n);
    *placeholder = 0;
    if (*n >= 2 &&
        (((*v)[0] == '"' && (*v)[*n - 1] == '"') || ((*v)[0] == '\'' && (*v)[*n - 1] == '\''))) {
        (*v)++;
        *n -= 2;
    }
    if (*n >= 2 && (*v)[0] == '<' && (*v)[*n - 1] == '>') {
        (*v)++;
        *n -= 2;
        *placeholder = 1;
    }
    gt_trim(v, n);
}

enum { CTX_TOP, CTX_PARTS, CTX_PART, CTX_SKIP, CTX_NODES };

/* digits at s[*i..n) as a number (at most 9 of them); -1 when none */
static long digits(const char *s, size_t n, size_t *i)
{
    long v = 0;
    size_t k = *i;
    while (k < n && s[k] >= '0' && s[k] <= '9' && k - *i < 9)
        v = v * 10 + (s[k++] - '0');
    if (k == *i || (k < n && s[k] >= '0' && s[k] <= '9'))
        return -1;
    *i = k;
    return v;
}

static void skip_blanks(const char *s, size_t n, size_t *i)
{
    while (*i < n && s[*i] == ' ')
        (*i)++;
}

/* a name's trailing digits: the length of the prefix before them, or n when
 * it ends in none */
static size_t trailing_digits(const char *s, size_t n)
{
    size_t k = n;
    while (k > 0 && s[k - 1] >= '0' && s[k - 1] <= '9')
        k--;
    return k;
}

int gt_cluster_parse_range(const char *s, size_t n, char *prefix, size_t psize, long *lo, long *hi)
{
    const char *br = memchr(s, '[', n);
    size_t plen, i;
    if (!br) {
        plen = trailing_digits(s, n);
        i = plen;
        if (plen == n || (*lo = digits(s, n, &i)) < 0)
            return -1;
        *hi = *lo;
    } else {
        plen = (size_t)(br - s);
        i = plen + 1;
        skip_blanks(s, n, &i);
        if ((*lo = digits(s, n, &i)) < 0)
            return -1;
        skip_blanks(s, n, &i);
        if (i >= n || (s[i] != ',' && s[i] != '-'))
            return -1;
        i++;
        skip_blanks(s, n, &i);
        if ((*hi = digits(s, n, &i)) < 0)
            return -1;
        skip_blanks(s, n, &i);
        if (i + 1 != n || s[i] != ']' || *lo > *hi)
            return -1;
    }
    if (plen >= psize)
        return -1;
    memcpy(prefix, s, plen);
    prefix[plen] = '\0';
    return 0;
}

static long find_profile(const struct gt_cluster *c, const char *ref)
{
    for (size_t i = 0; i < c->nparts; i++)
        if (c->parts[i].profile && !strcmp(c->parts[i].name, ref))
            return (long)i;
    return -1;
}

/* what a partition does not say itself, it takes from a profile */
static void inherit(struct gt_cluster_part *p, const struct gt_cluster_part *h)
{
    if (!p->cpu_model[0])
        snprintf(p->cpu_model, sizeof p->cpu_model, "%s", h->cpu_model);
    if (!p->gpu_model[0])
        snprintf(p->gpu_model, sizeof p->gpu_model, "%s", h->gpu_model);
    double *dst[] = {&p->cpu_w_per_core, &p->gpu_w, &p->cores_per_node, &p->mem_per_node_gb};
    const double src[] = {h->cpu_w_per_core, h->gpu_w, h->cores_per_node, h->mem_per_node_gb};
    for (size_t i = 0; i < 4; i++)
        if (isnan(*dst[i]))
            *dst[i] = src[i];
    p->gpu_type |= h->gpu_type;
}

/* ga-core's references: each node range and each "hardware_profile:" names a
 * profile of the file; a partition with node ranges (and no profile of its
 * own) takes its first range's hardware as its default. */
static enum gt_status resolve_profiles(struct gt_cluster *c, const char *name, struct gt_error *err)
{
    for (size_t i = 0; i < c->nranges; i++) {
        struct gt_cluster_range *r = &c->ranges[i];
        const char *miss = r->lo < 0 ? "range" : !r->profile_ref[0] ? "hardware_profile" : NULL;
        if (miss) {
            gt_error_set(err, GT_E_PARSE,
                         "node range of partition '%s' in '%s' at line %ld has no '%s'",
                         c->parts[r->part].name, name, r->line, miss);
            gt_error_at(err, name, r->line, 0);
            return GT_E_PARSE;
        }
        long h = find_profile(c, r->profile_ref);
        if (h < 0) {
            gt_error_set(err, GT_E_DATA,
                         "node range '%s[%ld-%ld]' in '%s' at line %ld names hardware profile "
                         "'%s', which is not in the file",
                         r->prefix, r->lo, r->hi, name, r->line, r->profile_ref);
            gt_error_at(err, name, r->line, 0);
            return GT_E_DATA;
        }
        r->profile = (size_t)h;
    }
    for (size_t i = 0; i < c->nparts; i++) {
        struct gt_cluster_part *p = &c->parts[i];
        if (p->profile)
            continue;
        if (p->profile_ref[0]) {
            long h = find_profile(c, p->profile_ref);
            if (h < 0) {
                gt_error_set(err, GT_E_DATA,
                             "partition '%s' in '%s' at line %ld names hardware profile '%s', "
                             "which is not in the file",
                             p->name, name, p->profile_ref_line, p->profile_ref);
                gt_error_at(err, name, p->profile_ref_line, 0);
                return GT_E_DATA;
            }
            inherit(p, &c->parts[h]);
            continue;
        }
        for (size_t k = 0; k < c->nranges; k++)
            if (c->ranges[k].part == i) {
                inherit(p, &c->parts[c->ranges[k].profile]);
                break;
            }
    }
    return GT_OK;
}

enum gt_status gt_cluster_parse(const char *data, size_t len, const char *name,
                                struct gt_cluster *c,
                                void (*warn)(void *ud, long line, const char *msg), void *ud,
                                struct gt_error *err)
{
    snprintf(c->file, sizeof c->file, "%s", name);
    int ctx = CTX_TOP;
    int part_indent = -1, field_indent = -1, skip_indent = 0;
    struct gt_cluster_part *cur = NULL;
    struct gt_cluster_range *rng = NULL;
    int in_profiles = 0, nodes_indent = -1;
    struct ga_raw ga = {0};
    long lineno = 0;
    char msg[400];
    size_t i = 0;
    while (i < len) {
        const char *ln = data + i;
        const char *nl = memchr(ln, '\n', len - i);
        size_t n = nl ? (size_t)(nl - ln) : len - i;
        i += n + 1;
        lineno++;
        /* drop a comment: '#' at the start or after a blank, outside quotes */
        int q = 0;
        for (size_t k = 0; k < n; k++) {
            if (ln[k] == '"' || ln[k] == '\'')
                q = !q;
            if (!q && ln[k] == '#' && (k == 0 || gt_is_blank(ln[k - 1]))) {
                n = k;
                break;
            }
        }
        int indent = 0;
        while ((size_t)indent < n && ln[indent] == ' ')
            indent++;
        const char *t = ln;
        size_t tn = n;
        gt_trim(&t, &tn);
        if (tn == 0 || (tn == 3 && memcmp(t, "---", 3) == 0))
            continue;
        if ((size_t)indent < n && ln[indent] == '\t')
            return gt_error_set(err, GT_E_PARSE, "tab indentation in '%s' at line %ld (use spaces)",
                                name, lineno);
        /* "- range: ..." starts an item of a node_list; its keys are indented
         * past the dash */
        int item = 0;
        if (ctx == CTX_NODES && indent > nodes_indent && t[0] == '-' && (tn == 1 || t[1] == ' ')) {
            size_t d = 1;
            while (d < tn && t[d] == ' ')
                d++;
            item = 1;
            indent += (int)d;
            t += d;
            tn -= d;
            if (tn == 0) {
                gt_error_set(err, GT_E_PARSE, "expected '- range: NODES' in '%s' at line %ld", name,
                             lineno);
                gt_error_at(err, name, lineno, 0);
                return GT_E_PARSE;
            }
        }
        const char *colon = NULL;
        q = 0;
        for (size_t k = 0; k < tn; k++) {
            if (t[k] == '"' || t[k] == '\'')
                q = !q;
            if (!q && t[k] == ':' && (k + 1 == tn || t[k + 1] == ' ')) {
                colon = t + k;
                break;
            }
        }
        if (!colon) {
            gt_error_set(err, GT_E_PARSE, "expected 'key: value' in '%s' at line %ld", name,
                         lineno);
            gt_error_at(err, name, lineno, 0);
            return GT_E_PARSE;
        }
        const char *k = t;
        size_t kn = (size_t)(colon - t);
        int ph;
        value(&k, &kn, &ph);
        const char *v = colon + 1;
        size_t vn = (size_t)(t + tn - v);
        value(&v, &vn, &ph);
        if (ph && warn) {
            snprintf(msg, sizeof msg, "placeholder '<%.*s>' read as '%.*s'", (int)vn, v, (int)vn,
                     v);
            warn(ud, lineno, msg);
        }
        /* leave nested contexts by indentation */
        if (ctx == CTX_SKIP) {
            if (indent > skip_indent)
                continue;
            ctx = CTX_TOP;
        }
        if (ctx == CTX_NODES && indent > nodes_indent) {
            if (item) {
                if (c->nranges == GT_CLUSTER_MAX_RANGES)
                    return gt_error_set(err, GT_E_RANGE, "more than %d node ranges in '%s'",
                                        GT_CLUSTER_MAX_RANGES, name);
                rng = &c->ranges[c->nranges++];
                memset(rng, 0, sizeof *rng);
                rng->part = (size_t)(cur - c->parts);
                rng->lo = -1;
                rng->line = lineno;
            } else if (!rng) {
                gt_error_set(err, GT_E_PARSE, "expected '- range: NODES' in '%s' at line %ld", name,
                             lineno);
                gt_error_at(err, name, lineno, 0);
                return GT_E_PARSE;
            }
            if (key_is(k, kn, "range", NULL)) {
                if (gt_cluster_parse_range(v, vn, rng->prefix, sizeof rng->prefix, &rng->lo,
                                           &rng->hi) != 0) {
                    gt_error_set(err, GT_E_PARSE,
                                 "cannot read node range '%.*s' in '%s' at line %ld (expected "
                                 "'PREFIX[LOW-HIGH]', 'PREFIX[LOW, HIGH]' or one node)",
                                 (int)(vn > 64 ? 64 : vn), v, name, lineno);
                    gt_error_at(err, name, lineno, 0);
                    return GT_E_PARSE;
                }
            } else if (key_is(k, kn, "hardware_profile", NULL))
                snprintf(rng->profile_ref, sizeof rng->profile_ref, "%.*s", (int)vn, v);
            else if (warn) {
                snprintf(msg, sizeof msg, "unknown key '%.*s' of a node range (ignored)", (int)kn,
                         k);
                warn(ud, lineno, msg);
            }
            continue;
        }
        if (ctx == CTX_NODES)
            ctx = CTX_PART;
        if (ctx == CTX_PART && indent <= part_indent) {
            part_end(cur, &ga);
            ctx = CTX_PARTS;
        }
        if (ctx == CTX_PARTS && indent == 0)
            ctx = CTX_TOP;
        if ((ctx == CTX_TOP && indent > 0) ||
            (ctx == CTX_PARTS && part_indent >= 0 && indent != part_indent)) {
            gt_error_set(err, GT_E_PARSE, "unexpected indentation in '%s' at line %ld", name,
                         lineno);
            gt_error_at(err, name, lineno, 0);
            return GT_E_PARSE;
        }
        if (ctx == CTX_PARTS) {
            part_indent = indent;
            if (vn) {
                gt_error_set(err, GT_E_PARSE,
                             "partition '%.*s' in '%s' at line %ld: expected its keys below it",
                             (int)kn, k, name, lineno);
                gt_error_at(err, name, lineno, 0);
                return GT_E_PARSE;
            }
            if (c->nparts == GT_CLUSTER_MAX_PARTS)
                return gt_error_set(err, GT_E_RANGE, "more than %d partitions in '%s'",
                                    GT_CLUSTER_MAX_PARTS, name);
            cur = &c->parts[c->nparts++];
            part_init(cur, k, kn, lineno);
            cur->profile = in_profiles;
            ctx = CTX_PART;
            field_indent = -1;
            continue;
        }
        double num = NAN;
        int isnum = vn && gt_num_parse(v, vn, &num) == 0;
        if (ctx == CTX_PART) {
            if (field_indent < 0)
                field_indent = indent;
            if (indent > field_indent)
                continue; /* a nested block inside a partition (ga_core's node_list...) */
            double *dst = NULL;
            char *sdst = NULL;
            if (key_is(k, kn, "cpu_w_per_core", "TDP_CPU"))
                dst = &cur->cpu_w_per_core;
            else if (key_is(k, kn, "gpu_w", NULL))
                dst = &cur->gpu_w;
            else if (key_is(k, kn, "cores_per_node", NULL))
                dst = &cur->cores_per_node;
            else if (key_is(k, kn, "memory_per_node_gb", NULL))
                dst = &cur->mem_per_node_gb;
            else if (key_is(k, kn, "cpu_model", "model_CPU"))
                sdst = cur->cpu_model;
            else if (key_is(k, kn, "gpu_model", NULL))
                sdst = cur->gpu_model;
            else if (key_is(k, kn, "TDP", NULL)) {
                dst = &ga.tdp;
                ga.have_tdp = 1;
            } else if (key_is(k, kn, "model", NULL)) {
                sdst = ga.model;
                ga.have_model = 1;
            } else if (key_is(k, kn, "hardware_profile", "node_list")) {
                /* ga-core: a partition's hardware is a profile, or one per node range */
                if (cur->profile) {
                    gt_error_set(err, GT_E_PARSE,
                                 "'%.*s' in hardware profile '%s' in '%s' at line %ld: only a "
                                 "partition refers to profiles",
                                 (int)kn, k, cur->name, name, lineno);
                    gt_error_at(err, name, lineno, 0);
                    return GT_E_PARSE;
                }
                if (key_is(k, kn, "node_list", NULL)) {
                    if (vn) {
                        gt_error_set(err, GT_E_PARSE,
                                     "'node_list' in '%s' at line %ld: expected its ranges below "
                                     "it ('- range: NODES')",
                                     name, lineno);
                        gt_error_at(err, name, lineno, 0);
                        return GT_E_PARSE;
                    }
                    ctx = CTX_NODES;
                    nodes_indent = indent;
                    rng = NULL;
                } else {
                    snprintf(cur->profile_ref, sizeof cur->profile_ref, "%.*s", (int)vn, v);
                    cur->profile_ref_line = lineno;
                }
                continue;
            } else if (key_is(k, kn, "homogenous", "homogeneous")) {
                continue; /* ga-core's flag: a profile, or node ranges; read from which is given */
            } else if (key_is(k, kn, "type", NULL)) {
                if (key_is(v, vn, "GPU", NULL))
                    cur->gpu_type = 1;
                else if (!key_is(v, vn, "CPU", NULL)) {
                    gt_error_set(err, GT_E_PARSE, "partition type must be CPU or GPU, not '%.*s'",
                                 (int)vn, v);
                    gt_error_at(err, name, lineno, 0);
                    return GT_E_PARSE;
                }
                continue;
            } else {
                if (warn) {
                    snprintf(msg, sizeof msg, "unknown key '%.*s' of partition '%s' (ignored)",
                             (int)kn, k, cur->name);
                    warn(ud, lineno, msg);
                }
                continue;
            }
            if (sdst) {
                snprintf(sdst, GT_SLURM_STR, "%.*s", (int)vn, v);
                continue;
            }
            if (!isnum || num < 0) {
                gt_error_set(err, GT_E_PARSE, "cannot parse '%.*s' in '%s' at line %ld: '%.*s'",
                             (int)kn, k, name, lineno, (int)(vn > 48 ? 48 : vn), v);
                gt_error_at(err, name, lineno, 0);
                return GT_E_PARSE;
            }
            *dst = num;
            continue;
        }
        /* top level */
        double *dst = NULL;
        char *sdst = NULL;
        size_t ssize = GT_SLURM_STR;
        if (key_is(k, kn, "partitions", "hardware_profiles")) {
            ctx = CTX_PARTS;
            part_indent = -1;
            in_profiles = key_is(k, kn, "hardware_profiles", NULL);
            continue;
        }
        if (key_is(k, kn, "name", "cluster_name"))
            sdst = c->name;
        else if (key_is(k, kn, "location", NULL))
            sdst = c->location;
        else if (key_is(k, kn, "default_partition", NULL))
            sdst = c->default_part;
        else if (key_is(k, kn, "pue", NULL))
            dst = &c->pue;
        else if (key_is(k, kn, "ci", NULL))
            dst = &c->ci_g_per_kwh;
        else if (key_is(k, kn, "memory_w_per_gb", "power_memory_perGB"))
            dst = &c->mem_w_per_gb;
        else if (key_is(k, kn, "memory_granularity_gb", "granularity_memory_request"))
            dst = &c->granularity_gb;
        else if (key_is(k, kn, "node_static_w", NULL))
            dst = &c->node_static_w;
        else if (key_is(k, kn, "gpu_usage", NULL))
            dst = &c->gpu_usage;
        else if (key_is(k, kn, "maxrss_unit", "default_unit_RSS")) {
            if (vn != 1 || !strchr("KMGT", v[0] & ~0x20)) {
                gt_error_set(err, GT_E_PARSE, "'%.*s' in '%s' at line %ld must be K, M, G or T",
                             (int)kn, k, name, lineno);
                gt_error_at(err, name, lineno, 0);
                return GT_E_PARSE;
            }
            c->max_rss_unit = (char)(v[0] & ~0x20);
            continue;
        } else if (key_is(k, kn, "institution", "workload_manager") ||
                   key_is(k, kn, "postcode", "energy_cost") || key_is(k, kn, "texts_intro", NULL)) {
            /* GA4HPC's keys greentally does not use */
            ctx = CTX_SKIP;
            skip_indent = indent;
            continue;
        } else {
            if (warn) {
                snprintf(msg, sizeof msg, "unknown key '%.*s' (ignored)", (int)kn, k);
                warn(ud, lineno, msg);
            }
            ctx = CTX_SKIP;
            skip_indent = indent;
            continue;
        }
        if (sdst) {
            snprintf(sdst, ssize, "%.*s", (int)vn, v);
            continue;
        }
        if (!isnum || num < 0) {
            gt_error_set(err, GT_E_PARSE, "cannot parse '%.*s' in '%s' at line %ld: '%.*s'",
                         (int)kn, k, name, lineno, (int)(vn > 48 ? 48 : vn), v);
            gt_error_at(err, name, lineno, 0);
            return GT_E_PARSE;
        }
        *dst = num;
    }
    if (ctx == CTX_PART || ctx == CTX_NODES)
        part_end(cur, &ga);
    enum gt_status rst = resolve_profiles(c, name, err);
    if (rst != GT_OK)
        return rst;
    if (!isnan(c->pue) && c->pue < 1)
        return gt_error_set(err, GT_E_RANGE, "'pue' in '%s' must be >= 1", name);
    if (c->gpu_usage > 1)
        return gt_error_set(err, GT_E_RANGE, "'gpu_usage' in '%s' must be between 0 and 1", name);
    size_t nreal = 0;
    for (size_t k = 0; k < c->nparts; k++)
        nreal += !c->parts[k].profile;
    if (nreal == 0)
        return gt_error_set(err, GT_E_DATA, "no partitions in '%s'", name);
    if (c->default_part[0] && !gt_cluster_find(c, c->default_part))
        return gt_error_set(err, GT_E_DATA, "default_partition '%s' is not a partition of '%s'",
                            c->default_part, name);
    return GT_OK;
}

const struct gt_cluster_part *gt_cluster_find(const struct gt_cluster *c, const char *partition)
{
    const char *p = partition;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        /* sacct prints names as SLURM's database keeps them, in lower case
         * (sacct(1)): the file's "GPU_A100" is sacct's "gpu_a100" */
        for (int fold = 0; fold < 2; fold++)
            for (size_t i = 0; i < c->nparts; i++)
                if (!c->parts[i].profile && strlen(c->parts[i].name) == n &&
                    (fold ? strncasecmp(c->parts[i].name, p, n)
                          : strncmp(c->parts[i].name, p, n)) == 0)
                    return &c->parts[i];
        if (!e)
            break;
        p = e + 1;
    }
    return NULL;
}

const struct gt_cluster_part *gt_cluster_default(const struct gt_cluster *c)
{
    if (c->default_part[0]) {
        const struct gt_cluster_part *p = gt_cluster_find(c, c->default_part);
        if (p)
            return p;
    }
    for (size_t i = 0; i < c->nparts; i++)
        if (!c->parts[i].profile)
            return &c->parts[i];
    return NULL;
}

/* The first range of partition `part` holding a node of prefix (pn bytes) and
 * number in [a, b], by the order the nodes come in: the smallest such node,
 * the first range in the file that holds it. -1 when none. */
static long first_in_ranges(const struct gt_cluster *c, size_t part, const char *prefix, size_t pn,
                            long a, long b)
{
    long best = -1, best_n = 0;
    for (size_t k = 0; k < c->nranges; k++) {
        const struct gt_cluster_range *r = &c->ranges[k];
        if (r->part != part || strlen(r->prefix) != pn || memcmp(r->prefix, prefix, pn) != 0)
            continue;
        long n0 = a > r->lo ? a : r->lo, n1 = b < r->hi ? b : r->hi;
        if (n0 <= n1 && (best < 0 || n0 < best_n)) {
            best = (long)k;
            best_n = n0;
        }
    }
    return best;
}

static int has_gpus(const struct gt_cluster_part *h)
{
    return h->gpu_type || !isnan(h->gpu_w) || h->gpu_model[0];
}

const struct gt_cluster_part *gt_cluster_node_part(const struct gt_cluster *c,
                                                   const struct gt_cluster_part *p,
                                                   const char *nodelist, double gpus, int *how,
                                                   long *range)
{
    *how = 0;
    *range = -1;
    if (!p || p->profile_ref[0])
        return p;
    size_t part = (size_t)(p - c->parts);
    long first = -1, first_gpu = -1;
    for (size_t k = 0; k < c->nranges; k++) {
        if (c->ranges[k].part != part)
            continue;
        if (first < 0)
            first = (long)k;
        if (first_gpu < 0 && has_gpus(&c->parts[c->ranges[k].profile]))
            first_gpu = (long)k;
    }
    if (first < 0)
        return p;
    *how = 1;
    /* SLURM's hostlist: names separated by commas outside brackets, each
     * PREFIX, PREFIX<digits> or PREFIX[a,b-c,...]; a suffix after ']' is a
     * name that ends in no number (in no range) */
    const char *s = nodelist ? nodelist : "";
    size_t n = strlen(s), i = 0;
    while (i < n) {
        size_t e = i;
        int depth = 0;
        while (e < n && (depth || s[e] != ',')) {
            depth += s[e] == '[' ? 1 : s[e] == ']' ? -1 : 0;
            e++;
        }
        const char *h = s + i;
        size_t hn = e - i;
        i = e + 1;
        const char *br = memchr(h, '[', hn);
        if (!br) {
            size_t pl = trailing_digits(h, hn), d = pl;
            long v = pl < hn ? digits(h, hn, &d) : -1;
            long r = v < 0 ? -1 : first_in_ranges(c, part, h, pl, v, v);
            if (r >= 0) {
                *range = r;
                return &c->parts[c->ranges[r].profile];
            }
            continue;
        }
        size_t pl = (size_t)(br - h), d = pl + 1;
        const char *close = memchr(h, ']', hn);
        if (!close || (size_t)(close - h) + 1 != hn)
            continue;
        while (d < hn && h[d] != ']') {
            long a = digits(h, hn, &d), b = a;
            if (a < 0)
                break;
            if (d < hn && h[d] == '-') {
                d++;
                if ((b = digits(h, hn, &d)) < 0)
                    break;
            }
            long r = first_in_ranges(c, part, h, pl, a, b);
            if (r >= 0) {
                *range = r;
                return &c->parts[c->ranges[r].profile];
            }
            if (d < hn && h[d] == ',')
                d++;
        }
    }
    /* the default: the first range (p took its hardware), or for a job
     * with GPUs the first range of GPUs */
    *how = -1;
    if (gpus > 0 && first_gpu > first && !has_gpus(&c->parts[c->ranges[first].profile])) {
        *range = first_gpu;
        return &c->parts[c->ranges[first_gpu].profile];
    }
    *range = first;
    return p;
}
