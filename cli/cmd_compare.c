/* cmd_compare.c - `greentally compare PATH...`: every run re-estimated with
 * each peer tool's method and constants, beside what was logged. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_cli.h"
#include "gt_duration.h"
#include "gt_methods.h"
#include "gt_num.h"
#include "gt_out.h"
#include "gt_query.h"
#include "gt_sink.h"

static const struct gt_option options[] = {
    GT_QUERY_OPTIONS,
    {"format", 'f', GT_OPT_VALUE, "FMT", "table, csv or json (default table)"},
    {"output", 'o', GT_OPT_VALUE, "FILE", "write to FILE (atomically) instead of standard output"},
    GT_OPT_END};

/* the constants, from the hwdb (names as in hwdb/data/methods.csv) */
struct konst {
    const char *name;
    size_t off;
};
#define K(n, f)                                                                                    \
    {                                                                                              \
        n, offsetof(struct gt_method_consts, f)                                                    \
    }
static const struct konst konsts[] = {
    K("memory_power", ga_mem_w_per_gb),
    K("ga_pue_unknown", ga_pue_unknown),
    K("ga_any_cpu_w_per_core", ga_any_cpu_w_per_core),
    K("ga_any_gpu_w", ga_any_gpu_w),
    K("ga_world_ci", ga_world_ci),
    K("cc2_cpu_fraction", cc2_cpu_fraction),
    K("cc_unknown_cpu_w", cc_unknown_cpu_w),
    K("cc_ram_w_per_gb", cc_ram_w_per_gb),
    K("cc3_ram_slot_w", cc3_ram_slot_w),
    K("cc3_ram_min_w", cc3_ram_min_w),
    K("cc_pue", cc_pue),
    K("cc_world_ci", cc_world_ci),
    K("ct_pue", ct_pue),
    K("ct_world_ci", ct_world_ci),
    K("eco2ai_default_tdp", eco2ai_default_tdp),
    K("eco2ai_ram_w_per_gb", eco2ai_ram_w_per_gb),
    K("eco2ai_pue", eco2ai_pue),
    K("eco2ai_world_ci", eco2ai_world_ci),
    K("let_default_ci", let_default_ci),
};
#undef K
#define NKONST (sizeof konsts / sizeof konsts[0])

static int load_consts(const struct gt_hwdb *db, struct gt_method_consts *k,
                       const struct gt_hw_constant **used)
{
    for (size_t i = 0; i < NKONST; i++) {
        const struct gt_hw_constant *c = gt_hwdb_constant(db, konsts[i].name);
        if (!c)
            return gt_fail(GT_EXIT_DATA, "the hwdb has no constant '%s'", konsts[i].name);
        *(double *)((char *)k + konsts[i].off) = c->value;
        used[i] = c;
    }
    return 0;
}

/* What one run logged, resolved for the methods. */
struct run_in {
    struct gt_method_input in;
    char cpu[160], gpu[160], place[200];
    int cores_logged;
};

static double extra_pct(const struct gt_record *r, const char *key)
{
    const char *v = gt_record_extra(r, key);
    double x;
    if (!v[0] || gt_num_parse(v, strlen(v), &x) != 0 || x < 0 || x > 100)
        return NAN;
    return x / 100.0;
}

/* A run measured several ways (an EnergyTracker folder): what the counted
 * record does not say, the others may. */
static const char *pick_str(const struct gt_run *run, size_t off)
{
    const char *v = *(const char *const *)((const char *)run->rec + off);
    for (size_t j = 0; !v[0] && j < run->nmethods; j++)
        v = *(const char *const *)((const char *)run->methods[j] + off);
    return v;
}

static double pick_num(const struct gt_run *run, size_t off)
{
    double v = *(const double *)((const char *)run->rec + off);
    for (size_t j = 0; isnan(v) && j < run->nmethods; j++)
        v = *(const double *)((const char *)run->methods[j] + off);
    return v;
}

#define PICK_S(f) pick_str(run, offsetof(struct gt_record, f))
#define PICK_N(f) pick_num(run, offsetof(struct gt_record, f))

