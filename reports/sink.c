#include "gt_sink.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- what a sink must never hurt -------------------------------------------------- */

/* Input files (dev, ino) registered with gt_sink_protect: a hash set
 * (open addressing, capprotected a power of two), so registering the files
 * of a tree stays linear in their number. */
static struct ident {
    dev_t dev;
    ino_t ino;
    int used;
} * protected_files;
static size_t nprotected, capprotected;

static size_t ident_slot(dev_t dev, ino_t ino, size_t cap)
{
    unsigned long long x =
        (unsigned long long)ino * 0x9e3779b97f4a7c15ull ^ (unsigned long long)dev;
    x ^= x >> 31;
    x *= 0xbf58476d1ce4e5b9ull;
    return (size_t)(x ^ (x >> 29)) & (cap - 1);
}

static int is_protected_id(dev_t dev, ino_t ino)
{
    if (!capprotected)
        return 0;
    for (size_t i = ident_slot(dev, ino, capprotected); protected_files[i].used;
         i = (i + 1) & (capprotected - 1))
        if (protected_files[i].dev == dev && protected_files[i].ino == ino)
            return 1;
    return 0;
}

void gt_sink_protect(dev_t dev, ino_t ino)
{
    if (is_protected_id(dev, ino))
        return;
    if ((nprotected + 1) * 2 > capprotected) {
        size_t nc = capprotected ? capprotected * 2 : 64;
        struct ident *p = calloc(nc, sizeof *p);
        if (!p)
            return; /* the check below then misses this one: out of memory anyway */
        for (size_t i = 0; i < capprotected; i++) {
            if (!protected_files[i].used)
                continue;
            size_t j = ident_slot(protected_files[i].dev, protected_files[i].ino, nc);
            while (p[j].used)
                j = (j + 1) & (nc - 1);
            p[j] = protected_files[i];
        }
        free(protected_files);
        protected_files = p;
        capprotected = nc;
    }
    size_t j = ident_slot(dev, ino, capprotected);
    while (protected_files[j].used)
        j = (j + 1) & (capprotected - 1);
    protected_files[j] = (struct ident){dev, ino, 1};
    nprotected++;
}

static int is_protected(const struct stat *st)
{
    return is_protected_id(st->st_dev, st->st_ino);
}

/* Temp files alive now: removed by the handler of a fatal signal, which then
 * re-raises it with the disposition that was there before. */
#define GT_SINK_MAX_TEMPS 8
static char *volatile temps[GT_SINK_MAX_TEMPS];
static volatile sig_atomic_t ntemps_live;
static const int cleanup_sigs[] = {SIGINT, SIGTERM, SIGHUP};
static struct sigaction saved[3], saved_xfsz;

static void on_fatal_signal(int sig)
{
    for (size_t i = 0; i < GT_SINK_MAX_TEMPS; i++)
        if (temps[i])
            unlink(temps[i]);
    for (size_t i = 0; i < 3; i++)
        if (cleanup_sigs[i] == sig)
            sigaction(sig, &saved[i], NULL);
    raise(sig);
}

static void block_signals(sigset_t *old)
{
    sigset_t set;
    sigemptyset(&set);
    for (size_t i = 0; i < 3; i++)
        sigaddset(&set, cleanup_sigs[i]);
    sigprocmask(SIG_BLOCK, &set, old);
}

static void track_temp(char *path)
{
    sigset_t old;
    block_signals(&old);
    if (ntemps_live == 0) {
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_fatal_signal;
        sigemptyset(&sa.sa_mask);
        for (size_t i = 0; i < 3; i++)
            sigaction(cleanup_sigs[i], &sa, &saved[i]);
        /* a file size limit (ulimit -f): the write fails with EFBIG instead */
        sa.sa_handler = SIG_IGN;
        sigaction(SIGXFSZ, &sa, &saved_xfsz);
    }
    for (size_t i = 0; i < GT_SINK_MAX_TEMPS; i++)
        if (!temps[i]) {
            temps[i] = path;
            break;
        }
    ntemps_live++;
    sigprocmask(SIG_SETMASK, &old, NULL);
}

/* Forgets path (still to be freed by the caller) after it was renamed or
 * removed; the handlers go back when no temp file is left. */
