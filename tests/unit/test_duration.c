/* test_duration.c - gt_duration_parse / gt_duration_fmt (core/duration.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <string.h>

#include "gt_duration.h"
#include "gt_error.h"

/* Fails the current test, at the caller's line, unless |got - want| <= tol. */
#define ASSERT_NEAR(label, got, want, tol)                                                         \
    assert_near_((label), (got), (want), (tol), __FILE__, __LINE__)

static void assert_near_(const char *label, double got, double want, double tol, const char *file,
                         int line)
{
    if (!(fabs(got - want) <= tol)) {
        print_error("case '%s': got %.17g, expected %.17g (tolerance %g)\n", label, got, want, tol);
        _fail(file, line);
    }
}

/* 1e-9 relative (exact when the expected value is 0). */
#define ASSERT_REL(label, got, want) ASSERT_NEAR(label, got, want, 1e-9 * fabs((double)(want)))

/* ---- accepted forms ----------------------------------------------------- */

struct dur_ok {
    const char *in;
    double want_s;
};

static const struct dur_ok ok_cases[] = {
    /* unit sequences */
    {"12h", 43200},
    {"12h30m", 45000},
    {"90m", 5400},
    {"45s", 45},
    {"2d", 172800},
    {"1.5h", 5400},
    {"1d 2h 3m 4s", 93784},
    {"1d2h3m4s", 93784},
    {"12 h", 43200},
    {"2 hours 30 mins", 9000},
    {"1 day 1 hr 1 min 1 sec", 90061},
    {"3 days", 259200},
    {"1H30M", 5400}, /* units are case-insensitive */
    {"0s", 0},
    {"0.25s", 0.25},
    /* clock forms */
    {"1:30:00", 5400},
    {"30:00", 1800},     /* MM:SS as SLURM prints it below 1 h */
    {"22:40.5", 1360.5}, /* fraction in the last field */
    {"0:59:59.25", 3599.25},
    {"100:00:00", 360000}, /* hours are not limited */
    {"00:00", 0},
    /* SLURM forms */
    {"2-03:00:00", 183600},
    {"2-03:00", 183600},
    {"2-03", 183600},
    {"2-03:04:05", 183845},
    {"2-03:04", 183840},
    {"0-00:00:01", 1},
    /* plain seconds */
    {"3600", 3600},
    {"3600.5", 3600.5},
    {"0", 0},
    /* whitespace around */
    {"  12h  ", 43200},
    {"\t90m\n", 5400},
    {" 1:30:00 ", 5400},
    {" 2-03:00:00\r\n", 183600},
    {"  3600  ", 3600},
};

static void test_parse_ok(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof ok_cases / sizeof ok_cases[0]; i++) {
        const struct dur_ok *c = &ok_cases[i];
        struct gt_error err;
        gt_error_clear(&err);
        double got = -1;
        enum gt_status st = gt_duration_parse(c->in, strlen(c->in), &got, &err);
        if (st != GT_OK)
            print_error("case '%s': unexpected error: %s\n", c->in, err.msg);
        assert_int_equal(st, GT_OK);
        assert_int_equal(err.code, GT_OK);
        ASSERT_REL(c->in, got, c->want_s);
    }
}

/* The parser reads a {ptr,len} slice, not up to a NUL. */
static void test_parse_slice(void **state)
{
    (void)state;
    struct gt_error err;
    gt_error_clear(&err);
    double got = -1;
    assert_int_equal(gt_duration_parse("12hXYZ", 3, &got, &err), GT_OK);
    ASSERT_REL("12h of 12hXYZ", got, 43200);
    assert_int_equal(gt_duration_parse("1:30:00:99", 7, &got, &err), GT_OK);
    ASSERT_REL("1:30:00 of 1:30:00:99", got, 5400);
    /* NULL error record is allowed */
    assert_int_equal(gt_duration_parse("12x", 3, &got, NULL), GT_E_PARSE);
}

/* ---- rejected forms ----------------------------------------------------- */

#define EG " (e.g. 12h30m, 90m, 45s, 2d, 1:30:00, 2-03:00:00 or seconds)"

struct dur_bad {
    const char *in;
    const char *msg;
};

