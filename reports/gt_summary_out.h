/* gt_summary_out.h - `greentally summary` output: table, CSV, JSON. Writers
 * take the aggregate; they never parse logs. */
#ifndef GT_SUMMARY_OUT_H
#define GT_SUMMARY_OUT_H

#include <stdio.h>

#include "gt_agg.h"
#include "gt_embodied_sum.h"

struct gt_warning {
    const char *file;
    long line; /* 0: about the whole file */
    enum {
        GT_WARN_NOTE,
        GT_WARN_REJECTED,
        GT_WARN_SKIPPED,
        GT_WARN_FILE_REJECTED, /* a whole file: unreadable or unparsable */
        GT_WARN_DUPLICATE      /* a file read once already (same file, or a copy) */
    } kind;
    const char *msg;
};

struct gt_summary_doc {
    const struct gt_agg_result *res;
    const struct gt_warning *warnings; /* in the order they were found */
    size_t nwarnings;
    long warnings_dropped; /* beyond what was kept */
    const char *ci_label;  /* --ci as given, NULL when not set */
    const char *tool_version;
    const char *ci_series_file; /* --ci-series as given (the series is res->opts.ci_series) */
    const struct gt_embodied_sum *embodied; /* --embodied; NULL when not asked */
};

/* The embodied line of the table ("embodied: ... shown apart"), and its
 * JSON object; nothing when d->embodied is NULL or not given. */
void gt_summary_embodied_line(FILE *o, const struct gt_summary_doc *d);
/* "112.48 g CO2e (GPUs ..., CPUs ...) over 35 runs, ...; shown apart, not in
 * the totals" into buf. */
char *gt_summary_embodied_text(const struct gt_embodied_sum *e, char *buf, size_t size);

/* Each returns 0, or -1 on a write error. */
int gt_summary_write_table(FILE *out, const struct gt_summary_doc *d);
int gt_summary_write_csv(FILE *out, const struct gt_summary_doc *d);
int gt_summary_write_json(FILE *out, const struct gt_summary_doc *d);

/* The JSON document of gt_summary_write_json, to extend (caller deletes). */
struct cJSON;
struct cJSON *gt_summary_json(const struct gt_summary_doc *d);

/* What the low-high ranges are, one line (the table's footnote). */
extern const char gt_summary_range_note[];

/* The accounting sentence ("files: 3 read, 1 skipped; rows read 10 = 4 used
 * + 5 superseded + 1 rejected"), into buf. */
/* The name of a warning kind in JSON and reports: "warning", "rejected",
 * "skipped", "file_rejected", "duplicate". */
const char *gt_warning_kind_name(int kind);

char *gt_summary_accounting(const struct gt_accounting *a, char *buf, size_t size);

#endif
