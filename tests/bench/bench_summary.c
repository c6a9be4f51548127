/* Benchmark of `greentally summary` on large CodeCarbon logs, beside DuckDB
 * and pandas doing the same job: prints figures (medians), asserts nothing (a
 * totals mismatch is printed and makes the exit status 1).
 *
 *   bench_summary PATH_TO_GREENTALLY [DIR] [RUNS] [quick|rows|runs|tree [BEFORE]]
 *   cmake --build BUILD --target run_bench_summary
 *
 * DIR defaults to $TMPDIR, else /tmp; RUNS to 3. In DIR it writes (or reuses
 * when a matching .meta sidecar says they are complete) CodeCarbon 3.2.1+
 * emissions.csv files, deterministic (fixed PRNG seed), runs written 10 at a
 * time interleaved (concurrent jobs sharing a file), over 20 projects:
 *   gt-bench-emissions-big.csv       1000 runs, ~2 M cumulative rows, ~930 MB
 *   gt-bench-emissions-2m-runs.csv   2 M runs of one row each, ~970 MB
 *   ...-250k, -small (0.5 M), -1m    1000 runs: the rows-scaling table
 *   ...-20k-runs, -200k-runs         ~2 M rows: the runs-scaling table
 *   gt-bench-tree-N/                 N = 5 k, 20 k, 80 k small files, one per folder
 * The expected totals are the sum over runs of the LAST row of each run,
 * computed from the very strings written.
 *
 * Each job runs RUNS times (fork/exec, wait4: wall, CPU = user + system, peak
 * RSS): `greentally summary FILE --by project -f csv -q` (all cores), checked
 * against the expected totals (and, for files of at most 100 k runs, once more
 * with -f json for the rows accounting); DuckDB through node and
 * @duckdb/node-api (folder $GT_DUCKDB_NODE, else /work/.bench-node; skipped
 * with a message when absent): read_csv, arg_max by timestamp per run_id, sum
 * by project, all cores; pandas (python3 with pandas, $GT_PYTHON; skipped with
 * a message when absent); `cat FILE`. Then the rows-scaling, runs-scaling
 * and tree-walk tables and -j1 against -jN. "quick" does only the two files of
 * the first table; "rows" only the rows-scaling files (1000 runs, 0.25-2 M
 * rows), each with -j1, -jN and DuckDB side by side; "runs" the 2 M-run file
 * (beside DuckDB), the runs-scaling table and -j1 against -jN for the 2 M-run
 * file; "tree" only the tree-walk table (5 k, 20 k, 80 k files: CPU per
 * file, peak RSS, and the opens per file counted under strace when it is
 * installed), of BEFORE_BINARY too when given, one table above the other.
 * On a shared machine wall times mislead: compare CPU.
 *
 * Bytes per run in the runs-scaling table: the peak RSS over the runs, and
 * the RSS above the 1000-run file's (what the runs themselves cost: records,
 * tables, run ids) over the runs beyond its 1000. */
#define _DEFAULT_SOURCE /* wait4 */
#include <errno.h>
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

#define NPROJECTS    20
#define CONCURRENT   10
#define SEED         0x6772656e74616c6cull
#define META_VERSION "gt-bench-summary 3"

static int NRUNS = 1000; /* runs in the file being generated */
#define GOAL_RSS_MB   32.0
#define GOAL_PANDAS_X 10.0
#define MAX_RUNS      99

static const char *const header =
    "timestamp,project_name,run_id,experiment_id,duration,emissions,emissions_rate,cpu_power,"
    "gpu_power,ram_power,cpu_energy,gpu_energy,ram_energy,energy_consumed,water_consumed,"
    "country_name,country_iso_code,region,cloud_provider,cloud_region,os,python_version,"
    "codecarbon_version,cpu_count,cpu_model,gpu_count,gpu_model,longitude,latitude,ram_total_size,"
    "tracking_mode,cpu_utilization_percent,gpu_utilization_percent,ram_utilization_percent,"
    "ram_used_gb,on_cloud,pue,wue\n";

/* --- deterministic data ------------------------------------------------------------- */

static uint64_t rng_state;

