/* defaults.c - defaults from the environment and the config file (see
 * gt_defaults.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_defaults.h"

int gt_defaults_load(struct gt_defaults *d)
{
    memset(d, 0, sizeof *d);
    const char *p = getenv("GREENTALLY_CONFIG"), *x = getenv("XDG_CONFIG_HOME"),
               *h = getenv("HOME");
    if (p && *p)
        snprintf(d->path, sizeof d->path, "%s", p);
    else if (x && *x)
        snprintf(d->path, sizeof d->path, "%s/greentally/config", x);
    else if (h && *h)
        snprintf(d->path, sizeof d->path, "%s/.config/greentally/config", h);
    if (!d->path[0])
        return 0;
    FILE *f = fopen(d->path, "rb");
    if (!f)
        return 0; /* no config file: nothing to read */
    fclose(f);
    char *data;
    size_t len;
    struct gt_error err = {0};
    if (gt_read_file(d->path, &data, &len, &err) != GT_OK)
        return gt_fail(GT_EXIT_DATA, "%s", err.msg);
    enum gt_status st = gt_config_parse(data, len, d->path, &d->cfg, &err);
    free(data);
    if (st != GT_OK)
        return gt_fail(GT_EXIT_DATA, "%s", err.msg);
    d->file_read = 1;
    return 0;
}

void gt_defaults_release(struct gt_defaults *d)
{
    gt_config_release(&d->cfg);
}

const char *gt_defaults_get(const struct gt_defaults *d, const char *key, enum gt_default_src *src,
                            char *buf, size_t size)
{
    char env[64] = "GREENTALLY_";
    size_t n = strlen(env);
    for (const char *k = key; *k && n + 1 < sizeof env; k++)
        env[n++] = *k == '-' ? '_' : (char)(*k >= 'a' && *k <= 'z' ? *k - 'a' + 'A' : *k);
    env[n] = 0;
    const char *v = getenv(env);
    if (v && *v) {
        *src = GT_DEF_ENV;
        snprintf(buf, size, "%s", env);
        return v;
    }
    const struct gt_config_entry *e = gt_config_get(&d->cfg, key);
    if (e) {
        *src = GT_DEF_CONFIG;
        snprintf(buf, size, "%.200s:%ld", d->path, e->line);
        return e->value;
    }
    *src = GT_DEF_BUILTIN;
    buf[0] = 0;
    return NULL;
}

void gt_defaults_apply(const struct gt_defaults *d, struct gt_args *a)
{
    for (int i = 0; a->opts[i].name && i < GT_MAX_OPTS; i++) {
        const char *key = NULL;
        for (int k = 0; gt_config_keys[k] && !key; k++)
            if (!strcmp(gt_config_keys[k], a->opts[i].name))
                key = gt_config_keys[k];
        if (!key || a->val[i].set)
            continue;
        enum gt_default_src src;
        char where[260];
        const char *v = gt_defaults_get(d, key, &src, where, sizeof where);
        if (!v)
            continue;
        snprintf(a->origin[i], sizeof a->origin[i], "%s (%s)",
                 src == GT_DEF_ENV ? "the environment" : "the config file", where);
        a->val[i].set = 1;
        a->val[i].value = v;
    }
}
