/* config.c - the defaults file (see gt_config.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_config.h"
#include "gt_text.h"

const char *const gt_config_keys[] = {"location", "pue", "provider",     "platform", "ci-dataset",
                                      "cpu",      "gpu", "memory-power", NULL};

void gt_config_release(struct gt_config *c)
{
    for (size_t i = 0; i < c->n; i++)
        free(c->e[i].value);
    free(c->e);
    c->e = NULL;
    c->n = 0;
}

const struct gt_config_entry *gt_config_get(const struct gt_config *c, const char *key)
{
    for (size_t i = 0; c && i < c->n; i++)
        if (!strcmp(c->e[i].key, key))
            return &c->e[i];
    return NULL;
}

static enum gt_status fail(struct gt_config *c, struct gt_error *err, const char *name, long line)
{
    gt_error_at(err, name, line, 0);
    gt_config_release(c);
    return err ? err->code : GT_E_PARSE;
}

enum gt_status gt_config_parse(const char *data, size_t len, const char *name, struct gt_config *c,
                               struct gt_error *err)
{
    c->e = NULL;
    c->n = 0;
    size_t nkeys = 0;
    while (gt_config_keys[nkeys])
        nkeys++;
    long line = 0;
    const char *s;
    size_t n;
    for (size_t off = 0; gt_text_next_line(data, len, &off, &line, &s, &n);) {
        const char *eq = memchr(s, '=', n);
        if (!eq) {
            gt_error_set(err, GT_E_PARSE, "expected 'key = value' in '%s' at line %ld", name, line);
            return fail(c, err, name, line);
        }
        const char *k = s, *v = eq + 1;
        size_t kn = (size_t)(eq - s), vn = (size_t)(s + n - v);
        gt_trim(&k, &kn);
        gt_trim(&v, &vn);
        char key[40];
        if (kn >= sizeof key)
            kn = sizeof key - 1;
        for (size_t i = 0; i < kn; i++)
            key[i] = k[i] == '_' ? '-' : k[i];
        key[kn] = 0;
        const char *known = NULL;
        for (size_t i = 0; i < nkeys && !known; i++)
            if (!strcmp(gt_config_keys[i], key))
                known = gt_config_keys[i];
        if (!known) {
            const char *close = gt_closest(key, gt_config_keys, nkeys);
            if (close)
                gt_error_set(err, GT_E_PARSE,
                             "unknown key '%s' in '%s' at line %ld; did you mean '%s'?", key, name,
                             line, close);
            else
                gt_error_set(err, GT_E_PARSE,
                             "unknown key '%s' in '%s' at line %ld (location, pue, provider, "
                             "platform, ci-dataset, cpu, gpu, memory-power)",
                             key, name, line);
            return fail(c, err, name, line);
        }
        if (!vn || memchr(v, '\0', vn)) {
            gt_error_set(err, GT_E_PARSE, "'%s' has no value in '%s' at line %ld", key, name, line);
            return fail(c, err, name, line);
        }
        const struct gt_config_entry *dup = gt_config_get(c, known);
        if (dup) {
            gt_error_set(err, GT_E_PARSE, "'%s' is set twice in '%s' (lines %ld and %ld)", known,
                         name, dup->line, line);
            return fail(c, err, name, line);
        }
        struct gt_config_entry *ne = realloc(c->e, (c->n + 1) * sizeof *ne);
        char *val = malloc(vn + 1);
        if (!ne || !val) {
            free(val);
            if (ne)
                c->e = ne;
            gt_error_set(err, GT_E_NOMEM, "out of memory");
            return fail(c, err, name, line);
        }
        c->e = ne;
        memcpy(val, v, vn);
        val[vn] = 0;
        c->e[c->n++] = (struct gt_config_entry){known, val, line};
    }
    return GT_OK;
}
