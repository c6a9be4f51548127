/* gt_resolve.h - turns `estimate` options into model inputs, looking hardware,
 * location and PUE up in the hwdb and recording where each number comes from. */
#ifndef GT_RESOLVE_H
#define GT_RESOLVE_H

#include "gt_cli.h"
#include "gt_estimate_out.h"

/* Fills r (pointers into db and args stay valid while they live) and computes
 * the estimate. Returns an exit code; messages are printed. */
int gt_resolve_estimate(const struct gt_args *a, const struct gt_hwdb *db,
                        struct gt_estimate_report *r);

/* The PUE and carbon intensity part of the above (options platform,
 * provider, region, pue, location, ci, ci-dataset): fills r->in.pue,
 * r->in.ci_g_per_kwh, r->pue, r->ci, r->location and notes. Returns an exit
 * code; messages are printed. */
int gt_resolve_place(const struct gt_args *a, const struct gt_hwdb *db,
                     struct gt_estimate_report *r);

#endif
