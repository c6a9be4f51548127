/* gt_curl.h - libcurl, loaded on first use (dlopen), so that commands that
 * never touch the network (estimate, summary, report...) start without
 * loading libcurl and its TLS libraries. Only cli/ci_fetch.c and
 * cli/run_plug.c use it. <curl/curl.h> gives the types and constants only. */
#ifndef GT_CURL_H
#define GT_CURL_H

#include <curl/curl.h>

struct gt_curl {
    CURLcode (*global_init)(long flags);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *c, CURLoption o, ...);
    CURLcode (*easy_perform)(CURL *c);
    CURLcode (*easy_getinfo)(CURL *c, CURLINFO i, ...);
    void (*easy_cleanup)(CURL *c);
    const char *(*easy_strerror)(CURLcode e);
    struct curl_slist *(*slist_append)(struct curl_slist *l, const char *s);
    void (*slist_free_all)(struct curl_slist *l);
};

/* The loaded and initialised (curl_global_init) library, or NULL with the
 * reason in why (a static string). Not thread-safe: call from the main
 * thread. */
const struct gt_curl *gt_curl_load(const char **why);

#endif
