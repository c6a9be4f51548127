#include "gt_sink.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

enum gt_status gt_sink_open(struct gt_sink *s, const char *path, struct gt_error *err)
{
    memset(s, 0, sizeof *s);
    if (!path || !strcmp(path, "-")) {
        s->f = stdout;
        return GT_OK;
    }
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
    int fd = mkstemp(s->tmp);
    if (fd < 0) {
        int e = errno;
        free(s->path);
        free(s->tmp);
        memset(s, 0, sizeof *s);
        return gt_error_set(err, GT_E_IO, "cannot write '%s': %s", path, strerror(e));
    }
    fchmod(fd, 0644);
    s->f = fdopen(fd, "wb");
    if (!s->f) {
        close(fd);
        unlink(s->tmp);
        free(s->path);
        free(s->tmp);
        memset(s, 0, sizeof *s);
        return gt_error_set(err, GT_E_IO, "cannot write '%s': %s", path, strerror(errno));
    }
    return GT_OK;
}

/* A new empty temp file named like `base` (or in $TMPDIR when base is NULL). */
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
    int fd = mkstemp(t);
    if (fd < 0) {
        gt_error_set(err, GT_E_IO, "cannot write '%s': %s", path ? path : "standard output",
                     strerror(errno));
        free(t);
        return NULL;
    }
    fchmod(fd, 0644);
    close(fd);
    return t;
}

enum gt_status gt_sink_open_named(struct gt_sink *s, const char *path, struct gt_error *err)
{
    struct stat st;
    int regular = path && strcmp(path, "-") && !(stat(path, &st) == 0 && !S_ISREG(st.st_mode));
    if (regular) {
        memset(s, 0, sizeof *s);
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
    if (s->lib) {
        unlink(s->lib);
        free(s->lib);
        s->lib = NULL;
    }
    if (s->f && s->f != stdout)
        fclose(s->f);
    if (s->tmp)
        unlink(s->tmp);
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
        free(s->lib);
        free(s->path);
        memset(s, 0, sizeof *s);
        return st;
    }
    if (s->lib) {
        int e = copy_lib(s);
        unlink(s->lib);
        free(s->lib);
        s->lib = NULL;
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
    int bad = fflush(s->f) != 0 || ferror(s->f);
    int e = errno;
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
    free(s->path);
    free(s->tmp);
    memset(s, 0, sizeof *s);
    return st;
}
