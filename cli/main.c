/* greentally - offline carbon-footprint estimator and log-analysis toolkit. */
#include <errno.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <stdio.h>
#include <string.h>

#include "gt_cli.h"
#include "gt_text.h"

/* length of the first sentence or clause of a summary */
static int brief_len(const char *s)
{
    const char *dot = strstr(s, ". ");
    size_t n = strcspn(s, ":");
    if (dot && (size_t)(dot - s) < n)
        n = (size_t)(dot - s);
    if (s[n] == '\0' && n && s[n - 1] == '.')
        n--;
    return (int)n;
}

static void usage(FILE *out)
{
    fprintf(out, "usage: greentally COMMAND [options]\n\n"
                 "Estimate the energy and carbon footprint of computations, offline.\n\n"
                 "commands:\n");
    for (int i = 0; gt_commands[i]; i++)
        fprintf(out, "  %-10s  %.*s\n", gt_commands[i]->name, brief_len(gt_commands[i]->summary),
                gt_commands[i]->summary);
    fprintf(out, "\n'greentally COMMAND --help' for a command's options; 'man greentally'.\n"
                 "Exit status: 0 ok, 1 usage error, 2 data error (check: 0 within budget, 1 over "
                 "it, 2 anything else).\n");
}

/* What every command ends with: standard output really written (help to a
 * full disk is an error, not a silent success). */
static int finish(int rc)
{
    errno = 0;
    if (fflush(stdout) != 0 || ferror(stdout)) {
        int code = gt_fail(GT_EXIT_DATA, "cannot write to standard output: %s",
                           strerror(errno ? errno : EIO));
        return rc ? rc : code;
    }
    return rc;
}

static int dispatch(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return GT_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (!strcmp(name, "--help") || !strcmp(name, "-h") || !strcmp(name, "help")) {
        usage(stdout);
        return GT_EXIT_OK;
    }
    if (!strcmp(name, "--version") || !strcmp(name, "version")) {
        printf("greentally %s\n", GT_VERSION);
        return GT_EXIT_OK;
    }
    for (int i = 0; gt_commands[i]; i++) {
        if (strcmp(gt_commands[i]->name, name))
            continue;
        struct gt_args a;
        int done;
        int rc = gt_args_parse(gt_commands[i], argc - 2, argv + 2, &a, &done);
        if (rc == GT_EXIT_OK && !done)
            rc = gt_commands[i]->run(&a);
        else if (rc == GT_EXIT_USAGE)
            rc = gt_usage_exit(gt_commands[i]);
        gt_args_release(&a);
        return rc;
    }
    const char *names[64];
    size_t n = 0;
    for (; gt_commands[n] && n < 64; n++)
        names[n] = gt_commands[n]->name;
    const char *close = gt_closest(name, names, n);
    if (close) {
        gt_say("greentally: unknown command '%s'; did you mean '%s'?", name, close);
        return GT_EXIT_USAGE;
    }
    gt_say("greentally: unknown command '%s'", name);
    usage(stderr);
    return GT_EXIT_USAGE;
}

int main(int argc, char **argv)
{
#ifdef __GLIBC__
    /* Large tables (the runs, their strings and hash slots, grown by
     * doubling) come from mmap and give their pages back when they move: a
     * fixed threshold keeps glibc from raising it after the first such free
     * and serving the next tables from the heap, where each doubling leaves
     * the old copy resident (a sacct file of 300 000 jobs: 84 MB -> 70 MB). */
    mallopt(M_MMAP_THRESHOLD, 256 * 1024);
#endif
    return finish(dispatch(argc, argv));
}
