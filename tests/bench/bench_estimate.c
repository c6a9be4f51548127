/* Benchmarks: prints medians, asserts nothing.
 *   bench_estimate [PATH_TO_GREENTALLY] [RUNS] [SOURCE_DIR]
 * 1. hwdb load (parse of the embedded tables), 2. hwdb lookups of logged model
 * strings, 3. start-up: `greentally estimate`, `--help`, `summary` of a 2.5 KB
 * log and `report -o x.pdf` of it, end to end (fork+exec, output to
 * /dev/null), each beside /bin/true started the same way (the goal: estimate
 * <= 3 x /bin/true; libcurl, libxlsxwriter and libharu are loaded only by
 * the commands that use them, see reports/gt_dl.h). */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gt_hwdb.h"

extern char **environ;

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_d);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* CPU seconds (user+sys) of the children waited for so far. */
static double children_cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
           (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) * 1e-6;
}

/* Runs av and /bin/true alternately, n times each (both see the same
 * load): wall and CPU (user+sys, from wait4) seconds of each run. -1 when av
 * cannot be run or fails. */
static int spawn_pairs(char *const *av, int n, double *wall, double *cpu, double *twall,
                       double *tcpu)
{
    static char *targs[] = {"/bin/true", NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    int rc = 0;
    for (int i = 0; i < n && !rc; i++) {
        for (int k = 0; k < 2 && !rc; k++) {
            char *const *a = k ? targs : av;
            double t0 = now_s();
            pid_t pid;
            if (posix_spawn(&pid, a[0], &fa, NULL, a, environ) != 0) {
                fprintf(stderr, "cannot run '%s'\n", a[0]);
                rc = -1;
                break;
            }
            int status;
            double c0 = children_cpu();
            waitpid(pid, &status, 0);
            (k ? twall : wall)[i] = now_s() - t0;
            (k ? tcpu : cpu)[i] = children_cpu() - c0;
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                fprintf(stderr, "'%s %s' failed\n", a[0], a[1] ? a[1] : "");
                rc = -1;
            }
        }
    }
    posix_spawn_file_actions_destroy(&fa);
    return rc;
}

int main(int argc, char **argv)
{
    const char *bin = argc > 1 ? argv[1] : "./greentally";
    int runs = argc > 2 ? (int)strtol(argv[2], NULL, 10) : 101;
    if (runs < 1)
        runs = 1;
    double *t = calloc((size_t)runs, sizeof *t);
    if (!t)
        return 1;

    for (int i = 0; i < runs; i++) {
        struct gt_hwdb db;
        struct gt_error err = {0};
        gt_hwdb_init(&db);
        double t0 = now_s();
        if (gt_hwdb_load_embedded(&db, &err) != GT_OK) {
            fprintf(stderr, "%s\n", err.msg);
            return 1;
        }
        t[i] = now_s() - t0;
        gt_hwdb_release(&db);
    }
    printf("hwdb load (embedded tables)        median %8.3f ms  (%d runs)\n", median(t, runs) * 1e3,
           runs);

    static const char *const cpus[] = {"Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz",
                                       "AMD EPYC 7742 64-Core Processor", "Xeon E5-2683 v4",
                                       "Intel(R) Core(TM) i7-4790 CPU @ 3.60GHz"};
    static const char *const gpus[] = {"Tesla V100-PCIE-32GB", "1 x NVIDIA A100-SXM4-40GB",
                                       "NVIDIA GeForce RTX 3090", "Tesla T4"};
    struct gt_hwdb db;
    struct gt_error err = {0};
    gt_hwdb_init(&db);
    gt_hwdb_load_embedded(&db, &err);
    for (int i = 0; i < runs; i++) {
        double t0 = now_s();
        struct gt_hw_match m;
        gt_hwdb_find_cpu(&db, cpus[i % 4], &m, &err);
        t[i] = now_s() - t0;
    }
    printf("hwdb cpu lookup (%zu rows)        median %8.3f us\n", db.cpus.n, median(t, runs) * 1e6);
    for (int i = 0; i < runs; i++) {
        double t0 = now_s();
        struct gt_hw_match m;
        gt_hwdb_find_gpu(&db, gpus[i % 4], &m, &err);
        t[i] = now_s() - t0;
    }
    printf("hwdb gpu lookup (%zu rows)          median %8.3f us\n", db.gpus.n,
           median(t, runs) * 1e6);
    for (int i = 0; i < runs; i++) {
        double t0 = now_s();
        struct gt_hw_match m;
        gt_hwdb_find_cpu(&db, "Xeon Gold 9999", &m, &err); /* worst case: suggestions */
        t[i] = now_s() - t0;
    }
    printf("hwdb unknown cpu (suggestions)     median %8.3f us\n", median(t, runs) * 1e6);
    gt_hwdb_release(&db);

    const char *src = argc > 3 ? argv[3] : GT_SOURCE_DIR;
    char tiny[4096], pdf[4096];
    snprintf(tiny, sizeof tiny, "%s/samples/codecarbon/v2.1/emissions.csv", src);
    const char *tmp = getenv("TMPDIR");
    snprintf(pdf, sizeof pdf, "%s/bench_estimate_%ld.pdf", tmp && *tmp ? tmp : "/tmp",
             (long)getpid());
    char *est[] = {(char *)bin,       "estimate", "--runtime", "12h",      "--cpu",
                   "Xeon E5-2683 v4", "--cores",  "12",        "--memory", "64",
                   "--location",      "GB",       NULL};
    char *help[] = {(char *)bin, "--help", NULL};
    char *sum[] = {(char *)bin, "summary", "-q", tiny, NULL};
    char *rep[] = {(char *)bin, "report", "-q", tiny, "-o", pdf, NULL};
    const struct {
        const char *what;
        char **argv;
    } cmds[] = {{"estimate", est},
                {"--help", help},
                {"summary (one 2.5 KB log)", sum},
                {"report -o x.pdf (same log)", rep}};
    printf("\nstart-up, end to end (fork+exec, output to /dev/null), each interleaved with\n"
           "/bin/true started the same way; medians of %d runs, wall and CPU (user+sys)\n",
           runs);
    printf("%-26s %8s %8s %6s %8s %8s %6s\n", "greentally", "wall ms", "true ms", "x true",
           "CPU ms", "true CPU", "x true");
    double *c = calloc((size_t)runs, sizeof *c), *ct = calloc((size_t)runs, sizeof *ct);
    double *tt = calloc((size_t)runs, sizeof *tt);
    if (!c || !ct || !tt)
        return 1;
    double est_ratio = 0, est_cpu_ratio = 0;
    for (size_t k = 0; k < sizeof cmds / sizeof cmds[0]; k++) {
        if (spawn_pairs(cmds[k].argv, runs, t, c, tt, ct) != 0)
            return 1;
        double me = median(t, runs), mt = median(tt, runs);
        double mc = median(c, runs), mct = median(ct, runs);
        if (k == 0) {
            est_ratio = me / mt;
            est_cpu_ratio = mc / mct;
        }
        printf("%-26s %8.3f %8.3f %5.2fx %8.3f %8.3f %5.2fx\n", cmds[k].what, me * 1e3, mt * 1e3,
               me / mt, mc * 1e3, mct * 1e3, mc / mct);
    }
    unlink(pdf);
    printf("goal: estimate <= 3 x /bin/true (wall)  %s (%.2fx; CPU %.2fx)\n",
           est_ratio <= 3 ? "met" : "MISSED", est_ratio, est_cpu_ratio);
    free(tt);
    free(ct);
    free(c);
    free(t);
    return 0;
}
