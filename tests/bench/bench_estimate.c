/* Benchmarks: prints medians, asserts nothing.
 *   bench_estimate [PATH_TO_GREENTALLY] [RUNS]
 * 1. hwdb load (parse of the embedded tables), 2. hwdb lookups of logged model
 * strings, 3. `greentally estimate` end to end (fork+exec, output to /dev/null) beside
 * /bin/true started the same way (the goal: estimate <= 3 x /bin/true; libcurl
 * is loaded only by the commands that use the network). */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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

    char *args[] = {(char *)bin,       "estimate", "--runtime", "12h",      "--cpu",
                    "Xeon E5-2683 v4", "--cores",  "12",        "--memory", "64",
                    "--location",      "GB",       NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
    /* /bin/true and estimate interleaved, so both see the same load */
    char *targs[] = {"/bin/true", NULL};
    double *tt = calloc((size_t)runs, sizeof *tt);
    if (!tt)
        return 1;
    for (int i = 0; i < runs; i++) {
        for (int k = 0; k < 2; k++) {
            double t0 = now_s();
            pid_t pid;
            char *const *av = k ? targs : args;
            if (posix_spawn(&pid, av[0], &fa, NULL, av, environ) != 0) {
                fprintf(stderr, "cannot run '%s'\n", av[0]);
                return 1;
            }
            int status;
            waitpid(pid, &status, 0);
            (k ? tt : t)[i] = now_s() - t0;
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                fprintf(stderr, "'%s' failed\n", av[0]);
                return 1;
            }
        }
    }
    double me = median(t, runs), mt = median(tt, runs);
    printf("greentally estimate, end to end    median %8.3f ms\n", me * 1e3);
    printf("/bin/true, end to end              median %8.3f ms\n", mt * 1e3);
    printf("goal: estimate <= 3 x /bin/true     %s (%.2fx)\n", me <= 3 * mt ? "met" : "MISSED",
           me / mt);
    free(tt);
    posix_spawn_file_actions_destroy(&fa);
    free(t);
    return 0;
}
