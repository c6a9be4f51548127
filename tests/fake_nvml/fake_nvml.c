/* fake_nvml.c - a stand-in libnvidia-ml.so for the `greentally run` tests.
 * It implements the NVML calls greentally uses and reads the devices from
 * the file named by $GT_FAKE_NVML at every call (so a test can change them
 * while greentally runs). Lines "KEY=VALUE":
 *   count=N              devices
 *   I.name=TEXT          name of device I
 *   I.uuid=TEXT
 *   I.power_mw=N         nvmlDeviceGetPowerUsage
 *   I.energy_mj=N        nvmlDeviceGetTotalEnergyConsumption (absent: not supported)
 *   I.pids=P,P,...       compute processes
 * A missing file makes nvmlInit fail. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef int nvmlReturn_t;
typedef struct dev *nvmlDevice_t;
typedef struct {
    unsigned int pid;
    unsigned long long usedGpuMemory;
    unsigned int gpuInstanceId, computeInstanceId;
} nvmlProcessInfo_t;

enum {
    OK = 0,
    ERR_UNINIT = 1,
    ERR_INVALID = 2,
    ERR_NOT_SUPPORTED = 3,
    ERR_INSUFFICIENT = 7,
    MAXDEV = 8,
    MAXPID = 16
};

struct dev {
    char name[96], uuid[96];
    unsigned long long power_mw, energy_mj;
    int has_energy;
    unsigned int pids[MAXPID];
    unsigned int npids;
};

static struct dev devs[MAXDEV];
static unsigned int ndev;

static int load(void)
{
    const char *p = getenv("GT_FAKE_NVML");
    FILE *f = p ? fopen(p, "r") : NULL;
    if (!f)
        return -1;
    memset(devs, 0, sizeof devs);
    ndev = 0;
    char line[512];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *eq = strchr(line, '=');
        if (!eq)
            continue;
        *eq = '\0';
        const char *v = eq + 1;
        if (!strcmp(line, "count")) {
            ndev = (unsigned)strtoul(v, NULL, 10);
            if (ndev > MAXDEV)
                ndev = MAXDEV;
            continue;
        }
        char *dot = strchr(line, '.');
        if (!dot)
            continue;
        unsigned i = (unsigned)strtoul(line, NULL, 10);
        if (i >= MAXDEV)
            continue;
        struct dev *d = &devs[i];
        const char *k = dot + 1;
        if (!strcmp(k, "name"))
            snprintf(d->name, sizeof d->name, "%s", v);
        else if (!strcmp(k, "uuid"))
            snprintf(d->uuid, sizeof d->uuid, "%s", v);
        else if (!strcmp(k, "power_mw"))
            d->power_mw = strtoull(v, NULL, 10);
        else if (!strcmp(k, "energy_mj")) {
            d->energy_mj = strtoull(v, NULL, 10);
            d->has_energy = 1;
        } else if (!strcmp(k, "pids")) {
            d->npids = 0;
            const char *s = v;
            while (*s && d->npids < MAXPID) {
                char *e;
                unsigned long pid = strtoul(s, &e, 10);
                if (e == s)
                    break;
                d->pids[d->npids++] = (unsigned)pid;
                s = *e == ',' ? e + 1 : e;
            }
        }
    }
    fclose(f);
    return 0;
}

static struct dev *get(nvmlDevice_t h)
{
    if (load() != 0)
        return NULL;
    struct dev *d = (struct dev *)h;
    return d >= devs && d < devs + ndev ? d : NULL;
}

nvmlReturn_t nvmlInit_v2(void);
nvmlReturn_t nvmlShutdown(void);
nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *n);
nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int i, nvmlDevice_t *h);
nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t h, char *buf, unsigned int len);
nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t h, char *buf, unsigned int len);
nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t h, unsigned int *mw);
nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t h, unsigned long long *mj);
nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t h, unsigned int *n,
                                                     nvmlProcessInfo_t *p);

nvmlReturn_t nvmlInit_v2(void)
{
    return load() == 0 ? OK : ERR_UNINIT;
}

nvmlReturn_t nvmlShutdown(void)
{
    return OK;
}

nvmlReturn_t nvmlDeviceGetCount_v2(unsigned int *n)
{
    if (load() != 0)
        return ERR_UNINIT;
    *n = ndev;
    return OK;
}

nvmlReturn_t nvmlDeviceGetHandleByIndex_v2(unsigned int i, nvmlDevice_t *h)
{
    if (load() != 0 || i >= ndev)
        return ERR_INVALID;
    *h = &devs[i];
    return OK;
}

nvmlReturn_t nvmlDeviceGetName(nvmlDevice_t h, char *buf, unsigned int len)
{
    struct dev *d = get(h);
    if (!d)
        return ERR_INVALID;
    snprintf(buf, len, "%s", d->name);
    return OK;
}

nvmlReturn_t nvmlDeviceGetUUID(nvmlDevice_t h, char *buf, unsigned int len)
{
    struct dev *d = get(h);
    if (!d)
        return ERR_INVALID;
    snprintf(buf, len, "%s", d->uuid);
    return OK;
}

nvmlReturn_t nvmlDeviceGetPowerUsage(nvmlDevice_t h, unsigned int *mw)
{
    struct dev *d = get(h);
    if (!d)
        return ERR_INVALID;
    *mw = (unsigned int)d->power_mw;
    return OK;
}

nvmlReturn_t nvmlDeviceGetTotalEnergyConsumption(nvmlDevice_t h, unsigned long long *mj)
{
    struct dev *d = get(h);
    if (!d)
        return ERR_INVALID;
    if (!d->has_energy)
        return ERR_NOT_SUPPORTED;
    *mj = d->energy_mj;
    return OK;
}

nvmlReturn_t nvmlDeviceGetComputeRunningProcesses_v3(nvmlDevice_t h, unsigned int *n,
                                                     nvmlProcessInfo_t *p)
{
    struct dev *d = get(h);
    if (!d)
        return ERR_INVALID;
    if (*n < d->npids) {
        *n = d->npids;
        return ERR_INSUFFICIENT;
    }
    for (unsigned int i = 0; i < d->npids; i++)
        p[i] = (nvmlProcessInfo_t){d->pids[i], 1u << 20, 0, 0};
    *n = d->npids;
    return OK;
}
