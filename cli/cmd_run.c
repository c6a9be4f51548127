/* cmd_run.c - `greentally run -- CMD`: runs a command as given (execvp, no
 * shell, standard streams untouched), samples it while it runs, writes a
 * greentally-run log (docs/record-format.md) and prints the footprint on
 * standard error. The sensors are cli/run_*.c, the arithmetic core/meter.c. */
#include <cjson/cJSON.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pwd.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "gt_cli.h"
#include "gt_duration.h"
#include "gt_resolve.h"
#include "gt_run.h"
#include "gt_unc.h"
#include "gt_time.h"

#define LOG_FORMAT_VERSION 1
#define MAX_NOTES          8

static const struct gt_option options[] = {
    {"interval", 'i', GT_OPT_VALUE, "DURATION", "time between samples (default 1s)"},
    {"scope", 0, GT_OPT_VALUE, "SCOPE",
     "what is measured: tree (the command and all its descendants), user (every process of "
     "yours) or cgroup (the cgroup v2 greentally runs in, e.g. a SLURM job) (default tree)"},
    {"cpu", 0, GT_OPT_VALUE, "NAME", "CPU model for the TDP, replaces the one of /proc/cpuinfo"},
    {"cpu-tdp-per-core", 0, GT_OPT_VALUE, "W", "TDP per core, replaces the hwdb value"},
    {"cpu-power", 0, GT_OPT_VALUE, "METHOD",
     "what counts for the CPU: rapl (measured package energy x CPU-time share), model (cores "
     "used x TDP per core) or auto: rapl when readable (default auto)"},
    {"memory-power", 0, GT_OPT_VALUE, "W_PER_GB",
     "memory power per GB (default 0.3725, Green Algorithms)"},
    {"platform", 0, GT_OPT_VALUE, "KIND", "personal, local or cloud: the default PUE"},
    {"provider", 0, GT_OPT_VALUE, "P", "cloud provider: gcp, aws, azure, ovhcloud, oracle"},
    {"region", 0, GT_OPT_VALUE, "R", "cloud region: its location and PUE"},
    {"pue", 0, GT_OPT_VALUE, "X", "power usage effectiveness >= 1"},
    {"node-static-w", 0, GT_OPT_VALUE, "W",
     "the node's fixed (static) draw, shared by the processes' CPU-time share of the node: W x "
     "CPU s / logical CPUs (default 0: off; seed 000)"},
    {"location", 'l', GT_OPT_VALUE, "CODE|NAME",
     "where the electricity comes from: GB, US-CA, FRA, France (default WORLD)"},
    {"ci", 0, GT_OPT_VALUE, "G_PER_KWH", "carbon intensity in gCO2e/kWh, replaces the location's"},
    {"ci-dataset", 0, GT_OPT_VALUE, "NAME", "carbon-intensity table: ga-v3.0 or codecarbon"},
    {"plug", 0, GT_OPT_VALUE, "URL",
     "a Tasmota smart plug (http://HOST) read before and after: energy at the wall"},
    {"plug-timeout", 0, GT_OPT_VALUE, "DURATION", "how long to wait for the plug (default 5s)"},
    {"log-dir", 0, GT_OPT_VALUE, "DIR", "where the log goes (default ./greentally-logs)"},
    {"project", 0, GT_OPT_VALUE, "NAME", "project name recorded in the log"},
    {"quiet", 'q', GT_OPT_FLAG, NULL, "no status line and no footprint (the log is written)"},
    {"hwdb-file", 0, GT_OPT_LIST, "FILE", "add or override hwdb rows from FILE (repeatable)"},
    GT_OPT_END};

struct run {
    const struct gt_args *a;
    char **argv;
    double interval;
    enum gt_scope_kind scope_kind;
    struct gt_scope *scope;
    int scope_failed;
    struct gt_rapl rapl;
    enum gt_cpu_method method;
    struct gt_nvml *nvml;
    char nvml_why[256];
    struct gt_meter meter;
    struct gt_estimate_report place; /* PUE and carbon intensity, with sources */
    struct gt_unc unc;               /* the uncertainty factors (the footprint's range) */
    /* hardware */
    char cpu_model[256];
    long logical_cpus;
    double ram_gb;
    const struct gt_hw_cpu *cpu_row;
    double tdp_per_core;
    char tdp_what[300], tdp_source[800];
    double mem_w;
    char mem_source[800];
    const struct gt_hw_constant *mem_const;
    char notes[MAX_NOTES][300];
    int nnotes;
    /* smart plug */
    const char *plug;
    double plug_timeout, plug_start, plug_kwh;
    char plug_err[600];
    /* log */
    FILE *log;
    char *log_path; /* owned */
    int log_failed;
    char run_id[300];
    char hwdb_version[64];
    char host[256], user[64];
    /* time and state */
    double t0, t0_real, last_t;
    double prev_cpu, prev_busy;
    int have_busy;
    long nsamples, max_nproc;
    pid_t self, child;
    int status, done;
    int tty;
};

__attribute__((format(printf, 2, 3))) static void note(struct run *R, const char *fmt, ...)
{
    if (R->nnotes >= MAX_NOTES)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(R->notes[R->nnotes++], sizeof R->notes[0], fmt, ap);
    va_end(ap);
}

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double real_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* --- JSON lines ---------------------------------------------------------------------- */

