/* gt_resolve.h - turns `estimate` options into model inputs, looking hardware,
 * location and PUE up in the hwdb and recording where each number comes from. */
#ifndef GT_RESOLVE_H
#define GT_RESOLVE_H

#include "gt_cli.h"
#include "gt_estimate_extra.h"
#include "gt_estimate_out.h"

/* Fills r (pointers into db and args stay valid while they live) and computes
 * the estimate; x (may be NULL) receives the a-priori runtime, embodied
 * emissions, other locations and the best start when asked for, and
 * r->extra points to it. Returns an exit code; messages are printed. */
int gt_resolve_estimate(const struct gt_args *a, const struct gt_hwdb *db,
                        struct gt_estimate_report *r, struct gt_estimate_extra *x);

/* A note in r (printed under "Notes"). */
void gt_resolve_note(struct gt_estimate_report *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* x->what from fmt, x->source a copy of source. */
void gt_resolve_set(struct gt_resolved *x, const char *source, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* resolve_apriori.c: 1 when the work (--flops, --macs, --params, --tokens,
 * --inference) is given. */
int gt_resolve_work_given(const struct gt_args *a);
/* The runtime from the work on the resolved GPUs (r->in.n_gpus, r->gpu):
 * sets r->runtime_s and x->apriori. 0 when no work is given. */
int gt_resolve_work(const struct gt_args *a, const struct gt_hwdb *db, struct gt_estimate_report *r,
                    struct gt_estimate_extra *x);
/* After the estimate: embodied emissions, other locations, the best start's
 * figures. */
int gt_resolve_extra(const struct gt_args *a, const struct gt_hwdb *db,
                     struct gt_estimate_report *r, struct gt_estimate_extra *x);

/* The PUE and carbon intensity part of the above (options platform,
 * provider, region, pue, location, ci, ci-dataset): fills r->in.pue,
 * r->in.ci_g_per_kwh, r->pue, r->ci, r->location and notes. Returns an exit
 * code; messages are printed. */
int gt_resolve_place(const struct gt_args *a, const struct gt_hwdb *db,
                     struct gt_estimate_report *r);

#endif
