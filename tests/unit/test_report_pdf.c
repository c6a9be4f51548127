/* test_report_pdf.c - the arithmetic of the PDF report (reports/pdf_text.c):
 * CP1252 conversion, widths with CO2 subscripts, ellipsizing, wrapping,
 * ticks, units, month labels, pagination; and the writer on an estimate
 * and on a stream that fails. Widths are Helvetica's AFM widths (per 1000
 * em): a=556 b=556 c=500 e=556 h=556 o=556 q=556 u=556 n=556 w=722 i=222
 * k=500 r=333 t=278 f=278 x=500 space=278 C=722 O=778 2=556 ellipsis=1000. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_pdf.h"
#include "gt_report.h"

#include "hwdb_fixture.h"

static HPDF_Doc doc;
static HPDF_Font helv;

static void on_err(HPDF_STATUS st, HPDF_STATUS detail, void *u)
{
    (void)u;
    fail_msg("libharu error 0x%04X (%u)", (unsigned)st, (unsigned)detail);
}

static int setup_all(void **state)
{
    struct gt_error err = {0};
    if (gt_hpdf_load(&err) != GT_OK)
        fail_msg("%s", err.msg);
    doc = gt_hpdf.New(on_err, NULL);
    helv = gt_hpdf.GetFont(doc, "Helvetica", "WinAnsiEncoding");
    return setup(state);
}

static int teardown_all(void **state)
{
    gt_hpdf.Free(doc);
    return teardown(state);
}

static void test_cp1252(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
    } cases[] = {
        {"plain", "plain"},
        {"caf\xc3\xa9", "caf\xe9"},                               /* UTF-8 é */
        {"caf\xe9", "caf\xe9"},                                   /* Latin-1 é */
        {"\xe2\x82\xac 5 \xe2\x80\x93 \xe2\x80\x9cx\xe2\x80\x9d", /* € – “x” */
         "\x80 5 \x96 \x93x\x94"},
        {"\xe6\x97\xa5\xe6\x9c\xac", "??"}, /* 日本: not in CP1252 */
        {"CO\xe2\x82\x82", "CO2"},          /* CO₂ */
        {"a\tb\nc\rd", "a b\nc d"},         /* controls, newline kept */
        {"x\x85y", "x?y"},                  /* a C1 byte read as Latin-1 */
        {"\xf0\x9f\x98\x80!", "?!"},        /* emoji */
        {"\xed\xa0\x80", "\xed\xa0?"},      /* a surrogate: Latin-1 bytes, 0x80 a C1 control */
        {"\xc3\xa9t\xc3\xa9 \xc3\x85", "\xe9t\xe9 \xc5"},
    };
    char buf[64];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        size_t n = gt_pdf_cp1252(cases[i].in, buf, sizeof buf);
        assert_string_equal(buf, cases[i].want);
        assert_int_equal(n, strlen(cases[i].want));
    }
    /* a full buffer stops at a character boundary */
    assert_int_equal(gt_pdf_cp1252("\xc3\xa9\xc3\xa9\xc3\xa9", buf, 3), 2);
    assert_string_equal(buf, "\xe9\xe9");
}

static void test_width(void **state)
{
    (void)state;
    /* (722 + 778 + 556 + 556) x 10 / 1000 */
    assert_true(fabs(gt_pdf_width(helv, 10, "CO2e", 4, 0) - 26.12) < 1e-9);
    /* 722 + 778 and 556 at 10 pt, the 2 at 7 pt: 15.00 + 3.892 + 5.56 */
    assert_true(fabs(gt_pdf_width(helv, 10, "CO2e", 4, 1) - 24.452) < 1e-9);
    /* CO25: a number, not CO2 */
    assert_true(fabs(gt_pdf_width(helv, 10, "CO25", 4, 1) - 26.12) < 1e-9);
    assert_true(gt_pdf_width(helv, 10, "", 0, 1) == 0);
}

