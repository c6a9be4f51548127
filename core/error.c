#include "gt_error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

const char *gt_strerror(enum gt_status code)
{
    switch (code) {
    case GT_OK:
        return "ok";
    case GT_E_USAGE:
        return "usage error";
    case GT_E_PARSE:
        return "parse error";
    case GT_E_RANGE:
        return "value out of range";
    case GT_E_NOTFOUND:
        return "not found";
    case GT_E_AMBIGUOUS:
        return "ambiguous name";
    case GT_E_DATA:
        return "data error";
    case GT_E_NOMEM:
        return "out of memory";
    case GT_E_IO:
        return "input/output error";
    }
    return "unknown error";
}

void gt_error_clear(struct gt_error *err)
{
    if (err)
        memset(err, 0, sizeof *err);
}

enum gt_status gt_error_set(struct gt_error *err, enum gt_status code, const char *fmt, ...)
{
    if (!err)
        return code;
    err->code = code;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->msg, sizeof err->msg, fmt, ap);
    va_end(ap);
    return code;
}

void gt_error_at(struct gt_error *err, const char *file, long line, long col)
{
    if (!err)
        return;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->col = col;
}
