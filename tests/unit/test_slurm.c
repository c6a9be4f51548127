/* test_slurm.c - SLURM accounting (core/slurm_*.c): the field formats, the
 * streaming parser (steps, arrays, heterogeneous jobs, any split of the
 * bytes), the cluster description (ours and GA4HPC's yaml), GA4HPC's method
 * against the golden outputs of Green-Algorithms-core's tests, the format
 * of the detection table, and the aggregate's compact keeping of jobs (the
 * same per-user figures and groups as every job's whole row). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_agg.h"
#include "gt_logs.h"
#include "gt_slurm.h"

/* The record of a listed run (gt_agg_run_record), valid until 8 more calls. */
static const struct gt_record *REC(const struct gt_run *r)
{
    static struct gt_run_rec b[8];
    static unsigned k;
    return gt_agg_run_record(r, &b[k++ & 7u]);
}

/* ---- fields ------------------------------------------------------------- */

static double dur(const char *s)
{
    double v = -1;
    return gt_slurm_parse_duration(s, strlen(s), &v) == 0 ? v : -1;
}

static void test_durations(void **state)
{
    (void)state;
    assert_true(dur("02:50:00") == 10200);
    assert_true(dur("0:03:00") == 180);
    assert_true(dur("1-00:00:00") == 86400);
    assert_true(dur("89-08:00:00") == 89 * 86400 + 8 * 3600);
    assert_true(dur("10:12.345") == 612.345);
    assert_true(dur("01:45:30.500") == 6330.5);
    assert_true(dur("45") == 45);
    assert_true(dur(" 00:00:00 ") == 0);
    static const char *const bad[] = {"",          "N/A",      "INVALID",   "Unknown",
                                      "1-02:03",   "00:61:00", "00:00:60",  "1:2:3:4",
                                      "-01:00:00", "ab:cd:ef", "01:00:00.", "1e3"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double v;
        assert_int_equal(gt_slurm_parse_duration(bad[i], strlen(bad[i]), &v), -1);
    }
}

static void test_memory_and_tres(void **state)
{
    (void)state;
    struct {
        const char *s;
        char unit;
        double gb;
        char per;
    } ok[] = {
        {"16G", 'M', 16, 0},       {"4000Mc", 'M', 4, 'c'}, {"2Gn", 'M', 2, 'n'},
        {"0n", 'M', 0, 'n'},       {"6760M", 'M', 6.76, 0}, {"1T", 'M', 1000, 0},
        {"12000000K", 'K', 12, 0}, {"2.1G", 'K', 2.1, 0},   {"512", 'K', 0.000512, 0},
        {"512", 'M', 0.512, 0},    {"0", 'K', 0, 0},        {"1500m", 'K', 1.5, 0},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        double gb = -1;
        char per = 'x';
        assert_int_equal(gt_slurm_parse_mem(ok[i].s, strlen(ok[i].s), ok[i].unit, &gb, &per), 0);
        assert_true(fabs(gb - ok[i].gb) < 1e-12);
        assert_int_equal(per, ok[i].per);
    }
    static const char *const bad[] = {"", "n", "G", "-4G", "16X", "abcG", "16Gx"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double gb;
        char per;
        assert_int_equal(gt_slurm_parse_mem(bad[i], strlen(bad[i]), 'M', &gb, &per), -1);
    }
    char type[16];
    const char *t = "billing=32,cpu=32,gres/gpu=4,mem=128G,node=4";
    assert_true(gt_slurm_tres_gpus(t, strlen(t), type, sizeof type) == 4);
    assert_string_equal(type, "");
    t = "cpu=8,gres/gpu:a100=2,mem=64G";
    assert_true(gt_slurm_tres_gpus(t, strlen(t), type, sizeof type) == 2);
    assert_string_equal(type, "a100");
    t = "cpu=8,gres/gpu=3,gres/gpu:a100=2,gres/gpu:v100=1";
    assert_true(gt_slurm_tres_gpus(t, strlen(t), type, sizeof type) == 3);
    t = "cpu=8,gres/gpu:a100=2,gres/gpu:v100=1";
    assert_true(gt_slurm_tres_gpus(t, strlen(t), type, sizeof type) == 3);
    /* GPU memory, utilisation and shards (SLURM 23+ TRES) are not GPUs */
    t = "cpu=8,gres/gpumem=40G,gres/gpuutil=80,gres/shard=2";
    assert_true(gt_slurm_tres_gpus(t, strlen(t), type, sizeof type) == 0);
    t = "cpu=8,gres/gpu:a100=2,gres/gpumem=80G,gres/gpuutil=100";
    assert_true(gt_slurm_tres_gpus(t, strlen(t), type, sizeof type) == 2);
    t = "billing=8,cpu=8,mem=16G,node=1";
    assert_true(gt_slurm_tres_gpus(t, strlen(t), type, sizeof type) == 0);
    assert_true(gt_slurm_tres_value(t, strlen(t), "cpu") == 8);
    assert_true(gt_slurm_tres_value(t, strlen(t), "node") == 1);
    assert_true(isnan(gt_slurm_tres_value(t, strlen(t), "mem"))); /* 16G: not a number */
    assert_true(isnan(gt_slurm_tres_value(t, strlen(t), "gres/gpu")));
    assert_true(isnan(gt_slurm_tres_value("cpu=", 4, "cpu")));
    assert_true(gt_slurm_tres_gpus("", 0, type, sizeof type) == 0);
}

