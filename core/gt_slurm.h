/* gt_slurm.h - SLURM accounting (`sacct -P` output) as an input: the
 * streaming parser (bytes -> jobs, steps folded into their job), the cluster
 * description (`--cluster FILE`: our format, and GA4HPC's cluster_info.yaml),
 * and GA4HPC's method (energy of a job from its core time, GPUs, requested
 * memory and the PUE; the MaxRSS variant beside it). Pure: no I/O.
 * docs/formats.md, "SLURM accounting", describes every rule. */
#ifndef GT_SLURM_H
#define GT_SLURM_H

#include <stddef.h>

#include "gt_error.h"
#include "gt_logs.h"

/* --- fields ---------------------------------------------------------------- */

/* "[D-]HH:MM:SS[.mmm]", "MM:SS[.mmm]", "SS[.mmm]" -> seconds. 0 ok, -1 when
 * the text is none of these (empty, "N/A", "INVALID", "Unknown" too). */
int gt_slurm_parse_duration(const char *s, size_t n, double *secs);

/* Memory as sacct prints it -> GB (decimal: K/1e6, M/1e3, G, T*1e3, as
 * GA4HPC converts). `def_unit` is the unit of a bare number ('K' for MaxRSS,
 * 'M' for ReqMem). *per is 'n' (per node), 'c' (per core) or 0 (the total)
 * from a trailing n/c. 0 ok, -1 otherwise. */
int gt_slurm_parse_mem(const char *s, size_t n, char def_unit, double *gb, char *per);

/* GPUs in an AllocTRES/ReqTRES list ("billing=8,cpu=8,gres/gpu=4" or
 * "gres/gpu:a100=2"): the count (gres/gpu=N when present, else the sum of the
 * typed entries; 0 when none) and the first type named (into type, "" when
 * none). */
double gt_slurm_tres_gpus(const char *s, size_t n, char *type, size_t type_size);

/* The number of a TRES entry ("cpu" in "billing=8,cpu=8,mem=16G": 8); NAN
 * when the list has none. */
double gt_slurm_tres_value(const char *s, size_t n, const char *name);

/* GPUs in a legacy AllocGRES/ReqGRES list ("gpu:2", "gpu:tesla:2(IDX:0-1)",
 * "gpu:k80:1,mic:1"): the sum of the gpu entries (a count-less "gpu" is 1) and
 * the first type named (into type, "" when none). */
double gt_slurm_gres_gpus(const char *s, size_t n, char *type, size_t type_size);

enum gt_slurm_state {
    GT_SLURM_COMPLETED = 0,
    GT_SLURM_FAILED,    /* FAILED, NODE_FAIL, BOOT_FAIL, OUT_OF_MEMORY, DEADLINE... */
    GT_SLURM_TIMEOUT,   /* TIMEOUT */
    GT_SLURM_CANCELLED, /* CANCELLED [by N], PREEMPTED, REVOKED */
    GT_SLURM_RUNNING,   /* RUNNING, SUSPENDED, REQUEUED, COMPLETING... (not finished) */
    GT_SLURM_PENDING,   /* PENDING */
    GT_SLURM_STATE__COUNT
};
/* "completed", "failed", "timeout", "cancelled", "running", "pending". */
const char *gt_slurm_state_name(enum gt_slurm_state s);
/* The class of a State cell ("CANCELLED by 123", "CD", "OUT_OF_MEMORY"...);
 * unknown words are failures (as GA4HPC counts them). */
enum gt_slurm_state gt_slurm_state_parse(const char *s, size_t n);

/* --- the parser -------------------------------------------------------------- */

#define GT_SLURM_STR 128

/* One job, its steps folded in. Strings are truncated to GT_SLURM_STR - 1
 * bytes. Numbers are NAN when the log has no usable value. */
struct gt_slurm_job {
    long line;  /* the job's first row */
    long nrows; /* rows folded into it (job line + steps) */
    int has_job_line;
    char id[GT_SLURM_STR];    /* "123", "123_4" (array task), heterogeneous "+N" dropped */
    char array[GT_SLURM_STR]; /* "123" for array task "123_4", else "" */
    char user[GT_SLURM_STR], account[GT_SLURM_STR], partition[GT_SLURM_STR];
    char name[GT_SLURM_STR], nodelist[GT_SLURM_STR], state_text[GT_SLURM_STR];
    char gpu_type[GT_SLURM_STR];
    enum gt_slurm_state state;
    double submit, start, end; /* as logged (local time, no zone) */
    double elapsed_s, totalcpu_s, cputime_s;
    double ncpus, nnodes, ngpus;
    double reqmem_gb; /* the request for the whole job (n/c suffixes applied) */
    int reqmem_zero;  /* ReqMem was 0 (SLURM: "all the memory of the node") */
    double maxrss_gb; /* the largest MaxRSS of any step */
    int attempts;     /* job lines after the first (requeued, sacct -D): added up */
};

