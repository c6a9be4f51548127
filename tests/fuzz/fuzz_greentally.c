/* libFuzzer target: gt_greentally_sniff + gt_greentally_parse over arbitrary
 * bytes. A log is one run: one row read (emitted or rejected) when it has a
 * non-blank line, none otherwise; logs glued together (a second header
 * object) are read as several runs, so bytes naming "header" twice are not
 * held to one row. */
#define _GNU_SOURCE /* memmem */
#include <string.h>

#include "fuzz_parse_common.h"

static long run_rows(const uint8_t *data, size_t size)
{
    /* a header's type may be spelled with escapes ("\u0068eader") or cut
     * short by a NUL inside its string ("header\0..." reads as "header"):
     * bytes with either, or naming header twice, are not held to one row */
    static const char h[] = "header";
    const uint8_t *p = memmem(data, size, h, sizeof h - 1);
    if (p && memmem(p + 1, size - (size_t)(p + 1 - data), h, sizeof h - 1))
        return -1; /* possibly several runs */
    if (memchr(data, '\\', size) || memchr(data, '\0', size))
        return -1;
    for (size_t i = 0; i < size; i++)
        if (data[i] != ' ' && data[i] != '\t' && data[i] != '\r' && data[i] != '\n')
            return 1;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)csv_rows; /* the shared harness's CSV row count: not used by this format */
    (void)gt_greentally_sniff((const char *)data, size);
    run_parser(gt_greentally_parse, data, size, run_rows(data, size));
    return 0;
}
