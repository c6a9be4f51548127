#include <dlfcn.h>
#include <stddef.h>

#include "gt_curl.h"

const struct gt_curl *gt_curl_load(const char **why)
{
    static struct gt_curl c;
    static int state; /* 0 not tried, 1 loaded, -1 failed */
    static const char *reason;
    if (state) {
        *why = reason;
        return state > 0 ? &c : NULL;
    }
    state = -1;
    static const char *const names[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl.so"};
    void *h = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !h; i++)
        h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    reason = "libcurl (libcurl.so.4) is not installed";
    if (!h) {
        *why = reason;
        return NULL;
    }
    /* dlsym returns an object pointer; POSIX guarantees it converts to a
     * function pointer */
#define SYM(field, name)                                                                           \
    do {                                                                                           \
        void *p = dlsym(h, name);                                                                  \
        if (!p) {                                                                                  \
            reason = "libcurl lacks " name;                                                        \
            *why = reason;                                                                         \
            return NULL;                                                                           \
        }                                                                                          \
        *(void **)(&c.field) = p;                                                                  \
    } while (0)
    SYM(global_init, "curl_global_init");
    SYM(easy_init, "curl_easy_init");
    SYM(easy_setopt, "curl_easy_setopt");
    SYM(easy_perform, "curl_easy_perform");
    SYM(easy_getinfo, "curl_easy_getinfo");
    SYM(easy_cleanup, "curl_easy_cleanup");
    SYM(easy_strerror, "curl_easy_strerror");
    SYM(slist_append, "curl_slist_append");
    SYM(slist_free_all, "curl_slist_free_all");
#undef SYM
    if (c.global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        reason = "cannot initialise libcurl";
        *why = reason;
        return NULL;
    }
    state = 1;
    reason = NULL;
    *why = NULL;
    return &c;
}
