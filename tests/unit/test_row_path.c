/* The per-row path of a CodeCarbon log, made cheaper: the CSV reader's
 * level-3 scan (one pass finding line ends and delimiters 64 bytes at a
 * time) against libcsv, its "clean" flag, the fixed-form timestamp reader
 * against the general one, the extras' column list across headers, lowercase
 * UUID run keys decoded 8 digits at a time, and a run's strings tried before
 * the previous row's. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../fuzz/csv_diff.h"
#include "gt_agg.h"
#include "gt_csv.h"
#include "gt_logs.h"
#include "gt_time.h"
#include "log_fixture.h"

static uint64_t rng = 0x726f772d70617468ull;

static unsigned next(void)
{
    rng = rng * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)(rng >> 33);
}

/* Lines whose ends, delimiters, CRs and quotes fall on and around every
 * position of a 64-byte block, alone and after a line that moves them;
 * fed at once and in pieces, so lines also end at a feed's last byte (a CR
 * there may be half of a CRLF). Every level gives what libcsv gives. */
static void test_scan_block_edges(void **state)
{
    (void)state;
    static const char *const ends[] = {"\n", "\r\n", "\r", "\r\r\n", ""};
    char buf[400];
    for (size_t len = 0; len <= 130; len++)
        for (size_t e = 0; e < sizeof ends / sizeof ends[0]; e++)
            for (int lead = 0; lead < 2; lead++) {
                size_t n = 0;
                if (lead)
                    n += (size_t)snprintf(buf, sizeof buf, "%s", "ab,c\n");
                for (size_t i = 0; i < len; i++)
                    buf[n++] = i % 7 == 3 ? ',' : (char)('a' + i % 26);
                n += (size_t)snprintf(buf + n, sizeof buf - n, "%sx,y\n", ends[e]);
                static const size_t steps[] = {0, 1, 2, 63, 64, 65};
                for (size_t s = 0; s < sizeof steps / sizeof steps[0]; s++)
                    assert_int_equal(csv_diff(buf, n, steps[s]), 0);
                if (len > 0) { /* a quote, a NUL, a blank at the last byte of the line */
                    static const char odd[] = {'"', '\0', ' ', '\t', '\v'};
                    for (size_t o = 0; o < sizeof odd; o++) {
                        char t[400];
                        memcpy(t, buf, n);
                        t[n - 4 - strlen(ends[e]) - 1] = odd[o];
                        assert_int_equal(csv_diff(t, n, 0), 0);
                        assert_int_equal(csv_diff(t, n, 64), 0);
                    }
                }
            }
}

/* Long lines: more cells than the reader's first arrays hold, lines past
 * its first buffer, many delimiters in one 64-byte block (more than the
 * eight written at once), empty and blank lines between them. */
static void test_scan_long_lines(void **state)
{
    (void)state;
    size_t cap = 1 << 20, n = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    for (int line = 0; line < 40 && n + 64 < cap; line++) {
        size_t cells = next() % 3000;
        for (size_t c = 0; c < cells && n + 64 < cap; c++) {
            size_t w = next() % 4 ? next() % 3 : next() % 40;
            for (size_t i = 0; i < w; i++)
                buf[n++] = (char)('a' + next() % 26);
            if (next() % 16 == 0)
                buf[n++] = ' ';
            buf[n++] = ',';
        }
        static const char *const tail[] = {"z\n", "\n", "  \n", "\r\n", "\n\n"};
        const char *t = tail[next() % 5];
        memcpy(buf + n, t, strlen(t));
        n += strlen(t);
    }
    assert_int_equal(csv_diff(buf, n, 0), 0);
    assert_int_equal(csv_diff(buf, n, 4093), 0);
    free(buf);
}

static enum gt_status count_row(void *ud, long line, size_t n, char **cells, const size_t *lens)
{
    (void)line;
    (void)cells;
    (void)lens;
    *(size_t *)ud += n;
    return GT_OK;
}

static void count_bad(void *ud, long line, const char *reason)
{
    (void)ud;
    (void)line;
    assert_string_equal(reason, "row longer than 4 MiB (the limit)");
}

/* A line over the row limit is left to the general path, which rejects it;
 * the lines around it are read. */
static void test_scan_row_limit(void **state)
{
    (void)state;
    size_t big = GT_CSV_ROW_MAX + 100, n = 0;
    char *buf = malloc(big + 64);
    assert_non_null(buf);
    n += (size_t)snprintf(buf, 64, "a,b\n");
    for (size_t i = 0; i < big; i++)
        buf[n++] = i % 9 ? 'x' : ',';
    n += (size_t)snprintf(buf + n, 64, "\nc,d,e\n");
    for (int level = 0; level <= 3; level += 3) {
        size_t cells = 0;
        struct gt_csv_stream *s = gt_csv_stream_open(',', "in", count_row, count_bad, &cells);
        assert_non_null(s);
        gt_csv_stream_set_fast(s, level);
        struct gt_error err = {0};
        assert_int_equal(gt_csv_stream_feed(s, buf, n, &err), GT_OK);
        assert_int_equal(gt_csv_stream_finish(s, &err), GT_OK);
        assert_int_equal(cells, 5);
    }
    free(buf);
}

