/* gt_time.h - calendar arithmetic and timestamp parsing without the C
 * library's time zone machinery (pure, locale- and TZ-independent). */
#ifndef GT_TIME_H
#define GT_TIME_H

#include <stddef.h>

#include "gt_record.h"

/* Seconds since 1970-01-01T00:00:00 of a proleptic Gregorian date-time. */
double gt_time_from_civil(int year, int month, int day, int hour, int min, double sec);

/* Breaks t (as returned above) into its fields. */
void gt_time_to_civil(double t, int *year, int *month, int *day, int *hour, int *min, double *sec);

/* Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.frac]]" (or a space instead of
 * 'T'), optionally followed by 'Z' or "+hh:mm"/"-hh:mm"/"+hhmm" (then
 * converted to UTC). Blanks around are allowed; anything else fails.
 * Returns 0 and sets *t and *tz (GT_TZ_UTC or GT_TZ_LOCAL), -1 on failure. */
int gt_time_parse(const char *s, size_t len, double *t, enum gt_tz *tz);

/* The day of the last "YYYY-MM-DDTHH:MM:SS" read by gt_time_parse_memo
 * (rows of a log come in date order). Zero it before the first use. */
struct gt_time_memo {
    char date[10]; /* "YYYY-MM-DD" */
    int valid;
    long days; /* since 1970-01-01 */
};

/* gt_time_parse, with the same result; a timestamp of the fixed form whose
 * date is the memo's skips reading and converting the date again. */
int gt_time_parse_memo(struct gt_time_memo *m, const char *s, size_t len, double *t,
                       enum gt_tz *tz);

/* ISO 8601 week of t: *iso_year and *week (1..53). */
void gt_time_iso_week(double t, int *iso_year, int *week);

/* "YYYY-MM-DDTHH:MM:SS" (+ 'Z' when utc) into buf (>= 21 bytes). */
char *gt_time_fmt(double t, int utc, char *buf, size_t size);

/* The period of t that unit names: "YYYY-MM-DD" ('d'), "YYYY-MM" ('m'),
 * "YYYY" ('y') or the ISO week "YYYY-Www" ('w'), into buf. */
char *gt_time_period_fmt(double t, char unit, char *buf, size_t size);

#endif
