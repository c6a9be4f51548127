/* cmd_config.c - greentally config show: the defaults of `estimate` and
 * where each comes from. */
#include <stdio.h>
#include <string.h>

#include "gt_defaults.h"

static const struct gt_option options[] = {GT_OPT_END};

/* what `estimate` does when nothing sets the key */
static const char *builtin(const char *key)
{
    static const struct {
        const char *key, *what;
    } b[] = {
        {"location", "WORLD (Green Algorithms' world average)"},
        {"pue", "the platform's (local 1.56, personal 1, cloud: the provider's)"},
        {"provider", "none (not cloud)"},
        {"platform", "local (cloud with --provider)"},
        {"ci-dataset", "ga-v3.0 (Green Algorithms v3.0)"},
        {"cpu", "none (Green Algorithms' 'Any' CPU with --cores)"},
        {"gpu", "none"},
        {"memory-power", "0.3725 W/GB (Green Algorithms)"},
    };
    for (size_t i = 0; i < sizeof b / sizeof b[0]; i++)
        if (!strcmp(b[i].key, key))
            return b[i].what;
    return "-";
}

static int run(struct gt_args *a)
{
    if (a->npos != 1 || strcmp(a->pos[0], "show"))
        return gt_fail(GT_EXIT_USAGE,
                       a->npos ? "unknown config command '%s' (show)"
                               : "config needs a command: show%s",
                       a->npos ? a->pos[0] : "");
    struct gt_defaults d;
    int rc = gt_defaults_load(&d);
    if (rc) {
        gt_defaults_release(&d);
        return rc;
    }
    printf("%-13s %-24s %s\n", "key", "value", "from");
    for (int i = 0; gt_config_keys[i]; i++) {
        char where[400];
        enum gt_default_src src;
        const char *v = gt_defaults_get(&d, gt_config_keys[i], &src, where, sizeof where);
        if (src == GT_DEF_ENV)
            printf("%-13s %-24s environment (%s)\n", gt_config_keys[i], v, where);
        else if (src == GT_DEF_CONFIG)
            printf("%-13s %-24s config (%s)\n", gt_config_keys[i], v, where);
        else
            printf("%-13s %-24s built-in: %s\n", gt_config_keys[i], "-",
                   builtin(gt_config_keys[i]));
    }
    if (!d.path[0])
        printf("config file: none (no HOME)\n");
    else
        printf("config file: %s (%s)\n", d.path, d.file_read ? "read" : "not present");
    printf("a flag given to estimate replaces all of these\n");
    gt_defaults_release(&d);
    return fflush(stdout) ? gt_fail(GT_EXIT_DATA, "cannot write standard output") : 0;
}

const struct cmd_entry gt_cmd_config = {
    "config",
    "show",
    "Show the defaults of estimate (location, PUE, provider, ...) and where each comes from: "
    "environment, config file or built-in.",
    "Defaults people repeat can be set once, for `estimate`: in the environment as "
    "GREENTALLY_LOCATION, GREENTALLY_PUE, GREENTALLY_PROVIDER, GREENTALLY_PLATFORM, "
    "GREENTALLY_CI_DATASET, GREENTALLY_CPU, GREENTALLY_GPU, GREENTALLY_MEMORY_POWER, or in the "
    "config file $XDG_CONFIG_HOME/greentally/config (else ~/.config/greentally/config; "
    "GREENTALLY_CONFIG names another), one 'key = value' a line (location, pue, provider, "
    "platform, ci-dataset, cpu, gpu, memory-power), '#' comments. A flag wins over the "
    "environment, the environment over the file. estimate notes every default it took and "
    "where from.\n"
    "Exit status: 0 ok, 1 usage error, 2 data error (a config file that cannot be read or has "
    "an unknown key, a line without '=' or a key set twice).",
    options,
    run,
};
