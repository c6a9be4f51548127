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

enum { CTX_TOP, CTX_PARTS, CTX_PART, CTX_SKIP };

enum gt_status gt_cluster_parse(const char *data, size_t len, const char *name,
                                struct gt_cluster *c,
                                void (*warn)(void *ud, long line, const char *msg), void *ud,
                                struct gt_error *err)
{
    snprintf(c->file, sizeof c->file, "%s", name);
    int ctx = CTX_TOP;
    int part_indent = -1, field_indent = -1, skip_indent = 0;
    struct gt_cluster_part *cur = NULL;
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
        if (key_is(k, kn, "partitions", NULL)) {
            ctx = CTX_PARTS;
            part_indent = -1;
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
                   key_is(k, kn, "postcode", "energy_cost") ||
                   key_is(k, kn, "texts_intro", "hardware_profiles")) {
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
    if (ctx == CTX_PART)
        part_end(cur, &ga);
    if (!isnan(c->pue) && c->pue < 1)
        return gt_error_set(err, GT_E_RANGE, "'pue' in '%s' must be >= 1", name);
    if (c->gpu_usage > 1)
        return gt_error_set(err, GT_E_RANGE, "'gpu_usage' in '%s' must be between 0 and 1", name);
    if (c->nparts == 0)
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
                if (strlen(c->parts[i].name) == n && (fold ? strncasecmp(c->parts[i].name, p, n)
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
    return c->nparts ? &c->parts[0] : NULL;
}