static void untrack_temp(const char *path)
{
    if (!path)
        return;
    sigset_t old;
    block_signals(&old);
    for (size_t i = 0; i < GT_SINK_MAX_TEMPS; i++)
        if (temps[i] == path) {
            temps[i] = NULL;
            if (--ntemps_live == 0) {
                for (size_t k = 0; k < 3; k++)
                    sigaction(cleanup_sigs[k], &saved[k], NULL);
                sigaction(SIGXFSZ, &saved_xfsz, NULL);
            }
            break;
        }
    sigprocmask(SIG_SETMASK, &old, NULL);
}

/* The mode a new output gets: the mode of the file it replaces, else 0666
 * less the umask. */
static mode_t output_mode(const char *path)
{
    struct stat st;
    if (path && stat(path, &st) == 0 && S_ISREG(st.st_mode))
        return st.st_mode & 07777;
    mode_t mask = umask(0);
    umask(mask);
    return 0666 & ~mask;
}

/* GT_OK, or GT_E_USAGE when path is one of the inputs. */
static enum gt_status check_target(const char *path, struct gt_error *err)
{
    struct stat st;
    if (path && stat(path, &st) == 0 && is_protected(&st))
        return gt_error_set(err, GT_E_USAGE, "refusing to write '%s': it is one of the inputs",
                            path);
    return GT_OK;
}

/* ---- sinks ---------------------------------------------------------------------- */

enum gt_status gt_sink_open(struct gt_sink *s, const char *path, struct gt_error *err)
{
    memset(s, 0, sizeof *s);
    if (!path || !strcmp(path, "-")) {
        s->f = stdout;
        return GT_OK;
    }
    if (check_target(path, err) != GT_OK)
        return err->code;
    /* a device such as /dev/null or /dev/full is written in place */
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        if (S_ISDIR(st.st_mode))
            return gt_error_set(err, GT_E_IO, "cannot write '%s': it is a directory", path);
        s->f = fopen(path, "wb");
        if (!s->f)
            return gt_error_set(err, GT_E_IO, "cannot write '%s': %s", path, strerror(errno));
        s->path = strdup(path);
        return GT_OK;
    }
    size_t n = strlen(path) + 32;
    s->path = strdup(path);
    s->tmp = malloc(n);
    if (!s->path || !s->tmp) {
        free(s->path);
        free(s->tmp);
        return gt_error_set(err, GT_E_NOMEM, "out of memory");
    }
    snprintf(s->tmp, n, "%s.tmp-XXXXXX", path);
    mode_t mode = output_mode(path);
    sigset_t old;
    block_signals(&old); /* no window where the temp file exists untracked */
    int fd = mkstemp(s->tmp);
    int e = errno;
    if (fd >= 0)
        track_temp(s->tmp);
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
        free(s->path);
        free(s->tmp);
        memset(s, 0, sizeof *s);
        return gt_error_set(err, GT_E_IO, "cannot write '%s': %s", path, strerror(e));
    }
    fchmod(fd, mode);
    s->f = fdopen(fd, "wb");
    if (!s->f) {
        e = errno;
        close(fd);
        unlink(s->tmp);
        untrack_temp(s->tmp);
        free(s->path);
        free(s->tmp);
        memset(s, 0, sizeof *s);
        return gt_error_set(err, GT_E_IO, "cannot write '%s': %s", path, strerror(e));
    }
    return GT_OK;
}

/* A new empty temp file named like `base` (or in $TMPDIR when base is NULL),
 * tracked for signals. */
static char *make_temp(const char *base, struct gt_error *err, const char *path)
{
    const char *dir = getenv("TMPDIR");
    size_t n = (base ? strlen(base) : strlen(dir && *dir ? dir : "/tmp")) + 40;
    char *t = malloc(n);
    if (!t) {
        gt_error_set(err, GT_E_NOMEM, "out of memory");
        return NULL;
    }
    if (base)
        snprintf(t, n, "%s.tmp-XXXXXX", base);
    else
        snprintf(t, n, "%s/greentally-XXXXXX", dir && *dir ? dir : "/tmp");
    mode_t mode = base ? output_mode(base) : 0600;
    sigset_t old;
    block_signals(&old);
    int fd = mkstemp(t);
    int e = errno;
    if (fd >= 0)
        track_temp(t);
    sigprocmask(SIG_SETMASK, &old, NULL);
    if (fd < 0) {
        gt_error_set(err, GT_E_IO, "cannot write '%s': %s", path ? path : "standard output",
                     strerror(e));
        free(t);
        return NULL;
    }
    fchmod(fd, mode);
    close(fd);
    return t;
}

