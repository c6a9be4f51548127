/* STUB: replaced by the eco2ai parser */
#include "gt_logs.h"
int gt_eco2ai_sniff(const char *head, size_t len)
{
    (void)head;
    (void)len;
    return 0;
}
enum gt_status gt_eco2ai_parse(const char *data, size_t len, const struct gt_parse_ctx *ctx,
                               struct gt_error *err)
{
    (void)data;
    (void)len;
    (void)ctx;
    return gt_error_set(err, GT_E_DATA, "not implemented");
}
