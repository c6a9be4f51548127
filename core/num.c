#include "gt_text.h"
#include "gt_num.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Exact powers of ten up to 1e22 (all representable in a double). */
static const double pow10_exact[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

static int blank(char c) /* gt_is_blank, inlined */
{
    return (unsigned char)c <= ' ' && (c == ' ' || c == '\t' || c == '\r' || c == '\n');
}

static int digit(char c)
{
    return (unsigned char)(c - '0') < 10;
}

/* 1 and their value in *v when the 8 bytes at p are all decimal digits
 * (SWAR, as in Lemire's fast_float; little-endian only, else 0 and the
 * caller reads them one by one). */
static int eight_digits(const char *p, uint64_t *v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t x;
    memcpy(&x, p, 8);
    if ((((x & 0xF0F0F0F0F0F0F0F0u) | (((x + 0x0606060606060606u) & 0xF0F0F0F0F0F0F0F0u) >> 4)) !=
         0x3333333333333333u))
        return 0;
    const uint64_t mask = 0x000000FF000000FFu;
    const uint64_t mul1 = 0x000F424000000064u; /* 100 + (1000000 << 32) */
    const uint64_t mul2 = 0x0000271000000001u; /* 1 + (10000 << 32) */
    x -= 0x3030303030303030u;
    x = (x * 10) + (x >> 8); /* pairs of digits */
    *v = (((x & mask) * mul1) + (((x >> 16) & mask) * mul2)) >> 32;
    return 1;
#else
    (void)p;
    (void)v;
    return 0;
#endif
}

/* Any decimal: the grammar checked here (strtod would take hex, inf, nan),
 * the value by Clinger's fast path when it applies, else by strtod. */
static int parse_general(const char *s, size_t len, double *out)
{
    size_t i = 0, digits = 0;
    /* validate the grammar ourselves (strtod accepts hex, inf, nan) and
     * gather the decimal mantissa for the fast path */
    int neg = 0;
    if (s[i] == '+' || s[i] == '-')
        neg = s[i++] == '-';
    uint64_t mant = 0;
    int sig = 0;    /* significant digits in mant */
    long exp10 = 0; /* value = mant x 10^exp10 */
    int exact = 1;  /* mant holds every significant digit */
    while (i < len && s[i] >= '0' && s[i] <= '9') {
        if (mant || s[i] != '0') {
            if (sig < 19) {
                mant = mant * 10 + (uint64_t)(s[i] - '0');
                sig++;
            } else {
                exp10++;
                exact &= s[i] == '0';
            }
        }
        i++;
        digits++;
    }
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            if (mant || s[i] != '0') {
                if (sig < 19) {
                    mant = mant * 10 + (uint64_t)(s[i] - '0');
                    sig++;
                    exp10--;
                } else
                    exact &= s[i] == '0';
            } else
                exp10--;
            i++;
            digits++;
        }
    }
    if (!digits)
        return -1;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        int eneg = 0;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            eneg = s[i++] == '-';
        size_t ed = 0;
        long e = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            if (e < 100000)
                e = e * 10 + (s[i] - '0');
            i++;
            ed++;
        }
        if (!ed)
            return -1;
        exp10 += eneg ? -e : e;
    }
    if (i != len)
        return -1;
    /* Clinger's fast path: an exact mantissa below 2^53 and an exact power of
     * ten give the correctly rounded result in one IEEE operation. */
    if (exact && mant <= (1ull << 53) && exp10 >= -22 && exp10 <= 22) {
        double v = (double)mant;
        v = exp10 < 0 ? v / pow10_exact[-exp10] : v * pow10_exact[exp10];
        *out = neg ? -v : v;
        return 0;
    }
    char buf[64];
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end = NULL;
    double v = strtod(buf, &end);
    if (end != buf + len || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int gt_num_parse(const char *s, size_t len, double *out)
{
    while (len && blank(*s)) {
        s++;
        len--;
    }
    while (len && blank(s[len - 1]))
        len--;
    if (len == 0 || len > 63)
        return -1;
    /* The common case in one pass: [sign] digits [. digits] [e [sign] digits]
     * with at most 19 digits (leading zeros too), so the mantissa holds them
     * all exactly, and Clinger's conditions; anything else is read again by
     * parse_general, which gives the same double for what is taken here. */
    size_t i = 0;
    int neg = 0;
    if (s[0] == '+' || s[0] == '-')
        neg = s[i++] == '-';
    uint64_t mant = 0;
    size_t i0 = i;
    while (i < len && digit(s[i]))
        mant = mant * 10 + (uint64_t)(s[i++] - '0');
    size_t nd = i - i0;
    long exp10 = 0;
    if (i < len && s[i] == '.') {
        size_t f = ++i;
        uint64_t eight;
        while (len - i >= 8 && eight_digits(s + i, &eight)) {
            mant = mant * 100000000u + eight;
            i += 8;
        }
        while (i < len && digit(s[i]))
            mant = mant * 10 + (uint64_t)(s[i++] - '0');
        exp10 = -(long)(i - f);
        nd += i - f;
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E') && nd) {
        size_t k = i + 1;
        int eneg = 0;
        if (k < len && (s[k] == '+' || s[k] == '-'))
            eneg = s[k++] == '-';
        long e = 0;
        size_t e0 = k;
        while (k < len && digit(s[k]) && k - e0 < 4)
            e = e * 10 + (s[k++] - '0');
        if (k > e0 && k == len) {
            exp10 += eneg ? -e : e;
            i = k;
        }
    }
    if (i == len && nd - 1 < 19 && mant <= (1ull << 53) && (unsigned long)(exp10 + 22) <= 44) {
        double v = (double)mant;
        v = exp10 < 0 ? v / pow10_exact[-exp10] : v * pow10_exact[exp10];
        *out = neg ? -v : v;
        return 0;
    }
    return parse_general(s, len, out);
}

int gt_num_parse_long(const char *s, size_t len, long *out)
{
    while (len && gt_is_blank(*s)) {
        s++;
        len--;
    }
    while (len && gt_is_blank(s[len - 1]))
        len--;
    if (len == 0 || len > 18)
        return -1;
    long v = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int gt_num_fmt_special(double v, char *buf, size_t size)
{
    if (!isfinite(v)) {
        snprintf(buf, size, "%s", isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf"));
        return 1;
    }
    if (v == 0) {
        snprintf(buf, size, "0");
        return 1;
    }
    return 0;
}

/* The common case without printf: when 15 significant digits M read back
 * exactly (M / 10^k, both exact doubles, one correctly rounded division),
 * M is the correctly rounded 15-digit decimal (decimals that far apart are
 * wider than a binary ulp), i.e. what "%.15g" prints; written positionally
 * with trailing zeros dropped, as gt_num_fmt writes it. 0 when not taken. */
static int fmt_fast(double v, char *buf, size_t size)
{
    double a = fabs(v);
    if (!(a >= 1e-5 && a < 1e15) || size < 40)
        return 0;
    int e = (int)floor(log10(a)); /* 10^e <= a < 10^(e+1), fixed below */
    if (e < -5)
        e = -5;
    if (e > 14)
        e = 14;
    double lo = e >= 0 ? pow10_exact[e] : 1 / pow10_exact[-e];
    if (a < lo && e > -5)
        e--;
    int k = 14 - e; /* 0..19 */
    if (k < 0 || k > 22)
        return 0;
    double m = nearbyint(a * pow10_exact[k]);
    if (!(m >= 1e14 && m < 1e15) || m / pow10_exact[k] != a)
        return 0;
    uint64_t M = (uint64_t)m;
    while (k > 0 && M % 10 == 0) {
        M /= 10;
        k--;
    }
    char d[24];
    int nd = 0;
    for (uint64_t x = M; x; x /= 10)
        d[nd++] = (char)('0' + x % 10);
    /* d holds the digits reversed; the value is M x 10^-k */
    char *p = buf;
    if (v < 0)
        *p++ = '-';
    if (nd <= k) {
        *p++ = '0';
        *p++ = '.';
        for (int i = 0; i < k - nd; i++)
            *p++ = '0';
        for (int i = nd - 1; i >= 0; i--)
            *p++ = d[i];
    } else {
        for (int i = nd - 1; i >= 0; i--) {
            *p++ = d[i];
            if (i == k && k > 0)
                *p++ = '.';
        }
    }
    *p = '\0';
    return 1;
}

char *gt_num_fmt(double v, char *buf, size_t size)
{
    if (gt_num_fmt_special(v, buf, size) || fmt_fast(v, buf, size))
        return buf;
    /* The shortest round trip. When 15 significant digits round-trip they
     * are the shortest (%g drops trailing zeros, and a double is within
     * 1.2e-16 of any shorter decimal that reads back as it), so only 15, 16
     * and 17 need trying. */
    int p;
    /* subnormals carry fewer digits: search from 1 */
    for (p = fabs(v) < DBL_MIN ? 1 : 15; p <= 17; p++) {
        int n = snprintf(buf, size, "%.*g", p, v);
        double back;
        if (n > 0 && gt_num_parse(buf, (size_t)n, &back) == 0 && back == v)
            break;
    }
    double a = fabs(v);
    const char *e = strchr(buf, 'e');
    if (e && a >= 1e-5 && a < 1e16) {
        /* same digits, positional notation: 1.2e+02 -> 120; the mantissa
         * holds exactly the significant digits (%g drops trailing zeros) */
        int digits = 0;
        for (const char *c = buf; c < e; c++)
            digits += *c >= '0' && *c <= '9';
        /* the exponent printf chose (log10 rounds up just below 1e-4) */
        int exp10 = (int)strtol(e + 1, NULL, 10);
        int dec = digits - 1 - exp10;
        snprintf(buf, size, "%.*f", dec > 0 ? dec : 0, v);
    }
    return buf;
}