struct clean_log {
    struct gt_csv_stream *s;
    int clean[8];
    size_t n;
};

static enum gt_status clean_row(void *ud, long line, size_t n, char **cells, const size_t *lens)
{
    (void)line;
    (void)n;
    (void)cells;
    (void)lens;
    struct clean_log *l = ud;
    if (l->n < 8)
        l->clean[l->n++] = gt_csv_stream_clean(l->s);
    return GT_OK;
}

/* A row is clean when no cell begins or ends with a byte <= ' ' (so it
 * needs no trimming at all); rows libcsv reads are never said to be. */
static void test_scan_clean_flag(void **state)
{
    (void)state;
    const char in[] = "a,b,c\n"      /* clean */
                      "a, b,c\n"     /* a space trimmed */
                      "a,b\v,c\n"    /* a control character at a cell's end */
                      "\"a\",b,c\n"  /* quoted: libcsv */
                      "a,,c\r\n"     /* empty cells are clean */
                      "x y,b-c,d\n"; /* blanks inside a cell */
    static const int want[] = {1, 0, 0, 0, 1, 1};
    struct clean_log l = {0};
    l.s = gt_csv_stream_open(',', "in", clean_row, NULL, &l);
    assert_non_null(l.s);
    struct gt_error err = {0};
    assert_int_equal(gt_csv_stream_feed(l.s, in, sizeof in - 1, &err), GT_OK);
    assert_int_equal(gt_csv_stream_clean(l.s), 0); /* outside a callback */
    assert_int_equal(gt_csv_stream_finish(l.s, &err), GT_OK);
    assert_int_equal(l.n, 6);
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(l.clean[i], want[i]);
}

/* "YYYY-MM-DDTHH:MM:SS" is read by its own path: it must agree with the
 * general reader (the same text with a trailing blank goes there) on every
 * valid and invalid date and time. */
static void test_fixed_timestamps(void **state)
{
    (void)state;
    static const char *const fixed[] = {
        "2025-01-01T00:00:14", "2024-02-29T23:59:59", "2023-02-29T10:00:00", "2100-02-29T00:00:00",
        "2000-02-29T00:00:00", "2025-13-01T00:00:00", "2025-00-10T00:00:00", "2025-04-31T00:00:00",
        "2025-04-00T00:00:00", "2025-06-30T24:00:00", "2025-06-30T24:00:01", "2025-06-30T23:60:00",
        "2025-06-30T23:59:60", "2025-06-30T23:59:61", "1970-01-01T00:00:00", "9999-12-31T23:59:59",
        "0000-01-01T00:00:00", "2025-06-30 12:00:00", "2025-06-30t12:00:00", "2025/06/30T12:00:00",
        "2025-06-30T12-00:00", "2025-06-3xT12:00:00", "202a-06-30T12:00:00", "2025-06-30T12:00:0:",
        "+025-06-30T12:00:00", "2025-06-30T12:00:0 ",
    };
    char buf[32];
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0] + 20000; i++) {
        const char *s;
        if (i < sizeof fixed / sizeof fixed[0]) {
            s = fixed[i];
        } else { /* random digits in the fixed frame, now and then a wrong byte */
            snprintf(buf, sizeof buf, "%04u-%02u-%02uT%02u:%02u:%02u", next() % 10000, next() % 14,
                     next() % 33, next() % 26, next() % 62, next() % 62);
            if (next() % 8 == 0)
                buf[next() % 19] = (char)(next() % 128);
            s = buf;
        }
        char general[32];
        memcpy(general, s, 19);
        general[19] = ' ';
        double t1 = -1, t2 = -1;
        enum gt_tz z1 = GT_TZ_UTC, z2 = GT_TZ_UTC;
        int r1 = gt_time_parse(s, 19, &t1, &z1), r2 = gt_time_parse(general, 20, &t2, &z2);
        assert_int_equal(r1, r2);
        if (r1 == 0) {
            assert_memory_equal(&t1, &t2, sizeof t1);
            assert_int_equal(z1, z2);
            assert_int_equal(z1, GT_TZ_LOCAL);
        }
    }
    double t;
    enum gt_tz z;
    assert_int_equal(gt_time_parse("2025-01-01T00:00:14", 19, &t, &z), 0);
    assert_true(t == 1735689614.0);
}

