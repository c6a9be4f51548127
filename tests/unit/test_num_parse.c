/* test_num_parse.c - gt_num_parse past Clinger's fast path (the Eisel-Lemire
 * reader in core/num.c, its w / w + 1 check for more than 19 digits and its
 * strtod fallback): exact bits for known hard inputs, then a few million
 * generated strings compared with a plain grammar check and strtod
 * (tests/fuzz/num_ref.h), status and double bit for bit. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <float.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_num.h"

#include "../fuzz/num_ref.h"

static uint64_t rng = 0x456973656c4c656dull;

static uint64_t next64(void)
{
    /* splitmix64: deterministic, every bit pattern reachable */
    uint64_t z = (rng += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static uint64_t bits_of(double v)
{
    uint64_t b;
    memcpy(&b, &v, sizeof b);
    return b;
}

static double of_bits(uint64_t b)
{
    double v;
    memcpy(&v, &b, sizeof v);
    return v;
}

static int fails; /* differences seen by check(); the first few printed */

static void check(const char *s, size_t n)
{
    if (num_ref_diff(s, n) != 0 && ++fails > 20)
        fail_msg("more than 20 differences");
}

static void check_str(const char *s)
{
    check(s, strlen(s));
}

/* Known hard inputs with the double they must give (the bits from CPython's
 * float(), an implementation independent of the C library), or -1 for
 * rejected. */
static void test_num_parse_hard_cases(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int rc;
        uint64_t bits;
    } cases[] = {
        /* 2^53 + 1 and friends: ties to even */
        {"9007199254740993", 0, 0x4340000000000000ull},
        {"9007199254740995", 0, 0x4340000000000002ull},
        {"9007199254740993.0000000000001", 0, 0x4340000000000001ull},
        {"90071992547409930e-1", 0, 0x4340000000000000ull},
        {"18014398509481985", 0, 0x4350000000000000ull},
        {"18014398509481987", 0, 0x4350000000000001ull},
        {"18014398509481986.5", 0, 0x4350000000000001ull},
        /* the 19- and 20-digit edges */
        {"9999999999999999999", 0, 0x43e158e460913d00ull},
        {"18446744073709551615", 0, 0x43f0000000000000ull},
        {"1844674407370955161.5", 0, 0x43b999999999999aull},
        /* Python reprs from CodeCarbon files */
        {"0.0043653456924309785", 0, 0x3f71e1658fc16f8eull},
        {"8.7178843055684562e-07", 0, 0x3ead409b08600e16ull},
        {"0.30000000000000004", 0, 0x3fd3333333333334ull},
        {"0.1", 0, 0x3fb999999999999aull},
        /* subnormals and the least normal */
        {"2.2250738585072011e-308", 0, 0x000fffffffffffffull},
        {"2.2250738585072012e-308", 0, 0x0010000000000000ull},
        {"2.2250738585072014e-308", 0, 0x0010000000000000ull},
        {"4.9406564584124654e-324", 0, 0x0000000000000001ull},
        {"5e-324", 0, 0x0000000000000001ull},
        {"2.4703282292062327e-324", 0, 0x0000000000000000ull},
        {"2.4703282292062328e-324", 0, 0x0000000000000001ull},
        {"-2.4703282292062327e-324", 0, 0x8000000000000000ull},
        {"1e-342", 0, 0},
        {"1e-400", 0, 0},
        {"-1e-99999", 0, 0x8000000000000000ull},
        {"1.5e-323", 0, 0x0000000000000003ull},
        /* the top */
        {"1.7976931348623157e308", 0, 0x7fefffffffffffffull},
        {"1.7976931348623158e308", 0, 0x7fefffffffffffffull},
        {"1.7976931348623159e308", -1, 0},
        {"1e308", 0, 0x7fe1ccf385ebc8a0ull},
        {"1e309", -1, 0},
        {"-9999999999999999999e290", -1, 0},
        {"123456789012345678901234567890e290", -1, 0},
        {"17976931348623158079372897140530341507993e268", 0, 0x7fefffffffffffffull},
        {"17976931348623158079372897140530341507994e268", -1, 0},
        {"0e99999", 0, 0},
        {"17976931348623157e292", 0, 0x7fefffffffffffffull},
        /* more than 19 digits: w and w + 1 agree, or strtod decides */
        {"123456789012345678901234567890", 0, 0x45f8ee90ff6c373eull},
        {"0.1000000000000000055511151231257827", 0, 0x3fb999999999999aull},
        {"2.22507385850720113605740979670913197593481954635164564e-308", 0, 0x000fffffffffffffull},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        double got = -1;
        int rc = gt_num_parse(cases[i].in, strlen(cases[i].in), &got);
        if (rc != cases[i].rc || (rc == 0 && bits_of(got) != cases[i].bits))
            print_error("gt_num_parse('%s') = %d %.17g (0x%016" PRIx64
                        "), expected %d 0x%016" PRIx64 "\n",
                        cases[i].in, rc, got, bits_of(got), cases[i].rc, cases[i].bits);
        assert_int_equal(rc, cases[i].rc);
        if (rc == 0)
            assert_true(bits_of(got) == cases[i].bits);
        else /* rejected: *out untouched */
            assert_true(bits_of(got) == bits_of(-1));
        check_str(cases[i].in);
    }
    assert_int_equal(fails, 0);
}

/* Random mantissas of 1 to 19 digits (and 20 to 25), the point anywhere,
 * exponents over the whole table and past it. */
