#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gt_agg.h"
#include "gt_num.h"
#include "gt_slurm.h"
#include "gt_text.h"
#include "gt_time.h"

static const char *const key_names[GT_KEY__COUNT] = {
    "tool",    "project",   "experiment", "run", "host",  "user",  "cpu",
    "gpu",     "country",   "region",     "day", "week",  "month", "year",
    "account", "partition", "state",      "job", "array",
};

const char *gt_key_name(enum gt_key k)
{
    return (unsigned)k < GT_KEY__COUNT ? key_names[k] : "?";
}

int gt_key_parse_list(const char *s, enum gt_key *keys, size_t max, size_t *n, struct gt_error *err)
{
    *n = 0;
    const char *p = s;
    while (*p) {
        const char *e = strchr(p, ',');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        int found = -1;
        for (int k = 0; k < GT_KEY__COUNT; k++)
            if (strlen(key_names[k]) == len && strncasecmp(key_names[k], p, len) == 0)
                found = k;
        if (found < 0) {
            char name[48];
            snprintf(name, sizeof name, "%.*s", (int)(len > 40 ? 40 : len), p);
            const char *close = gt_closest(name, key_names, GT_KEY__COUNT);
            if (close)
                gt_error_set(err, GT_E_USAGE, "unknown grouping '%s'; did you mean '%s'?", name,
                             close);
            else
                gt_error_set(err, GT_E_USAGE,
                             "unknown grouping '%s' (use tool, project, experiment, run, host, "
                             "user, cpu, gpu, country, region, day, week, month, year, account, "
                             "partition, state, job, array)",
                             name);
            return -1;
        }
        if (*n == max) {
            gt_error_set(err, GT_E_USAGE, "at most %zu groupings", max);
            return -1;
        }
        keys[(*n)++] = (enum gt_key)found;
        p = e ? e + 1 : p + len;
    }
    return 0;
}

/* --- interned strings ------------------------------------------------------------ */

/* Strings stored once (file names, projects, hosts, models, run ids) and
 * referred to by a 32-bit id; id 0 is "". The strings live in blocks that
 * never move, so the result can take the pool over and hand out pointers.
 * A pool without slots (pool_init_plain: the run keys, which the run table
 * finds itself) only stores: pool_append. */
struct pool {
    char **blocks;
    size_t nblocks, capblocks;
    char *cur;
    size_t left;
    const char **strs; /* id -> string */
    uint32_t n, cap;
    uint64_t *slots; /* open addressing: hash's high half << 32 | id + 1; 0 empty */
    size_t nslots;
};

#define POOL_BLOCK ((size_t)1 << 16)

static uint64_t hash_bytes(const char *s, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ull ^ (uint64_t)n;
    while (n >= 8) {
        uint64_t w;
        memcpy(&w, s, 8);
        h = (h ^ w) * 0xff51afd7ed558ccdull;
        h ^= h >> 32;
        s += 8;
        n -= 8;
    }
    uint64_t w = 0;
    memcpy(&w, s, n);
    h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
    return h ^ (h >> 29);
}

static int pool_init_plain(struct pool *p)
{
    memset(p, 0, sizeof *p);
    p->cap = 1024;
    p->strs = malloc(p->cap * sizeof *p->strs);
    if (!p->strs)
        return -1;
    p->strs[0] = "";
    p->n = 1;
    return 0;
}

static int pool_init(struct pool *p)
{
    if (pool_init_plain(p))
        return -1;
    p->nslots = 1024;
    p->slots = calloc(p->nslots, sizeof *p->slots);
    return p->slots ? 0 : -1;
}

static void pool_free(struct pool *p)
{
    for (size_t i = 0; i < p->nblocks; i++)
        free(p->blocks[i]);
    free(p->blocks);
    free(p->strs);
    free(p->slots);
    memset(p, 0, sizeof *p);
}

/* A copy of s[0..len) in the pool's blocks; NULL when out of memory. */
static const char *pool_copy(struct pool *p, const char *s, size_t len)
{
    if (len + 1 > p->left) {
        size_t sz = len + 1 > POOL_BLOCK / 4 ? len + 1 : POOL_BLOCK;
        if (p->nblocks == p->capblocks) {
            size_t nc = p->capblocks ? p->capblocks * 2 : 16;
            char **b = realloc(p->blocks, nc * sizeof *b);
            if (!b)
                return NULL;
            p->blocks = b;
            p->capblocks = nc;
        }
        char *b = malloc(sz);
        if (!b)
            return NULL;
        p->blocks[p->nblocks++] = b;
        if (sz != POOL_BLOCK) { /* a long string has a block of its own */
            memcpy(b, s, len);
            b[len] = '\0';
            return b;
        }
        p->cur = b;
        p->left = sz;
    }
    char *d = p->cur;
    memcpy(d, s, len);
    d[len] = '\0';
    p->cur += len + 1;
    p->left -= len + 1;
    return d;
}

static int pool_grow(struct pool *p)
{
    size_t ns = p->nslots * 2;
    uint64_t *s = calloc(ns, sizeof *s);
    if (!s)
        return -1;
    for (uint32_t id = 1; id < p->n; id++) {
        uint64_t h = hash_bytes(p->strs[id], strlen(p->strs[id]));
        size_t i = (size_t)h & (ns - 1);
        while (s[i])
            i = (i + 1) & (ns - 1);
        s[i] = (h & 0xffffffff00000000ull) | (id + 1);
    }
    free(p->slots);
    p->slots = s;
    p->nslots = ns;
    return 0;
}

/* A new id for a copy of s[0..len) (len > 0), not looked up: -1 when out
 * of memory. */
static int pool_append(struct pool *p, const char *s, size_t len, uint32_t *id)
{
    if (p->n == UINT32_MAX)
        return -1;
    if (p->n == p->cap) {
        uint32_t nc = p->cap > UINT32_MAX / 2 ? UINT32_MAX : p->cap * 2;
        const char **n = realloc(p->strs, (size_t)nc * sizeof *n);
        if (!n)
            return -1;
        p->strs = n;
        p->cap = nc;
    }
    const char *c = pool_copy(p, s, len);
    if (!c)
        return -1;
    p->strs[p->n] = c;
    *id = p->n++;
    return 0;
}

/* The id of s (added when new); -1 when out of memory. */
static int pool_id(struct pool *p, const char *s, uint32_t *id)
{
    size_t len = strlen(s);
    if (!len) {
        *id = 0;
        return 0;
    }
    if ((size_t)(p->n + 1) * 2 > p->nslots && pool_grow(p))
        return -1;
    uint64_t h = hash_bytes(s, len), tag = h & 0xffffffff00000000ull;
    size_t m = p->nslots - 1, i = (size_t)h & m;
    while (p->slots[i]) {
        if ((p->slots[i] & 0xffffffff00000000ull) == tag) {
            uint32_t cand = (uint32_t)p->slots[i] - 1;
            const char *t = p->strs[cand];
            if (memcmp(t, s, len) == 0 && t[len] == '\0') {
                *id = cand;
                return 0;
            }
        }
        i = (i + 1) & m;
    }
    if (pool_append(p, s, len, id))
        return -1;
    p->slots[i] = tag | (*id + 1);
    return 0;
}

/* --- run keys -------------------------------------------------------------------- */

/* The run keys, each stored once in one growing buffer and referred to by its
 * byte offset (32 bits: at most 4 GiB of keys, about 250 M UUID runs; past
 * that the aggregate is out of memory). An entry is a tag byte and then: tag
 * K_STR, the key and its NUL; tag K_UUID, the 16 bytes of a key written as a
 * lowercase UUID (8-4-4-4-12 hex digits, CodeCarbon's run_id), 17 bytes
 * instead of 38. Offset 0 is "" (a run without a key). The run table compares
 * and hashes entries in this form (struct kenc), so a key is never expanded
 * before gt_agg_finish (kstore_str). */
enum { K_STR, K_UUID };

struct kstore {
    unsigned char *buf;
    size_t len, cap;
};

/* A key in its stored form. */
struct kenc {
    int tag;
    const char *s; /* K_STR */
    size_t len;
    unsigned char u[16]; /* K_UUID */
};

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
/* The 8 lowercase hex digits at p as 4 bytes (lowercase only: upper case
 * would not come back as written), all at once (each byte's
 * range tested by adding to it: the bytes are below 0x80, so nothing carries
 * into the next); -1 when one is not a lowercase hex digit. */
static inline int hex8(const unsigned char *p, unsigned char *out)
{
    const uint64_t ones = 0x0101010101010101ull, high = ones * 0x80;
    uint64_t x;
    memcpy(&x, p, 8);
    if (x & high)
        return -1;
    uint64_t digit = (x + ones * (0x80 - '0')) & ~(x + ones * (0x80 - '9' - 1)) & high;
    uint64_t letter = (x + ones * (0x80 - 'a')) & ~(x + ones * (0x80 - 'f' - 1)) & high;
    if ((digit | letter) != high)
        return -1;
    uint64_t v = (x & ones * 0x0f) + (letter >> 7) * 9; /* each byte its digit's value */
    v = (v & 0x00ff00ff00ff00ffull) << 4 | (v >> 8 & 0x00ff00ff00ff00ffull); /* pairs */
    v = (v | v >> 8) & 0x0000ffff0000ffffull;
    v = (v | v >> 16) & 0xffffffffull;
    memcpy(out, &v, 4);
    return 0;
}
#endif

static void kenc_of(const char *s, struct kenc *e)
{
    size_t len = strlen(s);
    e->tag = K_STR;
    e->s = s;
    e->len = len;
    if (len != 36 || s[8] != '-' || s[13] != '-' || s[18] != '-' || s[23] != '-')
        return;
    const unsigned char *u = (const unsigned char *)s;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    unsigned char h[32];
    memcpy(h, u, 8);
    memcpy(h + 8, u + 9, 4);
    memcpy(h + 12, u + 14, 4);
    memcpy(h + 16, u + 19, 4);
    memcpy(h + 20, u + 24, 12);
    if (hex8(h, e->u) == 0 && hex8(h + 8, e->u + 4) == 0 && hex8(h + 16, e->u + 8) == 0 &&
        hex8(h + 24, e->u + 12) == 0)
        e->tag = K_UUID;
#else
    /* hex digit -> value + 1 (lowercase only: upper case would not come back) */
    static const unsigned char hex1[256] = {
        ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,
        ['6'] = 7,  ['7'] = 8,  ['8'] = 9,  ['9'] = 10, ['a'] = 11, ['b'] = 12,
        ['c'] = 13, ['d'] = 14, ['e'] = 15, ['f'] = 16,
    };
    static const unsigned char at[16] = {0, 2, 4, 6, 9, 11, 14, 16, 19, 21, 24, 26, 28, 30, 32, 34};
    unsigned ok = 1;
    for (int i = 0; i < 16; i++) {
        unsigned hi = hex1[u[at[i]]], lo = hex1[u[at[i] + 1]];
        ok &= hi != 0 && lo != 0;
        e->u[i] = (unsigned char)((hi - 1) << 4 | ((lo - 1) & 15));
    }
    if (ok)
        e->tag = K_UUID;
#endif
}

static uint64_t kenc_hash(const struct kenc *e)
{
    return e->tag == K_UUID ? hash_bytes((const char *)e->u, 16) ^ 0x5bd1e995u
                            : hash_bytes(e->s, e->len);
}

/* The entry at ref as a kenc (e->s points into the store). */
static void kstore_at(const struct kstore *k, uint32_t ref, struct kenc *e)
{
    const unsigned char *p = k->buf + ref;
    e->tag = p[0];
    if (e->tag == K_UUID) {
        memcpy(e->u, p + 1, 16);
        return;
    }
    e->s = (const char *)p + 1;
    e->len = strlen(e->s);
}

static int kstore_eq(const struct kstore *k, uint32_t ref, const struct kenc *e)
{
    const unsigned char *p = k->buf + ref;
    if (p[0] != e->tag)
        return 0;
    if (e->tag == K_UUID)
        return memcmp(p + 1, e->u, 16) == 0;
    return memcmp(p + 1, e->s, e->len) == 0 && p[1 + e->len] == '\0';
}

static int kstore_init(struct kstore *k)
{
    k->cap = 4096;
    k->buf = malloc(k->cap);
    if (!k->buf)
        return -1;
    k->buf[0] = K_STR;
    k->buf[1] = '\0';
    k->len = 2;
    return 0;
}

/* A new entry for e: its offset in *ref; -1 when out of memory (or past
 * 4 GiB). */
static int kstore_put(struct kstore *k, const struct kenc *e, uint32_t *ref)
{
    size_t need = e->tag == K_UUID ? 17 : e->len + 2;
    if (k->len > UINT32_MAX || need > (size_t)UINT32_MAX + 1 - k->len)
        return -1;
    if (k->len + need > k->cap) {
        size_t nc = k->cap;
        while (k->len + need > nc)
            nc *= 2;
        unsigned char *n = realloc(k->buf, nc);
        if (!n)
            return -1;
        k->buf = n;
        k->cap = nc;
    }
    unsigned char *p = k->buf + k->len;
    p[0] = (unsigned char)e->tag;
    if (e->tag == K_UUID) {
        memcpy(p + 1, e->u, 16);
    } else {
        memcpy(p + 1, e->s, e->len);
        p[1 + e->len] = '\0';
    }
    *ref = (uint32_t)k->len;
    k->len += need;
    return 0;
}

/* The key at ref as a string: in the store, or written into buf (37 bytes). */
static const char *kstore_str(const struct kstore *k, uint32_t ref, char *buf)
{
    const unsigned char *p = k->buf + ref;
    if (p[0] != K_UUID)
        return (const char *)p + 1;
    static const char hex[] = "0123456789abcdef";
    size_t o = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10)
            buf[o++] = '-';
        buf[o++] = hex[p[1 + i] >> 4];
        buf[o++] = hex[p[1 + i] & 15];
    }
    buf[o] = '\0';
    return buf;
}

/* --- run table ------------------------------------------------------------------ */

/* The strings of a compact record. */
enum {
    S_FILE,
    S_FORMAT,
    S_RUN_KEY,
    S_RUN_ID,
    S_PROJECT,
    S_EXPERIMENT,
    S_USER,
    S_HOST,
    S_GROUP,
    S_COUNTRY,
    S_ISO,
    S_REGION,
    S_CPU,
    S_GPU,
    S_PARTITION, /* SLURM jobs: the partition as logged */
    S_STATE,     /* SLURM jobs: gt_slurm_state_name */
    /* kept when every run is listed (not with notable_runs_only) */
    S_TOOL_VERSION,
    S_OS,
    S_CLOUD,
    S_CLOUD_REGION,
    S_EXTRAS, /* the row's extras in one string (extras_enc; in its tail, not the profile) */
    S__COUNT
};

/* What the aggregate needs of a row, in a fixed size (88 bytes): the
 * figures, and the strings as pool ids. The row itself (extras, series, the
 * other strings) is kept only when the caller wants every run
 * (gt_agg_opts.notable_runs_only unset).
 *
 * Caps and their fallback: a line number is kept in 32 bits; a line beyond
 * UINT32_MAX (or below 0) is kept in gt_agg.wide, line then being its index
 * and RS_LINE_WIDE set (crec_line, crec_set_line). Likewise run.rows. */
struct crec {
    double start, end, duration_s, energy_kwh, cpu_kwh, gpu_kwh, ram_kwh, co2e_g;
    uint32_t line;    /* the row's line, or RS_LINE_WIDE: index into gt_agg.wide */
    uint32_t nrows;   /* rows the row stands for (1; delta rows of a run add up) */
    uint32_t run_key; /* offset in gt_agg.keys (0: the run has no key) */
    uint32_t run_id;  /* id in gt_agg.pool, or RUN_ID_IS_KEY */
    uint32_t prof;    /* index into gt_agg.prof */
    uint8_t tool;
    uint8_t kt;    /* the row's kind (low 4 bits) and tz (high 4 bits) */
    uint8_t flags; /* GT_REC_* and CREC_CPU_RAPL */
    uint8_t rs;    /* RS_LINE_WIDE; and in a run's best row the run's state:
                    * E_* (RS_ESTATE bits), RS_ROWS_WIDE */
};

#define CREC_KIND(c) ((c)->kt & 0x0fu)
#define CREC_TZ(c)   ((unsigned)(c)->kt >> 4)

/* crec.rs */
#define RS_ESTATE    0x03u /* E_*: the best row with energy is none, best, or side */
#define RS_ROWS_WIDE 0x04u /* run.rows is an index into gt_agg.wide */
#define RS_LINE_WIDE 0x08u /* crec.line is an index into gt_agg.wide */

