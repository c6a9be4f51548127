#include "gt_predict_out.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <string.h>

#include "gt_duration.h"
#include "gt_format.h"
#include "gt_num.h"
#include "gt_out.h"

static const char *const method_text =
    "mean energy per %s x the %s still to run, added to what was measured (carbontracker's "
    "method, Anthony et al. 2020); the range takes the least and the most energy of one %s "
    "measured";

/* Text from a log or the command line for the terminal: control bytes
 * (escape sequences) become '?'. */
static void term_safe(const char *s, char *out, size_t n)
{
    size_t k = 0;
    for (; s && *s && k + 1 < n; s++)
        out[k++] = ((unsigned char)*s < 0x20 || *s == 0x7f) ? '?' : *s;
    out[k] = '\0';
}

static int epochs(const struct gt_predict_doc *d)
{
    return !strcmp(d->log->unit, "epoch");
}

int gt_predict_write_table(FILE *o, const struct gt_predict_doc *d)
{
    const struct gt_predict_result *r = &d->res;
    const struct gt_predict_log *l = d->log;
    char b1[64], b2[64], b3[64];
    const char *unit = d->mode == GT_PREDICT_DURATION ? "second" : l->unit;
    const char *units = d->mode == GT_PREDICT_DURATION ? "seconds" : "";
    char plural[32];
    snprintf(plural, sizeof plural, "%ss", l->unit);
    if (!*units)
        units = plural;
    fprintf(o, "greentally %s predict: a partial run extrapolated to its full length\n\n",
            d->tool_version);
    char esc[512];
    term_safe(d->path, esc, sizeof esc);
    fprintf(o, "  %-12s %s (%s", "log", esc, l->format);
    if (d->pair) {
        term_safe(d->pair, esc, sizeof esc);
        fprintf(o, ", with %s", esc);
    }
    term_safe(l->run, esc, sizeof esc);
    fprintf(o, "), run %s%s\n", esc, l->runs > 1 ? " (the last of the file's runs)" : "");
    fprintf(o, "  %-12s %zu %s: %s, %s\n", "measured", r->based_on,
            r->based_on == 1 ? l->unit : l->units, gt_duration_fmt(r->measured_s, b1, sizeof b1),
            gt_format_energy(r->measured_kwh, b2, sizeof b2));
    if (d->mode == GT_PREDICT_DURATION)
        fprintf(o, "  %-12s %s (%s)\n", "full run", gt_duration_fmt(d->target, b1, sizeof b1),
                d->target_from);
    else
        fprintf(o, "  %-12s %s %s (%s)\n", "full run", gt_num_fmt(d->target, b1, sizeof b1),
                l->units, d->target_from);
    fprintf(o, "  %-12s ", "method");
    fprintf(o, method_text, unit, units, l->unit);
    fputc('\n', o);
    if (isnan(l->pue))
        fprintf(o, "  %-12s as the log applied it (not stated in the log)\n", "PUE");
    else
        fprintf(o, "  %-12s %s, as the log applied it\n", "PUE", gt_num_fmt(l->pue, b1, 32));
    if (l->rejected) {
        term_safe(d->path, esc, sizeof esc);
        fprintf(o, "  %-12s %ld could not be used (the first at %s:%ld)\n", "rows", l->rejected,
                esc, l->first_rejected);
    }
    if (l->epochs_equal)
        fprintf(o,
                "  %-12s the log has no per-epoch detail: every epoch counts the same, no "
                "spread\n",
                "note");
    fprintf(o, "\nPredicted for the full run (central, low to high)\n");
    fprintf(o, "  %-12s %14s  (%s to %s)\n", "duration",
            gt_duration_fmt(r->duration_s, b1, sizeof b1),
            gt_duration_fmt(r->duration_low_s, b2, sizeof b2),
            gt_duration_fmt(r->duration_high_s, b3, sizeof b3));
    fprintf(o, "  %-12s %14s  (%s to %s)\n", "energy",
            gt_format_energy(r->energy_kwh, b1, sizeof b1),
            gt_format_energy(r->energy_low_kwh, b2, sizeof b2),
            gt_format_energy(r->energy_high_kwh, b3, sizeof b3));
    if (isnan(d->ci_g_per_kwh)) {
        fprintf(o, "  %-12s unknown: the log states no carbon intensity\n", "CO2e");
    } else {
        fprintf(o, "  %-12s %14s  (%s to %s) at %s gCO2e/kWh, the log's\n", "CO2e",
                gt_format_mass(d->co2e_g, b1, sizeof b1),
                gt_format_mass(d->co2e_low_g, b2, sizeof b2),
                gt_format_mass(d->co2e_high_g, b3, sizeof b3),
                gt_format_sig(d->ci_g_per_kwh, 4, (char[40]){0}, 40));
    }
    fprintf(o, "  %-12s %zu measured %s%s\n", "based on", r->based_on,
            r->based_on == 1 ? l->unit : l->units,
            r->based_on == 1 ? " (no spread: the range is the central value)" : "");
    return ferror(o) ? -1 : 0;
}

