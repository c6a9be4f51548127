/* Provider response bodies -> series points (pure; the fetching is in cli/). */
#include <cJSON.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "gt_ci.h"
#include "gt_time.h"

static enum gt_status bad(struct gt_error *err, const char *provider, const char *what)
{
    return gt_error_set(err, GT_E_PARSE, "unexpected %s response: %s", provider, what);
}

static cJSON *parse_body(const char *body, size_t len, const char *provider, struct gt_error *err)
{
    cJSON *root = cJSON_ParseWithLength(body, len);
    if (!root)
        bad(err, provider, "not JSON");
    return root;
}

/* A body without the expected data: the provider's own message (the string
 * at key k, else k2) when it has one, else `what`. */
static enum gt_status api_error(const cJSON *o, const char *k, const char *k2, const char *provider,
                                const char *what, struct gt_error *err)
{
    const cJSON *m = o ? cJSON_GetObjectItemCaseSensitive(o, k) : NULL;
    if (!cJSON_IsString(m) && o && k2)
        m = cJSON_GetObjectItemCaseSensitive(o, k2);
    if (cJSON_IsString(m) && m->valuestring)
        return gt_error_set(err, GT_E_DATA, "%s error: %.200s", provider, m->valuestring);
    return bad(err, provider, what);
}

/* A timestamp string (with or without zone: providers' fields are UTC). */
static int get_time(const cJSON *o, const char *k, double *t)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, k);
    enum gt_tz tz;
    if (!cJSON_IsString(x) || !x->valuestring)
        return -1;
    return gt_time_parse(x->valuestring, strlen(x->valuestring), t, &tz);
}

/* A number >= 0, or NAN for null/absent; -1 for anything else. */
static int get_value(const cJSON *o, const char *k, double *v)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, k);
    *v = NAN;
    if (!x || cJSON_IsNull(x))
        return 0;
    if (!cJSON_IsNumber(x) || !isfinite(x->valuedouble) || x->valuedouble < 0)
        return -1;
    *v = x->valuedouble;
    return 0;
}

static enum gt_status uk_periods(const cJSON *arr, struct gt_ci_series *out, long *forecasts,
                                 struct gt_error *err)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, arr)
    {
        double from, to, actual, forecast;
        const cJSON *in = cJSON_GetObjectItemCaseSensitive(it, "intensity");
        if (get_time(it, "from", &from) || get_time(it, "to", &to) || !cJSON_IsObject(in) ||
            get_value(in, "actual", &actual) || get_value(in, "forecast", &forecast) ||
            !(to > from))
            return bad(err, "Carbon Intensity API", "a period without from, to and intensity");
        double v = actual;
        if (isnan(v) && !isnan(forecast)) {
            v = forecast;
            if (forecasts)
                (*forecasts)++;
        }
        if (gt_ci_series_add(out, from, to, v) != GT_OK)
            return gt_error_set(err, GT_E_NOMEM, "out of memory");
    }
    return GT_OK;
}

enum gt_status gt_ci_parse_uk(const char *body, size_t len, struct gt_ci_series *out,
                              long *forecasts, struct gt_error *err)
{
    const char *P = "Carbon Intensity API";
    cJSON *root = parse_body(body, len, P, err);
    if (!root)
        return GT_E_PARSE;
    enum gt_status st = GT_OK;
    const cJSON *data = cJSON_GetObjectItemCaseSensitive(root, "data");
    if (!out->format[0])
        out->format = "uk-carbonintensity";
    if (cJSON_IsObject(data)) { /* one region */
        const cJSON *reg = data;
        const cJSON *inner = cJSON_GetObjectItemCaseSensitive(reg, "data");
        if (!cJSON_IsArray(inner))
            st = bad(err, P, "a region without data");
        else {
            const cJSON *sn = cJSON_GetObjectItemCaseSensitive(reg, "shortname");
            if (cJSON_IsString(sn) && sn->valuestring && !out->zone[0])
                snprintf(out->zone, sizeof out->zone, "GB %s", sn->valuestring);
            st = uk_periods(inner, out, forecasts, err);
        }
    } else if (cJSON_IsArray(data)) {
        const cJSON *it;
        cJSON_ArrayForEach(it, data)
        {
            const cJSON *inner = cJSON_GetObjectItemCaseSensitive(it, "data");
            if (cJSON_IsArray(inner)) { /* regional: one object per region */
                const cJSON *sn = cJSON_GetObjectItemCaseSensitive(it, "shortname");
                if (cJSON_IsString(sn) && sn->valuestring && !out->zone[0])
                    snprintf(out->zone, sizeof out->zone, "GB %s", sn->valuestring);
                st = uk_periods(inner, out, forecasts, err);
            } else {
                cJSON *one = cJSON_CreateArray();
                if (!one) {
                    st = gt_error_set(err, GT_E_NOMEM, "out of memory");
                    break;
                }
                cJSON_AddItemReferenceToArray(one, (cJSON *)it);
                st = uk_periods(one, out, forecasts, err);
                cJSON_Delete(one);
                if (!out->zone[0])
                    snprintf(out->zone, sizeof out->zone, "GB");
            }
            if (st != GT_OK)
                break;
        }
    } else {
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(root, "error");
        st = api_error(cJSON_IsObject(e) ? e : NULL, "message", NULL, P, "no data array", err);
    }
    cJSON_Delete(root);
    return st;
}