/* crec.run_id when the run id is the run key (CodeCarbon's run_id): not
 * stored twice. */
#define RUN_ID_IS_KEY UINT32_MAX

/* What rows of many runs share (file, project, host, hardware, place, the
 * PUE and carbon intensity as logged), stored once: a row refers to it by
 * index. s[S_RUN_KEY] and s[S_RUN_ID] are unused (0). */
struct prof {
    uint32_t s[S__COUNT];
    double pue, ci_g_per_kwh;
    double cpu_count, gpu_count, ram_gb; /* NAN with notable_runs_only */
};

/* What a listed run's row has beyond its crec and profile (the figures that
 * differ from run to run), parallel to gt_agg.runs[] and side[] when every
 * run is listed; with them and the profile, rec_fill gives the row back as
 * it was read. A row that has what these cannot hold (series, epochs, a
 * SLURM job's figures: keep_whole) is kept whole instead. */
struct xtail {
    double cpu_power_w, gpu_power_w, ram_power_w, co2e_rate_g_per_s;
    long epochs;
    int early_stop, anon_run;
    uint32_t experiment, extras; /* string ids: what often differs from run to run */
};

/* No profile (crec_fill's hint for a new run). */
#define NO_PROF UINT32_MAX

/* crec.flags: the record's GT_REC_* flags (bits 0-6) and this one: a
 * greentally run log whose CPU figure is RAPL's (its extra cpu_method, which
 * the uncertainty basis reads; gt_unc_basis_of). */
#define CREC_CPU_RAPL 0x80u

/* A SLURM job's figures (gt_slurm_fig without its state, which the
 * profile holds as S_STATE). */
struct sfig {
    double energy_maxrss_kwh, co2e_maxrss_g, cpu_core_h, cpu_core_h_charged, gpu_h,
        mem_overallocation;
};

/* Which row counts when the best row has no energy (best_e in the rules). */
enum { E_NONE, E_SAME, E_SIDE };

/* A run: 96 bytes. */
struct run {
    struct crec best; /* best row; best.rs holds the run's state */
    uint32_t rows;    /* rows read of the run, or RS_ROWS_WIDE: index into gt_agg.wide */
    uint32_t side;    /* 0, or index + 1 of the run's slot in gt_agg.side */
};

_Static_assert(sizeof(struct crec) == 88 && sizeof(struct run) == 96,
               "a run is 96 bytes (docs/scaling.md)");
_Static_assert(GT_KIND_TOTAL < 16 && GT_TZ_UTC < 16, "kind and tz share crec.kt");

/* Anonymous runs: (tool, project, 4 s bucket) -> chain of runs. */
struct abucket {
    long bucket;
    uint32_t project, head; /* head: index + 1 into gt_agg.anon, 0 none */
    uint8_t tool, used;
};
struct anon {
    double start;
    uint32_t run, next; /* next: index + 1, 0 end */
};

struct gt_agg {
    struct gt_agg_opts opts;
    struct pool pool;
    uint32_t last[S__COUNT]; /* the id each string field is tried with first: the previous
                              * row's, or the run's before (crec_fill) */
    struct prof *prof;       /* distinct profiles */
    size_t nprof, capprof;
    uint32_t *pslots; /* profile hash: index + 1 */
    size_t npslots;
    uint32_t last_prof;
    struct run *runs;
    size_t nruns, cap;
    struct gt_record **full; /* every run's best row in full, or NULL (notable only) */
    struct crec *side;       /* best rows with energy that are not the best row */
    struct gt_record **side_full;
    size_t nside, capside;
    struct kstore keys; /* the run keys, each once (the run table finds them) */
    uint64_t *slots;    /* (tool, run key) -> key_hash's high half << 32 | run index + 1 */
    size_t nslots;
    uint32_t last_run; /* index + 1 of the run of the previous row with a key */
    struct abucket *ab;
    size_t nab, capab;
    struct anon *anon;
    size_t nanon, capanon;
    int64_t *wide; /* lines and row counts beyond 32 bits (RS_*_WIDE) */
    size_t nwide, capwide;
    struct gt_accounting acc;
    unsigned need;       /* the string fields kept (1 << S_*) */
    int full_given;      /* the result owns the full rows */
    int order_sensitive; /* delta or anonymous rows were added (see gt_agg_merge) */
    /* SLURM jobs: the string fields kept (need and what GA4HPC's per-user
     * figures read), and their figures parallel to runs[] and side[] (the
     * entries of other runs unused); allocated when the first one comes */
    unsigned need_slurm;
    struct sfig *sl, *sl_side;
    size_t capsl, capsl_side;
    /* every run listed: the rest of each row (struct xtail), parallel to
     * runs[] and side[]; and the buffer extras_enc writes into */
    struct xtail *xt, *xt_side;
    size_t capxt, capxt_side;
    char *xbuf;
    size_t capxbuf;
};

struct gt_agg *gt_agg_new(const struct gt_agg_opts *opts)
{
    struct gt_agg *a = calloc(1, sizeof *a);
    if (!a)
        return NULL;
    a->opts = *opts;
    a->need = ~0u;
    if (opts->notable_runs_only) {
        /* only what groups, filters and the notes on runs use */
        a->need = 1u << S_FILE | 1u << S_FORMAT | 1u << S_RUN_KEY | 1u << S_RUN_ID |
                  1u << S_PROJECT | 1u << S_GROUP;
        static const int field_of[GT_KEY__COUNT] = {[GT_KEY_TOOL] = -1,
                                                    [GT_KEY_PROJECT] = S_PROJECT,
                                                    [GT_KEY_EXPERIMENT] = S_EXPERIMENT,
                                                    [GT_KEY_RUN] = -1,
                                                    [GT_KEY_HOST] = S_HOST,
                                                    [GT_KEY_USER] = S_USER,
                                                    [GT_KEY_CPU] = S_CPU,
                                                    [GT_KEY_GPU] = S_GPU,
                                                    [GT_KEY_COUNTRY] = S_COUNTRY,
                                                    [GT_KEY_REGION] = S_REGION,
                                                    [GT_KEY_DAY] = -1,
                                                    [GT_KEY_WEEK] = -1,
                                                    [GT_KEY_MONTH] = -1,
                                                    [GT_KEY_YEAR] = -1,
                                                    [GT_KEY_ACCOUNT] = S_PROJECT,
                                                    [GT_KEY_PARTITION] = S_PARTITION,
                                                    [GT_KEY_STATE] = S_STATE,
                                                    [GT_KEY_JOB] = -1,
                                                    [GT_KEY_ARRAY] = -1};
        for (size_t k = 0; k < opts->nby; k++)
            if ((unsigned)opts->by[k] < GT_KEY__COUNT && field_of[opts->by[k]] >= 0)
                a->need |= 1u << field_of[opts->by[k]];
        if (a->need & (1u << S_COUNTRY))
            a->need |= 1u << S_ISO;
        if (opts->nhosts)
            a->need |= 1u << S_HOST;
    }
    a->need_slurm = a->need | 1u << S_USER | 1u << S_STATE;
    a->nslots = 1024;
    a->slots = calloc(a->nslots, sizeof *a->slots);
    a->capab = 256;
    a->ab = calloc(a->capab, sizeof *a->ab);
    if (pool_init(&a->pool) || kstore_init(&a->keys) || !a->slots || !a->ab) {
        pool_free(&a->pool);
        free(a->keys.buf);
        free(a->slots);
        free(a->ab);
        free(a);
        return NULL;
    }
    return a;
}

void gt_agg_count_superseded(struct gt_agg *a, long rows)
{
    a->acc.rows_read += rows;
    a->acc.rows_superseded += rows;
}

void gt_agg_count_rejected(struct gt_agg *a, long rows)
{
    a->acc.rows_read += rows;
    a->acc.rows_rejected += rows;
}

void gt_agg_count_excluded(struct gt_agg *a, long rows)
{
    a->acc.rows_read += rows;
    a->acc.rows_excluded += rows;
}

void gt_agg_count_file(struct gt_agg *a, int skipped)
{
    if (skipped)
        a->acc.files_skipped++;
    else
        a->acc.files_read++;
}

void gt_agg_count_file_rejected(struct gt_agg *a)
{
    a->acc.files_rejected++;
}

void gt_agg_count_file_duplicate(struct gt_agg *a)
{
    a->acc.files_duplicate++;
}

static int rank_kind(int k)
{
    return k == GT_KIND_PREDICTED ? 0 : 1;
}

static int cmp_nan_last(double a, double b)
{
    if (isnan(a) && isnan(b))
        return 0;
    if (isnan(a))
        return -1;
    if (isnan(b))
        return 1;
    return a < b ? -1 : a > b;
}

/* > 0 when a row (kind, flags, end, duration) is better than o (ties go to
 * the newer row): a whole row before a part of the run (GT_REC_PARTIAL). */
static int better(int kind, unsigned flags, double end, double dur, const struct crec *o)
{
    int c = !(flags & GT_REC_PARTIAL) - !(o->flags & GT_REC_PARTIAL);
    if (c)
        return c;
    c = rank_kind(kind) - rank_kind((int)CREC_KIND(o));
    if (c)
        return c;
    c = cmp_nan_last(end, o->end);
    if (c)
        return c;
    c = cmp_nan_last(dur, o->duration_s);
    if (c)
        return c;
    return 1;
}

static int has_energy(const struct gt_record *r)
{
    return !isnan(gt_record_energy(r));
}

static int crec_energy_known(const struct crec *c)
{
    return !isnan(c->energy_kwh) ||
           (!isnan(c->cpu_kwh) && !isnan(c->gpu_kwh) && !isnan(c->ram_kwh));
}

/* Interns a string field, trying the previous row's value first. */
static int field_intern(struct gt_agg *a, int f, const char *s, uint32_t *out)
{
    const char *l = a->pool.strs[a->last[f]];
    if (l[0] == s[0] && (!s[0] || strcmp(l, s) == 0)) {
        *out = a->last[f];
        return 0;
    }
    if (pool_id(&a->pool, s, out))
        return -1;
    a->last[f] = *out;
    return 0;
}

/* field_intern for a field that is kept, id 0 for one that is not. */
static inline int field_if(struct gt_agg *a, unsigned need, int f, const char *s, uint32_t *out)
{
    if (!(need >> f & 1u)) {
        *out = 0;
        return 0;
    }
    return field_intern(a, f, s, out);
}

static int field(struct gt_agg *a, int f, const char *s, uint32_t *out)
{
    return field_if(a, a->need, f, s, out);
}

/* The index of profile x (added when new), trying profile hint first
 * (NO_PROF: none); -1 when out of memory. */
static int prof_id(struct gt_agg *a, const struct prof *x, uint32_t hint, uint32_t *out)
{
    if (hint != NO_PROF && memcmp(&a->prof[hint], x, sizeof *x) == 0) {
        *out = hint;
        return 0;
    }
    if (a->nprof && memcmp(&a->prof[a->last_prof], x, sizeof *x) == 0) {
        *out = a->last_prof;
        return 0;
    }
    if ((a->nprof + 1) * 2 > a->npslots) {
        size_t ns = a->npslots ? a->npslots * 2 : 64;
        uint32_t *sl = calloc(ns, sizeof *sl);
        if (!sl)
            return -1;
        for (size_t i = 0; i < a->nprof; i++) {
            size_t h = (size_t)hash_bytes((const char *)&a->prof[i], sizeof *x) & (ns - 1);
            while (sl[h])
                h = (h + 1) & (ns - 1);
            sl[h] = (uint32_t)i + 1;
        }
        free(a->pslots);
        a->pslots = sl;
        a->npslots = ns;
    }
    size_t m = a->npslots - 1, h = (size_t)hash_bytes((const char *)x, sizeof *x) & m;
    while (a->pslots[h]) {
        if (memcmp(&a->prof[a->pslots[h] - 1], x, sizeof *x) == 0) {
            *out = a->last_prof = a->pslots[h] - 1;
            return 0;
        }
        h = (h + 1) & m;
    }
    if (a->nprof == a->capprof) {
        size_t nc = a->capprof ? a->capprof * 2 : 64;
        struct prof *n = realloc(a->prof, nc * sizeof *n);
        if (!n)
            return -1;
        a->prof = n;
        a->capprof = nc;
    }
    a->prof[a->nprof] = *x;
    a->pslots[h] = (uint32_t)++a->nprof;
    *out = a->last_prof = (uint32_t)(a->nprof - 1);
    return 0;
}

static const struct prof *P(const struct gt_agg *a, const struct crec *c)
{
    return &a->prof[c->prof];
}

/* --- SLURM jobs' figures (parallel to runs[] and side[]) --------------------------- */

/* The figures of row c, a run's best row or a side row of a; the arrays are
 * grown to the tables' capacity first. NULL when out of memory. */
/* Where row c is: the index of its run (*side 0) or side slot (*side 1). */
static size_t row_of(const struct gt_agg *a, const struct crec *c, int *side)
{
    uintptr_t at = (uintptr_t)c, rb = (uintptr_t)a->runs + offsetof(struct run, best);
    *side = !(a->runs && at >= rb && at < rb + a->cap * sizeof *a->runs);
    return *side ? (size_t)(c - a->side) : (size_t)(at - rb) / sizeof *a->runs;
}

static struct sfig *sl_slot(struct gt_agg *a, const struct crec *c)
{
    int side;
    size_t i = row_of(a, c, &side);
    struct sfig **v = side ? &a->sl_side : &a->sl;
    size_t *cap = side ? &a->capsl_side : &a->capsl, want = side ? a->capside : a->cap;
    if (*cap < want) {
        struct sfig *n = realloc(*v, want * sizeof *n);
        if (!n)
            return NULL;
        *v = n;
        *cap = want;
    }
    return i < *cap ? &(*v)[i] : NULL;
}

static enum gt_status sl_get(struct gt_agg *a, const struct crec *c, struct sfig *out)
{
    struct sfig *f = sl_slot(a, c);
    if (!f)
        return GT_E_NOMEM;
    *out = *f;
    return GT_OK;
}

static enum gt_status sl_set(struct gt_agg *a, const struct crec *c, const struct sfig *v)
{
    struct sfig *d = sl_slot(a, c);
    if (!d)
        return GT_E_NOMEM;
    *d = *v;
    return GT_OK;
}

static enum gt_status sl_put(struct gt_agg *a, const struct crec *c, const struct gt_slurm_fig *f)
{
    struct sfig v = {f->energy_maxrss_kwh,  f->co2e_maxrss_g, f->cpu_core_h,
                     f->cpu_core_h_charged, f->gpu_h,         f->mem_overallocation};
    return sl_set(a, c, &v);
}

/* Row dc of dst gets the figures of row sc of src (SLURM rows only). */
static enum gt_status sl_copy(struct gt_agg *dst, const struct crec *dc, struct gt_agg *src,
                              const struct crec *sc)
{
    struct sfig v;
    if (sc->tool != GT_TOOL_SLURM || src->opts.no_slurm_figures)
        return GT_OK;
    return sl_get(src, sc, &v) != GT_OK ? GT_E_NOMEM : sl_set(dst, dc, &v);
}

/* --- the rest of a listed run's row (parallel to runs[] and side[]) ------------- */

/* Row c's tail, the arrays grown to the tables' capacity first. NULL when
 * out of memory. */
static struct xtail *xt_slot(struct gt_agg *a, const struct crec *c)
{
    int side;
    size_t i = row_of(a, c, &side);
    struct xtail **v = side ? &a->xt_side : &a->xt;
    size_t *cap = side ? &a->capxt_side : &a->capxt, want = side ? a->capside : a->cap;
    if (*cap < want) {
        struct xtail *n = realloc(*v, want * sizeof *n);
        if (!n)
            return NULL;
        *v = n;
        *cap = want;
    }
    return i < *cap ? &(*v)[i] : NULL;
}

/* Row c's tail, or NULL when the agg keeps none. */
static const struct xtail *xt_of(const struct gt_agg *a, const struct crec *c)
{
    int side;
    size_t i = row_of(a, c, &side);
    return side ? (a->xt_side && i < a->capxt_side ? &a->xt_side[i] : NULL)
                : (a->xt && i < a->capxt ? &a->xt[i] : NULL);
}

/* Row dc of dst gets the tail of row sc of src (when dst keeps tails). */
static enum gt_status xt_copy(struct gt_agg *dst, const struct crec *dc, const struct gt_agg *src,
                              const struct crec *sc)
{
    if (!dst->opts.notable_runs_only) {
        const struct xtail *s = xt_of(src, sc);
        struct xtail v = s ? *s : (struct xtail){0};
        struct xtail *d = xt_slot(dst, dc);
        if (!d)
            return GT_E_NOMEM;
        *d = v;
    }
    return GT_OK;
}

