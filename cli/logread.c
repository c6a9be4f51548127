#include <dirent.h>
#include <fcntl.h>
#include <pthread.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gt_cli.h"
#include "gt_logread.h"
#include "gt_logs.h"
#include "gt_metrics_read.h"
#include "gt_num.h"
#include "gt_sink.h"
#include "gt_slurm.h"

#define GT_WARN_KEEP           10000 /* warnings kept for JSON */
#define GT_WARN_PRINT_PER_FILE 20    /* non-rejection warnings printed per file */
#define GT_SNIFF_BYTES         8192

struct file {
    char *path; /* NULL once read (or found to be a duplicate) */
    const struct gt_log_format *fmt;
    int explicit_arg;
    const char *hint; /* why an unrecognised file looks like a log, or NULL */
    char *bad;        /* why the file cannot be read (owned), or NULL */
    int nosniff;      /* the walk already knows it is not a log (hint says why) */
    int have_id;      /* dev, ino and size are known */
    dev_t dev;
    ino_t ino;
    off_t size;
    /* What the sniff read, kept so the file is opened and read once: a small
     * file whole (fd < 0), or the first len bytes of a larger one with its
     * descriptor kept open (fd >= 0), read on from there. Neither: NULL, -1
     * (over the budgets: opened again to be read). */
    char *data;
    size_t len;
    int fd;
    uint64_t qhash;     /* a file read whole by the sniff: quick_hash of it (0: none) */
    long metrics_files; /* > 0: path is an MLflow or W&B run folder of this many
                           files, skipped as one (greentally tradeoff reads it) */
    enum gt_metrics_dir metrics_kind;
};

struct walk {
    struct file *f;
    size_t n, cap;
    dev_t *dev;
    ino_t *ino;
    size_t nvisited, capvisited;
    int follow; /* -L: follow symbolic links to directories inside the tree */
};

/* The new entry, or NULL when out of memory. st may be NULL. */
static struct file *add_file(struct walk *w, const char *path, int explicit_arg,
                             const struct stat *st)
{
    if (w->n == w->cap) {
        size_t nc = w->cap ? w->cap * 2 : 64;
        struct file *p = realloc(w->f, nc * sizeof *p);
        if (!p)
            return NULL;
        w->f = p;
        w->cap = nc;
    }
    struct file *f = &w->f[w->n];
    memset(f, 0, sizeof *f);
    f->path = strdup(path);
    if (!f->path)
        return NULL;
    f->explicit_arg = explicit_arg;
    f->fd = -1;
    if (st) {
        f->have_id = 1;
        f->dev = st->st_dev;
        f->ino = st->st_ino;
        f->size = st->st_size;
    }
    w->n++;
    return f;
}

/* Marks f unreadable: a named rejection, counted, with the errno text. */
static int add_bad_to(struct file *f, int e)
{
    const char *why = strerror(e);
    size_t n = strlen(f->path) + strlen(why) + 20;
    if ((f->bad = malloc(n)) == NULL)
        return gt_fail(GT_EXIT_DATA, "out of memory");
    snprintf(f->bad, n, "cannot read '%s': %s", f->path, why);
    return 0;
}

/* An input that cannot be read, found by the walk. */
static int add_bad(struct walk *w, const char *path, int e)
{
    struct file *f = add_file(w, path, 0, NULL);
    return f ? add_bad_to(f, e) : gt_fail(GT_EXIT_DATA, "out of memory");
}

/* A path the walk does not read, with the reason (a static string). */
static int add_skip(struct walk *w, const char *path, const char *why)
{
    struct file *f = add_file(w, path, 0, NULL);
    if (!f)
        return gt_fail(GT_EXIT_DATA, "out of memory");
    f->hint = why;
    f->nosniff = 1;
    return 0;
}

/* Regular files under a directory (symbolic links followed, 16 levels). */
static long count_files(const char *path, int depth)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return 0;
    if (S_ISREG(st.st_mode))
        return 1;
    if (!S_ISDIR(st.st_mode) || depth > 16)
        return 0;
    DIR *d = opendir(path);
    if (!d)
        return 0;
    long n = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        char *p = malloc(len);
        if (!p)
            break;
        snprintf(p, len, "%s/%s", path, e->d_name);
        n += count_files(p, depth + 1);
        free(p);
    }
    closedir(d);
    return n;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* 1 when the directory was seen before (a symlink loop or a second path to
 * it), else records it. A hash set of (device, inode): the walk stays linear
 * in the number of folders. */
static uint64_t dev_ino_hash(dev_t d, ino_t i)
{
    uint64_t x = (uint64_t)i * 0x9e3779b97f4a7c15ull ^ (uint64_t)d;
    x ^= x >> 31;
    x *= 0xbf58476d1ce4e5b9ull;
    return x ^ (x >> 29);
}

static int visited(struct walk *w, const struct stat *st)
{
    ino_t ino = st->st_ino ? st->st_ino : 1; /* 0 marks an empty slot */
    size_t m = w->capvisited - 1;
    for (size_t h = w->capvisited ? dev_ino_hash(st->st_dev, st->st_ino) & m : 0;
         w->capvisited && w->ino[h]; h = (h + 1) & m)
        if (w->dev[h] == st->st_dev && w->ino[h] == ino)
            return 1;
    if ((w->nvisited + 1) * 2 > w->capvisited) {
        size_t nc = w->capvisited ? w->capvisited * 2 : 64;
        dev_t *d = calloc(nc, sizeof *d);
        ino_t *i = calloc(nc, sizeof *i);
        if (!d || !i) {
            free(d);
            free(i);
            return 0;
        }
        for (size_t k = 0; k < w->capvisited; k++)
            if (w->ino[k]) {
                size_t h = dev_ino_hash(w->dev[k], w->ino[k]) & (nc - 1);
                while (i[h])
                    h = (h + 1) & (nc - 1);
                d[h] = w->dev[k];
                i[h] = w->ino[k];
            }
        free(w->dev);
        free(w->ino);
        w->dev = d;
        w->ino = i;
        w->capvisited = nc;
    }
    size_t h = dev_ino_hash(st->st_dev, st->st_ino) & (w->capvisited - 1);
    while (w->ino[h])
        h = (h + 1) & (w->capvisited - 1);
    w->dev[h] = st->st_dev;
    w->ino[h] = ino;
    w->nvisited++;
    return 0;
}

/* Inside the tree, a symbolic link is looked at, not through: one to a file
 * is read (st becomes the file's), one to a directory is not followed unless
 * -L (as find and rg do). 1 when the caller should go on with st, 0 when the
 * link was dealt with, or an exit code. */
static int through_link(struct walk *w, const char *path, struct stat *st, int *rc)
{
    struct stat t;
    *rc = 0;
    if (stat(path, &t) != 0) {
        *rc = add_skip(w, path,
                       errno == ELOOP ? "a symbolic link in a loop (too many levels)"
                                      : "a symbolic link to nothing (dangling)");
        return 0;
    }
    if (S_ISDIR(t.st_mode) && !w->follow) {
        *rc = add_skip(w, path,
                       "a symbolic link to a directory, not followed (-L/--follow follows it)");
        return 0;
    }
    *st = t;
    return 1;
}

static int walk_path(struct walk *w, const char *path, int explicit_arg)
{
    struct stat st;
    if (strcmp(path, "-") == 0)
        return add_file(w, path, 1, NULL) ? 0 : gt_fail(GT_EXIT_DATA, "out of memory");
    /* a path named on the command line is followed (it may be a link) */
    if ((explicit_arg ? stat(path, &st) : lstat(path, &st)) != 0) {
        if (explicit_arg)
            return gt_fail(GT_EXIT_DATA, "cannot read '%s': %s", path, strerror(errno));
        return add_bad(w, path, errno); /* e.g. ENAMETOOLONG deep in a tree */
    }
    if (S_ISLNK(st.st_mode)) {
        int rc;
        if (!through_link(w, path, &st, &rc))
            return rc;
    }
    if (S_ISREG(st.st_mode))
        return add_file(w, path, explicit_arg, &st) ? 0 : gt_fail(GT_EXIT_DATA, "out of memory");
    if (!S_ISDIR(st.st_mode)) {
        if (explicit_arg)
            return gt_fail(GT_EXIT_DATA, "'%s' is not a file or directory", path);
        return 0;
    }
    if (visited(w, &st))
        return 0;
    enum gt_metrics_dir mk = gt_metrics_dir_kind(path);
    if (mk != GT_MDIR_NONE) { /* quality metrics, not logs: skipped as one */
        struct file *mf = add_file(w, path, explicit_arg, NULL);
        if (!mf)
            return gt_fail(GT_EXIT_DATA, "out of memory");
        mf->metrics_kind = mk;
        mf->metrics_files = count_files(path, 0);
        return 0;
    }
    DIR *d = opendir(path);
    if (!d)
        return add_bad(w, path, errno);
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        if (n == cap) {
            size_t nc = cap ? cap * 2 : 32;
            char **p = realloc(names, nc * sizeof *p);
            if (!p) {
                rc = gt_fail(GT_EXIT_DATA, "out of memory");
                break;
            }
            names = p;
            cap = nc;
        }
        size_t len = strlen(path) + strlen(e->d_name) + 2;
        names[n] = malloc(len);
        if (!names[n]) {
            rc = gt_fail(GT_EXIT_DATA, "out of memory");
            break;
        }
        int slash = path[0] && path[strlen(path) - 1] == '/';
        snprintf(names[n], len, "%s%s%s", path, slash ? "" : "/", e->d_name);
        n++;
    }
    closedir(d);
    qsort(names, n, sizeof *names, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (!rc)
            rc = walk_path(w, names[i], 0);
        free(names[i]);
    }
    free(names);
    return rc;
}

