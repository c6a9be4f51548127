/* Live carbon intensity through libcurl: the UK Carbon Intensity API,
 * Electricity Maps and Energi Data Service. Responses of past ranges are
 * cached under $XDG_CACHE_HOME/greentally/ (or ~/.cache/greentally/) so later
 * runs are offline. TLS verification stays on; tokens travel in a header and
 * are never printed. The bodies are turned into series by core/ci_providers.c. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "gt_ci_cli.h"
#include "gt_curl.h"
#include "gt_time.h"

#define MAX_BODY (64L << 20)

static const char *provider_name(enum gt_ci_provider p)
{
    return p == GT_CI_UK                ? "uk"
           : p == GT_CI_ELECTRICITYMAPS ? "electricitymaps"
                                        : "energidataservice";
}

struct buf {
    char *p;
    size_t n, cap;
    int too_big;
};

static size_t on_data(char *ptr, size_t size, size_t nmemb, void *ud)
{
    struct buf *b = ud;
    size_t len = size * nmemb;
    if (b->n + len + 1 > (size_t)MAX_BODY) {
        b->too_big = 1;
        return 0;
    }
    if (b->n + len + 1 > b->cap) {
        size_t nc = b->cap ? b->cap : 1 << 14;
        while (nc < b->n + len + 1)
            nc *= 2;
        char *q = realloc(b->p, nc);
        if (!q)
            return 0;
        b->p = q;
        b->cap = nc;
    }
    memcpy(b->p + b->n, ptr, len);
    b->n += len;
    b->p[b->n] = '\0';
    return len;
}

static void wait_s(double s)
{
    struct timespec ts = {(time_t)s, (long)((s - floor(s)) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

/* The host part of a URL, for messages. */
static void host_of(const char *url, char *out, size_t size)
{
    const char *p = strstr(url, "://");
    p = p ? p + 3 : url;
    size_t n = strcspn(p, "/?");
    snprintf(out, size, "%.*s", (int)n, p);
}

/* GET url with retries. Returns 0 with the body in *b, else an exit code
 * after printing why. */
static int http_get(const struct gt_ci_fetch *f, const char *url, struct buf *b)
{
    char errbuf[CURL_ERROR_SIZE], host[256], hdr[600];
    host_of(url, host, sizeof host);
    const char *prov = provider_name(f->provider);
    const char *why;
    const struct gt_curl *cu = gt_curl_load(&why);
    if (!cu)
        return gt_fail(GT_EXIT_DATA, "%s: %s", prov, why);
    struct curl_slist *h = cu->slist_append(NULL, "Accept: application/json");
    if (f->token) {
        snprintf(hdr, sizeof hdr, "auth-token: %s", f->token);
        struct curl_slist *h2 = cu->slist_append(h, hdr);
        volatile char *z = hdr;
        for (size_t i = 0; i < sizeof hdr; i++)
            z[i] = 0;
        h = h2 ? h2 : h;
    }
    long status = 0;
    CURLcode rc = CURLE_OK;
    int attempts = f->retries + 1;
    double wait = f->retry_wait_s;
    for (int k = 0; k < attempts; k++) {
        if (k) {
            wait_s(wait);
            wait *= 2;
        }
        CURL *c = cu->easy_init();
        if (!c) {
            cu->slist_free_all(h);
            return gt_fail(GT_EXIT_DATA, "%s: cannot start libcurl", prov);
        }
        free(b->p);
        memset(b, 0, sizeof *b);
        errbuf[0] = '\0';
        cu->easy_setopt(c, CURLOPT_URL, url);
        cu->easy_setopt(c, CURLOPT_HTTPHEADER, h);
        cu->easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
        cu->easy_setopt(c, CURLOPT_WRITEDATA, b);
        cu->easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
        cu->easy_setopt(c, CURLOPT_USERAGENT, "greentally/" GT_VERSION);
        cu->easy_setopt(c, CURLOPT_TIMEOUT_MS, (long)(f->timeout_s * 1000));
        cu->easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, (long)(f->timeout_s * 1000));
        cu->easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
        cu->easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
        cu->easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        cu->easy_setopt(c, CURLOPT_ACCEPT_ENCODING, "");
#if LIBCURL_VERSION_NUM >= 0x075500
        cu->easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
#else
        cu->easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
        rc = cu->easy_perform(c);
        status = 0;
        cu->easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
        cu->easy_cleanup(c);
        if (rc == CURLE_OK && status == 200)
            break;
        if (rc == CURLE_OK && status != 429 && status < 500)
            break; /* 4xx other than 429: retrying will not help */
        if (rc == CURLE_WRITE_ERROR || rc == CURLE_COULDNT_RESOLVE_HOST ||
            rc == CURLE_UNSUPPORTED_PROTOCOL || rc == CURLE_URL_MALFORMAT)
            break;
    }
    cu->slist_free_all(h);
    if (rc == CURLE_OK && status == 200)
        return 0;
    if (b->too_big)
        return gt_fail(GT_EXIT_DATA, "%s: the response from %s is over %ld MiB", prov, host,
                       MAX_BODY >> 20);
    if (rc == CURLE_COULDNT_RESOLVE_HOST || rc == CURLE_COULDNT_CONNECT ||
        rc == CURLE_COULDNT_RESOLVE_PROXY)
        return gt_fail(GT_EXIT_DATA,
                       "%s: cannot reach %s (offline?): %s; responses fetched before are cached "
                       "in '%s'",
                       prov, host, errbuf[0] ? errbuf : cu->easy_strerror(rc), f->cache_dir);
    if (rc == CURLE_OPERATION_TIMEDOUT)
        return gt_fail(GT_EXIT_DATA, "%s: no answer from %s within %g s (%d attempt%s)", prov, host,
                       f->timeout_s, attempts, attempts == 1 ? "" : "s");
    if (rc != CURLE_OK)
        return gt_fail(GT_EXIT_DATA, "%s: request to %s failed: %s", prov, host,
                       errbuf[0] ? errbuf : cu->easy_strerror(rc));
    if (status == 401 || status == 403)
        return gt_fail(GT_EXIT_DATA, "%s: HTTP %ld from %s: %s", prov, status, host,
                       f->provider == GT_CI_ELECTRICITYMAPS
                           ? "the token was refused (check ELECTRICITYMAPS_TOKEN or --token-file)"
                           : "access refused");
    if (status == 429)
        return gt_fail(GT_EXIT_DATA, "%s: HTTP 429 from %s: rate limited (%d attempts)", prov, host,
                       attempts);
    if (status >= 500)
        return gt_fail(GT_EXIT_DATA, "%s: HTTP %ld from %s (%d attempts)", prov, status, host,
                       attempts);
    return gt_fail(GT_EXIT_DATA, "%s: HTTP %ld from %s for %s", prov, status, host, url);
}

