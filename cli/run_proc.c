/* run_proc.c - the processes `greentally run` measures: the command's tree,
 * the user's processes, or a cgroup v2; host facts from /proc. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gt_num.h"
#include "gt_run.h"

const char *gt_run_proc_root(void)
{
    const char *s = getenv("GT_PROC_ROOT");
    return s && *s ? s : "/proc";
}

const char *gt_run_sys_root(void)
{
    const char *s = getenv("GT_SYS_ROOT");
    return s && *s ? s : "/sys";
}

int gt_run_path(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= size) {
        buf[0] = '\0';
        return -1;
    }
    return 0;
}

long gt_run_read_small(const char *path, char *buf, size_t size)
{
    /* open/read, not stdio: no buffer and no fstat per file (this runs for
     * every process at every sample) */
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    size_t n = 0;
    while (n < size - 1) {
        ssize_t got = read(fd, buf + n, size - 1 - n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            close(fd);
            return -1;
        }
        if (got == 0)
            break;
        n += (size_t)got;
    }
    close(fd);
    buf[n] = '\0';
    return (long)n;
}

const char *gt_scope_name(enum gt_scope_kind k)
{
    return k == GT_SCOPE_USER ? "user" : k == GT_SCOPE_CGROUP ? "cgroup" : "tree";
}

/* One line of /proc/PID/stat, the fields we use. */
struct pstat {
    pid_t pid, ppid;
    double cpu_ticks;   /* utime + stime */
    double child_ticks; /* cutime + cstime */
    double start_ticks; /* starttime */
    double rss_pages;
    double pss;   /* bytes, from smaps_rollup; NAN when not read */
    long pss_age; /* samples since pss was read */
};

/* PSS is re-read when RSS moved by more than this fraction, or this often */
#define PSS_RSS_DRIFT 0.05
#define PSS_MAX_AGE   30

struct gt_scope {
    enum gt_scope_kind kind;
    pid_t self;
    double tick; /* seconds per clock tick */
    double page; /* bytes per page */
    uid_t uid;
    double self_start; /* greentally's starttime (ticks) */
    /* scan buffers */
    struct pstat *ps;
    size_t nps, capps;
    unsigned char *mark; /* descendant memo: 0 unknown, 1 yes, 2 no */
    pid_t *pids;
    size_t npids, cappids;
    /* tree: the highest total so far (the sum never goes back) */
    double tree_cpu_s;
    /* PSS read at earlier samples, sorted by pid */
    struct pstat *memo;
    size_t nmemo, capmemo;
    /* user: last reading per pid, sorted by pid */
    struct pstat *prev;
    size_t nprev, capprev;
    double user_cpu_s;
    /* cgroup */
    char cgroup[512];    /* path relative to the cgroup2 root */
    char cgdir[1024];    /* SYS/fs/cgroup + cgroup */
    double cg_base_usec; /* usage_usec at open */
};

/* Parses "PID (COMM) S PPID ..." into p. -1 when malformed. */
static int parse_stat(const char *buf, struct pstat *p)
{
    const char *rp = strrchr(buf, ')');
    if (!rp)
        return -1;
    long pid;
    const char *sp = strchr(buf, ' ');
    if (!sp || gt_num_parse_long(buf, (size_t)(sp - buf), &pid) != 0)
        return -1;
    p->pid = (pid_t)pid;
    /* fields from 3 (state) on, 1-based as in proc(5) */
    const char *f[25] = {0};
    int k = 3;
    const char *s = rp + 1;
    while (*s && k < 25) {
        while (*s == ' ')
            s++;
        if (!*s)
            break;
        f[k++] = s;
        while (*s && *s != ' ')
            s++;
    }
    if (k < 25)
        return -1;
    double v[25];
    static const int need[] = {4, 14, 15, 16, 17, 22, 24};
    for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
        const char *a = f[need[i]];
        size_t n = strcspn(a, " \n");
        if (gt_num_parse(a, n, &v[need[i]]) != 0)
            return -1;
    }
    p->ppid = (pid_t)v[4];
    p->cpu_ticks = v[14] + v[15];
    p->child_ticks = v[16] + v[17];
    p->start_ticks = v[22];
    p->rss_pages = v[24] < 0 ? 0 : v[24];
    return 0;
}

static int read_pstat(const char *root, pid_t pid, struct pstat *p)
{
    char path[600], buf[1024];
    gt_run_path(path, sizeof path, "%s/%ld/stat", root, (long)pid);
    if (gt_run_read_small(path, buf, sizeof buf) <= 0)
        return -1;
    return parse_stat(buf, p);
}

