/* hwdb_internal.h - helpers shared by the hwdb sources. */
#ifndef GT_HWDB_INTERNAL_H
#define GT_HWDB_INTERNAL_H

#include <stddef.h>

#define GT_KEY_MAX 256

/* Sorted, de-duplicated token set of a normalised name, space-joined. */
void gt_hwdb_key(const char *name, char *out, size_t size);

/* Match keys of a name and of each '|'-separated alias (malloc'ed, caller
 * owns both); returns -1 on out of memory. */
int gt_hwdb_make_keys(const char *model, const char *aliases, char **key, char **alias_keys);

/* gt_hwdb_find_cpu (gpu 0) or gt_hwdb_find_gpu (gpu 1) by token sets alone,
 * without first comparing keys for an exact match: the same answer, slower
 * (tests/unit/test_hwdb.c compares the two). */
enum gt_status gt_hwdb_find_tokens(const struct gt_hwdb *db, int gpu, const char *name,
                                   struct gt_hw_match *m, struct gt_error *err);

/* Adds one CSV table; replace = 1 lets a row replace an existing one with the
 * same key (user files), 0 appends (the embedded tables). */
enum gt_status gt_hwdb_add_table(struct gt_hwdb *db, const char *data, size_t len, const char *name,
                                 int replace, enum gt_hw_table *kind, struct gt_error *err);

/* The constants behind the equivalence factors (gt_hwdb_equiv_factors),
 * in the order of struct gt_equiv_factors; hwdb check requires them. */
#define GT_HWDB_NEQUIV 9
extern const char *const gt_hwdb_equiv_names[GT_HWDB_NEQUIV];

#endif