/* ---- cache ------------------------------------------------------------------ */

static unsigned long long fnv64(const char *s)
{
    unsigned long long h = 1469598103934665603ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

static void cache_path(const struct gt_ci_fetch *f, const char *url, char *out, size_t size)
{
    snprintf(out, size, "%s/%s-%016llx.json", f->cache_dir, provider_name(f->provider), fnv64(url));
}

static int mkdirs(const char *dir)
{
    char p[1024];
    snprintf(p, sizeof p, "%s", dir);
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, 0700) != 0 && errno != EEXIST)
            return -1;
        *s = '/';
    }
    return mkdir(p, 0700) != 0 && errno != EEXIST ? -1 : 0;
}

/* 1 when the cache directory can be trusted: created if missing (0700), a
 * real directory (not a symbolic link) of the user's that nobody else can
 * write. Otherwise the cache is not used (said once): another user able to
 * write it could plant answers or links. */
static int cache_ready(const struct gt_ci_fetch *f)
{
    static int state; /* 0 not checked, 1 usable, -1 not */
    if (state)
        return state > 0;
    state = -1;
    if (mkdirs(f->cache_dir) != 0) {
        gt_warn("not caching: cannot create '%s': %s", f->cache_dir, strerror(errno));
        return 0;
    }
    struct stat st;
    const char *why = NULL;
    char b[96] = "";
    if (lstat(f->cache_dir, &st) != 0)
        why = strerror(errno);
    else if (!S_ISDIR(st.st_mode))
        why = S_ISLNK(st.st_mode) ? "a symbolic link" : "not a directory";
    else if (st.st_uid != geteuid())
        snprintf(b, sizeof b, "it belongs to another user (uid %ld)", (long)st.st_uid);
    else if (st.st_mode & 077)
        snprintf(b, sizeof b, "others can use it (mode %04o; chmod 700 fixes that)",
                 (unsigned)(st.st_mode & 07777));
    else
        b[0] = '\0';
    if (!why && b[0])
        why = b;
    if (why) {
        gt_warn("not caching in '%s': %s", f->cache_dir, why);
        return 0;
    }
    state = 1;
    return 1;
}

