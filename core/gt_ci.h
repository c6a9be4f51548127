/* gt_ci.h - carbon intensity that changes over time: a series of values, its
 * parsing from bytes (series CSV, Electricity Maps' CSV export, a production
 * mix times per-source emission factors, the providers' JSON responses) and
 * time-weighted averages over an interval. Pure: no I/O.
 *
 * A series is a list of points sorted by time; point i says the intensity is
 * v over [t, end). Points never overlap; time between points that no point
 * covers (or a point whose value is NAN) is a gap. With step interpolation
 * the value is constant over [t, end). With linear interpolation the value
 * goes linearly from point i to point i+1 when i ends where i+1 starts and
 * both values are known; otherwise (the last point of a stretch) it holds. So
 * both methods cover exactly the same time. */
#ifndef GT_CI_H
#define GT_CI_H

#include <stddef.h>

#include "gt_error.h"

enum gt_ci_interp { GT_CI_STEP = 0, GT_CI_LINEAR };
/* "step", "linear". */
const char *gt_ci_interp_name(enum gt_ci_interp m);
/* 0 and *m on "step"/"linear" (case-insensitive), -1 otherwise. */
int gt_ci_interp_parse(const char *s, enum gt_ci_interp *m);

struct gt_ci_point {
    double t;   /* seconds since 1970-01-01 UTC */
    double end; /* the value holds until here (exclusive); NAN until finished */
    double v;   /* gCO2e/kWh; NAN: no data over [t, end) */
};

struct gt_ci_series {
    struct gt_ci_point *p; /* sorted by t, non-overlapping (after finish) */
    size_t n, cap;
    char zone[64];      /* zone the series is for, "" when not said */
    const char *format; /* static name of the input format, see gt_ci_series_parse_csv */
    char detail[200];   /* how values were read, e.g. "life-cycle column"; may be "" */
    long rows_empty;    /* rows without a value (each starts a gap) */
    long rows_negative; /* production mix: negative MW cells counted as 0 */
    double interval_s;  /* nominal interval (median spacing), NAN when unknown */
};

/* An emission factor of one production source (hwdb emission_factors). */
struct gt_ci_factor {
    const char *fuel;    /* "nuclear", "gas", ... */
    const char *aliases; /* '|'-separated other column names, may be "" */
    double g_per_kwh;
};
struct gt_ci_factors {
    const struct gt_ci_factor *v;
    size_t n;
    const char *dataset; /* named in the series' detail */
};

void gt_ci_series_init(struct gt_ci_series *s);
/* Frees the points (the struct is the caller's). */
void gt_ci_series_release(struct gt_ci_series *s);

/* Appends a point; end NAN = derived by gt_ci_series_finish. */
enum gt_status gt_ci_series_add(struct gt_ci_series *s, double t, double end, double v);

/* Sorts the points, rejects duplicate timestamps and overlaps, and gives each
 * point without an end one: the next point's start, but at most the nominal
 * interval (the median spacing of the points), so a longer spacing is a gap
 * rather than a value held for hours. A series of one point without an end
 * is an error (how long it holds is unknown). `name` is for messages. */
enum gt_status gt_ci_series_finish(struct gt_ci_series *s, const char *name, struct gt_error *err);

/* Parses a CSV series (appending to out, then finishing it). Formats, told
 * apart by the header:
 *   "series-csv": timestamp,carbon_intensity_g_per_kwh[,zone] (timestamps
 *     must carry Z or an offset);
 *   "electricitymaps-csv": Electricity Maps' export ("Datetime (UTC)", "Zone
 *     Id", "Carbon Intensity gCO2eq/kWh (LCA)" or "(direct)": the life-cycle
 *     column when present, as their API's default);
 *   "production-mix": timestamp + one column per production source in MW
 *     (names of the factors or their aliases, an optional _mw suffix);
 *     intensity = sum(factor x MW) / sum(MW). Needs f (else an error).
 * Empty value cells are gaps. Errors name the file and line. */
enum gt_status gt_ci_series_parse_csv(const char *data, size_t len, const char *name,
                                      const struct gt_ci_factors *f, struct gt_ci_series *out,
                                      struct gt_error *err);

struct gt_ci_avg {
    double mean;      /* time-weighted mean over the covered part; NAN when none */
    double covered_s; /* seconds of [a, b] the series covers */
    double coverage;  /* covered_s / (b - a) in [0, 1]; for a == b 1 or 0 */
};

/* The time-weighted average of s over [a, b] (a <= b; a == b gives the value
 * at a). */
void gt_ci_series_average(const struct gt_ci_series *s, double a, double b, enum gt_ci_interp m,
                          struct gt_ci_avg *out);

struct gt_ci_stats {
    size_t points, values; /* points, points with a value */
    double first, last;    /* coverage from the first start to the last end; NAN when empty */
    double covered_s;      /* seconds with a value */
    size_t gaps;           /* stretches without a value between first and last */
    double min, max, mean; /* mean time-weighted over [first, last] */
    double interval_s;     /* nominal interval */
};
void gt_ci_series_stats(const struct gt_ci_series *s, enum gt_ci_interp m, struct gt_ci_stats *st);

/* ---- provider responses (ci_providers.c) --------------------------------- */

/* UK National Grid ESO Carbon Intensity API: national
 * {"data":[{"from","to","intensity":{"forecast","actual"}}]} or regional /
 * postcode {"data":[{"regionid",...,"data":[...]}]} (also as an object).
 * "actual" is used when known, else "forecast" (counted in *forecasts when
 * not NULL). Appends to out (call gt_ci_series_finish after the last page). */
enum gt_status gt_ci_parse_uk(const char *body, size_t len, struct gt_ci_series *out,
                              long *forecasts, struct gt_error *err);

/* Electricity Maps API v3: carbon-intensity latest {"zone","carbonIntensity",
 * "datetime"}, history {"zone","history":[...]} or past-range
 * {"zone","data":[...]}. Each value holds one hour. Appends. */
enum gt_status gt_ci_parse_electricitymaps(const char *body, size_t len, struct gt_ci_series *out,
                                           struct gt_error *err);

/* Energi Data Service dataset CO2Emis: {"records":[{"Minutes5UTC",
 * "PriceArea","CO2Emission"}]}; records of `area` (DK1 or DK2) only, each
 * holding 5 minutes. Appends. */
enum gt_status gt_ci_parse_energidataservice(const char *body, size_t len, const char *area,
                                             struct gt_ci_series *out, struct gt_error *err);

#endif
