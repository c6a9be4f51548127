#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_duration.h"
#include "gt_hwdb.h"
#include "gt_report.h"
#include "gt_format.h"
#include "gt_num.h"
#include "gt_hwdb.h"
#include "gt_statement.h"

/* ---- a growing string ------------------------------------------------------ */

struct sb {
    char *s;
    size_t n, cap;
    int oom;
};

static void sb_put(struct sb *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 512;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->s, cap);
        if (!p) {
            b->oom = 1;
            return;
        }
        b->s = p;
        b->cap = cap;
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}

static void sb_str(struct sb *b, const char *s)
{
    sb_put(b, s, strlen(s));
}

static void sb_fmt(struct sb *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void sb_fmt(struct sb *b, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n > 0)
        sb_put(b, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

static char *sb_done(struct sb *b)
{
    if (b->oom || !b->s) {
        free(b->s);
        return NULL;
    }
    return b->s;
}

/* ---- markup ------------------------------------------------------------------ */

/* Text from logs or the user, escaped for the markup. */
static void sb_data(struct sb *b, enum gt_stmt_markup m, const char *s)
{
    for (; *s; s++) {
        char c = *s;
        if (m == GT_STMT_LATEX) {
            switch (c) {
            case '\\':
                sb_str(b, "\\textbackslash{}");
                continue;
            case '~':
                sb_str(b, "\\textasciitilde{}");
                continue;
            case '^':
                sb_str(b, "\\textasciicircum{}");
                continue;
            case '%':
            case '&':
            case '#':
            case '_':
            case '$':
            case '{':
            case '}':
                sb_put(b, "\\", 1);
                break;
            default:
                break;
            }
        } else if (m == GT_STMT_MARKDOWN && strchr("\\`*_[]<>#|", c)) {
            sb_put(b, "\\", 1);
        }
        sb_put(b, &c, 1);
    }
}

/* "CO2e" in the markup: CO$_2$e, CO₂e, CO2e. */
static void sb_co2(struct sb *b, enum gt_stmt_markup m)
{
    sb_str(b, m == GT_STMT_LATEX ? "CO$_2$e" : m == GT_STMT_MARKDOWN ? "CO₂e" : "CO2e");
}

struct bib {
    const char *key;
    const char *shortcite; /* author-year, for plain text */
    const char *entry;
};

static const struct bib bibs[] = {
    {"greentally", NULL, /* named in the sentence: no author-year in text */
     "@software{greentally,\n"
     "  author  = {{The greentally developers}},\n"
     "  title   = {greentally: offline carbon footprint estimates and tracker-log analysis},\n"
     "  version = {%s},\n"
     "  year    = {2026},\n"
     "}\n"},
    {"codecarbon", "Courty et al. 2025",
     "@software{codecarbon,\n"
     "  author    = {Courty, Beno{\\^i}t and Schmidt, Victor and Kamal, Goyal and others},\n"
     "  title     = {mlco2/codecarbon: v3.2.3},\n"
     "  year      = 2025,\n"
     "  publisher = {Zenodo},\n"
     "  version   = {v3.2.3},\n"
     "  doi       = {10.5281/zenodo.18731928},\n"
     "  url       = {https://doi.org/10.5281/zenodo.18731928},\n"
     "}\n"},
    {"anthony2020carbontracker", "Anthony et al. 2020",
     "@misc{anthony2020carbontracker,\n"
     "  title        = {Carbontracker: Tracking and Predicting the Carbon Footprint of Training "
     "Deep Learning Models},\n"
     "  author       = {Lasse F. Wolff Anthony and Benjamin Kanding and Raghavendra Selvan},\n"
     "  howpublished = {ICML Workshop on Challenges in Deploying and monitoring Machine Learning "
     "Systems},\n"
     "  month        = {July},\n"
     "  note         = {arXiv:2007.03051},\n"
     "  year         = {2020},\n"
     "}\n"},
    {"budennyy2022eco2ai", "Budennyy et al. 2022",
     "@misc{budennyy2022eco2ai,\n"
     "  title         = {Eco2AI: carbon emissions tracking of machine learning models as the first "
     "step towards sustainable AI},\n"
     "  author        = {Budennyy, Semen and others},\n"
     "  year          = {2022},\n"
     "  eprint        = {2208.00406},\n"
     "  archivePrefix = {arXiv},\n"
     "  url           = {https://arxiv.org/abs/2208.00406},\n"
     "}\n"},
    {"lemmers2024energytracker", "Lemmers and Lef\xc3\xa8vre 2024",
     "@misc{lemmers2024energytracker,\n"
     "  title  = {Energy tracker for shared servers},\n"
     "  author = {Lemmers, Nathan and Lef{\\`e}vre, Julien},\n"
     "  year   = {2024},\n"
     "  url    = {https://github.com/nathanlemmers/EnergyTracker},\n"
     "}\n"},
    {"lannelongue2021green", "Lannelongue et al. 2021",
     "@article{lannelongue2021green,\n"
     "  title   = {Green Algorithms: Quantifying the Carbon Footprint of Computation},\n"
     "  author  = {Lannelongue, Lo{\\\"i}c and Grealey, Jason and Inouye, Michael},\n"
     "  journal = {Advanced Science},\n"
     "  volume  = {8},\n"
     "  number  = {12},\n"
     "  pages   = {2100707},\n"
     "  year    = {2021},\n"
     "  doi     = {10.1002/advs.202100707},\n"
     "}\n"},
    {"lamarr_energy_tracker", "Buschj\xc3\xa4ger and Fischer 2025",
     "@software{lamarr_energy_tracker,\n"
     "  author = {Buschj{\\\"a}ger, Sebastian and Fischer, Raphael},\n"
     "  title  = {{Lamarr} {Energy} {Tracker}},\n"
     "  year   = {2025},\n"
     "  url    = {https://github.com/lamarr-institute/lamarr-energy-tracker},\n"
     "}\n"},
    {"ai_energy_validation", "Fischer 2025",
     "@misc{ai_energy_validation,\n"
     "  title  = {Ground-Truthing {AI} Energy Consumption: {Validating} {CodeCarbon} Against "
     "External Measurements},\n"
     "  author = {Raphael Fischer},\n"
     "  year   = {2025},\n"
     "  doi    = {10.48550/arXiv.2509.22092},\n"
     "  url    = {https://arxiv.org/abs/2509.22092},\n"
     "}\n"},
};
#define NBIBS (sizeof bibs / sizeof bibs[0])

static const struct bib *bib_find(const char *key)
{
    for (size_t i = 0; i < NBIBS; i++)
        if (!strcmp(bibs[i].key, key))
            return &bibs[i];
    return NULL;
}

/* A citation of keys: ~\cite{a,b}, [@a; @b] or (A 2020; B 2021). */
/* The CodeCarbon versions the runs used ("2.4.2, 3.2.9"), "" when unknown
 * (a custom statement). */
static const char *cc_versions(const struct gt_stmt_facts *f)
{
    for (size_t i = 0; f && i < f->ntools; i++)
        if (f->tools[i].tool == GT_TOOL_CODECARBON)
            return f->tools[i].versions;
    return "";
}

/* CodeCarbon is cited at the version the runs used: its Zenodo record of
 * v3.2.3 (what LET cites) for 3.2.3 or an unknown version, else the concept
 * DOI, which resolves to every release, with the versions named. */
static int cc_cite_concept(const struct gt_stmt_facts *f)
{
    const char *v = cc_versions(f);
    return v[0] && strcmp(v, "3.2.3");
}

static void sb_cite(struct sb *b, enum gt_stmt_markup m, const char *const *keys, size_t n,
                    const struct gt_stmt_facts *f)
{
    const char *kept[NBIBS];
    size_t k = 0;
    for (size_t i = 0; i < n && k < NBIBS; i++) {
        const struct bib *e = bib_find(keys[i]);
        if (m != GT_STMT_TEXT || !e || e->shortcite)
            kept[k++] = keys[i];
    }
    keys = kept;
    n = k;
    if (!n)
        return;
    sb_str(b, m == GT_STMT_LATEX ? "~\\cite{" : m == GT_STMT_MARKDOWN ? " [" : " (");
    for (size_t i = 0; i < n; i++) {
        if (i)
            sb_str(b, m == GT_STMT_LATEX ? "," : "; ");
        if (m == GT_STMT_LATEX) {
            sb_str(b, keys[i]);
        } else if (m == GT_STMT_MARKDOWN) {
            sb_str(b, "@");
            sb_str(b, keys[i]);
        } else if (!strcmp(keys[i], "codecarbon") && cc_cite_concept(f)) {
            sb_str(b, "Courty et al."); /* the concept record: no one year */
        } else {
            const struct bib *e = bib_find(keys[i]);
            sb_str(b, e ? e->shortcite : keys[i]);
        }
    }
    sb_str(b, m == GT_STMT_LATEX ? "}" : m == GT_STMT_MARKDOWN ? "]" : ")");
}

static const char *tool_key(enum gt_tool t)
{
    switch (t) {
    case GT_TOOL_CODECARBON:
        return "codecarbon";
    case GT_TOOL_CARBONTRACKER:
        return "anthony2020carbontracker";
    case GT_TOOL_ECO2AI:
        return "budennyy2022eco2ai";
    case GT_TOOL_ENERGYTRACKER:
        return "lemmers2024energytracker";
    case GT_TOOL_GREEN_ALGORITHMS:
    case GT_TOOL_SLURM: /* GA4HPC: the Green Algorithms method */
        return "lannelongue2021green";
    default:
        return NULL;
    }
}

static const char *tool_title(enum gt_tool t)
{
    switch (t) {
    case GT_TOOL_CODECARBON:
        return "CodeCarbon";
    case GT_TOOL_CARBONTRACKER:
        return "carbontracker";
    case GT_TOOL_ECO2AI:
        return "eco2AI";
    case GT_TOOL_ENERGYTRACKER:
        return "EnergyTracker";
    case GT_TOOL_GREEN_ALGORITHMS:
        return "the Green Algorithms calculator";
    case GT_TOOL_GREENTALLY:
        return "greentally";
    case GT_TOOL_SLURM:
        return "SLURM accounting (estimated with GA4HPC's method)";
    default:
        return "an unknown tool";
    }
}

/* ---- facts from an aggregate ------------------------------------------------ */

static void add_one_model(char (*v)[96], size_t *n, long *more, const char *p, size_t l)
{
    if (l >= 96)
        l = 95;
    size_t i = 0;
    while (i < *n && !(strlen(v[i]) == l && !strncmp(v[i], p, l)))
        i++;
    if (l && i == *n) {
        if (*n < GT_STMT_MAX_HW) {
            memcpy(v[*n], p, l);
            v[(*n)++][l] = '\0';
        } else {
            (*more)++;
        }
    }
}

/* Adds each model of a tool's hardware string ("2 x NVIDIA A40, Tesla T4")
 * once. */
static void add_models(char (*v)[96], size_t *n, long *more, const char *s)
{
    while (s && *s) {
        const char *e = strchr(s, ',');
        size_t l = e ? (size_t)(e - s) : strlen(s);
        char piece[256];
        snprintf(piece, sizeof piece, "%.*s", (int)(l < sizeof piece ? l : sizeof piece - 1), s);
        /* "4 x Tesla V100" -> "Tesla V100"; CodeCarbon's glued "1 x A1 x B"
         * -> "A" and "B" */
        struct gt_hw_devices d;
        gt_hwdb_parse_devices(NULL, 1, piece, &d);
        for (size_t k = 0; k < d.n; k++)
            add_one_model(v, n, more, d.dev[k].name, strlen(d.dev[k].name));
        s = e ? e + 1 : NULL;
    }
}

/* Natural order of version strings: 1.10 after 1.9. */
static int vercmp(const char *a, const char *b)
{
    while (*a && *b) {
        if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
            char *ea, *eb;
            unsigned long x = strtoul(a, &ea, 10), y = strtoul(b, &eb, 10);
            if (x != y)
                return x < y ? -1 : 1;
            a = ea;
            b = eb;
            continue;
        }
        if (*a != *b)
            return (unsigned char)*a < (unsigned char)*b ? -1 : 1;
        a++, b++;
    }
    return *a ? 1 : *b ? -1 : 0;
}

/* Adds v to the ", "-separated list in buf once, in natural version order. */
static void add_csv_value(char *buf, size_t size, const char *v)
{
    size_t vl = strlen(v), n = strlen(buf);
    const char *at = NULL; /* insert before this item */
    for (const char *p = buf; *p;) {
        const char *e = strstr(p, ", ");
        size_t l = e ? (size_t)(e - p) : strlen(p);
        char item[96];
        snprintf(item, sizeof item, "%.*s", (int)l, p);
        int c = vercmp(v, item);
        if (!c)
            return;
        if (c < 0 && !at)
            at = p;
        p = e ? e + 2 : p + l;
    }
    if (n + vl + 3 >= size)
        return;
    if (!at) {
        snprintf(buf + n, size - n, "%s%s", n ? ", " : "", v);
        return;
    }
    size_t off = (size_t)(at - buf);
    memmove(buf + off + vl + 2, buf + off, n - off + 1);
    memcpy(buf + off, v, vl);
    memcpy(buf + off + vl, ", ", 2);
}

/* names[] of the models v[] (each name once): the hwdb's where it resolves */
static size_t name_models(const struct gt_hwdb *db, int gpu, const char (*v)[96], size_t n,
                          char (*names)[96])
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        struct gt_hw_match m;
        struct gt_error err = {0};
        const char *name = v[i];
        if (gpu ? gt_hwdb_find_gpu(db, v[i], &m, &err) == GT_OK
                : gt_hwdb_find_cpu(db, v[i], &m, &err) == GT_OK)
            name = gpu ? db->gpus.v[m.index].model : db->cpus.v[m.index].model;
        size_t j = 0;
        while (j < k && strcmp(names[j], name))
            j++;
        if (j == k)
            snprintf(names[k++], sizeof names[0], "%s", name);
    }
    return k;
}