static void resolve(const struct gt_hwdb *db, const struct gt_run *run, struct run_in *ri)
{
    const struct gt_record *r = run->rec;
    struct gt_method_input *in = &ri->in;
    const char *cpu_model = PICK_S(cpu_model), *gpu_model = PICK_S(gpu_model);
    const char *iso = PICK_S(country_iso), *country = PICK_S(country);
    double cpu_count = PICK_N(cpu_count), gpu_count = PICK_N(gpu_count), ram_gb = PICK_N(ram_gb);
    memset(ri, 0, sizeof *ri);
    in->runtime_h = isnan(r->duration_s) ? 0 : r->duration_s / 3600.0;
    in->cpu_tdp_w = in->cpu_tdp_per_core_w = in->gpu_tdp_w = NAN;
    struct gt_hw_match m;
    struct gt_error err = {0};
    snprintf(ri->cpu, sizeof ri->cpu, "cpu not logged");
    if (cpu_model[0]) {
        if (gt_hwdb_find_cpu(db, cpu_model, &m, &err) == GT_OK) {
            const struct gt_hw_cpu *c = &db->cpus.v[m.index];
            in->cpu_tdp_w = c->tdp_w;
            in->cpu_tdp_per_core_w = c->tdp_per_core_w;
            if (isnan(in->cpu_tdp_per_core_w) && !isnan(c->tdp_w) && c->cores > 0)
                in->cpu_tdp_per_core_w = c->tdp_w / c->cores;
            snprintf(ri->cpu, sizeof ri->cpu, "%s (hwdb %s, %g W)", cpu_model, c->model, c->tdp_w);
        } else
            snprintf(ri->cpu, sizeof ri->cpu, "%s (not in the hwdb)", cpu_model);
    }
    in->cores = isnan(cpu_count) ? 1 : cpu_count;
    ri->cores_logged = !isnan(cpu_count);
    in->cpu_usage = extra_pct(r, "cpu_utilization_percent");
    in->gpus = isnan(gpu_count) ? 0 : gpu_count;
    in->gpu_usage = extra_pct(r, "gpu_utilization_percent");
    snprintf(ri->gpu, sizeof ri->gpu, "no GPU");
    if (in->gpus > 0) {
        if (gpu_model[0] && gt_hwdb_find_gpu(db, gpu_model, &m, &err) == GT_OK) {
            in->gpu_tdp_w = db->gpus.v[m.index].tdp_w;
            snprintf(ri->gpu, sizeof ri->gpu, "%g x %s (hwdb %s, %g W)", in->gpus, gpu_model,
                     db->gpus.v[m.index].model, in->gpu_tdp_w);
        } else
            snprintf(ri->gpu, sizeof ri->gpu, "%g x %s", in->gpus,
                     gpu_model[0] ? gpu_model : "unknown GPU");
    }
    /* measured power: what a tool that reads RAPL (carbontracker, greentally run) or NVML
     * (those and CodeCarbon) logged, from any record of the run */
    in->cpu_measured_w = in->gpu_measured_w = NAN;
    for (size_t j = 0; j <= run->nmethods; j++) {
        const struct gt_record *x = j ? run->methods[j - 1] : r;
        int rapl = x->tool == GT_TOOL_CARBONTRACKER || x->tool == GT_TOOL_GREENTALLY;
        /* mean power, or the measured energy (less the PUE it holds) over the runtime */
        double pue = isnan(x->pue) ? 1 : x->pue, h = in->runtime_h;
        double cw = !isnan(x->cpu_power_w) ? x->cpu_power_w : x->cpu_kwh / pue * 1000 / h;
        double gw = !isnan(x->gpu_power_w) ? x->gpu_power_w : x->gpu_kwh / pue * 1000 / h;
        if (rapl && isnan(in->cpu_measured_w) && h > 0)
            in->cpu_measured_w = cw;
        if ((rapl || x->tool == GT_TOOL_CODECARBON) && in->gpus > 0 && isnan(in->gpu_measured_w) &&
            h > 0)
            in->gpu_measured_w = gw;
    }
    in->ram_gb = ram_gb;
    in->pue_logged = r->pue;
    in->ci_logged = run->ci_g_per_kwh;
    in->ci_ga = in->ci_cc = NAN;
    const char *loc = iso[0] ? iso : country;
    snprintf(ri->place, sizeof ri->place, "location not logged");
    if (loc[0]) {
        size_t idx;
        if (gt_hwdb_find_location(db, loc, "ga-v3.0", &idx, &err) == GT_OK)
            in->ci_ga = db->locations.v[idx].ci_g_per_kwh;
        if (gt_hwdb_find_location(db, loc, "codecarbon", &idx, &err) == GT_OK)
            in->ci_cc = db->locations.v[idx].ci_g_per_kwh;
        snprintf(ri->place, sizeof ri->place, "%s", loc);
    }
}