static void test_fit(void **state)
{
    (void)state;
    char out[32];
    /* "ab" is 11.12 pt: fits */
    assert_int_equal(gt_pdf_fit(helv, 10, "ab", 20, 0, out, sizeof out), 0);
    assert_string_equal(out, "ab");
    /* "abc" 16.12 + ellipsis 10 = 26.12 <= 27; "abcd" 21.68 + 10 > 27 */
    assert_int_equal(gt_pdf_fit(helv, 10, "abcdefgh", 27, 0, out, sizeof out), 1);
    assert_string_equal(out, "abc\x85");
    /* "ab cd" is 24.46 pt; "ab " + ellipsis 23.9: its space is dropped */
    assert_int_equal(gt_pdf_fit(helv, 10, "ab cd", 24, 0, out, sizeof out), 1);
    assert_string_equal(out, "ab\x85");
    /* nothing fits but the ellipsis */
    assert_int_equal(gt_pdf_fit(helv, 10, "abc", 5, 0, out, sizeof out), 1);
    assert_string_equal(out, "\x85");
    /* the buffer bounds the copy */
    assert_int_equal(gt_pdf_fit(helv, 10, "abcdefgh", 1000, 0, out, 5), 1);
    assert_string_equal(out, "abc\x85");
}

static void test_wrap(void **state)
{
    (void)state;
    struct gt_pdf_line l[8];
    /* "the quick" 40.02 pt, "the quick brown" 70.03 pt, "brown fox" 43.35 pt */
    assert_int_equal(gt_pdf_wrap(helv, 10, "the quick brown fox", 50, 0, l, 8), 2);
    assert_int_equal(l[0].off, 0);
    assert_int_equal(l[0].len, 9);
    assert_int_equal(l[1].off, 10);
    assert_int_equal(l[1].len, 9);
    /* newlines break */
    assert_int_equal(gt_pdf_wrap(helv, 10, "a\nb", 500, 0, l, 8), 2);
    assert_int_equal(l[1].off, 2);
    assert_int_equal(l[1].len, 1);
    /* a word without a break point: 3 x 5.56 pt per 20 pt line */
    assert_int_equal(gt_pdf_wrap(helv, 10, "aaaaaaaaaa", 20, 0, l, 8), 4);
    assert_int_equal(l[0].len, 3);
    assert_int_equal(l[3].off, 9);
    assert_int_equal(l[3].len, 1);
    /* a path breaks after its last '/' that fits: "aa/aa/" is 27.8 pt */
    assert_int_equal(gt_pdf_wrap(helv, 10, "aa/aa/aaaa", 30, 0, l, 8), 2);
    assert_int_equal(l[0].len, 6);
    assert_int_equal(l[1].off, 6);
    assert_int_equal(l[1].len, 4);
    /* only the count when cap is 0 */
    assert_int_equal(gt_pdf_wrap(helv, 10, "the quick brown fox", 50, 0, NULL, 0), 2);
    assert_int_equal(gt_pdf_wrap(helv, 10, "", 50, 0, l, 8), 1);
    assert_int_equal(l[0].len, 0);
}

static void test_ticks(void **state)
{
    (void)state;
    static const struct {
        double max;
        int most;
        double step, axis;
        int dec;
    } c[] = {
        {4.437, 6, 1, 5, 0},          {1.76, 5, 0.5, 2, 1},         {0.9, 5, 0.2, 1, 1},
        {12, 5, 2.5, 12.5, 1},        {250, 5, 50, 250, 0},         {0, 5, 1, 1, 0},
        {0.0042, 5, 0.001, 0.005, 3}, {3394.774, 5, 1000, 4000, 0},
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        double step, axis;
        int dec = gt_pdf_ticks(c[i].max, c[i].most, &step, &axis);
        assert_true(fabs(step - c[i].step) < 1e-12);
        assert_true(fabs(axis - c[i].axis) < 1e-12);
        assert_int_equal(dec, c[i].dec);
    }
}