static void jnum(cJSON *o, const char *name, double v)
{
    if (isnan(v) || isinf(v))
        cJSON_AddNullToObject(o, name);
    else
        cJSON_AddNumberToObject(o, name, v);
}

/* Writes one object as a line and flushes it; frees o. A failure is reported
 * once and ends logging (the run goes on). */
static void log_write(struct run *R, cJSON *o)
{
    if (!R->log || !o) {
        cJSON_Delete(o);
        return;
    }
    char *s = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    if (!s || fputs(s, R->log) < 0 || fputc('\n', R->log) == EOF || fflush(R->log) != 0) {
        gt_warn("cannot write '%s': %s; the log stops here", R->log_path, strerror(errno));
        fclose(R->log);
        R->log = NULL;
        R->log_failed = 1;
    }
    free(s);
}

static void origin(cJSON *arr, const struct gt_hw_origin *o)
{
    char buf[600];
    snprintf(buf, sizeof buf, "%s:%ld", o->file, o->line);
    cJSON_AddItemToArray(arr, cJSON_CreateString(buf));
}

static cJSON *header(struct run *R)
{
    cJSON *h = cJSON_CreateObject();
    char b[64];
    cJSON_AddStringToObject(h, "type", "header");
    cJSON_AddStringToObject(h, "format", "greentally-run");
    cJSON_AddNumberToObject(h, "format_version", LOG_FORMAT_VERSION);
    cJSON_AddStringToObject(h, "greentally_version", GT_VERSION);
    cJSON_AddStringToObject(h, "run_id", R->run_id);
    cJSON_AddStringToObject(h, "project", gt_arg(R->a, "project") ? gt_arg(R->a, "project") : "");
    cJSON_AddStringToObject(h, "host", R->host);
    cJSON_AddStringToObject(h, "user", R->user);
    gt_time_fmt(floor(R->t0_real), 1, b, sizeof b);
    cJSON_AddStringToObject(h, "start", b);
    cJSON_AddNumberToObject(h, "start_unix", R->t0_real);
    cJSON *argv = cJSON_AddArrayToObject(h, "argv");
    for (char **p = R->argv; *p; p++)
        cJSON_AddItemToArray(argv, cJSON_CreateString(*p));
    cJSON_AddNumberToObject(h, "interval_s", R->interval);
    cJSON_AddStringToObject(h, "scope", gt_scope_name(R->scope_kind));
    if (R->scope_kind == GT_SCOPE_CGROUP)
        cJSON_AddStringToObject(h, "cgroup", gt_scope_cgroup(R->scope));
    cJSON_AddStringToObject(h, "cpu_method", gt_cpu_method_name(R->method));
    cJSON *cpu = cJSON_AddObjectToObject(h, "cpu");
    cJSON_AddStringToObject(cpu, "model", R->cpu_model);
    cJSON_AddNumberToObject(cpu, "logical_cpus", (double)R->logical_cpus);
    cJSON_AddStringToObject(cpu, "hwdb_model", R->cpu_row ? R->cpu_row->model : "");
    jnum(cpu, "tdp_per_core_w", R->tdp_per_core);
    cJSON_AddStringToObject(cpu, "tdp", R->tdp_what);
    cJSON_AddStringToObject(cpu, "tdp_source", R->tdp_source);
    cJSON *gpus = cJSON_AddArrayToObject(h, "gpus");
    for (size_t i = 0; i < gt_nvml_count(R->nvml); i++) {
        const struct gt_gpu_info *g = gt_nvml_gpu(R->nvml, i);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddNumberToObject(o, "index", g->index);
        cJSON_AddStringToObject(o, "name", g->name);
        cJSON_AddStringToObject(o, "uuid", g->uuid);
        cJSON_AddNumberToObject(o, "idle_w", g->idle_w);
        cJSON_AddBoolToObject(o, "energy_counter", g->energy_counter);
        cJSON_AddItemToArray(gpus, o);
    }
    cJSON_AddStringToObject(h, "gpu_status", R->nvml ? "measured" : R->nvml_why);
    jnum(h, "ram_gb", R->ram_gb);
    cJSON_AddNumberToObject(h, "memory_w_per_gb", R->mem_w);
    cJSON_AddStringToObject(h, "memory_power_source", R->mem_source);
    cJSON *rapl = cJSON_AddObjectToObject(h, "rapl");
    cJSON_AddBoolToObject(rapl, "readable", R->rapl.readable);
    cJSON *doms = cJSON_AddArrayToObject(rapl, "domains");
    for (size_t i = 0; i < R->rapl.n; i++)
        cJSON_AddItemToArray(doms, cJSON_CreateString(R->rapl.d[i].name));
    if (!R->rapl.readable)
        cJSON_AddStringToObject(rapl, "why", R->rapl.why);
    const struct gt_hw_location *loc = R->place.location;
    cJSON_AddStringToObject(h, "location", loc ? loc->code : "");
    cJSON_AddNumberToObject(h, "ci_g_per_kwh", R->place.in.ci_g_per_kwh);
    cJSON_AddStringToObject(h, "ci_source", R->place.ci.what);
    cJSON_AddNumberToObject(h, "pue", R->place.in.pue);
    cJSON_AddStringToObject(h, "pue_source", R->place.pue.what);
    if (R->plug) {
        cJSON *p = cJSON_AddObjectToObject(h, "plug");
        char shown[1024];
        cJSON_AddStringToObject(p, "url", gt_plug_redact(R->plug, shown, sizeof shown));
        jnum(p, "start_kwh", R->plug_start);
        if (R->plug_err[0])
            cJSON_AddStringToObject(p, "error", R->plug_err);
    }
    cJSON *rows = cJSON_AddArrayToObject(h, "hwdb_rows");
    if (R->cpu_row)
        origin(rows, &R->cpu_row->origin);
    if (R->mem_const)
        origin(rows, &R->mem_const->origin);
    if (loc)
        origin(rows, &loc->origin);
    cJSON_AddStringToObject(h, "hwdb_version", R->hwdb_version);
    cJSON *notes = cJSON_AddArrayToObject(h, "notes");
    for (int i = 0; i < R->nnotes; i++)
        cJSON_AddItemToArray(notes, cJSON_CreateString(R->notes[i]));
    return h;
}

