/* log_ga_export.c - the Green Algorithms calculator's CSV export
 * ("GreenAlgorithms_results_{|AI_}{YYYY-mm-dd_HH-MM-SS}.csv"): ';'-separated,
 * a header and one row (several rows are read as several runs).
 *
 * The column set is reconstructed, not copied from a real export: our notes
 * (notes/green-algorithms.md, "CSV export") list the form inputs (the
 * calculator's URL parameter names: runTime_hour, runTime_min,
 * locationContinent, locationCountry, locationRegion, coreType, numberCPUs,
 * CPUmodel, tdpCPU, numberGPUs, GPUmodel, tdpGPU, memory, platformType,
 * provider, usageCPU, usageGPU, PUE, PSF/mult_factor, appVersion...) plus
 * energy_needed (kWh), carbonEmissions (gCO2e), CE_* (gCO2e), power_needed
 * (W), runTime (h) and carbonIntensity (gCO2e/kWh). The app writes every
 * value with Python's str(), so an unset field reads "None". Columns are
 * matched by name, case-insensitively; every column not mapped to a record
 * field is kept in extras, in file order. */
#include "gt_text.h"
#include "gt_csv.h"
#include "gt_logs.h"
#include "gt_num.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum {
    G_ENERGY,
    G_CO2,
    G_RUNTIME,
    G_RT_HOUR,
    G_RT_MIN,
    G_CI,
    G_PUE,
    G_VERSION,
    G_CORE_TYPE, /* read, and kept in extras */
    G_CPU_MODEL,
    G_NCPU,
    G_GPU_MODEL,
    G_NGPU,
    G_MEMORY,
    G_COUNTRY,
    G_REGION,
    G__N
};

static const char *const col_names[G__N] = {
    "energy_needed",
    "carbonEmissions",
    "runTime",
    "runTime_hour",
    "runTime_min",
    "carbonIntensity",
    "PUE",
    "appVersion",
    "coreType",
    "CPUmodel",
    "numberCPUs",
    "GPUmodel",
    "numberGPUs",
    "memory",
    "locationCountry",
    "locationRegion",
};

/* Empty or Python's None. */
static int is_unset(const char *s, size_t n)
{
    return n == 0 || (n == 4 && strncmp(s, "None", 4) == 0);
}

/* A numeric cell: Python's None reads as empty (see gt_parse_num); a decimal
 * comma (a spreadsheet re-save) is read as a point. */
static int num_cell(const struct gt_parse_ctx *ctx, long line, const char *name, const char *s,
                    int required, double *out)
{
    size_t n = strlen(s);
    gt_trim(&s, &n);
    if (is_unset(s, n))
        n = 0;
    const char *comma = n ? memchr(s, ',', n) : NULL;
    char tmp[64];
    if (comma && n < sizeof tmp && !memchr(s, '.', n) &&
        !memchr(comma + 1, ',', n - (size_t)(comma + 1 - s))) {
        memcpy(tmp, s, n);
        tmp[comma - s] = '.';
        if (gt_num_parse(tmp, n, out) == 0)
            s = tmp;
    }
    return gt_parse_num(ctx, line, name, s, n, required, out);
}

/* A text cell: trimmed, "" when unset. */
static const char *text_cell(const struct gt_csv_row *r, int idx)
{
    char *s = gt_trim_mut(gt_row_cell(r, idx));
    return is_unset(s, strlen(s)) ? "" : s;
}

