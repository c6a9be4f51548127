/* libFuzzer target: gt_greentally_sniff + gt_greentally_parse over arbitrary
 * bytes. A log is one run: one row read (emitted or rejected) when it has a
 * non-blank line, none otherwise. */
#include "fuzz_parse_common.h"

static long run_rows(const uint8_t *data, size_t size)
{
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
