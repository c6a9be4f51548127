/* test_log_greentally.c - greentally's own run log (core/log_greentally.c):
 * a complete log, a truncated one, malformed headers and footers, the
 * sniffer. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gt_logs.h"
#include "log_fixture.h"

#define FIX GT_SOURCE_DIR "/tests/run/fixtures/"

static char *slurp_fixture(const char *name, size_t *len)
{
    char path[1024];
    snprintf(path, sizeof path, "%s%s", FIX, name);
    char *s = lf_slurp(path, len);
    assert_non_null(s);
    return s;
}

static const char *extra(const struct gt_record *r, const char *key)
{
    for (size_t i = 0; i < r->nextras; i++)
        if (!strcmp(r->extras[i].key, key))
            return r->extras[i].value;
    return NULL;
}

static void test_complete(void **state)
{
    (void)state;
    size_t len;
    char *s = slurp_fixture("run_ok.jsonl", &len);
    assert_true(gt_greentally_sniff(s, len));
    assert_ptr_equal(gt_log_detect(s, len), gt_log_format_find("greentally-run"));
    struct lf f;
    lf_init(&f, "run_ok.jsonl");
    struct gt_error err = {0};
    assert_int_equal(gt_greentally_parse(s, len, &f.ctx, &err), GT_OK);
    assert_int_equal(f.nrecs, 1);
    assert_int_equal(f.nrejects, 0);
    assert_int_equal(f.nwarns, 0);
    const struct gt_record *r = f.recs[0];
    assert_int_equal(r->tool, GT_TOOL_GREENTALLY);
    assert_string_equal(r->format, "greentally-run");
    assert_string_equal(r->tool_version, "0.1.0");
    assert_string_equal(r->run_key, "node7-20240501T120000Z-4242");
    assert_string_equal(r->project, "vision");
    assert_string_equal(r->user, "alice");
    assert_string_equal(r->host, "node7");
    assert_int_equal(r->tz, GT_TZ_UTC);
    assert_true(r->start == 1714564800.0);
    assert_true(r->duration_s == 2);
    assert_true(r->end == 1714564802.0);
    assert_true(r->energy_kwh == 0.00017947708333333336);
    assert_true(r->co2e_g == 0.009203584833333335);
    assert_true(r->cpu_kwh == 0.0000125);
    assert_true(r->gpu_kwh == 0.00016666666666666666);
    assert_true(r->pue == 1.5);
    assert_true(r->ci_g_per_kwh == 51.28);
    assert_string_equal(r->country_iso, "FR");
    assert_string_equal(r->cpu_model, "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz");
    assert_true(r->cpu_count == 80);
    assert_string_equal(r->gpu_model, "NVIDIA A100-SXM4-40GB");
    assert_true(r->gpu_count == 1);
    assert_true(r->ram_gb == 376.5);
    assert_int_equal(r->nrows, 1);
    assert_string_equal(extra(r, "command"), "python train.py --epochs 10");
    assert_string_equal(extra(r, "scope"), "tree");
    assert_string_equal(extra(r, "cpu_method"), "model");
    assert_string_equal(extra(r, "exit_status"), "0");
    assert_null(extra(r, "truncated"));
    lf_release(&f);
    free(s);
}

static void test_truncated(void **state)
{
    (void)state;
    size_t len;
    char *s = slurp_fixture("run_truncated.jsonl", &len);
    struct lf f;
    lf_init(&f, "t.jsonl");
    struct gt_error err = {0};
    assert_int_equal(gt_greentally_parse(s, len, &f.ctx, &err), GT_OK);
    assert_int_equal(f.nrecs, 1);
    assert_int_equal(f.nwarns, 2);
    assert_string_equal(f.warns[0], "4: last line is cut short (a write interrupted): ignored");
    assert_string_equal(f.warns[1], "0: truncated log: no footer (greentally stopped before the "
                                    "command ended); totals are the sums of its 2 samples");
    const struct gt_record *r = f.recs[0];
    assert_true(r->duration_s == 2);
    /* (30 + 0.745 + 400) J x PUE 1.5 */
    assert_true(r->cpu_kwh == 30 * 1.5 / 3.6e6);
    assert_true(r->ram_kwh == 0.745 * 1.5 / 3.6e6);
    assert_true(r->gpu_kwh == 400 * 1.5 / 3.6e6);
    assert_true(r->energy_kwh == r->cpu_kwh + r->ram_kwh + r->gpu_kwh);
    assert_true(r->co2e_g == r->energy_kwh * 51.28);
    assert_string_equal(extra(r, "truncated"), "yes");
    assert_null(extra(r, "exit_status"));
    lf_release(&f);
    free(s);
}

/* parses text; returns the lf (caller releases) */
static void parse_text(struct lf *f, const char *text)
{
    lf_init(f, "x.jsonl");
    struct gt_error err = {0};
    assert_int_equal(gt_greentally_parse(text, strlen(text), &f->ctx, &err), GT_OK);
}