/* --- sampling ------------------------------------------------------------------------ */

static int in_scope(void *ud, pid_t pid)
{
    return gt_scope_has(ud, pid);
}

static void status_line(struct run *R, double now, const struct gt_meter_step *st,
                        const struct gt_scope_read *rd)
{
    if (!R->tty)
        return;
    long e = (long)(now - R->t0);
    double wh =
        (R->meter.cpu_j + R->meter.ram_j + (R->meter.gpu_measured ? R->meter.gpu_j : 0)) / 3600.0;
    fprintf(stderr, "\rgreentally: %ld:%02ld:%02ld  %ld proc  %.2f cores  %.1f W  %.3g Wh\033[K",
            e / 3600, e / 60 % 60, e % 60, rd->nproc, st->cores, st->w, wh);
    fflush(stderr);
}

static void sample(struct run *R, double now)
{
    double dt = now - R->last_t;
    R->last_t = now;
    struct gt_scope_read rd = {0};
    struct gt_error err = {0};
    if (gt_scope_sample(R->scope, &rd, &err) != GT_OK) {
        if (!R->scope_failed)
            gt_warn("%s (CPU time of this interval not counted)", err.msg);
        R->scope_failed = 1;
        rd.cpu_s = R->prev_cpu;
        rd.mem_bytes = NAN;
    }
    double dcpu = rd.cpu_s - R->prev_cpu;
    if (dcpu < 0)
        dcpu = 0;
    else
        R->prev_cpu = rd.cpu_s;
    if (rd.nproc > R->max_nproc)
        R->max_nproc = rd.nproc;
    double busy, dbusy = NAN;
    if (gt_host_busy(&busy) == 0) {
        if (R->have_busy)
            dbusy = busy - R->prev_busy;
        R->prev_busy = busy;
        R->have_busy = 1;
    }
    double pkg = NAN, dram = NAN;
    if (R->rapl.readable)
        gt_rapl_read(&R->rapl, &pkg, &dram);
    size_t ng = gt_nvml_count(R->nvml);
    double gj[GT_METER_MAX_GPUS], gw[GT_METER_MAX_GPUS];
    int ga[GT_METER_MAX_GPUS];
    if (ng)
        gt_nvml_read(R->nvml, dt, in_scope, R->scope, gj, gw, ga);
    struct gt_meter_sample s = {dt, dcpu, rd.mem_bytes, dbusy, pkg, dram, ng, gj, ga};
    struct gt_meter_step st;
    gt_meter_add(&R->meter, &s, &st);
    R->nsamples++;

    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "type", "sample");
    cJSON_AddNumberToObject(o, "t", now - R->t0);
    cJSON_AddNumberToObject(o, "dt", dt);
    cJSON_AddNumberToObject(o, "cpu_s", dcpu);
    cJSON_AddNumberToObject(o, "cores", st.cores);
    jnum(o, "mem_b", rd.mem_bytes);
    cJSON_AddNumberToObject(o, "nproc", (double)rd.nproc);
    jnum(o, "host_busy_s", dbusy);
    if (R->rapl.readable) {
        cJSON *r = cJSON_AddObjectToObject(o, "rapl_j");
        jnum(r, "pkg", pkg);
        jnum(r, "dram", dram);
        jnum(o, "share", st.share);
    }
    if (ng) {
        cJSON *w = cJSON_AddArrayToObject(o, "gpu_w");
        cJSON *act = cJSON_AddArrayToObject(o, "gpu_active");
        for (size_t i = 0; i < ng; i++) {
            cJSON_AddItemToArray(w, isnan(gw[i]) ? cJSON_CreateNull() : cJSON_CreateNumber(gw[i]));
            cJSON_AddItemToArray(act, cJSON_CreateBool(ga[i]));
        }
    }
    cJSON *e = cJSON_AddObjectToObject(o, "e_j");
    cJSON_AddNumberToObject(e, "cpu", st.cpu_j);
    cJSON_AddNumberToObject(e, "ram", st.ram_j);
    jnum(e, "gpu", st.gpu_j);
    log_write(R, o);
    status_line(R, now, &st, &rd);
}

/* --- the command --------------------------------------------------------------------- */

static void reap(struct run *R)
{
    int st;
    pid_t p;
    while ((p = waitpid(-1, &st, WNOHANG)) > 0) {
        if (p == R->child) {
            R->status = st;
            R->done = 1;
        }
    }
}

/* Starts argv; returns 0, or the exit code after printing why it could not
 * run (127 not found, 126 other). */
