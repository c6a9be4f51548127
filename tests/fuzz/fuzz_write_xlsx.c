/* fuzz_write_xlsx.c - an aggregate in, a well-formed XLSX out: the zip's
 * central directory is read, every .xml and .rels part inflated (zlib) and
 * parsed (expat); one that is not well-formed XML aborts. */
#include <expat.h>
#include <unistd.h>
#include <zlib.h>

#include "fuzz_write_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static unsigned rd16(const unsigned char *p)
{
    return (unsigned)p[0] | (unsigned)p[1] << 8;
}

static unsigned long rd32(const unsigned char *p)
{
    return (unsigned long)rd16(p) | (unsigned long)rd16(p + 2) << 16;
}

static void check_xml(const char *x, size_t n)
{
    XML_Parser p = XML_ParserCreate(NULL);
    if (!p)
        abort();
    if (XML_Parse(p, x, (int)n, 1) != XML_STATUS_OK)
        abort();
    XML_ParserFree(p);
}

static void check_zip(const unsigned char *z, size_t n)
{
    size_t e = n >= 22 ? n - 22 : 0;
    while (e > 0 && rd32(z + e) != 0x06054b50UL)
        e--;
    if (rd32(z + e) != 0x06054b50UL)
        abort();
    unsigned entries = rd16(z + e + 10);
    size_t cd = rd32(z + e + 16), parts = 0;
    for (unsigned i = 0; i < entries; i++) {
        if (cd + 46 > n || rd32(z + cd) != 0x02014b50UL)
            abort();
        unsigned method = rd16(z + cd + 10), nl = rd16(z + cd + 28);
        size_t csize = rd32(z + cd + 20), usize = rd32(z + cd + 24), lh = rd32(z + cd + 42);
        const char *name = (const char *)z + cd + 46;
        int xml = (nl > 4 && !memcmp(name + nl - 4, ".xml", 4)) ||
                  (nl > 5 && !memcmp(name + nl - 5, ".rels", 5));
        cd += 46 + nl + rd16(z + cd + 30) + rd16(z + cd + 32);
        if (!xml)
            continue;
        if (lh + 30 > n || rd32(z + lh) != 0x04034b50UL)
            abort();
        size_t at = lh + 30 + rd16(z + lh + 26) + rd16(z + lh + 28);
        if (at + csize > n)
            abort();
        char *out = malloc(usize + 1);
        if (!out)
            abort();
        if (method == 0) {
            memcpy(out, z + at, usize);
        } else {
            z_stream s;
            memset(&s, 0, sizeof s);
            if (method != 8 || inflateInit2(&s, -MAX_WBITS) != Z_OK)
                abort();
            s.next_in = (unsigned char *)(uintptr_t)(z + at);
            s.avail_in = (uInt)csize;
            s.next_out = (unsigned char *)out;
            s.avail_out = (uInt)usize;
            if (inflate(&s, Z_FINISH) != Z_STREAM_END)
                abort();
            inflateEnd(&s);
        }
        check_xml(out, usize);
        free(out);
        parts++;
    }
    if (parts < 5)
        abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0]) {
        snprintf(path, sizeof path, "/tmp/fuzz-xlsx-%ld.xlsx", (long)getpid());
    }
    struct fz f = {data, size};
    struct fz_doc d;
    if (fz_doc_build(&f, &d) != 0)
        return 0;
    struct gt_error err = {0};
    if (gt_report_write_xlsx(path, &d.r, &err) != 0)
        abort();
    FILE *in = fopen(path, "rb");
    if (!in)
        abort();
    static unsigned char z[1 << 24];
    size_t n = fread(z, 1, sizeof z, in);
    fclose(in);
    unlink(path);
    check_zip(z, n);
    fz_doc_release(&d);
    return 0;
}
