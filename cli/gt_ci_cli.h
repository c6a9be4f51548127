/* gt_ci_cli.h - carbon-intensity series on the command line: loading a
 * --ci-series file (with the hwdb's emission factors for production mixes)
 * and fetching series from live providers (libcurl, cached). */
#ifndef GT_CI_CLI_H
#define GT_CI_CLI_H

#include "gt_ci.h"
#include "gt_cli.h"

/* The option entries every command taking --ci-series lists. */
#define GT_CI_SERIES_OPTIONS                                                                       \
    {"ci-series", 0, GT_OPT_VALUE, "FILE",                                                         \
     "carbon intensity over time: each run's CO2e uses the series' time-weighted mean over its "   \
     "start..end (series CSV, Electricity Maps export or production mix; see docs/ci.md)"},        \
        {"ci-interp", 0, GT_OPT_VALUE, "METHOD",                                                   \
         "how --ci-series values join: step (each value holds until the next) or linear "          \
         "(default step)"},                                                                        \
    {                                                                                              \
        "ci-factors", 0, GT_OPT_VALUE, "DATASET",                                                  \
            "emission factors for a production-mix --ci-series: ipcc-ar5 or codecarbon (default "  \
            "ipcc-ar5)"                                                                            \
    }

/* A loaded --ci-series. */
struct gt_ci_opt {
    int given;
    const char *file;
    enum gt_ci_interp interp;
    struct gt_ci_series series;
};

/* Reads --ci-series/--ci-interp/--ci-factors of a (when --ci-series is not
 * given, o->given is 0 and nothing is read). Returns 0 or an exit code after
 * printing why. Release with gt_ci_opt_release. */
int gt_ci_opt_load(const struct gt_args *a, struct gt_ci_opt *o);
/* Loads one series file (factors from the hwdb for production mixes). */
int gt_ci_load_file(const struct gt_args *a, const char *path, struct gt_ci_series *s);
void gt_ci_opt_release(struct gt_ci_opt *o);

/* "2024-01-01T00:00:00Z to 2024-01-02T00:00:00Z" into buf. */
char *gt_ci_span(const struct gt_ci_series *s, char *buf, size_t size);

/* ---- live providers (ci_fetch.c) ------------------------------------------ */

enum gt_ci_provider { GT_CI_UK, GT_CI_ELECTRICITYMAPS, GT_CI_ENERGIDATASERVICE };

struct gt_ci_fetch {
    enum gt_ci_provider provider;
    const char *zone;     /* uk: national, region:N, postcode:PC; em: zone; eds: DK1/DK2 */
    int has_range;        /* from/to given */
    double from, to;      /* UTC seconds */
    int latest;           /* electricitymaps: only the latest value */
    const char *api_base; /* NULL: the provider's */
    const char *token;    /* electricitymaps; never printed */
    double timeout_s;
    int retries;
    double retry_wait_s; /* first backoff; doubles each retry */
    int use_cache;       /* read cached responses of fixed ranges */
    char cache_dir[1024];
    /* out */
    long requests, cached, forecasts;
};

/* Fetches the series (appending to s and finishing it). Returns 0 or an exit
 * code after printing why. */
int gt_ci_fetch_run(struct gt_ci_fetch *f, struct gt_ci_series *s);

#endif