/* 1 when row r is kept whole (gt_record_dup) when every run is listed: what
 * the compact record, the profile and the tail cannot give back. */
static int keep_whole(const struct gt_record *r)
{
    return r->tool == GT_TOOL_SLURM || r->slurm || r->nseries || r->nepochs_s;
}

/* The extras of r as one string: each key and value followed by \x01, the
 * bytes \x01 and \x02 in them written as \x02 and the byte + 0x20 ("" when r
 * has none). In a->xbuf; NULL when out of memory. */
static const char *extras_enc(struct gt_agg *a, const struct gt_record *r)
{
    size_t need = 1;
    for (size_t i = 0; i < r->nextras; i++)
        need += 2 * (strlen(r->extras[i].key) + strlen(r->extras[i].value)) + 2;
    if (need > a->capxbuf) {
        size_t nc = need < 256 ? 256 : need * 2;
        char *n = realloc(a->xbuf, nc);
        if (!n)
            return NULL;
        a->xbuf = n;
        a->capxbuf = nc;
    }
    char *o = a->xbuf;
    for (size_t i = 0; i < 2 * r->nextras; i++) {
        const char *v = i & 1 ? r->extras[i / 2].value : r->extras[i / 2].key;
        for (; *v; v++) {
            if (*v == '\x01' || *v == '\x02') {
                *o++ = '\x02';
                *o++ = (char)(*v + 0x20);
            } else
                *o++ = *v;
        }
        *o++ = '\x01';
    }
    *o = '\0';
    return a->xbuf;
}

/* v kept in gt_agg.wide: its index; -1 when out of memory. */
static int64_t wide_put(struct gt_agg *a, int64_t v)
{
    if (a->nwide == a->capwide) {
        size_t nc = a->capwide ? a->capwide * 2 : 16;
        int64_t *n = nc <= UINT32_MAX ? realloc(a->wide, nc * sizeof *n) : NULL;
        if (!n)
            return -1;
        a->wide = n;
        a->capwide = nc;
    }
    a->wide[a->nwide] = v;
    return (int64_t)a->nwide++;
}

static long crec_line(const struct gt_agg *a, const struct crec *c)
{
    return c->rs & RS_LINE_WIDE ? (long)a->wide[c->line] : (long)c->line;
}

static int crec_set_line(struct gt_agg *a, struct crec *c, long line)
{
    c->rs &= (uint8_t)~RS_LINE_WIDE;
    if (line >= 0 && (unsigned long)line <= UINT32_MAX) {
        c->line = (uint32_t)line;
        return 0;
    }
    int64_t i = wide_put(a, line);
    if (i < 0)
        return -1;
    c->line = (uint32_t)i;
    c->rs |= RS_LINE_WIDE;
    return 0;
}

static int estate(const struct run *r)
{
    return r->best.rs & RS_ESTATE;
}

static void set_estate(struct run *r, int e)
{
    r->best.rs = (uint8_t)((r->best.rs & ~RS_ESTATE) | (unsigned)e);
}

static long run_rows(const struct gt_agg *a, const struct run *r)
{
    return r->best.rs & RS_ROWS_WIDE ? (long)a->wide[r->rows] : (long)r->rows;
}

static int run_set_rows(struct gt_agg *a, struct run *r, long rows)
{
    if (r->best.rs & RS_ROWS_WIDE) {
        a->wide[r->rows] = rows;
        return 0;
    }
    if (rows >= 0 && (unsigned long)rows <= UINT32_MAX) {
        r->rows = (uint32_t)rows;
        return 0;
    }
    int64_t i = wide_put(a, rows);
    if (i < 0)
        return -1;
    r->rows = (uint32_t)i;
    r->best.rs |= RS_ROWS_WIDE;
    return 0;
}

/* c gets row r of the run with key run_key. hint: the profile the run's
 * rows had so far (NO_PROF: a new run); a run's rows mostly share their
 * strings, so they are tried first, before the previous row's (which in
 * interleaved logs is another run's). */
static enum gt_status crec_fill(struct gt_agg *a, struct crec *c, const struct gt_record *r,
                                uint32_t run_key, uint32_t hint)
{
    if (hint != NO_PROF)
        memcpy(a->last, a->prof[hint].s, sizeof a->last);
    c->start = r->start;
    c->end = r->end;
    c->duration_s = r->duration_s;
    c->energy_kwh = r->energy_kwh;
    c->cpu_kwh = r->cpu_kwh;
    c->gpu_kwh = r->gpu_kwh;
    c->ram_kwh = r->ram_kwh;
    c->co2e_g = r->co2e_g;
    if (crec_set_line(a, c, r->line))
        return GT_E_NOMEM;
    c->nrows = r->nrows > 0 && r->nrows < (long)UINT32_MAX ? (uint32_t)r->nrows : 1;
    c->tool = (uint8_t)r->tool;
    c->kt = (uint8_t)(((unsigned)r->kind & 0x0fu) | ((unsigned)r->tz & 0x0fu) << 4);
    c->flags = (uint8_t)(r->flags & 0x7fu);
    if (r->tool == GT_TOOL_GREENTALLY)
        for (size_t i = 0; i < r->nextras; i++)
            if (!strcmp(r->extras[i].key, "cpu_method") && !strcmp(r->extras[i].value, "rapl"))
                c->flags |= CREC_CPU_RAPL;
    c->run_key = run_key;
    if (run_key && (r->run_id == r->run_key || strcmp(r->run_id, r->run_key) == 0))
        c->run_id = RUN_ID_IS_KEY;
    else if (field(a, S_RUN_ID, r->run_id, &c->run_id))
        return GT_E_NOMEM;
    struct prof x;
    memset(&x, 0, sizeof x);
    x.pue = r->pue;
    x.ci_g_per_kwh = r->ci_g_per_kwh;
    int listed = !a->opts.notable_runs_only;
    x.cpu_count = listed ? r->cpu_count : NAN;
    x.gpu_count = listed ? r->gpu_count : NAN;
    x.ram_gb = listed ? r->ram_gb : NAN;
    int slurm = r->tool == GT_TOOL_SLURM;
    unsigned need = slurm ? a->need_slurm : a->need;
    struct gt_slurm_fig fig;
    if (slurm) {
        gt_slurm_fig_of(r, &fig);
        const char *st = r->slurm ? gt_slurm_state_name(fig.state) : gt_record_extra(r, "state");
        if (field_if(a, need, S_STATE, st, &x.s[S_STATE]) ||
            ((need >> S_PARTITION & 1u) &&
             field_if(a, need, S_PARTITION, gt_record_extra(r, "partition"), &x.s[S_PARTITION])))
            return GT_E_NOMEM;
    }
    if (field(a, S_FILE, r->file, &x.s[S_FILE]) || field(a, S_FORMAT, r->format, &x.s[S_FORMAT]) ||
        field(a, S_PROJECT, r->project, &x.s[S_PROJECT]) ||
        (!listed && field(a, S_EXPERIMENT, r->experiment, &x.s[S_EXPERIMENT])) ||
        field_if(a, need, S_USER, r->user, &x.s[S_USER]) ||
        field(a, S_HOST, r->host, &x.s[S_HOST]) || field(a, S_GROUP, r->group_key, &x.s[S_GROUP]) ||
        field(a, S_COUNTRY, r->country, &x.s[S_COUNTRY]) ||
        field(a, S_ISO, r->country_iso, &x.s[S_ISO]) ||
        field(a, S_REGION, r->region, &x.s[S_REGION]) ||
        field(a, S_CPU, r->cpu_model, &x.s[S_CPU]) || field(a, S_GPU, r->gpu_model, &x.s[S_GPU]) ||
        field(a, S_TOOL_VERSION, r->tool_version, &x.s[S_TOOL_VERSION]) ||
        field(a, S_OS, r->os, &x.s[S_OS]) || field(a, S_CLOUD, r->cloud_provider, &x.s[S_CLOUD]) ||
        field(a, S_CLOUD_REGION, r->cloud_region, &x.s[S_CLOUD_REGION]))
        return GT_E_NOMEM;
    /* a listed run's experiment and extras are in its tail: they often
     * differ from run to run (CodeCarbon 3's experiment_id, utilisation) */
    uint32_t exp = 0, xid = 0;
    if (listed) {
        const char *e = r->nextras && !keep_whole(r) ? extras_enc(a, r) : "";
        if (!e || field(a, S_EXPERIMENT, r->experiment, &exp) || field(a, S_EXTRAS, e, &xid))
            return GT_E_NOMEM;
    }
    if (prof_id(a, &x, hint, &c->prof))
        return GT_E_NOMEM;
    if (listed) {
        struct xtail *t = xt_slot(a, c);
        if (!t)
            return GT_E_NOMEM;
        *t = (struct xtail){r->cpu_power_w,
                            r->gpu_power_w,
                            r->ram_power_w,
                            r->co2e_rate_g_per_s,
                            r->epochs,
                            r->early_stop,
                            r->anon_run,
                            exp,
                            xid};
    }
    return slurm && !a->opts.no_slurm_figures ? sl_put(a, c, &fig) : GT_OK;
}

static int want_full(const struct gt_agg *a)
{
    return !a->opts.notable_runs_only;
}

/* Replaces *slot by a copy of r (keeping the block when the copy fits is not
 * worth it: one malloc per better row), or by NULL when r's crec, profile
 * and tail give it back (all but keep_whole's rows). */
static enum gt_status keep_full(struct gt_record **slot, const struct gt_record *r)
{
    if (!keep_whole(r)) { /* its crec, profile and tail give it back */
        free(*slot);
        *slot = NULL;
        return GT_OK;
    }
    struct gt_record *d = gt_record_dup(r);
    if (!d)
        return GT_E_NOMEM;
    free(*slot);
    *slot = d;
    return GT_OK;
}

static enum gt_status new_run(struct gt_agg *a, uint32_t run_key, const struct gt_record *rec,
                              size_t *idx)
{
    if (a->nruns == a->cap) {
        size_t nc = a->cap ? a->cap * 2 : 256;
        struct run *p = realloc(a->runs, nc * sizeof *p);
        if (!p)
            return GT_E_NOMEM;
        a->runs = p;
        if (want_full(a)) {
            struct gt_record **f = realloc(a->full, nc * sizeof *f);
            if (!f)
                return GT_E_NOMEM;
            a->full = f;
        }
        a->cap = nc;
    }
    struct run *r = &a->runs[a->nruns];
    memset(r, 0, sizeof *r);
    if (crec_fill(a, &r->best, rec, run_key, NO_PROF) != GT_OK)
        return GT_E_NOMEM;
    if (want_full(a)) {
        a->full[a->nruns] = NULL;
        if (keep_full(&a->full[a->nruns], rec) != GT_OK)
            return GT_E_NOMEM;
    }
    set_estate(r, has_energy(rec) ? E_SAME : E_NONE);
    if (run_set_rows(a, r, rec->nrows))
        return GT_E_NOMEM;
    *idx = a->nruns++;
    return GT_OK;
}

static double add_nan(double a, double b)
{
    return isnan(a) ? b : isnan(b) ? a : a + b;
}

/* Delta rows (each its own interval) add up. */
static void sum_into(struct crec *d, const struct gt_record *s)
{
    d->energy_kwh = add_nan(d->energy_kwh, s->energy_kwh);
    d->cpu_kwh = add_nan(d->cpu_kwh, s->cpu_kwh);
    d->gpu_kwh = add_nan(d->gpu_kwh, s->gpu_kwh);
    d->ram_kwh = add_nan(d->ram_kwh, s->ram_kwh);
    d->co2e_g = add_nan(d->co2e_g, s->co2e_g);
    d->duration_s = add_nan(d->duration_s, s->duration_s);
    if (isnan(d->start) || s->start < d->start)
        d->start = s->start;
    if (isnan(d->end) || s->end > d->end)
        d->end = s->end;
    d->nrows += (uint32_t)s->nrows;
    d->flags &= (uint8_t)~GT_REC_NO_ENERGY;
}

/* The run's side slot (created when it has none). */
static enum gt_status side_slot(struct gt_agg *a, struct run *r, size_t *out)
{
    if (!r->side) {
        if (a->nside == a->capside) {
            size_t nc = a->capside ? a->capside * 2 : 16;
            struct crec *s = realloc(a->side, nc * sizeof *s);
            if (!s)
                return GT_E_NOMEM;
            a->side = s;
            if (want_full(a)) {
                struct gt_record **f = realloc(a->side_full, nc * sizeof *f);
                if (!f)
                    return GT_E_NOMEM;
                a->side_full = f;
            }
            a->capside = nc;
        }
        if (want_full(a))
            a->side_full[a->nside] = NULL;
        memset(&a->side[a->nside], 0, sizeof a->side[a->nside]);
        r->side = (uint32_t)++a->nside;
    }
    *out = r->side - 1;
    return GT_OK;
}

static enum gt_status update_run(struct gt_agg *a, size_t idx, const struct gt_record *rec)
{
    struct run *r = &a->runs[idx];
    if (run_set_rows(a, r, run_rows(a, r) + rec->nrows))
        return GT_E_NOMEM;
    if ((rec->flags & GT_REC_DELTA) && (r->best.flags & GT_REC_DELTA)) {
        sum_into(&r->best, rec);
        if (estate(r) == E_NONE && crec_energy_known(&r->best))
            set_estate(r, E_SAME);
        return GT_OK;
    }
    int b = better(rec->kind, rec->flags, rec->end, rec->duration_s, &r->best) > 0;
    int be =
        has_energy(rec) &&
        (estate(r) == E_NONE || better(rec->kind, rec->flags, rec->end, rec->duration_s,
                                       estate(r) == E_SAME ? &r->best : &a->side[r->side - 1]) > 0);
    if (!b && !be)
        return GT_OK;
    uint32_t key = r->best.run_key;
    size_t s;
    if (b && !be && estate(r) == E_SAME) { /* the old best keeps counting: move it aside */
        if (side_slot(a, r, &s) != GT_OK)
            return GT_E_NOMEM;
        r = &a->runs[idx];
        a->side[s] = r->best;
        if (sl_copy(a, &a->side[s], a, &r->best) != GT_OK ||
            xt_copy(a, &a->side[s], a, &r->best) != GT_OK)
            return GT_E_NOMEM;
        if (want_full(a)) {
            free(a->side_full[s]);
            a->side_full[s] = a->full[idx];
            a->full[idx] = NULL;
        }
        set_estate(r, E_SIDE);
    }
    if (b) {
        if (crec_fill(a, &r->best, rec, key, r->best.prof) != GT_OK ||
            (want_full(a) && keep_full(&a->full[idx], rec) != GT_OK))
            return GT_E_NOMEM;
        if (be)
            set_estate(r, E_SAME);
        return GT_OK;
    }
    /* a better row with energy that is not the best row */
    if (side_slot(a, r, &s) != GT_OK)
        return GT_E_NOMEM;
    r = &a->runs[idx];
    if (crec_fill(a, &a->side[s], rec, key, r->best.prof) != GT_OK ||
        (want_full(a) && keep_full(&a->side_full[s], rec) != GT_OK))
        return GT_E_NOMEM;
    set_estate(r, E_SIDE);
    return GT_OK;
}

static uint64_t mix(uint64_t x)
{
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdull;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ull;
    return x ^ (x >> 33);
}

/* The hash of run key e of tool t; its high half places and tags the run in
 * the run table. */
static uint64_t key_hash(const struct kenc *e, uint8_t t)
{
    return mix(kenc_hash(e) + t);
}

static size_t slot_home(uint64_t h, size_t m)
{
    return (size_t)(h >> 32) & m;
}

/* The slot of run key e of tool t (hash h) in a's run table: the run's, or
 * the empty slot where it goes. */
static size_t run_slot(const struct gt_agg *a, const struct kenc *e, uint64_t h, uint8_t t)
{
    uint64_t tag = h & 0xffffffff00000000ull;
    size_t m = a->nslots - 1, i = slot_home(h, m);
    for (; a->slots[i]; i = (i + 1) & m) {
        if ((a->slots[i] & 0xffffffff00000000ull) != tag)
            continue;
        const struct crec *c = &a->runs[(uint32_t)a->slots[i] - 1].best;
        if (c->tool == t && kstore_eq(&a->keys, c->run_key, e))
            break;
    }
    return i;
}