static uint64_t rng(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static double unif(void) /* [0, 1) */
{
    return (double)(rng() >> 11) * (1.0 / 9007199254740992.0);
}

static const char *const prefixes[] = {"llm-finetune", "vision-transformer", "speech-asr",
                                       "protein-folding", "climate-downscaling"};
static const char *const suffixes[] = {"ablation", "baseline", "sweep", "distill"};

struct site {
    const char *country, *iso, *region, *cloud, *cloud_region, *on_cloud;
    double ci_kg_per_kwh, lon, lat, pue, wue;
};
static const struct site sites[] = {
    {"France", "FRA", "ile-de-france", "", "", "N", 0.0569, 2.3488, 48.8534, 1.0, 0.0},
    {"Germany", "DEU", "bavaria", "", "", "N", 0.3806, 11.5755, 48.1374, 1.0, 0.0},
    {"United States", "USA", "virginia", "aws", "us-east-1", "Y", 0.3790, -77.4874, 39.0438, 1.2,
     1.8},
    {"Canada", "CAN", "quebec", "gcp", "northamerica-northeast1", "Y", 0.0019, -73.5673, 45.5017,
     1.1, 0.9},
};

struct hw {
    const char *os, *cpu, *gpu;
    int cpus, gpus;
    double cpu_tdp, gpu_w, ram_gb;
};
static const struct hw hws[] = {
    {"Linux-5.15.0-105-generic-x86_64-with-glibc2.35", "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz",
     "4 x NVIDIA A100-SXM4-40GB", 40, 4, 150.0, 400.0, 376.5},
    {"Linux-6.8.0-1015-aws-x86_64-with-glibc2.39", "AMD EPYC 7742 64-Core Processor",
     "8 x NVIDIA H100 80GB HBM3", 128, 8, 225.0, 700.0, 1007.7},
    {"Linux-4.18.0-513.24.1.el8_9.x86_64-x86_64-with-glibc2.28",
     "Intel(R) Xeon(R) Platinum 8358 CPU @ 2.60GHz", "2 x Tesla V100-PCIE-32GB", 64, 2, 250.0,
     250.0, 503.5},
};

struct run {
    char id[40], exp[40];
    int project, site, hw, rows_left;
    double t, dur, cpu_e, gpu_e, ram_e, water, cpu_w, gpu_w, ram_w, cpu_u, gpu_u;
    /* the last row written, as parsed back from its text */
    double last_dur, last_e, last_kg;
};

static void uuid(char *out, size_t size)
{
    uint64_t a = rng(), b = rng();
    snprintf(out, size, "%08x-%04x-4%03x-%04x-%012llx", (unsigned)(a >> 32),
             (unsigned)(a >> 16) & 0xffff, (unsigned)a & 0xfff,
             (unsigned)(0x8000 | ((b >> 48) & 0x3fff)),
             (unsigned long long)(b & 0xffffffffffffull));
}

struct expect {
    long runs, rows;
    double duration_s, energy_kwh, co2e_g;
    long long size;
};

/* Writes one row of run r into buf; returns its length. */
static int format_row(char *buf, size_t size, struct run *r, char (*projects)[64])
{
    const struct site *s = &sites[r->site];
    const struct hw *h = &hws[r->hw];
    double dt = 14.5 + unif();
    r->t += dt;
    r->dur += dt;
    r->cpu_u = 20 + 75 * unif();
    r->gpu_u = 60 + 39 * unif();
    r->cpu_w = h->cpu_tdp * (0.3 + 0.7 * r->cpu_u / 100);
    r->gpu_w = h->gpus * h->gpu_w * (0.2 + 0.8 * r->gpu_u / 100);
    r->ram_w = h->ram_gb * 0.3725 * (0.9 + 0.1 * unif());
    r->cpu_e += r->cpu_w * dt / 3.6e6;
    r->gpu_e += r->gpu_w * dt / 3.6e6;
    r->ram_e += r->ram_w * dt / 3.6e6;
    double e = (r->cpu_e + r->gpu_e + r->ram_e) * s->pue;
    double kg = e * s->ci_kg_per_kwh;
    r->water = e * s->wue;
    time_t tt = (time_t)r->t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    char ts[32];
    strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &tm);
    char dur[32], ekg[32], en[32];
    snprintf(dur, sizeof dur, "%.10g", r->dur);
    snprintf(ekg, sizeof ekg, "%.10g", kg);
    snprintf(en, sizeof en, "%.10g", e);
    r->last_dur = strtod(dur, NULL);
    r->last_kg = strtod(ekg, NULL);
    r->last_e = strtod(en, NULL);
    double ram_used = h->ram_gb * (0.15 + 0.2 * unif());
    return snprintf(buf, size,
                    "%s,%s,%s,%s,%s,%s,%.8g,%.6g,%.6g,%.6g,%.10g,%.10g,%.10g,%s,%.6g,"
                    "%s,%s,%s,%s,%s,%s,3.11.7,3.2.1,%d,%s,%d,%s,%.4f,%.4f,%.2f,machine,%.1f,%.1f,"
                    "%.1f,%.3f,%s,%.1f,%.1f\n",
                    ts, projects[r->project], r->id, r->exp, dur, ekg, kg / r->dur, r->cpu_w,
                    r->gpu_w, r->ram_w, r->cpu_e, r->gpu_e, r->ram_e, en, r->water, s->country,
                    s->iso, s->region, s->cloud, s->cloud_region, h->os, h->cpus, h->cpu, h->gpus,
                    h->gpu, s->lon, s->lat, h->ram_gb, r->cpu_u, r->gpu_u,
                    100 * ram_used / h->ram_gb, ram_used, s->on_cloud, s->pue, s->wue);
}

