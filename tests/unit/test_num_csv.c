/* test_num_csv.c - number parsing/formatting (core/num.c) and the CSV reader
 * (core/csv.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_csv.h"
#include "gt_error.h"
#include "gt_num.h"

#include "../fuzz/csv_diff.h"
#include "../fuzz/num_ref.h"

#include <dirent.h>
#include <sys/stat.h>

/* ---- gt_num_parse ------------------------------------------------------- */

struct num_ok {
    const char *in;
    double want;
};

static const struct num_ok num_ok_cases[] = {
    {"1", 1},
    {" 2.5 ", 2.5},
    {"-3e2", -300},
    {"1E+3", 1000},
    {"+7", 7},
    {".5", 0.5},
    {"5.", 5},
    {"\t42\r\n", 42},
    {"0", 0},
    {"1e-3", 0.001},
    {"0.3725", 0.3725},
    {"231.12", 231.12},
    {"2.8333333333333335", 2.8333333333333335},
    {"1e308", 1e308},
    {"-0.5E-1", -0.05},
};

static void test_num_parse_ok(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof num_ok_cases / sizeof num_ok_cases[0]; i++) {
        const struct num_ok *c = &num_ok_cases[i];
        double got = -12345;
        int rc = gt_num_parse(c->in, strlen(c->in), &got);
        if (rc != 0)
            print_error("gt_num_parse('%s') rejected\n", c->in);
        assert_int_equal(rc, 0);
        /* strtod is correctly rounded: the same literal gives the same double */
        if (got != c->want)
            print_error("gt_num_parse('%s') = %.17g, expected %.17g\n", c->in, got, c->want);
        assert_true(got == c->want);
    }
}

static const char *const num_bad_cases[] = {
    "",
    " ",
    "abc",
    "1,5",
    "0x10",
    "inf",
    "nan",
    "1.2.3",
    "1e",
    "1e+",
    ".",
    "-",
    "+",
    "e5",
    "1 2",
    "--1",
    "1e400" /* not finite */,
    "1e3.5",
    "12h",
    "Infinity",
    /* 64 characters: longer than the parser takes */
    "1000000000000000000000000000000000000000000000000000000000000000",
};

static void test_num_parse_bad(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof num_bad_cases / sizeof num_bad_cases[0]; i++) {
        const char *s = num_bad_cases[i];
        double got = -12345;
        int rc = gt_num_parse(s, strlen(s), &got);
        if (rc != -1)
            print_error("gt_num_parse('%s') accepted: %.17g\n", s, got);
        assert_int_equal(rc, -1);
        assert_true(got == -12345); /* untouched */
    }
}

static void test_num_parse_slice(void **state)
{
    (void)state;
    double got = 0;
    assert_int_equal(gt_num_parse("12345", 2, &got), 0);
    assert_true(got == 12);
    assert_int_equal(gt_num_parse("2.5,7", 3, &got), 0);
    assert_true(got == 2.5);
    /* 63 characters is still fine */
    const char *s63 = "100000000000000000000000000000000000000000000000000000000000000";
    assert_int_equal(strlen(s63), 63);
    assert_int_equal(gt_num_parse(s63, 63, &got), 0);
    assert_true(got == 1e62);
}

/* ---- gt_num_parse_long -------------------------------------------------- */

struct long_ok {
    const char *in;
    long want;
};