static enum gt_status ga_row(const struct gt_parse_ctx *ctx, const int *col,
                             const struct gt_csv_row *hdr, const int *known,
                             const struct gt_csv_row *r, struct gt_kv *kv)
{
    long line = r->line;
    if (gt_parse_check_width(ctx, hdr, r))
        return GT_OK;
    struct gt_record rec;
    gt_record_init(&rec);
    rec.file = ctx->file ? ctx->file : "";
    rec.line = line;
    rec.format = "green-algorithms-csv";
    rec.tool = GT_TOOL_GREEN_ALGORITHMS;

    double runtime, hours, minutes;
    if (num_cell(ctx, line, col_names[G_ENERGY], gt_row_cell(r, col[G_ENERGY]), 1,
                 &rec.energy_kwh) ||
        num_cell(ctx, line, col_names[G_CO2], gt_row_cell(r, col[G_CO2]), 0, &rec.co2e_g) ||
        num_cell(ctx, line, col_names[G_RUNTIME], gt_row_cell(r, col[G_RUNTIME]), 0, &runtime) ||
        num_cell(ctx, line, col_names[G_RT_HOUR], gt_row_cell(r, col[G_RT_HOUR]), 0, &hours) ||
        num_cell(ctx, line, col_names[G_RT_MIN], gt_row_cell(r, col[G_RT_MIN]), 0, &minutes) ||
        num_cell(ctx, line, col_names[G_CI], gt_row_cell(r, col[G_CI]), 0, &rec.ci_g_per_kwh) ||
        num_cell(ctx, line, col_names[G_PUE], gt_row_cell(r, col[G_PUE]), 0, &rec.pue) ||
        num_cell(ctx, line, col_names[G_NCPU], gt_row_cell(r, col[G_NCPU]), 0, &rec.cpu_count) ||
        num_cell(ctx, line, col_names[G_NGPU], gt_row_cell(r, col[G_NGPU]), 0, &rec.gpu_count) ||
        num_cell(ctx, line, col_names[G_MEMORY], gt_row_cell(r, col[G_MEMORY]), 0, &rec.ram_gb))
        return GT_OK;
    if (!isnan(runtime))
        rec.duration_s = runtime * 3600.0;
    else if (!isnan(hours) || !isnan(minutes))
        rec.duration_s =
            (isnan(hours) ? 0 : hours) * 3600.0 + (isnan(minutes) ? 0 : minutes) * 60.0;

    rec.tool_version = text_cell(r, col[G_VERSION]);
    rec.cpu_model = text_cell(r, col[G_CPU_MODEL]);
    rec.gpu_model = text_cell(r, col[G_GPU_MODEL]);
    rec.country = text_cell(r, col[G_COUNTRY]);
    rec.region = text_cell(r, col[G_REGION]);

    /* The form keeps the other core type's fields when coreType excludes it
     * (e.g. the prefilled GPU with coreType CPU): those hardware fields were
     * not used, so they stay in extras only. */
    const char *core = text_cell(r, col[G_CORE_TYPE]);
    int cpu_unused = strcasecmp(core, "GPU") == 0;
    int gpu_unused = strcasecmp(core, "CPU") == 0;
    if (cpu_unused) {
        rec.cpu_model = "";
        rec.cpu_count = 0;
    }
    if (gpu_unused) {
        rec.gpu_model = "";
        rec.gpu_count = 0;
    }

    size_t nkv = 0;
    for (size_t j = 0; j < hdr->n; j++) {
        int c = known[j];
        int keep = c < 0 || c == G_CORE_TYPE || (cpu_unused && (c == G_CPU_MODEL || c == G_NCPU)) ||
                   (gpu_unused && (c == G_GPU_MODEL || c == G_NGPU));
        if (keep) {
            kv[nkv].key = hdr->cells[j];
            kv[nkv++].value = gt_row_cell(r, (int)j);
        }
    }
    rec.extras = kv;
    rec.nextras = nkv;
    return ctx->emit(ctx->ud, &rec);
}

/* Parses a Green Algorithms CSV export; one record per data row. Strings in
 * the records are borrowed from the parsed table for the emit call only;
 * nothing allocated here outlives the call. */
enum gt_status gt_ga_export_parse(const char *data, size_t len, const struct gt_parse_ctx *ctx,
                                  struct gt_error *err)
{
    struct gt_csv t;
    const char *name = ctx->file ? ctx->file : "";
    enum gt_status st = gt_csv_parse(data, len, ';', name, &t, err);
    if (st != GT_OK)
        return st;
    if (t.nrows < 2) {
        gt_csv_release(&t);
        return GT_OK;
    }
    const struct gt_csv_row *hdr = &t.rows[0];
    int col[G__N];
    int *known = malloc(hdr->n * sizeof *known);
    struct gt_kv *kv = malloc(hdr->n * sizeof *kv);
    if (!known || !kv) {
        st = gt_error_set(err, GT_E_NOMEM, "out of memory reading '%s'", name);
        goto out;
    }
    for (size_t j = 0; j < hdr->n; j++)
        known[j] = -1;
    for (int c = 0; c < G__N; c++) {
        col[c] = gt_csv_col(hdr, col_names[c]);
        if (col[c] >= 0)
            known[col[c]] = c;
    }
    for (size_t i = 1; i < t.nrows && st == GT_OK; i++)
        st = ga_row(ctx, col, hdr, known, &t.rows[i], kv);
out:
    free(known);
    free(kv);
    gt_csv_release(&t);
    return st;
}

/* Case-insensitive search of needle in s[0..n). */
static int has_ci(const char *s, size_t n, const char *needle)
{
    size_t k = strlen(needle);
    for (size_t i = 0; k <= n && i <= n - k; i++)
        if (strncasecmp(s + i, needle, k) == 0)
            return 1;
    return 0;
}

/* 1 when the first line of head is ';'-separated and names energy_needed and
 * carbonEmissions. Pure; keeps nothing. */
int gt_ga_export_sniff(const char *head, size_t len)
{
    if (len >= 3 && (unsigned char)head[0] == 0xEF && (unsigned char)head[1] == 0xBB &&
        (unsigned char)head[2] == 0xBF) {
        head += 3;
        len -= 3;
    }
    const char *nl = memchr(head, '\n', len);
    size_t ll = nl ? (size_t)(nl - head) : len;
    return memchr(head, ';', ll) != NULL && has_ci(head, ll, "energy_needed") &&
           has_ci(head, ll, "carbonEmissions");
}
