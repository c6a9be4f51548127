/* gt_defaults.h - defaults people repeat (location, PUE, provider, ...) from
 * GREENTALLY_* environment variables and the config file, for `estimate`,
 * with where each came from (`greentally config show`). Precedence: a flag,
 * then the environment, then the config file, then the built-in default. */
#ifndef GT_DEFAULTS_H
#define GT_DEFAULTS_H

#include <stddef.h>

#include "gt_cli.h"
#include "gt_config.h"

enum gt_default_src { GT_DEF_BUILTIN, GT_DEF_CONFIG, GT_DEF_ENV, GT_DEF_FLAG };

struct gt_defaults {
    char path[1024]; /* the config file looked for ("" when no HOME either) */
    int file_read;   /* it exists and was read */
    struct gt_config cfg;
};

/* Reads the config file: $GREENTALLY_CONFIG, else
 * $XDG_CONFIG_HOME/greentally/config, else ~/.config/greentally/config (a
 * missing file is no error). 0, or an exit code after printing why. */
int gt_defaults_load(struct gt_defaults *d);
void gt_defaults_release(struct gt_defaults *d);

/* The value of key and where it comes from (not looking at flags): the
 * environment variable GREENTALLY_<KEY>, else the config file, else NULL
 * (built-in). *where: "GREENTALLY_PUE" or "FILE:LINE" (into buf). */
const char *gt_defaults_get(const struct gt_defaults *d, const char *key, enum gt_default_src *src,
                            char *buf, size_t size);

/* Sets every option of a that is a config key and was not given as a flag
 * from the environment or config; a->origin[i] says where from (a static
 * or d-owned string that outlives a). */
void gt_defaults_apply(const struct gt_defaults *d, struct gt_args *a);

#endif
