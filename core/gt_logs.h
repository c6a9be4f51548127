/* gt_logs.h - log-format parsers (bytes -> run records) and the table that
 * recognises a file by its content. Pure: no I/O. */
#ifndef GT_LOGS_H
#define GT_LOGS_H

#include <stddef.h>

#include "gt_csv.h"
#include "gt_error.h"
#include "gt_record.h"

/* What a parser reports to. Every source row a parser reads ends up either
 * emitted (rec->nrows of them) or rejected (one call per row), so
 * rows read = rows emitted + rows rejected. */
struct gt_parse_ctx {
    const char *file; /* name for provenance and messages */
    void *ud;
    /* A record; its strings are borrowed for the duration of the call. A
     * non-GT_OK return stops the parser, which returns that status. */
    enum gt_status (*emit)(void *ud, const struct gt_record *rec);
    /* A row that cannot be used, with the reason (lower-case, no file:line:
     * the caller adds them). Counts as one row read. */
    void (*reject)(void *ud, long line, const char *reason);
    /* A note about a row or the file that does not stop it from being used
     * (line 0 = the whole file). */
    void (*warn)(void *ud, long line, const char *msg);
    /* Rows read that are neither runs nor errors, counted apart ("excluded"):
     * a SLURM job still running or pending. `what` names the class. May be
     * NULL (the rows are then not counted). */
    void (*skip)(void *ud, long line, long nrows, const char *what);
    /* Format-specific options (struct gt_slurm_opts for "slurm-sacct"), NULL
     * for the defaults. */
    const void *opts;
    /* Optional (NULL: not called): a CSV parser took the row at this line as
     * its header. Parallel reading checks with it that a part of a file was
     * read under the header in force there. */
    void (*header)(void *ud, long line);
    /* Optional (NULL: none): header mappings seen before, by the header's
     * exact bytes, owned by the caller (one per thread: not locked). A
     * header met again costs one look-up instead of matching its names. */
    struct gt_hdr_cache *hdr_cache;
};

/* --- header mappings seen before --------------------------------------------
 * What a parser made of a header row (its columns' fields, the warnings it
 * gave), kept by the row's exact cells, so the next file with the same
 * header skips the matching. Pure (no locking: one cache per thread). */
struct gt_hdr_cache;
enum { GT_HDR_CODECARBON = 1, GT_HDR_ECO2AI, GT_HDR_SACCT, GT_HDR_DETECT };
struct gt_hdr_cache *gt_hdr_cache_new(void); /* NULL when out of memory */
void gt_hdr_cache_free(struct gt_hdr_cache *c);
/* The value stored for (tag, the n cells), or NULL (a miss: the key is kept
 * for a gt_hdr_cache_store that follows). Counts hits and misses. */
const void *gt_hdr_cache_find(struct gt_hdr_cache *c, int tag, size_t n, char *const *cells,
                              const size_t *lens);
/* Stores a copy of val[0..vlen) under the key of the last missed find; the
 * copy, or NULL when out of memory (the caller goes on without it). */
const void *gt_hdr_cache_store(struct gt_hdr_cache *c, const void *val, size_t vlen);
void gt_hdr_cache_stats(const struct gt_hdr_cache *c, long *hits, long *misses);