/* The main thread's header mappings (each worker has its own); look-ups
 * that found one and that matched a header, summed over the threads. */
static struct gt_hdr_cache *main_hc;
static long hc_hits, hc_misses;

/* --- warnings --------------------------------------------------------------------- */

static void keep_warning(struct gt_logread *lr, const char *file, long line, int kind,
                         const char *msg)
{
    if (lr->nw >= GT_WARN_KEEP) {
        lr->dropped++;
        return;
    }
    if (lr->nw == lr->capw) {
        size_t nc = lr->capw ? lr->capw * 2 : 64;
        struct gt_warning *p = realloc(lr->w, nc * sizeof *p);
        if (!p) {
            lr->dropped++;
            return;
        }
        lr->w = p;
        lr->capw = nc;
    }
    char *f = strdup(file), *m = strdup(msg);
    if (!f || !m) {
        free(f);
        free(m);
        lr->dropped++;
        return;
    }
    lr->w[lr->nw++] = (struct gt_warning){f, line, kind, m};
}

/* a progress line is on the terminal: erase it before printing a message */
static int progress_on_screen;

static void erase_progress(void)
{
    if (progress_on_screen)
        fputs("\r\033[K", stderr);
    progress_on_screen = 0;
}

static void print_at(const char *file, long line, const char *kind, const char *msg)
{
    erase_progress();
    if (line > 0)
        gt_say("%s:%ld: %s%s", file, line, kind, msg);
    else
        gt_say("%s: %s%s", file, kind, msg);
}

/* Where a parser's callbacks go: straight into lr (printed as found), or,
 * for a part of the input read by a worker thread, into the part's own
 * aggregate and event list, replayed in input order by the main thread. */
struct uctx {
    struct gt_logread *lr;
    struct gt_agg *agg;
    struct unit *u;          /* NULL: direct */
    const char *group_key;   /* for the file being parsed */
    int supersede;           /* count the file's rows as superseded */
    int mute;                /* reading a part's primed header: drop what it says */
    long line_offset;        /* direct: added to the lines of a part read after a header */
    struct gt_hdr_cache *hc; /* header mappings seen before, this thread's */
};

enum { EV_REJECT, EV_WARN, EV_SKIP, EV_COPY };
struct event {
    long line;
    int kind;
    char *msg;    /* EV_SKIP: the class of the rows counted apart; EV_COPY: NULL */
    long nrows;   /* EV_SKIP; EV_REJECT: rows rejected */
    uint64_t key; /* EV_COPY: the record's fingerprint */
};

/* A file, or a part of one, read on its own. */
struct unit {
    struct file *f;
    const char *group_key;
    int supersede;
    int parallel;       /* read by a worker */
    int part, nparts;   /* parts of a split file (nparts 1: whole) */
    long long off, end; /* byte range of a part */
    const char *head;   /* a part after the first: the file's header line */
    size_t headlen;
    /* results */
    struct gt_agg *agg;
    struct event *ev;
    size_t nev, capev;
    long lines;        /* line ends in the part */
    long first_header; /* line of the first header row (0 none) */
    int other_headers; /* header rows after the first */
    int primed;        /* a part after the first took the header line as its header */
    int failed;        /* an error, out of memory or unreadable: read it again directly */
    int done, cancelled;
    long rows_seen; /* rows emitted (for the progress line) */
};

static void add_event(struct unit *u, long line, int kind, const char *msg)
{
    if (u->failed)
        return;
    if (u->nev == u->capev) {
        size_t nc = u->capev ? u->capev * 2 : 16;
        struct event *e = realloc(u->ev, nc * sizeof *e);
        if (!e) {
            u->failed = 1;
            return;
        }
        u->ev = e;
        u->capev = nc;
    }
    char *m = msg ? strdup(msg) : NULL;
    if (msg && !m) {
        u->failed = 1;
        return;
    }
    u->ev[u->nev++] = (struct event){line, kind, m, 1, 0};
}

static void reject_direct(struct gt_logread *lr, long line, const char *reason)
{
    lr->rejected++;
    keep_warning(lr, lr->cur_file, line, GT_WARN_REJECTED, reason);
    if (!lr->quiet)
        print_at(lr->cur_file, line, "", reason);
}

static void warn_direct(struct gt_logread *lr, long line, const char *msg)
{
    lr->warned++;
    keep_warning(lr, lr->cur_file, line, GT_WARN_NOTE, msg);
    if (!lr->quiet && lr->cur_file_warns++ < GT_WARN_PRINT_PER_FILE)
        print_at(lr->cur_file, line, "warning: ", msg);
}

/* A whole file that cannot be used: counted and named, the others go on. */
static void reject_file(struct gt_logread *lr, const char *path, const char *why)
{
    lr->files_rejected++;
    gt_agg_count_file_rejected(lr->agg);
    keep_warning(lr, path, 0, GT_WARN_FILE_REJECTED, why);
    if (!lr->quiet)
        print_at(path, 0, "file rejected: ", why);
}

/* A file read once already under another name: counted once. */
static void note_duplicate(struct gt_logread *lr, const char *path, const char *what,
                           const char *first)
{
    char msg[600];
    snprintf(msg, sizeof msg, "%s '%s'; counted once", what, first);
    gt_agg_count_file_duplicate(lr->agg);
    keep_warning(lr, path, 0, GT_WARN_DUPLICATE, msg);
    if (!lr->quiet)
        print_at(path, 0, "warning: ", msg);
}

/* --- runs without an id seen in two files ------------------------------------------ */

/* Fingerprints (tool, format, start, duration, energy) of the records that
 * have no run id, with the first file:line of each: a second file holding
 * the same record is likely a copy (a backup folder) and is warned about. */
struct gt_fp_tab {
    uint64_t *key;
    char **file;
    long *line;
    size_t n, cap; /* cap: a power of two, 0 when empty */
};

static uint64_t fnv(uint64_t h, const void *p, size_t n)
{
    const unsigned char *b = p;
    for (size_t i = 0; i < n; i++)
        h = (h ^ b[i]) * 0x100000001b3ULL;
    return h;
}

static uint64_t fingerprint(const struct gt_record *r)
{
    uint64_t h = 0xcbf29ce484222325ULL;
    int tool = (int)r->tool;
    h = fnv(h, &tool, sizeof tool);
    h = fnv(h, r->format, strlen(r->format));
    h = fnv(h, &r->start, sizeof r->start);
    h = fnv(h, &r->duration_s, sizeof r->duration_s);
    h = fnv(h, &r->energy_kwh, sizeof r->energy_kwh);
    return h | 1; /* 0 marks a free slot */
}

static int fp_grow(struct gt_fp_tab *t)
{
    size_t nc = t->cap ? t->cap * 2 : 1024;
    struct gt_fp_tab n = {calloc(nc, sizeof *n.key), calloc(nc, sizeof *n.file),
                          calloc(nc, sizeof *n.line), t->n, nc};
    if (!n.key || !n.file || !n.line) {
        free(n.key);
        free(n.file);
        free(n.line);
        return -1;
    }
    for (size_t i = 0; i < t->cap; i++) {
        if (!t->key[i])
            continue;
        size_t j = t->key[i] & (nc - 1);
        while (n.key[j])
            j = (j + 1) & (nc - 1);
        n.key[j] = t->key[i];
        n.file[j] = t->file[i];
        n.line[j] = t->line[i];
    }
    free(t->key);
    free(t->file);
    free(t->line);
    *t = n;
    return 0;
}

/* Records without a run id checked for copies (a worker passes the key to
 * the main thread as an event, so the first file:line is in input order). */
static int fp_wanted(const struct gt_record *r)
{
    return !r->run_key[0] && !r->anon_run && !isnan(r->start);
}

/* Warns when a record without a run id (its fingerprint k, at file:line) was
 * seen in another file; file is lr->cur_file. */
