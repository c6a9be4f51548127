#include "gt_format.h"
#include "gt_num.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

char *gt_format_sig(double v, int sig, char *buf, size_t size)
{
    if (gt_num_fmt_special(v, buf, size))
        return buf;
    double a = fabs(v);
    if (a < 1e-4 || a >= 1e15) {
        snprintf(buf, size, "%.*e", sig - 1, v);
        return buf;
    }
    /* the magnitude after rounding to sig digits, as printf rounds: rounding
     * may carry into the next one (999.96 -> 1.000e+03). Dividing by a power
     * of ten instead can round wrongly (99.9995 at 5 digits gave "100.00"). */
    char e[80];
    snprintf(e, sizeof e, "%.*e", sig - 1, a);
    const char *ep = strchr(e, 'e');
    int mag = ep ? (int)strtol(ep + 1, NULL, 10) : (int)floor(log10(a));
    int dec = sig - 1 - mag;
    if (dec < 0)
        dec = 0;
    snprintf(buf, size, "%.*f", dec, v);
    return buf;
}

struct scale {
    double factor; /* divide the base value by this */
    const char *unit;
};

static char *fmt_scaled(double v, const struct scale *s, int n, char *buf, size_t size)
{
    if (!isfinite(v)) {
        snprintf(buf, size, "%s %s", isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf"), s[1].unit);
        return buf;
    }
    if (v == 0) {
        snprintf(buf, size, "0 %s", s[1].unit);
        return buf;
    }
    double a = fabs(v);
    int k = 0;
    /* pick the largest unit whose value, rounded to 4 digits, is >= 1 */
    for (int i = n - 1; i >= 0; i--) {
        if (a / s[i].factor >= 0.995 || i == 0) {
            k = i;
            break;
        }
    }
    double x = v / s[k].factor;
    if (fabs(x) >= 999.995 && k + 1 < n) {
        k++;
        x = v / s[k].factor;
    }
    char num[64];
    if (fabs(x) < 0.995)
        gt_format_sig(x, 3, num, sizeof num); /* below the smallest unit */
    else
        snprintf(num, sizeof num, "%.2f", x);
    snprintf(buf, size, "%s %s", num, s[k].unit);
    return buf;
}

char *gt_format_energy(double kwh, char *buf, size_t size)
{
    static const struct scale s[] = {
        {1e-6, "mWh"}, {1e-3, "Wh"}, {1, "kWh"}, {1e3, "MWh"}, {1e6, "GWh"}};
    return fmt_scaled(kwh, s, 5, buf, size);
}

char *gt_format_mass(double g, char *buf, size_t size)
{
    static const struct scale s[] = {{1e-3, "mg"}, {1, "g"}, {1e3, "kg"}, {1e6, "t"}, {1e9, "kt"}};
    return fmt_scaled(g, s, 5, buf, size);
}

/* Length of the valid UTF-8 sequence at s, 0 when invalid. */
static size_t utf8_seq(const unsigned char *s)
{
    if (s[0] < 0x80)
        return 1;
    if (s[0] >= 0xC2 && s[0] <= 0xDF)
        return (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (s[0] >= 0xE0 && s[0] <= 0xEF) {
        if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
            return 0;
        if ((s[0] == 0xE0 && s[1] < 0xA0) || (s[0] == 0xED && s[1] >= 0xA0))
            return 0; /* overlong, surrogate */
        return 3;
    }
    if (s[0] >= 0xF0 && s[0] <= 0xF4) {
        if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 || (s[3] & 0xC0) != 0x80)
            return 0;
        if ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90))
            return 0;
        return 4;
    }
    return 0;
}

int gt_utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        size_t n = utf8_seq(p);
        if (!n)
            return 0;
        p += n;
    }
    return 1;
}

char *gt_utf8_from_mixed(const char *s)
{
    size_t len = strlen(s);
    char *out = malloc(2 * len + 1);
    if (!out)
        return NULL;
    const unsigned char *p = (const unsigned char *)s;
    char *o = out;
    while (*p) {
        size_t n = utf8_seq(p);
        if (n) {
            memcpy(o, p, n);
            o += n;
            p += n;
        } else { /* Latin-1 byte -> U+0080..U+00FF */
            *o++ = (char)(0xC0 | (*p >> 6));
            *o++ = (char)(0x80 | (*p & 0x3F));
            p++;
        }
    }
    *o = '\0';
    return out;
}
