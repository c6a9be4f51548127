/* gt_logread.h - walking paths, recognising log files by content, pairing
 * carbontracker logs, grouping EnergyTracker run folders, and feeding every
 * record into an aggregate. Warnings go to stderr as they are found and are
 * kept for JSON output. */
#ifndef GT_LOGREAD_H
#define GT_LOGREAD_H

#include <stddef.h>

#include "gt_agg.h"
#include "gt_summary_out.h"

struct gt_logread {
    struct gt_agg *agg;
    int quiet; /* do not print warnings (they are still kept) */
    /* kept warnings (strings owned) */
    struct gt_warning *w;
    size_t nw, capw;
    long dropped;
    long rejected; /* rows rejected */
    long warned;   /* non-rejection warnings */
    /* per-file printing cap */
    const char *cur_file;
    long cur_file_warns;
    const char *group_key; /* for the file being parsed */
    int supersede;         /* count the file's rows as superseded */
    int follow;            /* -L: follow symbolic links to directories inside PATH */
    long files_rejected;   /* unreadable or unparsable files (named) */
    struct gt_fp_tab *fp;  /* records without a run id, to spot copies (owned) */
    const void *fmt_opts;  /* format-specific options for the parsers (gt_parse_ctx.opts) */
    /* rows counted apart by class (SLURM jobs still running or pending) */
    struct {
        char what[16];
        long jobs, rows;
    } apart[4];
    size_t napart;
    /* a progress line on standard error (set by the caller when it is a
     * terminal and not --quiet): files, MB, rows, rate, redrawn at most 4
     * times a second, from progress_delay_ms into the scan, erased at the end */
    int progress;
    long progress_delay_ms;
    long rows_seen;
    double bytes_read, t_start, t_last;
    int progress_shown;
    int jobs; /* threads reading files and parts of large files (<= 1: none) */
};

/* Reads every path (file, directory walked recursively, or "-" for standard
 * input) into lr->agg. Returns 0, or an exit code after printing why (an
 * input that cannot be read). */
int gt_logread_paths(struct gt_logread *lr, char **paths, size_t npaths);

/* Reports what the aggregate found about whole runs (a latest row without
 * energy), as FILE:LINE warnings. */
void gt_logread_run_notes(struct gt_logread *lr, const struct gt_agg_result *res);

void gt_logread_release(struct gt_logread *lr);

#endif
