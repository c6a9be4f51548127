#include "gt_report.h"

/* Work in progress (issue 4): replaced by the libxlsxwriter writer. */
int gt_report_write_xlsx(const char *path, const struct gt_report *r, struct gt_error *err)
{
    (void)path;
    (void)r;
    gt_error_set(err, GT_E_USAGE, "XLSX reports are not built yet");
    return -1;
}