void gt_stmt_name_hw(struct gt_stmt_facts *f, const struct gt_hwdb *db)
{
    f->ncpu_names = name_models(db, 0, (const char(*)[96])f->cpus, f->ncpus, f->cpu_names);
    f->ngpu_names = name_models(db, 1, (const char(*)[96])f->gpus, f->ngpus, f->gpu_names);
    f->hw_named = 1;
}

void gt_stmt_from_agg(const struct gt_agg_result *res, struct gt_stmt_facts *f)
{
    memset(f, 0, sizeof *f);
    const struct gt_totals *t = &res->totals;
    f->runs = t->runs;
    f->runs_no_energy = t->no_energy;
    f->energy_kwh = t->runs && t->no_energy == t->runs ? NAN : t->energy_kwh;
    f->co2e_g = t->runs && t->no_co2e == t->runs ? NAN : t->co2e_g;
    f->duration_s = t->runs && t->no_duration == t->runs ? NAN : t->duration_s;
    f->energy_kwh_lo = isnan(f->energy_kwh) ? NAN : t->energy_kwh_lo;
    f->energy_kwh_hi = isnan(f->energy_kwh) ? NAN : t->energy_kwh_hi;
    f->co2e_g_lo = isnan(f->co2e_g) ? NAN : t->co2e_g_lo;
    f->co2e_g_hi = isnan(f->co2e_g) ? NAN : t->co2e_g_hi;
    f->ci_given = res->opts.set_ci;
    f->pue_given = res->opts.set_pue ? res->opts.pue : NAN;
    double e = 0, c = 0;
    /* runs mostly repeat a few combinations of tool, version, hardware and
     * PUE: only a new one is worth the list lookups. The last few that added
     * nothing beyond the lists (the "more" counts) are remembered: another
     * run of one of them adds nothing either. */
    enum { SEEN = 16 };
    /* what a run is compared by (the strings live as long as res) */
    struct seen {
        enum gt_tool tool;
        double pue;
        const char *tool_version, *cpu_model, *gpu_model;
    } seen[SEEN + 1], prev = {0}; /* and the previous run's, last */
    size_t nseen = 0, next = 0;
    for (size_t i = 0; i < res->nruns; i++) {
        const struct gt_run *r = &res->runs[i];
        struct gt_run_rec xb;
        const struct gt_record *x = gt_agg_run_record(r, &xb);
        struct seen cur = {x->tool, x->pue, x->tool_version, x->cpu_model, x->gpu_model};
        int same = 0;
        if (i)
            seen[nseen] = prev;
        prev = cur;
        for (size_t j = i ? nseen + 1 : 0; j-- > 0 && !same;) {
            const struct seen *p = &seen[j];
            same = p->tool == x->tool && (p->pue == x->pue || (isnan(p->pue) && isnan(x->pue))) &&
                   !strcmp(p->tool_version, x->tool_version) &&
                   !strcmp(p->cpu_model, x->cpu_model) && !strcmp(p->gpu_model, x->gpu_model);
        }
        if (i == 0)
            snprintf(f->gpu_logged, sizeof f->gpu_logged, "%s", x->gpu_model);
        else if (strcmp(f->gpu_logged, x->gpu_model))
            f->gpu_logged_varies = 1;
        if (!isnan(r->energy_kwh) && !isnan(r->co2e_g)) {
            e += r->energy_kwh;
            c += r->co2e_g;
        }
        size_t k = 0;
        while (k < f->ntools && f->tools[k].tool != x->tool)
            k++;
        if (k == f->ntools && f->ntools < GT_TOOL__COUNT)
            f->tools[f->ntools++].tool = x->tool;
        if (k < f->ntools)
            f->tools[k].runs++;
        if (same)
            continue;
        long more = f->more_cpus + f->more_gpus;
        if (k < f->ntools && x->tool_version[0])
            add_csv_value(f->tools[k].versions, sizeof f->tools[k].versions, x->tool_version);
        add_models(f->cpus, &f->ncpus, &f->more_cpus, x->cpu_model);
        add_models(f->gpus, &f->ngpus, &f->more_gpus, x->gpu_model);
        if (!isnan(x->pue)) {
            char b[32];
            add_csv_value(f->pues, sizeof f->pues, gt_format_sig(x->pue, 3, b, sizeof b));
        }
        if (more == f->more_cpus + f->more_gpus) {
            seen[next] = cur;
            next = (next + 1) % SEEN;
            nseen += nseen < SEEN;
        }
    }
    f->ci_g_per_kwh = f->ci_given ? res->opts.ci_g_per_kwh : e > 0 ? c / e : NAN;
}