static const char *flag_text(unsigned f, char *buf, size_t size)
{
    static const struct {
        unsigned f;
        const char *t;
    } v[] = {
        {GT_MR_CPU_DEFAULT, "default CPU power"}, {GT_MR_GPU_DEFAULT, "default GPU power"},
        {GT_MR_GPU_NONE, "GPUs not measured"},    {GT_MR_CPU_NONE, "CPU not measured"},
        {GT_MR_USAGE_ASSUMED, "usage 100 %"},     {GT_MR_CI_WORLD, "world intensity"},
        {GT_MR_NO_RAM, "memory not logged"},
    };
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof v / sizeof v[0]; i++)
        if ((f & v[i].f) && n < size)
            n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? "; " : "", v[i].t);
    return buf;
}

static const char *num(double v, const char *fmt, char *buf, size_t size)
{
    if (isnan(v))
        return "-";
    snprintf(buf, size, fmt, v);
    return buf;
}

static double logged_energy(const struct gt_run *run)
{
    return run->energy_kwh;
}

static void write_table(FILE *o, const struct gt_agg_result *res, const struct gt_hwdb *db,
                        const struct gt_method_consts *k, const struct gt_hw_constant **used)
{
    char b[8][48], fl[200];
    for (size_t i = 0; i < res->nruns; i++) {
        const struct gt_run *run = &res->runs[i];
        const struct gt_record *r = run->rec;
        struct run_in ri;
        resolve(db, run, &ri);
        fprintf(
            o,
            "%srun '%s' (%s%s%s, %s:%ld)\n  inputs   %s; %s x %g cores%s; %s; memory %s GB; %s\n",
            i ? "\n" : "", run->key[GT_KEY_RUN], gt_tool_name(r->tool),
            r->tool_version[0] ? " " : "", r->tool_version, r->file, r->line,
            gt_duration_fmt(ri.in.runtime_h * 3600, b[0], 48), ri.cpu, ri.in.cores,
            ri.cores_logged ? "" : " (not logged)", ri.gpu, num(ri.in.ram_gb, "%g", b[1], 48),
            ri.place);
        fprintf(o, "  logged   %-18s %s kWh  %s g\n", gt_tool_name(r->tool),
                num(logged_energy(run), "%.6f", b[0], 48), num(run->co2e_g, "%.3f", b[1], 48));
        for (size_t j = 0; j < run->nmethods; j++) {
            const struct gt_record *x = run->methods[j];
            fprintf(o, "  logged   %-18s %s kWh  %s g  (%s:%ld)\n", gt_tool_name(x->tool),
                    num(gt_record_energy(x), "%.6f", b[0], 48), num(x->co2e_g, "%.3f", b[1], 48),
                    x->file, x->line);
        }
        fprintf(o, "  %-30s %8s %8s %8s %5s %11s %8s %10s %9s  %s\n", "method", "cpu W", "gpu W",
                "ram W", "PUE", "energy kWh", "CI g/kWh", "CO2e g", "x logged", "notes");
        for (int m = 0; m < GT_M__COUNT; m++) {
            struct gt_method_result mr;
            gt_method_run((enum gt_method)m, &ri.in, k, &mr);
            double le = logged_energy(run);
            fprintf(o, "  %-30s %8s %8s %8s %5s %11s %8s %10s %9s  %s\n",
                    gt_method_title((enum gt_method)m), num(mr.cpu_w, "%.2f", b[0], 48),
                    num(mr.gpu_w, "%.2f", b[1], 48), num(mr.ram_w, "%.2f", b[2], 48),
                    num(mr.pue, "%.2f", b[3], 48), num(mr.energy_kwh, "%.6f", b[4], 48),
                    num(mr.ci_g_per_kwh, "%.1f", b[5], 48), num(mr.co2e_g, "%.3f", b[6], 48),
                    num(le > 0 ? mr.energy_kwh / le : NAN, "%.2f", b[7], 48),
                    flag_text(mr.flags, fl, sizeof fl));
        }
    }
    fprintf(o, "\nconstants (hwdb):\n");
    for (size_t i = 0; i < NKONST; i++)
        fprintf(o, "  %-22s %g %s  (%s)\n", used[i]->name, used[i]->value, used[i]->unit,
                used[i]->source);
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
        struct run_in ri;
        resolve(db, run, &ri);
        for (int m = 0; m < GT_M__COUNT; m++) {
            struct gt_method_result mr;
            gt_method_run((enum gt_method)m, &ri.in, k, &mr);
            double le = logged_energy(run);
            gt_out_csv_str(o, run->key[GT_KEY_RUN], 1);
            gt_out_csv_str(o, gt_tool_name(run->rec->tool), 0);
            gt_out_csv_str(o, run->rec->file, 0);
            gt_out_csv_num(o, (double)run->rec->line);
            gt_out_csv_str(o, gt_method_id((enum gt_method)m), 0);
            gt_out_csv_num(o, mr.cpu_w);
            gt_out_csv_num(o, mr.gpu_w);
            gt_out_csv_num(o, mr.ram_w);
            gt_out_csv_num(o, mr.pue);
            gt_out_csv_num(o, mr.energy_kwh);
            gt_out_csv_num(o, mr.ci_g_per_kwh);
            gt_out_csv_num(o, mr.co2e_g);
            gt_out_csv_num(o, le);
            gt_out_csv_num(o, run->co2e_g);
            gt_out_csv_num(o, le > 0 ? mr.energy_kwh / le : NAN);
            gt_out_csv_str(o, flag_text(mr.flags, fl, sizeof fl), 0);
            fputc('\n', o);
        }
    }
}