static void test_units(void **state)
{
    (void)state;
    double s;
    assert_string_equal(gt_pdf_energy_unit(0.5, &s), "Wh");
    assert_true(s == 1e3);
    assert_string_equal(gt_pdf_energy_unit(4.4, &s), "kWh");
    assert_true(s == 1);
    assert_string_equal(gt_pdf_energy_unit(2500, &s), "MWh");
    assert_true(s == 1e-3);
    assert_string_equal(gt_pdf_energy_unit(0.0005, &s), "mWh");
    assert_string_equal(gt_pdf_energy_unit(2e6, &s), "GWh");
    assert_string_equal(gt_pdf_mass_unit(1690, &s), "kg");
    assert_true(s == 1e-3);
    assert_string_equal(gt_pdf_mass_unit(3e6, &s), "t");
    assert_string_equal(gt_pdf_mass_unit(999, &s), "g");
    assert_string_equal(gt_pdf_mass_unit(0.5, &s), "mg");
}

static void test_month_step(void **state)
{
    (void)state;
    assert_int_equal(gt_pdf_month_step(40, 32), 1);
    assert_int_equal(gt_pdf_month_step(16, 32), 2);
    assert_int_equal(gt_pdf_month_step(6.3, 32), 6); /* 4 x 6.3 = 25.2 < 32 */
    assert_int_equal(gt_pdf_month_step(3, 32), 12);
    assert_int_equal(gt_pdf_month_step(1, 32), 36); /* ceil(32 / 12) years */
    assert_int_equal(gt_pdf_month_step(0, 32), 12);
}

static void test_pagination(void **state)
{
    (void)state;
    assert_int_equal(gt_pdf_rows_fit(100, 14, 11), 7); /* 86 / 11 */
    assert_int_equal(gt_pdf_rows_fit(25, 14, 11), 1);
    assert_int_equal(gt_pdf_rows_fit(24.9, 14, 11), 0);
    assert_int_equal(gt_pdf_rows_fit(14 + 77, 14, 11), 7); /* exactly 7 rows */

    assert_int_equal(gt_pdf_rows_on_page(5, 7), 5);
    assert_int_equal(gt_pdf_rows_on_page(7, 7), 7);
    assert_int_equal(gt_pdf_rows_on_page(8, 7), 6); /* the totals row keeps a row */
    assert_int_equal(gt_pdf_rows_on_page(20, 7), 7);
    assert_int_equal(gt_pdf_rows_on_page(2, 1), 1);

    /* first page 26 rows ((300 - 14) / 11), then 62 ((700 - 14) / 11) */
    assert_int_equal(gt_pdf_table_pages(43, 300, 700, 14, 11), 2);
    assert_int_equal(gt_pdf_table_pages(25, 300, 700, 14, 11), 1); /* 25 + totals */
    assert_int_equal(gt_pdf_table_pages(26, 300, 700, 14, 11), 2); /* 25 | 1 + totals */
    assert_int_equal(gt_pdf_table_pages(0, 300, 700, 14, 11), 1);
    assert_int_equal(gt_pdf_table_pages(43, 10, 700, 14, 11), 1); /* starts on page 2 */
    /* 1000 groups: 26, then 62 a page: 974 = 15 x 62 + 44, plus the totals */
    assert_int_equal(gt_pdf_table_pages(1000, 300, 700, 14, 11), 17);
}

/* ---- the writer ----------------------------------------------------------------- */

static size_t count(const char *hay, size_t n, const char *needle)
{
    size_t c = 0, k = strlen(needle);
    for (size_t i = 0; i + k <= n; i++)
        if (!memcmp(hay + i, needle, k))
            c++;
    return c;
}

