/* log_greentally.c - greentally's own run log (`greentally run`), JSON Lines
 * format version 1, see docs/record-format.md.
 *
 * Line 1 is a header object, then one sample object per interval, then a
 * footer object with the totals. A log without a footer (greentally was
 * killed, the machine went down) is still a run: its totals are the sums of
 * the samples, and a warning says the log is truncated. One log is one run:
 * one record (nrows 1), or one rejection when the header or footer is
 * unusable. */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_logs.h"
#include "gt_text.h"
#include "gt_time.h"

#define GT_LOG_FORMAT         "greentally-run"
#define GT_LOG_FORMAT_VERSION 1
#define J_PER_KWH             3.6e6

static const char *str_item(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return cJSON_IsString(v) && v->valuestring ? v->valuestring : "";
}

/* A finite number >= 0, else NAN (absent, null, wrong type, negative). */
static double num_item(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    if (!cJSON_IsNumber(v) || !isfinite(v->valuedouble) || v->valuedouble < 0)
        return NAN;
    return v->valuedouble;
}

/* 1 when o has a member `name` that is not null (present but maybe invalid). */
static int has_item(const cJSON *o, const char *name)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, name);
    return v && !cJSON_IsNull(v);
}

/* The line [s, s+n) as a JSON object with a "type" string, else NULL. The
 * caller frees the tree with cJSON_Delete. */
static cJSON *parse_line(const char *s, size_t n, const char **type)
{
    cJSON *o = cJSON_ParseWithLength(s, n);
    if (!o)
        return NULL;
    const cJSON *t = cJSON_GetObjectItemCaseSensitive(o, "type");
    if (!cJSON_IsObject(o) || !cJSON_IsString(t) || !t->valuestring) {
        cJSON_Delete(o);
        return NULL;
    }
    *type = t->valuestring;
    return o;
}

/* Totals summed from the samples, for a log without a footer. */
struct sums {
    long n;
    double t, cpu_s, cpu_j, ram_j, gpu_j;
    int gpu_known;
};

static void add_sample(const struct gt_parse_ctx *ctx, long line, const cJSON *o, struct sums *s)
{
    double t = num_item(o, "t"), cpu = num_item(o, "cpu_s");
    const cJSON *e = cJSON_GetObjectItemCaseSensitive(o, "e_j");
    double cj = num_item(e, "cpu"), rj = num_item(e, "ram"), gj = num_item(e, "gpu");
    if (isnan(t) || isnan(cpu) || isnan(cj) || isnan(rj) || (has_item(e, "gpu") && isnan(gj))) {
        gt_parse_warn(ctx, line, "sample without valid 't', 'cpu_s' or 'e_j': skipped");
        return;
    }
    s->n++;
    if (t > s->t)
        s->t = t;
    s->cpu_s += cpu;
    s->cpu_j += cj;
    s->ram_j += rj;
    if (!isnan(gj)) {
        s->gpu_j += gj;
        s->gpu_known = 1;
    }
}

/* "FR" -> country_iso; anything else (US-CA, WORLD) -> region. */
static void set_place(struct gt_record *rec, const char *loc)
{
    size_t n = strlen(loc);
    if (n == 2 && loc[0] >= 'A' && loc[0] <= 'Z' && loc[1] >= 'A' && loc[1] <= 'Z')
        rec->country_iso = loc;
    else
        rec->region = loc;
}

/* The argv array joined by spaces into a malloc'ed string the caller frees
 * (NULL when out of memory; "" when argv is absent). */
static char *join_argv(const cJSON *argv)
{
    size_t n = 1;
    const cJSON *a;
    cJSON_ArrayForEach(a, argv) if (cJSON_IsString(a) && a->valuestring) n +=
        strlen(a->valuestring) + 1;
    char *s = malloc(n), *p = s;
    if (!s)
        return NULL;
    cJSON_ArrayForEach(a, argv)
    {
        if (!cJSON_IsString(a) || !a->valuestring)
            continue;
        if (p != s)
            *p++ = ' ';
        size_t l = strlen(a->valuestring);
        memcpy(p, a->valuestring, l);
        p += l;
    }
    *p = '\0';
    return s;
}

enum { MAX_EXTRAS = 8 };