static const struct dur_bad bad_cases[] = {
    {"", "invalid duration '': empty" EG},
    {"   ", "invalid duration '': empty" EG},
    {"12x", "invalid duration '12x': unknown unit" EG},
    {"-5", "invalid duration '-5': must not be signed" EG},
    {"+5", "invalid duration '+5': must not be signed" EG},
    {" -1h ", "invalid duration '-1h': must not be signed" EG},
    {"1:60:00", "invalid duration '1:60:00': minutes and seconds must be below 60" EG},
    {"1:00:60", "invalid duration '1:00:60': minutes and seconds must be below 60" EG},
    {"30:60", "invalid duration '30:60': seconds must be below 60" EG},
    {"2-03:60", "invalid duration '2-03:60': minutes and seconds must be below 60" EG},
    {"h", "invalid duration 'h': expected a number" EG},
    {"12h 5", "invalid duration '12h 5': missing unit after the last number" EG},
    {"30m2h", "invalid duration '30m2h': units must go from larger to smaller, each once" EG},
    {"1h1h", "invalid duration '1h1h': units must go from larger to smaller, each once" EG},
    {"1h 1hr", "invalid duration '1h 1hr': units must go from larger to smaller, each once" EG},
    {"1:2:3:4", "invalid duration '1:2:3:4': too many ':' fields" EG},
    {"1::00", "invalid duration '1::00': empty field" EG},
    {"1:30:", "invalid duration '1:30:': empty field" EG},
    {"1.5:30", "invalid duration '1.5:30': fields must be digits" EG},
    {"1:3a", "invalid duration '1:3a': fields must be digits" EG},
    {"2-", "invalid duration '2-': nothing after '-'" EG},
    {"x-03", "invalid duration 'x-03': bad day count before '-'" EG},
    {"1.5-03", "invalid duration '1.5-03': bad day count before '-'" EG},
    {"1.2.3h", "invalid duration '1.2.3h': expected a number" EG},
    {"5 parsecs", "invalid duration '5 parsecs': unknown unit" EG},
    {"1d 2h 3", "invalid duration '1d 2h 3': missing unit after the last number" EG},
    /* long text is cut at 80 characters */
    {"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
     "xxx",
     "invalid duration "
     "'xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx'...: "
     "expected a number" EG},
};

static void test_parse_bad(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof bad_cases / sizeof bad_cases[0]; i++) {
        const struct dur_bad *c = &bad_cases[i];
        struct gt_error err;
        gt_error_clear(&err);
        double got = -12345;
        enum gt_status st = gt_duration_parse(c->in, strlen(c->in), &got, &err);
        if (st != GT_E_PARSE)
            print_error("case '%s': expected GT_E_PARSE, got %d (value %g)\n", c->in, (int)st, got);
        assert_int_equal(st, GT_E_PARSE);
        assert_int_equal(err.code, GT_E_PARSE);
        assert_string_equal(err.msg, c->msg);
        /* the output is untouched on error */
        ASSERT_NEAR(c->in, got, -12345, 0);
    }
}

/* ---- formatting --------------------------------------------------------- */

struct dur_fmt {
    double s;
    const char *want;
};

static const struct dur_fmt fmt_cases[] = {
    {43200, "12h"},         {10200, "2h50m"}, {93784, "1d2h3m4s"}, {0, "0s"},
    {1.5, "1.5s"},          {0.25, "0.25s"},  {45, "45s"},         {60, "1m"},
    {3600, "1h"},           {86400, "1d"},    {90000, "1d1h"},     {3661, "1h1m1s"},
    {172800 + 45, "2d45s"}, {3600.4, "1h"}, /* >= 60 s: rounded to whole seconds */
    {3599.5, "1h"},                         /* rounding carries */
    {0.2, "0.2s"},          {-1, "?"},        {1e20, "1e+20s"}, /* too large for whole-second
                                                                   arithmetic */
    {INFINITY, "?"},        {NAN, "?"},
};

static void test_fmt(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof fmt_cases / sizeof fmt_cases[0]; i++) {
        char buf[64];
        memset(buf, 'Z', sizeof buf);
        const char *r = gt_duration_fmt(fmt_cases[i].s, buf, sizeof buf);
        assert_ptr_equal(r, buf);
        assert_string_equal(buf, fmt_cases[i].want);
    }
}

/* Truncation keeps the buffer NUL-terminated. */
static void test_fmt_small_buffer(void **state)
{
    (void)state;
    char buf[4];
    gt_duration_fmt(93784, buf, sizeof buf);
    assert_string_equal(buf, "1d2");
    char one[1] = {'Z'};
    gt_duration_fmt(93784, one, sizeof one);
    assert_int_equal(one[0], '\0');
}

/* Every formatted duration parses back to the same number of seconds. */
static void test_fmt_roundtrip(void **state)
{
    (void)state;
    static const double secs[] = {1, 59, 60, 61, 3599, 3600, 10200, 45000, 86399, 93784, 1e9};
    for (size_t i = 0; i < sizeof secs / sizeof secs[0]; i++) {
        char buf[64];
        gt_duration_fmt(secs[i], buf, sizeof buf);
        double back = -1;
        struct gt_error err;
        gt_error_clear(&err);
        assert_int_equal(gt_duration_parse(buf, strlen(buf), &back, &err), GT_OK);
        ASSERT_NEAR(buf, back, secs[i], 0);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_ok),         cmocka_unit_test(test_parse_slice),
        cmocka_unit_test(test_parse_bad),        cmocka_unit_test(test_fmt),
        cmocka_unit_test(test_fmt_small_buffer), cmocka_unit_test(test_fmt_roundtrip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