static void drop_lib(struct gt_sink *s)
{
    if (!s->lib)
        return;
    unlink(s->lib);
    untrack_temp(s->lib);
    free(s->lib);
    s->lib = NULL;
}

enum gt_status gt_sink_open_named(struct gt_sink *s, const char *path, struct gt_error *err)
{
    struct stat st;
    int regular = path && strcmp(path, "-") && !(stat(path, &st) == 0 && !S_ISREG(st.st_mode));
    if (regular) {
        memset(s, 0, sizeof *s);
        if (check_target(path, err) != GT_OK)
            return err->code;
        s->path = strdup(path);
        if (!s->path)
            return gt_error_set(err, GT_E_NOMEM, "out of memory");
        s->lib = make_temp(path, err, path);
        if (!s->lib) {
            free(s->path);
            s->path = NULL;
            return err->code;
        }
        return GT_OK;
    }
    enum gt_status st2 = gt_sink_open(s, path, err);
    if (st2 != GT_OK)
        return st2;
    s->lib = make_temp(NULL, err, path);
    if (!s->lib) {
        gt_sink_abort(s);
        return err->code;
    }
    return GT_OK;
}

/* Copies the library's file into s->f. 0, or errno. */
static int copy_lib(struct gt_sink *s)
{
    FILE *in = fopen(s->lib, "rb");
    if (!in)
        return errno;
    char buf[65536];
    size_t n;
    int e = 0;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        if (fwrite(buf, 1, n, s->f) != n) {
            e = errno ? errno : EIO;
            break;
        }
    if (!e && ferror(in))
        e = EIO;
    fclose(in);
    return e;
}

void gt_sink_abort(struct gt_sink *s)
{
    drop_lib(s);
    if (s->f && s->f != stdout)
        fclose(s->f);
    if (s->tmp) {
        unlink(s->tmp);
        untrack_temp(s->tmp);
    }
    free(s->path);
    free(s->tmp);
    memset(s, 0, sizeof *s);
}

enum gt_status gt_sink_commit(struct gt_sink *s, struct gt_error *err)
{
    enum gt_status st = GT_OK;
    if (s->lib && !s->f) {
        /* a regular file written by a library: sync it and move it into place */
        int e = 0;
        int fd = open(s->lib, O_RDONLY);
        if (fd < 0 || fsync(fd) != 0)
            e = errno;
        if (fd >= 0)
            close(fd);
        if (!e && rename(s->lib, s->path) != 0)
            e = errno;
        if (e) {
            st = gt_error_set(err, GT_E_IO, "cannot write '%s': %s", s->path, strerror(e));
            unlink(s->lib);
        }
        untrack_temp(s->lib);
        free(s->lib);
        free(s->path);
        memset(s, 0, sizeof *s);
        return st;
    }
    if (s->lib) {
        int e = copy_lib(s);
        drop_lib(s);
        if (e) {
            const char *p = s->path ? s->path : "standard output";
            st = gt_error_set(err, GT_E_IO, "cannot write '%s': %s", p, strerror(e));
            gt_sink_abort(s);
            return st;
        }
    }
    if (s->f == stdout) {
        if (fflush(stdout) != 0 || ferror(stdout))
            st = gt_error_set(err, GT_E_IO, "cannot write to standard output: %s", strerror(errno));
        memset(s, 0, sizeof *s);
        return st;
    }
    errno = 0;
    int bad = fflush(s->f) != 0 || ferror(s->f);
    int e = errno ? errno : EIO;
    if (!bad && s->tmp && fsync(fileno(s->f)) != 0) {
        bad = 1;
        e = errno;
    }
    if (fclose(s->f) != 0 && !bad) {
        bad = 1;
        e = errno;
    }
    s->f = NULL;
    if (!bad && s->tmp && rename(s->tmp, s->path) != 0) {
        bad = 1;
        e = errno;
    }
    if (bad) {
        st = gt_error_set(err, GT_E_IO, "cannot write '%s': %s", s->path, strerror(e));
        if (s->tmp)
            unlink(s->tmp);
    }
    untrack_temp(s->tmp);
    free(s->path);
    free(s->tmp);
    memset(s, 0, sizeof *s);
    return st;
}
