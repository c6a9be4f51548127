/* libFuzzer target: gt_ga_export_sniff + gt_ga_export_parse (the Green
 * Algorithms calculator CSV export) over arbitrary bytes. */
#include "fuzz_parse_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)gt_ga_export_sniff((const char *)data, size);
    run_parser(gt_ga_export_parse, data, size, csv_rows(data, size, ';'));
    return 0;
}
