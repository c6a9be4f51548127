/* methods_out.c - the peers' constants and the rows of every method (shared
 * by cmd_compare.c and cmd_estimate.c). */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "gt_methods_out.h"
#include "gt_num.h"
#include "gt_out.h"

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
_Static_assert(NKONST == GT_METHODS_NCONST, "GT_METHODS_NCONST");

enum gt_status gt_methods_load(const struct gt_hwdb *db, struct gt_method_consts *k,
                               const struct gt_hw_constant **used, struct gt_error *err)
{
    for (size_t i = 0; i < NKONST; i++) {
        const struct gt_hw_constant *c = gt_hwdb_constant(db, konsts[i].name);
        if (!c)
            return gt_error_set(err, GT_E_DATA, "the hwdb has no constant '%s'", konsts[i].name);
        *(double *)((char *)k + konsts[i].off) = c->value;
        used[i] = c;
    }
    return gt_hwdb_unc(db, &k->unc, NULL, NULL, err);
}

void gt_methods_locate(const struct gt_hwdb *db, const char *loc, const char *region,
                       struct gt_method_input *in)
{
    in->ci_ga = in->ci_cc = in->ci_eco2ai = in->ci_ct = NAN;
    if (!loc || !loc[0])
        return;
    size_t idx;
    struct gt_error err = {0};
    /* a country and a region the run logged (US, California): the region's
     * code (US-CA) when the locations table has it */
    if (region && region[0] && gt_hwdb_find_location(db, loc, NULL, &idx, &err) == GT_OK) {
        const char *cc = db->locations.v[idx].code;
        size_t n = strlen(cc);
        for (size_t i = 0; i < db->locations.n; i++) {
            const struct gt_hw_location *l = &db->locations.v[i];
            if (!strncasecmp(l->code, cc, n) && l->code[n] == '-' &&
                !strcasecmp(l->region, region)) {
                loc = l->code;
                break;
            }
        }
    }
    if (gt_hwdb_find_location(db, loc, "ga-v3.0", &idx, &err) == GT_OK)
        in->ci_ga = db->locations.v[idx].ci_g_per_kwh;
    if (gt_hwdb_find_location(db, loc, "codecarbon", &idx, &err) == GT_OK)
        in->ci_cc = db->locations.v[idx].ci_g_per_kwh;
    /* eco2ai and carbontracker look up an ISO alpha-2 code (and eco2ai a region
     * name): the country of the location code (US-CA: US, California) */
    char cc[3] = "";
    const char *reg = region;
    if (gt_hwdb_find_location(db, loc, NULL, &idx, &err) == GT_OK) {
        const struct gt_hw_location *l = &db->locations.v[idx];
        size_t n = strcspn(l->code, "-");
        if (n == 2 && strcasecmp(l->type, "world") != 0)
            memcpy(cc, l->code, 2);
        if (!strcasecmp(l->type, "region") && l->region[0])
            reg = l->region;
    } else if (strlen(loc) == 2)
        memcpy(cc, loc, 2);
    cc[2] = '\0';
    /* a region a table lacks: that table's value of its country (CodeCarbon's
     * global_energy_mix has countries only) */
    if (cc[0] && isnan(in->ci_ga) && gt_hwdb_find_location(db, cc, "ga-v3.0", &idx, &err) == GT_OK)
        in->ci_ga = db->locations.v[idx].ci_g_per_kwh;
    if (cc[0] && isnan(in->ci_cc) &&
        gt_hwdb_find_location(db, cc, "codecarbon", &idx, &err) == GT_OK)
        in->ci_cc = db->locations.v[idx].ci_g_per_kwh;
    const struct gt_hw_peer_ci *p = gt_hwdb_peer_ci(db, "eco2ai", cc, reg);
    if (p)
        in->ci_eco2ai = p->ci_g_per_kwh;
    p = gt_hwdb_peer_ci(db, "carbontracker", cc, NULL);
    if (p)
        in->ci_ct = p->ci_g_per_kwh;
}

const char *gt_methods_flag_text(unsigned f, char *buf, size_t size)
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

