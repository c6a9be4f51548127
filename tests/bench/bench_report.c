/* Benchmark of `greentally report` on 100 000 runs: prints figures, asserts
 * nothing (a report that fails is printed as failed; the exit status is 1
 * when the XLSX fails).
 *
 *   bench_report PATH_TO_GREENTALLY [DIR] [REPEATS] [RUNS]
 *   cmake --build BUILD --target run_bench_report
 *
 * DIR defaults to $TMPDIR, else /tmp; REPEATS to 3, RUNS to 100 000. In DIR
 * it writes a CodeCarbon 2.x emissions.csv with RUNS runs (one row each, distinct
 * run_ids, 12 projects, 4 hosts' hardware, starts spread over two years;
 * deterministic: fixed PRNG seed), then runs
 *   greentally report FILE -q -o DIR/gt-bench-report.xlsx   (and .csv, .pdf, .html, .json)
 * REPEATS times each (fork/exec, wait4: wall and CPU time, ru_maxrss) and
 * prints each run and the medians against the goals (XLSX <= 3 s, PDF <= 1
 * s), after the same figures for `greentally summary FILE` (the reading and
 * counting every report does first), and each report's ratio to it (goals:
 * every report <= 64 MB of peak RSS above summary's; XLSX <= 1.5x summary,
 * CSV <= 1.2x, CPU time and wall time: CPU time is the one to trust on a busy
 * machine), then those ratios (CPU, wall, peak RSS above summary's) again in
 * one table against the goals. */
#define _DEFAULT_SOURCE /* wait4 */
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench_util.h"

#define NPROJECTS   12
#define SEED        0x7265706f7274ull
#define START       1672531200.0 /* 2023-01-01T00:00:00Z */
#define SPAN_S      (2 * 365.0 * 86400.0)
#define MAX_REPEATS 99

#define ABOVE_MB 64.0 /* goal of every report: peak RSS at most this much above summary's */

static const struct {
    const char *ext;
    double goal_s;    /* goal: wall time (0: none) */
    double x_summary; /* goal: at most this many times `summary` (0: none) */
} formats[] = {
    {"xlsx", 3.0, 1.5}, {"csv", 0, 1.2}, {"pdf", 1.0, 0}, {"html", 0, 0}, {"json", 0, 0}};

static uint64_t rng_state = SEED;

static double unif(void) /* [0, 1), splitmix64 */
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return (double)((z ^ (z >> 31)) >> 11) * (1.0 / 9007199254740992.0);
}

static const char *const projects[NPROJECTS] = {
    "llm-finetune", "llm-eval",      "vision-vit",    "speech-asr",
    "protein-fold", "climate-ds",    "rl-atari",      "recsys-ctr",
    "nlp-ner",      "gnn-molecules", "diffusion-img", "tabular-baseline"};

static const struct {
    const char *cpu, *gpu;
    int cpus, gpus;
    double cpu_w, gpu_w, ram_gb;
} hws[] = {
    {"Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz", "4 x NVIDIA A100-SXM4-40GB", 40, 4, 150, 1600,
     376.5},
    {"AMD EPYC 7742 64-Core Processor", "8 x NVIDIA H100 80GB HBM3", 128, 8, 225, 5600, 1007.7},
    {"AMD EPYC 7413 24-Core Processor", "1 x NVIDIA A40", 24, 1, 90, 300, 125.6},
    {"Intel(R) Core(TM) i7-10750H CPU @ 2.60GHz", "", 12, 0, 45, 0, 31.2},
};

static const struct {
    const char *country, *iso;
    double kg_per_kwh;
} sites[] = {{"France", "FRA", 0.0569}, {"Germany", "DEU", 0.3806}, {"Canada", "CAN", 0.0019}};

