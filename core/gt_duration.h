/* gt_duration.h - durations as people and schedulers write them. */
#ifndef GT_DURATION_H
#define GT_DURATION_H

#include <stddef.h>

#include "gt_error.h"

/* Parses a duration into seconds. Accepted forms:
 *   unit sequences   12h  12h30m  90m  45s  2d  1.5h  1d 2h 3m 4s  (d h m s, also
 *                    min/mins/hr/hrs/sec/secs/day/days/hour/hours)
 *   clock forms      1:30:00 (H:MM:SS)  30:00 (MM:SS, as SLURM prints < 1 h)
 *   SLURM forms      2-03:00:00 (D-HH:MM:SS)  2-03:00 (D-HH:MM)  2-03 (D-HH)
 *   plain seconds    3600  3600.5
 * Fractional seconds are allowed in the last clock field (22:40.123).
 * On error returns GT_E_PARSE with a message naming the text. */
enum gt_status gt_duration_parse(const char *s, size_t len, double *out_s, struct gt_error *err);

/* Formats seconds compactly: "12h", "2h50m", "1d2h", "45s", "1.5s", "0s".
 * Writes into buf (always NUL-terminated); returns buf. */
char *gt_duration_fmt(double seconds, char *buf, size_t size);

#endif