static void test_num_parse_long(void **state)
{
    (void)state;
    static const struct long_ok ok[] = {
        {"1", 1},   {" 42 ", 42},   {"0", 0},
        {"007", 7}, {"\t16\n", 16}, {"999999999999999999", 999999999999999999L}, /* 18 digits */
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        long got = -1;
        int rc = gt_num_parse_long(ok[i].in, strlen(ok[i].in), &got);
        if (rc != 0)
            print_error("gt_num_parse_long('%s') rejected\n", ok[i].in);
        assert_int_equal(rc, 0);
        assert_int_equal(got, ok[i].want);
    }
    static const char *const bad[] = {
        "",
        " ",
        "-3",
        "+3",
        "2.5",
        "1e3",
        "abc",
        "1 2",
        "0x10",
        "1,5",
        "1000000000000000000", /* 19 digits */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        long got = -1;
        int rc = gt_num_parse_long(bad[i], strlen(bad[i]), &got);
        if (rc != -1)
            print_error("gt_num_parse_long('%s') accepted: %ld\n", bad[i], got);
        assert_int_equal(rc, -1);
        assert_int_equal(got, -1);
    }
}

/* ---- gt_num_fmt --------------------------------------------------------- */

struct num_fmt_case {
    double v;
    const char *want;
};

static void test_num_fmt(void **state)
{
    (void)state;
    const struct num_fmt_case cases[] = {
        {0.1, "0.1"},
        {120, "120"}, /* not 1.2e+02 */
        {2.8333333333333335, "2.8333333333333335"},
        {1e20, "1e+20"},
        {0, "0"},
        {-120, "-120"},
        {1.5, "1.5"},
        {0.3725, "0.3725"},
        {1.0 / 3, "0.3333333333333333"},
        {123456789, "123456789"},
        {1e15, "1000000000000000"},
        {1e16, "1e+16"},
        {1e-5, "0.00001"},
        {1.5e-5, "0.000015"},
        {1e-6, "1e-06"},
        {-2.5e-5, "-0.000025"},
        /* just below 1e-4: log10 rounds up to -4, the digits must not be lost */
        {nextafter(1e-4, 0), "0.00009999999999999999"},
        {nextafter(1e16, 0), "9999999999999998"},
        {NAN, "nan"},
        {INFINITY, "inf"},
        {-INFINITY, "-inf"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char buf[64];
        memset(buf, 'Z', sizeof buf);
        const char *r = gt_num_fmt(cases[i].v, buf, sizeof buf);
        assert_ptr_equal(r, buf);
        if (strcmp(buf, cases[i].want) != 0)
            print_error("gt_num_fmt(%.17g)\n", cases[i].v);
        assert_string_equal(buf, cases[i].want);
    }
}

/* Every finite double reads back exactly (gt_num_parse and strtod). */
static void test_num_fmt_roundtrip(void **state)
{
    (void)state;
    unsigned long x = 88172645463325252UL; /* xorshift, deterministic */
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double v;
        if (i % 2) {
            v = ldexp((double)(x % 1000000007UL) / 1000000007.0, (int)(x % 160) - 80);
        } else {
            /* neighbours of powers of ten, where the decimal exponent is tricky */
            double p = pow(10, (int)(x % 40) - 20);
            v = (x & 1024) ? nextafter(p, 0) : nextafter(p, INFINITY);
        }
        if (x & 2048)
            v = -v;
        char buf[64];
        gt_num_fmt(v, buf, sizeof buf);
        double back = 0;
        int rc = gt_num_parse(buf, strlen(buf), &back);
        if (rc != 0 || back != v)
            print_error("gt_num_fmt(%.17g) = '%s' does not read back\n", v, buf);
        assert_int_equal(rc, 0);
        assert_true(back == v);
    }
}

/* The printf-free path writes exactly what the printf one wrote: decimals
 * with up to 17 digits as logs hold them, random doubles, neighbours of
 * powers of ten and of the path's bounds, doubles of random bits (mostly 16
 * and 17 digits) from 1e-12 up, powers of two (whose gap below is half the
 * gap above) and their neighbours, and integers from 1e15 to 1e16. */