#define H1 "{\"type\":\"header\",\"format\":\"greentally-run\",\"format_version\":1,\"pue\":2,"
#define H  H1 "\"ci_g_per_kwh\":100,\"argv\":[\"true\"]}\n"

static void test_malformed(void **state)
{
    (void)state;
    struct lf f;
    parse_text(&f, "{\"type\":\"sample\"}\n");
    assert_int_equal(f.nrecs, 0);
    assert_int_equal(f.nrejects, 1);
    assert_string_equal(f.rejects[0], "1: not a greentally log header");
    lf_release(&f);

    parse_text(&f, "{\"type\":\"header\",\"format\":\"greentally-run\",\"format_version\":2}\n");
    assert_int_equal(f.nrejects, 1);
    assert_string_equal(f.rejects[0],
                        "1: greentally log format version 2; this greentally reads version 1");
    lf_release(&f);

    parse_text(&f, "{\"type\":\"header\",\"format\":\"other\",\"format_version\":1}\n");
    assert_string_equal(f.rejects[0],
                        "1: header without 'format' 'greentally-run' and 'format_version'");
    lf_release(&f);

    parse_text(&f, H "{\"type\":\"footer\",\"exit_status\":0,\"wall_s\":1,\"cpu_s\":1,"
                     "\"co2e_g\":1}\n");
    assert_int_equal(f.nrecs, 0);
    assert_string_equal(f.rejects[0], "2: missing 'footer' field 'energy_kwh'");
    lf_release(&f);

    parse_text(&f, H "{\"type\":\"footer\",\"exit_status\":0,\"wall_s\":-1,\"cpu_s\":1,"
                     "\"energy_kwh\":1,\"co2e_g\":1}\n");
    assert_string_equal(f.rejects[0], "2: invalid 'footer' field 'wall_s'");
    lf_release(&f);

    /* garbage between samples, an unknown type, a bad sample, a line after the footer */
    parse_text(&f, H "not json\n"
                     "{\"type\":\"mystery\"}\n"
                     "{\"type\":\"sample\",\"t\":1,\"cpu_s\":-1,\"e_j\":{\"cpu\":1,\"ram\":0}}\n"
                     "{\"type\":\"sample\",\"t\":1,\"cpu_s\":1,\"e_j\":{\"cpu\":36,\"ram\":0,"
                     "\"gpu\":null}}\n"
                     "\n"
                     "{\"type\":\"footer\",\"exit_status\":3,\"wall_s\":1,\"cpu_s\":1,"
                     "\"energy_kwh\":0.00002,\"co2e_g\":0.002}\n"
                     "{\"type\":\"sample\"}\n");
    assert_int_equal(f.nrecs, 1);
    assert_int_equal(f.nrejects, 0);
    assert_int_equal(f.nwarns, 4);
    assert_string_equal(f.warns[0], "2: not a JSON object with a 'type': ignored");
    assert_string_equal(f.warns[1], "3: unknown object type 'mystery': ignored");
    assert_string_equal(f.warns[2], "4: sample without valid 't', 'cpu_s' or 'e_j': skipped");
    assert_string_equal(f.warns[3], "8: 'sample' object after the footer: ignored");
    assert_true(f.recs[0]->energy_kwh == 0.00002);
    assert_true(f.recs[0]->pue == 2);
    assert_string_equal(extra(f.recs[0], "exit_status"), "3");
    assert_true(isnan(f.recs[0]->start));
    lf_release(&f);

    /* header only: a run of 0 s, truncated */
    parse_text(&f, H);
    assert_int_equal(f.nrecs, 1);
    assert_true(f.recs[0]->energy_kwh == 0);
    assert_true(f.recs[0]->duration_s == 0);
    assert_true(isnan(f.recs[0]->gpu_kwh));
    lf_release(&f);

    /* empty input: nothing */
    parse_text(&f, "");
    assert_int_equal(f.nrecs + f.nrejects + f.nwarns, 0);
    lf_release(&f);
}

static void test_sniff(void **state)
{
    (void)state;
    static const char *const yes[] = {
        "{\"type\":\"header\",\"format\":\"greentally-run\",",
        "{ \"type\" : \"header\" , \"format\" : \"greentally-run\"}",
    };
    static const char *const no[] = {
        "",
        "{",
        "{\"type\":\"header\"}",
        "{\"format\":\"greentally-run\",\"type\":\"header\"}",
        "id,start_time,power_consumption(kWh)\n",
        "{\"type\":\"header\",\"format\":\"greentally-ru",
    };
    for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++)
        assert_true(gt_greentally_sniff(yes[i], strlen(yes[i])));
    for (size_t i = 0; i < sizeof no / sizeof no[0]; i++)
        assert_false(gt_greentally_sniff(no[i], strlen(no[i])));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_complete),
        cmocka_unit_test(test_truncated),
        cmocka_unit_test(test_malformed),
        cmocka_unit_test(test_sniff),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
