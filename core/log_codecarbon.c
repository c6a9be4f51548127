/* STUB */
#include "gt_logs.h"
int gt_cc_sniff(const char *head, size_t len)
{
    (void)head;
    (void)len;
    return 0;
}
struct gt_stream *gt_cc_open(const struct gt_parse_ctx *ctx)
{
    (void)ctx;
    return NULL;
}
enum gt_status gt_cc_feed(struct gt_stream *s, const char *buf, size_t len, struct gt_error *err)
{
    (void)s;
    (void)buf;
    (void)len;
    (void)err;
    return GT_OK;
}
enum gt_status gt_cc_finish(struct gt_stream *s, struct gt_error *err)
{
    (void)s;
    (void)err;
    return GT_OK;
}