/* Generates the file; rows per run uniform in [lo, hi]. */
static int generate(const char *path, int lo, int hi, struct expect *x)
{
    char tmp[4096 + 16];
    if (snprintf(tmp, sizeof tmp, "%s.part", path) >= (int)sizeof tmp)
        return -1;
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        fprintf(stderr, "cannot write '%s': %s\n", tmp, strerror(errno));
        return -1;
    }
    static char fbuf[1 << 22];
    setvbuf(f, fbuf, _IOFBF, sizeof fbuf);
    rng_state = SEED;
    char projects[NPROJECTS][64];
    for (int p = 0; p < NPROJECTS; p++)
        snprintf(projects[p], sizeof projects[p], "%s-%s-%02d", prefixes[p % 5],
                 suffixes[(p / 5) % 4], p);
    struct run *runs = calloc((size_t)NRUNS, sizeof *runs);
    if (!runs) {
        fclose(f);
        return -1;
    }
    double t0 = 1735689600.0; /* 2025-01-01 */
    for (int i = 0; i < NRUNS; i++) {
        struct run *r = &runs[i];
        uuid(r->id, sizeof r->id);
        uuid(r->exp, sizeof r->exp);
        r->project = (int)(rng() % NPROJECTS);
        r->site = r->project % 4;
        r->hw = (int)(rng() % 3);
        r->rows_left = lo + (int)(rng() % (uint64_t)(hi - lo + 1));
        r->t = t0 + (i / CONCURRENT) * (86400.0 * 1000 / NRUNS) + (i % CONCURRENT) * 37.0;
    }
    memset(x, 0, sizeof *x);
    fputs(header, f);
    char row[2048];
    for (int b = 0; b < NRUNS; b += CONCURRENT) {
        int active = 1;
        while (active) {
            active = 0;
            for (int i = b; i < b + CONCURRENT && i < NRUNS; i++) {
                struct run *r = &runs[i];
                if (!r->rows_left)
                    continue;
                int n = format_row(row, sizeof row, r, projects);
                if (n <= 0 || (size_t)n >= sizeof row) {
                    fprintf(stderr, "row too long\n");
                    fclose(f);
                    free(runs);
                    return -1;
                }
                fwrite(row, 1, (size_t)n, f);
                r->rows_left--;
                x->rows++;
                active = 1;
            }
        }
    }
    for (int i = 0; i < NRUNS; i++) {
        x->duration_s += runs[i].last_dur;
        x->energy_kwh += runs[i].last_e;
        x->co2e_g += runs[i].last_kg * 1000.0;
    }
    x->runs = NRUNS;
    free(runs);
    if (fclose(f) != 0 || rename(tmp, path) != 0) {
        fprintf(stderr, "cannot write '%s': %s\n", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (stat(path, &st) != 0)
        return -1;
    x->size = (long long)st.st_size;
    return 0;
}

static int meta_path(char *out, size_t size, const char *path)
{
    return snprintf(out, size, "%s.meta", path) >= (int)size ? -1 : 0;
}

/* Reuses the file when its sidecar matches the parameters and its size. */
static int load_meta(const char *path, int lo, int hi, struct expect *x)
{
    char mp[4096 + 16], want[128], got[128] = "";
    FILE *f = meta_path(mp, sizeof mp, path) ? NULL : fopen(mp, "r");
    if (!f)
        return -1;
    snprintf(want, sizeof want, "%s %llx %d %d %d", META_VERSION, (unsigned long long)SEED, NRUNS,
             lo, hi);
    int ok = fgets(got, sizeof got, f) && strncmp(got, want, strlen(want)) == 0 &&
             got[strlen(want)] == '\n' &&
             fscanf(f, "%ld %ld %lld %lf %lf %lf", &x->runs, &x->rows, &x->size, &x->duration_s,
                    &x->energy_kwh, &x->co2e_g) == 6;
    fclose(f);
    struct stat st;
    if (!ok || stat(path, &st) != 0 || (long long)st.st_size != x->size)
        return -1;
    return 0;
}

static void save_meta(const char *path, int lo, int hi, const struct expect *x)
{
    char mp[4096 + 16];
    FILE *f = meta_path(mp, sizeof mp, path) ? NULL : fopen(mp, "w");
    if (!f)
        return;
    fprintf(f, "%s %llx %d %d %d\n%ld %ld %lld %.17g %.17g %.17g\n", META_VERSION,
            (unsigned long long)SEED, NRUNS, lo, hi, x->runs, x->rows, x->size, x->duration_s,
            x->energy_kwh, x->co2e_g);
    fclose(f);
}

static int prepare(const char *path, int lo, int hi, struct expect *x)
{
    if (load_meta(path, lo, hi, x) == 0) {
        printf("reusing %s (%.1f MB, %ld rows)\n", path, (double)x->size / 1e6, x->rows);
        return 0;
    }
    printf("generating %s ...\n", path);
    fflush(stdout);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    if (generate(path, lo, hi, x) != 0)
        return -1;
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("  %.1f MB, %ld rows (%.0f bytes/row) in %.1f s\n", (double)x->size / 1e6, x->rows,
           (double)x->size / (double)x->rows,
           (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) * 1e-9);
    save_meta(path, lo, hi, x);
    return 0;
}

/* --- running ---------------------------------------------------------------------- */

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 1 << 16, n = 0;
    char *s = malloc(cap);
    while (s) {
        if (n + 4096 + 1 > cap) {
            char *p = realloc(s, cap *= 2);
            if (!p) {
                free(s);
                s = NULL;
                break;
            }
            s = p;
        }
        size_t got = fread(s + n, 1, 4096, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    if (s)
        s[n] = '\0';
    return s;
}

/* The number after "key": inside the object that starts at "section": (our
 * own JSON output, so a plain scan suffices). */
static int json_num(const char *js, const char *section, const char *key, double *out)
{
    char pat[128];
    snprintf(pat, sizeof pat, "\"%s\":", section);
    const char *p = strstr(js, pat);
    if (!p)
        return -1;
    snprintf(pat, sizeof pat, "\"%s\":", key);
    p = strstr(p, pat);
    if (!p)
        return -1;
    char *end;
    *out = strtod(p + strlen(pat), &end);
    return end == p + strlen(pat) ? -1 : 0;
}

static int close_enough(double a, double b)
{
    return fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b));
}

/* Checks greentally's JSON against what was generated. */
static int check_json(const char *out_path, const struct expect *x)
{
    char *js = slurp(out_path);
    if (!js) {
        printf("  MISMATCH: no JSON output\n");
        return -1;
    }
    double runs, dur, e, co2, rr, ru, rs, rj, ngroups = 0;
    int bad = json_num(js, "totals", "runs", &runs) || json_num(js, "totals", "duration_s", &dur) ||
              json_num(js, "totals", "energy_kwh", &e) || json_num(js, "totals", "co2e_g", &co2) ||
              json_num(js, "accounting", "rows_read", &rr) ||
              json_num(js, "accounting", "rows_used", &ru) ||
              json_num(js, "accounting", "rows_superseded", &rs) ||
              json_num(js, "accounting", "rows_rejected", &rj);
    for (const char *p = strstr(js, "\"groups\":");
         p && (p = strstr(p, "\"project\":")) && p < strstr(js, "\"accounting\":"); p++)
        ngroups++;
    free(js);
    if (bad) {
        printf("  MISMATCH: totals/accounting missing from the JSON\n");
        return -1;
    }
    int ok = (long)runs == x->runs && close_enough(dur, x->duration_s) &&
             close_enough(e, x->energy_kwh) && close_enough(co2, x->co2e_g) &&
             (long)rr == x->rows && (long)ru == x->runs && (long)rs == x->rows - x->runs &&
             rj == 0 && (int)ngroups == NPROJECTS;
    printf("  expected: runs %ld  rows %ld  duration %.10g s  energy %.12g kWh  co2e %.12g g  "
           "groups %d\n",
           x->runs, x->rows, x->duration_s, x->energy_kwh, x->co2e_g, NPROJECTS);
    printf("  got:      runs %.0f  rows %.0f (used %.0f, superseded %.0f, rejected %.0f)  duration "
           "%.10g s  energy %.12g kWh  co2e %.12g g  groups %.0f\n",
           runs, rr, ru, rs, rj, dur, e, co2, ngroups);
    printf("  totals check: %s\n", ok ? "OK" : "MISMATCH");
    return ok ? 0 : -1;
}

static const char *const pandas_script =
    "import sys\n"
    "import pandas as pd\n"
    "df = pd.read_csv(sys.argv[1])\n"
    "last = df.groupby('run_id', sort=False).last()\n"
    "g = last.groupby('project_name')[['duration', 'energy_consumed', 'emissions']].sum()\n"
    "print(len(last), len(df), repr(g.duration.sum()), repr(g.energy_consumed.sum()),\n"
    "      repr(g.emissions.sum() * 1000))\n";