static void estimate_report(struct gt_estimate_report *e)
{
    memset(e, 0, sizeof *e);
    e->tool_version = "0.0-test";
    gt_estimate_input_init(&e->in);
    e->in.runtime_h = 12;
    e->runtime_s = 12 * 3600;
    e->in.n_cores = 16;
    e->in.cpu_tdp_per_core_w = 7.5;
    e->in.memory_gb = 64;
    e->in.memory_power_w_per_gb = 0.3725;
    e->in.pue = 1.56;
    e->in.ci_g_per_kwh = 475;
    struct gt_error err = {0};
    assert_int_equal(gt_estimate_compute(&e->in, &e->res, &err), GT_OK);
    e->cpu_query = "Xeon E5-2683 v4";
    snprintf(e->cpu_tdp.what, sizeof e->cpu_tdp.what, "Xeon E5-2683 v4 (16 cores, 120 W)");
    snprintf(e->cpu_tdp.source, sizeof e->cpu_tdp.source, "hwdb/data/cpus.csv:12");
    snprintf(e->memory_power.what, sizeof e->memory_power.what, "0.3725 W/GB");
    snprintf(e->ci.what, sizeof e->ci.what, "WORLD, 475 gCO2e/kWh");
    snprintf(e->pue.what, sizeof e->pue.what, "1.56");
    snprintf(e->psf.what, sizeof e->psf.what, "1");
    e->platform = "local";
}

/* An estimate: 3 pages (page 1 with its inputs, the method, the accounting),
 * the dates pinned, no /ID. */
static void test_write_estimate(void **state)
{
    (void)state;
    struct gt_agg_opts o;
    memset(&o, 0, sizeof o);
    struct gt_agg *a = gt_agg_new(&o);
    struct gt_estimate_report e;
    estimate_report(&e);
    struct gt_record rec; /* the one run of the estimate */
    gt_record_init(&rec);
    rec.file = "estimate";
    rec.format = "greentally-estimate";
    rec.tool = GT_TOOL_GREENTALLY;
    rec.duration_s = e.runtime_s;
    rec.energy_kwh = e.res.e_kwh;
    rec.cpu_kwh = e.res.e_cpu_kwh;
    rec.gpu_kwh = e.res.e_gpu_kwh;
    rec.ram_kwh = e.res.e_mem_kwh;
    rec.co2e_g = e.res.c_g;
    assert_int_equal(gt_agg_add(a, &rec), GT_OK);
    struct gt_agg_result *res = NULL;
    assert_int_equal(gt_agg_finish(a, &res), GT_OK);
    struct gt_report r;
    memset(&r, 0, sizeof r);
    r.sum.res = res;
    r.sum.tool_version = "0.0-test";
    r.generated = 1700000000;
    r.estimate = &e;
    struct gt_error err = {0};
    assert_int_equal(gt_report_build(&r, &db, &err), GT_OK);
    char *buf = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&buf, &n);
    assert_int_equal(gt_report_write_pdf(f, &r, &err), 0);
    fclose(f);
    assert_true(n > 1000);
    assert_memory_equal(buf, "%PDF-1.3", 8);
    /* sections flow; no accounting; the method with the uncertainty factors */
    assert_int_equal(count(buf, n, "/Count 3"), 1);
    assert_int_equal(count(buf, n, "/CreationDate (D:20231114221320Z"), 1);
    assert_int_equal(count(buf, n, "/ModDate (D:20231114221320Z"), 1);
    assert_int_equal(count(buf, n, "/ID"), 0);
    const char *keep = getenv("GT_PDF_KEEP"); /* to look at it */
    if (keep) {
        FILE *k = fopen(keep, "wb");
        if (k) {
            fwrite(buf, 1, n, k);
            fclose(k);
        }
    }
    free(buf);

    /* a full disk is a write error that names the cause */
    f = fopen("/dev/full", "wb");
    if (f) {
        setvbuf(f, NULL, _IONBF, 0);
        assert_int_equal(gt_report_write_pdf(f, &r, &err), -1);
        assert_int_equal(err.code, GT_E_IO);
        assert_string_equal(err.msg, "No space left on device");
        fclose(f);
    }
    gt_report_release(&r);
    gt_agg_result_free(res);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cp1252),
        cmocka_unit_test(test_width),
        cmocka_unit_test(test_fit),
        cmocka_unit_test(test_wrap),
        cmocka_unit_test(test_ticks),
        cmocka_unit_test(test_units),
        cmocka_unit_test(test_month_step),
        cmocka_unit_test(test_pagination),
        cmocka_unit_test(test_write_estimate),
    };
    return cmocka_run_group_tests(tests, setup_all, teardown_all);
}