static enum gt_status emit_run(const struct gt_parse_ctx *ctx, const cJSON *hdr,
                               const cJSON *footer, const struct sums *s, long last_line)
{
    struct gt_record rec;
    gt_record_init(&rec);
    rec.file = ctx->file ? ctx->file : "";
    rec.line = 1;
    rec.format = GT_LOG_FORMAT;
    rec.tool = GT_TOOL_GREENTALLY;
    rec.tool_version = str_item(hdr, "greentally_version");
    rec.run_id = rec.run_key = str_item(hdr, "run_id");
    rec.project = str_item(hdr, "project");
    rec.user = str_item(hdr, "user");
    rec.host = str_item(hdr, "host");
    const char *start = str_item(hdr, "start");
    if (*start && gt_time_parse(start, strlen(start), &rec.start, &rec.tz) != 0) {
        gt_parse_warn(ctx, 1, "cannot parse 'start': '%.64s'", start);
        rec.start = NAN;
        rec.tz = GT_TZ_NONE;
    }
    const cJSON *cpu = cJSON_GetObjectItemCaseSensitive(hdr, "cpu");
    rec.cpu_model = str_item(cpu, "model");
    rec.cpu_count = num_item(cpu, "logical_cpus");
    const cJSON *gpus = cJSON_GetObjectItemCaseSensitive(hdr, "gpus");
    if (cJSON_IsArray(gpus)) {
        rec.gpu_count = cJSON_GetArraySize(gpus);
        if (rec.gpu_count > 0)
            rec.gpu_model = str_item(cJSON_GetArrayItem(gpus, 0), "name");
    }
    rec.ram_gb = num_item(hdr, "ram_gb");
    set_place(&rec, str_item(hdr, "location"));
    rec.pue = num_item(hdr, "pue");
    rec.ci_g_per_kwh = num_item(hdr, "ci_g_per_kwh");

    const char *exit_text = "";
    char exit_buf[24];
    if (footer) {
        static const char *const need[] = {"exit_status", "wall_s", "cpu_s", "energy_kwh",
                                           "co2e_g"};
        for (size_t i = 0; i < sizeof need / sizeof need[0]; i++) {
            if (isnan(num_item(footer, need[i]))) {
                gt_parse_reject(ctx, last_line, "%s 'footer' field '%s'",
                                has_item(footer, need[i]) ? "invalid" : "missing", need[i]);
                return GT_OK;
            }
        }
        rec.duration_s = num_item(footer, "wall_s");
        rec.energy_kwh = num_item(footer, "energy_kwh");
        rec.co2e_g = num_item(footer, "co2e_g");
        rec.cpu_kwh = num_item(footer, "cpu_kwh");
        rec.ram_kwh = num_item(footer, "ram_kwh");
        rec.gpu_kwh = num_item(footer, "gpu_kwh");
        double pue = num_item(footer, "pue"), ci = num_item(footer, "ci_g_per_kwh");
        if (!isnan(pue))
            rec.pue = pue;
        if (!isnan(ci))
            rec.ci_g_per_kwh = ci;
        snprintf(exit_buf, sizeof exit_buf, "%.0f", num_item(footer, "exit_status"));
        exit_text = exit_buf;
        rec.nextras = 0;
    } else {
        double pue = isnan(rec.pue) ? 1 : rec.pue;
        if (isnan(rec.pue))
            gt_parse_warn(ctx, 1, "header has no valid 'pue': truncated log counted with PUE 1");
        gt_parse_warn(ctx, 0,
                      "truncated log: no footer (greentally stopped before the command ended); "
                      "totals are the sums of its %ld samples",
                      s->n);
        rec.duration_s = s->t;
        rec.cpu_kwh = s->cpu_j * pue / J_PER_KWH;
        rec.ram_kwh = s->ram_j * pue / J_PER_KWH;
        rec.gpu_kwh = s->gpu_known ? s->gpu_j * pue / J_PER_KWH : NAN;
        rec.energy_kwh = rec.cpu_kwh + rec.ram_kwh + (s->gpu_known ? rec.gpu_kwh : 0);
        rec.co2e_g = rec.energy_kwh * rec.ci_g_per_kwh;
    }
    if (!isnan(rec.start))
        rec.end = rec.start + rec.duration_s;

    char *command = join_argv(cJSON_GetObjectItemCaseSensitive(hdr, "argv"));
    if (!command)
        return GT_E_NOMEM;
    struct gt_kv kv[MAX_EXTRAS];
    size_t n = 0;
    kv[n++] = (struct gt_kv){"command", command};
    kv[n++] = (struct gt_kv){"scope", str_item(hdr, "scope")};
    kv[n++] = (struct gt_kv){
        "cpu_method", footer ? str_item(cJSON_GetObjectItemCaseSensitive(footer, "method"), "cpu")
                             : str_item(hdr, "cpu_method")};
    if (*exit_text)
        kv[n++] = (struct gt_kv){"exit_status", exit_text};
    if (!footer)
        kv[n++] = (struct gt_kv){"truncated", "yes"};
    rec.nextras = n;
    rec.extras = kv;
    enum gt_status st = ctx->emit(ctx->ud, &rec);
    free(command);
    return st;
}

