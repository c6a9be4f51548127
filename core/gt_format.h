/* gt_format.h - human formatting of energy and mass. */
#ifndef GT_FORMAT_H
#define GT_FORMAT_H

#include <stddef.h>

/* Energy with a unit chosen so the number is in [1, 1000): mWh, Wh, kWh, MWh,
 * GWh, two decimals as Green Algorithms shows them ("264.45 Wh", "2.13 kWh",
 * "0 Wh"); below 1 mWh three significant digits.
 * Writes into buf (always NUL-terminated); returns buf. */
char *gt_format_energy(double kwh, char *buf, size_t size);

/* Mass of CO2e given in grams: mg, g, kg, t (metric tonnes, 1e6 g - unlike
 * Green Algorithms, which labels value/1e3 as "T"), kt; two decimals.
 * Writes into buf; returns buf. */
char *gt_format_mass(double g, char *buf, size_t size);

/* A number with `sig` significant digits, no exponent for 1e-4 <= |v| < 1e15,
 * trailing zeros kept (so columns line up). Returns buf. */
char *gt_format_sig(double v, int sig, char *buf, size_t size);

/* 1 when s is valid UTF-8 (no overlongs, surrogates or code points above
 * U+10FFFF). */
int gt_utf8_valid(const char *s);

/* A malloc'ed UTF-8 copy of s in which every byte that is not part of a
 * valid UTF-8 sequence is read as Latin-1 (the usual other encoding of log
 * files), so 'caf\xe9' becomes 'café'. NULL when out of memory. */
char *gt_utf8_from_mixed(const char *s);

#endif