const char *gt_methods_num(double v, const char *fmt, char *buf, size_t size)
{
    if (isnan(v))
        return "-";
    snprintf(buf, size, fmt, v);
    return buf;
}

void gt_methods_write_rows(FILE *o, const char *indent, const struct gt_method_input *in,
                           const struct gt_method_consts *k, double logged_kwh)
{
    char b[8][48], fl[200];
    fprintf(o, "%s%-30s %8s %8s %8s %5s %11s %8s %10s %9s  %s\n", indent, "method", "cpu W",
            "gpu W", "ram W", "PUE", "energy kWh", "CI g/kWh", "CO2e g", "x logged", "notes");
    for (int m = 0; m < GT_M__COUNT; m++) {
        struct gt_method_result mr;
        gt_method_run((enum gt_method)m, in, k, &mr);
        fprintf(o, "%s%-30s %8s %8s %8s %5s %11s %8s %10s %9s  %s\n", indent,
                gt_method_title((enum gt_method)m), gt_methods_num(mr.cpu_w, "%.2f", b[0], 48),
                gt_methods_num(mr.gpu_w, "%.2f", b[1], 48),
                gt_methods_num(mr.ram_w, "%.2f", b[2], 48),
                gt_methods_num(mr.pue, "%.2f", b[3], 48),
                gt_methods_num(mr.energy_kwh, "%.6f", b[4], 48),
                gt_methods_num(mr.ci_g_per_kwh, "%.1f", b[5], 48),
                gt_methods_num(mr.co2e_g, "%.3f", b[6], 48),
                gt_methods_num(logged_kwh > 0 ? mr.energy_kwh / logged_kwh : NAN, "%.2f", b[7], 48),
                gt_methods_flag_text(mr.flags, fl, sizeof fl));
        if (!isnan(mr.energy_range.lo) || !isnan(mr.co2e_range.lo))
            fprintf(o, "%s  %-28s energy %s kWh, CO2e %s g\n", indent, "low - high",
                    gt_out_range_fixed(mr.energy_range.lo, mr.energy_range.hi, 6, b[0], 48),
                    gt_out_range_fixed(mr.co2e_range.lo, mr.co2e_range.hi, 3, b[1], 48));
    }
}

void gt_methods_write_constants(FILE *o, const struct gt_hw_constant *const *used)
{
    fprintf(o, "constants (hwdb):\n");
    for (size_t i = 0; i < NKONST; i++)
        fprintf(o, "  %-22s %g %s  (%s)\n", used[i]->name, used[i]->value, used[i]->unit,
                used[i]->source);
    fprintf(o, "  %s\n  %s\n", GT_METHODS_PEER_CI_NOTE, GT_METHODS_RANGE_NOTE);
}

cJSON *gt_methods_json_rows(const struct gt_method_input *in, const struct gt_method_consts *k,
                            double logged_kwh)
{
    struct gt_method_result mr[GT_M__COUNT];
    for (int m = 0; m < GT_M__COUNT; m++)
        gt_method_run((enum gt_method)m, in, k, &mr[m]);
    return gt_methods_json_results(mr, logged_kwh);
}

cJSON *gt_methods_json_results(const struct gt_method_result *res, double logged_kwh)
{
    cJSON *ms = cJSON_CreateArray();
    char fl[200];
    for (int m = 0; ms && m < GT_M__COUNT; m++) {
        struct gt_method_result mr = res[m];
        cJSON *mj = cJSON_CreateObject();
        if (!mj)
            break;
        cJSON_AddStringToObject(mj, "method", gt_method_id((enum gt_method)m));
        cJSON_AddStringToObject(mj, "title", gt_method_title((enum gt_method)m));
        gt_out_json_num(mj, "cpu_w", mr.cpu_w);
        gt_out_json_num(mj, "gpu_w", mr.gpu_w);
        gt_out_json_num(mj, "ram_w", mr.ram_w);
        gt_out_json_num(mj, "pue", mr.pue);
        gt_out_json_num(mj, "energy_kwh", mr.energy_kwh);
        gt_out_json_num(mj, "ci_g_per_kwh", mr.ci_g_per_kwh);
        gt_out_json_num(mj, "co2e_g", mr.co2e_g);
        gt_out_json_range(mj, "energy_kwh_range", mr.energy_range.lo, mr.energy_range.hi);
        gt_out_json_range(mj, "co2e_g_range", mr.co2e_range.lo, mr.co2e_range.hi);
        gt_out_json_num(mj, "ratio_to_logged", logged_kwh > 0 ? mr.energy_kwh / logged_kwh : NAN);
        gt_out_json_str(mj, "notes", gt_methods_flag_text(mr.flags, fl, sizeof fl));
        cJSON_AddItemToArray(ms, mj);
    }
    return ms;
}