static const char *find_pandas(void)
{
    static char py[1024];
    const char *cand[] = {getenv("GT_PYTHON"), "python3", "/usr/bin/python3"};
    for (size_t i = 0; i < sizeof cand / sizeof cand[0]; i++) {
        if (!cand[i] || !cand[i][0])
            continue;
        snprintf(py, sizeof py, "%s", cand[i]);
        char *argv[] = {py, "-c", "import pandas", NULL};
        struct meas m;
        if (measure(argv, NULL, NULL, &m) == 0 && WIFEXITED(m.status) && WEXITSTATUS(m.status) == 0)
            return py;
    }
    return NULL;
}

/* Other jobs on the machine skew wall times: say how busy it was. */
static void print_load(const char *when)
{
    char buf[128] = "";
    FILE *f = fopen("/proc/loadavg", "r");
    if (f) {
        if (!fgets(buf, sizeof buf, f))
            buf[0] = '\0';
        fclose(f);
    }
    buf[strcspn(buf, "\n")] = '\0';
    printf("%s: %s (%ld cpus)\n", when, buf[0] ? buf : "unknown", sysconf(_SC_NPROCESSORS_ONLN));
}

struct result {
    double wall, cpu, rss, pandas_wall, pandas_cpu, pandas_rss;
    int ok, pandas_ok;
};

/* Runs argv n times; prints each run; medians into wall, cpu, rss. Returns
 * -1 when it cannot run, 1 when a run failed, else 0. */
static int run_n(const char *what, char *const argv[], const char *out, const char *err, int n,
                 double *wall, double *cpu, double *rss)
{
    struct meas m;
    double w[MAX_RUNS], c[MAX_RUNS], r[MAX_RUNS];
    int failed = 0;
    for (int i = 0; i < n; i++) {
        if (measure(argv, out, err, &m) != 0) {
            fprintf(stderr, "cannot run '%s'\n", argv[0]);
            return -1;
        }
        w[i] = m.wall_s;
        c[i] = m.cpu_s;
        r[i] = m.rss_mb;
        int bad = !WIFEXITED(m.status) || WEXITSTATUS(m.status) != 0;
        failed |= bad;
        printf("  %-10s run %d: wall %8.3f s  cpu %8.3f s  peak RSS %9.1f MB%s\n", what, i + 1,
               m.wall_s, m.cpu_s, m.rss_mb, bad ? "  (FAILED)" : "");
        fflush(stdout);
    }
    *wall = median(w, n);
    *cpu = median(c, n);
    *rss = median(r, n);
    return failed;
}

/* Checks greentally's CSV (`--by project -f csv`: one row per project, then
 * "total") against what was generated. */
static int check_csv(const char *out_path, const struct expect *x, int ngroups_want)
{
    char *cs = slurp(out_path);
    if (!cs) {
        printf("  MISMATCH: no CSV output\n");
        return -1;
    }
    int lines = 0;
    for (const char *p = cs; *p; p++)
        lines += *p == '\n';
    const char *t = strstr(cs, "\n\"total\",");
    long runs = 0;
    double dur = NAN, e = NAN, co2 = NAN, cpu, gpu, ram;
    int ok = t && sscanf(t + 9, "%ld,%lf,%lf,%lf,%lf,%lf,%lf", &runs, &dur, &e, &cpu, &gpu, &ram,
                         &co2) == 7;
    free(cs);
    ok = ok && runs == x->runs && close_enough(dur, x->duration_s) &&
         close_enough(e, x->energy_kwh) && close_enough(co2, x->co2e_g) &&
         lines - 2 == ngroups_want;
    if (!ok)
        printf("  MISMATCH: got runs %ld duration %.10g energy %.12g co2e %.12g groups %d; "
               "expected %ld %.10g %.12g %.12g %d\n",
               runs, dur, e, co2, lines - 2, x->runs, x->duration_s, x->energy_kwh, x->co2e_g,
               ngroups_want);
    return ok ? 0 : -1;
}

/* --- DuckDB (node + @duckdb/node-api) ------------------------------------------------ */

/* read_csv, keep the last row (latest timestamp) of each run_id, group by
 * project; prints groups, runs, rows, duration, energy, CO2e (g). */
static const char *const duck_script =
    "const { DuckDBInstance } = require(process.argv[1] + '/node_modules/@duckdb/node-api');\n"
    "(async () => {\n"
    "  const inst = await DuckDBInstance.create(':memory:', { threads: process.argv[3] });\n"
    "  const con = await inst.connect();\n"
    "  const f = process.argv[2].replace(/'/g, \"''\");\n"
    "  const r = await con.runAndReadAll(`WITH last AS (SELECT run_id,\n"
    "     arg_max(project_name, \"timestamp\") AS p, arg_max(duration, \"timestamp\") AS d,\n"
    "     arg_max(energy_consumed, \"timestamp\") AS e, arg_max(emissions, \"timestamp\") AS kg,\n"
    "     count(*) AS n FROM read_csv('${f}') GROUP BY run_id),\n"
    "   g AS (SELECT p, count(*) AS runs, sum(n) AS rows, sum(d) AS d, sum(e) AS e,\n"
    "     sum(kg) AS kg FROM last GROUP BY p)\n"
    "   SELECT count(*)::BIGINT, sum(runs)::BIGINT, sum(rows)::BIGINT, sum(d), sum(e),\n"
    "     sum(kg) * 1000 FROM g`);\n"
    "  console.log(r.getRows()[0].map(String).join(' '));\n"
    "})().catch(e => { console.error(String(e)); process.exit(1); });\n";

/* The folder holding node_modules/@duckdb/node-api: $GT_DUCKDB_NODE, else
 * /work/.bench-node; NULL when absent or node is missing. */
static const char *find_duckdb(void)
{
    static char dir[2048];
    const char *d = getenv("GT_DUCKDB_NODE");
    snprintf(dir, sizeof dir, "%s", d && d[0] ? d : "/work/.bench-node");
    char pkg[2200];
    snprintf(pkg, sizeof pkg, "%s/node_modules/@duckdb/node-api/package.json", dir);
    if (access(pkg, R_OK) != 0)
        return NULL;
    char *argv[] = {"node", "--version", NULL};
    struct meas m;
    if (measure(argv, NULL, NULL, &m) != 0 || !WIFEXITED(m.status) || WEXITSTATUS(m.status) != 0)
        return NULL;
    return dir;
}

struct job {
    double wall, cpu, rss;
    int ran, ok;
};

static int ncores(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (int)n : 1;
}

