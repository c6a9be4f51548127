/* greentally ci show|series|fetch|factors: carbon intensity, static and over
 * time. */
#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gt_ci_cli.h"
#include "gt_ci_out.h"
#include "gt_cli.h"
#include "gt_num.h"
#include "gt_out.h"
#include "gt_sink.h"
#include "gt_time.h"

static const struct gt_option options[] = {
    {"provider", 'p', GT_OPT_VALUE, "NAME", "fetch: uk, electricitymaps or energidataservice"},
    {"zone", 'z', GT_OPT_VALUE, "ZONE",
     "fetch: uk national (default), region:ID or postcode:OUTCODE; electricitymaps zone (FR, "
     "DE, US-CAL-CISO); energidataservice DK1 or DK2"},
    {"from", 0, GT_OPT_VALUE, "TIME", "fetch: start of the range (ISO 8601, Z or an offset)"},
    {"to", 0, GT_OPT_VALUE, "TIME", "fetch: end of the range (exclusive)"},
    {"latest", 0, GT_OPT_FLAG, NULL,
     "fetch electricitymaps: only the latest value (without a range: the last 24 h)"},
    {"output", 'o', GT_OPT_VALUE, "FILE",
     "fetch: write the series CSV to FILE (atomically); show/series: write the output there"},
    {"api-base", 0, GT_OPT_VALUE, "URL", "fetch: send requests to URL instead of the provider's"},
    {"token-file", 0, GT_OPT_VALUE, "FILE",
     "fetch electricitymaps: read the token from FILE (default: $ELECTRICITYMAPS_TOKEN)"},
    {"timeout", 0, GT_OPT_VALUE, "SECONDS", "fetch: time limit of one request (default 30)"},
    {"retries", 0, GT_OPT_VALUE, "N",
     "fetch: retries after a timeout, HTTP 429 or 5xx, with doubling waits (default 2)"},
    {"retry-wait", 0, GT_OPT_VALUE, "SECONDS", "fetch: first wait before a retry (default 1)"},
    {"refresh", 0, GT_OPT_FLAG, NULL, "fetch: ignore cached responses"},
    {"ci-interp", 0, GT_OPT_VALUE, "METHOD",
     "series/fetch: step or linear, for the mean (default step)"},
    {"ci-factors", 0, GT_OPT_VALUE, "DATASET",
     "series: emission factors for a production mix, ipcc-ar5 or codecarbon (default ipcc-ar5)"},
    {"ci-dataset", 0, GT_OPT_VALUE, "NAME", "show: ga-v3.0 (default) or codecarbon"},
    {"format", 'f', GT_OPT_VALUE, "FMT", "table, json or csv (default table)"},
    {"hwdb-file", 0, GT_OPT_LIST, "FILE", "add or override hwdb rows (locations, factors)"},
    GT_OPT_END};

static int write_out(const struct gt_args *a, int (*fn)(FILE *, const void *), const void *ctx)
{
    struct gt_sink sink;
    struct gt_error err = {0};
    const char *path = gt_arg(a, "output");
    if (gt_sink_open(&sink, path, &err) != GT_OK)
        return gt_fail_err(&err);
    if (fn(sink.f, ctx) != 0) {
        gt_sink_abort(&sink);
        return gt_fail(GT_EXIT_DATA, "cannot write '%s'", path ? path : "standard output");
    }
    return gt_sink_commit(&sink, &err) != GT_OK ? gt_fail_err(&err) : GT_EXIT_OK;
}

/* ---- show ------------------------------------------------------------------- */

struct show_ctx {
    const struct gt_hw_location *l;
    enum gt_format fmt;
};

static int show_write(FILE *o, const void *p)
{
    const struct show_ctx *c = p;
    const struct gt_hw_location *l = c->l;
    char b[40];
    if (c->fmt == GT_FMT_JSON) {
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "code", l->code);
        cJSON_AddStringToObject(j, "country", l->country);
        cJSON_AddStringToObject(j, "region", l->region);
        gt_out_json_num(j, "ci_g_per_kwh", l->ci_g_per_kwh);
        if (l->year)
            cJSON_AddNumberToObject(j, "year", l->year);
        else
            cJSON_AddNullToObject(j, "year");
        cJSON_AddStringToObject(j, "dataset", l->dataset);
        cJSON_AddStringToObject(j, "source", l->source);
        return gt_out_json_print(o, j);
    } else if (c->fmt == GT_FMT_CSV) {
        fputs("code,country,region,ci_g_per_kwh,year,dataset,source\n", o);
        gt_out_csv_str(o, l->code, 1);
        gt_out_csv_str(o, l->country, 0);
        gt_out_csv_str(o, l->region, 0);
        gt_out_csv_num(o, l->ci_g_per_kwh);
        gt_out_csv_num(o, l->year ? l->year : NAN);
        gt_out_csv_str(o, l->dataset, 0);
        gt_out_csv_str(o, l->source, 0);
        fputc('\n', o);
    } else {
        fprintf(o, "%s (%s%s%s): %s gCO2e/kWh", l->code, l->region[0] ? l->region : "",
                l->region[0] ? ", " : "", l->country[0] ? l->country : "World",
                gt_num_fmt(l->ci_g_per_kwh, b, sizeof b));
        if (l->year)
            fprintf(o, ", %d", l->year);
        fprintf(o, ", dataset %s\nsource: %s\n", l->dataset, l->source);
        fputs("a static yearly average: --ci-series or 'greentally ci fetch' give the intensity "
              "over time\n",
              o);
    }
    return ferror(o) ? -1 : 0;
}

