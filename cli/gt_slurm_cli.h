/* gt_slurm_cli.h - `--cluster FILE` and `--node-static-w W` for SLURM
 * accounting input: the cluster description with its numbers resolved. */
#ifndef GT_SLURM_CLI_H
#define GT_SLURM_CLI_H

#include "gt_cli.h"
#include "gt_slurm.h"

#define GT_SLURM_CLI_NOTES 16

struct gt_slurm_cli {
    struct gt_cluster *cluster; /* owned */
    struct gt_slurm_opts opts;  /* for the parser (points at cluster) */
    /* where the numbers the file left out come from, for the output */
    char notes[GT_SLURM_CLI_NOTES][700];
    size_t nnotes;
};

/* Reads --cluster (or builds the built-in cluster: Green Algorithms' 'Any'
 * CPU and GPU, the unknown data centre's PUE, the world carbon intensity),
 * applies --node-static-w and resolves every missing number in the hwdb.
 * Returns 0 or an exit code (printed). Release s in any case. */
int gt_slurm_cli_load(const struct gt_args *a, struct gt_slurm_cli *s);
void gt_slurm_cli_release(struct gt_slurm_cli *s);

#endif
