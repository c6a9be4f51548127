/* Benchmark of `greentally tradeoff` on many runs: prints figures, asserts
 * nothing.
 *
 *   bench_tradeoff PATH_TO_GREENTALLY [DIR] [REPEATS] [RUNS]
 *   cmake --build BUILD --target run_bench_tradeoff
 *
 * DIR defaults to $TMPDIR, else /tmp; REPEATS to 5, RUNS to 20 000. In DIR
 * it writes a CodeCarbon emissions.csv with RUNS runs (distinct run ids) and
 * a metrics table of the same runs in another order (accuracy, latency;
 * deterministic: a fixed PRNG seed), then runs
 *   greentally tradeoff LOG --metrics TABLE --metric accuracy:max
 *       --metric latency_ms:min -q --format csv
 * REPEATS times (fork/exec, wait4) and prints each run and the medians of
 * wall and CPU time and peak RSS. Wall times on a busy machine mislead:
 * compare the CPU times too. */
#define _DEFAULT_SOURCE /* wait4 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_util.h"

#define MAX_REPEATS 99

static uint64_t rng = 0x74726164656f6666ull;

static double uniform(double lo, double hi)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return lo + (hi - lo) * (double)(rng >> 11) / 9007199254740992.0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_tradeoff GREENTALLY [DIR] [REPEATS] [RUNS]\n");
        return 2;
    }
    const char *dir = argc > 2 ? argv[2] : getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
    int reps = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 5;
    long runs = argc > 4 ? strtol(argv[4], NULL, 10) : 20000;
    if (reps < 1 || reps > MAX_REPEATS || runs < 1)
        return 2;
    char log[4096], table[4096];
    snprintf(log, sizeof log, "%s/gt-bench-tradeoff-emissions.csv", dir);
    snprintf(table, sizeof table, "%s/gt-bench-tradeoff-metrics.csv", dir);
    FILE *f = fopen(log, "w"), *t = fopen(table, "w");
    if (!f || !t) {
        perror("bench_tradeoff");
        return 1;
    }
    fprintf(f, "timestamp,project_name,run_id,duration,emissions,energy_consumed,country_name,"
               "country_iso_code\n");
    fprintf(t, "run_id,accuracy,latency_ms\n");
    for (long i = 0; i < runs; i++) {
        double e = uniform(0.1, 5);
        fprintf(f, "2024-05-31T12:00:00+02:00,bench,r%08ld,3600,%.6f,%.6f,France,FRA\n", i,
                e * 0.05, e);
        fprintf(t, "r%08ld,%.4f,%.2f\n", (i * 7919) % runs, uniform(0.5, 0.95), uniform(1, 50));
    }
    fclose(f);
    fclose(t);
    char *av[] = {argv[1],    "tradeoff",     log,        "--metrics",      table,
                  "--metric", "accuracy:max", "--metric", "latency_ms:min", "-q",
                  "--format", "csv",          NULL};
    double wall[MAX_REPEATS], cpu[MAX_REPEATS], rss[MAX_REPEATS];
    printf("greentally tradeoff, %ld runs joined by run id to a table of %ld rows\n", runs, runs);
    for (int r = 0; r < reps; r++) {
        struct meas m;
        if (measure(av, NULL, NULL, &m) != 0 || !WIFEXITED(m.status) || WEXITSTATUS(m.status)) {
            printf("  run %d: failed\n", r + 1);
            return 1;
        }
        wall[r] = m.wall_s;
        cpu[r] = m.cpu_s;
        rss[r] = m.rss_mb;
        printf("  run %d: %.3f s wall, %.3f s CPU, %.1f MB\n", r + 1, m.wall_s, m.cpu_s, m.rss_mb);
    }
    printf("median: %.3f s wall, %.3f s CPU, %.1f MB peak RSS\n", median(wall, reps),
           median(cpu, reps), median(rss, reps));
    remove(log);
    remove(table);
    return 0;
}
