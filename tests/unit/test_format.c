/* test_format.c - gt_format_energy / gt_format_mass / gt_format_sig (core/format.c). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_format.h"

struct fmt_case {
    double v;
    const char *want;
};

/* ---- energy (input in kWh) ----------------------------------------------
 * The unit is the largest one in which the value, shown with two decimals, is
 * at least "1.00": so 0.995 kWh and above print as kWh ("1.00 kWh") and
 * 0.9949 kWh as "994.90 Wh"; a value never prints as "1000.00". */

static const struct fmt_case energy_cases[] = {
    {0.26444633, "264.45 Wh"}, /* GreenAlgorithms4HPC example */
    {2.1310848, "2.13 kWh"},   /* Green Algorithms calculator default */
    {0, "0 Wh"},
    {1500, "1.50 MWh"},
    {0.0009995, "1.00 Wh"}, /* 0.9995 Wh rounds to 1.00 in Wh, not 999.50 mWh */
    {0.0009951, "1.00 Wh"},
    {0.0009949, "994.90 mWh"}, /* would round to 0.99 Wh: stays in mWh */
    {0.000994, "994.00 mWh"},
    {999.999, "1.00 MWh"}, /* rounding carries to the next unit */
    {0.9951, "1.00 kWh"},
    {0.9949, "994.90 Wh"},
    {994.5, "994.50 kWh"},
    {999.99, "1.00 MWh"}, /* 0.99999 MWh shows as 1.00 MWh, see below */
    {1, "1.00 kWh"},
    {0.001, "1.00 Wh"},
    {5e-6, "5.00 mWh"},
    {1e-7, "0.100 mWh"}, /* below 1 mWh: three significant digits */
    {1.234e-8, "0.0123 mWh"},
    {2e6, "2.00 GWh"},
    {5e9, "5000.00 GWh"}, /* no unit above GWh */
    {-2.1310848, "-2.13 kWh"},
    {-0.26444633, "-264.45 Wh"},
    {NAN, "nan Wh"},
    {INFINITY, "inf Wh"},
    {-INFINITY, "-inf Wh"},
};

static void test_energy(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof energy_cases / sizeof energy_cases[0]; i++) {
        char buf[64];
        memset(buf, 'Z', sizeof buf);
        const char *r = gt_format_energy(energy_cases[i].v, buf, sizeof buf);
        assert_ptr_equal(r, buf);
        assert_string_equal(buf, energy_cases[i].want);
    }
}

/* ---- mass (input in g) -------------------------------------------------- */

static const struct fmt_case mass_cases[] =
    {
        {61.11884, "61.12 g"},   {2.5e6, "2.50 t"}, /* metric tonnes (Green Algorithms would print
                                                       2500 "T") */
        {0.5, "500.00 mg"},      {1012.26528, "1.01 kg"}, {0, "0 g"},
        {1, "1.00 g"},           {999.999, "1.00 kg"},    {994000, "994.00 kg"},
        {995001, "1.00 t"}, /* the larger unit wins once its value shows as 1.00 */
        {999996, "1.00 t"},      {2.5e9, "2.50 kt"},      {3e12, "3000.00 kt"},
        {1e-4, "0.100 mg"},      {5e-8, "5.00e-05 mg"}, /* tiny values: exponent form */
        {-61.11884, "-61.12 g"}, {-2.5e6, "-2.50 t"},     {NAN, "nan g"},
        {-INFINITY, "-inf g"},
};

static void test_mass(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof mass_cases / sizeof mass_cases[0]; i++) {
        char buf[64];
        memset(buf, 'Z', sizeof buf);
        const char *r = gt_format_mass(mass_cases[i].v, buf, sizeof buf);
        assert_ptr_equal(r, buf);
        assert_string_equal(buf, mass_cases[i].want);
    }
}

static void test_small_buffers(void **state)
{
    (void)state;
    char buf[5];
    memset(buf, 'Z', sizeof buf);
    gt_format_energy(0.26444633, buf, sizeof buf);
    assert_string_equal(buf, "264.");
    memset(buf, 'Z', sizeof buf);
    gt_format_mass(2.5e6, buf, sizeof buf);
    assert_string_equal(buf, "2.50");
    memset(buf, 'Z', sizeof buf);
    gt_format_sig(-1.23456, 4, buf, sizeof buf);
    assert_string_equal(buf, "-1.2");
}

/* ---- significant digits ------------------------------------------------- */

struct sig_case {
    double v;
    int sig;
    const char *want;
};