/* Parses one greentally run log held in data[0..len). Emits one record whose
 * strings are borrowed from parse trees freed before returning. */
enum gt_status gt_greentally_parse(const char *data, size_t len, const struct gt_parse_ctx *ctx,
                                   struct gt_error *err)
{
    (void)err;
    cJSON *hdr = NULL, *footer = NULL;
    struct sums s = {0};
    long line = 0, footer_line = 0, last_line = 1;
    enum gt_status st = GT_OK;
    size_t i = 0;
    while (i < len) {
        const char *p = data + i;
        const char *nl = memchr(p, '\n', len - i);
        size_t n = nl ? (size_t)(nl - p) : len - i;
        i += n + (nl ? 1 : 0);
        line++;
        const char *t = p;
        size_t tn = n;
        gt_trim(&t, &tn);
        if (tn == 0)
            continue;
        long prev_line = last_line;
        last_line = line;
        const char *type = "";
        cJSON *o = parse_line(t, tn, &type);
        if (!hdr) {
            if (!o || strcmp(type, "header") != 0) {
                cJSON_Delete(o);
                gt_parse_reject(ctx, line, "not a greentally log header");
                return GT_OK;
            }
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "format_version");
            if (strcmp(str_item(o, "format"), GT_LOG_FORMAT) != 0 || !cJSON_IsNumber(v)) {
                cJSON_Delete(o);
                gt_parse_reject(ctx, line, "header without 'format' '%s' and 'format_version'",
                                GT_LOG_FORMAT);
                return GT_OK;
            }
            if (v->valuedouble != GT_LOG_FORMAT_VERSION) {
                gt_parse_reject(ctx, line,
                                "greentally log format version %g; this greentally reads "
                                "version %d",
                                v->valuedouble, GT_LOG_FORMAT_VERSION);
                cJSON_Delete(o);
                return GT_OK;
            }
            hdr = o;
            continue;
        }
        if (!o) {
            if (!nl)
                gt_parse_warn(ctx, line, "last line is cut short (a write interrupted): ignored");
            else
                gt_parse_warn(ctx, line, "not a JSON object with a 'type': ignored");
            continue;
        }
        if (strcmp(type, "header") == 0) {
            /* a second run log glued on (cat a.jsonl b.jsonl): the run so far
             * ends and the next one starts */
            gt_parse_warn(ctx, line, "a new run log starts here (logs joined together)");
            st = emit_run(ctx, hdr, footer, &s, footer ? footer_line : prev_line);
            cJSON_Delete(hdr);
            cJSON_Delete(footer);
            hdr = NULL;
            footer = NULL;
            memset(&s, 0, sizeof s);
            if (st != GT_OK) {
                cJSON_Delete(o);
                return st;
            }
            /* the header is checked like the first one */
            i -= n + (nl ? 1 : 0);
            line--;
            cJSON_Delete(o);
            continue;
        }
        if (footer) {
            gt_parse_warn(ctx, line, "'%.32s' object after the footer: ignored", type);
        } else if (strcmp(type, "sample") == 0) {
            add_sample(ctx, line, o, &s);
        } else if (strcmp(type, "footer") == 0) {
            footer = o;
            footer_line = line;
            continue;
        } else {
            gt_parse_warn(ctx, line, "unknown object type '%.32s': ignored", type);
        }
        cJSON_Delete(o);
    }
    if (!hdr)
        return GT_OK; /* empty file: no row */
    st = emit_run(ctx, hdr, footer, &s, footer ? footer_line : last_line);
    cJSON_Delete(hdr);
    cJSON_Delete(footer);
    return st;
}

/* 1 when the first line of head is a greentally run-log header: a JSON
 * object whose first members are "type": "header" and "format":
 * "greentally-run", as greentally writes them (blanks allowed). Pure. */
int gt_greentally_sniff(const char *head, size_t len)
{
    static const char *const want[] = {"{", "\"type\"",   ":", "\"header\"",
                                       ",", "\"format\"", ":", "\"greentally-run\""};
    size_t i = 0;
    for (size_t k = 0; k < sizeof want / sizeof want[0]; k++) {
        while (i < len && (head[i] == ' ' || head[i] == '\t'))
            i++;
        size_t l = strlen(want[k]);
        if (len - i < l || memcmp(head + i, want[k], l) != 0)
            return 0;
        i += l;
    }
    return 1;
}
