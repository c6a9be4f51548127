/* Header mappings kept across files (gt_hdr_cache): a parse that takes a
 * header from the cache gives the same records, rejections and warnings, in
 * the same order, as one that matches it; detection through the cache gives
 * gt_log_detect's answer. Over every CodeCarbon and eco2ai file among the
 * samples and the test fixtures, plus header variants made here (a column
 * twice, more than 256 columns, a pandas index, API delta rows, upper case,
 * a second header mid-file, a NUL in a name); and N files with one header
 * match it once. */
#include <dirent.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "gt_logs.h"
#include "gt_slurm.h"

/* What a parse reported, as text: one line per record, rejection, warning
 * and header, in the order they came. */
struct out {
    char *s;
    size_t n, cap;
};

static void put(struct out *o, const char *fmt, ...)
{
    char buf[4096];
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (k < 0)
        return;
    size_t l = (size_t)k < sizeof buf ? (size_t)k : sizeof buf - 1;
    if (o->n + l + 1 > o->cap) {
        size_t nc = o->cap ? o->cap * 2 : 4096;
        while (nc < o->n + l + 1)
            nc *= 2;
        o->s = realloc(o->s, nc);
        assert_non_null(o->s);
        o->cap = nc;
    }
    memcpy(o->s + o->n, buf, l);
    o->n += l;
    o->s[o->n] = '\0';
}

#define S(x) ((x) ? (x) : "(null)")

static enum gt_status on_emit(void *ud, const struct gt_record *r)
{
    struct out *o = ud;
    put(o,
        "rec %ld n=%ld %s tool=%d v=%s flags=%u key=%s anon=%d id=%s proj=%s exp=%s user=%s "
        "host=%s tz=%d %a %a %a e=%a %a %a %a pue=%a co2=%a ci=%a p=%a %a %a rate=%a %s/%s/%s/%s/"
        "%s/%s cpu=%s %a gpu=%s %a ram=%a kind=%d ep=%ld es=%d\n",
        r->line, r->nrows, S(r->format), (int)r->tool, S(r->tool_version), r->flags, S(r->run_key),
        r->anon_run, S(r->run_id), S(r->project), S(r->experiment), S(r->user), S(r->host),
        (int)r->tz, r->start, r->end, r->duration_s, r->energy_kwh, r->cpu_kwh, r->gpu_kwh,
        r->ram_kwh, r->pue, r->co2e_g, r->ci_g_per_kwh, r->cpu_power_w, r->gpu_power_w,
        r->ram_power_w, r->co2e_rate_g_per_s, S(r->country), S(r->country_iso), S(r->region),
        S(r->cloud_provider), S(r->cloud_region), S(r->os), S(r->cpu_model), r->cpu_count,
        S(r->gpu_model), r->gpu_count, r->ram_gb, (int)r->kind, r->epochs, r->early_stop);
    for (size_t i = 0; i < r->nextras; i++)
        put(o, "  x %s=%s\n", S(r->extras[i].key), S(r->extras[i].value));
    return GT_OK;
}

static void on_reject(void *ud, long line, const char *msg)
{
    put(ud, "reject %ld %s\n", line, msg);
}

static void on_warn(void *ud, long line, const char *msg)
{
    put(ud, "warn %ld %s\n", line, msg);
}

static void on_header(void *ud, long line)
{
    put(ud, "header %ld\n", line);
}

/* The parse of data as fmt, with cache c (NULL: none), fed in chunks of
 * `chunk` bytes for a streaming format; the report as text (owned). */
static char *parse(const struct gt_log_format *fmt, const char *data, size_t len,
                   struct gt_hdr_cache *c, size_t chunk)
{
    struct out o = {0};
    struct gt_parse_ctx ctx = {"f.csv", &o, on_emit, on_reject, on_warn, NULL, NULL, on_header, c};
    struct gt_error err = {0};
    enum gt_status st;
    if (fmt->parse) {
        st = fmt->parse(data, len, &ctx, &err);
    } else {
        struct gt_stream *s = fmt->open(&ctx);
        assert_non_null(s);
        st = GT_OK;
        for (size_t off = 0; st == GT_OK && off < len; off += chunk)
            st = fmt->feed(s, data + off, len - off < chunk ? len - off : chunk, &err);
        enum gt_status st2 = fmt->finish(s, st == GT_OK ? &err : NULL);
        if (st == GT_OK)
            st = st2;
    }
    put(&o, "status %d %s\n", (int)st, st == GT_OK ? "" : err.msg);
    return o.s;
}