static void test_states(void **state)
{
    (void)state;
    struct {
        const char *s;
        enum gt_slurm_state st;
    } v[] = {
        {"COMPLETED", GT_SLURM_COMPLETED},
        {"CD", GT_SLURM_COMPLETED},
        {"FAILED", GT_SLURM_FAILED},
        {"OUT_OF_MEMORY", GT_SLURM_FAILED},
        {"NODE_FAIL", GT_SLURM_FAILED},
        {"TIMEOUT", GT_SLURM_TIMEOUT},
        {"CANCELLED by 11120", GT_SLURM_CANCELLED},
        {"CANCELLED+", GT_SLURM_CANCELLED},
        {"PREEMPTED", GT_SLURM_CANCELLED},
        {"RUNNING", GT_SLURM_RUNNING},
        {"REQUEUED", GT_SLURM_RUNNING},
        {"PENDING", GT_SLURM_PENDING},
        {"PD", GT_SLURM_PENDING},
        {"SOMETHING_NEW", GT_SLURM_FAILED},
        {"completed", GT_SLURM_COMPLETED},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        assert_int_equal(gt_slurm_state_parse(v[i].s, strlen(v[i].s)), v[i].st);
    assert_string_equal(gt_slurm_state_name(GT_SLURM_TIMEOUT), "timeout");
}

/* ---- the parser ---------------------------------------------------------- */

struct seen {
    struct gt_slurm_job jobs[16];
    size_t n;
    long rejected, warned;
    char first_reject[300];
};

static enum gt_status on_job(void *ud, const struct gt_slurm_job *j)
{
    struct seen *s = ud;
    if (s->n < 16)
        s->jobs[s->n++] = *j;
    return GT_OK;
}

static void on_reject(void *ud, long line, const char *msg)
{
    struct seen *s = ud;
    if (!s->rejected++)
        snprintf(s->first_reject, sizeof s->first_reject, "%ld: %s", line, msg);
}

static void on_warn(void *ud, long line, const char *msg)
{
    (void)line;
    (void)msg;
    ((struct seen *)ud)->warned++;
}

/* Parses text fed in pieces of `step` bytes (0: whole). */
static enum gt_status parse(const char *text, size_t step, struct seen *s, struct gt_error *err)
{
    memset(s, 0, sizeof *s);
    struct gt_parse_ctx ctx = {.file = "t.txt", .ud = s, .reject = on_reject, .warn = on_warn};
    struct gt_slurm_stream *st = gt_slurm_open(&ctx, 'K', on_job, s);
    assert_non_null(st);
    size_t len = strlen(text);
    enum gt_status rc = GT_OK;
    if (!step)
        step = len ? len : 1;
    for (size_t i = 0; i < len && rc == GT_OK; i += step)
        rc = gt_slurm_feed(st, text + i, len - i < step ? len - i : step, err);
    enum gt_status rc2 = gt_slurm_finish(st, err);
    return rc != GT_OK ? rc : rc2;
}

/* GA-core's multi-step job, columns in another order, CRLF, a BOM */
#define FOLD_TEXT                                                                                  \
    "\xef\xbb\xbfState|JobID|Elapsed|NCPUS|TotalCPU|CPUTime|Partition|MaxRSS|ReqMem|NNodes|"       \
    "AllocTRES|User\r\n"                                                                           \
    "COMPLETED|700002|04:00:00|48|4-00:00:00|24:00:00|oak||64G|6|billing=48|uid_2\r\n"             \
    "COMPLETED|700002.batch|04:00:00|8|16:00:00|04:00:00||31G|64G|1|cpu=8|uid_2\r\n"               \
    "COMPLETED|700002.extern|04:00:00|48|00:00:00|00:00:00||0|64G|6|cpu=48|uid_2\r\n"              \
    "COMPLETED|700002.0|03:59:40|48|3-23:41:20|23:58:40||33G|64G|6|cpu=48|uid_2\r\n"               \
    "\r\n"                                                                                         \
    "FAILED|800_1|00:10:00|4|00:20:00|00:40:00|oak||4000Mc|1|gres/gpu:a100=2|bob\r\n"              \
    "FAILED|800_1.batch|00:10:00|4|00:20:00|00:40:00|||4000Mc|1||bob\r\n"                          \
    "COMPLETED|800_2|00:10:00|4|00:20:00|00:40:00|oak|100M|2Gn|2||bob\r\n"                         \
    "CANCELLED by 5|900+0|01:00:00|4|02:00:00|04:00:00|gpu|1G|16G|1|gres/gpu=1|carol\r\n"          \
    "CANCELLED|900+0.batch|01:00:00|4|02:00:00|04:00:00||9G|16G|1||carol\r\n"                      \
    "CANCELLED by 5|900+1|00:30:00|8|06:00:00|08:00:00|cpu||8G|1||carol\r\n"                       \
    "COMPLETED|950.batch|00:05:00|2|00:01:00|00:10:00||2G||1||dave\r\n"                            \
    "COMPLETED|950|00:05:00|2|00:02:00|00:10:00|cpu||4G|1||dave"

static void check_fold(const struct seen *s)
{
    assert_int_equal(s->n, 5);
    assert_int_equal(s->rejected, 0);
    const struct gt_slurm_job *j = &s->jobs[0];
    assert_string_equal(j->id, "700002");
    assert_string_equal(j->array, "");
    assert_int_equal(j->line, 2);
    assert_int_equal(j->nrows, 4);
    assert_true(j->totalcpu_s == 96 * 3600);
    assert_true(j->maxrss_gb == 33);
    assert_true(j->reqmem_gb == 64);
    assert_true(j->ncpus == 48 && j->nnodes == 6);
    assert_string_equal(j->partition, "oak");
    assert_int_equal(j->state, GT_SLURM_COMPLETED);
    j = &s->jobs[1]; /* array task: a job of its own */
    assert_string_equal(j->id, "800_1");
    assert_string_equal(j->array, "800");
    assert_int_equal(j->nrows, 2);
    assert_true(j->reqmem_gb == 16); /* 4000Mc x 4 cores */
    assert_true(j->ngpus == 2);
    assert_string_equal(j->gpu_type, "a100");
    assert_true(isnan(j->maxrss_gb));
    assert_int_equal(j->state, GT_SLURM_FAILED);
    j = &s->jobs[2];
    assert_string_equal(j->id, "800_2");
    assert_true(j->reqmem_gb == 4);                /* 2Gn x 2 nodes */
    assert_true(fabs(j->maxrss_gb - 0.1) < 1e-15); /* 100M */
    j = &s->jobs[3]; /* heterogeneous: components summed, steps folded */
    assert_string_equal(j->id, "900");
    assert_int_equal(j->nrows, 3);
    assert_true(j->ncpus == 12);
    assert_true(j->totalcpu_s == 8 * 3600);
    assert_true(j->elapsed_s == 3600);
    assert_true(j->reqmem_gb == 24);
    assert_true(j->ngpus == 1);
    assert_true(j->maxrss_gb == 9);
    assert_string_equal(j->partition, "gpu");
    assert_string_equal(j->state_text, "CANCELLED by 5");
    assert_int_equal(j->state, GT_SLURM_CANCELLED);
    j = &s->jobs[4]; /* a step before its job line: the job line sets the job */
    assert_string_equal(j->id, "950");
    assert_int_equal(j->line, 13);
    assert_int_equal(j->nrows, 2);
    assert_true(j->has_job_line);
    assert_true(j->totalcpu_s == 120);
    assert_true(j->maxrss_gb == 2);
    assert_string_equal(j->partition, "cpu");
    assert_int_equal(s->warned, 0);
}

static void test_fold_any_split(void **state)
{
    (void)state;
    struct seen s;
    struct gt_error err = {0};
    /* whole, then in pieces of every size from 1 byte: the same jobs */
    for (size_t step = 0; step < 40; step++) {
        assert_int_equal(parse(FOLD_TEXT, step, &s, &err), GT_OK);
        check_fold(&s);
    }
}

static void test_rows_rejected_and_errors(void **state)
{
    (void)state;
    struct seen s;
    struct gt_error err = {0};
    const char *t = "JobID|Elapsed|NCPUS|TotalCPU|Partition|State|ReqMem|MaxRSS\n"
                    "1|01:00:00|2|01:00:00|cpu|COMPLETED|4G|1G\n"
                    "2|01:00:00|two|01:00:00|cpu|COMPLETED|4G|1G\n"
                    "3|1h|2|01:00:00|cpu|COMPLETED|4G|1G\n"
                    "4|01:00:00|2|01:00:00|cpu|COMPLETED|4Q|1G\n"
                    "5|01:00:00|2|01:00:00|cpu|COMPLETED|4G|1G|extra\n"
                    "|01:00:00|2|01:00:00|cpu|COMPLETED|4G|1G\n"
                    "batch|01:00:00|2|01:00:00|cpu|COMPLETED|4G|1G\n"
                    "6|01:00:00|2|01:00:00|cpu|COMPLETED|4G|-1G\n"
                    "7|N/A|2|N/A|cpu|RUNNING|4G|\n";
    assert_int_equal(parse(t, 0, &s, &err), GT_OK);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.jobs[0].id, "1");
    assert_string_equal(s.jobs[1].id, "7");
    assert_true(isnan(s.jobs[1].elapsed_s));
    assert_int_equal(s.rejected, 7);
    assert_string_equal(s.first_reject, "3: cannot parse 'NCPUS': 'two'");
    /* a header without a needed column is an error naming it */
    assert_int_equal(parse("JobID|Elapsed|NCPUS|TotalCPU|Partition\n1|1|1|1|cpu\n", 0, &s, &err),
                     GT_E_PARSE);
    assert_string_equal(err.msg, "sacct output in 't.txt' has no 'State' column");
    assert_int_equal(err.line, 1);
    assert_int_equal(parse("JobID|Elapsed|TotalCPU|Partition|State\n", 0, &s, &err), GT_E_PARSE);
    assert_string_equal(err.msg, "sacct output in 't.txt' has no 'NCPUS' column (nor 'AllocTRES' "
                                 "to take cpu=N from)");
    /* no Partition: read, every job on the default partition (warned) */
    assert_int_equal(parse("JobID|Elapsed|NCPUS|TotalCPU|State\n1|1|1|1|CD\n", 0, &s, &err), GT_OK);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.warned, 1);
    assert_string_equal(s.jobs[0].partition, "");
    /* neither TotalCPU nor CPUTime (sacct --long): read, with a warning */
    assert_int_equal(parse("JobID|Elapsed|NCPUS|Partition|State\n1|01:00|2|cpu|CD\n", 0, &s, &err),
                     GT_OK);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.warned, 1);
    assert_true(isnan(s.jobs[0].totalcpu_s) && isnan(s.jobs[0].cputime_s));
    /* a line longer than the bound is rejected, the rest read */
    size_t big = GT_SLURM_LINE_MAX + 100;
    char *text = malloc(big + 200);
    assert_non_null(text);
    int n = snprintf(text, 200, "JobID|Elapsed|NCPUS|TotalCPU|Partition|State\n9|");
    memset(text + n, '1', big);
    snprintf(text + n + big, 200, "\n10|00:01:00|1|00:01:00|cpu|COMPLETED\n");
    for (size_t step = 0; step < 3; step++) {
        assert_int_equal(parse(text, step ? 4096 * step + 1 : 0, &s, &err), GT_OK);
        assert_int_equal(s.n, 1);
        assert_string_equal(s.jobs[0].id, "10");
        assert_int_equal(s.jobs[0].line, 3);
        assert_int_equal(s.rejected, 1);
        assert_string_equal(s.first_reject, "2: line longer than 65536 bytes");
    }
    free(text);
}

static void test_sniff(void **state)
{
    (void)state;
    const char *yes[] = {"JobID|Elapsed|State\n", "\xef\xbb\xbfjobid|state",
                         "UID|User|JobIDRaw|State|Elapsed"};
    const char *no[] = {"JobID,Elapsed,State\n", "JobID|Elapsed\nState|x\n", "JobName|State\n", "",
                        "|||"};
    for (size_t i = 0; i < 3; i++)
        assert_true(gt_slurm_sniff(yes[i], strlen(yes[i])));
    for (size_t i = 0; i < 5; i++)
        assert_false(gt_slurm_sniff(no[i], strlen(no[i])));
    assert_string_equal(gt_log_detect(yes[0], strlen(yes[0]))->name, "slurm-sacct");
}

/* ---- real sacct quirks (tests/unit/data/sacct_quirks.tsv) ---------------- */

static void tok_num(char *out, size_t size, size_t *n, const char *key, double v)
{
    if (isnan(v))
        *n += (size_t)snprintf(out + *n, size - *n, " %s=-", key);
    else
        *n += (size_t)snprintf(out + *n, size - *n, " %s=%.10g", key, v);
}

static void tok_str(char *out, size_t size, size_t *n, const char *key, const char *v)
{
    *n += (size_t)snprintf(out + *n, size - *n, " %s=", key);
    for (; *v && *n + 1 < size; v++)
        out[(*n)++] = *v == ' ' ? '_' : *v;
    out[*n] = '\0';
}