static void cache_write(const struct gt_ci_fetch *f, const char *url, const struct buf *b)
{
    char path[1200], tmp[1300];
    if (!cache_ready(f))
        return;
    cache_path(f, url, path, sizeof path);
    snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
    int fd = mkstemp(tmp); /* unguessable, O_EXCL, 0600 */
    FILE *o = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!o && fd >= 0)
        close(fd);
    int bad = !o || fwrite(b->p, 1, b->n, o) != b->n;
    if (o && fclose(o) != 0) /* closed whatever happened */
        bad = 1;
    if (bad || rename(tmp, path) != 0) {
        gt_warn("cannot write the cache file '%s'", path);
        if (fd >= 0)
            unlink(tmp);
    }
}

/* ---- requests ----------------------------------------------------------------- */

static void fmt_url_time(double t, const char *fmt, char *out, size_t size)
{
    int y, mo, d, h, mi;
    double s;
    gt_time_to_civil(floor(t), &y, &mo, &d, &h, &mi, &s);
    if (!strcmp(fmt, "uk"))
        snprintf(out, size, "%04d-%02d-%02dT%02d:%02dZ", y, mo, d, h, mi);
    else if (!strcmp(fmt, "em"))
        snprintf(out, size, "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, (int)s);
    else
        snprintf(out, size, "%04d-%02d-%02dT%02d:%02d", y, mo, d, h, mi);
}

/* The URL of one request over [a, b) (range) or of the latest values. */
static int build_url(const struct gt_ci_fetch *f, int ranged, double a, double b, char *url,
                     size_t size)
{
    char ta[40], tb[40];
    const char *z = f->zone;
    switch (f->provider) {
    case GT_CI_UK: {
        const char *base = f->api_base ? f->api_base : "https://api.carbonintensity.org.uk";
        char range[100] = "";
        fmt_url_time(a, "uk", ta, sizeof ta);
        fmt_url_time(b, "uk", tb, sizeof tb);
        if (!strcasecmp(z, "national") || !strcasecmp(z, "GB")) {
            if (ranged)
                snprintf(url, size, "%s/intensity/%s/%s", base, ta, tb);
            else
                snprintf(url, size, "%s/intensity", base);
        } else if (!strncmp(z, "region:", 7) || !strncmp(z, "postcode:", 9)) {
            int reg = z[0] == 'r';
            const char *v = z + (reg ? 7 : 9);
            if (ranged)
                snprintf(range, sizeof range, "/intensity/%s/%s", ta, tb);
            snprintf(url, size, "%s/regional%s/%s/%s", base, range, reg ? "regionid" : "postcode",
                     v);
        } else {
            return -1;
        }
        return 0;
    }
    case GT_CI_ELECTRICITYMAPS: {
        const char *base = f->api_base ? f->api_base : "https://api.electricitymap.org/v3";
        fmt_url_time(a, "em", ta, sizeof ta);
        fmt_url_time(b, "em", tb, sizeof tb);
        if (ranged)
            snprintf(url, size, "%s/carbon-intensity/past-range?zone=%s&start=%s&end=%s", base, z,
                     ta, tb);
        else
            snprintf(url, size, "%s/carbon-intensity/%s?zone=%s", base,
                     f->latest ? "latest" : "history", z);
        return 0;
    }
    case GT_CI_ENERGIDATASERVICE: {
        const char *base = f->api_base ? f->api_base : "https://api.energidataservice.dk";
        fmt_url_time(a, "eds", ta, sizeof ta);
        fmt_url_time(b, "eds", tb, sizeof tb);
        if (ranged)
            snprintf(url, size,
                     "%s/dataset/CO2Emis?start=%s&end=%s&timezone=utc&filter=%%7B%%22PriceArea%%22:"
                     "%%5B%%22%s%%22%%5D%%7D&sort=Minutes5UTC%%20ASC&limit=0",
                     base, ta, tb, z);
        else
            snprintf(url, size,
                     "%s/dataset/CO2Emis?filter=%%7B%%22PriceArea%%22:%%5B%%22%s%%22%%5D%%7D&sort="
                     "Minutes5UTC%%20DESC&limit=12",
                     base, z);
        return 0;
    }
    }
    return -1;
}

static enum gt_status parse(struct gt_ci_fetch *f, const struct buf *b, struct gt_ci_series *s,
                            struct gt_error *err)
{
    const char *body = b->p ? b->p : "";
    switch (f->provider) {
    case GT_CI_UK:
        return gt_ci_parse_uk(body, b->n, s, &f->forecasts, err);
    case GT_CI_ELECTRICITYMAPS:
        return gt_ci_parse_electricitymaps(body, b->n, s, err);
    case GT_CI_ENERGIDATASERVICE:
        return gt_ci_parse_energidataservice(body, b->n, f->zone, s, err);
    }
    return GT_E_USAGE;
}

/* One request: from the cache when allowed, else the network. */
static int one(struct gt_ci_fetch *f, int ranged, double a, double b, struct gt_ci_series *s)
{
    char url[2048], path[1200];
    if (build_url(f, ranged, a, b, url, sizeof url) != 0)
        return gt_fail(GT_EXIT_USAGE,
                       "uk zone '%s': use national, region:ID (1-17) or postcode:OUTCODE", f->zone);
    struct buf body = {0};
    struct gt_error err = {0};
    /* a range that has ended does not change: cache it */
    int cacheable = ranged && b <= (double)time(NULL);
    int from_cache = 0;
    if (cacheable && f->use_cache && cache_ready(f)) {
        cache_path(f, url, path, sizeof path);
        if (gt_read_file(path, &body.p, &body.n, &err) == GT_OK)
            from_cache = 1;
        gt_error_clear(&err);
    }
    if (!from_cache) {
        int rc = http_get(f, url, &body);
        f->requests++;
        if (rc) {
            free(body.p);
            return rc;
        }
    } else {
        f->cached++;
    }
    size_t before = s->n;
    enum gt_status st = parse(f, &body, s, &err);
    if (st != GT_OK) {
        free(body.p);
        return gt_fail(GT_EXIT_DATA, "%s: %s%s", provider_name(f->provider), err.msg,
                       from_cache ? " (in the cache: remove it or use --refresh)" : "");
    }
    if (cacheable && !from_cache && s->n > before)
        cache_write(f, url, &body);
    free(body.p);
    return 0;
}

static int cmp_t(const void *pa, const void *pb)
{
    const struct gt_ci_point *a = pa, *b = pb;
    return a->t < b->t ? -1 : a->t > b->t;
}

int gt_ci_fetch_run(struct gt_ci_fetch *f, struct gt_ci_series *s)
{
    const char *why;
    if (!gt_curl_load(&why)) /* loaded here, on first use */
        return gt_fail(GT_EXIT_DATA, "%s", why);
    int rc = 0;
    if (!f->has_range) {
        rc = one(f, 0, 0, 0, s);
    } else {
        /* the providers limit the span of one request */
        double chunk = f->provider == GT_CI_UK                ? 14 * 86400.0
                       : f->provider == GT_CI_ELECTRICITYMAPS ? 10 * 86400.0
                                                              : 31 * 86400.0;
        for (double a = f->from; a < f->to && !rc; a += chunk) {
            double b = a + chunk < f->to ? a + chunk : f->to;
            rc = one(f, 1, a, b, s);
        }
    }
    if (rc)
        return rc;
    /* the UK API answers a range with the periods touching it: keep those
     * inside it and drop the duplicates pages share */
    if (f->has_range) {
        size_t k = 0;
        for (size_t i = 0; i < s->n; i++)
            if (s->p[i].t >= f->from && s->p[i].t < f->to)
                s->p[k++] = s->p[i];
        s->n = k;
    }
    if (s->n)
        qsort(s->p, s->n, sizeof *s->p, cmp_t);
    if (s->n > 1) {
        size_t k = 1;
        for (size_t i = 1; i < s->n; i++)
            if (!(s->p[i].t == s->p[k - 1].t && s->p[i].v == s->p[k - 1].v &&
                  s->p[i].end == s->p[k - 1].end))
                s->p[k++] = s->p[i];
        s->n = k;
    }
    if (!s->n) {
        char ta[40], tb[40];
        if (f->has_range)
            return gt_fail(GT_EXIT_DATA, "%s: no values for %s from %s to %s",
                           provider_name(f->provider), f->zone,
                           gt_time_fmt(f->from, 1, ta, sizeof ta),
                           gt_time_fmt(f->to, 1, tb, sizeof tb));
        return gt_fail(GT_EXIT_DATA, "%s: no values for %s", provider_name(f->provider), f->zone);
    }
    char name[200];
    snprintf(name, sizeof name, "the %s response for %s", provider_name(f->provider), f->zone);
    struct gt_error err = {0};
    if (gt_ci_series_finish(s, name, &err) != GT_OK)
        return gt_fail_err(&err);
    return 0;
}
