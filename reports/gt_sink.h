/* gt_sink.h - where writers write: a FILE* that becomes the target path only
 * when everything was written (temp file in the same directory + rename). */
#ifndef GT_SINK_H
#define GT_SINK_H

#include <stdio.h>
#include <sys/types.h>

#include "gt_error.h"

struct gt_sink {
    FILE *f;
    char *path; /* final path, NULL for stdout */
    char *tmp;  /* temp path, NULL for stdout */
    char *lib;  /* gt_sink_open_named: the file a library writes (owned) */
};

/* Opens a sink: path NULL or "-" = stdout; otherwise a temp file next to
 * path. GT_E_IO naming the path on failure. */
enum gt_status gt_sink_open(struct gt_sink *s, const char *path, struct gt_error *err);

/* For libraries that write a file by name (libxlsxwriter): s->lib is a new
 * empty file to write. Commit moves it into place (a regular file) or
 * copies it to standard output or a device such as /dev/full. */
enum gt_status gt_sink_open_named(struct gt_sink *s, const char *path, struct gt_error *err);

/* Flushes, syncs and renames into place. On any write error (e.g. a full
 * disk) removes the temp file, leaves the target untouched and returns
 * GT_E_IO. Always releases the sink. */
enum gt_status gt_sink_commit(struct gt_sink *s, struct gt_error *err);

/* Registers an input file: no sink opens it (or a link to it) for writing
 * (GT_E_USAGE "refusing to write ..."). */
void gt_sink_protect(dev_t dev, ino_t ino);

/* Discards what was written (removes the temp file). */
void gt_sink_abort(struct gt_sink *s);

#endif