static cJSON *json_doc(const struct gt_agg_result *res, const struct gt_hwdb *db,
                       const struct gt_method_consts *k, const struct gt_hw_constant **used)
{
    cJSON *root = cJSON_CreateObject();
    if (!root)
        return NULL;
    cJSON_AddStringToObject(root, "tool", "greentally");
    cJSON_AddStringToObject(root, "tool_version", GT_VERSION);
    cJSON *runs = cJSON_AddArrayToObject(root, "runs");
    char fl[200];
    for (size_t i = 0; runs && i < res->nruns; i++) {
        const struct gt_run *run = &res->runs[i];
        struct run_in ri;
        resolve(db, run, &ri);
        cJSON *rj = cJSON_CreateObject();
        gt_out_json_str(rj, "run", run->key[GT_KEY_RUN]);
        gt_out_json_str(rj, "tool", gt_tool_name(run->rec->tool));
        gt_out_json_str(rj, "tool_version", run->rec->tool_version);
        gt_out_json_str(rj, "file", run->rec->file);
        cJSON_AddNumberToObject(rj, "line", (double)run->rec->line);
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
        gt_out_json_str(l0, "tool", gt_tool_name(run->rec->tool));
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
        cJSON *ms = cJSON_AddArrayToObject(rj, "methods");
        for (int m = 0; m < GT_M__COUNT; m++) {
            struct gt_method_result mr;
            gt_method_run((enum gt_method)m, &ri.in, k, &mr);
            cJSON *mj = cJSON_CreateObject();
            cJSON_AddStringToObject(mj, "method", gt_method_id((enum gt_method)m));
            cJSON_AddStringToObject(mj, "title", gt_method_title((enum gt_method)m));
            gt_out_json_num(mj, "cpu_w", mr.cpu_w);
            gt_out_json_num(mj, "gpu_w", mr.gpu_w);
            gt_out_json_num(mj, "ram_w", mr.ram_w);
            gt_out_json_num(mj, "pue", mr.pue);
            gt_out_json_num(mj, "energy_kwh", mr.energy_kwh);
            gt_out_json_num(mj, "ci_g_per_kwh", mr.ci_g_per_kwh);
            gt_out_json_num(mj, "co2e_g", mr.co2e_g);
            double le = logged_energy(run);
            gt_out_json_num(mj, "ratio_to_logged", le > 0 ? mr.energy_kwh / le : NAN);
            gt_out_json_str(mj, "notes", flag_text(mr.flags, fl, sizeof fl));
            cJSON_AddItemToArray(ms, mj);
        }
        cJSON_AddItemToArray(runs, rj);
    }
    cJSON *cs = cJSON_AddArrayToObject(root, "constants");
    for (size_t i = 0; cs && i < NKONST; i++) {
        cJSON *c = cJSON_CreateObject();
        cJSON_AddStringToObject(c, "name", used[i]->name);
        cJSON_AddNumberToObject(c, "value", used[i]->value);
        cJSON_AddStringToObject(c, "unit", used[i]->unit);
        cJSON_AddStringToObject(c, "source", used[i]->source);
        cJSON_AddItemToArray(cs, c);
    }
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
    const struct gt_hw_constant *used[NKONST];
    if (gt_load_hwdb(&db, a, &err) != GT_OK) {
        gt_hwdb_release(&db);
        gt_query_release(&q);
        return gt_fail_err(&err);
    }
    if ((rc = load_consts(&db, &k, used)) != 0) {
        gt_hwdb_release(&db);
        gt_query_release(&q);
        return rc;
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
    "measures (carbontracker: RAPL/NVML) counts only what the run measured. Every constant is "
    "an hwdb row with the peer's version and source (listed at the end).\n"
    "Exit status: 0 ok, 1 usage error, 2 data error.",
    options,
    run,
};