static void check_copy(struct gt_logread *lr, uint64_t k, const char *file, long line)
{
    struct gt_fp_tab *t = lr->fp;
    if (!t && !(t = lr->fp = calloc(1, sizeof *t)))
        return;
    if ((t->n + 1) * 2 > t->cap && fp_grow(t) != 0)
        return;
    size_t j = k & (t->cap - 1);
    while (t->key[j] && t->key[j] != k)
        j = (j + 1) & (t->cap - 1);
    if (!t->key[j]) {
        char *f = strdup(file);
        if (!f)
            return;
        t->key[j] = k;
        t->file[j] = f;
        t->line[j] = line;
        t->n++;
        return;
    }
    if (strcmp(t->file[j], file) == 0)
        return;
    char msg[600];
    snprintf(msg, sizeof msg,
             "same tool, start, duration and energy as %s:%ld (a copy?); both counted", t->file[j],
             t->line[j]);
    warn_direct(lr, line, msg);
}

static void fp_free(struct gt_fp_tab *t)
{
    if (!t)
        return;
    for (size_t i = 0; i < t->cap; i++)
        free(t->file[i]);
    free(t->key);
    free(t->file);
    free(t->line);
    free(t);
}

static void on_reject(void *ud, long line, const char *reason)
{
    struct uctx *c = ud;
    if (c->mute)
        return;
    gt_agg_count_rejected(c->agg, 1);
    if (c->u)
        add_event(c->u, line, EV_REJECT, reason);
    else
        reject_direct(c->lr, line > 0 ? line + c->line_offset : line, reason);
}

static void on_warn(void *ud, long line, const char *msg)
{
    struct uctx *c = ud;
    if (c->mute)
        return;
    if (c->u)
        add_event(c->u, line, EV_WARN, msg);
    else
        warn_direct(c->lr, line > 0 ? line + c->line_offset : line, msg);
}

/* Rows counted apart by class (SLURM jobs still running or pending): the
 * count of each class for the summary's accounting line. */
static void count_apart(struct gt_logread *lr, long nrows, const char *what)
{
    size_t i = 0;
    while (i < lr->napart && strcmp(lr->apart[i].what, what) != 0)
        i++;
    if (i == lr->napart) {
        if (lr->napart == sizeof lr->apart / sizeof lr->apart[0])
            return;
        snprintf(lr->apart[i].what, sizeof lr->apart[i].what, "%s", what);
        lr->napart++;
    }
    lr->apart[i].jobs++;
    lr->apart[i].rows += nrows;
}

static void on_skip(void *ud, long line, long nrows, const char *what)
{
    struct uctx *c = ud;
    if (c->mute)
        return;
    gt_agg_count_excluded(c->agg, nrows);
    if (c->u) {
        add_event(c->u, line, EV_SKIP, what);
        if (!c->u->failed)
            c->u->ev[c->u->nev - 1].nrows = nrows;
    } else {
        count_apart(c->lr, nrows, what);
    }
}

static void on_header(void *ud, long line)
{
    struct uctx *c = ud;
    (void)line;
    if (!c->u)
        return;
    if (c->mute)
        c->u->primed = 1;
    else if (!c->u->first_header)
        c->u->first_header = line;
    else
        c->u->other_headers++;
}

static enum gt_status on_emit(void *ud, const struct gt_record *rec)
{
    struct uctx *c = ud;
    if (c->mute)
        return GT_OK;
    if (c->u)
        c->u->rows_seen += rec->nrows;
    else
        c->lr->rows_seen += rec->nrows;
    if (c->supersede) {
        gt_agg_count_superseded(c->agg, rec->nrows);
        return GT_OK;
    }
    char why[160];
    if (gt_record_check(rec, why, sizeof why) != 0) {
        /* the row(s) behind an absurd record: counted and named */
        gt_agg_count_rejected(c->agg, rec->nrows);
        if (c->u) {
            add_event(c->u, rec->line, EV_REJECT, why);
            if (!c->u->failed)
                c->u->ev[c->u->nev - 1].nrows = rec->nrows;
        } else {
            reject_direct(c->lr, rec->line + c->line_offset, why);
        }
        return GT_OK;
    }
    if (fp_wanted(rec)) {
        if (c->u) {
            add_event(c->u, rec->line, EV_COPY, NULL);
            if (!c->u->failed)
                c->u->ev[c->u->nev - 1].key = fingerprint(rec);
        } else {
            check_copy(c->lr, fingerprint(rec), rec->file, rec->line + c->line_offset);
        }
    }
    if (c->group_key || c->line_offset) {
        struct gt_record r = *rec;
        if (c->group_key)
            r.group_key = c->group_key;
        r.line += c->line_offset;
        return gt_agg_add_checked(c->agg, &r);
    }
    return gt_agg_add_checked(c->agg, rec); /* checked above */
}

static void end_file(struct gt_logread *lr)
{
    if (!lr->quiet && lr->cur_file_warns > GT_WARN_PRINT_PER_FILE)
        gt_say("%s: warning: %ld more warnings not shown (--format json lists them)", lr->cur_file,
               lr->cur_file_warns - GT_WARN_PRINT_PER_FILE);
    lr->cur_file_warns = 0;
}

/* --- reading ---------------------------------------------------------------------- */

static int contains(const char *s, size_t n, const char *what)
{
    size_t l = strlen(what);
    for (size_t i = 0; i + l <= n; i++)
        if (memcmp(s + i, what, l) == 0)
            return 1;
    return 0;
}

/* For files no format recognises but that look like a tracker's log. */
static const char *skip_hint(const char *head, size_t n)
{
    if (n >= 2 && (((unsigned char)head[0] == 0xFF && (unsigned char)head[1] == 0xFE) ||
                   ((unsigned char)head[0] == 0xFE && (unsigned char)head[1] == 0xFF)))
        return "UTF-16 text; greentally reads UTF-8 logs (convert with iconv -f UTF-16 -t "
               "UTF-8)";
    const char *nl = memchr(head, '\n', n);
    size_t l = nl ? (size_t)(nl - head) : n;
    if (memchr(head, ';', l) &&
        (contains(head, l, "energy_consumed") || contains(head, l, "power_consumption")))
        return "a tracker's CSV with ';' separators (re-saved by a spreadsheet?); greentally "
               "reads the files as the tools write them, with ','";
    return gt_slurm_skip_hint(head, n);
}

/* A file that fits in the sniffed bytes is kept, so it is opened and read
 * once; this much of them at most (64 MiB left a tree of 80 000 files
 * of 1.4 KB opened 1.4 times per file and 4x the files at 4.8x the time;
 * see docs/scaling.md). */
#define GT_KEEP_SMALL_BYTES ((size_t)256 << 20)

/* What the sniffs may keep for the reading: small files' bytes, and the
 * descriptors (and heads) of larger files, within the open-file limit. */
struct keep {
    size_t bytes;
    long open, open_max;
};

static long keep_open_max(void)
{
    struct rlimit rl;
    if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
        return 256;
    long m = (long)(rl.rlim_cur / 4); /* the rest for outputs, libraries, parts */
    return m > 4096 ? 4096 : m;
}

/* Up to n bytes at pos, retrying after a signal; -1 with errno. */
static ssize_t pread_all(int fd, char *buf, size_t n, long long pos)
{
    size_t got = 0;
    while (got < n) {
        ssize_t r = pread(fd, buf + got, n - got, (off_t)(pos + (long long)got));
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        got += (size_t)r;
    }
    return (ssize_t)got;
}

/* The kept descriptor of f, else *tmp (opened here once, closed by the
 * caller); -1 with errno. */
static int file_fd(const struct file *f, int *tmp)
{
    if (f->fd >= 0)
        return f->fd;
    if (*tmp < 0)
        *tmp = open(f->path, O_RDONLY | O_CLOEXEC);
    return *tmp;
}

/* Up to n bytes of f at pos (fewer at its end): from the kept bytes, else
 * from its descriptor. -1 with errno. */
static ssize_t file_read_at(const struct file *f, int *tmp, char *buf, size_t n, long long pos)
{
    size_t got = 0;
    if (f->data && pos < (long long)f->len) {
        got = f->len - (size_t)pos < n ? f->len - (size_t)pos : n;
        memcpy(buf, f->data + pos, got);
        if (got == n || f->fd < 0)
            return (ssize_t)got;
    } else if (f->data && f->fd < 0) {
        return 0; /* the whole file is kept */
    }
    int fd = file_fd(f, tmp);
    if (fd < 0)
        return -1;
    ssize_t r = pread_all(fd, buf + got, n - got, pos + (long long)got);
    return r < 0 ? -1 : (ssize_t)got + r;
}

/* The bytes kept from the sniff and the descriptor: released once read. */
static void file_drop(struct file *f)
{
    free(f->data);
    f->data = NULL;
    f->len = 0;
    if (f->fd >= 0)
        close(f->fd);
    f->fd = -1;
}