/* ---- lists ------------------------------------------------------------------ */

/* "a, b and c"; beyond `max` items "a, b and 3 other <what>" */
static void sb_list(struct sb *b, enum gt_stmt_markup m, const char *const *v, size_t n, long more,
                    size_t max, const char *what)
{
    size_t shown = n > max ? max : n;
    more += (long)(n - shown);
    for (size_t i = 0; i < shown; i++) {
        if (i)
            sb_str(b, i + 1 == shown && !more ? " and " : ", ");
        sb_data(b, m, v[i]);
    }
    if (more)
        sb_fmt(b, " and %ld other %s", more, what);
}

static size_t ptrs(const char **out, const char (*v)[96], size_t n)
{
    for (size_t i = 0; i < n; i++)
        out[i] = v[i];
    return n;
}

/* LET's hardware name: the CPU model before " @ ". */
static void let_cpu_name(const char *s, char *buf, size_t size)
{
    const char *at = strstr(s, " @ ");
    size_t n = at ? (size_t)(at - s) : strlen(s);
    if (n >= size)
        n = size - 1;
    memcpy(buf, s, n);
    buf[n] = '\0';
}

/* ---- LET -------------------------------------------------------------------- */

const char *const gt_stmt_cmp_const[GT_STMT_NCMP] = {
    "let_cmp_text_message",  "let_cmp_web_search",  "let_cmp_spam_email", "let_cmp_email",
    "let_cmp_apple",         "let_cmp_plastic_bag", "let_cmp_boil_water", "let_cmp_banana",
    "let_cmp_tv_hour",       "let_cmp_shower_6min", "let_cmp_beer_pint",  "let_cmp_toilet_paper",
    "let_cmp_paperback",     "let_cmp_newspaper",   "let_cmp_bath_gas",   "let_cmp_jeans",
    "let_cmp_leather_shoes", "let_cmp_train_trip",  "let_cmp_flight",     "let_cmp_new_car"};