static int generate(const char *path, long nruns)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    fputs("timestamp,project_name,run_id,duration,emissions,emissions_rate,cpu_power,gpu_power,"
          "ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,country_name,"
          "country_iso_code,region,cloud_provider,cloud_region,os,python_version,"
          "codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,"
          "ram_total_size,tracking_mode,on_cloud,pue\n",
          f);
    for (long i = 0; i < nruns; i++) {
        int p = (int)(unif() * NPROJECTS), h = (int)(unif() * 4), s = (int)(unif() * 3);
        double start = START + unif() * SPAN_S;
        double dur = 60 + unif() * 7200;
        double cpu_w = hws[h].cpu_w * (0.3 + 0.7 * unif());
        double gpu_w = hws[h].gpu_w * (0.2 + 0.8 * unif());
        double ram_w = hws[h].ram_gb * 0.3725;
        double ce = cpu_w * dur / 3.6e6, ge = gpu_w * dur / 3.6e6, re = ram_w * dur / 3.6e6;
        double e = ce + ge + re, kg = e * sites[s].kg_per_kwh;
        time_t t = (time_t)(start + dur);
        struct tm tm;
        gmtime_r(&t, &tm);
        char ts[32];
        strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
        fprintf(f,
                "%s,%s,%08lx-0000-4000-8000-%012lx,%.4f,%.17g,%.17g,%.2f,%.2f,%.2f,%.17g,%.17g,"
                "%.17g,%.17g,%s,%s,,,,Linux-5.15.0-x86_64-with-glibc2.35,3.11.9,2.4.2,%d,%s,%d,"
                "%s,,,%.1f,machine,N,1.0\n",
                ts, projects[p], (unsigned long)i * 2654435761ul % 0xffffffffu, (unsigned long)i,
                dur, kg, kg / dur, cpu_w, gpu_w, ram_w, ce, ge, re, e, sites[s].country,
                sites[s].iso, hws[h].cpus, hws[h].cpu, hws[h].gpus, hws[h].gpu, hws[h].ram_gb);
    }
    return fclose(f);
}

/* The first line of a file (the error a failed run printed). */
static void first_line(const char *path, char *buf, size_t size)
{
    buf[0] = '\0';
    FILE *f = fopen(path, "r");
    if (!f)
        return;
    if (fgets(buf, (int)size, f))
        buf[strcspn(buf, "\n")] = '\0';
    fclose(f);
}

/* Runs args REPEATS times; prints each run and the medians (and the goals
 * when goal_s > 0). 0, or -1 when a run failed (printed). */
static double last_cpu, last_wall, last_rss; /* the medians of the last bench() */