static void test_num_fmt_same_as_printf(void **state)
{
    (void)state;
    unsigned long x = 0x9e3779b97f4a7c15UL;
    char a[64], b[64], dec[64];
    for (int i = 0; i < 700000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double v;
        switch (i % 7) {
        case 0: /* a decimal of 1..17 digits */
            snprintf(dec, sizeof dec, "%.*e", (int)(x % 17), (double)(x % 1000003) * 1.37e-3);
            snprintf(dec + strlen(dec) - 2, 3, "%02d", (int)((x >> 20) % 30));
            dec[strlen(dec) - 3] = (x >> 40) & 1 ? '-' : '+';
            v = strtod(dec, NULL);
            break;
        case 1:
            v = ldexp((double)(x % 1000000007UL) / 1000000007.0, (int)(x % 120) - 60);
            break;
        case 2: {
            static const double edges[] = {1e-5, 1e-4, 1, 10, 1e14, 1e15, 1e16, 0.1, 0.5, 1e-11};
            double e = edges[x % 10] * (1 + (double)((x >> 8) % 5) * 0.25);
            for (unsigned k = (x >> 16) % 4; k; k--)
                e = (x & 64) ? nextafter(e, 0) : nextafter(e, INFINITY);
            v = e;
            break;
        }
        case 4: { /* random mantissa bits, binary exponents -40 .. 57 */
            uint64_t exp2 = (uint64_t)(1023 - 40 + (int)((x >> 52) % 98));
            uint64_t bits = (x & ((1ull << 52) - 1)) | exp2 << 52;
            memcpy(&v, &bits, sizeof v);
            break;
        }
        case 5: /* powers of two and their neighbours */
            v = ldexp(1.0, (int)((x >> 3) % 98) - 40);
            for (int s = (int)(x % 5) - 2; s; s += s < 0 ? 1 : -1)
                v = nextafter(v, s < 0 ? 0 : INFINITY);
            break;
        case 6: /* integers of 16 digits, and past 2^53 */
            v = (double)(1000000000000000ull + x % 9000000000000000ull);
            break;
        default:
            v = (double)(x % 100000) / pow(10, (double)((x >> 24) % 12));
        }
        if (x & 2048)
            v = -v;
        gt_num_fmt(v, a, sizeof a);
        gt_num_fmt_printf(v, b, sizeof b);
        if (strcmp(a, b) != 0)
            print_error("gt_num_fmt(%.17g) = '%s', printf path '%s'\n", v, a, b);
        assert_string_equal(a, b);
    }
}

/* ---- gt_csv_parse ------------------------------------------------------- */

/* Renders a table as "line:[cell][cell] line:[cell]..." */
static void render(const struct gt_csv *t, char *out, size_t size)
{
    size_t n = 0;
    out[0] = '\0';
    for (size_t r = 0; r < t->nrows && n < size; r++) {
        n += (size_t)snprintf(out + n, size - n, "%s%ld:", r ? " " : "", t->rows[r].line);
        for (size_t c = 0; c < t->rows[r].n && n < size; c++) {
            assert_non_null(t->rows[r].cells[c]);
            n += (size_t)snprintf(out + n, size - n, "[%s]", t->rows[r].cells[c]);
        }
    }
}

struct csv_ok {
    const char *name;
    const char *data;
    unsigned char delim;
    const char *want;
};

