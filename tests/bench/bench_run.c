/* bench_run.c - greentally's own CPU overhead while it records a 200-process
 * tree at 1 Hz (the goal is <= 0.5 % of one core). Prints figures; never
 * asserts.
 *
 *   bench_run GREENTALLY TESTPROG [SECONDS]     (default 20 s per run)
 *
 * Runs `greentally run -q --interval 1 -- testprog tree 200 SECONDS` three
 * times and reads greentally's own CPU time (footer self_cpu_s, getrusage
 * RUSAGE_SELF at the end, start-up included) and the wall time from each
 * log; prints each run and the median. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define RUNS 3

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* The footer of the only log in dir: self_cpu_s, wall_s. 0 on success. */
static int read_footer(const char *dir, double *self, double *wall, double *nproc)
{
    char cmd[700];
    snprintf(cmd, sizeof cmd, "tail -n 1 %.600s/*.jsonl", dir);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    static char line[65536];
    size_t n = fread(line, 1, sizeof line - 1, p);
    pclose(p);
    line[n] = '\0';
    cJSON *f = cJSON_Parse(line);
    const cJSON *s = cJSON_GetObjectItem(f, "self_cpu_s"), *w = cJSON_GetObjectItem(f, "wall_s"),
                *m = cJSON_GetObjectItem(f, "max_nproc");
    int rc = cJSON_IsNumber(s) && cJSON_IsNumber(w) && cJSON_IsNumber(m) ? 0 : -1;
    if (!rc) {
        *self = s->valuedouble;
        *wall = w->valuedouble;
        *nproc = m->valuedouble;
    }
    cJSON_Delete(f);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: bench_run GREENTALLY TESTPROG [SECONDS]\n");
        return 2;
    }
    const char *secs = argc > 3 ? argv[3] : "20";
    char tmpl[] = "/tmp/gt-bench-run-XXXXXX";
    if (!mkdtemp(tmpl)) {
        perror("mkdtemp");
        return 1;
    }
    double pct[RUNS];
    for (int r = 0; r < RUNS; r++) {
        char dir[600];
        snprintf(dir, sizeof dir, "%s/run%d", tmpl, r);
        pid_t pid = fork();
        if (pid == 0) {
            execl(argv[1], argv[1], "run", "-q", "--interval", "1", "--log-dir", dir, "--", argv[2],
                  "tree", "200", secs, (char *)NULL);
            _exit(127);
        }
        int st;
        waitpid(pid, &st, 0);
        double self, wall, nproc;
        if (!WIFEXITED(st) || WEXITSTATUS(st) != 0 || read_footer(dir, &self, &wall, &nproc)) {
            fprintf(stderr, "bench_run: run %d failed\n", r + 1);
            return 1;
        }
        pct[r] = self / wall * 100;
        printf("run %d: %.0f processes, %.1f s wall, greentally %.3f CPU s = %.3f %% of one core\n",
               r + 1, nproc, wall, self, pct[r]);
    }
    qsort(pct, RUNS, sizeof pct[0], cmp_d);
    printf("greentally run overhead at 1 Hz on a 200-process tree: median %.3f %% of one core "
           "(goal <= 0.5 %%)\n",
           pct[RUNS / 2]);
    char cmd[700];
    snprintf(cmd, sizeof cmd, "rm -rf %s", tmpl);
    return system(cmd) == 0 ? 0 : 1;
}