/* Called for each job (borrowed for the call). A non-GT_OK return stops. */
typedef enum gt_status (*gt_slurm_job_fn)(void *ud, const struct gt_slurm_job *job);

struct gt_slurm_stream;

/* A streaming parser of `sacct -P` output: any column order, header matched
 * by name; rows of a job's steps ("123.batch", "123.0", "123+1") that follow
 * it are folded into it; a step separated from its job starts a job of its
 * own (the aggregate keeps one of the two). Rows that cannot be used go to
 * ctx->reject with their line; notes to ctx->warn. Memory is bounded by one
 * line (at most GT_SLURM_LINE_MAX bytes; a longer line is rejected).
 * `max_rss_unit` is the unit of a MaxRSS without one ('K' as GA4HPC).
 * NULL when out of memory. */
#define GT_SLURM_LINE_MAX 65536
struct gt_slurm_stream *gt_slurm_open(const struct gt_parse_ctx *ctx, char max_rss_unit,
                                      gt_slurm_job_fn fn, void *ud);
enum gt_status gt_slurm_feed(struct gt_slurm_stream *s, const char *buf, size_t len,
                             struct gt_error *err);
/* Flushes the last job and frees s. */
enum gt_status gt_slurm_finish(struct gt_slurm_stream *s, struct gt_error *err);

/* 1 when the first line of head is a `sacct -P` header. */
int gt_slurm_sniff(const char *head, size_t len);
/* For bytes no format recognises: why they look like sacct output greentally
 * cannot read (columns without -P, another --delimiter, no header line) and
 * what to run instead; NULL when they do not. */
const char *gt_slurm_skip_hint(const char *head, size_t len);

/* --- the cluster description ------------------------------------------------- */

struct gt_cluster_part {
    char name[GT_SLURM_STR];
    long line; /* where the file defines it */
    char cpu_model[GT_SLURM_STR];
    char gpu_model[GT_SLURM_STR];
    double cpu_w_per_core;  /* NAN: not given (resolve cpu_model) */
    double gpu_w;           /* per GPU; NAN: not given */
    double cores_per_node;  /* NAN unknown (node static power shares by it) */
    double mem_per_node_gb; /* NAN unknown (ReqMem 0: the whole node) */
    int gpu_type;           /* GA4HPC "type: GPU" */
};

#define GT_CLUSTER_MAX_PARTS 256

struct gt_cluster {
    char name[GT_SLURM_STR];
    char file[256]; /* as given; for messages */
    char location[GT_SLURM_STR];
    double pue;                      /* NAN: not given */
    double ci_g_per_kwh;             /* NAN: not given (resolve location) */
    double mem_w_per_gb;             /* NAN: not given */
    double granularity_gb;           /* memory request granularity; NAN or 0: none */
    double node_static_w;            /* per node while a job holds it; 0 off */
    double gpu_usage;                /* GPU usage factor (GA4HPC: 1) */
    char max_rss_unit;               /* unit of a bare MaxRSS ('K') */
    char default_part[GT_SLURM_STR]; /* for partitions not in the file ("" = the first) */
    int any_partition; /* every partition is the default, silently (the built-in cluster) */
    size_t nparts;
    struct gt_cluster_part parts[GT_CLUSTER_MAX_PARTS];
};

/* Defaults: every number NAN, gpu_usage 1, node_static_w 0, unit 'K'. */
void gt_cluster_init(struct gt_cluster *c);

/* Reads a cluster description (docs/formats.md "Cluster description"): our
 * keys or GA4HPC's cluster_info.yaml. `name` is used in messages. Unknown keys
 * are warnings through warn (line, text), placeholders "<6>" are read without
 * their brackets with a warning. Errors name name:line. */
enum gt_status gt_cluster_parse(const char *data, size_t len, const char *name,
                                struct gt_cluster *c,
                                void (*warn)(void *ud, long line, const char *msg), void *ud,
                                struct gt_error *err);

/* The partition of a job: the first of a comma-separated list that is in the
 * file; NULL when none is (the caller warns and uses gt_cluster_default). */