static const struct csv_ok csv_ok_cases[] = {
    {"header and rows", "name,tdp\nXeon,9.4\nEpyc,7.5\n", ',',
     "1:[name][tdp] 2:[Xeon][9.4] 3:[Epyc][7.5]"},
    {"quoted newline in a later field", "a,b\n1,\"x\ny\"\nc,d\n", ',',
     "1:[a][b] 2:[1][x\ny] 4:[c][d]"},
    {"quoted newline in the first field", "a,b\n\"x\ny\",z\nc,d\n", ',',
     "1:[a][b] 2:[x\ny][z] 4:[c][d]"},
    {"two embedded newlines", "a,b\n\"x\n\ny\",z\nc,d\n", ',', "1:[a][b] 2:[x\n\ny][z] 5:[c][d]"},
    {"utf-8 bom",
     "\xEF\xBB\xBF"
     "a,b\n1,2\n",
     ',', "1:[a][b] 2:[1][2]"},
    {"crlf", "a,b\r\n1,2\r\n3,4\r\n", ',', "1:[a][b] 2:[1][2] 3:[3][4]"},
    {"crlf inside quotes", "a\r\n\"x\r\ny\"\r\nz\r\n", ',', "1:[a] 2:[x\r\ny] 4:[z]"},
    {"no final newline", "a,b\n1,2", ',', "1:[a][b] 2:[1][2]"},
    {"no final newline after a quoted newline", "a\n\"x\ny\"", ',', "1:[a] 2:[x\ny]"},
    {"empty lines skipped", "a,b\n\n1,2\n\r\n   \n3,4\n\n", ',', "1:[a][b] 3:[1][2] 6:[3][4]"},
    {"leading empty lines", "\n\na,b\n", ',', "3:[a][b]"},
    {"semicolon", "a;b\n1,5;2\n", ';', "1:[a][b] 2:[1,5][2]"},
    {"quoted delimiter and doubled quote", "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n", ',',
     "1:[a][b] 2:[x,y][say \"hi\"]"},
    {"empty cells", "a,b,c\n,,\n", ',', "1:[a][b][c] 2:[][][]"},
    {"ragged rows", "a,b,c\n1\n1,2,3,4\n", ',', "1:[a][b][c] 2:[1] 3:[1][2][3][4]"},
    {"empty input", "", ',', ""},
    {"bom only", "\xEF\xBB\xBF", ',', ""},
};

static void test_csv_parse_ok(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof csv_ok_cases / sizeof csv_ok_cases[0]; i++) {
        const struct csv_ok *c = &csv_ok_cases[i];
        struct gt_csv t;
        struct gt_error err;
        gt_error_clear(&err);
        enum gt_status st = gt_csv_parse(c->data, strlen(c->data), c->delim, "t.csv", &t, &err);
        if (st != GT_OK)
            print_error("case '%s': unexpected error: %s\n", c->name, err.msg);
        assert_int_equal(st, GT_OK);
        char got[512];
        render(&t, got, sizeof got);
        if (strcmp(got, c->want) != 0)
            print_error("case '%s'\n", c->name);
        assert_string_equal(got, c->want);
        gt_csv_release(&t);
        assert_int_equal(t.nrows, 0);
        assert_null(t.rows);
    }
}

/* The data is a {ptr,len} slice and need not be NUL-terminated. */
static void test_csv_parse_slice(void **state)
{
    (void)state;
    const char data[] = {'a', ',', 'b', '\n', '1', ',', '2'}; /* no NUL */
    struct gt_csv t;
    assert_int_equal(gt_csv_parse(data, sizeof data, ',', "t.csv", &t, NULL), GT_OK);
    char got[128];
    render(&t, got, sizeof got);
    assert_string_equal(got, "1:[a][b] 2:[1][2]");
    gt_csv_release(&t);
    gt_csv_release(NULL);
}

struct csv_bad {
    const char *data;
    long line;
    const char *msg;
};

static const struct csv_bad csv_bad_cases[] = {
    /* unterminated quote: reported on the line where the quoted field opens */
    {"a,b\n1,\"oops\nmore\n", 2, "cannot parse CSV 'hw.csv' at line 2: unterminated quoted field"},
    {"a,b\n\"oops\nmore\n", 2, "cannot parse CSV 'hw.csv' at line 2: unterminated quoted field"},
    {"a,b\n1,2\n\n\"oops", 4, "cannot parse CSV 'hw.csv' at line 4: unterminated quoted field"},
    {"a,b\r\n1,2\r\n\r\n  \r\n\"oops\r\nx\r\n", 5,
     "cannot parse CSV 'hw.csv' at line 5: unterminated quoted field"},
    /* malformed quoting (strict mode) */
    {"a,b\nx\"y,1\n", 2, "cannot parse CSV 'hw.csv' at line 2: malformed quoting"},
    {"a,b\n\"x\"y,1\n", 2, "cannot parse CSV 'hw.csv' at line 2: malformed quoting"},
    {"a,b\n1,\"x\ny\"\n\"p\"q,2\n", 4, "cannot parse CSV 'hw.csv' at line 4: malformed quoting"},
};