static enum gt_status em_point(const cJSON *it, struct gt_ci_series *out, struct gt_error *err)
{
    double t, v;
    if (get_time(it, "datetime", &t) || get_value(it, "carbonIntensity", &v))
        return bad(err, "Electricity Maps", "an entry without datetime and carbonIntensity");
    const cJSON *z = cJSON_GetObjectItemCaseSensitive(it, "zone");
    if (cJSON_IsString(z) && z->valuestring && !out->zone[0])
        snprintf(out->zone, sizeof out->zone, "%s", z->valuestring);
    const cJSON *ef = cJSON_GetObjectItemCaseSensitive(it, "emissionFactorType");
    if (cJSON_IsString(ef) && ef->valuestring && !out->detail[0])
        snprintf(out->detail, sizeof out->detail, "Electricity Maps API, %s emission factors",
                 ef->valuestring);
    if (gt_ci_series_add(out, t, t + 3600.0, v) != GT_OK)
        return gt_error_set(err, GT_E_NOMEM, "out of memory");
    return GT_OK;
}

enum gt_status gt_ci_parse_electricitymaps(const char *body, size_t len, struct gt_ci_series *out,
                                           struct gt_error *err)
{
    const char *P = "Electricity Maps";
    cJSON *root = parse_body(body, len, P, err);
    if (!root)
        return GT_E_PARSE;
    enum gt_status st = GT_OK;
    out->format = "electricitymaps-api";
    const cJSON *z = cJSON_GetObjectItemCaseSensitive(root, "zone");
    if (cJSON_IsString(z) && z->valuestring && !out->zone[0])
        snprintf(out->zone, sizeof out->zone, "%s", z->valuestring);
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "history");
    if (!arr)
        arr = cJSON_GetObjectItemCaseSensitive(root, "data");
    if (cJSON_IsArray(arr)) {
        const cJSON *it;
        cJSON_ArrayForEach(it, arr)
        {
            if ((st = em_point(it, out, err)) != GT_OK)
                break;
        }
    } else if (cJSON_GetObjectItemCaseSensitive(root, "carbonIntensity")) {
        st = em_point(root, out, err);
    } else {
        st = api_error(root, "message", "error", P, "neither history, data nor carbonIntensity",
                       err);
    }
    cJSON_Delete(root);
    return st;
}

enum gt_status gt_ci_parse_energidataservice(const char *body, size_t len, const char *area,
                                             struct gt_ci_series *out, struct gt_error *err)
{
    const char *P = "Energi Data Service";
    cJSON *root = parse_body(body, len, P, err);
    if (!root)
        return GT_E_PARSE;
    enum gt_status st = GT_OK;
    out->format = "energidataservice";
    if (!out->zone[0])
        snprintf(out->zone, sizeof out->zone, "%s", area);
    const cJSON *recs = cJSON_GetObjectItemCaseSensitive(root, "records");
    if (!cJSON_IsArray(recs)) {
        st = api_error(root, "message", NULL, P, "no records array", err);
        cJSON_Delete(root);
        return st;
    }
    const cJSON *it;
    cJSON_ArrayForEach(it, recs)
    {
        const cJSON *pa = cJSON_GetObjectItemCaseSensitive(it, "PriceArea");
        if (!cJSON_IsString(pa) || !pa->valuestring) {
            st = bad(err, P, "a record without PriceArea");
            break;
        }
        if (strcasecmp(pa->valuestring, area) != 0)
            continue;
        double t, v;
        if (get_time(it, "Minutes5UTC", &t) || get_value(it, "CO2Emission", &v)) {
            st = bad(err, P, "a record without Minutes5UTC and CO2Emission");
            break;
        }
        if (gt_ci_series_add(out, t, t + 300.0, v) != GT_OK) {
            st = gt_error_set(err, GT_E_NOMEM, "out of memory");
            break;
        }
    }
    if (st == GT_OK && !out->detail[0])
        snprintf(out->detail, sizeof out->detail, "Energinet CO2Emis, %s, 5-minute values", area);
    cJSON_Delete(root);
    return st;
}
