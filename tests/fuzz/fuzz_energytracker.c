/* libFuzzer target: the seed-000 EnergyTracker parsers (co2/total.csv and
 * GreenAlgorithm_emissions.txt, one row) with their sniffers, over arbitrary
 * bytes. */
#include "fuzz_parse_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    (void)gt_et_total_sniff((const char *)data, size);
    (void)gt_et_ga_sniff((const char *)data, size);
    run_parser(gt_et_total_parse, data, size, csv_rows(data, size, ','));
    run_parser(gt_et_ga_parse, data, size, 1);
    return 0;
}