static int bench(const char *what, char *const args[], const char *out, const char *err,
                 int repeats, double goal_s)
{
    double wall[MAX_REPEATS], cpu[MAX_REPEATS], rss[MAX_REPEATS];
    for (int i = 0; i < repeats; i++) {
        struct meas m;
        if (measure(args, err, err, &m)) {
            perror("bench_report: run");
            exit(2);
        }
        if (!WIFEXITED(m.status) || WEXITSTATUS(m.status)) {
            char line[512];
            first_line(err, line, sizeof line);
            printf("%-7s run %d: failed (status %d): %s\n", what, i + 1,
                   WIFEXITED(m.status) ? WEXITSTATUS(m.status) : -1, line);
            printf("%-7s median: not measured (it failed)\n", what);
            return -1;
        }
        struct stat st;
        printf("%-7s run %d: %.3f s wall, %.3f s CPU, peak RSS %.1f MB", what, i + 1, m.wall_s,
               m.cpu_s, m.rss_mb);
        if (out && !stat(out, &st))
            printf(", %.1f MB written", (double)st.st_size / 1e6);
        printf("\n");
        wall[i] = m.wall_s;
        cpu[i] = m.cpu_s;
        rss[i] = m.rss_mb;
    }
    double w = median(wall, repeats), c = median(cpu, repeats), r = median(rss, repeats);
    last_wall = w;
    last_cpu = c;
    last_rss = r;
    printf("%-7s median: %.3f s wall, %.3f s CPU", what, w, c);
    if (goal_s > 0)
        printf(" (goal <= %.0f s: %s)", goal_s, w <= goal_s ? "met" : "NOT met");
    printf(", peak RSS %.1f MB\n", r);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2 || argc > 5) {
        fprintf(stderr, "usage: bench_report PATH_TO_GREENTALLY [DIR] [REPEATS] [RUNS]\n");
        return 2;
    }
    const char *dir = argc > 2 ? argv[2] : getenv("TMPDIR");
    if (!dir || !*dir)
        dir = "/tmp";
    long repeats = argc > 3 ? strtol(argv[3], NULL, 10) : 3;
    long nruns = argc > 4 ? strtol(argv[4], NULL, 10) : 100000;
    if (repeats < 1 || repeats > MAX_REPEATS || nruns < 1 || nruns > 100000000) {
        fprintf(stderr, "bench_report: REPEATS must be 1..%d, RUNS 1..100000000\n", MAX_REPEATS);
        return 2;
    }
    char csv[4096], err[4096];
    snprintf(csv, sizeof csv, "%s/gt-bench-report-emissions.csv", dir);
    snprintf(err, sizeof err, "%s/gt-bench-report.err", dir);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    if (generate(csv, nruns)) {
        perror(csv);
        return 2;
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    struct stat st;
    stat(csv, &st);
    printf("input: %s: %ld runs, one row each, %.1f MB (written in %.2f s)\n", csv, nruns,
           (double)st.st_size / 1e6,
           (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9);
    char *sum_args[] = {argv[1], "summary", csv, "-q", NULL};
    if (bench("summary", sum_args, NULL, err, (int)repeats, 0))
        return 1;
    double s_cpu = last_cpu, s_wall = last_wall, s_rss = last_rss;
    int rc = 0;
    /* the goals' table, printed at the end */
    char table[8][200];
    int nt = 0;
    for (size_t f = 0; f < sizeof formats / sizeof formats[0]; f++) {
        char out[4096];
        snprintf(out, sizeof out, "%s/gt-bench-report.%s", dir, formats[f].ext);
        char *args[] = {argv[1], "report", csv, "-q", "-o", out, NULL};
        if (bench(formats[f].ext, args, out, err, (int)repeats, formats[f].goal_s)) {
            rc |= f == 0; /* the PDF is someone else's */
            continue;
        }
        double xc = last_cpu / s_cpu, xw = last_wall / s_wall, above = last_rss - s_rss;
        const char *mem = above <= ABOVE_MB ? "met" : "NOT met";
        printf("%-7s vs summary: %.2fx CPU, %.2fx wall, %+.1f MB peak RSS (goal <= +%.0f MB: %s",
               formats[f].ext, xc, xw, above, ABOVE_MB, mem);
        if (formats[f].x_summary > 0)
            printf("; <= %.1fx: CPU %s, wall %s", formats[f].x_summary,
                   xc <= formats[f].x_summary ? "met" : "NOT met",
                   xw <= formats[f].x_summary ? "met" : "NOT met");
        printf(")\n");
        if (nt < 8) {
            char x[64] = "";
            if (formats[f].x_summary > 0)
                snprintf(x, sizeof x, " (goal <= %.1fx: %s)", formats[f].x_summary,
                         xc <= formats[f].x_summary ? "met" : "NOT met");
            snprintf(table[nt++], sizeof table[0],
                     "%-7s %5.2fx CPU%-25s %5.2fx wall  %+7.1f MB RSS (goal <= +%.0f: %s)",
                     formats[f].ext, xc, x, xw, above, ABOVE_MB, mem);
        }
    }
    printf("\nagainst summary (%.3f s CPU, %.3f s wall, %.1f MB; medians of %ld%s):\n", s_cpu,
           s_wall, s_rss, repeats, repeats < 3 ? ", fewer than the 3 the goals ask for" : "");
    for (int i = 0; i < nt; i++)
        printf("  %s\n", table[i]);
    return rc;
}
