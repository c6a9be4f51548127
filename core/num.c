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

/* 5^0 .. 5^27, exact. */
static const uint64_t pow5[28] = {1ull,
                                  5ull,
                                  25ull,
                                  125ull,
                                  625ull,
                                  3125ull,
                                  15625ull,
                                  78125ull,
                                  390625ull,
                                  1953125ull,
                                  9765625ull,
                                  48828125ull,
                                  244140625ull,
                                  1220703125ull,
                                  6103515625ull,
                                  30517578125ull,
                                  152587890625ull,
                                  762939453125ull,
                                  3814697265625ull,
                                  19073486328125ull,
                                  95367431640625ull,
                                  476837158203125ull,
                                  2384185791015625ull,
                                  11920928955078125ull,
                                  59604644775390625ull,
                                  298023223876953125ull,
                                  1490116119384765625ull,
                                  7450580596923828125ull};

#ifdef __SIZEOF_INT128__
typedef unsigned __int128 u128;
#endif

#if defined(__GNUC__)
#define NOINLINE __attribute__((noinline))
#else
#define NOINLINE
#endif

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

/* The value of s[0..len) by strtod (the grammar already checked), -1 when it
 * is not finite. */
static int via_strtod(const char *s, size_t len, double *out)
{
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

/* What eisel_lemire found. */
enum { EL_DONE, EL_OVERFLOW, EL_UNDECIDED };

#ifdef __SIZEOF_INT128__
#include "num_pow5.h"

/* floor(log2(10^q)); num_pow5_gen checks the constant (217706 / 2^16 is
 * log2 10 + 1.8e-6) against the exact bit lengths over the table's range. */
static long log2_pow10(long q)
{
    long x = q * 217706;
    return x >= 0 ? x / 65536 : -((-x + 65535) / 65536);
}

/* w x 10^q (w < 2^64), rounded to the nearest double, ties to even: the
 * Eisel-Lemire algorithm (D. Lemire, "Number Parsing at a Gigabyte per
 * Second", Software: Practice and Experience 51(8), 2021; N. Mushtak and
 * D. Lemire, "Fast number parsing without fallback", SPE 53(7), 2023),
 * written from the papers with our own error analysis:
 *
 * num_pow5.h holds T = floor(5^q / 2^g) in [2^127, 2^128), exact for
 * 0 <= q <= 55, else below the true 5^q / 2^g by less than 1. With
 * w' = w << lz in [2^63, 2^64), w x 10^q = w' x 5^q x 2^(q - lz); the true
 * product R = w' x 5^q / 2^g lies in [P, P + 2^64), P = w' x T, a 192-bit
 * integer whose top 128 bits U we look at: R / 2^64 is in [U, U + 2). The
 * 53 bits of the double and a rounding bit are the top 54 bits of U,
 * m = U >> t (t = 73 or 74; more for a subnormal). They are the top 54 bits
 * of R too unless the t bits of U below them are all ones (R may carry into
 * m): then we cannot decide and say so. Mushtak and Lemire show that for
 * their formulation the 128-bit product always suffices; ours keeps the
 * check (one rare branch), and in our tests it fires only for values that
 * are themselves doubles or ties, which the caller then reads exactly.
 *
 * Below the rounding bit R is never zero, so there is never a tie, unless
 * 0 <= q <= 27: for q < 0, T is inexact and R > P; for q >= 28 the odd part
 * of w x 10^q, a multiple of 5^28 > 2^65, has more than 54 bits. For
 * 0 <= q <= 27, 5^q < 2^63, T's low half is zero and w' x T_hi is exact.
 *
 * Otherwise U is first taken as z = w' x T_hi alone (w' x T_lo adds less
 * than 2^64 to U: R / 2^64 lies in [z, z + 2^64 + 1)), which decides
 * whenever the 9 bits of z above its low 64 and below m's last bit are not
 * all ones, i.e. almost always; else, and for a subnormal, the second
 * product is added. */
static int eisel_lemire(uint64_t w, long q, int neg, double *out)
{
    uint64_t bits = 0;
    if (w == 0 || q < GT_POW5_MIN) {
        /* zero, or below 10^19 x 10^-343 < half the least subnormal */
    } else if (q > GT_POW5_MAX) {
        return EL_OVERFLOW;
    } else {
        int lz = __builtin_clzll(w);
        w <<= lz;
        const uint64_t *T = gt_pow5_128[q - GT_POW5_MIN];
        u128 z = (u128)w * T[0];
        uint64_t hi = (uint64_t)(z >> 64), lo = (uint64_t)z, m;
        int sticky = 1;
        long E = log2_pow10(q) + 1086 + (long)(hi >> 63) - lz; /* biased exponent */
        if (q >= 0 && q <= 27) {
            /* 5^q < 2^63: T's low half is zero, z the whole exact product */
            int t = 9 + (int)(hi >> 63);
            sticky = (hi & ((1ull << t) - 1)) != 0 || lo != 0;
            m = hi >> t;
        } else if ((hi & 0x1FF) != 0x1FF && E > 0) {
            m = hi >> (9 + (hi >> 63));
        } else {
            u128 y = (u128)w * T[1];
            uint64_t add = (uint64_t)(y >> 64);
            lo += add;
            hi += lo < add;
            E = log2_pow10(q) + 1086 + (long)(hi >> 63) - lz;
            int t = 9 + (int)(hi >> 63) + (E <= 0 ? (int)(1 - E) : 0); /* t - 64 */
            if (t >= 63)
                return EL_UNDECIDED; /* far below the least subnormal: rare */
            if ((hi & ((1ull << t) - 1)) == (1ull << t) - 1 && lo == UINT64_MAX)
                return EL_UNDECIDED;
            m = hi >> t;
        }
        uint64_t M = m >> 1; /* 53 bits, or fewer for a subnormal */
        if ((m & 1) && (sticky || (M & 1)))
            M++;
        if (E <= 0) {
            bits = M; /* 2^52 after rounding up is the least normal, as encoded */
        } else {
            if (M >> 53) {
                M >>= 1;
                E++;
            }
            if (E >= 2047)
                return EL_OVERFLOW;
            bits = (uint64_t)E << 52 | (M & ((1ull << 52) - 1));
        }
    }
    bits |= (uint64_t)neg << 63;
    memcpy(out, &bits, sizeof bits);
    return EL_DONE;
}
#else
static int eisel_lemire(uint64_t w, long q, int neg, double *out)
{
    (void)w, (void)q, (void)neg, (void)out;
    return EL_UNDECIDED;
}
#endif

/* w x 10^q past Clinger's conditions: Eisel-Lemire, else exactly for a
 * dyadic value, else strtod (kept out of line: the common case is the one
 * multiplication or division of from_decimal). */
static NOINLINE int from_decimal_wide(uint64_t w, long q, int neg, const char *s, size_t len,
                                      double *out)
{
    switch (eisel_lemire(w, q, neg, out)) {
    case EL_DONE:
        return 0;
    case EL_OVERFLOW:
        return -1;
    default:
        break;
    }
    /* Undecided: nearly always a value that is a double or halfway between
     * two, written with more digits than Clinger takes (1536234243126633.5):
     * w x 10^q with 5^-q dividing w is h x 2^q, h = w / 5^-q exactly, and
     * (double)h is h correctly rounded, scaled exactly. */
    if (q < 0 && q >= -27 && w % pow5[-q] == 0) {
        double v = (double)(w / pow5[-q]) / (double)(1ull << -q);
        *out = neg ? -v : v;
        return 0;
    }
    return via_strtod(s, len, out);
}

/* w x 10^q, w of at most 19 digits, as strtod reads s: Clinger's fast path
 * (an exact mantissa below 2^53 and an exact power of ten give the correctly
 * rounded result in one IEEE operation), else from_decimal_wide. */
static inline int from_decimal(uint64_t w, long q, int neg, const char *s, size_t len, double *out)
{
    if (w <= (1ull << 53) && (unsigned long)(q + 22) <= 44) {
        double v = (double)w;
        v = q < 0 ? v / pow10_exact[-q] : v * pow10_exact[q];
        *out = neg ? -v : v;
        return 0;
    }
    return from_decimal_wide(w, q, neg, s, len, out);
}

/* Any decimal: the grammar checked here (strtod would take hex, inf, nan),
 * the value from the first 19 significant digits when they are all there
 * (from_decimal), or when the rest is not zero, w and w + 1 round to the
 * same double (the value lies strictly between them, as Lemire 2021 notes),
 * else by strtod. */
static NOINLINE int parse_general(const char *s, size_t len, double *out)
{
    size_t i = 0, digits = 0;
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
    if (exact)
        return from_decimal(mant, exp10, neg, s, len, out);
    double lo, hi;
    int a = eisel_lemire(mant, exp10, neg, &lo), b = eisel_lemire(mant + 1, exp10, neg, &hi);
    if (a == EL_DONE && b == EL_DONE && memcmp(&lo, &hi, sizeof lo) == 0) {
        *out = lo;
        return 0;
    }
    if (a == EL_OVERFLOW) /* the value is above w x 10^q */
        return -1;
    return via_strtod(s, len, out);
}

/* What gt_num_parse's one pass read whole (a sign, nd digits, a point and
 * an exponent) but Clinger's conditions do not cover (six arguments, all in
 * registers: the call is a jump). */
static NOINLINE int past_clinger(const char *s, size_t len, size_t nd, uint64_t mant, long exp10,
                                 double *out)
{
    int neg = s[0] == '-';
    size_t i0 = s[0] == '+' || s[0] == '-';
    if (nd <= 19)
        return from_decimal(mant, exp10, neg, s, len, out);
    /* Past 19 digits, leading zeros may leave 19 or fewer that count
     * (0.0043653456924309785): then mant, the value modulo 2^64 of a number
     * below 10^19, is that number. */
    size_t zeros = 0;
    for (size_t k = i0; k < len && (s[k] == '0' || s[k] == '.'); k++)
        zeros += s[k] == '0';
    if (nd - zeros <= 19)
        return from_decimal(mant, exp10, neg, s, len, out);
    return parse_general(s, len, out);
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
    /* The common case in one pass: [sign] digits [. digits] [e [sign] 1-4
     * digits] with at most 19 digits that may be significant, so the
     * mantissa holds them all exactly; anything else is read again by
     * parse_general, which gives the same double for what is taken here. */
    size_t i = 0;
    int neg = 0;
    if (s[0] == '+' || s[0] == '-')
        neg = s[i++] == '-';
    uint64_t mant = 0;
    size_t i0 = i;
    while (i < len && digit(s[i]))
        mant = mant * 10 + (uint64_t)(s[i++] - '0');
    size_t nd = i - i0; /* digits, leading zeros too */
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
        double v = (double)mant; /* Clinger's, as in from_decimal */
        v = exp10 < 0 ? v / pow10_exact[-exp10] : v * pow10_exact[exp10];
        *out = neg ? -v : v;
        return 0;
    }
    if (i == len && nd)
        return past_clinger(s, len, nd, mant, exp10, out);
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

#ifdef __SIZEOF_INT128__
/* a = f x 2^e exactly (f < 2^53), times 10^k (0 <= k <= 27): the integer
 * part in *q (truncated) and, rounded half to even, in *m, with m's error
 * |a x 10^k - m| x 2^s in *r (s = -(e + k); 0 when a x 10^k is a whole
 * number) and *r_neg 1 when m is above a x 10^k. -1 when out of range. */
static int scaled(uint64_t f, int e, int k, uint64_t *q, uint64_t *m, u128 *r, int *r_neg)
{
    u128 n = (u128)f * pow5[k]; /* < 2^53 x 2^63 */
    int sh = e + k;             /* a x 10^k = n x 2^sh */
    if (sh >= 0) {
        if (sh > 10 || n >> (64 - sh))
            return -1;
        *q = *m = (uint64_t)(n << sh);
        *r = 0;
        *r_neg = 0;
        return 0;
    }
    int s = -sh;
    if (s >= 127)
        return -1;
    u128 t = n >> s, rem = n - (t << s), half = (u128)1 << (s - 1);
    if (t >> 63) /* never: at most 10^18 */
        return -1;
    *q = (uint64_t)t;
    if (rem > half || (rem == half && (t & 1))) {
        t++;
        *r = ((u128)1 << s) - rem; /* m is above: a x 10^k < m */
        *r_neg = 1;
    } else {
        *r = rem;
        *r_neg = 0;
    }
    *m = (uint64_t)t;
    return 0;
}

/* The common case without printf, for 1e-11 <= |v| < 1e16: the shortest of
 * 15, 16 and 17 significant digits that reads back, found with exact integer
 * arithmetic. v = f x 2^e; M, the correctly rounded p-digit decimal (what
 * "%.{p}g" prints), scaled by 10^k, reads back exactly when it lies within
 * half a gap between doubles of v: |M - v x 10^k| < 2^(e-1) x 10^k, i.e. in
 * units of 2^-s (s = -(e + k)), |r| < 5^k / 2 (a quarter below a power of
 * two, where the gap below is half as wide; 5^k is odd, so no tie). Written
 * positionally from 1e-5 up, else as "%g" writes it ("1.5e-07"), trailing
 * zeros dropped, as gt_num_fmt writes it. 0 when not taken. */
static int fmt_fast(double v, char *buf, size_t size)
{
    double a = fabs(v);
    if (!(a >= 1e-11 && a < 1e16) || size < 40)
        return 0;
    uint64_t bits;
    memcpy(&bits, &a, sizeof bits); /* a is normal here: 1.f x 2^(exponent - 1023) */
    uint64_t f = (bits & ((1ull << 52) - 1)) | 1ull << 52;
    int x = (int)(bits >> 52) - 1022; /* a = f / 2^53 x 2^x, f / 2^53 in [0.5, 1) */
    int e = x - 53;
    /* floor(log10(a)) is E0 = floor((x - 1) log10 2) or E0 + 1; 78913 / 2^18
     * is log10 2 within 2e-7, exact enough for |x - 1| < 1000 */
    int E = (x - 1) >= 0 ? ((x - 1) * 78913) >> 18 : -((-(x - 1) * 78913 + (1 << 18) - 1) >> 18);
    uint64_t q, M = 0;
    u128 r;
    int neg, k = 0;
    for (int tries = 0;; tries++) {
        if (tries == 2 || 16 - E < 0 || 16 - E > 27 || scaled(f, e, 16 - E, &q, &M, &r, &neg) != 0)
            return 0;
        if (q >= 100000000000000000ull)
            E++;
        else if (q < 10000000000000000ull)
            E--;
        else
            break;
    }
    int pow2 = f == (1ull << 52);
    k = 16 - E;
    int sh = -(e + k);
    if (sh > 0 && sh <= 100) {
        /* 15 and 16 digits from the 17: the value x 10^k is M + off / 2^sh,
         * |off| <= 2^(sh-1); rounding it at the last one or two digits and
         * the error of that, in the same units, need no other product */
        typedef __int128 i128;
        i128 one = (i128)1 << sh, off = neg ? -(i128)r : (i128)r;
        u128 lim = pow5[k] >> 1, lim_below = pow5[k] >> (pow2 ? 2 : 1);
        for (int p = 15; p <= 16; p++) {
            if (k - (17 - p) < 0) /* 15 digits of a number >= 1e15: 16 say the same */
                continue;
            uint64_t unit = p == 15 ? 100 : 10, qd = M / unit, rm = M % unit;
            i128 c = ((i128)rm - (i128)(unit / 2)) * one + off;
            uint64_t d = qd + (c > 0 || (c == 0 && (qd & 1)));
            i128 err = ((i128)d * (i128)unit - (i128)M) * one - off;
            if (err < 0 ? (u128)-err <= lim_below : (u128)err <= lim) {
                M = d;
                k -= 17 - p;
                break;
            }
        }
    } else {
        for (int p = 15; p <= 17; p++) {
            k = p - 1 - E;
            if (k < 0) /* 15 digits of a number >= 1e15: 16 say the same when 15 read back */
                continue;
            if (k > 27 || scaled(f, e, k, &q, &M, &r, &neg) != 0)
                return 0;
            u128 lim = pow5[k] >> (pow2 && !neg ? 2 : 1);
            if (r <= lim)
                break;
        }
    }
    /* trailing zeros (a short decimal has many): eight, four, two, one at a time */
    static const struct {
        uint64_t p;
        int n;
    } strip[] = {{100000000ull, 8}, {10000ull, 4}, {100ull, 2}, {10ull, 1}};
    for (int i = 0; i < 4; i++)
        while (k >= strip[i].n && M % strip[i].p == 0) {
            M /= strip[i].p;
            k -= strip[i].n;
        }
    static const char two[] = "00010203040506070809101112131415161718192021222324252627282930313233"
                              "34353637383940414243444546474849505152535455565758596061626364656667"
                              "6869707172737475767778798081828384858687888990919293949596979899";
    char d[24], *end = d + sizeof d, *p = end; /* the digits, in order, end at end */
    uint64_t t = M;
    for (; t >= 100; t /= 100) {
        p -= 2;
        memcpy(p, two + 2 * (t % 100), 2);
    }
    if (t >= 10) {
        p -= 2;
        memcpy(p, two + 2 * t, 2);
    } else {
        *--p = (char)('0' + t);
    }
    int nd = (int)(end - p);
    /* the value is M x 10^-k */
    char *o = buf;
    if (v < 0)
        *o++ = '-';
    if (a < 1e-5) { /* as "%g" writes it: "1.5e-07" */
        int x10 = nd - 1 - k;
        *o++ = *p;
        if (nd > 1) {
            *o++ = '.';
            memcpy(o, p + 1, (size_t)(nd - 1));
            o += nd - 1;
        }
        *o++ = 'e';
        *o++ = '-';
        memcpy(o, two + 2 * -x10, 2); /* -x10 is 5 .. 11 */
        o += 2;
    } else if (nd <= k) {
        *o++ = '0';
        *o++ = '.';
        memset(o, '0', (size_t)(k - nd));
        o += k - nd;
        memcpy(o, p, (size_t)nd);
        o += nd;
    } else {
        memcpy(o, p, (size_t)(nd - k));
        o += nd - k;
        if (k > 0) {
            *o++ = '.';
            memcpy(o, p + nd - k, (size_t)k);
            o += k;
        }
    }
    *o = '\0';
    return 1;
}
#else
static int fmt_fast(double v, char *buf, size_t size)
{
    (void)v, (void)buf, (void)size;
    return 0;
}
#endif

char *gt_num_fmt_printf(double v, char *buf, size_t size)
{
    if (gt_num_fmt_special(v, buf, size))
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

char *gt_num_fmt(double v, char *buf, size_t size)
{
    if (gt_num_fmt_special(v, buf, size) || fmt_fast(v, buf, size))
        return buf;
    return gt_num_fmt_printf(v, buf, size);
}