static const struct sig_case sig_cases[] = {
    {999.96, 4, "1000"}, /* rounding carries into the next magnitude */
    {999.94, 4, "999.9"},
    {999.96, 3, "1000"},
    {99.9995, 4, "100.0"},
    {9.96, 2, "10"},
    {0.00999, 2, "0.010"},
    {1.23456, 3, "1.23"},
    {-1.23456, 3, "-1.23"},
    {-999.96, 4, "-1000"},
    {-0.5, 2, "-0.50"},
    {12.5, 5, "12.500"}, /* trailing zeros kept */
    {0.1, 3, "0.100"},
    {1, 1, "1"},
    {123456, 3, "123456"}, /* never an exponent for >= 1 and < 1e15 */
    {1e-4, 3, "0.000100"},
    {1e-5, 3, "1.00e-05"}, /* below 1e-4: exponent form */
    {-1e-5, 2, "-1.0e-05"},
    {1.5e15, 3, "1.50e+15"},
    {0, 3, "0"},
    {NAN, 3, "nan"},
    {INFINITY, 3, "inf"},
    {-INFINITY, 3, "-inf"},
    /* values at which a rounded division picked the wrong magnitude */
    {99.999499999999998, 5, "99.999"},
    {9.9995, 4, "9.999"}, /* 9.9995 is 9.99949999... in binary */
};

static void test_sig(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof sig_cases / sizeof sig_cases[0]; i++) {
        char buf[64];
        memset(buf, 'Z', sizeof buf);
        const char *r = gt_format_sig(sig_cases[i].v, sig_cases[i].sig, buf, sizeof buf);
        assert_ptr_equal(r, buf);
        if (strcmp(buf, sig_cases[i].want) != 0)
            print_error("gt_format_sig(%.17g, %d)\n", sig_cases[i].v, sig_cases[i].sig);
        assert_string_equal(buf, sig_cases[i].want);
    }
}

/* Positional output must carry exactly `sig` significant digits, the way
 * printf's %e rounds: check a grid of values against that. */
static void test_sig_digits_match_printf(void **state)
{
    (void)state;
    for (int sig = 1; sig <= 6; sig++) {
        for (long m = 1; m <= 200000; m += 7) {
            for (int e = -4; e <= 3; e++) {
                double v = (double)m * pow(10, e - 5);
                if (v < 1e-4)
                    continue;
                char e_form[64], want[64], got[64];
                snprintf(e_form, sizeof e_form, "%.*e", sig - 1, v);
                int exp10 = (int)strtol(strchr(e_form, 'e') + 1, NULL, 10);
                int dec = sig - 1 - exp10 > 0 ? sig - 1 - exp10 : 0;
                snprintf(want, sizeof want, "%.*f", dec, v);
                gt_format_sig(v, sig, got, sizeof got);
                if (strcmp(got, want) != 0)
                    print_error("gt_format_sig(%.17g, %d)\n", v, sig);
                assert_string_equal(got, want);
            }
        }
    }
}

static void test_utf8(void **state)
{
    (void)state;
    static const struct {
        const char *in, *want;
        int valid;
    } c[] = {
        {"plain", "plain", 1},
        {"caf\xc3\xa9", "caf\xc3\xa9", 1},
        {"caf\xe9-r\xe9seau", "caf\xc3\xa9-r\xc3\xa9seau", 0},
        {"\xc0\xaf", "\xc3\x80\xc2\xaf", 0},                         /* overlong '/' */
        {"\xed\xa0\x80", "\xc3\xad\xc2\xa0\xc2\x80", 0},             /* a surrogate */
        {"\xf0\x9f\x8c\x8d", "\xf0\x9f\x8c\x8d", 1},                 /* U+1F30D */
        {"\xf4\x90\x80\x80", "\xc3\xb4\xc2\x90\xc2\x80\xc2\x80", 0}, /* > U+10FFFF */
        {"end\xe2\x82", "end\xc3\xa2\xc2\x82", 0},                   /* cut sequence */
    };
    for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
        assert_int_equal(gt_utf8_valid(c[i].in), c[i].valid);
        char *u = gt_utf8_from_mixed(c[i].in);
        assert_string_equal(u, c[i].want);
        assert_int_equal(gt_utf8_valid(u), 1);
        free(u);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_utf8), cmocka_unit_test(test_energy),
        cmocka_unit_test(test_mass), cmocka_unit_test(test_small_buffers),
        cmocka_unit_test(test_sig),  cmocka_unit_test(test_sig_digits_match_printf),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
