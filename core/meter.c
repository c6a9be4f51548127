/* meter.c - the arithmetic of `greentally run` (see gt_meter.h). */
#include "gt_meter.h"

#include <math.h>
#include <string.h>

double gt_meter_counter_delta(double prev, double cur, double max_range)
{
    if (isnan(prev) || isnan(cur))
        return NAN;
    if (cur >= prev)
        return cur - prev;
    if (!(max_range > prev))
        return NAN;
    return (max_range - prev) + cur;
}

double gt_meter_cores(double dcpu_s, double dt_s)
{
    if (!(dt_s > 0) || isnan(dcpu_s))
        return 0;
    return dcpu_s / dt_s;
}

double gt_meter_share(double scope_cpu_s, double host_busy_s)
{
    if (isnan(scope_cpu_s) || isnan(host_busy_s) || !(host_busy_s > 0) || !(scope_cpu_s > 0))
        return 0;
    double s = scope_cpu_s / host_busy_s;
    return s > 1 ? 1 : s;
}

double gt_meter_above_idle(double e_j, double idle_w, double dt_s)
{
    double idle = isnan(idle_w) ? 0 : idle_w * dt_s;
    double v = e_j - idle;
    return v > 0 ? v : 0;
}

const char *gt_cpu_method_name(enum gt_cpu_method m)
{
    return m == GT_CPU_RAPL ? "rapl" : "model";
}

void gt_meter_init(struct gt_meter *m, enum gt_cpu_method method, double tdp_per_core_w,
                   double mem_w_per_gb, int gpu_measured, size_t ngpus, const double *idle_w)
{
    memset(m, 0, sizeof *m);
    m->method = method;
    m->tdp_per_core_w = tdp_per_core_w;
    m->mem_w_per_gb = mem_w_per_gb;
    m->gpu_measured = gpu_measured;
    m->ngpus = ngpus > GT_METER_MAX_GPUS ? GT_METER_MAX_GPUS : ngpus;
    for (size_t i = 0; i < m->ngpus; i++)
        m->gpu_idle_w[i] = idle_w ? idle_w[i] : 0;
}

void gt_meter_add(struct gt_meter *m, const struct gt_meter_sample *s, struct gt_meter_step *step)
{
    struct gt_meter_step st;
    double dt = s->dt_s > 0 ? s->dt_s : 0;
    double cpu = isnan(s->cpu_s) || s->cpu_s < 0 ? 0 : s->cpu_s;
    st.cores = gt_meter_cores(cpu, dt);
    st.cpu_model_j = cpu * m->tdp_per_core_w;
    double mem = isnan(s->mem_bytes) || s->mem_bytes < 0 ? 0 : s->mem_bytes;
    st.ram_model_j = mem / GT_METER_GB * m->mem_w_per_gb * dt;

    int have_busy = !isnan(s->host_busy_s);
    st.share = have_busy ? gt_meter_share(cpu, s->host_busy_s) : NAN;
    int have_pkg = have_busy && !isnan(s->rapl_pkg_j);
    int have_dram = have_busy && !isnan(s->rapl_dram_j);
    st.cpu_rapl_j = have_pkg ? s->rapl_pkg_j * st.share : NAN;
    st.ram_rapl_j = have_dram ? s->rapl_dram_j * st.share : NAN;
    if (!isnan(s->rapl_pkg_j))
        m->rapl_pkg_host_j += s->rapl_pkg_j;
    if (!isnan(s->rapl_dram_j))
        m->rapl_dram_host_j += s->rapl_dram_j;
    if (have_pkg)
        m->cpu_rapl_j += st.cpu_rapl_j;
    else
        m->rapl_missing++;
    if (have_dram)
        m->ram_rapl_j += st.ram_rapl_j;
    else
        m->dram_missing++;

    st.gpu_j = NAN;
    if (m->gpu_measured) {
        st.gpu_j = 0;
        for (size_t i = 0; i < m->ngpus && i < s->ngpus; i++) {
            if (isnan(s->gpu_j[i]))
                continue;
            m->gpu_raw_j += s->gpu_j[i];
            if (s->gpu_active[i])
                st.gpu_j += gt_meter_above_idle(s->gpu_j[i], m->gpu_idle_w[i], dt);
        }
        m->gpu_j += st.gpu_j;
    }

    int rapl = m->method == GT_CPU_RAPL;
    st.cpu_j = rapl && have_pkg ? st.cpu_rapl_j : st.cpu_model_j;
    st.ram_j = rapl && have_dram ? st.ram_rapl_j : st.ram_model_j;
    double total = st.cpu_j + st.ram_j + (isnan(st.gpu_j) ? 0 : st.gpu_j);
    st.w = dt > 0 ? total / dt : 0;

    m->nsamples++;
    m->wall_s += dt;
    m->cpu_s += cpu;
    m->cpu_model_j += st.cpu_model_j;
    m->ram_model_j += st.ram_model_j;
    m->cpu_j += st.cpu_j;
    m->ram_j += st.ram_j;
    m->mem_byte_s += mem * dt;
    if (mem > m->mem_peak)
        m->mem_peak = mem;
    if (step)
        *step = st;
}

void gt_meter_totals(const struct gt_meter *m, double pue, double ci_g_per_kwh,
                     struct gt_meter_totals *t)
{
    const double j_per_kwh = 3.6e6;
    memset(t, 0, sizeof *t);
    t->cpu_model_j = m->cpu_model_j;
    t->ram_model_j = m->ram_model_j;
    t->cpu_rapl_j = m->nsamples > m->rapl_missing ? m->cpu_rapl_j : NAN;
    t->ram_rapl_j = m->nsamples > m->dram_missing ? m->ram_rapl_j : NAN;
    t->gpu_j = m->gpu_measured ? m->gpu_j : NAN;
    int rapl = m->method == GT_CPU_RAPL;
    t->cpu_method = rapl && m->nsamples > m->rapl_missing ? "rapl" : "model";
    t->ram_method = rapl && m->nsamples > m->dram_missing ? "rapl" : "model";
    t->cpu_kwh = m->cpu_j * pue / j_per_kwh;
    t->ram_kwh = m->ram_j * pue / j_per_kwh;
    t->gpu_kwh = m->gpu_measured ? m->gpu_j * pue / j_per_kwh : NAN;
    if (m->node_static_w > 0 && m->node_cpus > 0) {
        double share = m->wall_s > 0 ? m->cpu_s / (m->node_cpus * m->wall_s) : 0;
        t->static_j = m->node_static_w * (share > 1 ? 1 : share) * m->wall_s;
    }
    t->static_kwh = t->static_j * pue / j_per_kwh;
    t->energy_kwh = t->cpu_kwh + t->ram_kwh + (m->gpu_measured ? t->gpu_kwh : 0) + t->static_kwh;
    t->co2e_g = t->energy_kwh * ci_g_per_kwh;
    t->mean_cores = m->wall_s > 0 ? m->cpu_s / m->wall_s : 0;
    t->mean_mem_gb = m->wall_s > 0 ? m->mem_byte_s / m->wall_s / GT_METER_GB : 0;
    t->peak_mem_gb = m->mem_peak / GT_METER_GB;
}
