/* fuzz_write_csv.c - an aggregate in, well-formed CSV out (report CSV, its
 * group table, summary CSV) and a terminal-safe summary table: every CSV
 * parses, each row has the header's cells, no cell holds a control
 * character or invalid UTF-8, no cell would run as a spreadsheet formula. */
#include "fuzz_write_common.h"
#include "gt_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_csv(const struct fz_out *o)
{
    struct gt_csv t;
    struct gt_error err = {0};
    if (gt_csv_parse(o->buf, o->len, ',', "out", &t, &err) != GT_OK)
        abort();
    for (size_t i = 0; i < t.nrows; i++) {
        if (i && t.rows[i].n != t.rows[0].n)
            abort();
        for (size_t j = 0; j < t.rows[i].n; j++) {
            const char *c = t.rows[i].cells[j];
            if (!gt_text_is_safe(c, 0) || gt_text_is_formula(c))
                abort();
        }
    }
    gt_csv_release(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f = {data, size};
    struct fz_doc d;
    if (fz_doc_build(&f, &d) != 0)
        return 0;
    struct fz_out o;
    struct gt_error err = {0};
    if (gt_report_write_csv(fz_open(&o), &d.r, &err) != 0)
        abort();
    fz_close(&o);
    check_csv(&o);
    free(o.buf);
    if (d.opts.nby) {
        if (gt_report_write_groups_csv(fz_open(&o), &d.r, &err) != 0)
            abort();
        fz_close(&o);
        check_csv(&o);
        free(o.buf);
    }
    if (gt_summary_write_csv(fz_open(&o), &d.r.sum) != 0)
        abort();
    fz_close(&o);
    check_csv(&o);
    free(o.buf);
    /* the table goes to a terminal: UTF-8, and no control but the newlines */
    if (gt_summary_write_table(fz_open(&o), &d.r.sum) != 0)
        abort();
    fz_close(&o);
    for (size_t i = 0; i < o.len; i++)
        if (o.buf[i] == '\n')
            o.buf[i] = ' ';
    if (strlen(o.buf) != o.len || !gt_text_is_safe(o.buf, 0))
        abort();
    free(o.buf);
    fz_doc_release(&d);
    return 0;
}