static void run_duckdb(const char *duck, const char *dir, const char *path, const struct expect *x,
                       int nruns, struct job *j)
{
    char out[4096], err[4096], threads[16];
    snprintf(out, sizeof out, "%s/gt-bench-duck-out.txt", dir);
    snprintf(err, sizeof err, "%s/gt-bench-duck-err.txt", dir);
    snprintf(threads, sizeof threads, "%d", ncores());
    char *argv[] = {"node", "-e", (char *)duck_script, (char *)duck, (char *)path, threads, NULL};
    memset(j, 0, sizeof *j);
    int failed = run_n("duckdb", argv, out, err, nruns, &j->wall, &j->cpu, &j->rss);
    if (failed < 0)
        return;
    j->ran = 1;
    char *o = slurp(out);
    long groups = 0, runs = 0, rows = 0;
    double d = 0, e = 0, kg = 0;
    if (!failed && o &&
        sscanf(o, "%ld %ld %ld %lf %lf %lf", &groups, &runs, &rows, &d, &e, &kg) == 6) {
        j->ok = runs == x->runs && rows == x->rows && close_enough(d, x->duration_s) &&
                close_enough(e, x->energy_kwh) && close_enough(kg, x->co2e_g);
        printf("  duckdb:   runs %ld  rows %ld  duration %.10g s  energy %.12g kWh  co2e %.12g g "
               " (%s)\n",
               runs, rows, d, e, kg, j->ok ? "agrees" : "DISAGREES");
    } else {
        char *es = slurp(err);
        printf("  duckdb FAILED: %.400s\n", es ? es : "");
        free(es);
    }
    free(o);
}

static void run_pandas(const char *py, const char *dir, const char *path, const struct expect *x,
                       int nruns, struct job *j)
{
    char out[4096], err[4096];
    snprintf(out, sizeof out, "%s/gt-bench-pandas-out.txt", dir);
    snprintf(err, sizeof err, "%s/gt-bench-pandas-err.txt", dir);
    memset(j, 0, sizeof *j);
    char *argv[] = {(char *)py, "-c", (char *)pandas_script, (char *)path, NULL};
    int failed = run_n("pandas", argv, out, err, nruns, &j->wall, &j->cpu, &j->rss);
    if (failed < 0)
        return;
    j->ran = 1;
    char *po = slurp(out);
    long pruns = 0, prows = 0;
    double d = 0, e = 0, co2 = 0;
    if (!failed && po && sscanf(po, "%ld %ld %lf %lf %lf", &pruns, &prows, &d, &e, &co2) == 5)
        j->ok = pruns == x->runs && prows == x->rows && close_enough(e, x->energy_kwh) &&
                close_enough(co2, x->co2e_g) && close_enough(d, x->duration_s);
    printf("  pandas:   %s\n", j->ok ? "agrees" : "FAILED or DISAGREES");
    free(po);
}

/* `greentally summary FILE --by project -f csv -q [-jN]`, checked. */
static void run_gt(const char *bin, const char *dir, const char *path, const struct expect *x,
                   int nruns, const char *jobs, struct job *j)
{
    char out[4096], err[4096];
    snprintf(out, sizeof out, "%s/gt-bench-summary-out.csv", dir);
    snprintf(err, sizeof err, "%s/gt-bench-summary-err.txt", dir);
    memset(j, 0, sizeof *j);
    char *argv[] = {(char *)bin, "summary", (char *)path, "--by",       "project",
                    "-f",        "csv",     "-q",         (char *)jobs, NULL};
    int failed = run_n("greentally", argv, out, err, nruns, &j->wall, &j->cpu, &j->rss);
    if (failed < 0)
        return;
    j->ran = 1;
    if (failed) {
        char *e = slurp(err);
        printf("  greentally FAILED; stderr: %.400s\n", e ? e : "");
        free(e);
        return;
    }
    j->ok = check_csv(out, x, NPROJECTS) == 0;
}

/* Once, untimed: the JSON accounting (rows read = used + superseded). */
static int json_once(const char *bin, const char *dir, const char *path, const struct expect *x)
{
    char out[4096];
    snprintf(out, sizeof out, "%s/gt-bench-summary-out.json", dir);
    char *argv[] = {(char *)bin, "summary", (char *)path, "--by", "project",
                    "-f",        "json",    "-q",         NULL};
    struct meas m;
    if (measure(argv, out, NULL, &m) != 0 || !WIFEXITED(m.status) || WEXITSTATUS(m.status) != 0) {
        printf("  JSON run FAILED\n");
        return -1;
    }
    return check_json(out, x);
}

static void run_cat(const char *path, int nruns, struct job *j)
{
    char *argv[] = {"cat", (char *)path, NULL};
    memset(j, 0, sizeof *j);
    j->ran = run_n("cat", argv, NULL, NULL, nruns, &j->wall, &j->cpu, &j->rss) == 0;
    j->ok = j->ran;
}

/* --- a tree of small files -------------------------------------------------------------- */

/* DIR/gt-bench-tree-N: N files, one per folder, 100 folders per parent:
 * aNNN/bNNN/emissions.csv with 2 rows of one run each. */
static int make_tree(const char *dir, int nfiles, char *root, size_t size)
{
    snprintf(root, size, "%s/gt-bench-tree-%d", dir, nfiles);
    char done[4200];
    snprintf(done, sizeof done, "%s/.complete", root);
    if (access(done, F_OK) == 0)
        return 0;
    printf("generating %s (%d files) ...\n", root, nfiles);
    fflush(stdout);
    mkdir(root, 0755);
    char p[4300], row[2048];
    char projects[NPROJECTS][64];
    for (int q = 0; q < NPROJECTS; q++)
        snprintf(projects[q], sizeof projects[q], "tree-project-%02d", q);
    rng_state = SEED ^ (uint64_t)nfiles;
    for (int i = 0; i < nfiles; i++) {
        snprintf(p, sizeof p, "%s/a%03d", root, i / 100);
        if (i % 100 == 0)
            mkdir(p, 0755);
        snprintf(p, sizeof p, "%s/a%03d/b%03d", root, i / 100, i % 100);
        mkdir(p, 0755);
        snprintf(p + strlen(p), sizeof p - strlen(p), "/emissions.csv");
        FILE *f = fopen(p, "w");
        if (!f)
            return -1;
        fputs(header, f);
        struct run r;
        memset(&r, 0, sizeof r);
        uuid(r.id, sizeof r.id);
        uuid(r.exp, sizeof r.exp);
        r.project = i % NPROJECTS;
        r.site = r.project % 4;
        r.hw = i % 3;
        r.t = 1735689600.0 + i * 60.0;
        for (int k = 0; k < 2; k++) {
            format_row(row, sizeof row, &r, projects);
            fputs(row, f);
        }
        if (fclose(f) != 0)
            return -1;
    }
    FILE *f = fopen(done, "w");
    if (f)
        fclose(f);
    return 0;
}