const char *const gt_stmt_cmp_words[GT_STMT_NCMP] = {
    "text messages",
    "web searches",
    "spam emails",
    "proper emails",
    "locally grown apples",
    "plastic carrier bags",
    "times boiling a quart of water",
    "imported bananas",
    "hours of watching TV",
    "a 6-minute electrically powered shower",
    "pints of beer at a pub",
    "rolls of recycled toilet paper",
    "paperback books",
    "weekday newspapers",
    "warm baths (gas-heated)",
    "pairs of cotton jeans",
    "pairs of leather shoes",
    "train trips from NYC to Niagara Falls and back",
    "return economy flights from Los Angeles to Barcelona",
    "new mid-size cars"};

int gt_stmt_comparison(double g, const double *cmp_g, double *factor)
{
    int best = -1;
    double bestd = 0;
    if (!(g > 0) || !cmp_g)
        return -1;
    for (int i = 0; i < GT_STMT_NCMP; i++) {
        double f = g / cmp_g[i];
        if (!(f >= 0.2 && f <= 10.0))
            continue;
        double d = fabs(log(f));
        if (best < 0 || d < bestd) {
            best = i;
            bestd = d;
            *factor = f;
        }
    }
    return best;
}

static void let_statement(struct sb *b, const struct gt_stmt_facts *f, const struct gt_stmt_opts *o)
{
    enum gt_stmt_markup m = o->markup;
    sb_str(b, "Using ");
    if (f->methodology) {
        sb_data(b, m, f->methodology);
    } else {
        for (size_t i = 0; i < f->ntools; i++) {
            if (i)
                sb_str(b, i + 1 == f->ntools ? " and " : ", ");
            const char *name = f->tools[i].tool == GT_TOOL_GREEN_ALGORITHMS
                                   ? "Green Algorithms"
                                   : tool_title(f->tools[i].tool);
            sb_data(b, m, name);
            if (f->tools[i].versions[0]) {
                sb_str(b, " ");
                sb_data(b, m, f->tools[i].versions);
            }
        }
    }
    sb_str(b, ", the energy consumption of running all experiments on an ");
    if (f->hardware) {
        sb_data(b, m, f->hardware);
    } else {
        const char *hw[2 * GT_STMT_MAX_HW];
        char names[GT_STMT_MAX_HW][96];
        size_t n = 0;
        for (size_t i = 0; i < f->ncpus; i++) {
            let_cpu_name(f->cpus[i], names[i], sizeof names[i]);
            size_t j = 0;
            while (j < n && strcmp(hw[j], names[i]))
                j++;
            if (j == n)
                hw[n++] = names[i];
        }
        /* one GPU model: LET writes the cell as logged, "1 x " and all */
        int logged = f->ngpus == 1 && !f->more_gpus && f->gpu_logged[0] && !f->gpu_logged_varies;
        for (size_t i = 0; i < f->ngpus; i++)
            hw[n++] = logged ? f->gpu_logged : f->gpus[i];
        if (!n)
            sb_str(b, "unknown hardware");
        sb_list(b, m, hw, n, f->more_cpus + f->more_gpus, 2 * GT_STMT_LIST_HW, "hardware models");
    }
    /* energy: Wh at or below 0.1 kWh, as LET. LET prints the sum with
     * "%5.3f", reads that text back as the energy, and multiplies it by the
     * truncated rate int(emissions / energy x 1000): so do we (0.448 g for
     * 781 x 0.574 Wh, where the exact figures give 0.449). */
    double e = f->energy_kwh;
    int wh = !(e > 0.1);
    char txt[64];
    snprintf(txt, sizeof txt, "%5.3f", wh ? e * 1000 : e);
    double shown = strtod(txt, NULL);
    int ci = isnan(f->ci_g_per_kwh) ? 0 : (int)f->ci_g_per_kwh;
    sb_fmt(b, " is estimated to %s %s.", txt, wh ? "Wh" : "kWh");
    double g = ci * shown;
    if (wh)
        g /= 1000;
    double em = g >= 10 ? g / 1000 : g;
    sb_fmt(b,
           "This corresponds to estimated carbon emissions of %5.3f %s, assuming a carbon "
           "intensity of %d gCO2/kWh",
           em, g >= 10 ? "kgCO2-equivalents" : "gCO2-equivalents", ci);
    static const char *const k1[] = {"lamarr_energy_tracker", "codecarbon"};
    static const char *const k2[] = {"ai_energy_validation"};
    sb_cite(b, m, k1, 2, f);
    sb_str(b, ". Note that these numbers are underestimations of actual resource consumption and "
              "do not account for overhead factors or embodied impacts");
    sb_cite(b, m, k2, 1, f);
    sb_str(b, ".");
    double factor = 0;
    int c = o->comparison ? gt_stmt_comparison(g, o->cmp_g, &factor) : -1;
    if (c >= 0) {
        sb_str(b, "\n\nFor comparison, this is equivalent to ");
        if (factor >= 0.8 && factor <= 1.25)
            sb_str(b, "1");
        else
            sb_fmt(b, "%.1f", factor);
        sb_fmt(b, " %s. Comparisons are based on ", gt_stmt_cmp_words[c]);
        sb_str(b, m == GT_STMT_LATEX ? "``" : "\"");
        sb_str(b, "How bad are bananas? The Carbon Footprint of everything");
        sb_str(b, m == GT_STMT_LATEX ? "''" : "\"");
        sb_str(b, " by Mike Berners-Lee. Greystone Books 2011.");
    }
}

