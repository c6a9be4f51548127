/* gt_svg: HTML escaping and the inline SVG charts other writers reuse
 * (bars, columns, scatter with a marked front and error bars). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gt_palette.h"
#include "gt_svg.h"

/* what f wrote, malloc'ed */
static char *drain(FILE *f)
{
    long n = ftell(f);
    rewind(f);
    char *s = calloc((size_t)n + 1, 1);
    assert_non_null(s);
    assert_int_equal(fread(s, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    return s;
}

static size_t count(const char *s, const char *needle)
{
    size_t n = 0;
    for (const char *p = strstr(s, needle); p; p = strstr(p + 1, needle))
        n++;
    return n;
}

static void test_esc(void **state)
{
    (void)state;
    FILE *f = tmpfile();
    gt_html_esc(f, "<a href=\"x\">it's & \x01\tcaf\xe9 \xc3\xa9</a>");
    gt_html_esc(f, NULL);
    char *s = drain(f);
    assert_string_equal(
        s, "&lt;a href=&quot;x&quot;&gt;it&#39;s &amp; \tcaf\xc3\xa9 \xc3\xa9&lt;/a&gt;");
    free(s);
}

static void test_color(void **state)
{
    (void)state;
    char b[8];
    assert_string_equal(gt_svg_color(GT_PAL_CPU, b, sizeof b), "#4E79A7");
}

static void test_bars(void **state)
{
    (void)state;
    const char *labels[3] = {"a<b", "bb", "a very long label that goes on and on and on"};
    double v[6] = {1, 2, 3, NAN, 0.5, 0.5};
    double lo[3] = {2, 2, 0.5}, hi[3] = {4, 3.5, 1.5};
    struct gt_svg_series s[2] = {{"CPU", GT_PAL_CPU}, {"GPU", GT_PAL_GPU}};
    struct gt_svg_bars c = {.id = "t",
                            .title = "T & t",
                            .desc = "three bars",
                            .axis = "energy (kWh)",
                            .n = 3,
                            .labels = labels,
                            .nseries = 2,
                            .series = s,
                            .v = v,
                            .lo = lo,
                            .hi = hi};
    FILE *f = tmpfile();
    assert_int_equal(gt_svg_bars(f, &c), 0);
    char *out = drain(f);
    assert_int_equal(count(out, "<g class=\"bar\">"), 3);
    assert_int_equal(count(out, "class=\"range\""), 3);
    /* a NAN segment draws nothing: 2 + 1 + 2 rects */
    assert_int_equal(count(out, "<rect "), 5);
    assert_non_null(strstr(out, "<title>a&lt;b: 3 energy (kWh)</title>"));
    assert_non_null(strstr(out, "<title id=\"t-t\">T &amp; t</title>"));
    assert_non_null(strstr(out, "aria-labelledby=\"t-t t-d\""));
    /* a long label is cut with an ellipsis; its tooltip has it whole */
    assert_non_null(strstr(out, ">a very long label that goes\xE2\x80\xA6</text>"));
    assert_non_null(strstr(out, "<title>a very long label that goes on and on and on: 1 energy"));
    /* axis 0..4 (the ranges reach 4) */
    assert_non_null(strstr(out, ">4</text>"));
    assert_null(strstr(out, ">5</text>"));
    assert_non_null(
        strstr(out, "<li><span class=\"sw\" style=\"background:#F28E2B\"></span>GPU</li>"));
    free(out);
    c.n = 0;
    f = tmpfile();
    assert_int_equal(gt_svg_bars(f, &c), -1);
    fclose(f);
}

static void test_columns(void **state)
{
    (void)state;
    const char *labels[4] = {"2024-01", "2024-02", "2024-03", "2024-04"};
    const char *ticks[4] = {"2024-01", "", "2024-03", ""};
    double v[4] = {1, 0, 2, 4};
    struct gt_svg_series s[1] = {{"CO2e", GT_PAL_MONTH}};
    struct gt_svg_bars c = {.id = "m",
                            .title = "by month",
                            .desc = "d",
                            .axis = "CO2e (g)",
                            .n = 4,
                            .labels = labels,
                            .nseries = 1,
                            .series = s,
                            .v = v,
                            .columns = 1,
                            .ticks = ticks};
    FILE *f = tmpfile();
    assert_int_equal(gt_svg_bars(f, &c), 0);
    char *out = drain(f);
    assert_int_equal(count(out, "<g class=\"bar\">"), 4);
    /* 3 visible columns and 4 hover targets */
    assert_int_equal(count(out, "fill=\"#4E79A7\""), 3);
    assert_int_equal(count(out, "fill=\"transparent\""), 4);
    assert_int_equal(count(out, ">2024-03</text>"), 1);
    assert_null(strstr(out, ">2024-02</text>"));
    assert_null(strstr(out, "class=\"legend\"")); /* one series: no legend */
    free(out);
}

static void test_scatter(void **state)
{
    (void)state;
    double x[4] = {10, 20, 30, NAN}, y[4] = {0.9, 0.95, 0.91, 1};
    double ylo[4] = {0.88, 0.94, 0.9, 0}, yhi[4] = {0.92, 0.96, 0.92, 0};
    int mark[4] = {1, 1, 0, 1};
    const char *labels[4] = {"run <1>", "run 2", "run 3", "no energy"};
    struct gt_svg_scatter c = {.id = "s",
                               .title = "energy vs accuracy",
                               .desc = "d",
                               .xaxis = "energy (kWh)",
                               .yaxis = "accuracy",
                               .n = 4,
                               .x = x,
                               .y = y,
                               .ylo = ylo,
                               .yhi = yhi,
                               .labels = labels,
                               .mark = mark,
                               .mark_name = "Pareto front"};
    FILE *f = tmpfile();
    assert_int_equal(gt_svg_scatter(f, &c), 0);
    char *out = drain(f);
    assert_int_equal(count(out, "<g class=\"point\">"), 3); /* the NAN point is left out */
    assert_int_equal(count(out, "class=\"range\""), 3);
    assert_int_equal(count(out, "<polyline class=\"front\""), 1);
    assert_non_null(strstr(out, "<title>run &lt;1&gt;: 10, 0.9</title>"));
    assert_non_null(strstr(out, ">Pareto front</li>"));
    /* x axis 10..30 in steps of 5, y from 0.88 to 0.96 */
    assert_non_null(strstr(out, ">30</text>"));
    assert_non_null(strstr(out, ">0.88</text>"));
    free(out);
    double nx[1] = {NAN}, ny[1] = {NAN};
    struct gt_svg_scatter e = {.id = "e", .title = "t", .desc = "d", .n = 1, .x = nx, .y = ny};
    f = tmpfile();
    assert_int_equal(gt_svg_scatter(f, &e), -1);
    fclose(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_esc),     cmocka_unit_test(test_color),   cmocka_unit_test(test_bars),
        cmocka_unit_test(test_columns), cmocka_unit_test(test_scatter),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
