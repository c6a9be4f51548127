/* test_escape.c - the shared safety helpers of issue 13: gt_text_escape (one
 * rule for terminal, CSV and XLSX text), gt_text_is_formula (CSV injection),
 * gt_record_check (plausibility bounds) and gt_plug_redact (credentials). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gt_record.h"
#include "gt_run.h"
#include "gt_text.h"

static void escape_is(const char *in, unsigned flags, const char *want)
{
    char *got = gt_text_escape(in, flags);
    assert_non_null(got);
    assert_string_equal(got, want);
    assert_int_equal(gt_text_is_safe(in, flags), strcmp(in, want) == 0);
    free(got);
}

static void test_escape(void **state)
{
    (void)state;
    escape_is("plain text, café", 0, "plain text, café");
    escape_is("\x1b]0;title\x07", 0, "\\x1B]0;title\\x07");
    escape_is("osc52\x1b]52;c;ZXZpbA==\x07", 0, "osc52\\x1B]52;c;ZXZpbA==\\x07");
    escape_is("tab\there\nnl\rcr", 0, "tab\\x09here\\x0Anl\\x0Dcr");
    escape_is("tab\there\nnl\rcr", GT_ESC_KEEP_WS, "tab\there\nnl\rcr");
    escape_is("del\x7f", 0, "del\\x7F");
    escape_is("c1\xc2\x9b", 0, "c1\\u009B");                        /* U+009B CSI */
    escape_is("nc\xef\xbf\xbe\xef\xbf\xbf", 0, "nc\\uFFFE\\uFFFF"); /* not characters */
    escape_is("bad\xff\xfe", 0, "bad\\xFF\\xFE");
    escape_is("caf\xe9", 0, "caf\\xE9");
    escape_is("caf\xe9", GT_ESC_LATIN1, "café");
    escape_is("latin1 c1 \x9b", GT_ESC_LATIN1, "latin1 c1 \\u009B");
    escape_is("overlong \xc0\xaf", 0, "overlong \\xC0\\xAF");
    escape_is("surrogate \xed\xa0\x80", 0, "surrogate \\xED\\xA0\\x80");
    escape_is("cut \xe2\x82", 0, "cut \\xE2\\x82");
    escape_is("\xf0\x9f\x8c\xb1 emoji", 0, "\xf0\x9f\x8c\xb1 emoji");
    escape_is("", 0, "");
}

static void test_formula(void **state)
{
    (void)state;
    const char *yes[] = {"=1+1", "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx", "=", "-", "-inf"};
    const char *no[] = {"", "ok", "-42", "+1.5e3", "-0.5", "1=1", "'=x", " =x"};
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        assert_true(gt_text_is_formula(yes[i]));
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        assert_false(gt_text_is_formula(no[i]));
}

static void check_is(const struct gt_record *r, const char *want)
{
    char why[160] = "";
    int rc = gt_record_check(r, why, sizeof why);
    if (!want) {
        assert_int_equal(rc, 0);
        return;
    }
    assert_int_equal(rc, -1);
    assert_string_equal(why, want);
}

static void test_record_bounds(void **state)
{
    (void)state;
    struct gt_record r;
    gt_record_init(&r);
    check_is(&r, NULL); /* everything unknown */
    r.start = 1.7e9;
    r.duration_s = 3600;
    r.energy_kwh = 1.5;
    check_is(&r, NULL);
    r.duration_s = 1e308;
    check_is(&r, "'duration' 1e+308 s is beyond 100 years");
    r.duration_s = GT_MAX_DURATION_S;
    check_is(&r, NULL);
    r.duration_s = -2;
    check_is(&r, "'duration' -2 s is negative");
    r.duration_s = -INFINITY;
    check_is(&r, "'duration' -inf s is beyond 100 years");
    r.duration_s = 3600;
    r.energy_kwh = INFINITY;
    check_is(&r, "'energy' inf kWh is beyond 1e+09 kWh");
    r.energy_kwh = 1.5;
    r.gpu_kwh = -1;
    check_is(&r, "'gpu_energy' -1 kWh is negative");
    r.gpu_kwh = NAN;
    r.cpu_power_w = 2e9;
    check_is(&r, "'cpu_power' 2e+09 W is beyond 1e+09 W");
    r.cpu_power_w = 100;
    r.start = -86400;
    check_is(&r, "'start' is outside the years 1970-9999");
    r.start = GT_MAX_TIME - 10;
    check_is(&r, "'start' + 'duration' ends after the year 9999");
    r.start = 1.7e9;
    r.co2e_g = 1e16;
    check_is(&r, "'emissions' 1e+16 g is beyond 1e+15 g");
    r.co2e_g = 10;
    r.gpu_count = 2147483648.0;
    check_is(&r, "'gpu_count' 2.14748e+09 is beyond 1e+08");
    r.gpu_count = 1;
    r.ram_gb = -INFINITY;
    check_is(&r, "'ram' -inf GB is beyond 1e+09 GB");
    r.ram_gb = -0.5;
    check_is(&r, "'ram' -0.5 GB is negative");
    r.ram_gb = 16;
    r.ci_g_per_kwh = 1e7;
    check_is(&r, "'carbon intensity' 1e+07 g/kWh is beyond 100000 g/kWh");
}

static void redact_is(const char *url, const char *want)
{
    char out[256];
    assert_string_equal(gt_plug_redact(url, out, sizeof out), want);
}

static void test_redact(void **state)
{
    (void)state;
    redact_is("http://192.168.1.5", "http://192.168.1.5");
    redact_is("http://admin:s3cret@plug.lan/", "http://***@plug.lan/");
    redact_is("http://admin@plug.lan", "http://***@plug.lan");
    redact_is("http://plug/cm?user=admin&password=hunter2&cmnd=Status%208",
              "http://plug/cm?user=***&password=***&cmnd=Status%208");
    redact_is("https://u:p@plug/cm?cmnd=Status&Password=x#frag",
              "https://***@plug/cm?cmnd=Status&Password=***#frag");
    redact_is("http://plug/a@b?x=1", "http://plug/a@b?x=1"); /* '@' in the path, not userinfo */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_escape),
        cmocka_unit_test(test_formula),
        cmocka_unit_test(test_record_bounds),
        cmocka_unit_test(test_redact),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