/* Every field of a job as " key=value" tokens (blanks in strings as '_'). */
static void job_tokens(const struct gt_slurm_job *j, char *out, size_t size)
{
    size_t n = 0;
    out[0] = '\0';
    tok_str(out, size, &n, "state", gt_slurm_state_name(j->state));
    tok_str(out, size, &n, "text", j->state_text);
    tok_str(out, size, &n, "array", j->array);
    tok_str(out, size, &n, "part", j->partition);
    tok_str(out, size, &n, "node", j->nodelist);
    tok_str(out, size, &n, "gtype", j->gpu_type);
    tok_num(out, size, &n, "rows", (double)j->nrows);
    tok_num(out, size, &n, "att", (double)j->attempts);
    tok_num(out, size, &n, "el", j->elapsed_s);
    tok_num(out, size, &n, "tc", j->totalcpu_s);
    tok_num(out, size, &n, "ct", j->cputime_s);
    tok_num(out, size, &n, "cpu", j->ncpus);
    tok_num(out, size, &n, "nodes", j->nnodes);
    tok_num(out, size, &n, "gpu", j->ngpus);
    tok_num(out, size, &n, "mem", j->reqmem_gb);
    tok_num(out, size, &n, "rss", j->maxrss_gb);
    tok_num(out, size, &n, "start", j->start);
    tok_num(out, size, &n, "end", j->end);
    snprintf(out + n, size - n, " ");
}

/* Checks the tokens of want (" k=v k=v") are among have's; 0 when they are. */
static int tokens_in(const char *want, const char *have, char *missing, size_t size)
{
    char buf[512];
    snprintf(buf, sizeof buf, "%s", want);
    for (char *p = buf; *p;) {
        while (*p == ' ')
            p++;
        if (!*p)
            break;
        char *e = p;
        while (*e && *e != ' ')
            e++;
        char save = *e;
        *e = '\0';
        char needle[600];
        snprintf(needle, sizeof needle, " %s ", p);
        if (!strstr(have, needle)) {
            snprintf(missing, size, "%.100s", p);
            return -1;
        }
        *e = save;
        p = e;
    }
    return 0;
}

static void test_real_quirks(void **state)
{
    (void)state;
    char path[1024];
    snprintf(path, sizeof path, "%s/tests/unit/data/sacct_quirks.tsv", GT_SOURCE_DIR);
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    static char line[8192], text[8192], have[2048];
    int lineno = 0, rows = 0, failures = 0;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        if (line[0] == '#' || line[0] == '\n')
            continue;
        line[strcspn(line, "\n")] = '\0';
        char *quirk = line, *in = strchr(quirk, '\t');
        assert_non_null(in);
        *in++ = '\0';
        char *want = strchr(in, '\t');
        assert_non_null(want);
        *want++ = '\0';
        char *origin = strchr(want, '\t');
        assert_non_null(origin);
        *origin++ = '\0';
        assert_true(strlen(origin) > 10); /* every quirk says where it was seen */
        /* "\n" in the table is a new line */
        size_t n = 0;
        for (const char *p = in; *p && n + 1 < sizeof text; p++) {
            if (p[0] == '\\' && p[1] == 'n') {
                text[n++] = '\n';
                p++;
            } else
                text[n++] = *p;
        }
        text[n] = '\0';
        struct seen s;
        struct gt_error err = {0};
        enum gt_status rc = parse(text, 0, &s, &err);
        rows++;
        /* the first segment: "jobs=N rej=N [warn=N]"; then one per job, in order */
        char glob[256];
        n = 0;
        n += (size_t)snprintf(glob + n, sizeof glob - n, " jobs=%zu rej=%ld warn=%ld rc=%d ", s.n,
                              s.rejected, s.warned, (int)rc);
        char *seg = want, *next;
        size_t k = 0;
        int bad = 0;
        char missing[160] = "";
        for (int first = 1; seg; first = 0, seg = next) {
            next = strstr(seg, "; ");
            if (next) {
                *next = '\0';
                next += 2;
            }
            if (first) {
                if (tokens_in(seg, glob, missing, sizeof missing)) {
                    bad = 1;
                    snprintf(have, sizeof have, "%s (first reject: %s)", glob, s.first_reject);
                    break;
                }
                continue;
            }
            char *sp = strchr(seg, ' ');
            if (sp)
                *sp++ = '\0';
            if (k >= s.n || strcmp(s.jobs[k].id, seg) != 0) {
                bad = 1;
                snprintf(missing, sizeof missing, "job '%s'", seg);
                snprintf(have, sizeof have, "job %zu is '%s'", k, k < s.n ? s.jobs[k].id : "none");
                break;
            }
            job_tokens(&s.jobs[k], have, sizeof have);
            if (sp && tokens_in(sp, have, missing, sizeof missing)) {
                bad = 1;
                break;
            }
            k++;
        }
        if (bad) {
            failures++;
            print_error("sacct_quirks.tsv:%d: %s: expected %s; got%s\n", lineno, quirk, missing,
                        have);
        }
    }
    fclose(f);
    print_message("sacct_quirks: %d quirks of real sacct output\n", rows);
    assert_true(rows >= 14);
    assert_int_equal(failures, 0);
}

static void test_gres_and_aliases(void **state)
{
    (void)state;
    char type[16];
    struct {
        const char *s;
        double n;
        const char *type;
    } g[] = {
        {"gpu:2", 2, ""},
        {"gpu:tesla:2", 2, "tesla"},
        {"gpu:tesla:2(IDX:0,2)", 2, "tesla"},
        {"gpu:k80:1,mic:1", 1, "k80"},
        {"mic:1,gpu:1,gpu:v100:2", 3, "v100"},
        {"gpu", 1, ""},
        {"gpu:a100", 1, "a100"},
        {"gpus:2,gpumem:4", 0, ""},
        {"", 0, ""},
        {"(null)", 0, ""},
    };
    for (size_t i = 0; i < sizeof g / sizeof g[0]; i++) {
        assert_true(gt_slurm_gres_gpus(g[i].s, strlen(g[i].s), type, sizeof type) == g[i].n);
        assert_string_equal(type, g[i].type);
    }
    /* a column's own name wins over a stand-in, whatever the order */
    struct seen s;
    struct gt_error err = {0};
    const char *t = "JobIDRaw|ElapsedRaw|JobID|Elapsed|NCPUS|Partition|State|CPUTimeRAW|CPUTime\n"
                    "9918|7|9917_1|00:01:00|2|cpu|COMPLETED|14|00:02:00\n";
    assert_int_equal(parse(t, 0, &s, &err), GT_OK);
    assert_int_equal(s.n, 1);
    assert_string_equal(s.jobs[0].id, "9917_1");
    assert_string_equal(s.jobs[0].array, "9917");
    assert_true(s.jobs[0].elapsed_s == 60);
    assert_true(s.jobs[0].cputime_s == 120);
    assert_int_equal(s.warned, 0);
    /* ReqTRES stands in for AllocTRES only when that is missing */
    t = "JobID|Elapsed|NCPUS|Partition|State|TotalCPU|ReqTRES|AllocTRES\n"
        "1|00:01:00|2|gpu|COMPLETED|00:01:00|gres/gpu=4|gres/gpu=1\n";
    assert_int_equal(parse(t, 0, &s, &err), GT_OK);
    assert_true(s.jobs[0].ngpus == 1);
    t = "JobID|Elapsed|NCPUS|Partition|State|TotalCPU|ReqTRES\n"
        "1|00:01:00|2|gpu|COMPLETED|00:01:00|cpu=2,gres/gpu=4\n";
    assert_int_equal(parse(t, 0, &s, &err), GT_OK);
    assert_true(s.jobs[0].ngpus == 4);
}

/* A requeued job's attempts add up (sacct -D); the same job line with the
 * same Start is a duplicate, not an attempt; the header again ends a job. */
static void test_attempts_and_duplicates(void **state)
{
    (void)state;
    struct seen s;
    struct gt_error err = {0};
    const char *h = "JobID|Partition|NCPUS|Elapsed|TotalCPU|State|Start\n";
    char t[1024];
    /* two attempts, then the second repeated as it was */
    snprintf(t, sizeof t,
             "%s1|cpu|2|01:00:00|01:00:00|NODE_FAIL|2024-01-01T00:00:00\n"
             "1|cpu|2|02:00:00|03:00:00|COMPLETED|2024-01-01T02:00:00\n"
             "1.batch||2|02:00:00|03:00:00|COMPLETED|2024-01-01T02:00:00\n"
             "1|cpu|2|02:00:00|03:00:00|COMPLETED|2024-01-01T02:00:00\n",
             h);
    assert_int_equal(parse(t, 0, &s, &err), GT_OK);
    assert_int_equal(s.n, 1);
    assert_int_equal(s.jobs[0].attempts, 1);
    assert_int_equal(s.jobs[0].nrows, 4);
    assert_true(s.jobs[0].elapsed_s == 3 * 3600 && s.jobs[0].totalcpu_s == 4 * 3600);
    assert_int_equal(s.jobs[0].state, GT_SLURM_COMPLETED);
    /* two outputs put together, the job in both: the header between ends it
     * (two jobs of one id; the aggregate keeps one) */
    snprintf(t, sizeof t,
             "%s1|cpu|2|01:00:00|01:00:00|COMPLETED|2024-01-01T00:00:00\n"
             "%s1|cpu|2|01:00:00|01:00:00|COMPLETED|2024-01-01T00:00:00\n",
             h, h);
    assert_int_equal(parse(t, 0, &s, &err), GT_OK);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.jobs[0].attempts + s.jobs[1].attempts, 0);
    assert_int_equal(s.rejected, 1);
    assert_string_equal(s.first_reject, "3: cannot parse 'JobID': 'JobID'");
}