/* Opens per file of `greentally summary ROOT -f csv -q` (-j ARG): the openat
 * calls naming an emissions.csv under strace, over the nfiles of the tree;
 * -1 when strace is not there. */
static double opens_per_file(const char *bin, const char *root, int nfiles, const char *jobs)
{
    if (access("/usr/bin/strace", X_OK) != 0)
        return -1;
    char trace[64];
    snprintf(trace, sizeof trace, "/tmp/gt-bench-trace-%ld.txt", (long)getpid());
    char *argv[] = {
        "/usr/bin/strace", "-f", "-qq", "-e", "trace=openat", "-o", trace, (char *)bin, "summary",
        (char *)root,      "-f", "csv", "-q", (char *)jobs,   NULL};
    struct meas m;
    if (measure(argv, "/dev/null", "/dev/null", &m) != 0)
        return -1;
    FILE *f = fopen(trace, "r");
    if (!f)
        return -1;
    char line[8192];
    long n = 0;
    while (fgets(line, sizeof line, f))
        if (strstr(line, "/emissions.csv\"") && !strstr(line, "ENOENT"))
            n++;
    fclose(f);
    unlink(trace);
    return (double)n / nfiles;
}

/* "tree" mode: the tree-walk table for one binary, or two side by side
 * (before, after): CPU medians, time per file, peak RSS, opens per file. */
static int tree_table(const char *dir, int nruns, const char *const bins[], int nbins)
{
    printf("\n== tree walk: N small files (2 rows of one run each), one per folder, 100 folders "
           "per parent; `summary DIR -f csv -q`; medians of %d\n",
           nruns);
    int ok = 1;
    for (int b = 0; b < nbins; b++) {
        printf("%s\n", bins[b]);
        printf("  %8s %8s %8s %12s %8s %10s %12s %12s\n", "files", "wall s", "cpu s", "cpu us/file",
               "x per 4x", "RSS MB", "opens/file", "opens/f -j1");
        double prev = 0;
        for (int n = 5000; n <= 80000; n *= 4) {
            char root[4096];
            if (make_tree(dir, n, root, sizeof root) != 0) {
                printf("  cannot write the tree\n");
                return -1;
            }
            struct job t;
            char *targv[] = {(char *)bins[b], "summary", root, "-f", "csv", "-q", NULL};
            if (run_n("greentally", targv, NULL, NULL, nruns, &t.wall, &t.cpu, &t.rss) != 0)
                ok = 0;
            char ratio[32] = "-";
            if (prev)
                snprintf(ratio, sizeof ratio, "%.2fx", t.cpu / prev);
            double o = opens_per_file(bins[b], root, n, "-j2");
            double o1 = opens_per_file(bins[b], root, n, "-j1");
            printf("  %8d %8.2f %8.2f %12.1f %8s %10.1f %12.2f %12.2f\n", n, t.wall, t.cpu,
                   t.cpu / n * 1e6, ratio, t.rss, o, o1);
            fflush(stdout);
            prev = t.cpu;
        }
    }
    print_load("load average at the end");
    return ok ? 0 : -1;
}

/* --- main --------------------------------------------------------------------------- */

struct spec {
    const char *name;
    int nruns, lo, hi;
};

enum { F_BIG, F_DISTINCT, F_R025, F_R05, F_R1, F_K20, F_K200, F__COUNT };
static const struct spec specs[F__COUNT] = {
    [F_BIG] = {"gt-bench-emissions-big.csv", 1000, 1000, 3000},
    [F_DISTINCT] = {"gt-bench-emissions-2m-runs.csv", 2000000, 1, 1},
    [F_R025] = {"gt-bench-emissions-250k.csv", 1000, 125, 375},
    [F_R05] = {"gt-bench-emissions-small.csv", 1000, 250, 750},
    [F_R1] = {"gt-bench-emissions-1m.csv", 1000, 500, 1500},
    [F_K20] = {"gt-bench-emissions-20k-runs.csv", 20000, 100, 100},
    [F_K200] = {"gt-bench-emissions-200k-runs.csv", 200000, 10, 10},
};

static void job_line(const char *what, const struct job *j, const struct job *gt)
{
    if (!j->ran) {
        printf("  %-34s skipped\n", what);
        return;
    }
    printf("  %-34s %8.2f %8.2f %10.1f", what, j->wall, j->cpu, j->rss);
    if (gt && gt->ran && gt != j)
        printf("   greentally/this: wall %.2fx, RSS %.2fx", gt->wall / j->wall, gt->rss / j->rss);
    printf("%s\n", j->ok ? "" : "  (FAILED or DISAGREES)");
}

/* 1 when `greentally summary --help` lists -j. */
static int has_jobs(const char *bin)
{
    char *argv[] = {(char *)bin, "summary", "--help", NULL};
    char out[] = "/tmp/gt-bench-help.txt";
    struct meas m;
    if (measure(argv, out, NULL, &m) != 0)
        return 0;
    char *h = slurp(out);
    int r = h && strstr(h, "--jobs") != NULL;
    free(h);
    unlink(out);
    return r;
}

/* The rows-scaling files (1000 runs), each with -j1, -jN and DuckDB (all
 * cores) side by side: medians, rows per second per core of CPU, and the
 * ratios to DuckDB. 0 when every total agreed. */