static int start(struct run *R, const sigset_t *old)
{
    int pfd[2];
    if (pipe(pfd) != 0 || fcntl(pfd[0], F_SETFD, FD_CLOEXEC) != 0 ||
        fcntl(pfd[1], F_SETFD, FD_CLOEXEC) != 0)
        return gt_fail(GT_EXIT_DATA, "cannot create a pipe: %s", strerror(errno));
    R->have_busy = gt_host_busy(&R->prev_busy) == 0;
    R->t0 = R->last_t = mono();
    R->t0_real = real_now();
    pid_t pid = fork();
    if (pid < 0) {
        close(pfd[0]);
        close(pfd[1]);
        return gt_fail(GT_EXIT_DATA, "cannot fork: %s", strerror(errno));
    }
    if (pid == 0) {
        close(pfd[0]);
        sigprocmask(SIG_SETMASK, old, NULL);
        /* never orphaned: if greentally dies, the command is told to stop */
        prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (getppid() != R->self)
            raise(SIGTERM);
        execvp(R->argv[0], R->argv);
        int e = errno;
        ssize_t w = write(pfd[1], &e, sizeof e);
        (void)w;
        _exit(127);
    }
    R->child = pid;
    close(pfd[1]);
    int e = 0;
    ssize_t n;
    do
        n = read(pfd[0], &e, sizeof e);
    while (n < 0 && errno == EINTR);
    close(pfd[0]);
    if (n == (ssize_t)sizeof e) {
        int st;
        while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
            ;
        return gt_fail(e == ENOENT ? 127 : 126, "cannot run '%s': %s", R->argv[0], strerror(e));
    }
    return 0;
}

static void forward(struct run *R, int sig, const siginfo_t *si)
{
    /* a signal from the terminal went to the whole foreground process group,
     * the command included: sending it again would deliver it twice */
    if (si->si_code == SI_KERNEL)
        return;
    if (!R->done)
        kill(R->child, sig);
}

static int exit_code(int status)
{
    if (WIFEXITED(status))
        return WEXITSTATUS(status);
    if (WIFSIGNALED(status))
        return 128 + WTERMSIG(status);
    return GT_EXIT_DATA;
}

static void loop(struct run *R, const sigset_t *set)
{
    double next = R->t0 + R->interval;
    while (!R->done) {
        double now = mono();
        if (now >= next) {
            sample(R, now);
            next += R->interval;
            if (next <= now)
                next = now + R->interval;
            continue;
        }
        double w = next - now;
        struct timespec to = {(time_t)w, (long)((w - floor(w)) * 1e9)};
        siginfo_t si;
        int sig = sigtimedwait(set, &si, &to);
        if (sig > 0 && sig != SIGCHLD)
            forward(R, sig, &si);
        reap(R);
    }
    reap(R);
    double now = mono();
    if (now > R->last_t || R->nsamples == 0)
        sample(R, now);
}

/* --- set-up -------------------------------------------------------------------------- */

static int resolve_cpu(struct run *R, const struct gt_hwdb *db)
{
    double per_core = 0;
    int has_pc, rc;
    if ((rc = gt_opt_number(R->a, "cpu-tdp-per-core", &per_core, &has_pc)))
        return rc;
    const char *name = gt_arg(R->a, "cpu");
    if (name)
        snprintf(R->cpu_model, sizeof R->cpu_model, "%s", name);
    struct gt_error err = {0};
    struct gt_hw_match m;
    if (R->cpu_model[0] && gt_hwdb_find_cpu(db, R->cpu_model, &m, &err) == GT_OK) {
        R->cpu_row = &db->cpus.v[m.index];
    } else if (name && !has_pc) {
        return gt_fail_err(&err);
    } else if (!has_pc) {
        if (gt_hwdb_find_cpu(db, "Any", &m, &err) != GT_OK)
            return gt_fail_err(&err);
        const struct gt_hw_cpu *any = &db->cpus.v[m.index];
        note(R,
             "%s: using Green Algorithms' 'Any' CPU (%g W per core); give --cpu or "
             "--cpu-tdp-per-core",
             R->cpu_model[0] ? err.msg : "no CPU model in /proc/cpuinfo", any->tdp_per_core_w);
        R->cpu_row = any;
    }
    if (has_pc) {
        R->tdp_per_core = per_core;
        snprintf(R->tdp_what, sizeof R->tdp_what, "%g W per core (--cpu-tdp-per-core)", per_core);
        snprintf(R->tdp_source, sizeof R->tdp_source, "user (--cpu-tdp-per-core)");
        return 0;
    }
    const struct gt_hw_cpu *c = R->cpu_row;
    if (isnan(c->tdp_per_core_w))
        return gt_fail(GT_EXIT_DATA,
                       "cpu '%s' has no TDP per core in the hwdb; give --cpu-tdp-per-core",
                       c->model);
    R->tdp_per_core = c->tdp_per_core_w;
    snprintf(R->tdp_what, sizeof R->tdp_what, "%s: %g W per core", c->model, c->tdp_per_core_w);
    snprintf(R->tdp_source, sizeof R->tdp_source, "%s", c->source);
    return 0;
}

