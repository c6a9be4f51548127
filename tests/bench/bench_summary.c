/* Benchmark of `greentally summary` on large CodeCarbon logs: prints figures,
 * asserts nothing (a totals mismatch is printed and makes the exit status 1).
 *
 *   bench_summary PATH_TO_GREENTALLY [DIR] [RUNS]
 *   cmake --build BUILD --target run_bench_summary
 *
 * DIR defaults to $TMPDIR, else /tmp; RUNS to 3. In DIR it writes (or reuses
 * when a matching .meta sidecar says they are complete) two CodeCarbon
 * 3.2.1+ emissions.csv files, deterministic (fixed PRNG seed):
 *   gt-bench-emissions-big.csv    1000 runs x ~2000 cumulative flush rows
 *                                 (~2,000,000 rows, ~800 MB)
 *   gt-bench-emissions-small.csv  the same 1000 runs x ~500 rows (4x fewer)
 * Runs are written 10 at a time interleaved (concurrent jobs sharing a file),
 * over 20 project names. The expected totals are the sum over runs of the
 * LAST row of each run, computed from the very strings written.
 *
 * Then, for each file, it runs `greentally summary FILE --by project -f json
 * -q` RUNS times (fork/exec, wait4: wall time and ru_maxrss), prints each run
 * and the medians, and checks the JSON totals and accounting against the
 * expected ones. When a python3 with pandas is found ($GT_PYTHON, python3,
 * /usr/bin/python3) the equivalent pandas job is timed the same way. */
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

#define NRUNS         1000
#define NPROJECTS     20
#define CONCURRENT    10
#define SEED          0x6772656e74616c6cull
#define META_VERSION  "gt-bench-summary 2"
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
    struct run *runs = calloc(NRUNS, sizeof *runs);
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
        r->t = t0 + (i / CONCURRENT) * 86400.0 + (i % CONCURRENT) * 37.0;
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

