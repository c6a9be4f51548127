/* libFuzzer target: the CSV stream's quote-free fast path against libcsv on
 * arbitrary bytes: the same rows (line, cells, lengths), malformed rows,
 * status and error text, fed at once and in small pieces (csv_diff.h). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "csv_diff.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    size_t step = data[0] % 8; /* 0: at once, else pieces of 1..7 bytes */
    if (csv_diff((const char *)data + 1, size - 1, step) != 0 ||
        csv_diff((const char *)data + 1, size - 1, 0) != 0)
        abort();
    return 0;
}
