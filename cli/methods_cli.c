/* methods_cli.c - the peers' constants and the rows of every method (shared
 * by cmd_compare.c and cmd_estimate.c). */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "gt_methods_cli.h"
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

int gt_methods_load(const struct gt_hwdb *db, struct gt_method_consts *k,
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
    }
}

void gt_methods_write_constants(FILE *o, const struct gt_hw_constant *const *used)
{
    fprintf(o, "constants (hwdb):\n");
    for (size_t i = 0; i < NKONST; i++)
        fprintf(o, "  %-22s %g %s  (%s)\n", used[i]->name, used[i]->value, used[i]->unit,
                used[i]->source);
}

cJSON *gt_methods_json_rows(const struct gt_method_input *in, const struct gt_method_consts *k,
                            double logged_kwh)
{
    cJSON *ms = cJSON_CreateArray();
    char fl[200];
    for (int m = 0; ms && m < GT_M__COUNT; m++) {
        struct gt_method_result mr;
        gt_method_run((enum gt_method)m, in, k, &mr);
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
