/* fuzz_write_pdf.c - an aggregate in, a well-formed PDF out: the header, the
 * trailer, startxref pointing at the xref table, and every object the table
 * lists found at its offset ("N 0 obj"). */
#include "fuzz_write_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_pdf(const char *p, size_t n)
{
    if (n < 64 || memcmp(p, "%PDF-1.", 7) != 0)
        abort();
    /* "startxref\nOFFSET\n%%EOF" at the end */
    const char *sx = NULL;
    for (size_t i = n - 9; i > n - 64 && !sx; i--)
        if (!memcmp(p + i, "startxref", 9))
            sx = p + i;
    if (!sx || !strstr(sx, "%%EOF"))
        abort();
    unsigned long off = strtoul(sx + 10, NULL, 10);
    if (off + 5 > n || memcmp(p + off, "xref\n", 5) != 0)
        abort();
    char *e;
    unsigned long first = strtoul(p + off + 5, &e, 10);
    unsigned long count = strtoul(e, &e, 10);
    if (first != 0 || count < 2)
        abort();
    const char *ent = e + 1; /* after "\n" */
    for (unsigned long k = 0; k < count; k++, ent += 20) {
        if (ent + 20 > p + n || (ent[17] != 'n' && ent[17] != 'f'))
            abort();
        if (ent[17] == 'f')
            continue;
        unsigned long o = strtoul(ent, NULL, 10);
        char want[32];
        int wl = snprintf(want, sizeof want, "%lu 0 obj", k);
        if (o + (size_t)wl > n || memcmp(p + o, want, (size_t)wl) != 0)
            abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct fz f = {data, size};
    struct fz_doc d;
    if (fz_doc_build(&f, &d) != 0)
        return 0;
    struct fz_out o;
    struct gt_error err = {0};
    if (gt_report_write_pdf(fz_open(&o), &d.r, &err) != 0)
        abort();
    fz_close(&o);
    check_pdf(o.buf, o.len);
    free(o.buf);
    fz_doc_release(&d);
    return 0;
}