static void test_skip_hints(void **state)
{
    (void)state;
    struct {
        const char *s;
        const char *starts;
    } v[] = {
        {"JobID    JobName  State\n------------ ---------- ----------\n1  a  COMPLETED\n",
         "sacct output in fixed-width columns"},
        {"       JobID      State \r\n------------ ---------- \r\n", "sacct output in fixed-width"},
        {"JobID;JobName;State\n1;a;COMPLETED\n", "sacct output with another --delimiter"},
        {"JobIDRaw\tState\n", "sacct output with another --delimiter"},
        {"5940815|cream|u|g|2018-06-03T02:11:12|x|2-01:24:56|1|p|8|1|wn1|||COMPLETED\n",
         "sacct output without its header line"},
        {"12_3|CANCELLED by 0|0:0\n", "sacct output without its header line"},
        {"JobID|State\n", NULL},             /* a header: read, no hint */
        {"JobIDs are listed below\n", NULL}, /* prose */
        {"12|34|56\n", NULL},                /* numbers, no state */
        {"JobID\n", NULL},
        {"", NULL},
    };
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
        const char *h = gt_slurm_skip_hint(v[i].s, strlen(v[i].s));
        if (!v[i].starts)
            assert_null(h);
        else {
            assert_non_null(h);
            assert_memory_equal(h, v[i].starts, strlen(v[i].starts));
        }
    }
}

/* ---- the cluster description ---------------------------------------------- */

static long cl_warns;
static char cl_first_warn[300];
static void cl_warn(void *ud, long line, const char *msg)
{
    (void)ud;
    if (!cl_warns++)
        snprintf(cl_first_warn, sizeof cl_first_warn, "%ld: %s", line, msg);
}

static enum gt_status cluster(const char *text, struct gt_cluster *c, struct gt_error *err)
{
    gt_cluster_init(c);
    cl_warns = 0;
    cl_first_warn[0] = '\0';
    return gt_cluster_parse(text, strlen(text), "c.yaml", c, cl_warn, NULL, err);
}