static int do_show(const struct gt_args *a, enum gt_format fmt)
{
    if (a->npos != 2)
        return gt_fail(GT_EXIT_USAGE, "usage: greentally ci show LOCATION (e.g. FR, US-CA, WORLD)");
    struct gt_hwdb db;
    struct gt_error err = {0};
    size_t i;
    if (gt_load_hwdb(&db, a, &err) != GT_OK ||
        gt_hwdb_find_location(&db, a->pos[1], gt_arg(a, "ci-dataset"), &i, &err) != GT_OK) {
        gt_hwdb_release(&db);
        return gt_fail_err(&err);
    }
    struct show_ctx c = {&db.locations.v[i], fmt};
    int rc = write_out(a, show_write, &c);
    gt_hwdb_release(&db);
    return rc;
}

/* ---- factors ----------------------------------------------------------------- */

static int do_factors(const struct gt_args *a)
{
    const char *ds = gt_arg(a, "ci-factors");
    struct gt_hwdb db;
    struct gt_error err = {0};
    if (gt_load_hwdb(&db, a, &err) != GT_OK) {
        gt_hwdb_release(&db);
        return gt_fail_err(&err);
    }
    char b[40];
    size_t n = 0;
    for (size_t i = 0; i < db.factors.n; i++) {
        const struct gt_hw_factor *f = &db.factors.v[i];
        if (ds && strcasecmp(ds, f->dataset))
            continue;
        printf("%-11s %-11s %8s gCO2e/kWh  %s\n", f->fuel, f->dataset,
               gt_num_fmt(f->g_per_kwh, b, sizeof b), f->source);
        n++;
    }
    gt_hwdb_release(&db);
    if (!n)
        return gt_fail(GT_EXIT_USAGE,
                       "unknown emission-factor dataset '%s' (ipcc-ar5 or codecarbon)", ds);
    return fflush(stdout) ? gt_fail(GT_EXIT_DATA, "cannot write to standard output") : 0;
}

/* ---- series / fetch statistics ------------------------------------------------- */

struct stats_ctx {
    const char *name;
    const struct gt_ci_series *s;
    enum gt_ci_interp m;
    enum gt_format fmt;
};

static int stats_write(FILE *o, const void *p)
{
    const struct stats_ctx *c = p;
    return c->fmt == GT_FMT_JSON  ? gt_ci_write_stats_json(o, c->name, c->s, c->m)
           : c->fmt == GT_FMT_CSV ? gt_ci_write_stats_csv(o, c->name, c->s, c->m)
                                  : gt_ci_write_stats_table(o, c->name, c->s, c->m);
}

static int series_write(FILE *o, const void *p)
{
    return gt_ci_write_series_csv(o, p);
}

static int do_series(const struct gt_args *a, enum gt_format fmt, enum gt_ci_interp m)
{
    if (a->npos != 2)
        return gt_fail(GT_EXIT_USAGE, "usage: greentally ci series FILE");
    struct gt_ci_series s;
    int rc = gt_ci_load_file(a, a->pos[1], &s);
    if (rc)
        return rc;
    struct stats_ctx c = {a->pos[1], &s, m, fmt};
    rc = write_out(a, stats_write, &c);
    gt_ci_series_release(&s);
    return rc;
}

static int parse_time_opt(const struct gt_args *a, const char *name, double *t)
{
    const char *s = gt_arg(a, name);
    enum gt_tz tz;
    if (gt_time_parse(s, strlen(s), t, &tz) != 0)
        return gt_fail(GT_EXIT_USAGE, "cannot parse --%s '%s' (ISO 8601, e.g. 2024-03-31T00:00Z)",
                       name, s);
    if (tz != GT_TZ_UTC && strlen(s) != 10)
        return gt_fail(GT_EXIT_USAGE, "--%s '%s' has no zone: add Z (UTC) or an offset", name, s);
    return 0;
}