static const struct pstat *find_ps(const struct pstat *v, size_t n, pid_t pid);

/* PSS of a process from smaps_rollup (bytes), NAN when not readable. */
static double read_pss(pid_t pid)
{
    char path[600], buf[4096];
    gt_run_path(path, sizeof path, "%s/%ld/smaps_rollup", gt_run_proc_root(), (long)pid);
    if (gt_run_read_small(path, buf, sizeof buf) > 0) {
        const char *l = strstr(buf, "\nPss:");
        if (l) {
            l += 5;
            while (*l == ' ' || *l == '\t')
                l++;
            double kb;
            if (gt_num_parse(l, strcspn(l, " \t\n"), &kb) == 0)
                return kb * 1024.0;
        }
    }
    return NAN;
}

/* Memory of one process: PSS from smaps_rollup when readable, else RSS.
 * smaps_rollup walks the page tables, so the PSS of the last sample is kept
 * while the process's RSS stays within PSS_RSS_DRIFT of what it was then,
 * for at most PSS_MAX_AGE samples. */
static double proc_mem(const struct gt_scope *s, struct pstat *p)
{
    const struct pstat *m = find_ps(s->memo, s->nmemo, p->pid);
    if (m && m->start_ticks == p->start_ticks && m->pss_age < PSS_MAX_AGE &&
        fabs(p->rss_pages - m->rss_pages) <= PSS_RSS_DRIFT * m->rss_pages) {
        p->pss = m->pss;
        p->pss_age = m->pss_age + 1;
        p->rss_pages = m->rss_pages; /* the RSS the PSS was read at */
    } else {
        p->pss = read_pss(p->pid);
        p->pss_age = 0;
    }
    return isnan(p->pss) ? p->rss_pages * s->page : p->pss;
}

/* Keeps the PSS of the processes measured at this sample for the next. */
static int keep_memo(struct gt_scope *s, const struct pstat *v, size_t n)
{
    if (s->capmemo < n) {
        struct pstat *p = realloc(s->memo, n * sizeof *p);
        if (!p)
            return -1;
        s->memo = p;
        s->capmemo = n;
    }
    if (n)
        memcpy(s->memo, v, n * sizeof *v);
    s->nmemo = n;
    return 0;
}

static int cmp_pstat(const void *a, const void *b)
{
    const struct pstat *x = a, *y = b;
    return (x->pid > y->pid) - (x->pid < y->pid);
}

static int cmp_pid(const void *a, const void *b)
{
    pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;
    return (x > y) - (x < y);
}

static int push_pid(struct gt_scope *s, pid_t pid)
{
    if (s->npids == s->cappids) {
        size_t nc = s->cappids ? s->cappids * 2 : 256;
        pid_t *p = realloc(s->pids, nc * sizeof *p);
        if (!p)
            return -1;
        s->pids = p;
        s->cappids = nc;
    }
    s->pids[s->npids++] = pid;
    return 0;
}

/* Reads every /proc/PID/stat (with the owner for the user scope), sorted by
 * pid. */
static enum gt_status scan(struct gt_scope *s, struct gt_error *err)
{
    const char *root = gt_run_proc_root();
    DIR *d = opendir(root);
    if (!d)
        return gt_error_set(err, GT_E_IO, "cannot read '%s': %s", root, strerror(errno));
    s->nps = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!isdigit((unsigned char)e->d_name[0]))
            continue;
        long pid;
        if (gt_num_parse_long(e->d_name, strlen(e->d_name), &pid) != 0 || pid == s->self)
            continue;
        if (s->nps == s->capps) {
            size_t nc = s->capps ? s->capps * 2 : 512;
            struct pstat *p = realloc(s->ps, nc * sizeof *p);
            if (!p) {
                closedir(d);
                return gt_error_set(err, GT_E_NOMEM, "out of memory");
            }
            s->ps = p;
            s->capps = nc;
        }
        struct pstat *p = &s->ps[s->nps];
        if (read_pstat(root, (pid_t)pid, p) != 0)
            continue; /* exited meanwhile */
        if (s->kind == GT_SCOPE_USER) {
            char path[600];
            struct stat st;
            gt_run_path(path, sizeof path, "%s/%ld", root, pid);
            if (stat(path, &st) != 0 || st.st_uid != s->uid)
                continue;
        }
        s->nps++;
    }
    closedir(d);
    qsort(s->ps, s->nps, sizeof *s->ps, cmp_pstat);
    return GT_OK;
}

