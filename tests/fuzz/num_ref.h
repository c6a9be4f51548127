/* num_ref.h - a plain reference for gt_num_parse: the decimal grammar it
 * accepts (blanks around, [+-] digits [. digits] [e [+-] digits], at least one
 * mantissa digit, at most 63 bytes once trimmed) checked character by
 * character, the value from strtod, which must be finite. num_ref_diff runs
 * both on the same bytes and compares the status and the double bit for bit.
 * Shared by fuzz_num.c and the unit tests. */
#ifndef GT_NUM_REF_H
#define GT_NUM_REF_H

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_num.h"

static int num_ref_blank(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int num_ref_parse(const char *s, size_t len, double *out)
{
    while (len && num_ref_blank(*s)) {
        s++;
        len--;
    }
    while (len && num_ref_blank(s[len - 1]))
        len--;
    if (len == 0 || len > 63)
        return -1;
    size_t i = 0, digits = 0;
    if (s[i] == '+' || s[i] == '-')
        i++;
    for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
        digits++;
    if (i < len && s[i] == '.')
        for (i++; i < len && s[i] >= '0' && s[i] <= '9'; i++)
            digits++;
    if (!digits)
        return -1;
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-'))
            i++;
        size_t e0 = i;
        while (i < len && s[i] >= '0' && s[i] <= '9')
            i++;
        if (i == e0)
            return -1;
    }
    if (i != len)
        return -1;
    char buf[64];
    memcpy(buf, s, len);
    buf[len] = '\0';
    double v = strtod(buf, NULL);
    if (!isfinite(v))
        return -1;
    *out = v;
    return 0;
}

/* 0 when gt_num_parse and the reference agree on (s, len). */
static int num_ref_diff(const char *s, size_t len)
{
    double a = 0, b = 0;
    int ra = gt_num_parse(s, len, &a), rb = num_ref_parse(s, len, &b);
    if (ra != rb || (ra == 0 && memcmp(&a, &b, sizeof a) != 0)) {
        fprintf(stderr, "gt_num_parse differs from strtod on '%.*s': %d %.17g, %d %.17g\n",
                (int)len, s, ra, a, rb, b);
        return -1;
    }
    return 0;
}

#endif
