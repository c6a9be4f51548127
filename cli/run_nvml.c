/* run_nvml.c - NVIDIA GPUs through NVML, loaded with dlopen at run time
 * (no build dependency; without the library the GPU is "not measured",
 * never zero). The few calls used are declared here with NVML's ABI. */
#include <dlfcn.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "gt_num.h"
#include "gt_run.h"

typedef int nvml_ret;
typedef struct nvml_dev *nvml_dev;
struct nvml_proc_v1 {
    unsigned int pid;
    unsigned long long used_memory;
};
struct nvml_proc_v2 {
    unsigned int pid;
    unsigned long long used_memory;
    unsigned int gpu_instance, compute_instance;
};
enum { NVML_OK = 0, NVML_INSUFFICIENT_SIZE = 7, MAX_PROCS = 1024 };

struct gpu {
    struct gt_gpu_info info;
    nvml_dev dev;
    unsigned long long last_mj;
};

struct gt_nvml {
    void *lib;
    nvml_ret (*shutdown)(void);
    nvml_ret (*power)(nvml_dev, unsigned int *);
    nvml_ret (*energy)(nvml_dev, unsigned long long *);
    nvml_ret (*procs_v2)(nvml_dev, unsigned int *, struct nvml_proc_v2 *);
    nvml_ret (*procs_v1)(nvml_dev, unsigned int *, struct nvml_proc_v1 *);
    size_t n;
    struct gpu g[GT_METER_MAX_GPUS];
    struct nvml_proc_v2 *buf;
};

static void *sym(void *lib, const char *a, const char *b)
{
    void *p = dlsym(lib, a);
    if (!p && b)
        p = dlsym(lib, b);
    return p;
}

/* The NVML indices CUDA_VISIBLE_DEVICES allows, in *allow (count n of the
 * devices). Entries are indices or UUID prefixes ("GPU-..."); as in CUDA, an
 * invalid entry ends the list. Unset: all. */
static void visible(const char *env, struct gpu *g, size_t n, int *allow)
{
    for (size_t i = 0; i < n; i++)
        allow[i] = env == NULL;
    if (!env)
        return;
    const char *s = env;
    while (*s) {
        size_t l = strcspn(s, ",");
        const char *t = s;
        while (l && *t == ' ')
            t++, l--;
        while (l && t[l - 1] == ' ')
            l--;
        long idx;
        int ok = 0;
        if (l && gt_num_parse_long(t, l, &idx) == 0) {
            if ((size_t)idx < n) {
                allow[idx] = 1;
                ok = 1;
            }
        } else if (l) {
            for (size_t i = 0; i < n; i++)
                if (strlen(g[i].info.uuid) >= l && !strncmp(g[i].info.uuid, t, l)) {
                    allow[i] = 1;
                    ok = 1;
                    break;
                }
        }
        if (!ok)
            break;
        s += strcspn(s, ",");
        if (*s == ',')
            s++;
    }
}

struct gt_nvml *gt_nvml_open(const char *libpath, char *why, size_t size)
{
    const char *path = libpath && *libpath ? libpath : "libnvidia-ml.so.1";
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(why, size, "cannot load '%s'", path);
        return NULL;
    }
    nvml_ret (*init)(void) = (nvml_ret(*)(void))sym(lib, "nvmlInit_v2", "nvmlInit");
    nvml_ret (*count)(unsigned int *) =
        (nvml_ret(*)(unsigned int *))sym(lib, "nvmlDeviceGetCount_v2", "nvmlDeviceGetCount");
    nvml_ret (*handle)(unsigned int, nvml_dev *) = (nvml_ret(*)(unsigned int, nvml_dev *))sym(
        lib, "nvmlDeviceGetHandleByIndex_v2", "nvmlDeviceGetHandleByIndex");
    nvml_ret (*name)(nvml_dev, char *, unsigned int) =
        (nvml_ret(*)(nvml_dev, char *, unsigned int))sym(lib, "nvmlDeviceGetName", NULL);
    nvml_ret (*uuid)(nvml_dev, char *, unsigned int) =
        (nvml_ret(*)(nvml_dev, char *, unsigned int))sym(lib, "nvmlDeviceGetUUID", NULL);
    struct gt_nvml *g = calloc(1, sizeof *g);
    if (!g) {
        dlclose(lib);
        snprintf(why, size, "out of memory");
        return NULL;
    }
    g->lib = lib;
    g->shutdown = (nvml_ret(*)(void))sym(lib, "nvmlShutdown", NULL);
    g->power = (nvml_ret(*)(nvml_dev, unsigned int *))sym(lib, "nvmlDeviceGetPowerUsage", NULL);
    g->energy = (nvml_ret(*)(nvml_dev, unsigned long long *))sym(
        lib, "nvmlDeviceGetTotalEnergyConsumption", NULL);
    g->procs_v2 = (nvml_ret(*)(nvml_dev, unsigned int *, struct nvml_proc_v2 *))sym(
        lib, "nvmlDeviceGetComputeRunningProcesses_v3", "nvmlDeviceGetComputeRunningProcesses_v2");
    if (!g->procs_v2)
        g->procs_v1 = (nvml_ret(*)(nvml_dev, unsigned int *, struct nvml_proc_v1 *))sym(
            lib, "nvmlDeviceGetComputeRunningProcesses", NULL);
    g->buf = malloc(MAX_PROCS * sizeof *g->buf);
    unsigned int n = 0;
    if (!init || !count || !handle || !g->power || !g->buf) {
        snprintf(why, size, "'%s' lacks the NVML functions greentally uses", path);
        g->shutdown = NULL;
        gt_nvml_close(g);
        return NULL;
    }
    nvml_ret rc = init();
    if (rc != NVML_OK) {
        snprintf(why, size, "nvmlInit failed (NVML error %d)", rc);
        g->shutdown = NULL;
        gt_nvml_close(g);
        return NULL;
    }
    if (count(&n) != NVML_OK)
        n = 0;
    struct gpu all[GT_METER_MAX_GPUS];
    size_t nall = 0;
    for (unsigned int i = 0; i < n && nall < GT_METER_MAX_GPUS; i++) {
        struct gpu *d = &all[nall];
        memset(d, 0, sizeof *d);
        if (handle(i, &d->dev) != NVML_OK)
            continue;
        d->info.index = i;
        if (!name || name(d->dev, d->info.name, sizeof d->info.name) != NVML_OK)
            snprintf(d->info.name, sizeof d->info.name, "GPU %u", i);
        if (!uuid || uuid(d->dev, d->info.uuid, sizeof d->info.uuid) != NVML_OK)
            d->info.uuid[0] = '\0';
        d->info.energy_counter = g->energy && g->energy(d->dev, &d->last_mj) == NVML_OK;
        nall++;
    }
    int allow[GT_METER_MAX_GPUS];
    visible(getenv("CUDA_VISIBLE_DEVICES"), all, nall, allow);
    for (size_t i = 0; i < nall; i++)
        if (allow[i])
            g->g[g->n++] = all[i];
    if (g->n == 0) {
        snprintf(why, size, "%s",
                 nall ? "no GPU allowed by CUDA_VISIBLE_DEVICES" : "NVML reports no GPU");
        gt_nvml_close(g);
        return NULL;
    }
    return g;
}