int gt_predict_write_json(FILE *out, const struct gt_predict_doc *d)
{
    const struct gt_predict_result *r = &d->res;
    const struct gt_predict_log *l = d->log;
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return -1;
    char m[400];
    snprintf(m, sizeof m, method_text, d->mode == GT_PREDICT_DURATION ? "second" : l->unit,
             d->mode == GT_PREDICT_DURATION ? "seconds" : l->units, l->unit);
    cJSON_AddStringToObject(o, "tool", "greentally");
    cJSON_AddStringToObject(o, "tool_version", d->tool_version);
    cJSON_AddStringToObject(o, "method", m);
    cJSON_AddStringToObject(o, "log", d->path);
    if (d->pair)
        cJSON_AddStringToObject(o, "log_pair", d->pair);
    cJSON_AddStringToObject(o, "format", l->format);
    cJSON_AddStringToObject(o, "run", l->run);
    cJSON_AddStringToObject(o, "unit", l->unit);
    gt_out_json_num(o, "energy_kwh", r->energy_kwh);
    gt_out_json_range(o, "energy_kwh_range", r->energy_low_kwh, r->energy_high_kwh);
    gt_out_json_num(o, "co2e_g", d->co2e_g);
    gt_out_json_range(o, "co2e_g_range", d->co2e_low_g, d->co2e_high_g);
    gt_out_json_num(o, "duration_s", r->duration_s);
    gt_out_json_range(o, "duration_s_range", r->duration_low_s, r->duration_high_s);
    if (epochs(d))
        cJSON_AddNumberToObject(o, "based_on_epochs", (double)r->based_on);
    else
        cJSON_AddNullToObject(o, "based_on_epochs");
    cJSON *b = cJSON_AddObjectToObject(o, "based_on");
    cJSON_AddNumberToObject(b, "count", (double)r->based_on);
    cJSON_AddStringToObject(b, "unit", l->unit);
    gt_out_json_num(b, "energy_kwh", r->measured_kwh);
    gt_out_json_num(b, "duration_s", r->measured_s);
    cJSON *t = cJSON_AddObjectToObject(o, "target");
    cJSON_AddStringToObject(t, "kind", d->mode == GT_PREDICT_DURATION ? "duration_s" : l->unit);
    gt_out_json_num(t, "value", d->target);
    cJSON_AddStringToObject(t, "from", d->target_from);
    gt_out_json_num(t, "remaining", r->remaining);
    gt_out_json_num(o, "pue", l->pue);
    gt_out_json_num(o, "ci_g_per_kwh", d->ci_g_per_kwh);
    cJSON_AddBoolToObject(o, "equal_epochs", l->epochs_equal);
    cJSON_AddNumberToObject(o, "rows_rejected", (double)l->rejected);
    if (l->rejected)
        cJSON_AddNumberToObject(o, "first_rejected_line", (double)l->first_rejected);
    else
        cJSON_AddNullToObject(o, "first_rejected_line");
    return gt_out_json_print(out, o);
}

int gt_predict_write_csv(FILE *o, const struct gt_predict_doc *d)
{
    static const char *const cols[] = {"log",        "format",         "run",
                                       "unit",       "based_on",       "target",
                                       "energy_kwh", "energy_low_kwh", "energy_high_kwh",
                                       "co2e_g",     "co2e_low_g",     "co2e_high_g",
                                       "duration_s", "duration_low_s", "duration_high_s",
                                       "pue",        "ci_g_per_kwh"};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
        gt_out_csv_str(o, cols[i], i == 0);
    fputc('\n', o);
    const struct gt_predict_result *r = &d->res;
    gt_out_csv_str(o, d->path, 1);
    gt_out_csv_str(o, d->log->format, 0);
    gt_out_csv_str(o, d->log->run, 0);
    gt_out_csv_str(o, d->mode == GT_PREDICT_DURATION ? "second" : d->log->unit, 0);
    gt_out_csv_num(o, (double)r->based_on);
    gt_out_csv_num(o, d->target);
    gt_out_csv_num(o, r->energy_kwh);
    gt_out_csv_num(o, r->energy_low_kwh);
    gt_out_csv_num(o, r->energy_high_kwh);
    gt_out_csv_num(o, d->co2e_g);
    gt_out_csv_num(o, d->co2e_low_g);
    gt_out_csv_num(o, d->co2e_high_g);
    gt_out_csv_num(o, r->duration_s);
    gt_out_csv_num(o, r->duration_low_s);
    gt_out_csv_num(o, r->duration_high_s);
    gt_out_csv_num(o, d->log->pue);
    gt_out_csv_num(o, d->ci_g_per_kwh);
    fputc('\n', o);
    return ferror(o) ? -1 : 0;
}
