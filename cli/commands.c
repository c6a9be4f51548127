#include "gt_cli.h"

extern const struct cmd_entry gt_cmd_check;
extern const struct cmd_entry gt_cmd_ci;
extern const struct cmd_entry gt_cmd_compare;
extern const struct cmd_entry gt_cmd_completion;
extern const struct cmd_entry gt_cmd_config;
extern const struct cmd_entry gt_cmd_estimate;
extern const struct cmd_entry gt_cmd_hwdb;
extern const struct cmd_entry gt_cmd_report;
extern const struct cmd_entry gt_cmd_statement;
extern const struct cmd_entry gt_cmd_summary;
extern const struct cmd_entry gt_cmd_run;

/* The one table of subcommands: add a cmd_<name>.c and list it here. */
const struct cmd_entry *const gt_commands[] = {
    &gt_cmd_check,  &gt_cmd_ci,        &gt_cmd_compare, &gt_cmd_completion,
    &gt_cmd_config, &gt_cmd_estimate,  &gt_cmd_hwdb,    &gt_cmd_report,
    &gt_cmd_run,    &gt_cmd_statement, &gt_cmd_summary, NULL,
};

int gt_usage_exit(const struct cmd_entry *cmd)
{
    return cmd == &gt_cmd_check ? GT_EXIT_DATA : GT_EXIT_USAGE;
}
