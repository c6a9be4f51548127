/* STUB: replaced by the EnergyTracker parsers */
#include "gt_logs.h"
int gt_et_total_sniff(const char *head, size_t len)
{
    (void)head;
    (void)len;
    return 0;
}
enum gt_status gt_et_total_parse(const char *data, size_t len, const struct gt_parse_ctx *ctx,
                                 struct gt_error *err)
{
    (void)data;
    (void)len;
    (void)ctx;
    return gt_error_set(err, GT_E_DATA, "not implemented");
}
int gt_et_ga_sniff(const char *head, size_t len)
{
    (void)head;
    (void)len;
    return 0;
}
enum gt_status gt_et_ga_parse(const char *data, size_t len, const struct gt_parse_ctx *ctx,
                              struct gt_error *err)
{
    (void)data;
    (void)len;
    (void)ctx;
    return gt_error_set(err, GT_E_DATA, "not implemented");
}
