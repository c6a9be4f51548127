/* curl_dl.c - libcurl, loaded on first use (see gt_curl.h). */
#include <stddef.h>
#include <stdio.h>

#include "gt_curl.h"
#include "gt_dl.h"

const struct gt_curl *gt_curl_load(const char **why)
{
    static struct gt_curl c;
    static int state; /* 0 not tried, 1 loaded, -1 failed */
    static char reason[256];
    static const char *const sonames[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so",
                                          NULL};
#define GT_CURL_SYM(f) {"curl_" #f, offsetof(struct gt_curl, f)},
    static const struct gt_dl_sym syms[] = {GT_CURL_FUNCTIONS(GT_CURL_SYM)};
#undef GT_CURL_SYM
    static const struct gt_dl_lib lib = {
        "libcurl", "libcurl4", sonames, syms, sizeof syms / sizeof syms[0], &c};
    if (!state) {
        if (gt_dl_load(&lib, reason, sizeof reason) == 0 &&
            c.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
            snprintf(reason, sizeof reason, "cannot initialise libcurl");
        state = reason[0] ? -1 : 1;
    }
    *why = state > 0 ? NULL : reason;
    return state > 0 ? &c : NULL;
}