/* ---- carbontracker ------------------------------------------------------------ */

static void ct_statement(struct sb *b, const struct gt_stmt_facts *f, double car_g_per_km)
{
    double e = isnan(f->energy_kwh) ? 0 : f->energy_kwh;
    double g = isnan(f->co2e_g) ? 0 : f->co2e_g;
    sb_fmt(b,
           "The training of models in this work is estimated to use %.16f kWh of electricity "
           "contributing to %.16f kg of CO2eq. ",
           e, g / 1000);
    if (car_g_per_km > 0)
        sb_fmt(b, "This is equivalent to %.16f km travelled by car. ", g / car_g_per_km);
    sb_str(b, "Measured by carbontracker (https://github.com/lfwa/carbontracker).");
}

/* ---- ours ---------------------------------------------------------------------- */

/* "Allowing for ..., the energy lies between X and Y and the emissions
 * between A and B." (nothing when no range is known) */
static void plain_range(struct sb *b, const struct gt_stmt_facts *f)
{
    int e = !isnan(f->energy_kwh_lo) && !isnan(f->energy_kwh_hi);
    int c = !isnan(f->co2e_g_lo) && !isnan(f->co2e_g_hi);
    if (!e && !c)
        return;
    char x[48], y[48];
    sb_str(b, " Allowing for the uncertainty of each input (power from TDP or measured, PUE, "
              "carbon intensity), ");
    if (e)
        sb_fmt(b, "the energy lies between %s and %s",
               gt_format_energy(f->energy_kwh_lo, x, sizeof x),
               gt_format_energy(f->energy_kwh_hi, y, sizeof y));
    if (c)
        sb_fmt(b, "%sthe emissions between %s and %s", e ? " and " : "",
               gt_format_mass(f->co2e_g_lo, x, sizeof x),
               gt_format_mass(f->co2e_g_hi, y, sizeof y));
    sb_str(b, ".");
}