const struct gt_cluster_part *gt_cluster_find(const struct gt_cluster *c, const char *partition);
/* The default partition (the named default, else the first); NULL when none. */
const struct gt_cluster_part *gt_cluster_default(const struct gt_cluster *c);

/* --- the method -------------------------------------------------------------- */

/* GA4HPC's energy of one job (kWh, before the PUE unless said), with the
 * MaxRSS variant beside it. */
struct gt_slurm_energy {
    double cpu_core_h;         /* core-hours used: TotalCPU, or CPUTime when TotalCPU is 0 */
    double cpu_core_h_charged; /* CPUTime (Elapsed x NCPUS) */
    double gpu_h;              /* Elapsed x GPUs */
    double cpu_kwh, gpu_kwh, mem_kwh, static_kwh; /* before PUE */
    double mem_needed_gb;     /* MaxRSS rounded up to the granularity, capped at the request */
    double mem_needed_kwh;    /* memory energy on mem_needed_gb (before PUE) */
    double overallocation;    /* requested / needed (1 when requested <= needed); NAN unknown */
    double energy_kwh;        /* (cpu + gpu + mem + static) x PUE */
    double energy_maxrss_kwh; /* (cpu + gpu + mem_needed + static) x PUE */
    double co2e_g, co2e_maxrss_g;
    unsigned flags; /* GT_SLURM_E_* */
};
enum {
    GT_SLURM_E_CPU_CAPPED = 1u << 0,   /* TotalCPU > Elapsed x NCPUS: capped */
    GT_SLURM_E_CPUTIME_USED = 1u << 1, /* TotalCPU 0 or unknown: CPUTime (100 %) */
    GT_SLURM_E_NO_MAXRSS = 1u << 2,    /* MaxRSS unknown: needed = requested */
    GT_SLURM_E_NO_GPU_W = 1u << 3,     /* GPUs on a partition without GPU power */
    GT_SLURM_E_MEM_NODE = 1u << 4      /* ReqMem 0: the node's memory */
};

/* The figures for job on partition p of cluster c (c's numbers resolved, not
 * NAN; p->cpu_w_per_core resolved). default_gpu_w is used for GPUs on a
 * partition that has no GPU power. */
void gt_slurm_job_energy(const struct gt_slurm_job *job, const struct gt_cluster *c,
                         const struct gt_cluster_part *p, double default_gpu_w,
                         struct gt_slurm_energy *e);

/* --- the format of the detection table --------------------------------------- */

/* What the "slurm-sacct" format needs besides the bytes: the cluster (NULL:
 * the built-in description named by the caller) and the GPU power to use
 * where a partition has none. Given to the parser through ctx->opts. */
struct gt_slurm_opts {
    const struct gt_cluster *cluster; /* numbers resolved */
    double default_gpu_w;
};

struct gt_stream *gt_sacct_open(const struct gt_parse_ctx *ctx);
enum gt_status gt_sacct_feed(struct gt_stream *s, const char *buf, size_t len,
                             struct gt_error *err);
enum gt_status gt_sacct_finish(struct gt_stream *s, struct gt_error *err);

/* --- GA4HPC's headline figures ---------------------------------------------- */

struct gt_agg_result;

/* One user's jobs (or all of them), as GA4HPC sums them. */
struct gt_slurm_user {
    const char *user; /* borrowed from the result; "" unknown */
    long jobs;
    long state[GT_SLURM_STATE__COUNT];
    double energy_kwh, co2e_g;               /* GA4HPC: requested memory */
    double energy_maxrss_kwh, co2e_maxrss_g; /* the MaxRSS variant */
    double cpu_core_h, cpu_core_h_charged, gpu_h;
    double overallocation_sum; /* mean = sum / overallocation_n */
    long overallocation_n;
    double failed_kwh, failed_co2e_g; /* jobs that did not complete */
};

struct gt_slurm_headline {
    size_t nusers;
    struct gt_slurm_user *users; /* by user name; owned */
    struct gt_slurm_user total;
};

/* The figures of every SLURM job among res's runs, per user and in total
 * (total.jobs is 0 when there are none). Release with
 * gt_slurm_headline_release. GT_E_NOMEM when out of memory. */
enum gt_status gt_slurm_headline_build(const struct gt_agg_result *res,
                                       struct gt_slurm_headline *h);
void gt_slurm_headline_release(struct gt_slurm_headline *h);

#endif