/* Doubles the run table; the slots' tags place them again (no key is read). */
static enum gt_status rehash(struct gt_agg *a)
{
    size_t ns = a->nslots * 2;
    uint64_t *s = calloc(ns, sizeof *s);
    if (!s)
        return GT_E_NOMEM;
    for (size_t i = 0; i < a->nslots; i++) {
        if (!a->slots[i])
            continue;
        size_t h = slot_home(a->slots[i], ns - 1);
        while (s[h])
            h = (h + 1) & (ns - 1);
        s[h] = a->slots[i];
    }
    free(a->slots);
    a->slots = s;
    a->nslots = ns;
    return GT_OK;
}

/* Anonymous rows: same tool and project, start within 2 s. Buckets of 4 s
 * keyed by (tool, project, floor(start / 4)); neighbours are checked too. */
static struct abucket *abucket(struct gt_agg *a, uint8_t tool, uint32_t project, long bucket,
                               int create)
{
    size_t m = a->capab - 1;
    size_t h =
        (size_t)mix((uint64_t)bucket * 0x9e3779b97f4a7c15ull ^ (uint64_t)project << 8 ^ tool) & m;
    while (a->ab[h].used) {
        struct abucket *b = &a->ab[h];
        if (b->bucket == bucket && b->project == project && b->tool == tool)
            return b;
        h = (h + 1) & m;
    }
    if (!create)
        return NULL;
    if ((a->nab + 1) * 2 > a->capab) {
        size_t nc = a->capab * 2;
        struct abucket *n = calloc(nc, sizeof *n);
        if (!n)
            return NULL;
        struct abucket *o = a->ab;
        size_t oc = a->capab;
        a->ab = n;
        a->capab = nc;
        a->nab = 0;
        for (size_t i = 0; i < oc; i++)
            if (o[i].used)
                *abucket(a, o[i].tool, o[i].project, o[i].bucket, 1) = o[i];
        free(o);
        return abucket(a, tool, project, bucket, create);
    }
    a->nab++;
    a->ab[h] = (struct abucket){bucket, project, 0, tool, 1};
    return &a->ab[h];
}

static enum gt_status add_anon(struct gt_agg *a, const struct gt_record *rec)
{
    double st = rec->start;
    long b = (long)floor(st / 4.0);
    uint32_t project;
    if (field(a, S_PROJECT, rec->project, &project))
        return GT_E_NOMEM;
    uint8_t tool = (uint8_t)rec->tool;
    for (long d = -1; d <= 1; d++) {
        struct abucket *bk = abucket(a, tool, project, b + d, 0);
        for (uint32_t i = bk ? bk->head : 0; i; i = a->anon[i - 1].next)
            if (fabs(a->anon[i - 1].start - st) <= 2.0)
                return update_run(a, a->anon[i - 1].run, rec);
    }
    if (a->nanon == a->capanon) {
        size_t nc = a->capanon ? a->capanon * 2 : 64;
        struct anon *n = realloc(a->anon, nc * sizeof *n);
        if (!n)
            return GT_E_NOMEM;
        a->anon = n;
        a->capanon = nc;
    }
    size_t idx;
    if (new_run(a, 0, rec, &idx) != GT_OK)
        return GT_E_NOMEM;
    struct abucket *bk = abucket(a, tool, project, b, 1);
    if (!bk)
        return GT_E_NOMEM;
    a->anon[a->nanon] = (struct anon){st, (uint32_t)idx, bk->head};
    bk->head = (uint32_t)++a->nanon;
    return GT_OK;
}

enum gt_status gt_agg_add(struct gt_agg *a, const struct gt_record *rec)
{
    char why[128];
    if (gt_record_check(rec, why, sizeof why) != 0) {
        a->acc.rows_read += rec->nrows;
        a->acc.rows_rejected += rec->nrows; /* beyond the bounds: never a figure */
        return GT_OK;
    }
    return gt_agg_add_checked(a, rec);
}

enum gt_status gt_agg_add_checked(struct gt_agg *a, const struct gt_record *rec)
{
    a->acc.rows_read += rec->nrows;
    size_t idx;
    if (rec->anon_run || (rec->flags & GT_REC_DELTA))
        a->order_sensitive = 1;
    if (a->nruns >= UINT32_MAX - 1)
        return GT_E_NOMEM;
    if (rec->anon_run && !isnan(rec->start))
        return add_anon(a, rec);
    if (!rec->run_key[0])
        return new_run(a, 0, rec, &idx);
    uint8_t tool = (uint8_t)rec->tool;
    struct kenc e;
    kenc_of(rec->run_key, &e);
    if (a->last_run) { /* rows of a run often come one after the other */
        const struct crec *c = &a->runs[a->last_run - 1].best;
        if (c->tool == tool && kstore_eq(&a->keys, c->run_key, &e))
            return update_run(a, a->last_run - 1, rec);
    }
    uint64_t h = key_hash(&e, tool);
    size_t i = run_slot(a, &e, h, tool);
    if (a->slots[i]) {
        a->last_run = (uint32_t)a->slots[i];
        return update_run(a, a->last_run - 1, rec);
    }
    uint32_t key;
    if (kstore_put(&a->keys, &e, &key) || new_run(a, key, rec, &idx) != GT_OK)
        return GT_E_NOMEM;
    a->slots[i] = (h & 0xffffffff00000000ull) | ((uint64_t)idx + 1);
    a->last_run = (uint32_t)idx + 1;
    if (a->nruns * 2 > a->nslots)
        return rehash(a);
    return GT_OK;
}

/* --- keys --------------------------------------------------------------------- */

const char *gt_agg_key_value(const struct gt_record *r, enum gt_key k, char *buf, size_t size)
{
    double t = !isnan(r->start) ? r->start : r->end;
    buf[0] = '\0';
    switch (k) {
    case GT_KEY_TOOL:
        return gt_tool_name(r->tool);
    case GT_KEY_PROJECT:
        return r->project;
    case GT_KEY_EXPERIMENT:
        return r->experiment;
    case GT_KEY_RUN:
        if (r->run_id[0])
            return r->run_id;
        if (r->run_key[0])
            return r->run_key;
        snprintf(buf, size, "%s:%ld", r->file, r->line);
        return buf;
    case GT_KEY_HOST:
        return r->host;
    case GT_KEY_USER:
        return r->user;
    case GT_KEY_CPU:
        return r->cpu_model;
    case GT_KEY_GPU:
        return r->gpu_model;
    case GT_KEY_COUNTRY:
        return r->country_iso[0] ? r->country_iso : r->country;
    case GT_KEY_REGION:
        return r->region;
    case GT_KEY_DAY:
    case GT_KEY_WEEK:
    case GT_KEY_MONTH:
    case GT_KEY_YEAR:
        if (isnan(t))
            return "";
        return gt_time_period_fmt(t,
                                  k == GT_KEY_DAY     ? 'd'
                                  : k == GT_KEY_MONTH ? 'm'
                                  : k == GT_KEY_YEAR  ? 'y'
                                                      : 'w',
                                  buf, size);
    case GT_KEY_ACCOUNT:
    case GT_KEY_PARTITION:
    case GT_KEY_STATE:
    case GT_KEY_JOB:
    case GT_KEY_ARRAY:
        if (r->tool != GT_TOOL_SLURM)
            return "";
        return gt_record_extra(r, k == GT_KEY_ACCOUNT     ? "account"
                                  : k == GT_KEY_PARTITION ? "partition"
                                  : k == GT_KEY_STATE     ? "state"
                                  : k == GT_KEY_JOB       ? "job"
                                                          : "array");
    case GT_KEY__COUNT:
        break;
    }
    return "";
}

/* --- finish ---------------------------------------------------------------------- */

/* A listed run's extras, decoded from its S_EXTRAS string. */
struct xkv {
    uint32_t id; /* 0: an empty slot */
    size_t n;
    struct gt_kv *kv;
};

struct priv {
    struct pool strings;   /* the compact records' strings (taken from the agg) */
    struct kstore runkeys; /* and their run keys */
    /* the agg's profiles and wide numbers, read through while the agg
     * finishes; taken over (own_rows) with its runs and their tails when runs
     * are listed without a record of their own (gt_agg_run_record) */
    struct run *runs;
    struct xtail *xt;
    struct prof *prof;
    int64_t *wide;
    int own_rows;
    struct xkv *xkv; /* hashed by S_EXTRAS string id: those decoded to last (xkv_decode) */
    size_t nxkv, capxkv;
    struct pool keys;        /* key values of runs and groups */
    struct gt_record **recs; /* every record the result owns */
    size_t nrecs, cap;
    const struct gt_record **methods;
};

static int own(struct priv *p, struct gt_record *r)
{
    if (!r)
        return 0;
    if (p->nrecs == p->cap) {
        size_t nc = p->cap ? p->cap * 2 : 256;
        struct gt_record **n = realloc(p->recs, nc * sizeof *n);
        if (!n)
            return -1;
        p->recs = n;
        p->cap = nc;
    }
    p->recs[p->nrecs++] = r;
    return 0;
}

static int str_in(const char *s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(s, list[i]) == 0)
            return 1;
    return 0;
}

static int cmp_strp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The distinct strings of v[0..n) (v is sorted in place), copied: *out
 * and its strings malloc'ed. 0, or -1 when out of memory. */
static int distinct(const char **v, size_t n, char ***out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    if (!n)
        return 0;
    qsort(v, n, sizeof *v, cmp_strp);
    if (!(*out = malloc(n * sizeof **out)))
        return -1;
    for (size_t i = 0; i < n; i++) {
        if (i && !strcmp(v[i], v[i - 1]))
            continue;
        if (!((*out)[*nout] = strdup(v[i])))
            return -1;
        (*nout)++;
    }
    return 0;
}

/* What the runs are ordered by, beside them while the agg finishes (the
 * records of listed runs may not be kept: gt_agg_run_record). */
struct rkey {
    double start;
    const char *file;
    long line;
    uint32_t tool, at; /* at: index into the result's runs */
};

static int cmp_rkey(const void *pa, const void *pb)
{
    const struct rkey *a = pa, *b = pb;
    int c = cmp_nan_last(a->start, b->start);
    if (c)
        return c;
    c = (int)a->tool - (int)b->tool;
    if (c)
        return c;
    c = a->file == b->file ? 0 : strcmp(a->file, b->file);
    if (c)
        return c;
    return a->line < b->line ? -1 : a->line > b->line;
}

/* Moves the elements of arrays a (elements of sa bytes) and b (sb bytes;
 * NULL: none) so that element i becomes the old element from[i], along the
 * cycles of that permutation of 0..n-1; from[] is used up (UINT32_MAX).
 * ta and tb hold one element each. */
static void permute(void *a, size_t sa, void *ta, void *b, size_t sb, void *tb, uint32_t *from,
                    size_t n)
{
    char *pa = a, *pb = b;
    for (size_t i = 0; i < n; i++) {
        if (from[i] == UINT32_MAX || from[i] == i) {
            from[i] = UINT32_MAX;
            continue;
        }
        memcpy(ta, pa + i * sa, sa);
        if (pb)
            memcpy(tb, pb + i * sb, sb);
        size_t j = i;
        while (from[j] != i) {
            size_t f = from[j];
            memcpy(pa + j * sa, pa + f * sa, sa);
            if (pb)
                memcpy(pb + j * sb, pb + f * sb, sb);
            from[j] = UINT32_MAX;
            j = f;
        }
        memcpy(pa + j * sa, ta, sa);
        if (pb)
            memcpy(pb + j * sb, tb, sb);
        from[j] = UINT32_MAX;
    }
}

/* start as an unsigned key in cmp_nan_last's order: NAN first (0), -0 as 0. */
static uint64_t start_key(double v)
{
    if (isnan(v))
        return 0;
    if (v == 0)
        v = 0; /* -0 */
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    return b >> 63 ? ~b : b | 1ull << 63;
}

struct skey {
    uint64_t k;
    uint32_t at;
};

static const struct rkey *sort_keys;

static int cmp_rkey_at(const void *a, const void *b)
{
    return cmp_rkey(&sort_keys[*(const uint32_t *)a], &sort_keys[*(const uint32_t *)b]);
}

/* Orders runs[0..n) by start, tool, file, line (k[i] describes runs[i]):
 * the starts radix-sorted a byte at a time (bytes all runs share skipped),
 * runs of equal start then sorted by the rest, and the runs moved along the
 * cycles of that order; nothing moves when they are in order already. -1
 * when out of memory. */
static int sort_runs(struct gt_run *runs, struct rkey *k, size_t n)
{
    int sorted = 1;
    for (size_t i = 1; i < n && sorted; i++)
        sorted = cmp_rkey(&k[i - 1], &k[i]) <= 0;
    if (sorted)
        return 0;
    struct skey *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
    uint32_t *from = malloc(n * sizeof *from);
    if (!a || !b || !from) {
        free(a);
        free(b);
        free(from);
        return -1;
    }
    uint64_t all = ~0ull, any = 0;
    for (size_t i = 0; i < n; i++) {
        a[i] = (struct skey){start_key(k[i].start), (uint32_t)i};
        all &= a[i].k;
        any |= a[i].k;
    }
    for (int sh = 0; sh < 64; sh += 8) {
        if (!(((all ^ any) >> sh) & 0xffu))
            continue; /* every key has the same byte here */
        size_t cnt[257] = {0};
        for (size_t i = 0; i < n; i++)
            cnt[((a[i].k >> sh) & 0xffu) + 1]++;
        for (int d = 0; d < 256; d++)
            cnt[d + 1] += cnt[d];
        for (size_t i = 0; i < n; i++)
            b[cnt[(a[i].k >> sh) & 0xffu]++] = a[i];
        struct skey *t = a;
        a = b;
        b = t;
    }
    /* equal starts: by tool, file, line */
    for (size_t i = 0; i < n; i++)
        from[i] = a[i].at;
    free(b);
    sort_keys = k;
    for (size_t i = 0, j; i < n; i = j) {
        for (j = i + 1; j < n && a[j].k == a[i].k; j++)
            ;
        if (j - i > 1)
            qsort(from + i, j - i, sizeof *from, cmp_rkey_at);
    }
    free(a);
    struct gt_run t;
    permute(runs, sizeof *runs, &t, NULL, 0, NULL, from, n);
    free(from);
    return 0;
}

/* The agg's runs (and their tails) moved into the order of the result's
 * listed runs without a record (gt_agg_run_record reads them in that order,
 * one after the other), the others after them; each such run's row_at_ set
 * to its place. -1 when out of memory. */
static int order_rows(struct gt_agg *a, struct gt_agg_result *res)
{
    size_t n = a->nruns, k = 0;
    uint32_t *from = malloc((n ? n : 1) * sizeof *from);
    unsigned char *used = calloc(n ? n : 1, 1);
    if (!from || !used) {
        free(from);
        free(used);
        return -1;
    }
    for (size_t j = 0; j < res->nruns; j++) {
        struct gt_run *r = &res->runs[j];
        if (r->rec)
            continue;
        from[k] = (uint32_t)r->row_at_;
        used[r->row_at_] = 1;
        r->row_at_ = k++;
    }
    for (size_t i = 0; i < n; i++)
        if (!used[i])
            from[k++] = (uint32_t)i;
    struct run tr;
    struct xtail tx;
    permute(a->runs, sizeof *a->runs, &tr, a->xt, sizeof *a->xt, &tx, from, n);
    free(from);
    free(used);
    return 0;
}

/* Neumaier summation, so a total and the sum of its groups agree to the last
 * digit whatever the order. */
static void add_known(double v, double *sum, double *comp, long *missing)
{
    if (isnan(v)) {
        (*missing)++;
        return;
    }
    double t = *sum + v;
    if (fabs(*sum) >= fabs(v))
        *comp += (*sum - t) + v;
    else
        *comp += (v - t) + *sum;
    *sum = t;
}

static void totals_add(struct gt_totals *t, const struct gt_run *r)
{
    t->runs++;
    add_known(r->rec->duration_s, &t->duration_s, &t->comp_[0], &t->no_duration);
    add_known(r->energy_kwh, &t->energy_kwh, &t->comp_[1], &t->no_energy);
    add_known(r->cpu_kwh, &t->cpu_kwh, &t->comp_[2], &t->no_cpu);
    add_known(r->gpu_kwh, &t->gpu_kwh, &t->comp_[3], &t->no_gpu);
    add_known(r->ram_kwh, &t->ram_kwh, &t->comp_[4], &t->no_ram);
    add_known(r->co2e_g, &t->co2e_g, &t->comp_[5], &t->no_co2e);
    long unused = 0; /* runs without a range are the runs without the value */
    add_known(r->energy_kwh_lo, &t->energy_kwh_lo, &t->comp_[6], &unused);
    add_known(r->energy_kwh_hi, &t->energy_kwh_hi, &t->comp_[7], &unused);
    add_known(r->co2e_g_lo, &t->co2e_g_lo, &t->comp_[8], &unused);
    add_known(r->co2e_g_hi, &t->co2e_g_hi, &t->comp_[9], &unused);
    t->predicted += r->rec->kind == GT_KIND_PREDICTED;
    t->recomputed += r->recomputed;
    t->recomputed_co2e += (r->recomputed_what & GT_RECOMPUTED_CO2E) != 0;
    t->recomputed_energy += (r->recomputed_what & GT_RECOMPUTED_ENERGY) != 0;
    t->pue_kept += (r->recomputed_what & GT_RECOMPUTED_PUE_KEPT) != 0;
    t->local_time += r->rec->tz == GT_TZ_LOCAL;
    t->ci_series += r->ci_use == GT_CI_USE_SERIES;
    t->ci_partial += r->ci_use == GT_CI_USE_PARTIAL;
    t->ci_fallback += r->ci_use == GT_CI_USE_FALLBACK;
}

