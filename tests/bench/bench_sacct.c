/* bench_sacct.c - SLURM accounting at scale: writes sacct -P output of N jobs
 * (each a job line, a .batch and an .extern step: 3 rows; users, accounts,
 * partitions and states varied) to $TMPDIR, then runs
 *   greentally summary FILE --cluster samples/slurm/cluster.yaml --by user -q
 * RUNS times and prints the median wall time, CPU time, peak RSS, rows/s and
 * the memory per job: (peak RSS - peak RSS of a 1000-job file) / (N - 1000),
 * for each N. Prints figures; asserts nothing.
 * Usage: bench_sacct GREENTALLY SOURCE_DIR [N...]   (default 100000 300000 1000000)
 * GT_BENCH_ARGS="-j1 -f csv" adds words to the command line. */
#define _DEFAULT_SOURCE /* wait4 */
#include <stdio.h>
#include <sys/stat.h>

#include "bench_util.h"

#define RUNS 3

static int write_sacct(const char *path, long n)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    static const char *const states[] = {"COMPLETED", "COMPLETED",       "COMPLETED",    "FAILED",
                                         "TIMEOUT",   "CANCELLED by 42", "OUT_OF_MEMORY"};
    fputs("UID|User|JobID|JobName|Submit|Elapsed|Partition|NNodes|NCPUS|TotalCPU|CPUTime|ReqMem|"
          "MaxRSS|WorkDir|State|Account|AllocTRES|Start|End\n",
          f);
    for (long i = 0; i < n; i++) {
        long u = i % 997, cpus = 1 + i % 64, el = 60 + (i * 37) % 86400;
        const char *part = i % 5 == 0 ? "gpu" : "cpu";
        const char *st = states[i % 7];
        int gpus = i % 5 == 0 ? 1 + (int)(i % 4) : 0;
        char tres[96];
        snprintf(tres, sizeof tres, "billing=%ld,cpu=%ld,%smem=%ldG,node=1", cpus, cpus,
                 gpus ? (gpus == 1 ? "gres/gpu=1," : "gres/gpu:a100=2,") : "", cpus * 4);
        long tc = el * cpus * (50 + i % 50) / 100;
        fprintf(
            f,
            "%ld|user%ld|%ld|job|2024-03-01T00:00:00|%02ld:%02ld:%02ld|%s|1|%ld|%ld:%02ld:%02ld|"
            "%ld:%02ld:%02ld|%ldG||/home/u|%s|acct%ld|%s|2024-03-01T00:00:00|"
            "2024-03-01T01:00:00\n",
            10000 + u, u, 1000000 + i, el / 3600, el / 60 % 60, el % 60, part, cpus, tc / 3600,
            tc / 60 % 60, tc % 60, el * cpus / 3600, el * cpus / 60 % 60, el * cpus % 60, cpus * 4,
            st, u % 31, tres);
        fprintf(f,
                "%ld|user%ld|%ld.batch|batch|2024-03-01T00:00:00|%02ld:%02ld:%02ld||1|%ld|"
                "%ld:%02ld:%02ld|0:00:00||%ldK|/home/u|%s|acct%ld|cpu=%ld|2024-03-01T00:00:00|"
                "2024-03-01T01:00:00\n",
                10000 + u, u, 1000000 + i, el / 3600, el / 60 % 60, el % 60, cpus, tc / 3600,
                tc / 60 % 60, tc % 60, 1000000 * (1 + i % 16), st, u % 31, cpus);
        fprintf(f,
                "%ld|user%ld|%ld.extern|extern|2024-03-01T00:00:00|%02ld:%02ld:%02ld||1|%ld|"
                "0:00:00|0:00:00||0|/home/u|COMPLETED|acct%ld|cpu=%ld|2024-03-01T00:00:00|"
                "2024-03-01T01:00:00\n",
                10000 + u, u, 1000000 + i, el / 3600, el / 60 % 60, el % 60, cpus, u % 31, cpus);
    }
    return fclose(f);
}

#define BASE_JOBS 1000L

/* Writes n jobs to path, runs greentally on it RUNS times and gives the
 * medians of wall s, CPU s and peak RSS MB in m (and the file's MB). 0, or
 * -1 with a message. */
static int run_n(const char *bin, const char *path, const char *cluster, const char *extra, long n,
                 double *mb, double m[3])
{
    if (write_sacct(path, n) != 0) {
        fprintf(stderr, "cannot write '%s'\n", path);
        return -1;
    }
    struct stat st;
    if (mb)
        *mb = stat(path, &st) == 0 ? (double)st.st_size / 1e6 : NAN;
    char words[256];
    snprintf(words, sizeof words, "%s", extra);
    char *av[32] = {(char *)bin,     "summary", (char *)path, "--cluster",
                    (char *)cluster, "--by",    "user",       "-q"};
    int ac = 8;
    for (char *w = words; *w && ac < 31;) { /* words split at spaces */
        while (*w == ' ')
            *w++ = '\0';
        if (!*w)
            break;
        av[ac++] = w;
        while (*w && *w != ' ')
            w++;
    }
    av[ac] = NULL;
    double w[RUNS], c[RUNS], r[RUNS];
    for (int i = 0; i < RUNS; i++) {
        struct meas me;
        if (measure(av, NULL, NULL, &me) != 0 || me.status != 0) {
            fprintf(stderr, "greentally failed on '%s'\n", path);
            unlink(path);
            return -1;
        }
        w[i] = me.wall_s;
        c[i] = me.cpu_s;
        r[i] = me.rss_mb;
    }
    unlink(path);
    m[0] = median(w, RUNS);
    m[1] = median(c, RUNS);
    m[2] = median(r, RUNS);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_sacct GREENTALLY SOURCE_DIR [N...]\n");
        return 2;
    }
    long ns[8] = {100000, 300000, 1000000};
    int nn = 3;
    if (argc > 3) {
        nn = 0;
        for (int i = 3; i < argc && nn < 8; i++)
            ns[nn++] = strtol(argv[i], NULL, 10);
    }
    const char *tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    char path[512], cluster[512];
    snprintf(cluster, sizeof cluster, "%s/samples/slurm/cluster.yaml", argv[2]);
    const char *extra = getenv("GT_BENCH_ARGS") ? getenv("GT_BENCH_ARGS") : "";
    printf("greentally summary FILE --cluster samples/slurm/cluster.yaml --by user -q %s\n", extra);
    double base[3];
    snprintf(path, sizeof path, "%s/gt-bench-sacct-base.txt", tmp);
    if (run_n(argv[1], path, cluster, extra, BASE_JOBS, NULL, base) != 0)
        return 1;
    printf("jobs       rows       MB    wall s  cpu s  peak RSS MB  bytes/job  rows/s (cpu)"
           "   (medians of %d)\n",
           RUNS);
    for (int k = 0; k < nn; k++) {
        double mb, m[3];
        snprintf(path, sizeof path, "%s/gt-bench-sacct-%ld.txt", tmp, ns[k]);
        if (run_n(argv[1], path, cluster, extra, ns[k], &mb, m) != 0)
            return 1;
        printf("%-10ld %-10ld %-5.0f %-7.2f %-6.2f %-12.1f %-10.0f %.0f\n", ns[k], 3 * ns[k], mb,
               m[0], m[1], m[2], (m[2] - base[2]) * 1048576.0 / (double)(ns[k] - BASE_JOBS),
               3.0 * (double)ns[k] / m[1]);
        fflush(stdout);
    }
    return 0;
}
