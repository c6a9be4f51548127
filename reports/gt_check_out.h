/* gt_check_out.h - the verdict of `greentally check`: one line (then a
 * line per group with a budget, and the change against a baseline), or a
 * Markdown summary for a CI job's step summary. */
#ifndef GT_CHECK_OUT_H
#define GT_CHECK_OUT_H

#include <stdio.h>

#include "gt_agg.h"
#include "gt_check.h"

struct gt_check_doc {
    const struct gt_check *c;
    const struct gt_agg_result *res;
    const char *by;            /* the --by key name of the groups, NULL when none */
    const char *baseline_file; /* --baseline as given, NULL when none */
    const char *tool_version;
};

/* Each returns 0, or -1 on a write error. */
int gt_check_write_text(FILE *o, const struct gt_check_doc *d);
int gt_check_write_markdown(FILE *o, const struct gt_check_doc *d);

#endif
