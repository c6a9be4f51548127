/* gt_check.h - the budget gate of `greentally check`: amounts with units,
 * budget files, a baseline from a previous `summary --format json`, and the
 * verdict of each line. Pure: bytes and aggregates in, verdicts out. */
#ifndef GT_CHECK_H
#define GT_CHECK_H

#include <stddef.h>

#include "gt_agg.h"
#include "gt_error.h"

enum gt_amount_kind { GT_AMOUNT_MASS, GT_AMOUNT_ENERGY };

/* A budget: grams of CO2e or kWh. */
struct gt_amount {
    double value;
    enum gt_amount_kind kind;
};

/* Parses "5kg", "5 kg", "500g", "1.5t" (tonnes), "250mg" (CO2e), or "2kWh",
 * "300 Wh", "1.2 MWh" (energy); units are case-insensitive, the number
 * finite and >= 0, a unit required. GT_E_PARSE with a message naming the
 * text otherwise. */
enum gt_status gt_amount_parse(const char *s, size_t n, struct gt_amount *a, struct gt_error *err);

/* A budget file: one "KEY = AMOUNT" per line, '#' starts a comment, blank
 * lines ignored; KEY "*" is the budget of every group the file does not
 * name. Keys are trimmed; a key named twice is an error. */
struct gt_budget {
    char *key; /* owned */
    struct gt_amount amount;
    long line;
};
struct gt_budget_file {
    struct gt_budget *b; /* owned */
    size_t n;
};
/* Parses data[0..len) of the file `name` (for messages: errors carry
 * name:line). GT_E_PARSE / GT_E_DATA / GT_E_NOMEM; bf is empty then. */
enum gt_status gt_budget_parse(const char *data, size_t len, const char *name,
                               struct gt_budget_file *bf, struct gt_error *err);
void gt_budget_file_release(struct gt_budget_file *bf);
/* The entry for key, else the "*" entry, else NULL. */
const struct gt_budget *gt_budget_find(const struct gt_budget_file *bf, const char *key);

/* A baseline: the totals, and per group of its first --by key, of a
 * previous `greentally summary --format json`. */
struct gt_baseline_group {
    char *key;                 /* owned; "" for runs without the key */
    double co2e_g, energy_kwh; /* NAN when not known */
};
struct gt_baseline {
    double co2e_g, energy_kwh;
    long runs;
    char by[32];                 /* the first --by key of the baseline, "" when none */
    struct gt_baseline_group *g; /* owned */
    size_t n;
};
/* Parses the JSON data[0..len) of the file `name`. GT_E_PARSE when it is
 * not JSON or has no "totals" object. */
enum gt_status gt_baseline_parse(const char *data, size_t len, const char *name,
                                 struct gt_baseline *b, struct gt_error *err);
void gt_baseline_release(struct gt_baseline *b);
/* The baseline's group of that key value, or NULL. */
const struct gt_baseline_group *gt_baseline_find(const struct gt_baseline *b, const char *key);

/* One line of the verdict: the total, or one group of the --by key. */
struct gt_check_line {
    const char *label; /* "total", or the group's key value ("" unknown) */
    enum gt_amount_kind kind;
    double used;        /* g or kWh, of the runs that have it */
    long runs, missing; /* runs, and runs without the figure */
    double budget;      /* NAN: no budget for this line */
    int over;           /* used > budget */
    double baseline;    /* NAN: no baseline value */
};

/* Results of a check. */
struct gt_check {
    struct gt_check_line *lines; /* owned; lines[0] is the total */
    size_t n;
    long over;    /* lines over their budget */
    long budgets; /* lines with a budget */
};

/* Checks res against a total budget (total, or NULL) and, when res is
 * grouped (--by with one key), each group against bf (or NULL); base (or
 * NULL) fills the baseline of each line. The kind of each line is its
 * budget's, else total's, else bf's first entry's, else mass. GT_E_NOMEM,
 * or GT_E_DATA when a line with a budget has no run with that figure. */
enum gt_status gt_check_run(const struct gt_agg_result *res, const struct gt_amount *total,
                            const struct gt_budget_file *bf, const struct gt_baseline *base,
                            struct gt_check *c, struct gt_error *err);
void gt_check_release(struct gt_check *c);

#endif