/* Helpers for parsers: printf-style reject/warn through a ctx. */
void gt_parse_reject(const struct gt_parse_ctx *ctx, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
void gt_parse_warn(const struct gt_parse_ctx *ctx, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* For CSV parsers: a row has no NUL byte in a cell, the header's cells, less the header's trailing
 * empty names (a spreadsheet re-save), and only blanks past them. 0 when it
 * does, -1 after rejecting the row through ctx. */
int gt_parse_check_width(const struct gt_parse_ctx *ctx, const struct gt_csv_row *hdr,
                         const struct gt_csv_row *r);

/* A number cell s[0..n) (blanks trimmed): 0 with *out set (NAN when empty and
 * not required), -1 after rejecting the row through ctx: "missing 'NAME'",
 * "cannot parse 'NAME': 'TEXT'" or "negative 'NAME': TEXT". */
int gt_parse_num(const struct gt_parse_ctx *ctx, long line, const char *name, const char *s,
                 size_t n, int required, double *out);

/* --- streaming parsers --------------------------------------------------- */

/* A format is read either whole (parse) or in chunks (open/feed/finish).
 * Streaming keeps memory bounded by one row, whatever the file size. */
struct gt_stream;

enum gt_pair_role {
    GT_PAIR_NONE = 0,
    GT_PAIR_CT_STD, /* carbontracker standard log (*_carbontracker.log) */
    GT_PAIR_CT_OUT  /* carbontracker output log (*_carbontracker_output.log) */
};

struct gt_log_format {
    const char *name;  /* stable id, e.g. "codecarbon-csv" */
    const char *title; /* for humans, e.g. "CodeCarbon emissions.csv" */
    enum gt_tool tool;
    /* 1 when the first bytes of a file (up to 8 KiB, maybe cut mid-line) are
     * this format. Tried in table order; the first match wins. */
    int (*sniff)(const char *head, size_t len);
    /* whole-buffer parser, or NULL when the format streams */
    enum gt_status (*parse)(const char *data, size_t len, const struct gt_parse_ctx *ctx,
                            struct gt_error *err);
    /* streaming parser (when parse is NULL). open returns NULL when out of
     * memory; finish flushes the last row and frees the stream. */
    struct gt_stream *(*open)(const struct gt_parse_ctx *ctx);
    enum gt_status (*feed)(struct gt_stream *s, const char *buf, size_t len, struct gt_error *err);
    enum gt_status (*finish)(struct gt_stream *s, struct gt_error *err);
    /* files of this format are parsed in pairs (see gt_ct_parse) */
    enum gt_pair_role pair;
    /* sniff's answer depends on the first line alone (up to its line end or
     * the end of head): gt_log_detect_cached keeps it by that line */
    int sniff_line1;
};

/* The detection table, NULL-terminated, in the order formats are tried. */
extern const struct gt_log_format *const gt_log_formats[];

/* The format of a file from its first bytes, NULL when none matches. */
const struct gt_log_format *gt_log_detect(const char *head, size_t len);
/* The same answer as gt_log_detect, with the answers of the formats whose
 * sniff reads only the first line kept in c by that line's bytes (c may be
 * NULL): a header seen before costs one look-up and the other sniffs. */
const struct gt_log_format *gt_log_detect_cached(const char *head, size_t len,
                                                 struct gt_hdr_cache *c);
/* A format by name, NULL when unknown. */
const struct gt_log_format *gt_log_format_find(const char *name);

/* --- the parsers ----------------------------------------------------------- */

/* CodeCarbon emissions.csv (every generation; see docs/formats.md). */
struct gt_stream *gt_cc_open(const struct gt_parse_ctx *ctx);
enum gt_status gt_cc_feed(struct gt_stream *s, const char *buf, size_t len, struct gt_error *err);
enum gt_status gt_cc_finish(struct gt_stream *s, struct gt_error *err);
int gt_cc_sniff(const char *head, size_t len);

/* carbontracker: a standard log and its output log (either may be NULL/0
 * when missing). The run_key of the records is ctx->file. */
enum gt_status gt_ct_parse(const char *std, size_t std_len, const char *out, size_t out_len,
                           const struct gt_parse_ctx *ctx, struct gt_error *err);
int gt_ct_sniff_std(const char *head, size_t len);
int gt_ct_sniff_out(const char *head, size_t len);

/* eco2ai CSV. */
enum gt_status gt_eco2ai_parse(const char *data, size_t len, const struct gt_parse_ctx *ctx,
                               struct gt_error *err);
int gt_eco2ai_sniff(const char *head, size_t len);

/* seed-000 EnergyTracker co2/total.csv and GreenAlgorithm_emissions.txt. */
enum gt_status gt_et_total_parse(const char *data, size_t len, const struct gt_parse_ctx *ctx,
                                 struct gt_error *err);
int gt_et_total_sniff(const char *head, size_t len);
enum gt_status gt_et_ga_parse(const char *data, size_t len, const struct gt_parse_ctx *ctx,
                              struct gt_error *err);
int gt_et_ga_sniff(const char *head, size_t len);

/* Green Algorithms calculator CSV export (';'-separated, one row). */
enum gt_status gt_ga_export_parse(const char *data, size_t len, const struct gt_parse_ctx *ctx,
                                  struct gt_error *err);
int gt_ga_export_sniff(const char *head, size_t len);

/* greentally's own run log (JSON Lines, docs/record-format.md): one record
 * per log, totals from the footer or, when it is missing, from the samples. */
enum gt_status gt_greentally_parse(const char *data, size_t len, const struct gt_parse_ctx *ctx,
                                   struct gt_error *err);
int gt_greentally_sniff(const char *head, size_t len);

#endif