static void test_cluster_ours(void **state)
{
    (void)state;
    struct gt_cluster *c = malloc(sizeof *c);
    assert_non_null(c);
    struct gt_error err = {0};
    const char *t = "# comment\n"
                    "name: \"hpc # one\"   # a comment\n"
                    "pue: 1.2\n"
                    "ci: 231.12\n"
                    "memory_w_per_gb: 0.3725\n"
                    "memory_granularity_gb: 4\n"
                    "node_static_w: 120\n"
                    "default_partition: gpu\n"
                    "maxrss_unit: M\n"
                    "partitions:\n"
                    "  cpu:\n"
                    "    cpu_model: Xeon Gold 6248\n"
                    "    cores_per_node: 40\n"
                    "    memory_per_node_gb: 192\n"
                    "  gpu:\n"
                    "    cpu_w_per_core: 3.5\n"
                    "    gpu_model: 'A100 SXM4 40GB'\n"
                    "    gpu_w: 400\n"
                    "    colour: blue\n"
                    "location: GB\n";
    assert_int_equal(cluster(t, c, &err), GT_OK);
    assert_string_equal(c->name, "hpc # one");
    assert_true(c->pue == 1.2 && c->ci_g_per_kwh == 231.12 && c->mem_w_per_gb == 0.3725);
    assert_true(c->granularity_gb == 4 && c->node_static_w == 120);
    assert_int_equal(c->max_rss_unit, 'M');
    assert_string_equal(c->location, "GB");
    assert_int_equal(c->nparts, 2);
    assert_string_equal(c->parts[0].name, "cpu");
    assert_int_equal(c->parts[0].line, 11);
    assert_string_equal(c->parts[0].cpu_model, "Xeon Gold 6248");
    assert_true(isnan(c->parts[0].cpu_w_per_core));
    assert_true(c->parts[0].cores_per_node == 40 && c->parts[0].mem_per_node_gb == 192);
    assert_string_equal(c->parts[1].gpu_model, "A100 SXM4 40GB");
    assert_true(c->parts[1].cpu_w_per_core == 3.5 && c->parts[1].gpu_w == 400);
    assert_int_equal(cl_warns, 1);
    assert_string_equal(cl_first_warn, "19: unknown key 'colour' of partition 'gpu' (ignored)");
    assert_ptr_equal(gt_cluster_find(c, "cpu"), &c->parts[0]);
    assert_ptr_equal(gt_cluster_find(c, "debug,gpu"),
                     &c->parts[1]); /* first listed that is known */
    assert_null(gt_cluster_find(c, "bigmem"));
    assert_ptr_equal(gt_cluster_default(c), &c->parts[1]);
    /* sacct prints partitions in lower case (SLURM's database keeps them so,
     * sacct(1)); a file may name them as slurm.conf does */
    snprintf(c->parts[1].name, sizeof c->parts[1].name, "GPU_A100");
    assert_ptr_equal(gt_cluster_find(c, "gpu_a100"), &c->parts[1]);
    snprintf(c->parts[0].name, sizeof c->parts[0].name, "gpu_a100");
    assert_ptr_equal(gt_cluster_find(c, "GPU_A100"), &c->parts[1]); /* the exact name first */
    assert_ptr_equal(gt_cluster_find(c, "Gpu_A100"), &c->parts[0]);
    snprintf(c->parts[0].name, sizeof c->parts[0].name, "cpu");
    snprintf(c->parts[1].name, sizeof c->parts[1].name, "gpu");

    static const struct {
        const char *text, *msg;
    } bad[] = {
        {"pue: x\npartitions:\n  a:\n    cpu_w_per_core: 1\n",
         "cannot parse 'pue' in 'c.yaml' at line 1: 'x'"},
        {"pue: 0.5\npartitions:\n  a:\n    cpu_w_per_core: 1\n", "'pue' in 'c.yaml' must be >= 1"},
        {"pue: 1.5\n", "no partitions in 'c.yaml'"},
        {"partitions:\n  a: 3\n",
         "partition 'a' in 'c.yaml' at line 2: expected its keys below it"},
        {"partitions:\n  a:\n    type: TPU\n", "partition type must be CPU or GPU, not 'TPU'"},
        {"partitions:\n  a:\n    gpu_w: -3\n", "cannot parse 'gpu_w' in 'c.yaml' at line 3: '-3'"},
        {"just words\n", "expected 'key: value' in 'c.yaml' at line 1"},
        {"  pue: 1\n", "unexpected indentation in 'c.yaml' at line 1"},
        {"partitions:\n\ta:\n", "tab indentation in 'c.yaml' at line 2 (use spaces)"},
        {"default_partition: b\npartitions:\n  a:\n    cpu_w_per_core: 1\n",
         "default_partition 'b' is not a partition of 'c.yaml'"},
        {"maxrss_unit: X\n", "'maxrss_unit' in 'c.yaml' at line 1 must be K, M, G or T"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_not_equal(cluster(bad[i].text, c, &err), GT_OK);
        assert_string_equal(err.msg, bad[i].msg);
    }
    free(c);
}

/* GA4HPC's cluster_info.yaml shape (the template, filled in) */
static void test_cluster_ga4hpc(void **state)
{
    (void)state;
    struct gt_cluster *c = malloc(sizeof *c);
    assert_non_null(c);
    struct gt_error err = {0};
    const char *t = "##\n## ~~~ TO BE EDITED ~~~\n---\n"
                    "institution: \"<My institution>\" # [str]\n"
                    "cluster_name: \"CSD3\"\n"
                    "granularity_memory_request: <6> # [number] in GB\n"
                    "workload_manager: \"SLURM\"\n"
                    "partitions: # a list\n"
                    "  icelake:\n"
                    "    type: CPU\n"
                    "    model: \"Xeon Platinum 8368Q\"\n"
                    "    TDP: 7.2\n"
                    "  ampere:\n"
                    "    TDP: 400 # whole GPU\n"
                    "    type: GPU\n"
                    "    model: \"NVIDIA A100\"\n"
                    "    model_CPU: \"AMD EPYC 7763\"\n"
                    "    TDP_CPU: 4.4\n"
                    "PUE: 1.15\n"
                    "CI: 231.12\n"
                    "energy_cost:\n  cost: 0.34\n  currency: \"GBP\"\n"
                    "texts_intro:\n  CPU: \"x: y\"\n"
                    "default_unit_RSS: 'K'\n";
    assert_int_equal(cluster(t, c, &err), GT_OK);
    assert_string_equal(c->name, "CSD3");
    assert_true(c->granularity_gb == 6 && c->pue == 1.15 && c->ci_g_per_kwh == 231.12);
    assert_int_equal(c->max_rss_unit, 'K');
    assert_int_equal(c->nparts, 2);
    assert_string_equal(c->parts[0].cpu_model, "Xeon Platinum 8368Q");
    assert_true(c->parts[0].cpu_w_per_core == 7.2 && isnan(c->parts[0].gpu_w));
    assert_int_equal(c->parts[1].gpu_type, 1);
    assert_string_equal(c->parts[1].gpu_model, "NVIDIA A100");
    assert_string_equal(c->parts[1].cpu_model, "AMD EPYC 7763");
    assert_true(c->parts[1].gpu_w == 400 && c->parts[1].cpu_w_per_core == 4.4);
    /* the template's placeholders are warnings */
    assert_int_equal(cl_warns, 2);
    assert_string_equal(cl_first_warn,
                        "4: placeholder '<My institution>' read as 'My institution'");
    free(c);
}

/* ga-core's layout: hardware profiles, partitions of one profile or of node
 * ranges (node_list), each range of a profile; a job's hardware by the first
 * of its nodes in a range */
static void test_cluster_node_ranges(void **state)
{
    (void)state;
    struct gt_cluster *c = malloc(sizeof *c);
    assert_non_null(c);
    struct gt_error err = {0};
    const char *t = "hardware_profiles:\n"
                    "  HP1:\n"
                    "    type: CPU\n"
                    "    model: \"Xeon Gold 6142\"\n"
                    "    TDP: 9.4\n"
                    "  HP2:\n"
                    "    type: GPU\n"
                    "    TDP: 300\n"
                    "    model_CPU: \"AMD EPYC 7763\"\n"
                    "    TDP_CPU: 4.4\n"
                    "partitions:\n"
                    "  yew:\n"
                    "    homogenous: true\n"
                    "    hardware_profile: HP1\n"
                    "  oak:\n"
                    "    homogenous: false\n"
                    "    node_list:\n"
                    "      - range: \"cpu-p-[10, 20]\"\n"
                    "        hardware_profile: HP1\n"
                    "      -   hardware_profile: \"HP2\"\n"
                    "          range: gpu-p-[1-20]\n"
                    "      - range: big-7\n"
                    "        hardware_profile: HP2\n"
                    "        colour: blue\n"
                    "    cores_per_node: 32\n"
                    "PUE: 1.15\n";
    assert_int_equal(cluster(t, c, &err), GT_OK);
    assert_int_equal(cl_warns, 1);
    assert_string_equal(cl_first_warn, "24: unknown key 'colour' of a node range (ignored)");
    assert_int_equal(c->nparts, 4); /* 2 profiles, 2 partitions */
    const struct gt_cluster_part *yew = gt_cluster_find(c, "yew"), *oak = gt_cluster_find(c, "oak");
    assert_null(gt_cluster_find(c, "HP1")); /* a profile is not a partition */
    assert_ptr_equal(gt_cluster_default(c), yew);
    assert_true(yew->cpu_w_per_core == 9.4 && yew->profile_ref[0] == 'H');
    /* oak's own hardware: its first range's (the default), its own keys kept */
    assert_true(oak->cpu_w_per_core == 9.4 && oak->cores_per_node == 32);
    assert_int_equal(c->nranges, 3);
    assert_string_equal(c->ranges[0].prefix, "cpu-p-");
    assert_true(c->ranges[0].lo == 10 && c->ranges[0].hi == 20);
    assert_string_equal(c->ranges[1].prefix, "gpu-p-");
    assert_true(c->ranges[1].lo == 1 && c->ranges[1].hi == 20 && c->ranges[1].line == 20);
    assert_true(c->ranges[2].lo == 7 && c->ranges[2].hi == 7);

    static const struct {
        const char *nodes, *profile; /* NULL: oak itself, how -1 */
    } jobs[] = {
        {"cpu-p-15", "HP1"},
        {"gpu-p-[01-04]", "HP2"},         /* zero-padded */
        {"cpu-p-[5,9,12]", "HP1"},        /* the first node in a range: 12 */
        {"cpu-p-[21-99],gpu-p-3", "HP2"}, /* none of the first, then a GPU node */
        {"gpu-p-[30-40],cpu-p-[1-10]", "HP1"},
        {"big-7", "HP2"},
        {"big-[6-8]", "HP2"},
        {"cpu-p-[12]-ib", NULL}, /* a name that ends in no number */
        {"login-1", NULL},
        {"cpu-p-", NULL},
        {"", NULL},
        {"None assigned", NULL},
        {"cpu-p-[12", NULL},
    };
    for (size_t i = 0; i < sizeof jobs / sizeof jobs[0]; i++) {
        int how;
        long r;
        const struct gt_cluster_part *p = gt_cluster_node_part(c, oak, jobs[i].nodes, 0, &how, &r);
        if (jobs[i].profile) {
            assert_int_equal(how, 1);
            assert_string_equal(p->name, jobs[i].profile);
            assert_string_equal(c->ranges[r].profile_ref, jobs[i].profile);
        } else {
            assert_int_equal(how, -1);
            assert_ptr_equal(p, oak);
            assert_int_equal(r, 0); /* the first range */
        }
    }
    int how;
    long r;
    assert_ptr_equal(gt_cluster_node_part(c, yew, "gpu-p-3", 0, &how, &r), yew);
    assert_int_equal(how, 0);
    assert_int_equal(r, -1);
    /* the default of a job with GPUs: the first range of GPUs (HP2), not HP1 */
    const struct gt_cluster_part *g = gt_cluster_node_part(c, oak, "", 4, &how, &r);
    assert_int_equal(how, -1);
    assert_string_equal(g->name, "HP2");
    assert_int_equal(r, 1);
    /* a GPU job on a node of a CPU range keeps that range (the NodeList decides) */
    g = gt_cluster_node_part(c, oak, "cpu-p-11", 4, &how, &r);
    assert_int_equal(how, 1);
    assert_string_equal(g->name, "HP1");

    char prefix[32];
    long lo, hi;
    assert_int_equal(gt_cluster_parse_range("n[ 3 , 9 ]", 10, prefix, sizeof prefix, &lo, &hi), 0);
    assert_true(!strcmp(prefix, "n") && lo == 3 && hi == 9);
    static const char *const bad_ranges[] = {"n[9-3]", "n[3]", "n[3-9]x",
                                             "n[a-b]", "node", "n[3;9]"};
    for (size_t i = 0; i < sizeof bad_ranges / sizeof bad_ranges[0]; i++)
        assert_int_equal(gt_cluster_parse_range(bad_ranges[i], strlen(bad_ranges[i]), prefix,
                                                sizeof prefix, &lo, &hi),
                         -1);

    static const struct {
        const char *text, *msg;
    } bad[] = {
        {"hardware_profiles:\n  H:\n    TDP: 1\npartitions:\n  a:\n    hardware_profile: X\n",
         "partition 'a' in 'c.yaml' at line 6 names hardware profile 'X', which is not in the "
         "file"},
        {"hardware_profiles:\n  H:\n    TDP: 1\npartitions:\n  a:\n    node_list:\n"
         "      - range: n[1-2]\n        hardware_profile: Y\n",
         "node range 'n[1-2]' in 'c.yaml' at line 7 names hardware profile 'Y', which is not in "
         "the file"},
        {"partitions:\n  a:\n    node_list:\n      - range: n[2-1]\n",
         "cannot read node range 'n[2-1]' in 'c.yaml' at line 4 (expected 'PREFIX[LOW-HIGH]', "
         "'PREFIX[LOW, HIGH]' or one node)"},
        {"partitions:\n  a:\n    node_list:\n      - hardware_profile: H\n",
         "node range of partition 'a' in 'c.yaml' at line 4 has no 'range'"},
        {"partitions:\n  a:\n    node_list:\n      range: n[1-2]\n",
         "expected '- range: NODES' in 'c.yaml' at line 4"},
        {"partitions:\n  a:\n    node_list: n[1-2]\n",
         "'node_list' in 'c.yaml' at line 3: expected its ranges below it ('- range: NODES')"},
        {"hardware_profiles:\n  H:\n    hardware_profile: G\npartitions:\n  a:\n    TDP: 1\n",
         "'hardware_profile' in hardware profile 'H' in 'c.yaml' at line 3: only a partition "
         "refers to profiles"},
        {"hardware_profiles:\n  H:\n    TDP: 1\n", "no partitions in 'c.yaml'"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_int_not_equal(cluster(bad[i].text, c, &err), GT_OK);
        assert_string_equal(err.msg, bad[i].msg);
    }
    free(c);
}

/* ---- the method ------------------------------------------------------------ */

/* Green-Algorithms-core's fixture (tests/conftest.py, facts transcribed in
 * shared/reference/ga4hpc/SOURCE.txt) */
static void fixture(struct gt_cluster *c)
{
    gt_cluster_init(c);
    c->pue = 1.15;
    c->ci_g_per_kwh = 231.12;
    c->mem_w_per_gb = 0.3725;
    c->granularity_gb = 6;
    c->nparts = 1;
    memset(&c->parts[0], 0, sizeof c->parts[0]);
    snprintf(c->parts[0].name, sizeof c->parts[0].name, "yew-himem");
    c->parts[0].cpu_w_per_core = 9.4;
    c->parts[0].gpu_w = c->parts[0].cores_per_node = c->parts[0].mem_per_node_gb = NAN;
}

static void job_init(struct gt_slurm_job *j, double elapsed, double ncpus, double totalcpu,
                     double cputime, double reqmem, double maxrss)
{
    memset(j, 0, sizeof *j);
    j->elapsed_s = elapsed;
    j->ncpus = ncpus;
    j->nnodes = 1;
    j->totalcpu_s = totalcpu;
    j->cputime_s = cputime;
    j->reqmem_gb = reqmem;
    j->maxrss_gb = maxrss;
    j->submit = j->start = j->end = NAN;
}

#define NEAR(a, b) assert_true(fabs((double)(a) - (double)(b)) <= 1e-12 * fabs((double)(b)) + 1e-15)

static void test_method_ga_core_golden(void **state)
{
    (void)state;
    struct gt_cluster *c = malloc(sizeof *c);
    assert_non_null(c);
    fixture(c);
    struct gt_slurm_job j;
    struct gt_slurm_energy e;
    /* single_job_completed: 8 cores, Elapsed 2:50, TotalCPU 22:40, 16G, MaxRSS 6G.
     * single_job_completed_expected.csv: energy_CPUs 0.21306666666666668,
     * energy_memory 0.016886666666666668, energy 0.26444633333333334,
     * carbonFootprint 61.118836560000005, CPUhoursCharged 22.666666666666668 */
    job_init(&j, 10200, 8, 81600, 81600, 16, 6);
    gt_slurm_job_energy(&j, c, &c->parts[0], 200, &e);
    NEAR(e.cpu_kwh, 0.21306666666666668);
    NEAR(e.mem_kwh, 0.016886666666666668);
    assert_true(e.gpu_kwh == 0);
    NEAR(e.energy_kwh, 0.26444633333333334);
    NEAR(e.co2e_g, 61.118836560000005);
    NEAR(e.cpu_core_h_charged, 22.666666666666668);
    NEAR(e.cpu_core_h, 22.666666666666668);
    /* GA4HPC: NeededMemX 12.0, energy_memory_memoryNeededOnly 0.012665,
     * memOverallocationFactor 1.3333 (an extra granule: 6G is an exact multiple
     * of 6). greentally: 6 GB needed, over-allocation 16/6. */
    assert_true(e.mem_needed_gb == 6);
    NEAR(e.mem_needed_kwh, 0.012665 / 2);
    NEAR(e.overallocation, 16.0 / 6.0);
    NEAR(e.energy_maxrss_kwh, (0.21306666666666668 + 0.0063325) * 1.15);
    NEAR(e.co2e_maxrss_g, e.energy_maxrss_kwh * 231.12);
    assert_int_equal(e.flags, 0);

    /* single_job_failed: 2 cores, 0:03:00, TotalCPU 0:06:00, 2G, MaxRSS 1G ->
     * energy 0.0011238374999999999, carbonFootprint 0.25974132299999997,
     * energy_memory 3.725e-05, NeededMemX 2.0 (1G up to 6, capped at 2) */
    job_init(&j, 180, 2, 360, 360, 2, 1);
    gt_slurm_job_energy(&j, c, &c->parts[0], 200, &e);
    NEAR(e.cpu_kwh, 0.0009400000000000001);
    NEAR(e.mem_kwh, 3.725e-05);
    NEAR(e.energy_kwh, 0.0011238374999999999);
    NEAR(e.co2e_g, 0.25974132299999997);
    assert_true(e.mem_needed_gb == 2);
    NEAR(e.energy_maxrss_kwh, 0.0011238374999999999);
    NEAR(e.overallocation, 1.0);

    /* TotalCPU 0: CPUTime, i.e. 100 % */
    job_init(&j, 3600, 4, 0, 14400, 0, NAN);
    gt_slurm_job_energy(&j, c, &c->parts[0], 200, &e);
    NEAR(e.cpu_kwh, 4 * 9.4 / 1000);
    assert_true(e.flags & GT_SLURM_E_CPUTIME_USED);
    assert_true(e.flags & GT_SLURM_E_NO_MAXRSS);
    assert_true(isnan(e.overallocation)); /* nothing requested, nothing needed */
    /* TotalCPU above the allocation: capped (GA4HPC asserts) */
    job_init(&j, 3600, 4, 5 * 3600, 4 * 3600, 4, 1);
    gt_slurm_job_energy(&j, c, &c->parts[0], 200, &e);
    NEAR(e.cpu_core_h, 4);
    assert_true(e.flags & GT_SLURM_E_CPU_CAPPED);
    /* GPUs: Elapsed x GPUs x W x usage; without GPU power the default */
    job_init(&j, 7200, 4, 4 * 3600, 8 * 3600, 0, NAN);
    j.ngpus = 2;
    c->gpu_usage = 0.5;
    gt_slurm_job_energy(&j, c, &c->parts[0], 200, &e);
    NEAR(e.gpu_h, 4);
    NEAR(e.gpu_kwh, 4 * 200 * 0.5 / 1000);
    assert_true(e.flags & GT_SLURM_E_NO_GPU_W);
    c->parts[0].gpu_w = 300;
    gt_slurm_job_energy(&j, c, &c->parts[0], 200, &e);
    NEAR(e.gpu_kwh, 4 * 300 * 0.5 / 1000);
    assert_false(e.flags & GT_SLURM_E_NO_GPU_W);
    /* ReqMem 0n: the node's memory when the partition says it */
    job_init(&j, 3600, 1, 3600, 3600, 0, NAN);
    j.reqmem_zero = 1;
    j.nnodes = 2;
    c->parts[0].mem_per_node_gb = 100;
    gt_slurm_job_energy(&j, c, &c->parts[0], 200, &e);
    NEAR(e.mem_kwh, 200 * 0.3725 / 1000);
    assert_true(e.flags & GT_SLURM_E_MEM_NODE);
    /* node static power: W x nodes x the share of their cores, x PUE */
    job_init(&j, 3600, 10, 3600, 36000, 0, NAN);
    c->node_static_w = 100;
    c->parts[0].cores_per_node = 40;
    gt_slurm_job_energy(&j, c, &c->parts[0], 200, &e);
    NEAR(e.static_kwh, 100 * 0.25 / 1000);
    NEAR(e.energy_kwh, (e.cpu_kwh + e.static_kwh) * 1.15);
    c->parts[0].cores_per_node = NAN; /* unknown: the whole node */
    gt_slurm_job_energy(&j, c, &c->parts[0], 200, &e);
    NEAR(e.static_kwh, 0.1);
    free(c);
}

/* ---- the format: jobs -> records ------------------------------------------ */

struct recs {
    long n, rejected, warned, skipped_rows;
    double energy, maxrss_energy;
    char ids[8][32], states[8][16], warn[4][300];
};

static enum gt_status rec_emit(void *ud, const struct gt_record *r)
{
    struct recs *s = ud;
    if (s->n < 8) {
        snprintf(s->ids[s->n], 32, "%s", r->run_key);
        snprintf(s->states[s->n], 16, "%s", gt_record_extra(r, "state"));
    }
    s->n++;
    s->energy += r->energy_kwh;
    s->maxrss_energy += strtod(gt_record_extra(r, "energy_kwh_maxrss"), NULL);
    assert_int_equal(r->tool, GT_TOOL_SLURM);
    return GT_OK;
}
static void rec_reject(void *ud, long line, const char *m)
{
    (void)line;
    (void)m;
    ((struct recs *)ud)->rejected++;
}
static void rec_warn(void *ud, long line, const char *m)
{
    struct recs *s = ud;
    if (s->warned < 4)
        snprintf(s->warn[s->warned], 300, "%ld: %s", line, m);
    s->warned++;
}
static void rec_skip(void *ud, long line, long nrows, const char *what)
{
    (void)line;
    (void)what;
    ((struct recs *)ud)->skipped_rows += nrows;
}

static void test_format_records(void **state)
{
    (void)state;
    struct gt_cluster *c = malloc(sizeof *c);
    assert_non_null(c);
    fixture(c);
    snprintf(c->file, sizeof c->file, "c.yaml");
    struct gt_slurm_opts o = {c, 200};
    struct recs s = {0};
    struct gt_parse_ctx ctx = {"t.txt",  &s, rec_emit, rec_reject, rec_warn,
                               rec_skip, &o, NULL,     NULL};
    const char *t = "JobID|Elapsed|NCPUS|TotalCPU|CPUTime|Partition|State|ReqMem|MaxRSS|Start|End\n"
                    "1|02:50:00|8|22:40:00|22:40:00|yew-himem|COMPLETED|16G|6G||\n"
                    "2|00:03:00|2|00:06:00|00:06:00|gone|FAILED|2G|1G||\n"
                    "3|00:03:00|2|00:06:00|00:06:00|gone|FAILED|2G|1G||\n"
                    "4|01:00:00|2|N/A|N/A|yew-himem|RUNNING|2G||2026-01-01T00:00:00|Unknown\n"
                    "4.batch|01:00:00|2|00:10:00|N/A||RUNNING||1G||\n"
                    "5||2|00:06:00|00:06:00|yew-himem|COMPLETED|2G|1G|2026-01-01T00:00:00|"
                    "2026-01-01T00:03:00\n"
                    "6||2|00:06:00|00:06:00|yew-himem|COMPLETED|2G|1G||\n";
    struct gt_error err = {0};
    struct gt_stream *st = gt_sacct_open(&ctx);
    assert_non_null(st);
    assert_int_equal(gt_sacct_feed(st, t, strlen(t), &err), GT_OK);
    assert_int_equal(gt_sacct_finish(st, &err), GT_OK);
    assert_int_equal(s.n, 4);
    assert_string_equal(s.ids[0], "1");
    assert_string_equal(s.ids[3], "5");
    assert_string_equal(s.states[1], "failed");
    NEAR(s.energy, 0.26444633333333334 + 3 * 0.0011238374999999999);
    /* the MaxRSS variant: job 1 needs 6 GB (not GA4HPC's 12), the others their 2 GB request */
    NEAR(s.maxrss_energy, (0.21306666666666668 + 0.0063325) * 1.15 + 3 * 0.0011238374999999999);
    assert_int_equal(s.skipped_rows, 2);
    assert_int_equal(s.rejected, 1); /* job 6: no Elapsed, no Start/End */
    assert_int_equal(s.warned, 1);   /* 'gone' once */
    assert_string_equal(s.warn[0], "3: partition 'gone' is not in 'c.yaml'; its jobs use the "
                                   "default partition 'yew-himem' (further jobs on it are not "
                                   "listed)");
    free(c);
}

/* ---- the aggregate: jobs kept compact ------------------------------------- */

/* A sacct text of many jobs: three users (and one without a name) whose
 * jobs' starts are out of order and sometimes equal, steps folded, array
 * tasks, a heterogeneous job, every final state, RUNNING and PENDING jobs,
 * steps that come apart from their job (a record of their own with the same
 * id: the aggregate keeps one), and a job listed twice. Figures vary
 * pseudo-randomly so that sums in another order would differ in their last
 * bits. */
static char *sacct_text(void)
{
    static const char *const users[] = {"carol", "alice", "", "bob"};
    static const char *const states[] = {"COMPLETED", "FAILED",        "TIMEOUT", "CANCELLED by 7",
                                         "COMPLETED", "OUT_OF_MEMORY", "RUNNING", "PENDING",
                                         "NODE_FAIL", "COMPLETED"};
    static const char *const parts[] = {"yew-himem", "gpu", "yew-himem", "other"};
    size_t cap = 1 << 16, n = 0;
    char *t = malloc(cap);
    assert_non_null(t);
    n += (size_t)snprintf(t + n, cap - n,
                          "JobID|User|Account|Partition|State|Elapsed|NCPUS|TotalCPU|CPUTime|"
                          "ReqMem|MaxRSS|AllocTRES|NNodes|Start|End\n");
    unsigned long x = 12345;
    for (int i = 0; i < 60; i++) {
        x = x * 6364136223846793005ul + 1442695040888963407ul;
        unsigned r = (unsigned)(x >> 33);
        char id[32];
        if (i % 7 == 3)
            snprintf(id, sizeof id, "%d_%d", 500 + i / 7, i % 3);
        else
            snprintf(id, sizeof id, "%d", 1000 + i);
        int el = 60 + (int)(r % 90000), cpus = 1 + (int)(r % 17);
        int tc = (int)((double)el * cpus * ((r >> 8) % 997) / 1000.0);
        const char *u = users[(r >> 4) % 4], *st = states[i % 10], *pa = parts[(r >> 6) % 4];
        int day = 1 + (int)((r >> 10) % 5), hour = (int)((r >> 13) % 3);
        char tres[64];
        snprintf(tres, sizeof tres, "cpu=%d,%snode=1", cpus,
                 (r >> 16) % 3 == 0 ? "gres/gpu:a100=2," : "");
        const char *mem[] = {"4G", "3000Mc", "2Gn", "0n"};
#define ROW(jid, state, maxrss)                                                                    \
    n += (size_t)snprintf(                                                                         \
        t + n, cap - n,                                                                            \
        "%s|%s|acct%u|%s|%s|%02d:%02d:%02d|%d|%02d:%02d:%02d|%02d:%02d:%02d|%s|%s|%"               \
        "s|1|2026-01-%02dT%02d:00:00|2026-01-%02dT%02d:59:00\n",                                   \
        jid, u, (r >> 20) % 3, pa, state, el / 3600, el / 60 % 60, el % 60, cpus, tc / 3600,       \
        tc / 60 % 60, tc % 60, el * cpus / 3600, el * cpus / 60 % 60, el * cpus % 60,              \
        mem[(r >> 22) % 4], maxrss, tres, day, hour, day, hour)
        ROW(id, st, "");
        char step[48], rss[32];
        snprintf(step, sizeof step, "%s.batch", id);
        snprintf(rss, sizeof rss, "%uK", 1000 + (r >> 3) % 9000000);
        if (i % 11 != 5)
            ROW(step, "COMPLETED", rss);
        if (i % 4 == 1) {
            snprintf(step, sizeof step, "%s.0", id);
            snprintf(rss, sizeof rss, "%uM", 1 + (r >> 5) % 30000);
            ROW(step, "COMPLETED", rss);
        }
        if (i == 20) { /* a heterogeneous job's second component */
            snprintf(step, sizeof step, "%s+1", id);
            ROW(step, st, "");
        }
        if (i == 30) { /* a step of job 1029, apart from it */
            snprintf(step, sizeof step, "1029.extern");
            ROW(step, "COMPLETED", "9G");
        }
        if (i == 40) /* job 1001 again */
            ROW("1001", "COMPLETED", "");
#undef ROW
        assert_true(n + 512 < cap);
    }
    return t;
}

struct jobrecs {
    struct gt_record *r[128];
    size_t n;
};

static enum gt_status keep_rec(void *ud, const struct gt_record *r)
{
    struct jobrecs *j = ud;
    assert_true(j->n < 128);
    assert_non_null(j->r[j->n++] = gt_record_dup(r));
    return GT_OK;
}

static void quiet_reject(void *ud, long line, const char *m)
{
    (void)ud;
    (void)line;
    (void)m;
}

static void quiet_skip(void *ud, long line, long nrows, const char *what)
{
    (void)ud;
    (void)line;
    (void)nrows;
    (void)what;
}

/* The records of records[from..to) through an aggregate of options o; with
 * split, the records go to two aggregates merged as -j merges parts. */
static struct gt_agg_result *agg_of(struct jobrecs *j, const struct gt_agg_opts *o, size_t split,
                                    int strip)
{
    struct gt_agg *a = gt_agg_new(o), *b = split ? gt_agg_new(o) : NULL;
    assert_non_null(a);
    for (size_t i = 0; i < j->n; i++) {
        struct gt_record r = *j->r[i];
        if (strip)
            r.slurm = NULL; /* the figures read back from the extras */
        assert_int_equal(gt_agg_add(split && i >= split ? b : a, &r), GT_OK);
    }
    if (b)
        assert_int_equal(gt_agg_merge(a, b, 0), GT_OK);
    struct gt_agg_result *res;
    assert_int_equal(gt_agg_finish(a, &res), GT_OK);
    return res;
}

static double xnum(const struct gt_record *r, const char *k)
{
    const char *v = gt_record_extra(r, k);
    return v[0] ? strtod(v, NULL) : NAN;
}

static void add_if(double *acc, double v)
{
    if (!isnan(v))
        *acc += v;
}

/* The per-user figures as the listed runs give them (every run in full):
 * the runs in the result's order, stably by user, summed from the extras. */
static void reference_headline(const struct gt_agg_result *res, struct gt_slurm_user *u, size_t *nu,
                               struct gt_slurm_user *total)
{
    const struct gt_run *v[128];
    size_t n = 0;
    for (size_t i = 0; i < res->nruns; i++)
        if (REC(&res->runs[i])->tool == GT_TOOL_SLURM)
            v[n++] = &res->runs[i];
    for (size_t i = 1; i < n; i++) /* insertion sort: stable */
        for (size_t k = i; k > 0 && strcmp(REC(v[k])->user, REC(v[k - 1])->user) < 0; k--) {
            const struct gt_run *t = v[k];
            v[k] = v[k - 1];
            v[k - 1] = t;
        }
    *nu = 0;
    memset(total, 0, sizeof *total);
    total->user = "";
    for (size_t i = 0; i < n; i++) {
        const struct gt_record *r = REC(v[i]);
        if (!*nu || strcmp(u[*nu - 1].user, r->user) != 0) {
            memset(&u[*nu], 0, sizeof u[*nu]);
            u[(*nu)++].user = r->user;
        }
        struct gt_slurm_user *t[2] = {&u[*nu - 1], total};
        const char *st = gt_record_extra(r, "state");
        enum gt_slurm_state s = gt_slurm_state_parse(st, strlen(st));
        for (int k = 0; k < 2; k++) {
            t[k]->jobs++;
            t[k]->state[s]++;
            add_if(&t[k]->energy_kwh, v[i]->energy_kwh);
            add_if(&t[k]->co2e_g, v[i]->co2e_g);
            add_if(&t[k]->energy_maxrss_kwh, xnum(r, "energy_kwh_maxrss"));
            add_if(&t[k]->co2e_maxrss_g, xnum(r, "co2e_g_maxrss"));
            add_if(&t[k]->cpu_core_h, xnum(r, "cpu_core_h"));
            add_if(&t[k]->cpu_core_h_charged, xnum(r, "cpu_core_h_charged"));
            add_if(&t[k]->gpu_h, xnum(r, "gpu_h"));
            double o = xnum(r, "mem_overallocation");
            if (!isnan(o)) {
                t[k]->overallocation_sum += o;
                t[k]->overallocation_n++;
            }
            if (s != GT_SLURM_COMPLETED) {
                add_if(&t[k]->failed_kwh, v[i]->energy_kwh);
                add_if(&t[k]->failed_co2e_g, v[i]->co2e_g);
            }
        }
    }
}

/* a and b hold the same figures, to the bit */
static void same_user(const struct gt_slurm_user *a, const struct gt_slurm_user *b)
{
    assert_string_equal(a->user, b->user);
    assert_int_equal(a->jobs, b->jobs);
    assert_memory_equal(a->state, b->state, sizeof a->state);
    const double x[] = {a->energy_kwh,
                        a->co2e_g,
                        a->energy_maxrss_kwh,
                        a->co2e_maxrss_g,
                        a->cpu_core_h,
                        a->cpu_core_h_charged,
                        a->gpu_h,
                        a->overallocation_sum,
                        a->failed_kwh,
                        a->failed_co2e_g},
                 y[] = {b->energy_kwh,
                        b->co2e_g,
                        b->energy_maxrss_kwh,
                        b->co2e_maxrss_g,
                        b->cpu_core_h,
                        b->cpu_core_h_charged,
                        b->gpu_h,
                        b->overallocation_sum,
                        b->failed_kwh,
                        b->failed_co2e_g};
    assert_memory_equal(x, y, sizeof x);
    assert_int_equal(a->overallocation_n, b->overallocation_n);
}

static void same_groups(const struct gt_agg_result *a, const struct gt_agg_result *b)
{
    assert_int_equal(a->ngroups, b->ngroups);
    for (size_t g = 0; g < a->ngroups; g++) {
        for (size_t k = 0; k < a->opts.nby; k++)
            assert_string_equal(a->groups[g].key[k], b->groups[g].key[k]);
        const struct gt_totals *x = &a->groups[g].t, *y = &b->groups[g].t;
        assert_int_equal(x->runs, y->runs);
        const double u[] = {x->duration_s, x->energy_kwh, x->cpu_kwh, x->co2e_g, x->co2e_g_hi},
                     w[] = {y->duration_s, y->energy_kwh, y->cpu_kwh, y->co2e_g, y->co2e_g_hi};
        assert_memory_equal(u, w, sizeof u);
    }
    assert_memory_equal(&a->acc, &b->acc, sizeof a->acc);
}

static void test_agg_compact_jobs(void **state)
{
    (void)state;
    struct gt_cluster *c = malloc(sizeof *c);
    assert_non_null(c);
    fixture(c);
    snprintf(c->file, sizeof c->file, "c.yaml");
    c->nparts = 2;
    c->parts[1] = c->parts[0];
    snprintf(c->parts[1].name, sizeof c->parts[1].name, "gpu");
    c->parts[1].gpu_w = 400;
    struct gt_slurm_opts so = {c, 200};
    struct jobrecs j = {0};
    struct gt_parse_ctx ctx = {"t.txt",    &j,  keep_rec, quiet_reject, quiet_reject,
                               quiet_skip, &so, NULL,     NULL};
    char *t = sacct_text();
    struct gt_error err = {0};
    struct gt_stream *st = gt_sacct_open(&ctx);
    assert_non_null(st);
    assert_int_equal(gt_sacct_feed(st, t, strlen(t), &err), GT_OK);
    assert_int_equal(gt_sacct_finish(st, &err), GT_OK);
    free(t);
    /* 60 jobs less 12 running or pending, the steps apart and the repeat */
    assert_int_equal(j.n, 50);
    static const enum gt_key bys[][3] = {{GT_KEY_USER, GT_KEY_PARTITION, GT_KEY_STATE},
                                         {GT_KEY_ACCOUNT, GT_KEY_ARRAY, GT_KEY_JOB}};
    for (int h = 0; h < 3; h++)
        for (size_t b = 0; b < 2; b++) {
            struct gt_agg_opts o = {0};
            memcpy(o.by, bys[b], sizeof bys[b]);
            o.nby = 3;
            if (h == 1) {
                o.set_ci = 1;
                o.ci_g_per_kwh = 123.4;
            } else if (h == 2) {
                o.set_pue = 1;
                o.pue = 1.37;
            }
            struct gt_agg_result *full = agg_of(&j, &o, 0, 0);
            o.notable_runs_only = 1;
            struct gt_agg_result *cmp = agg_of(&j, &o, 0, 0), *merged = agg_of(&j, &o, 23, 0),
                                 *strip = agg_of(&j, &o, 0, 1);
            /* the compact result lists no job; the full one every counted job */
            assert_int_equal(cmp->nruns, 0);
            assert_int_equal(full->nruns, 48);
            struct gt_slurm_user ref[8], reft;
            size_t nref;
            reference_headline(full, ref, &nref, &reft);
            assert_int_equal(nref, 4);
            assert_string_equal(ref[0].user, "");
            assert_string_equal(ref[1].user, "alice");
            const struct gt_agg_result *all[] = {full, cmp, merged, strip};
            for (int k = 0; k < 4; k++) {
                struct gt_slurm_headline hl;
                assert_int_equal(gt_slurm_headline_build(all[k], &hl), GT_OK);
                assert_int_equal(hl.nusers, nref);
                for (size_t u = 0; u < nref; u++)
                    same_user(&hl.users[u], &ref[u]);
                same_user(&hl.total, &reft);
                assert_string_equal(hl.total.user, "");
                gt_slurm_headline_release(&hl);
                if (k)
                    same_groups(full, all[k]);
            }
            /* without the per-user figures (summary's CSV): the same groups */
            o.no_slurm_figures = 1;
            for (size_t split = 0; split < 30; split += 23) {
                struct gt_agg_result *nf = agg_of(&j, &o, split, 0);
                assert_null(nf->slurm);
                same_groups(full, nf);
                gt_agg_result_free(nf);
            }
            assert_int_equal(reft.jobs, 48);
            assert_int_equal(reft.state[GT_SLURM_COMPLETED], 18);
            if (b == 0) /* user, partition, state: groups with the partition as logged */
                assert_string_equal(cmp->groups[0].key[1], "gpu");
            else { /* account, array, job: the array of "503_0" is "503" */
                int arrays = 0;
                for (size_t g = 0; g < cmp->ngroups; g++)
                    arrays += strcmp(cmp->groups[g].key[1], "") != 0 &&
                              strncmp(cmp->groups[g].key[2], cmp->groups[g].key[1],
                                      strlen(cmp->groups[g].key[1])) == 0 &&
                              cmp->groups[g].key[2][strlen(cmp->groups[g].key[1])] == '_';
                assert_int_equal(arrays, 8);
            }
            for (int k = 0; k < 4; k++)
                gt_agg_result_free((struct gt_agg_result *)all[k]);
        }
    for (size_t i = 0; i < j.n; i++)
        free(j.r[i]);
    free(c);
}

/* Steps apart from their job are a record of their own with the job's id;
 * the job line's record counts, whichever comes first and whatever their
 * times (the steps' rows are superseded). */
static void test_agg_steps_apart(void **state)
{
    (void)state;
    struct gt_cluster *c = malloc(sizeof *c);
    assert_non_null(c);
    fixture(c);
    snprintf(c->file, sizeof c->file, "c.yaml");
    struct gt_slurm_opts so = {c, 200};
    struct jobrecs j = {0};
    struct gt_parse_ctx ctx = {"t.txt",    &j,  keep_rec, quiet_reject, quiet_reject,
                               quiet_skip, &so, NULL,     NULL};
    const char *t = "JobID|Elapsed|NCPUS|TotalCPU|CPUTime|Partition|State|ReqMem|MaxRSS|Start|End\n"
                    "7|01:00:00|4|02:00:00|04:00:00|yew-himem|FAILED|4G||2026-01-01T00:00:00|"
                    "2026-01-01T01:00:00\n"
                    "7.batch|01:00:00|4|02:00:00|04:00:00||COMPLETED||2G|2026-01-01T00:00:00|"
                    "2026-01-01T01:00:00\n"
                    "8|01:00:00|4|02:00:00|04:00:00|yew-himem|COMPLETED|4G||2026-01-01T00:00:00|"
                    "2026-01-01T01:00:00\n"
                    /* 7's step apart from it, ending later: its own record */
                    "7.extern|02:00:00|4|00:00:00|08:00:00||COMPLETED||1G|2026-01-01T00:00:00|"
                    "2026-01-01T02:00:00\n"
                    /* 9's step before 10, its job line after: ending earlier */
                    "9.0|02:00:00|4|00:00:00|08:00:00||COMPLETED||1G|2026-01-01T00:00:00|"
                    "2026-01-01T02:00:00\n"
                    "10|01:00:00|4|02:00:00|04:00:00|yew-himem|COMPLETED|4G||2026-01-01T00:00:00|"
                    "2026-01-01T01:00:00\n"
                    "9|00:30:00|4|01:00:00|02:00:00|yew-himem|TIMEOUT|4G||2026-01-01T00:00:00|"
                    "2026-01-01T00:30:00\n";
    struct gt_error err = {0};
    struct gt_stream *st = gt_sacct_open(&ctx);
    assert_non_null(st);
    assert_int_equal(gt_sacct_feed(st, t, strlen(t), &err), GT_OK);
    assert_int_equal(gt_sacct_finish(st, &err), GT_OK);
    assert_int_equal(j.n, 6);
    for (int compact = 0; compact < 2; compact++)
        for (size_t split = 0; split < 6; split += 3) { /* also as two -j parts */
            struct gt_agg_opts o = {0};
            o.notable_runs_only = compact;
            struct gt_agg_result *res = agg_of(&j, &o, split, 0);
            struct gt_slurm_headline h;
            assert_int_equal(gt_slurm_headline_build(res, &h), GT_OK);
            assert_int_equal(h.total.jobs, 4);
            assert_int_equal(h.total.state[GT_SLURM_FAILED], 1);  /* 7: its job line */
            assert_int_equal(h.total.state[GT_SLURM_TIMEOUT], 1); /* 9: likewise */
            assert_int_equal(h.total.state[GT_SLURM_COMPLETED], 2);
            assert_int_equal(res->acc.rows_read, 7);
            assert_int_equal(res->acc.rows_superseded, 2);
            NEAR(res->totals.duration_s, 3 * 3600 + 1800);
            gt_slurm_headline_release(&h);
            gt_agg_result_free(res);
        }
    for (size_t i = 0; i < j.n; i++)
        free(j.r[i]);
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_durations),
        cmocka_unit_test(test_memory_and_tres),
        cmocka_unit_test(test_states),
        cmocka_unit_test(test_fold_any_split),
        cmocka_unit_test(test_rows_rejected_and_errors),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_real_quirks),
        cmocka_unit_test(test_gres_and_aliases),
        cmocka_unit_test(test_attempts_and_duplicates),
        cmocka_unit_test(test_skip_hints),
        cmocka_unit_test(test_cluster_ours),
        cmocka_unit_test(test_cluster_ga4hpc),
        cmocka_unit_test(test_cluster_node_ranges),
        cmocka_unit_test(test_method_ga_core_golden),
        cmocka_unit_test(test_format_records),
        cmocka_unit_test(test_agg_compact_jobs),
        cmocka_unit_test(test_agg_steps_apart),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
