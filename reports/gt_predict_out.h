/* gt_predict_out.h - `greentally predict`: a partial run extrapolated to its
 * full length, and its writers (table, JSON, CSV). */
#ifndef GT_PREDICT_OUT_H
#define GT_PREDICT_OUT_H

#include <stdio.h>

#include "gt_apriori.h"

struct gt_predict_doc {
    const char *tool_version;
    const char *path; /* the log as given */
    const char *pair; /* the carbontracker log read with it, NULL when none */
    const struct gt_predict_log *log;
    enum gt_predict_mode mode;
    double target;           /* epochs/steps, or seconds */
    const char *target_from; /* "--epochs", "--steps", "--duration", "the log's planned epochs" */
    struct gt_predict_result res;
    double ci_g_per_kwh; /* the log's */
    double co2e_g, co2e_low_g, co2e_high_g;
};

int gt_predict_write_table(FILE *o, const struct gt_predict_doc *d);
int gt_predict_write_json(FILE *o, const struct gt_predict_doc *d);
int gt_predict_write_csv(FILE *o, const struct gt_predict_doc *d);

#endif