static int bench_file(const char *bin, const char *dir, const char *path, const struct expect *x,
                      int nruns, const char *py, struct result *res)
{
    char out[4096], err[4096];
    if (snprintf(out, sizeof out, "%s/gt-bench-summary-out.json", dir) >= (int)sizeof out ||
        snprintf(err, sizeof err, "%s/gt-bench-summary-err.txt", dir) >= (int)sizeof err)
        return -1;
    char *argv[] = {(char *)bin, "summary", (char *)path, "--by", "project",
                    "-f",        "json",    "-q",         NULL};
    int failed = run_n("greentally", argv, out, err, nruns, &res->wall, &res->cpu, &res->rss);
    if (failed < 0)
        return -1;
    if (failed) {
        char *e = slurp(err);
        printf("  greentally FAILED; stderr: %.400s\n", e ? e : "");
        free(e);
    }
    res->ok = !failed && check_json(out, x) == 0;
    res->pandas_ok = 0;
    if (!py)
        return 0;
    char *pargv[] = {(char *)py, "-c", (char *)pandas_script, (char *)path, NULL};
    failed = run_n("pandas", pargv, out, err, nruns, &res->pandas_wall, &res->pandas_cpu,
                   &res->pandas_rss);
    if (failed < 0)
        return -1;
    char *po = slurp(out);
    long pruns = 0, prows = 0;
    double pd_dur = 0, pd_e = 0, pd_co2 = 0;
    if (!failed && po &&
        sscanf(po, "%ld %ld %lf %lf %lf", &pruns, &prows, &pd_dur, &pd_e, &pd_co2) == 5) {
        int ok = pruns == x->runs && prows == x->rows && close_enough(pd_e, x->energy_kwh) &&
                 close_enough(pd_co2, x->co2e_g) && close_enough(pd_dur, x->duration_s);
        printf("  pandas:   runs %ld  rows %ld  duration %.10g s  energy %.12g kWh  co2e %.12g g  "
               "(%s)\n",
               pruns, prows, pd_dur, pd_e, pd_co2, ok ? "agrees" : "DISAGREES");
        res->pandas_ok = 1;
    } else {
        char *e = slurp(err);
        printf("  pandas FAILED: %.400s\n", e ? e : "");
        free(e);
    }
    free(po);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: bench_summary PATH_TO_GREENTALLY [DIR] [RUNS]\n");
        return 1;
    }
    const char *bin = argv[1];
    const char *dir = argc > 2 ? argv[2] : getenv("TMPDIR");
    if (!dir || !dir[0])
        dir = "/tmp";
    int nruns = argc > 3 ? (int)strtol(argv[3], NULL, 10) : 3;
    if (nruns < 1)
        nruns = 1;
    if (nruns > MAX_RUNS)
        nruns = MAX_RUNS;

    static const struct {
        const char *name;
        int lo, hi;
    } files[] = {{"gt-bench-emissions-big.csv", 1000, 3000},
                 {"gt-bench-emissions-small.csv", 250, 750}};
    struct expect x[2];
    char path[2][4096];
    for (int i = 0; i < 2; i++) {
        if (snprintf(path[i], sizeof path[i], "%s/%s", dir, files[i].name) >= (int)sizeof path[i]) {
            fprintf(stderr, "directory name too long\n");
            return 1;
        }
        if (prepare(path[i], files[i].lo, files[i].hi, &x[i]) != 0)
            return 1;
        printf("  expected totals (sum of each run's last row): %ld runs, duration %.10g s, "
               "energy %.12g kWh, co2e %.12g g\n",
               x[i].runs, x[i].duration_s, x[i].energy_kwh, x[i].co2e_g);
    }
    print_load("load average before the runs");
    const char *py = find_pandas();
    if (py)
        printf("pandas: %s -c <read_csv; groupby(run_id).last(); groupby(project_name).sum()>\n",
               py);
    if (!py)
        printf("pandas not found (set GT_PYTHON to a python3 with pandas): no comparison\n");
    struct result res[2];
    for (int i = 0; i < 2; i++) {
        printf("\n== %s: %.1f MB, %ld rows, %ld runs; %d runs of `greentally summary FILE --by "
               "project -f json -q`%s\n",
               files[i].name, (double)x[i].size / 1e6, x[i].rows, x[i].runs, nruns,
               py ? " and of pandas" : "");
        fflush(stdout);
        if (bench_file(bin, dir, path[i], &x[i], nruns, py, &res[i]) != 0)
            return 1;
        fflush(stdout);
    }

    printf(
        "\nmedians of %d runs                 rows      MB  wall s  cpu s    MB/s  peak RSS MB\n",
        nruns);
    for (int i = 0; i < 2; i++) {
        printf("%-28s %10ld %7.1f %7.2f %6.2f %7.1f %12.1f\n", files[i].name, x[i].rows,
               (double)x[i].size / 1e6, res[i].wall, res[i].cpu,
               (double)x[i].size / 1e6 / res[i].wall, res[i].rss);
        if (res[i].pandas_ok)
            printf("  %-37s %7.2f %6.2f %7.1f %12.1f   pandas/greentally %.2fx (wall), "
                   "%.2fx (cpu)\n",
                   "the same job in pandas", res[i].pandas_wall, res[i].pandas_cpu,
                   (double)x[i].size / 1e6 / res[i].pandas_wall, res[i].pandas_rss,
                   res[i].pandas_wall / res[i].wall, res[i].pandas_cpu / res[i].cpu);
    }
    print_load("load average at the end");
    int all_ok = res[0].ok && res[1].ok;
    printf("\ngoal: peak RSS <= %.0f MB, flat in rows   %s (%.1f MB on %ld rows, %.1f MB on %ld "
           "rows)\n",
           GOAL_RSS_MB, res[0].rss <= GOAL_RSS_MB && res[1].rss <= GOAL_RSS_MB ? "met" : "MISSED",
           res[0].rss, x[0].rows, res[1].rss, x[1].rows);
    if (res[0].pandas_ok)
        printf("goal: wall <= 1/%.0f of pandas           %s (greentally %.2f s, pandas %.2f s: "
               "%.1fx)\n",
               GOAL_PANDAS_X, res[0].pandas_wall / res[0].wall >= GOAL_PANDAS_X ? "met" : "MISSED",
               res[0].wall, res[0].pandas_wall, res[0].pandas_wall / res[0].wall);
    else
        printf("goal: wall <= 1/%.0f of pandas           not measured (no pandas)\n",
               GOAL_PANDAS_X);
    printf("totals check: %s\n", all_ok ? "OK" : "MISMATCH");
    return all_ok ? 0 : 1;
}
