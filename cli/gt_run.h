/* gt_run.h - the sensors of `greentally run` (procfs, cgroup v2, RAPL
 * powercap, NVML through dlopen, a Tasmota smart plug) and its log writer.
 * The arithmetic is core/gt_meter.h. The roots of /proc and /sys and the
 * NVML library come from GT_PROC_ROOT, GT_SYS_ROOT and GT_NVML_LIB (test
 * hooks, see docs/greentally.1). */
#ifndef GT_RUN_H
#define GT_RUN_H

#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "gt_error.h"
#include "gt_meter.h"

/* "/proc" or $GT_PROC_ROOT; "/sys" or $GT_SYS_ROOT. Static strings. */
const char *gt_run_proc_root(void);
const char *gt_run_sys_root(void);

/* snprintf for paths: -1 (buf holds "") when the result does not fit. */
int gt_run_path(char *buf, size_t size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

/* Reads a small file into buf (NUL-terminated, at most size - 1 bytes).
 * Returns the byte count, -1 when it cannot be read. */
long gt_run_read_small(const char *path, char *buf, size_t size);

/* --- the measured processes (run_proc.c) ---------------------------------- */

enum gt_scope_kind { GT_SCOPE_TREE = 0, GT_SCOPE_USER, GT_SCOPE_CGROUP };
const char *gt_scope_name(enum gt_scope_kind k);

struct gt_scope;

/* What a scope reads: cumulative CPU seconds since gt_scope_open, memory
 * now (bytes; PSS where smaps_rollup is readable, else RSS) and the pids it
 * holds now (sorted, owned by the scope, valid until the next read). */
struct gt_scope_read {
    double cpu_s;
    double mem_bytes;
    long nproc;
    const pid_t *pids;
    size_t npids;
};

/* Opens a scope. self is greentally's pid (never counted; the tree is its
 * descendants). GT_E_IO with a message when the scope cannot be read (no
 * cgroup v2). The caller frees with gt_scope_free. */
enum gt_status gt_scope_open(struct gt_scope **out, enum gt_scope_kind kind, pid_t self,
                             struct gt_error *err);
/* Reads the scope now. Tree scope: CPU = what reaped children left
 * (getrusage RUSAGE_CHILDREN) + utime+stime+cutime+cstime of every live
 * descendant, never going back. */
enum gt_status gt_scope_sample(struct gt_scope *s, struct gt_scope_read *r, struct gt_error *err);
/* 1 when pid was in the scope at the last read. */
int gt_scope_has(const struct gt_scope *s, pid_t pid);
/* The cgroup path the scope reads ("" for other scopes). */
const char *gt_scope_cgroup(const struct gt_scope *s);
void gt_scope_free(struct gt_scope *s);

/* Busy CPU seconds of the host since boot (/proc/stat: user + nice + system
 * + irq + softirq + steal). -1 when unreadable. */
int gt_host_busy(double *busy_s);

/* Host facts: CPU model ("model name" of /proc/cpuinfo, "" when absent),
 * logical CPUs, RAM in GiB (NAN when unknown). */
void gt_host_info(char *cpu_model, size_t size, long *logical_cpus, double *ram_gb);

/* --- RAPL through powercap (run_rapl.c) ------------------------------------ */

#define GT_RAPL_MAX 16

struct gt_rapl_domain {
    char path[1024]; /* directory */
    char name[64];   /* package-0, dram, psys */
    int dram;        /* counted as DRAM (else package) */
    double max_uj;   /* max_energy_range_uj */
    double last_uj;  /* last reading */
};

struct gt_rapl {
    int readable; /* at least one package domain readable */
    size_t n;
    struct gt_rapl_domain d[GT_RAPL_MAX];
    int has_dram;
    char why[256]; /* when not readable */
};

/* Finds the package and DRAM domains under SYS/class/powercap/intel-rapl*
 * (psys and core/uncore subdomains are not counted) and takes a first
 * reading. */
void gt_rapl_open(struct gt_rapl *r);
/* Host package and DRAM energy (J) since the last reading, wrap-around fixed;
 * NAN for what could not be read (a domain that failed keeps its previous
 * reading, so the next interval gets its energy). */
void gt_rapl_read(struct gt_rapl *r, double *pkg_j, double *dram_j);

/* --- NVML through dlopen (run_nvml.c) -------------------------------------- */

struct gt_nvml;

struct gt_gpu_info {
    unsigned index; /* NVML index */
    char name[96];
    char uuid[96];
    int energy_counter; /* nvmlDeviceGetTotalEnergyConsumption works */
    double idle_w;      /* measured before the command started */
};

/* Loads NVML (libpath, or "libnvidia-ml.so.1") and lists the GPUs allowed
 * by CUDA_VISIBLE_DEVICES (indices or UUIDs; unset = all). NULL with a
 * reason in why (library missing, init failed, no GPU). Free with
 * gt_nvml_close. */
struct gt_nvml *gt_nvml_open(const char *libpath, char *why, size_t size);
size_t gt_nvml_count(const struct gt_nvml *g);
const struct gt_gpu_info *gt_nvml_gpu(const struct gt_nvml *g, size_t i);
/* Measures idle power: the mean of `reads` power readings `gap_ms` apart. */
void gt_nvml_measure_idle(struct gt_nvml *g, int reads, int gap_ms);
/* Energy of each GPU since the last call (J, NAN when unreadable: counter
 * delta, else power x dt_s), mean power (W) and whether a process for which
 * in_scope says 1 runs on it. Arrays hold gt_nvml_count entries. */
void gt_nvml_read(struct gt_nvml *g, double dt_s, int (*in_scope)(void *, pid_t), void *ud,
                  double *j, double *w, int *active);
void gt_nvml_close(struct gt_nvml *g);

/* --- Tasmota smart plug (run_plug.c) --------------------------------------- */

/* Reads StatusSNS.ENERGY.Total (kWh) from URL/cm?cmnd=Status%208 within
 * timeout_s. GT_E_IO (network, HTTP status, timeout) or GT_E_PARSE
 * (malformed JSON, no Total) with a message. */
/* url with its credentials replaced by *** (user:password@ and Tasmota's
 * user= / password= parameters), into out; returns out. */
char *gt_plug_redact(const char *url, char *out, size_t size);

enum gt_status gt_plug_read(const char *url, double timeout_s, double *kwh, struct gt_error *err);

#endif
