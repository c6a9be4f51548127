#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gt_cli.h"
#include "gt_logread.h"
#include "gt_logs.h"
#include "gt_metrics_read.h"

#define GT_WARN_KEEP           10000 /* warnings kept for JSON */
#define GT_WARN_PRINT_PER_FILE 20    /* non-rejection warnings printed per file */
#define GT_SNIFF_BYTES         8192

struct file {
    char *path;
    const struct gt_log_format *fmt;
    int explicit_arg;
    const char *hint;   /* why an unrecognised file looks like a log, or NULL */
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
};

static int add_file(struct walk *w, const char *path, int explicit_arg)
{
    if (w->n == w->cap) {
        size_t nc = w->cap ? w->cap * 2 : 64;
        struct file *p = realloc(w->f, nc * sizeof *p);
        if (!p)
            return -1;
        w->f = p;
        w->cap = nc;
    }
    w->f[w->n].path = strdup(path);
    if (!w->f[w->n].path)
        return -1;
    w->f[w->n].fmt = NULL;
    w->f[w->n].hint = NULL;
    w->f[w->n].explicit_arg = explicit_arg;
    w->f[w->n].metrics_files = 0;
    w->f[w->n].metrics_kind = GT_MDIR_NONE;
    w->n++;
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
 * it), else records it. */
static int visited(struct walk *w, const struct stat *st)
{
    for (size_t i = 0; i < w->nvisited; i++)
        if (w->dev[i] == st->st_dev && w->ino[i] == st->st_ino)
            return 1;
    if (w->nvisited == w->capvisited) {
        size_t nc = w->capvisited ? w->capvisited * 2 : 64;
        dev_t *d = realloc(w->dev, nc * sizeof *d);
        if (d)
            w->dev = d;
        ino_t *i = d ? realloc(w->ino, nc * sizeof *i) : NULL;
        if (!i)
            return 0;
        w->ino = i;
        w->capvisited = nc;
    }
    w->dev[w->nvisited] = st->st_dev;
    w->ino[w->nvisited++] = st->st_ino;
    return 0;
}

static int walk_path(struct walk *w, const char *path, int explicit_arg)
{
    struct stat st;
    if (strcmp(path, "-") == 0)
        return add_file(w, path, 1) ? gt_fail(GT_EXIT_DATA, "out of memory") : 0;
    if (stat(path, &st) != 0) {
        if (explicit_arg)
            return gt_fail(GT_EXIT_DATA, "cannot read '%s': %s", path, strerror(errno));
        gt_warn("skipping '%s': %s", path, strerror(errno)); /* e.g. a dangling symlink */
        return 0;
    }
    if (S_ISREG(st.st_mode))
        return add_file(w, path, explicit_arg) ? gt_fail(GT_EXIT_DATA, "out of memory") : 0;
    if (!S_ISDIR(st.st_mode)) {
        if (explicit_arg)
            return gt_fail(GT_EXIT_DATA, "'%s' is not a file or directory", path);
        return 0;
    }
    if (visited(w, &st))
        return 0;
    enum gt_metrics_dir mk = gt_metrics_dir_kind(path);
    if (mk != GT_MDIR_NONE) { /* quality metrics, not logs: skipped as one */
        if (add_file(w, path, explicit_arg))
            return gt_fail(GT_EXIT_DATA, "out of memory");
        w->f[w->n - 1].metrics_kind = mk;
        w->f[w->n - 1].metrics_files = count_files(path, 0);
        return 0;
    }
    DIR *d = opendir(path);
    if (!d) {
        if (explicit_arg)
            return gt_fail(GT_EXIT_DATA, "cannot read '%s': %s", path, strerror(errno));
        gt_warn("skipping '%s': %s", path, strerror(errno));
        return 0;
    }
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
    gt_print_at(file, line, kind, msg);
}

static void on_reject(void *ud, long line, const char *reason)
{
    struct gt_logread *lr = ud;
    lr->rejected++;
    gt_agg_count_rejected(lr->agg, 1);
    keep_warning(lr, lr->cur_file, line, GT_WARN_REJECTED, reason);
    if (!lr->quiet)
        print_at(lr->cur_file, line, "", reason);
}

static void on_warn(void *ud, long line, const char *msg)
{
    struct gt_logread *lr = ud;
    lr->warned++;
    keep_warning(lr, lr->cur_file, line, GT_WARN_NOTE, msg);
    if (!lr->quiet && lr->cur_file_warns++ < GT_WARN_PRINT_PER_FILE)
        print_at(lr->cur_file, line, "warning: ", msg);
}

