/* log_carbontracker.c - carbontracker's standard log and output log, read as a
 * pair (see ../shared/notes/carbontracker-eco2ai.md section 1).
 *
 * One pair is one run. Every consumption block of the output log ("Actual
 * consumption ...", "Predicted consumption ...") is one source row and becomes
 * one record (or one reject). The standard log adds what the blocks lack: the
 * version, the PUE, the components, the location, the carbon intensity, early
 * stop and the per-epoch durations and power of every device. When the output
 * log has no block, one record is computed from the per-epoch power.
 *
 * Line forms accepted: "YYYY-MM-DD HH:MM:SS - msg" (2021 on), the 2020
 * "YYYY-MM-DD HH:MM:SS,mmm - Thread - LEVEL - msg", CRLF endings, lines
 * without a timestamp (block lines, numpy arrays wrapped over several lines).
 * Everything is read through {ptr,len} slices; the input is never written. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gt_logs.h"
#include "gt_num.h"
#include "gt_time.h"

#define CT_FORMAT     "carbontracker-log"
#define CT_MAX_COMPS  16         /* components with power lines ("gpu", "cpu") */
#define CT_MAX_DEVS   64         /* values read from one power line */
#define CT_MAX_CLINE  8          /* parts of the components line */
#define CT_MAX_EQUIV  4          /* "This is equivalent to:" lines per block */
#define CT_MAX_SERIES (1u << 22) /* per-epoch values attached to a record */

struct slice {
    const char *p;
    size_t n;
};

/* --- small helpers ---------------------------------------------------------- */

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static struct slice trim(const char *p, size_t n)
{
    while (n && is_blank(*p)) {
        p++;
        n--;
    }
    while (n && is_blank(p[n - 1]))
        n--;
    return (struct slice){p, n};
}

static int starts(const char *p, size_t n, const char *lit)
{
    size_t l = strlen(lit);
    return n >= l && memcmp(p, lit, l) == 0;
}

static int starts_ci(const char *p, size_t n, const char *lit)
{
    size_t l = strlen(lit);
    return n >= l && strncasecmp(p, lit, l) == 0;
}

/* First occurrence of lit in [p, p+n), or NULL (memmem is not POSIX). */
static const char *find(const char *p, size_t n, const char *lit)
{
    size_t l = strlen(lit);
    if (l == 0 || n < l)
        return NULL;
    for (size_t i = 0; i + l <= n; i++) {
        const char *q = memchr(p + i, lit[0], n - l + 1 - i);
        if (!q)
            return NULL;
        i = (size_t)(q - p);
        if (memcmp(q, lit, l) == 0)
            return q;
    }
    return NULL;
}

/* Last occurrence of lit in [p, p+n), or NULL. */
static const char *find_last(const char *p, size_t n, const char *lit)
{
    size_t l = strlen(lit);
    if (l == 0 || n < l)
        return NULL;
    for (size_t i = n - l + 1; i-- > 0;)
        if (p[i] == lit[0] && memcmp(p + i, lit, l) == 0)
            return p + i;
    return NULL;
}

/* Case-insensitive find, for the early-stop sentence. */
static const char *find_ci(const char *p, size_t n, const char *lit)
{
    size_t l = strlen(lit);
    for (size_t i = 0; l && i + l <= n; i++)
        if (strncasecmp(p + i, lit, l) == 0)
            return p + i;
    return NULL;
}

/* A slice of untrusted text made safe to quote in a message: at most 40
 * bytes, control and non-ASCII bytes as '?', "..." when cut. */
static const char *quote(char *buf, size_t size, const char *p, size_t n)
{
    size_t max = size - 4, k = 0;
    for (; k < n && k < max && k < 40; k++) {
        unsigned char c = (unsigned char)p[k];
        buf[k] = (c < 0x20 || c >= 0x7f) ? '?' : (char)c;
    }
    if (k < n) {
        memcpy(buf + k, "...", 3);
        k += 3;
    }
    buf[k] = '\0';
    return buf;
}

/* --- a clock "H:MM:SS[.ff]", optionally "N day(s), " first ------------------- */

/* 0 ok, -1 not a clock, -2 negative (Python prints "-0:00:05", "-1 day, ..."). */
static int parse_clock(const char *p, size_t n, double *out)
{
    struct slice s = trim(p, n);
    p = s.p;
    n = s.n;
    if (n && p[0] == '-')
        return -2;
    double days = 0;
    const char *comma = memchr(p, ',', n);
    if (comma) {
        /* "1 day, 2:03:04" / "3 days, 0:00:01.5" (Python timedelta) */
        struct slice d = trim(p, (size_t)(comma - p));
        size_t i = 0;
        while (i < d.n && is_digit(d.p[i]))
            i++;
        struct slice unit = trim(d.p + i, d.n - i);
        long nd;
        if (i == 0 || gt_num_parse_long(d.p, i, &nd) != 0 ||
            !((unit.n == 3 && !memcmp(unit.p, "day", 3)) ||
              (unit.n == 4 && !memcmp(unit.p, "days", 4))))
            return -1;
        days = (double)nd;
        s = trim(comma + 1, n - (size_t)(comma + 1 - p));
        p = s.p;
        n = s.n;
    }
    size_t i = 0;
    while (i < n && is_digit(p[i]))
        i++;
    if (i == 0 || i > 9 || i + 6 > n || p[i] != ':' || !is_digit(p[i + 1]) || !is_digit(p[i + 2]) ||
        p[i + 3] != ':' || !is_digit(p[i + 4]) || !is_digit(p[i + 5]))
        return -1;
    long h, m;
    double sec;
    if (gt_num_parse_long(p, i, &h) != 0 || gt_num_parse_long(p + i + 1, 2, &m) != 0)
        return -1;
    size_t k = i + 6;
    if (k < n) {
        if (p[k] != '.' || k + 1 == n)
            return -1;
        for (size_t j = k + 1; j < n; j++)
            if (!is_digit(p[j]))
                return -1;
    }
    if (gt_num_parse(p + i + 4, n - (i + 4), &sec) != 0 || m >= 60 || sec >= 60)
        return -1;
    *out = days * 86400.0 + (double)h * 3600.0 + (double)m * 60.0 + sec;
    return 0;
}

/* --- lines -------------------------------------------------------------------- */

struct ct_line {
    long no;
    int has_ts;
    double ts;
    int ct_prefix; /* the message began with "CarbonTracker:" (output log) */
    struct slice msg;
};

