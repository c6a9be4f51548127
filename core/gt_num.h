/* gt_num.h - bounded number parsing from {ptr,len} slices. */
#ifndef GT_NUM_H
#define GT_NUM_H

#include <stddef.h>

/* Parses a finite decimal number (optional sign, digits, '.', exponent) that
 * fills the whole slice, leading/trailing blanks allowed. Returns 0 on
 * success, -1 otherwise (*out untouched). Locale-independent. The double is
 * the correctly rounded value, bit for bit what strtod gives in the C locale
 * (Clinger's fast path, Eisel-Lemire, strtod for what they cannot decide;
 * see core/num.c). */
int gt_num_parse(const char *s, size_t len, double *out);

/* As gt_num_parse but for a non-negative integer that fits in long. */
int gt_num_parse_long(const char *s, size_t len, long *out);

/* Writes "nan", "inf", "-inf" or "0" for those values and returns 1;
 * returns 0 (buf untouched) for any other number. */
int gt_num_fmt_special(double v, char *buf, size_t size);

/* Formats v with the shortest "%.*g" (up to 17 digits) that reads back
 * exactly; never uses the locale's decimal comma. Returns buf. */
char *gt_num_fmt(double v, char *buf, size_t size);
/* The same text found with snprintf and a read-back (what gt_num_fmt does
 * for values its integer path does not cover; the unit tests' reference for
 * that path). Returns buf. */
char *gt_num_fmt_printf(double v, char *buf, size_t size);

#endif