/* A first filter for copies: 8 bytes a step (FNV-1a, which orders the
 * copies found, is taken only where this one matches). */
static uint64_t quick_hash(const char *p, size_t n)
{
    uint64_t h = 0x9e3779b97f4a7c15ULL ^ (uint64_t)n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        h = (h ^ w) * 0xbf58476d1ce4e5b9ULL;
        h ^= h >> 31;
    }
    return fnv(h, p + i, n - i) | 1;
}

/* 0, or -1 with errno when the file cannot be read. */
static int sniff_file(struct file *f, struct keep *k)
{
    char head[GT_SNIFF_BYTES];
    if (strcmp(f->path, "-") == 0 || f->nosniff || f->bad)
        return 0; /* stdin: read whole below */
    int fd = open(f->path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t r = pread_all(fd, head, sizeof head, 0);
    if (r < 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    size_t n = (size_t)r;
    f->fmt = gt_log_detect_cached(head, n, main_hc);
    if (!f->fmt) {
        f->hint = skip_hint(head, n);
    } else if (n < sizeof head) {       /* read whole */
        f->qhash = quick_hash(head, n); /* the copy check needs no second read */
        if (k->bytes + n <= GT_KEEP_SMALL_BYTES && (f->data = malloc(n + 1)) != NULL) {
            memcpy(f->data, head, n);
            f->data[n] = '\0';
            f->len = n;
            k->bytes += n;
        }
    } else if (k->open < k->open_max && (f->data = malloc(n)) != NULL) {
        memcpy(f->data, head, n); /* read on from the descriptor */
        f->len = n;
        f->fd = fd;
        k->open++;
        return 0;
    }
    close(fd);
    return 0;
}

static struct gt_parse_ctx make_ctx(struct uctx *c, const char *file)
{
    struct gt_parse_ctx x = {file,      c,    on_emit, on_reject, on_warn, on_skip, c->lr->fmt_opts,
                             on_header, c->hc};
    return x;
}

static struct uctx direct_ctx(struct gt_logread *lr)
{
    struct uctx c = {lr, lr->agg, NULL, NULL, 0, 0, 0, main_hc};
    return c;
}

/* Line ends in buf as the CSV reader counts them (LF, CRLF, a bare CR);
 * *cr: the previous buffer ended with a CR. */
static long count_lines(const char *buf, size_t n, int *cr)
{
    long l = 0;
    const char *p = buf, *e = buf + n;
    while ((p = memchr(p, '\n', (size_t)(e - p))) != NULL) {
        l++;
        p++;
    }
    if (memchr(buf, '\r', n) || *cr) {
        for (size_t i = 0; i < n; i++)
            if (buf[i] == '\r' && i + 1 < n && buf[i + 1] != '\n')
                l++;
        if (*cr && n && buf[0] != '\n')
            l++;
        *cr = n && buf[n - 1] == '\r';
    }
    return l;
}

/* Streams [off, end) of the file (end < 0: to its end) through its format;
 * a part after the first is preceded by the file's header line (its rows'
 * lines move by c->line_offset). The bytes kept from the sniff are fed first,
 * the rest is read from the kept descriptor (opened here only when none was
 * kept). A failure is returned with err filled: the direct path rejects the
 * file, a worker marks its part failed (it is read again directly, which
 * names it). */
static enum gt_status parse_stream(struct uctx *c, const struct file *f, long long off,
                                   long long end, const char *head, size_t headlen,
                                   struct gt_error *err)
{
    struct unit *u = c->u;
    const struct gt_log_format *fmt = f->fmt;
    const char *path = f->path;
    int tmp = -1;
    int fd = f->data && f->fd < 0 ? -1 : file_fd(f, &tmp); /* whole: no descriptor */
    if (fd < 0 && !(f->data && f->fd < 0))
        return gt_error_set(err, GT_E_IO, "cannot read '%s': %s", path, strerror(errno));
    struct gt_parse_ctx ctx = make_ctx(c, path);
    struct gt_stream *s = fmt->open(&ctx);
    char *buf = fd >= 0 ? malloc(1 << 20) : NULL;
    if (!s || (fd >= 0 && !buf)) {
        if (tmp >= 0)
            close(tmp);
        free(buf);
        if (s)
            fmt->finish(s, NULL);
        return gt_error_set(err, GT_E_NOMEM, "out of memory reading '%s'", path);
    }
    enum gt_status st = GT_OK;
    if (headlen) {
        c->mute = 1;
        st = fmt->feed(s, head, headlen, err);
        c->mute = 0;
    }
    long long pos = off;
    int cr = 0;
    if (st == GT_OK && f->data && pos < (long long)f->len && (end < 0 || pos < end)) {
        size_t k = f->len - (size_t)pos; /* the sniffed bytes, not read again */
        if (end >= 0 && (long long)k > end - pos)
            k = (size_t)(end - pos);
        if (u)
            u->lines += count_lines(f->data + pos, k, &cr);
        st = fmt->feed(s, f->data + pos, k, err);
        pos += (long long)k;
    }
    long long left = fd < 0 ? 0 : end < 0 ? -1 : end - pos;
    ssize_t got = 0;
    while (st == GT_OK && left != 0 &&
           (got = pread_all(fd, buf, left < 0 || left > (1 << 20) ? (1 << 20) : (size_t)left,
                            pos)) > 0) {
        if (u)
            u->lines += count_lines(buf, (size_t)got, &cr);
        st = fmt->feed(s, buf, (size_t)got, err);
        pos += got;
        if (left > 0)
            left -= (long long)got;
    }
    int rd_err = got < 0;
    int e = errno;
    if (tmp >= 0)
        close(tmp);
    free(buf);
    enum gt_status st2 = fmt->finish(s, st == GT_OK ? err : NULL);
    if (st == GT_OK)
        st = st2;
    if (rd_err)
        return gt_error_set(err, GT_E_IO, "cannot read '%s': %s", path, strerror(e));
    return st;
}

/* The whole of f: its kept bytes (*owned 0), else read from its kept
 * descriptor on from them, or from the path when none was kept (*owned 1:
 * the caller frees *data). NUL-terminated. */
static enum gt_status file_bytes(const struct file *f, char **data, size_t *len, int *owned,
                                 struct gt_error *err)
{
    *owned = 0;
    if (f->data && f->fd < 0) {
        *data = f->data;
        *len = f->len;
        return GT_OK;
    }
    if (f->fd < 0) {
        *owned = 1;
        return gt_read_file(f->path, data, len, err);
    }
    size_t cap = (f->size > 0 ? (size_t)f->size : 0) + f->len + 1, n = f->len;
    char *b = malloc(cap);
    if (!b)
        return gt_error_set(err, GT_E_NOMEM, "out of memory reading '%s'", f->path);
    memcpy(b, f->data, n);
    for (;;) {
        if (n + 1 >= cap) {
            char *p = realloc(b, cap * 2);
            if (!p) {
                free(b);
                return gt_error_set(err, GT_E_NOMEM, "out of memory reading '%s'", f->path);
            }
            b = p;
            cap *= 2;
        }
        ssize_t r = pread_all(f->fd, b + n, cap - n - 1, (long long)n);
        if (r < 0) {
            int e = errno;
            free(b);
            return gt_error_set(err, GT_E_IO, "cannot read '%s': %s", f->path, strerror(e));
        }
        n += (size_t)r;
        if (r == 0 || n + 1 < cap)
            break;
    }
    b[n] = '\0';
    *data = b;
    *len = n;
    *owned = 1;
    return GT_OK;
}

static enum gt_status parse_whole(struct uctx *c, const struct gt_log_format *fmt, const char *path,
                                  const char *data, size_t len, struct gt_error *err)
{
    struct gt_parse_ctx ctx = make_ctx(c, path);
    enum gt_status st;
    if (fmt->parse)
        st = fmt->parse(data, len, &ctx, err);
    else if (fmt->pair == GT_PAIR_CT_STD)
        st = gt_ct_parse(data, len, NULL, 0, &ctx, err);
    else if (fmt->pair == GT_PAIR_CT_OUT)
        st = gt_ct_parse(NULL, 0, data, len, &ctx, err);
    else {
        struct gt_stream *s = fmt->open(&ctx);
        if (!s)
            return gt_error_set(err, GT_E_NOMEM, "out of memory reading '%s'", path);
        st = fmt->feed(s, data, len, err);
        enum gt_status st2 = fmt->finish(s, st == GT_OK ? err : NULL);
        if (st == GT_OK)
            st = st2;
    }
    return st;
}

static enum gt_status read_file(struct uctx *c, const struct file *f, struct gt_error *err)
{
    if (!f->fmt->parse && f->fmt->open && strcmp(f->path, "-") != 0 && !(f->data && f->fd < 0))
        return parse_stream(c, f, 0, -1, NULL, 0, err);
    char *data;
    size_t len;
    int owned;
    enum gt_status st = file_bytes(f, &data, &len, &owned, err);
    if (st != GT_OK)
        return st;
    st = parse_whole(c, f->fmt, f->path, data, len, err);
    if (owned)
        free(data);
    return st;
}

/* Why a read failed, for the rejection (the parser's message, else the
 * status). */
static const char *why(const struct gt_error *err)
{
    return err->msg[0] ? err->msg : gt_strerror(err->code);
}

/* --- each file once ------------------------------------------------------------- */

static int cmp_id(const void *a, const void *b)
{
    const struct file *x = *(const struct file *const *)a, *y = *(const struct file *const *)b;
    if (x->dev != y->dev)
        return x->dev < y->dev ? -1 : 1;
    if (x->ino != y->ino)
        return x->ino < y->ino ? -1 : 1;
    return x < y ? -1 : x > y;
}

/* A hash of a file's first 64 KiB, from what the sniff kept; 0 when it
 * cannot be read. fast: quick_hash (a first filter), else FNV-1a (the one
 * that orders the copies found; same_bytes decides). */
static uint64_t file_hash(const struct file *f, int fast)
{
    if (fast && f->qhash)
        return f->qhash; /* taken by the sniff */
    static char buf[1 << 16];
    int tmp = -1;
    const char *p = buf;
    ssize_t n;
    if (f->data && f->fd < 0) { /* kept whole */
        p = f->data;
        n = (ssize_t)(f->len < sizeof buf ? f->len : sizeof buf);
    } else {
        n = file_read_at(f, &tmp, buf, sizeof buf, 0);
    }
    if (tmp >= 0)
        close(tmp);
    if (n < 0)
        return 0;
    return fast ? quick_hash(p, (size_t)n) : fnv(0xcbf29ce484222325ULL, p, (size_t)n) | 1;
}

static int same_bytes(const struct file *a, const struct file *b)
{
    static char ba[1 << 16], bb[1 << 16];
    int ta = -1, tb = -1, same = 1;
    for (long long pos = 0; same;) {
        ssize_t na = file_read_at(a, &ta, ba, sizeof ba, pos);
        ssize_t nb = file_read_at(b, &tb, bb, sizeof bb, pos);
        if (na < 0 || na != nb || memcmp(ba, bb, (size_t)na) != 0)
            same = 0;
        else if (na == 0)
            break;
        pos += na;
    }
    if (ta >= 0)
        close(ta);
    if (tb >= 0)
        close(tb);
    return same;
}

struct hashed {
    struct file *f;
    uint64_t h;
};

static int cmp_hashed(const void *a, const void *b)
{
    const struct hashed *x = a, *y = b;
    if (x->f->size != y->f->size)
        return x->f->size < y->f->size ? -1 : 1;
    if (x->h != y->h)
        return x->h < y->h ? -1 : 1;
    return x->f < y->f ? -1 : x->f > y->f;
}

/* Each log file counts once: a second path to the same file (named twice, a
 * hard link, a symbolic link) or a byte-identical copy (emissions.csv.bak) is
 * named and dropped; the first in walk order is read. 0 or an exit code. */
static int dedup_files(struct gt_logread *lr, struct walk *w)
{
    struct file **v = malloc((w->n + 1) * sizeof *v);
    struct hashed *hv = malloc((w->n + 1) * sizeof *hv);
    if (!v || !hv) {
        free(v);
        free(hv);
        return gt_fail(GT_EXIT_DATA, "out of memory");
    }
    size_t n = 0;
    for (size_t i = 0; i < w->n; i++)
        if (w->f[i].fmt && w->f[i].have_id && w->f[i].path)
            v[n++] = &w->f[i];
    qsort(v, n, sizeof *v, cmp_id);
    for (size_t i = 1, first = 0; i < n; i++) {
        if (v[i]->dev == v[first]->dev && v[i]->ino == v[first]->ino) {
            note_duplicate(lr, v[i]->path, "the same file as", v[first]->path);
            free(v[i]->path);
            v[i]->path = NULL;
            file_drop(v[i]);
        } else {
            first = i;
        }
    }
    /* byte-identical copies: among files of one size, by hash, then bytes */
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (v[i]->path && v[i]->size > 0)
            hv[m++] = (struct hashed){v[i], 0};
    qsort(hv, m, sizeof *hv, cmp_hashed);
    /* a file of a size no other has, or whose first bytes hash (fast) as no
     * other of its size does, is nobody's copy: only the others are hashed
     * with FNV-1a, which orders the copies as it always has */
    for (size_t i = 0; i < m; i++) {
        int shared = (i > 0 && hv[i - 1].f->size == hv[i].f->size) ||
                     (i + 1 < m && hv[i + 1].f->size == hv[i].f->size);
        if (shared)
            hv[i].h = file_hash(hv[i].f, 1);
    }
    qsort(hv, m, sizeof *hv, cmp_hashed);
    size_t k = 0;
    int prev_same = 0; /* hv[i - 1] and hv[i] alike (read before hv[k] is written) */
    for (size_t i = 0; i < m; i++) {
        int next_same =
            i + 1 < m && hv[i].h && hv[i + 1].h == hv[i].h && hv[i + 1].f->size == hv[i].f->size;
        if (prev_same || next_same)
            hv[k++] = (struct hashed){hv[i].f, 0};
        prev_same = next_same;
    }
    m = k;
    for (size_t i = 0; i < m; i++)
        hv[i].h = file_hash(hv[i].f, 0);
    qsort(hv, m, sizeof *hv, cmp_hashed);
    for (size_t i = 1, first = 0; i < m; i++) {
        if (!hv[i].h || hv[i].h != hv[first].h || hv[i].f->size != hv[first].f->size) {
            first = i;
            continue;
        }
        /* walk order: the first one listed is kept */
        struct file *keep = hv[first].f < hv[i].f ? hv[first].f : hv[i].f;
        struct file *drop = keep == hv[i].f ? hv[first].f : hv[i].f;
        if (!same_bytes(keep, drop))
            continue;
        note_duplicate(lr, drop->path, "a byte-identical copy of", keep->path);
        free(drop->path);
        drop->path = NULL;
        file_drop(drop);
        hv[first].f = keep;
    }
    free(v);
    free(hv);
    return 0;
}

static size_t dir_len(const char *p)
{
    const char *s = strrchr(p, '/');
    return s ? (size_t)(s - p) : 0;
}

/* The stem shared by a carbontracker log pair: the path without
 * "_carbontracker.log" / "_carbontracker_output.log". */
static size_t ct_stem(const char *p)
{
    static const char *const sfx[] = {"_carbontracker_output.log", "_carbontracker.log"};
    size_t n = strlen(p);
    for (int i = 0; i < 2; i++) {
        size_t l = strlen(sfx[i]);
        if (n > l && strcmp(p + n - l, sfx[i]) == 0)
            return n - l;
    }
    return n;
}

static int read_ct_pairs(struct gt_logread *lr, struct walk *w)
{
    for (size_t i = 0; i < w->n; i++) {
        struct file *f = &w->f[i];
        if (!f->fmt || f->fmt->pair == GT_PAIR_NONE || !f->path)
            continue;
        struct file *std = f->fmt->pair == GT_PAIR_CT_STD ? f : NULL;
        struct file *out = f->fmt->pair == GT_PAIR_CT_OUT ? f : NULL;
        size_t sl = ct_stem(f->path);
        for (size_t j = i + 1; j < w->n; j++) {
            struct file *g = &w->f[j];
            if (!g->path || !g->fmt || g->fmt->pair == GT_PAIR_NONE || g->fmt->pair == f->fmt->pair)
                continue;
            if (ct_stem(g->path) == sl && strncmp(g->path, f->path, sl) == 0 &&
                sl != strlen(f->path)) {
                if (g->fmt->pair == GT_PAIR_CT_STD && !std)
                    std = g;
                else if (g->fmt->pair == GT_PAIR_CT_OUT && !out)
                    out = g;
            }
        }
        char *sd = NULL, *od = NULL;
        size_t sn = 0, on = 0;
        int so = 0, oo = 0;
        struct gt_error err = {0};
        const char *name = out ? out->path : std->path;
        enum gt_status st = GT_OK;
        if ((std && (st = file_bytes(std, &sd, &sn, &so, &err)) != GT_OK) ||
            (out && (st = file_bytes(out, &od, &on, &oo, &err)) != GT_OK)) {
            if (so)
                free(sd);
            reject_file(lr, name, why(&err));
        } else {
            lr->cur_file = name;
            struct uctx uc = direct_ctx(lr);
            struct gt_parse_ctx ctx = make_ctx(&uc, name);
            st = gt_ct_parse(sd, sn, od, on, &ctx, &err);
            end_file(lr);
            if (so)
                free(sd);
            if (oo)
                free(od);
            if (st != GT_OK)
                reject_file(lr, name, why(&err));
            else
                gt_agg_count_file(lr->agg, 0);
            if (st == GT_OK && std && out)
                gt_agg_count_file(lr->agg, 0);
            if (!out && !lr->quiet)
                gt_say("%s: warning: no output log beside it (*_carbontracker_output.log)",
                       std->path);
        }
        /* mark both as done */
        if (std) {
            free(std->path);
            std->path = NULL;
            file_drop(std);
        }
        if (out && out != std) {
            free(out->path);
            out->path = NULL;
            file_drop(out);
        }
    }
    return 0;
}

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* After each file: the progress line, when it is due. */
static void progress(struct gt_logread *lr, const char *path, size_t done, size_t total)
{
    if (!lr->progress)
        return;
    struct stat st;
    if (path && strcmp(path, "-") && stat(path, &st) == 0)
        lr->bytes_read += (double)st.st_size;
    double t = now_s();
    if ((t - lr->t_start) * 1000 < (double)lr->progress_delay_ms || t - lr->t_last < 0.25)
        return;
    lr->t_last = t;
    lr->progress_shown = progress_on_screen = 1;
    double mb = lr->bytes_read / 1e6, dt = t - lr->t_start;
    fprintf(stderr, "\rgreentally: %zu/%zu files, %.1f MB, %ld rows, %.1f MB/s\033[K", done, total,
            mb, lr->rows_seen, dt > 0 ? mb / dt : 0.0);
    fflush(stderr);
}

/* --- parallel reading ------------------------------------------------------------ */

#define GT_PART_BYTES  ((long long)16 << 20) /* a file is split into parts of about this */
#define GT_HEAD_MAX    65536                 /* a header line longer than this: no split */
#define GT_AHEAD_UNITS 3                     /* parts read ahead per worker */

struct pool_state {
    struct gt_logread *lr;
    struct unit *u;
    size_t n;
    size_t next;      /* next unit a worker takes */
    size_t finalized; /* units the main thread is done with */
    size_t ahead;
    int stop;
    pthread_mutex_t mu;
    pthread_cond_t cv;
};

static void read_part(struct gt_logread *lr, struct unit *u, struct gt_hdr_cache *hc)
{
    u->agg = gt_agg_new_like(lr->agg);
    if (!u->agg) {
        u->failed = 1;
        return;
    }
    struct uctx c = {lr, u->agg, u, u->group_key, u->supersede, 0, 0, hc};
    struct gt_error err = {0};
    enum gt_status st;
    if (u->nparts > 1)
        st = parse_stream(&c, u->f, u->off, u->end, u->head, u->headlen, &err);
    else
        st = read_file(&c, u->f, &err);
    if (st != GT_OK)
        u->failed = 1; /* read again directly, which names the failure */
}

static void *worker(void *arg)
{
    struct pool_state *ps = arg;
    struct gt_hdr_cache *hc = gt_hdr_cache_new(); /* NULL: headers matched each time */
    pthread_mutex_lock(&ps->mu);
    for (;;) {
        while (!ps->stop && ps->next < ps->n &&
               (!ps->u[ps->next].parallel || ps->u[ps->next].cancelled)) {
            ps->u[ps->next].done = 1;
            ps->next++;
        }
        if (ps->stop || ps->next >= ps->n)
            break;
        if (ps->next >= ps->finalized + ps->ahead) {
            pthread_cond_wait(&ps->cv, &ps->mu);
            continue;
        }
        struct unit *u = &ps->u[ps->next++];
        pthread_mutex_unlock(&ps->mu);
        read_part(ps->lr, u, hc);
        pthread_mutex_lock(&ps->mu);
        u->done = 1;
        pthread_cond_broadcast(&ps->cv);
    }
    long h, m;
    gt_hdr_cache_stats(hc, &h, &m);
    hc_hits += h;
    hc_misses += m;
    pthread_cond_broadcast(&ps->cv);
    pthread_mutex_unlock(&ps->mu);
    gt_hdr_cache_free(hc);
    return NULL;
}

static void unit_release(struct unit *u)
{
    gt_agg_free(u->agg);
    u->agg = NULL;
    for (size_t i = 0; i < u->nev; i++)
        free(u->ev[i].msg);
    free(u->ev);
    u->ev = NULL;
    u->nev = u->capev = 0;
}

/* The part's own result is exact: nothing failed, no rows whose count
 * depends on the order they are added, and it was read under the header in
 * force where it starts (the file's first line, and no other header before
 * or in it). */
static int part_ok(const struct unit *u)
{
    if (u->failed || !u->agg || gt_agg_order_sensitive(u->agg))
        return 0;
    if (u->nparts == 1)
        return 1;
    if (u->part == 0)
        return u->first_header == 1 && !u->other_headers;
    if (!u->primed || u->first_header || u->other_headers)
        return 0;
    for (size_t i = 0; i < u->nev; i++)
        if (u->ev[i].line <= 0)
            return 0;
    return 1;
}

static const char supersede_note[] = "EnergyTracker totals of the run folders beside it; counted "
                                     "as superseded (the runs count once, from their folders)";

/* Reads the file of u from u's part on in this thread, printing as it goes
 * (the sequential path: a file that fails is returned with err filled, and
 * rejected by the caller). */
static enum gt_status read_direct(struct gt_logread *lr, struct unit *u, long line_offset,
                                  struct gt_error *err)
{
    struct uctx c = direct_ctx(lr);
    c.group_key = u->group_key;
    c.supersede = u->supersede;
    if (u->part == 0) {
        lr->cur_file = u->f->path;
        if (u->supersede)
            warn_direct(lr, 0, supersede_note);
        return read_file(&c, u->f, err);
    }
    c.line_offset = line_offset;
    return parse_stream(&c, u->f, u->off, -1, u->head, u->headlen, err);
}

/* Splits a large streaming CodeCarbon file at line ends into parts that
 * workers read at once; 0 parts when it is not worth it or not possible. The
 * header comes from the bytes kept from the sniff, the line ends after each
 * cut from its kept descriptor (a few KiB read there). */
static int plan_parts(const struct file *f, long long part_bytes, long long **cuts, char **head,
                      size_t *headlen)
{
    *cuts = NULL;
    *head = NULL;
    if (!f->fmt || f->fmt->parse || !f->fmt->open || strcmp(f->fmt->name, "codecarbon-csv") != 0)
        return 0;
    long long size = f->size;
    struct stat st;
    if (!f->have_id) {
        if (stat(f->path, &st) != 0)
            return 0;
        size = (long long)st.st_size;
    }
    if (size < 2 * part_bytes)
        return 0;
    char *win = malloc(GT_HEAD_MAX);
    long long n = size / part_bytes;
    *cuts = calloc((size_t)n + 1, sizeof **cuts);
    int parts = 0, tmp = -1;
    /* the kept head first; further only for a header line longer than it */
    size_t first = f->data && f->len && f->len < GT_HEAD_MAX ? f->len : 4096;
    ssize_t r = win && *cuts ? file_read_at(f, &tmp, win, first, 0) : 0;
    size_t got = r > 0 ? (size_t)r : 0;
    const char *nl = got ? memchr(win, '\n', got) : NULL;
    if (!nl && got == first) {
        r = file_read_at(f, &tmp, win + first, GT_HEAD_MAX - first, (long long)first);
        got += r > 0 ? (size_t)r : 0;
        nl = memchr(win, '\n', got);
    }
    /* the header line: one line, ended by LF or CRLF */
    if (nl && !memchr(win, '\r', (size_t)(nl - win) > 0 ? (size_t)(nl - win) - 1 : 0)) {
        *headlen = (size_t)(nl - win) + 1;
        *head = malloc(*headlen);
        if (*head) {
            memcpy(*head, win, *headlen);
            (*cuts)[parts++] = 0;
            for (long long k = 1; k < n; k++) {
                long long pos = k * size / n;
                if (pos <= (*cuts)[parts - 1] || pos < (long long)*headlen)
                    continue;
                /* the next line end: a few KiB, more for a long line */
                ssize_t g = file_read_at(f, &tmp, win, 4096, pos);
                const char *e = g > 0 ? memchr(win, '\n', (size_t)g) : NULL;
                if (!e && g == 4096) {
                    ssize_t g2 = file_read_at(f, &tmp, win + 4096, GT_HEAD_MAX - 4096, pos + 4096);
                    g = g2 > 0 ? g + g2 : g;
                    e = memchr(win, '\n', (size_t)g);
                }
                if (e && pos + (e - win) + 1 < size)
                    (*cuts)[parts++] = pos + (e - win) + 1;
            }
        }
    }
    if (tmp >= 0)
        close(tmp);
    free(win);
    if (parts < 2) {
        free(*cuts);
        free(*head);
        *cuts = NULL;
        *head = NULL;
        return 0;
    }
    return parts;
}

/* Role of a file beside EnergyTracker run folders. */
static void file_role(const struct file *f, char **gdirs, size_t ngdirs, const char **group_key,
                      int *supersede)
{
    *group_key = NULL;
    *supersede = 0;
    size_t dl = dir_len(f->path);
    for (size_t g = 0; g < ngdirs; g++) {
        size_t gl = strlen(gdirs[g]);
        if (gl == dl && strncmp(gdirs[g], f->path, dl) == 0)
            *group_key = gdirs[g];
        /* EnergyTracker's total.csv beside its run folders sums them */
        if (f->fmt->tool == GT_TOOL_ENERGYTRACKER &&
            strcmp(f->fmt->name, "energytracker-total") == 0 && gl > dl + 1 &&
            strncmp(gdirs[g], f->path, dl + 1) == 0)
            *supersede = 1;
    }
}

/* Standard input: its first bytes name the format; a format read as a
 * stream (sacct, CodeCarbon CSV...) is fed from there in blocks, so a pipe
 * of any length is read in bounded memory; the others are read whole. */
static int read_stdin(struct gt_logread *lr)
{
    struct gt_error err = {0};
    size_t cap = GT_SNIFF_BYTES, len = 0, got;
    char *data = malloc(cap + 1), *buf = NULL;
    if (!data)
        return gt_fail(GT_EXIT_DATA, "out of memory");
    while (len < cap && (got = fread(data + len, 1, cap - len, stdin)) > 0)
        len += got;
    const struct gt_log_format *fmt = ferror(stdin) ? NULL : gt_log_detect(data, len);
    int stream = fmt && !fmt->parse && fmt->pair == GT_PAIR_NONE && fmt->open;
    enum gt_status st = GT_OK;
    struct uctx c = direct_ctx(lr);
    struct gt_parse_ctx ctx = make_ctx(&c, "-");
    struct gt_stream *s = stream ? fmt->open(&ctx) : NULL;
    if (stream && (!s || !(buf = malloc(1 << 20))))
        st = gt_error_set(&err, GT_E_NOMEM, "out of memory reading '-'");
    lr->cur_file = "-";
    if (s && st == GT_OK)
        st = fmt->feed(s, data, len, &err);
    while (st == GT_OK && !ferror(stdin) && !feof(stdin)) {
        if (s) {
            if ((got = fread(buf, 1, 1 << 20, stdin)) > 0)
                st = fmt->feed(s, buf, got, &err);
            continue;
        }
        if (len + 1 >= cap) { /* a format read whole: the rest */
            char *p = realloc(data, cap * 2 + 1);
            if (!p) {
                st = gt_error_set(&err, GT_E_NOMEM, "out of memory reading '-'");
                break;
            }
            data = p;
            cap *= 2;
        }
        len += fread(data + len, 1, cap - len, stdin);
    }
    if (st == GT_OK && ferror(stdin))
        st = gt_error_set(&err, GT_E_IO, "cannot read '-': %s", strerror(errno));
    if (s) {
        enum gt_status st2 = fmt->finish(s, st == GT_OK ? &err : NULL);
        if (st == GT_OK)
            st = st2;
    }
    int rc = 0;
    if (st != GT_OK)
        rc = gt_fail_err(&err);
    else if (!fmt)
        rc = gt_fail(GT_EXIT_DATA, "standard input is not a log format greentally reads");
    else if (!s) {
        data[len] = '\0';
        rc = parse_whole(&c, fmt, "-", data, len, &err) != GT_OK ? gt_fail_err(&err) : 0;
    }
    free(data);
    free(buf);
    if (!fmt || (st != GT_OK && !s))
        return rc;
    end_file(lr);
    gt_agg_count_file(lr->agg, 0);
    return rc;
}

/* Standard input, a file that cannot be read, or a file no format reads:
 * handled in order by the main thread. */
static int read_special(struct gt_logread *lr, struct file *f)
{
    if (f->bad) {
        reject_file(lr, f->path, f->bad);
        return 0;
    }
    if (strcmp(f->path, "-") == 0)
        return read_stdin(lr);
    if (f->metrics_kind != GT_MDIR_NONE) {
        for (long k = 0; k < f->metrics_files; k++)
            gt_agg_count_file(lr->agg, 1);
        char mmsg[300];
        snprintf(mmsg, sizeof mmsg,
                 "skipped: %s, %ld file%s of quality metrics, not logs (greentally tradeoff "
                 "--metrics reads it)",
                 gt_metrics_dir_name(f->metrics_kind), f->metrics_files,
                 f->metrics_files == 1 ? "" : "s");
        keep_warning(lr, f->path, 0, GT_WARN_SKIPPED, mmsg);
        if (f->explicit_arg && !lr->quiet)
            print_at(f->path, 0, "warning: ", mmsg);
        return 0;
    }
    gt_agg_count_file(lr->agg, 1);
    char msg[300];
    snprintf(msg, sizeof msg, "skipped: %s",
             f->hint ? f->hint : "not a log format greentally reads");
    keep_warning(lr, f->path, 0, GT_WARN_SKIPPED, msg);
    if ((f->explicit_arg || f->hint) && !lr->quiet)
        erase_progress(), gt_say("%s: warning: %s", f->path, msg);
    return 0;
}

static void wait_done(struct pool_state *ps, struct unit *u)
{
    pthread_mutex_lock(&ps->mu);
    while (!u->done)
        pthread_cond_wait(&ps->cv, &ps->mu);
    pthread_mutex_unlock(&ps->mu);
}

static void set_finalized(struct pool_state *ps, size_t n)
{
    pthread_mutex_lock(&ps->mu);
    ps->finalized = n;
    pthread_cond_broadcast(&ps->cv);
    pthread_mutex_unlock(&ps->mu);
}

/* Reads the files in order with lr->jobs threads: parts are read at once,
 * their results taken in input order (warnings replayed, aggregates merged),
 * so the output is the same as reading them one by one. */
static int read_units(struct gt_logread *lr, struct unit *u, size_t n, size_t nfiles)
{
    size_t files_done = 0;
    struct pool_state ps = {lr,
                            u,
                            n,
                            0,
                            0,
                            (size_t)lr->jobs * GT_AHEAD_UNITS,
                            0,
                            PTHREAD_MUTEX_INITIALIZER,
                            PTHREAD_COND_INITIALIZER};
    pthread_t th[64];
    int nth = 0;
    for (size_t i = 0; i < n && !nth; i++)
        if (u[i].parallel)
            nth = lr->jobs > 64 ? 64 : lr->jobs;
    for (int t = 0; t < nth; t++)
        if (pthread_create(&th[t], NULL, worker, &ps) != 0) {
            nth = t;
            break;
        }
    if (!nth) /* no thread: everything in this one */
        for (size_t i = 0; i < n; i++)
            u[i].parallel = 0;
    int rc = 0;
    long line_base = 1; /* line of the current part's first line */
    for (size_t i = 0; i < n && !rc; i++) {
        struct unit *x = &u[i];
        if (!x->f->fmt || strcmp(x->f->path, "-") == 0) {
            rc = read_special(lr, x->f);
            progress(lr, x->f->path, ++files_done, nfiles);
            set_finalized(&ps, i + 1);
            continue;
        }
        if (x->part == 0)
            line_base = 1;
        struct gt_error err = {0};
        enum gt_status st = GT_OK;
        if (!x->parallel) {
            st = read_direct(lr, x, 0, &err);
        } else {
            wait_done(&ps, x);
            if (part_ok(x)) {
                long off = x->part ? line_base - 2 : 0;
                if (x->part == 0) {
                    lr->cur_file = x->f->path;
                    if (x->supersede)
                        warn_direct(lr, 0, supersede_note);
                }
                for (size_t e = 0; e < x->nev; e++) {
                    long line = x->ev[e].line > 0 ? x->ev[e].line + off : x->ev[e].line;
                    if (x->ev[e].kind == EV_REJECT)
                        reject_direct(lr, line, x->ev[e].msg);
                    else if (x->ev[e].kind == EV_COPY)
                        check_copy(lr, x->ev[e].key, lr->cur_file, line);
                    else if (x->ev[e].kind == EV_SKIP)
                        count_apart(lr, x->ev[e].nrows, x->ev[e].msg);
                    else
                        warn_direct(lr, line, x->ev[e].msg);
                }
                lr->rows_seen += x->rows_seen;
                struct gt_agg *a = x->agg;
                x->agg = NULL;
                if (gt_agg_merge(lr->agg, a, off) != GT_OK)
                    rc = gt_fail(GT_EXIT_DATA, "out of memory");
                line_base += x->lines;
                if (x->part + 1 < x->nparts) {
                    unit_release(x);
                    set_finalized(&ps, i + 1);
                    continue;
                }
            } else {
                /* read the rest of the file here, as one would without
                 * threads; its later parts are dropped */
                pthread_mutex_lock(&ps.mu);
                for (size_t k = i + 1; k < i + (size_t)(x->nparts - x->part); k++) {
                    u[k].cancelled = 1;
                    if (k >= ps.next) /* not taken by a worker */
                        u[k].done = 1;
                }
                pthread_mutex_unlock(&ps.mu);
                st = read_direct(lr, x, line_base - 2, &err);
                for (int k = x->part + 1; k < x->nparts; k++) {
                    wait_done(&ps, &u[i + 1]);
                    unit_release(&u[i + 1]);
                    i++;
                }
            }
        }
        unit_release(x);
        end_file(lr);
        if (st != GT_OK) /* named and counted; the other files go on */
            reject_file(lr, x->f->path, why(&err));
        else
            gt_agg_count_file(lr->agg, 0);
        progress(lr, x->f->path, ++files_done, nfiles);
        file_drop(x->f); /* its parts are all read */
        set_finalized(&ps, i + 1);
    }
    if (lr->progress_shown)
        erase_progress();
    lr->progress_shown = 0;
    pthread_mutex_lock(&ps.mu);
    ps.stop = 1;
    pthread_cond_broadcast(&ps.cv);
    pthread_mutex_unlock(&ps.mu);
    for (int t = 0; t < nth; t++)
        pthread_join(th[t], NULL);
    for (size_t i = 0; i < n; i++)
        unit_release(&u[i]);
    return rc;
}

int gt_logread_paths(struct gt_logread *lr, char **paths, size_t npaths)
{
    lr->t_start = now_s();
    lr->t_last = 0;
    main_hc = gt_hdr_cache_new(); /* NULL: headers matched each time */
    hc_hits = hc_misses = 0;
    struct walk w = {0};
    w.follow = lr->follow;
    int rc = 0;
    for (size_t i = 0; i < npaths && !rc; i++)
        rc = walk_path(&w, paths[i], 1);
    struct keep kept = {0, 0, keep_open_max()};
    for (size_t i = 0; i < w.n && !rc; i++) {
        struct file *f = &w.f[i];
        if (f->metrics_kind != GT_MDIR_NONE)
            continue;
        if (sniff_file(f, &kept) != 0) {
            rc = add_bad_to(f, errno);
            continue;
        }
        if (f->fmt && f->have_id)
            gt_sink_protect(f->dev, f->ino); /* never an output */
    }
    /* each file once, before the units are built */
    if (!rc)
        rc = dedup_files(lr, &w);
    /* EnergyTracker run folders: a directory holding a GreenAlgorithm file */
    char **gdirs = NULL;
    size_t ngdirs = 0;
    for (size_t i = 0; i < w.n && !rc; i++)
        if (w.f[i].path && w.f[i].fmt && strcmp(w.f[i].fmt->name, "energytracker-ga") == 0) {
            char **p = realloc(gdirs, (ngdirs + 1) * sizeof *p);
            if (!p) {
                rc = gt_fail(GT_EXIT_DATA, "out of memory");
                break;
            }
            gdirs = p;
            gdirs[ngdirs] = strndup(w.f[i].path, dir_len(w.f[i].path));
            if (!gdirs[ngdirs]) {
                rc = gt_fail(GT_EXIT_DATA, "out of memory");
                break;
            }
            ngdirs++;
        }
    if (!rc)
        rc = read_ct_pairs(lr, &w);
    /* the units: each file, or each part of a large one */
    struct unit *u = NULL;
    char **heads = NULL;
    size_t nu = 0, cap = 0, nheads = 0;
    long long part_bytes = GT_PART_BYTES;
    const char *pb = getenv("GREENTALLY_PART_BYTES"); /* tests: split small files */
    long pbv;
    if (pb && gt_num_parse_long(pb, strlen(pb), &pbv) == 0 && pbv > 0)
        part_bytes = pbv;
    for (size_t i = 0; i < w.n && !rc; i++) {
        struct file *f = &w.f[i];
        if (!f->path)
            continue;
        long long *cuts = NULL;
        char *head = NULL;
        size_t headlen = 0;
        int parts = lr->jobs > 1 ? plan_parts(f, part_bytes, &cuts, &head, &headlen) : 0;
        size_t need = nu + (size_t)(parts ? parts : 1);
        if (need > cap) {
            size_t nc = cap ? cap : 16;
            while (nc < need)
                nc *= 2;
            struct unit *p = realloc(u, nc * sizeof *p);
            if (!p) {
                free(cuts);
                free(head);
                rc = gt_fail(GT_EXIT_DATA, "out of memory");
                break;
            }
            u = p;
            cap = nc;
        }
        if (head) {
            char **h = realloc(heads, (nheads + 1) * sizeof *h);
            if (!h) {
                free(cuts);
                free(head);
                rc = gt_fail(GT_EXIT_DATA, "out of memory");
                break;
            }
            heads = h;
            heads[nheads++] = head;
        }
        const char *gk = NULL;
        int sup = 0;
        if (f->fmt)
            file_role(f, gdirs, ngdirs, &gk, &sup);
        for (int k = 0; k < (parts ? parts : 1); k++) {
            struct unit *x = &u[nu++];
            memset(x, 0, sizeof *x);
            x->f = f;
            x->group_key = gk;
            x->supersede = sup;
            x->parallel = lr->jobs > 1 && f->fmt && strcmp(f->path, "-") != 0;
            x->part = k;
            x->nparts = parts ? parts : 1;
            x->off = parts ? cuts[k] : 0;
            x->end = parts && k + 1 < parts ? cuts[k + 1] : -1;
            x->head = k ? head : NULL;
            x->headlen = k ? headlen : 0;
        }
        free(cuts);
    }
    if (!rc)
        rc = read_units(lr, u, nu, w.n);
    free(u);
    for (size_t i = 0; i < nheads; i++)
        free(heads[i]);
    free(heads);
    for (size_t i = 0; i < ngdirs; i++)
        free(gdirs[i]);
    free(gdirs);
    for (size_t i = 0; i < w.n; i++) {
        free(w.f[i].path);
        file_drop(&w.f[i]);
        free(w.f[i].bad);
    }
    free(w.f);
    free(w.dev);
    free(w.ino);
    long h, m;
    gt_hdr_cache_stats(main_hc, &h, &m);
    gt_hdr_cache_free(main_hc);
    main_hc = NULL;
    if (getenv("GREENTALLY_HDR_STATS")) /* tests: how often a header was matched */
        fprintf(stderr, "greentally: header look-ups: %ld matched, %ld seen before\n",
                hc_misses + m, hc_hits + h);
    return rc;
}

void gt_logread_run_notes(struct gt_logread *lr, const struct gt_agg_result *res)
{
    long ci_warns = 0;
    for (size_t i = 0; i < res->nruns; i++) {
        const struct gt_run *r = &res->runs[i];
        if (r->ci_use == GT_CI_USE_FALLBACK || r->ci_use == GT_CI_USE_PARTIAL) {
            char msg[700];
            const char *n = strstr(r->recompute_note, "CO2e");
            snprintf(msg, sizeof msg, "run '%s' and the carbon-intensity series: %s",
                     r->key[GT_KEY_RUN], n ? n : r->recompute_note);
            lr->warned++;
            keep_warning(lr, r->rec->file, r->rec->line, GT_WARN_NOTE, msg);
            if (!lr->quiet && ci_warns++ < GT_WARN_PRINT_PER_FILE)
                print_at(r->rec->file, r->rec->line, "warning: ", msg);
        }
        if (!r->gap_rec)
            continue;
        char msg[700];
        snprintf(msg, sizeof msg,
                 "the latest row of run '%s' has no energy; the run counts its last row with "
                 "energy, %s:%ld (energy, CO2e and duration up to that row)",
                 r->key[GT_KEY_RUN], r->rec->file, r->rec->line);
        lr->cur_file = r->gap_rec->file;
        warn_direct(lr, r->gap_rec->line, msg);
        end_file(lr);
    }
    if (!lr->quiet && ci_warns > GT_WARN_PRINT_PER_FILE)
        fprintf(stderr,
                "greentally: warning: %ld more runs not covered by the carbon-intensity series "
                "(--format json lists them)\n",
                ci_warns - GT_WARN_PRINT_PER_FILE);
}

void gt_logread_release(struct gt_logread *lr)
{
    fp_free(lr->fp);
    lr->fp = NULL;
    for (size_t i = 0; i < lr->nw; i++) {
        free((char *)lr->w[i].file);
        free((char *)lr->w[i].msg);
    }
    free(lr->w);
    lr->w = NULL;
    lr->nw = lr->capw = 0;
}
