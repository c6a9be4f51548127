/* gt_methods_out.h - what `compare` and `estimate --methods` share: the
 * peers' constants from the hwdb, and the rows of every method on one set of
 * inputs (table and JSON). */
#ifndef GT_METHODS_OUT_H
#define GT_METHODS_OUT_H

#include <cJSON.h>
#include <stdio.h>

#include "gt_agg.h"
#include "gt_hwdb.h"
#include "gt_methods.h"

#define GT_METHODS_NCONST 19

/* The constants by name (hwdb/data/methods.csv, memory_power,
 * let_default_ci); used[] receives the rows. GT_OK, or GT_E_DATA naming the
 * missing one in err. */
enum gt_status gt_methods_load(const struct gt_hwdb *db, struct gt_method_consts *k,
                               const struct gt_hw_constant **used, struct gt_error *err);

/* How eco2ai's and carbontracker's intensities and greentally's range are
 * found (printed under the constants in every output). */
#define GT_METHODS_PEER_CI_NOTE                                                                    \
    "eco2ai and carbontracker intensities: their own tables by the run's country (eco2ai also "    \
    "its region), hwdb peer_ci.csv; a place not in a table takes that tool's world value"
#define GT_METHODS_RANGE_NOTE                                                                      \
    "greentally low - high: interval arithmetic over each input's range (hwdb uncertainty.csv: "   \
    "cpu_tdp, gpu_tdp, ram_w_per_gb, the PUE's and ci), as estimate and summary"

/* The location's carbon intensity in each method's own table (Green
 * Algorithms', CodeCarbon's, eco2ai's, carbontracker's) into in: loc is a
 * location code, ISO alpha-2 or alpha-3 code, country or region name; region
 * a region name the run logged ("" none). NAN where a table has no value. */
void gt_methods_locate(const struct gt_hwdb *db, const char *loc, const char *region,
                       struct gt_method_input *in);

/* A header and one row per method; logged_kwh (NAN: none) for the ratio. */
void gt_methods_write_rows(FILE *o, const char *indent, const struct gt_method_input *in,
                           const struct gt_method_consts *k, double logged_kwh);
/* "constants (hwdb):" and one line per constant with its source. */
void gt_methods_write_constants(FILE *o, const struct gt_hw_constant *const *used);
/* The rows as a JSON array, the constants as a JSON array. */
cJSON *gt_methods_json_rows(const struct gt_method_input *in, const struct gt_method_consts *k,
                            double logged_kwh);
cJSON *gt_methods_json_constants(const struct gt_hw_constant *const *used);
/* The rows of results already computed (res[GT_M__COUNT]), as above. */
cJSON *gt_methods_json_results(const struct gt_method_result *res, double logged_kwh);
/* The notes of a result ("default CPU power; usage 100 %"), into buf. */
const char *gt_methods_flag_text(unsigned f, char *buf, size_t size);

/* What one run logged, resolved for the methods. */
struct gt_methods_run {
    struct gt_method_input in;
    char cpu[160], gpu[160], place[200];
    int cores_logged;
};

/* The inputs of run (a run measured several ways fills what its counted
 * record lacks from the others): hardware looked up in db, measured power,
 * memory, logged PUE and intensity, the location's intensities. */
void gt_methods_resolve(const struct gt_hwdb *db, const struct gt_run *run,
                        struct gt_methods_run *ri);

/* v with fmt into buf, or "-" for NAN. */
const char *gt_methods_num(double v, const char *fmt, char *buf, size_t size);

#endif