static void plain_statement(struct sb *b, const struct gt_stmt_facts *f,
                            const struct gt_stmt_opts *o)
{
    enum gt_stmt_markup m = o->markup;
    char e[48], c[48], d[48], v[48];
    if (isnan(f->energy_kwh))
        sb_str(b, "The energy used by the experiments in this work is not known");
    else
        sb_fmt(b, "The experiments in this work used %s of electricity",
               gt_format_energy(f->energy_kwh, e, sizeof e));
    if (!isnan(f->co2e_g)) {
        sb_fmt(b, " and emitted %s of ", gt_format_mass(f->co2e_g, c, sizeof c));
        sb_co2(b, m);
    }
    if (f->runs) {
        sb_fmt(b, " over %ld run%s", f->runs, f->runs == 1 ? "" : "s");
        if (!isnan(f->duration_s))
            sb_fmt(b, " (%s in total)", gt_report_duration(f->duration_s, d, sizeof d));
        if (f->psf > 0 && f->psf != 1)
            sb_fmt(b, " times a pragmatic scaling factor of %s",
                   gt_format_sig(f->psf, 3, v, sizeof v));
    }
    const char *keys[GT_TOOL__COUNT + 2];
    size_t nkeys = 0;
    if (f->methodology) {
        sb_str(b, ", estimated with ");
        sb_data(b, m, f->methodology);
    } else if (f->ntools) {
        sb_str(b, ", measured by ");
        for (size_t i = 0; i < f->ntools; i++) {
            const struct gt_stmt_tool *t = &f->tools[i];
            if (i)
                sb_str(b, i + 1 == f->ntools ? " and " : ", ");
            sb_data(b, m, tool_title(t->tool));
            if (t->versions[0]) {
                sb_str(b, " ");
                sb_data(b, m, t->versions);
            }
            if (f->ntools > 1)
                sb_fmt(b, " (%ld run%s)", t->runs, t->runs == 1 ? "" : "s");
            const char *k = tool_key(t->tool);
            int dup = 0;
            for (size_t j = 0; k && j < nkeys; j++)
                dup |= strcmp(keys[j], k) == 0;
            if (k && !dup)
                keys[nkeys++] = k;
        }
        sb_cite(b, m, keys, nkeys, f);
    }
    if (f->hardware) {
        sb_str(b, " on ");
        sb_data(b, m, f->hardware);
    } else if (f->ncpus || f->ngpus) {
        const char *hv[GT_STMT_MAX_HW] = {0};
        int nm = f->hw_named;
        sb_str(b, " on ");
        sb_list(b, m, hv, nm ? ptrs(hv, f->cpu_names, f->ncpu_names) : ptrs(hv, f->cpus, f->ncpus),
                f->more_cpus, GT_STMT_LIST_HW, "CPU models");
        if (f->ncpus && f->ngpus)
            sb_str(b, " with ");
        sb_list(b, m, hv, nm ? ptrs(hv, f->gpu_names, f->ngpu_names) : ptrs(hv, f->gpus, f->ngpus),
                f->more_gpus, GT_STMT_LIST_HW, "GPU models");
    }
    sb_str(b, ".");
    if (f->runs_no_energy && f->runs)
        sb_fmt(b, " %ld of the runs logged no energy and are not included.", f->runs_no_energy);
    plain_range(b, f);
    if (!isnan(f->ci_g_per_kwh)) {
        sb_fmt(b, " The emissions assume %s carbon intensity of %s g",
               f->ci_given ? "a" : "an average", gt_format_sig(f->ci_g_per_kwh, 3, v, sizeof v));
        sb_co2(b, m);
        sb_str(b, "/kWh");
        if (f->ci_given && f->ci_source) {
            sb_str(b, " (");
            sb_data(b, m, f->ci_source);
            sb_str(b, ")");
        } else if (!f->ci_given) {
            sb_str(b, " (as the tools logged it, weighted by energy)");
        }
        if (f->ci_from_ga) {
            static const char *const ga[] = {"lannelongue2021green"};
            sb_cite(b, m, ga, 1, f);
        }
        sb_str(b, ".");
    }
    if (!isnan(f->pue_given))
        sb_fmt(b, " Energy includes a PUE of %s for every run.",
               gt_format_sig(f->pue_given, 3, v, sizeof v));
    else if (f->pues[0])
        sb_fmt(b, " Energy includes the data-centre overhead (PUE %s) where the tool applied one.",
               f->pues);
    if (f->embodied_given) {
        sb_fmt(b, " The embodied emissions of the hardware's share (%s ",
               gt_format_mass(f->embodied_g, v, sizeof v));
        sb_co2(b, m);
        sb_fmt(b,
               ", over a %s-year lifetime) are reported apart and not included in these "
               "figures. Not counted: the idle and static power of shared machines, networking "
               "and storage. Figures were aggregated with greentally",
               gt_num_fmt(f->embodied_lifetime_years, v, sizeof v));
    } else {
        sb_str(b, " Not counted: the embodied emissions of the hardware, the idle and static power "
                  "of shared machines, networking and storage. Figures were aggregated with "
                  "greentally");
    }
    if (f->greentally_version && *f->greentally_version) {
        sb_str(b, " ");
        sb_str(b, f->greentally_version);
    }
    static const char *const gk[] = {"greentally"};
    sb_cite(b, m, gk, 1, f);
    sb_str(b, ".");
}

