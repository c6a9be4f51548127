#include "gt_num.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int is_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

int gt_num_parse(const char *s, size_t len, double *out)
{
    while (len && is_blank(*s)) {
        s++;
        len--;
    }
    while (len && is_blank(s[len - 1]))
        len--;
    if (len == 0 || len > 63)
        return -1;
    char buf[64];
    size_t i = 0, digits = 0;
    /* validate the grammar ourselves: strtod accepts hex, inf, nan */
    if (s[i] == '+' || s[i] == '-')
        i++;
    while (i < len && s[i] >= '0' && s[i] <= '9') {
        i++;
        digits++;
    }
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            i++;
            digits++;
        }
    }
    if (!digits)
        return -1;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t ed = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9') {
            i++;
            ed++;
        }
        if (!ed)
            return -1;
    }
    if (i != len)
        return -1;
    memcpy(buf, s, len);
    buf[len] = '\0';
    char *end = NULL;
    double v = strtod(buf, &end);
    if (end != buf + len || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int gt_num_parse_long(const char *s, size_t len, long *out)
{
    while (len && is_blank(*s)) {
        s++;
        len--;
    }
    while (len && is_blank(s[len - 1]))
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

char *gt_num_fmt(double v, char *buf, size_t size)
{
    if (gt_num_fmt_special(v, buf, size))
        return buf;
    int p;
    for (p = 1; p <= 17; p++) {
        snprintf(buf, size, "%.*g", p, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    double a = fabs(v);
    if (strchr(buf, 'e') && a >= 1e-5 && a < 1e16) {
        /* same digits, positional notation: 1.2e+02 -> 120 */
        /* the exponent printf chose (log10 rounds up just below 1e-4) */
        int exp10 = (int)strtol(strchr(buf, 'e') + 1, NULL, 10);
        int dec = p - 1 - exp10;
        snprintf(buf, size, "%.*f", dec > 0 ? dec : 0, v);
    }
    return buf;
}
