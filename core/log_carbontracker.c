/* STUB: replaced by the carbontracker parser */
#include "gt_logs.h"
int gt_ct_sniff_std(const char *head, size_t len)
{
    (void)head;
    (void)len;
    return 0;
}
int gt_ct_sniff_out(const char *head, size_t len)
{
    (void)head;
    (void)len;
    return 0;
}
enum gt_status gt_ct_parse(const char *std, size_t std_len, const char *out, size_t out_len,
                           const struct gt_parse_ctx *ctx, struct gt_error *err)
{
    (void)std;
    (void)std_len;
    (void)out;
    (void)out_len;
    (void)ctx;
    return gt_error_set(err, GT_E_DATA, "not implemented");
}