static int setup(struct run *R, const struct gt_hwdb *db)
{
    const char *iv = gt_arg(R->a, "interval");
    struct gt_error err = {0};
    if (gt_hwdb_unc(db, &R->unc, NULL, NULL, &err) != GT_OK)
        return gt_fail_err(&err);
    R->interval = 1;
    if (iv && gt_duration_parse(iv, strlen(iv), &R->interval, &err) != GT_OK)
        return gt_fail(GT_EXIT_USAGE, "--interval: %s", err.msg);
    if (!(R->interval >= 0.01))
        return gt_fail(GT_EXIT_USAGE, "--interval must be at least 10ms, got '%s'", iv);
    R->plug_timeout = 5;
    const char *pt = gt_arg(R->a, "plug-timeout");
    if (pt && (gt_duration_parse(pt, strlen(pt), &R->plug_timeout, &err) != GT_OK ||
               !(R->plug_timeout > 0)))
        return gt_fail(GT_EXIT_USAGE, "--plug-timeout: invalid duration '%s'", pt);
    const char *sc = gt_arg(R->a, "scope");
    if (!sc || !strcmp(sc, "tree"))
        R->scope_kind = GT_SCOPE_TREE;
    else if (!strcmp(sc, "user"))
        R->scope_kind = GT_SCOPE_USER;
    else if (!strcmp(sc, "cgroup"))
        R->scope_kind = GT_SCOPE_CGROUP;
    else
        return gt_fail(GT_EXIT_USAGE, "unknown scope '%s' (tree, user or cgroup)", sc);
    const char *cp = gt_arg(R->a, "cpu-power");
    if (cp && strcmp(cp, "auto") && strcmp(cp, "model") && strcmp(cp, "rapl"))
        return gt_fail(GT_EXIT_USAGE, "unknown --cpu-power '%s' (auto, model or rapl)", cp);

    int rc;
    gt_hwdb_version(db, R->hwdb_version, sizeof R->hwdb_version);
    gt_host_info(R->cpu_model, sizeof R->cpu_model, &R->logical_cpus, &R->ram_gb);
    if ((rc = resolve_cpu(R, db)))
        return rc;
    int has_mp;
    if ((rc = gt_opt_number(R->a, "memory-power", &R->mem_w, &has_mp)))
        return rc;
    if (has_mp) {
        snprintf(R->mem_source, sizeof R->mem_source, "user (--memory-power)");
    } else {
        R->mem_const = gt_hwdb_constant(db, "memory_power");
        if (!R->mem_const)
            return gt_fail(GT_EXIT_DATA, "hwdb constant 'memory_power' is missing");
        R->mem_w = R->mem_const->value;
        snprintf(R->mem_source, sizeof R->mem_source, "%s", R->mem_const->source);
    }
    memset(&R->place, 0, sizeof R->place);
    if ((rc = gt_resolve_place(R->a, db, &R->place)))
        return rc;

    gt_rapl_open(&R->rapl);
    if (cp && !strcmp(cp, "rapl") && !R->rapl.readable)
        return gt_fail(GT_EXIT_DATA, "--cpu-power rapl: %s", R->rapl.why);
    R->method = R->rapl.readable && !(cp && !strcmp(cp, "model")) ? GT_CPU_RAPL : GT_CPU_MODEL;

    if ((rc = gt_scope_open(&R->scope, R->scope_kind, R->self, &err)) != GT_OK)
        return gt_fail_err(&err);

    R->nvml = gt_nvml_open(getenv("GT_NVML_LIB"), R->nvml_why, sizeof R->nvml_why);
    double idle[GT_METER_MAX_GPUS];
    size_t ng = gt_nvml_count(R->nvml);
    if (ng) {
        gt_nvml_measure_idle(R->nvml, 5, 100);
        for (size_t i = 0; i < ng; i++)
            idle[i] = gt_nvml_gpu(R->nvml, i)->idle_w;
    }
    gt_meter_init(&R->meter, R->method, R->tdp_per_core, R->mem_w, R->nvml != NULL, ng, idle);
    double nsw;
    int has_nsw;
    int rc2 = gt_opt_number(R->a, "node-static-w", &nsw, &has_nsw);
    if (rc2)
        return rc2;
    if (has_nsw && nsw < 0)
        return gt_fail(GT_EXIT_USAGE, "--node-static-w must be >= 0, got '%s'",
                       gt_arg(R->a, "node-static-w"));
    if (has_nsw) {
        R->meter.node_static_w = nsw;
        R->meter.node_cpus = R->logical_cpus > 0 ? (double)R->logical_cpus : 1;
    }

    R->plug = gt_arg(R->a, "plug");
    R->plug_start = R->plug_kwh = NAN;
    if (R->plug && gt_plug_read(R->plug, R->plug_timeout, &R->plug_start, &err) != GT_OK) {
        gt_warn("%s: energy at the wall not measured", err.msg);
        snprintf(R->plug_err, sizeof R->plug_err, "%s", err.msg);
    }
    return 0;
}

/* The log directory, opened without following a symbolic link, and checked:
 * a directory of the user's that nobody else can write (in a shared working
 * directory another user could have created it first, to read the logs or
 * replace them). Its descriptor, or -1 after printing why. */