/* Folds the compensation terms in; a range no run had is NAN. */
static void totals_fold(struct gt_totals *t, int ranges)
{
    double *v[10] = {&t->duration_s, &t->energy_kwh, &t->cpu_kwh,       &t->gpu_kwh,
                     &t->ram_kwh,    &t->co2e_g,     &t->energy_kwh_lo, &t->energy_kwh_hi,
                     &t->co2e_g_lo,  &t->co2e_g_hi};
    for (int i = 0; i < 10; i++) {
        *v[i] += t->comp_[i];
        t->comp_[i] = 0;
    }
    if (!ranges || (t->runs && t->no_energy == t->runs))
        t->energy_kwh_lo = t->energy_kwh_hi = NAN;
    if (!ranges || (t->runs && t->no_co2e == t->runs))
        t->co2e_g_lo = t->co2e_g_hi = NAN;
}

void gt_agg_totals_add(struct gt_totals *t, const struct gt_run *r)
{
    if (r->rec) {
        totals_add(t, r);
        return;
    }
    struct gt_run_rec b;
    struct gt_run x = *r;
    x.rec = gt_agg_run_record(r, &b);
    totals_add(t, &x);
}

void gt_agg_totals_fold(struct gt_totals *t, int ranges)
{
    totals_fold(t, ranges);
}

/* Method preference for a run measured several ways: the tool's own figure
 * (EnergyTracker's Green Algorithm file), then eco2ai, then CodeCarbon. */
static int method_rank(const struct crec *r)
{
    if (!crec_energy_known(r))
        return 0;
    switch (r->tool) {
    case GT_TOOL_ENERGYTRACKER:
        return 4;
    case GT_TOOL_ECO2AI:
        return 3;
    case GT_TOOL_CODECARBON:
        return 2;
    default:
        return 1;
    }
}
/* CO2e from the series over the run (see gt_agg_opts.ci_series); the note
 * goes to rn (rsize bytes), after the nl bytes already there. */
static void series_ci(const struct gt_agg_opts *o, struct gt_run *r, char *rn, size_t rsize,
                      size_t nl)
{
    const struct gt_record *rec = r->rec;
    char *note = rn + nl;
    size_t room = rsize - nl;
    const char *sep = nl ? "; " : "";
    double fixed = o->set_ci ? o->ci_g_per_kwh : r->ci_g_per_kwh;
    double a = rec->start, b = rec->end;
    if (isnan(b) && !isnan(a) && !isnan(rec->duration_s))
        b = a + rec->duration_s;
    if (isnan(a) && !isnan(b) && !isnan(rec->duration_s))
        a = b - rec->duration_s;
    const char *why = NULL;
    struct gt_ci_avg avg = {NAN, 0, 0};
    r->ci_coverage = NAN;
    if (rec->tz == GT_TZ_LOCAL)
        why = "local time without a zone cannot be placed on the series";
    else if (isnan(a) || isnan(b) || b < a)
        why = "the run has no time to place it on the series";
    else {
        gt_ci_series_average(o->ci_series, a, b, o->ci_interp, &avg);
        r->ci_coverage = avg.coverage;
        if (isnan(avg.mean))
            why = "the run is outside the series";
        else if (avg.coverage < 1 && isnan(fixed))
            why = "the series covers part of the run and no static intensity is known";
    }
    if (why) {
        r->ci_use = GT_CI_USE_FALLBACK;
        if (o->set_ci && !isnan(r->energy_kwh)) {
            r->co2e_g = r->energy_kwh * o->ci_g_per_kwh;
            r->ci_g_per_kwh = o->ci_g_per_kwh;
            r->recomputed = 1;
            r->recomputed_what |= GT_RECOMPUTED_CO2E;
            snprintf(note, room, "%sCO2e: %s; static %g gCO2e/kWh", sep, why, o->ci_g_per_kwh);
        } else {
            snprintf(note, room, "%sCO2e as logged: %s", sep, why);
        }
        return;
    }
    if (isnan(r->energy_kwh)) {
        r->ci_use = avg.coverage < 1 ? GT_CI_USE_PARTIAL : GT_CI_USE_SERIES;
        return;
    }
    char b1[40], b2[40];
    r->recomputed = 1;
    r->recomputed_what |= GT_RECOMPUTED_CO2E;
    if (avg.coverage < 1) {
        r->ci_use = GT_CI_USE_PARTIAL;
        r->ci_g_per_kwh = avg.coverage * avg.mean + (1 - avg.coverage) * fixed;
        snprintf(note, room,
                 "%sCO2e: the series covers %.4g %% of the run (mean %s gCO2e/kWh, %s), the rest "
                 "at %s gCO2e/kWh (static)",
                 sep, avg.coverage * 100, gt_num_fmt(avg.mean, b1, sizeof b1),
                 gt_ci_interp_name(o->ci_interp), gt_num_fmt(fixed, b2, sizeof b2));
    } else {
        r->ci_use = GT_CI_USE_SERIES;
        r->ci_g_per_kwh = avg.mean;
        snprintf(note, room, "%sCO2e: series mean %s gCO2e/kWh over the run (%s)", sep,
                 gt_num_fmt(avg.mean, b1, sizeof b1), gt_ci_interp_name(o->ci_interp));
    }
    r->co2e_g = r->energy_kwh * r->ci_g_per_kwh;
}

/* The run's figures after --pue, --ci and --ci-series; what changed is said
 * in rn (rsize bytes). */
static void harmonise(const struct gt_agg_opts *o, struct gt_run *r, char *rn, size_t rsize)
{
    const struct gt_record *rec = r->rec;
    r->energy_kwh = gt_record_energy(rec);
    r->cpu_kwh = rec->cpu_kwh;
    r->gpu_kwh = rec->gpu_kwh;
    r->ram_kwh = rec->ram_kwh;
    r->co2e_g = rec->co2e_g;
    r->ci_g_per_kwh = rec->ci_g_per_kwh;
    /* derived only when finite: a tiny energy beside a plausible CO2e would
     * give an infinite intensity (and an infinite CO2e after --pue) */
    if (isnan(r->ci_g_per_kwh) && !isnan(r->co2e_g) && r->energy_kwh > 0 &&
        isfinite(r->co2e_g / r->energy_kwh))
        r->ci_g_per_kwh = r->co2e_g / r->energy_kwh;
    size_t nl = 0;
    if (o->set_pue && !isnan(r->energy_kwh)) {
        if (!isnan(rec->pue) && rec->pue > 0) {
            double f = o->pue / rec->pue;
            r->energy_kwh *= f;
            r->cpu_kwh *= f;
            r->gpu_kwh *= f;
            r->ram_kwh *= f;
            if (!o->set_ci && !isnan(r->ci_g_per_kwh))
                r->co2e_g = r->energy_kwh * r->ci_g_per_kwh;
            r->recomputed = 1;
            r->recomputed_what |= GT_RECOMPUTED_ENERGY;
            nl += (size_t)snprintf(rn + nl, rsize - nl, "energy: PUE %g replaced by %g", rec->pue,
                                   o->pue);
        } else {
            r->recomputed_what |= GT_RECOMPUTED_PUE_KEPT;
            nl += (size_t)snprintf(rn + nl, rsize - nl,
                                   "energy kept: the PUE the tool applied is unknown");
        }
    }
    if (o->ci_series) {
        series_ci(o, r, rn, rsize, nl);
        return;
    }
    if (o->set_ci && !isnan(r->energy_kwh) && nl < rsize) {
        r->co2e_g = r->energy_kwh * o->ci_g_per_kwh;
        r->ci_g_per_kwh = o->ci_g_per_kwh;
        r->recomputed = 1;
        r->recomputed_what |= GT_RECOMPUTED_CO2E;
        snprintf(rn + nl, rsize - nl, "%sCO2e: %g gCO2e/kWh", nl ? "; " : "", o->ci_g_per_kwh);
    }
}

/* The run's low-high ranges (gt_unc.h) around its harmonised figures. */
static void run_range(const struct gt_agg_opts *o, struct gt_run *r)
{
    r->energy_kwh_lo = r->energy_kwh_hi = r->co2e_g_lo = r->co2e_g_hi = NAN;
    if (!o->unc)
        return;
    const struct gt_record *rec = r->rec;
    struct gt_unc_basis b;
    gt_unc_basis_of(o->unc, rec, &b);
    int replaced = o->set_pue && !isnan(rec->pue) && rec->pue > 0;
    enum gt_unc_pue pk = gt_unc_pue_kind(replaced ? o->pue : rec->pue, replaced);
    struct gt_range er, cr;
    gt_unc_run(o->unc, &b, pk, r->energy_kwh, r->cpu_kwh, r->gpu_kwh, r->ram_kwh, r->co2e_g, &er,
               &cr);
    r->energy_kwh_lo = er.lo;
    r->energy_kwh_hi = er.hi;
    r->co2e_g_lo = cr.lo;
    r->co2e_g_hi = cr.hi;
}

/* The chosen row of run i: the best row with energy, else the best row. */
static const struct crec *chosen(const struct gt_agg *a, size_t i, struct gt_record **full)
{
    const struct run *r = &a->runs[i];
    int side = estate(r) == E_SIDE;
    if (full)
        *full = !want_full(a) ? NULL : side ? a->side_full[r->side - 1] : a->full[i];
    return side ? &a->side[r->side - 1] : &r->best;
}

/* Writes the figures of c into r (rows of a run that add up change them). */
static void crec_patch(const struct crec *c, struct gt_record *r)
{
    r->start = c->start;
    r->end = c->end;
    r->duration_s = c->duration_s;
    r->energy_kwh = c->energy_kwh;
    r->cpu_kwh = c->cpu_kwh;
    r->gpu_kwh = c->gpu_kwh;
    r->ram_kwh = c->ram_kwh;
    r->co2e_g = c->co2e_g;
    r->nrows = c->nrows;
    r->flags = (r->flags & ~0x7fu) | (c->flags & 0x7fu);
}

/* Decodes extras string e (extras_enc) into kv (room for maxkv) and buf
 * (size bytes): the number of extras, or -1 when they do not fit. */
static long xkv_split(const char *e, struct gt_kv *kv, size_t maxkv, char *buf, size_t size)
{
    size_t i = 0, left = strlen(e);
    char *o = buf, *end = buf + size;
    while (left) {
        const char *t = memchr(e, '\x01', left);
        if (!t || i / 2 >= maxkv)
            return -1;
        size_t n = (size_t)(t - e);
        if ((size_t)(end - o) < n + 1)
            return -1;
        if (i & 1)
            kv[i / 2].value = o;
        else
            kv[i / 2].key = o;
        if (!memchr(e, '\x02', n)) { /* the usual field: no byte 1 or 2 in it */
            memcpy(o, e, n);
            o += n;
        } else
            for (size_t k = 0; k < n; k++)
                *o++ = e[k] == '\x02' && k + 1 < n ? (char)(e[++k] - 0x20) : e[k];
        *o++ = '\0';
        i++;
        left -= n + 1;
        e = t + 1;
    }
    return (long)(i / 2);
}

/* The extras of S_EXTRAS string id, decoded into p once (for records that
 * outlive a gt_run_rec, and extras too large for one); -1 when out of
 * memory. */
/* The slot of id in p->xkv (capxkv > 0): its entry, or the empty slot it goes to. */
static struct xkv *xkv_slot(const struct priv *p, uint32_t id)
{
    size_t m = p->capxkv - 1, h = (size_t)(id * 0x9e3779b97f4a7c15ull >> 17) & m;
    while (p->xkv[h].id && p->xkv[h].id != id)
        h = (h + 1) & m;
    return &p->xkv[h];
}

/* The decoded extras of id, or NULL. */
static const struct xkv *xkv_find(const struct priv *p, uint32_t id)
{
    if (!p->capxkv)
        return NULL;
    const struct xkv *x = xkv_slot(p, id);
    return x->id ? x : NULL;
}

static int xkv_decode(struct priv *p, uint32_t id)
{
    if (!id || xkv_find(p, id))
        return 0;
    if ((p->nxkv + 1) * 2 > p->capxkv) {
        size_t nc = p->capxkv ? p->capxkv * 2 : 16;
        struct xkv *old = p->xkv, *n = calloc(nc, sizeof *n);
        if (!n)
            return -1;
        size_t oc = p->capxkv;
        p->xkv = n;
        p->capxkv = nc;
        for (size_t i = 0; i < oc; i++)
            if (old[i].id)
                *xkv_slot(p, old[i].id) = old[i];
        free(old);
    }
    const char *e = p->strings.strs[id];
    size_t n = 0, len = strlen(e);
    for (const char *q = e; *q; q++)
        n += *q == '\x01';
    struct gt_kv *kv = malloc(n / 2 * sizeof *kv + len + 1);
    if (!kv)
        return -1;
    long k = xkv_split(e, kv, n / 2, (char *)(kv + n / 2), len + 1);
    *xkv_slot(p, id) = (struct xkv){id, k < 0 ? 0 : (size_t)k, kv};
    p->nxkv++;
    return 0;
}

/* 1 when the extras of S_EXTRAS string id fit in a gt_run_rec. */
static int xkv_fits(const struct priv *p, uint32_t id)
{
    struct gt_run_rec *t = NULL;
    size_t n = 0, len = strlen(p->strings.strs[id]);
    for (const char *q = p->strings.strs[id]; *q; q++)
        n += *q == '\x01';
    return n / 2 <= sizeof t->kv_ / sizeof t->kv_[0] && len < sizeof t->xbuf_;
}

/* c (with tail t when the agg keeps one) as a record into out: its strings
 * from the pool, its extras decoded into out (or as decoded in p by
 * xkv_decode), no series; a run key stored as a UUID is written into
 * out->key: keep_key makes it last. */
static void rec_fill(const struct priv *pv, const struct crec *c, const struct xtail *t,
                     struct gt_run_rec *out)
{
    const struct pool *p = &pv->strings;
    const struct prof *x = &pv->prof[c->prof];
    struct gt_record *r = &out->rec;
    gt_record_init(r);
    crec_patch(c, r);
    r->line = c->rs & RS_LINE_WIDE ? (long)pv->wide[c->line] : (long)c->line;
    r->pue = x->pue;
    r->ci_g_per_kwh = x->ci_g_per_kwh;
    r->cpu_count = x->cpu_count;
    r->gpu_count = x->gpu_count;
    r->ram_gb = x->ram_gb;
    r->experiment = p->strs[x->s[S_EXPERIMENT]];
    static const struct gt_kv rapl = {"cpu_method", "rapl"};
    if (c->flags & CREC_CPU_RAPL) {
        r->nextras = 1;
        r->extras = &rapl;
    }
    if (t) {
        r->cpu_power_w = t->cpu_power_w;
        r->gpu_power_w = t->gpu_power_w;
        r->ram_power_w = t->ram_power_w;
        r->co2e_rate_g_per_s = t->co2e_rate_g_per_s;
        r->epochs = t->epochs;
        r->early_stop = t->early_stop;
        r->anon_run = t->anon_run;
        r->experiment = p->strs[t->experiment];
        long n;
        const struct xkv *d;
        if (!t->extras) {
            r->nextras = 0;
            r->extras = NULL;
        } else if ((d = xkv_find(pv, t->extras)) != NULL) {
            r->nextras = d->n;
            r->extras = d->kv;
        } else if ((n = xkv_split(p->strs[t->extras], out->kv_,
                                  sizeof out->kv_ / sizeof out->kv_[0], out->xbuf_,
                                  sizeof out->xbuf_)) >= 0) {
            r->nextras = (size_t)n;
            r->extras = out->kv_;
        }
    }
    r->tool_version = p->strs[x->s[S_TOOL_VERSION]];
    r->os = p->strs[x->s[S_OS]];
    r->cloud_provider = p->strs[x->s[S_CLOUD]];
    r->cloud_region = p->strs[x->s[S_CLOUD_REGION]];
    r->tool = (enum gt_tool)c->tool;
    r->kind = (enum gt_kind)CREC_KIND(c);
    r->tz = (enum gt_tz)CREC_TZ(c);
    r->file = p->strs[x->s[S_FILE]];
    r->format = p->strs[x->s[S_FORMAT]];
    r->run_key = kstore_str(&pv->runkeys, c->run_key, out->key);
    r->run_id = c->run_id == RUN_ID_IS_KEY ? r->run_key : p->strs[c->run_id];
    r->project = p->strs[x->s[S_PROJECT]];
    r->user = p->strs[x->s[S_USER]];
    r->host = p->strs[x->s[S_HOST]];
    r->group_key = p->strs[x->s[S_GROUP]];
    r->country = p->strs[x->s[S_COUNTRY]];
    r->country_iso = p->strs[x->s[S_ISO]];
    r->region = p->strs[x->s[S_REGION]];
    r->cpu_model = p->strs[x->s[S_CPU]];
    r->gpu_model = p->strs[x->s[S_GPU]];
}