static enum gt_status on_job(void *ud, const struct gt_slurm_job *j)
{
    put(ud,
        "job %ld n=%ld jl=%d id=%s arr=%s u=%s a=%s p=%s name=%s nodes=%s st=%s gpu=%s %d %a %a %a "
        "%a %a %a %a %a %a %a %d %a %d\n",
        j->line, j->nrows, j->has_job_line, j->id, j->array, j->user, j->account, j->partition,
        j->name, j->nodelist, j->state_text, j->gpu_type, (int)j->state, j->submit, j->start,
        j->end, j->elapsed_s, j->totalcpu_s, j->cputime_s, j->ncpus, j->nnodes, j->ngpus,
        j->reqmem_gb, j->reqmem_zero, j->maxrss_gb, j->attempts);
    return GT_OK;
}

/* sacct -P output through the SLURM stream (jobs, not records: the cluster
 * plays no part in the header). */
static char *parse_sacct(const char *data, size_t len, struct gt_hdr_cache *c, size_t chunk)
{
    struct out o = {0};
    struct gt_parse_ctx ctx = {"s.txt", &o, NULL, on_reject, on_warn, NULL, NULL, on_header, c};
    struct gt_error err = {0};
    struct gt_slurm_stream *s = gt_slurm_open(&ctx, 'K', on_job, &o);
    assert_non_null(s);
    enum gt_status st = GT_OK;
    for (size_t off = 0; st == GT_OK && off < len; off += chunk)
        st = gt_slurm_feed(s, data + off, len - off < chunk ? len - off : chunk, &err);
    enum gt_status st2 = gt_slurm_finish(s, st == GT_OK ? &err : NULL);
    if (st == GT_OK)
        st = st2;
    put(&o, "status %d %s\n", (int)st, st == GT_OK ? "" : err.msg);
    return o.s;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0, got;
    char *b = malloc(cap + 1);
    while (b && (got = fread(b + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *p = realloc(b, cap * 2 + 1);
            if (!p) {
                free(b);
                b = NULL;
                break;
            }
            b = p;
            cap *= 2;
        }
    }
    fclose(f);
    if (b)
        b[n] = '\0';
    *len = n;
    return b;
}

static struct gt_hdr_cache *shared; /* warm from every file before */
static int nchecked, ndetected, nsacct;

/* One input: detection, and for CodeCarbon and eco2ai the parse, without the
 * cache, with a fresh cache twice (a miss, then a hit), and with the shared
 * cache, all the same. */
static void check_buffer(const char *name, const char *data, size_t len)
{
    size_t hl = len < 8192 ? len : 8192;
    const struct gt_log_format *want = gt_log_detect(data, hl);
    struct gt_hdr_cache *fresh = gt_hdr_cache_new();
    assert_non_null(fresh);
    for (int k = 0; k < 2; k++) {
        if (gt_log_detect_cached(data, hl, fresh) != want ||
            gt_log_detect_cached(data, hl, shared) != want)
            fail_msg("detection differs through the cache: %s", name);
    }
    ndetected++;
    if (want && strcmp(want->name, "slurm-sacct") == 0) {
        char *plain = parse_sacct(data, len, NULL, 1 << 20);
        for (int k = 0; k < 2; k++) {
            char *cached = parse_sacct(data, len, fresh, k ? 7 : 1 << 20);
            if (strcmp(plain, cached) != 0)
                fail_msg("%s: the sacct parse through a cache differs:\n%s\n---\n%s", name, plain,
                         cached);
            free(cached);
        }
        char *warm = parse_sacct(data, len, shared, 1 << 20);
        assert_string_equal(plain, warm);
        free(warm);
        free(plain);
        nsacct++;
    }
    if (!want || (strcmp(want->name, "codecarbon-csv") != 0 && strcmp(want->name, "eco2ai-csv"))) {
        gt_hdr_cache_free(fresh);
        return;
    }
    gt_hdr_cache_free(fresh);
    fresh = gt_hdr_cache_new();
    char *plain = parse(want, data, len, NULL, 1 << 20);
    for (int k = 0; k < 2; k++) {
        char *cached = parse(want, data, len, fresh, k ? 7 : 1 << 20);
        if (strcmp(plain, cached) != 0)
            fail_msg("%s: the parse through a %s cache differs:\n--- plain\n%s\n--- cached\n%s",
                     name, k ? "warm" : "cold", plain, cached);
        free(cached);
    }
    char *warm = parse(want, data, len, shared, 1 << 20);
    assert_string_equal(plain, warm);
    free(warm);
    free(plain);
    gt_hdr_cache_free(fresh);
    nchecked++;
}

static void walk(const char *path, int depth)
{
    struct stat st;
    if (depth > 8 || stat(path, &st) != 0)
        return;
    if (S_ISREG(st.st_mode)) {
        size_t len;
        char *d = slurp(path, &len);
        if (d)
            check_buffer(path, d, len);
        free(d);
        return;
    }
    if (!S_ISDIR(st.st_mode))
        return;
    DIR *dir = opendir(path);
    if (!dir)
        return;
    struct dirent *e;
    while ((e = readdir(dir)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", path, e->d_name);
        walk(p, depth + 1);
    }
    closedir(dir);
}

static void test_every_sample_and_fixture(void **state)
{
    (void)state;
    shared = gt_hdr_cache_new();
    assert_non_null(shared);
    static const char *const dirs[] = {"samples",
                                       "tests/cli/fixtures",
                                       "tests/malformed",
                                       "tests/fuzz/corpus/fuzz_codecarbon",
                                       "tests/fuzz/corpus/fuzz_eco2ai",
                                       "tests/methods",
                                       "tests/report_html",
                                       "tests/slurm",
                                       "tests/fuzz/corpus/fuzz_sacct"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", GT_SOURCE_DIR, dirs[i]);
        walk(p, 0);
    }
    /* the samples alone hold 13 CodeCarbon files and 2 of eco2ai */
    assert_true(nchecked >= 40);
    assert_true(ndetected >= 100);
    assert_true(nsacct >= 3);
    long hits, misses;
    gt_hdr_cache_stats(shared, &hits, &misses);
    assert_true(hits > 0 && misses > 0);
    gt_hdr_cache_free(shared);
    shared = NULL;
}

static const char cc_hdr[] =
    "timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,gpu_power,"
    "ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,country_iso_code,"
    "region,cloud_provider,cloud_region,os,python_version,cpu_count,cpu_model,gpu_count,gpu_model,"
    "longitude,latitude,ram_total_size,tracking_mode,on_cloud";
static const char cc_row[] =
    "2022-05-10T09:10:03,proj,run-1,60.5,0.01,0.0001,96.3,212.4,23.55,0.02,0.05,0.005,0.075,"
    "Germany,DEU,hesse,,,Linux,3.8.10,40,Intel Xeon,1,Tesla V100,8.6,50.1,62.8,machine,N";

static void variant(const char *name, const char *text)
{
    shared = gt_hdr_cache_new();
    check_buffer(name, text, strlen(text));
    check_buffer(name, text, strlen(text)); /* now every header is in the shared cache */
    gt_hdr_cache_free(shared);
    shared = NULL;
}

static void test_header_variants(void **state)
{
    (void)state;
    char buf[65536];
    /* a column twice, and upper case */
    snprintf(buf, sizeof buf, "%s,Duration,ENERGY_CONSUMED\n%s,1,2\n", cc_hdr, cc_row);
    variant("twice", buf);
    /* a pandas index column, API delta rows (an `id` beside run_id) */
    snprintf(buf, sizeof buf, ",%s,id\n0,%s,e1\n1,%s,e2\n", cc_hdr, cc_row, cc_row);
    variant("index+id", buf);
    /* more than 256 columns */
    int k = snprintf(buf, sizeof buf, "%s", cc_hdr);
    for (int i = 0; i < 240; i++)
        k += snprintf(buf + k, sizeof buf - (size_t)k, ",x%d", i);
    k += snprintf(buf + k, sizeof buf - (size_t)k, "\n%s", cc_row);
    for (int i = 0; i < 240; i++)
        k += snprintf(buf + k, sizeof buf - (size_t)k, ",%d", i);
    snprintf(buf + k, sizeof buf - (size_t)k, "\n");
    variant("wide", buf);
    /* a second header mid-file (files glued together), with other columns */
    snprintf(
        buf, sizeof buf,
        "%s\n%s\ntimestamp,project_name,run_id,duration,emissions,energy_consumed,water_consumed\n"
        "2022-05-10T10:00:00,p,run-2,10,0.1,0.2,0.3\n%s\n%s\n",
        cc_hdr, cc_row, cc_hdr, cc_row);
    variant("glued", buf);
    /* blanks and quotes around names (the same names, other bytes) */
    snprintf(buf, sizeof buf,
             " timestamp ,\"project_name\",run_id,duration,emissions,energy_consumed\n"
             "2022-05-10T10:00:00,p,run-2,10,0.1,0.2\n");
    variant("quoted", buf);
    /* eco2ai, with its older column name */
    variant("eco2ai",
            "id,project_name,experiment_description,epoch,start_time,duration(s),"
            "power_consumption(kWh),CO2_emissions(kg),CPU_name,GPU_name,OS,region/country,cost\n"
            "a,p,d,N/A,2024-03-11 09:12:40,10,0.1,0.01,cpu,gpu,Linux,FR,0\n");
    variant("eco2ai-old",
            "id,project_name,experiment_description(model type etc.),epoch,start_time,duration(s),"
            "power_consumption(kTWh),CO2_emissions(kg),CPU_name,GPU_name,OS,region/country,cost\n"
            "a,p,d,N/A,2024-03-11 09:12:40,10,0.1,0.01,cpu,gpu,Linux,FR,0\n");
    /* sacct: the columns by name, stand-ins, a missing NCPUS and Partition (warned) */
    variant("sacct", "JobID|Elapsed|NCPUS|TotalCPU|CPUTime|Partition|State|ReqMem|MaxRSS\n"
                     "1|02:50:00|8|22:40:00|22:40:00|p|COMPLETED|16G|6G\n"
                     "1.batch|02:50:00|8|22:40:00|22:40:00||COMPLETED||5G\n");
    variant("sacct-alias", "JobIDRaw|ElapsedRaw|AllocTRES|State|CPUTimeRAW\n"
                           "1|600|cpu=4,node=1|COMPLETED|2400\n");
    /* a NUL byte inside a header name */
    static const char nul[] = "timestamp,project_name,run_id,duration,emissions,energy_consumed,"
                              "a\0b\n2022-05-10T10:00:00,p,run-2,10,0.1,0.2,x\n";
    shared = gt_hdr_cache_new();
    check_buffer("nul", nul, sizeof nul - 1);
    check_buffer("nul", nul, sizeof nul - 1);
    gt_hdr_cache_free(shared);
    shared = NULL;
}

/* N files with one header: the header is matched once, then found N - 1
 * times; detection likewise. */
static void test_one_header_matched_once(void **state)
{
    (void)state;
    const struct gt_log_format *cc = gt_log_format_find("codecarbon-csv");
    struct gt_hdr_cache *c = gt_hdr_cache_new();
    assert_non_null(c);
    char buf[4096];
    for (int i = 0; i < 50; i++) {
        snprintf(buf, sizeof buf,
                 "%s\n2022-05-10T09:10:03,p%d,run-%d,%d,0.01,0.0001,1,1,1,0.1,0.1,"
                 "0.1,0.3,Germany,DEU,,,,Linux,3.8,4,cpu,1,gpu,1,1,1,machine,N\n",
                 cc_hdr, i, i, i + 1);
        assert_ptr_equal(gt_log_detect_cached(buf, strlen(buf), c), cc);
        free(parse(cc, buf, strlen(buf), c, 1 << 20));
    }
    long hits, misses;
    gt_hdr_cache_stats(c, &hits, &misses);
    assert_int_equal(misses, 2); /* the first line for detection, the header's fields */
    assert_int_equal(hits, 98);
    gt_hdr_cache_free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_sample_and_fixture),
        cmocka_unit_test(test_header_variants),
        cmocka_unit_test(test_one_header_matched_once),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
