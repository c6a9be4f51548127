/* hwdb_embedded.h - the hwdb/data tables compiled into the binary. */
#ifndef GT_HWDB_EMBEDDED_H
#define GT_HWDB_EMBEDDED_H

#include <stddef.h>

struct gt_embedded_table {
    const char *name;           /* "cpus", "gpus", ... (file name without .csv) */
    const unsigned char *data;  /* the CSV bytes */
    size_t len;
};

/* Terminated by an entry whose name is NULL. */
extern const struct gt_embedded_table gt_embedded_tables[];

#endif