static const struct pstat *find_ps(const struct pstat *v, size_t n, pid_t pid)
{
    struct pstat key = {.pid = pid};
    return n ? bsearch(&key, v, n, sizeof *v, cmp_pstat) : NULL;
}

/* 1 when ps[i] descends from s->self (memoised in s->mark). */
static int is_desc(struct gt_scope *s, size_t i)
{
    size_t chain[64];
    size_t nchain = 0;
    int res = 2;
    size_t cur = i;
    for (int depth = 0; depth < 4096; depth++) {
        if (s->mark[cur]) {
            res = s->mark[cur];
            break;
        }
        if (nchain < 64)
            chain[nchain++] = cur;
        pid_t pp = s->ps[cur].ppid;
        if (pp == s->self) {
            res = 1;
            break;
        }
        const struct pstat *parent = find_ps(s->ps, s->nps, pp);
        if (!parent || pp <= 1) {
            res = 2;
            break;
        }
        cur = (size_t)(parent - s->ps);
    }
    for (size_t k = 0; k < nchain; k++)
        s->mark[chain[k]] = (unsigned char)res;
    return res == 1;
}

static enum gt_status sample_tree(struct gt_scope *s, struct gt_scope_read *r, struct gt_error *err)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    double reaped = (double)ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
                    (double)ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6;
    enum gt_status st = scan(s, err);
    if (st != GT_OK)
        return st;
    unsigned char *m = realloc(s->mark, s->nps ? s->nps : 1);
    if (!m)
        return gt_error_set(err, GT_E_NOMEM, "out of memory");
    s->mark = m;
    memset(m, 0, s->nps);
    double ticks = 0, mem = 0;
    s->npids = 0;
    for (size_t i = 0; i < s->nps; i++)
        (void)is_desc(s, i); /* marks every entry before the array is compacted */
    size_t kept = 0;
    for (size_t i = 0; i < s->nps; i++) {
        if (s->mark[i] != 1)
            continue;
        ticks += s->ps[i].cpu_ticks + s->ps[i].child_ticks;
        mem += proc_mem(s, &s->ps[i]);
        if (push_pid(s, s->ps[i].pid))
            return gt_error_set(err, GT_E_NOMEM, "out of memory");
        s->ps[kept++] = s->ps[i];
    }
    if (keep_memo(s, s->ps, kept))
        return gt_error_set(err, GT_E_NOMEM, "out of memory");
    double total = reaped + ticks * s->tick;
    if (total > s->tree_cpu_s)
        s->tree_cpu_s = total;
    r->cpu_s = s->tree_cpu_s;
    r->mem_bytes = mem;
    r->nproc = (long)s->npids;
    return GT_OK;
}

static enum gt_status sample_user(struct gt_scope *s, struct gt_scope_read *r, int first,
                                  struct gt_error *err)
{
    enum gt_status st = scan(s, err);
    if (st != GT_OK)
        return st;
    double mem = 0;
    s->npids = 0;
    for (size_t i = 0; i < s->nps; i++) {
        const struct pstat *p = &s->ps[i];
        const struct pstat *q = find_ps(s->prev, s->nprev, p->pid);
        double d = 0;
        if (q && q->start_ticks == p->start_ticks)
            d = p->cpu_ticks - q->cpu_ticks;
        else if (!first && p->start_ticks >= s->self_start)
            d = p->cpu_ticks; /* started during the run */
        if (d > 0)
            s->user_cpu_s += d * s->tick;
        mem += proc_mem(s, &s->ps[i]);
        if (push_pid(s, p->pid))
            return gt_error_set(err, GT_E_NOMEM, "out of memory");
    }
    if (keep_memo(s, s->ps, s->nps))
        return gt_error_set(err, GT_E_NOMEM, "out of memory");
    /* this reading becomes the previous one */
    if (s->capprev < s->nps) {
        struct pstat *p = realloc(s->prev, s->nps * sizeof *p);
        if (!p)
            return gt_error_set(err, GT_E_NOMEM, "out of memory");
        s->prev = p;
        s->capprev = s->nps;
    }
    if (s->nps)
        memcpy(s->prev, s->ps, s->nps * sizeof *s->ps);
    s->nprev = s->nps;
    r->cpu_s = s->user_cpu_s;
    r->mem_bytes = mem;
    r->nproc = (long)s->npids;
    return GT_OK;
}