static void on_skip(void *ud, long line, long nrows, const char *what)
{
    struct gt_logread *lr = ud;
    (void)line;
    gt_agg_count_excluded(lr->agg, nrows);
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

static enum gt_status on_emit(void *ud, const struct gt_record *rec)
{
    struct gt_logread *lr = ud;
    lr->rows_seen += rec->nrows;
    if (lr->supersede) {
        gt_agg_count_superseded(lr->agg, rec->nrows);
        return GT_OK;
    }
    if (lr->group_key) {
        struct gt_record r = *rec;
        r.group_key = lr->group_key;
        return gt_agg_add(lr->agg, &r);
    }
    return gt_agg_add(lr->agg, rec);
}

static void end_file(struct gt_logread *lr)
{
    if (!lr->quiet && lr->cur_file_warns > GT_WARN_PRINT_PER_FILE)
        fprintf(stderr, "%s: warning: %ld more warnings not shown (--format json lists them)\n",
                lr->cur_file, lr->cur_file_warns - GT_WARN_PRINT_PER_FILE);
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
    return NULL;
}

static int sniff_file(struct file *f)
{
    char head[GT_SNIFF_BYTES];
    size_t n = 0;
    if (strcmp(f->path, "-") == 0)
        return 0; /* read whole below */
    FILE *fp = fopen(f->path, "rb");
    if (!fp)
        return -1;
    n = fread(head, 1, sizeof head, fp);
    fclose(fp);
    f->fmt = gt_log_detect(head, n);
    if (!f->fmt)
        f->hint = skip_hint(head, n);
    return 0;
}

static struct gt_parse_ctx make_ctx(struct gt_logread *lr, const char *file)
{
    struct gt_parse_ctx c = {file, lr, on_emit, on_reject, on_warn, on_skip, lr->fmt_opts};
    return c;
}

static int parse_stream(struct gt_logread *lr, const struct gt_log_format *fmt, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return gt_fail(GT_EXIT_DATA, "cannot read '%s': %s", path, strerror(errno));
    struct gt_parse_ctx ctx = make_ctx(lr, path);
    struct gt_stream *s = fmt->open(&ctx);
    if (!s) {
        fclose(fp);
        return gt_fail(GT_EXIT_DATA, "out of memory");
    }
    static char buf[1 << 20];
    struct gt_error err = {0};
    enum gt_status st = GT_OK;
    size_t got;
    while (st == GT_OK && (got = fread(buf, 1, sizeof buf, fp)) > 0)
        st = fmt->feed(s, buf, got, &err);
    int rd_err = ferror(fp);
    fclose(fp);
    enum gt_status st2 = fmt->finish(s, st == GT_OK ? &err : NULL);
    if (st == GT_OK)
        st = st2;
    if (rd_err)
        return gt_fail(GT_EXIT_DATA, "cannot read '%s'", path);
    if (st != GT_OK)
        return gt_fail_err(&err);
    return 0;
}

static int parse_whole(struct gt_logread *lr, const struct gt_log_format *fmt, const char *path,
                       const char *data, size_t len)
{
    struct gt_parse_ctx ctx = make_ctx(lr, path);
    struct gt_error err = {0};
    enum gt_status st;
    if (fmt->parse)
        st = fmt->parse(data, len, &ctx, &err);
    else if (fmt->pair == GT_PAIR_CT_STD)
        st = gt_ct_parse(data, len, NULL, 0, &ctx, &err);
    else if (fmt->pair == GT_PAIR_CT_OUT)
        st = gt_ct_parse(NULL, 0, data, len, &ctx, &err);
    else {
        struct gt_stream *s = fmt->open(&ctx);
        if (!s)
            return gt_fail(GT_EXIT_DATA, "out of memory");
        st = fmt->feed(s, data, len, &err);
        enum gt_status st2 = fmt->finish(s, st == GT_OK ? &err : NULL);
        if (st == GT_OK)
            st = st2;
    }
    if (st != GT_OK)
        return gt_fail_err(&err);
    return 0;
}

static int read_file(struct gt_logread *lr, const struct file *f)
{
    if (!f->fmt->parse && f->fmt->open && strcmp(f->path, "-") != 0)
        return parse_stream(lr, f->fmt, f->path);
    char *data;
    size_t len;
    struct gt_error err = {0};
    if (gt_read_file(f->path, &data, &len, &err) != GT_OK)
        return gt_fail_err(&err);
    int rc = parse_whole(lr, f->fmt, f->path, data, len);
    free(data);
    return rc;
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
            if (!g->fmt || g->fmt->pair == GT_PAIR_NONE || g->fmt->pair == f->fmt->pair)
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
        struct gt_error err = {0};
        if ((std && gt_read_file(std->path, &sd, &sn, &err) != GT_OK) ||
            (out && gt_read_file(out->path, &od, &on, &err) != GT_OK)) {
            free(sd);
            return gt_fail_err(&err);
        }
        const char *name = out ? out->path : std->path;
        lr->cur_file = name;
        struct gt_parse_ctx ctx = make_ctx(lr, name);
        enum gt_status st = gt_ct_parse(sd, sn, od, on, &ctx, &err);
        end_file(lr);
        free(sd);
        free(od);
        gt_agg_count_file(lr->agg, 0);
        if (std && out)
            gt_agg_count_file(lr->agg, 0);
        if (!out && !lr->quiet)
            fprintf(stderr, "%s: warning: no output log beside it (*_carbontracker_output.log)\n",
                    std->path);
        if (st != GT_OK)
            return gt_fail_err(&err);
        /* mark both as done */
        if (std) {
            free(std->path);
            std->path = NULL;
        }
        if (out && out != std) {
            free(out->path);
            out->path = NULL;
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

int gt_logread_paths(struct gt_logread *lr, char **paths, size_t npaths)
{
    lr->t_start = now_s();
    lr->t_last = 0;
    struct walk w = {0};
    int rc = 0;
    for (size_t i = 0; i < npaths && !rc; i++)
        rc = walk_path(&w, paths[i], 1);
    for (size_t i = 0; i < w.n && !rc; i++) {
        if (w.f[i].metrics_kind != GT_MDIR_NONE)
            continue;
        if (sniff_file(&w.f[i]) != 0) {
            gt_warn("skipping '%s': %s", w.f[i].path, strerror(errno));
            continue;
        }
    }
    /* EnergyTracker run folders: a directory holding a GreenAlgorithm file */
    char **gdirs = NULL;
    size_t ngdirs = 0;
    for (size_t i = 0; i < w.n && !rc; i++)
        if (w.f[i].fmt && strcmp(w.f[i].fmt->name, "energytracker-ga") == 0) {
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
    for (size_t i = 0; i < w.n && !rc; i++) {
        struct file *f = &w.f[i];
        if (!f->path)
            continue;
        if (strcmp(f->path, "-") == 0) {
            char *data;
            size_t len;
            struct gt_error err = {0};
            if (gt_read_file("-", &data, &len, &err) != GT_OK) {
                rc = gt_fail_err(&err);
                break;
            }
            const struct gt_log_format *fmt =
                gt_log_detect(data, len < GT_SNIFF_BYTES ? len : GT_SNIFF_BYTES);
            if (!fmt) {
                free(data);
                rc = gt_fail(GT_EXIT_DATA, "standard input is not a log format greentally reads");
                break;
            }
            lr->cur_file = "-";
            rc = parse_whole(lr, fmt, "-", data, len);
            end_file(lr);
            free(data);
            gt_agg_count_file(lr->agg, 0);
            continue;
        }
        if (f->metrics_kind != GT_MDIR_NONE) {
            for (long k = 0; k < f->metrics_files; k++)
                gt_agg_count_file(lr->agg, 1);
            char msg[300];
            snprintf(msg, sizeof msg,
                     "skipped: %s, %ld file%s of quality metrics, not logs (greentally tradeoff "
                     "--metrics reads it)",
                     gt_metrics_dir_name(f->metrics_kind), f->metrics_files,
                     f->metrics_files == 1 ? "" : "s");
            keep_warning(lr, f->path, 0, GT_WARN_SKIPPED, msg);
            if (f->explicit_arg && !lr->quiet)
                print_at(f->path, 0, "warning: ", msg);
            continue;
        }
        if (!f->fmt) {
            gt_agg_count_file(lr->agg, 1);
            char msg[300];
            snprintf(msg, sizeof msg, "skipped: %s",
                     f->hint ? f->hint : "not a log format greentally reads");
            keep_warning(lr, f->path, 0, GT_WARN_SKIPPED, msg);
            if ((f->explicit_arg || f->hint) && !lr->quiet)
                erase_progress(), fprintf(stderr, "%s: warning: %s\n", f->path, msg);
            continue;
        }
        lr->cur_file = f->path;
        lr->group_key = NULL;
        lr->supersede = 0;
        size_t dl = dir_len(f->path);
        for (size_t g = 0; g < ngdirs; g++) {
            size_t gl = strlen(gdirs[g]);
            if (gl == dl && strncmp(gdirs[g], f->path, dl) == 0)
                lr->group_key = gdirs[g];
            /* EnergyTracker's total.csv beside its run folders sums them */
            if (f->fmt->tool == GT_TOOL_ENERGYTRACKER &&
                strcmp(f->fmt->name, "energytracker-total") == 0 && gl > dl + 1 &&
                strncmp(gdirs[g], f->path, dl + 1) == 0)
                lr->supersede = 1;
        }
        if (lr->supersede)
            on_warn(lr, 0,
                    "EnergyTracker totals of the run folders beside it; counted as superseded "
                    "(the runs count once, from their folders)");
        rc = read_file(lr, f);
        end_file(lr);
        gt_agg_count_file(lr->agg, 0);
        progress(lr, f->path, i + 1, w.n);
    }
    if (lr->progress_shown)
        erase_progress();
    lr->progress_shown = 0;
    for (size_t i = 0; i < ngdirs; i++)
        free(gdirs[i]);
    free(gdirs);
    for (size_t i = 0; i < w.n; i++)
        free(w.f[i].path);
    free(w.f);
    free(w.dev);
    free(w.ino);
    lr->group_key = NULL;
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
        on_warn(lr, r->gap_rec->line, msg);
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
    for (size_t i = 0; i < lr->nw; i++) {
        free((char *)lr->w[i].file);
        free((char *)lr->w[i].msg);
    }
    free(lr->w);
    lr->w = NULL;
    lr->nw = lr->capw = 0;
}
