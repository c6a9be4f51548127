/* cmd_compare.c - `greentally compare PATH...`: every run re-estimated with
 * each peer tool's method and constants, beside what was logged. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_cli.h"
#include "gt_duration.h"
#include "gt_methods_out.h"
#include "gt_num.h"
#include "gt_out.h"
#include "gt_query.h"
#include "gt_sink.h"

static const struct gt_option options[] = {
    GT_QUERY_OPTIONS,
    {"format", 'f', GT_OPT_VALUE, "FMT", "table, csv or json (default table)"},
    {"output", 'o', GT_OPT_VALUE, "FILE", "write to FILE (atomically) instead of standard output"},
    GT_OPT_END};

static double logged_energy(const struct gt_run *run)
{
    return run->energy_kwh;
}

static void write_table(FILE *o, const struct gt_agg_result *res, const struct gt_hwdb *db,
                        const struct gt_method_consts *k, const struct gt_hw_constant *const *used)
{
    char b[2][48];
    char *t[6] = {NULL}; /* escaped copies of the text from logs */
    for (size_t i = 0; i < res->nruns; i++) {
        const struct gt_run *run = &res->runs[i];
        struct gt_run_rec rb;
        const struct gt_record *r = gt_agg_run_record(run, &rb);
        struct gt_methods_run ri;
        gt_methods_resolve(db, run, &ri);
        fprintf(
            o,
            "%srun '%s' (%s%s%s, %s:%ld)\n  inputs   %s; %s x %g cores%s; %s; memory %s GB; %s\n",
            i ? "\n" : "", gt_out_term(run->key[GT_KEY_RUN], &t[0]), gt_tool_name(r->tool),
            r->tool_version[0] ? " " : "", gt_out_term(r->tool_version, &t[1]),
            gt_out_term(r->file, &t[2]), r->line, gt_duration_fmt(ri.in.runtime_h * 3600, b[0], 48),
            gt_out_term(ri.cpu, &t[3]), ri.in.cores, ri.cores_logged ? "" : " (not logged)",
            gt_out_term(ri.gpu, &t[4]), gt_methods_num(ri.in.ram_gb, "%g", b[1], 48),
            gt_out_term(ri.place, &t[5]));
        fprintf(o, "  logged   %-18s %s kWh  %s g\n", gt_tool_name(r->tool),
                gt_methods_num(logged_energy(run), "%.6f", b[0], 48),
                gt_methods_num(run->co2e_g, "%.3f", b[1], 48));
        for (size_t j = 0; j < run->nmethods; j++) {
            const struct gt_record *x = run->methods[j];
            fprintf(o, "  logged   %-18s %s kWh  %s g  (%s:%ld)\n", gt_tool_name(x->tool),
                    gt_methods_num(gt_record_energy(x), "%.6f", b[0], 48),
                    gt_methods_num(x->co2e_g, "%.3f", b[1], 48), gt_out_term(x->file, &t[2]),
                    x->line);
        }
        gt_methods_write_rows(o, "  ", &ri.in, k, logged_energy(run));
    }
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++)
        free(t[i]);
    fputc('\n', o);
    gt_methods_write_constants(o, used);
}

