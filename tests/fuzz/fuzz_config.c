/* libFuzzer target: the config file parser must never crash; every entry
 * has a known key and a non-empty value. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gt_config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct gt_config c;
    struct gt_error err;
    if (gt_config_parse((const char *)data, size, "fuzz", &c, &err) == GT_OK) {
        for (size_t i = 0; i < c.n; i++)
            if (!c.e[i].value[0] || gt_config_get(&c, c.e[i].key) == NULL)
                abort();
        gt_config_release(&c);
    }
    return 0;
}