char *gt_statement_render(const struct gt_stmt_facts *f, const struct gt_stmt_opts *o)
{
    struct sb b = {0};
    switch (o->style) {
    case GT_STMT_LET:
        let_statement(&b, f, o);
        break;
    case GT_STMT_CARBONTRACKER:
        ct_statement(&b, f, o->ct_car_g_per_km);
        break;
    default:
        plain_statement(&b, f, o);
        break;
    }
    sb_str(&b, "\n");
    return sb_done(&b);
}

/* CodeCarbon at the versions the runs used ("2.4.2" or "2.4.2, 3.2.9"):
 * Zenodo's concept record, since a version DOI is known only for 3.2.3. */
static void cc_bib_concept(struct sb *b, const char *versions)
{
    char v[200];
    size_t n = 0;
    for (const char *p = versions; *p && n + 3 < sizeof v; p++) {
        if (p == versions || (p[-1] == ' ' && p > versions + 1 && p[-2] == ','))
            v[n++] = 'v';
        v[n++] = *p;
    }
    v[n] = '\0';
    sb_str(b, "@software{codecarbon,\n"
              "  author    = {Courty, Beno{\\^i}t and Schmidt, Victor and Kamal, Goyal and "
              "others},\n");
    sb_fmt(b, "  title     = {mlco2/codecarbon: %s},\n", v);
    sb_fmt(b, "  publisher = {Zenodo},\n  version   = {%s},\n", v);
    sb_str(b, "  doi       = {10.5281/zenodo.4658424},\n"
              "  url       = {https://doi.org/10.5281/zenodo.4658424},\n"
              "  note      = {Zenodo concept DOI: it resolves to every release of CodeCarbon},\n"
              "}\n");
}