static void write_csv(FILE *o, const struct gt_agg_result *res, const struct gt_hwdb *db,
                      const struct gt_method_consts *k)
{
    static const char *const cols[] = {"run",
                                       "tool",
                                       "file",
                                       "line",
                                       "method",
                                       "cpu_w",
                                       "gpu_w",
                                       "ram_w",
                                       "pue",
                                       "energy_kwh",
                                       "ci_g_per_kwh",
                                       "co2e_g",
                                       "energy_kwh_low",
                                       "energy_kwh_high",
                                       "co2e_g_low",
                                       "co2e_g_high",
                                       "logged_energy_kwh",
                                       "logged_co2e_g",
                                       "ratio_to_logged",
                                       "notes"};
    for (size_t i = 0; i < sizeof cols / sizeof cols[0]; i++)
        gt_out_csv_str(o, cols[i], i == 0);
    fputc('\n', o);
    char fl[200];
    for (size_t i = 0; i < res->nruns; i++) {
        const struct gt_run *run = &res->runs[i];
        struct gt_run_rec rb;
        const struct gt_record *rr = gt_agg_run_record(run, &rb);
        struct gt_methods_run ri;
        gt_methods_resolve(db, run, &ri);
        for (int m = 0; m < GT_M__COUNT; m++) {
            struct gt_method_result mr;
            gt_method_run((enum gt_method)m, &ri.in, k, &mr);
            double le = logged_energy(run);
            gt_out_csv_str(o, run->key[GT_KEY_RUN], 1);
            gt_out_csv_str(o, gt_tool_name(rr->tool), 0);
            gt_out_csv_str(o, rr->file, 0);
            gt_out_csv_num(o, (double)rr->line);
            gt_out_csv_str(o, gt_method_id((enum gt_method)m), 0);
            gt_out_csv_num(o, mr.cpu_w);
            gt_out_csv_num(o, mr.gpu_w);
            gt_out_csv_num(o, mr.ram_w);
            gt_out_csv_num(o, mr.pue);
            gt_out_csv_num(o, mr.energy_kwh);
            gt_out_csv_num(o, mr.ci_g_per_kwh);
            gt_out_csv_num(o, mr.co2e_g);
            gt_out_csv_num(o, mr.energy_range.lo);
            gt_out_csv_num(o, mr.energy_range.hi);
            gt_out_csv_num(o, mr.co2e_range.lo);
            gt_out_csv_num(o, mr.co2e_range.hi);
            gt_out_csv_num(o, le);
            gt_out_csv_num(o, run->co2e_g);
            gt_out_csv_num(o, le > 0 ? mr.energy_kwh / le : NAN);
            gt_out_csv_str(o, gt_methods_flag_text(mr.flags, fl, sizeof fl), 0);
            fputc('\n', o);
        }
    }
}

static cJSON *json_doc(const struct gt_agg_result *res, const struct gt_hwdb *db,
                       const struct gt_method_consts *k, const struct gt_hw_constant *const *used)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON_AddStringToObject(root, "tool", "greentally");
    cJSON_AddStringToObject(root, "tool_version", GT_VERSION);
    cJSON *runs = cJSON_AddArrayToObject(root, "runs");
    for (size_t i = 0; runs && i < res->nruns; i++) {
        const struct gt_run *run = &res->runs[i];
        struct gt_run_rec rb;
        const struct gt_record *rr = gt_agg_run_record(run, &rb);
        struct gt_methods_run ri;
        gt_methods_resolve(db, run, &ri);
        cJSON *rj = cJSON_CreateObject();
        gt_out_json_str(rj, "run", run->key[GT_KEY_RUN]);
        gt_out_json_str(rj, "tool", gt_tool_name(rr->tool));
        gt_out_json_str(rj, "tool_version", rr->tool_version);
        gt_out_json_str(rj, "file", rr->file);
        cJSON_AddNumberToObject(rj, "line", (double)rr->line);
        cJSON *inp = cJSON_AddObjectToObject(rj, "inputs");
        gt_out_json_num(inp, "runtime_h", ri.in.runtime_h);
        gt_out_json_str(inp, "cpu", ri.cpu);
        gt_out_json_num(inp, "cpu_tdp_w", ri.in.cpu_tdp_w);
        gt_out_json_num(inp, "cpu_tdp_per_core_w", ri.in.cpu_tdp_per_core_w);
        gt_out_json_num(inp, "cores", ri.in.cores);
        gt_out_json_num(inp, "cpu_usage", ri.in.cpu_usage);
        gt_out_json_str(inp, "gpu", ri.gpu);
        gt_out_json_num(inp, "gpus", ri.in.gpus);
        gt_out_json_num(inp, "gpu_tdp_w", ri.in.gpu_tdp_w);
        gt_out_json_num(inp, "ram_gb", ri.in.ram_gb);
        gt_out_json_str(inp, "location", ri.place);
        cJSON *lg = cJSON_AddArrayToObject(rj, "logged");
        cJSON *l0 = cJSON_CreateObject();
        gt_out_json_str(l0, "tool", gt_tool_name(rr->tool));
        gt_out_json_num(l0, "energy_kwh", logged_energy(run));
        gt_out_json_num(l0, "co2e_g", run->co2e_g);
        cJSON_AddItemToArray(lg, l0);
        for (size_t j = 0; j < run->nmethods; j++) {
            const struct gt_record *x = run->methods[j];
            cJSON *lj = cJSON_CreateObject();
            gt_out_json_str(lj, "tool", gt_tool_name(x->tool));
            gt_out_json_str(lj, "file", x->file);
            gt_out_json_num(lj, "energy_kwh", gt_record_energy(x));
            gt_out_json_num(lj, "co2e_g", x->co2e_g);
            cJSON_AddItemToArray(lg, lj);
        }
        cJSON_AddItemToObject(rj, "methods", gt_methods_json_rows(&ri.in, k, logged_energy(run)));
        cJSON_AddItemToArray(runs, rj);
    }
    cJSON_AddItemToObject(root, "constants", gt_methods_json_constants(used));
    cJSON_AddStringToObject(root, "peer_intensities", GT_METHODS_PEER_CI_NOTE);
    cJSON_AddStringToObject(root, "range", GT_METHODS_RANGE_NOTE);
    return root;
}

