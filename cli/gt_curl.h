/* gt_curl.h - libcurl, loaded on first use (reports/gt_dl.h), so that
 * commands that never touch the network (estimate, summary, report...) start
 * without loading libcurl and its TLS libraries. Only cli/ci_fetch.c and
 * cli/run_plug.c use it. <curl/curl.h> gives the types and constants only. */
#ifndef GT_CURL_H
#define GT_CURL_H

#include <curl/curl.h>

/* Every libcurl function greentally calls, without its curl_ prefix. */
#define GT_CURL_FUNCTIONS(X)                                                                       \
    X(global_init)                                                                                 \
    X(easy_init)                                                                                   \
    X(easy_setopt)                                                                                 \
    X(easy_perform)                                                                                \
    X(easy_getinfo)                                                                                \
    X(easy_cleanup)                                                                                \
    X(easy_strerror)                                                                               \
    X(slist_append)                                                                                \
    X(slist_free_all)

/* cu->easy_init() for curl_easy_init(): each pointer has the type
 * <curl/curl.h> declares (__typeof__; a function-like macro such as
 * typecheck-gcc.h's curl_easy_setopt is not expanded without its arguments). */
struct gt_curl {
#define GT_CURL_FIELD(f) __typeof__(curl_##f) *f;
    GT_CURL_FUNCTIONS(GT_CURL_FIELD)
#undef GT_CURL_FIELD
};

/* The loaded and initialised (curl_global_init) library, or NULL with the
 * reason in why (a static string). Not thread-safe: call from the main
 * thread. */
const struct gt_curl *gt_curl_load(const char **why);

#endif