size_t gt_nvml_count(const struct gt_nvml *g)
{
    return g ? g->n : 0;
}

const struct gt_gpu_info *gt_nvml_gpu(const struct gt_nvml *g, size_t i)
{
    return &g->g[i].info;
}

static double power_w(struct gt_nvml *g, struct gpu *d)
{
    unsigned int mw;
    return g->power(d->dev, &mw) == NVML_OK ? mw / 1000.0 : NAN;
}

void gt_nvml_measure_idle(struct gt_nvml *g, int reads, int gap_ms)
{
    double sum[GT_METER_MAX_GPUS] = {0};
    int got[GT_METER_MAX_GPUS] = {0};
    for (int k = 0; k < reads; k++) {
        if (k) {
            struct timespec ts = {gap_ms / 1000, (long)(gap_ms % 1000) * 1000000L};
            nanosleep(&ts, NULL);
        }
        for (size_t i = 0; i < g->n; i++) {
            double w = power_w(g, &g->g[i]);
            if (!isnan(w)) {
                sum[i] += w;
                got[i]++;
            }
        }
    }
    for (size_t i = 0; i < g->n; i++) {
        g->g[i].info.idle_w = got[i] ? sum[i] / got[i] : 0;
        if (g->g[i].info.energy_counter && g->energy(g->g[i].dev, &g->g[i].last_mj) != NVML_OK)
            g->g[i].info.energy_counter = 0;
    }
}

/* 1 when a compute process of d is in the scope. */
static int runs_ours(struct gt_nvml *g, struct gpu *d, int (*in_scope)(void *, pid_t), void *ud)
{
    unsigned int n = MAX_PROCS;
    if (g->procs_v2) {
        if (g->procs_v2(d->dev, &n, g->buf) != NVML_OK)
            return 0;
        for (unsigned int i = 0; i < n && i < MAX_PROCS; i++)
            if (in_scope(ud, (pid_t)g->buf[i].pid))
                return 1;
    } else if (g->procs_v1) {
        struct nvml_proc_v1 *b = (struct nvml_proc_v1 *)g->buf;
        if (g->procs_v1(d->dev, &n, b) != NVML_OK)
            return 0;
        for (unsigned int i = 0; i < n && i < MAX_PROCS; i++)
            if (in_scope(ud, (pid_t)b[i].pid))
                return 1;
    }
    return 0;
}

void gt_nvml_read(struct gt_nvml *g, double dt_s, int (*in_scope)(void *, pid_t), void *ud,
                  double *j, double *w, int *active)
{
    for (size_t i = 0; i < g->n; i++) {
        struct gpu *d = &g->g[i];
        j[i] = NAN;
        unsigned long long mj;
        if (d->info.energy_counter && g->energy(d->dev, &mj) == NVML_OK) {
            j[i] = mj >= d->last_mj ? (double)(mj - d->last_mj) / 1000.0 : NAN;
            d->last_mj = mj;
        }
        if (isnan(j[i])) {
            double p = power_w(g, d);
            j[i] = isnan(p) ? NAN : p * dt_s;
        }
        w[i] = isnan(j[i]) || !(dt_s > 0) ? NAN : j[i] / dt_s;
        active[i] = runs_ours(g, d, in_scope, ud);
    }
}

void gt_nvml_close(struct gt_nvml *g)
{
    if (!g)
        return;
    if (g->shutdown)
        g->shutdown();
    free(g->buf);
    dlclose(g->lib);
    free(g);
}
