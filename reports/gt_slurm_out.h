/* gt_slurm_out.h - GA4HPC's headline figures of SLURM jobs (per user, then in
 * total), the jobs by state and the method with its constants, for the
 * summary's table and JSON. */
#ifndef GT_SLURM_OUT_H
#define GT_SLURM_OUT_H

#include <cJSON.h>
#include <stdio.h>

#include "gt_slurm.h"

#define GT_SLURM_OUT_APART 4

struct gt_slurm_doc {
    const struct gt_slurm_headline *h;
    const struct gt_cluster *cluster;
    const char (*notes)[700]; /* where the numbers the cluster file left out come from */
    size_t nnotes;
    /* jobs counted apart (running, pending) */
    size_t napart;
    const char *apart_what[GT_SLURM_OUT_APART];
    long apart_jobs[GT_SLURM_OUT_APART];
};

/* The section below the summary table; nothing when there are no jobs.
 * 0, or -1 on a write error. */
int gt_slurm_write_table(FILE *o, const struct gt_slurm_doc *d);
/* The same as a JSON object (caller deletes); NULL when out of memory. */
cJSON *gt_slurm_json(const struct gt_slurm_doc *d);
/* The method in one paragraph (for the table, the JSON and the reports). */
char *gt_slurm_method_text(const struct gt_cluster *c, char *buf, size_t size);

#endif
