/* hwdb_internal.h - helpers shared by the hwdb sources. */
#ifndef GT_HWDB_INTERNAL_H
#define GT_HWDB_INTERNAL_H

#include <stddef.h>

#define GT_KEY_MAX 256

/* Sorted, de-duplicated token set of a normalised name, space-joined. */
void gt_hwdb_key(const char *name, char *out, size_t size);

/* 1 when origin is the embedded data. */
int gt_hwdb_origin_embedded(const char *file);

#endif
