#include "gt_text.h"
#include "gt_time.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* days from civil (Howard Hinnant's algorithm) */
static long days_from_civil(long y, unsigned m, unsigned d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, int *y, int *m, int *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long yy = (long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned dd = doy - (153 * mp + 2) / 5 + 1;
    unsigned mm = mp < 10 ? mp + 3 : mp - 9;
    *y = (int)(yy + (mm <= 2));
    *m = (int)mm;
    *d = (int)dd;
}

/* Seconds of a day number and a time of day: the one expression every
 * reader uses, so they give the same double. */
static double day_seconds(long days, int hour, int min, double sec)
{
    return (double)days * 86400.0 + hour * 3600.0 + min * 60.0 + sec;
}

double gt_time_from_civil(int year, int month, int day, int hour, int min, double sec)
{
    return day_seconds(days_from_civil(year, (unsigned)month, (unsigned)day), hour, min, sec);
}

void gt_time_to_civil(double t, int *year, int *month, int *day, int *hour, int *min, double *sec)
{
    /* beyond +-1e13 s (about 300 000 years) the civil date would overflow:
     * clamped (records never get there: gt_record_check) */
    if (!(t > -1e13))
        t = -1e13;
    else if (!(t < 1e13))
        t = 1e13;
    double days = floor(t / 86400.0);
    double rem = t - days * 86400.0;
    civil_from_days((long)days, year, month, day);
    int h = (int)(rem / 3600.0);
    int mi = (int)((rem - h * 3600.0) / 60.0);
    *hour = h;
    *min = mi;
    *sec = rem - h * 3600.0 - mi * 60.0;
}

static int digits(const char *s, size_t len, size_t *i, int n, int *out)
{
    int v = 0;
    for (int k = 0; k < n; k++) {
        if (*i >= len || s[*i] < '0' || s[*i] > '9')
            return -1;
        v = v * 10 + (s[(*i)++] - '0');
    }
    *out = v;
    return 0;
}

static int is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* "HH:MM:SS" at s: 0 with its fields, -1 when it has another form. */
static int fixed_time(const char *s, int *h, int *mi, int *se)
{
#define D(i) ((unsigned)(unsigned char)s[i] - '0')
    unsigned h0 = D(0), h1 = D(1), i0 = D(3), i1 = D(4), s0 = D(6), s1 = D(7);
#undef D
    unsigned bad = (h0 > 9) | (h1 > 9) | (i0 > 9) | (i1 > 9) | (s0 > 9) | (s1 > 9) |
                   (unsigned)(s[2] ^ ':') | (unsigned)(s[5] ^ ':');
    if (bad)
        return -1;
    *h = (int)(h0 * 10 + h1);
    *mi = (int)(i0 * 10 + i1);
    *se = (int)(s0 * 10 + s1);
    return *h > 24 || *mi > 59 || *se > 60 || (*h == 24 && (*mi || *se)) ? -1 : 0;
}

/* "YYYY-MM-DD" at s: 0 with its day number, -1 when it has another form or
 * is no date. */
static int fixed_date(const char *s, long *days)
{
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
#define D(i) ((unsigned)(unsigned char)s[i] - '0')
    unsigned y0 = D(0), y1 = D(1), y2 = D(2), y3 = D(3), m0 = D(5), m1 = D(6), d0 = D(8), d1 = D(9);
#undef D
    unsigned bad = (y0 > 9) | (y1 > 9) | (y2 > 9) | (y3 > 9) | (m0 > 9) | (m1 > 9) | (d0 > 9) |
                   (d1 > 9) | (unsigned)(s[4] ^ '-') | (unsigned)(s[7] ^ '-');
    if (bad)
        return -1;
    int y = (int)(y0 * 1000 + y1 * 100 + y2 * 10 + y3), mo = (int)(m0 * 10 + m1),
        d = (int)(d0 * 10 + d1);
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || (mo == 2 && d == 29 && !is_leap(y)))
        return -1;
    *days = days_from_civil(y, (unsigned)mo, (unsigned)d);
    return 0;
}

/* "YYYY-MM-DDTHH:MM:SS" exactly (CodeCarbon's timestamp), read without a
 * branch per digit: 1 and *t when it is a valid one, else 0 (the general
 * reader decides). The memo, when given, keeps the day of the last date
 * read. */
static int fixed19(struct gt_time_memo *m, const char *s, double *t)
{
    long days;
    int h, mi, se;
    if (s[10] != 'T' || fixed_time(s + 11, &h, &mi, &se))
        return 0;
    if (m && m->valid && memcmp(s, m->date, 10) == 0) {
        days = m->days;
    } else {
        if (fixed_date(s, &days))
            return 0;
        if (m) {
            memcpy(m->date, s, 10);
            m->days = days;
            m->valid = 1;
        }
    }
    *t = day_seconds(days, h, mi, se + 0.0) - 0.0;
    return 1;
}

int gt_time_parse_memo(struct gt_time_memo *m, const char *s, size_t len, double *t, enum gt_tz *tz)
{
    if (len == 19 && fixed19(m, s, t) == 1) {
        *tz = GT_TZ_LOCAL;
        return 0;
    }
    return gt_time_parse(s, len, t, tz);
}