/* rec_fill of row c of a into out; with own, its extras decoded into p (a
 * record that outlives out), else so when they do not fit in out. -1 when
 * out of memory. */
static int crec_record(const struct gt_agg *a, struct priv *pv, const struct crec *c,
                       struct gt_run_rec *out, int own)
{
    const struct xtail *t = xt_of(a, c);
    if (t && t->extras && (own || !xkv_fits(pv, t->extras)) && xkv_decode(pv, t->extras))
        return -1;
    rec_fill(pv, c, t, out);
    return 0;
}

const struct gt_record *gt_agg_run_record(const struct gt_run *r, struct gt_run_rec *tmp)
{
    if (r->rec)
        return r->rec;
    const struct priv *p = r->row_store_;
    rec_fill(p, &p->runs[r->row_at_].best, &p->xt[r->row_at_], tmp);
    return &tmp->rec;
}

/* r's run key (and id) as a string the result holds, when it is in kbuf. */
static int keep_key(struct priv *p, struct gt_record *r, const char *kbuf)
{
    if (r->run_key != kbuf)
        return 0;
    uint32_t id;
    if (pool_id(&p->keys, kbuf, &id))
        return -1;
    if (r->run_id == kbuf)
        r->run_id = p->keys.strs[id];
    r->run_key = p->keys.strs[id];
    return 0;
}

/* A record the result owns for row c: the full row when kept (patched), else
 * a copy of its compact form. NULL when out of memory. */
static struct gt_record *owned_record(const struct gt_agg *a, struct priv *p, const struct crec *c,
                                      struct gt_record *full)
{
    if (full) {
        crec_patch(c, full);
        return full;
    }
    struct gt_record *r = malloc(sizeof *r);
    if (!r || own(p, r)) {
        free(r);
        return NULL;
    }
    struct gt_run_rec b;
    if (crec_record(a, p, c, &b, 1))
        return NULL;
    *r = b.rec;
    return keep_key(p, r, b.key) ? NULL : r;
}

static const struct gt_agg *gsort_agg;

/* Runs of one group_key together, the preferred method first, then in the
 * order they were read. */
static int cmp_group_member(const void *pa, const void *pb)
{
    uint32_t ia = *(const uint32_t *)pa, ib = *(const uint32_t *)pb;
    const struct crec *a = chosen(gsort_agg, ia, NULL), *b = chosen(gsort_agg, ib, NULL);
    uint32_t ga = P(gsort_agg, a)->s[S_GROUP], gb = P(gsort_agg, b)->s[S_GROUP];
    if (ga != gb)
        return ga < gb ? -1 : 1;
    int c = method_rank(b) - method_rank(a);
    if (c)
        return c;
    return ia < ib ? -1 : ia > ib;
}

static const struct gt_agg_opts *sort_opts;

static int cmp_group(const void *pa, const void *pb)
{
    const struct gt_group *a = pa, *b = pb;
    for (size_t i = 0; i < sort_opts->nby; i++) {
        int c = strcmp(a->key[i], b->key[i]);
        if (c)
            return c;
    }
    return 0;
}

/* Groups found by their key values' ids. */
struct gtab {
    uint32_t *ids; /* nby per group */
    size_t cap;
    uint32_t *slots; /* group index + 1 */
    size_t nslots;
};

static uint64_t ids_hash(const uint32_t *ids, size_t n)
{
    uint64_t h = 0x2545f4914f6cdd1dull;
    for (size_t i = 0; i < n; i++)
        h = mix(h ^ ids[i]);
    return h;
}

static int group_of(struct gt_agg_result *res, struct priv *p, struct gtab *t, const uint32_t *ids,
                    size_t *out)
{
    size_t nby = res->opts.nby;
    if ((res->ngroups + 1) * 2 > t->nslots) {
        size_t ns = t->nslots ? t->nslots * 2 : 64;
        uint32_t *s = calloc(ns, sizeof *s);
        if (!s)
            return -1;
        for (size_t g = 0; g < res->ngroups; g++) {
            size_t h = (size_t)ids_hash(&t->ids[g * nby], nby) & (ns - 1);
            while (s[h])
                h = (h + 1) & (ns - 1);
            s[h] = (uint32_t)g + 1;
        }
        free(t->slots);
        t->slots = s;
        t->nslots = ns;
    }
    size_t h = (size_t)ids_hash(ids, nby) & (t->nslots - 1);
    while (t->slots[h]) {
        size_t g = t->slots[h] - 1;
        if (memcmp(&t->ids[g * nby], ids, nby * sizeof *ids) == 0) {
            *out = g;
            return 0;
        }
        h = (h + 1) & (t->nslots - 1);
    }
    if (res->ngroups == t->cap) {
        size_t nc = t->cap ? t->cap * 2 : 64;
        uint32_t *ni = realloc(t->ids, nc * nby * sizeof *ni);
        if (!ni)
            return -1;
        t->ids = ni;
        struct gt_group *ng = realloc(res->groups, nc * sizeof *ng);
        if (!ng)
            return -1;
        res->groups = ng;
        t->cap = nc;
    }
    size_t g = res->ngroups++;
    memcpy(&t->ids[g * nby], ids, nby * sizeof *ids);
    memset(&res->groups[g], 0, sizeof res->groups[g]);
    for (size_t k = 0; k < nby; k++)
        res->groups[g].key[k] = p->keys.strs[ids[k]];
    t->slots[h] = (uint32_t)g + 1;
    *out = g;
    return 0;
}

static int key_id(struct priv *p, const struct gt_record *r, enum gt_key k, uint32_t *id)
{
    char kb[512];
    return pool_id(&p->keys, gt_agg_key_value(r, k, kb, sizeof kb), id);
}

/* key_id for row c of a as record r; compact: r has no extras, so a SLURM
 * job's own keys come from its profile (account is its project) and its run
 * id (the job; the array is the job id's part before '_'). */
static int run_key_id(const struct gt_agg *a, struct priv *p, const struct crec *c,
                      const struct gt_record *r, int compact, enum gt_key k, uint32_t *id)
{
    if (!compact || c->tool != GT_TOOL_SLURM || k < GT_KEY_ACCOUNT || k > GT_KEY_ARRAY)
        return key_id(p, r, k, id);
    const char *const *strs = p->strings.strs;
    const struct prof *x = P(a, c);
    char kb[GT_SLURM_STR];
    const char *v = k == GT_KEY_ACCOUNT     ? strs[x->s[S_PROJECT]]
                    : k == GT_KEY_PARTITION ? strs[x->s[S_PARTITION]]
                    : k == GT_KEY_STATE     ? strs[x->s[S_STATE]]
                    : k == GT_KEY_JOB       ? r->run_id
                                            : gt_slurm_array_of(r->run_id, kb, sizeof kb);
    return pool_id(&p->keys, v, id);
}

/* GA4HPC's per-user figures: every SLURM job counted, summed per user in
 * name order, each user's jobs in the order of the result's runs (start,
 * file, line), as gt_slurm_headline_build summed the listed runs before the
 * aggregate kept them compact: the same additions in the same order. */
struct sjob {
    double start;
    long line;
    uint32_t run;  /* index into gt_agg.runs */
    uint32_t user; /* string id, then its rank in name order */
    uint32_t file; /* likewise */
    uint32_t k;    /* index into sjobs.eco (the order the jobs were counted) */
};

struct sjobs {
    struct sjob *v;
    size_t n, cap;
    /* energy and CO2e after --ci/--pue/--ci-series, by sjob.k; NULL
     * without them: then they are the row's own */
    double (*eco)[2];
};

static int sjobs_add(struct sjobs *j, const struct gt_agg *a, size_t i, const struct crec *c,
                     const struct gt_run *run)
{
    const struct gt_agg_opts *o = &a->opts;
    int harm = o->set_ci || o->set_pue || o->ci_series;
    if (j->n == j->cap) {
        size_t nc = j->cap ? j->cap * 2 : 256;
        struct sjob *v = realloc(j->v, nc * sizeof *v);
        if (!v)
            return -1;
        j->v = v;
        if (harm) {
            double(*e)[2] = realloc(j->eco, nc * sizeof *e);
            if (!e)
                return -1;
            j->eco = e;
        }
        j->cap = nc;
    }
    const struct prof *x = P(a, c);
    if (harm) {
        j->eco[j->n][0] = run->energy_kwh;
        j->eco[j->n][1] = run->co2e_g;
    }
    j->v[j->n] = (struct sjob){run->rec->start, run->rec->line, (uint32_t)i,
                               x->s[S_USER],    x->s[S_FILE],   (uint32_t)j->n};
    j->n++;
    return 0;
}

static const char *const *rank_strs;

static int cmp_str_id(const void *pa, const void *pb)
{
    return strcmp(rank_strs[*(const uint32_t *)pa], rank_strs[*(const uint32_t *)pb]);
}

/* Replaces the string ids in field f (0 user, 1 file) of every job by their
 * rank in name order; *ids (malloc'ed) gets the ids by rank. -1 when out of
 * memory. */
static int sjobs_rank(struct sjobs *j, const char *const *strs, int f, uint32_t **ids, size_t *nids)
{
    size_t nslots = 64, n = 0;
    uint32_t *slots = calloc(nslots, sizeof *slots), *v = NULL, *rank = NULL; /* id + 1 */
    if (!slots)
        return -1;
    for (size_t k = 0; k < j->n; k++) {
        uint32_t id = f ? j->v[k].file : j->v[k].user;
        if ((n + 1) * 2 > nslots) {
            uint32_t *ns = calloc(nslots * 2, sizeof *ns);
            if (!ns)
                goto fail;
            for (size_t q = 0; q < nslots; q++)
                if (slots[q]) {
                    size_t h = (size_t)mix(slots[q] - 1) & (nslots * 2 - 1);
                    while (ns[h])
                        h = (h + 1) & (nslots * 2 - 1);
                    ns[h] = slots[q];
                }
            free(slots);
            slots = ns;
            nslots *= 2;
        }
        size_t h = (size_t)mix(id) & (nslots - 1);
        while (slots[h] && slots[h] != id + 1)
            h = (h + 1) & (nslots - 1);
        if (!slots[h]) {
            slots[h] = id + 1;
            n++;
        }
    }
    if (!(v = malloc((n ? n : 1) * sizeof *v)) || !(rank = malloc(nslots * sizeof *rank)))
        goto fail;
    n = 0;
    for (size_t q = 0; q < nslots; q++)
        if (slots[q])
            v[n++] = slots[q] - 1;
    rank_strs = strs;
    qsort(v, n, sizeof *v, cmp_str_id);
    for (size_t r = 0; r < n; r++) {
        size_t h = (size_t)mix(v[r]) & (nslots - 1);
        while (slots[h] != v[r] + 1)
            h = (h + 1) & (nslots - 1);
        rank[h] = (uint32_t)r;
    }
    for (size_t k = 0; k < j->n; k++) {
        uint32_t *id = f ? &j->v[k].file : &j->v[k].user;
        size_t h = (size_t)mix(*id) & (nslots - 1);
        while (slots[h] != *id + 1)
            h = (h + 1) & (nslots - 1);
        *id = rank[h];
    }
    free(slots);
    free(rank);
    *ids = v;
    *nids = n;
    return 0;
fail:
    free(slots);
    free(v);
    free(rank);
    return -1;
}

static int cmp_sjob(const struct sjob *a, const struct sjob *b)
{
    if (a->user != b->user)
        return a->user < b->user ? -1 : 1;
    int c = cmp_nan_last(a->start, b->start);
    if (c)
        return c;
    if (a->file != b->file)
        return a->file < b->file ? -1 : 1;
    return a->line < b->line ? -1 : a->line > b->line;
}

static void sjob_swap(struct sjob *a, struct sjob *b)
{
    struct sjob t = *a;
    *a = *b;
    *b = t;
}

/* Sorts v[0..n) in place by cmp_sjob, a total order (no two jobs share a
 * file and line), so the result is the one any sort gives; in place, so the
 * finish needs no second copy of the jobs. Quicksort on the median of three,
 * recursing into the smaller side. */
static void sjob_sort(struct sjob *v, size_t n)
{
    while (n > 12) {
        size_t m = n / 2;
        if (cmp_sjob(&v[m], &v[0]) < 0)
            sjob_swap(&v[m], &v[0]);
        if (cmp_sjob(&v[n - 1], &v[0]) < 0)
            sjob_swap(&v[n - 1], &v[0]);
        if (cmp_sjob(&v[n - 1], &v[m]) < 0)
            sjob_swap(&v[n - 1], &v[m]);
        sjob_swap(&v[m], &v[n - 2]); /* the pivot, between v[0] and v[n - 1] */
        const struct sjob *pv = &v[n - 2];
        size_t i = 0, j = n - 2;
        for (;;) {
            while (cmp_sjob(&v[++i], pv) < 0)
                ;
            while (cmp_sjob(&v[--j], pv) > 0)
                ;
            if (i >= j)
                break;
            sjob_swap(&v[i], &v[j]);
        }
        sjob_swap(&v[i], &v[n - 2]);
        if (i < n - i - 1) {
            sjob_sort(v, i);
            v += i + 1;
            n -= i + 1;
        } else {
            sjob_sort(v + i + 1, n - i - 1);
            n = i;
        }
    }
    for (size_t i = 1; i < n; i++)
        for (size_t k = i; k > 0 && cmp_sjob(&v[k], &v[k - 1]) < 0; k--)
            sjob_swap(&v[k], &v[k - 1]);
}

static int sjobs_sum(struct sjobs *j, struct gt_agg *a, const char *const *strs,
                     struct gt_slurm_headline **out)
{
    uint32_t *users = NULL, *files = NULL;
    size_t nusers = 0, nfiles = 0;
    struct gt_slurm_headline *h = calloc(1, sizeof *h);
    if (!h || sjobs_rank(j, strs, 0, &users, &nusers) || sjobs_rank(j, strs, 1, &files, &nfiles) ||
        !(h->users = calloc(nusers ? nusers : 1, sizeof *h->users))) {
        free(users);
        free(files);
        if (h)
            free(h->users);
        free(h);
        return -1;
    }
    free(files);
    sjob_sort(j->v, j->n);
    h->total.user = "";
    for (size_t k = 0; k < j->n; k++) {
        const struct sjob *e = &j->v[k];
        if (!h->nusers || h->users[h->nusers - 1].user != strs[users[e->user]])
            h->users[h->nusers++].user = strs[users[e->user]];
        const struct run *ru = &a->runs[e->run];
        const struct crec *c = estate(ru) == E_SIDE ? &a->side[ru->side - 1] : &ru->best;
        const char *st = strs[P(a, c)->s[S_STATE]];
        struct sfig sf;
        if (sl_get(a, c, &sf) != GT_OK) { /* not reached: the arrays are grown */
            free(users);
            free(h->users);
            free(h);
            return -1;
        }
        struct gt_slurm_fig f = {sf.energy_maxrss_kwh,
                                 sf.co2e_maxrss_g,
                                 sf.cpu_core_h,
                                 sf.cpu_core_h_charged,
                                 sf.gpu_h,
                                 sf.mem_overallocation,
                                 (int)gt_slurm_state_parse(st, strlen(st))};
        /* without harmonisation, what harmonise() gives: the row's own */
        double en = j->eco                  ? j->eco[e->k][0]
                    : !isnan(c->energy_kwh) ? c->energy_kwh
                    : !isnan(c->cpu_kwh) && !isnan(c->gpu_kwh) && !isnan(c->ram_kwh)
                        ? c->cpu_kwh + c->gpu_kwh + c->ram_kwh
                        : NAN;
        double co = j->eco ? j->eco[e->k][1] : c->co2e_g;
        gt_slurm_user_add(&h->users[h->nusers - 1], &f, en, co);
        gt_slurm_user_add(&h->total, &f, en, co);
    }
    free(users);
    *out = h;
    return 0;
}

