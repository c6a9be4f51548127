/* run_rapl.c - host package and DRAM energy from the powercap interface
 * (SYS/class/powercap/intel-rapl:N and intel-rapl:N:M; AMD's RAPL uses the
 * same names). Counters wrap at max_energy_range_uj. Since 2020 most
 * distributions make energy_uj readable by root only: then greentally says
 * so and uses the model. */
#include <dirent.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gt_num.h"
#include "gt_run.h"

static int read_num(const char *dir, const char *file, double *v)
{
    char path[1100], buf[64];
    gt_run_path(path, sizeof path, "%s/%s", dir, file);
    if (gt_run_read_small(path, buf, sizeof buf) <= 0)
        return -1;
    return gt_num_parse(buf, strcspn(buf, "\n"), v);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void gt_rapl_open(struct gt_rapl *r)
{
    memset(r, 0, sizeof *r);
    char base[600];
    gt_run_path(base, sizeof base, "%s/class/powercap", gt_run_sys_root());
    DIR *d = opendir(base);
    if (!d) {
        snprintf(r->why, sizeof r->why, "no powercap interface ('%.200s')", base);
        return;
    }
    char *names[64];
    size_t nn = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL && nn < 64)
        if (!strncmp(e->d_name, "intel-rapl:", 11) && (names[nn] = strdup(e->d_name)) != NULL)
            nn++;
    closedir(d);
    qsort(names, nn, sizeof *names, cmp_name);
    int unreadable = 0;
    for (size_t i = 0; i < nn; i++) {
        char dir[1024], nbuf[64];
        gt_run_path(dir, sizeof dir, "%s/%s", base, names[i]);
        int sub = strchr(names[i] + 11, ':') != NULL;
        char path[1100];
        gt_run_path(path, sizeof path, "%s/name", dir);
        if (gt_run_read_small(path, nbuf, sizeof nbuf) <= 0)
            continue;
        nbuf[strcspn(nbuf, "\n")] = '\0';
        int dram = !strcmp(nbuf, "dram");
        int pkg = !sub && !strncmp(nbuf, "package", 7);
        if ((!dram && !pkg) || r->n == GT_RAPL_MAX)
            continue; /* psys, core, uncore: inside or beside the package */
        struct gt_rapl_domain *dm = &r->d[r->n];
        gt_run_path(dm->path, sizeof dm->path, "%s", dir);
        snprintf(dm->name, sizeof dm->name, "%s", nbuf);
        dm->dram = dram;
        if (read_num(dir, "energy_uj", &dm->last_uj) != 0) {
            unreadable++;
            continue;
        }
        if (read_num(dir, "max_energy_range_uj", &dm->max_uj) != 0)
            dm->max_uj = NAN;
        r->n++;
        if (dram)
            r->has_dram = 1;
        else
            r->readable = 1;
    }
    for (size_t i = 0; i < nn; i++)
        free(names[i]);
    if (!r->readable)
        snprintf(r->why, sizeof r->why, "%s",
                 unreadable ? "RAPL energy_uj not readable (root only on this system)"
                            : "no RAPL package domain under powercap");
}

void gt_rapl_read(struct gt_rapl *r, double *pkg_j, double *dram_j)
{
    double pkg = 0, dram = 0;
    int pkg_ok = r->readable, dram_ok = r->has_dram;
    for (size_t i = 0; i < r->n; i++) {
        struct gt_rapl_domain *dm = &r->d[i];
        double cur, d = NAN;
        if (read_num(dm->path, "energy_uj", &cur) == 0) {
            d = gt_meter_counter_delta(dm->last_uj, cur, dm->max_uj);
            dm->last_uj = cur;
        }
        if (isnan(d)) {
            *(dm->dram ? &dram_ok : &pkg_ok) = 0;
            continue;
        }
        *(dm->dram ? &dram : &pkg) += d / 1e6;
    }
    *pkg_j = pkg_ok ? pkg : NAN;
    *dram_j = dram_ok ? dram : NAN;
}