char *gt_statement_bibtex(const struct gt_stmt_facts *f, const struct gt_stmt_opts *o)
{
    const char *keys[NBIBS];
    size_t n = 0;
    if (o->style == GT_STMT_LET) {
        keys[n++] = "lamarr_energy_tracker";
        keys[n++] = "codecarbon";
        keys[n++] = "ai_energy_validation";
    } else if (o->style == GT_STMT_CARBONTRACKER) {
        keys[n++] = "anthony2020carbontracker";
    } else {
        keys[n++] = "greentally";
        for (size_t i = 0; i < f->ntools && !f->methodology; i++) {
            const char *k = tool_key(f->tools[i].tool);
            if (k)
                keys[n++] = k;
        }
        if (f->ci_from_ga)
            keys[n++] = "lannelongue2021green";
    }
    struct sb b = {0};
    for (size_t i = 0; i < n; i++) {
        int dup = 0;
        for (size_t j = 0; j < i; j++)
            dup |= !strcmp(keys[i], keys[j]);
        if (dup)
            continue;
        const struct bib *e = bib_find(keys[i]);
        if (b.n)
            sb_str(&b, "\n");
        if (!strcmp(e->key, "greentally"))
            sb_fmt(&b, e->entry, f->greentally_version ? f->greentally_version : "");
        else if (!strcmp(e->key, "codecarbon") && cc_cite_concept(f))
            cc_bib_concept(&b, cc_versions(f));
        else
            sb_str(&b, e->entry);
    }
    return sb_done(&b);
}