static int run(struct gt_args *a)
{
    enum gt_format fmt;
    if (a->npos && gt_opt_format(a, &fmt))
        return GT_EXIT_USAGE;
    struct gt_query q;
    int rc = gt_query_run(a, "compare", &q);
    if (rc)
        return rc;
    struct gt_hwdb db;
    struct gt_error err = {0};
    struct gt_method_consts k;
    const struct gt_hw_constant *used[GT_METHODS_NCONST];
    if (gt_load_hwdb(&db, a, &err) != GT_OK) {
        gt_hwdb_release(&db);
        gt_query_release(&q);
        return gt_fail_err(&err);
    }
    if (gt_methods_load(&db, &k, used, &err) != GT_OK) {
        gt_hwdb_release(&db);
        gt_query_release(&q);
        return gt_fail_err(&err);
    }
    struct gt_sink sink;
    if (gt_sink_open(&sink, gt_arg(a, "output"), &err) != GT_OK) {
        gt_hwdb_release(&db);
        gt_query_release(&q);
        return gt_fail_err(&err);
    }
    int w = 0;
    if (fmt == GT_FMT_JSON) {
        cJSON *root = json_doc(q.res, &db, &k, used);
        w = root ? gt_out_json_print(sink.f, root) : -1;
    } else if (fmt == GT_FMT_CSV)
        write_csv(sink.f, q.res, &db, &k);
    else
        write_table(sink.f, q.res, &db, &k, used);
    if (w != 0 || ferror(sink.f)) {
        const char *p = gt_arg(a, "output");
        gt_sink_abort(&sink);
        gt_hwdb_release(&db);
        gt_query_release(&q);
        return gt_fail(GT_EXIT_DATA, "cannot write '%s'", p ? p : "standard output");
    }
    rc = gt_sink_commit(&sink, &err) != GT_OK ? gt_fail_err(&err) : gt_query_strict(a, &q);
    gt_hwdb_release(&db);
    gt_query_release(&q);
    return rc;
}

const struct cmd_entry gt_cmd_compare = {
    "compare",
    "PATH... [--by KEYS] [--since DATE] [--until DATE] [options]",
    "Re-estimate each run with every peer tool's method and constants (Green Algorithms v3.0, "
    "CodeCarbon 2 and 3, carbontracker, eco2ai, LET, greentally), beside what was logged.",
    "From what each run logged (runtime, CPU model and cores, usage where logged, GPU model and "
    "count, memory, location) each method gives its power by component, PUE, energy, carbon "
    "intensity and CO2e, and the ratio of its energy to the logged one. A method that only "
    "measures (carbontracker: RAPL/NVML) counts only what the run measured. Each method looks "
    "the run's place up in its own intensity table (eco2ai's and carbontracker's: hwdb "
    "peer_ci.csv), and Green Algorithms the PUE of a cloud run's region or provider. greentally's "
    "row has its low - high range, as estimate. Every constant is an hwdb row with the peer's "
    "version and source (listed at the end).\n"
    "Exit status: 0 ok, 1 usage error, 2 data error.",
    options,
    run,
};
