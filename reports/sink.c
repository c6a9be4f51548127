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

void gt_sink_abort(struct gt_sink *s)
{
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
