/* gt_time: civil conversions, timestamp parsing, ISO weeks. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "gt_time.h"

static void test_parse_forms(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        double t;
        enum gt_tz tz;
    } ok[] = {
        {"1970-01-01", 0, GT_TZ_LOCAL},
        {"2024-05-31T10:39:13", 1717151953, GT_TZ_LOCAL},
        {"2024-05-31 10:39:13", 1717151953, GT_TZ_LOCAL},
        {" 2024-05-31T10:39:13 ", 1717151953, GT_TZ_LOCAL},
        {"2021-06-15 17:47:31.798113", 1623779251.798113, GT_TZ_LOCAL},
        {"2024-05-31T10:39:13Z", 1717151953, GT_TZ_UTC},
        {"2024-05-31T12:39:13+02:00", 1717151953, GT_TZ_UTC},
        {"2024-05-31T05:39:13-0500", 1717151953, GT_TZ_UTC},
        {"2024-02-29T00:00", 1709164800, GT_TZ_LOCAL},
        {"2000-02-29", 951782400, GT_TZ_LOCAL},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        double t = -1;
        enum gt_tz tz = GT_TZ_NONE;
        assert_int_equal(gt_time_parse(ok[i].in, strlen(ok[i].in), &t, &tz), 0);
        assert_float_equal(t, ok[i].t, 1e-6);
        assert_int_equal(tz, ok[i].tz);
    }
    static const char *const bad[] = {
        "",          "2024-13-01",          "2023-02-29",           "2020-04-31T03:26:11",
        "26:11.7",   "2024-05-31T25:00",    "2024-05-31T10:39:13X", "2024-05-31T10:39:13+2",
        "2024-5-31", "2024-05-31T10:39:13."};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        double t = 42;
        enum gt_tz tz = GT_TZ_NONE;
        assert_int_equal(gt_time_parse(bad[i], strlen(bad[i]), &t, &tz), -1);
        assert_true(t == 42);
    }
}

static void test_civil_roundtrip_and_weeks(void **state)
{
    (void)state;
    int y, mo, d, h, mi;
    double s;
    gt_time_to_civil(1717151953.5, &y, &mo, &d, &h, &mi, &s);
    assert_int_equal(y, 2024);
    assert_int_equal(mo, 5);
    assert_int_equal(d, 31);
    assert_int_equal(h, 10);
    assert_int_equal(mi, 39);
    assert_float_equal(s, 13.5, 1e-9);
    gt_time_to_civil(-1, &y, &mo, &d, &h, &mi, &s);
    assert_int_equal(y, 1969);
    assert_int_equal(mo, 12);
    assert_int_equal(d, 31);
    assert_int_equal(h, 23);
    static const struct {
        int y, m, d, iy, w;
    } wk[] = {{2021, 1, 3, 2020, 53},  {2021, 1, 4, 2021, 1},    {2024, 12, 30, 2025, 1},
              {2024, 5, 31, 2024, 22}, {2026, 11, 21, 2026, 47}, {2015, 12, 31, 2015, 53}};
    for (size_t i = 0; i < sizeof wk / sizeof wk[0]; i++) {
        int iy, w;
        gt_time_iso_week(gt_time_from_civil(wk[i].y, wk[i].m, wk[i].d, 12, 0, 0), &iy, &w);
        assert_int_equal(iy, wk[i].iy);
        assert_int_equal(w, wk[i].w);
    }
    char buf[32];
    assert_string_equal(gt_time_fmt(1717151953.9, 0, buf, sizeof buf), "2024-05-31T10:39:13");
    assert_string_equal(gt_time_fmt(0, 1, buf, sizeof buf), "1970-01-01T00:00:00Z");
}

/* gt_time_fmt and gt_time_period_fmt write what their printf forms wrote,
 * from 1970 to 9999, fractional seconds included, and beyond (printf). */
static void test_fmt_same_as_printf(void **state)
{
    (void)state;
    uint64_t x = 0x2545f4914f6cdd1dull;
    for (int i = 0; i < 200000; i++) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        double t = i % 100 == 0 ? 253402300800.0 + (double)(x % 1000000) * 86400 /* year 10000+ */
                                : (double)(x % 2534023008000ull) / 10; /* up to 9999-12-31 */
        int y, mo, d, h, mi, iy, w;
        double s;
        char got[40], want[40];
        gt_time_to_civil(floor(t), &y, &mo, &d, &h, &mi, &s);
        snprintf(want, sizeof want, "%04d-%02d-%02dT%02d:%02d:%02d%s", y, mo, d, h, mi, (int)s,
                 i % 2 ? "Z" : "");
        assert_string_equal(gt_time_fmt(t, i % 2, got, sizeof got), want);
        gt_time_to_civil(t, &y, &mo, &d, &h, &mi, &s);
        gt_time_iso_week(t, &iy, &w);
        snprintf(want, sizeof want, "%04d-%02d-%02d", y, mo, d);
        assert_string_equal(gt_time_period_fmt(t, 'd', got, sizeof got), want);
        snprintf(want, sizeof want, "%04d-%02d", y, mo);
        assert_string_equal(gt_time_period_fmt(t, 'm', got, sizeof got), want);
        snprintf(want, sizeof want, "%04d", y);
        assert_string_equal(gt_time_period_fmt(t, 'y', got, sizeof got), want);
        snprintf(want, sizeof want, "%04d-W%02d", iy, w);
        assert_string_equal(gt_time_period_fmt(t, 'w', got, sizeof got), want);
    }
    char b[40];
    assert_string_equal(gt_time_fmt(0, 1, b, sizeof b), "1970-01-01T00:00:00Z");
    assert_string_equal(gt_time_period_fmt(1704067200, 'w', b, sizeof b), "2024-W01");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_forms),
        cmocka_unit_test(test_civil_roundtrip_and_weeks),
        cmocka_unit_test(test_fmt_same_as_printf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
