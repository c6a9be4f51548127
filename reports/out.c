#include <stdlib.h>
#include "gt_format.h"
#include "gt_out.h"

#include <csv.h>
#include <math.h>
#include <string.h>

#include "gt_num.h"
#include "gt_text.h"

int gt_obuf_grow(struct gt_obuf *b, size_t need)
{
    if (b->oom)
        return -1;
    if (b->cap - b->n >= need)
        return 0;
    size_t nc = b->cap ? b->cap : 256;
    while (nc - b->n < need) {
        if (nc > ((size_t)-1) / 2) {
            b->oom = 1;
            return -1;
        }
        nc *= 2;
    }
    char *p = b->heap ? realloc(b->p, nc) : malloc(nc);
    if (!p) {
        b->oom = 1;
        return -1;
    }
    if (!b->heap && b->n)
        memcpy(p, b->p, b->n);
    b->p = p;
    b->cap = nc;
    b->heap = 1;
    return 0;
}

void gt_obuf_free(struct gt_obuf *b)
{
    if (b->heap)
        free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
    b->heap = 0;
}

/* As libcsv's csv_fwrite (always quoted, quotes doubled), a run of bytes
 * at a time instead of one per byte; text_mark starts the field with an
 * apostrophe. */
static void quoted(struct gt_obuf *b, int text_mark, const char *s, size_t n)
{
    size_t q = 0;
    for (const char *c = s; (c = memchr(c, '"', n - (size_t)(c - s))) != NULL; c++)
        q++;
    if (gt_obuf_room(b, n + q + 3))
        return;
    char *o = b->p + b->n;
    *o++ = '"';
    if (text_mark)
        *o++ = '\'';
    for (size_t i = 0; i < n; i++) {
        *o++ = s[i];
        if (s[i] == '"')
            *o++ = '"';
    }
    *o++ = '"';
    b->n = (size_t)(o - b->p);
}

void gt_obuf_csv_str(struct gt_obuf *b, const char *s, int first)
{
    if (!first)
        gt_obuf_putc(b, ',');
    /* the common cell, printable ASCII without a quote, in one pass */
    const unsigned char *e = (const unsigned char *)s;
    while (*e >= 0x20 && *e < 0x7F && *e != '"')
        e++;
    if (!*e) {
        size_t n = (size_t)((const char *)e - s);
        int mark = gt_text_is_formula(s);
        if (gt_obuf_room(b, n + 3))
            return;
        char *o = b->p + b->n;
        *o++ = '"';
        if (mark)
            *o++ = '\'';
        memcpy(o, s, n);
        o[n] = '"';
        b->n = (size_t)(o + n + 1 - b->p);
        return;
    }
    char *u = NULL;
    if (!gt_text_is_safe(s, GT_ESC_LATIN1)) {
        /* logs in Latin-1: the CSV we write is UTF-8, controls escaped */
        u = gt_text_escape(s, GT_ESC_LATIN1);
        s = u ? u : "";
    }
    /* a formula a spreadsheet would run becomes text, as OWASP advises */
    quoted(b, gt_text_is_formula(s), s, strlen(s));
    free(u);
}

void gt_obuf_csv_num(struct gt_obuf *b, double v)
{
    if (gt_obuf_room(b, 41))
        return;
    b->p[b->n++] = ',';
    if (isnan(v))
        return;
    const char *t = gt_num_fmt(v, b->p + b->n, 40);
    size_t n = strlen(t);
    if (t != b->p + b->n)
        memmove(b->p + b->n, t, n);
    b->n += n;
}

/* A cell of at most a few hundred bytes is formatted on the stack; a longer
 * one that finds no memory is written empty. */
void gt_out_csv_str(FILE *o, const char *s, int first)
{
    char st[256];
    struct gt_obuf b = {st, 0, sizeof st, 0, 0};
    gt_obuf_csv_str(&b, s, first);
    if (b.oom) {
        b.n = 0;
        gt_obuf_csv_str(&b, "", first);
    }
    fwrite(b.p, 1, b.n, o);
    gt_obuf_free(&b);
}

void gt_out_csv_num(FILE *o, double v)
{
    char st[64];
    struct gt_obuf b = {st, 0, sizeof st, 0, 0};
    gt_obuf_csv_num(&b, v);
    fwrite(b.p, 1, b.n, o);
}

const char *gt_out_term(const char *s, char **tmp)
{
    if (gt_text_is_safe(s, 0))
        return s;
    free(*tmp);
    *tmp = gt_text_escape(s, 0);
    return *tmp ? *tmp : "(out of memory)";
}

void gt_out_json_num(cJSON *o, const char *k, double v)
{
    if (isnan(v))
        cJSON_AddNullToObject(o, k);
    else
        cJSON_AddNumberToObject(o, k, v);
}

