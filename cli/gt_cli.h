/* gt_cli.h - the command table, option parsing, and shared CLI helpers. */
#ifndef GT_CLI_H
#define GT_CLI_H

#include <stddef.h>
#include <stdio.h>

#include "gt_error.h"
#include "gt_hwdb.h"

/* exit codes (documented in docs/greentally.1) */
enum { GT_EXIT_OK = 0, GT_EXIT_USAGE = 1, GT_EXIT_DATA = 2 };

enum gt_opt_type {
    GT_OPT_FLAG,    /* --name */
    GT_OPT_VALUE,   /* --name VALUE or --name=VALUE */
    GT_OPT_LIST,    /* repeatable --name VALUE */
    GT_OPT_OPTIONAL /* --name alone, or --name=VALUE (value is NULL when alone) */
};

struct gt_option {
    const char *name; /* long name without "--" */
    char short_name;  /* 0 for none */
    enum gt_opt_type type;
    const char *argname; /* e.g. "DURATION" */
    const char *help;    /* one line; "(default X)" inside when there is one */
};

#define GT_OPT_END                                                                                 \
    {                                                                                              \
        NULL, 0, GT_OPT_FLAG, NULL, NULL                                                           \
    }
#define GT_MAX_OPTS 64
#define GT_MAX_LIST 16

struct gt_optval {
    int set;
    const char *value;
    const char *list[GT_MAX_LIST];
    size_t nlist;
};

struct gt_args {
    const struct gt_option *opts;
    struct gt_optval val[GT_MAX_OPTS];
    char **pos; /* positional arguments */
    size_t npos;
    /* where an option's value came from when not from the command line
     * (e.g. "GREENTALLY_PUE", "~/.config/greentally/config:3"); "": a flag */
    char origin[GT_MAX_OPTS][300];
};

struct cmd_entry {
    const char *name;
    const char *usage;   /* after "greentally NAME "; ending in "CMD ARGS...", the first
                            positional argument ends the options (a command line follows) */
    const char *summary; /* one line */
    const char *details; /* paragraphs after the options, may be NULL */
    const struct gt_option *options;
    int (*run)(struct gt_args *args);
};

extern const struct cmd_entry *const gt_commands[];

/* The exit status of a usage error of cmd: GT_EXIT_USAGE, but GT_EXIT_DATA
 * for `check`, whose 1 means "over budget". */
int gt_usage_exit(const struct cmd_entry *cmd);

/* Parses argv (after the subcommand name). "--help"/"-h" prints the help of
 * the command and returns 0 with *done set. Errors print a usage message to
 * stderr and return GT_EXIT_USAGE. The positional array is malloc'ed (free
 * with gt_args_release). */
int gt_args_parse(const struct cmd_entry *cmd, int argc, char **argv, struct gt_args *a, int *done);
void gt_args_release(struct gt_args *a);
const char *gt_arg(const struct gt_args *a, const char *name); /* NULL when absent */
int gt_arg_flag(const struct gt_args *a, const char *name);
/* The parsed value of a command's option: gt_arg_val aborts when the command
 * has no option of that name (a programming error), gt_arg_find returns NULL. */
const struct gt_optval *gt_arg_val(const struct gt_args *a, const char *name);
const struct gt_optval *gt_arg_find(const struct gt_args *a, const char *name);

/* Prints the generated help of a command. */
void gt_cmd_help(const struct cmd_entry *cmd, FILE *out);

/* Messages: "greentally: <msg>" on stderr. Return the exit code given. */
int gt_fail(int code, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
int gt_fail_err(const struct gt_error *err); /* exit code from err->code */
void gt_warn(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "FILE:LINE: KIND MSG" (or "FILE: KIND MSG" for line 0) on stderr, KIND
 * e.g. "warning: " or "". */
void gt_print_at(const char *file, long line, const char *kind, const char *msg);
/* One line on stderr without the "greentally: " prefix (e.g. "FILE:LINE: ...").
 * All three escape what they print (gt_text_escape): file names and the text
 * of logs never reach the terminal as control sequences. */
void gt_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Reads a whole file ("-" = stdin) into a malloc'ed buffer (NUL-terminated,
 * *len excludes the NUL). Caller frees. GT_E_IO with a message on failure. */
enum gt_status gt_read_file(const char *path, char **data, size_t *len, struct gt_error *err);

/* Loads the embedded hwdb and each --hwdb-file of args. */
enum gt_status gt_load_hwdb(struct gt_hwdb *db, const struct gt_args *a, struct gt_error *err);

/* The uncertainty factors of the hwdb (with --hwdb-file rows). 0 or an exit
 * code (printed). */
struct gt_unc;
int gt_load_unc(const struct gt_args *a, struct gt_unc *u);

/* Parses a number option; exit-code style: 0 ok, else prints and returns 1/2 */
int gt_opt_number(const struct gt_args *a, const char *name, double *out, int *given);

/* Output formats */
enum gt_format { GT_FMT_TABLE, GT_FMT_CSV, GT_FMT_JSON, GT_FMT_XLSX, GT_FMT_PDF, GT_FMT_HTML };
int gt_opt_format(const struct gt_args *a, enum gt_format *f);
/* A report's format: --format csv|json|xlsx|pdf|html, else the extension of -o
 * (.htm is html too)
 * (case-insensitive). *f = GT_FMT_TABLE when neither says (-o missing or
 * "-", or another extension: *ext_unknown set). 0, or an exit code after
 * printing why (an unknown --format). */
int gt_opt_report_format(const struct gt_args *a, enum gt_format *f, int *ext_unknown);

#endif
