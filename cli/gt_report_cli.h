/* gt_report_cli.h - writing a struct gt_report to -o FILE in any format,
 * shared by `report` and `estimate -o FILE.pdf`. */
#ifndef GT_REPORT_CLI_H
#define GT_REPORT_CLI_H

#include "gt_cli.h"
#include "gt_report.h"

/* r->generated from SOURCE_DATE_EPOCH or the clock; 0 or an exit code. */
int gt_report_set_time(struct gt_report *r);
/* --equivalents (s, or NULL for the default) into r; 0 or a usage exit code
 * after printing why. */
int gt_report_set_equivalents(struct gt_report *r, const char *s);

/* Writes r atomically to path ("-" or NULL: standard output) in format f;
 * with CSV and groups, the group table goes to PATH.groups.csv beside it.
 * Returns an exit code (messages printed). */
int gt_report_emit(const char *path, enum gt_format f, const struct gt_report *r, int quiet);

#endif