/* A memo of the last day read gives what gt_time_parse gives, through runs
 * of one date, date changes, invalid dates and times of a remembered date,
 * and other forms in between. */
static void test_time_memo(void **state)
{
    (void)state;
    struct gt_time_memo m;
    memset(&m, 0, sizeof m);
    static const char *const dates[] = {"2025-01-01", "2025-01-02", "2024-02-29", "2023-02-29",
                                        "2025-13-01", "2025-1x-01", "1999-12-31"};
    static const char *const times[] = {"T00:00:14", "T23:59:60",   "T24:00:00",  "T24:00:01",
                                        "T12:61:00", "T12:00:00.5", "T12:00:00Z", " 12:00:00",
                                        "T12:00",    "T1a:00:00"};
    char buf[40];
    for (int i = 0; i < 30000; i++) {
        unsigned d = next() % 4 ? 0 : next() % 7, k = next() % 3 ? 0 : next() % 10;
        int n = snprintf(buf, sizeof buf, "%s%s", dates[d], times[k]);
        if (k == 0 && next() % 2) /* another second of the day */
            n = snprintf(buf, sizeof buf, "%sT%02u:%02u:%02u", dates[d], next() % 25, next() % 60,
                         next() % 61);
        double t1 = -1, t2 = -1;
        enum gt_tz z1 = GT_TZ_NONE, z2 = GT_TZ_NONE;
        int r1 = gt_time_parse_memo(&m, buf, (size_t)n, &t1, &z1);
        int r2 = gt_time_parse(buf, (size_t)n, &t2, &z2);
        assert_int_equal(r1, r2);
        if (r1 == 0) {
            assert_memory_equal(&t1, &t2, sizeof t1);
            assert_int_equal(z1, z2);
        }
    }
    assert_true(m.valid);
}

static void parse_cc(struct lf *f, const char *data, size_t chunk)
{
    lf_init(f, "e.csv");
    struct gt_stream *s = gt_cc_open(&f->ctx);
    assert_non_null(s);
    struct gt_error err = {0};
    size_t len = strlen(data);
    size_t step = chunk ? chunk : len;
    for (size_t off = 0; off < len; off += step)
        assert_int_equal(gt_cc_feed(s, data + off, off + step > len ? len - off : step, &err),
                         GT_OK);
    assert_int_equal(gt_cc_finish(s, &err), GT_OK);
}

static void extras_are(const struct gt_record *r, const char *want)
{
    char got[400] = "";
    size_t n = 0;
    for (size_t i = 0; i < r->nextras; i++)
        n += (size_t)snprintf(got + n, sizeof got - n, "%s=%s;", r->extras[i].key,
                              r->extras[i].value);
    assert_string_equal(got, want);
}

/* The extras' column list follows the header in force: a pandas index is
 * not an extra, an unnamed column in the middle is one only when filled, and
 * a new header mid-file brings its own columns (also on a trimmed row, a
 * realigned row, and fed byte by byte). */
static void test_extras_follow_header(void **state)
{
    (void)state;
    const char *log =
        ",timestamp,project_name,run_id,duration,emissions,energy_consumed,wue,python_version\n"
        "0,2025-01-01T00:00:10,p,r1,10,0.001,0.01,0.5,3.11.7\n"
        "1,2025-01-01T00:00:20,p,r1,20,0.002, 0.02 ,,3.11.7\n"
        "timestamp,project_name,run_id,duration,emissions,,energy_consumed,on_cloud\n"
        "2025-01-01T00:00:30,q,r2,10,0.001,,0.01,N\n"
        "2025-01-01T00:00:40,q,r2,20,0.002,X,0.02,Y\n";
    for (size_t chunk = 0; chunk < 2; chunk++) {
        struct lf f;
        parse_cc(&f, log, chunk);
        assert_int_equal(f.nrejects, 0);
        assert_int_equal(f.nrecs, 4);
        extras_are(f.recs[0], "wue=0.5;python_version=3.11.7;");
        assert_true(f.recs[1]->energy_kwh == 0.02);
        extras_are(f.recs[1], "wue=;python_version=3.11.7;");
        extras_are(f.recs[2], "on_cloud=N;");
        extras_are(f.recs[3], "=X;on_cloud=Y;");
        assert_string_equal(f.recs[3]->project, "q");
        lf_release(&f);
    }
}

static struct gt_record rec(const char *run_key, const char *project, double end)
{
    struct gt_record r;
    gt_record_init(&r);
    r.file = "k.csv";
    r.line = 2;
    r.tool = GT_TOOL_CODECARBON;
    r.format = "codecarbon-csv";
    r.run_key = run_key;
    r.run_id = run_key;
    r.project = project;
    r.tz = GT_TZ_LOCAL;
    r.end = end;
    r.duration_s = 10;
    r.start = end - 10;
    r.energy_kwh = 0.5;
    r.co2e_g = 50;
    r.pue = 1.0;
    return r;
}

