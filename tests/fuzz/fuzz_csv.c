/* libFuzzer target: gt_csv_parse over arbitrary bytes, ',' and ';'. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gt_csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct gt_csv t;
    struct gt_error err;
    for (int d = 0; d < 2; d++) {
        if (gt_csv_parse((const char *)data, size, d ? ';' : ',', "fuzz", &t, &err) == GT_OK) {
            long last = 0;
            for (size_t i = 0; i < t.nrows; i++) {
                if (t.rows[i].line < last) /* line numbers never go back */
                    abort();
                last = t.rows[i].line;
                for (size_t j = 0; j < t.rows[i].n; j++)
                    (void)strlen(t.rows[i].cells[j]);
            }
            gt_csv_release(&t);
        }
    }
    return 0;
}
