#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gt_cli.h"
#include "gt_num.h"
#include "gt_text.h"
#include "gt_unc.h"

/* Prints prefix, the formatted message with the text of logs and file names
 * escaped (gt_text_escape: no control sequence reaches the terminal), and a
 * newline, to stderr. */
static void say(const char *prefix, const char *fmt, va_list ap)
{
    char small[1024];
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    char *msg = small;
    if (n >= (int)sizeof small && (msg = malloc((size_t)n + 1)) != NULL)
        vsnprintf(msg, (size_t)n + 1, fmt, ap2);
    va_end(ap2);
    if (!msg)
        msg = small;
    if (gt_text_is_safe(msg, 0)) {
        fprintf(stderr, "%s%s\n", prefix, msg);
    } else {
        char *e = gt_text_escape(msg, 0);
        fprintf(stderr, "%s%s\n", prefix, e ? e : "(out of memory)");
        free(e);
    }
    if (msg != small)
        free(msg);
}

int gt_fail(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say("greentally: ", fmt, ap);
    va_end(ap);
    return code;
}

void gt_warn(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say("greentally: warning: ", fmt, ap);
    va_end(ap);
}

void gt_say(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    say("", fmt, ap);
    va_end(ap);
}

int gt_fail_err(const struct gt_error *err)
{
    int code = err->code == GT_E_USAGE ? GT_EXIT_USAGE : GT_EXIT_DATA;
    return gt_fail(code, "%s", err->msg[0] ? err->msg : gt_strerror(err->code));
}

enum gt_status gt_read_file(const char *path, char **data, size_t *len, struct gt_error *err)
{
    FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
    if (!f)
        return gt_error_set(err, GT_E_IO, "cannot open '%s': %s", path, strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf) {
        if (f != stdin)
            fclose(f);
        return gt_error_set(err, GT_E_NOMEM, "out of memory reading '%s'", path);
    }
    for (;;) {
        if (n + 1 >= cap) {
            char *p = realloc(buf, cap * 2);
            if (!p) {
                free(buf);
                if (f != stdin)
                    fclose(f);
                return gt_error_set(err, GT_E_NOMEM, "out of memory reading '%s'", path);
            }
            buf = p;
            cap *= 2;
        }
        size_t r = fread(buf + n, 1, cap - n - 1, f);
        n += r;
        if (r == 0)
            break;
    }
    int bad = ferror(f);
    int e = errno;
    if (f != stdin)
        fclose(f);
    if (bad) {
        free(buf);
        return gt_error_set(err, GT_E_IO, "cannot read '%s': %s", path, strerror(e));
    }
    buf[n] = '\0';
    *data = buf;
    *len = n;
    return GT_OK;
}

static void warn_row(void *ctx, const char *msg)
{
    (void)ctx;
    gt_warn("%s; row skipped", msg);
}

enum gt_status gt_load_hwdb(struct gt_hwdb *db, const struct gt_args *a, struct gt_error *err)
{
    gt_hwdb_init(db);
    db->warn = warn_row;
    enum gt_status st = gt_hwdb_load_embedded(db, err);
    if (st != GT_OK)
        return st;
    const struct gt_optval *v = gt_arg_val(a, "hwdb-file");
    for (size_t i = 0; i < v->nlist; i++) {
        char *data;
        size_t len;
        st = gt_read_file(v->list[i], &data, &len, err);
        if (st != GT_OK)
            return st;
        st = gt_hwdb_add_csv(db, data, len, v->list[i], NULL, err);
        free(data);
        if (st != GT_OK)
            return st;
    }
    return GT_OK;
}

int gt_load_unc(const struct gt_args *a, struct gt_unc *u)
{
    struct gt_hwdb db;
    struct gt_error err = {0};
    enum gt_status st = gt_load_hwdb(&db, a, &err);
    if (st == GT_OK)
        st = gt_hwdb_unc(&db, u, NULL, NULL, &err);
    gt_hwdb_release(&db);
    return st == GT_OK ? 0 : gt_fail_err(&err);
}

int gt_opt_number(const struct gt_args *a, const char *name, double *out, int *given)
{
    const char *s = gt_arg(a, name);
    if (given)
        *given = s != NULL;
    if (!s)
        return 0;
    if (gt_num_parse(s, strlen(s), out) != 0)
        return gt_fail(GT_EXIT_DATA, "invalid number '%s' for --%s", s, name);
    return 0;
}

int gt_opt_format(const struct gt_args *a, enum gt_format *f)
{
    const char *s = gt_arg(a, "format");
    *f = GT_FMT_TABLE;
    if (!s) {
        /* -o FILE.json / FILE.csv picks the format; anything else is a table */
        const struct gt_optval *o = gt_arg_find(a, "output");
        const char *dot = o && o->set ? strrchr(o->value, '.') : NULL;
        if (dot && !strcmp(dot, ".json"))
            *f = GT_FMT_JSON;
        else if (dot && !strcmp(dot, ".csv"))
            *f = GT_FMT_CSV;
        return 0;
    }
    if (!s || !strcmp(s, "table"))
        return 0;
    if (!strcmp(s, "csv"))
        *f = GT_FMT_CSV;
    else if (!strcmp(s, "json"))
        *f = GT_FMT_JSON;
    else
        return gt_fail(GT_EXIT_USAGE, "unknown format '%s' (table, csv or json)", s);
    return 0;
}

int gt_opt_report_format(const struct gt_args *a, enum gt_format *f, int *ext_unknown)
{
    static const struct {
        const char *name;
        enum gt_format f;
    } names[] = {{"csv", GT_FMT_CSV}, {"json", GT_FMT_JSON}, {"xlsx", GT_FMT_XLSX},
                 {"pdf", GT_FMT_PDF}, {"html", GT_FMT_HTML}, {"htm", GT_FMT_HTML}};
    const char *s = gt_arg(a, "format");
    *f = GT_FMT_TABLE;
    *ext_unknown = 0;
    if (s) {
        for (size_t i = 0; i < sizeof names / sizeof names[0] - 1; i++)
            if (!strcmp(s, names[i].name)) {
                *f = names[i].f;
                return 0;
            }
        return gt_fail(GT_EXIT_USAGE, "unknown report format '%s' (csv, json, xlsx, pdf or html)",
                       s);
    }
    const struct gt_optval *o = gt_arg_find(a, "output");
    if (!o || !o->set || !strcmp(o->value, "-"))
        return 0;
    const char *dot = strrchr(o->value, '.');
    const char *slash = strrchr(o->value, '/');
    if (dot && (!slash || dot > slash))
        for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
            if (!strcasecmp(dot + 1, names[i].name)) {
                *f = names[i].f;
                return 0;
            }
    *ext_unknown = 1;
    return 0;
}

void gt_print_at(const char *file, long line, const char *kind, const char *msg)
{
    if (line > 0)
        gt_say("%s:%ld: %s%s", file, line, kind, msg);
    else
        gt_say("%s: %s%s", file, kind, msg);
}