static int cmp_key(const void *a, const void *b)
{
    return strcmp(a, b);
}

/* Every byte in every digit position of a lowercase UUID key: only the 16
 * lowercase hex digits keep it a UUID (stored in 16 bytes); the rest are
 * kept as written. Each key comes back exactly (as its group's key, in byte
 * order) and is a run of its own. */
static void test_uuid_every_byte(void **state)
{
    (void)state;
    static const char base[] = "6f5b667d-e82f-4d61-b0b0-2b26b87f63fe";
    static const unsigned char pos[] = {0, 7, 9, 12, 14, 17, 19, 22, 24, 31, 35};
    struct gt_agg_opts o = {0};
    o.notable_runs_only = 1;
    o.by[0] = GT_KEY_RUN;
    o.nby = 1;
    struct gt_agg *a = gt_agg_new(&o);
    assert_non_null(a);
    size_t nkeys = 0;
    char(*keys)[40] = malloc(sizeof pos * 256 * sizeof *keys);
    assert_non_null(keys);
    for (size_t p = 0; p < sizeof pos; p++)
        for (unsigned b = 1; b < 256; b++) {
            memcpy(keys[nkeys], base, sizeof base);
            keys[nkeys][pos[p]] = (char)b;
            size_t dup = 0;
            for (size_t k = 0; k < nkeys && !dup; k++)
                dup = strcmp(keys[k], keys[nkeys]) == 0;
            if (dup)
                continue;
            struct gt_record r = rec(keys[nkeys], "p", 1717150000.0 + (double)nkeys);
            assert_int_equal(gt_agg_add(a, &r), GT_OK);
            r.end += 1; /* a second row of the run: found again */
            assert_int_equal(gt_agg_add(a, &r), GT_OK);
            nkeys++;
        }
    struct gt_agg_result *res = NULL;
    assert_int_equal(gt_agg_finish(a, &res), GT_OK);
    assert_int_equal(res->ngroups, nkeys);
    assert_int_equal(res->acc.rows_read, 2 * nkeys);
    assert_int_equal(res->acc.rows_superseded, nkeys);
    qsort(keys, nkeys, sizeof *keys, cmp_key);
    for (size_t i = 0; i < nkeys; i++) {
        assert_string_equal(res->groups[i].key[0], keys[i]);
        assert_int_equal(res->groups[i].t.runs, 1);
    }
    gt_agg_result_free(res);
    free(keys);
}

/* Runs whose rows interleave, one of which changes its project: each run's
 * best row keeps its own strings (the run's are tried first, then the
 * previous row's, then the pool). */
static void test_run_strings_first(void **state)
{
    (void)state;
    struct gt_agg_opts o = {0};
    o.notable_runs_only = 1;
    o.by[0] = GT_KEY_PROJECT;
    o.nby = 1;
    struct gt_agg *a = gt_agg_new(&o);
    assert_non_null(a);
    static const char *const proj[][2] = {
        {"alpha", "alpha"}, {"beta", "beta2"}, {"gamma", "alpha"}};
    for (int row = 0; row < 6; row++)
        for (int run = 0; run < 3; run++) {
            static const char *const key[] = {"A", "B", "C"};
            struct gt_record r =
                rec(key[run], proj[run][row < 3 ? 0 : 1], 1717150000.0 + row * 10 + run);
            assert_int_equal(gt_agg_add(a, &r), GT_OK);
        }
    struct gt_agg_result *res = NULL;
    assert_int_equal(gt_agg_finish(a, &res), GT_OK);
    assert_int_equal(res->acc.rows_read, 18);
    assert_int_equal(res->acc.rows_superseded, 15);
    assert_int_equal(res->ngroups, 2);
    assert_string_equal(res->groups[0].key[0], "alpha");
    assert_int_equal(res->groups[0].t.runs, 2);
    assert_string_equal(res->groups[1].key[0], "beta2");
    assert_int_equal(res->groups[1].t.runs, 1);
    gt_agg_result_free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_scan_block_edges),     cmocka_unit_test(test_scan_long_lines),
        cmocka_unit_test(test_scan_row_limit),       cmocka_unit_test(test_scan_clean_flag),
        cmocka_unit_test(test_fixed_timestamps),     cmocka_unit_test(test_time_memo),
        cmocka_unit_test(test_extras_follow_header), cmocka_unit_test(test_uuid_every_byte),
        cmocka_unit_test(test_run_strings_first),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