/* The key ids the finish has looked up, by what decides them: the profile
 * (the keys whose value is one of its strings), the tool, or the day (day, week, month, year: of
 * the run's start, else its end). */
#define KC_DAYS 1024
struct kcache {
    uint32_t *prof; /* nprof x 8, UINT32_MAX unknown */
    uint32_t tool[GT_TOOL__COUNT][1];
    struct {
        int64_t day; /* -1 unused */
        uint32_t id[4];
    } days[KC_DAYS];
};

static int kcache_init(struct kcache *kc, size_t nprof)
{
    kc->prof = malloc((nprof ? nprof : 1) * 8 * sizeof *kc->prof);
    if (!kc->prof)
        return -1;
    memset(kc->prof, 0xff, (nprof ? nprof : 1) * 8 * sizeof *kc->prof);
    memset(kc->tool, 0xff, sizeof kc->tool);
    for (size_t i = 0; i < KC_DAYS; i++) {
        kc->days[i].day = -1;
        memset(kc->days[i].id, 0xff, sizeof kc->days[i].id);
    }
    return 0;
}

/* run_key_id, through the cache kc. */
static int key_id_cached(const struct gt_agg *a, struct priv *p, struct kcache *kc,
                         const struct crec *c, const struct gt_record *r, int compact,
                         enum gt_key k, uint32_t *id)
{
    static const signed char slot[GT_KEY__COUNT] = {
        [GT_KEY_TOOL] = -1,      [GT_KEY_PROJECT] = 0, [GT_KEY_EXPERIMENT] = 1,
        [GT_KEY_RUN] = -1,       [GT_KEY_HOST] = 2,    [GT_KEY_USER] = 3,
        [GT_KEY_CPU] = 4,        [GT_KEY_GPU] = 5,     [GT_KEY_COUNTRY] = 6,
        [GT_KEY_REGION] = 7,     [GT_KEY_DAY] = -1,    [GT_KEY_WEEK] = -1,
        [GT_KEY_MONTH] = -1,     [GT_KEY_YEAR] = -1,   [GT_KEY_ACCOUNT] = -1,
        [GT_KEY_PARTITION] = -1, [GT_KEY_STATE] = -1,  [GT_KEY_JOB] = -1,
        [GT_KEY_ARRAY] = -1};
    uint32_t *cached = NULL;
    double t = !isnan(r->start) ? r->start : r->end;
    if ((unsigned)k >= GT_KEY__COUNT)
        return run_key_id(a, p, c, r, compact, k, id);
    if (slot[k] >= 0 && (k != GT_KEY_EXPERIMENT || a->opts.notable_runs_only))
        cached = &kc->prof[(size_t)c->prof * 8 + (size_t)slot[k]];
    else if (k == GT_KEY_TOOL && (unsigned)r->tool < GT_TOOL__COUNT)
        cached = &kc->tool[r->tool][0];
    else if (k >= GT_KEY_DAY && k <= GT_KEY_YEAR && t >= 0 && t < GT_MAX_TIME) {
        int64_t day = (int64_t)floor(t / 86400);
        size_t h = (size_t)day % KC_DAYS;
        if (kc->days[h].day != day) {
            kc->days[h].day = day;
            memset(kc->days[h].id, 0xff, sizeof kc->days[h].id);
        }
        cached = &kc->days[h].id[k - GT_KEY_DAY];
    }
    if (cached && *cached != UINT32_MAX) {
        *id = *cached;
        return 0;
    }
    if (run_key_id(a, p, c, r, compact, k, id))
        return -1;
    if (cached)
        *cached = *id;
    return 0;
}

/* Frees what the agg still holds. */
static void agg_free(struct gt_agg *a)
{
    if (a->full && !a->full_given)
        for (size_t i = 0; i < a->nruns; i++)
            free(a->full[i]);
    if (a->side_full && !a->full_given)
        for (size_t i = 0; i < a->nside; i++)
            free(a->side_full[i]);
    free(a->full);
    free(a->side_full);
    free(a->side);
    free(a->runs);
    free(a->slots);
    free(a->ab);
    free(a->anon);
    free(a->prof);
    free(a->pslots);
    free(a->sl);
    free(a->sl_side);
    free(a->xt);
    free(a->xt_side);
    free(a->xbuf);
    free(a->wide);
    pool_free(&a->pool);
    free(a->keys.buf);
    free(a);
}

enum gt_status gt_agg_finish(struct gt_agg *a, struct gt_agg_result **out)
{
    enum gt_status st = GT_E_NOMEM;
    struct gt_agg_result *res = calloc(1, sizeof *res);
    struct priv *p = calloc(1, sizeof *p);
    uint32_t *byg = NULL, *pos = NULL, *gstart = NULL;
    struct kcache *kc = NULL;
    const char **seen_p = NULL, **seen_h = NULL;
    struct gtab gt = {0};
    struct sjobs sj = {0};
    struct rkey *rk = NULL;
    size_t capruns = 0;
    if (!res || !p) {
        free(p);
        goto fail;
    }
    res->priv = p;
    p->strings = a->pool;
    memset(&a->pool, 0, sizeof a->pool);
    /* what only the reading looks up, freed before the finish needs memory */
    free(p->strings.slots);
    p->strings.slots = NULL;
    p->strings.nslots = 0;
    free(a->slots);
    a->slots = NULL;
    p->runkeys = a->keys;
    memset(&a->keys, 0, sizeof a->keys);
    if (pool_init(&p->keys))
        goto fail;
    res->opts = a->opts;
    res->acc = a->acc;
    p->prof = a->prof;
    p->wide = a->wide;
    const struct gt_agg_opts *o = &a->opts;
    int full = want_full(a);
    size_t nlazy = 0; /* listed runs without a record of their own */
    size_t n = a->nruns;
    /* the result owns every full row */
    for (size_t i = 0; full && i < n + a->nside; i++) {
        struct gt_record **f = i < n ? &a->full[i] : &a->side_full[i - n];
        if (own(p, *f)) {
            for (size_t k = 0; k < i; k++) /* the rest is freed with the agg */
                *(k < n ? &a->full[k] : &a->side_full[k - n]) = NULL;
            goto fail;
        }
    }
    a->full_given = full;
    struct gt_record **fbest = a->full, **fside = a->side_full;
    /* 1. runs measured several ways (same group_key): best method counts */
    size_t ng = 0;
    for (size_t i = 0; i < n; i++)
        ng += P(a, chosen(a, i, NULL))->s[S_GROUP] != 0;
    byg = malloc((ng ? ng : 1) * sizeof *byg);
    gstart = malloc((ng ? ng : 1) * sizeof *gstart);
    pos = ng ? malloc(n * sizeof *pos) : NULL;
    p->methods = malloc((ng ? ng : 1) * sizeof *p->methods);
    capruns = full ? n : 16;
    res->runs = malloc((capruns ? capruns : 1) * sizeof *res->runs);
    rk = malloc((capruns ? capruns : 1) * sizeof *rk);
    if (!rk || !byg || !gstart || (ng && !pos) || !p->methods || !res->runs) {
        goto fail;
    }
    ng = 0;
    for (size_t i = 0; i < n; i++)
        if (P(a, chosen(a, i, NULL))->s[S_GROUP])
            byg[ng++] = (uint32_t)i;
    gsort_agg = a;
    qsort(byg, ng, sizeof *byg, cmp_group_member);
    for (size_t k = 0; k < ng; k++) {
        gstart[k] = k && P(a, chosen(a, byg[k], NULL))->s[S_GROUP] ==
                                P(a, chosen(a, byg[k - 1], NULL))->s[S_GROUP]
                        ? gstart[k - 1]
                        : (uint32_t)k;
        pos[byg[k]] = (uint32_t)k;
    }
    /* the id of each grouping's value per profile, for the groupings a
     * profile decides (kcache) */
    if (!(kc = malloc(sizeof *kc)) || kcache_init(kc, a->nprof)) {
        if (kc)
            kc->prof = NULL;
        goto fail;
    }
    size_t nm = 0;
    size_t nsp = 0, nsh = 0;
    if ((a->opts.nprojects && !(seen_p = malloc((n ? n : 1) * sizeof *seen_p))) ||
        (a->opts.nhosts && !(seen_h = malloc((n ? n : 1) * sizeof *seen_h))))
        goto fail;
    for (size_t i = 0; i < n; i++) {
        const struct run *ru = &a->runs[i];
        const struct crec *c = chosen(a, i, NULL);
        struct gt_record *cfull = !full                  ? NULL
                                  : estate(ru) == E_SIDE ? fside[ru->side - 1]
                                                         : fbest[i];
        res->acc.rows_superseded += run_rows(a, ru) - (long)c->nrows;
        struct gt_run run;
        memset(&run, 0, sizeof run);
        struct gt_run_rec tb;
        if (cfull)
            crec_patch(c, cfull);
        else if (crec_record(a, p, c, &tb, 0))
            goto fail;
        struct gt_record *rec = cfull ? cfull : &tb.rec;
        run.rec = rec;
        run.rows = run_rows(a, ru);
        if (estate(ru) == E_SIDE)
            run.gap_line = crec_line(a, &ru->best);
        if (P(a, c)->s[S_GROUP]) {
            /* only the group's first (best) member is a run */
            size_t k = pos[i];
            if (gstart[k] != k)
                continue; /* another method of a run that is counted elsewhere */
            run.methods = &p->methods[nm];
            for (size_t j = k + 1; j < ng && gstart[j] == k; j++) {
                struct gt_record *mf;
                const struct crec *mc = chosen(a, byg[j], &mf);
                const struct gt_record *m = owned_record(a, p, mc, mf);
                if (!m) {
                    goto fail;
                }
                p->methods[nm++] = m;
                run.nmethods++;
                res->acc.rows_superseded += m->nrows;
            }
            /* the counted method may not log time (EnergyTracker's Green
             * Algorithm file): the run's time comes from another method */
            for (size_t k2 = 0; k2 < run.nmethods && isnan(rec->start); k2++) {
                const struct gt_record *m = run.methods[k2];
                if (isnan(m->start))
                    continue;
                rec->start = m->start;
                rec->end = m->end;
                rec->tz = m->tz;
                if (isnan(rec->duration_s))
                    rec->duration_s = m->duration_s;
            }
        }
        /* 2. filters */
        int keep = 1;
        if (o->nprojects)
            seen_p[nsp++] = rec->project ? rec->project : "";
        if (o->nhosts)
            seen_h[nsh++] = rec->host ? rec->host : "";
        if (rec->kind == GT_KIND_PREDICTED && !o->include_predicted) {
            keep = 0;
            res->excluded_predicted++;
        } else {
            double t = !isnan(rec->start) ? rec->start : rec->end;
            if ((o->has_since && (isnan(t) || t < o->since)) ||
                (o->has_until && (isnan(t) || t >= o->until)) ||
                (o->nprojects && !str_in(rec->project, o->projects, o->nprojects)) ||
                (o->nhosts && !str_in(rec->host, o->hosts, o->nhosts))) {
                keep = 0;
            }
            if (keep && o->ntools) {
                keep = 0;
                for (size_t k = 0; k < o->ntools; k++)
                    keep |= o->tools[k] == rec->tool;
            }
            if (!keep)
                res->excluded_filter++;
        }
        if (!keep) {
            res->acc.rows_excluded += rec->nrows;
            continue;
        }
        res->acc.rows_used += rec->nrows;
        if (run.nmethods) /* counted only when kept: a filtered run is not listed */
            res->multi_method_runs++;
        if (run.gap_line)
            res->gap_runs++;
        char note[320];
        note[0] = '\0';
        harmonise(o, &run, note, sizeof note);
        uint32_t note_id;
        if (pool_id(&p->keys, note, &note_id))
            goto fail;
        run.recompute_note = p->keys.strs[note_id];
        run_range(o, &run);
        res->ci_series_runs += run.ci_use == GT_CI_USE_SERIES;
        res->ci_partial_runs += run.ci_use == GT_CI_USE_PARTIAL;
        if (run.ci_use == GT_CI_USE_FALLBACK) {
            res->ci_fallback_runs++;
            res->ci_fallback_local += rec->tz == GT_TZ_LOCAL;
            res->ci_fallback_notime += rec->tz != GT_TZ_LOCAL && isnan(run.ci_coverage);
        }
        /* 3. groups and totals, in the order the runs were read */
        totals_add(&res->totals, &run);
        if (rec->tool == GT_TOOL_SLURM && !o->no_slurm_figures && sjobs_add(&sj, a, i, c, &run))
            goto fail;
        if (o->nby) {
            uint32_t ids[GT_AGG_MAX_KEYS];
            size_t g;
            for (size_t k = 0; k < o->nby; k++)
                if (key_id_cached(a, p, kc, c, rec, !cfull, o->by[k], &ids[k]))
                    goto fail;
            if (group_of(res, p, &gt, ids, &g)) {
                goto fail;
            }
            totals_add(&res->groups[g].t, &run);
        }
        /* 4. the run itself, when the caller wants it */
        int notable = full || run.gap_line || run.nmethods || run.ci_use == GT_CI_USE_PARTIAL ||
                      run.ci_use == GT_CI_USE_FALLBACK;
        if (!notable)
            continue;
        /* a listed run read from one row, as read: its record is made again
         * from the agg's rows when asked for (gt_agg_run_record) */
        int lazy = full && !cfull && !run.gap_line && !run.nmethods && estate(ru) != E_SIDE &&
                   run.ci_use != GT_CI_USE_PARTIAL && run.ci_use != GT_CI_USE_FALLBACK;
        if (!cfull && !lazy) {
            struct gt_record *copy = malloc(sizeof *copy);
            if (!copy || own(p, copy)) {
                free(copy);
                goto fail;
            }
            *copy = tb.rec;
            const struct xtail *t = xt_of(a, c);
            if (t && t->extras) { /* extras that outlive tb */
                if (xkv_decode(p, t->extras))
                    goto fail;
                const struct xkv *d = xkv_find(p, t->extras);
                copy->nextras = d->n;
                copy->extras = d->kv;
            }
            if (keep_key(p, copy, tb.key))
                goto fail;
            run.rec = rec = copy;
        }
        if (run.gap_line &&
            !(run.gap_rec = owned_record(a, p, &ru->best, full ? fbest[i] : NULL))) {
            goto fail;
        }
        for (int k = 0; k < GT_KEY__COUNT; k++) {
            uint32_t id;
            if (key_id_cached(a, p, kc, c, rec, !cfull, (enum gt_key)k, &id)) {
                goto fail;
            }
            run.key[k] = p->keys.strs[id];
        }
        if (lazy) {
            run.rec = NULL;
            run.row_store_ = p;
            run.row_at_ = i; /* order_rows moves it */
            nlazy++;
        }
        if (res->nruns == capruns) {
            size_t nc = capruns * 2;
            struct gt_run *nr = realloc(res->runs, nc * sizeof *nr);
            if (!nr) {
                goto fail;
            }
            res->runs = nr;
            struct rkey *nk = realloc(rk, nc * sizeof *nk);
            if (!nk)
                goto fail;
            rk = nk;
            capruns = nc;
        }
        if (res->nruns >= UINT32_MAX)
            goto fail;
        rk[res->nruns] = (struct rkey){rec->start, rec->file, rec->line, (uint32_t)rec->tool,
                                       (uint32_t)res->nruns};
        res->runs[res->nruns++] = run;
    }
    int seen_ok = distinct(seen_p, nsp, &res->seen_projects, &res->nseen_projects) == 0 &&
                  distinct(seen_h, nsh, &res->seen_hosts, &res->nseen_hosts) == 0;
    free(seen_p);
    free(seen_h);
    seen_p = seen_h = NULL;
    if (!seen_ok)
        goto fail;
    if (sj.n && sjobs_sum(&sj, a, p->strings.strs, &res->slurm))
        goto fail;
    /* 5. order: groups by key values, runs by start, tool, file, line */
    sort_opts = o;
    if (res->ngroups)
        qsort(res->groups, res->ngroups, sizeof *res->groups, cmp_group);
    totals_fold(&res->totals, a->opts.unc != NULL);
    for (size_t g = 0; g < res->ngroups; g++)
        totals_fold(&res->groups[g].t, a->opts.unc != NULL);
    if (sort_runs(res->runs, rk, res->nruns))
        goto fail;
    if (nlazy) { /* the result keeps the rows its runs are made from */
        if (a->nruns >= UINT32_MAX || order_rows(a, res))
            goto fail;
        p->own_rows = 1;
        p->runs = a->runs;
        p->xt = a->xt;
        a->runs = NULL;
        a->xt = NULL;
        a->prof = NULL;
        a->wide = NULL;
    }
    st = GT_OK;
fail:
    free(rk);
    free(byg);
    if (kc)
        free(kc->prof);
    free(kc);
    free(pos);
    free(gstart);
    free(seen_p);
    free(seen_h);
    free(gt.ids);
    free(gt.slots);
    free(sj.v);
    free(sj.eco);
    agg_free(a);
    if (st != GT_OK) {
        gt_agg_result_free(res);
        res = NULL;
    }
    *out = res;
    return st;
}

