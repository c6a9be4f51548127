/* test_sink.c - reports/sink.c: outputs that cannot hurt (issue 13): no temp
 * file left by a signal, SIGXFSZ through the error path, the umask and the
 * mode of a replaced file respected, an input never overwritten. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gt_sink.h"

static char dir[64];

static int setup(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/gt-sink-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[320];
    while (d && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.')
            continue;
        snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
        unlink(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
    return 0;
}

/* Entries of dir (not . and ..). */
static int entries(void)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    while (d && (e = readdir(d)) != NULL)
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d)
        closedir(d);
    return n;
}

static void write_some(FILE *f, size_t n)
{
    char buf[4096];
    memset(buf, 'x', sizeof buf);
    for (size_t i = 0; i < n; i += sizeof buf)
        fwrite(buf, 1, sizeof buf, f);
    fflush(f);
}

/* A child opens a sink (named: the libxlsxwriter kind), writes, and is hit by
 * sig: it dies of sig and leaves nothing in dir. */
static void signal_case(int sig, int named)
{
    char path[128];
    snprintf(path, sizeof path, "%s/out.csv", dir);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct gt_sink s;
        struct gt_error err = {0};
        if ((named ? gt_sink_open_named(&s, path, &err) : gt_sink_open(&s, path, &err)) != GT_OK)
            _exit(3);
        if (named) {
            FILE *f = fopen(s.lib, "wb");
            write_some(f, 1 << 16);
        } else {
            write_some(s.f, 1 << 16);
        }
        if (entries() != 1)
            _exit(4);
        raise(sig);
        _exit(5);
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFSIGNALED(st));
    assert_int_equal(WTERMSIG(st), sig);
    assert_int_equal(entries(), 0);
}

static void test_signals(void **state)
{
    (void)state;
    const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < 3; i++) {
        signal_case(sigs[i], 0);
        signal_case(sigs[i], 1);
    }
}

/* Under `ulimit -f`, SIGXFSZ is ignored: the write fails, commit says so and
 * removes the temp file. */
static void test_xfsz(void **state)
{
    (void)state;
    char path[128];
    snprintf(path, sizeof path, "%s/big.csv", dir);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct rlimit rl = {8192, 8192};
        setrlimit(RLIMIT_FSIZE, &rl);
        struct gt_sink s;
        struct gt_error err = {0};
        if (gt_sink_open(&s, path, &err) != GT_OK)
            _exit(3);
        write_some(s.f, 1 << 16);
        if (gt_sink_commit(&s, &err) != GT_E_IO)
            _exit(4);
        if (!strstr(err.msg, "cannot write '"))
            _exit(6);
        _exit(entries() == 0 ? 0 : 5);
    }
    int st;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFEXITED(st));
    assert_int_equal(WEXITSTATUS(st), 0);
}

static mode_t commit_mode(const char *name, mode_t mask, int named)
{
    char path[128];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    mode_t old = umask(mask);
    struct gt_sink s;
    struct gt_error err = {0};
    assert_int_equal(named ? gt_sink_open_named(&s, path, &err) : gt_sink_open(&s, path, &err),
                     GT_OK);
    if (named) {
        FILE *f = fopen(s.lib, "wb");
        fputs("x", f);
        fclose(f);
    } else {
        fputs("x", s.f);
    }
    assert_int_equal(gt_sink_commit(&s, &err), GT_OK);
    umask(old);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    return st.st_mode & 07777;
}

static void test_mode(void **state)
{
    (void)state;
    assert_int_equal(commit_mode("a", 077, 0), 0600);
    assert_int_equal(commit_mode("b", 022, 0), 0644);
    assert_int_equal(commit_mode("c", 027, 1), 0640);
    /* a replaced file keeps its mode */
    char path[128];
    snprintf(path, sizeof path, "%s/a", dir);
    chmod(path, 0604);
    assert_int_equal(commit_mode("a", 077, 0), 0604);
    snprintf(path, sizeof path, "%s/c", dir);
    chmod(path, 0660);
    assert_int_equal(commit_mode("c", 022, 1), 0660);
}

/* A file registered as an input is never opened for writing. */
static void test_protect(void **state)
{
    (void)state;
    char path[128], link[128];
    snprintf(path, sizeof path, "%s/in.csv", dir);
    snprintf(link, sizeof link, "%s/link.csv", dir);
    FILE *f = fopen(path, "w");
    fputs("input\n", f);
    fclose(f);
    assert_int_equal(symlink("in.csv", link), 0);
    struct stat st;
    assert_int_equal(stat(path, &st), 0);
    gt_sink_protect(st.st_dev, st.st_ino);
    struct gt_sink s;
    struct gt_error err = {0};
    assert_int_equal(gt_sink_open(&s, path, &err), GT_E_USAGE);
    char want[256];
    snprintf(want, sizeof want, "refusing to write '%s': it is one of the inputs", path);
    assert_string_equal(err.msg, want);
    assert_int_equal(gt_sink_open_named(&s, link, &err), GT_E_USAGE);
    snprintf(want, sizeof want, "refusing to write '%s': it is one of the inputs", link);
    assert_string_equal(err.msg, want);
    assert_int_equal(entries(), 2);
    f = fopen(path, "r");
    char buf[16] = {0};
    assert_non_null(fgets(buf, sizeof buf, f));
    fclose(f);
    assert_string_equal(buf, "input\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_signals, setup, teardown),
        cmocka_unit_test_setup_teardown(test_xfsz, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mode, setup, teardown),
        cmocka_unit_test_setup_teardown(test_protect, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