static int rows_table(const char *bin, const char *dir, char path[][4096], const struct expect *x,
                      int nruns, const char *duck, const char *jn)
{
    const int files[4] = {F_R025, F_R05, F_R1, F_BIG};
    struct job one[4], all[4], dk[4];
    int ok = 1;
    memset(dk, 0, sizeof dk);
    memset(all, 0, sizeof all);
    for (int k = 0; k < 4; k++) {
        int i = files[k];
        printf("\n== %s: %.1f MB, %ld rows, %ld runs\n", specs[i].name, (double)x[i].size / 1e6,
               x[i].rows, x[i].runs);
        fflush(stdout);
        run_gt(bin, dir, path[i], &x[i], nruns, "-j1", &one[k]);
        ok &= one[k].ok;
        if (jn) {
            run_gt(bin, dir, path[i], &x[i], nruns, jn, &all[k]);
            ok &= all[k].ok;
        }
        if (duck) {
            run_duckdb(duck, dir, path[i], &x[i], nruns, &dk[k]);
            ok &= dk[k].ok;
        }
    }
    printf("\n== rows scaling: 1000 runs, 0.25-2 M rows (medians of %d; wall s / cpu s / peak RSS "
           "MB)\n",
           nruns);
    printf("  %9s %6s | %-21s %10s | %-21s | %-21s | %s\n", "rows", "MB", "greentally -j1",
           "rows/s/core", jn ? jn : "-jN", "duckdb (all cores)", "-jN / duckdb: wall, cpu");
    for (int k = 0; k < 4; k++) {
        int i = files[k];
        char r1[64], rn[64] = "-", rd[64] = "skipped", ratio[64] = "-";
        snprintf(r1, sizeof r1, "%6.2f %6.2f %6.1f", one[k].wall, one[k].cpu, one[k].rss);
        if (all[k].ran)
            snprintf(rn, sizeof rn, "%6.2f %6.2f %6.1f", all[k].wall, all[k].cpu, all[k].rss);
        if (dk[k].ran)
            snprintf(rd, sizeof rd, "%6.2f %6.2f %6.1f", dk[k].wall, dk[k].cpu, dk[k].rss);
        if (all[k].ran && dk[k].ran)
            snprintf(ratio, sizeof ratio, "%.2fx, %.2fx", all[k].wall / dk[k].wall,
                     all[k].cpu / dk[k].cpu);
        printf("  %9ld %6.0f | %-21s %10.0f | %-21s | %-21s | %s\n", x[i].rows,
               (double)x[i].size / 1e6, r1, (double)x[i].rows / one[k].cpu, rn, rd, ratio);
    }
    print_load("load average at the end");
    printf("totals check: %s\n", ok ? "OK" : "MISMATCH");
    return ok ? 0 : -1;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_summary PATH_TO_GREENTALLY [DIR] [RUNS] "
                        "[quick|rows|runs|tree [BEFORE_BINARY]]\n");
        return 1;
    }
    const char *bin = argv[1];
    const char *dir = argc > 2 ? argv[2] : getenv("TMPDIR");
    if (!dir || !dir[0])
        dir = "/tmp";
    int nruns = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 3;
    int quick = argc > 4 && strcmp(argv[4], "quick") == 0;
    int rows_only = argc > 4 && strcmp(argv[4], "rows") == 0;
    int runs_only = argc > 4 && strcmp(argv[4], "runs") == 0;
    if (nruns < 1)
        nruns = 1;
    if (nruns > MAX_RUNS)
        nruns = MAX_RUNS;
    if (argc > 4 && strcmp(argv[4], "tree") == 0) { /* tree [BEFORE_BINARY] */
        const char *bins[2] = {argc > 5 ? argv[5] : bin, bin};
        print_load("load average before the runs");
        return tree_table(dir, nruns, argc > 5 ? bins : bins + 1, argc > 5 ? 2 : 1) == 0 ? 0 : 1;
    }
    struct expect x[F__COUNT];
    char path[F__COUNT][4096];
    for (int i = 0; i < F__COUNT; i++) {
        if (quick && i != F_BIG && i != F_DISTINCT)
            continue;
        if (rows_only && i != F_BIG && i != F_R025 && i != F_R05 && i != F_R1)
            continue;
        if (runs_only && i != F_BIG && i != F_K20 && i != F_K200 && i != F_DISTINCT)
            continue;
        if (snprintf(path[i], sizeof path[i], "%s/%s", dir, specs[i].name) >= (int)sizeof path[i])
            return 1;
        NRUNS = specs[i].nruns;
        if (prepare(path[i], specs[i].lo, specs[i].hi, &x[i]) != 0)
            return 1;
    }
    const char *py = find_pandas();
    const char *duck = find_duckdb();
    int jobs = has_jobs(bin);
    char jn[32], j1[] = "-j1";
    snprintf(jn, sizeof jn, "-j%d", ncores());
    print_load("load average before the runs");
    printf("duckdb: %s\n", duck ? "node + @duckdb/node-api, all cores (read_csv; arg_max by "
                                  "timestamp per run_id; group by project_name)"
                                : "skipped: node or @duckdb/node-api not installed (set "
                                  "GT_DUCKDB_NODE to the folder holding node_modules)");
    printf("pandas: %s\n", py ? py : "skipped: pandas not installed");
    int all_ok = 1;
    if (rows_only)
        return rows_table(bin, dir, path, x, nruns, duck, jobs ? jn : NULL) == 0 ? 0 : 1;

    /* 1. the two files of the issue */
    struct job gt[F__COUNT], dk[2], pd[2], ct[2];
    memset(gt, 0, sizeof gt);
    const int main_files[2] = {F_BIG, F_DISTINCT};
    memset(dk, 0, sizeof dk);
    memset(pd, 0, sizeof pd);
    memset(ct, 0, sizeof ct);
    for (int k = runs_only ? 1 : 0; k < 2; k++) {
        int i = main_files[k];
        printf("\n== %s: %.1f MB, %ld rows, %ld runs\n", specs[i].name, (double)x[i].size / 1e6,
               x[i].rows, x[i].runs);
        fflush(stdout);
        run_gt(bin, dir, path[i], &x[i], nruns, jobs ? jn : NULL, &gt[i]);
        if (x[i].runs <= 100000 && json_once(bin, dir, path[i], &x[i]) != 0)
            gt[i].ok = 0;
        if (duck)
            run_duckdb(duck, dir, path[i], &x[i], nruns, &dk[k]);
        if (py)
            run_pandas(py, dir, path[i], &x[i], nruns, &pd[k]);
        run_cat(path[i], nruns, &ct[k]);
        all_ok &= gt[i].ok && (!dk[k].ran || dk[k].ok);
    }
    printf("\nmedians of %d runs                    wall s    cpu s  peak RSS MB\n", nruns);
    for (int k = runs_only ? 1 : 0; k < 2; k++) {
        int i = main_files[k];
        printf("%s (%.0f MB, %ld rows, %ld runs), `summary --by project`:\n", specs[i].name,
               (double)x[i].size / 1e6, x[i].rows, x[i].runs);
        job_line(jobs ? "greentally (all cores)" : "greentally", &gt[i], NULL);
        job_line("duckdb (all cores)", &dk[k], &gt[i]);
        job_line("pandas", &pd[k], &gt[i]);
        job_line("cat", &ct[k], NULL);
    }
    if (dk[0].ran)
        printf(
            "goal: 2 M rows / 1000 runs: wall <= 0.5 x DuckDB  %s (%.2fx); peak RSS <= 32 MB  %s "
            "(%.1f MB)\n",
            gt[F_BIG].wall <= 0.5 * dk[0].wall ? "met" : "MISSED", gt[F_BIG].wall / dk[0].wall,
            gt[F_BIG].rss <= 32 ? "met" : "MISSED", gt[F_BIG].rss);
    if (dk[1].ran) {
        printf("goal: 2 M runs: wall <= 1 x DuckDB  %s (%.2fx); peak RSS <= 0.5 x DuckDB  %s "
               "(%.2fx)\n",
               gt[F_DISTINCT].wall <= dk[1].wall ? "met" : "MISSED",
               gt[F_DISTINCT].wall / dk[1].wall,
               gt[F_DISTINCT].rss <= 0.5 * dk[1].rss ? "met" : "MISSED",
               gt[F_DISTINCT].rss / dk[1].rss);
    }
    if (quick) {
        printf("totals check: %s\n", all_ok ? "OK" : "MISMATCH");
        return all_ok ? 0 : 1;
    }

    /* 2. rows scaling (1000 runs) */
    if (!runs_only)
        printf("\n== rows scaling: 1000 runs, 0.25-2 M rows (medians of %d)\n", nruns);
    const int rows_files[4] = {F_R025, F_R05, F_R1, F_BIG};
    if (!runs_only)
        printf("  %10s %8s %8s %8s %10s %12s %14s\n", "rows", "MB", "wall s", "cpu s", "RSS MB",
               "rows/s (cpu)", "MB/s (wall)");
    for (int k = 0; k < 4 && !runs_only; k++) {
        int i = rows_files[k];
        if (!gt[i].ran)
            run_gt(bin, dir, path[i], &x[i], nruns, jobs ? jn : NULL, &gt[i]);
        all_ok &= gt[i].ok;
        printf("  %10ld %8.1f %8.2f %8.2f %10.1f %12.0f %14.1f\n", x[i].rows,
               (double)x[i].size / 1e6, gt[i].wall, gt[i].cpu, gt[i].rss,
               (double)x[i].rows / gt[i].cpu, (double)x[i].size / 1e6 / gt[i].wall);
    }
    /* 3. runs scaling (about 2 M rows) */
    printf("\n== runs scaling: about 2 M rows, 1 k-2 M runs (medians of %d)\n", nruns);
    const int runs_files[4] = {F_BIG, F_K20, F_K200, F_DISTINCT};
    printf("  %10s %10s %8s %8s %10s %14s %16s\n", "runs", "rows", "wall s", "cpu s", "RSS MB",
           "RSS bytes/run", "above 1k: B/run");
    for (int k = 0; k < 4; k++) {
        int i = runs_files[k];
        if (!gt[i].ran)
            run_gt(bin, dir, path[i], &x[i], nruns, jobs ? jn : NULL, &gt[i]);
        all_ok &= gt[i].ok;
        char above[32] = "-";
        if (k && x[i].runs > x[F_BIG].runs)
            snprintf(above, sizeof above, "%.0f",
                     (gt[i].rss - gt[F_BIG].rss) * 1048576.0 / (double)(x[i].runs - x[F_BIG].runs));
        printf("  %10ld %10ld %8.2f %8.2f %10.1f %14.0f %16s\n", x[i].runs, x[i].rows, gt[i].wall,
               gt[i].cpu, gt[i].rss, gt[i].rss * 1048576.0 / (double)x[i].runs, above);
    }
    /* 4. tree walk */
    if (!runs_only) {
        printf("\n== tree walk: N small files, one per folder (medians of %d)\n", nruns);
        printf("  %8s %8s %8s %10s %16s\n", "files", "wall s", "cpu s", "RSS MB", "cpu x per 4x");
    }
    double prev = 0;
    for (int n = 5000; n <= 80000 && !runs_only; n *= 4) {
        char root[4096];
        if (make_tree(dir, n, root, sizeof root) != 0) {
            printf("  cannot write the tree\n");
            all_ok = 0;
            break;
        }
        struct job t;
        char *targv[] = {(char *)bin, "summary", root, "-f", "csv", "-q", NULL};
        if (run_n("greentally", targv, NULL, NULL, nruns, &t.wall, &t.cpu, &t.rss) != 0)
            all_ok = 0;
        char ratio[32] = "-";
        if (prev)
            snprintf(ratio, sizeof ratio, "%.2fx", t.cpu / prev);
        printf("  %8d %8.2f %8.2f %10.1f %16s\n", n, t.wall, t.cpu, t.rss, ratio);
        prev = t.cpu;
    }
    /* 5. -j1 vs -jN */
    printf("\n== -j1 vs -j%d (medians of %d)\n", ncores(), nruns);
    if (!jobs)
        printf("  skipped: this greentally has no --jobs\n");
    for (int k = runs_only ? 1 : 0; jobs && k < 2; k++) {
        int i = main_files[k];
        struct job one;
        run_gt(bin, dir, path[i], &x[i], nruns, j1, &one);
        all_ok &= one.ok;
        printf("  %-34s -j1: wall %.2f s cpu %.2f s RSS %.1f MB;  %s: wall %.2f s cpu %.2f s RSS "
               "%.1f MB;  speed-up %.2fx\n",
               specs[i].name, one.wall, one.cpu, one.rss, jn, gt[i].wall, gt[i].cpu, gt[i].rss,
               one.wall / gt[i].wall);
    }
    print_load("load average at the end");
    printf("totals check: %s\n", all_ok ? "OK" : "MISMATCH");
    return all_ok ? 0 : 1;
}