/* The token, from --token-file or $ELECTRICITYMAPS_TOKEN, into buf. */
static int read_token(const struct gt_args *a, char *buf, size_t size)
{
    const char *file = gt_arg(a, "token-file");
    const char *env = getenv("ELECTRICITYMAPS_TOKEN");
    buf[0] = '\0';
    if (file) {
        char *data;
        size_t len;
        struct gt_error err = {0};
        if (gt_read_file(file, &data, &len, &err) != GT_OK)
            return gt_fail_err(&err);
        size_t n = strcspn(data, "\r\n");
        if (n >= size) {
            free(data);
            return gt_fail(GT_EXIT_USAGE, "the token in '%s' is too long", file);
        }
        memcpy(buf, data, n);
        buf[n] = '\0';
        memset(data, 0, len);
        free(data);
    } else if (env) {
        if (strlen(env) >= size || strpbrk(env, "\r\n"))
            return gt_fail(GT_EXIT_USAGE, "ELECTRICITYMAPS_TOKEN is malformed");
        snprintf(buf, size, "%s", env);
    }
    char *s = buf;
    while (*s == ' ' || *s == '\t')
        s++;
    memmove(buf, s, strlen(s) + 1);
    for (size_t n = strlen(buf); n && (buf[n - 1] == ' ' || buf[n - 1] == '\t'); n--)
        buf[n - 1] = '\0';
    if (!buf[0])
        return gt_fail(GT_EXIT_USAGE,
                       "electricitymaps needs a token: set ELECTRICITYMAPS_TOKEN or give "
                       "--token-file FILE");
    return 0;
}

static int do_fetch(const struct gt_args *a, enum gt_format fmt, enum gt_ci_interp m)
{
    if (a->npos != 1)
        return gt_fail(GT_EXIT_USAGE, "ci fetch takes no arguments, got '%s'", a->pos[1]);
    struct gt_ci_fetch f;
    memset(&f, 0, sizeof f);
    const char *p = gt_arg(a, "provider");
    if (!p)
        return gt_fail(GT_EXIT_USAGE,
                       "ci fetch needs --provider uk, electricitymaps or energidataservice");
    if (!strcasecmp(p, "uk"))
        f.provider = GT_CI_UK;
    else if (!strcasecmp(p, "electricitymaps"))
        f.provider = GT_CI_ELECTRICITYMAPS;
    else if (!strcasecmp(p, "energidataservice"))
        f.provider = GT_CI_ENERGIDATASERVICE;
    else
        return gt_fail(GT_EXIT_USAGE,
                       "unknown provider '%s' (uk, electricitymaps or energidataservice)", p);
    f.zone = gt_arg(a, "zone");
    if (!f.zone && f.provider == GT_CI_UK)
        f.zone = "national";
    if (!f.zone)
        return gt_fail(GT_EXIT_USAGE, "ci fetch --provider %s needs --zone", p);
    if (f.provider == GT_CI_ENERGIDATASERVICE && strcasecmp(f.zone, "DK1") &&
        strcasecmp(f.zone, "DK2"))
        return gt_fail(GT_EXIT_USAGE, "energidataservice zone '%s': use DK1 or DK2", f.zone);
    for (const char *z = f.zone; *z; z++)
        if (!((*z >= 'A' && *z <= 'Z') || (*z >= 'a' && *z <= 'z') || (*z >= '0' && *z <= '9') ||
              *z == '-' || *z == '_' || *z == ':'))
            return gt_fail(GT_EXIT_USAGE, "zone '%s' has a character URLs cannot hold as is",
                           f.zone);
    int has_from = gt_arg(a, "from") != NULL, has_to = gt_arg(a, "to") != NULL;
    if (has_from != has_to)
        return gt_fail(GT_EXIT_USAGE, "give --from and --to together");
    int rc;
    if (has_from) {
        if ((rc = parse_time_opt(a, "from", &f.from)) || (rc = parse_time_opt(a, "to", &f.to)))
            return rc;
        if (!(f.to > f.from))
            return gt_fail(GT_EXIT_USAGE, "--to must be after --from");
        f.has_range = 1;
    }
    f.latest = gt_arg_flag(a, "latest");
    if (f.latest && (f.provider != GT_CI_ELECTRICITYMAPS || has_from))
        return gt_fail(GT_EXIT_USAGE, "--latest is for electricitymaps, without --from/--to");
    double v;
    int given;
    f.timeout_s = 30;
    if ((rc = gt_opt_number(a, "timeout", &v, &given)))
        return rc;
    if (given && !(v > 0 && v <= 3600))
        return gt_fail(GT_EXIT_USAGE, "--timeout must be in (0, 3600] seconds");
    if (given)
        f.timeout_s = v;
    f.retries = 2;
    if ((rc = gt_opt_number(a, "retries", &v, &given)))
        return rc;
    if (given && !(v >= 0 && v <= 10 && v == floor(v)))
        return gt_fail(GT_EXIT_USAGE, "--retries must be a whole number from 0 to 10");
    if (given)
        f.retries = (int)v;
    f.retry_wait_s = 1;
    if ((rc = gt_opt_number(a, "retry-wait", &v, &given)))
        return rc;
    if (given && !(v >= 0 && v <= 60))
        return gt_fail(GT_EXIT_USAGE, "--retry-wait must be in [0, 60] seconds");
    if (given)
        f.retry_wait_s = v;
    f.api_base = gt_arg(a, "api-base");
    f.use_cache = !gt_arg_flag(a, "refresh");
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    if (xdg && *xdg == '/')
        snprintf(f.cache_dir, sizeof f.cache_dir, "%s/greentally", xdg);
    else if (home && *home)
        snprintf(f.cache_dir, sizeof f.cache_dir, "%s/.cache/greentally", home);
    else
        snprintf(f.cache_dir, sizeof f.cache_dir, ".greentally-cache");
    char token[512];
    if (f.provider == GT_CI_ELECTRICITYMAPS) {
        if ((rc = read_token(a, token, sizeof token)))
            return rc;
        f.token = token;
    }
    struct gt_ci_series s;
    gt_ci_series_init(&s);
    rc = gt_ci_fetch_run(&f, &s);
    memset(token, 0, sizeof token);
    if (rc) {
        gt_ci_series_release(&s);
        return rc;
    }
    char name[200], span[96];
    snprintf(name, sizeof name, "%s %s", p, f.zone);
    if (f.forecasts)
        gt_warn("%ld of %zu periods have no actual value yet: their forecast is used", f.forecasts,
                s.n);
    if (gt_arg(a, "output")) {
        rc = write_out(a, series_write, &s);
        if (!rc)
            fprintf(
                stderr,
                "greentally: wrote %zu points (%s) to '%s' (%ld requests, %ld from the cache)\n",
                s.n, gt_ci_span(&s, span, sizeof span), gt_arg(a, "output"), f.requests, f.cached);
    } else {
        struct stats_ctx c = {name, &s, m, fmt};
        rc = write_out(a, stats_write, &c);
        if (!rc)
            fprintf(stderr, "greentally: %ld requests, %ld from the cache ('%s')\n", f.requests,
                    f.cached, f.cache_dir);
    }
    gt_ci_series_release(&s);
    return rc;
}