static void test_num_parse_random_decimals(void **state)
{
    (void)state;
    char digits[32], buf[80];
    for (int k = 0; k < 1200000; k++) {
        uint64_t r = next64();
        int nd = 1 + (int)(r % 19);
        if (k % 16 == 0)
            nd = 20 + (int)(r % 6);
        for (int i = 0; i < nd; i++)
            digits[i] = (char)('0' + next64() % 10);
        if (digits[0] == '0')
            digits[0] = '1';
        r = next64();
        int point = (int)(r % (unsigned)(nd + 1)); /* digits before the point */
        int e = (int)((r >> 8) % 700) - 360;
        size_t n = 0;
        if (r >> 63)
            buf[n++] = '-';
        if (point == 0) {
            buf[n++] = '0';
            buf[n++] = '.';
            int zeros = (int)((r >> 20) % 4);
            for (int i = 0; i < zeros; i++)
                buf[n++] = '0';
            memcpy(buf + n, digits, (size_t)nd);
            n += (size_t)nd;
        } else {
            memcpy(buf + n, digits, (size_t)point);
            n += (size_t)point;
            if (point < nd) {
                buf[n++] = '.';
                memcpy(buf + n, digits + point, (size_t)(nd - point));
                n += (size_t)(nd - point);
            }
        }
        if ((r >> 30) % 8) /* mostly with an exponent */
            n += (size_t)snprintf(buf + n, sizeof buf - n, "e%d", e);
        check(buf, n);
    }
    assert_int_equal(fails, 0);
}

/* What CodeCarbon and other Python writers print: repr, 17 significant
 * digits ("%.17g"), and shortest round-trip strings, of random doubles
 * (random bit patterns: every exponent, subnormals included) and of
 * doubles of the size emissions data has. */
static void test_num_parse_reprs(void **state)
{
    (void)state;
    char buf[64];
    for (int k = 0; k < 500000; k++) {
        uint64_t r = next64();
        double v;
        if (k % 2)
            v = of_bits(r);
        else /* 1e-9 .. 1e4, as energies, rates and powers are */
            v = (double)(r >> 11) / 9007199254740992.0 * pow(10, (int)(r % 14) - 9);
        if (!isfinite(v))
            continue;
        int n = snprintf(buf, sizeof buf, "%.17g", v);
        check(buf, (size_t)n);
        double back;
        assert_int_equal(gt_num_parse(buf, (size_t)n, &back), 0);
        assert_true(bits_of(back) == bits_of(v)); /* 17 digits read back exactly */
        n = snprintf(buf, sizeof buf, "%.16g", v);
        check(buf, (size_t)n);
        gt_num_fmt(v, buf, sizeof buf);
        check_str(buf);
        /* subnormals */
        v = of_bits(r & 0x800fffffffffffffull);
        n = snprintf(buf, sizeof buf, "%.17g", v);
        check(buf, (size_t)n);
    }
    assert_int_equal(fails, 0);
}

/* Exactly halfway between two doubles, and one unit of the last digit
 * either side: integers n x 2^j + 2^(j-1) written whole or with an exponent,
 * and dyadic midpoints n x 2^-k (n odd, 54 bits) written as n x 5^k
 * x 10^-k, the only halfway decimals below 2^53 with at most 20 digits. */
static void test_num_parse_halfway(void **state)
{
    (void)state;
    char buf[80];
    for (int k = 0; k < 150000; k++) {
        uint64_t r = next64();
        uint64_t n = (r >> 10) | 1ull << 53 | 1; /* odd, 54 bits */
        int j = (int)(r % 11);                   /* n x 2^j < 2^64 */
        uint64_t mid = n << j;
        for (int d = -1; d <= 1; d++) {
            int nd = snprintf(buf, sizeof buf, "%" PRIu64, mid + (uint64_t)d);
            check(buf, (size_t)nd);
            /* the same value with the point moved and an exponent */
            int len = snprintf(buf, sizeof buf, "%" PRIu64 "000e-3", mid + (uint64_t)d);
            check(buf, (size_t)len);
            len = snprintf(buf, sizeof buf, "0.%" PRIu64 "e%d", mid + (uint64_t)d, nd);
            check(buf, (size_t)len);
        }
        int p = (int)((r >> 4) % 5); /* n x 5^p < 2^64 for p <= 4 */
        uint64_t w = n;
        for (int i = 0; i < p; i++)
            w *= 5;
        for (int d = -1; d <= 1; d++) {
            int len = snprintf(buf, sizeof buf, "%" PRIu64 "e-%d", w + (uint64_t)d, p);
            check(buf, (size_t)len);
        }
        /* near the midpoint of two doubles (subnormal, least normals, any):
         * long double holds it exactly where it is wider than double */
        uint64_t b = k % 2 ? r & 0x001fffffffffffffull : r & 0x7fefffffffffffffull;
        long double lo = of_bits(b), mid2 = (lo + (long double)nextafter(of_bits(b), INFINITY)) / 2;
        int len = snprintf(buf, sizeof buf, "%.*Le", 16 + (int)(r % 24), mid2);
        check(buf, (size_t)len);
    }
    assert_int_equal(fails, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_num_parse_hard_cases),
        cmocka_unit_test(test_num_parse_random_decimals),
        cmocka_unit_test(test_num_parse_reprs),
        cmocka_unit_test(test_num_parse_halfway),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
