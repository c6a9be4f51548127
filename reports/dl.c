/* dl.c - shared libraries loaded on first use (see gt_dl.h). */
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "gt_dl.h"
#include "gt_error.h"
#include "gt_hpdf.h"
#include "gt_lxw.h"

int gt_dl_load(const struct gt_dl_lib *lib, char *why, size_t size)
{
    void *h = NULL;
    for (size_t i = 0; lib->sonames[i] && !h; i++)
        h = dlopen(lib->sonames[i], RTLD_NOW | RTLD_LOCAL);
    if (!h) {
        snprintf(why, size, "%s (%s) is not installed (Debian 12: apt-get install %s)", lib->what,
                 lib->sonames[0], lib->package);
        return -1;
    }
    for (size_t i = 0; i < lib->nsyms; i++) {
        void *p = dlsym(h, lib->syms[i].name);
        if (!p) {
            snprintf(why, size, "%s (%s) lacks %s", lib->what, lib->sonames[0], lib->syms[i].name);
            dlclose(h);
            return -1;
        }
        /* an object pointer into a function-pointer slot: POSIX guarantees
         * that dlsym's result converts */
        memcpy((char *)lib->table + lib->syms[i].offset, &p, sizeof p);
    }
    return 0; /* the handle stays open for the life of the process */
}

/* ---- the writers' libraries ---------------------------------------------------------- */

struct gt_lxw_api gt_lxw;
struct gt_hpdf_api gt_hpdf;

/* lib loaded once per process: *state is 0 before the first call, then 1
 * (loaded) or -1 (failed, the reason kept in why for later calls). */
static enum gt_status load(const struct gt_dl_lib *lib, int *state, char *why, size_t size,
                           struct gt_error *err)
{
    if (!*state)
        *state = gt_dl_load(lib, why, size) == 0 ? 1 : -1;
    return *state > 0 ? GT_OK : gt_error_set(err, GT_E_IO, "%s", why);
}

enum gt_status gt_lxw_load(struct gt_error *err)
{
    static const char *const sonames[] = {GT_LXW_SONAME, "libxlsxwriter.so", NULL};
#define GT_LXW_SYM(f) {#f, offsetof(struct gt_lxw_api, f)},
    static const struct gt_dl_sym syms[] = {GT_LXW_FUNCTIONS(GT_LXW_SYM)};
#undef GT_LXW_SYM
    static const struct gt_dl_lib lib = {
        "libxlsxwriter", "libxlsxwriter4", sonames, syms, sizeof syms / sizeof syms[0], &gt_lxw};
    static int state;
    static char why[256];
    return load(&lib, &state, why, sizeof why, err);
}

enum gt_status gt_hpdf_load(struct gt_error *err)
{
    static const char *const sonames[] = {GT_HPDF_SONAME, "libhpdf.so", NULL};
#define GT_HPDF_SYM(f) {"HPDF_" #f, offsetof(struct gt_hpdf_api, f)},
    static const struct gt_dl_sym syms[] = {GT_HPDF_FUNCTIONS(GT_HPDF_SYM)};
#undef GT_HPDF_SYM
    static const struct gt_dl_lib lib = {
        "libharu", "libhpdf-2.3.0", sonames, syms, sizeof syms / sizeof syms[0], &gt_hpdf};
    static int state;
    static char why[256];
    return load(&lib, &state, why, sizeof why, err);
}