static int run(struct gt_args *a)
{
    if (a->npos == 0)
        return gt_fail(GT_EXIT_USAGE, "ci needs a subcommand: show, series, fetch or factors");
    enum gt_format fmt;
    if (gt_opt_format(a, &fmt))
        return GT_EXIT_USAGE;
    enum gt_ci_interp m = GT_CI_STEP;
    const char *mi = gt_arg(a, "ci-interp");
    if (mi && gt_ci_interp_parse(mi, &m) != 0)
        return gt_fail(GT_EXIT_USAGE, "unknown --ci-interp '%s' (step or linear)", mi);
    const char *sub = a->pos[0];
    if (!strcmp(sub, "show"))
        return do_show(a, fmt);
    if (!strcmp(sub, "series"))
        return do_series(a, fmt, m);
    if (!strcmp(sub, "fetch"))
        return do_fetch(a, fmt, m);
    if (!strcmp(sub, "factors"))
        return do_factors(a);
    return gt_fail(GT_EXIT_USAGE, "unknown ci subcommand '%s' (show, series, fetch or factors)",
                   sub);
}

const struct cmd_entry gt_cmd_ci = {
    "ci",
    "show LOCATION | series FILE | fetch --provider P --zone Z [--from T --to T] [-o FILE] | "
    "factors  [options]",
    "Carbon intensity of electricity, static or over time: a location's value, the statistics of a "
    "series, "
    "and series fetched from live providers (UK Carbon Intensity API, Electricity Maps, Energi "
    "Data Service).",
    "'show' prints a location's yearly average with its year and source. 'series' reads a series "
    "file (timestamp,carbon_intensity_g_per_kwh; an Electricity Maps export; or a production mix "
    "in MW per source, times the emission factors 'factors' lists) and prints its coverage, gaps "
    "and min/mean/max. 'fetch' downloads a series (the network is used only here); responses of "
    "ranges that have ended are cached under $XDG_CACHE_HOME/greentally/ and later fetches of "
    "the same range are offline. Timeouts, retries with doubling waits on HTTP 429/5xx, TLS "
    "verification on; the Electricity Maps token is sent in a header and never printed. With -o "
    "the series is written as CSV for --ci-series. See docs/ci.md.\n"
    "Exit status: 0 ok, 1 usage error, 2 data error (unreadable series, provider error, "
    "offline).",
    options,
    run,
};
