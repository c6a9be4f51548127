#include "gt_report.h"

/* Work in progress (issue 4): replaced by the libharu writer. */
int gt_report_write_pdf(FILE *out, const struct gt_report *r, struct gt_error *err)
{
    (void)out;
    (void)r;
    gt_error_set(err, GT_E_USAGE, "PDF reports are not built yet");
    return -1;
}