static void test_csv_parse_bad(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof csv_bad_cases / sizeof csv_bad_cases[0]; i++) {
        const struct csv_bad *c = &csv_bad_cases[i];
        struct gt_csv t;
        struct gt_error err;
        gt_error_clear(&err);
        enum gt_status st = gt_csv_parse(c->data, strlen(c->data), ',', "hw.csv", &t, &err);
        assert_int_equal(st, GT_E_PARSE);
        assert_int_equal(err.code, GT_E_PARSE);
        assert_string_equal(err.msg, c->msg);
        assert_string_equal(err.file, "hw.csv");
        assert_int_equal(err.line, c->line);
        /* nothing is left allocated on error */
        assert_int_equal(t.nrows, 0);
        assert_null(t.rows);
    }
}

/* ---- gt_csv_col --------------------------------------------------------- */

struct col_case {
    const char *col;
    int want;
};

static void test_csv_col(void **state)
{
    (void)state;
    static const char hdr[] = " Name ,TDP_W,\tcores\t,\"  Memory GB \",source\r\n";
    struct gt_csv t;
    struct gt_error err;
    gt_error_clear(&err);
    assert_int_equal(gt_csv_parse(hdr, strlen(hdr), ',', "h.csv", &t, &err), GT_OK);
    assert_int_equal(t.nrows, 1);
    static const struct col_case cases[] = {
        {"name", 0},   {"NAME", 0},  {"Name", 0},      {"tdp_w", 1},     {"TDP_W", 1},
        {"cores", 2},  {"Cores", 2}, {"memory gb", 3}, {"MEMORY GB", 3}, {"source", 4},
        {"model", -1}, {"nam", -1},  {"names", -1},    {"memory", -1},   {"", -1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int got = gt_csv_col(&t.rows[0], cases[i].col);
        if (got != cases[i].want)
            print_error("gt_csv_col('%s') = %d, expected %d\n", cases[i].col, got, cases[i].want);
        assert_int_equal(got, cases[i].want);
    }
    gt_csv_release(&t);
}

/* The fast path (Clinger) must agree with strtod to the bit. */
static void test_num_matches_strtod(void **state)
{
    (void)state;
    static const char *const fixed[] = {"0",
                                        "-0",
                                        "0.0",
                                        "1e22",
                                        "1e23",
                                        "9007199254740992",
                                        "9007199254740993",
                                        "0.1",
                                        "3.435810400385386e-05",
                                        "0.0004047892176375",
                                        "12.884901888000002",
                                        "161.20380687713623",
                                        "1e-300",
                                        "123456789012345678901234567890",
                                        "5e-324",
                                        "-2.5",
                                        "+7.",
                                        ".5",
                                        "1.7976931348623157e308",
                                        "0.30000000000000004",
                                        "100000000000000000000000"};
    char buf[64];
    unsigned seed = 12345;
    for (size_t k = 0; k < sizeof fixed / sizeof fixed[0] + 200000; k++) {
        const char *t = buf;
        if (k < sizeof fixed / sizeof fixed[0])
            t = fixed[k];
        else {
            seed = seed * 1103515245u + 12345u;
            double x = (double)(seed >> 8) / (1 << 24) * pow(10, (int)(seed % 40) - 20);
            snprintf(buf, sizeof buf, "%.*g", 1 + (int)(seed % 17), x);
        }
        double a, b = strtod(t, NULL);
        assert_int_equal(gt_num_parse(t, strlen(t), &a), 0);
        assert_memory_equal(&a, &b, sizeof a);
    }
}

/* The one-pass fast path, Clinger's and the strtod fallback against a plain
 * grammar check and strtod (num_ref.h): edges of each path (19 and 20
 * digits, 2^53 and 2^53 + 1, 10^22 and 10^23, leading zeros, 3- and 4-digit
 * exponents, signs, blanks), then random decimals in every shape and random
 * bytes over the number alphabet. */
static void test_num_same_as_reference(void **state)
{
    (void)state;
    static const char *const edge[] = {
        "0",
        "-0",
        "+0",
        "-0.0",
        "0.",
        ".0",
        ".",
        "-",
        "+",
        "",
        " ",
        "e5",
        ".e5",
        "1e",
        "1e+",
        "1E-",
        "1e5",
        "1E+5",
        "1e-5",
        "1e0022",
        "1e022",
        "1e999",
        "1e-999",
        "0e999",
        "9007199254740992",
        "9007199254740993",
        "9007199254740992.0",
        "900719925474099.3",
        "9999999999999999999",
        "1999999999999999999",
        "10000000000000000000",
        "18446744073709551615",
        "18446744073709551616",
        "0000000000000000001",
        "00000000000000000001",
        "0.000000000000000000001",
        "0.0000000000000000000001",
        "0.00000000000000000000001",
        "1e22",
        "1e23",
        "1e-22",
        "1e-23",
        "4.5e22",
        "123e-25",
        "0.0007669323705",
        "9.6371792e-05",
        " 1007.70\t",
        "\r\n12\n",
        "1 2",
        "1..2",
        "1.2.3",
        "--1",
        "+-1",
        "1e+-5",
        "0x1p3",
        "inf",
        "nan",
        "1,5",
        "1.7976931348623157e308",
        "1.7976931348623159e308",
        "2.2250738585072014e-308",
        "4.9e-324",
        "2e-324",
        "123456789012345678901234567890",
        "1234567890123456789012345678901234567890123456789012345678901"};
    for (size_t i = 0; i < sizeof edge / sizeof edge[0]; i++)
        assert_int_equal(num_ref_diff(edge[i], strlen(edge[i])), 0);
    char buf[80];
    uint64_t rng = 0x6e756d726566ull;
#define NEXT() (rng = rng * 6364136223846793005ull + 1442695040888963407ull, (unsigned)(rng >> 33))
    for (int k = 0; k < 300000; k++) {
        size_t n = 0;
        unsigned r = NEXT();
        if (r % 4 == 0)
            buf[n++] = "+- "[NEXT() % 3];
        size_t id = NEXT() % 24, fd = NEXT() % 3 ? NEXT() % 24 : 0;
        for (size_t i = 0; i < id; i++)
            buf[n++] = (char)('0' + (NEXT() % 3 ? NEXT() % 10 : 0));
        if (fd || NEXT() % 2) {
            buf[n++] = '.';
            for (size_t i = 0; i < fd; i++)
                buf[n++] = (char)('0' + (NEXT() % 3 ? NEXT() % 10 : 0));
        }
        if (NEXT() % 3 == 0) {
            buf[n++] = NEXT() % 2 ? 'e' : 'E';
            if (NEXT() % 2)
                buf[n++] = NEXT() % 2 ? '-' : '+';
            size_t ed = NEXT() % 5;
            for (size_t i = 0; i < ed; i++)
                buf[n++] = (char)('0' + NEXT() % (i ? 10 : 4));
        }
        assert_int_equal(num_ref_diff(buf, n), 0);
    }
    /* 8-digit blocks of a fraction with one byte of any value in them */
    for (int k = 0; k < 100000; k++) {
        size_t n = 0, fd = 8 + NEXT() % 12;
        buf[n++] = (char)('0' + NEXT() % 10);
        buf[n++] = '.';
        for (size_t i = 0; i < fd; i++)
            buf[n++] = (char)('0' + NEXT() % 10);
        size_t at = 2 + NEXT() % fd;
        buf[at] = (char)(NEXT() % 256);
        assert_int_equal(num_ref_diff(buf, n), 0);
    }
    static const char alpha[] = "0123456789.eE+- \tx";
    for (int k = 0; k < 200000; k++) {
        size_t n = NEXT() % 30;
        for (size_t i = 0; i < n; i++)
            buf[i] = alpha[NEXT() % (sizeof alpha - 1)];
        assert_int_equal(num_ref_diff(buf, n), 0);
    }
#undef NEXT
}

/* The quote-free fast path splits like libcsv: trimmed fields, empty ones
 * kept, blank lines skipped, LF/CRLF/CR line ends, exact line numbers. */
static void test_csv_fast_cells(void **state)
{
    (void)state;
    const char *in = " a , b ,\t\r\n\n   \r\nx;y,\rlast";
    const char want[] = "R1:3|1:a\0|1:b\0|0:\0R4:2|3:x;y\0|0:\0R5:1|4:last\0S0:";
    for (int level = 0; level <= 2; level++) {
        struct csv_log l = {0};
        csv_run(in, strlen(in), ',', 1, level, 0, &l);
        assert_int_equal(l.n, sizeof want - 1);
        assert_memory_equal(l.s, want, sizeof want - 1);
        free(l.s);
    }
}

/* 1 when the n bytes of w occur in the log. */
static int log_has(const struct csv_log *l, const char *w, size_t n)
{
    for (size_t i = 0; i + n <= l->n; i++)
        if (memcmp(l->s + i, w, n) == 0)
            return 1;
    return 0;
}

/* The 16-byte scan: delimiters on and around block edges, cells spanning
 * blocks, spaces trimmed across an edge, a NUL in a later cell (the row is
 * malformed at that column), the same cells from every level. */
static void test_csv_fast_wide(void **state)
{
    (void)state;
    const char in[] = "aaaaaaaaaaaaaaa,bbbbbbbbbbbbbbb,c\n"           /* , at 15 and 31 */
                      "aaaaaaaaaaaaaaaa,b,,,,,,,,,,,,,,,,,,,,,,,,z\n" /* , at 16.. */
                      "              x               ,  y  \r\n"      /* trims over an edge */
                      "0123456789abcdefghijklmnopqrstuvwxyz,0123456789abcdefghijklmnopqrstuvwxyz\n"
                      "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q,r\0s,t\n" /* a NUL in cell 18 */
                      "last,,";
    const size_t n = sizeof in - 1;
    struct csv_log l[3] = {{0}};
    for (int level = 0; level <= 2; level++)
        csv_run(in, n, ',', 1, level, 0, &l[level]);
    for (int level = 1; level <= 2; level++) {
        assert_int_equal(l[level].n, l[0].n);
        assert_memory_equal(l[level].s, l[0].s, l[0].n);
    }
    const char *want_bad = "B5:a NUL byte inside a cell (column 18)";
    assert_true(log_has(&l[2], want_bad, strlen(want_bad) + 1));
    const char *want_trim = "R3:2|1:x\0|1:y\0R4:2|36:0123456789";
    assert_true(log_has(&l[2], want_trim, strlen(want_trim)));
    for (int level = 0; level <= 2; level++)
        free(l[level].s);
    for (size_t step = 0; step < 40; step += 3)
        assert_int_equal(csv_diff(in, n, step), 0);
}

static uint64_t fast_rng = 0x63737666617374ull;

static unsigned fast_next(void)
{
    fast_rng = fast_rng * 6364136223846793005ull + 1442695040888963407ull;
    return (unsigned)(fast_rng >> 33);
}

/* Both paths agree on tricky and random inputs, fed at once and in pieces. */
static void test_csv_fast_same_as_libcsv(void **state)
{
    (void)state;
    static const char *const cases[] = {"",
                                        "\n",
                                        "a",
                                        "a\n",
                                        "a,b\r\nc,d\r\n",
                                        "\"a\",b\nc,d\n",
                                        "a,\"b\nc\",d\ne\n",
                                        "a,\"b\n",
                                        "a,b\"c\n,d\n",
                                        " \t \n",
                                        ",,\n",
                                        "a\rb\rc",
                                        "\xef\xbb\xbf"
                                        "a,b\n",
                                        "\xef\xbb",
                                        "x\0y,z\n",
                                        "a,b\r",
                                        "a,b\r\n\r\n\"",
                                        "\"\"\n\"\"\"\n",
                                        "  \"a\"  ,b\n"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        for (size_t step = 0; step < 4; step++)
            assert_int_equal(csv_diff(cases[i], strlen(cases[i]), step), 0);
    static const char alpha[] = "a,; \t\r\n\"x1\0";
    char buf[96];
    for (int k = 0; k < 4000; k++) {
        size_t n = fast_next() % sizeof buf;
        for (size_t i = 0; i < n; i++)
            buf[i] = alpha[fast_next() % (sizeof alpha - 1)];
        assert_int_equal(csv_diff(buf, n, fast_next() % 5), 0);
    }
    /* long lines of many short cells, as log files have them */
    static const char wide[] = "a,,,, \t1.5e3,,,,xyz,,,,\t,,,,\n\r\"\0";
    char big[700];
    for (int k = 0; k < 1500; k++) {
        size_t n = fast_next() % sizeof big;
        for (size_t i = 0; i < n; i++) {
            unsigned r = fast_next() % 1000;
            big[i] = r < 995 ? wide[r % 16] : wide[16 + r % 4];
        }
        assert_int_equal(csv_diff(big, n, fast_next() % 3 ? 0 : fast_next() % 40), 0);
    }
}

/* ... and on every file of samples/. */
static void diff_tree(const char *dir, int *files)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        char p[4096];
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        struct stat st;
        assert_int_equal(stat(p, &st), 0);
        if (S_ISDIR(st.st_mode)) {
            diff_tree(p, files);
            continue;
        }
        char *data;
        size_t len;
        struct gt_error err = {0};
        FILE *f = fopen(p, "rb");
        assert_non_null(f);
        data = malloc((size_t)st.st_size + 1);
        assert_non_null(data);
        len = fread(data, 1, (size_t)st.st_size, f);
        fclose(f);
        (void)err;
        assert_int_equal(csv_diff(data, len, 0), 0);
        assert_int_equal(csv_diff(data, len, 7), 0);
        free(data);
        (*files)++;
    }
    closedir(d);
}

static void test_csv_fast_samples(void **state)
{
    (void)state;
    int files = 0;
    diff_tree(GT_SOURCE_DIR "/samples", &files);
    assert_true(files > 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_num_matches_strtod),
        cmocka_unit_test(test_num_same_as_reference),
        cmocka_unit_test(test_num_parse_ok),
        cmocka_unit_test(test_num_parse_bad),
        cmocka_unit_test(test_num_parse_slice),
        cmocka_unit_test(test_num_parse_long),
        cmocka_unit_test(test_num_fmt),
        cmocka_unit_test(test_num_fmt_roundtrip),
        cmocka_unit_test(test_num_fmt_same_as_printf),
        cmocka_unit_test(test_csv_parse_ok),
        cmocka_unit_test(test_csv_parse_slice),
        cmocka_unit_test(test_csv_parse_bad),
        cmocka_unit_test(test_csv_col),
        cmocka_unit_test(test_csv_fast_cells),
        cmocka_unit_test(test_csv_fast_same_as_libcsv),
        cmocka_unit_test(test_csv_fast_samples),
        cmocka_unit_test(test_csv_fast_wide),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
