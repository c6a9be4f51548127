/* gt_error.h - status codes and the caller-supplied error record. */
#ifndef GT_ERROR_H
#define GT_ERROR_H

enum gt_status {
    GT_OK = 0,
    GT_E_USAGE,     /* bad command-line usage */
    GT_E_PARSE,     /* text that does not parse */
    GT_E_RANGE,     /* a value outside its allowed range */
    GT_E_NOTFOUND,  /* unknown name */
    GT_E_AMBIGUOUS, /* a name matching several rows */
    GT_E_DATA,      /* inconsistent data */
    GT_E_NOMEM,     /* out of memory */
    GT_E_IO         /* read/write failure (cli/ and reports/ only) */
};

struct gt_error {
    enum gt_status code;
    char file[256]; /* empty when not about a file */
    long line;      /* 1-based, 0 when unknown */
    long col;       /* 1-based, 0 when unknown */
    char msg[512];
};

/* Static text for a status; never NULL. */
const char *gt_strerror(enum gt_status code);

/* Clears an error record (err may be NULL). */
void gt_error_clear(struct gt_error *err);

/* Fills err (if not NULL) and returns code. The message is printf-formatted,
 * truncated to fit. */
enum gt_status gt_error_set(struct gt_error *err, enum gt_status code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Sets the file and line an error is about (keeps the message). */
void gt_error_at(struct gt_error *err, const char *file, long line, long col);

#endif
