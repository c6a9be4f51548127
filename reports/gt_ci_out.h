/* gt_ci_out.h - writers for carbon-intensity series: the series CSV and the
 * statistics `greentally ci series|fetch` print. */
#ifndef GT_CI_OUT_H
#define GT_CI_OUT_H

#include <stdio.h>

#include "gt_ci.h"

/* timestamp,carbon_intensity_g_per_kwh,zone: one row per point (UTC, Z); a
 * stretch no point covers gets a row with an empty value where it starts, so
 * the file reads back to the same coverage. Returns 0, -1 on write error. */
int gt_ci_write_series_csv(FILE *out, const struct gt_ci_series *s);

/* Statistics of a series; `name` is the file or source it came from. */
int gt_ci_write_stats_table(FILE *out, const char *name, const struct gt_ci_series *s,
                            enum gt_ci_interp m);
int gt_ci_write_stats_json(FILE *out, const char *name, const struct gt_ci_series *s,
                           enum gt_ci_interp m);
int gt_ci_write_stats_csv(FILE *out, const char *name, const struct gt_ci_series *s,
                          enum gt_ci_interp m);

#endif
