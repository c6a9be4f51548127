/* libFuzzer target: gt_num_parse (its one-pass fast path, Clinger's fast
 * path, the Eisel-Lemire reader with its w / w + 1 check past 19 digits, the
 * exact reading of dyadic values and the strtod fallback) against a plain
 * grammar check and strtod (num_ref.h) on arbitrary bytes: the same status
 * and the same double to the bit. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "num_ref.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (num_ref_diff((const char *)data, size) != 0)
        abort();
    return 0;
}