static int open_log_dir(const char *dir)
{
    if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
        gt_fail(GT_EXIT_DATA, "cannot create '%s': %s", dir, strerror(errno));
        return -1;
    }
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        struct stat l;
        if (e == ELOOP || e == ENOTDIR)
            gt_fail(GT_EXIT_DATA, "refusing to write the log into '%s': not a directory (%s)", dir,
                    lstat(dir, &l) == 0 && S_ISLNK(l.st_mode) ? "a symbolic link" : strerror(e));
        else
            gt_fail(GT_EXIT_DATA, "cannot open '%s': %s", dir, strerror(e));
        return -1;
    }
    struct stat st;
    const char *why = NULL;
    char b[96];
    if (fstat(fd, &st) != 0) {
        why = strerror(errno);
    } else if (st.st_uid != geteuid()) {
        snprintf(b, sizeof b, "it belongs to another user (uid %ld)", (long)st.st_uid);
        why = b;
    } else if (st.st_mode & (S_IWGRP | S_IWOTH)) {
        snprintf(b, sizeof b, "others can write it (mode %04o; chmod go-w fixes that)",
                 (unsigned)(st.st_mode & 07777));
        why = b;
    }
    if (why) {
        gt_fail(GT_EXIT_DATA, "refusing to write the log into '%s': %s", dir, why);
        close(fd);
        return -1;
    }
    return fd;
}

/* Creates the log directory (one level) and the log file (mode 0600: it
 * holds the command line), named after the start time, host and pid. */