int gt_time_parse(const char *s, size_t len, double *t, enum gt_tz *tz)
{
    if (len == 19 && fixed19(NULL, s, t) == 1) {
        *tz = GT_TZ_LOCAL;
        return 0;
    }
    while (len && gt_is_blank(s[len - 1]))
        len--;
    size_t i = 0;
    while (i < len && gt_is_blank(s[i]))
        i++;
    int y, mo, d, h = 0, mi = 0, se = 0;
    double frac = 0;
    if (digits(s, len, &i, 4, &y) || i >= len || s[i++] != '-' || digits(s, len, &i, 2, &mo) ||
        i >= len || s[i++] != '-' || digits(s, len, &i, 2, &d))
        return -1;
    if (mo < 1 || mo > 12 || d < 1 || d > 31)
        return -1;
    static const int mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (d > mdays[mo - 1] || (mo == 2 && d == 29 && !is_leap(y)))
        return -1;
    enum gt_tz zone = GT_TZ_LOCAL;
    double offset = 0;
    if (i < len && (s[i] == 'T' || s[i] == ' ')) {
        i++;
        if (digits(s, len, &i, 2, &h) || i >= len || s[i++] != ':' || digits(s, len, &i, 2, &mi))
            return -1;
        if (i < len && s[i] == ':') {
            i++;
            if (digits(s, len, &i, 2, &se))
                return -1;
            if (i < len && (s[i] == '.' || s[i] == ',')) {
                i++;
                double scale = 0.1;
                size_t start = i;
                while (i < len && s[i] >= '0' && s[i] <= '9') {
                    frac += (s[i++] - '0') * scale;
                    scale /= 10;
                }
                if (i == start)
                    return -1;
            }
        }
        if (h > 24 || mi > 59 || se > 60 || (h == 24 && (mi || se || frac > 0)))
            return -1;
        if (i < len && (s[i] == 'Z' || s[i] == 'z')) {
            i++;
            zone = GT_TZ_UTC;
        } else if (i < len && (s[i] == '+' || s[i] == '-')) {
            int sign = s[i++] == '-' ? -1 : 1, oh, om = 0;
            if (digits(s, len, &i, 2, &oh))
                return -1;
            if (i < len && s[i] == ':')
                i++;
            if (i < len && digits(s, len, &i, 2, &om))
                return -1;
            if (oh > 23 || om > 59)
                return -1;
            offset = sign * (oh * 3600.0 + om * 60.0);
            zone = GT_TZ_UTC;
        }
    }
    if (i != len)
        return -1;
    *t = gt_time_from_civil(y, mo, d, h, mi, se + frac) - offset;
    *tz = zone;
    return 0;
}

void gt_time_iso_week(double t, int *iso_year, int *week)
{
    long days = (long)floor((t > -1e13 ? t < 1e13 ? t : 1e13 : -1e13) / 86400.0);
    int wday = (int)(((days % 7) + 7 + 3) % 7); /* 0 = Monday; 1970-01-01 was a Thursday */
    long thursday = days - wday + 3;
    int y, m, d;
    civil_from_days(thursday, &y, &m, &d);
    long jan1 = days_from_civil(y, 1, 1);
    *iso_year = y;
    *week = (int)((thursday - jan1) / 7 + 1);
}

/* v (0 .. 10^n - 1) in n digits at o; o + n. */
static char *put_digits(char *o, int v, int n)
{
    for (int i = n - 1; i >= 0; i--, v /= 10)
        o[i] = (char)('0' + v % 10);
    return o + n;
}

char *gt_time_fmt(double t, int utc, char *buf, size_t size)
{
    int y, mo, d, h, mi;
    double s;
    gt_time_to_civil(floor(t), &y, &mo, &d, &h, &mi, &s);
    int sec = (int)s;
    if (y < 0 || y > 9999 || size < 21 || sec < 0 || sec > 99) {
        snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d%s", y, mo, d, h, mi, sec,
                 utc ? "Z" : "");
        return buf;
    }
    /* the common case without printf (a column of every report) */
    char *o = put_digits(buf, y, 4);
    *o++ = '-';
    o = put_digits(o, mo, 2);
    *o++ = '-';
    o = put_digits(o, d, 2);
    *o++ = 'T';
    o = put_digits(o, h, 2);
    *o++ = ':';
    o = put_digits(o, mi, 2);
    *o++ = ':';
    o = put_digits(o, sec, 2);
    if (utc)
        *o++ = 'Z';
    *o = '\0';
    return buf;
}

char *gt_time_period_fmt(double t, char unit, char *buf, size_t size)
{
    int y, mo, d, h, mi;
    double s;
    gt_time_to_civil(t, &y, &mo, &d, &h, &mi, &s);
    if (unit == 'w')
        gt_time_iso_week(t, &y, &mo);
    if (y < 0 || y > 9999 || size < 11) {
        if (unit == 'd')
            snprintf(buf, size, "%04d-%02d-%02d", y, mo, d);
        else if (unit == 'm')
            snprintf(buf, size, "%04d-%02d", y, mo);
        else if (unit == 'y')
            snprintf(buf, size, "%04d", y);
        else
            snprintf(buf, size, "%04d-W%02d", y, mo);
        return buf;
    }
    char *o = put_digits(buf, y, 4);
    if (unit != 'y') {
        *o++ = '-';
        if (unit == 'w')
            *o++ = 'W';
        o = put_digits(o, mo, 2);
    }
    if (unit == 'd') {
        *o++ = '-';
        o = put_digits(o, d, 2);
    }
    *o = '\0';
    return buf;
}
