/* testprog.c - workloads and a harness for the `greentally run` tests.
 *
 *   testprog busy SECONDS            burn SECONDS of CPU time
 *   testprog children N SECONDS      N children that each burn SECONDS, waited for
 *   testprog grandchildren SECONDS   a child whose child burns SECONDS
 *   testprog daemon SECONDS FLAG     double-fork: a grandchild, re-parented away from
 *                                    us, burns SECONDS then creates the file FLAG; we
 *                                    exit at once
 *   testprog tree N SECONDS          N sleeping children for SECONDS (the bench)
 *   testprog wrap [-s SIG -a SECS] -- CMD...
 *       runs CMD with default signal dispositions, sends SIG to it after SECS,
 *       waits, prints "exit=N children_cpu_s=X" (getrusage RUSAGE_CHILDREN)
 *       and exits 0. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double cpu_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void busy(double s)
{
    double end = cpu_now() + s;
    volatile unsigned long x = 0;
    while (cpu_now() < end)
        for (int i = 0; i < 10000; i++)
            x += (unsigned long)i;
}

static double num(const char *s)
{
    char *e;
    double v = strtod(s, &e);
    if (*e) {
        fprintf(stderr, "testprog: bad number '%s'\n", s);
        exit(2);
    }
    return v;
}

static int wrap(int argc, char **argv)
{
    int sig = 0;
    double after = 0;
    int i = 0;
    for (; i < argc && strcmp(argv[i], "--"); i++) {
        if (!strcmp(argv[i], "-s") && i + 1 < argc)
            sig = (int)num(argv[++i]);
        else if (!strcmp(argv[i], "-a") && i + 1 < argc)
            after = num(argv[++i]);
    }
    if (i + 1 >= argc) {
        fprintf(stderr, "testprog wrap: missing -- CMD\n");
        return 2;
    }
    pid_t p = fork();
    if (p == 0) {
        int sigs[] = {SIGINT, SIGQUIT, SIGTERM, SIGHUP};
        for (size_t k = 0; k < 4; k++)
            signal(sigs[k], SIG_DFL);
        execvp(argv[i + 1], argv + i + 1);
        _exit(127);
    }
    if (sig) {
        struct timespec ts = {(time_t)after, (long)((after - (long)after) * 1e9)};
        nanosleep(&ts, NULL);
        kill(p, sig);
    }
    int st;
    waitpid(p, &st, 0);
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    double c = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + (double)ru.ru_stime.tv_sec +
               ru.ru_stime.tv_usec / 1e6;
    printf("exit=%d children_cpu_s=%.6f\n", WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st),
           c);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    const char *m = argv[1];
    if (!strcmp(m, "busy") && argc == 3) {
        busy(num(argv[2]));
    } else if (!strcmp(m, "children") && argc == 4) {
        int n = (int)num(argv[2]);
        for (int i = 0; i < n; i++)
            if (fork() == 0) {
                busy(num(argv[3]));
                _exit(0);
            }
        while (wait(NULL) > 0)
            ;
    } else if (!strcmp(m, "grandchildren") && argc == 3) {
        if (fork() == 0) {
            if (fork() == 0) {
                busy(num(argv[2]));
                _exit(0);
            }
            wait(NULL);
            _exit(0);
        }
        wait(NULL);
    } else if (!strcmp(m, "daemon") && argc == 4) {
        if (fork() == 0) {
            setsid();
            if (fork() == 0) {
                busy(num(argv[2]));
                FILE *f = fopen(argv[3], "w");
                if (f)
                    fclose(f);
                _exit(0);
            }
            _exit(0);
        }
        wait(NULL);
    } else if (!strcmp(m, "tree") && argc == 4) {
        int n = (int)num(argv[2]);
        double s = num(argv[3]);
        for (int i = 0; i < n; i++)
            if (fork() == 0) {
                struct timespec ts = {(time_t)s, (long)((s - (long)s) * 1e9)};
                nanosleep(&ts, NULL);
                _exit(0);
            }
        while (wait(NULL) > 0)
            ;
    } else if (!strcmp(m, "wrap")) {
        return wrap(argc - 2, argv + 2);
    } else {
        fprintf(stderr, "testprog: unknown mode '%s'\n", m);
        return 2;
    }
    return 0;
}
