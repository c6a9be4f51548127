/* run_plug.c - ground truth from a Tasmota smart plug (seed 003, LET): the
 * energy counter StatusSNS.ENERGY.Total (kWh) of `cm?cmnd=Status%208`, read
 * before and after the run. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "gt_curl.h"
#include "gt_run.h"

#define PLUG_MAX_BODY 65536

struct body {
    char buf[PLUG_MAX_BODY];
    size_t n;
    int overflow;
};

static size_t on_data(char *p, size_t size, size_t nmemb, void *ud)
{
    struct body *b = ud;
    size_t n = size * nmemb;
    if (n > sizeof b->buf - 1 - b->n) {
        b->overflow = 1;
        return 0;
    }
    memcpy(b->buf + b->n, p, n);
    b->n += n;
    return n;
}

char *gt_plug_redact(const char *url, char *out, size_t size)
{
    snprintf(out, size, "%s", url);
    /* user:password@ after the scheme */
    char *host = strstr(out, "://");
    host = host ? host + 3 : out;
    size_t hl = strcspn(host, "/?#");
    char *at = memchr(host, '@', hl);
    if (at) {
        char rest[1024];
        snprintf(rest, sizeof rest, "%s", at);
        snprintf(host, size - (size_t)(host - out), "***%s", rest);
    }
    /* Tasmota's user= and password= query parameters */
    static const char *const keys[] = {"user=", "password="};
    for (char *q = strchr(out, '?'); q && *q; q += strcspn(q, "&") + (q[strcspn(q, "&")] != 0)) {
        if (*q == '?' || *q == '&')
            q++;
        for (size_t k = 0; k < 2; k++) {
            size_t kl = strlen(keys[k]);
            if (strncasecmp(q, keys[k], kl) != 0)
                continue;
            char *v = q + kl;
            size_t vl = strcspn(v, "&#");
            char rest[1024];
            snprintf(rest, sizeof rest, "%s", v + vl);
            snprintf(v, size - (size_t)(v - out), "***%s", rest);
        }
    }
    return out;
}

enum gt_status gt_plug_read(const char *url, double timeout_s, double *kwh, struct gt_error *err)
{
    const char *why;
    const struct gt_curl *cu = gt_curl_load(&why); /* loaded on first use */
    if (!cu)
        return gt_error_set(err, GT_E_IO, "smart plug: %s", why);
    char full[1024];
    size_t ul = strlen(url);
    if (strstr(url, "cm?"))
        snprintf(full, sizeof full, "%s", url);
    else
        snprintf(full, sizeof full, "%s%scm?cmnd=Status%%208", url,
                 ul && url[ul - 1] == '/' ? "" : "/");
    struct body *b = malloc(sizeof *b);
    CURL *c = cu->easy_init();
    if (!b || !c) {
        free(b);
        if (c)
            cu->easy_cleanup(c);
        return gt_error_set(err, GT_E_NOMEM, "out of memory");
    }
    b->n = 0;
    b->overflow = 0;
    long ms = (long)(timeout_s * 1000);
    cu->easy_setopt(c, CURLOPT_URL, full);
    cu->easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
    cu->easy_setopt(c, CURLOPT_WRITEDATA, b);
    cu->easy_setopt(c, CURLOPT_TIMEOUT_MS, ms);
    cu->easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, ms);
    cu->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    cu->easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    cu->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    CURLcode rc = cu->easy_perform(c);
    char shown[1024];
    url = gt_plug_redact(url, shown, sizeof shown); /* messages never show credentials */
    long status = 0;
    cu->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    cu->easy_cleanup(c);
    enum gt_status st = GT_OK;
    if (rc == CURLE_OPERATION_TIMEDOUT) {
        st = gt_error_set(err, GT_E_IO, "smart plug '%s': no answer within %g s", url, timeout_s);
    } else if (rc != CURLE_OK) {
        st = gt_error_set(err, GT_E_IO, "smart plug '%s': %s", url,
                          b->overflow ? "answer too long" : cu->easy_strerror(rc));
    } else if (status != 200) {
        st = gt_error_set(err, GT_E_IO, "smart plug '%s': HTTP status %ld", url, status);
    } else {
        cJSON *j = cJSON_ParseWithLength(b->buf, b->n);
        const cJSON *e = cJSON_GetObjectItemCaseSensitive(
            cJSON_GetObjectItemCaseSensitive(j, "StatusSNS"), "ENERGY");
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(e, "Total");
        if (!j)
            st = gt_error_set(err, GT_E_PARSE, "smart plug '%s': the answer is not JSON", url);
        else if (!cJSON_IsNumber(t) || !isfinite(t->valuedouble) || t->valuedouble < 0)
            st = gt_error_set(err, GT_E_PARSE,
                              "smart plug '%s': no 'StatusSNS.ENERGY.Total' number in the answer",
                              url);
        else
            *kwh = t->valuedouble;
        cJSON_Delete(j);
    }
    free(b);
    return st;
}
