#include "gt_duration.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gt_num.h"

static enum gt_status bad(struct gt_error *err, const char *s, size_t len, const char *why)
{
    int n = len > 80 ? 80 : (int)len;
    return gt_error_set(err, GT_E_PARSE,
                        "invalid duration '%.*s'%s: %s (e.g. 12h30m, 90m, 45s, 2d, 1:30:00, "
                        "2-03:00:00 or seconds)",
                        n, s, len > 80 ? "..." : "", why);
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* clock: [D-]H:MM[:SS] | MM:SS | D-HH[:MM[:SS]] */
static enum gt_status parse_clock(const char *s, size_t len, double *out, struct gt_error *err)
{
    double days = 0;
    size_t i = 0;
    const char *dash = memchr(s, '-', len);
    if (dash) {
        long d;
        if (gt_num_parse_long(s, (size_t)(dash - s), &d) != 0)
            return bad(err, s, len, "bad day count before '-'");
        days = (double)d;
        i = (size_t)(dash - s) + 1;
        if (i >= len)
            return bad(err, s, len, "nothing after '-'");
    }
    double f[3];
    int nf = 0;
    while (i <= len) {
        size_t j = i;
        while (j < len && s[j] != ':')
            j++;
        if (nf == 3)
            return bad(err, s, len, "too many ':' fields");
        if (j == i)
            return bad(err, s, len, "empty field");
        /* only the last field may carry a fraction */
        for (size_t k = i; k < j; k++) {
            if (!is_digit(s[k]) && !(s[k] == '.' && j == len))
                return bad(err, s, len, "fields must be digits");
        }
        if (gt_num_parse(s + i, j - i, &f[nf]) != 0)
            return bad(err, s, len, "bad number");
        nf++;
        i = j + 1;
    }
    double secs;
    if (dash) {
        /* D-HH, D-HH:MM, D-HH:MM:SS */
        secs = f[0] * 3600;
        if (nf >= 2)
            secs += f[1] * 60;
        if (nf == 3)
            secs += f[2];
        for (int k = 1; k < nf; k++)
            if (f[k] >= 60)
                return bad(err, s, len, "minutes and seconds must be below 60");
    } else if (nf == 2) {
        /* MM:SS */
        if (f[1] >= 60)
            return bad(err, s, len, "seconds must be below 60");
        secs = f[0] * 60 + f[1];
    } else if (nf == 3) {
        if (f[1] >= 60 || f[2] >= 60)
            return bad(err, s, len, "minutes and seconds must be below 60");
        secs = f[0] * 3600 + f[1] * 60 + f[2];
    } else {
        return bad(err, s, len, "a clock needs at least two ':' fields");
    }
    *out = days * 86400 + secs;
    return GT_OK;
}

struct unit {
    const char *name;
    double secs;
};

static const struct unit units[] = {
    {"d", 86400},    {"day", 86400},  {"days", 86400}, {"h", 3600}, {"hr", 3600},  {"hrs", 3600},
    {"hour", 3600},  {"hours", 3600}, {"m", 60},       {"min", 60}, {"mins", 60},  {"minute", 60},
    {"minutes", 60}, {"s", 1},        {"sec", 1},      {"secs", 1}, {"second", 1}, {"seconds", 1},
};

static enum gt_status parse_units(const char *s, size_t len, double *out, struct gt_error *err)
{
    size_t i = 0;
    double total = 0, last_rank = 1e18;
    int parts = 0;
    while (i < len) {
        while (i < len && s[i] == ' ')
            i++;
        if (i == len)
            break;
        size_t j = i;
        while (j < len && (is_digit(s[j]) || s[j] == '.'))
            j++;
        double v;
        if (j == i || gt_num_parse(s + i, j - i, &v) != 0)
            return bad(err, s, len, "expected a number");
        while (j < len && s[j] == ' ')
            j++;
        size_t k = j;
        while (k < len && ((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z')))
            k++;
        if (k == j) {
            if (k == len && parts > 0)
                return bad(err, s, len, "missing unit after the last number");
            return bad(err, s, len, "missing unit (d, h, m or s)");
        }
        double mul = -1;
        for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
            size_t ul = strlen(units[u].name);
            if (ul == k - j) {
                size_t c = 0;
                while (c < ul && (s[j + c] | 0x20) == units[u].name[c])
                    c++;
                if (c == ul) {
                    mul = units[u].secs;
                    break;
                }
            }
        }
        if (mul < 0)
            return bad(err, s, len, "unknown unit");
        if (mul >= last_rank)
            return bad(err, s, len, "units must go from larger to smaller, each once");
        last_rank = mul;
        total += v * mul;
        parts++;
        i = k;
    }
    if (!parts)
        return bad(err, s, len, "empty");
    *out = total;
    return GT_OK;
}

enum gt_status gt_duration_parse(const char *s, size_t len, double *out_s, struct gt_error *err)
{
    while (len && (*s == ' ' || *s == '\t')) {
        s++;
        len--;
    }
    while (len &&
           (s[len - 1] == ' ' || s[len - 1] == '\t' || s[len - 1] == '\n' || s[len - 1] == '\r'))
        len--;
    if (len == 0)
        return bad(err, s, len, "empty");
    if (s[0] == '-' || s[0] == '+')
        return bad(err, s, len, "must not be signed");
    double v;
    enum gt_status st;
    if (gt_num_parse(s, len, &v) == 0) {
        st = GT_OK;
    } else if (memchr(s, ':', len) || memchr(s, '-', len)) {
        st = parse_clock(s, len, &v, err);
    } else {
        st = parse_units(s, len, &v, err);
    }
    if (st != GT_OK)
        return st;
    if (!isfinite(v) || v < 0)
        return bad(err, s, len, "out of range");
    *out_s = v;
    return GT_OK;
}

char *gt_duration_fmt(double seconds, char *buf, size_t size)
{
    if (!isfinite(seconds) || seconds < 0) {
        snprintf(buf, size, "?");
        return buf;
    }
    if ((seconds < 60 && seconds != floor(seconds)) || seconds >= 1e15) {
        /* fractions of a minute, or too large for whole-second arithmetic
         * (converting >= 2^63 s to long long is undefined) */
        snprintf(buf, size, "%.3gs", seconds);
        return buf;
    }
    double r = floor(seconds + 0.5);
    long long t = (long long)r;
    long long d = t / 86400, h = (t % 86400) / 3600, m = (t % 3600) / 60, s = t % 60;
    size_t n = 0;
    buf[0] = '\0';
#define PUT(v, u)                                                                                  \
    if ((v) && n < size)                                                                           \
    n += (size_t)snprintf(buf + n, size - n, "%lld%s", (long long)(v), u)
    PUT(d, "d");
    PUT(h, "h");
    PUT(m, "m");
    PUT(s, "s");
#undef PUT
    if (t == 0)
        snprintf(buf, size, "0s");
    return buf;
}
