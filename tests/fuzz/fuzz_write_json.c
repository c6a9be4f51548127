/* fuzz_write_json.c - an aggregate in, well-formed JSON out (report and
 * summary): valid UTF-8 that cJSON parses back, with the accounting intact. */
#include <cJSON.h>

#include "fuzz_write_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_json(const struct fz_out *o, const struct gt_accounting *a)
{
    if (strlen(o->buf) != o->len || !gt_utf8_valid(o->buf))
        abort();
    cJSON *j = cJSON_ParseWithLength(o->buf, o->len);
    if (!j)
        abort();
    const cJSON *acc = cJSON_GetObjectItemCaseSensitive(j, "accounting");
    const cJSON *rr = cJSON_GetObjectItemCaseSensitive(acc, "rows_read");
    if (!cJSON_IsNumber(rr) || rr->valuedouble != (double)a->rows_read)
        abort();
    cJSON_Delete(j);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f = {data, size};
    struct fz_doc d;
    if (fz_doc_build(&f, &d) != 0)
        return 0;
    struct fz_out o;
    struct gt_error err = {0};
    if (gt_report_write_json(fz_open(&o), &d.r, &err) != 0)
        abort();
    fz_close(&o);
    check_json(&o, &d.res->acc);
    free(o.buf);
    if (gt_summary_write_json(fz_open(&o), &d.r.sum) != 0)
        abort();
    fz_close(&o);
    check_json(&o, &d.res->acc);
    free(o.buf);
    fz_doc_release(&d);
    return 0;
}
