#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_cli.h"
#include "gt_text.h"

static int find_opt(const struct gt_option *o, const char *name, size_t len, char short_name)
{
    for (int i = 0; o[i].name; i++) {
        if (short_name) {
            if (o[i].short_name == short_name)
                return i;
        } else if (strlen(o[i].name) == len && !strncmp(o[i].name, name, len)) {
            return i;
        }
    }
    return -1;
}

static int usage_error(const struct cmd_entry *cmd, const char *fmt, const char *what)
{
    fprintf(stderr, "greentally %s: ", cmd->name);
    fprintf(stderr, fmt, what);
    fprintf(stderr, "\nusage: greentally %s %s\nTry 'greentally %s --help'.\n", cmd->name,
            cmd->usage, cmd->name);
    return GT_EXIT_USAGE;
}

int gt_args_parse(const struct cmd_entry *cmd, int argc, char **argv, struct gt_args *a, int *done)
{
    memset(a, 0, sizeof *a);
    a->opts = cmd->options;
    *done = 0;
    a->pos = calloc((size_t)argc + 1, sizeof *a->pos);
    if (!a->pos)
        return gt_fail(GT_EXIT_DATA, "out of memory");
    int only_pos = 0;
    static const char cmdline[] = "CMD ARGS...";
    size_t ul = strlen(cmd->usage), cl = sizeof cmdline - 1;
    int stop_at_positional = ul >= cl && !strcmp(cmd->usage + ul - cl, cmdline);
    for (int i = 0; i < argc; i++) {
        char *s = argv[i];
        if (only_pos || s[0] != '-' || !strcmp(s, "-")) {
            a->pos[a->npos++] = s;
            only_pos |= stop_at_positional;
            continue;
        }
        if (!strcmp(s, "--")) {
            only_pos = 1;
            continue;
        }
        if (!strcmp(s, "--help") || !strcmp(s, "-h")) {
            gt_cmd_help(cmd, stdout);
            *done = 1;
            return GT_EXIT_OK;
        }
        int idx;
        const char *inline_val = NULL;
        if (s[1] == '-') {
            const char *name = s + 2;
            const char *eq = strchr(name, '=');
            size_t len = eq ? (size_t)(eq - name) : strlen(name);
            idx = find_opt(cmd->options, name, len, 0);
            if (eq)
                inline_val = eq + 1;
        } else {
            if (s[2] != '\0')
                inline_val = s + 2;
            idx = find_opt(cmd->options, NULL, 0, s[1]);
        }
        if (idx < 0) {
            /* a negative number is a value, not an option: only where a value is expected */
            char msg[400];
            const char *close = NULL;
            if (s[1] == '-') {
                const char *names[GT_MAX_OPTS + 1];
                size_t n = 0;
                for (; cmd->options[n].name && n < GT_MAX_OPTS; n++)
                    names[n] = cmd->options[n].name;
                names[n++] = "help";
                char name[128];
                snprintf(name, sizeof name, "%.*s", (int)strcspn(s + 2, "="), s + 2);
                close = gt_closest(name, names, n);
            }
            snprintf(msg, sizeof msg, "unknown option '%%s'%s%s%s",
                     close ? "; did you mean '--" : "", close ? close : "", close ? "'?" : "");
            return usage_error(cmd, msg, s);
        }
        const struct gt_option *o = &cmd->options[idx];
        struct gt_optval *v = &a->val[idx];
        if (o->type == GT_OPT_FLAG) {
            if (inline_val)
                return usage_error(cmd, "option '--%s' takes no value", o->name);
            v->set = 1;
            continue;
        }
        const char *val = inline_val;
        if (!val) {
            if (i + 1 >= argc)
                return usage_error(cmd, "option '--%s' needs a value", o->name);
            val = argv[++i];
        }
        if (o->type == GT_OPT_VALUE) {
            if (v->set)
                return usage_error(cmd, "option '--%s' given twice", o->name);
            v->set = 1;
            v->value = val;
        } else {
            if (v->nlist == GT_MAX_LIST)
                return usage_error(cmd, "option '--%s' given too many times", o->name);
            v->set = 1;
            v->list[v->nlist++] = val;
            v->value = val;
        }
    }
    return GT_EXIT_OK;
}

void gt_args_release(struct gt_args *a)
{
    free(a->pos);
    a->pos = NULL;
}

const struct gt_optval *gt_arg_find(const struct gt_args *a, const char *name)
{
    for (int i = 0; a->opts[i].name; i++)
        if (!strcmp(a->opts[i].name, name))
            return &a->val[i];
    return NULL;
}

const struct gt_optval *gt_arg_val(const struct gt_args *a, const char *name)
{
    const struct gt_optval *v = gt_arg_find(a, name);
    if (!v) {
        fprintf(stderr, "greentally: internal error: no option '%s'\n", name);
        abort();
    }
    return v;
}

const char *gt_arg(const struct gt_args *a, const char *name)
{
    const struct gt_optval *v = gt_arg_val(a, name);
    return v->set ? v->value : NULL;
}

int gt_arg_flag(const struct gt_args *a, const char *name)
{
    return gt_arg_val(a, name)->set;
}

/* wraps `text` at 100 columns with the given indent for continuation lines */
static void print_wrapped(FILE *out, const char *text, int col, int indent)
{
    const char *p = text;
    while (*p) {
        const char *e = p;
        while (*e && *e != ' ' && *e != '\n')
            e++;
        int w = (int)(e - p);
        if (col > indent && col + 1 + w > 100) {
            fprintf(out, "\n%*s", indent, "");
            col = indent;
        } else if (col > indent) {
            fputc(' ', out);
            col++;
        }
        fwrite(p, 1, (size_t)w, out);
        col += w;
        if (*e == '\n') {
            fprintf(out, "\n%*s", indent, "");
            col = indent;
        }
        p = *e ? e + 1 : e;
    }
    fputc('\n', out);
}

void gt_cmd_help(const struct cmd_entry *cmd, FILE *out)
{
    fprintf(out, "usage: greentally %s %s\n\n", cmd->name, cmd->usage);
    print_wrapped(out, cmd->summary, 0, 0);
    fprintf(out, "\noptions:\n");
    for (int i = 0; cmd->options[i].name; i++) {
        const struct gt_option *o = &cmd->options[i];
        char left[80];
        if (o->short_name)
            snprintf(left, sizeof left, "  -%c, --%s%s%s", o->short_name, o->name,
                     o->argname ? " " : "", o->argname ? o->argname : "");
        else
            snprintf(left, sizeof left, "      --%s%s%s", o->name, o->argname ? " " : "",
                     o->argname ? o->argname : "");
        fputs(left, out);
        int col = (int)strlen(left);
        if (col >= 29) {
            fprintf(out, "\n%30s", "");
            col = 30;
        } else {
            fprintf(out, "%*s", 30 - col, "");
            col = 30;
        }
        print_wrapped(out, o->help, 30, 30);
    }
    fprintf(out, "  -h, --help                  show this help\n");
    if (cmd->details) {
        fputc('\n', out);
        print_wrapped(out, cmd->details, 0, 0);
    }
}
