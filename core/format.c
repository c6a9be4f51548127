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