static int open_log(struct run *R)
{
    const char *dir = gt_arg(R->a, "log-dir");
    if (!dir || !*dir)
        dir = "greentally-logs";
    int dfd = open_log_dir(dir);
    if (dfd < 0)
        return GT_EXIT_DATA;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    int y, mo, d, h, mi;
    double s;
    gt_time_to_civil((double)ts.tv_sec, &y, &mo, &d, &h, &mi, &s);
    char stamp[32];
    snprintf(stamp, sizeof stamp, "%04d%02d%02dT%02d%02d%02dZ", y, mo, d, h, mi, (int)s);
    snprintf(R->run_id, sizeof R->run_id, "%s-%s-%ld", R->host, stamp, (long)R->self);
    char name[400];
    snprintf(name, sizeof name, "greentally-%s.jsonl", R->run_id);
    size_t n = strlen(dir) + strlen(name) + 2;
    R->log_path = malloc(n);
    if (!R->log_path) {
        close(dfd);
        return gt_fail(GT_EXIT_DATA, "out of memory");
    }
    snprintf(R->log_path, n, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/", name);
    int fd = openat(dfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    int e = errno;
    close(dfd);
    if (fd < 0 || !(R->log = fdopen(fd, "w"))) {
        if (fd >= 0) {
            e = errno;
            close(fd);
        }
        return gt_fail(GT_EXIT_DATA, "cannot create '%s': %s", R->log_path, strerror(e));
    }
    return 0;
}

/* --- the end ------------------------------------------------------------------------- */

static cJSON *footer(struct run *R, const struct gt_meter_totals *t, int code)
{
    const struct gt_meter *m = &R->meter;
    cJSON *f = cJSON_CreateObject();
    char b[64];
    cJSON_AddStringToObject(f, "type", "footer");
    gt_time_fmt(floor(R->t0_real + m->wall_s), 1, b, sizeof b);
    cJSON_AddStringToObject(f, "end", b);
    cJSON_AddNumberToObject(f, "exit_status", code);
    if (WIFSIGNALED(R->status))
        cJSON_AddNumberToObject(f, "signal", WTERMSIG(R->status));
    else
        cJSON_AddNullToObject(f, "signal");
    cJSON_AddNumberToObject(f, "wall_s", m->wall_s);
    cJSON_AddNumberToObject(f, "cpu_s", m->cpu_s);
    cJSON_AddNumberToObject(f, "samples", (double)m->nsamples);
    cJSON_AddNumberToObject(f, "energy_kwh", t->energy_kwh);
    cJSON_AddNumberToObject(f, "co2e_g", t->co2e_g);
    cJSON_AddNumberToObject(f, "cpu_kwh", t->cpu_kwh);
    cJSON_AddNumberToObject(f, "ram_kwh", t->ram_kwh);
    jnum(f, "gpu_kwh", t->gpu_kwh);
    if (m->node_static_w > 0) {
        cJSON_AddNumberToObject(f, "static_kwh", t->static_kwh);
        cJSON *ns = cJSON_AddObjectToObject(f, "node_static");
        cJSON_AddNumberToObject(ns, "node_w", m->node_static_w);
        cJSON_AddNumberToObject(ns, "node_cpus", m->node_cpus);
        cJSON_AddNumberToObject(ns, "j", t->static_j);
    }
    cJSON_AddNumberToObject(f, "pue", R->place.in.pue);
    cJSON_AddNumberToObject(f, "ci_g_per_kwh", R->place.in.ci_g_per_kwh);
    cJSON *meth = cJSON_AddObjectToObject(f, "method");
    cJSON_AddStringToObject(meth, "cpu", t->cpu_method);
    cJSON_AddStringToObject(meth, "ram", t->ram_method);
    cJSON_AddStringToObject(meth, "gpu", !R->nvml ? "not measured" : "nvml");
    cJSON *est = cJSON_AddObjectToObject(f, "estimates");
    cJSON *mo = cJSON_AddObjectToObject(est, "model");
    cJSON_AddNumberToObject(mo, "cpu_j", t->cpu_model_j);
    cJSON_AddNumberToObject(mo, "ram_j", t->ram_model_j);
    cJSON *ra = cJSON_AddObjectToObject(est, "rapl");
    jnum(ra, "cpu_j", t->cpu_rapl_j);
    jnum(ra, "ram_j", t->ram_rapl_j);
    jnum(ra, "host_pkg_j", R->rapl.readable ? m->rapl_pkg_host_j : NAN);
    jnum(ra, "host_dram_j", R->rapl.has_dram ? m->rapl_dram_host_j : NAN);
    cJSON *gp = cJSON_AddObjectToObject(est, "gpu");
    jnum(gp, "j", t->gpu_j);
    jnum(gp, "raw_j", R->nvml ? m->gpu_raw_j : NAN);
    cJSON_AddNumberToObject(f, "mean_cores", t->mean_cores);
    cJSON_AddNumberToObject(f, "mean_mem_gb", t->mean_mem_gb);
    cJSON_AddNumberToObject(f, "peak_mem_gb", t->peak_mem_gb);
    cJSON_AddNumberToObject(f, "max_nproc", (double)R->max_nproc);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    cJSON_AddNumberToObject(f, "self_cpu_s",
                            (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
                                (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6);
    if (R->plug) {
        cJSON *p = cJSON_AddObjectToObject(f, "plug");
        jnum(p, "end_kwh", R->plug_kwh);
        jnum(p, "kwh", R->plug_kwh - R->plug_start);
        if (R->plug_err[0])
            cJSON_AddStringToObject(p, "error", R->plug_err);
    }
    return f;
}

static void print_footprint(struct run *R, const struct gt_meter_totals *t, int code)
{
    const struct gt_meter *m = &R->meter;
    FILE *o = stderr;
    char cmd[80];
    size_t n = 0;
    for (char **p = R->argv; *p && n < sizeof cmd; p++)
        n += (size_t)snprintf(cmd + n, sizeof cmd - n, "%s%s", p == R->argv ? "" : " ", *p);
    if (n >= sizeof cmd)
        memcpy(cmd + sizeof cmd - 4, "...", 4);
    fprintf(o, "greentally: '%s' ", cmd);
    if (WIFSIGNALED(R->status))
        fprintf(o, "killed by signal %d", WTERMSIG(R->status));
    else
        fprintf(o, "exited with status %d", code);
    fprintf(o, " after %.3g s (%ld samples)\n", m->wall_s, m->nsamples);
    fprintf(o,
            "  measured  %s: %.4g CPU s (%.3g cores on average), %ld processes at most, "
            "%.3g GB memory on average\n",
            gt_scope_name(R->scope_kind), m->cpu_s, t->mean_cores, R->max_nproc, t->mean_mem_gb);
    fprintf(o, "  cpu       %.4g J model (%s)", t->cpu_model_j, R->tdp_what);
    if (R->rapl.readable)
        fprintf(o, "; %.4g J RAPL x CPU-time share of %.4g J host package", t->cpu_rapl_j,
                m->rapl_pkg_host_j);
    else
        fprintf(o, "; RAPL: %s", R->rapl.why);
    fprintf(o, "; counted: %s\n", t->cpu_method);
    fprintf(o, "  memory    %.4g J model (%.3g GB x %g W/GB)", t->ram_model_j, t->mean_mem_gb,
            R->mem_w);
    if (!isnan(t->ram_rapl_j))
        fprintf(o, "; %.4g J RAPL DRAM x share", t->ram_rapl_j);
    fprintf(o, "; counted: %s\n", t->ram_method);
    if (R->nvml)
        fprintf(o,
                "  gpu       %.4g J above idle on GPUs running the measured processes (%.4g J "
                "drawn by %zu GPUs), NVML\n",
                t->gpu_j, m->gpu_raw_j, gt_nvml_count(R->nvml));
    else
        fprintf(o, "  gpu       not measured (%s)\n", R->nvml_why);
    if (m->node_static_w > 0)
        fprintf(o, "  static    %.4g J node static power (%g W x %.4g CPU s / %g logical CPUs)\n",
                t->static_j, m->node_static_w, m->cpu_s, m->node_cpus);
    fprintf(o, "  energy    %.4g kWh (PUE %g: %s)\n", t->energy_kwh, R->place.in.pue,
            R->place.pue.what);
    fprintf(o, "  co2e      %.4g g (%s)\n", t->co2e_g, R->place.ci.what);
    /* the range: what counted for CPU (rapl or model), NVML, the memory model */
    struct gt_record rec;
    gt_record_init(&rec);
    rec.tool = GT_TOOL_GREENTALLY;
    struct gt_kv kv = {"cpu_method", t->cpu_method};
    rec.extras = &kv;
    rec.nextras = 1;
    struct gt_unc_basis b;
    gt_unc_basis_of(&R->unc, &rec, &b);
    struct gt_range er, cr;
    gt_unc_run(&R->unc, &b, R->place.pue_kind, t->energy_kwh, t->cpu_kwh, t->gpu_kwh, t->ram_kwh,
               t->co2e_g, &er, &cr);
    fprintf(o, "  range     between %.4g and %.4g kWh; CO2e between %.4g and %.4g g\n", er.lo,
            er.hi, cr.lo, cr.hi);
    if (R->plug) {
        char shown[1024];
        if (!isnan(R->plug_kwh - R->plug_start))
            fprintf(o, "  plug      %.4g kWh at the wall (whole machine, %s)\n",
                    R->plug_kwh - R->plug_start, gt_plug_redact(R->plug, shown, sizeof shown));
        else
            fprintf(o, "  plug      not measured (%s)\n", R->plug_err);
    }
    for (int i = 0; i < R->place.nnotes; i++)
        fprintf(o, "  note      %s\n", R->place.notes[i]);
    for (int i = 0; i < R->nnotes; i++)
        fprintf(o, "  note      %s\n", R->notes[i]);
    if (!R->log_failed)
        fprintf(o, "  log       %s\n", R->log_path);
}

static int finish(struct run *R)
{
    int code = exit_code(R->status);
    if (R->tty)
        fputs("\r\033[K", stderr);
    if (R->plug && !R->plug_err[0]) {
        struct gt_error err = {0};
        if (gt_plug_read(R->plug, R->plug_timeout, &R->plug_kwh, &err) != GT_OK) {
            gt_warn("%s: energy at the wall not measured", err.msg);
            snprintf(R->plug_err, sizeof R->plug_err, "%s", err.msg);
        }
    }
    if (R->nsamples && R->max_nproc > 0 && R->scope_kind == GT_SCOPE_TREE) {
        struct gt_scope_read rd;
        struct gt_error err = {0};
        if (gt_scope_sample(R->scope, &rd, &err) == GT_OK && rd.nproc > 0)
            note(R, "%ld descendant processes still run after the command ended; counted until now",
                 rd.nproc);
    }
    struct gt_meter_totals t;
    gt_meter_totals(&R->meter, R->place.in.pue, R->place.in.ci_g_per_kwh, &t);
    log_write(R, footer(R, &t, code));
    if (R->log && fclose(R->log) != 0)
        gt_warn("cannot write '%s': %s", R->log_path, strerror(errno));
    R->log = NULL;
    if (!gt_arg_flag(R->a, "quiet"))
        print_footprint(R, &t, code);
    return code;
}

static int run(struct gt_args *a)
{
    if (a->npos == 0)
        return gt_fail(GT_EXIT_USAGE,
                       "run needs a command: greentally run [options] -- CMD ARGS...");
    struct run *R = calloc(1, sizeof *R);
    if (!R)
        return gt_fail(GT_EXIT_DATA, "out of memory");
    R->a = a;
    R->argv = a->pos;
    R->self = getpid();
    R->tty = isatty(STDERR_FILENO) && !gt_arg_flag(a, "quiet");
    if (gethostname(R->host, sizeof R->host) != 0)
        snprintf(R->host, sizeof R->host, "unknown");
    R->host[sizeof R->host - 1] = '\0';
    const struct passwd *pw = getpwuid(getuid());
    if (pw && pw->pw_name)
        snprintf(R->user, sizeof R->user, "%s", pw->pw_name);
    else
        snprintf(R->user, sizeof R->user, "%ld", (long)getuid());

    struct gt_hwdb db;
    struct gt_error err = {0};
    int rc = 0;
    if (gt_load_hwdb(&db, a, &err) != GT_OK)
        rc = gt_fail_err(&err);
    if (!rc)
        rc = setup(R, &db);
    if (!rc)
        rc = open_log(R);
    if (rc)
        goto out;
    /* orphans of the tree (double-forked daemons) are re-parented to us */
    prctl(PR_SET_CHILD_SUBREAPER, 1);
    sigset_t set, old;
    sigemptyset(&set);
    int sigs[] = {SIGCHLD, SIGINT, SIGTERM, SIGHUP, SIGQUIT};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa;
        /* an ignored signal (nohup, a background job) stays ignored, for us and the command */
        if (sigs[i] != SIGCHLD && sigaction(sigs[i], NULL, &sa) == 0 && sa.sa_handler == SIG_IGN)
            continue;
        sigaddset(&set, sigs[i]);
    }
    sigprocmask(SIG_BLOCK, &set, &old);
    rc = start(R, &old);
    if (rc) {
        fclose(R->log);
        R->log = NULL;
        unlink(R->log_path);
        sigprocmask(SIG_SETMASK, &old, NULL);
        goto out;
    }
    log_write(R, header(R));
    loop(R, &set);
    rc = finish(R);
    sigprocmask(SIG_SETMASK, &old, NULL);
out:
    if (R->log)
        fclose(R->log);
    gt_scope_free(R->scope);
    gt_nvml_close(R->nvml);
    gt_hwdb_release(&db);
    free(R->log_path);
    free(R);
    return rc;
}

const struct cmd_entry gt_cmd_run = {
    "run",
    "[--interval 1s] [--scope tree|user|cgroup] [--location CODE] [options] -- CMD ARGS...",
    "Run a command and measure its footprint: CPU time of the command and its descendants, "
    "memory, RAPL and NVIDIA GPU energy where readable, a smart plug if given. No root needed.",
    "The command runs as given (no shell), with its standard streams untouched; its exit status "
    "is greentally's (128+N when killed by signal N), and SIGINT, SIGTERM, SIGHUP and SIGQUIT are "
    "passed on to it. The footprint goes to standard error at the end, and a log in greentally's "
    "JSON Lines format (docs/record-format.md) to --log-dir, which summary, report and statement "
    "read.\n"
    "CPU: cores used (CPU seconds per second) x TDP per core (Green Algorithms), and, when "
    "/sys/class/powercap RAPL counters are readable, the package energy shared out by CPU time; "
    "both are logged, --cpu-power says which counts. GPU: NVML energy above the idle power "
    "measured before the start, on GPUs running the measured processes. Memory: mean PSS (RSS "
    "where PSS is not readable) x 0.3725 W/GB.\n"
    "Exit status: the command's; 127 when it cannot be found, 126 when it cannot be run; 1 usage "
    "error and 2 data error before the command starts.",
    options,
    run,
};