void gt_agg_result_free(struct gt_agg_result *r)
{
    if (!r)
        return;
    struct priv *p = r->priv;
    if (p) {
        for (size_t i = 0; i < p->nrecs; i++)
            free(p->recs[i]);
        free(p->recs);
        free(p->methods);
        if (p->own_rows) {
            free(p->runs);
            free(p->xt);
            free(p->prof);
            free(p->wide);
        }
        for (size_t i = 0; i < p->capxkv; i++)
            free(p->xkv[i].kv);
        free(p->xkv);
        pool_free(&p->strings);
        free(p->runkeys.buf);
        pool_free(&p->keys);
        free(p);
    }
    for (size_t i = 0; i < r->nseen_projects; i++)
        free(r->seen_projects[i]);
    for (size_t i = 0; i < r->nseen_hosts; i++)
        free(r->seen_hosts[i]);
    free(r->seen_projects);
    free(r->seen_hosts);
    if (r->slurm)
        free(r->slurm->users);
    free(r->slurm);
    free(r->runs);
    free(r->groups);
    free(r);
}

void gt_agg_recompute_text(const struct gt_totals *t, char *buf, size_t size)
{
    size_t n = 0;
    int w = snprintf(buf, size, "%ld of %ld runs recomputed", t->recomputed, t->runs);
    if (w < 0 || (size_t)w >= size)
        return;
    n = (size_t)w;
    if (t->recomputed_co2e || t->recomputed_energy) {
        w = snprintf(buf + n, size - n, " (");
        n += w > 0 && (size_t)w < size - n ? (size_t)w : 0;
        if (t->recomputed_co2e) {
            w = snprintf(buf + n, size - n, "CO2e of %ld", t->recomputed_co2e);
            n += w > 0 && (size_t)w < size - n ? (size_t)w : 0;
        }
        if (t->recomputed_energy) {
            w = snprintf(buf + n, size - n, "%senergy of %ld", t->recomputed_co2e ? ", " : "",
                         t->recomputed_energy);
            n += w > 0 && (size_t)w < size - n ? (size_t)w : 0;
        }
        w = snprintf(buf + n, size - n, ")");
        n += w > 0 && (size_t)w < size - n ? (size_t)w : 0;
    }
    if (t->pue_kept)
        snprintf(buf + n, size - n, "; %ld keep%s the tool's energy: the PUE it applied is unknown",
                 t->pue_kept, t->pue_kept == 1 ? "s" : "");
}

/* --- merging (parallel reading) --------------------------------------------------- */

int gt_agg_order_sensitive(const struct gt_agg *a)
{
    return a->order_sensitive;
}

/* src's string id as an id of dst's pool. */
static int remap(struct gt_agg *dst, const struct gt_agg *src, uint32_t *map, int f, uint32_t *id)
{
    if (!*id)
        return 0;
    /* what src kept, dst keeps (a SLURM job's fields are kept beyond need) */
    if (map[*id] == UINT32_MAX && field_if(dst, ~0u, f, src->pool.strs[*id], &map[*id]))
        return -1;
    *id = map[*id];
    return 0;
}

/* src's profile i as a profile of dst (pmap caches the answers). */
static int remap_prof(struct gt_agg *dst, const struct gt_agg *src, uint32_t *map, uint32_t *pmap,
                      uint32_t *id)
{
    if (pmap[*id] == UINT32_MAX) {
        struct prof x = src->prof[*id];
        for (int f = 0; f < S__COUNT; f++)
            if (remap(dst, src, map, f, &x.s[f]))
                return -1;
        if (prof_id(dst, &x, NO_PROF, &pmap[*id]))
            return -1;
    }
    *id = pmap[*id];
    return 0;
}

/* A crec of src as one of dst, but for its run key (set by the caller). */
static int remap_crec(struct gt_agg *dst, const struct gt_agg *src, uint32_t *map, uint32_t *pmap,
                      struct crec *c, long line_offset)
{
    if (crec_set_line(dst, c, crec_line(src, c) + line_offset))
        return -1;
    if (c->run_id != RUN_ID_IS_KEY && remap(dst, src, map, S_RUN_ID, &c->run_id))
        return -1;
    return remap_prof(dst, src, map, pmap, &c->prof);
}

/* The string ids in the tail of src's row c as ids of dst's pool. */
static int remap_tail(struct gt_agg *dst, const struct gt_agg *src, uint32_t *map,
                      const struct crec *c)
{
    struct xtail *t = (struct xtail *)xt_of(src, c);
    return t && (remap(dst, src, map, S_EXPERIMENT, &t->experiment) ||
                 remap(dst, src, map, S_EXTRAS, &t->extras));
}

#define MERGE_AHEAD 8

/* Run j of dst then the rows of src's run r, as if they had been added one by
 * one: the best row is the later of the two bests when it is at least as
 * good, and so is the best row with energy. */
static enum gt_status merge_run(struct gt_agg *dst, size_t j, struct gt_agg *src, size_t r,
                                long srows)
{
    struct run *d = &dst->runs[j];
    struct run *s = &src->runs[r];
    int full = want_full(dst);
    if (run_set_rows(dst, d, run_rows(dst, d) + srows))
        return GT_E_NOMEM;
    /* the candidates: (record, full row) */
    const struct crec *db = &d->best, *sb = &s->best;
    const struct crec *de = estate(d) == E_SAME   ? db
                            : estate(d) == E_SIDE ? &dst->side[d->side - 1]
                                                  : NULL;
    const struct crec *se = estate(s) == E_SAME   ? sb
                            : estate(s) == E_SIDE ? &src->side[s->side - 1]
                                                  : NULL;
    int take_b = better((int)CREC_KIND(sb), sb->flags, sb->end, sb->duration_s, db) > 0;
    int take_e =
        se && (!de || better((int)CREC_KIND(se), se->flags, se->end, se->duration_s, de) > 0);
    struct crec nb = take_b ? *sb : *db;
    struct crec ne = take_e && se ? *se : de ? *de : nb;
    int has_e = (take_e && se) || de;
    int same = has_e && ((take_e && se) ? (se == sb && take_b) : (de == db && !take_b));
    /* a SLURM job's figures go with its rows */
    int sl = nb.tool == GT_TOOL_SLURM && !dst->opts.no_slurm_figures;
    struct sfig slb, sle;
    if (sl && (sl_get(take_b ? src : dst, take_b ? sb : db, &slb) != GT_OK ||
               (has_e && !same &&
                sl_get(take_e && se ? src : dst, take_e && se ? se : de, &sle) != GT_OK)))
        return GT_E_NOMEM;
    /* and so does the rest of a listed run's row */
    struct xtail xb = {0}, xe = {0};
    if (full) {
        const struct xtail *t = xt_of(take_b ? src : dst, take_b ? sb : db);
        if (t)
            xb = *t;
        t = has_e && !same ? xt_of(take_e && se ? src : dst, take_e && se ? se : de) : NULL;
        if (t)
            xe = *t;
    }
    struct gt_record *fb = NULL, *fe = NULL;
    if (full) {
        struct gt_record **sbf = &src->full[r];
        struct gt_record **sef = estate(s) == E_SIDE ? &src->side_full[s->side - 1] : sbf;
        struct gt_record **dbf = &dst->full[j];
        struct gt_record **def = estate(d) == E_SIDE ? &dst->side_full[d->side - 1] : dbf;
        struct gt_record **pb = take_b ? sbf : dbf;
        struct gt_record **pe = !has_e || same ? NULL : take_e ? sef : def;
        fb = *pb;
        *pb = NULL;
        if (pe) {
            fe = *pe;
            *pe = NULL;
        }
        /* what is left of both runs' rows is not needed */
        struct gt_record **left[4] = {sbf, sef, dbf, def};
        for (int k = 0; k < 4; k++)
            if (*left[k]) {
                struct gt_record *x = *left[k];
                for (int m = 0; m < 4; m++)
                    if (*left[m] == x)
                        *left[m] = NULL;
                free(x);
            }
    }
    uint8_t state = d->best.rs & (RS_ESTATE | RS_ROWS_WIDE); /* the run's, kept */
    d->best = nb;
    d->best.rs = (uint8_t)((nb.rs & RS_LINE_WIDE) | state);
    if (full) {
        dst->full[j] = fb;
        struct xtail *t = xt_slot(dst, &d->best);
        if (!t)
            return GT_E_NOMEM;
        *t = xb;
    }
    if (sl && sl_set(dst, &d->best, &slb) != GT_OK)
        return GT_E_NOMEM;
    if (!has_e) {
        set_estate(d, E_NONE);
    } else if (same) {
        set_estate(d, E_SAME);
    } else {
        size_t slot;
        if (side_slot(dst, d, &slot) != GT_OK) {
            free(fe);
            return GT_E_NOMEM;
        }
        d = &dst->runs[j];
        dst->side[slot] = ne;
        if (full) {
            free(dst->side_full[slot]);
            dst->side_full[slot] = fe;
            struct xtail *t = xt_slot(dst, &dst->side[slot]);
            if (!t)
                return GT_E_NOMEM;
            *t = xe;
        }
        if (sl && sl_set(dst, &dst->side[slot], &sle) != GT_OK)
            return GT_E_NOMEM;
        set_estate(d, E_SIDE);
    }
    return GT_OK;
}

static void acc_add(struct gt_agg *dst, const struct gt_agg *src)
{
    struct gt_accounting *a = &dst->acc;
    const struct gt_accounting *b = &src->acc;
    a->files_read += b->files_read;
    a->files_skipped += b->files_skipped;
    a->files_rejected += b->files_rejected;
    a->files_duplicate += b->files_duplicate;
    a->rows_read += b->rows_read;
    a->rows_used += b->rows_used;
    a->rows_superseded += b->rows_superseded;
    a->rows_rejected += b->rows_rejected;
    a->rows_excluded += b->rows_excluded;
    dst->order_sensitive |= src->order_sensitive;
}

/* When dst holds nothing yet and src's lines stay, dst takes src over whole
 * instead of copying it run by run: reading one large file on a worker
 * thread (-j) then costs no more memory than reading it directly. 1 when
 * taken (src freed). */
static int merge_take(struct gt_agg *dst, struct gt_agg *src, long line_offset)
{
    if (line_offset || dst->nruns || dst->nside || dst->nanon || dst->nprof || dst->pool.n > 1 ||
        dst->sl || dst->sl_side || dst->xt || dst->xt_side)
        return 0;
    /* everything but the options, which are the same (src was made like
     * dst) and which other threads may be reading (gt_agg_new_like) */
    size_t at = offsetof(struct gt_agg, opts) + sizeof dst->opts;
    struct gt_agg t;
    memcpy((char *)&t + at, (char *)dst + at, sizeof t - at);
    memcpy((char *)dst + at, (char *)src + at, sizeof t - at);
    memcpy((char *)src + at, (char *)&t + at, sizeof t - at);
    acc_add(dst, src);
    agg_free(src);
    return 1;
}

enum gt_status gt_agg_merge(struct gt_agg *dst, struct gt_agg *src, long line_offset)
{
    if (merge_take(dst, src, line_offset))
        return GT_OK;
    enum gt_status st = GT_E_NOMEM;
    uint32_t *map = malloc((size_t)src->pool.n * sizeof *map);
    uint32_t *pmap = malloc((src->nprof ? src->nprof : 1) * sizeof *pmap);
    if (!map || !pmap)
        goto done;
    memset(map, 0xff, (size_t)src->pool.n * sizeof *map);
    memset(pmap, 0xff, (src->nprof ? src->nprof : 1) * sizeof *pmap);
    map[0] = 0;
    /* the keys' hashes, MERGE_AHEAD runs ahead: their slots in dst are
     * fetched while the runs before them are merged */
    uint64_t ring[MERGE_AHEAD] = {0};
    for (size_t k = 0; k < src->nruns + MERGE_AHEAD; k++) {
        uint64_t kh = ring[k % MERGE_AHEAD]; /* run k - MERGE_AHEAD's */
        if (k < src->nruns) {
            const struct crec *c = &src->runs[k].best;
            struct kenc e;
            kstore_at(&src->keys, c->run_key, &e);
            uint64_t x = c->run_key ? key_hash(&e, c->tool) : 0;
            ring[k % MERGE_AHEAD] = x;
            __builtin_prefetch(&dst->slots[slot_home(x, dst->nslots - 1)]);
        }
        if (k < MERGE_AHEAD)
            continue;
        size_t i = k - MERGE_AHEAD;
        struct run *s = &src->runs[i];
        struct crec *se = estate(s) == E_SIDE ? &src->side[s->side - 1] : NULL;
        long srows = run_rows(src, s);
        if (remap_crec(dst, src, map, pmap, &s->best, line_offset) ||
            (se && remap_crec(dst, src, map, pmap, se, line_offset)) ||
            remap_tail(dst, src, map, &s->best) || (se && remap_tail(dst, src, map, se)))
            goto done;
        if (want_full(src)) {
            if (src->full[i])
                src->full[i]->line += line_offset;
            if (se && src->side_full[s->side - 1])
                src->side_full[s->side - 1]->line += line_offset;
        }
        uint32_t key = s->best.run_key;
        size_t h = 0;
        if (key) {
            struct kenc e;
            kstore_at(&src->keys, key, &e);
            h = run_slot(dst, &e, kh, s->best.tool);
            if (dst->slots[h])
                key = dst->runs[(uint32_t)dst->slots[h] - 1].best.run_key;
            else if (kstore_put(&dst->keys, &e, &key))
                goto done;
            s->best.run_key = key;
            if (se)
                se->run_key = key;
            if (dst->slots[h]) {
                if (merge_run(dst, (uint32_t)dst->slots[h] - 1, src, i, srows) != GT_OK)
                    goto done;
                continue;
            }
        }
        /* a run dst has not seen: appended, so runs keep the order of their
         * first rows */
        if (dst->nruns == dst->cap) {
            size_t nc = dst->cap ? dst->cap * 2 : 256;
            struct run *p = realloc(dst->runs, nc * sizeof *p);
            if (!p)
                goto done;
            dst->runs = p;
            if (want_full(dst)) {
                struct gt_record **f = realloc(dst->full, nc * sizeof *f);
                if (!f)
                    goto done;
                dst->full = f;
            }
            dst->cap = nc;
        }
        size_t j = dst->nruns++;
        struct run *d = &dst->runs[j];
        *d = *s;
        d->side = 0;
        d->best.rs &= (uint8_t)~RS_ROWS_WIDE;
        if (sl_copy(dst, &d->best, src, &s->best) != GT_OK ||
            xt_copy(dst, &d->best, src, &s->best) != GT_OK || run_set_rows(dst, d, srows))
            goto done;
        if (want_full(dst)) {
            dst->full[j] = src->full[i];
            src->full[i] = NULL;
        }
        if (estate(s) == E_SIDE) {
            size_t slot;
            if (side_slot(dst, d, &slot) != GT_OK)
                goto done;
            dst->side[slot] = src->side[s->side - 1];
            if (sl_copy(dst, &dst->side[slot], src, &src->side[s->side - 1]) != GT_OK ||
                xt_copy(dst, &dst->side[slot], src, &src->side[s->side - 1]) != GT_OK)
                goto done;
            if (want_full(dst)) {
                dst->side_full[slot] = src->side_full[s->side - 1];
                src->side_full[s->side - 1] = NULL;
            }
        }
        if (key) {
            dst->slots[h] = (kh & 0xffffffff00000000ull) | ((uint64_t)j + 1);
            if (dst->nruns * 2 > dst->nslots && rehash(dst) != GT_OK)
                goto done;
        }
    }
    acc_add(dst, src);
    st = GT_OK;
done:
    free(map);
    free(pmap);
    agg_free(src);
    return st;
}

struct gt_agg *gt_agg_new_like(const struct gt_agg *a)
{
    return gt_agg_new(&a->opts);
}

void gt_agg_free(struct gt_agg *a)
{
    if (a)
        agg_free(a);
}
