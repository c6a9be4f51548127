#include <stdlib.h>
#include "gt_format.h"
#include "gt_out.h"

#include <csv.h>
#include <math.h>
#include <string.h>

#include "gt_num.h"
#include "gt_text.h"

/* As libcsv's csv_fwrite (always quoted, quotes doubled), a run of bytes
 * at a time instead of one fputc per byte; text_mark starts the field with
 * an apostrophe. */
static void quoted(FILE *o, int text_mark, const char *s, size_t n)
{
    putc_unlocked('"', o);
    if (text_mark)
        putc_unlocked('\'', o);
    const char *q;
    while ((q = memchr(s, '"', n)) != NULL) {
        size_t k = (size_t)(q - s) + 1;
        fwrite(s, 1, k, o);
        putc_unlocked('"', o);
        s += k;
        n -= k;
    }
    fwrite(s, 1, n, o);
    putc_unlocked('"', o);
}

void gt_out_csv_str(FILE *o, const char *s, int first)
{
    if (!first)
        putc_unlocked(',', o);
    /* the common cell, printable ASCII without a quote, in one pass */
    const unsigned char *e = (const unsigned char *)s;
    while (*e >= 0x20 && *e < 0x7F && *e != '"')
        e++;
    if (!*e) {
        putc_unlocked('"', o);
        if (gt_text_is_formula(s))
            putc_unlocked('\'', o);
        fwrite(s, 1, (size_t)((const char *)e - s), o);
        putc_unlocked('"', o);
        return;
    }
    char *u = NULL;
    if (!gt_text_is_safe(s, GT_ESC_LATIN1)) {
        /* logs in Latin-1: the CSV we write is UTF-8, controls escaped */
        u = gt_text_escape(s, GT_ESC_LATIN1);
        s = u ? u : "";
    }
    /* a formula a spreadsheet would run becomes text, as OWASP advises */
    quoted(o, gt_text_is_formula(s), s, strlen(s));
    free(u);
}

void gt_out_csv_num(FILE *o, double v)
{
    char b[40];
    putc_unlocked(',', o);
    if (isnan(v))
        return;
    /* a few bytes: putc_unlocked is cheaper than fputs's strlen and call */
    for (const char *p = gt_num_fmt(v, b, sizeof b); *p; p++)
        putc_unlocked(*p, o);
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

int gt_out_json_print(FILE *out, cJSON *o)
{
    char *s = cJSON_Print(o);
    cJSON_Delete(o);
    if (!s)
        return -1;
    fputs(s, out);
    fputc('\n', out);
    free(s);
    return ferror(out) ? -1 : 0;
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
