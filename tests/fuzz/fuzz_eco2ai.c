/* libFuzzer target: gt_eco2ai_sniff + gt_eco2ai_parse over arbitrary bytes. */
#include "fuzz_parse_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)gt_eco2ai_sniff((const char *)data, size);
    run_parser(gt_eco2ai_parse, data, size, csv_rows(data, size, ','));
    return 0;
}