cJSON *gt_methods_json_constants(const struct gt_hw_constant *const *used)
{
    cJSON *cs = cJSON_CreateArray();
    for (size_t i = 0; cs && i < NKONST; i++) {
        cJSON *c = cJSON_CreateObject();
        if (!c)
            break;
        cJSON_AddStringToObject(c, "name", used[i]->name);
        cJSON_AddNumberToObject(c, "value", used[i]->value);
        cJSON_AddStringToObject(c, "unit", used[i]->unit);
        cJSON_AddStringToObject(c, "source", used[i]->source);
        cJSON_AddItemToArray(cs, c);
    }
    return cs;
}

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
static const char *pick_str(const struct gt_run *run, const struct gt_record *r, size_t off)
{
    const char *v = *(const char *const *)((const char *)r + off);
    for (size_t j = 0; !v[0] && j < run->nmethods; j++)
        v = *(const char *const *)((const char *)run->methods[j] + off);
    return v;
}

static double pick_num(const struct gt_run *run, const struct gt_record *r, size_t off)
{
    double v = *(const double *)((const char *)r + off);
    for (size_t j = 0; isnan(v) && j < run->nmethods; j++)
        v = *(const double *)((const char *)run->methods[j] + off);
    return v;
}

#define PICK_S(f) pick_str(run, r, offsetof(struct gt_record, f))
#define PICK_N(f) pick_num(run, r, offsetof(struct gt_record, f))

void gt_methods_resolve(const struct gt_hwdb *db, const struct gt_run *run,
                        struct gt_methods_run *ri)
{
    struct gt_run_rec rb;
    const struct gt_record *r = gt_agg_run_record(run, &rb);
    struct gt_method_input *in = &ri->in;
    const char *cpu_model = PICK_S(cpu_model), *gpu_model = PICK_S(gpu_model);
    const char *iso = PICK_S(country_iso), *country = PICK_S(country), *region = PICK_S(region);
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
    in->ci_alt = NAN; /* a logged intensity's range is its factor alone, as in summary */
    /* a cloud run: Green Algorithms' PUE of its region, else of its provider;
     * its region's place when the run logged no country */
    const char *prov = PICK_S(cloud_provider), *creg = PICK_S(cloud_region);
    const char *loc = iso[0] ? iso : country;
    in->pue_ga = NAN;
    size_t ci;
    if (prov[0] && creg[0] && gt_hwdb_find_cloud(db, prov, creg, &ci, &err) == GT_OK) {
        in->pue_ga = db->clouds.v[ci].pue;
        if (!loc[0])
            loc = db->clouds.v[ci].location;
    }
    if (prov[0] && isnan(in->pue_ga) && gt_hwdb_find_provider(db, prov, &ci, &err) == GT_OK)
        in->pue_ga = db->providers.v[ci].pue;
    gt_methods_locate(db, loc, region, in);
    snprintf(ri->place, sizeof ri->place, "location not logged");
    if (loc[0] || prov[0])
        snprintf(ri->place, sizeof ri->place, "%s%s%s%s%s%s%s",
                 loc[0] ? loc : "location not logged", region[0] ? ", " : "", region,
                 prov[0] ? "; cloud " : "", prov, creg[0] ? " " : "", creg);
}