void gt_out_json_range(cJSON *o, const char *k, double lo, double hi)
{
    if (isnan(lo) || isnan(hi)) {
        cJSON_AddNullToObject(o, k);
        return;
    }
    cJSON *a = cJSON_AddArrayToObject(o, k);
    cJSON_AddItemToArray(a, cJSON_CreateNumber(lo));
    cJSON_AddItemToArray(a, cJSON_CreateNumber(hi));
}

const char *gt_out_range_fixed(double lo, double hi, int dec, char *buf, size_t size)
{
    if (isnan(lo) || isnan(hi))
        return "-";
    snprintf(buf, size, "%.*f - %.*f", dec, lo, dec, hi);
    return buf;
}

cJSON *gt_out_json_string(const char *v)
{
    if (gt_utf8_valid(v))
        return cJSON_CreateString(v);
    char *u = gt_utf8_from_mixed(v);
    cJSON *j = cJSON_CreateString(u ? u : "");
    free(u);
    return j;
}

void gt_out_json_str(cJSON *o, const char *k, const char *v)
{
    cJSON_AddItemToObject(o, k, gt_out_json_string(v));
}

/* Arrays made one element at a time when printed (gt_out_json_lazy_array):
 * in the tree, a raw value "\x01gt-lazy-K\x01" (K counts the arrays made,
 * the last LAZY_MAX of which lazy[K % LAZY_MAX] describes); the bytes 1
 * cannot come from text, which cJSON escapes. */
#define LAZY_MAX 8
static struct {
    unsigned long k;
    size_t n;
    cJSON *(*make)(const void *ctx, size_t i);
    const void *ctx;
} lazy[LAZY_MAX];
static unsigned long nlazy;

cJSON *gt_out_json_lazy_array(cJSON *parent, const char *key, size_t n,
                              cJSON *(*make)(const void *ctx, size_t i), const void *ctx)
{
    char m[40];
    snprintf(m, sizeof m, "\x01gt-lazy-%lu\x01", nlazy);
    cJSON *r = cJSON_CreateRaw(m);
    if (!r || !cJSON_AddItemToObject(parent, key, r)) {
        cJSON_Delete(r);
        return NULL;
    }
    unsigned long k = nlazy++;
    lazy[k % LAZY_MAX].k = k;
    lazy[k % LAZY_MAX].n = n;
    lazy[k % LAZY_MAX].make = make;
    lazy[k % LAZY_MAX].ctx = ctx;
    return r;
}

/* The elements of lazy array k, as cJSON_Print writes an array whose line
 * starts with `tabs` tabs: each element printed apart, its lines indented
 * by tabs + 1 more. -1 when out of memory. */
static int lazy_print(FILE *out, size_t k, size_t tabs)
{
    fputc('[', out);
    for (size_t i = 0; i < lazy[k].n; i++) {
        cJSON *e = lazy[k].make(lazy[k].ctx, i);
        char *s = e ? cJSON_Print(e) : NULL;
        cJSON_Delete(e);
        if (!s)
            return -1;
        if (i)
            fputs(", ", out);
        for (const char *p = s, *nl; *p; p = nl + 1) {
            if (!(nl = strchr(p, '\n'))) {
                fputs(p, out);
                break;
            }
            fwrite(p, 1, (size_t)(nl - p) + 1, out);
            for (size_t t = 0; t <= tabs; t++)
                putc_unlocked('\t', out);
        }
        free(s);
    }
    fputc(']', out);
    return 0;
}

int gt_out_json_print(FILE *out, cJSON *o)
{
    char *s = cJSON_Print(o);
    cJSON_Delete(o);
    int rc = s ? 0 : -1;
    const char *p = s;
    while (p) {
        const char *m = strstr(p, "\x01gt-lazy-");
        char *end = NULL;
        unsigned long k = m ? strtoul(m + 9, &end, 10) : 0;
        if (!m) {
            fputs(p, out);
            break;
        }
        if (!end || *end != '\x01' || lazy[k % LAZY_MAX].k != k || !lazy[k % LAZY_MAX].make) {
            rc = -1; /* an array made too long before (not reached) */
            break;
        }
        size_t tabs = 0;
        while (m - tabs > s && m[-(ptrdiff_t)tabs - 1] != '\n')
            tabs++;
        const char *line = m - tabs;
        tabs = 0;
        while (line[tabs] == '\t')
            tabs++;
        fwrite(p, 1, (size_t)(m - p), out);
        if (lazy_print(out, k % LAZY_MAX, tabs)) {
            rc = -1;
            break;
        }
        p = end + 1;
    }
    if (!rc)
        fputc('\n', out);
    free(s);
    return rc || ferror(out) ? -1 : 0;
}

char *gt_out_utf8_cut(const char *s, size_t max)
{
    char *t = gt_utf8_from_mixed(s);
    if (!t)
        return NULL;
    size_t n = strlen(t);
    if (n > max) {
        n = max;
        while (n && ((unsigned char)t[n] & 0xC0) == 0x80)
            n--;
        t[n] = '\0';
    }
    return t;
}
