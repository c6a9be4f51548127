/* gt_config.h - the defaults file ($XDG_CONFIG_HOME/greentally/config): one
 * "key = value" per line, '#' starts a comment, blank lines ignored. The
 * keys are the defaults people repeat for `estimate`: location, pue,
 * provider, platform, ci-dataset, cpu, gpu, memory-power ('_' may stand for
 * '-'). Pure: bytes in, entries out. */
#ifndef GT_CONFIG_H
#define GT_CONFIG_H

#include <stddef.h>

#include "gt_error.h"

/* The keys, NULL-terminated, in the order `config show` lists them. */
extern const char *const gt_config_keys[];

struct gt_config_entry {
    const char *key; /* one of gt_config_keys */
    char *value;     /* owned, trimmed */
    long line;
};
struct gt_config {
    struct gt_config_entry *e; /* owned */
    size_t n;
};

/* Parses data[0..len) of the file `name`. An unknown key (with the closest
 * known one), a line without '=', an empty value or a key given twice is
 * GT_E_PARSE with name:line; c is empty then. */
enum gt_status gt_config_parse(const char *data, size_t len, const char *name, struct gt_config *c,
                               struct gt_error *err);
void gt_config_release(struct gt_config *c);
/* The entry for key, or NULL. */
const struct gt_config_entry *gt_config_get(const struct gt_config *c, const char *key);

#endif