/* usage_usec of the cgroup's cpu.stat; -1 when unreadable. */
static int cg_usage(const struct gt_scope *s, double *usec)
{
    char path[1200], buf[4096];
    gt_run_path(path, sizeof path, "%s/cpu.stat", s->cgdir);
    if (gt_run_read_small(path, buf, sizeof buf) < 0)
        return -1;
    const char *l = buf;
    while (l && *l) {
        if (!strncmp(l, "usage_usec ", 11))
            return gt_num_parse(l + 11, strcspn(l + 11, "\n"), usec);
        l = strchr(l, '\n');
        if (l)
            l++;
    }
    return -1;
}

static enum gt_status sample_cgroup(struct gt_scope *s, struct gt_scope_read *r,
                                    struct gt_error *err)
{
    double usec;
    if (cg_usage(s, &usec) != 0)
        return gt_error_set(err, GT_E_IO, "cannot read '%s/cpu.stat'", s->cgdir);
    r->cpu_s = (usec - s->cg_base_usec) / 1e6;
    if (r->cpu_s < 0)
        r->cpu_s = 0;
    char path[1200], buf[64];
    double mem = NAN;
    gt_run_path(path, sizeof path, "%s/memory.current", s->cgdir);
    if (gt_run_read_small(path, buf, sizeof buf) > 0 &&
        gt_num_parse(buf, strcspn(buf, "\n"), &mem) != 0)
        mem = NAN;
    r->mem_bytes = mem;
    s->npids = 0;
    gt_run_path(path, sizeof path, "%s/cgroup.procs", s->cgdir);
    FILE *f = fopen(path, "r");
    if (f) {
        char line[64];
        while (fgets(line, sizeof line, f)) {
            long pid;
            if (gt_num_parse_long(line, strcspn(line, "\n"), &pid) == 0 && push_pid(s, (pid_t)pid))
                break;
        }
        fclose(f);
        qsort(s->pids, s->npids, sizeof *s->pids, cmp_pid);
    }
    r->nproc = (long)s->npids;
    return GT_OK;
}

enum gt_status gt_scope_sample(struct gt_scope *s, struct gt_scope_read *r, struct gt_error *err)
{
    enum gt_status st;
    if (s->kind == GT_SCOPE_TREE)
        st = sample_tree(s, r, err);
    else if (s->kind == GT_SCOPE_USER)
        st = sample_user(s, r, 0, err);
    else
        st = sample_cgroup(s, r, err);
    r->pids = s->pids;
    r->npids = s->npids;
    return st;
}

/* The cgroup v2 path of greentally from PROC/self/cgroup ("0::/path"). */
static enum gt_status open_cgroup(struct gt_scope *s, struct gt_error *err)
{
    char path[600], buf[4096];
    gt_run_path(path, sizeof path, "%s/self/cgroup", gt_run_proc_root());
    if (gt_run_read_small(path, buf, sizeof buf) < 0)
        return gt_error_set(err, GT_E_IO, "--scope cgroup: cannot read '%s'", path);
    const char *l = buf;
    const char *found = NULL;
    while (l && *l) {
        if (!strncmp(l, "0::", 3)) {
            found = l + 3;
            break;
        }
        l = strchr(l, '\n');
        if (l)
            l++;
    }
    if (!found)
        return gt_error_set(err, GT_E_IO, "--scope cgroup: no cgroup v2 entry ('0::') in '%s'",
                            path);
    size_t n = strcspn(found, "\n");
    if (n >= sizeof s->cgroup)
        return gt_error_set(err, GT_E_IO, "--scope cgroup: cgroup path too long in '%s'", path);
    memcpy(s->cgroup, found, n);
    s->cgroup[n] = '\0';
    gt_run_path(s->cgdir, sizeof s->cgdir, "%s/fs/cgroup%s", gt_run_sys_root(),
                strcmp(s->cgroup, "/") ? s->cgroup : "");
    if (cg_usage(s, &s->cg_base_usec) != 0) {
        char stat[1200], head[16];
        gt_run_path(stat, sizeof stat, "%s/cpu.stat", s->cgdir);
        if (gt_run_read_small(stat, head, sizeof head) < 0)
            return gt_error_set(err, GT_E_IO,
                                "--scope cgroup: cannot read '%s' (is the cpu controller of "
                                "cgroup v2 enabled here?); --scope tree measures the command's "
                                "processes instead",
                                stat);
        return gt_error_set(err, GT_E_IO,
                            "--scope cgroup: '%s' has no 'usage_usec' line (the cgroup%s '%s' "
                            "does not account CPU time); --scope tree measures the command's "
                            "processes instead",
                            stat, strcmp(s->cgroup, "/") ? "" : " root", s->cgroup);
    }
    return GT_OK;
}

