#include <cJSON.h>
#include <math.h>
#include <stdlib.h>

#include "gt_ci_out.h"
#include "gt_duration.h"
#include "gt_num.h"
#include "gt_out.h"
#include "gt_time.h"

int gt_ci_write_series_csv(FILE *o, const struct gt_ci_series *s)
{
    char tb[40];
    fputs("timestamp,carbon_intensity_g_per_kwh,zone\n", o);
    for (size_t i = 0; i < s->n; i++) {
        const struct gt_ci_point *p = &s->p[i];
        fputs(gt_time_fmt(p->t, 1, tb, sizeof tb), o);
        gt_out_csv_num(o, p->v);
        gt_out_csv_str(o, s->zone, 0);
        fputc('\n', o);
        if (i + 1 < s->n && s->p[i + 1].t > p->end) {
            fputs(gt_time_fmt(p->end, 1, tb, sizeof tb), o);
            fputc(',', o);
            gt_out_csv_str(o, s->zone, 0);
            fputc('\n', o);
        }
    }
    return ferror(o) ? -1 : 0;
}

static const char *num(double v, char *buf, size_t size)
{
    if (isnan(v))
        return "-";
    return gt_num_fmt(round(v * 1000) / 1000, buf, size);
}

int gt_ci_write_stats_table(FILE *o, const char *name, const struct gt_ci_series *s,
                            enum gt_ci_interp m)
{
    struct gt_ci_stats st;
    gt_ci_series_stats(s, m, &st);
    char a[40], b[40], c[40], d[40];
    fprintf(o, "series     %s\n", name);
    fprintf(o, "format     %s%s%s\n", s->format, s->detail[0] ? ": " : "", s->detail);
    fprintf(o, "zone       %s\n", s->zone[0] ? s->zone : "(not given)");
    fprintf(o, "points     %zu (%zu with a value), every %s\n", st.points, st.values,
            isnan(st.interval_s) ? "-" : gt_duration_fmt(st.interval_s, a, sizeof a));
    fprintf(o, "coverage   %s to %s (%s), %s with a value, %zu gap%s\n",
            isnan(st.first) ? "-" : gt_time_fmt(st.first, 1, a, sizeof a),
            isnan(st.last) ? "-" : gt_time_fmt(st.last, 1, b, sizeof b),
            isnan(st.first) ? "-" : gt_duration_fmt(st.last - st.first, c, sizeof c),
            gt_duration_fmt(st.covered_s, d, sizeof d), st.gaps, st.gaps == 1 ? "" : "s");
    fprintf(o, "intensity  min %s, mean %s (time-weighted, %s), max %s gCO2e/kWh\n",
            num(st.min, a, sizeof a), num(st.mean, b, sizeof b), gt_ci_interp_name(m),
            num(st.max, c, sizeof c));
    if (s->rows_negative)
        fprintf(o,
                "note       %ld negative MW cells (storage, exports) not counted as production\n",
                s->rows_negative);
    return ferror(o) ? -1 : 0;
}

static void add_time(cJSON *o, const char *k, double t)
{
    char tb[40];
    if (isnan(t))
        cJSON_AddNullToObject(o, k);
    else
        cJSON_AddStringToObject(o, k, gt_time_fmt(t, 1, tb, sizeof tb));
}

int gt_ci_write_stats_json(FILE *out, const char *name, const struct gt_ci_series *s,
                           enum gt_ci_interp m)
{
    struct gt_ci_stats st;
    gt_ci_series_stats(s, m, &st);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "series", name);
    cJSON_AddStringToObject(o, "format", s->format);
    cJSON_AddStringToObject(o, "detail", s->detail);
    cJSON_AddStringToObject(o, "zone", s->zone);
    cJSON_AddNumberToObject(o, "points", (double)st.points);
    cJSON_AddNumberToObject(o, "values", (double)st.values);
    gt_out_json_num(o, "interval_s", st.interval_s);
    add_time(o, "from", st.first);
    add_time(o, "to", st.last);
    gt_out_json_num(o, "covered_s", st.covered_s);
    cJSON_AddNumberToObject(o, "gaps", (double)st.gaps);
    gt_out_json_num(o, "min_g_per_kwh", st.min);
    gt_out_json_num(o, "mean_g_per_kwh", st.mean);
    gt_out_json_num(o, "max_g_per_kwh", st.max);
    cJSON_AddStringToObject(o, "interpolation", gt_ci_interp_name(m));
    cJSON_AddNumberToObject(o, "negative_mw_cells", (double)s->rows_negative);
    return gt_out_json_print(out, o);
}

int gt_ci_write_stats_csv(FILE *o, const char *name, const struct gt_ci_series *s,
                          enum gt_ci_interp m)
{
    struct gt_ci_stats st;
    gt_ci_series_stats(s, m, &st);
    char a[40], b[40];
    fputs("series,format,zone,points,values,interval_s,from,to,covered_s,gaps,min_g_per_kwh,"
          "mean_g_per_kwh,max_g_per_kwh,interpolation\n",
          o);
    gt_out_csv_str(o, name, 1);
    gt_out_csv_str(o, s->format, 0);
    gt_out_csv_str(o, s->zone, 0);
    fprintf(o, ",%zu,%zu", st.points, st.values);
    gt_out_csv_num(o, st.interval_s);
    gt_out_csv_str(o, isnan(st.first) ? "" : gt_time_fmt(st.first, 1, a, sizeof a), 0);
    gt_out_csv_str(o, isnan(st.last) ? "" : gt_time_fmt(st.last, 1, b, sizeof b), 0);
    gt_out_csv_num(o, st.covered_s);
    fprintf(o, ",%zu", st.gaps);
    gt_out_csv_num(o, st.min);
    gt_out_csv_num(o, st.mean);
    gt_out_csv_num(o, st.max);
    gt_out_csv_str(o, gt_ci_interp_name(m), 0);
    fputc('\n', o);
    return ferror(o) ? -1 : 0;
}