static int level_name(const char *p, size_t n, size_t *len)
{
    static const char *const levels[] = {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"};
    for (size_t i = 0; i < sizeof(levels) / sizeof(levels[0]); i++) {
        size_t l = strlen(levels[i]);
        if (n >= l && memcmp(p, levels[i], l) == 0) {
            *len = l;
            return 1;
        }
    }
    return 0;
}

/* Splits one line (without its '\n') into timestamp and message. */
static void split_line(const char *p, size_t n, struct ct_line *l)
{
    l->has_ts = 0;
    l->ct_prefix = 0;
    size_t i = 0;
    while (i < n && (p[i] == ' ' || p[i] == '\t'))
        i++;
    static const char pat[] = "dddd-dd-dd dd:dd:dd";
    int ts = n - i >= 19;
    for (size_t k = 0; ts && k < 19; k++)
        ts = pat[k] == 'd' ? is_digit(p[i + k]) : p[i + k] == pat[k];
    size_t j = i + 19;
    if (ts && j < n && (p[j] == ',' || p[j] == '.')) {
        size_t f = j + 1;
        while (f < n && is_digit(p[f]))
            f++;
        ts = f > j + 1;
        j = f;
    }
    size_t m = 0;
    if (ts) {
        if (j + 3 <= n && memcmp(p + j, " - ", 3) == 0)
            m = j + 3;
        else if (trim(p + j, n - j).n == 1 && trim(p + j, n - j).p[0] == '-')
            m = n; /* "TS -" and an empty message, its blank stripped */
        else
            ts = 0;
    }
    enum gt_tz tz;
    if (ts && gt_time_parse(p + i, j - i, &l->ts, &tz) != 0)
        ts = 0;
    if (!ts) {
        l->msg = trim(p, n);
        return;
    }
    l->has_ts = 1;
    /* 2020: "Thread - LEVEL - message" */
    const char *dash = find(p + m, n - m < 96 ? n - m : 96, " - ");
    size_t ll;
    if (dash) {
        size_t a = (size_t)(dash - p) + 3;
        if (level_name(p + a, n - a, &ll)) {
            a += ll;
            if (a + 3 <= n && memcmp(p + a, " - ", 3) == 0)
                m = a + 3;
            else if (trim(p + a, n - a).n <= 1)
                m = n;
        }
    }
    struct slice msg = trim(p + m, n - m);
    if (starts(msg.p, msg.n, "CarbonTracker:")) {
        l->ct_prefix = 1;
        msg = trim(msg.p + 14, msg.n - 14);
    }
    l->msg = msg;
}

/* Iterates the lines of buf; 0 at the end. */
static int next_line(const char *buf, size_t len, size_t *pos, long *no, const char **p, size_t *n)
{
    if (!buf || *pos >= len)
        return 0;
    const char *s = buf + *pos;
    const char *nl = memchr(s, '\n', len - *pos);
    size_t l = nl ? (size_t)(nl - s) : len - *pos;
    *pos += l + (nl ? 1 : 0);
    if (l && s[l - 1] == '\r')
        l--;
    (*no)++;
    *p = s;
    *n = l;
    return 1;
}

/* --- sniffing ------------------------------------------------------------------- */

static int std_message(struct slice m)
{
    static const char *const known[] = {
        "carbontracker version ",
        "Only predicted and actual consumptions are multiplied by a PUE",
        "The following components were found:",
        "Monitoring thread started",
        "Monitoring thread ended",
        "Duration: ",
        "Average power usage (W) for ",
        "Carbon intensities (gCO2",
        "Average carbon intensity during training",
        "Training was interrupted",
        "Carbon intensity for the next",
        "Current carbon intensity is",
        "Carbon intensity fetched:",
        "Live carbon intensity could not be fetched",
    };
    for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
        if (starts_ci(m.p, m.n, known[i]))
            return 1;
    return m.n >= 8 && starts(m.p, m.n, "Epoch ") && is_digit(m.p[6]) && m.p[m.n - 1] == ':';
}

/* Counts std and output messages in the first lines; -1 when the first
 * non-blank line has no carbontracker timestamp. */
static int scan_head(const char *head, size_t len, int *std_hits, int *out_hits)
{
    size_t pos = 0;
    long no = 0;
    const char *p;
    size_t n;
    int first = 1;
    *std_hits = *out_hits = 0;
    if (len >= 3 && !memcmp(head, "\xEF\xBB\xBF", 3))
        pos = 3;
    while (next_line(head, len, &pos, &no, &p, &n)) {
        struct ct_line l;
        split_line(p, n, &l);
        if (first) {
            if (!l.has_ts && !l.msg.n)
                continue;
            if (!l.has_ts)
                return -1;
            first = 0;
        }
        if (!l.has_ts)
            continue;
        if (l.ct_prefix)
            (*out_hits)++;
        else if (std_message(l.msg))
            (*std_hits)++;
    }
    return first ? -1 : 0;
}

/* Returns 1 for a standard log: timestamped lines with carbontracker's
 * messages and none of the output log's "CarbonTracker: " messages. Only
 * reads head[0..len); allocates and keeps nothing. */
int gt_ct_sniff_std(const char *head, size_t len)
{
    int s, o;
    if (!head || scan_head(head, len, &s, &o) != 0)
        return 0;
    return s > 0 && o == 0;
}

/* Returns 1 for an output log: timestamped "CarbonTracker: " messages. Only
 * reads head[0..len); allocates and keeps nothing. */
int gt_ct_sniff_out(const char *head, size_t len)
{
    int s, o;
    if (!head || scan_head(head, len, &s, &o) != 0)
        return 0;
    return o > 0;
}

/* --- parser state ------------------------------------------------------------- */

struct ct_chunk {
    struct ct_chunk *next;
    size_t used, cap;
    char buf[];
};

struct ct_power {
    size_t comp, epoch;
    size_t first, n; /* values in ct.vals; n == 0 for None */
};

struct ct_comp {
    struct slice name; /* as in "Average power usage (W) for NAME:" */
    size_t lines;      /* power lines so far = epoch index of the next one */
    size_t ndev;       /* most values on one line */
};

enum { B_ACTUAL, B_PREDICTED };

struct ct_block {
    long line;
    int has_ts;
    double ts;
    int kind;
    long epochs; /* -1 unknown */
    int bare;    /* "Actual consumption:" */
    int has_time, has_energy, has_co2;
    struct slice time, energy, co2;
    size_t nequiv;
    struct slice eq_val[CT_MAX_EQUIV], eq_unit[CT_MAX_EQUIV];
};

struct ct_cpart {
    struct slice name;
    size_t ndev;
    struct slice dev[CT_MAX_DEVS];
};

struct ct {
    const struct gt_parse_ctx *ctx;
    char run_id[256]; /* the pair's name: the file name before _carbontracker */
    struct ct_chunk *chunks;
    int nomem;

    struct slice version, components, location, monitor_epochs;
    int has_version, has_components, loc_prio, early_stop;
    double pue, ci_avg, ci_pred, ci_fetch_sum;
    long ci_fetch_n;
    double first_ts_std, first_ts_out;

    /* standard log, per epoch */
    long epoch_lines, first_epoch_line, first_power_line;
    double last_epoch_ts, last_power_ts;
    double *dur;
    size_t ndur, capdur;
    struct ct_comp comps[CT_MAX_COMPS];
    size_t ncomps;
    int comps_full_warned;
    struct ct_power *pw;
    size_t npw, cappw;
    double *vals;
    size_t nvals, capvals;
    int in_array;  /* a "[..." power value continues on the next lines */
    long bad_line; /* line of the bad power values being counted */
    size_t nbad, ncut;

    /* output log */
    struct ct_block *blk;
    size_t nblk, capblk;
    int in_block, in_equiv;
    struct ct_block cur;

    /* the components line, split */
    struct ct_cpart cparts[CT_MAX_CLINE];
    size_t ncparts;

    /* built once for all records of the pair */
    const char *s_version, *s_components, *s_location, *s_monitor, *s_iso;
    const char *s_gpu_model, *s_cpu_model;
    double gpu_count;
    double *epoch_s;
    size_t nepochs;
    struct gt_series *series;
    size_t nseries;
    double *series_v;
};

static char *arena_alloc(struct ct *st, size_t n)
{
    struct ct_chunk *c = st->chunks;
    if (!c || c->cap - c->used < n) {
        size_t cap = n > 4000 ? n : 4000;
        c = malloc(sizeof *c + cap);
        if (!c) {
            st->nomem = 1;
            return NULL;
        }
        c->next = st->chunks;
        c->used = 0;
        c->cap = cap;
        st->chunks = c;
    }
    char *p = c->buf + c->used;
    c->used += n;
    return p;
}

/* A NUL-terminated copy of a slice; "" when out of memory (nomem is set). */
static const char *arena_str(struct ct *st, const char *p, size_t n)
{
    char *d = arena_alloc(st, n + 1);
    if (!d)
        return "";
    if (n)
        memcpy(d, p, n);
    d[n] = '\0';
    return d;
}

/* Makes room for one more element in a vector; 0 ok, -1 out of memory. */
static int grow(struct ct *st, void **v, size_t *cap, size_t n, size_t elem)
{
    if (n < *cap)
        return 0;
    size_t nc = *cap ? *cap * 2 : 16;
    if (nc > ((size_t)-1) / elem) {
        st->nomem = 1;
        return -1;
    }
    void *p = realloc(*v, nc * elem);
    if (!p) {
        st->nomem = 1;
        return -1;
    }
    *v = p;
    *cap = nc;
    return 0;
}

static void st_free(struct ct *st)
{
    while (st->chunks) {
        struct ct_chunk *c = st->chunks;
        st->chunks = c->next;
        free(c);
    }
    free(st->dur);
    free(st->pw);
    free(st->vals);
    free(st->blk);
    free(st->epoch_s);
    free(st->series);
    free(st->series_v);
    free(st);
}

/* --- messages found in either log ------------------------------------------ */

/* A number at the start of s (up to a blank or one of stop), or -1. */
static int lead_num(const char *p, size_t n, const char *stop, double *out)
{
    struct slice s = trim(p, n);
    size_t i = 0;
    while (i < s.n && !is_blank(s.p[i]) && !strchr(stop, s.p[i]))
        i++;
    return gt_num_parse(s.p, i, out);
}

static void set_location(struct ct *st, const char *p, size_t n, int prio)
{
    struct slice s = trim(p, n);
    while (s.n && (s.p[s.n - 1] == '.' || is_blank(s.p[s.n - 1])))
        s.n--;
    if (!s.n || (s.n == 7 && !strncasecmp(s.p, "unknown", 7)) ||
        (s.n == 10 && !strncasecmp(s.p, "undetected", 10)) ||
        (s.n == 4 && !strncmp(s.p, "None", 4)))
        return;
    if (prio >= st->loc_prio) {
        st->location = s;
        st->loc_prio = prio;
    }
}

/* Text after "at detected location" (an optional ':' and blanks). */
static struct slice after_location(struct slice m)
{
    const char *a = find(m.p, m.n, "at detected location");
    if (!a)
        return (struct slice){NULL, 0};
    size_t off = (size_t)(a - m.p) + strlen("at detected location");
    if (off < m.n && m.p[off] == ':')
        off++;
    return trim(m.p + off, m.n - off);
}

/* 1 when m starts with lit (ASCII case ignored when ci); rest = what follows. */
static int prefix(struct slice m, const char *lit, int ci, struct slice *rest)
{
    size_t l = strlen(lit);
    if (!(ci ? starts_ci(m.p, m.n, lit) : starts(m.p, m.n, lit)))
        return 0;
    *rest = (struct slice){m.p + l, m.n - l};
    return 1;
}

/* 1 when lit occurs in m; rest = what follows its first occurrence. */
static int after(struct slice m, const char *lit, struct slice *rest)
{
    const char *a = find(m.p, m.n, lit);
    if (!a)
        return 0;
    size_t off = (size_t)(a - m.p) + strlen(lit);
    *rest = (struct slice){m.p + off, m.n - off};
    return 1;
}

static void add_fetched(struct ct *st, struct slice r)
{
    double v;
    if (lead_num(r.p, r.n, "", &v) == 0 && v >= 0) {
        st->ci_fetch_sum += v;
        st->ci_fetch_n++;
    }
}

static void common_message(struct ct *st, struct slice m)
{
    double v;
    struct slice r, loc;
    if (!st->has_version && prefix(m, "carbontracker version ", 1, &r)) {
        st->version = trim(r.p, r.n);
        st->has_version = 1;
    } else if (after(m, "PUE coefficient of ", &r)) {
        if (lead_num(r.p, r.n, "(", &v) == 0 && v > 0)
            st->pue = v;
    } else if (prefix(m, "The following components were found:", 0, &r)) {
        if (!st->has_components) {
            st->components = trim(r.p, r.n);
            st->has_components = 1;
        }
    } else if (prefix(m, "Average carbon intensity during training was ", 0, &r)) {
        if (lead_num(r.p, r.n, "", &v) == 0 && v >= 0)
            st->ci_avg = v;
        loc = after_location(m);
        if (loc.p)
            set_location(st, loc.p, loc.n, 2);
    } else if (prefix(m, "Carbon intensities (", 0, &r)) {
        /* "... at detected location[:] Copenhagen, Capital Region, DK: [143.3]" */
        loc = after_location(m);
        if (loc.p) {
            const char *list = find_last(loc.p, loc.n, ": [");
            set_location(st, loc.p, list ? (size_t)(list - loc.p) : loc.n, 3);
        }
    } else if (prefix(m, "Carbon intensity fetched: ", 0, &r)) {
        /* "Carbon intensity fetched: 143.30 gCO2/kWh at ADDRESS" */
        add_fetched(st, r);
        if (after(m, "/kWh at ", &loc))
            set_location(st, loc.p, loc.n, 1);
    } else if (prefix(m, "Current carbon intensity is ", 0, &r)) {
        add_fetched(st, r);
        loc = after_location(m);
        if (loc.p)
            set_location(st, loc.p, loc.n, 1);
    } else if (prefix(m, "Carbon intensity for the next ", 0, &r)) {
        if (after(m, "predicted to be ", &r) && lead_num(r.p, r.n, "", &v) == 0 && v >= 0)
            st->ci_pred = v;
        loc = after_location(m);
        if (loc.p)
            set_location(st, loc.p, loc.n, 1);
    } else if (prefix(m, "Live carbon intensity could not be fetched", 0, &r)) {
        loc = after_location(m);
        if (loc.p) {
            const char *d = find(loc.p, loc.n, ". Defaulted");
            set_location(st, loc.p, d ? (size_t)(d - loc.p) : loc.n, 0);
        }
    } else if (find_ci(m.p, m.n, "Training was interrupted")) {
        st->early_stop = 1;
        if (after(m, "before all ", &r)) {
            size_t k = 0;
            while (k < r.n && is_digit(r.p[k]))
                k++;
            if (k)
                st->monitor_epochs = (struct slice){r.p, k};
        }
    }
}

/* --- standard log: epochs ------------------------------------------------------ */

static void flush_bad(struct ct *st)
{
    if (st->nbad)
        gt_parse_warn(st->ctx, st->bad_line,
                      "%zu power value(s) that are not numbers (or negative) read as unknown",
                      st->nbad);
    if (st->ncut)
        gt_parse_warn(st->ctx, st->bad_line, "more than %d power values on one line; %zu ignored",
                      CT_MAX_DEVS, st->ncut);
    st->nbad = st->ncut = 0;
}

/* Reads the tokens of a power value into the last power entry. Returns 1 when
 * the array is closed (or there was none), 0 when it goes on next line. */
static int power_tokens(struct ct *st, const char *p, size_t n, int bracketed)
{
    struct ct_power *e = &st->pw[st->npw - 1];
    size_t i = 0;
    int closed = !bracketed;
    while (i < n) {
        while (i < n && (is_blank(p[i]) || p[i] == ',' || p[i] == '['))
            i++;
        if (i >= n)
            break;
        if (p[i] == ']') {
            closed = 1;
            break;
        }
        size_t j = i;
        while (j < n && !is_blank(p[j]) && p[j] != ',' && p[j] != ']' && p[j] != '[')
            j++;
        if (e->n >= CT_MAX_DEVS) {
            st->ncut++;
            i = j;
            continue;
        }
        double v = NAN;
        if (!((j - i == 4 && !memcmp(p + i, "None", 4)) ||
              (j - i == 3 && !strncasecmp(p + i, "nan", 3)))) {
            if (gt_num_parse(p + i, j - i, &v) != 0 || v < 0) {
                v = NAN;
                st->nbad++;
            }
        }
        if (grow(st, (void **)&st->vals, &st->capvals, st->nvals, sizeof(double)))
            return 1;
        st->vals[st->nvals++] = v;
        e->n++;
        i = j;
    }
    if (e->n > st->comps[e->comp].ndev)
        st->comps[e->comp].ndev = e->n;
    return closed;
}

static void power_line(struct ct *st, const struct ct_line *l, struct slice m)
{
    /* "Average power usage (W) for gpu: [136.86084615 120.5]" */
    struct slice r;
    if (!prefix(m, "Average power usage (W) for ", 0, &r))
        return;
    const char *rest = r.p;
    size_t left = r.n;
    const char *colon = memchr(rest, ':', left);
    if (!colon)
        return;
    struct slice name = trim(rest, (size_t)(colon - rest));
    struct slice val = trim(colon + 1, left - (size_t)(colon + 1 - rest));
    size_t c;
    for (c = 0; c < st->ncomps; c++)
        if (st->comps[c].name.n == name.n && !memcmp(st->comps[c].name.p, name.p, name.n))
            break;
    if (c == st->ncomps) {
        if (st->ncomps == CT_MAX_COMPS) {
            if (!st->comps_full_warned)
                gt_parse_warn(st->ctx, l->no, "more than %d components; the others are ignored",
                              CT_MAX_COMPS);
            st->comps_full_warned = 1;
            return;
        }
        st->comps[c].name = name;
        st->comps[c].lines = 0;
        st->comps[c].ndev = 0;
        st->ncomps++;
    }
    if (grow(st, (void **)&st->pw, &st->cappw, st->npw, sizeof(*st->pw)))
        return;
    struct ct_power *e = &st->pw[st->npw++];
    e->comp = c;
    e->epoch = st->comps[c].lines++;
    e->first = st->nvals;
    e->n = 0;
    if (!st->first_power_line)
        st->first_power_line = l->no;
    if (l->has_ts)
        st->last_power_ts = l->ts;
    st->bad_line = l->no;
    if ((val.n == 4 && !memcmp(val.p, "None", 4)) || (val.n == 6 && !memcmp(val.p, "[None]", 6)))
        return;
    int bracketed = val.n && val.p[0] == '[';
    st->in_array = !power_tokens(st, val.p, val.n, bracketed);
    if (!st->in_array)
        flush_bad(st);
}

static void std_message_line(struct ct *st, const struct ct_line *l)
{
    struct slice m = l->msg;
    if (m.n >= 7 && starts(m.p, m.n, "Epoch ") && is_digit(m.p[6]) && m.p[m.n - 1] == ':') {
        size_t k = 6;
        while (k < m.n && is_digit(m.p[k]))
            k++;
        if (k == m.n - 1) {
            st->epoch_lines++;
            if (!st->first_epoch_line)
                st->first_epoch_line = l->no;
            if (l->has_ts)
                st->last_epoch_ts = l->ts;
            return;
        }
    }
    struct slice r;
    if (prefix(m, "Duration:", 0, &r)) {
        double d = NAN;
        int rc = parse_clock(r.p, r.n, &d);
        if (rc != 0) {
            char q[64];
            gt_parse_warn(st->ctx, l->no, "cannot parse 'Duration' '%s'; the epoch has no duration",
                          quote(q, sizeof q, r.p, r.n));
            d = NAN;
        }
        if (grow(st, (void **)&st->dur, &st->capdur, st->ndur, sizeof(double)))
            return;
        st->dur[st->ndur++] = d;
        return;
    }
    if (starts(m.p, m.n, "Average power usage (W) for ")) {
        power_line(st, l, m);
        return;
    }
    common_message(st, m);
}

static void parse_std(struct ct *st, const char *buf, size_t len)
{
    size_t pos = 0;
    long no = 0;
    const char *p;
    size_t n;
    while (!st->nomem && next_line(buf, len, &pos, &no, &p, &n)) {
        struct ct_line l;
        l.no = no;
        split_line(p, n, &l);
        if (l.has_ts && isnan(st->first_ts_std))
            st->first_ts_std = l.ts;
        if (st->in_array) {
            if (!l.has_ts) {
                if (power_tokens(st, l.msg.p, l.msg.n, 1)) {
                    st->in_array = 0;
                    flush_bad(st);
                }
                continue;
            }
            st->in_array = 0; /* cut short: keep what was read */
            flush_bad(st);
        }
        std_message_line(st, &l);
    }
    if (st->in_array)
        flush_bad(st);
    st->in_array = 0;
}

/* --- output log: consumption blocks ------------------------------------------ */

static void close_block(struct ct *st)
{
    if (!st->in_block)
        return;
    st->in_block = st->in_equiv = 0;
    if (grow(st, (void **)&st->blk, &st->capblk, st->nblk, sizeof(*st->blk)))
        return;
    st->blk[st->nblk++] = st->cur;
}

/* A block heading: 1 and opens a block in cur (closing the one before), else
 * 0. */
static int heading(struct ct *st, struct slice m, long no, int has_ts, double ts)
{
    int kind;
    struct slice rest;
    if (prefix(m, "Actual consumption", 1, &rest))
        kind = B_ACTUAL;
    else if (prefix(m, "Predicted consumption", 1, &rest))
        kind = B_PREDICTED;
    else
        return 0;
    close_block(st);
    st->in_block = 1;
    struct ct_block *b = &st->cur;
    memset(b, 0, sizeof *b);
    b->line = no;
    b->has_ts = has_ts;
    b->ts = ts;
    b->kind = kind;
    b->epochs = -1;
    struct slice r = trim(rest.p, rest.n);
    if (starts_ci(r.p, r.n, "for ")) {
        size_t k = 4;
        while (k < r.n && is_blank(r.p[k]))
            k++;
        size_t d = k;
        while (d < r.n && is_digit(r.p[d]))
            d++;
        long e;
        if (d > k && gt_num_parse_long(r.p + k, d - k, &e) == 0)
            b->epochs = e;
    } else if (kind == B_ACTUAL) {
        b->bare = 1;
    }
    return 1;
}

static void block_line(struct ct *st, struct slice m)
{
    struct ct_block *b = &st->cur;
    struct slice r, *dst = NULL;
    int *flag = NULL;
    if (prefix(m, "Time:", 1, &r)) {
        dst = &b->time;
        flag = &b->has_time;
    } else if (prefix(m, "Energy:", 1, &r)) {
        dst = &b->energy;
        flag = &b->has_energy;
    } else if (prefix(m, "CO2eq:", 1, &r)) {
        dst = &b->co2;
        flag = &b->has_co2;
    } else if (prefix(m, "This is equivalent to", 1, &r)) {
        st->in_equiv = 1;
        return;
    } else if (st->in_equiv && b->nequiv < CT_MAX_EQUIV) {
        /* "0.007977 km travelled by car" */
        size_t k = 0;
        while (k < m.n && !is_blank(m.p[k]))
            k++;
        double v;
        struct slice unit = trim(m.p + k, m.n - k);
        if (unit.n && gt_num_parse(m.p, k, &v) == 0) {
            b->eq_val[b->nequiv] = (struct slice){m.p, k};
            b->eq_unit[b->nequiv++] = unit;
        }
        return;
    }
    if (dst && !*flag) {
        *dst = trim(r.p, r.n);
        *flag = 1;
    }
}

static void parse_out(struct ct *st, const char *buf, size_t len)
{
    size_t pos = 0;
    long no = 0;
    const char *p;
    size_t n;
    int has_ts = 0;
    double ts = NAN;
    while (!st->nomem && next_line(buf, len, &pos, &no, &p, &n)) {
        struct ct_line l;
        l.no = no;
        split_line(p, n, &l);
        if (l.has_ts) {
            close_block(st);
            has_ts = 1;
            ts = l.ts;
            if (isnan(st->first_ts_out))
                st->first_ts_out = l.ts;
        }
        if (heading(st, l.msg, no, has_ts, ts))
            continue;
        if (st->in_block && !l.has_ts) {
            block_line(st, l.msg);
            continue;
        }
        if (l.has_ts)
            common_message(st, l.msg);
    }
    close_block(st);
}

/* --- the components line --------------------------------------------------------- */

/* "GPU with device(s) A, B. CPU with device(s) cpu:0, dram:0." */
static void split_components(struct ct *st)
{
    struct slice t = st->components;
    static const char sep[] = " with device(s) ";
    const size_t sl = sizeof(sep) - 1;
    const char *at[CT_MAX_CLINE + 1];
    size_t n = 0;
    const char *q = t.p;
    while (n < CT_MAX_CLINE && q && (size_t)(q - t.p) < t.n) {
        q = find(q, t.n - (size_t)(q - t.p), sep);
        if (q) {
            at[n++] = q;
            q += sl;
        }
    }
    const char *name_start[CT_MAX_CLINE];
    for (size_t i = 0; i < n; i++) {
        const char *lo = i ? at[i - 1] + sl : t.p;
        const char *s = at[i];
        while (s > lo && !is_blank(s[-1]))
            s--;
        name_start[i] = s;
        st->cparts[i].name = (struct slice){s, (size_t)(at[i] - s)};
    }
    for (size_t i = 0; i < n; i++) {
        const char *d = at[i] + sl;
        const char *end = i + 1 < n ? name_start[i + 1] : t.p + t.n;
        if (end < d)
            end = d;
        struct slice devs = trim(d, (size_t)(end - d));
        if (devs.n && devs.p[devs.n - 1] == '.')
            devs.n--;
        struct ct_cpart *cp = &st->cparts[i];
        cp->ndev = 0;
        size_t k = 0;
        while (k < devs.n && cp->ndev < CT_MAX_DEVS) {
            const char *c = memchr(devs.p + k, ',', devs.n - k);
            size_t e = c ? (size_t)(c - devs.p) : devs.n;
            struct slice dv = trim(devs.p + k, e - k);
            if (dv.n)
                cp->dev[cp->ndev++] = dv;
            k = e + 1;
        }
    }
    st->ncparts = n;
}

static const struct ct_cpart *cpart(const struct ct *st, const char *name, size_t n)
{
    for (size_t i = 0; i < st->ncparts; i++)
        if (st->cparts[i].name.n == n && !strncasecmp(st->cparts[i].name.p, name, n))
            return &st->cparts[i];
    return NULL;
}

static int rapl_name(struct slice d)
{
    size_t k;
    if (starts(d.p, d.n, "cpu:"))
        k = 4;
    else if (starts(d.p, d.n, "dram:"))
        k = 5;
    else
        return 0;
    if (k == d.n)
        return 0;
    for (; k < d.n; k++)
        if (!is_digit(d.p[k]))
            return 0;
    return 1;
}

/* Device names joined by ", " (RAPL names left out when skip_rapl). */
static const char *join_devices(struct ct *st, const struct ct_cpart *cp, int skip_rapl,
                                size_t *count)
{
    size_t total = 0;
    *count = 0;
    for (size_t i = 0; i < cp->ndev; i++)
        if (!(skip_rapl && rapl_name(cp->dev[i]))) {
            total += cp->dev[i].n + 2;
            (*count)++;
        }
    char *s = arena_alloc(st, total + 1);
    if (!s)
        return "";
    size_t k = 0;
    for (size_t i = 0; i < cp->ndev; i++) {
        if (skip_rapl && rapl_name(cp->dev[i]))
            continue;
        if (k)
            memcpy(s + k, ", ", 2), k += 2;
        memcpy(s + k, cp->dev[i].p, cp->dev[i].n);
        k += cp->dev[i].n;
    }
    s[k] = '\0';
    return s;
}

/* --- what every record of the pair shares ------------------------------------- */

static void build_common(struct ct *st)
{
    st->s_version = st->has_version ? arena_str(st, st->version.p, st->version.n) : "";
    st->s_components = st->has_components ? arena_str(st, st->components.p, st->components.n) : "";
    st->s_location = st->location.p ? arena_str(st, st->location.p, st->location.n) : "";
    st->s_monitor =
        st->monitor_epochs.p ? arena_str(st, st->monitor_epochs.p, st->monitor_epochs.n) : "";
    st->s_iso = "";
    if (st->location.p) {
        const char *c = find_last(st->location.p, st->location.n, ",");
        struct slice last =
            c ? trim(c + 1, st->location.n - (size_t)(c + 1 - st->location.p)) : st->location;
        if (c && last.n == 2 &&
            ((last.p[0] >= 'A' && last.p[0] <= 'Z') || (last.p[0] >= 'a' && last.p[0] <= 'z'))) {
            char iso[2];
            int ok = 1;
            for (int k = 0; k < 2; k++) {
                char ch = last.p[k];
                if (ch >= 'a' && ch <= 'z')
                    ch = (char)(ch - 'a' + 'A');
                ok &= ch >= 'A' && ch <= 'Z';
                iso[k] = ch;
            }
            if (ok)
                st->s_iso = arena_str(st, iso, 2);
        }
    }
    st->s_gpu_model = st->s_cpu_model = "";
    st->gpu_count = NAN;
    if (st->has_components)
        split_components(st);
    const struct ct_cpart *g = cpart(st, "gpu", 3), *c = cpart(st, "cpu", 3);
    size_t cnt;
    if (g) {
        st->s_gpu_model = join_devices(st, g, 0, &cnt);
        st->gpu_count = (double)cnt;
    }
    if (c)
        st->s_cpu_model = join_devices(st, c, 1, &cnt);

    /* epochs: as many as the most numerous of Epoch lines, durations, power
     * lines of one component */
    size_t ne = st->ndur;
    if ((size_t)st->epoch_lines > ne)
        ne = (size_t)st->epoch_lines;
    for (size_t i = 0; i < st->ncomps; i++)
        if (st->comps[i].lines > ne)
            ne = st->comps[i].lines;
    st->nepochs = ne;
    if (ne) {
        st->epoch_s = malloc(ne * sizeof(double));
        if (!st->epoch_s) {
            st->nomem = 1;
            return;
        }
        for (size_t e = 0; e < ne; e++)
            st->epoch_s[e] = e < st->ndur ? st->dur[e] : NAN;
    }

    /* one series per component x device */
    size_t ns = 0;
    for (size_t i = 0; i < st->ncomps; i++) {
        const struct ct_cpart *cp = cpart(st, st->comps[i].name.p, st->comps[i].name.n);
        if (!st->comps[i].ndev) /* only None: as many as the components line says */
            st->comps[i].ndev = cp && cp->ndev ? cp->ndev : 1;
        ns += st->comps[i].ndev;
    }
    if (!ns || !ne)
        return;
    if (ns > CT_MAX_SERIES / ne) {
        gt_parse_warn(st->ctx, 0, "%zu devices x %zu epochs is too many per-epoch values to keep",
                      ns, ne);
        return;
    }
    st->series = malloc(ns * sizeof *st->series);
    st->series_v = malloc(ns * ne * sizeof(double));
    if (!st->series || !st->series_v) {
        st->nomem = 1;
        return;
    }
    for (size_t k = 0; k < ns * ne; k++)
        st->series_v[k] = NAN;
    size_t base[CT_MAX_COMPS], s = 0;
    for (size_t i = 0; i < st->ncomps; i++) {
        const struct ct_comp *cm = &st->comps[i];
        const struct ct_cpart *cp = cpart(st, cm->name.p, cm->name.n);
        int named = cp && cp->ndev == cm->ndev;
        const char *comp = arena_str(st, cm->name.p, cm->name.n);
        base[i] = s;
        for (size_t d = 0; d < cm->ndev; d++, s++) {
            st->series[s].component = comp;
            st->series[s].device = named ? arena_str(st, cp->dev[d].p, cp->dev[d].n) : "";
            st->series[s].n = ne;
            st->series[s].v = st->series_v + s * ne;
        }
    }
    for (size_t k = 0; k < st->npw; k++) {
        const struct ct_power *e = &st->pw[k];
        for (size_t d = 0; d < e->n; d++)
            st->series_v[(base[e->comp] + d) * ne + e->epoch] = st->vals[e->first + d];
    }
    st->nseries = ns;
}

static void fill_common(const struct ct *st, struct gt_record *r, struct gt_kv *kv, size_t *nkv)
{
    const char *file = st->ctx->file ? st->ctx->file : "";
    r->file = file;
    r->run_key = file;
    r->run_id = st->run_id;
    r->format = CT_FORMAT;
    r->tool = GT_TOOL_CARBONTRACKER;
    r->tool_version = st->s_version;
    r->pue = st->pue;
    r->country_iso = st->s_iso;
    r->gpu_model = st->s_gpu_model;
    r->gpu_count = st->gpu_count;
    r->cpu_model = st->s_cpu_model;
    r->early_stop = st->early_stop;
    r->nepochs_s = st->epoch_s ? st->nepochs : 0;
    r->epoch_s = st->epoch_s;
    r->nseries = st->nseries;
    r->series = st->series;
    size_t n = 0;
    if (st->s_components[0])
        kv[n++] = (struct gt_kv){"components", st->s_components};
    if (st->s_location[0])
        kv[n++] = (struct gt_kv){"location", st->s_location};
    if (st->s_monitor[0])
        kv[n++] = (struct gt_kv){"monitor_epochs", st->s_monitor};
    *nkv = n;
}

static double ci_logged(const struct ct *st)
{
    if (!isnan(st->ci_avg))
        return st->ci_avg;
    if (st->ci_fetch_n)
        return st->ci_fetch_sum / (double)st->ci_fetch_n;
    return NAN;
}

/* --- emitting ------------------------------------------------------------------ */

/* A block field's value: a clock for 'Time', else a number with its unit
 * (e.g. "kWh") stripped; *v is what is quoted in messages. 0 ok, -1 not a
 * number, -2 negative. */
static int field_value(struct slice *v, const char *unit, double *out)
{
    if (!unit)
        return parse_clock(v->p, v->n, out);
    size_t ul = strlen(unit);
    if (v->n >= ul && !strncasecmp(v->p + v->n - ul, unit, ul))
        *v = trim(v->p, v->n - ul);
    if (gt_num_parse(v->p, v->n, out) != 0)
        return -1;
    return *out < 0 ? -2 : 0;
}

static int check_field(const struct ct *st, const struct ct_block *b, int has, struct slice v,
                       const char *name, const char *unit, double *out)
{
    char q[64];
    if (!has) {
        gt_parse_reject(st->ctx, b->line, "incomplete carbontracker block: no '%s' line", name);
        return -1;
    }
    int rc = field_value(&v, unit, out);
    if (rc == -1)
        gt_parse_reject(st->ctx, b->line, "cannot parse '%s' in carbontracker block: '%s'", name,
                        quote(q, sizeof q, v.p, v.n));
    else if (rc == -2)
        gt_parse_reject(st->ctx, b->line, "negative '%s' in carbontracker block: '%s'", name,
                        quote(q, sizeof q, v.p, v.n));
    return rc;
}

static enum gt_status emit_block(struct ct *st, const struct ct_block *b)
{
    double dur, kwh, g;
    if (check_field(st, b, b->has_time, b->time, "Time", NULL, &dur) ||
        check_field(st, b, b->has_energy, b->energy, "Energy", "kWh", &kwh) ||
        check_field(st, b, b->has_co2, b->co2, "CO2eq", "g", &g))
        return GT_OK;
    struct gt_record r;
    gt_record_init(&r);
    struct gt_kv kv[3 + CT_MAX_EQUIV];
    size_t nkv;
    fill_common(st, &r, kv, &nkv);
    for (size_t i = 0; i < b->nequiv; i++) {
        /* "km travelled by car" -> "km_travelled_by_car" */
        char *key = arena_alloc(st, b->eq_unit[i].n + 1);
        if (!key)
            return GT_E_NOMEM;
        for (size_t k = 0; k < b->eq_unit[i].n; k++) {
            char c = b->eq_unit[i].p[k];
            if (c >= 'A' && c <= 'Z')
                c = (char)(c - 'A' + 'a');
            key[k] = (is_digit(c) || (c >= 'a' && c <= 'z')) ? c : '_';
        }
        key[b->eq_unit[i].n] = '\0';
        kv[nkv++] = (struct gt_kv){key, arena_str(st, b->eq_val[i].p, b->eq_val[i].n)};
    }
    if (st->nomem)
        return GT_E_NOMEM;
    r.extras = kv;
    r.nextras = nkv;
    r.line = b->line;
    r.kind = b->kind == B_PREDICTED ? GT_KIND_PREDICTED : GT_KIND_ACTUAL;
    r.epochs = b->bare ? (st->epoch_lines > 0 ? st->epoch_lines : -1) : b->epochs;
    r.duration_s = dur;
    r.energy_kwh = kwh;
    r.co2e_g = g;
    r.ci_g_per_kwh = b->kind == B_PREDICTED && !isnan(st->ci_pred) ? st->ci_pred : ci_logged(st);
    if (b->has_ts) {
        r.tz = GT_TZ_LOCAL;
        if (b->kind == B_PREDICTED) {
            /* a forecast for the whole training, made after the first epochs:
             * it spans from the start of the run */
            double t0 = !isnan(st->first_ts_std) ? st->first_ts_std : st->first_ts_out;
            if (isnan(t0) || t0 > b->ts)
                t0 = b->ts;
            r.start = t0;
            r.end = t0 + dur;
        } else {
            r.end = b->ts;
            r.start = b->ts - dur;
        }
    }
    return st->ctx->emit(st->ctx->ud, &r);
}

/* One record from the per-epoch power of the standard log. */
static enum gt_status emit_computed(struct ct *st)
{
    double total = 0, cpu = 0, gpu = 0, ram = 0;
    int has_cpu = 0, has_gpu = 0, has_ram = 0;
    size_t used = 0, none = 0, nodur = 0;
    for (size_t k = 0; k < st->npw; k++) {
        const struct ct_power *e = &st->pw[k];
        const struct ct_comp *cm = &st->comps[e->comp];
        const struct ct_cpart *cp = cpart(st, cm->name.p, cm->name.n);
        int named = cp && cp->ndev == cm->ndev;
        double d = e->epoch < st->ndur ? st->dur[e->epoch] : NAN;
        if (e->n == 0)
            none++;
        for (size_t i = 0; i < e->n; i++) {
            double w = st->vals[e->first + i];
            if (isnan(w)) {
                none++;
                continue;
            }
            if (isnan(d)) {
                nodur++;
                continue;
            }
            double kwh = w * d / 3.6e6;
            used++;
            total += kwh;
            if (cm->name.n == 3 && !strncasecmp(cm->name.p, "gpu", 3)) {
                gpu += kwh;
                has_gpu = 1;
            } else if (cm->name.n == 3 && !strncasecmp(cm->name.p, "cpu", 3)) {
                if (named && starts(cp->dev[i].p, cp->dev[i].n, "dram:") && rapl_name(cp->dev[i])) {
                    ram += kwh;
                    has_ram = 1;
                } else {
                    cpu += kwh;
                    has_cpu = 1;
                }
            }
        }
    }
    if (!used) {
        gt_parse_warn(st->ctx, 0, "no consumption recorded");
        return GT_OK;
    }
    double f = isnan(st->pue) ? 1.0 : st->pue;
    struct gt_record r;
    gt_record_init(&r);
    struct gt_kv kv[3];
    size_t nkv;
    fill_common(st, &r, kv, &nkv);
    r.extras = kv;
    r.nextras = nkv;
    r.line = st->first_epoch_line ? st->first_epoch_line : st->first_power_line;
    r.kind = GT_KIND_ACTUAL;
    r.epochs = (long)st->nepochs;
    r.energy_kwh = total * f;
    r.cpu_kwh = has_cpu ? cpu * f : NAN;
    r.gpu_kwh = has_gpu ? gpu * f : NAN;
    r.ram_kwh = has_ram ? ram * f : NAN;
    r.ci_g_per_kwh = ci_logged(st);
    r.co2e_g = isnan(r.ci_g_per_kwh) ? NAN : r.energy_kwh * r.ci_g_per_kwh;
    double dur = 0;
    int has_dur = 0;
    for (size_t e = 0; e < st->ndur; e++)
        if (!isnan(st->dur[e])) {
            dur += st->dur[e];
            has_dur = 1;
        }
    r.duration_s = has_dur ? dur : NAN;
    double end = !isnan(st->last_epoch_ts) ? st->last_epoch_ts : st->last_power_ts;
    if (!isnan(end)) {
        r.tz = GT_TZ_LOCAL;
        r.end = end;
        r.start = has_dur ? end - dur : NAN;
    }
    gt_parse_warn(st->ctx, 0,
                  "no consumption block in the output log; energy computed from the per-epoch "
                  "power in the standard log%s",
                  isnan(st->pue) ? " (no 'PUE coefficient' line: none applied)" : "");
    if (none)
        gt_parse_warn(st->ctx, 0,
                      "%zu per-epoch power value(s) unknown ('None' or unreadable) count as 0 W",
                      none);
    if (nodur)
        gt_parse_warn(st->ctx, 0,
                      "%zu per-epoch power value(s) have no epoch 'Duration' and are not counted",
                      nodur);
    return st->ctx->emit(st->ctx->ud, &r);
}

/* Parses a carbontracker pair (std and out are only read, either may be NULL)
 * and reports its records through ctx. The records, their strings and arrays
 * are owned by the parser and borrowed by ctx->emit for the duration of the
 * call (gt_record_dup to keep one); nothing allocated here outlives the call.
 * Returns GT_OK, the first non-GT_OK status of ctx->emit, or GT_E_NOMEM; err
 * (may be NULL) gets a message when it has none yet. */
enum gt_status gt_ct_parse(const char *std, size_t std_len, const char *out, size_t out_len,
                           const struct gt_parse_ctx *ctx, struct gt_error *err)
{
    const char *file = ctx->file ? ctx->file : "";
    struct ct *st = calloc(1, sizeof *st);
    if (!st)
        return gt_error_set(err, GT_E_NOMEM, "out of memory reading '%s'", file);
    st->ctx = ctx;
    {
        /* run id: the base name without the _carbontracker*.log suffix */
        const char *b = strrchr(file, '/');
        b = b ? b + 1 : file;
        const char *cut = strstr(b, "_carbontracker");
        size_t n = cut ? (size_t)(cut - b) : strlen(b);
        if (n >= sizeof st->run_id)
            n = sizeof st->run_id - 1;
        memcpy(st->run_id, b, n);
        st->run_id[n] = '\0';
    }
    st->pue = st->ci_avg = st->ci_pred = NAN;
    st->first_ts_std = st->first_ts_out = st->last_epoch_ts = st->last_power_ts = NAN;
    if (!std)
        std_len = 0;
    if (!out)
        out_len = 0;

    parse_std(st, std, std_len);
    parse_out(st, out, out_len);
    if (!st->nomem)
        build_common(st);

    enum gt_status rc = GT_OK;
    if (!st->nomem) {
        for (size_t i = 0; i < st->nblk && rc == GT_OK; i++)
            rc = emit_block(st, &st->blk[i]);
        if (rc == GT_OK && st->nblk == 0)
            rc = emit_computed(st);
    }
    if (st->nomem)
        rc = GT_E_NOMEM;
    if (rc == GT_E_NOMEM && err && !err->msg[0])
        gt_error_set(err, rc, "out of memory reading '%s'", file);
    else if (rc != GT_OK && err && !err->msg[0])
        gt_error_set(err, rc, "reading '%s': %s", file, gt_strerror(rc));
    st_free(st);
    return rc;
}