enum gt_status gt_scope_open(struct gt_scope **out, enum gt_scope_kind kind, pid_t self,
                             struct gt_error *err)
{
    *out = NULL;
    struct gt_scope *s = calloc(1, sizeof *s);
    if (!s)
        return gt_error_set(err, GT_E_NOMEM, "out of memory");
    s->kind = kind;
    s->self = self;
    long hz = sysconf(_SC_CLK_TCK);
    s->tick = 1.0 / (double)(hz > 0 ? hz : 100);
    long pg = sysconf(_SC_PAGESIZE);
    s->page = (double)(pg > 0 ? pg : 4096);
    s->uid = getuid();
    struct pstat me;
    s->self_start = read_pstat(gt_run_proc_root(), self, &me) == 0 ? me.start_ticks : 0;
    enum gt_status st = GT_OK;
    if (kind == GT_SCOPE_CGROUP) {
        st = open_cgroup(s, err);
    } else if (kind == GT_SCOPE_USER) {
        struct gt_scope_read r;
        st = sample_user(s, &r, 1, err); /* the baseline */
        s->user_cpu_s = 0;
    } else {
        DIR *d = opendir(gt_run_proc_root());
        if (!d)
            st = gt_error_set(err, GT_E_IO, "cannot read '%s': %s", gt_run_proc_root(),
                              strerror(errno));
        else
            closedir(d);
    }
    if (st != GT_OK) {
        gt_scope_free(s);
        return st;
    }
    *out = s;
    return GT_OK;
}

int gt_scope_has(const struct gt_scope *s, pid_t pid)
{
    return s->npids && bsearch(&pid, s->pids, s->npids, sizeof pid, cmp_pid) != NULL;
}

const char *gt_scope_cgroup(const struct gt_scope *s)
{
    return s->cgroup;
}

void gt_scope_free(struct gt_scope *s)
{
    if (!s)
        return;
    free(s->ps);
    free(s->mark);
    free(s->pids);
    free(s->prev);
    free(s->memo);
    free(s);
}

int gt_host_busy(double *busy_s)
{
    char path[600], buf[512];
    gt_run_path(path, sizeof path, "%s/stat", gt_run_proc_root());
    if (gt_run_read_small(path, buf, sizeof buf) <= 0 || strncmp(buf, "cpu ", 4) != 0)
        return -1;
    /* user nice system idle iowait irq softirq steal */
    double v[8] = {0};
    const char *s = buf + 4;
    int k = 0;
    for (; k < 8; k++) {
        while (*s == ' ')
            s++;
        size_t n = strcspn(s, " \n");
        if (n == 0 || gt_num_parse(s, n, &v[k]) != 0)
            break;
        s += n;
    }
    if (k < 4)
        return -1;
    long hz = sysconf(_SC_CLK_TCK);
    *busy_s = (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / (double)(hz > 0 ? hz : 100);
    return 0;
}

void gt_host_info(char *cpu_model, size_t size, long *logical_cpus, double *ram_gb)
{
    char path[600];
    cpu_model[0] = '\0';
    *logical_cpus = 0;
    *ram_gb = NAN;
    gt_run_path(path, sizeof path, "%s/cpuinfo", gt_run_proc_root());
    FILE *f = fopen(path, "r");
    if (f) {
        char line[512];
        while (fgets(line, sizeof line, f)) {
            if (strncmp(line, "processor", 9) == 0)
                (*logical_cpus)++;
            if (!cpu_model[0] && strncmp(line, "model name", 10) == 0) {
                const char *c = strchr(line, ':');
                if (c) {
                    c++;
                    while (*c == ' ' || *c == '\t')
                        c++;
                    snprintf(cpu_model, size, "%.*s", (int)strcspn(c, "\n"), c);
                }
            }
        }
        fclose(f);
    }
    gt_run_path(path, sizeof path, "%s/meminfo", gt_run_proc_root());
    char buf[256];
    if (gt_run_read_small(path, buf, sizeof buf) > 0 && !strncmp(buf, "MemTotal:", 9)) {
        const char *s = buf + 9;
        while (*s == ' ')
            s++;
        double kb;
        if (gt_num_parse(s, strcspn(s, " \n"), &kb) == 0)
            *ram_gb = kb / 1048576.0;
    }
}
